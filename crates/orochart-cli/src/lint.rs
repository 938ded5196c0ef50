//! `orochart lint`: every problem with a release's values and manifests, reported at once.
//!
//! Errors (exit 1):
//! - the values against the chart's typed values (built-in chart) or its `values.schema.json`,
//!   per layer with file, line and suggestions, then the final (coalesced) values against the
//!   whole schema, as Helm validates them;
//! - the render itself;
//! - with `--schema-dir`, every rendered manifest against the JSON schema of its kind and
//!   apiVersion, each problem with its document (template, kind and name) and JSON path.
//!
//! Warnings (exit 0 unless `--strict`), where Helm's semantics would surprise the author:
//! - a YAML 1.1 boolean word (`y`, `yes`, `on`, `n`, `no`, `off` in lower, title or upper
//!   case) written unquoted as a value: where a string is also accepted (Helm reads the
//!   boolean, the chart prints `false`), where only a boolean is (YAML 1.2 tools, such as
//!   editors checking `values.schema.json`, read a string), and where the chart has no schema
//!   (a template prints `true`/`false`). Where only a string is accepted it is an error of the
//!   schema check, with the same explanation;
//! - a key such as `ON` that YAML 1.1 reads as a boolean, so the key becomes `true`;
//! - a number from a values file of 1,000,000 or more (or below 0.0001): Helm reads it as a
//!   float64 and templates print it in exponent form (`1e+06`).

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use clap::Args;
use orochart::value::PathSegment;
use orochart::{KeyPath, Manifest, Map, Origin, Origins, Release, Value};
use serde_json::Value as Json;

use crate::render::{load_chart, read_file, target, ChartFlags};
use crate::Failure;

/// Examples shown by `orochart lint --help`.
pub const EXAMPLES: &str = "\
Examples:
  # Check a service's values against the built-in chart and its manifests against schemas
  # (`schemas/` of the orochart repository: the built-in chart's kinds; see its README)
  orochart lint microservice-identity -f values.yaml --schema-dir schemas

  # A chart folder, with the values of one environment; warnings fail too
  orochart lint my-release ./charts/my-chart -f values.yaml -f values-prod.yaml --strict

Schema folder layout (kubeconform's file names, searched recursively; `*strict` folders win
over others, `crds` folders lose; tools/make-schemas writes more):
  kubernetes/v1.33.0-standalone-strict/deployment-apps-v1.json   core: <kind>-<group prefix>-<version>.json
  crds-strict/rollout-argoproj.io-v1alpha1.json                  CRDs: <kind>-<group>-<version>.json";

/// The flags of `orochart lint` (the value and release flags of `orochart render`).
#[derive(Debug, Clone, Args)]
pub struct LintArgs {
    /// Chart, release and values, as for `orochart render`.
    #[command(flatten)]
    pub chart: ChartFlags,
    /// A folder of JSON schemas, one per kind and apiVersion, to validate every rendered
    /// manifest against.
    #[arg(long = "schema-dir", value_name = "DIR")]
    pub schema_dir: Option<PathBuf>,
    /// Fail (exit 1) on warnings too.
    #[arg(long = "strict")]
    pub strict: bool,
}

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Fails the lint.
    Error,
    /// Reported; fails only with `--strict`.
    Warning,
}

