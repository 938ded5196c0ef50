//! Sprig's date functions over a Go `time.Time` object: `now`, `date`, `dateInZone`,
//! `htmlDate`, `htmlDateInZone`, `toDate`, `mustToDate`, `dateModify`, `mustDateModify`,
//! `unixEpoch`, `ago`, `duration`, `durationRound`, with Go's layout strings (`2006-01-02`),
//! `time.Time.String()` and `time.Duration.String()`.

use std::rc::Rc;

use crate::gotpl::func::{Ctx, FuncError, GoType};
use crate::gotpl::value::{Object, Value};

use super::conv::{arg, s, string, FResult};
use super::durations::Duration;
use super::zone::{Location, Zone};
use crate::go::time::{self, civil_from_days, days_from_civil, ParsedZone, DAYS, MONTHS};

/// A Go `time.Time`: an instant, the location it is shown in, and (for `now`) a monotonic
/// reading that `String()` prints as `m=+…`.
#[derive(Clone, Debug)]
pub struct GoTime {
    /// Seconds since the Unix epoch.
    pub unix: i64,
    /// Nanoseconds within the second.
    pub nanos: u32,
    /// The location (`UTC`, `Local`, a fixed zone made by parsing `+02:00`).
    loc: Location,
    /// Go's `time.Local` of the render, for the `Local` method.
    local: Rc<Zone>,
    mono: Option<f64>,
}

/// A [`GoTime`] with its zones owned rather than shared, so it is `Send` and `Sync`: how a
/// time crosses into the minijinja dialect's values and back (see `engine::gofuncs`).
#[derive(Clone, Debug)]
pub(crate) struct OwnedTime {
    unix: i64,
    nanos: u32,
    zone: Zone,
    fixed: Option<(i32, String)>,
    local: Zone,
    mono: Option<f64>,
}

impl OwnedTime {
    /// The time again, as the functions take it.
    pub(crate) fn to_time(&self) -> GoTime {
        GoTime {
            unix: self.unix,
            nanos: self.nanos,
            loc: match &self.fixed {
                Some((offset, name)) => Location::fixed(*offset, name.clone()),
                None => Location::Zone(Rc::new(self.zone.clone())),
            },
            local: Rc::new(self.local.clone()),
            mono: self.mono,
        }
    }
}

impl GoTime {
    /// The time with its zones owned (see [`OwnedTime`]).
    pub(crate) fn to_owned_time(&self) -> OwnedTime {
        let (zone, fixed) = match &self.loc {
            Location::Zone(z) => ((**z).clone(), None),
            Location::Fixed(f) => (Zone::utc(), Some((f.offset, f.name.clone()))),
        };
        OwnedTime {
            unix: self.unix,
            nanos: self.nanos,
            zone,
            fixed,
            local: (*self.local).clone(),
            mono: self.mono,
        }
    }
}

impl GoTime {
    /// The time `unix` seconds and `nanos` after the epoch, in `loc`; `local` is the render's
    /// `time.Local`.
    fn new(unix: i64, nanos: u32, loc: Location, local: Rc<Zone>) -> GoTime {
        GoTime {
            unix,
            nanos,
            loc,
            local,
            mono: None,
        }
    }

    /// Go's zero `time.Time` (January 1, year 1, UTC).
    fn zero(local: Rc<Zone>) -> GoTime {
        GoTime::new(zero_unix(), 0, Location::utc(), local)
    }

    fn offset(&self) -> (i32, String) {
        let (off, abbr, _) = self.loc.lookup(self.unix);
        (off, abbr)
    }

    /// The time in location `loc` (Go's `In`, `UTC`, `Local`: no monotonic reading after).
    fn in_loc(&self, loc: Location) -> GoTime {
        GoTime {
            loc,
            mono: None,
            ..self.clone()
        }
    }

    /// The time in the zone `zone`.
    fn in_zone(&self, zone: Rc<Zone>) -> GoTime {
        self.in_loc(Location::Zone(zone))
    }

    /// Go's `==` on two `time.Time` structs (`eq`): the same instant, location and monotonic
    /// reading.
    fn same(&self, u: &GoTime) -> bool {
        self.unix == u.unix && self.nanos == u.nanos && self.mono == u.mono && self.loc.same(&u.loc)
    }

    /// How BurntSushi/toml's encoder writes it (bare): a datetime, date or time the reader
    /// made without an offset in its own layout, read in UTC; any other in RFC 3339.
    pub(crate) fn toml_text(&self) -> String {
        match self.loc.toml_local_layout() {
            Some(layout) => self.in_loc(Location::utc()).format(layout),
            None => self.format("2006-01-02T15:04:05.999999999Z07:00"),
        }
    }

