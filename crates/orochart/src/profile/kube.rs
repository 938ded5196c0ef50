//! `--kube-version` as each Helm reads it ([`KubeVersionRule`]).

use super::KubeVersionRule;
use crate::error::{Error, Result};
use crate::go::quote;

/// `.Capabilities.KubeVersion`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubeVersion {
    /// `.Version` and `.GitVersion`: `v1.32.0` (Helm 4 keeps a suffix given on the command
    /// line here: `v1.30.2-eks-1`).
    pub version: String,
    /// What printing it whole gives (`{{ .Capabilities.KubeVersion }}`): `v1.30.2`.
    pub normalized: String,
    /// `1`.
    pub major: String,
    /// `32`.
    pub minor: String,
}

impl KubeVersion {
    /// Parses `--kube-version` as Helm 3.17 does: SemVer, padded to x.y.z, prerelease kept.
    /// [`parse_kube_version`] reads it as any other Helm does.
    pub fn parse(s: &str) -> Result<KubeVersion> {
        parse_kube_version(KubeVersionRule::Semver, s)
    }

    /// A Helm release's default (`v1.37.0` for Helm 4.3).
    pub fn for_profile(profile: &super::HelmProfile) -> KubeVersion {
        let v = profile.kube_version;
        let mut parts = v.trim_start_matches('v').split('.');
        KubeVersion {
            version: v.to_owned(),
            normalized: v.to_owned(),
            major: parts.next().unwrap_or("").to_owned(),
            minor: parts.next().unwrap_or("").to_owned(),
        }
    }
}

impl Default for KubeVersion {
    /// The default profile's (Helm 4.3: v1.37.0).
    fn default() -> Self {
        KubeVersion::for_profile(super::HelmVersion::default().profile())
    }
}

/// Parses `--kube-version` by `rule`. Errors read as Helm's:
/// `invalid kube version '1': illegal version string "1"`.
pub fn parse_kube_version(rule: KubeVersionRule, s: &str) -> Result<KubeVersion> {
    let invalid = |e: String| Error::Invalid(format!("invalid kube version '{s}': {e}"));
    if rule == KubeVersionRule::Semver {
        // Masterminds' `NewVersion`, in the words of the v3.3.0 that Helm 3.17 and 3.18 vendor.
        let v = crate::semver::Version::new(s)
            .map_err(|e| invalid(e.message(crate::semver::Masterminds::V3_3)))?;
        let version = v.to_v_string();
        return Ok(KubeVersion {
            normalized: version.clone(),
            version,
            major: v.major.to_string(),
            minor: v.minor.to_string(),
        });
    }
    let parts = parse_generic(s).map_err(invalid)?;
    let normalized = format!(
        "v{}",
        parts
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(".")
    );
    let version = match rule {
        KubeVersionRule::GenericKeepGiven if s.starts_with('v') => s.to_owned(),
        KubeVersionRule::GenericKeepGiven => format!("v{s}"),
        _ => normalized.clone(),
    };
    Ok(KubeVersion {
        version,
        normalized,
        major: parts[0].to_string(),
        minor: parts[1].to_string(),
    })
}

