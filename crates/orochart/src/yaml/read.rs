//! Reading YAML as go-yaml v2 (libyaml) does, on top of yaml-rust2's event parser: the first
//! document as a tree of nodes with their positions, tags and whether a scalar was plain.
//!
//! yaml-rust2 reads YAML 1.2; go-yaml (libyaml) YAML 1.1, and the two disagree on some
//! syntax. Where yaml-rust2 alone rejects a text, [`build`] rewrites the white space it objects
//! to (the `\'` escape, the indentation of quoted scalars and flow collections, a tab after a
//! key's `:`) and parses again; where it alone accepts one, [`misplaced_tab`] and the `\/`
//! check reject it; `go_yaml_error` words syntax errors as go-yaml does.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::MAX_DEPTH;

#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Pos {
    /// The character index in the text.
    pub(crate) index: usize,
    /// The byte offset in the text (0 when unknown).
    pub(crate) byte: usize,
    /// 1-based line (0 when unknown).
    pub(crate) line: usize,
    /// 1-based column.
    pub(crate) column: usize,
}

impl From<Marker> for Pos {
    fn from(m: Marker) -> Self {
        Pos {
            index: m.index(),
            byte: 0,
            line: m.line(),
            column: m.col() + 1,
        }
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

// The node tree of the first document.

#[derive(Debug)]
pub(crate) enum Kind {
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
pub(crate) struct Node {
    pub(crate) kind: Kind,
    /// Where the node starts (its anchor or tag, if any).
    pub(crate) pos: Pos,
    /// Where it ends: after a scalar's last character or a collection's closing token.
    pub(crate) end: Pos,
    /// How a scalar was written; `None` for other nodes.
    pub(crate) style: Option<super::scan::Style>,
}

pub(crate) struct Tree {
    pub(crate) nodes: Vec<Node>,
    pub(crate) root: Option<usize>,
    /// The text's comments in order, when asked for.
    pub(crate) comments: Vec<super::scan::Comment>,
}

pub(crate) fn full_tag(tag: Option<Tag>) -> Option<String> {
    tag.map(|t| format!("{}{}", t.handle, t.suffix))
}

/// Builds the tree of the first document. yaml-rust2 reads YAML 1.2, go-yaml v2 YAML 1.1:
/// where yaml-rust2 alone rejects the text (the `\'` escape, indentation, tabs), the text is
/// rewritten and parsed again; `\/` is the other way round (so we reject it). Returns the text
/// actually parsed. Each rewrite fixes one place, so there are at most as many as the text
/// has lines (and escapes); past that bound the error stands.
pub(crate) fn build(
    text: &str,
) -> std::result::Result<(Tree, std::borrow::Cow<'_, str>), (Pos, String)> {
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
pub(crate) fn misplaced_tab(text: &str) -> Option<(Pos, String)> {
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
                    end: pos,
                    style: None,
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
                    end: pos,
                    style: None,
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
                nodes.push(Node {
                    kind,
                    pos,
                    end: pos,
                    style: None,
                });
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
    Ok(Tree {
        nodes,
        root,
        comments: Vec::new(),
    })
}
