//! Go's `unicode` predicates over general categories (`IsLetter`, `IsUpper`, `IsPunct`,
//! `IsNumber`), from the Unicode tables the regex crates carry (Unicode 16.0) with the
//! changes to them of the render's Go's Unicode version ([`super::regexp_classes`]: 15.0
//! before Go 1.27, 17.0 in it). Rust's `char` methods read other properties (`is_alphabetic`
//! is `Alphabetic`, which takes combining vowel signs and Roman numerals; `is_uppercase`
//! takes circled letters), so text functions ported from Go ask these.

use std::sync::OnceLock;

use super::regexp_classes::{Delta, CLASSES};
use super::UnicodeVersion;

/// The ranges of a `\p{…}` class, sorted.
type Ranges = Vec<(char, char)>;

fn ranges(class: &str) -> Ranges {
    use regex_syntax::hir::{Class, HirKind};
    match regex_syntax::Parser::new()
        .parse(&format!("\\p{{{class}}}"))
        .map(|h| h.into_kind())
    {
        Ok(HirKind::Class(Class::Unicode(c))) => {
            c.ranges().iter().map(|r| (r.start(), r.end())).collect()
        }
        _ => Vec::new(),
    }
}

/// What `unicode`'s class `name` (a category's short name, `Assigned`, a script's name as
/// `Scripts.txt` spells it) adds to and takes from the crate's; `None` when they agree.
pub(super) fn delta(name: &str, unicode: UnicodeVersion) -> Option<(&'static Delta, bool)> {
    let at = CLASSES.binary_search_by(|c| c.name.cmp(name)).ok()?;
    let class = &CLASSES[at];
    let delta = match unicode {
        UnicodeVersion::V15_0 => &class.unicode_15_0,
        UnicodeVersion::V17_0 => &class.unicode_17_0,
    };
    Some((delta, class.in_crate))
}

/// Whether non-ASCII `c` is in category `class` in the Unicode version of the render's Go.
fn within(table: &'static OnceLock<Ranges>, class: &str, c: char) -> bool {
    if let Some((d, _)) = delta(class, super::unicode_version()) {
        let cp = c as u32;
        if super::in_ranges(d.add, cp) {
            return true;
        }
        if super::in_ranges(d.remove, cp) {
            return false;
        }
    }
    super::in_ranges(table.get_or_init(|| ranges(class)), c)
}

/// `unicode.IsLetter`: category L.
pub(crate) fn is_letter(c: char) -> bool {
    static T: OnceLock<Ranges> = OnceLock::new();
    c.is_ascii_alphabetic() || (!c.is_ascii() && within(&T, "L", c))
}

/// `unicode.IsUpper`: category Lu.
pub(crate) fn is_upper(c: char) -> bool {
    static T: OnceLock<Ranges> = OnceLock::new();
    c.is_ascii_uppercase() || (!c.is_ascii() && within(&T, "Lu", c))
}

/// `unicode.IsLower`: category Ll.
pub(crate) fn is_lower(c: char) -> bool {
    static T: OnceLock<Ranges> = OnceLock::new();
    c.is_ascii_lowercase() || (!c.is_ascii() && within(&T, "Ll", c))
}

/// `unicode.IsTitle`: category Lt.
pub(crate) fn is_title(c: char) -> bool {
    static T: OnceLock<Ranges> = OnceLock::new();
    !c.is_ascii() && within(&T, "Lt", c)
}

/// `unicode.IsDigit`: category Nd.
pub(crate) fn is_digit(c: char) -> bool {
    static T: OnceLock<Ranges> = OnceLock::new();
    c.is_ascii_digit() || (!c.is_ascii() && within(&T, "Nd", c))
}

/// `unicode.IsPunct`: category P.
pub(crate) fn is_punct(c: char) -> bool {
    static T: OnceLock<Ranges> = OnceLock::new();
    if c.is_ascii() {
        return c.is_ascii_punctuation() && !"$+<=>^`|~".contains(c);
    }
    within(&T, "P", c)
}

/// `unicode.IsNumber`: category N.
pub(crate) fn is_number(c: char) -> bool {
    static T: OnceLock<Ranges> = OnceLock::new();
    c.is_ascii_digit() || (!c.is_ascii() && within(&T, "N", c))
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

    /// A letter Unicode 16 or 17 added is one for Go 1.27 only; none lost its category.
    #[test]
    fn categories_follow_the_unicode_version() {
        let sidetic = '\u{10940}';
        let garay = '\u{10D50}';
        let outlined_digit = '\u{1C89}';
        for (version, newer) in [
            (UnicodeVersion::V15_0, false),
            (UnicodeVersion::V17_0, true),
        ] {
            super::super::set_unicode(version);
            assert_eq!(is_letter(sidetic), newer);
            assert_eq!(is_letter(garay) && is_upper(garay), newer);
            assert_eq!(is_upper(outlined_digit), newer);
            assert!(is_letter('é') && is_digit('٣'));
        }
        super::super::set_unicode(UnicodeVersion::V17_0);
    }
}