    /// The RFC 3339 text `MarshalJSON` and `MarshalText` write, or their error for a year
    /// that does not take four digits or an offset of 24 hours or more.
    fn rfc3339(&self) -> Result<String, &'static str> {
        let text = self.format("2006-01-02T15:04:05.999999999Z07:00");
        if text.as_bytes().get(4) != Some(&b'-') {
            return Err("year outside of range [0,9999]");
        }
        if self.offset().0.unsigned_abs() / 3600 >= 24 {
            return Err("timezone hour outside of range [0,23]");
        }
        Ok(text)
    }

    /// Go's `Time.MarshalBinary`: a version byte (2 when the offset has seconds), seconds since
    /// January 1 of year 1, nanoseconds, the offset in minutes (-1: UTC), big-endian; `None`
    /// for an offset of -1 minute, which Go refuses.
    fn binary(&self) -> Option<Vec<u8>> {
        let (off, _) = self.offset();
        let (version, minutes, secs) = if self.loc.is_utc() {
            (1u8, -1i16, 0i8)
        } else {
            let minutes = i16::try_from(off / 60).ok().filter(|&m| m != -1)?;
            (if off % 60 == 0 { 1 } else { 2 }, minutes, (off % 60) as i8)
        };
        let mut b = vec![version];
        b.extend_from_slice(&(self.unix - zero_unix()).to_be_bytes());
        b.extend_from_slice(&(self.nanos as i32).to_be_bytes());
        b.extend_from_slice(&minutes.to_be_bytes());
        if version == 2 {
            b.push(secs as u8);
        }
        Some(b)
    }

    /// Go's `Time.GoString`: `time.Date(2024, time.July, 1, 0, 0, 0, 0, time.Local)`.
    fn go_syntax_text(&self) -> String {
        let (off, _) = self.offset();
        let local = self.unix + i64::from(off);
        let (y, m, d) = civil_from_days(local.div_euclid(86400));
        let secs = local.rem_euclid(86400);
        format!(
            "time.Date({y}, time.{}, {d}, {}, {}, {}, {}, {})",
            MONTHS[m as usize - 1],
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
            self.nanos,
            self.loc.go_syntax()
        )
    }

    /// The time as a template value.
    pub(crate) fn value(self) -> Value {
        Value::Object(Rc::new(self))
    }

    /// Go's `Time.Format(layout)`.
    pub fn format(&self, layout: &str) -> String {
        let (off, abbr) = self.offset();
        time::format(layout, self.unix, self.nanos, off, &abbr)
    }

    /// Go's `Time.String()`: `2006-01-02 15:04:05.999999999 -0700 MST`, and `m=±…` for a
    /// monotonic reading.
    fn go_string(&self) -> String {
        let mut s = self.format("2006-01-02 15:04:05.999999999 -0700 MST");
        if let Some(m) = self.mono {
            s.push_str(&format!(
                " m={}{:.9}",
                if m < 0.0 { "-" } else { "+" },
                m.abs()
            ));
        }
        s
    }
}

impl Object for GoTime {
    fn type_name(&self) -> &str {
        "time.Time"
    }

