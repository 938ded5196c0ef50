//! The scanner's readers of multi-character tokens: directives, anchors, tags and the five
//! scalar styles, each as go-yaml v2 (libyaml) reads it.

use std::borrow::Cow;

use super::{is_wide_break, width, Mark, ScanResult, Scanner, Style, Tok, Token};

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A scalar's text as it is read: a range of the source while what was read is the source
/// as written, its own bytes from the first step that is not (a folded line break, an
/// escape), so that the usual one-line scalar costs no copy.
struct Text<'a> {
    src: &'a str,
    from: usize,
    to: usize,
    owned: Option<Vec<u8>>,
}

impl<'a> Text<'a> {
    fn new(src: &'a str, at: usize) -> Self {
        Text {
            src,
            from: at,
            to: at,
            owned: None,
        }
    }

    /// Appends the source's bytes `a..b`, as written.
    fn verbatim(&mut self, a: usize, b: usize) {
        match &mut self.owned {
            None if a == self.to => self.to = b,
            _ => {
                let src = self.src;
                self.own().extend_from_slice(&src.as_bytes()[a..b]);
            }
        }
    }

    /// The text's own bytes, copied from the source the first time.
    fn own(&mut self) -> &mut Vec<u8> {
        let (src, from, to) = (self.src, self.from, self.to);
        self.owned
            .get_or_insert_with(|| src.as_bytes()[from..to].to_vec())
    }

    fn finish(self) -> Cow<'a, str> {
        match self.owned {
            Some(bytes) => Cow::Owned(text(bytes)),
            None => match self.src.get(self.from..self.to) {
                Some(s) => Cow::Borrowed(s),
                None => String::from_utf8_lossy(&self.src.as_bytes()[self.from..self.to]),
            },
        }
    }
}

/// What a byte means on a plain scalar's line: text, a blank, always its end (a break, a NUL),
/// its end after a blank (`#`), its end before a blank (`:`), its end in flow context
/// (`,?[]{}`), or maybe its end (the first byte of a character beyond ASCII, which may be a
/// line break).
const GO: u8 = 0;
const BLANK: u8 = 1;
const STOP: u8 = 2;
const HASH: u8 = 3;
const COLON: u8 = 4;
const FLOW: u8 = 5;
const WIDE: u8 = 6;

static PLAIN_LINE: [u8; 256] = {
    let mut table = [GO; 256];
    let mut c = 0;
    while c < 256 {
        table[c] = match c as u8 {
            b' ' | b'\t' => BLANK,
            b'\r' | b'\n' | 0 => STOP,
            b'#' => HASH,
            b':' => COLON,
            b',' | b'?' | b'[' | b']' | b'{' | b'}' => FLOW,
            0x80..=0xFF => WIDE,
            _ => GO,
        };
        c += 1;
    }
    table
};

fn hex(c: u8) -> Option<u32> {
    (c as char).to_digit(16)
}

impl<'a> Scanner<'a> {
    fn skip_blanks(&mut self) {
        while self.is_blank_at(0) {
            self.skip();
        }
    }

    fn skip_comment(&mut self) {
        if self.ch() == b'#' {
            self.skip_to_break();
        }
    }

    /// Whether byte `p` is a blank, a break or the end (libyaml's `is_blankz`).
    fn is_blankz_byte(&self, p: usize) -> bool {
        match self.src.get(p) {
            None | Some(b' ' | b'\t' | b'\r' | b'\n' | 0) => true,
            Some(_) => is_wide_break(self.src, p),
        }
    }

