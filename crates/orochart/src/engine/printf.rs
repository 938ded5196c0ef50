//! Go's `fmt.Sprintf`, `fmt.Sprint` and `%q`, for Helm's `printf`, `print` and `quote`.

use crate::go::{format_float, go_string, type_name as go_type};
use crate::value::Value;

/// Go's `strconv.Quote` (`%q`), shared with the values errors.
pub use crate::go::quote as go_quote;

/// Go's `fmt.Sprint`: operands joined with a space where neither side is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            let prev_str = matches!(args[i - 1], Value::String(_));
            let cur_str = matches!(a, Value::String(_));
            if !prev_str && !cur_str {
                out.push(' ');
            }
        }
        out.push_str(&go_string(a));
    }
    out
}

fn bad_verb(verb: char, v: &Value) -> String {
    match v {
        Value::Null => format!("%!{verb}(<nil>)"),
        v => format!("%!{verb}({}={})", go_type(v), go_string(v)),
    }
}

/// Go's `fmt` refuses a width or precision once its digits so far exceed 1e6 (`tooLarge`):
/// `%99999999d` prints `%!(NOVERB)`, so no verb pads past ten million characters.
const MAX_WIDTH: usize = 1_000_000;

fn pad(s: String, width: Option<usize>, left: bool, zero: bool) -> String {
    let Some(w) = width else { return s };
    let n = s.chars().count();
    if n >= w {
        return s;
    }
    let fill = w - n;
    if left {
        format!("{s}{}", " ".repeat(fill))
    } else if zero {
        let (sign, digits) = match s.strip_prefix('-') {
            Some(rest) => ("-", rest.to_owned()),
            None => ("", s.clone()),
        };
        format!("{sign}{}{digits}", "0".repeat(fill))
    } else {
        format!("{}{s}", " ".repeat(fill))
    }
}

/// Go's `fmt.Sprintf` for the verbs charts use: `%s %v %d %q %t %f %g %e %x %X %o %b %c %%`,
/// with flags `-`, `0`, `+`, width and precision. Mismatches print Go's `%!d(float64=1e+06)`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    let mut next = 0usize;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let (mut left, mut zero, mut plus) = (false, false, false);
        while let Some(&f) = chars.peek() {
            match f {
                '-' => left = true,
                '0' => zero = true,
                '+' => plus = true,
                ' ' | '#' => {}
                _ => break,
            }
            chars.next();
        }
        let mut width = None;
        let mut too_large = false;
        while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
            let w = width.unwrap_or(0);
            too_large |= w > MAX_WIDTH;
            width = Some(w.min(MAX_WIDTH + 1) * 10 + d as usize);
            chars.next();
        }
        let mut precision = None;
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = 0usize;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                too_large |= p > MAX_WIDTH;
                p = p.min(MAX_WIDTH + 1) * 10 + d as usize;
                chars.next();
            }
            precision = Some(p);
        }
        if too_large {
            // Go's `parsenum` gives up on the rest of the format ("crazy long number").
            out.push_str("%!(NOVERB)");
            break;
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(next) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        next += 1;
        let s = format_one(verb, arg, precision, plus);
        out.push_str(&pad(s, width, left, zero && !left));
    }
    if next < args.len() {
        out.push_str("%!(EXTRA ");
        let extra: Vec<String> = args[next..]
            .iter()
            .map(|a| match a {
                Value::Null => "<nil>".to_owned(),
                a => format!("{}={}", go_type(a), go_string(a)),
            })
            .collect();
        out.push_str(&extra.join(", "));
        out.push(')');
    }
    out
}

