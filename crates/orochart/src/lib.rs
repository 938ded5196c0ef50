//! orochart: render Helm charts written in minijinja, byte for byte as `helm template` would.
#![warn(missing_docs)]

pub mod app;
pub mod builtin;
pub mod chart;
pub mod engine;
pub mod error;
pub mod manifest;
pub mod orofi;
pub mod render;
pub mod schema;
pub mod semver;
pub mod value;
pub mod values;
pub mod yaml;

pub use chart::{Chart, ChartMetadata, TemplateFile};
pub use error::{Error, Result, ValueProblem};
pub use manifest::Manifest;
pub use render::{Capabilities, KubeVersion, Release, Rendered, Renderer};
pub use value::{KeyPath, Map, Origin, Origins, Value};
pub use values::ValueOptions;
