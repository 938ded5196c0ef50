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
    /// A complex constant written as two numbers (`1+2i`): Go's `itemComplex`.
    Complex,
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

/// One token: its kind and its bytes `pos..end` of the source (12 bytes: the parser reads
/// each token several times, and a large chart has hundreds of thousands). Tokens carry no
/// line: a line is only needed for an error, and [`line_at`] counts it then. An `Error`
/// token's text is empty; its message is [`Lexed::error`].
///
/// Go's lexer makes a token of the spaces inside an action; the parser only ever skips
/// them, except after an operand, where spaces separate arguments. So spaces are no token
/// here: `space` says that Go's lexer would have given a space token just before this one
/// (the parser reads it there), and nothing else is there to skip.
#[derive(Clone, Copy, Debug)]
pub struct Item {
    pub kind: Kind,
    pub space: bool,
    pub pos: u32,
    pub end: u32,
}

impl Item {
    /// Its byte offset in the source.
    pub fn pos(self) -> usize {
        self.pos as usize
    }

    /// Its text in `src`, the source it was lexed from.
    pub fn val(self, src: &str) -> &str {
        src.get(self.pos as usize..self.end as usize).unwrap_or("")
    }
}

/// A token as Go's `item.String()` prints it in parse errors (an `Error` token prints
/// nothing: the parser prints [`Lexed::error`]).
pub struct Shown<'a>(pub Kind, pub &'a str);

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Shown(kind, val) = *self;
        match kind {
            Kind::Eof => f.write_str("EOF"),
            Kind::Error => Ok(()),
            k if k.is_keyword() => write!(f, "<{val}>"),
            _ if val.chars().count() > 10 => {
                let head: String = val.chars().take(10).collect();
                write!(f, "{}...", crate::go::quote(&head))
            }
            _ => f.write_str(&crate::go::quote(val)),
        }
    }
}

/// The tokens of a source: ending with `Eof`, or with an `Error` whose message is `error`.
pub struct Lexed {
    pub items: Vec<Item>,
    pub error: Option<String>,
    /// Whether a character in an action was one Go reads differently before Go 1.27 (new in
    /// Unicode 16 or 17: no letter or digit, and not printed, before): the items (or the
    /// error) are Unicode 17.0's, and a Helm with Unicode 15.0 must lex the source again.
    pub newer_unicode: bool,
}

/// The largest source the lexer takes: token offsets are 32-bit. (Nothing near it reaches
/// the engine: orochart's input limit on one file is far smaller.)
pub const MAX_SOURCE: usize = u32::MAX as usize;

/// The 1-based line of byte offset `pos` of `src` (as Go counts the line of a token).
pub fn line_at(src: &str, pos: usize) -> usize {
    let end = pos.min(src.len());
    1 + memchr::memchr_iter(b'\n', &src.as_bytes()[..end]).count()
}

const LEFT: &[u8] = b"{{";
const RIGHT: &[u8] = b"}}";

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Go's `isAlphaNumeric`: `_`, a letter (category L) or a decimal digit (Nd), of the Unicode
/// version of this thread's Go (not Rust's `is_alphanumeric`, which takes vowel signs,
/// Roman numerals and superscripts).
fn is_alnum(c: char) -> bool {
    c == '_' || crate::go::unicode::is_letter(c) || crate::go::unicode::is_digit(c)
}

