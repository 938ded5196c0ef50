//! Go's formatting, as Helm's output and messages show values: `%v` ([`go_string`]), floats
//! and integers ([`format_float`]), `%q` ([`quote`]), `encoding/json` ([`to_json`]),
//! `strconv`'s number parsing, the dynamic type names and the I/O error words of Go's
//! messages. Each is written once here; the template engines, the values loader and the YAML
//! emitter call these.
//!
//! `printf`, `print` and `println` are [`crate::gotpl::fmt`], over the Go engine's value type
//! (its objects, `[]byte` and `json.Number` print there); the minijinja dialect and its fast
//! path convert their values to it and call the same code.

pub(crate) mod base64;
mod csv;
mod float;
pub(crate) mod gzip;
mod json;
pub(crate) mod json_decode;
pub(crate) mod json_syntax;
mod netip;
pub(crate) mod path;
mod printable;
mod quote;
pub(crate) mod regexp;
mod regexp_classes;
mod regexp_names;
mod strconv;
pub(crate) mod time;
pub(crate) mod unicode;
pub(crate) mod url;
mod verb;
mod words;

pub use csv::read_record as read_csv_record;
pub use float::{format_float, format_json_float};
#[cfg(test)]
pub(crate) use float::{format_float_digits, format_json_float_digits, push_float};
pub(crate) use float::{format_float_g, format_g, small_integer, IntText};
pub use json::{to_json, to_pretty_json, to_raw_json};
pub(crate) use json::{write_json_bytes, write_json_string};
pub(crate) use json_decode::decode as json_decode;
pub(crate) use json_syntax::syntax_error as json_syntax_error;
pub use netip::is_ip_addr;
pub(crate) use quote::{is_newer_than_unicode_15, is_print, quote_bytes, quote_runes};
pub use quote::{quote, quote_ascii, quote_rune, UnicodeVersion};
pub(crate) use quote::{set_unicode, unicode_version};
pub use regexp_names::UnicodeClassNames;
pub use strconv::{
    parse_bool, parse_float32_flag, parse_go_flag_uint64, parse_int32_decimal, parse_int_flag,
};
pub(crate) use strconv::{parse_float, parse_float_full, parse_float_go, parse_int, parse_uint};
pub use time::{check_rfc3339, parse_duration};
pub use verb::go_string;
pub(crate) use verb::{asserted_type_name, write_go_string};
pub(crate) use words::{io_words, read_file_error};

/// Whether `x` falls in one of `ranges` (sorted, inclusive, not overlapping).
pub(crate) fn in_ranges<T: Ord + Copy>(ranges: &[(T, T)], x: T) -> bool {
    ranges
        .binary_search_by(|&(low, high)| {
            if high < x {
                std::cmp::Ordering::Less
            } else if low > x {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The runes of a Go string's bytes, as Go's `range` and `utf8.DecodeRune` read them: a
/// character, or `Err(byte)` for each byte that does not begin a valid UTF-8 sequence (Go
/// decodes it as U+FFFD, one byte wide).
pub(crate) fn runes(b: &[u8]) -> impl Iterator<Item = Result<char, u8>> + '_ {
    b.utf8_chunks().flat_map(|chunk| {
        chunk
            .valid()
            .chars()
            .map(Ok)
            .chain(chunk.invalid().iter().map(|&b| Err(b)))
    })
}

/// A Go string's bytes as text, a U+FFFD for each invalid byte (what a Go function that works
/// rune by rune makes of it, `strings.ToUpper` say).
pub(crate) fn go_lossy(b: &[u8]) -> String {
    runes(b)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// A Go string's bytes as a Rust string: the text itself when they are UTF-8 (no copy), else
/// their [`go_lossy`] text and the bytes, kept.
pub(crate) fn text_or_bytes(b: Vec<u8>) -> (String, Option<Vec<u8>>) {
    match String::from_utf8(b) {
        Ok(text) => (text, None),
        Err(e) => (go_lossy(e.as_bytes()), Some(e.into_bytes())),
    }
}

#[cfg(test)]
mod tests;
