//! Rendering a chart: the release, the capabilities, the compiled chart and what comes out.

use std::sync::Arc;

use serde::Serialize;

use crate::chart::Chart;
use crate::engines::{self, Engine, EngineOptions, Job};
use crate::error::{Error, Result};
use crate::gotpl::engine::RawOutputs;
use crate::manifest::{self, Manifest};
use crate::profile::HelmVersion;
use crate::value::{Map, Origins, Value};
use crate::values::{self, ValueOptions};

pub use crate::engines::Dialect;
pub use crate::gotpl::engine::keep_templates_until_exit;
pub use crate::request::{
    validate_release_name, Capabilities, KubeVersion, Limits, Release, RemoteAccess, RenderRequest,
    DEFAULT_API_VERSIONS,
};

/// A chart compiled once, ready to render any number of releases and values.
///
/// The chart's templates are compiled by the engine of its dialect ([`Dialect`]); the
/// pipeline around it (values, document split, install order, hooks, framing) is the same for
/// every engine.
pub struct Renderer {
    chart: Arc<Chart>,
    /// The chart's templates, compiled by the engine of its dialect.
    engine: Box<dyn Engine>,
    /// Subchart coalescing rules that override the profile's ([`Renderer::with_coalesce_rules`]).
    coalesce_rules: Option<crate::chart::deps::CoalesceRules>,
    /// The Helm release whose output this renders.
    helm: HelmVersion,
    /// The `TZ` variable Helm would see ([`Renderer::with_time_zone`]).
    tz: Option<String>,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("chart", &self.chart.name())
            .field("engine", &self.engine)
            .finish()
    }
}

/// The annotation of `Chart.yaml` that names a chart's template dialect.
pub const DIALECT_ANNOTATION: &str = crate::chart::DIALECT_ANNOTATION;

/// How a run's values step goes ([`Renderer::build_values`]'s options): whether the schemas
/// are checked, whether the user's values are kept with their origins, whether Helm 4's
/// debug lines are logged, and the checks where Helm's install starts.
struct ValuesStep<'a> {
    validate: bool,
    keep_user: bool,
    debug: bool,
    install: &'a dyn Fn() -> Result<()>,
}

impl Renderer {
    /// Compiles every template of the chart, in the dialect it declares ([`Dialect::of`]).
    /// The minijinja dialect's syntax errors are reported here; a Go template's by the render,
    /// after the values' errors, as Helm reports them (Helm parses the templates once it has
    /// built and validated the values).
    ///
    /// In the minijinja dialect, templates inside the fast path's subset render on it (see
    /// [`Renderer::with_minijinja`] to rule it out).
    pub fn new(chart: Chart) -> Result<Renderer> {
        let dialect = Dialect::of(&chart)?;
        Renderer::in_dialect(chart, dialect)
    }

    /// [`Renderer::new`] in the given dialect, whatever the chart declares (the CLI's
    /// `--template-dialect`: a chart written for orochart's minijinja dialect before it had to
    /// say so, or a tool that knows better).
    pub fn in_dialect(chart: Chart, dialect: Dialect) -> Result<Renderer> {
        Renderer::compile(chart, dialect, EngineOptions::default())
    }

    /// [`Renderer::in_dialect`] (`None`: the dialect the chart declares), with the minijinja
    /// dialect's fast path ruled out unless `fast_path`: how a tool passes on its user's
    /// choice of engine (the CLI's `OROCHART_ENGINE=minijinja`).
    pub fn with_engine(
        chart: Chart,
        dialect: Option<Dialect>,
        fast_path: bool,
    ) -> Result<Renderer> {
        let dialect = match dialect {
            Some(d) => d,
            None => Dialect::of(&chart)?,
        };
        let options = EngineOptions {
            no_fast_path: !fast_path,
        };
        Renderer::compile(chart, dialect, options)
    }

    /// Compiles every template with minijinja only: no fast path. The output is the same;
    /// this is for comparing the engines and for ruling the fast path out when in doubt.
    pub fn with_minijinja(chart: Chart) -> Result<Renderer> {
        let options = EngineOptions { no_fast_path: true };
        Renderer::compile(chart, Dialect::Minijinja, options)
    }

    /// Parses every template as Go's text/template, as Helm does ([`Dialect::Go`]).
    pub fn with_go(chart: Chart) -> Result<Renderer> {
        Renderer::in_dialect(chart, Dialect::Go)
    }

    fn compile(chart: Chart, dialect: Dialect, options: EngineOptions) -> Result<Renderer> {
        let engine = engines::compile(&chart, dialect, options)
            .map_err(|e| e.with_source_from(|name| chart.template_source(name)))?;
        Ok(Renderer {
            chart: Arc::new(chart),
            engine,
            coalesce_rules: None,
            helm: HelmVersion::default(),
            tz: None,
        })
    }

    /// Coalesces subchart values under `rules` instead of the rules of the profile the values
    /// are built for ([`ValueOptions::helm`]; see [`crate::chart::deps::CoalesceRules`]).
    pub fn with_coalesce_rules(mut self, rules: crate::chart::deps::CoalesceRules) -> Renderer {
        self.coalesce_rules = Some(rules);
        self
    }

