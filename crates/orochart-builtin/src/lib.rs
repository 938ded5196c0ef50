//! The built-in chart of [orochart](https://docs.rs/orochart), `orofi-application`, compiled
//! ahead of time, and its typed values ([`orofi`]).
//!
//! [`chart`] loads it without parsing anything that was done ahead of time: its
//! `values.yaml` and `values.schema.json` come as digests, the schema's check and the
//! templates' fast-path program as Rust statics. All of it is in `src/generated.rs`, written
//! by `cargo run -p orochart-builtin-gen` from the chart's folder (`chart/`, the repository's
//! `charts/orofi-application`) and checked in; a test regenerates it and fails when the file
//! is stale. The chart renders exactly as a load of its folder does, only sooner.
//!
//! ```
//! use orochart::{Capabilities, Release, Renderer, ValueOptions};
//!
//! let renderer = Renderer::new(orochart_builtin::chart()?)?;
//! let options = ValueOptions { set: vec!["image.tag=v1.4.2".into()], ..Default::default() };
//! let values = renderer.values(&options, &|p| Err(orochart::Error::Invalid(p.into())))?;
//! let release = Release::new("identity", "identity")?;
//! let out = renderer.render(&values, &release, &Capabilities::default())?.to_helm_output();
//! assert!(out.starts_with("---\n# Source: orofi-application/templates/namespace.yaml\n"));
//! # Ok::<(), orochart::Error>(())
//! ```
#![warn(missing_docs)]

pub mod orofi;

mod generated {
    include!("generated.rs");
}

pub use generated::FILES;

/// The name the built-in chart is known by in messages (`Chart.yaml`'s `name`).
pub const ORIGIN: &str = "orofi-application";

/// Loads the built-in `orofi-application` chart.
///
/// # Errors
/// None in practice: the chart is fixed at compile time and a test loads it. The `Result` is
/// that of [`orochart::Chart::from_files`].
pub fn chart() -> orochart::Result<orochart::Chart> {
    orochart::__private::chart(&generated::EMBEDDED)
}
