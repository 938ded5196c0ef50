//! The template engine: a minijinja [`Environment`] set up to behave like Helm's Go templates.
//!
//! * Values print the way Go's template printer prints them (`true`, `1e+06`, nothing for a
//!   missing or null value, since Helm deletes `<no value>`), through one formatter.
//! * Helm and Sprig functions are installed under their Helm names, as filters (the piped value
//!   first: `Values.x | default("d")`) and as functions (Sprig's argument order:
//!   `default("d", Values.x)`). See [`funcs`].
//! * `include(h.macro, …)` and `include("file.yaml")` render a named macro or another template
//!   file to a string. Errors that pass through `include` lose their inner location, so that
//!   `fail` and `required` are reported at the outermost call in the file being rendered, as
//!   Helm reports them (helm-semantics.md §5.7).
//! * Templates are named as Helm names them (`<chart>/templates/<path>`); imports inside a chart
//!   are resolved against its `templates/` folder (`{% import "_helpers.tpl" as h %}`).

pub mod funcs;
pub(crate) mod gofuncs;
pub(crate) mod helpers;
pub mod limits;

use std::sync::Arc;

use minijinja::value::Value as MjValue;
use minijinja::{Environment, UndefinedBehavior};

use crate::chart::Chart;
use crate::error::{Error, Result};
use crate::value::Value;

/// Marks an error raised by `fail` or `required`, so it is reported as Helm's
/// `execution error at (file:line:col): message`.
#[derive(Debug)]
pub(crate) struct HelmFail(pub String);

impl std::fmt::Display for HelmFail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for HelmFail {}

/// Converts a template value into a values-tree [`Value`], keeping floats and ints apart.
pub(crate) fn to_value(v: &MjValue) -> Value {
    if v.is_undefined() || v.is_none() {
        return Value::Null;
    }
    if let Some(s) = v.as_str() {
        return Value::String(s.to_owned());
    }
    if v.kind() == minijinja::value::ValueKind::Plain {
        if let Some(o) = v.downcast_object_ref::<gofuncs::GoObject>() {
            return o.to_values();
        }
    }
    serde::Deserialize::deserialize(v.clone()).unwrap_or(Value::Null)
}

/// Converts a values-tree [`Value`] into a template value.
pub(crate) fn from_value(v: &Value) -> MjValue {
    match v {
        Value::Null => MjValue::from(()),
        Value::Bool(b) => MjValue::from(*b),
        Value::Int(i) => MjValue::from(*i),
        Value::Float(f) => MjValue::from(*f),
        Value::String(s) => MjValue::from(s.as_str()),
        _ => MjValue::from_serialize(v),
    }
}

/// What every chart's environment shares: settings, the formatter and all functions and
/// filters, built once per process (installing Helm's ~230 functions twice costs a few hundred
/// microseconds; cloning an environment only shares its function tables).
fn base_environment() -> &'static Environment<'static> {
    static BASE: std::sync::OnceLock<Environment<'static>> = std::sync::OnceLock::new();
    BASE.get_or_init(|| {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Lenient);
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        env.set_keep_trailing_newline(true);
        env.set_recursion_limit(1000);
        env.set_fuel(Some(limits::FUEL_PER_RENDER));
        env.set_formatter(|out, _state, value| {
            if value.is_undefined() || value.is_none() {
                return Ok(());
            }
            if let Some(s) = value.as_str() {
                out.write_str(s)?;
                return Ok(());
            }
            // Objects with a Go `String` method (`.Capabilities.KubeVersion`) print through it.
            if let Some(kv) = value.downcast_object_ref::<crate::profile::KubeVersion>() {
                out.write_str(&kv.normalized)?;
                return Ok(());
            }
            // So do the Go objects Helm's functions return (a version, a time, a certificate).
            if let Some(o) = value.downcast_object_ref::<gofuncs::GoObject>() {
                out.write_str(&o.go_string())?;
                return Ok(());
            }
            out.write_str(&crate::yaml::go_string(&to_value(value)))?;
            Ok(())
        });
        // Helm's whole function map first; the dialect's own functions then replace the ones
        // it has.
        gofuncs::install(&mut env);
        funcs::install(&mut env);
        env
    })
}

