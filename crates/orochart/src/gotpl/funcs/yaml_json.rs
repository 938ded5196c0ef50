//! Helm's and Sprig's data functions over the crate's Helm-exact YAML and JSON writers and
//! readers: `toYaml`, `toJson`, `toPrettyJson`, `toRawJson` (and their `must` forms),
//! `fromYaml`, `fromYamlArray`, `fromJson`, `fromJsonArray` (Helm's, which put a parse error
//! in the result: `map[Error:…]`), and Sprig's `mustFromJson`.

use std::collections::BTreeMap;

use crate::gotpl::func::{Ctx, FuncError};
use crate::gotpl::value::Value;

use super::conv::{arg, s, string, FResult};
use super::json_out::{encode, Style};

/// encoding/json's error for the first value it cannot write, in the order it writes them:
/// a float that is not finite (`json: unsupported value: NaN`) or a `complex128`
/// (`json: unsupported type: complex128`).
fn unsupported(v: &Value) -> FuncError {
    FuncError(unencodable(v).unwrap_or_else(|| {
        format!(
            "json: unsupported value: {}",
            crate::go::format_float_g(f64::NAN, false)
        )
    }))
}

fn unencodable(v: &Value) -> Option<String> {
    match v {
        Value::Float(f) if !f.is_finite() => Some(format!(
            "json: unsupported value: {}",
            crate::go::format_float_g(*f, false)
        )),
        Value::List(l) => l.items.iter().find_map(unencodable),
        Value::Map(m) => m.entries.borrow().values().find_map(unencodable),
        Value::Object(o) if o.go_complex().is_some() => {
            Some(format!("json: unsupported type: {}", o.type_name()))
        }
        Value::Object(o) => o.to_json().as_ref().and_then(unencodable),
        _ => None,
    }
}

/// The values tree `encoding/json` sees, or its error.
///
/// A map that contains itself is encoding/json's cycle error, naming the map's type
/// (`encountered a cycle via common.Values`).
pub(crate) fn marshal(ctx: &Ctx, v: &Value) -> Result<crate::Value, FuncError> {
    if ctx.cyclic {
        if let Some(m) = v.cycle() {
            return Err(FuncError(format!(
                "json: unsupported value: encountered a cycle via {}",
                Value::Map(m).type_name(ctx.values_type)
            )));
        }
    }
    v.to_values().ok_or_else(|| unsupported(v))
}

pub fn to_yaml(ctx: &mut Ctx, a: &[Value]) -> FResult {
    string(
        marshal(ctx, arg(a, 0))
            .ok()
            .and_then(|v| crate::yaml::to_yaml(&v))
            .unwrap_or_default(),
    )
}

/// Helm 4's `mustToYaml`: `toYaml` that fails instead of printing nothing.
pub fn must_to_yaml(ctx: &mut Ctx, a: &[Value]) -> FResult {
    // sigs.k8s.io/yaml marshals through JSON and says so.
    let v = marshal(ctx, arg(a, 0))
        .map_err(|e| FuncError(format!("error marshaling into JSON: {e}")))?;
    crate::yaml::to_yaml(&v)
        .map(Value::from)
        .ok_or_else(|| unsupported(arg(a, 0)))
}

/// The JSON text of `a`'s first argument in `style` (structs in field order), or Go's error.
fn json_text(ctx: &Ctx, a: &[Value], style: Style) -> Result<String, FuncError> {
    let v = arg(a, 0);
    if ctx.cyclic {
        marshal(ctx, v)?;
    }
    encode(v, style, ctx.funcs.json_v2).ok_or_else(|| unsupported(v))
}

pub fn to_json(ctx: &mut Ctx, a: &[Value]) -> FResult {
    string(json_text(ctx, a, Style::Compact).unwrap_or_default())
}

pub fn must_to_json(ctx: &mut Ctx, a: &[Value]) -> FResult {
    json_text(ctx, a, Style::Compact).map(Value::from)
}

