//! `.helmignore`: Helm's rules (`pkg/ignore`), which decide which files of a chart folder are
//! loaded at all (templates and `.Files` alike). One pattern per line, `#` comments, `!`
//! negation, a trailing `/` for folders only, a leading `/` anchored at the chart root, a
//! pattern with a `/` matched against the whole path and one without against the base name,
//! each with Go's `filepath.Match`. `**` is refused, as Helm refuses it. Helm adds one rule of
//! its own: `templates/.?*` (hidden files under `templates/`).

/// The parsed rules of a `.helmignore`, plus Helm's default.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    patterns: Vec<Pattern>,
}

#[derive(Debug, Clone)]
struct Pattern {
    /// The pattern's characters (`match_path`'s unit), its syntax checked once.
    rule: Vec<char>,
    /// The same pattern as bytes when it is all ASCII (nearly always): matched against an
    /// ASCII path byte by byte, which is Go's rune by rune there, without a copy of the path.
    ascii: Option<Vec<u8>>,
    /// Whether `rule` (what is left once `!`, `/` are stripped) is a valid pattern: an
    /// invalid one matches nothing.
    valid: bool,
    negate: bool,
    must_dir: bool,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// A leading `/`: matched against the whole path, from the root.
    Rooted,
    /// A `/` inside: matched against the whole path.
    Path,
    /// No `/`: matched against the base name only.
    Base,
}

impl Rules {
    /// Parses a `.helmignore` file's text; the error is Helm's (without the file name).
    pub fn parse(text: &str) -> Result<Rules, String> {
        let mut rules = Rules::default();
        for line in text.lines() {
            rules.add(line)?;
        }
        Ok(rules)
    }

    /// Helm's `AddDefaults`: hidden files under `templates/` are never loaded.
    pub fn with_defaults(mut self) -> Rules {
        // A constant rule: it always parses.
        let _ = self.add("templates/.?*");
        self
    }

    fn add(&mut self, line: &str) -> Result<(), String> {
        let rule = line.trim();
        if rule.is_empty() || rule.starts_with('#') {
            return Ok(());
        }
        if rule.as_bytes().windows(2).any(|w| w == b"**") {
            return Err("double-star (**) syntax is not supported".into());
        }
        // Go's `filepath.Match(rule, "abc")` fails only on the pattern's syntax.
        if !syntax_ok(rule) {
            return Err("syntax error in pattern".to_owned());
        }
        let (negate, rule) = match rule.strip_prefix('!') {
            Some(r) => (true, r),
            None => (false, rule),
        };
        let (must_dir, rule) = match rule.strip_suffix('/') {
            Some(r) => (true, r),
            None => (false, rule),
        };
        let (kind, rule) = if let Some(r) = rule.strip_prefix('/') {
            (Kind::Rooted, r)
        } else if rule.contains('/') {
            (Kind::Path, rule)
        } else {
            (Kind::Base, rule)
        };
        self.patterns.push(Pattern {
            valid: syntax_ok(rule),
            ascii: rule.is_ascii().then(|| rule.as_bytes().to_vec()),
            rule: rule.chars().collect(),
            negate,
            must_dir,
            kind,
        });
        Ok(())
    }

    /// Whether `path` (relative to the chart root, `/`-separated) is ignored; `is_dir` for
    /// folders, which are then skipped whole.
    pub fn ignore(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." || path == "./" {
            return false;
        }
        let bytes = path.as_bytes();
        let ascii = path.is_ascii();
        let base_start = bytes.iter().rposition(|&c| c == b'/').map_or(0, |i| i + 1);
        // The path as characters, made only for a pattern or a path that is not ASCII.
        let mut chars: Option<(Vec<char>, usize)> = None;
        for p in &self.patterns {
            // A folder-only pattern says nothing of a file: no need to match it.
            if p.must_dir && !is_dir {
                if p.negate {
                    return true;
                }
                continue;
            }
            let matched = p.valid
                && match (&p.ascii, ascii) {
                    (Some(rule), true) => {
                        let subject = match p.kind {
                            Kind::Base => bytes.get(base_start..).unwrap_or(bytes),
                            Kind::Rooted | Kind::Path => bytes,
                        };
                        matches(rule, subject)
                    }
                    _ => {
                        let (whole, base_start) = chars.get_or_insert_with(|| {
                            let whole: Vec<char> = path.chars().collect();
                            let base = whole.iter().rposition(|&c| c == '/').map_or(0, |i| i + 1);
                            (whole, base)
                        });
                        let subject = match p.kind {
                            Kind::Base => whole.get(*base_start..).unwrap_or(whole),
                            Kind::Rooted | Kind::Path => whole,
                        };
                        matches(&p.rule, subject)
                    }
                };
            if p.negate {
                if !matched {
                    return true;
                }
                continue;
            }
            if matched {
                return true;
            }
        }
        false
    }
}

