//! The one error type of the library.
//!
//! Variants carry structured locations (file, line, column, key path, template), not
//! pre-formatted strings, so callers can point at the problem. `Display` is one line, in
//! Helm's wording where Helm defines the error (`execution error at (…): …`,
//! `failed parsing --set data: …`), so `orochart render` prints what `helm template` prints.
//!
//! The alternate form (`{:#}`) adds, where the error has a location whose text is known (a
//! values file, a template), an excerpt: the place, the line's text and a caret under the
//! column (or under the whole line when only the line is known):
//!
//! ```text
//! execution error at (c/templates/cm.yaml:2:6): no
//!  --> c/templates/cm.yaml:2:6
//!   |
//! 2 | b: {{ fail "no" }}
//!   |       ^
//! ```

use std::fmt;
use std::path::PathBuf;

use crate::value::{KeyPath, Origin};

/// Every error orochart reports.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read or written. Displays as Go does:
    /// `open values.yaml: no such file or directory`.
    #[error("open {}: {}", path.display(), go_io_message(source))]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },

    /// A YAML file (values, Chart.yaml) is not valid YAML, or not the shape Helm needs.
    /// Displays Helm's text (`failed to parse values.yaml: … yaml: line 2: …`); the exact line
    /// and column stay available in the fields.
    #[error(fmt = fmt_yaml)]
    Yaml {
        /// The file as the user named it.
        file: String,
        /// 1-based line (0 when unknown).
        line: usize,
        /// 1-based column (0 when unknown).
        column: usize,
        /// What is wrong.
        message: String,
        /// The text of `line`, when known: shown by `{:#}` ([`Error::with_source`]).
        source_line: Option<String>,
    },

    /// A chart's `Chart.yaml` is not valid YAML, or its fields are not of the types Helm
    /// decodes them into. Displays Helm's text (`cannot load Chart.yaml: error converting YAML
    /// to JSON: yaml: line 5: …`, `… error unmarshaling JSON: while decoding JSON: json: cannot
    /// unmarshal array into Go struct field Metadata.description of type string`); the file,
    /// line and column stay available in the fields (line 0 when unknown).
    #[error(fmt = fmt_chart_yaml)]
    ChartYaml {
        /// The file as the loader names it (`mychart/Chart.yaml`).
        file: String,
        /// 1-based line (0 when unknown).
        line: usize,
        /// 1-based column (0 when unknown).
        column: usize,
        /// What is wrong, after `cannot load Chart.yaml: `.
        message: String,
        /// The text of `line`, when known: shown by `{:#}` ([`Error::with_source`]).
        source_line: Option<String>,
    },

    /// Another YAML file of a chart that Helm's loader reads (`values.yaml`,
    /// `requirements.yaml`, `Chart.lock`, `requirements.lock`) is not valid YAML, or not of
    /// the types Helm decodes it into. Displays Helm's text (`cannot load values.yaml: error
    /// converting YAML to JSON: yaml: line 2: …`); the file, line and column stay available
    /// in the fields (line 0 when unknown).
    #[error(fmt = fmt_chart_file)]
    ChartFile {
        /// The file as the loader names it (`mychart/values.yaml`); Helm names it by its
        /// last element.
        file: String,
        /// 1-based line (0 when unknown).
        line: usize,
        /// 1-based column (0 when unknown).
        column: usize,
        /// What is wrong, after `cannot load values.yaml: `.
        message: String,
        /// The text of `line`, when known: shown by `{:#}` ([`Error::with_source`]).
        source_line: Option<String>,
    },

    /// A chart archive (`.tgz`) that Go's gzip and tar readers, or Helm's checks of its
    /// paths, refuse. Displays as Helm 3 does for the chart named on the command line:
    /// `file '/abs/c.tgz' does not appear to be a valid chart file (details: gzip: invalid
    /// header)` for a bad gzip header, else Go's words alone (`unexpected EOF`).
    #[error("{}", if *bad_header { format!("file '{file}' does not appear to be a valid chart file (details: {message})") } else { message.clone() })]
    Archive {
        /// The archive, as Helm names it (an absolute path).
        file: String,
        /// Go's or Helm's words (`unexpected EOF`, `chart illegally references parent
        /// directory`).
        message: String,
        /// Go's `gzip.ErrHeader`, which Helm words apart.
        bad_header: bool,
    },

    /// A chart without a `Chart.yaml`. Displays as Helm 3 does: `Chart.yaml file is
    /// missing`; Helm 4 words the chart named on the command line apart (see
    /// [`crate::profile::Messages::chart_yaml_read_first`]).
    #[error("Chart.yaml file is missing")]
    ChartYamlMissing {
        /// The chart: for a folder named on the command line, its absolute path.
        chart: String,
        /// A folder named on the command line (not an archive, nor files in memory).
        folder: bool,
    },

    /// A `--set`-family flag could not be parsed. Displays as Helm does:
    /// `failed parsing --set data: key "a" has no value`.
    #[error("failed parsing {flag} data: {message}")]
    SetFlag {
        /// The flag: `--set`, `--set-string`, `--set-json`, `--set-file`, `--set-literal`.
        flag: &'static str,
        /// The argument as given.
        arg: String,
        /// Helm's message.
        message: String,
    },

    /// A chart could not be loaded (missing or invalid `Chart.yaml`, bad layout).
    #[error("{message}")]
    Chart {
        /// The chart folder or embedded chart name.
        chart: String,
        /// What is wrong.
        message: String,
    },

    /// A template failed to parse.
    #[error(fmt = fmt_template_syntax)]
    TemplateSyntax {
        /// Template path with the chart prefix (`mychart/templates/a.yaml`).
        template: String,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
        /// The text of `line`, when known: shown by `{:#}` ([`Error::with_source`]).
        source_line: Option<String>,
    },

    /// `fail` or `required` stopped the render. Displays exactly as Helm does:
    /// `execution error at (chart/templates/x.yaml:2:4): message`.
    #[error(fmt = fmt_fail)]
    Fail {
        /// Template path with the chart prefix.
        template: String,
        /// 1-based line of the outermost call in the rendered file.
        line: usize,
        /// 0-based byte column of that call, as Go's text/template reports it.
        column: usize,
        /// The message given to `fail` or `required`.
        message: String,
        /// The text of `line`, when known: shown by `{:#}` ([`Error::with_source`]).
        source_line: Option<String>,
    },

    /// Any other error while executing a template.
    #[error(fmt = fmt_template)]
    Template {
        /// Template path with the chart prefix.
        template: String,
        /// 1-based line.
        line: usize,
        /// What went wrong.
        message: String,
        /// The text of `line`, when known: shown by `{:#}` ([`Error::with_source`]).
        source_line: Option<String>,
    },

    /// A Go template failed while executing, with Go's message as Helm prints it
    /// (`template: chart/templates/a.yaml:3:4: executing "…" at <.Values.a.b>: nil pointer
    /// evaluating interface {}.b`).
    #[error("{message}")]
    GoTemplate {
        /// The template file being rendered.
        template: String,
        /// Go's message, whole.
        message: String,
    },

    /// A rendered document is not valid YAML or not a mapping. Displays as Helm does:
    /// `YAML parse error on chart/templates/a.yaml: error converting YAML to JSON: yaml: line
    /// 3: …`, the line counted in the rendered document, as Helm counts it.
    #[error(fmt = fmt_manifest)]
    Manifest {
        /// Template path with the chart prefix.
        template: String,
        /// What is wrong.
        message: String,
        /// 1-based line in the rendered document (0 when unknown).
        line: usize,
        /// The text of `line` in the rendered document, when known: shown by `{:#}`.
        source_line: Option<String>,
    },

    /// What a tool is about to print or write is larger than the request allows
    /// ([`crate::Limits::max_output`]).
    #[error("the rendered output is {size} bytes, more than the limit of {limit}")]
    OutputTooLarge {
        /// The output's size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },

    /// Values do not match the chart's typed values or `values.schema.json`. Holds every
    /// problem found, sorted by file and line.
    #[error("{}", Problems(.0))]
    Values(Vec<ValueProblem>),

    /// The release name or another request field is invalid.
    #[error("{0}")]
    Invalid(String),

    /// Where the chosen Helm itself crashes with a Go runtime panic (exit status 2, a stack
    /// trace): the panic's message (`interface conversion: interface {} is nil, not string`),
    /// reported without a crash. Displays as Go's first line: `panic: …`.
    #[error("panic: {0}")]
    GoPanic(String),
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The file or template the error points into, with its line, when it has one.
    pub fn location(&self) -> Option<(&str, usize)> {
        match self {
            Error::Yaml { file, line, .. }
            | Error::ChartYaml { file, line, .. }
            | Error::ChartFile { file, line, .. }
                if *line > 0 =>
            {
                Some((file, *line))
            }
            Error::Manifest { template, line, .. } if *line > 0 => Some((template, *line)),
            Error::TemplateSyntax { template, line, .. }
            | Error::Fail { template, line, .. }
            | Error::Template { template, line, .. }
                if *line > 0 =>
            {
                Some((template, *line))
            }
            _ => None,
        }
    }

    /// Fills in the text of the line the error points at, from `source` (the whole text of
    /// the file or template named by [`Error::location`]), for the excerpt `{:#}` shows. An
    /// error without a location, or whose line is past the end, is returned as it is.
    pub fn with_source(mut self, source: &str) -> Error {
        let Some((_, n)) = self.location() else {
            return self;
        };
        let Some(text) = source.lines().nth(n - 1) else {
            return self;
        };
        match &mut self {
            Error::Yaml { source_line, .. }
            | Error::ChartYaml { source_line, .. }
            | Error::ChartFile { source_line, .. }
            | Error::Manifest { source_line, .. }
            | Error::TemplateSyntax { source_line, .. }
            | Error::Fail { source_line, .. }
            | Error::Template { source_line, .. } => *source_line = Some(text.to_owned()),
            _ => {}
        }
        self
    }

    /// [`Error::with_source`] with `find` giving the text of a file or template by name.
    pub(crate) fn with_source_from<'s>(self, find: impl FnOnce(&str) -> Option<&'s str>) -> Error {
        let Some(source) = self.location().and_then(|(name, _)| find(name)) else {
            return self;
        };
        self.with_source(source)
    }
}

