//! The lint helpers: paths, schema walks, schema file names.

use std::path::Path;

use super::manifests::{catalog_name, rank, schema_file_names};
use super::schema_walk::{pointer_path, types_at};
use crate::{KeyPath, Manifest};

#[test]
fn pointers_become_key_paths() {
    let doc = serde_json::json!({"spec": {"ports": [{"name": "x"}], "a/b": 1}});
    assert_eq!(
        pointer_path("/spec/ports/0/name", &doc).to_string(),
        "spec.ports[0].name"
    );
    assert_eq!(pointer_path("/spec/a~1b", &doc).to_string(), "spec.\"a/b\"");
    assert_eq!(pointer_path("", &doc).to_string(), "(root)");
}

#[test]
fn schema_walk_follows_refs_and_branches() {
    let schema = serde_json::json!({
        "type": "object",
        "properties": {"env": {"type": "object", "additionalProperties": {"$ref": "#/$defs/S"}}},
        "$defs": {"S": {"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]}}
    });
    let p = KeyPath::root().key("env").key("X");
    let types = types_at(&schema, &p).unwrap_or_default();
    assert_eq!(
        types.into_iter().collect::<Vec<_>>(),
        vec!["boolean", "number", "string"]
    );
    assert_eq!(types_at(&schema, &KeyPath::root().key("nope")), None);
}

#[test]
fn core_and_crd_kinds_map_to_schema_file_names() {
    let m = |api: &str, kind: &str| {
        Manifest::from_text("t.yaml", &format!("apiVersion: {api}\nkind: {kind}"))
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("{api} {kind} does not parse"))
    };
    assert_eq!(
        schema_file_names(&m("v1", "Service")),
        vec!["service-v1.json"]
    );
    assert_eq!(
        schema_file_names(&m("apps/v1", "Deployment")),
        vec!["deployment-apps-v1.json"]
    );
    assert_eq!(
        schema_file_names(&m("networking.k8s.io/v1", "Ingress")),
        vec![
            "ingress-networking.k8s.io-v1.json",
            "ingress-networking-v1.json"
        ]
    );
    assert_eq!(
        schema_file_names(&m("argoproj.io/v1alpha1", "Rollout")),
        vec!["rollout-argoproj.io-v1alpha1.json"]
    );
}

#[test]
fn custom_resources_also_map_to_the_crds_catalog_layout() {
    let m = Manifest::from_text("t.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Rollout")
        .ok()
        .flatten();
    assert_eq!(
        m.as_ref().and_then(catalog_name).as_deref(),
        Some("argoproj.io/rollout_v1alpha1.json")
    );
    let core = Manifest::from_text("t.yaml", "apiVersion: v1\nkind: Service")
        .ok()
        .flatten();
    assert_eq!(core.as_ref().and_then(catalog_name), None);
}

#[test]
fn strict_schemas_rank_first() {
    assert!(rank(Path::new("crds-strict/a.json")) < rank(Path::new("kubernetes/v1.33/a.json")));
    assert!(rank(Path::new("kubernetes/v1.33/a.json")) < rank(Path::new("crds/a.json")));
}

/// A values.schema.json that is not JSON is named as such (Go's words), not checked.
#[test]
fn a_schema_that_is_not_json_is_reported() {
    let chart = crate::Chart::from_files(
        "c",
        [
            ("Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n"),
            ("values.schema.json", "{\n \"a\": 1,\n}\n"),
        ],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let e = super::value_findings(
        &chart,
        &crate::value::Map::new(),
        &crate::value::Origins::new(),
        &crate::value::Map::new(),
    )
    .err()
    .map(|e| e.to_string());
    assert_eq!(
        e.as_deref(),
        Some("the chart's values.schema.json is not JSON: invalid character '}' looking for beginning of object key string")
    );
}
