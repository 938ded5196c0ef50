//! The Unicode class names Go's `regexp/syntax` knows in `\p{Name}`, by Go release: the
//! crate behind [`super::regexp`] reads more names, and reads them loosely, so what Go refuses
//! is refused before the crate sees it. Measured against each Helm's Go (`regexMatch` of
//! every name the crate knows, in several spellings):
//! - Go 1.23 and 1.24 (Helm 3): exactly a general category's short name (`Lu`, `L`; not
//!   `Cn` or `LC`), `Any`, or a script's name as Unicode 15 spells it (`Old_Italic`).
//! - Go 1.25 and 1.26 (Helm 4.1, 4.2): case, spaces, `_` and `-` ignored; the categories'
//!   long names and aliases too (`Letter`, `punct`, `Cased_Letter`, `Unassigned`), `Any`,
//!   `ASCII` and `Assigned`; but a script only when its name has no capital after the first
//!   letter (`greek`, `Nko`; never `Old_Italic` or `SignWriting`).
//! - Go 1.27 (Helm 4.3): the same, every script, and Unicode 16's and 17's scripts (`Garay`,
//!   `Sidetic`).

/// Go's readings of a Unicode class name in a regular expression (`\p{Greek}`), which
/// changed with Go 1.25 and again with Go 1.27.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnicodeClassNames {
    /// Go 1.23 and 1.24 (Helm 3): a general category's short name, `Any`, or a Unicode 15
    /// script's name, spelled exactly (`Lu`, `Old_Italic`).
    Go1_23,
    /// Go 1.25 and 1.26 (Helm 4.1, 4.2): case, spaces, `_` and `-` ignored; categories'
    /// long names and aliases (`Letter`, `punct`), `ASCII` and `Assigned` too; a script
    /// only when its name has one capital (`greek`, never `Old_Italic` or `SignWriting`).
    Go1_25,
    /// Go 1.27 (Helm 4.3): Go 1.25's reading for every script, and Unicode 16's and 17's
    /// scripts.
    #[default]
    Go1_27,
}

pub(crate) use UnicodeClassNames as ClassNames;

/// The general categories' short names, long names and aliases (Unicode's
/// `PropertyValueAliases.txt`, `gc`), each group's first name the short one; Go 1.23 knows
/// the short names but `Cn` and `LC`.
const CATEGORIES: &[&[&str]] = &[
    &["C", "Other"],
    &["Cc", "Control", "cntrl"],
    &["Cf", "Format"],
    &["Cn", "Unassigned"],
    &["Co", "Private_Use"],
    &["Cs", "Surrogate"],
    &["L", "Letter"],
    &["LC", "Cased_Letter"],
    &["Ll", "Lowercase_Letter"],
    &["Lm", "Modifier_Letter"],
    &["Lo", "Other_Letter"],
    &["Lt", "Titlecase_Letter"],
    &["Lu", "Uppercase_Letter"],
    &["M", "Mark", "Combining_Mark"],
    &["Mc", "Spacing_Mark"],
    &["Me", "Enclosing_Mark"],
    &["Mn", "Nonspacing_Mark"],
    &["N", "Number"],
    &["Nd", "Decimal_Number", "digit"],
    &["Nl", "Letter_Number"],
    &["No", "Other_Number"],
    &["P", "Punctuation", "punct"],
    &["Pc", "Connector_Punctuation"],
    &["Pd", "Dash_Punctuation"],
    &["Pe", "Close_Punctuation"],
    &["Pf", "Final_Punctuation"],
    &["Pi", "Initial_Punctuation"],
    &["Po", "Other_Punctuation"],
    &["Ps", "Open_Punctuation"],
    &["S", "Symbol"],
    &["Sc", "Currency_Symbol"],
    &["Sk", "Modifier_Symbol"],
    &["Sm", "Math_Symbol"],
    &["So", "Other_Symbol"],
    &["Z", "Separator"],
    &["Zl", "Line_Separator"],
    &["Zp", "Paragraph_Separator"],
    &["Zs", "Space_Separator"],
];

