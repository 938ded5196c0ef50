//! Helm's objects as Go templates see them: `.Chart` (a struct embedding `chart.Metadata`),
//! `.Capabilities` (`*chartutil.Capabilities` with `KubeVersion`, `APIVersions.Has` and
//! `HelmVersion`) and `.Files` (`engine.files` with `Get`, `GetBytes`, `Glob`, `Lines`,
//! `AsConfig`, `AsSecrets`). Field names, `%T`, `%v` and JSON forms are Helm 3.17's, checked
//! with `helm template` printing them.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::func::{FuncError, GoType};
use super::value::{Dict, List, ListType, MapType, Object, Shape, Value};
use crate::chart::FileBytes;
use crate::profile::{ChartObject, GoTemplates, HelmProfile};

/// A Go struct: named fields in declaration order, its JSON form, and how `%v` prints it.
#[derive(Debug)]
pub struct Struct {
    type_name: Cow<'static, str>,
    kind: &'static str,
    fields: Vec<(&'static str, Value)>,
    /// What `encoding/json` writes: the fields by their JSON names, in declaration order
    /// (empty `omitempty` ones left out).
    json: Vec<(&'static str, Value)>,
    /// What `%v` prints when the type has a `String` method.
    string: Option<String>,
    methods: Methods,
    /// The fields `fmt` prints, when they are not `fields` in that order: all of a struct's
    /// own fields in declaration order, unexported ones too, where `fields` are those a
    /// template reads (promoted ones included).
    shown: Option<Vec<(&'static str, Value)>>,
}

/// Which methods a struct has.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Methods {
    None,
    /// `KubeVersion.String()` and `.GitVersion()`: the version. Both have pointer receivers,
    /// so a copy handed to a function has neither; `normalized`: the struct also has Helm 4's
    /// unexported `normalizedVersion` (what `String()` returns), which `%v` of a copy prints.
    KubeVersion {
        normalized: bool,
    },
}

impl Object for Struct {
    fn type_name(&self) -> &str {
        &self.type_name
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

    fn method(&self, name: &str, _args: &[Value]) -> Option<Result<Value, FuncError>> {
        match (self.methods, name) {
            // No argument (checked against `method_params`).
            // `String()` is the normalized version (Helm 4: `v1.33.4` of `v1.33.4-gke.1`).
            (Methods::KubeVersion { .. }, "String") => {
                Some(Ok(Value::str(self.string.as_deref().unwrap_or_default())))
            }
            (Methods::KubeVersion { .. }, "GitVersion") => {
                Some(Ok(self.field("Version").unwrap_or_default()))
            }
            _ => None,
        }
    }

    fn method_params(&self, name: &str) -> Option<&'static [GoType]> {
        match (self.methods, name) {
            (Methods::KubeVersion { .. }, "String" | "GitVersion") => Some(&[]),
            _ => None,
        }
    }

    fn to_json(&self) -> Option<Value> {
        Some(json_map(self.json.clone()))
    }

    fn json_fields(&self) -> Option<Vec<(String, Value)>> {
        Some(
            self.json
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        )
    }

    fn yaml_fields(&self) -> Option<Vec<(String, Value)>> {
        // `chart.Dependency` has `yaml` tags, the same as its `json` ones (it is written to
        // Chart.lock): its JSON view.
        if self.type_name.ends_with("chart.Dependency") {
            return self.json_fields();
        }
        Some(
            self.exported_fields()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
                .collect(),
        )
    }

    fn go_comparable(&self) -> bool {
        // A struct is comparable when all its fields are (`chart.Metadata` holds slices).
        let field_comparable = |v: &Value| match v {
            Value::List(_) | Value::Map(_) | Value::Bytes(_) => false,
            Value::Object(o) => o.go_comparable(),
            _ => true,
        };
        self.kind != "struct" || self.fields.iter().all(|(_, v)| field_comparable(v))
    }

    fn toml_fields(&self) -> Option<Vec<(String, Value)>> {
        // Helm 3's `.Chart` embeds `chart.Metadata`: BurntSushi writes an embedded struct's
        // fields inline, where it is declared (first), then `IsRoot`. (`fields` holds the
        // promoted ones, then `IsRoot`, then the embedded struct itself.)
        if self.type_name.contains("{ chart.Metadata;") {
            return Some(
                self.fields
                    .iter()
                    .filter(|(k, _)| is_exported(k) && *k != "Metadata")
                    .map(|(k, v)| ((*k).to_owned(), v.clone()))
                    .collect(),
            );
        }
        Some(
            self.exported_fields()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        )
    }

    fn interface_copy(&self) -> Option<Value> {
        self.kube_version_copy(self.string.as_deref().unwrap_or_default())
    }

    fn deep_copied(&self) -> Option<Value> {
        // copystructure leaves an unexported field zero: Helm 4's `normalizedVersion`
        // (`{v1.33.4  1 33}`), of the struct or of a copy of it.
        if let Methods::KubeVersion { normalized: true } = self.methods {
            return self.kube_version_copy("");
        }
        let shown = self.shown.as_ref()?;
        if shown.iter().all(|(k, _)| is_exported(k)) {
            return None;
        }
        let zero = |v: &Value| match v {
            Value::String(_) => s(""),
            Value::Bool(_) => Value::Bool(false),
            Value::Int(_) => Value::Int(0),
            _ => Value::Nil,
        };
        let shown = shown
            .iter()
            .map(|(k, v)| (*k, if is_exported(k) { v.clone() } else { zero(v) }))
            .collect();
        Some(self.showing(shown, self.string.clone(), self.methods))
    }

    fn format(&self, out: &mut String) {
        match &self.string {
            Some(s) => out.push_str(s),
            None => super::fmt::format_shape(out, self),
        }
    }

    fn fmt_shape(&self) -> Option<Shape> {
        // A type with a `String()` prints through it.
        if self.string.is_some() {
            return None;
        }
        Some(Shape::Struct(
            self.shown.clone().unwrap_or_else(|| self.fields.clone()),
        ))
    }
}

impl Struct {
    /// A `KubeVersion` value copied out of its pointer (`normalized` its unexported field's
    /// text): no `String()`, so `fmt` prints its fields, the unexported one too
    /// (`{v1.33.4-gke.1 v1.33.4 1 33}`). `None` for another struct.
    fn kube_version_copy(&self, normalized_text: &str) -> Option<Value> {
        let Methods::KubeVersion { normalized } = self.methods else {
            return None;
        };
        let field = |name| self.field(name).unwrap_or_default();
        let mut shown = vec![("Version", field("Version"))];
        if normalized {
            shown.push(("normalizedVersion", s(normalized_text)));
        }
        shown.extend([("Major", field("Major")), ("Minor", field("Minor"))]);
        Some(self.showing(shown, None, Methods::None))
    }

    /// Its own fields (`shown`: not the promoted ones) that are exported, in order.
    fn exported_fields(&self) -> impl Iterator<Item = &(&'static str, Value)> {
        let own = self.shown.as_ref().unwrap_or(&self.fields);
        own.iter().filter(|(k, _)| is_exported(k))
    }

    /// A struct of the same type, whose fields `fmt` prints are `shown`, with `string` and
    /// `methods` (a copy of it).
    fn showing(
        &self,
        shown: Vec<(&'static str, Value)>,
        string: Option<String>,
        methods: Methods,
    ) -> Value {
        Value::Object(Rc::new(Struct {
            type_name: self.type_name.clone(),
            kind: self.kind,
            fields: self.fields.clone(),
            json: self.json.clone(),
            string,
            methods,
            shown: Some(shown),
        }))
    }
}

/// Whether a Go field name is exported (an upper-case first letter).
fn is_exported(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
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

/// A `[]interface {}` of strings: Helm 4's `.Chart` is a map made from JSON, so its lists
/// are generic (`[]interface {}{"a"}` with `%#v`, where Helm 3's struct has `[]string`).
fn generic_strings(items: &[String]) -> Value {
    Value::list(items.iter().map(|i| s(i)).collect())
}

fn json_map(entries: Vec<(&str, Value)>) -> Value {
    Value::dict(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<super::value::Entries>(),
    )
}

/// A chart file's scalar as the Go string field it is read into (`n` is YAML 1.1's `false`).
fn go_text(v: &crate::Value) -> String {
    match v {
        crate::Value::String(t) => t.clone(),
        crate::Value::Null => String::new(),
        other => crate::yaml::go_string(other),
    }
}

/// `.Chart` as the profile's Helm builds it, of the chart rendered.
#[cfg(test)]
pub fn chart(meta: &crate::chart::ChartMetadata, profile: &HelmProfile) -> Value {
    chart_with(meta, profile, true)
}

/// `.Chart` as the profile's Helm builds it, of the chart rendered (`is_root`) or of a
/// subchart.
pub fn chart_with(
    meta: &crate::chart::ChartMetadata,
    profile: &HelmProfile,
    is_root: bool,
) -> Value {
    match profile.chart_object {
        ChartObject::JsonTags => chart_struct(meta, is_root),
        ChartObject::GoFields => chart_map(meta, is_root),
    }
}

/// `%v` of an `interface{}` read from a map: `<nil>` when missing or null.
fn go_v(v: Option<&crate::Value>) -> String {
    match v {
        None | Some(crate::Value::Null) => "<nil>".to_owned(),
        Some(v) => go_text(v),
    }
}

/// A dependency's `import-values` as Helm's `processImportValues` leaves them on the chart's
/// metadata: each a `map[string]string` of `child` and `parent` (a string `x` becomes
/// `exports.x` into `.`), anything else dropped.
fn import_values(ivs: &[crate::Value]) -> Vec<Value> {
    ivs.iter()
        .filter_map(|iv| {
            let (child, parent) = match iv {
                crate::Value::Map(m) => (go_v(m.get("child")), go_v(m.get("parent"))),
                crate::Value::String(x) => (format!("exports.{x}"), ".".to_owned()),
                _ => return None,
            };
            let mut m = BTreeMap::new();
            m.insert("child".to_owned(), s(&child));
            m.insert("parent".to_owned(), s(&parent));
            Some(Value::Map(Dict::from_map(m, MapType::String)))
        })
        .collect()
}

/// Helm 4's `.Chart.Dependencies` entry: a map of every field of the dependency.
fn dependency_map(d: &crate::chart::Dependency) -> Value {
    let mut m = BTreeMap::new();
    m.insert("Alias".to_owned(), s(&d.alias));
    m.insert("Condition".to_owned(), s(&d.condition));
    m.insert("Enabled".to_owned(), Value::Bool(true));
    m.insert(
        "ImportValues".to_owned(),
        Value::list(import_values(&d.import_values)),
    );
    m.insert("Name".to_owned(), s(&d.name));
    m.insert("Repository".to_owned(), s(&d.repository));
    m.insert("Tags".to_owned(), generic_strings(&d.tags));
    m.insert("Version".to_owned(), s(&d.version));
    Value::dict(m)
}

/// Helm 3's `*chart.Dependency`, with its JSON tags (empty optional fields omitted).
fn dependency_struct(d: &crate::chart::Dependency) -> Value {
    let ivs = import_values(&d.import_values);
    // Fields Chart.yaml leaves out are nil: `[]interface {}(nil)` to `%#v`.
    let import_values = if ivs.is_empty() {
        Value::typed_nil("[]interface {}")
    } else {
        Value::List(List {
            items: Rc::new(ivs.clone()),
            elem: ListType::Interface,
        })
    };
    let tags = if d.tags.is_empty() {
        Value::typed_nil("[]string")
    } else {
        strings(&d.tags)
    };
    let text = |k: &'static str, v: &str| (!v.is_empty()).then(|| (k, s(v)));
    let json: Vec<(&'static str, Value)> = [
        Some(("name", s(&d.name))),
        text("version", &d.version),
        Some(("repository", s(&d.repository))),
        text("condition", &d.condition),
        (!d.tags.is_empty()).then(|| ("tags", strings(&d.tags))),
        Some(("enabled", Value::Bool(true))),
        (!ivs.is_empty()).then(|| ("import-values", import_values.clone())),
        text("alias", &d.alias),
    ]
    .into_iter()
    .flatten()
    .collect();
    Value::Object(Rc::new(Struct {
        type_name: Cow::Borrowed("*chart.Dependency"),
        kind: "ptr",
        fields: vec![
            ("Name", s(&d.name)),
            ("Version", s(&d.version)),
            ("Repository", s(&d.repository)),
            ("Condition", s(&d.condition)),
            ("Tags", tags),
            ("Enabled", Value::Bool(true)),
            ("ImportValues", import_values),
            ("Alias", s(&d.alias)),
        ],
        json,
        string: None,
        methods: Methods::None,
        shown: None,
    }))
}

/// Helm 4's `.Chart`: a `map[string]interface {}` of the metadata's Go field names, every
/// field present (lists empty rather than nil, except a chart without annotations, whose
/// `Annotations` is a nil map: `null` in JSON, `map[]` printed).
fn chart_map(meta: &crate::chart::ChartMetadata, is_root: bool) -> Value {
    let annotations: BTreeMap<String, Value> = meta
        .annotations
        .iter()
        .map(|(k, v)| (k.clone(), s(&go_text(v))))
        .collect();
    let annotations = if annotations.is_empty() {
        Value::typed_nil("map[string]string")
    } else {
        Value::Map(Dict::from_map(annotations, MapType::String))
    };
    let maintainers = meta
        .maintainers
        .iter()
        .map(|m| {
            let field = |k: &str| match m {
                crate::Value::Map(mm) => s(&mm.get(k).map(go_text).unwrap_or_default()),
                _ => s(""),
            };
            let mut o = BTreeMap::new();
            o.insert("Email".to_owned(), field("email"));
            o.insert("Name".to_owned(), field("name"));
            o.insert("URL".to_owned(), field("url"));
            Value::dict(o)
        })
        .collect();
    let mut m = BTreeMap::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_owned(), v);
    };
    put("APIVersion", s(&meta.api_version));
    put("Annotations", annotations);
    put("AppVersion", s(&meta.app_version));
    put("Condition", s(""));
    put(
        "Dependencies",
        Value::list(meta.dependencies.iter().map(dependency_map).collect()),
    );
    put("Deprecated", Value::Bool(meta.deprecated));
    put("Description", s(&meta.description));
    put("Home", s(&meta.home));
    put("Icon", s(&meta.icon));
    put("IsRoot", Value::Bool(is_root));
    put("Keywords", generic_strings(&meta.keywords));
    put("KubeVersion", s(&meta.kube_version));
    put("Maintainers", Value::list(maintainers));
    put("Name", s(&meta.name));
    put("Sources", generic_strings(&meta.sources));
    put("Tags", s(""));
    put("Type", s(&meta.chart_type));
    put("Version", s(&meta.version));
    Value::dict(m)
}

/// Helm 3's `*chart.Maintainer`: `Name`, `Email`, `URL`; JSON `name`, then `email` and `url`
/// when set.
fn maintainer_struct(m: &crate::Value) -> Value {
    let field = |k: &str| match m {
        crate::Value::Map(mm) => mm.get(k).map(go_text).unwrap_or_default(),
        _ => String::new(),
    };
    let (name, email, url) = (field("name"), field("email"), field("url"));
    let mut json = vec![("name", s(&name))];
    if !email.is_empty() {
        json.push(("email", s(&email)));
    }
    if !url.is_empty() {
        json.push(("url", s(&url)));
    }
    Value::Object(Rc::new(Struct {
        type_name: Cow::Borrowed("*chart.Maintainer"),
        kind: "ptr",
        fields: vec![("Name", s(&name)), ("Email", s(&email)), ("URL", s(&url))],
        json,
        string: None,
        methods: Methods::None,
        shown: None,
    }))
}

/// Helm 3's `.Chart`: `struct { chart.Metadata; IsRoot bool }`.
fn chart_struct(meta: &crate::chart::ChartMetadata, is_root: bool) -> Value {
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
    // A list or map Chart.yaml leaves out is a nil one of the struct field's type.
    let annotations = if annotations.is_empty() {
        Value::typed_nil("map[string]string")
    } else {
        Value::Map(Dict::from_map(annotations, MapType::String))
    };
    let list_or_nil = |ty: &'static str, items: Vec<Value>| {
        if items.is_empty() {
            Value::typed_nil(ty)
        } else {
            Value::List(List {
                items: Rc::new(items),
                elem: ListType::Named(ty),
            })
        }
    };
    let maintainers = list_or_nil(
        "[]*chart.Maintainer",
        meta.maintainers.iter().map(maintainer_struct).collect(),
    );
    let dependencies = list_or_nil(
        "[]*chart.Dependency",
        meta.dependencies.iter().map(dependency_struct).collect(),
    );
    let strings = |items: &[String]| {
        if items.is_empty() {
            Value::typed_nil("[]string")
        } else {
            strings(items)
        }
    };
    let metadata = Struct {
        type_name: Cow::Borrowed("chart.Metadata"),
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
            ("Dependencies", dependencies.clone()),
            ("Type", s(&meta.chart_type)),
        ],
        json: Vec::new(),
        string: None,
        methods: Methods::None,
        shown: None,
    };
    // encoding/json with the Metadata's tags, in field order: empty optional fields are
    // omitted (`condition` and `tags` are always empty here).
    let text = |k: &'static str, v: &str| (!v.is_empty()).then(|| (k, s(v)));
    let list = |k: &'static str, empty: bool, v: &Value| (!empty).then(|| (k, v.clone()));
    let json: Vec<(&'static str, Value)> = [
        Some(("name", s(&meta.name))),
        text("home", &meta.home),
        list("sources", meta.sources.is_empty(), &strings(&meta.sources)),
        text("version", &meta.version),
        text("description", &meta.description),
        list(
            "keywords",
            meta.keywords.is_empty(),
            &strings(&meta.keywords),
        ),
        list("maintainers", meta.maintainers.is_empty(), &maintainers),
        text("icon", &meta.icon),
        text("apiVersion", &meta.api_version),
        text("appVersion", &meta.app_version),
        meta.deprecated.then(|| ("deprecated", Value::Bool(true))),
        list("annotations", meta.annotations.is_empty(), &annotations),
        text("kubeVersion", &meta.kube_version),
        list("dependencies", meta.dependencies.is_empty(), &dependencies),
        text("type", &meta.chart_type),
        Some(("IsRoot", Value::Bool(is_root))),
    ]
    .into_iter()
    .flatten()
    .collect();
    // Go promotes the embedded struct's fields: `.Chart.Name` reads `Metadata.Name`.
    let mut fields = metadata.fields.clone();
    let metadata = Value::Object(Rc::new(metadata));
    fields.push(("IsRoot", Value::Bool(is_root)));
    fields.push(("Metadata", metadata.clone()));
    Value::Object(Rc::new(Struct {
        type_name: Cow::Borrowed("struct { chart.Metadata; IsRoot bool }"),
        kind: "struct",
        fields,
        json,
        string: None,
        methods: Methods::None,
        // `fmt` prints the embedded struct, then IsRoot: `{{name  [] 0.1.0 …} true}`.
        shown: Some(vec![
            ("Metadata", metadata),
            ("IsRoot", Value::Bool(is_root)),
        ]),
    }))
}

