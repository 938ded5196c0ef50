//! `generate` in each layout ArgoCD 3.5's cmp-server produces (issue 21), run as the sidecar
//! runs it: the request folder `<tmp>/_cmp_server/<id>/`, the working directory the cmp-server
//! picks, `ARGOCD_APP_SOURCE_PATH` as ArgoCD sets it. Each must print what `orochart render`
//! prints, and paths leading out of what ArgoCD sent stay refused in each.

use std::path::Path;

use super::{argocd_env, assert_fails, assert_generates, render, run_plugin, service_repo, APP};

/// What `orochart render` prints for the service with a shared values file beside it.
fn want(app: &Path, shared: &str) -> String {
    render(
        app,
        &[
            "microservice-identity",
            "-n",
            "microservice-identity",
            "-f",
            shared,
            "-f",
            "values.yaml",
        ],
    )
}

const SHARED: &str = "podLabels:\n  tier: backend\n";

fn params(files: &str) -> String {
    format!(r#"[{{"name":"values","array":[{files}]}}]"#)
}

#[test]
fn the_whole_repository_renders_with_values_shared_from_a_sibling_folder() {
    let repo = service_repo("layout-whole");
    repo.write("environments/prod/common.yaml", SHARED);
    let app = repo.root.join(APP);
    let env = argocd_env(
        "microservice-identity",
        &[(
            "ARGOCD_APP_PARAMETERS",
            &params(r#""../common.yaml","values.yaml""#),
        )],
    );
    let out = run_plugin("generate", &app, &env);
    assert_generates(&out, &want(&app, "../common.yaml"), "whole repository");
}

/// `reposerver.plugin.use.manifest.generate.paths` with the annotation
/// `manifest-generate-paths: .;..`: the repo-server sends `environments/prod` (the paths'
/// common root), the cmp-server runs in `<id>/microservice-identity`, and
/// `ARGOCD_APP_SOURCE_PATH` is still `environments/prod/microservice-identity`.
#[test]
fn a_manifest_generate_paths_subtree_renders_from_its_request_folder() {
    let repo = service_repo("layout-subtree");
    // Move the sent subtree's content up to the request folder, as the cmp-server unpacks it.
    let sent = repo.root.join("environments/prod");
    let app = repo.root.join("microservice-identity");
    std::fs::rename(sent.join("microservice-identity"), &app).unwrap_or_else(|e| panic!("{e}"));
    std::fs::remove_dir_all(repo.root.join("environments")).unwrap_or_else(|e| panic!("{e}"));
    repo.write("common.yaml", SHARED);
    let env = argocd_env(
        "microservice-identity",
        &[(
            "ARGOCD_APP_PARAMETERS",
            &params(r#""../common.yaml","values.yaml""#),
        )],
    );
    let out = run_plugin("generate", &app, &env);
    assert_generates(
        &out,
        &want(&app, "../common.yaml"),
        "generate-paths subtree",
    );

    // Only the app folder was sent (annotation `.`): it is the request folder itself.
    let only = service_repo("layout-app-only");
    for f in ["values.yaml", "values-prod.yaml"] {
        let from = only.root.join(APP).join(f);
        std::fs::rename(&from, only.root.join(f)).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::remove_dir_all(only.root.join("environments")).unwrap_or_else(|e| panic!("{e}"));
    let env = argocd_env("microservice-identity", &[]);
    let want = render(
        &only.root,
        &[
            "microservice-identity",
            "-n",
            "microservice-identity",
            "-f",
            "values.yaml",
        ],
    );
    assert_generates(
        &run_plugin("generate", &only.root, &env),
        &want,
        "app folder only",
    );
    // And nothing above it is reachable, though it exists.
    std::fs::write(
        only.base.join("_cmp_server/outside.yaml"),
        "replicaCount: 9\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let env = argocd_env(
        "microservice-identity",
        &[("ARGOCD_APP_PARAMETERS", &params(r#""../outside.yaml""#))],
    );
    assert_fails(
        &run_plugin("generate", &only.root, &env),
        &["`../outside.yaml`", "leads outside the repository"],
        "above the request folder",
    );
}

/// The source path goes through a symlinked folder: the cmp-server changes into
/// `<id>/apps/current` without resolving it; `getcwd` reports `<id>/apps/v2`.
#[cfg(unix)]
#[test]
fn a_source_path_through_a_symlinked_folder_renders() {
    let repo = service_repo("layout-symlink");
    let v2 = repo.root.join("apps/v2");
    std::fs::create_dir_all(repo.root.join("apps")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::rename(repo.root.join(APP), &v2).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink("v2", repo.root.join("apps/current"))
        .unwrap_or_else(|e| panic!("{e}"));
    repo.write("apps/common.yaml", SHARED);
    let linked = repo.root.join("apps/current");
    let env = argocd_env(
        "microservice-identity",
        &[
            ("ARGOCD_APP_SOURCE_PATH", "apps/current"),
            (
                "ARGOCD_APP_PARAMETERS",
                &params(r#""../common.yaml","values.yaml""#),
            ),
        ],
    );
    let out = run_plugin("generate", &linked, &env);
    assert_generates(
        &out,
        &want(&v2, "../common.yaml"),
        "symlinked source folder",
    );
}

/// The row of issue 14: a source path that claims more of the working directory than ArgoCD
/// sent must not move the root above the request folder.
#[test]
fn a_source_path_claiming_folders_above_the_request_folder_reads_nothing_there() {
    let repo = service_repo("layout-claim");
    std::fs::write(repo.base.join("outside.yaml"), "replicaCount: 9\n")
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        repo.base.join("_cmp_server/outside.yaml"),
        "replicaCount: 9\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let app = repo.root.join(APP);
    // `_cmp_server/<id>/environments/prod/microservice-identity` ends with this path too.
    let id = repo
        .root
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let claimed = format!("_cmp_server/{id}/{APP}");
    for (source_path, file) in [
        (claimed.as_str(), r#""../../../../outside.yaml""#),
        (claimed.as_str(), r#""../../../../../../outside.yaml""#),
        (APP, r#""../../../../outside.yaml""#),
    ] {
        let env = argocd_env(
            "microservice-identity",
            &[
                ("ARGOCD_APP_SOURCE_PATH", source_path),
                ("ARGOCD_APP_PARAMETERS", &params(file)),
            ],
        );
        assert_fails(
            &run_plugin("generate", &app, &env),
            &["leads outside the repository"],
            &format!("{source_path} with {file}"),
        );
    }
    // A source path that is not the working directory at all.
    let env = argocd_env(
        "microservice-identity",
        &[("ARGOCD_APP_SOURCE_PATH", "environments/dev/other")],
    );
    assert_fails(
        &run_plugin("generate", &app, &env),
        &[
            "ARGOCD_APP_SOURCE_PATH `environments/dev/other`",
            "run in the app folder",
        ],
        "mismatched source path",
    );
}

/// Outside a request folder and a git checkout nothing proves where the repository starts.
#[test]
fn outside_a_request_folder_or_git_checkout_generate_refuses() {
    let base = std::env::temp_dir().join(format!("orochart-argocd-bare-{}", std::process::id()));
    let app = base.join("repo").join(APP);
    std::fs::create_dir_all(&app).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        app.join("values.yaml"),
        "image:\n  repository: x\n  tag: \"1\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = run_plugin("generate", &app, &argocd_env("microservice-identity", &[]));
    assert_fails(
        &out,
        &["cannot tell where the repository starts"],
        "no root",
    );
    // A git checkout proves it.
    std::fs::create_dir_all(base.join("repo/.git")).unwrap_or_else(|e| panic!("{e}"));
    let out = run_plugin("generate", &app, &argocd_env("microservice-identity", &[]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&base);
}
