//! Go's `net/url` as Helm's messages and functions show it: `url.Parse` (its checks and
//! errors), `URL.String()`, and `ResolveReference` (RFC 3986 §5.2 with Go's own path merge),
//! which the JSON-schema libraries use to resolve `$id` and `$ref`.

/// Go's `url.PathUnescape`-like decoding of `%XX` (invalid escapes are Go's error).
pub(crate) fn unescape(text: &str) -> Result<String, String> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .filter(|h| h.bytes().all(|c| c.is_ascii_hexdigit()));
            let Some(hex) = hex else {
                let bad: String = text[i..].chars().take(3).collect();
                return Err(format!("invalid URL escape {}", crate::go::quote(&bad)));
            };
            out.push(u8::from_str_radix(hex, 16).map_err(|e| e.to_string())?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// Percent-encodes every byte except the unreserved ones and `keep`.
pub(crate) fn escape(text: &str, keep: &str) -> String {
    let mut out = String::new();
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) || keep.as_bytes().contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The parts of a URL as Go's `url.Parse` splits it.
#[derive(Default, Debug, Clone, PartialEq)]
pub(crate) struct Url {
    pub(crate) scheme: String,
    pub(crate) opaque: String,
    /// The user information as `String()` writes it back (escaped again).
    pub(crate) user: Option<String>,
    pub(crate) host: String,
    /// Unescaped.
    pub(crate) path: String,
    pub(crate) query: String,
    /// Unescaped.
    pub(crate) fragment: String,
}

pub(crate) fn parse(raw: &str) -> Result<Url, String> {
    let err = |m: String| format!("parse {}: {m}", crate::go::quote(raw));
    if raw.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return Err(err("net/url: invalid control character in URL".into()));
    }
    let mut u = Url::default();
    let (rest, frag) = match raw.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (raw, None),
    };
    if let Some(f) = frag {
        u.fragment = unescape(f).map_err(err)?;
    }
    // Scheme: a letter, then letters, digits, `+`, `-`, `.`, up to `:`.
    let mut rest = rest;
    if let Some(i) = rest.find(':') {
        let cand = &rest[..i];
        let valid = cand.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && cand
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        if valid {
            u.scheme = cand.to_ascii_lowercase();
            rest = &rest[i + 1..];
        } else if i == 0 {
            return Err(err("missing protocol scheme".into()));
        }
    }
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, q),
        None => (rest, ""),
    };
    u.query = query.to_string();
    if !rest.starts_with('/') {
        if !u.scheme.is_empty() {
            u.opaque = rest.to_string();
            return Ok(u);
        }
        // A relative path's first segment cannot hold a colon (RFC 3986 §3.3).
        if rest.split('/').next().is_some_and(|seg| seg.contains(':')) {
            return Err(err("first path segment in URL cannot contain colon".into()));
        }
    }
    let mut rest = rest;
    if (!u.scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
        let after = &rest[2..];
        let end = after.find('/').unwrap_or(after.len());
        let authority = &after[..end];
        rest = &after[end..];
        let (user, host) = match authority.rsplit_once('@') {
            Some((user, host)) => (Some(user), host),
            None => (None, authority),
        };
        check_host(host).map_err(err)?;
        if let Some(user) = user {
            let valid = user
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._:~!$&'()*+,;=%@".contains(c));
            if !valid {
                return Err(err("net/url: invalid userinfo".into()));
            }
            // Kept as Go's `Userinfo.String()` gives it back: name and password unescaped,
            // then escaped again (`@`, `/`, `?`, `:` and what is not reserved).
            let (name, password) = match user.split_once(':') {
                Some((n, p)) => (n, Some(p)),
                None => (user, None),
            };
            let mut info = escape(&unescape(name).map_err(err)?, "$&+,;=");
            if let Some(p) = password {
                info.push(':');
                info.push_str(&escape(&unescape(p).map_err(err)?, "$&+,;="));
            }
            u.user = Some(info);
        }
        u.host = unescape(host).map_err(err)?;
    }
    u.path = unescape(rest).map_err(err)?;
    Ok(u)
}

/// Go's `parseHost` checks: an IP literal's closing `]`, and digits only after the port's
/// colon.
fn check_host(host: &str) -> Result<(), String> {
    let port = if host.starts_with('[') {
        match host.rfind(']') {
            Some(i) => &host[i + 1..],
            None => return Err("missing ']' in host".into()),
        }
    } else {
        host.rfind(':').map_or("", |i| &host[i..])
    };
    let valid = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|digits| digits.bytes().all(|b| b.is_ascii_digit()));
    if valid {
        Ok(())
    } else {
        Err(format!(
            "invalid port {} after host",
            crate::go::quote(port)
        ))
    }
}

