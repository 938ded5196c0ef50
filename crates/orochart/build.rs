//! Embeds `charts/orofi-application` into the library: generates a list of
//! `(path, include_str!(…))` pairs so the built-in chart is the folder, byte for byte; and does
//! ahead of time what every process would otherwise do to load it: digests `values.yaml` and
//! `values.schema.json` (`src/values/digest.rs`) and compiles the templates for the fast path
//! (`src/fast/ir.rs`). Each of these files is included here, so the work is the library's own
//! code; tests check that the results equal a run-time load.

#[path = "src/fast/ir.rs"]
#[allow(dead_code)]
mod ir;

use std::fmt::Write as _;

// The digests are made by the library's own code: `values/digest.rs`, and the fast block
// YAML reader `blockyaml.rs` (which names yaml-rust2's scalar style: a build-dependency).
#[allow(dead_code)]
#[path = "src/blockyaml.rs"]
mod blockyaml;
#[allow(dead_code)]
#[path = "src/values/digest.rs"]
mod digest;
#[path = "src/schema_annotations.rs"]
mod schema_annotations;
#[allow(dead_code)]
#[path = "src/schema_compiled.rs"]
mod schema_compiled;

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
    let chart = manifest_dir.join("chart");
    println!("cargo:rerun-if-changed={}", chart.display());
    println!("cargo:rerun-if-changed=src/values/digest.rs");
    println!("cargo:rerun-if-changed=src/blockyaml.rs");
    println!("cargo:rerun-if-changed=src/schema_compiled.rs");
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
    // Without its annotations (see src/schema_annotations.rs).
    let schema_json = std::fs::read_to_string(chart.join("values.schema.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .map(|mut json| {
            schema_annotations::strip_annotations(&mut json);
            json
        });
    let schema = schema_json
        .as_ref()
        .and_then(|json| digest::encode_json(&json.to_string()));
    // The schema's check, compiled (see src/schema_compiled.rs): only with the digest, which
    // builds the JSON it was compiled from.
    let compiled = schema_json
        .as_ref()
        .filter(|_| schema.is_some())
        .and_then(schema_compiled::Compiled::compile);
    let compiled_code = match compiled {
        Some(c) => format!(
            "{}/// The built-in schema's check, compiled.\npub(crate) static COMPILED_SCHEMA: Option<&Compiled> = Some(&SCHEMA);\n",
            c.to_rust("SCHEMA")
        ),
        None => "/// The built-in schema's check, compiled.\npub(crate) static COMPILED_SCHEMA: Option<&Compiled> = None;\n".to_owned(),
    };
    let out = out_dir.join("builtin_schema.rs");
    if let Err(e) = std::fs::write(&out, compiled_code) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
    }
    push_digest(
        &mut code,
        &out_dir,
        "SCHEMA_DIGEST",
        "`values.schema.json` without its annotations, pre-digested at build time (see `values::digest`).",
        schema,
    );
    // values.yaml, as the fast reader's events (see src/values/digest.rs).
    let values = std::fs::read_to_string(chart.join("values.yaml"))
        .ok()
        .and_then(|text| digest::encode_events(&text));
    push_digest(
        &mut code,
        &out_dir,
        "VALUES_DIGEST",
        "`values.yaml`, as the events of the fast block reader, at build time (see `values::digest`).",
        values,
    );
    let out = out_dir.join("builtin_files.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
    }
    let out = out_dir.join("builtin_program.rs");
    if let Err(e) = std::fs::write(&out, program(&chart, &files)) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
    }
}

/// Writes `digest` to `OUT_DIR/<name>.digest` and declares `pub static <name>: Option<&str>`
/// holding it (`None` when there is no digest or it could not be written).
fn push_digest(code: &mut String, out_dir: &Path, name: &str, doc: &str, digest: Option<String>) {
    let file = format!("{}.digest", name.to_lowercase());
    let written = digest.is_some_and(|d| std::fs::write(out_dir.join(&file), d).is_ok());
    let _ = writeln!(code, "/// {doc}");
    let _ = if written {
        writeln!(
            code,
            "pub static {name}: Option<&str> = Some(include_str!(concat!(env!(\"OUT_DIR\"), \"/{file}\")));"
        )
    } else {
        writeln!(code, "pub static {name}: Option<&str> = None;")
    };
}

/// The built-in chart's templates compiled for the fast path, as Rust statics: `TEMPLATES`
/// (what was compiled: path inside `templates/` and source) and `PROGRAM`, or no program
/// (with a warning) when a template leaves the fast path's subset.
fn program(chart: &Path, files: &[PathBuf]) -> String {
    let templates_dir = chart.join("templates");
    let mut sources = Vec::new();
    for f in files {
        let Ok(rel) = f.strip_prefix(&templates_dir) else {
            continue;
        };
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let source = std::fs::read_to_string(f).unwrap_or_default();
        sources.push((rel, f.display().to_string(), source));
    }
    let mut code = String::from(
        "/// The templates `PROGRAM` was compiled from: (path inside `templates/`, source).\n\
         pub(crate) static TEMPLATES: &[(&str, &str)] = &[\n",
    );
    for (rel, path, _) in &sources {
        code.push_str(&format!("    ({rel:?}, include_str!({path:?})),\n"));
    }
    code.push_str("];\n");
    let files: Vec<(&str, &str)> = sources
        .iter()
        .map(|(rel, _, src)| (rel.as_str(), src.as_str()))
        .collect();
    match ir::compile(&files) {
        Ok(program) => {
            code.push_str(&program.to_rust("COMPILED"));
            code.push_str("/// The compiled program.\npub(crate) static PROGRAM: Option<&Program> = Some(&COMPILED);\n");
        }
        Err(e) => {
            println!(
                "cargo:warning=the built-in chart is outside the fast path's subset ({}); it will render with minijinja",
                e.0
            );
            code.push_str(
                "/// No compiled program.\npub(crate) static PROGRAM: Option<&Program> = None;\n",
            );
        }
    }
    code
}
