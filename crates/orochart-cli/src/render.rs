//! `orochart render`: a drop-in for `helm template`.

use std::ffi::OsString;
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use orochart::profile::HelmVersion;
use orochart::template_flags::{DryRun, Given};
use orochart::{
    Capabilities, Chart, Limits, Release, RemoteAccess, RenderRequest, Renderer, ValueOptions,
};

use crate::{install_flags, Failure};

/// Examples shown by `orochart render --help`.
pub const EXAMPLES: &str = "\
Examples:
  # Render the built-in orofi-application chart for one service
  orochart render microservice-identity -n microservice-identity -f values.yaml

  # Render a chart folder, as `helm template` would
  orochart render my-release ./charts/my-chart -f values.yaml --set image.tag=abc123

  # Only the Service, or one JSON array of manifests for tools
  orochart render svc -f values.yaml -s templates/service.yaml
  orochart render svc -f values.yaml -o json

  # Exactly what Helm 3.17 prints (ArgoCD 3.0) instead of the newest Helm 4
  orochart render svc -f values.yaml --helm-version 3.17
  OROCHART_HELM_VERSION=4.2 orochart render svc -f values.yaml

Helm versions (--helm-version, env OROCHART_HELM_VERSION): 3.17, 3.18, 3.19, 4.1, 4.2,
4.3 (default: 4.3, the newest Helm 4). ArgoCD 3.0 bundles Helm 3.17, 3.1-3.2 Helm 3.18,
3.3-3.4 Helm 3.19, 3.5 Helm 4.2.";

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Helm's YAML stream.
    Yaml,
    /// One JSON array of manifests.
    Json,
}

/// The chart, release and values flags `render` and `lint` share (Helm's names and short forms).
#[derive(Debug, Clone, Args)]
pub struct ChartFlags {
    /// Release name, then chart folder. With one argument that is a chart folder, the release
    /// is `release-name`, as in Helm; without a chart, the built-in orofi-application renders.
    #[arg(value_name = "NAME] [CHART", num_args = 0..)]
    pub args: Vec<String>,
    /// Values files, in order (later wins). Comma-separated lists are split, as Helm does.
    #[arg(
        short = 'f',
        long = "values",
        value_name = "FILE",
        value_delimiter = ',',
        allow_hyphen_values = true
    )]
    pub values: Vec<String>,
    /// Set values: `a.b=1,c[0]=x` (typed: ints, bools, null).
    #[arg(long = "set", value_name = "KEY=VAL", allow_hyphen_values = true)]
    pub set: Vec<String>,
    /// Set string values: every value stays a string.
    #[arg(
        long = "set-string",
        value_name = "KEY=VAL",
        allow_hyphen_values = true
    )]
    pub set_string: Vec<String>,
    /// Set JSON values: `a={"b":1}`.
    #[arg(long = "set-json", value_name = "KEY=JSON", allow_hyphen_values = true)]
    pub set_json: Vec<String>,
    /// Set values from files: `key=path`.
    #[arg(long = "set-file", value_name = "KEY=PATH", allow_hyphen_values = true)]
    pub set_file: Vec<String>,
    /// Set one literal string value: everything after the first `=`.
    #[arg(
        long = "set-literal",
        value_name = "KEY=VAL",
        allow_hyphen_values = true
    )]
    pub set_literal: Vec<String>,
    /// Release namespace (`.Release.Namespace`); as in Helm, `HELM_NAMESPACE` when not given,
    /// else the kubeconfig context's, else `default`.
    #[arg(
        short = 'n',
        long = "namespace",
        env = "HELM_NAMESPACE",
        allow_hyphen_values = true
    )]
    pub namespace: Option<String>,
    /// The kubeconfig file whose context gives the namespace when `-n` does not (as Helm).
    #[arg(long = "kubeconfig", value_name = "PATH", allow_hyphen_values = true)]
    pub kubeconfig: Option<String>,
    /// The kubeconfig context whose namespace is used when `-n` does not give one (as Helm).
    #[arg(
        long = "kube-context",
        value_name = "NAME",
        env = "HELM_KUBECONTEXT",
        allow_hyphen_values = true
    )]
    pub kube_context: Option<String>,
    /// Kubernetes version for `.Capabilities` (default: the chosen Helm's, v1.37.0 for 4.3,
    /// v1.32.0 for 3.17).
    #[arg(long = "kube-version", allow_hyphen_values = true)]
    pub kube_version: Option<String>,
    /// Extra API versions for `.Capabilities.APIVersions`.
    #[arg(
        short = 'a',
        long = "api-versions",
        value_delimiter = ',',
        allow_hyphen_values = true
    )]
    pub api_versions: Vec<String>,
    /// The Helm whose output to reproduce byte for byte: 3.17, 3.18, 3.19, 4.1, 4.2 or 4.3.
    /// Default: env OROCHART_HELM_VERSION, else 4.3 (the newest Helm 4).
    #[arg(long = "helm-version", value_name = "X.Y")]
    pub helm_version: Option<String>,
    /// The chart's template dialect, `go` or `minijinja`, whatever its Chart.yaml declares
    /// (default: the chart's `orochart.io/template-dialect` annotation, else `go`).
    #[arg(
        long = "template-dialect",
        value_name = "DIALECT",
        env = "OROCHART_TEMPLATE_DIALECT",
        value_parser = ["go", "minijinja"]
    )]
    pub template_dialect: Option<String>,
}

