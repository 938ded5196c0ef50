//! Helm-exact YAML and JSON text: `toYaml`, `toJson`, Go's `%v`, YAML 1.1 scalars.
//!
//! Helm prints values with Go's `fmt` (`%v`), serialises them with Go's `encoding/json`
//! (`toJson`), and its `toYaml` is `json.Marshal` → go-yaml v2 `Unmarshal` → go-yaml v2
//! `Marshal` (sigs.k8s.io/yaml v1.4.0, which vendors go-yaml v2.4.0 as `goyaml.v2`).
//! Each function here reproduces one of those byte for byte; the emitter is a port of
//! go-yaml v2's `emitterc.go` restricted to the events `toYaml` can produce, and the scalar
//! rules are a port of its `resolve.go` (see ../shared/notes/helm-semantics.md §5.1–§5.3).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::OnceLock;

use crate::value::Value;

// ---------------------------------------------------------------------------------------------
// Go `%v`
// ---------------------------------------------------------------------------------------------

/// Formats a value as Go's `fmt` `%v` does (`map[a:1]`, `[1 2]`, `1e+06`, `<nil>`).
///
/// This is what `{{ .Values.x }}`, `toString`, `print` and `quote` show: map keys sorted
/// byte-wise, list items separated by one space, strings raw, floats via [`format_float`].
pub fn go_string(v: &Value) -> String {
    let mut out = String::new();
    write_go_string(&mut out, v);
    out
}

/// Appends [`go_string`]`(v)` to `out`.
pub(crate) fn write_go_string(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(IntText::new(*i).as_str()),
        Value::Float(f) => push_float(out, *f),
        Value::String(s) => out.push_str(s),
        Value::List(items) => {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(' ');
                }
                write_go_string(out, item);
            }
            out.push(']');
        }
        Value::Map(map) => {
            // Go's fmt sorts map keys (internal/fmtsort: strings byte-wise), as Map does.
            out.push_str("map[");
            for (n, (k, item)) in map.iter().enumerate() {
                if n > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                write_go_string(out, item);
            }
            out.push(']');
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Go float formatting (strconv.FormatFloat with the shortest round-trip digits)
// ---------------------------------------------------------------------------------------------

/// The shortest decimal digits that round-trip a finite float: the value is
/// `0.d₁d₂…dₙ × 10^dp` (Go's `decimalSlice`). Zero has no digits and `dp` 0.
struct Digits {
    neg: bool,
    digits: Vec<u8>,
    dp: i32,
}

fn shortest_digits(f: f64) -> Digits {
    let neg = f.is_sign_negative();
    let abs = f.abs();
    // Rust's `{:e}` prints the shortest digits that round-trip (like Go's `-1` precision),
    // as `d.ddde±x`, but breaks an exact tie between two shortest candidates upwards, where
    // Go's Ryū rounds the exact value half to even (716517672049912.25 → `…912.2`). Rust's
    // fixed-precision formatting rounds the exact value half to even, so redo the rounding
    // at the shortest length and keep it when it still round-trips.
    let shortest = format!("{abs:e}");
    let (mut digits, mut exp) = split_exp(&shortest);
    if digits.len() > 1 {
        let even = format!("{abs:.*e}", digits.len() - 1);
        if even.parse::<f64>().ok() == Some(abs) {
            (digits, exp) = split_exp(&even);
        }
    }
    if digits.iter().all(|d| *d == b'0') {
        return Digits {
            neg,
            digits: Vec::new(),
            dp: 0,
        };
    }
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    Digits {
        neg,
        digits,
        dp: exp + 1,
    }
}

/// Splits Rust's `d.ddde±x` into its digits and its exponent.
fn split_exp(text: &str) -> (Vec<u8>, i32) {
    let (mantissa, exp) = text.split_once('e').unwrap_or((text, "0"));
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    (digits, exp.parse().unwrap_or(0))
}

/// Go's `fmtE` with the shortest precision: `d.ddde±xx`.
fn fmt_e(d: &Digits) -> String {
    let mut out = String::new();
    if d.neg {
        out.push('-');
    }
    out.push(d.digits.first().map_or('0', |c| char::from(*c)));
    if d.digits.len() > 1 {
        out.push('.');
        out.extend(d.digits[1..].iter().map(|c| char::from(*c)));
    }
    out.push('e');
    let mut exp = if d.digits.is_empty() { 0 } else { d.dp - 1 };
    if exp < 0 {
        out.push('-');
        exp = -exp;
    } else {
        out.push('+');
    }
    if exp < 10 {
        out.push('0');
    }
    let _ = write!(out, "{exp}");
    out
}

/// Go's `fmtF` with the shortest precision: all digits in positional form.
fn fmt_f(d: &Digits) -> String {
    let mut out = String::new();
    if d.neg {
        out.push('-');
    }
    let nd = d.digits.len() as i32;
    if d.dp > 0 {
        let m = nd.min(d.dp);
        out.extend(d.digits[..m as usize].iter().map(|c| char::from(*c)));
        for _ in m..d.dp {
            out.push('0');
        }
    } else {
        out.push('0');
    }
    let prec = (nd - d.dp).max(0);
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            let j = d.dp + i - 1;
            let ch = if (0..nd).contains(&j) {
                char::from(d.digits[j as usize])
            } else {
                '0'
            };
            out.push(ch);
        }
    }
    out
}

/// `f` as an integer when it is one, not zero (whose sign Go prints), and below `limit` in
/// magnitude, where every format here writes its plain digits (`limit` at most 1e15, so that
/// the integer is exact).
fn small_integer(f: f64, limit: f64) -> Option<i64> {
    (f != 0.0 && f.abs() < limit && f.fract() == 0.0).then_some(f as i64)
}

/// Formats a float64 as Go's `%v` (= `strconv.FormatFloat(f, 'g', -1, 64)`) does:
/// shortest round-trip digits, exponent form exactly when the decimal exponent is below -4 or
/// at least 6 (`1e+06`, `999999`, `1e-05`, `0.0001`), `-0` for negative zero, and
/// `NaN`, `+Inf`, `-Inf`.
pub fn format_float(f: f64) -> String {
    let mut out = String::new();
    push_float(&mut out, f);
    out
}

/// Appends [`format_float`]`(f)` to `out` (integral values without an intermediate string).
pub(crate) fn push_float(out: &mut String, f: f64) {
    match small_integer(f, 1e6) {
        Some(i) => out.push_str(IntText::new(i).as_str()),
        None => out.push_str(&format_float_digits(f)),
    }
}

/// An integer's decimal text, on the stack.
pub(crate) struct IntText {
    buf: [u8; 20],
    start: usize,
}

impl IntText {
    pub(crate) fn new(i: i64) -> IntText {
        let mut buf = [0; 20];
        let mut start = buf.len();
        let mut n = i.unsigned_abs();
        loop {
            start -= 1;
            buf[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if i < 0 {
            start -= 1;
            buf[start] = b'-';
        }
        IntText { buf, start }
    }

    pub(crate) fn as_str(&self) -> &str {
        // ASCII digits and a sign: always UTF-8.
        std::str::from_utf8(&self.buf[self.start..]).unwrap_or_default()
    }
}

/// [`format_float`] by the shortest digits, whatever the value.
fn format_float_digits(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    let d = shortest_digits(f);
    let exp = d.dp - 1;
    if !(-4..6).contains(&exp) {
        fmt_e(&d)
    } else {
        fmt_f(&d)
    }
}

/// Formats a float64 as Go's `encoding/json` does: positional form, except exponent form
/// below 1e-6 or from 1e21 with a one-digit negative exponent kept short (`1e-7`, `1e+21`).
/// `None` for NaN and infinities, which `json.Marshal` rejects.
pub fn format_json_float(f: f64) -> Option<String> {
    match small_integer(f, 1e15) {
        Some(i) => Some(i.to_string()),
        None => format_json_float_digits(f),
    }
}

/// [`format_json_float`] by the shortest digits, whatever the value.
fn format_json_float_digits(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    let abs = f.abs();
    let d = shortest_digits(f);
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let mut s = fmt_e(&d);
        // encoding/json cleans `e-07` up to `e-7` (but leaves `e+21`).
        let b = s.as_bytes();
        let n = b.len();
        if n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
            s.remove(n - 2);
        }
        Some(s)
    } else {
        Some(fmt_f(&d))
    }
}

// ---------------------------------------------------------------------------------------------
// JSON (encoding/json)
// ---------------------------------------------------------------------------------------------

/// Go's `json.Marshal`, as Helm's `toJson`: keys sorted byte-wise, no spaces, `<`, `>`, `&`
/// escaped. `None` when the value holds NaN or an infinity (Helm then prints `""`).
pub fn to_json(v: &Value) -> Option<String> {
    let mut out = String::new();
    write_json(&mut out, v, true)?;
    Some(out)
}

/// Go's `json.Encoder` with `SetEscapeHTML(false)`, as Sprig's `toRawJson`.
pub fn to_raw_json(v: &Value) -> Option<String> {
    let mut out = String::new();
    write_json(&mut out, v, false)?;
    Some(out)
}

/// Go's `json.MarshalIndent(v, "", "  ")`, as Sprig's `toPrettyJson`.
pub fn to_pretty_json(v: &Value) -> Option<String> {
    let mut out = String::new();
    write_pretty_json(&mut out, v, 0)?;
    Some(out)
}

fn write_json(out: &mut String, v: &Value, escape_html: bool) -> Option<()> {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => out.push_str(&format_json_float(*f)?),
        Value::String(s) => write_json_string(out, s, escape_html),
        Value::List(items) => {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_json(out, item, escape_html)?;
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push('{');
            for (n, (k, item)) in map.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_json_string(out, k, escape_html);
                out.push(':');
                write_json(out, item, escape_html)?;
            }
            out.push('}');
        }
    }
    Some(())
}

fn write_pretty_json(out: &mut String, v: &Value, depth: usize) -> Option<()> {
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    match v {
        Value::List(items) if !items.is_empty() => {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_pretty_json(out, item, depth + 1)?;
            }
            newline(out, depth);
            out.push(']');
        }
        Value::Map(map) if !map.is_empty() => {
            out.push('{');
            for (n, (k, item)) in map.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_json_string(out, k, true);
                out.push_str(": ");
                write_pretty_json(out, item, depth + 1)?;
            }
            newline(out, depth);
            out.push('}');
        }
        other => write_json(out, other, true)?,
    }
    Some(())
}

fn write_json_string(out: &mut String, s: &str, escape_html: bool) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' if escape_html => {
                let b = c as u32 as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[b >> 4]));
                out.push(char::from(HEX[b & 0xF]));
            }
            c if (c as u32) < 0x20 => {
                let b = c as u32 as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[b >> 4]));
                out.push(char::from(HEX[b & 0xF]));
            }
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('"');
}

// ---------------------------------------------------------------------------------------------
// YAML 1.1 plain scalars (go-yaml v2 resolve.go)
// ---------------------------------------------------------------------------------------------

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

/// go-yaml's own view, with the cases the emitter cares about kept apart.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Timestamp,
    Str,
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