/// Where a caret goes under an excerpt.
#[derive(Clone, Copy)]
enum Caret {
    /// Under the character at this 0-based byte offset.
    Byte(usize),
    /// Under the whole line (only the line is known).
    Line,
}

/// The excerpt `{:#}` adds: `  --> place`, the numbered line and a caret line; nothing for
/// `{}` or when the line's text is not known.
fn excerpt(
    f: &mut fmt::Formatter<'_>,
    place: fmt::Arguments<'_>,
    line: usize,
    source_line: Option<&str>,
    caret: Caret,
) -> fmt::Result {
    let Some(text) = source_line.filter(|_| f.alternate()) else {
        return Ok(());
    };
    let number = line.to_string();
    let pad = " ".repeat(number.len());
    write!(
        f,
        "\n{pad}--> {place}\n{pad} |\n{number} | {text}\n{pad} | "
    )?;
    let (start, width) = match caret {
        Caret::Byte(at) => {
            let at = at.min(text.len());
            let at = (0..=at)
                .rev()
                .find(|i| text.is_char_boundary(*i))
                .unwrap_or(0);
            (at, 1)
        }
        Caret::Line => {
            let start = text.len() - text.trim_start().len();
            (start, text.trim().chars().count().max(1))
        }
    };
    // Keep tabs before the caret, so it lines up under the text whatever the tab width.
    let lead: String = text[..start]
        .chars()
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    write!(f, "{lead}{}", "^".repeat(width))
}

