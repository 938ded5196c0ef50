//! The namespace `helm template` uses when neither `-n` nor `HELM_NAMESPACE` gives one.
//!
//! Helm asks client-go, which reads the kubeconfig: the namespace of the chosen context
//! (`--kube-context`, else `HELM_KUBECONTEXT`, else the current context); without one, inside a
//! pod, the pod's own namespace; else `default`. Any error on the way (a file that does not
//! decode, a context that does not exist, a user or cluster entry that client-go finds unusable)
//! also means `default`, because Helm ignores the error. Every rule below was checked against
//! Helm 3.17.2; the parity cases `kubeconfig-*` run Helm on them.
//!
//! - Files: `--kubeconfig` (one file, which must exist), else every file of the path list
//!   `KUBECONFIG` (colon-separated) that exists (the first to set a value wins: the current
//!   context, and each context, user or cluster by name), else `$HOME/.kube/config`.
//! - A file decodes as client-go decodes it: YAML 1.1 (so `namespace: y` is a boolean, and an
//!   error), case-sensitive keys, unknown keys ignored, known fields of the wrong type an
//!   error, `*-data` fields base64, named entries unique, `apiVersion` `v1` and `kind`
//!   `Config` when given.
//! - The chosen context's user and cluster must be usable (client-go's `ConfirmUsable`):
//!   readable certificate and key files (relative to the kubeconfig's folder), no two ways to
//!   authenticate, a proxy URL of a known scheme, and so on.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::{Map, Value};
use base64::Engine;

/// Where the environment comes from: the process's, or a test's.
pub struct Env<'a> {
    /// An environment variable.
    pub var: &'a dyn Fn(&str) -> Option<String>,
    /// The file system root the in-cluster files are under (`/`).
    pub root: &'a Path,
}

impl Env<'_> {
    fn get(&self, name: &str) -> Option<String> {
        (self.var)(name).filter(|v| !v.is_empty())
    }
}

/// Helm's namespace without `-n` and `HELM_NAMESPACE`, given `--kubeconfig` and the context
/// (`--kube-context`, else `HELM_KUBECONTEXT`: the caller's flag parsing reads both). Empty
/// counts as not given.
pub fn namespace(kubeconfig: Option<&str>, context: Option<&str>, env: &Env) -> String {
    let from_config = (|| {
        let merged = merge(&files(kubeconfig, env)?)?;
        let name = match context.filter(|c| !c.is_empty()) {
            Some(chosen) => chosen,
            None => &merged.current_context,
        };
        merged.usable_namespace(name)
    })();
    match from_config {
        Some(ns) if !ns.is_empty() => ns,
        Some(_) => in_cluster(env).unwrap_or_else(|| "default".to_owned()),
        None => "default".to_owned(),
    }
}

/// The pod's namespace, when client-go could use the in-cluster configuration.
fn in_cluster(env: &Env) -> Option<String> {
    let account = env
        .root
        .join("var/run/secrets/kubernetes.io/serviceaccount");
    let possible = env.get("KUBERNETES_SERVICE_HOST").is_some()
        && env.get("KUBERNETES_SERVICE_PORT").is_some()
        && std::fs::metadata(account.join("token")).is_ok_and(|m| !m.is_dir());
    if !possible {
        return None;
    }
    if let Some(ns) = env.get("POD_NAMESPACE") {
        return Some(ns);
    }
    let ns = std::fs::read_to_string(account.join("namespace")).ok()?;
    let ns = ns.trim();
    Some(if ns.is_empty() { "default" } else { ns }.to_owned())
}

