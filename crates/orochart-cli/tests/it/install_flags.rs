//! `helm template`'s install and repository flags where Helm would reach a cluster, a chart
//! repository or the DNS: orochart fails, saying so, with nothing on stdout (the parity cases
//! `flags-*` check the rest against real Helm). Where the message is Helm's own and holds an
//! absolute path (`--verify` of an archive), Helm and orochart run in the same folder and
//! their errors are compared, when this machine has the Helm.

use std::path::Path;
use std::process::{Command, Output};

use crate::{orochart_with_env, scratch, write};

const CHART_YAML: &str = "apiVersion: v2\nname: parity\nversion: 0.1.0\n";

/// A chart folder `chart/` in a fresh scratch folder, with one template.
fn chart_with(name: &str, template: &str) -> crate::Scratch {
    let dir = scratch(&format!("it-flags-{name}"));
    write(&dir.join("chart/Chart.yaml"), CHART_YAML);
    write(&dir.join("chart/templates/cm.yaml"), template);
    std::fs::create_dir_all(dir.join("home")).unwrap_or_else(|e| panic!("{e}"));
    dir
}

const CONFIGMAP: &str = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n";

/// `orochart render x CHART ARGS --helm-version HELM` in `dir`, with `HOME` in it.
fn render(dir: &Path, helm: &str, chart: &str, args: &[&str]) -> Output {
    let mut all: Vec<String> = ["render", "x", chart, "--helm-version", helm]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    all.extend(args.iter().map(|s| (*s).to_owned()));
    let home = dir.join("home");
    let home = home.to_string_lossy();
    orochart_with_env(dir, &all, &[("HOME", &home)])
}

