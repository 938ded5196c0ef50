//! One side of a diff: the app folders and chart files of a git revision (read from git
//! objects, nothing checked out or written) or of a folder.
//!
//! A [`Snapshot`] lists each app's `values.yaml` and each chart file with an id that changes
//! exactly when the bytes do (git's blob id, or a SHA-256 of a folder's file), so comparing two
//! snapshots tells which apps need rendering without reading a single blob. The texts are read
//! afterwards, only for the files a render needs, with one `git cat-file --batch` process.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sha2::{Digest, Sha256};

use crate::chart::{self, BufferedFile, ChartSource};
use crate::error::{Error, Result};
use crate::fleet::{self, App};

/// Where one side of a diff comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Revision {
    /// A revision (`main`, `HEAD~1`, a commit id) of the git repository that `repo` is in.
    /// `root` and the chart folder are then paths relative to the repository's top folder.
    Git {
        /// Any folder inside the repository (git is run there).
        repo: PathBuf,
        /// The revision, as `git rev-parse` reads it.
        rev: String,
    },
    /// A folder on disk: `root` and the chart folder are relative to it.
    Dir(PathBuf),
}

impl Revision {
    /// How the revision is named in messages: the git revision, or the folder.
    pub fn label(&self) -> String {
        match self {
            Revision::Git { rev, .. } => rev.clone(),
            Revision::Dir(dir) => dir.display().to_string(),
        }
    }
}

/// A file of a snapshot: an id that changes exactly when its bytes do, and where to read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRef {
    /// Git's blob id, or the SHA-256 of a folder's file.
    pub id: String,
    /// The bytes, for folder snapshots (read while listing); git blobs are read on demand.
    data: Option<Vec<u8>>,
    /// Git mode `120000`: a symlink, which a git tree stores as its target's path.
    symlink: bool,
}

/// The apps and chart files of one revision.
#[derive(Debug, Clone)]
pub struct Snapshot {
    revision: Revision,
    /// Every app folder with its `values.yaml`, sorted by environment then service.
    pub apps: BTreeMap<App, FileRef>,
    /// The chart folder's files (path inside the chart → file), when a chart folder was given:
    /// every file under it (subcharts and `.Files` too); [`SnapshotChart`] applies its
    /// `.helmignore` when loading.
    pub chart: Option<BTreeMap<String, FileRef>>,
}

/// The chart folder of a [`Snapshot`] as a [`ChartSource`]: its files as they are at the
/// snapshot's revision (git objects, nothing checked out), `.helmignore` applied as Helm's
/// `LoadDir` applies it, so that a diff renders the same chart as `render` of a checkout:
/// subcharts under `charts/`, `.Files` and all.
#[derive(Debug, Clone, Copy)]
pub struct SnapshotChart<'a> {
    /// The snapshot, listed with a chart folder.
    pub snapshot: &'a Snapshot,
    /// The chart folder as given (for messages).
    pub dir: &'a str,
}

impl ChartSource for SnapshotChart<'_> {
    fn origin(&self) -> String {
        self.dir.to_owned()
    }

    fn files(&self) -> Result<Vec<BufferedFile>> {
        let dir = self.dir;
        let label = self.snapshot.revision().label();
        let files = match &self.snapshot.chart {
            Some(files) if !files.is_empty() => files,
            _ => {
                return Err(Error::Chart {
                    chart: dir.to_owned(),
                    message: format!("chart folder `{dir}` not found at `{label}`"),
                })
            }
        };
        let named = |name: &str, e: Error| Error::Invalid(format!("`{dir}/{name}` {e}"));
        let helmignore = match files.get(".helmignore") {
            Some(f) => Some(
                self.snapshot
                    .read_bytes(&[f])?
                    .pop()
                    .unwrap_or_else(|| Ok(Vec::new()))
                    .map_err(|e| named(".helmignore", e))?,
            ),
            None => None,
        };
        let listed = files.iter().map(|(n, f)| (n.clone(), f)).collect();
        let kept = chart::source::kept_by_helmignore(dir, helmignore.as_deref(), listed)
            .map_err(|e| named(".helmignore", e))?;
        let refs: Vec<&FileRef> = kept.iter().map(|(_, f)| *f).collect();
        let data = self.snapshot.read_bytes(&refs)?;
        kept.into_iter()
            .zip(data)
            .map(|((name, _), d)| match d {
                Ok(d) => Ok((name, chart::source::without_bom(d))),
                Err(e) => Err(named(&name, e)),
            })
            .collect()
    }
}

/// `a/b/` joined onto `c` as a `/`-separated path, `""` meaning the top.
fn join_rel(base: &str, rel: &str) -> String {
    match (base.trim_end_matches('/'), rel) {
        ("", r) => r.to_owned(),
        (b, "") => b.to_owned(),
        (b, r) => format!("{b}/{r}"),
    }
}

