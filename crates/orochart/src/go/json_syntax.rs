//! The words of Go's `encoding/json` for a text that is not JSON: its scanner's
//! `SyntaxError`, found by walking the text with the scanner's states (`scanner.go`), so
//! `fromJson "{bad"` says `invalid character 'b' looking for beginning of object key
//! string` as Helm does. Only the message is made here; the value is read elsewhere.

/// Where the scanner is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    BeginValue,
    BeginValueOrEmpty,
    BeginStringOrEmpty,
    BeginString,
    EndValue,
    EndTop,
    InString,
    InStringEsc,
    /// `\u` and this many hex digits so far.
    InStringEscU(u8),
    Neg,
    One,
    Zero,
    Dot,
    Dot0,
    E,
    ESign,
    E0,
    /// Inside `true`, `false` or `null`: the literal and how many bytes of it were read.
    Literal(&'static str, usize),
}

/// `encoding/json`'s `maxNestingDepth`: objects and arrays open at once.
pub(crate) const MAX_DEPTH: usize = 10_000;

/// What an open object or array expects next.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Parse {
    ObjectKey,
    ObjectValue,
    ArrayValue,
}

/// Go's `quoteChar`: `'x'`, `'\''`, `'"'`, `'\n'`; a byte is the character of its value.
fn quote_char(c: u8) -> String {
    match c {
        b'\'' => "'\\''".to_owned(),
        b'"' => "'\"'".to_owned(),
        _ => {
            let q = super::quote(&char::from(c).to_string());
            format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

/// Go's error for `text`, or `None` when it is valid JSON. `v2` gives the words of the
/// `encoding/json` Helm 4.3 is built with (v1's API on v2's decoder): a text that ends
/// inside a literal or number is `unexpected end of JSON input`, a bad escape is
/// `invalid escape sequence `\x` in string`, a number's error is `in numeric literal`.
pub fn syntax_error(text: &str, v2: bool) -> Option<String> {
    scan(text.as_bytes(), v2).map(|(message, _)| message)
}

/// What Go's `json.Decoder` (`Decode` into `any`) makes of `text`, which reads one value and
/// leaves what follows it unread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// One JSON value, perhaps between white space.
    Value,
    /// One JSON value, then more than white space from this byte offset on: `Decode`
    /// returns the value.
    Trailing(usize),
    /// `Decode`'s error: `EOF` for a text of only white space, `unexpected EOF` for one that
    /// ends inside the value, else the scanner's syntax error (in `v2`'s words when asked).
    Error(String),
}

/// [`Decoded`] for `text`, which need not be UTF-8 (Go reads bytes).
pub fn decode(text: &[u8], v2: bool) -> Decoded {
    if text
        .iter()
        .all(|&c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
    {
        return Decoded::Error("EOF".to_owned());
    }
    match scan(text, v2) {
        None => Decoded::Value,
        // The decoder reads to the end of the text and finds no end of the value there.
        Some((_, at)) if at >= text.len() => Decoded::Error("unexpected EOF".to_owned()),
        Some((message, at)) if message.ends_with("after top-level value") => Decoded::Trailing(at),
        Some((message, _)) => Decoded::Error(message),
    }
}

/// The scanner's error for `text` and the byte offset it was found at (the text's length
/// when it was found at its end).
fn scan(text: &[u8], v2: bool) -> Option<(String, usize)> {
    let bytes = text;
    let mut state = State::BeginValue;
    let mut stack: Vec<Parse> = Vec::new();
    let mut escape_start = 0;
    let err = |c: u8, context: &str, at: usize| {
        Some((format!("invalid character {} {context}", quote_char(c)), at))
    };
    // The bytes, then a space at the end (Go's `eof` steps the scanner with a space).
    let mut i = 0;
    while i <= bytes.len() {
        let at_end = i == bytes.len();
        let c = bytes.get(i).copied().unwrap_or(b' ');
        let space = matches!(c, b' ' | b'\t' | b'\r' | b'\n');
        match state {
            State::BeginValueOrEmpty | State::BeginValue => {
                if space {
                    i += 1;
                    continue;
                }
                if at_end {
                    break;
                }
                if c == b']' && state == State::BeginValueOrEmpty {
                    stack.pop();
                    state = State::EndValue;
                    i += 1;
                    continue;
                }
                if matches!(c, b'{' | b'[') && stack.len() == MAX_DEPTH {
                    let message = if v2 {
                        "exceeded max depth".to_owned()
                    } else {
                        format!("invalid character {} exceeded max depth", quote_char(c))
                    };
                    return Some((message, i));
                }
                state = match c {
                    b'{' => {
                        stack.push(Parse::ObjectKey);
                        State::BeginStringOrEmpty
                    }
                    b'[' => {
                        stack.push(Parse::ArrayValue);
                        State::BeginValueOrEmpty
                    }
                    b'"' => State::InString,
                    b'-' => State::Neg,
                    b'0' => State::Zero,
                    b'1'..=b'9' => State::One,
                    b't' => State::Literal("true", 1),
                    b'f' => State::Literal("false", 1),
                    b'n' => State::Literal("null", 1),
                    _ if v2 && c >= 0x80 => {
                        // v2 names the character (a byte that is none, as `\xff`), v1 the
                        // byte.
                        let ch = (1..=4)
                            .filter_map(|n| text.get(i..i + n))
                            .find_map(|b| std::str::from_utf8(b).ok())
                            .and_then(|s| s.chars().next());
                        let q = match ch {
                            Some(ch) => {
                                let q = super::quote(&ch.to_string());
                                q[1..q.len() - 1].to_owned()
                            }
                            None => format!("\\x{c:02x}"),
                        };
                        let message =
                            format!("invalid character '{q}' looking for beginning of value");
                        return Some((message, i));
                    }
                    _ => return err(c, "looking for beginning of value", i),
                };
            }
            State::BeginStringOrEmpty | State::BeginString => {
                if space {
                    i += 1;
                    continue;
                }
                if at_end {
                    break;
                }
                if c == b'}' && state == State::BeginStringOrEmpty {
                    stack.pop();
                    state = State::EndValue;
                    i += 1;
                    continue;
                }
                if c != b'"' {
                    return err(c, "looking for beginning of object key string", i);
                }
                state = State::InString;
            }
            State::EndValue => {
                let Some(&top) = stack.last() else {
                    state = State::EndTop;
                    continue;
                };
                if space {
                    i += 1;
                    continue;
                }
                if at_end {
                    break;
                }
                match (top, c) {
                    (Parse::ObjectKey, b':') => {
                        stack.pop();
                        stack.push(Parse::ObjectValue);
                        state = State::BeginValue;
                    }
                    (Parse::ObjectKey, _) => return err(c, "after object key", i),
                    (Parse::ObjectValue, b',') => {
                        stack.pop();
                        stack.push(Parse::ObjectKey);
                        state = State::BeginString;
                    }
                    (Parse::ObjectValue, b'}') | (Parse::ArrayValue, b']') => {
                        stack.pop();
                    }
                    (Parse::ObjectValue, _) => return err(c, "after object key:value pair", i),
                    (Parse::ArrayValue, b',') => state = State::BeginValue,
                    (Parse::ArrayValue, _) => return err(c, "after array element", i),
                }
            }
            State::EndTop => {
                if !space && !at_end {
                    return err(c, "after top-level value", i);
                }
            }
            State::InString => {
                if at_end {
                    break;
                }
                match c {
                    b'"' => state = State::EndValue,
                    b'\\' => {
                        escape_start = i;
                        state = State::InStringEsc;
                    }
                    0..=0x1f if v2 => return err(c, "in string", i),
                    0..=0x1f => return err(c, "in string literal", i),
                    _ => {}
                }
            }
            State::InStringEsc => {
                if at_end {
                    break;
                }
                state = match c {
                    b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => State::InString,
                    b'u' => State::InStringEscU(0),
                    _ if v2 => return Some((bad_escape(text, escape_start, i), i)),
                    _ => return err(c, "in string escape code", i),
                };
            }
            State::InStringEscU(n) => {
                if at_end {
                    break;
                }
                if !c.is_ascii_hexdigit() {
                    if v2 {
                        return Some((bad_escape(text, escape_start, i), i));
                    }
                    return err(c, "in \\u hexadecimal character escape", i);
                }
                state = if n == 3 {
                    State::InString
                } else {
                    State::InStringEscU(n + 1)
                };
            }
            State::Neg | State::Dot | State::ESign | State::Literal(..) if at_end && v2 => break,
            State::Neg => {
                state = match c {
                    b'0' => State::Zero,
                    b'1'..=b'9' => State::One,
                    _ => return err(c, "in numeric literal", i),
                };
            }
            State::One | State::Zero | State::Dot0 | State::E0 => {
                let next = match (state, c) {
                    (State::One, b'0'..=b'9') => Some(State::One),
                    (State::One | State::Zero, b'.') => Some(State::Dot),
                    (State::One | State::Zero | State::Dot0, b'e' | b'E') => Some(State::E),
                    (State::Dot0, b'0'..=b'9') => Some(State::Dot0),
                    (State::E0, b'0'..=b'9') => Some(State::E0),
                    _ => None,
                };
                match next {
                    Some(s) => state = s,
                    None => {
                        state = State::EndValue;
                        continue;
                    }
                }
            }
            State::Dot => {
                if !c.is_ascii_digit() {
                    let context = if v2 {
                        "in numeric literal"
                    } else {
                        "after decimal point in numeric literal"
                    };
                    return err(c, context, i);
                }
                state = State::Dot0;
            }
            State::E => {
                state = State::ESign;
                if c == b'+' || c == b'-' {
                    i += 1;
                }
                continue;
            }
            State::ESign => {
                if !c.is_ascii_digit() {
                    let context = if v2 {
                        "in numeric literal"
                    } else {
                        "in exponent of numeric literal"
                    };
                    return err(c, context, i);
                }
                state = State::E0;
            }
            State::Literal(word, n) => {
                let want = word.as_bytes()[n];
                if c != want {
                    return err(
                        c,
                        &format!("in literal {word} (expecting {})", quote_char(want)),
                        i,
                    );
                }
                state = if n + 1 == word.len() {
                    State::EndValue
                } else {
                    State::Literal(word, n + 1)
                };
            }
        }
        i += 1;
    }
    if state == State::EndTop || (state == State::EndValue && stack.is_empty()) {
        None
    } else {
        Some(("unexpected end of JSON input".to_owned(), bytes.len()))
    }
}

/// v2's words for a bad escape: the backslash and the byte after it, or for `\u` the six
/// bytes a `\uXXXX` would take (as many as there are); Go-quoted when they are not UTF-8
/// (`"\\\xc3"`).
fn bad_escape(text: &[u8], start: usize, bad: usize) -> String {
    let end = if text.get(start + 1) == Some(&b'u') {
        (start + 6).min(text.len())
    } else {
        bad + 1
    };
    let escape = text.get(start..end).unwrap_or(b"");
    match std::str::from_utf8(escape) {
        Ok(s) => format!("invalid escape sequence `{s}` in string"),
        Err(_) => {
            let quoted: String = escape
                .iter()
                .map(|&b| match b {
                    b'\\' => "\\\\".to_owned(),
                    b'"' => "\\\"".to_owned(),
                    0x20..=0x7e => char::from(b).to_string(),
                    _ => format!("\\x{b:02x}"),
                })
                .collect();
            format!("invalid escape sequence \"{quoted}\" in string")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::syntax_error;

    /// Each expected message is what `fromJson` printed under Helm 3.17.2 (v1) and 4.3.1
    /// (v2) for the same text.
    #[test]
    fn syntax_errors_are_worded_as_go_words_them() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "{bad",
                "invalid character 'b' looking for beginning of object key string",
                "invalid character 'b' looking for beginning of object key string",
            ),
            (
                "{\"a\" 1}",
                "invalid character '1' after object key",
                "invalid character '1' after object key",
            ),
            (
                "{\"a\":1,}",
                "invalid character '}' looking for beginning of object key string",
                "invalid character '}' looking for beginning of object key string",
            ),
            (
                "{\"a\":1 \"b\":2}",
                "invalid character '\"' after object key:value pair",
                "invalid character '\"' after object key:value pair",
            ),
            (
                "[1 2]",
                "invalid character '2' after array element",
                "invalid character '2' after array element",
            ),
            (
                "01",
                "invalid character '1' after top-level value",
                "invalid character '1' after top-level value",
            ),
            (
                "[1]]",
                "invalid character ']' after top-level value",
                "invalid character ']' after top-level value",
            ),
            (
                "\"\\x\"",
                "invalid character 'x' in string escape code",
                "invalid escape sequence `\\x` in string",
            ),
            (
                "\"\\u12\"",
                "invalid character '\"' in \\u hexadecimal character escape",
                "invalid escape sequence `\\u12\"` in string",
            ),
            (
                "tru",
                "invalid character ' ' in literal true (expecting 'e')",
                "unexpected end of JSON input",
            ),
            (
                "nul",
                "invalid character ' ' in literal null (expecting 'l')",
                "unexpected end of JSON input",
            ),
            (
                "-",
                "invalid character ' ' in numeric literal",
                "unexpected end of JSON input",
            ),
            (
                "1.e5",
                "invalid character 'e' after decimal point in numeric literal",
                "invalid character 'e' in numeric literal",
            ),
            (
                "{\"a\":tx}",
                "invalid character 'x' in literal true (expecting 'r')",
                "invalid character 'x' in literal true (expecting 'r')",
            ),
            (
                "{\"a\":1",
                "unexpected end of JSON input",
                "unexpected end of JSON input",
            ),
            (
                "[1,2",
                "unexpected end of JSON input",
                "unexpected end of JSON input",
            ),
            (
                "\"abc",
                "unexpected end of JSON input",
                "unexpected end of JSON input",
            ),
            (
                "\"a\tb\"",
                "invalid character '\\t' in string literal",
                "invalid character '\\t' in string",
            ),
            (
                "é",
                "invalid character 'Ã' looking for beginning of value",
                "invalid character 'é' looking for beginning of value",
            ),
        ];
        for (text, v1, v2) in cases {
            assert_eq!(syntax_error(text, false).as_deref(), Some(*v1), "{text}");
            assert_eq!(syntax_error(text, true).as_deref(), Some(*v2), "{text}");
        }
        for ok in [
            "{}",
            "[]",
            " {\"a\": [1, -2.5e+3, true, null, \"\\u00e9\\n\"]} ",
            "0",
            "\"\"",
        ] {
            assert_eq!(syntax_error(ok, false), None, "{ok}");
            assert_eq!(syntax_error(ok, true), None, "{ok}");
        }
    }

    /// `json.Decoder`'s `Decode`, as Helm reads a `values.schema.json` (3.17.2 and 4.3.1
    /// printed each).
    #[test]
    fn the_decoder_reads_one_value() {
        use super::{decode, Decoded};
        let decode_str = |s: &str, v2: bool| decode(s.as_bytes(), v2);
        let error = |s: &str| Decoded::Error(s.to_owned());
        for v2 in [false, true] {
            assert_eq!(decode_str("", v2), error("EOF"));
            assert_eq!(decode_str(" \n\t", v2), error("EOF"));
            assert_eq!(decode_str("{\"a\":", v2), error("unexpected EOF"));
            assert_eq!(decode_str("tru", v2), error("unexpected EOF"));
            assert_eq!(decode_str("1.", v2), error("unexpected EOF"));
            assert_eq!(
                decode_str("{\"a\":1,}", v2),
                error("invalid character '}' looking for beginning of object key string")
            );
            assert_eq!(decode_str("{} x", v2), Decoded::Trailing(3));
            assert_eq!(decode_str("5x", v2), Decoded::Trailing(1));
            assert_eq!(decode_str("{\"a\":1}\n", v2), Decoded::Value);
        }
        assert_eq!(
            decode_str("{\"a\":1.e5}", false),
            error("invalid character 'e' after decimal point in numeric literal")
        );
        assert_eq!(
            decode_str("{\"a\":1.e5}", true),
            error("invalid character 'e' in numeric literal")
        );
        // Bytes that are no UTF-8 (Helm 3.17.2, 4.3.1): v1 names the byte, v2 quotes it.
        assert_eq!(
            decode(b"{\"a\":\xff}", false),
            error("invalid character '\u{ff}' looking for beginning of value")
        );
        assert_eq!(
            decode(b"{\"a\":\xff}", true),
            error("invalid character '\\xff' looking for beginning of value")
        );
        assert_eq!(
            decode(b"{\"a\":\"\\\xc3\xa9\"}", true),
            error("invalid escape sequence \"\\\\\\xc3\" in string")
        );
        // v2 shows a bad `\u` escape as the six bytes it would take.
        assert_eq!(
            decode_str("{\"a\":\"\\u1x\"}", true),
            error("invalid escape sequence `\\u1x\"}` in string")
        );
        assert_eq!(
            decode(b"{\"a\":\"\\u1\xc3\xa9\"}", true),
            error("invalid escape sequence `\\u1\u{e9}\"` in string")
        );
    }
}
