//! Sprig's `urlParse` and `urlJoin`, as Go's `net/url` parses and prints a URL.

use std::collections::BTreeMap;

use crate::gotpl::func::{Ctx, FuncError};
use crate::gotpl::value::Value;

use super::conv::{s, string, FResult};

/// Go's `url.PathUnescape`-like decoding of `%XX` (invalid escapes are Go's error).
fn unescape(text: &str) -> Result<String, String> {
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
fn escape(text: &str, keep: &str) -> String {
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
#[derive(Default, Debug, PartialEq)]
struct Url {
    scheme: String,
    opaque: String,
    user: Option<String>,
    host: String,
    path: String,
    query: String,
    fragment: String,
}

fn parse(raw: &str) -> Result<Url, String> {
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
fn hostname(host: &str) -> String {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("").to_string();
    }
    match host.rfind(':') {
        Some(i) => host[..i].to_string(),
        None => host.to_string(),
    }
}

pub fn url_parse(_: &mut Ctx, a: &[Value]) -> FResult {
    let u = parse(s(a, 0)).map_err(|e| FuncError(format!("unable to parse url: {e}")))?;
    let mut m = BTreeMap::new();
    let mut put = |k: &str, v: &str| {
        m.insert(k.to_string(), Value::str(v));
    };
    put("scheme", &u.scheme);
    put("host", &u.host);
    put("hostname", &hostname(&u.host));
    put("path", &u.path);
    put("query", &u.query);
    put("opaque", &u.opaque);
    put("fragment", &u.fragment);
    put("userinfo", u.user.as_deref().unwrap_or(""));
    Ok(Value::dict(m))
}

/// Go's `URL.String()`.
fn to_string(u: &Url) -> String {
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

pub fn url_join(_: &mut Ctx, a: &[Value]) -> FResult {
    let Some(Value::Map(d)) = a.first() else {
        return string("");
    };
    let get = |k: &str| -> Result<String, FuncError> {
        match d.get(k) {
            None => Ok(String::new()),
            Some(Value::String(v)) => Ok(v.to_string()),
            Some(other) => Err(FuncError(format!(
                "unable to parse {k} key, must be of type string, but {} found",
                other.kind()
            ))),
        }
    };
    let userinfo = get("userinfo")?;
    let u = Url {
        scheme: get("scheme")?,
        host: get("host")?,
        path: get("path")?,
        query: get("query")?,
        opaque: get("opaque")?,
        fragment: get("fragment")?,
        user: (!userinfo.is_empty()).then_some(userinfo),
    };
    string(to_string(&u))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gotpl::fmt::to_string as show;

    // Expected text from `helm template` (v3.17.2).
    #[test]
    fn urls_match_helm() {
        let mut c = Ctx::new();
        let p = |c: &mut Ctx, u: &str| {
            url_parse(c, &[Value::str(u)])
                .map(|v| show(&v))
                .unwrap_or_default()
        };
        assert_eq!(
            p(&mut c, "https://u:p@host:8080/path?q=1#frag"),
            "map[fragment:frag host:host:8080 hostname:host opaque: path:/path query:q=1 scheme:https userinfo:u:p]"
        );
        assert_eq!(
            p(&mut c, "/rel?x"),
            "map[fragment: host: hostname: opaque: path:/rel query:x scheme: userinfo:]"
        );
        let j = |c: &mut Ctx, pairs: &[(&str, &str)]| {
            let m = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), Value::str(v)))
                .collect::<crate::gotpl::value::Entries>();
            url_join(c, &[Value::dict(m)])
                .map(|v| show(&v))
                .unwrap_or_default()
        };
        assert_eq!(
            j(
                &mut c,
                &[
                    ("scheme", "http"),
                    ("host", "h"),
                    ("path", "/p"),
                    ("query", "a=b")
                ]
            ),
            "http://h/p?a=b"
        );
        assert_eq!(
            j(
                &mut c,
                &[
                    ("host", "h"),
                    ("userinfo", "u:p"),
                    ("fragment", "f"),
                    ("opaque", "")
                ]
            ),
            "//u:p@h#f"
        );
    }

    // Go's url.Parse checks, as Helm 4.3 reports them.
    #[test]
    fn url_errors_and_userinfo_match_helm() {
        let mut c = Ctx::new();
        let parse = |c: &mut Ctx, u: &str| url_parse(c, &[Value::str(u)]);
        for (u, want) in [
            ("{\"a\":1}", "unable to parse url: parse \"{\\\"a\\\":1}\": first path segment in URL cannot contain colon"),
            ("http://h:8x/p", "unable to parse url: parse \"http://h:8x/p\": invalid port \":8x\" after host"),
            ("http://[::1/", "unable to parse url: parse \"http://[::1/\": missing ']' in host"),
            ("http://us er@h/", "unable to parse url: parse \"http://us er@h/\": net/url: invalid userinfo"),
        ] {
            let got = parse(&mut c, u).err().map(|e| e.0);
            assert_eq!(got.as_deref(), Some(want), "{u}");
        }
        let userinfo = |c: &mut Ctx, u: &str| match parse(c, u) {
            Ok(Value::Map(m)) => m.get("userinfo").map(|v| show(&v)),
            _ => None,
        };
        assert_eq!(userinfo(&mut c, "http://a@b@c/").as_deref(), Some("a%40b"));
        assert_eq!(
            userinfo(&mut c, "http://u!*:p$@h/").as_deref(),
            Some("u%21%2A:p$")
        );
    }
}