impl Snapshot {
    /// Lists the apps under `root` (relative to the repository top or the folder) and, when
    /// `chart` is given, the chart folder's files, at `revision`.
    pub fn load(revision: &Revision, root: &str, chart: Option<&str>) -> Result<Snapshot> {
        let mut snap = match revision {
            Revision::Git { repo, rev } => git_snapshot(repo, rev, root, chart)?,
            Revision::Dir(dir) => dir_snapshot(dir, root, chart)?,
        };
        // The chart folder has a values.yaml too: under the root, it is not an app.
        if let Some(chart) = chart {
            let chart = chart.trim_end_matches('/');
            snap.apps.retain(|app, _| {
                let dir = join_rel(root, &format!("{}/{}", app.env, app.service));
                dir != chart && !dir.starts_with(&format!("{chart}/"))
            });
        }
        Ok(snap)
    }

    /// The revision this is a snapshot of.
    pub fn revision(&self) -> &Revision {
        &self.revision
    }

    /// The texts of `files`, in order (invalid UTF-8 replaced), as [`Snapshot::read_bytes`].
    pub fn read(&self, files: &[&FileRef]) -> Result<Vec<Result<String>>> {
        Ok(self
            .read_bytes(files)?
            .into_iter()
            .map(|r| {
                r.map(|b| {
                    String::from_utf8(b)
                        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
                })
            })
            .collect())
    }

    /// The bytes of `files`, in order: git blobs read in one `git cat-file --batch`.
    pub fn read_bytes(&self, files: &[&FileRef]) -> Result<Vec<Result<Vec<u8>>>> {
        // Each blob once: apps with the same values (copies) share a blob id.
        let mut missing: Vec<&str> = files
            .iter()
            .filter(|f| f.data.is_none() && !f.symlink)
            .map(|f| f.id.as_str())
            .collect();
        missing.sort_unstable();
        missing.dedup();
        let blobs = match (&self.revision, missing.is_empty()) {
            (Revision::Git { repo, .. }, false) => cat_blobs(repo, &missing)?,
            _ => BTreeMap::new(),
        };
        Ok(files
            .iter()
            .map(|f| {
                if f.symlink {
                    return Err(Error::Invalid(
                        "is a symlink in git: `orochart diff` reads git objects and does not follow symlinks".into(),
                    ));
                }
                match (&f.data, blobs.get(&f.id)) {
                    (Some(t), _) => Ok(t.clone()),
                    (None, Some(Blob::Bytes(b))) => Ok(b.clone()),
                    (None, Some(Blob::TooLarge)) => Err(Error::Invalid(format!(
                        "is larger than {} MiB, orochart's limit for one input file",
                        crate::input::MAX_FILE_SIZE >> 20
                    ))),
                    (None, None) => Err(Error::Invalid(format!(
                        "git blob `{}` could not be read",
                        f.id
                    ))),
                }
            })
            .collect())
    }
}

/// Runs git in `repo` and returns its stdout; a failure names the command and git's words.
fn git(repo: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| Error::Invalid(format!("cannot run `git`: {e}")))?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        let why = why
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("failed");
        return Err(Error::Invalid(format!(
            "`git {}` failed: {}",
            args.join(" "),
            why.trim()
        )));
    }
    Ok(out.stdout)
}

/// The commit a revision names, checked (a clear error for an unknown revision).
fn resolve_commit(repo: &Path, rev: &str) -> Result<String> {
    let spec = format!("{rev}^{{commit}}");
    let out = git(repo, &["rev-parse", "--verify", "--quiet", "--end-of-options", &spec])
        .map_err(|_| {
            Error::Invalid(format!(
                "unknown git revision `{rev}` in `{}` (a shallow clone needs both commits: fetch with enough depth)",
                repo.display()
            ))
        })?;
    Ok(String::from_utf8_lossy(&out).trim().to_owned())
}

fn git_snapshot(repo: &Path, rev: &str, root: &str, chart: Option<&str>) -> Result<Snapshot> {
    let commit = resolve_commit(repo, rev)?;
    let mut args = vec!["ls-tree", "-r", "-z", "--full-tree", commit.as_str(), "--"];
    let root_spec = if root.is_empty() { "." } else { root };
    args.push(root_spec);
    if let Some(c) = chart {
        args.push(c);
    }
    // `:(top)` is not needed: `--full-tree` makes pathspecs relative to the top folder.
    let out = git(repo, &args)?;
    let root_prefix = if root.is_empty() {
        String::new()
    } else {
        format!("{}/", root.trim_end_matches('/'))
    };
    let chart_prefix = chart.map(|c| format!("{}/", c.trim_end_matches('/')));
    let mut app_files: BTreeMap<String, FileRef> = BTreeMap::new();
    let mut chart_files: BTreeMap<String, FileRef> = BTreeMap::new();
    for entry in out.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        // `<mode> SP <type> SP <oid> TAB <path>`
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (Some(mode), Some(kind), Some(oid)) = (meta.next(), meta.next(), meta.next()) else {
            continue;
        };
        if kind != "blob" {
            continue;
        }
        let file = FileRef {
            id: oid.to_owned(),
            data: None,
            symlink: mode == "120000",
        };
        if let Some(rel) = chart_prefix.as_deref().and_then(|p| path.strip_prefix(p)) {
            chart_files.insert(rel.to_owned(), file.clone());
        }
        if let Some(rel) = path.strip_prefix(&root_prefix) {
            app_files.insert(rel.to_owned(), file);
        }
    }
    let root_path = Path::new(root);
    let apps = fleet::from_paths(root_path, app_files.keys().map(String::as_str))
        .into_iter()
        .filter_map(|app| {
            let key = format!("{}/{}/{}", app.env, app.service, fleet::VALUES_FILE);
            app_files.remove(&key).map(|f| (app, f))
        })
        .collect();
    Ok(Snapshot {
        revision: Revision::Git {
            repo: repo.to_path_buf(),
            rev: rev.to_owned(),
        },
        apps,
        chart: chart.map(|_| chart_files),
    })
}