/// The Helm to reproduce: `--helm-version`, else env `OROCHART_HELM_VERSION`, else the newest
/// Helm 4 ([`HelmVersion::default`]). An unknown version is an error naming where it came from.
pub fn helm_version(flag: Option<&str>) -> Result<HelmVersion, Failure> {
    let (given, from) = match flag {
        Some(v) => (v.to_owned(), "--helm-version"),
        None => match std::env::var("OROCHART_HELM_VERSION") {
            Ok(v) if !v.trim().is_empty() => (v, "OROCHART_HELM_VERSION"),
            _ => return Ok(HelmVersion::default()),
        },
    };
    given
        .parse()
        .map_err(|e: orochart::Error| Failure::Error(format!("{from}: {e}")))
}

/// What fails Helm's root command before `helm template` reads its flags, for `render`'s
/// command line (`args` as the process got them): Helm 4's `--color`, and the registry config
/// file Helm's registry client reads ([`orochart::template_flags::root_failure`]). Looked at
/// before the command line is parsed, as Helm does (an unknown flag comes after), for the Helm
/// that `--helm-version` or `OROCHART_HELM_VERSION` names; none when that is not a Helm
/// orochart knows (the command reports it).
pub fn root_failure(args: &[OsString]) -> Option<Failure> {
    if !matches!(
        args.get(1).and_then(|a| a.to_str()),
        Some("render" | "template")
    ) {
        return None;
    }
    let raw: Vec<String> = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut version = None;
    let mut words = raw.iter().skip(1).take_while(|a| *a != "--");
    while let Some(arg) = words.next() {
        if arg == "--helm-version" {
            version = words.next().map(String::as_str);
        } else if let Some(v) = arg.strip_prefix("--helm-version=") {
            version = Some(v);
        }
    }
    let helm = helm_version(version).ok()?;
    orochart::template_flags::root_failure(helm, &raw, &crate::env_text).map(Failure::from)
}

/// Whether the minijinja dialect may use its fast path: yes unless the environment variable
/// `OROCHART_ENGINE` is `minijinja` (an escape hatch for telling the two engines apart).
pub fn fast_path() -> bool {
    std::env::var_os("OROCHART_ENGINE").is_none_or(|e| e != "minijinja")
}

/// The `TZ` variable Helm would see (Go's local time for `now`, `date`, `toDate`): the
/// library reads no environment, so the CLI passes its own.
pub fn time_zone() -> Option<String> {
    std::env::var("TZ").ok()
}

impl ChartFlags {
    /// Compiles `chart` in the dialect `--template-dialect` names, else the one it declares.
    pub fn renderer(&self, chart: orochart::Chart) -> orochart::Result<Renderer> {
        let dialect = match &self.template_dialect {
            Some(d) => Some(d.parse()?),
            None => None,
        };
        Ok(Renderer::with_engine(chart, dialect, fast_path())?.with_time_zone(time_zone()))
    }

    /// The Helm to reproduce (see [`helm_version`]).
    pub fn helm(&self) -> Result<HelmVersion, Failure> {
        helm_version(self.helm_version.as_deref())
    }

