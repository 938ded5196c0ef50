//! A rendered document's head in one pass over its lines, for the documents templates
//! nearly always print: ASCII block YAML, with block scalars (`|`, `>`) and scalars over
//! several lines (plain or quoted) skipped where the head does not read them.
//!
//! [`scan`] reads the same subset as the fast block reader (`blockyaml`): it walks the lines
//! with that reader's block structure (`blockyaml::lines`) and scalar functions, and applies
//! the head reader's rules (`HeadReader`) as it goes, without producing events in between. It answers `None`
//! whenever it is not sure; `read_head` then takes the general way, which also decides every
//! error. So when it answers, the answer is the general way's (the tests compare the two on
//! generated documents, their mutations and every golden manifest).

use crate::yaml::Style;

use super::{
    non_finite, once, set_field, text_of, Head, Level, Slot, ANNOTATIONS_SEEN, METADATA_SEEN,
};
use crate::blockyaml::{
    has_comment, is_dash, lines, only_comment, opens_quoted_lines, plain, quoted, simple_entry,
    split_key, value_part, Blocks, Continued, Ev, Open,
};
use crate::yaml::{resolve_plain, Resolved};

/// What a mapping key means for the head; decided when the key is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    /// Nothing the head reads (and every entry of a list).
    Other,
    /// A head field: its value must be a string or null.
    Field(Slot),
    /// `metadata`: a mapping or null.
    Metadata,
    /// `metadata.annotations`: a mapping or null.
    Annotations,
    /// Any other annotation: a scalar.
    Annotation,
}

/// An open block collection, with what the head reader knows about it.
struct Frame {
    block: Open,
    level: Level,
    /// The meaning of its current key (`Other` for a list).
    key: Key,
}

struct Scanner {
    stack: Vec<Frame>,
    started: bool,
    /// Head fields, `metadata` and `annotations` read so far (`HeadReader::seen`'s bits).
    seen: u8,
    head: Head,
    /// The value of the entry just read goes on over the next lines (a block scalar, or a
    /// plain scalar the head does not read).
    continued: Option<Continued>,
}

/// The head of `text`, or `None` when the general reader must decide (see the module docs).
pub(super) fn scan(text: &str) -> Option<Head> {
    // Printable ASCII and line feeds only (the caller has ruled out Helm's rejected `\/`).
    // No short-circuit: the compiler tests many bytes at once.
    let bad = text.bytes().fold(false, |bad, b| {
        bad | ((b < b' ') & (b != b'\n')) | (b >= 0x7F)
    });
    if bad {
        return None;
    }
    let mut s = Scanner {
        stack: Vec::with_capacity(16),
        started: false,
        seen: 0,
        head: Head::default(),
        continued: None,
    };
    lines(text, &mut s)?;
    Some(s.head)
}

impl Scanner {
    fn once(&mut self, bit: u8) -> Option<()> {
        once(&mut self.seen, bit)
    }

    /// The level of a collection opening as the value of the top frame's current key (or of
    /// the document): `None` where the head reader gives up.
    fn child(&mut self, map: bool) -> Option<Level> {
        let Some(parent) = self.stack.last() else {
            return map.then_some(Level::Top);
        };
        if !parent.block.map {
            return Some(Level::Other);
        }
        match parent.key {
            Key::Other => Some(Level::Other),
            Key::Metadata if map => {
                self.once(METADATA_SEEN)?;
                Some(Level::Metadata)
            }
            Key::Annotations if map => {
                self.once(ANNOTATIONS_SEEN)?;
                Some(Level::Annotations)
            }
            // Head fields and annotations are strings; `metadata` and `annotations` mappings.
            _ => None,
        }
    }

