//! Go's wording of I/O errors, as Helm's messages quote them (`open values.yaml: no such file
//! or directory`), without Rust's `(os error 2)`.

use std::io::{Error, ErrorKind};
use std::path::Path;

/// Go's text for an I/O error (`no such file or directory`, `permission denied`); other errors
/// in Rust's words, lower-cased and without the `(os error N)` suffix.
pub(crate) fn io_words(e: &Error) -> String {
    match e.kind() {
        ErrorKind::NotFound => "no such file or directory".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::IsADirectory => "is a directory".into(),
        ErrorKind::NotADirectory => "not a directory".into(),
        _ => {
            let s = e.to_string();
            let s = s.split(" (os error").next().unwrap_or(&s).to_owned();
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
    }
}

/// The message Go's `os.ReadFile(path)` gives for a failed read: `open a.txt: no such file or
/// directory`, or `read dir: is a directory` (the open succeeds, the read fails).
pub(crate) fn read_file_error(path: &Path, e: &Error) -> String {
    match e.kind() {
        ErrorKind::IsADirectory => format!("read {}: is a directory", path.display()),
        ErrorKind::InvalidData => format!("`{}` is not UTF-8 text ({e})", path.display()),
        _ => format!("open {}: {}", path.display(), io_words(e)),
    }
}
