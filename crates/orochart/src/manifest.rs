//! From rendered files to Helm's output: document splitting, install order, framing,
//! `--show-only`, `--output-dir`, and typed manifests for tools.
//!
//! The pipeline is Helm's (helm-semantics.md §1.1, §2): each rendered file is trimmed and
//! split with the regex `(?:^|\s*\n)---\s*` (not a YAML-aware split), every piece is trimmed,
//! empty pieces dropped; documents are sorted stably by kind rank, then file path, then position.

use std::borrow::Cow;
use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::profile::{Framing, HelmProfile, HelmVersion};
use crate::value::{KeyPath, PathSegment, Value};
use crate::yaml::{resolve_plain, Resolved};

mod scan;

/// Kubernetes kinds in Helm 3.17's install order (`releaseutil.InstallOrder`); every Helm's
/// is its [`HelmProfile::install_order`].
pub const INSTALL_ORDER: &[&str] = crate::profile::INSTALL_ORDER_3;

const HOOK_EVENTS: &[&str] = &[
    "pre-install",
    "post-install",
    "pre-delete",
    "post-delete",
    "pre-upgrade",
    "post-upgrade",
    "pre-rollback",
    "post-rollback",
    "test",
    "test-success",
];

/// A document's head: apiVersion, kind, metadata.name, metadata.namespace, the
/// `helm.sh/hook` annotation as written.
type Head = (String, String, String, Option<String>, Option<String>);

/// The events of a `helm.sh/hook` annotation: comma-separated, trimmed, lower-cased. Empty
/// ones are kept: Helm finds no such event and skips the document (`"pre-install,"`, `""`).
fn hook_events(annotation: &str) -> Vec<String> {
    annotation
        .split(',')
        .map(|e| e.trim().to_lowercase())
        .collect()
}

/// The head Helm reads from a parsed document: `yaml.Unmarshal` (sigs.k8s.io/yaml) into
/// `releaseutil.SimpleHead`, i.e. `apiVersion` and `kind` strings and a `metadata` struct with
/// a `name` string and an `annotations` map of strings. As Go does it:
///
/// - keys in sorted order (the YAML is turned into JSON first), matched case-insensitively; a
///   later key overwrites an earlier one, `null` leaves a string as it was;
/// - a number or boolean where a string belongs becomes its text (integers in full, floats as
///   Go's `FormatFloat(f, 'g', -1, 32)`), an array or object is an error, and the first error
///   is the one reported, in encoding/json's words;
/// - `metadata` and `annotations` given twice are merged.
///
/// The namespace is ours (Helm does not read it): a string, or the text of a number or boolean.
fn simple_head(body: &Value, profile: &HelmProfile) -> std::result::Result<Head, String> {
    const METADATA: &str = "struct { Name string \"json:\\\"name\\\"\"; Annotations map[string]string \"json:\\\"annotations\\\"\" }";
    let as_written = profile.messages.json_field_as_written;
    let mut error: Option<String> = None;
    // `field` is the struct's wording, `written` the keys as the document spells them.
    let mut fail = |v: &Value, field: &str, written: &str, ty: &str| {
        error.get_or_insert_with(|| {
            format!(
                "json: cannot unmarshal {} into Go struct field {} of type {ty}",
                v.json_kind(),
                if as_written { written } else { field }
            )
        });
    };
    // A string field: `Ok(None)` leaves it as it was.
    fn text(v: &Value) -> std::result::Result<Option<String>, ()> {
        Ok(Some(match v {
            Value::Null => return Ok(None),
            Value::String(s) => s.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => crate::go::format_float_g(*f, true),
            Value::List(_) | Value::Map(_) => return Err(()),
        }))
    }
    let top = match body {
        Value::Map(m) => m,
        Value::Null => return Ok(Head::default()),
        other => {
            return Err(format!(
                "json: cannot unmarshal {} into Go value of type {}",
                other.json_kind(),
                profile.messages.head_type
            ))
        }
    };
    let (mut api_version, mut kind) = (String::new(), String::new());
    // `metadata`: absent or null, or its name, whether `annotations` is a map, and the hook
    // annotation in it.
    let mut metadata: Option<(String, Option<Option<String>>)> = None;
    let mut namespace = None;
    for (key, value) in top {
        let (slot, field): (&mut String, &str) = if key.eq_ignore_ascii_case("apiVersion") {
            (&mut api_version, "SimpleHead.apiVersion")
        } else if key.eq_ignore_ascii_case("kind") {
            (&mut kind, "SimpleHead.kind")
        } else if key.eq_ignore_ascii_case("metadata") {
            let fields = match value {
                Value::Null => {
                    metadata = None;
                    continue;
                }
                Value::Map(fields) => fields,
                other => {
                    fail(other, "SimpleHead.metadata", &format!(".{key}"), METADATA);
                    continue;
                }
            };
            let (name, annotations) = metadata.get_or_insert_with(Default::default);
            let meta_key = key;
            for (key, value) in fields {
                let written = || format!(".{meta_key}.{key}");
                if key.eq_ignore_ascii_case("name") {
                    match text(value) {
                        Ok(Some(s)) => *name = s,
                        Ok(None) => {}
                        Err(()) => fail(value, ".metadata.name", &written(), "string"),
                    }
                } else if key.eq_ignore_ascii_case("namespace") {
                    namespace = text(value).ok().flatten();
                } else if key.eq_ignore_ascii_case("annotations") {
                    match value {
                        Value::Null => *annotations = None,
                        Value::Map(entries) => {
                            let hook = annotations.get_or_insert(None);
                            let annotations_key = written();
                            for (key, value) in entries {
                                match text(value) {
                                    Err(()) => fail(
                                        value,
                                        ".metadata.annotations",
                                        &format!("{annotations_key}.{key}"),
                                        "string",
                                    ),
                                    // A null entry is an empty string.
                                    Ok(v) if key == "helm.sh/hook" => {
                                        *hook = Some(v.unwrap_or_default())
                                    }
                                    Ok(_) => {}
                                }
                            }
                        }
                        other => fail(
                            other,
                            ".metadata.annotations",
                            &written(),
                            "map[string]string",
                        ),
                    }
                }
            }
            continue;
        } else {
            continue;
        };
        match text(value) {
            Ok(Some(s)) => *slot = s,
            Ok(None) => {}
            Err(()) => fail(value, field, &format!(".{key}"), "string"),
        }
    }
    if let Some(message) = error {
        return Err(message);
    }
    let (name, hook) = match metadata {
        Some((name, annotations)) => (name, annotations.flatten()),
        None => (String::new(), None),
    };
    Ok((api_version, kind, name, namespace, hook))
}

