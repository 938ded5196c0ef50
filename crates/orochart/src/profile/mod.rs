//! Helm versions as data: everything that differs between the Helm releases orochart
//! reproduces, in one table the pipeline consults ([`HelmProfile`]), chosen per render by a
//! [`HelmVersion`].
//!
//! Every entry was measured with the reference binary named in [`HelmProfile::reference`]
//! (`tools/get-helm VERSION` installs it). Adding a Helm release is one more [`HelmVersion`]
//! variant and one more profile below, plus its golden files (`golden/regenerate`).
//!
//! ```
//! use orochart::profile::HelmVersion;
//!
//! let v: HelmVersion = "4.2".parse()?;
//! assert_eq!(v.profile().kube_version, "v1.36.0");
//! assert_eq!(HelmVersion::default(), HelmVersion::V4_3);
//! assert!("5.0".parse::<HelmVersion>().is_err());
//! # Ok::<(), orochart::Error>(())
//! ```
//!
//! A render as one Helm gives the version to the renderer, the value options, the
//! capabilities and the release:
//!
//! ```
//! use orochart::profile::HelmVersion;
//! use orochart::{Capabilities, Release, Renderer, ValueOptions};
//!
//! let helm = HelmVersion::V3_17;
//! let renderer = Renderer::new(orochart_builtin::chart()?)?.with_helm(helm);
//! let options = ValueOptions { set: vec!["image.tag=v1".into()], helm, ..Default::default() };
//! let values = renderer.values(&options, &|p| Err(orochart::Error::Invalid(p.into())))?;
//! let caps = Capabilities::from_flags_for(helm, Some("1.30"), &[])?;
//! assert_eq!(caps.kube_version.version, "v1.30.0"); // Helm 4 reads it as v1.30
//! let release = Release::new_for(helm, "svc", "svc")?;
//! let out = renderer.render(&values, &release, &caps)?.to_helm_output();
//! assert!(!out.contains("\n\n---")); // Helm 4.2+ keeps a blank line before some `---`
//! # Ok::<(), orochart::Error>(())
//! ```

pub(crate) mod apis;
pub mod cli;
mod kube;

use crate::error::{Error, Result};

pub use crate::go::{UnicodeClassNames, UnicodeVersion};
pub use crate::semver::Masterminds;
pub use kube::{parse_kube_version, KubeVersion};

/// A Helm release orochart reproduces byte for byte. The default is the newest Helm 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub enum HelmVersion {
    /// Helm 3.17 (reference v3.17.2; ArgoCD 3.0 bundles 3.17.1).
    V3_17,
    /// Helm 3.18 (reference v3.18.0; ArgoCD 3.1–3.2 bundle 3.18.4).
    V3_18,
    /// Helm 3.19 (reference v3.19.0; ArgoCD 3.3–3.4 bundle 3.19.4).
    V3_19,
    /// Helm 4.1 (reference v4.1.4).
    V4_1,
    /// Helm 4.2 (reference v4.2.3; ArgoCD 3.5 bundles 4.2.1).
    V4_2,
    /// Helm 4.3 (reference v4.3.1): the default.
    #[default]
    V4_3,
}

impl HelmVersion {
    /// Every version, oldest first.
    pub const ALL: [HelmVersion; 6] = [
        HelmVersion::V3_17,
        HelmVersion::V3_18,
        HelmVersion::V3_19,
        HelmVersion::V4_1,
        HelmVersion::V4_2,
        HelmVersion::V4_3,
    ];

    /// What the ArgoCD plugin renders as by default: the Helm the current ArgoCD (3.5)
    /// bundles.
    pub const ARGOCD: HelmVersion = HelmVersion::V4_2;

    /// The profile: what this Helm does.
    pub fn profile(self) -> &'static HelmProfile {
        match self {
            HelmVersion::V3_17 => &V3_17,
            HelmVersion::V3_18 => &V3_18,
            HelmVersion::V3_19 => &V3_19,
            HelmVersion::V4_1 => &V4_1,
            HelmVersion::V4_2 => &V4_2,
            HelmVersion::V4_3 => &V4_3,
        }
    }

    /// Whether this Helm logs through slog's text handler (Helm 4: `level=INFO msg="…"`),
    /// not Go's log package with the file and line (Helm 3: `coalesce.go:237: …`).
    pub fn logs_with_slog(self) -> bool {
        self.profile().go.release().0 >= 4
    }

    /// `major.minor`, as `--helm-version` takes it (`4.3`).
    pub fn as_str(self) -> &'static str {
        self.profile().version
    }

    /// The known versions, for messages: `3.17, 3.18, 3.19, 4.1, 4.2, 4.3`.
    pub fn known() -> String {
        HelmVersion::ALL
            .iter()
            .map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl std::fmt::Display for HelmVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for HelmVersion {
    type Err = Error;

    /// `4.3`, `v4.3` or a full release such as `4.3.1` / `v3.17.2` (the patch release is
    /// not checked: a profile stands for its minor release).
    fn from_str(s: &str) -> Result<HelmVersion> {
        let t = s.trim();
        let t = t.strip_prefix('v').unwrap_or(t);
        let mut parts = t.splitn(3, '.');
        let (major, minor) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        let patch_ok = parts
            .next()
            .is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        let want = format!("{major}.{minor}");
        HelmVersion::ALL
            .into_iter()
            .find(|v| patch_ok && v.as_str() == want)
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "unknown Helm version `{s}`: the known versions are {}",
                    HelmVersion::known()
                ))
            })
    }
}

