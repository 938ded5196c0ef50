//! The registry config file, as the registry client Helm's root command makes before any
//! command runs reads it ([`RegistryConfigRule`]): `helm template` of a local chart never
//! talks to a registry, yet a config file the client refuses fails it, before its own flags
//! are read.
//!
//! Which file: the last `--registry-config` among the root flags Helm reads first (up to the
//! first one it refuses), else `$HELM_REGISTRY_CONFIG`, else (also when either is empty)
//! `registry/config.json` under `$HELM_CONFIG_HOME`, `$XDG_CONFIG_HOME/helm` or
//! `$HOME/.config/helm`. A file that does not exist is no config.

use crate::go::json_syntax::{self, Decoded};
use crate::profile::{HelmVersion, RegistryConfigRule};
use crate::value::Value;

/// Why the registry client could not be made.
pub(super) enum Refusal {
    /// In Helm's words: the error as `%+v` prints it (for Helm 3.17 with its
    /// `github.com/pkg/errors` stacks), without `WARNING:` or the log.
    Helm(String),
    /// A file past orochart's size limit, which orochart does not read.
    Orochart(String),
}

impl From<String> for Refusal {
    fn from(helm: String) -> Self {
        Refusal::Helm(helm)
    }
}

/// Why the registry client could not be made, if it could not.
pub(super) fn failure(
    helm: HelmVersion,
    flag: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<Refusal> {
    let path = config_path(flag, env);
    match helm.profile().registry_config {
        RegistryConfigRule::OrasV2 {
            decode_at,
            empty_refused,
        } => oras_v2(
            &path,
            decode_at,
            empty_refused,
            helm.profile().go.funcs.json_v2,
        )
        .err(),
        RegistryConfigRule::OrasV1 => oras_v1(&path, env).err(),
    }
}

/// The file the client reads (see the module's list), given the last `--registry-config`
/// of the root flags.
fn config_path(flag: Option<&str>, env: &dyn Fn(&str) -> Option<String>) -> String {
    match flag
        .map(str::to_owned)
        .or_else(|| env("HELM_REGISTRY_CONFIG"))
    {
        Some(p) if !p.is_empty() => p,
        _ => {
            let set = |name: &str| env(name).filter(|v| !v.is_empty());
            match set("HELM_CONFIG_HOME") {
                Some(home) => join(&[&home, "registry/config.json"]),
                None => {
                    let base = set("XDG_CONFIG_HOME")
                        .unwrap_or_else(|| join(&[&env("HOME").unwrap_or_default(), ".config"]));
                    join(&[&base, "helm", "registry/config.json"])
                }
            }
        }
    }
}

/// Go's `filepath.Join`: the non-empty parts joined by `/`, cleaned.
fn join(parts: &[&str]) -> String {
    let kept: Vec<&str> = parts.iter().copied().filter(|p| !p.is_empty()).collect();
    if kept.is_empty() {
        return String::new();
    }
    crate::go::path::clean(&kept.join("/"))
}

/// Why a file could not be read, in Go's words for the step that failed.
enum ReadError {
    /// `open PATH: …` (a path through a file is Go's `not a directory`).
    Open(String),
    /// `read PATH: …` (`os.Open` of a folder succeeds; reading it is `is a directory`).
    Read(String),
    /// More than [`crate::input::MAX_FILE_SIZE`] bytes (`/dev/zero`): orochart's own refusal.
    TooBig(String),
}

/// The file's bytes, at most [`crate::input::MAX_FILE_SIZE`]; `Ok(None)` when it does not
/// exist (`ENOENT` only).
fn read(path: &str) -> Result<Option<Vec<u8>>, ReadError> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.raw_os_error() == Some(2) => return Ok(None),
        Err(e) => {
            let words = crate::go::io_words(&e);
            return Err(ReadError::Open(format!("open {path}: {words}")));
        }
    };
    match crate::input::read_capped(file, std::path::Path::new(path), 0) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(crate::Error::Io { source, .. }) => Err(ReadError::Read(format!(
            "read {path}: {}",
            crate::go::io_words(&source)
        ))),
        Err(e) => Err(ReadError::TooBig(e.to_string())),
    }
}