/// One problem: where (a values file position or a rendered document), which key, what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// `values.yaml:3:5`, `--set a=b`, or `orofi-application/templates/x.yaml: Kind `name``.
    pub at: String,
    /// The key or JSON path, when there is one.
    pub path: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.severity {
            Severity::Error => "error: ",
            Severity::Warning => "warning: ",
        })?;
        if !self.at.is_empty() {
            write!(f, "{}: ", self.at)?;
        }
        if let Some(p) = &self.path {
            write!(f, "`{p}`: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

impl Finding {
    fn from_problem(severity: Severity, p: &orochart::ValueProblem) -> Finding {
        Finding {
            severity,
            at: p.origin.as_ref().map(Origin::to_string).unwrap_or_default(),
            path: Some(p.path.to_string()),
            message: p.message.clone(),
            hint: p.hint.clone(),
        }
    }
}

/// Runs `orochart lint`: the report on stdout when there are no errors, else every finding
/// on stderr with exit 1.
pub fn run(a: &LintArgs) -> Result<String, Failure> {
    let schemas = match &a.schema_dir {
        Some(dir) => Some(SchemaIndex::load(dir)?),
        None => None,
    };
    let (findings, summary) = lint(a, schemas)?;
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings.len() - errors;
    let counts = format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    let mut body = String::new();
    for f in &findings {
        body.push_str(&format!("\n  {f}"));
    }
    if errors > 0 || (a.strict && warnings > 0) {
        return Err(Failure::Error(format!("lint found {counts}:{body}")));
    }
    Ok(format!("lint: {counts} ({summary}){body}\n"))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Everything lint checks; returns the findings and a one-line summary of what was checked.
fn lint(a: &LintArgs, mut schemas: Option<SchemaIndex>) -> Result<(Vec<Finding>, String), Failure> {
    let t = target(&a.chart.args);
    let chart = load_chart(&t)?;
    let helm = a.chart.helm()?;
    let options = a.chart.value_options(helm);
    let (user, origins) = orochart::values::merge_user_values(&options, &read_file)?;
    let mut findings = Vec::new();

    // 1. Values, layer by layer (origins and suggestions), then as Helm validates them.
    // The built-in chart's values.schema.json is its typed values (a test keeps it current).
    let mut problems = match &chart.schema {
        Some(schema) => orochart::schema::check(schema, &user, &origins),
        None => Vec::new(),
    };
    problems.sort();
    let reported: Vec<KeyPath> = problems.iter().map(|p| p.path.clone()).collect();
    findings.extend(
        problems
            .iter()
            .map(|p| Finding::from_problem(Severity::Error, p)),
    );
    let chart_values = chart.values_for(helm.profile());
    let values = orochart::values::coalesce(user.clone(), &chart_values);
    if let Some(schema) = &chart.schema {
        findings.extend(final_values_findings(schema, &values, &origins, &reported)?);
    }
    let mut warnings = value_warnings(&user, &origins, chart.schema.as_ref().map(|s| s.json()));
    warnings.sort_by(|a, b| a.0.cmp(&b.0));
    findings.extend(warnings.into_iter().map(|(_, f)| f));

    // 2. The render.
    let release = Release::new_for(helm, t.name.clone(), a.chart.namespace())?;
    let caps = a.chart.capabilities(helm)?;
    let chart_name = chart.name().to_owned();
    let rendered = a
        .chart
        .renderer(chart)
        .and_then(|r| r.with_helm(helm).render(&values, &release, &caps));
    let rendered = match rendered {
        Ok(r) => r,
        Err(e) => {
            findings.push(Finding {
                severity: Severity::Error,
                at: String::new(),
                path: None,
                message: format!("render failed: {e}"),
                hint: None,
            });
            return Ok((findings, format!("chart `{chart_name}` did not render")));
        }
    };

    // 3. Every manifest against its schema.
    let docs: Vec<&Manifest> = rendered.all().filter(|m| !m.kind.is_empty()).collect();
    let mut summary = format!(
        "release `{}`, chart `{chart_name}`, {}",
        release.name,
        plural(docs.len(), "manifest")
    );
    if let Some(index) = schemas.as_mut() {
        let mut validated = 0;
        for m in &docs {
            match index.validate(m)? {
                Some(mut f) => {
                    validated += 1;
                    findings.append(&mut f);
                }
                None => findings.push(Finding {
                    severity: Severity::Warning,
                    at: document(m),
                    path: None,
                    message: format!(
                        "no schema for kind `{}` apiVersion `{}` in `{}`",
                        m.kind,
                        m.api_version,
                        index.dir.display()
                    ),
                    hint: Some(format!("add `{}`", schema_file_names(m).join("` or `"))),
                }),
            }
        }
        summary.push_str(&format!(", {validated} validated against schemas"));
    }
    Ok((findings, summary))
}

// ---------------------------------------------------------------------------------------------
// Values

/// The final values against the whole schema (every keyword, as Helm's validator applies it),
/// skipping what the per-layer check already reported.
fn final_values_findings(
    schema: &Json,
    values: &Map,
    origins: &Origins,
    reported: &[KeyPath],
) -> Result<Vec<Finding>, Failure> {
    let validator = jsonschema::validator_for(schema)
        .map_err(|e| Failure::Error(format!("the chart's values.schema.json is invalid: {e}")))?;
    let instance = serde_json::to_value(values)
        .map_err(|e| Failure::Error(format!("values cannot be checked: {e}")))?;
    // Helm reads every values-file number as a float64 and its validator takes `3.0` for an
    // integer, as JSON Schema does.
    let instance = integral_floats_as_integers(instance);
    let mut out = Vec::new();
    for err in validator.iter_errors(&instance) {
        // A null in user values deletes the chart's default; it is never a type error.
        if err.instance.is_null() {
            continue;
        }
        for (path, message, hint) in describe(&err, schema, &instance) {
            let overlaps = reported.iter().any(|r| {
                r.segments().starts_with(path.segments())
                    || path.segments().starts_with(r.segments())
            });
            if overlaps {
                continue;
            }
            out.push(Finding {
                severity: Severity::Error,
                at: origin_of(origins, &path)
                    .map(|o| o.to_string())
                    .unwrap_or_else(|| "values".into()),
                path: Some(path.to_string()),
                message,
                hint,
            });
        }
    }
    Ok(out)
}

/// `3.0` → `3`, recursively.
fn integral_floats_as_integers(v: Json) -> Json {
    match v {
        Json::Number(n) if !n.is_i64() && !n.is_u64() => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Json::from(f as i64),
            _ => Json::Number(n),
        },
        Json::Array(a) => Json::Array(a.into_iter().map(integral_floats_as_integers).collect()),
        Json::Object(o) => Json::Object(
            o.into_iter()
                .map(|(k, v)| (k, integral_floats_as_integers(v)))
                .collect(),
        ),
        other => other,
    }
}

/// The origin of a path, or of its nearest ancestor that has one.
fn origin_of<'o>(origins: &'o Origins, path: &KeyPath) -> Option<&'o Origin> {
    let segs = path.segments();
    (0..=segs.len())
        .rev()
        .find_map(|n| origins.get(&key_path(&segs[..n])))
}

