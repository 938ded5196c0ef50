//! In-process rendering: each example (values → manifests → Helm's bytes) with the chart
//! compiled once, and the production example split into the phases of one `orochart render`
//! process, to show where the time goes. Run: `cargo bench -p orochart-benches --bench render`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use orochart::{Capabilities, Release, Renderer, ValueOptions};
use orochart_benches::{examples, Example, EXAMPLE_RELEASE};
use orochart_builtin as builtin;

fn or_die<T, E: std::fmt::Display>(r: Result<T, E>, what: &str) -> T {
    r.unwrap_or_else(|e| panic!("{what}: {e}"))
}

/// Values from the in-memory file (no disk I/O), then render, then Helm's framing.
fn render_example(
    renderer: &Renderer,
    ex: &Example,
    release: &Release,
    caps: &Capabilities,
) -> orochart::Result<String> {
    let opts = ValueOptions {
        values_files: vec![ex.path.display().to_string()],
        ..ValueOptions::default()
    };
    let values = renderer.values(&opts, &|_| Ok(ex.values.clone()))?;
    Ok(renderer.render(&values, release, caps)?.to_helm_output())
}

fn bench_examples(c: &mut Criterion) {
    let examples = or_die(examples(), "examples");
    let renderer = or_die(Renderer::new(or_die(builtin::chart(), "chart")), "compile");
    let release = or_die(Release::new(EXAMPLE_RELEASE, EXAMPLE_RELEASE), "release");
    let caps = Capabilities::default();
    let mut group = c.benchmark_group("render");
    for ex in &examples {
        // Timing a wrong answer is pointless: check against Helm's bytes first.
        let out = or_die(render_example(&renderer, ex, &release, &caps), &ex.name);
        assert!(
            out == ex.expected,
            "{}: output differs from Helm's",
            ex.name
        );
        group.bench_function(ex.name.as_str(), |b| {
            b.iter(|| black_box(render_example(&renderer, ex, &release, &caps)))
        });
    }
    group.finish();
}

/// One `orochart render` process, phase by phase (production example).
fn bench_phases(c: &mut Criterion) {
    let examples = or_die(examples(), "examples");
    let Some(ex) = examples
        .iter()
        .find(|e| e.name == "microservice-identity-production")
    else {
        panic!("no production example");
    };
    let release = or_die(Release::new(EXAMPLE_RELEASE, EXAMPLE_RELEASE), "release");
    let caps = Capabilities::default();
    let chart = or_die(builtin::chart(), "chart");
    let renderer = or_die(Renderer::new(chart.clone()), "compile");
    let opts = ValueOptions {
        values_files: vec!["values.yaml".into()],
        ..ValueOptions::default()
    };
    let read = |_: &str| Ok(ex.values.clone());
    let values = or_die(renderer.values(&opts, &read), "values");
    let rendered = or_die(renderer.render(&values, &release, &caps), "render");

    let mut group = c.benchmark_group("phases");
    group.bench_function("1-load-chart", |b| b.iter(|| black_box(builtin::chart())));
    group.bench_function("2-compile-templates", |b| {
        b.iter_batched(|| chart.clone(), Renderer::new, BatchSize::SmallInput)
    });
    group.bench_function("3-values", |b| {
        b.iter(|| black_box(renderer.values(&opts, &read)))
    });
    group.bench_function("4-render", |b| {
        b.iter(|| black_box(renderer.render(&values, &release, &caps)))
    });
    // The same render with minijinja alone (no fast path), for comparison.
    let slow = or_die(Renderer::with_minijinja(chart.clone()), "compile");
    let slow_out = or_die(slow.render(&values, &release, &caps), "render").to_helm_output();
    assert_eq!(slow_out, rendered.to_helm_output(), "the engines differ");
    group.bench_function("4-render-minijinja-alone", |b| {
        b.iter(|| black_box(slow.render(&values, &release, &caps)))
    });
    group.bench_function("2-compile-templates-minijinja-alone", |b| {
        b.iter_batched(
            || chart.clone(),
            Renderer::with_minijinja,
            BatchSize::SmallInput,
        )
    });
    group.bench_function("5-output", |b| {
        b.iter(|| black_box(rendered.to_helm_output()))
    });
    group.bench_function("all-in-one-process", |b| {
        b.iter(|| {
            let renderer = or_die(Renderer::new(or_die(builtin::chart(), "chart")), "compile");
            black_box(render_example(&renderer, ex, &release, &caps))
        })
    });
    group.finish();
}

criterion_group!(benches, bench_examples, bench_phases);
criterion_main!(benches);
