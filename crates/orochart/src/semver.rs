//! Masterminds/semver v3 as Helm vendors it: versions (`NewVersion`), their order (`Compare`)
//! and constraints (`NewConstraint`, `Check`), for Sprig's `semver` and `semverCompare`,
//! Chart.yaml's `kubeVersion` and dependency ranges.
//!
//! Helm 3.17 and 3.18 vendor v3.3.0, 3.19 and 4.1 v3.4.0, 4.2 and 4.3 v3.5.0 (their go.mod);
//! [`Masterminds`] says which, and the few places the three differ ask it.
//!
//! The constraint grammar is Masterminds' own regular expressions, compiled with `regex-lite`
//! (each on first use): both engines pick the leftmost-first match (Perl's order), so the same text splits
//! into the same terms with the same groups. Go's `\s` is ASCII (`[\t\n\f\r ]`); the patterns
//! spell it out so that a Unicode space is not taken for one.

use std::cmp::Ordering;
use std::sync::OnceLock;

use regex_lite::Regex;

/// Which release of Masterminds/semver v3 a Helm vendors, where their behaviour differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Masterminds {
    /// v3.3.0 (Helm 3.17, 3.18): capitalised errors (`Invalid Semantic Version`); a
    /// pre-release version satisfies only the terms that carry a pre-release themselves
    /// (and a plain `!=1.2.3`, which does not look).
    #[default]
    V3_3,
    /// v3.4.0 (Helm 3.19, 4.1): lower-case errors; a pre-release version may satisfy every
    /// term of an AND group as soon as one term of the group carries a pre-release.
    V3_4,
    /// v3.5.0 (Helm 4.2, 4.3): v3.4 with the improper constraint quoted
    /// (`improper constraint: "x"`), a panic instead of wrapping when `IncMajor`,
    /// `IncMinor` or `IncPatch` would overflow, and bounds on the texts it parses: a
    /// version of at most 256 bytes, a constraint of at most 512.
    V3_5,
}

/// The longest version v3.5.0's `NewVersion` parses, in bytes (`v` included).
pub const MAX_VERSION_LEN: usize = 256;
/// The longest constraint v3.5.0's `NewConstraint` parses, in bytes.
pub const MAX_CONSTRAINT_LEN: usize = 512;

/// A parsed version: `v1.27.3-gke.100+build` → (1, 27, 3, "gke.100", "build").
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Version {
    /// Major.
    pub major: u64,
    /// Minor.
    pub minor: u64,
    /// Patch.
    pub patch: u64,
    /// Pre-release, without the `-`.
    pub pre: String,
    /// Build metadata, without the `+`.
    pub build: String,
}

/// An error of Masterminds/semver; [`Error::message`] words it as a given release does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// `ErrInvalidSemVer`: the text is not a version.
    InvalidSemVer,
    /// `ErrSegmentStartsZero`: a numeric pre-release identifier with a leading zero.
    SegmentStartsZero,
    /// `ErrInvalidPrerelease` (`SetPrerelease`).
    InvalidPrerelease,
    /// `ErrInvalidMetadata` (`SetMetadata`).
    InvalidMetadata,
    /// A number that does not fit 64 bits (`strconv.ParseUint`'s range error), with its digits.
    SegmentRange(String),
    /// `improper constraint: …`, with the text of the OR group or term refused.
    ImproperConstraint(String),
    /// A term whose version the constraint grammar accepts but `NewVersion` refuses
    /// (`^1.0.0-01`, `1x`, a number beyond 64 bits, one too long for v3.5).
    ConstraintParser,
    /// v3.5: a version longer than 256 bytes.
    VersionTooLong,
    /// v3.5: a constraint longer than 512 bytes.
    ConstraintTooLong,
}

