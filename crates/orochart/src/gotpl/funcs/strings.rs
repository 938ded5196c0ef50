//! Sprig's string functions (`trunc`, `indent`, `quote`, `title`, `wrap`, `substr`, …), byte
//! for byte as Go computes them: Go slices strings by bytes, and goutils walks bytes where it
//! does (`initials`, `nospace`, `abbrev`, `wrap`).

use crate::go::unicode::{is_number, is_punct, is_upper};
use crate::gotpl::func::{Ctx, FuncError};
use crate::gotpl::value::{Dict, MapType, Value};

use super::conv::{
    arg, int, s, sb, string, string_too_long, strings, strval, strval_value, FResult,
    MAX_STRING_LEN,
};

/// Go's `s[lo:hi]` on a string's bytes, with the runtime's panic when out of range (a
/// negative bound is named without the length or the other bound, as Go's `boundsError`).
fn go_slice(s: &[u8], lo: i64, hi: i64) -> Result<&[u8], FuncError> {
    let len = s.len() as i64;
    if hi < 0 {
        return Err(FuncError(format!(
            "runtime error: slice bounds out of range [:{hi}]"
        )));
    }
    if hi > len {
        return Err(FuncError(format!(
            "runtime error: slice bounds out of range [:{hi}] with length {len}"
        )));
    }
    if lo < 0 {
        return Err(FuncError(format!(
            "runtime error: slice bounds out of range [{lo}:]"
        )));
    }
    if lo > hi {
        return Err(FuncError(format!(
            "runtime error: slice bounds out of range [{lo}:{hi}]"
        )));
    }
    Ok(&s[lo as usize..hi as usize])
}

/// Go's `unicode.IsSpace`.
fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    ) || (c as u32 > 0xff && c.is_whitespace())
}

/// `strings.Repeat`, bounded.
/// The largest allocation Go's runtime tries on linux/amd64 (`maxAlloc`, 2^48 bytes): past
/// it `make` panics at once, before any memory is asked for.
const GO_MAX_ALLOC: u128 = 1 << 48;

/// Go's panic for a `make` past [`GO_MAX_ALLOC`] (`strings.Repeat`'s buffer).
const MAKESLICE_LEN: &str = "runtime error: makeslice: len out of range";

/// The length of Go's `strings.Repeat` of `len` bytes `count` times, or its panic: a
/// negative count, a length past Go's `int` (refused before anything is allocated), one past
/// [`GO_MAX_ALLOC`].
fn repeat_len(len: usize, count: i64) -> Result<u128, FuncError> {
    if count < 0 {
        return Err(FuncError("strings: negative Repeat count".into()));
    }
    let total = (len as u128) * (count as u128);
    if total > i64::MAX as u128 {
        return Err(FuncError("strings: Repeat output length overflow".into()));
    }
    if total > GO_MAX_ALLOC {
        return Err(FuncError(MAKESLICE_LEN.into()));
    }
    Ok(total)
}

fn repeat_str(text: &str, count: i64) -> Result<String, FuncError> {
    let total = repeat_len(text.len(), count)?;
    if total > MAX_STRING_LEN as u128 {
        return Err(string_too_long(total));
    }
    Ok(text.repeat(count as usize))
}

/// Sprig's `trunc` as text: the first `n` bytes of `text`, or with a negative `n` the last
/// `-n`, as Go slices a string; each byte of a cut character a U+FFFD, as the Go engine's
/// `trunc` (whose result keeps the bytes) prints.
pub(crate) fn trunc_str(n: i64, text: &str) -> String {
    crate::go::go_lossy(trunc_bytes(n, text.as_bytes()))
}

/// Sprig's `trunc` of a string's bytes (it cuts bytes, not characters).
fn trunc_bytes(n: i64, text: &[u8]) -> &[u8] {
    let len = text.len() as i64;
    if n < 0 && len + n > 0 {
        return &text[(len + n) as usize..];
    }
    if n >= 0 && len > n {
        return &text[..n as usize];
    }
    text
}

pub fn trunc(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::from_go_bytes(trunc_bytes(int(a, 0), sb(a, 1))))
}

/// goutils `AbbreviateFull` (byte lengths, as Go's: a cut may split a character, whose
/// bytes the result keeps).
fn abbreviate_full(b: &[u8], offset: i64, max_width: i64) -> Option<Vec<u8>> {
    let len = b.len() as i64;
    if b.is_empty() {
        return Some(Vec::new());
    }
    if max_width < 4 {
        return None;
    }
    if len <= max_width {
        return Some(b.to_vec());
    }
    let mut offset = offset.min(len);
    if len - offset < max_width - 3 {
        offset = len - (max_width - 3);
    }
    if offset <= 4 {
        return Some([&b[..(max_width - 3) as usize], b"..."].concat());
    }
    if max_width < 7 {
        return None;
    }
    if offset + max_width - 3 < len {
        let rest = abbreviate_full(&b[offset as usize..], 0, max_width - 3)?;
        return Some([&b"..."[..], &rest].concat());
    }
    Some([&b"..."[..], &b[(len - (max_width - 3)) as usize..]].concat())
}

