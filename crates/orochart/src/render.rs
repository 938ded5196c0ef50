//! Rendering a chart: the release, the capabilities, the compiled chart and what comes out.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use minijinja::value::{Enumerator, Object, ObjectRepr, Value as MjValue};
use minijinja::Environment;
use serde::Serialize;

use crate::chart::Chart;
use crate::engine;
use crate::error::{Error, Result};
use crate::fast;
use crate::manifest::{self, Manifest};
use crate::profile::{HelmProfile, HelmVersion};
use crate::value::{Map, Value};
use crate::values::{self, ValueOptions};

/// The release a chart is rendered for (`.Release`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// `.Release.Name`.
    pub name: String,
    /// `.Release.Namespace`.
    pub namespace: String,
    /// `.Release.Revision` (1 in `helm template`).
    pub revision: i64,
    /// `.Release.IsUpgrade` (`--is-upgrade`); `.Release.IsInstall` is its negation.
    pub is_upgrade: bool,
}

impl Release {
    /// A release with Helm's defaults (revision 1, install), after checking the name as Helm does
    /// (the default profile's wording; see [`Release::new_for`]).
    pub fn new(name: impl Into<String>, namespace: impl Into<String>) -> Result<Release> {
        Release::new_for(HelmVersion::default(), name, namespace)
    }

    /// [`Release::new`], with a bad name reported in `helm`'s wording.
    pub fn new_for(
        helm: HelmVersion,
        name: impl Into<String>,
        namespace: impl Into<String>,
    ) -> Result<Release> {
        let name = name.into();
        validate_release_name(&name).map_err(|e| match e {
            Error::Invalid(m) => Error::Invalid(format!(
                "{}{m}",
                helm.profile().messages.release_name_prefix
            )),
            e => e,
        })?;
        Ok(Release {
            name,
            namespace: namespace.into(),
            revision: 1,
            is_upgrade: false,
        })
    }

    fn to_template_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("Name".into(), Value::String(self.name.clone()));
        m.insert("Namespace".into(), Value::String(self.namespace.clone()));
        m.insert("Service".into(), Value::String("Helm".into()));
        m.insert("IsInstall".into(), Value::Bool(!self.is_upgrade));
        m.insert("IsUpgrade".into(), Value::Bool(self.is_upgrade));
        m.insert("Revision".into(), Value::Int(self.revision));
        Value::Map(m)
    }
}

const RELEASE_NAME_RULE: &str =
    r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

/// Helm's release-name check: a DNS-1123 subdomain of at most 53 characters (Helm 3's
/// wording; Helm 4 prefixes it, see [`Release::new_for`]).
pub fn validate_release_name(name: &str) -> Result<()> {
    if name.is_empty() || name.len() > 53 || !is_dns1123_subdomain(name) {
        return Err(Error::Invalid(format!(
            "release name {}: invalid release name, must match regex {RELEASE_NAME_RULE} and the length must not be longer than 53",
            crate::engine::printf::go_quote(name)
        )));
    }
    Ok(())
}

/// Whether `name` matches [`RELEASE_NAME_RULE`]: labels separated by `.`, each made of
/// `[a-z0-9-]`, starting and ending with `[a-z0-9]`. Checked by hand rather than with the
/// regex: compiling the regex cost ~0.4 ms, a tenth of a whole `orochart render` process.
fn is_dns1123_subdomain(name: &str) -> bool {
    let alnum = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    name.split('.').all(|label| {
        let bytes = label.as_bytes();
        match (bytes.first(), bytes.last()) {
            (Some(first), Some(last)) => {
                alnum(first) && alnum(last) && bytes.iter().all(|b| alnum(b) || *b == b'-')
            }
            _ => false,
        }
    })
}

/// `.Capabilities.KubeVersion`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubeVersion {
    /// `.Version` and `.GitVersion`: `v1.32.0` (Helm 4 keeps a suffix given on the command
    /// line here: `v1.30.2-eks-1`).
    pub version: String,
    /// What printing it whole gives (`{{ .Capabilities.KubeVersion }}`): `v1.30.2`.
    pub normalized: String,
    /// `1`.
    pub major: String,
    /// `32`.
    pub minor: String,
}

