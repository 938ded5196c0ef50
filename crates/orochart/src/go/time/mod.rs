//! Go's `time` package, as far as Helm's output and messages show it: `time.ParseDuration`,
//! `time.Parse` with the `RFC3339` layout (as far as whether it reads a text, and its error),
//! and the `quote` their errors use (not `strconv.Quote`: every byte of a non-ASCII or
//! control character is written `\xNN`).

mod civil;
mod duration;
mod format;
mod layout;
mod parse;

pub(crate) use civil::{civil_from_days, days_from_civil, days_in_month, DAYS, MONTHS};
pub use duration::parse_duration;
pub(crate) use format::format;
pub(crate) use parse::{parse_in, ParsedZone};

/// Go's `time.RFC3339` layout.
const RFC3339: &str = "2006-01-02T15:04:05Z07:00";

/// Whether Go's `time.Parse(time.RFC3339, value)` reads `value` (what `encoding/json` does
/// with a string for a `time.Time`): `Err` with Go's `ParseError` text. Go's reading is
/// looser than RFC 3339: a one-digit hour (the layout's `15`), a comma before the fraction,
/// a zone offset of 24 hours or 60 minutes.
pub fn check_rfc3339(value: &str) -> Result<(), String> {
    let v = value.as_bytes();
    // `cannot parse "<rest>" as "<element>"`, the rest being the text at the element.
    let cannot = |at: usize, elem: &str| {
        Err(format!(
            "parsing time {} as {}: cannot parse {} as {}",
            quote(value),
            quote(RFC3339),
            quote_bytes(&v[at..]),
            quote(elem)
        ))
    };
    let out_of_range = |what: &str| {
        Err(format!(
            "parsing time {}: {what} out of range",
            quote(value)
        ))
    };
    let digit = |i: usize| v.get(i).is_some_and(u8::is_ascii_digit);
    // Go's `getnum`: two digits, or one where the layout element allows it.
    let num = |at: usize, fixed: bool| -> Option<(u32, usize)> {
        if !digit(at) {
            return None;
        }
        if !digit(at + 1) {
            return (!fixed).then(|| (u32::from(v[at] - b'0'), at + 1));
        }
        Some((
            u32::from(v[at] - b'0') * 10 + u32::from(v[at + 1] - b'0'),
            at + 2,
        ))
    };
    // 2006: four bytes, the first a digit, all of them digits for Go's `atoi`.
    if v.len() < 4 || !v[..4].iter().all(u8::is_ascii_digit) {
        return cannot(0, "2006");
    }
    let year: i64 = value[..4].parse().unwrap_or(0);
    let mut at = 4;
    let mut fields = [0u32; 5];
    let elements: [(&str, &str, bool, u32); 5] = [
        ("-", "01", true, 12),
        ("-", "02", true, 31),
        ("T", "15", false, 23),
        (":", "04", true, 59),
        (":", "05", true, 59),
    ];
    for (k, (sep, elem, fixed, max)) in elements.into_iter().enumerate() {
        if v.get(at) != Some(&sep.as_bytes()[0]) {
            return cannot(at, sep);
        }
        at += 1;
        let Some((n, next)) = num(at, fixed) else {
            return cannot(at, elem);
        };
        // The day is checked against its month at the end.
        match k {
            0 if n == 0 || n > max => return out_of_range("month"),
            2 if n > max => return out_of_range("hour"),
            3 if n > max => return out_of_range("minute"),
            4 if n > max => return out_of_range("second"),
            _ => {}
        }
        fields[k] = n;
        at = next;
    }
    // A fraction the layout does not have: a `.` or `,` and digits.
    if matches!(v.get(at), Some(b'.' | b',')) && digit(at + 1) {
        at += 2;
        while digit(at) {
            at += 1;
        }
    }
    // Z07:00: `Z`, or `±hh:mm`.
    if v.get(at) == Some(&b'Z') {
        at += 1;
    } else {
        let zone = &v[at..];
        if zone.len() < 6 || zone[3] != b':' {
            return cannot(at, "Z07:00");
        }
        // Go reads the hours, then the minutes, checks both ranges (the later wins), then
        // the sign; a range error goes before any other.
        let hour = num(at + 1, true).map(|(n, _)| n);
        let minute = hour.and_then(|_| num(at + 4, true).map(|(n, _)| n));
        let mut range = None;
        if hour.unwrap_or(0) > 24 {
            range = Some("time zone offset hour");
        }
        if minute.unwrap_or(0) > 60 {
            range = Some("time zone offset minute");
        }
        if let Some(what) = range {
            return out_of_range(what);
        }
        if minute.is_none() || !matches!(zone[0], b'+' | b'-') {
            return cannot(at, "Z07:00");
        }
        at += 6;
    }
    if at < v.len() {
        return Err(format!(
            "parsing time {}: extra text: {}",
            quote(value),
            quote_bytes(&v[at..])
        ));
    }
    let [month, day, ..] = fields;
    if day == 0 || i64::from(day) > days_in(month, year) {
        return out_of_range("day");
    }
    Ok(())
}

/// The days of `month` (1–12) in `year`.
fn days_in(month: u32, year: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The `quote` of Go's `time` package: `"` and `\` escaped, every byte of a non-ASCII or
/// control character written `\xNN` (`"1\xc3\xa9"`).
pub fn quote(s: &str) -> String {
    quote_bytes(s.as_bytes())
}

/// [`quote`] of bytes that need not be whole characters (Go's parse errors cut values
/// byte by byte).
pub fn quote_bytes(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len() + 2);
    out.push('"');
    for c in b {
        match c {
            b'"' | b'\\' => {
                out.push('\\');
                out.push(char::from(*c));
            }
            0x20..=0x7f => out.push(char::from(*c)),
            _ => out.push_str(&format!("\\x{c:02x}")),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