pub fn abbrev(_: &mut Ctx, a: &[Value]) -> FResult {
    let (width, text) = (int(a, 0), sb(a, 1));
    if width < 4 {
        return Ok(Value::from_go_bytes(text));
    }
    Ok(Value::from_go_bytes(
        &abbreviate_full(text, 0, width).unwrap_or_default(),
    ))
}

pub fn abbrevboth(_: &mut Ctx, a: &[Value]) -> FResult {
    let (left, right, text) = (int(a, 0), int(a, 1), sb(a, 2));
    if right < 4 || left > 0 && right < 7 {
        return Ok(Value::from_go_bytes(text));
    }
    Ok(Value::from_go_bytes(
        &abbreviate_full(text, left, right).unwrap_or_default(),
    ))
}

/// Go's `strings.TrimSpace` (Sprig's `trim`): Go's white space, not Rust's.
pub(crate) fn trim_str(text: &str) -> &str {
    text.trim_matches(is_space)
}

pub fn trim(_: &mut Ctx, a: &[Value]) -> FResult {
    string(trim_str(s(a, 0)))
}

/// A case mapping `c` to `to` as the render's Go has it: Rust's tables are Unicode 17.0,
/// Go's before 1.27 Unicode 15.0, where a mapping to or from a later character (`ɤ` to
/// `\u{A7CB}`, Unicode 16) does not exist yet. (Cased characters are letters, marks, numbers
/// or symbols: assigned exactly when Go prints them.)
fn known_mapping(c: char, to: char) -> char {
    if to == c || (crate::go::is_print(c) && crate::go::is_print(to)) {
        to
    } else {
        c
    }
}

/// Go's `unicode.ToUpper` of one rune: the simple mapping only (`ß` stays `ß`).
pub(crate) fn upper_rune(c: char) -> char {
    known_mapping(c, upper_rune_17(c))
}

/// [`upper_rune`] in Unicode 17.0.
fn upper_rune_17(c: char) -> char {
    let mut it = c.to_uppercase();
    match (it.next(), it.next()) {
        (Some(u), None) => u,
        // Rust's mapping is the full one; Go's the simple one, which only the Greek letters
        // with a subscript iota have beside a full one of two characters: their title-case
        // letter (`ᾀ` is `ᾈ`).
        _ => match c as u32 {
            0x1F80..=0x1FAF if c as u32 & 0xF < 8 => char::from_u32(c as u32 + 8).unwrap_or(c),
            0x1FB3 | 0x1FC3 | 0x1FF3 => char::from_u32(c as u32 + 9).unwrap_or(c),
            _ => c,
        },
    }
}

/// Go's `unicode.ToLower` of one rune (`İ` becomes `i`).
pub(crate) fn lower_rune(c: char) -> char {
    if c == '\u{130}' {
        return 'i';
    }
    let mut it = c.to_lowercase();
    match (it.next(), it.next()) {
        (Some(l), None) => known_mapping(c, l),
        _ => c,
    }
}

/// Go's `unicode.ToTitle` of one rune (the title case of the DŽ digraphs, else upper).
fn title_rune(c: char) -> char {
    match c {
        '\u{1c4}'..='\u{1c6}' => '\u{1c5}',
        '\u{1c7}'..='\u{1c9}' => '\u{1c8}',
        '\u{1ca}'..='\u{1cc}' => '\u{1cb}',
        '\u{1f1}'..='\u{1f3}' => '\u{1f2}',
        c => upper_rune(c),
    }
}

/// Go's `strings.ToUpper` (Sprig's `upper`): each rune's simple mapping.
pub(crate) fn upper_str(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_uppercase();
    }
    text.chars().map(upper_rune).collect()
}

/// Go's `strings.ToLower` (Sprig's `lower`): each rune's simple mapping.
pub(crate) fn lower_str(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars().map(lower_rune).collect()
}

pub fn upper(_: &mut Ctx, a: &[Value]) -> FResult {
    string(upper_str(s(a, 0)))
}

pub fn lower(_: &mut Ctx, a: &[Value]) -> FResult {
    string(lower_str(s(a, 0)))
}

/// Go's `strings.Title` separators: ASCII other than letters, digits and `_`; spaces beyond.
fn is_title_separator(c: char) -> bool {
    if c.is_ascii() {
        return !(c.is_ascii_alphanumeric() || c == '_');
    }
    if crate::go::unicode::is_letter(c) || crate::go::unicode::is_digit(c) {
        return false;
    }
    is_space(c)
}

/// Go's `strings.Title`: the first letter of every word upper-cased.
pub(crate) fn title_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev = ' ';
    for c in text.chars() {
        if is_title_separator(prev) {
            out.push(title_rune(c));
        } else {
            out.push(c);
        }
        prev = c;
    }
    out
}

pub fn title(_: &mut Ctx, a: &[Value]) -> FResult {
    string(title_str(s(a, 0)))
}

pub fn untitle(_: &mut Ctx, a: &[Value]) -> FResult {
    let mut out = String::new();
    let mut next = true;
    for c in s(a, 0).chars() {
        if is_space(c) {
            next = true;
            out.push(c);
        } else if next {
            out.push(lower_rune(c));
            next = false;
        } else {
            out.push(c);
        }
    }
    string(out)
}

