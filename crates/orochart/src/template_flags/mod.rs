//! `helm template`'s install, upgrade and repository flags (`--timeout`, `--wait`,
//! `--labels`, `--repo`, `--kube-token`, …), read as the chosen Helm reads them: the same
//! flags exist, the same values are refused with the same words, the same warnings are
//! printed, in the same order. They change nothing `helm template` prints, so orochart
//! otherwise ignores them. What would make Helm reach a cluster, a repository or the DNS is
//! in the [`Flags`] read (`--dry-run=server`, `--repo`, `--enable-dns`, …) for the caller,
//! which renders without any of them, to refuse or pass on.
//!
//! Helm reads its command line in steps; [`root_failure`] reproduces the first, [`read`] the
//! next ones:
//! 1. Helm's root command reads its root flags from the whole command line and makes the
//!    registry client: Helm 4 checks `--color`/`--colour`, then the registry config file is
//!    read; either failure comes before anything else, logged by Helm 4 (`level=WARN
//!    msg="command failed" error="…"`), printed as `WARNING: …` by Helm 3.
//! 2. pflag reads every flag in command-line order and stops at the first it refuses
//!    (`invalid argument "abc" for "--timeout" flag: time: invalid duration "abc"`,
//!    `unknown flag: --color`, `flag needs an argument: --timeout`). Helm 4's `--wait=true`
//!    logs its deprecation as it is read.
//! 3. Once all are read, pflag's deprecation notes are printed (`Flag --atomic has been
//!    deprecated, …`); Helm sets up its storage driver (`HELM_DRIVER`, [`read_in_env`]);
//!    then cobra checks the groups of flags that exclude each other.
//!
//! The later steps are methods of [`Flags`], for the caller to run where Helm runs them: the
//! registry client's TLS files ([`Flags::check_tls_files`]), `--dry-run`
//! ([`Flags::dry_run`]), the release labels ([`Flags::check_labels`]).
//!
//! ```
//! use orochart::profile::HelmVersion;
//! use orochart::template_flags::{read, Given};
//!
//! let given = [Given::long("timeout", "10m"), Given::bare("create-namespace")];
//! let reading = read(HelmVersion::V4_3, &given);
//! assert!(reading.result.is_ok());
//!
//! let error = |helm, given: &[Given]| read(helm, given).result.err().map(|e| e.to_string());
//! assert_eq!(
//!     error(HelmVersion::V4_3, &[Given::long("timeout", "1x")]).as_deref(),
//!     Some(r#"invalid argument "1x" for "--timeout" flag: time: unknown unit "x" in duration "1x""#)
//! );
//! // Helm 3 has no --color.
//! assert_eq!(
//!     error(HelmVersion::V3_17, &[Given::long("color", "never")]).as_deref(),
//!     Some("unknown flag: --color")
//! );
//! ```

use std::collections::BTreeMap;

use crate::go::quote;
use crate::profile::cli::{DryRunRule, FlagKind, FlagSpec, TlsRule};
use crate::profile::HelmVersion;

mod driver;
mod registry;

/// One flag as the command line gave it, in command-line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given {
    /// The long name, without dashes (`labels`, also when given as `-l`).
    pub name: String,
    /// Given in its one-letter form (`-l`).
    pub short: bool,
    /// The value; `None` when the flag was given without one (`--wait`, or a flag that
    /// needs a value given last).
    pub value: Option<String>,
}

impl Given {
    /// `--name=value` (or `--name value`).
    pub fn long(name: &str, value: &str) -> Given {
        Given {
            name: name.to_owned(),
            short: false,
            value: Some(value.to_owned()),
        }
    }

    /// `--name`, without a value.
    pub fn bare(name: &str) -> Given {
        Given {
            name: name.to_owned(),
            short: false,
            value: None,
        }
    }
}

/// Why Helm stops reading its command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagError {
    /// A command error: Helm prints `Error: MESSAGE`.
    Error(String),
    /// Helm 4's failure before its command runs, logged as it is (the whole line, no
    /// `Error:`): `level=WARN msg="command failed" error="invalid color mode …"`.
    Logged(String),
}