    fn kind(&self) -> &'static str {
        "struct"
    }

    fn field(&self, _: &str) -> Option<Value> {
        None
    }

    fn method_params(&self, name: &str) -> Option<&'static [GoType]> {
        const TIME: GoType = GoType::Object("time.Time");
        match name {
            "Unix" | "UnixNano" | "UnixMilli" | "UnixMicro" | "Year" | "Month" | "Day" | "Hour"
            | "Minute" | "Second" | "Nanosecond" | "YearDay" | "Weekday" | "String" | "UTC"
            | "Local" | "Location" | "IsDST" | "IsZero" | "GoString" => Some(&[]),
            // `([]byte, error)`.
            "MarshalJSON" | "MarshalText" | "MarshalBinary" | "GobEncode" => Some(&[]),
            "In" => Some(&[GoType::Object("*time.Location")]),
            // Methods whose results text/template refuses (see `bad_signature`).
            "Date" | "Clock" | "ISOWeek" | "Zone" | "ZoneBounds" => Some(&[]),
            "Format" => Some(&[GoType::String]),
            "Add" | "Truncate" | "Round" => Some(&[GoType::Duration]),
            "AddDate" => Some(&[GoType::Int, GoType::Int, GoType::Int]),
            "Sub" | "Before" | "After" | "Equal" | "Compare" => Some(&[TIME]),
            _ => None,
        }
    }

    fn bad_signature(&self, name: &str) -> Option<String> {
        let second = match name {
            "Date" | "Clock" => {
                return Some(format!(
                    "function {name} has 3 return values; should be 1 or 2"
                ))
            }
            "ISOWeek" | "Zone" => "int",
            "ZoneBounds" => "time.Time",
            _ => return None,
        };
        Some(format!(
            "invalid function signature for {name}: second return value should be error; is {second}"
        ))
    }

    /// Called with arguments checked against [`Object::method_params`].
    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, FuncError>> {
        let (off, _) = self.offset();
        let local = self.unix + i64::from(off);
        let (y, m, d) = civil_from_days(local.div_euclid(86400));
        let secs = local.rem_euclid(86400);
        Some(Ok(match name {
            "Unix" => Value::Int64(self.unix),
            "UnixNano" => {
                Value::Int64(self.unix.wrapping_mul(1_000_000_000) + i64::from(self.nanos))
            }
            "UnixMilli" => Value::Int64(self.unix * 1000 + i64::from(self.nanos / 1_000_000)),
            "UnixMicro" => Value::Int64(self.unix * 1_000_000 + i64::from(self.nanos / 1_000)),
            "Year" => Value::Int(y),
            "Month" => NamedInt::month(m).value(),
            "Day" => Value::Int(i64::from(d)),
            "Hour" => Value::Int(secs / 3600),
            "Minute" => Value::Int(secs / 60 % 60),
            "Second" => Value::Int(secs % 60),
            "Nanosecond" => Value::Int(i64::from(self.nanos)),
            "YearDay" => Value::Int(local.div_euclid(86400) - days_from_civil(y, 1, 1) + 1),
            "Weekday" => NamedInt::weekday((local.div_euclid(86400) + 4).rem_euclid(7)).value(),
            "String" => Value::from(self.go_string()),
            "UTC" => self.in_loc(Location::utc()).value(),
            "Local" => self.in_zone(self.local.clone()).value(),
            "In" => match args.first() {
                Some(Value::Object(o)) => match o.as_any()?.downcast_ref::<Location>() {
                    Some(loc) => self.in_loc(loc.clone()).value(),
                    None => return None,
                },
                // Go panics on a nil location; text/template reports the panic.
                _ => {
                    return Some(Err(FuncError::new(
                        "time: missing Location in call to Time.In",
                    )))
                }
            },
            "Location" => self.loc.clone().value(),
            "IsDST" => Value::Bool(self.loc.lookup(self.unix).2),
            "GoString" => Value::from(self.go_syntax_text()),
            "MarshalJSON" | "MarshalText" => match self.rfc3339() {
                Ok(text) if name == "MarshalJSON" => {
                    Value::Bytes(Rc::from(format!("\"{text}\"").as_bytes()))
                }
                Ok(text) => Value::Bytes(Rc::from(text.as_bytes())),
                Err(e) => return Some(Err(FuncError::new(format!("Time.{name}: {e}")))),
            },
            "MarshalBinary" | "GobEncode" => match self.binary() {
                Some(b) => Value::Bytes(Rc::from(b)),
                None => {
                    return Some(Err(FuncError::new(
                        "Time.MarshalBinary: unexpected zone offset",
                    )))
                }
            },
            "IsZero" => Value::Bool(self.unix == zero_unix() && self.nanos == 0),
            "Format" => {
                let layout = args.first().and_then(Value::as_str).unwrap_or("");
                Value::from(self.format(layout))
            }
            "Add" => add(self, duration_arg(args, 0)).value(),
            "AddDate" => {
                let int = |i: usize| match args.get(i) {
                    Some(Value::Int(n)) => *n,
                    _ => 0,
                };
                self.add_date(int(0), int(1), int(2)).value()
            }
            "Truncate" => self.truncate(duration_arg(args, 0), false).value(),
            "Round" => self.truncate(duration_arg(args, 0), true).value(),
            "Sub" | "Before" | "After" | "Equal" | "Compare" => {
                let u = args.first().and_then(as_time)?;
                let order = self.compare(&u);
                match name {
                    "Sub" => Value::Object(Rc::new(Duration(self.sub(&u)))),
                    "Before" => Value::Bool(order.is_lt()),
                    "After" => Value::Bool(order.is_gt()),
                    "Equal" => Value::Bool(order.is_eq()),
                    _ => Value::Int(order as i64),
                }
            }
            _ => return None,
        }))
    }

    /// `MarshalJSON`: `None` (Go's error) for a year outside 0 to 9999.
    fn to_json(&self) -> Option<Value> {
        self.rfc3339().ok().map(Value::from)
    }

    fn format(&self, out: &mut String) {
        out.push_str(&self.go_string());
    }

    fn unexported_fields(&self) -> &'static [&'static str] {
        &["wall", "ext", "loc"]
    }

    fn go_eq(&self, other: &dyn Object) -> Option<bool> {
        let u = other.as_any()?.downcast_ref::<GoTime>()?;
        Some(self.same(u))
    }

    /// `%#v` calls its `GoString()`.
    fn go_syntax(&self) -> Option<String> {
        Some(self.go_syntax_text())
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

/// Go's zero `time.Time` in Unix seconds.
fn zero_unix() -> i64 {
    days_from_civil(1, 1, 1) * 86400
}

/// A `time.Duration` argument (the executor converted it).
fn duration_arg(args: &[Value], i: usize) -> i64 {
    match args.get(i) {
        Some(Value::Object(o)) => o.go_int().unwrap_or(0),
        _ => 0,
    }
}

/// A `time.Month` or a `time.Weekday`: its name to `%v` and its `String()`, its number to
/// `eq`, the integer verbs, `encoding/json` and spf13/cast.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NamedInt {
    type_name: &'static str,
    number: i64,
    name: &'static str,
}

