//! Reading a values file the way Helm 3 does: sigs.k8s.io/yaml, i.e. go-yaml v2 decoding into
//! `interface{}` (YAML 1.1 scalars, merge keys, duplicate keys last-wins, first document
//! only), then a round trip through JSON (keys stringified, numbers `float64`, `±Inf`/`NaN`
//! rejected). See helm-semantics.md §3.1.
//!
//! Three phases, in Go's order so the first error reported is Helm's: build the node tree from
//! yaml-rust2 events (syntax errors), decode it to Go values (tag, merge, alias errors), then
//! convert to JSON-able values (key and number errors), then check the top level is a map.
//!
//! yaml-rust2 reads YAML 1.2; go-yaml (libyaml) YAML 1.1, and the two disagree on some
//! syntax. Where yaml-rust2 alone rejects a text, [`build`] rewrites the white space it objects
//! to (the `\'` escape, the indentation of quoted scalars and flow collections, a tab after a
//! key's `:`) and parses again; where it alone accepts one, [`misplaced_tab`] and the `\/`
//! check reject it; [`go_yaml_error`] words syntax errors as go-yaml does. Still apart, as
//! differential runs against Helm found: Helm rejects a line of only white space holding a
//! tab (outside a block scalar) and an empty key in a list (`- : x`), which are read here; a
//! few errors are worded differently where yaml-rust2 stops elsewhere.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use std::borrow::Cow;

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::blockyaml::Ev;
use crate::error::{Error, Result};
use crate::profile::HelmProfile;
use crate::value::{KeyPath, Map, Origin, Origins, Value};

use super::MAX_DEPTH;
use crate::go::{format_float_g, quote};
use crate::yaml::{self, Scalar};

/// Parses a values file: the first YAML document, which must be a map (or empty). Every
/// number becomes [`Value::Float`], as in Helm. Records where each key and list item was
/// written.
pub fn parse_values(text: &str, file: &str) -> Result<(Map, Origins)> {
    let mut origins = Origins::new();
    let map = parse_values_recording(text, file, Some(&mut origins))?;
    Ok((map, origins))
}

/// [`parse_values`] without recording origins (faster: most files then convert in one pass).
pub fn parse_values_map(text: &str, file: &str) -> Result<Map> {
    parse_values_recording(text, file, None)
}

pub(super) fn parse_values_recording(
    text: &str,
    file: &str,
    origins: Option<&mut Origins>,
) -> Result<Map> {
    let (root, pos) = load(text, file, true, origins)?;
    let json_type = match root {
        Value::Map(m) => return Ok(m),
        Value::Null => return Ok(Map::new()),
        Value::List(_) => "array",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Float(_) => "number",
    };
    Err(yaml_error(
        file,
        pos,
        format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {json_type} into Go value of type map[string]interface {{}}"
        ),
    ))
}

/// Parses the first YAML document of `text` with Helm's rules (YAML 1.1 scalars, keys
/// stringified, duplicate keys last-wins) into any value; an empty document is
/// [`Value::Null`]. With `float_numbers` every number is a [`Value::Float`] (values files);
/// without, integers stay [`Value::Int`] (rendered manifests, `Chart.yaml`).
pub fn parse_yaml_document(text: &str, file: &str, float_numbers: bool) -> Result<Value> {
    load(text, file, float_numbers, None).map(|(v, _)| v)
}

/// [`parse_yaml_document`] as sigs.k8s.io/yaml parses into a Go struct: a value whose path
/// `string_field` accepts goes into a string field, so `±Inf` and `NaN` there are not an error
/// (the struct's reader formats them); anywhere else they still are.
pub(crate) fn parse_yaml_document_into(
    text: &str,
    file: &str,
    string_field: fn(&KeyPath) -> bool,
) -> Result<Value> {
    load_with(text, file, false, None, Some(string_field)).map(|(v, _)| v)
}

#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Pos {
    index: usize,
    line: usize,
    column: usize,
}

impl From<Marker> for Pos {
    fn from(m: Marker) -> Self {
        Pos {
            index: m.index(),
            line: m.line(),
            column: m.col() + 1,
        }
    }
}

fn yaml_error(file: &str, pos: Pos, message: String) -> Error {
    Error::Yaml {
        file: file.to_string(),
        line: pos.line,
        column: pos.column,
        message,
    }
}

/// A values file that could not be read as text: bytes that are not UTF-8 are Helm's YAML
/// error (`yaml: invalid leading UTF-8 octet`); other errors stay as they are.
pub(super) fn unreadable_values_file(e: Error, file: &str) -> Error {
    match e {
        Error::Io { source, .. } if source.kind() == std::io::ErrorKind::InvalidData => yaml_error(
            file,
            Pos::default(),
            format!("error converting YAML to JSON: yaml: {source}"),
        ),
        e => e,
    }
}

/// A block scalar with no content but line breaks: yaml-rust2 reads one at the end of the file
/// (`extraVolumes: |` as the last line) as `"\n"`; go-yaml, as YAML says, keeps the breaks
/// only with the keep indicator (`|+`), else it is `""`. `header` is the text from the
/// indicator on.
fn empty_block_scalar(value: String, header: Option<&str>) -> String {
    let Some(from_indicator) = header else {
        return value;
    };
    let (line, rest) = from_indicator
        .split_once('\n')
        .unwrap_or((from_indicator, ""));
    let line = line.split('#').next().unwrap_or(line);
    if !line.contains('+') {
        return String::new();
    }
    // Kept breaks: one per blank line after the header, where yaml-rust2 counts one more at
    // the end of the file and none before a following key.
    let mut breaks = 0;
    for blank in rest.split_inclusive('\n') {
        if !blank.trim_matches([' ', '\n', '\r']).is_empty() {
            break;
        }
        breaks += usize::from(blank.ends_with('\n'));
    }
    "\n".repeat(breaks)
}

pub(super) fn load(
    text: &str,
    file: &str,
    float_numbers: bool,
    origins: Option<&mut Origins>,
) -> Result<(Value, Pos)> {
    load_with(text, file, float_numbers, origins, None)
}

fn load_with(
    text: &str,
    file: &str,
    float_numbers: bool,
    origins: Option<&mut Origins>,
    string_field: Option<fn(&KeyPath) -> bool>,
) -> Result<(Value, Pos)> {
    // go-yaml skips a UTF-8 byte order mark; yaml-rust2 would read it as content.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // go-yaml's reader refuses control characters (a NUL among them) before parsing.
    if crate::input::first_control_character(text).is_some() {
        return Err(yaml_error(
            file,
            Pos::default(),
            "error converting YAML to JSON: yaml: control characters are not allowed".to_owned(),
        ));
    }
    if origins.is_none() {
        if let Some(value) = load_fast(text, float_numbers) {
            return Ok((value, Pos::default()));
        }
    }
    let built = build(text).and_then(|(tree, text)| match misplaced_tab(&text) {
        Some(error) => Err(error),
        None => Ok((tree, text)),
    });
    let (tree, text) = built.map_err(|(pos, msg)| {
        yaml_error(
            file,
            pos,
            format!("error converting YAML to JSON: yaml: {msg}"),
        )
    })?;
    let Some(root) = tree.root else {
        return Ok((Value::Null, Pos::default()));
    };
    let root_pos = tree.nodes[root].pos;
    if origins.is_none() {
        // Most files use none of what makes go-yaml's decoding subtle (anchors, aliases, tags,
        // merge keys, non-string keys, non-finite numbers): convert those in one pass.
        if let Some(value) = Simple::new(float_numbers).convert(&tree, root, 0) {
            return Ok((value, root_pos));
        }
    }
    let mut dec = Decoder {
        tree: &tree,
        text: &text,
        decode_count: 0,
        alias_count: 0,
        alias_depth: 0,
        active_aliases: HashSet::new(),
    };
    let go = dec.decode(root, 0).map_err(|(pos, msg)| {
        yaml_error(
            file,
            pos,
            format!("error converting YAML to JSON: yaml: {msg}"),
        )
    })?;
    let mut conv = Converter {
        file: Arc::from(file),
        float_numbers,
        origins,
        non_finite: None,
        string_field,
    };
    let value = conv
        .convert(go, &KeyPath::root(), root_pos)
        .map_err(|(pos, msg)| {
            yaml_error(file, pos, format!("error converting YAML to JSON: {msg}"))
        })?;
    if let Some((pos, f)) = conv.non_finite {
        return Err(yaml_error(
            file,
            pos,
            format!(
                "error converting YAML to JSON: json: unsupported value: {}",
                format_float_g(f, false)
            ),
        ));
    }
    Ok((value, root_pos))
}