impl KubeVersion {
    /// Parses `--kube-version` as Helm 3.17 does: SemVer, padded to x.y.z, prerelease kept.
    /// [`crate::profile::parse_kube_version`] reads it as any other Helm does.
    pub fn parse(s: &str) -> Result<KubeVersion> {
        crate::profile::parse_kube_version(crate::profile::KubeVersionRule::Semver, s)
    }

    /// A Helm release's default (`v1.37.0` for Helm 4.3).
    pub fn for_profile(profile: &HelmProfile) -> KubeVersion {
        let v = profile.kube_version;
        let mut parts = v.trim_start_matches('v').split('.');
        KubeVersion {
            version: v.to_owned(),
            normalized: v.to_owned(),
            major: parts.next().unwrap_or("").to_owned(),
            minor: parts.next().unwrap_or("").to_owned(),
        }
    }
}

impl Default for KubeVersion {
    /// The default profile's (Helm 4.3: v1.37.0).
    fn default() -> Self {
        KubeVersion::for_profile(HelmVersion::default().profile())
    }
}

/// Helm 3.17's default `.Capabilities.APIVersions`, in its order (every release's list is in
/// its [`HelmProfile::api_versions`]).
pub const DEFAULT_API_VERSIONS: &[&str] = crate::profile::apis::APIS_3_17;

/// `.Capabilities`: the Kubernetes version and API versions templates may test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    /// `.Capabilities.KubeVersion`.
    pub kube_version: KubeVersion,
    /// `.Capabilities.APIVersions`.
    pub api_versions: Vec<String>,
}

impl Default for Capabilities {
    /// The default profile's (Helm 4.3).
    fn default() -> Self {
        Capabilities::for_profile(HelmVersion::default().profile())
    }
}

impl Capabilities {
    /// A Helm release's defaults.
    pub fn for_profile(profile: &HelmProfile) -> Self {
        Capabilities {
            kube_version: KubeVersion::for_profile(profile),
            api_versions: profile
                .api_versions
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
        }
    }

    /// The default profile's defaults with `--kube-version` and `--api-versions` applied
    /// (see [`Capabilities::from_flags_for`]).
    pub fn from_flags(kube_version: Option<&str>, api_versions: &[String]) -> Result<Self> {
        Capabilities::from_flags_for(HelmVersion::default(), kube_version, api_versions)
    }

    /// A Helm release's defaults with `--kube-version` (read as that Helm reads it) and
    /// `--api-versions` applied (entries appended verbatim; each flag value may be
    /// comma-separated).
    pub fn from_flags_for(
        helm: HelmVersion,
        kube_version: Option<&str>,
        api_versions: &[String],
    ) -> Result<Self> {
        let profile = helm.profile();
        let mut caps = Capabilities::for_profile(profile);
        if let Some(v) = kube_version {
            caps.kube_version = crate::profile::parse_kube_version(profile.kube_version_rule, v)?;
        }
        for a in api_versions {
            caps.api_versions
                .extend(a.split(',').filter(|s| !s.is_empty()).map(str::to_owned));
        }
        Ok(caps)
    }