pub fn substr(_: &mut Ctx, a: &[Value]) -> FResult {
    let (start, end, text) = (int(a, 0), int(a, 1), sb(a, 2));
    let len = text.len() as i64;
    let r = if start < 0 {
        go_slice(text, 0, end)
    } else if end < 0 || end > len {
        go_slice(text, start, len)
    } else {
        go_slice(text, start, end)
    }?;
    Ok(Value::from_go_bytes(r))
}

pub fn repeat(_: &mut Ctx, a: &[Value]) -> FResult {
    string(repeat_str(s(a, 1), int(a, 0))?)
}

pub fn trim_all(_: &mut Ctx, a: &[Value]) -> FResult {
    let cut = s(a, 0);
    string(s(a, 1).trim_matches(|c| cut.contains(c)))
}

pub fn trim_suffix(_: &mut Ctx, a: &[Value]) -> FResult {
    let t = s(a, 1);
    string(t.strip_suffix(s(a, 0)).unwrap_or(t))
}

pub fn trim_prefix(_: &mut Ctx, a: &[Value]) -> FResult {
    let t = s(a, 1);
    string(t.strip_prefix(s(a, 0)).unwrap_or(t))
}

/// goutils `DeleteWhiteSpace`: walks bytes, so a multi-byte character is rebuilt from its
/// bytes as Latin-1 whenever anything was removed (as in Go).
pub fn nospace(_: &mut Ctx, a: &[Value]) -> FResult {
    // goutils reads each byte as a rune (Latin-1), a string that is not UTF-8 too.
    let text = sb(a, 0);
    let kept: Vec<char> = text
        .iter()
        .map(|&b| char::from(b))
        .filter(|&c| !is_space(c))
        .collect();
    if kept.len() == text.len() {
        return Ok(Value::from_go_bytes(text));
    }
    string(kept.into_iter().collect::<String>())
}

/// goutils `Initials` (bytes, as Go's).
pub fn initials(_: &mut Ctx, a: &[Value]) -> FResult {
    let mut out = String::new();
    let mut gap = true;
    for c in s(a, 0).bytes().map(char::from) {
        if is_space(c) {
            gap = true;
        } else if gap {
            out.push(c);
            gap = false;
        }
    }
    string(out)
}

/// goutils `SwapCase`.
pub fn swapcase(_: &mut Ctx, a: &[Value]) -> FResult {
    let mut out = String::new();
    let mut whitespace = true;
    for c in s(a, 0).chars() {
        if is_upper(c) || crate::go::unicode::is_title(c) {
            out.push(lower_rune(c));
            whitespace = false;
        } else if crate::go::unicode::is_lower(c) {
            out.push(if whitespace {
                title_rune(c)
            } else {
                upper_rune(c)
            });
            whitespace = false;
        } else {
            out.push(c);
            whitespace = is_space(c);
        }
    }
    let _ = whitespace;
    string(out)
}

/// goutils `WrapCustom` (Sprig's `wrap` and `wrapWith`) on a string's bytes: it cuts bytes, so a
/// cut may split a character, whose bytes the result keeps.
fn wrap_bytes(b: &[u8], width: i64, newline: &str, long_words: bool) -> Vec<u8> {
    if b.is_empty() {
        return Vec::new();
    }
    let newline = if newline.is_empty() { "\n" } else { newline };
    let width = width.max(1) as usize;
    let len = b.len();
    let mut offset = 0;
    let mut out: Vec<u8> = Vec::with_capacity(len + len / width.max(1));
    while len - offset > width {
        if b[offset] == b' ' {
            offset += 1;
            continue;
        }
        let end = width + offset + 1;
        let space = b[offset..end].iter().rposition(|&c| c == b' ');
        if let Some(i) = space {
            let at = offset + i;
            out.extend_from_slice(&b[offset..at]);
            out.extend_from_slice(newline.as_bytes());
            offset = at + 1;
        } else if long_words {
            let end = width + offset;
            out.extend_from_slice(&b[offset..end]);
            out.extend_from_slice(newline.as_bytes());
            offset += width;
        } else {
            let end = width + offset;
            match b[end..].iter().position(|&c| c == b' ') {
                None => {
                    out.extend_from_slice(&b[offset..]);
                    offset = len;
                }
                Some(i) => {
                    let at = i + end;
                    out.extend_from_slice(&b[offset..at]);
                    out.extend_from_slice(newline.as_bytes());
                    offset = at + 1;
                }
            }
        }
    }
    out.extend_from_slice(&b[offset..]);
    out
}

pub fn wrap(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::from_go_bytes(&wrap_bytes(
        sb(a, 1),
        int(a, 0),
        "",
        false,
    )))
}

pub fn wrap_with(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::from_go_bytes(&wrap_bytes(
        sb(a, 2),
        int(a, 0),
        s(a, 1),
        true,
    )))
}

pub fn contains(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::Bool(s(a, 1).contains(s(a, 0))))
}

pub fn has_prefix(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::Bool(s(a, 1).starts_with(s(a, 0))))
}

pub fn has_suffix(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::Bool(s(a, 1).ends_with(s(a, 0))))
}

/// Sprig's `quote`: each non-nil argument's `strval` as Go's `%q`, space separated.
pub fn quote(_: &mut Ctx, a: &[Value]) -> FResult {
    let parts: Vec<String> = a
        .iter()
        .filter(|v| !v.is_nil())
        .map(|v| match strval_value(v) {
            Value::RawString(b) => crate::go::quote_bytes(&b, false),
            text => crate::go::quote(text.as_str().unwrap_or_default()),
        })
        .collect();
    string(parts.join(" "))
}