    /// The dialect this renderer executes.
    pub fn dialect(&self) -> Dialect {
        self.engine.dialect()
    }

    /// Renders as `helm` does (framing, install order, `.Chart`); the default is
    /// [`HelmVersion::default`]. Values are built by the version in [`ValueOptions::helm`],
    /// and `.Capabilities` by [`Capabilities::from_flags_for`]: give all three the same.
    pub fn with_helm(mut self, helm: HelmVersion) -> Renderer {
        self.helm = helm;
        self.engine.set_helm(&self.chart, helm);
        self
    }

    /// Renders with Go's local time as Helm sees it when its environment's `TZ` is `tz`
    /// (`None`: unset, so `/etc/localtime`): `now`, `date`, `toDate` and `dateInZone "Local"`
    /// use it. The library reads no environment: a tool passes its own `TZ` here, as the
    /// CLI does.
    pub fn with_time_zone(mut self, tz: Option<String>) -> Renderer {
        self.tz = tz;
        self
    }

    /// The Helm release this renders as.
    pub fn helm(&self) -> HelmVersion {
        self.helm
    }

    /// Whether this chart renders on the fast path (its templates are inside its subset).
    pub fn is_fast(&self) -> bool {
        self.engine.is_fast()
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
        Ok(self
            .build_values(
                options,
                read,
                ValuesStep {
                    validate,
                    keep_user: false,
                    debug: false,
                    install: &|| Ok(()),
                },
                &mut Vec::new(),
            )?
            .values)
    }

    /// The values step of a run: `.Values`, and the user's values with their origins when
    /// `keep_user` ([`RenderRequest::keep_user_values`]); with `debug`, Helm 4's `--debug`
    /// lines of the schema validation in `log`. `install` is where Helm's install starts:
    /// once the user's values are read and the dependencies checked, before they are
    /// resolved and coalesced.
    fn build_values(
        &self,
        options: &ValueOptions,
        read: &dyn Fn(&str) -> Result<String>,
        step: ValuesStep<'_>,
        log: &mut Vec<crate::chart::deps::Warning>,
    ) -> Result<BuiltValues<'_>> {
        let ValuesStep {
            validate,
            keep_user,
            debug,
            install,
        } = step;
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
        // A YAML error in a values file carries the line's text, for `{:#}`'s excerpt.
        let excerpt = |e: Error| {
            let text = e
                .location()
                .and_then(|(file, _)| texts.borrow().get(file).cloned());
            match text {
                Some(text) => e.with_source(&text),
                None => e,
            }
        };
        let (user, kept_origins) = if keep_user {
            let (user, origins) =
                values::merge_user_values(options, &read_once).map_err(excerpt)?;
            (user, Some(origins))
        } else {
            (
                values::user_values(options, &read_once).map_err(excerpt)?,
                None,
            )
        };
        let kept = |user: &Map| kept_origins.map(|o| (user.clone(), o));
        let user = Value::Map(user);
        // The built-in chart's typed values: orochart's check, with file, line and key path.
        let typed = self.chart.schema.as_ref().filter(|s| s.is_typed());
        if let Some(schema) = typed.filter(|_| validate) {
            if schema.has_problems(&user) {
                let (user, origins) = values::merge_user_values(options, &read_once)?;
                self.check_values(&user, &origins)?;
            }
        }
        // Helm 4 loads an `apiVersion: v3` chart, then refuses to install it once the values
        // are read.
        if options.helm.logs_with_slog() && self.chart.metadata.api_version == "v3" {
            return Err(Error::Invalid("invalid chart apiVersion".into()));
        }
        let profile = options.helm.profile();
        let chart_values = self.chart.values_for(profile);
        let Value::Map(user) = user else {
            return Ok(BuiltValues {
                values: chart_values.into_owned(),
                user: None,
                tree: None,
            });
        };
        let user_kept = kept(&user);
        if self.engine.renders_subcharts() {
            crate::chart::deps::check_dependencies_for(&self.chart, profile)?;
            install()?;
            let warnings = std::cell::RefCell::new(Vec::new());
            let resolved = crate::chart::deps::resolve_noting(
                &self.chart,
                &user,
                self.coalesce_rules
                    .unwrap_or_else(|| profile.values.coalesce_rules()),
                profile.go.funcs.semver,
                Some(&warnings),
            );
            // What was logged before a failure is logged all the same.
            log.append(&mut warnings.into_inner());
            let (node, values) = resolved.map_err(|f| match f.error {
                // Helm's dependency passes wrap their error; the final coalescing (the only
                // one when Chart.yaml lists no dependencies) does not.
                Error::Invalid(m) if f.in_dependencies => {
                    let prefix = profile.messages.dependencies_failed_prefix;
                    if !prefix.is_empty() {
                        log.push(crate::chart::deps::Warning::new(
                            crate::chart::deps::WarningSite::DependenciesFailed,
                            m.clone(),
                        ));
                    }
                    Error::Invalid(format!("{prefix}{m}"))
                }
                e => e,
            })?;
            if validate {
                if values::json_number::has_marks(&values) {
                    let plain = values::json_number::unmark(&values);
                    check_schemas(&node, &plain, profile, debug, log)?;
                } else {
                    check_schemas(&node, &values, profile, debug, log)?;
                }
            }
            return Ok(BuiltValues {
                values,
                user: user_kept,
                tree: Some(node),
            });
        }
        install()?;
        // Helm v3.18.0's json.Number defaults are a Go template matter.
        let json_numbers = profile.values.numbers_as_json_number
            && self.engine.dialect() == crate::engines::Dialect::Go;
        let name = self.chart.name();
        let (values, warned) = if json_numbers {
            values::coalesce_with_warnings(user, &values::json_number::mark(&chart_values), name)
        } else {
            values::coalesce_with_warnings(user, &chart_values, name)
        };
        // A chart without subcharts goes through one of Helm's coalescing passes (the final
        // one): its warnings, once. A minijinja-dialect chart logs what Helm logs for the Go
        // chart it was ported from.
        let warned = warned.into_iter().filter_map(|message| {
            let site = crate::chart::deps::WarningSite::of_message(&message)?;
            Some(crate::chart::deps::Warning::new(site, message))
        });
        let start = log.len();
        log.extend(warned);
        // Chart.yaml's `dependencies: []` (a list, even empty) makes Helm's dependency pass
        // coalesce the same values once before: the same warnings, twice.
        if self.chart.metadata.dependencies_declared {
            log.extend_from_within(start..);
        }
        let schema = self.chart.schema.as_ref().filter(|s| !s.is_typed());
        if validate && (schema.is_some() || debug) {
            let tree = crate::jsonschema::ChartSchemas {
                name: &self.chart.metadata.name,
                schema: schema.map(|s| s.json()),
                fault: schema.and_then(|s| s.fault()),
                source: schema.and_then(|s| s.source()),
                children: Vec::new(),
            };
            let plain;
            let checked = if json_numbers {
                plain = values::json_number::unmark(&values);
                &plain
            } else {
                &values
            };
            validate_logging(&tree, checked, profile, debug, log)?;
        }
        Ok(BuiltValues {
            values,
            user: user_kept,
            tree: None,
        })
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

