//! Go's `encoding/json` `Marshal` and `MarshalIndent`, as Helm's `toJson`, `toRawJson` and
//! `toPrettyJson` print values.

use std::fmt::Write as _;

use super::float::format_json_float;
use crate::value::Value;

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

/// Appends `s` as Go's `encoding/json` writes a string; `escape_html` escapes `<`, `>`, `&`.
pub(crate) fn write_json_string(out: &mut String, s: &str, escape_html: bool) {
    out.push('"');
    for c in s.chars() {
        push_json_char(out, c, escape_html);
    }
    out.push('"');
}

/// [`write_json_string`] of a Go string that is not valid UTF-8: each invalid byte is written
/// `\ufffd`, as `encoding/json` does.
pub(crate) fn write_json_bytes(out: &mut String, b: &[u8], escape_html: bool) {
    out.push('"');
    for r in super::runes(b) {
        match r {
            Ok(c) => push_json_char(out, c, escape_html),
            Err(_) => out.push_str("\\ufffd"),
        }
    }
    out.push('"');
}

fn push_json_char(out: &mut String, c: char, escape_html: bool) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
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
