//! The flags `helm template` accepts for installing, upgrading and finding charts, which do
//! not change what it prints (`--timeout`, `--wait`, `--create-namespace`, `--repo`,
//! `--kube-token`, …). clap takes every flag any supported Helm has, as text; the chosen
//! Helm's reading of them (which exist, which values are refused, the warnings) is the
//! library's ([`orochart::template_flags`]). What would make Helm reach a cluster, a chart
//! repository or the DNS, orochart refuses here, saying so.

use std::ffi::OsString;
use std::path::Path;

use clap::{ArgAction, ArgMatches, Args};
use orochart::profile::cli::RepoRule;
use orochart::profile::HelmVersion;
use orochart::template_flags::{DryRun, Flags, Given};

use crate::Failure;

/// The heading these flags are listed under in `orochart render --help`.
pub const HEADING: &str =
    "Install and repository flags helm template accepts (no effect on the output)";

/// What clap stores for a flag given without a value: a NUL, which no argument can hold, so
/// that `--wait` and `--wait=` stay apart.
pub const BARE: &str = "\u{0}";

/// `helm template`'s install, upgrade and repository flags: each Helm's own set is read as
/// that Helm reads it ([`orochart::template_flags::read`]); a flag the chosen Helm lacks fails
/// as in Helm (`unknown flag: --color` under Helm 3).
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = HEADING)]
pub struct InstallFlags {
    /// Helm 3: delete the release on failure. Helm 4: deprecated for --rollback-on-failure.
    #[arg(long = "atomic", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub atomic: Vec<String>,
    /// Create the release namespace if not present.
    #[arg(long = "create-namespace", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub create_namespace: Vec<String>,
    /// Download missing dependencies first (orochart downloads nothing: it fails if one is
    /// missing).
    #[arg(long = "dependency-update", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub dependency_update: Vec<String>,
    /// A release description.
    #[arg(long = "description", value_name = "TEXT", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub description: Vec<String>,
    /// Use development versions of a repository chart.
    #[arg(long = "devel", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub devel: Vec<String>,
    /// Skip the OpenAPI validation of an install.
    #[arg(long = "disable-openapi-validation", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub disable_openapi_validation: Vec<String>,
    /// client (the default), or server: checked against a cluster, which orochart refuses.
    #[arg(long = "dry-run", value_name = "MODE", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub dry_run: Vec<String>,
    /// Let getHostByName resolve names (orochart resolves IP addresses only; a name fails).
    #[arg(long = "enable-dns", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub enable_dns: Vec<String>,
    /// Helm 3: replace resources on update. Helm 4: deprecated for --force-replace.
    #[arg(long = "force", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub force: Vec<String>,
    /// Helm 4: force server-side apply through conflicts.
    #[arg(long = "force-conflicts", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub force_conflicts: Vec<String>,
    /// Helm 4: replace resources on update.
    #[arg(long = "force-replace", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub force_replace: Vec<String>,
    /// Hide the notes of an install (deprecated for helm template in Helm 4.2+).
    #[arg(long = "hide-notes", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub hide_notes: Vec<String>,
    /// Skip TLS checks of the chart download.
    #[arg(long = "insecure-skip-tls-verify", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub insecure_skip_tls_verify: Vec<String>,
    /// Release labels, key=value[,key=value] (Helm's reserved names are refused).
    #[arg(short = 'l', long = "labels", value_name = "KEY=VAL", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub labels: Vec<String>,
    /// Pass repository credentials to every domain.
    #[arg(long = "pass-credentials", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub pass_credentials: Vec<String>,
    /// Chart repository password.
    #[arg(long = "password", value_name = "TEXT", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub password: Vec<String>,
    /// Use plain HTTP for the chart download.
    #[arg(long = "plain-http", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub plain_http: Vec<String>,
    /// Render subcharts' notes (deprecated for helm template in Helm 4.2+).
    #[arg(long = "render-subchart-notes", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub render_subchart_notes: Vec<String>,
    /// Reuse a deleted release's name.
    #[arg(long = "replace", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub replace: Vec<String>,
    /// A chart repository URL (orochart downloads nothing: refused where Helm would use it).
    #[arg(long = "repo", value_name = "URL", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub repo: Vec<String>,
    /// Helm 4: uninstall on failure.
    #[arg(long = "rollback-on-failure", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub rollback_on_failure: Vec<String>,
    /// Helm 4: apply server-side.
    #[arg(long = "server-side", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub server_side: Vec<String>,
    /// Adopt existing resources.
    #[arg(long = "take-ownership", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub take_ownership: Vec<String>,
    /// How long each Kubernetes operation may take (a Go duration: 5m, 1h30m).
    #[arg(long = "timeout", value_name = "DURATION", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub timeout: Vec<String>,
    /// Chart repository username.
    #[arg(long = "username", value_name = "TEXT", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub username: Vec<String>,
    /// Helm 3: validate against the cluster; Helm 4: deprecated for --dry-run=server (refused:
    /// orochart contacts no cluster).
    #[arg(long = "validate", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub validate: Vec<String>,
    /// Verify the chart archive's provenance (refused where Helm would check a signature).
    #[arg(long = "verify", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub verify: Vec<String>,
    /// A repository chart's version constraint (a local chart's is not checked, as in Helm).
    #[arg(long = "version", value_name = "VERSION", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub version: Vec<String>,
    /// Helm 3: wait for the resources (a bool). Helm 4: watcher (bare), hookOnly or legacy.
    #[arg(long = "wait", value_name = "STRATEGY", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub wait: Vec<String>,
    /// Wait for Jobs too.
    #[arg(long = "wait-for-jobs", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub wait_for_jobs: Vec<String>,
    /// The CA bundle of HTTPS chart servers (read as Helm reads it: a missing file fails).
    #[arg(long = "ca-file", value_name = "PATH", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub ca_file: Vec<String>,
    /// The client certificate for chart servers (read as Helm reads it, with --key-file).
    #[arg(long = "cert-file", value_name = "PATH", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub cert_file: Vec<String>,
    /// The client key for chart servers (read as Helm reads it, with --cert-file).
    #[arg(long = "key-file", value_name = "PATH", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub key_file: Vec<String>,
    /// The public keys --verify checks against.
    #[arg(long = "keyring", value_name = "PATH", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub keyring: Vec<String>,
    /// Client-side throttling limit of the Kubernetes client (an int).
    #[arg(long = "burst-limit", value_name = "INT", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub burst_limit: Vec<String>,
    /// Queries per second of the Kubernetes client (a float32).
    #[arg(long = "qps", value_name = "FLOAT", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub qps: Vec<String>,
    /// The Kubernetes API server's address.
    #[arg(long = "kube-apiserver", value_name = "URL", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub kube_apiserver: Vec<String>,
    /// A group to impersonate (repeatable).
    #[arg(long = "kube-as-group", value_name = "GROUP", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub kube_as_group: Vec<String>,
    /// A user to impersonate.
    #[arg(long = "kube-as-user", value_name = "USER", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub kube_as_user: Vec<String>,
    /// The Kubernetes API server's CA file.
    #[arg(long = "kube-ca-file", value_name = "PATH", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub kube_ca_file: Vec<String>,
    /// Skip the Kubernetes API server's certificate check.
    #[arg(long = "kube-insecure-skip-tls-verify", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub kube_insecure_skip_tls_verify: Vec<String>,
    /// The Kubernetes API server's TLS server name.
    #[arg(long = "kube-tls-server-name", value_name = "NAME", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub kube_tls_server_name: Vec<String>,
    /// A bearer token for the Kubernetes API server.
    #[arg(long = "kube-token", value_name = "TOKEN", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub kube_token: Vec<String>,
    /// The registry config file.
    #[arg(long = "registry-config", value_name = "PATH", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub registry_config: Vec<String>,
    /// The repository index cache folder.
    #[arg(long = "repository-cache", value_name = "PATH", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub repository_cache: Vec<String>,
    /// The repositories file.
    #[arg(long = "repository-config", value_name = "PATH", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub repository_config: Vec<String>,
    /// Helm 4: the content cache folder.
    #[arg(long = "content-cache", value_name = "PATH", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub content_cache: Vec<String>,
    /// Helm 4: colored output, never, auto or always (checked, then ignored).
    #[arg(long = "color", value_name = "MODE", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub color: Vec<String>,
    /// Helm 4: --color.
    #[arg(long = "colour", value_name = "MODE", num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub colour: Vec<String>,
    // klog's logging flags, which every Helm takes (hidden, as in Helm), checked as Helm
    // checks them; they change nothing a render prints.
    #[arg(long = "add-dir-header", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub klog_add_dir_header: Vec<String>,
    #[arg(long = "alsologtostderr", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub klog_alsologtostderr: Vec<String>,
    #[arg(long = "alsologtostderrthreshold", hide = true, num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub klog_alsologtostderrthreshold: Vec<String>,
    #[arg(long = "legacy-stderr-threshold-behavior", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub klog_legacy_stderr_threshold_behavior: Vec<String>,
    #[arg(long = "log-backtrace-at", hide = true, num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub klog_log_backtrace_at: Vec<String>,
    #[arg(long = "log-dir", hide = true, num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub klog_log_dir: Vec<String>,
    #[arg(long = "log-file", hide = true, num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub klog_log_file: Vec<String>,
    #[arg(long = "log-file-max-size", hide = true, num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub klog_log_file_max_size: Vec<String>,
    #[arg(long = "logtostderr", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub klog_logtostderr: Vec<String>,
    #[arg(long = "one-output", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub klog_one_output: Vec<String>,
    #[arg(long = "skip-headers", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub klog_skip_headers: Vec<String>,
    #[arg(long = "skip-log-headers", hide = true, num_args = 0..=1, require_equals = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub klog_skip_log_headers: Vec<String>,
    #[arg(long = "stderrthreshold", hide = true, num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub klog_stderrthreshold: Vec<String>,
    #[arg(short = 'v', long = "v", hide = true, num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub klog_v: Vec<String>,
    #[arg(long = "vmodule", hide = true, num_args = 0..=1, allow_hyphen_values = true, default_missing_value = BARE, action = ArgAction::Append)]
    pub klog_vmodule: Vec<String>,
}