fn key_path(segs: &[PathSegment]) -> KeyPath {
    segs.iter().fold(KeyPath::root(), |p, s| match s {
        PathSegment::Key(k) => p.key(k),
        PathSegment::Index(i) => p.index(*i),
    })
}

/// Words go-yaml v2 reads as booleans besides `true`/`false` (YAML 1.1).
const YAML11_BOOLS: &[&str] = &[
    "y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "n", "N", "no", "No", "NO", "off", "Off",
    "OFF",
];

/// What the schema accepts where a YAML 1.1 boolean word (`no`, `on`, `y`, …) was written.
enum Yaml11Bool {
    /// A string or a boolean: the author likely meant the string.
    StringToo,
    /// Only a boolean: Helm reads what was meant, other YAML readers do not.
    BooleanOnly,
    /// No schema there (a chart without one, or a free-form value).
    Untyped,
}

/// Warnings where Helm's reading of a values file would surprise its author.
fn value_warnings(
    user: &Map,
    origins: &Origins,
    schema: Option<&Json>,
) -> Vec<((Origin, KeyPath), Finding)> {
    let mut sources = Sources::default();
    let mut out = Vec::new();
    let root = Value::Map(user.clone());
    walk_values(&root, &KeyPath::root(), &mut |path, v| {
        let Some(origin) = origins.get(path) else {
            return;
        };
        let from_file = origin.line > 0;
        let last = path.segments().last();
        // A key YAML 1.1 turned into a boolean: `ON:` is the key `true`.
        if let (true, Some(PathSegment::Key(k))) = (from_file, last) {
            if k == "true" || k == "false" {
                if let Some(tok) = sources.key_token(origin) {
                    if YAML11_BOOLS.contains(&tok.as_str()) {
                        out.push(warning(
                            origin,
                            path,
                            format!("the key `{tok}` is read as the boolean {k} (YAML 1.1), so the key is `{k}`"),
                            format!("quote it (\"{tok}\") to keep the key `{tok}`"),
                        ));
                    }
                }
            }
        }
        match v {
            Value::Bool(b) if from_file => {
                let types = schema.and_then(|s| types_at(s, path));
                let has = |t: &str| types.as_ref().is_some_and(|ts| ts.contains(t));
                // A string-only key already fails the schema check, with a YAML 1.1 hint; a
                // key of another type (a number) fails it too.
                let kind = match (&types, has("string"), has("boolean")) {
                    (None, _, _) => Yaml11Bool::Untyped,
                    (Some(_), true, true) => Yaml11Bool::StringToo,
                    (Some(_), false, true) => Yaml11Bool::BooleanOnly,
                    _ => return,
                };
                let is_item = matches!(last, Some(PathSegment::Index(_)));
                let Some(tok) = sources.value_token(origin, is_item) else {
                    return;
                };
                if !YAML11_BOOLS.contains(&tok.as_str()) {
                    return;
                }
                let (message, hint) = match kind {
                    Yaml11Bool::StringToo => (
                        format!("`{tok}` is read as the boolean {b} (YAML 1.1), where a string is expected; it renders as \"{b}\""),
                        format!("quote it (\"{tok}\") to keep the string"),
                    ),
                    Yaml11Bool::BooleanOnly => (
                        format!("`{tok}` is the boolean {b} only in YAML 1.1, as Helm reads it; YAML 1.2 tools (editors checking values.schema.json) read the string \"{tok}\""),
                        format!("write `{b}`"),
                    ),
                    Yaml11Bool::Untyped => (
                        format!("`{tok}` is read as the boolean {b} (YAML 1.1); a template prints it as `{b}`"),
                        format!("write `{b}` for the boolean, or quote it (\"{tok}\") to keep the string"),
                    ),
                };
                out.push(warning(origin, path, message, hint));
            }
            Value::Float(f) if from_file || origin.file.starts_with("--set-json") => {
                let f = *f;
                let exponent = f.is_finite() && f != 0.0 && (f.abs() >= 1e6 || f.abs() < 1e-4);
                if !exponent {
                    return;
                }
                let printed = orochart::yaml::go_string(v);
                let types = schema.and_then(|s| types_at(s, path));
                let hint = if types.as_ref().is_some_and(|t| t.contains("string")) {
                    format!("quote it (\"{f}\") to keep the digits as a string")
                } else if types.as_ref().is_some_and(|t| t.contains("integer")) {
                    "Kubernetes refuses a float for an integer field: pass it with --set, which keeps integers, or print it with `int` in the chart".into()
                } else {
                    "quote it to keep the digits, or print it with `int` in the chart".into()
                };
                out.push(warning(
                    origin,
                    path,
                    format!("the number {f} is a float64 in Helm, and templates print it as `{printed}`"),
                    hint,
                ));
            }
            _ => {}
        }
    });
    out
}

