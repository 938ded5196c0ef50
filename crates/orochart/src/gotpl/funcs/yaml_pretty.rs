//! Helm's `toYamlPretty` (every Helm since 3.17): the value written by go-yaml v3's encoder
//! with `SetIndent(2)`, directly (not through JSON as `toYaml` is), the final newline trimmed.
//!
//! What differs from `toYaml` (go-yaml v2 through JSON), each checked with the real Helms:
//! sequences inside a mapping are indented under their key (`a:\n  - 1`); numbers keep their
//! Go type (a values-file `1000000` is a float64: `1e+06`); strings are quoted by YAML 1.2's
//! rules plus the YAML 1.1 booleans (`"yes"`, `"1"`, `"1.5"`, `"2001-12-14"`, but `NaN` and
//! `0o` plain only where 1.2 reads them as strings), with double quotes, or single quotes where
//! only the characters need quoting (`'- a'`); long lines are never folded; a multi-line key is
//! a complex key (`? |-`); and Helm v3.18.0's `json.Number` values are strings (`"5"`).
//!
//! The emitter is libyaml's as go-yaml v3 ports it, for block style only: the scalar analysis
//! and style choice (`yaml_emitter_analyze_scalar`, `select_scalar_style`), the writers of the
//! four scalar styles (with go-yaml's `is_bom` quirk: after a leading byte-order mark every
//! character of a double-quoted scalar is escaped), and its indentation bookkeeping.

use crate::gotpl::func::Ctx;
use crate::gotpl::value::Value;
use crate::yaml::{is_blankz, is_break, is_printable};

use super::conv::{arg, string, FResult};

/// `toYamlPretty`: go-yaml v3's text of the value, or `""` where its encoder fails.
pub fn to_yaml_pretty(_: &mut Ctx, a: &[Value]) -> FResult {
    string(encode(arg(a, 0)).unwrap_or_default())
}

/// The encoder's document for `v`, without its final newline.
pub fn encode(v: &Value) -> Option<String> {
    let mut e = Emitter {
        out: String::new(),
        column: 0,
        whitespace: true,
        indention: true,
    };
    e.node(v, -1, Place::Root, 0)?;
    // Document end: a fresh line.
    e.write_indent(0);
    let mut out = e.out;
    if out.ends_with('\n') {
        out.pop();
    }
    Some(out)
}

/// go-yaml v3's `encodeBase64`: standard base64 in lines of 70, each ended by a line feed
/// when there is more than one.
fn binary_text(bytes: &[u8]) -> String {
    use base64::Engine;
    const LINE: usize = 70;
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    if encoded.len() < LINE {
        return encoded;
    }
    let mut out = String::with_capacity(encoded.len() + encoded.len() / LINE + 1);
    for line in encoded.as_bytes().chunks(LINE) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// Where a node is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Root,
    /// A block mapping's value (after `key:`).
    MapValue,
    /// A block sequence's item (after `- `).
    SeqItem,
    /// A simple key.
    Key,
}

/// The scalar styles.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// libyaml's emitter state that the output depends on.
struct Emitter {
    out: String,
    column: usize,
    whitespace: bool,
    indention: bool,
}