    /// Renders one request: values built from its options (files read through `read`) and
    /// checked against the schema, templates executed, documents split and sorted, hooks and
    /// CRDs kept as asked. The one entry point from flags to manifests; see
    /// [`Renderer::run_traced`] for the values and a failed render's texts too.
    pub fn run(
        &self,
        request: &RenderRequest,
        read: &dyn Fn(&str) -> Result<String>,
    ) -> Result<Rendered> {
        let run = self.run_traced(request, read)?;
        run.rendered.map_err(|f| f.error)
    }

    /// [`Renderer::run`], step by step: building the values fails the call (`Err`); the
    /// render's outcome is in the [`Run`] beside the values the templates saw (and, with
    /// [`RenderRequest::keep_user_values`], the user's values and where each was written),
    /// so a tool can report either (`--debug` prints a failed render's texts, `lint` checks
    /// the values).
    pub fn run_traced(
        &self,
        request: &RenderRequest,
        read: &dyn Fn(&str) -> Result<String>,
    ) -> Result<Run> {
        self.run_noting(request, read, &mut Vec::new())
    }

    /// [`Renderer::run_traced`], appending to `log` the lines Helm logs while it builds the
    /// values (its coalescing warnings, Helm 4's unresolved `urn:` warnings and its error log
    /// before a failed dependency pass), also when building them fails, as Helm prints them
    /// before its error. A [`Run`] holds the same warnings (those this call appended) in
    /// [`Run::warnings`].
    pub fn run_noting(
        &self,
        request: &RenderRequest,
        read: &dyn Fn(&str) -> Result<String>,
        log: &mut Vec<crate::chart::deps::Warning>,
    ) -> Result<Run> {
        self.run_installing(request, read, log, &|| Ok(()))
    }