    /// The value flags as the library takes them, read by `helm`'s rules.
    pub fn value_options(&self, helm: HelmVersion) -> ValueOptions {
        ValueOptions {
            values_files: self.values.clone(),
            set_json: self.set_json.clone(),
            set: self.set.clone(),
            set_string: self.set_string.clone(),
            set_file: self.set_file.clone(),
            set_literal: self.set_literal.clone(),
            helm,
        }
    }

    /// The release namespace: `-n`, else `HELM_NAMESPACE`, else the kubeconfig's (see
    /// [`orochart::kubeconfig`]), else `default`. Empty counts as not given, as in Helm.
    pub fn namespace(&self) -> String {
        match self.namespace.as_deref() {
            Some(ns) if !ns.is_empty() => ns.to_owned(),
            _ => orochart::kubeconfig::namespace(
                self.kubeconfig.as_deref(),
                self.kube_context.as_deref(),
                &orochart::kubeconfig::Env {
                    var: &|name| std::env::var(name).ok(),
                    root: std::path::Path::new("/"),
                },
            ),
        }
    }

    /// `.Capabilities` from `--kube-version` and `--api-versions`, with `helm`'s defaults.
    pub fn capabilities(&self, helm: HelmVersion) -> orochart::Result<Capabilities> {
        Capabilities::from_flags_for(helm, self.kube_version.as_deref(), &self.api_versions)
    }
}

/// The flags of `orochart render`.
#[derive(Debug, Clone, Args)]
pub struct RenderArgs {
    /// Chart, release and values.
    #[command(flatten)]
    pub chart: ChartFlags,
    /// Only print documents from these templates (`templates/service.yaml`, globs allowed).
    #[arg(
        short = 's',
        long = "show-only",
        value_name = "PATH",
        allow_hyphen_values = true
    )]
    pub show_only: Vec<String>,
    /// Write each template's documents to `DIR/<chart>/templates/<file>` instead of stdout.
    #[arg(
        long = "output-dir",
        value_name = "DIR",
        allow_hyphen_values = true,
        help = "Write each template's documents to DIR/<chart>/templates/<file> instead of stdout"
    )]
    pub output_dir: Option<String>,
    /// With --output-dir, put files under `DIR/<release>/`.
    #[arg(
        long = "release-name",
        help = "With --output-dir, put files under DIR/<release>/",
        value_name = "BOOL",
        num_args = 0..=1, require_equals = true, default_missing_value = crate::install_flags::BARE, action = clap::ArgAction::Append
    )]
    pub release_name_dir: Vec<String>,
    /// Set `.Release.IsUpgrade` instead of `.Release.IsInstall`.
    #[arg(long = "is-upgrade", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = crate::install_flags::BARE, action = clap::ArgAction::Append)]
    pub is_upgrade: Vec<String>,
    /// Leave hooks out.
    #[arg(long = "no-hooks", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = crate::install_flags::BARE, action = clap::ArgAction::Append)]
    pub no_hooks: Vec<String>,
    /// Leave test hooks out.
    #[arg(long = "skip-tests", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = crate::install_flags::BARE, action = clap::ArgAction::Append)]
    pub skip_tests: Vec<String>,
    /// Print the chart's `crds/` files first, raw (as ArgoCD renders Helm charts).
    #[arg(long = "include-crds", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = crate::install_flags::BARE, action = clap::ArgAction::Append)]
    pub include_crds: Vec<String>,
    /// Accepted for Helm's sake: `helm template` never installs CRDs, so the output is the same.
    #[arg(long = "skip-crds", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = crate::install_flags::BARE, action = clap::ArgAction::Append)]
    pub skip_crds: Vec<String>,
    /// Do not check values against `values.schema.json`.
    #[arg(long = "skip-schema-validation", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = crate::install_flags::BARE, action = clap::ArgAction::Append)]
    pub skip_schema_validation: Vec<String>,
    /// A Go template (Sprig functions, no data) naming the release when NAME is not given.
    #[arg(
        long = "name-template",
        value_name = "TEMPLATE",
        allow_hyphen_values = true
    )]
    pub name_template: Option<String>,
    /// Generate the name (and omit NAME). As in `helm template`, the release is then
    /// `release-name`.
    #[arg(short = 'g', long = "generate-name", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = crate::install_flags::BARE, action = clap::ArgAction::Append)]
    pub generate_name: Vec<String>,
    /// A program the CRDs and manifests are piped through (not the hooks), as Helm 3 does.
    /// (Repeatable as in Helm: each is looked for as it is read, the last is used.)
    #[arg(
        long = "post-renderer",
        value_name = "PROGRAM",
        allow_hyphen_values = true,
        action = clap::ArgAction::Append
    )]
    pub post_renderer: Vec<String>,
    /// An argument for the post-renderer (repeatable).
    #[arg(
        long = "post-renderer-args",
        value_name = "ARG",
        allow_hyphen_values = true
    )]
    pub post_renderer_args: Vec<String>,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value = "yaml")]
    pub output: Output,
    /// The most bytes of manifests to print or write (bytes, or with Ki, Mi, Gi).
    #[arg(
        long = "max-output",
        value_name = "SIZE",
        env = "OROCHART_MAX_OUTPUT",
        default_value = "256Mi",
        value_parser = crate::parse_max_output
    )]
    pub max_output: usize,
    /// When rendering fails, print what was rendered to stdout, as Helm does: every rendered
    /// template when a document is not valid YAML (Helm in no fixed order, orochart in
    /// template order), an empty line when a template failed.
    /// (`--debug[=BOOL]`, read as Helm reads it: `--debug=false` is off. Without the flag,
    /// Helm's `HELM_DEBUG`, a Go boolean: `true`, `1`, `T`, …)
    #[arg(long = "debug", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = crate::install_flags::BARE, action = clap::ArgAction::Append)]
    pub debug: Vec<String>,
    /// `helm template`'s install, upgrade and repository flags (no effect on the output).
    #[command(flatten)]
    pub install: crate::install_flags::InstallFlags,
}

