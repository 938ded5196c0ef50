//! Go's `fmt` printing of template values: what `{{ . }}` prints (`fmt.Fprint`), `print`,
//! `println` and `printf` with Go's verbs, flags, widths and precisions, and Go's in-band
//! errors (`%!d(string=x)`, `%!v(MISSING)`, `%!(EXTRA int=1)`).

use super::value::{Shape, Value};

/// Appends Go's `%v` of `v` (as `fmt.Fprint` prints one operand): `true`, `1e+06` for a
/// float64 million, `[a b]` for a slice, `map[a:1 b:2]` for a map, `<nil>` for nil.
pub fn write_value(out: &mut String, v: &Value) {
    write_value_as(out, v, None);
}

/// [`write_value`]; with `raw`, a string's invalid bytes are marked ([`RawMarks`]).
fn write_value_as(out: &mut String, v: &Value, raw: Option<RawMarks>) {
    // `%v` of a string with no flags is the string itself.
    if let Value::String(s) = v {
        out.push_str(s);
        return;
    }
    if let Value::RawString(b) = v {
        out.push_str(&RawMarks::text(raw, b));
        return;
    }
    let f = Flags {
        raw,
        ..Flags::default()
    };
    print_value(out, v, 'v', &f, 0);
}

/// Go's `fmt` writes a string's bytes as they are, valid UTF-8 or not, and counts each
/// invalid byte as one rune (a width, a precision). orochart formats into text: where the
/// result may hold such bytes (the template builtins `print`, `printf`, `println`), each
/// invalid byte is written as a private-use character standing for it, one character as it
/// is one rune to Go, and the bytes are made again from the text at the end
/// ([`RawMarks::value`]). The characters are a block of 128 (bytes 0x80 to 0xFF; no byte
/// below is ever invalid) in Unicode's Supplementary Private Use Area-B that no text given
/// holds, so none can be mistaken for a byte.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawMarks {
    /// The character standing for the byte 0x80.
    first: u32,
}

impl RawMarks {
    /// The area's blocks of 128 characters: U+100000 to U+10FFFF.
    const BLOCKS: std::ops::Range<u32> = (0x100000 >> 7)..(0x110000 >> 7);

    fn is_mark(self, c: char) -> bool {
        u32::from(c) >> 7 == self.first >> 7
    }

    /// A string's text: its invalid bytes marked with `marks`, else U+FFFD each.
    fn text(marks: Option<RawMarks>, b: &[u8]) -> std::borrow::Cow<'_, str> {
        if let Ok(text) = std::str::from_utf8(b) {
            return text.into();
        }
        let Some(marks) = marks else {
            return crate::go::go_lossy(b).into();
        };
        crate::go::runes(b)
            .map(|r| match r {
                Ok(c) => c,
                Err(byte) => {
                    char::from_u32(marks.first + u32::from(byte) - 0x80).unwrap_or('\u{FFFD}')
                }
            })
            .collect::<String>()
            .into()
    }

    /// The marks to format `format` and `args` with: `None` when no argument holds invalid
    /// bytes (a string, a `[]byte`, in a list or map too), or every block is in use. Only
    /// then are the texts read for the blocks they use: most calls print no such bytes.
    pub(crate) fn for_args(format: &str, args: &[Value]) -> Option<RawMarks> {
        let mut raw = false;
        for v in args {
            raw |= Self::holds_raw(v, 0)?;
        }
        if !raw {
            return None;
        }
        fn note(used: &mut Vec<u32>, s: &str) {
            used.extend(
                s.chars()
                    .map(u32::from)
                    .filter(|c| *c >= 0x100000)
                    .map(|c| c >> 7),
            );
        }
        // What `holds_raw` walked, all within its depth.
        fn walk(v: &Value, used: &mut Vec<u32>) {
            match v {
                Value::String(s) => note(used, s),
                Value::List(l) => l.items.iter().for_each(|v| walk(v, used)),
                Value::Map(m) => {
                    for (k, v) in m.entries.borrow().iter() {
                        note(used, k);
                        walk(v, used);
                    }
                }
                _ => {}
            }
        }
        let mut used: Vec<u32> = Vec::new();
        note(&mut used, format);
        args.iter().for_each(|v| walk(v, &mut used));
        let block = Self::BLOCKS.rev().find(|b| !used.contains(b))?;
        Some(RawMarks { first: block << 7 })
    }

    /// Whether `v` holds a string or `[]byte` that is not UTF-8, in lists and maps too;
    /// `None` past 64 levels from `depth` (a dict may hold itself): then no marks, and the
    /// bytes print as U+FFFD.
    fn holds_raw(v: &Value, depth: usize) -> Option<bool> {
        const DEPTH: usize = 64;
        // Every item is looked at: one too deep anywhere means no marks.
        let any = |items: &mut dyn Iterator<Item = &Value>| {
            let mut found = false;
            for v in items {
                found |= Self::holds_raw(v, depth + 1)?;
            }
            Some(found)
        };
        match v {
            _ if depth > DEPTH => None,
            Value::RawString(_) => Some(true),
            Value::Bytes(b) => Some(std::str::from_utf8(b).is_err()),
            Value::List(l) => any(&mut l.items.iter()),
            Value::Map(m) => any(&mut m.entries.borrow().values()),
            _ => Some(false),
        }
    }

    /// `v` with the invalid bytes of its strings marked, in lists and maps too (a new list
    /// or map where one changed): what a function that keeps bytes
    /// ([`Func::keeps_bytes`](super::func::Func)) works on.
    pub(crate) fn mark(self, v: &mut Value) {
        match v {
            Value::RawString(b) => *v = Value::from(RawMarks::text(Some(self), b).into_owned()),
            Value::List(l) if l.items.iter().any(|v| Self::holds_raw(v, 1) == Some(true)) => {
                let mut items: Vec<Value> = l.items.to_vec();
                items.iter_mut().for_each(|item| self.mark(item));
                *v = Value::List(super::value::List {
                    items: items.into(),
                    elem: l.elem,
                });
            }
            _ => {}
        }
    }

    /// A function's result with its marks made bytes again, in lists and string maps too.
    pub(crate) fn unmark(self, v: Value) -> Value {
        match v {
            Value::String(s) if s.chars().any(|c| self.is_mark(c)) => {
                Self::value(Some(self), s.to_string())
            }
            Value::List(l) if l.items.iter().any(|i| self.holds_marks(i)) => {
                let items: Vec<Value> = l.items.iter().map(|i| self.unmark(i.clone())).collect();
                Value::List(super::value::List {
                    items: items.into(),
                    elem: l.elem,
                })
            }
            Value::Map(m) if m.entries.borrow().values().any(|i| self.holds_marks(i)) => {
                // A map the function made (`split`'s): its values made again in place.
                let entries: Vec<(String, Value)> = m
                    .entries
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), self.unmark(v.clone())))
                    .collect();
                for (k, v) in entries {
                    m.insert(k, v);
                }
                Value::Map(m)
            }
            v => v,
        }
    }

    fn holds_marks(self, v: &Value) -> bool {
        match v {
            Value::String(s) => s.chars().any(|c| self.is_mark(c)),
            Value::List(l) => l.items.iter().any(|i| self.holds_marks(i)),
            _ => false,
        }
    }

    /// The string Go's formatting made: the marks made bytes again.
    fn value(marks: Option<RawMarks>, out: String) -> Value {
        let Some(marks) = marks.filter(|m| out.chars().any(|c| m.is_mark(c))) else {
            return Value::from(out);
        };
        let mut bytes = Vec::with_capacity(out.len());
        let mut buf = [0u8; 4];
        for c in out.chars() {
            if marks.is_mark(c) {
                bytes.push((u32::from(c) - marks.first + 0x80) as u8);
            } else {
                bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
        Value::from_go_bytes(&bytes)
    }
}

/// Go's `fmt.Sprint` as the template builtin `print` returns it: Go's bytes, which may not be
/// UTF-8 ([`Value::RawString`]).
pub(crate) fn sprint_value(args: &[Value]) -> Value {
    let marks = RawMarks::for_args("", args);
    RawMarks::value(marks, sprint_as(args, marks))
}

/// Go's `fmt.Sprintln` as the template builtin `println` returns it ([`sprint_value`]).
pub(crate) fn sprintln_value(args: &[Value]) -> Value {
    let marks = RawMarks::for_args("", args);
    RawMarks::value(marks, sprintln_as(args, marks))
}

/// Go's `fmt.Sprintf` as the template builtin `printf` returns it ([`sprint_value`]);
/// `values_type` is how the profile's Helm names `chartutil.Values` (for `%T` and `%#v`).
pub(crate) fn sprintf_value(format: &str, args: &[Value], values_type: &'static str) -> Value {
    let marks = RawMarks::for_args(format, args);
    RawMarks::value(marks, sprintf_as(format, args, marks, Some(values_type)))
}

/// [`sprintf_value`] with the format as the template gave it: a Go string of any bytes (a
/// literal `"%s\xff"`), whose invalid bytes are kept as an argument's are.
pub(crate) fn sprintf_value_of(format: &Value, args: &[Value], values_type: &'static str) -> Value {
    let Value::RawString(bytes) = format else {
        return sprintf_value(format.as_str().unwrap_or(""), args, values_type);
    };
    let all: Vec<Value> = std::iter::once(format.clone())
        .chain(args.iter().cloned())
        .collect();
    let marks = RawMarks::for_args(&crate::go::go_lossy(bytes), &all);
    let text = RawMarks::text(marks, bytes);
    RawMarks::value(marks, sprintf_as(&text, args, marks, Some(values_type)))
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
    sprint_as(args, None)
}

fn sprint_as(args: &[Value], raw: Option<RawMarks>) -> String {
    let mut out = String::new();
    let mut prev_string = true;
    for (i, arg) in args.iter().enumerate() {
        let is_string = arg.kind() == "string";
        if i > 0 && !is_string && !prev_string {
            out.push(' ');
        }
        write_value_as(&mut out, arg, raw);
        prev_string = is_string;
    }
    out
}

/// Go's `fmt.Sprintln(args...)` (the template builtin `println`): operands printed with `%v`,
/// always space separated, and a newline.
pub fn sprintln(args: &[Value]) -> String {
    sprintln_as(args, None)
}

fn sprintln_as(args: &[Value], raw: Option<RawMarks>) -> String {
    let mut out = String::new();
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        write_value_as(&mut out, arg, raw);
    }
    out.push('\n');
    out
}