impl std::fmt::Display for FlagError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FlagError::Error(m) | FlagError::Logged(m) => f.write_str(m),
        }
    }
}

/// What reading the flags printed (on stderr, in order) and what came of it.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The lines Helm prints while reading, whether or not it then fails: Helm 4's logged
    /// `--wait=true` deprecation, pflag's deprecation notes.
    pub stderr: Vec<String>,
    /// The flags read, or why Helm stops.
    pub result: Result<Flags, FlagError>,
}

/// The flags as read: what the later steps and the render need of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Flags {
    helm: HelmVersion,
    /// `--dry-run`'s value (the bare flag as Helm reads it), if given.
    pub dry_run: Option<String>,
    /// `--validate`.
    pub validate: bool,
    /// `--enable-dns`: `getHostByName` resolves names.
    pub enable_dns: bool,
    /// `--dependency-update`.
    pub dependency_update: bool,
    /// `--labels`/`-l`, merged (a later key wins).
    pub labels: BTreeMap<String, String>,
    /// `--repo`.
    pub repo: String,
    /// `--version`.
    pub version: String,
    /// `--devel`.
    pub devel: bool,
    /// `--verify`.
    pub verify: bool,
    /// `--keyring`, if given (Helm's default is the caller's: `$GNUPGHOME/pubring.gpg`, else
    /// `~/.gnupg/pubring.gpg`).
    pub keyring: Option<String>,
    /// `--cert-file`.
    pub cert_file: String,
    /// `--key-file`.
    pub key_file: String,
    /// `--ca-file`.
    pub ca_file: String,
    /// `--insecure-skip-tls-verify`.
    pub insecure_skip_tls_verify: bool,
}

/// How `--dry-run` turned out ([`Flags::dry_run`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DryRun {
    /// No cluster is contacted (`client`, or no `--dry-run`).
    Client,
    /// Helm 3's `server`, `none` or `false`: the render is the same, but `lookup` queries the
    /// cluster.
    ClientWithClusterLookups,
    /// `--validate`, or Helm 4's `server`: the manifests are checked against the cluster.
    Server,
}

/// Reads `given` as `helm`'s Helm reads its command line (steps 2 and 3 of the module's
/// list; [`root_failure`] is step 1).
pub fn read(helm: HelmVersion, given: &[Given]) -> Reading {
    read_with(helm, given, &|_| None)
}

/// [`read`], with flags outside this module's table that Helm checks as it reads them
/// (`--post-renderer`, whose program or plugin Helm looks for then) checked in their place by
/// `own`: `Some(Err(why))` is Helm's `invalid argument "…" for "--name" flag: why`, `None` a
/// flag `own` does not know either.
pub fn read_with(
    helm: HelmVersion,
    given: &[Given],
    own: &dyn Fn(&Given) -> Option<Result<(), String>>,
) -> Reading {
    read_steps(helm, given, own, &|| None)
}

