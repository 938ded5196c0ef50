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
    parse_decimal_float(s).ok()
}

/// [`parse_float`], with Go's reason when it fails.
fn parse_decimal_float(s: &str) -> Result<f64, NumErr> {
    if s.contains('_') {
        if !underscore_ok(s) {
            return Err(NumErr::Syntax);
        }
        return parse_decimal_float(&s.replace('_', ""));
    }
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    // Decimal syntax only: Rust would also read `inf` and `nan`, which Go spells otherwise.
    if !body.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return Err(NumErr::Syntax);
    }
    let f: f64 = s.parse().map_err(|_| NumErr::Syntax)?;
    if f.is_finite() {
        Ok(f)
    } else {
        Err(NumErr::Range)
    }
}

/// Go's `strconv.ParseFloat(s, 64)` in full, where [`parse_float`] reads decimal text only:
/// also `Inf`/`infinity`/`NaN` (any case; no sign on `NaN`) and hexadecimal mantissas with
/// their required `p` exponent (`0x1.8p1`). `None` for Go's syntax errors and for values out
/// of range (Go's `ErrRange`: `1e400`).
pub(crate) fn parse_float_full(s: &str) -> Option<f64> {
    parse_float_checked(s).ok()
}

/// Go's `strconv.ParseFloat(s, 64)` ([`parse_float_full`]), failing with Go's error text:
/// `strconv.ParseFloat: parsing "1e400": value out of range`.
pub(crate) fn parse_float_go(s: &str) -> Result<f64, String> {
    parse_float_checked(s).map_err(|e| num_error("ParseFloat", s, e))
}

fn parse_float_checked(s: &str) -> Result<f64, NumErr> {
    use NumErr::Syntax;
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let sign = |f: f64| if neg { -f } else { f };
    if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        return Ok(sign(f64::INFINITY));
    }
    if body.eq_ignore_ascii_case("nan") {
        return if body.len() == s.len() {
            Ok(f64::NAN)
        } else {
            Err(Syntax)
        };
    }
    let hex = body.len() > 1
        && body.as_bytes()[0] == b'0'
        && body.as_bytes()[1].eq_ignore_ascii_case(&b'x');
    if !hex {
        return parse_decimal_float(s);
    }
    if s.contains('_') && !underscore_ok(s) {
        return Err(Syntax);
    }
    let text = body[2..].replace('_', "");
    let (mantissa, exp) = text.split_once(['p', 'P']).ok_or(Syntax)?;
    // The exponent's digits, saturating (a huge one is out of range, not a syntax error).
    let (exp_neg, exp_digits) = match exp.as_bytes().first() {
        Some(b'+') => (false, &exp[1..]),
        Some(b'-') => (true, &exp[1..]),
        _ => (false, exp),
    };
    if exp_digits.is_empty() || !exp_digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Syntax);
    }
    let exp_abs = exp_digits.bytes().fold(0i64, |e, d| {
        e.saturating_mul(10)
            .saturating_add(i64::from(d - b'0'))
            .min(1 << 40)
    });
    let exp = if exp_neg { -exp_abs } else { exp_abs };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty() {
        return Err(Syntax);
    }
    // The first 60 significant bits exactly, the rest as a sticky bit for rounding.
    let (mut m, mut shift, mut sticky) = (0u64, 0i64, false);
    for (i, c) in int.chars().chain(frac.chars()).enumerate() {
        let d = u64::from(c.to_digit(16).ok_or(Syntax)?);
        if i >= int.len() {
            shift -= 4;
        }
        if m >> 56 == 0 {
            m = m << 4 | d;
        } else {
            shift += 4;
            sticky |= d != 0;
        }
    }
    let mut exp = exp.saturating_add(shift);
    // Round to 53 bits, halves to even.
    let bits = 64 - i64::from(m.leading_zeros());
    if bits > 53 {
        let drop = (bits - 53) as u32;
        let rest = m & ((1u64 << drop) - 1);
        m >>= drop;
        exp += i64::from(drop);
        let half = 1u64 << (drop - 1);
        if rest > half || (rest == half && (sticky || m & 1 == 1)) {
            m += 1;
        }
    }
    // In two steps, so that a subnormal result is not lost to an underflowing factor.
    let exp = exp.clamp(-2200, 2200) as i32;
    let f = m as f64 * 2f64.powi(exp / 2) * 2f64.powi(exp - exp / 2);
    if f.is_finite() {
        Ok(sign(f))
    } else {
        Err(NumErr::Range)
    }
}