/// How `--kube-version` is read, and what `.Capabilities.KubeVersion` then holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KubeVersionRule {
    /// SemVer (Masterminds), padded to `x.y.z`, prerelease and build kept: `1.30` is
    /// `v1.30.0` (Helm 3.17, 3.18).
    Semver,
    /// Kubernetes' generic versions: at least `major.minor`, suffixes dropped, not padded:
    /// `1.30` is `v1.30`, `1.30.2-eks-1` is `v1.30.2` (Helm 3.19).
    Generic,
    /// [`KubeVersionRule::Generic`], but `.Version` and `.GitVersion` keep what was given
    /// (`v1.30.2-eks-1`) while printing it whole gives the normalised `v1.30.2` (Helm 4).
    GenericKeepGiven,
}

/// How a rendered file is cut into documents and what white space each keeps
/// (`releaseutil.SplitManifests`), which decides the blank lines of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// Split on `(?:^|\s*\n)---\s*` after trimming the file; every document trimmed on both
    /// sides (Helm 3, 4.1).
    Trim,
    /// The same split, but only leading white space is trimmed: the last document of a
    /// file keeps its trailing newlines, printed as a blank line before the next `---`
    /// (Helm 4.2.0–4.2.3).
    TrimLeading,
    /// Split on `(?m)^---[ \t]*`; only leading white space trimmed, so every document keeps
    /// its trailing newlines (Helm 4.2.4 and later, 4.3).
    LineSeparators,
}

/// How `.Chart` looks when a template serialises it whole (`toJson .Chart`, `toYaml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartObject {
    /// Helm 3's `*chart.Metadata`: JSON tag names (`apiVersion`, `name`), empty fields
    /// left out, `IsRoot` added.
    JsonTags,
    /// Helm 4's map of Go field names (`APIVersion`, `Name`), every field present.
    GoFields,
}

/// How values are read and merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValuesRules {
    /// Every YAML document of a values file is merged in (Helm 4), not only the first.
    pub all_documents: bool,
    /// `null` in the chart's own values.yaml is dropped from `.Values` (Helm 4.2+); before,
    /// the key stays with a null value.
    pub chart_nulls_dropped: bool,
    /// A user's `null` over a chart's `null` (or over a key the chart lacks) is kept, not
    /// deleted (Helm 4's `coalesceTablesFullKey`), which decides whether a parent's `null` for
    /// a subchart key deletes the subchart's default (helm issue 31919).
    pub null_over_null_kept: bool,
    /// A `--set` argument cut short inside a list index (`a[=1`) ends the argument without
    /// an error (Helm 4.1+: `errors.Is(err, io.EOF)`); before, `error parsing index: EOF`.
    pub set_index_eof_ends_input: bool,
    /// A `--set-json` argument that is a JSON object (`{"a":1}`) is merged into the values
    /// (Helm 4); Helm 3 reads it as `key=value` and fails.
    pub set_json_object_merges: bool,
    /// Every number of a chart's values.yaml (the chart's and its subcharts') reaches Go
    /// templates as a `json.Number`, a string type holding the number's JSON text: `0` is
    /// true, `1000000` prints whole, `kindOf` is `string` (Helm v3.18.0 alone: 3.18.1
    /// reverted it). Numbers from `-f` files and `--set` are unaffected. See
    /// `values::json_number` (internal).
    pub numbers_as_json_number: bool,
    /// An `import-values` entry's `child` and `parent` are formatted as Go's `%v` (Helm
    /// 3.19+: a missing one is `<nil>`); before, Helm asserts they are strings and panics
    /// otherwise (`interface conversion: interface {} is nil, not string`).
    pub import_values_formatted: bool,
}

