//! `src/generated.rs` against a fresh run of its generator, and the chart it embeds against a
//! load of the chart's folder.

use std::path::{Path, PathBuf};

use orochart::{Capabilities, Chart, Release, Renderer, ValueOptions};

/// The command that writes `src/generated.rs` (its header names it too).
const REGENERATE: &str = "cargo run -p orochart-builtin-gen";

fn krate() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What the generator writes now, from the chart folder.
fn fresh() -> String {
    orochart::codegen::generate(&krate().join("chart"), orochart_builtin::ORIGIN, REGENERATE)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn checked_in_generated_source_is_current() {
    let path = krate().join("src/generated.rs");
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    let fresh = fresh();
    if checked_in != fresh {
        let line = checked_in
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .map_or(checked_in.lines().count().min(fresh.lines().count()), |i| i)
            + 1;
        panic!(
            "{} is stale (it differs from the chart folder's from line {line}): run `{REGENERATE}` and commit the file",
            path.display()
        );
    }
}

#[test]
fn generated_source_holds_a_program_digests_and_a_schema_check() {
    // The built-in chart stays inside the fast path's subset and the digests' subsets: without
    // them it would still render, only slower, so a change that loses one must be seen.
    let code = fresh();
    for part in [
        "schema_digest: Some(",
        "values_digest: Some(",
        "schema_check: Some(&compiled_schema::SCHEMA)",
        "program: Some(&program::COMPILED)",
    ] {
        assert!(code.contains(part), "the generated source lacks `{part}`");
    }
}

/// Every file under `dir`, by path inside it.
fn files_under(dir: &Path) -> Vec<(String, String)> {
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
    let mut paths = Vec::new();
    walk(dir, &mut paths);
    let mut files: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(dir).unwrap_or(p).to_string_lossy();
            let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{e}"));
            (rel.replace('\\', "/"), text)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn embedded_files_are_the_chart_folder_byte_for_byte() {
    let embedded: Vec<(String, String)> = orochart_builtin::FILES
        .iter()
        .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
        .collect();
    let on_disk = files_under(&krate().join("chart"));
    assert!(embedded.len() >= 15, "only {} files", embedded.len());
    assert_eq!(embedded, on_disk);
}

#[test]
fn built_in_chart_is_the_chart_its_folder_loads() {
    let built_in = orochart_builtin::chart().unwrap_or_else(|e| panic!("{e}"));
    let folder = Chart::load_dir(krate().join("chart")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(built_in.name(), "orofi-application");
    assert_eq!(built_in.origin(), orochart_builtin::ORIGIN);
    assert_eq!(built_in.values(), folder.values());
    let helm4 = orochart::profile::HelmVersion::default().profile();
    assert_eq!(built_in.values_for(helm4), folder.values_for(helm4));
    assert_eq!(
        format!("{:?}", built_in.metadata()),
        format!("{:?}", folder.metadata())
    );
    let templates = |c: &Chart| {
        c.templates()
            .iter()
            .map(|t| (t.path.clone(), t.source.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(templates(&built_in), templates(&folder));
    assert_eq!(templates(&built_in).len(), 14);
    let files = |c: &Chart| {
        c.files()
            .iter()
            .map(|(path, bytes)| (path.clone(), bytes.read().map(<[u8]>::to_vec).ok()))
            .collect::<Vec<_>>()
    };
    assert_eq!(files(&built_in), files(&folder));
    assert!(files(&built_in).iter().all(|(_, bytes)| bytes.is_some()));
    // The schema is without its annotations (they never change what validates), and equal
    // to the folder's otherwise.
    let schema = built_in.schema().map(|s| s.json().to_string());
    let schema = schema.unwrap_or_else(|| panic!("the built-in chart has no schema"));
    assert!(!schema.contains("\"description\""), "annotations left in");
    assert!(
        schema.contains("\"additionalProperties\":false"),
        "{schema}"
    );
}

#[test]
fn built_in_chart_renders_as_a_load_of_its_folder_on_the_fast_path() {
    let built_in = Renderer::new(orochart_builtin::chart().unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    let folder =
        Renderer::new(Chart::load_dir(krate().join("chart")).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
    assert!(built_in.is_fast());
    let release = Release::new("identity", "identity").unwrap_or_else(|e| panic!("{e}"));
    let render = |r: &Renderer, set: &[&str]| {
        let options = ValueOptions {
            set: set.iter().map(|s| (*s).to_owned()).collect(),
            ..ValueOptions::default()
        };
        r.values(&options, &|p| Err(orochart::Error::Invalid(p.into())))
            .and_then(|v| r.render(&v, &release, &Capabilities::default()))
            .map(|out| out.to_helm_output())
            .map_err(|e| e.to_string())
    };
    for set in [
        &[][..],
        &["image.tag=v1.4.2", "autoscaling.enabled=true"],
        &["config.LOG_LEVEL=info", "service.port=8080"],
    ] {
        assert_eq!(
            render(&built_in, set),
            render(&folder, set),
            "--set {set:?}"
        );
    }
    // A value the schema rejects. The built-in chart's schema is its typed values', checked
    // with orochart's key paths; a folder is any Helm chart, checked as Helm checks it.
    let bad = &["autoscaling.enabled=maybe"][..];
    match (render(&built_in, bad), render(&folder, bad)) {
        (Err(typed), Err(helm)) => {
            assert!(
                typed.contains("`autoscaling.enabled`: expected boolean"),
                "{typed}"
            );
            assert!(
                helm.starts_with("values don't meet the specifications"),
                "{helm}"
            );
        }
        other => panic!("both must refuse `maybe`: {other:?}"),
    }
}
