//! Helm-exact YAML and JSON text: `toYaml`, `toJson`, Go's `%v`, YAML 1.1 scalars.
//! (Being written; see the helper's task.)

use crate::value::Value;

/// Formats a value as Go's `fmt` `%v` does (`map[a:1]`, `[1 2]`, `1e+06`, `<nil>`).
pub fn go_string(v: &Value) -> String {
    format!("{v:?}")
}
