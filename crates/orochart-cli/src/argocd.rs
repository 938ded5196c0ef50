//! `orochart argocd generate | parameters`: the ArgoCD config-management plugin (CMP sidecar).
//!
//! The cmp-server runs these commands in the app folder of its private copy of the repository,
//! with the Application's settings in the environment (../shared/notes/argocd-cmp.md §4):
//! `ARGOCD_APP_NAME`, `ARGOCD_APP_NAMESPACE`, `ARGOCD_APP_SOURCE_PATH`, `KUBE_VERSION`,
//! `KUBE_API_VERSIONS`, `ARGOCD_APP_PARAMETERS` (JSON) and `ARGOCD_ENV_*`. Everything here reads
//! an [`Env`] and a working directory handed in, so tests can run it without a process.
//!
//! `generate` prints only manifests, the bytes `orochart render` prints for the equivalent
//! flags; on any error nothing reaches stdout and the exit code is 1, so ArgoCD shows the error
//! instead of syncing (and pruning) an empty app.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use crate::request_root::Folders;

use clap::{Args, Subcommand};
use orochart::app::{self, AppSpec};
use orochart::profile::HelmVersion;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::Failure;

/// Examples shown by `orochart argocd --help`.
pub const EXAMPLES: &str = "\
Examples:
  # What the ArgoCD sidecar runs (plugin.yaml), in the app folder
  orochart argocd generate
  orochart argocd parameters

  # Try it locally as ArgoCD would run it
  cd environments/prod/microservice-identity
  ARGOCD_APP_NAME=prod-microservice-identity ARGOCD_APP_NAMESPACE=microservice-identity \\
  ARGOCD_APP_SOURCE_PATH=environments/prod/microservice-identity \\
  ARGOCD_ENV_RELEASE_NAME=microservice-identity \\
  ARGOCD_APP_PARAMETERS='[{\"name\":\"values\",\"array\":[\"values.yaml\",\"values-prod.yaml\"]}]' \\
    orochart argocd generate";

/// Examples shown by `orochart argocd generate --help`.
pub const GENERATE_EXAMPLES: &str = "\
Examples:
  # In the app folder, with the environment ArgoCD sets
  ARGOCD_APP_NAME=microservice-identity ARGOCD_APP_NAMESPACE=microservice-identity \\
  ARGOCD_APP_SOURCE_PATH=services/identity orochart argocd generate

  # The same bytes as
  orochart render microservice-identity -n microservice-identity -f values.yaml

Parameters (spec.source.plugin.parameters):
  values        array   values files relative to the app folder, in order
  set           map     --set key=value for each entry
  set-string    map     --set-string key=value for each entry
  release-name  string  the release name
  chart         string  a chart folder relative to the repository root (default: built-in)
  allow-empty   string  `true` to accept rendering zero manifests

Environment:
  ARGOCD_ENV_RELEASE_NAME  release name when the parameter is not set
  ARGOCD_ENV_VALUES        comma-separated values files when the parameter is not set
  KUBE_VERSION, KUBE_API_VERSIONS  .Capabilities (set by ArgoCD)";

/// Examples shown by `orochart argocd parameters --help`.
pub const PARAMETERS_EXAMPLES: &str = "\
Examples:
  # The parameter announcement ArgoCD's UI shows, for the app folder
  ARGOCD_APP_NAME=microservice-identity orochart argocd parameters";

/// The flags of `orochart argocd`.
#[derive(Debug, Clone, Args)]
pub struct ArgocdArgs {
    #[command(subcommand)]
    command: ArgocdCommand,
}

#[derive(Debug, Clone, Subcommand)]
enum ArgocdCommand {
    /// Print the app's manifests (plugin.yaml `generate`); reads ArgoCD's environment.
    #[command(after_help = GENERATE_EXAMPLES)]
    Generate,
    /// Print the parameter announcement for ArgoCD's UI (plugin.yaml `parameters.dynamic`).
    #[command(after_help = PARAMETERS_EXAMPLES)]
    Parameters,
}

