//! Editing a values file the way a person would: only the bytes of the changed scalar move.
//!
//! [`set`] finds the scalar at a key path with yaml-rust2's event positions, and replaces just
//! its bytes; comments, key order, blank lines, quoting style, indentation and anchors elsewhere
//! stay byte-identical. A key that does not exist is inserted under its parent, after the
//! parent's last entry, with the parent's indentation (and the file's own step for new levels).
//! The new value keeps the old one's type: a tag that looks like a number stays a string,
//! quoted in the old value's style when YAML 1.1 would read it otherwise.
//!
//! Every edit is checked before it is returned: the edited text, read by Helm's rules
//! ([`crate::values::parse_values_map`]), must equal the original with that one value changed.
//! An edit that cannot be made that way is an error, never a silently different file.

use serde::Serialize;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

use crate::error::{Error, Result};
use crate::map::Map;
use crate::value::Value;
use crate::yaml::{resolve_plain, Resolved};

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

/// A node of the document with where it starts (a byte offset).
#[derive(Debug)]
struct Node {
    start: usize,
    anchor: usize,
    flow: bool,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Scalar(String, TScalarStyle),
    Map(Vec<(Node, Node)>),
    Seq(Vec<Node>),
    Alias,
}

impl Node {
    fn is_null(&self) -> bool {
        match &self.kind {
            Kind::Scalar(v, TScalarStyle::Plain) => resolve_plain(v) == Resolved::Null,
            _ => false,
        }
    }
}

/// The document's events as a tree, with byte offsets (yaml-rust2 counts characters).
struct Tree<'t> {
    text: &'t str,
    events: Vec<(Event, usize)>,
    pos: usize,
}

impl<'t> Tree<'t> {
    fn read(text: &'t str, file: &str) -> Result<Option<Node>> {
        let offsets: Option<Vec<usize>> = (!text.is_ascii()).then(|| {
            text.char_indices()
                .map(|(i, _)| i)
                .chain(std::iter::once(text.len()))
                .collect()
        });
        let byte = |chars: usize| match &offsets {
            Some(o) => o.get(chars).copied().unwrap_or(text.len()),
            None => chars.min(text.len()),
        };
        let mut parser = Parser::new_from_str(text);
        let mut events = Vec::new();
        let mut docs = 0;
        loop {
            let (ev, mark) = parser.next_token().map_err(|e| Error::Yaml {
                file: file.to_owned(),
                line: e.marker().line(),
                column: e.marker().col() + 1,
                message: e.info().to_owned(),
            })?;
            match ev {
                Event::StreamEnd => break,
                Event::DocumentStart => docs += 1,
                Event::DocumentEnd if docs == 1 => break,
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
                ev => events.push((ev, byte(mark.index()))),
            }
        }
        let mut tree = Tree {
            text,
            events,
            pos: 0,
        };
        if tree.events.is_empty() {
            return Ok(None);
        }
        tree.node(false).map(Some)
    }

    fn node(&mut self, in_flow: bool) -> Result<Node> {
        let broken = || Error::Invalid("unexpected end of the YAML events".into());
        let (ev, start) = self.events.get(self.pos).cloned().ok_or_else(broken)?;
        self.pos += 1;
        let opens_flow = |s: usize, c: u8| self.text.as_bytes().get(s) == Some(&c);
        Ok(match ev {
            Event::Scalar(v, style, anchor, _) => Node {
                start,
                anchor,
                flow: in_flow,
                kind: Kind::Scalar(v, style),
            },
            Event::Alias(_) => Node {
                start,
                anchor: 0,
                flow: in_flow,
                kind: Kind::Alias,
            },
            Event::MappingStart(anchor, _) => {
                let flow = in_flow || opens_flow(start, b'{');
                let mut entries = Vec::new();
                while !matches!(self.events.get(self.pos), Some((Event::MappingEnd, _))) {
                    let k = self.node(flow)?;
                    let v = self.node(flow)?;
                    entries.push((k, v));
                }
                self.pos += 1;
                // A block mapping's event points past its first key: start at the key.
                let start = match (opens_flow(start, b'{'), entries.first()) {
                    (false, Some((k, _))) => k.start,
                    _ => start,
                };
                Node {
                    start,
                    anchor,
                    flow: opens_flow(start, b'{'),
                    kind: Kind::Map(entries),
                }
            }
            Event::SequenceStart(anchor, _) => {
                let flow = in_flow || opens_flow(start, b'[');
                let mut items = Vec::new();
                while !matches!(self.events.get(self.pos), Some((Event::SequenceEnd, _))) {
                    items.push(self.node(flow)?);
                }
                self.pos += 1;
                Node {
                    start,
                    anchor,
                    flow: opens_flow(start, b'['),
                    kind: Kind::Seq(items),
                }
            }
            _ => return Err(broken()),
        })
    }
}