/// Message wording that differs by release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Messages {
    /// Put before an invalid release name's message (`release name check failed: `).
    pub release_name_prefix: &'static str,
    /// Put before a values file's YAML error (`cannot unmarshal yaml document: `).
    pub values_document_prefix: &'static str,
    /// The Go type a rendered document's head is read into (`releaseutil.SimpleHead`), as
    /// encoding/json names it when the document is not a mapping.
    pub head_type: &'static str,
    /// encoding/json of Go 1.27 (Helm 4.3) names a bad field by the keys as written in the
    /// document (`.Kind`, `.metadata.annotations.x`); earlier Go by the struct's field
    /// (`SimpleHead.kind`, `.metadata.annotations`).
    pub json_field_as_written: bool,
    /// What Helm says before the names of declared dependencies missing from `charts/`
    /// (`… found in Chart.yaml, but missing in charts/ directory: a, b`).
    pub missing_dependencies: &'static str,
    /// Put before an error of the dependency passes (`chart dependencies processing failed: `,
    /// Helm 4), such as a subchart's section that is not a table.
    pub dependencies_failed_prefix: &'static str,
    /// The line of Helm 3's `pkg/releaseutil/manifest_sorter.go` that logs a skipped hook
    /// (`manifest_sorter.go:190: info: skipping unknown hook: "x"`); Helm 4 logs it through
    /// slog (0 here).
    pub skipped_hook_line: u32,
    /// The lines of Helm 3's `pkg/chart/loader/load.go` that log a chart of apiVersion v2
    /// with a `requirements.yaml` and with a `requirements.lock` (`load.go:120: Warning:
    /// Dependencies are handled in Chart.yaml since apiVersion "v2". …`); Helm 4 logs them
    /// through slog (0 here).
    pub requirements_warning_lines: (u32, u32),
    /// What Helm says of a chart archive named on the command line that its gzip or tar
    /// reader, or its path checks, refuse (but for a bad gzip header): `unable to load chart
    /// archive` (Helm 4); empty when Go's words are said (Helm 3, `unexpected EOF`).
    pub archive_unreadable: &'static str,
    /// A chart named `.` or `..` is refused (`chart.metadata.name ".." is not allowed`, Helm
    /// 4); Helm 3 loads it.
    pub chart_name_dots_refused: bool,
    /// The chart named on the command line is found by its `Chart.yaml` first (Helm 4):
    /// a folder without one is `unable to detect chart at <abs>/Chart.yaml: open …: no such
    /// file or directory`, an archive without one `unable to detect chart version, no
    /// Chart.yaml found` (Helm 3: `Chart.yaml file is missing`).
    pub chart_yaml_read_first: bool,
}

/// Helm's build, as `helm version` and `.Capabilities.HelmVersion` show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelmBuild {
    /// `Version` (`v3.17.2`).
    pub version: &'static str,
    /// `GitCommit`.
    pub git_commit: &'static str,
    /// `GoVersion` (`go1.23.7`).
    pub go_version: &'static str,
    /// `KubeClientVersion` (`v1.37`), a field Helm 4 added.
    pub kube_client_version: Option<&'static str>,
}

/// What Helm's Go template engine does differently by release: the Go its binary is built
/// with, the package its types live in, and Helm's own handling of errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GoTemplates {
    /// The binary's build information (`.Capabilities.HelmVersion`).
    pub build: HelmBuild,
    /// `range` over an integer (Go 1.24's text/template; Go 1.23 fails with
    /// `range can't iterate over 3`).
    pub range_over_int: bool,
    /// The package of `Values`, `Capabilities`, `KubeVersion` and `VersionSet` as `%T` and
    /// `typeOf` name them: `chartutil` in Helm 3, `common` in Helm 4.
    pub types_package: &'static str,
    /// `chartutil.Values` or `common.Values` (the same package, spelled out).
    pub values_type: &'static str,
    /// `eq` and `ne` name the types they cannot compare (Go 1.25:
    /// `incompatible types for comparison: float64 and int`).
    pub comparison_names_types: bool,
    /// Helm 4 prints an execution error as a trace, one line per place
    /// (`parity/templates/cm.yaml:1:6` / `  executing "…" at <…>:` / `    message`) when
    /// every error in its chain is a template error (`reformatExecErrorMsg`).
    pub traced_exec_errors: bool,
    /// `KubeVersion` has Helm 4's unexported `normalizedVersion` field, which `%v` of a copy
    /// (`.Capabilities.KubeVersion | toString`) prints: `{v1.33.4-gke.1 v1.33.4 1 33}`.
    pub kube_version_normalized_field: bool,
    /// How the function library's dependencies word and write what changed between their
    /// versions (both template dialects' functions follow it).
    pub funcs: FuncWording,
}

