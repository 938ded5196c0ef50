//! Helm and Sprig functions, with Helm's semantics, under Helm's names.
//!
//! Each function is installed twice where both forms make sense: as a filter, taking the piped
//! value first (`Values.x | default("d")`, like Go's `.Values.x | default "d"`), and as a
//! function taking Sprig's argument order (`default("d", Values.x)`). Results that Helm prints
//! as strings are strings; numbers Helm computes as `int64` are [`Value::Int`].

use std::collections::BTreeMap;

use minijinja::value::{Rest, Value as MjValue, ValueKind};
use minijinja::{Environment, Error as MjError, ErrorKind, State};
use sha2::Digest;

use super::limits;
use super::printf::{go_quote, sprint, sprintf};
use super::{from_value, to_value, HelmFail};
use crate::gotpl::Value as GoValue;
use crate::value::{Map, Value};
use crate::yaml::go_string;

type R = Result<MjValue, MjError>;

fn err(msg: impl Into<String>) -> MjError {
    MjError::new(ErrorKind::InvalidOperation, msg.into())
}

/// The text Go's template printer would show for a value (nil as `<nil>`, as `toString` does).
fn text(v: &MjValue) -> String {
    if let Some(s) = v.as_str() {
        return s.to_owned();
    }
    go_string(&to_value(v))
}

/// Helm's `strval`: strings as they are, nil as "", everything else printed.
fn strval(v: &MjValue) -> String {
    if v.is_undefined() || v.is_none() {
        return String::new();
    }
    text(v)
}

fn is_empty(v: &MjValue) -> bool {
    if v.is_undefined() || v.is_none() {
        return true;
    }
    to_value(v).is_empty_value()
}

/// The dialect's string argument (`strval`) as the Go engine's value.
fn go_str(v: &MjValue) -> GoValue {
    GoValue::from(strval(v))
}

/// Calls the one implementation of a Helm function, in the Go engine's function library
/// (see [`super::gofuncs::call_shared`]).
fn shared(name: &str, args: &[GoValue]) -> R {
    super::gofuncs::call_shared(name, args)
}

fn s(v: impl Into<String>) -> MjValue {
    MjValue::from(v.into())
}

