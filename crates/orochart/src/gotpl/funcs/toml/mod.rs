//! Helm's `toToml` (BurntSushi/toml's encoder: plain keys first, then tables, sub-tables
//! indented two spaces per level, floats always with a decimal point) and `fromToml`
//! (BurntSushi/toml's reader, [`lex`] and [`parse`], into Go's types: integers `int64`, floats
//! `float64`, datetimes `time.Time`, arrays of tables `[]map[string]interface {}`; the
//! library's error text in the result map as `Error`).

mod lex;
mod parse;

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::gotpl::func::{Ctx, FuncError};
use crate::gotpl::value::{List, ListType, Value};
use crate::profile::BurntSushiToml;

use super::conv::{arg, sb, string, FResult};
use super::date::GoTime;
use super::durations::Duration;
use parse::{Failure, GoVal, Parser, Zones};

/// BurntSushi's `dblQuotedReplacer`.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn key_part(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        quote(k)
    }
}

fn key_path(key: &[String]) -> String {
    key.iter()
        .map(|k| key_part(k))
        .collect::<Vec<_>>()
        .join(".")
}

/// What the encoder makes of a value: objects through their JSON form (a struct's fields
/// are taken by [`table_entries`] first).
fn plain(v: &Value) -> Value {
    match v {
        Value::Object(o) => o.to_json().unwrap_or_default(),
        other => other.clone(),
    }
}

/// Whether `v` is one of Helm's structs, which the encoder writes field by field.
fn is_struct(v: &Value) -> bool {
    matches!(v, Value::Object(o) if o.toml_fields().is_some())
}

