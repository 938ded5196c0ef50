//! Go's `json.Number`: how Helm v3.18.0 hands templates the numbers of a chart's values.yaml
//! (see [`crate::values::json_number`]). A string type holding the number's JSON text, with
//! Go's behaviour measured against the real v3.18.0:
//!
//! - `kindOf` is `string`, `typeOf` `json.Number`; it is true in `if` and never `empty`, so
//!   `default 7 0` gives `0`;
//! - `%v`, `%s`, `%q`, `%x` print the text (`1000000`, not `1e+06`); other verbs are Go's
//!   bad-verb text (`%!d(json.Number=5)`); `len` counts its bytes;
//! - `eq`, `lt`, … compare it with strings, as strings (`lt "10" "5"` is true), and fail
//!   against numbers;
//! - Sprig's casts read the text (`int` of `3.9` is 0, as spf13/cast parses `"3.9"`);
//! - `toYaml`, `toJson` and `toToml` write the number;
//! - functions taking a `string`, `int` or `bool` reject it (`wrong type for value; expected
//!   string; got json.Number`);
//! - its methods `String`, `Int64` and `Float64` work.

use std::rc::Rc;

use super::func::FuncError;
use super::value::{Object, Value};

/// A `json.Number`.
#[derive(Debug)]
pub struct JsonNumber {
    text: Rc<str>,
}

impl JsonNumber {
    /// The `json.Number` of `text` (a number's JSON text).
    pub fn value(text: &str) -> Value {
        Value::Object(Rc::new(JsonNumber {
            text: Rc::from(text),
        }))
    }
}

/// The text of `v` if it is a `json.Number`.
pub fn text(v: &Value) -> Option<&str> {
    match v {
        Value::Object(o) => o
            .as_any()
            .and_then(|a| a.downcast_ref::<JsonNumber>())
            .map(|n| &*n.text),
        _ => None,
    }
}

/// The text of a Go string kind: a `string` or a `json.Number`.
pub fn string_kind(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => Some(s),
        other => text(other),
    }
}

impl Object for JsonNumber {
    fn type_name(&self) -> &str {
        "json.Number"
    }

    fn kind(&self) -> &'static str {
        "string"
    }

    fn field(&self, _: &str) -> Option<Value> {
        None
    }

    fn method_params(&self, name: &str) -> Option<&'static [super::func::GoType]> {
        matches!(name, "String" | "Int64" | "Float64").then_some(&[])
    }

    fn method(&self, name: &str, _args: &[Value]) -> Option<Result<Value, FuncError>> {
        let result = match name {
            "String" => Ok(Value::str(&self.text)),
            "Int64" => self.text.parse::<i64>().map(Value::Int64).map_err(|_| {
                FuncError::new(format!(
                    "strconv.ParseInt: parsing {}: invalid syntax",
                    crate::go::quote(&self.text)
                ))
            }),
            "Float64" => self.text.parse::<f64>().map(Value::Float).map_err(|_| {
                FuncError::new(format!(
                    "strconv.ParseFloat: parsing {}: invalid syntax",
                    crate::go::quote(&self.text)
                ))
            }),
            _ => return None,
        };
        // No argument (checked against `method_params`).
        Some(result)
    }

    /// encoding/json writes the text as a number.
    fn to_json(&self) -> Option<Value> {
        Some(match crate::values::json_number::number(&self.text) {
            crate::Value::Int(i) => Value::Int64(i),
            crate::Value::Float(f) => Value::Float(f),
            _ => Value::Nil,
        })
    }

    fn format(&self, out: &mut String) {
        out.push_str(&self.text);
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // What Helm v3.18.0 does with `json.Number("…")` values, as measured.
    #[test]
    fn a_json_number_is_a_string_kind_that_serialises_as_a_number() {
        let n = JsonNumber::value("1000000");
        assert_eq!(n.kind(), "string");
        assert_eq!(n.type_name("chartutil.Values"), "json.Number");
        assert!(n.truth());
        assert_eq!(crate::gotpl::fmt::to_string(&n), "1000000");
        assert_eq!(text(&n), Some("1000000"));
        assert_eq!(string_kind(&Value::str("x")), Some("x"));
        assert_eq!(n.to_values(), Some(crate::Value::Int(1_000_000)));
        let f = JsonNumber::value("3.9");
        assert_eq!(f.to_values(), Some(crate::Value::Float(3.9)));
        assert_eq!(crate::gotpl::funcs::conv::to_int64(&f), 0);
        assert_eq!(crate::gotpl::funcs::conv::to_float64(&f), 3.9);
        assert!(matches!(&f, Value::Object(o)
            if matches!(o.method("Float64", &[]), Some(Ok(Value::Float(x))) if x == 3.9)
                && matches!(o.method("Int64", &[]), Some(Err(_)))));
    }

    #[test]
    fn marked_values_become_json_numbers_in_go_maps() {
        let marked = crate::values::json_number::marked("0");
        let go = Value::from_values(&marked);
        assert_eq!(text(&go), Some("0"));
    }
}
