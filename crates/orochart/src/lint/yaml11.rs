//! Warnings where Helm's YAML 1.1 reading of a values file would surprise its author: boolean
//! words (`no`, `on`, `y`) written unquoted, as values or keys, and large or tiny numbers that
//! templates print in exponent form.

use std::collections::HashMap;

use serde_json::Value as Json;

use super::schema_walk::types_at;
use super::{Finding, Severity};
use crate::value::PathSegment;
use crate::yaml::{Kind, Style};
use crate::{KeyPath, Map, Origin, Origins, Value};

/// Words go-yaml v2 reads as booleans besides `true`/`false` (YAML 1.1).
const YAML11_BOOLS: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off",
    "OFF",
];

/// What the schema accepts where a YAML 1.1 boolean word (`no`, `on`, `y`, …) was written.
enum Yaml11Bool {
    /// A string or a boolean: the author likely meant the string.
    StringToo,
    /// Only a boolean: Helm reads what was meant, other YAML readers do not.
    BooleanOnly,
    /// No schema there (a chart without one, or a free-form value).
    Untyped,
}

/// Warnings where Helm's reading of a values file would surprise its author.
pub(super) fn value_warnings(
    user: &Map,
    origins: &Origins,
    schema: Option<&Json>,
) -> Vec<((Origin, KeyPath), Finding)> {
    let mut sources = Sources::default();
    let mut out = Vec::new();
    let root = Value::Map(user.clone());
    walk_values(&root, &KeyPath::root(), &mut |path, v| {
        let Some(origin) = origins.get(path) else {
            return;
        };
        let from_file = origin.line > 0;
        let last = path.segments().last();
        // A key YAML 1.1 turned into a boolean: `ON:` is the key `true`.
        if let (true, Some(PathSegment::Key(k))) = (from_file, last) {
            if k == "true" || k == "false" {
                if let Some(tok) = sources.key_token(origin) {
                    if YAML11_BOOLS.contains(&tok.as_str()) {
                        out.push(warning(
                            origin,
                            path,
                            format!("the key `{tok}` is read as the boolean {k} (YAML 1.1), so the key is `{k}`"),
                            format!("quote it (\"{tok}\") to keep the key `{tok}`"),
                        ));
                    }
                }
            }
        }
        match v {
            Value::Bool(b) if from_file => {
                let types = schema.and_then(|s| types_at(s, path));
                let has = |t: &str| types.as_ref().is_some_and(|ts| ts.contains(t));
                // A string-only key already fails the schema check, with a YAML 1.1 hint; a
                // key of another type (a number) fails it too.
                let kind = match (&types, has("string"), has("boolean")) {
                    (None, _, _) => Yaml11Bool::Untyped,
                    (Some(_), true, true) => Yaml11Bool::StringToo,
                    (Some(_), false, true) => Yaml11Bool::BooleanOnly,
                    _ => return,
                };
                let is_item = matches!(last, Some(PathSegment::Index(_)));
                let Some(tok) = sources.value_token(origin, is_item) else {
                    return;
                };
                if !YAML11_BOOLS.contains(&tok.as_str()) {
                    return;
                }
                let (message, hint) = match kind {
                    Yaml11Bool::StringToo => (
                        format!("`{tok}` is read as the boolean {b} (YAML 1.1), where a string is expected; it renders as \"{b}\""),
                        format!("quote it (\"{tok}\") to keep the string"),
                    ),
                    Yaml11Bool::BooleanOnly => (
                        format!("`{tok}` is the boolean {b} only in YAML 1.1, as Helm reads it; YAML 1.2 tools (editors checking values.schema.json) read the string \"{tok}\""),
                        format!("write `{b}`"),
                    ),
                    Yaml11Bool::Untyped => (
                        format!("`{tok}` is read as the boolean {b} (YAML 1.1); a template prints it as `{b}`"),
                        format!("write `{b}` for the boolean, or quote it (\"{tok}\") to keep the string"),
                    ),
                };
                out.push(warning(origin, path, message, hint));
            }
            Value::Float(f) if from_file || origin.file.starts_with("--set-json") => {
                let f = *f;
                let exponent = f.is_finite() && f != 0.0 && (f.abs() >= 1e6 || f.abs() < 1e-4);
                if !exponent {
                    return;
                }
                let printed = crate::yaml::go_string(v);
                let types = schema.and_then(|s| types_at(s, path));
                let hint = if types.as_ref().is_some_and(|t| t.contains("string")) {
                    format!("quote it (\"{f}\") to keep the digits as a string")
                } else if types.as_ref().is_some_and(|t| t.contains("integer")) {
                    "Kubernetes refuses a float for an integer field: pass it with --set, which keeps integers, or print it with `int` in the chart".into()
                } else {
                    "quote it to keep the digits, or print it with `int` in the chart".into()
                };
                out.push(warning(
                    origin,
                    path,
                    format!("the number {f} is a float64 in Helm, and templates print it as `{printed}`"),
                    hint,
                ));
            }
            _ => {}
        }
    });
    out
}

