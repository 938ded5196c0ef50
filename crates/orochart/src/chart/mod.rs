//! Helm's chart model: loading a chart from a folder, a `.tgz` archive or an in-memory set of
//! files (the built-in chart), as Helm's `pkg/chart/loader` does.
//!
//! A chart is `Chart.yaml` (apiVersion v1 with `requirements.yaml`, or v2), `values.yaml`, an
//! optional `values.schema.json`, `templates/`, its dependencies under `charts/` (folders or
//! archives, at any depth) and every other file, kept for `.Files` (`crds/` among them). Every
//! file under `templates/` is a template; files whose name starts with `_` are partials and
//! `NOTES.txt` is never printed, as in Helm (helm-semantics.md §1.1).

mod decode;
pub mod deps;
mod failure;
mod file;
pub mod ignore;
pub mod load;
pub mod source;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use deps::Dependency;
pub use file::FileBytes;
pub use load::BufferedFile;
pub use source::{Archive, ChartSource, InMemory, OnDisk};

use crate::error::{Error, Result};
use crate::value::{Map, Value};

/// The annotation of `Chart.yaml` that names a chart's template dialect (see
/// [`crate::render::Dialect`]).
pub const DIALECT_ANNOTATION: &str = "orochart.io/template-dialect";

/// The fields of `Chart.yaml`, with Helm's template names (`.Chart.Name`, `.Chart.AppVersion`…).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChartMetadata {
    /// `apiVersion` (v2).
    pub api_version: String,
    /// `name`.
    pub name: String,
    /// `version` (SemVer 2).
    pub version: String,
    /// `appVersion`.
    pub app_version: String,
    /// `description`.
    pub description: String,
    /// `type` (`application` or `library`).
    pub chart_type: String,
    /// `kubeVersion` constraint.
    pub kube_version: String,
    /// `home`.
    pub home: String,
    /// `icon`.
    pub icon: String,
    /// `deprecated`.
    pub deprecated: bool,
    /// `keywords`.
    pub keywords: Vec<String>,
    /// `sources`.
    pub sources: Vec<String>,
    /// `annotations`.
    pub annotations: Map,
    /// `maintainers`, as given.
    pub maintainers: Vec<Value>,
    /// `dependencies` (or, for apiVersion v1, those of `requirements.yaml`).
    pub dependencies: Vec<Dependency>,
    /// Whether `dependencies` is given as a list, even `[]` (a non-nil Go slice): Helm then
    /// runs its dependency passes, which coalesce the values once more (and log their
    /// warnings again).
    pub dependencies_declared: bool,
}

impl ChartMetadata {
    /// The `.Chart` object templates see under `profile`: Helm 4 hands templates a map of
    /// every field of its metadata, which `toJson .Chart` shows whole (`Condition`,
    /// `Dependencies`, `Tags`, maintainers as `Email`/`Name`/`URL`).
    pub fn to_template_value_for(&self, profile: &crate::profile::HelmProfile) -> Value {
        let mut v = self.to_template_value();
        if profile.chart_object == crate::profile::ChartObject::GoFields {
            if let Value::Map(m) = &mut v {
                let s = |v: &str| Value::String(v.to_owned());
                m.insert("Condition".into(), s(""));
                m.insert("Tags".into(), s(""));
                m.insert("Dependencies".into(), Value::List(Vec::new()));
                let maintainers = self
                    .maintainers
                    .iter()
                    .map(|mt| {
                        let field = |k: &str| match mt {
                            Value::Map(mm) => match mm.get(k) {
                                Some(Value::String(x)) => s(x),
                                _ => s(""),
                            },
                            _ => s(""),
                        };
                        let mut o = Map::new();
                        o.insert("Email".into(), field("email"));
                        o.insert("Name".into(), field("name"));
                        o.insert("URL".into(), field("url"));
                        Value::Map(o)
                    })
                    .collect();
                m.insert("Maintainers".into(), Value::List(maintainers));
                // A nil Go map: `null`.
                if self.template_annotations().is_empty() {
                    m.insert("Annotations".into(), Value::Null);
                }
            }
        }
        v
    }

    /// The annotations templates see: all of them, but for the one that makes a chart
    /// minijinja (`orochart.io/template-dialect: minijinja`), which only orochart reads: Helm
    /// cannot render such a chart, so a minijinja template's `.Chart.Annotations` is what the
    /// same chart written in Go templates, without the annotation, shows under Helm. A Go chart
    /// that names its dialect (`go`) keeps the annotation, as Helm shows it.
    fn template_annotations(&self) -> Map {
        let mut annotations = self.annotations.clone();
        if annotations.get(DIALECT_ANNOTATION).and_then(Value::as_str) == Some("minijinja") {
            annotations.remove(DIALECT_ANNOTATION);
        }
        annotations
    }

    /// The `.Chart` object templates see, with Helm's field names.
    pub fn to_template_value(&self) -> Value {
        let mut m = Map::new();
        let s = |v: &str| Value::String(v.to_owned());
        m.insert("APIVersion".into(), s(&self.api_version));
        m.insert("Name".into(), s(&self.name));
        m.insert("Version".into(), s(&self.version));
        m.insert("AppVersion".into(), s(&self.app_version));
        m.insert("Description".into(), s(&self.description));
        m.insert("Type".into(), s(&self.chart_type));
        m.insert("KubeVersion".into(), s(&self.kube_version));
        m.insert("Home".into(), s(&self.home));
        m.insert("Icon".into(), s(&self.icon));
        m.insert("Deprecated".into(), Value::Bool(self.deprecated));
        m.insert(
            "Keywords".into(),
            Value::List(self.keywords.iter().map(|k| s(k)).collect()),
        );
        m.insert(
            "Sources".into(),
            Value::List(self.sources.iter().map(|k| s(k)).collect()),
        );
        m.insert(
            "Annotations".into(),
            Value::Map(self.template_annotations()),
        );
        m.insert("Maintainers".into(), Value::List(self.maintainers.clone()));
        m.insert("IsRoot".into(), Value::Bool(true));
        Value::Map(m)
    }
}

/// Helm's name of a template, as `# Source:` lines, errors, `include` and `template` use it:
/// `<chart path>/templates/<path>`, where the chart path is the chart's name (or alias), and a
/// subchart's is its parent's path, `/charts/` and its own name (`app/charts/db`). With an
/// empty `path`, the prefix every template of that chart shares.
pub fn template_name(chart_path: &str, path: &str) -> String {
    format!("{chart_path}/templates/{path}")
}

/// One template file: its path below `templates/` and its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateFile {
    /// Path relative to the chart's `templates/` folder, with `/` separators (`sub/a.yaml`).
    pub path: String,
    /// The template source, shared with the Go engine's parse trees (which keep ranges of
    /// it instead of a copy).
    pub source: Arc<String>,
}

impl TemplateFile {
    /// Whether Helm renders this file into the output: not a `_` partial, not `NOTES.txt`.
    pub fn is_rendered(&self) -> bool {
        let base = self.path.rsplit('/').next().unwrap_or(&self.path);
        !base.starts_with('_') && !self.path.ends_with("NOTES.txt")
    }
}

/// A loaded chart. Its parts are read through methods ([`Chart::metadata`],
/// [`Chart::templates`], [`Chart::files`], …); a chart is built by loading it ([`Chart::load`],
/// [`Chart::from_files`]), so that what Helm's loader guarantees holds for every chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// `Chart.yaml`.
    pub(crate) metadata: ChartMetadata,
    /// The chart's own `values.yaml` (numbers as floats, as Helm reads them): its first YAML
    /// document, as Helm 3 reads it. See [`Chart::values_for`] for another Helm's reading.
    pub(crate) values: Map,
    /// `values.yaml` with every document merged, as Helm 4 reads it, when it has more than one
    /// document (`None`: the same as `values`).
    pub(crate) values_all_documents: Option<Map>,
    /// `values.schema.json`, if the chart has one. For the built-in chart, without its
    /// annotation keywords (`description`, `default`, `title`: they never change what
    /// validates; `orochart show schema` prints them), and built on first use.
    pub(crate) schema: Option<crate::schema::Schema>,
    /// Every file under `templates/`, sorted by path.
    pub(crate) templates: Vec<TemplateFile>,
    /// Where the chart came from (a folder, or `<built-in>`), for messages.
    pub(crate) origin: String,
    /// Every other file (Helm's `Chart.Files`: what `.Files` reads, `crds/` included), by path
    /// inside the chart, in load order.
    pub(crate) files: Vec<(String, FileBytes)>,
    /// The charts under `charts/` (folders and archives), in name order.
    pub(crate) dependencies: Vec<Chart>,
    /// What an engine compiled of the chart ahead of time, when it was loaded from such a
    /// build (`crate::embedded`). Kept opaque, so that the chart model knows no engine: the
    /// engine that made it downcasts it.
    pub(crate) ahead_of_time: Option<&'static (dyn std::any::Any + Send + Sync)>,
    /// Where Helm's loader stops on this chart or a subchart, first first, each for the Helms
    /// it stops ([`Chart::load_failure`] tells the first for a Helm). Empty for nearly every
    /// chart. orochart's load stops where every Helm's does.
    pub(crate) failures: Vec<failure::LoadFailure>,
    /// What Helm's loader logs while it reads this chart and its subcharts, in order
    /// ([`Chart::load_warnings`]).
    pub(crate) notes: Vec<LoadNote>,
}