/// `render`'s own flags that Helm checks as it reads them, in order with the rest, by clap
/// id and Helm's name: its booleans (`--include-crds[=BOOL]`, `--debug`, …) and
/// `--post-renderer` (whose program or plugin Helm looks for then).
const RENDER_OWN: &[(&str, &str)] = &[
    ("post_renderer", "post-renderer"),
    ("debug", "debug"),
    ("release_name_dir", "release-name"),
    ("is_upgrade", "is-upgrade"),
    ("no_hooks", "no-hooks"),
    ("skip_tests", "skip-tests"),
    ("include_crds", "include-crds"),
    ("skip_crds", "skip-crds"),
    ("skip_schema_validation", "skip-schema-validation"),
    ("generate_name", "generate-name"),
];

/// The install flags of a parsed `render` command line, in command-line order. `raw` is the
/// whole command line (only its last argument is read: a flag that needs a value gets none
/// only when it is last, and pflag names `-l` and `--labels` apart then).
pub fn given(matches: &ArgMatches, raw: &[OsString]) -> Vec<Given> {
    let cmd = InstallFlags::augment_args(clap::Command::new("install-flags"));
    let mut found: Vec<(usize, Given)> = Vec::new();
    for arg in cmd.get_arguments() {
        let id = arg.get_id().as_str();
        let Some(long) = arg.get_long() else {
            continue;
        };
        let (Ok(Some(values)), Some(indices)) =
            (matches.try_get_many::<String>(id), matches.indices_of(id))
        else {
            continue;
        };
        for (v, i) in values.zip(indices) {
            let value = (v != BARE).then(|| v.clone());
            let short = value.is_none()
                && arg
                    .get_short()
                    .is_some_and(|c| raw.last().is_some_and(|l| *l == *format!("-{c}")));
            found.push((
                i,
                Given {
                    name: long.to_owned(),
                    short,
                    value,
                },
            ));
        }
    }
    for (id, name) in RENDER_OWN {
        if let (Ok(Some(values)), Some(indices)) =
            (matches.try_get_many::<String>(id), matches.indices_of(id))
        {
            for (v, i) in values.zip(indices) {
                found.push((
                    i,
                    Given {
                        name: (*name).to_owned(),
                        short: false,
                        value: (v != BARE).then(|| v.clone()),
                    },
                ));
            }
        }
    }
    found.sort_by_key(|(i, _)| *i);
    found.into_iter().map(|(_, g)| g).collect()
}

