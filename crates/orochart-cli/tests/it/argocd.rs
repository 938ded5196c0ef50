//! The ArgoCD plugin, run exactly as the cmp-server runs it: the command line from
//! `deploy/argocd/plugin.yaml`, the app folder of a repository copy as working directory, and
//! only the environment ArgoCD sets (../shared/notes/argocd-cmp.md §4). Output is compared
//! byte for byte with `orochart render` given the equivalent flags.
//!
//! Also: the files in `deploy/argocd/` carry the fields ArgoCD requires (notes §2, §3, §4.3).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_yaml::Value as Yaml;

use crate::{diff, read, repo_root};

mod layouts;

// ---------------------------------------------------------------------------------------------
// Fixtures

/// A scratch repository copy, as the cmp-server unpacks one: in a request folder
/// `<base>/_cmp_server/<id>/`; removed on drop.
struct Repo {
    /// Holds `_cmp_server/` and files beside it (`<base>/outside.yaml`).
    base: PathBuf,
    /// The request folder: what ArgoCD sent.
    root: PathBuf,
}

impl Repo {
    fn new(name: &str) -> Repo {
        let base =
            std::env::temp_dir().join(format!("orochart-argocd-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let root = base.join("_cmp_server/6c1e53b4-7c2d-4b8a-9f0e-2d9a1c3b5e7f");
        std::fs::create_dir_all(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display()));
        // Canonical, as the cmp-server's getcwd() reports it.
        let root = root.canonicalize().unwrap_or(root);
        let base = root
            .parent()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .unwrap_or_else(|| base.clone());
        Repo { base, root }
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.root.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
        }
        std::fs::write(&p, text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        p
    }

    fn dir(&self, rel: &str) -> PathBuf {
        let p = self.root.join(rel);
        std::fs::create_dir_all(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        p
    }
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

const APP: &str = "environments/prod/microservice-identity";

/// A repository with one service: a production values file from the golden cases and an
/// override file.
fn service_repo(name: &str) -> Repo {
    let repo = Repo::new(name);
    let values = read(
        &repo_root()
            .join("golden/orofi-application/example-microservice-identity-production/values.yaml"),
    );
    repo.write(&format!("{APP}/values.yaml"), &values);
    repo.write(
        &format!("{APP}/values-prod.yaml"),
        "replicaCount: 4\nconfig:\n  LOG_LEVEL: error\nenv:\n  REGION: europe-west1\n",
    );
    repo
}

/// The environment the cmp-server gives `generate` for an Application (notes §4.1): build
/// variables, `KUBE_*`, and the given extras. Nothing is inherited from the test process.
fn argocd_env(app_name: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = [
        ("ARGOCD_APP_NAME", app_name),
        ("ARGOCD_APP_NAMESPACE", "microservice-identity"),
        (
            "ARGOCD_APP_REVISION",
            "4f3c2a1b9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b",
        ),
        ("ARGOCD_APP_REVISION_SHORT", "4f3c2a1"),
        ("ARGOCD_APP_REVISION_SHORT_8", "4f3c2a1b"),
        ("ARGOCD_APP_SOURCE_PATH", APP),
        (
            "ARGOCD_APP_SOURCE_REPO_URL",
            "https://git.example.com/platform/deploy.git",
        ),
        ("ARGOCD_APP_SOURCE_TARGET_REVISION", "main"),
        ("KUBE_VERSION", "1.30"),
        (
            "KUBE_API_VERSIONS",
            "v1,apps/v1,apps/v1/Deployment,argoproj.io/v1alpha1,argoproj.io/v1alpha1/Rollout",
        ),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    for (k, v) in extra {
        env.retain(|(name, _)| name != k);
        env.push(((*k).to_owned(), (*v).to_owned()));
    }
    env
}

/// The argv of a plugin.yaml command, with the binary replaced by the one under test.
fn plugin_command(which: &str) -> Vec<String> {
    let plugin = yaml(&repo_root().join("deploy/argocd/plugin.yaml"));
    let cmd = match which {
        "generate" => &plugin["spec"]["generate"],
        _ => &plugin["spec"]["parameters"]["dynamic"],
    };
    let mut argv: Vec<String> = strings(&cmd["command"]);
    argv.extend(strings(&cmd["args"]));
    assert!(!argv.is_empty(), "plugin.yaml has no {which} command");
    argv.remove(0);
    argv
}

/// Runs a plugin command as the cmp-server does: in `cwd`, with exactly `env`.
fn run_plugin(which: &str, cwd: &Path, env: &[(String, String)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orochart"))
        .args(plugin_command(which))
        .current_dir(cwd)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .unwrap_or_else(|e| panic!("cannot run orochart: {e}"))
}

/// `orochart render` in `cwd` with `args`, in a clean environment; must succeed.
/// `orochart render` as the plugin renders by default: as Helm 4.2, what ArgoCD 3.5 bundles
/// (`OROCHART_HELM_VERSION`; a `--helm-version` in `args` wins).
fn render(cwd: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_orochart"))
        .arg("render")
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .env("OROCHART_HELM_VERSION", "4.2")
        .output()
        .unwrap_or_else(|e| panic!("cannot run orochart: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "orochart render {args:?} failed:\n{stderr}"
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Asserts that `generate` succeeded with exactly `want` on stdout and nothing on stderr.
fn assert_generates(out: &Output, want: &str, what: &str) {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{what}: generate failed:\n{stderr}");
    assert!(
        !want.is_empty(),
        "{what}: the equivalent render printed nothing"
    );
    assert!(
        stdout == want,
        "{what}: generate differs from orochart render\n{}",
        diff(want, &stdout)
    );
    assert!(
        stderr.is_empty(),
        "{what}: generate wrote to stderr:\n{stderr}"
    );
}

/// Asserts a failure: non-zero exit, nothing on stdout, and a first stderr line containing
/// every one of `needles`. Returns that line.
fn assert_fails(out: &Output, needles: &[&str], what: &str) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{what}: expected exit 1; stderr:\n{stderr}"
    );
    assert!(
        stdout.is_empty(),
        "{what}: stdout must be empty on error, got:\n{stdout}"
    );
    let first = stderr.lines().next().unwrap_or("").to_owned();
    assert!(
        first.starts_with("Error: "),
        "{what}: first stderr line: {first}"
    );
    for n in needles {
        assert!(
            first.contains(n),
            "{what}: first stderr line lacks `{n}`:\n{first}"
        );
    }
    first
}

fn yaml(path: &Path) -> Yaml {
    serde_yaml::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn strings(v: &Yaml) -> Vec<String> {
    v.as_sequence()
        .map(|s| {
            s.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// generate: same bytes as render

#[test]
fn generate_without_parameters_equals_render_for_unset_null_and_empty_parameters() {
    let repo = service_repo("no-params");
    let app = repo.root.join(APP);
    let want = render(
        &app,
        &[
            "microservice-identity",
            "-n",
            "microservice-identity",
            "-f",
            "values.yaml",
        ],
    );
    for params in [None, Some("null"), Some("[]")] {
        let mut extra = Vec::new();
        if let Some(p) = params {
            extra.push(("ARGOCD_APP_PARAMETERS", p));
        }
        let env = argocd_env("microservice-identity", &extra);
        assert_generates(
            &run_plugin("generate", &app, &env),
            &want,
            &format!("ARGOCD_APP_PARAMETERS={params:?}"),
        );
    }
}

#[test]
fn generate_with_every_parameter_kind_equals_render_with_the_same_flags() {
    let repo = service_repo("all-params");
    let app = repo.root.join(APP);
    let want = render(
        &app,
        &[
            "identity-prod",
            "-n",
            "microservice-identity",
            "-f",
            "values.yaml",
            "-f",
            "values-prod.yaml",
            "--set",
            "image.tag=v2.0.0",
            "--set",
            r"env.FEATURES=a\,b",
            "--set-string",
            "env.BUILD=0042",
        ],
    );
    assert!(
        want.contains("value: \"a,b\""),
        "the comma must stay in the value:\n{want}"
    );
    assert!(want.contains("value: \"0042\""));
    let params = r#"[
        {"name":"values","array":["values.yaml","values-prod.yaml"]},
        {"name":"set","map":{"image.tag":"v2.0.0","env.FEATURES":"a,b"}},
        {"name":"set-string","map":{"env.BUILD":"0042"}},
        {"name":"release-name","string":"identity-prod"}
    ]"#;
    let env = argocd_env(
        "argocd_microservice-identity",
        &[("ARGOCD_APP_PARAMETERS", params)],
    );
    assert_generates(&run_plugin("generate", &app, &env), &want, "all parameters");
}

#[test]
fn release_name_comes_from_the_parameter_then_env_then_the_app_name_without_namespace() {
    let repo = service_repo("release-name");
    let app = repo.root.join(APP);
    let render_as = |name: &str| {
        render(
            &app,
            &[name, "-n", "microservice-identity", "-f", "values.yaml"],
        )
    };

    // Apps in any namespace: ARGOCD_APP_NAME is `<namespace>_<name>`.
    let env = argocd_env("team-payments_microservice-identity", &[]);
    assert_generates(
        &run_plugin("generate", &app, &env),
        &render_as("microservice-identity"),
        "namespaced app name",
    );

    let env = argocd_env(
        "team-payments_prod-identity",
        &[("ARGOCD_ENV_RELEASE_NAME", "identity")],
    );
    assert_generates(
        &run_plugin("generate", &app, &env),
        &render_as("identity"),
        "ARGOCD_ENV_RELEASE_NAME",
    );

    let env = argocd_env(
        "prod-identity",
        &[
            ("ARGOCD_ENV_RELEASE_NAME", "identity"),
            (
                "ARGOCD_APP_PARAMETERS",
                r#"[{"name":"release-name","string":"from-param"}]"#,
            ),
        ],
    );
    assert_generates(
        &run_plugin("generate", &app, &env),
        &render_as("from-param"),
        "parameter release-name",
    );

    // ArgoCD 3 passes empty ARGOCD_ENV_* entries: empty means unset.
    let env = argocd_env("microservice-identity", &[("ARGOCD_ENV_RELEASE_NAME", "")]);
    assert_generates(
        &run_plugin("generate", &app, &env),
        &render_as("microservice-identity"),
        "empty env",
    );
}

#[test]
fn argocd_env_values_is_a_comma_separated_list_and_the_parameter_wins() {
    let repo = service_repo("env-values");
    let app = repo.root.join(APP);
    let both = render(
        &app,
        &[
            "microservice-identity",
            "-n",
            "microservice-identity",
            "-f",
            "values.yaml",
            "-f",
            "values-prod.yaml",
        ],
    );
    let env = argocd_env(
        "microservice-identity",
        &[("ARGOCD_ENV_VALUES", "values.yaml, values-prod.yaml")],
    );
    assert_generates(
        &run_plugin("generate", &app, &env),
        &both,
        "ARGOCD_ENV_VALUES",
    );

    let only_base = render(
        &app,
        &[
            "microservice-identity",
            "-n",
            "microservice-identity",
            "-f",
            "values.yaml",
        ],
    );
    let env = argocd_env(
        "microservice-identity",
        &[
            ("ARGOCD_ENV_VALUES", "values.yaml,values-prod.yaml"),
            (
                "ARGOCD_APP_PARAMETERS",
                r#"[{"name":"values","array":["values.yaml"]}]"#,
            ),
        ],
    );
    assert_generates(
        &run_plugin("generate", &app, &env),
        &only_base,
        "parameter over env",
    );
}

#[test]
fn values_files_may_be_shared_from_elsewhere_in_the_repository() {
    let repo = service_repo("shared-values");
    repo.write(
        "environments/prod/common.yaml",
        "podLabels:\n  tier: backend\n",
    );
    let app = repo.root.join(APP);
    let want = render(
        &app,
        &[
            "microservice-identity",
            "-n",
            "microservice-identity",
            "-f",
            "../common.yaml",
            "-f",
            "values.yaml",
        ],
    );
    assert!(want.contains("tier: backend"));
    let env = argocd_env(
        "microservice-identity",
        &[(
            "ARGOCD_APP_PARAMETERS",
            r#"[{"name":"values","array":["../common.yaml","values.yaml"]}]"#,
        )],
    );
    assert_generates(
        &run_plugin("generate", &app, &env),
        &want,
        "values from a sibling folder",
    );
}

/// A chart folder in the repository whose output shows `.Capabilities`: the parity chart.
fn caps_repo(name: &str) -> Repo {
    let repo = Repo::new(name);
    let src = repo_root().join("crates/orochart-cli/tests/parity/capabilities-flags/jinja");
    repo.write("charts/caps/Chart.yaml", &read(&src.join("Chart.yaml")));
    repo.write(
        "charts/caps/templates/caps.yaml",
        &read(&src.join("templates/caps.yaml")),
    );
    repo.dir("apps/caps");
    repo
}

#[test]
fn kube_version_in_both_forms_and_api_versions_feed_capabilities() {
    let repo = caps_repo("caps");
    let app = repo.root.join("apps/caps");
    let chart = repo.root.join("charts/caps");
    let chart = chart.to_string_lossy();
    let params = r#"[{"name":"chart","string":"charts/caps"}]"#;
    // Helm 4 reads `1.30` as `v1.30` (Helm 3.17 padded it to `v1.30.0`).
    for (kube, shown) in [("1.30", "v1.30"), ("1.30.5", "v1.30.5")] {
        let want = render(
            &app,
            &[
                "caps",
                &chart,
                "-n",
                "caps",
                "--kube-version",
                kube,
                "--api-versions",
                "example.com/v1,foo/v1/Bar",
            ],
        );
        assert!(want.contains(&format!("version: \"{shown}\"")), "{want}");
        assert!(
            want.contains("kind: Widget"),
            "KUBE_API_VERSIONS must reach the chart:\n{want}"
        );
        let env = argocd_env(
            "caps",
            &[
                ("ARGOCD_APP_NAMESPACE", "caps"),
                ("ARGOCD_APP_SOURCE_PATH", "apps/caps"),
                ("ARGOCD_APP_PARAMETERS", params),
                ("KUBE_VERSION", kube),
                ("KUBE_API_VERSIONS", "example.com/v1,foo/v1/Bar"),
            ],
        );
        assert_generates(
            &run_plugin("generate", &app, &env),
            &want,
            &format!("KUBE_VERSION={kube}"),
        );
    }
}

#[test]
fn zero_manifests_is_an_error_unless_allow_empty() {
    let repo = Repo::new("empty");
    repo.write(
        "charts/empty/Chart.yaml",
        "apiVersion: v2\nname: empty\nversion: 0.1.0\n",
    );
    repo.write(
        "charts/empty/templates/nothing.yaml",
        "{{- if .Values.enabled }}\nkind: ConfigMap\n{{- end }}\n",
    );
    let app = repo.dir("apps/empty");
    let base = [("ARGOCD_APP_SOURCE_PATH", "apps/empty")];
    let env = argocd_env(
        "empty",
        &[
            base[0],
            (
                "ARGOCD_APP_PARAMETERS",
                r#"[{"name":"chart","string":"charts/empty"}]"#,
            ),
        ],
    );
    assert_fails(
        &run_plugin("generate", &app, &env),
        &["zero manifests", "allow-empty"],
        "empty render",
    );

    let env = argocd_env(
        "empty",
        &[
            base[0],
            (
                "ARGOCD_APP_PARAMETERS",
                r#"[{"name":"chart","string":"charts/empty"},{"name":"allow-empty","string":"true"}]"#,
            ),
        ],
    );
    let out = run_plugin("generate", &app, &env);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Helm prints one empty line for no manifests; ArgoCD trims it to nothing.
    let chart = repo.root.join("charts/empty");
    let want = render(
        &app,
        &[
            "empty",
            &chart.to_string_lossy(),
            "-n",
            "microservice-identity",
        ],
    );
    assert_eq!(want, "\n");
    assert_eq!(String::from_utf8_lossy(&out.stdout), want);
}

// ---------------------------------------------------------------------------------------------
// generate: refusals and errors

#[test]
fn paths_leading_out_of_the_repository_are_refused() {
    let repo = service_repo("traversal");
    // Real files outside the repository, so a refusal is not a "file not found".
    std::fs::write(repo.base.join("outside.yaml"), "replicaCount: 9\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let outside_chart = repo.base.join("outside-chart");
    std::fs::create_dir_all(outside_chart.join("templates")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        outside_chart.join("Chart.yaml"),
        "apiVersion: v2\nname: x\nversion: 0.1.0\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let app = repo.root.join(APP);

    let values = |files: &str| format!(r#"[{{"name":"values","array":[{files}]}}]"#);
    let cases = [
        (
            "../../../../outside.yaml",
            values(r#""../../../../outside.yaml""#),
            "leads outside the repository",
        ),
        (
            "/etc/passwd",
            values(r#""/etc/passwd""#),
            "is an absolute path",
        ),
        (
            "chart ../outside-chart",
            r#"[{"name":"chart","string":"../outside-chart"}]"#.to_owned(),
            "leads outside the repository",
        ),
        (
            "chart /tmp",
            r#"[{"name":"chart","string":"/tmp"}]"#.to_owned(),
            "is an absolute path",
        ),
    ];
    for (what, params, needle) in &cases {
        let env = argocd_env(
            "microservice-identity",
            &[("ARGOCD_APP_PARAMETERS", params)],
        );
        assert_fails(&run_plugin("generate", &app, &env), &[needle], what);
    }
    // `../../outside.yaml` from an app folder one level below the root.
    let shallow = repo.dir("identity");
    let env = argocd_env(
        "identity",
        &[
            ("ARGOCD_APP_SOURCE_PATH", "identity"),
            ("ARGOCD_APP_PARAMETERS", &values(r#""../../outside.yaml""#)),
        ],
    );
    assert_fails(
        &run_plugin("generate", &shallow, &env),
        &["`../../outside.yaml`", "leads outside the repository"],
        "../../outside.yaml",
    );
    // The same through ARGOCD_ENV_VALUES.
    let env = argocd_env(
        "identity",
        &[
            ("ARGOCD_APP_SOURCE_PATH", "identity"),
            ("ARGOCD_ENV_VALUES", "../../outside.yaml"),
        ],
    );
    assert_fails(
        &run_plugin("generate", &shallow, &env),
        &["leads outside the repository"],
        "env ../../outside.yaml",
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::symlink;
        symlink(repo.base.join("outside.yaml"), app.join("linked.yaml"))
            .unwrap_or_else(|e| panic!("{e}"));
        let env = argocd_env(
            "microservice-identity",
            &[("ARGOCD_APP_PARAMETERS", &values(r#""linked.yaml""#))],
        );
        assert_fails(
            &run_plugin("generate", &app, &env),
            &["`linked.yaml`", "through a symlink"],
            "symlinked values file",
        );
        // Even the default values.yaml.
        let lone = repo.dir("services/linked");
        symlink(repo.base.join("outside.yaml"), lone.join("values.yaml"))
            .unwrap_or_else(|e| panic!("{e}"));
        let env = argocd_env("linked", &[("ARGOCD_APP_SOURCE_PATH", "services/linked")]);
        assert_fails(
            &run_plugin("generate", &lone, &env),
            &["through a symlink"],
            "symlinked values.yaml",
        );
        // A chart folder inside the repository with a template linked from outside.
        repo.write(
            "charts/leaky/Chart.yaml",
            "apiVersion: v2\nname: leaky\nversion: 0.1.0\n",
        );
        repo.dir("charts/leaky/templates");
        symlink(
            "/etc/passwd",
            repo.root.join("charts/leaky/templates/passwd.yaml"),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let env = argocd_env(
            "microservice-identity",
            &[(
                "ARGOCD_APP_PARAMETERS",
                r#"[{"name":"chart","string":"charts/leaky"}]"#,
            )],
        );
        assert_fails(
            &run_plugin("generate", &app, &env),
            &["charts/leaky/templates/passwd.yaml", "through a symlink"],
            "symlinked template",
        );
    }
}

#[test]
fn a_missing_values_file_is_one_clear_line() {
    let repo = service_repo("missing");
    let app = repo.root.join(APP);
    let env = argocd_env(
        "microservice-identity",
        &[(
            "ARGOCD_APP_PARAMETERS",
            r#"[{"name":"values","array":["values.yaml","values-staging.yaml"]}]"#,
        )],
    );
    let first = assert_fails(
        &run_plugin("generate", &app, &env),
        &["values-staging.yaml"],
        "missing values file",
    );
    assert!(first.to_lowercase().contains("no such file"), "{first}");
    // Word for word what `orochart render` says in the app folder.
    let render_err = Command::new(env!("CARGO_BIN_EXE_orochart"))
        .args([
            "render",
            "x",
            "-f",
            "values.yaml",
            "-f",
            "values-staging.yaml",
        ])
        .current_dir(&app)
        .env_clear()
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        String::from_utf8_lossy(&render_err.stderr).lines().next(),
        Some(first.as_str())
    );
}

#[test]
fn a_render_error_reads_as_orochart_render_reports_it() {
    let repo = Repo::new("render-error");
    repo.write(&format!("{APP}/values.yaml"), "replicaCount: 2\n");
    let app = repo.root.join(APP);
    let render_err = Command::new(env!("CARGO_BIN_EXE_orochart"))
        .args([
            "render",
            "microservice-identity",
            "-n",
            "microservice-identity",
            "-f",
            "values.yaml",
        ])
        .current_dir(&app)
        .env_clear()
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let want = String::from_utf8_lossy(&render_err.stderr).into_owned();
    assert!(want.contains("image.tag is required"), "{want}");
    let out = run_plugin("generate", &app, &argocd_env("microservice-identity", &[]));
    assert_fails(
        &out,
        &[
            "execution error at (orofi-application/templates/deployment.yaml",
            "image.tag is required",
        ],
        "required",
    );
    // The same error line; `render` adds Helm's hint about its `--debug` flag, which the
    // plugin does not have.
    let got = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(got.lines().next(), want.lines().next());
    assert!(
        want.ends_with("\n\nUse --debug flag to render out invalid YAML\n"),
        "{want}"
    );
    assert!(!got.contains("--debug"), "{got}");
}

#[test]
fn values_problems_name_the_file_and_line() {
    let repo = service_repo("typo");
    repo.write(
        &format!("{APP}/values-prod.yaml"),
        "autoscaling:\n  enabeld: true\n",
    );
    let app = repo.root.join(APP);
    let env = argocd_env(
        "microservice-identity",
        &[("ARGOCD_ENV_VALUES", "values.yaml,values-prod.yaml")],
    );
    let out = run_plugin("generate", &app, &env);
    assert_fails(&out, &["values do not match the chart"], "typo");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("values-prod.yaml:2:3: `autoscaling.enabeld`: unknown key `enabeld` (did you mean `enabled`?)"), "{stderr}");
}

#[test]
fn bad_parameters_and_environment_are_refused() {
    let repo = service_repo("bad-params");
    let app = repo.root.join(APP);
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a [&'a str]);
    let cases: [Case; 5] = [
        (
            "misspelled parameter",
            vec![(
                "ARGOCD_APP_PARAMETERS",
                r#"[{"name":"value","array":["values.yaml"]}]"#,
            )],
            &["unknown parameter `value`", "did you mean `values`?"],
        ),
        (
            "map given as string",
            vec![(
                "ARGOCD_APP_PARAMETERS",
                r#"[{"name":"set","string":"a=b"}]"#,
            )],
            &["parameter `set` must be given as `map:`"],
        ),
        (
            "not JSON",
            vec![("ARGOCD_APP_PARAMETERS", "[{")],
            &["ARGOCD_APP_PARAMETERS is not a JSON array"],
        ),
        (
            "wrong source path",
            vec![("ARGOCD_APP_SOURCE_PATH", "environments/dev/other")],
            &["ARGOCD_APP_SOURCE_PATH"],
        ),
        (
            "bad kube version",
            vec![("KUBE_VERSION", "one.two")],
            &["invalid kube version"],
        ),
    ];
    for (what, extra, needles) in &cases {
        let env = argocd_env("microservice-identity", extra);
        assert_fails(&run_plugin("generate", &app, &env), needles, what);
    }
    let mut env = argocd_env("x", &[]);
    env.retain(|(k, _)| k != "ARGOCD_APP_NAME");
    assert_fails(
        &run_plugin("generate", &app, &env),
        &["no release name"],
        "no app name",
    );
}

// ---------------------------------------------------------------------------------------------
// parameters

/// The reduced environment of the dynamic parameters command (notes §4.5).
fn parameters_env(app_name: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = [
        ("ARGOCD_APP_NAME", app_name),
        ("ARGOCD_APP_SOURCE_PATH", APP),
        (
            "ARGOCD_APP_SOURCE_REPO_URL",
            "https://git.example.com/platform/deploy.git",
        ),
        ("ARGOCD_APP_SOURCE_TARGET_REVISION", "main"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    env.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    env
}

fn announcement(cwd: &Path, env: &[(String, String)]) -> Vec<serde_json::Value> {
    let out = run_plugin("parameters", cwd, env);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"));
    v.as_array()
        .cloned()
        .unwrap_or_else(|| panic!("not a JSON array:\n{stdout}"))
}

#[test]
fn parameters_announce_every_parameter_with_the_defaults_generate_applies() {
    let repo = service_repo("announce");
    let app = repo.root.join(APP);
    let params = announcement(&app, &parameters_env("team_microservice-identity", &[]));
    let names: Vec<&str> = params.iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "values",
            "set",
            "set-string",
            "release-name",
            "chart",
            "helm-version",
            "allow-empty"
        ]
    );
    for p in &params {
        for field in ["title", "tooltip", "collectionType"] {
            assert!(
                p[field].as_str().is_some_and(|s| !s.is_empty()),
                "{} has no {field}",
                p["name"]
            );
        }
        let kind = p["collectionType"].as_str().unwrap_or_default();
        assert!(
            p.get(kind).is_some(),
            "{}: the default must be under `{kind}`",
            p["name"]
        );
    }
    let values = &params[0];
    assert_eq!(values["array"], serde_json::json!(["values.yaml"]));
    let tooltip = values["tooltip"].as_str().unwrap_or_default();
    assert!(
        tooltip.contains("values-prod.yaml, values.yaml"),
        "the files found must be listed: {tooltip}"
    );
    assert_eq!(params[3]["string"], "microservice-identity");

    // Sending every announced default back must change nothing: ArgoCD only sends what the
    // user set, so the plugin's own defaults must be the announced ones.
    let defaults: Vec<serde_json::Value> = params
        .iter()
        .map(|p| {
            let kind = p["collectionType"].as_str().unwrap_or_default();
            serde_json::json!({"name": p["name"], kind: p[kind]})
        })
        .collect();
    let defaults = serde_json::to_string(&defaults).unwrap_or_default();
    let env = argocd_env("team_microservice-identity", &[]);
    let plain = run_plugin("generate", &app, &env);
    let want = String::from_utf8_lossy(&plain.stdout).into_owned();
    assert!(plain.status.success() && !want.is_empty());
    let env = argocd_env(
        "team_microservice-identity",
        &[("ARGOCD_APP_PARAMETERS", &defaults)],
    );
    assert_generates(
        &run_plugin("generate", &app, &env),
        &want,
        "announced defaults sent back",
    );
}

#[test]
fn parameters_follow_the_env_and_an_app_folder_without_values() {
    let repo = service_repo("announce-env");
    let app = repo.root.join(APP);
    let params = announcement(
        &app,
        &parameters_env(
            "x",
            &[
                ("ARGOCD_ENV_VALUES", "values.yaml,values-prod.yaml"),
                ("ARGOCD_ENV_RELEASE_NAME", "identity"),
            ],
        ),
    );
    assert_eq!(
        params[0]["array"],
        serde_json::json!(["values.yaml", "values-prod.yaml"])
    );
    assert_eq!(params[3]["string"], "identity");

    let bare = repo.dir("environments/prod/bare");
    let params = announcement(
        &bare,
        &parameters_env(
            "bare",
            &[("ARGOCD_APP_SOURCE_PATH", "environments/prod/bare")],
        ),
    );
    assert_eq!(params[0]["array"], serde_json::json!([]));
    // With nothing at all in the environment it still answers: the UI must open.
    let params = announcement(&bare, &[]);
    assert_eq!(params.len(), 7);
}

#[test]
fn parameter_helm_version_picks_the_helm_and_defaults_to_argocds() {
    let repo = caps_repo("helm-version");
    let app = repo.root.join("apps/caps");
    let chart = repo.root.join("charts/caps");
    let chart = chart.to_string_lossy();
    let generate = |params: &str, extra: &[(&str, &str)]| {
        let mut env = vec![
            ("ARGOCD_APP_NAMESPACE", "caps"),
            ("ARGOCD_APP_SOURCE_PATH", "apps/caps"),
            ("ARGOCD_APP_PARAMETERS", params),
            ("KUBE_VERSION", "1.30"),
            ("KUBE_API_VERSIONS", "example.com/v1"),
        ];
        env.extend_from_slice(extra);
        run_plugin("generate", &app, &argocd_env("caps", &env))
    };
    let with = |v: &str| {
        format!(
            r#"[{{"name":"chart","string":"charts/caps"}},{{"name":"helm-version","string":"{v}"}}]"#
        )
    };
    let chart_only = r#"[{"name":"chart","string":"charts/caps"}]"#;
    let flags = ["--kube-version", "1.30", "--api-versions", "example.com/v1"];
    let render_as = |v: &str| {
        let mut args = vec!["caps", &chart, "-n", "caps", "--helm-version", v];
        args.extend(flags);
        render(&app, &args)
    };
    for v in ["3.17", "4.1", "4.3"] {
        let want = render_as(v);
        assert_generates(
            &generate(&with(v), &[]),
            &want,
            &format!("helm-version {v}"),
        );
        // The Application's env HELM_VERSION, when the parameter is not given.
        assert_generates(
            &generate(chart_only, &[("ARGOCD_ENV_HELM_VERSION", v)]),
            &want,
            &format!("env HELM_VERSION={v}"),
        );
    }
    // Default: Helm 4.2, whatever the CLI's default is (4.2 keeps no blank line after the
    // first document of a template, 4.3 does; 3.17 reads `1.30` as `v1.30.0`).
    let want = render_as("4.2");
    assert_ne!(want, render_as("4.3"));
    assert_ne!(want, render_as("3.17"));
    assert_generates(&generate(chart_only, &[]), &want, "default helm-version");
    let out = generate(&with("4.9"), &[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with(
            "Error: parameter `helm-version`: unknown Helm version `4.9`: the known versions are 3.17, 3.18, 3.19, 4.1, 4.2, 4.3"
        ),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------------------------
// deploy/argocd

fn deploy(rel: &str) -> PathBuf {
    repo_root().join("deploy/argocd").join(rel)
}

#[test]
fn plugin_yaml_has_what_the_cmp_server_requires() {
    let p = yaml(&deploy("plugin.yaml"));
    // Checked by the cmp-server at start (notes §2): kind, name, generate command.
    assert_eq!(p["kind"].as_str(), Some("ConfigManagementPlugin"));
    assert_eq!(p["apiVersion"].as_str(), Some("argoproj.io/v1alpha1"));
    assert_eq!(p["metadata"]["name"].as_str(), Some("orochart"));
    assert_eq!(p["spec"]["version"].as_str(), Some("v1"));
    // No discovery: Applications name the plugin.
    assert!(
        p["spec"].get("discover").is_none(),
        "plugin.yaml must have no discovery rules"
    );
    // Fields that do not exist for sidecars.
    for gone in ["lockRepo", "allowConcurrency"] {
        assert!(
            p["spec"].get(gone).is_none(),
            "`{gone}` does not exist for sidecar plugins"
        );
    }
    let docker = read(&deploy("Dockerfile"));
    for which in ["generate", "dynamic"] {
        let cmd = if which == "generate" {
            &p["spec"]["generate"]
        } else {
            &p["spec"]["parameters"]["dynamic"]
        };
        let argv = strings(&cmd["command"]);
        let bin = argv.first().cloned().unwrap_or_default();
        // No shell: the binary itself, at the path the image puts it.
        assert!(
            !["sh", "bash", "/bin/sh", "/bin/bash"].contains(&bin.as_str()),
            "{which} must not use a shell"
        );
        assert!(
            bin.starts_with('/') && bin.ends_with("/orochart"),
            "{which}: {bin}"
        );
        assert!(
            docker.contains(&format!("COPY --from=build /out/orochart {bin}")),
            "the Dockerfile must install {bin}"
        );
    }
    assert_eq!(plugin_command("generate"), ["argocd", "generate"]);
    assert_eq!(plugin_command("parameters"), ["argocd", "parameters"]);
}

/// The plugin name Applications must use: `<name>-<version>` (notes §2).
fn plugin_name() -> String {
    let p = yaml(&deploy("plugin.yaml"));
    let name = p["metadata"]["name"].as_str().unwrap_or_default();
    match p["spec"]["version"].as_str() {
        Some(v) => format!("{name}-{v}"),
        None => name.to_owned(),
    }
}

#[test]
fn repo_server_patch_adds_the_sidecar_as_argocd_requires() {
    let kust = yaml(&deploy("kustomization.yaml"));
    assert_eq!(kust["kind"].as_str(), Some("Component"));
    let gen = &kust["configMapGenerator"][0];
    let cm_name = gen["name"].as_str().unwrap_or_default().to_owned();
    assert_eq!(strings(&gen["files"]), ["plugin.yaml"]);
    // The hash suffix rolls the repo-server when plugin.yaml changes (tests/it/deploy.rs).
    assert!(gen["options"]["disableNameSuffixHash"].is_null());
    let patch_file = kust["patches"][0]["path"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        kust["patches"][0]["target"]["name"].as_str(),
        Some("argocd-repo-server")
    );

    let patch = yaml(&deploy(&patch_file));
    assert_eq!(patch["kind"].as_str(), Some("Deployment"));
    assert_eq!(
        patch["metadata"]["name"].as_str(),
        Some("argocd-repo-server")
    );
    let pod = &patch["spec"]["template"]["spec"];
    let c = &pod["containers"][0];
    assert_eq!(
        strings(&c["command"]),
        ["/var/run/argocd/argocd-cmp-server"]
    );
    assert_eq!(c["securityContext"]["runAsUser"].as_u64(), Some(999));
    assert_eq!(c["securityContext"]["runAsNonRoot"].as_bool(), Some(true));
    let mounts: Vec<(String, String, Option<String>)> = c["volumeMounts"]
        .as_sequence()
        .map(|s| {
            s.iter()
                .map(|m| {
                    (
                        m["name"].as_str().unwrap_or_default().to_owned(),
                        m["mountPath"].as_str().unwrap_or_default().to_owned(),
                        m["subPath"].as_str().map(str::to_owned),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let mount = |path: &str| mounts.iter().find(|m| m.1 == path).cloned();
    assert_eq!(
        mount("/var/run/argocd").map(|m| m.0),
        Some("var-files".into())
    );
    assert_eq!(
        mount("/home/argocd/cmp-server/plugins").map(|m| m.0),
        Some("plugins".into())
    );
    let config = mount("/home/argocd/cmp-server/config/plugin.yaml");
    assert_eq!(
        config.as_ref().and_then(|m| m.2.clone()),
        Some("plugin.yaml".into())
    );
    let tmp = mount("/tmp").map(|m| m.0).unwrap_or_default();
    assert!(!tmp.is_empty(), "the sidecar needs its own writable /tmp");
    // Volumes the patch adds: the plugin.yaml ConfigMap and /tmp. var-files and plugins come
    // with the stock Deployment and must not be redefined.
    let volumes = pod["volumes"].as_sequence().cloned().unwrap_or_default();
    let volume = |name: &str| {
        volumes
            .iter()
            .find(|v| v["name"].as_str() == Some(name))
            .cloned()
    };
    let config_volume = config.map(|m| m.0).unwrap_or_default();
    assert_eq!(
        volume(&config_volume).map(|v| v["configMap"]["name"].clone()),
        Some(Yaml::from(cm_name))
    );
    assert!(
        volume(&tmp).is_some_and(|v| v.get("emptyDir").is_some()),
        "/tmp must be an emptyDir"
    );
    assert!(volume("var-files").is_none() && volume("plugins").is_none());
}

#[test]
fn example_application_names_the_plugin_and_its_parameters_render() {
    let app_yaml = yaml(&deploy("examples/application.yaml"));
    assert_eq!(app_yaml["kind"].as_str(), Some("Application"));
    assert_eq!(
        app_yaml["apiVersion"].as_str(),
        Some("argoproj.io/v1alpha1")
    );
    let source = &app_yaml["spec"]["source"];
    assert_eq!(
        source["plugin"]["name"].as_str(),
        Some(plugin_name().as_str())
    );
    let path = source["path"].as_str().unwrap_or_default().to_owned();

    // The Application's parameters, as the repo-server sends them: JSON, every value a string.
    let params: serde_json::Value =
        serde_json::to_value(&source["plugin"]["parameters"]).unwrap_or_default();
    let params = serde_json::to_string(&params).unwrap_or_default();
    let names: Vec<String> = serde_json::from_str::<Vec<serde_json::Value>>(&params)
        .unwrap_or_default()
        .iter()
        .filter_map(|p| p["name"].as_str().map(str::to_owned))
        .collect();
    assert!(!names.is_empty());

    let repo = Repo::new("example-app");
    let values = read(
        &repo_root()
            .join("golden/orofi-application/example-microservice-identity-production/values.yaml"),
    );
    repo.write(&format!("{path}/values.yaml"), &values);
    repo.write(&format!("{path}/values-prod.yaml"), "replicaCount: 4\n");
    let app = repo.root.join(&path);
    let namespace = app_yaml["spec"]["destination"]["namespace"]
        .as_str()
        .unwrap_or_default();
    let env = argocd_env(
        app_yaml["metadata"]["name"].as_str().unwrap_or_default(),
        &[
            ("ARGOCD_APP_SOURCE_PATH", &path),
            ("ARGOCD_APP_NAMESPACE", namespace),
            ("ARGOCD_APP_PARAMETERS", &params),
        ],
    );
    let out = run_plugin("generate", &app, &env);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(":1f3c9ab") && stdout.contains("value: \"0042\""),
        "{stdout}"
    );
}

#[test]
fn example_applicationset_generates_apps_using_the_plugin() {
    let set = yaml(&deploy("examples/applicationset.yaml"));
    assert_eq!(set["kind"].as_str(), Some("ApplicationSet"));
    let git = &set["spec"]["generators"][0]["git"];
    let dirs: Vec<String> = git["directories"]
        .as_sequence()
        .map(|d| {
            d.iter()
                .filter_map(|x| x["path"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(dirs, ["environments/*/*"]);
    let source = &set["spec"]["template"]["spec"]["source"];
    assert_eq!(
        source["plugin"]["name"].as_str(),
        Some(plugin_name().as_str())
    );
    assert_eq!(source["path"].as_str(), Some("{{ .path.path }}"));
    let env = strings(
        &serde_yaml::to_value(
            source["plugin"]["env"]
                .as_sequence()
                .map(|s| s.iter().map(|e| e["name"].clone()).collect::<Vec<_>>())
                .unwrap_or_default(),
        )
        .unwrap_or_default(),
    );
    assert_eq!(
        env,
        ["RELEASE_NAME"],
        "the release name reaches generate as ARGOCD_ENV_RELEASE_NAME"
    );
}

#[test]
fn a_chart_with_crds_generates_them_first_as_argocds_helm_does() {
    // ArgoCD renders Helm charts with `helm template --include-crds` unless told to skip CRDs.
    let repo = service_repo("crds");
    let chart = repo_root().join("crates/orochart-cli/tests/parity/include-crds/chart");
    for rel in [
        "Chart.yaml",
        "templates/cm.yaml",
        "crds/a.JSON",
        "crds/b-crd.yaml",
        "crds/sub/c.yml",
    ] {
        repo.write(&format!("charts/withcrds/{rel}"), &read(&chart.join(rel)));
    }
    let app = repo.root.join(APP);
    let want = render(
        &app,
        &[
            "microservice-identity",
            "../../../charts/withcrds",
            "-n",
            "microservice-identity",
            "--include-crds",
        ],
    );
    assert!(
        want.starts_with("---\n# Source: parity/crds/a.JSON\n"),
        "{want}"
    );
    let env = argocd_env(
        "microservice-identity",
        &[(
            "ARGOCD_APP_PARAMETERS",
            r#"[{"name":"chart","string":"charts/withcrds"},{"name":"values","array":[]}]"#,
        )],
    );
    assert_generates(
        &run_plugin("generate", &app, &env),
        &want,
        "a chart with crds/",
    );
}