/// Sprig's `squote`: each non-nil argument as `'%v'`.
pub fn squote(_: &mut Ctx, a: &[Value]) -> FResult {
    let parts: Vec<String> = a
        .iter()
        .filter(|v| !v.is_nil())
        .map(|v| format!("'{}'", crate::gotpl::fmt::to_string(v)))
        .collect();
    string(parts.join(" "))
}

/// Sprig's `cat`: the non-nil arguments printed with `%v`, space separated.
/// Sprig's `cat`: `fmt.Sprintf` of `%v` for each operand that is not nil, space separated
/// (Go's bytes, which need not be UTF-8).
pub fn cat(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let parts: Vec<Value> = a.iter().filter(|v| !v.is_nil()).cloned().collect();
    let format = vec!["%v"; parts.len()].join(" ");
    Ok(crate::gotpl::fmt::sprintf_value(
        &format,
        &parts,
        ctx.values_type(),
    ))
}

/// Sprig's `indent`: `n` spaces before the first line and after every newline (empty lines
/// too); Go's `strings.Repeat` error for a negative `n`, and orochart's bound on the length.
pub(crate) fn indent_str(n: i64, text: &str) -> Result<String, FuncError> {
    let mut out = String::new();
    push_indented(&mut out, n, text)?;
    Ok(out)
}

/// The width of Sprig's indent pad, `strings.Repeat(" ", n)`, which is made first (so its
/// panics come first).
fn indent_pad(n: i64) -> Result<usize, FuncError> {
    repeat_len(1, n).map(|len| len as usize)
}

/// Appends [`indent_str`]`(n, text)` to `out` (`nindent`'s newline, the fast path's text).
pub(crate) fn push_indented(out: &mut String, n: i64, text: &str) -> Result<(), FuncError> {
    let pad = indent_pad(n)?;
    let total = crate::limits::indented_len(n, text.as_bytes());
    if total > MAX_STRING_LEN as u128 {
        return Err(string_too_long(total));
    }
    out.reserve(text.len() + pad * (1 + text.len() / 16));
    crate::yaml::push_spaces(out, pad);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        out.push_str(&text[start..=end]);
        crate::yaml::push_spaces(out, pad);
        start = end + 1;
    }
    out.push_str(&text[start..]);
    Ok(())
}

/// [`push_indented`] of a string that is not UTF-8: its bytes kept, as Go's `strings`
/// functions keep them.
fn indented_bytes(newline: bool, n: i64, text: &[u8]) -> FResult {
    let pad = indent_pad(n)?;
    let total = crate::limits::indented_len(n, text);
    if total > MAX_STRING_LEN as u128 {
        return Err(string_too_long(total));
    }
    let mut out = Vec::with_capacity(total as usize + 1);
    if newline {
        out.push(b'\n');
    }
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        out.resize(out.len() + pad, b' ');
        out.extend_from_slice(line);
    }
    Ok(Value::from_go_bytes(&out))
}

pub fn indent(_: &mut Ctx, a: &[Value]) -> FResult {
    if let Some(Value::RawString(b)) = a.get(1) {
        return indented_bytes(false, int(a, 0), b);
    }
    string(indent_str(int(a, 0), s(a, 1))?)
}

pub fn nindent(_: &mut Ctx, a: &[Value]) -> FResult {
    if let Some(Value::RawString(b)) = a.get(1) {
        return indented_bytes(true, int(a, 0), b);
    }
    let mut out = String::from("\n");
    push_indented(&mut out, int(a, 0), s(a, 1))?;
    string(out)
}

/// Go's `strings.Replace(src, old, new, -1)` (Sprig's `replace`), within orochart's bound on
/// a string's length: an empty `old` matches before every character and at the end.
pub(crate) fn replace_str(src: &str, old: &str, new: &str) -> Result<String, FuncError> {
    let total = crate::limits::replaced_len(src, old, new);
    if total > MAX_STRING_LEN as u128 {
        return Err(string_too_long(total));
    }
    Ok(src.replace(old, new))
}

pub fn replace(_: &mut Ctx, a: &[Value]) -> FResult {
    if a.iter().any(|v| matches!(v, Value::RawString(_))) {
        return replace_bytes(sb(a, 2), sb(a, 0), sb(a, 1));
    }
    string(replace_str(s(a, 2), s(a, 0), s(a, 1))?)
}

/// [`replace_str`] where a string is not UTF-8: Go's bytes, an empty `old` matching before
/// each rune (each invalid byte one).
fn replace_bytes(src: &[u8], old: &[u8], new: &[u8]) -> FResult {
    let runes = || crate::go::runes(src).map(|r| r.map_or(1, char::len_utf8));
    let matches = if old.is_empty() {
        runes().count() + 1
    } else {
        memchr::memmem::find_iter(src, old).count()
    } as u128;
    let total = (src.len() as u128 + matches * new.len() as u128)
        .saturating_sub(matches * old.len() as u128);
    if total > MAX_STRING_LEN as u128 {
        return Err(string_too_long(total));
    }
    let mut out = Vec::with_capacity(total as usize);
    if old.is_empty() {
        let mut at = 0;
        for len in runes() {
            out.extend_from_slice(new);
            out.extend_from_slice(&src[at..at + len]);
            at += len;
        }
        out.extend_from_slice(new);
    } else {
        let mut at = 0;
        for found in memchr::memmem::find_iter(src, old) {
            out.extend_from_slice(&src[at..found]);
            out.extend_from_slice(new);
            at = found + old.len();
        }
        out.extend_from_slice(&src[at..]);
    }
    Ok(Value::from_go_bytes(&out))
}

