//! Go's `time.ParseDuration`, `time.Parse` with the `RFC3339` layout (as far as whether it
//! reads a text, and its error), and the `quote` their errors use (not `strconv.Quote`: every
//! byte of a non-ASCII or control character is written `\xNN`).

/// Go's `time.ParseDuration`: a possibly signed sequence of decimal numbers, each with an
/// optional fraction and a unit (`ns`, `us`/`µs`/`μs`, `ms`, `s`, `m`, `h`): `300ms`, `-1.5h`,
/// `2h45m`, `.5s`, `1h2m3.5s`; `0` alone needs no unit. Nanoseconds, or Go's error text
/// (`time: invalid duration "abc"`, `time: missing unit in duration "1"`,
/// `time: unknown unit "x" in duration "1x"`), with Go's overflow rules: the sum may reach
/// 2⁶³ only when negative.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", quote(s));
    let bytes = s.as_bytes();
    let mut rest = bytes;
    let mut neg = false;
    if let Some(&c @ (b'-' | b'+')) = rest.first() {
        neg = c == b'-';
        rest = &rest[1..];
    }
    if rest == b"0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    const LIMIT: u64 = 1 << 63;
    let mut d: u64 = 0;
    while !rest.is_empty() {
        // The next character must be [0-9.].
        if !(rest[0] == b'.' || rest[0].is_ascii_digit()) {
            return Err(invalid());
        }
        // [0-9]*
        let before = rest.len();
        let (mut v, after) = leading_int(rest).ok_or_else(invalid)?;
        rest = after;
        let pre = before != rest.len();
        // (\.[0-9]*)?
        let mut post = false;
        let (mut f, mut scale) = (0u64, 1f64);
        if rest.first() == Some(&b'.') {
            rest = &rest[1..];
            let before = rest.len();
            (f, scale, rest) = leading_fraction(rest);
            post = before != rest.len();
        }
        if !pre && !post {
            // No digits (`.s`, `-.s`).
            return Err(invalid());
        }
        // The unit: everything up to the next `.` or digit.
        let i = rest
            .iter()
            .position(|&c| c == b'.' || c.is_ascii_digit())
            .unwrap_or(rest.len());
        if i == 0 {
            return Err(format!("time: missing unit in duration {}", quote(s)));
        }
        let (u, after) = rest.split_at(i);
        rest = after;
        let unit: u64 = match u {
            b"ns" => 1,
            b"us" => 1_000,
            // U+00B5 (micro sign) and U+03BC (Greek mu).
            [0xc2, 0xb5, b's'] | [0xce, 0xbc, b's'] => 1_000,
            b"ms" => 1_000_000,
            b"s" => 1_000_000_000,
            b"m" => 60_000_000_000,
            b"h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    quote_bytes(u),
                    quote(s)
                ))
            }
        };
        if v > LIMIT / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            // float64 keeps fractions of hours exact to the nanosecond, as Go's comment says;
            // this is Go's very arithmetic (the `as` conversion saturates where Go's would not,
            // but the product is at most 3.6e12).
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        // Go's uint64 sum wraps: two 2⁶³ terms make 0 (Helm accepts
        // `--timeout=9223372036854775808ns9223372036854775808ns`).
        d = d.wrapping_add(v);
        if d > LIMIT {
            return Err(invalid());
        }
    }
    if neg {
        // d ≤ 2⁶³ here, so its negation fits.
        return Ok((d as i64).wrapping_neg());
    }
    i64::try_from(d).map_err(|_| invalid())
}

/// Go's `leadingInt`: the leading digits as a number, and what follows; `None` past 2⁶³.
fn leading_int(s: &[u8]) -> Option<(u64, &[u8])> {
    let mut x: u64 = 0;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        if x > (1 << 63) / 10 {
            return None;
        }
        x = x * 10 + u64::from(s[i] - b'0');
        if x > 1 << 63 {
            return None;
        }
        i += 1;
    }
    Some((x, &s[i..]))
}