/// Where an assignment lands.
enum Target<'n> {
    /// An existing value: replace its bytes (`key` is its map key, for an empty value).
    Value {
        key: Option<&'n Node>,
        node: &'n Node,
    },
    /// Keys to add under a block mapping (`None`: the document is empty).
    Insert {
        map: Option<&'n Node>,
        rest: Vec<String>,
    },
    /// Keys to add under a key whose value is null or `{}`.
    Fill {
        key: &'n Node,
        value: &'n Node,
        rest: Vec<String>,
    },
}

fn keys_of(rest: &[Segment], path: &str) -> Result<Vec<String>> {
    rest.iter()
        .map(|s| match s {
            Segment::Key(k) => Ok(k.clone()),
            Segment::Index(_) => Err(Error::Invalid(format!(
                "`{path}`: set cannot add list items; edit an existing item or use a list value"
            ))),
        })
        .collect()
}

fn locate<'n>(root: Option<&'n Node>, path: &[Segment]) -> Result<Target<'n>> {
    let shown = path_string(path);
    let Some(mut node) = root.filter(|r| !r.is_null()) else {
        return Ok(Target::Insert {
            map: None,
            rest: keys_of(path, &shown)?,
        });
    };
    let mut key: Option<&Node> = None;
    for (i, seg) in path.iter().enumerate() {
        let here = path_string(&path[..i]);
        if node.anchor != 0 || matches!(node.kind, Kind::Alias) {
            return Err(Error::Invalid(format!(
                "`{shown}`: `{here}` is an anchor or alias shared with other keys; edit it by hand"
            )));
        }
        let next = match (&node.kind, seg) {
            (Kind::Map(entries), Segment::Key(k)) => {
                let found: Vec<&(Node, Node)> = entries
                    .iter()
                    .filter(|(kn, _)| matches!(&kn.kind, Kind::Scalar(v, _) if v == k))
                    .collect();
                match found.as_slice() {
                    [] => {
                        let rest = keys_of(&path[i..], &shown)?;
                        return Ok(match key {
                            Some(kn) if entries.is_empty() => Target::Fill {
                                key: kn,
                                value: node,
                                rest,
                            },
                            _ if node.flow => {
                                return Err(Error::Invalid(format!(
                                    "`{shown}`: `{here}` is a flow mapping (`{{…}}`); set cannot add keys to it"
                                )))
                            }
                            _ => Target::Insert {
                                map: Some(node),
                                rest,
                            },
                        });
                    }
                    [(kn, vn)] => {
                        key = Some(kn);
                        vn
                    }
                    _ => {
                        return Err(Error::Invalid(format!(
                            "`{shown}`: key `{k}` appears more than once in the mapping"
                        )))
                    }
                }
            }
            (Kind::Seq(items), Segment::Index(n)) => {
                key = None;
                items.get(*n).ok_or_else(|| {
                    Error::Invalid(format!(
                        "`{shown}`: `{here}` has {} items; set cannot add list items",
                        items.len()
                    ))
                })?
            }
            (Kind::Scalar(..), Segment::Key(_)) if node.is_null() => {
                let Some(kn) = key else {
                    return Err(Error::Invalid(format!("`{shown}`: `{here}` is null")));
                };
                return Ok(Target::Fill {
                    key: kn,
                    value: node,
                    rest: keys_of(&path[i..], &shown)?,
                });
            }
            (kind, _) => {
                let what = match kind {
                    Kind::Map(_) => "a mapping",
                    Kind::Seq(_) => "a list",
                    _ => "a single value",
                };
                return Err(Error::Invalid(format!("`{shown}`: `{here}` is {what}")));
            }
        };
        node = next;
    }
    Ok(Target::Value { key, node })
}

/// Byte offset where line containing `at` starts.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Byte offset of the end of the line containing `at` (before `\r\n` or `\n`).
fn line_end(text: &str, at: usize) -> usize {
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    if end > at && text.as_bytes().get(end - 1) == Some(&b'\r') {
        end - 1
    } else {
        end
    }
}

/// The end (exclusive) of the scalar starting at `start`, in the file's bytes.
fn scalar_end(text: &str, node: &Node, value: &str, style: TScalarStyle) -> Result<usize> {
    let b = text.as_bytes();
    let start = node.start;
    let unclosed = || Error::Invalid("a quoted value is not closed".into());
    match style {
        TScalarStyle::DoubleQuoted => {
            let mut i = start + 1;
            loop {
                match b.get(i) {
                    Some(b'\\') => i += 2,
                    Some(b'"') => return Ok(i + 1),
                    Some(_) => i += 1,
                    None => return Err(unclosed()),
                }
            }
        }
        TScalarStyle::SingleQuoted => {
            let mut i = start + 1;
            loop {
                match (b.get(i), b.get(i + 1)) {
                    (Some(b'\''), Some(b'\'')) => i += 2,
                    (Some(b'\''), _) => return Ok(i + 1),
                    (Some(_), _) => i += 1,
                    (None, _) => return Err(unclosed()),
                }
            }
        }
        TScalarStyle::Plain => {
            let end = line_end(text, start);
            let mut stop = end;
            let line = &text[start..end];
            let lb = line.as_bytes();
            for (i, &c) in lb.iter().enumerate() {
                let next = lb.get(i + 1).copied();
                let comment = c == b'#' && i > 0 && matches!(lb[i - 1], b' ' | b'\t');
                let flow_end = node.flow && matches!(c, b',' | b']' | b'}');
                let colon = c == b':' && matches!(next, None | Some(b' ' | b'\t'))
                    || node.flow && c == b':' && matches!(next, Some(b',' | b']' | b'}'));
                if comment || flow_end || colon {
                    stop = start + i;
                    break;
                }
            }
            let got = text[start..stop].trim_end_matches([' ', '\t']);
            if got != value {
                return Err(Error::Invalid(
                    "the value spans several lines; set changes single-line values".into(),
                ));
            }
            Ok(start + got.len())
        }
        TScalarStyle::Literal | TScalarStyle::Folded => Err(Error::Invalid(
            "the value is a block scalar (`|` or `>`); set changes single-line values".into(),
        )),
    }
}

