//! Helm 4.3's duration helpers: `mustToDuration` (a Go `time.Duration`), `durationSeconds`,
//! `durationMilliseconds`, `durationMicroseconds`, `durationNanoseconds`, `durationMinutes`,
//! `durationHours`, `durationDays`, `durationWeeks`, `durationRoundTo`, `durationTruncateTo`.
//! A duration is read from a Go duration string (`1h30m`), a number of seconds (`90`,
//! `"1.5"`), or a duration.

use std::rc::Rc;

use crate::gotpl::func::{Ctx, FuncError, GoType};
use crate::gotpl::value::{Object, Value};

use super::conv::{arg, FResult};
use super::date::{duration_string, parse_duration};

/// A Go `time.Duration`: prints as `1h30m0s`, marshals as its nanoseconds.
#[derive(Debug, Clone, Copy)]
pub struct Duration(pub i64);

impl Object for Duration {
    fn type_name(&self) -> &str {
        "time.Duration"
    }

    fn kind(&self) -> &'static str {
        "int64"
    }

    fn field(&self, _: &str) -> Option<Value> {
        None
    }

    fn method_params(&self, name: &str) -> Option<&'static [GoType]> {
        matches!(
            name,
            "String"
                | "Seconds"
                | "Minutes"
                | "Hours"
                | "Milliseconds"
                | "Microseconds"
                | "Nanoseconds"
        )
        .then_some(&[])
    }

    /// No argument (checked against [`Object::method_params`]).
    fn method(&self, name: &str, _: &[Value]) -> Option<Result<Value, FuncError>> {
        Some(Ok(match name {
            "String" => Value::from(duration_string(self.0)),
            "Seconds" => Value::Float(seconds(self.0)),
            "Minutes" => Value::Float(minutes(self.0)),
            "Hours" => Value::Float(hours(self.0)),
            "Milliseconds" => Value::Int64(self.0 / 1_000_000),
            "Microseconds" => Value::Int64(self.0 / 1_000),
            "Nanoseconds" => Value::Int64(self.0),
            _ => return None,
        }))
    }

    fn to_json(&self) -> Option<Value> {
        Some(Value::Int64(self.0))
    }

    fn format(&self, out: &mut String) {
        out.push_str(&duration_string(self.0));
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }

    fn go_int(&self) -> Option<i64> {
        Some(self.0)
    }
}

const SECOND: i64 = 1_000_000_000;

fn seconds(d: i64) -> f64 {
    (d / SECOND) as f64 + (d % SECOND) as f64 / 1e9
}

fn minutes(d: i64) -> f64 {
    (d / (60 * SECOND)) as f64 + (d % (60 * SECOND)) as f64 / (60.0 * 1e9)
}

fn hours(d: i64) -> f64 {
    (d / (3600 * SECOND)) as f64 + (d % (3600 * SECOND)) as f64 / (3600.0 * 1e9)
}

fn from_seconds_float(f: f64) -> Result<i64, String> {
    if f.is_nan() || f.is_infinite() {
        return Err(format!(
            "invalid duration seconds: {}",
            crate::go::format_float_g(f, false)
        ));
    }
    let max = (i64::MAX / SECOND) as f64;
    if f > max || f < -max {
        return Err(format!(
            "duration seconds overflow: {}",
            crate::go::format_float_g(f, false)
        ));
    }
    Ok((f * 1e9) as i64)
}

/// Helm's `asDuration`; `values_type` is how the profile's Helm names `chartutil.Values` in
/// its error.
fn as_duration(v: &Value, values_type: &str) -> Result<i64, String> {
    match v {
        Value::Object(o) => match o.as_any().and_then(|a| a.downcast_ref::<Duration>()) {
            Some(d) => Ok(d.0),
            None => Err(format!("unsupported duration type {}", o.type_name())),
        },
        Value::String(s) => {
            let t = s.trim();
            if t.is_empty() {
                return Err("empty duration".into());
            }
            if let Ok(d) = parse_duration(t) {
                return Ok(d);
            }
            match super::conv::parse_go_float(t) {
                Some(f) => from_seconds_float(f),
                None => Err(format!("could not parse duration {}", crate::go::quote(s))),
            }
        }
        Value::Nil => Err("invalid duration".into()),
        Value::Int(i) | Value::Int64(i) => {
            if i.unsigned_abs() > (i64::MAX / SECOND) as u64 {
                return Err(format!("duration seconds overflow: {i}"));
            }
            Ok(i * SECOND)
        }
        Value::Float(f) => from_seconds_float(*f),
        other => Err(format!(
            "unsupported duration type {}",
            other.type_name(values_type)
        )),
    }
}