fn fmt_yaml(
    file: &str,
    line: &usize,
    column: &usize,
    message: &str,
    source_line: &Option<String>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let lead = format_args!("failed to parse {file}");
    yaml_error_text(lead, file, *line, *column, message, source_line, f)
}

fn fmt_chart_yaml(
    file: &str,
    line: &usize,
    column: &usize,
    message: &str,
    source_line: &Option<String>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    yaml_error_text(
        format_args!("cannot load Chart.yaml"),
        file,
        *line,
        *column,
        message,
        source_line,
        f,
    )
}

fn fmt_chart_file(
    file: &str,
    line: &usize,
    column: &usize,
    message: &str,
    source_line: &Option<String>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let name = file.rsplit('/').next().unwrap_or(file);
    yaml_error_text(
        format_args!("cannot load {name}"),
        file,
        *line,
        *column,
        message,
        source_line,
        f,
    )
}

/// A YAML file's error: `lead`, Helm's message, and `{:#}`'s excerpt of the line.
fn yaml_error_text(
    lead: fmt::Arguments<'_>,
    file: &str,
    line: usize,
    column: usize,
    message: &str,
    source_line: &Option<String>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    write!(f, "{lead}: {}", helm_yaml_message(line, message))?;
    let text = source_line.as_deref().filter(|_| line > 0);
    match (text, column) {
        // A 1-based character column.
        (Some(text), column) if column > 0 => {
            let byte = text
                .char_indices()
                .nth(column - 1)
                .map_or(text.len(), |(i, _)| i);
            let place = format_args!("{file}:{line}:{column}");
            excerpt(f, place, line, Some(text), Caret::Byte(byte))
        }
        (text, _) => excerpt(f, format_args!("{file}:{line}"), line, text, Caret::Line),
    }
}

