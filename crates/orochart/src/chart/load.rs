//! Reading a chart's files as Helm's `pkg/chart/loader` does: a folder (walked in lexical
//! order, `.helmignore` applied, Helm's default rule added) or a gzipped tar archive (the first
//! path segment is the chart folder; no `.helmignore`, `helm package` applied it already).
//! Either way the result is a list of files by path inside the chart, UTF-8 BOM removed.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::ignore::Rules;
use crate::error::{Error, Result};

/// A file of a chart: its path inside the chart (`templates/a.yaml`) and its bytes.
pub type BufferedFile = (String, Vec<u8>);

/// Helm's limit on one decompressed file of an archive (`MaxDecompressedFileSize`, 5 MiB).
const MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

fn chart_error(origin: &str, message: String) -> Error {
    Error::Chart {
        chart: origin.to_owned(),
        message,
    }
}

/// The files of a chart folder, with its `.helmignore` applied (Helm's `LoadDir`).
pub fn read_dir(dir: &Path) -> Result<Vec<BufferedFile>> {
    list_dir_noting_links(dir, &mut false)?
        .into_iter()
        .map(|(name, path)| Ok((name, strip_bom(crate::input::read_file(&path)?))))
        .collect()
}

/// The files of a chart folder, with its `.helmignore` applied, by path inside the chart and
/// on disk, none read yet; and `maybe_links` set when the folder may hold a symbolic link: an
/// entry that is one (or whose kind the listing does not give), or an ignored folder that
/// holds one or cannot be fully looked through. Left unset, the folder, ignored folders
/// included, has no link at all, and [`super::symlinks`] would find none. Meaningless on an
/// error.
pub(crate) fn list_dir_noting_links(
    dir: &Path,
    maybe_links: &mut bool,
) -> Result<Vec<(String, PathBuf)>> {
    let origin = dir.display().to_string();
    let ignore_file = dir.join(".helmignore");
    let rules = if ignore_file.is_file() {
        let text = std::fs::read_to_string(&ignore_file).map_err(|e| Error::io(&ignore_file, e))?;
        Rules::parse(&text)
            .map_err(|e| chart_error(&origin, format!("{}: {e}", ignore_file.display())))?
    } else {
        Rules::default()
    }
    .with_defaults();
    let mut files = Vec::new();
    walk(dir, "", &rules, &mut files, maybe_links)?;
    Ok(files)
}

/// Whether a folder (one `.helmignore` leaves out) holds no symbolic link, at any depth, as
/// far as can be told: a listing that fails, an entry of unknown kind or a nesting deeper
/// than [`super::symlinks`] looks count as a link.
fn holds_no_link(dir: &Path, depth: usize) -> bool {
    if depth > 40 {
        return false;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    for entry in entries {
        let Ok(entry) = entry else {
            return false;
        };
        match entry.file_type() {
            Ok(k) if k.is_symlink() => return false,
            Ok(k) if k.is_dir() => {
                if !holds_no_link(&entry.path(), depth + 1) {
                    return false;
                }
            }
            Ok(_) => {}
            Err(_) => return false,
        }
    }
    true
}

/// How deep a chart's folders may nest, through followed links too: past it a link loop is
/// assumed (where the kernel says ELOOP), not walked until the stack runs out.
const MAX_DEPTH: usize = 64;

fn walk(
    dir: &Path,
    rel: &str,
    rules: &Rules,
    out: &mut Vec<(String, PathBuf)>,
    maybe_links: &mut bool,
) -> Result<()> {
    if rel.matches('/').count() >= MAX_DEPTH {
        return Err(chart_error(
            &dir.display().to_string(),
            format!(
                "`{}`: folders nested more than {MAX_DEPTH} deep (a symbolic link loop?)",
                dir.display()
            ),
        ));
    }
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        // The kind the directory listing gives costs no system call; a link (or a file
        // system that does not say) is looked at below.
        let kind = entry.file_type().ok();
        entries.push((entry.file_name().to_string_lossy().into_owned(), kind));
    }
    // Go's filepath.Walk visits names in lexical order.
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (name, kind) in entries {
        let path = dir.join(&name);
        let n = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        // Symbolic links are followed, as Helm's `sympath.Walk` does.
        let (is_dir, is_file) = match kind {
            Some(k) if k.is_dir() => (true, false),
            Some(k) if k.is_file() => (false, true),
            _ => {
                *maybe_links = true;
                let meta = std::fs::metadata(&path).map_err(|e| Error::io(&path, e))?;
                (meta.is_dir(), meta.is_file())
            }
        };
        if is_dir {
            if !rules.ignore(&n, true) {
                walk(&path, &n, rules, out, maybe_links)?;
            } else if !*maybe_links && !holds_no_link(&path, n.matches('/').count() + 1) {
                *maybe_links = true;
            }
            continue;
        }
        if rules.ignore(&n, false) {
            continue;
        }
        if !is_file {
            return Err(chart_error(
                &dir.display().to_string(),
                format!(
                    "cannot load irregular file {} as it has file mode type bits set",
                    path.display()
                ),
            ));
        }
        out.push((n, path));
    }
    Ok(())
}

pub(crate) fn strip_bom(data: Vec<u8>) -> Vec<u8> {
    match data.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => data,
    }
}