fn format_one(verb: char, arg: &Value, precision: Option<usize>, plus: bool) -> String {
    match verb {
        'v' => go_string(arg),
        's' => match arg {
            Value::String(s) => match precision {
                Some(p) => s.chars().take(p).collect(),
                None => s.clone(),
            },
            Value::List(_) | Value::Map(_) => go_string(arg),
            other => bad_verb('s', other),
        },
        'q' => match arg {
            Value::String(s) => go_quote(s),
            other => bad_verb('q', other),
        },
        't' => match arg {
            Value::Bool(b) => b.to_string(),
            other => bad_verb('t', other),
        },
        'd' => match arg {
            Value::Int(i) if plus && *i >= 0 => format!("+{i}"),
            Value::Int(i) => i.to_string(),
            other => bad_verb('d', other),
        },
        'x' | 'X' | 'o' | 'b' => match arg {
            Value::Int(i) => {
                let s = match verb {
                    'x' => format!("{:x}", i.unsigned_abs()),
                    'X' => format!("{:X}", i.unsigned_abs()),
                    'o' => format!("{:o}", i.unsigned_abs()),
                    _ => format!("{:b}", i.unsigned_abs()),
                };
                if *i < 0 {
                    format!("-{s}")
                } else {
                    s
                }
            }
            Value::String(s) if verb == 'x' || verb == 'X' => {
                let hex: String = s.bytes().map(|b| format!("{b:02x}")).collect();
                if verb == 'X' {
                    hex.to_uppercase()
                } else {
                    hex
                }
            }
            other => bad_verb(verb, other),
        },
        'c' => match arg {
            Value::Int(i) => u32::try_from(*i)
                .ok()
                .and_then(char::from_u32)
                .map_or_else(|| "\u{fffd}".to_owned(), String::from),
            other => bad_verb('c', other),
        },
        'f' | 'F' | 'e' | 'g' => match arg {
            Value::Float(f) => float_verb(verb, *f, precision, plus),
            other => bad_verb(verb, other),
        },
        other => bad_verb(other, arg),
    }
}

fn float_verb(verb: char, f: f64, precision: Option<usize>, plus: bool) -> String {
    let s = match verb {
        'f' | 'F' => format!("{:.*}", precision.unwrap_or(6), f),
        'e' => {
            let s = format!("{:.*e}", precision.unwrap_or(6), f);
            // Rust writes `1.5e3`; Go writes `1.5e+03`.
            match s.split_once('e') {
                Some((m, e)) => {
                    let (sign, digits) = match e.strip_prefix('-') {
                        Some(d) => ('-', d),
                        None => ('+', e),
                    };
                    format!("{m}e{sign}{digits:0>2}")
                }
                None => s,
            }
        }
        _ => format_float(f),
    };
    if plus && f >= 0.0 {
        format!("+{s}")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printf_formats_strings_and_go_values() {
        let args = [Value::from("orofi"), Value::from("0.1.0")];
        assert_eq!(sprintf("%s-%s", &args), "orofi-0.1.0");
        assert_eq!(
            sprintf("%s:%v", &[Value::from("repo"), Value::Float(1e6)]),
            "repo:1e+06"
        );
    }

    #[test]
    fn printf_reports_mismatched_verbs_like_go() {
        assert_eq!(sprintf("%d", &[Value::Float(1e6)]), "%!d(float64=1e+06)");
        assert_eq!(sprintf("%s", &[Value::Float(0.0)]), "%!s(float64=0)");
        assert_eq!(sprintf("%s %s", &[Value::from("a")]), "a %!s(MISSING)");
        assert_eq!(
            sprintf("%s", &[Value::from("a"), Value::Int(1)]),
            "a%!(EXTRA int64=1)"
        );
    }

    #[test]
    fn quote_escapes_like_strconv_quote() {
        assert_eq!(go_quote("a\"b"), r#""a\"b""#);
        assert_eq!(go_quote("tab\there\n"), r#""tab\there\n""#);
        assert_eq!(go_quote("héllo ✓"), "\"héllo ✓\"");
        assert_eq!(go_quote("\u{1}"), r#""\x01""#);
    }

    #[test]
    fn sprint_spaces_only_between_non_strings() {
        assert_eq!(
            sprint(&[
                Value::Int(1),
                Value::Int(2),
                Value::from("a"),
                Value::Int(3)
            ]),
            "1 2a3"
        );
    }
}