    fn to_template_value(&self) -> MjValue {
        let mut m = BTreeMap::new();
        m.insert(
            "KubeVersion",
            MjValue::from_object(self.kube_version.clone()),
        );
        m.insert(
            "APIVersions",
            MjValue::from_object(ApiVersions(self.api_versions.clone())),
        );
        MjValue::from(m)
    }
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

/// A chart compiled once, ready to render any number of releases and values.
///
/// Templates inside the fast path's subset are compiled into a flat program (`fast::Program`)
/// and rendered without minijinja; minijinja (compiled on first need) renders charts outside
/// it and any render the fast path gives up on (every error, among others). Output is the same
/// either way.
pub struct Renderer {
    chart: Arc<Chart>,
    /// The chart's Go templates, parsed once, when the chart is written in Go templates
    /// ([`Dialect::Go`]); `None` for the minijinja dialect.
    go: Option<crate::gotpl::engine::HelmTemplates>,
    /// A Go-template chart with dependencies: which charts render depends on the values, so
    /// its templates are parsed at each render, those of the enabled charts only (as Helm).
    go_tree: bool,
    /// How subchart values coalesce (Helm 3.17's unless a Helm-version profile says otherwise).
    /// Subchart coalescing rules that override the profile's ([`Renderer::with_coalesce_rules`]).
    coalesce_rules: Option<crate::chart::deps::CoalesceRules>,
    env: OnceLock<Arc<Environment<'static>>>,
    fast: Option<fast::Program>,
    /// `Chart` as templates see it.
    chart_tv: Value,
    /// The templates Helm executes, in its execution order.
    order: Vec<Step>,
    /// `templates/_helpers.tpl`, when the chart has one: its full name, and whether its
    /// helpers can be evaluated once per render (they do not read `Template`). Templates see
    /// it as `h` ([`engine::helpers`]). Found on first use: only minijinja needs it.
    helpers: OnceLock<Option<(String, bool)>>,
    /// The Helm release whose output this renders.
    helm: HelmVersion,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("chart", &self.chart.name())
            .field("fast", &self.fast.is_some())
            .finish()
    }
}

/// The annotation of `Chart.yaml` that names a chart's template dialect.
pub const DIALECT_ANNOTATION: &str = "orochart.io/template-dialect";

/// The template language a chart is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Go's `text/template` with Helm's functions: every Helm chart. The default.
    Go,
    /// orochart's minijinja dialect (Jinja syntax, Helm's functions as filters), declared in
    /// `Chart.yaml` with the annotation `orochart.io/template-dialect: minijinja`.
    Minijinja,
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

impl Renderer {
    /// Compiles every template of the chart, in the dialect it declares ([`Dialect::of`]).
    /// Syntax errors are reported here.
    ///
    /// In the minijinja dialect, templates inside the fast path's subset render on it, unless
    /// the environment variable `OROCHART_ENGINE` is `minijinja` (an escape hatch for telling
    /// the two engines apart; see [`Renderer::with_minijinja`]).
    pub fn new(chart: Chart) -> Result<Renderer> {
        let dialect = Dialect::of(&chart)?;
        Renderer::in_dialect(chart, dialect)
    }

    /// [`Renderer::new`] in the given dialect, whatever the chart declares (the CLI's
    /// `--template-dialect`: a chart written for orochart's minijinja dialect before it had to
    /// say so, or a tool that knows better).
    pub fn in_dialect(chart: Chart, dialect: Dialect) -> Result<Renderer> {
        if dialect == Dialect::Go {
            return Renderer::with_go(chart);
        }
        if std::env::var_os("OROCHART_ENGINE").is_some_and(|e| e == "minijinja") {
            return Renderer::with_minijinja(chart);
        }
        let fast = fast::precompiled(&chart).or_else(|| {
            let files: Vec<(&str, &str)> = chart
                .templates
                .iter()
                .map(|t| (t.path.as_str(), t.source.as_str()))
                .collect();
            fast::compile(&files).ok()
        });
        Renderer::with_program(chart, fast)
    }

    /// Compiles every template with minijinja only: no fast path. The output is the same;
    /// this is for comparing the engines and for ruling the fast path out when in doubt.
    pub fn with_minijinja(chart: Chart) -> Result<Renderer> {
        Renderer::with_program(chart, None)
    }

    /// Parses every template as Go's text/template, as Helm does ([`Dialect::Go`]).
    pub fn with_go(chart: Chart) -> Result<Renderer> {
        chart.check_installable()?;
        if chart.has_dependencies() {
            let mut r = Renderer::build(chart, None, OnceLock::new())?;
            r.go_tree = true;
            return Ok(r);
        }
        let files: Vec<(String, &str)> = chart
            .templates
            .iter()
            .map(|t| {
                (
                    format!("{}/templates/{}", chart.name(), t.path),
                    t.source.as_str(),
                )
            })
            .collect();
        let go = crate::gotpl::engine::HelmTemplates::parse(&files)?;
        let mut r = Renderer::build(chart, None, OnceLock::new())?;
        r.go = Some(go);
        Ok(r)
    }