pub fn plural(_: &mut Ctx, a: &[Value]) -> FResult {
    string(if int(a, 2) == 1 { s(a, 0) } else { s(a, 1) })
}

pub fn to_string(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(strval_value(arg(a, 0)))
}

/// `strconv.Atoi` with the error dropped: 0 unless the whole string is a decimal integer.
pub fn atoi(_: &mut Ctx, a: &[Value]) -> FResult {
    let t = s(a, 0);
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Value::Int(0));
    }
    Ok(Value::Int(t.parse::<i64>().unwrap_or(0)))
}

/// Go's `strings.SplitN` (`n < 0`: all; `n == 0`: none).
pub(crate) fn split_n(text: &str, sep: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    let limit = if n < 0 { usize::MAX } else { n as usize };
    if sep.is_empty() {
        let chars: Vec<char> = text.chars().collect();
        let mut out: Vec<String> = Vec::new();
        for (i, c) in chars.iter().enumerate() {
            if out.len() + 1 == limit {
                out.push(chars[i..].iter().collect());
                return out;
            }
            out.push(c.to_string());
        }
        return out;
    }
    text.splitn(limit, sep).map(str::to_string).collect()
}

fn split_map(parts: Vec<String>) -> Value {
    let entries = parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| (format!("_{i}"), Value::from(p)))
        .collect::<crate::gotpl::value::Entries>();
    Value::Map(Dict::from_map(entries, MapType::String))
}

pub fn split(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(split_map(split_n(s(a, 1), s(a, 0), -1)))
}

pub fn splitn(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(split_map(split_n(s(a, 2), s(a, 0), int(a, 1))))
}

pub fn split_list(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(strings(split_n(s(a, 1), s(a, 0), -1)))
}

/// Sprig's `strslice`: a slice's non-nil elements as strings; nil as no strings; anything
/// else as one string.
pub(crate) fn strslice(v: &Value) -> Vec<String> {
    match v {
        Value::List(l) => l.items.iter().filter(|i| !i.is_nil()).map(strval).collect(),
        Value::Bytes(b) => b.iter().map(|x| x.to_string()).collect(),
        Value::Nil => Vec::new(),
        other => vec![strval(other)],
    }
}

/// A nil `[]string` (Helm 3's `.Chart.Keywords`) that Sprig's `strslice` hands back as it is
/// (`null` in JSON); any other nil slice or map is what the functions see, empty.
fn nil_strings(v: &Value) -> Result<Value, Value> {
    match v {
        Value::Object(o) if o.is_nil() && o.type_name() == "[]string" => Ok(v.clone()),
        Value::Object(_) => Err(crate::gotpl::exec::slice_object_as_list(v.clone())),
        other => Err(other.clone()),
    }
}

pub fn to_strings(_: &mut Ctx, a: &[Value]) -> FResult {
    match nil_strings(arg(a, 0)) {
        Ok(nil) => Ok(nil),
        Err(v) => Ok(strings(strslice(&v))),
    }
}

pub fn join(_: &mut Ctx, a: &[Value]) -> FResult {
    string(strslice(arg(a, 1)).join(s(a, 0)))
}

pub fn sort_alpha(_: &mut Ctx, a: &[Value]) -> FResult {
    let v = match nil_strings(arg(a, 0)) {
        Ok(nil) => return Ok(nil),
        Err(v) => v,
    };
    match &v {
        // Go sorts the strings' bytes, which need not be UTF-8.
        Value::List(l) if l.items.iter().any(|i| matches!(i, Value::RawString(_))) => {
            let mut items: Vec<Vec<u8>> = l
                .items
                .iter()
                .filter(|i| !i.is_nil())
                .map(|i| match i {
                    Value::RawString(b) => b.to_vec(),
                    i => strval(i).into_bytes(),
                })
                .collect();
            items.sort();
            Ok(Value::List(crate::gotpl::value::List {
                items: std::rc::Rc::new(items.iter().map(|b| Value::from_go_bytes(b)).collect()),
                elem: crate::gotpl::value::ListType::String,
            }))
        }
        Value::List(_) | Value::Bytes(_) => {
            let mut items = strslice(&v);
            items.sort();
            Ok(strings(items))
        }
        // A string's bytes as they are (`strval` of a string is the string).
        Value::RawString(_) => Ok(Value::List(crate::gotpl::value::List {
            items: std::rc::Rc::new(vec![v.clone()]),
            elem: crate::gotpl::value::ListType::String,
        })),
        other => Ok(strings([strval(other)])),
    }
}

/// xstrings' word classes, for `snakecase`, `kebabcase`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Word {
    Invalid,
    Number,
    Upper,
    Alphabet,
    Connector,
    Punct,
    Other,
}

