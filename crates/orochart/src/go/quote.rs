//! Go's `strconv.Quote` and `QuoteRune` (what `%q` prints) and `strconv.IsPrint`.

/// Go's `strconv.Quote` (what `%q` prints for a string).
pub fn quote(s: &str) -> String {
    quote_string(s, false)
}

/// Go's `strconv.QuoteToASCII` (what `%+q` prints): `quote` with every non-ASCII character
/// escaped too.
pub fn quote_ascii(s: &str) -> String {
    quote_string(s, true)
}

fn quote_string(s: &str, ascii: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_escaped(&mut out, c, '"', ascii);
    }
    out.push('"');
    out
}

/// `strconv.Quote` (or `QuoteToASCII` when `ascii`) of a Go string that is not valid UTF-8:
/// each invalid byte is escaped `\xff`.
pub(crate) fn quote_bytes(b: &[u8], ascii: bool) -> String {
    let mut out = String::with_capacity(b.len() + 2);
    out.push('"');
    for r in super::runes(b) {
        match r {
            Ok(c) => push_escaped(&mut out, c, '"', ascii),
            Err(byte) => out.push_str(&format!("\\x{byte:02x}")),
        }
    }
    out.push('"');
    out
}

/// Go's `strconv.QuoteRune`, or `QuoteRuneToASCII` when `ascii` (`%q` and `%+q` of a rune).
pub fn quote_rune(c: char, ascii: bool) -> String {
    let mut s = String::from('\'');
    push_escaped(&mut s, c, '\'', ascii);
    s.push('\'');
    s
}

/// What `%q` prints for a `[]rune`: each rune quoted as by `strconv.QuoteRune`, space separated,
/// in brackets (`['x' 'y']`).
pub(crate) fn quote_runes(runes: &[char]) -> String {
    let items: Vec<String> = runes.iter().map(|&c| quote_rune(c, false)).collect();
    format!("[{}]", items.join(" "))
}

fn push_escaped(out: &mut String, c: char, quote: char, ascii: bool) {
    if c == quote || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if is_print(c) && (!ascii || c.is_ascii()) {
        out.push(c);
        return;
    }
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        c if (c as u32) < 0x20 || c as u32 == 0x7f => {
            out.push_str(&format!("\\x{:02x}", c as u32));
        }
        c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
        c => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
}

/// Go's `strconv.IsPrint`, approximated without Unicode category tables: controls, spaces other
/// than U+0020, format characters and private-use characters are not printable. (Go also treats
/// unassigned code points as not printable; we print them.)
pub(crate) fn is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(c as u32,
        0xAD
        | 0x600..=0x605
        | 0x61C
        | 0x6DD
        | 0x70F
        | 0x890..=0x891
        | 0x8E2
        | 0x180E
        | 0x200B..=0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x2064
        | 0x2066..=0x206F
        | 0xE000..=0xF8FF
        | 0xFEFF
        | 0xFFF9..=0xFFFB
        | 0xFFFE..=0xFFFF
        | 0x110BD
        | 0x110CD
        | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A
        | 0xE0001
        | 0xE0020..=0xE007F
        | 0xF0000..=0x10FFFF)
}
