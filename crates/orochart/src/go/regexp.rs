//! Go's `regexp` on the `regex` crates: Go's `\d`, `\w`, `\s` and `\b` are ASCII-only (the
//! crates' are Unicode), a `{` that starts no repetition is a literal, and compile errors read
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

/// Patterns kept per thread by each cache; past it the cache starts over.
const KEPT: usize = 256;

/// Looks `pattern` up in a per-thread cache, building and keeping it on a miss.
///
/// Charts call the same few patterns over and over (grafana's `regexReplaceAllLiteral` in a
/// helper included everywhere), and building a regex costs far more than running it.
fn cached<T: Clone>(
    cache: &'static std::thread::LocalKey<RefCell<HashMap<String, Result<T, String>>>>,
    pattern: &str,
    build: impl FnOnce() -> Result<T, String>,
) -> Result<T, String> {
    if let Some(hit) = cache.with(|c| c.borrow().get(pattern).cloned()) {
        return hit;
    }
    let compiled = build();
    cache.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= KEPT {
            c.clear();
        }
        c.insert(pattern.to_owned(), compiled.clone());
    });
    compiled
}

/// Compiles a Go pattern into a `regex::Regex`, the type the values-schema validators hold:
/// `Err` with Go's error text. Each thread keeps the patterns it compiled (a `Regex` clone
/// shares the compiled program).
pub(crate) fn compile(pattern: &str) -> Result<Regex, String> {
    thread_local! {
        static CACHE: RefCell<HashMap<String, Result<Regex, String>>> =
            RefCell::new(HashMap::new());
    }
    cached(&CACHE, pattern, || {
        Regex::new(&translate(pattern)).map_err(|e| go_error(pattern, &e.to_string()))
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
/// A clone shares the compiled program and its search scratch space (one thread uses it:
/// the cache is per thread); a `regex::Regex` clone would set up new scratch space each time.
#[derive(Clone)]
pub(crate) struct Regexp(Rc<meta::Regex>);

impl Regexp {
    /// Compiles a Go pattern: `Err` with Go's error text. Each thread keeps the patterns it
    /// compiled.
    pub(crate) fn compile(pattern: &str) -> Result<Regexp, String> {
        thread_local! {
            static CACHE: RefCell<HashMap<String, Result<Regexp, String>>> =
                RefCell::new(HashMap::new());
        }
        cached(&CACHE, pattern, || {
            // What `regex::Regex::new` configures (regex 1.x, `builders.rs`), and no full DFA.
            let config = meta::Config::new()
                .nfa_size_limit(Some(10 * (1 << 20)))
                .hybrid_cache_capacity(2 * (1 << 20))
                .match_kind(MatchKind::LeftmostFirst)
                .utf8_empty(true)
                .dfa(false);
            meta::Builder::new()
                .configure(config)
                .syntax(syntax::Config::default().utf8(true))
                .build(&translate(pattern))
                .map(|re| Regexp(Rc::new(re)))
                .map_err(|e| go_error(pattern, &build_error_text(&e)))
        })
    }

    /// Whether `text` holds a match.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.0.is_match(text)
    }

    /// The leftmost-first match's byte range.
    pub(crate) fn find(&self, text: &str) -> Option<std::ops::Range<usize>> {
        self.0.find(text).map(|m| m.range())
    }

    /// The successive non-overlapping matches' byte ranges.
    pub(crate) fn find_iter<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = std::ops::Range<usize>> + 'a {
        self.0.find_iter(text).map(|m| m.range())
    }

    /// Every match replaced by `with`: as is when `literal`, else with `$1`, `${name}` and
    /// `$$` expanded (`regex::Regex::replace_all` with `NoExpand` or a `&str`, whose code
    /// this is).
    pub(crate) fn replace_all<'t>(&self, text: &'t str, with: &str, literal: bool) -> Cow<'t, str> {
        let mut out = String::new();
        let (mut last, mut matched) = (0, false);
        if literal || !with.contains('$') {
            for m in self.0.find_iter(text) {
                out.push_str(&text[last..m.start()]);
                out.push_str(with);
                (last, matched) = (m.end(), true);
            }
        } else {
            for caps in self.0.captures_iter(text) {
                let Some(m) = caps.get_match() else {
                    continue;
                };
                out.push_str(&text[last..m.start()]);
                caps.interpolate_string_into(text, with, &mut out);
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
            let old = compile(p).unwrap_or_else(|e| panic!("{p}: {e}"));
            let new = Regexp::compile(p).unwrap_or_else(|e| panic!("{p}: {e}"));
            for t in texts {
                assert_eq!(new.is_match(t), old.is_match(t), "{p} {t}");
                assert_eq!(new.find(t), old.find(t).map(|m| m.range()), "{p} {t}");
                let all: Vec<_> = new.find_iter(t).collect();
                let old_all: Vec<_> = old.find_iter(t).map(|m| m.range()).collect();
                assert_eq!(all, old_all, "{p} {t}");
                for w in withs {
                    assert_eq!(
                        new.replace_all(t, w, false),
                        old.replace_all(t, w),
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
            let old = compile(p).err();
            let new = Regexp::compile(p).err();
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
        let re = Regexp::compile("a{01}").unwrap_or_else(|e| panic!("{e}"));
        assert!(re.is_match("a{01}"));
        assert!(!re.is_match("a"));
    }
}
