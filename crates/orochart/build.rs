//! Embeds `charts/orofi-application` into the library: generates a list of
//! `(path, include_str!(…))` pairs so the built-in chart is the folder, byte for byte.

use std::fmt::Write as _;

#[allow(dead_code)]
#[path = "src/values/digest.rs"]
mod digest;
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
    let out = out_dir.join("builtin_files.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
    }
}