/// [`read_with`], with Helm's set-up of its storage driver where Helm does it (once the flags
/// are read, before the flag groups are checked): `HELM_DRIVER` from `env` (the `driver`
/// module's rules).
pub fn read_in_env(
    helm: HelmVersion,
    given: &[Given],
    own: &dyn Fn(&Given) -> Option<Result<(), String>>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Reading {
    read_steps(helm, given, own, &|| driver::failure(helm, env))
}

fn read_steps(
    helm: HelmVersion,
    given: &[Given],
    own: &dyn Fn(&Given) -> Option<Result<(), String>>,
    set_up: &dyn Fn() -> Option<FlagError>,
) -> Reading {
    let cli = &helm.profile().template_cli;
    let mut stderr = Vec::new();
    let mut notes = Vec::new();
    let mut flags = Flags {
        helm,
        ..Flags::default()
    };
    let mut changed: Vec<&str> = Vec::new();
    for g in given {
        let Some(spec) = cli.flag(&g.name) else {
            match own(g) {
                Some(Ok(())) => continue,
                Some(Err(why)) => {
                    let value = g.value.as_deref().unwrap_or_default();
                    return fail(
                        stderr,
                        format!(
                            "invalid argument {} for {} flag: {why}",
                            quote(value),
                            quote(&format!("--{}", g.name))
                        ),
                    );
                }
                None => return fail(stderr, unknown_flag(g)),
            }
        };
        let value = match (&g.value, bare_value(spec, cli.dry_run)) {
            (Some(v), _) => v.as_str(),
            (None, Some(bare)) => bare,
            (None, None) => return fail(stderr, needs_argument(g)),
        };
        if let Err(why) = check_value(spec.kind, value, &mut stderr) {
            return fail(
                stderr,
                format!(
                    "invalid argument {} for {} flag: {why}",
                    quote(value),
                    quote(&display_name(spec))
                ),
            );
        }
        flags.set(spec, value);
        changed.push(spec.name);
        if let Some(note) = spec.deprecated {
            notes.push(format!("Flag --{} has been deprecated, {note}", spec.name));
        }
    }
    stderr.extend(notes);
    if let Some(e) = set_up() {
        return Reading {
            stderr,
            result: Err(e),
        };
    }
    for group in cli.exclusive {
        let mut set: Vec<&str> = group
            .split(' ')
            .filter(|name| changed.contains(name))
            .collect();
        if set.len() > 1 {
            set.sort_unstable();
            return fail(
                stderr,
                format!(
                    "if any flags in the group [{group}] are set none of the others can be; [{}] were all set",
                    set.join(" ")
                ),
            );
        }
    }
    Reading {
        stderr,
        result: Ok(flags),
    }
}

fn fail(stderr: Vec<String>, message: String) -> Reading {
    Reading {
        stderr,
        result: Err(FlagError::Error(message)),
    }
}

/// pflag's `unknown flag: --color` (`unknown shorthand flag: 'l' in -l`).
fn unknown_flag(g: &Given) -> String {
    match g.short_letter() {
        Some(c) => format!(
            "unknown shorthand flag: {} in -{c}",
            crate::go::quote_rune(c, false)
        ),
        None => format!("unknown flag: --{}", g.name),
    }
}

/// pflag's `flag needs an argument: --timeout` (`'l' in -l`).
fn needs_argument(g: &Given) -> String {
    match g.short_letter() {
        Some(c) => format!(
            "flag needs an argument: {} in -{c}",
            crate::go::quote_rune(c, false)
        ),
        None => format!("flag needs an argument: --{}", g.name),
    }
}

impl Given {
    fn short_letter(&self) -> Option<char> {
        if !self.short {
            return None;
        }
        HelmVersion::ALL
            .iter()
            .find_map(|h| h.profile().template_cli.flag(&self.name))
            .and_then(|f| f.short)
    }
}

/// How pflag names a flag in its errors: `-l, --labels`, or `--timeout`.
fn display_name(spec: &FlagSpec) -> String {
    match spec.short {
        Some(c) => format!("-{c}, --{}", spec.name),
        None => format!("--{}", spec.name),
    }
}

/// The value a flag takes when given without one (pflag's `NoOptDefVal`), if it may be.
fn bare_value(spec: &FlagSpec, dry_run: DryRunRule) -> Option<&'static str> {
    match spec.kind {
        FlagKind::Bool | FlagKind::GoBool => Some("true"),
        FlagKind::WaitStrategy => Some("watcher"),
        FlagKind::DryRun => Some(match dry_run {
            DryRunRule::Helm3 => "client",
            DryRunRule::Helm4 => "unset",
        }),
        _ => None,
    }
}

