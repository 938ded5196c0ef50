//! The `orochart` command: flags → library call → print. Nothing else lives here.
//!
//! `run` parses the arguments, runs one subcommand and returns the exit code: 0 ok, 1 render or
//! validation error, 2 usage error. Data goes to stdout, diagnostics to stderr, and on error
//! nothing goes to stdout (everything is rendered before anything is printed).

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

pub mod argocd;
pub mod completion;
pub mod diff;
pub mod edit;
pub mod fleet;
pub mod install_flags;
pub mod lint;
pub mod render;
pub mod request_root;
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
    #[command(
        after_help = render::EXAMPLES,
        visible_alias = "template",
        args_override_self = true
    )]
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
    /// A failure Helm logs rather than reports (Helm 4's bad `--color`): the line as it is,
    /// without `Error: `; exit 1, as Helm.
    Logged(String),
    /// Where Helm crashes with a Go panic: Go's first line (`panic: …`) without its stack
    /// trace; exit 2, as Go.
    Panic(String),
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
            Failure::Logged(line) => {
                eprintln!("{line}");
                return ExitCode::from(1);
            }
            Failure::Panic(message) => {
                eprintln!("panic: {message}");
                return ExitCode::from(2);
            }
        };
        eprintln!("Error: {msg}");
        ExitCode::from(code)
    }
}

impl From<orochart::template_flags::FlagError> for Failure {
    /// Helm's reading of its command line stopped: `Error: …`, or Helm 4's logged line.
    fn from(e: orochart::template_flags::FlagError) -> Self {
        match e {
            orochart::template_flags::FlagError::Error(m) => Failure::Error(m),
            orochart::template_flags::FlagError::Logged(line) => Failure::Logged(line),
        }
    }
}

/// An environment variable as text (bytes that are not UTF-8 as U+FFFD), for the library's
/// readings of Helm's environment (`HELM_REGISTRY_CONFIG`, `HELM_DRIVER`, …).
pub(crate) fn env_text(name: &str) -> Option<String> {
    std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
}

impl From<orochart::Error> for Failure {
    fn from(e: orochart::Error) -> Self {
        match e {
            orochart::Error::GoPanic(message) => Failure::Panic(message),
            e => Failure::Error(e.to_string()),
        }
    }
}

/// The stack the command runs on (reserved, not used: pages are only touched as deep inputs
/// need them). Every recursive reader and renderer bounds its depth (README "Limits and
/// safety"); this is the room those bounds were measured against, as Go's 1 GB goroutine stack
/// is Helm's. The 8 MB main thread is too small for a 10,000-level values file.
pub const STACK_SIZE: usize = 1 << 30;

/// Runs the command line and returns the process exit code.
///
/// The work runs on a thread with a [`STACK_SIZE`] stack (on the calling thread when the system
/// refuses to reserve one).
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    run_prepared(args, || {})
}

/// [`run`], calling `prepare` on the worker thread before the command (the `orochart` binary
/// sets up that thread's heap there).
pub fn run_prepared(args: impl IntoIterator<Item = OsString>, prepare: fn()) -> ExitCode {
    let args: Vec<OsString> = args.into_iter().collect();
    let args_again = args.clone();
    let worker = std::thread::Builder::new()
        .name("orochart".into())
        .stack_size(STACK_SIZE)
        .spawn(move || {
            prepare();
            run_here(args)
        });
    match worker {
        Ok(handle) => handle.join().unwrap_or_else(|_| {
            eprintln!("Error: orochart stopped unexpectedly (an internal error): please report it");
            ExitCode::from(1)
        }),
        // No room for a big stack (a strict overcommit policy): the limits still hold, only
        // the deepest inputs they allow may not fit.
        Err(_) => run_here(args_again),
    }
}

