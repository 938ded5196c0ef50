//! Helm's `toToml` (BurntSushi/toml's encoder: plain keys first, then tables, sub-tables
//! indented two spaces per level, floats always with a decimal point) and `fromToml` (the
//! `toml` crate's reader into Go's types: integers `int64`, floats `float64`, an error in the
//! result map as `Error`).

use std::collections::BTreeMap;

use crate::gotpl::func::{Ctx, FuncError};
use crate::gotpl::value::Value;

use super::conv::{arg, s, string, FResult};

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

/// What the encoder makes of a value: objects through their JSON form.
fn plain(v: &Value) -> Value {
    match v {
        Value::Object(o) => o.to_json().unwrap_or_default(),
        other => other.clone(),
    }
}

/// Whether the encoder writes `v` as a table (a map, or a non-empty list of maps), asking
/// each element of a list its type as BurntSushi's `tomlTypeOfGo` does: a `complex128` has
/// none (`unsupported type: complex128`).
fn is_table(v: &Value) -> Result<bool, String> {
    Ok(match plain(v) {
        Value::Map(_) => true,
        Value::List(l) => {
            let mut all_maps = !l.items.is_empty();
            for item in l.items.iter() {
                has_toml_type(item)?;
                if plain(item).is_nil() {
                    return Err("toml: cannot encode array with nil element".into());
                }
                all_maps &= matches!(plain(item), Value::Map(_));
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
            Value::Map(m) => self.map(&[], &m.entries.borrow(), true)?,
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
        if let Value::Object(o) = v {
            if o.go_complex().is_some() {
                return Err(format!(
                    "unsupported type for key '{}': {}",
                    key_path(key),
                    o.kind()
                ));
            }
        }
        match plain(v) {
            Value::Nil => Ok(()),
            Value::Map(m) => {
                if key.len() == 1 {
                    self.newline();
                }
                if !key.is_empty() {
                    self.indent(key);
                    self.out.push_str(&format!("[{}]", key_path(key)));
                    self.newline();
                }
                self.map(key, &m.entries.borrow(), false)
            }
            Value::List(l) if is_table(&Value::List(l.clone()))? => {
                // An array of tables needs a key to name it (BurntSushi's `errNoKey`).
                if key.is_empty() {
                    return Err("toml: top-level values must be Go maps or structs".into());
                }
                for item in l.items.iter() {
                    let Value::Map(m) = plain(item) else { continue };
                    self.newline();
                    self.indent(key);
                    self.out.push_str(&format!("[[{}]]", key_path(key)));
                    self.newline();
                    self.map(key, &m.entries.borrow(), false)?;
                }
                Ok(())
            }
            other => self.key_value(key, &other, false),
        }
    }

    fn map(
        &mut self,
        key: &[String],
        m: &crate::gotpl::value::Entries,
        inline: bool,
    ) -> Result<(), String> {
        let mut sub = Vec::new();
        let mut direct = Vec::new();
        for entry in m.iter() {
            if is_table(entry.1)? {
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
        float_exponents: ctx.funcs.toml_float_exponents,
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
        float_exponents: ctx.funcs.toml_float_exponents,
    };
    e.encode(&[], arg(a, 0)).map_err(FuncError)?;
    string(e.out)
}

fn from_toml_value(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::from(s),
        toml::Value::Integer(i) => Value::Int64(i),
        toml::Value::Float(f) => Value::Float(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::from(d.to_string()),
        toml::Value::Array(items) => Value::list(items.into_iter().map(from_toml_value).collect()),
        toml::Value::Table(t) => Value::dict(
            t.into_iter()
                .map(|(k, v)| (k, from_toml_value(v)))
                .collect::<crate::gotpl::value::Entries>(),
        ),
    }
}

/// `fromToml`: a map, or `map[Error:…]`.
pub fn from_toml(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(match s(a, 0).parse::<toml::Table>() {
        Ok(t) => Value::dict(
            t.into_iter()
                .map(|(k, v)| (k, from_toml_value(v)))
                .collect::<crate::gotpl::value::Entries>(),
        ),
        Err(e) => {
            let mut m = BTreeMap::new();
            m.insert(
                "Error".to_string(),
                Value::from(format!("toml: {}", e.message())),
            );
            Value::dict(m)
        }
    })
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

    // Expected text from `helm template` (v3.17.2).
    #[test]
    fn to_toml_matches_helm() {
        let mut c = Ctx::new();
        let text = |c: &mut Ctx, v: Value| {
            to_toml(c, &[v])
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        };
        let v = d(vec![
            ("a", Value::Int(1)),
            ("b", d(vec![("c", Value::str("x"))])),
            ("l", Value::list(vec![Value::Int(1), Value::Int(2)])),
        ]);
        assert_eq!(text(&mut c, v), "a = 1\nl = [1, 2]\n\n[b]\n  c = \"x\"\n");
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
            text(&mut c, v),
            "\"a b\" = 1\ne = []\n\n[c]\n  [c.\"d.e\"]\n    f = 2.0\n\n[[t]]\n  x = 1\n\n[[t]]\n  y = \"q\\\"\"\n"
        );
    }

    /// BurntSushi/toml asks each value its TOML type: a `complex128` has none. Expected
    /// text from `helm template` (3.17.2, 4.3.1).
    #[test]
    fn to_toml_refuses_complex_numbers() {
        let mut c = Ctx::new();
        let text = |c: &mut Ctx, v: Value| {
            to_toml(c, &[v])
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        };
        let i = crate::gotpl::value::Complex128::value(0.0, 1.0);
        assert_eq!(
            text(&mut c, i.clone()),
            "unsupported type for key '': complex128"
        );
        assert_eq!(
            text(&mut c, d(vec![("a", i.clone())])),
            "unsupported type: complex128"
        );
        assert_eq!(
            text(
                &mut c,
                d(vec![("a", Value::list(vec![Value::Int(1), i.clone()]))])
            ),
            "unsupported type: complex128"
        );
        // A list's elements are asked in order: a nil first is its own error.
        assert_eq!(
            text(&mut c, Value::list(vec![i.clone(), Value::Nil])),
            "unsupported type: complex128"
        );
        assert_eq!(
            text(&mut c, Value::list(vec![Value::Nil, i.clone()])),
            "toml: cannot encode array with nil element"
        );
        // An array of tables needs a key.
        assert_eq!(
            text(&mut c, Value::list(vec![d(vec![("a", i)])])),
            "toml: top-level values must be Go maps or structs"
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
}
