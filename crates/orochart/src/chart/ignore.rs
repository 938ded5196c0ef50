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
        if rule.contains("**") {
            return Err("double-star (**) syntax is not supported".into());
        }
        match_path(rule, "abc").map_err(|BadPattern| "syntax error in pattern".to_owned())?;
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
            rule: rule.chars().collect(),
            valid: match_path(rule, "").is_ok(),
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
        let whole: Vec<char> = path.chars().collect();
        let base_start = whole.iter().rposition(|&c| c == '/').map_or(0, |i| i + 1);
        for p in &self.patterns {
            let subject = match p.kind {
                Kind::Base => whole.get(base_start..).unwrap_or(&whole),
                Kind::Rooted | Kind::Path => &whole,
            };
            let matched = p.valid && matches(&p.rule, subject);
            if p.negate {
                if p.must_dir && !is_dir {
                    return true;
                }
                if !matched {
                    return true;
                }
                continue;
            }
            if p.must_dir && !is_dir {
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

fn check_syntax(p: &[char]) -> Result<(), BadPattern> {
    let mut i = 0;
    while i < p.len() {
        match p[i] {
            '\\' => {
                if i + 1 >= p.len() {
                    return Err(BadPattern);
                }
                i += 2;
            }
            '[' => {
                let (_, next) = class(p, i, '\0')?;
                i = next;
            }
            _ => i += 1,
        }
    }
    Ok(())
}

/// Reads the class starting at `p[start] == '['`: whether `c` is in it, and the index after it.
fn class(p: &[char], start: usize, c: char) -> Result<(bool, usize), BadPattern> {
    let mut i = start + 1;
    let negated = p.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut matched = false;
    let mut first = true;
    loop {
        match p.get(i) {
            None => return Err(BadPattern),
            Some(']') if !first => {
                return Ok((matched != negated, i + 1));
            }
            _ => {}
        }
        first = false;
        let (lo, next) = class_char(p, i)?;
        i = next;
        let hi = if p.get(i) == Some(&'-') {
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

fn class_char(p: &[char], i: usize) -> Result<(char, usize), BadPattern> {
    match p.get(i) {
        None | Some('-') | Some(']') => Err(BadPattern),
        Some('\\') => p.get(i + 1).map(|c| (*c, i + 2)).ok_or(BadPattern),
        Some(c) => Ok((*c, i + 1)),
    }
}

fn matches(p: &[char], s: &[char]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some('*') => {
            for i in 0..=s.len() {
                if matches(&p[1..], &s[i..]) {
                    return true;
                }
                if s.get(i) == Some(&'/') {
                    return false;
                }
            }
            false
        }
        Some('?') => match s.first() {
            Some(c) if *c != '/' => matches(&p[1..], &s[1..]),
            _ => false,
        },
        Some('[') => match s.first() {
            Some(c) if *c != '/' => match class(p, 0, *c) {
                Ok((true, next)) => matches(&p[next..], &s[1..]),
                _ => false,
            },
            _ => false,
        },
        Some('\\') => match (p.get(1), s.first()) {
            (Some(a), Some(b)) if a == b => matches(&p[2..], &s[1..]),
            _ => false,
        },
        Some(c) => s.first() == Some(c) && matches(&p[1..], &s[1..]),
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
        assert!(Rules::parse("# comment\n\n  x  \n").is_ok());
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
