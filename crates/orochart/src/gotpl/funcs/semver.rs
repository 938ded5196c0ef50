//! Sprig's `semver` (a Masterminds `*semver.Version` with its methods: `.Major`, `.Minor`,
//! `.Patch`, `.Prerelease`, `.Metadata`, `.Original`, `.Compare`, `.LessThan`, `.IncMinor`, …)
//! and `semverCompare` (Masterminds v3 constraints, through the crate's [`crate::semver`]).

use std::cmp::Ordering;
use std::rc::Rc;

use crate::gotpl::func::{Ctx, FuncError, GoType};
use crate::gotpl::value::{Object, Value};
use crate::semver::{cmp, Masterminds, Version};

use super::conv::{s, FResult};

/// A parsed version as a template sees it.
#[derive(Debug, Clone)]
pub struct SemverVersion {
    v: Version,
    original: String,
    /// A `semver.Version` value (what `IncMinor` returns) rather than a pointer: Go can call
    /// only the value-receiver methods of it.
    by_value: bool,
    /// The Masterminds release that made it, for the words of its methods' errors.
    lib: Masterminds,
}

/// The Go type of the argument of `Compare`, `LessThan`, …
const POINTER: GoType = GoType::Object("*semver.Version");

impl SemverVersion {
    fn object(v: Version, original: String, by_value: bool, lib: Masterminds) -> Value {
        Value::Object(Rc::new(SemverVersion {
            v,
            original,
            by_value,
            lib,
        }))
    }

    /// A `semver.Version` value derived from this one, whose `Original` is its text with this
    /// one's `v` prefix (Masterminds' `originalVPrefix`).
    fn derived(&self, v: Version) -> Value {
        let prefix = if self.original.starts_with('v') {
            "v"
        } else {
            ""
        };
        let original = format!("{prefix}{v}");
        SemverVersion::object(v, original, true, self.lib)
    }

    /// `IncMajor`, `IncMinor`, `IncPatch` (`part` 0, 1, 2).
    fn inc(&self, part: usize) -> Result<Value, FuncError> {
        let v = &self.v;
        if part == 2 && !v.pre.is_empty() {
            // IncPatch: a pre-release version becomes its release.
            return Ok(self.derived(Version {
                pre: String::new(),
                build: String::new(),
                ..v.clone()
            }));
        }
        let (next, overflow) = crate::semver::bump(v, part);
        if overflow && self.lib == Masterminds::V3_5 {
            // v3.5 panics; text/template reports the panic as the call's error.
            let which = ["major", "minor", "patch"].get(part).unwrap_or(&"patch");
            return Err(FuncError(format!(
                "{which} version increment would overflow uint64"
            )));
        }
        Ok(self.derived(next))
    }

    /// The version a `*semver.Version` argument holds; Go dereferences a nil one.
    fn argument(args: &[Value]) -> Result<&Version, FuncError> {
        match args.first() {
            Some(Value::Object(o)) => {
                if let Some(sv) = o
                    .as_any()
                    .and_then(|a| a.downcast_ref::<SemverVersion>())
                    .filter(|sv| !sv.by_value)
                {
                    return Ok(&sv.v);
                }
                Err(FuncError(format!(
                    "wrong type for value; expected *semver.Version; got {}",
                    o.type_name()
                )))
            }
            Some(Value::Nil) | None => Err(FuncError(
                "runtime error: invalid memory address or nil pointer dereference".into(),
            )),
            Some(other) => Err(FuncError(format!(
                "wrong type for value; expected *semver.Version; got {}",
                other.type_name("chartutil.Values")
            ))),
        }
    }
}

/// Masterminds' methods with a value receiver: callable on a `semver.Version` too.
const VALUE_METHODS: &[(&str, &[GoType])] = &[
    ("Major", &[]),
    ("Minor", &[]),
    ("Patch", &[]),
    ("Prerelease", &[]),
    ("Metadata", &[]),
    ("String", &[]),
    ("IncMajor", &[]),
    ("IncMinor", &[]),
    ("IncPatch", &[]),
    ("SetPrerelease", &[GoType::String]),
    ("SetMetadata", &[GoType::String]),
    ("MarshalJSON", &[]),
    ("MarshalText", &[]),
    ("Value", &[]),
];

