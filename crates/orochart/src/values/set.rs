//! The `--set` family, ported from Helm 3.17's `pkg/strvals` (`parser.go`,
//! `literal_parser.go`). See helm-semantics.md §4.
//!
//! The port keeps Go's structure (one `key` function per path step, `list_item` for `[N]`)
//! because its quirks are observable: `a[0].b=` at the end of the input sets nothing,
//! `--set a.` is a no-op, a scalar met on a `.` path is a type-assertion "panic" turned into
//! `unable to parse key: interface conversion: ...`. Go shares maps and slices by reference
//! where this port moves them out and back; the write-backs below mark those places.

use crate::error::Result;
use crate::profile::HelmProfile;
use crate::value::{KeyPath, Map, Value};

use super::json;
use crate::go::{asserted_type_name, quote, quote_runes};

/// Helm's `MaxIndex`.
const MAX_INDEX: i64 = 65536;
/// Helm's `MaxNestedNameLevel`.
const MAX_NESTED_NAME_LEVEL: usize = 30;
/// How deep `[N]` may nest (`a[0][0]…`). Helm has no limit: 20,000 levels take it seconds and
/// fail later, when the rendered YAML is read back (go-yaml's depth of 10,000). No chart needs
/// more than a few; 1,000 keeps the parser's recursion and its provenance paths small.
pub(crate) const MAX_NESTED_INDEX_LEVEL: usize = 1000;

/// How a value text becomes a value.
pub(super) enum Mode<'r> {
    /// `--set`: `typedVal` (ints, bools, null).
    Typed,
    /// `--set-string`: always a string.
    String,
    /// `--set-json`: a JSON value.
    Json,
    /// `--set-file`: the text is a path; the value is the file's content.
    File(&'r dyn Fn(&str) -> Result<String>),
}

/// The outcome of one step that did not fail: go on, or the input ended (Go's `io.EOF`, which
/// the top-level loop treats as success).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Flow {
    Continue,
    Eof,
}

type Step<T = Flow> = std::result::Result<T, String>;

/// Why `valList` did not return a list.
enum ListErr {
    Eof,
    NotList,
    Other(String),
}

/// Parses one `--set`-style argument into `dest` by `profile`'s rules. Returns the paths
/// assigned, in order, for provenance; the error is Helm's message (without the `failed
/// parsing --set data: ` prefix). From Helm 4.1 an index cut short by the end of the input
/// (`a[=1`, Go's wrapped `io.EOF`) ends the argument quietly, keeping what was set.
pub(super) fn parse_into_for(
    dest: &mut Map,
    arg: &str,
    mode: Mode<'_>,
    profile: &HelmProfile,
) -> Step<Vec<KeyPath>> {
    let mut p = Parser {
        chars: arg.chars().collect(),
        pos: 0,
        index_level: 0,
        mode,
        written: Vec::new(),
    };
    parse_loop(profile, || p.key(dest, 0, &KeyPath::root()))?;
    Ok(p.written)
}

/// The one error that wraps Go's `io.EOF` (`fmt.Errorf("error parsing index: %w", err)`).
const INDEX_EOF: &str = "error parsing index: EOF";

/// Helm's `parse` loop (both parsers'): `key` until the end of the input. From Helm 4.1
/// (`errors.Is(err, io.EOF)`) an index cut short by the end ends it quietly too.
fn parse_loop(profile: &HelmProfile, mut key: impl FnMut() -> Step<Flow>) -> Step<()> {
    loop {
        match key() {
            Ok(Flow::Continue) => {}
            Ok(Flow::Eof) => return Ok(()),
            Err(e) if profile.values.set_index_eof_ends_input && e == INDEX_EOF => return Ok(()),
            Err(e) => return Err(e),
        }
    }
}

/// Parses one `--set-literal` argument into `dest`.
/// From Helm 4.1 an index cut short by the end of the input ends the argument quietly, as
/// in [`parse_into_for`] (the literal parser's `parse` has the same `errors.Is(err, io.EOF)`).
pub(super) fn parse_literal_into(
    dest: &mut Map,
    arg: &str,
    profile: &HelmProfile,
) -> Step<Vec<KeyPath>> {
    let mut p = LiteralParser {
        chars: arg.chars().collect(),
        pos: 0,
        index_level: 0,
        written: Vec::new(),
    };
    parse_loop(profile, || p.key(dest, 0, &KeyPath::root()))?;
    Ok(p.written)
}

