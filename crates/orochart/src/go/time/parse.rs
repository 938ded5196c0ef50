//! Go's `time.Parse` and `time.ParseInLocation`: a value read by a layout, with Go's
//! `ParseError` texts (`parsing time "x" as "2006": cannot parse "x" as "2006"`, `… month out
//! of range`, `… extra text: …`).

use super::civil::{civil_from_days, days_from_civil, days_in_month, DAYS, MONTHS};
use super::layout::{tok_text, tokenize, Tok};
use super::{quote, quote_bytes};

/// A time `time.Parse` read: the instant, and the location Go gives it.
#[derive(Debug)]
pub(crate) struct Parsed {
    /// Seconds since the Unix epoch.
    pub(crate) unix: i64,
    /// Nanoseconds within the second.
    pub(crate) nanos: u32,
    /// Its location.
    pub(crate) zone: ParsedZone,
}

/// The location of a parsed time.
#[derive(Debug, PartialEq)]
pub(crate) enum ParsedZone {
    /// `time.UTC`: the value said `Z` or `UTC`.
    Utc,
    /// `time.FixedZone(name, offset)`: an offset or abbreviation the given location does
    /// not have at that instant (offset seconds east of UTC, name).
    Fixed(i32, String),
    /// The location parsing was given.
    Given,
}

/// Go's `skip` of a layout's literal `prefix` at the start of `value`: a space in the prefix
/// takes any run of spaces (none too, at the end of the value), other bytes must be equal.
/// `Err` with the bytes not yet matched (the value may be cut inside a character).
fn skip<'v>(value: &'v [u8], prefix: &[u8]) -> Result<&'v [u8], &'v [u8]> {
    fn cut_space(s: &[u8]) -> &[u8] {
        &s[s.iter().take_while(|&&c| c == b' ').count()..]
    }
    let (mut value, mut prefix) = (value, prefix);
    while let Some(&p) = prefix.first() {
        if p == b' ' {
            if value.first().is_some_and(|&c| c != b' ') {
                return Err(value);
            }
            prefix = cut_space(prefix);
            value = cut_space(value);
            continue;
        }
        if value.first() != Some(&p) {
            return Err(value);
        }
        prefix = &prefix[1..];
        value = &value[1..];
    }
    Ok(value)
}

/// A numeric zone `±hh[[:]mm[[:]ss]]`: the offset in seconds and the length read.
/// Go's order: the length and the colons first, then the fields (a bad one leaves the rest
/// zero), their ranges (`>` rather than `>=`, as some write offsets of 24 hours; the last
/// field out of range is named), and only then the sign. `Err` names the field out of range.
fn parse_offset(
    v: &str,
    colon: bool,
    secs: bool,
    short: bool,
) -> Option<Result<(i32, usize), &'static str>> {
    let b = v.as_bytes();
    let pair = 2 + usize::from(colon);
    let len = 3 + if short { 0 } else { pair } + if secs { pair } else { 0 };
    if b.len() < len || (colon && (b[3] != b':' || (secs && b[6] != b':'))) {
        return None;
    }
    let two = |at: usize| -> Option<i32> {
        let d = &b[at..at + 2];
        d.iter()
            .all(u8::is_ascii_digit)
            .then(|| i32::from(d[0] - b'0') * 10 + i32::from(d[1] - b'0'))
    };
    let h = two(1);
    let m = if short {
        Some(0)
    } else {
        h.and_then(|_| two(1 + pair))
    };
    let s = if secs {
        m.and_then(|_| two(1 + 2 * pair))
    } else {
        Some(0)
    };
    let mut out_of_range = None;
    if h.unwrap_or(0) > 24 {
        out_of_range = Some("time zone offset hour");
    }
    if m.unwrap_or(0) > 60 {
        out_of_range = Some("time zone offset minute");
    }
    if s.unwrap_or(0) > 60 {
        out_of_range = Some("time zone offset second");
    }
    if let Some(what) = out_of_range {
        return Some(Err(what));
    }
    let sign = match b[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    Some(Ok((sign * (h? * 3600 + m? * 60 + s?), len)))
}