    /// [`Renderer::run_noting`], with the caller's checks where Helm's install starts
    /// (`before_install`): Helm reads the user's values, loads the chart and checks its
    /// dependencies are present (`Chart.yaml`'s against `charts/`), then checks what it would
    /// install with (Helm 3's `--dry-run` value, the cluster it would reach) and the release
    /// name ([`validate_release_name`]; a [`Release`] made with [`Release::new_for`] was
    /// checked already), then resolves and coalesces the values, checks them against the
    /// schemas and renders. An error there is the run's error, so it comes after a values
    /// file's and before a schema's, as in Helm.
    pub fn run_installing(
        &self,
        request: &RenderRequest,
        read: &dyn Fn(&str) -> Result<String>,
        log: &mut Vec<crate::chart::deps::Warning>,
        before_install: &dyn Fn() -> Result<()>,
    ) -> Result<Run> {
        let start = log.len();
        // Go's quoting (log lines, `%q` in messages) follows the Helm's Unicode version.
        crate::go::set_unicode(request.helm.profile().go.funcs.unicode);
        if let Some(e) = self.chart.load_failure(request.helm) {
            return Err(e);
        }
        if request.helm != self.helm {
            return Err(Error::Invalid(format!(
                "the request is for Helm {} but the chart was compiled for Helm {}",
                request.helm, self.helm
            )));
        }
        let options;
        let options = if request.values.helm == request.helm {
            &request.values
        } else {
            options = ValueOptions {
                helm: request.helm,
                ..request.values.clone()
            };
            &options
        };
        let built = self.build_values(
            options,
            read,
            ValuesStep {
                validate: request.validate_schema,
                keep_user: request.keep_user_values,
                debug: request.debug_log && request.helm.logs_with_slog(),
                install: &|| {
                    before_install()?;
                    crate::request::check_release_name(request.helm, &request.release.name)
                },
            },
            log,
        )?;
        let rendered = self
            .render_step(
                &built.values,
                &request.release,
                &request.capabilities,
                request.remote,
                built.tree.as_ref(),
            )
            .and_then(|mut rendered| {
                rendered.filter_hooks(request.no_hooks, request.skip_tests);
                if request.include_crds {
                    rendered
                        .include_crds(&self.chart)
                        .map_err(|error| RenderFailure {
                            error,
                            texts: Vec::new(),
                        })?;
                }
                Ok(rendered)
            });
        Ok(Run {
            values: built.values,
            user_values: built.user,
            warnings: log[start..].to_vec(),
            rendered,
        })
    }

    /// Renders with final values (already coalesced with the chart's defaults).
    pub fn render(
        &self,
        values: &Map,
        release: &Release,
        capabilities: &Capabilities,
    ) -> Result<Rendered> {
        self.render_step(values, release, capabilities, RemoteAccess::default(), None)
            .map_err(|f| f.error)
    }

    /// [`Renderer::render`], keeping the rendered texts when a document is not YAML.
    fn render_step(
        &self,
        values: &Map,
        release: &Release,
        capabilities: &Capabilities,
        remote: RemoteAccess,
        tree: Option<&crate::chart::deps::Node<'_>>,
    ) -> std::result::Result<Rendered, RenderFailure> {
        let failed = |error| RenderFailure {
            error,
            texts: Vec::new(),
        };
        self.check_kube_version(capabilities).map_err(failed)?;
        let output = self.execute(values, release, capabilities, remote, tree);
        // A file the templates read but could not be read fails the render, before what the
        // templates made of its absence: Helm's load would have failed.
        if let Some(error) = self.chart.read_failure() {
            return Err(failed(error));
        }
        let output = output.map_err(failed)?;
        let (texts, raw) = clean_no_value(output.texts, output.raw);
        match self.finish(&texts, &raw) {
            Ok(mut rendered) => {
                rendered.tree_crds = output.crds;
                Ok(rendered)
            }
            // What Helm's `--debug` prints: every rendered template.
            Err(error @ Error::Manifest { .. }) => Err(RenderFailure { error, texts }),
            Err(error) => Err(failed(error)),
        }
    }

    /// Helm's check of Chart.yaml's `kubeVersion` against the capabilities' version: its
    /// `String()` (Helm 4: without the suffix `--kube-version v1.30.2-eks-1` gave), while the
    /// message names `.Version` (with it).
    fn check_kube_version(&self, capabilities: &Capabilities) -> Result<()> {
        let constraint = &self.chart.metadata.kube_version;
        if constraint.is_empty() {
            return Ok(());
        }
        let kube = &capabilities.kube_version;
        let lib = self.helm.profile().go.funcs.semver;
        if crate::semver::matches(constraint, &kube.normalized, lib).unwrap_or(false) {
            return Ok(());
        }
        let version = &kube.version;
        Err(Error::Invalid(format!(
            "chart requires kubeVersion: {constraint} which is incompatible with Kubernetes {version}"
        )))
    }

    fn execute(
        &self,
        values: &Map,
        release: &Release,
        capabilities: &Capabilities,
        remote: RemoteAccess,
        tree: Option<&crate::chart::deps::Node<'_>>,
    ) -> Result<engines::Output> {
        self.engine
            .render(&Job {
                chart: &self.chart,
                values,
                release,
                capabilities,
                profile: self.helm.profile(),
                tz: self.tz.as_deref(),
                remote,
                tree,
            })
            .map_err(|e| e.with_source_from(|name| self.chart.template_source(name)))
    }

    /// The minijinja dialect's engine, for the fast path's tests.
    #[cfg(test)]
    pub(crate) fn minijinja(&self) -> Option<&engines::minijinja::MinijinjaEngine> {
        self.engine.as_any().downcast_ref()
    }