/// The kubeconfig files to read, in order; `None` when `--kubeconfig` names no file.
fn files(kubeconfig: Option<&str>, env: &Env) -> Option<Vec<PathBuf>> {
    if let Some(explicit) = kubeconfig.filter(|k| !k.is_empty()) {
        let path = PathBuf::from(explicit);
        return path.exists().then(|| vec![path]);
    }
    let listed: Vec<PathBuf> = match env.get("KUBECONFIG") {
        Some(list) => {
            let mut seen = Vec::new();
            for path in std::env::split_paths(&list).filter(|p| !p.as_os_str().is_empty()) {
                if !seen.contains(&path) {
                    seen.push(path);
                }
            }
            seen
        }
        None => env
            .get("HOME")
            .map(|home| vec![Path::new(&home).join(".kube").join("config")])
            .unwrap_or_default(),
    };
    Some(listed.into_iter().filter(|p| p.exists()).collect())
}

#[derive(Default, Clone)]
struct Context {
    cluster: String,
    user: String,
    namespace: String,
}

/// What `ConfirmUsable` looks at in a user entry.
#[derive(Default, Clone)]
struct User {
    token: bool,
    basic: bool,
    cert: Option<PathBuf>,
    cert_data: bool,
    key: Option<PathBuf>,
    key_data: bool,
    exec: Option<Exec>,
    auth_provider: bool,
    impersonate: bool,
    impersonate_extras: bool,
}

#[derive(Default, Clone)]
struct Exec {
    command: bool,
    api_version: bool,
    unnamed_env: bool,
    /// `interactiveMode` after client-go's defaulting (`IfAvailable` for the v1alpha1 and
    /// v1beta1 plugin APIs).
    interactive_mode: String,
}

/// What `ConfirmUsable` looks at in a cluster entry.
#[derive(Default, Clone)]
struct Cluster {
    ca: Option<PathBuf>,
    ca_data: bool,
    proxy_url: String,
}

#[derive(Default)]
struct Config {
    current_context: String,
    /// By name; `None` for a context without a body, an error when it is the one chosen.
    contexts: HashMap<String, Option<Context>>,
    /// By name; a user or cluster without a body reads as an empty one.
    users: HashMap<String, Option<User>>,
    clusters: HashMap<String, Option<Cluster>>,
}

/// All files, the first to set a value winning; `None` if one does not decode.
fn merge(files: &[PathBuf]) -> Option<Config> {
    let mut merged = Config::default();
    for file in files {
        let one = load(file)?;
        if merged.current_context.is_empty() {
            merged.current_context = one.current_context;
        }
        for (name, c) in one.contexts {
            merged.contexts.entry(name).or_insert(c);
        }
        for (name, u) in one.users {
            merged.users.entry(name).or_insert(u);
        }
        for (name, c) in one.clusters {
            merged.clusters.entry(name).or_insert(c);
        }
    }
    Some(merged)
}

impl Config {
    /// The namespace of context `name` (empty when it sets none, or when `name` is empty and
    /// no context is unnamed); `None` when client-go would report an error.
    fn usable_namespace(&self, name: &str) -> Option<String> {
        if !name.is_empty() && !self.contexts.contains_key(name) {
            return None;
        }
        let context = match self.contexts.get(name) {
            Some(None) => return None,
            Some(Some(c)) => c.clone(),
            None => Context::default(),
        };
        let user = self
            .users
            .get(&context.user)
            .cloned()
            .flatten()
            .unwrap_or_default();
        let cluster = self
            .clusters
            .get(&context.cluster)
            .cloned()
            .flatten()
            .unwrap_or_default();
        (user.usable() && cluster.usable()).then_some(context.namespace)
    }
}

