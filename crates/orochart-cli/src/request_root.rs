//! Where `orochart argocd generate` may read: the repository root it can prove, and the app
//! folder inside it.
//!
//! The cmp-server unpacks what the repo-server sent into a fresh request folder,
//! `<tmp>/_cmp_server/<id>/`, and runs `generate` in the app folder below it
//! (../shared/notes/argocd-cmp.md §5; ArgoCD 3.5 `cmpserver/plugin/plugin.go`). What it sent
//! is one of three layouts:
//!
//! * the whole repository: the app folder is `<id>/<ARGOCD_APP_SOURCE_PATH>`;
//! * with `reposerver.plugin.use.manifest.generate.paths`, only the common root of the
//!   `manifest-generate-paths` annotation: the app folder is `<id>/<end of the source path>`
//!   while `ARGOCD_APP_SOURCE_PATH` keeps the full path;
//! * either one, where the source path goes through a symlinked folder: the cmp-server does
//!   not resolve the link, `getcwd` does.
//!
//! The root is therefore the request folder itself, found from the working directory, never
//! from an environment variable: `ARGOCD_APP_SOURCE_PATH` only has to agree with it. Outside
//! the sidecar (a local try, CI), the git checkout holding the working directory plays that
//! part. Without either, nothing proves where the repository starts, and `generate` refuses.

use std::path::{Component, Path, PathBuf};

/// The folder the cmp-server makes each request folder in (`common.DefaultCMPWorkDirName`).
const CMP_WORK_DIR: &str = "_cmp_server";

/// Where the repository and the app folder are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folders {
    /// What ArgoCD sent (canonical): no file outside it is read.
    pub repo_root: PathBuf,
    /// The app folder, as the source path names it inside `repo_root` (symlinks kept).
    pub app_dir: PathBuf,
}

/// Finds the root and the app folder for a working directory and `ARGOCD_APP_SOURCE_PATH`.
pub fn folders(source_path: Option<&str>, cwd: &Path) -> Result<Folders, String> {
    let raw = source_path.unwrap_or(".");
    let mut parts: Vec<&str> = Vec::new();
    for c in Path::new(raw).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str().unwrap_or_default()),
            Component::CurDir => {}
            _ => {
                return Err(format!(
                    "ARGOCD_APP_SOURCE_PATH `{raw}` must be a relative path inside the repository"
                ))
            }
        }
    }
    let here = cwd.canonicalize().map_err(|e| {
        format!(
            "cannot read the working directory `{}`: {}",
            cwd.display(),
            crate::io_words(&e)
        )
    })?;
    let root = request_folder(&here)
        .or_else(|| git_top_level(&here))
        .ok_or_else(|| {
            format!(
                "cannot tell where the repository starts: `{}` is neither inside the cmp-server's request folder (`…/{CMP_WORK_DIR}/<id>/`) nor inside a git checkout",
                here.display()
            )
        })?;
    // The whole path first (the whole repository was sent), then ever shorter ends of it (a
    // manifest-generate-paths subtree was sent): the app folder is the one that is the
    // working directory, links resolved.
    for skip in 0..=parts.len() {
        let candidate = parts[skip..]
            .iter()
            .fold(root.clone(), |p, part| p.join(part));
        if candidate.canonicalize().is_ok_and(|real| real == here) {
            return Ok(Folders {
                repo_root: root,
                app_dir: candidate,
            });
        }
    }
    Err(format!(
        "the working directory `{}` is not ARGOCD_APP_SOURCE_PATH `{raw}` (nor its end, as sent with manifest-generate-paths) inside the repository `{}`: run in the app folder",
        here.display(),
        root.display()
    ))
}

/// `<…>/_cmp_server/<id>` above `dir` (the outermost, should the repository itself hold a
/// folder of that name).
fn request_folder(dir: &Path) -> Option<PathBuf> {
    let mut found = None;
    for a in dir.ancestors() {
        if a.file_name().is_some_and(|n| n == CMP_WORK_DIR) {
            found = Some(a);
        }
    }
    let work = found?;
    let id = dir.strip_prefix(work).ok()?.components().next()?;
    Some(work.join(id))
}

/// The nearest folder at or above `dir` holding `.git` (a folder, or a file in a worktree).
fn git_top_level(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|a| a.join(".git").exists())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("orochart-root-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        let _ = std::fs::create_dir_all(&d);
        d.canonicalize().unwrap_or(d)
    }

    #[test]
    fn the_request_folder_is_the_root_in_each_layout() {
        let base = scratch("layouts");
        let id = base.join("_cmp_server/0f1e");
        let app = id.join("environments/prod/svc");
        let _ = std::fs::create_dir_all(&app);
        // The whole repository.
        let f = folders(Some("environments/prod/svc"), &app);
        assert_eq!(
            f,
            Ok(Folders {
                repo_root: id.clone(),
                app_dir: app.clone()
            })
        );
        // A manifest-generate-paths subtree: `environments/prod` was sent.
        let sub = id.join("svc");
        let _ = std::fs::create_dir_all(&sub);
        let f = folders(Some("environments/prod/svc"), &sub);
        assert_eq!(f.map(|f| (f.repo_root, f.app_dir)), Ok((id.clone(), sub)));
        // The app folder itself was sent.
        let f = folders(Some("environments/prod/svc"), &id);
        assert_eq!(f.map(|f| f.repo_root), Ok(id.clone()));
        // A source path that is not where generate runs.
        assert!(folders(Some("environments/dev/other"), &app).is_err());
        assert!(folders(Some("../x"), &app).is_err());
        assert!(folders(Some("/etc"), &app).is_err());
        let _ = std::fs::remove_dir_all(&base);
    }

    #[test]
    fn without_a_request_folder_or_git_checkout_nothing_proves_the_root() {
        let base = scratch("unproven");
        let app = base.join("repo/apps/x");
        let _ = std::fs::create_dir_all(&app);
        let e = folders(Some("apps/x"), &app).err().unwrap_or_default();
        assert!(e.contains("cannot tell where the repository starts"), "{e}");
        let _ = std::fs::create_dir_all(base.join("repo/.git"));
        let f = folders(Some("apps/x"), &app);
        assert_eq!(f.map(|f| f.repo_root), Ok(base.join("repo")));
        let _ = std::fs::remove_dir_all(&base);
    }
}
