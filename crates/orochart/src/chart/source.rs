//! Where a chart's files come from: a [`ChartSource`] lists them by path inside the chart, and
//! [`crate::Chart::load`] sorts them as Helm's `LoadFiles` does, whatever the source.
//!
//! orochart's sources: a folder or `.tgz` archive on disk ([`OnDisk`], what `helm template`
//! takes), a gzipped archive in memory ([`Archive`]), files in memory ([`InMemory`], the
//! built-in chart, tests), and a chart folder at a git revision (`orochart diff`, in
//! [`crate::gitops`]). A tool with another store (an OCI blob cache, a database) implements
//! the trait.

use std::path::{Path, PathBuf};

use super::ignore::Rules;
use super::load::{self, BufferedFile};
use super::FileBytes;
use crate::error::{Error, Result};

/// A chart's files, by path inside the chart folder (`Chart.yaml`, `templates/a.yaml`,
/// `charts/common-2.31.4.tgz`), with `.helmignore` already applied where the source is a
/// folder (see [`kept_by_helmignore`]) and a leading UTF-8 byte-order mark removed from each
/// ([`without_bom`]).
pub trait ChartSource {
    /// How messages name the chart (its folder or archive as the user gave it).
    fn origin(&self) -> String;
    /// The chart's files, in any order.
    fn files(&self) -> Result<Vec<BufferedFile>>;

    /// The chart's files as a loaded chart keeps them, in any order: by default
    /// [`ChartSource::files`], every file read. A source may leave a file to be read on first
    /// use ([`FileBytes`]), as [`OnDisk`] does for a folder's files.
    fn chart_files(&self) -> Result<Vec<(String, FileBytes)>> {
        Ok(self
            .files()?
            .into_iter()
            .map(|(path, bytes)| (path, FileBytes::new(bytes)))
            .collect())
    }
}

/// A chart folder or a `.tgz` chart archive on disk, as `helm template` takes its chart
/// argument: a folder is walked in lexical order with its `.helmignore`, links followed; a
/// file must be a gzipped archive.
#[derive(Debug, Clone)]
pub struct OnDisk(pub PathBuf);

impl OnDisk {
    /// The chart at `path`.
    pub fn new(path: impl AsRef<Path>) -> OnDisk {
        OnDisk(path.as_ref().to_owned())
    }
}

impl ChartSource for OnDisk {
    fn origin(&self) -> String {
        self.0.display().to_string()
    }

    fn files(&self) -> Result<Vec<BufferedFile>> {
        self.chart_files()?
            .into_iter()
            .map(|(path, bytes)| Ok((path, bytes.into_vec()?)))
            .collect()
    }

    /// A folder's files are read on first use, an archive's at once.
    fn chart_files(&self) -> Result<Vec<(String, FileBytes)>> {
        let mut stops = Vec::new();
        let files = self.files_noting_links(&mut false, &mut stops);
        match stops
            .into_iter()
            .find(|s| s.helms.has(crate::profile::HelmVersion::default()))
        {
            Some(stop) => Err(Error::Archive {
                file: self.archive_name(),
                message: stop.message,
                bad_header: false,
            }),
            None => files,
        }
    }
}

impl OnDisk {
    /// The absolute path, cleaned, as Helm names the chart (`LocateChart`).
    fn archive_name(&self) -> String {
        let path = &self.0;
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        // Go's `filepath.Abs` cleans the path.
        crate::go::path::clean(&absolute.display().to_string())
    }

    /// The chart's files as a Helm without limits on an archive's size reads them (see
    /// [`load::read_archive_per_helm`]), with `stops` where Helms with limits stop instead,
    /// and `maybe_links` set when the chart folder may hold a symbolic link (see
    /// [`load::list_dir_noting_links`]); an archive holds none that [`super::symlinks`]
    /// would find.
    pub(crate) fn files_noting_links(
        &self,
        maybe_links: &mut bool,
        stops: &mut Vec<load::ArchiveStop>,
    ) -> Result<Vec<(String, FileBytes)>> {
        let path = &self.0;
        if path.is_file() {
            let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
            let absolute = self.archive_name();
            load::ensure_archive(&bytes, &absolute)?;
            let (files, stopped) = load::read_archive_per_helm(&bytes, &absolute);
            *stops = stopped;
            return Ok(files?
                .into_iter()
                .map(|(path, bytes)| (path, FileBytes::new(bytes)))
                .collect());
        }
        if !path.join("Chart.yaml").is_file() {
            return Err(Error::ChartYamlMissing {
                chart: self.archive_name(),
                folder: true,
            });
        }
        Ok(load::list_dir_noting_links(path, maybe_links)?
            .into_iter()
            .map(|(name, path)| (name, FileBytes::deferred(path)))
            .collect())
    }
}

/// A gzipped chart archive in memory (Helm's `LoadArchive`): the first path segment of each
/// entry is the chart folder.
#[derive(Debug, Clone)]
pub struct Archive {
    /// How messages name the archive.
    pub origin: String,
    /// The archive's bytes.
    pub bytes: Vec<u8>,
}

impl ChartSource for Archive {
    fn origin(&self) -> String {
        self.origin.clone()
    }

    fn files(&self) -> Result<Vec<BufferedFile>> {
        load::ensure_archive(&self.bytes, &self.origin)?;
        load::read_archive(&self.bytes, &self.origin)
    }
}