/// Builds the environment for one chart: every template added under Helm's name, compiled once.
pub(crate) fn build_environment(chart: &Chart) -> Result<Environment<'static>> {
    let mut env = base_environment().clone();
    let base: Arc<str> = Arc::from(crate::chart::template_name(chart.name(), ""));
    let join_base = base.clone();
    env.set_path_join_callback(move |name, _parent| {
        if name.starts_with(&*join_base) {
            name.to_owned().into()
        } else {
            format!("{join_base}{name}").into()
        }
    });
    for t in &chart.templates {
        let name = format!("{base}{}", t.path);
        env.add_template_owned(name.clone(), String::clone(&t.source))
            .map_err(|e| syntax_error(&name, &e))?;
    }
    Ok(env)
}

fn syntax_error(name: &str, e: &minijinja::Error) -> Error {
    Error::TemplateSyntax {
        template: name.to_owned(),
        line: e.line().unwrap_or(0),
        message: e.detail().unwrap_or("syntax error").to_owned(),
        source_line: None,
    }
}

/// Turns a minijinja render error into an orochart error, in Helm's words where Helm has them.
pub(crate) fn render_error(env: &Environment<'_>, template: &str, e: minijinja::Error) -> Error {
    let name = e.name().unwrap_or(template).to_owned();
    let line = e.line().unwrap_or(0);
    if let Some(fail) = find_fail(&e) {
        let column = match (e.range(), env.get_template(&name)) {
            (Some(range), Ok(t)) => {
                let src = t.source();
                let start = range.start.min(src.len());
                let line_start = src
                    .get(..start)
                    .and_then(|head| head.rfind('\n'))
                    .map_or(0, |i| i + 1);
                start - line_start
            }
            _ => 0,
        };
        return Error::Fail {
            template: name,
            line,
            column,
            message: fail.0.clone(),
            source_line: None,
        };
    }
    if e.kind() == minijinja::ErrorKind::SyntaxError {
        return syntax_error(&name, &e);
    }
    if e.kind() == minijinja::ErrorKind::OutOfFuel {
        return Error::Template {
            template: name,
            line,
            message: format!(
                "the template took more than {} steps (orochart's limit: a loop that never ends, or one far too long for a chart?)",
                limits::FUEL_PER_RENDER
            ),
            source_line: None,
        };
    }
    let mut message = e
        .detail()
        .map_or_else(|| e.kind().to_string(), str::to_owned);
    if e.kind() == minijinja::ErrorKind::UndefinedError && e.detail().is_none() {
        message = "undefined value (a key on a missing value; use `default` or check it first)"
            .to_owned();
    }
    // Errors re-raised by `include` keep the original as their source: show the innermost.
    let mut inner: Option<&dyn std::error::Error> = std::error::Error::source(&e);
    while let Some(src) = inner {
        if let Some(me) = src.downcast_ref::<minijinja::Error>() {
            if let (Some(n), Some(l)) = (me.name(), me.line()) {
                message = format!(
                    "{} (in {n}:{l})",
                    me.detail()
                        .map_or_else(|| me.kind().to_string(), str::to_owned)
                );
            }
        }
        inner = src.source();
    }
    Error::Template {
        template: name,
        line,
        message,
        source_line: None,
    }
}

