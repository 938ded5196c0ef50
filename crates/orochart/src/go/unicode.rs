//! Go's `unicode` predicates over general categories (`IsLetter`, `IsUpper`, `IsPunct`,
//! `IsNumber`), from the Unicode tables the regex crates carry. Rust's `char` methods read
//! other properties (`is_alphabetic` is `Alphabetic`, which takes combining vowel signs and
//! Roman numerals; `is_uppercase` takes circled letters), so text functions ported from Go
//! ask these. A character the render's Go does not have yet (Unicode 15.0 before Go 1.27) is
//! in none of them.

use std::sync::OnceLock;

/// The ranges of a `\p{…}` class, sorted.
type Ranges = Vec<(char, char)>;

fn ranges(class: &str) -> Ranges {
    use regex_syntax::hir::{Class, HirKind};
    match regex_syntax::Parser::new()
        .parse(class)
        .map(|h| h.into_kind())
    {
        Ok(HirKind::Class(Class::Unicode(c))) => {
            c.ranges().iter().map(|r| (r.start(), r.end())).collect()
        }
        _ => Vec::new(),
    }
}

/// Whether `c` is in `class` (non-ASCII) and assigned in the Unicode version of the render's
/// Go: a character newer than Go 1.26's Unicode 15.0 is in no category there (every
/// category these ask for is among the printable ones).
fn within(table: &'static OnceLock<Ranges>, class: &str, c: char) -> bool {
    if !super::is_print(c) {
        return false;
    }
    super::in_ranges(table.get_or_init(|| ranges(class)), c)
}

/// `unicode.IsLetter`: category L.
pub(crate) fn is_letter(c: char) -> bool {
    static T: OnceLock<Ranges> = OnceLock::new();
    c.is_ascii_alphabetic() || (!c.is_ascii() && within(&T, r"\p{L}", c))
}

/// `unicode.IsUpper`: category Lu.
pub(crate) fn is_upper(c: char) -> bool {
    static T: OnceLock<Ranges> = OnceLock::new();
    c.is_ascii_uppercase() || (!c.is_ascii() && within(&T, r"\p{Lu}", c))
}

/// `unicode.IsLower`: category Ll.
pub(crate) fn is_lower(c: char) -> bool {
    static T: OnceLock<Ranges> = OnceLock::new();
    c.is_ascii_lowercase() || (!c.is_ascii() && within(&T, r"\p{Ll}", c))
}

/// `unicode.IsTitle`: category Lt.
pub(crate) fn is_title(c: char) -> bool {
    static T: OnceLock<Ranges> = OnceLock::new();
    !c.is_ascii() && within(&T, r"\p{Lt}", c)
}

/// `unicode.IsDigit`: category Nd.
pub(crate) fn is_digit(c: char) -> bool {
    static T: OnceLock<Ranges> = OnceLock::new();
    c.is_ascii_digit() || (!c.is_ascii() && within(&T, r"\p{Nd}", c))
}

/// `unicode.IsPunct`: category P.
pub(crate) fn is_punct(c: char) -> bool {
    static T: OnceLock<Ranges> = OnceLock::new();
    if c.is_ascii() {
        return c.is_ascii_punctuation() && !"$+<=>^`|~".contains(c);
    }
    within(&T, r"\p{P}", c)
}

/// `unicode.IsNumber`: category N.
pub(crate) fn is_number(c: char) -> bool {
    static T: OnceLock<Ranges> = OnceLock::new();
    c.is_ascii_digit() || (!c.is_ascii() && within(&T, r"\p{N}", c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where Go's categories and Rust's properties part.
    #[test]
    fn categories_are_gos() {
        // A Devanagari vowel sign is Alphabetic but a mark (Mc), not a letter.
        assert!('\u{93E}'.is_alphabetic() && !is_letter('\u{93E}'));
        assert!(is_letter('é') && is_letter('\u{4E00}') && !is_letter('1'));
        // A circled capital is Uppercase but a symbol (So); Ⅰ is a number (Nl).
        assert!('Ⓐ'.is_uppercase() && !is_upper('Ⓐ') && !is_letter('Ⓐ'));
        assert!(is_upper('Ω') && !is_upper('ω') && !is_upper('ǅ'));
        assert!(is_number('Ⅰ') && is_number('٣') && is_number('½'));
        assert!(is_punct('！') && is_punct('¡') && is_punct('-') && !is_punct('$'));
        assert!(!is_punct('+') && !is_punct('€'));
        // ª is Lowercase but a letter of its own (Lo); ǅ is title case.
        assert!('ª'.is_lowercase() && !is_lower('ª') && is_lower('ß'));
        assert!(is_title('ǅ') && is_title('\u{1F88}') && !is_title('A'));
        assert!(is_digit('٣') && !is_digit('Ⅰ') && !is_digit('½'));
    }
}
