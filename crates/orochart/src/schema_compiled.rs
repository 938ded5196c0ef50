//! The schema check in a compiled form: the keywords [`crate::schema`] reads, taken out of
//! the JSON once, `$ref`s resolved, into flat arrays of `Copy` records.
//!
//! `codegen` compiles the built-in chart's schema into statics (`orochart-builtin`), so a
//! process that renders never builds the schema's JSON tree (a third of a render's heap) nor
//! walks its keyword maps: it asks [`Compiled`] whether the values have a problem, and only
//! when they do builds the JSON for the full report. The check itself is in `schema.rs`
//! (`Compiled::accepts`); a test there compares it with the JSON walk.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::Value as Json;

/// An index into one of [`Compiled`]'s arrays.
pub type Ix = u32;

/// A run of `len` entries of an array starting at `start`: (start, len).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run(pub Ix, pub Ix);

/// One schema, after `$ref`s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    /// `true`: every value.
    Any,
    /// `false`: only null.
    Never,
    /// `anyOf` (or `oneOf`, when `anyOf` is not a list): the branches' nodes, in
    /// [`Compiled::lists`]. The schema's other keywords are not read.
    AnyOf(Run),
    /// The other keywords, by index into [`Compiled::checks`].
    Obj(Ix),
}

/// The keywords of an object schema the check reads.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Check {
    /// `type`: the accepted types, one bit each ([`TYPES`]); `None` when there is no such
    /// keyword, an empty list or neither a string nor a list.
    pub types: Option<u8>,
    /// `enum`: the options, in [`Compiled::consts`].
    pub options: Option<Run>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    /// `properties`, sorted by key, in [`Compiled::props`].
    pub props: Run,
    /// `additionalProperties`.
    pub extra: Extra,
    /// `items`: a node.
    pub items: Option<Ix>,
}

/// What `additionalProperties` says of keys that `properties` does not name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extra {
    /// Absent, `true`, or anything but `false` and an object.
    Allow,
    /// `false`: such a key is a problem.
    Deny,
    /// An object: their values must pass this node.
    Schema(Ix),
}

/// An `enum` option.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Const {
    Null,
    Bool(bool),
    /// A string, in [`Compiled::strs`].
    Str(Ix),
    /// A number, compared by value.
    Num(f64),
}

/// A `properties` entry: key (in [`Compiled::strs`]) and node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prop {
    pub key: Ix,
    pub node: Ix,
}

/// JSON Schema's type names, by bit: bit `i` of [`Check::types`] is `TYPES[i]`.
pub const TYPES: [&str; 7] = [
    "null", "boolean", "string", "number", "integer", "array", "object",
];

/// A compiled schema.
#[derive(Clone, Debug, PartialEq)]
pub struct Compiled {
    pub strs: Cow<'static, [Cow<'static, str>]>,
    pub nodes: Cow<'static, [Node]>,
    pub checks: Cow<'static, [Check]>,
    pub props: Cow<'static, [Prop]>,
    pub consts: Cow<'static, [Const]>,
    /// Node indexes of `anyOf` branches.
    pub lists: Cow<'static, [Ix]>,
    /// The root schema's node.
    pub root: Ix,
}

impl Compiled {
    /// Compiles `root`; `None` when it uses what this form does not hold (an `enum` option
    /// that is a list or an object): the JSON walk then does the check.
    pub fn compile(root: &Json) -> Option<Compiled> {
        let mut c = Compiler {
            root,
            memo: HashMap::new(),
            strs: Vec::new(),
            interned: HashMap::new(),
            nodes: Vec::new(),
            checks: Vec::new(),
            props: Vec::new(),
            consts: Vec::new(),
            lists: Vec::new(),
        };
        let root_node = c.node(root)?;
        Some(Compiled {
            strs: Cow::Owned(c.strs.into_iter().map(Cow::Owned).collect()),
            nodes: Cow::Owned(c.nodes),
            checks: Cow::Owned(c.checks),
            props: Cow::Owned(c.props),
            consts: Cow::Owned(c.consts),
            lists: Cow::Owned(c.lists),
            root: root_node,
        })
    }

    /// The string at `ix`.
    pub fn str(&self, ix: Ix) -> &str {
        &self.strs[ix as usize]
    }

    /// The entries of `run` in `items`.
    pub fn run<'a, T>(&self, items: &'a [T], run: Run) -> &'a [T] {
        &items[run.0 as usize..(run.0 + run.1) as usize]
    }

    /// Rust source for `static {name}: Compiled`, every array a borrowed static (for
    /// `codegen`). The code expects `Cow`, this module's types and the variants of [`Node`],
    /// [`Extra`] and [`Const`] in scope: records are written as their `Debug` text.
    #[allow(dead_code)]
    pub fn to_rust(&self, name: &str) -> String {
        fn list<T: std::fmt::Debug>(items: &[T]) -> String {
            let items: Vec<String> = items.iter().map(|x| format!("{x:?}")).collect();
            format!("Cow::Borrowed(&[{}])", items.join(", "))
        }
        let strs: Vec<String> = self
            .strs
            .iter()
            .map(|s| format!("Cow::Borrowed({:?})", &**s))
            .collect();
        format!(
            "pub static {name}: Compiled = Compiled {{\n    strs: Cow::Borrowed(&[{}]),\n    nodes: {},\n    checks: {},\n    props: {},\n    consts: {},\n    lists: {},\n    root: {},\n}};\n",
            strs.join(", "),
            list(&self.nodes),
            list(&self.checks),
            list(&self.props),
            list(&self.consts),
            list(&self.lists),
            self.root
        )
    }
}

