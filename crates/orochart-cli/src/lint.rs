//! `orochart lint`: flags → the library's lint findings ([`orochart::lint`]) → the report.
//!
//! Errors (exit 1): the values against the chart's schema, the render itself, and with
//! `--schema-dir` every rendered manifest against its kind's schema. Warnings (exit 0 unless
//! `--strict`): where Helm's YAML 1.1 reading would surprise the author. See
//! [`orochart::lint`] for each check.

use std::path::PathBuf;

use clap::Args;
use orochart::lint::{plural, SchemaIndex};
use orochart::{Release, RenderRequest};

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
    let mut schemas = match &a.schema_dir {
        Some(dir) => Some(SchemaIndex::load(dir)?),
        None => None,
    };
    crate::render::at_most_two(&a.chart.args)?;
    let t = target(&a.chart.args);
    let helm = a.chart.helm()?;
    let chart = load_chart(&t, helm)?;
    let release = Release::new_for(helm, t.name.clone(), a.chart.namespace())?;
    let request = RenderRequest {
        values: a.chart.value_options(helm),
        capabilities: a.chart.capabilities(helm)?,
        ..RenderRequest::for_helm(helm, release)
    };
    // The chart is kept beside its compiled form: a chart that does not compile still has its
    // values checked.
    let compiled = a.chart.renderer(chart.clone()).map(|r| r.with_helm(helm));
    let report = orochart::lint::lint(&chart, compiled, &request, &read_file, schemas.as_mut())?;
    let (errors, warnings) = (report.errors(), report.warnings());
    let counts = format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    let mut body = String::new();
    for f in &report.findings {
        body.push_str(&format!("\n  {f}"));
    }
    if errors > 0 || (a.strict && warnings > 0) {
        return Err(Failure::Error(format!("lint found {counts}:{body}")));
    }
    Ok(format!("lint: {counts} ({}){body}\n", report.summary))
}
