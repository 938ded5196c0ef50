//! Go's formatting of what Helm prints in messages and `printf`: `%q` strings and rune slices,
//! `strconv.FormatFloat(f, 'g', -1, bits)`, the dynamic type names of a type-assertion panic,
//! and the text of an `os.ReadFile` error.

use crate::error::Error;
use crate::value::Value;

/// Go's `strconv.Quote` (what `%q` prints for a string).
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        push_escaped(&mut out, c, '"');
    }
    out.push('"');
    out
}

/// What `%q` prints for a `[]rune`: each rune quoted as by `strconv.QuoteRune`, space separated,
/// in brackets (`['x' 'y']`).
pub(crate) fn quote_runes(runes: &[char]) -> String {
    let items: Vec<String> = runes
        .iter()
        .map(|&c| {
            let mut s = String::from('\'');
            push_escaped(&mut s, c, '\'');
            s.push('\'');
            s
        })
        .collect();
    format!("[{}]", items.join(" "))
}

fn push_escaped(out: &mut String, c: char, quote: char) {
    if c == quote || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if is_print(c) {
        out.push(c);
        return;
    }
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        c if (c as u32) < 0x20 || c as u32 == 0x7f => {
            out.push_str(&format!("\\x{:02x}", c as u32));
        }
        c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
        c => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
}

/// Go's `strconv.IsPrint`, approximated without Unicode category tables: controls, spaces other
/// than U+0020, format characters and private-use characters are not printable. (Go also treats
/// unassigned code points as not printable; we print them.)
pub(crate) fn is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    !matches!(c as u32,
        0xAD
        | 0x600..=0x605
        | 0x61C
        | 0x6DD
        | 0x70F
        | 0x890..=0x891
        | 0x8E2
        | 0x180E
        | 0x200B..=0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x2064
        | 0x2066..=0x206F
        | 0xE000..=0xF8FF
        | 0xFEFF
        | 0xFFF9..=0xFFFB
        | 0xFFFE..=0xFFFF
        | 0x110BD
        | 0x110CD
        | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A
        | 0xE0001
        | 0xE0020..=0xE007F
        | 0xF0000..=0x10FFFF)
}

/// Go's `strconv.FormatFloat(f, 'g', -1, bits)` with `bits` 32 or 64: the shortest digits that
/// round-trip at that precision, in exponent form when the decimal exponent is < -4 or >= 6
/// (`1e+06`, `123456`, `1e-05`, `0.0001`).
pub(crate) fn format_float_g(f: f64, bits32: bool) -> String {
    if !bits32 {
        return crate::yaml::format_float(f);
    }
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    // Rust's `{:e}` prints the shortest round-trip digits, like Go's shortest mode.
    let sci = format!("{:e}", f as f32);
    let (neg, sci) = match sci.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, sci.as_str()),
    };
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let nd = digits.len() as i32;
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    // Go: eprec = 6 in shortest mode; %e when exp < -4 || exp >= eprec.
    if !(-4..6).contains(&exp) {
        out.push_str(&digits[..1]);
        if nd > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if exp < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", exp.unsigned_abs()));
    } else {
        let dp = exp + 1; // position of the decimal point in `digits`
        if dp <= 0 {
            out.push_str("0.");
            out.push_str(&"0".repeat((-dp) as usize));
            out.push_str(&digits);
        } else if dp >= nd {
            out.push_str(&digits);
            out.push_str(&"0".repeat((dp - nd) as usize));
        } else {
            out.push_str(&digits[..dp as usize]);
            out.push('.');
            out.push_str(&digits[dp as usize..]);
        }
    }
    out
}

/// The Go dynamic type of a value as Helm holds it, as a type-assertion panic names it
/// (`interface conversion: interface {} is int64, not map[string]interface {}`).
pub(crate) fn go_type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "nil",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int64",
        Value::Float(_) => "float64",
        Value::String(_) => "string",
        Value::List(_) => "[]interface {}",
        Value::Map(_) => "map[string]interface {}",
    }
}

/// The message Go's `os.ReadFile` gives for a failed read (`open a.txt: no such file or
/// directory`), from our error. Other errors print as they are.
pub(crate) fn go_read_error(err: &Error) -> String {
    match err {
        Error::Io { path, source } => {
            let what = match source.kind() {
                std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
                std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                std::io::ErrorKind::IsADirectory => {
                    return format!("read {}: is a directory", path.display());
                }
                std::io::ErrorKind::InvalidData => {
                    return format!("`{}` is not UTF-8 text ({source})", path.display());
                }
                _ => source.to_string(),
            };
            format!("open {}: {what}", path.display())
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_escapes_like_go() {
        assert_eq!(quote("a"), r#""a""#);
        assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(quote("é\t\u{1}\u{a0}"), r#""é\t\x01\u00a0""#);
        assert_eq!(quote_runes(&['x']), "['x']");
        assert_eq!(quote_runes(&['x', '\'', '"']), r#"['x' '\'' '"']"#);
    }

    // Expected strings from Helm: keys `1e6:`, `123456.0:`, `1234567.0:`, `0.00001:`, `-0.0:`,
    // `1.0:`, `0.0001:`, `16777217.0:`, `1e-7:`, `3.14159265358979:` became these keys.
    #[test]
    fn float32_g_format_matches_helm_float_keys() {
        let cases = [
            (1e6, "1e+06"),
            (123456.0, "123456"),
            (1234567.0, "1.234567e+06"),
            (0.00001, "1e-05"),
            (-0.0, "-0"),
            (1.0, "1"),
            (0.0001, "0.0001"),
            (16777217.0, "1.6777216e+07"),
            (1e-7, "1e-07"),
            (1.5, "1.5"),
        ];
        for (f, want) in cases {
            assert_eq!(format_float_g(f, true), want, "{f}");
        }
    }

    #[test]
    fn float64_g_format() {
        assert_eq!(format_float_g(1.5, false), "1.5");
        assert_eq!(format_float_g(1e21, false), "1e+21");
        assert_eq!(format_float_g(100000.0, false), "100000");
        assert_eq!(format_float_g(f64::INFINITY, false), "+Inf");
    }
}
