//! The first document of a YAML text as a tree of nodes, read as go-yaml v2 reads it (its
//! `parser.parse`): scanner and parser errors worded and numbered as go-yaml prints them,
//! an alias to an anchor not (yet) defined refused, and each node's span and scalar style
//! kept, with the comments of the text, for tools that edit or lint the source.

use std::collections::HashMap;

use super::parse::{Ev, Parser};
use super::read::{Kind, Node, Pos, Tree};
use super::scan::{Comment, Mark, Style};

impl From<Mark> for Pos {
    fn from(m: Mark) -> Self {
        Pos {
            index: m.index,
            byte: m.byte,
            line: m.line + 1,
            column: m.column + 1,
        }
    }
}

/// Reads the first document of `text`; `keep_comments` also collects its comments (in
/// [`Tree::comments`]). The error is go-yaml's message (after `yaml: `) and where it is:
/// line 0 when go-yaml prints no line.
pub(crate) fn read(text: &str, keep_comments: bool) -> Result<Tree<'_>, (Pos, String)> {
    read_reaching(text, keep_comments).0
}

/// [`read`], and how far into `text` go-yaml's scanner would have asked for characters by
/// the time it finished or failed (`Scanner::reach`).
pub(crate) fn read_reaching(
    text: &str,
    keep_comments: bool,
) -> (Result<Tree<'_>, (Pos, String)>, usize) {
    let mut parser = Parser::new(text);
    let tree = read_with(&mut parser, keep_comments);
    (tree, parser.scanner.reach())
}

fn read_with<'t>(parser: &mut Parser<'t>, keep_comments: bool) -> Result<Tree<'t>, (Pos, String)> {
    if keep_comments {
        parser.scanner.comments = Some(Vec::new());
    }
    let syntax = |e: super::scan::SyntaxError| {
        let mut pos = Pos::from(e.problem_mark);
        if e.shown_line() == 0 {
            pos.line = 0;
        }
        (pos, e.message())
    };
    let mut nodes: Vec<Node<'_>> = Vec::new();
    let mut anchors: HashMap<String, usize> = HashMap::new();
    // Open collections: node index and, for maps, the key waiting for its value.
    let mut stack: Vec<(usize, Option<usize>)> = Vec::new();
    let mut root = None;
    while let Some(event) = parser.next_event().map_err(syntax)? {
        let pos = Pos::from(event.start);
        let end = Pos::from(event.end);
        let content = event.content.byte;
        let done = match event.ev {
            Ev::StreamStart => None,
            Ev::StreamEnd | Ev::DocumentEnd => break,
            Ev::DocumentStart => None,
            Ev::Alias(name) => {
                let Some(&target) = anchors.get(&name) else {
                    let at = Pos { line: 0, ..pos };
                    return Err((at, format!("unknown anchor '{name}' referenced")));
                };
                nodes.push(Node {
                    kind: Kind::Alias(target),
                    pos,
                    end,
                    content,
                    style: None,
                    anchored: false,
                    flow: false,
                });
                Some(nodes.len() - 1)
            }
            Ev::Scalar {
                value,
                style,
                anchor,
                tag,
            } => {
                nodes.push(Node {
                    kind: Kind::Scalar {
                        value,
                        plain: style == Style::Plain,
                        tag,
                    },
                    pos,
                    end,
                    content,
                    style: Some(style),
                    anchored: anchor.is_some(),
                    flow: false,
                });
                let n = nodes.len() - 1;
                if let Some(a) = anchor {
                    anchors.insert(a, n);
                }
                Some(n)
            }
            ev @ (Ev::SequenceStart { .. } | Ev::MappingStart { .. }) => {
                let (seq, anchor, flow) = match ev {
                    Ev::SequenceStart { anchor, flow, .. } => (true, anchor, flow),
                    Ev::MappingStart { anchor, flow, .. } => (false, anchor, flow),
                    _ => (false, None, false),
                };
                let kind = if seq {
                    Kind::Seq(Vec::new())
                } else {
                    Kind::Map(Vec::new())
                };
                nodes.push(Node {
                    kind,
                    pos,
                    end: pos,
                    content,
                    style: None,
                    anchored: anchor.is_some(),
                    flow,
                });
                let n = nodes.len() - 1;
                if let Some(a) = anchor {
                    anchors.insert(a, n);
                }
                stack.push((n, None));
                None
            }
            Ev::SequenceEnd | Ev::MappingEnd => {
                let Some((n, _)) = stack.pop() else {
                    return Err((pos, "unbalanced collection end".into()));
                };
                nodes[n].end = end;
                Some(n)
            }
        };
        if let Some(n) = done {
            match stack.last_mut() {
                None => {
                    if root.is_none() {
                        root = Some(n);
                    }
                }
                Some((parent, pending)) => match &mut nodes[*parent].kind {
                    Kind::Seq(items) => items.push(n),
                    Kind::Map(pairs) => match pending.take() {
                        Some(k) => pairs.push((k, n)),
                        None => *pending = Some(n),
                    },
                    _ => {}
                },
            }
        }
    }
    let comments = parser.scanner.comments.take().unwrap_or_default();
    Ok(Tree {
        nodes,
        root,
        comments,
    })
}

// The comment API, for lint and the values editor (not used by them yet).
#[allow(dead_code)]
impl Tree<'_> {
    /// The comment lines right above node `n` (no blank line between, none that ends the
    /// previous node's line), oldest first: what a values editor keeps with a key.
    pub(crate) fn head_comments(&self, n: usize) -> Vec<&Comment> {
        let Some(node) = self.nodes.get(n) else {
            return Vec::new();
        };
        let line = node.pos.line.saturating_sub(1);
        let mut out: Vec<&Comment> = Vec::new();
        let mut want = line;
        // Comments are in text order: walk back from the node's line.
        let before = self.comments.partition_point(|c| c.at.byte < node.pos.byte);
        for c in self.comments[..before].iter().rev() {
            if want == 0 || c.at.line + 1 != want {
                break;
            }
            if !c.own_line {
                break;
            }
            out.push(c);
            want -= 1;
        }
        out.reverse();
        out
    }

    /// The comment after node `n` on the line where it ends (`key: value # note`).
    pub(crate) fn line_comment(&self, n: usize) -> Option<&Comment> {
        let node = self.nodes.get(n)?;
        let from = self.comments.partition_point(|c| c.at.byte < node.end.byte);
        let c = self.comments.get(from)?;
        (c.at.line + 1 == node.end.line && !c.own_line).then_some(c)
    }
}
