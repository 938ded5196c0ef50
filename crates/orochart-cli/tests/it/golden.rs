//! Golden cases: `golden/<chart>/<case>/values.yaml` (+ `flags`) rendered by orochart with
//! `--helm-version X.Y` must equal `expected-X.Y.yaml`, made by that real Helm
//! (`golden/regenerate`), or fail with the first line of `expected-error-X.Y.txt`. Helm 3.17's
//! files are `expected.yaml` and `expected-error.txt`. Every case needs the files of the default
//! profile (4.3) and of 3.17; the other profiles are checked wherever their files exist.

use std::path::Path;

use orochart::profile::HelmVersion;

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
    // Every profile; Helm 3.17's files have no suffix. 3.17's and the default's are required.
    let failures: Vec<String> = HelmVersion::ALL
        .iter()
        .filter_map(|v| {
            let helm = v.as_str();
            let suffix = match v {
                HelmVersion::V3_17 => String::new(),
                _ => format!("-{helm}"),
            };
            let required = *v == HelmVersion::V3_17 || *v == HelmVersion::default();
            check_profile(case, env, helm, &suffix, required).err()
        })
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n\n"))
    }
}

fn check_profile(
    case: &Path,
    env: &[(&str, &str)],
    helm: &str,
    suffix: &str,
    required: bool,
) -> Result<(), String> {
    let expected = case.join(format!("expected{suffix}.yaml"));
    let expected_err = case.join(format!("expected-error{suffix}.txt"));
    if !required && !expected.is_file() && !expected_err.is_file() {
        return Ok(());
    }
    let name = case
        .file_name()
        .map(|n| format!("{} (Helm {helm})", n.to_string_lossy()))
        .unwrap_or_default();
    let mut args: Vec<String> = vec![
        "render".into(),
        "--helm-version".into(),
        helm.into(),
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
            "{name}: no expected{suffix}.yaml or expected-error{suffix}.txt (run golden/regenerate)"
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