    /// A scalar value of a key that means `key` (as `HeadReader::step` takes it).
    fn value(&mut self, key: Key, text: &str, style: Style) -> Option<()> {
        let plain = style == Style::Plain;
        if non_finite(text, plain) {
            return None;
        }
        if matches!(key, Key::Other | Key::Annotation) {
            return Some(());
        }
        let v = text_of(text, plain)?;
        let slot = match key {
            Key::Metadata => {
                self.once(METADATA_SEEN)?;
                return v.is_none().then_some(());
            }
            Key::Annotations => {
                self.once(ANNOTATIONS_SEEN)?;
                return v.is_none().then_some(());
            }
            Key::Field(slot) => slot,
            Key::Other | Key::Annotation => return Some(()),
        };
        self.once(1 << slot as u8)?;
        set_field(&mut self.head, slot, v)
    }

    /// A plain scalar value just read (with no comment after it) may go on over the next
    /// lines, where the head does not read it.
    fn plain_may_continue(&mut self, key: Key) {
        if let (Key::Other | Key::Annotation, Some(top)) = (key, self.stack.last()) {
            self.continued = Some(Continued::Plain(top.block.indent + 1));
        }
    }

    /// A value that is the rest of the line (`blockyaml`'s `Reader::scalar`).
    fn scalar(&mut self, key: Key, value: &str) -> Option<()> {
        if value.starts_with(['|', '>']) {
            // A block scalar (CRD descriptions, config files): its text is a string the head
            // does not read, so only its extent matters. Only the plain headers, and not where
            // the head reads a string, a mapping or null.
            if !matches!(key, Key::Other | Key::Annotation) {
                return None;
            }
            let column = self.stack.last()?.block.indent;
            self.continued = Some(match block_header(value)? {
                None => Continued::Block(column + 1),
                // An indentation indicator counts from the parent collection's column.
                Some(n) => Continued::Indented(column + n),
            });
            return Some(());
        }
        if value.starts_with("{}") || value.starts_with("[]") {
            only_comment(&value[2..])?;
            // An empty collection: its level decides whether the head reader takes it.
            if self.stack.len() >= 64 {
                return None;
            }
            return self.child(value.starts_with('{')).map(drop);
        }
        if let Some(quote) = opens_quoted_lines(value) {
            // A quoted scalar over several lines: skipped where the head does not read it.
            if !matches!(key, Key::Other | Key::Annotation) {
                return None;
            }
            self.continued = Some(Continued::Quoted(quote));
            return Some(());
        }
        let (text, style) = match quoted(value)? {
            Some((Ev::Scalar(text, style), after)) => {
                only_comment(after)?;
                (text, style)
            }
            Some(_) => return None,
            None => match plain(value)? {
                Ev::Scalar(text, style) => {
                    // Without a comment after it, it may go on over the next lines.
                    if !has_comment(value) {
                        self.plain_may_continue(key);
                    }
                    (text, style)
                }
                _ => return None,
            },
        };
        self.value(key, &text, style)
    }
}

/// The indentation indicator of a block scalar header the scan takes: `Some(None)` for `|`,
/// `>` and their chomping forms (`|-`, `>+`), `Some(Some(n))` with an indicator (`|2-`,
/// `>-4`), `None` for any other header (a comment after it, say).
fn block_header(value: &str) -> Option<Option<usize>> {
    let digit = |c: u8| (b'1'..=b'9').contains(&c).then(|| usize::from(c - b'0'));
    let chomp = |c: u8| c == b'-' || c == b'+';
    match *value.as_bytes().get(1..)? {
        [] => Some(None),
        [c] if chomp(c) => Some(None),
        [c] => Some(Some(digit(c)?)),
        [c, d] if chomp(d) => Some(Some(digit(c)?)),
        [c, d] if chomp(c) => Some(Some(digit(d)?)),
        _ => None,
    }
}

/// The block structure is `blockyaml`'s ([`lines`]); what happens on each step is the head
/// reader's.
impl<'a> Blocks<'a> for Scanner {
    fn top(&self) -> Option<Open> {
        self.stack.last().map(|f| f.block)
    }

    fn set_pending(&mut self, pending: bool) {
        if let Some(top) = self.stack.last_mut() {
            top.block.pending = pending;
        }
    }

