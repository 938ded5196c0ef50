//! Sprig's `semver` (a Masterminds `*semver.Version` with its methods: `.Major`, `.Minor`,
//! `.Patch`, `.Prerelease`, `.Metadata`, `.Original`, `.Compare`, `.LessThan`, `.IncMinor`, …)
//! and `semverCompare` (Masterminds v3 constraints, through the crate's [`crate::semver`]).

use std::cmp::Ordering;
use std::rc::Rc;

use crate::gotpl::func::{Ctx, FuncError};
use crate::gotpl::value::{Object, Value};
use crate::semver::{cmp, Version};

use super::conv::{s, FResult};

/// A parsed version as a template sees it.
#[derive(Debug, Clone)]
pub struct SemverVersion {
    v: Version,
    original: String,
    /// A `semver.Version` value (what `IncMinor` returns) rather than a pointer.
    by_value: bool,
}

/// Masterminds' `NewVersion`: `v1`, `1.2`, `1.2.3-pre.1+build`; anything else is
/// `Invalid Semantic Version`, a pre-release number with a leading zero
/// `Version segment starts with 0`.
pub(crate) fn parse_version(text: &str) -> Result<Version, FuncError> {
    let invalid = || FuncError("Invalid Semantic Version".into());
    let body = text.strip_prefix('v').unwrap_or(text);
    let (rest, build) = match body.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (body, None),
    };
    let (nums, pre) = match rest.split_once('-') {
        Some((n, p)) => (n, Some(p)),
        None => (rest, None),
    };
    let ident_ok = |part: &str| {
        part.split('.').all(|seg| {
            !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
    };
    let nums_ok = !nums.is_empty()
        && nums.split('.').count() <= 3
        && nums
            .split('.')
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if !nums_ok || !pre.is_none_or(ident_ok) || !build.is_none_or(ident_ok) {
        return Err(invalid());
    }
    if let Some(pre) = pre {
        let leading_zero = pre.split('.').any(|seg| {
            seg.len() > 1 && seg.starts_with('0') && seg.bytes().all(|b| b.is_ascii_digit())
        });
        if leading_zero {
            return Err(FuncError("Version segment starts with 0".into()));
        }
    }
    Version::parse(text).map_err(|_| invalid())
}

fn version_string(v: &Version) -> String {
    let mut out = format!("{}.{}.{}", v.major, v.minor, v.patch);
    if !v.pre.is_empty() {
        out.push('-');
        out.push_str(&v.pre);
    }
    if !v.build.is_empty() {
        out.push('+');
        out.push_str(&v.build);
    }
    out
}

impl SemverVersion {
    fn object(v: Version, original: String, by_value: bool) -> Value {
        Value::Object(Rc::new(SemverVersion {
            v,
            original,
            by_value,
        }))
    }

    fn other(arg: Option<&Value>) -> Option<Version> {
        match arg {
            Some(Value::Object(o)) if o.type_name().ends_with("semver.Version") => {
                let mut out = String::new();
                o.format(&mut out);
                Version::parse(&out).ok()
            }
            _ => None,
        }
    }

    fn inc(&self, part: usize) -> Version {
        let v = &self.v;
        if part >= 2 && !v.pre.is_empty() {
            // IncPatch: a pre-release version becomes its release.
            return Version {
                major: v.major,
                minor: v.minor,
                patch: v.patch,
                pre: String::new(),
                build: String::new(),
            };
        }
        crate::semver::bump(v, part)
    }
}

impl Object for SemverVersion {
    fn type_name(&self) -> &str {
        if self.by_value {
            "semver.Version"
        } else {
            "*semver.Version"
        }
    }

    fn kind(&self) -> &'static str {
        if self.by_value {
            "struct"
        } else {
            "ptr"
        }
    }

    fn field(&self, _: &str) -> Option<Value> {
        None
    }

    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, FuncError>> {
        let v = &self.v;
        let num = |n: u64| Value::Int64(i64::try_from(n).unwrap_or(i64::MAX));
        let other = || {
            SemverVersion::other(args.first())
                .ok_or_else(|| FuncError("wrong type for value; expected *semver.Version".into()))
        };
        let ordering = |f: fn(Ordering) -> bool| -> Option<Result<Value, FuncError>> {
            Some(other().map(|o| Value::Bool(f(cmp(v, &o)))))
        };
        Some(Ok(match name {
            "Major" => num(v.major),
            "Minor" => num(v.minor),
            "Patch" => num(v.patch),
            "Prerelease" => Value::str(&v.pre),
            "Metadata" => Value::str(&v.build),
            "Original" => Value::str(&self.original),
            "String" => Value::from(version_string(v)),
            "IncMajor" | "IncMinor" | "IncPatch" => {
                let part = match name {
                    "IncMajor" => 0,
                    "IncMinor" => 1,
                    _ => 2,
                };
                let n = self.inc(part);
                let text = version_string(&n);
                SemverVersion::object(n, text, true)
            }
            "Compare" => {
                return Some(other().map(|o| {
                    Value::Int(match cmp(v, &o) {
                        Ordering::Less => -1,
                        Ordering::Equal => 0,
                        Ordering::Greater => 1,
                    })
                }))
            }
            "LessThan" => return ordering(|o| o == Ordering::Less),
            "GreaterThan" => return ordering(|o| o == Ordering::Greater),
            "Equal" => return ordering(|o| o == Ordering::Equal),
            "LessThanEqual" => return ordering(|o| o != Ordering::Greater),
            "GreaterThanEqual" => return ordering(|o| o != Ordering::Less),
            _ => return None,
        }))
    }

    fn to_json(&self) -> Option<Value> {
        Some(Value::from(version_string(&self.v)))
    }

    fn format(&self, out: &mut String) {
        out.push_str(&version_string(&self.v));
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

pub fn semver(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let text = s(a, 0);
    let v = parse_version(text).map_err(|e| worded(ctx, e.0))?;
    Ok(SemverVersion::object(v, text.to_string(), false))
}

/// An error of Masterminds/semver in the profile's version of it: 3.3 (Helm 3.19+) writes
/// its errors in lower case, 3.4 (Helm 4.2+) quotes an improper constraint.
fn worded(ctx: &Ctx, msg: String) -> FuncError {
    let msg = match msg.strip_prefix("improper constraint: ") {
        Some(c) if ctx.funcs.semver_quotes_constraints => {
            format!("improper constraint: {}", crate::go::quote(c))
        }
        _ if ctx.funcs.semver_lowercase_errors => match msg.as_str() {
            "Invalid Semantic Version" => "invalid semantic version".to_owned(),
            "Version segment starts with 0" => "version segment starts with 0".to_owned(),
            _ => msg,
        },
        _ => msg,
    };
    FuncError(msg)
}

/// `semverCompare CONSTRAINT VERSION`.
pub fn semver_compare(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let (constraint, version) = (s(a, 0), s(a, 1));
    ctx.memo
        .semver(constraint, version, |constraint, version| {
            // Go parses the constraint first.
            crate::semver::matches(constraint, "0.0.0")?;
            parse_version(version).map_err(|e| e.0)?;
            crate::semver::matches(constraint, version)
        })
        .map(Value::Bool)
        .map_err(|e| worded(ctx, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gotpl::fmt::to_string;

    fn call_method(v: &Value, name: &str, args: &[Value]) -> String {
        let Value::Object(o) = v else {
            return "not an object".into();
        };
        match o.method(name, args) {
            Some(Ok(v)) => to_string(&v),
            Some(Err(e)) => format!("ERR {e}"),
            None => "no method".into(),
        }
    }

    // Expected text from `helm template` (v3.17.2).
    #[test]
    fn semver_objects_behave_like_masterminds() {
        let mut c = Ctx::new();
        let v = semver(&mut c, &[Value::str("1.2.3-rc.1+b")]).unwrap_or_default();
        assert_eq!(call_method(&v, "Prerelease", &[]), "rc.1");
        assert_eq!(call_method(&v, "Major", &[]), "1");
        let short = semver(&mut c, &[Value::str("v1.2")]).unwrap_or_default();
        assert_eq!(to_string(&short), "1.2.0");
        assert_eq!(call_method(&short, "Original", &[]), "v1.2");
        let plain = semver(&mut c, &[Value::str("1.2.3")]).unwrap_or_default();
        let newer = semver(&mut c, &[Value::str("1.3.0")]).unwrap_or_default();
        assert_eq!(
            call_method(&plain, "Compare", std::slice::from_ref(&newer)),
            "-1"
        );
        assert_eq!(call_method(&plain, "IncMinor", &[]), "1.3.0");
        assert_eq!(plain.type_name("x"), "*semver.Version");
        let pre = semver(&mut c, &[Value::str("1.2.3-a")]).unwrap_or_default();
        assert_eq!(
            call_method(&pre, "LessThan", std::slice::from_ref(&plain)),
            "true"
        );
        assert_eq!(
            plain.to_values().map(|v| crate::yaml::to_json(&v)),
            Some(Some("\"1.2.3\"".into()))
        );
    }

    #[test]
    fn semver_errors_are_masterminds_words() {
        let mut c = Ctx::new();
        let err = |t: &str| semver(&mut Ctx::new(), &[Value::str(t)]).err().map(|e| e.0);
        assert_eq!(err("1.2.3 "), Some("Invalid Semantic Version".into()));
        assert_eq!(
            err("1.2.3-01"),
            Some("Version segment starts with 0".into())
        );
        assert_eq!(err("01.2.3"), None);
        let cmp = |c: &mut Ctx, a: &str, b: &str| {
            semver_compare(c, &[Value::str(a), Value::str(b)]).map(|v| to_string(&v))
        };
        assert_eq!(
            cmp(&mut c, "^1", "x"),
            Err(FuncError("Invalid Semantic Version".into()))
        );
        assert_eq!(
            cmp(&mut c, "abc", "1.0.0"),
            Err(FuncError("improper constraint: abc".into()))
        );
        assert_eq!(cmp(&mut c, "1.2.3 - 1.4", "1.3.0"), Ok("true".into()));
        assert_eq!(cmp(&mut c, ">1.0 <2", "1.5.0"), Ok("true".into()));
    }
}
