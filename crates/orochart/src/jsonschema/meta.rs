//! The part of santhosh v6's meta-schema check Helm users meet: a schema whose keywords have
//! the wrong JSON type (`"required": true`, a draft-4 habit; an array `items` in a 2020-12
//! schema) is refused before any value is read, with the meta-schema's problems as a tree
//! (2020-12 nests each subschema's problems under `'allOf' failed`, the vocabularies its
//! meta-schema is made of).

use serde_json::{Map as JsonMap, Value as Json};

use super::number::{f64_of, grouped};
use super::santhosh::{json_type, quote, Message, Problem};
use super::Loc;
use crate::go::regexp::ClassNames;

/// The schema's draft (its year, or 4, 6, 7), compared as a number, and the reading of
/// Unicode class names in its patterns.
#[derive(Clone, Copy)]
struct Draft {
    year: u32,
    names: ClassNames,
}

impl PartialEq<u32> for Draft {
    fn eq(&self, other: &u32) -> bool {
        self.year == *other
    }
}

impl PartialOrd<u32> for Draft {
    fn partial_cmp(&self, other: &u32) -> Option<std::cmp::Ordering> {
        self.year.partial_cmp(other)
    }
}

/// `Some(message)` when the schema fails the meta-schema of its draft, or (drafts 4 and 6,
/// whose meta-schemas do not look at them) has a `patternProperties` name Go's `regexp`
/// refuses. `v6_0_3`: santhosh v6.0.3 (Helm 4.3), which shows an invalid `patternProperties`
/// name at the keyword; v6.0.2 shows it at `''`.
pub(super) fn check(
    schema: &Json,
    draft: u32,
    v6_0_3: bool,
    names: ClassNames,
) -> Option<String> {
    check_at(schema, "", draft, v6_0_3, names)
}

/// [`check`] of the schema at `pointer` (a JSON pointer, `""` the root) of the document: a
/// subschema santhosh compiles on its own (a `$ref`'s target the root's meta-schema never
/// reached), named by its location in the message.
pub(super) fn check_at(
    schema: &Json,
    pointer: &str,
    draft: u32,
    v6_0_3: bool,
    names: ClassNames,
) -> Option<String> {
    let draft = Draft { year: draft, names };
    let root = match schema {
        // Not a schema at all: the meta-schema's `type`.
        Json::Object(_) | Json::Bool(_) => node(schema, &Loc::ROOT, draft),
        other => Some(text_at(
            &Loc::ROOT,
            format!("got {}, want boolean or object", json_type(other)),
        )),
    };
    let Some(mut problem) = root else {
        return invalid_pattern_name(schema, &Loc::ROOT, names);
    };
    if !v6_0_3 {
        property_names_at_root(&mut problem);
    }
    let url = match draft.year {
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
        "\"file:///values.schema.json#{pointer}\" is not valid against metaschema: jsonschema validation failed with '{url}'"
    );
    for cause in &causes {
        out.push('\n');
        super::santhosh::display(cause, 1, &mut out);
        out.pop();
    }
    Some(out)
}

/// v6.0.2's location for an invalid `patternProperties` name: `''`.
fn property_names_at_root(p: &mut Problem) {
    if matches!(&p.message, Message::Text(t) if t.starts_with(PROPERTY_NAME)) {
        p.location.clear();
    }
    p.causes.iter_mut().for_each(property_names_at_root);
}

const PROPERTY_NAME: &str = "invalid propertyName ";

