//! Template engines behind one trait: the render pipeline ([`crate::render`]) hands an
//! [`Engine`] a [`Job`] and gets each printed template's text back; splitting, sorting,
//! framing, hooks and `NOTES.txt` are the pipeline's, the same whichever engine it holds (as
//! ripgrep's searcher holds any `grep-matcher::Matcher`).
//!
//! Two engines are registered, one module each: [`go`] (Go's `text/template` with Helm's
//! functions, every Helm chart) and [`minijinja`] (orochart's minijinja dialect, with its fast
//! path as a private layer). Adding a third is one module implementing [`Engine`] and one arm
//! in [`compile`] (plus its [`Dialect`] variant, the name charts and the CLI give it).

pub(crate) mod go;
pub(crate) mod minijinja;

use crate::chart::{Chart, DIALECT_ANNOTATION};
use crate::error::{Error, Result};
use crate::profile::{HelmProfile, HelmVersion};
use crate::request::{Capabilities, Release};
use crate::value::{Map, Value};

/// What one render asks of an engine.
pub(crate) struct Job<'a> {
    /// The chart compiled into the engine.
    pub chart: &'a Chart,
    /// The final `.Values` (coalesced with the chart's defaults, subcharts' sections included).
    pub values: &'a Map,
    /// `.Release`.
    pub release: &'a Release,
    /// `.Capabilities`.
    pub capabilities: &'a Capabilities,
    /// The Helm whose engine to reproduce.
    pub profile: &'static HelmProfile,
    /// The `TZ` variable of the environment Helm would run in (`None`: unset): Go's local
    /// time, which `now`, `date` and `toDate` use.
    pub tz: Option<&'a str>,
    /// What the functions would reach outside the chart (`getHostByName`, `lookup`).
    pub remote: crate::request::RemoteAccess,
    /// The enabled chart tree the values step resolved (Helm prunes the disabled subcharts
    /// then, before rendering): `None` when the values came final from the caller, and the
    /// engine resolves it from them.
    pub tree: Option<&'a crate::chart::deps::Node<'a>>,
}

/// What an engine gives back.
#[derive(Debug, Default)]
pub(crate) struct Output {
    /// Each printed template's text (not `NOTES.txt`), named `chart/templates/path`, in the
    /// order the engine executed them; `<no value>` is still in it.
    pub texts: Vec<(String, String)>,
    /// The bytes of the printed outputs that are not UTF-8, by name (their text has a U+FFFD
    /// a bad byte): the Go engine's, where a template printed raw bytes.
    pub raw: crate::gotpl::engine::RawOutputs,
    /// The `crds/` files of every chart the engine rendered, as `(source, bytes)`, when the
    /// engine resolved a chart tree (`None`: the chart's own `crds/` are the ones). Shared with
    /// the chart: they become text only if printed (`--include-crds`).
    pub crds: Option<Vec<(String, crate::chart::FileBytes)>>,
}

/// A template engine: a chart's templates compiled once, rendered for any number of jobs.
pub(crate) trait Engine: std::fmt::Debug + Send + Sync {
    /// The dialect it executes.
    fn dialect(&self) -> Dialect;

    /// Whether it renders a chart's enabled subcharts too, so that values are resolved over
    /// the chart tree (Helm's dependency handling) rather than coalesced onto the root only.
    fn renders_subcharts(&self) -> bool {
        false
    }

    /// Whether the chart renders on a faster layer of the engine (the minijinja dialect's
    /// fast path).
    fn is_fast(&self) -> bool {
        false
    }

    /// Tells the engine which Helm it will render as (what it precomputes per Helm, such as
    /// `.Chart`, it recomputes here).
    fn set_helm(&mut self, _chart: &Chart, _helm: HelmVersion) {}

    /// Executes the templates.
    fn render(&self, job: &Job<'_>) -> Result<Output>;

    /// The engine itself, for tests that reach past the trait (the fast path against
    /// minijinja).
    #[cfg(test)]
    fn as_any(&self) -> &dyn std::any::Any;
}

/// The template language a chart is written in: which of orochart's engines renders it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Go's `text/template` with Helm's functions: every Helm chart. The default.
    Go,
    /// orochart's minijinja dialect (Jinja syntax, Helm's functions as filters), declared in
    /// `Chart.yaml` with the annotation `orochart.io/template-dialect: minijinja`.
    Minijinja,
}

/// How an engine is built, beyond the chart and its dialect.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct EngineOptions {
    /// The minijinja dialect without its fast path (for comparing the two).
    pub no_fast_path: bool,
}

/// The registry: compiles `chart` with the engine of `dialect`. The minijinja dialect's
/// syntax errors are reported here, the Go engine's by its render (see [`go`]).
pub(crate) fn compile(
    chart: &Chart,
    dialect: Dialect,
    options: EngineOptions,
) -> Result<Box<dyn Engine>> {
    Ok(match dialect {
        Dialect::Go => Box::new(go::GoEngine::compile(chart)?),
        Dialect::Minijinja => Box::new(minijinja::MinijinjaEngine::compile(
            chart,
            !options.no_fast_path,
        )?),
    })
}

impl Dialect {
    /// The dialect `chart` declares: [`DIALECT_ANNOTATION`] `minijinja` or `go`; Go templates
    /// when it says nothing, as for any Helm chart.
    pub fn of(chart: &Chart) -> Result<Dialect> {
        match chart.metadata.annotations.get(DIALECT_ANNOTATION) {
            None => Ok(Dialect::Go),
            Some(Value::String(s)) if s == "go" => Ok(Dialect::Go),
            Some(Value::String(s)) if s == "minijinja" => Ok(Dialect::Minijinja),
            Some(other) => Err(Error::Chart {
                chart: chart.origin.clone(),
                message: format!(
                    "`{}/Chart.yaml`: annotation `{DIALECT_ANNOTATION}` is `{}`; expected `go` or `minijinja`",
                    chart.origin,
                    crate::yaml::go_string(other)
                ),
            }),
        }
    }
}

impl std::str::FromStr for Dialect {
    type Err = Error;

    /// `go` or `minijinja`, as the annotation and `--template-dialect` name them.
    fn from_str(s: &str) -> Result<Dialect> {
        match s {
            "go" => Ok(Dialect::Go),
            "minijinja" => Ok(Dialect::Minijinja),
            _ => Err(Error::Invalid(format!(
                "unknown template dialect `{s}`: expected `go` or `minijinja`"
            ))),
        }
    }
}
