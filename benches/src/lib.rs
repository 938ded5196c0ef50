//! Shared pieces of the orochart benchmarks (see `benches/README.md`): the example values
//! files, and a generated GitOps repository of many apps with varied values.
//!
//! The examples are the golden cases `golden/orofi-application/example-*/`, byte-identical
//! copies of `../shared/reference/examples/*.yaml`, each with the output real Helm made for it
//! (release and namespace `microservice-identity`): the default profile's Helm, which the
//! benches render as.

use std::path::{Path, PathBuf};

/// The release and namespace the examples' expected output was made for.
pub const EXAMPLE_RELEASE: &str = "microservice-identity";

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// One example: its name, values file and Helm's output for it.
#[derive(Debug, Clone)]
pub struct Example {
    /// `microservice-identity-production`, `minimal`, …
    pub name: String,
    /// The values file's path.
    pub path: PathBuf,
    /// The values file.
    pub values: String,
    /// What `helm template microservice-identity -n microservice-identity -f values.yaml`
    /// printed, for the default Helm profile (`expected-4.3.yaml`; `expected.yaml` is 3.17's).
    pub expected: String,
}

/// The golden file holding the default profile's Helm output: `expected.yaml` is Helm 3.17's,
/// every other profile's is `expected-<version>.yaml`.
pub fn expected_file() -> String {
    match orochart::profile::HelmVersion::default() {
        orochart::profile::HelmVersion::V3_17 => "expected.yaml".to_owned(),
        v => format!("expected-{v}.yaml"),
    }
}

/// Every example, sorted by name.
pub fn examples() -> std::io::Result<Vec<Example>> {
    let golden = repo_root().join("golden/orofi-application");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&golden)? {
        let dir = entry?.path();
        let Some(name) = dir
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_prefix("example-"))
        else {
            continue;
        };
        let path = dir.join("values.yaml");
        out.push(Example {
            name: name.to_owned(),
            values: std::fs::read_to_string(&path)?,
            expected: std::fs::read_to_string(dir.join(expected_file()))?,
            path,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

const WORDS: &[&str] = &[
    "identity",
    "orders",
    "payments",
    "catalog",
    "search",
    "notifications",
    "billing",
    "inventory",
    "shipping",
    "pricing",
    "reviews",
    "gateway",
    "ledger",
];

/// The name of the `i`-th generated service (`svc-007-shipping`).
pub fn service_name(i: usize) -> String {
    format!("svc-{i:03}-{}", WORDS[i % WORDS.len()])
}

/// The values file of generated app (`env_index`, `service_index`): one of the examples (in
/// turn) with the service's own name, image tag, revision history, pod labels and, for every
/// third service, a node selector and a toleration — keys no example sets, so nothing clashes.
pub fn app_values(
    examples: &[Example],
    env: &str,
    env_index: usize,
    service_index: usize,
) -> String {
    let service = service_name(service_index);
    let Some(example) = examples.get((service_index + env_index) % examples.len().max(1)) else {
        return String::new();
    };
    let mut out = String::with_capacity(example.values.len() + 256);
    for line in example
        .values
        .replace("microservice-identity", &service)
        .lines()
    {
        if line.starts_with("  tag: \"") {
            out.push_str(&format!(
                "  tag: \"v{}.{}.{}\"\n",
                env_index + 1,
                service_index,
                service_index % 7
            ));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str(&format!(
        "\nrevisionHistoryLimit: {}\npodLabels:\n  team: team-{}\n  environment: {env}\n",
        2 + service_index % 5,
        service_index % 11
    ));
    if service_index % 3 == 0 {
        out.push_str(&format!(
            "nodeSelector:\n  cloud.google.com/gke-nodepool: pool-{}\ntolerations:\n  - key: dedicated\n    operator: Equal\n    value: {env}\n    effect: NoSchedule\n",
            service_index % 4
        ));
    }
    out
}

/// The environments of a generated fleet.
pub const FLEET_ENVS: &[&str] = &["dev", "production", "staging"];

/// Writes a GitOps repository of `FLEET_ENVS.len() × services` apps under `root`
/// (`root/<env>/<service>/values.yaml`) and returns the number of apps.
pub fn generate_fleet(root: &Path, services: usize) -> std::io::Result<usize> {
    let examples = examples()?;
    let mut n = 0;
    for (e, env) in FLEET_ENVS.iter().enumerate() {
        for s in 0..services {
            let dir = root.join(env).join(service_name(s));
            std::fs::create_dir_all(&dir)?;
            std::fs::write(dir.join("values.yaml"), app_values(&examples, env, e, s))?;
            n += 1;
        }
    }
    Ok(n)
}
