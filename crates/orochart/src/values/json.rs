//! One JSON value read the way Go's `json.Decoder.Decode` into `interface{}` reads it, for
//! `--set-json`: leading whitespace skipped, exactly one value consumed (whatever follows is
//! left for the `--set` key grammar), numbers as `float64`, duplicate object keys last-wins,
//! invalid surrogate escapes replaced by U+FFFD.

use crate::value::{Map, Value};

/// Go's `maxNestingDepth` is 10000; we stop earlier to keep the recursion shallow.
const MAX_DEPTH: usize = super::MAX_DEPTH;

/// Decodes one value at the start of `s`; returns it and the number of bytes consumed (Go's
/// `InputOffset`). The error text is not shown to users (Helm prints only the argument).
pub(super) fn decode_prefix(s: &str) -> Result<(Value, usize), String> {
    let mut d = Decoder {
        b: s.as_bytes(),
        s,
        i: 0,
    };
    d.skip_ws();
    let v = d.value(0)?;
    Ok((v, d.i))
}

struct Decoder<'a> {
    b: &'a [u8],
    s: &'a str,
    i: usize,
}

impl Decoder<'_> {
    fn skip_ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn err<T>(&self, what: &str) -> Result<T, String> {
        Err(format!("{what} at offset {}", self.i))
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return self.err("exceeded max depth");
        }
        match self.b.get(self.i) {
            None => self.err("unexpected end of JSON input"),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => self.err("invalid character looking for beginning of value"),
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, String> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            self.err("invalid literal")
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.b.get(self.i), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.i;
        if self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        match self.b.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return self.err("invalid character in numeric literal"),
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return self.err("invalid character after decimal point in numeric literal");
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return self.err("invalid character in exponent of numeric literal");
            }
        }
        let text = &self.s[start..self.i];
        match text.parse::<f64>() {
            // Go: `cannot unmarshal number 1e400 into Go value of type float64`.
            Ok(f) if f.is_finite() => Ok(Value::Float(f)),
            _ => Err(format!("cannot unmarshal number {text} into float64")),
        }
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let h = self.b.get(at..at + 4)?;
        let h = std::str::from_utf8(h).ok()?;
        if !h.bytes().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(h, 16).ok()
    }

    fn string(&mut self) -> Result<String, String> {
        self.i += 1; // opening quote
        let mut out = String::new();
        loop {
            let start = self.i;
            while let Some(&c) = self.b.get(self.i) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.push_str(&self.s[start..self.i]);
            match self.b.get(self.i) {
                None => return self.err("unexpected end of JSON input"),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let esc = self.b.get(self.i + 1).copied();
                    self.i += 2;
                    match esc {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let Some(r) = self.hex4(self.i) else {
                                return self.err("invalid character in \\u hexadecimal escape");
                            };
                            self.i += 4;
                            if (0xD800..0xE000).contains(&r) {
                                // Go: a valid surrogate pair is combined; anything else is
                                // U+FFFD and the following escape is read on its own.
                                let low = if self.b.get(self.i..self.i + 2) == Some(b"\\u") {
                                    self.hex4(self.i + 2)
                                } else {
                                    None
                                };
                                match low {
                                    Some(lo)
                                        if (0xD800..0xDC00).contains(&r)
                                            && (0xDC00..0xE000).contains(&lo) =>
                                    {
                                        let c = 0x10000 + ((r - 0xD800) << 10) + (lo - 0xDC00);
                                        out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                                        self.i += 6;
                                    }
                                    _ => out.push('\u{FFFD}'),
                                }
                            } else {
                                out.push(char::from_u32(r).unwrap_or('\u{FFFD}'));
                            }
                        }
                        _ => return self.err("invalid character in string escape code"),
                    }
                }
                Some(_) => return self.err("invalid character in string literal"),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, String> {
        self.i += 1;
        let mut out = Vec::new();
        self.skip_ws();
        if self.b.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(Value::List(out));
        }
        loop {
            self.skip_ws();
            out.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Value::List(out));
                }
                None => return self.err("unexpected end of JSON input"),
                Some(_) => return self.err("invalid character after array element"),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, String> {
        self.i += 1;
        let mut out = Map::new();
        self.skip_ws();
        if self.b.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(Value::Map(out));
        }
        loop {
            self.skip_ws();
            if self.b.get(self.i) != Some(&b'"') {
                return self.err("invalid character looking for beginning of object key string");
            }
            let key = self.string()?;
            self.skip_ws();
            if self.b.get(self.i) != Some(&b':') {
                return self.err("invalid character after object key");
            }
            self.i += 1;
            self.skip_ws();
            let v = self.value(depth + 1)?;
            out.insert(key, v);
            self.skip_ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(Value::Map(out));
                }
                None => return self.err("unexpected end of JSON input"),
                Some(_) => return self.err("invalid character after object key:value pair"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> (Value, usize) {
        match decode_prefix(s) {
            Ok(r) => r,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    #[test]
    fn decodes_one_value_and_reports_its_end() {
        assert_eq!(ok("1,b=2"), (Value::Float(1.0), 1));
        assert_eq!(ok(" true x"), (Value::Bool(true), 5));
        assert_eq!(ok("[1, {\"a\": null}]z").1, 16);
        // Go reads `0` and leaves `1` (`01` is then an error in the key grammar).
        assert_eq!(ok("01"), (Value::Float(0.0), 1));
        assert_eq!(ok("\"x\\ud800y\""), (Value::from("x\u{FFFD}y"), 10));
        assert_eq!(ok("\"\\ud83d\\ude00\"").0, Value::from("😀"));
        assert_eq!(
            ok("12345678901234567890").0,
            Value::Float(1.2345678901234567e19)
        );
    }

    #[test]
    fn rejects_what_go_rejects() {
        for s in [
            "",
            "tru",
            "1.",
            "-",
            "1e",
            "[1,]",
            "{\"a\" 1}",
            "1e400",
            "\"a\u{1}\"",
            "'a'",
        ] {
            assert!(decode_prefix(s).is_err(), "{s:?}");
        }
    }
}
