//! What a render is asked for ([`RenderRequest`]): the Helm to reproduce, the values options,
//! the release (`.Release`) and the cluster's capabilities (`.Capabilities`), each built as
//! that Helm builds it, what to keep of the output, and the bounds ([`Limits`]).
//! Engine-neutral data: every template engine reads it, none owns it.

use crate::error::{Error, Result};
use crate::profile::{HelmProfile, HelmVersion};
use crate::value::{Map, Value};
use crate::values::ValueOptions;

/// One render, as `helm template` is asked for it: given to [`crate::Renderer::run`] (or
/// [`crate::Renderer::run_traced`] for the values and the failed render too), the library's
/// one entry point from flags to manifests. The chart and its engine are the
/// [`crate::Renderer`]'s, compiled once for any number of requests.
#[derive(Debug, Clone)]
pub struct RenderRequest {
    /// The Helm whose output to reproduce (its [`HelmProfile`]): it reads the values (whatever
    /// [`ValueOptions::helm`] says), frames and orders the output. The renderer must have
    /// been built for the same one ([`crate::Renderer::with_helm`]): `.Chart` is compiled in.
    pub helm: HelmVersion,
    /// `-f` files and the `--set` family, in Helm's order.
    pub values: ValueOptions,
    /// `.Release`.
    pub release: Release,
    /// `.Capabilities`.
    pub capabilities: Capabilities,
    /// Check the values against the chart's schema (`--skip-schema-validation` turns it off).
    pub validate_schema: bool,
    /// Print the `crds/` files first (`--include-crds`).
    pub include_crds: bool,
    /// Drop every hook (`--no-hooks`).
    pub no_hooks: bool,
    /// Drop test hooks (`--skip-tests`).
    pub skip_tests: bool,
    /// Keep the user's values (the `-f` files and `--set` flags merged, before the chart's
    /// defaults) and where each was written in the [`crate::Run`]: what `lint` checks. Off,
    /// they are built faster, without recording where each value came from.
    pub keep_user_values: bool,
    /// The bounds of the render's output.
    pub limits: Limits,
    /// `--debug`'s log lines, for a Helm that writes them without the time (Helm 4's
    /// `level=DEBUG msg="chart name" chart-name=x`): noted as
    /// [`crate::chart::deps::WarningSite::Debug`] by [`crate::Renderer::run_noting`].
    pub debug_log: bool,
    /// What the templates' functions would reach outside the chart in Helm (DNS, a cluster).
    pub remote: RemoteAccess,
}

/// What Helm's template functions would reach outside the chart in a render. orochart reaches
/// neither the DNS nor a cluster: a template that asks for them, with these set, fails saying
/// so, rather than render what Helm would not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RemoteAccess {
    /// `--enable-dns`: `getHostByName` resolves a name (without it Helm returns ""). An IP
    /// address is its own answer, as in Helm; a name is an error.
    pub dns: bool,
    /// Helm 3's `--dry-run=server` (or `none`, `false`): `lookup` queries the cluster (without
    /// it, Helm finds nothing). `lookup` is then an error.
    pub cluster: bool,
}

impl RenderRequest {
    /// A request with Helm's defaults for everything but the release: the default Helm
    /// ([`HelmVersion::default`]), no values options, its capabilities, schema validated, no
    /// CRDs, hooks kept, the default [`Limits`]. See [`RenderRequest::for_helm`] for another
    /// Helm.
    pub fn new(release: Release) -> RenderRequest {
        RenderRequest::for_helm(HelmVersion::default(), release)
    }

    /// [`RenderRequest::new`] for `helm`: its values rules and its default capabilities.
    pub fn for_helm(helm: HelmVersion, release: Release) -> RenderRequest {
        RenderRequest {
            helm,
            values: ValueOptions {
                helm,
                ..ValueOptions::default()
            },
            release,
            capabilities: Capabilities::for_profile(helm.profile()),
            validate_schema: true,
            include_crds: false,
            no_hooks: false,
            skip_tests: false,
            keep_user_values: false,
            limits: Limits::default(),
            debug_log: false,
            remote: RemoteAccess::default(),
        }
    }
}

/// The bounds a render keeps to that a tool may choose (the ones no chart may change, such as
/// the steps a template may take, are fixed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most bytes of manifests a tool prints or writes for one render (the CLI's
    /// `--max-output`; 256 MiB by default): see [`Limits::check_output`].
    pub max_output: usize,
}