/// Which ASCII bytes are letters, digits or `_` (Go's `isAlphaNumeric` on ASCII); a byte
/// `>= 0x80` starts a character that must be decoded to tell.
static WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = c == b'_' || c.is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Splits `src` into items, ending with `Eof` or the first `Error`.
///
/// The scan works on bytes: every byte that matters to the grammar is ASCII, and a byte of a
/// multi-byte character is never one of them, so characters are decoded only where Go looks
/// at a non-ASCII one (letters of identifiers, and the character an error names). Text
/// between actions ends at the first `{{`, found with `memchr`. `src` must be at most
/// [`MAX_SOURCE`] bytes long (longer ones lex as far as that).
pub fn lex(src: &str) -> Lexed {
    let src = src.get(..src.len().min(MAX_SOURCE)).unwrap_or("");
    // About one token per six bytes of action; text is one token.
    let mut l = Lexer {
        src,
        b: src.as_bytes(),
        pos: 0,
        start: 0,
        items: Vec::with_capacity(src.len() / 6 + 4),
        error: None,
        paren_depth: 0,
        space: false,
        newer_unicode: false,
    };
    l.run();
    Lexed {
        items: l.items,
        error: l.error,
        newer_unicode: l.newer_unicode,
    }
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
    items: Vec<Item>,
    error: Option<String>,
    paren_depth: i32,
    /// Whether Go would have emitted a space token since the last token.
    space: bool,
    /// See [`Lexed::newer_unicode`].
    newer_unicode: bool,
}

impl<'a> Lexer<'a> {
    /// [`is_alnum`] of a character of an action, noting one Go reads differently before 1.27.
    fn word(&mut self, c: char) -> bool {
        self.note_unicode(c);
        is_alnum(c)
    }

    /// Go's `%#U`: `U+0023 '#'`; the character itself only where Go prints it (`U+0000`).
    fn unicode_plus(&mut self, c: char) -> String {
        self.note_unicode(c);
        if crate::go::is_print(c) {
            format!("U+{:04X} '{c}'", c as u32)
        } else {
            format!("U+{:04X}", c as u32)
        }
    }

    fn note_unicode(&mut self, c: char) {
        if crate::go::is_newer_than_unicode_15(c) {
            self.newer_unicode = true;
        }
    }

    fn emit(&mut self, kind: Kind) {
        // Offsets fit: the source is at most MAX_SOURCE bytes.
        self.items.push(Item {
            kind,
            space: std::mem::take(&mut self.space),
            pos: self.start as u32,
            end: self.pos as u32,
        });
        self.start = self.pos;
    }

    fn ignore(&mut self) {
        self.start = self.pos;
    }

    /// Emits an error and stops.
    fn error(&mut self, msg: String) -> bool {
        self.items.push(Item {
            kind: Kind::Error,
            space: std::mem::take(&mut self.space),
            pos: self.start as u32,
            end: self.start as u32,
        });
        self.error = Some(msg);
        false
    }