impl Error {
    /// The error's text in the words of release `lib`.
    pub fn message(&self, lib: Masterminds) -> String {
        let old = lib == Masterminds::V3_3;
        match self {
            Error::InvalidSemVer if old => "Invalid Semantic Version".into(),
            Error::InvalidSemVer => "invalid semantic version".into(),
            Error::SegmentStartsZero if old => "Version segment starts with 0".into(),
            Error::SegmentStartsZero => "version segment starts with 0".into(),
            Error::InvalidPrerelease if old => "Invalid Prerelease string".into(),
            Error::InvalidPrerelease => "invalid prerelease string".into(),
            Error::InvalidMetadata if old => "Invalid Metadata string".into(),
            Error::InvalidMetadata => "invalid metadata string".into(),
            Error::SegmentRange(digits) => format!(
                "{}rror parsing version segment: strconv.ParseUint: parsing {}: value out of range",
                if old { "E" } else { "e" },
                crate::go::quote(digits)
            ),
            Error::ImproperConstraint(c) if lib == Masterminds::V3_5 => {
                format!("improper constraint: {}", crate::go::quote(c))
            }
            Error::ImproperConstraint(c) => format!("improper constraint: {c}"),
            Error::ConstraintParser if old => "constraint Parser Error".into(),
            Error::ConstraintParser => "constraint parser error".into(),
            Error::VersionTooLong => {
                format!("version string is too long (max {MAX_VERSION_LEN} bytes)")
            }
            Error::ConstraintTooLong => {
                format!("constraint string is too long (max {MAX_CONSTRAINT_LEN} bytes)")
            }
        }
    }
}

/// One identifier of a pre-release or build part: `[0-9A-Za-z-]+`.
fn is_ident(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// `strconv.ParseUint(digits, 10, 64)` of ASCII digits: only the range can fail.
fn parse_u64(digits: &str) -> Result<u64, Error> {
    digits
        .parse()
        .map_err(|_| Error::SegmentRange(digits.to_owned()))
}

impl Version {
    /// Masterminds' `NewVersion` (the coercing parse of every release Helm vendors): an
    /// optional `v`, one to three numbers (leading zeros allowed; a missing minor or patch is
    /// 0), then `-pre` and `+build` of dot-separated `[0-9A-Za-z-]+` identifiers. Nothing
    /// else, not even a space.
    pub fn new(text: &str) -> Result<Version, Error> {
        Version::parse(text, Masterminds::V3_3)
    }

    /// [`Version::new`] in release `lib`, which for v3.5 refuses a text longer than 256
    /// bytes first.
    pub fn parse(text: &str, lib: Masterminds) -> Result<Version, Error> {
        if lib == Masterminds::V3_5 && text.len() > MAX_VERSION_LEN {
            return Err(Error::VersionTooLong);
        }
        let body = text.strip_prefix('v').unwrap_or(text);
        let (rest, build) = match body.split_once('+') {
            Some((r, b)) => (r, Some(b)),
            None => (body, None),
        };
        let (nums, pre) = match rest.split_once('-') {
            Some((n, p)) => (n, Some(p)),
            None => (rest, None),
        };
        let idents_ok = |part: &str| part.split('.').all(is_ident);
        let parts: Vec<&str> = nums.split('.').collect();
        let nums_ok = parts.len() <= 3
            && parts
                .iter()
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if !nums_ok || !pre.is_none_or(idents_ok) || !build.is_none_or(idents_ok) {
            return Err(Error::InvalidSemVer);
        }
        let num = |i: usize| parts.get(i).map_or(Ok(0), |p| parse_u64(p));
        let (major, minor, patch) = (num(0)?, num(1)?, num(2)?);
        let pre = pre.unwrap_or_default();
        let leading_zero = pre.split('.').any(|seg| {
            seg.len() > 1 && seg.starts_with('0') && seg.bytes().all(|b| b.is_ascii_digit())
        });
        if leading_zero {
            return Err(Error::SegmentStartsZero);
        }
        Ok(Version {
            major,
            minor,
            patch,
            pre: pre.to_owned(),
            build: build.unwrap_or_default().to_owned(),
        })
    }

    /// Masterminds' `SetPrerelease`: this version with pre-release `pre` (none when empty),
    /// checked by `validatePrerelease` (v3.3.0 lets an empty identifier through).
    pub fn with_pre(&self, pre: &str, lib: Masterminds) -> Result<Version, Error> {
        for part in pre.split('.').filter(|_| !pre.is_empty()) {
            if part.is_empty() && lib != Masterminds::V3_3 {
                return Err(Error::InvalidPrerelease);
            }
            if part.bytes().all(|b| b.is_ascii_digit()) {
                if part.len() > 1 && part.starts_with('0') {
                    return Err(Error::SegmentStartsZero);
                }
            } else if !is_ident(part) {
                return Err(Error::InvalidPrerelease);
            }
        }
        Ok(Version {
            pre: pre.to_owned(),
            ..self.clone()
        })
    }

    /// Masterminds' `SetMetadata`: this version with build metadata `build` (none when
    /// empty), checked by `validateMetadata` (v3.3.0 lets an empty identifier through).
    pub fn with_build(&self, build: &str, lib: Masterminds) -> Result<Version, Error> {
        for part in build.split('.').filter(|_| !build.is_empty()) {
            let empty_ok = part.is_empty() && lib == Masterminds::V3_3;
            if !empty_ok && !is_ident(part) {
                return Err(Error::InvalidMetadata);
            }
        }
        Ok(Version {
            build: build.to_owned(),
            ..self.clone()
        })
    }

    /// `v1.2.3[-pre][+build]`.
    pub fn to_v_string(&self) -> String {
        format!("v{self}")
    }
}

/// Masterminds' `String`: `1.2.3[-pre][+build]`, without the `v`.
impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        if !self.build.is_empty() {
            write!(f, "+{}", self.build)?;
        }
        Ok(())
    }
}

