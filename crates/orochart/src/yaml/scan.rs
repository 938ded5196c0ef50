//! A YAML 1.1 scanner that accepts, rejects and words its errors as go-yaml v2 (libyaml) does:
//! tokens with simple keys and the indentation stack, plain, quoted and block scalars with
//! their folding and chomping, anchors, aliases, tags and directives.
//!
//! It follows libyaml's algorithm as go-yaml v2.4 runs it (its `scannerc.go`), including where
//! go-yaml differs from libyaml: a simple key is checked for staleness only when the token it
//! would precede is next, and closing a flow collection forgets the pending key of the token
//! that opened it.

use std::borrow::Cow;
use std::collections::VecDeque;

/// A position in the text: what libyaml calls a mark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Mark {
    /// Characters before it.
    pub(crate) index: usize,
    /// Bytes before it.
    pub(crate) byte: usize,
    /// 0-based line.
    pub(crate) line: usize,
    /// 0-based column, in characters.
    pub(crate) column: usize,
}

/// Whether `c` is one of YAML's indicator characters, which cannot start a plain scalar
/// (`-`, `?` and `:` can, when a non-blank follows them).
pub(crate) fn is_indicator(c: u8) -> bool {
    matches!(
        c,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Plain,
    Single,
    Double,
    Literal,
    Folded,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok<'a> {
    StreamStart,
    StreamEnd,
    VersionDirective(u8, u8),
    TagDirective(String, String),
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias(String),
    Anchor(String),
    /// Handle and suffix.
    Tag(String, String),
    /// The scalar's text: a slice of the source when it is written there as it reads (one
    /// line, no escapes), else its own copy.
    Scalar(Cow<'a, str>, Style),
}

#[derive(Debug, Clone)]
pub(crate) struct Token<'a> {
    pub(crate) tok: Tok<'a>,
    pub(crate) start: Mark,
    pub(crate) end: Mark,
}

/// Which stage found a syntax error: go-yaml prints a scanner error's line 1-based and a
/// parser error's 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    Scanner,
    Parser,
}

/// A syntax error with libyaml's marks.
#[derive(Debug, Clone)]
pub(crate) struct SyntaxError {
    pub(crate) stage: Stage,
    pub(crate) context_mark: Mark,
    pub(crate) problem: String,
    pub(crate) problem_mark: Mark,
}

impl SyntaxError {
    /// The line go-yaml prints (`yaml: line N: …`): the problem's, 1-based for the scanner,
    /// 0-based for the parser, else the context's; 0 when it prints none.
    pub(crate) fn shown_line(&self) -> usize {
        if self.problem_mark.line != 0 {
            match self.stage {
                Stage::Scanner => self.problem_mark.line + 1,
                Stage::Parser => self.problem_mark.line,
            }
        } else {
            self.context_mark.line
        }
    }

    /// go-yaml's message after `yaml: `.
    pub(crate) fn message(&self) -> String {
        match self.shown_line() {
            0 => self.problem.clone(),
            n => format!("line {n}: {}", self.problem),
        }
    }
}

/// The error for a state that cannot happen (a token asked for after the stream's end).
fn unreachable_error(mark: Mark) -> SyntaxError {
    SyntaxError {
        stage: Stage::Scanner,
        context_mark: mark,
        problem: "did not find expected <stream-end>".to_owned(),
        problem_mark: mark,
    }
}

pub(crate) type ScanResult<T> = Result<T, SyntaxError>;

/// go-yaml's limits on flow and block nesting.
const MAX_FLOW_LEVEL: usize = 10_000;
const MAX_INDENTS: usize = 10_000;

#[derive(Debug, Clone, Copy, Default)]
struct SimpleKey {
    possible: bool,
    required: bool,
    token_number: usize,
    mark: Mark,
}

/// A comment in the text: where it starts (its `#`) and its text after the `#`. Kept for lint
/// and the values editor, which do not read them yet.
#[derive(Debug, Clone)]
#[allow(dead_code)]
pub(crate) struct Comment {
    pub(crate) at: Mark,
    pub(crate) text: String,
    /// Whether only white space comes before it on its line.
    pub(crate) own_line: bool,
}

