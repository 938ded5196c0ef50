//! BurntSushi/toml's lexer, as Helm's `fromToml` runs it: a state machine over the input's
//! runes that queues items (keys, values, table headers) for the parser, which pulls them one
//! at a time, so an error is reported only when the parser reaches it. The states, their
//! order of checks and their error texts are the library's; where a later release changed
//! one, [`BurntSushiToml`] says which.
//!
//! Only an item's line matters to the error text the parser builds (`toml: line N …`), so
//! positions are kept as lines. A Go runtime panic the library would hit (a slice past its
//! bounds after its own error) is reported as the panic's text.

use std::collections::VecDeque;

use crate::profile::BurntSushiToml;

/// Go's `utf8.RuneError`.
const RUNE_ERROR: u32 = 0xFFFD;
/// The lexer's end-of-input rune.
const EOF: u32 = 0;

/// What an item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ItemType {
    Error,
    Eof,
    Text,
    String,
    StringEsc,
    RawString,
    MultilineString,
    RawMultilineString,
    Bool,
    Integer,
    Float,
    Datetime,
    Array,
    ArrayEnd,
    TableStart,
    TableEnd,
    ArrayTableStart,
    ArrayTableEnd,
    KeyStart,
    KeyEnd,
    CommentStart,
    InlineTableStart,
    InlineTableEnd,
}

impl ItemType {
    /// The library's name of the type, for its `BUG:` panics.
    pub(super) fn name(self) -> &'static str {
        use ItemType::*;
        match self {
            Error => "Error",
            Eof => "EOF",
            Text => "Text",
            String | StringEsc | RawString | MultilineString | RawMultilineString => "String",
            Bool => "Bool",
            Integer => "Integer",
            Float => "Float",
            Datetime => "DateTime",
            Array => "Array",
            ArrayEnd => "ArrayEnd",
            TableStart => "TableStart",
            TableEnd => "TableEnd",
            ArrayTableStart => "ArrayTableStart",
            ArrayTableEnd => "ArrayTableEnd",
            KeyStart => "KeyStart",
            KeyEnd => "KeyEnd",
            CommentStart => "CommentStart",
            InlineTableStart => "InlineTableStart",
            InlineTableEnd => "InlineTableEnd",
        }
    }
}

/// One lexed item: its type, its text (or the error's message) and its line.
#[derive(Clone, Debug)]
pub(super) struct Item {
    pub typ: ItemType,
    pub val: String,
    pub line: i64,
}

/// A Go panic inside the library (`runtime error: …`, `BUG in lexer: …`): what text/template
/// reports as `error calling fromToml: …`.
pub(super) type Panic = String;

/// The lexer's states (its `stateFn`s).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Top,
    TopEnd,
    TableStart,
    TableEnd,
    ArrayTableEnd,
    TableNameStart,
    TableNameEnd,
    BareName,
    QuotedName,
    KeyStart,
    KeyNameStart,
    KeyEnd,
    Value,
    ArrayValue,
    ArrayValueEnd,
    InlineTableValue,
    InlineTableValueEnd,
    String,
    MultilineString,
    RawString,
    MultilineRawString,
    MultilineStringEscape,
    StringEscape,
    HexEscape,
    ShortUnicodeEscape,
    LongUnicodeEscape,
    NumberOrDateStart,
    NumberOrDate,
    Datetime,
    HexInteger,
    OctalInteger,
    BinaryInteger,
    DecimalNumber,
    DecimalNumberStart,
    BaseNumberOrDate,
    Float,
    Bool,
    CommentStart,
    Comment,
}

/// What a state returns: the next state, none (stop: an error or the end was queued), or a
/// Go panic.
type Step = Result<Option<State>, Panic>;

pub(super) struct Lexer<'a> {
    input: &'a [u8],
    start: i64,
    pos: i64,
    line: i64,
    state: Option<State>,
    items: VecDeque<Item>,
    esc: bool,
    prev_widths: [i64; 4],
    nprev: usize,
    at_eof: bool,
    stack: Vec<State>,
    version: BurntSushiToml,
}

fn is_whitespace(r: u32) -> bool {
    r == u32::from('\t') || r == u32::from(' ')
}

fn is_nl(r: u32) -> bool {
    r == u32::from('\n') || r == u32::from('\r')
}

/// Control characters other than tab, CR and LF.
fn is_control(r: u32) -> bool {
    if r == 9 || r == 10 || r == 13 {
        return false;
    }
    r <= 0x1f || r == 0x7f
}

fn is_digit(r: u32) -> bool {
    (u32::from('0')..=u32::from('9')).contains(&r)
}

fn is_binary(r: u32) -> bool {
    r == u32::from('0') || r == u32::from('1')
}

