//! Go's `regexp` on the `regex` crates: Go's `\d`, `\w`, `\s` and `\b` are ASCII-only (the
//! crates' are Unicode), a `{` that starts no repetition is a literal, `\Q…\E` quotes text,
//! Go's limits on repetitions hold (see [`repeat_error`]), and compile errors read
//! as Go's (`error parsing regexp: missing closing ): `(``). Sprig's regex functions compile
//! through [`Regexp::compile`]; the values-schema validators (gojsonschema and
//! santhosh-tekuri/jsonschema both match `pattern` and `patternProperties` with Go's `regexp`)
//! through [`compile`].

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::iter::Peekable;
use std::rc::Rc;

use regex::Regex;
use regex_automata::meta;
use regex_automata::util::syntax;
use regex_automata::MatchKind;

use super::regexp_names;
pub(crate) use super::regexp_names::ClassNames;

/// Which tables a pattern's Unicode classes are read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tables {
    /// As the Go that reads class names so reads them: its Unicode version's characters.
    Go(ClassNames),
    /// The crate's own Unicode 16.0 classes (a script it lacks as Unicode 17.0 has it).
    Crate,
}

/// A Unicode class `\\p{name}` (`\\P{name}` when `negated`) as the crate must read it with
/// `tables`: the crate's tables are Unicode 16.0, a Go before 1.27 has Unicode 15.0's and Go
/// 1.27 Unicode 17.0's, so a class that differs ([`super::regexp_classes`]) is written as the
/// crate's with the characters the Go has besides and without those it lacks. Go 1.23 and
/// 1.24's `C` is `Cc`, `Cf`, `Co` and `Cs`, without the unassigned the crate's (and later Go's)
/// has.
fn push_class(out: &mut String, negated: bool, name: &str, tables: Tables) {
    let plain = |out: &mut String| {
        out.push_str(&format!("\\{}{{{name}}}", if negated { 'P' } else { 'p' }));
    };
    let Some(key) = regexp_names::canonical(name) else {
        return plain(out);
    };
    if key == "C" && tables == Tables::Go(ClassNames::Go1_23) {
        out.push_str(if negated { "[^" } else { "[" });
        for part in ["Cc", "Cf", "Co"] {
            push_class(out, false, part, tables);
        }
        out.push(']');
        return;
    }
    let unicode = match tables {
        Tables::Go(names) => names.unicode(),
        // A name the crate lacks is read by Go 1.27 only.
        Tables::Crate => super::UnicodeVersion::V17_0,
    };
    let Some((delta, in_crate)) = super::unicode::delta(key, unicode) else {
        return plain(out);
    };
    if in_crate && (tables == Tables::Crate || delta.add.is_empty() && delta.remove.is_empty()) {
        return plain(out);
    }
    let ranges = |out: &mut String, ranges: &[(u32, u32)]| {
        for &(low, high) in ranges {
            out.push_str(&format!("\\x{{{low:X}}}-\\x{{{high:X}}}"));
        }
    };
    out.push_str(if negated { "[^" } else { "[" });
    let removes = !delta.remove.is_empty();
    if removes {
        out.push('[');
    }
    if in_crate {
        out.push_str(&format!("\\p{{{name}}}"));
    }
    ranges(out, delta.add);
    if removes {
        out.push_str("]--[");
        ranges(out, delta.remove);
        out.push(']');
    }
    out.push(']');
}

/// How many Unicode classes a pattern may have for them to be read as its Go's (see
/// [`translate`]).
const MAX_VERSIONED_CLASSES: usize = 64;

