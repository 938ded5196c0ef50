//! Go's `fmt` printing of template values: what `{{ . }}` prints (`fmt.Fprint`), `print`,
//! `println` and `printf`'s `%v`.

use super::value::Value;

/// Appends Go's `%v` of `v` (as `fmt.Fprint` prints one operand): `true`, `1e+06` for a
/// float64 million, `[a b]` for a slice, `map[a:1 b:2]` for a map, `<nil>` for nil.
pub fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Nil => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) | Value::Int64(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&crate::go::format_float_g(*f, false)),
        Value::String(s) => out.push_str(s),
        Value::Bytes(b) => {
            out.push('[');
            for (i, byte) in b.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(&byte.to_string());
            }
            out.push(']');
        }
        Value::List(l) => {
            out.push('[');
            for (i, item) in l.items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push_str("map[");
            for (i, (k, item)) in m.entries.borrow().iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(o) => o.format(out),
    }
}

/// Go's `%v` of `v`, as a new string.
pub fn to_string(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v);
    out
}

/// Go's `fmt.Sprint(args...)` (the template builtin `print`): operands printed with `%v`, a
/// space added between two operands when neither is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    let mut prev_string = true;
    for (i, arg) in args.iter().enumerate() {
        let is_string = matches!(arg, Value::String(_));
        if i > 0 && !is_string && !prev_string {
            out.push(' ');
        }
        write_value(&mut out, arg);
        prev_string = is_string;
    }
    out
}

/// Go's `fmt.Sprintln(args...)` (the template builtin `println`): operands printed with `%v`,
/// always space separated, and a newline.
pub fn sprintln(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        write_value(&mut out, arg);
    }
    out.push('\n');
    out
}

/// Go's `fmt.Sprintf(format, args...)` (the template builtin `printf`).
///
/// A first version: `%v`, `%s`, `%d` and `%%`, every other verb as `%v`; flags, widths, `%q`,
/// `%x`, floats' verbs and Go's `%!v(MISSING)`/`%!(EXTRA …)` forms are the function
/// library's to complete.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some(_) => match args.next() {
                Some(arg) => write_value(&mut out, arg),
                None => out.push_str("%!v(MISSING)"),
            },
            None => out.push_str("%!(NOVERB)"),
        }
    }
    out
}