    fn start(&mut self) -> bool {
        std::mem::replace(&mut self.started, true)
    }

    fn close(&mut self) -> Option<()> {
        let top = self.stack.pop()?;
        if top.block.pending {
            self.value(top.key, "", Style::Plain)?;
        }
        Some(())
    }

    fn open(&mut self, map: bool, indent: usize, indentless: bool) -> Option<()> {
        if self.stack.len() >= 64 {
            return None;
        }
        let level = self.child(map)?;
        self.set_pending(false);
        self.stack.push(Frame {
            block: Open {
                map,
                indent,
                pending: false,
                indentless,
            },
            level,
            key: Key::Other,
        });
        Some(())
    }

    fn continued(&mut self) -> Option<Continued> {
        self.continued.take()
    }

    fn pending_empty(&mut self, value: &str) -> Option<()> {
        let top = self.stack.last_mut()?;
        top.block.pending = false;
        let key = top.key;
        self.scalar(key, value)
    }

    fn no_value(&mut self) -> Option<()> {
        let key = self.stack.last()?.key;
        self.value(key, "", Style::Plain)
    }

    fn item(&mut self, value: &str) -> Option<()> {
        self.scalar(Key::Other, value)
    }

    fn map_entry(&mut self, rest: &str) -> Option<()> {
        let top = self.stack.last_mut()?;
        if let Some((key, value)) = simple_entry(rest) {
            // Keys starting with a letter read as strings, but for YAML 1.1's words
            // (`yes`, `off`, `null`, …: five letters at most).
            if key.len() <= 5 && !matches!(resolve_plain(key), Resolved::Str) {
                return None;
            }
            top.key = meaning(top.level, key);
            return match value {
                None => {
                    top.block.pending = true;
                    Some(())
                }
                Some(text) => {
                    let key = top.key;
                    self.plain_may_continue(key);
                    self.value(key, text, Style::Plain)
                }
            };
        }
        if is_dash(rest) {
            return None;
        }
        let (Ev::Scalar(key, style), after) = split_key(rest)?? else {
            return None;
        };
        if style == Style::Plain && (key == "<<" || !matches!(resolve_plain(&key), Resolved::Str)) {
            // Merge keys and keys YAML 1.1 reads as another type are the general reader's.
            return None;
        }
        let top = self.stack.last_mut()?;
        top.key = meaning(top.level, &key);
        let Some(value) = value_part(after)? else {
            top.block.pending = true;
            return Some(());
        };
        let key = top.key;
        self.scalar(key, value)
    }
}

