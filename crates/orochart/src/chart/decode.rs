//! Helm's decoding of `Chart.yaml` into its `Metadata` struct, for the type errors it reports.
//!
//! Helm reads `Chart.yaml` with `sigs.k8s.io/yaml`: the YAML becomes JSON (every mapping's keys
//! sorted, scalars bound for a string field made strings), which Go's `encoding/json` decodes
//! into `Metadata`. A value of the wrong kind (a list for `description`, a string for
//! `keywords`) fails the load with `cannot load Chart.yaml: error unmarshaling JSON: while
//! decoding JSON: json: cannot unmarshal array into Go struct field Metadata.description of
//! type string`: the first such value in key order, depth first. Helm 4.3's Go names the
//! field by its whole path instead (`.maintainers.0.name`), and Helm 4 calls the package of
//! `Metadata` `v2` where Helm 3 calls it `chart`.

use crate::profile::HelmVersion;
use crate::value::{Map, Value};

/// The Go type a value of `Chart.yaml` is decoded into.
#[derive(Debug, Clone, Copy)]
enum Ty {
    /// `string`: any scalar is taken (as its text).
    Str,
    /// `bool`.
    Bool,
    /// `[]string`.
    Strings,
    /// `map[string]string`.
    StringMap,
    /// `[]interface {}`.
    Anything,
    /// `[]*T` of a struct.
    Structs(&'static Struct),
    /// `*T`, an element of [`Ty::Structs`].
    Struct(&'static Struct),
    /// `time.Time`: a JSON string Go's `time.Parse` reads with the `RFC3339` layout.
    Time,
}

/// A Go struct: its name and its fields (JSON names).
#[derive(Debug)]
struct Struct {
    name: &'static str,
    fields: &'static [(&'static str, Ty)],
}

const MAINTAINER: Struct = Struct {
    name: "Maintainer",
    fields: &[("email", Ty::Str), ("name", Ty::Str), ("url", Ty::Str)],
};

const DEPENDENCY: Struct = Struct {
    name: "Dependency",
    fields: &[
        ("alias", Ty::Str),
        ("condition", Ty::Str),
        ("enabled", Ty::Bool),
        ("import-values", Ty::Anything),
        ("name", Ty::Str),
        ("repository", Ty::Str),
        ("tags", Ty::Strings),
        ("version", Ty::Str),
    ],
};

const METADATA: Struct = Struct {
    name: "Metadata",
    fields: &[
        ("annotations", Ty::StringMap),
        ("apiVersion", Ty::Str),
        ("appVersion", Ty::Str),
        ("condition", Ty::Str),
        ("dependencies", Ty::Structs(&DEPENDENCY)),
        ("deprecated", Ty::Bool),
        ("description", Ty::Str),
        ("home", Ty::Str),
        ("icon", Ty::Str),
        ("keywords", Ty::Strings),
        ("kubeVersion", Ty::Str),
        ("maintainers", Ty::Structs(&MAINTAINER)),
        ("name", Ty::Str),
        ("sources", Ty::Strings),
        ("tags", Ty::Str),
        ("type", Ty::Str),
        ("version", Ty::Str),
    ],
};

/// `requirements.yaml` (apiVersion v1 charts): its dependencies.
const REQUIREMENTS: Struct = Struct {
    name: "Requirements",
    fields: &[("dependencies", Ty::Structs(&DEPENDENCY))],
};

/// `Chart.lock` and `requirements.lock`.
const LOCK: Struct = Struct {
    name: "Lock",
    fields: &[
        ("dependencies", Ty::Structs(&DEPENDENCY)),
        ("digest", Ty::Str),
        ("generated", Ty::Time),
    ],
};

/// The first value of a lock file (`Chart.lock`, `requirements.lock`) Go cannot decode into
/// Helm's `Lock`.
pub(crate) fn lock_mismatch(doc: &Value) -> Option<Mismatch> {
    match doc {
        Value::Null => None,
        Value::Map(m) => check_struct(m, &LOCK, &mut Vec::new()),
        other => Some(Mismatch {
            found: kind(other).unwrap_or("null"),
            path: Vec::new(),
            within: LOCK.name,
            wanted: Ty::Struct(&LOCK),
            refused: None,
        }),
    }
}

