//! Helm's objects as Go templates see them: `.Chart` (a struct embedding `chart.Metadata`),
//! `.Capabilities` (`*chartutil.Capabilities` with `KubeVersion`, `APIVersions.Has` and
//! `HelmVersion`) and `.Files` (`engine.files` with `Get`, `GetBytes`, `Glob`, `Lines`,
//! `AsConfig`, `AsSecrets`). Field names, `%T`, `%v` and JSON forms are Helm 3.17's, checked
//! with `helm template` printing them.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::func::FuncError;
use super::value::{Dict, List, ListType, MapType, Object, Value};

/// A Go struct: named fields in declaration order, its JSON form, and how `%v` prints it.
#[derive(Debug)]
pub struct Struct {
    type_name: &'static str,
    kind: &'static str,
    fields: Vec<(&'static str, Value)>,
    json: Value,
    /// What `%v` prints when the type has a `String` method.
    string: Option<String>,
    methods: Methods,
}

/// Which methods a struct has.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Methods {
    None,
    /// `KubeVersion.String()` and `.GitVersion()`: the version.
    KubeVersion,
}

impl Object for Struct {
    fn type_name(&self) -> &str {
        self.type_name
    }

    fn kind(&self) -> &'static str {
        self.kind
    }

    fn field(&self, name: &str) -> Option<Value> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    }

    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, FuncError>> {
        match (self.methods, name) {
            (Methods::KubeVersion, "String" | "GitVersion") => Some(if args.is_empty() {
                Ok(self.field("Version").unwrap_or_default())
            } else {
                Err(FuncError::new(format!(
                    "wrong number of args for {name}: want 0 got {}",
                    args.len()
                )))
            }),
            _ => None,
        }
    }

    fn to_json(&self) -> Option<Value> {
        Some(self.json.clone())
    }

    fn format(&self, out: &mut String) {
        if let Some(s) = &self.string {
            out.push_str(s);
            return;
        }
        if self.kind == "ptr" {
            out.push('&');
        }
        out.push('{');
        for (i, (_, v)) in self.fields.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            super::fmt::write_value(out, v);
        }
        out.push('}');
    }
}

fn s(v: &str) -> Value {
    Value::str(v)
}

fn strings(items: &[String]) -> Value {
    Value::List(List {
        items: Rc::new(items.iter().map(|i| s(i)).collect()),
        elem: ListType::String,
    })
}