/// Reads the flags as `helm`'s Helm does, printing what it prints on the way. A refused
/// command line fails as in Helm: its words, exit status 1.
pub fn read(helm: HelmVersion, given: &[Given]) -> Result<Flags, Failure> {
    let own = |g: &Given| {
        (g.name == "post-renderer").then(|| post_renderer(helm, g.value.as_deref().unwrap_or("")))
    };
    let reading = orochart::template_flags::read_in_env(helm, given, &own, &crate::env_text);
    for line in &reading.stderr {
        eprintln!("{line}");
    }
    reading.result.map_err(Failure::from)
}

/// `--post-renderer`, as Helm checks it when it reads it: Helm 3 looks the program up (Go's
/// `exec.LookPath`), Helm 4 looks for a plugin of that name, and orochart runs no plugins. An
/// empty value is no post-renderer.
fn post_renderer(helm: HelmVersion, program: &str) -> Result<(), String> {
    if program.is_empty() {
        return Ok(());
    }
    if helm.profile().post_renderer_is_plugin {
        return Err(format!(
            "plugin: {{Name:{program} Type:postrenderer/v1}} not found"
        ));
    }
    look_path(program).map_err(|e| format!("unable to find binary at {program}: {e}"))
}

/// Go's `exec.LookPath` on Unix: a name with a `/` is checked as it is; one without is looked
/// for in `PATH`. The error is Go's (`exec: "x": executable file not found in $PATH`).
fn look_path(file: &str) -> Result<(), String> {
    let quoted = orochart::template_flags::go_quote(file);
    let executable = |p: &Path| -> Result<(), String> {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(p)
            .map_err(|e| orochart::template_flags::stat_error(&p.to_string_lossy(), &e))?;
        if meta.is_dir() {
            return Err("is a directory".into());
        }
        if meta.permissions().mode() & 0o111 == 0 {
            return Err("permission denied".into());
        }
        Ok(())
    };
    if file.contains('/') {
        return executable(Path::new(file)).map_err(|e| format!("exec: {quoted}: {e}"));
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path).any(|dir| {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".").to_path_buf()
        } else {
            dir
        };
        executable(&dir.join(file)).is_ok()
    });
    if found {
        Ok(())
    } else {
        Err(format!(
            "exec: {quoted}: executable file not found in $PATH"
        ))
    }
}

