//! Links the `orochart` binary as a position-dependent executable on Linux (glibc).
//!
//! A position-independent executable makes the dynamic loader apply some 17,000 relocations
//! and touch their pages at every start; `orochart` runs once per render (ArgoCD, CI), so
//! that start-up is a real share of its time: `orochart --version` went from 2.1 ms to 1.8 ms
//! on the benchmark machine. Only the binary is affected (`rustc-link-arg-bins`), not the
//! library or the tests. A static build (`-C target-feature=+crt-static`, which rustc links as a
//! static PIE) is left as it is: adding `-no-pie` to it makes a binary that crashes at start.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    let static_crt = std::env::var("CARGO_CFG_TARGET_FEATURE")
        .unwrap_or_default()
        .split(',')
        .any(|f| f == "crt-static");
    if os == "linux" && env == "gnu" && !static_crt {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
