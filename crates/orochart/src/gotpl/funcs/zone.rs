//! Time zones as Go's `time.LoadLocation` finds them: `UTC`, `Local` (the `TZ` variable the
//! caller passes in, else `/etc/localtime`; the library reads no environment), and IANA names read from the system's TZif files, including the POSIX
//! rule at their end for times past the last transition.

use std::rc::Rc;

use crate::go::time::{civil_from_days, days_from_civil, days_in_month, quote};
use crate::gotpl::func::FuncError;
use crate::gotpl::value::{Object, Value};

/// A loaded zone: how to find the offset and abbreviation at an instant.
#[derive(Clone, Debug)]
pub struct Zone {
    /// The location's name, as its `String()` gives it (`UTC`, `Europe/Paris`; Go's `Local`
    /// is `Local` when read from `/etc/localtime`, else the `TZ` it came from).
    pub name: String,
    /// Whether it is Go's `time.Local` (one location, whatever its name).
    pub local: bool,
    /// Transition instants (Unix seconds) and the type index in force from each.
    transitions: Vec<(i64, usize)>,
    /// (offset seconds east of UTC, abbreviation, is DST).
    types: Vec<(i32, String, bool)>,
    /// The POSIX rule for instants after the last transition.
    rule: Option<Rule>,
}

#[derive(Clone, Debug)]
struct Rule {
    std: (String, i32),
    dst: Option<(String, i32, DayRule, i32, DayRule, i32)>,
}

/// `Mm.w.d`, `Jn` or `n` of a POSIX TZ rule.
#[derive(Clone, Copy, Debug)]
enum DayRule {
    Julian1(i32),
    Julian0(i32),
    MonthWeekDay(i32, i32, i32),
}

impl Zone {
    /// UTC.
    pub fn utc() -> Zone {
        Zone {
            name: "UTC".into(),
            local: false,
            transitions: Vec::new(),
            types: vec![(0, "UTC".into(), false)],
            rule: None,
        }
    }

    /// Go's `time.LoadLocation(name)`: `None` where Go fails (`unknown time zone X`).
    /// `Local` is [`Zone::local`] of `tz`, the `TZ` variable Go would see.
    pub fn load(name: &str, tz: Option<&str>) -> Option<Zone> {
        match name {
            "" | "UTC" => return Some(Zone::utc()),
            "Local" => return Some(Zone::local(tz)),
            _ => {}
        }
        if name.starts_with('/') || name.contains("..") || name.contains('\\') {
            return None;
        }
        for dir in [
            "/usr/share/zoneinfo",
            "/usr/share/lib/zoneinfo",
            "/usr/lib/locale/TZ",
        ] {
            if let Ok(data) = std::fs::read(format!("{dir}/{name}")) {
                return parse_tzif(name, &data);
            }
        }
        None
    }

    /// Go's `time.Local` for the value `tz` of the `TZ` variable (`None`: unset): `TZ` if set
    /// (empty or `UTC` means UTC), else `/etc/localtime`; UTC when neither can be read.
    /// Its name is Go's `initLocal`'s: `Local` for `/etc/localtime`, the zone's name or file
    /// path for `TZ` (without a leading `:`), `UTC` when it fell back to UTC.
    pub fn local(tz: Option<&str>) -> Zone {
        let from_file =
            |path: &str, name: &str| std::fs::read(path).ok().and_then(|d| parse_tzif(name, &d));
        let zone = match tz {
            None => from_file("/etc/localtime", "Local"),
            Some(tz) => {
                let tz = tz.strip_prefix(':').unwrap_or(tz);
                if tz.starts_with('/') {
                    let name = if tz == "/etc/localtime" { "Local" } else { tz };
                    from_file(tz, name)
                } else if tz.is_empty() || tz == "UTC" {
                    None
                } else {
                    Zone::load(tz, None)
                }
            }
        };
        Zone {
            local: true,
            ..zone.unwrap_or_else(Zone::utc)
        }
    }