/// A blob as [`cat_blobs`] read it.
enum Blob {
    Bytes(Vec<u8>),
    /// Past [`crate::input::MAX_FILE_SIZE`]: not read.
    TooLarge,
}

/// Reads blobs by id with one `git cat-file --batch`, writing the ids from a thread so that
/// neither side of the pipe waits on the other.
fn cat_blobs(repo: &Path, ids: &[&str]) -> Result<BTreeMap<String, Blob>> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Error::Invalid(format!("cannot run `git cat-file`: {e}")))?;
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| Error::Invalid("`git cat-file` has no stdin".into()))?;
    let request: String = ids.iter().map(|id| format!("{id}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| Error::Invalid("`git cat-file` has no stdout".into()))?;
    let mut reader = BufReader::new(stdout);
    let mut out = BTreeMap::new();
    let broken = |what: &str| Error::Invalid(format!("`git cat-file --batch`: {what}"));
    for id in ids {
        let mut header = String::new();
        reader
            .read_line(&mut header)
            .map_err(|e| broken(&e.to_string()))?;
        // `<oid> blob <size>` or `<oid> missing`
        let mut parts = header.split_whitespace();
        let (Some(_), Some(kind), Some(size)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(broken(&format!("blob `{id}` is missing")));
        };
        let size: usize = size
            .parse()
            .map_err(|_| broken(&format!("bad header `{}`", header.trim())))?;
        // A blob past orochart's input limit is skipped over, not held.
        if size as u64 > crate::input::MAX_FILE_SIZE {
            std::io::copy(
                &mut (&mut reader).take(size as u64 + 1),
                &mut std::io::sink(),
            )
            .map_err(|e| broken(&e.to_string()))?;
            if kind == "blob" {
                out.insert((*id).to_owned(), Blob::TooLarge);
            }
            continue;
        }
        let mut body = vec![0; size + 1];
        reader
            .read_exact(&mut body)
            .map_err(|e| broken(&e.to_string()))?;
        body.pop();
        if kind == "blob" {
            out.insert((*id).to_owned(), Blob::Bytes(body));
        }
    }
    drop(reader);
    let _ = writer.join();
    let _ = child.wait();
    Ok(out)
}

fn file_ref(path: &Path) -> Result<FileRef> {
    // Regular files within orochart's input limit, as a chart folder is read to render it.
    let data = crate::input::read_file(path)?;
    let id = Sha256::digest(&data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(FileRef {
        id,
        data: Some(data),
        symlink: false,
    })
}

fn walk_chart(dir: &Path, rel: &str, out: &mut BTreeMap<String, FileRef>) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let sub = join_rel(rel, &name);
        if path.is_dir() {
            walk_chart(&path, &sub, out)?;
        } else {
            out.insert(sub, file_ref(&path)?);
        }
    }
    Ok(())
}

fn dir_snapshot(dir: &Path, root: &str, chart: Option<&str>) -> Result<Snapshot> {
    if !dir.is_dir() {
        return Err(Error::Invalid(format!(
            "`{}` is not a folder",
            dir.display()
        )));
    }
    let root_dir = dir.join(root);
    let mut apps = BTreeMap::new();
    if root_dir.is_dir() {
        for app in fleet::discover(&root_dir)? {
            let f = file_ref(&app.dir.join(fleet::VALUES_FILE))?;
            let app = App {
                dir: Path::new(root).join(&app.env).join(&app.service),
                ..app
            };
            apps.insert(app, f);
        }
    }
    let chart = match chart {
        None => None,
        Some(c) => {
            let mut files = BTreeMap::new();
            let chart_dir = dir.join(c);
            if chart_dir.is_dir() {
                walk_chart(&chart_dir, "", &mut files)?;
            }
            Some(files)
        }
    };
    Ok(Snapshot {
        revision: Revision::Dir(dir.to_path_buf()),
        apps,
        chart,
    })
}