/// `.Capabilities`.
pub fn capabilities(caps: &crate::request::Capabilities, go: &GoTemplates) -> Value {
    let helm = &go.build;
    let kv = &caps.kube_version;
    let kube = Struct {
        type_name: Cow::Owned(format!("{}.KubeVersion", go.types_package)),
        kind: "struct",
        fields: vec![
            ("Version", s(&kv.version)),
            ("Major", s(&kv.major)),
            ("Minor", s(&kv.minor)),
        ],
        json: vec![
            ("Version", s(&kv.version)),
            ("Major", s(&kv.major)),
            ("Minor", s(&kv.minor)),
        ],
        // Helm 4 prints the version without its suffix (`v1.30.2` for `v1.30.2-eks-1`).
        string: Some(kv.normalized.clone()),
        methods: Methods::KubeVersion {
            normalized: go.kube_version_normalized_field,
        },
        shown: None,
    };
    let apis = Value::Object(Rc::new(ApiVersions {
        versions: caps.api_versions.clone(),
        type_name: format!("{}.VersionSet", go.types_package),
    }));
    let mut json = vec![
        ("version", s(helm.version)),
        ("git_commit", s(helm.git_commit)),
        ("git_tree_state", s("clean")),
        ("go_version", s(helm.go_version)),
    ];
    let mut fields = vec![
        ("Version", s(helm.version)),
        ("GitCommit", s(helm.git_commit)),
        ("GitTreeState", s("clean")),
        ("GoVersion", s(helm.go_version)),
    ];
    // Helm 4's BuildInfo has one more field; `%v` prints it last.
    if let Some(kube) = helm.kube_client_version {
        json.push(("kube_client_version", s(kube)));
        fields.push(("KubeClientVersion", s(kube)));
    }
    let hv = Rc::new(Struct {
        type_name: Cow::Borrowed("version.BuildInfo"),
        kind: "struct",
        fields,
        json,
        string: None,
        methods: Methods::None,
        shown: None,
    });
    // `fmt` prints the KubeVersion field as a value, which has no `String()` (a pointer
    // receiver's): its fields.
    let kube_copy = kube.interface_copy().unwrap_or_default();
    let kube = Rc::new(kube);
    Value::Object(Rc::new(Struct {
        type_name: Cow::Owned(format!("*{}.Capabilities", go.types_package)),
        kind: "ptr",
        fields: vec![
            ("APIVersions", apis.clone()),
            ("KubeVersion", Value::Object(kube.clone())),
            ("HelmVersion", Value::Object(hv.clone())),
        ],
        json: vec![
            ("KubeVersion", Value::Object(kube)),
            ("APIVersions", strings(&caps.api_versions)),
            ("HelmVersion", Value::Object(hv.clone())),
        ],
        string: None,
        methods: Methods::None,
        shown: Some(vec![
            ("KubeVersion", kube_copy),
            ("APIVersions", apis),
            ("HelmVersion", Value::Object(hv)),
        ]),
    }))
}

