//! Sprig's arithmetic: the integer functions convert with spf13/cast's `ToInt64` and return
//! `int64` (Go's wrapping arithmetic, its divide-by-zero panic); the `…f` functions go
//! through shopspring/decimal (`addf 0.1 0.2` is `0.3`), dividing to 16 decimal places.

use crate::gotpl::func::{Ctx, FuncError};
use crate::gotpl::value::Value;

use super::conv::{arg, int, to_float64, to_int64, FResult};

fn i64v(i: i64) -> FResult {
    Ok(Value::Int64(i))
}

fn f64v(f: f64) -> FResult {
    Ok(Value::Float(f))
}

const DIV_ZERO: &str = "runtime error: integer divide by zero";

pub fn add(_: &mut Ctx, a: &[Value]) -> FResult {
    i64v(a.iter().fold(0i64, |acc, v| acc.wrapping_add(to_int64(v))))
}

pub fn add1(_: &mut Ctx, a: &[Value]) -> FResult {
    i64v(to_int64(arg(a, 0)).wrapping_add(1))
}

pub fn sub(_: &mut Ctx, a: &[Value]) -> FResult {
    i64v(to_int64(arg(a, 0)).wrapping_sub(to_int64(arg(a, 1))))
}

pub fn div(_: &mut Ctx, a: &[Value]) -> FResult {
    let d = to_int64(arg(a, 1));
    if d == 0 {
        return Err(FuncError(DIV_ZERO.into()));
    }
    i64v(to_int64(arg(a, 0)).wrapping_div(d))
}

pub fn modulo(_: &mut Ctx, a: &[Value]) -> FResult {
    let d = to_int64(arg(a, 1));
    if d == 0 {
        return Err(FuncError(DIV_ZERO.into()));
    }
    i64v(to_int64(arg(a, 0)).wrapping_rem(d))
}

pub fn mul(_: &mut Ctx, a: &[Value]) -> FResult {
    i64v(
        a.iter()
            .skip(1)
            .fold(to_int64(arg(a, 0)), |acc, v| acc.wrapping_mul(to_int64(v))),
    )
}

pub fn max(_: &mut Ctx, a: &[Value]) -> FResult {
    i64v(a.iter().map(to_int64).max().unwrap_or(0))
}

pub fn min(_: &mut Ctx, a: &[Value]) -> FResult {
    i64v(a.iter().map(to_int64).min().unwrap_or(0))
}

/// Go's `math.Max` (NaN wins, +0 over -0).
fn go_max(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 && y == 0.0 {
        return if x.is_sign_negative() { y } else { x };
    }
    x.max(y)
}

/// Go's `math.Min` (NaN wins, -0 over +0).
fn go_min(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 && y == 0.0 {
        return if x.is_sign_negative() { x } else { y };
    }
    x.min(y)
}

pub fn maxf(_: &mut Ctx, a: &[Value]) -> FResult {
    f64v(
        a.iter()
            .skip(1)
            .fold(to_float64(arg(a, 0)), |acc, v| go_max(acc, to_float64(v))),
    )
}

pub fn minf(_: &mut Ctx, a: &[Value]) -> FResult {
    f64v(
        a.iter()
            .skip(1)
            .fold(to_float64(arg(a, 0)), |acc, v| go_min(acc, to_float64(v))),
    )
}

/// A decimal `coef × 10^exp`, as shopspring/decimal holds one (here in 128 bits; results
/// that do not fit fall back to float arithmetic).
#[derive(Clone, Copy, Debug)]
struct Dec {
    coef: i128,
    exp: i32,
}

impl Dec {
    /// `decimal.NewFromFloat`: the shortest decimal that reads back as `f`.
    fn from_f64(f: f64) -> Option<Dec> {
        if !f.is_finite() {
            return None;
        }
        let sci = format!("{f:e}");
        let (mant, exp) = sci.split_once('e')?;
        let exp: i32 = exp.parse().ok()?;
        let (int_part, frac) = mant.split_once('.').unwrap_or((mant, ""));
        let digits = format!("{int_part}{frac}");
        let coef: i128 = digits.parse().ok()?;
        Some(Dec {
            coef,
            exp: exp - frac.len() as i32,
        })
    }

    fn to_f64(self) -> f64 {
        format!("{}e{}", self.coef, self.exp)
            .parse()
            .unwrap_or(f64::NAN)
    }

    /// Both at the smaller exponent.
    fn align(a: Dec, b: Dec) -> Option<(i128, i128, i32)> {
        let exp = a.exp.min(b.exp);
        let scale = |d: Dec| -> Option<i128> {
            let shift = u32::try_from(d.exp - exp).ok()?;
            d.coef.checked_mul(10i128.checked_pow(shift)?)
        };
        Some((scale(a)?, scale(b)?, exp))
    }