/// pflag's `Set` of one value: the reason it is refused, in Helm's words. Helm 4's
/// `--wait=true`/`false` log their deprecation here, as they are read.
fn check_value(kind: FlagKind, value: &str, stderr: &mut Vec<String>) -> Result<(), String> {
    match kind {
        FlagKind::Bool => crate::go::parse_bool(value).map(drop),
        FlagKind::String | FlagKind::Strings | FlagKind::DryRun | FlagKind::Color => Ok(()),
        FlagKind::Duration => crate::go::parse_duration(value).map(drop),
        FlagKind::Int => crate::go::parse_int_flag(value).map(drop),
        FlagKind::Float32 => crate::go::parse_float32_flag(value).map(drop),
        FlagKind::StringToString => string_to_string(value).map(drop),
        // The Go `flag` package's boolean: `strconv`'s error becomes its own.
        FlagKind::GoBool => crate::go::parse_bool(value)
            .map(drop)
            .map_err(|_| "parse error".to_owned()),
        FlagKind::GoUint64 => crate::go::parse_go_flag_uint64(value).map(drop),
        FlagKind::KlogLevel => crate::go::parse_int32_decimal(value).map(drop),
        FlagKind::KlogSeverity => klog_severity(value),
        FlagKind::KlogModules => klog_modules(value),
        FlagKind::KlogTrace => klog_trace(value),
        FlagKind::WaitStrategy => match value {
            "watcher" | "hookOnly" | "legacy" => Ok(()),
            "true" => {
                stderr.push(log_warn(
                    "--wait=true is deprecated (boolean value) and can be replaced with --wait=watcher",
                ));
                Ok(())
            }
            "false" => {
                stderr.push(log_warn(
                    "--wait=false is deprecated (boolean value) and can be replaced with --wait=hookOnly",
                ));
                Ok(())
            }
            _ => Err(format!(
                "invalid wait input {}. Valid inputs are watcher, hookOnly, and legacy",
                quote(value)
            )),
        },
    }
}

/// klog's `severityValue.Set`: a severity's name in any case (Go's `strings.ToUpper`), else a
/// number as `-v` reads one.
fn klog_severity(value: &str) -> Result<(), String> {
    if matches!(
        value.to_uppercase().as_str(),
        "INFO" | "WARNING" | "ERROR" | "FATAL"
    ) {
        return Ok(());
    }
    crate::go::parse_int32_decimal(value).map(drop)
}

/// klog's `parseModuleSpec` (`--vmodule`): comma-separated `pattern=N`, empty items skipped,
/// `N` a decimal `int32`, not negative.
fn klog_modules(value: &str) -> Result<(), String> {
    const SYNTAX: &str = "syntax error: expect comma-separated list of filename=N";
    for item in value.split(',').filter(|i| !i.is_empty()) {
        let parts: Vec<&str> = item.split('=').collect();
        let [pattern, level] = parts[..] else {
            return Err(SYNTAX.into());
        };
        if pattern.is_empty() || level.is_empty() {
            return Err(SYNTAX.into());
        }
        let level = crate::go::parse_int32_decimal(level).map_err(|_| SYNTAX.to_owned())?;
        if level < 0 {
            return Err("negative value for vmodule level".into());
        }
    }
    Ok(())
}

/// klog's `traceLocation.Set` (`--log-backtrace-at`): empty, or `file:N` with a `.` in the
/// file and `N` (Go's `strconv.Atoi`) above zero.
fn klog_trace(value: &str) -> Result<(), String> {
    const SYNTAX: &str = "syntax error: expect file.go:234";
    if value.is_empty() {
        return Ok(());
    }
    let parts: Vec<&str> = value.split(':').collect();
    let [file, line] = parts[..] else {
        return Err(SYNTAX.into());
    };
    if !file.contains('.') {
        return Err(SYNTAX.into());
    }
    match crate::go::parse_int(line, 10) {
        None => Err(SYNTAX.into()),
        Some(n) if n <= 0 => Err("negative or zero value for level".into()),
        Some(_) => Ok(()),
    }
}

/// pflag's `stringToString` `Set`: without `=`, an error; with one, the whole value (less
/// the quotes around it) is one `key=value` (`a=b,c` is `a` → `b,c`); with more, a CSV record
/// of `key=value` fields.
pub fn string_to_string(value: &str) -> Result<Vec<(String, String)>, String> {
    let pairs = match value.matches('=').count() {
        0 => return Err(format!("{value} must be formatted as key=value")),
        1 => vec![value.trim_matches('"').to_owned()],
        _ => crate::go::read_csv_record(value)?,
    };
    pairs
        .into_iter()
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => Ok((k.to_owned(), v.to_owned())),
            None => Err(format!("{pair} must be formatted as key=value")),
        })
        .collect()
}