/// Helm's `typedVal`: case-insensitive `true`/`false`/`null`, `0`, and base-10 int64 not
/// starting with `0`; everything else is a string.
pub(super) fn typed_val(s: &str) -> Value {
    if eq_fold(s, "true") {
        return Value::Bool(true);
    }
    if eq_fold(s, "false") {
        return Value::Bool(false);
    }
    if eq_fold(s, "null") {
        return Value::Null;
    }
    if s == "0" {
        return Value::Int(0);
    }
    if !s.is_empty() && !s.starts_with('0') {
        if let Some(i) = parse_int10(s) {
            return Value::Int(i);
        }
    }
    Value::String(s.to_string())
}

/// Go's `strings.EqualFold` against an ASCII-lower-case word: simple Unicode case folding,
/// which for these words adds only `ſ` (U+017F) ≡ `s` and `K` (U+212A) ≡ `k`.
fn eq_fold(s: &str, word: &str) -> bool {
    let mut a = s.chars();
    for w in word.chars() {
        let Some(c) = a.next() else { return false };
        let c = match c {
            '\u{17F}' => 's',
            '\u{212A}' => 'k',
            c => c.to_ascii_lowercase(),
        };
        if c != w {
            return false;
        }
    }
    a.next().is_none()
}

/// Go's `strconv.ParseInt(s, 10, 64)`.
fn parse_int10(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Go's `strconv.Atoi`, with its error text.
fn atoi(s: &str) -> Step<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "strconv.Atoi: parsing {}: invalid syntax",
            quote(s)
        ));
    }
    s.parse()
        .map_err(|_| format!("strconv.Atoi: parsing {}: value out of range", quote(s)))
}

/// The message of the Go panic a failed type assertion raises, as Helm's `recover` wraps it.
fn assertion_error(found: &Value, want: &str) -> String {
    format!(
        "unable to parse key: interface conversion: interface {{}} is {}, not {want}",
        asserted_type_name(found)
    )
}

const MAP_TYPE: &str = "map[string]interface {}";
const LIST_TYPE: &str = "[]interface {}";

/// Helm's `set`: an empty key is silently skipped.
fn set(data: &mut Map, key: &str, val: Value) {
    if !key.is_empty() {
        data.insert(key.to_string(), val);
    }
}

/// Helm's `setIndex`: pads with nulls; rejects negative and huge indexes.
fn set_index(mut list: Vec<Value>, index: i64, val: Value) -> Step<Vec<Value>> {
    if index < 0 {
        return Err(format!("negative {index} index not allowed"));
    }
    if index > MAX_INDEX {
        return Err(format!(
            "index of {index} is greater than maximum supported index of {MAX_INDEX}"
        ));
    }
    let i = index as usize;
    if list.len() <= i {
        list.resize(i + 1, Value::Null);
    }
    list[i] = val;
    Ok(list)
}

struct Parser<'r> {
    chars: Vec<char>,
    pos: usize,
    /// How many `[N]` are open ([`MAX_NESTED_INDEX_LEVEL`]).
    index_level: usize,
    mode: Mode<'r>,
    written: Vec<KeyPath>,
}

