//! Checking a values tree against a chart's JSON schema, with file, line and suggestions.
//!
//! This is the check behind typed values: it walks one layer of user values (a `-f` file, the
//! `--set` flags) next to the schema, so every problem names the file and line the value was
//! written at, and an unknown key comes with the nearest known key (`imgae` → `image`). It
//! understands the subset of JSON Schema that typed values generate: `type`, `properties`,
//! `additionalProperties`, `items`, `anyOf`/`oneOf`, `enum`, `minimum`/`maximum`, `$ref` into
//! `$defs`. A `null` is always accepted: in user values it deletes the chart's default.

use std::sync::OnceLock;

use serde_json::Value as Json;

use crate::error::ValueProblem;
use crate::schema_compiled::{Compiled, Const, Extra, Ix, Node};
use crate::value::{KeyPath, Map, Origins, Value};

/// How a Helm release validates values against `values.schema.json` (its validator, messages
/// and their order): each [`crate::profile::HelmProfile`] names one.
pub use crate::jsonschema::{Fault, Validator};

/// A chart's `values.schema.json`.
///
/// Dereferences to its JSON. The built-in chart's is built on first use: a render only asks
/// [`Schema::has_problems`], which the schema compiled at build time answers (see
/// `schema_compiled`), and needs the JSON only to report a problem.
#[derive(Clone)]
pub struct Schema {
    json: OnceLock<Json>,
    /// Builds the JSON when `json` is empty.
    make: fn() -> Json,
    compiled: Option<&'static Compiled>,
    /// The built-in chart's schema, generated from its typed values: checked with file, line
    /// and suggestions ([`check`]) instead of Helm's validator.
    typed: bool,
    /// What keeps the file from being one JSON document: Helm reports it when it validates
    /// (the chart loads, and renders with `--skip-schema-validation`).
    fault: Option<Box<Fault>>,
    /// The text the JSON was read from, when it was: Helm 3.19+ prints a number of an `enum`
    /// or a `const` as written there (`1.0`, `1e2`).
    source: Option<std::sync::Arc<String>>,
}

impl Schema {
    /// A schema from its JSON.
    pub fn new(json: Json) -> Schema {
        Schema {
            json: OnceLock::from(json),
            make: || Json::Null,
            compiled: None,
            typed: false,
            fault: None,
            source: None,
        }
    }

    /// A schema from the text of a `values.schema.json`, read as Helm reads it (Go's
    /// `json.Decoder`): a text that is not one JSON document is a schema with a
    /// [`Schema::fault`] (its JSON `null`, or the document before the rest). A number beyond
    /// `f64` (Go keeps its text) is read as the largest `f64`, an escaped UTF-16 surrogate
    /// that is not half of a pair (`"\\ud800"`) as U+FFFD. `Err` only for JSON Go reads and
    /// orochart does not: nested deeper than [`MAX_SCHEMA_DEPTH`] levels (Go: 10000).
    pub fn from_text(text: &str) -> Result<Schema, serde_json::Error> {
        let mut schema = Schema::read(text)?;
        schema.source = Some(std::sync::Arc::new(text.to_owned()));
        Ok(schema)
    }