/// Why Go's `strconv` rejected a number: its `ErrSyntax` or `ErrRange`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumErr {
    Syntax,
    Range,
}

/// Go's `strconv.NumError` text: `strconv.ParseInt: parsing "x": invalid syntax`.
fn num_error(func: &str, s: &str, err: NumErr) -> String {
    let why = match err {
        NumErr::Syntax => "invalid syntax",
        NumErr::Range => "value out of range",
    };
    format!("strconv.{func}: parsing {}: {why}", super::quote(s))
}

/// Go's `strconv.ParseBool`: `1`, `t`, `T`, `TRUE`, `true`, `True` and their false
/// counterparts; anything else is Go's error (`strconv.ParseBool: parsing "x": invalid syntax`).
pub fn parse_bool(s: &str) -> Result<bool, String> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => Err(num_error("ParseBool", s, NumErr::Syntax)),
    }
}

/// Go's `strconv.ParseUint(s, 0, 64)` with its error kind, in Go's order: an overflow is
/// reported where it happens, before a bad digit further on is seen.
fn parse_uint_base0(s: &str) -> Result<u64, NumErr> {
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(NumErr::Syntax);
    }
    let (base, digits): (u64, &[u8]) = match b {
        [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'b') => (2, &b[2..]),
        [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'o') => (8, &b[2..]),
        [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'x') => (16, &b[2..]),
        [b'0', ..] => (8, &b[1..]),
        _ => (10, b),
    };
    let cutoff = u64::MAX / base + 1;
    let mut underscores = false;
    let mut n: u64 = 0;
    for &c in digits {
        let d = match c {
            b'_' => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => u64::from(c - b'0'),
            _ if c.is_ascii_alphabetic() => u64::from(c.to_ascii_lowercase() - b'a') + 10,
            _ => return Err(NumErr::Syntax),
        };
        if d >= base {
            return Err(NumErr::Syntax);
        }
        if n >= cutoff {
            return Err(NumErr::Range);
        }
        n = n.checked_mul(base).ok_or(NumErr::Range)?;
        n = n.checked_add(d).ok_or(NumErr::Range)?;
    }
    if underscores && !underscore_ok(s) {
        return Err(NumErr::Syntax);
    }
    Ok(n)
}

/// Go's `strconv.ParseInt(s, 0, 64)`, as pflag reads an `int` flag (`--burst-limit`): a sign,
/// then a decimal, `0x`, `0o`, `0b` or `0` (octal) number, `_` between digits; Go's error
/// text (`strconv.ParseInt: parsing "x": invalid syntax` / `value out of range`).
pub fn parse_int_flag(s: &str) -> Result<i64, String> {
    let fail = |e| num_error("ParseInt", s, e);
    if s.is_empty() {
        return Err(fail(NumErr::Syntax));
    }
    let (neg, body) = match s.as_bytes()[0] {
        b'+' => (false, &s[1..]),
        b'-' => (true, &s[1..]),
        _ => (false, s),
    };
    let un = match parse_uint_base0(body) {
        Ok(n) => n,
        // An overflow of the unsigned value is out of range for the signed one too.
        Err(NumErr::Range) => u64::MAX,
        Err(e) => return Err(fail(e)),
    };
    const CUTOFF: u64 = 1 << 63;
    if (!neg && un >= CUTOFF) || (neg && un > CUTOFF) {
        return Err(fail(NumErr::Range));
    }
    Ok(if neg {
        (un as i64).wrapping_neg()
    } else {
        un as i64
    })
}