/// The flags, width and precision of one verb.
#[derive(Clone, Debug, Default)]
struct Flags {
    plus: bool,
    minus: bool,
    sharp: bool,
    /// `#` with `%v` (Go's `sharpV`): Go syntax. `sharp` is then off, as in Go, so a value
    /// printed with `%v` inside `%!verb(…)` keeps a plain `#` (`%!d(float64=1.50000)`).
    sharp_v: bool,
    /// `+` with `%v` (Go's `plusV`): struct fields with their names. `plus` is then off.
    plus_v: bool,
    /// How the profile's Helm names `chartutil.Values` (Helm 4: `common.Values`), for `%T`
    /// and `%#v`; `None`: Helm 3's name.
    values_type: Option<&'static str>,
    space: bool,
    zero: bool,
    width: Option<usize>,
    prec: Option<usize>,
    /// Invalid bytes of a string printed as text are marked ([`RawMarks`]), not U+FFFD.
    raw: Option<RawMarks>,
}

/// Go's `%T` of a value, as `reflect.Type.String` names it (`chartutil.Values` as the
/// profile's Helm names it, Helm 3's name when the caller gave none).
fn type_name(v: &Value, f: &Flags) -> String {
    v.type_name(f.values_type.unwrap_or("chartutil.Values"))
}

/// Pads `s` to the width: spaces on the left (or right with `-`), or zeros after the sign
/// with `0` (Go pads strings with zeros too).
fn pad(out: &mut String, s: &str, f: &Flags) {
    // Without a width (the usual case) the characters need no counting.
    let n = match f.width {
        Some(w) if w > 0 => s.chars().count(),
        _ => usize::MAX,
    };
    let Some(w) = f.width.filter(|&w| w > n) else {
        out.push_str(s);
        return;
    };
    let fill = w - n;
    if f.minus {
        out.push_str(s);
        out.extend(std::iter::repeat_n(' ', fill));
    } else if f.zero {
        out.extend(std::iter::repeat_n('0', fill));
        out.push_str(s);
    } else {
        out.extend(std::iter::repeat_n(' ', fill));
        out.push_str(s);
    }
}

/// Pads a number: zero padding goes after the sign.
fn pad_number(out: &mut String, s: &str, f: &Flags) {
    if f.zero && !f.minus && f.width.is_some_and(|w| w > s.len()) {
        let (sign, digits) = match s.as_bytes().first() {
            Some(b'-' | b'+' | b' ') => s.split_at(1),
            _ => ("", s),
        };
        out.push_str(sign);
        let fill = f.width.unwrap_or(0) - s.len();
        out.extend(std::iter::repeat_n('0', fill));
        out.push_str(digits);
        return;
    }
    let plain = Flags {
        zero: false,
        ..f.clone()
    };
    pad(out, s, &plain);
}

/// `%!verb(type=value)`.
fn bad_verb(out: &mut String, verb: char, v: &Value, f: &Flags) {
    out.push_str("%!");
    out.push(verb);
    out.push('(');
    if v.is_nil() {
        out.push_str("<nil>");
    } else {
        out.push_str(&type_name(v, f));
        out.push('=');
        // Go prints the operand without its methods here: a named integer as its number
        // (with the verb's width: `%!f(uint64=    1)`).
        match v {
            Value::Object(o) if o.go_int().is_some() => {
                fmt_integer(out, v, object_integer(&**o), 'v', f);
            }
            _ => print_value(out, v, 'v', f, 0),
        }
    }
    out.push(')');
}

/// The number an object of an integer kind holds ([`super::value::Object::go_int`]), a
/// `uint64` past the largest `int64` (which `go_int` clamps) included.
fn object_integer(o: &dyn super::value::Object) -> i128 {
    match o
        .as_any()
        .and_then(|a| a.downcast_ref::<super::value::Uint64>())
    {
        Some(n) => i128::from(n.0),
        None => i128::from(o.go_int().unwrap_or_default()),
    }
}

/// Prints the integer `i` (the value `v`: an `int`, an `int64`, a byte, a `uint64`) with
/// `verb`.
fn fmt_integer(out: &mut String, v: &Value, i: impl Into<i128>, verb: char, f: &Flags) {
    let i: i128 = i.into();
    let neg = i < 0;
    let u = i.unsigned_abs();
    let mut digits = match verb {
        'd' | 'v' => u.to_string(),
        'b' => format!("{u:b}"),
        'o' | 'O' => format!("{u:o}"),
        'x' => format!("{u:x}"),
        'X' => format!("{u:X}"),
        'c' => {
            let c = u32::try_from(i)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}');
            return pad(out, &c.to_string(), f);
        }
        'q' => {
            let c = u32::try_from(i)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}');
            return pad(out, &crate::go::quote_rune(c, f.plus), f);
        }
        'U' => {
            let mut s = format!("U+{:04X}", i as u64);
            if f.sharp {
                if let Some(c) = u32::try_from(i).ok().and_then(char::from_u32) {
                    s.push_str(&format!(" '{c}'"));
                }
            }
            return pad(out, &s, f);
        }
        _ => return bad_verb(out, verb, v, f),
    };
    // Precision: the minimum number of digits (and 0 with precision 0 prints nothing).
    if let Some(p) = f.prec {
        if p == 0 && u == 0 {
            digits.clear();
        }
        while digits.len() < p {
            digits.insert(0, '0');
        }
    }
    let mut prefix = String::new();
    if neg {
        prefix.push('-');
    } else if f.plus {
        prefix.push('+');
    } else if f.space {
        prefix.push(' ');
    }
    if f.sharp {
        match verb {
            'b' => prefix.push_str("0b"),
            'o' if !digits.starts_with('0') => prefix.push('0'),
            'x' => prefix.push_str("0x"),
            'X' => prefix.push_str("0X"),
            _ => {}
        }
    }
    if verb == 'O' {
        prefix.push_str("0o");
    }
    let s = format!("{prefix}{digits}");
    if f.prec.is_some() {
        // Go ignores the zero flag when a precision is given.
        let plain = Flags {
            zero: false,
            ..f.clone()
        };
        return pad(out, &s, &plain);
    }
    if f.zero && !f.minus {
        if let Some(w) = f.width {
            // Go pads the digits to the width (less one for a sign); a 0x prefix comes on top.
            let signed = neg || f.plus || f.space;
            let target = w.saturating_sub(usize::from(signed));
            let mut padded = digits.clone();
            while padded.len() < target {
                padded.insert(0, '0');
            }
            let s = format!("{prefix}{padded}");
            let plain = Flags {
                zero: false,
                ..f.clone()
            };
            return pad(out, &s, &plain);
        }
    }
    pad(out, &s, f);
}