    /// Splits the printed texts into documents and sorts them as Helm does.
    fn finish(&self, outputs: &[(String, String)], raw: &RawOutputs) -> Result<Rendered> {
        let mut outputs: Vec<&(String, String)> = outputs.iter().collect();
        outputs.sort_by(|a, b| a.0.cmp(&b.0));
        let profile = self.helm.profile();
        let mut manifests = Vec::new();
        let mut hooks = Vec::new();
        let mut skipped_hooks = Vec::new();
        for (name, text) in outputs {
            let bytes = raw.iter().find(|(n, _)| n == name).map(|(_, b)| b);
            for doc in manifest::split_documents_for(profile.framing, text) {
                let bad = bytes.and_then(|b| manifest::invalid_utf8_in(text, b, doc));
                if let Some((message, line)) = bad {
                    return Err(Error::Manifest {
                        template: name.clone(),
                        message: format!("error converting YAML to JSON: yaml: {message}"),
                        line,
                        source_line: None,
                    }
                    .with_source(doc));
                }
                match Manifest::read(profile, name, doc)? {
                    Ok(m) if m.is_hook() => hooks.push(m),
                    Ok(m) => manifests.push(m),
                    Err(hook) => skipped_hooks.push(hook),
                }
            }
        }
        manifest::sort_by_kind_for(profile, &mut manifests);
        manifest::sort_by_kind_for(profile, &mut hooks);
        Ok(Rendered {
            crds: Vec::new(),
            tree_crds: None,
            skipped_hooks,
            manifests,
            hooks,
        })
    }
}

/// Executes Helm's `--name-template` (a Go template with Helm's functions and no data) as
/// `helm`'s Helm does; `tz` is the `TZ` variable it would see (`now`, `date`).
pub fn name_template(source: &str, helm: HelmVersion, tz: Option<&str>) -> Result<String> {
    crate::gotpl::engine::execute_text("name-template", source, &helm.profile().go, tz)
}

/// Helm's `ValidateAgainstSchema`: the final values against the chart's `values.schema.json`
/// and each enabled subchart's section against its own, with the profile's validator and
/// wording, every chart's problems in one error. The built-in chart's typed schema is checked
/// before coalescing instead (see [`Renderer::check_values`]).
fn check_schemas(
    root: &crate::chart::deps::Node<'_>,
    values: &Map,
    profile: &crate::profile::HelmProfile,
    debug: bool,
    warnings: &mut Vec<crate::chart::deps::Warning>,
) -> Result<()> {
    fn tree<'a>(node: &'a crate::chart::deps::Node<'a>) -> crate::jsonschema::ChartSchemas<'a> {
        crate::jsonschema::ChartSchemas {
            name: &node.name,
            schema: node
                .chart
                .schema
                .as_ref()
                .filter(|s| !s.is_typed())
                .map(|s| s.json()),
            fault: node.chart.schema.as_ref().and_then(|s| s.fault()),
            source: node.chart.schema.as_ref().and_then(|s| s.source()),
            children: node.children.iter().map(tree).collect(),
        }
    }
    validate_logging(&tree(root), values, profile, debug, warnings)
}

/// Checks `values` against a tree of chart schemas with the profile's validator; Helm 4 logs
/// each unresolved `urn:` as it compiles the schemas, before the problems (and with `debug`,
/// its `--debug` lines).
fn validate_logging(
    tree: &crate::jsonschema::ChartSchemas<'_>,
    values: &Map,
    profile: &crate::profile::HelmProfile,
    debug: bool,
    log: &mut Vec<crate::chart::deps::Warning>,
) -> Result<()> {
    use crate::chart::deps::{Warning, WarningSite};
    use crate::jsonschema::Logged;
    log.extend(
        crate::jsonschema::validation_log(profile.schema_validator, tree, values, debug)
            .into_iter()
            .map(|logged| match logged {
                Logged::Urn(urn) => Warning::new(WarningSite::UnresolvedUrn, urn),
                Logged::Debug {
                    message,
                    attributes,
                } => {
                    let attributes: Vec<(&str, &str)> =
                        attributes.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    let line = crate::template_flags::slog_line("DEBUG", message, &attributes);
                    Warning::new(WarningSite::Debug, line)
                }
            }),
    );
    crate::jsonschema::validate_tree(profile.schema_validator, tree, values).map_err(Error::Invalid)
}

/// Helm deletes every `<no value>` from each rendered file (§5.1).
/// Outputs that are not UTF-8 (`raw`, by name) are cleaned as bytes, their text made again
/// from them; one the cleaning made UTF-8 is text again.
fn clean_no_value(
    mut outputs: Vec<(String, String)>,
    raw: RawOutputs,
) -> (Vec<(String, String)>, RawOutputs) {
    for (_, text) in &mut outputs {
        if text.contains("<no value>") {
            *text = text.replace("<no value>", "");
        }
    }
    let mut still_raw = Vec::new();
    for (name, bytes) in raw {
        let (text, bytes) = crate::go::text_or_bytes(crate::gotpl::exec::without_no_value(&bytes));
        if let Some(bytes) = bytes {
            still_raw.push((name.clone(), bytes));
        }
        if let Some((_, t)) = outputs.iter_mut().find(|(n, _)| *n == name) {
            *t = text;
        }
    }
    (outputs, still_raw)
}

