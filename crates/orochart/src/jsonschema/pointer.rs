//! `$ref` resolution inside the schema document.

use serde_json::Value as Json;

/// The schema a `$ref` names inside `root` (`#`, `#/$defs/port`, `#/definitions/a~1b`,
/// percent-encoded or not); `None` for a reference into another document or to a missing
/// place.
pub(super) fn resolve<'a>(root: &'a Json, reference: &str) -> Option<&'a Json> {
    let fragment = reference.strip_prefix('#')?;
    if fragment.is_empty() {
        return Some(root);
    }
    let path = fragment.strip_prefix('/')?;
    let mut node = root;
    for token in path.split('/') {
        let token = percent_decode(token).replace("~1", "/").replace("~0", "~");
        node = match node {
            Json::Object(m) => m.get(&token)?,
            Json::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The first key of a local `$ref`'s path that is missing (what gojsonschema names); `None`
/// for a reference into another document.
pub(super) fn first_missing(root: &Json, reference: &str) -> Option<String> {
    let path = reference.strip_prefix("#/")?;
    let mut node = root;
    for token in path.split('/') {
        let token = percent_decode(token).replace("~1", "/").replace("~0", "~");
        let next = match node {
            Json::Object(m) => m.get(&token),
            Json::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => return Some(token),
        }
    }
    None
}

/// The schema a plain-name fragment (`#num`) names in `root` for santhosh, by the draft's
/// anchor keyword: `"$anchor": "num"` from 2019-09, `"$id": "#num"` in drafts 6 and 7,
/// `"id": "#num"` in draft 4; searched where schemas are (not in `enum` or `default` data).
pub(super) fn santhosh_anchor<'a>(root: &'a Json, name: &str, draft: u32) -> Option<&'a Json> {
    let Json::Object(m) = root else {
        return None;
    };
    let hit = match draft {
        4 => m.get("id").and_then(Json::as_str) == Some(&format!("#{name}")),
        6 | 7 => m.get("$id").and_then(Json::as_str) == Some(&format!("#{name}")),
        _ => m.get("$anchor").and_then(Json::as_str) == Some(name),
    };
    if hit {
        return Some(root);
    }
    super::subschemas(m)
        .into_iter()
        .find_map(|sub| santhosh_anchor(sub, name, draft))
}

/// What gojsonschema makes of a `$ref` (Helm 3.17, 3.18): a JSON pointer as [`resolve`]
/// finds it; a plain-name fragment (`#num`) the object whose id is `#num` (its schema pool
/// reads `id` where an object has one, else `$id`, in any draft, anywhere in the document),
/// and when none is, the root (the fragment is no pointer, so nothing of it is followed).
pub(super) fn gojsonschema_resolve<'a>(root: &'a Json, reference: &str) -> Option<&'a Json> {
    fn by_id<'a>(node: &'a Json, id: &str) -> Option<&'a Json> {
        match node {
            Json::Object(m) => {
                let key = if m.contains_key("id") { "id" } else { "$id" };
                if m.get(key).and_then(Json::as_str) == Some(id) {
                    return Some(node);
                }
                m.values().find_map(|v| by_id(v, id))
            }
            Json::Array(items) => items.iter().find_map(|v| by_id(v, id)),
            _ => None,
        }
    }
    match reference.strip_prefix('#') {
        Some(name) if !name.is_empty() && !name.starts_with('/') => {
            by_id(root, reference).or(Some(root))
        }
        _ => resolve(root, reference),
    }
}

/// The targets of the `$ref`s a walk has met, each found once: a plain-name fragment is
/// searched for through the whole document, and a `$ref` is met once per value it applies to.
#[derive(Default)]
pub(super) struct Targets<'a> {
    found: std::cell::RefCell<std::collections::HashMap<String, Option<&'a Json>>>,
}

impl<'a> Targets<'a> {
    /// `find(reference)`, remembered.
    pub(super) fn get(
        &self,
        reference: &str,
        find: impl FnOnce(&str) -> Option<&'a Json>,
    ) -> Option<&'a Json> {
        if let Some(known) = self.found.borrow().get(reference) {
            return *known;
        }
        let target = find(reference);
        self.found.borrow_mut().insert(reference.to_owned(), target);
        target
    }
}