/// Every float64 is a whole number over 2^1074, so its decimal expansion ends within this
/// many fractional digits: past them a fixed-point text only gains zeros.
const EXACT_FRACTION_DIGITS: usize = 1074;

/// ... and within this many significant digits.
const EXACT_SIGNIFICANT_DIGITS: usize = 800;

/// `x` with `prec` fractional digits, rounded exactly. Go takes precisions up to 10^7; Rust's
/// formatter panics past 65,535, so the exact digits are formatted and the zeros after them
/// appended.
fn fixed_text(x: f64, prec: usize) -> String {
    let exact = prec.min(EXACT_FRACTION_DIGITS);
    let mut s = format!("{x:.exact$}");
    s.extend(std::iter::repeat_n('0', prec - exact));
    s
}

/// `x` in Rust's exponent form with `prec` fractional digits in its mantissa (`d.ddde-X`),
/// for any precision (as [`fixed_text`]).
fn sci_text(x: f64, prec: usize) -> String {
    let exact = prec.min(EXACT_SIGNIFICANT_DIGITS);
    let s = format!("{x:.exact$e}");
    if exact == prec {
        return s;
    }
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let mut out = String::with_capacity(prec + 8);
    out.push_str(mant);
    if !mant.contains('.') {
        out.push('.');
    }
    out.extend(std::iter::repeat_n('0', prec - exact));
    out.push('e');
    out.push_str(exp);
    out
}

/// The decimal digits (no trailing zeros) and decimal-point position of `|x|` rounded to
/// `sig` significant digits.
fn decimal_digits(x: f64, sig: usize) -> (String, i32) {
    let sci = sci_text(x.abs(), sig.max(1) - 1);
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    while digits.len() > 1 && digits.ends_with('0') {
        digits.pop();
    }
    if digits == "0" {
        return (digits, 1);
    }
    (digits, exp + 1)
}

/// Go's `%e` of digits: `d.ddde±XX` with `prec` decimals.
fn fmt_e(digits: &str, dp: i32, prec: usize, upper: bool) -> String {
    let mut s = String::new();
    let mut d = digits.chars();
    s.push(d.next().unwrap_or('0'));
    if prec > 0 {
        s.push('.');
        let rest: String = d.collect();
        s.push_str(&rest);
        for _ in rest.len()..prec {
            s.push('0');
        }
        s.truncate(2 + prec);
    }
    let exp = if digits == "0" { 0 } else { dp - 1 };
    s.push(if upper { 'E' } else { 'e' });
    s.push(if exp < 0 { '-' } else { '+' });
    s.push_str(&format!("{:02}", exp.unsigned_abs()));
    s
}

/// `strconv.FormatFloat(x, verb, prec, 64)` for the verbs `e E f F g G`.
fn format_float(x: f64, verb: char, prec: Option<usize>) -> String {
    let neg = x.is_sign_negative();
    let body = match verb {
        'e' | 'E' => {
            let p = prec.unwrap_or(6);
            let (d, dp) = decimal_digits(x, p + 1);
            fmt_e(&d, dp, p, verb == 'E')
        }
        'f' | 'F' => {
            let p = prec.unwrap_or(6);
            // Round at the decimal position: Rust's fixed formatting rounds exactly.
            let s = fixed_text(x.abs(), p);
            return if neg { format!("-{s}") } else { s };
        }
        _ => {
            // `%g`: the shortest digits (as Go prints a float64 everywhere), or `p` significant
            // ones, in Go's `%g` layout (exponent form below 1e-4 and from 10^eprec).
            let text = match prec {
                None => crate::go::format_float(x.abs()),
                Some(p) => {
                    let p = p.max(1);
                    let (d, dp) = decimal_digits(x, p);
                    let eprec = if p > d.len() && d.len() as i32 >= dp {
                        d.len()
                    } else {
                        p
                    };
                    crate::go::format_g(false, &sci_text(x.abs(), p - 1), eprec as i32)
                }
            };
            if verb == 'G' {
                text.replace('e', "E")
            } else {
                text
            }
        }
    };
    if neg {
        format!("-{body}")
    } else {
        body
    }
}

/// A finite float64's significand (its implicit leading 1 included, none for a subnormal)
/// and unbiased binary exponent, as `strconv` takes them apart: `x` is `mant × 2^(exp − 52)`.
fn float_parts(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    if biased == 0 {
        (fraction, 1 - 1023)
    } else {
        (fraction | 1 << 52, biased - 1023)
    }
}

/// `strconv.FormatFloat(x, 'x' or 'X', prec, 64)`: `0x1.8p+01`, the mantissa rounded (to
/// even) at `prec` hexadecimal digits, all of them when `prec` is `None`.
fn format_hex_float(x: f64, upper: bool, prec: Option<usize>) -> String {
    let (mut mant, mut exp) = float_parts(x);
    if mant == 0 {
        exp = 0;
    }
    // The leading 1 (if any) at bit 60.
    mant <<= 8;
    while mant != 0 && mant & (1 << 60) == 0 {
        mant <<= 1;
        exp -= 1;
    }
    if let Some(p) = prec.filter(|&p| p < 15) {
        let shift = (p * 4) as u32;
        let extra = (mant << shift) & ((1 << 60) - 1);
        mant >>= 60 - shift;
        if extra | (mant & 1) > 1 << 59 {
            mant += 1;
        }
        mant <<= 60 - shift;
        if mant & (1 << 61) != 0 {
            mant >>= 1;
            exp += 1;
        }
    }
    let digits: &[u8; 16] = if upper {
        b"0123456789ABCDEF"
    } else {
        b"0123456789abcdef"
    };
    let hex = |m: u64| char::from(digits[((m >> 60) & 15) as usize]);
    let mut s = String::with_capacity(24);
    if x.is_sign_negative() {
        s.push('-');
    }
    s.push('0');
    s.push(if upper { 'X' } else { 'x' });
    s.push(if (mant >> 60) & 1 == 1 { '1' } else { '0' });
    mant <<= 4;
    match prec {
        None if mant != 0 => {
            s.push('.');
            while mant != 0 {
                s.push(hex(mant));
                mant <<= 4;
            }
        }
        Some(p) if p > 0 => {
            s.push('.');
            for _ in 0..p {
                s.push(hex(mant));
                mant <<= 4;
            }
        }
        _ => {}
    }
    s.push(if upper { 'P' } else { 'p' });
    s.push(if exp < 0 { '-' } else { '+' });
    let e = exp.unsigned_abs();
    if e < 10 {
        s.push('0');
    }
    s.push_str(&e.to_string());
    s
}

/// `strconv.FormatFloat(x, 'b', -1, 64)`: the mantissa and the binary exponent as decimal
/// integers (`4503599627370496p-52` for 1).
fn format_binary_float(x: f64) -> String {
    let (mant, exp) = float_parts(x);
    let exp = exp - 52;
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let esign = if exp >= 0 { "+" } else { "" };
    format!("{sign}{mant}p{esign}{exp}")
}

/// Go's `fmt.fmtFloat`: the number with its sign (`+` and ` ` flags), `NaN` and `±Inf`
/// never zero padded, the `#` flag's decimal point and trailing zeros, zero padding after
/// the sign. `verb` is `strconv`'s (`%v` prints as `g`).
fn fmt_float(out: &mut String, x: f64, verb: char, f: &Flags) {
    let verb = match verb {
        'v' => 'g',
        other => other,
    };
    let mut num = if x.is_nan() {
        "+NaN".to_string()
    } else if x.is_infinite() {
        if x > 0.0 { "+Inf" } else { "-Inf" }.to_string()
    } else {
        let s = match verb {
            'x' | 'X' => format_hex_float(x, verb == 'X', f.prec),
            'b' => format_binary_float(x),
            'F' => format_float(x, 'f', f.prec),
            other => format_float(x, other, f.prec),
        };
        if s.starts_with('-') {
            s
        } else {
            format!("+{s}")
        }
    };
    if f.space && num.starts_with('+') && !f.plus {
        num.replace_range(..1, " ");
    }
    if !x.is_finite() {
        if x.is_nan() && !f.space && !f.plus {
            num.remove(0);
        }
        let plain = Flags {
            zero: false,
            ..f.clone()
        };
        pad(out, &num, &plain);
        return;
    }
    if f.sharp && verb != 'b' {
        num = sharp_float(num, verb, f.prec);
    }
    if f.plus || !num.starts_with('+') {
        pad_number(out, &num, f);
    } else {
        pad_number(out, num.get(1..).unwrap_or(""), f);
    }
}

