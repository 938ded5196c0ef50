//! Helm's template engine (`pkg/engine/engine.go`) over the Go template executor: every
//! template of the chart parsed into one set in Helm's order, each non-partial file executed
//! with the chart's top-level object as dot (`missingkey=zero`), and Helm's clean-up of parse
//! and execution errors (`parse error at (…)`, `execution error at (…)` for `fail` and
//! `required`, Go's own text for the rest).

use std::collections::BTreeMap;
use std::rc::Rc;

use super::exec::{Machine, Scope, Set, V};
use super::func::Ctx;
use super::helm;
use super::parse::parse;
use super::value::{Dict, MapType, Value};
use crate::error::{Error, Result};

/// Whether templates may call `name` (Go checks function names when it parses).
pub fn has_function(name: &str) -> bool {
    super::builtins::exists(name)
}

/// Options that differ between the Go versions Helm releases are built with.
#[derive(Debug, Clone, Copy)]
pub struct GoOptions {
    /// `range` over an integer (Go 1.24's text/template; Helm 3.17.2 is built with Go 1.23.7
    /// and rejects it: `range can't iterate over 3`).
    pub range_over_int: bool,
    /// Go's `%T` of `chartutil.Values` (`common.Values` in Helm 4), for `typeOf` and errors.
    pub values_type: &'static str,
}

impl Default for GoOptions {
    /// Helm 3.17.2's (Go 1.23).
    fn default() -> Self {
        GoOptions {
            range_over_int: false,
            values_type: "chartutil.Values",
        }
    }
}

/// A chart's templates, parsed once.
#[derive(Debug)]
pub struct HelmTemplates {
    set: Set,
    /// Template names in Helm's parse and execution order.
    order: Vec<String>,
}

/// Helm's `sortTemplates`: more path segments first, then reverse lexical order.
pub fn helm_order(names: &mut [String]) {
    names.sort_by(|a, b| {
        let (ca, cb) = (a.matches('/').count(), b.matches('/').count());
        cb.cmp(&ca).then_with(|| b.cmp(a))
    });
}

impl HelmTemplates {
    /// Parses `files` (full template names such as `chart/templates/a.yaml`, and sources) as
    /// Helm does: in its order, the first syntax error reported.
    pub fn parse(files: &[(String, &str)]) -> Result<HelmTemplates> {
        let mut order: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
        helm_order(&mut order);
        let sources: BTreeMap<&str, &str> = files.iter().map(|(n, s)| (n.as_str(), *s)).collect();
        let mut set = Set::default();
        for name in &order {
            let src = sources.get(name.as_str()).copied().unwrap_or("");
            let trees = parse(name, name, src, &has_function)
                .map_err(|e| parse_error(&e.to_string(), name))?;
            set.add(trees);
        }
        Ok(HelmTemplates { set, order })
    }

    /// Executes every non-partial template in Helm's order with `top` as dot (its `Template`
    /// entry set for each), and returns each one's output (with `<no value>` still in it).
    pub fn render(
        &self,
        top: &Dict,
        base_path: &str,
        opts: GoOptions,
    ) -> Result<Vec<(String, String)>> {
        self.render_each(&|_| Some((top.clone(), base_path.to_owned())), opts)
    }

    /// [`HelmTemplates::render`] for a chart with subcharts: `top_of(name)` gives each
    /// template its chart's top-level object and `BasePath` (`None`: not executed).
    pub fn render_each(
        &self,
        top_of: &dyn Fn(&str) -> Option<(Dict, String)>,
        opts: GoOptions,
    ) -> Result<Vec<(String, String)>> {
        let mut ctx = Ctx::new();
        let mut machine = Machine::new(&mut ctx, opts.values_type);
        machine.range_over_int = opts.range_over_int;
        let scope = Scope {
            set: &self.set,
            parent: None,
        };
        let mut out = Vec::new();
        for name in &self.order {
            let base = name.rsplit('/').next().unwrap_or(name);
            if base.starts_with('_') {
                continue;
            }
            let Some(tree) = self.set.get(name).cloned() else {
                continue;
            };
            let Some((top, base_path)) = top_of(name) else {
                continue;
            };
            let mut tv = BTreeMap::new();
            tv.insert("Name".to_owned(), Value::str(name));
            tv.insert("BasePath".to_owned(), Value::str(&base_path));
            top.insert("Template", Value::Map(Dict::from_map(tv, MapType::Values)));
            let mut text = String::new();
            machine
                .execute(&scope, tree, V::new(Value::Map(top.clone())), &mut text)
                .map_err(|e| exec_error(&e, name))?;
            out.push((name.clone(), text));
        }
        Ok(out)
    }
}

/// Executes a standalone template with no data (Helm's `--name-template`: `TemplateName`).
pub fn execute_text(name: &str, source: &str) -> Result<String> {
    let set = HelmTemplates::parse(&[(name.to_owned(), source)])?;
    let Some(tree) = set.set.get(name).cloned() else {
        return Ok(String::new());
    };
    let mut ctx = Ctx::new();
    let mut machine = Machine::new(&mut ctx, "chartutil.Values");
    let scope = Scope {
        set: &set.set,
        parent: None,
    };
    let mut text = String::new();
    machine
        .execute(&scope, tree, V::new(Value::Nil), &mut text)
        .map_err(|e| exec_error(&e, name))?;
    Ok(text)
}

