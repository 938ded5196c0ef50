//! The conversions every function shares: spf13/cast's `ToInt64`/`ToFloat64` (Sprig's
//! arithmetic), Sprig's `strval` and `empty`, and the argument accessors.

use std::rc::Rc;

use crate::gotpl::fmt;
use crate::gotpl::func::FuncError;
use crate::gotpl::value::{List, ListType, Uint8, Value};

/// What a function body returns.
pub type FResult = Result<Value, FuncError>;

/// The longest list and string a function builds (`until 1000000000`, `repeat` with a huge
/// count): past them the function fails cleanly instead of exhausting memory, where Go would
/// allocate (or crash) the process. The same bounds as the minijinja dialect's
/// ([`crate::limits`]).
pub use crate::limits::{MAX_LIST_LEN, MAX_STRING_LEN};

/// The error for a list longer than [`MAX_LIST_LEN`] (the minijinja dialect's words).
pub fn list_too_long(n: impl std::fmt::Display) -> FuncError {
    FuncError(format!(
        "a list of {n} elements is more than orochart's limit of {MAX_LIST_LEN}"
    ))
}

/// The error for a string longer than [`MAX_STRING_LEN`] bytes.
pub fn string_too_long(n: impl std::fmt::Display) -> FuncError {
    FuncError(format!(
        "a string of {n} bytes is more than orochart's limit of {MAX_STRING_LEN} bytes"
    ))
}

/// Argument `i` (nil when absent; the engine checks the arity, so this is only for variadics).
pub fn arg(args: &[Value], i: usize) -> &Value {
    const NIL: &Value = &Value::Nil;
    args.get(i).unwrap_or(NIL)
}

/// Argument `i` as a string's bytes, valid UTF-8 or not (for a function that takes
/// [`Value::RawString`]s; empty when it is not a string).
pub fn sb(args: &[Value], i: usize) -> &[u8] {
    args.get(i)
        .and_then(Value::go_string_bytes)
        .unwrap_or_default()
}

/// Argument `i` as a string (the engine converted it; "" when it is not one).
pub fn s(args: &[Value], i: usize) -> &str {
    match args.get(i) {
        Some(Value::String(s)) => s,
        _ => "",
    }
}

/// Argument `i` as an integer (the engine converted it to `int`).
pub fn int(args: &[Value], i: usize) -> i64 {
    match args.get(i) {
        Some(Value::Int(i) | Value::Int64(i)) => *i,
        Some(Value::Float(f)) => go_f64_to_i64(*f),
        _ => 0,
    }
}

/// Argument `i` as a bool.
pub fn boolean(args: &[Value], i: usize) -> bool {
    matches!(args.get(i), Some(Value::Bool(true)))
}

/// A string result.
pub fn string(s: impl Into<String>) -> FResult {
    Ok(Value::String(std::sync::Arc::from(s.into())))
}

/// A `[]string` result.
pub fn strings<I: IntoIterator<Item = S>, S: AsRef<str>>(items: I) -> Value {
    Value::List(List {
        items: Rc::new(
            items
                .into_iter()
                .map(|s| Value::String(std::sync::Arc::from(s.as_ref())))
                .collect(),
        ),
        elem: ListType::String,
    })
}

/// A `[]int` result.
pub fn ints(items: Vec<i64>) -> Value {
    Value::List(List {
        items: Rc::new(items.into_iter().map(Value::Int).collect()),
        elem: ListType::Int,
    })
}

/// Go's conversion `int64(f)` on amd64: truncation toward zero; NaN and out-of-range values
/// become the minimum int64 (the CPU's "integer indefinite").
pub fn go_f64_to_i64(f: f64) -> i64 {
    // 2^63 exactly: the first float64 past int64.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if f.is_nan() || !(-LIMIT..LIMIT).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// spf13/cast's `trimZeroDecimal`: `"3.0"` and `"3.00"` become `"3"`; `"3."` and `"3.5"` stay.
fn trim_zero_decimal(s: &str) -> &str {
    let mut found_zero = false;
    for (i, b) in s.bytes().enumerate().rev() {
        match b {
            b'.' if found_zero => return &s[..i],
            b'.' => return s,
            b'0' => found_zero = true,
            _ => return s,
        }
    }
    s
}

/// Go's `strconv.ParseFloat(s, 64)`, as spf13/cast calls it: decimal and hexadecimal floats
/// with `_` between digits (`1_000.5`, `0x1p4`), `Inf`, `NaN`; `None` where Go fails,
/// out-of-range values included.
pub fn parse_go_float(s: &str) -> Option<f64> {
    crate::go::parse_float_full(s)
}

/// spf13/cast's `ToInt64` (Sprig's `int64`, `add`, `sub`, …): numbers converted (floats
/// truncated), strings parsed as Go integers (`"0x1F"`, `"3.0"`), bools 1 or 0, anything else 0.
pub fn to_int64(v: &Value) -> i64 {
    match v {
        Value::Int(i) | Value::Int64(i) => *i,
        Value::Float(f) => go_f64_to_i64(*f),
        Value::String(s) => crate::go::parse_int(trim_zero_decimal(s), 0).unwrap_or(0),
        Value::Bool(b) => i64::from(*b),
        other => cast_named_int(other)
            .or_else(|| {
                // cast reads a json.Number as its text.
                crate::gotpl::json_number::text(other)
                    .and_then(|t| crate::go::parse_int(trim_zero_decimal(t), 0))
            })
            .unwrap_or(0),
    }
}

/// The integers of other types spf13/cast converts: `uint8`, `uint64` (a semver version's
/// numbers; past the largest `int64` it wraps, as Go's conversion does), `time.Month` and
/// `time.Weekday` (its `toInt`), not `time.Duration` (0, as any type it does not know).
fn cast_named_int(v: &Value) -> Option<i64> {
    if let Value::Object(o) = v {
        if let Some(n) = o
            .as_any()
            .and_then(|a| a.downcast_ref::<crate::gotpl::value::Uint64>())
        {
            return Some(n.0 as i64);
        }
    }
    match v {
        Value::Object(o) if matches!(o.type_name(), "time.Month" | "time.Weekday" | "uint8") => {
            o.go_int()
        }
        _ => None,
    }
}

/// spf13/cast's `ToFloat64` (Sprig's `float64`, `addf`, `ceil`, …).
pub fn to_float64(v: &Value) -> f64 {
    match v {
        Value::Int(i) | Value::Int64(i) => *i as f64,
        Value::Float(f) => *f,
        Value::String(s) => parse_go_float(s).unwrap_or(0.0),
        Value::Bool(b) => f64::from(u8::from(*b)),
        other => match cast_named_int(other) {
            Some(i) => i as f64,
            None => crate::gotpl::json_number::text(other)
                .and_then(parse_go_float)
                .unwrap_or(0.0),
        },
    }
}

/// Sprig's `strval`: a string as it is, `[]byte` as text, anything else as `%v` prints it
/// (nil as `<nil>`).
pub fn strval(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        Value::RawString(b) | Value::Bytes(b) => crate::go::go_lossy(b),
        other => fmt::to_string(other),
    }
}