/// The `#` flag on a float (after its sign): a decimal point always, and for `%g`, `%G` and
/// `%x` trailing zeros up to the precision (6 when none is given) of significant digits.
fn sharp_float(num: String, verb: char, prec: Option<usize>) -> String {
    let mut digits: i64 = match verb {
        'g' | 'G' | 'x' => prec.map_or(6, |p| p as i64),
        _ => 0,
    };
    let bytes = num.as_bytes();
    let mut body_end = bytes.len();
    let mut has_point = false;
    let mut nonzero = false;
    for (i, &b) in bytes.iter().enumerate().skip(1) {
        match b {
            b'.' => has_point = true,
            b'p' | b'P' => {
                body_end = i;
                break;
            }
            b'e' | b'E' if verb != 'x' && verb != 'X' => {
                body_end = i;
                break;
            }
            _ => {
                if b != b'0' {
                    nonzero = true;
                }
                if nonzero {
                    digits -= 1;
                }
            }
        }
    }
    let (body, tail) = num.split_at(body_end);
    let mut s = body.to_string();
    if !has_point {
        // A lone 0 counts once.
        if body.len() == 2 && body.ends_with('0') {
            digits -= 1;
        }
        s.push('.');
    }
    while digits > 0 {
        s.push('0');
        digits -= 1;
    }
    s.push_str(tail);
    s
}

/// A Go string's bytes, valid UTF-8 or not (or a `[]byte`, which `%s`, `%q` and `%x` print as
/// one): `%x` and `%q` show the bytes as they are (`\xff`); `%s` and `%v` print the bytes
/// themselves as Go does where the formatting marks them ([`RawMarks`]), else the text with
/// each invalid byte a U+FFFD.
fn fmt_bytes(out: &mut String, b: &[u8], verb: char, f: &Flags) {
    if let Ok(text) = std::str::from_utf8(b) {
        return fmt_string(out, text, verb, f);
    }
    if !(matches!(verb, 'q' | 'x' | 'X') || f.sharp_v) {
        return fmt_string(out, &RawMarks::text(f.raw, b), verb, f);
    }
    if matches!(verb, 'x' | 'X') {
        return fmt_hex(out, b, verb, f);
    }
    // `%q` (or `%#v`), the precision counting runes as Go's `fmt` does; never backquoted, as
    // Go's `CanBackquote` refuses invalid UTF-8.
    let kept: Vec<u8> = match f.prec {
        Some(p) => crate::go::runes(b)
            .take(p)
            .flat_map(|r| match r {
                Ok(c) => c.to_string().into_bytes(),
                Err(byte) => vec![byte],
            })
            .collect(),
        None => b.to_vec(),
    };
    pad(out, &crate::go::quote_bytes(&kept, f.plus && !f.sharp_v), f);
}

/// `%x` or `%X` of a string's bytes: two hex digits a byte (the precision counts bytes), the
/// `space` flag separating bytes, `#` adding `0x`.
fn fmt_hex(out: &mut String, bytes: &[u8], verb: char, f: &Flags) {
    let bytes = match f.prec {
        Some(p) => &bytes[..p.min(bytes.len())],
        None => bytes,
    };
    let mut h = String::new();
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 && f.space {
            h.push(' ');
        }
        if f.sharp && (i == 0 || f.space) {
            h.push_str(if verb == 'x' { "0x" } else { "0X" });
        }
        if verb == 'x' {
            h.push_str(&format!("{b:02x}"));
        } else {
            h.push_str(&format!("{b:02X}"));
        }
    }
    pad(out, &h, f);
}

fn fmt_string(out: &mut String, s: &str, verb: char, f: &Flags) {
    let s: std::borrow::Cow<'_, str> = match f.prec {
        Some(p) if matches!(verb, 's' | 'v' | 'q') => s.chars().take(p).collect::<String>().into(),
        _ => s.into(),
    };
    match verb {
        'v' if f.sharp_v => pad(out, &crate::go::quote(&s), f),
        's' | 'v' => pad(out, &s, f),
        'q' => {
            if f.sharp && !s.contains('`') && !s.chars().any(|c| c.is_control() && c != '\t') {
                pad(out, &format!("`{s}`"), f);
            } else if f.plus {
                pad(out, &crate::go::quote_ascii(&s), f);
            } else {
                pad(out, &crate::go::quote(&s), f);
            }
        }
        'x' | 'X' => fmt_hex(out, s.as_bytes(), verb, f),
        _ => bad_verb(out, verb, &Value::str(&s), f),
    }
}

/// Prints one value with a verb (Go's `printArg`/`printValue`): containers print each element
/// with the same verb, nil inside a container as `<nil>`.
fn print_value(out: &mut String, v: &Value, verb: char, f: &Flags, depth: usize) {
    if verb == 'T' {
        return pad(out, &type_name(v, f), f);
    }
    match v {
        Value::Nil => {
            if depth > 0 {
                // An empty interface inside a container: written as it is, unpadded (Go's
                // `printValue`), as Go syntax with `%#v`.
                out.push_str(if f.sharp_v {
                    "interface {}(nil)"
                } else {
                    "<nil>"
                });
            } else if verb == 'v' {
                pad(out, "<nil>", f);
            } else {
                bad_verb(out, verb, v, f);
            }
        }
        Value::Bool(b) => match verb {
            't' | 'v' => pad(out, if *b { "true" } else { "false" }, f),
            _ => bad_verb(out, verb, v, f),
        },
        Value::Int(i) | Value::Int64(i) => fmt_integer(out, v, *i, verb, f),
        Value::Float(x) => match verb {
            'v' | 'b' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'x' | 'X' => {
                fmt_float(out, *x, verb, f)
            }
            _ => bad_verb(out, verb, v, f),
        },
        Value::String(s) => fmt_string(out, s, verb, f),
        Value::RawString(b) => fmt_bytes(out, b, verb, f),
        Value::Bytes(b) => match verb {
            's' | 'q' | 'x' | 'X' => fmt_bytes(out, b, verb, f),
            'v' if f.sharp_v => {
                // Go's `fmtBytes`: the type as `fmt` was given it (`[]byte`), or as
                // reflection names it inside another value (`[]uint8`); bytes in hex.
                out.push_str(if depth == 0 { "[]byte{" } else { "[]uint8{" });
                let hex = Flags {
                    sharp: true,
                    sharp_v: false,
                    ..f.clone()
                };
                for (i, byte) in b.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    let i = i64::from(*byte);
                    fmt_integer(out, &Value::Int(i), i, 'x', &hex);
                }
                out.push('}');
            }
            _ => {
                out.push('[');
                for (i, byte) in b.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    let i = i64::from(*byte);
                    fmt_integer(out, &Value::Int(i), i, verb, f);
                }
                out.push(']');
            }
        },
        Value::List(l) => {
            if f.sharp_v {
                out.push_str(&type_name(v, f));
                out.push('{');
                for (i, item) in l.items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    print_value(out, item, verb, f, depth + 1);
                }
                out.push('}');
                return;
            }
            out.push('[');
            for (i, item) in l.items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                print_value(out, item, verb, f, depth + 1);
            }
            out.push(']');
        }
        Value::Map(m) => {
            // `%#v` is Go syntax: `map[string]interface {}{"a":1, "b":2}`.
            let go_syntax = f.sharp_v;
            if go_syntax {
                out.push_str(&type_name(v, f));
                out.push('{');
            } else {
                out.push_str("map[");
            }
            for (i, (k, item)) in m.entries.borrow().iter().enumerate() {
                if i > 0 {
                    out.push_str(if go_syntax { ", " } else { " " });
                }
                fmt_string(out, k, verb, f);
                out.push(':');
                print_value(out, item, verb, f, depth + 1);
            }
            out.push(if go_syntax { '}' } else { ']' });
        }
        Value::Object(_)
            if matches!(verb, 'v' | 's' | 'q' | 'x' | 'X')
                && super::json_number::text(v).is_some() =>
        {
            // A json.Number prints as the string it is (`%#v` quotes it).
            fmt_string(
                out,
                super::json_number::text(v).unwrap_or_default(),
                verb,
                f,
            );
        }
        Value::Object(o) if o.fmt_shape().is_some() => {
            let shape = o.fmt_shape().unwrap_or(Shape::Slice(None));
            print_shape(out, v, &**o, shape, verb, f, depth);
        }
        Value::Object(o) if o.go_complex().is_some() => {
            let (re, im) = o.go_complex().unwrap_or_default();
            fmt_complex(out, v, re, im, verb, f);
        }
        Value::Object(o) if o.go_int().is_some() => {
            print_integer_object(out, v, &**o, verb, f);
        }
        Value::Object(o) => match verb {
            // `%#v` looks for no `String()`: a pointer inside another value is its address.
            'v' if f.sharp_v && depth > 0 && o.kind() == "ptr" => {
                fmt_pointer(out, v, &**o, verb, f)
            }
            'v' if f.sharp_v && o.go_syntax().is_some() => {
                pad(out, &o.go_syntax().unwrap_or_default(), f);
            }
            'v' | 's' | 'q' | 'x' | 'X' => print_formatted(out, &**o, verb, f),
            _ => match o.verb_shape() {
                Some(shape) => print_shape(out, v, &**o, shape, verb, f, depth),
                None => bad_verb(out, verb, v, f),
            },
        },
    }
}