    /// The text this schema was read from, if it was read from one (and not changed since).
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref().map(String::as_str)
    }

    /// [`Schema::from_text`] without keeping the text.
    fn read(text: &str) -> Result<Schema, serde_json::Error> {
        // Text serde reads whole is one JSON document to Go too: Go's scanner is needed only
        // for the rest.
        if let Ok(json) = serde_json::from_str(text) {
            return Ok(Schema::new(json));
        }
        let (end, fault) = crate::jsonschema::decode_schema(text.as_bytes());
        let document = text.get(..end).unwrap_or(text);
        let json = match fault {
            Some(Fault::NotJson { .. }) => Json::Null,
            _ => parse_as_go(document).or_else(|e| {
                // Go keeps `1e999` as the text of a json.Number; serde refuses it.
                match clamp_huge_numbers(document) {
                    Some(clamped) => parse_as_go(&clamped),
                    None => Err(e),
                }
            })?,
        };
        let mut schema = Schema::new(json);
        schema.fault = fault.map(Box::new);
        Ok(schema)
    }

    /// [`Schema::from_text`] of a file's bytes: Go reads a byte that is not UTF-8 in a
    /// string as U+FFFD, and names it (not U+FFFD) where it is a syntax error.
    pub fn from_bytes(bytes: &[u8]) -> Result<Schema, serde_json::Error> {
        Schema::read_bytes(bytes).map(|schema| schema.keeping(bytes.to_vec()))
    }

    /// [`Schema::from_bytes`] without keeping the text.
    pub(crate) fn read_bytes(bytes: &[u8]) -> Result<Schema, serde_json::Error> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Schema::read(text),
            Err(_) => match crate::jsonschema::decode_schema(bytes) {
                (_, Some(fault @ Fault::NotJson { .. })) => {
                    let mut schema = Schema::new(Json::Null);
                    schema.fault = Some(Box::new(fault));
                    Ok(schema)
                }
                _ => Schema::read(&String::from_utf8_lossy(bytes)),
            },
        }
    }

    /// This schema, keeping `bytes` (what it was read from, not copied) as its text.
    pub(crate) fn keeping(mut self, bytes: Vec<u8>) -> Schema {
        let text = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        self.source = Some(std::sync::Arc::new(text));
        self
    }

    /// What keeps the file from being one JSON document, if anything.
    pub fn fault(&self) -> Option<&Fault> {
        self.fault.as_deref()
    }

    /// A schema whose JSON `make` builds when first asked for, checked with `compiled`
    /// (which must be `make`'s result, compiled).
    pub(crate) fn lazy(make: fn() -> Json, compiled: &'static Compiled) -> Schema {
        Schema {
            json: OnceLock::new(),
            make,
            compiled: Some(compiled),
            typed: false,
            fault: None,
            source: None,
        }
    }

    /// This schema, marked as the built-in chart's typed-values schema (see [`Schema::is_typed`]).
    pub(crate) fn into_typed(mut self) -> Schema {
        self.typed = true;
        self
    }

    /// Whether this is the built-in chart's schema, generated from its typed values: values are
    /// checked against it by orochart's own check (every problem with file, line, key path and
    /// suggestions), not by Helm's validator.
    pub fn is_typed(&self) -> bool {
        self.typed
    }

    /// The schema's JSON.
    pub fn json(&self) -> &Json {
        self.json.get_or_init(self.make)
    }

    /// The schema's JSON, to change: the compiled check, if any, is dropped.
    pub fn json_mut(&mut self) -> &mut Json {
        self.json();
        self.compiled = None;
        self.source = None;
        self.json
            .get_mut()
            .unwrap_or_else(|| unreachable!("built above"))
    }

    /// Whether [`check`] would find a problem in `values` (see [`has_problems`]).
    pub fn has_problems(&self, values: &Value) -> bool {
        match self.compiled {
            Some(compiled) => !compiled.accepts(values),
            None => has_problems(self.json(), values),
        }
    }
}

/// `text` (valid JSON) with each number beyond `f64` written as the largest `f64` of its
/// sign; `None` when it has none.
/// How deep a `values.schema.json` may nest: Go reads up to 10000 levels; the validators
/// here walk the schema recursively, on a thread's stack.
pub const MAX_SCHEMA_DEPTH: usize = 1000;

/// One JSON document read as Go's `encoding/json` reads it where serde differs: an escaped
/// surrogate that is not half of a pair is U+FFFD (Go's `unquote`), and nesting deeper than
/// serde's 128 levels is read, up to [`MAX_SCHEMA_DEPTH`].
fn parse_as_go(text: &str) -> Result<Json, serde_json::Error> {
    use serde::de::{Deserialize, Error as _};
    let text = without_lone_surrogates(text);
    if json_depth(&text) > MAX_SCHEMA_DEPTH {
        return Err(serde_json::Error::custom(format!(
            "nested deeper than {MAX_SCHEMA_DEPTH} levels"
        )));
    }
    let mut de = serde_json::Deserializer::from_str(&text);
    de.disable_recursion_limit();
    let json = Json::deserialize(&mut de)?;
    de.end()?;
    Ok(json)
}

