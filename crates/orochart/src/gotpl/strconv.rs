//! Go's `strconv` as the template parser uses it: unquoting string and character constants,
//! and reading number constants with Go's syntax (`0x1F`, `0o17`, `0b101`, `017`, `1_000`,
//! `1e3`, `0x1p-2`, and the complex `2.5i` and `1+2i`).

/// Go's `strconv.Unquote` of a `"…"` or `` `…` `` literal; `None` when it is malformed. A
/// value whose `\x` or octal escapes make bytes that are not UTF-8 has a U+FFFD a bad byte
/// ([`unquote_bytes`] keeps them).
pub fn unquote(s: &str) -> Option<String> {
    unquote_bytes(s).map(|b| crate::go::text_or_bytes(b).0)
}

/// [`unquote`], as the bytes Go's string holds.
pub fn unquote_bytes(s: &str) -> Option<Vec<u8>> {
    if let Some(raw) = s.strip_prefix('`') {
        let raw = raw.strip_suffix('`')?;
        // Go drops carriage returns from raw strings.
        return Some(raw.replace('\r', "").into_bytes());
    }
    let inner = s.strip_prefix('"')?.strip_suffix('"')?;
    if !inner.bytes().any(|b| matches!(b, b'\\' | b'"' | b'\n')) {
        // Nothing to unescape (most strings of a template).
        return Some(inner.as_bytes().to_vec());
    }
    let mut out: Vec<u8> = Vec::with_capacity(inner.len());
    let mut chars = inner.chars();
    let push = |out: &mut Vec<u8>, c: char| {
        out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            if c == '"' || c == '\n' {
                return None;
            }
            push(&mut out, c);
            continue;
        }
        let e = chars.next()?;
        match e {
            'a' => out.push(0x07),
            'b' => out.push(0x08),
            'f' => out.push(0x0c),
            'n' => out.push(b'\n'),
            'r' => out.push(b'\r'),
            't' => out.push(b'\t'),
            'v' => out.push(0x0b),
            '\\' => out.push(b'\\'),
            '"' => out.push(b'"'),
            'x' => {
                let h: String = (0..2).filter_map(|_| chars.next()).collect();
                if h.len() != 2 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                out.push(u8::from_str_radix(&h, 16).ok()?);
            }
            '0'..='7' => {
                let mut o = String::from(e);
                for _ in 0..2 {
                    o.push(chars.next()?);
                }
                let v = u32::from_str_radix(&o, 8).ok().filter(|v| *v <= 255)?;
                out.push(v as u8);
            }
            'u' | 'U' => {
                let n = if e == 'u' { 4 } else { 8 };
                let h: String = (0..n).filter_map(|_| chars.next()).collect();
                if h.len() != n || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                let v = u32::from_str_radix(&h, 16).ok()?;
                push(&mut out, char::from_u32(v)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Why a character constant is refused: Go's `strconv.UnquoteChar` failed (`'\x'`, `''`,
/// `'\"'`), or more than one character stands between the quotes (`'ab'`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharError {
    /// `strconv.ErrSyntax`: `invalid syntax`.
    Syntax,
    /// `malformed character constant: 'ab'`.
    Malformed,
}

/// The value of a `'x'` character constant, as Go's parser reads it: `strconv.UnquoteChar`
/// of what follows the opening quote, then nothing but the closing quote.
pub fn unquote_char(s: &str) -> Result<char, CharError> {
    let body = s.strip_prefix('\'').ok_or(CharError::Syntax)?;
    let mut chars = body.chars();
    let c = chars.next().ok_or(CharError::Syntax)?;
    let hex = |chars: &mut std::str::Chars<'_>, n: usize| -> Result<u32, CharError> {
        let mut v = 0;
        for _ in 0..n {
            let d = chars.next().and_then(|c| c.to_digit(16));
            v = v * 16 + d.ok_or(CharError::Syntax)?;
        }
        Ok(v)
    };
    let value = match c {
        '\'' => return Err(CharError::Syntax),
        '\\' => match chars.next().ok_or(CharError::Syntax)? {
            'a' => '\u{7}',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'v' => '\u{b}',
            '\\' => '\\',
            '\'' => '\'',
            'x' => char::from_u32(hex(&mut chars, 2)?).ok_or(CharError::Syntax)?,
            'u' => char::from_u32(hex(&mut chars, 4)?).ok_or(CharError::Syntax)?,
            'U' => char::from_u32(hex(&mut chars, 8)?).ok_or(CharError::Syntax)?,
            d @ '0'..='7' => {
                let mut v = d.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    let d = chars.next().and_then(|c| c.to_digit(8));
                    v = v * 8 + d.ok_or(CharError::Syntax)?;
                }
                if v > 255 {
                    return Err(CharError::Syntax);
                }
                char::from_u32(v).ok_or(CharError::Syntax)?
            }
            _ => return Err(CharError::Syntax),
        },
        other => other,
    };
    if chars.as_str() != "\'" {
        return Err(CharError::Malformed);
    }
    Ok(value)
}

/// Why Go's parser refuses a number constant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberError {
    /// `illegal number syntax: "1e999"` (out of range floats too).
    IllegalSyntax,
    /// `integer overflow: "99999999999999999999"`: a float's digits with no `.`, exponent or
    /// `p`, too large for any integer type.
    IntegerOverflow,
}