pub(crate) struct Scanner<'a> {
    text: &'a str,
    src: &'a [u8],
    pos: usize,
    mark: Mark,
    tokens: VecDeque<Token<'a>>,
    tokens_parsed: usize,
    token_available: bool,
    stream_start_produced: bool,
    stream_end_produced: bool,
    indent: isize,
    indents: Vec<isize>,
    simple_key_allowed: bool,
    simple_keys: Vec<SimpleKey>,
    /// go-yaml's `simple_keys_by_tok`: (token number, level) of the keys that may still be
    /// simple keys, a few at most (one per open flow level), so a list.
    simple_keys_by_tok: KeysByToken,
    flow_level: usize,
    /// The comments seen so far, in order, when kept.
    pub(crate) comments: Option<Vec<Comment>>,
    error: Option<SyntaxError>,
    /// How far go-yaml's scanner would have asked for text: bytes before this (see
    /// [`Scanner::reach`]).
    reach: usize,
}

/// A map from token numbers to simple key levels. Keys are added in token order (a token's
/// number is the count of tokens made before it) and looked up only for the next token to
/// parse, whose number only grows: entries below it are dropped then, so the list stays short
/// even though a key that goes stale keeps its entry (as in go-yaml's map).
struct KeysByToken(VecDeque<(usize, usize)>);

impl KeysByToken {
    fn get(&mut self, token: usize) -> Option<usize> {
        while self.0.front().is_some_and(|e| e.0 < token) {
            self.0.pop_front();
        }
        self.0.iter().find(|e| e.0 == token).map(|e| e.1)
    }

    fn insert(&mut self, token: usize, level: usize) {
        match self.0.iter_mut().rev().find(|e| e.0 == token) {
            Some(e) => e.1 = level,
            None => self.0.push_back((token, level)),
        }
    }

    fn remove(&mut self, token: usize) {
        if let Some(i) = self.0.iter().rposition(|e| e.0 == token) {
            self.0.remove(i);
        }
    }
}

/// Where the line that byte `from` is on ends (at its break, a NUL or the end of `src`), and
/// how many characters come before that: what stepping over the line's characters one by one
/// finds, eight ASCII bytes at a time where no byte can end the line.
pub(super) fn line_end(src: &[u8], from: usize) -> (usize, usize) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let mut p = from;
    let mut chars = 0;
    // A byte below 0x0E (NUL, CR, LF among them) or above 0x7F sets its high bit in
    // `(word - 0x0E…0E) | word`; a borrow can set more, never fewer.
    while let Some(chunk) = src.get(p..p + 8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        if (word.wrapping_sub(ONES * 0x0E) | word) & HIGHS != 0 {
            break;
        }
        p += 8;
        chars += 8;
    }
    while let Some(&b) = src.get(p) {
        if b < 0x80 {
            if matches!(b, b'\n' | b'\r' | 0) {
                break;
            }
            p += 1;
        } else {
            if is_wide_break(src, p) {
                break;
            }
            p += width(b);
        }
        chars += 1;
    }
    (p.min(src.len()), chars)
}

/// Whether a line break of more than one byte (NEL, LS, PS) starts at byte `p`.
pub(super) fn is_wide_break(src: &[u8], p: usize) -> bool {
    match src.get(p) {
        Some(0xC2) => src.get(p + 1) == Some(&0x85),
        Some(0xE2) => src.get(p + 1) == Some(&0x80) && matches!(src.get(p + 2), Some(0xA8 | 0xA9)),
        _ => false,
    }
}