/// A line Helm's loader logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoadNote {
    /// A chart of apiVersion v2 with a `requirements.yaml`.
    RequirementsYaml,
    /// A chart of apiVersion v2 with a `requirements.lock`.
    RequirementsLock,
}

impl Chart {
    /// `Chart.yaml`.
    pub fn metadata(&self) -> &ChartMetadata {
        &self.metadata
    }

    /// The chart's own `values.yaml` (numbers as floats, as Helm reads them): its first YAML
    /// document, as Helm 3 reads it. See [`Chart::values_for`] for another Helm's reading.
    pub fn values(&self) -> &Map {
        &self.values
    }

    /// `values.schema.json`, if the chart has one.
    pub fn schema(&self) -> Option<&crate::schema::Schema> {
        self.schema.as_ref()
    }

    /// Every file under `templates/`, sorted by path.
    pub fn templates(&self) -> &[TemplateFile] {
        &self.templates
    }

    /// Where the chart came from (a folder, an archive, `<built-in>`), for messages.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Every other file (Helm's `Chart.Files`: what `.Files` reads, `crds/` included), by path
    /// inside the chart, in load order.
    pub fn files(&self) -> &[(String, FileBytes)] {
        &self.files
    }

    /// The charts under `charts/` (folders and archives), in name order.
    pub fn dependencies(&self) -> &[Chart] {
        &self.dependencies
    }

    /// The dependencies Chart.yaml declares that no chart under `charts/` answers (by name, as
    /// Helm's `CheckDependencies` matches them), in Chart.yaml's order.
    pub fn missing_dependencies(&self) -> Vec<&str> {
        self.metadata
            .dependencies
            .iter()
            .filter(|r| !self.dependencies.iter().any(|d| d.name() == r.name))
            .map(|r| r.name.as_str())
            .collect()
    }