/// Go's `strconv.ParseInt(s, 10, 32)` (klog's `-v`): an optional sign and decimal digits,
/// no `_`; Go's error text. An overflow is reported where the digits pass 2^32 - 1, before a
/// bad character further on is seen, as in Go.
pub fn parse_int32_decimal(s: &str) -> Result<i32, String> {
    let fail = |e| num_error("ParseInt", s, e);
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return Err(fail(NumErr::Syntax));
    }
    const MAX_U32: u64 = u32::MAX as u64;
    let mut n: u64 = 0;
    for c in body.bytes() {
        if !c.is_ascii_digit() {
            return Err(fail(NumErr::Syntax));
        }
        n = n * 10 + u64::from(c - b'0');
        if n > MAX_U32 {
            return Err(fail(NumErr::Range));
        }
    }
    const CUTOFF: u64 = 1 << 31;
    if (!neg && n >= CUTOFF) || (neg && n > CUTOFF) {
        return Err(fail(NumErr::Range));
    }
    // In range: |n| <= 2^31 (and 2^31 only when negative).
    Ok(if neg {
        (n as i64).wrapping_neg() as i32
    } else {
        n as i32
    })
}

/// A Go `flag` package `uint64` flag's `Set`: `strconv.ParseUint(s, 0, 64)`, its errors
/// turned into the package's `parse error` and `value out of range`.
pub fn parse_go_flag_uint64(s: &str) -> Result<u64, String> {
    parse_uint_base0(s).map_err(|e| {
        match e {
            NumErr::Syntax => "parse error",
            NumErr::Range => "value out of range",
        }
        .to_owned()
    })
}

/// Go's `strconv.ParseFloat(s, 32)`, as pflag reads a `float32` flag (`--qps`): decimal
/// (`1.5`, `.5`, `5.`, `1e-3`, `1_000.5`) and hexadecimal (`0x1.8p3`, which needs its `p`
/// exponent) numbers with an optional sign, and `inf`, `infinity` (signed) and `nan` in any
/// case. A finite number that rounds past the largest `float32` is Go's range error; one too
/// small to hold becomes 0, as in Go.
pub fn parse_float32_flag(s: &str) -> Result<f32, String> {
    let fail = |e| num_error("ParseFloat", s, e);
    if let Some(f) = special_float(s) {
        return Ok(f);
    }
    let r = read_float(s.as_bytes()).ok_or_else(|| fail(NumErr::Syntax))?;
    if r.len != s.len() {
        return Err(fail(NumErr::Syntax));
    }
    if r.hex {
        return if hex_overflows_f32(r.mantissa, r.exp) {
            Err(fail(NumErr::Range))
        } else {
            // The value itself is not needed beyond the range check: flags that take a
            // float32 have no effect on the output.
            Ok(0.0)
        };
    }
    // Decimal text Go accepted is text Rust reads, once the `_` separators are gone; both
    // round correctly to the nearest float32, so they overflow to infinity alike.
    let clean: String = s.chars().filter(|&c| c != '_').collect();
    let f: f32 = clean.parse().map_err(|_| fail(NumErr::Syntax))?;
    if f.is_infinite() {
        return Err(fail(NumErr::Range));
    }
    Ok(f)
}

