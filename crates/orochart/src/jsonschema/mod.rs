//! JSON-schema validation of values exactly as Helm does it: `values.schema.json` checked
//! against the final (coalesced) values of a chart and of each enabled subchart, with the
//! validator, its messages and their order as the Helm release has them.
//!
//! Helm 3.17 and 3.18 validate with gojsonschema ([`Validator::GoJsonSchema`]: a flat list,
//! `- name: String length must be greater than or equal to 3`); Helm 3.19 and Helm 4 with
//! santhosh-tekuri/jsonschema v6 ([`Validator::Santhosh`]: a tree,
//! `- at '/name': minLength: got 2, want 3`). Both walk the schema in their own order; where
//! Helm's order comes from Go's map iteration (sibling properties, several extra keys) it
//! varies from run to run, and orochart's is by name.
//!
//! ```
//! use orochart::schema::Validator;
//!
//! let schema = serde_json::json!({"required": ["foo"], "properties": {"name": {"minLength": 3}}});
//! let values = serde_json::json!({"name": "ab"});
//! assert_eq!(
//!     Validator::GoJsonSchema.validate(&schema, &values).unwrap_err(),
//!     "- (root): foo is required\n- name: String length must be greater than or equal to 3\n"
//! );
//! assert_eq!(
//!     Validator::SANTHOSH_6_0_2.validate(&schema, &values).unwrap_err(),
//!     "- at '': missing property 'foo'\n- at '/name': minLength: got 2, want 3\n"
//! );
//! ```

mod format;
mod gojson;
mod meta;
mod number;
mod raw;
mod refs;
mod santhosh;

/// The text of `node`, a node of `root`, in `source`, the text `root` was read from (Go keeps
/// a schema's numbers as written): its place found once, so that a list's elements or an
/// object's members can then be split in one pass ([`raw::elements`], [`raw::members`]).
fn text_of<'s>(root: &Json, source: Option<&'s str>, node: &Json) -> Option<&'s str> {
    let tokens = pointer_tokens(root, std::ptr::from_ref(node) as usize)?;
    raw::value_at(source?, &tokens)
}

/// The path (keys and indexes) from `root` to the node at `address`, if it is in `root`.
pub(super) fn pointer_tokens(root: &Json, address: usize) -> Option<Vec<String>> {
    fn find(node: &Json, address: usize, path: &mut Vec<String>) -> bool {
        if std::ptr::from_ref(node) as usize == address {
            return true;
        }
        let step = |token: String, child: &Json, path: &mut Vec<String>| {
            path.push(token);
            let found = find(child, address, path);
            if !found {
                path.pop();
            }
            found
        };
        match node {
            Json::Object(m) => m.iter().any(|(k, child)| step(k.clone(), child, path)),
            Json::Array(items) => items
                .iter()
                .enumerate()
                .any(|(i, child)| step(i.to_string(), child, path)),
            _ => false,
        }
    }
    let mut path = Vec::new();
    find(root, address, &mut path).then_some(path)
}

/// The (schema, value) pairs a gojsonschema walk is inside. Each step of a finite walk moves
/// to a deeper value or to another schema, so meeting a pair again means the schema applies
/// itself to the same value forever (`{"$ref": "#"}`, `{"allOf": [{"$ref": "#"}]}`). Helm
/// 3.17 and 3.18 overflow their stack there; the walk stops and refuses the schema. (santhosh,
/// Helm 3.19 and later, reports such a cycle as a problem where it meets it.)
///
/// The pairs are a stack as deep as the walk (a few tens at most), searched from the top:
/// cheaper than hashing twice at every node.
#[derive(Default)]
struct Visiting {
    pairs: std::cell::RefCell<Vec<(usize, usize)>>,
    looped: std::cell::Cell<bool>,
}

impl Visiting {
    /// Enters `(schema, value)`: `false`, and the loop noted, when the walk is inside it
    /// already.
    fn enter(&self, schema: &Json, value: &Json) -> bool {
        let key = Self::key(schema, value);
        let mut pairs = self.pairs.borrow_mut();
        if pairs.iter().rev().any(|p| *p == key) {
            self.looped.set(true);
            return false;
        }
        pairs.push(key);
        true
    }

    fn leave(&self, schema: &Json, value: &Json) {
        let key = Self::key(schema, value);
        let mut pairs = self.pairs.borrow_mut();
        if let Some(i) = pairs.iter().rposition(|p| *p == key) {
            pairs.remove(i);
        }
    }

