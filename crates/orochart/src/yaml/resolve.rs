//! YAML 1.1 scalar resolution: what a plain (or explicitly tagged) scalar means to go-yaml v2
//! (`resolve.go`, the copy sigs.k8s.io/yaml vendors and Helm reads values and `fromYaml` with,
//! helm-semantics.md §3.1 and §5.1), and which strings `toYaml` must quote because they would
//! read back as something else. One resolver for the values loader, `fromYaml`, `toYaml`'s
//! quoting, lint and the values editor.

use std::borrow::Cow;

use super::time::parse_timestamp;
use crate::go::{parse_float, parse_int, parse_uint};

/// What an unquoted (plain) YAML scalar means to go-yaml v2, as the values loader needs it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Resolved {
    /// `~`, `null`, `Null`, `NULL` or the empty scalar.
    Null,
    /// YAML 1.1 booleans: `y`, `yes`, `on`, `true` (and `Y`, `Yes`, `YES`, `On`, …) and their
    /// negatives.
    Bool(bool),
    /// An integer that fits int64 (`0755` is octal 493, `0x1F`, `0b101`, `1_000`, `+5`).
    Int(i64),
    /// A float (`1.5`, `1e3`, `.5`, `.inf`, `.nan`), or an integer that only fits uint64,
    /// which go-yaml keeps as `uint64` and JSON then turns into a float64.
    Float(f64),
    /// A string. Timestamps (`2024-01-02`) and sexagesimals (`12:30:45`) are strings here:
    /// go-yaml hands them to Helm verbatim.
    Str,
}

/// go-yaml's own view of a resolved scalar, typed as it decodes it into `interface{}`, with
/// the cases the emitter and the loader tell apart. A string is the scalar's own text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    /// Go `int` (64-bit).
    Int(i64),
    /// Go `uint64`: an integer above `i64::MAX`.
    Uint(u64),
    Float(f64),
    /// A timestamp; go-yaml v2 keeps it as the same string when decoding into `interface{}`.
    Timestamp,
    /// A string: the scalar's text.
    Str,
}

pub(crate) const STR: &str = "tag:yaml.org,2002:str";
pub(crate) const BINARY: &str = "tag:yaml.org,2002:binary";
pub(crate) const MERGE: &str = "tag:yaml.org,2002:merge";
const NULL: &str = "tag:yaml.org,2002:null";
const BOOL: &str = "tag:yaml.org,2002:bool";
const INT: &str = "tag:yaml.org,2002:int";
const FLOAT: &str = "tag:yaml.org,2002:float";
const TIMESTAMP: &str = "tag:yaml.org,2002:timestamp";

/// go-yaml's `shortTag`: `tag:yaml.org,2002:int` → `!!int`.
fn short_tag(tag: &str) -> Cow<'_, str> {
    match tag.strip_prefix("tag:yaml.org,2002:") {
        Some(rest) => format!("!!{rest}").into(),
        None => tag.into(),
    }
}

/// Resolves an unquoted YAML 1.1 scalar the way go-yaml v2 (`resolve.go`) does for an
/// untagged plain scalar decoded into `interface{}`.
pub fn resolve_plain(s: &str) -> Resolved {
    match resolve_scalar(s) {
        Scalar::Null => Resolved::Null,
        Scalar::Bool(b) => Resolved::Bool(b),
        Scalar::Int(i) => Resolved::Int(i),
        Scalar::Uint(u) => Resolved::Float(u as f64),
        Scalar::Float(f) => Resolved::Float(f),
        Scalar::Timestamp | Scalar::Str => Resolved::Str,
    }
}

/// Whether go-yaml v2 writes this string double-quoted because, unquoted, it would read back
/// as something other than the same string: YAML 1.1 nulls, booleans, numbers, timestamps and
/// sexagesimal numbers (`""`, `"yes"`, `"0755"`, `"2024-01-01"`, `"1:20"`). Strings that only
/// need quoting for their characters (`'- x'`, `'a: b'`) are not covered here.
pub fn needs_quoting(s: &str) -> bool {
    resolve_scalar(s) != Scalar::Str || is_base60_float(s)
}

/// An untagged plain scalar as go-yaml v2 resolves it.
pub(crate) fn resolve_scalar(s: &str) -> Scalar {
    resolve_typed("", s).1
}

