//! Editing a values file the way a person would: only the bytes of the changed scalar move.
//!
//! [`set`] finds the scalar at a key path with the spans of orochart's YAML reader, and replaces just
//! its bytes; comments, key order, blank lines, quoting style, indentation and anchors elsewhere
//! stay byte-identical. A key that does not exist is inserted under its parent, after the
//! parent's last entry, with the parent's indentation (and the file's own step for new levels).
//! The new value keeps the old one's type: a tag that looks like a number stays a string,
//! quoted in the old value's style when YAML 1.1 would read it otherwise.
//!
//! Every edit is checked before it is returned: the edited text, read by Helm's rules
//! (as [`crate::parse_values`] does), must equal the original with that one value changed.
//! An edit that cannot be made that way is an error, never a silently different file.

mod path;
mod scalar;
mod tree;

use crate::yaml::Style;
use serde::Serialize;

pub use path::{parse_assignment, parse_path, path_string, Assignment, Segment, ValueKind};
use scalar::new_scalar;
use tree::{
    block_end, indent_step, line_end, line_start, locate, new_lines, scalar_end, Kind, Target, Tree,
};

use crate::error::{Error, Result};
use crate::value::Map;
use crate::value::Value;

/// What an edit changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The key path as given.
    pub path: String,
    /// The value before (`None`: the key was not there).
    pub old: Option<Value>,
    /// The value after, as Helm reads it.
    pub new: Value,
}

impl Change {
    /// Whether the value is the same as before.
    pub fn is_noop(&self) -> bool {
        self.old.as_ref() == Some(&self.new)
    }
}

/// A value as a change report shows it: JSON, as Helm's `toJson` writes it (`"v1"`, `7`,
/// `1e+06`); `None` for a value JSON cannot hold.
pub fn show_value(v: &Value) -> Option<String> {
    crate::go::to_json(v)
}

/// Applies one assignment to `text`; `file` names it in errors. Returns the new text and what
/// changed. The result is checked: read by Helm's rules it equals the original with the one
/// value changed.
pub fn set(text: &str, file: &str, a: &Assignment) -> Result<(String, Change)> {
    let path = path_string(&a.path);
    let at = |e: Error| match e {
        Error::Invalid(m) => Error::Invalid(format!("{file}: {m}")),
        other => other,
    };
    let before = crate::values::parse_values_map(text, file)?;
    let root = Tree::read(text, file)?;
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let step = root
        .as_ref()
        .and_then(|r| indent_step(text, r))
        .unwrap_or(2);
    let (start, end, insert) = match locate(root.as_ref(), &a.path).map_err(at)? {
        Target::Value { key, node } => match &node.kind {
            Kind::Scalar(v, style) if v.is_empty() && *style == Style::Plain => {
                // An empty value: write after the key's colon.
                let Some(k) = key else {
                    return Err(at(Error::Invalid(format!(
                        "`{path}` has no key to write after"
                    ))));
                };
                let colon = text[k.start..]
                    .find(':')
                    .map(|i| k.start + i + 1)
                    .ok_or_else(|| at(Error::Invalid(format!("`{path}`: no `:` after the key"))))?;
                let value = new_scalar(a, None, node.flow).map_err(at)?;
                (colon, colon, format!(" {value}"))
            }
            Kind::Scalar(v, style) => {
                let end = scalar_end(text, node, v, *style)
                    .map_err(|e| at(Error::Invalid(format!("`{path}`: {e}"))))?;
                let value = new_scalar(a, Some((v, *style)), node.flow).map_err(at)?;
                (node.start, end, value)
            }
            Kind::Map(_) | Kind::Seq(_) | Kind::Alias => {
                return Err(at(Error::Invalid(format!(
                    "`{path}` is a mapping or list: set one of its keys (`{path}.key=…`)"
                ))))
            }
        },
        Target::Insert { map: None, rest } => {
            let value = new_scalar(a, None, false).map_err(at)?;
            let body = new_lines(&rest, &value, 0, step, nl);
            let body = body.strip_prefix(nl).unwrap_or(&body).to_owned();
            let sep = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                nl
            };
            (text.len(), text.len(), format!("{sep}{body}{nl}"))
        }
        Target::Insert {
            map: Some(map),
            rest,
        } => {
            let indent = map.start - line_start(text, map.start);
            let value = new_scalar(a, None, false).map_err(at)?;
            let end = block_end(text, map);
            (end, end, new_lines(&rest, &value, indent, step, nl))
        }
        Target::Fill {
            key,
            value: node,
            rest,
        } => {
            let indent = key.start - line_start(text, key.start) + step;
            let value = new_scalar(a, None, false).map_err(at)?;
            let lines = new_lines(&rest, &value, indent, step, nl);
            // Drop an explicit null or `{}` (with the space before it), keep a comment.
            let (from, to) = match &node.kind {
                Kind::Scalar(v, _) if !v.is_empty() => (node.start, node.start + v.len()),
                Kind::Map(_) => {
                    let close = text[node.start..]
                        .find('}')
                        .map(|i| node.start + i + 1)
                        .ok_or_else(|| at(Error::Invalid(format!("`{path}`: `{{` not closed"))))?;
                    (node.start, close)
                }
                _ => (0, 0),
            };
            if to > from {
                let from = if text[..from].ends_with(' ') {
                    from - 1
                } else {
                    from
                };
                let eol = line_end(text, to);
                let mut out = String::with_capacity(text.len() + lines.len());
                out.push_str(&text[..from]);
                out.push_str(&text[to..eol]);
                out.push_str(&lines);
                out.push_str(&text[eol..]);
                return finish(out, file, a, &before);
            }
            let eol = line_end(text, key.start);
            (eol, eol, lines)
        }
    };
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..start]);
    out.push_str(&insert);
    out.push_str(&text[end..]);
    finish(out, file, a, &before)
}

