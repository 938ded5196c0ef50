//! Sprig's encodings and digests: `b64enc`/`b64dec`, `b32enc`/`b32dec` (a decoding error is
//! returned as the text, as Sprig does), `sha1sum`, `sha256sum`, `sha512sum` (lower-case hex)
//! and `adler32sum` (decimal).

use sha2::Digest;

use crate::gotpl::func::Ctx;
use crate::gotpl::value::Value;

use super::conv::{s, sb, string, FResult};

pub(crate) use crate::go::base64::{b64_decode, b64_encode};

/// Lower-case hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// Sprig's `sha256sum`: the SHA-256 of a string's bytes in lower-case hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&sha2::Sha256::digest(bytes))
}

pub fn b64enc(_: &mut Ctx, a: &[Value]) -> FResult {
    string(b64_encode(sb(a, 0)))
}

pub fn b64dec(_: &mut Ctx, a: &[Value]) -> FResult {
    match b64_decode(s(a, 0)) {
        Ok(b) => Ok(Value::from_go_bytes(&b)),
        Err(e) => string(e),
    }
}

const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Go's `base32.StdEncoding.EncodeToString` (padded).
pub(crate) fn b32_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(5) * 8);
    for chunk in data.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let n = u64::from_be_bytes([0, 0, 0, buf[0], buf[1], buf[2], buf[3], buf[4]]);
        let chars = match chunk.len() {
            1 => 2,
            2 => 4,
            3 => 5,
            4 => 7,
            _ => 8,
        };
        for i in 0..8 {
            if i < chars {
                out.push(char::from(B32[((n >> (35 - 5 * i)) & 31) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Go's `base32.StdEncoding.DecodeString`.
pub(crate) fn b32_decode(text: &str) -> Result<Vec<u8>, String> {
    let clean: Vec<u8> = text
        .bytes()
        .filter(|b| *b != b'\r' && *b != b'\n')
        .collect();
    let err = |at: usize| format!("illegal base32 data at input byte {at}");
    let mut out = Vec::new();
    for (q, quantum) in clean.chunks(8).enumerate() {
        let base = q * 8;
        let mut n: u64 = 0;
        let mut chars = 0;
        for (j, &c) in quantum.iter().enumerate() {
            if c == b'=' {
                // The rest of the quantum must be padding, and it must be the last one.
                if quantum[j..].iter().any(|&p| p != b'=')
                    || base + 8 != clean.len()
                    || !matches!(j, 2 | 4 | 5 | 7)
                {
                    return Err(err(base + j));
                }
                break;
            }
            let Some(v) = B32.iter().position(|&x| x == c) else {
                return Err(err(base + j));
            };
            n |= (v as u64) << (35 - 5 * j);
            chars += 1;
        }
        if quantum.len() < 8 {
            // An unpadded final quantum: Go reports its start.
            return Err(err(base));
        }
        let bytes = match chars {
            2 => 1,
            4 => 2,
            5 => 3,
            7 => 4,
            _ => 5,
        };
        out.extend_from_slice(&n.to_be_bytes()[3..3 + bytes]);
    }
    Ok(out)
}

pub fn b32enc(_: &mut Ctx, a: &[Value]) -> FResult {
    string(b32_encode(sb(a, 0)))
}

pub fn b32dec(_: &mut Ctx, a: &[Value]) -> FResult {
    match b32_decode(s(a, 0)) {
        Ok(b) => Ok(Value::from_go_bytes(&b)),
        Err(e) => string(e),
    }
}

pub fn sha1sum(_: &mut Ctx, a: &[Value]) -> FResult {
    string(hex(&sha1::Sha1::digest(sb(a, 0))))
}

pub fn sha256sum(_: &mut Ctx, a: &[Value]) -> FResult {
    string(sha256_hex(sb(a, 0)))
}

pub fn sha512sum(_: &mut Ctx, a: &[Value]) -> FResult {
    string(hex(&sha2::Sha512::digest(sb(a, 0))))
}

/// Adler-32 (RFC 1950), printed in decimal.
pub fn adler32sum(_: &mut Ctx, a: &[Value]) -> FResult {
    let (mut x, mut y) = (1u32, 0u32);
    for &b in sb(a, 0) {
        x = (x + u32::from(b)) % 65521;
        y = (y + x) % 65521;
    }
    string(((y << 16) | x).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(f: fn(&mut Ctx, &[Value]) -> FResult, arg: &str) -> String {
        match f(&mut Ctx::new(), &[Value::str(arg)]) {
            Ok(Value::String(s)) => s.to_string(),
            other => format!("{other:?}"),
        }
    }

    // Expected text from `helm template` (v3.17.2) and Sprig's tests.
    #[test]
    fn encodings_match_helm() {
        assert_eq!(call(b64enc, "hello"), "aGVsbG8=");
        assert_eq!(call(b64dec, "aGVsbG8="), "hello");
        assert_eq!(call(b64dec, "!!"), "illegal base64 data at input byte 0");
        assert_eq!(
            call(b64dec, "aGVsbG8"),
            "illegal base64 data at input byte 4"
        );
        assert_eq!(call(b32enc, "hello"), "NBSWY3DP");
        assert_eq!(call(b32enc, "a"), "ME======");
        assert_eq!(call(b32dec, "ME======"), "a");
        assert_eq!(call(b32dec, "NBSWY3DP"), "hello");
        assert_eq!(call(b32dec, "!!"), "illegal base32 data at input byte 0");
        assert_eq!(call(b32dec, "ME"), "illegal base32 data at input byte 0");
        assert_eq!(
            call(b32dec, "MZXW6YQ"),
            "illegal base32 data at input byte 0"
        );
    }

    #[test]
    fn digests_match_helm() {
        assert_eq!(call(adler32sum, "hello"), "103547413");
        assert_eq!(
            call(sha1sum, "hello"),
            "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"
        );
        assert_eq!(
            call(sha256sum, "abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(call(sha512sum, "abc").starts_with("ddaf35a193617aba"));
    }
}
