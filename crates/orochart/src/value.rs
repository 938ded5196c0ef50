//! The values tree every part of orochart shares.
//!
//! Helm keeps values as Go `map[string]interface{}` decoded from JSON, so a number read from a
//! values file is a `float64` while a number from `--set` is an `int64` (helm-semantics.md
//! §3.1, §10.4). [`Value`] keeps that distinction: [`Value::Float`] and [`Value::Int`] print
//! differently (`1e+06` against `1000000`) and must never be merged into one number type.
//!
//! Maps are sorted by key ([`Map`]): Helm never shows insertion order (Go's `range`, `%v`,
//! `toJson` and `toYaml` all sort keys), so sorted storage is both simpler and what every
//! consumer wants.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

/// The values tree's mapping: keys sorted, as Helm always shows them.
pub type Map = crate::map::Map<Value>;

/// One node of a values tree, with Helm's (Go's) types.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// `null`, `~`, or a key set to null. Prints as nothing in templates.
    #[default]
    Null,
    /// `true`/`false` (and YAML 1.1's `yes`, `on`, `y`, … in values files).
    Bool(bool),
    /// An `int64`: numbers from `--set`, and integers computed by template functions.
    Int(i64),
    /// A `float64`: every number read from a values file or `--set-json`.
    Float(f64),
    /// A string.
    String(String),
    /// A list.
    List(Vec<Value>),
    /// A map with string keys.
    Map(Map),
}

impl Value {
    /// The map inside, if this is a map.
    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The map inside, mutably, if this is a map.
    pub fn as_map_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The string inside, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// What Go's encoding/json calls this kind of value in its errors (`cannot unmarshal
    /// array into …`).
    pub(crate) fn json_kind(&self) -> &'static str {
        match self {
            Value::List(_) => "array",
            Value::Map(_) => "object",
            Value::String(_) => "string",
            Value::Bool(_) => "bool",
            Value::Null => "null",
            Value::Int(_) | Value::Float(_) => "number",
        }
    }

    /// Whether this is [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Looks a dotted path up (`image.tag`); no escaping, for tests and simple lookups.
    pub fn get_path(&self, path: &str) -> Option<&Value> {
        path.split('.')
            .try_fold(self, |v, key| v.as_map()?.get(key))
    }

    /// Helm's (Sprig's) notion of "empty": `nil`, `false`, `0`, `""`, and empty lists and maps.
    pub fn is_empty_value(&self) -> bool {
        match self {
            Value::Null => true,
            Value::Bool(b) => !b,
            Value::Int(i) => *i == 0,
            Value::Float(f) => *f == 0.0,
            Value::String(s) => s.is_empty(),
            Value::List(l) => l.is_empty(),
            Value::Map(m) => m.is_empty(),
        }
    }

    /// A short name of the type, for error messages (`string`, `number`, `map`, …).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Int(_) | Value::Float(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Map(_) => "map",
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}

impl From<Map> for Value {
    fn from(m: Map) -> Self {
        Value::Map(m)
    }
}

impl From<Vec<Value>> for Value {
    fn from(l: Vec<Value>) -> Self {
        Value::List(l)
    }
}

/// Where a value came from: a file (or a flag, such as `--set`) and a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    /// The file path as the user gave it, or a flag description such as `--set image.tag=v1`.
    pub file: Arc<str>,
    /// 1-based line; 0 when the origin is not a file.
    pub line: usize,
    /// 1-based column; 0 when the origin is not a file.
    pub column: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}:{}", self.file, self.line, self.column)
        }
    }
}

/// A key path into a values tree, as users write it: `image.tag`, `env[2].name`,
/// `podAnnotations."prometheus.io/scrape"`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyPath(Vec<PathSegment>);

/// One step of a [`KeyPath`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PathSegment {
    /// A map key.
    Key(String),
    /// A list index.
    Index(usize),
}

impl KeyPath {
    /// The empty path (the root).
    pub fn root() -> Self {
        KeyPath(Vec::new())
    }

    /// This path with a map key appended.
    pub fn key(&self, key: &str) -> Self {
        let mut v = self.0.clone();
        v.push(PathSegment::Key(key.to_owned()));
        KeyPath(v)
    }

    /// This path with a list index appended.
    pub fn index(&self, index: usize) -> Self {
        let mut v = self.0.clone();
        v.push(PathSegment::Index(index));
        KeyPath(v)
    }

    /// The segments of this path.
    pub fn segments(&self) -> &[PathSegment] {
        &self.0
    }

    /// Whether this is the root path.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(root)");
        }
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                PathSegment::Key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    let plain = !k.is_empty()
                        && k.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
                    if plain {
                        f.write_str(k)?;
                    } else {
                        write!(f, "{k:?}")?;
                    }
                }
                PathSegment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Where each node of a values tree came from, by key path. Filled by the values loaders and
/// the `--set` parsers; read by error messages and the typed-values checks.
pub type Origins = BTreeMap<KeyPath, Origin>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_path_quotes_keys_with_dots_and_indexes_lists() {
        let p = KeyPath::root()
            .key("podAnnotations")
            .key("prometheus.io/scrape");
        assert_eq!(p.to_string(), r#"podAnnotations."prometheus.io/scrape""#);
        let p = KeyPath::root().key("env").index(2).key("name");
        assert_eq!(p.to_string(), "env[2].name");
    }

    #[test]
    fn helm_empty_matches_sprig() {
        for v in [
            Value::Null,
            Value::Bool(false),
            Value::Int(0),
            Value::Float(0.0),
            Value::from(""),
            Value::List(vec![]),
            Value::Map(Map::new()),
        ] {
            assert!(v.is_empty_value(), "{v:?} should be empty");
        }
        for v in [Value::from(" "), Value::from("0"), Value::Float(0.5)] {
            assert!(!v.is_empty_value(), "{v:?} should not be empty");
        }
    }

    #[test]
    fn float_and_int_survive_a_serde_round_trip() {
        let mut m = Map::new();
        m.insert("f".into(), Value::Float(80.0));
        m.insert("i".into(), Value::Int(80));
        let v = Value::Map(m);
        let json = serde_json::to_value(&v).unwrap_or_default();
        let back: Value = serde_json::from_value(json).unwrap_or_default();
        assert_eq!(back, v);
    }
}