pub fn to_pretty_json(ctx: &mut Ctx, a: &[Value]) -> FResult {
    string(json_text(ctx, a, Style::Pretty).unwrap_or_default())
}

pub fn must_to_pretty_json(ctx: &mut Ctx, a: &[Value]) -> FResult {
    json_text(ctx, a, Style::Pretty).map(Value::from)
}

/// Sprig's `toRawJson` panics where `mustToRawJson` returns the error; both read the same.
pub fn to_raw_json(ctx: &mut Ctx, a: &[Value]) -> FResult {
    json_text(ctx, a, Style::Raw).map(Value::from)
}

fn error_map(msg: String) -> Value {
    let mut m = BTreeMap::new();
    m.insert("Error".to_string(), Value::from(msg));
    Value::dict(m)
}

use crate::values::sigs_yaml_message as yaml_error;

/// The Go engine's values built straight from a YAML text (as [`Value::from_values`] builds
/// them from orochart's values: numbers `float64`, maps `map[string]interface {}`).
struct GoValues;

impl crate::values::Make for GoValues {
    type V = Value;
    fn null() -> Value {
        Value::Nil
    }
    fn bool(b: bool) -> Value {
        Value::Bool(b)
    }
    fn int(i: i64) -> Value {
        Value::Int64(i)
    }
    fn float(f: f64) -> Value {
        Value::Float(f)
    }
    fn string(s: std::borrow::Cow<'_, str>) -> Value {
        Value::str(&s)
    }
    fn list(items: Vec<Value>) -> Value {
        Value::list(items)
    }
    fn map(entries: Vec<(String, Value)>) -> Value {
        // Collecting keeps the last of equal keys, as Go's map assignment does.
        Value::dict(
            entries
                .into_iter()
                .collect::<super::super::entries::Entries>(),
        )
    }
}

/// Helm's `fromYaml`: sigs.k8s.io/yaml into a map (every number a float64); an error, or a
/// document that is not a mapping, as `map[Error:…]`.
pub fn from_yaml(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(
        match crate::values::parse_yaml_map_as::<GoValues>(s(a, 0), "fromYaml", true) {
            Ok(Ok(map)) => map,
            Ok(Err(crate::Value::Map(m))) => Value::from_values_owned(crate::Value::Map(m)),
            Ok(Err(crate::Value::Null)) => Value::dict(BTreeMap::new()),
            Ok(Err(other)) => error_map(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            other.json_kind()
        )),
            Err(e) => error_map(yaml_error(&e)),
        },
    )
}

/// Helm's `fromYamlArray`: a list, or the error as its only element.
pub fn from_yaml_array(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(match crate::values::parse_yaml_document(s(a, 0), "fromYamlArray", true) {
        Ok(crate::Value::List(l)) => Value::from_values_owned(crate::Value::List(l)),
        Ok(crate::Value::Null) => Value::list(Vec::new()),
        Ok(other) => Value::list(vec![Value::from(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type []interface {{}}",
            other.json_kind()
        ))]),
        Err(e) => Value::list(vec![Value::from(yaml_error(&e))]),
    })
}

/// Every JSON number a float64, as `json.Unmarshal` into `interface {}` reads it.
fn json_floats(v: crate::Value) -> crate::Value {
    match v {
        crate::Value::Int(i) => crate::Value::Float(i as f64),
        crate::Value::List(l) => crate::Value::List(l.into_iter().map(json_floats).collect()),
        crate::Value::Map(m) => crate::Value::Map(crate::Map::from_entries(
            m.iter()
                .map(|(k, v)| (k.clone(), json_floats(v.clone())))
                .collect(),
        )),
        other => other,
    }
}