impl Parser<'_> {
    fn read(&mut self) -> Option<char> {
        let c = self.chars.get(self.pos).copied();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn unread(&mut self) {
        self.pos = self.pos.saturating_sub(1);
    }

    /// Helm's `runesUntil`: reads up to a stop rune (consumed, returned) or the end (`None`);
    /// `\` escapes the next rune, which is then never a stop.
    fn runes_until(&mut self, stop: &[char]) -> (Vec<char>, Option<char>) {
        let mut v = Vec::new();
        loop {
            match self.read() {
                None => return (v, None),
                Some(c) if stop.contains(&c) => return (v, Some(c)),
                Some('\\') => match self.read() {
                    None => return (v, None),
                    Some(next) => v.push(next),
                },
                Some(c) => v.push(c),
            }
        }
    }

    fn convert(&self, runes: &[char]) -> Step<Value> {
        let s: String = runes.iter().collect();
        match &self.mode {
            Mode::Typed => Ok(typed_val(&s)),
            Mode::String | Mode::Json => Ok(Value::String(s)),
            Mode::File(read) => read(&s).map(Value::String).map_err(|e| e.go_read_message()),
        }
    }

    fn written(&mut self, path: KeyPath) {
        self.written.push(path);
    }

    fn key(&mut self, data: &mut Map, level: usize, path: &KeyPath) -> Step {
        let (k, last) = self.runes_until(&['=', '[', ',', '.']);
        let Some(last) = last else {
            if k.is_empty() {
                return Ok(Flow::Eof);
            }
            return Err(format!(
                "key {} has no value",
                quote(&k.iter().collect::<String>())
            ));
        };
        let k: String = k.into_iter().collect();
        match last {
            '[' => {
                let i = self
                    .key_index()
                    .map_err(|e| format!("error parsing index: {e}"))?;
                let list = match data.get_mut(&k) {
                    None => Vec::new(),
                    Some(Value::List(l)) => std::mem::take(l),
                    Some(other) => return Err(assertion_error(other, LIST_TYPE)),
                };
                let (list, flow) = self.list_item(list, i, level, &path.key(&k))?;
                set(data, &k, Value::List(list));
                Ok(flow)
            }
            '=' => {
                if let Mode::Json = self.mode {
                    if self.empty_val() {
                        set(data, &k, Value::Null);
                        self.written(path.key(&k));
                        return Ok(Flow::Continue);
                    }
                    let v = self.json_value()?;
                    set(data, &k, v);
                    self.written(path.key(&k));
                    self.empty_val();
                    return Ok(Flow::Continue);
                }
                match self.val_list() {
                    Ok(list) => {
                        set(data, &k, Value::List(list));
                        self.written(path.key(&k));
                        Ok(Flow::Continue)
                    }
                    Err(ListErr::Eof) => {
                        set(data, &k, Value::from(""));
                        self.written(path.key(&k));
                        Ok(Flow::Eof)
                    }
                    Err(ListErr::NotList) => {
                        let rs = self.val();
                        let v = self.convert(&rs)?;
                        set(data, &k, v);
                        self.written(path.key(&k));
                        Ok(Flow::Continue)
                    }
                    Err(ListErr::Other(e)) => Err(e),
                }
            }
            ',' => {
                set(data, &k, Value::from(""));
                Err(format!(
                    "key {} has no value (cannot end with ,)",
                    quote(&k)
                ))
            }
            _ => {
                // '.'
                let level = level + 1;
                if level > MAX_NESTED_NAME_LEVEL {
                    return Err(format!(
                        "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
                    ));
                }
                let (mut inner, existed) = match data.get_mut(&k) {
                    None => (Map::new(), false),
                    Some(Value::Map(m)) => (std::mem::take(m), true),
                    Some(other) => return Err(assertion_error(other, MAP_TYPE)),
                };
                let r = self.key(&mut inner, level, &path.key(&k));
                if matches!(r, Ok(Flow::Continue)) && inner.is_empty() {
                    return Err(format!("key map {} has no value", quote(&k)));
                }
                if existed {
                    // Go mutated the existing map in place (even under an empty key).
                    data.insert(k, Value::Map(inner));
                } else if !inner.is_empty() {
                    set(data, &k, Value::Map(inner));
                }
                r
            }
        }
    }

    fn key_index(&mut self) -> Step<i64> {
        let (v, last) = self.runes_until(&[']']);
        if last.is_none() {
            return Err("EOF".into());
        }
        atoi(&v.iter().collect::<String>())
    }

    fn list_item(
        &mut self,
        mut list: Vec<Value>,
        i: i64,
        level: usize,
        path: &KeyPath,
    ) -> Step<(Vec<Value>, Flow)> {
        if i < 0 {
            return Err(format!("negative {i} index not allowed"));
        }
        let here = path.index(i as usize);
        let (k, last) = self.runes_until(&['[', '.', '=']);
        if !k.is_empty() {
            return Err(format!(
                "unexpected data at end of array index: {}",
                quote_runes(&k)
            ));
        }
        let Some(last) = last else {
            return Ok((list, Flow::Eof));
        };
        let iu = i as usize;
        match last {
            '=' => {
                if let Mode::Json = self.mode {
                    if self.empty_val() {
                        self.written(here);
                        return Ok((set_index(list, i, Value::Null)?, Flow::Continue));
                    }
                    let v = self.json_value()?;
                    let list = set_index(list, i, v)?;
                    self.written(here);
                    self.empty_val();
                    return Ok((list, Flow::Continue));
                }
                let v = match self.val_list() {
                    Ok(l) => Value::List(l),
                    Err(ListErr::Eof) => Value::from(""),
                    Err(ListErr::NotList) => {
                        let rs = self.val();
                        self.convert(&rs)?
                    }
                    Err(ListErr::Other(e)) => return Err(e),
                };
                let list = set_index(list, i, v)?;
                self.written(here);
                Ok((list, Flow::Continue))
            }
            '[' => {
                let next = self
                    .key_index()
                    .map_err(|e| format!("error parsing index: {e}"))?;
                let (crt, shared) = match list.get(iu) {
                    None | Some(Value::Null) => (Vec::new(), false),
                    Some(Value::List(l)) => (l.clone(), true),
                    Some(other) => return Err(assertion_error(other, LIST_TYPE)),
                };
                self.index_level += 1;
                if self.index_level >= MAX_NESTED_INDEX_LEVEL {
                    return Err(format!(
                        "list indexes nested more than {MAX_NESTED_INDEX_LEVEL} levels deep (`a[0][0]…`): orochart's limit"
                    ));
                }
                let (list2, flow) = self.list_item(crt, next, level, &here)?;
                self.index_level -= 1;
                if flow == Flow::Eof {
                    // Go returns the outer list unchanged, but the inner slice shared its
                    // array with `list[i]`, so in-place writes (no growth on this path) stay.
                    if shared {
                        list[iu] = Value::List(list2);
                    }
                    return Ok((list, Flow::Eof));
                }
                Ok((set_index(list, i, Value::List(list2))?, Flow::Continue))
            }
            _ => {
                // '.'
                let mut inner = Map::new();
                if let Some(slot) = list.get_mut(iu) {
                    match slot {
                        Value::Map(m) => inner = std::mem::take(m),
                        // "We have indices out of order. Initialize empty value."
                        other => *other = Value::Map(Map::new()),
                    }
                }
                let r = self.key(&mut inner, level, &here);
                if let Some(slot) = list.get_mut(iu) {
                    // Go's `inner` is `list[i]` itself, so its changes are there even when
                    // `key` stopped at the end of the input.
                    *slot = Value::Map(inner.clone());
                }
                match r? {
                    Flow::Eof => Ok((list, Flow::Eof)),
                    Flow::Continue => Ok((set_index(list, i, Value::Map(inner))?, Flow::Continue)),
                }
            }
        }
    }

    /// Helm's `emptyVal`: skips spaces; true at the end or at a `,` (consumed).
    fn empty_val(&mut self) -> bool {
        loop {
            match self.read() {
                None | Some(',') => return true,
                Some(c) if c.is_whitespace() => {}
                Some(_) => {
                    self.unread();
                    return false;
                }
            }
        }
    }

    fn json_value(&mut self) -> Step<Value> {
        let rest: String = self.chars[self.pos..].iter().collect();
        let (v, used) = json::decode_prefix(&rest)?;
        self.pos += rest[..used].chars().count();
        Ok(v)
    }

    fn val(&mut self) -> Vec<char> {
        self.runes_until(&[',']).0
    }

    fn val_list(&mut self) -> std::result::Result<Vec<Value>, ListErr> {
        match self.read() {
            None => return Err(ListErr::Eof),
            Some('{') => {}
            Some(_) => {
                self.unread();
                return Err(ListErr::NotList);
            }
        }
        let mut list = Vec::new();
        loop {
            let (rs, last) = self.runes_until(&[',', '}']);
            match last {
                None => return Err(ListErr::Other("list must terminate with '}'".into())),
                Some('}') => {
                    // If this is followed by ',', consume it.
                    if let Some(c) = self.read() {
                        if c != ',' {
                            self.unread();
                        }
                    }
                    list.push(self.convert(&rs).map_err(ListErr::Other)?);
                    return Ok(list);
                }
                Some(_) => list.push(self.convert(&rs).map_err(ListErr::Other)?),
            }
        }
    }
}

