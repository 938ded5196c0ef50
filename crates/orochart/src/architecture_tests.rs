//! The shape of the library, checked: no import cycle between its top-level modules.
//!
//! An edge `a -> b` is any mention of `crate::b` (or of a name `lib.rs` re-exports from `b`)
//! in a non-test file of `a`, comments aside. No cycle is allowed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Whether `b` may follow `a` in an identifier (so `crate::chart` is not `crate::charts`).
fn ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The code of a file without its comments and its `#[cfg(test)] mod tests` block.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests {") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Names `lib.rs` re-exports (`pub use chart::{Chart, …};`), by the module they come from.
fn reexports(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for stmt in lib.split(';') {
        let Some(rest) = stmt.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, names)) = rest.split_once("::") else {
            continue;
        };
        let names = names.trim_matches(|c| c == '{' || c == '}');
        for name in names.split(',') {
            let name = name.trim().rsplit("::").next().unwrap_or("").trim();
            if !name.is_empty() {
                out.insert(name.to_owned(), module.trim().to_owned());
            }
        }
    }
    out
}

/// The modules each top-level module imports.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap_or_default();
    let names = reexports(&lib);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let top = |p: &Path| -> Option<String> {
        let rel = p.strip_prefix(&src).ok()?;
        let first = rel.components().next()?.as_os_str().to_str()?;
        Some(first.trim_end_matches(".rs").to_owned())
    };
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|p| top(p))
        .filter(|m| m != "lib")
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for p in &files {
        let Some(from) = top(p) else { continue };
        let file = p.file_name().and_then(|f| f.to_str()).unwrap_or("");
        let test_file = file == "tests.rs" || file.ends_with("_tests.rs") || from == "testgen";
        if from == "lib" || test_file {
            continue;
        }
        let text = code(&std::fs::read_to_string(p).unwrap_or_default());
        let mut targets = BTreeSet::new();
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + "crate::".len()..];
            // `crate::{a::X, Y}`: each item of the group.
            let items: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group.split('}').next().unwrap_or("").split(',').collect(),
                None => vec![rest],
            };
            for item in items {
                let item = item.trim();
                let name: String = item.chars().take_while(|c| ident(*c)).collect();
                if modules.contains(&name) {
                    targets.insert(name);
                } else if let Some(m) = names.get(&name) {
                    targets.insert(m.clone());
                }
            }
        }
        targets.remove(&from);
        edges.entry(from).or_default().extend(targets);
    }
    edges
}

/// The strongly connected groups of more than one module (Tarjan).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<BTreeSet<String>> {
    struct T<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<BTreeSet<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        let n = t.index.len();
        t.index.insert(v, n);
        t.low.insert(v, n);
        t.stack.push(v);
        t.on.insert(v);
        if let Some(ws) = t.edges.get(v) {
            for w in ws {
                if !t.index.contains_key(w.as_str()) {
                    visit(t, w);
                    let lw = t.low[w.as_str()];
                    let lv = t.low[v];
                    t.low.insert(v, lv.min(lw));
                } else if t.on.contains(w.as_str()) {
                    let iw = t.index[w.as_str()];
                    let lv = t.low[v];
                    t.low.insert(v, lv.min(iw));
                }
            }
        }
        if t.low[v] == t.index[v] {
            let mut group = BTreeSet::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                group.insert(w.to_owned());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                t.out.push(group);
            }
        }
    }
    let mut t = T {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in edges.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out
}

#[test]
fn top_level_modules_import_each_other_without_cycles() {
    let edges = graph();
    assert!(
        edges.get("render").is_some_and(|e| e.contains("engines")),
        "the graph reader lost its way: {edges:?}"
    );
    let unexpected = cycles(&edges);
    let listing: String = edges
        .iter()
        .map(|(a, bs)| {
            format!(
                "{a} -> {}\n",
                bs.iter().cloned().collect::<Vec<_>>().join(" ")
            )
        })
        .collect();
    assert!(
        unexpected.is_empty(),
        "import cycles between modules: {unexpected:?}\n\n{listing}"
    );
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.entry("a".into()).or_default().insert("b".into());
    edges.entry("b".into()).or_default().insert("c".into());
    edges.entry("c".into()).or_default().insert("a".into());
    edges.entry("c".into()).or_default().insert("d".into());
    let found = cycles(&edges);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].iter().cloned().collect::<Vec<_>>(),
        ["a", "b", "c"]
    );
}

/// Where the library's own code reads the process environment (`std::env::var`, `var_os`,
/// `vars`), tests aside: a tool passes what it wants in a request or a builder
/// ([`crate::Renderer::with_time_zone`]), so a library call means the same in any process.
fn environment_reads() -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut found = Vec::new();
    for p in &files {
        let file = p.file_name().and_then(|f| f.to_str()).unwrap_or("");
        if file == "tests.rs" || file.ends_with("_tests.rs") || file == "testgen.rs" {
            continue;
        }
        let text = code(&std::fs::read_to_string(p).unwrap_or_default());
        for needle in ["env::var(", "env::var_os(", "env::vars(", "env::vars_os("] {
            if text.contains(needle) {
                found.push(format!("{}: {needle}", p.display()));
            }
        }
    }
    found
}

#[test]
fn the_library_reads_no_environment() {
    let found = environment_reads();
    assert!(found.is_empty(), "environment reads: {found:?}");
}

/// The modules `lib.rs` makes public, and those public only with `internals`: a new public
/// module is a decision about the API, taken here and in the README's architecture section.
#[test]
fn the_public_modules_are_the_intended_ones() {
    let lib = include_str!("lib.rs");
    let public: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    assert_eq!(
        public,
        [
            "app",
            "chart",
            "codegen",
            "error",
            "fleet",
            "gitops",
            "input",
            "kubeconfig",
            "lint",
            "manifest",
            "map",
            "profile",
            "render",
            "schema",
            "template_flags",
            "value"
        ]
    );
    let internals = lib
        .split("\ninternals! {")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .map(|block| {
            block
                .split(';')
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .collect::<Vec<_>>()
        });
    assert_eq!(
        internals.as_deref(),
        Some(&["jsonschema", "values", "yaml"][..])
    );
}