fn width(b: u8) -> usize {
    if b & 0x80 == 0 {
        1
    } else if b & 0xE0 == 0xC0 {
        2
    } else if b & 0xF0 == 0xE0 {
        3
    } else if b & 0xF8 == 0xF0 {
        4
    } else {
        // A continuation byte cannot start a character of valid UTF-8; step over it alone.
        1
    }
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(text: &'a str) -> Scanner<'a> {
        // go-yaml's reader takes a leading byte order mark as the encoding's, not as text. (Its
        // scanner also skips one at a line start, but checks for it at the start of its
        // decoding buffer, not where it reads, so in effect only there: not done here.)
        let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Scanner {
            text,
            src: text.as_bytes(),
            pos,
            mark: Mark {
                byte: pos,
                ..Mark::default()
            },
            tokens: VecDeque::new(),
            tokens_parsed: 0,
            token_available: false,
            stream_start_produced: false,
            stream_end_produced: false,
            indent: -1,
            indents: Vec::new(),
            simple_key_allowed: false,
            simple_keys: Vec::new(),
            simple_keys_by_tok: KeysByToken(VecDeque::new()),
            flow_level: 0,
            comments: None,
            error: None,
            reach: 0,
        }
    }

    /// The bytes go-yaml's scanner has asked its reader for so far, about: those before the
    /// current character and the character itself, and the 4 characters it asks for at the
    /// start of every token (the longest indicator, `--- `). go-yaml's reader checks the text
    /// for control characters and bad UTF-8 only as it hands it over (see
    /// `input::go_yaml_reads`); it may ask for a few more characters than this in places.
    pub(crate) fn reach(&self) -> usize {
        self.reach.max(self.pos + 1)
    }

    // Characters.

    fn at(&self, k: usize) -> u8 {
        self.src.get(self.pos + k).copied().unwrap_or(0)
    }

    fn ch(&self) -> u8 {
        self.at(0)
    }

    fn is_z_at(&self, k: usize) -> bool {
        self.at(k) == 0
    }

    fn is_break_at(&self, k: usize) -> bool {
        match self.at(k) {
            b'\r' | b'\n' => true,
            0xC2 => self.at(k + 1) == 0x85,
            0xE2 => self.at(k + 1) == 0x80 && matches!(self.at(k + 2), 0xA8 | 0xA9),
            _ => false,
        }
    }

    fn is_blank_at(&self, k: usize) -> bool {
        matches!(self.at(k), b' ' | b'\t')
    }

    fn is_breakz_at(&self, k: usize) -> bool {
        self.is_break_at(k) || self.is_z_at(k)
    }

    fn is_blankz_at(&self, k: usize) -> bool {
        self.is_blank_at(k) || self.is_breakz_at(k)
    }

    fn is_alpha(&self) -> bool {
        let c = self.ch();
        c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
    }

    fn skip(&mut self) {
        self.mark.index += 1;
        self.mark.column += 1;
        self.pos += width(self.ch());
        self.mark.byte = self.pos;
    }

    /// Moves to byte `to` of the current line, `chars` characters on.
    fn advance(&mut self, to: usize, chars: usize) {
        self.pos = to;
        self.mark.byte = to;
        self.mark.index += chars;
        self.mark.column += chars;
    }

    /// Moves to the end of the current line: its break, a NUL or the end of the text.
    fn skip_to_break(&mut self) {
        let (to, chars) = line_end(self.src, self.pos);
        self.advance(to, chars);
    }

    fn skip_line(&mut self) {
        if self.ch() == b'\r' && self.at(1) == b'\n' {
            self.mark.index += 2;
            self.mark.column = 0;
            self.mark.line += 1;
            self.pos += 2;
        } else if self.is_break_at(0) {
            self.mark.index += 1;
            self.mark.column = 0;
            self.mark.line += 1;
            self.pos += width(self.ch());
        }
        self.mark.byte = self.pos;
    }

    fn read(&mut self, s: &mut Vec<u8>) {
        let w = width(self.ch());
        let end = (self.pos + w).min(self.src.len());
        s.extend_from_slice(&self.src[self.pos..end]);
        self.pos = end;
        self.mark.byte = self.pos;
        self.mark.index += 1;
        self.mark.column += 1;
    }

    fn read_line(&mut self, s: &mut Vec<u8>) {
        match self.ch() {
            b'\r' if self.at(1) == b'\n' => {
                s.push(b'\n');
                self.pos += 2;
                self.mark.index += 1;
            }
            b'\r' | b'\n' => {
                s.push(b'\n');
                self.pos += 1;
            }
            0xC2 if self.at(1) == 0x85 => {
                s.push(b'\n');
                self.pos += 2;
            }
            0xE2 if self.is_break_at(0) => {
                s.extend_from_slice(&self.src[self.pos..self.pos + 3]);
                self.pos += 3;
            }
            _ => return,
        }
        self.mark.byte = self.pos;
        self.mark.index += 1;
        self.mark.column = 0;
        self.mark.line += 1;
    }

    fn fail<T>(&mut self, context_mark: Mark, problem: &str) -> ScanResult<T> {
        let e = SyntaxError {
            stage: Stage::Scanner,
            context_mark,
            problem: problem.to_owned(),
            problem_mark: self.mark,
        };
        self.error = Some(e.clone());
        Err(e)
    }

    // The token queue.

    /// The next token, without taking it.
    pub(crate) fn peek(&mut self) -> ScanResult<&Token<'a>> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        if !self.token_available {
            self.fetch_more_tokens()?;
        }
        if self.tokens.is_empty() {
            return self.fail(self.mark, "did not find expected <stream-end>");
        }
        self.tokens.front().ok_or_else(|| {
            self.error
                .clone()
                .unwrap_or_else(|| unreachable_error(self.mark))
        })
    }

    /// Takes the next token (after [`peek`](Self::peek)).
    pub(crate) fn skip_token(&mut self) -> Option<Token<'a>> {
        self.token_available = false;
        self.tokens_parsed += 1;
        let t = self.tokens.pop_front();
        if let Some(t) = &t {
            self.stream_end_produced = t.tok == Tok::StreamEnd;
        }
        t
    }

    fn insert(&mut self, pos: Option<usize>, token: Token<'a>) {
        match pos {
            Some(p) if p <= self.tokens.len() => self.tokens.insert(p, token),
            _ => self.tokens.push_back(token),
        }
    }

    /// The queue position of token number `number`, `None` (the end) when it was taken
    /// already, as go-yaml appends then.
    fn queue_pos(&self, number: usize) -> Option<usize> {
        number.checked_sub(self.tokens_parsed)
    }

    fn fetch_more_tokens(&mut self) -> ScanResult<()> {
        loop {
            if !self.tokens.is_empty() {
                let Some(i) = self.simple_keys_by_tok.get(self.tokens_parsed) else {
                    break;
                };
                if !self.simple_key_is_valid(i)? {
                    break;
                }
            }
            if self.stream_end_produced_in_queue() {
                break;
            }
            self.fetch_next_token()?;
        }
        self.token_available = true;
        Ok(())
    }

    /// Whether the stream end is queued: nothing comes after it.
    fn stream_end_produced_in_queue(&self) -> bool {
        self.tokens.back().is_some_and(|t| t.tok == Tok::StreamEnd)
    }

    fn fetch_next_token(&mut self) -> ScanResult<()> {
        if !self.stream_start_produced {
            return self.fetch_stream_start();
        }
        self.scan_to_next_token()?;
        self.reach = self.reach.max(self.pos + 4);
        self.unroll_indent(self.mark.column as isize);
        if self.is_z_at(0) {
            return self.fetch_stream_end();
        }
        let c = self.ch();
        if self.mark.column == 0 {
            if c == b'%' {
                return self.fetch_directive();
            }
            if c == b'-' && self.at(1) == b'-' && self.at(2) == b'-' && self.is_blankz_at(3) {
                return self.fetch_document_indicator(Tok::DocumentStart);
            }
            if c == b'.' && self.at(1) == b'.' && self.at(2) == b'.' && self.is_blankz_at(3) {
                return self.fetch_document_indicator(Tok::DocumentEnd);
            }
        }
        let flow = self.flow_level > 0;
        match c {
            b'[' => return self.fetch_flow_collection_start(Tok::FlowSequenceStart),
            b'{' => return self.fetch_flow_collection_start(Tok::FlowMappingStart),
            b']' => return self.fetch_flow_collection_end(Tok::FlowSequenceEnd),
            b'}' => return self.fetch_flow_collection_end(Tok::FlowMappingEnd),
            b',' => return self.fetch_flow_entry(),
            b'-' if self.is_blankz_at(1) => return self.fetch_block_entry(),
            b'?' if flow || self.is_blankz_at(1) => return self.fetch_key(),
            b':' if flow || self.is_blankz_at(1) => return self.fetch_value(),
            b'*' => return self.fetch_anchor(true),
            b'&' => return self.fetch_anchor(false),
            b'!' => return self.fetch_tag(),
            b'|' if !flow => return self.fetch_block_scalar(true),
            b'>' if !flow => return self.fetch_block_scalar(false),
            b'\'' => return self.fetch_flow_scalar(true),
            b'"' => return self.fetch_flow_scalar(false),
            _ => {}
        }
        let indicator = self.is_blankz_at(0) || is_indicator(c);
        if !indicator
            || (c == b'-' && !self.is_blank_at(1))
            || (!flow && matches!(c, b'?' | b':') && !self.is_blankz_at(1))
        {
            return self.fetch_plain_scalar();
        }
        self.fail(self.mark, "found character that cannot start any token")
    }

    // Simple keys.

    fn simple_key_is_valid(&mut self, i: usize) -> ScanResult<bool> {
        let mark = self.mark;
        let Some(key) = self.simple_keys.get_mut(i) else {
            return Ok(false);
        };
        if !key.possible {
            return Ok(false);
        }
        if key.mark.line < mark.line || key.mark.index + 1024 < mark.index {
            if key.required {
                let at = key.mark;
                return self.fail(at, "could not find expected ':'");
            }
            key.possible = false;
            return Ok(false);
        }
        Ok(true)
    }

    fn save_simple_key(&mut self) -> ScanResult<()> {
        let required = self.flow_level == 0 && self.indent == self.mark.column as isize;
        if self.simple_key_allowed {
            let key = SimpleKey {
                possible: true,
                required,
                token_number: self.tokens_parsed + self.tokens.len(),
                mark: self.mark,
            };
            self.remove_simple_key()?;
            let last = self.simple_keys.len() - 1;
            self.simple_keys[last] = key;
            self.simple_keys_by_tok.insert(key.token_number, last);
        }
        Ok(())
    }

    fn remove_simple_key(&mut self) -> ScanResult<()> {
        let Some(key) = self.simple_keys.last().copied() else {
            return Ok(());
        };
        if key.possible {
            if key.required {
                return self.fail(key.mark, "could not find expected ':'");
            }
            let last = self.simple_keys.len() - 1;
            self.simple_keys[last].possible = false;
            self.simple_keys_by_tok.remove(key.token_number);
        }
        Ok(())
    }

    fn increase_flow_level(&mut self) -> ScanResult<()> {
        self.simple_keys.push(SimpleKey {
            token_number: self.tokens_parsed + self.tokens.len(),
            mark: self.mark,
            ..SimpleKey::default()
        });
        self.flow_level += 1;
        if self.flow_level > MAX_FLOW_LEVEL {
            let at = self.mark;
            return self.fail(at, &format!("exceeded max depth of {MAX_FLOW_LEVEL}"));
        }
        Ok(())
    }

    fn decrease_flow_level(&mut self) {
        if self.flow_level > 0 {
            self.flow_level -= 1;
            if let Some(key) = self.simple_keys.pop() {
                self.simple_keys_by_tok.remove(key.token_number);
            }
        }
    }

    // Indentation.

    fn roll_indent(
        &mut self,
        column: isize,
        number: Option<usize>,
        tok: Tok<'a>,
        mark: Mark,
    ) -> ScanResult<()> {
        if self.flow_level > 0 {
            return Ok(());
        }
        if self.indent < column {
            self.indents.push(self.indent);
            self.indent = column;
            if self.indents.len() > MAX_INDENTS {
                let at = self.simple_keys.last().map_or(self.mark, |k| k.mark);
                return self.fail(at, &format!("exceeded max depth of {MAX_INDENTS}"));
            }
            let pos = number.and_then(|n| self.queue_pos(n));
            self.insert(
                pos,
                Token {
                    tok,
                    start: mark,
                    end: mark,
                },
            );
        }
        Ok(())
    }

    fn unroll_indent(&mut self, column: isize) {
        if self.flow_level > 0 {
            return;
        }
        while self.indent > column {
            let mark = self.mark;
            self.tokens.push_back(Token {
                tok: Tok::BlockEnd,
                start: mark,
                end: mark,
            });
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    // Fetching.

    fn push(&mut self, tok: Tok<'a>, start: Mark, end: Mark) {
        self.tokens.push_back(Token { tok, start, end });
    }

    fn fetch_stream_start(&mut self) -> ScanResult<()> {
        self.indent = -1;
        self.simple_keys.push(SimpleKey::default());
        self.simple_key_allowed = true;
        self.stream_start_produced = true;
        let m = self.mark;
        self.push(Tok::StreamStart, m, m);
        Ok(())
    }

    fn fetch_stream_end(&mut self) -> ScanResult<()> {
        if self.mark.column != 0 {
            self.mark.column = 0;
            self.mark.line += 1;
        }
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let m = self.mark;
        self.push(Tok::StreamEnd, m, m);
        Ok(())
    }

    fn fetch_directive(&mut self) -> ScanResult<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_directive()?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_document_indicator(&mut self, tok: Tok<'a>) -> ScanResult<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.skip();
        self.skip();
        let end = self.mark;
        self.push(tok, start, end);
        Ok(())
    }

    fn fetch_flow_collection_start(&mut self, tok: Tok<'a>) -> ScanResult<()> {
        self.save_simple_key()?;
        self.increase_flow_level()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push(tok, start, end);
        Ok(())
    }

    fn fetch_flow_collection_end(&mut self, tok: Tok<'a>) -> ScanResult<()> {
        self.remove_simple_key()?;
        self.decrease_flow_level();
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push(tok, start, end);
        Ok(())
    }

    fn fetch_flow_entry(&mut self) -> ScanResult<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push(Tok::FlowEntry, start, end);
        Ok(())
    }

    fn fetch_block_entry(&mut self) -> ScanResult<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return self.fail(
                    self.mark,
                    "block sequence entries are not allowed in this context",
                );
            }
            let m = self.mark;
            self.roll_indent(m.column as isize, None, Tok::BlockSequenceStart, m)?;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push(Tok::BlockEntry, start, end);
        Ok(())
    }

    fn fetch_key(&mut self) -> ScanResult<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return self.fail(self.mark, "mapping keys are not allowed in this context");
            }
            let m = self.mark;
            self.roll_indent(m.column as isize, None, Tok::BlockMappingStart, m)?;
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = self.flow_level == 0;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push(Tok::Key, start, end);
        Ok(())
    }

    fn fetch_value(&mut self) -> ScanResult<()> {
        let last = self.simple_keys.len() - 1;
        if self.simple_key_is_valid(last)? {
            let key = self.simple_keys[last];
            let pos = self.queue_pos(key.token_number);
            self.insert(
                pos,
                Token {
                    tok: Tok::Key,
                    start: key.mark,
                    end: key.mark,
                },
            );
            self.roll_indent(
                key.mark.column as isize,
                Some(key.token_number),
                Tok::BlockMappingStart,
                key.mark,
            )?;
            self.simple_keys[last].possible = false;
            self.simple_keys_by_tok.remove(key.token_number);
            self.simple_key_allowed = false;
        } else {
            if self.flow_level == 0 {
                if !self.simple_key_allowed {
                    return self.fail(self.mark, "mapping values are not allowed in this context");
                }
                let m = self.mark;
                self.roll_indent(m.column as isize, None, Tok::BlockMappingStart, m)?;
            }
            self.simple_key_allowed = self.flow_level == 0;
        }
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push(Tok::Value, start, end);
        Ok(())
    }

    fn fetch_anchor(&mut self, alias: bool) -> ScanResult<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_anchor(alias)?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_tag(&mut self) -> ScanResult<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_tag()?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_block_scalar(&mut self, literal: bool) -> ScanResult<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let token = self.scan_block_scalar(literal)?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_flow_scalar(&mut self, single: bool) -> ScanResult<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_flow_scalar(single)?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn fetch_plain_scalar(&mut self) -> ScanResult<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let token = self.scan_plain_scalar()?;
        self.tokens.push_back(token);
        Ok(())
    }

    fn scan_to_next_token(&mut self) -> ScanResult<()> {
        loop {
            let tabs = self.flow_level > 0 || !self.simple_key_allowed;
            let blanks = self.src[self.pos..]
                .iter()
                .take_while(|&&b| b == b' ' || (tabs && b == b'\t'))
                .count();
            self.pos += blanks;
            self.mark.byte = self.pos;
            self.mark.index += blanks;
            self.mark.column += blanks;
            if self.ch() == b'#' {
                let at = self.mark;
                let from = self.pos + 1;
                self.skip_to_break();
                if let Some(comments) = &mut self.comments {
                    let text = String::from_utf8_lossy(&self.src[from.min(self.pos)..self.pos]);
                    let line = &self.src[..at.byte];
                    let blanks = line
                        .iter()
                        .rev()
                        .take_while(|&&b| b == b' ' || b == b'\t')
                        .count();
                    let own_line = matches!(
                        line.len().checked_sub(blanks + 1).map(|i| line[i]),
                        None | Some(b'\n' | b'\r')
                    );
                    comments.push(Comment {
                        at,
                        text: text.into_owned(),
                        own_line,
                    });
                }
            }
            if self.is_break_at(0) {
                self.skip_line();
                if self.flow_level == 0 {
                    self.simple_key_allowed = true;
                }
            } else {
                return Ok(());
            }
        }
    }
}

mod scalars;