/// Helm's `literalParser`: no `\` escapes, no `,` separator; the value is the rest of the input.
struct LiteralParser {
    chars: Vec<char>,
    pos: usize,
    /// How many `[N]` are open ([`MAX_NESTED_INDEX_LEVEL`]).
    index_level: usize,
    written: Vec<KeyPath>,
}

impl LiteralParser {
    fn runes_until(&mut self, stop: &[char]) -> (Vec<char>, Option<char>) {
        let mut v = Vec::new();
        while let Some(&c) = self.chars.get(self.pos) {
            self.pos += 1;
            if stop.contains(&c) {
                return (v, Some(c));
            }
            v.push(c);
        }
        (v, None)
    }

    fn rest(&mut self) -> String {
        let s: String = self.chars[self.pos..].iter().collect();
        self.pos = self.chars.len();
        s
    }

    fn key(&mut self, data: &mut Map, level: usize, path: &KeyPath) -> Step {
        let (k, last) = self.runes_until(&['=', '[', '.']);
        let Some(last) = last else {
            if k.is_empty() {
                return Ok(Flow::Eof);
            }
            return Err(format!(
                "key {} has no value",
                quote(&k.iter().collect::<String>())
            ));
        };
        let k: String = k.into_iter().collect();
        match last {
            '=' => {
                let v = self.rest();
                set(data, &k, Value::String(v));
                self.written.push(path.key(&k));
                Ok(Flow::Continue)
            }
            '.' => {
                let level = level + 1;
                if level > MAX_NESTED_NAME_LEVEL {
                    return Err(format!(
                        "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
                    ));
                }
                let (mut inner, existed) = match data.get_mut(&k) {
                    None => (Map::new(), false),
                    Some(Value::Map(m)) => (std::mem::take(m), true),
                    Some(other) => return Err(assertion_error(other, MAP_TYPE)),
                };
                let r = self.key(&mut inner, level, &path.key(&k));
                if matches!(r, Ok(Flow::Continue)) && inner.is_empty() {
                    return Err(format!("key map {} has no value", quote(&k)));
                }
                if existed {
                    data.insert(k, Value::Map(inner));
                } else if !inner.is_empty() {
                    set(data, &k, Value::Map(inner));
                }
                r
            }
            _ => {
                // '['
                let i = self
                    .key_index()
                    .map_err(|e| format!("error parsing index: {e}"))?;
                let list = match data.get_mut(&k) {
                    None => Vec::new(),
                    Some(Value::List(l)) => std::mem::take(l),
                    Some(other) => return Err(assertion_error(other, LIST_TYPE)),
                };
                let (list, flow) = self.list_item(list, i, level, &path.key(&k))?;
                set(data, &k, Value::List(list));
                Ok(flow)
            }
        }
    }