    /// The offset and abbreviation in force at `unix` seconds.
    pub fn lookup(&self, unix: i64) -> (i32, String) {
        let (off, abbr, _) = self.lookup_dst(unix);
        (off, abbr)
    }

    /// The offset, abbreviation and whether it is summer time, at `unix` seconds.
    pub fn lookup_dst(&self, unix: i64) -> (i32, String, bool) {
        let last = self.transitions.last().map(|t| t.0);
        if let (Some(rule), Some(last)) = (&self.rule, last) {
            if unix >= last {
                return rule.lookup(unix);
            }
        }
        if let (Some(rule), None) = (&self.rule, last) {
            return rule.lookup(unix);
        }
        let idx = match self.transitions.binary_search_by(|t| t.0.cmp(&unix)) {
            Ok(i) => Some(i),
            Err(0) => None,
            Err(i) => Some(i - 1),
        };
        let ty = match idx {
            Some(i) => self.transitions[i].1,
            // Before the first transition: the first standard-time type.
            None => self.types.iter().position(|t| !t.2).unwrap_or(0),
        };
        self.types
            .get(ty)
            .map_or((0, "UTC".into(), false), |t| (t.0, t.1.clone(), t.2))
    }
}

/// A zone made by Go's `time.FixedZone(name, offset)`: where parsing found an offset or an
/// abbreviation that is not the local zone's.
#[derive(Debug)]
pub struct Fixed {
    /// Seconds east of UTC.
    pub offset: i32,
    /// The name (an abbreviation such as `PST`, or empty).
    pub name: String,
}

/// A Go `*time.Location`: what a `time.Time` is shown in, what its `Location` method returns
/// and its `In` takes.
#[derive(Clone, Debug)]
pub enum Location {
    /// `time.UTC`, `time.Local`, or a loaded zone.
    Zone(Rc<Zone>),
    /// A fixed zone; the same one (Go's pointer) while a time or a copy of it holds it.
    Fixed(Rc<Fixed>),
}

/// Which `*time.Location` a location is, as Go's `==` on the pointers sees it.
#[derive(PartialEq)]
enum LocationId {
    Utc,
    Local,
    /// Go's `FixedZone` hands out one location per whole hour from -12 to +14 when the name
    /// is empty.
    UnnamedHour(i32),
    /// The zones BurntSushi/toml reads datetimes without an offset in: one each.
    TomlLocal(&'static str),
    Other(*const ()),
}

impl Location {
    /// `time.UTC`.
    pub fn utc() -> Location {
        Location::Zone(Rc::new(Zone::utc()))
    }

    /// `time.FixedZone(name, offset)`.
    pub fn fixed(offset: i32, name: String) -> Location {
        Location::Fixed(Rc::new(Fixed { offset, name }))
    }

    /// The offset, abbreviation and summer-time flag in force at `unix` seconds.
    pub fn lookup(&self, unix: i64) -> (i32, String, bool) {
        match self {
            Location::Zone(z) => z.lookup_dst(unix),
            Location::Fixed(f) => (f.offset, f.name.clone(), false),
        }
    }

    /// Its `String()`.
    pub fn name(&self) -> &str {
        match self {
            Location::Zone(z) => &z.name,
            Location::Fixed(f) => &f.name,
        }
    }

    /// The layout BurntSushi/toml writes a time in when it is in one of the zones its reader
    /// gives datetimes, dates and times without an offset.
    pub fn toml_local_layout(&self) -> Option<&'static str> {
        match self {
            Location::Fixed(f) => match f.name.as_str() {
                "datetime-local" => Some("2006-01-02T15:04:05.999999999"),
                "date-local" => Some("2006-01-02"),
                "time-local" => Some("15:04:05.999999999"),
                _ => None,
            },
            Location::Zone(_) => None,
        }
    }

