//! `orochart fleet`: every app folder of a GitOps repository, rendered in parallel.
//!
//! An app folder is `ROOT/<env>/<service>/` holding a `values.yaml`. Each renders with the
//! built-in chart as release `<service>` in namespace `<service>`, by the same rules as
//! `orochart argocd generate` applies to an app folder with no parameters
//! ([`orochart::app::render_app`]). The chart is compiled once and shared by every thread.
//!
//! Everything is rendered before anything is written, and results are kept in the order the
//! apps were found (sorted by environment, then service), so the output does not depend on the
//! thread count. If any app fails, every failure is listed on stderr and nothing is written.

use std::io::IsTerminal;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use orochart::app::{render_app, AppSpec};
use orochart::profile::HelmVersion;
use orochart::Renderer;
use rayon::prelude::*;

use crate::Failure;

/// Examples shown by `orochart fleet --help`.
pub const EXAMPLES: &str = "\
Layout:
  ROOT/<env>/<service>/values.yaml    one app: release and namespace <service>
  Folders without a values.yaml, and names starting with `.`, are skipped.

Output:
  Without --output-dir or --check, every app's manifests go to stdout, sorted by environment
  then service, each app preceded by a `# App: <env>/<service>` comment line. The output is the
  same whatever the thread count. A summary line goes to stderr at the end, and a progress bar
  while rendering when stderr is a terminal.
  If any app fails, each failure is listed on stderr as `<env>/<service>: <error>`, nothing is
  printed or written, and the exit code is 1.

Examples:
  # Check that every app of the repository renders (CI)
  orochart fleet environments/ --check

  # Write environments/<env>/<service> to out/<env>/<service>.yaml, on 4 threads
  orochart fleet environments/ --output-dir out -j 4

  # Everything as one YAML stream
  orochart fleet environments/ > fleet.yaml";

/// The flags of `orochart fleet`.
#[derive(Debug, Clone, Args)]
pub struct FleetArgs {
    /// The folder holding the environment folders (`environments/` in the usual layout).
    #[arg(value_name = "ROOT")]
    pub root: PathBuf,
    /// Write each app's manifests to `DIR/<env>/<service>.yaml` (atomically) instead of stdout.
    #[arg(long = "output-dir", value_name = "DIR", conflicts_with = "check")]
    pub output_dir: Option<PathBuf>,
    /// Render every app and write nothing; list every app that fails and exit 1 if any does.
    #[arg(long = "check")]
    pub check: bool,
    /// Threads to render with (default: one per CPU, or `RAYON_NUM_THREADS`; at most 256).
    #[arg(short = 'j', long = "threads", value_name = "N", value_parser = parse_threads)]
    pub threads: Option<NonZeroUsize>,
    /// The most bytes of manifests to print or write, all apps together (bytes, or with Ki,
    /// Mi, Gi).
    #[arg(
        long = "max-output",
        value_name = "SIZE",
        env = "OROCHART_MAX_OUTPUT",
        default_value = "256Mi",
        value_parser = crate::parse_max_output
    )]
    pub max_output: usize,
    /// The Helm whose output to reproduce: 3.17, 3.18, 3.19, 4.1, 4.2 or 4.3.
    /// Default: env OROCHART_HELM_VERSION, else 4.3 (the newest Helm 4).
    #[arg(long = "helm-version", value_name = "X.Y")]
    pub helm_version: Option<String>,
}

/// The most render threads `-j` may ask for: far more than any machine orochart runs on has
/// cores (each thread reserves a deep stack, and `-j 100000` took 30 s to fail).
pub const MAX_THREADS: usize = 256;

fn parse_threads(s: &str) -> Result<NonZeroUsize, String> {
    let n: NonZeroUsize = s.parse().map_err(|_| {
        format!("`{s}` is not a thread count: give a number from 1 to {MAX_THREADS}")
    })?;
    if n.get() > MAX_THREADS {
        return Err(format!(
            "{n} threads is more than orochart's limit of {MAX_THREADS}"
        ));
    }
    Ok(n)
}

/// One app folder: `ROOT/<env>/<service>/` (the library owns the layout).
pub use orochart::fleet::App;

/// Finds every app folder `root/<env>/<service>/` holding a `values.yaml`, sorted by
/// environment then service ([`orochart::fleet::discover`]).
pub fn discover(root: &Path) -> Result<Vec<App>, Failure> {
    Ok(orochart::fleet::discover(root)?)
}

/// Renders one app to the bytes `helm template` would print for it.
pub fn render_one(renderer: &Renderer, root: &Path, app: &App) -> orochart::Result<String> {
    let spec = AppSpec {
        repo_root: root.to_path_buf(),
        app_dir: app.dir.clone(),
        release: app.service.clone(),
        namespace: app.service.clone(),
        helm: renderer.helm(),
        ..AppSpec::default()
    };
    Ok(render_app(renderer, &spec)?.to_helm_output())
}

/// A progress bar on stderr when it is a terminal; hidden otherwise (piped, CI logs).
fn progress_bar(len: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} apps  {elapsed}") {
        bar.set_style(style);
    }
    bar
}

/// `N apps (E environments)`, of apps sorted by environment.
fn count<A: std::borrow::Borrow<App>>(apps: &[A]) -> String {
    let mut envs: Vec<&str> = apps.iter().map(|a| a.borrow().env.as_str()).collect();
    envs.dedup();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{} ({})",
        plural(apps.len(), "app"),
        plural(envs.len(), "environment")
    )
}