/// Helm's `ensureArchive`: a chart file that is not gzip is refused with what it seems to be
/// (Go's `http.DetectContentType` of its first 512 bytes, zero-padded: text or binary).
pub fn ensure_archive(bytes: &[u8], name: &str) -> Result<()> {
    if bytes.starts_with(&[0x1f, 0x8b, 0x08]) {
        return Ok(());
    }
    if name.ends_with(".yml") || name.ends_with(".yaml") {
        return Err(chart_error(
            name,
            format!("file '{name}' seems to be a YAML file, but expected a gzipped archive"),
        ));
    }
    // Go's sniffer sees 512 bytes; a shorter file is padded with zeros, which are binary.
    let head = &bytes[..bytes.len().min(512)];
    let binary = head.len() < 512
        || head
            .iter()
            .any(|b| matches!(b, 0x00..=0x08 | 0x0B | 0x0E..=0x1A | 0x1C..=0x1F));
    let kind = if binary {
        "application/octet-stream"
    } else {
        "text/plain; charset=utf-8"
    };
    Err(chart_error(
        name,
        format!("file '{name}' does not appear to be a gzipped archive; got '{kind}'"),
    ))
}

/// The files of a gzipped chart archive (Helm's `LoadArchiveFiles`). `origin` names the
/// archive in messages.
pub fn read_archive(bytes: &[u8], origin: &str) -> Result<Vec<BufferedFile>> {
    let fail = |m: String| chart_error(origin, m);
    let gz = flate2::read::GzDecoder::new(bytes);
    let mut archive = tar::Archive::new(gz);
    let mut files = Vec::new();
    let entries = archive
        .entries()
        .map_err(|e| fail(format!("{origin}: {e}")))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| fail(format!("{origin}: {e}")))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let raw = entry
            .path_bytes()
            .iter()
            .map(|b| if *b == b'\\' { b'/' } else { *b })
            .collect::<Vec<u8>>();
        let name = String::from_utf8_lossy(&raw).into_owned();
        let mut parts = name.splitn(2, '/');
        let first = parts.next().unwrap_or("");
        let Some(rest) = parts.next() else {
            if first == "Chart.yaml" {
                return Err(fail("chart yaml not in base directory".into()));
            }
            continue;
        };
        if rest.is_empty() {
            continue;
        }
        if rest.split('/').any(|s| s == "..") || rest.starts_with('/') {
            return Err(fail(
                "chart illegally contains content outside the base directory".into(),
            ));
        }
        if entry.size() > MAX_FILE_SIZE {
            return Err(fail(format!(
                "decompressed chart file \"{rest}\" is larger than the maximum file size 5242880"
            )));
        }
        // The header's size (bounded above) sizes the buffer once.
        let mut data = Vec::with_capacity(usize::try_from(entry.size()).unwrap_or(0));
        entry
            .read_to_end(&mut data)
            .map_err(|e| fail(format!("{origin}: {e}")))?;
        files.push((rest.to_owned(), strip_bom(data)));
    }
    if files.is_empty() {
        return Err(fail("no files in chart archive".into()));
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tgz(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
            Vec::new(),
            flate2::Compression::default(),
        ));
        for (path, text) in entries {
            let mut h = tar::Header::new_gnu();
            h.set_size(text.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            builder
                .append_data(&mut h, path, text.as_bytes())
                .unwrap_or_else(|e| panic!("{e}"));
        }
        builder
            .into_inner()
            .and_then(|gz| gz.finish())
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Helm 3.17.2's words for a chart file that is not gzip (`helm template x f.tgz`, run
    /// with a 5-byte file, a 600-byte text file and a `.yaml` file). A parity case cannot
    /// check them: Helm prints the absolute path, which differs between the two scratch runs.
    #[test]
    fn a_file_that_is_not_gzip_is_named_with_what_it_seems() {
        let e = |bytes: &[u8], name: &str| {
            ensure_archive(bytes, name)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert_eq!(
            e(b"junk\n", "/tmp/cm-junk.tgz"),
            "file '/tmp/cm-junk.tgz' does not appear to be a gzipped archive; got 'application/octet-stream'"
        );
        assert_eq!(
            e("# orochart\n".repeat(60).as_bytes(), "/tmp/t.tgz"),
            "file '/tmp/t.tgz' does not appear to be a gzipped archive; got 'text/plain; charset=utf-8'"
        );
        assert_eq!(
            e(b"a: 1\n", "/tmp/c.yaml"),
            "file '/tmp/c.yaml' seems to be a YAML file, but expected a gzipped archive"
        );
        assert!(ensure_archive(&[0x1f, 0x8b, 0x08, 0], "x.tgz").is_ok());
    }

    #[test]
    fn an_archive_loses_its_top_folder() {
        let bytes = tgz(&[
            ("c/Chart.yaml", "name: c\n"),
            ("c/templates/a.yaml", "\u{feff}a: 1\n"),
        ]);
        let files = read_archive(&bytes, "c.tgz").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            files,
            vec![
                ("Chart.yaml".to_owned(), b"name: c\n".to_vec()),
                ("templates/a.yaml".to_owned(), b"a: 1\n".to_vec()),
            ]
        );
        let bad = tgz(&[("Chart.yaml", "name: c\n")]);
        assert_eq!(
            read_archive(&bad, "c.tgz")
                .err()
                .map(|e| e.to_string())
                .as_deref(),
            Some("chart yaml not in base directory")
        );
        assert!(read_archive(b"not gzip", "x.tgz").is_err());
    }
}