fn warning(
    origin: &Origin,
    path: &KeyPath,
    message: String,
    hint: String,
) -> ((Origin, KeyPath), Finding) {
    let finding = Finding {
        severity: Severity::Warning,
        at: origin.to_string(),
        path: Some(path.to_string()),
        message,
        hint: Some(hint),
    };
    ((origin.clone(), path.clone()), finding)
}

fn walk_values(v: &Value, path: &KeyPath, f: &mut dyn FnMut(&KeyPath, &Value)) {
    if !path.is_root() {
        f(path, v);
    }
    match v {
        Value::Map(m) => {
            for (k, child) in m {
                walk_values(child, &path.key(k), f);
            }
        }
        Value::List(l) => {
            for (i, child) in l.iter().enumerate() {
                walk_values(child, &path.index(i), f);
            }
        }
        _ => {}
    }
}

/// Values files read once with orochart's YAML reader, to see how a scalar was written: a
/// warning is only for a plain scalar (no quotes, tag or anchor), and shows its text as
/// written (its span in the file).
#[derive(Default)]
struct Sources(HashMap<String, Option<Written>>);

/// One values file's scalars as written, by the position their origins record.
struct Written {
    /// Map keys (by the key's line and column): the key's text, if plain, and the value's.
    keys: HashMap<(usize, usize), (Option<String>, Option<String>)>,
    /// List items (by the item's line and column): the item's text, if plain.
    items: HashMap<(usize, usize), Option<String>>,
}

impl Written {
    fn read(text: &str) -> Option<Written> {
        // Positions are the values loader's, which reads the text after a byte order mark.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let tree = crate::yaml::build(text).ok()?;
        // A scalar written plain, untagged and unanchored: its text, from its span.
        let plain = |n: usize| {
            let node = &tree.nodes[n];
            match node.kind {
                Kind::Scalar { tag: None, .. }
                    if node.style == Some(Style::Plain) && !node.anchored =>
                {
                    text.get(node.content..node.end.byte).map(str::to_owned)
                }
                _ => None,
            }
        };
        let at = |n: usize| (tree.nodes[n].pos.line, tree.nodes[n].pos.column);
        let mut written = Written {
            keys: HashMap::new(),
            items: HashMap::new(),
        };
        for node in &tree.nodes {
            match &node.kind {
                Kind::Map(pairs) => {
                    for &(k, v) in pairs {
                        written.keys.insert(at(k), (plain(k), plain(v)));
                    }
                }
                Kind::Seq(items) => {
                    for &i in items {
                        written.items.insert(at(i), plain(i));
                    }
                }
                Kind::Scalar { .. } | Kind::Alias(_) => {}
            }
        }
        Some(written)
    }
}

impl Sources {
    fn file(&mut self, file: &str) -> Option<&Written> {
        self.0
            .entry(file.to_owned())
            .or_insert_with(|| {
                let text = std::fs::read_to_string(file).ok()?;
                Written::read(&text)
            })
            .as_ref()
    }

    /// The key written at a map entry's origin, if plain.
    fn key_token(&mut self, o: &Origin) -> Option<String> {
        let written = self.file(&o.file)?;
        written.keys.get(&(o.line, o.column))?.0.clone()
    }

    /// The scalar written for a map entry (its value) or a list item (at its origin), if
    /// plain.
    fn value_token(&mut self, o: &Origin, is_item: bool) -> Option<String> {
        let written = self.file(&o.file)?;
        let at = (o.line, o.column);
        match is_item {
            true => written.items.get(&at)?.clone(),
            false => written.keys.get(&at)?.1.clone(),
        }
    }
}
