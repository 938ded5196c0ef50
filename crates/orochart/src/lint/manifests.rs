//! Rendered manifests against a folder of JSON schemas, one per kind and apiVersion
//! (kubeconform's layout, or the CRDs-catalog's).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value as Json;

use super::schema_walk::describe;
use super::{Finding, Severity};
use crate::Manifest;

/// A folder of JSON schemas, one per kind and apiVersion, compiled as needed.
pub struct SchemaIndex {
    dir: PathBuf,
    /// File name → the chosen file (strict variants preferred).
    files: HashMap<String, PathBuf>,
    compiled: HashMap<PathBuf, (Json, jsonschema::Validator)>,
}

/// Prefer strict schemas (`crds-strict/`, `*-strict`), then plain ones, then lenient `crds/`.
pub(super) fn rank(path: &Path) -> u8 {
    let names: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if names.iter().any(|n| n.ends_with("strict")) {
        0
    } else if names.iter().any(|n| n == "crds") {
        2
    } else {
        1
    }
}

impl SchemaIndex {
    /// Indexes every `*.json` under `dir`.
    pub fn load(dir: &Path) -> crate::Result<SchemaIndex> {
        if !dir.is_dir() {
            return Err(crate::Error::Invalid(format!(
                "--schema-dir `{}` is not a folder",
                dir.display()
            )));
        }
        let mut all: Vec<PathBuf> = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            let entries = std::fs::read_dir(&d)
                .map_err(|e| crate::Error::Invalid(format!("{}: {e}", d.display())))?;
            for entry in entries.flatten() {
                let p = entry.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|e| e == "json") {
                    all.push(p);
                }
            }
        }
        // Best rank first; among equals the greatest path, i.e. usually the newest version.
        all.sort_by(|a, b| {
            let ra = rank(a.strip_prefix(dir).unwrap_or(a));
            let rb = rank(b.strip_prefix(dir).unwrap_or(b));
            ra.cmp(&rb).then_with(|| b.cmp(a))
        });
        let mut files = HashMap::new();
        for p in all {
            if let Some(name) = p.file_name().and_then(|n| n.to_str()) {
                // CRDs-catalog's `<group>/<kind>_<version>.json` is found by folder and name.
                if let Some(group) = p
                    .parent()
                    .and_then(|d| d.file_name())
                    .and_then(|n| n.to_str())
                {
                    files
                        .entry(format!("{group}/{name}").to_lowercase())
                        .or_insert(p.clone());
                }
                files.entry(name.to_lowercase()).or_insert(p);
            }
        }
        Ok(SchemaIndex {
            dir: dir.to_path_buf(),
            files,
            compiled: HashMap::new(),
        })
    }

    /// The folder the schemas are in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The warning for a manifest the folder has no schema for: which files would be one.
    pub fn missing(&self, m: &Manifest) -> Finding {
        Finding {
            severity: Severity::Warning,
            at: document(m),
            path: None,
            message: format!(
                "no schema for kind `{}` apiVersion `{}` in `{}`",
                m.kind,
                m.api_version,
                self.dir.display()
            ),
            hint: Some(format!("add `{}`", schema_file_names(m).join("` or `"))),
        }
    }

    /// Validates one manifest; `None` when the folder has no schema for its kind.
    pub fn validate(&mut self, m: &Manifest) -> crate::Result<Option<Vec<Finding>>> {
        let Some(file) = schema_file_names(m)
            .into_iter()
            .chain(catalog_name(m))
            .find_map(|n| self.files.get(&n.to_lowercase()))
            .cloned()
        else {
            return Ok(None);
        };
        if !self.compiled.contains_key(&file) {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| crate::Error::Invalid(format!("{}: {e}", file.display())))?;
            let schema: Json = serde_json::from_str(&text)
                .map_err(|e| crate::Error::Invalid(format!("{}: {e}", file.display())))?;
            let validator = jsonschema::validator_for(&schema).map_err(|e| {
                crate::Error::Invalid(format!("{}: not a usable JSON schema: {e}", file.display()))
            })?;
            self.compiled.insert(file.clone(), (schema, validator));
        }
        let Some((schema, validator)) = self.compiled.get(&file) else {
            return Ok(None);
        };
        let instance = serde_json::to_value(m.body())
            .map_err(|e| crate::Error::Invalid(format!("{}: {e}", m.source)))?;
        let mut out = Vec::new();
        for err in validator.iter_errors(&instance) {
            for (path, message, hint) in describe(&err, schema, &instance) {
                out.push(Finding {
                    severity: Severity::Error,
                    at: document(m),
                    path: Some(path.to_string()),
                    message,
                    hint,
                });
            }
        }
        Ok(Some(out))
    }
}

/// A rendered document as messages name it: template, kind and name.
pub(super) fn document(m: &Manifest) -> String {
    format!("{}: {} `{}`", m.source, m.kind, m.name)
}

/// The schema file names for a document, most specific first: `<kind>-<group>-<version>.json`
/// (CRDs, and core groups without dots), then kubernetes-validate's
/// `<kind>-<first label of group>-<version>.json` for `*.k8s.io` groups.
pub(super) fn schema_file_names(m: &Manifest) -> Vec<String> {
    let kind = m.kind.to_lowercase();
    match m.api_version.split_once('/') {
        None => vec![format!("{kind}-{}.json", m.api_version)],
        Some((group, version)) => {
            let mut names = vec![format!("{kind}-{group}-{version}.json")];
            if let Some(prefix) = group
                .strip_suffix(".k8s.io")
                .and_then(|g| g.split('.').next())
            {
                names.push(format!("{kind}-{prefix}-{version}.json"));
            }
            names
        }
    }
}

/// The name of a custom resource's schema in the CRDs-catalog layout
/// (`<group>/<kind>_<version>.json`, github.com/datreeio/CRDs-catalog), which kubeconform
/// users often have checked out.
pub(super) fn catalog_name(m: &Manifest) -> Option<String> {
    let (group, version) = m.api_version.split_once('/')?;
    Some(format!("{group}/{}_{version}.json", m.kind.to_lowercase()))
}
