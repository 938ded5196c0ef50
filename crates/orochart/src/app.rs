//! Rendering one application folder of a GitOps repository: the rules shared by the ArgoCD
//! plugin (`orochart argocd generate`) and fleet rendering (`orochart fleet`).
//!
//! An app folder holds values files; the chart is the built-in one unless the app names a chart
//! folder. Every file read must resolve inside the repository root, as ArgoCD requires of Helm
//! value files: `..` escapes, absolute paths and symlinks leading out are refused.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::render::{Capabilities, Release, Rendered, Renderer};
use crate::values::ValueOptions;

/// How to render one app folder.
#[derive(Debug, Clone, Default)]
pub struct AppSpec {
    /// The repository root; no file outside it is read.
    pub repo_root: PathBuf,
    /// The app folder (inside `repo_root`).
    pub app_dir: PathBuf,
    /// Release name.
    pub release: String,
    /// Release namespace.
    pub namespace: String,
    /// Values files relative to the app folder, in order; `None` means `values.yaml` when the
    /// folder has one, else none.
    pub values_files: Option<Vec<String>>,
    /// `--set` assignments.
    pub set: Vec<String>,
    /// `--set-string` assignments.
    pub set_string: Vec<String>,
    /// `--kube-version`.
    pub kube_version: Option<String>,
    /// `--api-versions`.
    pub api_versions: Vec<String>,
}

/// Resolves `rel` against `base` and checks that the result, symlinks followed, stays inside
/// `root`. Absolute paths are refused outright.
pub fn resolve_inside(root: &Path, base: &Path, rel: &str) -> Result<PathBuf> {
    let refuse = |why: &str| {
        Error::Invalid(format!(
            "`{rel}` {why}: files must stay inside the repository `{}`",
            root.display()
        ))
    };
    let p = Path::new(rel);
    if p.is_absolute() || p.components().any(|c| matches!(c, Component::Prefix(_))) {
        return Err(refuse("is an absolute path"));
    }
    let root_real = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let joined = base.join(p);
    // Lexical check first: `..` that climbs above the root is refused even if missing.
    let mut depth: Vec<Component> = Vec::new();
    let rel_base = base.strip_prefix(root).unwrap_or(Path::new(""));
    for c in rel_base.join(p).components() {
        match c {
            Component::ParentDir => {
                if depth.pop().is_none() {
                    return Err(refuse("leads outside the repository"));
                }
            }
            Component::CurDir => {}
            other => depth.push(other),
        }
    }
    match joined.canonicalize() {
        Ok(real) if real.starts_with(&root_real) => Ok(real),
        Ok(_) => Err(refuse("leads outside the repository (through a symlink)")),
        Err(e) => Err(Error::io(joined, e)),
    }
}

/// The value options an app folder implies.
pub fn value_options(spec: &AppSpec) -> Result<ValueOptions> {
    let files = match &spec.values_files {
        Some(f) => f.clone(),
        None if spec.app_dir.join("values.yaml").is_file() => vec!["values.yaml".into()],
        None => Vec::new(),
    };
    let mut values_files = Vec::with_capacity(files.len());
    for f in &files {
        let p = resolve_inside(&spec.repo_root, &spec.app_dir, f)?;
        values_files.push(p.display().to_string());
    }
    Ok(ValueOptions {
        values_files,
        set: spec.set.clone(),
        set_string: spec.set_string.clone(),
        ..ValueOptions::default()
    })
}

/// Renders an app folder with a compiled chart.
pub fn render_app(renderer: &Renderer, spec: &AppSpec) -> Result<Rendered> {
    let release = Release::new(spec.release.clone(), spec.namespace.clone())?;
    let caps = Capabilities::from_flags(spec.kube_version.as_deref(), &spec.api_versions)?;
    let options = value_options(spec)?;
    let read = |p: &str| std::fs::read_to_string(p).map_err(|e| Error::io(p, e));
    let values = renderer.values(&options, &read)?;
    renderer.render(&values, &release, &caps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_leaving_the_repository_are_refused() {
        let root = std::env::temp_dir().join(format!("orochart-app-{}", std::process::id()));
        let app = root.join("env/svc");
        let _ = std::fs::create_dir_all(&app);
        let _ = std::fs::write(app.join("values.yaml"), "a: 1\n");
        assert!(resolve_inside(&root, &app, "values.yaml").is_ok());
        assert!(resolve_inside(&root, &app, "../svc/values.yaml").is_ok());
        assert!(resolve_inside(&root, &app, "../../../outside.yaml").is_err());
        assert!(resolve_inside(&root, &app, "/etc/passwd").is_err());
        #[cfg(unix)]
        {
            let _ = std::os::unix::fs::symlink("/etc/hostname", app.join("link.yaml"));
            let e = resolve_inside(&root, &app, "link.yaml")
                .err()
                .map(|e| e.to_string());
            assert!(e.is_some_and(|e| e.contains("symlink")));
        }
        let _ = std::fs::remove_dir_all(&root);
    }
}
