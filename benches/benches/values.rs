//! Values: reading a values file, merging it with `--set` flags, coalescing onto the chart's
//! defaults and checking the result against the chart's schema; and the `--set` grammar alone.
//! Run: `cargo bench -p orochart-benches --bench values`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use orochart::values::{
    apply_set, apply_set_json, apply_set_string, coalesce, merge_user_values, parse_values,
};
use orochart::{Map, Renderer, ValueOptions};
use orochart_benches::examples;
use orochart_builtin as builtin;

fn bench_values(c: &mut Criterion) {
    let examples = examples().unwrap_or_else(|e| panic!("examples: {e}"));
    let Some(prod) = examples
        .iter()
        .find(|e| e.name == "microservice-identity-production")
    else {
        panic!("no production example");
    };
    let chart = builtin::chart().unwrap_or_else(|e| panic!("chart: {e}"));
    let renderer = Renderer::new(chart.clone()).unwrap_or_else(|e| panic!("compile: {e}"));
    let read = |_: &str| Ok(prod.values.clone());
    let opts = ValueOptions {
        values_files: vec!["values.yaml".into()],
        set: vec!["image.tag=abc123,replicaCount=3".into()],
        set_string: vec!["config.LOG_LEVEL=debug".into()],
        ..ValueOptions::default()
    };
    let (user, origins) = merge_user_values(&opts, &read).unwrap_or_else(|e| panic!("{e}"));

    let mut group = c.benchmark_group("values");
    group.bench_function("parse-production-file", |b| {
        b.iter(|| black_box(parse_values(&prod.values, "values.yaml")))
    });
    group.bench_function("merge-file-and-set-flags", |b| {
        b.iter(|| black_box(merge_user_values(&opts, &read)))
    });
    group.bench_function("coalesce-onto-chart-defaults", |b| {
        b.iter(|| black_box(coalesce(user.clone(), chart.values())))
    });
    group.bench_function("check-against-schema", |b| {
        b.iter(|| black_box(renderer.check_values(&user, &origins)))
    });
    group.bench_function("all (Renderer::values)", |b| {
        b.iter(|| black_box(renderer.values(&opts, &read)))
    });
    group.finish();

    let mut group = c.benchmark_group("set");
    let typed =
        "image.tag=abc123,replicaCount=3,autoscaling.enabled=true,resources.limits.memory=1Gi";
    let lists =
        "extraEnv[0].name=A,extraEnv[0].value=1,extraEnv[1].name=B,envFromSecrets={s1,s2,s3}";
    group.bench_function("set-typed", |b| {
        b.iter(|| {
            let mut m = Map::new();
            black_box(apply_set(&mut m, typed)).ok();
            m
        })
    });
    group.bench_function("set-lists", |b| {
        b.iter(|| {
            let mut m = Map::new();
            black_box(apply_set(&mut m, lists)).ok();
            m
        })
    });
    group.bench_function("set-string", |b| {
        b.iter(|| {
            let mut m = Map::new();
            black_box(apply_set_string(&mut m, typed)).ok();
            m
        })
    });
    group.bench_function("set-json", |b| {
        b.iter(|| {
            let mut m = Map::new();
            black_box(apply_set_json(
                &mut m,
                r#"resources={"limits":{"memory":"1Gi"},"requests":{"cpu":"250m"}}"#,
            ))
            .ok();
            m
        })
    });
    group.finish();
}

criterion_group!(benches, bench_values);
criterion_main!(benches);
