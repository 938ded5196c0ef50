//! Embeds `charts/orofi-application` into the library: generates a list of
//! `(path, include_str!(…))` pairs so the built-in chart is the folder, byte for byte.

use std::fmt::Write as _;

// The digests are made by the library's own code: `values/digest.rs`, and the fast block
// YAML reader `blockyaml.rs`, which names yaml-rust2's scalar style (a build script cannot
// depend on yaml-rust2 without a build-dependency, so that one type is copied here).
#[allow(dead_code)]
#[path = "src/blockyaml.rs"]
mod blockyaml;
#[allow(dead_code)]
#[path = "src/values/digest.rs"]
mod digest;

extern crate self as yaml_rust2;

/// What `blockyaml.rs` uses of yaml-rust2.
mod scanner {
    /// yaml-rust2's `TScalarStyle`.
    #[allow(dead_code)]
    #[derive(Clone, Copy, PartialEq, Debug, Eq)]
    pub enum TScalarStyle {
        Plain,
        SingleQuoted,
        DoubleQuoted,
        Literal,
        Folded,
    }
}
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let chart = manifest_dir.join("../../charts/orofi-application");
    println!("cargo:rerun-if-changed={}", chart.display());
    println!("cargo:rerun-if-changed=src/values/digest.rs");
    println!("cargo:rerun-if-changed=src/blockyaml.rs");
    let mut files = Vec::new();
    walk(&chart, &mut files);
    files.sort();
    let mut code = String::from("/// The files of the built-in chart: (path inside the chart, contents).\npub static FILES: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f
            .strip_prefix(&chart)
            .unwrap_or(f)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let _ = writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        );
    }
    code.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    // The schema, pre-digested (see src/values/digest.rs); `None` leaves it to serde_json.
    let schema = std::fs::read_to_string(chart.join("values.schema.json"))
        .ok()
        .and_then(|text| digest::encode_json(&text))
        .filter(|d| std::fs::write(out_dir.join("schema.digest"), d).is_ok());
    code.push_str(
        "/// `values.schema.json`, pre-digested at build time (see `values::digest`).\npub static SCHEMA_DIGEST: Option<&str> = ",
    );
    code.push_str(if schema.is_some() {
        "Some(include_str!(concat!(env!(\"OUT_DIR\"), \"/schema.digest\")));\n"
    } else {
        "None;\n"
    });
    // values.yaml, as the fast reader's events (see src/values/digest.rs).
    let values = std::fs::read_to_string(chart.join("values.yaml"))
        .ok()
        .and_then(|text| digest::encode_events(&text))
        .filter(|d| std::fs::write(out_dir.join("values.digest"), d).is_ok());
    code.push_str(
        "/// `values.yaml`, as the events of the fast block reader, at build time (see `values::digest`).\npub static VALUES_DIGEST: Option<&str> = ",
    );
    code.push_str(if values.is_some() {
        "Some(include_str!(concat!(env!(\"OUT_DIR\"), \"/values.digest\")));\n"
    } else {
        "None;\n"
    });
    let out = out_dir.join("builtin_files.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
    }
}
