//! orochart: render Helm charts written in minijinja, byte for byte as `helm template` would.
#![warn(missing_docs)]

pub mod error;
pub mod value;
pub mod values;
pub mod yaml;

pub use error::{Error, Result, ValueProblem};
pub use value::{KeyPath, Map, Origin, Origins, Value};