/// The fast path: a document in the block subset [`crate::blockyaml`] reads, whose root is a
/// mapping and which [`Simple`] converts. `None` sends the caller down the exact path (which
/// also finds the positions an error needs).
fn load_fast(text: &str, float_numbers: bool) -> Option<Value> {
    let mut builder = Builder {
        simple: Simple::new(float_numbers),
        stack: Vec::new(),
        entries: Vec::new(),
        items: Vec::new(),
        done: None,
    };
    crate::blockyaml::read(text, &mut builder)?;
    builder.done
}

/// [`Simple::convert_events`] as the block reader's sink: the values are built as the events
/// arrive, without collecting them first. `done` is the document once its root is closed.
///
/// The open collections' members wait in two shared stacks (`entries`, `items`), so each
/// collection is allocated once, at its size, when it closes.
struct Builder {
    simple: Simple,
    /// Open collections, innermost last.
    stack: Vec<Open>,
    /// The open maps' entries so far, in file order, innermost map's last.
    entries: Vec<(String, Value)>,
    /// The open lists' items so far, innermost list's last.
    items: Vec<Value>,
    done: Option<Value>,
}

/// An open collection: where its members start in the shared stacks, and for a map the key
/// whose value comes next.
enum Open {
    List(usize),
    Map(usize, Option<String>),
}

impl Builder {
    /// A finished value: into the open collection, or the document.
    fn put(&mut self, value: Value) -> Option<()> {
        match self.stack.last_mut() {
            None if self.done.is_none() => self.done = Some(value),
            Some(Open::List(_)) => self.items.push(value),
            Some(Open::Map(_, key @ Some(_))) => self.entries.push((key.take()?, value)),
            _ => return None,
        }
        Some(())
    }

    /// A value may start here: not where a map wants a key, not after the document.
    fn value_may_start(&self) -> bool {
        match self.stack.last() {
            None => self.done.is_none(),
            Some(Open::Map(_, None)) => false,
            _ => self.stack.len() <= MAX_DEPTH,
        }
    }
}

impl<'a> crate::blockyaml::Sink<'a> for Builder {
    fn event(&mut self, event: Ev<'a>) -> Option<()> {
        match event {
            // The document must be a mapping.
            Ev::Scalar(..) | Ev::SeqStart if self.stack.is_empty() => None,
            Ev::Scalar(text, style) => {
                let plain = style == TScalarStyle::Plain;
                if let Some(Open::Map(_, key @ None)) = self.stack.last_mut() {
                    if !Simple::string_key(&text, plain) {
                        return None;
                    }
                    *key = Some(text.into_owned());
                    return Some(());
                }
                if !self.value_may_start() {
                    return None;
                }
                let value = self.simple.scalar(text, plain)?;
                self.put(value)
            }
            Ev::SeqStart | Ev::MapStart => {
                if !self.value_may_start() {
                    return None;
                }
                self.stack.push(if event == Ev::MapStart {
                    Open::Map(self.entries.len(), None)
                } else {
                    Open::List(self.items.len())
                });
                Some(())
            }
            Ev::MapEnd | Ev::SeqEnd => {
                let value = match self.stack.pop()? {
                    Open::Map(start, None) if event == Ev::MapEnd => {
                        Value::Map(Map::from_entries(self.entries.drain(start..).collect()))
                    }
                    Open::List(start) if event == Ev::SeqEnd => {
                        Value::List(self.items.drain(start..).collect())
                    }
                    _ => return None,
                };
                self.put(value)
            }
        }
    }
}

/// A values file's map from the fast block reader's events for it: what
/// [`parse_values_map`] returns when its fast path takes the file, `None` when it would not.
pub(crate) fn values_map_from_events(events: Vec<Ev<'_>>) -> Option<Map> {
    match load_events(events, true)? {
        Value::Map(m) => Some(m),
        _ => None,
    }
}

fn load_events(events: Vec<Ev<'_>>, float_numbers: bool) -> Option<Value> {
    if events.first() != Some(&Ev::MapStart) {
        return None;
    }
    let mut events = events.into_iter().peekable();
    let value = Simple::new(float_numbers).convert_events(&mut events, 0)?;
    events.next().is_none().then_some(value)
}

// ---------------------------------------------------------------------------------------------
// Phase 1: events → node tree (first document only).

#[derive(Debug)]
enum Kind {
    Scalar {
        value: String,
        plain: bool,
        tag: Option<String>,
    },
    Seq(Vec<usize>),
    Map(Vec<(usize, usize)>),
    Alias(usize),
}

#[derive(Debug)]
struct Node {
    kind: Kind,
    pos: Pos,
}

struct Tree {
    nodes: Vec<Node>,
    root: Option<usize>,
}

fn full_tag(tag: Option<Tag>) -> Option<String> {
    tag.map(|t| format!("{}{}", t.handle, t.suffix))
}

/// Builds the tree of the first document. yaml-rust2 reads YAML 1.2, go-yaml v2 YAML 1.1:
/// where yaml-rust2 alone rejects the text (the `\'` escape, indentation, tabs), the text is
/// rewritten and parsed again; `\/` is the other way round (so we reject it). Returns the text
/// actually parsed. Each rewrite fixes one place, so there are at most as many as the text
/// has lines (and escapes); past that bound the error stands.
fn build(text: &str) -> std::result::Result<(Tree, std::borrow::Cow<'_, str>), (Pos, String)> {
    let mut src = std::borrow::Cow::Borrowed(text);
    // Each rewrite parses the whole text again: a bound keeps a pathological text from taking
    // quadratic time (a flow collection is rewritten whole, not line by line).
    let mut rewrites_left = (text.lines().count() + text.matches('\\').count() + 1).min(256);
    loop {
        match build_once(&src) {
            Ok(tree) => return Ok((tree, src)),
            Err((pos, msg)) => {
                let patched = if msg.contains("unknown escape character") {
                    unescape_apostrophe(&src, pos.index)
                } else if msg == "invalid indentation in quoted scalar" {
                    Some(indent_quoted(&src, pos.index).map_err(|go| (pos, go))?)
                } else if msg == "':' must be followed by a valid YAML whitespace" {
                    space_after_colon(&src, pos.index)
                } else if msg == "invalid indentation"
                    || msg == "invalid indentation in flow construct"
                {
                    indent_flow(&src, pos.line).or_else(|| indent_line(&src, pos.line))
                } else if msg == "tab cannot be used as indentation" {
                    indent_line(&src, pos.line)
                } else if msg == "tabs disallowed within this context (block indentation)" {
                    // Inside a flow collection go-yaml takes the tab; in a block, it does not
                    // either (and says so in its words).
                    if in_flow(&src, pos.line) {
                        indent_flow(&src, pos.line).or_else(|| indent_line(&src, pos.line))
                    } else {
                        let problem = "found character that cannot start any token";
                        return Err(go_at(pos, scanner_line(pos.line), problem));
                    }
                } else {
                    None
                };
                // A rewrite re-indents a flow collection: one that keeps growing the text (a
                // few hundred nested `{a:` took seconds) is not converging on anything.
                let grows = |p: &String| p.len() > 2 * text.len() + 4096;
                match patched {
                    Some(p) if rewrites_left > 0 && !grows(&p) => {
                        rewrites_left -= 1;
                        src = std::borrow::Cow::Owned(p);
                    }
                    // libyaml stops at a tab it rejects before yaml-rust2's error, if any.
                    _ => {
                        let tab =
                            misplaced_tab(&src).filter(|(at, _)| at.line.max(1) <= pos.line.max(1));
                        return Err(tab.unwrap_or((pos, msg)));
                    }
                }
            }
        }
    }
}

