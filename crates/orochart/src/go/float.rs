//! Go's number text: `strconv.FormatFloat` with the shortest round-trip digits (`%v` of a
//! float64 and of a float32, `encoding/json`'s float format) and `strconv.FormatInt`.
use std::fmt::Write as _;

/// The shortest decimal digits that round-trip a finite float: the value is
/// `0.d₁d₂…dₙ × 10^dp` (Go's `decimalSlice`). Zero has no digits and `dp` 0.
struct Digits {
    neg: bool,
    digits: Vec<u8>,
    dp: i32,
}

fn shortest_digits(f: f64) -> Digits {
    let neg = f.is_sign_negative();
    let abs = f.abs();
    // Rust's `{:e}` prints the shortest digits that round-trip (like Go's `-1` precision),
    // as `d.ddde±x`, but breaks an exact tie between two shortest candidates upwards, where
    // Go's Ryū rounds the exact value half to even (716517672049912.25 → `…912.2`). Rust's
    // fixed-precision formatting rounds the exact value half to even, so redo the rounding
    // at the shortest length and keep it when it still round-trips.
    let shortest = format!("{abs:e}");
    let (mut digits, mut exp) = split_exp(&shortest);
    if digits.len() > 1 {
        let even = format!("{abs:.*e}", digits.len() - 1);
        if even.parse::<f64>().ok() == Some(abs) {
            (digits, exp) = split_exp(&even);
        }
    }
    Digits::new(neg, digits, exp)
}

impl Digits {
    /// The digits and exponent of `d.ddd × 10^exp`, trailing zeros dropped (zero: none).
    fn new(neg: bool, mut digits: Vec<u8>, exp: i32) -> Digits {
        if digits.iter().all(|d| *d == b'0') {
            return Digits {
                neg,
                digits: Vec::new(),
                dp: 0,
            };
        }
        while digits.len() > 1 && digits.last() == Some(&b'0') {
            digits.pop();
        }
        Digits {
            neg,
            digits,
            dp: exp + 1,
        }
    }
}

/// Splits Rust's `d.ddde±x` into its digits and its exponent.
fn split_exp(text: &str) -> (Vec<u8>, i32) {
    let (mantissa, exp) = text.split_once('e').unwrap_or((text, "0"));
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    (digits, exp.parse().unwrap_or(0))
}

/// Go's `fmtE` with the shortest precision: `d.ddde±xx`.
fn fmt_e(d: &Digits) -> String {
    let mut out = String::new();
    if d.neg {
        out.push('-');
    }
    out.push(d.digits.first().map_or('0', |c| char::from(*c)));
    if d.digits.len() > 1 {
        out.push('.');
        out.extend(d.digits[1..].iter().map(|c| char::from(*c)));
    }
    out.push('e');
    let mut exp = if d.digits.is_empty() { 0 } else { d.dp - 1 };
    if exp < 0 {
        out.push('-');
        exp = -exp;
    } else {
        out.push('+');
    }
    if exp < 10 {
        out.push('0');
    }
    let _ = write!(out, "{exp}");
    out
}

/// Go's `%g` layout: exponent form when the decimal exponent is below -4 or at least `eprec`.
fn fmt_g(d: &Digits, eprec: i32) -> String {
    if (-4..eprec).contains(&(d.dp - 1)) {
        fmt_f(d)
    } else {
        fmt_e(d)
    }
}

/// Go's `%g` layout (see [`format_float_g`]) of the digits Rust's `{:e}` printed for a
/// magnitude (`sci`, `d.ddde±x`): for formatters whose digits come from elsewhere (a fixed
/// precision, a float32).
pub(crate) fn format_g(neg: bool, sci: &str, eprec: i32) -> String {
    let (digits, exp) = split_exp(sci);
    fmt_g(&Digits::new(neg, digits, exp), eprec)
}

/// Go's `fmtF` with the shortest precision: all digits in positional form.
fn fmt_f(d: &Digits) -> String {
    let mut out = String::new();
    if d.neg {
        out.push('-');
    }
    let nd = d.digits.len() as i32;
    if d.dp > 0 {
        let m = nd.min(d.dp);
        out.extend(d.digits[..m as usize].iter().map(|c| char::from(*c)));
        for _ in m..d.dp {
            out.push('0');
        }
    } else {
        out.push('0');
    }
    let prec = (nd - d.dp).max(0);
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            let j = d.dp + i - 1;
            let ch = if (0..nd).contains(&j) {
                char::from(d.digits[j as usize])
            } else {
                '0'
            };
            out.push(ch);
        }
    }
    out
}

