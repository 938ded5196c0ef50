//! Go's `%v`: how `fmt` prints a value Helm holds (`map[a:1]`, `[1 2]`, `1e+06`, `<nil>`), and
//! the dynamic type names Go's messages show.

use super::float::{push_float, IntText};
use crate::value::Value;

/// Formats a value as Go's `fmt` `%v` does (`map[a:1]`, `[1 2]`, `1e+06`, `<nil>`).
///
/// This is what `{{ .Values.x }}`, `toString`, `print` and `quote` show: map keys sorted
/// byte-wise, list items separated by one space, strings raw, floats via [`super::format_float`].
pub fn go_string(v: &Value) -> String {
    let mut out = String::new();
    write_go_string(&mut out, v);
    out
}

/// Appends [`go_string`]`(v)` to `out`.
pub(crate) fn write_go_string(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(IntText::new(*i).as_str()),
        Value::Float(f) => push_float(out, *f),
        Value::String(s) => out.push_str(s),
        Value::List(items) => {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(' ');
                }
                write_go_string(out, item);
            }
            out.push(']');
        }
        Value::Map(map) => {
            // Go's fmt sorts map keys (internal/fmtsort: strings byte-wise), as Map does.
            out.push_str("map[");
            for (n, (k, item)) in map.iter().enumerate() {
                if n > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                write_go_string(out, item);
            }
            out.push(']');
        }
    }
}

/// Go's `%T` of a value as Helm holds it (`int64`, `map[string]interface {}`, `<nil>`): what
/// Sprig's `typeOf` and `printf`'s `%!d(string=x)` show.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "<nil>",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int64",
        Value::Float(_) => "float64",
        Value::String(_) => "string",
        Value::List(_) => "[]interface {}",
        Value::Map(_) => "map[string]interface {}",
    }
}

/// The dynamic type a failed type assertion's panic names (`interface conversion: interface {}
/// is int64, not …`): [`type_name`], but a nil interface is `nil` there.
pub(crate) fn asserted_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nil",
        v => type_name(v),
    }
}