    /// Steps over the rest of a plain scalar's line from one of its words: the words and the
    /// blanks between them, up to a break, a NUL, a `:` before a blank, a `#` after a blank or,
    /// in flow context, a flow indicator. That is where the scanner's word-by-word reading
    /// stops on this line: between words on one line only those end the scalar, as the
    /// indentation is checked only after a line break, and a line's blanks are text when
    /// another word follows them. Returns the mark after the last word.
    fn skip_plain_line(&mut self, flow: bool) -> Mark {
        let src = self.src;
        let mut p = self.pos;
        let mut chars = 0;
        let mut last = (p, 0);
        let mut after_blank = false;
        while let Some(&b) = src.get(p) {
            match PLAIN_LINE[usize::from(b)] {
                GO => p += 1,
                BLANK => {
                    p += 1;
                    chars += 1;
                    after_blank = true;
                    continue;
                }
                HASH if after_blank => break,
                HASH => p += 1,
                COLON if self.is_blankz_byte(p + 1) => break,
                COLON => p += 1,
                FLOW if flow => break,
                FLOW => p += 1,
                WIDE if is_wide_break(src, p) => break,
                WIDE => p += width(b),
                _ => break,
            }
            chars += 1;
            last = (p, chars);
            after_blank = false;
        }
        let at = self.mark;
        self.advance(p.min(src.len()), chars);
        Mark {
            index: at.index + last.1,
            byte: last.0.min(src.len()),
            line: at.line,
            column: at.column + last.1,
        }
    }