fn warning(
    origin: &Origin,
    path: &KeyPath,
    message: String,
    hint: String,
) -> ((Origin, KeyPath), Finding) {
    let finding = Finding {
        severity: Severity::Warning,
        at: origin.to_string(),
        path: Some(path.to_string()),
        message,
        hint: Some(hint),
    };
    ((origin.clone(), path.clone()), finding)
}

fn walk_values(v: &Value, path: &KeyPath, f: &mut dyn FnMut(&KeyPath, &Value)) {
    if !path.is_root() {
        f(path, v);
    }
    match v {
        Value::Map(m) => {
            for (k, child) in m {
                walk_values(child, &path.key(k), f);
            }
        }
        Value::List(l) => {
            for (i, child) in l.iter().enumerate() {
                walk_values(child, &path.index(i), f);
            }
        }
        _ => {}
    }
}

/// The text of values files, read once, to see how a scalar was written (quoted or not).
#[derive(Default)]
struct Sources(HashMap<String, Option<Vec<String>>>);

impl Sources {
    fn lines(&mut self, file: &str) -> Option<&Vec<String>> {
        self.0
            .entry(file.to_owned())
            .or_insert_with(|| {
                std::fs::read_to_string(file)
                    .ok()
                    .map(|t| t.lines().map(str::to_owned).collect())
            })
            .as_ref()
    }