impl Flags {
    /// Records one value that was read successfully.
    fn set(&mut self, spec: &FlagSpec, value: &str) {
        let on = || crate::go::parse_bool(value).unwrap_or(false);
        match spec.name {
            "dry-run" => self.dry_run = Some(value.to_owned()),
            "validate" => self.validate = on(),
            "enable-dns" => self.enable_dns = on(),
            "dependency-update" => self.dependency_update = on(),
            "labels" => self
                .labels
                .extend(string_to_string(value).unwrap_or_default()),
            "repo" => self.repo = value.to_owned(),
            "version" => self.version = value.to_owned(),
            "devel" => self.devel = on(),
            "verify" => self.verify = on(),
            "keyring" => self.keyring = Some(value.to_owned()),
            "cert-file" => self.cert_file = value.to_owned(),
            "key-file" => self.key_file = value.to_owned(),
            "ca-file" => self.ca_file = value.to_owned(),
            "insecure-skip-tls-verify" => self.insecure_skip_tls_verify = on(),
            _ => {}
        }
    }

    /// Helm's registry client, made as `helm template` starts: with a key pair, a CA file
    /// or `--insecure-skip-tls-verify`, its TLS files are read, and one that cannot be read
    /// fails the command (`missing registry client: can't create TLS config for client: …`).
    /// `read` reads a file (Go's `os.ReadFile`): its error is Go's text
    /// (`open /x: no such file or directory`). Only the reading is reproduced: what the files
    /// hold is not checked (Helm parses the certificates and keys).
    pub fn check_tls_files(&self, read: &dyn Fn(&str) -> Result<(), String>) -> Result<(), String> {
        let (cert, key, ca) = (&self.cert_file, &self.key_file, &self.ca_file);
        if !((!cert.is_empty() && !key.is_empty())
            || !ca.is_empty()
            || self.insecure_skip_tls_verify)
        {
            return Ok(());
        }
        let prefix = "missing registry client: can't create TLS config for client: ";
        match self.helm.profile().template_cli.tls {
            TlsRule::Helm3 => {
                if !cert.is_empty() && !key.is_empty() {
                    // tls.LoadX509KeyPair reads the certificate, then the key.
                    if let Err(e) = read(cert).and_then(|()| read(key)) {
                        return Err(format!(
                            "{prefix}can't load key pair from cert {cert} and key {key}: {e}"
                        ));
                    }
                }
                if !ca.is_empty() && read(ca).is_err() {
                    return Err(format!("{prefix}can't read CA file: {ca}"));
                }
                Ok(())
            }
            TlsRule::Helm4 => {
                let mut errors = Vec::new();
                if !cert.is_empty() || !key.is_empty() {
                    if let Err(e) = read(cert) {
                        errors.push(format!("unable to read cert file: {}: {e}", quote(cert)));
                    } else if let Err(e) = read(key) {
                        errors.push(format!("unable to read key file: {}: {e}", quote(key)));
                    }
                }
                if !ca.is_empty() {
                    if let Err(e) = read(ca) {
                        errors.push(format!("can't read CA file: {}: {e}", quote(ca)));
                    }
                }
                if errors.is_empty() {
                    Ok(())
                } else {
                    Err(format!("{prefix}{}", errors.join("\n")))
                }
            }
        }
    }

    /// Whether `--dry-run` is checked as the command starts (Helm 4), rather than once the
    /// chart is loaded (Helm 3).
    pub fn dry_run_checked_first(&self) -> bool {
        self.helm.profile().template_cli.dry_run == DryRunRule::Helm4
    }