fn is_connector(c: char) -> bool {
    c == '-' || c == '_' || is_space(c)
}

/// xstrings' `isAlphabet`: a letter (Go's `unicode.IsLetter`) outside its CJK ranges.
fn is_alphabet(c: char) -> bool {
    crate::go::unicode::is_letter(c)
        && !matches!(c as u32, 0x4E00..=0x9FCC | 0x3400..=0x4D85 | 0x20000..=0x2B81D)
}

/// xstrings' `nextWord`: the class and the length in chars of the next word. As its
/// `nextValidRune`, a U+FFFD (Go's `RuneError`, which an invalid byte also reads as) is
/// skipped and joins the word after it; a text of nothing else is an invalid word.
fn next_word(s: &[char]) -> (Word, usize) {
    const ERROR: char = '\u{FFFD}';
    if s.is_empty() {
        return (Word::Invalid, 0);
    }
    // The next rune that is not U+FFFD from `from`, and how many chars that took; `prev`
    // and all of them when there is none.
    let valid = |from: usize, prev: char| match s[from..].iter().position(|&c| c != ERROR) {
        Some(i) => (s[from + i], i + 1),
        None => (prev, s.len() - from),
    };
    // Extends the word from `offset` while the next valid rune keeps `keep`; the last rune
    // read and the size of the last step taken.
    let run = |offset: &mut usize, mut r: char, keep: &dyn Fn(char) -> bool| {
        let mut last = 0;
        while *offset < s.len() {
            let (next, size) = valid(*offset, r);
            r = next;
            if !keep(r) {
                break;
            }
            last = size;
            *offset += size;
        }
        (r, last)
    };
    let (r, size) = valid(0, ERROR);
    let mut offset = size;
    if r == ERROR {
        return (Word::Invalid, offset);
    }
    let wt = if is_connector(r) {
        run(&mut offset, r, &is_connector);
        Word::Connector
    } else if is_punct(r) {
        run(&mut offset, r, &is_punct);
        Word::Punct
    } else if is_upper(r) {
        if offset < s.len() {
            let (r2, size) = valid(offset, r);
            if is_upper(r2) {
                offset += size;
                let (last, step) = run(&mut offset, r2, &is_upper);
                let prev_size = if step == 0 { size } else { step };
                // "HTTPStatus": the `S` starts the next word.
                if offset < s.len() && is_alphabet(last) {
                    offset -= prev_size;
                }
            } else if is_alphabet(r2) {
                offset += size;
                run(&mut offset, r2, &|c| is_alphabet(c) && !is_upper(c));
            }
        }
        Word::Upper
    } else if is_alphabet(r) {
        run(&mut offset, r, &|c| is_alphabet(c) && !is_upper(c));
        Word::Alphabet
    } else if is_number(r) {
        run(&mut offset, r, &is_number);
        Word::Number
    } else {
        run(&mut offset, r, &|c| {
            !(is_connector(c) || is_alphabet(c) || is_number(c) || is_punct(c))
        });
        Word::Other
    };
    (wt, offset)
}

fn to_lower(out: &mut String, wt: Word, word: &[char], connector: char) {
    if wt != Word::Upper && wt != Word::Connector {
        out.extend(word);
        return;
    }
    for &c in word {
        if is_connector(c) {
            out.push(connector);
        } else if is_upper(c) {
            out.push(lower_rune(c));
        } else {
            out.push(c);
        }
    }
}

/// xstrings' `camelCaseToLowerCase` (`ToSnakeCase`, `ToKebabCase`).
pub(crate) fn camel_to_lower(text: &str, connector: char) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    if chars.is_empty() {
        return out;
    }
    let mut pos = 0;
    let next = |pos: &mut usize| -> (Word, std::ops::Range<usize>) {
        let (wt, n) = next_word(&chars[*pos..]);
        let r = *pos..*pos + n;
        *pos += n;
        (wt, r)
    };
    let (mut wt, mut word) = next(&mut pos);
    while pos < chars.len() {
        if wt != Word::Connector {
            to_lower(&mut out, wt, &chars[word.clone()], connector);
        }
        let prev = wt;
        let last = word.clone();
        (wt, word) = next(&mut pos);
        match prev {
            Word::Number => {
                while wt == Word::Alphabet || wt == Word::Number {
                    to_lower(&mut out, wt, &chars[word.clone()], connector);
                    (wt, word) = next(&mut pos);
                }
                if wt != Word::Invalid && wt != Word::Punct && wt != Word::Connector {
                    out.push(connector);
                }
            }
            Word::Connector => to_lower(&mut out, prev, &chars[last], connector),
            Word::Punct => {}
            _ => {
                if wt != Word::Number {
                    if wt != Word::Connector && wt != Word::Punct {
                        out.push(connector);
                    }
                    continue;
                }
                if pos >= chars.len() {
                    continue;
                }
                let last = word.clone();
                (wt, word) = next(&mut pos);
                if wt != Word::Alphabet {
                    to_lower(&mut out, Word::Number, &chars[last], connector);
                    if wt != Word::Connector && wt != Word::Punct {
                        out.push(connector);
                    }
                    continue;
                }
                out.push(connector);
                to_lower(&mut out, Word::Number, &chars[last], connector);
                while wt == Word::Alphabet || wt == Word::Number {
                    to_lower(&mut out, wt, &chars[word.clone()], connector);
                    (wt, word) = next(&mut pos);
                }
                if wt != Word::Invalid && wt != Word::Connector && wt != Word::Punct {
                    out.push(connector);
                }
            }
        }
    }
    to_lower(&mut out, wt, &chars[word], connector);
    out
}