    /// The chart's values as `.Values` starts from under `profile`: Helm 4 merges every
    /// document of values.yaml, Helm 4.2+ drops its `null`s.
    pub fn values_for(&self, profile: &crate::profile::HelmProfile) -> std::borrow::Cow<'_, Map> {
        crate::values::chart_defaults(self.values_read(profile.values.all_documents), profile)
    }

    /// values.yaml as a Helm reads it: with `all_documents` (Helm 4), every document merged
    /// and the last line with its line feed; else the first document.
    pub(crate) fn values_read(&self, all_documents: bool) -> &Map {
        match &self.values_all_documents {
            Some(all) if all_documents => all,
            _ => &self.values,
        }
    }

    /// The CRD files under `crds/` (`.yaml`, `.yml`, `.json`, any case), sorted by path:
    /// printed raw, not templated, with `--include-crds`. The path is relative to `crds/`.
    pub fn crds(&self) -> Vec<(&str, &FileBytes)> {
        let mut crds: Vec<(&str, &FileBytes)> = self
            .files
            .iter()
            .filter_map(|(p, d)| {
                let rel = p.strip_prefix("crds/")?;
                is_manifest_file(rel).then_some((rel, d))
            })
            .collect();
        crds.sort_by(|a, b| a.0.cmp(b.0));
        crds
    }

    /// The first of the chart's files (its subcharts' too) that a use tried to read and
    /// could not: a chart folder's files are read on first use ([`FileBytes`]).
    pub(crate) fn read_failure(&self) -> Option<Error> {
        self.files
            .iter()
            .find_map(|(_, bytes)| bytes.failure())
            .or_else(|| self.dependencies.iter().find_map(Chart::read_failure))
    }

    /// The chart's name (`Chart.yaml` `name`).
    pub fn name(&self) -> &str {
        &self.metadata.name
    }

    /// The source of a template by its full name, as errors and `# Source:` lines name it:
    /// `chart/templates/a.yaml`, or a subchart's `chart/charts/sub/templates/a.yaml`.
    pub fn template_source(&self, full_name: &str) -> Option<&str> {
        let rest = full_name.strip_prefix(self.name())?.strip_prefix('/')?;
        if let Some(path) = rest.strip_prefix("templates/") {
            return self
                .templates
                .iter()
                .find(|t| t.path == path)
                .map(|t| t.source.as_str());
        }
        let sub = rest.strip_prefix("charts/")?;
        let name = sub.split('/').next()?;
        self.dependencies
            .iter()
            .find(|d| d.name() == name)
            .and_then(|d| d.template_source(sub))
    }

    /// Loads a chart from any [`ChartSource`]: its files sorted as Helm's `LoadFiles` does
    /// ([`Chart::from_buffered`]).
    ///
    /// A failure of Helm's loader that every Helm meets past `Chart.yaml` (values.yaml that
    /// is not YAML, metadata Helm's validation refuses) is an error, in the default Helm's
    /// words; others are told per Helm by [`Chart::load_failure`].
    pub fn load(source: &dyn ChartSource) -> Result<Chart> {
        Chart::from_loaded(&source.origin(), source.chart_files()?).and_then(Chart::or_failure)
    }

    /// The chart, or its failure for every Helm (but a `Chart.yaml` Go cannot decode, told
    /// by [`Chart::load_failure`]) as an error in the default Helm's words.
    fn or_failure(self) -> Result<Chart> {
        let common = self.failures.iter().find(|f| {
            f.helms == failure::Helms::ALL
                && !matches!(
                    f.cause,
                    failure::Cause::Decode {
                        name: "Chart.yaml",
                        ..
                    }
                )
        });
        match common {
            Some(f) => Err(f.error(crate::profile::HelmVersion::default(), &self.origin)),
            None => Ok(self),
        }
    }

    /// Loads a chart folder (with its `.helmignore`) or a chart archive (`.tgz`): the
    /// [`OnDisk`] source.
    pub fn load_dir(path: impl AsRef<Path>) -> Result<Chart> {
        Chart::load(&OnDisk::new(path))
    }

    /// Builds a chart from in-memory files, keyed by their path inside the chart folder
    /// (`Chart.yaml`, `values.yaml`, `templates/deployment.yaml`, …). Used for the built-in chart.
    pub fn from_files<I, P, S>(origin: &str, files: I) -> Result<Chart>
    where
        I: IntoIterator<Item = (P, S)>,
        P: Into<String>,
        S: Into<String>,
    {
        let files = files
            .into_iter()
            .map(|(p, t)| (p.into(), t.into().into_bytes()))
            .collect();
        Chart::from_buffered(origin, files)
    }

    /// Helm's `LoadFiles`: sorts a chart's files into `Chart.yaml`, values, schema, templates,
    /// subcharts (`charts/<name>/…` folders and `charts/<name>.tgz` archives, loaded in turn)
    /// and the rest (`.Files`). Failures as [`Chart::load`] tells them.
    pub fn from_buffered(origin: &str, files: Vec<BufferedFile>) -> Result<Chart> {
        Chart::from_buffered_noting_failures(origin, files).and_then(Chart::or_failure)
    }

    /// [`Chart::from_buffered`], every failure of Helm's loader kept for
    /// [`Chart::load_failure`].
    fn from_buffered_noting_failures(origin: &str, files: Vec<BufferedFile>) -> Result<Chart> {
        let files = files
            .into_iter()
            .map(|(path, bytes)| (path, FileBytes::new(bytes)))
            .collect();
        Chart::from_loaded(origin, files)
    }

    /// [`Chart::from_buffered`] of files that may not be read yet: what the loader needs
    /// (Chart.yaml, values, schema, templates, subchart archives) is read now, the rest
    /// (`.Files`) when first used.
    pub(crate) fn from_loaded(origin: &str, files: Vec<(String, FileBytes)>) -> Result<Chart> {
        // Valid UTF-8 (nearly every file) is taken as it is, without a copy.
        let text = |b: FileBytes| -> Result<String> {
            Ok(String::from_utf8(b.into_vec()?)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
        };
        let mut chart_yaml = None;
        let mut values_yaml = None;
        // values.yaml's bytes that are not UTF-8: go-yaml's error, and the text before them.
        let mut values_not_utf8 = None;
        let mut schema = None;
        // Chart.lock, requirements.lock and requirements.yaml, in the order of the files:
        // Helm reads them (and values.yaml) in that order, and the first that fails is its
        // error.
        let mut others: Vec<(String, FileBytes)> = Vec::new();
        // Where values.yaml comes among them.
        let mut values_at = 0;
        let mut templates = Vec::new();
        let mut rest = Vec::new();
        let mut subcharts: std::collections::BTreeMap<String, Vec<(String, FileBytes)>> =
            std::collections::BTreeMap::new();
        for (path, data) in files {
            match path.as_str() {
                // Bytes that are not UTF-8 are go-yaml's error where it meets them; the text
                // before them is read when a syntax error stops it first.
                "Chart.yaml" => {
                    let path = std::path::Path::new(origin).join("Chart.yaml");
                    chart_yaml = Some(match crate::input::utf8(&path, data.into_vec()?) {
                        Ok(text) => text,
                        Err(e) => chart_yaml_before_bad_bytes(e, origin)?,
                    });
                }
                "values.yaml" => {
                    let path = std::path::Path::new(origin).join("values.yaml");
                    match crate::input::utf8(&path, data.into_vec()?) {
                        Ok(text) => values_yaml = Some(text),
                        Err(e) => {
                            values_yaml = crate::input::text_before_bad_bytes(&e)
                                .map(|(before, _)| before.to_owned());
                            values_not_utf8 = Some(e);
                        }
                    }
                    values_at = others.len();
                }
                // Go reads the schema's bytes (a byte that is not UTF-8 is named as such).
                "values.schema.json" => schema = Some(data.into_vec()?),
                "Chart.lock" | "requirements.yaml" | "requirements.lock" => {
                    others.push((path, data));
                }
                p => {
                    if let Some(rel) = p.strip_prefix("templates/") {
                        templates.push(TemplateFile {
                            path: rel.to_owned(),
                            source: Arc::new(text(data)?),
                        });
                    } else if let Some(sub) = p.strip_prefix("charts/") {
                        if p.ends_with(".prov") {
                            rest.push((path, data));
                            continue;
                        }
                        let name = sub.split('/').next().unwrap_or(sub).to_owned();
                        let sub = sub.to_owned();
                        subcharts.entry(name).or_default().push((sub, data));
                    } else {
                        rest.push((path, data));
                    }
                }
            }
        }
        let chart_file = format!("{origin}/Chart.yaml");
        let Some(chart_yaml) = chart_yaml else {
            return Err(Error::ChartYamlMissing {
                chart: origin.to_owned(),
                folder: false,
            });
        };
        // A chart whose load stops (for every Helm) at `failure`: nothing more is read.
        let mut notes = Vec::new();
        let stopped = |metadata: ChartMetadata,
                       failures: Vec<failure::LoadFailure>,
                       notes: Vec<LoadNote>| Chart {
            metadata,
            values: Map::new(),
            values_all_documents: None,
            schema: None,
            templates: Vec::new(),
            origin: origin.to_owned(),
            files: Vec::new(),
            dependencies: Vec::new(),
            ahead_of_time: None,
            failures,
            notes,
        };
        let (mut metadata, mut nulls) = match parse_metadata(&chart_yaml, &chart_file)? {
            Ok(parsed) => parsed,
            // Helm's load stops at this `Chart.yaml`: nothing else of the chart is read.
            Err((metadata, mismatch)) => {
                let cause = failure::Cause::Decode {
                    name: "Chart.yaml",
                    file: chart_file,
                    mismatch,
                };
                return Ok(stopped(
                    metadata,
                    vec![failure::LoadFailure::new(failure::Helms::ALL, cause)],
                    Vec::new(),
                ));
            }
        };
        let mut failures = Vec::new();
        let values_file = format!("{origin}/values.yaml");
        // Helm 4 merges every document, and reads the last line with a line feed: its reading
        // differs from the first document's only when there is a separator or no final line
        // feed.
        let read_apart = |text: &str| {
            text.starts_with("---")
                || text.contains("\n---")
                || !(text.is_empty() || text.ends_with('\n'))
        };
        // The first document of values.yaml, as every Helm reads it; a failure stops them all.
        // Where Helm 4 reads the text apart and fails too, its own error is its failure (a
        // quoted scalar open at the end of a file without a final line feed ends a line later).
        // values.yaml's failure for `helms`: `first` when it is the first document's.
        let values_failure = |helms, e: Error, text: &str, first: bool| {
            failure::LoadFailure::of_file(helms, "values.yaml", e.with_source(text), first)
        };
        // Bytes that are not UTF-8 are go-yaml's error where it meets them (a syntax error
        // earlier, or the end of the first document for Helm 3, stops it before): `values_yaml`
        // is then the text before them, and these say which Helms meet them in the first
        // document, or only in a later one (Helm 4).
        let (bad_in_first, bad_in_later) = match &values_not_utf8 {
            None => (false, false),
            Some(e) => {
                let meets = |helm: crate::profile::HelmVersion| {
                    crate::values::text_go_yaml_stops_in(helm.profile(), e, &values_file)
                        .map(|stops| stops.is_none())
                };
                let first = meets(crate::profile::HelmVersion::V3_17)?;
                let all = meets(crate::profile::HelmVersion::V4_3)?;
                (first, all && !first)
            }
        };
        // Their error, as go-yaml words it (`yaml: invalid leading UTF-8 octet`).
        let bad_bytes = |prefix: &str| {
            let words = values_not_utf8.as_ref().map(bad_bytes_words);
            bad_bytes_error(values_file.clone(), prefix, &words.unwrap_or_default())
        };
        let first_document =
            |text: &str| -> Result<std::result::Result<Map, Vec<failure::LoadFailure>>> {
                if bad_in_first {
                    return values_failure(failure::Helms::ALL, bad_bytes(""), text, true)
                        .map(|f| Err(vec![f]));
                }
                let e = match crate::values::parse_values_map(text, &values_file) {
                    Ok(values) => return Ok(Ok(values)),
                    Err(e) => e,
                };
                let apart = if read_apart(text) {
                    crate::values::parse_values_all_documents(text, &values_file).err()
                } else {
                    None
                };
                let Some(e4) = apart else {
                    return values_failure(failure::Helms::ALL, e, text, true)
                        .map(|f| Err(vec![f]));
                };
                let all_documents = failure::Helms::matching(|p| p.values.all_documents);
                let first = failure::Helms::matching(|p| !p.values.all_documents);
                Ok(Err(vec![
                    values_failure(first, e, text, true)?,
                    values_failure(all_documents, e4, text, false)?,
                ]))
            };
        // values.yaml with every document merged, as Helm 4 reads it, when that differs from
        // its first document (`None`); a later document that fails, fails only the Helms that
        // read it.
        let all_documents =
            |text: &str| -> Result<std::result::Result<Option<Map>, failure::LoadFailure>> {
                if bad_in_later {
                    // A later document's error is worded as Helm 4 words its documents'.
                    let helms = failure::Helms::matching(|p| p.values.all_documents);
                    let prefix = crate::profile::HelmVersion::V4_3
                        .profile()
                        .messages
                        .values_document_prefix;
                    return values_failure(helms, bad_bytes(prefix), text, false).map(Err);
                }
                if !read_apart(text) {
                    return Ok(Ok(None));
                }
                match crate::values::parse_values_all_documents(text, &values_file) {
                    Ok(all) => Ok(Ok(Some(all))),
                    Err(e) => {
                        let helms = failure::Helms::matching(|p| p.values.all_documents);
                        values_failure(helms, e, text, false).map(Err)
                    }
                }
            };
        // The files Helm reads before values.yaml, then those after it.
        let mut others = others.into_iter();
        let mut read_others = |others: &mut std::vec::IntoIter<(String, FileBytes)>,
                               count: usize,
                               metadata: &mut ChartMetadata,
                               nulls: &mut Nulls,
                               notes: &mut Vec<LoadNote>| {
            for (path, data) in others.by_ref().take(count) {
                if let Some(failure) =
                    read_loader_file(origin, &path, &data, metadata, nulls, notes)?
                {
                    return Ok(Some(failure));
                }
                // Helm keeps them as files of an apiVersion v1 chart only.
                if path != "Chart.lock" && metadata.api_version == "v1" {
                    rest.push((path, data));
                }
            }
            Ok::<_, Error>(None)
        };
        if let Some(failure) = read_others(
            &mut others,
            values_at,
            &mut metadata,
            &mut nulls,
            &mut notes,
        )? {
            return Ok(stopped(metadata, vec![failure], notes));
        }
        // values.yaml is read here only when a file Helm reads after it follows (an archive's
        // order), to tell its failure first; else with the subcharts below.
        let mut values_read_early = None;
        if let Some(text) = values_yaml.as_deref().filter(|_| others.len() > 0) {
            match first_document(text)? {
                Ok(values) => values_read_early = Some(values),
                Err(failures) => return Ok(stopped(metadata, failures, notes)),
            }
        }
        if let Some(failure) = read_others(
            &mut others,
            usize::MAX,
            &mut metadata,
            &mut nulls,
            &mut notes,
        )? {
            return Ok(stopped(metadata, vec![failure], notes));
        }
        // Helm's `Metadata.Validate`, after the files: a failure for every Helm stops the
        // load; one for some Helms (a chart named `..`) is theirs.
        let invalid = validate(&mut metadata, &nulls);
        let invalid_for = invalid
            .iter()
            .fold(failure::Helms::NONE, |acc, f| acc.union(f.helms));
        if invalid_for == failure::Helms::ALL {
            // values.yaml's failure comes first.
            let mut all = invalid;
            if let Some(text) = values_yaml.as_deref() {
                if values_read_early.is_none() {
                    if let Err(failures) = first_document(text)? {
                        return Ok(stopped(metadata, failures, notes));
                    }
                }
                if let Err(failure) = all_documents(text)? {
                    all.insert(0, failure);
                }
            }
            return Ok(stopped(metadata, all, notes));
        }
        failures.extend(invalid);
        let (schema_text_present, has_subcharts) = (schema.is_some(), !subcharts.is_empty());
        let read_values = || -> Result<(Map, Option<Map>, Vec<failure::LoadFailure>)> {
            let Some(text) = &values_yaml else {
                return Ok((Map::new(), None, Vec::new()));
            };
            let values = match values_read_early {
                Some(values) => values,
                None => match first_document(text)? {
                    Ok(values) => values,
                    Err(failures) => return Ok((Map::new(), None, failures)),
                },
            };
            match all_documents(text)? {
                Ok(all) => Ok((values, all, Vec::new())),
                Err(failure) => Ok((values, None, vec![failure])),
            }
        };
        let parent_name = metadata.name.clone();
        let read_rest = || -> Result<(Option<crate::schema::Schema>, Vec<Chart>)> {
            let schema = match schema {
                Some(bytes) => match crate::schema::Schema::read_bytes(&bytes) {
                    // The schema keeps its text (for the numbers Helm prints as written).
                    Ok(schema) => Some(schema.keeping(bytes)),
                    Err(e) => {
                        return Err(Error::Yaml {
                            file: format!("{origin}/values.schema.json"),
                            line: e.line(),
                            column: e.column(),
                            message: e.to_string(),
                            source_line: None,
                        }
                        .with_source(&String::from_utf8_lossy(&bytes)))
                    }
                },
                None => None,
            };
            let mut dependencies = Vec::new();
            // The Helms whose load has stopped at a subchart already.
            let mut stopped = failure::Helms::NONE;
            for (name, files) in subcharts {
                if name.starts_with('_') || name.starts_with('.') {
                    continue;
                }
                let sub_origin = format!("{origin}/charts/{name}");
                let wrap = |e: Error| {
                    // Helm words a subchart archive's errors as Go does, without the file.
                    let e = match e {
                        Error::Archive { message, .. } => message,
                        e => e.to_string(),
                    };
                    Error::Chart {
                        chart: sub_origin.clone(),
                        message: format!("error unpacking subchart {name} in {parent_name}: {e}"),
                    }
                };
                let sub = if name.ends_with(".tgz") {
                    let Some((_, data)) = files.into_iter().find(|(n, _)| *n == name) else {
                        return Err(wrap(Error::Invalid(format!(
                            "error unpacking subchart tar in {parent_name}: expected {name}"
                        ))));
                    };
                    let data = data.into_vec().map_err(wrap)?;
                    let (files, stops) = load::read_archive_per_helm(&data, &sub_origin);
                    let mut sub = files
                        .and_then(|f| Chart::from_buffered_noting_failures(&sub_origin, f))
                        .map_err(wrap)?;
                    // Helms that stop at the archive's size read nothing of it.
                    for stop in stops.into_iter().rev() {
                        let cause = failure::Cause::Archive(stop.message);
                        sub.failures
                            .insert(0, failure::LoadFailure::new(stop.helms, cause));
                    }
                    sub
                } else {
                    let inner = files
                        .into_iter()
                        .filter_map(|(n, d)| n.split_once('/').map(|(_, r)| (r.to_owned(), d)))
                        .collect();
                    Chart::from_loaded(&sub_origin, inner).map_err(wrap)?
                };
                for f in &sub.failures {
                    stopped = stopped.union(f.helms);
                }
                dependencies.push(sub);
                // Every Helm's load ends at a subchart that fails it.
                if stopped == failure::Helms::ALL {
                    break;
                }
            }
            Ok((schema, dependencies))
        };
        // The values file, and the schema with the subcharts, are independent: a large values
        // file is read on a second thread meanwhile. Errors keep the order of a reading one
        // after the other (values first).
        let worth_a_thread = values_yaml
            .as_ref()
            .is_some_and(|t| t.len() >= PARALLEL_VALUES_BYTES)
            && (schema_text_present || has_subcharts);
        let ((values, values_all_documents, values_failure), (schema, dependencies)) =
            if worth_a_thread {
                let (values, others) = on_two_threads(read_values, read_rest);
                (values?, others?)
            } else {
                (read_values()?, read_rest()?)
            };
        let values_failed_for = values_failure
            .iter()
            .fold(failure::Helms::NONE, |acc, f| acc.union(f.helms));
        if values_failed_for == failure::Helms::ALL {
            return Ok(stopped(metadata, values_failure, notes));
        }
        // Before the validation's.
        failures.splice(0..0, values_failure);
        templates.sort_by(|a, b| a.path.cmp(&b.path));
        // The subcharts' failures are this chart's too, under Helm's prefix, and their logs
        // follow this chart's (subcharts are read in name order, as `subcharts` is sorted).
        for sub in &dependencies {
            let name = sub.origin.rsplit('/').next().unwrap_or(&sub.origin);
            failures.extend(
                sub.failures
                    .iter()
                    .map(|f| f.in_parent(name, &metadata.name)),
            );
            notes.extend_from_slice(&sub.notes);
        }
        Ok(Chart {
            metadata,
            values,
            values_all_documents,
            schema,
            templates,
            origin: origin.to_owned(),
            files: rest,
            dependencies,
            ahead_of_time: None,
            failures,
            notes,
        })
    }

    /// What stops `helm`'s Helm loading this chart where orochart's loader went on, as that
    /// Helm words it: a `Chart.yaml` value Go cannot decode (`cannot load Chart.yaml: error
    /// unmarshaling JSON: …`), another file of the chart it cannot read (`cannot load
    /// values.yaml: …`), its metadata's validation (`validation: …`), this chart's or a
    /// subchart's; and for Helm 4 an `apiVersion` other than `v1`, `v2` and `v3`
    /// (`unsupported chart version`).
    pub fn load_failure(&self, helm: crate::profile::HelmVersion) -> Option<Error> {
        let failure = self.failures.iter().find(|f| f.helms.has(helm));
        // An archive too large for this Helm: nothing of it is read.
        if let Some(f) = failure.filter(|f| f.is_top_archive()) {
            return Some(f.error(helm, &self.origin));
        }
        // Helm 4 reads the top chart's `apiVersion` alone first.
        if helm.logs_with_slog() {
            if let Some(failure::Cause::Decode { file, mismatch, .. }) =
                failure.filter(|f| f.is_api_version()).map(|f| &f.cause)
            {
                return Some(Error::ChartYaml {
                    file: file.clone(),
                    line: 0,
                    column: 0,
                    message: format!(
                        "error unmarshaling JSON: while decoding JSON: {}",
                        mismatch.go_message_within(helm, "chartBase")
                    ),
                    source_line: None,
                });
            }
            if !["v1", "v2", "v3"].contains(&self.metadata.api_version.as_str()) {
                return Some(Error::Chart {
                    chart: self.origin.clone(),
                    message: "unsupported chart version".into(),
                });
            }
        }
        failure.map(|f| f.error(helm, &self.origin))
    }

    /// The lines Helm's loader logs reading this chart and its subcharts, as `helm` writes
    /// them: an apiVersion v2 chart with a `requirements.yaml` or a `requirements.lock`.
    pub fn load_warnings(&self, helm: crate::profile::HelmVersion) -> Vec<String> {
        let (yaml_line, lock_line) = helm.profile().messages.requirements_warning_lines;
        if self
            .failures
            .iter()
            .any(|f| f.is_top_archive() && f.helms.has(helm))
        {
            return Vec::new();
        }
        self.notes
            .iter()
            .map(|note| {
                let (line, message) = match note {
                    LoadNote::RequirementsYaml => (
                        yaml_line,
                        "Warning: Dependencies are handled in Chart.yaml since apiVersion \"v2\". We recommend migrating dependencies to Chart.yaml.",
                    ),
                    LoadNote::RequirementsLock => (
                        lock_line,
                        "Warning: Dependency locking is handled in Chart.lock since apiVersion \"v2\". We recommend migrating to Chart.lock.",
                    ),
                };
                if helm.logs_with_slog() {
                    crate::template_flags::slog_line("INFO", message, &[])
                } else {
                    format!("load.go:{line}: {message}")
                }
            })
            .collect()
    }

    /// Whether the chart has subcharts or declares dependencies.
    pub fn has_dependencies(&self) -> bool {
        !self.dependencies.is_empty() || !self.metadata.dependencies.is_empty()
    }

    /// Whether this is a library chart (`type: library`): its `_` partials are shared, its
    /// manifests never rendered.
    pub fn is_library(&self) -> bool {
        self.metadata.chart_type == "library"
    }

    /// Helm's check before rendering a chart as a release: only application charts (or charts
    /// without a type) are installable.
    pub fn check_installable(&self) -> Result<()> {
        let t = &self.metadata.chart_type;
        if !t.is_empty() && t != "application" {
            return Err(Error::Invalid(format!("{t} charts are not installable")));
        }
        Ok(())
    }

    /// The subcharts, at every depth, with their path in the tree (`parent/charts/child`).
    pub fn walk(&self) -> Vec<(String, &Chart)> {
        let mut out = Vec::new();
        fn go<'a>(c: &'a Chart, path: String, out: &mut Vec<(String, &'a Chart)>) {
            for d in &c.dependencies {
                go(d, format!("{path}/charts/{}", d.name()), out);
            }
            out.push((path, c));
        }
        go(self, self.name().to_owned(), &mut out);
        out
    }
}