/// Installs every function and filter into the environment.
pub(crate) fn install(env: &mut Environment<'static>) {
    // Both forms; `pipe` filters take the piped value first, `func` functions Sprig's order.
    macro_rules! both {
        ($name:literal, $filter:expr, $func:expr) => {
            env.add_filter($name, $filter);
            env.add_function($name, $func);
        };
    }

    // Serialization.
    both!("toYaml", to_yaml, to_yaml);
    both!("toJson", to_json, to_json);
    both!("toPrettyJson", to_pretty_json, to_pretty_json);
    both!("toRawJson", to_raw_json, to_raw_json);
    both!("fromYaml", from_yaml, from_yaml);
    both!("fromJson", from_json, from_json);
    both!("fromYamlArray", from_yaml_array, from_yaml_array);
    both!("fromJsonArray", from_json_array, from_json_array);

    // Strings.
    both!(
        "indent",
        |v: MjValue, n: i64| indent(n, &v),
        |n: i64, v: MjValue| indent(n, &v)
    );
    both!(
        "nindent",
        |v: MjValue, n: i64| indent_into(String::from("\n"), n, &v),
        |n: i64, v: MjValue| indent_into(String::from("\n"), n, &v)
    );
    both!("quote", quote_filter, quote);
    both!("squote", squote_filter, squote);
    both!(
        "trunc",
        |v: MjValue, n: i64| trunc(n, &strval(&v)),
        |n: i64, v: MjValue| trunc(n, &strval(&v))
    );
    both!(
        "trimSuffix",
        |v: MjValue, suf: String| trim_suffix(&suf, &strval(&v)),
        |suf: String, v: MjValue| trim_suffix(&suf, &strval(&v))
    );
    both!(
        "trimPrefix",
        |v: MjValue, pre: String| trim_prefix(&pre, &strval(&v)),
        |pre: String, v: MjValue| trim_prefix(&pre, &strval(&v))
    );
    both!(
        "trim",
        |v: MjValue| strval(&v).trim().to_owned(),
        |v: MjValue| strval(&v).trim().to_owned()
    );
    both!(
        "trimAll",
        |v: MjValue, cut: String| trim_all(&cut, &strval(&v)),
        |cut: String, v: MjValue| trim_all(&cut, &strval(&v))
    );
    both!(
        "lower",
        |v: MjValue| strval(&v).to_lowercase(),
        |v: MjValue| strval(&v).to_lowercase()
    );
    both!(
        "upper",
        |v: MjValue| strval(&v).to_uppercase(),
        |v: MjValue| strval(&v).to_uppercase()
    );
    both!(
        "title",
        |v: MjValue| title(&strval(&v)),
        |v: MjValue| title(&strval(&v))
    );
    both!(
        "replace",
        |v: MjValue, old: String, new: String| replace(&strval(&v), &old, &new),
        |old: String, new: String, v: MjValue| replace(&strval(&v), &old, &new)
    );
    both!(
        "contains",
        |v: MjValue, sub: String| strval(&v).contains(&sub),
        |sub: String, v: MjValue| strval(&v).contains(&sub)
    );
    both!(
        "hasPrefix",
        |v: MjValue, p: String| strval(&v).starts_with(&p),
        |p: String, v: MjValue| strval(&v).starts_with(&p)
    );
    both!(
        "hasSuffix",
        |v: MjValue, p: String| strval(&v).ends_with(&p),
        |p: String, v: MjValue| strval(&v).ends_with(&p)
    );
    both!(
        "repeat",
        |v: MjValue, n: i64| repeat(n, &v),
        |n: i64, v: MjValue| repeat(n, &v)
    );
    both!(
        "nospace",
        |v: MjValue| strval(&v).split_whitespace().collect::<String>(),
        |v: MjValue| strval(&v).split_whitespace().collect::<String>()
    );
    both!(
        "substr",
        |v: MjValue, a: i64, b: i64| substr(a, b, &strval(&v)),
        |a: i64, b: i64, v: MjValue| substr(a, b, &strval(&v))
    );
    both!("b64enc", b64enc, b64enc);
    both!("b64dec", b64dec, b64dec);
    both!("sha256sum", sha256sum, sha256sum);
    both!("toString", |v: MjValue| text(&v), |v: MjValue| text(&v));
    both!(
        "splitList",
        |v: MjValue, sep: String| split_list(&sep, &strval(&v)),
        |sep: String, v: MjValue| split_list(&sep, &strval(&v))
    );
    both!(
        "split",
        |v: MjValue, sep: String| split_map(&sep, &strval(&v)),
        |sep: String, v: MjValue| split_map(&sep, &strval(&v))
    );
    both!(
        "join",
        |v: MjValue, sep: String| join(&sep, &v),
        |sep: String, v: MjValue| join(&sep, &v)
    );
    both!(
        "regexMatch",
        |v: MjValue, re: String| regex_match(&re, &strval(&v)),
        |re: String, v: MjValue| regex_match(&re, &strval(&v))
    );
    both!(
        "regexReplaceAll",
        |v: MjValue, re: String, repl: String| regex_replace_all(&re, &strval(&v), &repl),
        |re: String, v: MjValue, repl: String| regex_replace_all(&re, &strval(&v), &repl)
    );
    both!(
        "abbrev",
        |v: MjValue, n: i64| abbrev(n, &strval(&v)),
        |n: i64, v: MjValue| abbrev(n, &strval(&v))
    );
    env.add_function("printf", |f: String, args: Rest<MjValue>| {
        let args: Vec<Value> = args.iter().map(to_value).collect();
        sprintf(&f, &args)
    });
    env.add_function("print", |args: Rest<MjValue>| {
        sprint(&args.iter().map(to_value).collect::<Vec<_>>())
    });
    env.add_function("println", |args: Rest<MjValue>| {
        let parts: Vec<String> = args.iter().map(|a| go_string(&to_value(a))).collect();
        format!("{}\n", parts.join(" "))
    });
    env.add_function("cat", |args: Rest<MjValue>| {
        args.iter()
            .filter(|a| !(a.is_none() || a.is_undefined()))
            .map(text)
            .collect::<Vec<_>>()
            .join(" ")
    });

    // Conversions and numbers.
    both!("int", to_int, to_int);
    both!("int64", to_int, to_int);
    both!("float64", to_float, to_float);
    both!("atoi", atoi, atoi);
    env.add_function("add", |args: Rest<MjValue>| {
        args.iter()
            .map(|a| int_of(&to_value(a)))
            .fold(0i64, i64::wrapping_add)
    });
    env.add_function("add1", |a: MjValue| int_of(&to_value(&a)).wrapping_add(1));
    env.add_function("sub", |a: MjValue, b: MjValue| {
        int_of(&to_value(&a)).wrapping_sub(int_of(&to_value(&b)))
    });
    env.add_function("mul", |args: Rest<MjValue>| {
        args.iter()
            .map(|a| int_of(&to_value(a)))
            .fold(1i64, i64::wrapping_mul)
    });
    env.add_function("div", |a: MjValue, b: MjValue| -> R {
        let d = int_of(&to_value(&b));
        if d == 0 {
            return Err(err(
                "error calling div: runtime error: integer divide by zero",
            ));
        }
        Ok(MjValue::from(int_of(&to_value(&a)).wrapping_div(d)))
    });
    env.add_function("mod", |a: MjValue, b: MjValue| -> R {
        let d = int_of(&to_value(&b));
        if d == 0 {
            return Err(err(
                "error calling mod: runtime error: integer divide by zero",
            ));
        }
        Ok(MjValue::from(int_of(&to_value(&a)).wrapping_rem(d)))
    });
    env.add_function("max", |args: Rest<MjValue>| {
        args.iter().map(|a| int_of(&to_value(a))).max().unwrap_or(0)
    });
    env.add_function("min", |args: Rest<MjValue>| {
        args.iter().map(|a| int_of(&to_value(a))).min().unwrap_or(0)
    });
    env.add_function("until", |n: i64| -> R {
        let len = limits::list_len("until", u128::try_from(n).unwrap_or(0))?;
        Ok(MjValue::from(
            (0..len as i64).map(MjValue::from).collect::<Vec<_>>(),
        ))
    });

    // Logic and defaults.
    both!("default", default_filter, default_func);
    both!("empty", |v: MjValue| is_empty(&v), |v: MjValue| is_empty(
        &v
    ));
    env.add_function("coalesce", |args: Rest<MjValue>| {
        args.iter()
            .find(|a| !is_empty(a))
            .cloned()
            .unwrap_or(MjValue::from(()))
    });
    env.add_filter(
        "ternary",
        |cond: MjValue, a: MjValue, b: MjValue| {
            if cond.is_true() {
                a
            } else {
                b
            }
        },
    );
    env.add_function(
        "ternary",
        |a: MjValue, b: MjValue, cond: MjValue| {
            if cond.is_true() {
                a
            } else {
                b
            }
        },
    );
    both!("required", required_filter, required_func);
    env.add_function("fail", |msg: MjValue| -> R {
        let m = strval(&msg);
        Err(MjError::new(ErrorKind::InvalidOperation, m.clone()).with_source(HelmFail(m)))
    });
    both!("kindOf", |v: MjValue| kind_of(&v), |v: MjValue| kind_of(&v));
    both!("typeOf", |v: MjValue| type_of(&v), |v: MjValue| type_of(&v));
    both!(
        "semverCompare",
        |v: MjValue, c: String| semver_compare(&c, &strval(&v)),
        |c: String, v: MjValue| semver_compare(&c, &strval(&v))
    );

    // Collections.
    env.add_function("list", |args: Rest<MjValue>| MjValue::from(args.0));
    env.add_function("dict", |args: Rest<MjValue>| {
        let mut m = BTreeMap::new();
        for pair in args.chunks(2) {
            let k = strval(&pair[0]);
            let v = pair.get(1).cloned().unwrap_or(MjValue::from(()));
            m.insert(k, v);
        }
        MjValue::from(m)
    });
    both!("append", append, append);
    both!("prepend", prepend, prepend);
    both!(
        "has",
        |list: MjValue, needle: MjValue| has(&needle, &list),
        |needle: MjValue, list: MjValue| has(&needle, &list)
    );
    both!("hasKey", has_key, has_key);
    both!("keys", keys, keys);
    both!("values", values, values);
    both!("sortAlpha", sort_alpha, sort_alpha);
    both!("uniq", uniq, uniq);
    both!("compact", compact, compact);
    both!("first", first, first);
    both!("last", last, last);
    both!("rest", rest, rest);
    both!("initial", initial, initial);
    both!("get", get, get);
    both!("pick", pick, pick);
    both!("omit", omit, omit);
    both!("deepCopy", |v: MjValue| v, |v: MjValue| v);
    env.add_function("merge", |args: Rest<MjValue>| merge(&args, false));
    env.add_function("mergeOverwrite", |args: Rest<MjValue>| merge(&args, true));
    env.add_filter("merge", |d: MjValue, args: Rest<MjValue>| {
        merge(&[vec![d], args.0].concat(), false)
    });
    env.add_filter("mergeOverwrite", |d: MjValue, args: Rest<MjValue>| {
        merge(&[vec![d], args.0].concat(), true)
    });
    env.add_function("lookup", |_args: Rest<MjValue>| {
        MjValue::from(BTreeMap::<String, MjValue>::new())
    });

    // Templates.
    env.add_function("include", include);
    env.add_function("tpl", tpl);
    env.add_filter("tpl", tpl);
}