/// How deeply arrays and objects nest in a JSON text (brackets in strings not counted).
fn json_depth(text: &str) -> usize {
    let (mut depth, mut max, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// `text` with each `\\uXXXX` escape of a UTF-16 surrogate that does not pair with the next
/// escape made `\\ufffd`, as Go decodes it.
fn without_lone_surrogates(text: &str) -> std::borrow::Cow<'_, str> {
    let hex = |s: &str, at: usize| -> Option<u32> {
        let digits = s.get(at..at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(digits, 16).ok()
    };
    let b = text.as_bytes();
    if !text.contains("\\u") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let (mut i, mut last, mut in_string) = (0, 0, false);
    while i < b.len() {
        match b[i] {
            b'"' => in_string = !in_string,
            b'\\' if in_string => {
                let unit = (b.get(i + 1) == Some(&b'u'))
                    .then(|| hex(text, i + 2))
                    .flatten();
                match unit {
                    Some(u @ 0xD800..=0xDFFF) => {
                        let low = (u < 0xDC00 && text.get(i + 6..i + 8) == Some("\\u"))
                            .then(|| hex(text, i + 8))
                            .flatten()
                            .filter(|l| (0xDC00..=0xDFFF).contains(l));
                        if low.is_some() {
                            i += 12;
                        } else {
                            out.push_str(&text[last..i]);
                            out.push_str("\\ufffd");
                            i += 6;
                            last = i;
                        }
                        continue;
                    }
                    _ => {
                        // Any escape is two bytes at least; `\\uXXXX` is copied as it is.
                        i += 2;
                        continue;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&text[last..]);
    std::borrow::Cow::Owned(out)
}

fn clamp_huge_numbers(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut from, mut changed) = (0, 0, false);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // Skip the string, escapes included.
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                let number = text.get(start..i).unwrap_or("");
                if number.parse::<f64>().is_ok_and(f64::is_infinite) {
                    out.push_str(text.get(from..start).unwrap_or(""));
                    out.push_str(if number.starts_with('-') {
                        "-1.7976931348623157e308"
                    } else {
                        "1.7976931348623157e308"
                    });
                    from = i;
                    changed = true;
                }
            }
            _ => i += 1,
        }
    }
    out.push_str(text.get(from..).unwrap_or(""));
    changed.then_some(out)
}

impl std::ops::Deref for Schema {
    type Target = Json;

    fn deref(&self) -> &Json {
        self.json()
    }
}

impl std::fmt::Debug for Schema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Schema").field(self.json()).finish()
    }
}

impl PartialEq for Schema {
    fn eq(&self, other: &Schema) -> bool {
        self.json() == other.json()
    }
}

impl Compiled {
    /// Whether `values` pass: the answer of the JSON walk (`!has_problems`).
    pub fn accepts(&self, values: &Value) -> bool {
        self.passes(self.root, values)
    }

    fn passes(&self, node: Ix, v: &Value) -> bool {
        if v.is_null() {
            return true;
        }
        let check = match self.nodes[node as usize] {
            Node::Any => return true,
            Node::Never => return false,
            Node::AnyOf(run) => {
                return self
                    .run(&self.lists, run)
                    .iter()
                    .any(|&b| self.passes(b, v))
            }
            Node::Obj(c) => &self.checks[c as usize],
        };
        if let Some(bits) = check.types {
            let any = crate::schema_compiled::TYPES
                .iter()
                .enumerate()
                .any(|(i, t)| bits & (1 << i) != 0 && type_matches(t, v));
            if !any {
                return false;
            }
        }
        if let Some(options) = check.options {
            let found = self
                .run(&self.consts, options)
                .iter()
                .any(|o| match (o, v) {
                    (Const::Null, Value::Null) => true,
                    (Const::Bool(a), Value::Bool(b)) => a == b,
                    (Const::Str(a), Value::String(b)) => self.str(*a) == b,
                    (Const::Num(a), _) => number(v) == Some(*a),
                    _ => false,
                });
            if !found {
                return false;
            }
        }
        if let Some(n) = number(v) {
            if check.minimum.is_some_and(|min| n < min) || check.maximum.is_some_and(|max| n > max)
            {
                return false;
            }
        }
        match v {
            Value::Map(m) => {
                let props = self.run(&self.props, check.props);
                m.iter().all(|(k, child)| {
                    match props.binary_search_by(|p| self.str(p.key).cmp(k)) {
                        Ok(i) => self.passes(props[i].node, child),
                        Err(_) => match check.extra {
                            Extra::Allow => true,
                            Extra::Deny => false,
                            Extra::Schema(node) => self.passes(node, child),
                        },
                    }
                })
            }
            Value::List(items) => match check.items {
                Some(node) => items.iter().all(|item| self.passes(node, item)),
                None => true,
            },
            _ => true,
        }
    }
}