/// Which release of BurntSushi/toml a Helm vendors, where their behaviour differs. Helm never
/// sets `BURNTSUSHI_TOML_110`, so 1.4 and 1.5 read TOML 1.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum BurntSushiToml {
    /// v1.4.0 (Helm 3.17): an error at the end of the input is reported on the line before,
    /// even when the input does not end in a newline; `not a hexidecimal number`.
    #[default]
    V1_4,
    /// v1.5.0 (Helm 3.18, 3.19): an unexpected newline after a key or `=` is reported on
    /// the key's line; a second `a = [...]` replaces the first.
    V1_5,
    /// v1.6.0 (Helm 4): TOML 1.1 (newlines and a trailing comma in inline tables, `\e` and
    /// `\xHH` escapes, times without seconds); redefining an array is an error; `toToml`
    /// writes a float as Go's `%v` does (`1e+06`; before, every digit: `1000000.0`).
    V1_6,
}

/// Where the libraries behind Helm's functions changed their words or output between the
/// Helms: the functions' context carries it, and both template dialects follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FuncWording {
    /// The Masterminds/semver v3 release vendored (`semver`, `semverCompare`, Chart.yaml's
    /// `kubeVersion`): its words and its pre-release rule.
    pub semver: Masterminds,
    /// Go 1.27's `encoding/json` (v1 on the v2 implementation): its syntax errors' words
    /// (`unexpected end of JSON input` inside a literal, `invalid escape sequence`), and a
    /// string's invalid UTF-8 bytes written as U+FFFD itself (v1 wrote `\ufffd`): Helm 4.3.
    pub json_v2: bool,
    /// The BurntSushi/toml release vendored (`toToml`, `fromToml`).
    pub toml: BurntSushiToml,
    /// The names the Helm's Go reads in a pattern's `\p{Name}` (Sprig's regex functions,
    /// a schema's `pattern`).
    pub unicode_class_names: UnicodeClassNames,
    /// The Unicode version of the Helm's Go: which characters `%q`, `quote` and Go's other
    /// quoting keep as they are (`strconv.IsPrint`), and which they escape (`\u1c89`).
    pub unicode: UnicodeVersion,
    /// Go 1.25's `crypto/x509` (Sprig's certificate functions): a CA's subject key id is the
    /// first 160 bits of the public key's SHA-256, not its SHA-1: Helm 4.
    pub x509_go_1_25: bool,
    /// Go 1.26's `crypto/x509` words for an EC private key not below the curve's order
    /// (`input overflows the modulus`, not `x509: invalid elliptic curve private key
    /// value`): Helm 4.2+.
    pub x509_go_1_26: bool,
}

/// What one Helm release does, where releases differ. The pipeline reads these fields; no
/// other code asks which Helm it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelmProfile {
    /// `major.minor` (`4.3`).
    pub version: &'static str,
    /// The exact release the profile was measured against (`v4.3.1`).
    pub reference: &'static str,
    /// Kinds in install order (`releaseutil.InstallOrder`); other kinds sort after, by kind.
    pub install_order: &'static [&'static str],
    /// The default `.Capabilities.KubeVersion` (`v1.37.0`).
    pub kube_version: &'static str,
    /// The default `.Capabilities.APIVersions`, in order.
    pub api_versions: &'static [&'static str],
    /// How `--kube-version` is read.
    pub kube_version_rule: KubeVersionRule,
    /// How rendered files become documents, and their blank lines.
    pub framing: Framing,
    /// How values are read and merged.
    pub values: ValuesRules,
    /// How `.Chart` serialises.
    pub chart_object: ChartObject,
    /// `--post-renderer` names a plugin (Helm 4), not a program (Helm 3): orochart runs no
    /// plugins, so a Helm 4 profile gives Helm's error for a plugin it does not find.
    pub post_renderer_is_plugin: bool,
    /// The install, upgrade and repository flags `helm template` accepts (no effect on its
    /// output): which exist, how they are read ([`cli::TemplateCli`]).
    pub template_cli: cli::TemplateCli,
    /// Wording that changed.
    pub messages: Messages,
    /// The Go template engine.
    pub go: GoTemplates,
    /// The JSON-schema library that checks values against `values.schema.json`, and its
    /// wording.
    pub schema_validator: crate::schema::Validator,
    /// How large a chart archive's files may be, decompressed.
    pub archive_limits: ArchiveLimits,
    /// How the registry client, made before any command runs, reads the registry config
    /// file.
    pub registry_config: RegistryConfigRule,
    /// How `HELM_DRIVER` fails before a command runs.
    pub storage_driver: StorageDriver,
}

