//! Helm's `toYaml`: go-yaml v2 `encode.go` + `emitterc.go`, restricted to the events `toYaml`
//! can produce.

use std::borrow::Cow;

use super::resolve::{needs_quoting, resolve_scalar, Scalar};
use super::sort::{natural_less, sort_natural};
use crate::go::{format_float, format_json_float, small_integer, write_json_string, IntText};
use crate::value::Value;

/// Helm's `toYaml`: the value as go-yaml v2 writes it after a round trip through JSON, without
/// the final newline. `None` when the value holds NaN or an infinity (Helm prints `""`).
///
/// Block style with 2-space indentation and sequences not indented under their key, keys in
/// go-yaml's natural order ([`natural_less`]), numbers as their JSON text reads back (integral
/// floats as integers), strings quoted or written as literal blocks by go-yaml's rules, and
/// plain or quoted strings folded at spaces past column 80.
pub fn to_yaml(v: &Value) -> Option<String> {
    to_yaml_with(v, true)
}

pub(super) fn to_yaml_with(v: &Value, shortcuts: bool) -> Option<String> {
    let mut e = Emitter::new();
    e.shortcuts = shortcuts;
    e.emit_value(v, false, false)?;
    // Document end: go-yaml ends the document on a fresh line.
    e.write_indent();
    let mut out = e.out;
    if out.ends_with('\n') {
        out.pop();
    }
    Some(out)
}

/// `toYaml` piped to Sprig's `indent` (or `nindent`, with `newline_first`): the text of
/// indenting [`to_yaml`]'s result (`""` when it fails, as Helm's `toYaml` prints) by `pad`
/// spaces, written in one pass: the emitter puts the padding after every line feed it writes.
pub fn to_yaml_indented(v: &Value, newline_first: bool, pad: usize) -> String {
    let mut e = Emitter::new();
    if newline_first {
        e.out.push('\n');
    }
    push_spaces(&mut e.out, pad);
    let start = e.out.len();
    e.pad = pad;
    if e.emit_value(v, false, false).is_none() {
        e.out.truncate(start);
        return e.out;
    }
    e.write_indent();
    let mut out = e.out;
    // The final line feed and the padding after it.
    if out.as_bytes()[..out.len() - pad].ends_with(b"\n") {
        out.truncate(out.len() - pad - 1);
    }
    out
}

/// Appends `n` spaces.
pub(crate) fn push_spaces(out: &mut String, n: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = n;
    while left > 0 {
        let k = left.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        left -= k;
    }
}

/// The scalar styles go-yaml's encoder asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// The style go-yaml's encoder asks for a string (encode.go `stringv`): literal when there is
/// a newline, plain when the plain scalar would read back as this string, double-quoted
/// otherwise.
fn string_style(s: &str) -> Style {
    if s.contains('\n') {
        Style::Literal
    } else if needs_quoting(s) {
        Style::DoubleQuoted
    } else {
        Style::Plain
    }
}

/// A number's text in `toYaml`: what go-yaml reads back from its JSON text (an int64, a
/// uint64 or a float64) and writes; `None` for NaN and infinities. (The emitter writes
/// integral values below 1e15 itself: their JSON text reads back as that integer.)
fn float_text(f: f64) -> Option<String> {
    let json = format_json_float(f)?;
    Some(match resolve_scalar(&json) {
        Scalar::Int(i) => i.to_string(),
        Scalar::Uint(u) => u.to_string(),
        Scalar::Float(x) => format_float(x),
        _ => json,
    })
}

/// Whether a map's keys, as it iterates them, are already what go-yaml sorts and writes: JSON
/// leaves them as they are (printable ASCII, short enough), and they come in [`natural_less`]
/// order without digits (see [`sort_natural`]). The usual case, written without collecting.
fn keys_as_they_are(map: &crate::value::Map) -> bool {
    let mut prev: Option<&str> = None;
    map.keys().all(|k| {
        let plain = k.len() <= 128
            && k.bytes()
                .all(|b| (b' '..0x7F).contains(&b) && !b.is_ascii_digit());
        let ordered = prev.is_none_or(|p| !natural_less(k, p));
        prev = Some(k);
        plain && ordered
    })
}

