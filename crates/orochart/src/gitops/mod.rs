//! The GitOps loop: preview a pull request's effect on the cluster ([`diff`]), and edit values
//! files the way a person would ([`edit`]: `set`, `promote`).
//!
//! Edit a values file, touching only the value's bytes:
//!
//! ```
//! use orochart::gitops::edit::{parse_assignment, set, ValueKind};
//!
//! let text = "image:\n  repository: nginx  # upstream\n  tag: \"1.25\"\n\nreplicaCount: 2\n";
//! let tag = parse_assignment("image.tag=1.26", ValueKind::Auto)?;
//! let (edited, change) = set(text, "values.yaml", &tag)?;
//! assert_eq!(edited, text.replace("\"1.25\"", "\"1.26\""));
//! assert_eq!(change.new, orochart::Value::String("1.26".into())); // still a string
//! # Ok::<(), orochart::Error>(())
//! ```
//!
//! Preview a pull request in a CI job:
//!
//! ```no_run
//! use orochart::gitops::{diff, report, DiffOptions, Revision};
//!
//! let repo = std::path::PathBuf::from(".");
//! let base = Revision::Git { repo: repo.clone(), rev: "origin/main".into() };
//! let head = Revision::Git { repo, rev: "HEAD".into() };
//! let options = DiffOptions {
//!     root: "environments".into(),
//!     builtin_chart: Some(orochart_builtin::chart),
//!     ..DiffOptions::default()
//! };
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
pub use source::{Revision, Snapshot, SnapshotChart};
