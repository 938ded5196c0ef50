//! Reading a values file the way Helm 3 does: sigs.k8s.io/yaml, i.e. go-yaml v2 decoding into
//! `interface{}` (YAML 1.1 scalars, merge keys, duplicate keys last-wins, first document
//! only), then a round trip through JSON (keys stringified, numbers `float64`, `±Inf`/`NaN`
//! rejected). See helm-semantics.md §3.1.
//!
//! Three phases, in Go's order so the first error reported is Helm's: build the node tree with
//! orochart's YAML 1.1 reader (syntax errors), decode it to Go values (tag, merge, alias errors), then
//! convert to JSON-able values (key and number errors), then check the top level is a map.
//!
//! Phases 1 and 2 are YAML's, in [`crate::yaml`] (`read`: the parser's events to a node tree
//! with go-yaml's acceptance rules and wording; `decode`: go-yaml's decoder); phase 3 and the
//! fast paths for the usual files are here. Still apart, as a differential run against Helm
//! found: an empty key in a list (`- : x`), which both refuse, go-yaml while parsing (`line 1:
//! did not find expected key`), orochart while converting the null key.

use std::sync::Arc;

use std::borrow::Cow;

use crate::yaml::Style;

use crate::blockyaml::Ev;
use crate::error::{Error, Result};
use crate::profile::HelmProfile;
use crate::value::{KeyPath, Map, Origin, Origins, Value};

use super::MAX_DEPTH;
use crate::go::format_float_g;
use crate::yaml::{self, build_reaching, sharp_v, DecodeResult, Decoder, GoVal, Kind, Pos, Scalar, Tree};

/// Parses a values file: the first YAML document, which must be a map (or empty). Every
/// number becomes [`Value::Float`], as in Helm. Records where each key and list item was
/// written.
pub fn parse_values(text: &str, file: &str) -> Result<(Map, Origins)> {
    let mut origins = Origins::new();
    let map = parse_values_recording(text, file, Some(&mut origins))?;
    Ok((map, origins))
}

/// [`parse_values`] without recording origins (faster: most files then convert in one pass).
pub fn parse_values_map(text: &str, file: &str) -> Result<Map> {
    parse_values_recording(text, file, None)
}

pub(super) fn parse_values_recording(
    text: &str,
    file: &str,
    origins: Option<&mut Origins>,
) -> Result<Map> {
    let (root, pos) = load(text, file, true, origins)?;
    let json_type = match root {
        Value::Map(m) => return Ok(m),
        Value::Null => return Ok(Map::new()),
        Value::List(_) => "array",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Float(_) => "number",
    };
    Err(yaml_error(
        file,
        pos,
        format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {json_type} into Go value of type map[string]interface {{}}"
        ),
    ))
}

/// Parses the first YAML document of `text` with Helm's rules (YAML 1.1 scalars, keys
/// stringified, duplicate keys last-wins) into any value; an empty document is
/// [`Value::Null`]. With `float_numbers` every number is a [`Value::Float`] (values files);
/// without, integers stay [`Value::Int`] (rendered manifests, `Chart.yaml`).
pub fn parse_yaml_document(text: &str, file: &str, float_numbers: bool) -> Result<Value> {
    load(text, file, float_numbers, None).map(|(v, _)| v)
}

/// [`parse_yaml_document`] as sigs.k8s.io/yaml parses into a Go struct: a value whose path
/// `string_field` accepts goes into a string field, so `±Inf` and `NaN` there are not an error
/// (the struct's reader formats them); anywhere else they still are.
pub(crate) fn parse_yaml_document_into(
    text: &str,
    file: &str,
    string_field: fn(&KeyPath) -> bool,
) -> Result<Value> {
    load_with(text, file, false, None, Some(string_field)).map(|(v, _)| v)
}

