//! Reading a file that someone else wrote: a values file, a `--set-file` path, a chart file.
//!
//! Only regular files are read (a FIFO would block forever, `/dev/zero` never ends), at most
//! [`MAX_FILE_SIZE`] bytes, and the bytes must be UTF-8; a file named on the command line may
//! also be standard input (`-`), a pipe or a device, as in Helm ([`read_named_text_file`]). Invalid UTF-8 is reported in go-yaml's
//! words, as Helm reports it for a values file (`yaml: invalid leading UTF-8 octet`).

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// The largest file read: far above any values file or chart template (the largest of the
/// 1,552 real values files in the test corpus is under 1 MB).
pub const MAX_FILE_SIZE: u64 = 64 << 20;

/// Reads a regular file of at most [`MAX_FILE_SIZE`] bytes as UTF-8 text.
///
/// A folder is Helm's `read PATH: is a directory`; another kind of file or one that is too
/// big is [`Error::Invalid`] naming it; bytes that are not UTF-8 are an [`Error::Io`] of kind
/// `InvalidData` whose message is go-yaml's (values files turn it into Helm's YAML error).
pub fn read_text_file(path: impl AsRef<Path>) -> Result<String> {
    let path = path.as_ref();
    utf8(path, read_file(path)?)
}

/// Reads a file named on the command line (`-f`, `--set-file`) as Helm's `readFile` does:
/// `-` (spaces around it allowed) is standard input, read to its end (a second `-` reads
/// what is left: nothing), and a named pipe or a character device is read like a file
/// (`-f <(sops -d secrets.yaml)`, `-f /dev/null`, `-f /dev/stdin`). The limit of
/// [`MAX_FILE_SIZE`] and the UTF-8 rule are [`read_text_file`]'s, so `/dev/zero` stops there;
/// anything else (a folder, a socket) is refused as there.
pub fn read_named_text_file(path: impl AsRef<Path>) -> Result<String> {
    let path = path.as_ref();
    if path.to_str().is_some_and(|p| p.trim() == "-") {
        let bytes = read_capped(std::io::stdin().lock(), path, 0)?;
        return utf8(path, bytes);
    }
    let stream = std::fs::metadata(path).is_ok_and(|meta| is_stream(&meta));
    if !stream {
        return read_text_file(path);
    }
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    utf8(path, read_capped(file, path, 0)?)
}

/// A named pipe or a character device: read to its end, without a size known beforehand.
fn is_stream(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        t.is_fifo() || t.is_char_device()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        false
    }
}

/// Reads `from` to its end (`expected` bytes, if known), failing once it passes
/// [`MAX_FILE_SIZE`]: a read error is an [`Error::Io`], too much an [`Error::Invalid`].
pub(crate) fn read_capped(from: impl Read, path: &Path, expected: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    from.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(too_big(path));
    }
    Ok(bytes)
}

/// `bytes` as text, or go-yaml's error for the first sequence that is not UTF-8 (an
/// [`Error::Io`] of kind `InvalidData` that also holds the text before it: see
/// [`text_before_bad_bytes`]).
pub(crate) fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String> {
    String::from_utf8(bytes).map_err(|e| {
        let message = go_utf8_error(e.as_bytes(), e.utf8_error());
        let valid = e.utf8_error().valid_up_to();
        let mut bytes = e.into_bytes();
        let width = bytes.get(valid).map_or(1, |&b| go_yaml_width(b));
        bytes.truncate(valid);
        let before = String::from_utf8(bytes).unwrap_or_default();
        Error::io(
            path,
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                NotUtf8 {
                    message,
                    before,
                    width,
                },
            ),
        )
    })
}

/// A file's bytes that are not UTF-8: go-yaml's message, and the text before them.
#[derive(Debug)]
struct NotUtf8 {
    message: &'static str,
    before: String,
    /// How long go-yaml takes the first bad character to be ([`go_yaml_width`]).
    width: usize,
}

impl std::fmt::Display for NotUtf8 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message)
    }
}

impl std::error::Error for NotUtf8 {}

