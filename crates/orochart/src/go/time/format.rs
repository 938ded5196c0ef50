//! Go's `Time.Format`: a time written by a layout.

use super::civil::{civil_from_days, days_from_civil, DAYS, MONTHS};
use super::layout::{tokenize, Tok};

/// Go's `Time.Format(layout)` of the instant `unix` seconds and `nanos` nanoseconds after the
/// epoch, shown at `off` seconds east of UTC with the zone abbreviation `abbr`.
pub(crate) fn format(layout: &str, unix: i64, nanos: u32, off: i32, abbr: &str) -> String {
    let local = unix + i64::from(off);
    let days = local.div_euclid(86400);
    let secs = local.rem_euclid(86400);
    let (y, m, d) = civil_from_days(days);
    let (hh, mm, ss) = (secs / 3600, secs / 60 % 60, secs % 60);
    let wd = (days + 4).rem_euclid(7) as usize;
    let yday = days - days_from_civil(y, 1, 1) + 1;
    let mut out = String::new();
    for tok in tokenize(layout) {
        match tok {
            Tok::Lit(t) => out.push_str(&t),
            Tok::LongYear => push_int(&mut out, y, 4),
            Tok::Year => push_int(&mut out, (y % 100).abs(), 2),
            Tok::LongMonth => out.push_str(MONTHS[m as usize - 1]),
            Tok::Month => out.push_str(&MONTHS[m as usize - 1][..3]),
            Tok::NumMonth => out.push_str(&m.to_string()),
            Tok::ZeroMonth => out.push_str(&format!("{m:02}")),
            Tok::LongWeekDay => out.push_str(DAYS[wd]),
            Tok::WeekDay => out.push_str(&DAYS[wd][..3]),
            Tok::Day => out.push_str(&d.to_string()),
            Tok::UnderDay => out.push_str(&format!("{d:>2}")),
            Tok::ZeroDay => out.push_str(&format!("{d:02}")),
            Tok::UnderYearDay => out.push_str(&format!("{yday:>3}")),
            Tok::ZeroYearDay => out.push_str(&format!("{yday:03}")),
            Tok::Hour => out.push_str(&format!("{hh:02}")),
            Tok::Hour12 => out.push_str(&(if hh % 12 == 0 { 12 } else { hh % 12 }).to_string()),
            Tok::ZeroHour12 => {
                out.push_str(&format!("{:02}", if hh % 12 == 0 { 12 } else { hh % 12 }))
            }
            Tok::Minute => out.push_str(&mm.to_string()),
            Tok::ZeroMinute => out.push_str(&format!("{mm:02}")),
            Tok::Second => out.push_str(&ss.to_string()),
            Tok::ZeroSecond => out.push_str(&format!("{ss:02}")),
            Tok::PM => out.push_str(if hh >= 12 { "PM" } else { "AM" }),
            Tok::Pm => out.push_str(if hh >= 12 { "pm" } else { "am" }),
            Tok::Frac(sep, n, nines) => {
                let digits = format!("{:09}", nanos);
                let mut part = digits[..n.min(9)].to_string();
                if nines {
                    while part.ends_with('0') {
                        part.pop();
                    }
                    if part.is_empty() {
                        continue;
                    }
                }
                out.push(sep);
                out.push_str(&part);
            }
            Tok::Tz => {
                if abbr.is_empty() {
                    push_offset(&mut out, off, false, false, false);
                } else {
                    out.push_str(abbr);
                }
            }
            Tok::Num {
                z,
                colon,
                secs,
                short,
            } => {
                if z && off == 0 {
                    out.push('Z');
                } else {
                    push_offset(&mut out, off, colon, secs, short);
                }
            }
        }
    }
    out
}

/// Go's `appendInt(b, x, width)`: the sign, then the digits zero-padded to `width`.
fn push_int(out: &mut String, x: i64, width: usize) {
    if x < 0 {
        out.push('-');
    }
    out.push_str(&format!("{:0width$}", x.unsigned_abs()));
}

/// An offset as the numeric zone elements write it: `-07`, `-0700`, `-07:00`, `-070000`,
/// `-07:00:00`.
fn push_offset(out: &mut String, off: i32, colon: bool, secs: bool, short: bool) {
    out.push(if off < 0 { '-' } else { '+' });
    let a = off.unsigned_abs();
    out.push_str(&format!("{:02}", a / 3600));
    if !short {
        if colon {
            out.push(':');
        }
        out.push_str(&format!("{:02}", a / 60 % 60));
    }
    if secs {
        if colon {
            out.push(':');
        }
        out.push_str(&format!("{:02}", a % 60));
    }
}