/// The reader's error as Helm prints it (without the `failed to parse FILE: ` we add).
pub(crate) fn sigs_yaml_message(e: &Error) -> String {
    let text = e.to_string();
    match text.split_once(": ") {
        Some((head, rest)) if head.starts_with("failed to parse ") => rest.to_string(),
        _ => text,
    }
}

fn yaml_error(file: &str, pos: Pos, message: String) -> Error {
    Error::Yaml {
        file: file.to_string(),
        line: pos.line,
        column: pos.column,
        message,
        source_line: None,
    }
}

/// A values file that could not be read as text: bytes that are not UTF-8 are Helm's YAML
/// error (`yaml: invalid leading UTF-8 octet`); other errors stay as they are.
pub(super) fn unreadable_values_file(e: Error, file: &str) -> Error {
    match e {
        Error::Io { source, .. } if source.kind() == std::io::ErrorKind::InvalidData => yaml_error(
            file,
            Pos::default(),
            format!("error converting YAML to JSON: yaml: {source}"),
        ),
        e => e,
    }
}

/// When `e` is a values file's bytes that are not UTF-8 and go-yaml would stop before it
/// reads them (a syntax error earlier in their document, or the end of the first document
/// where `profile`'s Helm reads only that one), the text before them: reading it gives what
/// Helm gives. `None` when go-yaml would meet the bytes (their error stands).
pub(super) fn text_go_yaml_stops_in<'e>(
    profile: &HelmProfile,
    e: &'e Error,
    file: &str,
) -> Result<Option<&'e str>> {
    let Some((before, width)) = crate::input::text_before_bad_bytes(e) else {
        return Ok(None);
    };
    // The document holding the bytes, which Helm 4 parses on its own: the last one of the
    // text before them, given with a line feed added when it ends without one, or none
    // (the bytes start a document).
    let docs = values_documents(profile, before, file)?;
    let ends_before = |d: &str| d.as_ptr() as usize + d.len() == before.as_ptr() as usize + before.len();
    let doc = match docs.last() {
        Some((_, Cow::Borrowed(d))) if ends_before(d) => d,
        Some((_, Cow::Owned(d))) => before
            .get(before.len().saturating_sub(d.len().saturating_sub(1))..)
            .unwrap_or(""),
        _ => "",
    };
    if !yaml::meets_what_follows(doc, width) {
        return Ok(Some(before));
    }
    // Helm 4 reads the documents before it first: an error of theirs comes first (reading
    // the text before the bytes reports it).
    let earlier_fails = docs.len() > 1
        && docs[..docs.len() - 1].iter().any(|(_, d)| {
            parse_document(d, |d| parse_values_recording(d, file, None)).is_err()
        });
    Ok(earlier_fails.then_some(before))
}

pub(super) fn load(
    text: &str,
    file: &str,
    float_numbers: bool,
    origins: Option<&mut Origins>,
) -> Result<(Value, Pos)> {
    load_with(text, file, float_numbers, origins, None)
}

fn load_with(
    text: &str,
    file: &str,
    float_numbers: bool,
    origins: Option<&mut Origins>,
    string_field: Option<fn(&KeyPath) -> bool>,
) -> Result<(Value, Pos)> {
    let fast = origins.is_none();
    match load_as::<Values>(text, file, float_numbers, fast, origins, string_field)? {
        (Ok(value) | Err(value), pos) => Ok((value, pos)),
    }
}