fn duration(d: i64) -> FResult {
    Ok(Value::Object(Rc::new(Duration(d))))
}

pub fn must_to_duration(ctx: &mut Ctx, a: &[Value]) -> FResult {
    as_duration(arg(a, 0), ctx.values_type())
        .map_err(FuncError)
        .and_then(duration)
}

fn float_of(ctx: &Ctx, a: &[Value], f: fn(i64) -> f64) -> FResult {
    Ok(Value::Float(
        as_duration(arg(a, 0), ctx.values_type()).map_or(0.0, f),
    ))
}

fn int_of(ctx: &Ctx, a: &[Value], div: i64) -> FResult {
    Ok(Value::Int64(
        as_duration(arg(a, 0), ctx.values_type()).map_or(0, |d| d / div),
    ))
}

pub fn duration_seconds(ctx: &mut Ctx, a: &[Value]) -> FResult {
    float_of(ctx, a, seconds)
}

pub fn duration_minutes(ctx: &mut Ctx, a: &[Value]) -> FResult {
    float_of(ctx, a, minutes)
}

pub fn duration_hours(ctx: &mut Ctx, a: &[Value]) -> FResult {
    float_of(ctx, a, hours)
}

pub fn duration_days(ctx: &mut Ctx, a: &[Value]) -> FResult {
    float_of(ctx, a, |d| hours(d) / 24.0)
}

pub fn duration_weeks(ctx: &mut Ctx, a: &[Value]) -> FResult {
    float_of(ctx, a, |d| hours(d) / 24.0 / 7.0)
}

pub fn duration_milliseconds(ctx: &mut Ctx, a: &[Value]) -> FResult {
    int_of(ctx, a, 1_000_000)
}

pub fn duration_microseconds(ctx: &mut Ctx, a: &[Value]) -> FResult {
    int_of(ctx, a, 1_000)
}

pub fn duration_nanoseconds(ctx: &mut Ctx, a: &[Value]) -> FResult {
    int_of(ctx, a, 1)
}

/// Go's `Duration.Round`.
fn round(d: i64, m: i64) -> i64 {
    if m <= 0 {
        return d;
    }
    let mut r = d % m;
    if d < 0 {
        r = -r;
        if r + r < m {
            return d + r;
        }
        return d.checked_sub(m - r).unwrap_or(i64::MIN);
    }
    if r + r < m {
        return d - r;
    }
    d.checked_add(m - r).unwrap_or(i64::MAX)
}

pub fn duration_round_to(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let Ok(d) = as_duration(arg(a, 0), ctx.values_type()) else {
        return duration(0);
    };
    match as_duration(arg(a, 1), ctx.values_type()) {
        Ok(m) => duration(round(d, m)),
        Err(_) => duration(d),
    }
}

pub fn duration_truncate_to(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let Ok(d) = as_duration(arg(a, 0), ctx.values_type()) else {
        return duration(0);
    };
    match as_duration(arg(a, 1), ctx.values_type()) {
        Ok(m) if m > 0 => duration(d - d % m),
        _ => duration(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gotpl::fmt::to_string;

    // Expected text from `helm template` (v4.3.1).
    #[test]
    fn duration_helpers_match_helm_4_3() {
        let mut c = Ctx::new();
        let show = |r: FResult| {
            r.map(|v| to_string(&v))
                .unwrap_or_else(|e| format!("ERR {e}"))
        };
        assert_eq!(
            show(must_to_duration(&mut c, &[Value::str("1h30m")])),
            "1h30m0s"
        );
        assert_eq!(
            must_to_duration(&mut c, &[Value::Int(90)]).map(|v| v.type_name("x")),
            Ok("time.Duration".into())
        );
        assert_eq!(show(duration_seconds(&mut c, &[Value::str("1m")])), "60");
        assert_eq!(show(duration_minutes(&mut c, &[Value::Int(90)])), "1.5");
        assert_eq!(
            show(duration_round_to(
                &mut c,
                &[Value::str("1h29m"), Value::str("1h")]
            )),
            "1h0m0s"
        );
        assert_eq!(show(duration_days(&mut c, &[Value::str("36h")])), "1.5");
        assert_eq!(
            show(duration_milliseconds(&mut c, &[Value::Float(1.5)])),
            "1500"
        );
        assert_eq!(show(duration_seconds(&mut c, &[Value::str("x")])), "0");
        assert_eq!(show(must_to_duration(&mut c, &[Value::Float(1.5)])), "1.5s");
        let one = must_to_duration(&mut c, &[Value::str("1s")]).unwrap_or_default();
        assert_eq!(
            one.to_values().and_then(|v| crate::yaml::to_json(&v)),
            Some("1000000000".into())
        );
    }
}
