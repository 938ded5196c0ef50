//! Walking a JSON schema along a key path (the types and property names it allows there), and
//! the `jsonschema` crate's errors as findings.

use std::collections::BTreeSet;

use serde_json::Value as Json;

use crate::value::PathSegment;
use crate::KeyPath;

/// Follows `$ref`s (local JSON pointers) and collects every schema that applies to the same
/// instance through `anyOf`, `oneOf` and `allOf`.
fn expand<'s>(root: &'s Json, node: &'s Json, out: &mut Vec<&'s Json>, depth: usize) {
    if depth > 64 {
        return;
    }
    let node = match node.get("$ref").and_then(Json::as_str) {
        Some(r) => match r.strip_prefix('#').and_then(|p| root.pointer(p)) {
            Some(target) => {
                expand(root, target, out, depth + 1);
                node
            }
            None => node,
        },
        None => node,
    };
    out.push(node);
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(branches) = node.get(key).and_then(Json::as_array) {
            for b in branches {
                expand(root, b, out, depth + 1);
            }
        }
    }
}

/// Every schema that applies at `path`.
fn schemas_at<'s>(root: &'s Json, path: &[PathSegment]) -> Vec<&'s Json> {
    let mut current = Vec::new();
    expand(root, root, &mut current, 0);
    for seg in path {
        let mut next = Vec::new();
        for node in &current {
            let child = match seg {
                PathSegment::Key(k) => node
                    .get("properties")
                    .and_then(|p| p.get(k))
                    .or_else(|| node.get("additionalProperties").filter(|a| a.is_object())),
                PathSegment::Index(_) => node.get("items").filter(|i| i.is_object()),
            };
            if let Some(c) = child {
                expand(root, c, &mut next, 0);
            }
        }
        current = next;
    }
    current
}

/// The JSON types the schema accepts at `path`; `None` when it accepts anything there or the
/// path is outside the schema.
pub(super) fn types_at(root: &Json, path: &KeyPath) -> Option<BTreeSet<String>> {
    let nodes = schemas_at(root, path.segments());
    let mut types = BTreeSet::new();
    for n in &nodes {
        match n.get("type") {
            Some(Json::String(t)) => {
                types.insert(t.clone());
            }
            Some(Json::Array(a)) => {
                types.extend(a.iter().filter_map(Json::as_str).map(str::to_owned))
            }
            _ => {}
        }
    }
    (!types.is_empty()).then_some(types)
}

/// The property names the schema knows at `path`, for suggestions.
pub(super) fn properties_at<'s>(root: &'s Json, path: &KeyPath) -> Vec<&'s str> {
    let mut names: Vec<&str> = schemas_at(root, path.segments())
        .iter()
        .filter_map(|n| n.get("properties").and_then(Json::as_object))
        .flat_map(|p| p.keys().map(String::as_str))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// A JSON pointer into `instance` as a key path (`/spec/ports/0` → `spec.ports[0]`).
pub(super) fn pointer_path(pointer: &str, instance: &Json) -> KeyPath {
    let mut path = KeyPath::root();
    let mut node = Some(instance);
    for raw in pointer.split('/').skip(1) {
        let seg = raw.replace("~1", "/").replace("~0", "~");
        match (node, seg.parse::<usize>()) {
            (Some(Json::Array(a)), Ok(i)) => {
                node = a.get(i);
                path = path.index(i);
            }
            (n, _) => {
                node = n.and_then(|n| n.get(&seg));
                path = path.key(&seg);
            }
        }
    }
    path
}

/// A short rendering of a JSON value for messages.
fn short(v: &Json) -> String {
    let s = match v {
        Json::Object(_) => return "an object".into(),
        Json::Array(_) => return "a list".into(),
        other => other.to_string(),
    };
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// One validation error as findings: the path, a message and maybe a suggestion. An
/// `additionalProperties` error becomes one finding per unknown field, at the field.
pub(super) fn describe(
    err: &jsonschema::ValidationError<'_>,
    schema: &Json,
    instance: &Json,
) -> Vec<(KeyPath, String, Option<String>)> {
    use jsonschema::error::ValidationErrorKind as K;
    let path = pointer_path(err.instance_path.as_str(), instance);
    let got = short(&err.instance);
    let one = |message: String| vec![(path.clone(), message, None)];
    match &err.kind {
        K::AdditionalProperties { unexpected } | K::UnevaluatedProperties { unexpected } => {
            let known = properties_at(schema, &path);
            unexpected
                .iter()
                .map(|k| {
                    let hint =
                        crate::schema::suggest(k, &known).map(|s| format!("did you mean `{s}`?"));
                    (path.key(k), format!("unknown field `{k}`"), hint)
                })
                .collect()
        }
        K::Required { property } => one(format!(
            "missing required field `{}`",
            property
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| property.to_string())
        )),
        K::Type { kind } => {
            use jsonschema::error::TypeKind;
            let want = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            let float_for_int = want.contains("integer")
                && err.instance.as_f64().is_some_and(|f| f.fract() == 0.0)
                && err.instance.is_f64();
            let hint = float_for_int.then(|| {
                "a float where Kubernetes wants an integer: Helm prints values-file numbers of 1,000,000 or more as `1e+06`".to_owned()
            });
            vec![(path.clone(), format!("expected {want}, got {got}"), hint)]
        }
        K::Enum { options } => one(format!("must be one of {options}, got {got}")),
        K::AnyOf | K::OneOfNotValid => one(format!("matches none of the allowed forms, got {got}")),
        K::FalseSchema => one("is not allowed here".into()),
        _ => one(format!("{}, got {got}", err.masked_with("the value"))),
    }
}