/// Helm's set-up of its storage driver (`HELM_DRIVER`) before any command runs, where it
/// fails (Go's `log.Fatal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StorageDriver {
    /// Helm 3's log lines carry the line of `helm.go` that failed: an unknown driver, a
    /// memory driver file that cannot be read, one that is not a list of releases. `None`:
    /// Helm 4 logs through slog (`level=INFO msg="…"`).
    pub fatal_lines: Option<(u32, u32, u32)>,
    /// The Go type the memory driver's files are read into (`[]*release.Release`).
    pub release_list_type: &'static str,
}

/// How Helm's registry client reads its config file (`--registry-config`,
/// `$HELM_REGISTRY_CONFIG`, `~/.config/helm/registry/config.json`). Helm's root command
/// makes the client before any command runs, so a file it refuses fails `helm template`
/// too; one that does not exist is no config.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RegistryConfigRule {
    /// oras-go v1 (Helm 3.17): the file is Docker's `configfile.ConfigFile` (typed fields,
    /// each `auth` decoded from base64 and split at `:`), then Docker's own config
    /// (`$DOCKER_CONFIG/config.json`, `~/.docker/config.json`) the same way; an error is
    /// printed with its `github.com/pkg/errors` stack (`%+v`).
    OrasV1,
    /// oras-go v2's `config.Load`: any JSON object, with `credsStore` a string,
    /// `credHelpers` strings and `auths` an object; Docker's config is not read.
    OrasV2 {
        /// `failed to decode config file at PATH` (oras-go 2.5 and 2.6); oras-go 2.6.1
        /// (Helm 4.2+) drops the `at`.
        decode_at: bool,
        /// An empty file (or only white space) fails with `EOF`: Helm 3.18 and 4.1. Helm
        /// 3.19 works around it; oras-go 2.6.1 reads it as no config.
        empty_refused: bool,
    },
}

/// Helm's limits on the files of a chart archive, decompressed (`MaxDecompressedFileSize`,
/// `MaxDecompressedChartSize` of Helm's archive loader): none before Helm 3.18.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArchiveLimits {
    /// The largest file, in bytes (5 MiB in Helm 3.18 to 4.2; none in 4.3).
    pub file: Option<u64>,
    /// What the files together must stay under, in bytes (100 MiB from Helm 3.18): a chart
    /// of exactly that much is refused.
    pub total: Option<u64>,
    /// How the error for the total names the limit: `maximum file size` (Helm 3), `maximum
    /// size` (Helm 4).
    pub total_words: &'static str,
}

/// Helm 3.18's limits: 5 MiB a file, under 100 MiB in all.
const ARCHIVE_LIMITS_3_18: ArchiveLimits = ArchiveLimits {
    file: Some(5 << 20),
    total: Some(100 << 20),
    total_words: "maximum file size",
};

/// Helm 4's install order: Helm 3's, and the admission webhook configurations at the end.
const INSTALL_ORDER_4: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// Helm 3's order: Helm 4's without the two webhook kinds Helm 4 added at the end.
pub(crate) const INSTALL_ORDER_3: &[&str] = INSTALL_ORDER_4.split_at(INSTALL_ORDER_4.len() - 2).0;

const HELM_3_VALUES: ValuesRules = ValuesRules {
    all_documents: false,
    chart_nulls_dropped: false,
    null_over_null_kept: false,
    set_index_eof_ends_input: false,
    set_json_object_merges: false,
    numbers_as_json_number: false,
    import_values_formatted: false,
};

const HELM_3_MESSAGES: Messages = Messages {
    release_name_prefix: "",
    values_document_prefix: "",
    head_type: "releaseutil.SimpleHead",
    json_field_as_written: false,
    missing_dependencies: "An error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies",
    dependencies_failed_prefix: "",
    skipped_hook_line: 190,
    requirements_warning_lines: (120, 138),
    archive_unreadable: "",
    chart_name_dots_refused: false,
    chart_yaml_read_first: false,
};

const HELM_4_MESSAGES: Messages = Messages {
    release_name_prefix: "release name check failed: ",
    values_document_prefix: "cannot unmarshal yaml document: ",
    head_type: "util.SimpleHead",
    json_field_as_written: false,
    missing_dependencies: "an error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies",
    dependencies_failed_prefix: "chart dependencies processing failed: ",
    skipped_hook_line: 0,
    requirements_warning_lines: (0, 0),
    archive_unreadable: "unable to load chart archive",
    chart_name_dots_refused: true,
    chart_yaml_read_first: true,
};

