//! The app folders of a GitOps repository: `ROOT/<env>/<service>/values.yaml`.
//!
//! One layout, read from a folder ([`discover`]) or from a list of file paths ([`from_paths`],
//! e.g. a git tree for `orochart diff`), so `orochart fleet` and `orochart diff` agree on what an
//! app is: a folder two levels under the root holding a `values.yaml`, with neither folder name
//! starting with `.`. Apps are sorted by environment, then service.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// One app folder: `ROOT/<env>/<service>/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct App {
    /// The environment folder's name.
    pub env: String,
    /// The service folder's name: the release name and the namespace.
    pub service: String,
    /// The app folder (for apps read from a listing: `ROOT/<env>/<service>` as listed).
    pub dir: PathBuf,
}

impl App {
    /// `<env>/<service>`, as the app is named in output and messages.
    pub fn id(&self) -> String {
        format!("{}/{}", self.env, self.service)
    }
}

/// The values file every app folder holds.
pub const VALUES_FILE: &str = "values.yaml";

/// Whether a folder name can hold an app (or an environment): hidden folders are skipped.
pub fn is_app_folder_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.')
}

/// The sub-folders of `dir` whose names do not start with `.`, sorted by name.
fn subfolders(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let io = |e| Error::io(dir, e);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if is_app_folder_name(&name) && path.is_dir() {
            out.push((name, path));
        }
    }
    out.sort();
    Ok(out)
}

/// Finds every app folder `root/<env>/<service>/` holding a `values.yaml`, sorted by
/// environment then service. A folder that cannot be read, or whose `values.yaml` is there
/// but is not a file that can be read, is an error naming it: an app is never skipped
/// silently. [`discover_each`] lists every such app instead of stopping at the first.
pub fn discover(root: &Path) -> Result<Vec<App>> {
    let found = discover_each(root)?;
    match found.unreadable.into_iter().next() {
        Some((app, why)) => Err(Error::Invalid(format!("{}: {why}", app.id()))),
        None => Ok(found.apps),
    }
}

/// The app folders of a repository ([`discover_each`]).
#[derive(Debug, Clone, Default)]
pub struct Discovered {
    /// The apps, sorted by environment then service.
    pub apps: Vec<App>,
    /// The apps whose `values.yaml` is there but cannot be read, sorted the same way, each
    /// with why (`cannot read `…/values.yaml`: it is not a regular file`).
    pub unreadable: Vec<(App, String)>,
}

/// [`discover`], going on past apps whose `values.yaml` is there but cannot be read (a
/// folder, a pipe, a link to nothing, no permission), so that a check can list every broken
/// app at once. A root or environment folder that cannot be listed is still an error.
pub fn discover_each(root: &Path) -> Result<Discovered> {
    use std::io::ErrorKind;
    let mut apps = Vec::new();
    let mut unreadable = Vec::new();
    for (env, env_dir) in subfolders(root)? {
        for (service, dir) in subfolders(&env_dir)? {
            let values = dir.join(VALUES_FILE);
            let why = |why: String| format!("cannot read `{}`: {why}", values.display());
            let problem = match std::fs::symlink_metadata(&values) {
                Err(e) if e.kind() == ErrorKind::NotFound => continue,
                Err(e) => Some(why(crate::error::go_io_message(&e))),
                Ok(_) => match std::fs::metadata(&values) {
                    Ok(m) if m.is_file() => None,
                    Ok(_) => Some(why("it is not a regular file".into())),
                    Err(e) if e.kind() == ErrorKind::NotFound => {
                        Some(why("it is a symlink to nothing".into()))
                    }
                    Err(e) => Some(why(crate::error::go_io_message(&e))),
                },
            };
            // The folder too: `values.yaml` may be readable while its folder cannot be listed.
            let problem = problem.or_else(|| {
                std::fs::read_dir(&dir).err().map(|e| {
                    format!(
                        "cannot read the folder `{}`: {}",
                        dir.display(),
                        crate::error::go_io_message(&e)
                    )
                })
            });
            let app = App {
                env: env.clone(),
                service,
                dir,
            };
            match problem {
                Some(why) => unreadable.push((app, why)),
                None => apps.push(app),
            }
        }
    }
    Ok(Discovered { apps, unreadable })
}

/// The apps of a listing of file paths relative to the root (`/`-separated, as git lists
/// them): every `<env>/<service>/values.yaml`, sorted by environment then service. `dir` is
/// `root` joined with `<env>/<service>`.
pub fn from_paths<'a>(root: &Path, paths: impl IntoIterator<Item = &'a str>) -> Vec<App> {
    let mut apps: Vec<App> = paths
        .into_iter()
        .filter_map(|p| {
            let mut parts = p.split('/');
            let (env, service, file) = (parts.next()?, parts.next()?, parts.next()?);
            let ok = parts.next().is_none()
                && file == VALUES_FILE
                && is_app_folder_name(env)
                && is_app_folder_name(service);
            ok.then(|| App {
                env: env.to_owned(),
                service: service.to_owned(),
                dir: root.join(env).join(service),
            })
        })
        .collect();
    apps.sort();
    apps.dedup();
    apps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_give_the_same_apps_as_folders() {
        let root = std::env::temp_dir().join(format!("orochart-fleet-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let files = [
            "prod/b/values.yaml",
            "dev/a/values.yaml",
            "dev/.hidden/values.yaml",
            ".git/x/values.yaml",
            "dev/c/other.yaml",
            "dev/d/deeper/values.yaml",
        ];
        for f in files {
            let p = root.join(f);
            if let Some(parent) = p.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::write(&p, "a: 1\n");
        }
        let ids = |apps: &[App]| apps.iter().map(App::id).collect::<Vec<_>>();
        let from_fs = discover(&root).unwrap_or_default();
        let listed = from_paths(&root, files);
        assert_eq!(ids(&from_fs), ["dev/a", "prod/b"]);
        assert_eq!(from_fs, listed);
        let _ = std::fs::remove_dir_all(&root);
    }
}