/// The text with the `\'` escapes of the double-quoted scalar starting at char `quote_index`
/// replaced by `'`; `None` if there is no such scalar or escape.
fn unescape_apostrophe(text: &str, quote_index: usize) -> Option<String> {
    let (start, first) = text.char_indices().nth(quote_index)?;
    if first != '"' {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..=start]);
    let mut chars = text[start + 1..].char_indices();
    let mut found = false;
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                out.push_str(&text[start + 1 + i..]);
                break;
            }
            '\\' => match chars.next() {
                Some((_, '\'')) => {
                    found = true;
                    out.push('\'');
                }
                Some((_, next)) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    found.then_some(out)
}

/// A quoted scalar in the text: where its quote is, where each of its continuation lines
/// starts, and where it ends (its closing quote), all as byte offsets.
struct Quoted {
    start: usize,
    line_starts: Vec<usize>,
    end: Option<usize>,
}

impl Quoted {
    /// The quoted scalar whose opening quote is char `quote_index` of `text`.
    fn at(text: &str, quote_index: usize) -> Option<Quoted> {
        let start = text.char_indices().nth(quote_index)?.0;
        let quote = text[start..]
            .chars()
            .next()
            .filter(|q| matches!(q, '"' | '\''))?;
        let mut line_starts = Vec::new();
        let mut chars = text[start + 1..].char_indices();
        let at = |i: usize| start + 1 + i;
        let end = loop {
            let Some((i, c)) = chars.next() else {
                break None;
            };
            match c {
                '\\' if quote == '"' => {
                    if let Some((j, '\n')) = chars.next() {
                        line_starts.push(at(j) + 1);
                    }
                }
                '\'' if quote == '\'' => {
                    if chars.clone().next().map(|(_, n)| n) == Some('\'') {
                        chars.next();
                    } else {
                        break Some(at(i));
                    }
                }
                '"' if quote == '"' => break Some(at(i)),
                '\n' => line_starts.push(at(i) + 1),
                _ => {}
            }
        };
        Some(Quoted {
            start,
            line_starts,
            end,
        })
    }

    /// The first continuation line that starts with a document marker (`---` or `...`), as
    /// its 1-based line number: an error for go-yaml as for yaml-rust2.
    fn marker_line(&self, text: &str) -> Option<usize> {
        let at = self.line_starts.iter().copied().find(|&at| {
            let line = &text[at..];
            (line.starts_with("---") || line.starts_with("..."))
                && line[3..].chars().next().is_none_or(char::is_whitespace)
        })?;
        Some(text[..at].matches('\n').count() + 1)
    }
}

/// What to do about yaml-rust2's "invalid indentation in quoted scalar" for the scalar at
/// char `quote_index`: go-yaml (YAML 1.1) takes continuation lines at any indentation,
/// yaml-rust2 (1.2) not below the block's. `Ok` is the text with the continuation lines
/// indented to the quote's column: leading white space of a continuation line is not part of
/// the scalar, so its value is unchanged. `Err` is go-yaml's error when the scalar is one it
/// rejects too: a line in it starts with a document marker, or it never ends.
fn indent_quoted(text: &str, quote_index: usize) -> std::result::Result<String, String> {
    let Some(q) = Quoted::at(text, quote_index) else {
        return Err("invalid indentation in quoted scalar".to_owned());
    };
    if let Some(line) = q.marker_line(text) {
        return Err(format!("line {line}: found unexpected document indicator"));
    }
    if q.end.is_none() {
        let line = scanner_line(text.matches('\n').count() + 1);
        return Err(go_at(Pos::default(), line, "found unexpected end of stream").1);
    }
    let column = text[..q.start]
        .rsplit('\n')
        .next()
        .unwrap_or("")
        .chars()
        .count();
    let pad = " ".repeat(column);
    let mut out = String::with_capacity(text.len() + pad.len() * q.line_starts.len());
    let mut from = 0;
    for at in q.line_starts {
        out.push_str(&text[from..at]);
        out.push_str(&pad);
        from = at;
    }
    out.push_str(&text[from..]);
    Ok(out)
}

/// The text with line `line` (1-based) indented further, when yaml-rust2 stopped there for
/// its indentation inside a flow collection or a quoted scalar: it raises those errors only
/// there ("invalid indentation" only in a flow collection: in block context it closes the
/// blocks a line leaves first; "tab cannot be used as indentation" only in a quoted scalar),
/// where go-yaml (YAML 1.1) takes lines at any indentation and yaml-rust2 (1.2) not below the
/// enclosing block's. The line is indented past every column of the lines before it, so past
/// that block's. White space before a token in a flow collection means nothing, and a
/// multi-line scalar drops a line's leading white space, so the values are unchanged. `None`
/// when the line is indented that far already: the error is then not about indentation.
fn indent_line(text: &str, line: usize) -> Option<String> {
    let start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let column = text[..start]
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0)
        + 1;
    let indent = text[start..].chars().take_while(|c| *c == ' ').count();
    if indent >= column {
        return None;
    }
    let mut out = String::with_capacity(text.len() + column);
    out.push_str(&text[..start]);
    out.push_str(&" ".repeat(column - indent));
    out.push_str(&text[start..]);
    Some(out)
}

/// The text with a space after the `:` that the tabs before char `index` follow: go-yaml
/// takes a tab after a key's `:` as separation (`a:\tb` is `a: b`); yaml-rust2 wants a space
/// first. Where go-yaml does not take the tab (after a `?` key), [`misplaced_tab`] says so.
fn space_after_colon(text: &str, index: usize) -> Option<String> {
    let at = text
        .char_indices()
        .nth(index)
        .map_or(text.len(), |(i, _)| i);
    let before = text[..at].trim_end_matches(['\t', ' ']);
    if !before.ends_with(':') || before.len() == at {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 1);
    out.push_str(before);
    out.push(' ');
    out.push_str(&text[before.len()..]);
    Some(out)
}

/// Whether `text` has a tab that go-yaml rejects and yaml-rust2 takes ([`misplaced_tab`]):
/// readers that trust yaml-rust2 must leave such a text to the exact loader.
pub(crate) fn has_misplaced_tab(text: &str) -> bool {
    misplaced_tab(text).is_some()
}