    /// Coalesces subchart values under `rules` instead of the rules of the profile the values
    /// are built for ([`ValueOptions::helm`]; see [`crate::chart::deps::CoalesceRules`]).
    pub fn with_coalesce_rules(mut self, rules: crate::chart::deps::CoalesceRules) -> Renderer {
        self.coalesce_rules = Some(rules);
        self
    }

    /// The dialect this renderer executes.
    pub fn dialect(&self) -> Dialect {
        if self.go.is_some() || self.go_tree {
            Dialect::Go
        } else {
            Dialect::Minijinja
        }
    }

    /// [`Renderer::new`] with the fast program already compiled (or `None`: minijinja only).
    pub(crate) fn with_program(chart: Chart, fast: Option<fast::Program>) -> Result<Renderer> {
        let env = OnceLock::new();
        if fast.is_none() {
            // minijinja is the only engine: compile now, so syntax errors show here.
            let _ = env.set(Arc::new(engine::build_environment(&chart)?));
        }
        Renderer::build(chart, fast, env)
    }

    fn build(
        chart: Chart,
        fast: Option<fast::Program>,
        env: OnceLock<Arc<Environment<'static>>>,
    ) -> Result<Renderer> {
        let helm = HelmVersion::default();
        let chart_tv = chart.metadata.to_template_value_for(helm.profile());
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
        Ok(Renderer {
            chart: Arc::new(chart),
            go: None,
            go_tree: false,
            coalesce_rules: None,
            env,
            fast,
            chart_tv,
            order,
            helpers: OnceLock::new(),
            helm,
        })
    }

    /// Renders as `helm` does (framing, install order, `.Chart`); the default is
    /// [`HelmVersion::default`]. Values are built by the version in [`ValueOptions::helm`],
    /// and `.Capabilities` by [`Capabilities::from_flags_for`]: give all three the same.
    pub fn with_helm(mut self, helm: HelmVersion) -> Renderer {
        self.helm = helm;
        self.chart_tv = self.chart.metadata.to_template_value_for(helm.profile());
        self
    }

    /// The Helm release this renders as.
    pub fn helm(&self) -> HelmVersion {
        self.helm
    }

    /// Whether this chart renders on the fast path (its templates are inside its subset).
    pub fn is_fast(&self) -> bool {
        self.fast.is_some()
    }