/// What `key` means in a mapping at `level` (`HeadReader`'s matching: case-insensitive, but
/// the hook annotation exactly).
fn meaning(level: Level, key: &str) -> Key {
    let is = |name: &str| key.eq_ignore_ascii_case(name);
    match level {
        Level::Top if is("apiVersion") => Key::Field(Slot::ApiVersion),
        Level::Top if is("kind") => Key::Field(Slot::Kind),
        Level::Top if is("metadata") => Key::Metadata,
        Level::Metadata if is("name") => Key::Field(Slot::Name),
        Level::Metadata if is("namespace") => Key::Field(Slot::Namespace),
        Level::Metadata if is("annotations") => Key::Annotations,
        Level::Annotations if key == "helm.sh/hook" => Key::Field(Slot::Hook),
        Level::Annotations => Key::Annotation,
        _ => Key::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::scan;
    use crate::manifest::{read_head_by_events, split_documents};
    use crate::testgen::{block_yaml, manifest_yaml, Rng};

    /// Whether `scan` took `text`; when it did, its head must be the event reader's.
    fn agrees(text: &str) -> bool {
        let Some(head) = scan(text) else {
            return false;
        };
        assert_eq!(read_head_by_events(text), Some(head), "{text:?}");
        true
    }

    /// Snippets that change how a line reads: indicators, quotes, comments, indentation.
    const EDITS: &[&str] = &[
        ":",
        ": ",
        " ",
        "  ",
        "- ",
        "-",
        "#",
        " #",
        "'",
        "\"",
        "''",
        "{}",
        "[]",
        "\n",
        "\n  ",
        "? ",
        "&a ",
        "*a",
        "!x ",
        "|",
        ">",
        "---",
        "...",
        ".inf",
        "<<",
        "~",
        "yes",
        "1.5",
        "kind",
        "Kind: ",
        "metadata:",
        "\n  name: ",
        "annotations:",
        "helm.sh/hook: ",
        "0x1",
        "\t",
        "\\",
        "é",
    ];

    /// `text` with a few random edits: snippets inserted, bytes deleted.
    fn mutate(rng: &mut Rng, text: &str) -> String {
        let mut out = text.to_owned();
        for _ in 0..1 + rng.below(3) {
            let mut at = rng.below(out.len() + 1);
            while !out.is_char_boundary(at) {
                at -= 1;
            }
            if rng.below(3) == 0 && at < out.len() {
                out.remove(at);
            } else {
                out.insert_str(at, rng.pick(EDITS));
            }
        }
        out
    }

    #[test]
    fn agrees_with_the_event_reader_on_generated_documents_and_their_mutations() {
        let mut rng = Rng(0x5ca7_7e11);
        let (mut taken, mut mutants_taken, mut general) = (0, 0, 0);
        for i in 0..40_000 {
            let text = if i % 4 == 0 {
                block_yaml(&mut rng, 3)
            } else {
                manifest_yaml(&mut rng, 3)
            };
            taken += usize::from(agrees(&text));
            general += usize::from(read_head_by_events(&text).is_some());
            let mutant = mutate(&mut rng, &text);
            mutants_taken += usize::from(agrees(&mutant));
        }
        // Both must take a good share, or this compares little (most generated documents are
        // odd on purpose: the event reader takes about an eighth of them).
        assert!(
            taken > 3_000 && mutants_taken > 2_000,
            "{taken} documents ({general} by events) and {mutants_taken} mutants taken of 40000"
        );
    }

    /// Block scalars and plain scalars over several lines (CRD descriptions, config files)
    /// are skipped where the head does not read them; where it does, or where go-yaml might
    /// read their extent otherwise, the general reader decides.
    #[test]
    fn skips_multi_line_scalars_where_the_head_does_not_read_them() {
        for text in [
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: |\n    line: 1\n    # not a comment\n\n      more\n  b: >-\n    folded\n    text\n  c: |+\n    kept\n\n",
            "kind: X\nspec:\n  items:\n  - |\n    one\n  - two\n  - k: |-\n      v\n    l: w\n",
            "kind: X\nmetadata:\n  name: web\n  annotations:\n    note: |\n      hi\n    helm.sh/hook: test\n",
            "kind: X\ndata:\n  a: |\n\n  \n    x\n  \n  b: 1\n",
            "kind: X\ndata:\n  a: >\n",
            "kind: X\ndata:\n  a: |\n    ---\n    ...\n  b: |-\n   \"x\" 'y' [z]\nmetadata:\n  name: after\n",
            "kind: X\ndata:\n  a: |\n    x\n# a comment\n  # another\nmetadata:\n  name: web\n",
            "kind: X\nspec:\n  description: Operation contains information\n    about a running\n\n    operation\n  items:\n  - one\n    two\n  - k: v\n     w, x [y] {z} -a 'b' \"c\"\nmetadata:\n  name: web\n  annotations:\n    note: a\n      b\n",
            "kind: X\nspec:\n  a: b\n   c\n  # a comment\n  d: e\n",
            "kind: X\nspec:\n  a: b\n    - c\n",
            "kind: X\nspec:\n  resources:\n    {}\n  b: c\n  l:\n  -\n    [] # empty\nmetadata:\n  annotations:\n      {}\n  name: web\n",
            "kind: X\nspec:\n  a: b\n    \"2m\", - c ? [d] &e *f !g |h >i 'j' %k @l `m :n\n  b: c\n",
            "kind: X\nspec:\n  a: 'Refresh indicates if the latest\n    be used (default: false) # not a comment'\n  b: 'it''s\n\nan ''x'' y'  \n  c: \"two\n  lines: # x\n\"\nmetadata:\n  name: web\n",
            "kind: X\ndata:\n  a: |\n  b: 1\n  c: >-\n\n      \nmetadata:\n  name: web\n",
            // Indentation indicators count from the parent's column.
            "kind: X\ndata:\n  a: |2\n     x\n",
            "kind: X\ndata:\n  a: |2-\n\n\n    x\n    y: 1\n  b: >+1\n   z\n\n  c: |-3\n       w\n     v\nmetadata:\n  name: web\n",
            "kind: X\nspec:\n  items:\n  - |1\n     x\n  - y\n  - k: |2-\n        v\n    l: w\n",
            // A comment line ends a plain scalar.
            "kind: X\nspec:\n  a: b\n    # c\n",
        ] {
            assert!(agrees(text), "not taken: {text:?}");
        }
        for text in [
            "kind: X\nmetadata:\n  name: |\n    n\n",
            "kind: |\n  X\n",
            "kind: X\nmetadata: |\n  x\n",
            "kind: X\nmetadata:\n  annotations:\n    helm.sh/hook: |\n      test\n",
            "kind: X\ndata:\n  a: |2\n\n\n  b: 1\n",
            "kind: X\ndata:\n  a: |2\n  x\n",
            "kind: X\ndata:\n  a: | # c\n    x\n",
            "kind: X\ndata:\n  a: |\n      \n    x\n",
            "kind: X\ndata:\n  a: |\n    x\n   y: 1\n",
            "kind: X\ndata:\n  a: |\n    x\n---\nkind: Y\n",
            "kind: X\nmetadata:\n  name: web\n    more\n",
            "kind: X\nspec:\n  r:\n    {}\n    x: 1\n",
            "kind: X\nspec:\n  r:\n    {} x\n",
            "kind: X\nmetadata:\n  name:\n    {}\n",
            "kind: X\nspec:\n  a: b # c\n    d\n",
            "kind: X\nspec:\n  a: b\n    c: d\n",
            "kind: X\nspec:\n  a: b\n    c:\n",
            "kind: X\nspec:\n  a: b\n  c\n",
            "kind: X\nmetadata:\n  name: 'web\n    x'\n",
            "kind: X\nspec:\n  a: 'x\n---\n  y'\n",
            "kind: X\nspec:\n  a: 'x\n  y' z\n",
            "kind: X\nspec:\n  a: 'x\n  y': z\n",
            "kind: X\nspec:\n  a: \"x\\n\n  y\"\n",
            "kind: X\nspec:\n  a: \"x\n  y\\t\"\n",
            "kind: X\nspec:\n  a: 'x\n  y\n",
        ] {
            assert_eq!(scan(text), None, "taken: {text:?}");
        }
    }

    #[test]
    fn takes_every_golden_manifest_and_agrees() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../golden");
        let mut rng = Rng(0x601d_e115);
        let (mut docs, mut mutants) = (0, 0);
        for suite in ["orofi-application", "orofi-application-gotpl"] {
            let Ok(cases) = std::fs::read_dir(root.join(suite)) else {
                continue;
            };
            for case in cases.flatten() {
                let Ok(text) = std::fs::read_to_string(case.path().join("expected.yaml")) else {
                    continue;
                };
                for doc in split_documents(&text) {
                    // Helm printed it, so it is YAML; the usual manifest must take this path.
                    if doc.is_ascii() && !doc.contains('\\') {
                        assert!(agrees(doc), "not taken: {doc}");
                        docs += 1;
                    }
                    for _ in 0..20 {
                        mutants += usize::from(agrees(&mutate(&mut rng, doc)));
                    }
                }
            }
        }
        assert!(
            docs > 300 && mutants > 1_000,
            "{docs} documents, {mutants} mutants"
        );
    }
}