/// [`strval`] as a Go string value, keeping the bytes of one that is not valid UTF-8.
pub fn strval_value(v: &Value) -> Value {
    match v {
        Value::String(_) | Value::RawString(_) => v.clone(),
        Value::Bytes(b) => Value::from_go_bytes(b),
        other => Value::from(fmt::to_string(other)),
    }
}

/// Sprig's `empty`: nil, false, 0, "", and empty slices and maps are empty; structs never are.
pub fn empty(v: &Value) -> bool {
    !v.truth()
}

/// The elements of a slice (`reflect.Slice`): `None` for any other kind.
pub fn slice_items(v: &Value) -> Option<Rc<Vec<Value>>> {
    match v {
        Value::List(l) => Some(l.items.clone()),
        Value::Bytes(b) => Some(Rc::new(b.iter().map(|&x| Uint8::value(x)).collect())),
        _ => None,
    }
}

/// What Go says when a reflect call meets a nil interface (`reflect.TypeOf(nil).Kind()`).
pub const NIL_DEREF: &str = "runtime error: invalid memory address or nil pointer dereference";

/// The `reflect.Kind` name Sprig's list errors print (`Cannot find first on type string`).
pub fn kind_for_error(v: &Value) -> &'static str {
    v.kind()
}

/// Go's panic text for a failed type assertion: `interface conversion: interface {} is
/// chartutil.Values, not map[string]interface {}`.
pub fn conversion_panic(v: &Value, want: &str, values_type: &str) -> FuncError {
    let what = match v {
        Value::Nil => "nil".to_string(),
        other => other.type_name(values_type),
    };
    FuncError(format!(
        "interface conversion: interface {{}} is {what}, not {want}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cast_to_int64_follows_spf13_cast() {
        assert_eq!(to_int64(&Value::str("0x1F")), 31);
        assert_eq!(to_int64(&Value::str("3.0")), 3);
        assert_eq!(to_int64(&Value::str("3.5")), 0);
        assert_eq!(to_int64(&Value::str("1e3")), 0);
        assert_eq!(to_int64(&Value::str("010")), 8);
        assert_eq!(to_int64(&Value::str("0b1_0")), 2);
        // helm template (3.17.2, 4.3.1): `int "1_000"` is 1000, `add "1_0" 1` is 11: cast reads
        // with strconv.ParseInt(s, 0, 0), and base 0 takes Go's digit separators.
        assert_eq!(to_int64(&Value::str("1_0")), 10);
        assert_eq!(to_int64(&Value::str("1_000")), 1000);
        assert_eq!(to_int64(&Value::str("0x_1F")), 31);
        assert_eq!(to_int64(&Value::str("1__0")), 0);
        assert_eq!(to_int64(&Value::str("-9223372036854775808")), i64::MIN);
        assert_eq!(to_int64(&Value::Float(2.7)), 2);
        assert_eq!(to_int64(&Value::Float(-2.7)), -2);
        assert_eq!(to_int64(&Value::Bool(true)), 1);
        assert_eq!(to_int64(&Value::Nil), 0);
        assert_eq!(to_int64(&Value::Float(f64::NAN)), i64::MIN);
    }

    #[test]
    fn cast_to_float64_parses_go_floats() {
        assert_eq!(to_float64(&Value::str("1e3")), 1000.0);
        assert_eq!(to_float64(&Value::str(" 1")), 0.0);
        assert_eq!(to_float64(&Value::str("abc")), 0.0);
        assert_eq!(to_float64(&Value::Int(3)), 3.0);
    }
}