/// How the one-pass conversions build values: orochart's [`Value`], or another value type
/// (the Go template engine's, for `fromYaml`) built straight from the text.
pub(crate) trait Make {
    type V;
    /// Whether the one-pass conversions may build any document, not only a mapping (the
    /// full phases' [`Value`] is then not wanted as well).
    const ANY_ROOT: bool = false;
    fn null() -> Self::V;
    fn bool(b: bool) -> Self::V;
    fn int(i: i64) -> Self::V;
    fn float(f: f64) -> Self::V;
    fn string(s: Cow<'_, str>) -> Self::V;
    fn list(items: Vec<Self::V>) -> Self::V;
    /// A mapping's entries in file order; a later duplicate key wins.
    fn map(entries: Vec<(String, Self::V)>) -> Self::V;
}

/// [`Make`] for orochart's own values.
struct Values;

impl Make for Values {
    type V = Value;
    const ANY_ROOT: bool = true;
    fn null() -> Value {
        Value::Null
    }
    fn bool(b: bool) -> Value {
        Value::Bool(b)
    }
    fn int(i: i64) -> Value {
        Value::Int(i)
    }
    fn float(f: f64) -> Value {
        Value::Float(f)
    }
    fn string(s: Cow<'_, str>) -> Value {
        Value::String(s.into_owned())
    }
    fn list(items: Vec<Value>) -> Value {
        Value::List(items)
    }
    fn map(entries: Vec<(String, Value)>) -> Value {
        Value::Map(Map::from_entries(entries))
    }
}

/// [`parse_yaml_document`] into `M`'s values where a one-pass conversion takes the document
/// and its root is a mapping (`Ok(Ok(_))`); else the document as [`Value`] (`Ok(Err(_))`),
/// read by the full phases, for the caller to convert or refuse.
pub(crate) fn parse_yaml_map_as<M: Make>(
    text: &str,
    file: &str,
    float_numbers: bool,
) -> Result<std::result::Result<M::V, Value>> {
    load_as::<M>(text, file, float_numbers, true, None, None).map(|(v, _)| v)
}

/// The loader: `Ok(_)` when a one-pass conversion into `M` took the document (only with
/// `fast`, and a mapping at the root unless [`Make::ANY_ROOT`]), else the full phases' value.
fn load_as<M: Make>(
    text: &str,
    file: &str,
    float_numbers: bool,
    fast: bool,
    origins: Option<&mut Origins>,
    string_field: Option<fn(&KeyPath) -> bool>,
) -> Result<(std::result::Result<M::V, Value>, Pos)> {
    // go-yaml skips a UTF-8 byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The fast reader takes no control character (its characters are a subset of those
    // go-yaml's reader allows), so the text is checked for them only when it declines.
    if fast {
        if let Some(value) = load_fast::<M>(text, float_numbers) {
            return Ok((Ok(value), Pos::default()));
        }
    }
    // go-yaml's reader refuses control characters (a NUL among them) in the text it hands
    // its scanner, which asks for it block by block: one in a block the scanner never asked
    // for (past a syntax error, past the first document) is not seen.
    let (tree, reach) = build_reaching(text);
    if crate::input::first_control_character(text).is_some_and(|at| {
        let width = text[at..].chars().next().map_or(1, char::len_utf8);
        crate::input::go_yaml_reads(text, at, width, reach)
    })
    {
        return Err(yaml_error(
            file,
            Pos::default(),
            "error converting YAML to JSON: yaml: control characters are not allowed".to_owned(),
        ));
    }
    let tree = tree.map_err(|(pos, msg)| {
        yaml_error(
            file,
            pos,
            format!("error converting YAML to JSON: yaml: {msg}"),
        )
    })?;
    let Some(root) = tree.root else {
        return Ok((Err(Value::Null), Pos::default()));
    };
    let root_pos = tree.nodes[root].pos;
    let map_root = matches!(tree.nodes[root].kind, Kind::Map(_));
    if fast && (map_root || M::ANY_ROOT) {
        // Most files use none of what makes go-yaml's decoding subtle (anchors, aliases, tags,
        // merge keys, non-string keys, non-finite numbers): convert those in one pass.
        if let Some(value) = Simple::<M>::new(float_numbers).convert(&tree, root, 0) {
            return Ok((Ok(value), root_pos));
        }
    }
    let mut dec = Decoder::new(&tree, text);
    // The decoder's errors carry go-yaml's line, if any (`failf`'s have none).
    let go = dec.decode(root, 0).map_err(|(pos, msg)| {
        yaml_error(
            file,
            pos,
            format!("error converting YAML to JSON: yaml: {msg}"),
        )
    })?;
    let mut conv = Converter {
        file: Arc::from(file),
        float_numbers,
        origins,
        non_finite: None,
        string_field,
    };
    let value = conv
        .convert(go, &KeyPath::root(), root_pos)
        .map_err(|(pos, msg)| {
            yaml_error(file, pos, format!("error converting YAML to JSON: {msg}"))
        })?;
    if let Some((pos, f)) = conv.non_finite {
        return Err(yaml_error(
            file,
            pos,
            format!(
                "error converting YAML to JSON: json: unsupported value: {}",
                format_float_g(f, false)
            ),
        ));
    }
    Ok((Err(value), root_pos))
}

/// The fast path: a document in the block subset [`crate::blockyaml`] reads, whose root is a
/// mapping and which [`Simple`] converts. `None` sends the caller down the exact path (which
/// also finds the positions an error needs).
fn load_fast<M: Make>(text: &str, float_numbers: bool) -> Option<M::V> {
    let mut builder = Builder::<M> {
        simple: Simple::new(float_numbers),
        stack: Vec::new(),
        entries: Vec::new(),
        items: Vec::new(),
        done: None,
    };
    crate::blockyaml::read(text, &mut builder)?;
    builder.done
}

/// [`Simple::convert_events`] as the block reader's sink: the values are built as the events
/// arrive, without collecting them first. `done` is the document once its root is closed.
///
/// The open collections' members wait in two shared stacks (`entries`, `items`), so each
/// collection is allocated once, at its size, when it closes.
struct Builder<M: Make> {
    simple: Simple<M>,
    /// Open collections, innermost last.
    stack: Vec<Open>,
    /// The open maps' entries so far, in file order, innermost map's last.
    entries: Vec<(String, M::V)>,
    /// The open lists' items so far, innermost list's last.
    items: Vec<M::V>,
    done: Option<M::V>,
}

/// An open collection: where its members start in the shared stacks, and for a map the key
/// whose value comes next.
enum Open {
    List(usize),
    Map(usize, Option<String>),
}

impl<M: Make> Builder<M> {
    /// A finished value: into the open collection, or the document.
    fn put(&mut self, value: M::V) -> Option<()> {
        match self.stack.last_mut() {
            None if self.done.is_none() => self.done = Some(value),
            Some(Open::List(_)) => self.items.push(value),
            Some(Open::Map(_, key @ Some(_))) => self.entries.push((key.take()?, value)),
            _ => return None,
        }
        Some(())
    }