fn json_map(entries: Vec<(&str, Value)>) -> Value {
    Value::dict(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

/// `.Chart`: `struct { chart.Metadata; IsRoot bool }`, of the chart rendered.
pub fn chart(meta: &crate::chart::ChartMetadata) -> Value {
    chart_with(meta, true)
}

/// `.Chart` of the chart rendered (`is_root`) or of a subchart.
pub fn chart_with(meta: &crate::chart::ChartMetadata, is_root: bool) -> Value {
    let annotations: BTreeMap<String, Value> = meta
        .annotations
        .iter()
        .map(|(k, v)| {
            let text = match v {
                crate::Value::String(t) => t.clone(),
                other => crate::yaml::go_string(other),
            };
            (k.clone(), s(&text))
        })
        .collect();
    let annotations = Value::Map(Dict::from_map(annotations, MapType::String));
    let maintainers = Value::list(meta.maintainers.iter().map(Value::from_values).collect());
    let metadata = Struct {
        type_name: "chart.Metadata",
        kind: "struct",
        fields: vec![
            ("Name", s(&meta.name)),
            ("Home", s(&meta.home)),
            ("Sources", strings(&meta.sources)),
            ("Version", s(&meta.version)),
            ("Description", s(&meta.description)),
            ("Keywords", strings(&meta.keywords)),
            ("Maintainers", maintainers.clone()),
            ("Icon", s(&meta.icon)),
            ("APIVersion", s(&meta.api_version)),
            ("Condition", s("")),
            ("Tags", s("")),
            ("AppVersion", s(&meta.app_version)),
            ("Deprecated", Value::Bool(meta.deprecated)),
            ("Annotations", annotations.clone()),
            ("KubeVersion", s(&meta.kube_version)),
            ("Dependencies", Value::list(Vec::new())),
            ("Type", s(&meta.chart_type)),
        ],
        json: Value::Nil,
        string: None,
        methods: Methods::None,
    };
    // encoding/json with the Metadata's tags: empty optional fields are omitted.
    let mut json: Vec<(&str, Value)> = vec![("name", s(&meta.name))];
    let mut opt = |k: &'static str, v: &str| {
        if !v.is_empty() {
            json.push((k, s(v)));
        }
    };
    opt("home", &meta.home);
    opt("version", &meta.version);
    opt("description", &meta.description);
    opt("icon", &meta.icon);
    opt("apiVersion", &meta.api_version);
    opt("appVersion", &meta.app_version);
    opt("kubeVersion", &meta.kube_version);
    opt("type", &meta.chart_type);
    if !meta.sources.is_empty() {
        json.push(("sources", strings(&meta.sources)));
    }
    if !meta.keywords.is_empty() {
        json.push(("keywords", strings(&meta.keywords)));
    }
    if !meta.maintainers.is_empty() {
        json.push(("maintainers", maintainers));
    }
    if meta.deprecated {
        json.push(("deprecated", Value::Bool(true)));
    }
    if !meta.annotations.is_empty() {
        json.push(("annotations", annotations));
    }
    json.push(("IsRoot", Value::Bool(is_root)));
    // `%v` prints the embedded struct, then IsRoot: `{{name  [] 0.1.0 …} true}`.
    let mut shown = String::from("{");
    metadata.format(&mut shown);
    shown.push_str(if is_root { " true}" } else { " false}" });
    // Go promotes the embedded struct's fields: `.Chart.Name` reads `Metadata.Name`.
    let mut fields = metadata.fields.clone();
    fields.push(("IsRoot", Value::Bool(is_root)));
    fields.push(("Metadata", Value::Object(Rc::new(metadata))));
    Value::Object(Rc::new(Struct {
        type_name: "struct { chart.Metadata; IsRoot bool }",
        kind: "struct",
        fields,
        json: json_map(json),
        string: Some(shown),
        methods: Methods::None,
    }))
}

/// Helm's build information, as `.Capabilities.HelmVersion` shows it.
#[derive(Debug, Clone)]
pub struct HelmBuild {
    /// `Version` (`v3.17.2`).
    pub version: &'static str,
    /// `GitCommit`.
    pub git_commit: &'static str,
    /// `GoVersion` (`go1.23.7`).
    pub go_version: &'static str,
}

/// Helm 3.17.2's build, as `helm version` prints it.
pub const HELM_3_17_2: HelmBuild = HelmBuild {
    version: "v3.17.2",
    git_commit: "cc0bbbd6d6276b83880042c1ecb34087e84d41eb",
    go_version: "go1.23.7",
};

/// `.Capabilities`.
pub fn capabilities(caps: &crate::render::Capabilities, helm: &HelmBuild) -> Value {
    let kv = &caps.kube_version;
    let kube = Struct {
        type_name: "chartutil.KubeVersion",
        kind: "struct",
        fields: vec![
            ("Version", s(&kv.version)),
            ("Major", s(&kv.major)),
            ("Minor", s(&kv.minor)),
        ],
        json: json_map(vec![
            ("Version", s(&kv.version)),
            ("Major", s(&kv.major)),
            ("Minor", s(&kv.minor)),
        ]),
        string: Some(kv.version.clone()),
        methods: Methods::KubeVersion,
    };
    let apis = Value::Object(Rc::new(ApiVersions(caps.api_versions.clone())));
    let helm_json = json_map(vec![
        ("version", s(helm.version)),
        ("git_commit", s(helm.git_commit)),
        ("git_tree_state", s("clean")),
        ("go_version", s(helm.go_version)),
    ]);
    let hv = Struct {
        type_name: "version.BuildInfo",
        kind: "struct",
        fields: vec![
            ("Version", s(helm.version)),
            ("GitCommit", s(helm.git_commit)),
            ("GitTreeState", s("clean")),
            ("GoVersion", s(helm.go_version)),
        ],
        json: helm_json.clone(),
        string: None,
        methods: Methods::None,
    };
    let kube_json = kube.json.clone();
    Value::Object(Rc::new(Struct {
        type_name: "*chartutil.Capabilities",
        kind: "ptr",
        fields: vec![
            ("APIVersions", apis),
            ("KubeVersion", Value::Object(Rc::new(kube))),
            ("HelmVersion", Value::Object(Rc::new(hv))),
        ],
        json: json_map(vec![
            ("KubeVersion", kube_json),
            ("APIVersions", strings(&caps.api_versions)),
            ("HelmVersion", helm_json),
        ]),
        string: None,
        methods: Methods::None,
    }))
}

/// `.Capabilities.APIVersions`: a `[]string` with a `Has` method.
#[derive(Debug)]
struct ApiVersions(Vec<String>);

impl Object for ApiVersions {
    fn type_name(&self) -> &str {
        "chartutil.VersionSet"
    }
    fn kind(&self) -> &'static str {
        "slice"
    }
    fn field(&self, _: &str) -> Option<Value> {
        None
    }
    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, FuncError>> {
        if name != "Has" {
            return None;
        }
        Some(match args {
            [Value::String(v)] => Ok(Value::Bool(self.0.iter().any(|a| **a == **v))),
            [other] => Err(FuncError::new(format!(
                "wrong type for value; expected string; got {}",
                other.type_name("chartutil.Values")
            ))),
            _ => Err(FuncError::new(format!(
                "wrong number of args for Has: want 1 got {}",
                args.len()
            ))),
        })
    }
    fn to_json(&self) -> Option<Value> {
        Some(strings(&self.0))
    }
    fn format(&self, out: &mut String) {
        out.push('[');
        out.push_str(&self.0.join(" "));
        out.push(']');
    }
}

