//! `orochart lint`, the rest of the shippable CLI (`--version`, `completion`, `--help`
//! examples), and every golden case's manifests against the strict Kubernetes schemas.
//!
//! Schema tests use the schemas the repository ships (`schemas/`, see its README); the others
//! bring their own schema.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::{read, read_args, repo_root};

/// A scratch folder, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let p = std::env::temp_dir().join(format!("orochart-lint-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        Scratch(p)
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.0.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
        }
        std::fs::write(&p, text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orochart"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .output()
        .unwrap_or_else(|e| panic!("cannot run orochart: {e}"))
}

/// The schemas the repository ships (`schemas/`, written by `tools/make-schemas`).
fn repo_schemas() -> PathBuf {
    let dir = repo_root().join("schemas");
    assert!(
        dir.join("kubernetes").is_dir() && dir.join("crds-strict").is_dir(),
        "{} is missing (tools/make-schemas writes it)",
        dir.display()
    );
    dir.canonicalize().unwrap_or(dir)
}

/// The lines of a failed lint (stderr), checked for exit 1 and an empty stdout.
fn failed_lines(out: &Output) -> Vec<String> {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "expected exit 1:\n{stderr}");
    assert!(
        out.stdout.is_empty(),
        "stdout must be empty on failure:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    stderr.lines().map(str::to_owned).collect()
}