const HELM_4_2_MESSAGES: Messages = Messages {
    missing_dependencies: "an error occurred while checking for chart dependencies. You may need to run 'helm dependency build' to fetch missing dependencies",
    ..HELM_4_MESSAGES
};

static V3_17: HelmProfile = HelmProfile {
    version: "3.17",
    reference: "v3.17.2",
    install_order: INSTALL_ORDER_3,
    kube_version: "v1.32.0",
    api_versions: apis::APIS_3_17,
    kube_version_rule: KubeVersionRule::Semver,
    framing: Framing::Trim,
    values: HELM_3_VALUES,
    chart_object: ChartObject::JsonTags,
    post_renderer_is_plugin: false,
    template_cli: cli::HELM_3_17,
    messages: HELM_3_MESSAGES,
    go: GoTemplates {
        build: HelmBuild {
            version: "v3.17.2",
            git_commit: "cc0bbbd6d6276b83880042c1ecb34087e84d41eb",
            go_version: "go1.23.7",
            kube_client_version: None,
        },
        range_over_int: false,
        types_package: "chartutil",
        values_type: "chartutil.Values",
        comparison_names_types: false,
        traced_exec_errors: false,
        kube_version_normalized_field: false,
        funcs: FuncWording {
            semver: Masterminds::V3_3,
            json_v2: false,
            toml: BurntSushiToml::V1_4,
            unicode_class_names: UnicodeClassNames::Go1_23,
            unicode: UnicodeVersion::V15_0,
            x509_go_1_25: false,
            x509_go_1_26: false,
        },
    },
    schema_validator: crate::jsonschema::Validator::GoJsonSchema,
    archive_limits: ArchiveLimits {
        file: None,
        total: None,
        total_words: "",
    },
    registry_config: RegistryConfigRule::OrasV1,
    storage_driver: StorageDriver {
        fatal_lines: Some((78, 116, 121)),
        release_list_type: "[]*release.Release",
    },
};

static V3_18: HelmProfile = HelmProfile {
    version: "3.18",
    reference: "v3.18.0",
    archive_limits: ARCHIVE_LIMITS_3_18,
    kube_version: "v1.33.0",
    messages: Messages {
        skipped_hook_line: 199,
        requirements_warning_lines: (124, 142),
        ..HELM_3_MESSAGES
    },
    api_versions: apis::APIS_3_18,
    values: ValuesRules {
        numbers_as_json_number: true,
        ..HELM_3_VALUES
    },
    go: GoTemplates {
        build: HelmBuild {
            version: "v3.18.0",
            git_commit: "cc58e3f5a3aa615c6a86275e6f4444b5fdd3cc4e",
            go_version: "go1.24.3",
            kube_client_version: None,
        },
        range_over_int: true,
        funcs: FuncWording {
            toml: BurntSushiToml::V1_5,
            ..V3_17.go.funcs
        },
        ..V3_17.go
    },
    registry_config: RegistryConfigRule::OrasV2 {
        decode_at: true,
        empty_refused: true,
    },
    storage_driver: StorageDriver {
        fatal_lines: Some((83, 122, 127)),
        release_list_type: "[]*release.Release",
    },
    ..V3_17
};

static V3_19: HelmProfile = HelmProfile {
    version: "3.19",
    reference: "v3.19.0",
    kube_version: "v1.34.0",
    api_versions: apis::APIS_3_19,
    messages: Messages {
        requirements_warning_lines: (120, 138),
        ..V3_18.messages
    },
    kube_version_rule: KubeVersionRule::Generic,
    values: ValuesRules {
        import_values_formatted: true,
        ..HELM_3_VALUES
    },
    template_cli: cli::HELM_3_19,
    go: GoTemplates {
        build: HelmBuild {
            version: "v3.19.0",
            git_commit: "3d8990f0836691f0229297773f3524598f46bda6",
            go_version: "go1.24.7",
            kube_client_version: None,
        },
        funcs: FuncWording {
            semver: Masterminds::V3_4,
            ..V3_18.go.funcs
        },
        ..V3_18.go
    },
    schema_validator: crate::jsonschema::Validator::SANTHOSH_6_0_2,
    archive_limits: ARCHIVE_LIMITS_3_18,
    registry_config: RegistryConfigRule::OrasV2 {
        decode_at: true,
        empty_refused: false,
    },
    storage_driver: StorageDriver {
        fatal_lines: Some((83, 122, 127)),
        release_list_type: "[]*release.Release",
    },
    ..V3_17
};