impl NamedInt {
    /// The month `m` (1 to 12).
    fn month(m: u32) -> NamedInt {
        NamedInt {
            type_name: "time.Month",
            number: i64::from(m),
            name: MONTHS[(m as usize).clamp(1, 12) - 1],
        }
    }

    /// The weekday `d` (0, Sunday, to 6).
    fn weekday(d: i64) -> NamedInt {
        NamedInt {
            type_name: "time.Weekday",
            number: d,
            name: DAYS[d.clamp(0, 6) as usize],
        }
    }

    /// The time as a template value.
    pub(crate) fn value(self) -> Value {
        Value::Object(Rc::new(self))
    }
}

impl Object for NamedInt {
    fn type_name(&self) -> &str {
        self.type_name
    }

    fn kind(&self) -> &'static str {
        "int"
    }

    fn field(&self, _: &str) -> Option<Value> {
        None
    }

    fn method_params(&self, name: &str) -> Option<&'static [GoType]> {
        (name == "String").then_some(&[])
    }

    fn method(&self, name: &str, _: &[Value]) -> Option<Result<Value, FuncError>> {
        (name == "String").then(|| Ok(Value::str(self.name)))
    }

    fn to_json(&self) -> Option<Value> {
        Some(Value::Int(self.number))
    }

    fn format(&self, out: &mut String) {
        out.push_str(self.name);
    }

    fn go_int(&self) -> Option<i64> {
        Some(self.number)
    }
}

/// Go's `time.ParseInLocation(layout, value, loc)` for the render's local zone `loc`.
fn parse(layout: &str, value: &str, loc: Rc<Zone>) -> Result<GoTime, String> {
    parse_in(layout, value, Location::Zone(loc.clone()), loc)
}

/// Go's `time.ParseInLocation(layout, value, loc)` ([`crate::go::time::parse_in`]) as a
/// template's time; `local` is the render's `time.Local`.
pub(crate) fn parse_in(
    layout: &str,
    value: &str,
    loc: Location,
    local: Rc<Zone>,
) -> Result<GoTime, String> {
    let parsed = time::parse_in(layout, value, |unix| {
        let (offset, abbr, _) = loc.lookup(unix);
        (offset, abbr)
    })?;
    let at = match parsed.zone {
        ParsedZone::Utc => Location::utc(),
        ParsedZone::Fixed(offset, name) => Location::fixed(offset, name),
        ParsedZone::Given => loc,
    };
    Ok(GoTime::new(parsed.unix, parsed.nanos, at, local))
}

/// Go's `time.Duration.String()`.
pub(crate) fn duration_string(d: i64) -> String {
    if d == 0 {
        return "0s".into();
    }
    let neg = d < 0;
    let u = d.unsigned_abs();
    let mut out = String::new();
    if u < 1_000_000_000 {
        // Sub-second: ns, µs or ms with a fraction.
        let (unit, scale) = if u < 1_000 {
            ("ns", 1)
        } else if u < 1_000_000 {
            ("µs", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        out.push_str(&frac_text(u, scale));
        out.push_str(unit);
    } else {
        let secs = u / 1_000_000_000;
        let h = secs / 3600;
        let m = secs / 60 % 60;
        if h > 0 {
            out.push_str(&format!("{h}h"));
        }
        if h > 0 || m > 0 {
            out.push_str(&format!("{m}m"));
        }
        out.push_str(&frac_text(u % 60_000_000_000, 1_000_000_000));
        out.push('s');
    }
    if neg {
        out.insert(0, '-');
    }
    out
}

/// `v / scale` with the fraction's trailing zeros dropped.
fn frac_text(v: u64, scale: u64) -> String {
    let whole = v / scale;
    let frac = v % scale;
    if frac == 0 {
        return whole.to_string();
    }
    let width = scale.ilog10() as usize;
    let mut f = format!("{frac:0width$}");
    while f.ends_with('0') {
        f.pop();
    }
    format!("{whole}.{f}")
}

/// Go's `time.ParseDuration` (written once, in [`crate::go`]).
pub(crate) use crate::go::parse_duration;

/// The `time.Time` inside a value, if it is one.
fn as_time(v: &Value) -> Option<GoTime> {
    match v {
        Value::Object(o) => o.as_any()?.downcast_ref::<GoTime>().cloned(),
        _ => None,
    }
}

impl Ctx {
    /// The current time (`time.Now()`), or the fixed clock of a test.
    pub fn now(&mut self) -> GoTime {
        let nanos: i128 = self.fixed_now.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as i128)
        });
        let local = self.local_zone();
        let mut t = GoTime::new(
            (nanos.div_euclid(1_000_000_000)) as i64,
            nanos.rem_euclid(1_000_000_000) as u32,
            Location::Zone(local.clone()),
            local,
        );
        t.mono = Some(self.started.elapsed().as_secs_f64());
        t
    }
}

/// Sprig's `dateInZone` argument: a time, or Unix seconds as `int`/`int64`; anything else is
/// the current time.
fn time_arg(ctx: &mut Ctx, v: &Value) -> GoTime {
    match v {
        Value::Int(i) | Value::Int64(i) => {
            let local = ctx.local_zone();
            GoTime::new(*i, 0, Location::Zone(local.clone()), local)
        }
        other => as_time(other).unwrap_or_else(|| ctx.now()),
    }
}