/// Go's `time.ParseInLocation(layout, value, loc)`, the location given by `lookup`: the
/// offset (seconds east of UTC) and abbreviation in force at an instant (Unix seconds). `Err`
/// with Go's `ParseError` text.
pub(crate) fn parse_in(
    layout: &str,
    value: &str,
    lookup: impl Fn(i64) -> (i32, String),
) -> Result<Parsed, String> {
    let toks = tokenize(layout);
    let mut v = value;
    // Go: elements missing from the layout are zero, or one where zero is impossible (year 0).
    let (mut year, mut month, mut day, mut yday) = (0i64, 1u32, 1u32, -1i64);
    let (mut hour, mut min, mut sec, mut nanos) = (0i64, 0i64, 0i64, 0u32);
    let mut pm: Option<bool> = None;
    let mut zone: Option<(i32, String)> = None;
    let mut saw_month = false;
    let cannot = |v: &str, t: &Tok| {
        format!(
            "parsing time {} as {}: cannot parse {} as {}",
            quote(value),
            quote(layout),
            quote(v),
            quote(&tok_text(t))
        )
    };
    let range = |what: &str| format!("parsing time {}: {what} out of range", quote(value));
    // `n` digits exactly (or 1–2 for the loose forms).
    fn digits(v: &str, min: usize, max: usize) -> Option<(i64, usize)> {
        let n = v.bytes().take(max).take_while(u8::is_ascii_digit).count();
        if n < min {
            return None;
        }
        Some((v[..n].parse().ok()?, n))
    }
    for (k, t) in toks.iter().enumerate() {
        let before = v;
        let ok: Option<usize> = match t {
            Tok::Lit(s) => match skip(v.as_bytes(), s.as_bytes()) {
                Ok(rest) => Some(v.len() - rest.len()),
                Err(rest) => {
                    return Err(format!(
                        "parsing time {} as {}: cannot parse {} as {}",
                        quote(value),
                        quote(layout),
                        quote_bytes(rest),
                        quote(s)
                    ))
                }
            },
            Tok::LongYear => {
                let r = (v.len() >= 4 && v.as_bytes()[..4].iter().all(u8::is_ascii_digit))
                    .then(|| digits(v, 4, 4))
                    .flatten();
                r.map(|(n, l)| {
                    year = n;
                    l
                })
            }
            Tok::Year => digits(v, 2, 2).map(|(n, l)| {
                year = if n >= 69 { 1900 + n } else { 2000 + n };
                l
            }),
            Tok::LongMonth | Tok::Month => {
                let long = *t == Tok::LongMonth;
                MONTHS.iter().enumerate().find_map(|(i, name)| {
                    let name = if long { name } else { &name[..3] };
                    let hit = v.len() >= name.len() && v[..name.len()].eq_ignore_ascii_case(name);
                    hit.then(|| {
                        month = i as u32 + 1;
                        saw_month = true;
                        name.len()
                    })
                })
            }
            Tok::NumMonth | Tok::ZeroMonth => {
                let min = if *t == Tok::ZeroMonth { 2 } else { 1 };
                match digits(v, min, 2) {
                    Some((n, l)) if (1..=12).contains(&n) => {
                        month = n as u32;
                        saw_month = true;
                        Some(l)
                    }
                    Some(_) => return Err(range("month")),
                    None => None,
                }
            }
            Tok::LongWeekDay | Tok::WeekDay => {
                let long = *t == Tok::LongWeekDay;
                DAYS.iter().find_map(|name| {
                    let name = if long { name } else { &name[..3] };
                    (v.len() >= name.len() && v[..name.len()].eq_ignore_ascii_case(name))
                        .then_some(name.len())
                })
            }
            Tok::Day | Tok::UnderDay | Tok::ZeroDay => {
                let (skip, min) = match t {
                    Tok::UnderDay if v.starts_with(' ') => (1, 1),
                    Tok::ZeroDay => (0, 2),
                    _ => (0, 1),
                };
                digits(&v[skip..], min, 2).map(|(n, l)| {
                    day = n as u32;
                    l + skip
                })
            }
            Tok::UnderYearDay | Tok::ZeroYearDay => {
                let trimmed = if *t == Tok::UnderYearDay {
                    v.trim_start_matches(' ')
                } else {
                    v
                };
                let skip = v.len() - trimmed.len();
                digits(trimmed, 3 - skip, 3 - skip).map(|(n, l)| {
                    yday = n;
                    l + skip
                })
            }
            Tok::Hour => digits(v, 1, 2).map(|(n, l)| {
                hour = n;
                l
            }),
            Tok::Hour12 | Tok::ZeroHour12 => {
                digits(v, if *t == Tok::ZeroHour12 { 2 } else { 1 }, 2).map(|(n, l)| {
                    hour = n;
                    l
                })
            }
            Tok::Minute | Tok::ZeroMinute => {
                digits(v, if *t == Tok::ZeroMinute { 2 } else { 1 }, 2).map(|(n, l)| {
                    min = n;
                    l
                })
            }
            Tok::Second | Tok::ZeroSecond => {
                match digits(v, if *t == Tok::ZeroSecond { 2 } else { 1 }, 2) {
                    Some((n, mut l)) => {
                        sec = n;
                        // A fraction after the seconds is accepted unless the layout has one.
                        let next_is_frac = matches!(toks.get(k + 1), Some(Tok::Frac(..)));
                        if !next_is_frac
                            && v[l..].starts_with(['.', ','])
                            && v[l + 1..].starts_with(|c: char| c.is_ascii_digit())
                        {
                            let n9 = v[l + 1..].bytes().take_while(u8::is_ascii_digit).count();
                            let frac = &v[l + 1..l + 1 + n9];
                            nanos = format!("{:0<9}", &frac[..frac.len().min(9)])
                                .parse()
                                .unwrap_or(0);
                            l += 1 + n9;
                        }
                        Some(l)
                    }
                    None => None,
                }
            }
            Tok::PM | Tok::Pm => {
                let head = v.get(..2).unwrap_or("");
                match head.to_ascii_uppercase().as_str() {
                    "PM" => {
                        pm = Some(true);
                        Some(2)
                    }
                    "AM" => {
                        pm = Some(false);
                        Some(2)
                    }
                    _ => None,
                }
            }
            Tok::Tz => {
                if v.starts_with("UTC") {
                    zone = Some((0, "UTC".into()));
                    Some(3)
                } else {
                    let n = v.bytes().take_while(u8::is_ascii_uppercase).count();
                    if (3..=5).contains(&n) {
                        zone = Some((0, v[..n].to_string()));
                        Some(n)
                    } else {
                        None
                    }
                }
            }
            Tok::Num {
                z,
                colon,
                secs,
                short,
            } => {
                if *z && v.starts_with('Z') {
                    zone = Some((0, "UTC".into()));
                    Some(1)
                } else {
                    match parse_offset(v, *colon, *secs, *short) {
                        Some(Ok((off, l))) => {
                            zone = Some((off, String::new()));
                            Some(l)
                        }
                        Some(Err(what)) => return Err(range(what)),
                        None => None,
                    }
                }
            }
            Tok::Frac(_, n, nines) => {
                // `.999`: a separator and at least one digit, else the fraction is omitted.
                let digit_follows = v.as_bytes().get(1).is_some_and(u8::is_ascii_digit);
                if !v.starts_with(['.', ',']) || (*nines && !digit_follows) {
                    if *nines {
                        Some(0)
                    } else {
                        None
                    }
                } else {
                    let count = v[1..].bytes().take_while(u8::is_ascii_digit).count();
                    if !*nines && count != *n {
                        None
                    } else {
                        let frac = &v[1..1 + count];
                        nanos = format!("{:0<9}", &frac[..frac.len().min(9)])
                            .parse()
                            .unwrap_or(0);
                        Some(1 + count)
                    }
                }
            }
        };
        match ok {
            Some(l) => v = &v[l..],
            None => return Err(cannot(before, t)),
        }
    }
    if !v.is_empty() {
        return Err(format!(
            "parsing time {}: extra text: {}",
            quote(value),
            quote(v)
        ));
    }
    if let Some(p) = pm {
        if hour > 12 {
            return Err(range("hour"));
        }
        if p && hour < 12 {
            hour += 12;
        } else if !p && hour == 12 {
            hour = 0;
        }
    }
    if hour > 23 {
        return Err(range("hour"));
    }
    if min > 59 {
        return Err(range("minute"));
    }
    if sec > 59 {
        return Err(range("second"));
    }
    if yday >= 0 && !saw_month {
        let leap = days_in_month(year, 2) == 29;
        if yday < 1 || yday > if leap { 366 } else { 365 } {
            return Err(range("day-of-year"));
        }
        let (_, m, d) = civil_from_days(days_from_civil(year, 1, 1) + yday - 1);
        month = m;
        day = d;
    }
    if day < 1 || i64::from(day) > days_in_month(year, month) {
        return Err(range("day"));
    }
    let wall = days_from_civil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec;
    Ok(match zone {
        Some((off, abbr)) => {
            let unix = wall - i64::from(off);
            let (loc_off, loc_abbr) = lookup(unix);
            let zone = if off == 0 && abbr == "UTC" {
                ParsedZone::Utc
            } else if loc_off != off || (!abbr.is_empty() && abbr != loc_abbr) {
                ParsedZone::Fixed(off, abbr)
            } else {
                ParsedZone::Given
            };
            Parsed { unix, nanos, zone }
        }
        None => {
            // Local wall time: find the offset in force then.
            let (off, _) = lookup(wall);
            let (off2, _) = lookup(wall - i64::from(off));
            Parsed {
                unix: wall - i64::from(off2),
                nanos,
                zone: ParsedZone::Given,
            }
        }
    })
}

