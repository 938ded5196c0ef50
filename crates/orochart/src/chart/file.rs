//! The bytes of a chart file: shared, and, for a chart folder, read when first used.
//!
//! Helm's loader reads every file of a chart before anything renders. Most of those bytes are
//! never looked at: a README, the `crds/` files a render without `--include-crds` leaves out,
//! the files no template reads. A chart folder's files other than what the loader itself
//! needs (Chart.yaml, values, schema, templates, subchart archives) are therefore read by
//! orochart on first use. kube-prometheus-stack carries 4.9 MB of such files, argo-workflows
//! 11.7 MB; a render reads a few kilobytes of them.
//!
//! A file that cannot be read then fails the render that reads it, naming the file, where
//! Helm fails the load: the same error, later. A file nothing reads is not an error.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use crate::error::{Error, Result};

/// The bytes of a chart file, shared: `.Files` and `--include-crds` hand them on without a
/// copy, however often the chart renders. A file of a chart folder is read on first use
/// ([`FileBytes::read`]).
#[derive(Clone)]
pub struct FileBytes(Arc<Contents>);

enum Contents {
    /// Bytes in hand.
    Read(Vec<u8>),
    /// A file on disk, read (a leading byte-order mark removed) on first use. A failure is
    /// kept as its message, so every later use reports the same.
    Deferred {
        path: PathBuf,
        bytes: OnceLock<std::result::Result<Vec<u8>, String>>,
    },
}

impl FileBytes {
    /// Bytes already read.
    pub fn new(bytes: Vec<u8>) -> FileBytes {
        FileBytes(Arc::new(Contents::Read(bytes)))
    }

    /// The file at `path`, read on first use.
    pub(crate) fn deferred(path: PathBuf) -> FileBytes {
        FileBytes(Arc::new(Contents::Deferred {
            path,
            bytes: OnceLock::new(),
        }))
    }

    /// The bytes, reading the file on first use. An error names the file.
    pub fn read(&self) -> Result<&[u8]> {
        match &*self.0 {
            Contents::Read(bytes) => Ok(bytes),
            Contents::Deferred { path, bytes } => match bytes.get_or_init(|| read_file(path)) {
                Ok(b) => Ok(b),
                Err(message) => Err(failure(path, message)),
            },
        }
    }

    /// The bytes for a template: a file that cannot be read reads as empty, and the render
    /// fails after the templates ran ([`FileBytes::failure`]), as though the load had.
    pub(crate) fn or_empty(&self) -> &[u8] {
        self.read().unwrap_or_default()
    }

    /// Why the file could not be read, when a use tried and failed.
    pub(crate) fn failure(&self) -> Option<Error> {
        match &*self.0 {
            Contents::Deferred { path, bytes } => match bytes.get() {
                Some(Err(message)) => Some(failure(path, message)),
                _ => None,
            },
            Contents::Read(_) => None,
        }
    }

    /// The bytes, owned: without a copy when this is the only holder of bytes in hand.
    pub(crate) fn into_vec(self) -> Result<Vec<u8>> {
        match Arc::try_unwrap(self.0) {
            Ok(Contents::Read(bytes)) => Ok(bytes),
            Ok(Contents::Deferred { path, bytes }) => match bytes.into_inner() {
                Some(read) => read.map_err(|m| failure(&path, &m)),
                None => read_file(&path).map_err(|m| failure(&path, &m)),
            },
            Err(shared) => FileBytes(shared).read().map(<[u8]>::to_vec),
        }
    }

    /// How many holders share these bytes (tests check that nothing copies them).
    #[cfg(test)]
    pub(crate) fn holders(&self) -> usize {
        Arc::strong_count(&self.0)
    }
}

fn read_file(path: &std::path::Path) -> std::result::Result<Vec<u8>, String> {
    crate::input::read_listed_file(path)
        .map(super::load::strip_bom)
        .map_err(|e| e.to_string())
}

fn failure(path: &std::path::Path, message: &str) -> Error {
    Error::Chart {
        chart: path.display().to_string(),
        message: message.to_owned(),
    }
}

impl std::fmt::Debug for FileBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &*self.0 {
            Contents::Read(bytes) => write!(f, "FileBytes({} bytes)", bytes.len()),
            Contents::Deferred { path, bytes } => match bytes.get() {
                Some(Ok(b)) => write!(f, "FileBytes({} bytes of {})", b.len(), path.display()),
                Some(Err(e)) => write!(f, "FileBytes({}: {e})", path.display()),
                None => write!(f, "FileBytes({}, not read yet)", path.display()),
            },
        }
    }
}

impl From<Vec<u8>> for FileBytes {
    fn from(bytes: Vec<u8>) -> FileBytes {
        FileBytes::new(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("orochart-file-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
        dir.join(name)
    }

    #[test]
    fn a_deferred_file_is_read_once_on_first_use() {
        let path = scratch("a.txt");
        std::fs::write(&path, "\u{feff}one").unwrap_or_else(|e| panic!("{e}"));
        let file = FileBytes::deferred(path.clone());
        // Nothing is read until used: the file can still change.
        std::fs::write(&path, "\u{feff}two").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(file.read().ok(), Some(&b"two"[..]), "read, BOM removed");
        std::fs::write(&path, "three").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(file.read().ok(), Some(&b"two"[..]), "read once");
        assert!(file.failure().is_none());
        assert_eq!(file.into_vec().ok(), Some(b"two".to_vec()));
        let _ = std::fs::remove_dir_all(path.parent().unwrap_or(&path));
    }

    #[test]
    fn a_file_that_cannot_be_read_fails_each_use_naming_it() {
        let path = std::env::temp_dir().join(format!("orochart-file-{}-gone", std::process::id()));
        let file = FileBytes::deferred(path.clone());
        assert!(file.failure().is_none(), "not tried yet");
        assert_eq!(file.or_empty(), b"");
        let message = file.failure().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(
            message,
            format!("open {}: no such file or directory", path.display())
        );
        assert_eq!(
            file.read().err().map(|e| e.to_string()),
            Some(message.clone())
        );
        assert_eq!(file.into_vec().err().map(|e| e.to_string()), Some(message));
    }

    #[test]
    fn bytes_in_hand_are_handed_over_without_a_copy() {
        let bytes = b"abc".to_vec();
        let at = bytes.as_ptr();
        let file = FileBytes::new(bytes);
        let shared = file.clone();
        assert_eq!(shared.holders(), 2);
        drop(shared);
        let back = file.into_vec().unwrap_or_default();
        assert_eq!(back.as_ptr(), at);
    }
}