/// The compiler's check of `patternProperties` names, anywhere in the schema: `invalid regex
/// "(?!x)" at "file:///values.schema.json#/patternProperties": error parsing regexp: …`.
fn invalid_pattern_name(schema: &Json, location: &Loc<'_>, names: ClassNames) -> Option<String> {
    let Json::Object(s) = schema else {
        return None;
    };
    if let Some(Json::Object(patterns)) = s.get("patternProperties") {
        for name in patterns.keys() {
            if let Err(reason) = crate::go::regexp::compile(name, names) {
                let pointer: String = location
                    .name("patternProperties")
                    .tokens()
                    .iter()
                    .map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1")))
                    .collect();
                return Some(format!(
                    "invalid regex {} at \"file:///values.schema.json#{pointer}\": {reason}",
                    crate::go::quote(name)
                ));
            }
        }
    }
    for (key, v) in s {
        let here = location.name(key);
        let found = match (key.as_str(), v) {
            (
                "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas"
                | "dependencies",
                Json::Object(m),
            ) => m
                .iter()
                .find_map(|(name, sub)| invalid_pattern_name(sub, &here.name(name), names)),
            ("allOf" | "anyOf" | "oneOf" | "prefixItems" | "items", Json::Array(items)) => items
                .iter()
                .enumerate()
                .find_map(|(i, sub)| invalid_pattern_name(sub, &here.index(i), names)),
            (
                "items" | "additionalProperties" | "additionalItems" | "not" | "if" | "then"
                | "else" | "contains" | "propertyNames" | "unevaluatedItems"
                | "unevaluatedProperties",
                sub,
            ) => invalid_pattern_name(sub, &here, names),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
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


/// The problems under a keyword whose meta-schema is a `$ref` (`schemaArray`,
/// `stringArray`): several are santhosh's reference error, which stays where it is; a lone
/// group of problems is a group ([`one_or_group`]), which a vocabulary shows at its schema.
fn one_or_reference(location: &Loc<'_>, mut errors: Vec<Problem>) -> Option<Problem> {
    match errors.len() {
        0 => None,
        1 => errors.pop(),
        _ => Some(at(location, Message::Reference, errors)),
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
fn node(schema: &Json, location: &Loc<'_>, draft: Draft) -> Option<Problem> {
    let Json::Object(s) = schema else {
        return None;
    };
    let (core, applicator, validation) = (
        core(s, location, draft),
        applicator(s, location, draft),
        validation(s, location, draft),
    );
    let [meta_data, format, mut content] = annotations(s, location, draft);
    if draft >= 2019 {
        content.extend(one_schema(s, "contentSchema", location, draft));
        // 2020-12 has the `unevaluated…` keywords in a vocabulary of their own, 2019-09 in
        // its applicator.
        let mut applicator = applicator;
        let unevaluated: Vec<Problem> = ["unevaluatedItems", "unevaluatedProperties"]
            .into_iter()
            .filter_map(|key| one_schema(s, key, location, draft))
            .collect();
        let unevaluated = if draft >= 2020 {
            unevaluated
        } else {
            applicator.extend(unevaluated);
            Vec::new()
        };
        // Each vocabulary is a `$ref`: see `through_ref`.
        let vocabularies: Vec<Problem> = [
            core,
            applicator,
            unevaluated,
            validation,
            meta_data,
            format,
            content,
        ]
        .into_iter()
            .filter_map(|errors| one_or_group(location, errors))
            .map(|p| through_ref(location, p))
            .collect();
        let vocabularies = (!vocabularies.is_empty()).then(|| {
            at(
                location,
                Message::Text("'allOf' failed".into()),
                vocabularies,
            )
        });
        // `definitions` is the root meta-schema's own `properties`, checked before its
        // `allOf` of vocabularies.
        let definitions = map_of_schemas(s, "definitions", location, draft);
        let dependencies = dependencies(s, location, draft);
        // 2020-12 keeps 2019-09's recursive keywords as its own properties too.
        let recursive: Vec<Problem> = if draft >= 2020 {
            ["$recursiveAnchor", "$recursiveRef"]
                .into_iter()
                .filter_map(|key| {
                    let v = s.get(key)?;
                    (!v.is_string()).then(|| wrong_type(location, key, v, "string"))
                })
                .collect()
        } else {
            Vec::new()
        };
        one_or_group(
            location,
            definitions
                .into_iter()
                .chain(dependencies)
                .chain(recursive)
                .chain(vocabularies)
                .collect(),
        )
    } else {
        let bounds = if draft == 4 {
            draft4_bounds(s, location)
        } else {
            Vec::new()
        };
        one_or_group(
            location,
            bounds
                .into_iter()
                .chain(core)
                .chain(applicator)
                .chain(dependencies(s, location, draft))
                .chain(validation)
                .chain(meta_data)
                .chain(format)
                .chain(content)
                .collect(),
        )
    }
}

/// What a `$ref` to a schema makes of its problem at `location`: santhosh's reference error
/// takes a group's causes as its own, so a lone group of problems below is shown here (and,
/// being a reference, stays here).
fn through_ref(location: &Loc<'_>, p: Problem) -> Problem {
    match p.message {
        Message::Group => at(location, Message::Reference, p.causes),
        _ => p,
    }
}

/// A subschema: an object (its problems, [`node`]) or, from draft 6, a boolean.
fn sub(v: &Json, location: &Loc<'_>, draft: Draft) -> Option<Problem> {
    match v {
        // Checked through a `$ref` (`$dynamicRef`) to the meta-schema.
        Json::Object(_) => node(v, location, draft).map(|p| through_ref(location, p)),
        Json::Bool(_) if draft >= 6 => None,
        other => Some(text_at(
            location,
            format!(
                "got {}, want {}",
                json_type(other),
                if draft >= 6 { "boolean or object" } else { "object" }
            ),
        )),
    }
}

/// The meta-schema's `schemaArray`: a non-empty list of subschemas.
fn schema_array(v: &Json, here: &Loc<'_>, draft: Draft) -> Option<Problem> {
    let Json::Array(items) = v else {
        return Some(text_at(here, format!("got {}, want array", json_type(v))));
    };
    let mut errors = Vec::new();
    if items.is_empty() {
        errors.push(text_at(here, "minItems: got 0, want 1".into()));
    }
    errors.extend(
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| sub(item, &here.index(i), draft)),
    );
    one_or_reference(here, errors)
}

/// `'anyOf' failed` with each branch's problem, when every branch has one.
fn any_of(here: &Loc<'_>, branches: [Option<Problem>; 2]) -> Option<Problem> {
    let [Some(a), Some(b)] = branches else {
        return None;
    };
    Some(at(here, Message::Text("'anyOf' failed".into()), vec![a, b]))
}

/// Subschemas under a map keyword (`properties`, `$defs`, …).
fn map_of_schemas(
    s: &JsonMap<String, Json>,
    key: &str,
    location: &Loc<'_>,
    draft: Draft,
) -> Option<Problem> {
    match s.get(key)? {
        Json::Object(m) => {
            let errors = m
                .iter()
                .filter_map(|(name, v)| sub(v, &location.name(key).name(name), draft))
                .collect();
            one_or_group(&location.name(key), errors)
        }
        other => Some(wrong_type(location, key, other, "object")),
    }
}

/// `patternProperties`: its subschemas, then (from draft 7, through `propertyNames`) each
/// name that is not a Go regular expression.
fn pattern_properties(
    s: &JsonMap<String, Json>,
    location: &Loc<'_>,
    draft: Draft,
) -> Option<Problem> {
    const KEY: &str = "patternProperties";
    let Some(Json::Object(m)) = s.get(KEY) else {
        return map_of_schemas(s, KEY, location, draft);
    };
    let here = location.name(KEY);
    let mut errors: Vec<Problem> = m
        .iter()
        .filter_map(|(name, v)| sub(v, &here.name(name), draft))
        .collect();
    if draft >= 7 {
        for name in m.keys() {
            if let Some(invalid) = not_a_regex(&Loc::ROOT, name, draft.names) {
                errors.push(at(
                    &here,
                    Message::Text(format!("{PROPERTY_NAME}{}", quote(name))),
                    vec![invalid],
                ));
            }
        }
    }
    one_or_group(&here, errors)
}

/// The `regex` format: Go's `regexp` must compile the text.
fn not_a_regex(location: &Loc<'_>, text: &str, names: ClassNames) -> Option<Problem> {
    let reason = crate::go::regexp::compile(text, names).err()?;
    Some(at(
        location,
        Message::Text(format!("{} is not valid regex: {reason}", quote(text))),
        Vec::new(),
    ))
}

/// Subschemas in a list keyword (`allOf`, `prefixItems`, …).
fn list_of_schemas(
    s: &JsonMap<String, Json>,
    key: &str,
    location: &Loc<'_>,
    draft: Draft,
) -> Option<Problem> {
    schema_array(s.get(key)?, &location.name(key), draft)
}

/// A keyword holding one subschema. Draft 4's `additionalProperties` and `additionalItems`
/// may also be a boolean (`anyOf` the two).
fn one_schema(
    s: &JsonMap<String, Json>,
    key: &str,
    location: &Loc<'_>,
    draft: Draft,
) -> Option<Problem> {
    let v = s.get(key)?;
    let here = location.name(key);
    if draft == 4 && key.starts_with("additional") {
        let boolean = (!v.is_boolean())
            .then(|| text_at(&here, format!("got {}, want boolean", json_type(v))));
        return any_of(&here, [boolean, sub(v, &here, draft)]);
    }
    sub(v, &here, draft)
}

/// `items` before 2020-12: a subschema or a list of them (`anyOf` the two).
fn items_before_2020(v: &Json, here: &Loc<'_>, draft: Draft) -> Option<Problem> {
    any_of(here, [sub(v, here, draft), schema_array(v, here, draft)])
}

/// The subschemas kept aside: 2019-09's core vocabulary has `$defs`; before it the meta-schema
/// has `definitions` (from 2019-09 the root meta-schema's own: see [`node`]).
fn core(s: &JsonMap<String, Json>, location: &Loc<'_>, draft: Draft) -> Vec<Problem> {
    // The identifiers and references: strings (2019-09: `$recursiveAnchor` a boolean),
    // `$vocabulary` an object; draft 4 names its identifier `id`.
    let mut errors: Vec<Problem> = Vec::new();
    for (key, v) in s {
        let want = match key.as_str() {
            "$schema" | "$ref" => "string",
            "id" if draft == 4 => "string",
            "$id" if draft > 4 => "string",
            "$comment" if draft >= 7 => "string",
            "$anchor" if draft >= 2019 => "string",
            "$recursiveRef" if draft == 2019 => "string",
            "$recursiveAnchor" if draft == 2019 => "boolean",
            "$vocabulary" if draft >= 2019 => "object",
            "$dynamicRef" | "$dynamicAnchor" if draft >= 2020 => "string",
            _ => continue,
        };
        let fits = match want {
            "string" => v.is_string(),
            "boolean" => v.is_boolean(),
            _ => v.is_object(),
        };
        if !fits {
            errors.push(wrong_type(location, key, v, want));
            continue;
        }
        // From 2019-09 an identifier has no fragment and an anchor is a plain name.
        let pattern = match key.as_str() {
            "$id" if draft >= 2019 => "^[^#]*#?$",
            "$anchor" if draft == 2019 => "^[A-Za-z][-A-Za-z0-9.:_]*$",
            "$anchor" | "$dynamicAnchor" if draft >= 2020 => "^[A-Za-z_][-A-Za-z0-9._]*$",
            _ => continue,
        };
        let text = v.as_str().unwrap_or("");
        let matches = match key.as_str() {
            "$id" => text.find('#').is_none_or(|i| i + 1 == text.len()),
            _ => {
                let mut chars = text.chars();
                let first = chars.next();
                let first_ok = first.is_some_and(|c| {
                    c.is_ascii_alphabetic() || (c == '_' && draft >= 2020)
                });
                first_ok
                    && chars.all(|c| {
                        c.is_ascii_alphanumeric()
                            || matches!(c, '-' | '.' | '_')
                            || (c == ':' && draft == 2019)
                    })
            }
        };
        if !matches {
            errors.push(text_at(
                &location.name(key),
                format!("{} does not match pattern '{pattern}'", quote(text)),
            ));
        }
    }
    let key = if draft >= 2019 { "$defs" } else { "definitions" };
    errors.extend(map_of_schemas(s, key, location, draft));
    errors
}

/// The meta-data, format and content vocabularies (from 2019-09 each its own; before, the
/// same keywords in the one meta-schema): the JSON type of each keyword.
fn annotations(s: &JsonMap<String, Json>, location: &Loc<'_>, draft: Draft) -> [Vec<Problem>; 3] {
    let mut out: [Vec<Problem>; 3] = Default::default();
    for (key, v) in s {
        let (slot, want) = match key.as_str() {
            "title" | "description" => (0, "string"),
            "examples" if draft >= 6 => (0, "array"),
            "readOnly" | "writeOnly" if draft >= 7 => (0, "boolean"),
            "deprecated" if draft >= 2019 => (0, "boolean"),
            "format" => (1, "string"),
            "contentMediaType" | "contentEncoding" if draft >= 7 => (2, "string"),
            _ => continue,
        };
        let fits = match want {
            "string" => v.is_string(),
            "boolean" => v.is_boolean(),
            _ => v.is_array(),
        };
        if !fits {
            out[slot].push(wrong_type(location, key, v, want));
        }
    }
    out
}

/// `dependencies`: an object whose values are each a schema or a list of distinct strings
/// (from 2019-09 the root meta-schema's own property, kept for compatibility).
fn dependencies(s: &JsonMap<String, Json>, location: &Loc<'_>, draft: Draft) -> Option<Problem> {
    let v = s.get("dependencies")?;
    let here = location.name("dependencies");
    let Json::Object(deps) = v else {
        return Some(text_at(&here, format!("got {}, want object", json_type(v))));
    };
    let errors: Vec<Problem> = deps
        .iter()
        .filter_map(|(name, dep)| {
            let at_dep = here.name(name);
            match (sub(dep, &at_dep, draft), string_array(&at_dep, dep, false)) {
                (Some(a), Some(b)) => Some(at(
                    &at_dep,
                    Message::Text("'anyOf' failed".into()),
                    vec![a, b],
                )),
                _ => None,
            }
        })
        .collect();
    one_or_group(&here, errors)
}

fn applicator(s: &JsonMap<String, Json>, location: &Loc<'_>, draft: Draft) -> Vec<Problem> {
    let mut errors = Vec::new();
    for key in s.keys() {
        let problem = match key.as_str() {
            // A keyword of a later draft is an unknown keyword's: anything goes.
            "properties" => map_of_schemas(s, key, location, draft),
            "dependentSchemas" if draft >= 2019 => map_of_schemas(s, key, location, draft),
            "patternProperties" => pattern_properties(s, location, draft),
            "allOf" | "anyOf" | "oneOf" => list_of_schemas(s, key, location, draft),
            "prefixItems" if draft >= 2020 => list_of_schemas(s, key, location, draft),
            "items" if draft < 2020 => s
                .get(key)
                .and_then(|v| items_before_2020(v, &location.name(key), draft)),
            "additionalProperties" | "not" | "items" => one_schema(s, key, location, draft),
            "contains" | "propertyNames" if draft >= 6 => one_schema(s, key, location, draft),
            "if" | "then" | "else" if draft >= 7 => one_schema(s, key, location, draft),
            // 2020-12 has no `additionalItems`.
            "additionalItems" if draft < 2020 => one_schema(s, key, location, draft),
            _ => None,
        };
        errors.extend(problem);
    }
    errors
}

/// Draft 4's meta-schema `dependencies`: `exclusiveMinimum` needs `minimum`,
/// `exclusiveMaximum` `maximum`. santhosh checks an object's `dependencies` before any of its
/// properties, so these come first (whatever the bound's type).
fn draft4_bounds(s: &JsonMap<String, Json>, location: &Loc<'_>) -> Vec<Problem> {
    s.keys()
        .filter_map(|key| {
            let bound = match key.as_str() {
                "exclusiveMinimum" => "minimum",
                "exclusiveMaximum" => "maximum",
                _ => return None,
            };
            (!s.contains_key(bound)).then(|| {
                text_at(
                    location,
                    format!("properties '{bound}' required, if '{key}' exists"),
                )
            })
        })
        .collect()
}

/// The meta-schema's `simpleTypes`.
const SIMPLE_TYPES: [&str; 7] = [
    "array", "boolean", "integer", "null", "number", "object", "string",
];

fn validation(s: &JsonMap<String, Json>, location: &Loc<'_>, draft: Draft) -> Vec<Problem> {
    let mut errors = Vec::new();
    for (key, v) in s {
        let here = location.name(key);
        let problem = match key.as_str() {
            "type" => type_problem(&here, v),
            "required" => string_array(&here, v, draft == 4),
            "dependentRequired" if draft >= 2019 => match v {
                Json::Object(deps) => {
                    let errors: Vec<Problem> = deps
                        .iter()
                        .filter_map(|(name, names)| string_array(&here.name(name), names, false))
                        .collect();
                    one_or_group(&here, errors)
                }
                _ => Some(wrong_type(location, key, v, "object")),
            },
            "enum" => (!v.is_array()).then(|| wrong_type(location, key, v, "array")),
            "uniqueItems" => (!v.is_boolean()).then(|| wrong_type(location, key, v, "boolean")),
            "pattern" => match v {
                Json::String(p) => not_a_regex(&here, p, draft.names),
                _ => Some(wrong_type(location, key, v, "string")),
            },
            "maxLength" | "maxItems" | "maxProperties" => count(&here, v, false),
            // Before 2019-09 these are `allOf` a count and a default.
            "minLength" | "minItems" | "minProperties" => count(&here, v, draft < 2019),
            "minContains" | "maxContains" if draft >= 2019 => count(&here, v, false),
            "multipleOf" => match v {
                Json::Number(n) if f64_of(n) <= 0.0 => Some(at(
                    &here,
                    Message::Text(format!("exclusiveMinimum: got {}, want 0", grouped(f64_of(n)))),
                    Vec::new(),
                )),
                Json::Number(_) => None,
                _ => Some(wrong_type(location, key, v, "number")),
            },
            "minimum" | "maximum" => {
                (!v.is_number()).then(|| wrong_type(location, key, v, "number"))
            }
            // Draft 4's exclusive bounds are booleans beside a bound (a missing bound is the
            // meta-schema's `dependencies`: [`draft4_bounds`]).
            "exclusiveMinimum" | "exclusiveMaximum" if draft == 4 => {
                (!v.is_boolean()).then(|| wrong_type(location, key, v, "boolean"))
            }
            "exclusiveMinimum" | "exclusiveMaximum" => {
                (!v.is_number()).then(|| wrong_type(location, key, v, "number"))
            }
            _ => None,
        };
        errors.extend(problem);
    }
    errors
}

fn text_at(location: &Loc<'_>, text: String) -> Problem {
    at(location, Message::Text(text), Vec::new())
}

/// `type`: one of the simple types, or a non-empty list of distinct ones.
fn type_problem(here: &Loc<'_>, v: &Json) -> Option<Problem> {
    let simple = |v: &Json| matches!(v, Json::String(t) if SIMPLE_TYPES.contains(&t.as_str()));
    if simple(v) {
        return None;
    }
    let one_of = format!(
        "value must be one of {}",
        SIMPLE_TYPES.map(|t| format!("'{t}'")).join(", ")
    );
    let as_list = match v {
        Json::Array(items) => {
            let errors = list_problems(here, items, true, |t| {
                (!simple(t)).then(|| one_of.clone())
            });
            one_or_group(here, errors)?
        }
        other => text_at(here, format!("got {}, want array", json_type(other))),
    };
    Some(at(
        here,
        Message::Text("'anyOf' failed".into()),
        vec![text_at(here, one_of), as_list],
    ))
}

/// santhosh's `uniqueItems` problem: the first two equal items.
fn duplicates(here: &Loc<'_>, items: &[Json]) -> Option<Problem> {
    (0..items.len()).find_map(|j| {
        (0..j)
            .find(|&i| super::number::equal(&items[i], &items[j]))
            .map(|i| text_at(here, format!("items at {i} and {j} are equal")))
    })
}

/// The problems of a list of distinct items of one kind (`type`'s list, `stringArray`), in
/// santhosh's order: `minItems` (when it must not be empty), `uniqueItems`, then each item's
/// (`item` says what is wrong with one).
fn list_problems(
    here: &Loc<'_>,
    items: &[Json],
    non_empty: bool,
    item: impl Fn(&Json) -> Option<String>,
) -> Vec<Problem> {
    let mut errors = Vec::new();
    if non_empty && items.is_empty() {
        errors.push(text_at(here, "minItems: got 0, want 1".into()));
    }
    errors.extend(duplicates(here, items));
    errors.extend(
        items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| item(v).map(|text| text_at(&here.index(i), text))),
    );
    errors
}

/// `required`: a list of distinct strings (draft 4: not empty either).
fn string_array(here: &Loc<'_>, v: &Json, draft4: bool) -> Option<Problem> {
    let Json::Array(items) = v else {
        return Some(text_at(here, format!("got {}, want array", json_type(v))));
    };
    let errors = list_problems(here, items, draft4, |item| {
        (!item.is_string()).then(|| format!("got {}, want string", json_type(item)))
    });
    one_or_reference(here, errors)
}

/// A count keyword: a non-negative integer; `wrapped` in an `'allOf' failed` where the
/// draft's meta-schema adds a default beside it.
fn count(here: &Loc<'_>, v: &Json, wrapped: bool) -> Option<Problem> {
    // A wrong type is the only problem santhosh reports.
    let problem = match v {
        Json::Number(n) if super::number::is_integer(v) && f64_of(n) < 0.0 => text_at(
            here,
            format!("minimum: got {}, want 0", grouped(f64_of(n))),
        ),
        _ if super::number::is_integer(v) => return None,
        _ => text_at(here, format!("got {}, want integer", json_type(v))),
    };
    Some(if wrapped {
        at(here, Message::Text("'allOf' failed".into()), vec![problem])
    } else {
        problem
    })
}
