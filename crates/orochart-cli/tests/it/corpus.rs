//! The chart corpus (`<repo>/../shared/corpus/charts`: 34 real public charts, unmodified, with
//! their dependencies vendored under `charts/`, and 82 cases): every case must render
//! byte-identical to real Helm, for the default profile (4.3, against Helm 4.3.1), for
//! 3.17 (against Helm 3.17.2) and for 3.18 (against Helm v3.18.0, whose `json.Number` values
//! change 19 of the 82 cases), plus a few cases of ours on the corpus's charts ([`VARIANTS`]).
//! What the two log on stderr must be the same too (promtail's deprecation warning; none of
//! the cases makes Helm log several warnings in one pass, whose order would be Go's map
//! order).
//! The corpus is read where it is, never copied in
//! (`OROCHART_SHARED` names the shared folder when it is not beside the repository).
//! Without the corpus or that Helm the test prints `SKIPPED …` where `cargo test` shows it
//! (and fails when `CI=true`); when it runs it prints `RAN …` for `.ci/run` to check.

use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus() -> Option<PathBuf> {
    let shared = std::env::var_os("OROCHART_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::repo_root().join("../shared"));
    let dir = shared.join("corpus/charts");
    dir.is_dir().then_some(dir)
}

/// The Helm of `profile`: `OROCHART_HELM_X_Y` (for 3.17 also `OROCHART_HELM`), as `.ci/run`
/// exports them.
fn helm(profile: &str) -> Option<PathBuf> {
    let var = format!("OROCHART_HELM_{}", profile.replace('.', "_"));
    let given = std::env::var_os(&var).or_else(|| {
        (profile == "3.17")
            .then(|| std::env::var_os("OROCHART_HELM"))
            .flatten()
    })?;
    let p = PathBuf::from(given);
    p.is_file().then_some(p)
}

/// Cases of our own on corpus charts: `(chart id, case, extra arguments)`, the case's
/// arguments followed by these. Each reaches templates the corpus's cases leave off.
const VARIANTS: &[(&str, &str, &[&str])] = &[
    // The CRD upgrade job ships the CRDs as a bzip2 file, `.Files.Get "files/crds.bz2" |
    // b64enc`: a binary file read as a Go string, whose bytes must be kept.
    (
        "kube-prometheus-stack",
        "default",
        &["--set", "crds.upgradeJob.enabled=true"],
    ),
];

/// Every case of the corpus, as `(chart id, case folder)`, sorted.
fn cases(corpus: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for chart in std::fs::read_dir(corpus).into_iter().flatten().flatten() {
        let cases_dir = chart.path().join("cases");
        for case in std::fs::read_dir(&cases_dir)
            .into_iter()
            .flatten()
            .flatten()
        {
            if case.path().is_dir() {
                out.push((
                    chart.file_name().to_string_lossy().into_owned(),
                    case.path(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// The corpus tool's arguments for a case: `-n NS`, each `values*.yaml` as `-f` in name
/// order, then the `flags` lines.
fn case_args(chart_id: &str, case: &Path) -> (String, Vec<String>) {
    let (mut release, mut namespace) = (chart_id.to_owned(), "default".to_owned());
    if let Ok(text) = std::fs::read_to_string(case.join("release")) {
        let mut words = text.split_whitespace();
        if let (Some(r), Some(n)) = (words.next(), words.next()) {
            (release, namespace) = (r.to_owned(), n.to_owned());
        }
    }
    let mut args = vec!["-n".to_owned(), namespace];
    let mut files: Vec<String> = std::fs::read_dir(case)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|f| f.starts_with("values") && (f.ends_with(".yaml") || f.ends_with(".yml")))
        .collect();
    files.sort();
    for f in files {
        args.push("-f".into());
        args.push(case.join(f).to_string_lossy().into_owned());
    }
    if let Ok(text) = std::fs::read_to_string(case.join("flags")) {
        args.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned),
        );
    }
    (release, args)
}

/// Whether the run succeeded, its stdout and its stderr.
fn run(
    program: &Path,
    sub: &str,
    release: &str,
    chart: &Path,
    args: &[String],
) -> (bool, Vec<u8>, Vec<u8>) {
    let out = Command::new(program)
        .arg(sub)
        .arg(release)
        .arg(chart)
        .args(args)
        .env_remove("HELM_NAMESPACE")
        .env_remove("OROCHART_HELM_VERSION")
        .env_remove("OROCHART_TEMPLATE_DIALECT")
        .env("KUBECONFIG", "/nonexistent")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    (out.status.success(), out.stdout, out.stderr)
}

/// Renders every case with `profile`'s Helm and with orochart as that profile, on as many
/// threads as there are CPUs, and fails listing each case whose bytes differ.
fn corpus_for(profile: &str) {
    let test = format!(
        "corpus::corpus_renders_as_helm_{}",
        profile.replace('.', "_")
    );
    let Some(corpus) = corpus() else {
        crate::skip_without(
            &test,
            "the chart corpus",
            "it is ../shared/corpus/charts beside the repository, or set OROCHART_SHARED",
        );
        return;
    };
    let Some(helm) = helm(profile) else {
        crate::skip_without(
            &test,
            &format!("Helm {profile}"),
            &format!(
                "set OROCHART_HELM_{}, or run tools/get-helm {profile}",
                profile.replace('.', "_")
            ),
        );
        return;
    };
    let orochart = PathBuf::from(env!("CARGO_BIN_EXE_orochart"));
    let cases = cases(&corpus);
    assert!(!cases.is_empty(), "no cases under {}", corpus.display());
    let corpus_cases = cases.len();
    let mut runs: Vec<(String, PathBuf, &[&str])> = cases
        .into_iter()
        .map(|(chart, dir)| (chart, dir, &[][..]))
        .collect();
    for (chart, case, extra) in VARIANTS {
        let dir = corpus.join(chart).join("cases").join(case);
        assert!(dir.is_dir(), "no corpus case {}", dir.display());
        runs.push(((*chart).to_owned(), dir, extra));
    }
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((chart_id, case_dir, extra)) = runs.get(i) else {
                    break;
                };
                let chart = corpus.join(chart_id).join("chart");
                let (release, mut args) = case_args(chart_id, case_dir);
                args.extend(extra.iter().map(|a| (*a).to_owned()));
                let want = run(&helm, "template", &release, &chart, &args);
                args.extend(["--helm-version".to_owned(), profile.to_owned()]);
                let got = run(&orochart, "render", &release, &chart, &args);
                if !want.0 || want != got {
                    let name = format!(
                        "{chart_id}/{}{}",
                        case_dir.file_name().unwrap_or_default().to_string_lossy(),
                        if extra.is_empty() {
                            String::new()
                        } else {
                            format!(" {}", extra.join(" "))
                        }
                    );
                    failures
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(format!(
                            "{name}: helm ok={} ({} bytes), orochart ok={} ({} bytes)\n{}",
                            want.0,
                            want.1.len(),
                            got.0,
                            got.1.len(),
                            if want.1 == got.1 {
                                // The same bytes: what Helm logs differs (the deprecated
                                // chart's warning, the coalescing warnings).
                                format!(
                                    "stderr:\n{}",
                                    crate::diff(
                                        &String::from_utf8_lossy(&want.2),
                                        &String::from_utf8_lossy(&got.2)
                                    )
                                )
                            } else {
                                crate::diff(
                                    &String::from_utf8_lossy(&want.1),
                                    &String::from_utf8_lossy(&got.1),
                                )
                            }
                        ));
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    failures.sort();
    crate::report_ran(
        &test,
        &format!(
            "{corpus_cases} corpus cases (+{} of ours) against {}",
            VARIANTS.len(),
            helm.display()
        ),
    );
    assert!(
        failures.is_empty(),
        "{} of {} corpus runs differ from Helm {profile}:\n\n{}",
        failures.len(),
        runs.len(),
        failures.join("\n\n")
    );
}

#[test]
fn corpus_renders_as_helm_4_3() {
    corpus_for("4.3");
}

#[test]
fn corpus_renders_as_helm_3_17() {
    corpus_for("3.17");
}

/// Helm v3.18.0 reads the charts' numbers as `json.Number`s, which changes most of the
/// corpus's output (`minReadySeconds: 0` printed, `1000000` whole): the profile's own check.
#[test]
fn corpus_renders_as_helm_3_18() {
    corpus_for("3.18");
}