/// `Hostname()`: the host without port or IPv6 brackets.
pub(crate) fn hostname(host: &str) -> String {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("").to_string();
    }
    match host.rfind(':') {
        Some(i) => host[..i].to_string(),
        None => host.to_string(),
    }
}

/// Go's `URL.String()`.
pub(crate) fn to_string(u: &Url) -> String {
    let mut out = String::new();
    if !u.scheme.is_empty() {
        out.push_str(&u.scheme);
        out.push(':');
    }
    if !u.opaque.is_empty() {
        out.push_str(&u.opaque);
    } else {
        if !u.scheme.is_empty() || !u.host.is_empty() || u.user.is_some() {
            if !u.host.is_empty() || !u.path.is_empty() || u.user.is_some() {
                out.push_str("//");
            }
            if let Some(user) = &u.user {
                out.push_str(user);
                out.push('@');
            }
            out.push_str(&escape(&u.host, "!$&'()*+,;=:[]%"));
        }
        let path = escape(&u.path, "$&+,/:;=@");
        if !path.is_empty() && !path.starts_with('/') && !u.host.is_empty() {
            out.push('/');
        }
        if out.is_empty() && path.split('/').next().is_some_and(|seg| seg.contains(':')) {
            out.push_str("./");
        }
        out.push_str(&path);
    }
    if !u.query.is_empty() {
        out.push('?');
        out.push_str(&u.query);
    }
    if !u.fragment.is_empty() {
        out.push('#');
        out.push_str(&escape(&u.fragment, "$&+,/:;=@!()*?"));
    }
    out
}

impl Url {
    /// `IsAbs()`: the URL has a scheme.
    pub(crate) fn is_abs(&self) -> bool {
        !self.scheme.is_empty()
    }

    /// Go's `ResolveReference`: `reference` read against `self`, as RFC 3986 §5.2 says, dot
    /// segments removed (`a/../b`), the result's path always rooted.
    pub(crate) fn resolve_reference(&self, reference: &Url) -> Url {
        let mut url = reference.clone();
        if reference.scheme.is_empty() {
            url.scheme.clone_from(&self.scheme);
        }
        if !reference.scheme.is_empty() || !reference.host.is_empty() || reference.user.is_some() {
            url.path = resolve_path(&reference.path, "");
            return url;
        }
        if !reference.opaque.is_empty() {
            url.user = None;
            url.host.clear();
            url.path.clear();
            return url;
        }
        if reference.path.is_empty() && reference.query.is_empty() {
            url.query.clone_from(&self.query);
            if reference.fragment.is_empty() {
                url.fragment.clone_from(&self.fragment);
            }
        }
        if reference.path.is_empty() && !self.opaque.is_empty() {
            url.opaque.clone_from(&self.opaque);
            url.user = None;
            url.host.clear();
            url.path.clear();
            return url;
        }
        url.host.clone_from(&self.host);
        url.user.clone_from(&self.user);
        url.path = resolve_path(&self.path, &reference.path);
        url
    }
}

impl std::fmt::Display for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&to_string(self))
    }
}

