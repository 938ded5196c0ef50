//! `orochart fleet` on whole repositories: a fleet made of the golden cases (each app must
//! print what real Helm printed for it, failing apps must all be listed), the layout of the
//! GitOps seeds (`environments/<env>/<service>/values.yaml` beside `argocd/` and `clusters/`),
//! and output that does not depend on the thread count.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use crate::{diff, orochart, read, repo_root, write};

fn scratch(name: &str) -> crate::Scratch {
    crate::scratch(&format!("fleet-{name}"))
}

fn fleet(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["fleet".to_owned()];
    all.extend(args.iter().map(|s| (*s).to_owned()));
    orochart(dir, &all)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Splits fleet stdout into `<env>/<service>` → that app's bytes, checking the headers are in
/// sorted order.
fn split_apps(out: &str) -> BTreeMap<String, String> {
    let mut apps: Vec<(String, String)> = Vec::new();
    for line in out.split_inclusive('\n') {
        if let Some(id) = line.strip_prefix("# App: ") {
            apps.push((id.trim_end().to_owned(), String::new()));
        } else {
            let last = apps
                .last_mut()
                .unwrap_or_else(|| panic!("output before the first `# App:` header:\n{out}"));
            last.1.push_str(line);
        }
    }
    // Sorted by environment, then service (so `canary` comes before `canary-no-steps`).
    let ids: Vec<(&str, &str)> = apps
        .iter()
        .map(|(id, _)| id.split_once('/').unwrap_or((id, "")))
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "apps are not printed in sorted order");
    apps.into_iter().collect()
}

/// Golden cases that render with the plain values file (no extra flags), as fleet apps
/// `ROOT/<case>/microservice-identity/values.yaml` (the release the golden files were made for).
/// Returns the cases whose Helm output (the default profile, 4.3) is `expected-4.3.yaml` and
/// those Helm refused.
fn golden_fleet(root: &Path) -> (Vec<String>, Vec<String>) {
    let golden = repo_root().join("golden/orofi-application");
    let mut ok = Vec::new();
    let mut failing = Vec::new();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&golden)
        .unwrap_or_else(|e| panic!("{}: {e}", golden.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("values.yaml").is_file() && !p.join("flags").exists())
        .collect();
    cases.sort();
    for case in cases {
        let name = case
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        write(
            &root.join(&name).join("microservice-identity/values.yaml"),
            &read(&case.join("values.yaml")),
        );
        if case.join("expected-4.3.yaml").is_file() {
            ok.push(name);
        } else if case.join("expected-error-4.3.txt").is_file() {
            failing.push(name);
        }
    }
    assert!(
        ok.len() > 40 && !failing.is_empty(),
        "golden cases missing: {ok:?} {failing:?}"
    );
    (ok, failing)
}