fn fmt_template_syntax(
    template: &str,
    line: &usize,
    message: &str,
    source_line: &Option<String>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    write!(f, "parse error at ({template}:{line}): {message}")?;
    let place = format_args!("{template}:{line}");
    excerpt(f, place, *line, source_line.as_deref(), Caret::Line)
}

fn fmt_fail(
    template: &str,
    line: &usize,
    column: &usize,
    message: &str,
    source_line: &Option<String>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    write!(
        f,
        "execution error at ({template}:{line}:{column}): {message}"
    )?;
    // Go's column is a 0-based byte offset.
    let place = format_args!("{template}:{line}:{column}");
    excerpt(
        f,
        place,
        *line,
        source_line.as_deref(),
        Caret::Byte(*column),
    )
}

fn fmt_template(
    template: &str,
    line: &usize,
    message: &str,
    source_line: &Option<String>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    write!(f, "template: {template}:{line}: {message}")?;
    let place = format_args!("{template}:{line}");
    excerpt(f, place, *line, source_line.as_deref(), Caret::Line)
}

fn fmt_manifest(
    template: &str,
    message: &str,
    line: &usize,
    source_line: &Option<String>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    write!(f, "YAML parse error on {template}: {message}")?;
    // The line is the rendered document's, not the template file's: the place says so.
    let place = format_args!("{template} (rendered document), line {line}");
    excerpt(f, place, *line, source_line.as_deref(), Caret::Line)
}

/// go-yaml names the line inside its message (`yaml: line 2: …`); our parser reports it apart.
pub(crate) fn helm_yaml_message(line: usize, message: &str) -> String {
    match message.split_once("yaml: ") {
        Some((head, rest)) if line > 0 && !rest.starts_with("line ") => {
            format!("{head}yaml: line {line}: {rest}")
        }
        _ => message.to_owned(),
    }
}

/// The line go-yaml's message names (`yaml: line 3: …`), if it names one.
pub(crate) fn yaml_message_line(message: &str) -> Option<usize> {
    let (_, rest) = message.split_once("yaml: line ")?;
    let digits = rest.split(':').next()?;
    digits.parse().ok().filter(|n| *n > 0)
}

/// Go's wording of common I/O errors (`no such file or directory`), without Rust's
/// `(os error 2)`.
pub(crate) use crate::go::io_words as go_io_message;

impl Error {
    /// The message Go's `os.ReadFile` gives for a failed read (`open a.txt: no such file or
    /// directory`, `read dir: is a directory`); other errors print as they are.
    pub(crate) fn go_read_message(&self) -> String {
        match self {
            Error::Io { path, source } => crate::go::read_file_error(path, source),
            other => other.to_string(),
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One problem with a value: where it came from, which key, what is wrong, and maybe a fix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ValueProblem {
    /// Where the offending key or value was written, when known.
    pub origin: Option<Origin>,
    /// The key path, e.g. `autoscaling.enabeld`.
    pub path: KeyPath,
    /// What is wrong, e.g. ``unknown key `enabeld` ``.
    pub message: String,
    /// A suggestion, e.g. ``did you mean `enabled`?``.
    pub hint: Option<String>,
}

impl fmt::Display for ValueProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(origin) = &self.origin {
            write!(f, "{origin}: ")?;
        }
        write!(f, "`{}`: {}", self.path, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

struct Problems<'a>(&'a [ValueProblem]);

impl fmt::Display for Problems<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        write!(
            f,
            "values do not match the chart ({n} problem{}):",
            if n == 1 { "" } else { "s" }
        )?;
        for p in self.0 {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}
