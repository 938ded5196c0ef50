//! The chart corpus (`<repo>/../shared/corpus/charts`: real public charts, unmodified, with
//! their dependencies vendored under `charts/`): every case listed in [`PASSING`] must render
//! byte-identical to real Helm 3.17.2. The corpus is read where it is, never copied in; the
//! test says that it skipped when the corpus or Helm is absent (`OROCHART_SHARED` names the
//! shared folder when it is not beside the repository).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Corpus cases (`chart/case`) that orochart renders exactly as Helm 3.17.2 does. The others
/// wait on functions still missing (`genCA`, `htpasswd`, `now`, …) or on `range` over a
/// `.Files.Glob` result.
const PASSING: &[&str] = &[
    "alertmanager/ci-config-reload",
    "alertmanager/ci-servicemonitor",
    "alertmanager/default",
    "argo-events/ci-test",
    "argo-events/default",
    "argo-rollouts/ci-dashboard",
    "argo-rollouts/ci-extra-objects",
    "argo-rollouts/default",
    "argocd-apps/ci-applications",
    "argocd-apps/ci-applicationsets",
    "argocd-apps/ci-item-templates",
    "cert-manager/default",
    "cert-manager/servicemonitor",
    "grafana/ci-dashboard-json",
    "grafana/ci-nondefault",
    "grafana/default",
    "ingress-nginx/ci-cert-manager-webhooks",
    "ingress-nginx/ci-daemonset-metrics",
    "ingress-nginx/default",
    "istio-base/default",
    "istio-gateway/default",
    "istiod/default",
    "istiod/profile-ambient",
    "keda/default",
    "keda/kube-1.31",
    "kube-prometheus-stack/ci-non-defaults",
    "kube-prometheus-stack/default",
    "kube-prometheus-stack/windows",
    "kube-state-metrics/ci-custom-resource-state",
    "kube-state-metrics/ci-servicemonitor",
    "kube-state-metrics/default",
    "prometheus-adapter/ci-external-rules",
    "prometheus-adapter/default",
    "prometheus-blackbox-exporter/ci-daemonset",
    "prometheus-blackbox-exporter/ci-secret",
    "prometheus-blackbox-exporter/default",
    "prometheus-node-exporter/ci-networkpolicy",
    "prometheus-node-exporter/ci-rbac-proxy-tls",
    "prometheus-node-exporter/default",
    "promtail/ci-deployment",
    "promtail/ci-netpol",
    "promtail/default",
];

fn corpus() -> Option<PathBuf> {
    let shared = std::env::var_os("OROCHART_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::repo_root().join("../shared"));
    let dir = shared.join("corpus/charts");
    dir.is_dir().then_some(dir)
}

fn helm() -> Option<PathBuf> {
    let p = PathBuf::from(std::env::var_os("OROCHART_HELM")?);
    p.is_file().then_some(p)
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

fn run(program: &Path, sub: &str, release: &str, chart: &Path, args: &[String]) -> (bool, Vec<u8>) {
    let out = Command::new(program)
        .arg(sub)
        .arg(release)
        .arg(chart)
        .args(args)
        .env_remove("HELM_NAMESPACE")
        .env("KUBECONFIG", "/nonexistent")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    (out.status.success(), out.stdout)
}

#[test]
fn corpus_cases_render_as_helm_does() {
    let (Some(corpus), Some(helm)) = (corpus(), helm()) else {
        eprintln!(
            "SKIPPED corpus_cases_render_as_helm_does: needs the corpus (../shared or OROCHART_SHARED) and Helm 3.17.2 (OROCHART_HELM)"
        );
        return;
    };
    let orochart = PathBuf::from(env!("CARGO_BIN_EXE_orochart"));
    let mut failures = Vec::new();
    for name in PASSING {
        let Some((chart_id, case)) = name.split_once('/') else {
            continue;
        };
        let chart = corpus.join(chart_id).join("chart");
        let case_dir = corpus.join(chart_id).join("cases").join(case);
        let (release, args) = case_args(chart_id, &case_dir);
        let want = run(&helm, "template", &release, &chart, &args);
        let got = run(&orochart, "render", &release, &chart, &args);
        if !want.0 || want != got {
            failures.push(format!(
                "{name}: helm ok={} ({} bytes), orochart ok={} ({} bytes)\n{}",
                want.0,
                want.1.len(),
                got.0,
                got.1.len(),
                crate::diff(
                    &String::from_utf8_lossy(&want.1),
                    &String::from_utf8_lossy(&got.1)
                )
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} corpus cases differ from Helm:\n\n{}",
        failures.len(),
        PASSING.len(),
        failures.join("\n\n")
    );
}
