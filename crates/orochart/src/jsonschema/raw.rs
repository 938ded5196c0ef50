//! Finding a value's text in a JSON document: Go decodes a schema's numbers as
//! `json.Number`, the text as written, and santhosh prints an `enum`'s or a `const`'s numbers
//! from it (`1.0`, `1e2`, `12345678901234567890`), where serde keeps only the number.

/// The text of the value at `path` (keys and indexes, unescaped) in the JSON document at the
/// start of `text`; of duplicate keys the last, as Go and serde read them. `None` when the
/// text is not the JSON the path was taken from.
pub(super) fn value_at<'t>(text: &'t str, path: &[String]) -> Option<&'t str> {
    let b = text.as_bytes();
    let mut i = space(b, 0);
    for token in path {
        i = match b.get(i)? {
            b'{' => member(text, i, token)?,
            b'[' => element(b, i, token.parse().ok()?)?,
            _ => return None,
        };
    }
    let end = skip_value(b, i)?;
    text.get(i..end)
}

/// The text of each element of the JSON array `text`, in one pass.
pub(super) fn elements(text: &str) -> Option<Vec<&str>> {
    let b = text.as_bytes();
    if b.first() != Some(&b'[') {
        return None;
    }
    let mut out = Vec::new();
    let mut i = space(b, 1);
    if b.get(i) == Some(&b']') {
        return Some(out);
    }
    loop {
        let end = skip_value(b, i)?;
        out.push(text.get(i..end)?);
        i = space(b, end);
        match b.get(i)? {
            b',' => i = space(b, i + 1),
            b']' => return Some(out),
            _ => return None,
        }
    }
}

/// The text of each member of the JSON object `text` by key, in one pass (of duplicate keys
/// the last, as Go and serde read them).
pub(super) fn members(text: &str) -> Option<std::collections::HashMap<String, &str>> {
    let mut out = std::collections::HashMap::new();
    each_member(text, 0, |name, start, end| {
        out.insert(name, &text[start..end]);
    })?;
    Some(out)
}

/// Where the value of the last member `key` of the object at `i` starts.
fn member(text: &str, i: usize, key: &str) -> Option<usize> {
    let mut found = None;
    each_member(text, i, |name, start, _| {
        if name == key {
            found = Some(start);
        }
    })?;
    found
}

/// Calls `each(name, start, end)` for each member of the object at `i` (its key unescaped,
/// where its value's text starts and ends), in order; `None` when the text is not an object.
fn each_member(text: &str, i: usize, mut each: impl FnMut(String, usize, usize)) -> Option<()> {
    let b = text.as_bytes();
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let mut i = space(b, i + 1);
    if b.get(i) == Some(&b'}') {
        return Some(());
    }
    loop {
        let key_end = skip_string(b, i)?;
        let name: String = serde_json::from_str(text.get(i..key_end)?).ok()?;
        i = space(b, key_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = space(b, i + 1);
        let end = skip_value(b, i)?;
        text.get(i..end)?;
        each(name, i, end);
        i = space(b, end);
        match b.get(i)? {
            b',' => i = space(b, i + 1),
            b'}' => return Some(()),
            _ => return None,
        }
    }
}

/// Where element `n` of the array at `i` starts.
fn element(b: &[u8], mut i: usize, n: usize) -> Option<usize> {
    i = space(b, i + 1);
    for _ in 0..n {
        if b.get(i) == Some(&b']') {
            return None;
        }
        i = space(b, skip_value(b, i)?);
        if b.get(i) != Some(&b',') {
            return None;
        }
        i = space(b, i + 1);
    }
    (b.get(i)? != &b']').then_some(i)
}

fn space(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The end of the string starting at `i`.
fn skip_string(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'"') {
        return None;
    }
    let mut j = i + 1;
    loop {
        match b.get(j)? {
            b'"' => return Some(j + 1),
            b'\\' => j += 2,
            _ => j += 1,
        }
    }
}

/// The end of the value starting at `i` (nested collections counted, strings skipped).
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => skip_string(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match b.get(j)? {
                    b'"' => {
                        j = skip_string(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while b
                .get(j)
                .is_some_and(|c| !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
            {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::value_at;

    fn at<'t>(text: &'t str, path: &[&str]) -> Option<&'t str> {
        let path: Vec<String> = path.iter().map(|s| (*s).to_owned()).collect();
        value_at(text, &path)
    }

    #[test]
    fn numbers_are_found_as_written() {
        let text = r#" {"a": {"enum": [1.0, "x,]}", {"b": [1]}, -1E+2 ]},
            "c\u0022d": 12345678901234567890, "a": {"enum": [2.50]}} trailing"#;
        // The last `a` counts, as in Go and serde.
        assert_eq!(at(text, &["a", "enum", "0"]), Some("2.50"));
        assert_eq!(at(text, &["c\"d"]), Some("12345678901234567890"));
        assert_eq!(at(text, &["a", "enum", "1"]), None);
        assert_eq!(at(text, &["x"]), None);
        assert_eq!(at(text, &[]), Some(&text[1..text.len() - 9]));
        let first = r#"{"enum": [1.0, "x,]}", {"b": [1]}, -1E+2 ]}"#;
        assert_eq!(at(first, &["enum", "3"]), Some("-1E+2"));
        assert_eq!(at(first, &["enum", "2", "b", "0"]), Some("1"));
        assert_eq!(at(first, &["enum", "4"]), None);
        let list = at(first, &["enum"]).and_then(super::elements);
        assert_eq!(list, Some(vec!["1.0", "\"x,]}\"", "{\"b\": [1]}", "-1E+2"]));
        assert_eq!(super::elements("[ ]"), Some(vec![]));
        let object = super::members(r#"{"a": 1.0, "b": [2], "a": 3e0}"#);
        assert_eq!(object.as_ref().and_then(|m| m.get("a")).copied(), Some("3e0"));
        assert_eq!(object.as_ref().and_then(|m| m.get("b")).copied(), Some("[2]"));
        // Text that is not JSON gives nothing rather than a wrong answer.
        assert_eq!(at(r#"{"a" 1}"#, &["a"]), None);
        assert_eq!(at(r#"{"a": 1"#, &["b"]), None);
    }
}