    pub(super) fn scan_directive(&mut self) -> ScanResult<Token<'a>> {
        let start = self.mark;
        self.skip();
        let mut name = Vec::new();
        while self.is_alpha() {
            self.read(&mut name);
        }
        if name.is_empty() {
            return self.fail(start, "could not find expected directive name");
        }
        if !self.is_blankz_at(0) {
            return self.fail(start, "found unexpected non-alphabetical character");
        }
        let tok = match name.as_slice() {
            b"YAML" => {
                self.skip_blanks();
                let major = self.scan_version_number(start)?;
                if self.ch() != b'.' {
                    return self.fail(start, "did not find expected digit or '.' character");
                }
                self.skip();
                let minor = self.scan_version_number(start)?;
                Tok::VersionDirective(major, minor)
            }
            b"TAG" => {
                self.skip_blanks();
                let handle = self.scan_tag_handle(true, start)?;
                if !self.is_blank_at(0) {
                    return self.fail(start, "did not find expected whitespace");
                }
                self.skip_blanks();
                let prefix = self.scan_tag_uri(true, None, start)?;
                if !self.is_blankz_at(0) {
                    return self.fail(start, "did not find expected whitespace or line break");
                }
                Tok::TagDirective(text(handle), text(prefix))
            }
            _ => return self.fail(start, "found unknown directive name"),
        };
        let end = self.mark;
        self.skip_blanks();
        self.skip_comment();
        if !self.is_breakz_at(0) {
            return self.fail(start, "did not find expected comment or line break");
        }
        if self.is_break_at(0) {
            self.skip_line();
        }
        Ok(Token { tok, start, end })
    }

    fn scan_version_number(&mut self, start: Mark) -> ScanResult<u8> {
        let mut value: u8 = 0;
        let mut length = 0;
        while self.ch().is_ascii_digit() {
            length += 1;
            if length > 2 {
                return self.fail(start, "found extremely long version number");
            }
            value = value * 10 + (self.ch() - b'0');
            self.skip();
        }
        if length == 0 {
            return self.fail(start, "did not find expected version number");
        }
        Ok(value)
    }

    pub(super) fn scan_anchor(&mut self, alias: bool) -> ScanResult<Token<'a>> {
        let start = self.mark;
        self.skip();
        let mut s = Vec::new();
        while self.is_alpha() {
            self.read(&mut s);
        }
        let end = self.mark;
        let follows = self.is_blankz_at(0)
            || matches!(
                self.ch(),
                b'?' | b':' | b',' | b']' | b'}' | b'%' | b'@' | b'`'
            );
        if s.is_empty() || !follows {
            return self.fail(
                start,
                "did not find expected alphabetic or numeric character",
            );
        }
        let name = text(s);
        let tok = if alias {
            Tok::Alias(name)
        } else {
            Tok::Anchor(name)
        };
        Ok(Token { tok, start, end })
    }

    pub(super) fn scan_tag(&mut self) -> ScanResult<Token<'a>> {
        let start = self.mark;
        let (handle, suffix) = if self.at(1) == b'<' {
            self.skip();
            self.skip();
            let suffix = self.scan_tag_uri(false, None, start)?;
            if self.ch() != b'>' {
                return self.fail(start, "did not find the expected '>'");
            }
            self.skip();
            (Vec::new(), suffix)
        } else {
            let handle = self.scan_tag_handle(false, start)?;
            if handle.len() > 1 && handle.first() == Some(&b'!') && handle.last() == Some(&b'!') {
                let suffix = self.scan_tag_uri(false, None, start)?;
                (handle, suffix)
            } else {
                let suffix = self.scan_tag_uri(false, Some(&handle), start)?;
                if suffix.is_empty() {
                    (Vec::new(), b"!".to_vec())
                } else {
                    (b"!".to_vec(), suffix)
                }
            }
        };
        if !self.is_blankz_at(0) {
            return self.fail(start, "did not find expected whitespace or line break");
        }
        let end = self.mark;
        Ok(Token {
            tok: Tok::Tag(text(handle), text(suffix)),
            start,
            end,
        })
    }

    fn scan_tag_handle(&mut self, directive: bool, start: Mark) -> ScanResult<Vec<u8>> {
        if self.ch() != b'!' {
            return self.fail(start, "did not find expected '!'");
        }
        let mut s = Vec::new();
        self.read(&mut s);
        while self.is_alpha() {
            self.read(&mut s);
        }
        if self.ch() == b'!' {
            self.read(&mut s);
        } else if directive && s != b"!" {
            return self.fail(start, "did not find expected '!'");
        }
        Ok(s)
    }

    fn scan_tag_uri(
        &mut self,
        directive: bool,
        head: Option<&[u8]>,
        start: Mark,
    ) -> ScanResult<Vec<u8>> {
        let mut s = Vec::new();
        let mut has_tag = head.is_some_and(|h| !h.is_empty());
        if let Some(h) = head {
            if h.len() > 1 {
                s.extend_from_slice(&h[1..]);
            }
        }
        loop {
            let c = self.ch();
            let uri_char = self.is_alpha()
                || matches!(
                    c,
                    b';' | b'/'
                        | b'?'
                        | b':'
                        | b'@'
                        | b'&'
                        | b'='
                        | b'+'
                        | b'$'
                        | b','
                        | b'.'
                        | b'!'
                        | b'~'
                        | b'*'
                        | b'\''
                        | b'('
                        | b')'
                        | b'['
                        | b']'
                        | b'%'
                );
            if !uri_char {
                break;
            }
            if c == b'%' {
                self.scan_uri_escapes(directive, start, &mut s)?;
            } else {
                self.read(&mut s);
            }
            has_tag = true;
        }
        if !has_tag {
            return self.fail(start, "did not find expected tag URI");
        }
        Ok(s)
    }

    fn scan_uri_escapes(
        &mut self,
        _directive: bool,
        start: Mark,
        s: &mut Vec<u8>,
    ) -> ScanResult<()> {
        let mut w = 1024usize;
        while w > 0 {
            let (Some(hi), Some(lo)) = (hex(self.at(1)), hex(self.at(2))) else {
                return self.fail(start, "did not find URI escaped octet");
            };
            if self.ch() != b'%' {
                return self.fail(start, "did not find URI escaped octet");
            }
            let octet = (hi * 16 + lo) as u8;
            if w == 1024 {
                w = match octet {
                    o if o & 0x80 == 0 => 1,
                    o if o & 0xE0 == 0xC0 => 2,
                    o if o & 0xF0 == 0xE0 => 3,
                    o if o & 0xF8 == 0xF0 => 4,
                    _ => return self.fail(start, "found an incorrect leading UTF-8 octet"),
                };
            } else if octet & 0xC0 != 0x80 {
                return self.fail(start, "found an incorrect trailing UTF-8 octet");
            }
            s.push(octet);
            self.skip();
            self.skip();
            self.skip();
            w -= 1;
        }
        Ok(())
    }

    pub(super) fn scan_block_scalar(&mut self, literal: bool) -> ScanResult<Token<'a>> {
        let start = self.mark;
        self.skip();
        let mut chomping = 0i8;
        let mut increment = 0usize;
        let sign = |c: u8| match c {
            b'+' => Some(1),
            b'-' => Some(-1),
            _ => None,
        };
        if let Some(c) = sign(self.ch()) {
            chomping = c;
            self.skip();
            if self.ch().is_ascii_digit() {
                if self.ch() == b'0' {
                    return self.fail(start, "found an indentation indicator equal to 0");
                }
                increment = usize::from(self.ch() - b'0');
                self.skip();
            }
        } else if self.ch().is_ascii_digit() {
            if self.ch() == b'0' {
                return self.fail(start, "found an indentation indicator equal to 0");
            }
            increment = usize::from(self.ch() - b'0');
            self.skip();
            if let Some(c) = sign(self.ch()) {
                chomping = c;
                self.skip();
            }
        }
        self.skip_blanks();
        self.skip_comment();
        if !self.is_breakz_at(0) {
            return self.fail(start, "did not find expected comment or line break");
        }
        if self.is_break_at(0) {
            self.skip_line();
        }
        let mut end = self.mark;
        let mut indent = 0usize;
        if increment > 0 {
            indent = if self.indent >= 0 {
                self.indent as usize + increment
            } else {
                increment
            };
        }
        let mut s = Vec::new();
        let mut leading_break = Vec::new();
        let mut trailing_breaks = Vec::new();
        self.block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        let mut leading_blank = false;
        while self.mark.column == indent && !self.is_z_at(0) {
            let trailing_blank = self.is_blank_at(0);
            if !literal
                && !leading_blank
                && !trailing_blank
                && leading_break.first() == Some(&b'\n')
            {
                if trailing_breaks.is_empty() {
                    s.push(b' ');
                }
            } else {
                s.extend_from_slice(&leading_break);
            }
            leading_break.clear();
            s.append(&mut trailing_breaks);
            leading_blank = self.is_blank_at(0);
            let from = self.pos;
            self.skip_to_break();
            s.extend_from_slice(&self.src[from..self.pos]);
            self.read_line(&mut leading_break);
            self.block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        }
        if chomping != -1 {
            s.extend_from_slice(&leading_break);
        }
        if chomping == 1 {
            s.extend_from_slice(&trailing_breaks);
        }
        let style = if literal {
            Style::Literal
        } else {
            Style::Folded
        };
        Ok(Token {
            tok: Tok::Scalar(Cow::Owned(text(s)), style),
            start,
            end,
        })
    }

    fn block_scalar_breaks(
        &mut self,
        indent: &mut usize,
        breaks: &mut Vec<u8>,
        start: Mark,
        end: &mut Mark,
    ) -> ScanResult<()> {
        *end = self.mark;
        let mut max_indent = 0;
        loop {
            let room = match *indent {
                0 => usize::MAX,
                i => i.saturating_sub(self.mark.column),
            };
            let spaces = self.src[self.pos..]
                .iter()
                .take(room)
                .take_while(|&&b| b == b' ')
                .count();
            self.advance(self.pos + spaces, spaces);
            max_indent = max_indent.max(self.mark.column);
            if (*indent == 0 || self.mark.column < *indent) && self.ch() == b'\t' {
                return self.fail(
                    start,
                    "found a tab character where an indentation space is expected",
                );
            }
            if !self.is_break_at(0) {
                break;
            }
            self.read_line(breaks);
            *end = self.mark;
        }
        if *indent == 0 {
            let floor = (self.indent + 1).max(1) as usize;
            *indent = max_indent.max(floor);
        }
        Ok(())
    }

    fn at_document_indicator(&self) -> bool {
        self.mark.column == 0
            && ((self.ch() == b'-' && self.at(1) == b'-' && self.at(2) == b'-')
                || (self.ch() == b'.' && self.at(1) == b'.' && self.at(2) == b'.'))
            && self.is_blankz_at(3)
    }

    pub(super) fn scan_flow_scalar(&mut self, single: bool) -> ScanResult<Token<'a>> {
        let start = self.mark;
        self.skip();
        let quote = if single { b'\'' } else { b'"' };
        let mut s = Text::new(self.text, self.pos);
        let mut leading_break = Vec::new();
        let mut trailing_breaks = Vec::new();
        loop {
            if self.at_document_indicator() {
                return self.fail(start, "found unexpected document indicator");
            }
            if self.is_z_at(0) {
                return self.fail(start, "found unexpected end of stream");
            }
            let mut leading_blanks = false;
            while !self.is_blankz_at(0) {
                let c = self.ch();
                if single && c == b'\'' && self.at(1) == b'\'' {
                    s.own().push(b'\'');
                    self.skip();
                    self.skip();
                } else if c == quote {
                    break;
                } else if !single && c == b'\\' && self.is_break_at(1) {
                    self.skip();
                    self.skip_line();
                    leading_blanks = true;
                    break;
                } else if !single && c == b'\\' {
                    self.scan_escape(start, s.own())?;
                } else {
                    let from = self.pos;
                    let to = self.skip_quoted_run(quote);
                    s.verbatim(from, to);
                }
            }
            if self.ch() == quote {
                break;
            }
            // Blanks are the text's unless a line break follows them.
            let blanks = self.pos;
            while self.is_blank_at(0) || self.is_break_at(0) {
                if self.is_blank_at(0) {
                    self.skip();
                } else if leading_blanks {
                    self.read_line(&mut trailing_breaks);
                } else {
                    self.read_line(&mut leading_break);
                    leading_blanks = true;
                }
            }
            if leading_blanks {
                fold_breaks(s.own(), &mut leading_break, &mut trailing_breaks);
            } else {
                s.verbatim(blanks, self.pos);
            }
        }
        self.skip();
        let end = self.mark;
        let style = if single { Style::Single } else { Style::Double };
        Ok(Token {
            tok: Tok::Scalar(s.finish(), style),
            start,
            end,
        })
    }

    /// Steps over the characters of a quoted scalar on this line up to its `quote`, a
    /// backslash (double-quoted), a break, a NUL or the end, and returns where its text ends:
    /// before the blanks that a break or the end follows (the scanner drops those), else
    /// where the run stops. The caller is at a character that none of those is, or at the
    /// backslash of a single-quoted scalar, which is text there.
    fn skip_quoted_run(&mut self, quote: u8) -> usize {
        let src = self.src;
        let escapes = quote == b'"';
        let mut p = self.pos;
        let mut chars = 0;
        let mut last = p;
        let mut at_break = true;
        while let Some(&b) = src.get(p) {
            if b < 0x80 {
                match b {
                    b'\n' | b'\r' | 0 => break,
                    b' ' | b'\t' => {
                        p += 1;
                        chars += 1;
                        continue;
                    }
                    b'\\' if escapes => {
                        at_break = false;
                        break;
                    }
                    _ if b == quote => {
                        at_break = false;
                        break;
                    }
                    _ => p += 1,
                }
            } else {
                if is_wide_break(src, p) {
                    break;
                }
                p += width(b);
            }
            chars += 1;
            last = p;
        }
        let p = p.min(src.len());
        self.advance(p, chars);
        if at_break {
            last.min(p)
        } else {
            p
        }
    }

    /// One `\` escape of a double-quoted scalar, appended to `s`.
    fn scan_escape(&mut self, start: Mark, s: &mut Vec<u8>) -> ScanResult<()> {
        let mut code_length = 0;
        let simple: &[u8] = match self.at(1) {
            b'0' => b"\0",
            b'a' => b"\x07",
            b'b' => b"\x08",
            b't' | b'\t' => b"\t",
            b'n' => b"\n",
            b'v' => b"\x0B",
            b'f' => b"\x0C",
            b'r' => b"\r",
            b'e' => b"\x1B",
            b' ' => b" ",
            b'"' => b"\"",
            b'\'' => b"'",
            b'\\' => b"\\",
            b'N' => "\u{85}".as_bytes(),
            b'_' => "\u{A0}".as_bytes(),
            b'L' => "\u{2028}".as_bytes(),
            b'P' => "\u{2029}".as_bytes(),
            b'x' => {
                code_length = 2;
                b""
            }
            b'u' => {
                code_length = 4;
                b""
            }
            b'U' => {
                code_length = 8;
                b""
            }
            _ => return self.fail(start, "found unknown escape character"),
        };
        s.extend_from_slice(simple);
        self.skip();
        self.skip();
        if code_length > 0 {
            let mut value: u32 = 0;
            for k in 0..code_length {
                let Some(d) = hex(self.at(k)) else {
                    return self.fail(start, "did not find expected hexdecimal number");
                };
                value = (value << 4) + d;
            }
            let Some(c) = char::from_u32(value) else {
                return self.fail(start, "found invalid Unicode character escape code");
            };
            let mut buf = [0u8; 4];
            s.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            for _ in 0..code_length {
                self.skip();
            }
        }
        Ok(())
    }

    pub(super) fn scan_plain_scalar(&mut self) -> ScanResult<Token<'a>> {
        let mut s = Text::new(self.text, self.pos);
        let mut leading_break = Vec::new();
        let mut trailing_breaks = Vec::new();
        let mut leading_blanks = false;
        let indent = self.indent + 1;
        let start = self.mark;
        let mut end = self.mark;
        let flow = self.flow_level > 0;
        loop {
            if self.at_document_indicator() || self.ch() == b'#' {
                break;
            }
            let word = self.pos;
            let last = self.skip_plain_line(flow);
            if last.byte > word {
                if leading_blanks {
                    fold_breaks(s.own(), &mut leading_break, &mut trailing_breaks);
                    leading_blanks = false;
                } else {
                    // The blanks since the last word, if any.
                    s.verbatim(end.byte, word);
                }
                s.verbatim(word, last.byte);
                end = last;
            }
            if !(self.is_blank_at(0) || self.is_break_at(0)) {
                break;
            }
            loop {
                // Spaces at once; each tab is checked against the indentation.
                let spaces = self.src[self.pos..]
                    .iter()
                    .take_while(|&&b| b == b' ')
                    .count();
                self.advance(self.pos + spaces, spaces);
                if self.ch() == b'\t' {
                    if leading_blanks && (self.mark.column as isize) < indent {
                        return self.fail(start, "found a tab character that violates indentation");
                    }
                    self.skip();
                } else if self.is_break_at(0) {
                    if leading_blanks {
                        self.read_line(&mut trailing_breaks);
                    } else {
                        self.read_line(&mut leading_break);
                        leading_blanks = true;
                    }
                } else {
                    break;
                }
            }
            if !flow && (self.mark.column as isize) < indent {
                break;
            }
        }
        if leading_blanks {
            self.simple_key_allowed = true;
        }
        Ok(Token {
            tok: Tok::Scalar(s.finish(), Style::Plain),
            start,
            end,
        })
    }
}

/// Line folding in a flow or plain scalar: the first line break becomes a space when no blank
/// lines follow it, else the blank lines' breaks stand for it (a break other than `\n`, such
/// as NEL or LS, is kept). Both buffers are emptied.
fn fold_breaks(s: &mut Vec<u8>, leading_break: &mut Vec<u8>, trailing_breaks: &mut Vec<u8>) {
    if leading_break.first() == Some(&b'\n') {
        if trailing_breaks.is_empty() {
            s.push(b' ');
        } else {
            s.extend_from_slice(trailing_breaks);
        }
    } else {
        s.extend_from_slice(leading_break);
        s.extend_from_slice(trailing_breaks);
    }
    trailing_breaks.clear();
    leading_break.clear();
}