/// A `Chart.yaml` that is a scalar or a list (not a mapping, nor empty, which decodes to an
/// empty struct): Go cannot decode it into a struct at all.
pub(crate) fn document_mismatch(doc: &Value) -> Mismatch {
    Mismatch {
        found: kind(doc).unwrap_or("null"),
        path: Vec::new(),
        within: METADATA.name,
        wanted: Ty::Struct(&METADATA),
        refused: None,
    }
}

/// Whether Go's `encoding/json` matches the key `key` to the field `field` without their
/// being equal: Unicode's simple case folding (`bytes.EqualFold`), under which `ſ` is an `s`
/// and the Kelvin sign a `k` (the fields' names are ASCII).
fn folds_to(key: &str, field: &str) -> bool {
    let fold = |c: char| match c {
        '\u{17F}' => 's',
        '\u{212A}' => 'k',
        c => c.to_ascii_lowercase(),
    };
    key.chars().map(fold).eq(field.chars().map(fold))
}

/// `Chart.yaml`'s mapping with its keys named as the fields Go decodes them into: Go matches
/// a key to a field case-insensitively (`Name`, `VERSION`, `Import-Values` in a
/// dependency), keys in sorted order, so of two keys for one field the later one wins (a
/// `null` leaves the field as it was). `None` when every key is already a field's name or
/// no field's.
pub(crate) fn go_field_names(chart_yaml: &Map) -> Option<Map> {
    renamed(chart_yaml, &METADATA)
}

/// [`go_field_names`] for `requirements.yaml`.
pub(crate) fn go_requirements_names(requirements: &Map) -> Option<Map> {
    renamed(requirements, &REQUIREMENTS)
}