/// The text before the first bytes that are not UTF-8, and how long go-yaml takes their
/// character to be, when `e` is this module's error for them: go-yaml meets those bytes only
/// if its scanner asks for their block ([`go_yaml_reads`]), so what comes before may decide
/// the outcome.
pub(crate) fn text_before_bad_bytes(e: &Error) -> Option<(&str, usize)> {
    match e {
        Error::Io { source, .. } => source
            .get_ref()?
            .downcast_ref::<NotUtf8>()
            .map(|n| (n.before.as_str(), n.width)),
        _ => None,
    }
}

/// Reads a regular file of at most [`MAX_FILE_SIZE`] bytes, as [`read_text_file`] does but
/// without asking for UTF-8 (a chart's `.Files` may hold any bytes).
pub fn read_file(path: impl AsRef<Path>) -> Result<Vec<u8>> {
    let path = path.as_ref();
    // Looked at before it is opened: opening a FIFO blocks, opening a device may do something.
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    check_regular(path, &meta)?;
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    read_sized(file, path, meta.len())
}

/// [`read_file`] for a file a folder listing has just shown to be a regular file (or a link
/// to one): opened first and then looked at, one lookup of its path instead of two (a chart
/// has dozens of files). It is still refused if it is not a regular file when opened.
pub(crate) fn read_listed_file(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    check_regular(path, &meta)?;
    read_sized(file, path, meta.len())
}

/// A folder is Helm's `read PATH: is a directory`; any other kind, or a size past the limit,
/// orochart's refusal.
fn check_regular(path: &Path, meta: &std::fs::Metadata) -> Result<()> {
    if meta.is_dir() {
        return Err(Error::Invalid(format!(
            "read {}: is a directory",
            path.display()
        )));
    }
    if !meta.is_file() {
        return Err(Error::Invalid(format!(
            "`{}` is not a regular file ({}): orochart reads values and chart files only from regular files",
            path.display(),
            kind_of(meta)
        )));
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(too_big(path));
    }
    Ok(())
}

/// Reads a regular file said to hold `expected` bytes: one read for all of them and one that
/// finds the end (a reader of unknown size reads 8 KiB, then more, and probes for the end).
/// The file may have grown since (or be a `/proc` file that says 0): the buffer then doubles,
/// and [`MAX_FILE_SIZE`] holds for what is read.
fn read_sized(mut file: std::fs::File, path: &Path, expected: u64) -> Result<Vec<u8>> {
    let cap = usize::try_from(MAX_FILE_SIZE + 1).unwrap_or(usize::MAX);
    let first = usize::try_from(expected).map_or(cap, |n| n.saturating_add(1).min(cap));
    let mut bytes = vec![0u8; first];
    let mut filled = 0;
    loop {
        if filled == bytes.len() {
            if bytes.len() >= cap {
                return Err(too_big(path));
            }
            let grown = bytes.len().saturating_mul(2).clamp(8 << 10, cap);
            bytes.resize(grown, 0);
        }
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::io(path, e)),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

fn too_big(path: &Path) -> Error {
    Error::Invalid(format!(
        "`{}` is larger than {} MiB, orochart's limit for one input file",
        path.display(),
        MAX_FILE_SIZE >> 20
    ))
}

fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "not a file"
}

/// The message go-yaml's reader gives for the first invalid UTF-8 sequence
/// (`yaml_parser_update_buffer` in go-yaml's `readerc.go`).
pub(crate) fn go_utf8_error(bytes: &[u8], e: std::str::Utf8Error) -> &'static str {
    let at = e.valid_up_to();
    let Some(&lead) = bytes.get(at) else {
        return "incomplete UTF-8 octet sequence";
    };
    let width = match lead {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return "invalid leading UTF-8 octet",
    };
    let seq = &bytes[at..bytes.len().min(at + width)];
    if seq.len() < width {
        return "incomplete UTF-8 octet sequence";
    }
    if seq[1..].iter().any(|b| b & 0xc0 != 0x80) {
        return "invalid trailing UTF-8 octet";
    }
    let value = seq[1..].iter().fold(
        u32::from(lead) & [0, 0x7f, 0x1f, 0x0f, 0x07][width],
        |v, b| (v << 6) | u32::from(b & 0x3f),
    );
    let shortest = match width {
        2 => value >= 0x80,
        3 => value >= 0x800,
        _ => value >= 0x10000,
    };
    if !shortest {
        return "invalid length of a UTF-8 sequence";
    }
    "invalid Unicode character"
}