    /// The text from the origin's position to the end of its line.
    fn rest(&mut self, o: &Origin) -> Option<(String, usize)> {
        let lines = self.lines(&o.file)?;
        let line = lines.get(o.line.checked_sub(1)?)?;
        let rest: String = line.chars().skip(o.column.saturating_sub(1)).collect();
        Some((rest, o.line))
    }

    /// The key written at a map entry's origin.
    fn key_token(&mut self, o: &Origin) -> Option<String> {
        let (rest, _) = self.rest(o)?;
        let end = key_end(&rest)?;
        Some(rest[..end].trim().to_owned())
    }

    /// The scalar written for a map entry (after its key) or a list item (at its origin).
    fn value_token(&mut self, o: &Origin, is_item: bool) -> Option<String> {
        let (rest, line) = self.rest(o)?;
        let value = if is_item {
            rest
        } else {
            rest[key_end(&rest)? + 1..].to_owned()
        };
        let mut value = strip_comment(&value).trim().to_owned();
        if value.is_empty() {
            // `key:` with the scalar on the next line.
            let lines = self.lines(&o.file)?;
            value = lines
                .iter()
                .skip(line)
                .map(|l| strip_comment(l).trim().to_owned())
                .find(|l| !l.is_empty())?;
        }
        // In flow collections (`{a: no, b: 1}`, `[no, yes]`) the scalar ends at `,` `}` `]`.
        let end = value.find([',', '}', ']']).unwrap_or(value.len());
        Some(value[..end].trim().to_owned())
    }
}

/// The byte offset of the `:` that ends a key at the start of `s` (quoted keys skipped whole).
fn key_end(s: &str) -> Option<usize> {
    let start = match s.chars().next()? {
        q @ ('"' | '\'') => s[1..].find(q).map(|i| i + 2)?,
        _ => 0,
    };
    let b = s.as_bytes();
    (start..b.len()).find(|&i| b[i] == b':' && b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()))
}

fn strip_comment(s: &str) -> &str {
    match s.find(" #") {
        Some(i) => &s[..i],
        None if s.starts_with('#') => "",
        None => s,
    }
}

// ---------------------------------------------------------------------------------------------
// Walking a JSON schema along a path

/// Follows `$ref`s (local JSON pointers) and collects every schema that applies to the same
/// instance through `anyOf`, `oneOf` and `allOf`.
fn expand<'s>(root: &'s Json, node: &'s Json, out: &mut Vec<&'s Json>, depth: usize) {
    if depth > 64 {
        return;
    }
    let node = match node.get("$ref").and_then(Json::as_str) {
        Some(r) => match r.strip_prefix('#').and_then(|p| root.pointer(p)) {
            Some(target) => {
                expand(root, target, out, depth + 1);
                node
            }
            None => node,
        },
        None => node,
    };
    out.push(node);
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(branches) = node.get(key).and_then(Json::as_array) {
            for b in branches {
                expand(root, b, out, depth + 1);
            }
        }
    }
}

/// Every schema that applies at `path`.
fn schemas_at<'s>(root: &'s Json, path: &[PathSegment]) -> Vec<&'s Json> {
    let mut current = Vec::new();
    expand(root, root, &mut current, 0);
    for seg in path {
        let mut next = Vec::new();
        for node in &current {
            let child = match seg {
                PathSegment::Key(k) => node
                    .get("properties")
                    .and_then(|p| p.get(k))
                    .or_else(|| node.get("additionalProperties").filter(|a| a.is_object())),
                PathSegment::Index(_) => node.get("items").filter(|i| i.is_object()),
            };
            if let Some(c) = child {
                expand(root, c, &mut next, 0);
            }
        }
        current = next;
    }
    current
}

