//! orochart: render Helm charts written in minijinja, byte for byte as `helm template` would.
//!
//! Load a chart (a folder with [`Chart::load_dir`], in-memory files with [`Chart::from_files`],
//! or the built-in `orofi-application` with `orochart_builtin::chart`), compile it once into a
//! [`Renderer`], build values from Helm's flags ([`ValueOptions`]: `-f` files and the `--set`
//! family, in Helm's order, coalesced onto the chart's defaults), and render for a [`Release`]:
//!
//! ```
//! use orochart::{Capabilities, Release, Renderer, ValueOptions};
//!
//! let renderer = Renderer::new(orochart_builtin::chart()?)?; // compile once, render many times
//! let options = ValueOptions { set: vec!["image.tag=v1.4.2".into()], ..Default::default() };
//! let values = renderer.values(&options, &|path| {
//!     std::fs::read_to_string(path).map_err(|e| orochart::Error::io(path, e))
//! })?;
//! let release = Release::new("microservice-identity", "microservice-identity")?;
//! let rendered = renderer.render(&values, &release, &Capabilities::default())?;
//!
//! let kinds: Vec<&str> = rendered.manifests.iter().map(|m| m.kind.as_str()).collect();
//! assert_eq!(kinds, ["Namespace", "ServiceAccount", "Service", "Deployment", "PeerAuthentication"]);
//! assert!(rendered.to_helm_output().starts_with("---\n# Source: orofi-application/templates/namespace.yaml\n"));
//! # Ok::<(), orochart::Error>(())
//! ```
//!
//! The same in one call: [`Renderer::run`] takes a [`RenderRequest`] (the Helm to reproduce,
//! values options, release, capabilities, schema check, CRDs and hooks to keep, [`Limits`]) and
//! gives the [`Rendered`] manifests; [`Renderer::run_traced`] gives the values the templates saw
//! and a failed render's texts too ([`Run`]), which is how `orochart render` and `lint` call it.
//!
//! The modules below are the API. The readers behind it (`values`, `yaml`, `jsonschema`) are
//! public only with the `internals` feature, for benches and tests: unstable, they change
//! without notice.
//!
//! Typed values of the built-in chart live in `orochart_builtin::orofi`; [`Rendered::to_json`]
//! gives tools one JSON array of manifests.
#![warn(missing_docs)]

pub mod app;
#[cfg(test)]
mod architecture_tests;
mod blockyaml;
pub mod chart;
#[cfg(feature = "codegen")]
#[doc(hidden)]
pub mod codegen;
mod embedded;
pub(crate) mod engine;
pub(crate) mod engines;
pub mod error;
// Their types are public only through the hidden `__private`, for generated code.
#[allow(missing_docs, rustdoc::private_intra_doc_links)]
pub(crate) mod fast;
pub mod fleet;
pub mod gitops;
pub(crate) mod go;
pub(crate) mod gotpl;
pub mod input;
pub mod kubeconfig;
pub(crate) mod limits;
#[cfg(feature = "lint")]
pub mod lint;
pub mod manifest;
pub mod map;
pub mod profile;
pub mod render;
mod request;
#[cfg(test)]
mod run_tests;
pub mod schema;
mod schema_annotations;
#[allow(missing_docs, rustdoc::private_intra_doc_links)]
pub(crate) mod schema_compiled;
pub(crate) mod semver;
pub mod template_flags;
#[cfg(test)]
mod testgen;
pub mod value;
mod value_serde;

/// Declares modules that are public only with the `internals` feature: the building blocks
/// behind the API (values files, YAML, JSON schemas), for benches and tests. Unstable: they
/// change without notice.
macro_rules! internals {
    ($($name:ident;)*) => {$(
        #[cfg(feature = "internals")]
        pub mod $name;
        #[cfg(not(feature = "internals"))]
        #[allow(dead_code, unused_imports)]
        pub(crate) mod $name;
    )*};
}

// JSON schemas of values with Helm's semantics; values files and `--set` flags (the API:
// `ValueOptions`, `parse_values`, `user_values`, `merge_user_values`, `coalesce`); YAML.
internals! {
    jsonschema;
    values;
    yaml;
}

pub use chart::{Chart, ChartMetadata, TemplateFile};
pub use error::{Error, Result, ValueProblem};
pub use manifest::Manifest;
pub use render::{
    Capabilities, Dialect, KubeVersion, Limits, Release, RemoteAccess, RenderFailure,
    RenderRequest, Rendered, Renderer, Run,
};
pub use schema::Schema;
pub use value::{KeyPath, Map, Origin, Origins, PathSegment, Value};
pub use values::{coalesce, merge_user_values, parse_values, user_values, ValueOptions};

#[doc(hidden)]
pub use embedded::generated as __private;
// The unit tests load the built-in chart from `orochart-builtin`'s generated source, which
// names this crate `orochart`.
#[cfg(test)]
extern crate self as orochart;
#[cfg(test)]
use embedded::builtin;
