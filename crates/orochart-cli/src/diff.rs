//! `orochart diff BASE HEAD`: what a change to a GitOps repository does to the cluster
//! ([`orochart::gitops::diff`]), as text, Markdown or JSON. Exit status as `diff(1)`.

use std::io::IsTerminal;
use std::num::NonZeroUsize;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use orochart::gitops::{diff, report, DiffOptions, Revision};

/// Examples shown by `orochart diff --help`.
pub const EXAMPLES: &str = "\
Each app folder ROOT/<env>/<service>/values.yaml is rendered as `orochart fleet` renders it
(the built-in chart, or --chart; release and namespace <service>) at BASE and at HEAD, read from
git objects: nothing is checked out or written. Only apps whose values.yaml changed are
rendered, unless the chart changed. Secret data is never shown.

Exit status: 0 no change, 1 changes, 2 an error (an app that fails to render at HEAD is an error
naming it; one that failed at BASE and renders at HEAD is reported as fixed).

Examples:
  # What this branch changes in the cluster
  orochart diff origin/main HEAD --root environments

  # A pull-request comment (GitHub's 65,536-character limit is kept)
  orochart diff \"$BASE_SHA\" \"$HEAD_SHA\" --root environments --output markdown > diff.md

  # Two folders instead of git revisions
  orochart diff --base-dir old/ --head-dir new/ --output json";

/// How to print the diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For terminals (coloured on a terminal).
    Text,
    /// A pull-request comment: a summary table, then a collapsible diff per app.
    Markdown,
    /// One JSON object, for tools.
    Json,
}

/// When to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// When stdout is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The flags of `orochart diff`.
#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    /// BASE and HEAD git revisions (HEAD defaults to `HEAD`).
    #[arg(value_name = "REV", num_args = 0..=2)]
    pub revs: Vec<String>,
    /// The folder holding the environment folders (default: the current folder).
    #[arg(long = "root", value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Read BASE from this folder instead of git (read like the repository's top folder).
    #[arg(long = "base-dir", value_name = "DIR")]
    pub base_dir: Option<PathBuf>,
    /// Read HEAD from this folder instead of git.
    #[arg(long = "head-dir", value_name = "DIR")]
    pub head_dir: Option<PathBuf>,
    /// A chart folder of the repository, read at each revision (default: the built-in chart).
    #[arg(long = "chart", value_name = "DIR")]
    pub chart: Option<PathBuf>,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Text)]
    pub output: Format,
    /// Colour text output.
    #[arg(long = "color", value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Threads to render with (default: one per CPU).
    #[arg(short = 'j', long = "threads", value_name = "N")]
    pub threads: Option<NonZeroUsize>,
}

/// Runs `orochart diff`: exit 0 no change, 1 changes, 2 error.
pub fn run(a: &DiffArgs) -> ExitCode {
    match run_inner(a) {
        Ok((out, changed)) => {
            let code = crate::write_stdout(out.as_bytes());
            if code != ExitCode::SUCCESS {
                return ExitCode::from(2);
            }
            ExitCode::from(u8::from(changed))
        }
        Err(msg) => {
            eprintln!("Error: {msg}");
            ExitCode::from(2)
        }
    }
}

/// `path` made lexically absolute-free: `.` dropped, `..` applied; `None` if it climbs out.
fn normalize(path: &Path) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

/// The current folder's path inside its git repository (`git rev-parse --show-prefix`).
fn git_prefix() -> Result<String, String> {
    let out = std::process::Command::new("git")
        .args(["rev-parse", "--show-prefix"])
        .output()
        .map_err(|e| format!("cannot run `git`: {e}"))?;
    if !out.status.success() {
        return Err(
            "not in a git repository: run inside the repository, or give --base-dir and --head-dir"
                .into(),
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// A folder given on the command line as a path inside the repository (git) or the folders.
fn inside(prefix: &str, given: Option<&Path>, what: &str) -> Result<String, String> {
    let p = given.unwrap_or(Path::new("."));
    // An absolute path (`$PWD/environments` in a CI script) is taken relative to here.
    let here;
    let p = if p.is_absolute() {
        let cwd = std::env::current_dir().map_err(|e| format!("the current folder: {e}"))?;
        here = p.strip_prefix(&cwd).map(Path::to_path_buf).map_err(|_| {
            format!(
                "--{what} `{}` is outside the current folder: give a relative path",
                p.display()
            )
        })?;
        here.as_path()
    } else {
        p
    };
    normalize(&Path::new(prefix).join(p))
        .ok_or_else(|| format!("--{what} `{}` leads outside the repository", p.display()))
}

fn run_inner(a: &DiffArgs) -> Result<(String, bool), String> {
    let mut revs = a.revs.iter();
    let uses_git = a.base_dir.is_none() || a.head_dir.is_none();
    let base = match &a.base_dir {
        Some(d) => Revision::Dir(d.clone()),
        None => match revs.next() {
            Some(r) => Revision::Git {
                repo: PathBuf::from("."),
                rev: r.clone(),
            },
            None => return Err("give BASE: a git revision, or --base-dir DIR".into()),
        },
    };
    let head = match &a.head_dir {
        Some(d) => Revision::Dir(d.clone()),
        None => Revision::Git {
            repo: PathBuf::from("."),
            rev: revs.next().cloned().unwrap_or_else(|| "HEAD".into()),
        },
    };
    if let Some(extra) = revs.next() {
        return Err(format!(
            "unexpected revision `{extra}`: a folder given with --base-dir/--head-dir replaces it"
        ));
    }
    let prefix = if uses_git {
        git_prefix()?
    } else {
        String::new()
    };
    let options = DiffOptions {
        root: inside(&prefix, a.root.as_deref(), "root")?,
        chart: a
            .chart
            .as_deref()
            .map(|c| inside(&prefix, Some(c), "chart"))
            .transpose()?,
        builtin_chart: Some(orochart_builtin::chart),
        threads: a.threads,
        time_zone: crate::render::time_zone(),
        minijinja_only: !crate::render::fast_path(),
    };
    let d = diff::diff(&base, &head, &options).map_err(|e| e.to_string())?;
    let color = match a.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let out = match a.output {
        Format::Text => report::text(&d, color),
        Format::Markdown => report::markdown(&d, report::GITHUB_COMMENT_LIMIT),
        Format::Json => report::json(&d),
    };
    Ok((out, d.has_changes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_placed_inside_the_repository() {
        assert_eq!(inside("", None, "root").as_deref(), Ok(""));
        assert_eq!(inside("envs/", None, "root").as_deref(), Ok("envs"));
        assert_eq!(
            inside("envs/", Some(Path::new("../charts/app")), "chart").as_deref(),
            Ok("charts/app")
        );
        assert!(inside("", Some(Path::new("..")), "root").is_err());
        let cwd = std::env::current_dir().unwrap_or_default();
        assert_eq!(
            inside("", Some(&cwd.join("envs")), "root").as_deref(),
            Ok("envs")
        );
        assert!(inside("", Some(Path::new("/")), "root").is_err());
    }
}