/// Sprig's `repeat`, within [`limits::MAX_STRING_LEN`].
fn repeat(n: i64, v: &MjValue) -> R {
    let s = strval(v);
    let count = u128::try_from(n).unwrap_or(0);
    limits::string_len("repeat", count * s.len() as u128)?;
    Ok(MjValue::from(s.repeat(count as usize)))
}

/// `strings.Replace(s, old, new, -1)`, within [`limits::MAX_STRING_LEN`].
fn replace(s: &str, old: &str, new: &str) -> R {
    limits::string_len("replace", limits::replaced_len(s, old, new))?;
    Ok(MjValue::from(s.replace(old, new)))
}

fn to_yaml(v: MjValue) -> String {
    crate::yaml::to_yaml(&to_value(&v)).unwrap_or_default()
}

fn to_json(v: MjValue) -> String {
    crate::yaml::to_json(&to_value(&v)).unwrap_or_default()
}

fn to_pretty_json(v: MjValue) -> String {
    crate::yaml::to_pretty_json(&to_value(&v)).unwrap_or_default()
}

/// Unlike `toJson` (which prints nothing), Helm's `toRawJson` fails on NaN and infinities.
fn to_raw_json(v: MjValue) -> R {
    let v = to_value(&v);
    match crate::yaml::to_raw_json(&v) {
        Some(s) => Ok(MjValue::from(s)),
        None => Err(err(format!(
            "error calling toRawJson: json: unsupported value: {}",
            first_non_finite(&v).map_or_else(|| "NaN".to_owned(), crate::yaml::format_float)
        ))),
    }
}