/// A scalar the emitter writes as it is when asked for the plain style: ASCII letters, digits,
/// `_`, `.`, `/` and `-`, starting with a letter or digit. None of these is an indicator, a
/// space or a break, so the emitter's analysis allows the plain style and never folds.
fn is_simple_plain(text: &str) -> bool {
    let b = text.as_bytes();
    b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'/' | b'-'))
}

/// Whether go-yaml's reader accepts the character in its input (`yaml_parser_update_buffer`).
/// Go's JSON escapes everything below U+0020, so only these can reach it raw and fail.
fn yaml_reader_allows(c: char) -> bool {
    let c = c as u32;
    !(c == 0x7F || (0x80..=0x9F).contains(&c) && c != 0x85 || c == 0xFFFE || c == 0xFFFF)
}

/// The string go-yaml reads back from the JSON text Go writes for `s`, or `None` when go-yaml
/// cannot read that text (so Helm's `toYaml` prints `""`).
///
/// Go's JSON escapes every YAML line break except NEL (U+0085), which go-yaml then folds like
/// any raw line break inside a double-quoted scalar: one break becomes a space, `n` breaks
/// become `n - 1` newlines, and spaces around breaks are dropped. A line that then starts with
/// `--- ` or `... ` is a document marker, which is an error.
fn json_round_trip(s: &str) -> Option<Cow<'_, str>> {
    const NEL: char = '\u{85}';
    if s.bytes().all(|b| b < 0x7F) {
        // ASCII without DEL: nothing for go-yaml to reject or fold.
        return Some(Cow::Borrowed(s));
    }
    if !s.chars().all(yaml_reader_allows) {
        return None;
    }
    if !s.contains(NEL) {
        return Some(Cow::Borrowed(s));
    }
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let mut out = String::new();
    let mut i = 0;
    let mut at_line_start = false;
    loop {
        if at_line_start
            && (chars[i..].starts_with(&['-', '-', '-'])
                || chars[i..].starts_with(&['.', '.', '.']))
            && chars.get(i + 3).is_some_and(|&c| c == ' ' || c == NEL)
        {
            return None;
        }
        while i < n && chars[i] != ' ' && chars[i] != NEL {
            out.push(chars[i]);
            i += 1;
        }
        if i >= n {
            break;
        }
        let mut whitespaces = String::new();
        let mut leading_blanks = false;
        let mut trailing_breaks = 0;
        while i < n && (chars[i] == ' ' || chars[i] == NEL) {
            if chars[i] == ' ' {
                if !leading_blanks {
                    whitespaces.push(' ');
                }
                at_line_start = false;
            } else {
                if leading_blanks {
                    trailing_breaks += 1;
                } else {
                    whitespaces.clear();
                    leading_blanks = true;
                }
                at_line_start = true;
            }
            i += 1;
        }
        if !leading_blanks {
            out.push_str(&whitespaces);
        } else if trailing_breaks == 0 {
            out.push(' ');
        } else {
            out.extend(std::iter::repeat_n('\n', trailing_breaks));
        }
    }
    Some(Cow::Owned(out))
}

/// A map key as go-yaml reads it back from Go's JSON text. go-yaml cannot read keys that span
/// lines (a raw NEL) or whose JSON text (quotes included) is longer than 1024 characters: a
/// simple key must end within 1024 characters of its start.
fn json_round_trip_key(k: &str) -> Option<Cow<'_, str>> {
    if k.contains('\u{85}') {
        return None;
    }
    // Go writes at most six characters per byte (`\u00XX`) plus the quotes.
    if k.len() * 6 + 2 > 1024 {
        let mut quoted = String::new();
        write_json_string(&mut quoted, k, true);
        if quoted.chars().count() > 1024 {
            return None;
        }
    }
    json_round_trip(k)
}

