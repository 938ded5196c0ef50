//! Rendering one application folder of a GitOps repository: the rules shared by the ArgoCD
//! plugin (`orochart argocd generate`) and fleet rendering (`orochart fleet`).
//!
//! An app folder holds values files; the chart is the built-in one unless the app names a chart
//! folder. Every file read must resolve inside the repository root, as ArgoCD requires of Helm
//! value files: `..` escapes, absolute paths and symlinks leading out are refused.

use std::path::{Component, Path, PathBuf};

use std::collections::HashMap;

use crate::chart::Chart;
use crate::error::{Error, Result};
use crate::profile::HelmVersion;
use crate::render::{Capabilities, Release, RenderRequest, Rendered, Renderer};
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
    /// A chart folder relative to `repo_root`; `None` means `builtin_chart`. Build the
    /// renderer for the spec with [`renderer_for`] (or reuse one built from an equal chart).
    pub chart: Option<String>,
    /// The chart to render when `chart` is `None` (the CLI's: `orochart_builtin::chart`);
    /// without one, such a spec is an error.
    pub builtin_chart: Option<fn() -> Result<Chart>>,
    /// The Helm whose output to reproduce (default: the newest Helm 4). A renderer reused
    /// across apps must have been built for the same version ([`Renderer::with_helm`]).
    pub helm: HelmVersion,
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
        // Name the file as the user wrote it: the absolute path of a scratch checkout (ArgoCD's
        // `/tmp/_cmp_server/<uuid>/…`) says nothing to the reader.
        Err(e) => Err(Error::io(rel, e)),
    }
}

/// Checks that no file under `dir` is a symlink leading outside `root` (a chart folder is read
/// as a whole, so every entry must stay inside the repository). Symlinks that lead nowhere
/// are skipped: nothing is read through them.
pub fn check_tree_inside(root: &Path, dir: &Path) -> Result<()> {
    let root_real = root.canonicalize().map_err(|e| Error::io(root, e))?;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| Error::io(&d, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&d, e))?;
            let path = entry.path();
            let ft = entry.file_type().map_err(|e| Error::io(&path, e))?;
            if ft.is_dir() {
                stack.push(path);
            } else if ft.is_symlink() {
                if let Ok(real) = path.canonicalize() {
                    if !real.starts_with(&root_real) {
                        let shown = path.strip_prefix(root).unwrap_or(&path);
                        return Err(Error::Invalid(format!(
                            "`{}` leads outside the repository (through a symlink): files must stay inside the repository `{}`",
                            shown.display(),
                            root.display()
                        )));
                    }
                }
            }
        }
    }
    Ok(())
}

/// The values files used when none are named: `values.yaml` when the app folder has one.
pub fn default_values_files(app_dir: &Path) -> Vec<String> {
    if app_dir.join("values.yaml").is_file() {
        vec!["values.yaml".into()]
    } else {
        Vec::new()
    }
}

/// The values files of a spec, as named (relative to the app folder), in order.
fn values_file_names(spec: &AppSpec) -> Vec<String> {
    match &spec.values_files {
        Some(f) => f.clone(),
        None => default_values_files(&spec.app_dir),
    }
}

/// The value options an app folder implies, with every values file resolved (inside the
/// repository) to its real path.
pub fn value_options(spec: &AppSpec) -> Result<ValueOptions> {
    let files = values_file_names(spec);
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

/// Loads the chart a spec names: the chart folder or `.tgz` archive `spec.chart` (relative to
/// the repository root, and wholly inside it), or the spec's built-in chart.
pub fn load_chart(spec: &AppSpec) -> Result<Chart> {
    match &spec.chart {
        None => builtin_chart(spec.builtin_chart),
        Some(rel) => {
            let dir =
                resolve_inside(&spec.repo_root, &spec.repo_root, rel).map_err(|e| match e {
                    Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                        Error::Chart {
                            chart: rel.clone(),
                            message: format!(
                            "chart folder `{rel}` not found: it is relative to the repository root"
                        ),
                        }
                    }
                    other => other,
                })?;
            // A chart archive inside the repository: its contents cannot lead outside it.
            if dir.is_file() {
                return Chart::load_dir(&dir);
            }
            check_tree_inside(&spec.repo_root, &dir)?;
            if !dir.join("Chart.yaml").is_file() {
                return Err(Error::Chart {
                    chart: rel.clone(),
                    message: format!("chart `{rel}` is not a chart: it has no Chart.yaml"),
                });
            }
            Chart::load_dir(&dir)
        }
    }
}

/// The built-in chart `builtin` gives, or the error that there is none.
pub(crate) fn builtin_chart(builtin: Option<fn() -> Result<Chart>>) -> Result<Chart> {
    match builtin {
        Some(chart) => chart(),
        None => Err(Error::Invalid(
            "no chart to render: name a chart folder, or give a built-in chart".to_owned(),
        )),
    }
}

/// Compiles the chart a spec names (see [`load_chart`]).
pub fn renderer_for(spec: &AppSpec) -> Result<Renderer> {
    Ok(Renderer::new(load_chart(spec)?)?.with_helm(spec.helm))
}