/// The checks Helm makes as `helm template` starts, before it looks for the chart: the
/// registry client's TLS files, and (Helm 4) `--dry-run`.
pub fn check_start(flags: &Flags) -> Result<Option<DryRun>, Failure> {
    flags
        .check_tls_files(&|path| {
            std::fs::read(path)
                .map(drop)
                .map_err(|e| orochart::template_flags::read_file_error(path, &e))
        })
        .map_err(Failure::Error)?;
    if flags.dry_run_checked_first() {
        return dry_run(flags).map(Some).map_err(Failure::Error);
    }
    Ok(None)
}

/// `--dry-run` read, its warnings printed.
pub fn dry_run(flags: &Flags) -> Result<DryRun, String> {
    let (warnings, mode) = flags.dry_run();
    for line in warnings {
        eprintln!("{line}");
    }
    mode
}

/// Where Helm looks for the chart (`LocateChart`): a chart that exists locally is used (Helm
/// 4 does not look when `--repo` is given); with `--verify`, its provenance is checked. Where
/// Helm would download, orochart refuses; where it would check a signature, too.
pub fn locate(flags: &Flags, helm: HelmVersion, chart: Option<&str>) -> Result<(), Failure> {
    let rule = helm.profile().template_cli.repo;
    if !flags.repo.is_empty() && rule == RepoRule::AlwaysDownloads {
        return Err(download_refused(flags, chart, helm));
    }
    let Some(chart) = chart else {
        // The built-in chart: there is nothing to find or verify.
        return Ok(());
    };
    let name = chart.trim();
    if std::fs::metadata(name).is_err() {
        if !flags.repo.is_empty() && !Path::new(name).is_absolute() && !name.starts_with('.') {
            return Err(download_refused(flags, Some(chart), helm));
        }
        // Not found: the chart's loader says so, in Helm's words.
        return Ok(());
    }
    if !flags.repo.is_empty() && rule == RepoRule::LocalChartWinsWarned {
        eprintln!(
            "install.go:757: WARN local chart found in current working directory. repository url ignored chart={} repository={}",
            orochart::template_flags::slog_value(name),
            orochart::template_flags::slog_value(&flags.repo)
        );
    }
    if flags.verify {
        verify(flags, name)?;
    }
    Ok(())
}