/// The JSON types the schema accepts at `path`; `None` when it accepts anything there or the
/// path is outside the schema.
fn types_at(root: &Json, path: &KeyPath) -> Option<BTreeSet<String>> {
    let nodes = schemas_at(root, path.segments());
    let mut types = BTreeSet::new();
    for n in &nodes {
        match n.get("type") {
            Some(Json::String(t)) => {
                types.insert(t.clone());
            }
            Some(Json::Array(a)) => {
                types.extend(a.iter().filter_map(Json::as_str).map(str::to_owned))
            }
            _ => {}
        }
    }
    (!types.is_empty()).then_some(types)
}

/// The property names the schema knows at `path`, for suggestions.
fn properties_at<'s>(root: &'s Json, path: &KeyPath) -> Vec<&'s str> {
    let mut names: Vec<&str> = schemas_at(root, path.segments())
        .iter()
        .filter_map(|n| n.get("properties").and_then(Json::as_object))
        .flat_map(|p| p.keys().map(String::as_str))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

// ---------------------------------------------------------------------------------------------
// JSON schema errors

/// A JSON pointer into `instance` as a key path (`/spec/ports/0` → `spec.ports[0]`).
fn pointer_path(pointer: &str, instance: &Json) -> KeyPath {
    let mut path = KeyPath::root();
    let mut node = Some(instance);
    for raw in pointer.split('/').skip(1) {
        let seg = raw.replace("~1", "/").replace("~0", "~");
        match (node, seg.parse::<usize>()) {
            (Some(Json::Array(a)), Ok(i)) => {
                node = a.get(i);
                path = path.index(i);
            }
            (n, _) => {
                node = n.and_then(|n| n.get(&seg));
                path = path.key(&seg);
            }
        }
    }
    path
}

/// A short rendering of a JSON value for messages.
fn short(v: &Json) -> String {
    let s = match v {
        Json::Object(_) => return "an object".into(),
        Json::Array(_) => return "a list".into(),
        other => other.to_string(),
    };
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// One validation error as findings: the path, a message and maybe a suggestion. An
/// `additionalProperties` error becomes one finding per unknown field, at the field.
fn describe(
    err: &jsonschema::ValidationError<'_>,
    schema: &Json,
    instance: &Json,
) -> Vec<(KeyPath, String, Option<String>)> {
    use jsonschema::error::ValidationErrorKind as K;
    let path = pointer_path(err.instance_path.as_str(), instance);
    let got = short(&err.instance);
    let one = |message: String| vec![(path.clone(), message, None)];
    match &err.kind {
        K::AdditionalProperties { unexpected } | K::UnevaluatedProperties { unexpected } => {
            let known = properties_at(schema, &path);
            unexpected
                .iter()
                .map(|k| {
                    let hint = orochart::schema::suggest(k, &known)
                        .map(|s| format!("did you mean `{s}`?"));
                    (path.key(k), format!("unknown field `{k}`"), hint)
                })
                .collect()
        }
        K::Required { property } => one(format!(
            "missing required field `{}`",
            property
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| property.to_string())
        )),
        K::Type { kind } => {
            use jsonschema::error::TypeKind;
            let want = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            let float_for_int = want.contains("integer")
                && err.instance.as_f64().is_some_and(|f| f.fract() == 0.0)
                && err.instance.is_f64();
            let hint = float_for_int.then(|| {
                "a float where Kubernetes wants an integer: Helm prints values-file numbers of 1,000,000 or more as `1e+06`".to_owned()
            });
            vec![(path.clone(), format!("expected {want}, got {got}"), hint)]
        }
        K::Enum { options } => one(format!("must be one of {options}, got {got}")),
        K::AnyOf | K::OneOfNotValid => one(format!("matches none of the allowed forms, got {got}")),
        K::FalseSchema => one("is not allowed here".into()),
        _ => one(format!("{}, got {got}", err.masked_with("the value"))),
    }
}

// ---------------------------------------------------------------------------------------------
// --schema-dir

/// A folder of JSON schemas, one per kind and apiVersion, compiled as needed.
pub struct SchemaIndex {
    dir: PathBuf,
    /// File name → the chosen file (strict variants preferred).
    files: HashMap<String, PathBuf>,
    compiled: HashMap<PathBuf, (Json, jsonschema::Validator)>,
}