/// The failure's first `Error: ` line, after checking it failed with nothing on stdout.
fn refused(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    stderr
        .lines()
        .find(|l| l.starts_with("Error: "))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn flags_that_check_against_a_cluster_are_refused() {
    let dir = chart_with("cluster", CONFIGMAP);
    for helm in ["3.17", "4.3"] {
        let err = refused(&render(&dir, helm, "chart", &["--validate"]));
        assert!(
            err.starts_with("Error: orochart never contacts a cluster: --validate makes Helm check the manifests against the cluster"),
            "{helm}: {err}"
        );
    }
    for helm in ["4.1", "4.2", "4.3"] {
        let err = refused(&render(&dir, helm, "chart", &["--dry-run=server"]));
        assert!(
            err.starts_with("Error: orochart never contacts a cluster: --dry-run=server"),
            "{helm}: {err}"
        );
    }
}

#[test]
fn helm_3_server_dry_run_refuses_lookup_only() {
    let dir = chart_with(
        "lookup",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  ns: {{ lookup \"v1\" \"Namespace\" \"\" \"default\" | toJson | quote }}\n",
    );
    for value in ["server", "none", "false"] {
        let arg = format!("--dry-run={value}");
        let err = refused(&render(&dir, "3.19", "chart", &[&arg]));
        assert!(
            err.contains("error calling lookup: orochart never contacts a cluster"),
            "{err}"
        );
    }
    // Without the cluster, Helm's lookup finds nothing.
    let out = render(&dir, "3.19", "chart", &["--dry-run=client"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("ns: \"{}\""));
}

#[test]
fn chart_downloads_are_refused() {
    let dir = chart_with("repo", CONFIGMAP);
    // Helm 4 looks the chart up in the repository even though `chart` exists here.
    let err = refused(&render(
        &dir,
        "4.3",
        "chart",
        &["--repo", "https://charts.example.com"],
    ));
    assert!(
        err.starts_with("Error: orochart never downloads charts: with --repo, Helm 4.3 looks `chart` up in `https://charts.example.com`"),
        "{err}"
    );
    // Helm 3 uses a local chart, but a name that is not one is looked up in the repository.
    let err = refused(&render(
        &dir,
        "3.17",
        "nginx",
        &["--repo", "https://charts.example.com"],
    ));
    assert!(
        err.starts_with("Error: orochart never downloads charts: `nginx` is not a local chart"),
        "{err}"
    );
    // A path that does not exist is Helm's own error, repository or not.
    let err = refused(&render(
        &dir,
        "3.17",
        "./nginx",
        &["--repo", "https://charts.example.com"],
    ));
    assert_eq!(err, "Error: path \"./nginx\" not found");
}

#[test]
fn dependency_update_refuses_to_download_a_missing_dependency() {
    let dir = chart_with("deps", CONFIGMAP);
    write(
        &dir.join("chart/Chart.yaml"),
        &format!("{CHART_YAML}dependencies:\n  - name: sub\n    version: 0.1.0\n    repository: https://charts.example.com\n  - name: other\n    version: 1.0.0\n    repository: file://../other\n"),
    );
    for helm in ["3.17", "4.3"] {
        let err = refused(&render(&dir, helm, "chart", &["--dependency-update"]));
        assert_eq!(
            err,
            "Error: orochart never downloads dependencies: --dependency-update would make Helm fetch `sub`, `other` into `charts/`; run `helm dependency build` first",
            "{helm}"
        );
    }
}

#[test]
fn enable_dns_resolves_addresses_and_refuses_names() {
    let dir = chart_with(
        "dns",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ getHostByName \"10.0.0.1\" | quote }}\n  b: {{ getHostByName \"localhost\" | quote }}\n",
    );
    let err = refused(&render(&dir, "4.3", "chart", &["--enable-dns"]));
    assert!(
        err.contains("error calling getHostByName: orochart resolves no host names, and with --enable-dns Helm looks `localhost` up"),
        "{err}"
    );
    // Without --enable-dns, Helm resolves nothing: "".
    let out = render(&dir, "4.3", "chart", &[]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("a: \"\"\n  b: \"\"\n"), "{stdout}");
}

/// Runs the real Helm of `profile` as `helm template x CHART ARGS` in `dir`, as the parity
/// tests run it (a clean environment, `HOME` in `dir`).
fn helm(profile: &str, dir: &Path, chart: &str, args: &[&str]) -> Option<Output> {
    let helm = crate::parity::helm_for(profile)?;
    let out = Command::new(helm)
        .current_dir(dir)
        .env_clear()
        .env("HOME", dir.join("home"))
        .env("KUBECONFIG", "/nonexistent")
        .args(["template", "x", chart])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run helm: {e}"));
    Some(out)
}

fn first_error(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .find(|l| l.starts_with("Error: "))
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn verify_of_an_archive_fails_as_helm_fails_up_to_the_signature() {
    let dir = chart_with("verify", CONFIGMAP);
    let archive = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/parity/chartmodel-archive-root/chart.tgz");
    std::fs::copy(&archive, dir.join("chart.tgz")).unwrap_or_else(|e| panic!("{e}"));
    let abs = dir.join("chart.tgz").to_string_lossy().into_owned();
    let mut compared = 0;
    for profile in ["3.17", "4.3"] {
        let _ = std::fs::remove_file(dir.join("chart.tgz.prov"));
        // No provenance file; then one, but the keyring (by default in ~/.gnupg) is missing.
        let no_prov = refused(&render(&dir, profile, "chart.tgz", &["--verify"]));
        assert_eq!(
            no_prov,
            format!("Error: could not load provenance file {abs}.prov: stat {abs}.prov: no such file or directory")
        );
        write(&dir.join("chart.tgz.prov"), "not a signature\n");
        let no_keyring = refused(&render(&dir, profile, "chart.tgz", &["--verify"]));
        let home = dir.join("home").to_string_lossy().into_owned();
        assert_eq!(
            no_keyring,
            format!("Error: failed to load keyring: open {home}/.gnupg/pubring.gpg: no such file or directory")
        );
        if let Some(helm_out) = helm(profile, &dir, "chart.tgz", &["--verify"]) {
            assert_eq!(first_error(&helm_out), no_keyring, "Helm {profile}");
            std::fs::remove_file(dir.join("chart.tgz.prov")).unwrap_or_else(|e| panic!("{e}"));
            let helm_out = helm(profile, &dir, "chart.tgz", &["--verify"]);
            assert_eq!(
                helm_out.map(|o| first_error(&o)),
                Some(no_prov),
                "Helm {profile}"
            );
            compared += 1;
        }
        // With a keyring, Helm would check the signature: orochart refuses.
        write(&dir.join("chart.tgz.prov"), "not a signature\n");
        write(&dir.join("keys.gpg"), "not a keyring\n");
        let err = refused(&render(
            &dir,
            profile,
            "chart.tgz",
            &["--verify", "--keyring", "keys.gpg"],
        ));
        assert!(
            err.starts_with(
                "Error: orochart does not check provenance signatures: --verify would check"
            ),
            "{err}"
        );
    }
    if compared == 0 {
        crate::skip_without(
            "install_flags::verify_of_an_archive_fails_as_helm_fails_up_to_the_signature",
            "Helm 3.17 or 4.3",
            "tools/get-helm 3.17 and 4.3 (only orochart's side was checked)",
        );
    }
}

#[test]
fn template_is_render() {
    let dir = chart_with("alias", CONFIGMAP);
    let home = dir.join("home");
    let home = home.to_string_lossy();
    let args = |cmd: &str| -> Vec<String> {
        [cmd, "x", "chart", "--timeout", "5m", "--create-namespace"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    };
    let render = orochart_with_env(&dir, &args("render"), &[("HOME", &home)]);
    let template = orochart_with_env(&dir, &args("template"), &[("HOME", &home)]);
    assert!(render.status.success());
    assert_eq!(render.stdout, template.stdout);
}
