//! Go's `encoding/base64` with the standard alphabet and padding (`base64.StdEncoding`), as
//! Sprig's `b64enc`/`b64dec`, Helm's certificate functions and Docker's config files use it:
//! the decoder's errors in Go's words (`illegal base64 data at input byte N`).

use base64::engine::{GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;

/// Go's `base64.StdEncoding` decoder: padding required, stray bits in the last character
/// accepted, newlines skipped.
const GO_STD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_allow_trailing_bits(true),
);

/// Standard base64 with padding.
pub(crate) fn b64_encode(data: &[u8]) -> String {
    GO_STD.encode(data)
}

/// Go's `base64.StdEncoding.DecodeString`, its error as the result.
pub(crate) fn b64_decode(text: &str) -> Result<Vec<u8>, String> {
    let clean: String = text.chars().filter(|c| *c != '\r' && *c != '\n').collect();
    GO_STD.decode(&clean).map_err(|e| {
        let at = go_b64_error_at(text.as_bytes()).unwrap_or(match e {
            base64::DecodeError::InvalidByte(i, _)
            | base64::DecodeError::InvalidLastSymbol(i, _) => i,
            base64::DecodeError::InvalidLength(len) => len - len % 4,
            base64::DecodeError::InvalidPadding => {
                clean.find('=').unwrap_or(clean.len() - clean.len() % 4)
            }
        });
        format!("illegal base64 data at input byte {at}")
    })
}

/// Where Go's padded, non-strict base64 decoder (`decodeQuantum`) stops with a
/// `CorruptInputError`, as an offset in the input, newlines included: each quantum of four
/// characters is read in turn, `\r` and `\n` skipped, so the first bad character is the one
/// reported, before a short input. `None` when Go decodes it.
fn go_b64_error_at(src: &[u8]) -> Option<usize> {
    let valid = |c: u8| c.is_ascii_alphanumeric() || c == b'+' || c == b'/';
    let newline = |c: u8| c == b'\n' || c == b'\r';
    let mut si = 0;
    loop {
        let mut j = 0;
        while j < 4 {
            if si == src.len() {
                return match j {
                    0 => None,
                    _ => Some(si - j),
                };
            }
            let c = src[si];
            si += 1;
            if valid(c) {
                j += 1;
                continue;
            }
            if newline(c) {
                continue;
            }
            if c != b'=' || j < 2 {
                return Some(si - 1);
            }
            if j == 2 {
                // A second `=` must follow, newlines aside.
                while si < src.len() && newline(src[si]) {
                    si += 1;
                }
                if si == src.len() {
                    return Some(src.len());
                }
                if src[si] != b'=' {
                    return Some(si - 1);
                }
                si += 1;
            }
            while si < src.len() && newline(src[si]) {
                si += 1;
            }
            // Anything after the padding is trailing garbage.
            return (si < src.len()).then_some(si);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::go_b64_error_at;

    // Go's `TestDecodeCorrupt` (encoding/base64): the offset of each CorruptInputError, -1
    // where the input decodes.
    #[test]
    fn corrupt_input_offsets_are_gos() {
        let cases: &[(&str, i64)] = &[
            ("", -1),
            ("\n", -1),
            ("AAA=\n", -1),
            ("AAAA\n", -1),
            ("!!!!", 0),
            ("====", 0),
            ("x===", 1),
            ("=AAA", 0),
            ("A=AA", 1),
            ("AA=A", 2),
            ("AA==A", 4),
            ("AAA=AAAA", 4),
            ("AAAAA", 4),
            ("AAAAAA", 4),
            ("A=", 1),
            ("A==", 1),
            ("AA=", 3),
            ("AA==", -1),
            ("AAA=", -1),
            ("AAAA", -1),
            ("AAAAAA=", 7),
            ("YWJjZA=====", 8),
            ("A!\n", 1),
            ("A=\n", 1),
        ];
        for (input, want) in cases {
            let got = go_b64_error_at(input.as_bytes()).map_or(-1, |i| i as i64);
            assert_eq!(got, *want, "{input:?}");
        }
    }
}
