//! `helm template`'s install, upgrade and repository flags, as each Helm's command line
//! defines them: which exist, how their values are read, which are deprecated, which may not
//! be given together. None changes what `helm template` prints; orochart accepts them the way
//! the chosen Helm does ([`crate::template_flags`] reads them).
//!
//! Measured with each reference binary (`helm template x ./chart --FLAG…`) and read from its
//! sources: `cmd/helm/install.go` (`pkg/cmd` in Helm 4), `pkg/cli/environment.go`.

/// How a flag's value is read (pflag's type, or Helm's own `Value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagKind {
    /// `--x` or `--x=BOOL`, Go's `strconv.ParseBool` (`1`, `t`, `TRUE`, `false`, …).
    Bool,
    /// Text; given again, the last wins.
    String,
    /// Text; repeatable, every value kept (`stringArray`: `--kube-as-group`).
    Strings,
    /// Go's `time.ParseDuration` (`--timeout 5m`).
    Duration,
    /// Go's `strconv.ParseInt(s, 0, 64)` (`--burst-limit`).
    Int,
    /// Go's `strconv.ParseFloat(s, 32)` (`--qps`).
    Float32,
    /// pflag's `stringToString`: `k=v`, or a CSV record of `k=v` fields (`--labels`).
    StringToString,
    /// Helm 4's `--wait`: `watcher` (also the bare flag), `hookOnly`, `legacy`; `true` and
    /// `false` are read with a deprecation warning.
    WaitStrategy,
    /// `--dry-run[=MODE]`: any text, checked when the command runs ([`DryRunRule`]).
    DryRun,
    /// Helm 4's `--color`/`--colour`: `never`, `auto` or `always`, checked before anything else.
    Color,
    /// A Go `flag` boolean (klog's): `--x` or `--x=BOOL`, refused with the `flag` package's
    /// `parse error` rather than `strconv`'s words.
    GoBool,
    /// A Go `flag` `uint64` (klog's `--log-file-max-size`): `strconv.ParseUint(s, 0, 64)`,
    /// refused with `parse error` or `value out of range`.
    GoUint64,
    /// klog's `-v`/`--v` level: `strconv.ParseInt(s, 10, 32)`, its error as it is.
    KlogLevel,
    /// klog's severity (`--stderrthreshold`): `INFO`, `WARNING`, `ERROR` or `FATAL` in any
    /// case, or a number as [`FlagKind::KlogLevel`].
    KlogSeverity,
    /// klog's `--vmodule`: a comma-separated list of `pattern=N`.
    KlogModules,
    /// klog's `--log-backtrace-at`: `file.go:N` (or nothing).
    KlogTrace,
}

/// One flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagSpec {
    /// The long name, without dashes.
    pub name: &'static str,
    /// The one-letter form (`l` for `--labels`).
    pub short: Option<char>,
    /// How its value is read.
    pub kind: FlagKind,
    /// pflag's deprecation note: Helm prints `Flag --NAME has been deprecated, NOTE` once the
    /// command line has been read.
    pub deprecated: Option<&'static str>,
    /// A root (persistent) flag: Helm 4 reads these, and checks `--color`, before the command
    /// itself reads its flags.
    pub global: bool,
}

const fn flag(name: &'static str, kind: FlagKind) -> FlagSpec {
    FlagSpec {
        name,
        short: None,
        kind,
        deprecated: None,
        global: false,
    }
}

const fn global(name: &'static str, kind: FlagKind) -> FlagSpec {
    FlagSpec {
        global: true,
        ..flag(name, kind)
    }
}

const fn deprecated(name: &'static str, kind: FlagKind, note: &'static str) -> FlagSpec {
    FlagSpec {
        deprecated: Some(note),
        ..flag(name, kind)
    }
}

use FlagKind::{
    Bool, Color, DryRun, Duration, Float32, GoBool, GoUint64, Int, KlogLevel, KlogModules,
    KlogSeverity, KlogTrace, String as Text, StringToString, Strings, WaitStrategy,
};

