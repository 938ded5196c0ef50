//! A fleet of 1,002 generated apps (3 environments × 334 services, values varied from the
//! examples), rendered by the CLI's fleet code on 1 and 2 threads. The repository is written
//! to a temporary folder and removed afterwards. Run:
//! `cargo bench -p orochart-benches --bench fleet`.

use std::hint::black_box;
use std::num::NonZeroUsize;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use orochart_benches::generate_fleet;
use orochart_cli::fleet;

fn bench_fleet(c: &mut Criterion) {
    let root = std::env::temp_dir().join(format!("orochart-bench-fleet-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let n = generate_fleet(&root, 334).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
    let apps = fleet::discover(&root).unwrap_or_else(|e| panic!("discover: {e:?}"));
    assert_eq!(apps.len(), n);
    // Every generated app must render before we time them.
    let results = fleet::render_all(&root, &apps, None, Default::default())
        .unwrap_or_else(|e| panic!("{e:?}"));
    for (app, r) in apps.iter().zip(&results) {
        if let Err(e) = r {
            panic!("{}: {e}", app.id());
        }
    }

    let mut group = c.benchmark_group("fleet-1002-apps");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for threads in [1, 2] {
        group.bench_function(format!("{threads}-threads"), |b| {
            b.iter(|| {
                black_box(fleet::render_all(
                    &root,
                    &apps,
                    NonZeroUsize::new(threads),
                    Default::default(),
                ))
            })
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&root);
}

criterion_group!(benches, bench_fleet);
criterion_main!(benches);