/// `.Capabilities.APIVersions`: a `[]string` with a `Has` method.
#[derive(Debug)]
struct ApiVersions {
    versions: Vec<String>,
    /// `chartutil.VersionSet` or `common.VersionSet`.
    type_name: String,
}

impl Object for ApiVersions {
    fn type_name(&self) -> &str {
        &self.type_name
    }
    fn reslice(&self, items: &[Value]) -> Option<Value> {
        let versions = items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<Vec<String>>>()?;
        Some(Value::Object(Rc::new(ApiVersions {
            versions,
            type_name: self.type_name.clone(),
        })))
    }
    fn kind(&self) -> &'static str {
        "slice"
    }
    fn field(&self, _: &str) -> Option<Value> {
        None
    }
    fn method_params(&self, name: &str) -> Option<&'static [GoType]> {
        (name == "Has").then_some(&[GoType::String])
    }
    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, FuncError>> {
        if name != "Has" {
            return None;
        }
        // One string (checked against `method_params`).
        let v = args.first().and_then(Value::as_str).unwrap_or_default();
        Some(Ok(Value::Bool(self.versions.iter().any(|a| **a == *v))))
    }
    fn to_json(&self) -> Option<Value> {
        Some(strings(&self.versions))
    }
    fn format(&self, out: &mut String) {
        out.push('[');
        out.push_str(&self.versions.join(" "));
        out.push(']');
    }
    fn fmt_shape(&self) -> Option<Shape> {
        Some(Shape::Slice(Some(
            self.versions.iter().map(|v| s(v)).collect(),
        )))
    }
}