/// The flags every Helm reads alike.
const COMMON: &[FlagSpec] = &[
    // Booleans that shape the output (`render` reads their values itself; here they are
    // checked in order with the rest).
    flag("release-name", Bool),
    flag("is-upgrade", Bool),
    flag("no-hooks", Bool),
    flag("skip-tests", Bool),
    flag("include-crds", Bool),
    flag("skip-crds", Bool),
    flag("skip-schema-validation", Bool),
    FlagSpec {
        short: Some('g'),
        ..flag("generate-name", Bool)
    },
    flag("create-namespace", Bool),
    flag("dependency-update", Bool),
    flag("description", Text),
    flag("devel", Bool),
    flag("disable-openapi-validation", Bool),
    flag("dry-run", DryRun),
    flag("enable-dns", Bool),
    flag("replace", Bool),
    flag("take-ownership", Bool),
    flag("timeout", Duration),
    flag("wait-for-jobs", Bool),
    FlagSpec {
        short: Some('l'),
        ..flag("labels", StringToString)
    },
    // The chart's location (`ChartPathOptions`).
    flag("ca-file", Text),
    flag("cert-file", Text),
    flag("insecure-skip-tls-verify", Bool),
    flag("key-file", Text),
    flag("keyring", Text),
    flag("pass-credentials", Bool),
    flag("password", Text),
    flag("plain-http", Bool),
    flag("repo", Text),
    flag("username", Text),
    flag("verify", Bool),
    flag("version", Text),
    // The root command's (`EnvSettings`).
    global("burst-limit", Int),
    global("debug", Bool),
    global("kube-apiserver", Text),
    global("kube-as-group", Strings),
    global("kube-as-user", Text),
    global("kube-ca-file", Text),
    global("kube-insecure-skip-tls-verify", Bool),
    global("kube-tls-server-name", Text),
    global("kube-token", Text),
    global("qps", Float32),
    global("registry-config", Text),
    global("repository-cache", Text),
    global("repository-config", Text),
];

/// klog's logging flags, which Helm adds to its root command, hidden (`addKlogFlags`:
/// klog's Go flags with `_` made `-`); they change nothing `helm template` prints.
const KLOG: &[FlagSpec] = &[
    global("add-dir-header", GoBool),
    global("alsologtostderr", GoBool),
    global("log-backtrace-at", KlogTrace),
    global("log-dir", Text),
    global("log-file", Text),
    global("log-file-max-size", GoUint64),
    global("logtostderr", GoBool),
    global("one-output", GoBool),
    global("skip-headers", GoBool),
    global("skip-log-headers", GoBool),
    global("stderrthreshold", KlogSeverity),
    FlagSpec {
        short: Some('v'),
        ..global("v", KlogLevel)
    },
    global("vmodule", KlogModules),
];

/// The klog of Helm 4.2 and later has two more.
const KLOG_NEWER: &[FlagSpec] = &[
    global("alsologtostderrthreshold", KlogSeverity),
    global("legacy-stderr-threshold-behavior", GoBool),
];

/// Helm 3's own.
const HELM_3: &[FlagSpec] = &[
    flag("atomic", Bool),
    flag("force", Bool),
    flag("hide-notes", Bool),
    flag("render-subchart-notes", Bool),
    flag("validate", Bool),
    flag("wait", Bool),
];

/// Helm 4's new flags.
const HELM_4_NEW: &[FlagSpec] = &[
    flag("force-conflicts", Bool),
    flag("force-replace", Bool),
    flag("rollback-on-failure", Bool),
    flag("server-side", Bool),
    flag("wait", WaitStrategy),
    global("color", Color),
    global("colour", Color),
    global("content-cache", Text),
];

/// Helm 4's deprecated replacements of Helm 3's.
const HELM_4_DEPRECATED: &[FlagSpec] = &[
    deprecated("atomic", Bool, "use --rollback-on-failure instead"),
    deprecated("force", Bool, "use --force-replace instead"),
    deprecated("validate", Bool, "use '--dry-run=server' instead"),
];

/// Helm 4.1 still shows the notes flags.
const HELM_4_1_NOTES: &[FlagSpec] = &[
    flag("hide-notes", Bool),
    flag("render-subchart-notes", Bool),
];

const NO_EFFECT: &str = "this flag has no effect for 'helm template' and will be removed in Helm 5";

/// Helm 4.2 deprecated them for `helm template`.
const HELM_4_2_NOTES: &[FlagSpec] = &[
    deprecated("hide-notes", Bool, NO_EFFECT),
    deprecated("render-subchart-notes", Bool, NO_EFFECT),
];