fn resolve_scalar(s: &str) -> Scalar {
    let b = s.as_bytes();
    // resolveTable: the first byte hints at what the scalar may be.
    let hint = match b.first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => return Scalar::Str,
    };
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Scalar::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Scalar::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        ".nan" | ".NaN" | ".NAN" => return Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Scalar::Float(f64::INFINITY)
        }
        "-.inf" | "-.Inf" | "-.INF" => return Scalar::Float(f64::NEG_INFINITY),
        _ => {}
    }
    match hint {
        b'.' => {
            if let Some(f) = go_parse_float_dot(s) {
                return Scalar::Float(f);
            }
        }
        b'D' | b'S' => {
            if parse_timestamp(s) {
                return Scalar::Timestamp;
            }
            // Digits may be grouped with `_`; copy only when they are.
            let plain: std::borrow::Cow<'_, str> = if s.contains('_') {
                s.replace('_', "").into()
            } else {
                s.into()
            };
            if let Some(i) = go_parse_int(&plain, 0) {
                return Scalar::Int(i);
            }
            if let Some(u) = go_parse_uint(&plain, 0) {
                return Scalar::Uint(u);
            }
            if is_yaml_style_float(&plain) {
                if let Ok(f) = plain.parse::<f64>() {
                    // strconv.ParseFloat reports overflow as an error.
                    if f.is_finite() {
                        return Scalar::Float(f);
                    }
                }
            }
            if let Some(rest) = plain.strip_prefix("0b") {
                if let Some(i) = go_parse_int(rest, 2) {
                    return Scalar::Int(i);
                }
                if let Some(u) = go_parse_uint(rest, 2) {
                    return Scalar::Uint(u);
                }
            } else if let Some(rest) = plain.strip_prefix("-0b") {
                if let Some(i) = go_parse_int(&format!("-{rest}"), 2) {
                    return Scalar::Int(i);
                }
            }
        }
        _ => {}
    }
    Scalar::Str
}

/// Go's `strconv.ParseUint(s, base, 64)`; base 0 picks the base from a `0x`/`0o`/`0b`/`0`
/// prefix and allows `_` separators.
fn go_parse_uint(s: &str, base: u32) -> Option<u64> {
    let b = s.as_bytes();
    if b.is_empty() {
        return None;
    }
    let base0 = base == 0;
    let mut base = base;
    let mut digits = b;
    if base0 {
        base = 10;
        if b[0] == b'0' {
            let second = b.get(1).map(u8::to_ascii_lowercase);
            match second {
                Some(b'b') if b.len() >= 3 => (base, digits) = (2, &b[2..]),
                Some(b'o') if b.len() >= 3 => (base, digits) = (8, &b[2..]),
                Some(b'x') if b.len() >= 3 => (base, digits) = (16, &b[2..]),
                _ => (base, digits) = (8, &b[1..]),
            }
        }
    }
    let mut underscores = false;
    let mut n: u64 = 0;
    for &c in digits {
        let d = match c {
            b'_' if base0 => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => u32::from(c - b'0'),
            _ if c.is_ascii_alphabetic() => u32::from(c.to_ascii_lowercase() - b'a') + 10,
            _ => return None,
        };
        if d >= base {
            return None;
        }
        n = n.checked_mul(u64::from(base))?.checked_add(u64::from(d))?;
    }
    if underscores && !underscore_ok(s) {
        return None;
    }
    Some(n)
}

/// Go's `strconv.ParseInt(s, base, 64)`: an optional sign, then [`go_parse_uint`].
fn go_parse_int(s: &str, base: u32) -> Option<i64> {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let un = go_parse_uint(rest, base)?;
    const CUTOFF: u64 = 1 << 63;
    if !neg && un >= CUTOFF {
        return None;
    }
    if neg && un > CUTOFF {
        return None;
    }
    if neg {
        Some((un as i64).wrapping_neg())
    } else {
        Some(un as i64)
    }
}

/// Go's `underscoreOK`: underscores only between digits (or after a base prefix).
fn underscore_ok(s: &str) -> bool {
    let mut b = s.as_bytes();
    if let Some(b'+' | b'-') = b.first() {
        b = &b[1..];
    }
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1].eq_ignore_ascii_case(&b'x');
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// `strconv.ParseFloat` for a scalar starting with `.` (the only shape that can start so):
/// `.digits` with an optional exponent, `_` separators allowed between digits.
fn go_parse_float_dot(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = 1;
    let mut mantissa_digits = false;
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        mantissa_digits |= b[i].is_ascii_digit();
        i += 1;
    }
    if !mantissa_digits {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        if i >= b.len() || !b[i].is_ascii_digit() {
            return None;
        }
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    if i != b.len() {
        return None;
    }
    if s.contains('_') && !underscore_ok(s) {
        return None;
    }
    let f: f64 = s.replace('_', "").parse().ok()?;
    f.is_finite().then_some(f)
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
#[derive(Clone, Copy)]
enum TimeTok {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    /// `.999999999`: an optional fraction.
    Frac,
    /// `Z07:00`.
    Zone,
    Lit(&'static str),
}

/// go-yaml's `parseTimestamp`: `YYYY-` and then one of the layouts
/// `2006-1-2T15:4:5.999999999Z07:00`, the same with `t`, `2006-1-2 15:4:5.999999999` and
/// `2006-1-2`, with Go's `time.Parse` rules (1–2 digit fields, range checks, day of month).
fn parse_timestamp(s: &str) -> bool {
    use TimeTok::*;
    let b = s.as_bytes();
    let year_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if year_digits != 4 || b.get(4) != Some(&b'-') {
        return false;
    }
    const LAYOUTS: [&[TimeTok]; 4] = [
        &[
            Year,
            Lit("-"),
            Month,
            Lit("-"),
            Day,
            Lit("T"),
            Hour,
            Lit(":"),
            Minute,
            Lit(":"),
            Second,
            Frac,
            Zone,
        ],
        &[
            Year,
            Lit("-"),
            Month,
            Lit("-"),
            Day,
            Lit("t"),
            Hour,
            Lit(":"),
            Minute,
            Lit(":"),
            Second,
            Frac,
            Zone,
        ],
        &[
            Year,
            Lit("-"),
            Month,
            Lit("-"),
            Day,
            Lit(" "),
            Hour,
            Lit(":"),
            Minute,
            Lit(":"),
            Second,
            Frac,
        ],
        &[Year, Lit("-"), Month, Lit("-"), Day],
    ];
    LAYOUTS.iter().any(|layout| go_time_parse(layout, b))
}

fn go_time_parse(layout: &[TimeTok], mut v: &[u8]) -> bool {
    // Go's getnum: one or two digits.
    fn getnum(v: &[u8]) -> Option<(u32, &[u8])> {
        let d0 = v.first().filter(|c| c.is_ascii_digit())?;
        match v.get(1).filter(|c| c.is_ascii_digit()) {
            Some(d1) => Some((u32::from(d0 - b'0') * 10 + u32::from(d1 - b'0'), &v[2..])),
            None => Some((u32::from(d0 - b'0'), &v[1..])),
        }
    }
    let (mut year, mut month, mut day) = (0u32, 0u32, 0u32);
    for tok in layout {
        match *tok {
            TimeTok::Year => {
                if v.len() < 4 || !v[..4].iter().all(u8::is_ascii_digit) {
                    return false;
                }
                year = v[..4]
                    .iter()
                    .fold(0, |acc, c| acc * 10 + u32::from(c - b'0'));
                v = &v[4..];
            }
            TimeTok::Month | TimeTok::Day | TimeTok::Hour | TimeTok::Minute | TimeTok::Second => {
                let Some((n, rest)) = getnum(v) else {
                    return false;
                };
                let ok = match *tok {
                    TimeTok::Month => (1..=12).contains(&n),
                    TimeTok::Day => true,
                    TimeTok::Hour => n < 24,
                    _ => n < 60,
                };
                if !ok {
                    return false;
                }
                match *tok {
                    TimeTok::Month => month = n,
                    TimeTok::Day => day = n,
                    _ => {}
                }
                v = rest;
            }
            TimeTok::Frac => {
                if v.len() >= 2 && (v[0] == b'.' || v[0] == b',') && v[1].is_ascii_digit() {
                    let n = 1 + v[1..].iter().take_while(|c| c.is_ascii_digit()).count();
                    v = &v[n..];
                }
            }
            TimeTok::Zone => {
                if v.first() == Some(&b'Z') {
                    v = &v[1..];
                    continue;
                }
                if v.len() < 6 || v[3] != b':' {
                    return false;
                }
                let two = |p: &[u8]| -> Option<u32> {
                    (p[0].is_ascii_digit() && p[1].is_ascii_digit())
                        .then(|| u32::from(p[0] - b'0') * 10 + u32::from(p[1] - b'0'))
                };
                let (Some(hr), Some(mm)) = (two(&v[1..3]), two(&v[4..6])) else {
                    return false;
                };
                if hr > 24 || mm > 60 || !(v[0] == b'+' || v[0] == b'-') {
                    return false;
                }
                v = &v[6..];
            }
            TimeTok::Lit(lit) => {
                // Go's `skip`: a space in the layout matches any run of spaces.
                let mut p = lit.as_bytes();
                while let Some(&c) = p.first() {
                    if c == b' ' {
                        if v.first().is_some_and(|&x| x != b' ') {
                            return false;
                        }
                        p = trim_leading_spaces(p);
                        v = trim_leading_spaces(v);
                        continue;
                    }
                    if v.first() != Some(&c) {
                        return false;
                    }
                    p = &p[1..];
                    v = &v[1..];
                }
            }
        }
    }
    if !v.is_empty() {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days_in_month).contains(&day)
}

fn trim_leading_spaces(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| **c == b' ').count();
    &b[n..]
}

// ---------------------------------------------------------------------------------------------
// Key order (go-yaml v2 sorter.go)
// ---------------------------------------------------------------------------------------------

fn unicode_class(
    pattern: &'static str,
    cell: &'static OnceLock<Option<regex::Regex>>,
    c: char,
) -> Option<bool> {
    let re = cell
        .get_or_init(|| regex::Regex::new(pattern).ok())
        .as_ref()?;
    let mut buf = [0u8; 4];
    Some(re.is_match(c.encode_utf8(&mut buf)))
}

/// Go's `unicode.IsLetter` (general category L).
fn is_letter(c: char) -> bool {
    static RE: OnceLock<Option<regex::Regex>> = OnceLock::new();
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    unicode_class(r"^\p{L}$", &RE, c).unwrap_or_else(|| c.is_alphabetic())
}

/// Go's `unicode.IsDigit` (general category Nd).
fn is_digit(c: char) -> bool {
    static RE: OnceLock<Option<regex::Regex>> = OnceLock::new();
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    unicode_class(r"^\p{Nd}$", &RE, c).unwrap_or(false)
}

/// go-yaml v2's map key order (`keyList.Less` for two strings): letters after non-letters,
/// letters by code point, runs of digits by numeric value. Not transitive for some inputs
/// (`1a < 2`, `2 < 10`, `10 < 1a`), where Helm's own order varies between runs.
pub fn natural_less(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        // The same comparison on bytes, without collecting the runes.
        return natural_less_in(
            a.as_bytes(),
            b.as_bytes(),
            u8::is_ascii_alphabetic,
            u8::is_ascii_digit,
        );
    }
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    natural_less_in(&ar, &br, |c| is_letter(*c), |c| is_digit(*c))
}