/// [`run`] on the calling thread.
pub fn run_here(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args: Vec<OsString> = args.into_iter().collect();
    if let Some(failure) = render::root_failure(&args) {
        return failure.report();
    }
    let args = pflag_short_values(args);
    let parsed = command_for(&args)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            if let Some(failure) = unknown_render_flag(&e, &args) {
                return failure.report();
            }
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Render(a) => {
            // Helm reads its install flags in command-line order, which clap's matches keep.
            let given = matches
                .subcommand_matches("render")
                .map(|m| install_flags::given(m, &args))
                .unwrap_or_default();
            render::run(&a, &given)
        }
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

/// The command line's parser. For `render` (and `template`), the command run once per
/// render, only that subcommand is built: clap builds every flag of every subcommand it is
/// given before it parses, about a tenth of a small chart's whole render. The test
/// `render_alone_parses_as_the_whole_command` holds it to what `Cli::command()` builds.
fn command_for(args: &[OsString]) -> clap::Command {
    if matches!(
        args.get(1).and_then(|a| a.to_str()),
        Some("render" | "template")
    ) {
        render_command()
    } else {
        Cli::command()
    }
}

/// `Cli::command()` with `render` its only subcommand (the attributes of `Cli` and of
/// `Command::Render`, written out).
fn render_command() -> clap::Command {
    let render =
        <Box<render::RenderArgs> as clap::Args>::augment_args(clap::Command::new("render"))
            .about("Render a chart as `helm template` does (same flags, same bytes)")
            .long_about(None)
            .after_help(render::EXAMPLES)
            .visible_alias("template")
            .args_override_self(true);
    clap::Command::new("orochart")
        .version(env!("CARGO_PKG_VERSION"))
        .about(env!("CARGO_PKG_DESCRIPTION"))
        .long_about(None)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(render)
}

/// pflag reads a one-letter flag given as `-n=` with the value `=` (what follows the letter,
/// when that is a lone `=`), where clap reads an empty value: `render`'s arguments `-X=`, for
/// each letter `X` of a flag that takes a value, are given to clap as `-X==`, which both read
/// as `=`.
fn pflag_short_values(args: Vec<OsString>) -> Vec<OsString> {
    if !matches!(
        args.get(1).and_then(|a| a.to_str()),
        Some("render" | "template")
    ) {
        return args;
    }
    // The command's flags are looked at only when an argument is one: building clap's
    // command again costs more than the rest of the command line's reading.
    let short_equals = |text: &str| {
        let mut chars = text.chars();
        match (chars.next(), chars.next(), chars.next(), chars.next()) {
            (Some('-'), Some(letter), Some('='), None) if letter != '-' => Some(letter),
            _ => None,
        }
    };
    let rewrites = args
        .iter()
        .skip(2)
        .map(|a| a.to_str().unwrap_or(""))
        .take_while(|t| *t != "--")
        .any(|t| short_equals(t).is_some());
    if !rewrites {
        return args;
    }
    let cmd = render_command();
    let Some(render) = cmd.find_subcommand("render") else {
        return args;
    };
    // A flag whose value needs an `=` is a pflag boolean (`-g`): `-g=` is `-g` then an
    // unknown `-=` for pflag.
    let value_optional = |letter: char| {
        render
            .get_arguments()
            .find(|a| a.get_short() == Some(letter) && a.get_action().takes_values())
            .map(|a| a.is_require_equals_set())
    };
    let mut out = Vec::with_capacity(args.len() + 1);
    let mut rest = args.into_iter();
    out.extend(rest.by_ref().take(2));
    for arg in rest.by_ref() {
        let Some(text) = arg.to_str() else {
            out.push(arg);
            continue;
        };
        if text == "--" {
            out.push(arg);
            break;
        }
        if let Some(letter) = short_equals(text) {
            match value_optional(letter) {
                Some(false) => {
                    out.push(OsString::from(format!("-{letter}==")));
                    continue;
                }
                Some(true) => {
                    out.push(OsString::from(format!("-{letter}")));
                    out.push(OsString::from("-="));
                    continue;
                }
                None => {}
            }
        }
        out.push(arg);
    }
    out.extend(rest);
    out
}

/// `render` is a drop-in for `helm template`: a flag it does not know fails as in Helm
/// (pflag's `unknown flag: --x`, `unknown shorthand flag: 'x' in -x`), with Helm's exit status
/// 1 (as every command-line error Helm reports in its words), not with clap's usage error.
fn unknown_render_flag(e: &clap::Error, args: &[OsString]) -> Option<Failure> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    let sub = args.get(1).and_then(|a| a.to_str())?;
    if sub != "render" && sub != "template" {
        return None;
    }
    let Some(ContextValue::String(arg)) = e.get(ContextKind::InvalidArg) else {
        return None;
    };
    if let Some(name) = arg.strip_prefix("--") {
        if name.starts_with(['-', '=']) {
            return Some(Failure::Error(format!("bad flag syntax: {arg}")));
        }
        if name.is_empty() {
            // clap names `--=x` as `--`.
            let given = args
                .iter()
                .skip(2)
                .filter_map(|a| a.to_str())
                .find(|a| a.starts_with("--="))?;
            return Some(Failure::Error(format!("bad flag syntax: {given}")));
        }
        let name = name.split('=').next().unwrap_or(name);
        return Some(Failure::Error(format!("unknown flag: --{name}")));
    }
    // A one-letter flag (`-Z`), alone or after booleans in a group (`-gZq`: pflag names the
    // group from the unknown letter on, `-Zq`).
    let letter = arg.strip_prefix('-').filter(|l| l.chars().count() == 1)?;
    let given = args.iter().skip(2).find_map(|a| {
        let group = a
            .to_str()?
            .strip_prefix('-')
            .filter(|g| !g.starts_with('-'))?;
        group.find(letter).map(|at| &group[at..])
    })?;
    Some(Failure::Error(format!(
        "unknown shorthand flag: '{letter}' in -{given}"
    )))
}