/// oras-go v2's `config.Load` (Helm 3.18+).
fn oras_v2(path: &str, decode_at: bool, empty_refused: bool, v2: bool) -> Result<(), Refusal> {
    let bytes = match read(path) {
        Ok(Some(b)) => b,
        Ok(None) => return Ok(()),
        Err(ReadError::Open(e)) => {
            return Err(format!("failed to open config file at {path}: {e}").into())
        }
        Err(ReadError::Read(e)) => return Err(decode_failure(path, decode_at, &e).into()),
        Err(ReadError::TooBig(e)) => return Err(Refusal::Orochart(e)),
    };
    let text = match first_value(&bytes, v2) {
        Ok(Some(t)) => t,
        Ok(None) if !empty_refused => return Ok(()),
        Ok(None) => return Err(decode_failure(path, decode_at, "EOF").into()),
        Err(e) => return Err(decode_failure(path, decode_at, &e).into()),
    };
    let raw = Ty::Map(&Ty::Raw);
    let mut members = Vec::new();
    decode(&text, raw, v2, &mut members).map_err(|e| decode_failure(path, decode_at, &e))?;
    // A Go map: the last member of a name wins.
    let last = |name: &str| {
        members
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    };
    let fields: [(&str, Ty, &str); 3] = [
        ("credsStore", Ty::Str, "creds store"),
        ("credHelpers", Ty::Map(&Ty::Str), "cred helpers"),
        ("auths", Ty::Map(&Ty::Raw), "auths"),
    ];
    for (name, ty, words) in fields {
        if let Some(raw) = last(name) {
            decode(raw, ty, v2, &mut Vec::new()).map_err(|e| {
                format!("failed to unmarshal {words} field: invalid config format: {e}")
            })?;
        }
    }
    Ok(())
}

fn decode_failure(path: &str, at: bool, why: &str) -> String {
    let at = if at { "at " } else { "" };
    format!("failed to decode config file {at}{path}: invalid config format: {why}")
}

/// The first JSON value of `bytes` as `json.Decoder` reads it (what follows is left
/// unread), as text: `Ok(None)` for only white space (`io.EOF`), `Err` its syntax error
/// (`unexpected EOF` for a value cut short). Bytes that are not UTF-8 can only be inside a
/// string there, where Go reads each as U+FFFD.
fn first_value(bytes: &[u8], v2: bool) -> Result<Option<String>, String> {
    let end = match json_syntax::decode(bytes, v2) {
        Decoded::Value => bytes.len(),
        Decoded::Trailing(at) => at,
        Decoded::Error(e) if e == "EOF" => return Ok(None),
        Decoded::Error(e) => return Err(e),
    };
    Ok(Some(String::from_utf8_lossy(&bytes[..end]).into_owned()))
}

// --- oras-go v1 (Helm 3.17) ---------------------------------------------------------------

/// The frames every stack ends with: the root command making the client.
const ROOT_FRAMES: &str = "helm.sh/helm/v3/pkg/registry.NewClient
\thelm.sh/helm/v3/pkg/registry/client.go:95
main.newDefaultRegistryClient
\thelm.sh/helm/v3/cmd/helm/root.go:290
main.newRootCmd
\thelm.sh/helm/v3/cmd/helm/root.go:158
main.main
\thelm.sh/helm/v3/cmd/helm/helm.go:68
runtime.main
\truntime/proc.go:272
runtime.goexit
\truntime/asm_amd64.s:1700";

/// Where oras-go wraps an error of Helm's registry config with its path.
const HELM_FILE_WRAP: &str = "oras.land/oras-go/pkg/auth/docker.NewClientWithDockerFallback
\toras.land/oras-go@v1.2.5/pkg/auth/docker/client.go:80";