/// Go's `special`: `inf`/`infinity` with an optional sign and `nan`, in any case, filling the
/// whole text.
fn special_float(s: &str) -> Option<f32> {
    let (sign, body) = match s.as_bytes().first() {
        Some(b'+') => (1.0, &s[1..]),
        Some(b'-') => (-1.0, &s[1..]),
        _ => {
            if s.eq_ignore_ascii_case("nan") {
                return Some(f32::NAN);
            }
            (1.0, s)
        }
    };
    (body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity"))
        .then_some(sign * f32::INFINITY)
}

/// What Go's `readFloat` gathers from a number's text.
struct ReadFloat {
    /// The leading significant digits (at most 19 decimal or 16 hexadecimal).
    mantissa: u64,
    /// The power of the base (for hexadecimal: of two) the mantissa is multiplied by.
    exp: i64,
    hex: bool,
    /// How many bytes form the number.
    len: usize,
}

/// Go's `readFloat`: `None` where Go's `ok` is false.
fn read_float(s: &[u8]) -> Option<ReadFloat> {
    let mut i = 0;
    let mut underscores = false;
    if i >= s.len() {
        return None;
    }
    if s[i] == b'+' || s[i] == b'-' {
        i += 1;
    }
    let mut base: u64 = 10;
    let mut max_mant_digits = 19;
    let mut exp_char = b'e';
    let mut hex = false;
    if i + 2 < s.len() && s[i] == b'0' && s[i + 1].eq_ignore_ascii_case(&b'x') {
        base = 16;
        max_mant_digits = 16;
        i += 2;
        exp_char = b'p';
        hex = true;
    }
    let (mut sawdot, mut sawdigits) = (false, false);
    let (mut nd, mut nd_mant, mut dp): (i64, i64, i64) = (0, 0, 0);
    let mut mantissa: u64 = 0;
    while i < s.len() {
        let c = s[i];
        match c {
            b'_' => underscores = true,
            b'.' => {
                if sawdot {
                    break;
                }
                sawdot = true;
                dp = nd;
            }
            b'0'..=b'9' => {
                sawdigits = true;
                if c == b'0' && nd == 0 {
                    // Leading zeros move the point, nothing else.
                    dp -= 1;
                } else {
                    nd += 1;
                    if nd_mant < max_mant_digits {
                        mantissa = mantissa * base + u64::from(c - b'0');
                        nd_mant += 1;
                    }
                }
            }
            _ if base == 16 && c.is_ascii_hexdigit() => {
                sawdigits = true;
                nd += 1;
                if nd_mant < max_mant_digits {
                    mantissa = mantissa * 16 + u64::from(c.to_ascii_lowercase() - b'a' + 10);
                    nd_mant += 1;
                }
            }
            _ => break,
        }
        i += 1;
    }
    if !sawdigits {
        return None;
    }
    if !sawdot {
        dp = nd;
    }
    if base == 16 {
        dp *= 4;
        nd_mant *= 4;
    }
    if i < s.len() && s[i].to_ascii_lowercase() == exp_char {
        i += 1;
        if i >= s.len() {
            return None;
        }
        let mut esign = 1;
        if s[i] == b'+' {
            i += 1;
        } else if s[i] == b'-' {
            i += 1;
            esign = -1;
        }
        if i >= s.len() || !s[i].is_ascii_digit() {
            return None;
        }
        let mut e: i64 = 0;
        while i < s.len() && (s[i].is_ascii_digit() || s[i] == b'_') {
            if s[i] == b'_' {
                underscores = true;
            } else if e < 10000 {
                e = e * 10 + i64::from(s[i] - b'0');
            }
            i += 1;
        }
        dp += e * esign;
    } else if base == 16 {
        // A hexadecimal mantissa needs its `p` exponent.
        return None;
    }
    let exp = if mantissa != 0 { dp - nd_mant } else { 0 };
    let text = std::str::from_utf8(&s[..i]).ok()?;
    if underscores && !underscore_ok(text) {
        return None;
    }
    Some(ReadFloat {
        mantissa,
        exp,
        hex,
        len: i,
    })
}

/// Whether `mantissa × 2^exp` rounds (to nearest, ties to even) past the largest `float32`.
fn hex_overflows_f32(mantissa: u64, exp: i64) -> bool {
    if mantissa == 0 {
        return false;
    }
    let lz = mantissa.leading_zeros();
    let m = mantissa << lz;
    // m is in [2^63, 2^64): the value's binary exponent.
    let e = exp - i64::from(lz) + 63;
    match e.cmp(&127) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        // 24 significant bits all ones and the next bit set: rounding carries to 2^128
        // (past half, or a tie whose last kept bit is odd).
        std::cmp::Ordering::Equal => m >> 40 == 0xFF_FFFF && m & (1 << 39) != 0,
    }
}

#[cfg(test)]
mod flag_tests {
    use super::*;

