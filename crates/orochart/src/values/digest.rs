//! Pre-digested forms of the built-in chart's files, made ahead of time.
//!
//! `codegen` uses this file to turn the chart's `values.schema.json`
//! into a digest that `crate::embedded` rebuilds the `serde_json::Value` from without parsing
//! JSON: no whitespace, no escapes, and every object's keys already sorted and deduplicated, so
//! the runtime work is the allocations of the tree and nothing else.
//!
//! The reader here is strict and gives up (`None`) on anything it is not sure serde_json reads
//! the same way (a lone surrogate escape, deep nesting, anything malformed); the chart is then
//! parsed at run time as before. Numbers are kept as their text and read by serde_json itself.
//! `embedded::tests` checks that the digest rebuilds exactly what serde_json parses.
//!
//! The digest is text, so that the runtime can slice it without checking UTF-8 again:
//!
//! - `n`, `t`, `f`: null, true, false;
//! - `#<len>:<text>`: a number, as written;
//! - `s<len>:<text>`: a string (`len` in bytes);
//! - `[<count>:` then the items;
//! - `{<count>:` then, for each key in byte order, `<len>:<key>` and the value.

/// How deep the digest follows nesting; serde_json's own limit is 128.
const MAX_JSON_DEPTH: usize = 100;

/// The digest of the JSON document `text`, or `None` to leave it to serde_json.
pub(crate) fn encode_json(text: &str) -> Option<String> {
    let mut r = JsonReader {
        b: text.as_bytes(),
        i: 0,
    };
    let mut out = String::with_capacity(text.len());
    r.value(&mut out, 0)?;
    r.ws();
    (r.i == r.b.len()).then_some(out)
}

fn push_len(out: &mut String, prefix: &str, n: usize) {
    out.push_str(prefix);
    out.push_str(&n.to_string());
    out.push(':');
}

struct JsonReader<'a> {
    b: &'a [u8],
    i: usize,
}

