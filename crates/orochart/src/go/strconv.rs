//! Go's `strconv.ParseInt`, `ParseUint` and `ParseFloat` (decimal text), with Go's rules for
//! bases, signs and `_` digit separators.

/// Go's `strconv.ParseUint(s, base, 64)`; base 0 picks the base from a `0x`/`0o`/`0b`/`0`
/// prefix and allows `_` separators.
pub(crate) fn parse_uint(s: &str, base: u32) -> Option<u64> {
    let b = s.as_bytes();
    if b.is_empty() {
        return None;
    }
    let base0 = base == 0;
    let mut base = base;
    let mut digits = b;
    if base0 {
        base = 10;
        if b[0] == b'0' {
            let second = b.get(1).map(u8::to_ascii_lowercase);
            match second {
                Some(b'b') if b.len() >= 3 => (base, digits) = (2, &b[2..]),
                Some(b'o') if b.len() >= 3 => (base, digits) = (8, &b[2..]),
                Some(b'x') if b.len() >= 3 => (base, digits) = (16, &b[2..]),
                _ => (base, digits) = (8, &b[1..]),
            }
        }
    }
    let mut underscores = false;
    let mut n: u64 = 0;
    for &c in digits {
        let d = match c {
            b'_' if base0 => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => u32::from(c - b'0'),
            _ if c.is_ascii_alphabetic() => u32::from(c.to_ascii_lowercase() - b'a') + 10,
            _ => return None,
        };
        if d >= base {
            return None;
        }
        n = n.checked_mul(u64::from(base))?.checked_add(u64::from(d))?;
    }
    if underscores && !underscore_ok(s) {
        return None;
    }
    Some(n)
}

/// Go's `strconv.ParseInt(s, base, 64)`: an optional sign, then [`parse_uint`].
pub(crate) fn parse_int(s: &str, base: u32) -> Option<i64> {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let un = parse_uint(rest, base)?;
    const CUTOFF: u64 = 1 << 63;
    if !neg && un >= CUTOFF {
        return None;
    }
    if neg && un > CUTOFF {
        return None;
    }
    if neg {
        Some((un as i64).wrapping_neg())
    } else {
        Some(un as i64)
    }
}

/// Go's `underscoreOK`: underscores only between digits (or after a base prefix).
fn underscore_ok(s: &str) -> bool {
    let mut b = s.as_bytes();
    if let Some(b'+' | b'-') = b.first() {
        b = &b[1..];
    }
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1].eq_ignore_ascii_case(&b'x');
    }
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
        i += 1;
    }
    saw != b'_'
}

/// Go's `strconv.ParseFloat(s, 64)` for decimal text (`1.5`, `-.5e3`, `1_000.5`), the only kind
/// go-yaml hands it (a plain scalar starting with `.`, or one matching `yamlStyleFloat`).
/// Out of range (`1e400`) is an error, as in Go; `_` must sit between digits.
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    if s.contains('_') {
        if !underscore_ok(s) {
            return None;
        }
        return parse_float(&s.replace('_', ""));
    }
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    // Decimal syntax only: Rust would also read `inf` and `nan`, which Go spells otherwise.
    if !body.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let f: f64 = s.parse().ok()?;
    f.is_finite().then_some(f)
}
