//! The `orochart` command: flags → library call → print. Nothing else lives here.
//!
//! `run` parses the arguments, runs one subcommand and returns the exit code: 0 ok, 1 render or
//! validation error, 2 usage error. Data goes to stdout, diagnostics to stderr, and on error
//! nothing goes to stdout (everything is rendered before anything is printed).

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub mod argocd;
pub mod completion;
pub mod diff;
pub mod edit;
pub mod fleet;
pub mod kubeconfig;
pub mod lint;
pub mod render;
pub mod show;

/// Render Helm charts written in minijinja, byte for byte as `helm template` would.
#[derive(Debug, Parser)]
#[command(name = "orochart", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render a chart as `helm template` does (same flags, same bytes).
    #[command(after_help = render::EXAMPLES)]
    Render(Box<render::RenderArgs>),
    /// Show the built-in chart's values, values schema or Chart.yaml.
    #[command(after_help = show::EXAMPLES)]
    Show(show::ShowArgs),
    /// Render every app folder `ROOT/<env>/<service>/` of a GitOps repository, in parallel.
    #[command(after_help = fleet::EXAMPLES)]
    Fleet(fleet::FleetArgs),
    /// What a change does to the cluster: every app folder rendered at two git revisions, compared.
    #[command(after_help = diff::EXAMPLES)]
    Diff(diff::DiffArgs),
    /// Change values in a values file in place, touching only the bytes of the changed values.
    #[command(after_help = edit::SET_EXAMPLES)]
    Set(edit::SetArgs),
    /// Copy values (default: image.tag, image.digest) from one app folder's values to another's.
    #[command(after_help = edit::PROMOTE_EXAMPLES)]
    Promote(edit::PromoteArgs),
    /// Check values and rendered manifests: typed values, values.schema.json, JSON schemas.
    #[command(after_help = lint::EXAMPLES)]
    Lint(Box<lint::LintArgs>),
    /// The ArgoCD config-management plugin: `generate` and `parameters`.
    #[command(after_help = argocd::EXAMPLES)]
    Argocd(argocd::ArgocdArgs),
    /// Print a shell completion script.
    #[command(after_help = completion::EXAMPLES)]
    Completion(completion::CompletionArgs),
}

/// What a subcommand reports back to `main`.
#[derive(Debug)]
pub enum Failure {
    /// Rendering or validation failed: exit 1.
    Error(String),
    /// The command line was wrong: exit 2.
    Usage(String),
    /// Rendering failed, and `--debug` asked for what was rendered: print it to stdout, then
    /// the error; exit 1.
    WithOutput(String, String),
}

impl Failure {
    /// Prints the failure to stderr and returns its exit code: 1 for errors, 2 for usage.
    pub fn report(self) -> ExitCode {
        let (msg, code) = match self {
            Failure::Error(msg) => (msg, 1),
            Failure::Usage(msg) => (msg, 2),
            Failure::WithOutput(out, msg) => {
                // A closed stdout still leaves the error to report.
                let _ = write_stdout(out.as_bytes());
                (msg, 1)
            }
        };
        eprintln!("Error: {msg}");
        ExitCode::from(code)
    }
}

impl From<orochart::Error> for Failure {
    fn from(e: orochart::Error) -> Self {
        Failure::Error(e.to_string())
    }
}

/// Runs the command line and returns the process exit code.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Render(args) => render::run(&args),
        Command::Show(args) => show::run(&args),
        // Fleet prints itself: its summary follows the manifests, failures list every app.
        Command::Fleet(args) => return fleet::run(&args),
        // Diff exits as diff(1) does: 0 same, 1 different, 2 trouble.
        Command::Diff(args) => return diff::run(&args),
        Command::Set(args) => edit::run_set(&args),
        Command::Promote(args) => edit::run_promote(&args),
        Command::Lint(args) => lint::run(&args),
        Command::Argocd(args) => argocd::run(&args),
        Command::Completion(args) => completion::run(&args),
    };
    match result {
        Ok(out) => write_stdout(out.as_bytes()),
        Err(failure) => failure.report(),
    }
}

/// Writes everything at once; a closed pipe (`orochart render | head`) is not an error.
pub fn write_stdout(bytes: &[u8]) -> ExitCode {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Error: writing to stdout: {e}");
            ExitCode::from(1)
        }
    }
}