static V4_1: HelmProfile = HelmProfile {
    version: "4.1",
    reference: "v4.1.4",
    install_order: INSTALL_ORDER_4,
    kube_version: "v1.35.0",
    api_versions: apis::APIS_4_1,
    kube_version_rule: KubeVersionRule::GenericKeepGiven,
    framing: Framing::Trim,
    values: ValuesRules {
        all_documents: true,
        chart_nulls_dropped: false,
        null_over_null_kept: true,
        set_index_eof_ends_input: true,
        set_json_object_merges: true,
        numbers_as_json_number: false,
        import_values_formatted: true,
    },
    chart_object: ChartObject::GoFields,
    post_renderer_is_plugin: true,
    template_cli: cli::HELM_4_1,
    messages: HELM_4_MESSAGES,
    go: GoTemplates {
        build: HelmBuild {
            version: "v4.1.4",
            git_commit: "05fa37973dc9e42b76e1d2883494c87174b6074f",
            go_version: "go1.25.9",
            kube_client_version: Some("v1.35"),
        },
        range_over_int: true,
        types_package: "common",
        values_type: "common.Values",
        comparison_names_types: true,
        traced_exec_errors: true,
        kube_version_normalized_field: true,
        funcs: FuncWording {
            semver: Masterminds::V3_4,
            json_v2: false,
            toml: BurntSushiToml::V1_6,
            unicode_class_names: UnicodeClassNames::Go1_25,
            unicode: UnicodeVersion::V15_0,
            x509_go_1_25: true,
            x509_go_1_26: false,
        },
    },
    schema_validator: crate::jsonschema::Validator::SANTHOSH_6_0_2_URN,
    archive_limits: ArchiveLimits {
        total_words: "maximum size",
        ..ARCHIVE_LIMITS_3_18
    },
    registry_config: RegistryConfigRule::OrasV2 {
        decode_at: true,
        empty_refused: true,
    },
    storage_driver: StorageDriver {
        fatal_lines: None,
        release_list_type: "[]*v1.Release",
    },
};

static V4_2: HelmProfile = HelmProfile {
    version: "4.2",
    reference: "v4.2.3",
    kube_version: "v1.36.0",
    api_versions: apis::APIS_4_2,
    framing: Framing::TrimLeading,
    values: ValuesRules {
        chart_nulls_dropped: true,
        ..V4_1.values
    },
    messages: HELM_4_2_MESSAGES,
    template_cli: cli::HELM_4_2,
    go: GoTemplates {
        build: HelmBuild {
            version: "v4.2.3",
            git_commit: "43e8b7feece8beb0fcba47059ec9b522fd929a64",
            go_version: "go1.26.5",
            kube_client_version: Some("v1.36"),
        },
        funcs: FuncWording {
            semver: Masterminds::V3_5,
            x509_go_1_26: true,
            ..V4_1.go.funcs
        },
        ..V4_1.go
    },
    registry_config: RegistryConfigRule::OrasV2 {
        decode_at: false,
        empty_refused: false,
    },
    ..V4_1
};

static V4_3: HelmProfile = HelmProfile {
    version: "4.3",
    reference: "v4.3.1",
    kube_version: "v1.37.0",
    api_versions: apis::APIS_4_3,
    framing: Framing::LineSeparators,
    messages: Messages {
        json_field_as_written: true,
        ..HELM_4_2_MESSAGES
    },
    go: GoTemplates {
        build: HelmBuild {
            version: "v4.3.1",
            git_commit: "c0d08d0d6d9424d4a14febb5e8a3e51b0dd00dff",
            go_version: "go1.27.2",
            kube_client_version: Some("v1.37"),
        },
        funcs: FuncWording {
            json_v2: true,
            unicode_class_names: UnicodeClassNames::Go1_27,
            unicode: UnicodeVersion::V17_0,
            ..V4_2.go.funcs
        },
        ..V4_2.go
    },
    schema_validator: crate::jsonschema::Validator::SANTHOSH_6_0_3,
    archive_limits: ArchiveLimits {
        file: None,
        ..V4_2.archive_limits
    },
    ..V4_2
};

/// How values coalesce, where Helm versions differ (a Helm-version profile picks one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoalesceRules {
    /// A user `null` over a chart's `null` (or over a key the chart lacks) is kept, not
    /// deleted (Helm 4's `coalesceTablesFullKey`).
    pub null_over_null_kept: bool,
    /// A chart's own `null` defaults are dropped when coalescing, so a parent's nested `null`
    /// for a subchart key no longer deletes the subchart's default unless the user also gives
    /// that subchart's section (Helm 4.2+, `cleanNilValues`; helm issue 32132).
    pub chart_nulls_dropped: bool,
    /// Every chart's values.yaml numbers are `json.Number`s (Helm v3.18.0; see
    /// `values::json_number`, internal).
    pub json_numbers: bool,
    /// A chart's values.yaml is every document merged, each line read with its line feed
    /// (Helm 4; [`ValuesRules::all_documents`]).
    pub all_documents: bool,
    /// `import-values`' `child`/`parent` formatted with `%v` (Helm 3.19+), else asserted to
    /// be strings ([`ValuesRules::import_values_formatted`]).
    pub import_values_formatted: bool,
}