/// The first NaN or infinity in the order Go's JSON encoder meets it (map keys sorted).
fn first_non_finite(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) if !f.is_finite() => Some(*f),
        Value::List(l) => l.iter().find_map(first_non_finite),
        Value::Map(m) => m.values().find_map(first_non_finite),
        _ => None,
    }
}

/// Helm's `fromYaml`: a map, or `{Error: …}` when the text is not a YAML mapping.
fn from_yaml(v: MjValue) -> MjValue {
    match crate::values::parse_yaml_document(&strval(&v), "fromYaml", true) {
        Ok(Value::Map(m)) => from_value(&Value::Map(m)),
        Ok(Value::Null) => from_value(&Value::Map(Map::new())),
        Ok(other) => error_map(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            other.json_kind()
        )),
        Err(e) => error_map(e.to_string()),
    }
}

fn from_yaml_array(v: MjValue) -> MjValue {
    match crate::values::parse_yaml_document(&strval(&v), "fromYamlArray", true) {
        Ok(Value::List(l)) => from_value(&Value::List(l)),
        Ok(Value::Null) => from_value(&Value::List(Vec::new())),
        Ok(other) => MjValue::from(vec![MjValue::from(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type []interface {{}}",
            other.json_kind()
        ))]),
        Err(e) => MjValue::from(vec![MjValue::from(e.to_string())]),
    }
}

fn from_json(v: MjValue) -> MjValue {
    match serde_json::from_str::<Value>(&strval(&v)) {
        Ok(Value::Map(m)) => from_value(&Value::Map(
            json_floats(Value::Map(m))
                .as_map()
                .cloned()
                .unwrap_or_default(),
        )),
        Ok(other) => error_map(format!(
            "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            other.json_kind()
        )),
        Err(e) => error_map(e.to_string()),
    }
}

fn from_json_array(v: MjValue) -> MjValue {
    match serde_json::from_str::<Value>(&strval(&v)) {
        Ok(Value::List(l)) => from_value(&json_floats(Value::List(l))),
        Ok(other) => MjValue::from(vec![MjValue::from(format!(
            "json: cannot unmarshal {} into Go value of type []interface {{}}",
            other.json_kind()
        ))]),
        Err(e) => MjValue::from(vec![MjValue::from(e.to_string())]),
    }
}

/// Go decodes every JSON number into `float64`.
fn json_floats(v: Value) -> Value {
    match v {
        Value::Int(i) => Value::Float(i as f64),
        Value::List(l) => Value::List(l.into_iter().map(json_floats).collect()),
        Value::Map(m) => Value::Map(m.into_iter().map(|(k, v)| (k, json_floats(v))).collect()),
        other => other,
    }
}

fn error_map(msg: String) -> MjValue {
    let mut m = BTreeMap::new();
    m.insert("Error".to_owned(), MjValue::from(msg));
    MjValue::from(m)
}

/// Sprig's `indent`: pad the first line and every line after a `\n`, empty lines included.
fn indent(n: i64, v: &MjValue) -> R {
    indent_into(String::new(), n, v)
}

/// Appends `v` to `out` with every line (empty ones too) prefixed by `n` spaces.
fn indent_into(out: String, n: i64, v: &MjValue) -> R {
    let text = match v.as_str() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(strval(v)),
    };
    limits::string_len("indent", limits::indented_len(n, &text))?;
    Ok(MjValue::from(indent_str(out, n, &text)))
}

/// Appends `text` to `out` with every line (empty ones too) prefixed by `n` spaces.
pub(crate) fn indent_str(mut out: String, n: i64, text: &str) -> String {
    let pad = usize::try_from(n).unwrap_or(0);
    out.reserve(text.len() + pad * (1 + text.len() / 16));
    crate::yaml::push_spaces(&mut out, pad);
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()) {
        out.push_str(&text[start..=end]);
        crate::yaml::push_spaces(&mut out, pad);
        start = end + 1;
    }
    out.push_str(&text[start..]);
    out
}