    fn key(schema: &Json, value: &Json) -> (usize, usize) {
        (
            std::ptr::from_ref(schema) as usize,
            std::ptr::from_ref(value) as usize,
        )
    }

    /// The error for a walk that met a loop.
    fn check(&self) -> Result<(), String> {
        if self.looped.get() {
            return Err("the schema's `$ref`s apply it to the same value forever \
                 (a reference cycle)"
                .to_owned());
        }
        Ok(())
    }
}

/// Where a walk is, as a chain of tokens on the walk's own stack: stepping into a property
/// or an item costs nothing, and the list of tokens is built only for a problem reported
/// there (most walks report none).
#[derive(Clone, Copy)]
struct Loc<'a> {
    parent: Option<&'a Loc<'a>>,
    token: Token<'a>,
}

#[derive(Clone, Copy)]
enum Token<'a> {
    Root,
    Name(&'a str),
    Index(usize),
}

impl<'a> Loc<'a> {
    const ROOT: Loc<'static> = Loc {
        parent: None,
        token: Token::Root,
    };

    /// This place, one step further in.
    fn at(&'a self, token: Token<'a>) -> Loc<'a> {
        Loc {
            parent: Some(self),
            token,
        }
    }

    /// A property name further in.
    fn name(&'a self, name: &'a str) -> Loc<'a> {
        self.at(Token::Name(name))
    }

    /// An item's index further in.
    fn index(&'a self, i: usize) -> Loc<'a> {
        self.at(Token::Index(i))
    }

    /// The tokens from the root.
    fn tokens(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = Some(self);
        while let Some(loc) = cur {
            match loc.token {
                Token::Root => {}
                Token::Name(n) => out.push(n.to_owned()),
                Token::Index(i) => out.push(i.to_string()),
            }
            cur = loc.parent;
        }
        out.reverse();
        out
    }
}

use serde_json::Value as Json;

use crate::value::{Map, Value};

/// The JSON-schema library a Helm release validates values with, and its wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validator {
    /// xeipuuv/gojsonschema v1.2.0 (Helm 3.17, 3.18).
    GoJsonSchema,
    /// santhosh-tekuri/jsonschema v6 (Helm 3.19 and later).
    Santhosh {
        /// v6.0.3 (Helm 4.3), not v6.0.2: it numbers the items after `prefixItems` by their
        /// place in the list (v6.0.2 counted them from 0), and shows a `patternProperties`
        /// name that is no regular expression at the keyword (v6.0.2: at `''`).
        v6_0_3: bool,
        /// Helm 4 resolves a `urn:` reference it cannot find to the schema `true` (and logs a
        /// warning); Helm 3.19 fails to load the schema.
        urn_permissive: bool,
    },
}

impl Validator {
    /// Helm 3.19: santhosh-tekuri/jsonschema v6.0.2, no `urn:` loader.
    pub const SANTHOSH_6_0_2: Validator = Validator::Santhosh {
        v6_0_3: false,
        urn_permissive: false,
    };
    /// Helm 4.1 and 4.2: v6.0.2, an unresolved `urn:` reference accepts anything.
    pub const SANTHOSH_6_0_2_URN: Validator = Validator::Santhosh {
        v6_0_3: false,
        urn_permissive: true,
    };
    /// Helm 4.3: v6.0.3, an unresolved `urn:` reference accepts anything.
    pub const SANTHOSH_6_0_3: Validator = Validator::Santhosh {
        v6_0_3: true,
        urn_permissive: true,
    };

    /// Validates one document against one schema. `Err` holds the problems as Helm prints
    /// them under the chart's name: one `- …` line each (nested causes indented), ending in
    /// a newline; or, for a schema the library refuses, its message.
    pub fn validate(self, schema: &Json, values: &Json) -> Result<(), String> {
        self.validate_source(schema, None, values)
    }

    /// [`Validator::validate`] with the text `schema` was read from, if known: santhosh prints
    /// the numbers of an `enum` or a `const` as written (`value must be one of 1.0, 1e2`).
    pub fn validate_source(
        self,
        schema: &Json,
        source: Option<&str>,
        values: &Json,
    ) -> Result<(), String> {
        match self {
            Validator::GoJsonSchema => gojson::validate(schema, source, values),
            Validator::Santhosh {
                v6_0_3,
                urn_permissive,
            } => santhosh::validate(
                schema,
                source,
                values,
                santhosh::Options {
                    v6_0_3,
                    urn_permissive,
                    names: self.class_names(),
                },
            ),
        }
    }