fn assert_has(lines: &[String], want: &str) {
    assert!(
        lines.iter().any(|l| l.trim() == want),
        "missing line:\n  {want}\nin:\n{}",
        lines.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// lint

#[test]
fn a_values_file_with_several_problems_reports_all_of_them() {
    let dir = Scratch::new("several");
    dir.write(
        "values.yaml",
        "image:\n  tag: abc123\nautoscaling:\n  enabeld: true\nreplicaCount: three\nenv:\n  FEATURE_X: no\n  QUOTA: 2000000\n  ON: key\nservice:\n  port: 8080\n  typo: x\n",
    );
    let out = run(&dir.0, &["lint", "identity", "-f", "values.yaml"]);
    let lines = failed_lines(&out);
    assert_eq!(lines[0], "Error: lint found 3 errors, 3 warnings:");
    assert_has(&lines, "error: values.yaml:4:3: `autoscaling.enabeld`: unknown key `enabeld` (did you mean `enabled`?)");
    assert_has(
        &lines,
        "error: values.yaml:5:1: `replicaCount`: expected integer, got string `three`",
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("values.yaml:12:3: `service.typo`: unknown key `typo`")),
        "{lines:?}"
    );
    assert_has(
        &lines,
        "warning: values.yaml:7:3: `env.FEATURE_X`: `no` is read as the boolean false (YAML 1.1), where a string is expected; it renders as \"false\" (quote it (\"no\") to keep the string)",
    );
    assert_has(
        &lines,
        "warning: values.yaml:8:3: `env.QUOTA`: the number 2000000 is a float64 in Helm, and templates print it as `2e+06` (quote it (\"2000000\") to keep the digits as a string)",
    );
    assert_has(
        &lines,
        "warning: values.yaml:9:3: `env.true`: the key `ON` is read as the boolean true (YAML 1.1), so the key is `true` (quote it (\"ON\") to keep the key `ON`)",
    );
}

/// YAML 1.1 boolean words, by what the schema accepts where they are written: a boolean only
/// (Helm reads what was meant; YAML 1.2 readers do not), string or boolean (the author meant
/// the string), a string only (a schema error), no schema at all (a chart without one).
#[test]
fn yaml11_boolean_words_warn_by_what_the_key_accepts() {
    let dir = Scratch::new("yaml11");
    dir.write(
        "values.yaml",
        "image:\n  tag: abc123\nnamespace:\n  create: no\nautoscaling:\n  enabled: false\nenv:\n  DEBUG: On\n",
    );
    let out = run(&dir.0, &["lint", "identity", "-f", "values.yaml"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<String> = stdout.lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert_has(
        &lines,
        "warning: values.yaml:4:3: `namespace.create`: `no` is the boolean false only in YAML 1.1, as Helm reads it; YAML 1.2 tools (editors checking values.schema.json) read the string \"no\" (write `false`)",
    );
    assert_has(
        &lines,
        "warning: values.yaml:8:3: `env.DEBUG`: `On` is read as the boolean true (YAML 1.1), where a string is expected; it renders as \"true\" (quote it (\"On\") to keep the string)",
    );

    // A string-only key: the schema check's error says why.
    dir.write(
        "strings.yaml",
        "image:\n  tag: abc123\npodAnnotations:\n  sidecar: yes\n",
    );
    let lines = failed_lines(&run(&dir.0, &["lint", "identity", "-f", "strings.yaml"]));
    assert_has(
        &lines,
        "error: strings.yaml:4:3: `podAnnotations.sidecar`: expected string, got boolean `true` (YAML 1.1 reads unquoted yes/no/on/off/y/n as the boolean true; quote the value to keep it a string)",
    );
    assert!(
        !lines.iter().any(|l| l.trim_start().starts_with("warning:")),
        "{lines:?}"
    );

    // A chart without values.schema.json: every such word warns; `true` and quoted words not.
    dir.write("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\nannotations:\n  orochart.io/template-dialect: minijinja\n");
    dir.write("c/values.yaml", "feature: true\n");
    dir.write(
        "c/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  f: {{ Values.feature | quote }}\n",
    );
    dir.write(
        "free.yaml",
        "feature: Y\nmode: \"off\"\nready: true\nlist: [n, x]\n",
    );
    let out = run(&dir.0, &["lint", "x", "c", "-f", "free.yaml"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<String> = stdout.lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 3, "{stdout}");
    assert_has(
        &lines,
        "warning: free.yaml:1:1: `feature`: `Y` is read as the boolean true (YAML 1.1); a template prints it as `true` (write `true` for the boolean, or quote it (\"Y\") to keep the string)",
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("`list[0]`: `n` is read as the boolean false")),
        "{stdout}"
    );
}

/// The words are found by how the YAML reader read them, wherever they are written: a value
/// on the line after its key (past a comment), in a flow mapping, a list item. A tagged,
/// anchored or aliased boolean, or a quoted word, is written as meant: no warning.
#[test]
fn yaml11_boolean_words_are_found_by_how_they_were_written() {
    let dir = Scratch::new("yaml11-written");
    dir.write("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\nannotations:\n  orochart.io/template-dialect: minijinja\n");
    dir.write("c/values.yaml", "a: 1\n");
    dir.write(
        "c/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ Values.a | quote }}\n",
    );
    dir.write(
        "v.yaml",
        "feature:\n  # the switch\n  no\nflow: {a: yes, b: 'on'}\ntagged: !!bool yes\nanchored: &x off\naliased: *x\nlist:\n- \"y\"\n- n # a comment\nON: k\n\"OFF\": k\n",
    );
    let out = run(&dir.0, &["lint", "x", "c", "-f", "v.yaml"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<String> = stdout.lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 5, "{stdout}");
    for want in [
        "warning: v.yaml:1:1: `feature`: `no` is read as the boolean false (YAML 1.1)",
        "warning: v.yaml:4:8: `flow.a`: `yes` is read as the boolean true (YAML 1.1)",
        "warning: v.yaml:10:3: `list[1]`: `n` is read as the boolean false (YAML 1.1)",
        "warning: v.yaml:11:1: `true`: the key `ON` is read as the boolean true (YAML 1.1)",
    ] {
        assert!(lines.iter().any(|l| l.contains(want)), "{want}\n{stdout}");
    }
}

#[test]
fn warnings_alone_pass_unless_strict() {
    let dir = Scratch::new("warnings");
    dir.write(
        "values.yaml",
        "image:\n  tag: abc123\nenv:\n  DEBUG: off\n  QUOTED: \"off\"\n  REAL_BOOL: false\n",
    );
    let out = run(&dir.0, &["lint", "identity", "-f", "values.yaml"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("lint: 0 errors, 1 warning (release `identity`, chart `orofi-application`, 5 manifests)"), "{stdout}");
    assert!(
        stdout.contains("values.yaml:4:3: `env.DEBUG`: `off` is read as the boolean false"),
        "{stdout}"
    );
    // `"off"` and `false` are what they look like: no warning.
    assert!(
        !stdout.contains("QUOTED") && !stdout.contains("REAL_BOOL"),
        "{stdout}"
    );

    let out = run(
        &dir.0,
        &["lint", "identity", "-f", "values.yaml", "--strict"],
    );
    let lines = failed_lines(&out);
    assert_eq!(lines[0], "Error: lint found 0 errors, 1 warning:");
}

#[test]
fn a_render_error_is_reported_with_the_values_problems() {
    let dir = Scratch::new("render-error");
    dir.write("values.yaml", "autoscaling:\n  enabeld: true\n");
    let lines = failed_lines(&run(&dir.0, &["lint", "identity", "-f", "values.yaml"]));
    assert_eq!(lines[0], "Error: lint found 2 errors, 0 warnings:");
    assert!(
        lines[1].contains("`autoscaling.enabeld`: unknown key"),
        "{lines:?}"
    );
    assert!(
        lines[2].contains(
            "error: render failed: execution error at (orofi-application/templates/deployment.yaml"
        ),
        "{lines:?}"
    );
}

/// A chart whose Deployment template misspells `containerPort`, and a strict schema for it.
fn misspelled_chart(dir: &Scratch) {
    dir.write(
        "chart/Chart.yaml",
        "apiVersion: v2\nname: typo\nversion: 0.1.0\n",
    );
    dir.write("chart/values.yaml", "port: 8080\n");
    dir.write(
        "chart/templates/deployment.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  selector:\n    matchLabels:\n      app: x\n  template:\n    metadata:\n      labels:\n        app: x\n    spec:\n      containers:\n        - name: app\n          image: nginx\n          ports:\n            - contianerPort: {{ .Values.port }}\n",
    );
}

#[test]
fn schema_validation_catches_a_misspelled_field_in_a_rendered_manifest() {
    let dir = Scratch::new("misspelled");
    misspelled_chart(&dir);
    // A small strict schema in the kubernetes-validate layout, so the test needs no fixtures.
    dir.write(
        "schemas/kubernetes/v1.33/deployment-apps-v1.json",
        r##"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
  "properties": {"apiVersion": {"enum": ["apps/v1"]}, "kind": {"enum": ["Deployment"]},
    "metadata": {"type": "object"},
    "spec": {"type": "object", "additionalProperties": false, "properties": {
      "selector": {"type": "object"},
      "template": {"type": "object", "additionalProperties": false, "properties": {
        "metadata": {"type": "object"},
        "spec": {"type": "object", "additionalProperties": false, "properties": {
          "containers": {"type": "array", "items": {"$ref": "#/$defs/Container"}}}}}}}}},
  "$defs": {"Container": {"type": "object", "required": ["name"], "additionalProperties": false, "properties": {
    "name": {"type": "string"}, "image": {"type": "string"},
    "ports": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["containerPort"],
      "properties": {"containerPort": {"type": "integer"}, "name": {"type": "string"}}}}}}}}"##,
    );
    let lines = failed_lines(&run(
        &dir.0,
        &["lint", "web", "chart", "--schema-dir", "schemas"],
    ));
    assert_eq!(lines[0], "Error: lint found 2 errors, 0 warnings:");
    let doc = "typo/templates/deployment.yaml: Deployment `web`";
    assert_has(
        &lines,
        &format!("error: {doc}: `spec.template.spec.containers[0].ports[0]`: missing required field `containerPort`"),
    );
    assert_has(
        &lines,
        &format!("error: {doc}: `spec.template.spec.containers[0].ports[0].contianerPort`: unknown field `contianerPort` (did you mean `containerPort`?)"),
    );
}

#[test]
fn schema_validation_with_the_repository_strict_schemas() {
    let schemas = repo_schemas().to_string_lossy().into_owned();
    let dir = Scratch::new("repo-schemas");
    misspelled_chart(&dir);
    let lines = failed_lines(&run(
        &dir.0,
        &["lint", "web", "chart", "--schema-dir", &schemas],
    ));
    assert_has(
        &lines,
        "error: typo/templates/deployment.yaml: Deployment `web`: `spec.template.spec.containers[0].ports[0].contianerPort`: unknown field `contianerPort` (did you mean `containerPort`?)",
    );

    // The built-in chart: raw blocks are rendered as given, so their typos reach the manifest.
    dir.write(
        "values.yaml",
        "image:\n  tag: v1\nextraEnv:\n  - name: A\n    vaule: x\nistio:\n  virtualService:\n    enabled: true\n    hosts: [identity.example.com]\n",
    );
    let lines = failed_lines(&run(
        &dir.0,
        &[
            "lint",
            "identity",
            "-f",
            "values.yaml",
            "--schema-dir",
            &schemas,
        ],
    ));
    assert_has(
        &lines,
        "error: orofi-application/templates/deployment.yaml: Deployment `identity`: `spec.template.spec.containers[0].env[0].vaule`: unknown field `vaule` (did you mean `value`?)",
    );
    // A kind the folder has no schema for is a warning, not a pass.
    let out = run(
        &dir.0,
        &["lint", "web", "chart", "--schema-dir", "values.yaml"],
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--schema-dir `values.yaml` is not a folder")
    );
}

/// A folder in the CRDs-catalog layout (`<group>/<kind>_<version>.json`) works as it is.
#[test]
fn a_crds_catalog_folder_validates_custom_resources() {
    let dir = Scratch::new("catalog");
    dir.write("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
    dir.write("c/values.yaml", "{}\n");
    dir.write(
        "c/templates/rollout.yaml",
        "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  strategy:\n    canary:\n      stepz: []\n",
    );
    // The shape CRDs-catalog files have: no $schema, closed objects.
    dir.write(
        "catalog/argoproj.io/rollout_v1alpha1.json",
        r#"{"type": "object", "properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"},
  "metadata": {"type": "object"},
  "spec": {"type": "object", "additionalProperties": false, "properties": {
    "replicas": {"type": "integer"},
    "strategy": {"type": "object", "additionalProperties": false, "properties": {
      "canary": {"type": "object", "additionalProperties": false, "properties": {
        "steps": {"type": "array"}}}}}}}}}"#,
    );
    let lines = failed_lines(&run(
        &dir.0,
        &["lint", "web", "c", "--schema-dir", "catalog"],
    ));
    assert_has(
        &lines,
        "error: c/templates/rollout.yaml: Rollout `web`: `spec.strategy.canary.stepz`: unknown field `stepz` (did you mean `steps`?)",
    );
}

/// `tools/make-schemas crd` on a CRD (JSON, as `kubectl get crd -o json` prints it): one file
/// per served version, `nullable` and int-or-string converted, objects closed unless they
/// preserve unknown fields; and lint then finds typos with it.
#[test]
fn make_schemas_converts_a_crd_that_lint_then_uses() {
    let dir = Scratch::new("make-schemas");
    let version = |name: &str, served: bool| {
        serde_json::json!({
            "name": name, "served": served, "storage": served,
            "schema": {"openAPIV3Schema": {"type": "object", "properties": {
                "apiVersion": {"type": "string"}, "kind": {"type": "string"},
                "metadata": {"type": "object"},
                "spec": {"type": "object", "required": ["port"], "properties": {
                    "port": {"x-kubernetes-int-or-string": true},
                    "note": {"type": "string", "nullable": true},
                    "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": true,
                              "properties": {"known": {"type": "string"}}}
                }}
            }}}
        })
    };
    let crd = serde_json::json!({
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": "widgets.example.com"},
        "spec": {"group": "example.com", "names": {"kind": "Widget"},
                 "versions": [version("v1", true), version("v1alpha1", false)]}
    });
    dir.write("widgets.json", &crd.to_string());
    let out = Command::new(repo_root().join("tools/make-schemas"))
        .args(["crd", "widgets.json", "-o", "schemas"])
        .current_dir(&dir.0)
        .output()
        .unwrap_or_else(|e| panic!("tools/make-schemas: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = dir.0.join("schemas/crds-strict/widget-example.com-v1.json");
    let schema: serde_json::Value =
        serde_json::from_str(&read(&written)).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !dir.0
            .join("schemas/crds-strict/widget-example.com-v1alpha1.json")
            .exists(),
        "a version that is not served has no schema"
    );
    let spec = &schema["properties"]["spec"];
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(spec["additionalProperties"], false);
    assert_eq!(
        spec["properties"]["port"]["anyOf"],
        serde_json::json!([{"type": "integer"}, {"type": "string"}])
    );
    assert_eq!(
        spec["properties"]["note"]["type"],
        serde_json::json!(["string", "null"])
    );
    assert!(spec["properties"]["extra"]
        .get("additionalProperties")
        .is_none());
    assert_eq!(
        schema["properties"]["apiVersion"]["enum"],
        serde_json::json!(["example.com/v1"])
    );

    dir.write("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
    dir.write("c/values.yaml", "{}\n");
    dir.write(
        "c/templates/widget.yaml",
        "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  port: http\n  note: null\n  extra:\n    anything: 1\n  prot: 80\n",
    );
    let lines = failed_lines(&run(&dir.0, &["lint", "w", "c", "--schema-dir", "schemas"]));
    assert_has(
        &lines,
        "error: c/templates/widget.yaml: Widget `w`: `spec.prot`: unknown field `prot` (did you mean `port`?)",
    );
    assert_eq!(lines.len(), 2, "only the typo: {lines:?}");
}

#[test]
fn a_kind_without_a_schema_is_a_warning() {
    let dir = Scratch::new("no-schema");
    misspelled_chart(&dir);
    std::fs::create_dir_all(dir.0.join("schemas")).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&dir.0, &["lint", "web", "chart", "--schema-dir", "schemas"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("warning: typo/templates/deployment.yaml: Deployment `web`: no schema for kind `Deployment` apiVersion `apps/v1` in `schemas` (add `deployment-apps-v1.json`)"),
        "{stdout}"
    );
}

// ---------------------------------------------------------------------------------------------
// Every golden case against the strict schemas (issue 3, item 7)

/// The value flags of a golden case (`--show-only` only filters output, so it is dropped).
fn case_options(case: &Path) -> orochart::ValueOptions {
    let mut o = orochart::ValueOptions {
        values_files: vec!["values.yaml".into()],
        ..Default::default()
    };
    let args = read_args(&case.join("flags"));
    for pair in args.chunks(2) {
        let [flag, value] = pair else {
            panic!("{}: odd flags file", case.display());
        };
        let list = match flag.as_str() {
            "-f" | "--values" => &mut o.values_files,
            "--set" => &mut o.set,
            "--set-string" => &mut o.set_string,
            "--set-json" => &mut o.set_json,
            "--set-file" => &mut o.set_file,
            "--set-literal" => &mut o.set_literal,
            "--show-only" | "-s" => continue,
            other => panic!("{}: flag {other} is not handled here", case.display()),
        };
        list.push(value.clone());
    }
    o
}

/// Golden cases whose manifests Kubernetes would refuse, as Helm renders them: the lint must
/// keep finding exactly this.
const KNOWN_INVALID: &[(&str, &[&str])] = &[
    // env key `ON` is the YAML 1.1 boolean true: the env var is named `true`, unquoted.
    (
        "env-yaml11",
        &["orofi-application/templates/deployment.yaml: Deployment `microservice-identity`: `spec.template.spec.containers[0].env[17].name`: expected string, got true"],
    ),
    // replicaCount 1000000 and terminationGracePeriodSeconds 3600000 print as 1e+06 / 3.6e+06.
    (
        "numbers-unquoted",
        &[
            "orofi-application/templates/deployment.yaml: Deployment `microservice-identity`: `spec.replicas`: expected integer or null, got 1000000.0",
            "orofi-application/templates/deployment.yaml: Deployment `microservice-identity`: `spec.template.spec.terminationGracePeriodSeconds`: expected integer or null, got 3600000.0",
        ],
    ),
];

#[test]
fn every_golden_manifest_validates_against_strict_schemas() {
    let schemas = repo_schemas();
    let mut index = orochart::lint::SchemaIndex::load(&schemas).unwrap_or_else(|e| panic!("{e:?}"));
    let renderer =
        orochart::Renderer::new(orochart_builtin::chart().unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
    let release = orochart::Release::new("microservice-identity", "microservice-identity")
        .unwrap_or_else(|e| panic!("{e}"));
    let caps = orochart::Capabilities::default();

    let golden = repo_root().join("golden/orofi-application");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&golden)
        .unwrap_or_else(|e| panic!("{}: {e}", golden.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("expected.yaml").is_file())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 40,
        "only {} golden cases render",
        cases.len()
    );

    let mut failures = Vec::new();
    let mut documents = 0;
    let mut kinds = std::collections::BTreeSet::new();
    for case in &cases {
        let name = case
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let read_case =
            |p: &str| std::fs::read_to_string(case.join(p)).map_err(|e| orochart::Error::io(p, e));
        let values = renderer
            .values(&case_options(case), &read_case)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let rendered = renderer
            .render(&values, &release, &caps)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut found = Vec::new();
        for m in rendered.all().filter(|m| !m.kind.is_empty()) {
            documents += 1;
            kinds.insert(format!("{}/{}", m.api_version, m.kind));
            match index
                .validate(m)
                .unwrap_or_else(|e| panic!("{name}: {e:?}"))
            {
                Some(f) => found.extend(f.iter().map(|f| {
                    // Compare without the hint: the message and location are the contract.
                    let mut f = f.clone();
                    f.hint = None;
                    f.to_string().trim_start_matches("error: ").to_owned()
                })),
                None => found.push(format!("no schema for {} {}", m.api_version, m.kind)),
            }
        }
        let expected: Vec<String> = KNOWN_INVALID
            .iter()
            .find(|(c, _)| *c == name)
            .map(|(_, f)| f.iter().map(|s| (*s).to_owned()).collect())
            .unwrap_or_default();
        if found != expected {
            failures.push(format!(
                "{name}:\n  expected {expected:#?}\n  found {found:#?}"
            ));
        }
    }
    assert!(kinds.len() >= 10, "too few kinds exercised: {kinds:?}");
    assert!(
        failures.is_empty(),
        "{} of {} golden cases ({documents} documents) differ from the expected schema findings:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// A CLI a team can ship

#[test]
fn version_completion_and_help_examples() {
    let root = repo_root();
    let out = run(&root, &["--version"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("orochart {}\n", env!("CARGO_PKG_VERSION"))
    );

    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run(&root, &["completion", shell]);
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && script.contains("orochart"),
            "completion {shell}"
        );
        assert!(
            script.contains("argocd") && script.contains("lint"),
            "completion {shell} lacks subcommands"
        );
    }
    let out = run(&root, &["completion", "tcsh"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );

    for sub in [
        &["render"][..],
        &["show"],
        &["lint"],
        &["argocd"],
        &["argocd", "generate"],
        &["argocd", "parameters"],
        &["completion"],
    ] {
        let mut args = sub.to_vec();
        args.push("--help");
        let out = run(&root, &args);
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{args:?}");
        assert!(
            help.contains("Examples:\n  # "),
            "`orochart {}` --help shows no examples:\n{help}",
            sub.join(" ")
        );
    }
    // The README's install section names the image's binary path from plugin.yaml.
    assert!(read(&root.join("README.md")).contains("orochart-v1"));
}