/// Masterminds' methods with a pointer receiver: only a `*semver.Version` has them.
const POINTER_METHODS: &[(&str, &[GoType])] = &[
    ("Original", &[]),
    ("Compare", &[POINTER]),
    ("LessThan", &[POINTER]),
    ("LessThanEqual", &[POINTER]),
    ("GreaterThan", &[POINTER]),
    ("GreaterThanEqual", &[POINTER]),
    ("Equal", &[POINTER]),
];

impl Object for SemverVersion {
    fn deep_copied(&self) -> Option<Value> {
        // Every field of Masterminds' `Version` is unexported: copystructure leaves them
        // zero (`deepCopy (semver "1.2.3")` prints 0.0.0).
        Some(SemverVersion::object(
            Version::default(),
            String::new(),
            self.by_value,
            self.lib,
        ))
    }

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

    fn method_params(&self, name: &str) -> Option<&'static [GoType]> {
        let pointer: &[(&str, &'static [GoType])] =
            if self.by_value { &[] } else { POINTER_METHODS };
        VALUE_METHODS
            .iter()
            .chain(pointer)
            .find(|(n, _)| *n == name)
            .map(|(_, params)| *params)
    }

    /// Called with arguments checked against [`Object::method_params`].
    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, FuncError>> {
        self.method_params(name)?;
        let v = &self.v;
        // Masterminds' numbers are `uint64`s.
        let num = crate::gotpl::value::Uint64::value;
        let compare =
            |f: fn(Ordering) -> Value| Some(SemverVersion::argument(args).map(|o| f(cmp(v, o))));
        let text = || args.first().and_then(Value::as_str).unwrap_or_default();
        let lib = self.lib;
        Some(Ok(match name {
            "Major" => num(v.major),
            "Minor" => num(v.minor),
            "Patch" => num(v.patch),
            "Prerelease" => Value::str(&v.pre),
            "Metadata" => Value::str(&v.build),
            "Original" => Value::str(&self.original),
            "String" | "Value" => Value::from(v.to_string()),
            "MarshalJSON" => Value::Bytes(Rc::from(crate::go::quote(&v.to_string()).as_bytes())),
            "MarshalText" => Value::Bytes(Rc::from(v.to_string().as_bytes())),
            "IncMajor" => return Some(self.inc(0)),
            "IncMinor" => return Some(self.inc(1)),
            "IncPatch" => return Some(self.inc(2)),
            "SetPrerelease" => {
                return Some(
                    v.with_pre(text(), lib)
                        .map(|n| self.derived(n))
                        .map_err(|e| FuncError(e.message(lib))),
                )
            }
            "SetMetadata" => {
                return Some(
                    v.with_build(text(), lib)
                        .map(|n| self.derived(n))
                        .map_err(|e| FuncError(e.message(lib))),
                )
            }
            "Compare" => {
                return compare(|o| {
                    Value::Int(match o {
                        Ordering::Less => -1,
                        Ordering::Equal => 0,
                        Ordering::Greater => 1,
                    })
                })
            }
            "LessThan" => return compare(|o| Value::Bool(o == Ordering::Less)),
            "GreaterThan" => return compare(|o| Value::Bool(o == Ordering::Greater)),
            "Equal" => return compare(|o| Value::Bool(o == Ordering::Equal)),
            "LessThanEqual" => return compare(|o| Value::Bool(o != Ordering::Greater)),
            "GreaterThanEqual" => return compare(|o| Value::Bool(o != Ordering::Less)),
            _ => return None,
        }))
    }

    fn to_json(&self) -> Option<Value> {
        Some(Value::from(self.v.to_string()))
    }

    fn format(&self, out: &mut String) {
        out.push_str(&self.v.to_string());
    }

    fn verb_shape(&self) -> Option<crate::gotpl::value::Shape> {
        let v = &self.v;
        let number = crate::gotpl::value::Uint64::value;
        Some(crate::gotpl::value::Shape::Struct(vec![
            ("major", number(v.major)),
            ("minor", number(v.minor)),
            ("patch", number(v.patch)),
            ("pre", Value::str(&v.pre)),
            ("metadata", Value::str(&v.build)),
            ("original", Value::str(&self.original)),
        ]))
    }

    fn go_syntax(&self) -> Option<String> {
        // `%#v` skips `String()`: the struct's unexported fields, the numbers as `%#v`
        // prints a uint64 (helm template 3.17.2, 4.3.1).
        let v = &self.v;
        Some(format!(
            "{}semver.Version{{major:{:#x}, minor:{:#x}, patch:{:#x}, pre:{}, metadata:{}, original:{}}}",
            if self.by_value { "" } else { "&" },
            v.major,
            v.minor,
            v.patch,
            crate::go::quote(&v.pre),
            crate::go::quote(&v.build),
            crate::go::quote(&self.original),
        ))
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

/// `semver VERSION`: Masterminds' `NewVersion`.
pub fn semver(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let text = s(a, 0);
    let lib = ctx.funcs.semver;
    let v = Version::parse(text, lib).map_err(|e| FuncError(e.message(lib)))?;
    Ok(SemverVersion::object(v, text.to_string(), false, lib))
}

/// `semverCompare CONSTRAINT VERSION`.
pub fn semver_compare(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let (constraint, version) = (s(a, 0), s(a, 1));
    let lib = ctx.funcs.semver;
    ctx.memo
        .semver(constraint, version, |constraint, version| {
            crate::semver::matches(constraint, version, lib).map_err(|e| e.message(lib))
        })
        .map(Value::Bool)
        .map_err(FuncError)
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

    fn ctx(lib: Masterminds) -> Ctx {
        let mut c = Ctx::new();
        c.funcs.semver = lib;
        c
    }

    fn version(c: &mut Ctx, text: &str) -> Value {
        semver(c, &[Value::str(text)]).unwrap_or_default()
    }

    // Expected text from `helm template` (v3.17.2).
    #[test]
    fn semver_objects_behave_like_masterminds() {
        let mut c = Ctx::new();
        let v = version(&mut c, "1.2.3-rc.1+b");
        assert_eq!(call_method(&v, "Prerelease", &[]), "rc.1");
        assert_eq!(call_method(&v, "Major", &[]), "1");
        let short = version(&mut c, "v1.2");
        assert_eq!(to_string(&short), "1.2.0");
        assert_eq!(call_method(&short, "Original", &[]), "v1.2");
        let plain = version(&mut c, "1.2.3");
        let newer = version(&mut c, "1.3.0");
        assert_eq!(
            call_method(&plain, "Compare", std::slice::from_ref(&newer)),
            "-1"
        );
        assert_eq!(call_method(&plain, "IncMinor", &[]), "1.3.0");
        assert_eq!(plain.type_name("x"), "*semver.Version");
        let pre = version(&mut c, "1.2.3-a");
        assert_eq!(
            call_method(&pre, "LessThan", std::slice::from_ref(&plain)),
            "true"
        );
        assert_eq!(
            plain.to_values().map(|v| crate::yaml::to_json(&v)),
            Some(Some("\"1.2.3\"".into()))
        );
    }

    // Expected text from `helm template` 3.17.2, 4.1.4 and 4.3.1.
    #[test]
    fn semver_methods_by_receiver_and_release() {
        let mut c = ctx(Masterminds::V3_5);
        let plain = version(&mut c, "v1.2.3");
        let inc = semver(&mut c, &[Value::str("1.2.3")])
            .ok()
            .map(|v| call_method(&v, "IncMinor", &[]));
        assert_eq!(inc.as_deref(), Some("1.3.0"));
        let Value::Object(o) = &plain else {
            panic!("not an object")
        };
        let Some(Ok(by_value)) = o.method("IncMinor", &[]) else {
            panic!("no IncMinor")
        };
        assert_eq!(by_value.type_name("x"), "semver.Version");
        // A value has only the value-receiver methods.
        assert_eq!(call_method(&by_value, "Original", &[]), "no method");
        assert_eq!(call_method(&by_value, "Major", &[]), "1");
        assert_eq!(
            call_method(&plain, "Compare", std::slice::from_ref(&by_value)),
            "ERR wrong type for value; expected *semver.Version; got semver.Version"
        );
        assert_eq!(
            call_method(&plain, "Compare", &[Value::Nil]),
            "ERR runtime error: invalid memory address or nil pointer dereference"
        );
        assert_eq!(
            call_method(&plain, "SetPrerelease", &[Value::str("rc.1")]),
            "1.2.3-rc.1"
        );
        assert_eq!(
            call_method(&plain, "MarshalJSON", &[]),
            "[34 49 46 50 46 51 34]"
        );
        assert_eq!(call_method(&plain, "MarshalText", &[]), "[49 46 50 46 51]");
        let max = version(&mut c, "18446744073709551615.0.0");
        assert_eq!(
            call_method(&max, "IncMajor", &[]),
            "ERR major version increment would overflow uint64"
        );
        let mut old = ctx(Masterminds::V3_4);
        let max = version(&mut old, "1.18446744073709551615.0");
        assert_eq!(call_method(&max, "IncMinor", &[]), "1.0.0");
        let mut oldest = ctx(Masterminds::V3_3);
        let v = version(&mut oldest, "1.2.3");
        assert_eq!(
            call_method(&v, "SetMetadata", &[Value::str("a..b")]),
            "1.2.3+a..b"
        );
        assert_eq!(
            call_method(&v, "SetPrerelease", &[Value::str("01")]),
            "ERR Version segment starts with 0"
        );
        let v = version(&mut old, "1.2.3");
        assert_eq!(
            call_method(&v, "SetMetadata", &[Value::str("a..b")]),
            "ERR invalid metadata string"
        );
    }

    #[test]
    fn semver_method_params_follow_the_receiver() {
        let mut c = Ctx::new();
        let Value::Object(o) = version(&mut c, "1.2.3") else {
            panic!("not an object")
        };
        assert_eq!(o.method_params("Compare"), Some(&[POINTER][..]));
        assert_eq!(o.method_params("Major"), Some(&[][..]));
        assert_eq!(o.method_params("Nope"), None);
        let Some(Ok(Value::Object(value))) = o.method("IncPatch", &[]) else {
            panic!("no IncPatch")
        };
        assert_eq!(value.method_params("Compare"), None);
        assert_eq!(value.method_params("String"), Some(&[][..]));
    }

    #[test]
    fn semver_errors_are_masterminds_words() {
        let err = |lib, t: &str| semver(&mut ctx(lib), &[Value::str(t)]).err().map(|e| e.0);
        assert_eq!(
            err(Masterminds::V3_3, "1.2.3 "),
            Some("Invalid Semantic Version".into())
        );
        assert_eq!(
            err(Masterminds::V3_4, "1.2.3 "),
            Some("invalid semantic version".into())
        );
        assert_eq!(
            err(Masterminds::V3_3, "1.2.3-01"),
            Some("Version segment starts with 0".into())
        );
        assert_eq!(
            err(Masterminds::V3_5, "99999999999999999999"),
            Some(
                "error parsing version segment: strconv.ParseUint: parsing \
                 \"99999999999999999999\": value out of range"
                    .into()
            )
        );
        assert_eq!(err(Masterminds::V3_3, "01.2.3"), None);
        let cmp = |lib, a: &str, b: &str| {
            semver_compare(&mut ctx(lib), &[Value::str(a), Value::str(b)]).map(|v| to_string(&v))
        };
        assert_eq!(
            cmp(Masterminds::V3_3, "^1", "x"),
            Err(FuncError("Invalid Semantic Version".into()))
        );
        assert_eq!(
            cmp(Masterminds::V3_4, "abc", "1.0.0"),
            Err(FuncError("improper constraint: abc".into()))
        );
        assert_eq!(
            cmp(Masterminds::V3_5, ">= 1.0 <", "1.0.0"),
            Err(FuncError("improper constraint: \">= 1.0 <\"".into()))
        );
        assert_eq!(
            cmp(Masterminds::V3_3, "^1.0.0-01", "1.0.0"),
            Err(FuncError("constraint Parser Error".into()))
        );
        assert_eq!(
            cmp(Masterminds::V3_5, "1.2.3 - 1.4", "1.3.0"),
            Ok("true".into())
        );
        assert_eq!(
            cmp(Masterminds::V3_5, ">1.0 <2", "1.5.0"),
            Ok("true".into())
        );
    }
}