/// Masterminds' `comparePrePart`: equal texts are equal; an empty part is less than any
/// other; numbers (that fit 64 bits) are less than words and compare by value; words compare
/// by bytes.
fn cmp_pre_part(s: &str, o: &str) -> Ordering {
    if s == o {
        return Ordering::Equal;
    }
    if s.is_empty() {
        return Ordering::Less;
    }
    if o.is_empty() {
        return Ordering::Greater;
    }
    let num = |t: &str| {
        if t.bytes().all(|b| b.is_ascii_digit()) {
            t.parse::<u64>().ok()
        } else {
            None
        }
    };
    match (num(s), num(o)) {
        (None, None) => s.cmp(o),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        // Two different texts of one number (`1`, `01`) are not equal: Go answers -1.
        (Some(a), Some(b)) if a > b => Ordering::Greater,
        (Some(_), Some(_)) => Ordering::Less,
    }
}

/// Masterminds' `comparePrerelease`: part by part, a missing part counting as empty.
fn cmp_pre(a: &str, b: &str) -> Ordering {
    let (mut ai, mut bi) = (a.split('.'), b.split('.'));
    loop {
        match (ai.next(), bi.next()) {
            (None, None) => return Ordering::Equal,
            (x, y) => {
                let o = cmp_pre_part(x.unwrap_or(""), y.unwrap_or(""));
                if o != Ordering::Equal {
                    return o;
                }
            }
        }
    }
}

/// Masterminds' `Compare`: major, minor, patch, then pre-release (a release is greater than
/// its pre-releases); build metadata ignored.
pub(crate) fn cmp(a: &Version, b: &Version) -> Ordering {
    (a.major, a.minor, a.patch)
        .cmp(&(b.major, b.minor, b.patch))
        .then_with(|| match (a.pre.is_empty(), b.pre.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => cmp_pre(&a.pre, &b.pre),
        })
}