fn resolvable(tag: &str) -> bool {
    matches!(tag, "" | STR | BOOL | INT | FLOAT | NULL | TIMESTAMP)
}

/// go-yaml v2 `resolve(tag, in)`: `tag` is the full explicit tag or `""` for a plain scalar.
/// Returns the resolved tag and value, or go-yaml's message for a tag the text cannot have
/// (``cannot decode !!str `abc` as a !!int``). Unresolvable tags (custom `!foo`, `!!binary`)
/// give the text as a string under that tag; the caller decodes `!!binary`.
pub(crate) fn resolve<'t>(tag: &'t str, input: &str) -> Result<(&'t str, Scalar), String> {
    if !resolvable(tag) {
        return Ok((tag, Scalar::Str));
    }
    let (rtag, out) = resolve_typed(tag, input);
    if tag.is_empty() || tag == rtag || tag == STR {
        return Ok((rtag, out));
    }
    if tag == FLOAT && rtag == INT {
        if let Scalar::Int(i) = out {
            return Ok((FLOAT, Scalar::Float(i as f64)));
        }
    }
    Err(format!(
        "cannot decode {} `{}` as a {}",
        short_tag(rtag),
        input,
        short_tag(tag)
    ))
}

/// go-yaml v2's `resolve` for a tag it knows (or none): the resolved tag and value.
fn resolve_typed(tag: &str, s: &str) -> (&'static str, Scalar) {
    let b = s.as_bytes();
    // resolveTable: the first byte hints at what the scalar may be.
    let hint = match b.first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => return (STR, Scalar::Str),
    };
    if tag == STR || tag == BINARY {
        return (STR, Scalar::Str);
    }
    // resolveMap.
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return (BOOL, Scalar::Bool(true))
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return (BOOL, Scalar::Bool(false))
        }
        "" | "~" | "null" | "Null" | "NULL" => return (NULL, Scalar::Null),
        ".nan" | ".NaN" | ".NAN" => return (FLOAT, Scalar::Float(f64::NAN)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return (FLOAT, Scalar::Float(f64::INFINITY))
        }
        "-.inf" | "-.Inf" | "-.INF" => return (FLOAT, Scalar::Float(f64::NEG_INFINITY)),
        _ => {}
    }
    match hint {
        b'.' => {
            if let Some(f) = parse_float(s) {
                return (FLOAT, Scalar::Float(f));
            }
        }
        b'D' | b'S' => {
            // Only a plain scalar or an explicit `!!timestamp` is tried as a timestamp.
            if (tag.is_empty() || tag == TIMESTAMP) && parse_timestamp(s) {
                return (TIMESTAMP, Scalar::Timestamp);
            }
            // Digits may be grouped with `_`; copy only when they are.
            let plain: Cow<'_, str> = if s.contains('_') {
                s.replace('_', "").into()
            } else {
                s.into()
            };
            if let Some(i) = parse_int(&plain, 0) {
                return (INT, Scalar::Int(i));
            }
            if let Some(u) = parse_uint(&plain, 0) {
                return (INT, Scalar::Uint(u));
            }
            if is_yaml_style_float(&plain) {
                if let Some(f) = parse_float(&plain) {
                    return (FLOAT, Scalar::Float(f));
                }
            }
            if let Some(rest) = plain.strip_prefix("0b") {
                if let Some(i) = parse_int(rest, 2) {
                    return (INT, Scalar::Int(i));
                }
                if let Some(u) = parse_uint(rest, 2) {
                    return (INT, Scalar::Uint(u));
                }
            } else if let Some(rest) = plain.strip_prefix("-0b") {
                if let Some(i) = parse_int(&format!("-{rest}"), 2) {
                    return (INT, Scalar::Int(i));
                }
            }
        }
        _ => {}
    }
    (STR, Scalar::Str)
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$` (resolve.go's `yamlStyleFloat`).
pub(crate) fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if let Some(b'+' | b'-') = b.first() {
        i += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        if let Some(b'+' | b'-') = b.get(i) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$` (encode.go's `base60float`): YAML 1.1
/// sexagesimal numbers, which go-yaml reads as strings but quotes on output.
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if let Some(b'+' | b'-') = b.first() {
        i += 1;
    }
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    i += 1;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        let d1 = b.get(i).copied();
        let d2 = b.get(i + 1).copied();
        match (d1, d2) {
            (Some(b'0'..=b'5'), Some(b'0'..=b'9')) => i += 2,
            (Some(b'0'..=b'9'), _) => i += 1,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// One element of the Go `time.Parse` layouts go-yaml tries for timestamps.
#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Scalar {
        match resolve("", s) {
            Ok((_, v)) => v,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    // Every expectation below was observed with Helm 3.17.2 (`toJson .Values`).
    #[test]
    fn yaml11_booleans_nulls_and_case() {
        for s in [
            "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE",
        ] {
            assert_eq!(plain(s), Scalar::Bool(true), "{s}");
        }
        for s in [
            "n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE",
        ] {
            assert_eq!(plain(s), Scalar::Bool(false), "{s}");
        }
        for s in ["", "~", "null", "Null", "NULL"] {
            assert_eq!(plain(s), Scalar::Null, "{s}");
        }
        for s in [
            "yEs",
            "tRUE",
            "nULL",
            "~x",
            "_1",
            "0x1p3",
            "1e400",
            "2024-01-02",
            "1:20",
        ] {
            assert!(matches!(plain(s), Scalar::Str | Scalar::Timestamp), "{s}");
        }
    }

    #[test]
    fn yaml11_numbers() {
        let ints = [
            ("0755", 493),
            ("0x1F", 31),
            ("0X1F", 31),
            ("+0x1F", 31),
            ("-0x1F", -31),
            ("1_000", 1000),
            ("1__0", 10),
            ("0b101", 5),
            ("-0b101", -5),
            ("0o17", 15),
            ("+5", 5),
        ];
        for (s, want) in ints {
            assert_eq!(plain(s), Scalar::Int(want), "{s}");
        }
        let floats = [
            ("08", 8.0),
            ("09.5", 9.5),
            (".5", 0.5),
            ("+.5", 0.5),
            ("1.", 1.0),
            ("1e3", 1000.0),
            ("1e-400", 0.0),
        ];
        for (s, want) in floats {
            assert_eq!(plain(s), Scalar::Float(want), "{s}");
        }
        assert_eq!(
            plain("18446744073709551615"),
            Scalar::Uint(18446744073709551615)
        );
        assert_eq!(
            plain("-9223372036854775809"),
            Scalar::Float(-9223372036854775809.0)
        );
        assert!(matches!(plain(".inf"), Scalar::Float(f) if f == f64::INFINITY));
        assert!(matches!(plain(".nan"), Scalar::Float(f) if f.is_nan()));
    }

    #[test]
    fn explicit_tags_convert_or_fail_like_go_yaml() {
        assert_eq!(resolve(INT, "12").map(|r| r.1), Ok(Scalar::Int(12)));
        assert_eq!(resolve(FLOAT, "1").map(|r| r.1), Ok(Scalar::Float(1.0)));
        assert_eq!(resolve(STR, "123").map(|r| r.1), Ok(Scalar::Str));
        assert_eq!(resolve(BOOL, "yes").map(|r| r.1), Ok(Scalar::Bool(true)));
        assert_eq!(
            resolve(INT, "abc"),
            Err("cannot decode !!str `abc` as a !!int".into())
        );
        assert_eq!(
            resolve(NULL, "x"),
            Err("cannot decode !!str `x` as a !!null".into())
        );
        assert_eq!(resolve("!foo", "123"), Ok(("!foo", Scalar::Str)));
        assert_eq!(
            resolve(TIMESTAMP, "2024-01-02").map(|r| r.1),
            Ok(Scalar::Timestamp)
        );
    }

    // Helm 3.17.2, values file `a: !!timestamp X`: `2024-1-2` reads as the string, the others
    // fail with these words (go-yaml tries Go's `time.Parse`, which checks ranges and days of
    // the month).
    #[test]
    fn explicit_timestamps_are_checked_like_go_time_parse() {
        assert_eq!(
            resolve(TIMESTAMP, "2024-1-2").map(|r| r.1),
            Ok(Scalar::Timestamp)
        );
        for bad in ["2024-13-01", "2024-02-30", "2024-01-02T10:00:00+25:00"] {
            assert_eq!(
                resolve(TIMESTAMP, bad),
                Err(format!("cannot decode !!str `{bad}` as a !!timestamp")),
                "{bad}"
            );
        }
        assert_eq!(
            resolve(TIMESTAMP, "12"),
            Err("cannot decode !!int `12` as a !!timestamp".to_owned())
        );
    }
}