    /// `--dry-run` (and `--validate`) as Helm reads them when it gets to them
    /// ([`Flags::dry_run_checked_first`]): the mode, and the warnings printed on the way, or
    /// Helm's error.
    pub fn dry_run(&self) -> (Vec<String>, Result<DryRun, String>) {
        let mut warnings = Vec::new();
        let v = self.dry_run.as_deref();
        let mode = match self.helm.profile().template_cli.dry_run {
            DryRunRule::Helm3 => {
                let mode = match v.unwrap_or("") {
                    "" | "true" | "client" => Ok(DryRun::Client),
                    "false" | "none" | "server" => Ok(DryRun::ClientWithClusterLookups),
                    _ => Err("Invalid dry-run flag. Flag must one of the following: false, true, none, client, server".to_owned()),
                };
                // `--validate` checks against the cluster (once the value above is checked).
                mode.map(|m| if self.validate { DryRun::Server } else { m })
            }
            DryRunRule::Helm4 => {
                let mode = match v {
                    None | Some("client") => Ok(DryRun::Client),
                    Some("unset") => {
                        warnings.push(log_warn(
                            "--dry-run is deprecated and should be replaced with '--dry-run=client'",
                        ));
                        Ok(DryRun::Client)
                    }
                    Some("server") => Ok(DryRun::Server),
                    Some(v @ "none") => Err(format!(
                        "invalid dry-run value ({}). Must be \"server\" or \"client\"",
                        quote(v)
                    )),
                    Some(v) => match crate::go::parse_bool(v) {
                        Err(_) => Err(format!(
                            "invalid dry-run value ({}). Must be \"none\", \"server\", or \"client\"",
                            quote(v)
                        )),
                        Ok(false) => Err(format!(
                            "invalid dry-run value ({}). Must be \"server\" or \"client\"",
                            quote(v)
                        )),
                        Ok(true) => {
                            warnings.push(log_warn(&format!(
                                "boolean '--dry-run={v}' flag is deprecated and must be replaced with '--dry-run=client'"
                            )));
                            Ok(DryRun::Client)
                        }
                    },
                };
                // `--validate` asks for a server dry run (the two may not both be given).
                mode.map(|m| if self.validate { DryRun::Server } else { m })
            }
        };
        (warnings, mode)
    }

    /// Helm's refusal of release labels it keeps for itself (`name`, `owner`, `status`,
    /// `version`, `createdAt`, `modifiedAt`), checked once the values are built.
    pub fn check_labels(&self) -> Result<(), String> {
        const SYSTEM: [&str; 6] = [
            "name",
            "owner",
            "status",
            "version",
            "createdAt",
            "modifiedAt",
        ];
        if self.labels.keys().any(|k| SYSTEM.contains(&k.as_str())) {
            return Err(format!(
                "user supplied labels contains system reserved label name. System labels: [{}]",
                SYSTEM.join(" ")
            ));
        }
        Ok(())
    }
}

/// Go's `strconv.ParseBool` (`1`, `t`, `TRUE`, `false`, …): how pflag reads a boolean flag's
/// value; `None` for anything else.
pub fn go_bool(value: &str) -> Option<bool> {
    crate::go::parse_bool(value).ok()
}

/// Go's `strconv.Quote` (`%q`), as Helm's messages quote names.
pub fn go_quote(s: &str) -> String {
    quote(s)
}

/// Go's error for a failed `os.ReadFile(path)` (`open /x: no such file or directory`,
/// `read /dir: is a directory`), as Helm quotes it.
pub fn read_file_error(path: &str, e: &std::io::Error) -> String {
    crate::go::read_file_error(std::path::Path::new(path), e)
}

/// Go's error for a failed `os.Stat(path)` (`stat /x: no such file or directory`).
pub fn stat_error(path: &str, e: &std::io::Error) -> String {
    format!("stat {path}: {}", crate::go::io_words(e))
}

/// Helm 4's log line for a warning: `level=WARN msg="…"` (slog's text handler, no time).
fn log_warn(msg: &str) -> String {
    slog_line("WARN", msg, &[])
}