/// The field of `s` Go decodes `key` into: the one of that name, else one it folds to.
fn field_of(s: &'static Struct, key: &str) -> Option<&'static (&'static str, Ty)> {
    s.fields
        .iter()
        .find(|(name, _)| *name == key)
        .or_else(|| s.fields.iter().find(|(name, _)| folds_to(key, name)))
}

fn renamed(m: &Map, s: &'static Struct) -> Option<Map> {
    let changed = |key: &str, v: &Value| match field_of(s, key) {
        Some((name, ty)) => *name != key || renamed_within(v, *ty).is_some(),
        None => false,
    };
    if !m.iter().any(|(k, v)| changed(k, v)) {
        return None;
    }
    let mut out = Map::new();
    for (key, value) in sorted(m) {
        match field_of(s, key) {
            Some((name, ty)) => {
                if value.is_null() && out.contains_key(*name) {
                    continue;
                }
                let value = renamed_within(value, *ty).unwrap_or_else(|| value.clone());
                out.insert((*name).to_owned(), value);
            }
            None => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Some(out)
}

/// A field's value with its structs' keys renamed ([`renamed`]); `None` when unchanged.
fn renamed_within(v: &Value, ty: Ty) -> Option<Value> {
    match (ty, v) {
        (Ty::Struct(s), Value::Map(m)) => renamed(m, s).map(Value::Map),
        (Ty::Structs(s), Value::List(items)) => {
            let new: Vec<Option<Value>> = items
                .iter()
                .map(|item| renamed_within(item, Ty::Struct(s)))
                .collect();
            if new.iter().all(Option::is_none) {
                return None;
            }
            Some(Value::List(
                new.into_iter()
                    .zip(items)
                    .map(|(new, old)| new.unwrap_or_else(|| old.clone()))
                    .collect(),
            ))
        }
        _ => None,
    }
}

/// One step of the path to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    /// A struct's field: its JSON name, and the key as `Chart.yaml` wrote it (Go matches
    /// them case-insensitively).
    Field(&'static str, String),
    /// A map's key.
    Key(String),
    /// A list's index.
    Index(usize),
}

/// The first value of `Chart.yaml` Go cannot decode into Helm's `Metadata`.
#[derive(Debug, Clone)]
pub(crate) struct Mismatch {
    /// JSON's name for what was found: `array`, `object`, `string`, `number`, `bool`.
    found: &'static str,
    /// Where, from the top.
    path: Vec<Step>,
    /// The struct holding the innermost field on the path.
    within: &'static str,
    /// The Go type wanted.
    wanted: Ty,
    /// The wanted type's own refusal of a value of the right JSON kind (`time.Parse`'s
    /// error for a string that is no time).
    refused: Option<String>,
}

impl Mismatch {
    /// Go's `json.UnmarshalTypeError` text, as `helm`'s Go prints it.
    pub(crate) fn go_message(&self, helm: HelmVersion) -> String {
        self.go_message_within(helm, self.within)
    }

    /// [`Mismatch::go_message`], the innermost struct named `within` (Helm 4 reads
    /// `apiVersion` into its own `chartBase` first).
    pub(crate) fn go_message_within(&self, helm: HelmVersion, within: &str) -> String {
        let package = if helm.logs_with_slog() { "v2" } else { "chart" };
        // The whole document: a value, not a struct's field.
        if self.path.is_empty() {
            let ty = match within {
                "chartBase" => "loader.chartBase".to_owned(),
                _ => format!("{package}.{within}"),
            };
            return format!(
                "json: cannot unmarshal {} into Go value of type {ty}",
                self.found
            );
        }
        if let Some(error) = &self.refused {
            return error.clone();
        }
        // Before Go 1.26 (Helm 4.3), a time's own `UnmarshalJSON` refuses any other kind.
        if matches!(self.wanted, Ty::Time) && helm < HelmVersion::V4_3 {
            return "Time.UnmarshalJSON: input is not a JSON string".to_owned();
        }
        let wanted = match self.wanted {
            Ty::Str => "string".to_owned(),
            Ty::Bool => "bool".to_owned(),
            Ty::Strings => "[]string".to_owned(),
            Ty::StringMap => "map[string]string".to_owned(),
            Ty::Anything => "[]interface {}".to_owned(),
            Ty::Structs(s) => format!("[]*{package}.{}", s.name),
            // Through its pointer.
            Ty::Struct(s) => format!("{package}.{}", s.name),
            Ty::Time => "time.Time".to_owned(),
        };
        let found = self.found;
        if helm >= HelmVersion::V4_3 {
            // The whole path, indexes and keys included; an element of a list is not a field.
            let path: String = self
                .path
                .iter()
                .map(|s| match s {
                    Step::Field(_, written) => format!(".{written}"),
                    Step::Key(k) => format!(".{k}"),
                    Step::Index(i) => format!(".{i}"),
                })
                .collect();
            return match self.path.last() {
                Some(Step::Index(_)) => {
                    format!("json: cannot unmarshal {found} into {path} of type {wanted}")
                }
                _ => format!(
                    "json: cannot unmarshal {found} into Go struct field {path} of type {wanted}"
                ),
            };
        }
        // The innermost struct's name, then the fields' names from the top.
        let fields: Vec<&str> = self
            .path
            .iter()
            .filter_map(|s| match s {
                Step::Field(f, _) => Some(*f),
                _ => None,
            })
            .collect();
        format!(
            "json: cannot unmarshal {found} into Go struct field {within}.{} of type {wanted}",
            fields.join(".")
        )
    }

    /// Helm 4's first reading of `Chart.yaml` (only `apiVersion`, into an unexported
    /// `chartBase`) fails on this before the whole `Metadata` is read.
    pub(crate) fn is_api_version(&self) -> bool {
        matches!(self.path.as_slice(), [] | [Step::Field("apiVersion", _)])
    }
}

/// The first value of `chart_yaml` (its top-level mapping) that Go cannot decode into
/// Helm's `Metadata`, keys in Go's sorted order.
pub(crate) fn metadata_mismatch(chart_yaml: &Map) -> Option<Mismatch> {
    let mut path = Vec::new();
    check_struct(chart_yaml, &METADATA, &mut path)
}

/// JSON's name for a value's kind (`null` never fails).
fn kind(v: &Value) -> Option<&'static str> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(_) => "bool",
        Value::String(_) => "string",
        Value::List(_) => "array",
        Value::Map(_) => "object",
        _ => "number",
    })
}

fn sorted(m: &Map) -> Vec<(&String, &Value)> {
    let mut entries: Vec<_> = m.iter().collect();
    entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    entries
}

fn check_struct(m: &Map, s: &'static Struct, path: &mut Vec<Step>) -> Option<Mismatch> {
    for (key, value) in sorted(m) {
        // Unknown keys are ignored, as Go does.
        let Some((name, ty)) = field_of(s, key) else {
            continue;
        };
        path.push(Step::Field(name, key.clone()));
        let found = check(value, *ty, s.name, path);
        path.pop();
        if found.is_some() {
            return found;
        }
    }
    None
}

