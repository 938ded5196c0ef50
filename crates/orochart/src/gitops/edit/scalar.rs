//! Writing a new scalar: in the style of the one it replaces, typed like it, and quoted when
//! YAML 1.1 would read it as something else.

use crate::yaml::Style;

use super::path::{path_string, Assignment, ValueKind};
use crate::error::{Error, Result};
use crate::yaml::{resolve_plain, Resolved};

/// Whether `s` can be written as a plain scalar and read back as the same string.
pub(super) fn plain_ok(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let last = s.chars().last().unwrap_or(first);
    let bad_first = "-?:,[]{}#&*!|>'\"%@`".contains(first)
        && !(matches!(first, '-' | '?' | ':') && s.len() > 1 && !s[1..].starts_with([' ', '\t']));
    !bad_first
        && !first.is_whitespace()
        && !last.is_whitespace()
        && last != ':'
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.contains(":\t")
        && !s.contains("\t#")
        && !s.chars().any(|c| c.is_control())
        && !(flow && s.contains([',', '[', ']', '{', '}']))
        && !crate::yaml::needs_quoting(s)
        && s != "<<"
}

/// `s` as a double-quoted YAML scalar.
pub(super) fn double_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A string scalar in the style of the value it replaces.
pub(super) fn string_scalar(s: &str, old_style: Option<Style>, flow: bool) -> String {
    match old_style {
        Some(Style::Single) if !s.chars().any(|c| c.is_control()) && !s.is_empty() => {
            format!("'{}'", s.replace('\'', "''"))
        }
        Some(Style::Double) => double_quoted(s),
        _ if plain_ok(s, flow) => s.to_owned(),
        Some(Style::Single) => format!("'{}'", s.replace('\'', "''")),
        _ => double_quoted(s),
    }
}

/// How `--set` types a value: `true`/`false`, `null`, integers without a leading zero; the rest
/// is a string.
pub(super) fn set_typed(v: &str) -> &'static str {
    match v {
        "true" | "false" => "bool",
        "null" => "null",
        _ => {
            let digits = v.strip_prefix('-').unwrap_or(v);
            let int = !digits.is_empty()
                && digits.bytes().all(|b| b.is_ascii_digit())
                && !(digits.len() > 1 && digits.starts_with('0'))
                && v.parse::<i64>().is_ok();
            if int {
                "int"
            } else {
                "string"
            }
        }
    }
}

/// The YAML text of the new value, given the scalar it replaces (if any).
pub(super) fn new_scalar(a: &Assignment, old: Option<(&str, Style)>, flow: bool) -> Result<String> {
    let path = path_string(&a.path);
    let v = a.value.as_str();
    let style = old.map(|o| o.1);
    match a.kind {
        ValueKind::String => return Ok(string_scalar(v, style, flow)),
        ValueKind::Json => {
            let j: serde_json::Value = serde_json::from_str(v)
                .map_err(|e| Error::Invalid(format!("`{path}`: `{v}` is not JSON: {e}")))?;
            return Ok(match &j {
                serde_json::Value::String(s) => string_scalar(s, style, flow),
                serde_json::Value::Number(_) => {
                    let t = j.to_string();
                    match resolve_plain(&t) {
                        Resolved::Int(_) | Resolved::Float(_) => t,
                        _ => {
                            return Err(Error::Invalid(format!(
                                "`{path}`: YAML 1.1 does not read `{t}` as a number; write it with a `.` (`1.0e+5`)"
                            )))
                        }
                    }
                }
                other => other.to_string(),
            });
        }
        ValueKind::Auto => {}
    }
    let old_type = match old {
        None => None,
        Some((_, Style::Plain)) => old.map(|(o, _)| resolve_plain(o)),
        Some(_) => Some(Resolved::Str),
    };
    let mismatch = |what: &str, old: &str| {
        Error::Invalid(format!(
            "`{path}` is {what} (`{old}`) and `{v}` is not: use --string to store a string, or --json"
        ))
    };
    Ok(match old_type {
        Some(Resolved::Str) => string_scalar(v, style, flow),
        Some(Resolved::Int(_) | Resolved::Float(_)) => match resolve_plain(v) {
            Resolved::Int(_) | Resolved::Float(_) => v.to_owned(),
            _ => return Err(mismatch("a number", old.map_or("", |o| o.0))),
        },
        Some(Resolved::Bool(_)) => match resolve_plain(v) {
            Resolved::Bool(b) => b.to_string(),
            _ => return Err(mismatch("a boolean", old.map_or("", |o| o.0))),
        },
        Some(Resolved::Null) | None => match set_typed(v) {
            "string" => string_scalar(v, style.filter(|s| *s != Style::Plain), flow),
            _ => v.to_owned(),
        },
    })
}

/// A key as written in a mapping.
pub(super) fn key_text(k: &str) -> String {
    if plain_ok(k, false) {
        k.to_owned()
    } else {
        double_quoted(k)
    }
}
