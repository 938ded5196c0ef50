//! Reading a chart's files as Helm's `pkg/chart/loader` does: a folder (walked in lexical
//! order, `.helmignore` applied, Helm's default rule added) or a gzipped tar archive (the first
//! path segment is the chart folder; no `.helmignore`, `helm package` applied it already).
//! Either way the result is a list of files by path inside the chart, UTF-8 BOM removed.

use std::path::{Path, PathBuf};

use super::failure::Helms;
use super::ignore::Rules;
use crate::error::{Error, Result};
use crate::go::gzip::{self, UNEXPECTED_EOF};
use crate::profile::{ArchiveLimits, HelmVersion};

/// A file of a chart: its path inside the chart (`templates/a.yaml`) and its bytes.
pub type BufferedFile = (String, Vec<u8>);

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
        .map(|(name, path)| Ok((name, strip_bom(crate::input::read_listed_file(&path)?))))
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
        // Go reads the rules as bytes: a line that is not UTF-8 is a pattern too.
        let bytes = std::fs::read(&ignore_file).map_err(|e| Error::io(&ignore_file, e))?;
        // Helm's message names no file.
        Rules::parse(&String::from_utf8_lossy(&bytes)).map_err(|e| chart_error(&origin, e))?
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

/// An error reading an archive, in Go's words (`unexpected EOF`, `gzip: invalid header`).
fn archive_error(file: &str, message: &str) -> Error {
    Error::Archive {
        file: file.to_owned(),
        message: message.to_owned(),
        bad_header: message == gzip::HEADER,
    }
}

/// Go's `tar.ErrHeader`.
const TAR_HEADER: &str = "archive/tar: invalid tar header";

/// Go's `archive/tar` reading a gunzipped archive: its entries' headers and data, the errors
/// where it stops.
struct TarReader<'a> {
    data: &'a [u8],
    pos: usize,
    /// The gzip error past the end of `data`.
    pending: Option<&'a str>,
    /// The entry whose data could not be read (its name and the size its header gives).
    cut: Option<(String, usize)>,
}

/// One entry of a tar archive, as Go's `tar.Reader.Next` gives it.
struct TarEntry<'a> {
    name: String,
    typeflag: u8,
    /// The mode's file type bits (`c_ISDIR`…).
    mode: u64,
    body: &'a [u8],
}

impl<'a> TarReader<'a> {
    /// `n` bytes (Go's `io.ReadFull`): none left is `EOF`, some `unexpected EOF`, unless the
    /// gzip reader failed there.
    fn read(&mut self, n: usize) -> std::result::Result<&'a [u8], &'a str> {
        let left = self.data.len() - self.pos;
        if left >= n {
            let out = &self.data[self.pos..self.pos + n];
            self.pos += n;
            return Ok(out);
        }
        self.pos = self.data.len();
        Err(match self.pending {
            Some(e) => e,
            None if left == 0 && n > 0 => "EOF",
            None => UNEXPECTED_EOF,
        })
    }

    /// An entry's data and its padding to 512 bytes: short data is `unexpected EOF`.
    fn body(&mut self, size: usize) -> std::result::Result<&'a [u8], &'a str> {
        let body = self
            .read(size)
            .map_err(|e| if e == "EOF" { UNEXPECTED_EOF } else { e })?;
        let pad = (512 - size % 512) % 512;
        self.read(pad)
            .map_err(|e| if e == "EOF" { UNEXPECTED_EOF } else { e })?;
        Ok(body)
    }

