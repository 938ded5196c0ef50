//! `orochart diff` on generated git repositories: the done-when scenario (a 1,000-app
//! repository where one commit bumps a tag, changes a config, adds and removes an app, and the
//! next changes the chart), failures at HEAD and fixes, shallow clones, folders and formats.

use std::path::Path;
use std::process::{Command, Output};

use crate::{orochart, repo_root, write};

fn scratch(name: &str) -> crate::Scratch {
    crate::scratch(&format!("diff-{name}"))
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.invalid"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("git: {e}"));
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn commit(dir: &Path, message: &str) -> String {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", message]);
    git(dir, &["rev-parse", "HEAD"]).trim().to_owned()
}

fn diff(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["diff".to_owned()];
    all.extend(args.iter().map(|s| (*s).to_owned()));
    orochart(dir, &all)
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The values of generated service `i`: every fifth has a `config` (a ConfigMap whose
/// checksum the Deployment's pod template carries).
fn values(env: &str, i: usize) -> String {
    let mut v = format!(
        "# service {i} in {env}\nimage:\n  repository: registry.example/team/svc-{i:04}\n  tag: \"v1.{i}.0\"\n\nreplicaCount: {}\npodLabels:\n  team: team-{}\n",
        1 + i % 3,
        i % 7
    );
    if i % 5 == 2 {
        v.push_str("config:\n  LOG_LEVEL: info\n  FEATURE_X: \"on\"\n");
    }
    v
}

/// Copies a folder tree.
fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if src.is_dir() {
            copy_tree(&src, &dst);
        } else {
            write(&dst, &crate::read(&src));
        }
    }
}

/// The IDs (`env/service`) and statuses of a JSON diff's apps.
fn apps(d: &serde_json::Value) -> Vec<(String, String)> {
    d["apps"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| {
                    let s = |k: &str| x[k].as_str().unwrap_or_default().to_owned();
                    (s("app"), s("status"))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Every `(kind, status, field path)` of one app of a JSON diff.
fn fields(d: &serde_json::Value, app: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for a in d["apps"].as_array().into_iter().flatten() {
        if a["app"] != app {
            continue;
        }
        for r in a["resources"].as_array().into_iter().flatten() {
            let kind = r["kind"].as_str().unwrap_or_default().to_owned();
            let status = r["status"].as_str().unwrap_or_default().to_owned();
            let fs = r["fields"].as_array().cloned().unwrap_or_default();
            if fs.is_empty() {
                out.push((kind.clone(), status.clone(), String::new()));
            }
            for f in fs {
                out.push((
                    kind.clone(),
                    status.clone(),
                    f["path"].as_str().unwrap_or_default().to_owned(),
                ));
            }
        }
    }
    out
}

#[test]
fn a_thousand_app_repository_reports_exactly_the_changes_made() {
    let repo = scratch("fleet");
    git(&repo, &["init", "-q"]);
    copy_tree(
        &repo_root().join("charts/orofi-application"),
        &repo.join("charts/app"),
    );
    let envs = ["dev", "prod", "qa", "staging"];
    for env in envs {
        for i in 0..250 {
            write(
                &repo.join(format!("envs/{env}/svc-{i:04}/values.yaml")),
                &values(env, i),
            );
        }
    }
    let c0 = commit(&repo, "1,000 apps");

    // One commit: a tag bump, a config change, an app added, an app removed.
    let bump = repo.join("envs/prod/svc-0010/values.yaml");
    write(&bump, &crate::read(&bump).replace("v1.10.0", "v1.10.1"));
    let config = repo.join("envs/dev/svc-0012/values.yaml");
    write(
        &config,
        &crate::read(&config).replace("LOG_LEVEL: info", "LOG_LEVEL: debug"),
    );
    // A copy of another app's values: the two share one git blob.
    write(&repo.join("envs/qa/svc-new/values.yaml"), &values("qa", 1));
    std::fs::remove_dir_all(repo.join("envs/staging/svc-0100")).unwrap_or_else(|e| panic!("{e}"));
    let c1 = commit(&repo, "bump, config, add, remove");

    // The next: a chart change that touches every app.
    let chart_yaml = repo.join("charts/app/Chart.yaml");
    write(
        &chart_yaml,
        &crate::read(&chart_yaml).replace("version: 0.1.0", "version: 0.2.0"),
    );
    let c2 = commit(&repo, "chart 0.2.0");
    let status_before = git(&repo, &["status", "--porcelain"]);

    let out = diff(
        &repo,
        &[
            &c0,
            &c1,
            "--root",
            "envs",
            "--chart",
            "charts/app",
            "-o",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let d = json(&out);
    assert_eq!(
        apps(&d),
        [
            ("dev/svc-0012".into(), "changed".into()),
            ("prod/svc-0010".into(), "changed".into()),
            ("qa/svc-new".into(), "added".into()),
            ("staging/svc-0100".into(), "removed".into()),
        ]
    );
    // Only the four apps were rendered (three at each side): no chart change, no other app.
    assert_eq!(d["rendered"], 6);
    assert_eq!(d["chart_changed"], false);
    assert_eq!(
        (d["apps_at_base"].as_u64(), d["apps_at_head"].as_u64()),
        (Some(1000), Some(1000))
    );
    let tag = fields(&d, "prod/svc-0010");
    assert!(
        tag.contains(&(
            "Deployment".into(),
            "changed".into(),
            "spec.template.spec.containers[name=app].image".into()
        )),
        "{tag:?}"
    );
    let cfg = fields(&d, "dev/svc-0012");
    assert_eq!(
        cfg,
        [
            (
                "ConfigMap".into(),
                "changed".into(),
                "data.LOG_LEVEL".into()
            ),
            (
                "Deployment".into(),
                "changed".into(),
                "spec.template.metadata.annotations.\"checksum/config\"".into()
            ),
        ]
    );
    let removed = fields(&d, "staging/svc-0100");
    assert!(
        removed.iter().all(|(_, s, _)| s == "removed") && removed.len() >= 4,
        "{removed:?}"
    );
    let added = fields(&d, "qa/svc-new");
    assert!(
        added.iter().all(|(_, s, _)| s == "added") && added.len() >= 4,
        "{added:?}"
    );

    // The chart change: every app at HEAD changes, by the chart label only.
    let out = diff(
        &repo,
        &[
            &c1,
            &c2,
            "--root",
            "envs",
            "--chart",
            "charts/app",
            "-o",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let d = json(&out);
    assert_eq!(d["chart_changed"], true);
    let all = apps(&d);
    assert_eq!(all.len(), 1000);
    assert!(all.iter().all(|(_, s)| s == "changed"));
    for a in d["apps"].as_array().into_iter().flatten() {
        for r in a["resources"].as_array().into_iter().flatten() {
            for f in r["fields"].as_array().into_iter().flatten() {
                let path = f["path"].as_str().unwrap_or_default();
                assert!(path.ends_with("\"helm.sh/chart\""), "{}: {path}", a["app"]);
                assert_eq!(f["new"], format!("orofi-application-0.2.0"));
            }
        }
    }

    // As a pull-request comment: within GitHub's limit, saying what was left out.
    let out = diff(
        &repo,
        &[
            &c1,
            &c2,
            "--root",
            "envs",
            "--chart",
            "charts/app",
            "-o",
            "markdown",
        ],
    );
    let md = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        md.chars().count() <= 65_536,
        "{} characters",
        md.chars().count()
    );
    assert!(
        md.contains("> **Truncated** to fit a 65536-character comment"),
        "{md}"
    );
    assert!(
        md.starts_with("### orochart diff\n\n1000 apps changed (1000 apps at"),
        "{md}"
    );

    // From the top folder (no --root): the chart folder's values.yaml is not an app.
    let out = diff(&repo, &[&c0, &c1, "--chart", "charts/app"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no app folders under `.`"),
        "{}",
        stderr(&out)
    );

    // The same revision twice: no change, exit 0.
    let out = diff(
        &repo,
        &[&c2, &c2, "--root", "envs", "--chart", "charts/app"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // Nothing was checked out or written.
    assert_eq!(git(&repo, &["status", "--porcelain"]), status_before);
    assert_eq!(git(&repo, &["rev-parse", "HEAD"]).trim(), c2);
    let _ = std::fs::remove_dir_all(&repo);
}

/// A small repository: `envs/dev/{a,b}` with the built-in chart.
fn small_repo(name: &str) -> crate::Scratch {
    let repo = scratch(name);
    git(&repo, &["init", "-q"]);
    write(&repo.join("envs/dev/a/values.yaml"), &values("dev", 1));
    write(
        &repo.join("envs/dev/b/values.yaml"),
        "replicaCount: [oops\n",
    );
    commit(&repo, "a renders, b does not");
    repo
}

#[test]
fn an_app_failing_at_head_is_an_error_and_one_fixed_is_reported() {
    let repo = small_repo("fail");
    // b is broken at BASE and fixed at HEAD; a breaks at HEAD.
    write(&repo.join("envs/dev/b/values.yaml"), &values("dev", 2));
    commit(&repo, "fix b");
    let out = diff(&repo, &["HEAD~1", "HEAD", "--root", "envs", "-o", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let d = json(&out);
    assert_eq!(apps(&d), [("dev/b".into(), "fixed".into())]);

    write(
        &repo.join("envs/dev/a/values.yaml"),
        "autoscaling: {enabled: maybe}\n",
    );
    commit(&repo, "break a");
    let out = diff(&repo, &["HEAD~1", "HEAD", "--root", "envs"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(
        err.starts_with("Error: 1 app fails to render at `HEAD`:\n  dev/a: "),
        "{err}"
    );

    let out = diff(&repo, &["no-such-rev", "HEAD", "--root", "envs"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("unknown git revision `no-such-rev`"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(&repo);
}

#[test]
fn a_shallow_clone_with_both_commits_is_enough() {
    let repo = small_repo("shallow-src");
    for n in 0..3 {
        write(&repo.join("envs/dev/b/values.yaml"), &values("dev", 10 + n));
        commit(&repo, &format!("b {n}"));
    }
    let clone = scratch("shallow");
    let url = format!("file://{}", repo.display());
    git(&clone, &["clone", "-q", "--depth", "2", &url, "c"]);
    let c = clone.join("c");
    // Run from inside the root: --root defaults to the current folder.
    let out = diff(&c.join("envs"), &["HEAD~1", "-o", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(apps(&json(&out)), [("dev/b".into(), "changed".into())]);
    let out = diff(&c, &["HEAD~2", "HEAD", "--root", "envs"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("shallow clone"), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&repo);
    let _ = std::fs::remove_dir_all(&clone);
}

#[test]
fn folders_diff_as_markdown_and_secrets_stay_secret() {
    let base = scratch("dir-base");
    let head = scratch("dir-head");
    let secret = |v: &str| format!("apiKey: {v}\nlevel: {}\n", v.len());
    for (dir, v) in [(&base, "hunter2"), (&head, "correct-horse")] {
        write(&dir.join("prod/app/values.yaml"), &secret(v));
        write(
            &dir.join("chart/Chart.yaml"),
            "apiVersion: v2\nname: s\nversion: 0.1.0\n",
        );
        write(
            &dir.join("chart/templates/secret.yaml"),
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n    level: \"{{ .Values.level }}\"\nstringData:\n  API_KEY: {{ .Values.apiKey }}\n",
        );
    }
    let args = |fmt: &str| {
        vec![
            "diff".to_owned(),
            "--base-dir".into(),
            base.display().to_string(),
            "--head-dir".into(),
            head.display().to_string(),
            "--chart".into(),
            "chart".into(),
            "-o".into(),
            fmt.into(),
        ]
    };
    let out = orochart(&base, &args("markdown"));
    let md = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(md.contains("| `prod/app` | changed |"), "{md}");
    assert!(
        md.contains("<details><summary><code>prod/app</code>"),
        "{md}"
    );
    let text = String::from_utf8_lossy(&orochart(&base, &args("text")).stdout).into_owned();
    for shown in [&md, &text] {
        assert!(
            !shown.contains("hunter2") && !shown.contains("correct-horse"),
            "{shown}"
        );
        assert!(shown.contains("metadata.labels.level"), "{shown}");
    }
    assert!(text.contains("(value redacted)"), "{text}");
    let _ = std::fs::remove_dir_all(&base);
    let _ = std::fs::remove_dir_all(&head);
}

#[test]
fn a_chart_at_a_git_revision_is_read_whole_subcharts_files_and_helmignore() {
    let repo = scratch("whole-chart");
    git(&repo, &["init", "-q"]);
    write(&repo.join("envs/dev/a/values.yaml"), "greeting: hi\n");
    let chart = repo.join("chart");
    write(
        &chart.join("Chart.yaml"),
        "apiVersion: v2\nname: top\nversion: 0.1.0\n",
    );
    write(&chart.join("values.yaml"), "greeting: hello\n");
    // Ignored by .helmignore: it would fail to parse.
    write(&chart.join(".helmignore"), "broken.yaml\n");
    write(&chart.join("templates/broken.yaml"), "{{ nope\n");
    write(
        &chart.join("templates/cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: top\ndata:\n  greeting: {{ .Values.greeting }}\n  conf: {{ .Files.Get \"conf/app.conf\" | quote }}\n",
    );
    write(&chart.join("conf/app.conf"), "level=info\n");
    let sub = chart.join("charts/sub");
    write(
        &sub.join("Chart.yaml"),
        "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
    );
    write(
        &sub.join("templates/cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sub\ndata:\n  msg: {{ .Files.Get \"files/msg.txt\" | quote }}\n",
    );
    write(&sub.join("files/msg.txt"), "one");
    commit(&repo, "one");
    // Only a file of the subchart changes.
    write(&sub.join("files/msg.txt"), "two");
    commit(&repo, "two");

    let args = [
        "HEAD~1", "HEAD", "--root", "envs", "--chart", "chart", "-o", "json",
    ];
    let out = diff(&repo, &args);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let d = json(&out);
    assert_eq!(d["chart_changed"], true);
    assert_eq!(apps(&d), [("dev/a".into(), "changed".into())]);
    assert_eq!(
        fields(&d, "dev/a"),
        [("ConfigMap".into(), "changed".into(), "data.msg".into())]
    );

    // The HEAD side is what `render` of a checkout prints: the top chart's `.Files` and values
    // were read too.
    let render = orochart(
        &repo,
        &[
            "render".to_owned(),
            "a".to_owned(),
            chart.display().to_string(),
            "-f".to_owned(),
            repo.join("envs/dev/a/values.yaml").display().to_string(),
        ],
    );
    assert!(render.status.success(), "{}", stderr(&render));
    let text = String::from_utf8_lossy(&render.stdout);
    assert!(text.contains("conf: \"level=info\\n\""), "{text}");
    assert!(text.contains("greeting: hi"), "{text}");
    assert!(text.contains("msg: \"two\""), "{text}");

    // A change to an ignored file is a chart change that renders the same.
    write(&chart.join("templates/broken.yaml"), "{{ still nope\n");
    commit(&repo, "three");
    let out = diff(&repo, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(apps(&json(&out)).is_empty());
    let _ = std::fs::remove_dir_all(&repo);
}

/// `orochart diff` of two folders whose chart folder holds what `plant` puts there: it must
/// fail with exit 2, print nothing on stdout, and say `message`.
fn diff_refuses_a_chart_folder(name: &str, plant: impl Fn(&Path), message: &str) {
    let base = scratch(&format!("{name}-base"));
    let head = scratch(&format!("{name}-head"));
    for dir in [&base, &head] {
        write(&dir.join("prod/app/values.yaml"), "a: 1\n");
        write(
            &dir.join("chart/Chart.yaml"),
            "apiVersion: v2\nname: s\nversion: 0.1.0\n",
        );
        plant(&dir.join("chart"));
    }
    let args = [
        "diff".to_owned(),
        "--base-dir".into(),
        base.display().to_string(),
        "--head-dir".into(),
        head.display().to_string(),
        "--chart".into(),
        "chart".into(),
    ];
    let out = orochart(&base, &args);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains(message), "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(&base);
    let _ = std::fs::remove_dir_all(&head);
}

#[test]
fn a_link_loop_in_a_chart_folder_is_an_error_not_a_crash() {
    diff_refuses_a_chart_folder(
        "loop",
        |chart| {
            std::os::unix::fs::symlink(".", chart.join("loop"))
                .unwrap_or_else(|e| panic!("symlink: {e}"));
        },
        "too many levels of symbolic links",
    );
}

#[test]
fn a_fifo_in_a_chart_folder_is_refused_not_waited_on() {
    diff_refuses_a_chart_folder(
        "fifo",
        |chart| {
            let made = Command::new("mkfifo")
                .arg(chart.join("pipe"))
                .status()
                .unwrap_or_else(|e| panic!("mkfifo: {e}"));
            assert!(made.success());
        },
        "is not a regular file",
    );
}