struct Compiler<'j> {
    root: &'j Json,
    /// Node of each schema compiled so far (after `$ref`s), so that recursive definitions
    /// become cycles of indexes.
    memo: HashMap<*const Json, Ix>,
    strs: Vec<String>,
    interned: HashMap<&'j str, Ix>,
    nodes: Vec<Node>,
    checks: Vec<Check>,
    props: Vec<Prop>,
    consts: Vec<Const>,
    lists: Vec<Ix>,
}

fn ix(n: usize) -> Ix {
    Ix::try_from(n).unwrap_or(Ix::MAX)
}

impl<'j> Compiler<'j> {
    fn intern(&mut self, s: &'j str) -> Ix {
        if let Some(&i) = self.interned.get(s) {
            return i;
        }
        let i = ix(self.strs.len());
        self.strs.push(s.to_owned());
        self.interned.insert(s, i);
        i
    }

    /// The schema `schema` stands for after up to 32 `$ref`s into `$defs`: what the JSON
    /// walk's `resolve_keywords` ends at.
    fn resolve(&self, mut schema: &'j Json) -> &'j Json {
        for _ in 0..32 {
            let target = schema
                .as_object()
                .and_then(|m| m.get("$ref"))
                .and_then(Json::as_str)
                .and_then(|r| r.strip_prefix("#/$defs/"))
                .and_then(|name| self.root.get("$defs").and_then(|d| d.get(name)));
            match target {
                Some(s) => schema = s,
                None => return schema,
            }
        }
        schema
    }

    fn node(&mut self, schema: &'j Json) -> Option<Ix> {
        let schema = self.resolve(schema);
        let key: *const Json = schema;
        if let Some(&n) = self.memo.get(&key) {
            return Some(n);
        }
        let n = ix(self.nodes.len());
        self.nodes.push(Node::Any);
        self.memo.insert(key, n);
        let node = match schema {
            Json::Bool(true) => Node::Any,
            Json::Bool(false) => Node::Never,
            Json::Object(map) => {
                let keyword = |k: &str| map.get(k);
                let branches = keyword("anyOf")
                    .and_then(Json::as_array)
                    .or_else(|| keyword("oneOf").and_then(Json::as_array));
                match branches {
                    Some(branches) => {
                        let nodes = branches
                            .iter()
                            .map(|b| self.node(b))
                            .collect::<Option<Vec<_>>>()?;
                        let run = Run(ix(self.lists.len()), ix(nodes.len()));
                        self.lists.extend(nodes);
                        Node::AnyOf(run)
                    }
                    None => Node::Obj(self.check(map)?),
                }
            }
            // Anything else has no keywords: every value passes.
            _ => Node::Any,
        };
        self.nodes[n as usize] = node;
        Some(n)
    }

    fn check(&mut self, map: &'j serde_json::Map<String, Json>) -> Option<Ix> {
        let type_bit = |t: &str| {
            TYPES
                .iter()
                .position(|name| *name == t)
                .map_or(0, |i| 1u8 << i)
        };
        let types = match map.get("type") {
            Some(Json::String(s)) => Some(type_bit(s)),
            Some(Json::Array(a)) if !a.is_empty() => Some(
                a.iter()
                    .filter_map(Json::as_str)
                    .fold(0, |bits, t| bits | type_bit(t)),
            ),
            _ => None,
        };
        let options = match map.get("enum").and_then(Json::as_array) {
            None => None,
            Some(options) => {
                let start = ix(self.consts.len());
                for o in options {
                    let c = match o {
                        Json::Null => Const::Null,
                        Json::Bool(b) => Const::Bool(*b),
                        Json::String(s) => Const::Str(self.intern(s)),
                        Json::Number(n) => Const::Num(n.as_f64()?),
                        Json::Array(_) | Json::Object(_) => return None,
                    };
                    self.consts.push(c);
                }
                Some(Run(start, ix(options.len())))
            }
        };
        let mut entries: Vec<(&'j str, &'j Json)> = map
            .get("properties")
            .and_then(Json::as_object)
            .map(|p| p.iter().map(|(k, v)| (k.as_str(), v)).collect())
            .unwrap_or_default();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut props = Vec::with_capacity(entries.len());
        for (k, s) in entries {
            let key = self.intern(k);
            props.push(Prop {
                key,
                node: self.node(s)?,
            });
        }
        let props_run = Run(ix(self.props.len()), ix(props.len()));
        self.props.extend(props);
        let extra = match map.get("additionalProperties") {
            Some(Json::Bool(false)) => Extra::Deny,
            Some(s @ Json::Object(_)) => Extra::Schema(self.node(s)?),
            _ => Extra::Allow,
        };
        let items = match map.get("items") {
            Some(s) => Some(self.node(s)?),
            None => None,
        };
        let check = Check {
            types,
            options,
            minimum: map.get("minimum").and_then(Json::as_f64),
            maximum: map.get("maximum").and_then(Json::as_f64),
            props: props_run,
            extra,
            items,
        };
        self.checks.push(check);
        Some(ix(self.checks.len() - 1))
    }
}
