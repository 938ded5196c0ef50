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

/// An error reading an archive, in Go's words (`unexpected EOF`, `gzip: invalid header`).
fn archive_error(file: &str, message: &str) -> Error {
    Error::Archive {
        file: file.to_owned(),
        message: message.to_owned(),
        bad_header: message == GZIP_HEADER,
    }
}

/// Go's `gzip.ErrHeader`.
const GZIP_HEADER: &str = "gzip: invalid header";
/// Go's `io.ErrUnexpectedEOF`.
const UNEXPECTED_EOF: &str = "unexpected EOF";
/// Go's `tar.ErrHeader`.
const TAR_HEADER: &str = "archive/tar: invalid tar header";

/// An archive's bytes, gunzipped as far as they go (Go's `gzip.Reader`, every member of the
/// stream), and the error that stopped the reading, in Go's words, if one did: Go's readers
/// meet it only when they read that far.
fn gunzip(bytes: &[u8]) -> std::result::Result<(Vec<u8>, Option<&'static str>), &'static str> {
    // `gzip.NewReader` reads the first member's 10-byte header.
    match bytes.len() {
        0 => return Err("EOF"),
        1..=9 => return Err(UNEXPECTED_EOF),
        _ if !bytes.starts_with(&[0x1f, 0x8b, 0x08]) => return Err(GZIP_HEADER),
        _ => {}
    }
    let mut out = Vec::new();
    let pending = match flate2::read::MultiGzDecoder::new(bytes).read_to_end(&mut out) {
        Ok(_) => None,
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Some(UNEXPECTED_EOF),
        Err(e) => {
            let text = e.to_string();
            Some(if text.contains("checksum") {
                "gzip: invalid checksum"
            } else if text.contains("header") {
                GZIP_HEADER
            } else {
                "flate: corrupt input"
            })
        }
    };
    Ok((out, pending))
}

/// Go's `archive/tar` reading a gunzipped archive: its entries' headers and data, the errors
/// where it stops.
struct TarReader<'a> {
    data: &'a [u8],
    pos: usize,
    /// The gzip error past the end of `data`.
    pending: Option<&'static str>,
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
    fn read(&mut self, n: usize) -> std::result::Result<&'a [u8], &'static str> {
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
    fn body(&mut self, size: usize) -> std::result::Result<&'a [u8], &'static str> {
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
    fn next(&mut self) -> std::result::Result<Option<TarEntry<'a>>, &'static str> {
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
            let body = self.body(size)?;
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

/// Go's `parseNumeric`: octal (spaces and NULs trimmed), or base-256 when the first byte's
/// high bit is set. `None` where Go fails.
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
    let text = std::str::from_utf8(b).ok()?;
    let text = text.trim_matches(|c| c == ' ' || c == '\0');
    if text.is_empty() {
        return Some(0);
    }
    u64::from_str_radix(text, 8).ok()
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

/// The files of a gzipped chart archive (Helm's `LoadArchiveFiles`): each entry's path
/// without its first element (the chart folder), checked as Helm checks it. `file` names
/// the archive in an error ([`Error::Archive`], Go's words).
pub fn read_archive(bytes: &[u8], file: &str) -> Result<Vec<BufferedFile>> {
    let fail = |m: &str| archive_error(file, m);
    let (data, pending) = gunzip(bytes).map_err(fail)?;
    let mut tar = TarReader {
        data: &data,
        pos: 0,
        pending,
    };
    let mut files = Vec::new();
    while let Some(entry) = tar.next().map_err(fail)? {
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
        if entry.body.len() as u64 > MAX_FILE_SIZE {
            return Err(fail(&format!(
                "decompressed chart file {} is larger than the maximum file size 5242880",
                crate::go::quote(&entry.name)
            )));
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
}