/// `.Files`: the chart's non-template files (`engine.files`).
#[derive(Debug, Default)]
pub struct Files {
    files: BTreeMap<String, Rc<[u8]>>,
}

impl Files {
    /// The files, by path inside the chart.
    pub fn new(files: BTreeMap<String, Rc<[u8]>>) -> Files {
        Files { files }
    }
}

impl Object for Files {
    fn type_name(&self) -> &str {
        "engine.files"
    }
    fn kind(&self) -> &'static str {
        "map"
    }
    fn field(&self, name: &str) -> Option<Value> {
        // A map: `.Files.x` is the entry `x` ([]byte, nil when missing).
        if matches!(
            name,
            "Get" | "GetBytes" | "Glob" | "Lines" | "AsConfig" | "AsSecrets"
        ) {
            return None;
        }
        Some(match self.files.get(name) {
            Some(b) => Value::Bytes(b.clone()),
            None => Value::Bytes(Rc::from(Vec::new())),
        })
    }
    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, FuncError>> {
        let arg = || match args {
            [Value::String(s)] => Ok(s.to_string()),
            [other] => Err(FuncError::new(format!(
                "wrong type for value; expected string; got {}",
                other.type_name("chartutil.Values")
            ))),
            _ => Err(FuncError::new(format!(
                "wrong number of args for {name}: want 1 got {}",
                args.len()
            ))),
        };
        let none = || {
            if args.is_empty() {
                Ok(())
            } else {
                Err(FuncError::new(format!(
                    "wrong number of args for {name}: want 0 got {}",
                    args.len()
                )))
            }
        };
        Some(match name {
            "Get" => arg().map(|p| {
                let b = self.files.get(&p).map(|b| b.to_vec()).unwrap_or_default();
                Value::from(String::from_utf8_lossy(&b).into_owned())
            }),
            "GetBytes" => arg().map(|p| {
                Value::Bytes(
                    self.files
                        .get(&p)
                        .cloned()
                        .unwrap_or_else(|| Rc::from(Vec::new())),
                )
            }),
            "Lines" => arg().map(|p| {
                // Helm drops one final newline, then splits on `\n`.
                let lines: Vec<Value> = match self.files.get(&p) {
                    Some(b) if !b.is_empty() => {
                        let text = String::from_utf8_lossy(b);
                        let text = text.strip_suffix('\n').unwrap_or(&text);
                        text.split('\n').map(Value::str).collect()
                    }
                    _ => Vec::new(),
                };
                Value::string_list(lines)
            }),
            "Glob" => arg().map(|pattern| {
                let matched = self
                    .files
                    .iter()
                    .filter(|(p, _)| glob_match(&pattern, p))
                    .map(|(p, b)| (p.clone(), b.clone()))
                    .collect();
                Value::Object(Rc::new(Files::new(matched)))
            }),
            "AsConfig" => none().map(|()| Value::from(self.as_yaml(false))),
            "AsSecrets" => none().map(|()| Value::from(self.as_yaml(true))),
            _ => return None,
        })
    }
    fn map_entries(&self) -> Option<Vec<(String, Value)>> {
        Some(
            self.files
                .iter()
                .map(|(k, b)| (k.clone(), Value::Bytes(b.clone())))
                .collect(),
        )
    }
    fn to_json(&self) -> Option<Value> {
        Some(self.as_map(false))
    }
    fn format(&self, out: &mut String) {
        out.push_str("map[");
        for (i, (k, b)) in self.files.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(k);
            out.push(':');
            super::fmt::write_value(out, &Value::Bytes(b.clone()));
        }
        out.push(']');
    }
}