/// `.Files`: the chart's non-template files (`engine.files`). The bytes are the chart's own,
/// shared: a `[]byte` value is made of a file only when a template reads it as one.
#[derive(Debug, Default)]
pub struct Files {
    files: BTreeMap<String, FileBytes>,
}

impl Files {
    /// The files, by path inside the chart.
    pub fn new(files: BTreeMap<String, FileBytes>) -> Files {
        Files { files }
    }

    /// A file's bytes: none when there is no such file. One that cannot be read reads as
    /// none too, and fails the render after it ran ([`FileBytes`]).
    fn bytes(&self, name: &str) -> &[u8] {
        self.files.get(name).map_or(&[], FileBytes::or_empty)
    }
}

/// A file's bytes as a Go `[]byte`.
fn bytes_value(b: &[u8]) -> Value {
    Value::Bytes(Rc::from(b))
}

impl Object for Files {
    fn type_name(&self) -> &str {
        "engine.files"
    }
    fn kind(&self) -> &'static str {
        "map"
    }
    fn len(&self) -> Option<usize> {
        Some(self.files.len())
    }
    fn field(&self, name: &str) -> Option<Value> {
        // A map: `.Files.x` is the entry `x` ([]byte, nil when missing).
        if matches!(
            name,
            "Get" | "GetBytes" | "Glob" | "Lines" | "AsConfig" | "AsSecrets"
        ) {
            return None;
        }
        Some(bytes_value(self.bytes(name)))
    }
    fn method_params(&self, name: &str) -> Option<&'static [GoType]> {
        match name {
            "Get" | "GetBytes" | "Lines" | "Glob" => Some(&[GoType::String]),
            "AsConfig" | "AsSecrets" => Some(&[]),
            _ => None,
        }
    }
    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, FuncError>> {
        // The arguments were checked against `method_params`: one string, or none.
        let arg = || Ok::<_, FuncError>(args.first().and_then(Value::as_str).unwrap_or_default());
        let none = || Ok::<_, FuncError>(());
        Some(match name {
            "Get" => arg().map(|p| Value::from_go_bytes(self.bytes(p))),
            "GetBytes" => arg().map(|p| bytes_value(self.bytes(p))),
            "Lines" => arg().map(|p| {
                // Helm drops one final newline, then splits on `\n`.
                // Each line a Go string: one that is not UTF-8 keeps its bytes, as `Get` does.
                let lines: Vec<Value> = match self.bytes(p) {
                    b if !b.is_empty() => {
                        let b = b.strip_suffix(b"\n").unwrap_or(b);
                        b.split(|&c| c == b'\n').map(Value::from_go_bytes).collect()
                    }
                    _ => Vec::new(),
                };
                Value::string_list(lines)
            }),
            "Glob" => arg().map(|pattern| {
                let matched = self
                    .files
                    .iter()
                    .filter(|(p, _)| glob_match(pattern, p))
                    .map(|(p, b)| (p.clone(), b.clone()))
                    .collect();
                Value::Object(Rc::new(Files::new(matched)))
            }),
            "AsConfig" => none().map(|()| Value::from(self.as_yaml(false))),
            "AsSecrets" => none().map(|()| Value::from(self.as_yaml(true))),
            _ => return None,
        })
    }
    fn index(&self, key: &str) -> Option<Value> {
        // A `map[string][]byte`: a missing file is a nil `[]byte`, printed `[]`.
        Some(bytes_value(self.bytes(key)))
    }
    fn map_entries(&self) -> Option<Vec<(String, Value)>> {
        Some(
            self.files
                .iter()
                .map(|(k, b)| (k.clone(), bytes_value(b.or_empty())))
                .collect(),
        )
    }
    fn to_json(&self) -> Option<Value> {
        // A `map[string][]byte`: each file under its full path, its bytes in base64 (as
        // encoding/json writes a `[]byte`).
        use base64::Engine as _;
        let entries = self
            .files
            .iter()
            .map(|(k, b)| {
                let text = base64::engine::general_purpose::STANDARD.encode(b.or_empty());
                (k.clone(), Value::from(text))
            })
            .collect::<super::value::Entries>();
        Some(Value::dict(entries))
    }
    fn format(&self, out: &mut String) {
        out.push_str("map[");
        for (i, (k, b)) in self.files.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(k);
            out.push(':');
            super::fmt::write_value(out, &bytes_value(b.or_empty()));
        }
        out.push(']');
    }
    fn fmt_shape(&self) -> Option<Shape> {
        // A `map[string][]byte`: `%#v` is `engine.files{"a":[]uint8{0x61}}`.
        self.map_entries().map(|e| Shape::Map(Some(e)))
    }
}