/// `json.Unmarshal`'s reading of `text`, and the first of Go's type errors it met on the way
/// (a number past float64's range); when it is not JSON, the words of Go's scanner (v1's, or
/// v2's under Helm 4.3: `v2`). The common text is read by `serde_json`; what it refuses goes to
/// Go's reading, which takes what Go takes (10,000 levels, lone surrogates, `1e400`).
fn parse_json(text: &str, v2: bool) -> Result<(crate::Value, Option<String>), String> {
    match serde_json::from_str::<crate::Value>(text) {
        Ok(v) => Ok((json_floats(v), None)),
        Err(_) => crate::go::json_decode(text, v2).map(|d| (d.value, d.error)),
    }
}

/// Helm's `fromJson`: a map, or `map[Error:…]`; after a type error inside, the map as Go
/// read it with `Error` set.
pub fn from_json(ctx: &mut Ctx, a: &[Value]) -> FResult {
    Ok(match parse_json(s(a, 0), ctx.funcs.json_v2) {
        Ok((crate::Value::Map(mut m), error)) => {
            if let Some(e) = error {
                m.insert("Error".into(), crate::Value::String(e));
            }
            Value::from_values_owned(crate::Value::Map(m))
        }
        // JSON's null leaves the map nil.
        Ok((crate::Value::Null, _)) => Value::typed_nil("map[string]interface {}"),
        Ok((other, _)) => error_map(format!(
            "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            other.json_kind()
        )),
        Err(e) => error_map(e),
    })
}

/// Helm's `fromJsonArray`: a list, or the error as its only element.
pub fn from_json_array(ctx: &mut Ctx, a: &[Value]) -> FResult {
    Ok(match parse_json(s(a, 0), ctx.funcs.json_v2) {
        Ok((crate::Value::List(l), None)) => Value::from_values_owned(crate::Value::List(l)),
        Ok((crate::Value::List(_), Some(e))) | Err(e) => Value::list(vec![Value::from(e)]),
        // JSON's null leaves the slice nil.
        Ok((crate::Value::Null, _)) => Value::typed_nil("[]interface {}"),
        // Go stops at the kind: what is inside is not read.
        Ok((other, _)) => Value::list(vec![Value::from(format!(
            "json: cannot unmarshal {} into Go value of type []interface {{}}",
            other.json_kind()
        ))]),
    })
}