/// Kubernetes' `version.ParseGeneric`: `^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)*$`, at least two
/// components, no leading zero on the first; whatever follows the numbers is ignored.
/// Returns at least two components.
fn parse_generic(s: &str) -> std::result::Result<Vec<u64>, String> {
    let body = s.trim_start_matches(['\t', '\n', '\x0c', '\r', ' ']);
    let body = body.strip_prefix('v').unwrap_or(body);
    let b = body.as_bytes();
    let mut end = 0;
    // Digits, then `.digits` as long as a digit follows the dot.
    while end < b.len() && b[end].is_ascii_digit() {
        end += 1;
    }
    if end == 0 {
        return Err(format!("could not parse {} as version", quote(s)));
    }
    loop {
        let mut next = end;
        if next < b.len() && b[next] == b'.' {
            next += 1;
            let start = next;
            while next < b.len() && b[next].is_ascii_digit() {
                next += 1;
            }
            if next > start {
                end = next;
                continue;
            }
        }
        break;
    }
    let comps: Vec<&str> = body[..end].split('.').collect();
    if comps.len() < 2 {
        return Err(format!("illegal version string {}", quote(s)));
    }
    let mut out = Vec::with_capacity(comps.len());
    for (i, c) in comps.iter().enumerate() {
        if i == 0 && c.starts_with('0') && *c != "0" {
            return Err(format!(
                "illegal zero-prefixed version component {} in {}",
                quote(c),
                quote(s)
            ));
        }
        let n = c.parse::<u64>().map_err(|_| {
            format!(
                "illegal non-numeric version component {} in {}: strconv.ParseUint: parsing {}: value out of range",
                quote(c),
                quote(s),
                quote(c)
            )
        })?;
        out.push(n);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `(printed whole, .Version, .Major, .Minor)` or the error, per rule; the expectations
    /// are what Helm 3.17.2, 3.19.0 and 4.3.1 print.
    fn kv(rule: KubeVersionRule, s: &str) -> std::result::Result<String, String> {
        parse_kube_version(rule, s)
            .map(|k| format!("{} {} {} {}", k.normalized, k.version, k.major, k.minor))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn kube_versions_read_as_each_helm_reads_them() {
        use KubeVersionRule::*;
        let cases: &[(&str, [&str; 3])] = &[
            ("1.30", ["v1.30.0 v1.30.0 1 30", "v1.30 v1.30 1 30", "v1.30 v1.30 1 30"]),
            (
                "1.30.0-eks-1",
                [
                    "v1.30.0-eks-1 v1.30.0-eks-1 1 30",
                    "v1.30.0 v1.30.0 1 30",
                    "v1.30.0 v1.30.0-eks-1 1 30",
                ],
            ),
            (
                "1.30-eks-1",
                [
                    "v1.30.0-eks-1 v1.30.0-eks-1 1 30",
                    "v1.30 v1.30 1 30",
                    "v1.30 v1.30-eks-1 1 30",
                ],
            ),
            (
                "v1.30.2+k3s1",
                [
                    "v1.30.2+k3s1 v1.30.2+k3s1 1 30",
                    "v1.30.2 v1.30.2 1 30",
                    "v1.30.2 v1.30.2+k3s1 1 30",
                ],
            ),
            (
                "1.30.2.5",
                [
                    "invalid kube version '1.30.2.5': Invalid Semantic Version",
                    "v1.30.2.5 v1.30.2.5 1 30",
                    "v1.30.2.5 v1.30.2.5 1 30",
                ],
            ),
            (
                "1",
                [
                    "v1.0.0 v1.0.0 1 0",
                    "invalid kube version '1': illegal version string \"1\"",
                    "invalid kube version '1': illegal version string \"1\"",
                ],
            ),
            (
                "abc",
                [
                    "invalid kube version 'abc': Invalid Semantic Version",
                    "invalid kube version 'abc': could not parse \"abc\" as version",
                    "invalid kube version 'abc': could not parse \"abc\" as version",
                ],
            ),
            (
                "01.30",
                [
                    "v1.30.0 v1.30.0 1 30",
                    "invalid kube version '01.30': illegal zero-prefixed version component \"01\" in \"01.30\"",
                    "invalid kube version '01.30': illegal zero-prefixed version component \"01\" in \"01.30\"",
                ],
            ),
        ];
        for (input, want) in cases {
            for (rule, want) in [Semver, Generic, GenericKeepGiven].into_iter().zip(want) {
                let got = match kv(rule, input) {
                    Ok(s) | Err(s) => s,
                };
                assert_eq!(got, *want, "{rule:?} {input}");
            }
        }
    }
}