/// Whether `path` is one of `SimpleHead`'s string fields (`apiVersion`, `kind`,
/// `metadata.name`, an annotation), matched case-insensitively as Go matches JSON fields.
/// sigs.k8s.io/yaml reads a value there as a string, so `kind: .inf` is the kind `+Inf`
/// (which Helm sorts as an unknown kind), not an error; `.inf` elsewhere is one.
fn simple_head_string(path: &KeyPath) -> bool {
    let is = |s: &PathSegment, name: &str| matches!(s, PathSegment::Key(k) if k.eq_ignore_ascii_case(name));
    match path.segments() {
        [k] => is(k, "apiVersion") || is(k, "kind"),
        [m, n] => is(m, "metadata") && is(n, "name"),
        [m, a, PathSegment::Key(_)] => is(m, "metadata") && is(a, "annotations"),
        _ => false,
    }
}

/// Which head field a scalar value belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    ApiVersion,
    Kind,
    Name,
    Namespace,
    Hook,
}

/// Where a mapping sits: the top level, `metadata`, `metadata.annotations`, or elsewhere.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Top,
    Metadata,
    Annotations,
    Other,
}

/// Reads a document's head without building the document, checking on the way that the whole
/// text is YAML. `None` whenever the exact loader must decide: a parse error, anchors, aliases,
/// tags, merge keys, complex keys, a second document, a head field given twice or not as a
/// string, or a document that is not a mapping.
///
/// Most documents are read in one pass over their lines ([`scan`]); otherwise the fast block
/// reader feeds the head reader directly, event by event, when it takes the text, and
/// orochart's YAML 1.1 parser does when it does not.
fn read_head(text: &str) -> Option<Head> {
    // The fast readers do not know where go-yaml refuses a tab or the `\/` escape (YAML 1.2
    // only): such a text goes to the exact parser.
    let tab = memchr::memchr(b'\t', text.as_bytes()).is_some();
    if tab || (memchr::memchr(b'\\', text.as_bytes()).is_some() && text.contains("\\/")) {
        return read_head_exactly(text);
    }
    // Most rendered documents: one pass over the lines.
    scan::scan(text).or_else(|| read_head_by_events(text))
}

/// [`read_head`] for any text: the fast block reader's events, or else those of orochart's
/// YAML 1.1 parser (which reads as go-yaml does), through the head reader.
fn read_head_by_events(text: &str) -> Option<Head> {
    let mut fast = HeadReader::default();
    if crate::blockyaml::read(text, &mut fast).is_some() {
        return Some(fast.head);
    }
    if fast.refused {
        return None;
    }
    // Outside the block subset.
    read_head_exactly(text)
}

/// [`read_head`] by the events of orochart's YAML 1.1 parser.
fn read_head_exactly(text: &str) -> Option<Head> {
    use crate::blockyaml::Ev;
    use crate::yaml::events::Event;

    let mut slow = HeadReader::default();
    let mut parser = crate::yaml::events::Parser::new(text);
    let mut documents = 0;
    loop {
        let event = match parser.next_event().ok()??.ev {
            Event::StreamEnd => break,
            Event::StreamStart | Event::DocumentEnd => continue,
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            // Anchors, aliases and tags are the exact loader's to judge.
            Event::Alias(_) => return None,
            Event::Scalar { anchor, tag, .. }
            | Event::MappingStart { anchor, tag, .. }
            | Event::SequenceStart { anchor, tag, .. }
                if anchor.is_some() || tag.is_some() =>
            {
                return None
            }
            Event::Scalar { value, style, .. } => Ev::Scalar(value, style),
            Event::MappingStart { .. } => Ev::MapStart,
            Event::SequenceStart { .. } => Ev::SeqStart,
            Event::MappingEnd => Ev::MapEnd,
            Event::SequenceEnd => Ev::SeqEnd,
        };
        slow.step(event)?;
    }
    Some(slow.head)
}

/// The head of a document read from its events (see [`read_head`]).
#[derive(Default)]
struct HeadReader<'a> {
    /// Open collections: (is a mapping, its level, the key whose value comes next).
    stack: Vec<(bool, Level, Option<Cow<'a, str>>)>,
    /// The head fields read so far, one bit per [`Slot`], and the containers.
    seen: u8,
    head: Head,
    /// The reader itself gave up (the exact loader must decide), as opposed to the fast block
    /// reader not taking the text.
    refused: bool,
}

impl<'a> crate::blockyaml::Sink<'a> for HeadReader<'a> {
    fn event(&mut self, event: crate::blockyaml::Ev<'a>) -> Option<()> {
        let taken = self.step(event);
        self.refused = taken.is_none();
        taken
    }
}

/// [`HeadReader::seen`] bits for `metadata` and `annotations` (the head fields take the first
/// five): given twice, they are merged or overwritten, which the exact path decides.
const METADATA_SEEN: u8 = 1 << 5;
const ANNOTATIONS_SEEN: u8 = 1 << 6;

/// `.inf` and `.nan` make Helm's YAML-to-JSON conversion fail. Only plain scalars starting
/// with `.`, `+.` or `-.` can read as them.
fn non_finite(text: &str, plain: bool) -> bool {
    plain
        && matches!(text.as_bytes(), [b'.', ..] | [b'+' | b'-', b'.', ..])
        && matches!(resolve_plain(text), Resolved::Float(f) if !f.is_finite())
}

