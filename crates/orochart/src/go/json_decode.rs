//! `json.Unmarshal` into an `interface{}`, `map[string]interface{}` or `[]interface{}` as Go
//! does it where a general JSON reader would stop: a text nested up to Go's 10,000 levels
//! (read without recursion), a lone UTF-16 surrogate escape (`"\ud800"` is U+FFFD), and a
//! number past float64's range (`1e400`), which Go reports as an `UnmarshalTypeError` after
//! reading the rest: the value is kept with that number as nil (v1) or 0 (v2, Helm 4.3),
//! and the first such error is given beside it.
//!
//! The text is checked first with Go's scanner ([`super::json_syntax_error`]), as
//! `json.Unmarshal` does, so the reading below meets only valid JSON.

use crate::value::{Map, Value};

/// A JSON text read as Go reads it.
pub(crate) struct Decoded {
    /// The value, with each out-of-range number as Go leaves it.
    pub value: Value,
    /// The first `UnmarshalTypeError`, in the words of the `encoding/json` in use.
    pub error: Option<String>,
}

/// An object or array being read, with what it holds so far.
enum Open {
    Array(Vec<Value>),
    /// The members read, and the name of the one being read.
    Object(Vec<(String, Value)>, String),
}

/// Reads `text` as `json.Unmarshal` into an `interface{}` (v2: the `encoding/json` Helm 4.3
/// is built with). `Err` is the scanner's syntax error.
pub(crate) fn decode(text: &str, v2: bool) -> Result<Decoded, String> {
    if let Some(e) = super::json_syntax_error(text, v2) {
        return Err(e);
    }
    let mut reader = Reader {
        b: text.as_bytes(),
        i: 0,
        v2,
        error: None,
    };
    let value = reader.read();
    Ok(Decoded {
        value,
        error: reader.error,
    })
}

struct Reader<'t> {
    b: &'t [u8],
    i: usize,
    v2: bool,
    error: Option<String>,
}