/// A pflag boolean given as `values` (`--x`, `--x=BOOL`, repeatable): its last value (the bare
/// flag is `true`; a value that is no Go boolean has failed the command line already).
fn flag_on(values: &[String]) -> bool {
    values.last().is_some_and(|v| {
        v == crate::install_flags::BARE || orochart::template_flags::go_bool(v).unwrap_or(false)
    })
}

/// Whether Helm debugs: the last `--debug` given, else `HELM_DEBUG` read as a Go boolean (one
/// Go cannot read is off, as Helm's `envBoolOr`).
fn debug_on(flag: &[String], env: Option<&str>) -> bool {
    if flag.is_empty() {
        return env
            .and_then(orochart::template_flags::go_bool)
            .unwrap_or(false);
    }
    flag_on(flag)
}

/// Where the chart comes from, after reading the positional arguments as Helm does.
pub struct Target {
    /// The release name.
    pub name: String,
    /// A chart folder, or `None` for the built-in chart.
    pub chart_dir: Option<String>,
}

/// A line of Helm 4's `--debug` log on stderr (`level=DEBUG msg="Chart path" path=/x`).
fn debug_line(msg: &str, attributes: &[(&str, &str)]) {
    eprintln!(
        "{}",
        orochart::template_flags::slog_line("DEBUG", msg, attributes)
    );
}

/// More than `[NAME] [CHART]`: Helm's error, once the flags are read and checked.
pub fn at_most_two(args: &[String]) -> Result<(), Failure> {
    match args.get(2..) {
        Some(extra) if !extra.is_empty() => Err(Failure::Error(format!(
            "expected at most two arguments, unexpected arguments: {}",
            extra.join(", ")
        ))),
        _ => Ok(()),
    }
}

/// `[NAME] [CHART]`: two arguments are both; one is the chart when it is a chart folder (as
/// Helm reads it), else the release name of the built-in chart; none renders the built-in
/// chart as `release-name`.
pub fn target(args: &[String]) -> Target {
    // A chart folder, or a chart archive (a file: Helm loads any file as an archive).
    let is_chart = |p: &str| Path::new(p).join("Chart.yaml").is_file() || Path::new(p).is_file();
    match args {
        [name, chart] => Target {
            name: name.clone(),
            chart_dir: Some(chart.clone()),
        },
        [one] if is_chart(one) => Target {
            name: "release-name".into(),
            chart_dir: Some(one.clone()),
        },
        [one] => Target {
            name: one.clone(),
            chart_dir: None,
        },
        _ => Target {
            name: "release-name".into(),
            chart_dir: None,
        },
    }
}