/// Where an `auth` of Helm's registry config is refused, up to the client.
const HELM_FILE_AUTH: &str = "github.com/docker/cli/cli/config/configfile.decodeAuth
\tgithub.com/docker/cli@v25.0.1+incompatible/cli/config/configfile/file.go:248
github.com/docker/cli/cli/config/configfile.(*ConfigFile).LoadFromReader
\tgithub.com/docker/cli@v25.0.1+incompatible/cli/config/configfile/file.go:75
oras.land/oras-go/pkg/auth/docker.loadConfigFile
\toras.land/oras-go@v1.2.5/pkg/auth/docker/client.go:113
oras.land/oras-go/pkg/auth/docker.NewClientWithDockerFallback
\toras.land/oras-go@v1.2.5/pkg/auth/docker/client.go:78";

/// Where Docker's `config.Load` wraps an error of Docker's config with its path.
const DOCKER_FILE_WRAP: &str = "github.com/docker/cli/cli/config.load
\tgithub.com/docker/cli@v25.0.1+incompatible/cli/config/config.go:115
github.com/docker/cli/cli/config.Load
\tgithub.com/docker/cli@v25.0.1+incompatible/cli/config/config.go:93
oras.land/oras-go/pkg/auth/docker.NewClientWithDockerFallback
\toras.land/oras-go@v1.2.5/pkg/auth/docker/client.go:86";

/// Where an `auth` of Docker's config is refused, up to the client.
const DOCKER_FILE_AUTH: &str = "github.com/docker/cli/cli/config/configfile.decodeAuth
\tgithub.com/docker/cli@v25.0.1+incompatible/cli/config/configfile/file.go:248
github.com/docker/cli/cli/config/configfile.(*ConfigFile).LoadFromReader
\tgithub.com/docker/cli@v25.0.1+incompatible/cli/config/configfile/file.go:75
github.com/docker/cli/cli/config.load
\tgithub.com/docker/cli@v25.0.1+incompatible/cli/config/config.go:113
github.com/docker/cli/cli/config.Load
\tgithub.com/docker/cli@v25.0.1+incompatible/cli/config/config.go:93
oras.land/oras-go/pkg/auth/docker.NewClientWithDockerFallback
\toras.land/oras-go@v1.2.5/pkg/auth/docker/client.go:86";