    /// The next entry (`Ok(None)` at the archive's end), GNU long names and PAX records
    /// applied to the entry they precede.
    fn next(&mut self) -> std::result::Result<Option<TarEntry<'a>>, &'a str> {
        let mut long_name: Option<String> = None;
        let mut pax_path: Option<String> = None;
        let mut pax_size: Option<usize> = None;
        loop {
            let block = match self.read(512) {
                Ok(b) => b,
                Err("EOF") => return Ok(None),
                Err(e) => return Err(e),
            };
            if block.iter().all(|b| *b == 0) {
                // A second zero block ends the archive; the stream's end does too.
                return match self.read(512) {
                    Ok(b) if b.iter().all(|b| *b == 0) => Ok(None),
                    Ok(_) => Err(TAR_HEADER),
                    Err("EOF") => Ok(None),
                    Err(e) => Err(e),
                };
            }
            let header = parse_header(block).ok_or(TAR_HEADER)?;
            let size = match pax_size.take() {
                Some(size) => size,
                None => header.size,
            };
            // Header-only types have no data, whatever their size says.
            let size = if matches!(header.typeflag, b'1'..=b'6') {
                0
            } else {
                size
            };
            match header.typeflag {
                b'L' => {
                    let body = self.body(size)?;
                    long_name = Some(c_string(body));
                    continue;
                }
                b'K' => {
                    self.body(size)?;
                    continue;
                }
                b'x' => {
                    let body = self.body(size)?;
                    for (key, value) in parse_pax(body).ok_or(TAR_HEADER)? {
                        match key.as_str() {
                            "path" => pax_path = Some(value),
                            "size" => pax_size = Some(value.parse().map_err(|_| TAR_HEADER)?),
                            _ => {}
                        }
                    }
                    continue;
                }
                _ => {}
            }
            let name = pax_path.take().or(long_name.take()).unwrap_or(header.name);
            let mut typeflag = header.typeflag;
            // Go's `TypeRegA`: a directory when its name ends with `/`.
            if typeflag == 0 {
                typeflag = if name.ends_with('/') { b'5' } else { b'0' };
            }
            let body = match self.body(size) {
                Ok(body) => body,
                Err(e) => {
                    self.cut = Some((name, size));
                    return Err(e);
                }
            };
            return Ok(Some(TarEntry {
                name,
                typeflag,
                mode: header.mode,
                body,
            }));
        }
    }
}

/// A tar header block's fields Go reads.
struct Header {
    name: String,
    typeflag: u8,
    mode: u64,
    size: usize,
}

/// A NUL-terminated field.
fn c_string(b: &[u8]) -> String {
    let end = b.iter().position(|c| *c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..end]).into_owned()
}

/// Go's `parseNumeric`: octal (spaces and NULs trimmed, then cut at a NUL), or base-256
/// when the first byte's high bit is set. `None` where Go fails.
fn parse_numeric(b: &[u8]) -> Option<u64> {
    if let Some(first) = b.first().filter(|f| **f & 0x80 != 0) {
        // Base-256: a positive number fits 8 bytes.
        if *first & 0x40 != 0 {
            return None;
        }
        let mut n: u64 = u64::from(*first & 0x7f);
        for c in &b[1..] {
            n = n.checked_mul(256)?.checked_add(u64::from(*c))?;
        }
        return Some(n);
    }
    // Spaces and NULs around it trimmed, then cut at a NUL within (Go's `parseString`).
    let start = b
        .iter()
        .position(|c| *c != b' ' && *c != 0)
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| *c != b' ' && *c != 0)
        .map_or(start, |i| i + 1);
    let b = &b[start..end];
    let b = &b[..b.iter().position(|c| *c == 0).unwrap_or(b.len())];
    if b.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(std::str::from_utf8(b).ok()?, 8).ok()
}

/// A header block, its checksum checked as Go checks it (unsigned or signed sum).
fn parse_header(block: &[u8]) -> Option<Header> {
    let stored = parse_numeric(&block[148..156])?;
    let (mut unsigned, mut signed) = (0u64, 0i64);
    for (i, b) in block.iter().enumerate() {
        let b = if (148..156).contains(&i) { b' ' } else { *b };
        unsigned += u64::from(b);
        signed += i64::from(b as i8);
    }
    if stored != unsigned && i64::try_from(stored).ok() != Some(signed) {
        return None;
    }
    let mut name = c_string(&block[0..100]);
    // USTAR and PAX (`ustar\0` `00`) put a prefix before the name; GNU (`ustar  \0`) does not.
    if &block[257..263] == b"ustar\0" {
        let prefix = c_string(&block[345..500]);
        if !prefix.is_empty() {
            name = format!("{prefix}/{name}");
        }
    }
    Some(Header {
        name,
        typeflag: block[156],
        mode: parse_numeric(&block[100..108])?,
        size: usize::try_from(parse_numeric(&block[124..136])?).ok()?,
    })
}