/// go-yaml's error for a tab yaml-rust2 took as white space but libyaml does not. In block
/// context libyaml skips a tab only where no simple key may start, so a tab before the first
/// token of a line, or between a `-` entry or `?` key indicator (or the `:` that starts a
/// line, a `?` key's) and the token after it, starts a token itself, and none starts with a
/// tab: "found character that cannot start any token", a scanner error. Lines without a
/// token (a tab before a comment, a line of white space) are not checked.
fn misplaced_tab(text: &str) -> Option<(Pos, String)> {
    use yaml_rust2::scanner::{Scanner, TScalarStyle, TokenType};

    if !text.contains('\t') {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    // Whether the white space before char `index` holds a tab libyaml does not skip.
    let misplaced = |index: usize| {
        let mut j = index;
        while j > 0 && matches!(chars[j - 1], ' ' | '\t') {
            j -= 1;
        }
        if !chars[j..index].contains(&'\t') {
            return false;
        }
        let line_start = chars[..j]
            .iter()
            .rposition(|&c| c == '\n')
            .map_or(0, |i| i + 1);
        match j.checked_sub(1).map(|i| chars[i]) {
            None | Some('\n') => true,
            Some('-' | '?') => true,
            Some(':') => chars[line_start..j - 1].iter().all(|&c| c == ' '),
            Some(_) => false,
        }
    };
    let mut flow = 0usize;
    let mut scanner = Scanner::new(text.chars());
    let mut tokens = Vec::new();
    while let Ok(Some(token)) = scanner.next_token() {
        let end = matches!(token.1, TokenType::StreamEnd);
        tokens.push(token);
        if end {
            break;
        }
    }
    for (n, token) in tokens.iter().enumerate() {
        if let TokenType::Scalar(TScalarStyle::Literal | TScalarStyle::Folded, _) = token.1 {
            let next_line = tokens.get(n + 1).map_or(usize::MAX, |t| t.0.line());
            if let Some(line) = block_scalar_tab(&chars, token.0.index(), next_line) {
                let problem = "found a tab character where an indentation space is expected";
                return Some(go_at(Pos::from(token.0), scanner_line(line), problem));
            }
        }
        let starts_node = matches!(
            token.1,
            TokenType::Scalar(..)
                | TokenType::Anchor(_)
                | TokenType::Alias(_)
                | TokenType::Tag(..)
                | TokenType::FlowSequenceStart
                | TokenType::FlowMappingStart
        );
        // A `-` entry's mark is where its node starts; the `-` itself is before the blanks.
        let entry_dash = || {
            let mut j = token.0.index().min(chars.len());
            while j > 0 && matches!(chars[j - 1], ' ' | '\t') {
                j -= 1;
            }
            (j > 0 && chars[j - 1] == '-').then(|| j - 1)
        };
        let at = match token.1 {
            TokenType::BlockEntry => entry_dash(),
            _ if starts_node => Some(token.0.index()),
            _ => None,
        };
        if flow == 0 && at.is_some_and(&misplaced) {
            let problem = "found character that cannot start any token";
            return Some(go_at(
                Pos::from(token.0),
                scanner_line(token.0.line()),
                problem,
            ));
        }
        flow = flow_step(flow, &token.1);
    }
    None
}

/// The 1-based line of a tab libyaml rejects in the indentation of the block scalar whose
/// content yaml-rust2 starts at char `content` (the next token being on line `next_line`,
/// where libyaml too reads the indentation before it ends the scalar):
/// before the indentation is known (blank lines, then the first line with text) any tab in
/// the leading white space, after it a tab before that column. Scalars with an explicit
/// indentation indicator are not checked.
fn block_scalar_tab(chars: &[char], content: usize, next_line: usize) -> Option<usize> {
    // The header: the nearest `|` or `>` before the content with only indicators, blanks and
    // a comment after it on its line.
    let header = (0..content.min(chars.len())).rev().find(|&k| {
        matches!(chars[k], '|' | '>')
            && chars[k + 1..]
                .iter()
                .take_while(|&&c| c != '\n' && c != '#')
                .all(|&c| matches!(c, '+' | '-' | ' ' | '\t') || c.is_ascii_digit())
    })?;
    let header_end = chars[header..].iter().position(|&c| c == '\n')? + header;
    if chars[header + 1..header_end]
        .iter()
        .take_while(|&&c| c != '#')
        .any(char::is_ascii_digit)
    {
        return None;
    }
    let mut line = chars[..header].iter().filter(|&&c| c == '\n').count() + 1;
    let mut at = header_end + 1;
    let mut indent: Option<usize> = None;
    let mut blank_max = 0;
    while at < chars.len() {
        line += 1;
        // The next token's line ends the scalar, unless a tab comes first.
        if line > next_line {
            return None;
        }
        let spaces = chars[at..].iter().take_while(|&&c| c == ' ').count();
        let first = chars.get(at + spaces).copied().unwrap_or('\n');
        match indent {
            None if first == '\t' => return Some(line),
            None if first == '\n' => blank_max = blank_max.max(spaces),
            None => indent = Some(spaces.max(blank_max)),
            Some(n) if spaces < n && first == '\t' => return Some(line),
            Some(n) if spaces < n && first != '\n' => return None,
            Some(_) => {}
        }
        at = match chars[at..].iter().position(|&c| c == '\n') {
            Some(i) => at + i + 1,
            None => chars.len(),
        };
    }
    None
}

/// Whether line `line` (1-based) starts inside a flow collection.
fn in_flow(text: &str, line: usize) -> bool {
    outer_flow_start(text, line).is_some()
}

/// The char index of the bracket of the outermost flow collection open at the start of line
/// `line` (1-based).
fn outer_flow_start(text: &str, line: usize) -> Option<usize> {
    if line <= 1 {
        return None;
    }
    let end = text.match_indices('\n').nth(line - 2)?.0 + 1;
    // The outermost is a real bracket: a mapping of its own opens only inside a sequence.
    open_flows(&text[..end]).first().map(|&(index, _)| index)
}

/// The flow collections open at the end of `text`, outermost first, by yaml-rust2's tokens
/// (the scanner does not check that brackets close): each opening token's char index, and its
/// bracket, `None` for the mapping yaml-rust2 opens for a `key: value` pair in a sequence,
/// which has no `{` in the text.
fn open_flows(text: &str) -> Vec<(usize, Option<char>)> {
    use yaml_rust2::scanner::{Scanner, TokenType};

    let chars: Vec<char> = text.chars().collect();
    let mut open = Vec::new();
    let mut scanner = Scanner::new(chars.iter().copied());
    while let Ok(Some(token)) = scanner.next_token() {
        let index = token.0.index();
        match token.1 {
            TokenType::FlowSequenceStart => open.push((index, Some('['))),
            TokenType::FlowMappingStart => {
                open.push((index, (chars.get(index) == Some(&'{')).then_some('{')));
            }
            TokenType::FlowSequenceEnd | TokenType::FlowMappingEnd => {
                open.pop();
            }
            TokenType::StreamEnd => break,
            _ => {}
        }
    }
    open
}

/// [`indent_line`] for every line of the flow collection open at line `line`, at once: its
/// lines after the first are indented past its bracket's column (so past the enclosing
/// block's), up to its closing bracket. `None` when its extent is unclear (it does not
/// close, by a plain reading of brackets, quotes and comments).
fn indent_flow(text: &str, line: usize) -> Option<String> {
    let open = outer_flow_start(text, line)?;
    let chars: Vec<char> = text.chars().collect();
    let close = flow_end(&chars, open)?;
    let line_start = |i: usize| {
        chars[..i]
            .iter()
            .rposition(|&c| c == '\n')
            .map_or(0, |n| n + 1)
    };
    let column = open - line_start(open) + 1;
    let mut out = String::with_capacity(text.len() + 64);
    let mut changed = false;
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        if c == '\n' && i >= open && i < close {
            let indent = chars[i + 1..].iter().take_while(|&&c| c == ' ').count();
            if indent < column {
                out.extend(std::iter::repeat_n(' ', column - indent));
                changed = true;
            }
        }
    }
    changed.then_some(out)
}

/// The char index of the bracket closing the flow collection opened at `open`: brackets
/// counted outside quoted scalars (which start after a bracket, `,` or `:`) and comments.
fn flow_end(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    let mut prev = ' ';
    while i < chars.len() {
        let c = chars[i];
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            '"' | '\'' if matches!(prev, '[' | '{' | ',' | ':') => {
                i += 1;
                while i < chars.len() {
                    match chars[i] {
                        '\\' if c == '"' => i += 1,
                        '\'' if c == '\'' && chars.get(i + 1) == Some(&'\'') => i += 1,
                        q if q == c => break,
                        _ => {}
                    }
                    i += 1;
                }
            }
            '#' if chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_whitespace()) =>
            {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        if !c.is_whitespace() {
            prev = c;
        }
        i += 1;
    }
    None
}

/// Whether the double-quoted scalar starting at byte `start` uses the `\/` escape (YAML 1.2
/// only; go-yaml v2 rejects it).
fn has_slash_escape(text: &str, start: usize) -> bool {
    let mut chars = text.get(start + 1..).unwrap_or_default().chars();
    while let Some(c) = chars.next() {
        if c == '"' {
            return false;
        }
        // An escape consumes the next character, whatever it is.
        if c == '\\' && chars.next() == Some('/') {
            return true;
        }
    }
    false
}