impl JsonReader<'_> {
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        self.ws();
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }

    fn literal(&mut self, word: &str, out: &mut String, code: char) -> Option<()> {
        if !self.b[self.i..].starts_with(word.as_bytes()) {
            return None;
        }
        self.i += word.len();
        out.push(code);
        Some(())
    }

    fn value(&mut self, out: &mut String, depth: usize) -> Option<()> {
        if depth > MAX_JSON_DEPTH {
            return None;
        }
        self.ws();
        match *self.b.get(self.i)? {
            b'n' => self.literal("null", out, 'n'),
            b't' => self.literal("true", out, 't'),
            b'f' => self.literal("false", out, 'f'),
            b'"' => {
                let s = self.string()?;
                push_len(out, "s", s.len());
                out.push_str(&s);
                Some(())
            }
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                if self.eat(b']').is_none() {
                    loop {
                        let mut item = String::new();
                        self.value(&mut item, depth + 1)?;
                        items.push(item);
                        if self.eat(b',').is_none() {
                            self.eat(b']')?;
                            break;
                        }
                    }
                }
                push_len(out, "[", items.len());
                items.iter().for_each(|item| out.push_str(item));
                Some(())
            }
            b'{' => {
                self.i += 1;
                let mut entries: Vec<(String, String)> = Vec::new();
                if self.eat(b'}').is_none() {
                    loop {
                        self.ws();
                        if self.b.get(self.i) != Some(&b'"') {
                            return None;
                        }
                        let key = self.string()?;
                        self.eat(b':')?;
                        let mut value = String::new();
                        self.value(&mut value, depth + 1)?;
                        entries.push((key, value));
                        if self.eat(b',').is_none() {
                            self.eat(b'}')?;
                            break;
                        }
                    }
                }
                // serde_json keeps the last of duplicate keys; a stable sort keeps them in
                // order, so the last of each run is the one to keep.
                entries.sort_by(|a, b| a.0.cmp(&b.0));
                let mut kept: Vec<(String, String)> = Vec::with_capacity(entries.len());
                for entry in entries {
                    match kept.last_mut() {
                        Some(last) if last.0 == entry.0 => *last = entry,
                        _ => kept.push(entry),
                    }
                }
                push_len(out, "{", kept.len());
                for (key, value) in &kept {
                    push_len(out, "", key.len());
                    out.push_str(key);
                    out.push_str(value);
                }
                Some(())
            }
            b'-' | b'0'..=b'9' => {
                let start = self.i;
                self.number()?;
                let text = std::str::from_utf8(&self.b[start..self.i]).ok()?;
                push_len(out, "#", text.len());
                out.push_str(text);
                Some(())
            }
            _ => None,
        }
    }

    /// JSON's number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Option<()> {
        let digits = |r: &mut Self| {
            let start = r.i;
            while r.b.get(r.i).is_some_and(u8::is_ascii_digit) {
                r.i += 1;
            }
            (r.i > start).then_some(())
        };
        if self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        if self.b.get(self.i) == Some(&b'0') {
            self.i += 1;
        } else {
            digits(self)?;
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            digits(self)?;
        }
        if let Some(b'e' | b'E') = self.b.get(self.i) {
            self.i += 1;
            if let Some(b'+' | b'-') = self.b.get(self.i) {
                self.i += 1;
            }
            digits(self)?;
        }
        // A number runs into nothing but a delimiter.
        match self.b.get(self.i) {
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}') => Some(()),
            _ => None,
        }
    }

    /// A string at `"`, unescaped.
    fn string(&mut self) -> Option<String> {
        self.i += 1;
        let mut s = Vec::new();
        loop {
            let c = *self.b.get(self.i)?;
            self.i += 1;
            match c {
                b'"' => return String::from_utf8(s).ok(),
                b'\\' => {
                    let e = *self.b.get(self.i)?;
                    self.i += 1;
                    let plain = match e {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'/' => b'/',
                        b'b' => 8,
                        b'f' => 12,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = match hi {
                                0xD800..=0xDBFF => {
                                    if self.b.get(self.i..self.i + 2)? != b"\\u" {
                                        return None;
                                    }
                                    self.i += 2;
                                    let lo = self.hex4()?;
                                    if !(0xDC00..=0xDFFF).contains(&lo) {
                                        return None;
                                    }
                                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                                }
                                0xDC00..=0xDFFF => return None,
                                _ => hi,
                            };
                            let ch = char::from_u32(code)?;
                            s.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                            continue;
                        }
                        _ => return None,
                    };
                    s.push(plain);
                }
                0..=0x1F => return None,
                _ => s.push(c),
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.b.get(self.i..self.i + 4)?;
        self.i += 4;
        digits
            .iter()
            .try_fold(0u32, |n, &d| Some(n * 16 + char::from(d).to_digit(16)?))
    }
}

/// The digest of the events the fast block reader ([`crate::blockyaml::events`]) gives for a
/// values file, or `None` when the file is outside its subset. The runtime turns the events
/// into values with the loader's own converter, so only the reading of lines is saved:
///
/// - `{`, `}`, `[`, `]`: a mapping or list starts or ends;
/// - `p<len>:<text>`, `'<len>:<text>`, `"<len>:<text>`, `|<len>:<text>`: a plain, single- or
///   double-quoted, or literal block scalar.
pub(crate) fn encode_events(text: &str) -> Option<String> {
    use crate::blockyaml::Ev;
    use crate::yaml::Style;
    // As the loader does before reading.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    for event in crate::blockyaml::events(text)? {
        match event {
            Ev::MapStart => out.push('{'),
            Ev::MapEnd => out.push('}'),
            Ev::SeqStart => out.push('['),
            Ev::SeqEnd => out.push(']'),
            Ev::Scalar(value, style) => {
                let code = match style {
                    Style::Plain => "p",
                    Style::Single => "'",
                    Style::Double => "\"",
                    Style::Literal => "|",
                    Style::Folded => return None,
                };
                push_len(&mut out, code, value.len());
                out.push_str(&value);
            }
        }
    }
    Some(out)
}
