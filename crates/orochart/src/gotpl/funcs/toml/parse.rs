//! BurntSushi/toml's parser, as `toml.Unmarshal` into a `map[string]interface {}` runs it for
//! Helm's `fromToml`: it pulls the lexer's items, builds Go's values (tables are maps, arrays
//! of tables `[]map[string]interface {}`, datetimes `time.Time`), and keeps the library's
//! bookkeeping of implicit tables and value types, from which its duplicate-key errors come.
//! An error is the library's `ParseError` text (`toml: line 3 (last key "a.b"): …`), or the
//! text of a Go panic it would hit (its `BUG:` panics and runtime errors).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use crate::gotpl::funcs::date::{parse_in, GoTime};
use crate::gotpl::funcs::zone::{Location, Zone};
use crate::profile::BurntSushiToml;

use super::lex::{is_hex, Item, ItemType, Lexer, Panic};

/// A Go `map[string]interface {}` the parser builds (shared, as Go's maps are).
pub(super) type Map = Rc<RefCell<BTreeMap<String, GoVal>>>;

/// A value as Go holds it in the parser's maps.
#[derive(Clone, Debug)]
pub(super) enum GoVal {
    /// `map[string]interface {}`: a table, or an inline table.
    Map(Map),
    /// `[]map[string]interface {}`: an array of tables.
    Maps(Vec<Map>),
    /// `[]interface {}`: an array value.
    Slice(Vec<GoVal>),
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Time(GoTime),
}

fn new_map() -> Map {
    Rc::new(RefCell::new(BTreeMap::new()))
}

/// Why the input was not read: the library's error text, or a Go panic's.
#[derive(Debug, PartialEq)]
pub(super) enum Failure {
    /// `ParseError.Error()`: what `fromToml` puts under `Error`.
    Parse(String),
    /// A panic text/template reports as `error calling fromToml: …`.
    Panic(Panic),
}

/// The type the library records for a key: only arrays matter (`isArray`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Array,
    Other,
}

/// The zones the library reads datetimes in: `time.Local` for those with an offset, and the
/// fixed zones `datetime-local`, `date-local` and `time-local` at the local offset of the
/// moment the program started, for those without.
pub(super) struct Zones {
    pub local: Rc<Zone>,
    pub local_offset: i32,
}