impl User {
    /// client-go's `validateAuthInfo`: no error.
    fn usable(&self) -> bool {
        let readable =
            |p: &Option<PathBuf>| p.as_ref().is_none_or(|p| std::fs::File::open(p).is_ok());
        let uses_cert = self.cert.is_some() || self.cert_data;
        let cert_ok = !uses_cert
            || !((self.cert.is_some() && self.cert_data)
                || (self.key.is_some() && self.key_data)
                || (self.key.is_none() && !self.key_data)
                || !readable(&self.cert)
                || !readable(&self.key));
        let exec_ok = self.exec.as_ref().is_none_or(|exec| {
            let mode = matches!(
                exec.interactive_mode.as_str(),
                "Never" | "IfAvailable" | "Always"
            );
            !self.auth_provider && exec.command && exec.api_version && !exec.unnamed_env && mode
        });
        let one_method = !(self.token && self.basic);
        let impersonation_ok = !self.impersonate_extras || self.impersonate;
        cert_ok && exec_ok && one_method && impersonation_ok
    }
}

impl Cluster {
    /// client-go's `validateClusterInfo` (the server always has a default, so it is never
    /// missing): no error.
    fn usable(&self) -> bool {
        if self.ca.is_some() && self.ca_data {
            return false;
        }
        if let Some(ca) = &self.ca {
            if std::fs::File::open(ca).is_err() {
                return false;
            }
        }
        self.proxy_url.is_empty()
            || matches!(
                url_scheme(&self.proxy_url).as_deref(),
                Some("http" | "https" | "socks5")
            )
    }
}