/// Masterminds' `IncMajor`, `IncMinor` and `IncPatch` of a release (`part` 0, 1, 2): the
/// later parts zeroed, the pre-release and build dropped. Like Rust's `overflowing_add`, the
/// flag says the part was `u64::MAX` and wrapped around to 0 (as Go's uint64 does; v3.5
/// panics there instead).
pub(crate) fn bump(v: &Version, part: usize) -> (Version, bool) {
    let mut n = Version {
        major: v.major,
        minor: v.minor,
        patch: v.patch,
        pre: String::new(),
        build: String::new(),
    };
    let overflow;
    match part {
        0 => {
            (n.major, overflow) = v.major.overflowing_add(1);
            n.minor = 0;
            n.patch = 0;
        }
        1 => {
            (n.minor, overflow) = v.minor.overflowing_add(1);
            n.patch = 0;
        }
        _ => (n.patch, overflow) = v.patch.overflowing_add(1),
    }
    (n, overflow)
}

/// Go's `\s`.
const S: &str = r"[\t\n\f\r ]";
/// `cvRegex`: `|` inside the classes is a literal bar, as in Go.
const CV: &str = r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";
/// The operators, in Masterminds' order (the empty one second).
const OPS: &str = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";

/// One of Masterminds' patterns, compiled on first use (by `regex-lite`: these short patterns
/// on short texts are what it is for, and building them with `regex` cost three times the rest
/// of a small chart's render).
struct Pattern {
    compiled: OnceLock<Option<Regex>>,
    source: fn() -> String,
}

impl Pattern {
    const fn new(source: fn() -> String) -> Pattern {
        Pattern {
            compiled: OnceLock::new(),
            source,
        }
    }

    fn get(&self) -> Result<&Regex, Error> {
        self.compiled
            .get_or_init(|| Regex::new(&(self.source)()).ok())
            .as_ref()
            .ok_or(Error::ConstraintParser)
    }
}

/// `constraintRangeRegex`: `A - B`.
static RANGE: Pattern = Pattern::new(|| format!(r"{S}*({CV}){S}+-{S}+({CV}){S}*"));
/// `findConstraintRegex`: the terms of an AND group. Masterminds matches each term found
/// again with `constraintRegex` (`^\s*(OPS)\s*(CV)\s*$`) for its groups; that pattern has the
/// same groups, and on the text this one matched it takes the same path (a path of higher
/// priority that matched inside that text would have matched here first), so the groups
/// found here are used as they are.
static FIND: Pattern = Pattern::new(|| format!(r"({OPS}){S}*({CV})"));
/// `validConstraintRegex`: a whole AND group. Only whether it matches is asked, so its
/// groups do not capture: a capturing group costs every state of the matcher two slots, and
/// with this pattern's 24 groups setting up the matcher's scratch space (about a megabyte,
/// zeroed) cost more than the rest of the constraint's work.
static VALID: Pattern = Pattern::new(|| {
    let (ops, cv) = (OPS, CV.replace('(', "(?:"));
    format!(r"^(?:{S}*(?:{ops}){S}*(?:{cv}){S}*)(?:(?:{S}+|,{S}*)(?:{ops}){S}*(?:{cv}){S}*)*$")
});

/// A term's operator (`constraintOps`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    /// `""`, `=`.
    TildeOrEqual,
    /// `!=`.
    NotEqual,
    /// `>`.
    Greater,
    /// `<`.
    Less,
    /// `>=`, `=>`.
    GreaterEqual,
    /// `<=`, `=<`.
    LessEqual,
    /// `~`, `~>`.
    Tilde,
    /// `^`.
    Caret,
}

impl Op {
    fn of(text: &str) -> Option<Op> {
        Some(match text {
            "" | "=" => Op::TildeOrEqual,
            "!=" => Op::NotEqual,
            ">" => Op::Greater,
            "<" => Op::Less,
            ">=" | "=>" => Op::GreaterEqual,
            "<=" | "=<" => Op::LessEqual,
            "~" | "~>" => Op::Tilde,
            "^" => Op::Caret,
            _ => return None,
        })
    }
}