/// The top-level object of one chart of a render (Helm's `recAllTpls`): its `.Values`
/// section, `.Chart` (with `IsRoot`), `.Files` and `.Subcharts` (the children's objects).
pub fn chart_object(
    values: Dict,
    release: &crate::Release,
    chart: &crate::chart::ChartMetadata,
    is_root: bool,
    caps: &Value,
    files: &crate::chart::Chart,
    subcharts: BTreeMap<String, Value>,
) -> Dict {
    let top = Dict::from_map(BTreeMap::new(), MapType::Values);
    top.insert(
        "Values",
        Value::Map(Dict {
            ty: MapType::Values,
            ..values
        }),
    );
    top.insert("Release", release_object(release));
    top.insert("Chart", helm::chart_with(chart, is_root));
    top.insert("Capabilities", caps.clone());
    let files: BTreeMap<String, Rc<[u8]>> = files
        .files
        .iter()
        .map(|(p, b)| (p.clone(), Rc::from(b.as_slice())))
        .collect();
    top.insert("Files", Value::Object(Rc::new(helm::Files::new(files))));
    top.insert("Subcharts", Value::dict(subcharts));
    top
}

/// `.Release`.
fn release_object(release: &crate::Release) -> Value {
    let mut rel = BTreeMap::new();
    rel.insert("Name".to_owned(), Value::str(&release.name));
    rel.insert("Namespace".to_owned(), Value::str(&release.namespace));
    rel.insert("IsUpgrade".to_owned(), Value::Bool(release.is_upgrade));
    rel.insert("IsInstall".to_owned(), Value::Bool(!release.is_upgrade));
    rel.insert("Revision".to_owned(), Value::Int(release.revision));
    rel.insert("Service".to_owned(), Value::str("Helm"));
    Value::dict(rel)
}

/// The top-level object of a root chart: `.Values`, `.Release`, `.Chart`, `.Capabilities`,
/// `.Files`, `.Subcharts` (a `chartutil.Values`, shared by all its templates).
pub fn top_object(
    values: &crate::Map,
    release: &crate::Release,
    chart: &crate::chart::ChartMetadata,
    caps: &crate::Capabilities,
) -> Dict {
    let mut vals = match Value::from_values(&crate::Value::Map(values.clone())) {
        Value::Map(m) => m,
        _ => Dict::new(),
    };
    vals.ty = MapType::Values;
    let mut rel = BTreeMap::new();
    rel.insert("Name".to_owned(), Value::str(&release.name));
    rel.insert("Namespace".to_owned(), Value::str(&release.namespace));
    rel.insert("IsUpgrade".to_owned(), Value::Bool(release.is_upgrade));
    rel.insert("IsInstall".to_owned(), Value::Bool(!release.is_upgrade));
    rel.insert("Revision".to_owned(), Value::Int(release.revision));
    rel.insert("Service".to_owned(), Value::str("Helm"));
    let top = Dict::from_map(BTreeMap::new(), MapType::Values);
    top.insert("Values", Value::Map(vals));
    top.insert("Release", Value::dict(rel));
    top.insert("Chart", helm::chart(chart));
    top.insert("Capabilities", helm::capabilities(caps, &helm::HELM_3_17_2));
    top.insert(
        "Files",
        Value::Object(Rc::new(helm::Files::new(BTreeMap::new()))),
    );
    top.insert("Subcharts", Value::dict(BTreeMap::new()));
    top
}

/// Helm's `cleanupParseError`: the location is the second `: `-separated token, the message
/// the last.
fn parse_error(go: &str, file: &str) -> Error {
    let tokens: Vec<&str> = go.split(": ").collect();
    if tokens.len() == 1 {
        return Error::Template {
            template: file.to_owned(),
            line: 0,
            message: go.to_owned(),
        };
    }
    let location = tokens.get(1).copied().unwrap_or("");
    let message = tokens.last().copied().unwrap_or("");
    let (template, line) = match location.rsplit_once(':') {
        Some((t, l)) => (t.to_owned(), l.parse().unwrap_or(0)),
        None => (location.to_owned(), 0),
    };
    Error::TemplateSyntax {
        template,
        line,
        message: message.to_owned(),
    }
}

/// Helm's `cleanupExecError`: `fail` and `required` become `execution error at (loc): msg`;
/// other errors keep Go's text.
fn exec_error(go: &str, file: &str) -> Error {
    let tokens: Vec<&str> = go.splitn(3, ": ").collect();
    if tokens.len() != 3 {
        return Error::GoTemplate {
            template: file.to_owned(),
            message: format!("execution error in ({file}): {go}"),
        };
    }
    let location = tokens[1];
    let start = tokens[2].find(super::builtins::WARN_START);
    let end = tokens[2].rfind(super::builtins::WARN_END);
    if let (Some(s), Some(e)) = (start, end) {
        let from = s + super::builtins::WARN_START.len();
        if from <= e {
            let mut parts = location.rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
            let line = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
            let template = parts.next().unwrap_or(file).to_owned();
            return Error::Fail {
                template,
                line,
                column,
                message: tokens[2][from..e].to_owned(),
            };
        }
    }
    Error::GoTemplate {
        template: file.to_owned(),
        message: go.to_owned(),
    }
}