/// The scheme Go's `url.Parse` reads from `url`, lowercased; `None` without one.
fn url_scheme(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once(':')?;
    let mut bytes = scheme.bytes();
    let first = bytes.next()?;
    (first.is_ascii_alphabetic()
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')))
    .then(|| scheme.to_ascii_lowercase())
}

/// The fields client-go decodes, and their types (`clientcmd/api/v1`).
enum Spec {
    Str,
    Bool,
    /// `[]byte`: a base64 string.
    Bytes,
    Any,
    List(&'static Spec),
    /// A map of string keys.
    Map(&'static Spec),
    Obj(&'static [(&'static str, Spec)]),
}

const EXTENSIONS: Spec = Spec::List(&Spec::Obj(&[("name", Spec::Str), ("extension", Spec::Any)]));

const CLUSTER: Spec = Spec::Obj(&[
    ("server", Spec::Str),
    ("tls-server-name", Spec::Str),
    ("insecure-skip-tls-verify", Spec::Bool),
    ("certificate-authority", Spec::Str),
    ("certificate-authority-data", Spec::Bytes),
    ("proxy-url", Spec::Str),
    ("disable-compression", Spec::Bool),
    ("extensions", EXTENSIONS),
]);

const USER: Spec = Spec::Obj(&[
    ("client-certificate", Spec::Str),
    ("client-certificate-data", Spec::Bytes),
    ("client-key", Spec::Str),
    ("client-key-data", Spec::Bytes),
    ("token", Spec::Str),
    ("tokenFile", Spec::Str),
    ("as", Spec::Str),
    ("as-uid", Spec::Str),
    ("as-groups", Spec::List(&Spec::Str)),
    ("as-user-extra", Spec::Map(&Spec::List(&Spec::Str))),
    ("username", Spec::Str),
    ("password", Spec::Str),
    (
        "auth-provider",
        Spec::Obj(&[("name", Spec::Str), ("config", Spec::Map(&Spec::Str))]),
    ),
    (
        "exec",
        Spec::Obj(&[
            ("command", Spec::Str),
            ("args", Spec::List(&Spec::Str)),
            (
                "env",
                Spec::List(&Spec::Obj(&[("name", Spec::Str), ("value", Spec::Str)])),
            ),
            ("apiVersion", Spec::Str),
            ("installHint", Spec::Str),
            ("provideClusterInfo", Spec::Bool),
            ("interactiveMode", Spec::Str),
        ]),
    ),
    ("extensions", EXTENSIONS),
]);

const CONTEXT: Spec = Spec::Obj(&[
    ("cluster", Spec::Str),
    ("user", Spec::Str),
    ("namespace", Spec::Str),
    ("extensions", EXTENSIONS),
]);

const CONFIG: Spec = Spec::Obj(&[
    ("apiVersion", Spec::Str),
    ("kind", Spec::Str),
    (
        "preferences",
        Spec::Obj(&[("colors", Spec::Bool), ("extensions", EXTENSIONS)]),
    ),
    (
        "clusters",
        Spec::List(&Spec::Obj(&[("name", Spec::Str), ("cluster", CLUSTER)])),
    ),
    (
        "users",
        Spec::List(&Spec::Obj(&[("name", Spec::Str), ("user", USER)])),
    ),
    (
        "contexts",
        Spec::List(&Spec::Obj(&[("name", Spec::Str), ("context", CONTEXT)])),
    ),
    ("current-context", Spec::Str),
    ("extensions", EXTENSIONS),
]);

/// Whether `value` decodes as `spec` (JSON's `null` decodes as anything).
fn decodes(value: &Value, spec: &Spec) -> bool {
    match (value, spec) {
        (Value::Null, _) | (_, Spec::Any) => true,
        (Value::String(_), Spec::Str) | (Value::Bool(_), Spec::Bool) => true,
        (Value::String(s), Spec::Bytes) => {
            let clean: String = s.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
            base64::engine::general_purpose::STANDARD
                .decode(clean)
                .is_ok()
        }
        (Value::List(items), Spec::List(item)) => items.iter().all(|v| decodes(v, item)),
        (Value::Map(m), Spec::Map(item)) => m.values().all(|v| decodes(v, item)),
        (Value::Map(m), Spec::Obj(fields)) => fields
            .iter()
            .all(|(name, spec)| m.get(*name).is_none_or(|v| decodes(v, spec))),
        _ => false,
    }
}

/// One kubeconfig file, as client-go decodes it; `None` on any error.
fn load(file: &Path) -> Option<Config> {
    let bytes = std::fs::read(file).ok()?;
    if bytes.is_empty() {
        return Some(Config::default());
    }
    let text = String::from_utf8(bytes).ok()?;
    let value =
        crate::values::parse_yaml_document(&text, &file.display().to_string(), false).ok()?;
    let top = match &value {
        Value::Null => return Some(Config::default()),
        Value::Map(m) => m,
        _ => return None,
    };
    if !decodes(&value, &CONFIG) {
        return None;
    }
    if !matches!(string(top, "apiVersion").as_str(), "" | "v1")
        || !matches!(string(top, "kind").as_str(), "" | "Config")
    {
        return None;
    }
    let dir = file.parent().unwrap_or(Path::new(""));
    let path = |m: &Map, key: &str| {
        let p = string(m, key);
        (!p.is_empty()).then(|| dir.join(p))
    };
    let filled = |m: &Map, key: &str| !string(m, key).is_empty();
    Some(Config {
        current_context: string(top, "current-context"),
        contexts: named(top, "contexts", "context", |c| Context {
            cluster: string(c, "cluster"),
            user: string(c, "user"),
            namespace: string(c, "namespace"),
        })?,
        users: named(top, "users", "user", |u| User {
            token: filled(u, "token"),
            basic: filled(u, "username") || filled(u, "password"),
            cert: path(u, "client-certificate"),
            cert_data: filled(u, "client-certificate-data"),
            key: path(u, "client-key"),
            key_data: filled(u, "client-key-data"),
            exec: u.get("exec").and_then(Value::as_map).map(|e| {
                let api_version = string(e, "apiVersion");
                let mut interactive_mode = string(e, "interactiveMode");
                if interactive_mode.is_empty()
                    && matches!(
                        api_version.as_str(),
                        "client.authentication.k8s.io/v1alpha1"
                            | "client.authentication.k8s.io/v1beta1"
                    )
                {
                    interactive_mode = "IfAvailable".to_owned();
                }
                Exec {
                    command: filled(e, "command"),
                    api_version: !api_version.is_empty(),
                    unnamed_env: list(e, "env")
                        .iter()
                        .any(|v| v.as_map().is_none_or(|m| string(m, "name").is_empty())),
                    interactive_mode,
                }
            }),
            auth_provider: u.get("auth-provider").and_then(Value::as_map).is_some(),
            impersonate: filled(u, "as"),
            impersonate_extras: !list(u, "as-groups").is_empty()
                || u.get("as-user-extra")
                    .and_then(Value::as_map)
                    .is_some_and(|m| !m.is_empty()),
        })?,
        clusters: named(top, "clusters", "cluster", |c| Cluster {
            ca: path(c, "certificate-authority"),
            ca_data: filled(c, "certificate-authority-data"),
            proxy_url: string(c, "proxy-url"),
        })?,
    })
}

fn string(m: &Map, key: &str) -> String {
    match m.get(key) {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

fn list<'m>(m: &'m Map, key: &str) -> &'m [Value] {
    match m.get(key) {
        Some(Value::List(items)) => items,
        _ => &[],
    }
}

/// A list of `{name, <field>: {...}}` as a map by name (`None` for an entry without a body);
/// `None` for a repeated name (client-go's conversion error). Null items are skipped.
fn named<T>(
    top: &Map,
    key: &str,
    field: &str,
    read: impl Fn(&Map) -> T,
) -> Option<HashMap<String, Option<T>>> {
    let mut out = HashMap::new();
    for item in list(top, key) {
        let Some(entry) = item.as_map() else {
            continue;
        };
        let body = entry.get(field).and_then(Value::as_map).map(&read);
        if out.insert(string(entry, "name"), body).is_some() {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    //! Each expected namespace here is what Helm 3.17.2 printed for the same files and
    //! environment (the in-cluster ones with the service account files under `/`); the
    //! parity cases `kubeconfig-*` run Helm itself on the main rules.

    use super::{namespace, Env};

    /// A kubeconfig folder and the in-cluster root, both under a fresh temporary folder.
    struct Setup {
        dir: std::path::PathBuf,
    }

    impl Setup {
        fn new(name: &str) -> Setup {
            let dir = std::env::temp_dir()
                .join(format!("orochart-kubeconfig-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
            Setup { dir }
        }

        fn file(&self, name: &str, text: &str) -> &Self {
            let path = self.dir.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
            }
            std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
            self
        }

        /// The namespace with these environment variables (`KUBECONFIG` entries are relative
        /// to the folder) and flags.
        fn ns(
            &self,
            vars: &[(&str, &str)],
            kubeconfig: Option<&str>,
            context: Option<&str>,
        ) -> String {
            let dir = self.dir.clone();
            let var = move |name: &str| {
                vars.iter().find(|(k, _)| *k == name).map(|(_, v)| {
                    if name == "KUBECONFIG" && !v.is_empty() {
                        v.split(':')
                            .map(|p| dir.join(p).display().to_string())
                            .collect::<Vec<_>>()
                            .join(":")
                    } else {
                        (*v).to_owned()
                    }
                })
            };
            let flag = kubeconfig.map(|k| self.dir.join(k).display().to_string());
            namespace(
                flag.as_deref(),
                context,
                &Env {
                    var: &var,
                    root: &self.dir.join("root"),
                },
            )
        }
    }

    impl Drop for Setup {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    const A: &str = "apiVersion: v1\nkind: Config\ncurrent-context: ctx-a\ncontexts:\n- name: ctx-a\n  context:\n    namespace: ns-a\n- name: shared\n  context:\n    namespace: shared-from-a\n";
    const B: &str = "apiVersion: v1\nkind: Config\ncurrent-context: shared\ncontexts:\n- name: ctx-b\n  context:\n    namespace: ns-b\n- name: shared\n  context:\n    namespace: shared-from-b\n";

    #[test]
    fn files_merge_first_wins_and_flags_choose() {
        let s = Setup::new("merge");
        s.file("a.yaml", A).file("b.yaml", B);
        assert_eq!(s.ns(&[("KUBECONFIG", "a.yaml:b.yaml")], None, None), "ns-a");
        assert_eq!(
            s.ns(&[("KUBECONFIG", "b.yaml:a.yaml")], None, None),
            "shared-from-b"
        );
        assert_eq!(
            s.ns(&[("KUBECONFIG", "none.yaml:b.yaml")], None, None),
            "shared-from-b"
        );
        let both = [("KUBECONFIG", "a.yaml:b.yaml")];
        assert_eq!(s.ns(&both, None, Some("shared")), "shared-from-a");
        assert_eq!(s.ns(&both, None, Some("nope")), "default");
        assert_eq!(s.ns(&both, None, Some("ctx-b")), "ns-b");
        // --kubeconfig is one file and wins over KUBECONFIG; a missing one means `default`.
        assert_eq!(
            s.ns(&[("KUBECONFIG", "a.yaml")], Some("b.yaml"), None),
            "shared-from-b"
        );
        assert_eq!(
            s.ns(&[("KUBECONFIG", "a.yaml")], Some("none.yaml"), None),
            "default"
        );
        // Without KUBECONFIG: $HOME/.kube/config.
        s.file("home/.kube/config", A);
        let home = s.dir.join("home").display().to_string();
        assert_eq!(s.ns(&[("HOME", &home)], None, None), "ns-a");
        assert_eq!(
            s.ns(&[("HOME", &home), ("KUBECONFIG", "")], None, None),
            "ns-a"
        );
    }

    #[test]
    fn a_file_that_does_not_decode_means_default() {
        let s = Setup::new("decode");
        let ctx = "apiVersion: v1\nkind: Config\ncurrent-context: c\ncontexts:\n- name: c\n  context:\n    namespace: ";
        for (text, want) in [
            ("team\n", "team"),
            ("y\n", "default"),   // YAML 1.1: a boolean
            ("123\n", "default"), // a number
            ("null\n", "default"),
            ("team\nfoo: 1\nfoo: 2\n", "team"), // unknown keys, repeated: ignored
            ("team\nclusters:\n- name: z\n  cluster:\n    insecure-skip-tls-verify: \"yes\"\n", "default"),
            ("team\nclusters:\n- name: z\n  cluster:\n    certificate-authority-data: aGVsbG8=\n", "team"),
            ("team\nclusters:\n- name: z\n  cluster:\n    certificate-authority-data: aGVsbG8\n", "default"),
            ("team\ncontexts2: {}\nkind: Pod\n", "default"),
            ("team\n- name: c\n  context: {}\n", "default"), // a repeated name
            ("team\n- null\n- name: z\n", "team"),          // null items skipped; z unused
        ] {
            s.file("k.yaml", &format!("{ctx}{text}"));
            assert_eq!(s.ns(&[("KUBECONFIG", "k.yaml")], None, None), want, "{text:?}");
        }
        s.file("k.yaml", "[a]\n");
        assert_eq!(s.ns(&[("KUBECONFIG", "k.yaml")], None, None), "default");
        s.file("k.yaml", "").file("a.yaml", A);
        assert_eq!(s.ns(&[("KUBECONFIG", "k.yaml:a.yaml")], None, None), "ns-a");
        s.file("k.yaml", "a: [\n");
        assert_eq!(
            s.ns(&[("KUBECONFIG", "k.yaml:a.yaml")], None, None),
            "default"
        );
    }

    #[test]
    fn the_chosen_user_and_cluster_must_be_usable() {
        let s = Setup::new("usable");
        s.file("cert.pem", "c").file("key.pem", "k");
        let ctx = "apiVersion: v1\nkind: Config\ncurrent-context: e\ncontexts:\n- name: e\n  context:\n    namespace: x\n    user: u\n    cluster: c\n";
        for (text, want) in [
            ("", "x"),
            ("users:\n- name: u\n  user:\n    token: t\n    username: a\n", "default"),
            ("users:\n- name: u\n  user:\n    password: p\n", "x"),
            ("users:\n- name: u\n  user:\n    client-certificate: cert.pem\n", "default"),
            ("users:\n- name: u\n  user:\n    client-certificate: cert.pem\n    client-key: key.pem\n", "x"),
            ("users:\n- name: u\n  user:\n    client-certificate: /nope/cert.pem\n    client-key: key.pem\n", "default"),
            ("users:\n- name: u\n  user:\n    exec:\n      command: a\n      apiVersion: client.authentication.k8s.io/v1\n", "default"),
            ("users:\n- name: u\n  user:\n    exec:\n      command: a\n      apiVersion: client.authentication.k8s.io/v1beta1\n", "x"),
            ("users:\n- name: u\n  user:\n    exec:\n      command: a\n      apiVersion: client.authentication.k8s.io/v1\n      interactiveMode: Never\n", "x"),
            ("users:\n- name: u\n  user:\n    as-groups: [g]\n", "default"),
            ("users:\n- name: u\n  user: null\n", "x"),
            ("users:\n- name: z\n  user:\n    token: t\n    username: a\n", "x"), // not the chosen user
            ("clusters:\n- name: c\n  cluster:\n    certificate-authority: /nope/ca\n", "default"),
            ("clusters:\n- name: c\n  cluster:\n    certificate-authority: cert.pem\n", "x"),
            ("clusters:\n- name: c\n  cluster:\n    proxy-url: SOCKS5://p:1080\n", "x"),
            ("clusters:\n- name: c\n  cluster:\n    proxy-url: ftp://p\n", "default"),
        ] {
            s.file("k.yaml", &format!("{ctx}{text}"));
            assert_eq!(s.ns(&[("KUBECONFIG", "k.yaml")], None, None), want, "{text:?}");
        }
    }

    #[test]
    fn in_a_pod_without_a_kubeconfig_namespace_the_pod_namespace() {
        let s = Setup::new("pod");
        let pod = [
            ("KUBECONFIG", "none.yaml"),
            ("KUBERNETES_SERVICE_HOST", "10.0.0.1"),
            ("KUBERNETES_SERVICE_PORT", "443"),
        ];
        // No service account token: not in a pod, as far as client-go can tell.
        assert_eq!(s.ns(&pod, None, None), "default");
        let account = "root/var/run/secrets/kubernetes.io/serviceaccount";
        s.file(&format!("{account}/token"), "t")
            .file(&format!("{account}/namespace"), " pod-ns \n");
        assert_eq!(s.ns(&pod, None, None), "pod-ns");
        assert_eq!(s.ns(&pod[..2], None, None), "default");
        let with_env = [pod[0], pod[1], pod[2], ("POD_NAMESPACE", "from-env")];
        assert_eq!(s.ns(&with_env, None, None), "from-env");
        // A kubeconfig namespace wins, even an explicit `default`; a broken kubeconfig is
        // `default`, not the pod's.
        s.file("a.yaml", A);
        let with_a = [("KUBECONFIG", "a.yaml"), pod[1], pod[2]];
        assert_eq!(s.ns(&with_a, None, None), "ns-a");
        s.file(
            "d.yaml",
            &A.replace("namespace: ns-a", "namespace: default"),
        );
        let with_d = [("KUBECONFIG", "d.yaml"), pod[1], pod[2]];
        assert_eq!(s.ns(&with_d, None, None), "default");
        s.file("bad.yaml", "a: [\n");
        let with_bad = [("KUBECONFIG", "bad.yaml"), pod[1], pod[2]];
        assert_eq!(s.ns(&with_bad, None, None), "default");
        s.file(&format!("{account}/namespace"), "  \n");
        assert_eq!(s.ns(&pod, None, None), "default");
    }
}
