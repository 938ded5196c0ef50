//! The field diff of one resource: which leaves changed between two parsed documents.
//!
//! Maps are compared key by key, in key order (orochart's maps are sorted, as Go's are);
//! lists whose items are all maps with a unique `name` (containers, env, ports, volumes) are
//! matched by name, as Kubernetes merges them, so inserting a container does not report every
//! later one as changed; other lists by position. A Secret's `data` and `stringData` are
//! redacted: a change says that a key changed, never its value.

use serde::Serialize;

use crate::value::Value;

/// One changed leaf (or sub-tree added or removed whole).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field: `spec.template.spec.containers[name=app].image`,
    /// `metadata.annotations."checksum/config"`.
    pub path: String,
    /// The old value (`None` when added, or redacted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The new value (`None` when removed, or redacted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
    /// What happened to the field.
    pub change: FieldStatus,
    /// A Secret's data: the values are not shown.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub redacted: bool,
}

/// What happened to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldStatus {
    /// Only in the new document.
    Added,
    /// Only in the old document.
    Removed,
    /// In both, with different values.
    Changed,
}

/// A path segment as written in a field path: plain when it is a simple word, else quoted.
fn key_segment(key: &str) -> String {
    let simple = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if simple {
        key.to_owned()
    } else {
        serde_json::to_string(key).unwrap_or_else(|_| format!("\"{key}\""))
    }
}

fn join(path: &str, seg: &str) -> String {
    if path.is_empty() {
        seg.to_owned()
    } else if seg.starts_with('[') {
        format!("{path}{seg}")
    } else {
        format!("{path}.{seg}")
    }
}

/// The names of a list's items when every item is a map with a distinct string `name`.
fn item_names(items: &[Value]) -> Option<Vec<&str>> {
    let names: Vec<&str> = items
        .iter()
        .map(|v| {
            v.as_map()
                .and_then(|m| m.get("name"))
                .and_then(Value::as_str)
        })
        .collect::<Option<_>>()?;
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    (sorted.len() == names.len()).then_some(names)
}

/// The changed fields between `old` and `new` (two parsed documents), in a stable order.
/// `secret` redacts `data` and `stringData`.
pub fn diff_fields(old: &Value, new: &Value, secret: bool) -> Vec<FieldChange> {
    let mut out = Vec::new();
    walk("", old, new, &mut out);
    if secret {
        for c in &mut out {
            let top = c.path.split(['.', '[']).next().unwrap_or("");
            if top == "data" || top == "stringData" {
                c.old = None;
                c.new = None;
                c.redacted = true;
            }
        }
    }
    out
}

fn push(out: &mut Vec<FieldChange>, path: String, old: Option<&Value>, new: Option<&Value>) {
    let change = match (old, new) {
        (None, _) => FieldStatus::Added,
        (_, None) => FieldStatus::Removed,
        _ => FieldStatus::Changed,
    };
    out.push(FieldChange {
        path,
        old: old.cloned(),
        new: new.cloned(),
        change,
        redacted: false,
    });
}

fn walk(path: &str, old: &Value, new: &Value, out: &mut Vec<FieldChange>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Map(a), Value::Map(b)) => {
            for (k, va) in a.iter() {
                let p = join(path, &key_segment(k));
                match b.get(k.as_str()) {
                    Some(vb) => walk(&p, va, vb, out),
                    None => push(out, p, Some(va), None),
                }
            }
            for (k, vb) in b.iter() {
                if !a.contains_key(k.as_str()) {
                    push(out, join(path, &key_segment(k)), None, Some(vb));
                }
            }
        }
        (Value::List(a), Value::List(b)) => match (item_names(a), item_names(b)) {
            (Some(na), Some(nb)) => {
                let seg = |n: &str| format!("[name={n}]");
                for (va, n) in a.iter().zip(&na) {
                    let p = join(path, &seg(n));
                    match nb.iter().position(|m| m == n) {
                        Some(j) => walk(&p, va, &b[j], out),
                        None => push(out, p, Some(va), None),
                    }
                }
                for (vb, n) in b.iter().zip(&nb) {
                    if !na.contains(n) {
                        push(out, join(path, &seg(n)), None, Some(vb));
                    }
                }
            }
            _ => {
                for i in 0..a.len().max(b.len()) {
                    let p = join(path, &format!("[{i}]"));
                    match (a.get(i), b.get(i)) {
                        (Some(va), Some(vb)) => walk(&p, va, vb, out),
                        (va, vb) => push(out, p, va, vb),
                    }
                }
            }
        },
        _ => push(out, path.to_owned(), Some(old), Some(new)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        crate::values::parse_yaml_document(text, "t.yaml", false).unwrap_or(Value::Null)
    }

    fn paths(changes: &[FieldChange]) -> Vec<String> {
        changes
            .iter()
            .map(|c| format!("{:?} {}", c.change, c.path))
            .collect()
    }

    #[test]
    fn containers_are_matched_by_name_and_odd_keys_are_quoted() {
        let old = yaml("spec:\n  containers:\n  - name: app\n    image: a:1\n  - name: side\n    image: s:1\nmetadata:\n  annotations:\n    checksum/config: abc\n");
        let new = yaml("spec:\n  containers:\n  - name: init\n    image: i:1\n  - name: app\n    image: a:2\n  - name: side\n    image: s:1\nmetadata:\n  annotations:\n    checksum/config: def\n");
        let d = diff_fields(&old, &new, false);
        assert_eq!(
            paths(&d),
            [
                "Changed metadata.annotations.\"checksum/config\"",
                "Changed spec.containers[name=app].image",
                "Added spec.containers[name=init]",
            ]
        );
        assert_eq!(d[1].new, Some(Value::String("a:2".into())));
    }

    #[test]
    fn secret_data_is_redacted_but_reported() {
        let old = yaml("data:\n  password: b2xk\nmetadata:\n  name: s\n");
        let new = yaml("data:\n  password: bmV3\n  token: dA==\nmetadata:\n  name: s\n");
        let d = diff_fields(&old, &new, true);
        assert_eq!(paths(&d), ["Changed data.password", "Added data.token"]);
        assert!(d
            .iter()
            .all(|c| c.redacted && c.old.is_none() && c.new.is_none()));
    }

    #[test]
    fn lists_without_names_compare_by_position() {
        let d = diff_fields(&yaml("a: [1, 2]\n"), &yaml("a: [1, 3, 4]\n"), false);
        assert_eq!(paths(&d), ["Changed a[1]", "Added a[2]"]);
    }
}