/// Maps yaml-rust2's char indexes to byte offsets, moving forward from the last answer.
struct CharCursor<'a> {
    text: &'a str,
    chars: usize,
    bytes: usize,
}

impl CharCursor<'_> {
    fn byte_offset(&mut self, char_index: usize) -> Option<usize> {
        if char_index < self.chars {
            self.chars = 0;
            self.bytes = 0;
        }
        while self.chars < char_index {
            let c = self.text.get(self.bytes..)?.chars().next()?;
            self.bytes += c.len_utf8();
            self.chars += 1;
        }
        Some(self.bytes)
    }
}

fn build_once(text: &str) -> std::result::Result<Tree, (Pos, String)> {
    let mut parser = Parser::new_from_str(text);
    build_tree(
        || {
            parser
                .next_token()
                .map(|(event, mark)| (event, Pos::from(mark)))
                .map_err(|e| go_yaml_error(Pos::from(*e.marker()), e.info(), text))
        },
        text,
    )
}

/// yaml-rust2's syntax error as go-yaml v2 (libyaml) words it, which Helm prints. libyaml's
/// problem comes without its context ("while parsing a block mapping, "), and with the line
/// go-yaml prints: the 1-based line of a scanner error, the 0-based line of a parser error
/// (one less than the real one), and none at all when that number is 0. The message starts
/// with `line N: ` when there is a line; for an error go-yaml reports without one the position
/// returned is line 0, so that nothing adds one. Each translation was checked against Helm
/// 3.17.2; other messages are kept as they are.
fn go_yaml_error(pos: Pos, info: &str, text: &str) -> (Pos, String) {
    let shown = |line: usize, problem: &str| go_at(pos, line, problem);
    let parser = |problem: &str| shown(pos.line.saturating_sub(1), problem);
    let scanner = |problem: &str| shown(scanner_line(pos.line), problem);
    let problem = info
        .strip_prefix("while ")
        .and_then(|rest| rest.split_once(", "))
        .map_or(info, |(_, problem)| problem);
    match problem {
        "did not find expected node content"
        | "did not find expected key"
        | "did not find expected '-' indicator" => parser(problem),
        "expected ',' or ']'" => parser("did not find expected ',' or ']'"),
        // yaml-rust2 reports a `key: value` pair in a flow sequence as a flow mapping of its
        // own; libyaml the sequence: the innermost bracket decides.
        "did not find expected ',' or '}'" => match innermost_flow(text, pos.index) {
            Some('[') => parser("did not find expected ',' or ']'"),
            _ => parser(problem),
        },
        "\"-\" is only valid inside a block" => parser("did not find expected node content"),
        // yaml-rust2 counts open flow collections in a byte; go-yaml allows 10,000 levels.
        "recursion limit exceeded" => shown(
            pos.line,
            "flow collections (`{` and `[`) nested more than 255 levels deep: orochart's YAML reader stops there (Helm reads 10,000; write deep values as block mappings)",
        ),
        // A quoted scalar never ended: go-yaml stops at the text's last line. (Helm trims a
        // rendered document's trailing white space before reading it.)
        "found unexpected end of stream" => {
            shown(scanner_line(text.matches('\n').count() + 1), problem)
        }
        "found unexpected document indicator" => {
            match Quoted::at(text, pos.index).and_then(|q| q.marker_line(text)) {
                Some(line) => shown(line, problem),
                None => (pos, info.to_owned()),
            }
        }
        "found unknown escape character"
        | "did not find expected alphabetic or numeric character"
        | "did not find the expected '>'"
        | "did not find expected comment or line break"
        | "mapping values are not allowed in this context"
        | "block sequence entries are not allowed in this context" => scanner(problem),
        "simple key expect ':'" => scanner("could not find expected ':'"),
        // yaml-rust2 stops at the header, libyaml at the tab on the next line.
        "a block scalar content cannot start with a tab" => shown(
            pos.line + 1,
            "found a tab character where an indentation space is expected",
        ),
        "'-' must be followed by a valid YAML whitespace" | "tabs disallowed in this context" => {
            scanner("found character that cannot start any token")
        }
        // yaml-rust2 stops at the scalar the tab follows, libyaml at the tab's line: the
        // next line that is not blank.
        "found a tab" => {
            let line = text
                .lines()
                .enumerate()
                .skip(pos.line)
                .find(|(_, l)| !l.trim().is_empty())
                .map_or(pos.line + 1, |(i, _)| i + 1);
            shown(line, "found a tab character that violates indentation")
        }
        // libyaml's spelling.
        "did not find expected hexadecimal number" => {
            scanner("did not find expected hexdecimal number")
        }
        _ if info.starts_with("unexpected character: ") => {
            scanner("found character that cannot start any token")
        }
        "found unknown anchor" => {
            // The alias at the error position: `*name`.
            let at = text
                .char_indices()
                .nth(pos.index)
                .map_or(text.len(), |(i, _)| i);
            let name: String = text[at..]
                .strip_prefix('*')
                .map(|t| {
                    t.chars()
                        .take_while(|c| !c.is_whitespace() && !",[]{}".contains(*c))
                        .collect()
                })
                .unwrap_or_default();
            shown(0, &format!("unknown anchor '{name}' referenced"))
        }
        _ => (pos, info.to_owned()),
    }
}

/// go-yaml's message for `problem` at `line` as it prints it (`line N: problem`, or no line
/// for line 0), and the position to report with it: line 0 too when go-yaml prints none, so
/// that nothing adds one.
fn go_at(pos: Pos, line: usize, problem: &str) -> (Pos, String) {
    if line == 0 {
        (Pos { line: 0, ..pos }, problem.to_owned())
    } else {
        (pos, format!("line {line}: {problem}"))
    }
}

/// The line go-yaml prints for a scanner error on 1-based line `line`: the same, but none on
/// the first line (its 0-based line 0).
fn scanner_line(line: usize) -> usize {
    if line <= 1 {
        0
    } else {
        line
    }
}

/// The bracket (`[` or `{`) of the innermost flow collection open before char `index`; a
/// `key: value` pair's mapping in a sequence is not a bracket of its own.
fn innermost_flow(text: &str, index: usize) -> Option<char> {
    let end = text
        .char_indices()
        .nth(index)
        .map_or(text.len(), |(i, _)| i);
    open_flows(&text[..end])
        .into_iter()
        .rev()
        .find_map(|(_, bracket)| bracket)
}

/// The depth of flow collections after `token`, from the depth before it.
fn flow_step(depth: usize, token: &yaml_rust2::scanner::TokenType) -> usize {
    use yaml_rust2::scanner::TokenType;
    match token {
        TokenType::FlowSequenceStart | TokenType::FlowMappingStart => depth + 1,
        TokenType::FlowSequenceEnd | TokenType::FlowMappingEnd => depth.saturating_sub(1),
        _ => depth,
    }
}