/// `Key.String()`: the parts joined by `.`, each quoted when it is not a bare key.
fn key_string(key: &[String]) -> String {
    key.iter()
        .map(|k| {
            if k.is_empty() {
                "\"\"".to_string()
            } else if k
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                k.clone()
            } else {
                super::quote(k)
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

pub(super) struct Parser<'a> {
    lx: Lexer<'a>,
    version: BurntSushiToml,
    zones: Zones,
    /// The full key of the table in scope.
    context: Vec<String>,
    /// The key being set, outside tables.
    current_key: String,
    /// The line of the key or table name being read (`p.pos`).
    pos_line: i64,
    key_info: HashMap<String, Kind>,
    mapping: Map,
    implicits: HashSet<String>,
}

type Res<T> = Result<T, Failure>;

/// Go's `strconv.Quote`.
fn q(s: &str) -> String {
    crate::go::quote(s)
}

impl<'a> Parser<'a> {
    /// Parses `data` (BOM already removed) into the top-level table.
    pub(super) fn run(data: &'a [u8], version: BurntSushiToml, zones: Zones) -> Res<Map> {
        let mut p = Parser {
            lx: Lexer::new(data, version),
            version,
            zones,
            context: Vec::new(),
            current_key: String::new(),
            pos_line: 0,
            key_info: HashMap::new(),
            mapping: new_map(),
            implicits: HashSet::new(),
        };
        loop {
            let item = p.next()?;
            if item.typ == ItemType::Eof {
                break;
            }
            p.top_level(item)?;
        }
        Ok(p.mapping)
    }

    /// `p.current()`: the full name of the key being read, for the error's `last key`.
    fn current(&self) -> String {
        if self.current_key.is_empty() {
            return key_string(&self.context);
        }
        if self.context.is_empty() {
            return self.current_key.clone();
        }
        format!("{}.{}", key_string(&self.context), self.current_key)
    }

    fn error_at(&self, line: i64, message: String) -> Failure {
        let last = self.current();
        Failure::Parse(if last.is_empty() {
            format!("toml: line {line}: {message}")
        } else {
            format!("toml: line {line} (last key {}): {message}", q(&last))
        })
    }

    /// `p.panicf`: at the line of the key or table being read.
    fn fail(&self, message: String) -> Failure {
        self.error_at(self.pos_line, message)
    }

    /// `p.bug`.
    fn bug(message: String) -> Failure {
        Failure::Panic(format!("BUG: {message}\n\n"))
    }

    fn next(&mut self) -> Res<Item> {
        let it = self.lx.next_item().map_err(Failure::Panic)?;
        if it.typ == ItemType::Error {
            return Err(self.error_at(it.line, it.val));
        }
        Ok(it)
    }

    fn next_pos(&mut self) -> Res<Item> {
        let it = self.next()?;
        self.pos_line = it.line;
        Ok(it)
    }

    fn expect(&mut self, typ: ItemType) -> Res<Item> {
        let it = self.next()?;
        Self::assert_equal(typ, it.typ)?;
        Ok(it)
    }

    fn assert_equal(expected: ItemType, got: ItemType) -> Res<()> {
        if expected != got {
            return Err(Self::bug(format!(
                "Expected '{}' but got '{}'.",
                expected.name(),
                got.name()
            )));
        }
        Ok(())
    }

    /// The parts of a key or table name, up to the item `end`.
    fn key_parts(&mut self, first: Item, end: ItemType) -> Res<Vec<String>> {
        let mut key = Vec::new();
        let mut name = first;
        while name.typ != end && name.typ != ItemType::Eof {
            key.push(self.key_part(&name)?);
            name = self.next()?;
        }
        Self::assert_equal(end, name.typ)?;
        Ok(key)
    }

    fn top_level(&mut self, item: Item) -> Res<()> {
        match item.typ {
            ItemType::CommentStart => {
                self.expect(ItemType::Text)?;
            }
            ItemType::TableStart | ItemType::ArrayTableStart => {
                let array = item.typ == ItemType::ArrayTableStart;
                let first = self.next_pos()?;
                let end = if array {
                    ItemType::ArrayTableEnd
                } else {
                    ItemType::TableEnd
                };
                let key = self.key_parts(first, end)?;
                self.add_context(&key, array)?;
                self.set_type("", Kind::Other);
            }
            ItemType::KeyStart => {
                let outer = self.context.clone();
                let first = self.next_pos()?;
                let key = self.key_parts(first, ItemType::KeyEnd)?;
                self.dotted_key(&key)?;
                let v = self.next()?;
                let (val, kind) = self.value(v, false)?;
                let current = self.current_key.clone();
                self.set_value(&current, val)?;
                self.set_type(&current, kind);
                self.context = outer;
                self.current_key.clear();
            }
            other => {
                return Err(Self::bug(format!(
                    "Unexpected type at top level: {}",
                    other.name()
                )))
            }
        }
        Ok(())
    }

    /// A key's last part is the key being set; the others are implicit tables.
    fn dotted_key(&mut self, key: &[String]) -> Res<()> {
        let Some((last, parents)) = key.split_last() else {
            return Err(Failure::Panic(
                "runtime error: index out of range [-1]".into(),
            ));
        };
        self.current_key = last.clone();
        for part in parents {
            let mut k = self.context.clone();
            k.push(part.clone());
            self.add_implicit_context(&k)?;
        }
        Ok(())
    }

    /// `p.keyString`: a key part's text.
    fn key_part(&mut self, it: &Item) -> Res<String> {
        match it.typ {
            ItemType::Text => Ok(it.val.clone()),
            ItemType::String
            | ItemType::StringEsc
            | ItemType::MultilineString
            | ItemType::RawString
            | ItemType::RawMultilineString => match self.value(it.clone(), false)?.0 {
                GoVal::Str(s) => Ok(s),
                _ => Err(Failure::Panic(
                    "interface conversion: interface {} is not string".into(),
                )),
            },
            other => Err(Self::bug(format!("Unexpected key type: {}", other.name()))),
        }
    }

    fn value(&mut self, it: Item, parent_is_array: bool) -> Res<(GoVal, Kind)> {
        let plain = |v: GoVal| Ok((v, Kind::Other));
        match it.typ {
            ItemType::String | ItemType::RawString => plain(GoVal::Str(it.val)),
            ItemType::StringEsc => plain(GoVal::Str(self.replace_escapes(&it, &it.val)?)),
            ItemType::MultilineString => {
                let s = strip_escaped_newlines(strip_first_newline(&it.val));
                plain(GoVal::Str(self.replace_escapes(&it, &s)?))
            }
            ItemType::RawMultilineString => {
                plain(GoVal::Str(strip_first_newline(&it.val).to_string()))
            }
            ItemType::Integer => plain(self.value_integer(&it)?),
            ItemType::Float => plain(self.value_float(&it)?),
            ItemType::Bool => match it.val.as_str() {
                "true" => plain(GoVal::Bool(true)),
                "false" => plain(GoVal::Bool(false)),
                other => Err(Self::bug(format!(
                    "Expected boolean value, but got '{other}'."
                ))),
            },
            ItemType::Datetime => plain(self.value_datetime(&it)?),
            ItemType::Array => self.value_array(),
            ItemType::InlineTableStart => self.value_inline_table(parent_is_array),
            other => Err(Self::bug(format!(
                "Unexpected value type: {}",
                other.name()
            ))),
        }
    }

    fn value_integer(&self, it: &Item) -> Res<GoVal> {
        let v = &it.val;
        if !num_underscores_ok(v) {
            return Err(self.error_at(
                it.line,
                format!(
                    "Invalid integer {}: underscores must be surrounded by digits",
                    q(v)
                ),
            ));
        }
        if num_has_leading_zero(v) {
            return Err(self.error_at(
                it.line,
                format!("Invalid integer {}: cannot have leading zeroes", q(v)),
            ));
        }
        match parse_int(v) {
            Ok(n) => Ok(GoVal::Int(n)),
            Err(true) => Err(self.error_at(it.line, format!("{v} is out of range for int64"))),
            Err(false) => Err(Self::bug(format!("Expected integer value, but got '{v}'."))),
        }
    }

    fn value_float(&self, it: &Item) -> Res<GoVal> {
        let v = &it.val;
        let parts: Vec<&str> = v.split(['.', 'e', 'E']).filter(|p| !p.is_empty()).collect();
        let invalid = |why: &str| self.error_at(it.line, format!("Invalid float {}: {why}", q(v)));
        if parts.iter().any(|p| !num_underscores_ok(p)) {
            return Err(invalid("underscores must be surrounded by digits"));
        }
        if parts.first().is_some_and(|p| num_has_leading_zero(p)) {
            return Err(invalid("cannot have leading zeroes"));
        }
        if !num_periods_ok(v) {
            return Err(invalid("'.' must be followed by one or more digits"));
        }
        let mut text = v.replace('_', "");
        let mut negative_nan = false;
        if text == "+nan" || text == "-nan" {
            negative_nan = text == "-nan";
            text = "nan".into();
        }
        match parse_float(&text) {
            Ok(f) if negative_nan => Ok(GoVal::Float(-f.abs())),
            Ok(f) => Ok(GoVal::Float(f)),
            Err(true) => Err(self.error_at(it.line, format!("{v} is out of range for float64"))),
            Err(false) => Err(self.error_at(it.line, format!("Invalid float value: {}", q(v)))),
        }
    }

    fn value_datetime(&self, it: &Item) -> Res<GoVal> {
        // `datetimeRepl`: `z` → `Z`, `t` → `T`, ` ` → `T`.
        let v: String = it
            .val
            .chars()
            .map(|c| match c {
                'z' => 'Z',
                't' | ' ' => 'T',
                c => c,
            })
            .collect();
        let local = || Location::Zone(self.zones.local.clone());
        let named = |name: &str| Location::fixed(self.zones.local_offset, name.into());
        let mut layouts: Vec<(&str, Location)> = vec![
            ("2006-01-02T15:04:05.999999999Z07:00", local()),
            ("2006-01-02T15:04:05.999999999", named("datetime-local")),
            ("2006-01-02", named("date-local")),
            ("15:04:05.999999999", named("time-local")),
        ];
        // TOML 1.1's times without seconds.
        if self.version >= BurntSushiToml::V1_6 {
            layouts.push(("2006-01-02T15:04Z07:00", local()));
            layouts.push(("2006-01-02T15:04", named("datetime-local")));
            layouts.push(("15:04", named("time-local")));
        }
        let invalid = || self.error_at(it.line, format!("invalid datetime: {}", q(&v)));
        for (layout, loc) in layouts {
            if let Ok(t) = parse_in(layout, &v, loc, self.zones.local.clone()) {
                if missing_leading_zero(&v, layout)? {
                    return Err(invalid());
                }
                return Ok(GoVal::Time(t));
            }
        }
        Err(invalid())
    }

    fn value_array(&mut self) -> Res<(GoVal, Kind)> {
        let current = self.current_key.clone();
        self.set_type(&current, Kind::Array);
        let mut array = Vec::new();
        loop {
            let it = self.next()?;
            match it.typ {
                ItemType::ArrayEnd => break,
                ItemType::CommentStart => {
                    self.expect(ItemType::Text)?;
                }
                _ => array.push(self.value(it, true)?.0),
            }
        }
        Ok((GoVal::Slice(array), Kind::Array))
    }

    fn value_inline_table(&mut self, parent_is_array: bool) -> Res<(GoVal, Kind)> {
        let top = new_map();
        let outer_context = self.context.clone();
        let outer_key = std::mem::take(&mut self.current_key);
        self.context.push(outer_key.clone());
        let prev_context = self.context.clone();
        self.add_implicit(&prev_context);
        self.add_context(&prev_context, parent_is_array)?;
        loop {
            let it = self.next()?;
            match it.typ {
                ItemType::InlineTableEnd => break,
                ItemType::CommentStart => {
                    self.expect(ItemType::Text)?;
                    continue;
                }
                _ => {}
            }
            let first = self.next_pos()?;
            let key = self.key_parts(first, ItemType::KeyEnd)?;
            self.dotted_key(&key)?;
            let v = self.next()?;
            let (val, kind) = self.value(v, false)?;
            let current = self.current_key.clone();
            self.set_value(&current, val.clone())?;
            self.set_type(&current, kind);
            let mut hash = top.clone();
            for c in &key[..key.len() - 1] {
                let h = hash.borrow().get(c).cloned();
                let h = match h {
                    Some(h) => h,
                    None => {
                        let m = GoVal::Map(new_map());
                        hash.borrow_mut().insert(c.clone(), m.clone());
                        m
                    }
                };
                hash = match h {
                    GoVal::Map(m) => m,
                    _ => {
                        return Err(
                            self.fail(format!("{} is not a table", q(&key_string(&self.context))))
                        )
                    }
                };
            }
            hash.borrow_mut().insert(current, val);
            self.context = prev_context.clone();
        }
        self.context = outer_context;
        self.current_key = outer_key;
        Ok((GoVal::Map(top), Kind::Other))
    }

    /// `p.addContext`: enters the table `key` (an array of tables' new element when
    /// `array`), making its parents as implicit tables.
    fn add_context(&mut self, key: &[String], array: bool) -> Res<()> {
        let Some((last, parents)) = key.split_last() else {
            return Err(Failure::Panic(
                "runtime error: index out of range [-1]".into(),
            ));
        };
        let mut hash = self.mapping.clone();
        let mut key_context: Vec<String> = Vec::new();
        for k in parents {
            key_context.push(k.clone());
            if !hash.borrow().contains_key(k) {
                self.add_implicit(&key_context);
                hash.borrow_mut().insert(k.clone(), GoVal::Map(new_map()));
            }
            let next = match hash.borrow().get(k) {
                Some(GoVal::Maps(t)) => t.last().cloned(),
                Some(GoVal::Map(t)) => Some(t.clone()),
                _ => None,
            };
            hash = match next {
                Some(h) => h,
                None => {
                    return Err(self.fail(format!(
                        "Key '{}' was already created as a hash.",
                        key_string(&key_context)
                    )))
                }
            };
        }
        self.context = key_context;
        if array {
            let mut h = hash.borrow_mut();
            let entry = h
                .entry(last.clone())
                .or_insert_with(|| GoVal::Maps(Vec::new()));
            match entry {
                GoVal::Maps(tables) => tables.push(new_map()),
                _ => {
                    drop(h);
                    return Err(self.fail(format!(
                        "Key '{}' was already created and cannot be used as an array.",
                        key_string(key)
                    )));
                }
            }
        } else {
            self.set_value(last, GoVal::Map(new_map()))?;
        }
        self.context.push(last.clone());
        Ok(())
    }

    /// `p.setValue`: sets `key` in the table in scope, where it is new or only implicit.
    fn set_value(&mut self, key: &str, value: GoVal) -> Res<()> {
        let mut hash = self.mapping.clone();
        let mut key_context: Vec<String> = Vec::new();
        for k in &self.context {
            key_context.push(k.clone());
            let next = match hash.borrow().get(k) {
                None => {
                    return Err(Self::bug(format!(
                        "Context for key '{}' has not been established.",
                        key_string(&key_context)
                    )))
                }
                Some(GoVal::Maps(t)) => t.last().cloned(),
                Some(GoVal::Map(t)) => Some(t.clone()),
                Some(_) => None,
            };
            hash = match next {
                Some(h) => h,
                None => {
                    return Err(self.fail(format!(
                        "Key '{}' has already been defined.",
                        key_string(&key_context)
                    )))
                }
            };
        }
        key_context.push(key.to_string());
        let kc = key_string(&key_context);
        let defined = format!("Key '{kc}' has already been defined.");
        if hash.borrow().contains_key(key) {
            if self.key_info.get(&kc) == Some(&Kind::Array) {
                // 1.6 refuses to redefine an array that was not implicit; 1.5 replaced it.
                if self.version >= BurntSushiToml::V1_6 && !self.implicits.contains(&kc) {
                    return Err(self.fail(defined));
                }
                self.implicits.remove(&kc);
                hash.borrow_mut().insert(key.to_string(), value);
                return Ok(());
            }
            if self.implicits.remove(&kc) {
                return Ok(());
            }
            return Err(self.fail(defined));
        }
        hash.borrow_mut().insert(key.to_string(), value);
        Ok(())
    }

    /// `p.setType`: the type of `key` in the table in scope (of the table itself for "").
    fn set_type(&mut self, key: &str, kind: Kind) {
        let mut k = self.context.clone();
        if !key.is_empty() {
            k.push(key.to_string());
        }
        let name = if k.is_empty() {
            "\"\"".to_string()
        } else {
            key_string(&k)
        };
        self.key_info.insert(name, kind);
    }

    fn add_implicit(&mut self, key: &[String]) {
        self.implicits.insert(key_string(key));
    }

    fn add_implicit_context(&mut self, key: &[String]) -> Res<()> {
        self.add_implicit(key);
        self.add_context(key, false)
    }

    /// `p.replaceEscapes`: a basic string's escapes (the lexer checked their form).
    fn replace_escapes(&self, it: &Item, s: &str) -> Res<String> {
        let b = s.as_bytes();
        let mut out = String::with_capacity(s.len());
        let mut skip = 0;
        for (i, c) in s.char_indices() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some(&e) = b.get(i + 1) else {
                return Err(Failure::Panic(format!(
                    "runtime error: index out of range [{}] with length {}",
                    i + 1,
                    b.len()
                )));
            };
            let hex = |n: usize| -> Res<char> {
                let digits = s.get(i + 2..i + 2 + n).ok_or_else(|| {
                    Failure::Panic(format!(
                        "runtime error: slice bounds out of range [:{}] with length {}",
                        i + 2 + n,
                        b.len()
                    ))
                })?;
                self.escaped_char(it, digits)
            };
            match e {
                b' ' | b'\t' => {
                    return Err(
                        self.error_at(it.line, format!("invalid escape: '\\{}'", char::from(e)))
                    )
                }
                b'b' => out.push('\u{8}'),
                b't' => out.push('\t'),
                b'n' => out.push('\n'),
                b'f' => out.push('\u{c}'),
                b'r' => out.push('\r'),
                b'e' if self.version >= BurntSushiToml::V1_6 => out.push('\u{1b}'),
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'x' if self.version >= BurntSushiToml::V1_6 => {
                    out.push(hex(2)?);
                    skip = 3;
                    continue;
                }
                b'u' => {
                    out.push(hex(4)?);
                    skip = 5;
                    continue;
                }
                b'U' => {
                    out.push(hex(8)?);
                    skip = 9;
                    continue;
                }
                // 1.4 and 1.5 write nothing for `\e` and `\x`, which their lexer refused.
                b'e' | b'x' => {
                    continue;
                }
                other => {
                    return Err(Self::bug(format!(
                        "Expected valid escape code after \\, but got {}.",
                        super::lex::quote_rune(u32::from(other))
                    )))
                }
            }
            skip = 1;
        }
        Ok(out)
    }

    /// `p.asciiEscapeToUnicode`.
    fn escaped_char(&self, it: &Item, digits: &str) -> Res<char> {
        if !digits.chars().all(|c| is_hex(u32::from(c))) {
            return Err(Self::bug(format!(
                "Could not parse '{digits}' as a hexadecimal number, but the lexer claims it's OK"
            )));
        }
        let n = u32::from_str_radix(digits, 16).ok();
        // Go's `rune(hex)` of a value past 2³¹ is negative: not a valid rune either.
        match n.and_then(char::from_u32) {
            Some(c) => Ok(c),
            None => Err(self.error_at(
                it.line,
                format!("Escaped character '\\u{digits}' is not valid UTF-8."),
            )),
        }
    }
}

fn strip_first_newline(s: &str) -> &str {
    s.strip_prefix('\n')
        .or_else(|| s.strip_prefix("\r\n"))
        .unwrap_or(s)
}

/// `stripEscapedNewlines`: a backslash that ends a line, and the whitespace after it, go.
fn strip_escaped_newlines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut s = s;
    let mut i = 0;
    loop {
        let Some(ix) = s[i..].find('\\') else {
            out.push_str(s);
            return out;
        };
        i += ix;
        if s.as_bytes().get(i + 1) == Some(&b'\\') {
            i += 2;
            continue;
        }
        let mut j = i + 1;
        while j < s.len() && matches!(s.as_bytes()[j], b' ' | b'\t' | b'\r' | b'\n') {
            j += 1;
        }
        if j == i + 1 || !s[i..j].contains('\n') {
            i += 1;
            continue;
        }
        out.push_str(&s[..i]);
        s = &s[j..];
        i = 0;
    }
}

