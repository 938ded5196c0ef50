//! How the `orochart` binary is linked on Linux with glibc.
//!
//! `orochart` runs once per render (ArgoCD, CI), so its start-up is a real share of its time.
//! On the benchmark machine a dynamically linked process spends ~0.3–0.4 ms in the dynamic
//! loader and its page faults before `main`, about as long as the render itself.
//! So on Linux/glibc, when the host compiles for itself, the binary is linked:
//!
//! - **statically**, when the C toolchain has glibc's static archives (`libc.a`, from
//!   Debian's and Ubuntu's `libc6-dev`, Fedora's `glibc-static`): the same result as Rust's
//!   `-C target-feature=+crt-static`, which cargo cannot set for one binary without an
//!   explicit `--target` (it would reach the proc-macro crates, which cannot be static);
//! - otherwise, or with `OROCHART_LINK=dynamic`, dynamically but position-dependent
//!   (`-no-pie`), which spares the loader the binary's ~17,000 relocations.
//!
//! How the static link is made: rustc asks the linker for std's libraries by name (`-lc`,
//! `-lgcc_s`, …) after `-Bdynamic`. A directory searched before the system's holds, for each
//! of them, a `lib<name>.a` that is a one-line linker script naming the static archive
//! (`libgcc_s` becomes `libgcc_eh.a` and `libgcc.a`, as in a `crt-static` build), and `-static`
//! makes the C compiler driver pick the static start files and no dynamic loader. Only the
//! binary is affected (`rustc-link-arg-bins`), not the library or the test harnesses. The tests
//! run this binary, and `static_link` (tests/it/render_cli.rs) checks that it has no
//! dynamic loader when this script says it is static (`OROCHART_LINKED`).
//!
//! A build that is already static (`crt-static`, musl) is left as it is: adding `-no-pie` to a
//! static PIE makes a binary that crashes at start.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The libraries rustc names for std on linux-gnu, and the static archives that replace each.
const LIBRARIES: &[(&str, &[&str])] = &[
    ("c", &["libc.a", "libgcc_eh.a", "libgcc.a"]),
    ("m", &["libm.a"]),
    ("pthread", &["libpthread.a"]),
    ("rt", &["librt.a"]),
    ("util", &["libutil.a"]),
    ("dl", &["libdl.a"]),
    ("gcc_s", &["libgcc_eh.a", "libgcc.a"]),
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=OROCHART_LINK");
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let static_crt = var("CARGO_CFG_TARGET_FEATURE")
        .split(',')
        .any(|f| f == "crt-static");
    if var("CARGO_CFG_TARGET_OS") != "linux" || var("CARGO_CFG_TARGET_ENV") != "gnu" || static_crt {
        println!("cargo:rustc-env=OROCHART_LINKED=default");
        return;
    }
    let wanted = var("OROCHART_LINK");
    let linked = match wanted.as_str() {
        "dynamic" => None,
        "" | "static" => {
            // The host's C toolchain knows only the host's archives.
            let native = var("TARGET") == var("HOST");
            let made = if native {
                static_libraries()
            } else {
                Err("cross-compiling".into())
            };
            match made {
                Ok(dir) => Some(dir),
                Err(why) if wanted == "static" => {
                    panic!("OROCHART_LINK=static, but orochart cannot be linked statically: {why}")
                }
                // A cross build is linked as its toolchain links; nothing to install.
                Err(_) if !native => None,
                Err(why) => {
                    println!(
                        "cargo:warning=linking orochart dynamically ({why}); a static binary \
                         starts faster: install glibc's static libraries (libc6-dev, \
                         glibc-static), or set OROCHART_LINK=dynamic to silence this"
                    );
                    None
                }
            }
        }
        other => panic!("OROCHART_LINK is `{other}`; expected `static` or `dynamic`"),
    };
    println!("cargo:rustc-link-arg-bins=-no-pie");
    match linked {
        Some(dir) => {
            println!("cargo:rustc-link-arg-bins=-L{}", dir.display());
            println!("cargo:rustc-link-arg-bins=-static");
            println!("cargo:rustc-env=OROCHART_LINKED=static");
        }
        None => println!("cargo:rustc-env=OROCHART_LINKED=dynamic"),
    }
}

/// Writes the linker scripts into `OUT_DIR/static-libs` and returns that directory, or says
/// which archive the C toolchain does not have.
fn static_libraries() -> Result<PathBuf, String> {
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    let dir = out.join("static-libs");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let cc = std::env::var("RUSTC_LINKER").unwrap_or_else(|_| "cc".into());
    for (name, archives) in LIBRARIES {
        let mut paths = Vec::new();
        for archive in *archives {
            let path = archive_path(&cc, archive)?;
            println!("cargo:rerun-if-changed={}", path.display());
            paths.push(format!("\"{}\"", path.display()));
        }
        let script = format!("GROUP ( {} )\n", paths.join(" "));
        let file = dir.join(format!("lib{name}.a"));
        std::fs::write(&file, script).map_err(|e| format!("{}: {e}", file.display()))?;
    }
    Ok(dir)
}

/// Where the C toolchain finds `archive`; it prints the bare name when it has none.
fn archive_path(cc: &str, archive: &str) -> Result<PathBuf, String> {
    let output = Command::new(cc)
        .arg(format!("-print-file-name={archive}"))
        .output()
        .map_err(|e| format!("cannot run `{cc}`: {e}"))?;
    let printed = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let path = Path::new(&printed);
    if output.status.success() && path.is_absolute() && path.is_file() {
        Ok(path.to_path_buf())
    } else {
        Err(format!("`{cc}` has no {archive}"))
    }
}