/// Loads the chart of a target, logging the symbolic links it follows as `helm`'s loader
/// does.
pub fn load_chart(t: &Target, helm: HelmVersion) -> Result<Chart, Failure> {
    match &t.chart_dir {
        Some(dir) => {
            if !Path::new(dir).exists() {
                return Err(Failure::Error(format!("path \"{dir}\" not found")));
            }
            // As Helm 3's loader logs them: links are followed, and said so (before any
            // error of the load).
            let (links, chart) = orochart::chart::load_dir_noting_symlinks(dir);
            for (link, resolved) in links {
                let (link, resolved) = (link.display().to_string(), resolved.display().to_string());
                if helm.logs_with_slog() {
                    // Helm 4 logs it through slog, with the paths as attributes.
                    eprintln!(
                        "{}",
                        orochart::template_flags::slog_line(
                            "INFO",
                            "found symbolic link in path. Contents of linked file included and used",
                            &[("path", &link), ("resolved", &resolved)],
                        )
                    );
                } else {
                    eprintln!(
                        "walk.go:75: found symbolic link in path: {link} resolves to {resolved}. Contents of linked file included and used"
                    );
                }
            }
            let chart = chart.map_err(|e| top_chart_error(helm, e))?;
            // What Helm's loader logs as it reads the chart (before its error, if any).
            for line in chart.load_warnings(helm) {
                eprintln!("{line}");
            }
            // Where Helm's own loader stops (a file Go cannot read, the metadata's
            // validation; Helm 4's API versions).
            match chart.load_failure(helm) {
                Some(e) => Err(top_chart_error(helm, e)),
                None => Ok(chart),
            }
        }
        None => Ok(orochart_builtin::chart()?),
    }
}

/// An error loading the chart named on the command line, in `helm`'s words: Helm 4 words a
/// damaged archive alone, and finds the chart by its `Chart.yaml` first.
fn top_chart_error(helm: orochart::profile::HelmVersion, e: orochart::Error) -> Failure {
    let messages = &helm.profile().messages;
    match e {
        orochart::Error::Archive {
            bad_header: false, ..
        } if !messages.archive_unreadable.is_empty() => {
            Failure::Error(messages.archive_unreadable.to_owned())
        }
        orochart::Error::ChartYamlMissing { chart, folder } if messages.chart_yaml_read_first => {
            Failure::Error(if folder {
                let file = format!("{chart}/Chart.yaml");
                format!("unable to detect chart at {file}: open {file}: no such file or directory")
            } else {
                "unable to detect chart version, no Chart.yaml found".to_owned()
            })
        }
        e => e.into(),
    }
}

/// Reads a file named on the command line (`-f`, `--set-file`) as Helm does: `-` is standard
/// input, a pipe (`-f <(…)`) or a device is read like a file, within
/// [`orochart::input::MAX_FILE_SIZE`], as UTF-8 ([`orochart::input::read_named_text_file`]).
///
/// Helm downloads a value file given as an `http`, `https` or `oci` URL with its getters;
/// orochart downloads nothing, and says so.
pub fn read_file(path: &str) -> orochart::Result<String> {
    if let Some((scheme, _)) = path.split_once("://") {
        let scheme = scheme.to_ascii_lowercase();
        if ["http", "https", "oci"].contains(&scheme.as_str()) {
            return Err(orochart::Error::Invalid(format!(
                "`{path}`: orochart reads values files from the file system only and downloads \
                 nothing (Helm would fetch it with its {scheme} getter); download it first"
            )));
        }
    }
    orochart::input::read_named_text_file(path)
}

