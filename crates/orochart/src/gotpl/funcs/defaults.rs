//! Sprig's defaults and flow functions: `default`, `empty`, `coalesce`, `all`, `any`,
//! `ternary`, with Sprig's emptiness (nil, false, 0, "", an empty slice or map).

use crate::gotpl::func::Ctx;
use crate::gotpl::value::Value;

use super::conv::{arg, boolean, empty, FResult};

/// `default DEFAULT [GIVEN]`: GIVEN unless it is absent or empty.
pub fn default(_: &mut Ctx, a: &[Value]) -> FResult {
    match a.get(1) {
        Some(given) if !empty(given) => Ok(given.clone()),
        _ => Ok(arg(a, 0).clone()),
    }
}

pub fn empty_fn(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::Bool(empty(arg(a, 0))))
}

pub fn coalesce(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(a.iter().find(|v| !empty(v)).cloned().unwrap_or_default())
}

pub fn all(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::Bool(a.iter().all(|v| !empty(v))))
}

pub fn any(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::Bool(a.iter().any(|v| !empty(v))))
}

/// `ternary TRUE FALSE COND`.
pub fn ternary(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(if boolean(a, 2) { arg(a, 0) } else { arg(a, 1) }.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected results from `helm template` (v3.17.2).
    #[test]
    fn defaults_follow_sprigs_emptiness() {
        let mut c = Ctx::new();
        let d = Value::str("d");
        let pick = |c: &mut Ctx, v: Value| {
            default(c, &[d.clone(), v])
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
        };
        assert_eq!(pick(&mut c, Value::Int(0)), Some("d".into()));
        assert_eq!(pick(&mut c, Value::list(vec![])), Some("d".into()));
        assert_eq!(pick(&mut c, Value::Bool(false)), Some("d".into()));
        assert_eq!(pick(&mut c, Value::str("x")), Some("x".into()));
        assert_eq!(
            default(&mut c, std::slice::from_ref(&d))
                .ok()
                .and_then(|v| v.as_str().map(str::to_string)),
            Some("d".into())
        );
        assert!(matches!(
            empty_fn(&mut c, &[Value::dict(crate::gotpl::value::Entries::new())]),
            Ok(Value::Bool(true))
        ));
        assert!(matches!(
            coalesce(&mut c, &[Value::Int(0), Value::str(""), Value::str("x")]),
            Ok(Value::String(s)) if &*s == "x"
        ));
        assert!(matches!(
            all(&mut c, &[Value::Int(1), Value::str("")]),
            Ok(Value::Bool(false))
        ));
        assert!(matches!(
            any(&mut c, &[Value::Int(0), Value::str("a")]),
            Ok(Value::Bool(true))
        ));
        assert!(matches!(
            ternary(&mut c, &[Value::Int(1), Value::Int(2), Value::Bool(true)]),
            Ok(Value::Int(1))
        ));
    }
}