/// The entries of a table: a map's in key order, a struct's (Helm's) in declaration order
/// under their Go names (BurntSushi reads no `json` tags); `None` for any other value.
fn table_entries(v: &Value) -> Option<Vec<(String, Value)>> {
    match v {
        Value::Object(o) => match o.toml_fields() {
            Some(fields) => Some(fields),
            None => table_entries(&plain(v)),
        },
        Value::Map(m) => Some(
            m.entries
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        _ => None,
    }
}

/// What the encoder writes for a value it does not take apart: a `time.Time` bare (even one
/// `encoding/json` refuses), a `time.Duration` as its quoted `String()`.
fn text_of(v: &Value) -> Option<String> {
    let Value::Object(o) = v else {
        return None;
    };
    let any = o.as_any()?;
    if let Some(t) = any.downcast_ref::<GoTime>() {
        return Some(t.toml_text());
    }
    any.downcast_ref::<Duration>()
        .map(|d| quote(&super::date::duration_string(d.0)))
}

fn written_as_text(v: &Value) -> bool {
    text_of(v).is_some()
}

/// Whether the encoder writes `v` as a table (a map, or a non-empty list of maps), asking
/// each element of a list its type as BurntSushi's `tomlTypeOfGo` does: a `complex128` has
/// none (`unsupported type: complex128`).
fn is_table(v: &Value) -> Result<bool, String> {
    if is_struct(v) {
        return Ok(true);
    }
    Ok(match plain(v) {
        Value::Map(_) => true,
        Value::List(l) => {
            let mut all_maps = !l.items.is_empty();
            for item in l.items.iter() {
                has_toml_type(item)?;
                if plain(item).is_nil() {
                    return Err("toml: cannot encode array with nil element".into());
                }
                all_maps &= is_struct(item) || matches!(plain(item), Value::Map(_));
            }
            all_maps
        }
        _ => {
            has_toml_type(v)?;
            false
        }
    })
}

/// `tomlTypeOfGo`'s refusal of a kind TOML has no type for (a list's elements asked too).
fn has_toml_type(v: &Value) -> Result<(), String> {
    match v {
        Value::Object(o) if o.go_complex().is_some() => {
            Err(format!("unsupported type: {}", o.kind()))
        }
        Value::List(_) => is_table(v).map(|_| ()),
        _ => Ok(()),
    }
}

struct Encoder {
    out: String,
    /// BurntSushi/toml 1.4+'s floats (Helm 4): `strconv.FormatFloat(f, 'g', -1, 64)`
    /// (`1e+06`); before, `'f'` (`1000000.0`).
    float_exponents: bool,
}

impl Encoder {
    fn newline(&mut self) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
    }

    fn indent(&mut self, key: &[String]) {
        for _ in 1..key.len() {
            self.out.push_str("  ");
        }
    }

    fn element(&mut self, v: &Value) -> Result<(), String> {
        if let Some(text) = text_of(v) {
            self.out.push_str(&text);
            return Ok(());
        }
        match plain(v) {
            Value::Nil => return Err("toml: cannot encode array with nil element".into()),
            Value::Bool(b) => self.out.push_str(if b { "true" } else { "false" }),
            Value::Int(i) | Value::Int64(i) => self.out.push_str(&i.to_string()),
            Value::Float(f) => {
                if f.is_nan() {
                    self.out
                        .push_str(if f.is_sign_negative() { "-nan" } else { "nan" });
                } else if f.is_infinite() {
                    self.out.push_str(if f < 0.0 { "-inf" } else { "inf" });
                } else {
                    // strconv.FormatFloat(f, 'f' or 'g', -1, 64), then ".0" if it has no
                    // point nor exponent.
                    let mut t = if self.float_exponents {
                        crate::go::format_float(f)
                    } else {
                        format!("{f}")
                    };
                    if !t.contains(['.', 'e']) {
                        t.push_str(".0");
                    }
                    self.out.push_str(&t);
                }
            }
            Value::String(s) => self.out.push_str(&quote(&s)),
            Value::RawString(b) | Value::Bytes(b) => {
                self.out.push_str(&quote(&crate::go::go_lossy(&b)))
            }
            Value::List(l) => {
                self.out.push('[');
                for (i, item) in l.items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.element(item)?;
                }
                self.out.push(']');
            }
            Value::Map(_) => self.map(&[], &table_entries(v).unwrap_or_default(), true)?,
            Value::Object(_) => {}
        }
        Ok(())
    }

    fn key_value(&mut self, key: &[String], v: &Value, inline: bool) -> Result<(), String> {
        if key.is_empty() {
            return self.element(v);
        }
        self.indent(key);
        self.out.push_str(&key_part(&key[key.len() - 1]));
        self.out.push_str(" = ");
        self.element(v)?;
        if !inline {
            self.newline();
        }
        Ok(())
    }

    fn encode(&mut self, key: &[String], v: &Value) -> Result<(), String> {
        if written_as_text(v) {
            return self.key_value(key, v, false);
        }
        if let Value::Object(o) = v {
            if o.go_complex().is_some() {
                return Err(format!(
                    "unsupported type for key '{}': {}",
                    key_path(key),
                    o.kind()
                ));
            }
        }
        if let Some(entries) = table_entries(v) {
            if key.len() == 1 {
                self.newline();
            }
            if !key.is_empty() {
                self.indent(key);
                self.out.push_str(&format!("[{}]", key_path(key)));
                self.newline();
            }
            return self.map(key, &entries, false);
        }
        match plain(v) {
            Value::Nil => Ok(()),
            Value::List(l) if is_table(&Value::List(l.clone()))? => {
                // An array of tables needs a key to name it (BurntSushi's `errNoKey`).
                if key.is_empty() {
                    return Err("toml: top-level values must be Go maps or structs".into());
                }
                for item in l.items.iter() {
                    let Some(entries) = table_entries(item) else {
                        continue;
                    };
                    self.newline();
                    self.indent(key);
                    self.out.push_str(&format!("[[{}]]", key_path(key)));
                    self.newline();
                    self.map(key, &entries, false)?;
                }
                Ok(())
            }
            _ => self.key_value(key, v, false),
        }
    }

    fn map(&mut self, key: &[String], m: &[(String, Value)], inline: bool) -> Result<(), String> {
        let mut sub = Vec::new();
        let mut direct = Vec::new();
        for entry in m.iter() {
            if is_table(&entry.1)? {
                sub.push(entry);
            } else {
                direct.push(entry);
            }
        }
        if inline {
            self.out.push('{');
        }
        let groups = [(direct, !sub.is_empty()), (sub, false)];
        for (keys, trail) in groups {
            let keys: Vec<_> = keys.into_iter().filter(|(_, v)| !v.is_nil()).collect();
            let n = keys.len();
            for (i, (k, v)) in keys.into_iter().enumerate() {
                if inline {
                    self.key_value(std::slice::from_ref(k), v, true)?;
                    if trail || i + 1 != n {
                        self.out.push_str(", ");
                    }
                } else {
                    let mut path = key.to_vec();
                    path.push(k.clone());
                    self.encode(&path, v)?;
                }
            }
        }
        if inline {
            self.out.push('}');
        }
        Ok(())
    }
}