    /// Whether it is `time.UTC`.
    pub fn is_utc(&self) -> bool {
        self.id() == LocationId::Utc
    }

    fn id(&self) -> LocationId {
        match self {
            Location::Zone(z) if z.local => LocationId::Local,
            Location::Zone(z)
                if z.name == "UTC" && z.transitions.is_empty() && z.rule.is_none() =>
            {
                LocationId::Utc
            }
            Location::Zone(z) => LocationId::Other(Rc::as_ptr(z).cast()),
            Location::Fixed(_) if self.toml_local_layout().is_some() => {
                LocationId::TomlLocal(self.toml_local_layout().unwrap_or_default())
            }
            Location::Fixed(f)
                if f.name.is_empty()
                    && f.offset % 3600 == 0
                    && (-12..=14).contains(&(f.offset / 3600)) =>
            {
                LocationId::UnnamedHour(f.offset)
            }
            Location::Fixed(f) => LocationId::Other(Rc::as_ptr(f).cast()),
        }
    }

    /// Go's `==` of the two pointers.
    pub fn same(&self, other: &Location) -> bool {
        self.id() == other.id()
    }

    /// How `time.Time.GoString` names it: `time.UTC`, `time.Local`, else
    /// `time.Location("name")` (the name quoted as the time package does).
    pub fn go_syntax(&self) -> String {
        match self.id() {
            LocationId::Utc => "time.UTC".into(),
            LocationId::Local => "time.Local".into(),
            _ => format!("time.Location({})", quote(self.name())),
        }
    }

    /// The location as a template value.
    pub fn value(self) -> Value {
        Value::Object(Rc::new(self))
    }
}

impl Object for Location {
    fn type_name(&self) -> &str {
        "*time.Location"
    }

    fn field(&self, _: &str) -> Option<Value> {
        None
    }

