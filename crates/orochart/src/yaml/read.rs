//! The first document of a YAML text as a tree of nodes with their positions, tags, styles
//! and spans, read as go-yaml v2 (libyaml) reads it: [`build`] over orochart's own YAML 1.1
//! scanner and parser (`scan`, `parse`, `tree`).

use std::borrow::Cow;

use super::scan::{Comment, Style};

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Pos {
    /// The character index in the text.
    pub(crate) index: usize,
    /// The byte offset in the text.
    pub(crate) byte: usize,
    /// 1-based line (0 when unknown, or when go-yaml's message names none).
    pub(crate) line: usize,
    /// 1-based column, in characters.
    pub(crate) column: usize,
}

#[derive(Debug)]
pub(crate) enum Kind<'a> {
    Scalar {
        value: Cow<'a, str>,
        plain: bool,
        tag: Option<String>,
    },
    Seq(Vec<usize>),
    Map(Vec<(usize, usize)>),
    Alias(usize),
}

#[derive(Debug)]
pub(crate) struct Node<'a> {
    pub(crate) kind: Kind<'a>,
    /// Where the node starts (its anchor or tag, if any).
    pub(crate) pos: Pos,
    /// Where it ends: after a scalar's last character, after a flow collection's bracket,
    /// where the next token starts for a block collection.
    pub(crate) end: Pos,
    /// Where the node's own token starts (a byte offset): after its anchor and tag; a
    /// block mapping's first key, a block sequence's first `-`, a flow collection's bracket.
    pub(crate) content: usize,
    /// How a scalar was written; `None` for other nodes.
    pub(crate) style: Option<Style>,
    /// Whether the node has an anchor (aliases may share it).
    pub(crate) anchored: bool,
    /// Whether it is a flow collection (`[…]`, `{…}`, or a pair inside one).
    pub(crate) flow: bool,
}

pub(crate) struct Tree<'a> {
    pub(crate) nodes: Vec<Node<'a>>,
    pub(crate) root: Option<usize>,
    /// The text's comments in order, when asked for (`tree::read(text, true)`): for lint and
    /// the values editor, which do not use them yet.
    #[allow(dead_code)]
    pub(crate) comments: Vec<Comment>,
}

/// Builds the tree of the first document, or go-yaml's error (the message after `yaml: `,
/// and where: line 0 when go-yaml's message names no line).
pub(crate) fn build(text: &str) -> Result<Tree<'_>, (Pos, String)> {
    super::tree::read(text, false)
}

/// [`build`], and how far go-yaml's scanner would have asked for the text by the time it
/// finished or failed: where its reader's checks of the text would have stopped
/// ([`crate::input::go_yaml_reads`]).
pub(crate) fn build_reaching(text: &str) -> (Result<Tree<'_>, (Pos, String)>, usize) {
    super::tree::read_reaching(text, false)
}

/// Whether go-yaml, reading `text`, meets the bytes that follow it (not UTF-8, a character
/// `width` bytes long as its first byte says): its scanner asks for their block
/// ([`crate::input::go_yaml_reads`]). Else it stops first, at a syntax error or the end of
/// the first document.
pub(crate) fn meets_what_follows(text: &str, width: usize) -> bool {
    let (_, reach) = build_reaching(text);
    crate::input::go_yaml_reads(text, text.len(), width, reach)
}