    /// How the Go of the Helm that bundles this library reads Unicode class names in a
    /// pattern: each validator release came with one line of Helms (3.x, 4.1 and 4.2, 4.3).
    fn class_names(self) -> crate::go::regexp::ClassNames {
        use crate::go::regexp::ClassNames;
        match self {
            Validator::GoJsonSchema
            | Validator::Santhosh {
                urn_permissive: false,
                ..
            } => ClassNames::Go1_23,
            Validator::Santhosh { v6_0_3: false, .. } => ClassNames::Go1_25,
            Validator::Santhosh { v6_0_3: true, .. } => ClassNames::Go1_27,
        }
    }

    /// Validates a chart's values (Helm's `ValidateAgainstSingleSchema`).
    pub fn validate_values(self, schema: &Json, values: &Map) -> Result<(), String> {
        self.validate(schema, &values_json(values))
    }
}

/// The values as the validator sees them: keys by name, integers as JSON integers and other
/// numbers as JSON numbers.
pub fn values_json(values: &Map) -> Json {
    map_json(values)
}

/// A map's entries as a JSON object (the map is sorted by key already).
fn map_json(m: &Map) -> Json {
    Json::Object(m.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
}

fn to_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number),
        Value::String(s) => Json::String(s.clone()),
        Value::List(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(m) => map_json(m),
    }
}

/// What orochart says for a `$ref` to another document: Helm would fetch it (`http`,
/// `https`, `file`); orochart renders offline and reads nothing but the chart.
fn remote_ref(reference: &str) -> String {
    format!(
        "failing loading {reference:?}: orochart does not load schemas from outside the chart's values.schema.json"
    )
}

/// What keeps a `values.schema.json` from being one JSON document, as Go's `json.Decoder`
/// (which both libraries read it with) finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Not JSON: the decoder's error in the words of `encoding/json` v1 and of v2 (Go 1.27,
    /// Helm 4.3): `EOF`, `unexpected EOF`, `invalid character '}' looking for beginning of
    /// object key string`, ….
    NotJson {
        /// v1's words.
        v1: String,
        /// v2's words.
        v2: String,
    },
    /// One JSON document and then more than white space: gojsonschema reads the document
    /// and ignores the rest; santhosh refuses the file.
    Trailing,
}

/// The subschemas of an object schema: the values of the keywords that hold schemas (not
/// `default`, `enum`, `const`, `examples` nor unknown keywords, which santhosh never reads
/// as schemas).
fn subschemas(m: &serde_json::Map<String, Json>) -> Vec<&Json> {
    subschemas_of(m, |_| true)
}

/// [`subschemas`] of the keywords `known` takes (a draft's own).
fn subschemas_of(m: &serde_json::Map<String, Json>, known: impl Fn(&str) -> bool) -> Vec<&Json> {
    let mut out = Vec::new();
    for (key, v) in m {
        match (keyword(key).filter(|_| known(key)), v) {
            (Some(Keyword::Members), Json::Object(subs)) => out.extend(subs.values()),
            (Some(Keyword::List), Json::Array(subs)) => out.extend(subs),
            // `items` as a list (before 2020-12).
            (Some(Keyword::One), Json::Array(subs)) if key == "items" => out.extend(subs),
            (Some(Keyword::One), sub) => out.push(sub),
            _ => {}
        }
    }
    out
}

/// Whether `node` holds one of `keys` anywhere (as a key of an object).
fn mentions(node: &Json, keys: &[&str]) -> bool {
    match node {
        Json::Object(m) => {
            keys.iter().any(|k| m.contains_key(*k)) || m.values().any(|v| mentions(v, keys))
        }
        Json::Array(items) => items.iter().any(|v| mentions(v, keys)),
        _ => false,
    }
}

/// How a keyword holds schemas.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keyword {
    /// One schema (`not`, `additionalProperties`; `items` as an object).
    One,
    /// A list of schemas (`allOf`, `prefixItems`; `items` as a list).
    List,
    /// An object whose members are schemas (`properties`, `$defs`).
    Members,
}

/// How `key` holds schemas, if it does.
fn keyword(key: &str) -> Option<Keyword> {
    match key {
        "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas"
        | "dependencies" => Some(Keyword::Members),
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => Some(Keyword::List),
        "items" | "additionalItems" | "additionalProperties" | "not" | "if" | "then" | "else"
        | "contains" | "propertyNames" | "unevaluatedItems" | "unevaluatedProperties"
        | "contentSchema" => Some(Keyword::One),
        _ => None,
    }
}