/// A scalar as Go reads it into a string: `Some(None)` for null, `Some(Some(s))` for a string,
/// `None` for anything YAML 1.1 reads as another type (the exact path decides those).
fn text_of(text: &str, plain: bool) -> Option<Option<&str>> {
    if !plain {
        return Some(Some(text));
    }
    match resolve_plain(text) {
        Resolved::Str => Some(Some(text)),
        Resolved::Null => Some(None),
        _ => None,
    }
}

/// Sets a head field from its value, a string or null (`None`). Null leaves `apiVersion`,
/// `kind` and the name empty; for the namespace and the hook annotation it answers `None` (the
/// exact path decides those).
fn set_field(head: &mut Head, slot: Slot, v: Option<&str>) -> Option<()> {
    match slot {
        Slot::ApiVersion => head.0 = v.unwrap_or_default().to_owned(),
        Slot::Kind => head.1 = v.unwrap_or_default().to_owned(),
        Slot::Name => head.2 = v.unwrap_or_default().to_owned(),
        Slot::Namespace => head.3 = Some(v?.to_owned()),
        Slot::Hook => head.4 = Some(v?.to_owned()),
    }
    Some(())
}

/// Marks a head field (a bit of `seen`) as read: `None` if it was read before.
fn once(seen: &mut u8, bit: u8) -> Option<()> {
    if *seen & bit != 0 {
        return None;
    }
    *seen |= bit;
    Some(())
}

impl<'a> HeadReader<'a> {
    fn once(&mut self, bit: u8) -> Option<()> {
        once(&mut self.seen, bit)
    }

    fn step(&mut self, event: crate::blockyaml::Ev<'a>) -> Option<()> {
        use crate::blockyaml::Ev;
        use crate::yaml::Style;

        match event {
            Ev::Scalar(value, style) => {
                let plain = style == Style::Plain;
                if non_finite(&value, plain) {
                    return None;
                }
                let Some((is_map, level, key)) = self.stack.last_mut() else {
                    // A scalar document: only null (a comment-only document) reads here.
                    if text_of(&value, plain)?.is_some() {
                        return None;
                    }
                    return Some(());
                };
                if *is_map && key.is_none() {
                    // Merge keys, and keys YAML 1.1 reads as null, numbers or booleans (some of
                    // which Helm rejects), are the exact loader's to judge.
                    let plain_non_string =
                        style == Style::Plain && !matches!(resolve_plain(&value), Resolved::Str);
                    if value == "<<" || plain_non_string {
                        return None;
                    }
                    *key = Some(value);
                    return Some(());
                }
                let level = *level;
                let k = if *is_map { key.take() } else { None };
                let slot = match (level, k.as_deref()) {
                    (Level::Other, _) | (_, None) => return Some(()),
                    (Level::Top, Some(k)) if k.eq_ignore_ascii_case("apiVersion") => {
                        Slot::ApiVersion
                    }
                    (Level::Top, Some(k)) if k.eq_ignore_ascii_case("kind") => Slot::Kind,
                    (Level::Top, Some(k)) if k.eq_ignore_ascii_case("metadata") => {
                        // `metadata: null` (or an empty scalar) leaves the name empty.
                        self.once(METADATA_SEEN)?;
                        return text_of(&value, plain)?.is_none().then_some(());
                    }
                    (Level::Metadata, Some(k)) if k.eq_ignore_ascii_case("name") => Slot::Name,
                    (Level::Metadata, Some(k)) if k.eq_ignore_ascii_case("namespace") => {
                        Slot::Namespace
                    }
                    (Level::Metadata, Some(k)) if k.eq_ignore_ascii_case("annotations") => {
                        self.once(ANNOTATIONS_SEEN)?;
                        return text_of(&value, plain)?.is_none().then_some(());
                    }
                    (Level::Annotations, Some("helm.sh/hook")) => Slot::Hook,
                    _ => return Some(()),
                };
                self.once(1 << slot as u8)?;
                let v = text_of(&value, plain)?;
                set_field(&mut self.head, slot, v)?;
            }
            Ev::MapStart | Ev::SeqStart => {
                if self.stack.len() >= 64 {
                    return None;
                }
                let is_map = event == Ev::MapStart;
                let level = match self.stack.last_mut() {
                    None if is_map => Level::Top,
                    None => return None,
                    Some((true, _, None)) => return None, // a complex key
                    Some((true, Level::Other, key)) => {
                        *key = None;
                        Level::Other
                    }
                    Some((true, parent, key)) => {
                        let k = key.take().unwrap_or_default();
                        let is = |name: &str| k.eq_ignore_ascii_case(name);
                        let (child, head_field) = match *parent {
                            Level::Top if is("metadata") => (Level::Metadata, false),
                            Level::Top => (Level::Other, is("apiVersion") || is("kind")),
                            Level::Metadata if is("annotations") => (Level::Annotations, false),
                            Level::Metadata => (Level::Other, is("name") || is("namespace")),
                            // Annotations are strings: Helm rejects any collection there.
                            _ => return None,
                        };
                        if head_field || (child != Level::Other && !is_map) {
                            return None;
                        }
                        match child {
                            Level::Metadata => self.once(METADATA_SEEN)?,
                            Level::Annotations => self.once(ANNOTATIONS_SEEN)?,
                            _ => {}
                        }
                        child
                    }
                    Some((false, _, _)) => Level::Other,
                };
                self.stack.push((is_map, level, None));
            }
            Ev::MapEnd | Ev::SeqEnd => {
                self.stack.pop();
            }
        }
        Some(())
    }
}

/// Go's `\s` (`[\t\n\f\r ]`).
fn is_go_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