/// A line of Helm 4's log (slog's text handler, no time): `level=INFO msg="…" key=value`,
/// each value written by [`slog_value`].
pub fn slog_line(level: &str, msg: &str, attributes: &[(&str, &str)]) -> String {
    let mut line = format!("level={level} msg={}", slog_value(msg));
    for (key, value) in attributes {
        line.push_str(&format!(" {key}={}", slog_value(value)));
    }
    line
}

/// A value as slog's text handler writes it: as it is, or quoted (Go's `strconv.Quote`) when
/// empty or holding a space, `=`, `"`, a control character or a character that does not
/// print.
pub fn slog_value(s: &str) -> String {
    let needs = s.is_empty()
        || s.chars().any(|c| {
            if c.is_ascii() {
                c == ' ' || c == '=' || c == '"' || c < ' '
            } else {
                c.is_whitespace() || !crate::go::is_print(c)
            }
        });
    if needs {
        quote(s)
    } else {
        s.to_owned()
    }
}

/// Root flags of Helm's that are not in the profile's table (they change what `helm
/// template` prints, and the caller reads them): text, so never refused.
const ROOT_TEXT_FLAGS: [(&str, Option<u8>); 3] = [
    ("namespace", Some(b'n')),
    ("kubeconfig", None),
    ("kube-context", None),
];

/// A root flag pflag knows: one of the table's, or one of [`ROOT_TEXT_FLAGS`].
#[derive(Clone, Copy)]
enum RootFlag {
    Table(&'static FlagSpec),
    Text,
}

/// The root flags as Helm's root command reads them before any command runs: pflag's
/// `Parse` of the root's flags over the whole command line (`args`, as Helm's `os.Args[1:]`),
/// unknown flags allowed — each unknown flag skipped with the argument after it when that
/// does not start with `-` (pflag's `stripUnknownFlagValue`) — up to `--`, `--help` or `-h`,
/// or the first flag pflag refuses (a value it cannot read, or one missing). So
/// `--set --registry-config=x` is the registry config here, though the command later reads
/// it as `--set`'s value.
fn root_flags(helm: HelmVersion, args: &[String]) -> Vec<(&'static FlagSpec, String)> {
    let cli = &helm.profile().template_cli;
    let long = |name: &str| {
        cli.flag(name)
            .filter(|f| f.global)
            .map(RootFlag::Table)
            .or_else(|| {
                ROOT_TEXT_FLAGS
                    .iter()
                    .any(|(n, _)| *n == name)
                    .then_some(RootFlag::Text)
            })
    };
    let short = |c: u8| {
        cli.all()
            .find(|f| f.global && f.short.is_some_and(|s| u32::from(s) == u32::from(c)))
            .map(RootFlag::Table)
            .or_else(|| {
                ROOT_TEXT_FLAGS
                    .iter()
                    .any(|(_, s)| *s == Some(c))
                    .then_some(RootFlag::Text)
            })
    };
    let bare = |f: RootFlag| match f {
        RootFlag::Table(spec) => bare_value(spec, cli.dry_run),
        RootFlag::Text => None,
    };
    // pflag's `Set`: false when it refuses the value.
    let mut read = Vec::new();
    let mut set = |f: RootFlag, value: &str| match f {
        RootFlag::Table(spec) => {
            let ok = check_value(spec.kind, value, &mut Vec::new()).is_ok();
            if ok {
                read.push((spec, value.to_owned()));
            }
            ok
        }
        RootFlag::Text => true,
    };
    // `stripUnknownFlagValue`: where the arguments go on after an unknown flag.
    let strip = |at: usize| match args.get(at) {
        Some(next) if !next.starts_with('-') => at + 1,
        _ => at,
    };
    let mut i = 0;
    'args: while i < args.len() {
        let s = args[i].as_str();
        i += 1;
        if s.len() < 2 || !s.starts_with('-') {
            continue;
        }
        if let Some(name) = s.strip_prefix("--") {
            if name.is_empty() || name.starts_with(['-', '=']) {
                break;
            }
            let (name, value) = match name.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (name, None),
            };
            let Some(flag) = long(name) else {
                if name == "help" {
                    break;
                }
                if value.is_none() {
                    i = strip(i);
                }
                continue;
            };
            let value = match (value, bare(flag)) {
                (Some(v), _) => v,
                (None, Some(b)) => b,
                (None, None) => match args.get(i) {
                    Some(next) => {
                        i += 1;
                        next.as_str()
                    }
                    None => break,
                },
            };
            if !set(flag, value) {
                break;
            }
            continue;
        }
        // A group of one-letter flags: each letter is read against the arguments after the
        // group, as pflag's `parseShortArg` does; the last letter decides where they go on.
        let after = i;
        let mut shorts = &s.as_bytes()[1..];
        while let Some((&c, rest)) = shorts.split_first() {
            if shorts.starts_with(b"test.") {
                break;
            }
            let Some(flag) = short(c) else {
                if c == b'h' {
                    break 'args;
                }
                if rest.len() > 1 && rest[0] == b'=' {
                    i = after;
                    break;
                }
                i = strip(after);
                shorts = rest;
                continue;
            };
            let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
            let value = if rest.len() > 1 && rest[0] == b'=' {
                shorts = &[];
                text(&rest[1..])
            } else if let Some(b) = bare(flag) {
                shorts = rest;
                b.to_owned()
            } else if !rest.is_empty() {
                shorts = &[];
                text(rest)
            } else if let Some(next) = args.get(after) {
                shorts = &[];
                i = after + 1;
                next.clone()
            } else {
                break 'args;
            };
            if !set(flag, &value) {
                break 'args;
            }
        }
    }
    read
}

