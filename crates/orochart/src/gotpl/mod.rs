//! Go's `text/template`, as Helm runs it: the engine for unmodified Helm charts.
//!
//! - [`value`]: the values a Go template computes with (Go's dynamic types: `int`, `int64`,
//!   `float64`, `string`, `[]interface {}`, `map[string]interface {}` shared and mutated in place,
//!   and Helm's objects with fields and methods).
//! - [`func`]: the function-library contract: each function's Go signature (what text/template
//!   converts arguments to) and its body.
//! - [`fmt`]: Go's `fmt` printing of those values (`%v`, `print`, `printf`).
//! - `lex`, `parse` (private): text/template's lexer and parser (trees with Go's node strings
//!   and error words); `exec`: its executor; `builtins`: its builtin functions and Helm's
//!   engine functions (`include`, `tpl`, `required`, `fail`).
//! - [`engine`]: Helm's engine over them (one template set per chart, Helm's order, Helm's
//!   error clean-up); [`helm`]: Helm's objects (`.Chart`, `.Capabilities`, `.Files`).

pub(crate) mod builtins;
pub mod engine;
pub mod entries;
pub(crate) mod exec;
pub mod fmt;
pub mod func;
pub mod funcs;
pub mod helm;
pub mod json_number;
pub(crate) mod lex;
pub(crate) mod parse;
pub(crate) mod resolve;
mod strconv;
pub mod tree;
pub mod value;
mod values_methods;

#[cfg(test)]
mod tests;

pub use func::{Ctx, Func, GoType};
pub use value::{Object, Value};