/// A size as the limits take it: bytes, or a number with `Ki`, `Mi` or `Gi` (`256Mi`).
pub fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim();
    let (digits, shift) = match s.len().checked_sub(2).map(|i| s.split_at(i)) {
        Some((d, "Ki")) => (d, 10),
        Some((d, "Mi")) => (d, 20),
        Some((d, "Gi")) => (d, 30),
        _ => (s, 0),
    };
    let n: usize = digits.trim().parse().ok()?;
    n.checked_mul(1usize.checked_shl(shift)?)
}

/// The most bytes of manifests one command prints or writes (`--max-output`,
/// `OROCHART_MAX_OUTPUT`): far more than any real chart renders.
pub const DEFAULT_MAX_OUTPUT: usize = orochart::Limits::DEFAULT_MAX_OUTPUT;

/// Parses `--max-output`.
pub fn parse_max_output(s: &str) -> Result<usize, String> {
    parse_size(s).filter(|n| *n > 0).ok_or_else(|| {
        format!("`{s}` is not a size: give bytes, or a number with Ki, Mi or Gi (e.g. 256Mi)")
    })
}

/// Fails when `out` is larger than the request's [`orochart::Limits::max_output`].
pub fn check_output_size(out: &str, limits: orochart::Limits) -> Result<(), Failure> {
    limits.check_output(out.len()).map_err(output_limit_failure)
}

/// The library's output-limit error, with how to raise the limit from the command line.
pub fn output_limit_failure(e: orochart::Error) -> Failure {
    Failure::Error(format!(
        "{e} (raise it with --max-output or OROCHART_MAX_OUTPUT)"
    ))
}

/// An I/O error in words (`permission denied`), without Rust's `(os error 13)`.
pub fn io_words(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        ErrorKind::NotFound => "no such file or folder".to_owned(),
        ErrorKind::AlreadyExists => "a file of that name is in the way".to_owned(),
        ErrorKind::IsADirectory => "a folder of that name is in the way".to_owned(),
        ErrorKind::NotADirectory => "a file is in the way of a folder on that path".to_owned(),
        ErrorKind::ReadOnlyFilesystem => "read-only file system".to_owned(),
        ErrorKind::StorageFull => "no space left on device".to_owned(),
        _ => {
            let s = e.to_string();
            s.split(" (os error").next().unwrap_or(&s).to_lowercase()
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What a command makes of `args`: the parsed command line, or clap's error as printed.
    fn outcome(cmd: clap::Command, args: &[&str]) -> String {
        match cmd
            .try_get_matches_from(args)
            .and_then(|m| Cli::from_arg_matches(&m))
        {
            Ok(cli) => format!("{cli:?}"),
            Err(e) => format!("{:?}: {}", e.kind(), e.render()),
        }
    }

    #[test]
    fn render_alone_parses_as_the_whole_command() {
        let cases: &[&[&str]] = &[
            &["orochart", "render", "r", "chart"],
            &[
                "orochart", "template", "r", "chart", "-f", "a.yaml", "--set", "a=1",
            ],
            &["orochart", "render", "--help"],
            &["orochart", "render", "-h"],
            &["orochart", "template", "--help"],
            &["orochart", "render"],
            &["orochart", "render", "r", "c", "--no-such-flag"],
            &["orochart", "render", "r", "c", "-n"],
            &[
                "orochart",
                "render",
                "r",
                "c",
                "-n",
                "a",
                "-n",
                "b",
                "--kube-version",
                "1.30",
            ],
            &["orochart", "render", "r", "c", "--output-dir"],
            &["orochart", "render", "r", "c", "--helm-version", "9.9"],
            &["orochart", "render", "r", "c", "x", "y"],
            &["orochart", "render", "r", "c", "--version"],
            &[
                "orochart",
                "render",
                "r",
                "c",
                "--skip-tests",
                "--include-crds",
                "--debug",
            ],
            &["orochart", "render", "r", "c", "--", "--set"],
        ];
        for args in cases {
            assert_eq!(
                outcome(render_command(), args),
                outcome(Cli::command(), args),
                "{args:?}"
            );
        }
        // Both commands are used only for what `command_for` gives them.
        let os = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        let subs = |c: clap::Command| c.get_subcommands().count();
        assert_eq!(subs(command_for(&os(&["orochart", "template"]))), 1);
        assert!(subs(command_for(&os(&["orochart", "fleet"]))) > 1);
        assert!(subs(command_for(&os(&["orochart"]))) > 1);
    }
}