/// Renders an app folder with a compiled chart: [`renderer_for`]`(spec)`, or one compiled
/// from the same chart and reused across apps.
///
/// Values files are read from inside the repository but named in messages as the spec names
/// them (`values-prod.yaml:3:5: …`), so errors read the same as `orochart render -f` run in
/// the app folder.
pub fn render_app(renderer: &Renderer, spec: &AppSpec) -> Result<Rendered> {
    let release = Release::new_for(spec.helm, spec.release.clone(), spec.namespace.clone())?;
    let caps =
        Capabilities::from_flags_for(spec.helm, spec.kube_version.as_deref(), &spec.api_versions)?;
    let names = values_file_names(spec);
    let mut real: HashMap<String, PathBuf> = HashMap::with_capacity(names.len());
    for name in &names {
        let p = resolve_inside(&spec.repo_root, &spec.app_dir, name)?;
        real.insert(name.clone(), p);
    }
    let request = RenderRequest {
        values: ValueOptions {
            values_files: names,
            set: spec.set.clone(),
            set_string: spec.set_string.clone(),
            helm: spec.helm,
            ..ValueOptions::default()
        },
        capabilities: caps,
        // ArgoCD runs `helm template --include-crds` unless an app skips CRDs.
        include_crds: true,
        ..RenderRequest::for_helm(spec.helm, release)
    };
    let read = |name: &str| match real.get(name) {
        Some(p) => crate::input::read_text_file(p).map_err(|e| match e {
            Error::Io { source, .. } => Error::io(name, source),
            other => other,
        }),
        // Only the values files above are read; nothing else may reach the file system.
        None => Err(Error::Invalid(format!(
            "`{name}` is not a values file of the app"
        ))),
    };
    renderer.run(&request, &read)
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

    #[test]
    fn a_chart_archive_inside_the_repository_renders() {
        let root = std::env::temp_dir().join(format!("orochart-app-tgz-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let app = root.join("apps/svc");
        let _ = std::fs::create_dir_all(&app);
        let _ = std::fs::write(app.join("values.yaml"), "name: from-archive\n");
        let mut tar = tar::Builder::new(flate2::write::GzEncoder::new(
            Vec::new(),
            flate2::Compression::default(),
        ));
        for (path, text) in [
            ("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n"),
            (
                "c/templates/cm.yaml",
                "kind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n",
            ),
        ] {
            let mut h = tar::Header::new_gnu();
            h.set_size(text.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            let _ = tar.append_data(&mut h, path, text.as_bytes());
        }
        let bytes = tar
            .into_inner()
            .and_then(|gz| gz.finish())
            .unwrap_or_default();
        let _ = std::fs::write(root.join("c-0.1.0.tgz"), bytes);
        let spec = AppSpec {
            repo_root: root.clone(),
            app_dir: app.clone(),
            release: "svc".into(),
            namespace: "ns".into(),
            chart: Some("c-0.1.0.tgz".into()),
            ..AppSpec::default()
        };
        let names: Vec<String> = renderer_for(&spec)
            .and_then(|r| render_app(&r, &spec))
            .map(|r| r.manifests.iter().map(|m| m.name.clone()).collect())
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(names, ["from-archive"]);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn chart_folders_are_checked_whole_and_values_files_keep_their_names() {
        let root = std::env::temp_dir().join(format!("orochart-app-chart-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let app = root.join("apps/svc");
        let chart = root.join("charts/c/templates");
        let _ = std::fs::create_dir_all(&app);
        let _ = std::fs::create_dir_all(&chart);
        let _ = std::fs::write(
            root.join("charts/c/Chart.yaml"),
            "apiVersion: v2\nname: c\nversion: 0.1.0\n",
        );
        let _ = std::fs::write(
            chart.join("cm.yaml"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name }}\n",
        );
        let _ = std::fs::write(app.join("values.yaml"), "name: from-values\n");
        let spec = AppSpec {
            repo_root: root.clone(),
            app_dir: app.clone(),
            release: "svc".into(),
            namespace: "ns".into(),
            chart: Some("charts/c".into()),
            ..AppSpec::default()
        };
        let rendered = renderer_for(&spec).and_then(|r| render_app(&r, &spec));
        let names: Vec<String> = rendered
            .map(|r| r.manifests.iter().map(|m| m.name.clone()).collect())
            .unwrap_or_default();
        assert_eq!(names, ["from-values"]);

        let missing = AppSpec {
            values_files: Some(vec!["values-missing.yaml".into()]),
            ..spec.clone()
        };
        let e = renderer_for(&missing)
            .and_then(|r| render_app(&r, &missing))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.contains("values-missing.yaml") && !e.contains(&*root.to_string_lossy()),
            "{e}"
        );

        // No chart folder: the spec's built-in chart, or an error when it has none.
        let builtin = AppSpec {
            chart: None,
            builtin_chart: Some(crate::builtin::chart),
            ..spec.clone()
        };
        let name = load_chart(&builtin).map(|c| c.name().to_owned());
        assert_eq!(name.ok().as_deref(), Some("orofi-application"));
        let none = AppSpec {
            chart: None,
            ..spec.clone()
        };
        let e = load_chart(&none).err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("no chart to render: name a chart folder, or give a built-in chart")
        );

        let nowhere = AppSpec {
            chart: Some("charts/none".into()),
            ..spec.clone()
        };
        let e = load_chart(&nowhere).err().map(|e| e.to_string());
        assert_eq!(
            e.as_deref(),
            Some("chart folder `charts/none` not found: it is relative to the repository root")
        );
        #[cfg(unix)]
        {
            let _ = std::os::unix::fs::symlink("/etc/hostname", chart.join("leak.yaml"));
            let e = load_chart(&spec)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(
                e.contains("charts/c/templates/leak.yaml") && e.contains("symlink"),
                "{e}"
            );
        }
        let _ = std::fs::remove_dir_all(&root);
    }
}
