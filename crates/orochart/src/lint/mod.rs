//! Lint findings: every problem with a release's values and manifests, reported at once,
//! for `orochart lint` and any other tool.
//!
//! Errors:
//! - the values against the chart's typed values (built-in chart) or its `values.schema.json`,
//!   per layer with file, line and suggestions, then the final (coalesced) values against the
//!   whole schema ([`value_findings`]);
//! - with a folder of manifest schemas ([`SchemaIndex`]), every rendered manifest against the
//!   JSON schema of its kind and apiVersion, each problem with its document (template, kind and
//!   name) and JSON path.
//!
//! Warnings, where Helm's semantics would surprise the author:
//! - a YAML 1.1 boolean word (`y`, `yes`, `on`, `n`, `no`, `off` in lower, title or upper
//!   case) written unquoted as a value: where a string is also accepted (Helm reads the
//!   boolean, the chart prints `false`), where only a boolean is (YAML 1.2 tools, such as
//!   editors checking `values.schema.json`, read a string), and where the chart has no schema
//!   (a template prints `true`/`false`). Where only a string is accepted it is an error of the
//!   schema check, with the same explanation;
//! - a key such as `ON` that YAML 1.1 reads as a boolean, so the key becomes `true`;
//! - a number from a values file of 1,000,000 or more (or below 0.0001): Helm reads it as a
//!   float64 and templates print it in exponent form (`1e+06`).

mod manifests;
mod report;
mod schema_walk;
mod yaml11;

use std::fmt;

use serde_json::Value as Json;

use crate::value::PathSegment;
use crate::{Chart, KeyPath, Map, Origin, Origins};

pub use manifests::SchemaIndex;
pub use report::{lint, plural, Report};

use schema_walk::describe;

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
    /// A finding from a values problem of the typed check.
    pub fn from_problem(severity: Severity, p: &crate::ValueProblem) -> Finding {
        Finding {
            severity,
            at: p.origin.as_ref().map(Origin::to_string).unwrap_or_default(),
            path: Some(p.path.to_string()),
            message: p.message.clone(),
            hint: p.hint.clone(),
        }
    }
}

/// The findings about values: the user values layer by layer against the chart's schema (with
/// file, line and suggestions), the final `values` against the whole schema as Helm's
/// validator applies it (without repeating what the first check found), then the warnings,
/// sorted by where they were written.
pub fn value_findings(
    chart: &Chart,
    user: &Map,
    origins: &Origins,
    values: &Map,
) -> crate::Result<Vec<Finding>> {
    let mut findings = Vec::new();
    if let Some(crate::schema::Fault::NotJson { v1, .. }) =
        chart.schema.as_ref().and_then(|s| s.fault())
    {
        return Err(crate::Error::Invalid(format!(
            "the chart's values.schema.json is not JSON: {v1}"
        )));
    }
    // The built-in chart's values.schema.json is its typed values (a test keeps it current).
    let mut problems = match &chart.schema {
        Some(schema) => crate::schema::check(schema, user, origins),
        None => Vec::new(),
    };
    problems.sort();
    let reported: Vec<KeyPath> = problems.iter().map(|p| p.path.clone()).collect();
    findings.extend(
        problems
            .iter()
            .map(|p| Finding::from_problem(Severity::Error, p)),
    );
    if let Some(schema) = &chart.schema {
        findings.extend(final_values_findings(schema, values, origins, &reported)?);
    }
    let mut warnings =
        yaml11::value_warnings(user, origins, chart.schema.as_ref().map(|s| s.json()));
    warnings.sort_by(|a, b| a.0.cmp(&b.0));
    findings.extend(warnings.into_iter().map(|(_, f)| f));
    Ok(findings)
}

/// The final values against the whole schema (every keyword, as Helm's validator applies it),
/// skipping what the per-layer check already reported.
fn final_values_findings(
    schema: &Json,
    values: &Map,
    origins: &Origins,
    reported: &[KeyPath],
) -> crate::Result<Vec<Finding>> {
    let validator = jsonschema::validator_for(schema).map_err(|e| {
        crate::Error::Invalid(format!("the chart's values.schema.json is invalid: {e}"))
    })?;
    let instance = serde_json::to_value(values)
        .map_err(|e| crate::Error::Invalid(format!("values cannot be checked: {e}")))?;
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
pub(crate) fn origin_of<'o>(origins: &'o Origins, path: &KeyPath) -> Option<&'o Origin> {
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

#[cfg(test)]
mod tests;