/// Runs `orochart render` and returns what to print. `given` are the install flags of the
/// command line, in order ([`crate::install_flags::given`]).
pub fn run(a: &RenderArgs, given: &[Given]) -> Result<String, Failure> {
    let helm = a.chart.helm()?;
    // As `helm template` runs: its flags are read, then `--kube-version`, the registry
    // client's TLS files and (Helm 4) `--dry-run` are checked, then the release is named and
    // the chart found.
    let flags = install_flags::read(helm, given)?;
    let capabilities = a.chart.capabilities(helm)?;
    let early_dry_run = install_flags::check_start(&flags)?;
    // Helm 4's `--debug` log (its `runInstall`): the version asked for, then where the chart
    // was found. (Helm 3's debug lines carry the time: not made.)
    let debug = debug_on(&a.debug, std::env::var("HELM_DEBUG").ok().as_deref());
    let debug_log = debug && helm.logs_with_slog();
    if debug_log {
        debug_line("Original chart version", &[("version", &flags.version)]);
        if flags.version.is_empty() && flags.devel {
            debug_line("setting version to >0.0.0-0", &[]);
        }
    }
    at_most_two(&a.chart.args)?;
    let mut t = target(&a.chart.args);
    release_name(a, &mut t)?;
    install_flags::locate(&flags, helm, t.chart_dir.as_deref())?;
    if let (true, Some(dir)) = (debug_log, &t.chart_dir) {
        debug_line(
            "Chart path",
            &[("path", &install_flags::go_abs(dir.trim()))],
        );
    }
    // Helm checks that the chart is installable right after loading it, before its
    // deprecation warning.
    let loaded = load_chart(&t, helm).and_then(|chart| {
        chart
            .check_installable()
            .map(|()| chart)
            .map_err(Failure::from)
    });
    let chart = match loaded {
        Ok(chart) => chart,
        Err(failure) => {
            // Helm reads the values (files, `--set` flags) once it has found the chart and
            // before it loads it: their error comes first. (On success they are read once,
            // with the chart.)
            let found = t
                .chart_dir
                .as_deref()
                .is_some_and(|d| Path::new(d).exists());
            if found {
                orochart::user_values(&a.chart.value_options(helm), &read_file)?;
            }
            return Err(failure);
        }
    };
    if chart.metadata().deprecated {
        // Helm's warning once the chart is loaded (Chart.yaml `deprecated: true`).
        if helm.logs_with_slog() {
            eprintln!(
                "{}",
                orochart::template_flags::slog_line("WARN", "this chart is deprecated", &[])
            );
        } else {
            eprintln!("WARNING: This chart is deprecated");
        }
    }
    install_flags::check_dependencies(&flags, &chart)?;
    // Helm 3 checks `--dry-run` once the values are merged and the chart loaded; the cluster
    // would be reached after that. Both are reported once the values are built (below).
    let dry_run = match early_dry_run {
        Some(mode) => Ok(mode),
        None => install_flags::dry_run(&flags),
    };
    let mode = dry_run.as_ref().map_or(DryRun::Client, |m| *m);
    // The name is checked where Helm checks it, once the values are read and the dependencies
    // checked (`Renderer::run_installing`).
    let release = Release {
        name: t.name.clone(),
        namespace: a.chart.namespace(),
        revision: 1,
        is_upgrade: flag_on(&a.is_upgrade),
    };
    let request = RenderRequest {
        values: a.chart.value_options(helm),
        capabilities,
        validate_schema: !flag_on(&a.skip_schema_validation),
        include_crds: flag_on(&a.include_crds),
        no_hooks: flag_on(&a.no_hooks),
        skip_tests: flag_on(&a.skip_tests),
        limits: Limits {
            max_output: a.max_output,
        },
        remote: RemoteAccess {
            dns: flags.enable_dns,
            cluster: mode == DryRun::ClientWithClusterLookups,
        },
        debug_log,
        ..RenderRequest::for_helm(helm, release)
    };
    // The compiled chart, the values and the manifests live until the process exits: freeing
    // them one by one would take ~0.1 ms of a ~1 ms run for nothing (`ManuallyDrop`). So do
    // the templates of a chart with subcharts, compiled for the render itself: freeing them is
    // a tenth of a large chart's instructions.
    orochart::render::keep_templates_until_exit();
    // Helm parses templates when it renders, so a syntax error gets the render hint too.
    let renderer = match a.chart.renderer(chart) {
        Ok(r) => ManuallyDrop::new(r.with_helm(helm)),
        Err(e @ orochart::Error::TemplateSyntax { .. }) if !debug => {
            return Err(Failure::Error(format!(
                "{e}\n\nUse --debug flag to render out invalid YAML"
            )))
        }
        Err(e) => return Err(e.into()),
    };
    // What Helm logs while building the values (coalescing them, loading the schemas), in
    // the chosen Helm's form; also before an error in them, as Helm logs it.
    let mut log = Vec::new();
    // Where Helm's install starts: Helm 3's `--dry-run` value, then the cluster Helm would
    // reach, are checked after the values files and the dependencies, before the release
    // name and the schemas.
    let before_install = || -> orochart::Result<()> {
        let mode = dry_run.clone().map_err(orochart::Error::Invalid)?;
        install_flags::check_cluster(mode, &flags).map_err(orochart::Error::Invalid)
    };
    let run = renderer.run_installing(&request, &read_file, &mut log, &before_install);
    for w in &log {
        eprintln!("{}", w.log_line(request.helm));
    }
    let run = ManuallyDrop::new(run?);
    // The values are built: the label names Helm keeps for itself come before what the
    // render gave.
    flags.check_labels().map_err(Failure::Error)?;
    let rendered = match &run.rendered {
        Ok(rendered) => rendered,
        // As Helm: an error from rendering on asks for `--debug`, which prints what was
        // rendered (when a document is not YAML; nothing when a template failed).
        Err(f) if debug => {
            return Err(Failure::WithOutput(
                debug_blob(&f.texts),
                f.error.to_string(),
            ))
        }
        Err(f) => {
            return Err(Failure::Error(format!(
                "{}\n\nUse --debug flag to render out invalid YAML",
                f.error
            )))
        }
    };
    // What Helm's manifest sorter logs for a document with a hook event it does not know.
    for line in rendered.sorter_log(request.helm) {
        eprintln!("{line}");
    }
    let limits = request.limits;
    let release = &request.release;

    if a.output == Output::Json {
        let mut s = rendered.to_json();
        s.push('\n');
        crate::check_output_size(&s, limits)?;
        return Ok(s);
    }
    if let Some(dir) = &a.output_dir {
        let prefix = flag_on(&a.release_name_dir).then_some(release.name.as_str());
        let (files, log) = orochart::manifest::output_dir_files(
            dir,
            prefix,
            &rendered.crds,
            &rendered.manifests,
            &rendered.hooks,
        );
        let files: Vec<(std::path::PathBuf, &str)> = files
            .iter()
            .map(|(path, content)| (std::path::PathBuf::from(path), content.as_str()))
            .collect();
        let total: usize = files.iter().map(|(_, c)| c.len()).sum();
        limits
            .check_output(total)
            .map_err(crate::output_limit_failure)?;
        write_all_or_nothing(&files)?;
        return Ok(log);
    }
    // An empty `--post-renderer=` is none, as in Helm.
    let out = match a.post_renderer.last().filter(|p| !p.is_empty()) {
        Some(program) => rendered
            .to_helm_output_post_rendered(|text| post_render(program, &a.post_renderer_args, text))
            .map_err(|e| match e {
                Failure::Error(m) if !debug => Failure::Error(format!(
                    "{m}\n\nUse --debug flag to render out invalid YAML"
                )),
                e => e,
            })?,
        None => rendered.to_helm_output(),
    };
    crate::check_output_size(&out, limits)?;
    if a.show_only.is_empty() {
        Ok(out)
    } else {
        Ok(orochart::manifest::show_only_for(
            helm.profile().framing,
            &out,
            &a.show_only,
        )?)
    }
}

