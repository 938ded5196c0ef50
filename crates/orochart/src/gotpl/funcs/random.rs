//! Randomness as Helm has it: `randAlphaNum`, `randAlpha`, `randNumeric`, `randAscii`,
//! `randBytes`, `randInt`, `shuffle`, `uuidv4` give different results on every render. The
//! source is a hash-based generator (SHA-256 in counter mode) seeded from the operating
//! system's random device, which is what a CSPRNG needs and all these functions ask of one.

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::gotpl::func::{Ctx, FuncError};
use crate::gotpl::value::Value;

use super::conv::{int, s, string, string_too_long, FResult, MAX_STRING_LEN};

/// A cryptographically strong generator: SHA-256 over a 32-byte secret seed and a counter.
/// One made by [`Rng::from_os`] reads its seed from the system on its first use: most renders
/// call no random function and pay for no seed.
pub struct Rng {
    seed: [u8; 32],
    /// Whether `seed` is set: false until a [`Rng::from_os`] generator is first used.
    seeded: bool,
    counter: u64,
    buf: [u8; 32],
    used: usize,
}

impl std::fmt::Debug for Rng {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Rng")
    }
}

impl Rng {
    /// Seeded from `/dev/urandom`, mixed with the clock and the process id (alone only where
    /// the device cannot be read), when first used.
    pub fn from_os() -> Rng {
        Rng {
            seeded: false,
            ..Rng::from_seed([0; 32])
        }
    }

    fn os_seed() -> [u8; 32] {
        let mut h = Sha256::new();
        let mut dev = [0u8; 32];
        if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
            use std::io::Read as _;
            let _ = f.read_exact(&mut dev);
        }
        h.update(dev);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        h.update(now.to_le_bytes());
        h.update(std::process::id().to_le_bytes());
        // The address of a stack value differs between processes and threads.
        let marker = 0u8;
        h.update((&marker as *const u8 as usize).to_le_bytes());
        h.finalize().into()
    }

    /// A generator with a known seed (tests).
    pub fn from_seed(seed: [u8; 32]) -> Rng {
        Rng {
            seed,
            seeded: true,
            counter: 0,
            buf: [0; 32],
            used: 32,
        }
    }

    /// Fills `out` with random bytes.
    pub fn fill(&mut self, out: &mut [u8]) {
        if !self.seeded && !out.is_empty() {
            self.seed = Rng::os_seed();
            self.seeded = true;
        }
        for b in out {
            if self.used == self.buf.len() {
                let mut h = Sha256::new();
                h.update(self.seed);
                h.update(self.counter.to_le_bytes());
                self.counter = self.counter.wrapping_add(1);
                self.buf = h.finalize().into();
                self.used = 0;
            }
            *b = self.buf[self.used];
            self.used += 1;
        }
    }

    /// A random `u64`.
    pub fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill(&mut b);
        u64::from_le_bytes(b)
    }

    /// A uniform integer in `0..n` (`n > 0`), without modulo bias.
    pub fn below(&mut self, n: u64) -> u64 {
        if n <= 1 {
            return 0;
        }
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let x = self.next_u64();
            if x < zone {
                return x % n;
            }
        }
    }
}

/// A random string of `count` characters drawn uniformly from `set` (goutils'
/// `CryptoRandom`; a negative count is its error, which Sprig turns into "").
fn random_from(ctx: &mut Ctx, count: i64, set: &[u8]) -> FResult {
    if count <= 0 {
        return string("");
    }
    if count as u64 > MAX_STRING_LEN as u64 {
        return Err(string_too_long(count));
    }
    let out: String = (0..count)
        .map(|_| char::from(set[ctx.rng.below(set.len() as u64) as usize]))
        .collect();
    string(out)
}

const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// `randAlphaNum N`: N random letters and digits.
pub fn rand_alpha_num(ctx: &mut Ctx, a: &[Value]) -> FResult {
    random_from(ctx, int(a, 0), ALNUM)
}

/// `randAlpha N`: N random letters.
pub fn rand_alpha(ctx: &mut Ctx, a: &[Value]) -> FResult {
    random_from(ctx, int(a, 0), &ALNUM[10..])
}

/// `randNumeric N`: N random digits.
pub fn rand_numeric(ctx: &mut Ctx, a: &[Value]) -> FResult {
    random_from(ctx, int(a, 0), &ALNUM[..10])
}

/// `randAscii N`: N random printable ASCII characters.
pub fn rand_ascii(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let printable: Vec<u8> = (32u8..127).collect();
    random_from(ctx, int(a, 0), &printable)
}

/// `randBytes N`: N random bytes in standard base64 (a negative N is Go's `makeslice` panic).
pub fn rand_bytes(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let n = int(a, 0);
    if n < 0 {
        return Err(FuncError(
            "runtime error: makeslice: len out of range".into(),
        ));
    }
    if n as u64 > MAX_STRING_LEN as u64 {
        return Err(string_too_long(n));
    }
    let mut buf = vec![0u8; n as usize];
    ctx.rng.fill(&mut buf);
    string(base64::engine::general_purpose::STANDARD.encode(buf))
}

