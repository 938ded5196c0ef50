//! Function names resolved once, when a template is parsed: Go checks at parse time that a
//! function exists (`function "x" not defined`), and the executor then calls what the name
//! resolved to instead of looking the name up again at every call.
//!
//! The names are found in a hash table built once per process from the function library
//! and the builtins (a few hundred names); a lookup hashes the name and compares one or two
//! entries, where a search of the sorted library compared about nine.

use std::sync::OnceLock;

use super::builtins::{self, Builtin};
use super::func::Func;

/// What a function name calls.
#[derive(Clone, Copy, Debug)]
pub enum FuncRef {
    /// text/template's builtin or one of Helm's engine functions.
    Builtin(Builtin),
    /// A function of the library (or Helm's `lookup`).
    Func(&'static Func),
}

/// A resolved function name.
#[derive(Clone, Copy, Debug)]
pub struct Resolved {
    /// The name (a static string: call sites allocate nothing for it).
    pub name: &'static str,
    pub func: FuncRef,
    /// Whether only some Helms have it ([`super::funcs::SINCE`]): the parser asks its caller.
    pub gated: bool,
}

/// Go's and Helm's engine functions, which are in no function table, and the names
/// [`builtins::fallback`] provides.
const ENGINE_NAMES: &[&str] = &[
    "include", "and", "or", "not", "eq", "ne", "lt", "le", "gt", "ge", "len", "index", "slice",
    "print", "printf", "println", "html", "js", "urlquery", "call", "tpl", "required", "fail",
    "lookup",
];

/// What `name` calls, in Helm's precedence: Helm's engine functions over the library (Helm's
/// `initFunMap` sets them last), the library over text/template's builtins (Go looks in the
/// template's function map first: Sprig's `slice` replaces the builtin), and the fallbacks
/// last. [`resolve`]'s table gives the same (a test checks it).
#[cfg(test)]
fn resolve_by_search(name: &str) -> Option<(&'static str, FuncRef)> {
    let static_name = |n: &str| ENGINE_NAMES.iter().copied().find(|s| *s == n);
    if let Some(b) = builtins::builtin(name).filter(|b| b.is_helm_engine()) {
        return Some((static_name(name)?, FuncRef::Builtin(b)));
    }
    if let Some(f) = super::funcs::lookup(name) {
        return Some((f.name, FuncRef::Func(f)));
    }
    if let Some(b) = builtins::builtin(name) {
        return Some((static_name(name)?, FuncRef::Builtin(b)));
    }
    builtins::fallback(name).map(|f| (f.name, FuncRef::Func(f)))
}

struct Table {
    slots: Vec<Option<Resolved>>,
    mask: usize,
}

/// FNV-1a: a few instructions a byte, and names are short.
fn hash(name: &str) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in name.as_bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h ^ (h >> 29)) as usize
}

impl Table {
    /// The slot of `name`, or the empty slot where it would go.
    fn slot(&self, name: &str) -> usize {
        let mut i = hash(name) & self.mask;
        while let Some(Some(r)) = self.slots.get(i) {
            if r.name == name {
                break;
            }
            i = (i + 1) & self.mask;
        }
        i
    }

    /// Adds `name` unless it is there: names are added in Helm's precedence.
    fn add(&mut self, name: &'static str, func: FuncRef) {
        let i = self.slot(name);
        if let Some(slot @ None) = self.slots.get_mut(i) {
            *slot = Some(Resolved {
                name,
                func,
                gated: false,
            });
        }
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let count = ENGINE_NAMES.len() + super::funcs::FUNCS.len();
        // At most a quarter full: a probe rarely looks past its first slot.
        let size = (count * 4).next_power_of_two();
        let mut t = Table {
            slots: vec![None; size],
            mask: size - 1,
        };
        // In the precedence of `resolve_by_search` (a test checks they agree).
        let builtins = || {
            ENGINE_NAMES
                .iter()
                .filter_map(|n| builtins::builtin(n).map(|b| (*n, b)))
        };
        for (name, b) in builtins().filter(|(_, b)| b.is_helm_engine()) {
            t.add(name, FuncRef::Builtin(b));
        }
        for f in super::funcs::FUNCS {
            t.add(f.name, FuncRef::Func(f));
        }
        for (name, b) in builtins() {
            t.add(name, FuncRef::Builtin(b));
        }
        for name in ENGINE_NAMES {
            if let Some(f) = builtins::fallback(name) {
                t.add(f.name, FuncRef::Func(f));
            }
        }
        for (name, _) in super::funcs::SINCE {
            let i = t.slot(name);
            if let Some(Some(r)) = t.slots.get_mut(i) {
                r.gated = true;
            }
        }
        t
    })
}

/// What the function `name` is, if any Helm has it.
///
/// The table's own entry: a parse tree keeps one pointer to it (its name and function).
pub fn resolve(name: &str) -> Option<&'static Resolved> {
    let t = table();
    t.slots.get(t.slot(name))?.as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: FuncRef, b: FuncRef) -> bool {
        match (a, b) {
            (FuncRef::Builtin(x), FuncRef::Builtin(y)) => x == y,
            (FuncRef::Func(x), FuncRef::Func(y)) => std::ptr::eq(x, y),
            _ => false,
        }
    }

    /// The table gives what searching the library and the builtins in Helm's precedence
    /// gives, for every name either knows, and nothing for names neither does.
    #[test]
    fn the_table_resolves_as_the_search_does() {
        let names = ENGINE_NAMES
            .iter()
            .copied()
            .chain(super::super::funcs::FUNCS.iter().map(|f| f.name));
        for name in names {
            let want = resolve_by_search(name);
            let got = resolve(name);
            assert!(builtins::exists(name), "{name}");
            match (want, got) {
                (Some((n, f)), Some(r)) => {
                    assert_eq!(n, r.name);
                    assert!(same(f, r.func), "{name}: {f:?} vs {:?}", r.func);
                    let gated = super::super::funcs::SINCE.iter().any(|(s, _)| *s == name);
                    assert_eq!(r.gated, gated, "{name}");
                }
                _ => panic!("{name}: {want:?} vs {got:?}"),
            }
        }
        for name in [
            "",
            "nope",
            "Include",
            "includ",
            "includee",
            "env",
            "expandenv",
        ] {
            assert!(resolve(name).is_none(), "{name}");
            assert!(!builtins::exists(name), "{name}");
        }
    }

    /// Helm's engine functions win over the library's, the library's over Go's builtins.
    #[test]
    fn precedence_is_helms() {
        assert!(matches!(
            resolve("include").map(|r| r.func),
            Some(FuncRef::Builtin(Builtin::Include))
        ));
        assert!(matches!(
            resolve("and").map(|r| r.func),
            Some(FuncRef::Builtin(Builtin::And))
        ));
        if super::super::funcs::lookup("slice").is_some() {
            assert!(matches!(
                resolve("slice").map(|r| r.func),
                Some(FuncRef::Func(_))
            ));
        }
        assert!(resolve("mustToYaml").is_some_and(|r| r.gated));
        assert!(resolve("toYaml").is_some_and(|r| !r.gated));
    }
}