/// Whether `s` can be written as a plain scalar and read back as the same string.
fn plain_ok(s: &str, flow: bool) -> bool {
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
fn double_quoted(s: &str) -> String {
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
fn string_scalar(s: &str, old_style: Option<TScalarStyle>, flow: bool) -> String {
    match old_style {
        Some(TScalarStyle::SingleQuoted) if !s.chars().any(|c| c.is_control()) && !s.is_empty() => {
            format!("'{}'", s.replace('\'', "''"))
        }
        Some(TScalarStyle::DoubleQuoted) => double_quoted(s),
        _ if plain_ok(s, flow) => s.to_owned(),
        Some(TScalarStyle::SingleQuoted) => format!("'{}'", s.replace('\'', "''")),
        _ => double_quoted(s),
    }
}

/// How `--set` types a value: `true`/`false`, `null`, integers without a leading zero; the rest
/// is a string.
fn set_typed(v: &str) -> &'static str {
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
fn new_scalar(a: &Assignment, old: Option<(&str, TScalarStyle)>, flow: bool) -> Result<String> {
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
        Some((_, TScalarStyle::Plain)) => old.map(|(o, _)| resolve_plain(o)),
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
            "string" => string_scalar(v, style.filter(|s| *s != TScalarStyle::Plain), flow),
            _ => v.to_owned(),
        },
    })
}

/// A key as written in a mapping.
fn key_text(k: &str) -> String {
    if plain_ok(k, false) {
        k.to_owned()
    } else {
        double_quoted(k)
    }
}

/// The indentation step of the file: how far a nested mapping's keys sit from their parent's
/// key (the first one found), or 2.
fn indent_step(text: &str, node: &Node) -> Option<usize> {
    match &node.kind {
        Kind::Map(entries) => entries.iter().find_map(|(k, v)| {
            if let Kind::Map(inner) = &v.kind {
                if !v.flow && !inner.is_empty() {
                    let kc = k.start - line_start(text, k.start);
                    let vc = v.start - line_start(text, v.start);
                    if vc > kc && line_start(text, v.start) != line_start(text, k.start) {
                        return Some(vc - kc);
                    }
                }
            }
            indent_step(text, v)
        }),
        Kind::Seq(items) => items.iter().find_map(|i| indent_step(text, i)),
        _ => None,
    }
}

/// The new lines for keys `rest` = `value`, the first at `indent`.
fn new_lines(rest: &[String], value: &str, indent: usize, step: usize, nl: &str) -> String {
    let mut out = String::new();
    for (i, k) in rest.iter().enumerate() {
        out.push_str(nl);
        out.push_str(&" ".repeat(indent + i * step));
        out.push_str(&key_text(k));
        out.push(':');
        if i + 1 == rest.len() {
            out.push(' ');
            out.push_str(value);
        }
    }
    out
}

/// The end of the last line that belongs to the block mapping `map` (the place for a new
/// last entry): the lines after its first key down to the first content line indented less
/// than its keys; blank lines and comments further left than the keys are skipped.
fn block_end(text: &str, map: &Node) -> usize {
    let indent = map.start - line_start(text, map.start);
    let mut at = line_end(text, map.start);
    let mut last = at;
    while at < text.len() {
        let next = match text[at..].find('\n') {
            Some(i) => at + i + 1,
            None => break,
        };
        let end = line_end(text, next);
        let line = &text[next..end];
        let body = line.trim_start_matches(' ');
        let col = line.len() - body.len();
        at = end.max(next);
        if body.trim().is_empty() {
            continue;
        }
        // A comment indented like the keys or deeper belongs to the block (a commented-out
        // entry, or a `#` line of a block scalar's text); one further left heads what follows.
        if body.starts_with('#') {
            if col >= indent {
                last = end;
            }
            continue;
        }
        if col < indent || (col == 0 && (body.starts_with("---") || body.starts_with("..."))) {
            break;
        }
        last = end;
    }
    last
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
            Kind::Scalar(v, style) if v.is_empty() && *style == TScalarStyle::Plain => {
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
#[path = "edit_tests.rs"]
mod tests;