/// Unicode 16's scripts, as Go names them.
const SCRIPTS: &[&str] = &[
    "Adlam",
    "Ahom",
    "Anatolian_Hieroglyphs",
    "Arabic",
    "Armenian",
    "Avestan",
    "Balinese",
    "Bamum",
    "Bassa_Vah",
    "Batak",
    "Bengali",
    "Bhaiksuki",
    "Bopomofo",
    "Brahmi",
    "Braille",
    "Buginese",
    "Buhid",
    "Canadian_Aboriginal",
    "Carian",
    "Caucasian_Albanian",
    "Chakma",
    "Cham",
    "Cherokee",
    "Chorasmian",
    "Common",
    "Coptic",
    "Cuneiform",
    "Cypriot",
    "Cypro_Minoan",
    "Cyrillic",
    "Deseret",
    "Devanagari",
    "Dives_Akuru",
    "Dogra",
    "Duployan",
    "Egyptian_Hieroglyphs",
    "Elbasan",
    "Elymaic",
    "Ethiopic",
    "Garay",
    "Georgian",
    "Glagolitic",
    "Gothic",
    "Grantha",
    "Greek",
    "Gujarati",
    "Gunjala_Gondi",
    "Gurmukhi",
    "Gurung_Khema",
    "Han",
    "Hangul",
    "Hanifi_Rohingya",
    "Hanunoo",
    "Hatran",
    "Hebrew",
    "Hiragana",
    "Imperial_Aramaic",
    "Inherited",
    "Inscriptional_Pahlavi",
    "Inscriptional_Parthian",
    "Javanese",
    "Kaithi",
    "Kannada",
    "Katakana",
    "Kawi",
    "Kayah_Li",
    "Kharoshthi",
    "Khitan_Small_Script",
    "Khmer",
    "Khojki",
    "Khudawadi",
    "Kirat_Rai",
    "Lao",
    "Latin",
    "Lepcha",
    "Limbu",
    "Linear_A",
    "Linear_B",
    "Lisu",
    "Lycian",
    "Lydian",
    "Mahajani",
    "Makasar",
    "Malayalam",
    "Mandaic",
    "Manichaean",
    "Marchen",
    "Masaram_Gondi",
    "Medefaidrin",
    "Meetei_Mayek",
    "Mende_Kikakui",
    "Meroitic_Cursive",
    "Meroitic_Hieroglyphs",
    "Miao",
    "Modi",
    "Mongolian",
    "Mro",
    "Multani",
    "Myanmar",
    "Nabataean",
    "Nag_Mundari",
    "Nandinagari",
    "New_Tai_Lue",
    "Newa",
    "Nko",
    "Nushu",
    "Nyiakeng_Puachue_Hmong",
    "Ogham",
    "Ol_Chiki",
    "Ol_Onal",
    "Old_Hungarian",
    "Old_Italic",
    "Old_North_Arabian",
    "Old_Permic",
    "Old_Persian",
    "Old_Sogdian",
    "Old_South_Arabian",
    "Old_Turkic",
    "Old_Uyghur",
    "Oriya",
    "Osage",
    "Osmanya",
    "Pahawh_Hmong",
    "Palmyrene",
    "Pau_Cin_Hau",
    "Phags_Pa",
    "Phoenician",
    "Psalter_Pahlavi",
    "Rejang",
    "Runic",
    "Samaritan",
    "Saurashtra",
    "Sharada",
    "Shavian",
    "Siddham",
    "SignWriting",
    "Sinhala",
    "Sogdian",
    "Sora_Sompeng",
    "Soyombo",
    "Sundanese",
    "Sunuwar",
    "Syloti_Nagri",
    "Syriac",
    "Tagalog",
    "Tagbanwa",
    "Tai_Le",
    "Tai_Tham",
    "Tai_Viet",
    "Takri",
    "Tamil",
    "Tangsa",
    "Tangut",
    "Telugu",
    "Thaana",
    "Thai",
    "Tibetan",
    "Tifinagh",
    "Tirhuta",
    "Todhri",
    "Toto",
    "Tulu_Tigalari",
    "Ugaritic",
    "Vai",
    "Vithkuqi",
    "Wancho",
    "Warang_Citi",
    "Yezidi",
    "Yi",
    "Zanabazar_Square",
];

/// The scripts Unicode 16 added: Go before 1.27 has Unicode 15's.
const UNICODE_16_SCRIPTS: &[&str] = &[
    "Garay",
    "Gurung_Khema",
    "Kirat_Rai",
    "Ol_Onal",
    "Sunuwar",
    "Todhri",
    "Tulu_Tigalari",
];

/// The scripts Unicode 17 added: Go 1.27 has them.
const UNICODE_17_SCRIPTS: &[&str] = &["Beria_Erfe", "Sidetic", "Tai_Yo", "Tolong_Siki"];

/// The class a name Go reads is (see [`knows`]): a general category's short name (`Lu` for
/// `Uppercase_Letter`), `Assigned`, or a script's name as `Scripts.txt` spells it (`Greek` for
/// `greek`); `None` for `Any` and `ASCII`, which are the same in every version.
pub(crate) fn canonical(name: &str) -> Option<&'static str> {
    let name = loose(name);
    if name == "assigned" {
        return Some("Assigned");
    }
    if let Some(names) = CATEGORIES
        .iter()
        .find(|names| names.iter().any(|n| loose(n) == name))
    {
        return Some(names[0]);
    }
    SCRIPTS
        .iter()
        .chain(UNICODE_17_SCRIPTS)
        .find(|s| loose(s) == name)
        .copied()
}