/// Where Helm's separator regex `(?:^|\s*\n)---\s*` matches in `text`, as Go's
/// `regexp.Split` finds them (leftmost first, not overlapping). Written out by hand: compiling
/// the regex took ~0.2 ms, a noticeable share of a whole `orochart render`.
///
/// Past the start, a match needs a `\n---`, so the first `\n---` after the previous match is
/// the next match; it ends after the spaces that follow. The regex's match also takes the
/// spaces before the `\n`; here they stay at the end of the previous piece, which is trimmed
/// anyway.
fn separators(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let skip_spaces = |mut i: usize| {
        while i < b.len() && is_go_space(b[i]) {
            i += 1;
        }
        i
    };
    let mut out = Vec::new();
    let mut pos = 0;
    if b.starts_with(b"---") {
        pos = skip_spaces(3);
        out.push((0, pos));
    }
    while let Some(found) = memchr::memmem::find(&b[pos..], b"\n---") {
        let newline = pos + found;
        let end = skip_spaces(newline + 4);
        out.push((newline, end));
        pos = end;
    }
    out
}

/// Go's `strings.TrimSpace`.
fn trim_space(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace())
}

/// Go's `strings.TrimLeftFunc(s, unicode.IsSpace)`.
fn trim_space_start(s: &str) -> &str {
    s.trim_start_matches(|c: char| c.is_whitespace())
}

/// Splits a rendered file into documents as the Helm of `framing` does (see [`Framing`]).
pub fn split_documents_for(framing: Framing, text: &str) -> Vec<&str> {
    match framing {
        Framing::Trim => split_documents(text),
        Framing::TrimLeading => {
            let text = trim_space_start(text);
            let seps = separators(text);
            let mut docs = Vec::with_capacity(seps.len() + 1);
            let mut last = 0;
            for (start, end) in seps {
                // The separator's match takes every `\s` before its line feed.
                docs.push(text[last..start].trim_end_matches(|c: char| is_go_space_char(c)));
                last = end;
            }
            docs.push(&text[last..]);
            docs.into_iter()
                .filter(|d| !trim_space(d).is_empty())
                .map(trim_space_start)
                .collect()
        }
        Framing::LineSeparators => {
            let text = trim_space_start(text);
            let b = text.as_bytes();
            let mut docs = Vec::new();
            let mut last = 0;
            let mut line = 0;
            while line < b.len() {
                if b[line..].starts_with(b"---") {
                    let mut end = line + 3;
                    while end < b.len() && matches!(b[end], b' ' | b'\t') {
                        end += 1;
                    }
                    docs.push(&text[last..line]);
                    last = end;
                }
                match memchr::memchr(b'\n', &b[line..]) {
                    Some(i) => line += i + 1,
                    None => break,
                }
            }
            docs.push(&text[last..]);
            docs.into_iter()
                .filter(|d| !trim_space(d).is_empty())
                .map(trim_space_start)
                .collect()
        }
    }
}

fn is_go_space_char(c: char) -> bool {
    u8::try_from(c).is_ok_and(is_go_space)
}

/// Splits a rendered file into documents exactly as Helm 3 does ([`Framing::Trim`]).
pub fn split_documents(text: &str) -> Vec<&str> {
    let text = trim_space(text);
    let mut docs = Vec::new();
    let mut last = 0;
    for (start, end) in separators(text) {
        docs.push(&text[last..start]);
        last = end;
    }
    docs.push(&text[last..]);
    docs.into_iter()
        .map(trim_space)
        .filter(|d| !d.is_empty())
        .collect()
}

/// One rendered Kubernetes document.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The template it came from, as Helm's `# Source:` line names it
    /// (`orofi-application/templates/service.yaml`).
    pub source: String,
    /// `apiVersion` (empty when absent).
    pub api_version: String,
    /// `kind` (empty for comment-only documents).
    pub kind: String,
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace`, when the document sets it.
    pub namespace: Option<String>,
    /// The document text exactly as printed (without the `# Source:` line).
    pub text: String,
    /// The Helm hook events, when this is a hook.
    pub hooks: Vec<String>,
    /// The parsed document, read on first use (see [`Manifest::body`]).
    body: OnceLock<Value>,
}

impl Serialize for Manifest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("source", &self.source)?;
        m.serialize_entry("chart", self.chart_path())?;
        m.serialize_entry("apiVersion", &self.api_version)?;
        m.serialize_entry("kind", &self.kind)?;
        m.serialize_entry("name", &self.name)?;
        if let Some(ns) = &self.namespace {
            m.serialize_entry("namespace", ns)?;
        }
        m.serialize_entry("body", self.body())?;
        m.serialize_entry("text", &self.text)?;
        if !self.hooks.is_empty() {
            m.serialize_entry("hooks", &self.hooks)?;
        }
        m.end()
    }
}

impl Manifest {
    /// The chart this document came from, as its path in the chart tree: `parent` for the
    /// chart rendered, `parent/charts/child` for a subchart (aliases as named in the tree).
    pub fn chart_path(&self) -> &str {
        crate::chart::origin_of(&self.source)
    }

    /// The parsed document, as Kubernetes reads it (YAML 1.1: `on` is true, duplicate keys: the
    /// last wins). Parsed on first use: rendering only needs the head.
    pub fn body(&self) -> &Value {
        self.body.get_or_init(|| {
            crate::values::parse_yaml_document(&self.text, &self.source, false)
                .unwrap_or(Value::Null)
        })
    }

    /// Reads one document (`source` names its template) the way Helm's `SimpleHead` does:
    /// case-insensitive fields, errors in Helm's words.
    ///
    /// Most documents take the fast path (`read_head`): the parser's events are checked and
    /// the head read without building the document. Anything the exact loader must judge takes
    /// the exact path, with Helm's semantics and error texts.
    /// `None` for a hook with an event Helm does not know (Helm drops those documents).
    pub fn from_text(source: &str, text: &str) -> Result<Option<Manifest>> {
        Self::from_text_for(HelmVersion::V3_17.profile(), source, text)
    }

    /// [`Manifest::from_text`], with errors in `profile`'s Helm's words.
    pub fn from_text_for(
        profile: &HelmProfile,
        source: &str,
        text: &str,
    ) -> Result<Option<Manifest>> {
        Ok(Self::read(profile, source, text)?.ok())
    }