    /// A value may start here: not where a map wants a key, not after the document.
    fn value_may_start(&self) -> bool {
        match self.stack.last() {
            None => self.done.is_none(),
            Some(Open::Map(_, None)) => false,
            _ => self.stack.len() <= MAX_DEPTH,
        }
    }
}

impl<'a, M: Make> crate::blockyaml::Sink<'a> for Builder<M> {
    fn event(&mut self, event: Ev<'a>) -> Option<()> {
        match event {
            // The document must be a mapping.
            Ev::Scalar(..) | Ev::SeqStart if self.stack.is_empty() => None,
            Ev::Scalar(text, style) => {
                let plain = style == Style::Plain;
                if let Some(Open::Map(_, key @ None)) = self.stack.last_mut() {
                    if !string_key(&text, plain) {
                        return None;
                    }
                    *key = Some(text.into_owned());
                    return Some(());
                }
                if !self.value_may_start() {
                    return None;
                }
                let value = self.simple.scalar(text, plain)?;
                self.put(value)
            }
            Ev::SeqStart | Ev::MapStart => {
                if !self.value_may_start() {
                    return None;
                }
                self.stack.push(if event == Ev::MapStart {
                    Open::Map(self.entries.len(), None)
                } else {
                    Open::List(self.items.len())
                });
                Some(())
            }
            Ev::MapEnd | Ev::SeqEnd => {
                let value = match self.stack.pop()? {
                    Open::Map(start, None) if event == Ev::MapEnd => {
                        M::map(self.entries.drain(start..).collect())
                    }
                    Open::List(start) if event == Ev::SeqEnd => {
                        M::list(self.items.drain(start..).collect())
                    }
                    _ => return None,
                };
                self.put(value)
            }
        }
    }
}

/// A values file's map from the fast block reader's events for it: what
/// [`parse_values_map`] returns when its fast path takes the file, `None` when it would not.
pub(crate) fn values_map_from_events(events: Vec<Ev<'_>>) -> Option<Map> {
    match load_events(events, true)? {
        Value::Map(m) => Some(m),
        _ => None,
    }
}

fn load_events(events: Vec<Ev<'_>>, float_numbers: bool) -> Option<Value> {
    if events.first() != Some(&Ev::MapStart) {
        return None;
    }
    let mut events = events.into_iter().peekable();
    let value = Simple::<Values>::new(float_numbers).convert_events(&mut events, 0)?;
    events.next().is_none().then_some(value)
}

type EvIter<'a> = std::iter::Peekable<std::vec::IntoIter<Ev<'a>>>;

/// The one-pass conversion of a node tree without anchors, aliases, tags, merge keys,
/// non-string keys or non-finite numbers, straight to the values phases 2 and 3 would give.
/// `None` as soon as the tree uses any of those: the caller then runs the full phases, which
/// also produce their errors.
struct Simple<M> {
    float_numbers: bool,
    make: std::marker::PhantomData<M>,
}

/// Whether a key stays the string it reads as: a plain key YAML 1.1 types (`1:`, `true:`,
/// `~:`, stringified later by Go) or a `<<` merge is for the full phases.
fn string_key(key: &str, plain: bool) -> bool {
    !plain || (key != "<<" && matches!(yaml::resolve_scalar(key), Scalar::Str | Scalar::Timestamp))
}

impl<M: Make> Simple<M> {
    fn new(float_numbers: bool) -> Self {
        Simple {
            float_numbers,
            make: std::marker::PhantomData,
        }
    }