/// The chart path of a template or `crds/` name (`p/charts/c/templates/x.yaml` →
/// `p/charts/c`): every `charts/<name>` step after the root chart's name.
pub fn origin_of(source: &str) -> &str {
    let mut end = source.find('/').unwrap_or(source.len());
    while let Some(rest) = source[end..].strip_prefix("/charts/") {
        let name_len = rest.find('/').unwrap_or(rest.len());
        end += "/charts/".len() + name_len;
    }
    &source[..end]
}

/// Helm's `hasManifestExtension`: `.yaml`, `.yml` or `.json`, in any case. Other files in
/// `crds/` are ignored.
fn is_manifest_file(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    ["yaml", "yml", "json"]
        .iter()
        .any(|e| e.eq_ignore_ascii_case(ext))
}

/// [`Chart::load_dir`], and what [`symlinks`] finds in the same folder, with one walk of the
/// folder where that is enough: when the load finds no link, in the folder or in a folder
/// `.helmignore` leaves out, there is none to find; otherwise (or when the load fails) the
/// folder is walked again for them.
pub fn load_dir_noting_symlinks(
    path: impl AsRef<Path>,
) -> (Vec<(PathBuf, PathBuf)>, Result<Chart>) {
    let path = path.as_ref();
    let source = OnDisk::new(path);
    let mut maybe_links = false;
    let origin = source.origin();
    let mut stops = Vec::new();
    let files = source.files_noting_links(&mut maybe_links, &mut stops);
    let chart = match files {
        Ok(files) => Chart::from_loaded(&origin, files).map(|mut chart| {
            // Helms that stop at the archive's size read nothing of it.
            for stop in stops.into_iter().rev() {
                let cause = failure::Cause::Archive(stop.message);
                chart
                    .failures
                    .insert(0, failure::LoadFailure::new(stop.helms, cause));
            }
            chart
        }),
        // Where the archive also fails past a stop, the default Helm's error.
        Err(e) => Err(
            match stops
                .into_iter()
                .find(|s| s.helms.has(crate::profile::HelmVersion::default()))
            {
                Some(stop) => Error::Archive {
                    file: origin.clone(),
                    message: stop.message,
                    bad_header: false,
                },
                None => e,
            },
        ),
    };
    let links = if maybe_links || chart.is_err() {
        symlinks(path)
    } else {
        Vec::new()
    };
    (links, chart)
}

