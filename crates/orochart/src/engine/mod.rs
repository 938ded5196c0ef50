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
pub mod printf;

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

/// Builds the environment for one chart: every template added under Helm's name, compiled once.
pub(crate) fn build_environment(chart: &Chart) -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Lenient);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.set_keep_trailing_newline(true);
    env.set_recursion_limit(1000);
    env.set_formatter(|out, _state, value| {
        if value.is_undefined() || value.is_none() {
            return Ok(());
        }
        if let Some(s) = value.as_str() {
            out.write_str(s)?;
            return Ok(());
        }
        out.write_str(&crate::yaml::go_string(&to_value(value)))?;
        Ok(())
    });
    let base: Arc<str> = Arc::from(format!("{}/templates/", chart.name()));
    let join_base = base.clone();
    env.set_path_join_callback(move |name, _parent| {
        if name.starts_with(&*join_base) {
            name.to_owned().into()
        } else {
            format!("{join_base}{name}").into()
        }
    });
    funcs::install(&mut env);
    for t in &chart.templates {
        let name = format!("{base}{}", t.path);
        env.add_template_owned(name.clone(), t.source.clone())
            .map_err(|e| syntax_error(&name, &e))?;
    }
    Ok(env)
}

fn syntax_error(name: &str, e: &minijinja::Error) -> Error {
    Error::TemplateSyntax {
        template: name.to_owned(),
        line: e.line().unwrap_or(0),
        message: e.detail().unwrap_or("syntax error").to_owned(),
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
                let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
                start - line_start
            }
            _ => 0,
        };
        return Error::Fail {
            template: name,
            line,
            column,
            message: fail.0.clone(),
        };
    }
    if e.kind() == minijinja::ErrorKind::SyntaxError {
        return syntax_error(&name, &e);
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