/// Rewrites a Go pattern into the crate's syntax with Go's meaning, for the Go that reads
/// class names as `names`.
fn translate(pattern: &str, names: ClassNames) -> String {
    // Reading a class as its Go's writes up to a few hundred bytes of ranges for it
    // ([`push_class`]): past a few dozen classes (a hostile pattern of thousands), the crate's
    // Unicode 16.0 classes are kept, so that the translation stays the size of the pattern.
    let classes = pattern.matches("\\p").count() + pattern.matches("\\P").count();
    let tables = if classes > MAX_VERSIONED_CLASSES {
        Tables::Crate
    } else {
        Tables::Go(names)
    };
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut i = 0;
    let mut class_depth = 0usize;
    let mut no_name_end = false;
    let mut group_names: HashMap<String, usize> = HashMap::new();
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && chars.get(i + 1) == Some(&'Q') && class_depth == 0 {
            // `\Q…\E` (to the end without `\E`): literal text, which the crate lacks.
            let quoted = &chars[i + 2..];
            let len = quoted.windows(2).position(|w| w == ['\\', 'E']);
            let text: String = quoted[..len.unwrap_or(quoted.len())].iter().collect();
            out.push_str(&regex::escape(&text));
            i = len.map_or(chars.len(), |len| i + 2 + len + 2);
            continue;
        }
        if c == '\\' && chars.get(i + 1).is_some_and(|d| ('0'..='7').contains(d)) {
            // Go's octal escape (`\0`, `\012`; a lone `\1`…`\7` is refused before this):
            // the crate reads `\1` as a backreference.
            let digits: String = chars[i + 1..]
                .iter()
                .take(3)
                .take_while(|d| ('0'..='7').contains(*d))
                .collect();
            let value = u32::from_str_radix(&digits, 8).unwrap_or_default();
            out.push_str(&format!("\\x{{{value:X}}}"));
            i += 1 + digits.len();
            continue;
        }
        if c == '\\' && chars.get(i + 1) == Some(&'x') && chars.get(i + 2) == Some(&'{') {
            // `\x{E9}`: its braces are no repetition (Go has refused a malformed one).
            if let Some(len) = chars[i + 3..].iter().position(|&c| c == '}') {
                out.extend(&chars[i..i + 3 + len + 1]);
                i += 3 + len + 1;
                continue;
            }
        }
        if c == '\\'
            && matches!(chars.get(i + 1), Some('p' | 'P'))
            && chars.get(i + 2).is_some_and(|n| n.is_ascii_alphabetic())
        {
            // `\pL`: a one-letter name, as `\p{L}`.
            let negated = chars[i + 1] == 'P';
            push_class(&mut out, negated, &chars[i + 2].to_string(), tables);
            i += 3;
            continue;
        }
        if c == '\\'
            && matches!(chars.get(i + 1), Some('p' | 'P'))
            && chars.get(i + 2) == Some(&'{')
        {
            // `\p{Greek}`: the name goes to the crate as it is (its braces are no repetition);
            // Go's negation inside the braces, `\p{^Greek}`, is the crate's `\P{Greek}`.
            if let Some(len) = chars[i + 3..].iter().position(|&c| c == '}') {
                let name = &chars[i + 3..i + 3 + len];
                let (negated, name) = match name.split_first() {
                    Some(('^', rest)) => (true, rest),
                    _ => (false, name),
                };
                let upper = chars[i + 1] == 'P';
                let text: String = name.iter().collect();
                if regexp_names::is_surrogates(&text) {
                    // No character of UTF-8 text is a surrogate: a set of none, or of all
                    // (a nested set, which a bracket takes too).
                    out.push_str(if upper != negated {
                        "[\\x{0}-\\x{10FFFF}]"
                    } else {
                        "[^\\x{0}-\\x{10FFFF}]"
                    });
                } else {
                    push_class(&mut out, upper != negated, &text, tables);
                }
                i += 3 + len + 1;
                continue;
            }
        }
        if c == '\\' && i + 1 < chars.len() {
            let e = chars[i + 1];
            let repl = if class_depth == 0 {
                match e {
                    'd' => Some("[0-9]"),
                    'D' => Some("[^0-9]"),
                    'w' => Some("[0-9A-Za-z_]"),
                    'W' => Some("[^0-9A-Za-z_]"),
                    's' => Some("[\\t\\n\\f\\r ]"),
                    'S' => Some("[^\\t\\n\\f\\r ]"),
                    'b' => Some("(?-u:\\b)"),
                    'B' => Some("(?-u:\\B)"),
                    _ => None,
                }
            } else {
                match e {
                    'd' => Some("0-9"),
                    'w' => Some("0-9A-Za-z_"),
                    's' => Some("\\t\\n\\f\\r "),
                    _ => None,
                }
            };
            match repl {
                Some(r) => out.push_str(r),
                None => {
                    out.push(c);
                    out.push(e);
                }
            }
            i += 2;
            // In a class, a `-` after a class escape (`[\w-.]`) is a literal to Go (Perl
            // syntax: a class cannot start a range); the regex crate would read a range.
            if class_depth > 0
                && matches!(e, 'd' | 'D' | 'w' | 'W' | 's' | 'S')
                && chars.get(i) == Some(&'-')
                && chars.get(i + 1) != Some(&']')
            {
                out.push_str("\\-");
                i += 1;
            }
            continue;
        }
        if class_depth > 0 {
            if c == '[' && chars.get(i + 1) == Some(&':') && !no_name_end {
                // A POSIX class `[:alpha:]` inside a bracket.
                match chars[i + 2..].windows(2).position(|w| w == [':', ']']) {
                    Some(end) => {
                        let stop = i + 2 + end + 2;
                        out.extend(&chars[i..stop]);
                        i = stop;
                        continue;
                    }
                    // None after this one either: not searched again (a pattern of many
                    // `[:` would take quadratic time).
                    None => no_name_end = true,
                }
            }
            if c == '[' {
                // Go takes `[` inside a class as a literal.
                out.push_str("\\[");
                i += 1;
                continue;
            }
            if c == ']' {
                class_depth = 0;
            }
            out.push(c);
            i += 1;
            continue;
        }
        if c == '(' {
            // Flag groups (`(?i)`) make no node in Go's tree: an operator after them
            // repeats what came before (`a(?i)*` is `a*` and then the flags). The crate
            // refuses the operator there; it goes before the flags.
            let flags_end = |from: usize| {
                let rest = chars.get(from..)?;
                if !rest.starts_with(&['(', '?']) {
                    return None;
                }
                let len = rest[2..]
                    .iter()
                    .position(|&c| !matches!(c, 'i' | 'm' | 's' | 'U' | '-'))?;
                (rest.get(2 + len) == Some(&')')).then_some(from + 2 + len + 1)
            };
            // The flag groups from `i` to `end`, less the empty ones (`(?)`, nothing to Go),
            // which the crate refuses.
            let push_flags = |out: &mut String, end: usize| {
                let text: String = chars[i..end].iter().collect();
                out.push_str(&text.replace("(?)", ""));
            };
            let mut end = i;
            while let Some(next) = flags_end(end) {
                end = next;
            }
            if end > i {
                let operator = match chars.get(end) {
                    Some('*' | '+' | '?') => Some(1),
                    Some('{') => parse_repeat(chars[end..].iter().copied()).map(|(_, _, len)| len),
                    _ => None,
                };
                if let Some(mut len) = operator {
                    if chars.get(end + len) == Some(&'?') {
                        len += 1;
                    }
                    out.extend(&chars[end..end + len]);
                    push_flags(&mut out, end);
                    i = end + len;
                    continue;
                }
                push_flags(&mut out, end);
                i = end;
                continue;
            }
            // A named group: Go lets a name repeat (`${name}` is the first group of that
            // name); the crate does not, so a repeat gets a name Go cannot write.
            let rest = &chars[i + 1..];
            let open = if rest.starts_with(&['?', 'P', '<']) {
                Some(3)
            } else if rest.starts_with(&['?', '<']) && !matches!(rest.get(2), Some('=' | '!')) {
                Some(2)
            } else {
                None
            };
            if let Some(open) = open {
                if let Some(len) = rest[open..].iter().position(|&c| c == '>') {
                    let name: String = rest[open..open + len].iter().collect();
                    let seen = group_names.entry(name.clone()).or_insert(0usize);
                    *seen += 1;
                    if *seen > 1 {
                        out.push_str(&format!("(?P<{name}.{seen}>"));
                        i += 1 + open + len + 1;
                        continue;
                    }
                }
            }
        }
        match c {
            '[' => {
                class_depth = 1;
                out.push('[');
                i += 1;
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i) == Some(&']') {
                    out.push_str("\\]");
                    i += 1;
                }
            }
            '{' if parse_repeat(chars[i..].iter().copied()).is_none() => {
                out.push_str("\\{");
                i += 1;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Go's `parseRepeat` (`regexp/syntax`): a repetition `{n}`, `{n,}` or `{n,m}` at the start of
/// `s` (which starts with `{`), as `(min, max, length in bytes)`, `max` `None` for `{n,}`.
/// `None` when the `{` is a literal, as it is when a number has a leading zero (`a{01}`
/// matches `a{01}`). Numbers saturate: any count above 1000 is an error to Go anyway. It reads
/// only the digits after the `{`, so scanning a pattern stays linear.
fn parse_repeat(s: impl IntoIterator<Item = char>) -> Option<(u32, Option<u32>, usize)> {
    /// Go's `parseInt`: digits, with no leading zero unless the number is `0`.
    fn int(s: &mut Peekable<impl Iterator<Item = char>>, len: &mut usize) -> Option<u32> {
        let mut n: u32 = 0;
        let mut digits = 0;
        while let Some(d) = s.next_if(char::is_ascii_digit) {
            if digits == 1 && n == 0 {
                return None;
            }
            n = n
                .saturating_mul(10)
                .saturating_add(d.to_digit(10).unwrap_or(0));
            digits += 1;
        }
        *len += digits;
        (digits > 0).then_some(n)
    }
    let mut s = s.into_iter().skip(1).peekable();
    let mut len = 1;
    let min = int(&mut s, &mut len)?;
    let max = if s.next_if_eq(&',').is_some() {
        len += 1;
        if s.peek() == Some(&'}') {
            None
        } else {
            Some(int(&mut s, &mut len)?)
        }
    } else {
        Some(min)
    };
    s.next_if_eq(&'}')?;
    Some((min, max, len + 1))
}

/// The largest count Go allows in a repetition, and for the product of nested counts
/// (`regexp/syntax`'s `maxRepeat`).
const MAX_REPEAT: u32 = 1000;

/// An error Go's parser reports where the crates read on (a repetition operator, found by
/// [`repeat_error`]; a class or escape, by [`class_or_escape_error`]).
#[derive(Debug, PartialEq)]
struct GoError {
    /// The byte where the operator, class or escape starts.
    at: usize,
    /// How many groups are open there.
    open: usize,
    /// Go's error text.
    message: String,
    /// Whether `at` is inside a bracket (a named class's error).
    in_class: bool,
}

/// Go's rules for repetition operators, which the crates lack (`regexp/syntax`'s `parse` and
/// `repeat`; Helm 3.17 and 4.3 agree): the first operator, in reading order, that
/// - has a count above 1000 (`a{1001}`, `a{2,1001}`, `a{1001,}`) or a minimum above its
///   maximum (`a{2,1}`): `invalid repeat count` quoting the braces;
/// - directly follows another operator (`a**`, `a{2}*`, `a{2}?{3}`; `a*?` is one lazy
///   operator): `invalid nested repetition operator` quoting both, with their `?`;
/// - has nothing to repeat (`*`, `(*)`, `a|{2}`): `missing argument to repetition
///   operator` quoting it, with its `?`;
/// - is a count of at least 2 (`{2}`, `{0,2}`, `{2,}`) whose product with the counts nested
///   in what it repeats exceeds 1000 (`(a{500}){3}`, `((a{2}){2}){251}`, `(a|b{1000}){2}`):
///   `invalid repeat count` quoting it, with its `?`. Go's `repeatIsValid`: a count is the
///   maximum, or the minimum when there is none (`{0,}` counts 1); `*`, `+` and `?` count 1;
///   `{0}` hides what it repeats.
///
/// A `(?` group Go cannot read is reported the same way, where it stands (see
/// [`perl_group_end`]): `(?!x)`, `(?<=x)`, `(?P<a.b>x)`.
///
/// `None` when there is no such operator, or when Go stops earlier at something this reader
/// does not check (a bad escape, an unclosed class, `)` with no group): the crates report
/// those. One pass, linear in the pattern's length: a group keeps only the largest product
/// inside it, where Go walks the tree again at each count.
fn repeat_error(pattern: &str) -> Option<GoError> {
    /// A group being read: the largest product of nested counts among its finished items, and
    /// that of its last item, which an operator repeats (`None` after `(` or `|`).
    #[derive(Default)]
    struct Group {
        widest: u32,
        last: Option<u32>,
    }
    impl Group {
        fn finish(&mut self) {
            if let Some(last) = self.last.take() {
                self.widest = self.widest.max(last);
            }
        }
        fn push(&mut self, product: u32) {
            self.finish();
            self.last = Some(product);
        }
        fn product(&self) -> u32 {
            self.widest.max(self.last.unwrap_or(1)).max(1)
        }
    }
    let b = pattern.as_bytes();
    let text = |code: &str, range: std::ops::Range<usize>| {
        let quoted = pattern.get(range).unwrap_or_default();
        format!("error parsing regexp: {code}: `{quoted}`")
    };
    let mut groups = vec![Group::default()];
    // Where the last token's operator started, if the last token was an operator.
    let mut last_repeat: Option<usize> = None;
    // From here on no `:]` ends a `[:name:]` (Go searches for one at each `[:`).
    let mut no_named_end_from = usize::MAX;
    let mut i = 0;
    while i < b.len() {
        let mut repeated = None;
        let open = groups.len() - 1;
        let group = groups.last_mut()?;
        let repetition = match b[i] {
            b'*' => Some((0, None, 1)),
            b'+' => Some((1, None, 1)),
            b'?' => Some((0, Some(1), 1)),
            b'{' => parse_repeat(b[i..].iter().map(|&c| char::from(c))),
            _ => None,
        };
        if let Some((min, max, len)) = repetition {
            let error = |code, range| {
                Some(GoError {
                    at: i,
                    open,
                    message: text(code, range),
                    in_class: false,
                })
            };
            if min > MAX_REPEAT || max.is_some_and(|max| max > MAX_REPEAT || max < min) {
                return error("invalid repeat count", i..i + len);
            }
            let mut end = i + len;
            if b.get(end) == Some(&b'?') {
                end += 1;
            }
            if let Some(previous) = last_repeat {
                return error("invalid nested repetition operator", previous..end);
            }
            let Some(inner) = group.last else {
                return error("missing argument to repetition operator", i..end);
            };
            let product = match max {
                Some(0) => 1,
                Some(max) => max.saturating_mul(inner),
                None => min.max(1).saturating_mul(inner),
            };
            if (min >= 2 || max.is_some_and(|max| max >= 2)) && product > MAX_REPEAT {
                return error("invalid repeat count", i..end);
            }
            group.last = Some(product);
            repeated = Some(i);
            i = end;
        } else {
            match b[i] {
                b'(' => {
                    let (end, opens) = if b.get(i + 1) == Some(&b'?') {
                        match perl_group_end(pattern, i) {
                            Ok(found) => found,
                            Err((code, range)) => {
                                return Some(GoError {
                                    at: i,
                                    open,
                                    message: text(code, range),
                                    in_class: false,
                                })
                            }
                        }
                    } else {
                        (i + 1, true)
                    };
                    if opens {
                        group.finish();
                        groups.push(Group::default());
                    }
                    i = end;
                }
                b'|' => {
                    group.finish();
                    i += 1;
                }
                b')' => {
                    if groups.len() < 2 {
                        return None;
                    }
                    let inner = groups.pop()?.product();
                    groups.last_mut()?.push(inner);
                    i += 1;
                }
                b'[' => {
                    i = class_end(pattern, i, &mut no_named_end_from)?;
                    group.push(1);
                }
                b'\\' => match b.get(i + 1) {
                    // `\Q…\E`: literal text, one item per character, none when empty.
                    Some(b'Q') => {
                        let quoted = &b[i + 2..];
                        let len = quoted.windows(2).position(|w| w == b"\\E");
                        if len.map_or(!quoted.is_empty(), |len| len > 0) {
                            group.push(1);
                        }
                        i = len.map_or(b.len(), |len| i + 2 + len + 2);
                    }
                    Some(b'A' | b'b' | b'B' | b'z' | b'd' | b'D' | b's' | b'S' | b'w' | b'W') => {
                        group.push(1);
                        i += 2;
                    }
                    Some(b'p' | b'P') => {
                        i = unicode_class_end(pattern, i)?;
                        group.push(1);
                    }
                    _ => {
                        i = escape_end(b, i)?;
                        group.push(1);
                    }
                },
                _ => {
                    i += char_len(pattern, i);
                    group.push(1);
                }
            }
        }
        last_repeat = repeated;
    }
    None
}

/// The length in bytes of the character at byte `i`.
fn char_len(pattern: &str, i: usize) -> usize {
    pattern
        .get(i..)
        .and_then(|s| s.chars().next())
        .map_or(1, char::len_utf8)
}

/// Go's `parsePerlFlags` for the `(?` at `i`: where it ends and whether it opens a group
/// (`(?P<name>`, `(?<name>`, `(?i:`; not `(?i)`). `Err` with Go's error code and the text it
/// shows: `invalid named capture` (no `>`, or a name that is not ASCII letters, digits and
/// `_`), `invalid or unsupported Perl syntax` (up to the first character that is no flag:
/// `(?!`, `(?=`, `(?#`).
fn perl_group_end(
    pattern: &str,
    i: usize,
) -> Result<(usize, bool), (&'static str, std::ops::Range<usize>)> {
    let b = pattern.as_bytes();
    let t = b.get(i..).unwrap_or_default();
    if (t.len() > 4 && t[2] == b'P' && t[3] == b'<') || (t.len() > 3 && t[2] == b'<') {
        const NAMED: &str = "invalid named capture";
        let Some(end) = t.iter().position(|&c| c == b'>') else {
            return Err((NAMED, i..b.len()));
        };
        let begin = if t[2] == b'P' { 4 } else { 3 };
        let name = &t[begin..end];
        if name.is_empty() || !name.iter().all(|&c| c == b'_' || c.is_ascii_alphanumeric()) {
            return Err((NAMED, i..i + end + 1));
        }
        return Ok((i + end + 1, true));
    }
    let (mut negated, mut flags) = (false, false);
    let mut j = i + 2;
    while j < b.len() {
        match b[j] {
            b'i' | b'm' | b's' | b'U' => flags = true,
            b'-' if !negated => (negated, flags) = (true, false),
            c @ (b':' | b')') if !negated || flags => return Ok((j + 1, c == b':')),
            _ => {
                return Err((
                    "invalid or unsupported Perl syntax",
                    i..j + char_len(pattern, j),
                ))
            }
        }
        j += 1;
    }
    Err(("invalid or unsupported Perl syntax", i..b.len()))
}

/// Go's `parseClass` for the `[` at `i`: where the class ends. `None` where Go reports an
/// error (a class can also be wrong in ways the crates report: a range out of order, an
/// unknown name).
fn class_end(pattern: &str, i: usize, no_named_end_from: &mut usize) -> Option<usize> {
    let b = pattern.as_bytes();
    let mut t = i + 1;
    if b.get(t) == Some(&b'^') {
        t += 1;
    }
    let mut first = true;
    loop {
        let c = *b.get(t)?;
        if c == b']' && !first {
            return Some(t + 1);
        }
        first = false;
        if c == b'[' && b.get(t + 1) == Some(&b':') && b.len() - t > 2 && t + 2 < *no_named_end_from
        {
            match b[t + 2..].windows(2).position(|w| w == b":]") {
                Some(len) => {
                    t += 2 + len + 2;
                    continue;
                }
                None => *no_named_end_from = t + 2,
            }
        }
        match (c, b.get(t + 1)) {
            (b'\\', Some(b'p' | b'P')) => t = unicode_class_end(pattern, t)?,
            (b'\\', Some(b'd' | b'D' | b's' | b'S' | b'w' | b'W')) => t += 2,
            _ => {
                t = class_char_end(pattern, t)?;
                if b.get(t) == Some(&b'-') && b.get(t + 1).is_some_and(|&c| c != b']') {
                    t = class_char_end(pattern, t + 1)?;
                }
            }
        }
    }
}

/// Go's `parseClassChar`: where the character (or escape) at `t` in a class ends.
fn class_char_end(pattern: &str, t: usize) -> Option<usize> {
    match pattern.as_bytes().get(t)? {
        b'\\' => escape_end(pattern.as_bytes(), t),
        _ => Some(t + char_len(pattern, t)),
    }
}

/// Go's `parseUnicodeClass` for the `\p` or `\P` at `i`: where `\pL` or `\p{Name}` ends.
/// `None` where Go reports an error (no name, no `}`); an unknown name the crates report.
fn unicode_class_end(pattern: &str, i: usize) -> Option<usize> {
    let b = pattern.as_bytes();
    match b.get(i + 2)? {
        b'{' => Some(i + 3 + b[i + 3..].iter().position(|&c| c == b'}')? + 1),
        _ => Some(i + 2 + char_len(pattern, i + 2)),
    }
}

/// Go's `parseEscape` for the `\` at `i` (a character escape, not a class): where it ends.
/// `None` where Go reports an error.
fn escape_end(b: &[u8], i: usize) -> Option<usize> {
    let octal = |j: usize| b.get(j).is_some_and(|d| (b'0'..=b'7').contains(d));
    let hex = |j: usize| b.get(j).and_then(|&d| char::from(d).to_digit(16));
    match *b.get(i + 1)? {
        // `\1` to `\7` alone would be backreferences.
        b'1'..=b'7' if !octal(i + 2) => None,
        b'0'..=b'7' => Some((i + 2..i + 4).find(|&j| !octal(j)).unwrap_or(i + 4)),
        b'x' if b.get(i + 2) == Some(&b'{') => {
            let mut j = i + 3;
            let mut value: u32 = 0;
            while let Some(d) = hex(j) {
                value = value.saturating_mul(16).saturating_add(d);
                if value > 0x10FFFF {
                    return None;
                }
                j += 1;
            }
            (j > i + 3 && b.get(j) == Some(&b'}')).then_some(j + 1)
        }
        b'x' => (hex(i + 2).is_some() && hex(i + 3).is_some()).then_some(i + 4),
        b'a' | b'f' | b'n' | b'r' | b't' | b'v' => Some(i + 2),
        c if c.is_ascii() && !c.is_ascii_alphanumeric() => Some(i + 2),
        _ => None,
    }
}

/// Go's repetition errors ([`repeat_error`]) and class and escape errors
/// ([`class_or_escape_error`]), which it reports before the crates could build anything: the
/// first in the pattern.
fn check_go_errors(pattern: &str, names: ClassNames) -> Result<(), String> {
    let first = [repeat_error(pattern), class_or_escape_error(pattern, names)]
        .into_iter()
        .flatten()
        .min_by_key(|e| e.at);
    let Some(error) = first else {
        return Ok(());
    };
    // Go reads left to right, so an error in the text before the operator (`[z-a]a{1001}`)
    // is the one it reports: the crate reads that text, its bracket and open groups closed.
    if let Some(before) = pattern.get(..error.at) {
        let bracket = if error.in_class { "a]" } else { "" };
        let closed = format!("{before}{bracket}{}", ")".repeat(error.open));
        if let Err(e) = syntax::parse_with(&translate(&closed, ClassNames::Go1_27), &go_syntax()) {
            return Err(go_error(pattern, &e.to_string()));
        }
    }
    Err(error.message)
}

/// Go's error for the first class or escape it refuses where the crate reads on: a digit
/// escape (`\8`, a lone `\1`), a Unicode class name (`\p{Foo}`), or a `[:name:]` in a
/// bracket that is not one of its POSIX classes (`[[:foo:]]`, `[[:Alpha:]]`, which the crate
/// reads as a nested set of characters). As Go does, a `[:` in a bracket names a class up to
/// the next `:]` anywhere after it, and is a literal `[` when there is none.
fn class_or_escape_error(pattern: &str, names: ClassNames) -> Option<GoError> {
    const NAMES: [&str; 14] = [
        "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct",
        "space", "upper", "word", "xdigit",
    ];
    let b = pattern.as_bytes();
    let mut i = 0;
    let mut in_class = false;
    // Once no `:]` follows a `[:`, none follows a later one: not searched again.
    let mut no_name_end = false;
    // Unicode class names already found good.
    let mut known_names = std::collections::HashSet::new();
    // Each open group: whether it captures, and the longest chain of captures closed in it.
    let mut groups: Vec<(bool, usize)> = Vec::new();
    while i < b.len() {
        match b[i] {
            b'\\' if !in_class && b.get(i + 1) == Some(&b'Q') => {
                // `\Q…\E`: literal text.
                i += 2 + pattern[i + 2..].find("\\E")? + 2;
            }
            b'\\' if matches!(b.get(i + 1), Some(b'p' | b'P')) => {
                // A Unicode class ([`unicode_class_end`]; a `{` without its `}` takes the rest
                // of the pattern). The name, without a leading `^`, must be one the Go of
                // the profile reads ([`regexp_names`]).
                let seq = &pattern[i..unicode_class_end(pattern, i).unwrap_or(pattern.len())];
                let name = seq[2..]
                    .strip_prefix('{')
                    .and_then(|n| n.strip_suffix('}'))
                    .unwrap_or(&seq[2..]);
                let name = name.strip_prefix('^').unwrap_or(name);
                let known = known_names.contains(name) || regexp_names::knows(names, name);
                if !known {
                    return Some(GoError {
                        at: i,
                        open: groups.len(),
                        message: format!(
                            "error parsing regexp: invalid character class range: `{seq}`"
                        ),
                        in_class,
                    });
                }
                known_names.insert(name);
                i += seq.len();
            }
            b'\\' => {
                // A digit escape Go refuses ([`escape_end`]): `\8`, `\9`, and `\1`…`\7` not
                // followed by an octal digit (a backreference to Go, which has none).
                if b.get(i + 1).is_some_and(u8::is_ascii_digit) && escape_end(b, i).is_none() {
                    return Some(GoError {
                        at: i,
                        open: groups.len(),
                        message: format!(
                            "error parsing regexp: invalid escape sequence: `{}`",
                            &pattern[i..i + 2]
                        ),
                        in_class,
                    });
                }
                i += 2;
            }
            b'(' if !in_class => {
                let rest = &pattern[i + 1..];
                let captures =
                    !rest.starts_with('?') || rest.starts_with("?P<") || rest.starts_with("?<");
                groups.push((captures, 0));
                i += 1;
            }
            b')' if !in_class => {
                // Go's parse tree is at most 1000 high (`maxHeight`); a capture is a node
                // over its content (a node too), a non-capturing group none. A chain of 1000
                // captures is past it wherever it closes.
                if let Some((captures, inner)) = groups.pop() {
                    let chain = inner + usize::from(captures);
                    if chain >= GO_MAX_HEIGHT {
                        return Some(GoError {
                            at: i,
                            open: groups.len() + 1,
                            message: format!(
                                "error parsing regexp: expression nests too deeply: `{pattern}`"
                            ),
                            in_class,
                        });
                    }
                    if let Some(outer) = groups.last_mut() {
                        outer.1 = outer.1.max(chain);
                    }
                }
                i += 1;
            }
            b'[' if !in_class => {
                in_class = true;
                i += 1;
                if b.get(i) == Some(&b'^') {
                    i += 1;
                }
                // A `]` first in the bracket is itself.
                if b.get(i) == Some(&b']') {
                    i += 1;
                }
            }
            b'[' if !no_name_end && b.get(i + 1) == Some(&b':') => {
                match pattern[i + 2..].find(":]") {
                    Some(end) => {
                        let name = &pattern[i..i + 2 + end + 2];
                        let bare = &name[2..name.len() - 2];
                        if !NAMES.contains(&bare.strip_prefix('^').unwrap_or(bare)) {
                            return Some(GoError {
                                at: i,
                                open: groups.len(),
                                message: format!(
                                    "error parsing regexp: invalid character class range: `{name}`"
                                ),
                                in_class: true,
                            });
                        }
                        i += name.len();
                    }
                    None => {
                        no_name_end = true;
                        i += 1;
                    }
                }
            }
            b']' if in_class => {
                in_class = false;
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Go's limit on the height of a pattern's parse tree (`regexp/syntax`'s `maxHeight`).
const GO_MAX_HEIGHT: usize = 1000;

/// How the crate reads a translated pattern: UTF-8, nesting up to Go's limit (the crate's own
/// stops at 250).
fn go_syntax() -> syntax::Config {
    syntax::Config::default()
        .utf8(true)
        .nest_limit(GO_MAX_HEIGHT as u32)
}

/// The crates' error text (`regex::Error`'s) in Go's words.
fn go_error(pattern: &str, text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    // The crate prints the pattern, a caret line under the offending span, then the error.
    let span = lines
        .get(1)
        .zip(lines.get(2))
        .and_then(|(pat, carets)| {
            let pat = pat.trim_start();
            let indent = carets.len() - carets.trim_start().len();
            let start = indent.checked_sub(lines[1].len() - pat.len())?;
            let width = carets.trim().len();
            let chars: Vec<char> = pat.chars().collect();
            Some(chars.get(start..start + width)?.iter().collect::<String>())
        })
        .unwrap_or_default();
    let what = lines
        .iter()
        .find_map(|l| l.strip_prefix("error: "))
        .unwrap_or(text);
    let (msg, shown) = if what.contains("unclosed group") {
        ("missing closing )", pattern.to_string())
    } else if what.contains("unopened group") {
        ("unexpected )", pattern.to_string())
    } else if what.contains("repetition") && what.contains("range") {
        ("invalid repeat count", span)
    } else if what.contains("class range") {
        ("invalid character class range", span)
    } else if what.contains("incomplete escape sequence") {
        ("trailing backslash at end of expression", String::new())
    } else if what.contains("escape") {
        ("invalid escape sequence", span)
    } else if what.contains("unclosed character class") {
        let class = unclosed_class(pattern).map_or(span, str::to_owned);
        ("missing closing ]", class)
    } else if what.contains("repetition operator missing expression") {
        ("missing argument to repetition operator", span)
    } else if what.contains("maximum number of nested") {
        // The crate counts nesting much as Go measures its tree's height.
        ("expression nests too deeply", pattern.to_string())
    } else {
        (what, pattern.to_string())
    };
    format!("error parsing regexp: {msg}: `{shown}`")
}

/// The class Go's parser finds unclosed in `pattern`: from its `[` to the end of the pattern
/// (Go's `ErrMissingBracket` names the whole rest). Classes are read as Go reads them: a `]`
/// right after `[` or `[^` is a character, `[:name:]` is one item, `\` escapes the next
/// character, and `\Q…\E` outside a class is literal text.
fn unclosed_class(pattern: &str) -> Option<&str> {
    let b = pattern.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' if b.get(i + 1) == Some(&b'Q') => match pattern[i + 2..].find("\\E") {
                Some(end) => i += 2 + end + 2,
                None => return None,
            },
            b'\\' => i += 2,
            b'[' => {
                let mut j = i + 1;
                if b.get(j) == Some(&b'^') {
                    j += 1;
                }
                let mut first = true;
                loop {
                    match b.get(j) {
                        None => return pattern.get(i..),
                        Some(b']') if !first => break,
                        Some(b'[') if b.get(j + 1) == Some(&b':') => {
                            j += match pattern[j + 2..].find(":]") {
                                Some(end) => 2 + end + 2,
                                None => 1,
                            };
                        }
                        Some(b'\\') => j += 2,
                        Some(_) => j += 1,
                    }
                    first = false;
                }
                i = j + 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Patterns kept per thread by each cache; past it the cache starts over.
const KEPT: usize = 256;

/// Looks `pattern` up in a per-thread cache (one for each reading of class names), building
/// and keeping it on a miss.
///
/// Charts call the same few patterns over and over (grafana's `regexReplaceAllLiteral` in a
/// helper included everywhere), and building a regex costs far more than running it.
fn cached<T: Clone>(
    cache: &'static std::thread::LocalKey<[RefCell<Cache<T>>; 3]>,
    names: ClassNames,
    pattern: &str,
    build: impl FnOnce() -> Result<T, String>,
) -> Result<T, String> {
    let slot = names as usize;
    if let Some(hit) = cache.with(|c| c[slot].borrow().get(pattern).cloned()) {
        return hit;
    }
    let compiled = build();
    cache.with(|c| {
        let mut c = c[slot].borrow_mut();
        if c.len() >= KEPT {
            c.clear();
        }
        c.insert(pattern.to_owned(), compiled.clone());
    });
    compiled
}

/// Compiled patterns by their text.
type Cache<T> = HashMap<String, Result<T, String>>;

/// Groups and brackets a pattern may have before [`with_stack_for`] builds it on a thread of
/// its own: the crate's default nesting limit, which a 2 MiB thread stack holds.
const NESTING_FOR_ANY_STACK: usize = 250;

/// The stack [`with_stack_for`] builds a deeply nested pattern on: the crate's compiler
/// recurses once per level, about 2 KiB a level, up to Go's 1000.
const DEEP_PATTERN_STACK: usize = 64 << 20;

/// `build` of `pattern`, on this thread unless the pattern may nest deeper than any stack
/// holds ([`NESTING_FOR_ANY_STACK`]; counted as its `(` and `[`, an upper bound): then on a
/// thread with [`DEEP_PATTERN_STACK`], so that a library caller on a small stack does not
/// overflow it.
fn with_stack_for<T: Send>(
    pattern: &str,
    build: impl FnOnce() -> Result<T, String> + Send,
) -> Result<T, String> {
    let brackets = pattern.bytes().filter(|b| matches!(b, b'(' | b'[')).count();
    if brackets <= NESTING_FOR_ANY_STACK {
        return build();
    }
    std::thread::scope(|scope| {
        let built = std::thread::Builder::new()
            .name("orochart-regexp".into())
            .stack_size(DEEP_PATTERN_STACK)
            .spawn_scoped(scope, build)
            .map_err(|e| format!("regexp: cannot start a thread to compile the pattern: {e}"))?
            .join();
        built.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Compiles a Go pattern into a `regex::Regex`, the type the values-schema validators hold:
/// `Err` with Go's error text. Each thread keeps the patterns it compiled (a `Regex` clone
/// shares the compiled program).
pub(crate) fn compile(pattern: &str, names: ClassNames) -> Result<Regex, String> {
    thread_local! {
        static CACHE: [RefCell<Cache<Regex>>; 3] = Default::default();
    }
    cached(&CACHE, names, pattern, || {
        check_go_errors(pattern, names)?;
        with_stack_for(pattern, || {
            regex::RegexBuilder::new(&translate(pattern, names))
                .nest_limit(GO_MAX_HEIGHT as u32)
                .build()
                .map_err(|e| go_error(pattern, &e.to_string()))
        })
    })
}

/// A compiled Go pattern, for Sprig's regex functions.
///
/// It is `regex-automata`'s `meta::Regex`, the engine inside `regex::Regex`, built with the
/// same settings except one: no fully compiled DFA. `regex::Regex` builds one for a small
/// pattern whenever regex-automata's `dfa` feature is on (`fancy-regex`, under `jsonschema`,
/// turns it on), and that build was about two thirds of what compiling a chart's pattern cost;
/// the lazy DFA used instead finds the same matches, built as it searches. Matching, captures
/// and `$1` expansion are the code `regex::Regex` runs, so results are unchanged.
///
/// An ASCII pattern is compiled first without Unicode: a class that reaches past ASCII
/// (`[^}]`, `.`, `\W`) costs the crate's UTF-8 automaton builder a 320 KB table, about a
/// millisecond in a process that renders a chart in a few, where the byte-wise program is
/// built in microseconds. On ASCII text the two find the same matches (Go's `\d`, `\w`,
/// `\s`, `\b` are ASCII already; Unicode case folding adds only characters outside ASCII),
/// so ASCII text is searched with it; other text with the Unicode program, built the first
/// time such text comes. A pattern the byte-wise reading refuses (`\pL`) is compiled with
/// Unicode only, as before.
///
/// A clone shares the compiled programs and their search scratch space (one thread uses it:
/// the cache is per thread); a `regex::Regex` clone would set up new scratch space each time.
#[derive(Clone)]
pub(crate) struct Regexp(Rc<Programs>);

enum Programs {
    /// A pattern the byte-wise reading refuses, or that is not ASCII.
    Unicode(meta::Regex),
    /// An ASCII pattern.
    Both {
        /// For ASCII text.
        ascii: meta::Regex,
        /// For other text, built the first time it comes.
        unicode: std::cell::OnceCell<meta::Regex>,
        /// The pattern, translated.
        translated: String,
    },
}

/// What `regex::Regex::new` configures (regex 1.x, `builders.rs`), and no full DFA.
fn meta_config(unicode: bool) -> meta::Config {
    meta::Config::new()
        .nfa_size_limit(Some(10 * (1 << 20)))
        .hybrid_cache_capacity(2 * (1 << 20))
        .match_kind(MatchKind::LeftmostFirst)
        .utf8_empty(unicode)
        .dfa(false)
}

/// The program for `translated`; `Err` with the crate's error text.
fn build(translated: &str, unicode: bool) -> Result<meta::Regex, String> {
    let syntax = if unicode {
        go_syntax()
    } else {
        go_syntax().unicode(false).utf8(false)
    };
    meta::Builder::new()
        .configure(meta_config(unicode))
        .syntax(syntax)
        .build(translated)
        .map_err(|e| build_error_text(&e))
}

impl Regexp {
    /// Compiles a Go pattern: `Err` with Go's error text. Each thread keeps the patterns it
    /// compiled.
    pub(crate) fn compile(pattern: &str, names: ClassNames) -> Result<Regexp, String> {
        thread_local! {
            static CACHE: [RefCell<Cache<Regexp>>; 3] = Default::default();
        }
        cached(&CACHE, names, pattern, || {
            check_go_errors(pattern, names)?;
            let translated = translate(pattern, names);
            with_stack_for(pattern, move || {
                let ascii = if pattern.is_ascii() {
                    build(&translated, false).ok()
                } else {
                    None
                };
                Ok(match ascii {
                    Some(ascii) => Programs::Both {
                        ascii,
                        unicode: std::cell::OnceCell::new(),
                        translated,
                    },
                    None => Programs::Unicode(
                        build(&translated, true).map_err(|e| go_error(pattern, &e))?,
                    ),
                })
            })
            .map(|programs| Regexp(Rc::new(programs)))
        })
    }

    /// The program that searches `text`.
    fn program(&self, text: &str) -> &meta::Regex {
        match &*self.0 {
            Programs::Unicode(program) => program,
            Programs::Both { ascii, .. } if text.is_ascii() => ascii,
            Programs::Both {
                ascii,
                unicode,
                translated,
            } => {
                if let Some(program) = unicode.get() {
                    return program;
                }
                // Built as the byte-wise program was; a pattern past the crate's size limit
                // in Unicode only keeps the byte-wise reading.
                let built = with_stack_for(translated, || build(translated, true));
                match built {
                    Ok(program) => unicode.get_or_init(|| program),
                    Err(_) => ascii,
                }
            }
        }
    }

    /// Whether `text` holds a match.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.program(text).is_match(text)
    }

    /// The leftmost-first match's byte range.
    pub(crate) fn find(&self, text: &str) -> Option<std::ops::Range<usize>> {
        self.program(text).find(text).map(|m| m.range())
    }

    /// The successive non-overlapping matches' byte ranges.
    pub(crate) fn find_iter<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
        self.program(text).find_iter(text).map(|m| m.range())
    }

    /// Every match replaced by `with`: as is when `literal`, else with `$1`, `${name}` and
    /// `$$` expanded (`regex::Regex::replace_all` with `NoExpand` or a `&str`, whose code
    /// this is).
    pub(crate) fn replace_all<'t>(&self, text: &'t str, with: &str, literal: bool) -> Cow<'t, str> {
        let mut out = String::new();
        let (mut last, mut matched) = (0, false);
        let program = self.program(text);
        if literal || !with.contains('$') {
            for m in program.find_iter(text) {
                out.push_str(&text[last..m.start()]);
                out.push_str(with);
                (last, matched) = (m.end(), true);
            }
        } else {
            let with = go_replacement(with);
            for caps in program.captures_iter(text) {
                let Some(m) = caps.get_match() else {
                    continue;
                };
                out.push_str(&text[last..m.start()]);
                caps.interpolate_string_into(text, &with, &mut out);
                (last, matched) = (m.end(), true);
            }
        }
        if !matched {
            return Cow::Borrowed(text);
        }
        out.push_str(&text[last..]);
        Cow::Owned(out)
    }
}

/// A replacement template in Go's reading (`Regexp.Expand`), written for the crate's: a name
/// is letters, digits and `_` (Unicode's, not only ASCII), `${name}` needs its `}`, and a `$`
/// starting no name is itself (`${a-b}`, `${}` stay as written, where the crate would put
/// an empty group). Each reference is braced, so a group the translation renamed with a
/// character Go's names lack (a repeated name) cannot be reached.
fn go_replacement(with: &str) -> Cow<'_, str> {
    if !with.contains('$') {
        return Cow::Borrowed(with);
    }
    // Go's `extract`: letters, digits (`unicode.IsLetter`, `IsDigit`) and `_`.
    let is_name = |c: char| c == '_' || super::unicode::is_letter(c) || super::unicode::is_digit(c);
    let mut out = String::with_capacity(with.len() + 8);
    let mut rest = with;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push_str("$$");
            rest = after;
            continue;
        }
        let (braced, body) = match rest.strip_prefix('{') {
            Some(body) => (true, body),
            None => (false, rest),
        };
        let len = body.find(|c: char| !is_name(c)).unwrap_or(body.len());
        let closed = !braced || body[len..].starts_with('}');
        if len == 0 || !closed {
            // Not a reference: the `$` as text.
            out.push_str("$$");
            continue;
        }
        let name = &body[..len];
        rest = &body[len + usize::from(braced)..];
        // Digits with a leading zero are a name in Go, not a group's number: one the crate
        // cannot have (its names start with a letter), so nothing.
        if name.len() > 1 && name.starts_with('0') && name.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        out.push_str("${");
        out.push_str(name);
        out.push('}');
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A `meta::Regex` build error as `regex::Error` prints it.
fn build_error_text(err: &meta::BuildError) -> String {
    match (err.size_limit(), err.syntax_error()) {
        (Some(limit), _) => format!("Compiled regex exceeds size limit of {limit} bytes."),
        (None, Some(syntax)) => syntax.to_string(),
        (None, None) => err.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `Regexp` answers as `regex::Regex` (what Sprig's functions used before) does:
    /// matches, empty matches, Unicode text, and `$` expansion in all its forms.
    #[test]
    fn regexp_answers_as_the_regex_crate() {
        let patterns = [
            r"(-?[^a-z\d\-])+-?",
            r"\W",
            r"-r\d+$|sha256:",
            r"^([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$",
            r"{(v[0-9])*[^}]*}}$",
            r"(?P<first>a)(?<second>x*)",
            r"x*",
            r"\b",
            r"",
            r"é|ß",
            r"(a)|(b)",
            // ASCII patterns searched byte-wise in ASCII text: Unicode folding, classes
            // past ASCII, `.`, escapes of non-ASCII characters.
            r"(?i)k+|S",
            r"(?i)[^k]+",
            r".+",
            r"(?s).",
            r"[^}]+",
            r"\x{E9}|\xE9|a",
            r"[^\x{263A}]",
            r"[[:^alpha:]]+",
            r"\pL+",
            r"\PL",
            r"(?U)a+",
            r"\b\w+\b",
        ];
        let texts = [
            "",
            "My_Release.Name-1",
            "1.2.3-rc.1+build.5",
            "bitnami/keycloak:26.0.7-debian-12-r0",
            "img@sha256:abc",
            "-ab-axxb-",
            "{{v1}} x{v2}}",
            "ßéa b\u{00e9}",
            "abba",
            "Kk\u{212A}ſsS",
            "x\u{263A}y",
        ];
        let withs = [
            "",
            "-",
            "$1",
            "${1}W",
            "$1W",
            "$first$second",
            "${second}",
            "$$",
            "$",
            "$!",
            "${",
            "${1",
            "$10",
            "$0",
            "é$2é",
        ];
        for p in patterns {
            let old = compile(p, ClassNames::Go1_27).unwrap_or_else(|e| panic!("{p}: {e}"));
            let new = Regexp::compile(p, ClassNames::Go1_27).unwrap_or_else(|e| panic!("{p}: {e}"));
            for t in texts {
                assert_eq!(new.is_match(t), old.is_match(t), "{p} {t}");
                assert_eq!(new.find(t), old.find(t).map(|m| m.range()), "{p} {t}");
                let all: Vec<_> = new.find_iter(t).collect();
                let old_all: Vec<_> = old.find_iter(t).map(|m| m.range()).collect();
                assert_eq!(all, old_all, "{p} {t}");
                for w in withs {
                    // The template in Go's reading ([`go_replacement`]), expanded as the
                    // crate expands it.
                    assert_eq!(
                        new.replace_all(t, w, false),
                        old.replace_all(t, go_replacement(w).as_ref()),
                        "{p} {t} {w}"
                    );
                    assert_eq!(
                        new.replace_all(t, w, true),
                        old.replace_all(t, regex::NoExpand(w)),
                        "{p} {t} {w}"
                    );
                }
            }
        }
    }

    /// A class read as its Go's gains and loses a few ranges; a pattern of thousands of
    /// classes keeps the crate's classes and its own size.
    #[test]
    fn versioned_classes_do_not_blow_a_pattern_up() {
        let letters = translate(r"\pL", ClassNames::Go1_23);
        assert!(letters.starts_with(r"[[\p{L}"), "{letters}");
        assert!(letters.len() < 1000, "{}", letters.len());
        assert_ne!(translate(r"\pL", ClassNames::Go1_27), r"\p{L}");
        assert_eq!(translate(r"\p{Greek}", ClassNames::Go1_27), r"\p{Greek}");
        let many = r"\pL".repeat(10_000);
        assert_eq!(
            translate(&many, ClassNames::Go1_23),
            r"\p{L}".repeat(10_000)
        );
        // A script the crate lacks is its ranges, however many classes there are.
        let many = r"\p{Sidetic}".repeat(100);
        assert!(compile(&many, ClassNames::Go1_27).is_ok());
    }

    /// Each Go's classes, measured with each Helm (`regexMatch "^\\p{…}$"`): Unicode 15.0
    /// before Go 1.27 (no Unicode 16 or 17 letter), Unicode 17.0 in it (the crate has 16.0);
    /// Go 1.23 and 1.24's `C` without the unassigned.
    #[test]
    fn classes_are_those_of_each_gos_unicode() {
        use ClassNames::{Go1_23, Go1_25, Go1_27};
        let sidetic = "\u{10940}";
        let garay = "\u{10D50}";
        let unassigned = "\u{378}";
        for (pattern, text, names, want) in [
            (r"^\pL$", sidetic, Go1_23, false),
            (r"^\pL$", sidetic, Go1_25, false),
            (r"^\pL$", sidetic, Go1_27, true),
            (r"^\pL$", garay, Go1_25, false),
            (r"^\pL$", garay, Go1_27, true),
            (r"^\PL$", sidetic, Go1_25, true),
            (r"^\PL$", sidetic, Go1_27, false),
            (r"^[\pL]$", sidetic, Go1_27, true),
            (r"^[^\pL]$", sidetic, Go1_27, false),
            (r"^\p{Lo}$", sidetic, Go1_27, true),
            (r"^\p{Cn}$", sidetic, Go1_25, true),
            (r"^\p{Cn}$", sidetic, Go1_27, false),
            (r"^\p{Assigned}$", sidetic, Go1_25, false),
            (r"^\p{Assigned}$", sidetic, Go1_27, true),
            (r"^\p{Sidetic}$", sidetic, Go1_27, true),
            (r"^\P{Sidetic}$", sidetic, Go1_27, false),
            (r"^\p{Sidetic}$", "a", Go1_27, false),
            (r"^\P{Sidetic}$", "a", Go1_27, true),
            (r"^\p{Garay}$", garay, Go1_27, true),
            (r"^\p{C}$", unassigned, Go1_23, false),
            (r"^\P{C}$", unassigned, Go1_23, true),
            (r"^[\p{C}]$", unassigned, Go1_23, false),
            (r"^\p{C}$", "\u{0}", Go1_23, true),
            (r"^\p{C}$", "\u{AD}", Go1_23, true),
            (r"^\p{C}$", unassigned, Go1_25, true),
            (r"^\p{C}$", unassigned, Go1_27, true),
        ] {
            let re = compile(pattern, names);
            assert_eq!(
                re.map(|re| re.is_match(text)),
                Ok(want),
                "{pattern} {text:?} {names:?}"
            );
        }
    }

    /// The generated classes are sorted by name: `unicode::delta` searches them.
    #[test]
    fn generated_classes_are_sorted() {
        let names: Vec<&str> = crate::go::regexp_classes::CLASSES
            .iter()
            .map(|c| c.name)
            .collect();
        assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
    }

    #[test]
    fn compile_errors_are_the_same_for_both() {
        for p in [
            "(",
            "x)",
            "[z-a]",
            r"\q",
            "[a",
            "*",
            "a{2,1}",
            "(?P<>a)",
            r"\pL{1000}",
        ] {
            let old = compile(p, ClassNames::Go1_27).err();
            let new = Regexp::compile(p, ClassNames::Go1_27).err();
            assert!(old.is_some(), "{p}");
            assert_eq!(new, old, "{p}");
        }
    }

    /// Go's `parseRepeat` cases (`parse_test.go`: malformed `{` is a literal) and numbers
    /// with a leading zero, which Go does not read as counts (Helm 3.17 and 4.3:
    /// `regexMatch "a{01}" "a"` is false, `"a{01}"` matches).
    #[test]
    fn a_brace_is_a_repetition_only_in_go_form() {
        let parse = |s: &str| parse_repeat(s.chars());
        assert_eq!(parse("{2}"), Some((2, Some(2), 3)));
        assert_eq!(parse("{2,}x"), Some((2, None, 4)));
        assert_eq!(parse("{0,250}"), Some((0, Some(250), 7)));
        assert_eq!(parse("{0}"), Some((0, Some(0), 3)));
        assert_eq!(parse("{9876543210}").map(|r| r.0), Some(u32::MAX));
        for literal in [
            "{",
            "{1001",
            "{9876543210",
            "{9876543210,",
            "{2,1",
            "{1,9876543210",
            "{,2}",
            "{01}",
            "{00}",
            "{1,01}",
            "{ 1}",
            "{1,2,3}",
        ] {
            assert_eq!(parse(literal), None, "{literal}");
        }
        let re = Regexp::compile("a{01}", ClassNames::Go1_27).unwrap_or_else(|e| panic!("{e}"));
        assert!(re.is_match("a{01}"));
        assert!(!re.is_match("a"));
    }

    /// The first repetition error in `pattern`, as both compile paths report it.
    fn error_of(pattern: &str) -> Option<String> {
        let old = compile(pattern, ClassNames::Go1_27).err();
        assert_eq!(
            Regexp::compile(pattern, ClassNames::Go1_27).err(),
            old,
            "{pattern}"
        );
        old
    }

    /// Go's `parse_test.go`: patterns with repetitions it parses, and those it refuses
    /// (`invalidRegexps`, and `onlyPOSIX`: operators applied to operators, which Perl
    /// syntax refuses).
    /// Go's `parsePerlFlags` errors: what Helm 4.3 prints for `regexMatch` of each (and what
    /// santhosh's meta-schema check shows for a schema's `pattern`); look-arounds and
    /// comments are no Go syntax.
    #[test]
    fn perl_groups_go_refuses() {
        for (pattern, error) in [
            ("(?!x)", "invalid or unsupported Perl syntax: `(?!`"),
            ("a(?=b", "invalid or unsupported Perl syntax: `(?=`"),
            ("(?#c)", "invalid or unsupported Perl syntax: `(?#`"),
            ("(?x)", "invalid or unsupported Perl syntax: `(?x`"),
            ("(?é)", "invalid or unsupported Perl syntax: `(?é`"),
            ("(?i", "invalid or unsupported Perl syntax: `(?i`"),
            ("(?-)", "invalid or unsupported Perl syntax: `(?-)`"),
            ("(?--i)", "invalid or unsupported Perl syntax: `(?--`"),
            ("(?<=a)b", "invalid named capture: `(?<=a)b`"),
            ("(?<!a)", "invalid named capture: `(?<!a)`"),
            ("(?P<a.b>x)", "invalid named capture: `(?P<a.b>`"),
            ("(?P<>x)", "invalid named capture: `(?P<>`"),
            ("(?<n", "invalid named capture: `(?<n`"),
            ("x(?:a|(?!b))", "invalid or unsupported Perl syntax: `(?!`"),
        ] {
            let want = Some(format!("error parsing regexp: {error}"));
            assert_eq!(
                compile(pattern, ClassNames::Go1_27).err(),
                want,
                "{pattern}"
            );
            assert_eq!(
                Regexp::compile(pattern, ClassNames::Go1_27).err(),
                want,
                "{pattern}"
            );
        }
        for valid in [
            "(?i)a",
            "(?i:a)",
            "(?-s:a)",
            "(?i-s)a",
            "(?P<n>a)",
            "(?<n_1>a)",
            "[(?!]",
        ] {
            assert!(compile(valid, ClassNames::Go1_27).is_ok(), "{valid}");
        }
    }

    #[test]
    fn repetitions_go_parses_and_refuses() {
        for valid in [
            "a*",
            "a+",
            "a?",
            "a{2}",
            "a{2,3}",
            "a{2,}",
            "a*?",
            "a+?",
            "a??",
            "a{2}?",
            "a{2,3}?",
            "a{2,}?",
            "x{1001",
            "x{9876543210",
            "x{9876543210,",
            "x{2,1",
            "x{1,9876543210",
            "a{,2}",
            "a*{",
            "(?:ab)*",
            "(ab)*",
            "(?:a+b+)(?:c+d+)",
            "(?:a+|b+)|(?:c+|d+)",
            "x{2}|x{2}[0-9]",
            "x{2}y|x{2}[0-9]y",
            "a.*?c|a.*?b",
            "((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}))",
            "((((((((((x{1}){2}){2}){2}){2}){2}){2}){2}){2}){2})",
            "(?:[a-z]{4}){0,250}",
        ] {
            assert_eq!(repeat_error(valid), None, "{valid}");
            assert_eq!(error_of(valid), None, "{valid}");
        }
        for (invalid, message) in [
            ("x{1001}", "invalid repeat count: `{1001}`"),
            ("x{9876543210}", "invalid repeat count: `{9876543210}`"),
            ("x{2,1}", "invalid repeat count: `{2,1}`"),
            ("x{1,9876543210}", "invalid repeat count: `{1,9876543210}`"),
            ("a{100000}", "invalid repeat count: `{100000}`"),
            ("a{100000,}", "invalid repeat count: `{100000,}`"),
            (
                "((((((((((x{2}){2}){2}){2}){2}){2}){2}){2}){2}){2})",
                "invalid repeat count: `{2}`",
            ),
            ("(?:[a-z]{4}){0,251}", "invalid repeat count: `{0,251}`"),
            ("a++", "invalid nested repetition operator: `++`"),
            ("a**", "invalid nested repetition operator: `**`"),
            ("a?*", "invalid nested repetition operator: `?*`"),
            ("a+*", "invalid nested repetition operator: `+*`"),
            ("a{1}*", "invalid nested repetition operator: `{1}*`"),
            (
                ".{1}{2}.{3}",
                "invalid nested repetition operator: `{1}{2}`",
            ),
            (r"\Q\E*", "missing argument to repetition operator: `*`"),
        ] {
            let message = format!("error parsing regexp: {message}");
            let found = repeat_error(invalid).map(|e| e.message);
            assert_eq!(found.as_ref(), Some(&message), "{invalid}");
            assert_eq!(error_of(invalid), Some(message), "{invalid}");
        }
    }

    /// What Helm 3.17 and 4.3 print for `mustRegexMatch PATTERN "a"`, or `None` where it
    /// compiles.
    #[test]
    fn repetition_errors_are_helms() {
        for (pattern, message) in [
            ("a{1000}", None),
            ("a{1001}", Some("invalid repeat count: `{1001}`")),
            ("a{2,1001}", Some("invalid repeat count: `{2,1001}`")),
            ("a{1001,}", Some("invalid repeat count: `{1001,}`")),
            ("a{1001}?", Some("invalid repeat count: `{1001}`")),
            ("(a{500}){3}", Some("invalid repeat count: `{3}`")),
            ("(a{500}){3}?", Some("invalid repeat count: `{3}?`")),
            ("(a{10}){101}", Some("invalid repeat count: `{101}`")),
            ("(a{10}){100}", None),
            ("((a{2}){2}){251}", Some("invalid repeat count: `{251}`")),
            ("(a{2}){1000}", Some("invalid repeat count: `{1000}`")),
            ("(?:a{1000}){2}", Some("invalid repeat count: `{2}`")),
            ("(?P<n>a{500}){3}", Some("invalid repeat count: `{3}`")),
            ("(?<n>a{500}){3}", Some("invalid repeat count: `{3}`")),
            ("(?i:a{500}){3}", Some("invalid repeat count: `{3}`")),
            ("a{1000}b{1000}", None),
            ("(a{1000})*", None),
            ("(a|b{1001})", Some("invalid repeat count: `{1001}`")),
            ("(a{500}|b){2}", None),
            ("((a{1000}){0}){2}", None),
            ("((a{1000}){0,}){2}", Some("invalid repeat count: `{2}`")),
            ("((a{1000}){1,}){2}", Some("invalid repeat count: `{2}`")),
            ("((a{1000}){1}){2}", Some("invalid repeat count: `{2}`")),
            ("a{2}(?:){3}", None),
            (
                "a{1000}{2}",
                Some("invalid nested repetition operator: `{1000}{2}`"),
            ),
            ("a{1001}{2}", Some("invalid repeat count: `{1001}`")),
            ("a{1000}{1001}", Some("invalid repeat count: `{1001}`")),
            ("a{2}*", Some("invalid nested repetition operator: `{2}*`")),
            ("a**?", Some("invalid nested repetition operator: `**?`")),
            ("a*??", Some("invalid nested repetition operator: `*??`")),
            ("a*?+", Some("invalid nested repetition operator: `*?+`")),
            (
                "a{2}{3}?x",
                Some("invalid nested repetition operator: `{2}{3}?`"),
            ),
            (
                "a{2}?{3}",
                Some("invalid nested repetition operator: `{2}?{3}`"),
            ),
            ("x*{2}", Some("invalid nested repetition operator: `*{2}`")),
            (
                "[a]{2}{3}",
                Some("invalid nested repetition operator: `{2}{3}`"),
            ),
            (
                r"\x{41}{2}{3}",
                Some("invalid nested repetition operator: `{2}{3}`"),
            ),
            (
                r"\pL{2}{3}",
                Some("invalid nested repetition operator: `{2}{3}`"),
            ),
            (
                "[[:alpha:]]{2}{3}",
                Some("invalid nested repetition operator: `{2}{3}`"),
            ),
            (
                "[!-[:alpha:]]{2}{3}",
                Some("invalid nested repetition operator: `{2}{3}`"),
            ),
            (
                "^{2}{3}",
                Some("invalid nested repetition operator: `{2}{3}`"),
            ),
            (
                "(a{500}|b){1}{2}",
                Some("invalid nested repetition operator: `{1}{2}`"),
            ),
            ("a{,2}**", Some("invalid nested repetition operator: `**`")),
            (
                "a{2,3,4}**",
                Some("invalid nested repetition operator: `**`"),
            ),
            ("x{2}{,3}", None),
            ("*?", Some("missing argument to repetition operator: `*?`")),
            (
                "{2}",
                Some("missing argument to repetition operator: `{2}`"),
            ),
            (
                "{2}?",
                Some("missing argument to repetition operator: `{2}?`"),
            ),
            ("a|*", Some("missing argument to repetition operator: `*`")),
            ("(*)", Some("missing argument to repetition operator: `*`")),
            (
                "(?i)*",
                Some("missing argument to repetition operator: `*`"),
            ),
            (
                "a{99999999999}",
                Some("invalid repeat count: `{99999999999}`"),
            ),
            (
                "a{1,99999999999}",
                Some("invalid repeat count: `{1,99999999999}`"),
            ),
            ("a{100000000}", Some("invalid repeat count: `{100000000}`")),
            // Go reads left to right: an earlier error is the one reported, a missing `)`
            // is found at the end.
            ("[z-a]a{1001}", Some("invalid character class range: `z-a`")),
            ("a{1001}[z-a]", Some("invalid repeat count: `{1001}`")),
            ("(a{1001}", Some("invalid repeat count: `{1001}`")),
            ("(a{1000}){2}(", Some("invalid repeat count: `{2}`")),
            ("a)b{1001}", Some("unexpected ): `a)b{1001}`")),
            // Class names Go knows (`[:^alpha:]` too), and a `[:` with no `:]` after it.
            ("[[:alpha:][:^digit:]]", None),
            ("[[:foo]]", None),
            (
                "[[:foo:]]",
                Some("invalid character class range: `[:foo:]`"),
            ),
            (
                "[[:Alpha:]]",
                Some("invalid character class range: `[:Alpha:]`"),
            ),
            (
                "x[[:foo:]",
                Some("invalid character class range: `[:foo:]`"),
            ),
            (
                "[z-a][[:foo:]]",
                Some("invalid character class range: `z-a`"),
            ),
            (
                "[[:foo:]]a{1001}",
                Some("invalid character class range: `[:foo:]`"),
            ),
            // An unclosed class names the rest of the pattern from its `[`.
            ("map[]", Some("missing closing ]: `[]`")),
            ("a[]b", Some("missing closing ]: `[]b`")),
            ("[^]x", Some("missing closing ]: `[^]x`")),
            ("x[a-", Some("missing closing ]: `[a-`")),
            ("[[:alpha:]x", Some("missing closing ]: `[[:alpha:]x`")),
            (r"[a\]", Some(r"missing closing ]: `[a\]`")),
            ("(a[)", Some("missing closing ]: `[)`")),
            ("(?i)[b", Some("missing closing ]: `[b`")),
            ("a[]]b[", Some("missing closing ]: `[`")),
            (r"\Q[\E[", Some("missing closing ]: `[`")),
            // A backslash at the end, in a class or not.
            (r"a\", Some("trailing backslash at end of expression: ``")),
            (r"[a-\", Some("trailing backslash at end of expression: ``")),
            // Octal escapes; a lone `\1`…`\7` (a backreference), `\8` and `\9` refused.
            (r"\0\12[\101-\103]\1010\777", None),
            (r"(a)\1", Some(r"invalid escape sequence: `\1`")),
            (r"[\8]", Some(r"invalid escape sequence: `\8`")),
            (r"\9[[:foo:]]", Some(r"invalid escape sequence: `\9`")),
            // Unicode classes: braces are no repetition, `^` negates inside them, and a name
            // the crate does not know (or a `name=value` form) is Go's class range error.
            (r"\p{Greek}+\p{L}{2}\P{^N}\pL{3}[\p{^Lu}]", None),
            (
                r"\p{Foo}",
                Some(r"invalid character class range: `\p{Foo}`"),
            ),
            (r"\pX", Some(r"invalid character class range: `\pX`")),
            (
                r"a\p{Greek",
                Some(r"invalid character class range: `\p{Greek`"),
            ),
            (
                r"\p{Script=Greek}",
                Some(r"invalid character class range: `\p{Script=Greek}`"),
            ),
            (r"[z-a]\pX", Some("invalid character class range: `z-a`")),
        ] {
            let message = message.map(|m| format!("error parsing regexp: {m}"));
            assert_eq!(error_of(pattern), message, "{pattern}");
        }
    }

    /// Go's `Expand` rules, written for the crate: references braced, a `$` that starts no
    /// name doubled.
    #[test]
    fn replacement_templates_are_read_as_go_reads_them() {
        for (go, crate_form) in [
            ("plain", "plain"),
            ("$1x ${1}x $$ $", "${1x} ${1}x $$ $$"),
            ("${a-b} ${} ${1", "$${a-b} $${} $${1"),
            ("$é_1.", "${é_1}."),
            // A leading zero makes a name no group has.
            ("${01}|$01|$00|${0}|$0|$10", "|||${0}|${0}|${10}"),
        ] {
            assert_eq!(go_replacement(go), crate_form, "{go}");
        }
    }

    /// Patterns nested to Go's limit compile on a caller's small stack (Rust's 2 MiB for a
    /// spawned thread): the crate's compiler recursion runs on a thread of its own.
    #[test]
    fn deep_patterns_compile_on_a_small_stack() {
        let small = std::thread::Builder::new().stack_size(2 << 20).spawn(|| {
            let groups = format!("{}a{}", "(".repeat(999), ")".repeat(999));
            let mixed = format!("{}a{}", "(?:(".repeat(499), "))".repeat(499));
            [
                Regexp::compile(&groups, ClassNames::Go1_27).is_ok(),
                compile(&groups, ClassNames::Go1_23).is_ok(),
                Regexp::compile(&mixed, ClassNames::Go1_27).is_ok_and(|re| re.is_match("a")),
            ]
        });
        let compiled = small.map(|h| h.join().unwrap_or_default());
        assert_eq!(compiled.ok(), Some([true, true, true]));
    }

    /// Hostile patterns: reading stays linear in their length (a quadratic reader would
    /// take minutes here).
    #[test]
    fn repetition_reading_is_linear() {
        let n = 200_000;
        for pattern in [
            format!("[{}", "[:".repeat(n)),
            "{1".repeat(n),
            "a{1,".repeat(n),
            "(?:".repeat(n),
            "(?P<a>".repeat(n),
            format!("{}a{{1000}}{}", "(".repeat(n), ")".repeat(n)),
            r"\p{L}a{2}".repeat(n),
            r"\Qa\E*".repeat(n),
        ] {
            let _ = repeat_error(&pattern);
            let _ = class_or_escape_error(&pattern, ClassNames::Go1_27);
            let _ = translate(&pattern, ClassNames::Go1_23);
        }
        let nested = format!("{}a{{1000}}{}{{2}}", "(".repeat(n), ")".repeat(n));
        assert_eq!(
            repeat_error(&nested).map(|e| (e.at, e.open)),
            Some((nested.len() - 3, 0))
        );
    }

    /// `\Q…\E` quotes text (Go's `parse_test.go` cases), up to the end without `\E`; an
    /// operator after it repeats its last character, or what precedes an empty one.
    #[test]
    fn quoted_text_is_literal() {
        for (pattern, text, found) in [
            (r"\Q+|*?{[\E", "x+|*?{[x", Some("+|*?{[")),
            (r"\Q+\E+", "a+++", Some("+++")),
            (r"\Qab\E+", "abbb", Some("abbb")),
            (r"\Q\\E", r"a\b", Some(r"\")),
            (r"\Q\\\E", r"a\\b", Some(r"\\")),
            (r"\Qa.b", "a.b", Some("a.b")),
            (r"\Qa.b", "axb", None),
            (r"a\Q\E*", "aaa", Some("aaa")),
            (r"a{2}\Q\E{3}", "aaaaaaa", Some("aaaaaa")),
            (r"(?i)\Qab\E", "AB", Some("AB")),
            (r"\Q$1\E", "x$1", Some("$1")),
        ] {
            let re = Regexp::compile(pattern, ClassNames::Go1_27)
                .unwrap_or_else(|e| panic!("{pattern}: {e}"));
            assert_eq!(re.find(text).map(|m| &text[m]), found, "{pattern}");
        }
        assert_eq!(
            error_of(r"a{500}\Q\E{3}"),
            Some("error parsing regexp: invalid repeat count: `{3}`".into())
        );
        assert_eq!(
            error_of(r"\Q\E*"),
            Some("error parsing regexp: missing argument to repetition operator: `*`".into())
        );
    }
}
