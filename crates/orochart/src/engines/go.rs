//! The Go engine: Go's `text/template` with Helm's functions ([`crate::gotpl`]), as Helm
//! renders every chart.
//!
//! A chart without dependencies is parsed once, when it is compiled (its first syntax error
//! is kept for the render to report, after the values' errors, as in Helm). A chart with
//! dependencies is parsed at each render, the templates of its enabled charts only: which
//! subcharts render depends on the values, as in Helm ([`crate::gotpl::tree`]).

use std::collections::BTreeMap;

use super::{Dialect, Engine, Job, Output};
use crate::chart::Chart;
use crate::error::Result;
use crate::gotpl::engine::{chart_object, HelmTemplates};
use crate::gotpl::value::{Dict, Value as GoValue};
use crate::value::Value;

/// A chart compiled for the Go engine.
#[derive(Debug)]
pub(crate) struct GoEngine {
    /// The chart's templates, parsed once; `None` for a chart with dependencies.
    flat: Option<HelmTemplates>,
}

impl GoEngine {
    /// Parses every template as Go's text/template, as Helm does (a chart with dependencies:
    /// at each render). A syntax error is reported by the render, after the values, as in
    /// Helm.
    pub(crate) fn compile(chart: &Chart) -> Result<GoEngine> {
        chart.check_installable()?;
        if chart.has_dependencies() {
            return Ok(GoEngine { flat: None });
        }
        let files: Vec<(String, std::sync::Arc<String>)> = chart
            .templates
            .iter()
            .map(|t| {
                (
                    crate::chart::template_name(chart.name(), &t.path),
                    std::sync::Arc::clone(&t.source),
                )
            })
            .collect();
        Ok(GoEngine {
            flat: Some(HelmTemplates::parse(&files)),
        })
    }
}

impl Engine for GoEngine {
    fn dialect(&self) -> Dialect {
        Dialect::Go
    }

    fn renders_subcharts(&self) -> bool {
        self.flat.is_none()
    }

    fn render(&self, job: &Job<'_>) -> Result<Output> {
        let Some(templates) = &self.flat else {
            let (texts, raw, crds) = crate::gotpl::tree::render(
                job.chart,
                job.values,
                job.release,
                job.capabilities,
                job.profile,
                job.tz,
                job.remote,
                job.tree,
            )?;
            return Ok(Output {
                texts,
                raw,
                crds: Some(crds),
            });
        };
        let values = match GoValue::from_values(&Value::Map(job.values.clone())) {
            GoValue::Map(m) => m,
            _ => Dict::new(),
        };
        let caps = crate::gotpl::helm::capabilities(job.capabilities, &job.profile.go);
        let top = chart_object(
            values,
            job.release,
            &job.chart.metadata,
            job.profile,
            true,
            &caps,
            job.chart,
            BTreeMap::new(),
        );
        let base_path = format!("{}/templates", job.chart.name());
        let (texts, raw) = templates
            .render(&top, &base_path, &job.profile.go, job.tz, job.remote)?
            .without_notes();
        Ok(Output {
            texts,
            raw,
            crds: None,
        })
    }

    #[cfg(test)]
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