fn zone_or_utc(ctx: &Ctx, name: &str) -> Rc<Zone> {
    Rc::new(Zone::load(name, ctx.tz.as_deref()).unwrap_or_else(Zone::utc))
}

pub fn now(ctx: &mut Ctx, _: &[Value]) -> FResult {
    Ok(ctx.now().value())
}

pub fn date(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let t = time_arg(ctx, arg(a, 1));
    string(t.in_zone(ctx.local_zone()).format(s(a, 0)))
}

pub fn date_in_zone(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let t = time_arg(ctx, arg(a, 1));
    string(t.in_zone(zone_or_utc(ctx, s(a, 2))).format(s(a, 0)))
}

pub fn html_date(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let t = time_arg(ctx, arg(a, 0));
    string(t.in_zone(ctx.local_zone()).format("2006-01-02"))
}

pub fn html_date_in_zone(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let t = time_arg(ctx, arg(a, 0));
    string(t.in_zone(zone_or_utc(ctx, s(a, 1))).format("2006-01-02"))
}

/// A `time.Time` parameter, or text/template's conversion error.
fn time_param(v: &Value) -> Result<GoTime, FuncError> {
    as_time(v).ok_or_else(|| {
        FuncError(format!(
            "wrong type for value; expected time.Time; got {}",
            v.type_name("chartutil.Values")
        ))
    })
}

/// Go's `Time.Add`: the monotonic reading, if any, moves too.
fn add(t: &GoTime, d: i64) -> GoTime {
    let total = i128::from(t.unix) * 1_000_000_000 + i128::from(t.nanos) + i128::from(d);
    GoTime {
        unix: total.div_euclid(1_000_000_000) as i64,
        nanos: total.rem_euclid(1_000_000_000) as u32,
        mono: t.mono.map(|m| m + d as f64 / 1e9),
        ..t.clone()
    }
}

impl GoTime {
    /// Nanoseconds since the epoch.
    fn nanos_total(&self) -> i128 {
        i128::from(self.unix) * 1_000_000_000 + i128::from(self.nanos)
    }

    /// Go's `Time.Compare`: by the monotonic readings when both have one.
    fn compare(&self, u: &GoTime) -> std::cmp::Ordering {
        match (self.mono, u.mono) {
            (Some(a), Some(b)) => a.total_cmp(&b),
            _ => self.nanos_total().cmp(&u.nanos_total()),
        }
    }

    /// Go's `Time.Sub`, saturating at the durations' bounds.
    fn sub(&self, u: &GoTime) -> i64 {
        let d = match (self.mono, u.mono) {
            (Some(a), Some(b)) => ((a - b) * 1e9) as i128,
            _ => self.nanos_total() - u.nanos_total(),
        };
        d.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
    }

    /// Go's `Time.AddDate`: the wall clock's date moved and normalised (January 31 plus a
    /// month is March 2 or 3), read again in the time's location.
    fn add_date(&self, years: i64, months: i64, days: i64) -> GoTime {
        let (off, _) = self.offset();
        let local = self.unix + i64::from(off);
        let (y, m, d) = civil_from_days(local.div_euclid(86400));
        let clock = local.rem_euclid(86400);
        let month0 = i64::from(m) - 1 + months;
        let year = y
            .saturating_add(years)
            .saturating_add(month0.div_euclid(12));
        let month = month0.rem_euclid(12) as u32 + 1;
        let day = days_from_civil(year, month, 1)
            .saturating_add(i64::from(d) - 1)
            .saturating_add(days);
        let wall = day.saturating_mul(86400).saturating_add(clock);
        let unix = match &self.loc {
            Location::Fixed(f) => wall - i64::from(f.offset),
            Location::Zone(zone) => {
                // Go's `Date`: the offset in force at the wall time read as UTC, then again
                // at the instant that gives, when that falls in another period.
                let (first, _) = zone.lookup(wall);
                let (second, _) = zone.lookup(wall - i64::from(first));
                wall - i64::from(if second == first { first } else { second })
            }
        };
        GoTime {
            unix,
            mono: None,
            ..self.clone()
        }
    }

    /// Go's `Time.Truncate` (`round`: `Time.Round`) to a multiple of `d` since January 1 of
    /// year 1; no monotonic reading afterwards. `d <= 0` leaves the time as it is.
    fn truncate(&self, d: i64, round: bool) -> GoTime {
        let stripped = GoTime {
            mono: None,
            ..self.clone()
        };
        if d <= 0 {
            return stripped;
        }
        let since_year_one = self.nanos_total() - i128::from(zero_unix()) * 1_000_000_000;
        let r = since_year_one.rem_euclid(i128::from(d)) as i64;
        // Go's `lessThanHalf`: r + r < d, as unsigned 64-bit numbers.
        if round && (r as u64).wrapping_add(r as u64) >= d as u64 {
            add(&stripped, d - r)
        } else {
            add(&stripped, -r)
        }
    }
}