impl Reader<'_> {
    fn peek(&self) -> u8 {
        self.b.get(self.i).copied().unwrap_or(0)
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), b' ' | b'\t' | b'\r' | b'\n') {
            self.i += 1;
        }
    }

    /// The whole (valid) text's value, one open object or array at a time.
    fn read(&mut self) -> Value {
        let mut open: Vec<Open> = Vec::new();
        loop {
            self.skip_space();
            let mut value = match self.peek() {
                b'{' => {
                    self.i += 1;
                    self.skip_space();
                    if self.peek() == b'}' {
                        self.i += 1;
                        Value::Map(Map::new())
                    } else {
                        let name = self.member_name();
                        open.push(Open::Object(Vec::new(), name));
                        continue;
                    }
                }
                b'[' => {
                    self.i += 1;
                    self.skip_space();
                    if self.peek() == b']' {
                        self.i += 1;
                        Value::List(Vec::new())
                    } else {
                        open.push(Open::Array(Vec::new()));
                        continue;
                    }
                }
                b'"' => Value::String(self.string()),
                b't' => self.literal(4, Value::Bool(true)),
                b'f' => self.literal(5, Value::Bool(false)),
                b'n' => self.literal(4, Value::Null),
                _ => self.number(&open),
            };
            // The value completes its container, and maybe theirs.
            loop {
                self.skip_space();
                let Some(top) = open.last_mut() else {
                    return value;
                };
                let more = self.peek() == b',';
                self.i += 1;
                match top {
                    Open::Array(items) => {
                        items.push(value);
                        if more {
                            break;
                        }
                    }
                    Open::Object(members, name) => {
                        members.push((std::mem::take(name), value));
                        if more {
                            *name = self.member_name();
                            break;
                        }
                    }
                }
                value = match open.pop() {
                    Some(Open::Array(items)) => Value::List(items),
                    // Of two members with one name the later is kept, as Go's map does.
                    Some(Open::Object(members, _)) => Value::Map(Map::from_entries(members)),
                    None => Value::Null,
                };
            }
        }
    }

    fn literal(&mut self, len: usize, value: Value) -> Value {
        self.i += len;
        value
    }

    /// An object member's name and the colon after it.
    fn member_name(&mut self) -> String {
        self.skip_space();
        let name = self.string();
        self.skip_space();
        self.i += 1;
        name
    }

    /// A string at `"`, unescaped as Go's `unquote` does: a surrogate escape that does not
    /// pair with the next one is U+FFFD.
    fn string(&mut self) -> String {
        self.i += 1;
        let start = self.i;
        while !matches!(self.peek(), b'"' | b'\\') {
            self.i += 1;
        }
        let plain = String::from_utf8_lossy(&self.b[start..self.i]);
        if self.peek() == b'"' {
            self.i += 1;
            return plain.into_owned();
        }
        let mut out = plain.into_owned();
        loop {
            match self.peek() {
                b'"' => {
                    self.i += 1;
                    return out;
                }
                b'\\' => {
                    let e = self.b.get(self.i + 1).copied().unwrap_or(b'"');
                    self.i += 2;
                    match e {
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let first = self.hex4();
                            out.push(self.utf16(first));
                        }
                        other => out.push(char::from(other)),
                    }
                }
                _ => {
                    let start = self.i;
                    while !matches!(self.peek(), b'"' | b'\\') {
                        self.i += 1;
                    }
                    out.push_str(&String::from_utf8_lossy(&self.b[start..self.i]));
                }
            }
        }
    }

    /// Four hexadecimal digits (checked by the scanner).
    fn hex4(&mut self) -> u32 {
        let digits = self.b.get(self.i..self.i + 4).unwrap_or_default();
        self.i += 4;
        digits.iter().fold(0, |n, d| {
            n * 16 + char::from(*d).to_digit(16).unwrap_or_default()
        })
    }

    /// The character of a `\u` escape: a surrogate pairs with a `\u` low surrogate right
    /// after it, or is U+FFFD (the next escape then read on its own).
    fn utf16(&mut self, first: u32) -> char {
        if (0xd800..0xdc00).contains(&first)
            && self.b.get(self.i..self.i + 2) == Some(b"\\u".as_slice())
        {
            let save = self.i;
            self.i += 2;
            let second = self.hex4();
            if (0xdc00..0xe000).contains(&second) {
                let c = 0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00);
                return char::from_u32(c).unwrap_or('\u{fffd}');
            }
            self.i = save;
        }
        char::from_u32(first).unwrap_or('\u{fffd}')
    }

    /// A number, as a float64. Past its range it is Go's `UnmarshalTypeError` (the first one
    /// kept) and the value Go leaves there.
    fn number(&mut self, open: &[Open]) -> Value {
        let start = self.i;
        while matches!(self.peek(), b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
            self.i += 1;
        }
        let literal = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("0");
        let x: f64 = literal.parse().unwrap_or(f64::INFINITY);
        if x.is_finite() {
            return Value::Float(x);
        }
        if self.error.is_none() {
            self.error = Some(self.range_error(literal, open));
        }
        if self.v2 {
            Value::Float(0.0)
        } else {
            Value::Null
        }
    }

    /// `json: cannot unmarshal number 1e400 into … of type float64`: v1 names the Go value,
    /// v2 the place (`.a.0`, and a member as a struct field: `Go struct field .a.b`).
    fn range_error(&self, literal: &str, open: &[Open]) -> String {
        let mut path = String::new();
        let mut member = false;
        for o in open {
            path.push('.');
            match o {
                Open::Array(items) => {
                    path.push_str(&items.len().to_string());
                    member = false;
                }
                Open::Object(_, name) => {
                    // JSON Pointer's escapes.
                    path.push_str(&name.replace('~', "~0").replace('/', "~1"));
                    member = true;
                }
            }
        }
        let place = if !self.v2 || path.is_empty() {
            "Go value".to_owned()
        } else if member {
            format!("Go struct field {path}")
        } else {
            path
        };
        format!("json: cannot unmarshal number {literal} into {place} of type float64")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, v2: bool) -> (String, Option<String>) {
        match decode(text, v2) {
            Ok(d) => (crate::go::to_json(&d.value).unwrap_or_default(), d.error),
            Err(e) => (format!("ERR {e}"), None),
        }
    }

    /// What Helm 3.17 (v1) and 4.3 (v2) gave for these texts through `fromJson … | toJson`.
    #[test]
    fn reads_what_go_reads() {
        assert_eq!(
            read(
                r#"{"a":"\ud800","b":"\udc00x\ud83d\ude00","c":"\ud800\u0041"}"#,
                false
            )
            .0,
            r#"{"a":"�","b":"�x😀","c":"�A"}"#
        );
        assert_eq!(
            read(r#"{"a":{"x":1},"a":{"y":2}}"#, false).0,
            r#"{"a":{"y":2}}"#
        );
        assert_eq!(
            read(
                r#"{"a":-0, "b": 1.0, "c": 12345678901234567890, "d": 1e-400}"#,
                false
            )
            .0,
            r#"{"a":-0,"b":1,"c":12345678901234567000,"d":0}"#
        );
    }

    /// Go's 10,000 levels are read (the value's printing and dropping recurse: a thread with
    /// the stack the CLI gives its worker); one more is the scanner's error.
    #[test]
    fn reads_ten_thousand_levels_and_no_more() {
        let run = std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(|| {
                let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
                assert_eq!(read(&deep, false).0.len(), 20_001);
                let deeper = format!("[{deep}]");
                assert_eq!(
                    read(&deeper, false).0,
                    "ERR invalid character '[' exceeded max depth"
                );
                assert_eq!(read(&deeper, true).0, "ERR exceeded max depth");
            })
            .map(|t| t.join());
        assert!(matches!(run, Ok(Ok(()))));
    }

    #[test]
    fn numbers_past_float64_are_gos_type_errors() {
        let text = r#"{"a":{"b":[1,2e400]},"c":3e400}"#;
        assert_eq!(
            read(text, false),
            (
                r#"{"a":{"b":[1,null]},"c":null}"#.to_owned(),
                Some("json: cannot unmarshal number 2e400 into Go value of type float64".into())
            )
        );
        assert_eq!(
            read(text, true),
            (
                r#"{"a":{"b":[1,0]},"c":0}"#.to_owned(),
                Some("json: cannot unmarshal number 2e400 into .a.b.1 of type float64".into())
            )
        );
        assert_eq!(
            read(r#"{"a~/b":{"c.d":-1e999}}"#, true).1.as_deref(),
            Some("json: cannot unmarshal number -1e999 into Go struct field .a~0~1b.c.d of type float64")
        );
        assert_eq!(
            read("1e400", true).1.as_deref(),
            Some("json: cannot unmarshal number 1e400 into Go value of type float64")
        );
    }
}