/// The values step's result (`Renderer::build_values`).
struct BuiltValues<'c> {
    /// `.Values`.
    values: Map,
    /// The user's values and their origins, when asked for.
    user: Option<(Map, Origins)>,
    /// The enabled chart tree the coalescing resolved, for an engine that renders subcharts.
    tree: Option<crate::chart::deps::Node<'c>>,
}

/// What [`Renderer::run_traced`] made: the values the templates saw and the render's outcome.
#[derive(Debug)]
pub struct Run {
    /// `.Values`: the user's values coalesced onto the chart's defaults (and its subcharts').
    pub values: Map,
    /// The user's values (`-f` files and the `--set` family merged, before the chart's
    /// defaults) and where each was written: only with [`RenderRequest::keep_user_values`].
    pub user_values: Option<(Map, Origins)>,
    /// The warnings Helm logs while coalescing the values of a Go-template chart (`warning:
    /// skipped value for pf.c: Not a table.`), once for each of Helm's passes that logs them.
    pub warnings: Vec<crate::chart::deps::Warning>,
    /// The manifests, or why the render failed.
    pub rendered: std::result::Result<Rendered, RenderFailure>,
}

/// A render that failed, with what Helm's `--debug` prints for it.
#[derive(Debug)]
pub struct RenderFailure {
    /// Why it failed.
    pub error: Error,
    /// When a rendered document is not YAML ([`Error::Manifest`]): every template's
    /// rendered text (template name, text), in the order the engine rendered them. Empty for
    /// any other error (Helm then has nothing to print).
    pub texts: Vec<(String, String)>,
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
    tree_crds: Option<Vec<(String, crate::chart::FileBytes)>>,
    /// The `helm.sh/hook` annotations (as written) of the documents Helm skips because it
    /// knows no such hook event, in template order; Helm logs each (`skipping unknown hook`),
    /// in Go's map order of the templates.
    #[serde(skip)]
    pub skipped_hooks: Vec<String>,
    /// Non-hook documents, in Helm's install order.
    pub manifests: Vec<Manifest>,
    /// Hook documents, sorted by kind.
    pub hooks: Vec<Manifest>,
}