/// Sprig's `mustFromJson`: any JSON value, or the error.
pub fn must_from_json(ctx: &mut Ctx, a: &[Value]) -> FResult {
    match parse_json(s(a, 0), ctx.funcs.json_v2) {
        Ok((v, None)) => Ok(Value::from_values(&v)),
        Ok((_, Some(e))) | Err(e) => Err(FuncError(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gotpl::fmt::to_string;

    fn call(f: fn(&mut Ctx, &[Value]) -> FResult, arg: Value) -> String {
        match f(&mut Ctx::new(), &[arg]) {
            Ok(v) => to_string(&v),
            Err(e) => format!("ERR {e}"),
        }
    }

    // Expected text from `helm template` (v3.17.2).
    #[test]
    fn from_functions_put_errors_in_the_result_like_helm() {
        assert_eq!(
            call(from_json, Value::str("[1]")),
            "map[Error:json: cannot unmarshal array into Go value of type map[string]interface {}]"
        );
        assert_eq!(
            call(from_json, Value::str("{\"a\":1")),
            "map[Error:unexpected end of JSON input]"
        );
        assert_eq!(
            call(from_json, Value::str("x")),
            "map[Error:invalid character 'x' looking for beginning of value]"
        );
        assert_eq!(
            call(from_json, Value::str("")),
            "map[Error:unexpected end of JSON input]"
        );
        assert_eq!(
            call(from_json_array, Value::str("{}")),
            "[json: cannot unmarshal object into Go value of type []interface {}]"
        );
        assert_eq!(call(must_from_json, Value::str("[1,2]")), "[1 2]");
        assert_eq!(
            call(from_yaml, Value::str("- 1")),
            "map[Error:error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}]"
        );
        assert_eq!(
            call(from_yaml_array, Value::str("a: 1")),
            "[error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}]"
        );
        assert_eq!(call(from_yaml, Value::str("")), "map[]");
        let Ok(Value::Map(m)) = from_yaml(&mut Ctx::new(), &[Value::str("a: 1")]) else {
            panic!("fromYaml failed");
        };
        assert!(matches!(m.get("a"), Some(Value::Float(_))));
    }

    #[test]
    fn from_yaml_builds_what_the_values_loader_builds() {
        // Through the fast block reader, the node tree's one pass, and the full phases
        // (anchors, merge keys, typed keys), duplicate keys and non-mapping roots included.
        for text in [
            "a: 1\nb: [x, 2.5, true, ~]\nc:\n  d: 'q'\n  e: |\n    l\na: 2\n",
            "a: {b: [1, {c: d}]}\nz: \"s\"\n",
            "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n1: one\ntrue: t\n",
            "a: 0x1F\nb: 1e3\nc: 2024-01-02\nd: yes\ne: \"\"\n",
            "- 1\n",
            "",
            "a: [",
        ] {
            let direct = from_yaml(&mut Ctx::new(), &[Value::str(text)]).map(|v| format!("{v:?}"));
            let loaded = match crate::values::parse_yaml_document(text, "fromYaml", true) {
                Ok(crate::Value::Map(m)) => Value::from_values(&crate::Value::Map(m)),
                Ok(crate::Value::Null) => Value::dict(BTreeMap::new()),
                _ => continue,
            };
            assert_eq!(direct.ok(), Some(format!("{loaded:?}")), "{text:?}");
        }
    }

    #[test]
    fn yaml_parse_errors_read_as_helms() {
        let Ok(Value::Map(m)) = from_yaml(&mut Ctx::new(), &[Value::str("a: [")]) else {
            panic!("fromYaml failed");
        };
        assert_eq!(
            m.get("Error").map(|e| to_string(&e)),
            Some(
                "error converting YAML to JSON: yaml: line 1: did not find expected node content"
                    .into()
            )
        );
    }

    #[test]
    fn to_functions_escape_like_encoding_json() {
        let d = Value::dict(
            [("a".to_string(), Value::str("<b>"))]
                .into_iter()
                .collect::<crate::gotpl::value::Entries>(),
        );
        assert_eq!(call(to_json, d.clone()), "{\"a\":\"\\u003cb\\u003e\"}");
        assert_eq!(call(to_raw_json, d.clone()), "{\"a\":\"<b>\"}");
        assert_eq!(call(to_yaml, d), "a: <b>");
        assert_eq!(call(to_json, Value::Float(f64::NAN)), "");
        assert_eq!(
            call(must_to_json, Value::Float(f64::NAN)),
            "ERR json: unsupported value: NaN"
        );
    }

    /// encoding/json refuses a `complex128` by its type, and reports the first value it
    /// cannot write in the order it writes them (helm template 3.17.2 and 4.3.1).
    #[test]
    fn complex_numbers_are_unsupported_types() {
        let c = crate::gotpl::value::Complex128::value(0.0, 1.0);
        assert_eq!(call(to_json, c.clone()), "");
        assert_eq!(call(to_yaml, c.clone()), "");
        assert_eq!(
            call(must_to_json, c.clone()),
            "ERR json: unsupported type: complex128"
        );
        let map = |entries: Vec<(&str, Value)>| {
            Value::dict(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect::<crate::gotpl::value::Entries>(),
            )
        };
        let nan = Value::Float(f64::NAN);
        assert_eq!(
            call(
                must_to_json,
                map(vec![("a", c.clone()), ("b", nan.clone())])
            ),
            "ERR json: unsupported type: complex128"
        );
        assert_eq!(
            call(must_to_json, map(vec![("b", c), ("a", nan)])),
            "ERR json: unsupported value: NaN"
        );
    }
}
