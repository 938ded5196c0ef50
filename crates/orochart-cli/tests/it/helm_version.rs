//! Choosing the Helm to reproduce: `--helm-version`, env `OROCHART_HELM_VERSION`, the default
//! (the newest Helm 4), and what `--help` says. What each profile prints is checked against
//! real Helm by the golden and parity tests; these check the selection itself.

use crate::{orochart_with_env, read, repo_root};

const CASE: &str = "golden/orofi-application/example-bluegreen";

fn render(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut all = vec![
        "render",
        "microservice-identity",
        "-n",
        "microservice-identity",
    ];
    all.extend(["-f", "values.yaml"]);
    all.extend(args);
    let all: Vec<String> = all.iter().map(|s| (*s).to_owned()).collect();
    orochart_with_env(&repo_root().join(CASE), &all, env)
}

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_default_is_helm_4_3_and_the_flag_and_env_pick_another() {
    let dir = repo_root().join(CASE);
    let helm_4_3 = read(&dir.join("expected-4.3.yaml"));
    let helm_4_2 = read(&dir.join("expected-4.2.yaml"));
    let helm_3_17 = read(&dir.join("expected.yaml"));
    // The three differ (blank lines), so each check below tells the profiles apart.
    assert_ne!(helm_4_3, helm_4_2);
    assert_ne!(helm_4_2, helm_3_17);
    assert_eq!(stdout(&render(&[], &[])), helm_4_3);
    assert_eq!(stdout(&render(&["--helm-version", "3.17"], &[])), helm_3_17);
    assert_eq!(
        stdout(&render(&[], &[("OROCHART_HELM_VERSION", "4.2")])),
        helm_4_2
    );
    // The flag wins over the environment; `v` and a patch release are accepted.
    assert_eq!(
        stdout(&render(
            &["--helm-version", "v3.17.2"],
            &[("OROCHART_HELM_VERSION", "4.2")]
        )),
        helm_3_17
    );
}

#[test]
fn an_unknown_version_is_an_error_listing_the_known_ones() {
    for (args, env, from) in [
        (vec!["--helm-version", "4.4"], vec![], "--helm-version"),
        (
            vec![],
            vec![("OROCHART_HELM_VERSION", "3")],
            "OROCHART_HELM_VERSION",
        ),
    ] {
        let out = render(&args, &env);
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&out.stderr);
        let given = args.get(1).copied().unwrap_or("3");
        assert_eq!(
            stderr.lines().next(),
            Some(
                format!(
                    "Error: {from}: unknown Helm version `{given}`: the known versions are 3.17, 3.18, 3.19, 4.1, 4.2, 4.3"
                )
                .as_str()
            ),
        );
    }
}

#[test]
fn fleet_and_lint_take_the_same_flag() {
    for cmd in ["fleet", "lint"] {
        let out = orochart_with_env(
            &repo_root(),
            &[
                cmd.to_owned(),
                "--helm-version".into(),
                "9.9".into(),
                ".".into(),
            ],
            &[],
        );
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        assert!(
            String::from_utf8_lossy(&out.stderr)
                .starts_with("Error: --helm-version: unknown Helm version `9.9`"),
            "{cmd}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn help_names_the_default_the_profiles_and_argocds_helms() {
    let out = orochart_with_env(&repo_root(), &["render".into(), "--help".into()], &[]);
    let help = String::from_utf8_lossy(&out.stdout);
    for want in [
        "--helm-version <X.Y>",
        "3.17, 3.18, 3.19, 4.1, 4.2,\n4.3 (default: 4.3, the newest Helm 4)",
        "OROCHART_HELM_VERSION",
        "ArgoCD 3.0 bundles Helm 3.17",
        "3.5 Helm 4.2",
    ] {
        assert!(help.contains(want), "render --help lacks {want:?}:\n{help}");
    }
}

/// `tools/get-helm` (which `.ci/run` and `golden/regenerate` loop over) installs a Helm for
/// every profile and no other, and pins the release each profile was measured against.
#[test]
fn get_helm_knows_every_profile_and_its_reference_release() {
    let script = repo_root().join("tools/get-helm");
    let out = std::process::Command::new("bash")
        .arg(&script)
        .arg("--list")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
    let listed = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let all: Vec<&str> = orochart::profile::HelmVersion::ALL
        .iter()
        .map(|v| v.as_str())
        .collect();
    assert_eq!(listed, all.join(" "));
    let text = read(&script);
    for v in orochart::profile::HelmVersion::ALL {
        let reference = v.profile().reference;
        assert!(
            text.contains(&format!("version={reference} ")),
            "tools/get-helm does not install {reference} for profile {v}"
        );
    }
}
