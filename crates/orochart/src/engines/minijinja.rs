//! The minijinja dialect: orochart's Jinja-syntax templates with Helm's functions as filters
//! ([`crate::engine`]), with the fast path ([`crate::fast`]) as a private layer.
//!
//! Templates inside the fast path's subset are compiled into a flat program and rendered
//! without minijinja; minijinja (compiled on first need) renders charts outside it and any
//! render the fast path gives up on (every error, among others). Output is the same either way.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use minijinja::value::{Enumerator, Object, ObjectRepr, Value as MjValue};
use minijinja::Environment;

use super::{Dialect, Engine, Job, Output};
use crate::chart::Chart;
use crate::engine;
use crate::error::Result;
use crate::fast;
use crate::profile::{HelmVersion, KubeVersion};
use crate::request::{Capabilities, Release};
use crate::value::{Map, Value};

/// `.Template`: the template's full name and its chart's `templates` folder.
fn template_value(name: &str, base_path: &str) -> Value {
    let mut tv = Map::new();
    tv.insert("BasePath".into(), Value::String(base_path.to_owned()));
    tv.insert("Name".into(), Value::String(name.to_owned()));
    Value::Map(tv)
}

/// One template Helm executes in a render.
#[derive(Debug)]
struct Step {
    /// Its full name (`chart/templates/path`), as `# Source:` lines show it.
    name: String,
    /// Its path inside `templates/`.
    path: String,
    /// `Template` while it renders.
    template: Value,
    /// Whether its output is printed (not `NOTES.txt`).
    printed: bool,
    /// The length of its last output on the fast path: the next output's buffer starts that
    /// big, so it is not grown (and copied) a few times per render.
    last_len: AtomicUsize,
}

/// A chart compiled for the minijinja dialect.
pub(crate) struct MinijinjaEngine {
    env: OnceLock<Arc<Environment<'static>>>,
    fast: Option<fast::Program>,
    /// `Chart` as templates see it (for the Helm set by [`Engine::set_helm`]).
    chart_tv: Value,
    /// The Helm set by [`Engine::set_helm`]: its functions' wording (semver, JSON, TOML).
    helm: HelmVersion,
    /// The templates Helm executes, in its execution order.
    order: Vec<Step>,
    /// `templates/_helpers.tpl`, when the chart has one: its full name, and whether its
    /// helpers can be evaluated once per render (they do not read `Template`). Templates see
    /// it as `h` ([`engine::helpers`]). Found on first use: only minijinja needs it.
    helpers: OnceLock<Option<(String, bool)>>,
}

impl std::fmt::Debug for MinijinjaEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MinijinjaEngine")
            .field("fast", &self.fast.is_some())
            .finish()
    }
}

impl MinijinjaEngine {
    /// Compiles the chart: on the fast path when `fast` and its templates are inside the
    /// subset, else with minijinja at once (so syntax errors show here).
    pub(crate) fn compile(chart: &Chart, fast: bool) -> Result<MinijinjaEngine> {
        let program = if fast {
            crate::embedded::precompiled(chart).or_else(|| {
                let files: Vec<(&str, &str)> = chart
                    .templates
                    .iter()
                    .map(|t| (t.path.as_str(), t.source.as_str()))
                    .collect();
                fast::compile(&files).ok()
            })
        } else {
            None
        };
        MinijinjaEngine::with_program(chart, program)
    }

    /// The engine with the fast program already compiled (or `None`: minijinja only).
    pub(crate) fn with_program(
        chart: &Chart,
        fast: Option<fast::Program>,
    ) -> Result<MinijinjaEngine> {
        let env = OnceLock::new();
        if fast.is_none() {
            // minijinja is the only engine: compile now, so syntax errors show here.
            let _ = env.set(Arc::new(engine::build_environment(chart)?));
        }
        // Helm executes templates deepest path first, then in reverse lexical order; the
        // first failure is the one reported. Output order is decided afterwards, by path.
        let base_path = format!("{}/templates", chart.name());
        let mut order: Vec<&crate::chart::TemplateFile> = chart
            .templates
            .iter()
            .filter(|t| {
                let base = t.path.rsplit('/').next().unwrap_or(&t.path);
                !base.starts_with('_')
            })
            .collect();
        order.sort_by(|a, b| {
            let depth = |p: &str| p.matches('/').count();
            depth(&b.path)
                .cmp(&depth(&a.path))
                .then_with(|| b.path.cmp(&a.path))
        });
        let order = order
            .into_iter()
            .map(|t| {
                let name = format!("{base_path}/{}", t.path);
                Step {
                    template: template_value(&name, &base_path),
                    name,
                    path: t.path.clone(),
                    printed: t.is_rendered(),
                    last_len: AtomicUsize::new(0),
                }
            })
            .collect();
        Ok(MinijinjaEngine {
            env,
            fast,
            chart_tv: chart
                .metadata
                .to_template_value_for(HelmVersion::default().profile()),
            helm: HelmVersion::default(),
            order,
            helpers: OnceLock::new(),
        })
    }