/// Go's parse `newNumber`: the integer value (if the text is an integer or an integral float),
/// the float value, and whether it only fits `uint64`.
pub fn parse_number(text: &str) -> Result<(Option<i64>, Option<f64>, bool), NumberError> {
    let uint = crate::go::parse_uint(text, 0);
    let int = crate::go::parse_int(text, 0);
    if let Some(i) = int {
        return Ok((Some(i), Some(i as f64), false));
    }
    if let Some(u) = uint {
        return Ok((None, Some(u as f64), true));
    }
    let f = crate::go::parse_float_full(text).ok_or(NumberError::IllegalSyntax)?;
    if !text.contains(['.', 'e', 'E', 'p', 'P']) {
        return Err(NumberError::IntegerOverflow);
    }
    let int = (f.fract() == 0.0 && f.abs() < 9.223_372_036_854_776e18).then_some(f as i64);
    Ok((int, Some(f), false))
}

/// The imaginary part of an imaginary constant (`2.5i`, `0x1p2i`): Go's parser reads what
/// comes before the `i` with `strconv.ParseFloat`. `None` when the text does not end in `i`
/// or that fails; Go then reads the text as a plain number, which fails too.
pub fn parse_imaginary(text: &str) -> Option<f64> {
    crate::go::parse_float_full(text.strip_suffix('i')?)
}

/// Go's `fmt` scan error for a malformed complex number.
const ERR_COMPLEX: &str = "syntax error scanning complex number";

/// The real and imaginary parts of a complex constant written as two numbers (`1+2i`, the
/// lexer's complex token), as Go's parser reads it: with `fmt.Sscan` into a `complex128`.
/// That scans a real number, a sign, a number and `i` (`syntax error scanning complex
/// number` when one is missing: `1i+2i`, `0b1+1i`), then converts each number with
/// `strconv.ParseFloat` (`invalid syntax` for `0x1+1i`, whose hexadecimal mantissa lacks its
/// exponent; `value out of range` for `1e400+1i`). The error is Go's text.
pub fn parse_complex(text: &str) -> Result<(f64, f64), String> {
    let mut scan = Scan {
        b: text.as_bytes(),
        pos: 0,
        buf: String::new(),
    };
    // `fmt`'s `complexTokens` (the lexer never gives a parenthesis).
    let real = scan.float_token();
    scan.buf.clear();
    if !scan.accept("+-") {
        return Err(ERR_COMPLEX.into());
    }
    let sign = std::mem::take(&mut scan.buf);
    let imag = sign + &scan.float_token();
    if !scan.accept("i") {
        return Err(ERR_COMPLEX.into());
    }
    // `fmt`'s `convertFloat`: `strconv.ParseFloat`, real part first. (It reads a decimal
    // number with a binary exponent, `1p2`, itself; the lexer lets none through.)
    let re = crate::go::parse_float_go(&real)?;
    let im = crate::go::parse_float_go(&imag)?;
    Ok((re, im))
}

/// `fmt`'s scanner over a complex constant's text: each accepted byte goes to `buf`.
struct Scan<'a> {
    b: &'a [u8],
    pos: usize,
    buf: String,
}