    fn method_params(&self, name: &str) -> Option<&'static [crate::gotpl::func::GoType]> {
        (name == "String").then_some(&[])
    }

    fn method(&self, name: &str, _: &[Value]) -> Option<Result<Value, FuncError>> {
        (name == "String").then(|| Ok(Value::str(self.name())))
    }

    fn unexported_fields(&self) -> &'static [&'static str] {
        &[
            "name",
            "zone",
            "tx",
            "extend",
            "cacheStart",
            "cacheEnd",
            "cacheZone",
        ]
    }

    fn go_eq(&self, other: &dyn Object) -> Option<bool> {
        let u = other.as_any()?.downcast_ref::<Location>()?;
        Some(self.same(u))
    }

    /// Its fields are unexported: `encoding/json` writes `{}`.
    fn to_json(&self) -> Option<Value> {
        Some(Value::dict(crate::gotpl::value::Entries::new()))
    }

    /// `%v` calls its `String()`.
    fn format(&self, out: &mut String) {
        out.push_str(self.name());
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

fn be32(b: &[u8], at: usize) -> Option<i64> {
    Some(i64::from(i32::from_be_bytes(
        b.get(at..at + 4)?.try_into().ok()?,
    )))
}

fn be64(b: &[u8], at: usize) -> Option<i64> {
    Some(i64::from_be_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// Parses a TZif file (version 1, or the 64-bit body of versions 2+ and its footer rule).
fn parse_tzif(name: &str, data: &[u8]) -> Option<Zone> {
    if data.get(..4)? != b"TZif" {
        return None;
    }
    let version = *data.get(4)?;
    let counts = |at: usize| -> Option<[usize; 6]> {
        let mut c = [0usize; 6];
        for (i, slot) in c.iter_mut().enumerate() {
            *slot = usize::try_from(be32(data, at + 20 + 4 * i)?).ok()?;
        }
        Some(c)
    };
    let [isutc, isstd, leap, timecnt, typecnt, charcnt] = counts(0)?;
    let v1_len = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isutc;
    let (base, size, c) = if version >= b'2' {
        (v1_len, 8, counts(v1_len)?)
    } else {
        (0, 4, [isutc, isstd, leap, timecnt, typecnt, charcnt])
    };
    let [isutc, isstd, leap, timecnt, typecnt, charcnt] = c;
    let mut at = base + 44;
    let mut transitions = Vec::with_capacity(timecnt);
    let mut times = Vec::with_capacity(timecnt);
    for i in 0..timecnt {
        times.push(if size == 8 {
            be64(data, at + 8 * i)?
        } else {
            be32(data, at + 4 * i)?
        });
    }
    at += timecnt * size;
    for (i, t) in times.into_iter().enumerate() {
        transitions.push((t, usize::from(*data.get(at + i)?)));
    }
    at += timecnt;
    let mut raw_types = Vec::with_capacity(typecnt);
    for i in 0..typecnt {
        let p = at + 6 * i;
        let off = i32::try_from(be32(data, p)?).ok()?;
        raw_types.push((off, *data.get(p + 4)? != 0, usize::from(*data.get(p + 5)?)));
    }
    at += typecnt * 6;
    let chars = data.get(at..at + charcnt)?;
    let types = raw_types
        .into_iter()
        .map(|(off, dst, idx)| {
            let end = chars[idx.min(chars.len())..]
                .iter()
                .position(|&b| b == 0)
                .map_or(chars.len(), |p| idx + p);
            let abbr = String::from_utf8_lossy(&chars[idx.min(end)..end]).into_owned();
            (off, abbr, dst)
        })
        .collect();
    at += charcnt + leap * (size + 4) + isstd + isutc;
    let rule = if version >= b'2' {
        let footer = data.get(at..)?;
        let text = String::from_utf8_lossy(footer);
        let line = text.trim_matches('\n').lines().next().unwrap_or("");
        parse_rule(line)
    } else {
        None
    };
    Some(Zone {
        name: name.to_string(),
        local: false,
        transitions,
        types,
        rule,
    })
}

/// Parses a POSIX TZ rule such as `CET-1CEST,M3.5.0,M10.5.0/3`.
fn parse_rule(s: &str) -> Option<Rule> {
    if s.is_empty() {
        return None;
    }
    let mut p = s;
    let std_name = take_name(&mut p)?;
    let std_off = -take_offset(&mut p)?;
    if p.is_empty() {
        return Some(Rule {
            std: (std_name, std_off),
            dst: None,
        });
    }
    let dst_name = take_name(&mut p)?;
    let dst_off = if p.starts_with(',') || p.is_empty() {
        std_off + 3600
    } else {
        -take_offset(&mut p)?
    };
    let p = p.strip_prefix(',')?;
    let (start, end) = p.split_once(',')?;
    let (sd, st) = parse_day_time(start)?;
    let (ed, et) = parse_day_time(end)?;
    Some(Rule {
        std: (std_name, std_off),
        dst: Some((dst_name, dst_off, sd, st, ed, et)),
    })
}

fn take_name(p: &mut &str) -> Option<String> {
    if let Some(rest) = p.strip_prefix('<') {
        let end = rest.find('>')?;
        let name = rest[..end].to_string();
        *p = &rest[end + 1..];
        return Some(name);
    }
    let end = p
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(p.len());
    if end < 3 {
        return None;
    }
    let name = p[..end].to_string();
    *p = &p[end..];
    Some(name)
}

/// `[+-]hh[:mm[:ss]]` in seconds.
fn take_offset(p: &mut &str) -> Option<i32> {
    let (neg, rest) = match p.as_bytes().first() {
        Some(b'-') => (true, &p[1..]),
        Some(b'+') => (false, &p[1..]),
        _ => (false, *p),
    };
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let mut secs = 0i32;
    for (i, part) in rest[..end].split(':').enumerate() {
        let n: i32 = part.parse().ok()?;
        secs += n * [3600, 60, 1].get(i)?;
    }
    *p = &rest[end..];
    Some(if neg { -secs } else { secs })
}

fn parse_day_time(s: &str) -> Option<(DayRule, i32)> {
    let (day, time) = match s.split_once('/') {
        Some((d, t)) => (d, {
            let mut t = t;
            take_offset(&mut t)?
        }),
        None => (s, 7200),
    };
    let rule = if let Some(m) = day.strip_prefix('M') {
        let mut it = m.split('.').map(|x| x.parse::<i32>().ok());
        DayRule::MonthWeekDay(it.next()??, it.next()??, it.next()??)
    } else if let Some(j) = day.strip_prefix('J') {
        DayRule::Julian1(j.parse().ok()?)
    } else {
        DayRule::Julian0(day.parse().ok()?)
    };
    Some((rule, time))
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

impl DayRule {
    /// Seconds from the start of `year` (UTC) to the start of the rule's day.
    fn day_start(self, year: i64) -> i64 {
        let days = match self {
            DayRule::Julian1(n) => {
                let mut d = i64::from(n) - 1;
                if is_leap(year) && n >= 60 {
                    d += 1;
                }
                d
            }
            DayRule::Julian0(n) => i64::from(n),
            DayRule::MonthWeekDay(m, w, d) => {
                let first = days_from_civil(year, m as u32, 1);
                let jan1 = days_from_civil(year, 1, 1);
                let wd_first = (first + 4).rem_euclid(7);
                let mut day = (i64::from(d) - wd_first).rem_euclid(7) + 7 * (i64::from(w) - 1);
                let month_len = days_in_month(year, m as u32);
                while day >= month_len {
                    day -= 7;
                }
                first - jan1 + day
            }
        };
        days * 86400
    }
}

impl Rule {
    fn lookup(&self, unix: i64) -> (i32, String, bool) {
        let Some((dst_name, dst_off, sd, st, ed, et)) = &self.dst else {
            return (self.std.1, self.std.0.clone(), false);
        };
        let (year, _, _) = civil_from_days((unix + i64::from(self.std.1)).div_euclid(86400));
        let year_start = days_from_civil(year, 1, 1) * 86400;
        // Transition instants in UTC: start in standard time, end in daylight time.
        let start = year_start + sd.day_start(year) + i64::from(*st) - i64::from(self.std.1);
        let end = year_start + ed.day_start(year) + i64::from(*et) - i64::from(*dst_off);
        let in_dst = if start < end {
            unix >= start && unix < end
        } else {
            !(unix >= end && unix < start)
        };
        if in_dst {
            (*dst_off, dst_name.clone(), true)
        } else {
            (self.std.1, self.std.0.clone(), false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posix_rules_give_summer_and_winter_offsets() {
        let Some(rule) = parse_rule("CET-1CEST,M3.5.0,M10.5.0/3") else {
            panic!("rule did not parse");
        };
        // 2030-07-01T00:00:00Z and 2030-01-01T00:00:00Z.
        assert_eq!(rule.lookup(1_909_008_000), (7200, "CEST".to_string(), true));
        assert_eq!(rule.lookup(1_893_456_000), (3600, "CET".to_string(), false));
        let Some(ny) = parse_rule("EST5EDT,M3.2.0,M11.1.0") else {
            panic!("rule did not parse");
        };
        assert_eq!(ny.lookup(1_909_008_000), (-14400, "EDT".to_string(), true));
    }

    #[test]
    fn system_zones_load_when_present() {
        assert!(Zone::load("No/Such_Zone", None).is_none());
        if let Some(paris) = Zone::load("Europe/Paris", None) {
            assert_eq!(paris.lookup(1_909_008_000), (7200, "CEST".to_string()));
            assert_eq!(paris.lookup(0), (3600, "CET".to_string()));
        } else {
            eprintln!("skipped: no /usr/share/zoneinfo/Europe/Paris on this machine");
        }
    }
}