/// Go's `resolvePath`: `reference` merged with `base` (RFC 3986 §5.2.3), then its `.` and
/// `..` segments removed; the result starts with one `/` (empty stays empty).
fn resolve_path(base: &str, reference: &str) -> String {
    let full = if reference.is_empty() {
        base.to_owned()
    } else if !reference.starts_with('/') {
        let keep = base.rfind('/').map_or(0, |i| i + 1);
        format!("{}{reference}", &base[..keep])
    } else {
        reference.to_owned()
    };
    if full.is_empty() {
        return String::new();
    }
    let mut dst = String::from("/");
    let mut first = true;
    let mut last = "";
    for elem in full.split('/') {
        last = elem;
        match elem {
            "." => first = false,
            ".." => {
                let kept = dst[1..].rfind('/');
                match kept {
                    Some(i) => dst.truncate(i + 1),
                    None => {
                        dst.truncate(1);
                        first = true;
                    }
                }
            }
            _ => {
                if !first {
                    dst.push('/');
                }
                dst.push_str(elem);
                first = false;
            }
        }
    }
    if last == "." || last == ".." {
        dst.push('/');
    }
    if dst.as_bytes().get(1) == Some(&b'/') {
        dst.remove(0);
    }
    dst
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(base: &str, reference: &str) -> String {
        let (Ok(b), Ok(r)) = (parse(base), parse(reference)) else {
            return "parse error".into();
        };
        b.resolve_reference(&r).to_string()
    }

    // Cases from Go's net/url resolveReferenceTests (RFC 3986 §5.4 examples among them).
    #[test]
    fn references_resolve_as_go_resolves_them() {
        for (base, reference, want) in [
            ("http://foo.com?a=b", "https://bar.com/", "https://bar.com/"),
            (
                "http://foo.com/",
                "https://bar.com/?a=b",
                "https://bar.com/?a=b",
            ),
            (
                "http://foo.com/bar",
                "mailto:foo@example.com",
                "mailto:foo@example.com",
            ),
            ("http://foo.com/bar", "/baz", "http://foo.com/baz"),
            ("http://foo.com/bar?a=b#f", "/baz", "http://foo.com/baz"),
            (
                "http://foo.com/bar?a=b",
                "/baz?c=d",
                "http://foo.com/baz?c=d",
            ),
            ("http://foo.com", ".", "http://foo.com/"),
            ("http://foo.com/bar", ".", "http://foo.com/"),
            ("http://foo.com/bar/", ".", "http://foo.com/bar/"),
            ("http://foo.com", "..", "http://foo.com/"),
            ("http://foo.com/bar", "..", "http://foo.com/"),
            ("http://foo.com/bar/baz", "../", "http://foo.com/"),
            ("http://foo.com/bar/baz", "../..", "http://foo.com/"),
            (
                "http://foo.com/bar/baz",
                "../../../../..",
                "http://foo.com/",
            ),
            (
                "http://foo.com/bar/baz",
                "../../../../../quux",
                "http://foo.com/quux",
            ),
            ("http://foo.com/bar/baz", "..", "http://foo.com/"),
            (
                "http://foo.com/bar/baz/",
                "../quux",
                "http://foo.com/bar/quux",
            ),
            ("http://foo.com/dir/", "./", "http://foo.com/dir/"),
            ("http://foo.com/dir/", "../", "http://foo.com/"),
            ("http://a/b/c/d;p?q", "g", "http://a/b/c/g"),
            ("http://a/b/c/d;p?q", "./g", "http://a/b/c/g"),
            ("http://a/b/c/d;p?q", "g/", "http://a/b/c/g/"),
            ("http://a/b/c/d;p?q", "/g", "http://a/g"),
            ("http://a/b/c/d;p?q", "//g", "http://g"),
            ("http://a/b/c/d;p?q", "?y", "http://a/b/c/d;p?y"),
            ("http://a/b/c/d;p?q", "g?y", "http://a/b/c/g?y"),
            ("http://a/b/c/d;p?q", "#s", "http://a/b/c/d;p?q#s"),
            ("http://a/b/c/d;p?q", "g#s", "http://a/b/c/g#s"),
            ("http://a/b/c/d;p?q", "g?y#s", "http://a/b/c/g?y#s"),
            ("http://a/b/c/d;p?q", ";x", "http://a/b/c/;x"),
            ("http://a/b/c/d;p?q", "", "http://a/b/c/d;p?q"),
            ("http://a/b/c/d;p?q", "..", "http://a/b/"),
            ("http://a/b/c/d;p?q", "../g", "http://a/b/g"),
            ("http://a/b/c/d;p?q", "../..", "http://a/"),
            ("http://a/b/c/d;p?q", "../../g", "http://a/g"),
            ("http://a/b/c/d;p?q", "../../../g", "http://a/g"),
            ("http://a/b/c/d;p?q", "/./g", "http://a/g"),
            ("http://a/b/c/d;p?q", "g.", "http://a/b/c/g."),
            ("http://a/b/c/d;p?q", "g/../h", "http://a/b/c/h"),
            ("http://a/b/c/d;p?q", "g;x=1/../y", "http://a/b/c/y"),
            ("http://a/b/c/d;p?q", "http:g", "http:g"),
            ("https://a/b/c/d;p?q", "//g?q", "https://g?q"),
            ("https://a/b/c/d;p?q", "//g#s", "https://g#s"),
            (
                "https://a/b/c/d;p?q",
                "//g/d/e/f?y#s",
                "https://g/d/e/f?y#s",
            ),
            ("https://a/b/c/d;p#s", "?y", "https://a/b/c/d;p?y"),
            ("https://a/b/c/d;p?q#s", "?y", "https://a/b/c/d;p?y"),
            ("http://a/b/c/d", "//a//b", "http://a//b"),
            (
                "file:///values.schema.json",
                "other.json",
                "file:///other.json",
            ),
            ("", "other.json", "/other.json"),
            ("", "#/definitions/a", "#/definitions/a"),
        ] {
            assert_eq!(resolve(base, reference), want, "{base} + {reference}");
        }
    }
}
