//! Tests of the YAML 1.1 reader (`scan`, `parse`, `tree`).

use super::read::{Kind, Tree};

/// The tree as text, to compare two readers.
fn dump(tree: &Tree) -> String {
    fn node(tree: &Tree, n: usize, out: &mut String) {
        match &tree.nodes[n].kind {
            Kind::Scalar { value, plain, tag } => {
                out.push_str(&format!("S({value:?},{plain},{tag:?})"));
            }
            Kind::Seq(items) => {
                out.push('[');
                for &i in items {
                    node(tree, i, out);
                    out.push(',');
                }
                out.push(']');
            }
            Kind::Map(pairs) => {
                out.push('{');
                for &(k, v) in pairs {
                    node(tree, k, out);
                    out.push(':');
                    node(tree, v, out);
                    out.push(',');
                }
                out.push('}');
            }
            Kind::Alias(t) => out.push_str(&format!("*{}", t)),
        }
    }
    let mut out = String::new();
    if let Some(r) = tree.root {
        node(tree, r, &mut out);
    }
    out
}

/// Compares the new reader with the old one on every real-world values file (a development
/// aid: run with `--ignored --nocapture`).
#[test]
#[ignore]
fn agrees_with_the_old_reader_on_real_world_values() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/values-realworld/values");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("SKIPPED: no {}", dir.display());
        return;
    };
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    let mut differ = 0;
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let old = super::read::build(text).and_then(|(t, s)| match super::read::misplaced_tab(&s) {
            Some(e) => Err(e),
            None => Ok(t),
        });
        let new = super::tree::read(text, false);
        let a = old.map(|t| dump(&t)).map_err(|e| e.1);
        let b = new.map(|t| dump(&t)).map_err(|e| e.1);
        if a != b {
            differ += 1;
            let (x, y) = (format!("{a:?}"), format!("{b:?}"));
            let at = x.bytes().zip(y.bytes()).take_while(|(p, q)| p == q).count();
            let from = at.saturating_sub(150);
            let short = |r: &String| r.get(from..(at + 150).min(r.len())).unwrap_or(r).to_owned();
            eprintln!("DIFF {}\n  old {}\n  new {}", f.display(), short(&x), short(&y));
        }
    }
    eprintln!("{differ} of {} differ", files.len());
}
