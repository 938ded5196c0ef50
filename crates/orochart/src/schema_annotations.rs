//! JSON Schema's annotation keywords, and removing them from a schema.
//!
//! `description`, `default`, `title`, `examples` and `$comment` describe a schema; they never
//! change whether a value validates (JSON Schema 2020-12, Validation §9). The built-in chart's
//! schema is three parts annotation by size (a description and a default on nearly every
//! property): `codegen` removes them before digesting it, so a process does not build them.
//! `orochart show schema` still prints the whole schema, and the file in `charts/` keeps them.

use serde_json::Value as Json;

/// The keywords removed: annotations only.
pub(crate) const ANNOTATIONS: &[&str] =
    &["description", "default", "title", "examples", "$comment"];

/// Removes the annotation keywords from `schema` and from every schema inside it (under
/// `properties`, `$defs`, `items`, `anyOf`, …); the names of properties are left alone, even
/// a property named `default`.
pub(crate) fn strip_annotations(schema: &mut Json) {
    let Json::Object(map) = schema else {
        return;
    };
    for k in ANNOTATIONS {
        map.remove(*k);
    }
    for (k, v) in map.iter_mut() {
        match k.as_str() {
            // Maps from names to schemas.
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                if let Json::Object(m) = v {
                    m.values_mut().for_each(strip_annotations);
                }
            }
            // Lists of schemas.
            "anyOf" | "oneOf" | "allOf" | "prefixItems" => {
                if let Json::Array(a) = v {
                    a.iter_mut().for_each(strip_annotations);
                }
            }
            // One schema (or, for old drafts' `items`, a list of them).
            "items"
            | "additionalItems"
            | "additionalProperties"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "propertyNames"
            | "contains"
            | "not"
            | "if"
            | "then"
            | "else" => match v {
                Json::Array(a) => a.iter_mut().for_each(strip_annotations),
                other => strip_annotations(other),
            },
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{Map, Value};

    fn full_schema() -> Json {
        let text = include_str!("../../../charts/orofi-application/values.schema.json");
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn only_annotations_are_removed() {
        let mut schema = serde_json::json!({
            "title": "t", "description": "d", "type": "object",
            "properties": {
                "default": {"type": "string", "default": "x", "description": "a property named default"},
                "list": {"type": "array", "items": {"type": "integer", "examples": [1]}},
                "either": {"anyOf": [{"type": "null", "$comment": "c"}, {"$ref": "#/$defs/d"}]}
            },
            "additionalProperties": false,
            "$defs": {"d": {"type": "object", "additionalProperties": {"type": "string", "title": "v"}}}
        });
        strip_annotations(&mut schema);
        assert_eq!(
            schema,
            serde_json::json!({
                "type": "object",
                "properties": {
                    "default": {"type": "string"},
                    "list": {"type": "array", "items": {"type": "integer"}},
                    "either": {"anyOf": [{"type": "null"}, {"$ref": "#/$defs/d"}]}
                },
                "additionalProperties": false,
                "$defs": {"d": {"type": "object", "additionalProperties": {"type": "string"}}}
            })
        );
    }

    /// The checker reports the same problems with and without annotations, on every golden
    /// values file and on a set of wrong ones.
    #[test]
    fn the_built_in_schema_checks_the_same_without_annotations() {
        let full = full_schema();
        let mut stripped = full.clone();
        strip_annotations(&mut stripped);
        assert!(stripped.to_string().len() * 2 < full.to_string().len());
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../golden/orofi-application");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| std::fs::read_to_string(e.path().join("values.yaml")).ok())
            .collect();
        assert!(texts.len() >= 50);
        texts.extend(
            [
                "imgae: {tag: x}\n",
                "image: {tag: [1]}\nreplicaCount: many\n",
                "service: {port: -1, type: Nodeport}\n",
                "rollout: {strategy: 3, canary: {steps: {}}}\n",
                "probes: {liveness: {enabled: yes, path: 1}}\n",
                "keda: {triggers: [{type: cpu, metadata: 5}]}\n",
            ]
            .map(str::to_owned),
        );
        let mut problems = 0;
        for text in &texts {
            let Ok((user, origins)) = crate::values::parse_values(text, "values.yaml") else {
                continue;
            };
            let a = crate::schema::check(&full, &user, &origins);
            let b = crate::schema::check(&stripped, &user, &origins);
            assert_eq!(a, b, "{text}");
            let user_value = Value::Map(Map::clone(&user));
            assert_eq!(
                crate::schema::has_problems(&full, &user_value),
                crate::schema::has_problems(&stripped, &user_value)
            );
            problems += a.len();
        }
        assert!(
            problems >= 6,
            "the wrong values found only {problems} problems"
        );
    }
}