    /// A scalar's value; `None` for one the full phases must judge (non-finite numbers).
    fn scalar(&self, value: Cow<'_, str>, plain: bool) -> Option<M::V> {
        if !plain {
            return Some(M::string(value));
        }
        Some(match yaml::resolve_scalar(&value) {
            Scalar::Str | Scalar::Timestamp => M::string(value),
            Scalar::Null => M::null(),
            Scalar::Bool(b) => M::bool(b),
            Scalar::Int(i) if self.float_numbers => M::float(i as f64),
            Scalar::Int(i) => M::int(i),
            Scalar::Uint(u) => M::float(u as f64),
            Scalar::Float(f) if f.is_finite() => M::float(f),
            Scalar::Float(_) => return None,
        })
    }

    fn convert(&self, tree: &Tree<'_>, n: usize, depth: usize) -> Option<M::V> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match &tree.nodes[n].kind {
            Kind::Scalar {
                value,
                plain,
                tag: None,
            } => self.scalar(Cow::Borrowed(value), *plain)?,
            Kind::Scalar { tag: Some(_), .. } | Kind::Alias(_) => return None,
            Kind::Seq(items) => M::list(
                items
                    .iter()
                    .map(|&item| self.convert(tree, item, depth + 1))
                    .collect::<Option<Vec<M::V>>>()?,
            ),
            Kind::Map(pairs) => {
                let mut out = Vec::with_capacity(pairs.len());
                for &(k, v) in pairs {
                    let Kind::Scalar {
                        value: key,
                        plain,
                        tag: None,
                    } = &tree.nodes[k].kind
                    else {
                        return None;
                    };
                    if !string_key(key, *plain) {
                        return None;
                    }
                    out.push((key.to_string(), self.convert(tree, v, depth + 1)?));
                }
                M::map(out)
            }
        })
    }

    /// The same from the fast block reader's events (which have no anchors, aliases or
    /// tags), without building the node tree.
    fn convert_events(&self, events: &mut EvIter<'_>, depth: usize) -> Option<M::V> {
        if depth > MAX_DEPTH {
            return None;
        }
        Some(match events.next()? {
            Ev::Scalar(text, style) => self.scalar(text, style == Style::Plain)?,
            Ev::SeqStart => {
                let mut items = Vec::new();
                while *events.peek()? != Ev::SeqEnd {
                    items.push(self.convert_events(events, depth + 1)?);
                }
                events.next();
                M::list(items)
            }
            Ev::MapStart => {
                let mut out = Vec::new();
                loop {
                    let (key, style) = match events.next()? {
                        Ev::MapEnd => break,
                        Ev::Scalar(key, style) => (key, style),
                        _ => return None,
                    };
                    if !string_key(&key, style == Style::Plain) {
                        return None;
                    }
                    out.push((key.into_owned(), self.convert_events(events, depth + 1)?));
                }
                M::map(out)
            }
            Ev::MapEnd | Ev::SeqEnd => return None,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Phase 3: Go values → JSON-able values (sigs.k8s.io/yaml `convertToJSONableObject`, then
// `json.Marshal`/`Unmarshal`).

/// How deep the paths of recorded origins go. A key deeper than this (a values file can nest
/// 10,000 levels) has no origin of its own, so that neither the paths built while converting
/// nor the origins recorded grow with the square of the depth.
const MAX_ORIGIN_DEPTH: usize = 64;

/// Whether a path below `path` is still short enough to build and record.
fn deeper(path: &KeyPath) -> bool {
    path.segments().len() < MAX_ORIGIN_DEPTH
}

struct Converter<'o> {
    file: Arc<str>,
    float_numbers: bool,
    origins: Option<&'o mut Origins>,
    /// The first `±Inf`/`NaN`: `json.Marshal` fails on it after the key conversion succeeded.
    non_finite: Option<(Pos, f64)>,
    /// The paths that go into a Go string field ([`parse_yaml_document_into`]).
    string_field: Option<fn(&KeyPath) -> bool>,
}

impl Converter<'_> {
    fn record(&mut self, path: KeyPath, pos: Pos) {
        if let Some(origins) = self.origins.as_deref_mut() {
            super::remove_under(origins, &path);
            origins.insert(
                path,
                Origin {
                    file: self.file.clone(),
                    line: pos.line,
                    column: pos.column,
                },
            );
        }
    }

    fn convert(&mut self, v: GoVal, path: &KeyPath, pos: Pos) -> DecodeResult<Value> {
        Ok(match v {
            GoVal::Nil => Value::Null,
            GoVal::Bool(b) => Value::Bool(b),
            GoVal::Int(i) if self.float_numbers => Value::Float(i as f64),
            GoVal::Int(i) => Value::Int(i),
            GoVal::Uint(u) => Value::Float(u as f64),
            GoVal::Float(f) => {
                if !f.is_finite()
                    && self.non_finite.is_none()
                    && !self
                        .string_field
                        .is_some_and(|into_string| into_string(path))
                {
                    self.non_finite = Some((pos, f));
                }
                Value::Float(f)
            }
            GoVal::Str(s) => Value::String(s),
            GoVal::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, (item, item_pos)) in items.into_iter().enumerate() {
                    let p = match deeper(path) {
                        true => path.index(i),
                        false => path.clone(),
                    };
                    if deeper(path) {
                        self.record(p.clone(), item_pos);
                    }
                    out.push(self.convert(item, &p, item_pos)?);
                }
                Value::List(out)
            }
            GoVal::Map(m) => {
                let mut out = Vec::with_capacity(m.entries.len());
                for (k, v, key_pos) in m.entries {
                    let key = match k {
                        GoVal::Str(s) => s,
                        GoVal::Int(i) => i.to_string(),
                        GoVal::Float(f) => match format_float_g(f, true).as_str() {
                            "+Inf" => ".inf".to_string(),
                            "-Inf" => "-.inf".to_string(),
                            "NaN" => ".nan".to_string(),
                            s => s.to_string(),
                        },
                        GoVal::Bool(b) => b.to_string(),
                        GoVal::Nil => {
                            return Err((
                                key_pos,
                                format!(
                                "unsupported map key of type: %!s(<nil>), key: <nil>, value: {}",
                                sharp_v(&v, true)
                            ),
                            ))
                        }
                        GoVal::Uint(u) => {
                            return Err((
                                key_pos,
                                format!(
                                    "unsupported map key of type: uint64, key: 0x{u:x}, value: {}",
                                    sharp_v(&v, true)
                                ),
                            ))
                        }
                        GoVal::List(_) | GoVal::Map(_) => {
                            return Err((key_pos, "invalid map key".into()))
                        }
                    };
                    let p = match deeper(path) {
                        true => path.key(&key),
                        false => path.clone(),
                    };
                    if deeper(path) {
                        self.record(p.clone(), key_pos);
                    }
                    let value_pos = key_pos;
                    out.push((key, self.convert(v, &p, value_pos)?));
                }
                // Later duplicates (`1` and "1" as keys) win, as with Go's map assignment.
                Value::Map(Map::from_entries(out))
            }
        })
    }
}