fn check(value: &Value, ty: Ty, within: &'static str, path: &mut Vec<Step>) -> Option<Mismatch> {
    let found = kind(value)?;
    let mismatch = |path: &Vec<Step>, wanted: Ty| Mismatch {
        found,
        path: path.clone(),
        within,
        wanted,
        refused: None,
    };
    match (ty, value) {
        // Scalars become strings for a string.
        (Ty::Str, Value::List(_) | Value::Map(_)) => Some(mismatch(path, ty)),
        (Ty::Str, _) => None,
        (Ty::Time, Value::String(text)) => {
            crate::go::check_rfc3339(text).err().map(|error| Mismatch {
                refused: Some(error),
                ..mismatch(path, ty)
            })
        }
        (Ty::Bool, Value::Bool(_)) => None,
        (Ty::Bool, _) => Some(mismatch(path, ty)),
        (Ty::Struct(s), Value::Map(m)) => check_struct(m, s, path),
        (Ty::Strings | Ty::Anything | Ty::Structs(_), Value::List(items)) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                let found = match ty {
                    Ty::Strings => check(item, Ty::Str, within, path),
                    Ty::Structs(s) => check(item, Ty::Struct(s), within, path),
                    _ => None,
                };
                path.pop();
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        (Ty::StringMap, Value::Map(m)) => {
            for (key, item) in sorted(m) {
                path.push(Step::Key(key.clone()));
                let found = check(item, Ty::Str, within, path);
                path.pop();
                if found.is_some() {
                    return found;
                }
            }
            None
        }
        _ => Some(mismatch(path, ty)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(yaml: &str) -> Map {
        match crate::values::parse_yaml_document(yaml, "Chart.yaml", false) {
            Ok(Value::Map(m)) => m,
            other => panic!("{other:?}"),
        }
    }

    /// Go's `encoding/json` folds case (and `ſ`, `K`) but keeps `-` and `_`; the later key
    /// in sorted order wins, unless it is `null`.
    #[test]
    fn keys_are_named_as_go_matches_them() {
        assert!(folds_to("NAME", "name") && folds_to("\u{17F}ources", "sources"));
        assert!(folds_to("\u{212A}ubeVersion", "kubeVersion"));
        assert!(!folds_to("app_version", "appVersion") && !folds_to("names", "name"));
        let named = go_field_names(&map(
            "NAME: a\nname: b\nVersion: 1\nversion: ~\nMaintainers:\n- EMAIL: e\nx-y: z\n",
        ))
        .unwrap_or_else(|| panic!("renamed"));
        let text = |k: &str| named.get(k).map(crate::yaml::go_string);
        assert_eq!(text("name").as_deref(), Some("b"));
        assert_eq!(text("version").as_deref(), Some("1"));
        assert_eq!(text("x-y").as_deref(), Some("z"));
        let maintainer = match named.get("maintainers") {
            Some(Value::List(l)) => l[0].as_map().and_then(|m| m.get("email")).cloned(),
            _ => None,
        };
        assert_eq!(maintainer, Some(Value::String("e".into())));
        assert!(go_field_names(&map("name: a\nversion: 1\nextra: 2\n")).is_none());
    }

    fn message(yaml: &str, helm: HelmVersion) -> Option<String> {
        let m =
            crate::values::parse_values_map(yaml, "Chart.yaml").unwrap_or_else(|e| panic!("{e}"));
        metadata_mismatch(&m).map(|e| e.go_message(helm))
    }

    /// Helm's own words for each (3.17, 4.1 and 4.3 printed these).
    #[test]
    fn type_errors_in_helms_words() {
        let cases: &[(&str, &str, &str, &str)] = &[
            (
                "description: [a]",
                "json: cannot unmarshal array into Go struct field Metadata.description of type string",
                "json: cannot unmarshal array into Go struct field Metadata.description of type string",
                "json: cannot unmarshal array into Go struct field .description of type string",
            ),
            (
                "annotations: {a: [b]}",
                "json: cannot unmarshal array into Go struct field Metadata.annotations of type string",
                "json: cannot unmarshal array into Go struct field Metadata.annotations of type string",
                "json: cannot unmarshal array into Go struct field .annotations.a of type string",
            ),
            (
                "maintainers: [a]",
                "json: cannot unmarshal string into Go struct field Metadata.maintainers of type chart.Maintainer",
                "json: cannot unmarshal string into Go struct field Metadata.maintainers of type v2.Maintainer",
                "json: cannot unmarshal string into .maintainers.0 of type v2.Maintainer",
            ),
            (
                "maintainers: [{name: [x]}]",
                "json: cannot unmarshal array into Go struct field Maintainer.maintainers.name of type string",
                "json: cannot unmarshal array into Go struct field Maintainer.maintainers.name of type string",
                "json: cannot unmarshal array into Go struct field .maintainers.0.name of type string",
            ),
            (
                "dependencies: [{name: sub, version: 1, tags: a}]",
                "json: cannot unmarshal string into Go struct field Dependency.dependencies.tags of type []string",
                "json: cannot unmarshal string into Go struct field Dependency.dependencies.tags of type []string",
                "json: cannot unmarshal string into Go struct field .dependencies.0.tags of type []string",
            ),
            (
                "deprecated: \"x\"",
                "json: cannot unmarshal string into Go struct field Metadata.deprecated of type bool",
                "json: cannot unmarshal string into Go struct field Metadata.deprecated of type bool",
                "json: cannot unmarshal string into Go struct field .deprecated of type bool",
            ),
            (
                "maintainers: 5",
                "json: cannot unmarshal number into Go struct field Metadata.maintainers of type []*chart.Maintainer",
                "json: cannot unmarshal number into Go struct field Metadata.maintainers of type []*v2.Maintainer",
                "json: cannot unmarshal number into Go struct field .maintainers of type []*v2.Maintainer",
            ),
            (
                "dependencies: {a: 1}",
                "json: cannot unmarshal object into Go struct field Metadata.dependencies of type []*chart.Dependency",
                "json: cannot unmarshal object into Go struct field Metadata.dependencies of type []*v2.Dependency",
                "json: cannot unmarshal object into Go struct field .dependencies of type []*v2.Dependency",
            ),
            (
                "dependencies: [{name: s, import-values: a}]",
                "json: cannot unmarshal string into Go struct field Dependency.dependencies.import-values of type []interface {}",
                "json: cannot unmarshal string into Go struct field Dependency.dependencies.import-values of type []interface {}",
                "json: cannot unmarshal string into Go struct field .dependencies.0.import-values of type []interface {}",
            ),
            // Keys in sorted order: `appVersion` before `description`, `dependencies` before
            // `keywords` (whose `tags: [1]` is a string list all the same).
            (
                "description: [a]\nappVersion: [b]",
                "json: cannot unmarshal array into Go struct field Metadata.appVersion of type string",
                "json: cannot unmarshal array into Go struct field Metadata.appVersion of type string",
                "json: cannot unmarshal array into Go struct field .appVersion of type string",
            ),
            (
                "keywords: [[x]]\ndependencies: [{name: s, tags: [1]}]",
                "json: cannot unmarshal array into Go struct field Metadata.keywords of type string",
                "json: cannot unmarshal array into Go struct field Metadata.keywords of type string",
                "json: cannot unmarshal array into .keywords.0 of type string",
            ),
        ];
        for (yaml, v3, v4, v4_3) in cases {
            assert_eq!(
                message(yaml, HelmVersion::V3_17).as_deref(),
                Some(*v3),
                "{yaml}"
            );
            assert_eq!(
                message(yaml, HelmVersion::V4_1).as_deref(),
                Some(*v4),
                "{yaml}"
            );
            assert_eq!(
                message(yaml, HelmVersion::V4_3).as_deref(),
                Some(*v4_3),
                "{yaml}"
            );
        }
    }

    #[test]
    fn what_go_takes_is_no_error() {
        for yaml in [
            "keywords: [1, true, 1.5]",
            "annotations: {a: 1, b: true}",
            "maintainers: [{name: a, url: 5}, null]",
            "dependencies: [{name: s, import-values: [1, {a: b}]}]",
            "description: 5\nversion: 1.0\ndeprecated: false\nunknown: [x]",
            "sources: null\nannotations: null",
        ] {
            assert_eq!(message(yaml, HelmVersion::V4_3), None, "{yaml}");
        }
    }
}