/// The symbolic links in a chart folder, each with what it resolves to, in the order Helm's
/// loader meets them (sorted names, depth first, through linked folders too). Helm follows
/// them and logs each one (`found symbolic link in path: … resolves to …`); the CLI prints the
/// same line. Links that lead nowhere are left out (nothing is read through them).
pub fn symlinks(dir: impl AsRef<Path>) -> Vec<(PathBuf, PathBuf)> {
    fn walk(dir: &Path, depth: usize, out: &mut Vec<(PathBuf, PathBuf)>) {
        // Linked folders can form a loop: stop where the kernel would (ELOOP).
        if depth > 40 {
            return;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        // The listing's own kinds (no system call each), sorted by name: within one folder
        // that is the order of the full paths.
        let mut kinds: Vec<(std::ffi::OsString, std::fs::FileType)> = entries
            .filter_map(|e| {
                let e = e.ok()?;
                Some((e.file_name(), e.file_type().ok()?))
            })
            .collect();
        kinds.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        for (name, kind) in kinds {
            let path = dir.join(name);
            if kind.is_symlink() {
                let Ok(resolved) = path.canonicalize() else {
                    continue;
                };
                let is_dir = resolved.is_dir();
                out.push((path.clone(), resolved));
                if is_dir {
                    walk(&path, depth + 1, out);
                }
            } else if kind.is_dir() {
                walk(&path, depth + 1, out);
            }
        }
    }
    let dir = dir.as_ref();
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut out = Vec::new();
    walk(&dir, 0, &mut out);
    out
}

/// A chart's `values.yaml` of this size or more is read on a second thread while the chart's
/// schema and subcharts are read on this one (when it has either): about 0.3 ms of reading
/// at 32 KiB, ten times a thread's start.
const PARALLEL_VALUES_BYTES: usize = 32 << 10;

/// That thread's stack (reserved, touched only as deep as the reading goes): the YAML reader
/// recurses once per level of nesting, and a file's nesting is bounded only by its size.
const VALUES_THREAD_STACK: usize = 256 << 20;

/// `first` on a second thread and `second` on this one, side by side; both on this one when
/// no thread starts.
///
/// The core count is not asked: Rust's `available_parallelism` reads the cgroup's CPU quota
/// files (50–100 µs on the benchmark VM, as long as a small chart's whole render), and on a
/// system with one core the second thread costs its start (~30 µs), small beside the work
/// worth a thread. A CPU quota does not stop two threads from running side by side for the
/// few milliseconds of a render either.
fn on_two_threads<A: Send, B>(
    first: impl FnOnce() -> A + Send,
    second: impl FnOnce() -> B,
) -> (A, B) {
    // The closure waits here until the thread takes it: if no thread starts, it runs here.
    let slot = std::sync::Mutex::new(Some(first));
    let take = || slot.lock().ok().and_then(|mut f| f.take());
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("orochart-values".into())
            .stack_size(VALUES_THREAD_STACK)
            .spawn_scoped(scope, || take().map(|f| f()));
        let b = second();
        let a = match spawned.ok().map(|handle| handle.join()) {
            Some(Ok(Some(a))) => a,
            // A panic there goes on here.
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            // Not started (or started after all and found nothing to run: impossible, the
            // slot is emptied only by the thread or below).
            _ => match take() {
                Some(f) => f(),
                None => std::panic::resume_unwind(Box::new("orochart-values: nothing ran")),
            },
        };
        (a, b)
    })
}

/// Where a chart's metadata holds a null that Go decodes to a nil pointer, which Helm's
/// validation refuses.
#[derive(Debug, Default)]
struct Nulls {
    /// A null among `maintainers`.
    maintainer: bool,
    /// A null among the dependencies: how many dependencies come before it.
    dependency: Option<usize>,
}

impl Nulls {
    /// The first null of a `dependencies` list: how many items that are no null precede it.
    fn in_dependencies(list: Option<&Value>) -> Option<usize> {
        match list {
            Some(Value::List(items)) => items.iter().position(|v| matches!(v, Value::Null)),
            _ => None,
        }
    }
}

/// The text Helm reads of a one-document chart file whose bytes are not UTF-8 (`e`,
/// [`crate::input::utf8`]'s error): the text before them when go-yaml's scanner stops first
/// (a syntax error), else `Err` with go-yaml's words for them (`invalid leading UTF-8 octet`).
fn before_bad_bytes(e: &Error) -> std::result::Result<String, String> {
    match crate::input::text_before_bad_bytes(e) {
        Some((before, width)) if !crate::yaml::meets_what_follows(before, width) => {
            Ok(before.to_owned())
        }
        _ => Err(bad_bytes_words(e)),
    }
}