    /// The minijinja environment, compiled on first use.
    fn env(&self, chart: &Chart) -> Result<&Arc<Environment<'static>>> {
        if let Some(env) = self.env.get() {
            return Ok(env);
        }
        let env = Arc::new(engine::build_environment(chart)?);
        Ok(self.env.get_or_init(|| env))
    }

    /// The printed templates' texts by the fast path, or `None` when it gives up.
    pub(crate) fn render_fast(
        &self,
        values: &Map,
        release: &Release,
    ) -> Option<Vec<(String, String)>> {
        let prog = self.fast.as_ref()?;
        let release_tv = release.to_template_value();
        let mut machine = fast::eval::Machine::new(prog, values, &release_tv, &self.chart_tv);
        let mut outputs = Vec::with_capacity(self.order.len());
        for step in &self.order {
            let capacity = step.last_len.load(Ordering::Relaxed);
            let text = machine.render(&step.path, &step.template, capacity).ok()?;
            step.last_len.store(text.len(), Ordering::Relaxed);
            if step.printed {
                outputs.push((step.name.clone(), text));
            }
        }
        Some(outputs)
    }

    /// The printed templates' texts by minijinja.
    pub(crate) fn render_minijinja(
        &self,
        chart: &Chart,
        values: &Map,
        release: &Release,
        capabilities: &Capabilities,
        tz: Option<&str>,
    ) -> Result<Vec<(String, String)>> {
        let env = self.env(chart)?;
        engine::limits::start_render();
        engine::gofuncs::set_time_zone(tz);
        engine::gofuncs::set_helm(&self.helm.profile().go);
        let base_path = format!("{}/templates", chart.name());
        let mut ctx = BTreeMap::new();
        ctx.insert("Values", MjValue::from_serialize(values));
        ctx.insert("Release", engine::from_value(&release.to_template_value()));
        ctx.insert("Chart", engine::from_value(&self.chart_tv));
        ctx.insert("Capabilities", capabilities_value(capabilities));
        let helpers = self.helpers.get_or_init(|| {
            chart
                .templates
                .iter()
                .find(|t| t.path == "_helpers.tpl")
                .map(|t| {
                    let name = crate::chart::template_name(chart.name(), "_helpers.tpl");
                    (name, !engine::helpers::mentions_template(&t.source))
                })
        });
        if let Some((name, ahead)) = helpers {
            let mut hctx = ctx.clone();
            hctx.insert(
                "Template",
                engine::from_value(&template_value(name, &base_path)),
            );
            let helpers = engine::helpers::Helpers::new(env.clone(), name, hctx, *ahead);
            ctx.insert("h", MjValue::from_object(helpers));
        }
        let mut outputs: Vec<(String, String)> = Vec::with_capacity(self.order.len());
        for step in &self.order {
            let name = &step.name;
            let tmpl = env
                .get_template(name)
                .map_err(|e| engine::render_error(env, name, e))?;
            let mut tctx = ctx.clone();
            tctx.insert("Template", engine::from_value(&step.template));
            let text = tmpl
                .render(MjValue::from(tctx))
                .map_err(|e| engine::render_error(env, name, e))?;
            if step.printed {
                outputs.push((name.clone(), text));
            }
        }
        Ok(outputs)
    }
}

impl Engine for MinijinjaEngine {
    fn dialect(&self) -> Dialect {
        Dialect::Minijinja
    }

    fn is_fast(&self) -> bool {
        self.fast.is_some()
    }

    fn set_helm(&mut self, chart: &Chart, helm: HelmVersion) {
        self.chart_tv = chart.metadata.to_template_value_for(helm.profile());
        self.helm = helm;
    }

    fn render(&self, job: &Job<'_>) -> Result<Output> {
        // The fast path renders as if nothing outside the chart were asked for; a render that
        // lets `getHostByName` or `lookup` reach out takes the full engine, whose functions
        // refuse (see `RemoteAccess`).
        let fast = if job.remote == crate::request::RemoteAccess::default() {
            self.render_fast(job.values, job.release)
        } else {
            None
        };
        let texts = match fast {
            Some(texts) => texts,
            None => {
                engine::gofuncs::set_remote(job.remote);
                self.render_minijinja(job.chart, job.values, job.release, job.capabilities, job.tz)?
            }
        };
        Ok(Output {
            texts,
            raw: Vec::new(),
            crds: None,
        })
    }

    #[cfg(test)]
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// `.Capabilities` as minijinja templates see it.
fn capabilities_value(caps: &Capabilities) -> MjValue {
    let mut m = BTreeMap::new();
    m.insert(
        "KubeVersion",
        MjValue::from_object(caps.kube_version.clone()),
    );
    m.insert(
        "APIVersions",
        MjValue::from_object(ApiVersions(caps.api_versions.clone())),
    );
    MjValue::from(m)
}

/// `.Capabilities.KubeVersion`: fields `Version`, `GitVersion`, `Major`, `Minor`; printed
/// whole it is the version (`v1.32.0`), as Go prints it through its `String` method.
impl Object for KubeVersion {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &MjValue) -> Option<MjValue> {
        let v = match key.as_str()? {
            "Version" | "GitVersion" => &self.version,
            "Major" => &self.major,
            "Minor" => &self.minor,
            _ => return None,
        };
        Some(MjValue::from(v.as_str()))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(&["GitVersion", "Major", "Minor", "Version"])
    }

    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.normalized)
    }
}

/// `.Capabilities.APIVersions`: a list that also answers `Has("apps/v1")`.
#[derive(Debug)]
struct ApiVersions(Vec<String>);

impl Object for ApiVersions {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &MjValue) -> Option<MjValue> {
        let i = usize::try_from(key.as_i64()?).ok()?;
        self.0.get(i).map(|s| MjValue::from(s.as_str()))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.0.len())
    }

    fn call_method(
        self: &Arc<Self>,
        _state: &minijinja::State<'_, '_>,
        method: &str,
        args: &[MjValue],
    ) -> std::result::Result<MjValue, minijinja::Error> {
        if method == "Has" {
            let want = args.first().and_then(|a| a.as_str()).unwrap_or("");
            return Ok(MjValue::from(self.0.iter().any(|v| v == want)));
        }
        Err(minijinja::Error::new(
            minijinja::ErrorKind::UnknownMethod,
            format!("APIVersions has no method {method}"),
        ))
    }
}
