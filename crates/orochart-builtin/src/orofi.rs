//! Typed values of the built-in `orofi-application` chart: the single source of truth for its
//! keys. `values.schema.json` is generated from [`OrofiValues`] (`orochart show schema`), and a
//! test checks that the committed file and `values.yaml` agree with these types.
//!
//! The types accept everything Helm accepts *and renders the same way*: env and config values
//! may be strings, numbers or booleans (Helm quotes them), an image tag may be a number. Raw
//! Kubernetes blocks (affinity, tolerations, extraEnv, triggers, trafficPolicy, …) stay free-form.
//!
//! Build values in Rust, with the chart's defaults, and render them:
//!
//! ```
//! use orochart::{Capabilities, Release, Renderer};
//! use orochart_builtin::orofi::{OrofiValues, Scalar};
//!
//! let mut values = OrofiValues::default();
//! values.image.tag = Scalar::String("v1.4.2".into());
//! values.autoscaling.enabled = true;
//! values.config.insert("LOG_LEVEL".into(), Scalar::String("info".into()));
//!
//! let renderer = Renderer::new(orochart_builtin::chart()?)?;
//! let release = Release::new("identity", "identity")?;
//! let rendered = renderer.render(&values.to_values()?, &release, &Capabilities::default())?;
//! let hpa = rendered.manifests.iter().find(|m| m.kind == "HorizontalPodAutoscaler");
//! assert_eq!(hpa.map(|m| m.name.as_str()), Some("identity"));
//! println!("{}", rendered.to_json());
//! # Ok::<(), orochart::Error>(())
//! ```

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use orochart::{Error, Map, Origins, Result, Value, ValueProblem};

/// A free-form Kubernetes block, rendered with `toYaml` as given.
pub type Raw = serde_json::Value;
/// A free-form map block.
pub type RawMap = BTreeMap<String, serde_json::Value>;

/// A string, number or boolean: Helm prints it with `quote`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Scalar {
    /// A string.
    String(String),
    /// A number (prints as Go prints a float64: quote the value when it matters).
    Number(f64),
    /// A boolean (YAML 1.1: `yes`, `no`, `on`, `off` are booleans too).
    Bool(bool),
}

/// An integer or a string such as `25%` (Kubernetes IntOrString).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum IntOrString {
    /// A count.
    Int(i64),
    /// A percentage such as `25%`.
    String(String),
}

/// The values of `orofi-application`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
#[schemars(title = "orofi-application values")]
pub struct OrofiValues {
    /// Replaces the chart name in the app.kubernetes.io/name label.
    pub name_override: String,
    /// Name of every object and value of the `app` label. Defaults to the release name. Truncated to 63 characters.
    pub fullname_override: String,
    /// The Namespace object.
    pub namespace: NamespaceValues,
    /// The container image.
    pub image: Image,
    /// Pod imagePullSecrets, e.g. [{name: artifact-registry}]. Rendered as given.
    pub image_pull_secrets: Vec<Raw>,
    /// Replicas of the Deployment or Rollout. Not rendered when autoscaling.enabled or keda.enabled.
    #[schemars(range(min = 0))]
    pub replica_count: i64,
    /// Old ReplicaSets kept for rollback.
    #[schemars(range(min = 0))]
    pub revision_history_limit: i64,
    /// Port the application listens on; the container port is named "http".
    #[schemars(range(min = 1, max = 65535))]
    pub container_port: i64,
    /// Overrides the image ENTRYPOINT. Rendered as given.
    pub command: Vec<Raw>,
    /// Overrides the image CMD. Rendered as given.
    pub args: Vec<Raw>,
    /// Plain environment variables, NAME: value. Rendered sorted by name, every value as a quoted string.
    pub env: BTreeMap<String, Scalar>,
    /// Extra EnvVar entries (valueFrom, fieldRef, ...), appended after env as given.
    pub extra_env: Vec<Raw>,
    /// Names of Secrets whose keys all become environment variables (envFrom secretRef).
    pub env_from_secrets: Vec<String>,
    /// Application configuration, KEY: value, rendered as the ConfigMap `<fullname>-config`.
    pub config: BTreeMap<String, Scalar>,
    /// Container resources. Rendered as given.
    pub resources: Option<RawMap>,
    /// httpGet probes on the container port "http".
    pub probes: Probes,
    /// Extra pod annotations.
    pub pod_annotations: BTreeMap<String, String>,
    /// Extra pod labels.
    pub pod_labels: BTreeMap<String, String>,
    /// Pod-level securityContext. Rendered as given.
    pub pod_security_context: RawMap,
    /// Container-level securityContext. Rendered as given.
    pub security_context: RawMap,
    /// Pod nodeSelector. Rendered as given.
    pub node_selector: BTreeMap<String, String>,
    /// Pod tolerations. Rendered as given.
    pub tolerations: Vec<Raw>,
    /// Pod affinity. Rendered as given.
    pub affinity: RawMap,
    /// Pod topologySpreadConstraints. Rendered as given.
    pub topology_spread_constraints: Vec<Raw>,
    /// Seconds the pod gets to shut down after SIGTERM.
    #[schemars(range(min = 0))]
    pub termination_grace_period_seconds: i64,
    /// Pod priorityClassName; omitted when empty.
    pub priority_class_name: String,
    /// The ServiceAccount.
    pub service_account: ServiceAccount,
    /// The Service.
    pub service: Service,
    /// HorizontalPodAutoscaler (autoscaling/v2). Cannot be combined with keda.enabled.
    pub autoscaling: Autoscaling,
    /// KEDA ScaledObject (keda.sh/v1alpha1). Cannot be combined with autoscaling.enabled.
    pub keda: Keda,
    /// Argo Rollouts: a Rollout replaces the Deployment when enabled.
    pub rollout: Rollout,
    /// Istio mesh objects.
    pub istio: Istio,
}