/// One term: `>= 1.2`, `~1.x`.
#[derive(Debug, Clone)]
struct Term {
    op: Op,
    con: Version,
    /// Some part was a wildcard or missing (`1.2`, `1.x`, `*`).
    dirty: bool,
    /// The minor part was a wildcard or missing (`1`, `1.x`).
    minor_dirty: bool,
    /// The patch part (only) was a wildcard or missing (`1.2`, `1.2.x`).
    patch_dirty: bool,
}

/// A wildcard part (`x`, `X`, `*`), its leading dot (`.x`) ignored.
fn is_x(s: &str) -> bool {
    matches!(s.strip_prefix('.').unwrap_or(s), "x" | "X" | "*")
}

/// Masterminds' `parseConstraint` of one term the grammar found.
fn parse_term(m: &regex_lite::Captures<'_>, lib: Masterminds) -> Result<Term, Error> {
    let group = |i: usize| m.get(i).map_or("", |g| g.as_str());
    let op = Op::of(group(1)).ok_or(Error::ConstraintParser)?;
    let (major, minor, patch, pre) = (group(3), group(4), group(5), group(6));
    let (version, dirty, minor_dirty, patch_dirty) = if is_x(major) || major.is_empty() {
        (format!("0.0.0{pre}"), true, false, false)
    } else if is_x(minor) || minor.is_empty() {
        (format!("{major}.0.0{pre}"), true, true, false)
    } else if is_x(patch) || patch.is_empty() {
        (format!("{major}{minor}.0{pre}"), true, false, true)
    } else {
        (group(2).to_owned(), false, false, false)
    };
    let con = Version::parse(&version, lib).map_err(|_| Error::ConstraintParser)?;
    Ok(Term {
        op,
        con,
        dirty,
        minor_dirty,
        patch_dirty,
    })
}

/// Masterminds' `rewriteRange`: each `A - B` becomes `>= A, <= B ` (replacing the first
/// occurrence of its text, as Go's `strings.Replace` does).
fn rewrite_ranges(text: &str) -> Result<String, Error> {
    let mut out = text.to_owned();
    // A range needs white space before a `-`: without one, the pattern is not built.
    let space = |b: u8| matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ');
    if !text
        .as_bytes()
        .windows(2)
        .any(|w| space(w[0]) && w[1] == b'-')
    {
        return Ok(out);
    }
    for m in RANGE.get()?.captures_iter(text) {
        let (Some(whole), Some(lo), Some(hi)) = (m.get(0), m.get(1), m.get(11)) else {
            continue;
        };
        let with = format!(">= {}, <= {} ", lo.as_str(), hi.as_str());
        out = out.replacen(whole.as_str(), &with, 1);
    }
    Ok(out)
}

/// An AND group of terms.
#[derive(Debug, Clone)]
struct Group {
    terms: Vec<Term>,
    /// Some term carries a pre-release (v3.4's `containsPre`).
    has_pre: bool,
}

/// A parsed constraint: OR groups (`||`) of AND groups (spaces or commas).
#[derive(Debug, Clone)]
pub struct Constraints {
    groups: Vec<Group>,
    lib: Masterminds,
}

impl Constraints {
    /// Masterminds' `NewConstraint`, in the grammar (and with the check) of release `lib`.
    pub fn new(text: &str, lib: Masterminds) -> Result<Constraints, Error> {
        if lib == Masterminds::V3_5 && text.len() > MAX_CONSTRAINT_LEN {
            return Err(Error::ConstraintTooLong);
        }
        let text = rewrite_ranges(text)?;
        let mut groups = Vec::new();
        for or in text.split("||") {
            if !VALID.get()?.is_match(or) {
                return Err(Error::ImproperConstraint(or.to_owned()));
            }
            let terms = FIND
                .get()?
                .captures_iter(or)
                .map(|m| parse_term(&m, lib))
                .collect::<Result<Vec<Term>, Error>>()?;
            let has_pre = terms.iter().any(|t| !t.con.pre.is_empty());
            groups.push(Group { terms, has_pre });
        }
        Ok(Constraints { groups, lib })
    }