    fn key_index(&mut self) -> Step<i64> {
        let (v, last) = self.runes_until(&[']']);
        if last.is_none() {
            return Err("EOF".into());
        }
        atoi(&v.iter().collect::<String>())
    }

    fn list_item(
        &mut self,
        mut list: Vec<Value>,
        i: i64,
        level: usize,
        path: &KeyPath,
    ) -> Step<(Vec<Value>, Flow)> {
        if i < 0 {
            return Err(format!("negative {i} index not allowed"));
        }
        let here = path.index(i as usize);
        let (k, last) = self.runes_until(&['[', '.', '=']);
        if !k.is_empty() {
            return Err(format!(
                "unexpected data at end of array index: {}",
                quote_runes(&k)
            ));
        }
        let Some(last) = last else {
            return Ok((list, Flow::Eof));
        };
        let iu = i as usize;
        match last {
            '=' => {
                let v = self.rest();
                let list = set_index(list, i, Value::String(v))?;
                self.written.push(here);
                Ok((list, Flow::Continue))
            }
            '.' => {
                let mut inner = Map::new();
                if let Some(slot) = list.get_mut(iu) {
                    match slot {
                        Value::Map(m) => inner = std::mem::take(m),
                        other => *other = Value::Map(Map::new()),
                    }
                }
                let r = self.key(&mut inner, level, &here);
                if let Some(slot) = list.get_mut(iu) {
                    *slot = Value::Map(inner.clone());
                }
                match r? {
                    Flow::Eof => Ok((list, Flow::Eof)),
                    Flow::Continue => Ok((set_index(list, i, Value::Map(inner))?, Flow::Continue)),
                }
            }
            _ => {
                let next = self
                    .key_index()
                    .map_err(|e| format!("error parsing index: {e}"))?;
                let (crt, shared) = match list.get(iu) {
                    None | Some(Value::Null) => (Vec::new(), false),
                    Some(Value::List(l)) => (l.clone(), true),
                    Some(other) => return Err(assertion_error(other, LIST_TYPE)),
                };
                self.index_level += 1;
                if self.index_level >= MAX_NESTED_INDEX_LEVEL {
                    return Err(format!(
                        "list indexes nested more than {MAX_NESTED_INDEX_LEVEL} levels deep (`a[0][0]…`): orochart's limit"
                    ));
                }
                let (list2, flow) = self.list_item(crt, next, level, &here)?;
                self.index_level -= 1;
                if flow == Flow::Eof {
                    if shared {
                        list[iu] = Value::List(list2);
                    }
                    return Ok((list, Flow::Eof));
                }
                Ok((set_index(list, i, Value::List(list2))?, Flow::Continue))
            }
        }
    }
}