/// `f` as an integer when it is one, not zero (whose sign Go prints), and below `limit` in
/// magnitude, where every format here writes its plain digits (`limit` at most 1e15, so that
/// the integer is exact).
pub(crate) fn small_integer(f: f64, limit: f64) -> Option<i64> {
    (f != 0.0 && f.abs() < limit && f.fract() == 0.0).then_some(f as i64)
}

/// Formats a float64 as Go's `%v` (= `strconv.FormatFloat(f, 'g', -1, 64)`) does:
/// shortest round-trip digits, exponent form exactly when the decimal exponent is below -4 or
/// at least 6 (`1e+06`, `999999`, `1e-05`, `0.0001`), `-0` for negative zero, and
/// `NaN`, `+Inf`, `-Inf`.
pub fn format_float(f: f64) -> String {
    let mut out = String::new();
    push_float(&mut out, f);
    out
}

/// Appends [`format_float`]`(f)` to `out` (integral values without an intermediate string).
pub(crate) fn push_float(out: &mut String, f: f64) {
    match small_integer(f, 1e6) {
        Some(i) => out.push_str(IntText::new(i).as_str()),
        None => out.push_str(&format_float_digits(f)),
    }
}

/// An integer's decimal text, on the stack.
pub(crate) struct IntText {
    buf: [u8; 20],
    start: usize,
}

impl IntText {
    pub(crate) fn new(i: i64) -> IntText {
        let mut buf = [0; 20];
        let mut start = buf.len();
        let mut n = i.unsigned_abs();
        loop {
            start -= 1;
            buf[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if i < 0 {
            start -= 1;
            buf[start] = b'-';
        }
        IntText { buf, start }
    }

    pub(crate) fn as_str(&self) -> &str {
        // ASCII digits and a sign: always UTF-8.
        std::str::from_utf8(&self.buf[self.start..]).unwrap_or_default()
    }
}

/// [`format_float`] by the shortest digits, whatever the value.
pub(crate) fn format_float_digits(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    fmt_g(&shortest_digits(f), 6)
}

/// Formats a float64 as Go's `encoding/json` does: positional form, except exponent form
/// below 1e-6 or from 1e21 with a one-digit negative exponent kept short (`1e-7`, `1e+21`).
/// `None` for NaN and infinities, which `json.Marshal` rejects.
pub fn format_json_float(f: f64) -> Option<String> {
    match small_integer(f, 1e15) {
        Some(i) => Some(i.to_string()),
        None => format_json_float_digits(f),
    }
}

/// [`format_json_float`] by the shortest digits, whatever the value.
pub(crate) fn format_json_float_digits(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    let abs = f.abs();
    let d = shortest_digits(f);
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        let mut s = fmt_e(&d);
        // encoding/json cleans `e-07` up to `e-7` (but leaves `e+21`).
        let b = s.as_bytes();
        let n = b.len();
        if n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
            s.remove(n - 2);
        }
        Some(s)
    } else {
        Some(fmt_f(&d))
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, bits)` with `bits` 32 or 64: the shortest digits that
/// round-trip at that precision, in exponent form when the decimal exponent is < -4 or >= 6
/// (`1e+06`, `123456`, `1e-05`, `0.0001`).
pub(crate) fn format_float_g(f: f64, bits32: bool) -> String {
    if !bits32 {
        return format_float(f);
    }
    // Rounded to float32 first: 1e39 is finite as a float64 and `+Inf` as a float32.
    let f32_value = f as f32;
    if f32_value.is_nan() {
        return "NaN".into();
    }
    if f32_value.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    // Rust's `{:e}` prints the shortest round-trip digits, like Go's shortest mode; Go's
    // eprec is 6 in shortest mode.
    format_g(
        f32_value.is_sign_negative(),
        &format!("{:e}", f32_value.abs()),
        6,
    )
}
