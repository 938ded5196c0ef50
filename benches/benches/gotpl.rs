//! The Go template engine: parsing a chart's templates into one set, and rendering them, on
//! the `gotpl-language` parity chart (every construct of the language, Helm's objects,
//! `include` and `tpl`); and whole renders of real charts from the corpus
//! (`../shared/corpus/charts`), phase by phase: loading the chart folder, parsing its
//! templates, building the values from the case's files, executing the templates and Helm's
//! framing. Run: `cargo bench -p orochart-benches --bench gotpl`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion};
use orochart::{Capabilities, Chart, Release, Renderer, ValueOptions};

fn or_die<T, E: std::fmt::Display>(r: Result<T, E>, what: &str) -> T {
    r.unwrap_or_else(|e| panic!("{what}: {e}"))
}

fn bench_gotpl(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/orochart-cli/tests/parity/gotpl-language/chart");
    let chart = or_die(Chart::load_dir(&dir), "chart");
    let renderer = or_die(Renderer::new(chart.clone()), "parse");
    assert_eq!(renderer.dialect(), orochart::render::Dialect::Go);
    let release = or_die(Release::new("parity", "default"), "release");
    let caps = Capabilities::default();
    let values = chart.values().clone();
    // The render must succeed before it is timed.
    let out = or_die(renderer.render(&values, &release, &caps), "render");
    assert!(out.to_helm_output().contains("tpl: parity-web in"));

    let mut group = c.benchmark_group("gotpl");
    group.bench_function("parse", |b| {
        b.iter(|| black_box(Renderer::new(chart.clone()).is_ok()))
    });
    group.bench_function("render", |b| {
        b.iter(|| black_box(renderer.render(&values, &release, &caps).is_ok()))
    });
    group.finish();
}

/// Corpus cases timed in process: a small chart, a bitnami chart (the `common` library,
/// `tpl` and `include` everywhere) and the largest chart (kube-prometheus-stack, 1.6 MB of
/// templates in five charts). Their cases set no flags, only values files.
const CORPUS_CASES: &[(&str, &str)] = &[
    ("grafana", "default"),
    ("bitnami-postgresql", "default"),
    ("kube-prometheus-stack", "default"),
];

/// The corpus case's chart folder, values files, release and namespace.
fn corpus_case(corpus: &Path, chart: &str, case: &str) -> (PathBuf, Vec<String>, String, String) {
    let dir = corpus.join(chart);
    let case_dir = dir.join("cases").join(case);
    let (mut release, mut namespace) = (chart.to_owned(), "default".to_owned());
    if let Ok(text) = std::fs::read_to_string(case_dir.join("release")) {
        let words: Vec<&str> = text.split_whitespace().collect();
        if let [r, n, ..] = words.as_slice() {
            (release, namespace) = ((*r).to_owned(), (*n).to_owned());
        }
    }
    let mut files: Vec<String> = or_die(std::fs::read_dir(&case_dir), "case folder")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.starts_with("values") && (name.ends_with(".yaml") || name.ends_with(".yml"))
        })
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    (dir.join("chart"), files, release, namespace)
}

fn bench_corpus(c: &mut Criterion) {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/charts");
    if !corpus.is_dir() {
        eprintln!(
            "gotpl-corpus: SKIPPED, no chart corpus at {} (the repository's ../shared)",
            corpus.display()
        );
        return;
    }
    let caps = Capabilities::default();
    let read = |p: &str| -> orochart::Result<String> {
        std::fs::read_to_string(p).map_err(|e| orochart::Error::io(Path::new(p), e))
    };
    let mut group = c.benchmark_group("gotpl-corpus");
    group.sample_size(20);
    for (name, case) in CORPUS_CASES {
        let (dir, values_files, release, namespace) = corpus_case(&corpus, name, case);
        let release = or_die(Release::new(&release, &namespace), "release");
        let opts = ValueOptions {
            values_files,
            ..ValueOptions::default()
        };
        let chart = or_die(Chart::load_dir(&dir), name);
        let renderer = or_die(Renderer::new(chart.clone()), name);
        let values = or_die(renderer.values(&opts, &read), name);
        // The render must succeed before it is timed (the corpus test checks its bytes).
        let out = or_die(renderer.render(&values, &release, &caps), name).to_helm_output();
        assert!(out.contains("kind:"), "{name}: no manifest");

        group.bench_function(format!("{name}/1-load-chart"), |b| {
            b.iter(|| black_box(Chart::load_dir(&dir).is_ok()))
        });
        group.bench_function(format!("{name}/2-parse"), |b| {
            b.iter(|| black_box(Renderer::new(chart.clone()).is_ok()))
        });
        group.bench_function(format!("{name}/3-values"), |b| {
            b.iter(|| black_box(renderer.values(&opts, &read).is_ok()))
        });
        group.bench_function(format!("{name}/4-render"), |b| {
            b.iter(|| {
                black_box(
                    renderer
                        .render(&values, &release, &caps)
                        .map(|r| r.to_helm_output()),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_gotpl, bench_corpus);
criterion_main!(benches);