/// Go's `leadingFraction`: the leading digits as a number and the power of ten they are
/// divided by; digits past the precision of a `u64` are read but not counted.
fn leading_fraction(s: &[u8]) -> (u64, f64, &[u8]) {
    let mut x: u64 = 0;
    let mut scale = 1f64;
    let mut overflow = false;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        let c = s[i];
        i += 1;
        if overflow {
            continue;
        }
        if x > ((1u64 << 63) - 1) / 10 {
            overflow = true;
            continue;
        }
        let y = x * 10 + u64::from(c - b'0');
        if y > 1 << 63 {
            overflow = true;
            continue;
        }
        x = y;
        scale *= 10.0;
    }
    (x, scale, &s[i..])
}

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

    const NS: i64 = 1;
    const US: i64 = 1_000;
    const MS: i64 = 1_000_000;
    const S: i64 = 1_000_000_000;
    const M: i64 = 60 * S;
    const H: i64 = 60 * M;

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

    /// Go's `parseDurationTests` (src/time/time_test.go).
    #[test]
    fn parses_what_go_parses() {
        let cases: &[(&str, i64)] = &[
            // simple
            ("0", 0),
            ("5s", 5 * S),
            ("30s", 30 * S),
            ("1478s", 1478 * S),
            // sign
            ("-5s", -5 * S),
            ("+5s", 5 * S),
            ("-0", 0),
            ("+0", 0),
            // decimal
            ("5.0s", 5 * S),
            ("5.6s", 5 * S + 600 * MS),
            ("5.s", 5 * S),
            (".5s", 500 * MS),
            ("1.0s", S),
            ("1.00s", S),
            ("1.004s", S + 4 * MS),
            ("1.0040s", S + 4 * MS),
            ("100.00100s", 100 * S + MS),
            // different units
            ("10ns", 10 * NS),
            ("11us", 11 * US),
            ("12µs", 12 * US),
            ("12μs", 12 * US),
            ("13ms", 13 * MS),
            ("14s", 14 * S),
            ("15m", 15 * M),
            ("16h", 16 * H),
            // composite durations
            ("3h30m", 3 * H + 30 * M),
            ("10.5s4m", 4 * M + 10 * S + 500 * MS),
            ("-2m3.4s", -(2 * M + 3 * S + 400 * MS)),
            (
                "1h2m3s4ms5us6ns",
                H + 2 * M + 3 * S + 4 * MS + 5 * US + 6 * NS,
            ),
            ("39h9m14.425s", 39 * H + 9 * M + 14 * S + 425 * MS),
            // large value
            ("52763797000ns", 52763797000 * NS),
            // more than 9 digits after decimal point, see https://golang.org/issue/6617
            ("0.3333333333333333333h", 20 * M),
            // 9007199254740993 = 1<<53+1 cannot be stored precisely in a float64
            ("9007199254740993ns", (1 << 53) + 1),
            // largest duration that can be represented by int64 in nanoseconds
            ("9223372036854775807ns", i64::MAX),
            ("9223372036854775.807us", i64::MAX),
            ("9223372036s854ms775us807ns", i64::MAX),
            ("-9223372036854775808ns", i64::MIN),
            ("-9223372036854775.808us", i64::MIN),
            ("-9223372036s854ms775us808ns", i64::MIN),
            // largest negative round trip value, see https://golang.org/issue/48629
            ("-2562047h47m16.854775808s", i64::MIN),
            // huge string; issue 15011.
            ("0.100000000000000000000h", 6 * M),
            // This value tests the first overflow check in leadingFraction.
            ("0.830103483285477580700h", 49 * M + 48 * S + 372539827 * NS),
        ];
        for (input, want) in cases {
            assert_eq!(parse_duration(input), Ok(*want), "{input}");
        }
    }

    /// Go's `parseDurationErrorTests`, with the whole message Go gives.
    #[test]
    fn rejects_what_go_rejects_in_gos_words() {
        let invalid = |q: &str| format!("time: invalid duration {q}");
        let cases: Vec<(&str, String)> = vec![
            // invalid
            ("", invalid(r#""""#)),
            ("3", r#"time: missing unit in duration "3""#.into()),
            ("-", invalid(r#""-""#)),
            ("s", invalid(r#""s""#)),
            (".", invalid(r#"".""#)),
            ("-.", invalid(r#""-.""#)),
            (".s", invalid(r#"".s""#)),
            ("+.s", invalid(r#""+.s""#)),
            ("1d", r#"time: unknown unit "d" in duration "1d""#.into()),
            ("\u{FFFD}", invalid(r#""\xef\xbf\xbd""#)),
            (
                "\u{FFFD} hello \u{FFFD} world",
                invalid(r#""\xef\xbf\xbd hello \xef\xbf\xbd world""#),
            ),
            // overflow
            (
                "9223372036854775810ns",
                invalid(r#""9223372036854775810ns""#),
            ),
            (
                "9223372036854775808ns",
                invalid(r#""9223372036854775808ns""#),
            ),
            (
                "-9223372036854775809ns",
                invalid(r#""-9223372036854775809ns""#),
            ),
            ("9223372036854776us", invalid(r#""9223372036854776us""#)),
            ("3000000h", invalid(r#""3000000h""#)),
            (
                "9223372036854775.808us",
                invalid(r#""9223372036854775.808us""#),
            ),
            (
                "9223372036854ms775us808ns",
                invalid(r#""9223372036854ms775us808ns""#),
            ),
        ];
        for (input, want) in cases {
            assert_eq!(parse_duration(input), Err(want), "{input:?}");
        }
    }

    /// What `helm template --timeout` printed (Helm v3.17.2 and v4.3.1).
    #[test]
    fn errors_quote_like_helms_timeout_flag() {
        assert_eq!(
            parse_duration("1é"),
            Err(r#"time: unknown unit "\xc3\xa9" in duration "1\xc3\xa9""#.into())
        );
        assert_eq!(
            parse_duration("1x"),
            Err(r#"time: unknown unit "x" in duration "1x""#.into())
        );
        assert_eq!(parse_duration("1µs"), Ok(1_000));
        assert_eq!(parse_duration("-1.5h"), Ok(-5_400 * S));
        assert_eq!(parse_duration("1h2m3.5s"), Ok(H + 2 * M + 3_500 * MS));
        assert_eq!(
            parse_duration("9223372036854775808ns9223372036854775808ns"),
            Ok(0)
        );
    }
}
