//! Go's `time.ParseDuration`.

use super::{quote, quote_bytes};

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

#[cfg(test)]
mod tests {
    use super::*;

    const NS: i64 = 1;
    const US: i64 = 1_000;
    const MS: i64 = 1_000_000;
    const S: i64 = 1_000_000_000;
    const M: i64 = 60 * S;
    const H: i64 = 60 * M;

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
