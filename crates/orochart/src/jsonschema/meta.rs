//! The part of santhosh v6's meta-schema check Helm users meet: a schema whose keywords have
//! the wrong JSON type (`"required": true`, a draft-4 habit; an array `items` in a 2020-12
//! schema) is refused before any value is read, with the meta-schema's problems as a tree
//! (2020-12 nests each subschema's problems under `'allOf' failed`, the vocabularies its
//! meta-schema is made of).

use serde_json::{Map as JsonMap, Value as Json};

use super::santhosh::{json_type, Message, Problem};
use super::Loc;

/// `Some(message)` when the schema fails the meta-schema of its draft.
pub(super) fn check(schema: &Json, draft: u32) -> Option<String> {
    let problem = node(schema, &Loc::ROOT, draft)?;
    let url = match draft {
        4 => "http://json-schema.org/draft-04/schema#",
        6 => "http://json-schema.org/draft-06/schema#",
        7 => "http://json-schema.org/draft-07/schema#",
        2019 => "https://json-schema.org/draft/2019-09/schema#",
        _ => "https://json-schema.org/draft/2020-12/schema#",
    };
    let causes = match problem.message {
        Message::Group => problem.causes,
        _ => vec![problem],
    };
    let mut out = format!(
        "\"file:///values.schema.json#\" is not valid against metaschema: jsonschema validation failed with '{url}'"
    );
    for cause in &causes {
        out.push('\n');
        super::santhosh::display(cause, 1, &mut out);
        out.pop();
    }
    Some(out)
}

fn at(location: &Loc<'_>, message: Message, causes: Vec<Problem>) -> Problem {
    Problem {
        location: location.tokens(),
        message,
        causes,
    }
}

fn one_or_group(location: &Loc<'_>, mut errors: Vec<Problem>) -> Option<Problem> {
    match errors.len() {
        0 => None,
        1 => errors.pop(),
        _ => Some(at(location, Message::Group, errors)),
    }
}


fn wrong_type(location: &Loc<'_>, key: &str, v: &Json, want: &str) -> Problem {
    at(
        &location.name(key),
        Message::Text(format!("got {}, want {want}", json_type(v))),
        Vec::new(),
    )
}

/// The problems of one subschema, by vocabulary (2020-12 and 2019-09) or all together.
fn node(schema: &Json, location: &Loc<'_>, draft: u32) -> Option<Problem> {
    let Json::Object(s) = schema else {
        return None;
    };
    let (core, applicator, validation) = (
        core(s, location, draft),
        applicator(s, location, draft),
        validation(s, location),
    );
    if draft >= 2019 {
        let vocabularies: Vec<Problem> = [core, applicator, validation]
            .into_iter()
            .filter_map(|errors| one_or_group(location, errors))
            .collect();
        if vocabularies.is_empty() {
            return None;
        }
        return Some(at(
            location,
            Message::Text("'allOf' failed".into()),
            vocabularies,
        ));
    }
    one_or_group(
        location,
        core.into_iter()
            .chain(applicator)
            .chain(validation)
            .collect(),
    )
}

/// Subschemas under a map keyword (`properties`, `$defs`, …).
fn map_of_schemas(
    s: &JsonMap<String, Json>,
    key: &str,
    location: &Loc<'_>,
    draft: u32,
) -> Option<Problem> {
    match s.get(key)? {
        Json::Object(m) => {
            let errors = m
                .iter()
                .filter_map(|(name, sub)| node(sub, &location.name(key).name(name), draft))
                .collect();
            one_or_group(&location.name(key), errors)
        }
        other => Some(wrong_type(location, key, other, "object")),
    }
}

/// Subschemas in a list keyword (`allOf`, `prefixItems`, …).
fn list_of_schemas(
    s: &JsonMap<String, Json>,
    key: &str,
    location: &Loc<'_>,
    draft: u32,
) -> Option<Problem> {
    match s.get(key)? {
        Json::Array(items) => {
            let errors = items
                .iter()
                .enumerate()
                .filter_map(|(i, sub)| node(sub, &location.name(key).index(i), draft))
                .collect();
            one_or_group(&location.name(key), errors)
        }
        other => Some(wrong_type(location, key, other, "array")),
    }
}

/// A keyword holding one subschema.
fn one_schema(
    s: &JsonMap<String, Json>,
    key: &str,
    location: &Loc<'_>,
    draft: u32,
) -> Option<Problem> {
    match s.get(key)? {
        sub @ Json::Object(_) => node(sub, &location.name(key), draft),
        Json::Bool(_) => None,
        other => Some(wrong_type(location, key, other, "boolean or object")),
    }
}

fn core(s: &JsonMap<String, Json>, location: &Loc<'_>, draft: u32) -> Vec<Problem> {
    ["$defs", "definitions"]
        .iter()
        .filter_map(|k| map_of_schemas(s, k, location, draft))
        .collect()
}

fn applicator(s: &JsonMap<String, Json>, location: &Loc<'_>, draft: u32) -> Vec<Problem> {
    let mut errors = Vec::new();
    for key in s.keys() {
        let problem = match key.as_str() {
            "properties" | "patternProperties" | "dependentSchemas" => {
                map_of_schemas(s, key, location, draft)
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => list_of_schemas(s, key, location, draft),
            "items" if draft < 2020 && s.get(key).is_some_and(Json::is_array) => {
                list_of_schemas(s, key, location, draft)
            }
            "additionalProperties"
            | "not"
            | "if"
            | "then"
            | "else"
            | "items"
            | "contains"
            | "propertyNames"
            | "additionalItems" => one_schema(s, key, location, draft),
            _ => None,
        };
        errors.extend(problem);
    }
    errors
}

fn validation(s: &JsonMap<String, Json>, location: &Loc<'_>) -> Vec<Problem> {
    let mut errors = Vec::new();
    for (key, v) in s {
        let want = match key.as_str() {
            "required" | "enum" => "array",
            "pattern" => "string",
            "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
            | "maxProperties" => "integer",
            "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
                "number"
            }
            _ => continue,
        };
        let ok = match want {
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => super::number::is_integer(v),
            // Draft 4's boolean exclusive bounds are checked by its own meta-schema.
            _ => v.is_number() || v.is_boolean() && key.starts_with("exclusive"),
        };
        if !ok {
            errors.push(wrong_type(location, key, v, want));
        }
    }
    errors
}