/// Runs `orochart argocd …` with the process's environment and working directory.
pub fn run(a: &ArgocdArgs) -> Result<String, Failure> {
    let env = Env::from_process();
    let cwd = std::env::current_dir()
        .map_err(|e| Failure::Error(format!("cannot read the working directory: {e}")))?;
    match a.command {
        ArgocdCommand::Generate => generate(&env, &cwd),
        ArgocdCommand::Parameters => parameters(&env, &cwd),
    }
}

/// The environment variables the plugin reads.
#[derive(Debug, Clone, Default)]
pub struct Env(BTreeMap<String, String>);

impl Env {
    /// The process's environment (names and values that are not UTF-8 are read lossily).
    pub fn from_process() -> Env {
        Env(std::env::vars_os()
            .map(|(k, v)| {
                (
                    k.to_string_lossy().into_owned(),
                    v.to_string_lossy().into_owned(),
                )
            })
            .collect())
    }

    /// An environment from pairs, for tests.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Env {
        Env(pairs
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect())
    }

    /// A variable, `None` when unset or empty (ArgoCD 3 passes empty `ARGOCD_ENV_*` entries
    /// that 2.x dropped; both mean "not given").
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }
}

// ---------------------------------------------------------------------------------------------
// Parameters: ARGOCD_APP_PARAMETERS

/// The parameters `generate` understands, with their collection type.
const KNOWN: &[(&str, Kind)] = &[
    ("values", Kind::Array),
    ("set", Kind::Map),
    ("set-string", Kind::Map),
    ("release-name", Kind::String),
    ("chart", Kind::String),
    ("allow-empty", Kind::String),
    ("helm-version", Kind::String),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Array,
    Map,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::String => "string",
            Kind::Array => "array",
            Kind::Map => "map",
        })
    }
}

/// One entry of `ARGOCD_APP_PARAMETERS`: a name and a `string`, `array` or `map` value.
#[derive(Debug, Clone, Deserialize)]
struct RawParam {
    name: String,
    #[serde(default)]
    string: Option<String>,
    #[serde(default)]
    array: Option<Vec<String>>,
    #[serde(default)]
    map: Option<OrderedMap>,
}

/// A JSON object of strings, in the order written (ArgoCD's maps arrive sorted by key, as Go
/// marshals them; the order still matters when one `--set` key overrides another).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct OrderedMap(Vec<(String, String)>);