/// Go's `time.RFC3339` layout.
const RFC3339: &str = "2006-01-02T15:04:05Z07:00";

/// Whether Go's `time.Parse(time.RFC3339, value)` reads `value` (what `encoding/json` does
/// with a string for a `time.Time`): `Err` with Go's `ParseError` text. Go's reading is
/// looser than RFC 3339: a one-digit hour (the layout's `15`), a comma before the fraction,
/// a zone offset of 24 hours or 60 minutes.
pub fn check_rfc3339(value: &str) -> Result<(), String> {
    // `time.Parse` reads in UTC; whether a value reads does not depend on the location.
    parse_in(RFC3339, value, |_| (0, "UTC".into())).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `time.UTC`'s offset and abbreviation, at any instant.
    fn utc(_: i64) -> (i32, String) {
        (0, "UTC".into())
    }

    /// A zone or fraction element is named by its own text, and a bad zone's fields are
    /// range-checked before its sign, as Helm 4.3.1 and 3.17.2 printed them.
    #[test]
    fn zone_and_fraction_errors_name_their_element() {
        let e = |layout: &str, v: &str| parse_in(layout, v, utc).err();
        let cannot = |v: &str, layout: &str, elem: &str, elem_layout: &str| {
            Some(format!(
                "parsing time \"{v}\" as \"{layout}\": cannot parse \"{elem}\" as \"{elem_layout}\""
            ))
        };
        assert_eq!(
            e("2006-01-02 -0700", "2020-01-01 x"),
            cannot("2020-01-01 x", "2006-01-02 -0700", "x", "-0700")
        );
        assert_eq!(
            e("2006-01-02 .000", "2020-01-01 x"),
            cannot("2020-01-01 x", "2006-01-02 .000", "x", ".000")
        );
        assert_eq!(
            e("2006-01-02 -07", "2020-01-01 x30"),
            Some("parsing time \"2020-01-01 x30\": time zone offset hour out of range".into())
        );
        assert_eq!(
            e("2006-01-02 -07", "2020-01-01 x20"),
            cannot("2020-01-01 x20", "2006-01-02 -07", "x20", "-07")
        );
        assert_eq!(
            e("2006-01-02T15:04:05Z07:00", "2020-01-01T00:00:00x25:00"),
            Some(
                "parsing time \"2020-01-01T00:00:00x25:00\": time zone offset hour out of range"
                    .into()
            )
        );
        assert_eq!(
            e("2006-01-02 -07:00:00", "2020-01-01 x01:61:61"),
            Some(
                "parsing time \"2020-01-01 x01:61:61\": time zone offset second out of range"
                    .into()
            )
        );
    }

    #[test]
    fn parse_errors_read_as_gos() {
        let e = |layout: &str, v: &str| parse_in(layout, v, utc).err();
        assert_eq!(
            e("2006-01-02", "2024-13-01"),
            Some("parsing time \"2024-13-01\": month out of range".into())
        );
        assert_eq!(
            e("2006-01-02", "2024-01-01x"),
            Some("parsing time \"2024-01-01x\": extra text: \"x\"".into())
        );
        // Go 1.23 to 1.27 (Helm 3.17.2 to 4.3.1): an offset of 24 hours is accepted, 25 not.
        assert_eq!(
            e("2006-01-02T15:04:05Z07:00", "2024-01-02T03:04:05+25:00"),
            Some(
                "parsing time \"2024-01-02T03:04:05+25:00\": time zone offset hour out of range"
                    .into()
            )
        );
        assert_eq!(
            e("2006-01-02T15:04:05Z07:00", "2024-01-02T03:04:05+23:61"),
            Some(
                "parsing time \"2024-01-02T03:04:05+23:61\": time zone offset minute out of range"
                    .into()
            )
        );
        assert!(e("2006-01-02T15:04:05Z07:00", "2024-01-02T03:04:05+24:00").is_none());
        // A separator without a digit is no fraction: the `.` is left over.
        assert!(e("2006-01-02T15:04:05.999", "2024-01-02T03:04:05.").is_some());
        assert_eq!(
            e("2006-01-02", "24-01-01"),
            Some("parsing time \"24-01-01\" as \"2006-01-02\": cannot parse \"24-01-01\" as \"2006\"".into())
        );
    }

    /// What Helm 3.17.2, 4.1.4 and 4.3.1 print for these as a lock file's `generated` (after
    /// `while decoding JSON: `); `None`: read.
    #[test]
    fn rfc3339_as_go_parses_it() {
        let layout = r#"as "2006-01-02T15:04:05Z07:00": cannot parse"#;
        for (value, want) in [
            ("2020-01-01T00:00:00Z", None),
            ("2020-01-01T1:00:00Z", None),
            ("2020-01-01T00:00:00,5Z", None),
            ("2020-01-01T00:00:00.123456789123Z", None),
            ("2020-01-01T00:00:00+01:60", None),
            ("2020-01-01T00:00:00+24:00", None),
            ("2020-01-01T00:00:00-00:00", None),
            ("0000-01-01T00:00:00Z", None),
            ("notatime", Some(format!(r#"parsing time "notatime" {layout} "notatime" as "2006""#))),
            ("", Some(format!(r#"parsing time "" {layout} "" as "2006""#))),
            ("2020-01-01", Some(format!(r#"parsing time "2020-01-01" {layout} "" as "T""#))),
            (
                "2020-01-01T00:00:00",
                Some(format!(r#"parsing time "2020-01-01T00:00:00" {layout} "" as "Z07:00""#)),
            ),
            (
                "2020-01-01 00:00:00",
                Some(format!(r#"parsing time "2020-01-01 00:00:00" {layout} " 00:00:00" as "T""#)),
            ),
            (
                "2020-01-01t00:00:00z",
                Some(format!(
                    r#"parsing time "2020-01-01t00:00:00z" {layout} "t00:00:00z" as "T""#
                )),
            ),
            (
                "2020-01-01T00:00:00.Z",
                Some(format!(r#"parsing time "2020-01-01T00:00:00.Z" {layout} ".Z" as "Z07:00""#)),
            ),
            (
                "2020-01-01T00:00:00+0100",
                Some(format!(
                    r#"parsing time "2020-01-01T00:00:00+0100" {layout} "+0100" as "Z07:00""#
                )),
            ),
            (
                "  2020-01-01T00:00:00Z",
                Some(format!(
                    r#"parsing time "  2020-01-01T00:00:00Z" {layout} "  2020-01-01T00:00:00Z" as "2006""#
                )),
            ),
            (
                "\u{e9}",
                Some(format!(r#"parsing time "\xc3\xa9" {layout} "\xc3\xa9" as "2006""#)),
            ),
            (
                "2020-13-01T00:00:00Z",
                Some(r#"parsing time "2020-13-01T00:00:00Z": month out of range"#.into()),
            ),
            (
                "2020-02-30T00:00:00Z",
                Some(r#"parsing time "2020-02-30T00:00:00Z": day out of range"#.into()),
            ),
            (
                "2020-01-01T24:00:00Z",
                Some(r#"parsing time "2020-01-01T24:00:00Z": hour out of range"#.into()),
            ),
            (
                "2020-01-01T00:00:60Z",
                Some(r#"parsing time "2020-01-01T00:00:60Z": second out of range"#.into()),
            ),
            (
                "2020-01-01T00:00:00+25:00",
                Some(
                    r#"parsing time "2020-01-01T00:00:00+25:00": time zone offset hour out of range"#
                        .into(),
                ),
            ),
            (
                "2020-01-01T00:00:00Z ",
                Some(r#"parsing time "2020-01-01T00:00:00Z ": extra text: " ""#.into()),
            ),
        ] {
            assert_eq!(check_rfc3339(value).err(), want, "{value:?}");
        }
    }

    /// What Helm 3.17.2 and 4.3.1 print for these (`mustToDate` with the `RFC3339` layout,
    /// after `error calling mustToDate: `); `None`: read.
    #[test]
    fn rfc3339_fields_are_checked_as_helms_must_to_date_checks_them() {
        let cannot = |v: &str, rest: &str, elem: &str| {
            Some(format!(
                r#"parsing time "{v}" as "2006-01-02T15:04:05Z07:00": cannot parse "{rest}" as "{elem}""#
            ))
        };
        let range =
            |v: &str, what: &str| Some(format!(r#"parsing time "{v}": {what} out of range"#));
        for (value, want) in [
            ("2020-02-29T00:00:00Z", None),
            ("2100-02-29T00:00:00Z", range("2100-02-29T00:00:00Z", "day")),
            (
                "2020-00-01T00:00:00Z",
                range("2020-00-01T00:00:00Z", "month"),
            ),
            ("2020-01-00T00:00:00Z", range("2020-01-00T00:00:00Z", "day")),
            (
                "2020-01-01T00:60:00Z",
                range("2020-01-01T00:60:00Z", "minute"),
            ),
            (
                "2020-01-01T00:00:00+25:61",
                range("2020-01-01T00:00:00+25:61", "time zone offset minute"),
            ),
            (
                "2020-01-01T00:00:00x25:00",
                range("2020-01-01T00:00:00x25:00", "time zone offset hour"),
            ),
            (
                "2020-01-01T00:00:00+2a:00",
                cannot("2020-01-01T00:00:00+2a:00", "+2a:00", "Z07:00"),
            ),
            (
                "20a0-01-01T00:00:00Z",
                cannot("20a0-01-01T00:00:00Z", "20a0-01-01T00:00:00Z", "2006"),
            ),
            (
                "2020-1-01T00:00:00Z",
                cannot("2020-1-01T00:00:00Z", "1-01T00:00:00Z", "01"),
            ),
            (
                "2020-01-1T00:00:00Z",
                cannot("2020-01-1T00:00:00Z", "1T00:00:00Z", "02"),
            ),
            ("2024-02-29T23", cannot("2024-02-29T23", "", ":")),
            (
                "2024-02-29T23:59:59.",
                cannot("2024-02-29T23:59:59.", ".", "Z07:00"),
            ),
            (
                "2024-02-29T23:59:59x5+05:30",
                cannot("2024-02-29T23:59:59x5+05:30", "x5+05:30", "Z07:00"),
            ),
            (
                "2024-02-29T23:59:59.5+05-30",
                cannot("2024-02-29T23:59:59.5+05-30", "+05-30", "Z07:00"),
            ),
        ] {
            assert_eq!(check_rfc3339(value).err(), want, "{value:?}");
        }
    }
}
