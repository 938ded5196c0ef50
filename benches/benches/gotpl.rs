//! The Go template engine: parsing a chart's templates into one set, and rendering them, on
//! the `gotpl-language` parity chart (every construct of the language, Helm's objects,
//! `include` and `tpl`). Run: `cargo bench -p orochart-benches --bench gotpl`.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion};
use orochart::{Capabilities, Chart, Release, Renderer};

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
    let values = chart.values.clone();
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

criterion_group!(benches, bench_gotpl);
criterion_main!(benches);