/// The bytes go-yaml's reader decodes at a time (`input_raw_buffer_size`).
const GO_YAML_BLOCK: usize = 512;

/// Whether go-yaml's reader has decoded, and so checked, the character at byte `at` of
/// `text`, `width` bytes long as its first byte says, once its scanner has asked for the
/// bytes before `reach`. The reader decodes its input a block of 512 bytes at a time, a
/// character its block holds only part of starting the next block, and reads the next block
/// only when the scanner asks for a character past the last: a control character there is no
/// error if the scanner stopped before (a syntax error earlier, the end of the first
/// document), and a syntax error within the blocks already read comes first. The first block
/// is read at the start. `at` may be `text`'s length: bytes that are not UTF-8 start there
/// (an invalid first byte has `width` 1: it is refused where it stands).
pub(crate) fn go_yaml_reads(text: &str, at: usize, width: usize, reach: usize) -> bool {
    // Past the text the blocks go on.
    let floor_boundary = |mut n: usize| {
        while n < text.len() && !text.is_char_boundary(n) {
            n -= 1;
        }
        n
    };
    // The block holding `at` starts at `start`.
    let mut start = 0;
    loop {
        let end = floor_boundary(start + GO_YAML_BLOCK);
        if at < end {
            if at + width > start + GO_YAML_BLOCK {
                start = at;
            }
            break;
        }
        start = end;
    }
    start == 0 || reach > start
}

/// How many bytes go-yaml's reader takes a character starting with `lead` to be: 1 for a
/// byte that cannot start one (refused at once).
pub(crate) fn go_yaml_width(lead: u8) -> usize {
    match lead {
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => 1,
    }
}

