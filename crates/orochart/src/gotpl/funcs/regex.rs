//! Sprig's regular-expression functions with Go's RE2 semantics on the `regex` crate: Go's
//! `\d`, `\w`, `\s` and `\b` are ASCII-only (the crate's are Unicode), a `{` that starts no
//! repetition is a literal, and compile errors read as Go's (`error parsing regexp: missing
//! closing ): `(``). The plain forms panic on a bad pattern (`regexp: Compile(…): …`), the
//! `must` forms return the error.

use regex::{NoExpand, Regex};

use crate::gotpl::func::{Ctx, FuncError};
use crate::gotpl::value::Value;

use super::conv::{int, s, string, strings, FResult};

/// Rewrites a Go pattern into the crate's syntax with Go's meaning.
fn translate(pattern: &str) -> String {
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut i = 0;
    let mut class_depth = 0usize;
    while i < chars.len() {
        let c = chars[i];
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
            if c == '[' && chars.get(i + 1) == Some(&':') {
                // A POSIX class `[:alpha:]` inside a bracket.
                if let Some(end) = chars[i + 2..].windows(2).position(|w| w == [':', ']']) {
                    let stop = i + 2 + end + 2;
                    out.extend(&chars[i..stop]);
                    i = stop;
                    continue;
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
            '{' if !is_repeat(&chars[i..]) => {
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

/// Whether `{…` starts a repetition `{n}`, `{n,}` or `{n,m}`.
fn is_repeat(chars: &[char]) -> bool {
    let Some(end) = chars.iter().position(|&c| c == '}') else {
        return false;
    };
    let body: String = chars[1..end].iter().collect();
    let (lo, hi) = match body.split_once(',') {
        Some((lo, hi)) => (lo, Some(hi)),
        None => (body.as_str(), None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    digits(lo) && hi.is_none_or(|h| h.is_empty() || digits(h))
}

/// The crate's error in Go's words.
fn go_error(pattern: &str, err: &regex::Error) -> String {
    let text = err.to_string();
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
        .unwrap_or(&text);
    let (msg, shown) = if what.contains("unclosed group") {
        ("missing closing )", pattern.to_string())
    } else if what.contains("unopened group") {
        ("unexpected )", pattern.to_string())
    } else if what.contains("repetition") && what.contains("range") {
        ("invalid repeat count", span)
    } else if what.contains("class range") {
        ("invalid character class range", span)
    } else if what.contains("escape") {
        ("invalid escape sequence", span)
    } else if what.contains("unclosed character class") {
        ("missing closing ]", span)
    } else if what.contains("repetition operator missing expression") {
        ("missing argument to repetition operator", span)
    } else {
        (what, pattern.to_string())
    };
    format!("error parsing regexp: {msg}: `{shown}`")
}

/// Compiles a Go pattern: `Err` with Go's error text.
///
/// Charts call the same few patterns over and over (grafana's `regexReplaceAllLiteral` in a
/// helper included everywhere), and building a regex costs far more than running it: each
/// thread keeps the patterns it compiled (a `Regex` clone shares the compiled program).
pub(crate) fn compile(pattern: &str) -> Result<Regex, String> {
    /// Patterns kept per thread; past it the cache starts over.
    const KEPT: usize = 256;
    thread_local! {
        static CACHE: std::cell::RefCell<std::collections::HashMap<String, Result<Regex, String>>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    if let Some(hit) = CACHE.with(|c| c.borrow().get(pattern).cloned()) {
        return hit;
    }
    let compiled = Regex::new(&translate(pattern)).map_err(|e| go_error(pattern, &e));
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= KEPT {
            c.clear();
        }
        c.insert(pattern.to_owned(), compiled.clone());
    });
    compiled
}

/// `regexp.MustCompile`'s panic.
fn must_compile(pattern: &str) -> Result<Regex, FuncError> {
    compile(pattern).map_err(|e| FuncError(format!("regexp: Compile(`{pattern}`): {e}")))
}

fn try_compile(pattern: &str) -> Result<Regex, FuncError> {
    compile(pattern).map_err(FuncError)
}

fn find_all(re: &Regex, text: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    let limit = if n < 0 { usize::MAX } else { n as usize };
    re.find_iter(text)
        .take(limit)
        .map(|m| m.as_str().to_string())
        .collect()
}

/// Go's `Regexp.Split`.
fn split(re: &Regex, pattern: &str, text: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    if !pattern.is_empty() && text.is_empty() {
        return vec![String::new()];
    }
    let limit = if n < 0 { usize::MAX } else { n as usize };
    let mut out = Vec::new();
    let (mut beg, mut end) = (0, 0);
    for m in re.find_iter(text).take(limit) {
        if n > 0 && out.len() == limit - 1 {
            break;
        }
        end = m.start();
        if m.end() != 0 {
            out.push(text[beg..end].to_string());
        }
        beg = m.end();
    }
    if end != text.len() {
        out.push(text[beg..].to_string());
    }
    out
}

pub fn regex_match(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::Bool(
        compile(s(a, 0)).is_ok_and(|re| re.is_match(s(a, 1))),
    ))
}

pub fn must_regex_match(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::Bool(try_compile(s(a, 0))?.is_match(s(a, 1))))
}

pub fn regex_find_all(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(strings(find_all(
        &must_compile(s(a, 0))?,
        s(a, 1),
        int(a, 2),
    )))
}

pub fn must_regex_find_all(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(strings(find_all(
        &try_compile(s(a, 0))?,
        s(a, 1),
        int(a, 2),
    )))
}

fn find(re: &Regex, text: &str) -> FResult {
    string(re.find(text).map_or("", |m| m.as_str()))
}

pub fn regex_find(_: &mut Ctx, a: &[Value]) -> FResult {
    find(&must_compile(s(a, 0))?, s(a, 1))
}

pub fn must_regex_find(_: &mut Ctx, a: &[Value]) -> FResult {
    find(&try_compile(s(a, 0))?, s(a, 1))
}

pub fn regex_replace_all(_: &mut Ctx, a: &[Value]) -> FResult {
    string(must_compile(s(a, 0))?.replace_all(s(a, 1), s(a, 2)))
}

pub fn must_regex_replace_all(_: &mut Ctx, a: &[Value]) -> FResult {
    string(try_compile(s(a, 0))?.replace_all(s(a, 1), s(a, 2)))
}

pub fn regex_replace_all_literal(_: &mut Ctx, a: &[Value]) -> FResult {
    string(must_compile(s(a, 0))?.replace_all(s(a, 1), NoExpand(s(a, 2))))
}

pub fn must_regex_replace_all_literal(_: &mut Ctx, a: &[Value]) -> FResult {
    string(try_compile(s(a, 0))?.replace_all(s(a, 1), NoExpand(s(a, 2))))
}

pub fn regex_split(_: &mut Ctx, a: &[Value]) -> FResult {
    let re = must_compile(s(a, 0))?;
    Ok(strings(split(&re, s(a, 0), s(a, 1), int(a, 2))))
}

pub fn must_regex_split(_: &mut Ctx, a: &[Value]) -> FResult {
    let re = try_compile(s(a, 0))?;
    Ok(strings(split(&re, s(a, 0), s(a, 1), int(a, 2))))
}

/// Go's `regexp.QuoteMeta`: a backslash before each of `\.+*?()|[]{}^$`.
pub fn regex_quote_meta(_: &mut Ctx, a: &[Value]) -> FResult {
    let mut out = String::new();
    for c in s(a, 0).chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    string(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gotpl::fmt::to_string;

    fn call(f: fn(&mut Ctx, &[Value]) -> FResult, args: &[&str]) -> String {
        let args: Vec<Value> = args
            .iter()
            .map(|a| match a.parse::<i64>() {
                Ok(i) if a.starts_with(['-', '1', '2']) => Value::Int(i),
                _ => Value::str(a),
            })
            .collect();
        match f(&mut Ctx::new(), &args) {
            Ok(v) => to_string(&v),
            Err(e) => format!("ERR {e}"),
        }
    }

    // Expected text from `helm template` (v3.17.2).
    #[test]
    fn regex_functions_match_helm() {
        assert_eq!(call(regex_find, &["[0-9]+", "ab12cd34"]), "12");
        assert_eq!(
            call(regex_find_all, &["[0-9]+", "ab12cd34", "-1"]),
            "[12 34]"
        );
        assert_eq!(call(regex_split, &["[0-9]", "a1b2c", "2"]), "[a b2c]");
        assert_eq!(
            call(regex_replace_all, &["(a)(x*)", "-ab-axxb-", "${1}W"]),
            "-aWb-aWb-"
        );
        assert_eq!(
            call(regex_replace_all_literal, &["a", "aba", "$1"]),
            "$1b$1"
        );
        assert_eq!(call(regex_quote_meta, &["a.b*c"]), "a\\.b\\*c");
        assert_eq!(call(regex_match, &["^\\d+$", "١٢"]), "false");
        assert_eq!(call(regex_match, &["\\bfoo\\b", "ßfoo"]), "true");
        assert_eq!(call(must_regex_find, &["(?<n>x)", "x"]), "x");
        assert_eq!(call(regex_match, &["^a{$", "a{"]), "true");
    }

    #[test]
    fn a_dash_after_a_class_escape_in_brackets_is_literal_as_in_go() {
        // redis-ha's masterGroupName check (argo-cd's corpus case): Go matches, and reads the
        // `-` as itself.
        assert_eq!(call(regex_match, &["^[\\w-\\.]+$", "my-master.1"]), "true");
        assert_eq!(call(regex_match, &["^[\\w-\\.]+$", "a b"]), "false");
        assert_eq!(call(regex_match, &["^[\\d-]+$", "1-2"]), "true");
    }

    #[test]
    fn compile_errors_read_as_gos() {
        assert_eq!(
            call(regex_find, &["(", "x"]),
            "ERR regexp: Compile(`(`): error parsing regexp: missing closing ): `(`"
        );
        assert_eq!(
            call(must_regex_find, &["(", "x"]),
            "ERR error parsing regexp: missing closing ): `(`"
        );
        assert_eq!(
            call(must_regex_find, &["x)", "x"]),
            "ERR error parsing regexp: unexpected ): `x)`"
        );
        assert_eq!(
            call(must_regex_find, &["[z-a]", "x"]),
            "ERR error parsing regexp: invalid character class range: `z-a`"
        );
        assert_eq!(
            call(must_regex_find, &["\\q", "x"]),
            "ERR error parsing regexp: invalid escape sequence: `\\q`"
        );
        assert_eq!(call(regex_match, &["(", "x"]), "false");
    }
}