/// A file's bytes as text, each invalid byte a U+FFFD (as `encoding/json`, under Helm's
/// `toYAML`, writes them): checked by `from_utf8`, which passes ASCII a word at a time,
/// before the slower decoding is tried.
fn utf8_text(b: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(b) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(crate::go::go_lossy(b)),
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
                    base64::engine::general_purpose::STANDARD.encode(b.or_empty())
                } else {
                    utf8_text(b.or_empty()).into_owned()
                };
                (base, Value::from(text))
            })
            .collect::<super::value::Entries>();
        Value::dict(entries)
    }

    /// Helm's `toYAML` of that map (`{}` when empty).
    fn as_yaml(&self, base64: bool) -> String {
        let Some(v) = self.as_map(base64).to_values() else {
            return String::new();
        };
        // Helm's `toYAML`: the marshalled text less its last newline, which `to_yaml`
        // already leaves out (a `|+` block keeps the others).
        crate::yaml::to_yaml(&v).unwrap_or_default()
    }
}

/// Whether gobwas/glob compiles `pattern`'s character classes (Helm's `Glob` matches
/// everything when it does not): after `[` and an optional `!`, either a range `a-z` (low
/// not above high) closed at once by `]`, or a non-empty text up to `]`, in which `\\`
/// escapes a character. Outside classes, `\\` escapes the next character.
fn glob_compiles(pattern: &str) -> bool {
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' => {
                let mut first = chars.next();
                if first == Some('!') {
                    first = chars.next();
                }
                let Some(first) = first else { return false };
                if chars.peek() == Some(&'-') {
                    chars.next();
                    match (chars.next(), chars.next()) {
                        (Some(hi), Some(']')) if first <= hi => continue,
                        _ => return false,
                    }
                }
                let mut next = Some(first);
                let mut empty = true;
                loop {
                    match next {
                        None => return false,
                        Some(']') => break,
                        Some('\\') => {
                            if chars.next().is_none() {
                                return false;
                            }
                            empty = false;
                        }
                        Some(_) => empty = false,
                    }
                    next = chars.next();
                }
                if empty {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

/// gobwas/glob with `/` as separator, as Helm's `Files.Glob` uses it: `*` and `?` stay inside
/// a path segment, `**` crosses them, `[abc]` and `{a,b}` as usual.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    // Helm's `Glob` matches everything (`**`) with a pattern gobwas/glob cannot compile.
    if !glob_compiles(pattern) {
        return true;
    }
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
                // An unclosed `{` runs to the end of the pattern (gobwas reads it so).
                let (end, rest) = match p.iter().position(|c| *c == '}') {
                    Some(end) => (end, &p[end + 1..]),
                    None => (p.len(), &[][..]),
                };
                // `{}` has no alternative: it matches nothing.
                if end == 1 {
                    return false;
                }
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