/// PAX records (`%d key=value\n`).
fn parse_pax(mut b: &[u8]) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    while !b.is_empty() {
        let space = b.iter().position(|c| *c == b' ')?;
        let len: usize = std::str::from_utf8(&b[..space]).ok()?.parse().ok()?;
        if len <= space || len > b.len() {
            return None;
        }
        let record = &b[space + 1..len];
        let record = record.strip_suffix(b"\n")?;
        let eq = record.iter().position(|c| *c == b'=')?;
        out.push((
            String::from_utf8_lossy(&record[..eq]).into_owned(),
            String::from_utf8_lossy(&record[eq + 1..]).into_owned(),
        ));
        b = &b[len..];
    }
    Some(out)
}

/// The files of a gzipped chart archive (Helm's `LoadArchiveFiles`), as the default Helm
/// reads them: each entry's path without its first element (the chart folder), checked as
/// Helm checks it. `file` names the archive in an error ([`Error::Archive`], Go's words).
pub fn read_archive(bytes: &[u8], file: &str) -> Result<Vec<BufferedFile>> {
    let (files, stops) = read_archive_per_helm(bytes, file);
    match stops
        .into_iter()
        .find(|s| s.helms.has(HelmVersion::default()))
    {
        Some(stop) => Err(archive_error(file, &stop.message)),
        None => files,
    }
}

/// Where a Helm with limits on an archive's size stops reading it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ArchiveStop {
    /// The Helms that stop there.
    pub(crate) helms: Helms,
    /// Their error (`decompressed chart is larger than the maximum size 104857600`).
    pub(crate) message: String,
}

/// A profile's limits, and how much of the total is left while an archive is read.
struct Budget {
    helms: Helms,
    limits: ArchiveLimits,
    left: i64,
    stop: Option<String>,
}

impl Budget {
    /// Go's checks of one file of `size` bytes.
    fn take(&mut self, name: &str, size: u64) {
        if self.stop.is_some() {
            return;
        }
        let size = i64::try_from(size).unwrap_or(i64::MAX);
        let total = |limit: u64| {
            format!(
                "decompressed chart is larger than the {} {limit}",
                self.limits.total_words
            )
        };
        if let Some(limit) = self.limits.total {
            if size > self.left {
                self.stop = Some(total(limit));
                return;
            }
        }
        if let Some(limit) = self.limits.file {
            if size > i64::try_from(limit).unwrap_or(i64::MAX) {
                self.stop = Some(format!(
                    "decompressed chart file {} is larger than the maximum file size {limit}",
                    crate::go::quote(name)
                ));
                return;
            }
        }
        if let Some(limit) = self.limits.total {
            self.left -= size;
            if self.left <= 0 {
                self.stop = Some(total(limit));
            }
        }
    }
}

/// The files of a gzipped chart archive as a Helm without limits on its size (Helm 3.17)
/// reads them, or its error; and where the Helms with limits (`profile.archive_limits`) stop
/// before its end, each with its error. Where the archive also fails later, the Helms that
/// stopped before meet only their own stop.
pub(crate) fn read_archive_per_helm(
    bytes: &[u8],
    file: &str,
) -> (Result<Vec<BufferedFile>>, Vec<ArchiveStop>) {
    let mut budgets: Vec<Budget> = Vec::new();
    for v in HelmVersion::ALL {
        let limits = v.profile().archive_limits;
        if limits.file.is_none() && limits.total.is_none() {
            continue;
        }
        match budgets.iter_mut().find(|b| b.limits == limits) {
            Some(b) => b.helms = b.helms.with(v),
            None => budgets.push(Budget {
                helms: Helms::NONE.with(v),
                limits,
                left: limits
                    .total
                    .map_or(i64::MAX, |t| i64::try_from(t).unwrap_or(i64::MAX)),
                stop: None,
            }),
        }
    }
    let files = read_entries(bytes, file, &mut budgets, ARCHIVE_CONTENT_LIMIT);
    let stops = budgets
        .into_iter()
        .filter_map(|b| {
            b.stop.map(|message| ArchiveStop {
                helms: b.helms,
                message,
            })
        })
        .collect();
    (files, stops)
}

/// The most of a chart archive's decompressed content orochart reads (Helm 3.17 has no
/// limit; later Helms refuse 100 MiB of files). Under half of the memory limit, so that the
/// buffer's last doubling (to 512 MiB) fits.
const ARCHIVE_CONTENT_LIMIT: usize = 500 << 20;