/// Builds the tree of the first document from its events; double-quoted scalars are checked
/// in `text` for the `\\/` escape go-yaml v2 rejects.
fn build_tree(
    mut next: impl FnMut() -> std::result::Result<(Event, Pos), (Pos, String)>,
    text: &str,
) -> std::result::Result<Tree, (Pos, String)> {
    let check_slash = text.contains("\\/");
    let mut cursor = CharCursor {
        text,
        chars: 0,
        bytes: 0,
    };
    let mut nodes: Vec<Node> = Vec::new();
    let mut anchors: HashMap<usize, usize> = HashMap::new();
    // Open collections: node index and, for maps, the key waiting for its value.
    let mut stack: Vec<(usize, Option<usize>)> = Vec::new();
    let mut root = None;
    loop {
        let (event, pos) = next()?;
        let done = match event {
            Event::StreamEnd | Event::DocumentEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentStart => None,
            Event::Alias(id) => {
                let Some(&target) = anchors.get(&id) else {
                    return Err((pos, "unknown anchor referenced".into()));
                };
                nodes.push(Node {
                    kind: Kind::Alias(target),
                    pos,
                });
                Some(nodes.len() - 1)
            }
            Event::Scalar(value, style, anchor, tag) => {
                if check_slash && style == TScalarStyle::DoubleQuoted {
                    let at = cursor.byte_offset(pos.index);
                    if at.is_some_and(|b| has_slash_escape(text, b)) {
                        return Err((pos, "found unknown escape character".into()));
                    }
                }
                let value = match style {
                    TScalarStyle::Literal | TScalarStyle::Folded
                        if value.bytes().all(|b| b == b'\n') =>
                    {
                        let header = cursor.byte_offset(pos.index).and_then(|b| text.get(b..));
                        empty_block_scalar(value, header)
                    }
                    _ => value,
                };
                nodes.push(Node {
                    kind: Kind::Scalar {
                        value,
                        plain: style == TScalarStyle::Plain,
                        tag: full_tag(tag),
                    },
                    pos,
                });
                let n = nodes.len() - 1;
                if anchor > 0 {
                    anchors.insert(anchor, n);
                }
                Some(n)
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err((pos, format!("exceeded max depth of {MAX_DEPTH}")));
                }
                let kind = if matches!(event, Event::SequenceStart(..)) {
                    Kind::Seq(Vec::new())
                } else {
                    Kind::Map(Vec::new())
                };
                nodes.push(Node { kind, pos });
                let n = nodes.len() - 1;
                if anchor > 0 {
                    anchors.insert(anchor, n);
                }
                stack.push((n, None));
                None
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some((n, _)) = stack.pop() else {
                    return Err((pos, "unbalanced collection end".into()));
                };
                // yaml-rust2 marks a block mapping after its first key; point at the key.
                if let Kind::Map(pairs) = &nodes[n].kind {
                    if let Some(&(k, _)) = pairs.first() {
                        if nodes[k].pos.index < nodes[n].pos.index {
                            nodes[n].pos = nodes[k].pos;
                        }
                    }
                }
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
    Ok(Tree { nodes, root })
}

type EvIter<'a> = std::iter::Peekable<std::vec::IntoIter<Ev<'a>>>;

/// The one-pass conversion of a node tree without anchors, aliases, tags, merge keys,
/// non-string keys or non-finite numbers, straight to the values phases 2 and 3 would give.
/// `None` as soon as the tree uses any of those: the caller then runs the full phases, which
/// also produce their errors.
struct Simple {
    float_numbers: bool,
}

impl Simple {
    fn new(float_numbers: bool) -> Self {
        Simple { float_numbers }
    }

    /// A scalar's value; `None` for one the full phases must judge (non-finite numbers).
    fn scalar(&self, value: Cow<'_, str>, plain: bool) -> Option<Value> {
        if !plain {
            return Some(Value::String(value.into_owned()));
        }
        Some(match yaml::resolve_scalar(&value) {
            Scalar::Str | Scalar::Timestamp => Value::String(value.into_owned()),
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => Value::Bool(b),
            Scalar::Int(i) if self.float_numbers => Value::Float(i as f64),
            Scalar::Int(i) => Value::Int(i),
            Scalar::Uint(u) => Value::Float(u as f64),
            Scalar::Float(f) if f.is_finite() => Value::Float(f),
            Scalar::Float(_) => return None,
        })
    }

    /// Whether a key stays the string it reads as: a plain key YAML 1.1 types (`1:`,
    /// `true:`, `~:`, stringified later by Go) or a `<<` merge is for the full phases.
    fn string_key(key: &str, plain: bool) -> bool {
        !plain
            || (key != "<<" && matches!(yaml::resolve_scalar(key), Scalar::Str | Scalar::Timestamp))
    }

    fn convert(&self, tree: &Tree, n: usize, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match &tree.nodes[n].kind {
            Kind::Scalar {
                value,
                plain,
                tag: None,
            } => self.scalar(Cow::Borrowed(value), *plain)?,
            Kind::Scalar { tag: Some(_), .. } | Kind::Alias(_) => return None,
            Kind::Seq(items) => Value::List(
                items
                    .iter()
                    .map(|&item| self.convert(tree, item, depth + 1))
                    .collect::<Option<Vec<Value>>>()?,
            ),
            Kind::Map(pairs) => {
                let mut out = Vec::with_capacity(pairs.len());
                for &(k, v) in pairs {
                    let Kind::Scalar {
                        value: key,
                        plain,
                        tag: None,
                    } = &tree.nodes[k].kind
                    else {
                        return None;
                    };
                    if !Self::string_key(key, *plain) {
                        return None;
                    }
                    out.push((key.clone(), self.convert(tree, v, depth + 1)?));
                }
                Value::Map(Map::from_entries(out))
            }
        })
    }

    /// The same from the fast block reader's events (which have no anchors, aliases or
    /// tags), without building the node tree.
    fn convert_events(&self, events: &mut EvIter<'_>, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match events.next()? {
            Ev::Scalar(text, style) => self.scalar(text, style == TScalarStyle::Plain)?,
            Ev::SeqStart => {
                let mut items = Vec::new();
                while *events.peek()? != Ev::SeqEnd {
                    items.push(self.convert_events(events, depth + 1)?);
                }
                events.next();
                Value::List(items)
            }
            Ev::MapStart => {
                let mut out = Vec::new();
                loop {
                    let (key, style) = match events.next()? {
                        Ev::MapEnd => break,
                        Ev::Scalar(key, style) => (key, style),
                        _ => return None,
                    };
                    if !Self::string_key(&key, style == TScalarStyle::Plain) {
                        return None;
                    }
                    out.push((key.into_owned(), self.convert_events(events, depth + 1)?));
                }
                Value::Map(Map::from_entries(out))
            }
            Ev::MapEnd | Ev::SeqEnd => return None,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Phase 2: node tree → Go values (go-yaml v2 `decoder` into `interface{}`).

/// A value as go-yaml v2 decodes it into `interface{}`, keys still typed.
#[derive(Debug, Clone)]
enum GoVal {
    Nil,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
    List(Vec<(GoVal, Pos)>),
    Map(GoMap),
}

/// `map[interface{}]interface{}`, in insertion order, with Go's key identity.
#[derive(Debug, Clone, Default)]
struct GoMap {
    entries: Vec<(GoVal, GoVal, Pos)>,
    index: HashMap<KeyId, usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum KeyId {
    Nil,
    Bool(bool),
    Int(i64),
    Uint(u64),
    /// Float bits with -0 folded onto +0; NaN never equals itself, so each gets its own id.
    Float(u64),
    Nan(usize),
    Str(String),
}

impl GoMap {
    fn insert(&mut self, key: GoVal, val: GoVal, pos: Pos) {
        let id = match &key {
            GoVal::Nil => KeyId::Nil,
            GoVal::Bool(b) => KeyId::Bool(*b),
            GoVal::Int(i) => KeyId::Int(*i),
            GoVal::Uint(u) => KeyId::Uint(*u),
            GoVal::Float(f) if f.is_nan() => KeyId::Nan(self.entries.len()),
            GoVal::Float(f) => KeyId::Float(if *f == 0.0 { 0 } else { f.to_bits() }),
            GoVal::Str(s) => KeyId::Str(s.clone()),
            // Rejected before insertion (`invalid map key`).
            GoVal::List(_) | GoVal::Map(_) => KeyId::Nan(self.entries.len()),
        };
        match self.index.get(&id) {
            Some(&i) => self.entries[i] = (key, val, pos),
            None => {
                self.index.insert(id, self.entries.len());
                self.entries.push((key, val, pos));
            }
        }
    }
}

type DecodeResult<T> = std::result::Result<T, (Pos, String)>;

struct Decoder<'t> {
    tree: &'t Tree,
    text: &'t str,
    decode_count: usize,
    alias_count: usize,
    alias_depth: usize,
    active_aliases: HashSet<usize>,
}

/// go-yaml v2's `allowedAliasRatio`: guards against alias bombs ("billion laughs").
fn allowed_alias_ratio(decode_count: usize) -> f64 {
    const LOW: f64 = 400_000.0;
    const HIGH: f64 = 4_000_000.0;
    let n = decode_count as f64;
    if n <= LOW {
        0.99
    } else if n >= HIGH {
        0.10
    } else {
        0.99 - 0.89 * ((n - LOW) / (HIGH - LOW))
    }
}

const WANT_MAP: &str = "map merge requires map or sequence of maps as the value";

impl Decoder<'_> {
    fn node(&self, n: usize) -> &Node {
        &self.tree.nodes[n]
    }

    fn count(&mut self, n: usize, depth: usize) -> DecodeResult<()> {
        self.decode_count += 1;
        if self.alias_depth > 0 {
            self.alias_count += 1;
        }
        if self.alias_count > 100
            && self.decode_count > 1000
            && self.alias_count as f64 / self.decode_count as f64
                > allowed_alias_ratio(self.decode_count)
        {
            return Err((
                self.node(n).pos,
                "document contains excessive aliasing".into(),
            ));
        }
        if depth > MAX_DEPTH {
            return Err((
                self.node(n).pos,
                format!("exceeded max depth of {MAX_DEPTH}"),
            ));
        }
        Ok(())
    }

    /// The anchor name an alias node refers to, read back from the source (`*name`).
    fn alias_name(&self, n: usize) -> String {
        let start = self.node(n).pos.index;
        self.text
            .chars()
            .skip(start + 1)
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
            .collect()
    }

    fn enter_alias(&mut self, n: usize) -> DecodeResult<()> {
        if !self.active_aliases.insert(n) {
            return Err((
                self.node(n).pos,
                format!("anchor '{}' value contains itself", self.alias_name(n)),
            ));
        }
        self.alias_depth += 1;
        Ok(())
    }

    fn leave_alias(&mut self, n: usize) {
        self.alias_depth -= 1;
        self.active_aliases.remove(&n);
    }

    fn decode(&mut self, n: usize, depth: usize) -> DecodeResult<GoVal> {
        self.count(n, depth)?;
        let tree = self.tree;
        match &tree.nodes[n].kind {
            Kind::Scalar { value, plain, tag } => self.scalar(n, value, *plain, tag.as_deref()),
            Kind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for &item in items {
                    out.push((self.decode(item, depth + 1)?, tree.nodes[item].pos));
                }
                Ok(GoVal::List(out))
            }
            Kind::Map(_) => {
                let mut out = GoMap::default();
                self.mapping_into(n, &mut out, depth)?;
                Ok(GoVal::Map(out))
            }
            &Kind::Alias(target) => {
                self.enter_alias(n)?;
                let r = self.decode(target, depth + 1);
                self.leave_alias(n);
                r
            }
        }
    }

    fn scalar(&self, n: usize, value: &str, plain: bool, tag: Option<&str>) -> DecodeResult<GoVal> {
        let pos = self.node(n).pos;
        let (rtag, resolved) = match tag {
            None if !plain => (yaml::STR, Scalar::Str),
            tag => yaml::resolve(tag.unwrap_or(""), value).map_err(|e| (pos, e))?,
        };
        if rtag == yaml::BINARY {
            let bytes = decode_base64(value).ok_or((
                pos,
                "!!binary value contains invalid base64 data".to_string(),
            ))?;
            return Ok(GoVal::Str(go_bytes_to_string(&bytes)));
        }
        Ok(match resolved {
            Scalar::Null => GoVal::Nil,
            Scalar::Bool(b) => GoVal::Bool(b),
            Scalar::Int(i) => GoVal::Int(i),
            Scalar::Uint(u) => GoVal::Uint(u),
            Scalar::Float(f) => GoVal::Float(f),
            Scalar::Str | Scalar::Timestamp => GoVal::Str(value.to_string()),
        })
    }

    fn is_merge(&self, k: usize) -> bool {
        match &self.node(k).kind {
            Kind::Scalar { value, plain, tag } => {
                value == "<<"
                    && match tag {
                        None => *plain,
                        Some(t) => t == yaml::MERGE,
                    }
            }
            _ => false,
        }
    }

    /// go-yaml v2 `mapping`: pairs assigned in order into `out` (so a later duplicate wins, and
    /// a `<<` merge overwrites keys set before it).
    fn mapping_into(&mut self, n: usize, out: &mut GoMap, depth: usize) -> DecodeResult<()> {
        let tree = self.tree;
        let Kind::Map(pairs) = &tree.nodes[n].kind else {
            return Ok(());
        };
        for &(k, v) in pairs {
            if self.is_merge(k) {
                self.merge(v, out, depth + 1)?;
                continue;
            }
            let key = self.decode(k, depth + 1)?;
            if matches!(key, GoVal::List(_) | GoVal::Map(_)) {
                return Err((
                    tree.nodes[k].pos,
                    format!("invalid map key: {}", sharp_v(&key, true)),
                ));
            }
            let val = self.decode(v, depth + 1)?;
            out.insert(key, val, tree.nodes[k].pos);
        }
        Ok(())
    }

    /// Decodes a mapping node (or an alias of one) into an existing map.
    fn merge_one(&mut self, n: usize, out: &mut GoMap, depth: usize) -> DecodeResult<()> {
        self.count(n, depth)?;
        match self.node(n).kind {
            Kind::Alias(target) => {
                if !matches!(self.node(target).kind, Kind::Map(_)) {
                    return Err((self.node(n).pos, WANT_MAP.into()));
                }
                self.enter_alias(n)?;
                let r = self.merge_one(target, out, depth + 1);
                self.leave_alias(n);
                r
            }
            Kind::Map(_) => self.mapping_into(n, out, depth),
            _ => Err((self.node(n).pos, WANT_MAP.into())),
        }
    }

    /// go-yaml v2 `merge`: a map, an alias of a map, or a sequence of those (earlier entries
    /// take precedence, so they are applied last).
    fn merge(&mut self, v: usize, out: &mut GoMap, depth: usize) -> DecodeResult<()> {
        let tree = self.tree;
        match &tree.nodes[v].kind {
            Kind::Map(_) | Kind::Alias(_) => self.merge_one(v, out, depth),
            Kind::Seq(items) => {
                for &item in items.iter().rev() {
                    self.merge_one(item, out, depth + 1)?;
                }
                Ok(())
            }
            Kind::Scalar { .. } => Err((tree.nodes[v].pos, WANT_MAP.into())),
        }
    }
}

/// Go's `base64.StdEncoding.DecodeString`: padding required, `\r` and `\n` ignored, non-zero
/// trailing bits tolerated.
fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let chars: Vec<u8> = s.bytes().filter(|b| *b != b'\r' && *b != b'\n').collect();
    if chars.len() % 4 != 0 {
        return None;
    }
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        })
    };
    let mut out = Vec::with_capacity(chars.len() / 4 * 3);
    let quanta = chars.len() / 4;
    for (qi, q) in chars.chunks(4).enumerate() {
        let pad = q.iter().rev().take_while(|c| **c == b'=').count();
        if pad > 2 || (pad > 0 && qi + 1 != quanta) {
            return None;
        }
        let mut n: u32 = 0;
        for &c in &q[..4 - pad] {
            n = (n << 6) | val(c)?;
        }
        n <<= 6 * pad as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

/// A Go string made of arbitrary bytes, as `encoding/json` writes it: each invalid UTF-8 byte
/// becomes U+FFFD.
fn go_bytes_to_string(mut bytes: &[u8]) -> String {
    let mut out = String::new();
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                out.push_str(s);
                return out;
            }
            Err(e) => {
                let (good, rest) = bytes.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                out.push('\u{FFFD}');
                bytes = rest.get(1..).unwrap_or_default();
            }
        }
    }
}

