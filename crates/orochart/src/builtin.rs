//! The built-in chart, `orofi-application`, embedded at compile time from
//! `charts/orofi-application/` (see `build.rs`).

use crate::chart::Chart;
use crate::error::Result;

include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));

/// The name the built-in chart is known by in messages.
pub const ORIGIN: &str = "orofi-application";

/// Loads the built-in `orofi-application` chart.
pub fn chart() -> Result<Chart> {
    Chart::from_files(ORIGIN, FILES.iter().map(|(p, c)| (*p, *c)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }

    #[test]
    fn embedded_chart_equals_the_charts_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../charts/orofi-application");
        let mut paths = Vec::new();
        walk(&root, &mut paths);
        let mut on_disk: Vec<(String, String)> = paths
            .iter()
            .map(|p| {
                let rel = p
                    .strip_prefix(&root)
                    .unwrap_or(p)
                    .to_string_lossy()
                    .replace('\\', "/");
                (rel, std::fs::read_to_string(p).unwrap_or_default())
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<(String, String)> = FILES
            .iter()
            .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
            .collect();
        embedded.sort();
        assert!(
            embedded.len() >= 15,
            "only {} files embedded",
            embedded.len()
        );
        assert_eq!(embedded, on_disk);
    }

    #[test]
    fn built_in_chart_loads_with_every_template() {
        let chart = chart().map_err(|e| e.to_string());
        let names: Vec<String> = chart
            .map(|c| c.templates.iter().map(|t| t.path.clone()).collect())
            .unwrap_or_default();
        assert_eq!(names.len(), 14, "{names:?}");
        assert!(names.contains(&"_helpers.tpl".to_owned()));
    }
}