/// Helm's `NameAndChart` for `template`: with NAME and CHART given, `--generate-name` and
/// `--name-template` are errors; with CHART only, `--name-template` names the release
/// (otherwise it is `release-name`, `--generate-name` or not).
fn release_name(a: &RenderArgs, t: &mut Target) -> Result<(), Failure> {
    if a.chart.args.len() == 2 {
        if flag_on(&a.generate_name) {
            return Err(Failure::Error(
                "cannot set --generate-name and also specify a name".into(),
            ));
        }
        if a.name_template.is_some() {
            return Err(Failure::Error(
                "cannot set --name-template and also specify a name".into(),
            ));
        }
        return Ok(());
    }
    if let (Some(tpl), Some(_)) = (&a.name_template, &t.chart_dir) {
        if !tpl.is_empty() {
            t.name = orochart::render::name_template(tpl, a.chart.helm()?, time_zone().as_deref())?;
        }
    }
    Ok(())
}

/// Runs a post-renderer as Helm's `postrender.Exec`: the rendered text on its stdin, its
/// stdout the new text; a failure is Helm's error with the program's stderr.
fn post_render(program: &str, args: &[String], text: String) -> Result<String, Failure> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let path = if program.contains('/') {
        std::path::PathBuf::from(program)
    } else {
        std::env::var_os("PATH")
            .and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(program))
                    .find(|p| p.is_file())
            })
            .ok_or_else(|| {
                Failure::Error(format!(
                    "unable to find binary at {program}: exec: \"{program}\": executable file not found in $PATH"
                ))
            })?
    };
    let mut child = Command::new(&path)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Failure::Error(format!("unable to find binary at {program}: {e}")))?;
    let mut stdin = child.stdin.take();
    // Write on another thread: a program that writes before it has read everything must not
    // block on a full pipe.
    let writer = std::thread::spawn(move || {
        if let Some(stdin) = stdin.as_mut() {
            let _ = stdin.write_all(text.as_bytes());
        }
    });
    let out = child.wait_with_output().map_err(|e| {
        Failure::Error(format!(
            "error while running command {}: {e}",
            path.display()
        ))
    })?;
    let _ = writer.join();
    if !out.status.success() {
        return Err(Failure::Error(format!(
            "error while running post render on files: error while running command {}. error output:\n{}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr),
            exit_text(&out.status)
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Go's `exec.ExitError` text: `exit status N`, or `signal: …`.
fn exit_text(status: &std::process::ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("exit status {code}"),
        None => "signal: killed".into(),
    }
}

/// Helm's `--debug` output for a document that is not YAML: every rendered template that is
/// not blank, framed as `---`, `# Source:` and the text, the whole trimmed of white space.
fn debug_blob(texts: &[(String, String)]) -> String {
    let mut blob = String::new();
    for (name, text) in texts.iter().filter(|(_, t)| !t.trim().is_empty()) {
        blob.push_str(&format!("---\n# Source: {name}\n{text}\n"));
    }
    let mut out = blob.trim().to_owned();
    out.push('\n');
    out
}

/// Writes every file, or none: each goes to a temporary sibling first, and only when all of
/// them are written are they renamed into place. On failure the temporary files, and the
/// folders made for them, are removed, and the error names the file (`--output-dir`).
pub fn write_all_or_nothing(files: &[(PathBuf, &str)]) -> Result<(), Failure> {
    let mut made_dirs: Vec<PathBuf> = Vec::new();
    let mut temps: Vec<(PathBuf, &Path)> = Vec::with_capacity(files.len());
    let mut result = Ok(());
    for (path, content) in files {
        if let Err(e) = write_temp(path, content, &mut made_dirs).map(|tmp| temps.push((tmp, path)))
        {
            result = Err(e);
            break;
        }
    }
    if result.is_ok() {
        for (tmp, path) in &temps {
            if let Err(e) = std::fs::rename(tmp, path) {
                result = Err(cannot_write(path, &e));
                break;
            }
        }
    }
    if result.is_err() {
        for (tmp, _) in &temps {
            let _ = std::fs::remove_file(tmp);
        }
        // Deepest first; a folder that is not empty (another file of ours got renamed in)
        // stays.
        for dir in made_dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
    result
}

/// Writes `content` beside `path` under a temporary name and returns that name. Folders it
/// had to make are added to `made_dirs`, outermost first.
fn write_temp(
    path: &Path,
    content: &str,
    made_dirs: &mut Vec<PathBuf>,
) -> Result<PathBuf, Failure> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        let missing: Vec<PathBuf> = parent
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
            .map(Path::to_path_buf)
            .collect();
        std::fs::create_dir_all(parent).map_err(|e| cannot_write(parent, &e))?;
        made_dirs.extend(missing.into_iter().rev());
        if !parent.is_dir() {
            return Err(Failure::Error(format!(
                "--output-dir: cannot write `{}`: `{}` is not a folder",
                path.display(),
                parent.display()
            )));
        }
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".orochart-tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, content).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        cannot_write(path, &e)
    })?;
    Ok(tmp)
}

/// `--output-dir: cannot write `path`: permission denied`, in words rather than Rust's
/// `Permission denied (os error 13)`.
fn cannot_write(path: &Path, e: &std::io::Error) -> Failure {
    Failure::Error(format!(
        "--output-dir: cannot write `{}`: {}",
        path.display(),
        crate::io_words(e)
    ))
}