/// The archive's files, reading no more than `cap` bytes of its decompressed content.
fn read_entries(
    bytes: &[u8],
    file: &str,
    budgets: &mut [Budget],
    cap: usize,
) -> Result<Vec<BufferedFile>> {
    let fail = |m: &str| archive_error(file, m);
    // Go reads an archive only as far as its tar needs: what follows the tar's end (a
    // gzip bomb of zeros, say) is never decompressed. Past the cap, orochart's limit.
    let full = format!("the archive's content is more than orochart's limit of {cap} bytes");
    let (data, pending) = gzip::gunzip_at_most(bytes, cap, &full).map_err(fail)?;
    let mut tar = TarReader {
        data: &data,
        pos: 0,
        pending: pending.as_deref(),
        cut: None,
    };
    let mut files = Vec::new();
    loop {
        let entry = match tar.next() {
            Ok(Some(entry)) => entry,
            Ok(None) => break,
            Err(e) => {
                // Past orochart's cap the data is there for Go: the Helms with limits meet
                // the entry's size.
                if e == full {
                    if let Some((name, size)) = tar.cut.take() {
                        for budget in budgets.iter_mut() {
                            budget.take(&name, size as u64);
                        }
                    }
                }
                return Err(fail(e));
            }
        };
        // A folder (by type or by mode), and PAX global headers, are skipped.
        if entry.typeflag == b'5' || entry.mode & 0o170000 == 0o040000 || entry.typeflag == b'g' {
            continue;
        }
        // An archive made on Windows may use `\`.
        let delimiter = if entry.name.contains('\\') { '\\' } else { '/' };
        let mut parts = entry.name.split(delimiter);
        let first = parts.next().unwrap_or("");
        let rest: Vec<&str> = parts.collect();
        let n = rest.join("/");
        if n.starts_with('/') {
            return Err(fail("chart illegally contains absolute paths"));
        }
        let n = crate::go::path::clean(&n);
        if n == "." {
            return Err(fail(&format!(
                "chart illegally contains content outside the base directory: {}",
                crate::go::quote(&entry.name)
            )));
        }
        if n.starts_with("..") {
            return Err(fail("chart illegally references parent directory"));
        }
        let b = n.as_bytes();
        if b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'/' {
            return Err(fail("chart contains illegally named files"));
        }
        if first == "Chart.yaml" {
            return Err(fail("chart yaml not in base directory"));
        }
        for budget in budgets.iter_mut() {
            budget.take(&entry.name, entry.body.len() as u64);
        }
        files.push((n, strip_bom(entry.body.to_vec())));
    }
    if files.is_empty() {
        return Err(fail("no files in chart archive"));
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

    /// Go's tar reader stops at the archive's end: zeros after it (a gzip bomb) are not
    /// decompressed, here past the cap; content the tar needs past the cap is orochart's limit.
    #[test]
    fn content_past_the_tar_end_is_not_read_and_the_cap_holds() {
        let chart = tgz(&[("c/Chart.yaml", "name: c\n"), ("c/a.txt", "a")]);
        let (tar, _) = gzip::gunzip(&chart).unwrap_or_else(|e| panic!("{e}"));
        let mut padded = tar.clone();
        padded.resize(tar.len() + 1_000_000, 0);
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut e, &padded).unwrap_or_else(|e| panic!("{e}"));
        let bomb = e.finish().unwrap_or_else(|e| panic!("{e}"));
        let files = read_entries(&bomb, "b.tgz", &mut [], tar.len() + 1000)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(files.len(), 2);
        let big = tgz(&[("c/Chart.yaml", "name: c\n"), ("c/z", &"z".repeat(100_000))]);
        let e = read_entries(&big, "b.tgz", &mut [], 50_000)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.ends_with("the archive's content is more than orochart's limit of 50000 bytes"),
            "{e}"
        );
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

    /// Go's words for damaged archives, as Helm 3.17 and 4.3 printed them for a subchart.
    #[test]
    fn a_damaged_archive_is_told_in_gos_words() {
        let e = |bytes: &[u8]| {
            read_archive(bytes, "s.tgz")
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert_eq!(e(b""), "EOF");
        assert_eq!(e(b"\x1f\x8b\x08\x00"), "unexpected EOF");
        assert_eq!(
            e(b"not gzip at all"),
            "file 's.tgz' does not appear to be a valid chart file (details: gzip: invalid header)"
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, b"apiVersion: v2\n").unwrap_or_else(|e| panic!("{e}"));
        let short = gz.finish().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(e(&short), "unexpected EOF");
        let whole = tgz(&[
            ("s/Chart.yaml", "name: s\n"),
            ("s/a.yaml", &"a: 1\n".repeat(500)),
        ]);
        assert_eq!(e(&whole[..whole.len() / 2]), "unexpected EOF");
        assert_eq!(
            e(&tgz(&[("s\\a\\..\\..\\x", "x")])),
            "chart illegally references parent directory"
        );
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
        let e = |bytes: &[u8]| {
            read_archive(bytes, "c.tgz")
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert_eq!(
            e(&tgz(&[("Chart.yaml", "name: c\n")])),
            "chart illegally contains content outside the base directory: \"Chart.yaml\""
        );
        assert_eq!(
            e(&tgz(&[("Chart.yaml/x", "name: c\n")])),
            "chart yaml not in base directory"
        );
        assert!(read_archive(b"not gzip", "x.tgz").is_err());
    }

    /// A budget of `limits` for every Helm.
    fn budget(file: Option<u64>, total: Option<u64>) -> Budget {
        Budget {
            helms: Helms::ALL,
            limits: ArchiveLimits {
                file,
                total,
                total_words: "maximum size",
            },
            left: total.map_or(i64::MAX, |t| t as i64),
            stop: None,
        }
    }

    // Helm's checks (`LoadArchiveFiles`, 3.18+), at small limits: as real Helm 3.18–4.3 did
    // at 5 MiB and 100 MiB with charts of 20 files of 5 MiB (100 MiB with `Chart.yaml`:
    // refused; a byte less: read), of one 101 MiB file and of one 6 MiB file.
    #[test]
    fn the_size_limits_stop_where_helms_do() {
        let total = Some("decompressed chart is larger than the maximum size 10".to_owned());
        // Exactly the total is refused, a byte less is not.
        let mut b = budget(Some(5), Some(10));
        b.take("c/a", 5);
        b.take("c/b", 4);
        assert_eq!(b.stop, None);
        b.take("c/c", 1);
        assert_eq!(b.stop, total);
        // A file larger than what is left is the total's error, before the file's own.
        let mut b = budget(Some(5), Some(10));
        b.take("c/a", 4);
        b.take("c/b", 7);
        assert_eq!(b.stop, total);
        // A file over its own limit is named as the archive has it; without a file limit
        // (Helm 4.3) it counts toward the total only.
        let mut b = budget(Some(5), Some(10));
        b.take("c/a", 6);
        assert_eq!(
            b.stop.as_deref(),
            Some("decompressed chart file \"c/a\" is larger than the maximum file size 5")
        );
        let mut b = budget(None, Some(10));
        b.take("c/a", 6);
        assert_eq!(b.stop, None);
        b.take("c/b", 4);
        assert_eq!(b.stop, total);
        // The first stop stays.
        b.take("c/c", 100);
        assert_eq!(b.stop, total);
    }

    #[test]
    fn each_helm_stops_at_its_own_limit() {
        let big = "a".repeat(6 << 20);
        let bytes = tgz(&[("c/Chart.yaml", "name: c\n"), ("c/big", &big)]);
        let (files, stops) = read_archive_per_helm(&bytes, "c.tgz");
        assert_eq!(files.map(|f| f.len()).ok(), Some(2));
        let want = Helms::NONE
            .with(HelmVersion::V3_18)
            .with(HelmVersion::V3_19)
            .with(HelmVersion::V4_1)
            .with(HelmVersion::V4_2);
        let helms: Vec<Helms> = stops.iter().map(|s| s.helms).collect();
        assert_eq!(helms.into_iter().fold(Helms::NONE, Helms::union), want);
        assert!(stops.iter().all(|s| s.message
            == "decompressed chart file \"c/big\" is larger than the maximum file size 5242880"));
        // The default Helm (4.3) has no limit on a file.
        assert!(read_archive(&bytes, "c.tgz").is_ok());
    }

    // A damaged archive Helm 3.17 reads: a header's mode `00644\0` followed by `00` (Go's
    // `parseOctal` stops at the NUL).
    #[test]
    fn octal_fields_end_at_a_nul() {
        assert_eq!(parse_numeric(b"00644\x0000"), Some(0o644));
        assert_eq!(parse_numeric(b" 0000644\0"), Some(0o644));
        assert_eq!(parse_numeric(b"\0\0\0"), Some(0));
        assert_eq!(parse_numeric(b"0x644\0"), None);
    }
}