/// A nesting deeper than this fails, as go-yaml's would overflow its stack on a cycle.
const MAX_DEPTH: usize = 10_000;

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
        self.indention = true;
    }

    fn write_indent(&mut self, indent: isize) {
        let indent = indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
    }

    fn write_indicator(&mut self, ind: &str, need_ws: bool, is_ws: bool, is_indention: bool) {
        if need_ws && !self.whitespace {
            self.put(' ');
        }
        for c in ind.chars() {
            self.put(c);
        }
        self.whitespace = is_ws;
        self.indention = self.indention && is_indention;
    }

    /// Writes `v`; `indent` is the indentation of the collection holding it (-1 at the root).
    fn node(&mut self, v: &Value, indent: isize, ctx: Place, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match v {
            Value::List(l) if !l.items.is_empty() => {
                let inner = if indent < 0 { 0 } else { indent + 2 };
                for item in l.items.iter() {
                    self.write_indent(inner);
                    self.write_indicator("-", true, false, true);
                    self.node(item, inner, Place::SeqItem, depth + 1)?;
                }
                Some(())
            }
            Value::Map(m) if !m.is_empty() => {
                let entries: Vec<(String, Value)> = m
                    .entries
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                self.mapping(entries, indent, depth)
            }
            Value::List(_) => {
                self.flow_empty("[", "]");
                Some(())
            }
            Value::Map(_) => {
                self.flow_empty("{", "}");
                Some(())
            }
            Value::Object(o) => match (crate::gotpl::json_number::text(v), o.yaml_fields()) {
                (Some(t), _) => self.string(t, indent, ctx),
                // A struct: its fields in declaration order (not sorted, as a map's keys).
                (None, Some(fields)) if fields.is_empty() => {
                    self.flow_empty("{", "}");
                    Some(())
                }
                (None, Some(fields)) => self.fields(fields, indent, depth),
                (None, None) => match o.map_entries() {
                    Some(entries) if !entries.is_empty() => self.mapping(entries, indent, depth),
                    // go-yaml v3 encodes a nil map as `{}` and a nil slice as `[]` (what
                    // `concat` of nothing returns), where JSON says `null`.
                    Some(_) => {
                        self.flow_empty("{", "}");
                        Some(())
                    }
                    None if o.is_nil() && o.kind() == "slice" => {
                        self.flow_empty("[", "]");
                        Some(())
                    }
                    None => self.node(&o.to_json()?, indent, ctx, depth + 1),
                },
            },
            scalar => {
                let text = match scalar {
                    Value::Nil => "null".to_owned(),
                    Value::Bool(b) => b.to_string(),
                    Value::Int(i) | Value::Int64(i) => i.to_string(),
                    Value::Float(f) if f.is_nan() => ".nan".to_owned(),
                    Value::Float(f) if f.is_infinite() => {
                        if *f > 0.0 { ".inf" } else { "-.inf" }.to_owned()
                    }
                    Value::Float(f) => crate::yaml::format_float(*f),
                    Value::String(s) => return self.string(s, indent, ctx),
                    // A `[]byte` is a slice of numbers to go-yaml v3.
                    Value::Bytes(b) => {
                        let numbers = b.iter().map(|&x| Value::Int(i64::from(x))).collect();
                        return self.node(&Value::list(numbers), indent, ctx, depth);
                    }
                    // A string that is not UTF-8: `!!binary`, its base64.
                    Value::RawString(b) => {
                        self.write_indicator("!!binary", true, false, false);
                        let text = binary_text(b);
                        let asked = if text.contains('\n') {
                            Style::Literal
                        } else {
                            Style::Plain
                        };
                        self.scalar(&text, asked, indent, ctx);
                        return Some(());
                    }
                    _ => return None,
                };
                self.scalar(&text, Style::Plain, indent, ctx);
                Some(())
            }
        }
    }

    fn mapping(
        &mut self,
        entries: Vec<(String, Value)>,
        indent: isize,
        depth: usize,
    ) -> Option<()> {
        self.fields(merge_sort(entries), indent, depth)
    }

    /// A block mapping of `entries` in their order.
    fn fields(&mut self, entries: Vec<(String, Value)>, indent: isize, depth: usize) -> Option<()> {
        let inner = if indent < 0 { 0 } else { indent + 2 };
        for (k, v) in &entries {
            self.write_indent(inner);
            let chars = k.chars().count();
            if k.chars().any(is_break) || chars > 128 {
                // Not a simple key: `? key` then `: value`.
                self.write_indicator("?", true, false, true);
                self.string(k, inner, Place::MapValue)?;
                self.write_indent(inner);
                self.write_indicator(":", true, false, true);
                self.node(v, inner, Place::MapValue, depth + 1)?;
                continue;
            }
            self.string(k, inner, Place::Key)?;
            self.write_indicator(":", false, false, false);
            self.node(v, inner, Place::MapValue, depth + 1)?;
        }
        Some(())
    }

    fn flow_empty(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.write_indicator(close, false, false, false);
    }

    /// go-yaml v3's `stringv`: the style it asks for, then the emitter's choice.
    fn string(&mut self, s: &str, indent: isize, ctx: Place) -> Option<()> {
        let asked = if s.contains('\n') {
            Style::Literal
        } else if resolves_to_string(s) && !is_base60_float(s) && !is_old_bool(s) {
            Style::Plain
        } else {
            Style::DoubleQuoted
        };
        self.scalar(s, asked, indent, ctx);
        Some(())
    }

    fn scalar(&mut self, s: &str, asked: Style, indent: isize, ctx: Place) {
        let value: Vec<char> = s.chars().collect();
        let a = analyze(&value);
        let simple_key = ctx == Place::Key;
        let mut style = asked;
        if simple_key && a.multiline {
            style = Style::DoubleQuoted;
        }
        if style == Style::Plain && (!a.plain_allowed || (value.is_empty() && simple_key)) {
            style = Style::SingleQuoted;
        }
        if style == Style::SingleQuoted && !a.single_quoted_allowed {
            style = Style::DoubleQuoted;
        }
        if style == Style::Literal && (!a.block_allowed || simple_key) {
            style = Style::DoubleQuoted;
        }
        // A scalar's own indentation (`increase_indent(flow=true)`): two past its holder.
        let own = if indent < 0 { 2 } else { indent + 2 };
        match style {
            Style::Plain => {
                if !value.is_empty() && !self.whitespace {
                    self.put(' ');
                }
                for &c in &value {
                    self.put(c);
                }
                self.whitespace = false;
                self.indention = false;
            }
            Style::SingleQuoted => self.single_quoted(&value, own),
            Style::DoubleQuoted => self.double_quoted(&value),
            Style::Literal => self.literal(&value, own),
        }
    }

    fn single_quoted(&mut self, value: &[char], indent: isize) {
        self.write_indicator("'", true, false, false);
        let mut breaks = false;
        let mut i = 0;
        while i < value.len() {
            let c = value[i];
            if c == ' ' {
                self.put(c);
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                breaks = true;
            } else {
                if breaks {
                    self.write_indent(indent);
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
            i += 1;
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
            self.indention = true;
        }
    }

    fn double_quoted(&mut self, value: &[char]) {
        self.write_indicator("\"", true, false, false);
        // go-yaml's is_bom looks at the scalar's first bytes, wherever it is.
        let bom_first = value.first() == Some(&'\u{feff}');
        for &c in value {
            if !is_printable(c) || bom_first || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                for e in crate::yaml::escape(c) {
                    self.put(e);
                }
            } else {
                self.put(c);
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn literal(&mut self, value: &[char], indent: isize) {
        self.write_indicator("|", true, false, false);
        // Block scalar hints: an indentation indicator when the text starts with a space or
        // a break, then the chomping indicator.
        if value.first().is_some_and(|&c| c == ' ' || is_break(c)) {
            self.write_indicator("2", false, false, false);
        }
        let chomp = match value.last() {
            None => Some("-"),
            Some(&c) if !is_break(c) => Some("-"),
            Some(_) if value.len() == 1 => Some("+"),
            Some(_) if is_break(value[value.len() - 2]) => Some("+"),
            Some(_) => None,
        };
        if let Some(ch) = chomp {
            self.write_indicator(ch, false, false, false);
        }
        self.put_break();
        self.whitespace = true;
        let mut breaks = true;
        for &c in value {
            if is_break(c) {
                self.write_break(c);
                breaks = true;
            } else {
                if breaks {
                    self.write_indent(indent);
                }
                self.put(c);
                self.indention = false;
                breaks = false;
            }
        }
    }
}

/// go-yaml v3's `keyList.Less` for two string keys: letters by code point, runs of digits by
/// value, and a letter against a non-letter first when the runes before were digits (`1a`
/// before `10`), last otherwise (`_` before `a`). Unlike v2's order (`toYaml`), v3 tracks the
/// digits. Letters and digits are Go's `unicode.IsLetter` and `unicode.IsDigit`.
fn key_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let letter = crate::go::unicode::is_letter;
    let digit = crate::go::unicode::is_digit;
    let mut digits = false;
    for i in 0..ar.len().min(br.len()) {
        if ar[i] == br[i] {
            digits = digit(ar[i]);
            continue;
        }
        let (al, bl) = (letter(ar[i]), letter(br[i]));
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return if digits { al } else { bl };
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if ar[i] == '0' || br[i] == '0' {
            for j in (0..i).rev() {
                if !digit(ar[j]) {
                    break;
                }
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let value = |c: char| i64::from(u32::from(c).wrapping_sub(u32::from('0')) as i32);
        let mut ai = i;
        while ai < ar.len() && digit(ar[ai]) {
            an = an.wrapping_mul(10).wrapping_add(value(ar[ai]));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && digit(br[bi]) {
            bn = bn.wrapping_mul(10).wrapping_add(value(br[bi]));
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

/// Map keys in [`key_less`] order by a stable merge sort: the order is not a total order for
/// some keys, where Rust's own sort may panic.
fn merge_sort(items: Vec<(String, Value)>) -> Vec<(String, Value)> {
    if items.len() <= 1 {
        return items;
    }
    let mut left = items;
    let right = left.split_off(left.len() / 2);
    let (left, right) = (merge_sort(left), merge_sort(right));
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut l = left.into_iter().peekable();
    let mut r = right.into_iter().peekable();
    loop {
        let take_right = match (l.peek(), r.peek()) {
            (Some(a), Some(b)) => key_less(&b.0, &a.0),
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => break,
        };
        if let Some(item) = if take_right { r.next() } else { l.next() } {
            out.push(item);
        }
    }
    out
}

/// What `yaml_emitter_analyze_scalar` finds, for block context.
struct Analysis {
    multiline: bool,
    plain_allowed: bool,
    single_quoted_allowed: bool,
    block_allowed: bool,
}

fn analyze(value: &[char]) -> Analysis {
    if value.is_empty() {
        return Analysis {
            multiline: false,
            plain_allowed: true,
            single_quoted_allowed: true,
            block_allowed: false,
        };
    }
    let mut block_indicators =
        value.starts_with(&['-', '-', '-']) || value.starts_with(&['.', '.', '.']);
    let (mut line_breaks, mut special, mut tabs) = (false, false, false);
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) =
        (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut previous_space, mut previous_break) = (false, false);
    let mut preceded_by_ws = true;
    let n = value.len();
    for (i, &c) in value.iter().enumerate() {
        let followed_by_ws = i + 1 >= n || value[i + 1] == ' ' || value[i + 1] == '\t';
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"'
                | '%' | '@' | '`' => block_indicators = true,
                '?' | ':' | '-' if followed_by_ws => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_ws => block_indicators = true,
                '#' if preceded_by_ws => block_indicators = true,
                _ => {}
            }
        }
        if c == '\t' {
            tabs = true;
        } else if !is_printable(c) {
            special = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i + 1 == n {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            line_breaks = true;
            if i == 0 {
                leading_break = true;
            }
            if i + 1 == n {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_ws = is_blankz(c);
    }
    let mut a = Analysis {
        multiline: line_breaks,
        plain_allowed: true,
        single_quoted_allowed: true,
        block_allowed: true,
    };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.plain_allowed = false;
    }
    if trailing_space {
        a.block_allowed = false;
    }
    if break_space || space_break || tabs || special {
        a.plain_allowed = false;
        a.single_quoted_allowed = false;
    }
    if space_break || special {
        a.block_allowed = false;
    }
    if line_breaks || block_indicators {
        a.plain_allowed = false;
    }
    a
}

/// go-yaml v3's `resolve("", s)` gives `!!str`: the plain scalar would read back as this
/// string (YAML 1.2's core schema, with go-yaml's extras: timestamps, `0o`, underscores).
fn resolves_to_string(s: &str) -> bool {
    let Some(&first) = s.as_bytes().first() else {
        return false; // "" is null
    };
    let hint = match first {
        b'+' | b'-' => b'S',
        b'0'..=b'9' => b'D',
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => b'M',
        b'.' => b'.',
        _ => return true,
    };
    const RESERVED: &[&str] = &[
        "true", "True", "TRUE", "false", "False", "FALSE", "~", "null", "Null", "NULL", ".nan",
        ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf",
        "-.INF",
    ];
    if RESERVED.contains(&s) {
        return false;
    }
    match hint {
        b'M' => true,
        b'.' => !go_parse_float_ok(s),
        _ => {
            if is_timestamp(s) {
                return false;
            }
            let plain: String = s.chars().filter(|&c| c != '_').collect();
            if crate::go::parse_int(&plain, 0).is_some() || parse_go_uint(&plain) {
                return false;
            }
            !(crate::yaml::is_yaml_style_float(&plain) && go_parse_float_ok(&plain))
        }
    }
}

/// Go's `strconv.ParseFloat(s, 64)` succeeds (finite, decimal; the `.` and digit forms go-yaml
/// tries).
fn go_parse_float_ok(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let lower = body.to_ascii_lowercase();
    if matches!(lower.as_str(), "inf" | "infinity" | "nan") {
        return true;
    }
    body.bytes()
        .all(|b| b.is_ascii_digit() || b".eE+-".contains(&b))
        && s.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Go's `strconv.ParseUint(s, 0, 64)` succeeds for a number past `int64`.
fn parse_go_uint(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && s.parse::<u64>().is_ok()
}

/// go-yaml v3's `parseTimestamp`: `YYYY-M-D`, optionally with a time (`T`/`t` and a zone, or a
/// space and none).
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let rest = &s[5..];
    let (date, time) = match rest.find(['T', 't', ' ']) {
        Some(i) => (&rest[..i], Some((rest.as_bytes()[i], &rest[i + 1..]))),
        None => (rest, None),
    };
    let mut parts = date.split('-');
    let (Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let num = |p: &str, max: u32| {
        (1..=2).contains(&p.len())
            && p.bytes().all(|c| c.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|v| (1..=max).contains(&v))
    };
    if !num(m, 12) || !num(d, 31) {
        return false;
    }
    let Some((sep, time)) = time else {
        return true;
    };
    // `15:4:5.999999999` then, after `T`, a zone (`Z` or `±07:00`).
    let (clock, zone) = if sep == b' ' {
        (time, "")
    } else {
        match time.find(['Z', '+', '-']) {
            Some(i) => (&time[..i], &time[i..]),
            None => return false,
        }
    };
    let (hms, frac) = match clock.split_once('.') {
        Some((h, f)) => (h, Some(f)),
        None => (clock, None),
    };
    let fields: Vec<&str> = hms.split(':').collect();
    let field = |p: &str, max: u32| {
        (1..=2).contains(&p.len())
            && p.bytes().all(|c| c.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|v| v <= max)
    };
    let clock_ok = fields.len() == 3
        && field(fields[0], 23)
        && field(fields[1], 59)
        && field(fields[2], 59)
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|c| c.is_ascii_digit()));
    let zone_ok = zone.is_empty() && sep == b' '
        || zone == "Z"
        || (zone.len() == 6
            && zone.as_bytes()[3] == b':'
            && field(&zone[1..3], 23)
            && field(&zone[4..6], 59));
    clock_ok && zone_ok
}

/// YAML 1.1's sexagesimal floats, which go-yaml v3 still quotes (`1:20`).
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(&c) = b.first() else {
        return false;
    };
    if !(c == b'+' || c == b'-' || c.is_ascii_digit()) || !s.contains(':') {
        return false;
    }
    // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (main, frac) = match body.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (body, None),
    };
    if frac.is_some_and(|f| !f.bytes().all(|c| c.is_ascii_digit() || c == b'_')) {
        return false;
    }
    let mut groups = main.split(':');
    let head = groups.next().unwrap_or("");
    let head_ok = head.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && head.bytes().all(|c| c.is_ascii_digit() || c == b'_');
    let mut count = 0;
    let rest_ok = groups.all(|g| {
        count += 1;
        let gb = g.as_bytes();
        match gb.len() {
            1 => gb[0].is_ascii_digit(),
            2 => (b'0'..=b'5').contains(&gb[0]) && gb[1].is_ascii_digit(),
            _ => false,
        }
    });
    head_ok && rest_ok && count > 0
}

/// YAML 1.1's booleans, which go-yaml v3 still quotes.
fn is_old_bool(s: &str) -> bool {
    matches!(
        s,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "on"
            | "On"
            | "ON"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "off"
            | "Off"
            | "OFF"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Go value Helm's templates see for a values file.
    fn values(yaml: &str) -> Value {
        let map = crate::values::parse_values(yaml, "values.yaml")
            .map(|(m, _)| m)
            .unwrap_or_default();
        Value::from_values(&crate::Value::Map(map))
    }

    fn strings(items: &[&str]) -> Value {
        Value::list(items.iter().map(|s| Value::str(s)).collect())
    }

    // Every expectation below is what `toYamlPretty` printed in real Helm 4.3.1 (and 3.17.2).

    #[test]
    fn collections_indent_sequences_under_their_key_and_sort_keys_like_go_yaml_v3() {
        let v = values(
            "m:\n  b: 1\n  a10: x\n  a9: z\n  A: z\n  \"10\": ten\n  \"2\": two\n  _u: u\n  a: [1, 2]\n  e: []\n  em: {}\n  lm:\n  - {k: v, l: w}\n  - [a, b]\n  - []\n",
        );
        assert_eq!(
            encode(&v).as_deref(),
            Some("m:\n  _u: u\n  \"2\": two\n  \"10\": ten\n  A: z\n  a:\n    - 1\n    - 2\n  a9: z\n  a10: x\n  b: 1\n  e: []\n  em: {}\n  lm:\n    - k: v\n      l: w\n    - - a\n      - b\n    - []")
        );
        assert!(key_less("1a", "10") && key_less("_", "a") && key_less("a9", "a10"));
        assert!(!key_less("10", "1a"));
    }

    #[test]
    fn numbers_keep_their_go_type() {
        let v = values("x: [1, 1.5, 1000000, 0.000001, 1e21, -2, 3.0]\n");
        assert_eq!(
            encode(&v).as_deref(),
            Some("x:\n  - 1\n  - 1.5\n  - 1e+06\n  - 1e-06\n  - 1e+21\n  - -2\n  - 3")
        );
        assert_eq!(encode(&Value::Int64(5)).as_deref(), Some("5"));
        assert_eq!(encode(&Value::Nil).as_deref(), Some("null"));
        // Helm v3.18.0's json.Number is a string that reads as a number: quoted.
        let n = crate::gotpl::json_number::JsonNumber::value("5");
        assert_eq!(encode(&n).as_deref(), Some("\"5\""));
    }

    #[test]
    fn strings_are_quoted_by_yaml_1_2_rules_and_their_characters() {
        let cases = [
            ("", "\"\""),
            ("yes", "\"yes\""),
            ("on", "\"on\""),
            ("True", "\"True\""),
            ("~", "\"~\""),
            ("1.5", "\"1.5\""),
            ("0o17", "\"0o17\""),
            ("1_000", "\"1_000\""),
            ("1:20", "\"1:20\""),
            ("12:30:45", "\"12:30:45\""),
            ("2001-12-14", "\"2001-12-14\""),
            (".5", "\".5\""),
            ("1.", "\"1.\""),
            ("NaN", "NaN"),
            ("nULL", "nULL"),
            ("<<", "<<"),
            ("- a", "'- a'"),
            ("a: b", "'a: b'"),
            ("a #b", "'a #b'"),
            (" lead", "' lead'"),
            ("-", "'-'"),
            ("a:b", "a:b"),
            ("?q", "?q"),
            ("quote'it", "quote'it"),
            ("tab\there", "\"tab\\there\""),
            ("\u{7}bell", "\"\\abell\""),
            ("\u{85}nel", "\"\\Nnel\""),
            ("\u{feff}b", "\"\\uFEFF\\x62\""),
            ("caf\u{e9}", "caf\u{e9}"),
            (
                "a very long string that is definitely longer than eighty characters in total so it would fold",
                "a very long string that is definitely longer than eighty characters in total so it would fold",
            ),
        ];
        for (s, want) in cases {
            assert_eq!(encode(&Value::str(s)).as_deref(), Some(want), "{s:?}");
        }
    }

    #[test]
    fn multi_line_strings_are_literal_blocks_with_go_yaml_hints() {
        assert_eq!(
            encode(&Value::str("multi\nline")).as_deref(),
            Some("|-\n  multi\n  line")
        );
        assert_eq!(encode(&Value::str("a\n\n")).as_deref(), Some("|+\n  a\n"));
        assert_eq!(encode(&Value::str("\n")).as_deref(), Some("|2+\n"));
        assert_eq!(
            encode(&strings(&["a\n", "b"])).as_deref(),
            Some("- |\n  a\n- b")
        );
        let mut m = std::collections::BTreeMap::new();
        m.insert("k".to_owned(), Value::str(" multi\n line\n"));
        m.insert("w".to_owned(), Value::str("white \nspace"));
        m.insert("multi\nkey".to_owned(), Value::Int(1));
        assert_eq!(
            encode(&Value::dict(m)).as_deref(),
            Some("k: |2\n   multi\n   line\n? |-\n  multi\n  key\n: 1\nw: \"white \\nspace\"")
        );
    }
}
