//! Sprig's `urlParse` and `urlJoin`, as Go's `net/url` parses and prints a URL.

use std::collections::BTreeMap;

use crate::gotpl::func::{Ctx, FuncError};
use crate::gotpl::value::Value;

use super::conv::{s, string, FResult};
use crate::go::url::{hostname, parse, to_string, Url};

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