fn find_fail(e: &minijinja::Error) -> Option<&HelmFail> {
    let mut cur: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = cur {
        if let Some(f) = err.downcast_ref::<HelmFail>() {
            return Some(f);
        }
        cur = err.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::render::{Capabilities, Release, Renderer};
    use crate::Chart;

    /// Renders one template of a minijinja-dialect chart with values given as YAML (numbers
    /// become floats, as from a file), as Helm 3.17 frames it; the first document's text.
    pub(super) fn render(template: &str, values: &str) -> Result<String, String> {
        let chart = Chart::from_files(
            "c",
            [
                ("Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\nannotations:\n  orochart.io/template-dialect: minijinja\n"),
                ("values.yaml", values),
                ("templates/t.yaml", template),
            ],
        )
        .map_err(|e| e.to_string())?;
        // Helm 3.17's framing: each document trimmed, as the expectations below are written.
        let r = Renderer::new(chart)
            .map_err(|e| e.to_string())?
            .with_helm(crate::profile::HelmVersion::V3_17);
        let values = r.chart().values.clone();
        let release = Release::new("r", "default").map_err(|e| e.to_string())?;
        let out = r
            .render(&values, &release, &Capabilities::default())
            .map_err(|e| e.to_string())?;
        Ok(out
            .manifests
            .first()
            .map(|m| m.text.clone())
            .unwrap_or_default())
    }

    /// Each case: a template expression (printed under `v: `) and what Helm 3.17 prints for the
    /// Go-template equivalent (helm-semantics.md §5.1, §5.4).
    #[test]
    fn helm_functions_print_what_helm_prints() {
        let values = "million: 1000000\nsmall: 0.00001\nflag: true\nempty: \"\"\nnothing: null\nlist: [1, two]\nmap: {b: 2, a: 1}\nbig: 9007199254740993\n";
        let cases: &[(&str, &str)] = &[
            ("{{ Values.million }}", "1e+06"),
            ("{{ Values.million | int }}", "1000000"),
            ("{{ Values.small }}", "1e-05"),
            ("{{ Values.flag }}", "true"),
            ("{{ Values.nothing }}", ""),
            ("{{ Values.missing }}", ""),
            ("{{ Values.list }}", "[1 two]"),
            ("{{ Values.map }}", "map[a:1 b:2]"),
            ("{{ Values.million | quote }}", "\"1e+06\""),
            ("{{ Values.missing | quote }}", ""),
            ("{{ quote('a\"b', 'c', 1) }}", "\"a\\\"b\" \"c\" \"1\""),
            ("{{ squote(\"it's\") }}", "'it's'"),
            ("{{ Values.empty | default('D') }}", "D"),
            ("{{ default('D', ' ') }}", " "),
            ("{{ default('D', '0') }}", "0"),
            ("{{ default('D', 0) }}", "D"),
            ("{{ coalesce(0, '', 'C') }}", "C"),
            ("{{ trunc(5, 'abcdefgh') }}", "abcde"),
            ("{{ trunc(-3, 'abcdefgh') }}", "fgh"),
            ("{{ trimSuffix('-', 'foo--') }}", "foo-"),
            ("{{ 'hello' | sha256sum }}", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"),
            ("{{ 'hello' | b64enc }}", "aGVsbG8="),
            ("{{ 'aGVsbG8=' | b64dec }}", "hello"),
            ("{{ int('42') }} {{ int(3.9) }} {{ int('3.0') }} {{ int('3.9') }} {{ int('abc') }} {{ int(none) }} {{ int(true) }}", "42 3 3 0 0 0 1"),
            ("{{ int('010') }} {{ int('0x10') }} {{ atoi('010') }}", "8 16 10"),
            ("{{ int64('1e3') }} {{ float64('1e3') }}", "0 1000"),
            ("{{ Values.big | int64 }}", "9007199254740992"),
            ("{{ toString(1.5) }} {{ toString(10) }} {{ toString([1, 2]) }}", "1.5 10 [1 2]"),
            ("{{ semverCompare('>=1.20-0', '1.25.3') }} {{ semverCompare('>=1.20', 'v1.25.3-gke.1') }} {{ semverCompare('^1.2', '1.3.0') }}", "true false true"),
            ("{{ hasKey(Values, 'nothing') }} {{ hasKey(Values, 'nope') }}", "true false"),
            ("{{ dict('b', 2, 'a', 1) }} {{ dict('a') }} {{ dict() }}", "map[a:1 b:2] map[a:<nil>] map[]"),
            ("{{ merge(dict('a', 1, 'n', dict('x', 1)), dict('a', 2, 'b', 3, 'n', dict('y', 2))) }}", "map[a:1 b:3 n:map[x:1 y:2]]"),
            ("{{ mergeOverwrite(dict('a', 1), dict('a', 2)) }}", "map[a:2]"),
            ("{{ splitList(',', 'a,b,,c') }}", "[a b  c]"),
            ("{{ split(',', 'a,b') }}", "map[_0:a _1:b]"),
            ("{{ until(3) }}", "[0 1 2]"),
            ("{{ abbrev(5, 'hello world') }}", "he..."),
            ("{{ lookup('v1', 'Namespace', '', 'default') }}", "map[]"),
            ("{{ printf('%s-%d', 'a', 5) }}", "a-5"),
            ("{{ printf('%d', Values.million) }}", "%!d(float64=1e+06)"),
            ("{{ has('two', Values.list) }} {{ Values.list | has(3) }}", "true false"),
            ("{{ list(3, 1, 2) | join('-') }}", "3-1-2"),
            ("{{ ['b', 'a'] | sortAlpha }}", "[a b]"),
            ("{{ keys(Values.map) | sortAlpha | join(',') }}", "a,b"),
            ("{{ append([1], 2) }}", "[1 2]"),
            ("{{ empty(Values.empty) }} {{ empty(' ') }}", "true false"),
            ("{{ ternary('foo', 'bar', true) }} {{ false | ternary('foo', 'bar') }}", "foo bar"),
            ("{{ regexMatch('^[a-z]+$', 'abc') }}", "true"),
            ("{{ 'Hello World' | lower }} {{ 'hello world' | upper }} {{ 'hello wORLD' | title }}", "hello world HELLO WORLD Hello WORLD"),
            ("{{ ' x ' | trim }}|{{ contains('ell', 'hello') }}|{{ hasPrefix('he', 'hello') }}|{{ hasSuffix('lo', 'hello') }}", "x|true|true|true"),
            ("{{ '1+2' | replace('+', '_') }}", "1_2"),
            ("{{ Values.map | toJson }}", "{\"a\":1,\"b\":2}"),
            ("{{ fromYaml('a: 1\\nb: [x]') | toJson }}", "{\"a\":1,\"b\":[\"x\"]}"),
            ("{{ fromJson('{\"a\": 1}') }}", "map[a:1]"),
            ("{{ kindOf(Values.million) }} {{ kindOf(1) }} {{ typeOf(Values.list) }}", "float64 int64 []interface {}"),
            ("{{ tpl('{{ Values.flag }}') }}", "true"),
            ("{{ Capabilities.KubeVersion }} {{ Capabilities.KubeVersion.Minor }}", "v1.37.0 37"),
            ("{{ Capabilities.APIVersions.Has('apps/v1') }} {{ 'apps/v1/Deployment' in Capabilities.APIVersions }}", "true false"),
        ];
        assert_prints(cases, values);
    }

    /// Renders each `(expression, what Helm prints)` case under `v:` with `values` and fails
    /// listing every case that printed something else.
    pub(super) fn assert_prints(cases: &[(&str, &str)], values: &str) {
        let mut failures = Vec::new();
        for (expr, want) in cases {
            // Brackets keep Helm's document trimming away from the value's own whitespace.
            let template = format!("v: |-\n  [{expr}]\n");
            match render(&template, values) {
                Ok(out) => {
                    let got = out
                        .strip_prefix("v: |-\n  [")
                        .and_then(|o| o.strip_suffix(']'))
                        .unwrap_or(&out);
                    if got != *want {
                        failures.push(format!("{expr}\n    want {want:?}\n    got  {got:?}"));
                    }
                }
                Err(e) => failures.push(format!("{expr}\n    error: {e}")),
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// The dialect's own functions run Helm's map's implementations, but keep the dialect's
    /// documented leniency: any value where Go takes a string (printed as Sprig's `strval`
    /// prints it, none as ""), any value where Go takes a number (read as spf13/cast reads it).
    /// The values the Go engine computes from those arguments are Helm's (Go's case mapping,
    /// Go's `ParseInt` for `int`): the right-hand sides are what `helm template` (3.17.2)
    /// prints for the Go-template call with the arguments already converted.
    #[test]
    fn the_dialects_functions_take_any_value_where_go_takes_a_string_or_a_number() {
        let values = "million: 1000000\nport: 8080\nnothing: null\n";
        let cases: &[(&str, &str)] = &[
            // `trunc 3 "8080"`, `trimSuffix "6" "1e+06"`, `upper ""`.
            ("{{ Values.port | trunc(3) }}", "808"),
            ("{{ Values.million | trimSuffix('6') }}", "1e+0"),
            ("{{ Values.nothing | upper }}|{{ upper(none) }}", "|"),
            // `trunc 2 "abc"`: a number given as a string, or as a float.
            ("{{ trunc('2', 'abc') }} {{ trunc(2.0, 'abc') }}", "ab ab"),
            ("{{ Values.port | replace('80', '9') }}", "99"),
            (
                "{{ contains('08', Values.port) }} {{ hasPrefix(8, Values.port) }}",
                "true true",
            ),
            (
                "{{ Values.port | b64enc }} {{ sha256sum(1) | trunc(8) }}",
                "ODA4MA== 6b86b273",
            ),
            ("{{ Values.port | indent(2) }}", "  8080"),
            // `upper "straße"` keeps the ß (Go's simple case mapping), in both engines.
            ("{{ 'straße' | upper }}", "STRAßE"),
            // `int "1_000"` is 1000 (base 0 reads Go's digit separators).
            (
                "{{ int('1_000') }} {{ '0x1F' | int }} {{ add('1_0', 1) }}",
                "1000 31 11",
            ),
            (
                "{{ printf('%5.1f|%-4d|%q', Values.million, 7, 'a') }}",
                "1000000.0|7   |\"a\"",
            ),
        ];
        assert_prints(cases, values);
        // Where the map's function takes a map or a list, the dialect is as strict as Go.
        let e = render("a: {{ keys('x') }}", "").err().unwrap_or_default();
        assert!(e.contains("error calling keys: wrong type for value; expected map[string]interface {}; got string"), "{e}");
    }

    #[test]
    fn nindent_pads_every_line_after_a_newline() {
        let out = render("a:\n  {{- 'x\\n\\ny\\n' | nindent(2) }}]", "").unwrap_or_default();
        assert_eq!(out, "a:\n  x\n  \n  y\n  ]");
    }

    #[test]
    fn required_and_fail_report_helms_location() {
        let e = render("a: {{ required('need x!', Values.x) }}", "").err();
        assert_eq!(
            e.as_deref(),
            Some("execution error at (c/templates/t.yaml:1:6): need x!")
        );
        let e = render("a: 1\n{{- fail('stop') }}", "").err();
        assert_eq!(
            e.as_deref(),
            Some("execution error at (c/templates/t.yaml:2:4): stop")
        );
        // `required` lets 0, false and [] through.
        assert!(render("a: {{ required('m', 0) }}{{ required('m', false) }}", "").is_ok());
    }

    #[test]
    fn no_value_text_is_deleted_from_rendered_files() {
        let out = render("a: \"x<no value>y\"", "").unwrap_or_default();
        assert_eq!(out, "a: \"xy\"");
    }
}