pub fn snakecase(_: &mut Ctx, a: &[Value]) -> FResult {
    string(camel_to_lower(s(a, 0), '_'))
}

pub fn kebabcase(_: &mut Ctx, a: &[Value]) -> FResult {
    string(camel_to_lower(s(a, 0), '-'))
}

/// xstrings' `ToPascalCase` (v1.5): connectors dropped and the letter after one upper-cased;
/// a word that starts upper-case has its following capitals lowered (`FOO_BAR` is `FooBar`);
/// leading connectors kept (and, as in Go, the last one twice when nothing follows).
pub(crate) fn pascal_case(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let mut r0 = '\0';
    let mut flag = false;
    while i < chars.len() {
        r0 = chars[i];
        i += 1;
        if !is_connector(r0) {
            flag = is_upper(r0);
            r0 = upper_rune(r0);
            break;
        }
        out.push(r0);
    }
    if i >= chars.len() {
        if !chars.is_empty() {
            out.push(r0);
        }
        return out;
    }
    while i < chars.len() {
        let r1 = r0;
        r0 = chars[i];
        i += 1;
        if is_connector(r0) && is_connector(r1) {
            out.push(r1);
            continue;
        }
        if is_connector(r1) {
            flag = is_upper(r0);
            r0 = upper_rune(r0);
        } else {
            if flag {
                if is_upper(r0) {
                    r0 = lower_rune(r0);
                } else {
                    flag = false;
                }
            }
            out.push(r1);
        }
    }
    out.push(r0);
    out
}