/// Where the first character go-yaml refuses is ("control characters are not allowed"):
/// anything but tab, line feed, carriage return, NEL and the printable ranges
/// (`yaml_parser_update_buffer` in go-yaml's `readerc.go`).
pub(crate) fn first_control_character(text: &str) -> Option<usize> {
    // Almost every byte is printable ASCII: those are settled byte by byte, and a character
    // is decoded only where a byte is not ASCII (a file with an accent or an emoji here and
    // there would otherwise be decoded whole).
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // 32 bytes at a time while all are printable ASCII or line ends and tabs (most of a
        // YAML file): tested without branching, so that the compiler uses vector compares.
        if let Some(chunk) = bytes.get(i..i + 32) {
            let odd = chunk.iter().fold(false, |odd, &b| {
                odd | ((b < 0x20) & (b != b'\n') & (b != b'\t') & (b != b'\r')) | (b >= 0x7f)
            });
            if !odd {
                i += 32;
                continue;
            }
        }
        // Eight at a time while all are printable ASCII.
        if let Some(word) = bytes.get(i..i + 8) {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            if all_printable_ascii(u64::from_le_bytes(w)) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        if b < 0x80 {
            if !matches!(b, 0x20..=0x7e | b'\n' | b'\t' | b'\r') {
                return Some(i);
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next()?;
        if !matches!(c as u32, 0x85 | 0xa0..=0xd7ff | 0xe000..=0xfffd | 0x10000..=0x10ffff) {
            return Some(i);
        }
        i += c.len_utf8();
    }
    None
}

/// Whether each byte of `w` is in `0x20..=0x7e`: none is below 0x20 (the first test sets a
/// byte's high bit exactly where it is), none has its high bit set, and none is 0x7f (adding
/// one sets its high bit; a carry out of a byte comes only from 0xff, already caught).
fn all_printable_ascii(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    let high_or_del = (w | w.wrapping_add(ONES)) & HIGH;
    below_space | high_or_del == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word test agrees with the byte test on every byte in every position, and on
    /// words that mix bytes from each side of each bound.
    #[test]
    fn the_word_test_of_printable_ascii_agrees_with_the_byte_test() {
        let printable = |b: u8| (0x20..=0x7e).contains(&b);
        for pos in 0..8 {
            for b in 0..=255u8 {
                let mut w = [b'a'; 8];
                w[pos] = b;
                assert_eq!(
                    all_printable_ascii(u64::from_le_bytes(w)),
                    printable(b),
                    "byte {b:#x} at {pos}"
                );
            }
        }
        let edges = [0x00, 0x1f, 0x20, 0x21, 0x7e, 0x7f, 0x80, 0xfe, 0xff];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let w: [u8; 8] = std::array::from_fn(|k| edges[((state >> (k * 4)) % 9) as usize]);
            let want = w.iter().all(|&b| printable(b));
            assert_eq!(all_printable_ascii(u64::from_le_bytes(w)), want, "{w:x?}");
        }
    }

    #[test]
    fn a_control_character_is_found_where_it_is_in_a_long_text() {
        let line = "key: value with words and numbers 0123456789\n";
        for len in [0usize, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65] {
            let text: String = line.chars().cycle().take(len).collect();
            assert_eq!(first_control_character(&text), None, "{len}");
            for (at, bad) in [(0, "\u{1}"), (len / 2, "\u{7f}"), (len, "\u{1b}")] {
                let mut t = text.clone();
                let at = at.min(t.len());
                t.insert_str(at, bad);
                assert_eq!(first_control_character(&t), Some(at), "{len} {at}");
                let mut u = text.clone();
                u.insert_str(at.min(u.len()), "é\u{a0}");
                u.push('\u{2}');
                assert_eq!(first_control_character(&u), Some(u.len() - 1), "{len}");
            }
        }
    }

    fn utf8_message(bytes: &[u8]) -> &'static str {
        match std::str::from_utf8(bytes) {
            Ok(_) => "valid",
            Err(e) => go_utf8_error(bytes, e),
        }
    }

    /// Each wording was checked against `helm template -f` (Helm 3.17.2).
    #[test]
    fn invalid_utf8_is_worded_as_go_yaml_words_it() {
        assert_eq!(utf8_message(b"a: x\xffy\n"), "invalid leading UTF-8 octet");
        assert_eq!(utf8_message(b"a: x\xc3\n"), "invalid trailing UTF-8 octet");
        assert_eq!(utf8_message(b"a: x\xc3"), "incomplete UTF-8 octet sequence");
        assert_eq!(
            utf8_message(b"a: \xc0\x80"),
            "invalid length of a UTF-8 sequence"
        );
        assert_eq!(
            utf8_message(b"a: \xed\xa0\x80"),
            "invalid Unicode character"
        );
    }

    #[test]
    fn control_characters_are_found_but_not_tabs_or_newlines() {
        assert_eq!(first_control_character("a:\tb\r\n"), None);
        assert_eq!(first_control_character("a: x\0y"), Some(4));
        assert_eq!(first_control_character("a: \u{7f}"), Some(3));
        assert_eq!(first_control_character("\u{feff}a: é"), None);
        // Past a character that is not ASCII, positions stay byte offsets and the checks
        // go on: an accent, then a control character; C1 controls but NEL; non-characters.
        assert_eq!(first_control_character("é: ✓\u{1}"), Some(7));
        assert_eq!(first_control_character("a: \u{80}"), Some(3));
        assert_eq!(first_control_character("a: \u{85}\u{a0}😀"), None);
        assert_eq!(first_control_character("a: é\u{fffe}"), Some(5));
        assert_eq!(first_control_character("é\u{d7ff}\u{e000}\u{fffd}b"), None);
    }

    /// Long texts take the 32- and 8-byte steps: each character in each place of a long line
    /// (around the step boundaries) is found, or not, as a check of every character finds it.
    #[test]
    fn control_characters_are_found_anywhere_in_long_texts() {
        let naive = |t: &str| {
            t.char_indices()
                .find(|&(_, c)| {
                    !matches!(c as u32, 0x20..=0x7e | 0x0a | 0x09 | 0x0d | 0x85 | 0xa0..=0xd7ff
                        | 0xe000..=0xfffd | 0x10000..=0x10ffff)
                })
                .map(|(i, _)| i)
        };
        for odd in [
            "\0", "\u{1}", "\u{7f}", "\u{80}", "\u{fffe}", "\t", "\n", "é", "😀",
        ] {
            for at in 0..80 {
                let mut t = "a: b\n".repeat(20);
                t.insert_str(at, odd);
                assert_eq!(first_control_character(&t), naive(&t), "{odd:?} at {at}");
            }
        }
    }

    #[test]
    fn named_files_may_be_pipes_and_devices_within_the_limit() {
        assert_eq!(read_named_text_file("/dev/null").ok().as_deref(), Some(""));
        let e = read_named_text_file("/dev/zero")
            .err()
            .map(|e| e.to_string());
        assert!(
            e.as_deref()
                .is_some_and(|m| m.contains("larger than 64 MiB")),
            "{e:?}"
        );
        let e = read_named_text_file("/").err().map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some("read /: is a directory"));
    }

    #[test]
    fn only_regular_files_are_read() {
        let e = read_text_file("/dev/zero").err().map(|e| e.to_string());
        assert!(
            e.as_deref().is_some_and(|m| m.contains("a device")),
            "{e:?}"
        );
        let e = read_text_file("/").err().map(|e| e.to_string());
        assert_eq!(e.as_deref(), Some("read /: is a directory"));
    }

    #[test]
    fn a_file_is_read_whole_whatever_size_it_was_said_to_have() {
        let dir = std::env::temp_dir().join(format!("orochart-input-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("f");
        let text: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
        let open = || std::fs::File::open(&path).unwrap_or_else(|e| panic!("{e}"));
        // As said, less than said (a file that grew; `/proc` files say 0), more than said.
        for said in [100_000, 0, 1, 8191, 99_999, 100_001, 1 << 20] {
            let read = read_sized(open(), &path, said).unwrap_or_else(|e| panic!("{e}"));
            assert!(read == text, "said {said}: read {} bytes", read.len());
        }
        assert!(read_listed_file(&path).is_ok_and(|b| b == text));
        let e = read_listed_file(&dir).err().map(|e| e.to_string());
        assert_eq!(e, Some(format!("read {}: is a directory", dir.display())));
        let e = read_listed_file(Path::new("/dev/null"))
            .err()
            .map(|e| e.to_string());
        assert!(e.is_some_and(|m| m.contains("a device")));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn go_yaml_reads_its_input_a_block_of_512_bytes_at_a_time() {
        let text = "a".repeat(1200);
        // The first block is read at the start; the second once a byte of it is asked for.
        assert!(go_yaml_reads(&text, 100, 1, 1));
        assert!(go_yaml_reads(&text, 511, 1, 1));
        assert!(!go_yaml_reads(&text, 512, 1, 512));
        assert!(go_yaml_reads(&text, 512, 1, 513));
        assert!(go_yaml_reads(&text, 1023, 1, 513));
        assert!(!go_yaml_reads(&text, 1024, 1, 1024));
        // A character cut by the block's end goes with the next block, which starts there.
        let cut = format!("{}é{}", "a".repeat(511), "b".repeat(600));
        assert!(!go_yaml_reads(&cut, 511, 2, 511));
        assert!(go_yaml_reads(&cut, 511, 2, 512));
        assert!(go_yaml_reads(&cut, 1022, 1, 512));
        assert!(!go_yaml_reads(&cut, 1023, 1, 1023));
        assert!(go_yaml_reads(&cut, 1023, 1, 1024));
        // The end of the text (where bytes that are not UTF-8 would start): its block is
        // the one the text's end falls in.
        assert!(!go_yaml_reads(&text, 1200, 1, 1024));
        assert!(go_yaml_reads(&text, 1200, 1, 1025));
        assert!(go_yaml_reads(&text[..360], 360, 1, 1));
        // Bad bytes at 511 whose first byte asks for two: the block has only one of them, so
        // they start the next block; a byte that cannot start a character is refused there.
        assert!(!go_yaml_reads(&text[..511], 511, 2, 511));
        assert!(go_yaml_reads(&text[..511], 511, 2, 512));
        assert!(go_yaml_reads(&text[..511], 511, 1, 1));
        assert_eq!(
            [0x41, 0x80, 0xbf, 0xc3, 0xe2, 0xf0, 0xf8, 0xff].map(go_yaml_width),
            [1, 1, 1, 2, 3, 4, 1, 1]
        );
    }
}
