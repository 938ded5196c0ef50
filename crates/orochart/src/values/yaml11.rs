//! YAML 1.1 scalar resolution, ported from go-yaml v2 `resolve.go` (the copy vendored by
//! sigs.k8s.io/yaml that Helm 3 reads values files with). See helm-semantics.md §3.1.
//!
//! DEDUP: `crate::yaml` gets its own `resolve_plain` for `toYaml` quoting; once it lands, the
//! plain-scalar part here (`resolve` with an empty tag) should become a call to it. This copy
//! also handles explicit tags (`!!int "12"`), which only the loader needs.

/// A resolved scalar, typed as go-yaml v2 decodes it into `interface{}`.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Scalar {
    Null,
    Bool(bool),
    /// Go `int` (64-bit).
    Int(i64),
    /// Go `uint64`: an integer above `i64::MAX`.
    Uint(u64),
    Float(f64),
    /// A string; timestamps also end up here verbatim (go-yaml v2 keeps them as strings when
    /// decoding into `interface{}`).
    Str(String),
}

pub(super) const STR: &str = "tag:yaml.org,2002:str";
pub(super) const BINARY: &str = "tag:yaml.org,2002:binary";
pub(super) const MERGE: &str = "tag:yaml.org,2002:merge";
const NULL: &str = "tag:yaml.org,2002:null";
const BOOL: &str = "tag:yaml.org,2002:bool";
const INT: &str = "tag:yaml.org,2002:int";
const FLOAT: &str = "tag:yaml.org,2002:float";
const TIMESTAMP: &str = "tag:yaml.org,2002:timestamp";

/// go-yaml's `shortTag`: `tag:yaml.org,2002:int` → `!!int`.
pub(super) fn short_tag(tag: &str) -> String {
    match tag.strip_prefix("tag:yaml.org,2002:") {
        Some(rest) => format!("!!{rest}"),
        None => tag.to_string(),
    }
}

fn resolvable(tag: &str) -> bool {
    matches!(tag, "" | STR | BOOL | INT | FLOAT | NULL | TIMESTAMP)
}

/// go-yaml v2 `resolve(tag, in)`: `tag` is the full explicit tag or `""` for a plain scalar.
/// Returns the resolved tag and value, or go-yaml's message for a tag the text cannot have
/// (``cannot decode !!str `abc` as a !!int``). Unresolvable tags (custom `!foo`, `!!binary`)
/// return the text as a string under that tag; the caller decodes `!!binary`.
pub(super) fn resolve(tag: &str, input: &str) -> Result<(String, Scalar), String> {
    if !resolvable(tag) {
        return Ok((tag.to_string(), Scalar::Str(input.to_string())));
    }
    let (rtag, out) = resolve_untyped(tag, input);
    if tag.is_empty() || tag == rtag || tag == STR {
        return Ok((rtag.to_string(), out));
    }
    if tag == FLOAT && rtag == INT {
        if let Scalar::Int(i) = out {
            return Ok((FLOAT.to_string(), Scalar::Float(i as f64)));
        }
    }
    Err(format!(
        "cannot decode {} `{}` as a {}",
        short_tag(rtag),
        input,
        short_tag(tag)
    ))
}

/// A plain, untagged scalar resolved as go-yaml v2 does; `None` when it stays a string, so
/// the caller can keep the text it already owns.
pub(super) fn resolve_plain_typed(input: &str) -> Option<Scalar> {
    match resolve_typed("", input)?.1 {
        Scalar::Str(_) => None,
        typed => Some(typed),
    }
}

fn resolve_untyped(tag: &str, input: &str) -> (&'static str, Scalar) {
    resolve_typed(tag, input).unwrap_or_else(|| (STR, Scalar::Str(input.to_string())))
}

/// [`resolve_untyped`], with `None` for a `!!str` (so that no copy of the text is made for a
/// caller that keeps its own).
fn resolve_typed(tag: &str, input: &str) -> Option<(&'static str, Scalar)> {
    let hint = match input.as_bytes().first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => 0,
    };
    if hint != 0 && tag != STR && tag != BINARY {
        if let Some(hit) = lookup(input) {
            return Some(hit);
        }
        match hint {
            b'.' => {
                if let Some(f) = parse_float(input) {
                    return Some((FLOAT, Scalar::Float(f)));
                }
            }
            b'D' | b'S' => {
                if (tag.is_empty() || tag == TIMESTAMP) && is_timestamp(input) {
                    return Some((TIMESTAMP, Scalar::Str(input.to_string())));
                }
                // Digits may be grouped with `_`; copy only when they are.
                let plain: std::borrow::Cow<'_, str> = if input.contains('_') {
                    input.replace('_', "").into()
                } else {
                    input.into()
                };
                if let Some(i) = parse_int(&plain, 0) {
                    return Some((INT, Scalar::Int(i)));
                }
                if let Some(u) = parse_uint(&plain, 0) {
                    return Some((INT, Scalar::Uint(u)));
                }
                if crate::yaml::is_yaml_style_float(&plain) {
                    if let Some(f) = parse_float(&plain) {
                        return Some((FLOAT, Scalar::Float(f)));
                    }
                }
                if let Some(bin) = plain.strip_prefix("0b") {
                    if let Some(i) = parse_int(bin, 2) {
                        return Some((INT, Scalar::Int(i)));
                    }
                    if let Some(u) = parse_uint(bin, 2) {
                        return Some((INT, Scalar::Uint(u)));
                    }
                } else if let Some(bin) = plain.strip_prefix("-0b") {
                    if let Some(i) = parse_int(&format!("-{bin}"), 2) {
                        return Some((INT, Scalar::Int(i)));
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// go-yaml v2's `resolveMap`.
fn lookup(s: &str) -> Option<(&'static str, Scalar)> {
    Some(match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            (BOOL, Scalar::Bool(true))
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            (BOOL, Scalar::Bool(false))
        }
        "" | "~" | "null" | "Null" | "NULL" => (NULL, Scalar::Null),
        ".nan" | ".NaN" | ".NAN" => (FLOAT, Scalar::Float(f64::NAN)),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            (FLOAT, Scalar::Float(f64::INFINITY))
        }
        "-.inf" | "-.Inf" | "-.INF" => (FLOAT, Scalar::Float(f64::NEG_INFINITY)),
        _ => return None,
    })
}

/// Go's `strconv.ParseUint(s, base, 64)` for base 0 (prefixes `0b`, `0o`, `0x`, leading `0` for
/// octal) or an explicit base. Underscores are already removed by the caller.
pub(super) fn parse_uint(s: &str, base: u32) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let (base, digits) = if base == 0 {
        let b = s.as_bytes();
        if b[0] == b'0' {
            match b.get(1).map(u8::to_ascii_lowercase) {
                Some(b'b') if s.len() >= 3 => (2, &s[2..]),
                Some(b'o') if s.len() >= 3 => (8, &s[2..]),
                Some(b'x') if s.len() >= 3 => (16, &s[2..]),
                _ => (8, &s[1..]),
            }
        } else {
            (10, s)
        }
    } else {
        (base, s)
    };
    let mut n: u64 = 0;
    for c in digits.chars() {
        let d = c.to_digit(base)?;
        n = n.checked_mul(u64::from(base))?.checked_add(u64::from(d))?;
    }
    Some(n)
}