impl Rendered {
    /// What `helm`'s manifest sorter logs on stderr for these documents: a line for each
    /// skipped hook ([`Rendered::skipped_hooks`]), Helm 3's `manifest_sorter.go:190: info:
    /// skipping unknown hook: "x"` or Helm 4's `level=INFO msg="skipping unknown hooks"
    /// hookTypes=x`.
    pub fn sorter_log(&self, helm: HelmVersion) -> Vec<String> {
        let line = helm.profile().messages.skipped_hook_line;
        self.skipped_hooks
            .iter()
            .map(|hook| {
                if line == 0 {
                    crate::template_flags::slog_line(
                        "INFO",
                        "skipping unknown hooks",
                        &[("hookTypes", hook)],
                    )
                } else {
                    format!(
                        "manifest_sorter.go:{line}: info: skipping unknown hook: {}",
                        crate::go::quote(hook)
                    )
                }
            })
            .collect()
    }

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
    ///
    /// # Errors
    ///
    /// A `crds/` file that cannot be read (a chart folder's files are read on first use).
    pub fn include_crds(&mut self, chart: &Chart) -> Result<()> {
        // The shared bytes become text only here; invalid UTF-8 is replaced, as in every file
        // the loader reads as text.
        let text = |data: &crate::chart::FileBytes| -> Result<String> {
            Ok(String::from_utf8_lossy(data.read()?).into_owned())
        };
        self.crds = match &self.tree_crds {
            Some(crds) => crds
                .iter()
                .map(|(source, data)| Ok((source.clone(), text(data)?)))
                .collect::<Result<_>>()?,
            None => chart
                .crds()
                .into_iter()
                .map(|(path, data)| Ok((format!("{}/crds/{path}", chart.name()), text(data)?)))
                .collect::<Result<_>>()?,
        };
        Ok(())
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
    fn go_local_time_is_the_time_zone_given_not_the_environments() {
        if crate::gotpl::funcs::zone::Zone::load("Asia/Tokyo", None).is_none() {
            eprintln!(
                "SKIPPED go_local_time_is_the_time_zone_given_not_the_environments: no zoneinfo"
            );
            return;
        }
        let chart = Chart::from_files(
            "t",
            [
                ("Chart.yaml", "apiVersion: v2\nname: t\nversion: 0.1.0\n"),
                (
                    "templates/cm.yaml",
                    "d: {{ date \"15:04 MST\" 0 }}\nl: {{ dateInZone \"15:04 MST\" 0 \"Local\" }}\n",
                ),
            ],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let out = |tz: Option<&str>| {
            let r = Renderer::new(chart.clone())
                .unwrap_or_else(|e| panic!("{e}"))
                .with_time_zone(tz.map(str::to_owned));
            let release = Release::new("r", "ns").unwrap_or_else(|e| panic!("{e}"));
            r.render(&Map::new(), &release, &Capabilities::default())
                .map(|o| o.to_helm_output())
                .unwrap_or_else(|e| panic!("{e}"))
        };
        assert!(out(Some("Asia/Tokyo")).ends_with("d: 09:00 JST\nl: 09:00 JST\n"));
        assert!(out(Some("UTC")).ends_with("d: 00:00 UTC\nl: 00:00 UTC\n"));
        assert!(out(Some("")).ends_with("d: 00:00 UTC\nl: 00:00 UTC\n"));
    }

    /// A Go chart's `Renderer` and the alternate display of what rendering `values` gives.
    fn go_error(template: &str, values_file: &str) -> (String, String) {
        let chart = Chart::from_files(
            "c",
            [
                ("Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n"),
                ("templates/cm.yaml", template),
            ],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let e = Renderer::new(chart).and_then(|r| {
            let options = ValueOptions {
                values_files: vec!["my-values.yaml".into()],
                ..Default::default()
            };
            let values = r.values(&options, &|_| Ok(values_file.to_owned()))?;
            let release = Release::new("r", "ns")?;
            r.render(&values, &release, &Capabilities::default())
        });
        match e {
            Err(e) => (format!("{e}"), format!("{e:#}")),
            Ok(_) => panic!("no error"),
        }
    }

    #[test]
    fn alternate_display_shows_the_line_and_a_caret() {
        // `fail` knows the column: the caret is under the call.
        let (plain, alt) = go_error("a: 1\nb: {{ fail \"no\" }}\n", "");
        assert_eq!(plain, "execution error at (c/templates/cm.yaml:2:6): no");
        assert_eq!(
            alt,
            "execution error at (c/templates/cm.yaml:2:6): no\n --> c/templates/cm.yaml:2:6\n  |\n2 | b: {{ fail \"no\" }}\n  |       ^"
        );
        // A syntax error knows the line only: the whole line is marked.
        let (plain, alt) = go_error("a: 1\n  b: {{ if }}x{{ end }}\n", "");
        assert!(!plain.contains('\n'), "{plain}");
        assert!(
            alt.ends_with("\n2 |   b: {{ if }}x{{ end }}\n  |   ^^^^^^^^^^^^^^^^^^^^^"),
            "{alt}"
        );
        // A values file: its line, the caret under the column.
        let (plain, alt) = go_error("a: 1\n", "a: 1\n b: 2\n");
        assert!(
            plain.starts_with("failed to parse my-values.yaml: "),
            "{plain}"
        );
        assert!(!plain.contains('\n'), "{plain}");
        assert!(alt.starts_with(&plain), "{alt}");
        assert!(alt.contains("\n --> my-values.yaml:2:"), "{alt}");
        assert!(alt.contains("\n2 |  b: 2\n  | "), "{alt}");
        assert!(alt.ends_with('^'), "{alt}");
    }

    #[test]
    fn the_minijinja_dialect_gets_the_excerpt_too() {
        let chart = Chart::from_files(
            "m",
            [
                (
                    "Chart.yaml",
                    "apiVersion: v2\nname: m\nversion: 0.1.0\nannotations:\n  orochart.io/template-dialect: minijinja\n",
                ),
                ("templates/a.yaml", "a: 1\nb: {% if %}x{% endif %}\n"),
            ],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let Err(e) = Renderer::new(chart) else {
            panic!("a syntax error compiled")
        };
        let (plain, alt) = (format!("{e}"), format!("{e:#}"));
        assert!(plain.contains("m/templates/a.yaml"), "{plain}");
        assert!(!plain.contains('\n'), "{plain}");
        assert!(alt.starts_with(&plain), "{alt}");
        assert!(alt.contains("\n2 | b: {% if %}x{% endif %}\n"), "{alt}");
    }

    #[test]
    fn run_is_values_then_render_with_the_requests_choices() {
        let chart = Chart::from_files(
            "r",
            [
                ("Chart.yaml", "apiVersion: v2\nname: r\nversion: 0.1.0\n"),
                ("values.yaml", "count: 1\n"),
                ("crds/c.yaml", "kind: CustomResourceDefinition\n"),
                (
                    "templates/cm.yaml",
                    "kind: ConfigMap\ncount: {{ .Values.count }}\n",
                ),
                (
                    "templates/hook.yaml",
                    "kind: Pod\nmetadata:\n  annotations:\n    helm.sh/hook: test\n",
                ),
            ],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let r = Renderer::new(chart).unwrap_or_else(|e| panic!("{e}"));
        let release = Release::new("r", "ns").unwrap_or_else(|e| panic!("{e}"));
        let read = |_: &str| Ok("count: 2\n".to_owned());
        let request = RenderRequest {
            values: ValueOptions {
                values_files: vec!["v.yaml".into()],
                ..Default::default()
            },
            ..RenderRequest::new(release.clone())
        };
        // The two halves, by hand.
        let values = r
            .values(&request.values, &read)
            .unwrap_or_else(|e| panic!("{e}"));
        let by_hand = r
            .render(&values, &release, &request.capabilities)
            .unwrap_or_else(|e| panic!("{e}"));
        let run = |request: &RenderRequest| {
            r.run(request, &read)
                .map(|o| o.to_helm_output())
                .unwrap_or_else(|e| panic!("{e}"))
        };
        let plain = run(&request);
        assert_eq!(plain, by_hand.to_helm_output());
        assert!(plain.contains("count: 2\n"), "{plain}");
        assert!(plain.contains("# Source: r/templates/hook.yaml"), "{plain}");
        assert!(!plain.contains("CustomResourceDefinition"), "{plain}");
        let trimmed = run(&RenderRequest {
            include_crds: true,
            skip_tests: true,
            ..request.clone()
        });
        assert!(
            trimmed.starts_with("---\n# Source: r/crds/c.yaml\nkind: CustomResourceDefinition\n"),
            "{trimmed}"
        );
        assert!(!trimmed.contains("hook.yaml"), "{trimmed}");
    }

    /// A chart folder's other files are read when first used: one no render reads may go
    /// away after the load; one a template reads (or `--include-crds` prints) fails the
    /// render, naming the file, and nothing rendered is handed back.
    #[test]
    fn a_chart_file_is_read_when_a_render_first_uses_it() {
        let dir = std::env::temp_dir().join(format!("orochart-deferred-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let write = |path: &str, text: &str| {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
            }
            std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
        };
        write("Chart.yaml", "apiVersion: v2\nname: d\nversion: 0.1.0\n");
        write("values.yaml", "read: false\n");
        write("files/a.txt", "from a\n");
        write("README.md", "not read\n");
        write("crds/c.yaml", "kind: CustomResourceDefinition\n");
        write(
            "templates/cm.yaml",
            "kind: ConfigMap\ndata:\n  a: {{ if .Values.read }}{{ .Files.Get \"files/a.txt\" | quote }}{{ end }}\n",
        );
        let chart = Chart::load_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
        let r = Renderer::new(chart).unwrap_or_else(|e| panic!("{e}"));
        let release = Release::new("d", "ns").unwrap_or_else(|e| panic!("{e}"));
        let run = |read: bool, include_crds: bool| {
            let values = format!("read: {read}\n");
            let request = RenderRequest {
                values: ValueOptions {
                    values_files: vec!["v.yaml".into()],
                    ..Default::default()
                },
                include_crds,
                ..RenderRequest::new(release.clone())
            };
            r.run(&request, &|_: &str| Ok(values.clone()))
                .map(|o| o.to_helm_output())
                .map_err(|e| e.to_string())
        };
        // Read once, while the file is there: later renders keep what was read.
        let first = run(true, false).unwrap_or_else(|e| panic!("{e}"));
        assert!(first.contains("a: \"from a\\n\"\n"), "{first}");
        std::fs::remove_file(dir.join("files/a.txt")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(run(true, false).as_ref(), Ok(&first));
        // Never read: its going away changes nothing.
        std::fs::remove_file(dir.join("README.md")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::remove_file(dir.join("crds/c.yaml")).unwrap_or_else(|e| panic!("{e}"));
        assert!(run(false, false).is_ok());
        // Printed with --include-crds after it went away: the render fails, naming it.
        let crd = dir.join("crds/c.yaml");
        assert_eq!(
            run(false, true),
            Err(format!("open {}: no such file or directory", crd.display()))
        );
        std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    }

    /// A file a template reads that cannot be read fails the render with the loader's error,
    /// not with what the template made of an empty file.
    #[test]
    fn a_file_a_template_cannot_read_fails_the_render() {
        let dir = std::env::temp_dir().join(format!("orochart-unread-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("templates")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(dir.join("files")).unwrap_or_else(|e| panic!("{e}"));
        let write = |path: &str, text: &str| {
            std::fs::write(dir.join(path), text).unwrap_or_else(|e| panic!("{e}"));
        };
        write("Chart.yaml", "apiVersion: v2\nname: u\nversion: 0.1.0\n");
        write("files/a.txt", "x\n");
        write(
            "templates/cm.yaml",
            "a: {{ .Files.Get \"files/a.txt\" | required \"empty\" }}\n",
        );
        let chart = Chart::load_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
        std::fs::remove_file(dir.join("files/a.txt")).unwrap_or_else(|e| panic!("{e}"));
        let r = Renderer::new(chart).unwrap_or_else(|e| panic!("{e}"));
        let release = Release::new("u", "ns").unwrap_or_else(|e| panic!("{e}"));
        let err = r
            .run(&RenderRequest::new(release), &|_: &str| Ok(String::new()))
            .err()
            .map(|e| e.to_string());
        let file = dir.join("files/a.txt");
        assert_eq!(
            err,
            Some(format!(
                "open {}: no such file or directory",
                file.display()
            ))
        );
        std::fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    }
}