/// `toToml`: the TOML text, or the encoder's error as the text.
pub fn to_toml(ctx: &mut Ctx, a: &[Value]) -> FResult {
    // The encoder asks the type first (and only turns its own panics into errors).
    super::dicts::untyped_nil_panics(a)?;
    let mut e = Encoder {
        out: String::new(),
        float_exponents: ctx.funcs.toml >= BurntSushiToml::V1_6,
    };
    match e.encode(&[], arg(a, 0)) {
        Ok(()) => string(e.out),
        Err(err) => string(err),
    }
}

/// Helm 4's `mustToToml`: the encoder's error as an error.
pub fn must_to_toml(ctx: &mut Ctx, a: &[Value]) -> FResult {
    // The encoder asks the type first (and only turns its own panics into errors).
    super::dicts::untyped_nil_panics(a)?;
    let mut e = Encoder {
        out: String::new(),
        float_exponents: ctx.funcs.toml >= BurntSushiToml::V1_6,
    };
    e.encode(&[], arg(a, 0)).map_err(FuncError)?;
    string(e.out)
}

/// The Go value the parser built, as the template sees it.
fn go_value(v: GoVal) -> Value {
    let table = |m: parse::Map| {
        let entries = std::mem::take(&mut *m.borrow_mut());
        Value::dict(
            entries
                .into_iter()
                .map(|(k, v)| (k, go_value(v)))
                .collect::<crate::gotpl::value::Entries>(),
        )
    };
    match v {
        GoVal::Map(m) => table(m),
        GoVal::Maps(ms) => Value::List(List {
            items: Rc::new(ms.into_iter().map(table).collect()),
            elem: ListType::Maps,
        }),
        GoVal::Slice(items) => Value::list(items.into_iter().map(go_value).collect()),
        GoVal::Str(s) => Value::from(s),
        GoVal::Int(i) => Value::Int64(i),
        GoVal::Float(f) => Value::Float(f),
        GoVal::Bool(b) => Value::Bool(b),
        GoVal::Time(t) => t.value(),
    }
}

/// `toml.Unmarshal` into a `map[string]interface {}`: the map, the library's error text, or
/// a Go panic's.
fn unmarshal(ctx: &mut Ctx, data: &[u8]) -> Result<Value, Failure> {
    // The byte order marks the library skips (UTF-16's too), and the NUL bytes that tell it
    // the text is UTF-16.
    let data = if data.starts_with(b"\xff\xfe") || data.starts_with(b"\xfe\xff") {
        &data[2..]
    } else {
        data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data)
    };
    if data.iter().take(6).any(|&b| b == 0) {
        return Err(Failure::Parse(
            "toml: line 1: files cannot contain NULL bytes; probably using UTF-16; TOML files \
             must be UTF-8"
                .into(),
        ));
    }
    // Datetimes without an offset are read in fixed zones at the local offset of the moment
    // the library was loaded.
    let local = ctx.local_zone();
    let now = ctx.now().unix;
    let zones = Zones {
        local_offset: local.lookup(now).0,
        local,
    };
    let map = Parser::run(data, ctx.funcs.toml, zones)?;
    Ok(go_value(GoVal::Map(map)))
}