/// Where `fmt` prints a pointer's address (a pointer inside another value), orochart prints
/// this one: Go's addresses differ from run to run, orochart's output may not.
const POINTER_ADDRESS: u64 = 0xc000010000;

/// An object `fmt` walks ([`Shape`]), as Go's `printValue` does: a struct's fields with the
/// verb (names with `%+v` and `%#v`, Go syntax with `%#v`), `&` before a pointer given to
/// `fmt` and its address where it is inside another value; a named slice or map as any
/// slice or map, its type named by `%#v`.
fn print_shape(
    out: &mut String,
    v: &Value,
    o: &dyn super::value::Object,
    shape: Shape,
    verb: char,
    f: &Flags,
    depth: usize,
) {
    let pointer = o.kind() == "ptr";
    if pointer && depth > 0 {
        return fmt_pointer(out, v, o, verb, f);
    }
    match shape {
        Shape::Struct(fields) => {
            if pointer {
                out.push('&');
            }
            if f.sharp_v {
                let t = o.type_name();
                out.push_str(t.strip_prefix('*').unwrap_or(t));
            }
            out.push('{');
            for (i, (name, field)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(if f.sharp_v { ", " } else { " " });
                }
                if f.plus_v || f.sharp_v {
                    out.push_str(name);
                    out.push(':');
                }
                print_value(out, field, verb, f, depth + 1);
            }
            out.push('}');
        }
        Shape::Slice(items) => {
            if f.sharp_v {
                out.push_str(o.type_name());
                let Some(items) = items else {
                    out.push_str("(nil)");
                    return;
                };
                out.push('{');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    print_value(out, item, verb, f, depth + 1);
                }
                out.push('}');
                return;
            }
            out.push('[');
            for (i, item) in items.iter().flatten().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                print_value(out, item, verb, f, depth + 1);
            }
            out.push(']');
        }
        Shape::Map(entries) => {
            if f.sharp_v {
                out.push_str(o.type_name());
                if entries.is_none() {
                    out.push_str("(nil)");
                    return;
                }
                out.push('{');
            } else {
                out.push_str("map[");
            }
            for (i, (k, item)) in entries.iter().flatten().enumerate() {
                if i > 0 {
                    out.push_str(if f.sharp_v { ", " } else { " " });
                }
                fmt_string(out, k, verb, f);
                out.push(':');
                print_value(out, item, verb, f, depth + 1);
            }
            out.push(if f.sharp_v { '}' } else { ']' });
        }
    }
}

/// Go's `%v` of an object `fmt` walks ([`Shape`]), where it is given to `fmt` (a
/// struct, `&{…}` for a pointer to one): [`Object::format`](super::value::Object::format)
/// for such types.
pub(crate) fn format_shape(out: &mut String, o: &dyn super::value::Object) {
    if let Some(shape) = o.fmt_shape() {
        // At the top the object itself is never printed as a pointer's address, the only
        // use of the value `print_shape` is given.
        print_shape(out, &Value::Nil, o, shape, 'v', &Flags::default(), 0);
    }
}

/// Go's `fmtPointer` of a pointer inside another value: its address ([`POINTER_ADDRESS`])
/// for `%v` (`(*chart.Maintainer)(0xc000010000)` with `%#v`) and the integer verbs, the
/// pointed-to value printed in a bad-verb message for the others
/// (`%!s(*chart.Maintainer=&{m1 e@x })`).
fn fmt_pointer(out: &mut String, v: &Value, o: &dyn super::value::Object, verb: char, f: &Flags) {
    let address = POINTER_ADDRESS as i64;
    match verb {
        'v' if f.sharp_v => {
            out.push('(');
            out.push_str(o.type_name());
            out.push_str(")(");
            out.push_str(&format!("{POINTER_ADDRESS:#x}"));
            out.push(')');
        }
        'v' => {
            // Go's `fmt0x64`: hexadecimal with `0x`, unless `#` asks for none.
            let hex = Flags {
                sharp: !f.sharp,
                ..f.clone()
            };
            fmt_integer(out, v, address, 'x', &hex);
        }
        'b' | 'o' | 'd' | 'x' | 'X' => fmt_integer(out, v, address, verb, f),
        _ => bad_verb(out, verb, v, f),
    }
}

/// Go's `fmtComplex`: `(r+ii)`, each part printed as a float with the verb, flags, width
/// and precision, the imaginary part always with its sign (`%.1f` of `1+2i` is
/// `(1.0+2.0i)`, `%6v` is `(     1    +2i)`).
fn fmt_complex(out: &mut String, v: &Value, re: f64, im: f64, verb: char, f: &Flags) {
    if !matches!(
        verb,
        'v' | 'b' | 'g' | 'G' | 'x' | 'X' | 'f' | 'F' | 'e' | 'E'
    ) {
        return bad_verb(out, verb, v, f);
    }
    out.push('(');
    fmt_float(out, re, verb, f);
    let signed = Flags {
        plus: true,
        ..f.clone()
    };
    fmt_float(out, im, verb, &signed);
    out.push_str("i)");
}

/// An object as its `%v` text ([`super::value::Object::format`]: a struct's fields, or its
/// `String()`), for `%v` and `%s` padded, for `%q`, `%x` and `%X` as a string is.
fn print_formatted(out: &mut String, o: &dyn super::value::Object, verb: char, f: &Flags) {
    let mut s = String::new();
    o.format(&mut s);
    if matches!(verb, 'v' | 's') {
        pad(out, &s, f);
    } else {
        fmt_string(out, &s, verb, f);
    }
}

/// An object of an integer kind ([`super::value::Object::go_int`]). A named integer with a
/// `String()` (`time.Month`) prints that for the verbs Go hands a Stringer (`%v`, `%s`, `%q`,
/// `%x`, `%X`) and its number for the other integer verbs and `%#v`; a `uint8` (no
/// `String()`) its number to every integer verb, `%#v` in hex.
fn print_integer_object(
    out: &mut String,
    v: &Value,
    o: &dyn super::value::Object,
    verb: char,
    f: &Flags,
) {
    let n = object_integer(o);
    if o.method_params("String").is_none() {
        match o.go_syntax() {
            Some(hex) if f.sharp_v => pad(out, &hex, f),
            _ => fmt_integer(out, v, n, verb, f),
        }
    } else if f.sharp_v || "dboOcU".contains(verb) {
        fmt_integer(out, v, n, verb, f);
    } else if "vsqxX".contains(verb) {
        print_formatted(out, o, verb, f);
    } else {
        bad_verb(out, verb, v, f);
    }
}

/// A width or precision written in the format.
enum Num {
    /// No digits.
    None,
    Digits(usize),
    /// Go's `tooLarge`: the digits so far passed 1e6 before another digit; Go's `parsenum`
    /// then gives up on the rest of the format (`%!(NOVERB)`).
    TooLarge,
}