    /// The minijinja environment, compiled on first use.
    fn env(&self) -> Result<&Arc<Environment<'static>>> {
        if let Some(env) = self.env.get() {
            return Ok(env);
        }
        let env = Arc::new(engine::build_environment(&self.chart)?);
        Ok(self.env.get_or_init(|| env))
    }

    /// The chart being rendered.
    pub fn chart(&self) -> &Chart {
        &self.chart
    }

    /// Builds the final `.Values`: user values from the options (Helm's flag order) coalesced
    /// onto the chart's defaults. `read` reads `-f` and `--set-file` files.
    pub fn values(
        &self,
        options: &ValueOptions,
        read: &dyn Fn(&str) -> Result<String>,
    ) -> Result<Map> {
        self.values_with(options, read, true)
    }

    /// [`Renderer::values`], with the schema check only when `validate` (Helm's
    /// `--skip-schema-validation` turns it off).
    pub fn values_with(
        &self,
        options: &ValueOptions,
        read: &dyn Fn(&str) -> Result<String>,
        validate: bool,
    ) -> Result<Map> {
        // Where each value was written only matters for a problem report: build the values
        // without it, and again with it only if the schema finds a problem. The files read
        // the first time are kept so that they are read once (`-f -` is stdin).
        let texts = std::cell::RefCell::new(std::collections::HashMap::new());
        let read_once = |path: &str| -> Result<String> {
            if let Some(text) = texts.borrow().get(path) {
                return Ok(String::clone(text));
            }
            let text = read(path)?;
            texts.borrow_mut().insert(path.to_owned(), text.clone());
            Ok(text)
        };
        let user = Value::Map(values::user_values(options, &read_once)?);
        if let Some(schema) = self.chart.schema.as_ref().filter(|_| validate) {
            if schema.has_problems(&user) {
                let (user, origins) = values::merge_user_values(options, &read_once)?;
                self.check_values(&user, &origins)?;
            }
        }
        let chart_values = self.chart.values_for(options.helm.profile());
        let Value::Map(user) = user else {
            return Ok(chart_values.into_owned());
        };
        if self.go_tree {
            crate::chart::deps::check_dependencies_for(&self.chart, options.helm.profile())?;
            let (node, values) = crate::chart::deps::resolve_with(
                &self.chart,
                &user,
                self.coalesce_rules
                    .unwrap_or_else(|| options.helm.profile().values.coalesce_rules()),
            )?;
            if validate {
                check_subchart_schemas(&node, &values)?;
            }
            return Ok(values);
        }
        Ok(values::coalesce(user, &chart_values))
    }

    /// Checks user values against the chart's `values.schema.json` (for the built-in chart,
    /// generated from its typed values): every problem at once, with file, line and key path.
    pub fn check_values(&self, user: &Map, origins: &crate::value::Origins) -> Result<()> {
        if let Some(schema) = &self.chart.schema {
            let problems = crate::schema::check(schema, user, origins);
            if !problems.is_empty() {
                return Err(Error::Values(problems));
            }
        }
        Ok(())
    }

    /// Renders with final values (already coalesced with the chart's defaults).
    pub fn render(
        &self,
        values: &Map,
        release: &Release,
        capabilities: &Capabilities,
    ) -> Result<Rendered> {
        self.check_kube_version(capabilities)?;
        if self.go_tree {
            let (texts, crds) = crate::gotpl::tree::render(
                &self.chart,
                values,
                release,
                capabilities,
                self.helm.profile(),
            )?;
            let mut rendered = self.finish(clean_no_value(texts))?;
            rendered.tree_crds = Some(crds);
            return Ok(rendered);
        }
        self.finish(self.render_texts(values, release, capabilities)?)
    }

    /// Helm's check of Chart.yaml's `kubeVersion` against the capabilities' version.
    fn check_kube_version(&self, capabilities: &Capabilities) -> Result<()> {
        let constraint = &self.chart.metadata.kube_version;
        if constraint.is_empty() {
            return Ok(());
        }
        let version = &capabilities.kube_version.version;
        if crate::semver::matches(constraint, version).unwrap_or(false) {
            return Ok(());
        }
        Err(Error::Invalid(format!(
            "chart requires kubeVersion: {constraint} which is incompatible with Kubernetes {version}"
        )))
    }

    /// What each printed template rendered to, in render order, before it is split into
    /// documents and read back: what `helm template --debug` shows when a document is not
    /// valid YAML.
    pub fn render_texts(
        &self,
        values: &Map,
        release: &Release,
        capabilities: &Capabilities,
    ) -> Result<Vec<(String, String)>> {
        let outputs = if self.go_tree {
            crate::gotpl::tree::render(
                &self.chart,
                values,
                release,
                capabilities,
                self.helm.profile(),
            )?
            .0
        } else if self.go.is_some() {
            self.render_go(values, release, capabilities)?
        } else {
            match self.render_fast(values, release) {
                Some(outputs) => outputs,
                None => self.render_minijinja(values, release, capabilities)?,
            }
        };
        Ok(clean_no_value(outputs))
    }

    /// The printed templates' texts by the Go template engine, in Helm's execution order.
    fn render_go(
        &self,
        values: &Map,
        release: &Release,
        capabilities: &Capabilities,
    ) -> Result<Vec<(String, String)>> {
        let Some(go) = &self.go else {
            return Ok(Vec::new());
        };
        let values = match crate::gotpl::value::Value::from_values(&Value::Map(values.clone())) {
            crate::gotpl::value::Value::Map(m) => m,
            _ => crate::gotpl::value::Dict::new(),
        };
        let profile = self.helm.profile();
        let caps = crate::gotpl::helm::capabilities(capabilities, &profile.go);
        let top = crate::gotpl::engine::chart_object(
            values,
            release,
            &self.chart.metadata,
            profile,
            true,
            &caps,
            &self.chart,
            BTreeMap::new(),
        );
        let base_path = format!("{}/templates", self.chart.name());
        let texts = go.render(&top, &base_path, &profile.go)?;
        let printed: std::collections::HashSet<&str> = self
            .order
            .iter()
            .filter(|s| s.printed)
            .map(|s| s.name.as_str())
            .collect();
        Ok(texts
            .into_iter()
            .filter(|(name, _)| printed.contains(name.as_str()))
            .collect())
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
        values: &Map,
        release: &Release,
        capabilities: &Capabilities,
    ) -> Result<Vec<(String, String)>> {
        let env = self.env()?;
        engine::limits::start_render();
        let base_path = format!("{}/templates", self.chart.name());
        let mut ctx = BTreeMap::new();
        ctx.insert("Values", MjValue::from_serialize(values));
        ctx.insert("Release", engine::from_value(&release.to_template_value()));
        ctx.insert("Chart", engine::from_value(&self.chart_tv));
        ctx.insert("Capabilities", capabilities.to_template_value());
        let helpers = self.helpers.get_or_init(|| {
            let chart = &self.chart;
            chart
                .templates
                .iter()
                .find(|t| t.path == "_helpers.tpl")
                .map(|t| {
                    let name = format!("{}/templates/_helpers.tpl", chart.name());
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

    /// Splits the printed texts into documents and sorts them as Helm does.
    fn finish(&self, mut outputs: Vec<(String, String)>) -> Result<Rendered> {
        outputs.sort_by(|a, b| a.0.cmp(&b.0));
        let profile = self.helm.profile();
        let mut manifests = Vec::new();
        let mut hooks = Vec::new();
        for (name, text) in &outputs {
            for doc in manifest::split_documents_for(profile.framing, text) {
                if let Some(m) = Manifest::from_text_for(profile, name, doc)? {
                    if m.is_hook() {
                        hooks.push(m);
                    } else {
                        manifests.push(m);
                    }
                }
            }
        }
        manifest::sort_by_kind_for(profile, &mut manifests);
        manifest::sort_by_kind_for(profile, &mut hooks);
        Ok(Rendered {
            crds: Vec::new(),
            tree_crds: None,
            manifests,
            hooks,
        })
    }
}

/// Helm's `ValidateAgainstSchema` for the subcharts: each enabled subchart's section of the
/// final values against its own `values.schema.json`, every chart's problems in one error
/// under Helm's heading (the problems in orochart's words).
fn check_subchart_schemas(root: &crate::chart::deps::Node<'_>, values: &Map) -> Result<()> {
    fn walk(node: &crate::chart::deps::Node<'_>, values: &Map, out: &mut String) {
        for child in &node.children {
            let section = match values.get(child.name.as_str()) {
                Some(Value::Map(m)) => m.clone(),
                _ => Map::new(),
            };
            if let Some(schema) = &child.chart.schema {
                let problems = crate::schema::check(schema.json(), &section, &Default::default());
                if !problems.is_empty() {
                    out.push_str(&format!("{}:\n", child.name));
                    for p in problems {
                        out.push_str(&format!("- {}: {}\n", p.path, p.message));
                    }
                }
            }
            walk(child, &section, out);
        }
    }
    let mut out = String::new();
    walk(root, values, &mut out);
    if out.is_empty() {
        return Ok(());
    }
    Err(Error::Invalid(format!(
        "values don't meet the specifications of the schema(s) in the following chart(s):\n{out}"
    )))
}

/// Helm deletes every `<no value>` from each rendered file (§5.1).
fn clean_no_value(mut outputs: Vec<(String, String)>) -> Vec<(String, String)> {
    for (_, text) in &mut outputs {
        if text.contains("<no value>") {
            *text = text.replace("<no value>", "");
        }
    }
    outputs
}

/// What a render produced: manifests in install order, then hooks.
#[derive(Debug, Clone, Serialize)]
pub struct Rendered {
    /// CRD files printed first, raw, as `(source, text)`: empty unless
    /// [`Rendered::include_crds`] was called (`--include-crds`).
    #[serde(skip)]
    pub crds: Vec<(String, String)>,
    /// The `crds/` files of the chart and of its enabled subcharts, when it has subcharts.
    #[serde(skip)]
    tree_crds: Option<Vec<(String, String)>>,
    /// Non-hook documents, in Helm's install order.
    pub manifests: Vec<Manifest>,
    /// Hook documents, sorted by kind.
    pub hooks: Vec<Manifest>,
}

impl Rendered {
    /// The bytes `helm template` prints.
    pub fn to_helm_output(&self) -> String {
        manifest::helm_output(&self.crds, &self.manifests, &self.hooks)
    }

    /// [`Rendered::to_helm_output`] through a post-renderer (`--post-renderer`): the CRDs and
    /// manifests go through `post`, the hooks do not (Helm 3).
    pub fn to_helm_output_post_rendered<E>(
        &self,
        post: impl FnOnce(String) -> std::result::Result<String, E>,
    ) -> std::result::Result<String, E> {
        manifest::helm_output_post_rendered(&self.crds, &self.manifests, &self.hooks, post)
    }

    /// Prints the chart's `crds/` files first, raw, as `helm template --include-crds` does
    /// (and as ArgoCD renders Helm charts unless told to skip CRDs).
    pub fn include_crds(&mut self, chart: &Chart) {
        if let Some(crds) = &self.tree_crds {
            self.crds = crds.clone();
            return;
        }
        self.crds = chart
            .crds
            .iter()
            .map(|c| {
                (
                    format!("{}/crds/{}", chart.name(), c.path),
                    c.source.clone(),
                )
            })
            .collect();
    }

    /// Drops hooks (`--no-hooks`) or only test hooks (`--skip-tests`).
    pub fn filter_hooks(&mut self, no_hooks: bool, skip_tests: bool) {
        if no_hooks {
            self.hooks.clear();
        } else if skip_tests {
            self.hooks.retain(|h| !h.is_test());
        }
    }

    /// Every document, manifests then hooks.
    pub fn all(&self) -> impl Iterator<Item = &Manifest> {
        self.manifests.iter().chain(self.hooks.iter())
    }

    /// One JSON array of manifest objects (`kind`, `apiVersion`, `name`, `namespace`,
    /// `source`, `body`, `text`), for tools.
    pub fn to_json(&self) -> String {
        let all: Vec<&Manifest> = self.all().collect();
        serde_json::to_string_pretty(&all).unwrap_or_else(|_| "[]".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_names_are_checked_like_helm() {
        assert!(Release::new("microservice-identity", "ns").is_ok());
        let e = Release::new_for(HelmVersion::V3_17, "Bad_Name", "ns")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some(
                r#"release name "Bad_Name": invalid release name, must match regex ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length must not be longer than 53"#
            )
        );
        // Helm 4 (the default) prefixes it.
        let e = Release::new("Bad_Name", "ns").err().map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.starts_with("release name check failed: release name \"Bad_Name\"")));
        assert!(Release::new("a".repeat(54), "ns").is_err());
    }

    #[test]
    fn release_name_check_agrees_with_helms_regex() {
        let re = regex::Regex::new(RELEASE_NAME_RULE).unwrap_or_else(|e| panic!("{e}"));
        let alphabet = ["a", "z", "0", "9", "-", ".", "A", "_", "é", " "];
        // Every string of up to 4 symbols from the alphabet, plus a few longer shapes.
        let mut names = vec![String::new()];
        let mut frontier = vec![String::new()];
        for _ in 0..4 {
            let mut next = Vec::new();
            for prefix in &frontier {
                for c in alphabet {
                    next.push(format!("{prefix}{c}"));
                }
            }
            names.extend(next.iter().cloned());
            frontier = next;
        }
        names.extend(
            [
                "my-app.v1.example",
                "a..b",
                "a.-b",
                "a-.b",
                ".a",
                "a.",
                "web-1\n",
            ]
            .map(str::to_owned),
        );
        for name in &names {
            assert_eq!(is_dns1123_subdomain(name), re.is_match(name), "{name:?}");
        }
    }

    #[test]
    fn a_chart_picks_its_dialect_in_chart_yaml_and_defaults_to_go() {
        let chart = |annotations: &str| {
            Chart::from_files(
                "c",
                [
                    (
                        "Chart.yaml",
                        format!("apiVersion: v2\nname: c\nversion: 0.1.0\n{annotations}"),
                    ),
                    ("templates/a.yaml", "a: {{ .Values.x }}\n".to_owned()),
                ],
            )
            .unwrap_or_else(|e| panic!("{e}"))
        };
        let of = |a: &str| Dialect::of(&chart(a)).map_err(|e| e.to_string());
        assert_eq!(of(""), Ok(Dialect::Go));
        assert_eq!(
            of("annotations:\n  orochart.io/template-dialect: go\n"),
            Ok(Dialect::Go)
        );
        assert_eq!(
            of("annotations:\n  orochart.io/template-dialect: minijinja\n"),
            Ok(Dialect::Minijinja)
        );
        assert_eq!(
            of("annotations:\n  orochart.io/template-dialect: jinja\n"),
            Err("`c/Chart.yaml`: annotation `orochart.io/template-dialect` is `jinja`; expected `go` or `minijinja`".to_owned())
        );
        // The same template text means different things in each dialect.
        let r = Renderer::new(chart("")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.dialect(), Dialect::Go);
        let jinja = Renderer::new(chart(
            "annotations:\n  orochart.io/template-dialect: minijinja\n",
        ));
        assert!(jinja.is_err(), "`.Values` is not minijinja");
    }

    #[test]
    fn a_profile_steers_how_subchart_values_coalesce() {
        let chart = Chart::from_files(
            "p",
            [
                ("Chart.yaml", "apiVersion: v2\nname: p\nversion: 0.1.0\n"),
                ("values.yaml", "sub:\n  flag: null\n"),
                (
                    "charts/sub/Chart.yaml",
                    "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
                ),
                ("charts/sub/values.yaml", "flag: true\n"),
                ("charts/sub/templates/cm.yaml", "flag: {{ .Values.flag }}\n"),
            ],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let flag = |rules| {
            let r = Renderer::new(chart.clone())
                .unwrap_or_else(|e| panic!("{e}"))
                .with_coalesce_rules(rules);
            let values = r
                .values(&ValueOptions::default(), &|_| Ok(String::new()))
                .unwrap_or_else(|e| panic!("{e}"));
            let out = r
                .render(
                    &values,
                    &Release::new("r", "ns").unwrap_or_else(|e| panic!("{e}")),
                    &Capabilities::default(),
                )
                .unwrap_or_else(|e| panic!("{e}"));
            out.to_helm_output()
        };
        // Helm 3.17.2 and 4.1.4 delete the default; 4.2.3 and 4.3.1 keep it.
        assert!(!flag(crate::chart::deps::CoalesceRules::HELM_3).contains("flag: true"));
        assert!(flag(crate::chart::deps::CoalesceRules::HELM_4_2).contains("flag: true\n"));
    }

    #[test]
    fn default_capabilities_are_the_profiles() {
        let c = Capabilities::for_profile(HelmVersion::V3_17.profile());
        assert_eq!(c.kube_version.version, "v1.32.0");
        assert_eq!(c.api_versions.len(), 56);
        assert_eq!(c.api_versions, DEFAULT_API_VERSIONS);
        let c = Capabilities::default();
        assert_eq!(
            (
                c.kube_version.version.as_str(),
                c.kube_version.minor.as_str()
            ),
            ("v1.37.0", "37")
        );
        assert!(!c.api_versions.iter().any(|a| a == "autoscaling/v2beta2"));
        assert!(c
            .api_versions
            .iter()
            .any(|a| a == "storagemigration.k8s.io/v1"));
    }

    #[test]
    fn kube_version_flag_is_padded() {
        let k = KubeVersion::parse("1.27").ok();
        assert_eq!(
            k.map(|k| (k.version, k.minor)),
            Some(("v1.27.0".into(), "27".into()))
        );
        let e = KubeVersion::parse("abc").err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("invalid kube version 'abc': Invalid Semantic Version")
        );
    }
}
