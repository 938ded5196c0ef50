//! Semantic versions and Masterminds/semver v3 constraints, as Helm's `semverCompare` and
//! `--kube-version` use them.

use std::cmp::Ordering;

/// A parsed version: `v1.27.3-gke.100+build` → (1, 27, 3, "gke.100", "build").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// Major.
    pub major: u64,
    /// Minor.
    pub minor: u64,
    /// Patch.
    pub patch: u64,
    /// Pre-release, without the `-`.
    pub pre: String,
    /// Build metadata, without the `+`.
    pub build: String,
}

impl Version {
    /// Parses leniently, as Masterminds' `NewVersion` does: optional `v`, missing minor and
    /// patch default to 0.
    pub fn parse(s: &str) -> Result<Version, String> {
        let s = s.trim();
        let body = s.strip_prefix('v').unwrap_or(s);
        let (body, build) = match body.split_once('+') {
            Some((b, m)) => (b, m.to_owned()),
            None => (body, String::new()),
        };
        let (nums, pre) = match body.split_once('-') {
            Some((n, p)) => (n, p.to_owned()),
            None => (body, String::new()),
        };
        let parts: Vec<&str> = nums.split('.').collect();
        if parts.is_empty() || parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
            return Err("Invalid Semantic Version".into());
        }
        let num = |i: usize| -> Result<u64, String> {
            match parts.get(i) {
                None => Ok(0),
                Some(p) if p.bytes().all(|b| b.is_ascii_digit()) => {
                    p.parse().map_err(|_| "Invalid Semantic Version".to_owned())
                }
                Some(_) => Err("Invalid Semantic Version".into()),
            }
        };
        Ok(Version {
            major: num(0)?,
            minor: num(1)?,
            patch: num(2)?,
            pre,
            build,
        })
    }

    /// `v1.2.3[-pre][+build]`.
    pub fn to_v_string(&self) -> String {
        let mut s = format!("v{}.{}.{}", self.major, self.minor, self.patch);
        if !self.pre.is_empty() {
            s.push('-');
            s.push_str(&self.pre);
        }
        if !self.build.is_empty() {
            s.push('+');
            s.push_str(&self.build);
        }
        s
    }
}

fn cmp_pre(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let mut ai = a.split('.');
    let mut bi = b.split('.');
    loop {
        match (ai.next(), bi.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let o = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    (Ok(_), Err(_)) => Ordering::Less,
                    (Err(_), Ok(_)) => Ordering::Greater,
                    _ => x.cmp(y),
                };
                if o != Ordering::Equal {
                    return o;
                }
            }
        }
    }
}

/// Masterminds' `Compare`: major, minor, patch, then pre-release (build metadata ignored).
pub(crate) fn cmp(a: &Version, b: &Version) -> Ordering {
    (a.major, a.minor, a.patch)
        .cmp(&(b.major, b.minor, b.patch))
        .then_with(|| cmp_pre(&a.pre, &b.pre))
}

/// One `op version` term, with which parts of the version were wildcards or missing.
struct Term {
    op: String,
    v: Version,
    /// Number of given numeric parts (1 for `1`, 2 for `1.2`, 3 for `1.2.3`).
    given: usize,
}

fn parse_term(t: &str) -> Result<Term, String> {
    let t = t.trim();
    let split = t
        .find(|c: char| c.is_ascii_alphanumeric() || c == '*')
        .unwrap_or(t.len());
    let (op, rest) = t.split_at(split);
    let rest = rest.trim();
    let core = rest.split(['-', '+']).next().unwrap_or(rest);
    let core = core.strip_prefix('v').unwrap_or(core);
    let mut given = 0;
    for p in core.split('.') {
        if p == "x" || p == "X" || p == "*" || p.is_empty() {
            break;
        }
        given += 1;
    }
    let clean: Vec<&str> = core.split('.').take(given).collect();
    let mut vs = if clean.is_empty() {
        "0".to_owned()
    } else {
        clean.join(".")
    };
    if given == 3 || core.split('.').count() == given {
        if let Some(i) = rest.find(['-', '+']) {
            vs.push_str(&rest[i..]);
        }
    }
    let v = Version::parse(&vs).map_err(|_| format!("improper constraint: {t}"))?;
    Ok(Term {
        op: op.trim().to_owned(),
        v,
        given,
    })
}

/// Masterminds' `IncMajor`, `IncMinor` and `IncPatch` of a release (`part` 0, 1, 2): the
/// later parts zeroed, the pre-release and build dropped.
pub(crate) fn bump(v: &Version, part: usize) -> Version {
    let mut n = Version {
        major: v.major,
        minor: v.minor,
        patch: v.patch,
        pre: String::new(),
        build: String::new(),
    };
    match part {
        0 => {
            n.major += 1;
            n.minor = 0;
            n.patch = 0;
        }
        1 => {
            n.minor += 1;
            n.patch = 0;
        }
        _ => n.patch += 1,
    }
    n
}

