//! Golden cases: `golden/<chart>/<case>/values.yaml` (+ `flags`) rendered by orochart must equal
//! `expected.yaml`, made by real Helm 3.17.2 (`golden/regenerate`), or fail with the first line
//! of `expected-error.txt`. A case without an expected file fails.

use std::path::Path;

use crate::{diff, orochart_with_env, read, read_args, repo_root};

fn cases() -> Vec<std::path::PathBuf> {
    let dir = repo_root().join("golden/orofi-application");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    cases
}

fn check_case(case: &Path, env: &[(&str, &str)]) -> Result<(), String> {
    let name = case
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut args: Vec<String> = vec![
        "render".into(),
        "microservice-identity".into(),
        "--namespace".into(),
        "microservice-identity".into(),
        "-f".into(),
        "values.yaml".into(),
    ];
    args.extend(read_args(&case.join("flags")));
    let out = orochart_with_env(case, &args, env);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = case.join("expected.yaml");
    let expected_err = case.join("expected-error.txt");
    if expected.is_file() {
        if !out.status.success() {
            return Err(format!(
                "{name}: orochart failed where Helm succeeded:\n{stderr}"
            ));
        }
        let want = read(&expected);
        if want != stdout {
            return Err(format!(
                "{name}: output differs from Helm's\n{}",
                diff(&want, &stdout)
            ));
        }
    } else if expected_err.is_file() {
        let want = read(&expected_err);
        let want_first = want.lines().next().unwrap_or("");
        let got_first = stderr.lines().next().unwrap_or("");
        if out.status.success() {
            return Err(format!(
                "{name}: orochart succeeded where Helm failed with {want_first}"
            ));
        }
        if !stdout.is_empty() {
            return Err(format!(
                "{name}: orochart printed to stdout on error:\n{stdout}"
            ));
        }
        if want_first != got_first {
            return Err(format!(
                "{name}: error differs\n  helm:     {want_first}\n  orochart: {got_first}"
            ));
        }
    } else {
        return Err(format!(
            "{name}: no expected.yaml or expected-error.txt (run golden/regenerate)"
        ));
    }
    Ok(())
}

#[test]
fn golden_cases_match_helm() {
    let cases = cases();
    assert!(
        cases.len() >= 15,
        "expected at least 15 golden cases, found {}",
        cases.len()
    );
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| check_case(c, &[]).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} golden cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// The escape hatch from the fast path renders every case the same.
#[test]
fn golden_cases_match_helm_with_minijinja_alone() {
    let env = [("OROCHART_ENGINE", "minijinja")];
    let failures: Vec<String> = cases()
        .iter()
        .filter_map(|c| check_case(c, &env).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