/// Go's `filepath.ErrBadPattern`: a pattern that does not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadPattern;

/// Go's `path/filepath.Match` with `/` as separator: `*` any run of non-`/` characters, `?`
/// one non-`/` character, `[...]` a class (`^` negates, ranges `a-z`, `\` escapes).
pub fn match_path(pattern: &str, name: &str) -> Result<bool, BadPattern> {
    let p: Vec<char> = pattern.chars().collect();
    let s: Vec<char> = name.chars().collect();
    // Go checks the whole pattern's syntax even when the name decides early.
    check_syntax(&p)?;
    Ok(matches(&p, &s))
}

/// A unit of a pattern and a name: a character, or a byte where both are ASCII (Go's runes
/// then). The special characters are ASCII, so both read them the same.
trait Unit: Copy + PartialEq + PartialOrd {
    fn of(c: u8) -> Self;
}

impl Unit for char {
    fn of(c: u8) -> char {
        char::from(c)
    }
}

impl Unit for u8 {
    fn of(c: u8) -> u8 {
        c
    }
}

/// Whether `rule` parses as a pattern (checked on its bytes when it is ASCII).
fn syntax_ok(rule: &str) -> bool {
    if rule.is_ascii() {
        check_syntax(rule.as_bytes()).is_ok()
    } else {
        check_syntax(&rule.chars().collect::<Vec<char>>()).is_ok()
    }
}

fn check_syntax<T: Unit>(p: &[T]) -> Result<(), BadPattern> {
    let mut i = 0;
    while let Some(&c) = p.get(i) {
        if c == T::of(b'\\') {
            if i + 1 >= p.len() {
                return Err(BadPattern);
            }
            i += 2;
        } else if c == T::of(b'[') {
            let (_, next) = class(p, i, T::of(0))?;
            i = next;
        } else {
            i += 1;
        }
    }
    Ok(())
}

/// Reads the class starting at `p[start] == '['`: whether `c` is in it, and the index after it.
fn class<T: Unit>(p: &[T], start: usize, c: T) -> Result<(bool, usize), BadPattern> {
    let mut i = start + 1;
    let negated = p.get(i) == Some(&T::of(b'^'));
    if negated {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        match p.get(i) {
            None => return Err(BadPattern),
            Some(&u) if u == T::of(b']') && !first => {
                return Ok((matched != negated, i + 1));
            }
            _ => {}
        }
        first = false;
        let (lo, next) = class_char(p, i)?;
        i = next;
        let hi = if p.get(i) == Some(&T::of(b'-')) {
            let (hi, next) = class_char(p, i + 1)?;
            i = next;
            hi
        } else {
            lo
        };
        if lo <= c && c <= hi {
            matched = true;
        }
    }
}

fn class_char<T: Unit>(p: &[T], i: usize) -> Result<(T, usize), BadPattern> {
    match p.get(i) {
        None => Err(BadPattern),
        Some(&c) if c == T::of(b'-') || c == T::of(b']') => Err(BadPattern),
        Some(&c) if c == T::of(b'\\') => p.get(i + 1).map(|c| (*c, i + 2)).ok_or(BadPattern),
        Some(&c) => Ok((c, i + 1)),
    }
}