    fn add(a: Dec, b: Dec) -> Option<Dec> {
        let (x, y, exp) = Dec::align(a, b)?;
        Some(Dec {
            coef: x.checked_add(y)?,
            exp,
        })
    }

    fn sub(a: Dec, b: Dec) -> Option<Dec> {
        let (x, y, exp) = Dec::align(a, b)?;
        Some(Dec {
            coef: x.checked_sub(y)?,
            exp,
        })
    }

    fn mul(a: Dec, b: Dec) -> Option<Dec> {
        Some(Dec {
            coef: a.coef.checked_mul(b.coef)?,
            exp: a.exp.checked_add(b.exp)?,
        })
    }

    /// `Div`: the quotient rounded (half away from zero) to 16 decimal places.
    fn div(a: Dec, b: Dec) -> Option<Dec> {
        const PLACES: i32 = 16;
        // a/b = (a.coef / b.coef) × 10^(a.exp - b.exp); we want q × 10^-PLACES.
        let shift = a.exp - b.exp + PLACES + 1; // one extra digit for rounding
        let (num, den) = if shift >= 0 {
            (
                a.coef
                    .checked_mul(10i128.checked_pow(u32::try_from(shift).ok()?)?)?,
                b.coef,
            )
        } else {
            (
                a.coef,
                b.coef
                    .checked_mul(10i128.checked_pow(u32::try_from(-shift).ok()?)?)?,
            )
        };
        let q = num / den;
        // q has one digit too many; round on it, the remainder deciding exact halves.
        let last = q % 10;
        let mut coef = q / 10;
        let neg = (num < 0) != (den < 0);
        if last.abs() >= 5 {
            coef += if neg { -1 } else { 1 };
        }
        Some(Dec { coef, exp: -PLACES })
    }
}

fn decimal_op(
    first: &Value,
    rest: &[Value],
    op: fn(Dec, Dec) -> Option<Dec>,
    float_op: fn(f64, f64) -> f64,
    is_div: bool,
) -> FResult {
    let mut acc = to_float64(first);
    let mut dec = Dec::from_f64(acc);
    for v in rest {
        let x = to_float64(v);
        if is_div && x == 0.0 {
            return Err(FuncError("decimal division by 0".into()));
        }
        dec = match (dec, Dec::from_f64(x)) {
            (Some(d), Some(e)) => op(d, e),
            _ => None,
        };
        acc = match dec {
            Some(d) => d.to_f64(),
            None => float_op(acc, x),
        };
        dec = dec.or_else(|| Dec::from_f64(acc));
    }
    f64v(dec.map_or(acc, Dec::to_f64))
}

pub fn addf(_: &mut Ctx, a: &[Value]) -> FResult {
    decimal_op(&Value::Float(0.0), a, Dec::add, |x, y| x + y, false)
}

pub fn add1f(_: &mut Ctx, a: &[Value]) -> FResult {
    decimal_op(arg(a, 0), &[Value::Int(1)], Dec::add, |x, y| x + y, false)
}

pub fn subf(_: &mut Ctx, a: &[Value]) -> FResult {
    decimal_op(
        arg(a, 0),
        &a[1.min(a.len())..],
        Dec::sub,
        |x, y| x - y,
        false,
    )
}

pub fn mulf(_: &mut Ctx, a: &[Value]) -> FResult {
    decimal_op(
        arg(a, 0),
        &a[1.min(a.len())..],
        Dec::mul,
        |x, y| x * y,
        false,
    )
}

pub fn divf(_: &mut Ctx, a: &[Value]) -> FResult {
    decimal_op(
        arg(a, 0),
        &a[1.min(a.len())..],
        Dec::div,
        |x, y| x / y,
        true,
    )
}

pub fn ceil(_: &mut Ctx, a: &[Value]) -> FResult {
    f64v(to_float64(arg(a, 0)).ceil())
}

pub fn floor(_: &mut Ctx, a: &[Value]) -> FResult {
    f64v(to_float64(arg(a, 0)).floor())
}

/// Sprig's `round VALUE PLACES [ROUND_ON]`: up when the fraction at PLACES is at least
/// ROUND_ON (0.5), else down (so -1.5 rounds to -2).
pub fn round(_: &mut Ctx, a: &[Value]) -> FResult {
    let round_on = a.get(2).map(to_float64).unwrap_or(0.5);
    let val = to_float64(arg(a, 0));
    let pow = 10f64.powf(int(a, 1) as f64);
    let digit = pow * val;
    let frac = digit - digit.trunc();
    let r = if frac >= round_on {
        digit.ceil()
    } else {
        digit.floor()
    };
    f64v(r / pow)
}