/// `numHasLeadingZero`: a `0` before other digits (a sign and the base prefixes allowed).
fn num_has_leading_zero(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() > 1 && b[0] == b'0' && !matches!(b[1], b'b' | b'o' | b'x') {
        return true;
    }
    b.len() > 2 && (b[0] == b'-' || b[0] == b'+') && b[1] == b'0'
}

/// `numUnderscoresOK`: every `_` between two characters that are not `_` (hex digits), and
/// not last.
fn num_underscores_ok(s: &str) -> bool {
    if matches!(s, "nan" | "+nan" | "-nan" | "inf" | "-inf" | "+inf") {
        return true;
    }
    let mut accept = false;
    for c in s.chars() {
        if c == '_' && !accept {
            return false;
        }
        accept = is_hex(u32::from(c));
    }
    accept
}

/// `numPeriodsOK`: every `.` followed by a digit.
fn num_periods_ok(s: &str) -> bool {
    let mut period = false;
    for c in s.chars() {
        if period && !c.is_ascii_digit() {
            return false;
        }
        period = c == '.';
    }
    !period
}

/// `missingLeadingZero`: Go's time parsing takes `7` for `15`; the library wants the layout's
/// separators where the layout has them.
fn missing_leading_zero(d: &str, layout: &str) -> Res<bool> {
    let db = d.as_bytes();
    for (i, c) in layout.bytes().enumerate() {
        if c == b'.' || c == b'Z' {
            return Ok(false);
        }
        if !c.is_ascii_digit() {
            let Some(&got) = db.get(i) else {
                return Err(Failure::Panic(format!(
                    "runtime error: index out of range [{i}] with length {}",
                    db.len()
                )));
            };
            if got != c {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// Go's `strconv.ParseInt(s, 0, 64)` on what the lexer lets through (underscores checked):
/// `Err(true)` out of range, `Err(false)` a syntax error.
fn parse_int(s: &str) -> Result<i64, bool> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let body = body.replace('_', "");
    let (radix, digits) = match body.get(..2) {
        Some("0x") => (16, &body[2..]),
        Some("0o") => (8, &body[2..]),
        Some("0b") => (2, &body[2..]),
        _ if body.len() > 1 && body.starts_with('0') => (8, &body[1..]),
        _ => (10, body.as_str()),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(false);
    }
    let mut n: u128 = 0;
    for c in digits.chars() {
        n = n * u128::from(radix) + u128::from(c.to_digit(radix).unwrap_or(0));
        if n > 1 << 64 {
            return Err(true);
        }
    }
    let limit: u128 = if neg { 1 << 63 } else { (1 << 63) - 1 };
    if n > limit {
        return Err(true);
    }
    Ok(if neg {
        (n as i128).wrapping_neg() as i64
    } else {
        n as i64
    })
}

/// Go's `strconv.ParseFloat(s, 64)` on what the lexer lets through: `Err(true)` out of
/// range, `Err(false)` a syntax error.
fn parse_float(s: &str) -> Result<f64, bool> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if body.eq_ignore_ascii_case("inf")
        || body.eq_ignore_ascii_case("infinity")
        || body.eq_ignore_ascii_case("nan")
    {
        if body.eq_ignore_ascii_case("nan") && body.len() != s.len() {
            return Err(false);
        }
        return s.parse().map_err(|_| false);
    }
    // Decimal syntax: digits with an optional point, an optional exponent.
    let b = body.as_bytes();
    let mut i = 0;
    let mut digits = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
        digits += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
            digits += 1;
        }
    }
    if digits == 0 {
        return Err(false);
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return Err(false);
        }
    }
    if i != b.len() {
        return Err(false);
    }
    let f: f64 = s.parse().map_err(|_| false)?;
    if f.is_infinite() {
        return Err(true);
    }
    Ok(f)
}