/// `fromToml`: a map, or `map[Error:…]`; the library's panics are the function's errors.
pub fn from_toml(ctx: &mut Ctx, a: &[Value]) -> FResult {
    match unmarshal(ctx, sb(a, 0)) {
        Ok(v) => Ok(v),
        Err(Failure::Parse(e)) => {
            let mut m = BTreeMap::new();
            m.insert("Error".to_string(), Value::from(e));
            Ok(Value::dict(m))
        }
        Err(Failure::Panic(e)) => Err(FuncError(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(pairs: Vec<(&str, Value)>) -> Value {
        Value::dict(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<crate::gotpl::value::Entries>(),
        )
    }

    /// What `toToml` of `v` prints (its text, or its error as the text).
    fn to_toml_text(c: &mut Ctx, v: Value) -> String {
        to_toml(c, &[v])
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// BurntSushi/toml asks each value its TOML type: a `complex128` has none. Expected
    /// text from `helm template` (3.17.2, 4.3.1).
    #[test]
    fn to_toml_refuses_complex_numbers() {
        let mut c = Ctx::new();
        let i = crate::gotpl::value::Complex128::value(0.0, 1.0);
        assert_eq!(
            to_toml_text(&mut c, i.clone()),
            "unsupported type for key '': complex128"
        );
        assert_eq!(
            to_toml_text(&mut c, d(vec![("a", i.clone())])),
            "unsupported type: complex128"
        );
        assert_eq!(
            to_toml_text(
                &mut c,
                d(vec![("a", Value::list(vec![Value::Int(1), i.clone()]))])
            ),
            "unsupported type: complex128"
        );
        // A list's elements are asked in order: a nil first is its own error.
        assert_eq!(
            to_toml_text(&mut c, Value::list(vec![i.clone(), Value::Nil])),
            "unsupported type: complex128"
        );
        assert_eq!(
            to_toml_text(&mut c, Value::list(vec![Value::Nil, i.clone()])),
            "toml: cannot encode array with nil element"
        );
        // An array of tables needs a key.
        assert_eq!(
            to_toml_text(&mut c, Value::list(vec![d(vec![("a", i)])])),
            "toml: top-level values must be Go maps or structs"
        );
    }

    // Expected text from `helm template` (v3.17.2).
    #[test]
    fn to_toml_matches_helm() {
        let mut c = Ctx::new();
        let v = d(vec![
            ("a", Value::Int(1)),
            ("b", d(vec![("c", Value::str("x"))])),
            ("l", Value::list(vec![Value::Int(1), Value::Int(2)])),
        ]);
        assert_eq!(
            to_toml_text(&mut c, v),
            "a = 1\nl = [1, 2]\n\n[b]\n  c = \"x\"\n"
        );
        let v = d(vec![
            ("a b", Value::Int(1)),
            ("c", d(vec![("d.e", d(vec![("f", Value::Float(2.0))]))])),
            (
                "t",
                Value::list(vec![
                    d(vec![("x", Value::Int(1))]),
                    d(vec![("y", Value::str("q\""))]),
                ]),
            ),
            ("n", Value::Nil),
            ("e", Value::list(vec![])),
        ]);
        assert_eq!(
            to_toml_text(&mut c, v),
            "\"a b\" = 1\ne = []\n\n[c]\n  [c.\"d.e\"]\n    f = 2.0\n\n[[t]]\n  x = 1\n\n[[t]]\n  y = \"q\\\"\"\n"
        );
    }

    #[test]
    fn from_toml_reads_go_types() {
        let mut c = Ctx::new();
        let Ok(Value::Map(m)) = from_toml(&mut c, &[Value::str("a = 1\nb = 1.5\n[e]\nf = true")])
        else {
            panic!("fromToml failed");
        };
        assert!(matches!(m.get("a"), Some(Value::Int64(1))));
        assert_eq!(
            crate::gotpl::fmt::to_string(&Value::Map(m)),
            "map[a:1 b:1.5 e:map[f:true]]"
        );
        let Ok(Value::Map(bad)) = from_toml(&mut c, &[Value::str("a = ")]) else {
            panic!("fromToml failed");
        };
        assert!(bad.get("Error").is_some());
    }

    /// `fromToml`'s `Error` for malformed TOML (`None`: read without error), as `helm
    /// template` printed it with Helm 3.17.2, 3.18.0 and 4.3.1 (BurntSushi/toml 1.4.0, 1.5.0
    /// and 1.6.0; 3.19 and 4.1 to 4.3 agree with the one of the same release).
    #[test]
    fn from_toml_errors_read_as_helms() {
        #[rustfmt::skip]
        let cases: &[(&[u8], [Option<&str>; 3])] = &[
        (b"a = [1,,2]", [Some("toml: line 1 (last key \"a\"): unexpected comma"); 3]),
        (b"a = [1 2]", [Some("toml: line 1 (last key \"a\"): expected a comma (',') or array terminator (']'), but got '2'"); 3]),
        (b"a = [1,", [Some("toml: line 0 (last key \"a\"): unexpected EOF; expected value"), Some("toml: line 1 (last key \"a\"): unexpected EOF; expected value"), Some("toml: line 1 (last key \"a\"): unexpected EOF; expected value")]),
        (b"a = [1", [Some("toml: line 0 (last key \"a\"): expected a comma (',') or array terminator (']'), but got end of file"), Some("toml: line 1 (last key \"a\"): expected a comma (',') or array terminator (']'), but got end of file"), Some("toml: line 1 (last key \"a\"): expected a comma (',') or array terminator (']'), but got end of file")]),
        (b"a = {b = 1", [Some("toml: line 0 (last key \"a.b\"): expected a comma or an inline table terminator '}', but got end of file instead"), Some("toml: line 1 (last key \"a.b\"): expected a comma or an inline table terminator '}', but got end of file instead"), Some("toml: line 1 (last key \"a.b\"): expected a comma or an inline table terminator '}', but got end of file instead")]),
        (b"a = {b = 1,}", [Some("toml: line 1 (last key \"a.b\"): trailing comma not allowed in inline tables"), Some("toml: line 1 (last key \"a.b\"): trailing comma not allowed in inline tables"), None]),
        (b"a = {\nb = 1}", [Some("toml: line 1 (last key \"a\"): newlines not allowed within inline tables"), Some("toml: line 1 (last key \"a\"): newlines not allowed within inline tables"), None]),
        (b"a = {b = 1 c = 2}", [Some("toml: line 1 (last key \"a.b\"): expected a comma or an inline table terminator '}', but got 'c' instead"); 3]),
        (b"a = 1 b = 2", [Some("toml: line 1: expected a top-level item to end with a newline, comment, or EOF, but got 'b' instead"); 3]),
        (b"a", [Some("toml: line 0: unexpected EOF; expected key separator '='"), Some("toml: line 1: unexpected EOF; expected key separator '='"), Some("toml: line 1: unexpected EOF; expected key separator '='")]),
        (b"a\n", [Some("toml: line 2: expected '.' or '=', but got '\\n' instead"), Some("toml: line 1: expected '.' or '=', but got '\\n' instead"), Some("toml: line 1: expected '.' or '=', but got '\\n' instead")]),
        (b"a =\n", [Some("toml: line 2 (last key \"a\"): expected value but found '\\n' instead"), Some("toml: line 1 (last key \"a\"): expected value but found '\\n' instead"), Some("toml: line 1 (last key \"a\"): expected value but found '\\n' instead")]),
        (b"= 1", [Some("toml: line 1: unexpected '=': key name appears blank"); 3]),
        (b".a = 1", [Some("toml: line 1: unexpected '.': keys cannot start with a '.'"); 3]),
        (b"a. = 1", [Some("toml: line 1: unexpected '='"); 3]),
        (b"a..b = 1", [Some("toml: line 1: unexpected '.'"); 3]),
        (b"[]", [Some("toml: line 1: unexpected end of table name (table names cannot be empty)"); 3]),
        (b"[.a]", [Some("toml: line 1: unexpected table separator (table names cannot be empty)"); 3]),
        (b"[a b]", [Some("toml: line 1: expected '.' or ']' to end table name, but got 'b' instead"); 3]),
        (b"[[a]", [Some("toml: line 0: expected end of table array name delimiter ']', but got '\\x00' instead"), Some("toml: line 1: expected end of table array name delimiter ']', but got '\\x00' instead"), Some("toml: line 1: expected end of table array name delimiter ']', but got '\\x00' instead")]),
        (b"[[a] ]", [Some("toml: line 1: expected end of table array name delimiter ']', but got ' ' instead"); 3]),
        (b"a = \"abc", [Some("toml: line 0 (last key \"a\"): unexpected EOF; expected '\"'"), Some("toml: line 1 (last key \"a\"): unexpected EOF; expected '\"'"), Some("toml: line 1 (last key \"a\"): unexpected EOF; expected '\"'")]),
        (b"a = \"abc\n", [Some("toml: line 1 (last key \"a\"): strings cannot contain newlines"); 3]),
        (b"a = 'abc", [Some("toml: line 0 (last key \"a\"): unexpected EOF; expected \"'\""), Some("toml: line 1 (last key \"a\"): unexpected EOF; expected \"'\""), Some("toml: line 1 (last key \"a\"): unexpected EOF; expected \"'\"")]),
        (b"a = \"\"\"abc", [Some("toml: line 0 (last key \"a\"): unexpected EOF; expected '\"\"\"'"), Some("toml: line 1 (last key \"a\"): unexpected EOF; expected '\"\"\"'"), Some("toml: line 1 (last key \"a\"): unexpected EOF; expected '\"\"\"'")]),
        (b"a = '''abc\n", [Some("toml: line 1 (last key \"a\"): unexpected EOF; expected \"'''\""); 3]),
        (b"a = \"\"\"\"\"\"\"", [None; 3]),
        (b"a = '''''''", [None; 3]),
        (b"a = \"\\q\"", [Some("toml: line 1 (last key \"a\"): invalid escape in string '\\q'"); 3]),
        (b"a = \"\\x41\"", [Some("toml: line 1 (last key \"a\"): invalid escape in string '\\x'"), Some("toml: line 1 (last key \"a\"): invalid escape in string '\\x'"), None]),
        (b"a = \"\\e\"", [Some("toml: line 1 (last key \"a\"): invalid escape in string '\\e'"), Some("toml: line 1 (last key \"a\"): invalid escape in string '\\e'"), None]),
        (b"a = \"\\u00\"", [Some("toml: line 1 (last key \"a\"): expected four hexadecimal digits after '\\u', but got \"\\\\u00\\\"\" instead"); 3]),
        (b"a = \"\\x4\"", [Some("toml: line 1 (last key \"a\"): invalid escape in string '\\x'"), Some("toml: line 1 (last key \"a\"): invalid escape in string '\\x'"), Some("toml: line 1 (last key \"a\"): expected two hexadecimal digits after '\\x', but got \"\\\\x4\\\"\" instead")]),
        (b"a = \"\\UFFFFFFFF\"", [Some("toml: line 1 (last key \"a\"): Escaped character '\\uFFFFFFFF' is not valid UTF-8."); 3]),
        (b"a = \"\\uD800\"", [Some("toml: line 1 (last key \"a\"): Escaped character '\\uD800' is not valid UTF-8."); 3]),
        (b"a = \"a\\ b\"", [Some("toml: line 1 (last key \"a\"): invalid escape: '\\ '"); 3]),
        (b"a = \"\"\"a\\ b\"\"\"", [Some("toml: line 1 (last key \"a\"): invalid escape: '\\ '"); 3]),
        (b"a = \"\x01\"", [Some("toml: line 1 (last key \"a\"): TOML files cannot contain control characters: '0x01'"); 3]),
        (b"a = 1\rb = 2", [Some("toml: line 1 (last key \"a\"): TOML files cannot contain control characters: '0x0d'"); 3]),
        (b"a = \"\xff\"", [Some("toml: line 1 (last key \"a\"): invalid UTF-8 byte: 0xff"); 3]),
        (b"a\x00 = 1", [Some("toml: line 1: files cannot contain NULL bytes; probably using UTF-16; TOML files must be UTF-8"); 3]),
        (b"a = 1\n# \x7f", [Some("toml: line 2: TOML files cannot contain control characters: '0x7f'"); 3]),
        (b"\xff\xfea\x00 \x00= 1", [Some("toml: line 1: files cannot contain NULL bytes; probably using UTF-16; TOML files must be UTF-8"); 3]),
        (b"a = tru", [Some("toml: line 1 (last key \"a\"): expected value but found \"tru\" instead"); 3]),
        (b"a = \xc3\xa9", [Some("toml: line 1 (last key \"a\"): expected value but found \"é\" instead"); 3]),
        (b"a = @", [Some("toml: line 1 (last key \"a\"): expected value but found '@' instead"); 3]),
        (b"a = .5", [Some("toml: line 1 (last key \"a\"): floats must start with a digit, not '.'"); 3]),
        (b"a = +.5", [Some("toml: line 1 (last key \"a\"): floats must start with a digit, not '.'"); 3]),
        (b"a = +x", [Some("toml: line 1 (last key \"a\"): expected a digit but got 'x'"); 3]),
        (b"a = +0x1", [Some("toml: line 1 (last key \"a\"): cannot use sign with non-decimal numbers: '+0x'"); 3]),
        (b"a = -in", [Some("toml: line 1 (last key \"a\"): invalid float: '-in'"); 3]),
        (b"a = 0xg", [Some("toml: line 1 (last key \"a\"): not a hexidecimal number: '0xg'"), Some("toml: line 1 (last key \"a\"): not a hexadecimal number: '0xg'"), Some("toml: line 1 (last key \"a\"): not a hexadecimal number: '0xg'")]),
        (b"a = 0x", [Some("toml: line 1 (last key \"a\"): not a hexidecimal number: '0x\u{0}'"), Some("toml: line 1 (last key \"a\"): not a hexadecimal number: '0x\u{0}'"), Some("toml: line 1 (last key \"a\"): not a hexadecimal number: '0x\u{0}'")]),
        (b"a = 0b2", [Some("toml: line 1 (last key \"a\"): not a binary number: '0b2'"); 3]),
        (b"a = 0o8", [Some("toml: line 1 (last key \"a\"): not an octal number: '0o8'"); 3]),
        (b"a = 00", [Some("toml: line 1 (last key \"a\"): Invalid integer \"00\": cannot have leading zeroes"); 3]),
        (b"a = 1__0", [Some("toml: line 1 (last key \"a\"): Invalid integer \"1__0\": underscores must be surrounded by digits"); 3]),
        (b"a = 9223372036854775808", [Some("toml: line 1 (last key \"a\"): 9223372036854775808 is out of range for int64"); 3]),
        (b"a = -9223372036854775809", [Some("toml: line 1 (last key \"a\"): -9223372036854775809 is out of range for int64"); 3]),
        (b"a = 1e400", [Some("toml: line 1 (last key \"a\"): 1e400 is out of range for float64"); 3]),
        (b"a = 1.5.5", [Some("toml: line 1 (last key \"a\"): Invalid float value: \"1.5.5\""); 3]),
        (b"a = 1.", [Some("toml: line 1 (last key \"a\"): Invalid float \"1.\": '.' must be followed by one or more digits"); 3]),
        (b"a = 01.5", [Some("toml: line 1 (last key \"a\"): Invalid float \"01.5\": cannot have leading zeroes"); 3]),
        (b"a = 1_.5", [Some("toml: line 1 (last key \"a\"): Invalid float \"1_.5\": underscores must be surrounded by digits"); 3]),
        (b"a = 1979-05-27T25:00:00Z", [Some("toml: line 1 (last key \"a\"): invalid datetime: \"1979-05-27T25:00:00Z\""); 3]),
        (b"a = 1979-05-27T7:32:00", [Some("toml: line 1 (last key \"a\"): invalid datetime: \"1979-05-27T7:32:00\""); 3]),
        (b"a = 1979-05-27T07:32", [Some("toml: line 1 (last key \"a\"): invalid datetime: \"1979-05-27T07:32\""), Some("toml: line 1 (last key \"a\"): invalid datetime: \"1979-05-27T07:32\""), None]),
        (b"a = 07:32", [Some("toml: line 1 (last key \"a\"): invalid datetime: \"07:32\""), Some("toml: line 1 (last key \"a\"): invalid datetime: \"07:32\""), None]),
        (b"a = 1979-05-27 07:32:00 Z", [Some("toml: line 1 (last key \"a\"): invalid datetime: \"1979-05-27T07:32:00TZ\""); 3]),
        (b"a = 1979-05-27T07:32:00+25:00", [Some("toml: line 1 (last key \"a\"): invalid datetime: \"1979-05-27T07:32:00+25:00\""); 3]),
        (b"a = 1\na = 2", [Some("toml: line 2 (last key \"a\"): Key 'a' has already been defined."); 3]),
        (b"[a]\n[a]", [Some("toml: line 2: Key 'a' has already been defined."); 3]),
        (b"a = 1\n[a]", [Some("toml: line 2: Key 'a' has already been defined."); 3]),
        (b"[a]\nb = 1\n[a.b]", [Some("toml: line 3 (last key \"a\"): Key 'a.b' has already been defined."); 3]),
        (b"a = [1]\n[[a]]", [Some("toml: line 2: Key 'a' was already created and cannot be used as an array."); 3]),
        (b"a = 1\na.b = 2", [Some("toml: line 2 (last key \"a.b\"): Key 'a' has already been defined."); 3]),
        (b"a = [1]\na = [2]", [None, None, Some("toml: line 2 (last key \"a\"): Key 'a' has already been defined.")]),
        (b"a = {b = 1, b.c = 2}", [Some("toml: line 1 (last key \"a.b.c\"): Key 'a.b' has already been defined."); 3]),
        (b"a = {b = 1}\na.c = 2", [None; 3]),
        (b"[[a]]\n[a]", [Some("toml: line 2: Key 'a' has already been defined."); 3]),
        (b"\"a b\".c = 1\n\"a b\".c = 2", [Some("toml: line 2 (last key \"\\\"a b\\\".c\"): Key '\"a b\".c' has already been defined."); 3]),
        (b"[\"x\\\"y\"]\nk = @", [Some("toml: line 2 (last key \"\\\"x\\\\\\\"y\\\".k\"): expected value but found '@' instead"); 3]),
        (b"[a.b]\nc = 1\n[a]\nb = 2", [Some("toml: line 4 (last key \"a.b\"): Key 'a.b' has already been defined."); 3]),
        ];
        let versions = [
            BurntSushiToml::V1_4,
            BurntSushiToml::V1_5,
            BurntSushiToml::V1_6,
        ];
        for (input, expected) in cases {
            for (version, want) in versions.into_iter().zip(expected) {
                let mut c = Ctx::new();
                c.funcs.toml = version;
                let got = match from_toml(&mut c, &[Value::from_go_bytes(input)]) {
                    Ok(Value::Map(m)) => m.get("Error").map(|e| crate::gotpl::fmt::to_string(&e)),
                    other => panic!("{other:?}"),
                };
                assert_eq!(
                    got.as_deref(),
                    *want,
                    "{version:?} {:?}",
                    String::from_utf8_lossy(input)
                );
            }
        }
    }

    // What `printf "%v"` and `toJson` of the result print, from `helm template` (3.17.2 to
    // 4.3.1, TZ unset on a UTC machine: the local datetimes' zones are at +00:00).
    #[test]
    fn from_toml_values_are_gos() {
        let mut c = Ctx::new();
        c.tz = Some("UTC".into());
        let text = "[[a]]\nb = 1\n[[a]]\nb = 2\nc = [{x = 1}]\nd = 1979-05-27T07:32:00\n\
                    e = 07:32:00\nf = 1979-05-27\ng = 1979-05-27T07:32:00+02:00\n\
                    h = 1979-05-27T07:32:00Z\ni = -nan\nj = 0x7FFFFFFFFFFFFFFF\nk = 1e3";
        let Ok(v) = from_toml(&mut c, &[Value::str(text)]) else {
            panic!("fromToml failed");
        };
        assert_eq!(
            crate::gotpl::fmt::to_string(&v),
            "map[a:[map[b:1] map[b:2 c:[map[x:1]] d:1979-05-27 07:32:00 +0000 datetime-local \
             e:0000-01-01 07:32:00 +0000 time-local f:1979-05-27 00:00:00 +0000 date-local \
             g:1979-05-27 07:32:00 +0200 +0200 h:1979-05-27 07:32:00 +0000 UTC i:NaN \
             j:9223372036854775807 k:1000]]]"
        );
        let Value::Map(m) = &v else {
            panic!("not a map");
        };
        let a = m.get("a").unwrap_or_default();
        assert_eq!(a.type_name("chartutil.Values"), "[]map[string]interface {}");
        let back = to_toml(&mut c, std::slice::from_ref(&v))
            .ok()
            .map(|v| crate::gotpl::fmt::to_string(&v));
        assert_eq!(
            back.as_deref(),
            Some(
                "[[a]]\n  b = 1\n\n[[a]]\n  b = 2\n  d = 1979-05-27T07:32:00\n  e = 07:32:00\n  \
                 f = 1979-05-27\n  g = 1979-05-27T07:32:00+02:00\n  h = 1979-05-27T07:32:00Z\n  \
                 i = -nan\n  j = 9223372036854775807\n  k = 1000.0\n\n  [[a.c]]\n    x = 1\n"
            )
        );
    }
}