/// [`natural_less`] on runes (or bytes), with their letter and digit classes.
fn natural_less_in<C: Copy + Ord + Into<u32>>(
    ar: &[C],
    br: &[C],
    is_letter: impl Fn(&C) -> bool,
    is_digit: impl Fn(&C) -> bool,
) -> bool {
    let zero = |c: C| c.into() == u32::from(b'0');
    for i in 0..ar.len().min(br.len()) {
        if ar[i] == br[i] {
            continue;
        }
        let al = is_letter(&ar[i]);
        let bl = is_letter(&br[i]);
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if zero(ar[i]) || zero(br[i]) {
            // A zero after a non-zero digit is part of a number, not a leading zero.
            for j in (0..i).rev() {
                if !is_digit(&ar[j]) {
                    break;
                }
                if !zero(ar[j]) {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && is_digit(&ar[ai]) {
            an = an
                .wrapping_mul(10)
                .wrapping_add(i64::from(ar[ai].into()) - 48);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && is_digit(&br[bi]) {
            bn = bn
                .wrapping_mul(10)
                .wrapping_add(i64::from(br[bi].into()) - 48);
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

/// Sorts map keys by [`natural_less`], as [`merge_sort_natural`] does. Keys without digits
/// compare rune by rune as (is a letter, code point), a total order: when they already come in
/// that order (the usual case, as maps iterate bytewise), the sort would leave them as they
/// are, so they are returned untouched.
fn sort_natural<K: AsRef<str>, T>(items: Vec<(K, T)>) -> Vec<(K, T)> {
    let no_digits = items
        .iter()
        .all(|(k, _)| !k.as_ref().chars().any(char::is_numeric));
    if no_digits
        && items
            .windows(2)
            .all(|w| !natural_less(w[1].0.as_ref(), w[0].0.as_ref()))
    {
        return items;
    }
    merge_sort_natural(items)
}

/// A stable merge sort by [`natural_less`]: deterministic and panic-free even where the
/// comparator is not a total order (the standard sort may panic on such comparators).
fn merge_sort_natural<K: AsRef<str>, T>(items: Vec<(K, T)>) -> Vec<(K, T)> {
    if items.len() <= 1 {
        return items;
    }
    let mut left = items;
    let right = left.split_off(left.len() / 2);
    let left = merge_sort_natural(left);
    let right = merge_sort_natural(right);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut l = left.into_iter().peekable();
    let mut r = right.into_iter().peekable();
    loop {
        let take_right = match (l.peek(), r.peek()) {
            (Some(a), Some(b)) => natural_less(b.0.as_ref(), a.0.as_ref()),
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => break,
        };
        let next = if take_right { r.next() } else { l.next() };
        if let Some(item) = next {
            out.push(item);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// toYaml (go-yaml v2 encode.go + emitterc.go)
// ---------------------------------------------------------------------------------------------

/// Helm's `toYaml`: the value as go-yaml v2 writes it after a round trip through JSON, without
/// the final newline. `None` when the value holds NaN or an infinity (Helm prints `""`).
///
/// Block style with 2-space indentation and sequences not indented under their key, keys in
/// go-yaml's natural order ([`natural_less`]), numbers as their JSON text reads back (integral
/// floats as integers), strings quoted or written as literal blocks by go-yaml's rules, and
/// plain or quoted strings folded at spaces past column 80.
pub fn to_yaml(v: &Value) -> Option<String> {
    to_yaml_with(v, true)
}

fn to_yaml_with(v: &Value, shortcuts: bool) -> Option<String> {
    let mut e = Emitter::new();
    e.shortcuts = shortcuts;
    e.emit_value(v, false, false)?;
    // Document end: go-yaml ends the document on a fresh line.
    e.write_indent();
    let mut out = e.out;
    if out.ends_with('\n') {
        out.pop();
    }
    Some(out)
}

/// `toYaml` piped to Sprig's `indent` (or `nindent`, with `newline_first`): the text of
/// indenting [`to_yaml`]'s result (`""` when it fails, as Helm's `toYaml` prints) by `pad`
/// spaces, written in one pass: the emitter puts the padding after every line feed it writes.
pub fn to_yaml_indented(v: &Value, newline_first: bool, pad: usize) -> String {
    let mut e = Emitter::new();
    if newline_first {
        e.out.push('\n');
    }
    push_spaces(&mut e.out, pad);
    let start = e.out.len();
    e.pad = pad;
    if e.emit_value(v, false, false).is_none() {
        e.out.truncate(start);
        return e.out;
    }
    e.write_indent();
    let mut out = e.out;
    // The final line feed and the padding after it.
    if out.as_bytes()[..out.len() - pad].ends_with(b"\n") {
        out.truncate(out.len() - pad - 1);
    }
    out
}

/// Appends `n` spaces.
pub(crate) fn push_spaces(out: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = n;
    while left > 0 {
        let k = left.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        left -= k;
    }
}

/// The scalar styles go-yaml's encoder asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// The style go-yaml's encoder asks for a string (encode.go `stringv`): literal when there is
/// a newline, plain when the plain scalar would read back as this string, double-quoted
/// otherwise.
fn string_style(s: &str) -> Style {
    if s.contains('\n') {
        Style::Literal
    } else if needs_quoting(s) {
        Style::DoubleQuoted
    } else {
        Style::Plain
    }
}

/// A number's text in `toYaml`: what go-yaml reads back from its JSON text (an int64, a
/// uint64 or a float64) and writes; `None` for NaN and infinities. (The emitter writes
/// integral values below 1e15 itself: their JSON text reads back as that integer.)
fn float_text(f: f64) -> Option<String> {
    let json = format_json_float(f)?;
    Some(match resolve_scalar(&json) {
        Scalar::Int(i) => i.to_string(),
        Scalar::Uint(u) => u.to_string(),
        Scalar::Float(x) => format_float(x),
        _ => json,
    })
}

/// Whether a map's keys, as it iterates them, are already what go-yaml sorts and writes: JSON
/// leaves them as they are (printable ASCII, short enough), and they come in [`natural_less`]
/// order without digits (see [`sort_natural`]). The usual case, written without collecting.
fn keys_as_they_are(map: &crate::value::Map) -> bool {
    let mut prev: Option<&str> = None;
    map.keys().all(|k| {
        let plain = k.len() <= 128
            && k.bytes()
                .all(|b| (b' '..0x7F).contains(&b) && !b.is_ascii_digit());
        let ordered = prev.is_none_or(|p| !natural_less(k, p));
        prev = Some(k);
        plain && ordered
    })
}

/// A scalar the emitter writes as it is when asked for the plain style: ASCII letters, digits,
/// `_`, `.`, `/` and `-`, starting with a letter or digit. None of these is an indicator, a
/// space or a break, so the emitter's analysis allows the plain style and never folds.
fn is_simple_plain(text: &str) -> bool {
    let b = text.as_bytes();
    b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'/' | b'-'))
}

/// Whether go-yaml's reader accepts the character in its input (`yaml_parser_update_buffer`).
/// Go's JSON escapes everything below U+0020, so only these can reach it raw and fail.
fn yaml_reader_allows(c: char) -> bool {
    let c = c as u32;
    !(c == 0x7F || (0x80..=0x9F).contains(&c) && c != 0x85 || c == 0xFFFE || c == 0xFFFF)
}

/// The string go-yaml reads back from the JSON text Go writes for `s`, or `None` when go-yaml
/// cannot read that text (so Helm's `toYaml` prints `""`).
///
/// Go's JSON escapes every YAML line break except NEL (U+0085), which go-yaml then folds like
/// any raw line break inside a double-quoted scalar: one break becomes a space, `n` breaks
/// become `n - 1` newlines, and spaces around breaks are dropped. A line that then starts with
/// `--- ` or `... ` is a document marker, which is an error.
fn json_round_trip(s: &str) -> Option<Cow<'_, str>> {
    const NEL: char = '\u{85}';
    if s.bytes().all(|b| b < 0x7F) {
        // ASCII without DEL: nothing for go-yaml to reject or fold.
        return Some(Cow::Borrowed(s));
    }
    if !s.chars().all(yaml_reader_allows) {
        return None;
    }
    if !s.contains(NEL) {
        return Some(Cow::Borrowed(s));
    }
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let mut out = String::new();
    let mut i = 0;
    let mut at_line_start = false;
    loop {
        if at_line_start
            && (chars[i..].starts_with(&['-', '-', '-'])
                || chars[i..].starts_with(&['.', '.', '.']))
            && chars.get(i + 3).is_some_and(|&c| c == ' ' || c == NEL)
        {
            return None;
        }
        while i < n && chars[i] != ' ' && chars[i] != NEL {
            out.push(chars[i]);
            i += 1;
        }
        if i >= n {
            break;
        }
        let mut whitespaces = String::new();
        let mut leading_blanks = false;
        let mut trailing_breaks = 0;
        while i < n && (chars[i] == ' ' || chars[i] == NEL) {
            if chars[i] == ' ' {
                if !leading_blanks {
                    whitespaces.push(' ');
                }
                at_line_start = false;
            } else {
                if leading_blanks {
                    trailing_breaks += 1;
                } else {
                    whitespaces.clear();
                    leading_blanks = true;
                }
                at_line_start = true;
            }
            i += 1;
        }
        if !leading_blanks {
            out.push_str(&whitespaces);
        } else if trailing_breaks == 0 {
            out.push(' ');
        } else {
            out.extend(std::iter::repeat_n('\n', trailing_breaks));
        }
    }
    Some(Cow::Owned(out))
}

/// A map key as go-yaml reads it back from Go's JSON text. go-yaml cannot read keys that span
/// lines (a raw NEL) or whose JSON text (quotes included) is longer than 1024 characters: a
/// simple key must end within 1024 characters of its start.
fn json_round_trip_key(k: &str) -> Option<Cow<'_, str>> {
    if k.contains('\u{85}') {
        return None;
    }
    // Go writes at most six characters per byte (`\u00XX`) plus the quotes.
    if k.len() * 6 + 2 > 1024 {
        let mut quoted = String::new();
        write_json_string(&mut quoted, k, true);
        if quoted.chars().count() > 1024 {
            return None;
        }
    }
    json_round_trip(k)
}

const BEST_INDENT: isize = 2;
const BEST_WIDTH: usize = 80;

/// What `yaml_emitter_analyze_scalar` finds out about a scalar, for block context (the
/// flow-context flags are never consulted by `toYaml`).
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn is_blankz(c: char) -> bool {
    is_blank(c) || is_break(c) || c == '\0'
}

/// go-yaml's `is_printable`: the YAML printable set without tabs, carriage returns and NEL.
fn is_printable(c: char) -> bool {
    let c = c as u32;
    c == 0x0A
        || (0x20..=0x7E).contains(&c)
        || (0xA0..=0xD7FF).contains(&c)
        || ((0xE000..=0xFFFD).contains(&c) && c != 0xFEFF)
}

fn analyze_scalar(value: &[char]) -> Analysis {
    if value.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let mut block_indicators =
        value.starts_with(&['-', '-', '-']) || value.starts_with(&['.', '.', '.']);
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut previous_space = false;
    let mut previous_break = false;

    let mut preceded_by_whitespace = true;
    let n = value.len();
    for (i, &c) in value.iter().enumerate() {
        let followed_by_whitespace = i + 1 >= n || is_blank(value[i + 1]);
        let indicator = if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => true,
                '?' | ':' | '-' => followed_by_whitespace,
                _ => false,
            }
        } else {
            match c {
                ':' => followed_by_whitespace,
                '#' => preceded_by_whitespace,
                _ => false,
            }
        };
        block_indicators |= indicator;
        if !is_printable(c) {
            special_characters = true;
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= i + 1 == n;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= i + 1 == n;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blankz(c);
    }

    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break || line_breaks {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// The state of go-yaml v2's `yaml_emitter_t` that block-style output depends on. `toYaml`
/// only uses flow style for empty collections (`[]`, `{}`), so no scalar is ever written in
/// flow context and the emitter's flow level is always 0 where it matters.
struct Emitter {
    out: String,
    /// Characters (runes) written on the current line.
    column: usize,
    indent: isize,
    indents: Vec<isize>,
    whitespace: bool,
    indention: bool,
    mapping_context: bool,
    simple_key_context: bool,
    /// Take the shortcuts for simple plain scalars and for maps whose keys need no sorting
    /// (off in tests, to compare with the general paths).
    shortcuts: bool,
    /// Spaces written after every line feed, not counted in `column` ([`to_yaml_indented`]).
    pad: usize,
}

impl Emitter {
    fn new() -> Self {
        // Room for a typical block (labels, resources, a container's env) without regrowing.
        Emitter {
            out: String::with_capacity(256),
            column: 0,
            indent: -1,
            indents: Vec::with_capacity(8),
            whitespace: true,
            indention: true,
            mapping_context: false,
            simple_key_context: false,
            shortcuts: true,
            pad: 0,
        }
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        push_spaces(&mut self.out, self.pad);
        self.column = 0;
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0).unsigned_abs();
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, indicator: &str, need_ws: bool, is_ws: bool, is_indention: bool) {
        if need_ws && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_ws;
        self.indention = self.indention && is_indention;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    /// Writes a value as go-yaml writes what it reads back from the value's JSON; `None` when
    /// that JSON cannot be written or read (NaN, infinities, characters go-yaml rejects): then
    /// what was written is to be dropped.
    fn emit_value(&mut self, v: &Value, mapping: bool, simple_key: bool) -> Option<()> {
        self.mapping_context = mapping;
        self.simple_key_context = simple_key;
        match v {
            Value::Null => self.emit_scalar("null", Style::Plain),
            Value::Bool(b) => self.emit_scalar(if *b { "true" } else { "false" }, Style::Plain),
            Value::Int(i) => self.emit_scalar(IntText::new(*i).as_str(), Style::Plain),
            Value::Float(f) => match small_integer(*f, 1e15) {
                // Its JSON text reads back as this integer: no string needed.
                Some(i) => self.emit_scalar(IntText::new(i).as_str(), Style::Plain),
                None => self.emit_scalar(&float_text(*f)?, Style::Plain),
            },
            Value::String(s) => {
                let s = json_round_trip(s)?;
                self.emit_scalar(&s, string_style(&s));
            }
            Value::List(items) if items.is_empty() => self.emit_empty_flow("[", "]"),
            Value::Map(map) if map.is_empty() => self.emit_empty_flow("{", "}"),
            Value::List(items) => {
                let indentless = self.mapping_context && !self.indention;
                self.increase_indent(false, indentless);
                for item in items {
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    self.emit_value(item, false, false)?;
                }
                self.pop_indent();
            }
            Value::Map(map) => {
                self.increase_indent(false, false);
                if self.shortcuts && keys_as_they_are(map) {
                    for (key, value) in map {
                        self.emit_entry(key, value)?;
                    }
                } else {
                    let entries = map
                        .iter()
                        .map(|(k, item)| Some((json_round_trip_key(k)?, item)))
                        .collect::<Option<Vec<_>>>()?;
                    for (key, value) in sort_natural(entries) {
                        self.emit_entry(&key, value)?;
                    }
                }
                self.pop_indent();
            }
        }
        Some(())
    }

    /// One `key: value` of a block mapping.
    fn emit_entry(&mut self, key: &str, value: &Value) -> Option<()> {
        self.write_indent();
        self.mapping_context = true;
        if self.shortcuts && key.len() <= 128 && is_simple_plain(key) && !needs_quoting(key) {
            self.simple_key_context = true;
            self.emit_scalar(key, Style::Plain);
            self.write_indicator(":", false, false, false);
            return self.emit_value(value, true, false);
        }
        let chars: Vec<char> = key.chars().collect();
        // yaml_emitter_check_simple_key: single-line and at most 128 bytes.
        let simple = !analyze_scalar(&chars).multiline && key.len() <= 128;
        if simple {
            self.simple_key_context = true;
            self.emit_scalar(key, string_style(key));
            self.write_indicator(":", false, false, false);
        } else {
            self.write_indicator("?", true, false, true);
            self.simple_key_context = false;
            self.emit_scalar(key, string_style(key));
            self.write_indent();
            self.write_indicator(":", true, false, true);
        }
        self.emit_value(value, true, false)
    }

    fn emit_empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.increase_indent(true, false);
        self.pop_indent();
        self.write_indicator(close, false, false, false);
    }

    fn emit_scalar(&mut self, text: &str, requested: Style) {
        if self.shortcuts && requested == Style::Plain && is_simple_plain(text) {
            // What the general path below does for such a scalar, without its analysis.
            if !self.whitespace {
                self.put(' ');
            }
            self.out.push_str(text);
            self.column += text.len();
            self.whitespace = false;
            self.indention = false;
            return;
        }
        let value: Vec<char> = text.chars().collect();
        let a = analyze_scalar(&value);
        // yaml_emitter_select_scalar_style
        let mut style = requested;
        if self.simple_key_context && a.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain
            && (!a.block_plain_allowed || (value.is_empty() && self.simple_key_context))
        {
            style = Style::SingleQuoted;
        }
        if style == Style::SingleQuoted && !a.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal && (!a.block_allowed || self.simple_key_context) {
            style = Style::DoubleQuoted;
        }
        self.increase_indent(true, false);
        let allow_breaks = !self.simple_key_context;
        match style {
            Style::Plain => self.write_plain(&value, allow_breaks),
            Style::SingleQuoted => self.write_single_quoted(&value, allow_breaks),
            Style::DoubleQuoted => self.write_double_quoted(&value, allow_breaks),
            Style::Literal => self.write_literal(&value),
        }
        self.pop_indent();
    }

    fn write_plain(&mut self, value: &[char], allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let mut spaces = false;
        let mut breaks = false;
        for (i, &c) in value.iter().enumerate() {
            if c == ' ' {
                let next_is_space = value.get(i + 1) == Some(&' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_is_space {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, value: &[char], allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let mut spaces = false;
        let mut breaks = false;
        let n = value.len();
        for (i, &c) in value.iter().enumerate() {
            if c == ' ' {
                let next_is_space = value.get(i + 1) == Some(&' ');
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i + 1 < n
                    && !next_is_space
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted(&mut self, value: &[char], allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let mut spaces = false;
        let n = value.len();
        let starts_with_bom = value.first() == Some(&'\u{FEFF}');
        for (i, &c) in value.iter().enumerate() {
            // go-yaml's `is_bom` looks at the start of the value, not at the current character,
            // so a value starting with U+FEFF has every character escaped.
            if !is_printable(c) || starts_with_bom || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let short = match c {
                    '\0' => Some('0'),
                    '\u{7}' => Some('a'),
                    '\u{8}' => Some('b'),
                    '\t' => Some('t'),
                    '\n' => Some('n'),
                    '\u{b}' => Some('v'),
                    '\u{c}' => Some('f'),
                    '\r' => Some('r'),
                    '\u{1b}' => Some('e'),
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '\u{85}' => Some('N'),
                    '\u{a0}' => Some('_'),
                    '\u{2028}' => Some('L'),
                    '\u{2029}' => Some('P'),
                    _ => None,
                };
                match short {
                    Some(s) => self.put(s),
                    None => {
                        let v = c as u32;
                        let (letter, width) = if v <= 0xFF {
                            ('x', 2)
                        } else if v <= 0xFFFF {
                            ('u', 4)
                        } else {
                            ('U', 8)
                        };
                        self.put(letter);
                        for k in (0..width).rev() {
                            let digit = (v >> (k * 4)) & 0xF;
                            let ch = char::from_digit(digit, 16).unwrap_or('0');
                            self.put(ch.to_ascii_uppercase());
                        }
                    }
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i + 1 < n {
                    self.write_indent();
                    if value.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal(&mut self, value: &[char]) {
        self.write_indicator("|", true, false, false);
        // yaml_emitter_write_block_scalar_hints
        if value.first().is_some_and(|&c| c == ' ' || is_break(c)) {
            // The indentation indicator is best_indent (2).
            self.write_indicator("2", false, false, false);
        }
        let n = value.len();
        let chomp = match value.last() {
            Some(&last) if is_break(last) => {
                if n == 1 || value.get(n - 2).is_some_and(|&c| is_break(c)) {
                    Some("+")
                } else {
                    None
                }
            }
            _ => Some("-"),
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for &c in value {
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! Every expected string here was printed by Helm v3.17.2 (`helm template` of a one-line
    //! template such as `{{ toYaml .Values.v }}`, with the input in values.yaml, where numbers
    //! are float64), not by this code.

    use super::*;

    fn s(text: &str) -> String {
        text.to_owned()
    }

    fn cat(parts: &[&str]) -> String {
        parts.concat()
    }

    fn f(x: f64) -> Value {
        Value::Float(x)
    }

    fn list(items: Vec<Value>) -> Value {
        Value::List(items)
    }

    fn map(entries: Vec<(String, Value)>) -> Value {
        Value::Map(entries.into_iter().collect())
    }

    #[test]
    fn go_string_prints_values_like_go_fmt() {
        let cases = [
            (
                map(vec![
                    (s("b"), f(1.0)),
                    (
                        s("a"),
                        list(vec![
                            f(1.0),
                            f(2.5),
                            Value::Null,
                            Value::Bool(true),
                            Value::String(s("x y")),
                        ]),
                    ),
                    (s("c"), map(vec![])),
                    (s("d"), list(vec![])),
                    (
                        s("e"),
                        map(vec![(s("f"), map(vec![(s("g"), Value::String(s("h")))]))]),
                    ),
                ]),
                "map[a:[1 2.5 <nil> true x y] b:1 c:map[] d:[] e:map[f:map[g:h]]]",
            ),
            (
                list(vec![
                    f(1.0),
                    Value::String(s("two")),
                    map(vec![(s("x"), f(1.0))]),
                ]),
                "[1 two map[x:1]]",
            ),
            (list(vec![]), "[]"),
            (map(vec![]), "map[]"),
            (Value::String(s("raw string")), "raw string"),
            (Value::Bool(true), "true"),
            (f(1.5), "1.5"),
        ];
        for (input, expected) in cases {
            assert_eq!(go_string(&input), expected, "{input:?}");
        }
    }

    #[test]
    fn int_text_is_the_decimal_text() {
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let edges = [
            0,
            1,
            -1,
            9,
            10,
            -10,
            999_999,
            i64::MAX,
            i64::MIN,
            i64::MIN + 1,
        ];
        let random = (0..10_000).map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x as i64) >> (x % 64)
        });
        for i in edges.into_iter().chain(random) {
            assert_eq!(IntText::new(i).as_str(), i.to_string());
            let mut out = String::from(">");
            push_float(&mut out, i as f64);
            // Against the general shortest-digits path, which does not use `IntText`.
            assert_eq!(out, format!(">{}", format_float_digits(i as f64)));
        }
    }

    #[test]
    fn format_float_matches_go_percent_v() {
        let cases = [
            (f(999999.0), "999999"),
            (f(1000000.0), "1e+06"),
            (f(1234567.0), "1.234567e+06"),
            (f(123456.7), "123456.7"),
            (f(123456789.0), "1.23456789e+08"),
            (f(1234567890123.0), "1.234567890123e+12"),
            (f(1e+21), "1e+21"),
            (f(1.2345678901234568e+22), "1.2345678901234568e+22"),
            (f(1.0), "1"),
            (f(-0.0), "-0"),
            (f(0.0001), "0.0001"),
            (f(0.00012), "0.00012"),
            (f(1e-05), "1e-05"),
            (f(1e-07), "1e-07"),
            (f(100.0), "100"),
            (f(0.1), "0.1"),
            (f(1.5e+300), "1.5e+300"),
            (f(5e-324), "5e-324"),
            (f(1.7976931348623157e+308), "1.7976931348623157e+308"),
            (f(-716517672049912.2), "-7.165176720499122e+14"),
        ];
        for (input, expected) in cases {
            assert_eq!(go_string(&input), expected, "{input:?}");
        }
    }

    #[test]
    fn to_json_sorts_keys_and_escapes_html() {
        let cases = [
            (
                map(vec![
                    (s("b"), f(1.0)),
                    (
                        s("a"),
                        list(vec![
                            f(1.0),
                            f(2.5),
                            Value::Null,
                            Value::Bool(true),
                            Value::String(s("x<y>&z")),
                        ]),
                    ),
                    (s("c"), map(vec![])),
                    (s("d"), list(vec![])),
                ]),
                "{\"a\":[1,2.5,null,true,\"x\\u003cy\\u003e\\u0026z\"],\"b\":1,\"c\":{},\"d\":[]}",
            ),
            (
                Value::String(s("a\u{2028}b\u{2029}c")),
                "\"a\\u2028b\\u2029c\"",
            ),
            (
                Value::String(s("\u{1}\u{8}\u{c}\u{1f}\u{7f}")),
                "\"\\u0001\\b\\f\\u001f\u{7f}\"",
            ),
            (Value::String(s("\t\n\r\"\\/")), "\"\\t\\n\\r\\\"\\\\/\""),
            (Value::String(s("é\u{1f600}")), "\"é\u{1f600}\""),
            (Value::Null, "null"),
            (list(vec![]), "[]"),
            (map(vec![]), "{}"),
        ];
        for (input, expected) in cases {
            let got = to_json(&input).unwrap_or_default();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn to_json_formats_floats_like_encoding_json() {
        let cases = [
            (list(vec![f(1e+21), f(1e+20), f(1e-07), f(1e-06), f(1e-06), f(1.5e-10), f(-0.0), f(1.5), f(100.0), f(1.2345678901234567e+19), f(123456789.0), f(1000000.0), f(-716517672049912.2), f(5e-324), f(1.7976931348623157e+308)]), "[1e+21,100000000000000000000,1e-7,0.000001,0.000001,1.5e-10,-0,1.5,100,12345678901234567000,123456789,1000000,-716517672049912.2,5e-324,1.7976931348623157e+308]"),
        ];
        for (input, expected) in cases {
            let got = to_json(&input).unwrap_or_default();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn to_pretty_json_indents_two_spaces() {
        let cases = [
            (map(vec![(s("b"), f(1.0)), (s("a"), list(vec![f(1.0), f(2.5), Value::Null, Value::Bool(true), Value::String(s("x<y>&z"))])), (s("c"), map(vec![])), (s("d"), list(vec![])), (s("e"), map(vec![(s("f"), list(vec![map(vec![(s("g"), f(1.0))])]))]))]), "{\n  \"a\": [\n    1,\n    2.5,\n    null,\n    true,\n    \"x\\u003cy\\u003e\\u0026z\"\n  ],\n  \"b\": 1,\n  \"c\": {},\n  \"d\": [],\n  \"e\": {\n    \"f\": [\n      {\n        \"g\": 1\n      }\n    ]\n  }\n}"),
            (list(vec![]), "[]"),
            (map(vec![]), "{}"),
            (Value::String(s("x<")), "\"x\\u003c\""),
            (f(1.0), "1"),
            (list(vec![list(vec![])]), "[\n  []\n]"),
            (list(vec![f(1.0), list(vec![f(2.0), list(vec![f(3.0)])])]), "[\n  1,\n  [\n    2,\n    [\n      3\n    ]\n  ]\n]"),
        ];
        for (input, expected) in cases {
            let got = to_pretty_json(&input).unwrap_or_default();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn to_raw_json_does_not_escape_html() {
        let cases = [
            (
                map(vec![
                    (s("b"), f(1.0)),
                    (s("a"), list(vec![Value::String(s("x<y>&z"))])),
                ]),
                "{\"a\":[\"x<y>&z\"],\"b\":1}",
            ),
            (Value::String(s("a\u{2028}b")), "\"a\\u2028b\""),
            (Value::String(s("<&>")), "\"<&>\""),
        ];
        for (input, expected) in cases {
            let got = to_raw_json(&input).unwrap_or_default();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn to_yaml_does_not_indent_sequences_under_keys() {
        let cases = [
            (
                map(vec![(
                    s("list"),
                    list(vec![
                        Value::String(s("a")),
                        map(vec![(s("b"), f(1.0)), (s("c"), list(vec![f(1.0)]))]),
                    ]),
                )]),
                "list:\n- a\n- b: 1\n  c:\n  - 1",
            ),
            (
                map(vec![(
                    s("a"),
                    map(vec![(
                        s("b"),
                        map(vec![(
                            s("c"),
                            list(vec![map(vec![(
                                s("d"),
                                list(vec![f(1.0), list(vec![f(2.0), f(3.0)])]),
                            )])]),
                        )]),
                    )]),
                )]),
                "a:\n  b:\n    c:\n    - d:\n      - 1\n      - - 2\n        - 3",
            ),
            (
                list(vec![Value::String(s("a")), Value::String(s("b"))]),
                "- a\n- b",
            ),
        ];
        for (input, expected) in cases {
            let got = to_yaml(&input).unwrap_or_default();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn to_yaml_writes_nested_and_empty_collections() {
        let cases = [
            (
                list(vec![
                    list(vec![Value::String(s("x")), Value::String(s("y"))]),
                    list(vec![Value::String(s("z"))]),
                ]),
                "- - x\n  - \"y\"\n- - z",
            ),
            (list(vec![list(vec![])]), "- []"),
            (list(vec![map(vec![])]), "- {}"),
            (
                map(vec![(s("a"), list(vec![])), (s("b"), map(vec![]))]),
                "a: []\nb: {}",
            ),
            (list(vec![]), "[]"),
            (map(vec![]), "{}"),
            (Value::Null, "null"),
            (
                list(vec![Value::Null, Value::Bool(true), Value::Bool(false)]),
                "- null\n- true\n- false",
            ),
            (map(vec![(s("a"), Value::Null)]), "a: null"),
        ];
        for (input, expected) in cases {
            let got = to_yaml(&input).unwrap_or_default();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn to_yaml_prints_numbers_as_their_json_text_reads_back() {
        let cases = [
            (list(vec![f(1000000.0), f(3.0), f(-0.0), f(1e-06), f(1e+21), f(1e+20), f(1.2345678901234567e+19), f(1.8446744073709552e+19), f(1.5), f(1e-07), f(123456789.0), f(1e-05), f(0.0001), f(2.5e-10), f(-1e+22), f(-716517672049912.2)]), "- 1000000\n- 3\n- 0\n- 1e-06\n- 1e+21\n- 1e+20\n- 12345678901234567000\n- 1.8446744073709552e+19\n- 1.5\n- 1e-07\n- 123456789\n- 1e-05\n- 0.0001\n- 2.5e-10\n- -1e+22\n- -7.165176720499122e+14"),
        ];
        for (input, expected) in cases {
            let got = to_yaml(&input).unwrap_or_default();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn to_yaml_double_quotes_strings_that_would_resolve_to_other_types() {
        let cases = [
            (map(vec![(s("k"), Value::String(s("")))]), "k: \"\""),
            (map(vec![(s("k"), Value::String(s("true")))]), "k: \"true\""),
            (map(vec![(s("k"), Value::String(s("True")))]), "k: \"True\""),
            (
                map(vec![(s("k"), Value::String(s("FALSE")))]),
                "k: \"FALSE\"",
            ),
            (map(vec![(s("k"), Value::String(s("yes")))]), "k: \"yes\""),
            (map(vec![(s("k"), Value::String(s("Yes")))]), "k: \"Yes\""),
            (map(vec![(s("k"), Value::String(s("no")))]), "k: \"no\""),
            (map(vec![(s("k"), Value::String(s("on")))]), "k: \"on\""),
            (map(vec![(s("k"), Value::String(s("OFF")))]), "k: \"OFF\""),
            (map(vec![(s("k"), Value::String(s("y")))]), "k: \"y\""),
            (map(vec![(s("k"), Value::String(s("Y")))]), "k: \"Y\""),
            (map(vec![(s("k"), Value::String(s("n")))]), "k: \"n\""),
            (map(vec![(s("k"), Value::String(s("null")))]), "k: \"null\""),
            (map(vec![(s("k"), Value::String(s("Null")))]), "k: \"Null\""),
            (map(vec![(s("k"), Value::String(s("NULL")))]), "k: \"NULL\""),
            (map(vec![(s("k"), Value::String(s("~")))]), "k: \"~\""),
            (map(vec![(s("k"), Value::String(s("123")))]), "k: \"123\""),
            (map(vec![(s("k"), Value::String(s("-1")))]), "k: \"-1\""),
            (map(vec![(s("k"), Value::String(s("+1")))]), "k: \"+1\""),
            (map(vec![(s("k"), Value::String(s(".5")))]), "k: \".5\""),
            (map(vec![(s("k"), Value::String(s("1.5")))]), "k: \"1.5\""),
            (map(vec![(s("k"), Value::String(s("1.0")))]), "k: \"1.0\""),
            (map(vec![(s("k"), Value::String(s("1.10")))]), "k: \"1.10\""),
            (map(vec![(s("k"), Value::String(s("0.")))]), "k: \"0.\""),
            (map(vec![(s("k"), Value::String(s("+.5")))]), "k: \"+.5\""),
            (map(vec![(s("k"), Value::String(s("1e3")))]), "k: \"1e3\""),
            (map(vec![(s("k"), Value::String(s("1E5")))]), "k: \"1E5\""),
            (map(vec![(s("k"), Value::String(s(".inf")))]), "k: \".inf\""),
            (
                map(vec![(s("k"), Value::String(s("-.Inf")))]),
                "k: \"-.Inf\"",
            ),
            (map(vec![(s("k"), Value::String(s(".NaN")))]), "k: \".NaN\""),
            (map(vec![(s("k"), Value::String(s("0x1F")))]), "k: \"0x1F\""),
            (map(vec![(s("k"), Value::String(s("0o17")))]), "k: \"0o17\""),
            (
                map(vec![(s("k"), Value::String(s("0b101")))]),
                "k: \"0b101\"",
            ),
            (map(vec![(s("k"), Value::String(s("0755")))]), "k: \"0755\""),
            (map(vec![(s("k"), Value::String(s("08")))]), "k: \"08\""),
            (
                map(vec![(s("k"), Value::String(s("1_000")))]),
                "k: \"1_000\"",
            ),
            (map(vec![(s("k"), Value::String(s("1__0")))]), "k: \"1__0\""),
            (
                map(vec![(s("k"), Value::String(s("2024-01-01")))]),
                "k: \"2024-01-01\"",
            ),
            (
                map(vec![(s("k"), Value::String(s("2024-1-1")))]),
                "k: \"2024-1-1\"",
            ),
            (
                map(vec![(
                    s("k"),
                    Value::String(s("2001-12-14t21:59:43.10-05:00")),
                )]),
                "k: \"2001-12-14t21:59:43.10-05:00\"",
            ),
            (
                map(vec![(s("k"), Value::String(s("2001-12-14 21:59:43")))]),
                "k: \"2001-12-14 21:59:43\"",
            ),
            (
                map(vec![(s("k"), Value::String(s("12:30:45")))]),
                "k: \"12:30:45\"",
            ),
            (map(vec![(s("k"), Value::String(s("1:20")))]), "k: \"1:20\""),
            (
                map(vec![(s("k"), Value::String(s("190:20:30")))]),
                "k: \"190:20:30\"",
            ),
            (
                map(vec![(s("k"), Value::String(s("-1:20")))]),
                "k: \"-1:20\"",
            ),
            (
                map(vec![(s("k"), Value::String(s("12345678901234567890")))]),
                "k: \"12345678901234567890\"",
            ),
            (
                map(vec![(s("k"), Value::String(cat(&[&"9".repeat(20)])))]),
                "k: \"99999999999999999999\"",
            ),
        ];
        for (input, expected) in cases {
            let got = to_yaml(&input).unwrap_or_default();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn to_yaml_keeps_other_strings_plain() {
        let cases = [
            (map(vec![(s("k"), Value::String(s("1.2.3")))]), "k: 1.2.3"),
            (map(vec![(s("k"), Value::String(s("NaN")))]), "k: NaN"),
            (map(vec![(s("k"), Value::String(s("nO")))]), "k: nO"),
            (map(vec![(s("k"), Value::String(s("yEs")))]), "k: yEs"),
            (map(vec![(s("k"), Value::String(s("1e")))]), "k: 1e"),
            (map(vec![(s("k"), Value::String(s("0x")))]), "k: 0x"),
            (map(vec![(s("k"), Value::String(s("a:b")))]), "k: a:b"),
            (map(vec![(s("k"), Value::String(s("a#b")))]), "k: a#b"),
            (map(vec![(s("k"), Value::String(s("x,y")))]), "k: x,y"),
            (map(vec![(s("k"), Value::String(s("a]")))]), "k: a]"),
            (map(vec![(s("k"), Value::String(s("a{b}")))]), "k: a{b}"),
            (map(vec![(s("k"), Value::String(s("-x")))]), "k: -x"),
            (map(vec![(s("k"), Value::String(s(":x")))]), "k: :x"),
            (map(vec![(s("k"), Value::String(s("?x")))]), "k: ?x"),
            (map(vec![(s("k"), Value::String(s("=")))]), "k: ="),
            (map(vec![(s("k"), Value::String(s("==")))]), "k: =="),
            (map(vec![(s("k"), Value::String(s("<<")))]), "k: <<"),
            (map(vec![(s("k"), Value::String(s(".")))]), "k: ."),
            (map(vec![(s("k"), Value::String(s("a, b")))]), "k: a, b"),
            (
                map(vec![(s("k"), Value::String(s("http://x.y/z?a=b&c=d")))]),
                "k: http://x.y/z?a=b&c=d",
            ),
            (
                map(vec![(s("k"), Value::String(s("héllo ✓ 日本")))]),
                "k: héllo ✓ 日本",
            ),
            (map(vec![(s("k"), Value::String(s("a b")))]), "k: a b"),
            (
                map(vec![(s("k"), Value::String(s("2024-13-01")))]),
                "k: 2024-13-01",
            ),
            (
                map(vec![(s("k"), Value::String(s("2024-02-30")))]),
                "k: 2024-02-30",
            ),
            (
                map(vec![(
                    s("k"),
                    Value::String(s("2001-12-14 21:59:43.10 -5")),
                )]),
                "k: 2001-12-14 21:59:43.10 -5",
            ),
            (map(vec![(s("k"), Value::String(s("1:60")))]), "k: 1:60"),
            (map(vec![(s("k"), Value::String(s("1e400")))]), "k: 1e400"),
            (
                map(vec![(
                    s("k"),
                    Value::String(cat(&["0x1", &"F".repeat(17)])),
                )]),
                "k: 0x1FFFFFFFFFFFFFFFFF",
            ),
            (map(vec![(s("k"), Value::String(s("a\\b")))]), "k: a\\b"),
            (map(vec![(s("k"), Value::String(s("a\"b")))]), "k: a\"b"),
            (map(vec![(s("k"), Value::String(s("it's")))]), "k: it's"),
        ];
        for (input, expected) in cases {
            let got = to_yaml(&input).unwrap_or_default();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn to_yaml_single_quotes_strings_starting_with_indicators() {
        let cases = [
            (map(vec![(s("k"), Value::String(s("&x")))]), "k: '&x'"),
            (map(vec![(s("k"), Value::String(s("*x")))]), "k: '*x'"),
            (map(vec![(s("k"), Value::String(s("!x")))]), "k: '!x'"),
            (map(vec![(s("k"), Value::String(s("|x")))]), "k: '|x'"),
            (map(vec![(s("k"), Value::String(s(">x")))]), "k: '>x'"),
            (map(vec![(s("k"), Value::String(s("'x")))]), "k: '''x'"),
            (map(vec![(s("k"), Value::String(s("\"x")))]), "k: '\"x'"),
            (map(vec![(s("k"), Value::String(s("%x")))]), "k: '%x'"),
            (map(vec![(s("k"), Value::String(s("@x")))]), "k: '@x'"),
            (map(vec![(s("k"), Value::String(s("`x")))]), "k: '`x'"),
            (map(vec![(s("k"), Value::String(s("{x}")))]), "k: '{x}'"),
            (map(vec![(s("k"), Value::String(s("[x]")))]), "k: '[x]'"),
            (map(vec![(s("k"), Value::String(s("]x")))]), "k: ']x'"),
            (map(vec![(s("k"), Value::String(s("}x")))]), "k: '}x'"),
            (map(vec![(s("k"), Value::String(s("#b")))]), "k: '#b'"),
            (map(vec![(s("k"), Value::String(s(",x")))]), "k: ',x'"),
            (map(vec![(s("k"), Value::String(s("- x")))]), "k: '- x'"),
            (map(vec![(s("k"), Value::String(s("? x")))]), "k: '? x'"),
            (map(vec![(s("k"), Value::String(s(": x")))]), "k: ': x'"),
            (map(vec![(s("k"), Value::String(s("-")))]), "k: '-'"),
            (map(vec![(s("k"), Value::String(s("?")))]), "k: '?'"),
            (map(vec![(s("k"), Value::String(s(":")))]), "k: ':'"),
            (map(vec![(s("k"), Value::String(s("|")))]), "k: '|'"),
            (map(vec![(s("k"), Value::String(s(">")))]), "k: '>'"),
            (map(vec![(s("k"), Value::String(s("---")))]), "k: '---'"),
            (map(vec![(s("k"), Value::String(s("...")))]), "k: '...'"),
            (map(vec![(s("k"), Value::String(s("--- x")))]), "k: '--- x'"),
            (map(vec![(s("k"), Value::String(s("a: b")))]), "k: 'a: b'"),
            (map(vec![(s("k"), Value::String(s("a #b")))]), "k: 'a #b'"),
            (map(vec![(s("k"), Value::String(s("a:")))]), "k: 'a:'"),
            (map(vec![(s("k"), Value::String(s(" lead")))]), "k: ' lead'"),
            (map(vec![(s("k"), Value::String(s("x ")))]), "k: 'x '"),
            (map(vec![(s("k"), Value::String(s(" ")))]), "k: ' '"),
            (
                map(vec![(s("k"), Value::String(s("'''x'")))]),
                "k: '''''''x'''",
            ),
        ];
        for (input, expected) in cases {
            let got = to_yaml(&input).unwrap_or_default();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn to_yaml_double_quotes_and_escapes_special_characters() {
        let cases = [
            (
                map(vec![(s("k"), Value::String(s("a\tb")))]),
                "k: \"a\\tb\"",
            ),
            (
                map(vec![(s("k"), Value::String(s("a\u{1}b")))]),
                "k: \"a\\x01b\"",
            ),
            (
                map(vec![(s("k"), Value::String(s("a\rb")))]),
                "k: \"a\\rb\"",
            ),
            (
                map(vec![(
                    s("k"),
                    Value::String(s("\u{0}\u{7}\u{8}\u{b}\u{c}\u{1b}")),
                )]),
                "k: \"\\0\\a\\b\\v\\f\\e\"",
            ),
            (
                map(vec![(s("k"), Value::String(s("\u{1f600}")))]),
                "k: \"\\U0001F600\"",
            ),
            (
                map(vec![(s("k"), Value::String(s("line1 \nline2\n")))]),
                "k: \"line1 \\nline2\\n\"",
            ),
            (
                map(vec![(s("k"), Value::String(s("  \n")))]),
                "k: \"  \\n\"",
            ),
            (
                map(vec![(s("k"), Value::String(s("a\u{2028}b")))]),
                "k: 'a\u{2028}  b'",
            ),
            (
                map(vec![(s("k"), Value::String(s("a\u{2029}b")))]),
                "k: 'a\u{2029}  b'",
            ),
            (map(vec![(s("k"), Value::String(s("�")))]), "k: �"),
        ];
        for (input, expected) in cases {
            let got = to_yaml(&input).unwrap_or_default();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn to_yaml_escapes_every_character_after_a_leading_bom() {
        let cases = [
            (
                Value::String(s("\u{feff}ab c")),
                "\"\\uFEFF\\x61\\x62\\x20\\x63\"",
            ),
            (
                map(vec![(s("k"), Value::String(s("\u{feff}x")))]),
                "k: \"\\uFEFF\\x78\"",
            ),
            (
                map(vec![(s("k"), Value::String(s("a\u{feff}")))]),
                "k: \"a\\uFEFF\"",
            ),
        ];
        for (input, expected) in cases {
            let got = to_yaml(&input).unwrap_or_default();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn to_yaml_writes_multiline_strings_as_literal_blocks() {
        let cases = [
            (
                map(vec![(s("a"), Value::String(s("line1\nline2\n")))]),
                "a: |\n  line1\n  line2",
            ),
            (
                map(vec![(s("a"), Value::String(s("x\ny")))]),
                "a: |-\n  x\n  y",
            ),
            (
                map(vec![(s("a"), Value::String(s("x\n\n\n")))]),
                "a: |+\n  x\n\n",
            ),
            (map(vec![(s("a"), Value::String(s("\n")))]), "a: |2+\n"),
            (
                map(vec![(s("a"), Value::String(s("\n\nx")))]),
                "a: |2-\n\n\n  x",
            ),
            (
                map(vec![(s("a"), Value::String(s(" lead\nx")))]),
                "a: |2-\n   lead\n  x",
            ),
            (
                map(vec![(s("a"), Value::String(s("a\n b")))]),
                "a: |-\n  a\n   b",
            ),
            (
                list(vec![map(vec![(s("k"), Value::String(s("a\nb")))])]),
                "- k: |-\n    a\n    b",
            ),
            (
                map(vec![(
                    s("l"),
                    list(vec![map(vec![
                        (s("k"), Value::String(s("a\nb"))),
                        (s("m"), Value::String(s("c\n"))),
                    ])]),
                )]),
                "l:\n- k: |-\n    a\n    b\n  m: |\n    c",
            ),
            (Value::String(s("a\nb")), "|-\n  a\n  b"),
            (Value::String(s("a\nb\n")), "|\n  a\n  b"),
            (list(vec![Value::String(s("x\ny"))]), "- |-\n  x\n  y"),
            (
                map(vec![(
                    s("n"),
                    map(vec![(s("m"), Value::String(s("x\ny\n")))]),
                )]),
                "\"n\":\n  m: |\n    x\n    y",
            ),
        ];
        for (input, expected) in cases {
            let got = to_yaml(&input).unwrap_or_default();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn to_yaml_folds_long_scalars_at_80_columns() {
        let cases = [
            (map(vec![(s("k"), Value::String(s("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt uuuu vvvv wwww xxxx yyyy zzzz")))]), "k: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp\n  qqqq rrrr ssss tttt uuuu vvvv wwww xxxx yyyy zzzz"),
            (map(vec![(s("n"), map(vec![(s("deep"), map(vec![(s("deeper"), Value::String(s("aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa")))]))]))]), "\"n\":\n  deep:\n    deeper: aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n      aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa"),
            (list(vec![Value::String(s("aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa"))]), "- aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n  aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa"),
            (map(vec![(s("l"), list(vec![Value::String(s("aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa")), map(vec![(s("x"), Value::String(s("aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa")))])]))]), "l:\n- aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n  aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n- x: aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n    aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa"),
            (list(vec![list(vec![Value::String(s("aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa"))])]), "- - aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n    aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa"),
            (Value::String(s("aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa")), "aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n  aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa"),
            (map(vec![(s("k"), Value::String(cat(&[&"x".repeat(100)])))]), "k: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
            (map(vec![(s("k"), Value::String(cat(&[&"x".repeat(85), " y z"])))]), "k: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n  y z"),
            (map(vec![(s("k"), Value::String(cat(&[&"x".repeat(85), "  y  z"])))]), "k: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  y  z"),
            (map(vec![(s("k"), Value::String(s("- aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa")))]), "k: '- aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n  aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa'"),
            (map(vec![(s("k"), Value::String(s("aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa ")))]), "k: 'aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n  aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa '"),
            (map(vec![(s("k"), Value::String(s("a: aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa")))]), "k: 'a: aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n  aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa'"),
            (map(vec![(s("k"), Value::String(cat(&[&"a".repeat(78), " b c"])))]), "k: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  b c"),
            (map(vec![(s("k"), Value::String(cat(&[&"a".repeat(79), " b c"])))]), "k: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  b c"),
            (map(vec![(s("k"), Value::String(cat(&[&"é".repeat(79), " b c"])))]), "k: ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé\n  b c"),
            (map(vec![(s("k"), Value::String(cat(&[&"a".repeat(80), "\t b c d e"])))]), "k: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\t\n  b c d e\""),
            (map(vec![(s("k"), Value::String(cat(&["\t", &"a".repeat(85), "  b  c"])))]), "k: \"\\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  \\ b  c\""),
            (map(vec![(s("kkkkkkkkkk"), Value::String(cat(&[&"a".repeat(75), " b c"])))]), "kkkkkkkkkk: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  b c"),
        ];
        for (input, expected) in cases {
            let got = to_yaml(&input).unwrap_or_default();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn to_yaml_writes_long_and_multiline_keys_in_complex_form() {
        let cases = [
            (map(vec![(cat(&[&"a".repeat(128)]), f(1.0))]), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: 1"),
            (map(vec![(cat(&[&"a".repeat(129)]), f(1.0))]), "? aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n: 1"),
            (map(vec![(cat(&[&"a".repeat(129)]), map(vec![(s("b"), f(1.0))]))]), "? aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n: b: 1"),
            (map(vec![(cat(&[&"a".repeat(129)]), list(vec![f(1.0), f(2.0)]))]), "? aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n: - 1\n  - 2"),
            (map(vec![(cat(&[&"a".repeat(129)]), Value::String(s("x\ny")))]), "? aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n: |-\n  x\n  y"),
            (map(vec![(cat(&[&"é".repeat(64)]), f(1.0))]), "éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé: 1"),
            (map(vec![(cat(&[&"é".repeat(65)]), f(1.0))]), "? ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé\n: 1"),
            (map(vec![(s("a\nb"), f(1.0))]), "? |-\n  a\n  b\n: 1"),
            (map(vec![(s("a\nb"), map(vec![(s("c"), f(1.0))]))]), "? |-\n  a\n  b\n: c: 1"),
            (map(vec![(cat(&[&"x".repeat(130), " aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa"]), f(1.0))]), "? xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n  aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n  aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n: 1"),
        ];
        for (input, expected) in cases {
            let got = to_yaml(&input).unwrap_or_default();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn to_yaml_orders_keys_like_go_yaml() {
        let cases = [
            (map(vec![(s("b"), f(1.0)), (s("a"), f(2.0)), (s("B"), f(3.0)), (s("_"), f(4.0)), (s("1"), f(5.0)), (s("10"), f(6.0)), (s("2"), f(7.0)), (s("a1"), f(8.0)), (s("a10"), f(9.0)), (s("a2"), f(10.0)), (s(""), f(11.0)), (s(" sp"), f(12.0)), (s("-1"), f(13.0)), (s("~"), f(14.0)), (s("1.5"), f(15.0)), (s("A"), f(16.0))]), "\"\": 11\n' sp': 12\n\"-1\": 13\n_: 4\n\"~\": 14\n\"1\": 5\n\"1.5\": 15\n\"2\": 7\n\"10\": 6\nA: 16\nB: 3\na: 2\na1: 8\na2: 10\na10: 9\nb: 1"),
            (map(vec![(s("a-b"), f(17.0)), (s("a.b"), f(18.0)), (s("a_"), f(19.0)), (s("a1b2"), f(20.0)), (s("a1b10"), f(21.0)), (s("a9"), f(22.0)), (s("aZ"), f(23.0)), (s("ab"), f(24.0)), (s("z"), f(25.0)), (s("é"), f(26.0)), (s("Upper"), f(27.0)), (s("emptylist"), f(28.0)), (s("_under"), f(29.0)), (s("9"), f(30.0))]), "_under: 29\n\"9\": 30\nUpper: 27\na-b: 17\na.b: 18\na_: 19\na1b2: 20\na1b10: 21\na9: 22\naZ: 23\nab: 24\nemptylist: 28\nz: 25\né: 26"),
            (map(vec![(s("a01"), f(1.0)), (s("a001"), f(2.0)), (s("a1"), f(3.0)), (s("a0"), f(4.0)), (s("a00"), f(5.0)), (s("a10"), f(6.0)), (s("a010"), f(7.0)), (s("x0y"), f(8.0)), (s("x00y"), f(9.0)), (s("x1y"), f(10.0))]), "a0: 4\na00: 5\na1: 3\na01: 1\na001: 2\na10: 6\na010: 7\nx00y: 9\nx0y: 8\nx1y: 10"),
            (map(vec![(s("ä"), f(1.0)), (s("b"), f(2.0)), (s("日本"), f(3.0)), (s("٣"), f(4.0)), (s("3"), f(5.0)), (s("a٣"), f(6.0)), (s("a3"), f(7.0)), (s("a4"), f(8.0))]), "\"3\": 5\n٣: 4\na3: 7\na4: 8\na٣: 6\nb: 2\nä: 1\n日本: 3"),
        ];
        for (input, expected) in cases {
            let got = to_yaml(&input).unwrap_or_default();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn to_yaml_folds_nel_line_breaks_read_back_from_json() {
        let cases = [
            (list(vec![Value::String(s("a\u{85}b")), Value::String(s("a \u{85} b")), Value::String(s("a\u{85}\u{85}b")), Value::String(s("\u{85}a")), Value::String(s("a\u{85}")), Value::String(s("a\u{85}---")), Value::String(s("a\u{85}...")), Value::String(s("a\u{85}\u{85}\u{85}b")), Value::String(s("x\u{85}\u{2028}y"))]), "- a b\n- a b\n- |-\n  a\n  b\n- ' a'\n- 'a '\n- a ---\n- a ...\n- |-\n  a\n\n  b\n- \"x \\Ly\""),
        ];
        for (input, expected) in cases {
            let got = to_yaml(&input).unwrap_or_default();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn to_yaml_is_empty_when_go_yaml_cannot_read_the_json() {
        let cases = [
            (list(vec![Value::String(s("a\u{7f}b"))]), ""),
            (map(vec![(s("k"), Value::String(s("a\u{80}")))]), ""),
            (map(vec![(s("k"), Value::String(s("￿")))]), ""),
            (map(vec![(s("a\u{85}b"), f(1.0))]), ""),
            (map(vec![(s("k"), Value::String(s("a\u{85}--- x")))]), ""),
            (list(vec![Value::String(s("a\u{85}...\u{85}"))]), ""),
        ];
        for (input, expected) in cases {
            let got = to_yaml(&input).unwrap_or_default();
            assert_eq!(got, expected, "{input:?}");
        }
    }

    #[test]
    fn go_string_prints_ints_from_set_without_exponent() {
        // `--set v=1000000` gives an int64.
        assert_eq!(go_string(&Value::Int(1000000)), "1000000");
        assert_eq!(go_string(&Value::Int(-5)), "-5");
        assert_eq!(go_string(&Value::Null), "<nil>");
        assert_eq!(go_string(&list(vec![Value::Null])), "[<nil>]");
    }

    #[test]
    fn format_float_prints_infinities_nan_and_negative_zero_like_go() {
        // `{{ print (float64 "+Inf") }}` and friends.
        assert_eq!(format_float(f64::INFINITY), "+Inf");
        assert_eq!(format_float(f64::NEG_INFINITY), "-Inf");
        assert_eq!(format_float(f64::NAN), "NaN");
        assert_eq!(format_float(-0.0), "-0");
        assert_eq!(
            go_string(&list(vec![f(f64::INFINITY), f(f64::NEG_INFINITY)])),
            "[+Inf -Inf]"
        );
    }

    #[test]
    fn format_float_breaks_shortest_digit_ties_to_even_like_go() {
        // The float nearest to this literal is exactly -716517672049912.25: two shortest forms
        // (…912.2 and …912.3) round-trip, and Go picks the even last digit.
        let tie = -716517672049912.2;
        assert_eq!(format_float(tie), "-7.165176720499122e+14");
        assert_eq!(
            format_json_float(tie).as_deref(),
            Some("-716517672049912.2")
        );
    }

    #[test]
    fn json_and_yaml_fail_on_nan_and_infinities() {
        // Helm prints "" for `toJson`, `toPrettyJson` and `toYaml` of these.
        for bad in [
            f(f64::INFINITY),
            f(f64::NAN),
            list(vec![f(1.0), f(f64::NAN)]),
        ] {
            assert_eq!(to_json(&bad), None);
            assert_eq!(to_pretty_json(&bad), None);
            assert_eq!(to_raw_json(&bad), None);
            assert_eq!(to_yaml(&bad), None);
        }
        // `float64 "-0"`: JSON keeps the sign, the YAML round trip reads an integer.
        assert_eq!(to_json(&f(-0.0)).as_deref(), Some("-0"));
        assert_eq!(to_yaml(&f(-0.0)).as_deref(), Some("0"));
    }

    #[test]
    fn to_json_and_to_yaml_print_ints_plainly() {
        assert_eq!(to_json(&Value::Int(1000000)).as_deref(), Some("1000000"));
        assert_eq!(to_yaml(&Value::Int(1000000)).as_deref(), Some("1000000"));
    }

    #[test]
    fn to_yaml_is_empty_for_keys_whose_json_is_longer_than_1024_characters() {
        // go-yaml gives up on a simple key that does not end within 1024 characters.
        let ok = map(vec![("a".repeat(1022), f(1.0))]);
        assert_eq!(to_yaml(&ok).map(|s| s.len()), Some(1028));
        assert_eq!(to_yaml(&map(vec![("a".repeat(1023), f(1.0))])), None);
        // Counted in characters of the JSON text: `<` is `\u003c`, `é` is one character.
        let html = cat(&[&"<".repeat(170), "aa"]);
        assert!(to_yaml(&map(vec![(html, f(1.0))])).is_some());
        let html = cat(&[&"<".repeat(170), "aaa"]);
        assert_eq!(to_yaml(&map(vec![(html, f(1.0))])), None);
        assert!(to_yaml(&map(vec![("é".repeat(1022), f(1.0))])).is_some());
        assert_eq!(to_yaml(&map(vec![("é".repeat(1023), f(1.0))])), None);
    }

    #[test]
    fn natural_less_orders_like_go_yaml() {
        // Consecutive keys in Helm's `toYaml` output of each set.
        let chains: [&[&str]; 3] = [
            &["", " sp", "-1", "~", "1", "1.5", "01", "2", "10"],
            &[
                "A", "a", "a-b", "a.b", "a_", "a1", "a01", "a001", "a9", "a10", "aZ", "ab", "b",
            ],
            &["_under", "9", "10", "Upper", "emptylist", "z", "é"],
        ];
        for chain in chains {
            for pair in chain.windows(2) {
                assert!(natural_less(pair[0], pair[1]), "{pair:?}");
                assert!(!natural_less(pair[1], pair[0]), "{pair:?}");
            }
        }
    }

    #[test]
    fn natural_less_is_not_transitive() {
        // go-yaml's comparator; Helm's own order for such key sets changes between runs.
        assert!(natural_less("1a", "2"));
        assert!(natural_less("2", "10"));
        assert!(natural_less("10", "1a"));
        let m = map(vec![(s("1a"), f(1.0)), (s("2"), f(2.0)), (s("10"), f(3.0))]);
        assert_eq!(to_yaml(&m), to_yaml(&m.clone()));
    }

    #[derive(Debug, PartialEq)]
    enum Expect {
        Null,
        Bool(bool),
        Num(f64),
        Str,
    }

    #[test]
    fn resolve_plain_follows_yaml_1_1_like_helm_values() {
        // Expected: what `{{ toJson .Values.v }}` shows for `v: <scalar>` in values.yaml.
        use Expect::*;
        let cases = [
            ("~", Null),
            ("null", Null),
            ("Null", Null),
            ("NULL", Null),
            ("nULL", Str),
            ("true", Bool(true)),
            ("True", Bool(true)),
            ("TRUE", Bool(true)),
            ("tRUE", Str),
            ("yes", Bool(true)),
            ("Yes", Bool(true)),
            ("YES", Bool(true)),
            ("yEs", Str),
            ("y", Bool(true)),
            ("Y", Bool(true)),
            ("on", Bool(true)),
            ("On", Bool(true)),
            ("ON", Bool(true)),
            ("oN", Str),
            ("n", Bool(false)),
            ("N", Bool(false)),
            ("no", Bool(false)),
            ("No", Bool(false)),
            ("NO", Bool(false)),
            ("off", Bool(false)),
            ("Off", Bool(false)),
            ("OFF", Bool(false)),
            ("false", Bool(false)),
            ("False", Bool(false)),
            ("FALSE", Bool(false)),
            ("0", Num(0.0)),
            ("00", Num(0.0)),
            ("007", Num(7.0)),
            ("08", Num(8.0)),
            ("09.5", Num(9.5)),
            ("0755", Num(493.0)),
            ("-0755", Num(-493.0)),
            ("+0755", Num(493.0)),
            ("0o17", Num(15.0)),
            ("0O17", Num(15.0)),
            ("0x1F", Num(31.0)),
            ("0X1F", Num(31.0)),
            ("-0x1F", Num(-31.0)),
            ("+0x1F", Num(31.0)),
            ("0b101", Num(5.0)),
            ("-0b101", Num(-5.0)),
            ("0b+1", Num(1.0)),
            ("0x", Str),
            ("0b", Str),
            ("1_000", Num(1000.0)),
            ("1__0", Num(10.0)),
            ("_1", Str),
            ("1_", Num(1.0)),
            ("1_000.5", Num(1000.5)),
            ("0x_1F", Num(31.0)),
            ("123", Num(123.0)),
            ("-1", Num(-1.0)),
            ("+1", Num(1.0)),
            ("-0", Num(0.0)),
            (".5", Num(0.5)),
            ("-.5", Num(-0.5)),
            ("+.5", Num(0.5)),
            ("1.5", Num(1.5)),
            ("1.0", Num(1.0)),
            ("1.10", Num(1.1)),
            ("0.", Num(0.0)),
            ("1e3", Num(1000.0)),
            ("1E5", Num(100000.0)),
            ("1e+3", Num(1000.0)),
            ("1e-3", Num(0.001)),
            ("1.e3", Num(1000.0)),
            ("1.5e", Str),
            ("1e", Str),
            ("1e400", Str),
            (".5_0", Num(0.5)),
            ("._5", Str),
            (".e3", Str),
            (".", Str),
            (".5.5", Str),
            (".iNf", Str),
            ("inf", Str),
            ("nan", Str),
            ("NaN", Str),
            ("Infinity", Str),
            ("9223372036854775807", Num(9.223372036854776e+18)),
            ("9223372036854775808", Num(9.223372036854776e+18)),
            ("-9223372036854775808", Num(-9.223372036854776e+18)),
            ("-9223372036854775809", Num(-9.223372036854776e+18)),
            ("18446744073709551615", Num(1.8446744073709552e+19)),
            ("18446744073709551616", Num(1.8446744073709552e+19)),
            ("12345678901234567890", Num(1.2345678901234567e+19)),
            ("9007199254740993", Num(9007199254740992.0)),
            ("0x7FFFFFFFFFFFFFFF", Num(9.223372036854776e+18)),
            ("0x8000000000000000", Num(9.223372036854776e+18)),
            ("0xFFFFFFFFFFFFFFFF", Num(1.8446744073709552e+19)),
            ("0x1FFFFFFFFFFFFFFFFF", Str),
            ("2024-01-01", Str),
            ("2024-1-1", Str),
            ("2024-13-01", Str),
            ("2024-02-30", Str),
            ("2024-02-29", Str),
            ("2023-02-29", Str),
            ("2001-12-14t21:59:43.10-05:00", Str),
            ("2001-12-14T21:59:43Z", Str),
            ("2001-12-14T21:59:43,5Z", Str),
            ("2001-12-14T24:00:00Z", Str),
            ("2001-12-14T21:59:43+0500", Str),
            ("2001-12-14T1:2:3Z", Str),
            ("20011-12-14", Str),
            ("2001-12-14T21:59:43", Str),
            ("2024-01-01x", Str),
            ("2024-00-10", Str),
            ("2024-01-00", Str),
            ("12:30:45", Str),
            ("1:20", Str),
            ("190:20:30", Str),
            ("1:60", Str),
            ("1.2.3", Str),
            ("1-2", Str),
            ("+-", Str),
            ("-x", Str),
            ("1x", Str),
            ("0xg", Str),
            ("0b2", Str),
            ("09e1", Num(90.0)),
        ];
        for (text, expected) in cases {
            let got = match resolve_plain(text) {
                Resolved::Null => Null,
                Resolved::Bool(b) => Bool(b),
                Resolved::Int(i) => Num(i as f64),
                Resolved::Float(x) => Num(x),
                Resolved::Str => Str,
            };
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn resolve_plain_keeps_go_yaml_number_kinds() {
        // resolve.go: int64 when it fits, uint64 (here a float) above, floats by syntax.
        assert_eq!(resolve_plain("0755"), Resolved::Int(493));
        assert_eq!(
            resolve_plain("-9223372036854775808"),
            Resolved::Int(i64::MIN)
        );
        assert_eq!(
            resolve_plain("9223372036854775808"),
            Resolved::Float(9223372036854775808.0)
        );
        assert_eq!(resolve_plain("1e3"), Resolved::Float(1000.0));
        assert_eq!(resolve_plain("-.inf"), Resolved::Float(f64::NEG_INFINITY));
        assert!(matches!(resolve_plain(".NaN"), Resolved::Float(x) if x.is_nan()));
    }

    #[test]
    fn needs_quoting_covers_timestamps_and_sexagesimals() {
        // toYaml double-quotes these although values files read them as strings.
        for text in [
            "",
            "yes",
            "0755",
            "1.5",
            "2024-01-01",
            "12:30:45",
            "1:20",
            "~",
        ] {
            assert!(needs_quoting(text), "{text:?}");
        }
        for text in ["1.2.3", "NaN", "yEs", "2024-13-01", "1:60", "- x", "a: b"] {
            assert!(!needs_quoting(text), "{text:?}");
        }
    }
}

#[cfg(test)]
mod shortcut_tests {
    use super::*;
    use crate::testgen::Rng;

    const WORDS: &[&str] = &[
        "a",
        "app",
        "v1.2.3",
        "x_y",
        "a/b",
        "a-b",
        "1",
        "10",
        "2a",
        "yes",
        "null",
        "true",
        "1.5",
        "0x1F",
        "1e3",
        "-1",
        ".5",
        "a:b",
        "a b",
        "",
        " a",
        "a ",
        "é",
        "a#b",
        "-a",
        "a\nb",
        "~",
        "ab/cd.ef-gh_ij",
        "0755",
        "12:30",
        "2024-01-02",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwx",
        // Byte order and go-yaml's order differ: `_` sorts before letters there.
        "B",
        "Zeta",
        "a_",
        "aB",
    ];

    fn value(rng: &mut Rng, depth: usize) -> Value {
        match rng.below(if depth == 0 { 4 } else { 6 }) {
            0 => Value::String(rng.pick(WORDS).repeat(1 + rng.below(3))),
            1 => Value::Int(rng.next() as i64 % 1000),
            2 => Value::Float((rng.next() % 10_000) as f64 / 8.0),
            3 => Value::Bool(rng.below(2) == 0),
            4 => Value::List((0..rng.below(4)).map(|_| value(rng, depth - 1)).collect()),
            _ => Value::Map(
                (0..rng.below(5))
                    .map(|_| {
                        (
                            rng.pick(WORDS).repeat(1 + rng.below(3)),
                            value(rng, depth - 1),
                        )
                    })
                    .collect(),
            ),
        }
    }

    #[test]
    fn shortcuts_write_what_the_general_emitter_writes() {
        let mut rng = Rng(0x7A31);
        for _ in 0..5_000 {
            let v = value(&mut rng, 4);
            assert_eq!(to_yaml_with(&v, true), to_yaml_with(&v, false), "{v:?}");
        }
    }

    #[test]
    fn indented_yaml_is_the_indented_text_of_to_yaml() {
        let mut rng = Rng(0x1DE7);
        let mut words: Vec<&str> = WORDS.to_vec();
        // Literal blocks with kept, stripped and empty lines; NEL, which is not a line feed.
        words.extend([
            "a\n\nb\n",
            "a\n",
            "\n\n",
            "x\u{85}y",
            " lead\nline",
            "\u{7f}",
        ]);
        for _ in 0..5_000 {
            let v = match rng.below(3) {
                0 => Value::String(rng.pick(&words).repeat(1 + rng.below(3))),
                _ => value(&mut rng, 4),
            };
            let text = to_yaml(&v).unwrap_or_default();
            for (newline_first, pad) in [(true, 4), (false, 2), (true, 0), (false, 70)] {
                let first = if newline_first { "\n" } else { "" };
                let expected =
                    crate::engine::funcs::indent_str(first.to_owned(), pad as i64, &text);
                assert_eq!(to_yaml_indented(&v, newline_first, pad), expected, "{v:?}");
            }
        }
    }

    #[test]
    fn integers_take_a_shortcut_to_the_same_text() {
        let mut rng = Rng(0x1A7E);
        let mut floats = vec![
            1.0,
            -1.0,
            999_999.0,
            1e6,
            -1e6,
            1e15 - 1.0,
            1e15,
            2f64.powi(53),
        ];
        floats.extend((0..5_000).map(|i| {
            let magnitude = 10f64.powi(i % 17);
            let f = (rng.next() % 1_000_000) as f64 * magnitude / 1000.0;
            if i % 2 == 0 {
                f.trunc()
            } else {
                -f.trunc()
            }
        }));
        for f in floats {
            assert_eq!(format_float(f), format_float_digits(f), "{f}");
            assert_eq!(format_json_float(f), format_json_float_digits(f), "{f}");
            let shortcut = to_yaml(&Value::Float(f));
            let json = format_json_float_digits(f).unwrap_or_default();
            let read_back = match resolve_scalar(&json) {
                Scalar::Int(i) => i.to_string(),
                Scalar::Uint(u) => u.to_string(),
                Scalar::Float(x) => format_float(x),
                _ => json,
            };
            assert_eq!(shortcut, Some(read_back), "{f}");
        }
    }

    #[test]
    fn natural_order_on_bytes_is_the_order_on_runes() {
        let mut rng = Rng(0x50F7);
        let parts = [
            "a", "B", "0", "1", "10", "007", "-", "_", "z9", "Z", ".", "2",
        ];
        for _ in 0..20_000 {
            let key =
                |rng: &mut Rng| -> String { (0..rng.below(4)).map(|_| rng.pick(&parts)).collect() };
            let (a, b) = (key(&mut rng), key(&mut rng));
            let (ar, br): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            let on_runes = natural_less_in(&ar, &br, |c| is_letter(*c), |c| is_digit(*c));
            assert_eq!(natural_less(&a, &b), on_runes, "{a:?} < {b:?}");
        }
    }

    #[test]
    fn sorting_keys_already_in_order_gives_what_the_merge_sort_gives() {
        let parts = ["a", "b", "B", "1", "2", "10", "-", ".", "é", "z9", "0"];
        let mut rng = Rng(0x50F7);
        for _ in 0..20_000 {
            let mut keys: Vec<String> = (0..rng.below(6))
                .map(|_| (0..1 + rng.below(3)).map(|_| rng.pick(&parts)).collect())
                .collect();
            if rng.below(2) == 0 {
                keys.sort();
            }
            let items: Vec<(String, ())> = keys.into_iter().map(|k| (k, ())).collect();
            assert_eq!(
                sort_natural(items.clone()),
                merge_sort_natural(items.clone()),
                "{items:?}"
            );
        }
    }
}