/// `namespace`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct NamespaceValues {
    /// Render a Namespace object named after the release namespace (helm -n).
    pub create: bool,
    /// Labels added to the Namespace; istio-injection=enabled turns on sidecar injection.
    pub labels: BTreeMap<String, String>,
    /// Annotations on the Namespace.
    pub annotations: BTreeMap<String, String>,
}

/// `image`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct Image {
    /// Artifact Registry repository of the service image.
    pub repository: String,
    /// Image tag pushed by CI (the commit SHA). Required. Quote it so YAML keeps it a string.
    pub tag: Scalar,
    /// Image digest (sha256:...). When set the container runs repository@digest.
    pub digest: String,
    /// Container imagePullPolicy.
    pub pull_policy: String,
}

/// One httpGet probe.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Probe {
    /// Render the probe.
    #[serde(default)]
    pub enabled: bool,
    /// HTTP path probed.
    #[serde(default)]
    pub path: String,
    /// Seconds before the first probe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub initial_delay_seconds: Option<i64>,
    /// Seconds between probes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub period_seconds: Option<i64>,
    /// Seconds before a probe times out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub timeout_seconds: Option<i64>,
    /// Consecutive failures before the probe fails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0))]
    pub failure_threshold: Option<i64>,
}

/// `probes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct Probes {
    /// The livenessProbe.
    pub liveness: Probe,
    /// The readinessProbe.
    pub readiness: Probe,
    /// The startupProbe (holds the other probes until it succeeds).
    pub startup: Probe,
}

/// `serviceAccount`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct ServiceAccount {
    /// Render a ServiceAccount. The pods run as it either way.
    pub create: bool,
    /// ServiceAccount name. Defaults to the full name, or "default" when create is false.
    pub name: String,
    /// GCP service account bound through GKE Workload Identity.
    pub gcp_service_account: String,
    /// Extra ServiceAccount annotations.
    pub annotations: BTreeMap<String, String>,
}

/// `service`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct Service {
    /// Render the Service `<fullname>` (and `<fullname>-preview` for blueGreen).
    pub enabled: bool,
    /// Service type.
    #[serde(rename = "type")]
    pub service_type: String,
    /// Service port, forwarded to the container port "http".
    #[schemars(range(min = 1, max = 65535))]
    pub port: i64,
    /// Service port name; Istio detects the protocol from the "http" prefix.
    pub port_name: String,
    /// Service annotations.
    pub annotations: BTreeMap<String, String>,
}

/// `autoscaling`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct Autoscaling {
    /// Render the HPA (and stop rendering spec.replicas).
    pub enabled: bool,
    /// Lowest replica count.
    #[schemars(range(min = 0))]
    pub min_replicas: i64,
    /// Highest replica count.
    #[schemars(range(min = 1))]
    pub max_replicas: i64,
    /// Target average CPU utilization (% of requests); no CPU metric when null.
    #[serde(rename = "targetCPUUtilizationPercentage")]
    #[schemars(range(min = 1))]
    pub target_cpu_utilization_percentage: Option<i64>,
    /// Target average memory utilization (% of requests); no memory metric when null.
    #[schemars(range(min = 1))]
    pub target_memory_utilization_percentage: Option<i64>,
    /// HPA spec.behavior (scaleUp/scaleDown policies). Rendered as given.
    pub behavior: RawMap,
}

