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