fn matches<T: Unit>(p: &[T], s: &[T]) -> bool {
    let Some(&first) = p.first() else {
        return s.is_empty();
    };
    let slash = T::of(b'/');
    if first == T::of(b'*') {
        let rest = &p[1..];
        let special = |c: &T| [b'*', b'?', b'[', b'\\'].iter().any(|&x| *c == T::of(x));
        if !rest.iter().any(special) {
            // `*` then plain characters (`*.swp`): they end the name, and what comes before
            // them holds no `/`. The same answer as the loop below, without trying every start.
            return s.len().checked_sub(rest.len()).is_some_and(|start| {
                let (head, tail) = s.split_at(start);
                tail == rest && !head.contains(&slash)
            });
        }
        for i in 0..=s.len() {
            if matches(&p[1..], &s[i..]) {
                return true;
            }
            if s.get(i) == Some(&slash) {
                return false;
            }
        }
        false
    } else if first == T::of(b'?') {
        match s.first() {
            Some(c) if *c != slash => matches(&p[1..], &s[1..]),
            _ => false,
        }
    } else if first == T::of(b'[') {
        match s.first() {
            Some(c) if *c != slash => match class(p, 0, *c) {
                Ok((true, next)) => matches(&p[next..], &s[1..]),
                _ => false,
            },
            _ => false,
        }
    } else if first == T::of(b'\\') {
        match (p.get(1), s.first()) {
            (Some(a), Some(b)) if a == b => matches(&p[2..], &s[1..]),
            _ => false,
        }
    } else {
        s.first() == Some(&first) && matches(&p[1..], &s[1..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Cases from Helm's pkg/ignore/rules_test.go (the patterns and expectations, as facts).
    #[test]
    fn helms_ignore_cases() {
        let cases: &[(&str, &str, bool, bool)] = &[
            ("helm.txt", "helm.txt", false, true),
            ("helm.*", "helm.txt", false, true),
            ("helm.*", "rudder.txt", false, false),
            ("*.txt", "tiller.txt", false, true),
            ("*.txt", "cargo/a.txt", false, true),
            ("cargo/*.txt", "cargo/a.txt", false, true),
            ("cargo/*.*", "cargo/a.txt", false, true),
            ("cargo/*.txt", "mast/a.txt", false, false),
            ("ru[c-e]?er.txt", "rudder.txt", false, true),
            ("templates/.?*", "templates/.dotfile", false, true),
            ("/templates/.?*", "templates/.dotfile", false, true),
            ("/helm.txt", "helm.txt", false, true),
            ("/helm.txt", "cargo/helm.txt", false, false),
            ("cargo/", "cargo", true, true),
            ("cargo/", "cargo", false, false),
            ("!cargo/", "mast", true, true),
            ("!helm.txt", "helm.txt", false, false),
            ("!helm.txt", "tiller.txt", false, true),
            ("!*.txt", "cargo", true, true),
            ("!cargo/", "mast/", false, true),
            ("mast/", "mast", true, true),
            (".*", ".", true, false),
        ];
        for (rule, path, is_dir, want) in cases {
            let r = Rules::parse(rule).unwrap_or_else(|e| panic!("{rule}: {e}"));
            assert_eq!(r.ignore(path, *is_dir), *want, "{rule} on {path}");
        }
    }

    #[test]
    fn double_star_and_bad_patterns_are_refused() {
        assert_eq!(
            Rules::parse("a/**/b").err().as_deref(),
            Some("double-star (**) syntax is not supported")
        );
        assert!(Rules::parse("[a").is_err());
        assert!(Rules::parse("[é").is_err());
        assert!(Rules::parse("é\\").is_err());
        assert!(Rules::parse("a\\").is_err());
        assert!(Rules::parse("[a-]").is_err());
        assert!(Rules::parse("[é-ü]/x\\*").is_ok());
        assert!(Rules::parse("a*b").is_ok());
        assert!(Rules::parse("# comment\n\n  x  \n").is_ok());
    }

    /// Outside ASCII, `?` and classes count characters (Go's runes), not bytes, on the path
    /// and in the pattern alike.
    #[test]
    fn non_ascii_paths_and_patterns_match_by_character() {
        let ignored = |rule: &str, path: &str| {
            Rules::parse(rule)
                .map(|r| r.ignore(path, false))
                .unwrap_or_else(|e| panic!("{rule}: {e}"))
        };
        assert!(ignored("?x", "éx"));
        assert!(ignored("dir/?x", "dir/éx"));
        assert!(!ignored("?x", "ééx"));
        assert!(ignored("[a-é]x", "bx"));
        assert!(ignored("[a-é]x", "éx"));
        assert!(!ignored("[a-é]x", "ñx"));
        assert!(ignored("é*", "a/éa"));
        assert!(!ignored("é*", "éa/b"));
        assert!(ignored("[^é]x", "ax"));
        assert!(!ignored("[^é]x", "éx"));
    }

    /// A `*` followed by plain characters matches as the general loop does.
    #[test]
    fn a_star_before_plain_characters() {
        assert_eq!(match_path("*.swp", "a.swp"), Ok(true));
        assert_eq!(match_path("*.swp", ".swp"), Ok(true));
        assert_eq!(match_path("*.swp", "swp"), Ok(false));
        assert_eq!(match_path("*.swp", "a/b.swp"), Ok(false));
        assert_eq!(match_path("*/b.swp", "a/b.swp"), Ok(true));
        assert_eq!(match_path("*/b.swp", "a/c/b.swp"), Ok(false));
        assert_eq!(match_path("*", ""), Ok(true));
        assert_eq!(match_path("*", "a/"), Ok(false));
        assert_eq!(match_path("a*", "a"), Ok(true));
        assert_eq!(match_path("*~", "x~"), Ok(true));
        assert_eq!(match_path("*a*", "bab"), Ok(true));
    }

    #[test]
    fn go_match() {
        assert_eq!(match_path("a*", "abc"), Ok(true));
        assert_eq!(match_path("a*", "a/b"), Ok(false));
        assert_eq!(match_path("[^a]b", "xb"), Ok(true));
        assert_eq!(match_path("[^a]b", "ab"), Ok(false));
        assert_eq!(match_path("a\\*", "a*"), Ok(true));
        assert_eq!(match_path("[]a]", "a"), Err(BadPattern));
    }
}
