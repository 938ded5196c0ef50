//! The README's "First run" walkthrough, run as it is written: the shell block after the
//! `first-run` marker, in an empty folder, with the built `orochart` first on the PATH and
//! `ROOT` set to the repository.

use std::process::Command;

use crate::{read, repo_root};

/// The fenced `sh` block that follows the marker comment.
fn walkthrough() -> String {
    let readme = read(&repo_root().join("README.md"));
    let after = readme
        .split_once("<!-- first-run:")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("README.md lost its first-run marker"));
    let block = after
        .split_once("```sh\n")
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .map(|(block, _)| block)
        .unwrap_or_else(|| panic!("no sh block after the first-run marker"));
    block.to_owned()
}

#[test]
fn the_readme_first_run_works_from_an_empty_folder() {
    let script = walkthrough();
    assert!(
        script.contains("orochart show values > values.yaml"),
        "{script}"
    );
    let dir = std::env::temp_dir().join(format!("orochart-first-run-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_orochart"))
        .parent()
        .map(|p| p.to_path_buf())
        .unwrap_or_default();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .args(["-euo", "pipefail", "-c", &script])
        .current_dir(&dir)
        .env("PATH", path)
        .env("ROOT", repo_root())
        .env_remove("HELM_NAMESPACE")
        .env("KUBECONFIG", "/nonexistent")
        .output()
        .unwrap_or_else(|e| panic!("bash: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let manifests = std::fs::read_to_string(dir.join("manifests.yaml")).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "the walkthrough failed:\n{stdout}\n{stderr}"
    );
    // The first render fails as the README says; the lint line is the README's.
    assert!(
        stderr.contains("Error: execution error at (orofi-application/templates/deployment.yaml:2:4): image.tag is required: set it to the image tag built by CI, e.g. --set image.tag=<commit-sha>"),
        "{stderr}"
    );
    assert!(
        stdout.contains("lint: 0 errors, 0 warnings (release `microservice-identity`, chart `orofi-application`, 5 manifests, 5 validated against schemas)"),
        "{stdout}"
    );
    let kinds: Vec<&str> = manifests
        .lines()
        .filter_map(|l| l.strip_prefix("kind: "))
        .collect();
    assert_eq!(
        kinds,
        [
            "Namespace",
            "ServiceAccount",
            "Service",
            "Deployment",
            "PeerAuthentication"
        ],
        "{manifests}"
    );
    assert!(
        manifests.contains("/orofi/app:1f3c9ab\""),
        "the tag set by the walkthrough:\n{manifests}"
    );
}