fn quote_parts(args: &[MjValue]) -> String {
    args.iter()
        .filter(|a| !(a.is_none() || a.is_undefined()))
        .map(|a| go_quote(&text(a)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn quote_filter(v: MjValue, more: Rest<MjValue>) -> String {
    quote_parts(&[vec![v], more.0].concat())
}

fn quote(args: Rest<MjValue>) -> String {
    quote_parts(&args)
}

fn squote_parts(args: &[MjValue]) -> String {
    args.iter()
        .filter(|a| !(a.is_none() || a.is_undefined()))
        .map(|a| format!("'{}'", text(a)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn squote_filter(v: MjValue, more: Rest<MjValue>) -> String {
    squote_parts(&[vec![v], more.0].concat())
}

fn squote(args: Rest<MjValue>) -> String {
    squote_parts(&args)
}

/// Sprig's `trunc`, on bytes as Go slices strings (never splitting a character here).
pub(crate) fn trunc(n: i64, s: &str) -> String {
    let len = s.len() as i64;
    let cut = |i: usize| {
        let mut i = i.min(s.len());
        while !s.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    if n < 0 && len + n > 0 {
        let start = cut(usize::try_from(len + n).unwrap_or(0));
        return s[start..].to_owned();
    }
    if n >= 0 && len > n {
        return s[..cut(usize::try_from(n).unwrap_or(0))].to_owned();
    }
    s.to_owned()
}

pub(crate) fn trim_suffix(suf: &str, s: &str) -> String {
    s.strip_suffix(suf).unwrap_or(s).to_owned()
}

pub(crate) fn trim_prefix(pre: &str, s: &str) -> String {
    s.strip_prefix(pre).unwrap_or(s).to_owned()
}

fn trim_all(cut: &str, s: &str) -> R {
    shared("trimAll", &[GoValue::str(cut), GoValue::str(s)])
}

/// Go's `strings.Title`: upper-case the first letter of every word, leave the rest alone.
fn title(s: &str) -> R {
    shared("title", &[GoValue::str(s)])
}

fn substr(start: i64, end: i64, s: &str) -> String {
    let len = s.len() as i64;
    let (a, b) = if start < 0 {
        (0, end.min(len))
    } else if end < 0 || end > len {
        (start.min(len), len)
    } else {
        (start, end)
    };
    if a > b {
        return String::new();
    }
    s.get(usize::try_from(a).unwrap_or(0)..usize::try_from(b).unwrap_or(0))
        .unwrap_or("")
        .to_owned()
}

fn abbrev(n: i64, s: &str) -> String {
    if n < 4 || s.chars().count() as i64 <= n {
        return s.to_owned();
    }
    let keep: String = s
        .chars()
        .take(usize::try_from(n - 3).unwrap_or(0))
        .collect();
    format!("{keep}...")
}

fn b64enc(v: MjValue) -> R {
    shared("b64enc", &[go_str(&v)])
}

fn b64dec(v: MjValue) -> R {
    shared("b64dec", &[go_str(&v)])
}

fn sha256sum(v: MjValue) -> String {
    sha256_hex(&strval(&v))
}

/// Sprig's `sha256sum` of a string: the digest in lower-case hex.
pub(crate) fn sha256_hex(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for b in sha2::Sha256::digest(s.as_bytes()) {
        hex.push(char::from(HEX[usize::from(b >> 4)]));
        hex.push(char::from(HEX[usize::from(b & 15)]));
    }
    hex
}

fn split_list(sep: &str, s: &str) -> R {
    shared("splitList", &[GoValue::str(sep), GoValue::str(s)])
}

fn split_map(sep: &str, s: &str) -> R {
    shared("split", &[GoValue::str(sep), GoValue::str(s)])
}

fn list_items(v: &MjValue) -> Vec<MjValue> {
    match v.kind() {
        ValueKind::Seq | ValueKind::Iterable => {
            v.try_iter().map(|i| i.collect()).unwrap_or_default()
        }
        ValueKind::Undefined | ValueKind::None => Vec::new(),
        _ => vec![v.clone()],
    }
}

fn join(sep: &str, v: &MjValue) -> String {
    list_items(v)
        .iter()
        .filter(|a| !(a.is_none() || a.is_undefined()))
        .map(text)
        .collect::<Vec<_>>()
        .join(sep)
}

fn regex_match(re: &str, s: &str) -> R {
    shared("regexMatch", &[GoValue::str(re), GoValue::str(s)])
}

fn regex_replace_all(re: &str, s: &str, repl: &str) -> R {
    shared(
        "regexReplaceAll",
        &[GoValue::str(re), GoValue::str(s), GoValue::str(repl)],
    )
}

/// Sprig's `int`/`int64` (spf13/cast `ToInt64`): strings with base prefixes, floats truncated.
pub(crate) fn int_of(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        Value::Float(f) if f.is_finite() => *f as i64,
        Value::Bool(b) => i64::from(*b),
        Value::String(s) => parse_go_int(trim_zero_decimal(s)).unwrap_or(0),
        _ => 0,
    }
}

/// spf13/cast's `trimZeroDecimal`: `"3.0"` and `"3.00"` become `"3"`; `"3."` and `"3.5"` stay.
fn trim_zero_decimal(s: &str) -> &str {
    let mut found_zero = false;
    for (i, b) in s.bytes().enumerate().rev() {
        match b {
            b'.' if found_zero => return &s[..i],
            b'.' => return s,
            b'0' => found_zero = true,
            _ => return s,
        }
    }
    s
}

/// `strconv.ParseInt(s, 0, 64)`: `0x`, `0o`, `0b` and leading-`0` octal prefixes, underscores
/// only with a prefix.
fn parse_go_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(r) = lower.strip_prefix("0x") {
        (16, r.to_owned())
    } else if let Some(r) = lower.strip_prefix("0o") {
        (8, r.to_owned())
    } else if let Some(r) = lower.strip_prefix("0b") {
        (2, r.to_owned())
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower[1..].to_owned())
    } else {
        if lower.contains('_') {
            return None;
        }
        (10, lower.clone())
    };
    let digits = if radix == 10 {
        digits
    } else {
        digits.replace('_', "")
    };
    if digits.is_empty() {
        return None;
    }
    let n = i64::from_str_radix(&digits, radix).ok()?;
    Some(if neg { -n } else { n })
}

fn to_int(v: MjValue) -> i64 {
    int_of(&to_value(&v))
}

fn to_float(v: MjValue) -> f64 {
    match to_value(&v) {
        Value::Int(i) => i as f64,
        Value::Float(f) => f,
        Value::Bool(b) => f64::from(u8::from(b)),
        Value::String(s) => s.trim().parse::<f64>().unwrap_or(0.0),
        _ => 0.0,
    }
}

fn atoi(v: MjValue) -> R {
    shared("atoi", &[go_str(&v)])
}

fn default_filter(v: MjValue, d: MjValue) -> MjValue {
    if is_empty(&v) {
        d
    } else {
        v
    }
}

fn default_func(d: MjValue, v: Option<MjValue>) -> MjValue {
    match v {
        Some(v) if !is_empty(&v) => v,
        _ => d,
    }
}

/// Helm's `required`: fails for nil, missing and `""`; `0`, `false` and `[]` pass.
fn check_required(msg: &MjValue, v: MjValue) -> R {
    let missing = v.is_undefined() || v.is_none() || v.as_str() == Some("");
    if missing {
        let m = strval(msg);
        return Err(MjError::new(ErrorKind::InvalidOperation, m.clone()).with_source(HelmFail(m)));
    }
    Ok(v)
}

fn required_filter(v: MjValue, msg: MjValue) -> R {
    check_required(&msg, v)
}

fn required_func(msg: MjValue, v: Option<MjValue>) -> R {
    check_required(&msg, v.unwrap_or(MjValue::UNDEFINED))
}

fn kind_of(v: &MjValue) -> &'static str {
    if let Some(o) = v.downcast_object_ref::<super::gofuncs::GoObject>() {
        return o.to_go().kind();
    }
    match to_value(v) {
        Value::Null => "invalid",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int64",
        Value::Float(_) => "float64",
        Value::String(_) => "string",
        Value::List(_) => "slice",
        Value::Map(_) => "map",
    }
}

fn type_of(v: &MjValue) -> String {
    if let Some(o) = v.downcast_object_ref::<super::gofuncs::GoObject>() {
        return o.type_name();
    }
    crate::go::type_name(&to_value(v)).to_owned()
}

fn append(list: MjValue, v: MjValue) -> MjValue {
    let mut items = list_items(&list);
    items.push(v);
    MjValue::from(items)
}

fn prepend(list: MjValue, v: MjValue) -> MjValue {
    let mut items = vec![v];
    items.extend(list_items(&list));
    MjValue::from(items)
}

fn has(needle: &MjValue, list: &MjValue) -> bool {
    let n = to_value(needle);
    list_items(list).iter().any(|i| to_value(i) == n)
}

fn has_key(map: MjValue, key: String) -> bool {
    matches!(to_value(&map), Value::Map(m) if m.contains_key(&key))
}

fn keys(map: MjValue) -> MjValue {
    match to_value(&map) {
        Value::Map(m) => MjValue::from(
            m.keys()
                .map(|k| MjValue::from(k.as_str()))
                .collect::<Vec<_>>(),
        ),
        _ => MjValue::from(Vec::<MjValue>::new()),
    }
}

fn values(map: MjValue) -> MjValue {
    match to_value(&map) {
        Value::Map(m) => from_value(&Value::List(m.into_values().collect())),
        _ => MjValue::from(Vec::<MjValue>::new()),
    }
}

fn sort_alpha(list: MjValue) -> MjValue {
    let mut items: Vec<String> = list_items(&list).iter().map(strval).collect();
    items.sort();
    MjValue::from(items)
}

fn uniq(list: MjValue) -> MjValue {
    let mut seen: Vec<Value> = Vec::new();
    let mut out = Vec::new();
    for i in list_items(&list) {
        let v = to_value(&i);
        if !seen.contains(&v) {
            seen.push(v);
            out.push(i);
        }
    }
    MjValue::from(out)
}

fn compact(list: MjValue) -> MjValue {
    MjValue::from(
        list_items(&list)
            .into_iter()
            .filter(|i| !is_empty(i))
            .collect::<Vec<_>>(),
    )
}

fn first(list: MjValue) -> MjValue {
    list_items(&list)
        .into_iter()
        .next()
        .unwrap_or(MjValue::from(()))
}

fn last(list: MjValue) -> MjValue {
    list_items(&list)
        .into_iter()
        .last()
        .unwrap_or(MjValue::from(()))
}

fn rest(list: MjValue) -> MjValue {
    MjValue::from(list_items(&list).into_iter().skip(1).collect::<Vec<_>>())
}

fn initial(list: MjValue) -> MjValue {
    let mut items = list_items(&list);
    items.pop();
    MjValue::from(items)
}

fn get(map: MjValue, key: String) -> MjValue {
    match to_value(&map) {
        Value::Map(m) => m.get(&key).map_or(s(""), from_value),
        _ => s(""),
    }
}

fn pick(map: MjValue, keys: Rest<String>) -> MjValue {
    match to_value(&map) {
        Value::Map(m) => from_value(&Value::Map(
            m.into_iter().filter(|(k, _)| keys.contains(k)).collect(),
        )),
        _ => from_value(&Value::Map(Map::new())),
    }
}

fn omit(map: MjValue, keys: Rest<String>) -> MjValue {
    match to_value(&map) {
        Value::Map(m) => from_value(&Value::Map(
            m.into_iter().filter(|(k, _)| !keys.contains(k)).collect(),
        )),
        _ => from_value(&Value::Map(Map::new())),
    }
}

/// Sprig's `merge` (first map wins, deep) and `mergeOverwrite` (last wins, deep).
fn merge(maps: &[MjValue], overwrite: bool) -> MjValue {
    fn merge_into(dst: &mut Map, src: &Map, overwrite: bool) {
        for (k, v) in src {
            match (dst.get_mut(k), v) {
                (Some(Value::Map(d)), Value::Map(s)) => merge_into(d, s, overwrite),
                (Some(d), v) => {
                    if overwrite || d.is_empty_value() && !matches!(d, Value::Map(_)) {
                        if overwrite && v.is_empty_value() && !matches!(v, Value::Map(_)) {
                            continue;
                        }
                        *d = v.clone();
                    }
                }
                (None, v) => {
                    dst.insert(k.clone(), v.clone());
                }
            }
        }
    }
    let mut out = Map::new();
    for m in maps {
        if let Value::Map(src) = to_value(m) {
            merge_into(&mut out, &src, overwrite);
        }
    }
    from_value(&Value::Map(out))
}

/// Masterminds semver constraints, as Helm's `semverCompare` uses them.
fn semver_compare(constraint: &str, version: &str) -> R {
    shared(
        "semverCompare",
        &[GoValue::str(constraint), GoValue::str(version)],
    )
}

/// Re-raises an error from a nested call without its location, so that minijinja attributes
/// it to the call site in the calling template (Helm reports the outermost action).
fn relocate(e: MjError) -> MjError {
    let detail = e.detail().map(str::to_owned);
    let kind = e.kind();
    let msg = detail.unwrap_or_else(|| kind.to_string());
    MjError::new(kind, msg).with_source(e)
}

/// The context objects of the current render, for templates rendered by `include` and `tpl`.
pub(crate) fn current_context(state: &State) -> MjValue {
    let mut m = BTreeMap::new();
    for key in [
        "Values",
        "Release",
        "Chart",
        "Capabilities",
        "Template",
        "Files",
        "h",
    ] {
        if let Some(v) = state.lookup(key) {
            m.insert(key.to_owned(), v);
        }
    }
    MjValue::from(m)
}

/// `include(h.macro, args…)` calls a macro; `include("file.yaml")` renders another template
/// file of the chart (names relative to `templates/`, or Helm's full `chart/templates/…`).
fn include(state: &State, target: MjValue, args: Rest<MjValue>) -> R {
    let _level = limits::nest(|| match target.as_str() {
        Some(name) => format!("include {}", go_quote(name)),
        None => "include".to_owned(),
    })?;
    if let Some(name) = target.as_str() {
        let env = state.env();
        let tmpl = match env.get_template(name) {
            Ok(t) => t,
            Err(_) => {
                let base = state
                    .lookup("Template")
                    .and_then(|t| t.get_attr("BasePath").ok())
                    .map(|b| strval(&b))
                    .unwrap_or_default();
                env.get_template(&format!("{base}/{name}")).map_err(|_| {
                    err(format!(
                        "error calling include: template: no template {} associated with template \"gotpl\"",
                        go_quote(name)
                    ))
                })?
            }
        };
        let ctx = match args.first() {
            Some(c) => c.clone(),
            None => current_context(state),
        };
        limits::check_fuel()?;
        let done = tmpl.render_captured(ctx).map_err(relocate)?;
        limits::spend_fuel(done.state());
        return Ok(MjValue::from(done.into_output()));
    }
    target.call(state, &args).map_err(relocate)
}

/// `tpl(text)` renders a string as a template with the current context (or the given one).
fn tpl(state: &State, text: MjValue, ctx: Option<MjValue>) -> R {
    let _level = limits::nest(|| "tpl".to_owned())?;
    let source = strval(&text);
    let ctx = ctx.unwrap_or_else(|| current_context(state));
    limits::check_fuel()?;
    let tmpl = state.env().template_from_str(&source).map_err(relocate)?;
    let done = tmpl.render_captured(ctx).map_err(relocate)?;
    limits::spend_fuel(done.state());
    Ok(MjValue::from(done.into_output().replace("<no value>", "")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunc_matches_sprig() {
        assert_eq!(trunc(5, "abcdefgh"), "abcde");
        assert_eq!(trunc(50, "abc"), "abc");
        assert_eq!(trunc(-3, "abcdefgh"), "fgh");
        assert_eq!(trunc(0, "abc"), "");
    }

    #[test]
    fn int_parses_base_prefixes_like_cast() {
        for (s, n) in [
            ("42", 42),
            ("010", 8),
            ("0x10", 16),
            ("1_000", 0),
            ("abc", 0),
            (" 5", 0),
        ] {
            assert_eq!(int_of(&Value::from(s)), n, "int {s:?}");
        }
        assert_eq!(int_of(&Value::Float(3.9)), 3);
        assert_eq!(int_of(&Value::Bool(true)), 1);
        assert_eq!(int_of(&Value::Null), 0);
    }

    #[test]
    fn to_raw_json_fails_on_nan_where_to_json_prints_nothing() {
        let nan = from_value(&Value::Float(f64::NAN));
        assert_eq!(to_json(nan.clone()), "");
        let e = to_raw_json(nan)
            .err()
            .and_then(|e| e.detail().map(str::to_owned));
        assert_eq!(
            e.as_deref(),
            Some("error calling toRawJson: json: unsupported value: NaN")
        );
        let inf = from_value(&Value::List(vec![
            Value::Int(1),
            Value::Float(f64::INFINITY),
        ]));
        let e = to_raw_json(inf)
            .err()
            .and_then(|e| e.detail().map(str::to_owned));
        assert_eq!(
            e.as_deref(),
            Some("error calling toRawJson: json: unsupported value: +Inf")
        );
    }

    #[test]
    fn indent_pads_every_line_including_empty_ones() {
        let text = |r: R| r.ok().and_then(|v| v.as_str().map(str::to_owned));
        assert_eq!(
            text(indent(2, &MjValue::from("x\n\ny\n"))).as_deref(),
            Some("  x\n  \n  y\n  ")
        );
        assert_eq!(text(indent(3, &MjValue::from(""))).as_deref(), Some("   "));
    }

    #[test]
    fn title_upcases_words_without_lowering_the_rest() {
        let got = title("hello wORLD-x").ok();
        assert_eq!(
            got.as_ref().and_then(MjValue::as_str),
            Some("Hello WORLD-X")
        );
    }

    #[test]
    fn sha256sum_of_hello() {
        assert_eq!(
            sha256sum(MjValue::from("hello")),
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
    }

    #[test]
    fn merge_keeps_first_and_merge_overwrite_keeps_last() {
        let a = from_value(
            &serde_json::from_str::<Value>(r#"{"a":1,"n":{"x":1}}"#).unwrap_or_default(),
        );
        let b = from_value(
            &serde_json::from_str::<Value>(r#"{"a":2,"b":3,"n":{"y":2}}"#).unwrap_or_default(),
        );
        let m = to_value(&merge(&[a.clone(), b.clone()], false));
        assert_eq!(crate::yaml::go_string(&m), "map[a:1 b:3 n:map[x:1 y:2]]");
        let m = to_value(&merge(&[a, b], true));
        assert_eq!(crate::yaml::go_string(&m), "map[a:2 b:3 n:map[x:1 y:2]]");
    }
}