    fn byte(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    /// The character at `pos` (decoded only when it is not ASCII).
    fn peek(&self) -> Option<char> {
        match self.byte()? {
            b if b.is_ascii() => Some(b as char),
            _ => self.src.get(self.pos..).and_then(|s| s.chars().next()),
        }
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn rest(&self) -> &[u8] {
        self.b.get(self.pos..).unwrap_or(&[])
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
    /// The offset in `rest` of its first `{{`. (The text between two actions is mostly short:
    /// `memchr` for a `{` costs less there than a substring search, which must set up.)
    fn find_left(rest: &[u8]) -> Option<usize> {
        let mut from = 0;
        loop {
            let x = from + memchr::memchr(b'{', rest.get(from..)?)?;
            if rest.get(x + 1) == Some(&b'{') {
                return Some(x);
            }
            from = x + 1;
        }
    }

    fn lex_text(&mut self) -> bool {
        match Self::find_left(self.rest()) {
            Some(x) => {
                let delim = self.pos + x;
                let mut end = delim;
                if has_left_trim(self.b.get(delim + LEFT.len()..).unwrap_or(&[])) {
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
                self.emit(Kind::Eof);
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
            .is_some_and(|s| s.starts_with(b"/*"))
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
        let Some(x) = memchr::memmem::find(self.rest(), b"*/") else {
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
            self.skip_spaces();
        }
        self.ignore();
        true
    }

    fn skip_spaces(&mut self) {
        while self.byte().is_some_and(is_space) {
            self.pos += 1;
        }
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
            self.skip_spaces();
            self.ignore();
        }
    }

    /// Tokens inside an action, up to and including `}}`. Returns false after an error.
    fn lex_inside(&mut self) -> bool {
        loop {
            let Some(b) = self.byte() else {
                return self.error("unclosed action".into());
            };
            // Go first asks whether `}}` or ` -}}` starts here: only a `}` or a space can.
            if b == b'}' || is_space(b) {
                let (delim, trim) = self.at_right_delim();
                if delim {
                    if self.paren_depth == 0 {
                        self.lex_right_delim(trim);
                        return true;
                    }
                    return self.error("unclosed left paren".into());
                }
            }
            self.pos += 1;
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => {
                    self.pos -= 1;
                    let from = self.pos;
                    self.skip_spaces();
                    let n = self.pos - from;
                    let before = &self.b[self.pos - 1..];
                    if has_right_trim(before)
                        && before.get(2..).is_some_and(|s| s.starts_with(RIGHT))
                    {
                        // Back up before the space of ` -}}`.
                        self.pos -= 1;
                        if n == 1 {
                            continue;
                        }
                    }
                    // Where Go emits a space token: the next token records it.
                    self.space = true;
                    self.ignore();
                }
                b'=' => self.emit(Kind::Assign),
                b':' => {
                    if self.next() != Some('=') {
                        return self.error("expected :=".into());
                    }
                    self.emit(Kind::Declare);
                }
                b'|' => self.emit(Kind::Pipe),
                b'"' => {
                    if !self.lex_quote(b'"', Kind::String, "unterminated quoted string") {
                        return false;
                    }
                }
                b'`' => {
                    let Some(x) = memchr::memchr(b'`', self.rest()) else {
                        return self.error("unterminated raw quoted string".into());
                    };
                    self.pos += x + 1;
                    self.emit(Kind::RawString);
                }
                b'$' => {
                    if !self.lex_field_or_variable(Kind::Variable) {
                        return false;
                    }
                }
                b'\'' => {
                    if !self.lex_quote(b'\'', Kind::CharConstant, "unterminated character constant")
                    {
                        return false;
                    }
                }
                b'.' if self.byte().is_some_and(|c| !c.is_ascii_digit()) => {
                    if !self.lex_field_or_variable(Kind::Field) {
                        return false;
                    }
                }
                b'.' | b'+' | b'-' | b'0'..=b'9' => {
                    self.pos -= 1;
                    if !self.lex_number() {
                        return false;
                    }
                }
                b'(' => {
                    self.paren_depth += 1;
                    self.emit(Kind::LeftParen);
                }
                b')' => {
                    self.paren_depth -= 1;
                    if self.paren_depth < 0 {
                        return self.error("unexpected right paren".into());
                    }
                    self.emit(Kind::RightParen);
                }
                b if b == b'_' || b.is_ascii_alphabetic() => {
                    self.pos -= 1;
                    if !self.lex_identifier() {
                        return false;
                    }
                }
                b if b.is_ascii() && !b.is_ascii_control() => self.emit(Kind::Char),
                _ => {
                    self.pos -= 1;
                    match self.peek() {
                        Some(c) if self.word(c) => {
                            if !self.lex_identifier() {
                                return false;
                            }
                        }
                        c => {
                            self.next();
                            let c = c.unwrap_or('\u{fffd}');
                            let c = self.unicode_plus(c);
                            return self.error(format!("unrecognized character in action: {c}"));
                        }
                    }
                }
            }
        }
    }

    /// A quoted string or character constant, after its opening `quote`: up to the closing
    /// one, a backslash escaping the byte after it. A newline or the end of input inside is
    /// `unterminated`. (Bytes suffice: no byte of a multi-byte character is a quote, a
    /// backslash or a newline.)
    #[inline]
    fn lex_quote(&mut self, quote: u8, kind: Kind, unterminated: &str) -> bool {
        loop {
            // Only these three bytes matter; `memchr3` skips the others.
            let Some(x) = memchr::memchr3(quote, b'\\', b'\n', self.rest()) else {
                return self.error(unterminated.into());
            };
            let b = self.b[self.pos + x];
            self.pos += x + 1;
            if b == b'\\' {
                match self.byte() {
                    None | Some(b'\n') => return self.error(unterminated.into()),
                    Some(_) => self.pos += 1,
                }
            } else if b == b'\n' {
                return self.error(unterminated.into());
            } else if b == quote {
                break;
            }
        }
        self.emit(kind);
        true
    }

    fn at_terminator(&self) -> bool {
        match self.byte() {
            None => true,
            Some(b) if is_space(b) => true,
            Some(b'.' | b',' | b'|' | b':' | b')' | b'(') => true,
            _ => self.rest().starts_with(RIGHT),
        }
    }

    /// Letters, digits and `_`: ASCII ones byte by byte, others decoded. Returns the first
    /// character that is none of them, if any.
    #[inline(always)]
    fn skip_alnum(&mut self) -> Option<char> {
        let b = self.b;
        let mut pos = self.pos;
        while let Some(&c) = b.get(pos) {
            if !WORD[c as usize] {
                self.pos = pos;
                return if c.is_ascii() {
                    Some(c as char)
                } else {
                    self.skip_alnum_decoding()
                };
            }
            pos += 1;
        }
        self.pos = pos;
        None
    }

    /// [`Lexer::skip_alnum`] from a byte that starts a non-ASCII character.
    #[cold]
    fn skip_alnum_decoding(&mut self) -> Option<char> {
        loop {
            match self.byte() {
                None => return None,
                Some(c) if WORD[c as usize] => self.pos += 1,
                Some(c) if c.is_ascii() => return Some(c as char),
                Some(_) => match self.peek() {
                    Some(c) if self.word(c) => self.pos += c.len_utf8(),
                    c => return c,
                },
            }
        }
    }

    #[inline]
    fn lex_field_or_variable(&mut self, kind: Kind) -> bool {
        if self.at_terminator() {
            if kind == Kind::Variable {
                self.emit(Kind::Variable);
            } else {
                self.emit(Kind::Dot);
            }
            return true;
        }
        let last = self.skip_alnum();
        if !self.at_terminator() {
            if let Some(c) = last {
                self.next();
                let c = self.unicode_plus(c);
                return self.error(format!("bad character {c}"));
            }
        }
        self.emit(kind);
        true
    }

    #[inline]
    fn lex_identifier(&mut self) -> bool {
        self.skip_alnum();
        if !self.at_terminator() {
            let c = self.next().unwrap_or(' ');
            let c = self.unicode_plus(c);
            return self.error(format!("bad character {c}"));
        }
        let word = self.src.get(self.start..self.pos).unwrap_or("");
        // Every keyword is 2 to 8 lowercase ASCII letters.
        let is_candidate = (2..=8).contains(&word.len()) && word.as_bytes()[0].is_ascii_lowercase();
        let kind = if !is_candidate {
            Kind::Identifier
        } else {
            keyword(word)
        };
        self.emit(kind);
        true
    }
}

/// The kind of an identifier: a keyword's, or `Identifier`.
fn keyword(word: &str) -> Kind {
    match word {
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
    }
}

impl Lexer<'_> {
    fn lex_number(&mut self) -> bool {
        if !self.scan_number() {
            let text = self.src.get(self.start..self.pos).unwrap_or("").to_owned();
            return self.error(format!("bad number syntax: {}", crate::go::quote(&text)));
        }
        // A sign right after a number makes a complex constant (`1+2i`): a second number, with
        // no space, that ends in `i`.
        if matches!(self.byte(), Some(b'+' | b'-')) {
            if !self.scan_number() || self.b.get(self.pos - 1) != Some(&b'i') {
                let text = self.src.get(self.start..self.pos).unwrap_or("").to_owned();
                return self.error(format!("bad number syntax: {}", crate::go::quote(&text)));
            }
            self.emit(Kind::Complex);
            return true;
        }
        self.emit(Kind::Number);
        true
    }

    fn accept(&mut self, valid: &[u8]) -> bool {
        match self.byte() {
            Some(c) if valid.contains(&c) => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }

    fn accept_run(&mut self, valid: &[u8]) {
        while self.accept(valid) {}
    }

    fn scan_number(&mut self) -> bool {
        const DECIMAL: &[u8] = b"0123456789_";
        const HEX: &[u8] = b"0123456789abcdefABCDEF_";
        self.accept(b"+-");
        let mut digits = DECIMAL;
        if self.accept(b"0") {
            if self.accept(b"xX") {
                digits = HEX;
            } else if self.accept(b"oO") {
                digits = b"01234567_";
            } else if self.accept(b"bB") {
                digits = b"01_";
            }
        }
        self.accept_run(digits);
        if self.accept(b".") {
            self.accept_run(digits);
        }
        if digits.len() == DECIMAL.len() && self.accept(b"eE") {
            self.accept(b"+-");
            self.accept_run(DECIMAL);
        }
        if digits.len() == HEX.len() && self.accept(b"pP") {
            self.accept(b"+-");
            self.accept_run(DECIMAL);
        }
        self.accept(b"i");
        if self.peek().is_some_and(|c| self.word(c)) {
            self.next();
            return false;
        }
        true
    }
}

fn has_left_trim(b: &[u8]) -> bool {
    b.len() >= 2 && b[0] == b'-' && is_space(b[1])
}

fn has_right_trim(b: &[u8]) -> bool {
    b.len() >= 2 && is_space(b[0]) && b[1] == b'-'
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens of `src` as `kind:text`, `_` before those Go's lexer has a space token
    /// before.
    fn tokens(src: &str) -> Vec<String> {
        let lexed = lex(src);
        let mut out: Vec<String> = lexed
            .items
            .iter()
            .map(|it| {
                let space = if it.space { "_" } else { "" };
                format!("{space}{:?}:{}", it.kind, it.val(src))
            })
            .collect();
        if let Some(e) = lexed.error {
            out.push(e);
        }
        out
    }

    /// A token after spaces records them, where Go's lexer has a space token; the spaces of
    /// trim markers are none.
    #[test]
    fn spaces_are_recorded_where_go_has_a_space_token() {
        assert_eq!(
            tokens("{{ .a  .b\n\t| x -}} {{- .c.d(.e) }}"),
            [
                "LeftDelim:{{",
                "_Field:.a",
                "_Field:.b",
                "_Pipe:|",
                "_Identifier:x",
                "RightDelim:}}",
                "LeftDelim:{{",
                "Field:.c",
                "Field:.d",
                "LeftParen:(",
                "Field:.e",
                "RightParen:)",
                "_RightDelim:}}",
                "Eof:"
            ]
        );
        // Spaces before ` -}}`: one token for all but the trim marker's.
        assert_eq!(
            tokens("{{ 1   -}}"),
            ["LeftDelim:{{", "_Number:1", "_RightDelim:}}", "Eof:"]
        );
    }

    /// A sign right after a number makes one complex token (Go's `itemComplex`), which must
    /// end in `i`; a sign after a space starts a number of its own.
    #[test]
    fn complex_constants_are_one_token() {
        assert_eq!(
            tokens("{{1+2i -1.5e3-0x1p2i 1 +2i 3i}}"),
            [
                "LeftDelim:{{",
                "Complex:1+2i",
                "_Complex:-1.5e3-0x1p2i",
                "_Number:1",
                "_Number:+2i",
                "_Number:3i",
                "RightDelim:}}",
                "Eof:"
            ]
        );
        let error = |src: &str| tokens(src).pop();
        assert_eq!(
            error("{{1+2}}").as_deref(),
            Some(r#"bad number syntax: "1+2""#)
        );
        assert_eq!(
            error("{{1+2ix}}").as_deref(),
            Some(r#"bad number syntax: "1+2ix""#)
        );
        assert_eq!(
            error("{{1-}}").as_deref(),
            Some(r#"bad number syntax: "1-""#)
        );
    }

    /// Text ends at the first `{{`, whatever single braces come before it.
    #[test]
    fn text_ends_at_the_first_double_brace() {
        assert_eq!(
            tokens("a{b}{ {{.x}}c{"),
            [
                "Text:a{b}{ ",
                "LeftDelim:{{",
                "Field:.x",
                "RightDelim:}}",
                "Text:c{",
                "Eof:"
            ]
        );
        assert_eq!(
            tokens("{a{{{ 1 }}"),
            [
                "Text:{a",
                "LeftDelim:{{",
                "Char:{",
                "_Number:1",
                "_RightDelim:}}",
                "Eof:"
            ]
        );
        assert_eq!(tokens("{"), ["Text:{", "Eof:"]);
        assert_eq!(
            tokens("x \n{{- 1 -}}\n y"),
            [
                "Text:x",
                "LeftDelim:{{",
                "Number:1",
                "RightDelim:}}",
                "Text:y",
                "Eof:"
            ]
        );
    }

    /// Quoted strings and character constants end at their closing quote, not at an escaped
    /// one, and not at all at a newline or the end of input.
    #[test]
    fn quotes_end_where_go_ends_them() {
        assert_eq!(
            tokens(r#"{{"a\"b\\" 'c' '\'' "é\é"}}"#),
            [
                "LeftDelim:{{",
                r#"String:"a\"b\\""#,
                "_CharConstant:'c'",
                r"_CharConstant:'\''",
                r#"_String:"é\é""#,
                "RightDelim:}}",
                "Eof:"
            ]
        );
        let unterminated = |src: &str| tokens(src).pop();
        assert_eq!(
            unterminated("{{\"ab\ncd\"}}").as_deref(),
            Some("unterminated quoted string")
        );
        assert_eq!(
            unterminated("{{\"ab\\\ncd\"}}").as_deref(),
            Some("unterminated quoted string")
        );
        assert_eq!(
            unterminated("{{\"ab\\").as_deref(),
            Some("unterminated quoted string")
        );
        assert_eq!(
            unterminated("{{'ab").as_deref(),
            Some("unterminated character constant")
        );
    }

    /// Names of every length end where Go ends them, with non-ASCII letters anywhere in them
    /// (the fast path takes ASCII bytes, the slow one decodes from the first other one).
    #[test]
    fn names_end_where_go_ends_them() {
        for name in [
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "abcdefghijklmnop",
            "abcdefghijklmnopq",
            "a_b1_c2_d3",
        ] {
            assert_eq!(
                tokens(&format!("{{{{.{name}.{name}|{name}}}}}")),
                [
                    "LeftDelim:{{".to_owned(),
                    format!("Field:.{name}"),
                    format!("Field:.{name}"),
                    "Pipe:|".to_owned(),
                    format!("Identifier:{name}"),
                    "RightDelim:}}".to_owned(),
                    "Eof:".to_owned(),
                ]
            );
        }
        assert_eq!(
            tokens("{{.abcdefgé.éabcdefghij $xyzwvutsé}}"),
            [
                "LeftDelim:{{",
                "Field:.abcdefgé",
                "Field:.éabcdefghij",
                "_Variable:$xyzwvutsé",
                "RightDelim:}}",
                "Eof:"
            ]
        );
        assert_eq!(
            tokens("{{.abcd#}}"),
            ["LeftDelim:{{", "Error:", "bad character U+0023 '#'"]
        );
        // Helm 3.17 and 4.3: `parse error at (c/templates/cm.yaml:1): bad character U+0000`.
        assert_eq!(
            tokens("{{.a\0}}"),
            ["LeftDelim:{{", "Error:", "bad character U+0000"]
        );
        assert_eq!(
            tokens("{{ end if range else x }}"),
            [
                "LeftDelim:{{",
                "_End:end",
                "_If:if",
                "_Range:range",
                "_Else:else",
                "_Identifier:x",
                "_RightDelim:}}",
                "Eof:"
            ]
        );
    }
}
