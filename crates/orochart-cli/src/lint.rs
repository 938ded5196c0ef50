//! `orochart lint`: flags → the library's lint findings ([`orochart::lint`]) → the report.
//!
//! Errors (exit 1): the values against the chart's schema, the render itself, and with
//! `--schema-dir` every rendered manifest against its kind's schema. Warnings (exit 0 unless
//! `--strict`): where Helm's YAML 1.1 reading would surprise the author. See
//! [`orochart::lint`] for each check.

use std::path::PathBuf;

use clap::Args;
use orochart::lint::{Finding, SchemaIndex, Severity};
use orochart::{Manifest, Release};

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

    // 1. Values, layer by layer (origins and suggestions), then as Helm validates them.
    let chart_values = chart.values_for(helm.profile());
    let values = orochart::values::coalesce(user.clone(), &chart_values);
    let mut findings = orochart::lint::value_findings(&chart, &user, &origins, &values)?;

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
                None => findings.push(index.missing(m)),
            }
        }
        summary.push_str(&format!(", {validated} validated against schemas"));
    }
    Ok((findings, summary))
}
