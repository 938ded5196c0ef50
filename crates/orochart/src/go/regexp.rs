//! Go's `regexp` on the `regex` crate: Go's `\d`, `\w`, `\s` and `\b` are ASCII-only (the
//! crate's are Unicode), a `{` that starts no repetition is a literal, and compile errors read
//! as Go's (`error parsing regexp: missing closing ): `(``). Sprig's regex functions and the
//! values-schema validators (gojsonschema and santhosh-tekuri/jsonschema both match `pattern`
//! and `patternProperties` with Go's `regexp`) compile through [`compile`].

use regex::Regex;

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