    /// [`Manifest::from_text_for`], a hook Helm skips given as `Err` with its `helm.sh/hook`
    /// annotation as written (what Helm logs: `skipping unknown hook: "pre-install,"`).
    pub fn read(
        profile: &HelmProfile,
        source: &str,
        text: &str,
    ) -> Result<std::result::Result<Manifest, String>> {
        // go-yaml's reader refuses a control character anywhere in the document, even where
        // the head scan does not look (a comment, a value): that is the exact reader's error.
        if crate::input::first_control_character(text).is_none() {
            if let Some(m) = Self::parse_fast(source, text) {
                return Ok(m);
            }
        }
        Self::parse_exact(profile, source, text)
    }

    fn parse_fast(source: &str, text: &str) -> Option<std::result::Result<Manifest, String>> {
        let head = read_head(text)?;
        Some(Self::assemble(source, text, head, OnceLock::new()))
    }

    fn parse_exact(
        profile: &HelmProfile,
        source: &str,
        text: &str,
    ) -> Result<std::result::Result<Manifest, String>> {
        let body = crate::values::parse_yaml_document_into(text, source, simple_head_string);
        let body: Value = body.map_err(|e| {
            // go-yaml says `yaml: line N: …`; keep Helm's wording, not our file:line prefix.
            let (message, line) = match e {
                Error::Yaml { line, message, .. } => {
                    let message = crate::error::helm_yaml_message(line, &message);
                    // The excerpt shows the line Helm's message names.
                    (
                        message.clone(),
                        crate::error::yaml_message_line(&message).unwrap_or(line),
                    )
                }
                other => (other.to_string(), 0),
            };
            // The line is the document's: its text is the excerpt of `{:#}`.
            Error::Manifest {
                template: source.to_owned(),
                message,
                line,
                source_line: None,
            }
            .with_source(text)
        })?;
        let head = simple_head(&body, profile).map_err(|message| Error::Manifest {
            template: source.to_owned(),
            message: format!("error unmarshaling JSON: while decoding JSON: {message}"),
            line: 0,
            source_line: None,
        })?;
        Ok(Self::assemble(source, text, head, OnceLock::from(body)))
    }

    /// The manifest for a parsed head, or, for a hook with an event Helm does not know, its
    /// annotation: Helm drops those documents (and logs the annotation).
    fn assemble(
        source: &str,
        text: &str,
        head: Head,
        body: OnceLock<Value>,
    ) -> std::result::Result<Manifest, String> {
        let (api_version, kind, name, namespace, hook) = head;
        let hooks = hook.as_deref().map(hook_events).unwrap_or_default();
        if hooks.iter().any(|h| !HOOK_EVENTS.contains(&h.as_str())) {
            return Err(hook.unwrap_or_default());
        }
        Ok(Manifest {
            source: source.to_owned(),
            api_version,
            kind,
            name,
            namespace,
            text: text.to_owned(),
            hooks,
            body,
        })
    }

    /// Whether this document is a Helm hook.
    pub fn is_hook(&self) -> bool {
        !self.hooks.is_empty()
    }

    /// Whether this is a test hook (`--skip-tests` drops these).
    pub fn is_test(&self) -> bool {
        self.hooks
            .iter()
            .any(|h| h == "test" || h == "test-success")
    }
}