pub fn to_int(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::Int(to_int64(arg(a, 0))))
}

pub fn to_int64_fn(_: &mut Ctx, a: &[Value]) -> FResult {
    i64v(to_int64(arg(a, 0)))
}

pub fn to_float64_fn(_: &mut Ctx, a: &[Value]) -> FResult {
    f64v(to_float64(arg(a, 0)))
}

/// `toDecimal`: the value printed, read as an octal number (0 when it is not one).
pub fn to_decimal(_: &mut Ctx, a: &[Value]) -> FResult {
    let text = crate::gotpl::fmt::to_string(arg(a, 0));
    let (neg, digits) = match text.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, text.strip_prefix('+').unwrap_or(&text)),
    };
    let n = if !digits.is_empty() && digits.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        i64::from_str_radix(digits, 8).map_or(0, |n| if neg { -n } else { n })
    } else {
        0
    };
    i64v(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gotpl::fmt::to_string;

    fn show(r: FResult) -> String {
        match r {
            Ok(v) => to_string(&v),
            Err(e) => format!("ERR {e}"),
        }
    }

    fn f(x: f64) -> Value {
        Value::Float(x)
    }

    fn i(x: i64) -> Value {
        Value::Int(x)
    }

    // Expected text from `helm template` (v3.17.2).
    #[test]
    fn float_functions_use_decimal_arithmetic_like_sprig() {
        let mut c = Ctx::new();
        let c = &mut c;
        assert_eq!(show(divf(c, &[i(1), i(3)])), "0.3333333333333333");
        assert_eq!(show(divf(c, &[i(10), i(4)])), "2.5");
        assert_eq!(show(mulf(c, &[f(1.1), i(3)])), "3.3");
        assert_eq!(show(subf(c, &[i(1), f(0.9)])), "0.1");
        assert_eq!(show(addf(c, &[f(1e20), i(1)])), "1e+20");
        assert_eq!(show(divf(c, &[i(2), i(3)])), "0.6666666666666667");
        assert_eq!(show(add1f(c, &[f(0.1)])), "1.1");
        assert_eq!(show(addf(c, &[f(0.1), f(0.2)])), "0.3");
        assert_eq!(show(maxf(c, &[i(1), f(2.5)])), "2.5");
        assert_eq!(show(divf(c, &[i(-2), i(3)])), "-0.6666666666666667");
        assert_eq!(show(divf(c, &[i(1), i(7)])), "0.1428571428571429");
        assert_eq!(show(mulf(c, &[f(0.1), f(0.1)])), "0.01");
        assert_eq!(show(divf(c, &[i(1), i(0)])), "ERR decimal division by 0");
    }

    #[test]
    fn integer_functions_match_helm() {
        let mut c = Ctx::new();
        let c = &mut c;
        assert_eq!(show(add(c, &[i(1), f(2.7), Value::str("3")])), "6");
        assert_eq!(show(div(c, &[i(7), i(2)])), "3");
        assert_eq!(show(mul(c, &[i(2), f(1.9)])), "2");
        assert_eq!(show(max(c, &[i(1), Value::str("7"), f(3.9)])), "7");
        assert_eq!(show(min(c, &[i(3), i(1), i(2)])), "1");
        assert_eq!(show(modulo(c, &[i(-7), i(3)])), "-1");
        assert_eq!(
            show(div(c, &[i(1), i(0)])),
            "ERR runtime error: integer divide by zero"
        );
        assert!(matches!(add(c, &[i(1)]), Ok(Value::Int64(1))));
    }

    #[test]
    fn rounding_matches_helm() {
        let mut c = Ctx::new();
        let c = &mut c;
        assert_eq!(show(round(c, &[f(2.555), i(2)])), "2.56");
        assert_eq!(show(round(c, &[f(1.5), i(0)])), "2");
        assert_eq!(show(round(c, &[f(-1.5), i(0)])), "-2");
        assert_eq!(show(round(c, &[f(2.5), i(0), f(0.6)])), "2");
        assert_eq!(show(ceil(c, &[f(1.2)])), "2");
        assert_eq!(show(floor(c, &[Value::str("3.7")])), "3");
        assert_eq!(show(to_decimal(c, &[Value::str("777")])), "511");
        assert_eq!(show(to_decimal(c, &[i(10)])), "8");
    }
}