/// go-yaml's words for bytes that are not UTF-8, from [`crate::input::utf8`]'s error.
fn bad_bytes_words(e: &Error) -> String {
    match e {
        Error::Io { source, .. } => source.to_string(),
        other => other.to_string(),
    }
}

/// A chart file's error for its bytes that are not UTF-8, as Helm prints it after `cannot
/// load NAME: ` (`prefix` is Helm 4's for a later document of values.yaml).
fn bad_bytes_error(file: String, prefix: &str, words: &str) -> Error {
    Error::Yaml {
        file,
        line: 0,
        column: 0,
        message: format!("{prefix}error converting YAML to JSON: yaml: {words}"),
        source_line: None,
    }
}

/// [`before_bad_bytes`] for `Chart.yaml`, its error in Helm's words (`cannot load
/// Chart.yaml: … yaml: invalid leading UTF-8 octet`).
fn chart_yaml_before_bad_bytes(e: Error, origin: &str) -> Result<String> {
    before_bad_bytes(&e).map_err(|words| Error::ChartYaml {
        file: format!("{origin}/Chart.yaml"),
        line: 0,
        column: 0,
        message: format!("error converting YAML to JSON: yaml: {words}"),
        source_line: None,
    })
}

/// `Chart.yaml`'s fields as Helm decodes them (not yet validated: [`validate`]), and where
/// its lists hold nulls; `Ok(Err(…))` when Go could not decode one of its values into Helm's
/// `Metadata` (with what can be read: the API version and name).
#[allow(clippy::type_complexity)]
fn parse_metadata(
    text: &str,
    file: &str,
) -> Result<std::result::Result<(ChartMetadata, Nulls), (ChartMetadata, decode::Mismatch)>> {
    // A YAML error carries its line's text, for `{:#}`'s excerpt.
    let doc = crate::values::parse_yaml_document(text, file, false)
        .map_err(|e| match e {
            Error::Yaml {
                file,
                line,
                column,
                message,
                source_line,
            } => Error::ChartYaml {
                file,
                line,
                column,
                message,
                source_line,
            },
            e => e,
        })
        .map_err(|e| e.with_source(text))?;
    // An empty file (or `~`) is an empty mapping to Go; a scalar or a list it cannot decode.
    let mut m = match doc {
        Value::Map(m) => m,
        Value::Null => Map::new(),
        other => {
            let meta = ChartMetadata {
                api_version: "v1".into(),
                ..ChartMetadata::default()
            };
            return Ok(Err((meta, decode::document_mismatch(&other))));
        }
    };
    // Go's decoding names the place of a value of the wrong type as written; the fields are
    // then read by their names.
    let mismatch = decode::metadata_mismatch(&m);
    if let Some(named) = decode::go_field_names(&m) {
        m = named;
    }
    // Helm stringifies scalar fields: an unquoted `appVersion: 1.10` becomes "1.1".
    let text_field = |key: &str| -> String {
        match m.get(key) {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(v) => crate::yaml::go_string(v),
        }
    };
    // A null item is Go's empty string.
    let list_field = |key: &str| -> Vec<String> {
        match m.get(key) {
            Some(Value::List(l)) => l
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    v => crate::yaml::go_string(v),
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    // Helm 2 charts may omit it: Helm reads them as v1.
    let or_v1 = |v: String| if v.is_empty() { "v1".to_owned() } else { v };
    if let Some(mismatch) = mismatch {
        let scalar = |key: &str| match m.get(key) {
            Some(Value::List(_) | Value::Map(_)) => String::new(),
            _ => text_field(key),
        };
        let meta = ChartMetadata {
            api_version: or_v1(scalar("apiVersion")),
            name: scalar("name"),
            ..ChartMetadata::default()
        };
        return Ok(Err((meta, mismatch)));
    }
    let maintainers = match m.get("maintainers") {
        Some(Value::List(l)) => l.clone(),
        _ => Vec::new(),
    };
    let nulls = Nulls {
        maintainer: maintainers.iter().any(|v| matches!(v, Value::Null)),
        dependency: Nulls::in_dependencies(m.get("dependencies")),
    };
    let meta = ChartMetadata {
        api_version: or_v1(text_field("apiVersion")),
        name: text_field("name"),
        version: text_field("version"),
        app_version: text_field("appVersion"),
        description: text_field("description"),
        chart_type: text_field("type"),
        kube_version: text_field("kubeVersion"),
        home: text_field("home"),
        icon: text_field("icon"),
        deprecated: matches!(m.get("deprecated"), Some(Value::Bool(true))),
        keywords: list_field("keywords"),
        sources: list_field("sources"),
        annotations: m
            .get("annotations")
            .and_then(Value::as_map)
            .cloned()
            .unwrap_or_default(),
        maintainers,
        dependencies: deps::parse_list(m.get("dependencies"), file)?,
        dependencies_declared: matches!(m.get("dependencies"), Some(Value::List(_))),
    };
    Ok(Ok((meta, nulls)))
}

/// Reads one of the files Helm's loader reads besides `Chart.yaml` and `values.yaml`
/// (`Chart.lock`, `requirements.lock`, `requirements.yaml`) as Helm does: a failure where
/// Go cannot read it; `requirements.yaml`'s dependencies replace Chart.yaml's.
fn read_loader_file(
    origin: &str,
    path: &str,
    data: &FileBytes,
    metadata: &mut ChartMetadata,
    nulls: &mut Nulls,
    notes: &mut Vec<LoadNote>,
) -> Result<Option<failure::LoadFailure>> {
    let name = match path {
        "Chart.lock" => "Chart.lock",
        "requirements.lock" => "requirements.lock",
        _ => "requirements.yaml",
    };
    // Helm logs a v2 chart's requirements.yaml before it reads it, its requirements.lock
    // once read.
    let v2 = metadata.api_version != "v1";
    if v2 && name == "requirements.yaml" {
        notes.push(LoadNote::RequirementsYaml);
    }
    let file = format!("{origin}/{name}");
    // Bytes that are not UTF-8 are go-yaml's error where it meets them.
    let source = match crate::input::utf8(std::path::Path::new(&file), data.clone().into_vec()?) {
        Ok(text) => text,
        Err(e) => match before_bad_bytes(&e) {
            Ok(before) => before,
            Err(words) => {
                let e = bad_bytes_error(file.clone(), "", &words);
                return failure::LoadFailure::of_file(failure::Helms::ALL, name, e, false)
                    .map(Some);
            }
        },
    };
    let doc = match crate::values::parse_yaml_document(&source, &file, false) {
        Ok(doc) => doc,
        Err(e) => {
            return failure::LoadFailure::of_file(
                failure::Helms::ALL,
                name,
                e.with_source(&source),
                false,
            )
            .map(Some)
        }
    };
    let decode = |mismatch| {
        Some(failure::LoadFailure::new(
            failure::Helms::ALL,
            failure::Cause::Decode {
                name,
                file: file.clone(),
                mismatch,
            },
        ))
    };
    if name != "requirements.yaml" {
        let mismatch = decode::lock_mismatch(&doc);
        if v2 && name == "requirements.lock" && mismatch.is_none() {
            notes.push(LoadNote::RequirementsLock);
        }
        return Ok(mismatch.and_then(decode));
    }
    // Helm decodes requirements.yaml into the chart's `Metadata`.
    let m = match &doc {
        Value::Map(m) => m,
        Value::Null => {
            metadata.dependencies = Vec::new();
            metadata.dependencies_declared = false;
            nulls.dependency = None;
            return Ok(None);
        }
        other => return Ok(decode(decode::document_mismatch(other))),
    };
    if let Some(mismatch) = decode::metadata_mismatch(m) {
        return Ok(decode(mismatch));
    }
    let named = decode::go_requirements_names(m);
    let list = named.as_ref().unwrap_or(m).get("dependencies");
    metadata.dependencies = deps::parse_list(list, &file)?;
    metadata.dependencies_declared = matches!(list, Some(Value::List(_)));
    nulls.dependency = Nulls::in_dependencies(list);
    Ok(None)
}

/// Go's `unicode.IsSpace` made a space, and what does not print (`unicode.IsPrint`) dropped:
/// Helm's `sanitizeString` of the metadata's text.
fn sanitize(s: &mut String) {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return;
    }
    *s = s
        .chars()
        .filter_map(|c| {
            if c.is_whitespace() {
                Some(' ')
            } else if crate::go::is_print(c) {
                Some(c)
            } else {
                None
            }
        })
        .collect();
}

/// Helm's `Metadata.Validate`: the metadata's text sanitized ([`sanitize`]), then checked;
/// the failures, each for the Helms it stops (their checks differ: a chart named `..`, a
/// version one Masterminds release parses and another does not).
fn validate(meta: &mut ChartMetadata, nulls: &Nulls) -> Vec<failure::LoadFailure> {
    for s in [
        &mut meta.name,
        &mut meta.description,
        &mut meta.home,
        &mut meta.icon,
        &mut meta.app_version,
        &mut meta.kube_version,
    ] {
        sanitize(s);
    }
    meta.sources.iter_mut().for_each(sanitize);
    meta.keywords.iter_mut().for_each(sanitize);
    for m in &mut meta.maintainers {
        if let Value::Map(m) = m {
            for key in ["name", "email", "url"] {
                if let Some(Value::String(s)) = m.get_mut(key) {
                    sanitize(s);
                }
            }
        }
    }
    for d in &mut meta.dependencies {
        for s in [
            &mut d.name,
            &mut d.version,
            &mut d.repository,
            &mut d.condition,
        ] {
            sanitize(s);
        }
        d.tags.iter_mut().for_each(sanitize);
    }
    let mut out: Vec<failure::LoadFailure> = Vec::new();
    for helm in crate::profile::HelmVersion::ALL {
        let Some(message) = validation_error(meta, nulls, helm.profile()) else {
            continue;
        };
        match out
            .iter_mut()
            .find(|f| matches!(&f.cause, failure::Cause::Invalid(m) if *m == message))
        {
            Some(f) => f.helms = f.helms.with(helm),
            None => out.push(failure::LoadFailure::new(
                failure::Helms::NONE.with(helm),
                failure::Cause::Invalid(message),
            )),
        }
    }
    out
}

/// The first check of Helm's `Metadata.Validate` that `meta` (sanitized) fails, in the words
/// of `profile`'s Helm.
fn validation_error(
    meta: &ChartMetadata,
    nulls: &Nulls,
    profile: &crate::profile::HelmProfile,
) -> Option<String> {
    let q = crate::go::quote;
    let name = &meta.name;
    if meta.api_version.is_empty() {
        return Some("validation: chart.metadata.apiVersion is required".into());
    }
    if name.is_empty() {
        return Some("validation: chart.metadata.name is required".into());
    }
    if profile.messages.chart_name_dots_refused && (name == "." || name == "..") {
        return Some(format!(
            "validation: chart.metadata.name {} is not allowed",
            q(name)
        ));
    }
    // Go's `filepath.Base`: the name is its own last element unless it holds a `/` (a lone
    // `/` is its own base).
    if name.contains('/') && name != "/" {
        return Some(format!(
            "validation: chart.metadata.name {} is invalid",
            q(name)
        ));
    }
    if meta.version.is_empty() {
        return Some("validation: chart.metadata.version is required".into());
    }
    if crate::semver::Version::parse(&meta.version, profile.go.funcs.semver).is_err() {
        return Some(format!(
            "validation: chart.metadata.version {} is invalid",
            q(&meta.version)
        ));
    }
    if !["", "application", "library"].contains(&meta.chart_type.as_str()) {
        return Some("validation: chart.metadata.type must be application or library".into());
    }
    if nulls.maintainer {
        return Some("validation: maintainers must not contain empty or null nodes".into());
    }
    let mut seen: Vec<&str> = Vec::new();
    for (i, d) in meta.dependencies.iter().enumerate() {
        if nulls.dependency == Some(i) {
            return Some("validation: dependencies must not contain empty or null nodes".into());
        }
        let alias_ok = d
            .alias
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !d.alias.is_empty() && !alias_ok {
            return Some(format!(
                "validation: dependency {} has disallowed characters in the alias",
                q(&d.name)
            ));
        }
        let key = if d.alias.is_empty() {
            &d.name
        } else {
            &d.alias
        };
        if seen.contains(&key.as_str()) {
            return Some(format!(
                "validation: more than one dependency with name or alias {}",
                q(key)
            ));
        }
        seen.push(key);
    }
    if nulls.dependency == Some(meta.dependencies.len()) {
        return Some("validation: dependencies must not contain empty or null nodes".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_names_its_chart() {
        assert_eq!(origin_of("p/templates/a.yaml"), "p");
        assert_eq!(origin_of("p/charts/c/templates/a.yaml"), "p/charts/c");
        assert_eq!(
            origin_of("p/charts/c/charts/g/templates/charts/x.yaml"),
            "p/charts/c/charts/g"
        );
        assert_eq!(origin_of("p/crds/x.yaml"), "p");
    }

    #[test]
    fn subcharts_come_from_folders_and_archives_and_skip_dot_and_underscore() {
        let c = Chart::from_files(
            "p",
            [
                ("Chart.yaml", "apiVersion: v2\nname: p\nversion: 1.0.0\n"),
                (
                    "charts/a/Chart.yaml",
                    "apiVersion: v1\nname: a\nversion: 1.0.0\n",
                ),
                (
                    "charts/a/requirements.yaml",
                    "dependencies:\n- name: z\n  version: 1.0.0\n",
                ),
                ("charts/a/files/x.txt", "x"),
                ("charts/_skip/Chart.yaml", "name: s\n"),
                ("charts/.hidden/Chart.yaml", "name: h\n"),
                ("charts/a.prov", "signature"),
                ("README.md", "readme"),
            ],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = c.dependencies.iter().map(Chart::name).collect();
        assert_eq!(names, ["a"]);
        let a = &c.dependencies[0];
        assert_eq!(a.metadata.dependencies.len(), 1);
        let files: Vec<&str> = a.files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(files, ["files/x.txt", "requirements.yaml"]);
        let files: Vec<&str> = c.files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(files, ["charts/a.prov", "README.md"]);
        let tree: Vec<String> = c.walk().into_iter().map(|(p, _)| p).collect();
        assert_eq!(tree, ["p/charts/a", "p"]);
    }

    /// One walk finds what the second would: no link, a link in a loaded folder, a link in
    /// a folder `.helmignore` leaves out, a link in a chart that fails to load.
    #[cfg(unix)]
    #[test]
    fn the_load_tells_the_links_symlinks_finds() -> std::io::Result<()> {
        let root = std::env::temp_dir().join(format!("orochart-links-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let chart = |name: &str| -> std::io::Result<PathBuf> {
            let dir = root.join(name);
            std::fs::create_dir_all(dir.join("templates"))?;
            std::fs::create_dir_all(dir.join("ci/deep"))?;
            std::fs::write(
                dir.join("Chart.yaml"),
                "apiVersion: v2\nname: c\nversion: 1.0.0\n",
            )?;
            std::fs::write(dir.join(".helmignore"), "ci/\n")?;
            std::fs::write(dir.join("templates/a.yaml"), "a: 1\n")?;
            std::fs::write(dir.join("ci/deep/v.yaml"), "v: 1\n")?;
            Ok(dir)
        };
        let clean = chart("clean")?;
        let loaded = chart("loaded")?;
        std::os::unix::fs::symlink("a.yaml", loaded.join("templates/b.yaml"))?;
        let ignored = chart("ignored")?;
        std::os::unix::fs::symlink("v.yaml", ignored.join("ci/deep/w.yaml"))?;
        let broken = chart("broken")?;
        std::os::unix::fs::symlink("a.yaml", broken.join("templates/b.yaml"))?;
        std::fs::write(
            broken.join("Chart.yaml"),
            "apiVersion: v2\nversion: 1.0.0\n",
        )?;
        for (dir, links, loads) in [
            (&clean, 0, true),
            (&loaded, 1, true),
            (&ignored, 1, true),
            (&broken, 1, false),
        ] {
            let (found, chart) = load_dir_noting_symlinks(dir);
            assert_eq!(found, symlinks(dir), "{}", dir.display());
            assert_eq!(found.len(), links, "{}", dir.display());
            let loaded = chart.is_ok_and(|c| {
                c.load_failure(crate::profile::HelmVersion::default())
                    .is_none()
            });
            assert_eq!(loaded, loads, "{}", dir.display());
        }
        std::fs::remove_dir_all(&root)
    }

    #[test]
    fn partials_and_notes_are_not_rendered() {
        let t = |p: &str| TemplateFile {
            path: p.into(),
            source: Arc::default(),
        };
        assert!(!t("_helpers.tpl").is_rendered());
        assert!(!t("sub/_x.yaml").is_rendered());
        assert!(!t("NOTES.txt").is_rendered());
        assert!(!t("MYNOTES.txt").is_rendered());
        assert!(t("other.txt").is_rendered());
        assert!(t("sub/a.yaml").is_rendered());
    }

    #[test]
    fn chart_without_name_is_rejected_with_helms_words() {
        let err = Chart::from_files("c", [("Chart.yaml", "apiVersion: v2\nversion: 1.0.0\n")])
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("validation: chart.metadata.name is required")
        );
    }

    /// Helm's `sanitizeString`: Go's spaces (NBSP, line separators) become ` `, what does
    /// not print (controls, U+200B, U+FEFF) is dropped, the rest kept.
    #[test]
    fn metadata_text_is_sanitized_as_helm_does() {
        for (text, want) in [
            ("plain text", "plain text"),
            ("a\tb\nc\rd", "a b c d"),
            ("k\u{a0}k\u{2028}x", "k k x"),
            ("e\u{7}\u{1}z\u{200b}w\u{feff}", "ezw"),
            ("caf\u{e9} \u{65e5}\u{672c}", "caf\u{e9} \u{65e5}\u{672c}"),
        ] {
            let mut s = text.to_owned();
            sanitize(&mut s);
            assert_eq!(s, want, "{text:?}");
        }
    }

    /// Helm's validation in each Helm's words (3.17 and 4.3 printed these): a chart named
    /// `..` fails only Helm 4, which stops there; Helm 3 goes on to the version.
    #[test]
    fn validation_fails_each_helm_where_it_does() {
        let failures = |chart_yaml: &str| {
            let c = Chart::from_loaded(
                "c",
                vec![(
                    "Chart.yaml".to_owned(),
                    FileBytes::new(chart_yaml.as_bytes().to_vec()),
                )],
            )
            .unwrap_or_else(|e| panic!("{e}"));
            [HelmVersion::V3_17, HelmVersion::V4_3]
                .map(|v| c.load_failure(v).map(|e| e.to_string()).unwrap_or_default())
        };
        use crate::profile::HelmVersion;
        assert_eq!(
            failures("apiVersion: v2\nname: ..\nversion: abc\n"),
            [
                "validation: chart.metadata.version \"abc\" is invalid",
                "validation: chart.metadata.name \"..\" is not allowed"
            ]
        );
        assert_eq!(
            failures("apiVersion: v2\nname: ..\nversion: 1.0.0\n"),
            ["", "validation: chart.metadata.name \"..\" is not allowed"]
        );
        assert_eq!(
            failures("apiVersion: v2\nname: a/b\nversion: 1.0.0\n"),
            ["validation: chart.metadata.name \"a/b\" is invalid"; 2]
        );
        assert_eq!(
            failures("apiVersion: v2\nname: a\\\\b\nversion: 1.0.0\n"),
            ["", ""]
        );
        let deps = "apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies:\n- name: s\n  alias: x\n- name: t\n  alias: x\n- ~\n";
        assert_eq!(
            failures(deps),
            ["validation: more than one dependency with name or alias \"x\""; 2]
        );
    }

    /// A values.yaml or Chart.yaml whose bytes are not UTF-8 (saved in Latin-1) is go-yaml's
    /// error for every Helm, unless a syntax error stops go-yaml first; in values.yaml's
    /// second document past go-yaml's first block, Helm 4's only (what Helm v3.17.2 and
    /// v4.3.1 print; the parity cases `chartmodel-*-yaml-invalid-utf8*`).
    #[test]
    fn values_yaml_bytes_that_are_not_utf8_fail_where_go_yaml_reads_them() {
        use crate::profile::HelmVersion;
        let load = |values: &[u8]| {
            Chart::from_buffered(
                "c",
                vec![
                    (
                        "Chart.yaml".to_owned(),
                        b"apiVersion: v2\nname: c\nversion: 0.1.0\n".to_vec(),
                    ),
                    ("values.yaml".to_owned(), values.to_vec()),
                ],
            )
        };
        let message = |c: &Chart, helm| c.load_failure(helm).map(|e| e.to_string());
        // Every Helm fails: the load does.
        let latin1 = load(b"a: 1\nb: \"caf\xe9\"\n").err().map(|e| e.to_string());
        assert!(
            latin1
                .as_deref()
                .is_some_and(|m| m.ends_with("yaml: invalid trailing UTF-8 octet")),
            "{latin1:?}"
        );
        // Chart.yaml the same, for every Helm.
        let chart_yaml = |text: &[u8]| {
            Chart::from_buffered("c", vec![("Chart.yaml".to_owned(), text.to_vec())])
                .err()
                .map(|e| e.to_string())
        };
        let bad = chart_yaml(b"apiVersion: v2\nname: c\nversion: 0.1.0\ndescription: caf\xe9\n");
        assert_eq!(
            bad.as_deref(),
            Some("cannot load Chart.yaml: error converting YAML to JSON: yaml: incomplete UTF-8 octet sequence")
        );
        let far = [
            b"apiVersion: v2\nname: c\nversion: 0.1.0\ndescription: a: b\n#".as_slice(),
            &[b'x'; 600],
            b"\nkeywords: [\xff]\n",
        ]
        .concat();
        let far = chart_yaml(&far).unwrap_or_default();
        assert!(
            far.ends_with("mapping values are not allowed in this context"),
            "{far}"
        );
        // And Chart.lock.
        let lock = Chart::from_buffered(
            "c",
            vec![
                (
                    "Chart.yaml".to_owned(),
                    b"apiVersion: v2\nname: c\nversion: 0.1.0\n".to_vec(),
                ),
                (
                    "Chart.lock".to_owned(),
                    b"dependencies: []\ndigest: caf\xe9 x\n".to_vec(),
                ),
            ],
        )
        .err()
        .map(|e| e.to_string());
        assert_eq!(
            lock.as_deref(),
            Some("cannot load Chart.lock: error converting YAML to JSON: yaml: invalid trailing UTF-8 octet")
        );
        let later = [b"a: first\n---\n#".as_slice(), &[b'x'; 600], b"\nc: \xc3\n"].concat();
        let later = load(&later).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(message(&later, HelmVersion::V3_17), None);
        assert_eq!(later.values.get("a"), Some(&Value::from("first")));
        let m = message(&later, HelmVersion::V4_3).unwrap_or_default();
        assert!(
            m.ends_with("cannot unmarshal yaml document: error converting YAML to JSON: yaml: invalid trailing UTF-8 octet"),
            "{m}"
        );
    }

    #[test]
    fn unquoted_app_version_is_stringified_like_helm() {
        let c = Chart::from_files(
            "c",
            [(
                "Chart.yaml",
                "apiVersion: v2\nname: c\nversion: 0.1.0\nappVersion: 1.10\n",
            )],
        );
        assert_eq!(
            c.map(|c| c.metadata.app_version).ok().as_deref(),
            Some("1.1")
        );
    }

    /// A values file past [`PARALLEL_VALUES_BYTES`] beside a schema or a subchart is read
    /// on a second thread: what loads is the same, and when both sides fail, the values
    /// file's error is the one told, as when they are read one after the other.
    #[test]
    fn a_large_values_file_reads_beside_the_subcharts_with_the_same_result() -> Result<()> {
        let big: String = (0..2000)
            .map(|i| format!("key{i}:\n  nested: \"value {i}\"\n"))
            .collect();
        assert!(big.len() >= PARALLEL_VALUES_BYTES);
        let files = |values: &str, sub_chart_yaml: &str| {
            vec![
                (
                    "Chart.yaml",
                    "apiVersion: v2\nname: p\nversion: 1.0.0\n".to_owned(),
                ),
                ("values.yaml", values.to_owned()),
                ("charts/a/Chart.yaml", sub_chart_yaml.to_owned()),
                ("charts/a/values.yaml", "x: 1\n".to_owned()),
                ("values.schema.json", "{\"type\": \"object\"}".to_owned()),
            ]
        };
        let good_sub = "apiVersion: v2\nname: a\nversion: 1.0.0\n";
        let c = Chart::from_files("p", files(&big, good_sub))?;
        assert_eq!(c.values.len(), 2000);
        let nested = match c.values.get("key1999") {
            Some(Value::Map(m)) => m.get("nested").cloned(),
            _ => None,
        };
        assert_eq!(nested, Some(Value::String("value 1999".into())));
        assert_eq!(c.dependencies.len(), 1);
        assert!(c.schema.is_some());

        let bad_values = format!("{big}key0: [\n");
        let bad_sub = "apiVersion: v2\nversion: 1.0.0\n";
        let err = |values: &str, sub: &str| {
            Chart::from_files("p", files(values, sub))
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        let both = err(&bad_values, bad_sub);
        assert!(both.starts_with("cannot load values.yaml: "), "{both}");
        assert_eq!(both, err(&bad_values, good_sub));
        let sub_only = err(&big, bad_sub);
        assert!(
            sub_only.contains("chart.metadata.name is required"),
            "{sub_only}"
        );
        Ok(())
    }
}
