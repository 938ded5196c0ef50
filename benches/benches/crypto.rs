//! Sprig's key-generating functions through the Go engine: `genPrivateKey "rsa"` (a 4096-bit
//! RSA key), `genCA` (a 2048-bit key and a self-signed certificate) and `genCA` with a
//! `genSignedCert` from it (two keys, as the Bitnami charts do), each rendered as a one-template chart.
//! Key generation is random, so the times vary from sample to sample; criterion reports the
//! spread. Run: `cargo bench -p orochart-benches --bench crypto`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use orochart::{Capabilities, Chart, Release, Renderer};

fn or_die<T, E: std::fmt::Display>(r: Result<T, E>, what: &str) -> T {
    r.unwrap_or_else(|e| panic!("{what}: {e}"))
}

/// A Go-dialect chart whose one template is `body`.
fn renderer(body: &str) -> Renderer {
    let files = [
        (
            "Chart.yaml",
            "apiVersion: v2\nname: crypto\nversion: 0.1.0\n",
        ),
        ("templates/out.yaml", body),
    ];
    or_die(
        Renderer::new(or_die(Chart::from_files("crypto", files), "chart")),
        "parse",
    )
}

fn bench_crypto(c: &mut Criterion) {
    let release = or_die(Release::new("bench", "default"), "release");
    let caps = Capabilities::default();
    let cases = [
        (
            "genPrivateKey rsa",
            "key: {{ genPrivateKey \"rsa\" | b64enc }}\n",
            "key: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVkt",
        ),
        (
            "genCA",
            "{{- $ca := genCA \"bench-ca\" 365 }}\ncert: {{ $ca.Cert | b64enc }}\n",
            "cert: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0t",
        ),
        (
            "genCA and genSignedCert",
            "{{- $ca := genCA \"bench-ca\" 365 }}\ncert: {{ (genSignedCert \"leaf\" nil (list \"leaf.example\") 365 $ca).Cert | b64enc }}\n",
            "cert: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0t",
        ),
    ];
    let mut group = c.benchmark_group("crypto");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    for (name, body, expect) in cases {
        let r = renderer(body);
        let values = r.chart().values().clone();
        // A failing render would be timed as a fast one: check the output first.
        let out = or_die(r.render(&values, &release, &caps), name).to_helm_output();
        assert!(out.contains(expect), "{name}: {out}");
        group.bench_function(name, |b| {
            b.iter(|| black_box(r.render(&values, &release, &caps).is_ok()))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_crypto);
criterion_main!(benches);