/// Checks an edit (the new text reads as the old one with the value changed) and says what
/// changed.
fn finish(new_text: String, file: &str, a: &Assignment, before: &Map) -> Result<(String, Change)> {
    let path = path_string(&a.path);
    let after = crate::values::parse_values_map(&new_text, file).map_err(|e| {
        Error::Invalid(format!(
            "{file}: setting `{path}` would make the file unreadable ({e}); nothing was changed"
        ))
    })?;
    let new = get(&after, &a.path).cloned().unwrap_or(Value::Null);
    let old = get(before, &a.path).cloned();
    let mut expected = before.clone();
    put(&mut expected, &a.path, new.clone());
    if expected != after {
        return Err(Error::Invalid(format!(
            "{file}: setting `{path}` here would change more than that value; nothing was changed (edit it by hand)"
        )));
    }
    Ok((new_text, Change { path, old, new }))
}

/// The value at `path` in a values map.
pub fn get<'m>(map: &'m Map, path: &[Segment]) -> Option<&'m Value> {
    let (first, rest) = path.split_first()?;
    let Segment::Key(k) = first else {
        return None;
    };
    let mut v = map.get(k.as_str())?;
    for s in rest {
        v = match (v, s) {
            (Value::Map(m), Segment::Key(k)) => m.get(k.as_str())?,
            (Value::List(l), Segment::Index(i)) => l.get(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

/// Sets `path` in a values map, making maps on the way.
fn put(map: &mut Map, path: &[Segment], value: Value) {
    let Some((Segment::Key(k), rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        map.insert(k.clone(), value);
        return;
    }
    let slot = map.entry(k.clone()).or_insert(Value::Null);
    put_value(slot, rest, value);
}

fn put_value(slot: &mut Value, path: &[Segment], value: Value) {
    let Some((seg, rest)) = path.split_first() else {
        *slot = value;
        return;
    };
    match seg {
        Segment::Key(_) => {
            if !matches!(slot, Value::Map(_)) {
                *slot = Value::Map(Map::new());
            }
            if let Value::Map(m) = slot {
                put(m, path, value);
            }
        }
        Segment::Index(i) => {
            if let Some(item) = match slot {
                Value::List(l) => l.get_mut(*i),
                _ => None,
            } {
                put_value(item, rest, value);
            }
        }
    }
}

/// Applies assignments in order.
pub fn set_all(
    text: &str,
    file: &str,
    assignments: &[Assignment],
) -> Result<(String, Vec<Change>)> {
    let mut text = text.to_owned();
    let mut changes = Vec::with_capacity(assignments.len());
    for a in assignments {
        let (t, c) = set(&text, file, a)?;
        text = t;
        changes.push(c);
    }
    Ok((text, changes))
}

/// The scalar values at `keys` in a values text, as assignments for another file: what
/// `orochart promote` copies. A key the source does not set (or sets to null) is left out; a
/// key holding a mapping or list is an error.
pub fn promotions(
    src_text: &str,
    src_file: &str,
    keys: &[Vec<Segment>],
) -> Result<Vec<Assignment>> {
    let src = crate::values::parse_values_map(src_text, src_file)?;
    let mut out = Vec::new();
    for key in keys {
        let path = path_string(key);
        let (value, kind) = match get(&src, key) {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) => (s.clone(), ValueKind::String),
            Some(v @ (Value::Bool(_) | Value::Int(_) | Value::Float(_))) => {
                (crate::yaml::to_json(v).unwrap_or_default(), ValueKind::Json)
            }
            Some(_) => {
                return Err(Error::Invalid(format!(
                    "{src_file}: `{path}` is a mapping or list; promote copies single values"
                )))
            }
        };
        out.push(Assignment {
            path: key.clone(),
            value,
            kind,
        });
    }
    Ok(out)
}

/// Checks a values text against a chart's `values.schema.json` as `orochart render` does
/// (every problem at once, with line and key path); `Ok` when the chart has no schema.
pub fn check_schema(chart: &crate::chart::Chart, text: &str, file: &str) -> Result<()> {
    let Some(schema) = &chart.schema else {
        return Ok(());
    };
    let (user, origins) = crate::values::parse_values(text, file)?;
    if !schema.has_problems(&Value::Map(user.clone())) {
        return Ok(());
    }
    let problems = crate::schema::check(schema, &user, &origins);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Values(problems))
    }
}

#[cfg(test)]
mod tests;