/// Checks one layer of user values; returns every problem, sorted by file and line.
pub fn check(schema: &Json, values: &Map, origins: &Origins) -> Vec<ValueProblem> {
    let mut problems = Vec::new();
    let root = Value::Map(values.clone());
    let cx = Cx {
        root: schema,
        origins,
        first_only: false,
    };
    cx.walk(schema, &root, &Path::Root, &mut problems);
    problems.sort();
    problems.dedup();
    problems
}

/// Whether [`check`] would find any problem in `values` (a map), without saying what or where:
/// the fast test before the full report, which needs the values' origins.
pub fn has_problems(schema: &Json, values: &Value) -> bool {
    let origins = Origins::new();
    let cx = Cx {
        root: schema,
        origins: &origins,
        first_only: true,
    };
    let mut problems = Vec::new();
    cx.walk(schema, values, &Path::Root, &mut problems);
    !problems.is_empty()
}

/// The path being walked, built on the stack; turned into a [`KeyPath`] only for a problem.
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn to_key_path(&self) -> KeyPath {
        match self {
            Path::Root => KeyPath::root(),
            Path::Key(parent, k) => parent.to_key_path().key(k),
            Path::Index(parent, i) => parent.to_key_path().index(*i),
        }
    }
}

/// The keywords of one schema object the check reads, found in one pass over its keys (what
/// `schema.get(keyword)` would return for each).
#[derive(Default)]
struct Keywords<'s> {
    reference: Option<&'s Json>,
    any_of: Option<&'s Json>,
    one_of: Option<&'s Json>,
    type_: Option<&'s Json>,
    enum_: Option<&'s Json>,
    minimum: Option<&'s Json>,
    maximum: Option<&'s Json>,
    properties: Option<&'s Json>,
    additional_properties: Option<&'s Json>,
    items: Option<&'s Json>,
}

impl<'s> Keywords<'s> {
    fn of(schema: &'s Json) -> Self {
        let mut kw = Keywords::default();
        let Json::Object(map) = schema else {
            return kw;
        };
        for (key, value) in map {
            let slot = match key.as_str() {
                "$ref" => &mut kw.reference,
                "anyOf" => &mut kw.any_of,
                "oneOf" => &mut kw.one_of,
                "type" => &mut kw.type_,
                "enum" => &mut kw.enum_,
                "minimum" => &mut kw.minimum,
                "maximum" => &mut kw.maximum,
                "properties" => &mut kw.properties,
                "additionalProperties" => &mut kw.additional_properties,
                "items" => &mut kw.items,
                _ => continue,
            };
            *slot = Some(value);
        }
        kw
    }
}

struct Cx<'a> {
    root: &'a Json,
    origins: &'a Origins,
    /// Stop at the first problem (and do not bother describing it well).
    first_only: bool,
}

