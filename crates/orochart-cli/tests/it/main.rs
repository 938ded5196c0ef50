//! Integration tests of the `orochart` binary, in one test binary with shared helpers.

mod argocd;
mod corpus;
mod fleet;
mod golden;
mod lint;
mod parity;
mod render_cli;

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
        .env("KUBECONFIG", "/nonexistent")
        .env_remove("HELM_KUBECONTEXT")
        .env_remove("KUBERNETES_SERVICE_HOST")
        .env_remove("POD_NAMESPACE")
        .envs(env.iter().copied())
        .output()
        .unwrap_or_else(|e| panic!("cannot run orochart: {e}"))
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