/// Indents the continuation lines of a multi-line error (values problems) under its app.
fn indent_continuation(msg: &str) -> String {
    msg.replace('\n', "\n  ")
}

/// Renders every app of the fleet with the built-in chart (compiled once) on `threads` threads
/// (default: rayon's); the results are in the order of `apps`, failures as `Err`.
pub fn render_all(
    root: &Path,
    apps: &[App],
    threads: Option<NonZeroUsize>,
    helm: HelmVersion,
) -> Result<Vec<Result<String, orochart::Error>>, Failure> {
    let renderer =
        Renderer::with_engine(orochart_builtin::chart()?, None, crate::render::fast_path())?
            .with_helm(helm);
    // Never more threads than apps; each gets a deep stack, as the CLI's own thread has.
    let threads = threads.map_or(0, |n| n.get().min(apps.len().max(1)));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(crate::STACK_SIZE / 4)
        .build()
        .map_err(|e| Failure::Error(format!("cannot start the render threads: {e}")))?;
    let bar = progress_bar(apps.len());
    // `collect` on an indexed parallel iterator keeps the input order: results line up with
    // `apps` whatever the thread count.
    let results = pool.install(|| {
        apps.par_iter()
            .map(|app| {
                let r = render_one(&renderer, root, app);
                bar.inc(1);
                r
            })
            .collect()
    });
    bar.finish_and_clear();
    Ok(results)
}

/// Runs `orochart fleet` and returns the exit code. It prints itself, unlike the other
/// subcommands, because the summary line comes after the manifests and a failure lists every
/// app that failed.
pub fn run(a: &FleetArgs) -> ExitCode {
    run_inner(a).unwrap_or_else(Failure::report)
}

fn run_inner(a: &FleetArgs) -> Result<ExitCode, Failure> {
    let root = a.root.as_path();
    if !root.is_dir() {
        return Err(Failure::Error(format!(
            "`{}` is not a folder: give the folder holding the environments (ROOT/<env>/<service>/values.yaml)",
            root.display()
        )));
    }
    // Apps whose values.yaml cannot be read are listed with the apps that fail to render.
    let orochart::fleet::Discovered { apps, unreadable } = orochart::fleet::discover_each(root)?;
    if apps.is_empty() && unreadable.is_empty() {
        return Err(Failure::Error(format!(
            "no app folders under `{}`: expected `<env>/<service>/values.yaml` inside it",
            root.display()
        )));
    }
    let helm = crate::render::helm_version(a.helm_version.as_deref())?;
    let results = render_all(root, &apps, a.threads, helm)?;

    let mut failures: Vec<(&App, String)> = apps
        .iter()
        .zip(&results)
        .filter_map(|(app, r)| r.as_ref().err().map(|e| (app, e.to_string())))
        .chain(unreadable.iter().map(|(app, why)| (app, why.clone())))
        .collect();
    if !failures.is_empty() {
        failures.sort_by(|a, b| a.0.cmp(b.0));
        for (app, e) in &failures {
            eprintln!("{}: {}", app.id(), indent_continuation(e));
        }
        let mut all: Vec<&App> = apps
            .iter()
            .chain(unreadable.iter().map(|(app, _)| app))
            .collect();
        all.sort();
        return Err(Failure::Error(format!(
            "{} of {} failed to render",
            failures.len(),
            count(&all)
        )));
    }
    let outputs: Vec<&str> = results.iter().flatten().map(String::as_str).collect();
    let total: usize = outputs.iter().map(|o| o.len()).sum();
    orochart::Limits {
        max_output: a.max_output,
    }
    .check_output(total)
    .map_err(crate::output_limit_failure)?;

    if a.check {
        eprintln!("checked {}: all render", count(&apps));
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(dir) = &a.output_dir {
        let files: Vec<(PathBuf, &str)> = apps
            .iter()
            .zip(&outputs)
            .map(|(app, out)| {
                let path = dir.join(&app.env).join(format!("{}.yaml", app.service));
                (path, *out)
            })
            .collect();
        crate::render::write_all_or_nothing(&files)?;
        eprintln!("wrote {} to `{}`", count(&apps), dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    let mut stdout = String::with_capacity(outputs.iter().map(|o| o.len() + 64).sum());
    for (app, out) in apps.iter().zip(&outputs) {
        stdout.push_str("# App: ");
        stdout.push_str(&app.id());
        stdout.push('\n');
        stdout.push_str(out);
    }
    let code = crate::write_stdout(stdout.as_bytes());
    if code == ExitCode::SUCCESS {
        eprintln!("rendered {}", count(&apps));
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_worded_for_one_and_many() {
        let app = |env: &str, service: &str| App {
            env: env.into(),
            service: service.into(),
            dir: PathBuf::new(),
        };
        assert_eq!(count(&[app("dev", "a")]), "1 app (1 environment)");
        assert_eq!(
            count(&[app("dev", "a"), app("dev", "b"), app("prod", "a")]),
            "3 apps (2 environments)"
        );
    }

    #[test]
    fn multi_line_errors_stay_under_their_app() {
        assert_eq!(
            indent_continuation("values do not match (2 problems):\n  a\n  b"),
            "values do not match (2 problems):\n    a\n    b"
        );
    }
}
