//! The values file as a tree of nodes with byte offsets (from orochart's YAML reader), where a key
//! path lands in it, and where each scalar and block ends in the text.

use crate::yaml::{Kind as YKind, Style};

use super::path::{path_string, Segment};
use super::scalar::key_text;
use crate::error::{Error, Result};
use crate::yaml::{resolve_plain, Resolved};

/// A node of the document with where it starts (a byte offset).
#[derive(Debug)]
pub(super) struct Node {
    pub(super) start: usize,
    pub(super) anchor: usize,
    pub(super) flow: bool,
    pub(super) kind: Kind,
}

#[derive(Debug)]
pub(super) enum Kind {
    Scalar(String, Style),
    Map(Vec<(Node, Node)>),
    Seq(Vec<Node>),
    Alias,
}

impl Node {
    fn is_null(&self) -> bool {
        match &self.kind {
            Kind::Scalar(v, Style::Plain) => resolve_plain(v) == Resolved::Null,
            _ => false,
        }
    }
}

/// The document as this module's tree, read by orochart's YAML 1.1 reader (which reads as
/// Helm does and gives byte offsets).
pub(super) struct Tree;

impl Tree {
    pub(super) fn read(text: &str, file: &str) -> Result<Option<Node>> {
        let tree = crate::yaml::build(text).map_err(|(pos, message)| Error::Yaml {
            file: file.to_owned(),
            line: pos.line,
            column: pos.column,
            message: format!("yaml: {message}"),
            source_line: None,
        })?;
        let Some(root) = tree.root else {
            return Ok(None);
        };
        let mut empty = true;
        if let Some(YKind::Scalar { value, plain, tag }) = Some(&tree.nodes[root].kind) {
            empty = *plain && tag.is_none() && value.is_empty();
        }
        if empty && tree.nodes.len() == 1 {
            return Ok(None);
        }
        Ok(Some(convert(&tree, root, false)))
    }
}

/// Node `n` of the reader's tree as this module's node; `in_flow` when it is inside a flow
/// collection.
fn convert(tree: &crate::yaml::Tree, n: usize, in_flow: bool) -> Node {
    let node = &tree.nodes[n];
    let flow = in_flow || node.flow;
    let kind = match &node.kind {
        YKind::Scalar { value, .. } => Kind::Scalar(
            value.to_string(),
            node.style.unwrap_or(crate::yaml::Style::Plain),
        ),
        YKind::Alias(_) => Kind::Alias,
        YKind::Map(pairs) => Kind::Map(
            pairs
                .iter()
                .map(|&(k, v)| (convert(tree, k, flow), convert(tree, v, flow)))
                .collect(),
        ),
        YKind::Seq(items) => Kind::Seq(items.iter().map(|&i| convert(tree, i, flow)).collect()),
    };
    Node {
        start: node.content,
        anchor: usize::from(node.anchored),
        flow: match kind {
            Kind::Map(_) | Kind::Seq(_) => node.flow,
            _ => in_flow,
        },
        kind,
    }
}

/// Where an assignment lands.
pub(super) enum Target<'n> {
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

pub(super) fn keys_of(rest: &[Segment], path: &str) -> Result<Vec<String>> {
    rest.iter()
        .map(|s| match s {
            Segment::Key(k) => Ok(k.clone()),
            Segment::Index(_) => Err(Error::Invalid(format!(
                "`{path}`: set cannot add list items; edit an existing item or use a list value"
            ))),
        })
        .collect()
}

pub(super) fn locate<'n>(root: Option<&'n Node>, path: &[Segment]) -> Result<Target<'n>> {
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

/// Byte offset where the line containing `at` starts (after a byte-order mark).
pub(super) fn line_start(text: &str, at: usize) -> usize {
    // A byte-order mark takes no column.
    let first = if text.starts_with('\u{feff}') && at >= 3 {
        3
    } else {
        0
    };
    text[..at].rfind('\n').map_or(first, |i| i + 1)
}

/// Byte offset of the end of the line containing `at` (before `\r\n` or `\n`).
pub(super) fn line_end(text: &str, at: usize) -> usize {
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    if end > at && text.as_bytes().get(end - 1) == Some(&b'\r') {
        end - 1
    } else {
        end
    }
}

/// The end (exclusive) of the scalar starting at `start`, in the file's bytes.
pub(super) fn scalar_end(text: &str, node: &Node, value: &str, style: Style) -> Result<usize> {
    let b = text.as_bytes();
    let start = node.start;
    let unclosed = || Error::Invalid("a quoted value is not closed".into());
    match style {
        Style::Double => {
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
        Style::Single => {
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
        Style::Plain => {
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
        Style::Literal | Style::Folded => Err(Error::Invalid(
            "the value is a block scalar (`|` or `>`); set changes single-line values".into(),
        )),
    }
}

/// The indentation step of the file: how far a nested mapping's keys sit from their parent's
/// key (the first one found), or 2.
pub(super) fn indent_step(text: &str, node: &Node) -> Option<usize> {
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
pub(super) fn new_lines(
    rest: &[String],
    value: &str,
    indent: usize,
    step: usize,
    nl: &str,
) -> String {
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
pub(super) fn block_end(text: &str, map: &Node) -> usize {
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