    /// Masterminds' `Check`: whether some OR group has every term satisfied by `v`.
    pub fn check(&self, v: &Version) -> bool {
        self.groups.iter().any(|g| {
            g.terms.iter().all(|t| {
                // A pre-release version is refused unless the term (v3.3) or the group
                // (v3.4) asks for pre-releases. v3.3 has `!=` look only when the term
                // has a wildcard.
                let asks = if self.lib == Masterminds::V3_3 {
                    !t.con.pre.is_empty() || (t.op == Op::NotEqual && !t.dirty)
                } else {
                    g.has_pre
                };
                (v.pre.is_empty() || asks) && satisfies(t, v)
            })
        })
    }
}

/// A term's test of a version (Masterminds' `constraint…` functions, after their
/// pre-release check).
fn satisfies(c: &Term, v: &Version) -> bool {
    let o = cmp(v, &c.con);
    match c.op {
        Op::NotEqual => {
            if c.dirty {
                if c.con.major != v.major {
                    return true;
                }
                if c.con.minor != v.minor && !c.minor_dirty {
                    return true;
                } else if c.minor_dirty {
                    return false;
                } else if c.con.patch != v.patch && !c.patch_dirty {
                    return true;
                } else if c.patch_dirty {
                    if !v.pre.is_empty() || !c.con.pre.is_empty() {
                        return cmp_pre(&v.pre, &c.con.pre) != Ordering::Equal;
                    }
                    return false;
                }
            }
            o != Ordering::Equal
        }
        Op::Greater => {
            if !c.dirty {
                return o == Ordering::Greater;
            }
            if v.major != c.con.major {
                return v.major > c.con.major;
            }
            if c.minor_dirty {
                return false;
            }
            if c.patch_dirty {
                return v.minor > c.con.minor;
            }
            o == Ordering::Greater
        }
        Op::Less => o == Ordering::Less,
        Op::GreaterEqual => o != Ordering::Less,
        Op::LessEqual => {
            if !c.dirty {
                return o != Ordering::Greater;
            }
            !(v.major > c.con.major
                || (v.major == c.con.major && v.minor > c.con.minor && !c.minor_dirty))
        }
        Op::Tilde => tilde(c, v, o),
        Op::TildeOrEqual if c.dirty => tilde(c, v, o),
        Op::TildeOrEqual => o == Ordering::Equal,
        Op::Caret => {
            if o == Ordering::Less {
                return false;
            }
            if c.con.major > 0 || c.minor_dirty {
                return v.major == c.con.major;
            }
            if v.major > 0 {
                return false;
            }
            if c.con.minor > 0 || c.patch_dirty {
                return v.minor == c.con.minor;
            }
            if v.minor > 0 {
                return false;
            }
            c.con.patch == v.patch
        }
    }
}

/// `~`: at least the term's version, with the same major, and the same minor unless the
/// term left the minor out; `~0.0.0` is anything.
fn tilde(c: &Term, v: &Version, o: Ordering) -> bool {
    if o == Ordering::Less {
        return false;
    }
    let zero = c.con.major == 0 && c.con.minor == 0 && c.con.patch == 0;
    if zero && !c.minor_dirty && !c.patch_dirty {
        return true;
    }
    v.major == c.con.major && (v.minor == c.con.minor || c.minor_dirty)
}

/// Sprig's `semverCompare`: the constraint parsed first, then the version, then checked.
pub fn matches(constraint: &str, version: &str, lib: Masterminds) -> Result<bool, Error> {
    let c = Constraints::new(constraint, lib)?;
    let v = Version::parse(version, lib)?;
    Ok(c.check(&v))
}

#[cfg(test)]
mod tests;