/// What Go's `json.Decoder` reads of a `values.schema.json`: its first JSON value (the text
/// up to the returned offset), or the fault that keeps it from being one document. The text
/// need not be UTF-8.
pub fn decode_schema(text: &[u8]) -> (usize, Option<Fault>) {
    use crate::go::json_syntax::{decode, Decoded};
    match decode(text, false) {
        Decoded::Value => (text.len(), None),
        Decoded::Trailing(at) => (at, Some(Fault::Trailing)),
        Decoded::Error(v1) => {
            let v2 = match decode(text, true) {
                Decoded::Error(v2) => v2,
                _ => v1.clone(),
            };
            (0, Some(Fault::NotJson { v1, v2 }))
        }
    }
}

impl Validator {
    /// What Helm prints for a schema with `fault` (instead of validating), or `None` when
    /// it validates the document the file begins with.
    pub fn fault_message(self, fault: &Fault) -> Option<String> {
        match (self, fault) {
            (Validator::GoJsonSchema, Fault::Trailing) => None,
            (Validator::Santhosh { .. }, Fault::Trailing) => {
                Some("invalid character after top-level value".to_owned())
            }
            (_, Fault::NotJson { v1, v2 }) => Some(if self.go_json_v2() { v2 } else { v1 }.clone()),
        }
    }

    /// Whether the Go of the Helm that bundles this library has `encoding/json` on its v2
    /// implementation (Go 1.27: Helm 4.3, the only Helm with santhosh v6.0.3).
    fn go_json_v2(self) -> bool {
        matches!(self, Validator::Santhosh { v6_0_3: true, .. })
    }
}

/// One chart of the tree Helm's `ValidateAgainstSchema` walks: its name, its schema (if it has
/// one) and its enabled subcharts, in Helm's order.
pub struct ChartSchemas<'a> {
    /// The chart's name (`Chart.yaml`'s `name`).
    pub name: &'a str,
    /// Its `values.schema.json`.
    pub schema: Option<&'a Json>,
    /// What keeps the file from being one JSON document (`schema` is then what came before
    /// the fault, if anything).
    pub fault: Option<&'a Fault>,
    /// The text `schema` was read from, if known: Helm 3.19+ prints the numbers of an `enum`
    /// or a `const` as written there.
    pub source: Option<&'a str>,
    /// Its enabled subcharts.
    pub children: Vec<ChartSchemas<'a>>,
}

/// Helm's `ValidateAgainstSchema`: the chart's values against its schema, then each
/// subchart's section against the subchart's, every chart's problems in one message under
/// Helm's heading (`values don't meet the specifications of the schema(s) in the following
/// chart(s):`).
pub fn validate_tree(
    validator: Validator,
    tree: &ChartSchemas<'_>,
    values: &Map,
) -> Result<(), String> {
    fn walk(validator: Validator, node: &ChartSchemas<'_>, values: &Map, out: &mut String) {
        let refused = node.fault.and_then(|f| validator.fault_message(f));
        if let Some(message) = refused {
            // Helm writes the decoder's error without a newline after it.
            out.push_str(node.name);
            out.push_str(":\n");
            out.push_str(&message);
        } else if let Some(schema) = node.schema {
            let checked = validator.validate_source(schema, node.source, &values_json(values));
            if let Err(problems) = checked {
                out.push_str(node.name);
                out.push_str(":\n");
                out.push_str(&problems);
            }
        }
        for child in &node.children {
            match values.get(child.name) {
                Some(Value::Map(section)) => walk(validator, child, section, out),
                // Helm 4 skips a subchart without values; Helm 3 always has a map there.
                Some(Value::Null) | None => {}
                Some(other) => {
                    out.push_str(&format!(
                        "{}:\ninvalid type for values: expected object (map), got {}\n",
                        child.name,
                        crate::go::asserted_type_name(other)
                    ));
                }
            }
        }
    }
    let mut out = String::new();
    walk(validator, tree, values, &mut out);
    if out.is_empty() {
        return Ok(());
    }
    Err(format!(
        "values don't meet the specifications of the schema(s) in the following chart(s):\n{out}"
    ))
}

