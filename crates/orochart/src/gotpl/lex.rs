//! The lexer of Go's `text/template` (`text/template/parse/lex.go`'s behaviour): text, actions
//! between `{{` and `}}`, trim markers (`{{- ` and ` -}}`), comments, and the tokens inside an
//! action. Errors are items, as in Go, with Go's wording; the parser reports them.

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Error,
    Bool,
    Char,
    CharConstant,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    String,
    Text,
    Variable,
    // Keywords (Go prints these as `<word>`).
    Block,
    Break,
    Continue,
    Dot,
    Define,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

impl Kind {
    fn is_keyword(self) -> bool {
        matches!(
            self,
            Kind::Block
                | Kind::Break
                | Kind::Continue
                | Kind::Dot
                | Kind::Define
                | Kind::Else
                | Kind::End
                | Kind::If
                | Kind::Nil
                | Kind::Range
                | Kind::Template
                | Kind::With
        )
    }
}

/// One token: its kind, its byte offset in the source, its 1-based line and its text.
/// The text borrows from the source (an error's message is its own).
#[derive(Clone, Debug)]
pub struct Item<'a> {
    pub kind: Kind,
    pub pos: usize,
    pub line: usize,
    pub val: Cow<'a, str>,
}

impl std::fmt::Display for Item<'_> {
    /// Go's `item.String()`, as parse errors print tokens.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.kind {
            Kind::Eof => f.write_str("EOF"),
            Kind::Error => f.write_str(&self.val),
            k if k.is_keyword() => write!(f, "<{}>", self.val),
            _ if self.val.chars().count() > 10 => {
                let head: String = self.val.chars().take(10).collect();
                write!(f, "{}...", crate::go::quote(&head))
            }
            _ => f.write_str(&crate::go::quote(&self.val)),
        }
    }
}

use std::borrow::Cow;

const LEFT: &str = "{{";
const RIGHT: &str = "}}";

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Splits `src` into items, ending with `Eof` or the first `Error`.
pub fn lex(src: &str) -> Vec<Item<'_>> {
    let mut l = Lexer {
        src,
        b: src.as_bytes(),
        pos: 0,
        start: 0,
        line_cursor: (0, 1),
        items: Vec::new(),
        paren_depth: 0,
    };
    l.run();
    l.items
}

enum Step {
    Stop,
    Text,
    Action,
}

struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    start: usize,
    /// (offset, line at that offset): lines are counted once, as offsets only grow.
    line_cursor: (usize, usize),
    items: Vec<Item<'a>>,
    paren_depth: i32,
}

impl<'a> Lexer<'a> {
    fn emit(&mut self, kind: Kind) {
        let val = self.src.get(self.start..self.pos).unwrap_or("");
        self.emit_val(kind, Cow::Borrowed(val));
    }

    fn line_at(&mut self, pos: usize) -> usize {
        let (from, line) = self.line_cursor;
        let line = line + count_newlines(self.src.get(from..pos).unwrap_or(""));
        self.line_cursor = (pos, line);
        line
    }

    fn emit_val(&mut self, kind: Kind, val: Cow<'a, str>) {
        let line = self.line_at(self.start);
        self.items.push(Item {
            kind,
            pos: self.start,
            line,
            val,
        });
        self.start = self.pos;
    }

    fn ignore(&mut self) {
        self.start = self.pos;
    }

    /// Emits an error and stops.
    fn error(&mut self, msg: String) -> bool {
        let line = self.line_at(self.start);
        self.items.push(Item {
            kind: Kind::Error,
            pos: self.start,
            line,
            val: Cow::Owned(msg),
        });
        false
    }