impl CoalesceRules {
    /// Helm 3.17 (the default).
    pub const HELM_3: CoalesceRules = CoalesceRules {
        null_over_null_kept: false,
        chart_nulls_dropped: false,
        json_numbers: false,
        all_documents: false,
        import_values_formatted: false,
    };
    /// Helm 4.0 and 4.1.
    pub const HELM_4_1: CoalesceRules = CoalesceRules {
        null_over_null_kept: true,
        chart_nulls_dropped: false,
        json_numbers: false,
        all_documents: true,
        import_values_formatted: true,
    };
    /// Helm 4.2 and later (checked with 4.2.3 and 4.3.1).
    pub const HELM_4_2: CoalesceRules = CoalesceRules {
        null_over_null_kept: true,
        chart_nulls_dropped: true,
        json_numbers: false,
        all_documents: true,
        import_values_formatted: true,
    };
}

impl Default for CoalesceRules {
    fn default() -> Self {
        CoalesceRules::HELM_3
    }
}

impl ValuesRules {
    /// How subchart values coalesce under these rules.
    pub fn coalesce_rules(&self) -> CoalesceRules {
        CoalesceRules {
            null_over_null_kept: self.null_over_null_kept,
            chart_nulls_dropped: self.chart_nulls_dropped,
            json_numbers: self.numbers_as_json_number,
            all_documents: self.all_documents,
            import_values_formatted: self.import_values_formatted,
        }
    }
}

impl GoTemplates {
    /// The Helm release `(major, minor)` of the build (`v3.17.2`: `(3, 17)`), whose function
    /// map templates call into.
    pub fn release(&self) -> (u32, u32) {
        let v = self.build.version.trim_start_matches('v');
        let mut parts = v.split('.').map(|p| p.parse().unwrap_or(0));
        (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
    }
}

impl HelmProfile {
    /// The rank of a kind in this Helm's install order: known kinds by index, unknown kinds
    /// after them by kind string.
    pub fn kind_rank<'k>(&self, kind: &'k str) -> (usize, &'k str) {
        match self.install_order.iter().position(|k| *k == kind) {
            Some(i) => (i, ""),
            None => (self.install_order.len(), kind),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_in_every_spelling_and_unknown_ones_list_the_known() {
        for (s, v) in [
            ("4.3", HelmVersion::V4_3),
            ("v4.2", HelmVersion::V4_2),
            ("3.17.2", HelmVersion::V3_17),
            ("v3.19.4", HelmVersion::V3_19),
            (" 4.1 ", HelmVersion::V4_1),
        ] {
            assert_eq!(s.parse::<HelmVersion>().ok(), Some(v), "{s}");
        }
        for bad in ["4", "4.4", "3.16", "", "4.3.", "4.3.x", "latest"] {
            let e = bad.parse::<HelmVersion>().err().map(|e| e.to_string());
            assert_eq!(
                e.as_deref(),
                Some(
                    format!(
                        "unknown Helm version `{bad}`: the known versions are 3.17, 3.18, 3.19, 4.1, 4.2, 4.3"
                    )
                    .as_str()
                ),
            );
        }
    }

    #[test]
    fn every_profile_names_its_own_version_and_defaults_differ_by_release() {
        for v in HelmVersion::ALL {
            assert_eq!(v.profile().version, v.as_str());
            assert!(v.profile().reference.starts_with(&format!("v{v}.")));
        }
        let kube: Vec<_> = HelmVersion::ALL
            .iter()
            .map(|v| v.profile().kube_version)
            .collect();
        assert_eq!(
            kube,
            ["v1.32.0", "v1.33.0", "v1.34.0", "v1.35.0", "v1.36.0", "v1.37.0"]
        );
        assert_eq!(HelmVersion::V3_17.profile().api_versions.len(), 56);
        for v in HelmVersion::ALL {
            assert_eq!(v.profile().go.build.version, v.profile().reference);
        }
        let releases: Vec<_> = HelmVersion::ALL
            .iter()
            .map(|v| v.profile().go.release())
            .collect();
        assert_eq!(
            releases,
            [(3, 17), (3, 18), (3, 19), (4, 1), (4, 2), (4, 3)]
        );
    }
}