/// Why Docker's `LoadFromReader` refused a file.
enum LoadError {
    /// A plain Go error (JSON, reading, base64).
    Plain(String),
    /// `decodeAuth`'s `errors.Errorf`, which carries its own stack.
    Auth(&'static str),
}

/// oras-go v1's `NewClientWithDockerFallback(path)`: Helm's file, then Docker's. Errors as
/// `%+v` prints them: the cause (with its stack if it has one), the path, the wrap's stack.
fn oras_v1(path: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<(), Refusal> {
    let wrapped = |e: LoadError, auth_frames: &str, wrap_frames: &str, name: &str| match e {
        LoadError::Plain(m) => format!("{m}\n{name}\n{wrap_frames}\n{ROOT_FRAMES}"),
        LoadError::Auth(m) => {
            format!("{m}\n{auth_frames}\n{ROOT_FRAMES}\n{name}\n{wrap_frames}\n{ROOT_FRAMES}")
        }
    };
    // `loadConfigFile`: `os.Stat`, then `os.Open` and `LoadFromReader`.
    let helm_file = match std::fs::metadata(path) {
        Err(e) if e.raw_os_error() == Some(2) => Ok(()),
        Err(e) => Err(LoadError::Plain(format!(
            "stat {path}: {}",
            crate::go::io_words(&e)
        ))),
        Ok(_) => match read(path) {
            Ok(bytes) => load_docker_config(&bytes.unwrap_or_default()),
            Err(ReadError::Open(e) | ReadError::Read(e)) => Err(LoadError::Plain(e)),
            Err(ReadError::TooBig(e)) => return Err(Refusal::Orochart(e)),
        },
    };
    helm_file.map_err(|e| wrapped(e, HELM_FILE_AUTH, HELM_FILE_WRAP, path))?;
    // Docker's `config.Load(config.Dir())`: a file it cannot open is no config.
    let dir = match env("DOCKER_CONFIG").filter(|d| !d.is_empty()) {
        Some(d) => d,
        None => match env("HOME").filter(|h| !h.is_empty()) {
            Some(home) => join(&[&home, ".docker"]),
            // Go asks the user database for the home folder; orochart does not.
            None => return Ok(()),
        },
    };
    let name = join(&[&dir, "config.json"]);
    let loaded = match read(&name) {
        Ok(Some(bytes)) => load_docker_config(&bytes),
        Ok(None) | Err(ReadError::Open(_)) => Ok(()),
        Err(ReadError::Read(e)) => Err(LoadError::Plain(e)),
        Err(ReadError::TooBig(e)) => return Err(Refusal::Orochart(e)),
    };
    loaded.map_err(|e| wrapped(e, DOCKER_FILE_AUTH, DOCKER_FILE_WRAP, &name).into())
}

/// Docker's `ConfigFile.LoadFromReader` of a file's `bytes`.
fn load_docker_config(bytes: &[u8]) -> Result<(), LoadError> {
    let text = match first_value(bytes, false) {
        // `io.EOF` is no error here.
        Ok(None) => return Ok(()),
        Ok(Some(t)) => t,
        Err(e) => return Err(LoadError::Plain(e)),
    };
    let mut auths = Vec::new();
    decode(&text, Ty::Struct(&CONFIG_FILE), false, &mut auths).map_err(LoadError::Plain)?;
    // `decodeAuth` of each `auth` (a Go map's order: orochart takes the file's).
    for (_, auth) in auths {
        if auth.is_empty() {
            continue;
        }
        let decoded = crate::go::base64::b64_decode(&auth).map_err(LoadError::Plain)?;
        match decoded.iter().position(|&b| b == b':') {
            Some(at) if at > 0 => {}
            _ => return Err(LoadError::Auth("Invalid auth configuration file")),
        }
    }
    Ok(())
}

// --- Go's typed JSON decoding --------------------------------------------------------------

/// The Go types these files are decoded into.
#[derive(Clone, Copy)]
enum Ty {
    Str,
    /// `json.RawMessage`: anything.
    Raw,
    Map(&'static Ty),
    Slice(&'static Ty),
    Struct(&'static GoStruct),
}

/// A Go struct: its type's name and package, and its fields by JSON name.
struct GoStruct {
    name: &'static str,
    package: &'static str,
    fields: &'static [(&'static str, Ty)],
}

const AUTH_CONFIG: GoStruct = GoStruct {
    name: "AuthConfig",
    package: "types",
    fields: &[
        ("username", Ty::Str),
        ("password", Ty::Str),
        ("auth", Ty::Str),
        ("email", Ty::Str),
        ("serveraddress", Ty::Str),
        ("identitytoken", Ty::Str),
        ("registrytoken", Ty::Str),
    ],
};

const PROXY_CONFIG: GoStruct = GoStruct {
    name: "ProxyConfig",
    package: "configfile",
    fields: &[
        ("httpProxy", Ty::Str),
        ("httpsProxy", Ty::Str),
        ("noProxy", Ty::Str),
        ("ftpProxy", Ty::Str),
        ("allProxy", Ty::Str),
    ],
};

/// docker/cli v25.0.1's `configfile.ConfigFile`.
const CONFIG_FILE: GoStruct = GoStruct {
    name: "ConfigFile",
    package: "configfile",
    fields: &[
        ("auths", Ty::Map(&Ty::Struct(&AUTH_CONFIG))),
        ("HttpHeaders", Ty::Map(&Ty::Str)),
        ("psFormat", Ty::Str),
        ("imagesFormat", Ty::Str),
        ("networksFormat", Ty::Str),
        ("pluginsFormat", Ty::Str),
        ("volumesFormat", Ty::Str),
        ("statsFormat", Ty::Str),
        ("detachKeys", Ty::Str),
        ("credsStore", Ty::Str),
        ("credHelpers", Ty::Map(&Ty::Str)),
        ("serviceInspectFormat", Ty::Str),
        ("servicesFormat", Ty::Str),
        ("tasksFormat", Ty::Str),
        ("secretFormat", Ty::Str),
        ("configFormat", Ty::Str),
        ("nodesFormat", Ty::Str),
        ("pruneFilters", Ty::Slice(&Ty::Str)),
        ("proxies", Ty::Map(&Ty::Struct(&PROXY_CONFIG))),
        ("experimental", Ty::Str),
        ("currentContext", Ty::Str),
        ("cliPluginsExtraDirs", Ty::Slice(&Ty::Str)),
        ("plugins", Ty::Map(&Ty::Map(&Ty::Str))),
        ("aliases", Ty::Map(&Ty::Str)),
    ],
};

impl Ty {
    /// The type as Go's `reflect` names it.
    fn go_name(self, v2: bool) -> String {
        match self {
            Ty::Str => "string".to_owned(),
            Ty::Raw if v2 => "jsontext.Value".to_owned(),
            Ty::Raw => "json.RawMessage".to_owned(),
            Ty::Map(t) => format!("map[string]{}", t.go_name(v2)),
            Ty::Slice(t) => format!("[]{}", t.go_name(v2)),
            Ty::Struct(s) => format!("{}.{}", s.package, s.name),
        }
    }
}

/// `json.Unmarshal` of `text` (one valid JSON value) into `ty`: the first
/// `UnmarshalTypeError` (decoding goes on past it, as Go's does), in the words of the
/// `encoding/json` in use. `out` collects, for a `Map(Raw)` at the top, its members (name,
/// text) in order; for Docker's `ConfigFile`, each `auths` entry's final `auth` (a later
/// entry of a name replaces the earlier one, a `null` `auths` empties them).
fn decode(text: &str, ty: Ty, v2: bool, out: &mut Vec<(String, String)>) -> Result<(), String> {
    let mut d = Decoder {
        t: text,
        i: 0,
        v2,
        path: Vec::new(),
        within: None,
        error: None,
        out,
        top_members: matches!(ty, Ty::Map(Ty::Raw)),
    };
    d.value(ty, 0);
    d.error.map_or(Ok(()), Err)
}

struct Decoder<'t, 'o> {
    t: &'t str,
    i: usize,
    v2: bool,
    /// The JSON names from the top to the value being read: fields (v1), or every member
    /// name (v2's JSON pointer).
    path: Vec<String>,
    /// The innermost struct being read (v1 names it in its errors).
    within: Option<&'static str>,
    error: Option<String>,
    out: &'o mut Vec<(String, String)>,
    /// Whether to collect the top map's members.
    top_members: bool,
}

impl Decoder<'_, '_> {
    fn peek(&mut self) -> u8 {
        let b = self.t.as_bytes();
        while matches!(b.get(self.i), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.i += 1;
        }
        b.get(self.i).copied().unwrap_or(0)
    }

    /// Skips one (valid) value.
    fn skip(&mut self) {
        let b = self.t.as_bytes();
        let mut depth = 0usize;
        loop {
            match self.peek() {
                b'"' => self.string_token(),
                b'{' | b'[' => {
                    depth += 1;
                    self.i += 1;
                }
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    self.i += 1;
                }
                b',' | b':' => self.i += 1,
                0 => return,
                _ => {
                    while b.get(self.i).is_some_and(|c| {
                        !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n')
                    }) {
                        self.i += 1;
                    }
                }
            }
            if depth == 0 {
                return;
            }
        }
    }

    /// Moves past a string (at its opening quote).
    fn string_token(&mut self) {
        let b = self.t.as_bytes();
        self.i += 1;
        while let Some(&c) = b.get(self.i) {
            self.i += 1;
            match c {
                b'\\' => self.i += 1,
                b'"' => return,
                _ => {}
            }
        }
    }

    /// A string's value (at its opening quote), unescaped as Go does.
    fn string(&mut self) -> String {
        let start = self.i;
        self.string_token();
        let token = self.t.get(start..self.i).unwrap_or_default();
        match crate::go::json_decode::decode(token, self.v2).map(|d| d.value) {
            Ok(Value::String(s)) => s.to_string(),
            _ => String::new(),
        }
    }

    fn type_error(&mut self, kind: &str, ty: Ty) {
        if self.error.is_some() {
            return;
        }
        let target = match (self.within, self.path.is_empty(), self.v2) {
            (_, true, _) => "Go value".to_owned(),
            (_, false, true) => format!("Go struct field .{}", self.path.join(".")),
            (within, false, false) => format!(
                "Go struct field {}.{}",
                within.unwrap_or_default(),
                self.path.join(".")
            ),
        };
        self.error = Some(format!(
            "json: cannot unmarshal {kind} into {target} of type {}",
            ty.go_name(self.v2)
        ));
    }

    /// Reads one value into `ty` (`depth` counts the structs and maps above it).
    fn value(&mut self, ty: Ty, depth: usize) {
        let kind = match self.peek() {
            b'n' => {
                // `null` leaves every type as it is (a map or slice nil).
                self.skip();
                if depth == 1 && self.path.first().is_some_and(|p| p == "auths") {
                    self.out.clear();
                }
                return;
            }
            b'{' => "object",
            b'[' => "array",
            b'"' => "string",
            b't' | b'f' => "bool",
            _ => "number",
        };
        match (ty, kind) {
            (Ty::Raw, _) | (Ty::Str, "string") => self.skip(),
            (Ty::Map(elem), "object") => self.members(|d, name| {
                if d.v2 {
                    d.path.push(name.replace('~', "~0").replace('/', "~1"));
                }
                let start = d.i;
                if depth == 1 && d.path.first().is_some_and(|p| p == "auths") && !d.v2 {
                    // A new entry of that name (Go zeroes the element it decodes into).
                    d.out.retain(|(k, _)| k != name);
                    d.out.push((name.to_owned(), String::new()));
                }
                d.value(*elem, depth + 1);
                if depth == 0 && d.top_members {
                    let text = d.t.get(start..d.i).unwrap_or_default().trim_start();
                    d.out.push((name.to_owned(), text.to_owned()));
                }
                if d.v2 {
                    d.path.pop();
                }
            }),
            (Ty::Slice(elem), "array") => {
                self.i += 1;
                loop {
                    match self.peek() {
                        b']' => {
                            self.i += 1;
                            return;
                        }
                        b',' => self.i += 1,
                        0 => return,
                        _ => self.value(*elem, depth),
                    }
                }
            }
            (Ty::Struct(s), "object") => self.members(|d, name| {
                let field = s
                    .fields
                    .iter()
                    .find(|(f, _)| *f == name)
                    .or_else(|| s.fields.iter().find(|(f, _)| fold_equal(f, name)));
                let Some(&(field, fty)) = field else {
                    d.skip();
                    return;
                };
                let outer = d.within.replace(s.name);
                d.path.push(field.to_owned());
                if s.name == "AuthConfig" && field == "auth" && d.peek() == b'"' {
                    let value = d.string();
                    if let Some(last) = d.out.last_mut() {
                        last.1 = value;
                    }
                } else {
                    d.value(fty, depth + 1);
                }
                d.path.pop();
                d.within = outer;
            }),
            _ => {
                self.type_error(kind, ty);
                self.skip();
            }
        }
    }

    /// Reads an object's members (at its `{`), each value by `member(decoder, name)`.
    fn members(&mut self, mut member: impl FnMut(&mut Self, &str)) {
        self.i += 1;
        loop {
            match self.peek() {
                b'}' => {
                    self.i += 1;
                    return;
                }
                b',' => self.i += 1,
                b'"' => {
                    let name = self.string();
                    if self.peek() == b':' {
                        self.i += 1;
                    }
                    member(self, &name);
                }
                _ => return,
            }
        }
    }
}

/// Go's case-insensitive match of a JSON name with a field's (`foldName`: each character
/// folded to upper case through lower case, so `ſ` matches `s` and the Kelvin sign `k`).
fn fold_equal(a: &str, b: &str) -> bool {
    let fold = |s: &str| -> String {
        s.chars()
            .flat_map(char::to_lowercase)
            .flat_map(char::to_uppercase)
            .collect()
    };
    fold(a) == fold(b)
}

#[cfg(test)]
mod tests;