fn term_matches(term: &Term, v: &Version) -> bool {
    // Masterminds v3: a pre-release version only satisfies terms that carry a pre-release.
    if !v.pre.is_empty() && term.v.pre.is_empty() {
        return false;
    }
    let o = cmp(v, &term.v);
    let wildcard = term.given < 3;
    match term.op.as_str() {
        "" | "=" | "==" => {
            if wildcard {
                let upper = bump(&term.v, term.given.saturating_sub(1));
                term.given == 0 || (o != Ordering::Less && cmp(v, &upper) == Ordering::Less)
            } else {
                o == Ordering::Equal
            }
        }
        "!=" => {
            if wildcard {
                let upper = bump(&term.v, term.given.saturating_sub(1));
                !(term.given == 0 || (o != Ordering::Less && cmp(v, &upper) == Ordering::Less))
            } else {
                o != Ordering::Equal
            }
        }
        ">" => {
            if wildcard && term.given > 0 {
                cmp(v, &bump(&term.v, term.given - 1)) != Ordering::Less
            } else {
                o == Ordering::Greater
            }
        }
        ">=" | "=>" => o != Ordering::Less,
        "<" => o == Ordering::Less,
        "<=" | "=<" => {
            if wildcard && term.given > 0 {
                cmp(v, &bump(&term.v, term.given - 1)) == Ordering::Less
            } else {
                o != Ordering::Greater
            }
        }
        "~" | "~>" => {
            let part = if term.given <= 1 { 0 } else { 1 };
            o != Ordering::Less && cmp(v, &bump(&term.v, part)) == Ordering::Less
        }
        "^" => {
            let part = if term.v.major > 0 || term.given <= 1 {
                0
            } else if term.v.minor > 0 || term.given == 2 {
                1
            } else {
                2
            };
            o != Ordering::Less && cmp(v, &bump(&term.v, part)) == Ordering::Less
        }
        _ => false,
    }
}

/// Whether `version` satisfies the Masterminds constraint (`>=1.20-0`, `^1.2 || ~2.0`, `1.2 - 1.4`).
pub fn matches(constraint: &str, version: &str) -> Result<bool, String> {
    let v = Version::parse(version).map_err(|_| format!("{version}: Invalid Semantic Version"))?;
    for alt in constraint.split("||") {
        let alt = alt.trim();
        // Hyphen ranges: `1.2 - 1.4.5` → `>= 1.2, <= 1.4.5`.
        let normalized = if let Some((lo, hi)) = alt.split_once(" - ") {
            format!(">={},<={}", lo.trim(), hi.trim())
        } else {
            alt.to_owned()
        };
        let mut terms = Vec::new();
        let mut pending_op = String::new();
        for tok in normalized
            .split([',', ' '])
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            if tok.chars().all(|c| "<>=!~^".contains(c)) {
                pending_op.push_str(tok);
                continue;
            }
            let term = parse_term(&format!("{pending_op}{tok}"))?;
            pending_op.clear();
            terms.push(term);
        }
        if terms.is_empty() {
            return Err(format!("improper constraint: {constraint}"));
        }
        if terms.iter().all(|t| term_matches(t, &v)) {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semver_compare_cases_from_helm() {
        assert_eq!(matches(">=1.20-0", "1.25.3"), Ok(true));
        assert_eq!(matches(">=1.20", "v1.25.3-gke.1"), Ok(false));
        assert_eq!(matches("^1.2", "1.3.0"), Ok(true));
        assert_eq!(matches("^1.2", "2.0.0"), Ok(false));
        assert_eq!(matches("~1.2", "1.2.9"), Ok(true));
        assert_eq!(matches("~1.2", "1.3.0"), Ok(false));
        assert_eq!(matches(">=1.20-0 <1.30-0", "1.32.0"), Ok(false));
        assert_eq!(matches("<1.19 || >=1.30", "1.32.0"), Ok(true));
        assert_eq!(matches("1.2.x", "1.2.7"), Ok(true));
    }

    #[test]
    fn versions_pad_missing_parts() {
        assert_eq!(
            Version::parse("1.27").map(|v| v.to_v_string()),
            Ok("v1.27.0".into())
        );
        assert_eq!(
            Version::parse("1.27.3-gke.100").map(|v| v.to_v_string()),
            Ok("v1.27.3-gke.100".into())
        );
        assert!(Version::parse("abc").is_err());
    }
}