/// What fails Helm's root command, before the command reads its own flags (step 1 of the
/// module's list), for the whole command line `args` (as Helm's `os.Args[1:]`): Helm 4's
/// color mode, then the registry client's reading of the registry config file (the
/// `registry` module's rules; `env` gives the environment), a failure in Helm 3's words
/// (`WARNING: …`, Helm 3.17's with Go stacks) or logged in Helm 4's.
///
/// ```
/// use orochart::profile::HelmVersion;
/// use orochart::template_flags::root_failure;
///
/// let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
/// let missing = args(&["template", "./chart", "--registry-config", "/nonexistent.json"]);
/// assert!(root_failure(HelmVersion::V4_3, &missing, &|_| None).is_none());
/// let bad_color = args(&["template", "./chart", "--set", "--color=x"]);
/// assert!(root_failure(HelmVersion::V4_3, &bad_color, &|_| None).is_some());
/// ```
pub fn root_failure(
    helm: HelmVersion,
    args: &[String],
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<FlagError> {
    let root = root_flags(helm, args);
    if let Some(e) = color_failure(&root) {
        return Some(e);
    }
    let flag = root
        .iter()
        .rev()
        .find(|(spec, _)| spec.name == "registry-config")
        .map(|(_, v)| v.as_str());
    let error = match registry::failure(helm, flag, env)? {
        registry::Refusal::Helm(error) => error,
        registry::Refusal::Orochart(why) => return Some(FlagError::Error(why)),
    };
    Some(FlagError::Logged(if helm.logs_with_slog() {
        slog_line("WARN", "command failed", &[("error", &error)])
    } else {
        format!("WARNING: {error}")
    }))
}

/// Helm 4 checks the color mode before its command reads its flags: its root flags are read
/// first (up to the first bad one), and a `--color`/`--colour` outside `never`, `auto`,
/// `always` fails the command, logged.
fn color_failure(root: &[(&'static FlagSpec, String)]) -> Option<FlagError> {
    let mode = root
        .iter()
        .rev()
        .find(|(spec, _)| spec.kind == FlagKind::Color)?
        .1
        .as_str();
    if matches!(mode, "never" | "auto" | "always") {
        return None;
    }
    let error = format!(
        "invalid color mode {}: must be one of: never, auto, always",
        quote(mode)
    );
    Some(FlagError::Logged(slog_line(
        "WARN",
        "command failed",
        &[("error", &error)],
    )))
}

#[cfg(test)]
mod tests;
