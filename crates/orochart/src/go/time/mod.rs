//! Go's `time` package, as far as Helm's output and messages show it: `time.ParseDuration`,
//! `time.Parse` and `Time.Format` with Go's layouts (`2006-01-02T15:04:05Z07:00`), the
//! calendar they count in, and the `quote` their errors use (not `strconv.Quote`: every byte
//! of a non-ASCII or control character is written `\xNN`). Written once here: the Go
//! template engine's `time.Time` (Sprig's date functions, TOML datetimes) and the chart
//! loader's check of a `time.Time` field both call it.

mod civil;
mod duration;
mod format;
mod layout;
mod parse;

pub(crate) use civil::{civil_from_days, days_from_civil, days_in_month, DAYS, MONTHS};
pub use duration::parse_duration;
pub(crate) use format::format;
pub use parse::check_rfc3339;
pub(crate) use parse::{parse_in, ParsedZone};

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