/// The documents of a values file that count under `profile`, each with the number of lines
/// before it: the whole text for Helm 3 (its reader takes the first document), else the
/// documents Kubernetes' `YAMLReader` cuts at lines starting with `---` (Helm 4 merges them
/// all). A `---` line with more than a comment after it is Helm 4's error.
///
/// The reader gives back each line with its line feed, the last too: a file that ends without
/// one reads as if it had it (a block scalar at the end keeps its line break, `a: |\n  x` is
/// `"x\n"`).
pub(super) fn values_documents<'t>(
    profile: &HelmProfile,
    text: &'t str,
    file: &str,
) -> Result<Vec<(usize, std::borrow::Cow<'t, str>)>> {
    if !profile.values.all_documents {
        return Ok(vec![(0, text.into())]);
    }
    let mut docs = Vec::new();
    let (mut start, mut start_line) = (0, 0);
    let mut pos = 0;
    let mut line_no = 0;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = &text[pos..end];
        if let Some(rest) = line.strip_prefix("---") {
            let trimmed = rest.trim_matches(|c: char| c.is_whitespace());
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                return Err(Error::Yaml {
                    file: file.to_owned(),
                    line: 0,
                    column: 0,
                    message: format!(
                        "error reading yaml document: invalid Yaml document separator: {trimmed}"
                    ),
                    source_line: None,
                });
            }
            // A separator met before anything else stays in the document it starts (YAML's
            // document start, which `...` after it needs).
            if pos > start {
                docs.push((start_line, text[start..pos].into()));
                start = end;
                start_line = line_no + 1;
            }
        }
        pos = end;
        line_no += 1;
    }
    if text.len() > start {
        let last = &text[start..];
        docs.push((
            start_line,
            if last.ends_with('\n') {
                last.into()
            } else {
                format!("{last}\n").into()
            },
        ));
    }
    Ok(docs)
}