/// Helm's `downloader.VerifyChart` of a local chart, as far as it goes without checking a
/// signature (which orochart refuses).
fn verify(flags: &Flags, name: &str) -> Result<(), Failure> {
    let abs = go_abs(name);
    let meta = std::fs::metadata(&abs)
        .map_err(|e| Failure::Error(orochart::template_flags::stat_error(&abs, &e)))?;
    if meta.is_dir() {
        return Err(Failure::Error("unpacked charts cannot be verified".into()));
    }
    let is_tgz = Path::new(&abs)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tgz"));
    if !is_tgz {
        return Err(Failure::Error("chart must be a tgz file".into()));
    }
    let prov = format!("{abs}.prov");
    if let Err(e) = std::fs::metadata(&prov) {
        return Err(Failure::Error(format!(
            "could not load provenance file {prov}: {}",
            orochart::template_flags::stat_error(&prov, &e)
        )));
    }
    let keyring = flags.keyring.clone().unwrap_or_else(default_keyring);
    if let Err(e) = std::fs::File::open(&keyring) {
        return Err(Failure::Error(format!(
            "failed to load keyring: {}",
            orochart::template_flags::read_file_error(&keyring, &e)
        )));
    }
    Err(Failure::Error(format!(
        "orochart does not check provenance signatures: --verify would check `{prov}` against the keyring `{keyring}`; check it with `helm verify {abs}`, then render without --verify"
    )))
}

/// Go's `filepath.Abs`: the path joined to the working folder, cleaned (links not resolved).
pub fn go_abs(name: &str) -> String {
    let joined = if Path::new(name).is_absolute() {
        name.to_owned()
    } else {
        match std::env::current_dir() {
            Ok(cwd) => format!("{}/{name}", cwd.display()),
            Err(_) => name.to_owned(),
        }
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Helm's default keyring: `$GNUPGHOME/pubring.gpg`, else `~/.gnupg/pubring.gpg`.
fn default_keyring() -> String {
    match std::env::var_os("GNUPGHOME") {
        Some(dir) => format!("{}/pubring.gpg", dir.to_string_lossy()),
        None => format!(
            "{}/.gnupg/pubring.gpg",
            std::env::var("HOME").unwrap_or_default()
        ),
    }
}

fn download_refused(flags: &Flags, chart: Option<&str>, helm: HelmVersion) -> Failure {
    let chart = chart.unwrap_or("");
    let why = if helm.profile().template_cli.repo == RepoRule::AlwaysDownloads {
        format!("with --repo, Helm {helm} looks `{chart}` up in `{}` even when a local chart of that name exists", flags.repo)
    } else {
        format!(
            "`{chart}` is not a local chart, so Helm would look it up in `{}`",
            flags.repo
        )
    };
    Failure::Error(format!(
        "orochart never downloads charts: {why}; download it (`helm pull {chart} --repo {}`) and render the archive or folder",
        flags.repo
    ))
}

/// `--dependency-update` with a dependency missing from `charts/`: Helm would download it
/// (and write it into the chart); orochart refuses.
pub fn check_dependencies(flags: &Flags, chart: &orochart::Chart) -> Result<(), Failure> {
    if !flags.dependency_update {
        return Ok(());
    }
    let missing = chart.missing_dependencies();
    if missing.is_empty() {
        return Ok(());
    }
    let names: Vec<String> = missing.iter().map(|m| format!("`{m}`")).collect();
    Err(Failure::Error(format!(
        "orochart never downloads dependencies: --dependency-update would make Helm fetch {} into `charts/`; run `helm dependency build` first",
        names.join(", ")
    )))
}

/// Helm's `--validate` and Helm 4's `--dry-run=server` check the manifests against the
/// cluster; orochart contacts none.
pub fn check_cluster(mode: DryRun, flags: &Flags) -> Result<(), String> {
    if mode != DryRun::Server {
        return Ok(());
    }
    let flag = if flags.validate {
        "--validate"
    } else {
        "--dry-run=server"
    };
    Err(format!(
        "orochart never contacts a cluster: {flag} makes Helm check the manifests against the cluster of the kubeconfig; render without it (or with --dry-run=client)"
    ))
}
