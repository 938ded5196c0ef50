//! One lint of one request ([`lint`]): the values checks, the render through
//! [`Renderer::run_traced`] (the entry point `render` uses), and every manifest against its
//! schema, gathered into a [`Report`].

use super::{value_findings, Finding, SchemaIndex, Severity};
use crate::render::{RenderRequest, Renderer};

use crate::values::{self, json_number};
use crate::{Chart, Manifest, Map, Origins, Result};

/// What [`lint`] found, and what it checked.
#[derive(Debug, Clone)]
pub struct Report {
    /// Every finding: the values' (errors, then warnings), then the render's or the
    /// manifests'.
    pub findings: Vec<Finding>,
    /// One line saying what was checked: ``release `r`, chart `c`, 5 manifests, 5 validated
    /// against schemas``, or ``chart `c` did not render``.
    pub summary: String,
}

impl Report {
    /// How many findings are errors.
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    /// How many findings are warnings.
    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }
}

/// Lints one request: the user's values layer by layer and the final values against the
/// chart's schema ([`value_findings`]), the render, and with `schemas` every rendered
/// manifest against its kind's schema.
///
/// `compiled` is `chart` compiled for the request's Helm, or why it did not compile: the
/// values are still checked, and the compile error is the render's finding. The request's own
/// schema check is not used (`validate_schema` is ignored): the values checks report every
/// problem instead of stopping at the first. Reading the values (a missing `-f` file, a bad
/// `--set`) fails the call.
pub fn lint(
    chart: &Chart,
    compiled: Result<Renderer>,
    request: &RenderRequest,
    read: &dyn Fn(&str) -> Result<String>,
    schemas: Option<&mut SchemaIndex>,
) -> Result<Report> {
    let request = RenderRequest {
        validate_schema: false,
        keep_user_values: true,
        ..request.clone()
    };
    let (mut findings, rendered) = match compiled {
        Ok(ref renderer) => {
            let run = renderer.run_traced(&request, read)?;
            let (user, origins) = run.user_values.unwrap_or_default();
            let values = if json_number::has_marks(&run.values) {
                json_number::unmark(&run.values)
            } else {
                run.values
            };
            let findings = value_findings(chart, &user, &origins, &values)?;
            (findings, run.rendered.map_err(|f| f.error))
        }
        Err(e) => {
            let options = values::ValueOptions {
                helm: request.helm,
                ..request.values.clone()
            };
            let (user, origins): (Map, Origins) = values::merge_user_values(&options, read)?;
            let chart_values = chart.values_for(request.helm.profile());
            let values = values::coalesce(user.clone(), &chart_values);
            (value_findings(chart, &user, &origins, &values)?, Err(e))
        }
    };
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
            let summary = format!("chart `{}` did not render", chart.name());
            return Ok(Report { findings, summary });
        }
    };
    let docs: Vec<&Manifest> = rendered.all().filter(|m| !m.kind.is_empty()).collect();
    let mut summary = format!(
        "release `{}`, chart `{}`, {}",
        request.release.name,
        chart.name(),
        plural(docs.len(), "manifest")
    );
    if let Some(index) = schemas {
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
    Ok(Report { findings, summary })
}

/// `1 manifest`, `2 manifests`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Release;

    fn chart(template: &str) -> Chart {
        Chart::from_files(
            "c",
            [
                ("Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n"),
                ("values.yaml", "port: 80\n"),
                (
                    "values.schema.json",
                    r#"{"type": "object", "properties": {"port": {"type": "integer"}}}"#,
                ),
                ("templates/cm.yaml", template),
            ],
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn report(template: &str) -> Report {
        let c = chart(template);
        let release = Release::new("r", "ns").unwrap_or_else(|e| panic!("{e}"));
        let mut request = RenderRequest::new(release);
        request.values.set_string = vec!["port=eighty".into()];
        let compiled = Renderer::new(c.clone());
        lint(&c, compiled, &request, &|p| Ok(p.to_owned()), None).unwrap_or_else(|e| panic!("{e}"))
    }

    fn lines(r: &Report) -> Vec<String> {
        r.findings.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn values_are_checked_and_the_render_goes_through_the_run() {
        let r = report("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  port: {{ .Values.port | quote }}\n");
        let l = lines(&r);
        assert_eq!(l.len(), 1, "{l:?}");
        assert!(
            l[0].starts_with("error: --set-string port=eighty: `port`: "),
            "{l:?}"
        );
        assert_eq!(r.summary, "release `r`, chart `c`, 1 manifest");
        assert_eq!((r.errors(), r.warnings()), (1, 0));
    }

    #[test]
    fn a_chart_that_does_not_compile_still_has_its_values_checked() {
        let r = report("a: {{ .Values.port\n");
        let l = lines(&r);
        assert_eq!(l.len(), 2, "{l:?}");
        assert!(
            l[0].starts_with("error: --set-string port=eighty: `port`: "),
            "{l:?}"
        );
        assert!(l[1].starts_with("error: render failed: "), "{l:?}");
        assert_eq!(r.summary, "chart `c` did not render");
    }

    #[test]
    fn a_template_that_fails_is_the_renders_finding() {
        let r = report("a: {{ fail \"stop\" }}\n");
        let l = lines(&r);
        assert_eq!(l.len(), 2, "{l:?}");
        assert!(
            l[1].starts_with(
                "error: render failed: execution error at (c/templates/cm.yaml:1:6): stop"
            ),
            "{l:?}"
        );
    }
}