/// How `--dry-run` is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DryRunRule {
    /// Helm 3: the bare flag is `client`, an empty value `true`; after the chart is loaded the
    /// value must be `false`, `true`, `none`, `client` or `server`. With `server`, `none` or
    /// `false`, the templates' `lookup` queries the cluster.
    Helm3,
    /// Helm 4: read as the command starts: the bare flag (or `unset`) is a deprecated
    /// `client`, `server` checks against the cluster, a boolean is deprecated (`true` means
    /// `client`), `none` and `false` are errors for `helm template`.
    Helm4,
}

/// How the registry client's TLS files (`--cert-file`, `--key-file`, `--ca-file`) are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsRule {
    /// Helm 3's `tlsutil.NewClientTLS`: the key pair, then the CA file; the first failure.
    Helm3,
    /// Helm 4's `tlsutil.NewTLSConfig`: every file read, the failures joined.
    Helm4,
}

/// What `--repo` does when the chart argument is a path that exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepoRule {
    /// The local chart is used; `--repo` is ignored (Helm 3.17, 3.18).
    LocalChartWins,
    /// The same, with a warning on stderr (Helm 3.19).
    LocalChartWinsWarned,
    /// The chart is looked up in the repository whatever exists locally (Helm 4).
    AlwaysDownloads,
}

/// What one Helm's `helm template` command line accepts beyond the flags that shape the
/// output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateCli {
    /// The flags, in groups.
    pub flags: &'static [&'static [FlagSpec]],
    /// How `--dry-run` is read.
    pub dry_run: DryRunRule,
    /// Flags cobra refuses together, each group named as cobra names it
    /// (`force force-conflicts`), in cobra's (sorted) order.
    pub exclusive: &'static [&'static str],
    /// How the TLS files are read.
    pub tls: TlsRule,
    /// What `--repo` does beside a local chart.
    pub repo: RepoRule,
}

impl TemplateCli {
    /// The flag named `name` (long name, without dashes), if this Helm has it.
    pub fn flag(&self, name: &str) -> Option<&'static FlagSpec> {
        self.flags
            .iter()
            .flat_map(|g| g.iter())
            .find(|f| f.name == name)
    }

    /// Every flag (the union over the groups).
    pub fn all(&self) -> impl Iterator<Item = &'static FlagSpec> {
        self.flags.iter().flat_map(|g| g.iter())
    }
}

/// Helm 3.17 and 3.18.
pub(crate) const HELM_3_17: TemplateCli = TemplateCli {
    flags: &[COMMON, KLOG, HELM_3],
    dry_run: DryRunRule::Helm3,
    exclusive: &[],
    tls: TlsRule::Helm3,
    repo: RepoRule::LocalChartWins,
};

/// Helm 3.19: `--repo` beside a local chart is warned about.
pub(crate) const HELM_3_19: TemplateCli = TemplateCli {
    repo: RepoRule::LocalChartWinsWarned,
    ..HELM_3_17
};

/// Helm 4.1.
pub(crate) const HELM_4_1: TemplateCli = TemplateCli {
    flags: &[COMMON, KLOG, HELM_4_NEW, HELM_4_DEPRECATED, HELM_4_1_NOTES],
    dry_run: DryRunRule::Helm4,
    exclusive: &[
        "force force-conflicts",
        "force-replace force-conflicts",
        "validate dry-run",
    ],
    tls: TlsRule::Helm4,
    repo: RepoRule::AlwaysDownloads,
};

/// Helm 4.2 and 4.3: the notes flags are deprecated for `helm template`; klog has two more
/// flags.
pub(crate) const HELM_4_2: TemplateCli = TemplateCli {
    flags: &[
        COMMON,
        KLOG,
        KLOG_NEWER,
        HELM_4_NEW,
        HELM_4_DEPRECATED,
        HELM_4_2_NOTES,
    ],
    ..HELM_4_1
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_helm_defines_a_flag_twice() {
        for cli in [HELM_3_17, HELM_3_19, HELM_4_1, HELM_4_2] {
            let mut names: Vec<&str> = cli.all().map(|f| f.name).collect();
            let n = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), n);
        }
    }
}
