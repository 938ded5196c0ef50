//! go-yaml's `parseTimestamp`: which plain scalars are YAML 1.1 timestamps, by the Go
//! `time.Parse` layouts go-yaml tries.

#[derive(Clone, Copy)]
enum TimeTok {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
    /// `.999999999`: an optional fraction.
    Frac,
    /// `Z07:00`.
    Zone,
    Lit(&'static str),
}

/// go-yaml's `parseTimestamp`: `YYYY-` and then one of the layouts
/// `2006-1-2T15:4:5.999999999Z07:00`, the same with `t`, `2006-1-2 15:4:5.999999999` and
/// `2006-1-2`, with Go's `time.Parse` rules (1–2 digit fields, range checks, day of month).
pub(super) fn parse_timestamp(s: &str) -> bool {
    use TimeTok::*;
    let b = s.as_bytes();
    let year_digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if year_digits != 4 || b.get(4) != Some(&b'-') {
        return false;
    }
    const LAYOUTS: [&[TimeTok]; 4] = [
        &[
            Year,
            Lit("-"),
            Month,
            Lit("-"),
            Day,
            Lit("T"),
            Hour,
            Lit(":"),
            Minute,
            Lit(":"),
            Second,
            Frac,
            Zone,
        ],
        &[
            Year,
            Lit("-"),
            Month,
            Lit("-"),
            Day,
            Lit("t"),
            Hour,
            Lit(":"),
            Minute,
            Lit(":"),
            Second,
            Frac,
            Zone,
        ],
        &[
            Year,
            Lit("-"),
            Month,
            Lit("-"),
            Day,
            Lit(" "),
            Hour,
            Lit(":"),
            Minute,
            Lit(":"),
            Second,
            Frac,
        ],
        &[Year, Lit("-"), Month, Lit("-"), Day],
    ];
    LAYOUTS.iter().any(|layout| go_time_parse(layout, b))
}

fn go_time_parse(layout: &[TimeTok], mut v: &[u8]) -> bool {
    // Go's getnum: one or two digits.
    fn getnum(v: &[u8]) -> Option<(u32, &[u8])> {
        let d0 = v.first().filter(|c| c.is_ascii_digit())?;
        match v.get(1).filter(|c| c.is_ascii_digit()) {
            Some(d1) => Some((u32::from(d0 - b'0') * 10 + u32::from(d1 - b'0'), &v[2..])),
            None => Some((u32::from(d0 - b'0'), &v[1..])),
        }
    }
    let (mut year, mut month, mut day) = (0u32, 0u32, 0u32);
    for tok in layout {
        match *tok {
            TimeTok::Year => {
                if v.len() < 4 || !v[..4].iter().all(u8::is_ascii_digit) {
                    return false;
                }
                year = v[..4]
                    .iter()
                    .fold(0, |acc, c| acc * 10 + u32::from(c - b'0'));
                v = &v[4..];
            }
            TimeTok::Month | TimeTok::Day | TimeTok::Hour | TimeTok::Minute | TimeTok::Second => {
                let Some((n, rest)) = getnum(v) else {
                    return false;
                };
                let ok = match *tok {
                    TimeTok::Month => (1..=12).contains(&n),
                    TimeTok::Day => true,
                    TimeTok::Hour => n < 24,
                    _ => n < 60,
                };
                if !ok {
                    return false;
                }
                match *tok {
                    TimeTok::Month => month = n,
                    TimeTok::Day => day = n,
                    _ => {}
                }
                v = rest;
            }
            TimeTok::Frac => {
                if v.len() >= 2 && (v[0] == b'.' || v[0] == b',') && v[1].is_ascii_digit() {
                    let n = 1 + v[1..].iter().take_while(|c| c.is_ascii_digit()).count();
                    v = &v[n..];
                }
            }
            TimeTok::Zone => {
                if v.first() == Some(&b'Z') {
                    v = &v[1..];
                    continue;
                }
                if v.len() < 6 || v[3] != b':' {
                    return false;
                }
                let two = |p: &[u8]| -> Option<u32> {
                    (p[0].is_ascii_digit() && p[1].is_ascii_digit())
                        .then(|| u32::from(p[0] - b'0') * 10 + u32::from(p[1] - b'0'))
                };
                let (Some(hr), Some(mm)) = (two(&v[1..3]), two(&v[4..6])) else {
                    return false;
                };
                if hr > 24 || mm > 60 || !(v[0] == b'+' || v[0] == b'-') {
                    return false;
                }
                v = &v[6..];
            }
            TimeTok::Lit(lit) => {
                // Go's `skip`: a space in the layout matches any run of spaces.
                let mut p = lit.as_bytes();
                while let Some(&c) = p.first() {
                    if c == b' ' {
                        if v.first().is_some_and(|&x| x != b' ') {
                            return false;
                        }
                        p = trim_leading_spaces(p);
                        v = trim_leading_spaces(v);
                        continue;
                    }
                    if v.first() != Some(&c) {
                        return false;
                    }
                    p = &p[1..];
                    v = &v[1..];
                }
            }
        }
    }
    if !v.is_empty() {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days_in_month).contains(&day)
}

fn trim_leading_spaces(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| **c == b' ').count();
    &b[n..]
}