/// Go's `%#v` of a decoded value (for error messages). `top` is the outermost value: a nil
/// there prints `<nil>`, inside a container `interface {}(nil)`.
fn sharp_v(v: &GoVal, top: bool) -> String {
    match v {
        GoVal::Nil if top => "<nil>".into(),
        GoVal::Nil => "interface {}(nil)".into(),
        GoVal::Bool(b) => b.to_string(),
        GoVal::Int(i) => i.to_string(),
        GoVal::Uint(u) => format!("0x{u:x}"),
        GoVal::Float(f) => format_float_g(*f, false),
        GoVal::Str(s) => quote(s),
        GoVal::List(items) => {
            let inner: Vec<String> = items.iter().map(|(v, _)| sharp_v(v, false)).collect();
            format!("[]interface {{}}{{{}}}", inner.join(", "))
        }
        GoVal::Map(m) => {
            // fmt sorts map keys; across types the order is Go-internal, approximated here.
            let rank = |k: &GoVal| match k {
                GoVal::Nil => 0,
                GoVal::Str(_) => 1,
                GoVal::Int(_) => 2,
                GoVal::Uint(_) => 3,
                GoVal::Float(_) => 4,
                GoVal::Bool(_) => 5,
                GoVal::List(_) | GoVal::Map(_) => 6,
            };
            let mut entries: Vec<&(GoVal, GoVal, Pos)> = m.entries.iter().collect();
            entries.sort_by(|a, b| {
                rank(&a.0)
                    .cmp(&rank(&b.0))
                    .then_with(|| match (&a.0, &b.0) {
                        (GoVal::Str(x), GoVal::Str(y)) => x.cmp(y),
                        (GoVal::Int(x), GoVal::Int(y)) => x.cmp(y),
                        (GoVal::Uint(x), GoVal::Uint(y)) => x.cmp(y),
                        (GoVal::Float(x), GoVal::Float(y)) => x.total_cmp(y),
                        (GoVal::Bool(x), GoVal::Bool(y)) => x.cmp(y),
                        _ => std::cmp::Ordering::Equal,
                    })
            });
            let inner: Vec<String> = entries
                .iter()
                .map(|(k, v, _)| format!("{}:{}", sharp_v(k, false), sharp_v(v, false)))
                .collect();
            format!("map[interface {{}}]interface {{}}{{{}}}", inner.join(", "))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Phase 3: Go values → JSON-able values (sigs.k8s.io/yaml `convertToJSONableObject`, then
// `json.Marshal`/`Unmarshal`).

/// How deep the paths of recorded origins go. A key deeper than this (a values file can nest
/// 10,000 levels) has no origin of its own, so that neither the paths built while converting
/// nor the origins recorded grow with the square of the depth.
const MAX_ORIGIN_DEPTH: usize = 64;

/// Whether a path below `path` is still short enough to build and record.
fn deeper(path: &KeyPath) -> bool {
    path.segments().len() < MAX_ORIGIN_DEPTH
}

struct Converter<'o> {
    file: Arc<str>,
    float_numbers: bool,
    origins: Option<&'o mut Origins>,
    /// The first `±Inf`/`NaN`: `json.Marshal` fails on it after the key conversion succeeded.
    non_finite: Option<(Pos, f64)>,
    /// The paths that go into a Go string field ([`parse_yaml_document_into`]).
    string_field: Option<fn(&KeyPath) -> bool>,
}

impl Converter<'_> {
    fn record(&mut self, path: KeyPath, pos: Pos) {
        if let Some(origins) = self.origins.as_deref_mut() {
            super::remove_under(origins, &path);
            origins.insert(
                path,
                Origin {
                    file: self.file.clone(),
                    line: pos.line,
                    column: pos.column,
                },
            );
        }
    }

    fn convert(&mut self, v: GoVal, path: &KeyPath, pos: Pos) -> DecodeResult<Value> {
        Ok(match v {
            GoVal::Nil => Value::Null,
            GoVal::Bool(b) => Value::Bool(b),
            GoVal::Int(i) if self.float_numbers => Value::Float(i as f64),
            GoVal::Int(i) => Value::Int(i),
            GoVal::Uint(u) => Value::Float(u as f64),
            GoVal::Float(f) => {
                if !f.is_finite()
                    && self.non_finite.is_none()
                    && !self
                        .string_field
                        .is_some_and(|into_string| into_string(path))
                {
                    self.non_finite = Some((pos, f));
                }
                Value::Float(f)
            }
            GoVal::Str(s) => Value::String(s),
            GoVal::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, (item, item_pos)) in items.into_iter().enumerate() {
                    let p = match deeper(path) {
                        true => path.index(i),
                        false => path.clone(),
                    };
                    if deeper(path) {
                        self.record(p.clone(), item_pos);
                    }
                    out.push(self.convert(item, &p, item_pos)?);
                }
                Value::List(out)
            }
            GoVal::Map(m) => {
                let mut out = Vec::with_capacity(m.entries.len());
                for (k, v, key_pos) in m.entries {
                    let key = match k {
                        GoVal::Str(s) => s,
                        GoVal::Int(i) => i.to_string(),
                        GoVal::Float(f) => match format_float_g(f, true).as_str() {
                            "+Inf" => ".inf".to_string(),
                            "-Inf" => "-.inf".to_string(),
                            "NaN" => ".nan".to_string(),
                            s => s.to_string(),
                        },
                        GoVal::Bool(b) => b.to_string(),
                        GoVal::Nil => {
                            return Err((
                                key_pos,
                                format!(
                                "unsupported map key of type: %!s(<nil>), key: <nil>, value: {}",
                                sharp_v(&v, true)
                            ),
                            ))
                        }
                        GoVal::Uint(u) => {
                            return Err((
                                key_pos,
                                format!(
                                    "unsupported map key of type: uint64, key: 0x{u:x}, value: {}",
                                    sharp_v(&v, true)
                                ),
                            ))
                        }
                        GoVal::List(_) | GoVal::Map(_) => {
                            return Err((key_pos, "invalid map key".into()))
                        }
                    };
                    let p = match deeper(path) {
                        true => path.key(&key),
                        false => path.clone(),
                    };
                    if deeper(path) {
                        self.record(p.clone(), key_pos);
                    }
                    let value_pos = key_pos;
                    out.push((key, self.convert(v, &p, value_pos)?));
                }
                // Later duplicates (`1` and "1" as keys) win, as with Go's map assignment.
                Value::Map(Map::from_entries(out))
            }
        })
    }
}

