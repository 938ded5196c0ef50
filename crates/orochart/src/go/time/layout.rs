//! Go's layout language (`2006-01-02T15:04:05Z07:00`): a layout cut into the elements its
//! reference time names, and the literal text between them.

/// One element of a Go layout.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    Lit(String),
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    Pm,
    Tz,
    /// Numeric zones: `Z` variants print `Z` for UTC.
    Num {
        z: bool,
        colon: bool,
        secs: bool,
        short: bool,
    },
    /// Fractional seconds: separator, digits, trailing zeros dropped (`.999`).
    Frac(char, usize, bool),
}

/// Go's `nextStdChunk`, over a whole layout.
pub(super) fn tokenize(layout: &str) -> Vec<Tok> {
    let b = layout.as_bytes();
    let mut toks = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    let starts = |i: usize, s: &str| b[i..].starts_with(s.as_bytes());
    let lower_after = |j: usize| b.get(j).is_some_and(u8::is_ascii_lowercase);
    while i < b.len() {
        let (tok, len): (Option<Tok>, usize) = match b[i] {
            b'J' if starts(i, "January") => (Some(Tok::LongMonth), 7),
            b'J' if starts(i, "Jan") && !lower_after(i + 3) => (Some(Tok::Month), 3),
            b'M' if starts(i, "Monday") => (Some(Tok::LongWeekDay), 6),
            b'M' if starts(i, "Mon") && !lower_after(i + 3) => (Some(Tok::WeekDay), 3),
            b'M' if starts(i, "MST") => (Some(Tok::Tz), 3),
            b'0' if starts(i, "002") => (Some(Tok::ZeroYearDay), 3),
            b'0' if b.get(i + 1).is_some_and(|c| (b'1'..=b'6').contains(c)) => (
                Some(
                    [
                        Tok::ZeroMonth,
                        Tok::ZeroDay,
                        Tok::ZeroHour12,
                        Tok::ZeroMinute,
                        Tok::ZeroSecond,
                        Tok::Year,
                    ][usize::from(b[i + 1] - b'1')]
                    .clone(),
                ),
                2,
            ),
            b'1' if starts(i, "15") => (Some(Tok::Hour), 2),
            b'1' => (Some(Tok::NumMonth), 1),
            b'2' if starts(i, "2006") => (Some(Tok::LongYear), 4),
            b'2' => (Some(Tok::Day), 1),
            b'_' if starts(i, "_2") && !starts(i, "_2006") => (Some(Tok::UnderDay), 2),
            b'_' if starts(i, "__2") => (Some(Tok::UnderYearDay), 3),
            b'3' => (Some(Tok::Hour12), 1),
            b'4' => (Some(Tok::Minute), 1),
            b'5' => (Some(Tok::Second), 1),
            b'P' if starts(i, "PM") => (Some(Tok::PM), 2),
            b'p' if starts(i, "pm") => (Some(Tok::Pm), 2),
            b'-' | b'Z' => {
                let z = b[i] == b'Z';
                let p = if z { "Z07" } else { "-07" };
                let num = |colon, secs, short| Tok::Num {
                    z,
                    colon,
                    secs,
                    short,
                };
                if starts(i, &format!("{p}:00:00")) {
                    (Some(num(true, true, false)), 9)
                } else if starts(i, &format!("{p}0000")) {
                    (Some(num(false, true, false)), 7)
                } else if starts(i, &format!("{p}:00")) {
                    (Some(num(true, false, false)), 6)
                } else if starts(i, &format!("{p}00")) {
                    (Some(num(false, false, false)), 5)
                } else if starts(i, p) {
                    (Some(num(false, false, true)), 3)
                } else {
                    (None, 1)
                }
            }
            c @ (b'.' | b',') if matches!(b.get(i + 1), Some(b'0' | b'9')) => {
                let ch = b[i + 1];
                let mut j = i + 1;
                while j < b.len() && b[j] == ch {
                    j += 1;
                }
                if b.get(j).is_some_and(u8::is_ascii_digit) {
                    (None, 1)
                } else {
                    (Some(Tok::Frac(char::from(c), j - i - 1, ch == b'9')), j - i)
                }
            }
            _ => (None, 1),
        };
        match tok {
            Some(t) => {
                if !lit.is_empty() {
                    toks.push(Tok::Lit(std::mem::take(&mut lit)));
                }
                toks.push(t);
                i += len;
            }
            None => {
                let ch_len = layout[i..].chars().next().map_or(1, char::len_utf8);
                lit.push_str(&layout[i..i + ch_len]);
                i += ch_len;
            }
        }
    }
    if !lit.is_empty() {
        toks.push(Tok::Lit(lit));
    }
    toks
}

/// The layout text a token stands for, for parse errors.
pub(super) fn tok_text(t: &Tok) -> String {
    match t {
        Tok::Lit(s) => s.clone(),
        Tok::LongYear => "2006".into(),
        Tok::Year => "06".into(),
        Tok::LongMonth => "January".into(),
        Tok::Month => "Jan".into(),
        Tok::NumMonth => "1".into(),
        Tok::ZeroMonth => "01".into(),
        Tok::LongWeekDay => "Monday".into(),
        Tok::WeekDay => "Mon".into(),
        Tok::Day => "2".into(),
        Tok::UnderDay => "_2".into(),
        Tok::ZeroDay => "02".into(),
        Tok::UnderYearDay => "__2".into(),
        Tok::ZeroYearDay => "002".into(),
        Tok::Hour => "15".into(),
        Tok::Hour12 => "3".into(),
        Tok::ZeroHour12 => "03".into(),
        Tok::Minute => "4".into(),
        Tok::ZeroMinute => "04".into(),
        Tok::Second => "5".into(),
        Tok::ZeroSecond => "05".into(),
        Tok::PM => "PM".into(),
        Tok::Pm => "pm".into(),
        Tok::Tz => "MST".into(),
        &Tok::Num {
            z,
            colon,
            secs,
            short,
        } => {
            let pair = if colon { ":00" } else { "00" };
            let mut text = String::from(if z { "Z07" } else { "-07" });
            if !short {
                text.push_str(pair);
            }
            if secs {
                text.push_str(pair);
            }
            text
        }
        &Tok::Frac(sep, n, nines) => {
            let digit = if nines { '9' } else { '0' };
            std::iter::once(sep)
                .chain(std::iter::repeat_n(digit, n))
                .collect()
        }
    }
}
