//! The GitOps loop: preview a pull request's effect on the cluster ([`diff`]), and edit values
//! files the way a person would ([`edit`]: `set`, `promote`).
//!
//! ```no_run
//! use orochart::gitops::{diff, report, DiffOptions, Revision};
//!
//! let repo = std::path::PathBuf::from(".");
//! let base = Revision::Git { repo: repo.clone(), rev: "origin/main".into() };
//! let head = Revision::Git { repo, rev: "HEAD".into() };
//! let options = DiffOptions { root: "environments".into(), ..DiffOptions::default() };
//! let d = diff::diff(&base, &head, &options)?;
//! print!("{}", report::markdown(&d, report::GITHUB_COMMENT_LIMIT));
//! # Ok::<(), orochart::Error>(())
//! ```

pub mod diff;
pub mod edit;
pub mod fields;
pub mod report;
pub mod source;

pub use diff::{AppDiff, DiffOptions, FleetDiff, ResourceDiff, ResourceId, Status};
pub use source::{Revision, Snapshot};