fn is_octal(r: u32) -> bool {
    (u32::from('0')..=u32::from('7')).contains(&r)
}

pub(super) fn is_hex(r: u32) -> bool {
    is_digit(r) || ((r | 0x20) >= u32::from('a') && (r | 0x20) <= u32::from('f'))
}

fn is_bare_key_char(r: u32) -> bool {
    matches!(
        char::from_u32(r),
        Some('A'..='Z' | 'a'..='z' | '0'..='9' | '_' | '-')
    )
}

/// Go's `unicode.IsLetter`.
fn is_letter(r: u32) -> bool {
    char::from_u32(r).is_some_and(crate::go::unicode::is_letter)
}

/// Go's `utf8.DecodeRuneInString`: the rune and its width, `(RuneError, 1)` for a byte that
/// does not start a valid sequence.
fn decode(b: &[u8]) -> (u32, i64) {
    let Some(&first) = b.first() else {
        return (RUNE_ERROR, 0);
    };
    let len = match first {
        0x00..=0x7f => return (u32::from(first), 1),
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return (RUNE_ERROR, 1),
    };
    match b.get(..len).map(std::str::from_utf8) {
        Some(Ok(s)) => s
            .chars()
            .next()
            .map_or((RUNE_ERROR, 1), |c| (u32::from(c), len as i64)),
        _ => (RUNE_ERROR, 1),
    }
}

/// Go's `%q` of a rune.
pub(super) fn quote_rune(r: u32) -> String {
    match char::from_u32(r) {
        Some(c) => crate::go::quote_rune(c, false),
        None => crate::go::quote_rune('\u{FFFD}', false),
    }
}

/// Go's `string(r)`.
fn rune_text(r: u32) -> String {
    char::from_u32(r).unwrap_or('\u{FFFD}').to_string()
}

/// The library's `runeOrEOF`.
fn rune_or_eof(r: u32) -> String {
    if r == EOF {
        "end of file".into()
    } else {
        format!("'{}'", rune_text(r))
    }
}