/// Files in memory, by path inside the chart, taken as they are (no `.helmignore`: the caller
/// chose them). [`crate::Chart::from_files`] builds a chart from texts without this copy.
#[derive(Debug, Clone)]
pub struct InMemory {
    /// How messages name the chart.
    pub origin: String,
    /// The files.
    pub files: Vec<BufferedFile>,
}

impl ChartSource for InMemory {
    fn origin(&self) -> String {
        self.origin.clone()
    }

    fn files(&self) -> Result<Vec<BufferedFile>> {
        Ok(self
            .files
            .iter()
            .map(|(p, d)| (p.clone(), load::strip_bom(d.clone())))
            .collect())
    }
}

/// Keeps the files of a chart folder that Helm's `LoadDir` would read: the folder's
/// `.helmignore` (its text, when it has one) and Helm's default rule applied, a file left out
/// when it or any folder above it is ignored, as a walk that does not enter an ignored folder
/// would. For sources that list a folder's files without walking it (a git tree), before
/// reading them. A bad `.helmignore` is [`Error::Chart`] with Helm's message (which names no
/// file: `syntax error in pattern`) and `origin` as the chart.
pub fn kept_by_helmignore<T>(
    origin: &str,
    helmignore: Option<&[u8]>,
    files: Vec<(String, T)>,
) -> Result<Vec<(String, T)>> {
    let rules = match helmignore {
        Some(text) => Rules::parse(&String::from_utf8_lossy(text)).map_err(|e| Error::Chart {
            chart: origin.to_owned(),
            message: e,
        })?,
        None => Rules::default(),
    }
    .with_defaults();
    Ok(files
        .into_iter()
        .filter(|(path, _)| {
            let folder_ignored = path
                .match_indices('/')
                .any(|(i, _)| rules.ignore(&path[..i], true));
            !folder_ignored && !rules.ignore(path, false)
        })
        .collect())
}

/// A file's bytes as a chart source hands them on: without a leading UTF-8 byte-order mark.
pub fn without_bom(data: Vec<u8>) -> Vec<u8> {
    load::strip_bom(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Chart;

    fn file(p: &str, t: &str) -> BufferedFile {
        (p.to_owned(), t.as_bytes().to_vec())
    }

    const CHART_YAML: &str = "apiVersion: v2\nname: c\nversion: 0.1.0\n";

    #[test]
    fn helmignore_drops_ignored_files_and_folders_as_a_walk_does() -> Result<()> {
        let names = [
            ".helmignore",
            "Chart.yaml",
            "README.md",
            "secret/key.txt",
            "deep/secret/key.txt",
            "files/a.txt",
            "templates/.hidden.yaml",
            "templates/cm.yaml",
        ];
        let files = names.iter().map(|n| (n.to_string(), ())).collect();
        let kept = kept_by_helmignore("c", Some(b"*.md\nsecret/\n"), files)?;
        let kept: Vec<&str> = kept.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            kept,
            [
                ".helmignore",
                "Chart.yaml",
                "files/a.txt",
                "templates/cm.yaml"
            ]
        );
        // Without a .helmignore, only Helm's default rule.
        let files = names.iter().map(|n| (n.to_string(), ())).collect();
        let kept = kept_by_helmignore("c", None, files)?;
        assert_eq!(kept.len(), names.len() - 1);
        Ok(())
    }

    #[test]
    fn a_bad_helmignore_is_helms_message_for_the_chart() {
        let err = kept_by_helmignore::<()>("c", Some(b"a/**/b\n"), Vec::new()).err();
        match err {
            Some(Error::Chart { chart, message }) => {
                assert_eq!(chart, "c");
                assert_eq!(message, "double-star (**) syntax is not supported");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_source_gives_the_same_chart() -> Result<()> {
        let dir = std::env::temp_dir().join(format!("orochart-source-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let io = |e| Error::io(&dir, e);
        std::fs::create_dir_all(dir.join("templates")).map_err(io)?;
        std::fs::write(dir.join("Chart.yaml"), CHART_YAML).map_err(io)?;
        std::fs::write(dir.join("values.yaml"), "a: 1\n").map_err(io)?;
        std::fs::write(dir.join("templates/cm.yaml"), "a: {{ .Values.a }}\n").map_err(io)?;
        let on_disk = Chart::load(&OnDisk::new(&dir))?;
        let in_memory = Chart::load(&InMemory {
            origin: "c".into(),
            files: vec![
                file("Chart.yaml", CHART_YAML),
                file("values.yaml", "a: 1\n"),
                file("templates/cm.yaml", "a: {{ .Values.a }}\n"),
            ],
        })?;
        std::fs::remove_dir_all(&dir).map_err(io)?;
        assert_eq!(on_disk.metadata, in_memory.metadata);
        assert_eq!(on_disk.values, in_memory.values);
        assert_eq!(
            on_disk.template_source("c/templates/cm.yaml"),
            in_memory.template_source("c/templates/cm.yaml")
        );
        assert!(on_disk.template_source("c/templates/cm.yaml").is_some());
        Ok(())
    }

    #[test]
    fn an_archive_in_memory_must_be_gzip() {
        let err = Chart::load(&Archive {
            origin: "c.tgz".into(),
            bytes: b"apiVersion: v2".to_vec(),
        })
        .err()
        .map(|e| e.to_string());
        assert!(
            err.as_deref()
                .is_some_and(|e| e.contains("does not appear to be a gzipped archive")),
            "{err:?}"
        );
    }
}
