//! `orochart set` and `orochart promote`: values files edited in place, only the bytes of the
//! changed values moving ([`orochart::gitops::edit`]), checked against the chart's schema and
//! written atomically; on any error the file is left as it was.

use std::path::{Path, PathBuf};

use clap::Args;
use orochart::gitops::edit::{self, Assignment, Change, ValueKind};
use orochart::Chart;

use crate::Failure;

/// Examples shown by `orochart set --help`.
pub const SET_EXAMPLES: &str = "\
Only the bytes of the changed values move: comments, key order, blank lines, quoting and
indentation stay as they are. A new key goes under its parent with the file's indentation. The
new value keeps the old one's type (a tag that looks like a number stays a quoted string);
--string and --json force one. The result is checked against the chart's values schema (the
built-in chart's unless --chart) and written atomically; on error the file is untouched.

Examples:
  # CI: deploy a new image
  orochart set environments/prod/identity/values.yaml image.tag=v1.4.3

  # A key with a dot, and a forced string
  orochart set values.yaml 'podAnnotations.prometheus\\.io/scrape=true' --string

  # Print the edited file instead of writing it
  orochart set values.yaml replicaCount=3 --dry-run";

/// Examples shown by `orochart promote --help`.
pub const PROMOTE_EXAMPLES: &str = "\
SRC and DEST are app folders (their values.yaml) or values files. Keys the source does not
set are skipped; DEST is edited as `orochart set` edits.

Examples:
  # Promote what staging runs to production
  orochart promote environments/staging/identity environments/prod/identity

  # Other keys
  orochart promote staging/identity prod/identity --key image.tag --key config.FEATURE_X";

/// Flags shared by `set` and `promote`.
#[derive(Debug, Clone, Args)]
pub struct EditFlags {
    /// Print the edited file to stdout instead of writing it (changes go to stderr).
    #[arg(long = "dry-run")]
    pub dry_run: bool,
    /// The chart folder whose values.schema.json checks the result (default: the built-in
    /// chart).
    #[arg(long = "chart", value_name = "DIR", conflicts_with = "no_schema")]
    pub chart: Option<PathBuf>,
    /// Do not check the result against a schema (a values file of another chart).
    #[arg(long = "no-schema")]
    pub no_schema: bool,
}

/// The flags of `orochart set`.
#[derive(Debug, Clone, Args)]
pub struct SetArgs {
    /// The values file to edit.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// `KEY=VALUE` assignments, applied in order (`\.` is a dot inside a key, `[N]` a list item).
    #[arg(value_name = "KEY=VALUE", required = true)]
    pub assignments: Vec<String>,
    /// Store every value as a string.
    #[arg(long = "string", conflicts_with = "json")]
    pub string: bool,
    /// Read every value as JSON (`3`, `"3"`, `true`, `{"a": 1}`).
    #[arg(long = "json")]
    pub json: bool,
    #[command(flatten)]
    pub flags: EditFlags,
}

/// The flags of `orochart promote`.
#[derive(Debug, Clone, Args)]
pub struct PromoteArgs {
    /// The app folder (or values file) to copy from.
    #[arg(value_name = "SRC")]
    pub src: PathBuf,
    /// The app folder (or values file) to change.
    #[arg(value_name = "DEST")]
    pub dest: PathBuf,
    /// A key to copy (repeatable; default: `image.tag` and `image.digest`).
    #[arg(long = "key", value_name = "KEY")]
    pub keys: Vec<String>,
    #[command(flatten)]
    pub flags: EditFlags,
}

/// An app folder's `values.yaml`, or the file itself.
fn values_file(p: &Path) -> PathBuf {
    if p.is_dir() {
        p.join(orochart::fleet::VALUES_FILE)
    } else {
        p.to_path_buf()
    }
}

fn read(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| orochart::Error::io(path, e).into())
}

/// `image.tag: "v1" → "v2"`, one line per change.
fn describe(file: &Path, changes: &[Change]) -> String {
    let show = |v: &orochart::Value| orochart::gitops::edit::show_value(v).unwrap_or_default();
    let mut out = String::new();
    for c in changes {
        let line = match &c.old {
            Some(old) if c.is_noop() => format!("{}: unchanged ({})", c.path, show(old)),
            Some(old) => format!("{}: {} → {}", c.path, show(old), show(&c.new)),
            None => format!("{}: added {}", c.path, show(&c.new)),
        };
        out.push_str(&format!("{}: {line}\n", file.display()));
    }
    out
}

/// Checks the edited text and writes it (or prints it with --dry-run); returns stdout.
fn finish(
    file: &Path,
    old: &str,
    new: &str,
    changes: &[Change],
    flags: &EditFlags,
) -> Result<String, Failure> {
    if !flags.no_schema {
        let chart = match &flags.chart {
            Some(dir) => Chart::load_dir(dir)?,
            None => orochart_builtin::chart()?,
        };
        edit::check_schema(&chart, new, &file.display().to_string())?;
    }
    let report = describe(file, changes);
    if flags.dry_run {
        eprint!("{report}");
        return Ok(new.to_owned());
    }
    if new != old {
        write_in_place(file, new)?;
    }
    Ok(report)
}

/// Replaces a file's content atomically (a temporary file beside it, renamed over it), keeping
/// its permissions; a symlink is followed and its target replaced.
fn write_in_place(file: &Path, content: &str) -> Result<(), Failure> {
    let fail = |e: std::io::Error| Failure::from(orochart::Error::io(file, e));
    let real = file.canonicalize().map_err(fail)?;
    let perms = std::fs::metadata(&real).map_err(fail)?.permissions();
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = real.with_file_name(format!(".{name}.orochart-{}", std::process::id()));
    let result = std::fs::write(&tmp, content)
        .and_then(|()| std::fs::set_permissions(&tmp, perms))
        .and_then(|()| std::fs::rename(&tmp, &real));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}

/// Runs `orochart set`.
pub fn run_set(a: &SetArgs) -> Result<String, Failure> {
    let kind = match (a.string, a.json) {
        (true, _) => ValueKind::String,
        (_, true) => ValueKind::Json,
        _ => ValueKind::Auto,
    };
    let assignments = a
        .assignments
        .iter()
        .map(|s| edit::parse_assignment(s, kind))
        .collect::<Result<Vec<Assignment>, _>>()?;
    let text = read(&a.file)?;
    let (new, changes) = edit::set_all(&text, &a.file.display().to_string(), &assignments)?;
    finish(&a.file, &text, &new, &changes, &a.flags)
}

/// Runs `orochart promote`.
pub fn run_promote(a: &PromoteArgs) -> Result<String, Failure> {
    let keys: Vec<String> = if a.keys.is_empty() {
        vec!["image.tag".into(), "image.digest".into()]
    } else {
        a.keys.clone()
    };
    let paths = keys
        .iter()
        .map(|k| edit::parse_path(k))
        .collect::<Result<Vec<_>, _>>()?;
    let (src, dest) = (values_file(&a.src), values_file(&a.dest));
    let src_text = read(&src)?;
    let assignments = edit::promotions(&src_text, &src.display().to_string(), &paths)?;
    if assignments.is_empty() {
        return Err(Failure::Error(format!(
            "`{}` sets none of {}: nothing to promote",
            src.display(),
            keys.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let text = read(&dest)?;
    let (new, changes) = edit::set_all(&text, &dest.display().to_string(), &assignments)?;
    finish(&dest, &text, &new, &changes, &a.flags)
}