    // Cases of Go's strconv/atof_test.go, each also read by `float64` under helm template
    // (3.17.2, 4.3.1): Sprig's float functions call ParseFloat through spf13/cast.
    #[test]
    fn parse_float_full_reads_go_syntax() {
        let cases: [(&str, Option<f64>); 16] = [
            ("1_23.50_0_0e+1_2", Some(1.235e14)),
            ("0x1p0", Some(1.0)),
            ("0x1p-2", Some(0.25)),
            ("-0x2p3", Some(-16.0)),
            ("0x1.8p+1", Some(3.0)),
            ("0x_1p4", Some(16.0)),
            ("0x1p-1074", Some(5e-324)),
            ("0x1p-1075", Some(0.0)),
            ("0x1.fffffffffffff7ffp0", Some(1.9999999999999998)),
            ("0x1.000000000000081p0", Some(1.0000000000000002)),
            ("0x1.fffffffffffff8p1023", None),
            ("0x10", None),
            ("1__0", None),
            ("_1", None),
            ("+nan", None),
            ("1e400", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_float_full(text), want, "{text}");
        }
        assert_eq!(parse_float_full("-Infinity"), Some(f64::NEG_INFINITY));
        assert!(parse_float_full("NaN").is_some_and(f64::is_nan));
    }

    /// Every error here is what `helm template --burst-limit …`, `--qps …` or a bool flag
    /// printed after `invalid argument "…" for "--…" flag: ` (Helm v3.17.2 and v4.3.1).
    #[test]
    fn flag_numbers_read_as_helms() {
        assert_eq!(parse_int_flag("0x10"), Ok(16));
        assert_eq!(parse_int_flag("010"), Ok(8));
        assert_eq!(parse_int_flag("1_0"), Ok(10));
        assert_eq!(parse_int_flag("-1"), Ok(-1));
        assert_eq!(parse_int_flag("-9223372036854775808"), Ok(i64::MIN));
        let syntax = |s: &str| Err(format!("strconv.ParseInt: parsing \"{s}\": invalid syntax"));
        let range = |s: &str| {
            Err(format!(
                "strconv.ParseInt: parsing \"{s}\": value out of range"
            ))
        };
        assert_eq!(parse_int_flag("x"), syntax("x"));
        assert_eq!(parse_int_flag(""), syntax(""));
        assert_eq!(parse_int_flag("08"), syntax("08"));
        assert_eq!(parse_int_flag("+"), syntax("+"));
        assert_eq!(parse_int_flag("_1"), syntax("_1"));
        assert_eq!(
            parse_int_flag("99999999999999999999"),
            range("99999999999999999999")
        );
        assert_eq!(
            parse_int_flag("9223372036854775808"),
            range("9223372036854775808")
        );
        // Go reports the overflow it meets before the bad digit after it.
        assert_eq!(
            parse_int_flag("99999999999999999999x"),
            range("99999999999999999999x")
        );

        for ok in [
            "1",
            "2.5",
            ".5",
            "5.",
            "1e-50",
            "1_0.5",
            "inf",
            "-Infinity",
            "+inf",
            "NaN",
            "0x1p3",
            "0x1.8p-3",
            "3.4028235e38",
            "0x1.fffffep127",
            "1e-400",
            "0e999999",
        ] {
            assert!(parse_float32_flag(ok).is_ok(), "{ok}");
        }
        let syntax = |s: &str| {
            Err(format!(
                "strconv.ParseFloat: parsing \"{s}\": invalid syntax"
            ))
        };
        let range = |s: &str| {
            Err(format!(
                "strconv.ParseFloat: parsing \"{s}\": value out of range"
            ))
        };
        for bad in [
            "x", "", "0x10", "1e", "1e+", ".", "+nan", "infx", "1__0", "_1", "1.5.", "0x",
        ] {
            assert_eq!(parse_float32_flag(bad), syntax(bad), "{bad}");
        }
        for big in [
            "1e39",
            "-1e39",
            "3.40282357e38",
            "0x1p128",
            "0x1.ffffffp127",
            "1e999999",
        ] {
            assert_eq!(parse_float32_flag(big), range(big), "{big}");
        }

        assert_eq!(parse_bool("T"), Ok(true));
        assert_eq!(parse_bool("False"), Ok(false));
        assert_eq!(
            parse_bool("yes"),
            Err("strconv.ParseBool: parsing \"yes\": invalid syntax".into())
        );
    }
}
