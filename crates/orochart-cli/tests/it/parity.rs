//! Parity with real Helm: each case in `tests/parity/<case>/` is one behaviour, written as a
//! Go-template chart (`gotpl/`) and its minijinja twin (`jinja/`), or as one `chart/` valid in
//! both. Helm renders the first, orochart the second, with the same arguments (`args`); stdout
//! and exit status must be identical, and on failure the first stderr line too. With
//! `--output-dir`, the written trees must be identical as well.
//!
//! Needs Helm 3.17.2: `OROCHART_HELM` (set by `.ci/run`), else the cache `tools/get-helm` fills.
//! Without it the test prints that it skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{diff, read, read_args};

fn helm() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("OROCHART_HELM") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    let p = cache.join("orochart-ref/helm3/helm");
    p.is_file().then_some(p)
}

struct Run {
    code: Option<i32>,
    stdout: String,
    first_err: String,
    tree: Vec<(String, String)>,
}

fn tree(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            tree(&p, base, out);
        } else {
            let rel = p
                .strip_prefix(base)
                .unwrap_or(&p)
                .to_string_lossy()
                .into_owned();
            out.push((rel, read(&p)));
        }
    }
    out.sort();
}

/// Runs one side in a scratch copy of the case folder, so `--output-dir` writes stay apart.
fn run_side(
    case: &Path,
    chart: &str,
    scratch: &Path,
    exec: &dyn Fn(&Path, &[String]) -> std::process::Output,
) -> Run {
    let _ = std::fs::remove_dir_all(scratch);
    copy_dir(case, scratch);
    let release = std::fs::read_to_string(case.join("release"))
        .map(|s| s.trim_end_matches('\n').to_owned())
        .unwrap_or_else(|_| "parity".into());
    let mut args = vec!["template".to_owned(), release, chart.to_owned()];
    args.extend(read_args(&case.join("args")));
    let out = exec(scratch, &args);
    let mut t = Vec::new();
    let outdir = args
        .iter()
        .position(|a| a == "--output-dir")
        .and_then(|i| args.get(i + 1));
    if let Some(d) = outdir {
        tree(&scratch.join(d), &scratch.join(d), &mut t);
    }
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        // The error line: the first `Error: …` line (`--debug` logs come before it), else
        // the first line.
        first_err: {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let mut lines = stderr.lines();
            stderr
                .lines()
                .find(|l| l.starts_with("Error: "))
                .or_else(|| lines.next())
                .unwrap_or("")
                .to_owned()
        },
        tree: t,
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for e in std::fs::read_dir(from).into_iter().flatten().flatten() {
        let p = e.path();
        let dest = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        }
    }
}

/// The case's `env` file: `NAME=value` lines, added to the clean environment of both runs.
fn case_env(case: &Path) -> Vec<(String, String)> {
    read_args(&case.join("env"))
        .iter()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

fn check(case: &Path, helm: &Path, scratch: &Path) -> Result<(), String> {
    let name = case
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (go_chart, mj_chart) = if case.join("chart").is_dir() {
        ("chart", "chart")
    } else if case.join("chart.tgz").is_file() {
        ("chart.tgz", "chart.tgz")
    } else {
        ("gotpl", "jinja")
    };
    // Both run in the same clean environment: HELM_NAMESPACE or a kubeconfig namespace would
    // change `.Release.Namespace` when no `-n` is given. The case's `env` file adds to it.
    let home = scratch.join("home");
    let _ = std::fs::create_dir_all(&home);
    let env = case_env(case);
    let clean = |cmd: &mut Command| {
        cmd.env_clear()
            .env("HOME", &home)
            .env("KUBECONFIG", "/nonexistent")
            .envs(env.iter().map(|(k, v)| (k, v)));
    };
    let helm_run = run_side(case, go_chart, &scratch.join("helm"), &|dir, args| {
        let mut cmd = Command::new(helm);
        clean(cmd.current_dir(dir).args(args));
        cmd.output()
            .unwrap_or_else(|e| panic!("cannot run helm: {e}"))
    });
    let oro_run = run_side(case, mj_chart, &scratch.join("orochart"), &|dir, args| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_orochart"));
        clean(cmd.current_dir(dir).arg("render").args(&args[1..]));
        cmd.output()
            .unwrap_or_else(|e| panic!("cannot run orochart: {e}"))
    });
    if helm_run.code != oro_run.code {
        return Err(format!(
            "{name}: exit status differs: helm {:?} ({}), orochart {:?} ({})",
            helm_run.code, helm_run.first_err, oro_run.code, oro_run.first_err
        ));
    }
    if helm_run.stdout != oro_run.stdout {
        return Err(format!(
            "{name}: stdout differs\n{}",
            diff(&helm_run.stdout, &oro_run.stdout)
        ));
    }
    if helm_run.code != Some(0) && helm_run.first_err != oro_run.first_err {
        return Err(format!(
            "{name}: error differs\n  helm:     {}\n  orochart: {}",
            helm_run.first_err, oro_run.first_err
        ));
    }
    if helm_run.tree != oro_run.tree {
        let h: String = helm_run
            .tree
            .iter()
            .map(|(p, c)| format!("== {p}\n{c}"))
            .collect();
        let o: String = oro_run
            .tree
            .iter()
            .map(|(p, c)| format!("== {p}\n{c}"))
            .collect();
        return Err(format!(
            "{name}: --output-dir trees differ\n{}",
            diff(&h, &o)
        ));
    }
    Ok(())
}

#[test]
fn parity_with_helm() {
    let Some(helm) = helm() else {
        eprintln!("SKIPPED parity_with_helm: Helm 3.17.2 not found (set OROCHART_HELM or run tools/get-helm)");
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/parity");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let scratch = std::env::temp_dir().join(format!("orochart-parity-{}", std::process::id()));
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|c| {
            let name = c
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            check(c, &helm, &scratch.join(name)).err()
        })
        .collect();
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(
        failures.is_empty(),
        "{} of {} parity cases differ from Helm:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