/// `keda`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct Keda {
    /// Render the ScaledObject (and stop rendering spec.replicas).
    pub enabled: bool,
    /// Lowest replica count (0 allows scale to zero with event triggers).
    #[schemars(range(min = 0))]
    pub min_replica_count: i64,
    /// Highest replica count.
    #[schemars(range(min = 1))]
    pub max_replica_count: i64,
    /// Seconds between trigger checks.
    #[schemars(range(min = 1))]
    pub polling_interval: i64,
    /// Seconds after the last active trigger before scaling to minReplicaCount.
    #[schemars(range(min = 0))]
    pub cooldown_period: i64,
    /// KEDA triggers, rendered as given. When empty, a single cpu trigger is rendered.
    pub triggers: Vec<Raw>,
    /// ScaledObject spec.advanced (e.g. horizontalPodAutoscalerConfig). Rendered as given.
    pub advanced: RawMap,
}

/// `rollout`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct Rollout {
    /// Render a Rollout instead of the Deployment.
    pub enabled: bool,
    /// "canary" or "blueGreen"; any other value fails the render.
    pub strategy: String,
    /// The canary strategy.
    pub canary: Canary,
    /// The blueGreen strategy.
    pub blue_green: BlueGreen,
}

/// `rollout.canary`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct Canary {
    /// Canary steps, rendered as given.
    pub steps: Vec<Raw>,
    /// Extra pods allowed above the desired count during an update.
    pub max_surge: IntOrString,
    /// Pods allowed to be unavailable during an update.
    pub max_unavailable: IntOrString,
    /// Shift traffic with Istio subset-level routing. Requires istio.virtualService.enabled.
    pub traffic_routing: bool,
}

/// `rollout.blueGreen`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct BlueGreen {
    /// Promote the preview ReplicaSet to active without a manual promote.
    pub auto_promotion_enabled: bool,
    /// Seconds the old ReplicaSet keeps running after a promotion.
    #[schemars(range(min = 0))]
    pub scale_down_delay_seconds: i64,
}

/// `istio`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct Istio {
    /// Outbound ports whose traffic bypasses the Istio sidecar, comma separated. Omitted when empty.
    pub exclude_outbound_ports: Scalar,
    /// The VirtualService.
    pub virtual_service: VirtualService,
    /// The DestinationRule.
    pub destination_rule: DestinationRule,
    /// The namespace-wide PeerAuthentication.
    pub peer_authentication: PeerAuthentication,
    /// The Telemetry.
    pub telemetry: Telemetry,
}

/// `istio.virtualService`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct VirtualService {
    /// Render a VirtualService routing to the Service through the HTTP route "primary".
    pub enabled: bool,
    /// Hosts the VirtualService matches. Defaults to the Service host when empty.
    pub hosts: Vec<String>,
    /// Gateways it binds to. Empty means in-mesh traffic only.
    pub gateways: Vec<String>,
    /// Route timeout (e.g. "30s"); omitted when empty.
    pub timeout: String,
    /// Route retry policy (attempts, perTryTimeout, retryOn). Rendered as given.
    pub retries: RawMap,
}

/// `istio.destinationRule`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct DestinationRule {
    /// Render a DestinationRule with trafficPolicy for the Service host.
    pub enabled: bool,
    /// DestinationRule spec.trafficPolicy, rendered as given.
    pub traffic_policy: RawMap,
}

/// `istio.peerAuthentication`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct PeerAuthentication {
    /// Render a namespace-wide PeerAuthentication.
    pub enabled: bool,
    /// mTLS mode: STRICT, PERMISSIVE or DISABLE.
    #[schemars(extend("enum" = ["STRICT", "PERMISSIVE", "DISABLE", "UNSET"]))]
    pub mode: String,
}

/// `istio.telemetry`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct Telemetry {
    /// Render a Telemetry (telemetry.istio.io/v1) for the service's pods.
    pub enabled: bool,
    /// Percentage of requests traced.
    #[schemars(range(min = 0, max = 100))]
    pub tracing_sampling_percentage: f64,
    /// Turn on Envoy access logs (provider "envoy").
    pub access_logging: bool,
}