/// Go's `parsenum`: the digits at `*i`, moving `*i` past them.
fn parse_num(chars: &[char], i: &mut usize) -> Num {
    let mut num: Option<usize> = None;
    while let Some(d) = chars.get(*i).and_then(|c| c.to_digit(10)) {
        let n = num.unwrap_or(0);
        if n > 1_000_000 {
            return Num::TooLarge;
        }
        num = Some(n * 10 + d as usize);
        *i += 1;
    }
    num.map_or(Num::None, Num::Digits)
}

/// Go's `fmt.Sprintf(format, args...)` (the template builtin `printf`), as text.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    sprintf_as(format, args, None, None)
}

fn sprintf_as(
    format: &str,
    args: &[Value],
    raw: Option<RawMarks>,
    values_type: Option<&'static str>,
) -> String {
    let mut out = String::with_capacity(format.len() + 16);
    let chars: Vec<char> = format.chars().collect();
    let mut i = 0;
    let mut argn = 0;
    let mut reordered = false;
    let mut good_index = true;
    while i < chars.len() {
        let c = chars[i];
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        let mut f = Flags {
            raw,
            values_type,
            ..Flags::default()
        };
        while i < chars.len() {
            match chars[i] {
                '#' => f.sharp = true,
                '0' => f.zero = !f.minus,
                '+' => f.plus = true,
                '-' => {
                    f.minus = true;
                    f.zero = false;
                }
                ' ' => f.space = true,
                _ => break,
            }
            i += 1;
        }
        // An explicit argument index `[n]`.
        let arg_index = |i: &mut usize, argn: &mut usize, reordered: &mut bool| {
            if chars.get(*i) != Some(&'[') {
                return true;
            }
            *reordered = true;
            let Some(end) = chars[*i..].iter().position(|&c| c == ']') else {
                *i = chars.len();
                return false;
            };
            let text: String = chars[*i + 1..*i + end].iter().collect();
            *i += end + 1;
            match text.parse::<usize>() {
                Ok(n) if n >= 1 && n <= args.len() => {
                    *argn = n - 1;
                    true
                }
                _ => false,
            }
        };
        good_index &= arg_index(&mut i, &mut argn, &mut reordered);
        // Width.
        if chars.get(i) == Some(&'*') {
            i += 1;
            match args.get(argn) {
                Some(Value::Int(w) | Value::Int64(w)) if w.unsigned_abs() <= 1_000_000 => {
                    if *w < 0 {
                        f.minus = true;
                        f.zero = false;
                    }
                    f.width = Some(w.unsigned_abs() as usize);
                }
                _ => out.push_str("%!(BADWIDTH)"),
            }
            argn += 1;
            good_index &= arg_index(&mut i, &mut argn, &mut reordered);
        } else {
            match parse_num(&chars, &mut i) {
                Num::Digits(w) => f.width = Some(w),
                Num::None => {}
                Num::TooLarge => {
                    out.push_str("%!(NOVERB)");
                    break;
                }
            }
        }
        // Precision.
        if chars.get(i) == Some(&'.') {
            i += 1;
            good_index &= arg_index(&mut i, &mut argn, &mut reordered);
            if chars.get(i) == Some(&'*') {
                i += 1;
                match args.get(argn) {
                    Some(Value::Int(p) | Value::Int64(p)) if (0..=1_000_000).contains(p) => {
                        f.prec = Some(*p as usize);
                    }
                    Some(Value::Int(_) | Value::Int64(_)) => {
                        f.prec = None;
                        out.push_str("%!(BADPREC)");
                    }
                    _ => out.push_str("%!(BADPREC)"),
                }
                argn += 1;
                good_index &= arg_index(&mut i, &mut argn, &mut reordered);
            } else {
                match parse_num(&chars, &mut i) {
                    Num::Digits(p) => f.prec = Some(p),
                    Num::None => f.prec = Some(0),
                    Num::TooLarge => {
                        out.push_str("%!(NOVERB)");
                        break;
                    }
                }
            }
        }
        if !reordered {
            good_index &= arg_index(&mut i, &mut argn, &mut reordered);
        }
        let Some(&verb) = chars.get(i) else {
            out.push_str("%!(NOVERB)");
            break;
        };
        i += 1;
        if verb == '%' {
            out.push('%');
            continue;
        }
        if !good_index {
            out.push_str("%!");
            out.push(verb);
            out.push_str("(BADINDEX)");
            good_index = true;
            continue;
        }
        let Some(arg) = args.get(argn) else {
            out.push_str("%!");
            out.push(verb);
            out.push_str("(MISSING)");
            continue;
        };
        argn += 1;
        if verb == 'w' {
            bad_verb(&mut out, verb, arg, &f);
            continue;
        }
        if verb == 'v' {
            // Go's `sharpV` and `plusV`: `#` asks for Go syntax; `+` adds struct field names.
            f.sharp_v = f.sharp;
            f.sharp = false;
            f.plus_v = f.plus;
            f.plus = false;
        }
        print_value(&mut out, arg, verb, &f, 0);
    }
    if !reordered && argn < args.len() {
        out.push_str("%!(EXTRA ");
        for (k, a) in args[argn..].iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            if a.is_nil() {
                out.push_str("<nil>");
            } else {
                out.push_str(&type_name(
                    a,
                    &Flags {
                        values_type,
                        ..Flags::default()
                    },
                ));
                out.push('=');
                write_value_as(&mut out, a, raw);
            }
        }
        out.push(')');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `printf` of a string that is not UTF-8 gives Go's bytes: an invalid byte is one rune
    /// to a width or precision, and a private-use character in the text stays itself.
    #[test]
    fn formatting_keeps_invalid_bytes() {
        let raw = Value::RawString(std::rc::Rc::from(&b"\xffa"[..]));
        let bytes = |v: Value| match v {
            Value::RawString(b) => b.to_vec(),
            Value::String(s) => s.as_bytes().to_vec(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            bytes(sprintf_value(
                "%4s|%.1s",
                &[raw.clone(), raw.clone()],
                "chartutil.Values"
            )),
            b"  \xffa|\xff"
        );
        let mark = Value::str("\u{10FF80}\u{10FFFF}");
        let mut want = "\u{10FF80}\u{10FFFF}".as_bytes().to_vec();
        want.extend_from_slice(b" \xffa");
        assert_eq!(
            bytes(sprintln_value(&[mark, raw.clone()])),
            [&want[..], b"\n"].concat()
        );
        assert_eq!(bytes(sprint_value(&[Value::str("x")])), b"x");
        // The text functions still read such bytes as U+FFFD.
        // Past 64 levels of lists no marks are made: the bytes print as U+FFFD.
        let mut deep = raw.clone();
        for _ in 0..70 {
            deep = Value::List(super::super::value::List {
                items: std::rc::Rc::from(vec![deep]),
                elem: super::super::value::ListType::Interface,
            });
        }
        assert!(matches!(
            sprintf_value("%v", &[deep], "chartutil.Values"),
            Value::String(_)
        ));
        assert_eq!(sprintf("%s", &[raw]), "\u{FFFD}a");
    }

    fn p(format: &str, args: &[Value]) -> String {
        sprintf(format, args)
    }

    fn i(x: i64) -> Value {
        Value::Int(x)
    }

    fn s(x: &str) -> Value {
        Value::str(x)
    }

    // Expected text printed by `helm template` (v3.17.2) through `printf`.
    #[test]
    fn printf_matches_go_for_common_verbs() {
        assert_eq!(p("%s-%d", &[s("a"), i(3)]), "a-3");
        assert_eq!(
            p(
                "%5s|%-5s|%05d|%+d|% d",
                &[s("ab"), s("ab"), i(-42), i(5), i(5)]
            ),
            "   ab|ab   |-0042|+5| 5"
        );
        assert_eq!(
            p(
                "%x %X %o %b %#x %#o %O",
                &[i(255), i(255), i(8), i(5), i(255), i(8), i(8)]
            ),
            "ff FF 10 101 0xff 010 0o10"
        );
        assert_eq!(
            p("%q %c %U %#U", &[s("a\"b"), i(65), i(0x1F600), i(65)]),
            "\"a\\\"b\" A U+1F600 U+0041 'A'"
        );
        assert_eq!(
            p(
                "%.2f %e %g %.3g %G",
                &[
                    Value::Float(3.14158),
                    Value::Float(1234.5678),
                    Value::Float(1e21),
                    Value::Float(3.14158),
                    Value::Float(1e-7)
                ]
            ),
            "3.14 1.234568e+03 1e+21 3.14 1E-07"
        );
        assert_eq!(
            p(
                "%v %v %v",
                &[Value::Float(1e6), Value::Float(0.1), Value::Float(100.0)]
            ),
            "1e+06 0.1 100"
        );
        assert_eq!(
            p(
                "%8.3f|%-8.2f|%08.3f",
                &[
                    Value::Float(3.14158),
                    Value::Float(2.5),
                    Value::Float(-3.14158)
                ]
            ),
            "   3.142|2.50    |-003.142"
        );
        assert_eq!(
            p("%.3s|%.0d|%5.2d", &[s("abcdef"), i(0), i(7)]),
            "abc||   07"
        );
        assert_eq!(
            p("%x|% x|%#x", &[s("hi"), s("hi"), s("hi")]),
            "6869|68 69|0x6869"
        );
        assert_eq!(p("%t %v", &[Value::Bool(true), Value::Nil]), "true <nil>");
        assert_eq!(
            p(
                "%*d|%-*d|%.*f",
                &[i(4), i(7), i(3), i(7), i(1), Value::Float(2.25)]
            ),
            "   7|7  |2.2"
        );
        assert_eq!(p("%[2]s %[1]s", &[s("a"), s("b")]), "b a");
        assert_eq!(p("100%%", &[]), "100%");
        assert_eq!(
            p("%#08x|%08d|%+06d", &[i(255), i(-42), i(7)]),
            "0x000000ff|-0000042|+00007"
        );
        assert_eq!(
            p("%U|%.*d", &[i(-1), i(-1), i(5)]),
            "U+FFFFFFFFFFFFFFFF|%!(BADPREC)5"
        );
        let fl = Value::Float;
        assert_eq!(
            p(
                "%.2f|%g|%e|%.1f",
                &[fl(-0.001), fl(0.000012345), fl(0.0), fl(0.25)]
            ),
            "-0.00|1.2345e-05|0.000000e+00|0.2"
        );
        assert_eq!(p("%6.2f%%", &[fl(12.345)]), " 12.35%");
        assert_eq!(p("%.0f %.0f", &[fl(0.5), fl(1.5)]), "0 2");
        assert_eq!(p("%s", &[Value::list(vec![s("a"), s("b")])]), "[a b]");
        assert_eq!(
            p("%q", &[Value::list(vec![s("a"), i(1)])]),
            "[\"a\" '\\x01']"
        );
    }

    /// Floats in hexadecimal and binary formats, with the `#` flag, signs and infinities:
    /// each expected string is what Helm 4.3.1 printed for the same `printf`.
    #[test]
    fn printf_formats_floats_as_go() {
        let fl = Value::Float;
        let cases: &[(&str, f64, &str)] = &[
            ("%x", 1.0, "0x1p+00"),
            ("%.4x", 1.0, "0x1.0000p+00"),
            ("%#x", 1.0, "0x1.0000p+00"),
            ("%#.4x", 1.0, "0x1.0000p+00"),
            ("%x", 1.5, "0x1.8p+00"),
            ("%.0x", 1.5, "0x1p+01"),
            ("%X", -1.0, "-0X1P+00"),
            ("%+.3x", 1.0, "+0x1.000p+00"),
            ("% .3X", 1.0, " 0X1.000P+00"),
            ("%20x", 1e6, "        0x1.e848p+19"),
            ("%-20x|", 1e6, "0x1.e848p+19        |"),
            ("%020x", -1e6, "-00000000x1.e848p+19"),
            ("%x", 5e-324, "0x1p-1074"),
            ("%b", 1.0, "4503599627370496p-52"),
            ("%b", -0.5, "-4503599627370496p-53"),
            ("%#g", 1.0, "1.00000"),
            ("%#g", 123456.0, "123456."),
            ("%#g", 1234567.0, "1.234567e+06"),
            ("%#.4g", 1.0, "1.000"),
            ("%#.0f", 1.0, "1."),
            ("%#.0e", 1.0, "1.e+00"),
            ("%#.4x", 1.25, "0x1.4000p+00"),
            ("%f", f64::INFINITY, "+Inf"),
            ("%.1f", f64::NEG_INFINITY, "-Inf"),
            ("% f", f64::NAN, " NaN"),
            ("%+f", f64::NAN, "+NaN"),
            ("%x", f64::NAN, "NaN"),
            ("%020f", f64::INFINITY, "                +Inf"),
            ("%-20f|", f64::NEG_INFINITY, "-Inf                |"),
            ("%v", f64::INFINITY, "+Inf"),
            // `%+v` prints as `%v`; `%#v` of a float is its `%v`.
            ("%+v", 1.5, "1.5"),
            ("%#v", 1.0, "1"),
            // A bad verb prints the value with `%v` and the flags given (`#` is not `%#v`).
            ("%#d", 1.5, "%!d(float64=1.50000)"),
        ];
        for (format, x, want) in cases {
            assert_eq!(p(format, &[fl(*x)]), *want, "{format} {x}");
        }
    }

    /// `complex128`s print each part as a float with the verb and flags, the imaginary part
    /// signed; each expected string is what Helm 3.17.2 and 4.3.1 printed for the same
    /// `printf` of a complex constant.
    #[test]
    fn printf_formats_complex_numbers_as_go() {
        let c = super::super::value::Complex128::value;
        let cases: &[(&str, Value, &str)] = &[
            ("%v", c(1.0, 2.0), "(1+2i)"),
            ("%v", c(0.0, -1.0), "(0-1i)"),
            ("%v", c(0.0, -0.0), "(0-0i)"),
            ("%v", c(0.0, 1e21), "(0+1e+21i)"),
            ("%.2f", c(1.0, 2.0), "(1.00+2.00i)"),
            ("%e", c(1.0, 2.0), "(1.000000e+00+2.000000e+00i)"),
            ("%x", c(0.5, 3.0), "(0x1p-01+0x1.8p+01i)"),
            (
                "%b",
                c(1.0, 2.0),
                "(4503599627370496p-52+4503599627370496p-51i)",
            ),
            ("%#v", c(1.0, 2.0), "(1+2i)"),
            ("%+v", c(-1.0, -1.0), "(-1-1i)"),
            ("%+.1f", c(1.0, 2.0), "(+1.0+2.0i)"),
            ("% .1f", c(1.0, 2.0), "( 1.0+2.0i)"),
            ("%8.2f", c(1.0, 2.0), "(    1.00   +2.00i)"),
            ("%-8.1f", c(1.0, 2.0), "(1.0     +2.0    i)"),
            ("%08.2f", c(1.0, 2.0), "(00001.00+0002.00i)"),
            ("%6v", c(0.0, 1.0), "(     0    +1i)"),
            ("%#.0f", c(1.0, 1.0), "(1.+1.i)"),
            ("%T", c(1.0, 2.0), "complex128"),
            ("%d", c(1.0, 2.0), "%!d(complex128=(1+2i))"),
            ("%s", c(1.0, 2.0), "%!s(complex128=(1+2i))"),
            ("%t", c(1.0, 2.0), "%!t(complex128=(1+2i))"),
        ];
        for (format, v, want) in cases {
            assert_eq!(p(format, std::slice::from_ref(v)), *want, "{format}");
        }
        assert_eq!(
            p(
                "%v|%#v",
                &[
                    Value::list(vec![c(0.0, 1.0)]),
                    Value::list(vec![c(0.0, 1.0)])
                ]
            ),
            "[(0+1i)]|[]interface {}{(0+1i)}"
        );
        assert_eq!(sprint(&[c(0.0, 1.0), c(0.0, 2.0)]), "(0+1i) (0+2i)");
    }

    /// A `*chart.Maintainer` (Helm 3's `.Chart.Maintainers` element), to print.
    #[derive(Debug)]
    struct Maintainer;

    impl super::super::value::Object for Maintainer {
        fn type_name(&self) -> &str {
            "*chart.Maintainer"
        }
        fn field(&self, _: &str) -> Option<Value> {
            None
        }
        fn to_json(&self) -> Option<Value> {
            None
        }
        fn format(&self, out: &mut String) {
            format_shape(out, self);
        }
        fn fmt_shape(&self) -> Option<Shape> {
            Some(Shape::Struct(vec![
                ("Name", s("m1")),
                ("Email", s("e@x")),
                ("URL", s("")),
            ]))
        }
    }

    /// A struct printed field by field with each verb, a pointer to it `&{…}` where `fmt`
    /// is given it and its address inside another value (whose `%s` reports the struct);
    /// each expected string is what `helm template` 3.17.2 printed for `index
    /// .Chart.Maintainers 0` (the addresses aside, which differ at each run).
    #[test]
    fn structs_print_field_by_field() {
        let m = Value::Object(std::rc::Rc::new(Maintainer));
        let one = |format: &str| p(format, std::slice::from_ref(&m));
        assert_eq!(one("%v"), "&{m1 e@x }");
        assert_eq!(one("%+v"), "&{Name:m1 Email:e@x URL:}");
        assert_eq!(
            one("%#v"),
            r#"&chart.Maintainer{Name:"m1", Email:"e@x", URL:""}"#
        );
        assert_eq!(one("%d"), "&{%!d(string=m1) %!d(string=e@x) %!d(string=)}");
        assert_eq!(one("%6v"), "&{    m1    e@x       }");
        assert_eq!(to_string(&m), "&{m1 e@x }");
        let list = Value::list(vec![m]);
        let nested = |format: &str| p(format, std::slice::from_ref(&list));
        assert_eq!(nested("%s"), "[%!s(*chart.Maintainer=&{m1 e@x })]");
        assert_eq!(nested("%q"), "[%!q(*chart.Maintainer=&{m1 e@x })]");
        assert_eq!(nested("%v"), format!("[{POINTER_ADDRESS:#x}]"));
        assert_eq!(nested("%d"), format!("[{POINTER_ADDRESS}]"));
        assert_eq!(
            nested("%#v"),
            format!("[]interface {{}}{{(*chart.Maintainer)({POINTER_ADDRESS:#x})}}")
        );
        // Nil slices and maps of named types: empty to every verb, `(nil)` to `%#v`
        // (`rest (list)`, `fromJson "null"` in Helm 3.17.2).
        let nil = Value::typed_nil("[]interface {}");
        assert_eq!(
            p("%v|%+v|%#v|%d|%q|%x", &vec![nil; 6]),
            "[]|[]|[]interface {}(nil)|[]|[]|[]"
        );
        let nil = Value::typed_nil("map[string]interface {}");
        assert_eq!(
            p("%#v|%d|%q", &vec![nil; 3]),
            "map[string]interface {}(nil)|map[]|map[]"
        );
        // `%#v` of a `[]byte`: as `fmt` was given it, or as reflection names it.
        let b = Value::Bytes(std::rc::Rc::from(&b"ab"[..]));
        assert_eq!(
            p("%#v|%#v", &[b.clone(), Value::list(vec![b])]),
            "[]byte{0x61, 0x62}|[]interface {}{[]uint8{0x61, 0x62}}"
        );
    }

    #[test]
    fn plus_q_quotes_in_ascii_and_go_syntax_names_the_types() {
        assert_eq!(p("%+q", &[s("é☺\u{1}")]), "\"\\u00e9\\u263a\\x01\"");
        assert_eq!(p("%+q|%q", &[i(0x263a), i(0x263a)]), "'\\u263a'|'☺'");
        let m = Value::dict(
            [
                ("b".to_string(), i(1)),
                ("a".to_string(), Value::list(vec![i(1), Value::Nil])),
            ]
            .into_iter()
            .collect::<super::super::entries::Entries>(),
        );
        assert_eq!(
            p("%#v", &[m]),
            "map[string]interface {}{\"a\":[]interface {}{1, interface {}(nil)}, \"b\":1}"
        );
        assert_eq!(
            p("%+s|%#s|%#d", &[i(5), Value::list(vec![s("a")]), s("x")]),
            "%!s(int=+5)|[a]|%!d(string=x)"
        );
        // Nil inside a container is written unpadded.
        let l = Value::list(vec![Value::Nil, i(1)]);
        assert_eq!(p("%4v", &[l]), "[<nil>    1]");
    }

    #[test]
    fn printf_errors_are_gos() {
        assert_eq!(p("%d", &[s("x")]), "%!d(string=x)");
        assert_eq!(p("%s", &[i(1)]), "%!s(int=1)");
        assert_eq!(p("%s", &[Value::Nil]), "%!s(<nil>)");
        assert_eq!(p("%d %d", &[i(1)]), "1 %!d(MISSING)");
        assert_eq!(
            p("%d", &[i(1), s("a"), Value::Nil]),
            "1%!(EXTRA string=a, <nil>)"
        );
        assert_eq!(p("%", &[]), "%!(NOVERB)");
        assert_eq!(p("%z", &[i(1)]), "%!z(int=1)");
        assert_eq!(p("%d", &[Value::Float(1e6)]), "%!d(float64=1e+06)");
        assert_eq!(p("%5d", &[s("x")]), "%!d(string=    x)");
        assert_eq!(p("%[3]d", &[i(1)]), "%!d(BADINDEX)");
        // helm template (3.17.2, 4.3.1): a width or precision whose digits pass 1e6 before
        // the next digit ends the format; an int64 keeps its type in the message.
        assert_eq!(
            p("%99999999d|%s", &[i(1), i(2)]),
            "%!(NOVERB)%!(EXTRA int=1, int=2)"
        );
        assert_eq!(
            p("%.99999999d|%s", &[i(1), i(2)]),
            "%!(NOVERB)%!(EXTRA int=1, int=2)"
        );
        assert_eq!(p("%9999999d", &[i(1)]).len(), 9_999_999);
        assert_eq!(p("%s", &[Value::Int64(1)]), "%!s(int64=1)");
        // helm template (3.17.2): `%g` with and without a precision.
        let fl = Value::Float;
        assert_eq!(
            p(
                "%.3g|%.10g|%.1g|%.2g|%G|%.3G|%g|%g|%.0g|%.5g|%g|%G",
                &[
                    fl(3.14158),
                    fl(1234567.0),
                    fl(0.000012345),
                    fl(100.0),
                    fl(1e-7),
                    fl(1e21),
                    fl(0.0),
                    fl(1234567.0),
                    fl(25.0),
                    fl(0.0001),
                    fl(-0.0),
                    fl(123456.0)
                ]
            ),
            "3.14|1234567|1e-05|1e+02|1E-07|1E+21|0|1.234567e+06|2e+01|0.0001|-0|123456"
        );
        assert_eq!(
            p(
                "%.3g|%.4g|%.20g|%10.3g|%-8.2g|",
                &[fl(99.95), fl(99.995), fl(0.1), fl(3.14158), fl(-1.5)]
            ),
            "100|100|0.10000000000000000555|      3.14|-1.5    |"
        );
        assert_eq!(
            // The value Go reads for the constant 716517672049912.25: a tie Go rounds to even.
            p(
                "%v",
                &[Value::Float("716517672049912.25".parse().unwrap_or(0.0))]
            ),
            "7.165176720499122e+14"
        );
    }

    #[test]
    fn containers_print_each_element_with_the_verb() {
        let l = Value::list(vec![i(1), s("a"), Value::Nil]);
        assert_eq!(p("%v", std::slice::from_ref(&l)), "[1 a <nil>]");
        assert_eq!(p("%d", std::slice::from_ref(&l)), "[1 %!d(string=a) <nil>]");
        assert_eq!(p("%T", &[l]), "[]interface {}");
        let m = Value::dict(
            [("a".to_string(), i(1)), ("b".to_string(), Value::Nil)]
                .into_iter()
                .collect::<crate::gotpl::value::Entries>(),
        );
        assert_eq!(p("%v", std::slice::from_ref(&m)), "map[a:1 b:<nil>]");
        assert_eq!(p("%T", &[m]), "map[string]interface {}");
        assert_eq!(
            p("%T %T %T", &[i(1), Value::Int64(1), Value::Nil]),
            "int int64 <nil>"
        );
    }

    #[test]
    fn print_and_println_space_like_go() {
        assert_eq!(sprint(&[i(1), i(2), s("a"), i(3)]), "1 2a3");
        assert_eq!(sprintln(&[i(1), s("a")]), "1 a\n");
    }
}