/// `randInt MIN MAX`: uniform in `[MIN, MAX)`; Go's `rand.Intn` panics when MAX <= MIN.
pub fn rand_int(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let (min, max) = (int(a, 0), int(a, 1));
    let span = max.wrapping_sub(min);
    if span <= 0 {
        return Err(FuncError("invalid argument to Intn".into()));
    }
    Ok(Value::Int(min + ctx.rng.below(span as u64) as i64))
}

/// xstrings' `Shuffle`: the characters in random order (Fisher–Yates).
pub fn shuffle(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let mut chars: Vec<char> = s(a, 0).chars().collect();
    for i in (1..chars.len()).rev() {
        let j = ctx.rng.below(i as u64 + 1) as usize;
        chars.swap(i, j);
    }
    string(chars.into_iter().collect::<String>())
}

/// A random (version 4, RFC 4122 variant) UUID in Go's `uuid.String` form.
pub fn uuidv4(ctx: &mut Ctx, _: &[Value]) -> FResult {
    let mut b = [0u8; 16];
    ctx.rng.fill(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    string(format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    ))
}

/// `getHostByName`: `helm template` does not resolve names (its DNS lookups are off unless
/// `--enable-dns`), so the result is "". With `--enable-dns`, Sprig returns one of the
/// name's addresses at random (`net.LookupHost`, then `rand.Intn`): an IP address is its own
/// only address, no address at all is Go's `rand.Intn(0)` panic. orochart resolves no names
/// (their addresses come from the machine's hosts file and DNS, in no fixed order): a name is
/// an error that says so.
pub fn get_host_by_name(ctx: &mut Ctx, a: &[Value]) -> FResult {
    if !ctx.remote.dns {
        return string("");
    }
    let name = s(a, 0);
    if name.is_empty() {
        return Err(FuncError("invalid argument to Intn".into()));
    }
    if crate::go::is_ip_addr(name) {
        return string(name.to_owned());
    }
    Err(FuncError(format!(
        "orochart resolves no host names, and with --enable-dns Helm looks `{name}` up in the hosts file and DNS and returns one of its addresses at random: give an IP address, or leave --enable-dns out"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(r: FResult) -> String {
        match r {
            Ok(Value::String(s)) => s.to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn random_strings_have_the_length_and_alphabet_asked_for() {
        let mut ctx = Ctx::new();
        let s = text(rand_alpha_num(&mut ctx, &[Value::Int(64)]));
        assert_eq!(s.len(), 64);
        assert!(s.bytes().all(|b| b.is_ascii_alphanumeric()));
        let n = text(rand_numeric(&mut ctx, &[Value::Int(20)]));
        assert!(n.bytes().all(|b| b.is_ascii_digit()) && n.len() == 20);
        let l = text(rand_alpha(&mut ctx, &[Value::Int(20)]));
        assert!(l.bytes().all(|b| b.is_ascii_alphabetic()));
        assert_eq!(text(rand_alpha(&mut ctx, &[Value::Int(-1)])), "");
        // Two draws differ (the chance they match is 62^-64).
        assert_ne!(s, text(rand_alpha_num(&mut ctx, &[Value::Int(64)])));
    }

    #[test]
    fn every_alphanumeric_character_can_appear() {
        let mut ctx = Ctx::new();
        let s = text(rand_alpha_num(&mut ctx, &[Value::Int(20_000)]));
        for c in ALNUM {
            assert!(s.as_bytes().contains(c), "{}", char::from(*c));
        }
    }

    /// A system-seeded generator takes its seed on first use: never the placeholder, and
    /// never another generator's.
    #[test]
    fn system_seeded_generators_differ_from_each_other_and_from_a_zero_seed() {
        let bytes = |mut r: Rng| {
            let mut b = [0u8; 32];
            r.fill(&mut b);
            b
        };
        let a = bytes(Rng::from_os());
        assert_ne!(a, bytes(Rng::from_os()));
        assert_ne!(a, bytes(Rng::from_seed([0; 32])));
    }

    #[test]
    fn uuidv4_is_version_4() {
        let u = text(uuidv4(&mut Ctx::new(), &[]));
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert!("89ab".contains(&u[19..20]));
        assert_eq!(u.matches('-').count(), 4);
    }

    #[test]
    fn rand_int_is_in_range_and_panics_on_empty_range() {
        let mut ctx = Ctx::new();
        for _ in 0..100 {
            let Ok(Value::Int(i)) = rand_int(&mut ctx, &[Value::Int(3), Value::Int(5)]) else {
                panic!("randInt failed");
            };
            assert!((3..5).contains(&i));
        }
        assert!(rand_int(&mut ctx, &[Value::Int(5), Value::Int(5)]).is_err());
    }

    #[test]
    fn shuffle_keeps_the_characters() {
        let mut out: Vec<char> = text(shuffle(&mut Ctx::new(), &[Value::str("abcdef")]))
            .chars()
            .collect();
        out.sort();
        assert_eq!(out.into_iter().collect::<String>(), "abcdef");
    }
}