impl Scan<'_> {
    /// Takes the next byte when it is one of `ok`.
    fn accept(&mut self, ok: &str) -> bool {
        match self.b.get(self.pos) {
            Some(&c) if ok.as_bytes().contains(&c) => {
                self.buf.push(char::from(c));
                self.pos += 1;
                true
            }
            _ => false,
        }
    }

    /// `fmt`'s `floatToken`: `NaN`, or a sign then `Inf` or digits (hexadecimal after `0x`),
    /// a fraction and an exponent, `_` among the digits. What it took, even when that is no
    /// number (`i` of `1+i`).
    fn float_token(&mut self) -> String {
        self.buf.clear();
        if self.accept("nN") && self.accept("aA") && self.accept("nN") {
            return std::mem::take(&mut self.buf);
        }
        self.accept("+-");
        if self.accept("iI") && self.accept("nN") && self.accept("fF") {
            return std::mem::take(&mut self.buf);
        }
        let (mut digits, mut exp) = ("0123456789_", "eEpP");
        if self.accept("0") && self.accept("xX") {
            digits = "0123456789aAbBcCdDeEfF_";
            exp = "pP";
        }
        while self.accept(digits) {}
        if self.accept(".") {
            while self.accept(digits) {}
        }
        if self.accept(exp) {
            self.accept("+-");
            while self.accept("0123456789_") {}
        }
        std::mem::take(&mut self.buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Each refusal also checked with helm template (3.17.2, 4.3.1): Helm's parse error ends in
    // the quoted text (`"1e999"`), `invalid syntax`, or `malformed character constant: 'ab'`.
    #[test]
    fn numbers_read_as_go_reads_them() {
        assert_eq!(parse_number("0x1F"), Ok((Some(31), Some(31.0), false)));
        assert_eq!(parse_number("017"), Ok((Some(15), Some(15.0), false)));
        assert_eq!(parse_number("1_000"), Ok((Some(1000), Some(1000.0), false)));
        assert_eq!(parse_number("1.5"), Ok((None, Some(1.5), false)));
        assert_eq!(parse_number("1e3"), Ok((Some(1000), Some(1000.0), false)));
        assert_eq!(parse_number("-7"), Ok((Some(-7), Some(-7.0), false)));
        assert_eq!(parse_number("0x1p-2"), Ok((None, Some(0.25), false)));
        assert_eq!(parse_number("18446744073709551615").map(|n| n.2), Ok(true));
        assert_eq!(
            parse_number("99999999999999999999"),
            Err(NumberError::IntegerOverflow)
        );
        assert_eq!(parse_number("1__0"), Err(NumberError::IllegalSyntax));
        assert_eq!(parse_number("1e999"), Err(NumberError::IllegalSyntax));
    }

    /// `fmt.Sscan` of a complex token, as Go's parser reads `1+2i`; errors are Go's text.
    #[test]
    fn complex_constants_read_as_go_reads_them() {
        assert_eq!(parse_complex("1+2i"), Ok((1.0, 2.0)));
        assert_eq!(parse_complex("-1.5e3-0x1p2i"), Ok((-1500.0, -4.0)));
        assert_eq!(parse_complex(".5+.5i"), Ok((0.5, 0.5)));
        assert_eq!(parse_complex("0x_1p1+1_0i"), Ok((2.0, 10.0)));
        assert_eq!(parse_complex("1+i"), Err(ERR_COMPLEX.into()));
        assert_eq!(parse_complex("0b1+1i"), Err(ERR_COMPLEX.into()));
        assert_eq!(
            parse_complex("1+.i"),
            Err(r#"strconv.ParseFloat: parsing "+.": invalid syntax"#.into())
        );
        assert_eq!(parse_imaginary("2.5i"), Some(2.5));
        assert_eq!(parse_imaginary("0x1p2i"), Some(4.0));
        assert_eq!(parse_imaginary("010i"), Some(10.0));
        assert_eq!(parse_imaginary("0x10i"), None);
        assert_eq!(parse_imaginary("1e400i"), None);
        assert_eq!(parse_imaginary("12"), None);
    }

    #[test]
    fn strings_unquote_as_go_does() {
        assert_eq!(unquote(r#""a\tb\x41\u00e9""#).as_deref(), Some("a\tbAé"));
        assert_eq!(unquote("`a\\n`").as_deref(), Some("a\\n"));
        assert_eq!(unquote(r#""\q""#), None);
        // `\x` bytes keep their place before the escapes that follow them.
        assert_eq!(
            unquote(r#""\x41\"\x42\n\x43\u0044""#).as_deref(),
            Some("A\"B\nCD")
        );
        assert_eq!(unquote(r##""\xff\"""##).as_deref(), Some("\u{fffd}\""));
        // The bytes Go's string holds; as text, a U+FFFD a bad byte (as Go reads runes).
        assert_eq!(
            unquote_bytes(r#""\xff\xe2\x82\101""#),
            Some(vec![0xff, 0xe2, 0x82, b'A'])
        );
        assert_eq!(
            unquote(r#""\xe2\x82""#).as_deref(),
            Some("\u{fffd}\u{fffd}")
        );
        assert_eq!(unquote_char("'a'"), Ok('a'));
        assert_eq!(unquote_char(r"'\n'"), Ok('\n'));
        assert_eq!(unquote_char(r"'\''"), Ok('\''));
        assert_eq!(unquote_char(r"'\xff'"), Ok('\u{ff}'));
        assert_eq!(unquote_char(r"'\x'"), Err(CharError::Syntax));
        assert_eq!(unquote_char(r#"'\"'"#), Err(CharError::Syntax));
        assert_eq!(unquote_char("''"), Err(CharError::Syntax));
        assert_eq!(unquote_char("'ab'"), Err(CharError::Malformed));
        assert_eq!(unquote(r#""\x+1""#), None);
    }
}