/// The documents of a values file that count under `profile`, each with the number of lines
/// before it: the whole text for Helm 3 (its reader takes the first document), else the
/// documents Kubernetes' `YAMLReader` cuts at lines starting with `---` (Helm 4 merges them
/// all). A `---` line with more than a comment after it is Helm 4's error.
pub(super) fn values_documents<'t>(
    profile: &HelmProfile,
    text: &'t str,
    file: &str,
) -> Result<Vec<(usize, &'t str)>> {
    if !profile.values.all_documents {
        return Ok(vec![(0, text)]);
    }
    let mut docs = Vec::new();
    let (mut start, mut start_line) = (0, 0);
    let mut pos = 0;
    let mut line_no = 0;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = &text[pos..end];
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim_matches(|c: char| c.is_whitespace());
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Err(Error::Yaml {
                    file: file.to_owned(),
                    line: 0,
                    column: 0,
                    message: format!(
                        "error reading yaml document: invalid Yaml document separator: {trimmed}"
                    ),
                });
            }
            if pos > start {
                docs.push((start_line, &text[start..pos]));
            }
            start = end;
            start_line = line_no + 1;
        }
        pos = end;
        line_no += 1;
    }
    if text.len() > start {
        docs.push((start_line, &text[start..]));
    }
    Ok(docs)
}

/// A values document's error as `profile`'s Helm words it (`cannot unmarshal yaml document: `
/// before the YAML error from Helm 4).
pub(super) fn in_document(profile: &HelmProfile, e: Error) -> Error {
    let prefix = profile.messages.values_document_prefix;
    match e {
        Error::Yaml {
            file,
            line,
            column,
            message,
        } if !prefix.is_empty() => Error::Yaml {
            file,
            line,
            column,
            message: format!("{prefix}{message}"),
        },
        e => e,
    }
}