impl Limits {
    /// [`Limits::max_output`]'s default: 256 MiB.
    pub const DEFAULT_MAX_OUTPUT: usize = 256 << 20;

    /// Whether `output` (what the tool is about to print or write, whole) is within
    /// [`Limits::max_output`]; if not, the error says both sizes.
    pub fn check_output(&self, output_len: usize) -> Result<()> {
        if output_len > self.max_output {
            return Err(Error::OutputTooLarge {
                size: output_len,
                limit: self.max_output,
            });
        }
        Ok(())
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_output: Limits::DEFAULT_MAX_OUTPUT,
        }
    }
}

pub use crate::profile::KubeVersion;

/// The release a chart is rendered for (`.Release`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// `.Release.Name`.
    pub name: String,
    /// `.Release.Namespace`.
    pub namespace: String,
    /// `.Release.Revision` (1 in `helm template`).
    pub revision: i64,
    /// `.Release.IsUpgrade` (`--is-upgrade`); `.Release.IsInstall` is its negation.
    pub is_upgrade: bool,
}

impl Release {
    /// A release with Helm's defaults (revision 1, install), after checking the name as Helm does
    /// (the default profile's wording; see [`Release::new_for`]).
    pub fn new(name: impl Into<String>, namespace: impl Into<String>) -> Result<Release> {
        Release::new_for(HelmVersion::default(), name, namespace)
    }

    /// [`Release::new`], with a bad name reported in `helm`'s wording.
    pub fn new_for(
        helm: HelmVersion,
        name: impl Into<String>,
        namespace: impl Into<String>,
    ) -> Result<Release> {
        let name = name.into();
        check_release_name(helm, &name)?;
        Ok(Release {
            name,
            namespace: namespace.into(),
            revision: 1,
            is_upgrade: false,
        })
    }

    /// `.Release` as templates see it.
    pub(crate) fn to_template_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("Name".into(), Value::String(self.name.clone()));
        m.insert("Namespace".into(), Value::String(self.namespace.clone()));
        m.insert("Service".into(), Value::String("Helm".into()));
        m.insert("IsInstall".into(), Value::Bool(!self.is_upgrade));
        m.insert("IsUpgrade".into(), Value::Bool(self.is_upgrade));
        m.insert("Revision".into(), Value::Int(self.revision));
        Value::Map(m)
    }
}

const RELEASE_NAME_RULE: &str =
    r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

/// Helm's release-name check: a DNS-1123 subdomain of at most 53 characters (Helm 3's
/// wording; Helm 4 prefixes it, see [`Release::new_for`]).
pub fn validate_release_name(name: &str) -> Result<()> {
    if name.is_empty() || name.len() > 53 || !is_dns1123_subdomain(name) {
        return Err(Error::Invalid(format!(
            "release name {}: invalid release name, must match regex {RELEASE_NAME_RULE} and the length must not be longer than 53",
            crate::go::quote(name)
        )));
    }
    Ok(())
}

/// [`validate_release_name`] in `helm`'s words (Helm 4 prefixes `release name check
/// failed: `).
pub(crate) fn check_release_name(helm: HelmVersion, name: &str) -> Result<()> {
    validate_release_name(name).map_err(|e| match e {
        Error::Invalid(m) => Error::Invalid(format!(
            "{}{m}",
            helm.profile().messages.release_name_prefix
        )),
        e => e,
    })
}

/// Whether `name` matches [`RELEASE_NAME_RULE`]: labels separated by `.`, each made of
/// `[a-z0-9-]`, starting and ending with `[a-z0-9]`. Checked by hand rather than with the
/// regex: compiling the regex cost ~0.4 ms, a tenth of a whole `orochart render` process.
fn is_dns1123_subdomain(name: &str) -> bool {
    let alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    name.split('.').all(|label| {
        let bytes = label.as_bytes();
        match (bytes.first(), bytes.last()) {
            (Some(first), Some(last)) => {
                alnum(first) && alnum(last) && bytes.iter().all(|b| alnum(b) || *b == b'-')
            }
            _ => false,
        }
    })
}

/// Helm 3.17's default `.Capabilities.APIVersions`, in its order (every release's list is in
/// its [`HelmProfile::api_versions`]).
pub const DEFAULT_API_VERSIONS: &[&str] = crate::profile::apis::APIS_3_17;

