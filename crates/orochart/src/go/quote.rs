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

/// The Unicode version of a Helm's Go, which decides what Go's quoting keeps as is
/// (`strconv.IsPrint`): a character new in a later version is escaped (`\u1c89`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnicodeVersion {
    /// Unicode 15.0.0: Go 1.21 to 1.26 (Helm 3.17 to 4.2).
    V15_0,
    /// Unicode 17.0.0: Go 1.27 (Helm 4.3).
    #[default]
    V17_0,
}

thread_local! {
    static UNICODE: std::cell::Cell<UnicodeVersion> =
        const { std::cell::Cell::new(UnicodeVersion::V17_0) };
}

/// Sets the Unicode version this thread's quoting follows from now on: the render's Helm's
/// (each engine sets it as it takes the profile's function wording).
pub(crate) fn set_unicode(version: UnicodeVersion) {
    UNICODE.with(|u| u.set(version));
}

/// The Unicode version this thread follows ([`set_unicode`]).
pub(crate) fn unicode_version() -> UnicodeVersion {
    UNICODE.with(std::cell::Cell::get)
}

/// Whether `c` is printable (so assigned) in Unicode 17.0 but not in 15.0: a character Go
/// reads differently before 1.27 (in no category, escaped when quoted).
pub(crate) fn is_newer_than_unicode_15(c: char) -> bool {
    let cp = c as u32;
    cp >= 0x80
        && super::in_ranges(super::printable::UNICODE_17_0, cp)
        && !super::in_ranges(super::printable::UNICODE_15_0, cp)
}

/// Go's `strconv.IsPrint` (`unicode.IsPrint`): letters, marks, numbers, punctuation and
/// symbols of the Unicode version this thread follows ([`set_unicode`]), and U+0020; not
/// spaces, controls, format or private-use characters, surrogates, or unassigned code
/// points.
pub(crate) fn is_print(c: char) -> bool {
    let cp = c as u32;
    if cp < 0x80 {
        return (0x20..0x7f).contains(&cp);
    }
    let table = match unicode_version() {
        UnicodeVersion::V15_0 => super::printable::UNICODE_15_0,
        UnicodeVersion::V17_0 => super::printable::UNICODE_17_0,
    };
    super::in_ranges(table, cp)
}
