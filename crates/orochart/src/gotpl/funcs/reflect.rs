//! Sprig's reflection functions: `typeOf` (Go's `%T`), `typeIs`, `typeIsLike`, `kindOf`
//! (`reflect.Kind`), `kindIs`, and `deepEqual` (`reflect.DeepEqual`: the same dynamic types,
//! element by element).

use std::rc::Rc;

use crate::gotpl::func::Ctx;
use crate::gotpl::value::Value;

use super::conv::{arg, s, string, FResult};

/// `reflect.DeepEqual` of two values: dynamic types equal (`int` 1 is not `int64` 1 nor
/// `float64` 1), slices and maps element-wise, objects only when they are the same one.
pub fn deep_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) | (Value::Int64(x), Value::Int64(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::RawString(x), Value::RawString(y)) | (Value::Bytes(x), Value::Bytes(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            x.elem == y.elem
                && x.items.len() == y.items.len()
                && x.items
                    .iter()
                    .zip(y.items.iter())
                    .all(|(p, q)| deep_equal(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            if x.ty != y.ty {
                return false;
            }
            if x.same(y) {
                return true;
            }
            let (x, y) = (x.entries.borrow(), y.entries.borrow());
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| deep_equal(v, w)))
        }
        (Value::Object(x), Value::Object(y)) if Rc::ptr_eq(x, y) => true,
        (Value::Object(x), Value::Object(y)) if x.go_complex().is_some() => {
            x.go_complex() == y.go_complex()
        }
        // Two json.Numbers (Helm v3.18.0's values numbers) are equal strings.
        (x, y) => match (
            crate::gotpl::json_number::text(x),
            crate::gotpl::json_number::text(y),
        ) {
            (Some(p), Some(q)) => p == q,
            _ => false,
        },
    }
}

pub fn type_of(ctx: &mut Ctx, a: &[Value]) -> FResult {
    string(arg(a, 0).type_name(ctx.values_type()))
}

pub fn type_is(ctx: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::Bool(
        s(a, 0) == arg(a, 1).type_name(ctx.values_type()),
    ))
}

pub fn type_is_like(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let t = arg(a, 1).type_name(ctx.values_type());
    let target = s(a, 0);
    Ok(Value::Bool(
        target == t || t.strip_prefix('*') == Some(target),
    ))
}

pub fn kind_of(_: &mut Ctx, a: &[Value]) -> FResult {
    string(arg(a, 0).kind())
}

pub fn kind_is(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::Bool(s(a, 0) == arg(a, 1).kind()))
}

pub fn deep_equal_fn(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::Bool(deep_equal(arg(a, 0), arg(a, 1))))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected results from `helm template` (v3.17.2).
    #[test]
    fn reflection_matches_helm() {
        let mut c = Ctx::new();
        let show = |r: FResult| crate::gotpl::fmt::to_string(&r.unwrap_or_default());
        assert_eq!(show(type_of(&mut c, &[Value::Int(1)])), "int");
        assert_eq!(show(type_of(&mut c, &[Value::Nil])), "<nil>");
        assert_eq!(show(kind_of(&mut c, &[Value::list(vec![])])), "slice");
        assert_eq!(show(kind_of(&mut c, &[Value::Nil])), "invalid");
        assert_eq!(
            show(type_is_like(&mut c, &[Value::str("int"), Value::Int(1)])),
            "true"
        );
        assert_eq!(
            show(deep_equal_fn(
                &mut c,
                &[
                    Value::list(vec![Value::Int(1)]),
                    Value::list(vec![Value::Int(1)])
                ]
            )),
            "true"
        );
        assert_eq!(
            show(deep_equal_fn(&mut c, &[Value::Int(1), Value::Float(1.0)])),
            "false"
        );
        assert_eq!(
            show(kind_is(
                &mut c,
                &[
                    Value::str("map"),
                    Value::dict(crate::gotpl::value::Entries::new())
                ]
            )),
            "true"
        );
    }
}