pub fn date_modify(_: &mut Ctx, a: &[Value]) -> FResult {
    let t = time_param(arg(a, 1))?;
    Ok(match parse_duration(s(a, 0)) {
        Ok(d) => add(&t, d),
        Err(_) => t,
    }
    .value())
}

pub fn must_date_modify(_: &mut Ctx, a: &[Value]) -> FResult {
    let t = time_param(arg(a, 1))?;
    let d = parse_duration(s(a, 0)).map_err(FuncError)?;
    Ok(add(&t, d).value())
}

pub fn to_date(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let local = ctx.local_zone();
    Ok(parse(s(a, 0), s(a, 1), local.clone())
        .unwrap_or_else(|_| GoTime::zero(local))
        .value())
}

pub fn must_to_date(ctx: &mut Ctx, a: &[Value]) -> FResult {
    parse(s(a, 0), s(a, 1), ctx.local_zone())
        .map(GoTime::value)
        .map_err(FuncError)
}

pub fn unix_epoch(_: &mut Ctx, a: &[Value]) -> FResult {
    string(time_param(arg(a, 0))?.unix.to_string())
}

/// Nanoseconds from `t` to now.
fn since(ctx: &mut Ctx, t: &GoTime) -> i64 {
    let now = ctx.now();
    let diff = (i128::from(now.unix) - i128::from(t.unix)) * 1_000_000_000 + i128::from(now.nanos)
        - i128::from(t.nanos);
    diff.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

pub fn ago(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let t = match arg(a, 0) {
        Value::Int(i) | Value::Int64(i) => {
            GoTime::new(*i, 0, Location::utc(), Rc::new(Zone::utc()))
        }
        other => as_time(other).unwrap_or_else(|| ctx.now()),
    };
    let d = since(ctx, &t);
    // Round to the second, halves away from zero.
    let r = (d + d.signum() * 500_000_000) / 1_000_000_000 * 1_000_000_000;
    string(duration_string(r))
}

pub fn duration(_: &mut Ctx, a: &[Value]) -> FResult {
    let n: i64 = match arg(a, 0) {
        Value::String(t) => t.parse().unwrap_or(0),
        Value::Int64(i) => *i,
        _ => 0,
    };
    string(duration_string(n.wrapping_mul(1_000_000_000)))
}

pub fn duration_round(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let d: i64 = match arg(a, 0) {
        Value::String(t) => parse_duration(t).unwrap_or(0),
        Value::Int64(i) => *i,
        other => match as_time(other) {
            Some(t) => since(ctx, &t),
            None => 0,
        },
    };
    let u = d.unsigned_abs();
    const HOUR: u64 = 3_600_000_000_000;
    let units: [(u64, &str); 6] = [
        (HOUR * 24 * 365, "y"),
        (HOUR * 24 * 30, "mo"),
        (HOUR * 24, "d"),
        (HOUR, "h"),
        (60_000_000_000, "m"),
        (1_000_000_000, "s"),
    ];
    for (size, name) in units {
        if u > size {
            return string(format!("{}{name}", u / size));
        }
    }
    string("0s")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gotpl::fmt::to_string;

    fn utc_time(text: &str, layout: &str) -> GoTime {
        parse(layout, text, Rc::new(Zone::utc()))
            .unwrap_or_else(|_| GoTime::zero(Rc::new(Zone::utc())))
    }

    // Expected text from `helm template` (v3.17.2) on a UTC machine.
    #[test]
    fn layouts_format_like_go() {
        let t = utc_time(
            "2024-03-05T07:08:09.120+02:00",
            "2006-01-02T15:04:05.000Z07:00",
        );
        let t = t.in_zone(Rc::new(Zone::utc()));
        assert_eq!(
            t.format("Mon Jan _2 3:04PM 2006 MST -07:00 Z07:00 .000 .999 002"),
            "Tue Mar  5 5:08AM 2024 UTC +00:00 Z .120 .12 065"
        );
        assert_eq!(
            utc_time("2024-02-29", "2006-01-02").go_string(),
            "2024-02-29 00:00:00 +0000 UTC"
        );
        assert_eq!(
            GoTime::zero(Rc::new(Zone::utc())).go_string(),
            "0001-01-01 00:00:00 +0000 UTC"
        );
        let ms = utc_time("2024-02-29 13:04:05.120", "2006-01-02 15:04:05.000");
        assert_eq!(
            ms.to_json().map(|v| to_string(&v)),
            Some("2024-02-29T13:04:05.12Z".into())
        );
        assert_eq!(utc_time("2024-02-29", "2006-01-02").unix, 1_709_164_800);
    }

    #[test]
    fn what_the_layout_leaves_out_is_zero_or_one() {
        // Year 0, January 1.
        assert_eq!(
            utc_time("10:30", "15:04").go_string(),
            "0000-01-01 10:30:00 +0000 UTC"
        );
    }

    // Go's documentation of `Time.AddDate` and its `ExampleTime_Round`/`ExampleTime_Truncate`;
    // each result also printed by `helm template` (4.3.1).
    #[test]
    fn dates_move_and_round_as_go_documents() {
        let oct31 = utc_time("2023-10-31", "2006-01-02");
        assert_eq!(oct31.add_date(0, 1, 0).format("2006-01-02"), "2023-12-01");
        assert_eq!(
            oct31.add_date(0, -8, -31).format("2006-01-02"),
            "2023-01-31"
        );
        let t = utc_time(
            "2024-01-01 12:15:30.918273645",
            "2006-01-02 15:04:05.999999999",
        );
        let layout = "15:04:05.999999999";
        let cases = [
            (1, "12:15:30.918273645", "12:15:30.918273645"),
            (1_000, "12:15:30.918274", "12:15:30.918273"),
            (1_000_000, "12:15:30.918", "12:15:30.918"),
            (1_000_000_000, "12:15:31", "12:15:30"),
            (2_000_000_000, "12:15:30", "12:15:30"),
            (60_000_000_000, "12:16:00", "12:15:00"),
            (600_000_000_000, "12:20:00", "12:10:00"),
            (3_600_000_000_000, "12:00:00", "12:00:00"),
        ];
        for (d, round, trunc) in cases {
            assert_eq!(t.truncate(d, true).format(layout), round, "Round({d})");
            assert_eq!(t.truncate(d, false).format(layout), trunc, "Truncate({d})");
        }
        assert_eq!(t.truncate(0, true).format(layout), "12:15:30.918273645");
        assert_eq!(
            t.sub(&oct31),
            (t.nanos_total() - oct31.nanos_total()) as i64
        );
        assert_eq!(t.compare(&oct31), std::cmp::Ordering::Greater);
    }

    // Expected values from `helm template` (3.17.2 to 4.3.1) with TZ=Europe/Paris.
    #[test]
    fn locations_are_named_and_compared_as_gos() {
        let call = |t: &GoTime, name: &str, args: &[Value]| {
            t.method(name, args)
                .and_then(Result::ok)
                .map(|v| to_string(&v))
                .unwrap_or_default()
        };
        for (tz, name) in [
            ("", "UTC"),
            (":", "UTC"),
            ("UTC", "UTC"),
            ("No/Such", "UTC"),
        ] {
            assert_eq!(Zone::local(Some(tz)).name, name, "TZ={tz}");
        }
        let utc = Rc::new(Zone::utc());
        let fixed = |s: &str| parse("2006-01-02T15:04:05Z07:00", s, utc.clone());
        let (Ok(f), Ok(g), Ok(p), Ok(q)) = (
            fixed("2024-07-01T10:00:00.5+05:30"),
            fixed("2024-07-01T10:00:00+05:30"),
            fixed("2024-07-01T10:00:00+03:00"),
            fixed("2024-07-01T11:00:00+03:00"),
        ) else {
            panic!("parse failed");
        };
        assert_eq!(call(&f, "Location", &[]), "");
        assert_eq!(
            call(&f, "GoString", &[]),
            "time.Date(2024, time.July, 1, 10, 0, 0, 500000000, time.Location(\"\"))"
        );
        assert_eq!(call(&f, "IsDST", &[]), "false");
        // A fixed zone is one location per parse, except Go's shared whole-hour ones.
        assert!(!f.loc.same(&g.loc) && f.loc.same(&f.loc) && p.loc.same(&q.loc));
        assert!(!p.same(&q) && p.same(&p.in_loc(q.loc.clone()).add_date(0, 0, 0)));
        assert_eq!(
            f.binary(),
            Some(vec![
                1, 0, 0, 0, 14, 222, 20, 39, 200, 29, 205, 101, 0, 1, 74
            ])
        );
        let paris = Rc::new(Zone::local(Some("Europe/Paris")));
        if paris.name != "Europe/Paris" {
            eprintln!("skipped: no zoneinfo for Europe/Paris on this machine");
            return;
        }
        let (Ok(t), Ok(w)) = (
            parse("2006-01-02", "2024-07-01", paris.clone()),
            parse("2006-01-02", "2024-01-15", paris.clone()),
        ) else {
            panic!("parse failed");
        };
        assert_eq!(call(&t, "Location", &[]), "Europe/Paris");
        assert_eq!(call(&t, "IsDST", &[]), "true");
        assert_eq!(call(&w, "IsDST", &[]), "false");
        assert_eq!(
            call(&t, "GoString", &[]),
            "time.Date(2024, time.July, 1, 0, 0, 0, 0, time.Local)"
        );
        let t_utc = t.in_loc(Location::utc());
        assert_eq!(call(&t_utc, "Location", &[]), "UTC");
        assert_eq!(call(&t_utc, "Local", &[]), "2024-07-01 00:00:00 +0200 CEST");
        assert_eq!(
            call(&f, "In", &[t.loc.clone().value()]),
            "2024-07-01 06:30:00.5 +0200 CEST"
        );
        assert!(t.same(&t_utc.in_loc(t.loc.clone())) && !t.same(&t_utc));
        assert_eq!(
            t.binary(),
            Some(vec![1, 0, 0, 0, 14, 222, 19, 204, 96, 0, 0, 0, 0, 0, 120])
        );
        assert_eq!(
            t_utc.binary(),
            Some(vec![1, 0, 0, 0, 14, 222, 19, 204, 96, 0, 0, 0, 0, 255, 255])
        );
        assert_eq!(
            t.method("In", &[Value::Nil]).and_then(Result::err),
            Some(FuncError::new("time: missing Location in call to Time.In"))
        );
    }

    #[test]
    fn months_and_weekdays_print_names_and_count_as_numbers() {
        let t = utc_time("2024-03-10", "2006-01-02");
        let month = t.method("Month", &[]).and_then(Result::ok);
        let weekday = t.method("Weekday", &[]).and_then(Result::ok);
        let text = |v: &Option<Value>| v.as_ref().map(to_string);
        assert_eq!(text(&month), Some("March".into()));
        assert_eq!(text(&weekday), Some("Sunday".into()));
        assert_eq!(
            month.as_ref().map(|m| crate::gotpl::fmt::sprintf(
                "%d %v %T",
                &[m.clone(), m.clone(), m.clone()]
            )),
            Some("3 March time.Month".into())
        );
        // Sunday is 0: false to `if`, as Go's reflect sees an int.
        assert_eq!(weekday.map(|w| w.truth()), Some(false));
    }

    #[test]
    fn durations_like_go() {
        assert_eq!(duration_string(0), "0s");
        assert_eq!(duration_string(95_000_000_000), "1m35s");
        assert_eq!(duration_string(3_661_500_000_000), "1h1m1.5s");
        assert_eq!(duration_string(1_500_000), "1.5ms");
        assert_eq!(duration_string(-60_000_000_000), "-1m0s");
        assert_eq!(parse_duration("-1.5h"), Ok(-5_400_000_000_000));
        assert_eq!(
            parse_duration("x"),
            Err("time: invalid duration \"x\"".into())
        );
        let mut c = Ctx::new();
        let show = |r: FResult| r.map(|v| to_string(&v)).unwrap_or_default();
        assert_eq!(show(duration(&mut c, &[Value::Int(3661)])), "0s");
        assert_eq!(show(duration(&mut c, &[Value::str("95")])), "1m35s");
        assert_eq!(show(duration_round(&mut c, &[Value::str("2h10m")])), "2h");
        assert_eq!(show(duration_round(&mut c, &[Value::str("400h")])), "16d");
    }

    #[test]
    fn sprig_date_functions_match_helm() {
        let mut c = Ctx::new();
        let show = |r: FResult| r.map(|v| to_string(&v)).unwrap_or_else(|e| e.0);
        assert_eq!(
            show(date_in_zone(
                &mut c,
                &[
                    Value::str("15:04 MST"),
                    Value::Int(1_700_000_000),
                    Value::str("Nope")
                ]
            )),
            "22:13 UTC"
        );
        assert_eq!(
            show(date_in_zone(
                &mut c,
                &[
                    Value::str("2006"),
                    Value::Int(1_700_000_000),
                    Value::str("UTC")
                ]
            )),
            "2023"
        );
        if Zone::load("Europe/Paris", None).is_some() {
            assert_eq!(
                show(date_in_zone(
                    &mut c,
                    &[
                        Value::str("2006-01-02 15:04 MST"),
                        Value::Int(1_700_000_000),
                        Value::str("Europe/Paris")
                    ]
                )),
                "2023-11-14 23:13 CET"
            );
        }
        let day = to_date(
            &mut c,
            &[Value::str("2006-01-02"), Value::str("2024-02-29")],
        )
        .unwrap_or_default();
        assert_eq!(
            show(unix_epoch(&mut c, std::slice::from_ref(&day))),
            "1709164800"
        );
        if Zone::local(None).lookup(0).0 == 0 {
            assert_eq!(
                show(date_modify(&mut c, &[Value::str("-1.5h"), day.clone()])),
                "2024-02-28 22:30:00 +0000 UTC"
            );
            assert_eq!(
                show(to_date(
                    &mut c,
                    &[Value::str("2006-01-02"), Value::str("x")]
                )),
                "0001-01-01 00:00:00 +0000 UTC"
            );
        }
        assert_eq!(
            show(must_date_modify(&mut c, &[Value::str("x"), day])),
            "time: invalid duration \"x\""
        );
        c.fixed_now = Some(1_700_000_000_000_000_000);
        let now = now(&mut c, &[]).unwrap_or_default();
        assert_eq!(
            show(date(&mut c, &[Value::str("20060102150405"), now])),
            if Zone::local(None).lookup(0).0 == 0 {
                "20231114221320"
            } else {
                "skip"
            }
            .replace(
                "skip",
                &show(date(
                    &mut c,
                    &[Value::str("20060102150405"), Value::Int(1_700_000_000)]
                ))
            )
        );
    }
}
