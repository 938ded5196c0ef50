//! Key paths and `KEY=VALUE` assignments: `a.b[0].c`, `\.` for a dot inside a key.

use crate::error::{Error, Result};

/// How the text after `=` is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ValueKind {
    /// The old value's type; for a new key or a null, as `--set` types it (`true`/`false`,
    /// integers, `null`; anything else a string).
    #[default]
    Auto,
    /// Always a string (`--string`).
    String,
    /// A JSON value (`--json`): `"1.0"`, `3`, `null`, `{"a": 1}`.
    Json,
}

/// One `KEY=VALUE`: the key path (`image.tag`, `env[0].value`, `podAnnotations.a\.b/c`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The path's segments.
    pub path: Vec<Segment>,
    /// The text after `=`.
    pub value: String,
    /// How to type it.
    pub kind: ValueKind,
}

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A map key.
    Key(String),
    /// A list index.
    Index(usize),
}

/// Formats a key path back (`a.b[0]`, dots in keys escaped).
pub fn path_string(path: &[Segment]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Segment::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&k.replace('.', "\\."));
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Parses a key path: `.` separates keys (`\.` is a dot inside one), `[N]` indexes a list.
pub fn parse_path(path: &str) -> Result<Vec<Segment>> {
    let bad = |why: &str| Error::Invalid(format!("key `{path}`: {why}"));
    let mut out = Vec::new();
    let mut key = String::new();
    let mut chars = path.chars().peekable();
    let mut after_index = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some('.' | '[' | '\\')) => {
                key.extend(chars.next());
            }
            '.' => {
                if key.is_empty() && !after_index {
                    return Err(bad("empty key"));
                }
                if !key.is_empty() {
                    out.push(Segment::Key(std::mem::take(&mut key)));
                }
                after_index = false;
            }
            '[' => {
                if !key.is_empty() {
                    out.push(Segment::Key(std::mem::take(&mut key)));
                }
                let mut digits = String::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    digits.push(d);
                }
                let i = digits
                    .parse()
                    .map_err(|_| bad(&format!("`[{digits}]` is not a list index")))?;
                out.push(Segment::Index(i));
                after_index = true;
            }
            c => {
                if after_index {
                    return Err(bad("expected `.` or `[` after `]`"));
                }
                key.push(c);
            }
        }
    }
    if !key.is_empty() {
        out.push(Segment::Key(key));
    } else if !after_index {
        return Err(bad("empty key"));
    }
    if !matches!(out.first(), Some(Segment::Key(_))) {
        return Err(bad("a values file is a map: start with a key"));
    }
    Ok(out)
}

/// Parses `KEY=VALUE`.
pub fn parse_assignment(arg: &str, kind: ValueKind) -> Result<Assignment> {
    let Some((key, value)) = split_assignment(arg) else {
        return Err(Error::Invalid(format!(
            "`{arg}` is not KEY=VALUE (example: `image.tag=v1.2.3`)"
        )));
    };
    Ok(Assignment {
        path: parse_path(key)?,
        value: value.to_owned(),
        kind,
    })
}

/// Splits at the first `=` not escaped with `\`.
fn split_assignment(arg: &str) -> Option<(&str, &str)> {
    let b = arg.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'=' => return Some((&arg[..i], &arg[i + 1..])),
            _ => i += 1,
        }
    }
    None
}
