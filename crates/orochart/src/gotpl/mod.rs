//! Go's `text/template`, as Helm runs it: the engine for unmodified Helm charts.
//!
//! - [`value`]: the values a Go template computes with (Go's dynamic types: `int`, `int64`,
//!   `float64`, `string`, `[]interface {}`, `map[string]interface {}` shared and mutated in place,
//!   and Helm's objects with fields and methods).
//! - [`func`]: the function-library contract: each function's Go signature (what text/template
//!   converts arguments to) and its body.
//! - [`fmt`]: Go's `fmt` printing of those values (`%v`, `print`, `printf`).

pub mod fmt;
pub mod func;
pub mod funcs;
pub mod value;

pub use func::{Ctx, Func, FuncError, GoType};
pub use value::{Dict, List, Object, Value};