/// Parses one document of [`values_documents`] with `parse`, and the number of lines before
/// what `parse` read: a document that starts with its `---` line (which the fast reader
/// declines) is read without it where that means the same, else (or on an error, whose line
/// number counts the `---` line) whole.
pub(super) fn parse_document<T>(
    doc: &str,
    parse: impl Fn(&str) -> Result<T>,
) -> Result<(T, usize)> {
    if doc.starts_with("---") {
        let rest = doc.find('\n').map_or("", |i| &doc[i + 1..]);
        if !starts_document_markup(rest) {
            if let Ok(v) = parse(rest) {
                return Ok((v, 1));
            }
        }
    }
    parse(doc).map(|v| (v, 0))
}

/// Whether the first line of `rest` with content (not blank, not only a comment) is YAML
/// document markup a document start changes: a document end (`...`), a directive (`%`), or
/// another document start (Helm 3 reads the first document of the whole file).
fn starts_document_markup(rest: &str) -> bool {
    rest.lines()
        .find(|l| {
            let t = l.trim_start_matches([' ', '\t', '\r']);
            !t.is_empty() && !t.starts_with('#')
        })
        .is_some_and(|l| l.starts_with("...") || l.starts_with('%') || l.starts_with("---"))
}

/// A values document's error as `profile`'s Helm words it (`cannot unmarshal yaml document: `
/// before the YAML error from Helm 4).
pub(super) fn in_document(profile: &HelmProfile, e: Error) -> Error {
    let prefix = profile.messages.values_document_prefix;
    match e {
        Error::Yaml {
            file,
            line,
            column,
            message,
            source_line,
        } if !prefix.is_empty() => Error::Yaml {
            file,
            line,
            column,
            message: format!("{prefix}{message}"),
            source_line,
        },
        e => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast reader runs before the check for control characters: it must decline every
    /// text that holds one, so that go-yaml's error is still the answer.
    #[test]
    fn control_characters_are_refused_though_the_fast_reader_runs_first() {
        for c in ['\u{1}', '\u{8}', '\u{b}', '\u{1f}', '\u{7f}', '\u{80}', '\u{9f}', '\u{fffe}'] {
            for text in [
                format!("a: b{c}c\n"),
                format!("a{c}: b\n"),
                format!("a:\n- 'x{c}'\n"),
                format!("a: |\n  x{c}\n"),
            ] {
                let err = parse_yaml_map_as::<Values>(&text, "f", true)
                    .err()
                    .map(|e| e.to_string());
                assert!(
                    err.as_deref()
                        .is_some_and(|e| e.ends_with("control characters are not allowed")),
                    "{text:?}: {err:?}"
                );
            }
        }
    }

    /// go-yaml's reader checks its input a 512-byte block at a time, as its scanner asks for
    /// it: a control character in a block the scanner never reached is not seen (what Helm
    /// v3.17.2 and v4.3.1 print for these; the parity cases `values-control-character-*`).
    #[test]
    fn control_characters_are_seen_only_where_go_yaml_reads() {
        let error = |text: &str| {
            parse_yaml_map_as::<Values>(text, "f", true)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        let pad = |n: usize| format!("#{}\n", "x".repeat(n));
        // The syntax error is on line 1; the control character 413 or 613 bytes on.
        let near = format!("a: b: c\n{}c: \u{1}\n", pad(400));
        let far = format!("a: b: c\n{}c: \u{1}\n", pad(600));
        assert!(error(&near).ends_with("control characters are not allowed"));
        assert!(error(&far).ends_with("mapping values are not allowed in this context"), "{}", error(&far));
        // Without the syntax error the scanner reads to the end: the control character.
        let clean = format!("a: 1\n{}c: \u{7f}\n", pad(600));
        assert!(error(&clean).ends_with("control characters are not allowed"));
        // Only the first document is read here (Helm 3): past it, nothing is seen.
        let later = format!("a: 1\n---\n{}c: \u{7f}\n", pad(600));
        assert_eq!(error(&later), "");
        let later_near = "a: 1\n---\nc: \u{7f}\n";
        assert!(error(later_near).ends_with("control characters are not allowed"));
    }
}