    fn peek(&self) -> Option<char> {
        self.src.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn rest(&self) -> &str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn run(&mut self) {
        loop {
            if !self.lex_text() {
                return;
            }
            match self.lex_left_delim() {
                Step::Stop => return,
                Step::Text => continue,
                Step::Action => {}
            }
            if !self.lex_inside() {
                return;
            }
        }
    }

    /// Text up to the next `{{` (emitted, right-trimmed when a `{{- ` follows). Returns false at
    /// the end of input (after emitting Eof).
    fn lex_text(&mut self) -> bool {
        match memchr::memmem::find(self.rest().as_bytes(), LEFT.as_bytes()) {
            Some(x) => {
                let delim = self.pos + x;
                let after = self.src.get(delim + LEFT.len()..).unwrap_or("");
                let mut end = delim;
                if has_left_trim(after) {
                    while end > self.start && is_space(self.b[end - 1]) {
                        end -= 1;
                    }
                }
                self.pos = end;
                if self.pos > self.start {
                    self.emit(Kind::Text);
                }
                self.pos = delim;
                self.ignore();
                true
            }
            None => {
                self.pos = self.src.len();
                if self.pos > self.start {
                    self.emit(Kind::Text);
                }
                self.emit_val(Kind::Eof, Cow::Borrowed(""));
                false
            }
        }
    }

    /// At `{{`: a comment (dropped), or the start of an action.
    fn lex_left_delim(&mut self) -> Step {
        self.pos += LEFT.len();
        let trim = has_left_trim(self.rest());
        let after_marker = if trim { 2 } else { 0 };
        if self
            .rest()
            .get(after_marker..)
            .is_some_and(|s| s.starts_with("/*"))
        {
            self.pos += after_marker;
            self.ignore();
            return if self.lex_comment() {
                Step::Text
            } else {
                Step::Stop
            };
        }
        self.emit(Kind::LeftDelim);
        self.pos += after_marker;
        self.ignore();
        self.paren_depth = 0;
        Step::Action
    }

    fn lex_comment(&mut self) -> bool {
        self.pos += 2;
        let Some(x) = self.rest().find("*/") else {
            return self.error("unclosed comment".into());
        };
        self.pos += x + 2;
        let (delim, trim) = self.at_right_delim();
        if !delim {
            return self.error("comment ends before closing delimiter".into());
        }
        // Comments are dropped (Helm parses without ParseComments).
        if trim {
            self.pos += 2;
        }
        self.pos += RIGHT.len();
        if trim {
            while self.pos < self.b.len() && is_space(self.b[self.pos]) {
                self.pos += 1;
            }
        }
        self.ignore();
        true
    }

    fn at_right_delim(&self) -> (bool, bool) {
        let r = self.rest();
        if has_right_trim(r) && r.get(2..).is_some_and(|s| s.starts_with(RIGHT)) {
            return (true, true);
        }
        (r.starts_with(RIGHT), false)
    }

    fn lex_right_delim(&mut self, trim: bool) {
        if trim {
            self.pos += 2;
            self.ignore();
        }
        self.pos += RIGHT.len();
        self.emit(Kind::RightDelim);
        if trim {
            while self.pos < self.b.len() && is_space(self.b[self.pos]) {
                self.pos += 1;
            }
            self.ignore();
        }
    }

    /// Tokens inside an action, up to and including `}}`. Returns false after an error.
    fn lex_inside(&mut self) -> bool {
        loop {
            let (delim, trim) = self.at_right_delim();
            if delim {
                if self.paren_depth == 0 {
                    self.lex_right_delim(trim);
                    return true;
                }
                return self.error("unclosed left paren".into());
            }
            let Some(c) = self.next() else {
                return self.error("unclosed action".into());
            };
            match c {
                ' ' | '\t' | '\r' | '\n' => {
                    self.pos -= 1;
                    let mut n = 0;
                    while self.pos < self.b.len() && is_space(self.b[self.pos]) {
                        self.next();
                        n += 1;
                    }
                    let before = self.src.get(self.pos - 1..).unwrap_or("");
                    if has_right_trim(before)
                        && before.get(2..).is_some_and(|s| s.starts_with(RIGHT))
                    {
                        // Back up before the space of ` -}}`.
                        self.pos -= 1;
                        if n == 1 {
                            continue;
                        }
                    }
                    self.emit(Kind::Space);
                }
                '=' => self.emit(Kind::Assign),
                ':' => {
                    if self.next() != Some('=') {
                        return self.error("expected :=".into());
                    }
                    self.emit(Kind::Declare);
                }
                '|' => self.emit(Kind::Pipe),
                '"' => {
                    if !self.lex_quote() {
                        return false;
                    }
                }
                '`' => {
                    let Some(x) = self.rest().find('`') else {
                        return self.error("unterminated raw quoted string".into());
                    };
                    self.pos += x + 1;
                    self.emit(Kind::RawString);
                }
                '$' => {
                    if !self.lex_field_or_variable(Kind::Variable) {
                        return false;
                    }
                }
                '\'' => {
                    if !self.lex_char() {
                        return false;
                    }
                }
                '.' if self.pos < self.b.len() && !self.b[self.pos].is_ascii_digit() => {
                    if !self.lex_field_or_variable(Kind::Field) {
                        return false;
                    }
                }
                '.' | '+' | '-' | '0'..='9' => {
                    self.pos -= 1;
                    if !self.lex_number() {
                        return false;
                    }
                }
                c if is_alnum(c) => {
                    self.pos -= c.len_utf8();
                    if !self.lex_identifier() {
                        return false;
                    }
                }
                '(' => {
                    self.paren_depth += 1;
                    self.emit(Kind::LeftParen);
                }
                ')' => {
                    self.paren_depth -= 1;
                    if self.paren_depth < 0 {
                        return self.error("unexpected right paren".into());
                    }
                    self.emit(Kind::RightParen);
                }
                c if c.is_ascii() && !c.is_ascii_control() => self.emit(Kind::Char),
                c => {
                    return self.error(format!(
                        "unrecognized character in action: {}",
                        unicode_plus(c)
                    ))
                }
            }
        }
    }

    fn lex_quote(&mut self) -> bool {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    None | Some('\n') => {
                        return self.error("unterminated quoted string".into());
                    }
                    Some(_) => {}
                },
                None | Some('\n') => return self.error("unterminated quoted string".into()),
                Some('"') => break,
                Some(_) => {}
            }
        }
        self.emit(Kind::String);
        true
    }

    fn lex_char(&mut self) -> bool {
        loop {
            match self.next() {
                Some('\\') => match self.next() {
                    None | Some('\n') => {
                        return self.error("unterminated character constant".into());
                    }
                    Some(_) => {}
                },
                None | Some('\n') => {
                    return self.error("unterminated character constant".into());
                }
                Some('\'') => break,
                Some(_) => {}
            }
        }
        self.emit(Kind::CharConstant);
        true
    }

    fn at_terminator(&self) -> bool {
        match self.peek() {
            None => true,
            Some(c) if c.is_ascii() && is_space(c as u8) => true,
            Some('.' | ',' | '|' | ':' | ')' | '(') => true,
            _ => self.rest().starts_with(RIGHT),
        }
    }

    fn lex_field_or_variable(&mut self, kind: Kind) -> bool {
        if self.at_terminator() {
            if kind == Kind::Variable {
                self.emit(Kind::Variable);
            } else {
                self.emit(Kind::Dot);
            }
            return true;
        }
        let mut last = None;
        while let Some(c) = self.peek() {
            if !is_alnum(c) {
                last = Some(c);
                break;
            }
            self.next();
        }
        if !self.at_terminator() {
            if let Some(c) = last {
                self.next();
                return self.error(format!("bad character {}", unicode_plus(c)));
            }
        }
        self.emit(kind);
        true
    }

    fn lex_identifier(&mut self) -> bool {
        while let Some(c) = self.peek() {
            if !is_alnum(c) {
                break;
            }
            self.next();
        }
        if !self.at_terminator() {
            let c = self.next().unwrap_or(' ');
            return self.error(format!("bad character {}", unicode_plus(c)));
        }
        let word = &self.src[self.start..self.pos];
        let kind = match word {
            "block" => Kind::Block,
            "break" => Kind::Break,
            "continue" => Kind::Continue,
            "define" => Kind::Define,
            "else" => Kind::Else,
            "end" => Kind::End,
            "if" => Kind::If,
            "range" => Kind::Range,
            "nil" => Kind::Nil,
            "template" => Kind::Template,
            "with" => Kind::With,
            "true" | "false" => Kind::Bool,
            _ => Kind::Identifier,
        };
        self.emit(kind);
        true
    }

    fn lex_number(&mut self) -> bool {
        if !self.scan_number() {
            let text = self.src[self.start..self.pos].to_owned();
            return self.error(format!("bad number syntax: {}", crate::go::quote(&text)));
        }
        // Complex numbers (`1+2i`) are not supported by Helm's functions; Go lexes them, we
        // leave the `+` to the next token, which is then a syntax error as in most cases.
        self.emit(Kind::Number);
        true
    }

    fn accept(&mut self, valid: &str) -> bool {
        match self.peek() {
            Some(c) if valid.contains(c) => {
                self.next();
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &str) {
        while self.accept(valid) {}
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        if self.peek().is_some_and(is_alnum) {
            self.next();
            return false;
        }
        true
    }
}

fn has_left_trim(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'-' && is_space(b[1])
}

fn has_right_trim(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && is_space(b[0]) && b[1] == b'-'
}

fn count_newlines(s: &str) -> usize {
    s.bytes().filter(|&b| b == b'\n').count()
}

/// Go's `%#U`: `U+0023 '#'`.
fn unicode_plus(c: char) -> String {
    format!("U+{:04X} '{c}'", c as u32)
}
