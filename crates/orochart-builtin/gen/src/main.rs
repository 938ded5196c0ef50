//! `cargo run -p orochart-builtin-gen`: writes `crates/orochart-builtin/src/generated.rs` from
//! the chart folder `crates/orochart-builtin/chart` (see `orochart::codegen`).

use std::path::Path;
use std::process::ExitCode;

/// The command that runs this program, for the generated file's header.
pub const REGENERATE: &str = "cargo run -p orochart-builtin-gen";

fn main() -> ExitCode {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let krate = here.parent().unwrap_or(here);
    let out = krate.join("src/generated.rs");
    let code = orochart::codegen::generate(&krate.join("chart"), "orofi-application", REGENERATE);
    match code.and_then(|c| std::fs::write(&out, c).map_err(|e| e.to_string())) {
        Ok(()) => {
            println!("wrote {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Error: {e}");
            ExitCode::FAILURE
        }
    }
}