/// Prefer strict schemas (`crds-strict/`, `*-strict`), then plain ones, then lenient `crds/`.
fn rank(path: &Path) -> u8 {
    let names: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if names.iter().any(|n| n.ends_with("strict")) {
        0
    } else if names.iter().any(|n| n == "crds") {
        2
    } else {
        1
    }
}

impl SchemaIndex {
    /// Indexes every `*.json` under `dir`.
    pub fn load(dir: &Path) -> Result<SchemaIndex, Failure> {
        if !dir.is_dir() {
            return Err(Failure::Error(format!(
                "--schema-dir `{}` is not a folder",
                dir.display()
            )));
        }
        let mut all: Vec<PathBuf> = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            let entries = std::fs::read_dir(&d)
                .map_err(|e| Failure::Error(format!("{}: {e}", d.display())))?;
            for entry in entries.flatten() {
                let p = entry.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "json") {
                    all.push(p);
                }
            }
        }
        // Best rank first; among equals the greatest path, i.e. usually the newest version.
        all.sort_by(|a, b| {
            let ra = rank(a.strip_prefix(dir).unwrap_or(a));
            let rb = rank(b.strip_prefix(dir).unwrap_or(b));
            ra.cmp(&rb).then_with(|| b.cmp(a))
        });
        let mut files = HashMap::new();
        for p in all {
            if let Some(name) = p.file_name().and_then(|n| n.to_str()) {
                // CRDs-catalog's `<group>/<kind>_<version>.json` is found by folder and name.
                if let Some(group) = p
                    .parent()
                    .and_then(|d| d.file_name())
                    .and_then(|n| n.to_str())
                {
                    files
                        .entry(format!("{group}/{name}").to_lowercase())
                        .or_insert(p.clone());
                }
                files.entry(name.to_lowercase()).or_insert(p);
            }
        }
        Ok(SchemaIndex {
            dir: dir.to_path_buf(),
            files,
            compiled: HashMap::new(),
        })
    }

    /// Validates one manifest; `None` when the folder has no schema for its kind.
    pub fn validate(&mut self, m: &Manifest) -> Result<Option<Vec<Finding>>, Failure> {
        let Some(file) = schema_file_names(m)
            .into_iter()
            .chain(catalog_name(m))
            .find_map(|n| self.files.get(&n.to_lowercase()))
            .cloned()
        else {
            return Ok(None);
        };
        if !self.compiled.contains_key(&file) {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Failure::Error(format!("{}: {e}", file.display())))?;
            let schema: Json = serde_json::from_str(&text)
                .map_err(|e| Failure::Error(format!("{}: {e}", file.display())))?;
            let validator = jsonschema::validator_for(&schema).map_err(|e| {
                Failure::Error(format!("{}: not a usable JSON schema: {e}", file.display()))
            })?;
            self.compiled.insert(file.clone(), (schema, validator));
        }
        let Some((schema, validator)) = self.compiled.get(&file) else {
            return Ok(None);
        };
        let instance = serde_json::to_value(m.body())
            .map_err(|e| Failure::Error(format!("{}: {e}", m.source)))?;
        let mut out = Vec::new();
        for err in validator.iter_errors(&instance) {
            for (path, message, hint) in describe(&err, schema, &instance) {
                out.push(Finding {
                    severity: Severity::Error,
                    at: document(m),
                    path: Some(path.to_string()),
                    message,
                    hint,
                });
            }
        }
        Ok(Some(out))
    }
}

/// A rendered document as messages name it: template, kind and name.
fn document(m: &Manifest) -> String {
    format!("{}: {} `{}`", m.source, m.kind, m.name)
}

