//! The kustomize Component `deploy/argocd`, built with real kustomize (`kubectl kustomize`)
//! onto ArgoCD v3.5.1's repo-server Deployment (`deploy/argocd-ci/`), and the rendered Pod
//! checked against what the cmp-server sidecar needs (ArgoCD's CMP docs, notes §3).
//!
//! Needs kubectl: `OROCHART_KUBECTL` (set by `.ci/run` from `tools/get-kubectl`), else
//! `kubectl` on the PATH. Without it the test prints `SKIPPED …` (and fails when `CI=true`).

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_yaml::Value as Yaml;

use crate::{read, repo_root};

const TEST: &str = "deploy::kustomize_builds_the_component_onto_argocd_3_5";

fn kubectl() -> Option<PathBuf> {
    let candidate = std::env::var_os("OROCHART_KUBECTL")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("kubectl"));
    let ok = Command::new(&candidate)
        .args(["version", "--client"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(candidate)
}

/// `kubectl kustomize DIR`, parsed into documents.
fn build(kubectl: &Path, dir: &Path) -> Vec<Yaml> {
    let out = Command::new(kubectl)
        .arg("kustomize")
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", kubectl.display()));
    assert!(
        out.status.success(),
        "kubectl kustomize {} failed:\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    serde_yaml::Deserializer::from_str(&text)
        .map(|d| serde::Deserialize::deserialize(d).unwrap_or_else(|e| panic!("{e}:\n{text}")))
        .collect()
}

fn one<'d>(docs: &'d [Yaml], kind: &str) -> &'d Yaml {
    let found: Vec<&Yaml> = docs
        .iter()
        .filter(|d| d["kind"].as_str() == Some(kind))
        .collect();
    assert_eq!(found.len(), 1, "expected one {kind}: {docs:?}");
    found[0]
}

fn named<'y>(list: &'y Yaml, name: &str) -> &'y Yaml {
    list.as_sequence()
        .and_then(|s| s.iter().find(|i| i["name"].as_str() == Some(name)))
        .unwrap_or_else(|| panic!("no `{name}` in {list:?}"))
}