impl<'de> Deserialize<'de> for OrderedMap {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OrderedMap;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<OrderedMap, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, String>()? {
                    out.push((k, v));
                }
                Ok(OrderedMap(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// The parameters an Application set, read and checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    /// `values`: values files relative to the app folder.
    pub values: Option<Vec<String>>,
    /// `set`: `key=value` assignments, as `--set`.
    pub set: Vec<String>,
    /// `set-string`: `key=value` assignments, as `--set-string`.
    pub set_string: Vec<String>,
    /// `release-name`.
    pub release_name: Option<String>,
    /// `chart`: a chart folder relative to the repository root.
    pub chart: Option<String>,
    /// `allow-empty`.
    pub allow_empty: bool,
    /// `helm-version`: the Helm whose output to reproduce.
    pub helm_version: Option<HelmVersion>,
}

/// Reads `ARGOCD_APP_PARAMETERS`: unset, empty, `null` and `[]` all mean no parameters.
pub fn parse_parameters(json: Option<&str>) -> Result<Params, String> {
    let mut params = Params::default();
    let Some(json) = json.map(str::trim).filter(|j| !j.is_empty()) else {
        return Ok(params);
    };
    let raw: Option<Vec<RawParam>> = serde_json::from_str(json)
        .map_err(|e| format!("ARGOCD_APP_PARAMETERS is not a JSON array of parameters ({e})"))?;
    for p in raw.unwrap_or_default() {
        let Some(kind) = KNOWN.iter().find(|(n, _)| *n == p.name).map(|(_, k)| *k) else {
            let names: Vec<&str> = KNOWN.iter().map(|(n, _)| *n).collect();
            let hint = orochart::schema::suggest(&p.name, &names)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(format!(
                "unknown parameter `{}`{hint}: orochart takes {}",
                p.name,
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        };
        let wrong = |got: &str| {
            format!(
                "parameter `{}` must be given as `{kind}:`, got {got}",
                p.name
            )
        };
        let given = if p.map.is_some() {
            "`map:`"
        } else if p.array.is_some() {
            "`array:`"
        } else if p.string.is_some() {
            "`string:`"
        } else {
            "no value"
        };
        match p.name.as_str() {
            "values" => {
                // An array, or (for hand-written parameters) one comma-separated string.
                let files = match (&p.array, &p.string) {
                    (Some(a), _) => a.clone(),
                    (None, Some(s)) => split_list(s),
                    (None, None) => return Err(wrong(given)),
                };
                params.values = Some(files);
            }
            "set" | "set-string" => {
                let Some(m) = &p.map else {
                    return Err(wrong(given));
                };
                let list = if p.name == "set" {
                    &mut params.set
                } else {
                    &mut params.set_string
                };
                list.extend(
                    m.0.iter()
                        .map(|(k, v)| format!("{k}={}", escape_set_value(v))),
                );
            }
            name => {
                let Some(s) = &p.string else {
                    return Err(wrong(given));
                };
                let s = s.trim();
                match name {
                    "release-name" => {
                        params.release_name = Some(s.to_owned()).filter(|s| !s.is_empty())
                    }
                    "chart" => params.chart = Some(s.to_owned()).filter(|s| !s.is_empty()),
                    "helm-version" if s.is_empty() => params.helm_version = None,
                    "helm-version" => {
                        params.helm_version = Some(
                            s.parse()
                                .map_err(|e| format!("parameter `helm-version`: {e}"))?,
                        )
                    }
                    _ => {
                        params.allow_empty = match s {
                            "true" => true,
                            "false" | "" => false,
                            other => {
                                return Err(format!(
                                "parameter `allow-empty` must be `true` or `false`, got `{other}`"
                            ))
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(params)
}

/// Splits a comma-separated list, trimming blanks.
fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A map value becomes one `--set key=value`: commas are escaped so they stay in the value,
/// as ArgoCD does for a Helm source's parameters (`cleanSetParameters`), except in a `{a,b}`
/// list, and except where the author already escaped them.
fn escape_set_value(v: &str) -> String {
    if v.starts_with('{') && v.ends_with('}') {
        return v.to_owned();
    }
    let mut out = String::with_capacity(v.len());
    let mut prev = None;
    for c in v.chars() {
        if c == ',' && prev != Some('\\') {
            out.push('\\');
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// generate

/// The repository root ArgoCD's request folder proves, and the app folder in it
/// ([`crate::request_root`]).
fn folders(env: &Env, cwd: &Path) -> Result<Folders, String> {
    crate::request_root::folders(env.get("ARGOCD_APP_SOURCE_PATH"), cwd)
}

/// The release name: parameter `release-name`, else `ARGOCD_ENV_RELEASE_NAME`, else
/// `ARGOCD_APP_NAME` without the `<namespace>_` prefix ArgoCD adds to Applications outside
/// its own namespace (names are DNS names, so the first `_` ends the prefix).
fn release_name(params: &Params, env: &Env) -> Option<String> {
    if let Some(n) = &params.release_name {
        return Some(n.clone());
    }
    if let Some(n) = env.get("ARGOCD_ENV_RELEASE_NAME") {
        return Some(n.trim().to_owned());
    }
    let app = env.get("ARGOCD_APP_NAME")?.trim();
    Some(match app.split_once('_') {
        Some((_, name)) => name.to_owned(),
        None => app.to_owned(),
    })
}

/// The values files when parameter `values` is not set: `ARGOCD_ENV_VALUES`, else
/// `values.yaml` when the app folder has one. `parameters` announces the same default.
fn default_values(env: &Env, app_dir: &Path) -> Vec<String> {
    match env.get("ARGOCD_ENV_VALUES") {
        Some(v) => split_list(v),
        None => app::default_values_files(app_dir),
    }
}

/// `KUBE_VERSION` as ArgoCD sets it: `1.30`, `1.30.5`, `v1.30.5+k3s1`; some providers report a
/// minor such as `30+`, which Helm's `--kube-version` would refuse, so the `+` is dropped.
fn kube_version(env: &Env) -> Option<String> {
    let v = env.get("KUBE_VERSION")?.trim();
    Some(v.strip_suffix('+').unwrap_or(v).to_owned())
}

/// The Helm to reproduce: parameter `helm-version`, else env `HELM_VERSION` of the
/// Application (`ARGOCD_ENV_HELM_VERSION`), else `OROCHART_HELM_VERSION` of the sidecar, else
/// the Helm the current ArgoCD bundles ([`HelmVersion::ARGOCD`], 4.2).
fn helm_version(params: &Params, env: &Env) -> Result<HelmVersion, Failure> {
    if let Some(v) = params.helm_version {
        return Ok(v);
    }
    for name in ["ARGOCD_ENV_HELM_VERSION", "OROCHART_HELM_VERSION"] {
        if let Some(v) = env.get(name).map(str::trim).filter(|v| !v.is_empty()) {
            return v
                .parse()
                .map_err(|e| Failure::Error(format!("env `{name}`: {e}")));
        }
    }
    Ok(HelmVersion::ARGOCD)
}

/// `KUBE_API_VERSIONS`: comma-separated `group/version` and `group/version/Kind` entries.
fn api_versions(env: &Env) -> Vec<String> {
    env.get("KUBE_API_VERSIONS")
        .map(split_list)
        .unwrap_or_default()
}

/// The spec `generate` renders, from the environment and the working directory.
pub fn app_spec(env: &Env, cwd: &Path) -> Result<(AppSpec, Params), Failure> {
    let params = parse_parameters(env.0.get("ARGOCD_APP_PARAMETERS").map(String::as_str))
        .map_err(Failure::Error)?;
    let f = folders(env, cwd).map_err(Failure::Error)?;
    let release = release_name(&params, env).ok_or_else(|| {
        Failure::Error(
            "no release name: set parameter `release-name`, env `RELEASE_NAME`, or run with ARGOCD_APP_NAME".into(),
        )
    })?;
    let values = match &params.values {
        Some(v) => v.clone(),
        None => default_values(env, &f.app_dir),
    };
    let spec = AppSpec {
        repo_root: f.repo_root,
        app_dir: f.app_dir,
        release,
        // An Application without a destination namespace: Helm's default.
        namespace: env
            .get("ARGOCD_APP_NAMESPACE")
            .unwrap_or("default")
            .trim()
            .to_owned(),
        values_files: Some(values),
        set: params.set.clone(),
        set_string: params.set_string.clone(),
        kube_version: kube_version(env),
        api_versions: api_versions(env),
        chart: params.chart.clone(),
        builtin_chart: Some(orochart_builtin::chart),
        helm: helm_version(&params, env)?,
    };
    Ok((spec, params))
}

/// `orochart argocd generate`: the manifests, or an error with one clear first line.
pub fn generate(env: &Env, cwd: &Path) -> Result<String, Failure> {
    let (spec, params) = app_spec(env, cwd)?;
    // The engine choice and Go's local time come from the sidecar's environment, which the
    // library does not read.
    let fast_path = env
        .0
        .get("OROCHART_ENGINE")
        .is_none_or(|e| e != "minijinja");
    let renderer = orochart::Renderer::with_engine(app::load_chart(&spec)?, None, fast_path)?
        .with_helm(spec.helm)
        .with_time_zone(env.0.get("TZ").cloned());
    let rendered = app::render_app(&renderer, &spec)?;
    let objects = rendered.all().filter(|m| !m.kind.is_empty()).count();
    if objects == 0 && !params.allow_empty {
        return Err(Failure::Error(format!(
            "release `{}` rendered zero manifests; ArgoCD would prune everything the app owns. Set parameter `allow-empty` to `true` if that is intended",
            spec.release
        )));
    }
    let out = rendered.to_helm_output();
    let max = env
        .get("OROCHART_MAX_OUTPUT")
        .map(crate::parse_max_output)
        .transpose()
        .map_err(|e| Failure::Error(format!("OROCHART_MAX_OUTPUT: {e}")))?
        .unwrap_or(crate::DEFAULT_MAX_OUTPUT);
    crate::check_output_size(&out, orochart::Limits { max_output: max })?;
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// parameters

/// The YAML files of the app folder whose name starts with `values`, sorted.
fn values_files_in(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|n| n.starts_with("values") && (n.ends_with(".yaml") || n.ends_with(".yml")))
        .collect();
    files.sort();
    files
}

/// `orochart argocd parameters`: the JSON array ArgoCD's UI shows. It runs with ArgoCD's
/// reduced environment for this command (no namespace, no `KUBE_*`), reads no parameters,
/// and never fails on the app's content: the UI should open even when generate would fail.
pub fn parameters(env: &Env, cwd: &Path) -> Result<String, Failure> {
    let defaults = default_values(env, cwd);
    let found = values_files_in(cwd);
    let values_tooltip = {
        let mut t = String::from(
            "Values files relative to the app folder, applied in order (later files win). Default: ",
        );
        if env.get("ARGOCD_ENV_VALUES").is_some() {
            t.push_str("the env VALUES list (ARGOCD_ENV_VALUES).");
        } else {
            t.push_str("values.yaml when the folder has one.");
        }
        if found.is_empty() {
            t.push_str(" This folder has no values*.yaml files.");
        } else {
            t.push_str(&format!(
                " Values files in this folder: {}.",
                found.join(", ")
            ));
        }
        t
    };
    let release_default = release_name(&Params::default(), env).unwrap_or_default();
    let announcement = serde_json::json!([
        {
            "name": "values",
            "title": "Values files",
            "tooltip": values_tooltip,
            "collectionType": "array",
            "itemType": "string",
            "array": defaults,
        },
        {
            "name": "set",
            "title": "Set values (--set)",
            "tooltip": "Each entry is one `--set key=value`: keys are paths such as image.tag or env.LOG_LEVEL; values are typed as --set types them (true, 42, null). Commas in a value are kept.",
            "collectionType": "map",
            "itemType": "string",
            "map": {},
        },
        {
            "name": "set-string",
            "title": "Set string values (--set-string)",
            "tooltip": "Each entry is one `--set-string key=value`: the value always stays a string (use it for image tags such as 0123 or 1e6).",
            "collectionType": "map",
            "itemType": "string",
            "map": {},
        },
        {
            "name": "release-name",
            "title": "Release name",
            "tooltip": "The Helm release name (.Release.Name). Default: env RELEASE_NAME, else the Application's name without a `<namespace>_` prefix.",
            "collectionType": "string",
            "itemType": "string",
            "string": release_default,
        },
        {
            "name": "chart",
            "title": "Chart folder",
            "tooltip": "A chart folder relative to the repository root. Empty: the built-in orofi-application chart.",
            "collectionType": "string",
            "itemType": "string",
            "string": "",
        },
        {
            "name": "helm-version",
            "title": "Helm version",
            "tooltip": format!(
                "The Helm whose `helm template` output to reproduce byte for byte: {}. Default: env HELM_VERSION, else {} (what ArgoCD 3.5 bundles). Pin 3.17 for ArgoCD 3.0, 3.18 for 3.1-3.2, 3.19 for 3.3-3.4.",
                HelmVersion::known(),
                HelmVersion::ARGOCD
            ),
            "collectionType": "string",
            "itemType": "string",
            "string": helm_version(&Params::default(), env).map(|v| v.to_string()).unwrap_or_else(|_| HelmVersion::ARGOCD.to_string()),
        },
        {
            "name": "allow-empty",
            "title": "Allow zero manifests",
            "tooltip": "`true` to accept a render with no manifests. Otherwise it is an error, because ArgoCD would prune everything the app owns.",
            "collectionType": "string",
            "itemType": "string",
            "string": "false",
        },
    ]);
    let mut out = serde_json::to_string_pretty(&announcement)
        .map_err(|e| Failure::Error(format!("cannot print the announcement: {e}")))?;
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(json: &str) -> Result<Params, String> {
        parse_parameters(Some(json))
    }

    #[test]
    fn unset_null_and_empty_parameters_mean_none() {
        for j in [None, Some(""), Some("null"), Some("[]"), Some(" null\n")] {
            assert_eq!(parse_parameters(j), Ok(Params::default()), "{j:?}");
        }
    }

    #[test]
    fn every_parameter_form_is_read() {
        let p = params(
            r#"[{"name":"values","array":["values.yaml","values-prod.yaml"]},
                {"name":"set","map":{"image.tag":"v1","z":"a,b","list":"{a,b}"}},
                {"name":"set-string","map":{"image.tag":"0123"}},
                {"name":"release-name","string":"identity"},
                {"name":"chart","string":"charts/app"},
                {"name":"allow-empty","string":"true"},
                {"name":"helm-version","string":"3.19"}]"#,
        );
        assert_eq!(
            p,
            Ok(Params {
                values: Some(vec!["values.yaml".into(), "values-prod.yaml".into()]),
                set: vec!["image.tag=v1".into(), r"z=a\,b".into(), "list={a,b}".into()],
                set_string: vec!["image.tag=0123".into()],
                release_name: Some("identity".into()),
                chart: Some("charts/app".into()),
                allow_empty: true,
                helm_version: Some(HelmVersion::V3_19),
            })
        );
    }

    #[test]
    fn a_misspelled_parameter_is_an_error_with_a_suggestion() {
        let e = params(r#"[{"name":"valuse","array":["a.yaml"]}]"#).err();
        assert!(
            e.as_deref().is_some_and(
                |e| e.starts_with("unknown parameter `valuse` (did you mean `values`?)")
            ),
            "{e:?}"
        );
        let e = params(r#"[{"name":"set","string":"a=b"}]"#).err();
        assert_eq!(
            e.as_deref(),
            Some("parameter `set` must be given as `map:`, got `string:`")
        );
        assert!(params("{").is_err());
        assert!(params(r#"[{"name":"allow-empty","string":"yes"}]"#).is_err());
    }

    #[test]
    fn values_may_be_one_comma_separated_string() {
        let p = params(r#"[{"name":"values","string":"a.yaml, b.yaml"}]"#);
        assert_eq!(
            p.map(|p| p.values),
            Ok(Some(vec!["a.yaml".into(), "b.yaml".into()]))
        );
    }

    #[test]
    fn commas_are_escaped_like_argocd_helm_parameters() {
        assert_eq!(escape_set_value("a,b"), r"a\,b");
        assert_eq!(escape_set_value(r"a\,b"), r"a\,b");
        assert_eq!(escape_set_value("{a,b}"), "{a,b}");
        assert_eq!(escape_set_value("plain"), "plain");
    }

    #[test]
    fn release_name_comes_from_parameter_env_or_app_name() {
        let env = Env::from_pairs([("ARGOCD_APP_NAME", "team-a_identity")]);
        assert_eq!(
            release_name(&Params::default(), &env).as_deref(),
            Some("identity")
        );
        let env = Env::from_pairs([
            ("ARGOCD_APP_NAME", "team-a_identity"),
            ("ARGOCD_ENV_RELEASE_NAME", "from-env"),
        ]);
        assert_eq!(
            release_name(&Params::default(), &env).as_deref(),
            Some("from-env")
        );
        let p = Params {
            release_name: Some("from-param".into()),
            ..Params::default()
        };
        assert_eq!(release_name(&p, &env).as_deref(), Some("from-param"));
        assert_eq!(release_name(&Params::default(), &Env::default()), None);
    }

    #[test]
    fn kube_version_drops_a_providers_plus() {
        let env = Env::from_pairs([("KUBE_VERSION", "1.30+")]);
        assert_eq!(kube_version(&env).as_deref(), Some("1.30"));
        assert_eq!(kube_version(&Env::default()), None);
    }
}