/// What Helm logs as its `ValidateAgainstSchema` walks the charts ([`validation_log`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Logged {
    /// A `urn:` document Helm 4 cannot resolve: it loads it as the schema `true` and logs
    /// `unresolved URN reference ignored; using permissive schema` once per document.
    Urn(String),
    /// One of Helm 4's `--debug` lines: its message and attributes (`level=DEBUG msg="chart
    /// name" chart-name=x`).
    Debug {
        /// `msg`.
        message: &'static str,
        /// The attributes, in order.
        attributes: Vec<(&'static str, String)>,
    },
}

/// What Helm 4 logs while [`validate_tree`] runs, in its order: for each chart it walks (the
/// top, then each enabled subchart whose section of the values is a map), with `debug`
/// (Helm 4's `--debug`; Helm 3's debug lines carry the time and are not made) the chart's
/// name and its schema's text, the unresolved `urn:` documents its
/// schema loads (each once in the whole walk; none for a validator that fails on them), and
/// with `debug` its number of dependencies.
pub fn validation_log(
    validator: Validator,
    tree: &ChartSchemas<'_>,
    values: &Map,
    debug: bool,
) -> Vec<Logged> {
    fn urns(refs: &refs::Refs<'_>, node: &Json, out: &mut Vec<String>) {
        let Json::Object(m) = node else {
            return;
        };
        if let Some(urn) = refs.urn(node) {
            if !out.iter().any(|u| u == urn) {
                out.push(urn.to_owned());
            }
        }
        subschemas(m).into_iter().for_each(|v| urns(refs, v, out));
    }
    struct Walk {
        validator: Validator,
        permissive: bool,
        debug: bool,
        seen: Vec<String>,
        out: Vec<Logged>,
    }
    impl Walk {
        fn urn(&mut self, urn: String) {
            if !self.seen.contains(&urn) {
                self.seen.push(urn.clone());
                self.out.push(Logged::Urn(urn));
            }
        }

        fn debug(&mut self, message: &'static str, attributes: &[(&'static str, &str)]) {
            if self.debug {
                let attributes = attributes
                    .iter()
                    .map(|(k, v)| (*k, (*v).to_owned()))
                    .collect();
                self.out.push(Logged::Debug {
                    message,
                    attributes,
                });
            }
        }

        fn chart(&mut self, node: &ChartSchemas<'_>, values: &Map) {
            if node.schema.is_some() || node.fault.is_some() {
                self.debug("chart name", &[("chart-name", node.name)]);
            }
            // A schema that is not one JSON document is refused before it is compiled.
            if let Some(schema) = node.schema.filter(|_| node.fault.is_none()) {
                if let Some(source) = node.source {
                    self.debug("unmarshalled JSON schema", &[("schema", source)]);
                }
                // Only a schema whose text says `urn:` (or escapes characters) can load one.
                let may_load = node
                    .source
                    .is_none_or(|text| text.contains("urn:") || text.contains("\\u"));
                if self.permissive && may_load {
                    self.schema_urns(schema);
                }
            }
            let count = node.children.len().to_string();
            self.debug(
                "number of dependencies in the chart",
                &[("chart", node.name), ("dependencies", &count)],
            );
            for child in &node.children {
                if let Some(Value::Map(section)) = values.get(child.name) {
                    self.chart(child, section);
                }
            }
        }

        fn schema_urns(&mut self, schema: &Json) {
            // The meta-schema is loaded first.
            if let Some(Json::String(url)) = schema.get("$schema") {
                let document = url.split_once('#').map_or(url.as_str(), |(d, _)| d);
                if url.starts_with("urn:") {
                    self.urn(document.to_owned());
                }
            }
            // The references are resolved once the schema passes its meta-schema.
            let mut found = Vec::new();
            let options = refs::SanthoshOptions {
                draft: santhosh::draft_of(schema),
                urn_permissive: true,
            };
            let refs = refs::santhosh(schema, &options);
            urns(&refs, schema, &mut found);
            if !found.is_empty() && !santhosh::refused_before_refs(schema, self.validator, &refs) {
                for urn in found {
                    self.urn(urn);
                }
            }
        }
    }
    let permissive = matches!(
        validator,
        Validator::Santhosh {
            urn_permissive: true,
            ..
        }
    );
    let mut walk = Walk {
        validator,
        permissive,
        debug,
        seen: Vec::new(),
        out: Vec::new(),
    };
    if permissive || debug {
        walk.chart(tree, values);
    }
    walk.out
}

#[cfg(test)]
mod tests;