fn probe(
    enabled: bool,
    initial: Option<i64>,
    period: i64,
    timeout: Option<i64>,
    failures: i64,
) -> Probe {
    Probe {
        enabled,
        path: "/health".into(),
        initial_delay_seconds: initial,
        period_seconds: Some(period),
        timeout_seconds: timeout,
        failure_threshold: Some(failures),
    }
}

fn map<const N: usize>(pairs: [(&str, serde_json::Value); N]) -> RawMap {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

impl Default for OrofiValues {
    fn default() -> Self {
        use serde_json::json;
        OrofiValues {
            name_override: String::new(),
            fullname_override: String::new(),
            namespace: NamespaceValues::default(),
            image: Image::default(),
            image_pull_secrets: Vec::new(),
            replica_count: 2,
            revision_history_limit: 3,
            container_port: 80,
            command: Vec::new(),
            args: Vec::new(),
            env: BTreeMap::new(),
            extra_env: Vec::new(),
            env_from_secrets: Vec::new(),
            config: BTreeMap::new(),
            resources: Some(map([
                ("requests", json!({"cpu": "100m", "memory": "128Mi"})),
                ("limits", json!({"memory": "256Mi"})),
            ])),
            probes: Probes::default(),
            pod_annotations: BTreeMap::new(),
            pod_labels: BTreeMap::new(),
            pod_security_context: RawMap::new(),
            security_context: RawMap::new(),
            node_selector: BTreeMap::new(),
            tolerations: Vec::new(),
            affinity: RawMap::new(),
            topology_spread_constraints: Vec::new(),
            termination_grace_period_seconds: 30,
            priority_class_name: String::new(),
            service_account: ServiceAccount::default(),
            service: Service::default(),
            autoscaling: Autoscaling::default(),
            keda: Keda::default(),
            rollout: Rollout::default(),
            istio: Istio::default(),
        }
    }
}

impl Default for NamespaceValues {
    fn default() -> Self {
        NamespaceValues {
            create: true,
            labels: [("istio-injection".to_owned(), "enabled".to_owned())].into(),
            annotations: BTreeMap::new(),
        }
    }
}

impl Default for Image {
    fn default() -> Self {
        Image {
            repository: "us-central1-docker.pkg.dev/orofi-dev-cloud/orofi/app".into(),
            tag: Scalar::String(String::new()),
            digest: String::new(),
            pull_policy: "IfNotPresent".into(),
        }
    }
}

impl Default for Probe {
    fn default() -> Self {
        probe(false, None, 5, None, 30)
    }
}

impl Default for Probes {
    fn default() -> Self {
        Probes {
            liveness: probe(true, Some(30), 300, Some(1), 3),
            readiness: probe(true, Some(30), 5, Some(1), 3),
            startup: probe(false, None, 5, None, 30),
        }
    }
}

impl Default for ServiceAccount {
    fn default() -> Self {
        ServiceAccount {
            create: true,
            name: String::new(),
            gcp_service_account: String::new(),
            annotations: BTreeMap::new(),
        }
    }
}

impl Default for Service {
    fn default() -> Self {
        Service {
            enabled: true,
            service_type: "ClusterIP".into(),
            port: 80,
            port_name: "http".into(),
            annotations: BTreeMap::new(),
        }
    }
}

impl Default for Autoscaling {
    fn default() -> Self {
        Autoscaling {
            enabled: false,
            min_replicas: 2,
            max_replicas: 10,
            target_cpu_utilization_percentage: Some(80),
            target_memory_utilization_percentage: None,
            behavior: RawMap::new(),
        }
    }
}

impl Default for Keda {
    fn default() -> Self {
        Keda {
            enabled: false,
            min_replica_count: 1,
            max_replica_count: 10,
            polling_interval: 30,
            cooldown_period: 300,
            triggers: Vec::new(),
            advanced: RawMap::new(),
        }
    }
}

impl Default for Rollout {
    fn default() -> Self {
        use serde_json::json;
        Rollout {
            enabled: false,
            strategy: "canary".into(),
            canary: Canary {
                steps: vec![
                    json!({"setWeight": 10}),
                    json!({"pause": {"duration": "5m"}}),
                    json!({"setWeight": 30}),
                    json!({"pause": {"duration": "5m"}}),
                ],
                max_surge: IntOrString::String("25%".into()),
                max_unavailable: IntOrString::Int(0),
                traffic_routing: false,
            },
            blue_green: BlueGreen::default(),
        }
    }
}

impl Default for Canary {
    fn default() -> Self {
        Rollout::default().canary
    }
}

impl Default for BlueGreen {
    fn default() -> Self {
        BlueGreen {
            auto_promotion_enabled: false,
            scale_down_delay_seconds: 30,
        }
    }
}

impl Default for Istio {
    fn default() -> Self {
        use serde_json::json;
        Istio {
            exclude_outbound_ports: Scalar::String("6379".into()),
            virtual_service: VirtualService::default(),
            destination_rule: DestinationRule {
                enabled: false,
                traffic_policy: map([
                    ("loadBalancer", json!({"simple": "LEAST_REQUEST"})),
                    (
                        "connectionPool",
                        json!({"tcp": {"maxConnections": 100}, "http": {"http1MaxPendingRequests": 100}}),
                    ),
                    (
                        "outlierDetection",
                        json!({"consecutive5xxErrors": 5, "interval": "30s", "baseEjectionTime": "30s", "maxEjectionPercent": 50}),
                    ),
                ]),
            },
            peer_authentication: PeerAuthentication {
                enabled: true,
                mode: "STRICT".into(),
            },
            telemetry: Telemetry {
                enabled: false,
                tracing_sampling_percentage: 10.0,
                access_logging: false,
            },
        }
    }
}

impl Default for DestinationRule {
    fn default() -> Self {
        Istio::default().destination_rule
    }
}

impl Default for PeerAuthentication {
    fn default() -> Self {
        Istio::default().peer_authentication
    }
}

impl Default for Telemetry {
    fn default() -> Self {
        Istio::default().telemetry
    }
}

impl OrofiValues {
    /// The JSON schema of the values (`values.schema.json`), pretty-printed with a final newline.
    pub fn json_schema() -> String {
        let schema = schemars::schema_for!(OrofiValues);
        let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The values as the values tree templates see (numbers as floats, as from a values file).
    pub fn to_values(&self) -> Result<Map> {
        let json = serde_json::to_value(self).map_err(|e| Error::Invalid(e.to_string()))?;
        let v: Value = serde_json::from_value(json).map_err(|e| Error::Invalid(e.to_string()))?;
        match floats(v) {
            Value::Map(m) => Ok(m),
            _ => Err(Error::Invalid("values must be a map".into())),
        }
    }

    /// Reads final (coalesced) values into the typed form.
    pub fn from_values(values: &Map) -> Result<OrofiValues> {
        let json = serde_json::to_value(values).map_err(|e| Error::Invalid(e.to_string()))?;
        serde_json::from_value(json).map_err(|e| Error::Invalid(e.to_string()))
    }
}

/// Helm reads every number in a values file as a float64.
fn floats(v: Value) -> Value {
    match v {
        Value::Int(i) => Value::Float(i as f64),
        Value::List(l) => Value::List(l.into_iter().map(floats).collect()),
        Value::Map(m) => Value::Map(m.into_iter().map(|(k, v)| (k, floats(v))).collect()),
        other => other,
    }
}

/// Checks one layer of user values against the typed values; every problem, with its origin.
pub fn check_layer(values: &Map, origins: &Origins) -> Vec<ValueProblem> {
    let schema = schemars::schema_for!(OrofiValues);
    let json = serde_json::to_value(&schema).unwrap_or(serde_json::Value::Bool(true));
    orochart::schema::check(&json, values, origins)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart_values() -> Map {
        let text = include_str!("../chart/values.yaml");
        orochart::parse_values(text, "values.yaml")
            .map(|(m, _)| m)
            .unwrap_or_default()
    }

    #[test]
    fn type_defaults_agree_with_values_yaml() {
        let defaults = OrofiValues::default().to_values().unwrap_or_default();
        let chart = chart_values();
        assert!(!chart.is_empty());
        assert_eq!(defaults, chart);
    }

    #[test]
    fn values_yaml_passes_its_own_types() {
        assert_eq!(check_layer(&chart_values(), &Origins::new()), vec![]);
    }

    #[test]
    fn committed_values_schema_json_is_current() {
        let committed = include_str!("../chart/values.schema.json");
        assert!(
            committed == OrofiValues::json_schema(),
            "charts/orofi-application/values.schema.json is stale: run `cargo run -p orochart-cli -- show schema > charts/orofi-application/values.schema.json`"
        );
    }
}