pub fn camelcase(_: &mut Ctx, a: &[Value]) -> FResult {
    string(pascal_case(s(a, 0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(f: fn(&mut Ctx, &[Value]) -> FResult, args: &[Value]) -> String {
        match f(&mut Ctx::new(), args) {
            Ok(v) => crate::gotpl::fmt::to_string(&v),
            Err(e) => format!("ERR {e}"),
        }
    }

    fn v(s: &str) -> Value {
        Value::str(s)
    }

    // Each expectation below was printed by `helm template` (v3.17.2).
    #[test]
    fn string_functions_match_helm() {
        assert_eq!(
            call(title, &[v("hello wOrld-foo_bar x.y")]),
            "Hello WOrld-Foo_bar X.Y"
        );
        assert_eq!(call(untitle, &[v("Hello World")]), "hello world");
        assert_eq!(call(swapcase, &[v("Hello World aBC")]), "hELLO wORLD Abc");
        assert_eq!(call(initials, &[v("First Try")]), "FT");
        assert_eq!(call(nospace, &[v("a b  c\td")]), "abcd");
        assert_eq!(call(abbrev, &[Value::Int(5), v("hello world")]), "he...");
        assert_eq!(
            call(
                abbrevboth,
                &[Value::Int(5), Value::Int(10), v("1234 5678 9123")]
            ),
            "...5678..."
        );
        assert_eq!(
            call(substr, &[Value::Int(1), Value::Int(3), v("hello")]),
            "el"
        );
        assert_eq!(
            call(wrap, &[Value::Int(5), v("Hello World foo")]),
            "Hello\nWorld\nfoo"
        );
        assert_eq!(
            call(wrap_with, &[Value::Int(5), v("\t"), v("Hello World")]),
            "Hello\tWorld"
        );
        assert_eq!(
            call(
                cat,
                &[v("a"), Value::Nil, Value::Int(1), Value::Int(2), v("b")]
            ),
            "a 1 2 b"
        );
        assert_eq!(
            call(squote, &[v("a"), Value::Nil, Value::Int(1)]),
            "'a' '1'"
        );
        assert_eq!(
            call(quote, &[v("a"), Value::Nil, Value::Int(1)]),
            "\"a\" \"1\""
        );
        assert_eq!(call(plural, &[v("one"), v("many"), Value::Int(2)]), "many");
        assert_eq!(call(trim_all, &[v("$"), v("$5.00$")]), "5.00");
        assert_eq!(call(trim, &[v("  a  ")]), "a");
        assert_eq!(call(repeat, &[Value::Int(3), v("ab")]), "ababab");
        assert_eq!(call(split, &[v(","), v("a,b")]), "map[_0:a _1:b]");
        assert_eq!(
            call(splitn, &[v(","), Value::Int(2), v("a,b,c")]),
            "map[_0:a _1:b,c]"
        );
        assert_eq!(call(split_list, &[v(""), v("abc")]), "[a b c]");
        assert_eq!(
            call(
                join,
                &[v("-"), Value::list(vec![Value::Int(1), Value::Nil, v("a")])]
            ),
            "1-a"
        );
        assert_eq!(
            call(
                sort_alpha,
                &[Value::list(vec![v("b"), v("a"), Value::Int(3)])]
            ),
            "[3 a b]"
        );
        assert_eq!(
            call(
                to_strings,
                &[Value::list(vec![
                    Value::Int(1),
                    Value::Nil,
                    Value::Float(2.5)
                ])]
            ),
            "[1 2.5]"
        );
        assert_eq!(call(atoi, &[v("12x")]), "0");
        assert_eq!(call(atoi, &[v(" 12")]), "0");
        assert_eq!(call(atoi, &[v("+12")]), "12");
    }

    #[test]
    fn case_conversions_match_helm() {
        assert_eq!(call(camelcase, &[v("http_server")]), "HttpServer");
        assert_eq!(call(camelcase, &[v("_complex__case_")]), "_Complex_Case_");
        assert_eq!(call(snakecase, &[v("FirstName")]), "first_name");
        assert_eq!(call(kebabcase, &[v("HTTPServer2Go")]), "http-server2-go");
        let camel: Vec<String> = [
            "FOOBar",
            "fooBAR",
            "HTTPServer",
            "foo_BAR_baz",
            "aB_CD",
            "AbC_dEF",
            "A_B",
            "X",
            "__",
            "ab  cd",
            "FOO-BAR",
        ]
        .iter()
        .map(|t| call(camelcase, &[v(t)]))
        .collect();
        assert_eq!(
            camel.join("|"),
            "Foobar|FooBAR|Httpserver|FooBarBaz|ABCd|AbCDEF|AB|X|___|Ab Cd|FooBar"
        );
        assert_eq!(call(upper, &[v("İıǆß")]), "İIǄß");
        assert_eq!(call(lower, &[v("İǄ")]), "iǆ");
        assert_eq!(call(title, &[v("ǆa")]), "ǅa");
        assert_eq!(call(swapcase, &[v("ǆa b")]), "ǅA B");
        assert_eq!(call(untitle, &[v("İx")]), "ix");
    }

    #[test]
    fn trunc_cuts_bytes_from_either_end() {
        assert_eq!(call(trunc, &[Value::Int(5), v("hello world")]), "hello");
        assert_eq!(call(trunc, &[Value::Int(-5), v("hello world")]), "world");
        assert_eq!(call(trunc, &[Value::Int(-50), v("hello")]), "hello");
        assert_eq!(call(trunc, &[Value::Int(63), v("short")]), "short");
    }

    #[test]
    fn indent_pads_every_line() {
        assert_eq!(call(indent, &[Value::Int(2), v("a\n\nb")]), "  a\n  \n  b");
        assert_eq!(call(nindent, &[Value::Int(2), v("a")]), "\n  a");
        assert_eq!(
            call(indent, &[Value::Int(-1), v("a")]),
            "ERR strings: negative Repeat count"
        );
    }

    /// Past Go's `int` the length is Go's overflow panic; past Go's largest allocation (2^48
    /// bytes) its `makeslice` panic (Helm 3.17 and 4.3: `repeat 281474976710657 "a"`,
    /// `nindent 9223372036854775807 "x"`); below that, but past what orochart builds,
    /// orochart's limit (Helm would try to allocate it).
    #[test]
    fn repeat_overflow_is_gos_panic() {
        assert_eq!(
            call(repeat, &[Value::Int(i64::MAX), v("a,b")]),
            "ERR strings: Repeat output length overflow"
        );
        assert_eq!(
            call(repeat, &[Value::Int(i64::MAX / 2 + 1), v("ab")]),
            "ERR strings: Repeat output length overflow"
        );
        let makeslice = "ERR runtime error: makeslice: len out of range";
        assert_eq!(
            call(repeat, &[Value::Int(i64::MAX / 2), v("ab")]),
            makeslice
        );
        assert_eq!(
            call(repeat, &[Value::Int((1 << 48) + 1), v("a")]),
            makeslice
        );
        assert_eq!(call(indent, &[Value::Int(i64::MAX), v("x")]), makeslice);
        assert_eq!(
            call(nindent, &[Value::Int((1 << 48) + 1), v("")]),
            makeslice
        );
        assert!(call(repeat, &[Value::Int(1 << 48), v("a")]).contains("limit"));
        assert!(call(indent, &[Value::Int(1 << 40), v("x")]).contains("limit"));
        assert_eq!(call(repeat, &[Value::Int(i64::MAX), v("")]), "");
    }

    #[test]
    fn substr_out_of_range_is_gos_panic() {
        assert_eq!(
            call(substr, &[Value::Int(-1), Value::Int(5), v("abc")]),
            "ERR runtime error: slice bounds out of range [:5] with length 3"
        );
        assert_eq!(
            call(substr, &[Value::Int(1), Value::Int(-1), v("abc")]),
            "bc"
        );
        // A negative bound: Go names it alone (Helm 3.17 to 4.3).
        assert_eq!(
            call(substr, &[Value::Int(-1), Value::Int(-5), v("abc")]),
            "ERR runtime error: slice bounds out of range [:-5]"
        );
        assert_eq!(
            call(substr, &[Value::Int(5), Value::Int(-1), v("abc")]),
            "ERR runtime error: slice bounds out of range [5:3]"
        );
    }

    #[test]
    fn huge_repeat_is_a_clean_error() {
        let r = call(repeat, &[Value::Int(1_000_000_000_000), v("ab")]);
        assert_eq!(
            r,
            "ERR a string of 2000000000000 bytes is more than orochart's limit of 67108864 bytes"
        );
    }
}