const BEST_INDENT: isize = 2;
const BEST_WIDTH: usize = 80;

/// What `yaml_emitter_analyze_scalar` finds out about a scalar, for block context (the
/// flow-context flags are never consulted by `toYaml`).
struct Analysis {
    multiline: bool,
    block_plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

pub(crate) fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

pub(crate) fn is_blankz(c: char) -> bool {
    is_blank(c) || is_break(c) || c == '\0'
}

/// go-yaml's `is_printable`: the YAML printable set without tabs, carriage returns and NEL.
pub(crate) fn is_printable(c: char) -> bool {
    let c = c as u32;
    c == 0x0A
        || (0x20..=0x7E).contains(&c)
        || (0xA0..=0xD7FF).contains(&c)
        || ((0xE000..=0xFFFD).contains(&c) && c != 0xFEFF)
}

/// A scalar's characters: `char`s, or the bytes of an ASCII text (which the emitter then
/// reads without decoding it into `char`s).
trait Ch: Copy + Into<char> {}
impl Ch for char {}
impl Ch for u8 {}

/// [`analyze_scalar`] of an ASCII text on one line without control characters (the usual
/// description, image or command line), with whole-text tests; `None` for any other text.
fn analyze_ascii_line(b: &[u8]) -> Option<Analysis> {
    // No short-circuit, so that the compiler can test many bytes at once.
    let odd = b
        .iter()
        .fold(false, |odd, &c| odd | !(b' '..0x7F).contains(&c));
    if odd {
        return None;
    }
    let (&first, &last) = (b.first()?, b.last()?);
    let followed_by_space = |i: usize| b.get(i + 1).is_none_or(|&c| c == b' ');
    let first_indicator = match first {
        b'#' | b',' | b'[' | b']' | b'{' | b'}' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
        | b'"' | b'%' | b'@' | b'`' => true,
        b'?' | b':' | b'-' => followed_by_space(0),
        _ => false,
    };
    // Past the first character: `: ` (or a final `:`) and ` #`.
    let indicator = first_indicator
        || b.starts_with(b"---")
        || b.starts_with(b"...")
        || memchr::memchr2_iter(b':', b'#', b).any(|i| {
            i > 0
                && if b[i] == b':' {
                    followed_by_space(i)
                } else {
                    b[i - 1] == b' '
                }
        });
    let space_at_end = first == b' ' || last == b' ';
    Some(Analysis {
        multiline: false,
        block_plain_allowed: !space_at_end && !indicator,
        single_quoted_allowed: true,
        block_allowed: last != b' ',
    })
}

fn analyze_scalar<T: Ch>(value: &[T]) -> Analysis {
    if value.is_empty() {
        return Analysis {
            multiline: false,
            block_plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let starts = |m: char| value.len() >= 3 && value[..3].iter().all(|&c| c.into() == m);
    let mut block_indicators = starts('-') || starts('.');
    let mut line_breaks = false;
    let mut special_characters = false;
    let mut leading_space = false;
    let mut leading_break = false;
    let mut trailing_space = false;
    let mut trailing_break = false;
    let mut break_space = false;
    let mut space_break = false;
    let mut previous_space = false;
    let mut previous_break = false;

    let mut preceded_by_whitespace = true;
    let n = value.len();
    for (i, &c) in value.iter().enumerate() {
        let c: char = c.into();
        let followed_by_whitespace = i + 1 >= n || is_blank(value[i + 1].into());
        let indicator = if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => true,
                '?' | ':' | '-' => followed_by_whitespace,
                _ => false,
            }
        } else {
            match c {
                ':' => followed_by_whitespace,
                '#' => preceded_by_whitespace,
                _ => false,
            }
        };
        block_indicators |= indicator;
        if !is_printable(c) {
            special_characters = true;
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= i + 1 == n;
            break_space |= previous_break;
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= i + 1 == n;
            space_break |= previous_space;
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blankz(c);
    }

    let mut a = Analysis {
        multiline: line_breaks,
        block_plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break || line_breaks {
        a.block_plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special_characters {
        a.block_plain_allowed = false;
        a.single_quoted_allowed = false;
        a.block_allowed = false;
    }
    if block_indicators {
        a.block_plain_allowed = false;
    }
    a
}

/// The state of go-yaml v2's `yaml_emitter_t` that block-style output depends on. `toYaml`
/// only uses flow style for empty collections (`[]`, `{}`), so no scalar is ever written in
/// flow context and the emitter's flow level is always 0 where it matters.
struct Emitter {
    out: String,
    /// Characters (runes) written on the current line.
    column: usize,
    indent: isize,
    indents: Vec<isize>,
    whitespace: bool,
    indention: bool,
    mapping_context: bool,
    simple_key_context: bool,
    /// Take the shortcuts for simple plain scalars and for maps whose keys need no sorting
    /// (off in tests, to compare with the general paths).
    shortcuts: bool,
    /// Spaces written after every line feed, not counted in `column` ([`to_yaml_indented`]).
    pad: usize,
    /// The characters of the scalar being written, kept to be refilled for the next one.
    chars: Vec<char>,
}

impl Emitter {
    fn new() -> Self {
        // Room for a typical block (labels, resources, a container's env) without regrowing.
        Emitter {
            out: String::with_capacity(256),
            column: 0,
            indent: -1,
            indents: Vec::with_capacity(8),
            whitespace: true,
            indention: true,
            mapping_context: false,
            simple_key_context: false,
            shortcuts: true,
            pad: 0,
            chars: Vec::new(),
        }
    }

    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        push_spaces(&mut self.out, self.pad);
        self.column = 0;
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0).unsigned_abs();
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, indicator: &str, need_ws: bool, is_ws: bool, is_indention: bool) {
        if need_ws && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_ws;
        self.indention = self.indention && is_indention;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    /// Writes a value as go-yaml writes what it reads back from the value's JSON; `None` when
    /// that JSON cannot be written or read (NaN, infinities, characters go-yaml rejects): then
    /// what was written is to be dropped.
    fn emit_value(&mut self, v: &Value, mapping: bool, simple_key: bool) -> Option<()> {
        self.mapping_context = mapping;
        self.simple_key_context = simple_key;
        match v {
            Value::Null => self.emit_scalar("null", Style::Plain),
            Value::Bool(b) => self.emit_scalar(if *b { "true" } else { "false" }, Style::Plain),
            Value::Int(i) => self.emit_scalar(IntText::new(*i).as_str(), Style::Plain),
            Value::Float(f) => match small_integer(*f, 1e15) {
                // Its JSON text reads back as this integer: no string needed.
                Some(i) => self.emit_scalar(IntText::new(i).as_str(), Style::Plain),
                None => self.emit_scalar(&float_text(*f)?, Style::Plain),
            },
            Value::String(s) => {
                let s = json_round_trip(s)?;
                self.emit_scalar(&s, string_style(&s));
            }
            Value::List(items) if items.is_empty() => self.emit_empty_flow("[", "]"),
            Value::Map(map) if map.is_empty() => self.emit_empty_flow("{", "}"),
            Value::List(items) => {
                let indentless = self.mapping_context && !self.indention;
                self.increase_indent(false, indentless);
                for item in items {
                    self.write_indent();
                    self.write_indicator("-", true, false, true);
                    self.emit_value(item, false, false)?;
                }
                self.pop_indent();
            }
            Value::Map(map) => {
                self.increase_indent(false, false);
                if self.shortcuts && keys_as_they_are(map) {
                    for (key, value) in map {
                        self.emit_entry(key, value)?;
                    }
                } else {
                    let entries = map
                        .iter()
                        .map(|(k, item)| Some((json_round_trip_key(k)?, item)))
                        .collect::<Option<Vec<_>>>()?;
                    for (key, value) in sort_natural(entries) {
                        self.emit_entry(&key, value)?;
                    }
                }
                self.pop_indent();
            }
        }
        Some(())
    }

    /// One `key: value` of a block mapping.
    fn emit_entry(&mut self, key: &str, value: &Value) -> Option<()> {
        self.write_indent();
        self.mapping_context = true;
        if self.shortcuts && key.len() <= 128 && is_simple_plain(key) && !needs_quoting(key) {
            self.simple_key_context = true;
            self.emit_scalar(key, Style::Plain);
            self.write_indicator(":", false, false, false);
            return self.emit_value(value, true, false);
        }
        // yaml_emitter_check_simple_key: single-line and at most 128 bytes.
        let simple = key.len() <= 128 && !key.chars().any(is_break);
        if simple {
            self.simple_key_context = true;
            self.emit_scalar(key, string_style(key));
            self.write_indicator(":", false, false, false);
        } else {
            self.write_indicator("?", true, false, true);
            self.simple_key_context = false;
            self.emit_scalar(key, string_style(key));
            self.write_indent();
            self.write_indicator(":", true, false, true);
        }
        self.emit_value(value, true, false)
    }

    fn emit_empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.increase_indent(true, false);
        self.pop_indent();
        self.write_indicator(close, false, false, false);
    }

    fn emit_scalar(&mut self, text: &str, requested: Style) {
        if self.shortcuts && requested == Style::Plain && is_simple_plain(text) {
            // What the general path below does for such a scalar, without its analysis.
            if !self.whitespace {
                self.put(' ');
            }
            self.out.push_str(text);
            self.column += text.len();
            self.whitespace = false;
            self.indention = false;
            return;
        }
        if self.shortcuts && text.is_ascii() {
            let bytes = text.as_bytes();
            let a = analyze_ascii_line(bytes).unwrap_or_else(|| analyze_scalar(bytes));
            let style = self.select_style(&a, text.is_empty(), requested);
            if style == Style::Plain && !a.multiline {
                self.increase_indent(true, false);
                self.write_plain_line(text, !self.simple_key_context);
                self.pop_indent();
            } else {
                self.write_scalar(bytes, style);
            }
            return;
        }
        let mut value = std::mem::take(&mut self.chars);
        value.clear();
        value.extend(text.chars());
        let a = analyze_scalar(&value);
        let style = self.select_style(&a, value.is_empty(), requested);
        self.write_scalar(&value, style);
        self.chars = value;
    }

    /// The style go-yaml writes a scalar in (`yaml_emitter_select_scalar_style`).
    fn select_style(&self, a: &Analysis, empty: bool, requested: Style) -> Style {
        let mut style = requested;
        if self.simple_key_context && a.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain && (!a.block_plain_allowed || (empty && self.simple_key_context))
        {
            style = Style::SingleQuoted;
        }
        if style == Style::SingleQuoted && !a.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal && (!a.block_allowed || self.simple_key_context) {
            style = Style::DoubleQuoted;
        }
        style
    }

    /// [`emit_scalar`](Self::emit_scalar)'s general path: the scalar's characters in `style`.
    fn write_scalar<T: Ch>(&mut self, value: &[T], style: Style) {
        self.increase_indent(true, false);
        let allow_breaks = !self.simple_key_context;
        match style {
            Style::Plain => self.write_plain(value, allow_breaks),
            Style::SingleQuoted => self.write_single_quoted(value, allow_breaks),
            Style::DoubleQuoted => self.write_double_quoted(value, allow_breaks),
            Style::Literal => self.write_literal(value),
        }
        self.pop_indent();
    }

    /// [`write_plain`](Self::write_plain) of an ASCII text without line breaks, a word at a
    /// time.
    fn write_plain_line(&mut self, value: &str, allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let b = value.as_bytes();
        let mut spaces = false;
        let mut i = 0;
        while i < b.len() {
            if b[i] == b' ' {
                let next_is_space = b.get(i + 1) == Some(&b' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_is_space {
                    self.write_indent();
                } else {
                    self.put(' ');
                }
                spaces = true;
                i += 1;
            } else {
                let end = memchr::memchr(b' ', &b[i..]).map_or(b.len(), |k| i + k);
                self.out.push_str(&value[i..end]);
                self.column += end - i;
                self.indention = false;
                spaces = false;
                i = end;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_plain<T: Ch>(&mut self, value: &[T], allow_breaks: bool) {
        if !self.whitespace {
            self.put(' ');
        }
        let mut spaces = false;
        let mut breaks = false;
        for (i, &c) in value.iter().enumerate() {
            let c: char = c.into();
            if c == ' ' {
                let next_is_space = value.get(i + 1).is_some_and(|&n| n.into() == ' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_is_space {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted<T: Ch>(&mut self, value: &[T], allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let mut spaces = false;
        let mut breaks = false;
        let n = value.len();
        for (i, &c) in value.iter().enumerate() {
            let c: char = c.into();
            if c == ' ' {
                let next_is_space = value.get(i + 1).is_some_and(|&n| n.into() == ' ');
                if allow_breaks
                    && !spaces
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i + 1 < n
                    && !next_is_space
                {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_double_quoted<T: Ch>(&mut self, value: &[T], allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let mut spaces = false;
        let n = value.len();
        let starts_with_bom = value.first().is_some_and(|&c| c.into() == '\u{FEFF}');
        for (i, &c) in value.iter().enumerate() {
            let c: char = c.into();
            // go-yaml's `is_bom` looks at the start of the value, not at the current character,
            // so a value starting with U+FEFF has every character escaped.
            if !is_printable(c) || starts_with_bom || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                for e in escape(c) {
                    self.put(e);
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i > 0 && i + 1 < n {
                    self.write_indent();
                    if value.get(i + 1).is_some_and(|&n| n.into() == ' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_literal<T: Ch>(&mut self, value: &[T]) {
        self.write_indicator("|", true, false, false);
        // yaml_emitter_write_block_scalar_hints
        if value
            .first()
            .is_some_and(|&c| c.into() == ' ' || is_break(c.into()))
        {
            // The indentation indicator is best_indent (2).
            self.write_indicator("2", false, false, false);
        }
        let n = value.len();
        let chomp = match value.last() {
            Some(&last) if is_break(last.into()) => {
                if n == 1 || value.get(n - 2).is_some_and(|&c| is_break(c.into())) {
                    Some("+")
                } else {
                    None
                }
            }
            _ => Some("-"),
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
        self.put_break();
        self.indention = true;
        self.whitespace = true;
        let mut breaks = true;
        for &c in value {
            let c: char = c.into();
            if is_break(c) {
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

/// What go-yaml writes after the backslash for `c` in a double-quoted scalar: a one-letter
/// escape (`n`, `0`, `N`, …) or `x`/`u`/`U` and two, four or eight upper-case hex digits.
/// go-yaml v2 and v3 (`toYaml`, `toYamlPretty`) escape alike.
pub(crate) fn escape(c: char) -> impl Iterator<Item = char> {
    let short = match c {
        '\0' => Some('0'),
        '\u{7}' => Some('a'),
        '\u{8}' => Some('b'),
        '\t' => Some('t'),
        '\n' => Some('n'),
        '\u{b}' => Some('v'),
        '\u{c}' => Some('f'),
        '\r' => Some('r'),
        '\u{1b}' => Some('e'),
        '"' => Some('"'),
        '\\' => Some('\\'),
        '\u{85}' => Some('N'),
        '\u{a0}' => Some('_'),
        '\u{2028}' => Some('L'),
        '\u{2029}' => Some('P'),
        _ => None,
    };
    let v = c as u32;
    let (letter, width) = match short {
        Some(s) => (s, 0),
        None if v <= 0xFF => ('x', 2),
        None if v <= 0xFFFF => ('u', 4),
        None => ('U', 8),
    };
    std::iter::once(letter).chain((0..width).rev().map(move |k| {
        char::from_digit((v >> (k * 4)) & 0xF, 16)
            .unwrap_or('0')
            .to_ascii_uppercase()
    }))
}