/// go-yaml's reader error for the document `doc` when it holds the first byte of a template's
/// output that is not UTF-8, before any control character: `(message, line)`. The output's
/// bytes are `bytes`; `text` is their text (a U+FFFD a bad byte), which `doc` is a slice of.
/// Helm parses every printed document, so raw bytes a template printed (`{{ "\xff" }}`, a
/// binary file) end its render here, where orochart's text would have hidden them.
pub(crate) fn invalid_utf8_in(
    text: &str,
    bytes: &[u8],
    doc: &str,
) -> Option<(&'static str, usize)> {
    // The text and the bytes agree up to the first bad byte.
    let first_bad = std::str::from_utf8(bytes).err()?.valid_up_to();
    let start = (doc.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let end = start + doc.len();
    if !(start..end).contains(&first_bad) {
        return None;
    }
    let at = first_bad - start;
    if crate::input::first_control_character(doc).is_some_and(|c| c < at) {
        return None;
    }
    // go-yaml's reader meets the bad byte only if its scanner asks for the block holding it
    // (`input::go_yaml_reads`): a syntax error before that block is the error.
    let width = crate::input::go_yaml_width(bytes[first_bad]);
    if !crate::yaml::meets_what_follows(&doc[..at], width) {
        return None;
    }
    // Where the document ends in the bytes: each bad byte is three in the text.
    let mut left = end - first_bad;
    let mut doc_end = first_bad;
    for r in crate::go::runes(&bytes[first_bad..]) {
        let (in_bytes, in_text) = match r {
            Ok(c) => (c.len_utf8(), c.len_utf8()),
            Err(_) => (1, 3),
        };
        if left < in_text {
            break;
        }
        left -= in_text;
        doc_end += in_bytes;
    }
    let line = 1 + doc[..at].matches('\n').count();
    let rest = &bytes[first_bad..doc_end];
    let e = std::str::from_utf8(rest).err()?;
    Some((crate::input::go_utf8_error(rest, e), line))
}

/// Sorts documents as Helm 3 does: stable by kind rank. Callers pass them in (path, position)
/// order.
pub fn sort_by_kind(docs: &mut [Manifest]) {
    sort_by_kind_for(HelmVersion::V3_17.profile(), docs);
}

/// Sorts documents as the Helm of `profile` does: stable by its install order.
pub fn sort_by_kind_for(profile: &HelmProfile, docs: &mut [Manifest]) {
    // Each rank once (a search of the install order), not twice per comparison. Stable.
    docs.sort_by_cached_key(|m| {
        let (i, kind) = profile.kind_rank(&m.kind);
        (i, kind.to_owned())
    });
}

/// Renders the manifests and hooks as `helm template` prints them. `crds` are `(source, raw
/// text)` pairs printed first, untouched (`--include-crds`).
pub fn helm_output(
    crds: &[(String, String)],
    manifests: &[Manifest],
    hooks: &[Manifest],
) -> String {
    // `---\n# Source: ` and two line feeds per document.
    let framed = |source: &str, text: &str| source.len() + text.len() + 16;
    let size = crds.iter().map(|(s, t)| framed(s, t)).sum::<usize>()
        + manifests
            .iter()
            .chain(hooks)
            .map(|m| framed(&m.source, &m.text))
            .sum::<usize>();
    let mut out = String::with_capacity(size + 1);
    for (source, text) in crds {
        frame_raw(&mut out, source, text);
    }
    for m in manifests {
        frame_into(&mut out, m);
    }
    // Go's `strings.TrimSpace` of the manifests, in place, then the hooks untrimmed.
    let trimmed = trim_space(&out);
    let start = trimmed.as_ptr() as usize - out.as_ptr() as usize;
    let end = start + trimmed.len();
    out.truncate(end);
    out.drain(..start);
    out.push('\n');
    for h in hooks {
        frame_into(&mut out, h);
    }
    out
}

/// [`helm_output`] with a post-renderer (`--post-renderer`), as Helm 3 runs it: the CRDs and
/// manifests, framed, go through `post`; its output, trimmed, is followed by the hooks (which
/// Helm does not post-render).
pub fn helm_output_post_rendered<E>(
    crds: &[(String, String)],
    manifests: &[Manifest],
    hooks: &[Manifest],
    post: impl FnOnce(String) -> Result<String, E>,
) -> Result<String, E> {
    let mut main = String::new();
    for (source, text) in crds {
        frame_raw(&mut main, source, text);
    }
    for m in manifests {
        frame_into(&mut main, m);
    }
    let rendered = post(main)?;
    let mut out = trim_space(&rendered).to_owned();
    out.push('\n');
    for h in hooks {
        frame_into(&mut out, h);
    }
    Ok(out)
}

fn frame_into(out: &mut String, m: &Manifest) {
    frame_raw(out, &m.source, &m.text);
}

fn frame_raw(out: &mut String, source: &str, text: &str) {
    out.push_str("---\n# Source: ");
    out.push_str(source);
    out.push('\n');
    out.push_str(text);
    out.push('\n');
}

/// Go's `filepath.Match` on `/`-separated paths: `*` and `?` do not cross `/`, `[...]` classes,
/// `\` escapes.
pub fn path_match(pattern: &str, name: &str) -> bool {
    fn go(p: &[char], n: &[char]) -> bool {
        match p.first() {
            None => n.is_empty(),
            Some('*') => {
                let rest = &p[1..];
                for i in 0..=n.len() {
                    if i > 0 && n[i - 1] == '/' {
                        break;
                    }
                    if go(rest, &n[i..]) {
                        return true;
                    }
                }
                false
            }
            Some('?') => !n.is_empty() && n[0] != '/' && go(&p[1..], &n[1..]),
            Some('[') => {
                let Some(c) = n.first() else { return false };
                if *c == '/' {
                    return false;
                }
                let mut i = 1;
                let negate = matches!(p.get(1), Some('^') | Some('!'));
                if negate {
                    i += 1;
                }
                let mut matched = false;
                let mut first = true;
                while i < p.len() && (first || p[i] != ']') {
                    first = false;
                    let mut lo = p[i];
                    if lo == '\\' && i + 1 < p.len() {
                        i += 1;
                        lo = p[i];
                    }
                    let mut hi = lo;
                    if i + 2 < p.len() && p[i + 1] == '-' && p[i + 2] != ']' {
                        hi = p[i + 2];
                        i += 2;
                    }
                    if lo <= *c && *c <= hi {
                        matched = true;
                    }
                    i += 1;
                }
                if i >= p.len() {
                    return false;
                }
                matched != negate && go(&p[i + 1..], &n[1..])
            }
            Some('\\') if p.len() > 1 => !n.is_empty() && n[0] == p[1] && go(&p[2..], &n[1..]),
            Some(c) => !n.is_empty() && n[0] == *c && go(&p[1..], &n[1..]),
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    go(&p, &n)
}

/// Helm's `--show-only`: re-splits the printed output and keeps, for each pattern in order,
/// every piece whose `# Source: <chart>/<rest>` has `<rest>` matching the pattern.
pub fn show_only(output: &str, patterns: &[String]) -> Result<String> {
    show_only_for(Framing::Trim, output, patterns)
}

/// [`show_only`] as the Helm of `framing` does it: the output is split again by that Helm's
/// rules, so the documents keep its white space.
pub fn show_only_for(framing: Framing, output: &str, patterns: &[String]) -> Result<String> {
    static SOURCE: OnceLock<Regex> = OnceLock::new();
    let source = SOURCE
        .get_or_init(|| Regex::new(r"# Source: [^/]+/(.+)").unwrap_or_else(|_| unreachable!()));
    let pieces = split_documents_for(framing, output);
    let mut out = String::new();
    for pattern in patterns {
        let pattern = pattern.replace('\\', "/");
        let mut found = false;
        for piece in &pieces {
            let Some(caps) = source.captures(piece) else {
                continue;
            };
            let rest = caps.get(1).map_or("", |m| m.as_str());
            if path_match(&pattern, rest) {
                out.push_str("---\n");
                out.push_str(piece);
                out.push('\n');
                found = true;
            }
        }
        if !found {
            return Err(Error::Invalid(format!(
                "could not find template {pattern} in chart"
            )));
        }
    }
    Ok(out)
}

/// The files `--output-dir DIR` writes: `(path relative to DIR, contents)` in write order, and
/// the `wrote <path>` lines Helm prints (one per document). `prefix` is the release name with
/// `--release-name`, else empty.
///
/// CRDs (`--include-crds`) come first and go to `DIR/<chart>/crds/…` even with a prefix, as in
/// Helm.
pub fn output_dir_files(
    dir: &str,
    prefix: Option<&str>,
    crds: &[(String, String)],
    manifests: &[Manifest],
    hooks: &[Manifest],
) -> (Vec<(String, String)>, String) {
    let mut files: Vec<(String, String)> = Vec::new();
    let mut log = String::new();
    for (source, text) in crds {
        let path = format!("{dir}/{source}");
        let mut chunk = String::new();
        frame_raw(&mut chunk, source, text);
        match files.iter_mut().find(|(p, _)| *p == path) {
            Some((_, content)) => content.push_str(&chunk),
            None => files.push((path.clone(), chunk)),
        }
        log.push_str("wrote ");
        log.push_str(&path);
        log.push('\n');
    }
    let base = match prefix {
        Some(p) => format!("{dir}/{p}"),
        None => dir.to_owned(),
    };
    for m in manifests.iter().chain(hooks) {
        let path = format!("{base}/{}", m.source);
        let mut chunk = String::new();
        frame_into(&mut chunk, m);
        match files.iter_mut().find(|(p, _)| *p == path) {
            Some((_, content)) => content.push_str(&chunk),
            None => files.push((path.clone(), chunk)),
        }
        log.push_str("wrote ");
        log.push_str(&path);
        log.push('\n');
    }
    log.push('\n');
    (files, log)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Helm's separator, as the regex Helm uses (the reference for the hand-written split).
    fn regex_split(text: &str) -> Vec<&str> {
        static RE: OnceLock<Regex> = OnceLock::new();
        let re = RE.get_or_init(|| {
            Regex::new(r"(?:^|[\t\n\x0C\r ]*\n)---[\t\n\x0C\r ]*")
                .unwrap_or_else(|_| unreachable!())
        });
        re.split(trim_space(text))
            .map(trim_space)
            .filter(|d| !d.is_empty())
            .collect()
    }

    #[test]
    fn a_control_character_anywhere_is_go_yamls_error() {
        let profile = HelmVersion::V4_3.profile();
        for text in [
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n# \u{1} in a comment\n",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"a\u{7f}\"\n",
        ] {
            let e = Manifest::read(profile, "c/templates/a.yaml", text)
                .err()
                .map(|e| e.to_string());
            assert_eq!(
                e.as_deref(),
                Some("YAML parse error on c/templates/a.yaml: error converting YAML to JSON: yaml: control characters are not allowed"),
                "{text:?}"
            );
        }
        // A byte-order mark is allowed (Helm 4.3 renders this).
        let ok = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n# \u{feff}\n";
        assert!(Manifest::read(profile, "c/templates/a.yaml", ok).is_ok());
    }

    #[test]
    fn hand_written_split_agrees_with_helms_regex() {
        let mut rng = crate::testgen::Rng(0x5EB);
        let parts = [
            "---", "-", "--", "\n", " ", "\t", "\r", "\x0C", "a", "# x", "\n---\n",
        ];
        for _ in 0..50_000 {
            let n = rng.below(14);
            let text: String = (0..n).map(|_| rng.pick(&parts)).collect();
            assert_eq!(split_documents(&text), regex_split(&text), "{text:?}");
        }
    }

    /// The documents each Helm makes of one file, read back from what Helm 3.17.2, 4.2.3 and
    /// 4.3.1 print for a template with this text.
    #[test]
    fn split_keeps_the_white_space_each_helm_keeps() {
        let text = "\n\nkind: A  \n\n---\n--- # c\nkind: B\n---\t\n\n\nkind: C\n\n\n";
        assert_eq!(
            split_documents_for(Framing::Trim, text),
            ["kind: A", "--- # c\nkind: B", "kind: C"]
        );
        assert_eq!(
            split_documents_for(Framing::TrimLeading, text),
            ["kind: A", "--- # c\nkind: B", "kind: C\n\n\n"]
        );
        assert_eq!(
            split_documents_for(Framing::LineSeparators, text),
            ["kind: A  \n\n", "# c\nkind: B\n", "kind: C\n\n\n"]
        );
        // Only a `---` at the start of a line separates; white space-only pieces are dropped.
        assert_eq!(
            split_documents_for(Framing::LineSeparators, "---\n  ---\na: 1\n---\n \n"),
            ["---\na: 1\n"]
        );
    }

    #[test]
    fn split_keeps_a_second_separator_inside_the_next_document() {
        let docs = split_documents("a: 1\n---\n---\n# just a comment\n---\n\n---\nb: 2\n");
        assert_eq!(docs, vec!["a: 1", "---\n# just a comment", "---\nb: 2"]);
    }

    #[test]
    fn split_cases_from_helm() {
        assert_eq!(split_documents("a: 1\n---   \nb: 2"), vec!["a: 1", "b: 2"]);
        assert_eq!(
            split_documents("a: 1\n--- # c\nb: 2"),
            vec!["a: 1", "# c\nb: 2"]
        );
        assert_eq!(
            split_documents("a: 1\n ---\nb: 2"),
            vec!["a: 1\n ---\nb: 2"]
        );
        assert_eq!(split_documents("a: 1\n---x\nb: 2"), vec!["a: 1", "x\nb: 2"]);
        assert_eq!(split_documents("---\n---\n"), vec!["---"]);
        assert!(split_documents("---").is_empty());
        assert_eq!(split_documents("\n  a: 1\n"), vec!["a: 1"]);
    }

    fn head(m: &Manifest) -> (String, String, String, Option<String>, Vec<String>) {
        (
            m.api_version.clone(),
            m.kind.clone(),
            m.name.clone(),
            m.namespace.clone(),
            m.hooks.clone(),
        )
    }

    #[test]
    fn fast_path_reads_the_same_head_as_the_exact_path_or_defers_to_it() {
        let docs = [
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: ns\ndata:\n  on: yes",
            "Kind: Secret\nAPIVERSION: v1\nMetadata:\n  Name: s",
            "# only a comment",
            "kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: pre-install, Post-Install",
            "kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: bogus",
            "kind: Pod\nmetadata: {name: p, labels: {a: b}}\nspec: [1, 2]",
            "kind: on\nmetadata:\n  name: 123",
            "base: &b {kind: Service}\n<<: *b",
            "kind: A\nkind: B",
            "---\n# just a comment",
            "kind: Secret\nmetadata: null",
            "kind: Secret\nmetadata:\n  name: s\n  namespace: null",
            "kind: Secret\nmetadata:\n  annotations:\n    helm.sh/hook: null",
            "kind: Secret\nmetadata:\n  annotations: {helm.sh/hook: 'test'}",
            "kind: Secret\nspec:\n  x: .inf",
            "kind: Secret\n~: x",
            "kind: Secret\ndata:\n  1: x\n  y: z",
            "kind: \"a\\/b\"",
            "kind: [Secret]",
            "- a\n- b",
            "just text",
            "kind: 'on'\nmetadata:\n  name: \"123\"",
        ];
        for text in docs {
            let exact = Manifest::parse_exact(HelmVersion::V3_17.profile(), "t.yaml", text)
                .map(|m| m.map(|m| head(&m)));
            if let Some(fast) = Manifest::parse_fast("t.yaml", text) {
                let fast = fast.map(|m| head(&m));
                assert_eq!(exact.as_ref().ok(), Some(&fast), "{text}");
            }
        }
        // YAML 1.1 specials, merge keys, duplicate keys, `.inf`, null keys, Helm's rejected
        // escapes and non-string heads take the exact path.
        for text in [
            "kind: on",
            "base: &b {kind: Service}\n<<: *b",
            "kind: A\nkind: B",
            "kind: Secret\nspec:\n  x: .inf",
            "kind: Secret\n~: x",
            "kind: \"a\\/b\"",
            "kind: [Secret]",
        ] {
            assert!(Manifest::parse_fast("t.yaml", text).is_none(), "{text}");
        }
    }

    #[test]
    fn fast_path_agrees_with_the_exact_path_on_generated_documents() {
        let mut rng = crate::testgen::Rng(0x4ead_5eed);
        let mut taken = 0;
        for _ in 0..20_000 {
            let text = crate::testgen::manifest_yaml(&mut rng, 3);
            if let Some(fast) = Manifest::parse_fast("t.yaml", &text) {
                taken += 1;
                let exact = Manifest::parse_exact(HelmVersion::V3_17.profile(), "t.yaml", &text)
                    .map(|m| m.map(|m| head(&m)));
                assert_eq!(exact.ok(), Some(fast.map(|m| head(&m))), "{text}");
            }
        }
        // Most documents must take the fast path, or this compares little.
        assert!(
            taken > 1000,
            "only {taken} of 20000 documents took the fast path"
        );
    }

    #[test]
    fn float_heads_read_as_gos_32_bit_shortest_text() {
        // strconv.FormatFloat(f, 'g', -1, 32), as sigs.k8s.io/yaml turns a float into a string
        // field (the parity case `head-field-types` checks the sort order this gives).
        for (f, text) in [
            (1.5, "1.5"),
            (1e6, "1e+06"),
            (123456.0, "123456"),
            (1234567.0, "1.234567e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (std::f64::consts::PI, "3.1415927"),
            (16777217.0, "1.6777216e+07"),
            (-2.5e-7, "-2.5e-07"),
            (-0.0, "-0"),
            (0.0, "0"),
            (1e39, "+Inf"),
            (f64::NAN, "NaN"),
        ] {
            assert_eq!(crate::go::format_float_g(f, true), text, "{f}");
        }
    }

    #[test]
    fn body_is_parsed_as_kubernetes_reads_it() {
        let m = Manifest::from_text("t.yaml", "kind: ConfigMap\ndata:\n  a: on\n  num: 5")
            .ok()
            .flatten();
        let body = m.as_ref().map(|m| m.body().clone()).unwrap_or_default();
        assert_eq!(body.get_path("data.a"), Some(&Value::Bool(true)));
        assert_eq!(body.get_path("data.num"), Some(&Value::Int(5)));
    }

    /// sigs.k8s.io/yaml reads `.inf` into SimpleHead's string fields as Go formats the float
    /// (Helm 3.17.2 sorts `kind: .inf` as the unknown kind `+Inf`, before `,`, and skips a
    /// hook `.inf` as the unknown hook "+Inf"); anywhere else it cannot be JSON, an error.
    #[test]
    fn non_finite_numbers_in_head_strings_are_text_elsewhere_an_error() {
        let head = |text: &str| {
            Manifest::from_text("t.yaml", text).map(|m| m.map(|m| (m.kind, m.name, m.hooks)))
        };
        let m = head(
            "apiVersion: v1\nKIND: .inf\nmetadata:\n  Name: -.Inf\n  annotations:\n    a: .nan\n",
        );
        assert_eq!(
            m.ok().flatten(),
            Some(("+Inf".to_owned(), "-Inf".to_owned(), Vec::new()))
        );
        let hook = "kind: Job\nmetadata:\n  annotations:\n    helm.sh/hook: .inf\n";
        assert_eq!(head(hook).ok(), Some(None), "an unknown hook: dropped");
        for elsewhere in [
            "kind: Job\nmetadata:\n  namespace: .inf\n",
            "kind: Job\nspec:\n  x: .nan\n",
            "kind: Job\nmetadata:\n  labels:\n    a: .inf\n",
            "kind: [.inf]\n",
        ] {
            let err = head(elsewhere)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(
                err.contains("unsupported value") || err.contains("cannot unmarshal"),
                "{elsewhere:?}: {err}"
            );
        }
    }

    #[test]
    fn unknown_kinds_sort_after_known_ones_by_kind() {
        let rank = |k| HelmVersion::V3_17.profile().kind_rank(k);
        assert!(rank("Namespace") < rank("Service"));
        assert!(rank("APIService") < rank(""));
        assert!(rank("") < rank("Rollout"));
        assert!(rank("Rollout") < rank("ScaledObject"));
        assert!(rank("ScaledObject") < rank("aLowercase"));
    }

    #[test]
    fn filepath_match_does_not_cross_slashes() {
        assert!(path_match("templates/*.yaml", "templates/a.yaml"));
        assert!(!path_match("templates/*.yaml", "templates/sub/a.yaml"));
        assert!(path_match("templates/**", "templates/a.yaml"));
        assert!(path_match("templates/[ab].yaml", "templates/b.yaml"));
        assert!(!path_match("templates/a.yaml", "templates/a.yamlx"));
    }
}