/// A name as the loose readings compare it: no spaces, `_` or `-`, lower case.
pub(crate) fn loose(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `reading`'s Go reads `\p{name}` (`name` without a leading `^`).
pub(crate) fn knows(reading: ClassNames, name: &str) -> bool {
    let unicode_15 = |script: &str| !UNICODE_16_SCRIPTS.contains(&script);
    if reading == ClassNames::Go1_23 {
        return name == "Any"
            || CATEGORIES
                .iter()
                .any(|names| names[0] == name && !matches!(name, "Cn" | "LC"))
            || SCRIPTS.iter().any(|&s| s == name && unicode_15(s));
    }
    let script = |s: &str| match reading {
        ClassNames::Go1_25 => {
            unicode_15(s)
                && !UNICODE_17_SCRIPTS.contains(&s)
                && !s.chars().skip(1).any(char::is_uppercase)
        }
        _ => true,
    };
    let name = loose(name);
    ["Any", "ASCII", "Assigned"]
        .iter()
        .chain(CATEGORIES.iter().flat_map(|names| names.iter()))
        .any(|&n| loose(n) == name)
        || SCRIPTS
            .iter()
            .chain(UNICODE_17_SCRIPTS)
            .any(|&s| script(s) && loose(s) == name)
}

impl ClassNames {
    /// The Unicode version of the Go that reads names so: 15.0 before Go 1.27, 17.0 in it.
    pub(crate) fn unicode(self) -> super::UnicodeVersion {
        match self {
            ClassNames::Go1_27 => super::UnicodeVersion::V17_0,
            _ => super::UnicodeVersion::V15_0,
        }
    }
}

/// Whether `name`, read loosely, is the surrogates' category, which matches nothing in
/// UTF-8 text (the crate has no such class).
pub(crate) fn is_surrogates(name: &str) -> bool {
    matches!(loose(name).as_str(), "cs" | "surrogate")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spellings measured with each Helm's Go (`regexMatch "\\p{…}|^x$" "x"`).
    #[test]
    fn each_go_reads_the_names_it_reads() {
        use ClassNames::*;
        for (name, go1_23, go1_25, go1_27) in [
            ("Greek", true, true, true),
            ("greek", false, true, true),
            ("Gre ek", false, true, true),
            ("Old_Italic", true, false, true),
            ("old_italic", false, false, true),
            ("OldItalic", false, false, true),
            ("SignWriting", true, false, true),
            ("Nko", true, true, true),
            ("NKo", false, true, true),
            ("Garay", false, false, true),
            ("Sidetic", false, false, true),
            ("tai yo", false, false, true),
            ("Lu", true, true, true),
            ("LU", false, true, true),
            ("Cn", false, true, true),
            ("LC", false, true, true),
            ("L C", false, true, true),
            ("Cs", true, true, true),
            ("Surrogate", false, true, true),
            ("Letter", false, true, true),
            ("punct", false, true, true),
            ("Combining Mark", false, true, true),
            ("Any", true, true, true),
            ("A-N-Y", false, true, true),
            ("ASCII", false, true, true),
            ("Assigned", false, true, true),
            ("Titlecase", false, false, false),
            ("Cased", false, false, false),
            ("Grek", false, false, false),
            ("isGreek", false, false, false),
            ("Alphabetic", false, false, false),
            ("Hira", false, false, false),
            ("Katakana_Or_Hiragana", false, false, false),
            ("L&", false, false, false),
            ("Script=Greek", false, false, false),
        ] {
            assert_eq!(knows(Go1_23, name), go1_23, "{name} 1.23");
            assert_eq!(knows(Go1_25, name), go1_25, "{name} 1.25");
            assert_eq!(knows(Go1_27, name), go1_27, "{name} 1.27");
        }
    }

    /// Every name a Go reads compiles (the crate reads a superset, and the surrogates'
    /// category is written as a set of none), in and out of brackets.
    #[test]
    fn every_name_go_reads_compiles() {
        use crate::go::regexp::Regexp;
        let names = ["Any", "ASCII", "Assigned"]
            .iter()
            .chain(CATEGORIES.iter().flat_map(|n| n.iter()))
            .chain(SCRIPTS.iter());
        for name in names {
            for reading in [ClassNames::Go1_23, ClassNames::Go1_25, ClassNames::Go1_27] {
                let known = knows(reading, name);
                for pattern in [format!("\\p{{{name}}}"), format!("[^x\\P{{{name}}}]")] {
                    let compiled = Regexp::compile(&pattern, reading);
                    assert_eq!(
                        compiled.is_ok(),
                        known,
                        "{pattern} {reading:?} {:?}",
                        compiled.err()
                    );
                }
            }
        }
        let none = Regexp::compile("^[a\\p{Cs}]\\P{Cs}$", ClassNames::Go1_23);
        assert!(none.is_ok_and(|re| re.is_match("a\n") && !re.is_match("\u{FFFD}a")));
    }
}