impl<'a> Lexer<'a> {
    pub(super) fn new(input: &'a [u8], version: BurntSushiToml) -> Lexer<'a> {
        Lexer {
            input,
            start: 0,
            pos: 0,
            line: 1,
            state: Some(State::Top),
            items: VecDeque::new(),
            esc: false,
            prev_widths: [0; 4],
            nprev: 0,
            at_eof: false,
            stack: Vec::new(),
            version,
        }
    }

    /// The next item: queued ones first, else the machine runs until it queues one. `Err`:
    /// a Go panic (a state run with none left is Go's nil function call).
    pub(super) fn next_item(&mut self) -> Result<Item, Panic> {
        loop {
            if let Some(item) = self.items.pop_front() {
                return Ok(item);
            }
            let Some(state) = self.state else {
                return Err(
                    "runtime error: invalid memory address or nil pointer dereference".into(),
                );
            };
            self.state = self.run(state)?;
        }
    }

    fn toml_next(&self) -> bool {
        self.version >= BurntSushiToml::V1_6
    }

    fn push(&mut self, s: State) {
        self.stack.push(s);
    }

    fn pop(&mut self) -> Step {
        match self.stack.pop() {
            Some(s) => Ok(Some(s)),
            None if self.version >= BurntSushiToml::V1_6 => {
                Err("BUG in lexer: no states to pop".into())
            }
            None => Ok(self.errorf("BUG in lexer: no states to pop".into())),
        }
    }

    /// `input[start:pos]`, or Go's panic when the two crossed.
    fn current(&self) -> Result<String, Panic> {
        self.slice(self.start, self.pos)
    }

    fn slice(&self, from: i64, to: i64) -> Result<String, Panic> {
        let len = self.input.len() as i64;
        if from < 0 || to < from || to > len {
            if to > len || to < 0 {
                return Err(format!(
                    "runtime error: slice bounds out of range [:{to}] with length {len}"
                ));
            }
            return Err(format!(
                "runtime error: slice bounds out of range [{from}:{to}]"
            ));
        }
        Ok(String::from_utf8_lossy(&self.input[from as usize..to as usize]).into_owned())
    }

    /// `input[i]`, or Go's panic.
    fn byte_at(&self, i: i64) -> Result<u8, Panic> {
        let len = self.input.len();
        usize::try_from(i)
            .ok()
            .and_then(|i| self.input.get(i).copied())
            .ok_or_else(|| format!("runtime error: index out of range [{i}] with length {len}"))
    }

    fn queue(&mut self, typ: ItemType, val: String, line: i64) {
        self.items.push_back(Item { typ, val, line });
    }

    fn emit(&mut self, typ: ItemType) -> Result<(), Panic> {
        // The library's guard for a multi-line string that ends in a cut UTF-8 sequence.
        if self.start > self.pos {
            let b = self.byte_at(self.pos)?;
            self.error(format!("invalid UTF-8 byte: 0x{b:02x}"));
            return Ok(());
        }
        let val = self.current()?;
        self.queue(typ, val, self.line);
        self.start = self.pos;
        Ok(())
    }

    fn emit_trim(&mut self, typ: ItemType) -> Result<(), Panic> {
        let val = self.current()?;
        let val = val.trim_matches(|c: char| c.is_whitespace()).to_string();
        self.queue(typ, val, self.line);
        self.start = self.pos;
        Ok(())
    }

    fn next(&mut self) -> Result<u32, Panic> {
        if self.at_eof {
            return Err("BUG in lexer: next called after EOF".into());
        }
        if self.pos >= self.input.len() as i64 {
            self.at_eof = true;
            return Ok(EOF);
        }
        if self.byte_at(self.pos)? == b'\n' {
            self.line += 1;
        }
        self.prev_widths[3] = self.prev_widths[2];
        self.prev_widths[2] = self.prev_widths[1];
        self.prev_widths[1] = self.prev_widths[0];
        if self.nprev < 4 {
            self.nprev += 1;
        }
        let (r, w) = decode(&self.input[self.pos as usize..]);
        if r == RUNE_ERROR && w == 1 {
            let b = self.byte_at(self.pos)?;
            self.error(format!("invalid UTF-8 byte: 0x{b:02x}"));
            return Ok(RUNE_ERROR);
        }
        let lone_cr = r == 13
            && (self.input.len() as i64 - 1 == self.pos || self.byte_at(self.pos + 1)? != b'\n');
        if is_control(r) || lone_cr {
            self.error_pos_line(format!(
                "TOML files cannot contain control characters: '0x{r:02x}'"
            ));
            return Ok(RUNE_ERROR);
        }
        self.prev_widths[0] = w;
        self.pos += w;
        Ok(r)
    }

    fn ignore(&mut self) {
        self.start = self.pos;
    }

    fn backup(&mut self) -> Result<(), Panic> {
        if self.at_eof {
            self.at_eof = false;
            return Ok(());
        }
        if self.nprev < 1 {
            return Err("BUG in lexer: backed up too far".into());
        }
        let w = self.prev_widths[0];
        self.prev_widths[0] = self.prev_widths[1];
        self.prev_widths[1] = self.prev_widths[2];
        self.prev_widths[2] = self.prev_widths[3];
        self.nprev -= 1;
        self.pos -= w;
        if self.pos < self.input.len() as i64 && self.byte_at(self.pos)? == b'\n' {
            self.line -= 1;
        }
        Ok(())
    }

    fn accept(&mut self, valid: char) -> Result<bool, Panic> {
        if self.next()? == u32::from(valid) {
            return Ok(true);
        }
        self.backup()?;
        Ok(false)
    }

    fn peek(&mut self) -> Result<u32, Panic> {
        let r = self.next()?;
        self.backup()?;
        Ok(r)
    }

    fn skip(&mut self, pred: fn(u32) -> bool) -> Result<(), Panic> {
        loop {
            let r = self.next()?;
            if pred(r) {
                continue;
            }
            self.backup()?;
            self.ignore();
            return Ok(());
        }
    }

    /// `lx.error(err)`: at the end of the input, on the line before.
    fn error(&mut self, message: String) -> Option<State> {
        if self.at_eof {
            return self.error_prev_line(message);
        }
        self.queue(ItemType::Error, message, self.line);
        None
    }

    fn error_prev_line(&mut self, message: String) -> Option<State> {
        self.queue(ItemType::Error, message, self.line - 1);
        None
    }

    /// `lx.errorPos` (the control-character error): the current line.
    fn error_pos_line(&mut self, message: String) -> Option<State> {
        self.queue(ItemType::Error, message, self.line);
        None
    }

    /// `lx.errorf`: at the end of the input, the line before when the input ends in a newline
    /// (1.4: always the line before).
    fn errorf(&mut self, message: String) -> Option<State> {
        if self.at_eof {
            let prev_nl = self.pos >= 1 && self.byte_at(self.pos - 1).ok() == Some(b'\n');
            let line = if self.version == BurntSushiToml::V1_4 || prev_nl {
                self.line - 1
            } else {
                self.line
            };
            self.queue(ItemType::Error, message, line);
            return None;
        }
        self.queue(ItemType::Error, message, self.line);
        None
    }

    fn run(&mut self, s: State) -> Step {
        use State as S;
        match s {
            S::Top => self.lex_top(),
            S::TopEnd => self.lex_top_end(),
            S::TableStart => self.lex_table_start(),
            S::TableEnd => {
                self.emit(ItemType::TableEnd)?;
                Ok(Some(S::TopEnd))
            }
            S::ArrayTableEnd => {
                let r = self.next()?;
                if r != u32::from(']') {
                    return Ok(self.errorf(format!(
                        "expected end of table array name delimiter ']', but got {} instead",
                        quote_rune(r)
                    )));
                }
                self.emit(ItemType::ArrayTableEnd)?;
                Ok(Some(S::TopEnd))
            }
            S::TableNameStart => self.lex_table_name_start(),
            S::TableNameEnd => self.lex_table_name_end(),
            S::BareName => {
                let r = self.next()?;
                if is_bare_key_char(r) {
                    return Ok(Some(S::BareName));
                }
                self.backup()?;
                self.emit(ItemType::Text)?;
                self.pop()
            }
            S::QuotedName => self.lex_quoted_name(),
            S::KeyStart => self.lex_key_start(),
            S::KeyNameStart => self.lex_key_name_start(),
            S::KeyEnd => self.lex_key_end(),
            S::Value => self.lex_value(),
            S::ArrayValue => self.lex_array_value(),
            S::ArrayValueEnd => self.lex_array_value_end(),
            S::InlineTableValue => self.lex_inline_table_value(),
            S::InlineTableValueEnd => self.lex_inline_table_value_end(),
            S::String => self.lex_string(),
            S::MultilineString => self.lex_multiline_string(),
            S::RawString => self.lex_raw_string(),
            S::MultilineRawString => self.lex_multiline_raw_string(),
            S::MultilineStringEscape => {
                if is_nl(self.next()?) {
                    return Ok(Some(S::MultilineString));
                }
                self.backup()?;
                self.push(S::MultilineString);
                self.lex_string_escape()
            }
            S::StringEscape => self.lex_string_escape(),
            S::HexEscape => self.lex_hex_digits(2, "two", 'x'),
            S::ShortUnicodeEscape => self.lex_hex_digits(4, "four", 'u'),
            S::LongUnicodeEscape => self.lex_hex_digits(8, "eight", 'U'),
            S::NumberOrDateStart => {
                if self.next()? == u32::from('0') {
                    return Ok(Some(S::BaseNumberOrDate));
                }
                Ok(Some(S::NumberOrDate))
            }
            S::NumberOrDate => {
                let r = self.next()?;
                if is_digit(r) {
                    return Ok(Some(S::NumberOrDate));
                }
                match char::from_u32(r) {
                    Some('-' | ':') => return Ok(Some(S::Datetime)),
                    Some('_') => return Ok(Some(S::DecimalNumber)),
                    Some('.' | 'e' | 'E') => return Ok(Some(S::Float)),
                    _ => {}
                }
                self.backup()?;
                self.emit(ItemType::Integer)?;
                self.pop()
            }
            S::Datetime => {
                let r = self.next()?;
                if is_digit(r)
                    || matches!(
                        char::from_u32(r),
                        Some('-' | ':' | 'T' | 't' | ' ' | '.' | 'Z' | 'z' | '+')
                    )
                {
                    return Ok(Some(S::Datetime));
                }
                self.backup()?;
                self.emit_trim(ItemType::Datetime)?;
                self.pop()
            }
            S::HexInteger => self.lex_based_integer(S::HexInteger, is_hex),
            S::OctalInteger => self.lex_based_integer(S::OctalInteger, is_octal),
            S::BinaryInteger => self.lex_based_integer(S::BinaryInteger, is_binary),
            S::DecimalNumber => {
                let r = self.next()?;
                if is_digit(r) {
                    return Ok(Some(S::DecimalNumber));
                }
                match char::from_u32(r) {
                    Some('.' | 'e' | 'E') => return Ok(Some(S::Float)),
                    Some('_') => return Ok(Some(S::DecimalNumber)),
                    _ => {}
                }
                self.backup()?;
                self.emit(ItemType::Integer)?;
                self.pop()
            }
            S::DecimalNumberStart => self.lex_decimal_number_start(),
            S::BaseNumberOrDate => self.lex_base_number_or_date(),
            S::Float => {
                let r = self.next()?;
                if is_digit(r)
                    || matches!(char::from_u32(r), Some('_' | '.' | '-' | '+' | 'e' | 'E'))
                {
                    return Ok(Some(S::Float));
                }
                self.backup()?;
                self.emit(ItemType::Float)?;
                self.pop()
            }
            S::Bool => self.lex_bool(),
            S::CommentStart => {
                self.ignore();
                self.emit(ItemType::CommentStart)?;
                Ok(Some(S::Comment))
            }
            S::Comment => {
                let r = self.next()?;
                if is_nl(r) || r == EOF {
                    self.backup()?;
                    self.emit(ItemType::Text)?;
                    return self.pop();
                }
                Ok(Some(S::Comment))
            }
        }
    }

    fn lex_top(&mut self) -> Step {
        let r = self.next()?;
        if is_whitespace(r) || is_nl(r) {
            self.ignore();
            return Ok(Some(State::Top));
        }
        if r == u32::from('#') {
            self.push(State::Top);
            return Ok(Some(State::CommentStart));
        }
        if r == u32::from('[') {
            return Ok(Some(State::TableStart));
        }
        if r == EOF {
            if self.pos > self.start {
                return Ok(self.errorf("unexpected EOF".into()));
            }
            self.emit(ItemType::Eof)?;
            return Ok(None);
        }
        self.backup()?;
        self.push(State::TopEnd);
        Ok(Some(State::KeyStart))
    }

    fn lex_top_end(&mut self) -> Step {
        let r = self.next()?;
        if r == u32::from('#') {
            self.push(State::Top);
            return Ok(Some(State::CommentStart));
        }
        if is_whitespace(r) {
            return Ok(Some(State::TopEnd));
        }
        if is_nl(r) {
            self.ignore();
            return Ok(Some(State::Top));
        }
        if r == EOF {
            self.emit(ItemType::Eof)?;
            return Ok(None);
        }
        Ok(self.errorf(format!(
            "expected a top-level item to end with a newline, comment, or EOF, but got {} instead",
            quote_rune(r)
        )))
    }

    fn lex_table_start(&mut self) -> Step {
        if self.peek()? == u32::from('[') {
            self.next()?;
            self.emit(ItemType::ArrayTableStart)?;
            self.push(State::ArrayTableEnd);
        } else {
            self.emit(ItemType::TableStart)?;
            self.push(State::TableEnd);
        }
        Ok(Some(State::TableNameStart))
    }

    fn lex_table_name_start(&mut self) -> Step {
        self.skip(is_whitespace)?;
        let r = self.peek()?;
        if r == u32::from(']') || r == EOF {
            return Ok(
                self.errorf("unexpected end of table name (table names cannot be empty)".into())
            );
        }
        if r == u32::from('.') {
            return Ok(
                self.errorf("unexpected table separator (table names cannot be empty)".into())
            );
        }
        if r == u32::from('"') || r == u32::from('\'') {
            self.ignore();
            self.push(State::TableNameEnd);
            return Ok(Some(State::QuotedName));
        }
        self.push(State::TableNameEnd);
        Ok(Some(State::BareName))
    }

    fn lex_table_name_end(&mut self) -> Step {
        self.skip(is_whitespace)?;
        let r = self.next()?;
        if r == u32::from('.') {
            self.ignore();
            return Ok(Some(State::TableNameStart));
        }
        if r == u32::from(']') {
            return self.pop();
        }
        Ok(self.errorf(format!(
            "expected '.' or ']' to end table name, but got {} instead",
            quote_rune(r)
        )))
    }

    fn lex_quoted_name(&mut self) -> Step {
        let r = self.next()?;
        if r == u32::from('"') {
            self.ignore();
            return Ok(Some(State::String));
        }
        if r == u32::from('\'') {
            self.ignore();
            return Ok(Some(State::RawString));
        }
        if is_whitespace(r) {
            self.ignore();
            return Ok(Some(State::Value));
        }
        if r == EOF {
            return Ok(self.errorf("unexpected EOF; expected value".into()));
        }
        Ok(self.errorf(format!(
            "expected value but found {} instead",
            quote_rune(r)
        )))
    }

    fn lex_key_start(&mut self) -> Step {
        self.skip(is_whitespace)?;
        let r = self.peek()?;
        if r == u32::from('=') || r == EOF {
            return Ok(self.errorf("unexpected '=': key name appears blank".into()));
        }
        if r == u32::from('.') {
            return Ok(self.errorf("unexpected '.': keys cannot start with a '.'".into()));
        }
        if r == u32::from('"') || r == u32::from('\'') {
            self.ignore();
        }
        self.emit(ItemType::KeyStart)?;
        Ok(Some(State::KeyNameStart))
    }

    fn lex_key_name_start(&mut self) -> Step {
        self.skip(is_whitespace)?;
        let r = self.peek()?;
        if r == u32::from('=') || r == EOF {
            return Ok(self.errorf("unexpected '='".into()));
        }
        if r == u32::from('.') {
            return Ok(self.errorf("unexpected '.'".into()));
        }
        if r == u32::from('"') || r == u32::from('\'') {
            self.ignore();
            self.push(State::KeyEnd);
            return Ok(Some(State::QuotedName));
        }
        self.push(State::KeyEnd);
        Ok(Some(State::BareName))
    }

    fn lex_key_end(&mut self) -> Step {
        self.skip(is_whitespace)?;
        let r = self.next()?;
        if is_whitespace(r) {
            self.ignore();
            return Ok(Some(State::KeyEnd));
        }
        if r == EOF {
            return Ok(self.errorf("unexpected EOF; expected key separator '='".into()));
        }
        if r == u32::from('.') {
            self.ignore();
            return Ok(Some(State::KeyNameStart));
        }
        if r == u32::from('=') {
            self.emit(ItemType::KeyEnd)?;
            self.ignore();
            return Ok(Some(State::Value));
        }
        let message = format!("expected '.' or '=', but got {} instead", quote_rune(r));
        if r == u32::from('\n') && self.version >= BurntSushiToml::V1_5 {
            return Ok(self.error_prev_line(message));
        }
        Ok(self.errorf(message))
    }

    fn lex_value(&mut self) -> Step {
        let r = self.next()?;
        if is_whitespace(r) {
            self.ignore();
            return Ok(Some(State::Value));
        }
        if is_digit(r) {
            self.backup()?;
            return Ok(Some(State::NumberOrDateStart));
        }
        match char::from_u32(r) {
            Some('[') => {
                self.ignore();
                self.emit(ItemType::Array)?;
                return Ok(Some(State::ArrayValue));
            }
            Some('{') => {
                self.ignore();
                self.emit(ItemType::InlineTableStart)?;
                return Ok(Some(State::InlineTableValue));
            }
            Some('"') => {
                if self.accept('"')? {
                    if self.accept('"')? {
                        self.ignore();
                        return Ok(Some(State::MultilineString));
                    }
                    self.backup()?;
                }
                self.ignore();
                return Ok(Some(State::String));
            }
            Some('\'') => {
                if self.accept('\'')? {
                    if self.accept('\'')? {
                        self.ignore();
                        return Ok(Some(State::MultilineRawString));
                    }
                    self.backup()?;
                }
                self.ignore();
                return Ok(Some(State::RawString));
            }
            Some('.') => {
                return Ok(self.errorf("floats must start with a digit, not '.'".into()));
            }
            Some('i' | 'n') => {
                let special = (self.accept('n')? && self.accept('f')?)
                    || (self.accept('a')? && self.accept('n')?);
                if special {
                    self.emit(ItemType::Float)?;
                    return self.pop();
                }
            }
            Some('-' | '+') => return Ok(Some(State::DecimalNumberStart)),
            _ => {}
        }
        if is_letter(r) {
            self.backup()?;
            return Ok(Some(State::Bool));
        }
        if r == EOF {
            return Ok(self.errorf("unexpected EOF; expected value".into()));
        }
        let message = format!("expected value but found {} instead", quote_rune(r));
        if r == u32::from('\n') && self.version >= BurntSushiToml::V1_5 {
            return Ok(self.error_prev_line(message));
        }
        Ok(self.errorf(message))
    }

    /// What the states between the values of an array or an inline table do first: whitespace
    /// is skipped, and a newline too where `newlines` (an array; an inline table from TOML
    /// 1.1) — else it is an error on the line before —, and a comment is read; each leads back
    /// to `state`. `None`: `r` is none of these, the state goes on with it.
    fn between_values(&mut self, r: u32, state: State, newlines: bool) -> Option<Step> {
        if is_whitespace(r) || (newlines && is_nl(r)) {
            self.ignore();
            return Some(Ok(Some(state)));
        }
        if is_nl(r) {
            let message = "newlines not allowed within inline tables".into();
            return Some(Ok(self.error_prev_line(message)));
        }
        if r == u32::from('#') {
            self.push(state);
            return Some(Ok(Some(State::CommentStart)));
        }
        None
    }

    fn lex_array_value(&mut self) -> Step {
        let r = self.next()?;
        if let Some(step) = self.between_values(r, State::ArrayValue, true) {
            return step;
        }
        if r == u32::from(',') {
            return Ok(self.errorf("unexpected comma".into()));
        }
        if r == u32::from(']') {
            return self.array_end();
        }
        self.backup()?;
        self.push(State::ArrayValueEnd);
        Ok(Some(State::Value))
    }

    fn lex_array_value_end(&mut self) -> Step {
        let r = self.next()?;
        if let Some(step) = self.between_values(r, State::ArrayValueEnd, true) {
            return step;
        }
        if r == u32::from(',') {
            self.ignore();
            return Ok(Some(State::ArrayValue));
        }
        if r == u32::from(']') {
            return self.array_end();
        }
        Ok(self.errorf(format!(
            "expected a comma (',') or array terminator (']'), but got {}",
            rune_or_eof(r)
        )))
    }

    /// `lexArrayEnd`, entered right after the `]`.
    fn array_end(&mut self) -> Step {
        self.ignore();
        self.emit(ItemType::ArrayEnd)?;
        self.pop()
    }

    /// `lexInlineTableEnd`, entered right after the `}`.
    fn inline_table_end(&mut self) -> Step {
        self.ignore();
        self.emit(ItemType::InlineTableEnd)?;
        self.pop()
    }

    fn lex_inline_table_value(&mut self) -> Step {
        let r = self.next()?;
        let newlines = self.toml_next();
        if let Some(step) = self.between_values(r, State::InlineTableValue, newlines) {
            return step;
        }
        if r == u32::from(',') {
            return Ok(self.errorf("unexpected comma".into()));
        }
        if r == u32::from('}') {
            return self.inline_table_end();
        }
        self.backup()?;
        self.push(State::InlineTableValueEnd);
        Ok(Some(State::KeyStart))
    }

    fn lex_inline_table_value_end(&mut self) -> Step {
        let r = self.next()?;
        let newlines = self.toml_next();
        if let Some(step) = self.between_values(r, State::InlineTableValueEnd, newlines) {
            return step;
        }
        if r == u32::from(',') {
            self.ignore();
            self.skip(is_whitespace)?;
            if self.peek()? == u32::from('}') {
                if self.toml_next() {
                    return Ok(Some(State::InlineTableValueEnd));
                }
                return Ok(self.errorf("trailing comma not allowed in inline tables".into()));
            }
            return Ok(Some(State::InlineTableValue));
        }
        if r == u32::from('}') {
            return self.inline_table_end();
        }
        Ok(self.errorf(format!(
            "expected a comma or an inline table terminator '}}', but got {} instead",
            rune_or_eof(r)
        )))
    }

    fn lex_string(&mut self) -> Step {
        let r = self.next()?;
        if r == EOF {
            return Ok(self.errorf("unexpected EOF; expected '\"'".into()));
        }
        if is_nl(r) {
            return Ok(self.error_prev_line("strings cannot contain newlines".into()));
        }
        if r == u32::from('\\') {
            self.push(State::String);
            return Ok(Some(State::StringEscape));
        }
        if r == u32::from('"') {
            self.backup()?;
            if self.esc {
                self.esc = false;
                self.emit(ItemType::StringEsc)?;
            } else {
                self.emit(ItemType::String)?;
            }
            self.next()?;
            self.ignore();
            return self.pop();
        }
        Ok(Some(State::String))
    }

    fn lex_multiline_string(&mut self) -> Step {
        let r = self.next()?;
        if r == EOF {
            return Ok(self.errorf("unexpected EOF; expected '\"\"\"'".into()));
        }
        if r == u32::from('\\') {
            return Ok(Some(State::MultilineStringEscape));
        }
        if r == u32::from('"') && self.accept('"')? {
            if self.accept('"')? {
                if self.peek()? == u32::from('"') {
                    let cur = self.current()?;
                    if cur.ends_with("\"\"\"\"\"") && !cur.ends_with("\\\"\"\"\"\"") {
                        return Ok(self.errorf("unexpected '\"\"\"\"\"\"'".into()));
                    }
                    self.backup()?;
                    self.backup()?;
                    return Ok(Some(State::MultilineString));
                }
                self.backup()?;
                self.backup()?;
                self.backup()?;
                self.esc = false;
                self.emit(ItemType::MultilineString)?;
                self.next()?;
                self.next()?;
                self.next()?;
                self.ignore();
                return self.pop();
            }
            self.backup()?;
        }
        Ok(Some(State::MultilineString))
    }

    fn lex_raw_string(&mut self) -> Step {
        let r = self.next()?;
        if r == EOF {
            return Ok(self.errorf("unexpected EOF; expected \"'\"".into()));
        }
        if is_nl(r) {
            return Ok(self.error_prev_line("strings cannot contain newlines".into()));
        }
        if r == u32::from('\'') {
            self.backup()?;
            self.emit(ItemType::RawString)?;
            self.next()?;
            self.ignore();
            return self.pop();
        }
        Ok(Some(State::RawString))
    }

    fn lex_multiline_raw_string(&mut self) -> Step {
        let r = self.next()?;
        if r == EOF {
            return Ok(self.errorf("unexpected EOF; expected \"'''\"".into()));
        }
        if r == u32::from('\'') && self.accept('\'')? {
            if self.accept('\'')? {
                if self.peek()? == u32::from('\'') {
                    if self.current()?.ends_with("'''''") {
                        return Ok(self.errorf("unexpected \"''''''\"".into()));
                    }
                    self.backup()?;
                    self.backup()?;
                    return Ok(Some(State::MultilineRawString));
                }
                self.backup()?;
                self.backup()?;
                self.backup()?;
                self.emit(ItemType::RawMultilineString)?;
                self.next()?;
                self.next()?;
                self.next()?;
                self.ignore();
                return self.pop();
            }
            self.backup()?;
        }
        Ok(Some(State::MultilineRawString))
    }

    fn lex_string_escape(&mut self) -> Step {
        self.esc = true;
        let r = self.next()?;
        match char::from_u32(r) {
            Some('e' | 'x') if !self.toml_next() => {
                Ok(self.error(format!("invalid escape in string '\\{}'", rune_text(r))))
            }
            Some('e' | 'b' | 't' | 'n' | 'f' | 'r' | '"' | ' ' | '\t' | '\\') => self.pop(),
            Some('x') => Ok(Some(State::HexEscape)),
            Some('u') => Ok(Some(State::ShortUnicodeEscape)),
            Some('U') => Ok(Some(State::LongUnicodeEscape)),
            _ => Ok(self.error(format!("invalid escape in string '\\{}'", rune_text(r)))),
        }
    }

    fn lex_hex_digits(&mut self, n: usize, count: &str, letter: char) -> Step {
        for _ in 0..n {
            let r = self.next()?;
            if !is_hex(r) {
                let cur = self.current()?;
                return Ok(self.errorf(format!(
                    "expected {count} hexadecimal digits after '\\{letter}', but got {} instead",
                    crate::go::quote(&cur)
                )));
            }
        }
        self.pop()
    }

    fn lex_based_integer(&mut self, again: State, digit: fn(u32) -> bool) -> Step {
        let r = self.next()?;
        if digit(r) || r == u32::from('_') {
            return Ok(Some(again));
        }
        self.backup()?;
        self.emit(ItemType::Integer)?;
        self.pop()
    }

    fn lex_decimal_number_start(&mut self) -> Step {
        let r = self.next()?;
        match char::from_u32(r) {
            Some('i') => {
                if !self.accept('n')? || !self.accept('f')? {
                    let cur = self.current()?;
                    return Ok(self.errorf(format!("invalid float: '{cur}'")));
                }
                self.emit(ItemType::Float)?;
                return self.pop();
            }
            Some('n') => {
                if !self.accept('a')? || !self.accept('n')? {
                    let cur = self.current()?;
                    return Ok(self.errorf(format!("invalid float: '{cur}'")));
                }
                self.emit(ItemType::Float)?;
                return self.pop();
            }
            Some('0') => {
                let p = self.peek()?;
                if matches!(char::from_u32(p), Some('b' | 'o' | 'x')) {
                    let cur = self.current()?;
                    return Ok(self.errorf(format!(
                        "cannot use sign with non-decimal numbers: '{cur}{}'",
                        rune_text(p)
                    )));
                }
            }
            Some('.') => {
                return Ok(self.errorf("floats must start with a digit, not '.'".into()));
            }
            _ => {}
        }
        if is_digit(r) {
            return Ok(Some(State::DecimalNumber));
        }
        Ok(self.errorf(format!("expected a digit but got {}", quote_rune(r))))
    }

    fn lex_base_number_or_date(&mut self) -> Step {
        let r = self.next()?;
        if is_digit(r) {
            return Ok(Some(State::NumberOrDate));
        }
        let (state, digit, words): (State, fn(u32) -> bool, &str) = match char::from_u32(r) {
            Some('_') => return Ok(Some(State::DecimalNumber)),
            Some('.' | 'e' | 'E') => return Ok(Some(State::Float)),
            Some('b') => (State::BinaryInteger, is_binary, "not a binary number"),
            Some('o') => (State::OctalInteger, is_octal, "not an octal number"),
            Some('x') if self.version == BurntSushiToml::V1_4 => {
                (State::HexInteger, is_hex, "not a hexidecimal number")
            }
            Some('x') => (State::HexInteger, is_hex, "not a hexadecimal number"),
            _ => {
                self.backup()?;
                self.emit(ItemType::Integer)?;
                return self.pop();
            }
        };
        let p = self.peek()?;
        if !digit(p) {
            let cur = self.current()?;
            // The library queues the error and lexes on (the parser stops at it).
            self.errorf(format!("{words}: '{cur}{}'", rune_text(p)));
        }
        Ok(Some(state))
    }

    fn lex_bool(&mut self) -> Step {
        let mut word = String::new();
        loop {
            let r = self.next()?;
            if !is_letter(r) {
                self.backup()?;
                break;
            }
            word.push_str(&rune_text(r));
        }
        if word == "true" || word == "false" {
            self.emit(ItemType::Bool)?;
            return self.pop();
        }
        Ok(self.errorf(format!(
            "expected value but found {} instead",
            crate::go::quote(&word)
        )))
    }
}
