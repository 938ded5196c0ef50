//! Helm v3.18.0's `json.Number` chart defaults.
//!
//! Helm v3.18.0 (only: 3.18.1 reverted it) loads every chart's `values.yaml` with
//! `json.Decoder.UseNumber`, so each number a chart's values file holds reaches templates as
//! a `json.Number`: a Go string type holding the number's JSON text (`1000000`, `3.9`,
//! `1e+21`). Templates then see a string kind (`kindOf` is `string`, `0` is true, `default`
//! keeps it), while `toYaml` and `toJson` still write a number. Numbers from `-f` files and
//! `--set` stay `float64` and `int64`.
//!
//! The values pipeline carries such a number as a [`Value::String`] holding a marker and the
//! JSON text: coalescing treats it as the scalar it is in Go, and the Go template engine turns
//! it into its `json.Number` (`gotpl::value::Value::from_values`). Nothing else sees
//! it: [`unmark`] gives the numbers back for everything that is not a Go template.

use crate::value::{Map, Value};

/// What a marked string starts with: a NUL cannot appear in a YAML or JSON values string
/// unescaped, and a chart's values never hold one.
const MARK: &str = "\u{0}json.Number\u{0}";

/// The JSON text Go's `encoding/json` writes for a number read from YAML: the integer's digits,
/// or the float64 as `json.Marshal` writes it (`1000000`, `0.000001`, `1e+21`).
fn json_text(v: &Value) -> Option<String> {
    match v {
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => crate::yaml::format_json_float(*f),
        _ => None,
    }
}

/// The JSON text of a marked number, if `v` is one.
pub fn json_number_text(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => s.strip_prefix(MARK),
        _ => None,
    }
}

/// The marked `json.Number` of a number's JSON `text`.
pub fn marked(text: &str) -> Value {
    Value::String(format!("{MARK}{text}"))
}

/// A chart's values with every number marked as a `json.Number` (Helm v3.18.0's loader).
pub fn mark(values: &Map) -> Map {
    fn walk(v: &Value) -> Value {
        match v {
            Value::Map(m) => Value::Map(mark(m)),
            Value::List(l) => Value::List(l.iter().map(walk).collect()),
            other => match json_text(other) {
                Some(text) => marked(&text),
                None => other.clone(),
            },
        }
    }
    Map::from_entries(values.iter().map(|(k, v)| (k.clone(), walk(v))).collect())
}

/// The number a marked `json.Number` stands for: an integer when its text is one that fits an
/// `int64` (as YAML reads the JSON text back in `toYaml`), else a float.
pub fn number(text: &str) -> Value {
    match text.parse::<i64>() {
        Ok(i) => Value::Int(i),
        Err(_) => Value::Float(text.parse::<f64>().unwrap_or(0.0)),
    }
}

/// Whether any value in `values` is a marked `json.Number`.
pub fn has_marks(values: &Map) -> bool {
    fn walk(v: &Value) -> bool {
        match v {
            Value::Map(m) => has_marks(m),
            Value::List(l) => l.iter().any(walk),
            other => json_number_text(other).is_some(),
        }
    }
    values.iter().any(|(_, v)| walk(v))
}

/// `values` with every marked `json.Number` given back as the number it stands for (what a
/// schema check, or a renderer other than Go's templates, reads).
pub fn unmark(values: &Map) -> Map {
    Map::from_entries(
        values
            .iter()
            .map(|(k, v)| (k.clone(), unmark_value(v)))
            .collect(),
    )
}

/// [`unmark`] of one value.
pub fn unmark_value(v: &Value) -> Value {
    match v {
        Value::Map(m) => Value::Map(unmark(m)),
        Value::List(l) => Value::List(l.iter().map(unmark_value).collect()),
        other => match json_number_text(other) {
            Some(text) => number(text),
            None => other.clone(),
        },
    }
}

/// Go's `%v` of a value, a marked `json.Number` as its JSON text (`0.00001`, where the
/// float64 prints `1e-05`): what Helm's warnings print.
pub fn go_string(v: &Value) -> String {
    fn texts(v: &Value) -> Value {
        match v {
            Value::Map(m) => Value::Map(Map::from_entries(
                m.iter().map(|(k, v)| (k.clone(), texts(v))).collect(),
            )),
            Value::List(l) => Value::List(l.iter().map(texts).collect()),
            other => match json_number_text(other) {
                Some(text) => Value::String(text.to_owned()),
                None => other.clone(),
            },
        }
    }
    crate::yaml::go_string(&texts(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(yaml: &str) -> Map {
        crate::values::parse_values(yaml, "values.yaml")
            .map(|(m, _)| m)
            .unwrap_or_default()
    }

    #[test]
    fn chart_numbers_carry_go_json_text_and_come_back_whole() {
        let m = mark(&map(
            "a: 1000000\nb: 3.9\nc: [0, 1e21, 0.000001]\nd: x\ne: true\nf: {g: 0}\n",
        ));
        let text = |k: &str| {
            crate::Value::Map(m.clone())
                .get_path(k)
                .and_then(json_number_text)
                .map(str::to_owned)
        };
        assert_eq!(text("a").as_deref(), Some("1000000"));
        assert_eq!(text("b").as_deref(), Some("3.9"));
        assert_eq!(text("f.g").as_deref(), Some("0"));
        assert_eq!(text("d"), None);
        assert!(has_marks(&m));
        let back = unmark(&m);
        assert!(!has_marks(&back));
        assert_eq!(
            crate::yaml::to_json(&Value::Map(back)).as_deref(),
            Some("{\"a\":1000000,\"b\":3.9,\"c\":[0,1e+21,0.000001],\"d\":\"x\",\"e\":true,\"f\":{\"g\":0}}")
        );
    }
}