/// The schema file names for a document, most specific first: `<kind>-<group>-<version>.json`
/// (CRDs, and core groups without dots), then kubernetes-validate's
/// `<kind>-<first label of group>-<version>.json` for `*.k8s.io` groups.
fn schema_file_names(m: &Manifest) -> Vec<String> {
    let kind = m.kind.to_lowercase();
    match m.api_version.split_once('/') {
        None => vec![format!("{kind}-{}.json", m.api_version)],
        Some((group, version)) => {
            let mut names = vec![format!("{kind}-{group}-{version}.json")];
            if let Some(prefix) = group
                .strip_suffix(".k8s.io")
                .and_then(|g| g.split('.').next())
            {
                names.push(format!("{kind}-{prefix}-{version}.json"));
            }
            names
        }
    }
}

/// The name of a custom resource's schema in the CRDs-catalog layout
/// (`<group>/<kind>_<version>.json`, github.com/datreeio/CRDs-catalog), which kubeconform
/// users often have checked out.
fn catalog_name(m: &Manifest) -> Option<String> {
    let (group, version) = m.api_version.split_once('/')?;
    Some(format!("{group}/{}_{version}.json", m.kind.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_and_value_tokens_are_read_from_the_source_line() {
        assert_eq!(key_end("FLAG: no"), Some(4));
        assert_eq!(key_end("\"a: b\": no"), Some(6));
        assert_eq!(key_end("url: http://x"), Some(3));
        assert_eq!(strip_comment("no # comment"), "no");
    }

    #[test]
    fn pointers_become_key_paths() {
        let doc = serde_json::json!({"spec": {"ports": [{"name": "x"}], "a/b": 1}});
        assert_eq!(
            pointer_path("/spec/ports/0/name", &doc).to_string(),
            "spec.ports[0].name"
        );
        assert_eq!(pointer_path("/spec/a~1b", &doc).to_string(), "spec.\"a/b\"");
        assert_eq!(pointer_path("", &doc).to_string(), "(root)");
    }

    #[test]
    fn schema_walk_follows_refs_and_branches() {
        let schema = serde_json::json!({
            "type": "object",
            "properties": {"env": {"type": "object", "additionalProperties": {"$ref": "#/$defs/S"}}},
            "$defs": {"S": {"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]}}
        });
        let p = KeyPath::root().key("env").key("X");
        let types = types_at(&schema, &p).unwrap_or_default();
        assert_eq!(
            types.into_iter().collect::<Vec<_>>(),
            vec!["boolean", "number", "string"]
        );
        assert_eq!(types_at(&schema, &KeyPath::root().key("nope")), None);
    }

    #[test]
    fn core_and_crd_kinds_map_to_schema_file_names() {
        let m = |api: &str, kind: &str| {
            Manifest::from_text("t.yaml", &format!("apiVersion: {api}\nkind: {kind}"))
                .ok()
                .flatten()
                .unwrap_or_else(|| panic!("{api} {kind} does not parse"))
        };
        assert_eq!(
            schema_file_names(&m("v1", "Service")),
            vec!["service-v1.json"]
        );
        assert_eq!(
            schema_file_names(&m("apps/v1", "Deployment")),
            vec!["deployment-apps-v1.json"]
        );
        assert_eq!(
            schema_file_names(&m("networking.k8s.io/v1", "Ingress")),
            vec![
                "ingress-networking.k8s.io-v1.json",
                "ingress-networking-v1.json"
            ]
        );
        assert_eq!(
            schema_file_names(&m("argoproj.io/v1alpha1", "Rollout")),
            vec!["rollout-argoproj.io-v1alpha1.json"]
        );
    }

    #[test]
    fn custom_resources_also_map_to_the_crds_catalog_layout() {
        let m = Manifest::from_text("t.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Rollout")
            .ok()
            .flatten();
        assert_eq!(
            m.as_ref().and_then(catalog_name).as_deref(),
            Some("argoproj.io/rollout_v1alpha1.json")
        );
        let core = Manifest::from_text("t.yaml", "apiVersion: v1\nkind: Service")
            .ok()
            .flatten();
        assert_eq!(core.as_ref().and_then(catalog_name), None);
    }

    #[test]
    fn strict_schemas_rank_first() {
        assert!(rank(Path::new("crds-strict/a.json")) < rank(Path::new("kubernetes/v1.33/a.json")));
        assert!(rank(Path::new("kubernetes/v1.33/a.json")) < rank(Path::new("crds/a.json")));
    }
}
