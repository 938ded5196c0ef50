//! Integration tests of the `orochart` binary, in one test binary with shared helpers.

mod argocd;
mod corpus;
mod deploy;
mod fleet;
mod fuzz;
mod gitops_diff;
mod gitops_set;
mod golden;
mod helm_version;
mod hostile;
mod hostile_gotpl;
mod install_flags;
mod lint;
mod parity;
mod readme;
mod render_cli;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs the built `orochart` binary in `dir` with `args` (without `HELM_NAMESPACE`).
pub fn orochart(dir: &Path, args: &[String]) -> Output {
    orochart_with_env(dir, args, &[])
}

/// [`orochart`] with extra environment variables.
pub fn orochart_with_env(dir: &Path, args: &[String], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orochart"))
        .current_dir(dir)
        .args(args)
        // Helm runs in a clean environment in these tests; so does orochart: no namespace
        // from HELM_NAMESPACE, a kubeconfig or the pod the tests may run in.
        .env_remove("HELM_NAMESPACE")
        .env_remove("OROCHART_ENGINE")
        .env_remove("OROCHART_HELM_VERSION")
        .env_remove("OROCHART_TEMPLATE_DIALECT")
        .env("KUBECONFIG", "/nonexistent")
        .env_remove("HELM_KUBECONTEXT")
        .env_remove("KUBERNETES_SERVICE_HOST")
        .env_remove("POD_NAMESPACE")
        .envs(env.iter().copied())
        .output()
        .unwrap_or_else(|e| panic!("cannot run orochart: {e}"))
}

/// An empty scratch folder `orochart-<name>-<pid>` in the temporary folder (emptied first).
pub fn scratch(name: &str) -> Scratch {
    let d = std::env::temp_dir().join(format!("orochart-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
    Scratch(d)
}

/// A scratch folder, removed with everything in it when dropped (a test that fails leaves
/// it too: the panic unwinds through the drop).
pub struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes `content` to `path`, making its folders.
pub fn write(path: &Path, content: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    std::fs::write(path, content).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Reads a file that must exist.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Reads an argument file: one argument a line, `#` comments and blank lines skipped.
pub fn read_args(path: &Path) -> Vec<String> {
    if !path.is_file() {
        return Vec::new();
    }
    read(path)
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// A unified diff of expected against actual, for failure messages.
pub fn diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .header("expected (helm)", "actual (orochart)")
        .to_string()
}

/// Whether this run is CI's (`CI=true`, as `.ci/run` runs): there, a test that needs an outside
/// tool (Helm, kubectl) fails instead of skipping, because `.ci/run` installs them.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// A test that cannot run without `tool`: fails in CI; elsewhere prints `SKIPPED <test>: …`
/// on the terminal itself, outside the test harness's capture, so `cargo test` shows it next
/// to the test's `ok`.
pub fn skip_without(test: &str, tool: &str, how: &str) {
    if in_ci() {
        panic!("{test} cannot run: {tool} not found, and CI=true ({how})");
    }
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: {tool} not found ({how}); this `ok` checked nothing"
    );
}

/// Records that a test needing an outside tool really ran: a line on the terminal (outside the
/// capture) and, when `OROCHART_TEST_REPORT` names a file, the same line appended to it, which
/// `.ci/run` reads to fail a run whose tool-dependent tests did not run.
pub fn report_ran(test: &str, what: &str) {
    let line = format!("RAN {test}: {what}\n");
    let _ = std::io::stderr().write_all(line.as_bytes());
    if let Some(file) = std::env::var_os("OROCHART_TEST_REPORT") {
        let appended = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&file)
            .and_then(|mut f| f.write_all(line.as_bytes()));
        if let Err(e) = appended {
            panic!("OROCHART_TEST_REPORT {}: {e}", Path::new(&file).display());
        }
    }
}