fn names(list: &Yaml) -> Vec<String> {
    list.as_sequence()
        .map(|s| {
            s.iter()
                .map(|i| i["name"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A copy of a folder tree (files only).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    for e in entries.flatten() {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if src.is_dir() {
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
        }
    }
}

#[test]
fn kustomize_builds_the_component_onto_argocd_3_5() {
    let Some(kubectl) = kubectl() else {
        crate::skip_without(
            TEST,
            "kubectl",
            "set OROCHART_KUBECTL to the output of tools/get-kubectl",
        );
        return;
    };
    let ci = repo_root().join("deploy/argocd-ci");
    let stock: Yaml = serde_yaml::from_str(&read(&ci.join("argocd-repo-server-v3.5.1.yaml")))
        .unwrap_or_else(|e| panic!("{e}"));
    let docs = build(&kubectl, &ci);
    assert_eq!(docs.len(), 2, "the Deployment and the ConfigMap: {docs:?}");

    // The ConfigMap: plugin.yaml as it is, under a name with kustomize's content hash.
    let cm = one(&docs, "ConfigMap");
    let cm_name = cm["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        cm_name.starts_with("orochart-cmp-") && cm_name.len() > "orochart-cmp-".len(),
        "no hash suffix: {cm_name}"
    );
    assert_eq!(cm["metadata"]["namespace"].as_str(), Some("argocd"));
    assert_eq!(
        cm["data"]["plugin.yaml"].as_str(),
        Some(read(&repo_root().join("deploy/argocd/plugin.yaml")).as_str())
    );

    let dep = one(&docs, "Deployment");
    assert_eq!(dep["metadata"]["name"].as_str(), Some("argocd-repo-server"));
    let template = &dep["spec"]["template"];
    assert_eq!(
        template["metadata"]["annotations"]["kubectl.kubernetes.io/default-container"].as_str(),
        Some("argocd-repo-server"),
        "kubectl logs/exec without -c must reach the repo-server, not the sidecar"
    );
    let pod = &template["spec"];
    let stock_pod = &stock["spec"]["template"]["spec"];

    // Containers: the sidecar added, the repo-server and copyutil exactly as ArgoCD ships them.
    assert_eq!(
        names(&pod["containers"]),
        ["orochart", "argocd-repo-server"]
    );
    assert_eq!(
        named(&pod["containers"], "argocd-repo-server"),
        named(&stock_pod["containers"], "argocd-repo-server")
    );
    assert_eq!(pod["initContainers"], stock_pod["initContainers"]);
    assert_eq!(
        named(&pod["initContainers"], "copyutil")["image"].as_str(),
        Some("quay.io/argoproj/argocd:v3.5.1")
    );

    let sidecar = named(&pod["containers"], "orochart");
    assert_eq!(
        sidecar["image"].as_str(),
        Some("registry.example.com/platform/orochart:0.1.0")
    );
    // The cmp-server that copyutil copies into var-files, as ArgoCD documents it.
    assert_eq!(
        sidecar["command"],
        serde_yaml::from_str::<Yaml>("[/var/run/argocd/argocd-cmp-server]")
            .unwrap_or_else(|e| panic!("{e}"))
    );
    assert!(sidecar["args"].is_null());
    // No settings the 3.5 cmp-server ignores (ARGOCD_EXEC_TIMEOUT).
    assert!(sidecar["env"].is_null(), "{:?}", sidecar["env"]);
    let sc = &sidecar["securityContext"];
    assert_eq!(sc["runAsUser"].as_u64(), Some(999), "the argocd user");
    assert_eq!(sc["runAsNonRoot"].as_bool(), Some(true));
    assert_eq!(sc["readOnlyRootFilesystem"].as_bool(), Some(true));
    assert_eq!(sc["allowPrivilegeEscalation"].as_bool(), Some(false));

    let mounts: Vec<(String, String, Option<String>)> = sidecar["volumeMounts"]
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
    let expect = |name: &str, path: &str, sub: Option<&str>| {
        (name.to_owned(), path.to_owned(), sub.map(str::to_owned))
    };
    assert_eq!(
        mounts,
        [
            expect("var-files", "/var/run/argocd", None),
            expect("plugins", "/home/argocd/cmp-server/plugins", None),
            expect(
                "orochart-cmp",
                "/home/argocd/cmp-server/config/plugin.yaml",
                Some("plugin.yaml")
            ),
            expect("orochart-tmp", "/tmp", None),
        ]
    );

    // Volumes: ArgoCD's own unchanged (var-files and plugins shared with the repo-server), and
    // two more: the hashed ConfigMap and the sidecar's own /tmp.
    let mut want = names(&stock_pod["volumes"]);
    want.splice(0..0, ["orochart-cmp".to_owned(), "orochart-tmp".to_owned()]);
    assert_eq!(names(&pod["volumes"]), want);
    for v in names(&stock_pod["volumes"]) {
        assert_eq!(named(&pod["volumes"], &v), named(&stock_pod["volumes"], &v));
    }
    assert_eq!(
        named(&pod["volumes"], "orochart-cmp")["configMap"]["name"].as_str(),
        Some(cm_name.as_str()),
        "the volume must follow the hashed ConfigMap name"
    );
    assert!(named(&pod["volumes"], "orochart-tmp")["emptyDir"].is_mapping());
    let repo_server_mounts = &named(&pod["containers"], "argocd-repo-server")["volumeMounts"];
    assert!(
        names(repo_server_mounts).contains(&"plugins".to_owned()),
        "the repo-server lists the plugin sockets in the shared plugins volume"
    );

    // Editing plugin.yaml changes the ConfigMap's name, hence the Pod template: the
    // repo-server rolls and the cmp-server reads the new plugin.yaml.
    let scratch = std::env::temp_dir().join(format!("orochart-deploy-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    copy_tree(&repo_root().join("deploy/argocd"), &scratch.join("argocd"));
    copy_tree(&ci, &scratch.join("argocd-ci"));
    let plugin = scratch.join("argocd/plugin.yaml");
    let edited = read(&plugin).replace("version: v1", "version: v2");
    std::fs::write(&plugin, edited).unwrap_or_else(|e| panic!("{e}"));
    let docs2 = build(&kubectl, &scratch.join("argocd-ci"));
    let _ = std::fs::remove_dir_all(&scratch);
    let cm2 = one(&docs2, "ConfigMap")["metadata"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_ne!(cm2, cm_name, "a changed plugin.yaml must change the name");
    assert_eq!(
        named(
            &one(&docs2, "Deployment")["spec"]["template"]["spec"]["volumes"],
            "orochart-cmp"
        )["configMap"]["name"]
            .as_str(),
        Some(cm2.as_str())
    );

    crate::report_ran(
        TEST,
        &format!(
            "deploy/argocd built onto ArgoCD v3.5.1 with {}",
            kubectl.display()
        ),
    );
}

/// `deploy/argocd/helm-values.yaml` (the argo-cd Helm chart route) configures the same plugin
/// and the same sidecar as the Component.
#[test]
fn helm_chart_values_match_the_component() {
    let yaml = |rel: &str| -> Yaml {
        serde_yaml::from_str(&read(&repo_root().join(rel))).unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    let values = yaml("deploy/argocd/helm-values.yaml");
    let plugin = yaml("deploy/argocd/plugin.yaml");
    let patch = yaml("deploy/argocd/repo-server-patch.yaml");
    assert_eq!(values["configs"]["cmp"]["create"].as_bool(), Some(true));
    assert_eq!(
        values["configs"]["cmp"]["plugins"]["orochart"], plugin["spec"],
        "configs.cmp.plugins.orochart must be plugin.yaml's spec"
    );
    assert_eq!(plugin["metadata"]["name"].as_str(), Some("orochart"));

    let strip = |c: &Yaml| -> Yaml {
        let mut c = c.clone();
        if let Some(m) = c.as_mapping_mut() {
            m.remove("image");
            m.remove("volumeMounts");
        }
        c
    };
    let sidecar = &values["repoServer"]["extraContainers"][0];
    let patched = named(&patch["spec"]["template"]["spec"]["containers"], "orochart");
    assert_eq!(strip(sidecar), strip(patched));
    // Mounts: the same paths; plugin.yaml from the chart's argocd-cmp-cm, key orochart.yaml.
    let mounts = |c: &Yaml| -> Vec<(String, Option<String>)> {
        c["volumeMounts"]
            .as_sequence()
            .map(|s| {
                s.iter()
                    .map(|m| {
                        (
                            m["mountPath"].as_str().unwrap_or_default().to_owned(),
                            m["subPath"].as_str().map(str::to_owned),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let want: Vec<(String, Option<String>)> = mounts(patched)
        .into_iter()
        .map(|(p, sub)| (p, sub.map(|_| "orochart.yaml".to_owned())))
        .collect();
    assert_eq!(mounts(sidecar), want);
    let cmp = sidecar["volumeMounts"]
        .as_sequence()
        .and_then(|s| s.iter().find(|m| m["subPath"].as_str().is_some()))
        .map(|m| m["name"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default();
    assert_eq!(
        named(&values["repoServer"]["volumes"], &cmp)["configMap"]["name"].as_str(),
        Some("argocd-cmp-cm")
    );
}