/// Go's `strconv.ParseInt(s, base, 64)`.
pub(super) fn parse_int(s: &str, base: u32) -> Option<i64> {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let u = parse_uint(rest, base)?;
    if neg {
        if u > 1u64 << 63 {
            None
        } else {
            Some((u as i64).wrapping_neg())
        }
    } else {
        i64::try_from(u).ok()
    }
}

/// Go's `strconv.ParseFloat(s, 64)` for decimal text (the only kind go-yaml's callers reach:
/// a leading `.` or a `yamlStyleFloat` match). Out of range (`1e400`) is an error, as in Go;
/// underscores must sit between digits.
fn parse_float(s: &str) -> Option<f64> {
    if s.contains('_') {
        if !underscores_ok(s) {
            return None;
        }
        return parse_float(&s.replace('_', ""));
    }
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    // Decimal float syntax only: digits, one dot, optional exponent (Rust would also accept
    // `inf`/`nan`, which never reach here because the hint is a digit, sign or dot).
    if body.is_empty() || !body.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let f: f64 = s.parse().ok()?;
    f.is_finite().then_some(f)
}

/// Go's `underscoreOK` for a decimal number.
fn underscores_ok(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let mut saw = '^';
    for c in s.chars() {
        if c.is_ascii_digit() {
            saw = '0';
        } else if c == '_' {
            if saw != '0' {
                return false;
            }
            saw = '_';
        } else {
            if saw == '_' {
                return false;
            }
            saw = '!';
        }
    }
    saw != '_'
}

/// go-yaml v2 `parseTimestamp`, approximated: `YYYY-M-D`, optionally followed by `T`/`t`/space
/// and `h:m:s[.frac]` and (for `T`/`t`) a zone `Z` or `±hh:mm`. Only decides `!!timestamp`
/// tag checks; untagged timestamps end up as the same string either way.
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |i: &mut usize, min: usize, max: usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() && *i - start < max {
            *i += 1;
        }
        *i - start >= min
    };
    let mut i = 0;
    if !(digits(&mut i, 4, 4) && b.get(i) == Some(&b'-')) {
        return false;
    }
    i += 1;
    if !(digits(&mut i, 1, 2) && b.get(i) == Some(&b'-')) {
        return false;
    }
    i += 1;
    if !digits(&mut i, 1, 2) {
        return false;
    }
    if i == b.len() {
        return true;
    }
    let sep = b[i];
    if !matches!(sep, b'T' | b't' | b' ') {
        return false;
    }
    i += 1;
    for k in 0..3 {
        if !digits(&mut i, 1, 2) {
            return false;
        }
        if k < 2 {
            if b.get(i) != Some(&b':') {
                return false;
            }
            i += 1;
        }
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i, 1, 9) {
            return false;
        }
    }
    if sep == b' ' {
        return i == b.len();
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            i += 1;
            digits(&mut i, 2, 2)
                && b.get(i) == Some(&b':')
                && {
                    i += 1;
                    digits(&mut i, 2, 2)
                }
                && i == b.len()
        }
        _ => false,
    }
}

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
            assert_eq!(plain(s), Scalar::Str(s.into()), "{s}");
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
        assert_eq!(
            resolve(STR, "123").map(|r| r.1),
            Ok(Scalar::Str("123".into()))
        );
        assert_eq!(resolve(BOOL, "yes").map(|r| r.1), Ok(Scalar::Bool(true)));
        assert_eq!(
            resolve(INT, "abc"),
            Err("cannot decode !!str `abc` as a !!int".into())
        );
        assert_eq!(
            resolve(NULL, "x"),
            Err("cannot decode !!str `x` as a !!null".into())
        );
        assert_eq!(
            resolve("!foo", "123").map(|r| r.1),
            Ok(Scalar::Str("123".into()))
        );
        assert_eq!(
            resolve(TIMESTAMP, "2024-01-02").map(|r| r.1),
            Ok(Scalar::Str("2024-01-02".into()))
        );
    }
}