impl Cx<'_> {
    fn resolve<'s>(&'s self, mut schema: &'s Json) -> &'s Json {
        for _ in 0..32 {
            let Some(r) = schema.get("$ref").and_then(Json::as_str) else {
                break;
            };
            let Some(name) = r.strip_prefix("#/$defs/") else {
                break;
            };
            match self.root.get("$defs").and_then(|d| d.get(name)) {
                Some(s) => schema = s,
                None => break,
            }
        }
        schema
    }

    fn problem(&self, path: &Path<'_>, message: String, hint: Option<String>) -> ValueProblem {
        let path = path.to_key_path();
        ValueProblem {
            origin: self.origin_of(&path),
            path,
            message,
            hint,
        }
    }

    /// The origin of a path, or of its nearest ancestor that has one.
    fn origin_of(&self, path: &KeyPath) -> Option<crate::value::Origin> {
        if self.first_only {
            return None;
        }
        let mut segs = path.segments().to_vec();
        loop {
            let p = segs.iter().fold(KeyPath::root(), |acc, s| match s {
                crate::value::PathSegment::Key(k) => acc.key(k),
                crate::value::PathSegment::Index(i) => acc.index(*i),
            });
            if let Some(o) = self.origins.get(&p) {
                return Some(o.clone());
            }
            segs.pop()?;
        }
    }

    /// [`Cx::resolve`], also returning the keywords of the schema it ends at.
    fn resolve_keywords<'s>(&'s self, mut schema: &'s Json) -> (&'s Json, Keywords<'s>) {
        for _ in 0..32 {
            let kw = Keywords::of(schema);
            let target = kw
                .reference
                .and_then(Json::as_str)
                .and_then(|r| r.strip_prefix("#/$defs/"))
                .and_then(|name| self.root.get("$defs").and_then(|d| d.get(name)));
            match target {
                Some(s) => schema = s,
                None => return (schema, kw),
            }
        }
        (schema, Keywords::of(schema))
    }

    fn walk(&self, schema: &Json, v: &Value, path: &Path<'_>, out: &mut Vec<ValueProblem>) {
        if self.first_only && !out.is_empty() {
            return;
        }
        let (schema, kw) = self.resolve_keywords(schema);
        if v.is_null() || schema == &Json::Bool(true) {
            return;
        }
        if schema == &Json::Bool(false) {
            out.push(self.problem(path, "is not allowed here".into(), None));
            return;
        }
        for branches in [kw.any_of, kw.one_of] {
            if let Some(branches) = branches.and_then(Json::as_array) {
                let ok = branches.iter().any(|b| {
                    let mut tmp = Vec::new();
                    self.walk(b, v, path, &mut tmp);
                    tmp.is_empty()
                });
                if !ok {
                    let want: Vec<String> =
                        branches.iter().map(|b| describe(self.resolve(b))).collect();
                    out.push(self.problem(
                        path,
                        format!("expected {}, got {}", want.join(" or "), got(v)),
                        None,
                    ));
                }
                return;
            }
        }
        if let Some(t) = kw.type_ {
            let matches = match t {
                Json::String(s) => type_matches(s, v),
                Json::Array(a) => {
                    a.is_empty()
                        || a.iter()
                            .filter_map(Json::as_str)
                            .any(|t| type_matches(t, v))
                }
                _ => true,
            };
            if !matches {
                let types: Vec<&str> = match t {
                    Json::String(s) => vec![s.as_str()],
                    Json::Array(a) => a.iter().filter_map(Json::as_str).collect(),
                    _ => Vec::new(),
                };
                let hint = yaml11_hint(&types, v);
                out.push(self.problem(
                    path,
                    format!("expected {}, got {}", types.join(" or "), got(v)),
                    hint,
                ));
                return;
            }
        }
        if let Some(options) = kw.enum_.and_then(Json::as_array) {
            if !options.iter().any(|o| json_eq(o, v)) {
                let list: Vec<String> = options.iter().map(|o| format!("`{o}`")).collect();
                out.push(self.problem(
                    path,
                    format!("must be one of {}, got {}", list.join(", "), got(v)),
                    None,
                ));
                return;
            }
        }
        if let Some(n) = number(v) {
            if let Some(min) = kw.minimum.and_then(Json::as_f64) {
                if n < min {
                    out.push(self.problem(path, format!("must be at least {min}, got {n}"), None));
                }
            }
            if let Some(max) = kw.maximum.and_then(Json::as_f64) {
                if n > max {
                    out.push(self.problem(path, format!("must be at most {max}, got {n}"), None));
                }
            }
        }
        match v {
            Value::Map(m) => {
                let props = kw.properties.and_then(Json::as_object);
                let extra = kw.additional_properties;
                for (k, child) in m {
                    let child_path = Path::Key(path, k);
                    if let Some(s) = props.and_then(|p| p.get(k)) {
                        self.walk(s, child, &child_path, out);
                    } else {
                        match extra {
                            Some(Json::Bool(false)) => {
                                let known: Vec<&str> = props
                                    .map(|p| p.keys().map(String::as_str).collect())
                                    .unwrap_or_default();
                                let hint =
                                    suggest(k, &known).map(|s| format!("did you mean `{s}`?"));
                                out.push(self.problem(
                                    &child_path,
                                    format!("unknown key `{k}`"),
                                    hint,
                                ));
                            }
                            Some(s @ Json::Object(_)) => self.walk(s, child, &child_path, out),
                            _ => {}
                        }
                    }
                }
            }
            Value::List(items) => {
                if let Some(s) = kw.items {
                    for (i, item) in items.iter().enumerate() {
                        self.walk(s, item, &Path::Index(path, i), out);
                    }
                }
            }
            _ => {}
        }
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

/// Whether an `enum` option equals a value (numbers by value, whatever their type).
fn json_eq(option: &Json, v: &Value) -> bool {
    match (option, v) {
        (Json::Null, Value::Null) => true,
        (Json::Bool(a), Value::Bool(b)) => a == b,
        (Json::String(a), Value::String(b)) => a == b,
        (Json::Number(_), Value::Int(_) | Value::Float(_)) => option.as_f64() == number(v),
        (Json::Array(_) | Json::Object(_), Value::List(_) | Value::Map(_)) => {
            serde_json::to_value(v).is_ok_and(|j| j == *option)
        }
        _ => false,
    }
}

fn type_matches(t: &str, v: &Value) -> bool {
    match (t, v) {
        ("null", Value::Null) => true,
        ("boolean", Value::Bool(_)) => true,
        ("string", Value::String(_)) => true,
        ("number", Value::Int(_) | Value::Float(_)) => true,
        ("integer", Value::Int(_)) => true,
        ("integer", Value::Float(f)) => f.fract() == 0.0 && f.is_finite(),
        ("array", Value::List(_)) => true,
        ("object", Value::Map(_)) => true,
        _ => false,
    }
}

fn got(v: &Value) -> String {
    match v {
        Value::String(s) => format!("string `{s}`"),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Int(_) | Value::Float(_) => {
            format!("number `{}`", crate::yaml::go_string(v))
        }
        Value::List(_) => "a list".into(),
        Value::Map(_) => "a map".into(),
        Value::Null => "null".into(),
    }
}

fn describe(schema: &Json) -> String {
    match schema.get("type") {
        Some(Json::String(s)) => s.clone(),
        Some(Json::Array(a)) => a
            .iter()
            .filter_map(Json::as_str)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => "a value".into(),
    }
}

/// A hint for YAML 1.1's surprises: `no`, `on`, `y` read as booleans where a string is wanted.
fn yaml11_hint(types: &[&str], v: &Value) -> Option<String> {
    if types.contains(&"string") {
        match v {
            Value::Bool(b) => Some(format!(
                "YAML 1.1 reads unquoted yes/no/on/off/y/n as the boolean {b}; quote the value to keep it a string"
            )),
            Value::Int(_) | Value::Float(_) => {
                Some("quote the value to keep it a string".into())
            }
            _ => None,
        }
    } else {
        None
    }
}

/// The known key closest to `key`, when it is close enough to be a likely typo.
pub fn suggest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower = key.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(&lower, &k.to_lowercase()), *k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {

    // Helm 3.17, 3.19 and 4.3 load these and validate with them: `value must be one of
    // '�a', '�A', '😀', 'a"�'`; and a `not` nested 131 deep (odd: refused).
    #[test]
    fn json_go_reads_and_serde_does_not() {
        let schema = Schema::from_text(
            r#"{"enum": ["\udc00a", "\ud800\u0041", "\ud83d\ude00", "a\"\ud800"]}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            schema.json()["enum"],
            serde_json::json!(["\u{fffd}a", "\u{fffd}A", "😀", "a\"\u{fffd}"])
        );
        let deep = format!("{}{{}}{}", r#"{"not":"#.repeat(131), "}".repeat(131));
        assert!(Schema::from_text(&deep).is_ok());
        let deeper = format!("{}{{}}{}", "[".repeat(1001), "]".repeat(1001));
        assert!(Schema::from_text(&deeper).is_err());
        assert_eq!(json_depth(r#"{"a": "[[[", "b": [{}]}"#), 3);
    }

    use super::*;
    use crate::value::Origin;

    fn schema() -> Json {
        serde_json::json!({
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "image": {"type": "object", "additionalProperties": false,
                          "properties": {"tag": {"type": ["string", "number"]}}},
                "autoscaling": {"$ref": "#/$defs/A"},
                "env": {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}}
            },
            "$defs": {"A": {"type": "object", "additionalProperties": false,
                            "properties": {"enabled": {"type": "boolean"}, "minReplicas": {"type": "integer"}}}}
        })
    }

    /// Go reads `1e999` (a json.Number); so must the schema, as the largest `f64`.
    #[test]
    fn a_schema_number_beyond_f64_is_read() {
        let text = r#"{"maximum": 1e999, "minimum": -1E+999, "description": "1e999 \" 2e999"}"#;
        let schema = Schema::from_text(text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(schema.json()["maximum"].as_f64(), Some(f64::MAX));
        assert_eq!(schema.json()["minimum"].as_f64(), Some(-f64::MAX));
        assert_eq!(schema.json()["description"], "1e999 \" 2e999");
        assert_eq!(clamp_huge_numbers("[1, 2.5e3]"), None);
    }

    #[test]
    fn typo_in_nested_key_is_reported_with_origin_and_suggestion() {
        let mut auto = Map::new();
        auto.insert("enabeld".into(), Value::Bool(true));
        let mut m = Map::new();
        m.insert("autoscaling".into(), Value::Map(auto));
        let mut origins = Origins::new();
        let p = KeyPath::root().key("autoscaling").key("enabeld");
        origins.insert(
            p.clone(),
            Origin {
                file: "values.yaml".into(),
                line: 3,
                column: 3,
            },
        );
        let problems = check(&schema(), &m, &origins);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].to_string(),
            "values.yaml:3:3: `autoscaling.enabeld`: unknown key `enabeld` (did you mean `enabled`?)"
        );
    }

    /// The one-pass keyword scan finds what `get` finds, on every node of the built-in
    /// chart's schema and of the test schema.
    #[test]
    fn keywords_are_what_get_returns() {
        fn visit(node: &Json, seen: &mut usize) {
            let kw = Keywords::of(node);
            let pairs = [
                ("$ref", kw.reference),
                ("anyOf", kw.any_of),
                ("oneOf", kw.one_of),
                ("type", kw.type_),
                ("enum", kw.enum_),
                ("minimum", kw.minimum),
                ("maximum", kw.maximum),
                ("properties", kw.properties),
                ("additionalProperties", kw.additional_properties),
                ("items", kw.items),
            ];
            for (name, found) in pairs {
                assert_eq!(found, node.get(name), "{name} in {node}");
                *seen += usize::from(found.is_some());
            }
            match node {
                Json::Object(m) => m.values().for_each(|v| visit(v, seen)),
                Json::Array(a) => a.iter().for_each(|v| visit(v, seen)),
                _ => {}
            }
        }
        let built_in: Json = serde_json::from_str(include_str!(
            "../../../charts/orofi-application/values.schema.json"
        ))
        .unwrap_or_default();
        let mut seen = 0;
        visit(&built_in, &mut seen);
        visit(&schema(), &mut seen);
        assert!(seen > 200, "only {seen} keywords seen");
    }

    #[test]
    fn every_problem_is_reported_and_null_is_accepted() {
        let m: Map = serde_json::from_value(serde_json::json!({
            "imgae": {"tag": "x"},
            "image": {"tag": null},
            "autoscaling": {"enabled": "yes", "minReplicas": 1.5},
            "env": {"A": false, "B": [1]}
        }))
        .unwrap_or_default();
        let problems = check(&schema(), &m, &Origins::new());
        let paths: Vec<String> = problems.iter().map(|p| p.path.to_string()).collect();
        assert_eq!(
            paths,
            vec![
                "autoscaling.enabled",
                "autoscaling.minReplicas",
                "env.B",
                "imgae"
            ]
        );
        assert_eq!(problems[3].hint.as_deref(), Some("did you mean `image`?"));
    }

    /// The compiled check must answer as the JSON walk does: on the built-in schema with
    /// every golden values file and thousands of broken ones, and on small schemas that use
    /// every keyword (recursive `$ref`s, `anyOf`/`oneOf`, `enum`, `false`, type lists).
    #[test]
    fn compiled_check_agrees_with_the_json_walk() {
        use crate::testgen::{mutate, random_value, Rng};

        let built_in = crate::builtin::chart()
            .ok()
            .and_then(|c| c.schema)
            .map(|s| s.json().clone())
            .unwrap_or_default();
        let small = [
            schema(),
            serde_json::json!({"$ref": "#/$defs/T", "$defs": {"T": {
                "type": ["object", "array"], "items": {"$ref": "#/$defs/T"},
                "properties": {"name": {"type": "string", "enum": ["a", "", "0"]},
                               "type": {"oneOf": [{"type": "integer", "minimum": 0, "maximum": 80},
                                                  {"type": "boolean"}, false]}},
                "additionalProperties": {"anyOf": [{"$ref": "#/$defs/T"}, {"type": "string"}]}}}}),
            serde_json::json!({"type": "object", "properties": {"a": false, "cpu": {"enum": [1.5, true, null, "x y"]},
                "enabled": {"type": "nonsense"}, "path": {"type": []}, "type": {"type": [3]}},
                "additionalProperties": false}),
            serde_json::json!({"$ref": "#/$defs/A", "$defs": {"A": {"$ref": "#/$defs/A"}}}),
            serde_json::json!(true),
            serde_json::json!(false),
        ];
        let golden =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../golden/orofi-application");
        let bases: Vec<Value> = std::fs::read_dir(golden)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| std::fs::read_to_string(e.path().join("values.yaml")).ok())
            .filter_map(|text| crate::values::parse_values_map(&text, "values.yaml").ok())
            .map(Value::Map)
            .collect();
        assert!(bases.len() > 20, "only {} golden values files", bases.len());
        let mut rng = Rng(0x5C4E_3A00_C0DE);
        for (n, json) in std::iter::once(&built_in).chain(&small).enumerate() {
            let Some(compiled) = Compiled::compile(json) else {
                panic!("schema {n} does not compile");
            };
            let (mut passed, mut failed) = (0, 0);
            for i in 0..4000 {
                let mut v = if i % 4 == 0 {
                    random_value(&mut rng, 0)
                } else {
                    bases[i % bases.len()].clone()
                };
                for _ in 0..rng.below(4) {
                    mutate(&mut rng, &mut v, true);
                }
                let accepted = compiled.accepts(&v);
                assert_eq!(accepted, !has_problems(json, &v), "schema {n}: {v:?}");
                if accepted {
                    passed += 1;
                } else {
                    failed += 1;
                }
            }
            // Both answers must be common, or the comparison says little.
            if n == 0 {
                assert!(
                    passed > 400 && failed > 400,
                    "{passed} passed, {failed} failed"
                );
            }
        }
        // An `enum` of lists or maps is left to the JSON walk.
        assert!(Compiled::compile(&serde_json::json!({"enum": [[1]]})).is_none());
    }
}
