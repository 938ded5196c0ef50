//! The dialect's side of Helm's function map: which of the map's functions it installs with
//! its own lenient arguments ([`LENIENT`]), text/template's `printf`, `print` and `println` over
//! the Go engine's one `fmt`, and the few functions the dialect keeps as its own, on purpose:
//!
//! * functions that hand template values back as they are (`default`, `ternary`, `coalesce`,
//!   `required`, `list`, `dict`, `append`, `prepend`, `has`, `first`, `last`, `rest`, `initial`,
//!   `get`, `pick`, `omit`, `values`, `uniq`, `compact`, `deepCopy`): going through the Go
//!   engine's values would turn a macro, `Capabilities` or a `namespace()` into plain data and
//!   copy every values subtree they pass along; and the dialect has always read a value that is
//!   not a list as a one-item list there, where Sprig fails;
//! * `merge` and `mergeOverwrite`, which return a new map (maps are values in minijinja);
//! * `fail` (Helm's error, located at the outermost call), `lookup` (always empty), and
//!   `include` and `tpl`, which need minijinja's state.
//!
//! Everything else is the Go engine's implementation ([`crate::gotpl::funcs`]) through
//! [`super::gofuncs`].

use std::collections::BTreeMap;

use minijinja::value::{Rest, Value as MjValue, ValueKind};
use minijinja::{Environment, Error as MjError, ErrorKind, State};

use super::limits;
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

/// The arguments as the Go values `fmt` prints (integers `int64`, as the dialect's are).
fn go_args(args: &[MjValue]) -> Vec<GoValue> {
    args.iter().map(super::gofuncs::to_go).collect()
}

fn s(v: impl Into<String>) -> MjValue {
    MjValue::from(v.into())
}

/// The functions the dialect had before it reached Helm's whole map, which are Helm's map's
/// own implementations with the dialect's lenient arguments
/// ([`super::gofuncs::install_lenient`]: any value where Go wants a string or a number).
pub(crate) const LENIENT: &[&str] = &[
    // Serialization.
    "toYaml",
    "toJson",
    "toPrettyJson",
    "toRawJson",
    "fromYaml",
    "fromJson",
    "fromYamlArray",
    "fromJsonArray",
    // Strings.
    "indent",
    "nindent",
    "quote",
    "squote",
    "cat",
    "trunc",
    "trimSuffix",
    "trimPrefix",
    "trim",
    "trimAll",
    "lower",
    "upper",
    "title",
    "replace",
    "contains",
    "hasPrefix",
    "hasSuffix",
    "repeat",
    "nospace",
    "substr",
    "abbrev",
    "b64enc",
    "b64dec",
    "sha256sum",
    "toString",
    "splitList",
    "split",
    "join",
    "sortAlpha",
    "regexMatch",
    "regexReplaceAll",
    "semverCompare",
    // Conversions and numbers.
    "int",
    "int64",
    "float64",
    "atoi",
    "add",
    "add1",
    "sub",
    "mul",
    "div",
    "mod",
    "max",
    "min",
    "until",
    "empty",
    "kindOf",
    "typeOf",
    "hasKey",
    "keys",
];

/// Installs the dialect's functions and filters: [`LENIENT`], Go's `printf`, `print` and
/// `println`, and the functions whose values stay minijinja's (below).
pub(crate) fn install(env: &mut Environment<'static>) {
    // Both forms; `pipe` filters take the piped value first, `func` functions Sprig's order.
    macro_rules! both {
        ($name:literal, $filter:expr, $func:expr) => {
            env.add_filter($name, $filter);
            env.add_function($name, $func);
        };
    }
    for name in LENIENT {
        super::gofuncs::install_lenient(env, name);
    }
    // text/template's builtins, over Go's one `fmt`.
    env.add_function("printf", |f: String, args: Rest<MjValue>| {
        crate::gotpl::fmt::sprintf(&f, &go_args(&args))
    });
    env.add_function("print", |args: Rest<MjValue>| {
        crate::gotpl::fmt::sprint(&go_args(&args))
    });
    env.add_function("println", |args: Rest<MjValue>| {
        crate::gotpl::fmt::sprintln(&go_args(&args))
    });

    // Logic and defaults.
    both!("default", default_filter, default_func);
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
    both!("values", values, values);
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
        if super::gofuncs::remote().cluster {
            return Err(minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                format!(
                    "error calling lookup: {}",
                    crate::gotpl::funcs::helm::LOOKUP_NEEDS_CLUSTER
                ),
            ));
        }
        Ok(MjValue::from(BTreeMap::<String, MjValue>::new()))
    });

    // Templates.
    env.add_function("include", include);
    env.add_function("tpl", tpl);
    env.add_filter("tpl", tpl);
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

fn values(map: MjValue) -> MjValue {
    match to_value(&map) {
        Value::Map(m) => from_value(&Value::List(m.into_values().collect())),
        _ => MjValue::from(Vec::<MjValue>::new()),
    }
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
        Some(name) => format!("include {}", crate::go::quote(name)),
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
                        crate::go::quote(name)
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
