//! Numbers in the validators' messages and comparisons.

use serde_json::{Number, Value as Json};

/// A JSON number as `f64`.
pub(super) fn f64_of(n: &Number) -> f64 {
    n.as_f64().unwrap_or(0.0)
}

/// Whether a JSON value is a number without a fraction (`1`, `1.0`).
pub(super) fn is_integer(v: &Json) -> bool {
    match v {
        Json::Number(n) => n.is_i64() || n.is_u64() || f64_of(n).fract() == 0.0,
        _ => false,
    }
}

/// Whether `value` is a multiple of `step`, exactly as for decimals (`0.3` of `0.1`), the
/// way Go's `big.Rat` of their text decides.
pub(super) fn is_multiple(value: f64, step: f64) -> bool {
    if step == 0.0 {
        return false;
    }
    match (decimal(value), decimal(step)) {
        (Some((vm, ve)), Some((sm, se))) => {
            // Bring both to the same power of ten and compare the integers.
            let e = ve.min(se);
            let scale = |m: i128, from: i32| -> Option<i128> {
                10i128
                    .checked_pow((from - e) as u32)
                    .and_then(|p| m.checked_mul(p))
            };
            match (scale(vm, ve), scale(sm, se)) {
                (Some(v), Some(s)) if s != 0 => v % s == 0,
                _ => (value / step).fract() == 0.0,
            }
        }
        _ => (value / step).fract() == 0.0,
    }
}

/// `f` as `mantissa × 10^exponent` from its shortest decimal text.
fn decimal(f: f64) -> Option<(i128, i32)> {
    if !f.is_finite() {
        return None;
    }
    let text = format!("{:e}", f);
    let (mantissa, exp) = text.split_once('e')?;
    let exp: i32 = exp.parse().ok()?;
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: i128 = format!("{int}{frac}").parse().ok()?;
    Some((digits, exp - frac.len() as i32))
}

/// Go's `big.Float.Text('g', 10)`, as gojsonschema prints a bound (`10`, `0.1`, `1e+10`).
pub(super) fn go_g10(f: f64) -> String {
    if f == 0.0 {
        return "0".into();
    }
    crate::go::format_g(f < 0.0, &format!("{:.9e}", f.abs()), 10)
}

/// `%v` of a float64 through golang.org/x/text's English printer, as santhosh's messages
/// print numbers: thousands grouped (`5,000`, `1,234.5`).
pub(super) fn grouped(f: f64) -> String {
    // `%v` writes a float64 in exponent form only below 1e-4 and from 1e21.
    let text = if f == 0.0 || (1e-4..1e21).contains(&f.abs()) {
        format!("{f}")
    } else {
        crate::go::format_float_g(f, false)
    };
    if text.contains('e') {
        return text;
    }
    let (sign, rest) = match text.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", text.as_str()),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut out = String::from(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// `%d` of an int through the English printer (`1,000`).
pub(super) fn grouped_int(i: usize) -> String {
    grouped(i as f64)
}

/// A JSON value as Go's `encoding/json` writes it, numbers as `float64` (`1`, `1.5`),
/// objects by key: how gojsonschema compares and prints `enum` and `const`.
pub(super) fn marshal(v: &Json) -> String {
    match v {
        Json::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.to_string(),
            (_, Some(u)) => u.to_string(),
            _ => {
                let f = f64_of(n);
                if f.fract() == 0.0 && f.abs() < 1e21 {
                    format!("{}", f as i128)
                } else {
                    crate::go::format_float_g(f, false)
                }
            }
        },
        Json::Array(items) => {
            let inner: Vec<String> = items.iter().map(marshal).collect();
            format!("[{}]", inner.join(","))
        }
        Json::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let inner: Vec<String> = keys
                .into_iter()
                .map(|k| format!("{}:{}", Json::String(k.clone()), marshal(&m[k])))
                .collect();
            format!("{{{}}}", inner.join(","))
        }
        other => other.to_string(),
    }
}

/// Deep equality with numbers by value (`1` equals `1.0`), as both validators compare.
pub(super) fn equal(a: &Json, b: &Json) -> bool {
    match (a, b) {
        (Json::Number(x), Json::Number(y)) => f64_of(x) == f64_of(y),
        (Json::Array(x), Json::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equal(a, b))
        }
        (Json::Object(x), Json::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w)))
        }
        _ => a == b,
    }
}