impl Files {
    /// The files by base name, as text (or base64 for `AsSecrets`).
    fn as_map(&self, base64: bool) -> Value {
        use base64::Engine as _;
        let entries = self
            .files
            .iter()
            .map(|(k, b)| {
                let base = k.rsplit('/').next().unwrap_or(k).to_owned();
                let text = if base64 {
                    base64::engine::general_purpose::STANDARD.encode(b)
                } else {
                    String::from_utf8_lossy(b).into_owned()
                };
                (base, Value::from(text))
            })
            .collect();
        Value::dict(entries)
    }

    /// Helm's `toYAML` of that map (`{}` when empty).
    fn as_yaml(&self, base64: bool) -> String {
        let Some(v) = self.as_map(base64).to_values() else {
            return String::new();
        };
        let text = crate::yaml::to_yaml(&v).unwrap_or_default();
        text.strip_suffix('\n').unwrap_or(&text).to_owned()
    }
}

/// gobwas/glob with `/` as separator, as Helm's `Files.Glob` uses it: `*` and `?` stay inside
/// a path segment, `**` crosses them, `[abc]` and `{a,b}` as usual.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    fn m(p: &[char], s: &[char]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some('*') if p.get(1) == Some(&'*') => (0..=s.len()).any(|i| m(&p[2..], &s[i..])),
            Some('*') => {
                for i in 0..=s.len() {
                    if m(&p[1..], &s[i..]) {
                        return true;
                    }
                    if s.get(i) == Some(&'/') {
                        return false;
                    }
                }
                false
            }
            Some('?') => s.first().is_some_and(|c| *c != '/') && m(&p[1..], &s[1..]),
            Some('[') => {
                let Some(end) = p.iter().position(|c| *c == ']') else {
                    return false;
                };
                let class = &p[1..end];
                let (neg, class) = match class.first() {
                    Some('!') => (true, &class[1..]),
                    _ => (false, class),
                };
                let Some(c) = s.first() else { return false };
                let mut hit = false;
                let mut i = 0;
                while i < class.len() {
                    if i + 2 < class.len() && class[i + 1] == '-' {
                        hit |= class[i] <= *c && *c <= class[i + 2];
                        i += 3;
                    } else {
                        hit |= class[i] == *c;
                        i += 1;
                    }
                }
                hit != neg && m(&p[end + 1..], &s[1..])
            }
            Some('{') => {
                let Some(end) = p.iter().position(|c| *c == '}') else {
                    return false;
                };
                let rest = &p[end + 1..];
                p[1..end].split(|c| *c == ',').any(|alt| {
                    let mut q: Vec<char> = alt.to_vec();
                    q.extend_from_slice(rest);
                    m(&q, s)
                })
            }
            Some('\\') => p.get(1).is_some_and(|c| s.first() == Some(c)) && m(&p[2..], &s[1..]),
            Some(c) => s.first() == Some(c) && m(&p[1..], &s[1..]),
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let s: Vec<char> = path.chars().collect();
    m(&p, &s)
}