/// `.Capabilities`: the Kubernetes version and API versions templates may test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// `.Capabilities.KubeVersion`.
    pub kube_version: KubeVersion,
    /// `.Capabilities.APIVersions`.
    pub api_versions: Vec<String>,
}

impl Default for Capabilities {
    /// The default profile's (Helm 4.3).
    fn default() -> Self {
        Capabilities::for_profile(HelmVersion::default().profile())
    }
}

impl Capabilities {
    /// A Helm release's defaults.
    pub fn for_profile(profile: &HelmProfile) -> Self {
        Capabilities {
            kube_version: KubeVersion::for_profile(profile),
            api_versions: profile
                .api_versions
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
        }
    }

    /// The default profile's defaults with `--kube-version` and `--api-versions` applied
    /// (see [`Capabilities::from_flags_for`]).
    pub fn from_flags(kube_version: Option<&str>, api_versions: &[String]) -> Result<Self> {
        Capabilities::from_flags_for(HelmVersion::default(), kube_version, api_versions)
    }

    /// A Helm release's defaults with `--kube-version` (read as that Helm reads it) and
    /// `--api-versions` applied (entries appended verbatim; each flag value may be
    /// comma-separated).
    pub fn from_flags_for(
        helm: HelmVersion,
        kube_version: Option<&str>,
        api_versions: &[String],
    ) -> Result<Self> {
        let profile = helm.profile();
        let mut caps = Capabilities::for_profile(profile);
        if let Some(v) = kube_version {
            caps.kube_version = crate::profile::parse_kube_version(profile.kube_version_rule, v)?;
        }
        for a in api_versions {
            caps.api_versions
                .extend(a.split(',').filter(|s| !s.is_empty()).map(str::to_owned));
        }
        Ok(caps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_names_are_checked_like_helm() {
        assert!(Release::new("microservice-identity", "ns").is_ok());
        let e = Release::new_for(HelmVersion::V3_17, "Bad_Name", "ns")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some(
                r#"release name "Bad_Name": invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53"#
            )
        );
        // Helm 4 (the default) prefixes it.
        let e = Release::new("Bad_Name", "ns").err().map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.starts_with("release name check failed: release name \"Bad_Name\"")));
        assert!(Release::new("a".repeat(54), "ns").is_err());
    }

    #[test]
    fn release_name_check_agrees_with_helms_regex() {
        let re = regex::Regex::new(RELEASE_NAME_RULE).unwrap_or_else(|e| panic!("{e}"));
        let alphabet = ["a", "z", "0", "9", "-", ".", "A", "_", "é", " "];
        // Every string of up to 4 symbols from the alphabet, plus a few longer shapes.
        let mut names = vec![String::new()];
        let mut frontier = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for prefix in &frontier {
                for c in alphabet {
                    next.push(format!("{prefix}{c}"));
                }
            }
            names.extend(next.iter().cloned());
            frontier = next;
        }
        names.extend(
            [
                "my-app.v1.example",
                "a..b",
                "a.-b",
                "a-.b",
                ".a",
                "a.",
                "web-1\n",
            ]
            .map(str::to_owned),
        );
        for name in &names {
            assert_eq!(is_dns1123_subdomain(name), re.is_match(name), "{name:?}");
        }
    }

    #[test]
    fn default_capabilities_are_the_profiles() {
        let c = Capabilities::for_profile(HelmVersion::V3_17.profile());
        assert_eq!(c.kube_version.version, "v1.32.0");
        assert_eq!(c.api_versions.len(), 56);
        assert_eq!(c.api_versions, DEFAULT_API_VERSIONS);
        let c = Capabilities::default();
        assert_eq!(
            (
                c.kube_version.version.as_str(),
                c.kube_version.minor.as_str()
            ),
            ("v1.37.0", "37")
        );
        assert!(!c.api_versions.iter().any(|a| a == "autoscaling/v2beta2"));
        assert!(c
            .api_versions
            .iter()
            .any(|a| a == "storagemigration.k8s.io/v1"));
    }

    #[test]
    fn kube_version_flag_is_padded() {
        let k = KubeVersion::parse("1.27").ok();
        assert_eq!(
            k.map(|k| (k.version, k.minor)),
            Some(("v1.27.0".into(), "27".into()))
        );
        let e = KubeVersion::parse("abc").err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("invalid kube version 'abc': Invalid Semantic Version")
        );
    }
}
