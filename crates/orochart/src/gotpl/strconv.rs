//! Go's `strconv` as the template parser uses it: unquoting string and character constants,
//! and reading number constants with Go's syntax (`0x1F`, `0o17`, `0b101`, `017`, `1_000`,
//! `1e3`, `0x1p-2`).

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
                let b = u8::from_str_radix(&h, 16).ok().filter(|_| h.len() == 2)?;
                out.push(b);
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
                if h.len() != n {
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

/// The value of a `'x'` character constant.
pub fn unquote_char(s: &str) -> Option<char> {
    let inner = s.strip_prefix('\'')?.strip_suffix('\'')?;
    if inner == "\"" {
        return Some('"');
    }
    if inner == "\\'" {
        return Some('\'');
    }
    if inner.starts_with('\\') {
        let u = unquote(&format!("\"{inner}\""))?;
        let mut cs = u.chars();
        let c = cs.next()?;
        return cs.next().is_none().then_some(c);
    }
    let mut cs = inner.chars();
    let c = cs.next()?;
    if c == '\'' {
        return None;
    }
    cs.next().is_none().then_some(c)
}

/// Go's parse `newNumber`: the integer value (if the text is an integer or an integral float),
/// the float value, and whether it only fits `uint64`. `None`: illegal syntax.
pub fn parse_number(text: &str) -> Option<(Option<i64>, Option<f64>, bool)> {
    let uint = crate::go::parse_uint(text, 0);
    let int = crate::go::parse_int(text, 0);
    if let Some(i) = int {
        return Some((Some(i), Some(i as f64), false));
    }
    if let Some(u) = uint {
        return Some((None, Some(u as f64), true));
    }
    let f = parse_float(text)?;
    if !text.contains(['.', 'e', 'E', 'p', 'P']) {
        return None;
    }
    let int = (f.fract() == 0.0 && f.abs() < 9.223_372_036_854_776e18).then_some(f as i64);
    Some((int, Some(f), false))
}

/// Digits with Go's underscore rule: only between digits (or after a base prefix).
fn strip_underscores(s: &str, prefixed: bool) -> Option<String> {
    if !s.contains('_') {
        return Some(s.to_owned());
    }
    let b = s.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'_' {
            let prev_ok = if i == 0 { prefixed } else { b[i - 1] != b'_' };
            let next_ok = b.get(i + 1).is_some_and(|n| *n != b'_');
            if !prev_ok || !next_ok {
                return None;
            }
        }
    }
    Some(s.replace('_', ""))
}

fn parse_float(text: &str) -> Option<f64> {
    let (neg, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let v = if let Some(h) = rest.strip_prefix("0x").or(rest.strip_prefix("0X")) {
        let h = strip_underscores(h, true)?;
        let (mant, exp) = h.split_once(['p', 'P'])?;
        let exp: i32 = exp.parse().ok()?;
        let (ip, fp) = mant.split_once('.').unwrap_or((mant, ""));
        let mut v = 0f64;
        for c in ip.chars() {
            v = v * 16.0 + f64::from(c.to_digit(16)?);
        }
        let mut scale = 1.0 / 16.0;
        for c in fp.chars() {
            v += f64::from(c.to_digit(16)?) * scale;
            scale /= 16.0;
        }
        v * 2f64.powi(exp)
    } else {
        let d = strip_underscores(rest, false)?;
        if d.is_empty()
            || !d
                .bytes()
                .all(|b| b.is_ascii_digit() || b".eE+-".contains(&b))
        {
            return None;
        }
        d.parse::<f64>().ok()?
    };
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_go_reads_them() {
        assert_eq!(parse_number("0x1F"), Some((Some(31), Some(31.0), false)));
        assert_eq!(parse_number("017"), Some((Some(15), Some(15.0), false)));
        assert_eq!(
            parse_number("1_000"),
            Some((Some(1000), Some(1000.0), false))
        );
        assert_eq!(parse_number("1.5"), Some((None, Some(1.5), false)));
        assert_eq!(parse_number("1e3"), Some((Some(1000), Some(1000.0), false)));
        assert_eq!(parse_number("-7"), Some((Some(-7), Some(-7.0), false)));
        assert_eq!(parse_number("0x1p-2"), Some((None, Some(0.25), false)));
        assert_eq!(
            parse_number("18446744073709551615").map(|n| n.2),
            Some(true)
        );
        assert_eq!(parse_number("99999999999999999999"), None);
        assert_eq!(parse_number("1__0"), None);
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
        assert_eq!(unquote_char("'a'"), Some('a'));
        assert_eq!(unquote_char(r"'\n'"), Some('\n'));
    }
}