#[test]
fn fleet_of_golden_cases_prints_what_helm_printed_and_lists_every_failure() {
    let root = scratch("golden");
    let (ok, failing) = golden_fleet(&root);
    let golden = repo_root().join("golden/orofi-application");

    // With failing apps: every failure listed, in order, nothing on stdout, exit 1.
    let out = fleet(&root, &[".", "-j", "2"]);
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr(&out));
    assert!(
        out.stdout.is_empty(),
        "stdout on failure:\n{}",
        stdout(&out)
    );
    let err = stderr(&out);
    let listed: Vec<&str> = err.lines().filter(|l| !l.starts_with(' ')).collect();
    let (summary, listed) = listed.split_last().unwrap_or_else(|| panic!("no stderr"));
    assert_eq!(listed.len(), failing.len(), "stderr:\n{err}");
    for (line, case) in listed.iter().zip(&failing) {
        let want = read(&golden.join(case).join("expected-error-4.3.txt"));
        let want = want
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches("Error: ");
        assert_eq!(*line, format!("{case}/microservice-identity: {want}"));
    }
    assert_eq!(
        *summary,
        format!(
            "Error: {} of {n} apps ({n} environments) failed to render",
            failing.len(),
            n = ok.len() + failing.len()
        )
    );

    // Without them: each app's bytes are Helm's.
    for case in &failing {
        std::fs::remove_dir_all(root.join(case)).unwrap_or_else(|e| panic!("{case}: {e}"));
    }
    let out = fleet(&root, &[".", "-j", "2"]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let apps = split_apps(&stdout(&out));
    assert_eq!(apps.len(), ok.len());
    for case in &ok {
        let want = read(&golden.join(case).join("expected-4.3.yaml"));
        let got = &apps[&format!("{case}/microservice-identity")];
        assert!(
            &want == got,
            "{case}: fleet output differs from Helm's\n{}",
            diff(&want, got)
        );
    }
    assert_eq!(
        stderr(&out),
        format!("rendered {n} apps ({n} environments)\n", n = ok.len())
    );

    // As another Helm: `--helm-version 3.17` prints Helm 3.17's bytes.
    let out = fleet(&root, &[".", "-j", "2", "--helm-version", "3.17"]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let apps = split_apps(&stdout(&out));
    let mut differ_from_default = 0;
    for case in &ok {
        let want = read(&golden.join(case).join("expected.yaml"));
        let got = &apps[&format!("{case}/microservice-identity")];
        assert!(
            &want == got,
            "{case}: fleet --helm-version 3.17 differs from Helm 3.17's\n{}",
            diff(&want, got)
        );
        if want != read(&golden.join(case).join("expected-4.3.yaml")) {
            differ_from_default += 1;
        }
    }
    assert!(differ_from_default > 0, "no case tells 3.17 from 4.3");
    let _ = std::fs::remove_dir_all(&root);
}

/// The layout of the GitOps seeds: `environments/<env>/<service>/values.yaml`, next to
/// `argocd/` and `clusters/`, which hold no app folders.
fn seeds_repo(root: &Path) -> Vec<(&'static str, &'static str)> {
    let services = [
        "api-gateway",
        "ml-gateway",
        "notification-worker",
        "order-service",
    ];
    let mut apps = Vec::new();
    for (e, env) in ["production", "staging"].into_iter().enumerate() {
        for (i, service) in services.into_iter().enumerate() {
            let mut values = format!(
                "image:\n  repository: ghcr.io/goreliable/{service}\n  tag: \"v1.{i}.{e}\"\nconfig:\n  APP_ENV: {env}\n"
            );
            if i % 2 == 1 {
                values.push_str("autoscaling:\n  enabled: true\n  maxReplicas: 6\n");
            }
            if env == "production" && i == 3 {
                values.push_str("rollout:\n  enabled: true\n  strategy: canary\n");
            }
            write(
                &root
                    .join("environments")
                    .join(env)
                    .join(service)
                    .join("values.yaml"),
                &values,
            );
            apps.push((env, service));
        }
    }
    write(
        &root.join("argocd/apps/root-app.yaml"),
        "kind: Application\n",
    );
    write(
        &root.join("argocd/appsets/microservices.yaml"),
        "kind: ApplicationSet\n",
    );
    write(
        &root.join("clusters/staging/cluster.yaml"),
        "name: staging\n",
    );
    // A folder without values.yaml is not an app; hidden folders are skipped.
    write(&root.join("environments/staging/README.md"), "notes\n");
    std::fs::create_dir_all(root.join("environments/staging/retired-service"))
        .unwrap_or_else(|e| panic!("{e}"));
    write(
        &root.join("environments/.git/objects/values.yaml"),
        "x: 1\n",
    );
    apps
}

#[test]
fn seeds_layout_renders_each_app_as_render_would() {
    let root = scratch("seeds");
    let apps = seeds_repo(&root);
    let out = fleet(&root, &["environments", "-j", "3"]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    let rendered = split_apps(&stdout(&out));
    let ids: Vec<String> = apps.iter().map(|(e, s)| format!("{e}/{s}")).collect();
    assert_eq!(rendered.keys().cloned().collect::<Vec<_>>(), ids);
    for (env, service) in &apps {
        let dir = root.join("environments").join(env).join(service);
        let args: Vec<String> = ["render", service, "-n", service, "-f", "values.yaml"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let single = orochart(&dir, &args);
        assert!(single.status.success(), "{}", stderr(&single));
        let want = stdout(&single);
        let got = &rendered[&format!("{env}/{service}")];
        assert!(
            &want == got,
            "{env}/{service}: fleet differs from render\n{}",
            diff(&want, got)
        );
        assert!(got.contains(&format!("  namespace: {service}\n")));
    }
    assert_eq!(stderr(&out), "rendered 8 apps (2 environments)\n");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn output_does_not_depend_on_the_thread_count() {
    let root = scratch("threads");
    let (ok, failing) = golden_fleet(&root.join("repo"));
    for case in &failing {
        std::fs::remove_dir_all(root.join("repo").join(case)).unwrap_or_else(|e| panic!("{e}"));
    }
    let one = fleet(&root, &["repo", "-j", "1"]);
    assert!(one.status.success(), "stderr: {}", stderr(&one));
    for threads in ["2", "8"] {
        let many = fleet(&root, &["repo", "--threads", threads]);
        assert!(
            one.stdout == many.stdout,
            "-j {threads} printed different bytes than -j 1"
        );
    }

    let dirs = ["out-1", "out-8"];
    for (dir, threads) in dirs.iter().zip(["1", "8"]) {
        let out = fleet(&root, &["repo", "--output-dir", dir, "-j", threads]);
        assert!(out.status.success(), "stderr: {}", stderr(&out));
        assert!(out.stdout.is_empty());
        assert_eq!(
            stderr(&out),
            format!(
                "wrote {n} apps ({n} environments) to `{dir}`\n",
                n = ok.len()
            )
        );
    }
    let printed = split_apps(&stdout(&one));
    for case in &ok {
        let rel = format!("{case}/microservice-identity.yaml");
        let a = read(&root.join(dirs[0]).join(&rel));
        let b = read(&root.join(dirs[1]).join(&rel));
        assert!(a == b, "{rel}: differs between -j 1 and -j 8");
        assert_eq!(
            a,
            printed[&format!("{case}/microservice-identity")],
            "{rel}"
        );
    }
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn check_writes_nothing_and_failures_write_nothing() {
    let root = scratch("check");
    seeds_repo(&root);
    let env = root.join("environments");

    let out = fleet(&env, &[".", "--check"]);
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr(&out),
        "checked 8 apps (2 environments): all render\n"
    );

    // Three kinds of failure: invalid YAML, a value the chart's schema refuses, a folder name
    // that is not a valid release name. All are listed, in order; nothing is written.
    write(
        &env.join("production/api-gateway/values.yaml"),
        "image: [oops\n",
    );
    write(
        &env.join("staging/order-service/values.yaml"),
        "image:\n  tag: v1\nautoscaling:\n  enabeld: true\n",
    );
    write(
        &env.join("staging/Payments_API/values.yaml"),
        "image:\n  tag: v1\n",
    );
    for args in [
        &[".", "--check"][..],
        &[".", "--output-dir", "../out"][..],
        &["."][..],
    ] {
        let out = fleet(&env, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}: {}", stdout(&out));
        let err = stderr(&out);
        let firsts: Vec<&str> = err
            .lines()
            .filter(|l| !l.starts_with(' '))
            .map(|l| l.split(": ").next().unwrap_or(""))
            .collect();
        assert_eq!(
            firsts,
            [
                "production/api-gateway",
                "staging/Payments_API",
                "staging/order-service",
                "Error"
            ],
            "{args:?}:\n{err}"
        );
        assert!(err.contains("yaml: "), "{err}");
        assert!(err.contains("invalid release name"), "{err}");
        assert!(err.contains("enabeld"), "{err}");
        assert!(
            err.ends_with("Error: 3 of 9 apps (2 environments) failed to render\n"),
            "{err}"
        );
    }
    assert!(
        !root.join("out").exists(),
        "--output-dir wrote files although apps failed"
    );
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_folder_without_apps_is_an_error() {
    let root = scratch("empty");
    write(&root.join("staging/README.md"), "no apps here\n");
    let out = fleet(&root, &["."]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "Error: no app folders under `.`: expected `<env>/<service>/values.yaml` inside it\n"
    );
    let out = fleet(&root, &["missing"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("Error: `missing` is not a folder"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(&root);
}
