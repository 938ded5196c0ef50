//! gojsonschema v1.2.0's validation (Helm 3.17, 3.18): one flat list of problems, each
//! `- field: description`, in the library's walk order; `anyOf` and `oneOf` add the problems
//! of the closest alternative, chosen by the library's score.

use serde_json::{Map as JsonMap, Value as Json};

use super::number::{f64_of, go_g10, is_integer, is_multiple, marshal};
use super::refs::{Refs, Target};
use super::Visiting;

/// Helm 3.17 and 3.18's Go (1.23, 1.24) reads Unicode class names exactly.
const GO_CLASS_NAMES: crate::go::regexp::ClassNames = crate::go::regexp::ClassNames::Go1_23;

/// `schema` (read from `source`, when known) against `values`.
pub(super) fn validate(schema: &Json, source: Option<&str>, values: &Json) -> Result<(), String> {
    let refs = super::refs::gojsonschema(schema);
    let draft = parse_schema(schema, source, &refs)?;
    let walker = Walker {
        draft,
        visiting: Visiting::default(),
        refs,
    };
    let mut path = Vec::new();
    let result = walker.recursive(schema, values, &mut path);
    walker.visiting.check()?;
    if result.errors.is_empty() {
        return Ok(());
    }
    Err(result
        .errors
        .iter()
        .map(|(field, description)| format!("- {field}: {description}\n"))
        .collect())
}

/// gojsonschema's parse of the schema (`parseSchemaURL`, then `parseSchema`): it reads
/// the keywords of each subschema in a fixed order and fails on the first of the wrong type
/// or value, resolving each `$ref` the first time it meets it (and then skipping that
/// schema's other keywords). The words are the library's, a Go panic Helm recovers included.
/// The document's draft, which every subschema has.
fn parse_schema(root: &Json, source: Option<&str>, refs: &Refs<'_>) -> Result<Draft, String> {
    let draft = match root {
        Json::Bool(_) => Draft::Hybrid,
        Json::Object(m) => match m.get("$schema") {
            None => Draft::Hybrid,
            Some(Json::String(url)) => {
                // The URL as gojsonreference writes it: the empty fragment dropped.
                match url.strip_suffix('#').unwrap_or(url) {
                    "http://json-schema.org/draft-04/schema" => Draft::D4,
                    "http://json-schema.org/draft-06/schema" => Draft::D6,
                    "http://json-schema.org/draft-07/schema" => Draft::D7,
                    _ => Draft::Hybrid,
                }
            }
            Some(_) => return Err("$schema must be of type string".into()),
        },
        _ => return Err("schema is invalid".into()),
    };
    let mut parser = Parser {
        root,
        source,
        refs,
        seen: std::collections::HashSet::new(),
        regexes: std::collections::HashMap::new(),
    };
    parser.parse(root, draft)?;
    Ok(draft)
}

/// gojsonschema's drafts; a schema without a `$schema` it knows is read as `Hybrid`, which
/// ranks above every draft.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Draft {
    D4 = 4,
    D6 = 6,
    D7 = 7,
    Hybrid = i32::MAX as isize,
}

struct Parser<'a, 'r> {
    root: &'a Json,
    /// The text `root` was read from, if known.
    source: Option<&'a str>,
    /// Where each `$ref` leads.
    refs: &'r Refs<'a>,
    /// The references parsed so far, absolute (its `referencePool`).
    seen: std::collections::HashSet<&'r str>,
    /// Whether each pattern met so far compiles (a `$ref`'d schema is parsed again each time
    /// a new reference reaches it).
    regexes: std::collections::HashMap<&'a str, bool>,
}

/// Whether `v` holds a number of the largest magnitude an `f64` has (what a number past
/// Go's `float64` range was read as).
fn holds_largest(v: &Json) -> bool {
    match v {
        Json::Number(n) => f64_of(n).abs() == f64::MAX,
        Json::Array(items) => items.iter().any(holds_largest),
        Json::Object(m) => m.values().any(holds_largest),
        _ => false,
    }
}

/// `Invalid type. Expected: {expected}, given: {given}`.
fn invalid_type(expected: &str, given: &str) -> String {
    format!("Invalid type. Expected: {expected}, given: {given}")
}

/// `mustBeInteger`: an integer literal Go's `ParseInt` reads (`1.0`, `1e2` are not).
fn integer(v: &Json) -> Option<i64> {
    v.as_number().and_then(serde_json::Number::as_i64)
}

fn is_schema(v: &Json) -> bool {
    v.is_object() || v.is_boolean()
}

impl<'a> Parser<'a, '_> {
    fn is_regex(&mut self, pattern: &'a str) -> bool {
        *self
            .regexes
            .entry(pattern)
            .or_insert_with(|| crate::go::regexp::compile(pattern, GO_CLASS_NAMES).is_ok())
    }

    /// gojsonschema's `marshalWithoutNumber`: `v` written as JSON (keys sorted) and read back
    /// into Go's `float64`s, which fails on the first number past their range (`1e400`, kept
    /// as a `json.Number` until then; orochart read it as the largest `f64`). `text` is `v`'s
    /// text in the schema; children's texts are split from it as the walk goes down.
    fn float64s(v: &Json, text: Option<&str>) -> Result<(), String> {
        match v {
            Json::Number(_) => match text {
                Some(t) if t.parse::<f64>().is_ok_and(f64::is_infinite) => Err(format!(
                    "json: cannot unmarshal number {t} into Go value of type float64"
                )),
                _ => Ok(()),
            },
            Json::Array(items) => {
                let texts = text.and_then(super::raw::elements).unwrap_or_default();
                items
                    .iter()
                    .enumerate()
                    .try_for_each(|(i, item)| Self::float64s(item, texts.get(i).copied()))
            }
            Json::Object(m) => {
                let texts = text.and_then(super::raw::members).unwrap_or_default();
                m.iter()
                    .try_for_each(|(k, item)| Self::float64s(item, texts.get(k).copied()))
            }
            _ => Ok(()),
        }
    }

    fn parse(&mut self, node: &'a Json, draft: Draft) -> Result<(), String> {
        if draft >= Draft::D6 && node.is_boolean() {
            return Ok(());
        }
        let Json::Object(m) = node else {
            return Err("Expected: valid schema, given: Invalid JSON".into());
        };
        let key_id = match draft {
            Draft::D4 => "id",
            Draft::Hybrid if m.contains_key("id") => "id",
            _ => "$id",
        };
        if m.get(key_id).is_some_and(|v| !v.is_string()) {
            return Err(invalid_type("string", key_id));
        }
        if let Some(definitions) = m.get("definitions") {
            match definitions {
                Json::Object(defs) => {
                    for d in sorted(defs) {
                        if !is_schema(d) {
                            return Err(invalid_type("array of schemas", "definitions"));
                        }
                        self.parse(d, draft)?;
                    }
                }
                // Go asserts the boolean is a map: a panic, which Helm recovers.
                Json::Bool(_) => {
                    return Err("unable to validate schema: interface conversion: interface {} is bool, not map[string]interface {}".into())
                }
                _ => return Err(invalid_type("array of schemas", "definitions")),
            }
        }
        for key in ["title", "description"] {
            if m.get(key).is_some_and(|v| !v.is_string()) {
                return Err(invalid_type("string", key));
            }
        }
        match (m.get("$ref"), self.refs.get(node)) {
            (None, _) => {}
            // The first time: the schema it names is parsed instead of this one's keywords.
            (Some(Json::String(_)), Some((absolute, target))) if !self.seen.contains(absolute) => {
                self.seen.insert(absolute);
                let target = match target {
                    Target::Schema(target) => *target,
                    Target::Error(message) => return Err(message.clone()),
                    // gojsonschema has no permissive loader.
                    Target::Permissive => return Ok(()),
                };
                if !is_schema(target) {
                    return Err("valid schema must be of type object".into());
                }
                return self.parse(target, draft);
            }
            (Some(Json::String(_)), _) => {}
            (Some(_), _) => return Err(invalid_type("string", "$ref")),
        }
        if let Some(t) = m.get("type") {
            let names: Vec<&Json> = match t {
                Json::String(_) => vec![t],
                Json::Array(items) => items.iter().collect(),
                _ => return Err(invalid_type("string/array of strings", "type")),
            };
            let mut seen: Vec<&str> = Vec::new();
            for name in names {
                let name = match name {
                    Json::String(name) => name,
                    // A json.Number is a string to `reflect`, but not to the assertion after.
                    Json::Number(_) => return Err("unable to validate schema: interface conversion: interface {} is json.Number, not string".into()),
                    _ => return Err(invalid_type("string/array of strings", "type")),
                };
                const TYPES: [&str; 7] = [
                    "array", "boolean", "integer", "number", "null", "object", "string",
                ];
                if !TYPES.contains(&name.as_str()) {
                    return Err(format!(
                        "has a primitive type that is NOT VALID -- given: /{name}/ Expected valid values are:[{}]",
                        TYPES.join(" ")
                    ));
                }
                if seen.contains(&name.as_str()) {
                    return Err(format!("{name} type is duplicated"));
                }
                seen.push(name);
            }
        }
        if let Some(p) = m.get("properties") {
            let Json::Object(props) = p else {
                return Err("properties must be of type object".into());
            };
            for v in sorted(props) {
                self.parse(v, draft)?;
            }
        }
        for key in ["additionalProperties", "additionalItems"] {
            match m.get(key) {
                None | Some(Json::Bool(_)) => {}
                Some(sub @ Json::Object(_)) => self.parse(sub, draft)?,
                Some(_) => return Err(invalid_type("boolean/valid schema", key)),
            }
            if key == "additionalProperties" {
                self.after_additional_properties(m, draft)?;
            }
        }
        for (key, want) in [("multipleOf", ""), ("minimum", ""), ("exclusiveMinimum", "minimum")] {
            self.number(m, key, want, draft)?;
        }
        for (key, want) in [("maximum", ""), ("exclusiveMaximum", "maximum")] {
            self.number(m, key, want, draft)?;
        }
        let min = count(m, "minLength")?;
        let max = count(m, "maxLength")?;
        if let (Some(a), Some(b)) = (min, max) {
            if a > b {
                return Err("minLength cannot be greater than maxLength".into());
            }
        }
        match m.get("pattern") {
            None => {}
            Some(Json::String(p)) if !self.is_regex(p) => {
                return Err("pattern must be a valid regex".into());
            }
            Some(Json::String(_)) => {}
            Some(_) => return Err("pattern must be of a string".into()),
        }
        if m.get("format").is_some_and(|v| !v.is_string()) {
            return Err("format must be of type string".into());
        }
        let min = count(m, "minProperties")?;
        let max = count(m, "maxProperties")?;
        if let (Some(a), Some(b)) = (min, max) {
            if a > b {
                return Err("minProperties cannot be greater than maxProperties".into());
            }
        }
        if let Some(r) = m.get("required") {
            let Json::Array(names) = r else {
                return Err("required must be of an array".into());
            };
            let mut seen = std::collections::HashSet::new();
            for n in names {
                let Json::String(n) = n else {
                    return Err("required items must be string".into());
                };
                if !seen.insert(n.as_str()) {
                    return Err("required items must be unique".into());
                }
            }
        }
        count(m, "minItems")?;
        count(m, "maxItems")?;
        if m.get("uniqueItems").is_some_and(|v| !v.is_boolean()) {
            return Err("uniqueItems must be of a boolean".into());
        }
        if draft >= Draft::D6 {
            if let Some(sub) = m.get("contains") {
                self.parse(sub, draft)?;
            }
        }
        // `const` and each `enum` item are written out and read back as Go's float64s.
        // Only a number orochart read as the largest f64 can be one past Go's range: the
        // text is looked up (once per keyword) only then.
        if draft >= Draft::D6 {
            if let Some(c) = m.get("const").filter(|c| holds_largest(c)) {
                Self::float64s(c, super::text_of(self.root, self.source, c))?;
            }
        }
        if let Some(e) = m.get("enum") {
            let Json::Array(options) = e else {
                return Err("enum must be of an array".into());
            };
            let texts = Some(e)
                .filter(|e| holds_largest(e))
                .and_then(|e| super::text_of(self.root, self.source, e))
                .and_then(super::raw::elements)
                .unwrap_or_default();
            let mut seen = std::collections::HashSet::new();
            for (i, o) in options.iter().enumerate() {
                if holds_largest(o) {
                    Self::float64s(o, texts.get(i).copied())?;
                }
                if !seen.insert(marshal(o)) {
                    return Err("enum items must be unique".into());
                }
            }
        }
        // `allOf` of the wrong type is reported as `anyOf` (the library's slip).
        for (key, named) in [("oneOf", "oneOf"), ("anyOf", "anyOf"), ("allOf", "anyOf")] {
            if let Some(v) = m.get(key) {
                let Json::Array(subs) = v else {
                    return Err(format!("{named} must be of an array"));
                };
                for sub in subs {
                    self.parse(sub, draft)?;
                }
            }
        }
        let mut keys = vec!["not"];
        if draft >= Draft::D7 {
            keys.extend(["if", "then", "else"]);
        }
        for key in keys {
            match m.get(key) {
                None => {}
                Some(sub) if is_schema(sub) => self.parse(sub, draft)?,
                Some(_) => return Err(format!("{key} must be of an object")),
            }
        }
        Ok(())
    }

    /// The keywords read between `additionalProperties` and `additionalItems`:
    /// `patternProperties`, `propertyNames`, `dependencies`, `items`.
    fn after_additional_properties(
        &mut self,
        m: &'a JsonMap<String, Json>,
        draft: Draft,
    ) -> Result<(), String> {
        if let Some(p) = m.get("patternProperties") {
            let Json::Object(patterns) = p else {
                return Err(invalid_type("valid schema", "patternProperties"));
            };
            let mut names: Vec<&String> = patterns.keys().collect();
            names.sort();
            for name in names {
                if !self.is_regex(name) {
                    return Err(format!("Invalid regex pattern '{name}'"));
                }
                self.parse(&patterns[name], draft)?;
            }
        }
        if draft >= Draft::D6 {
            match m.get("propertyNames") {
                None => {}
                Some(sub) if is_schema(sub) => self.parse(sub, draft)?,
                Some(_) => return Err(invalid_type("valid schema", "patternProperties")),
            }
        }
        if let Some(d) = m.get("dependencies") {
            let Json::Object(deps) = d else {
                return Err("dependencies must be of type object".into());
            };
            for dep in sorted(deps) {
                match dep {
                    Json::Array(names) => {
                        if names.iter().any(|n| !n.is_string()) {
                            return Err(
                                "dependency must be of type schema or array of strings".into()
                            );
                        }
                    }
                    Json::Object(_) | Json::Bool(_) => self.parse(dep, draft)?,
                    _ => return Err("dependency must be of type schema or array of strings".into()),
                }
            }
        }
        match m.get("items") {
            None => {}
            Some(Json::Array(subs)) => {
                for sub in subs {
                    if !is_schema(sub) {
                        return Err(invalid_type("valid schema/array of schemas", "items"));
                    }
                    self.parse(sub, draft)?;
                }
            }
            Some(sub) if is_schema(sub) => self.parse(sub, draft)?,
            Some(_) => return Err(invalid_type("valid schema/array of schemas", "items")),
        }
        Ok(())
    }

    /// `multipleOf`, `minimum`, `maximum` (`bound` empty), or an `exclusive…` keyword and
    /// the bound it needs in draft 4 (and as a boolean in `Hybrid`).
    fn number(
        &self,
        m: &JsonMap<String, Json>,
        key: &str,
        bound: &str,
        draft: Draft,
    ) -> Result<(), String> {
        let Some(v) = m.get(key) else {
            return Ok(());
        };
        if bound.is_empty() {
            let Json::Number(n) = v else {
                return Err(if key == "multipleOf" {
                    invalid_type("number", key)
                } else {
                    format!("{key} must be of a number")
                });
            };
            if key == "multipleOf" && f64_of(n) <= 0.0 {
                return Err("multipleOf must be strictly greater than 0".into());
            }
            return Ok(());
        }
        let without = || format!("{key} cannot be used without {bound}");
        match (draft, v) {
            (Draft::D4 | Draft::Hybrid, Json::Bool(_)) if !m.contains_key(bound) => Err(without()),
            (Draft::D4 | Draft::Hybrid, Json::Bool(_)) => Ok(()),
            (Draft::D4, _) => Err(invalid_type("boolean", key)),
            (_, Json::Number(_)) => Ok(()),
            (Draft::Hybrid, _) => Err(invalid_type("boolean/number", key)),
            _ => Err(invalid_type("number", key)),
        }
    }
}

/// The entries of a JSON object in key order (gojsonschema ranges over a Go map: in an
/// order that changes from run to run).
fn sorted(m: &JsonMap<String, Json>) -> Vec<&Json> {
    let mut keys: Vec<&String> = m.keys().collect();
    keys.sort();
    keys.into_iter().map(|k| &m[k]).collect()
}

/// A `minLength`-like count: `Some` when present, an error when it is not a whole number
/// or is negative.
fn count(m: &JsonMap<String, Json>, key: &str) -> Result<Option<i64>, String> {
    let Some(v) = m.get(key) else {
        return Ok(None);
    };
    let n = integer(v).ok_or_else(|| format!("{key} must be of an integer"))?;
    if n < 0 {
        return Err(format!("{key} must be greater than or equal to 0"));
    }
    Ok(Some(n))
}

#[derive(Default)]
struct Outcome {
    errors: Vec<(String, String)>,
    score: i64,
}

impl Outcome {
    fn valid(&self) -> bool {
        self.errors.is_empty()
    }

    fn error(&mut self, path: &[String], description: String) {
        self.errors.push((field(path), description));
        self.score -= 2;
    }

    fn merge(&mut self, other: Outcome) {
        self.errors.extend(other.errors);
        self.score += other.score;
    }
}

/// The context as gojsonschema names it: `(root)`, or the keys and indexes joined by dots.
fn field(path: &[String]) -> String {
    if path.is_empty() {
        "(root)".into()
    } else {
        path.join(".")
    }
}

struct Walker<'a> {
    /// The document's draft: the keywords of a later draft (`const`, `contains`,
    /// `propertyNames` from draft 6, `if` from draft 7) were never read into the schema.
    draft: Draft,
    visiting: Visiting,
    /// Where each `$ref` leads.
    refs: Refs<'a>,
}

fn types(schema: &JsonMap<String, Json>) -> Vec<&str> {
    match schema.get("type") {
        Some(Json::String(t)) => vec![t.as_str()],
        Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).collect(),
        _ => Vec::new(),
    }
}

fn type_list(types: &[&str]) -> String {
    if types.len() == 1 {
        types[0].to_owned()
    } else {
        format!("[{}]", types.join(","))
    }
}

impl<'a> Walker<'a> {
    fn sub(&self, schema: &Json, value: &Json, path: &mut Vec<String>) -> Outcome {
        self.recursive(schema, value, path)
    }

    fn recursive(&self, schema: &Json, value: &Json, path: &mut Vec<String>) -> Outcome {
        if !self.visiting.enter(schema, value) {
            return Outcome::default();
        }
        let out = self.apply(schema, value, path);
        self.visiting.leave(schema, value);
        out
    }

    /// [`Walker::recursive`]'s work, inside the loop guard.
    fn apply(&self, schema: &Json, value: &Json, path: &mut Vec<String>) -> Outcome {
        let mut out = Outcome::default();
        let s = match schema {
            Json::Bool(true) => return out,
            Json::Bool(false) => {
                out.error(path, "False always fails validation".into());
                return out;
            }
            Json::Object(s) => s,
            _ => return out,
        };
        if let Some(Json::String(_)) = s.get("$ref") {
            if let Some(target) = self.refs.schema(schema) {
                return self.recursive(target, value, path);
            }
            return out;
        }
        let ts = types(s);
        let given = match value {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Number(_) if is_integer(value) => "integer",
            Json::Number(_) => "number",
            Json::String(_) => "string",
            Json::Array(_) => "array",
            Json::Object(_) => "object",
        };
        let matches = match given {
            "integer" => ts.contains(&"integer") || ts.contains(&"number"),
            g => ts.contains(&g),
        };
        if !ts.is_empty() && !matches {
            out.error(
                path,
                format!("Invalid type. Expected: {}, given: {given}", type_list(&ts)),
            );
            return out;
        }
        self.schema_keywords(s, value, path, &mut out);
        match value {
            Json::Number(n) => {
                self.number(s, f64_of(n), path, &mut out);
                self.common(s, value, path, &mut out);
            }
            Json::Array(items) => {
                self.array(s, items, path, &mut out);
                self.common(s, value, path, &mut out);
            }
            Json::Object(m) => {
                self.object(s, m, path, &mut out);
                self.common(s, value, path, &mut out);
                if let Some(Json::Object(props)) = s.get("properties") {
                    for (name, child) in props {
                        if let Some(v) = m.get(name) {
                            path.push(name.clone());
                            let r = self.recursive(child, v, path);
                            path.pop();
                            out.merge(r);
                        }
                    }
                }
            }
            Json::String(text) => {
                self.common(s, value, path, &mut out);
                self.string(s, text, path, &mut out);
            }
            Json::Null | Json::Bool(_) => self.common(s, value, path, &mut out),
        }
        out.score += 1;
        out
    }

    /// anyOf, oneOf, allOf, not, dependencies, if/then/else.
    fn schema_keywords(
        &self,
        s: &JsonMap<String, Json>,
        value: &Json,
        path: &mut Vec<String>,
        out: &mut Outcome,
    ) {
        if let Some(Json::Array(any)) = s
            .get("anyOf")
            .filter(|a| a.as_array().is_some_and(|a| !a.is_empty()))
        {
            let mut best: Option<Outcome> = None;
            let mut valid = false;
            for alt in any {
                let r = self.sub(alt, value, path);
                if r.valid() {
                    valid = true;
                    break;
                }
                if best.as_ref().is_none_or(|b| r.score > b.score) {
                    best = Some(r);
                }
            }
            if !valid {
                out.error(path, "Must validate at least one schema (anyOf)".into());
                if let Some(best) = best {
                    out.merge(best);
                }
            }
        }
        if let Some(Json::Array(one)) = s
            .get("oneOf")
            .filter(|a| a.as_array().is_some_and(|a| !a.is_empty()))
        {
            let mut matched = 0;
            let mut best: Option<Outcome> = None;
            for alt in one {
                let r = self.sub(alt, value, path);
                if r.valid() {
                    matched += 1;
                } else if matched == 0 && best.as_ref().is_none_or(|b| r.score > b.score) {
                    best = Some(r);
                }
            }
            if matched != 1 {
                out.error(path, "Must validate one and only one schema (oneOf)".into());
                if matched == 0 {
                    if let Some(best) = best {
                        out.merge(best);
                    }
                }
            }
        }
        if let Some(Json::Array(all)) = s
            .get("allOf")
            .filter(|a| a.as_array().is_some_and(|a| !a.is_empty()))
        {
            let mut matched = 0;
            for alt in all {
                let r = self.sub(alt, value, path);
                if r.valid() {
                    matched += 1;
                }
                out.merge(r);
            }
            if matched != all.len() {
                out.error(path, "Must validate all the schemas (allOf)".into());
            }
        }
        if let Some(not) = s.get("not") {
            if self.sub(not, value, path).valid() {
                out.error(path, "Must not validate the schema (not)".into());
            }
        }
        if let (Some(Json::Object(deps)), Json::Object(m)) = (s.get("dependencies"), value) {
            for key in m.keys() {
                match deps.get(key) {
                    Some(Json::Array(needed)) => {
                        for need in needed.iter().filter_map(Json::as_str) {
                            if !m.contains_key(need) {
                                out.error(path, format!("Has a dependency on {need}"));
                            }
                        }
                    }
                    Some(dep @ Json::Object(_)) => {
                        let r = self.recursive(dep, value, path);
                        // gojsonschema validates into the same result.
                        out.errors.extend(r.errors);
                        out.score += r.score;
                    }
                    _ => {}
                }
            }
        }
        if let Some(cond) = s.get("if").filter(|_| self.draft >= Draft::D7) {
            let holds = self.sub(cond, value, path).valid();
            let (branch, message) = if holds {
                (s.get("then"), "Must validate \"then\" as \"if\" was valid")
            } else {
                (
                    s.get("else"),
                    "Must validate \"else\" as \"if\" was not valid",
                )
            };
            if let Some(branch) = branch {
                let r = self.sub(branch, value, path);
                if !r.valid() {
                    out.error(path, message.into());
                    out.merge(r);
                }
            }
        }
        out.score += 1;
    }

    /// const, enum, format.
    fn common(&self, s: &JsonMap<String, Json>, value: &Json, path: &[String], out: &mut Outcome) {
        let written = marshal(value);
        if let Some(c) = s.get("const").filter(|_| self.draft >= Draft::D6) {
            if marshal(c) != written {
                out.error(
                    path,
                    format!("{} does not match: {}", field(path), marshal(c)),
                );
            }
        }
        if let Some(Json::Array(options)) = s
            .get("enum")
            .filter(|e| e.as_array().is_some_and(|e| !e.is_empty()))
        {
            let allowed: Vec<String> = options.iter().map(marshal).collect();
            if !allowed.contains(&written) {
                out.error(
                    path,
                    format!(
                        "{} must be one of the following: {}",
                        field(path),
                        allowed.join(", ")
                    ),
                );
            }
        }
        if let (Some(Json::String(format)), Json::String(text)) = (s.get("format"), value) {
            if super::format::check(format, text, GO_CLASS_NAMES).is_some() {
                out.error(path, format!("Does not match format '{format}'"));
            }
        }
        out.score += 1;
    }

    fn array(
        &self,
        s: &JsonMap<String, Json>,
        items: &[Json],
        path: &mut Vec<String>,
        out: &mut Outcome,
    ) {
        match s.get("items") {
            Some(Json::Array(positional)) => {
                for (i, (schema, item)) in positional.iter().zip(items).enumerate() {
                    path.push(i.to_string());
                    let r = self.sub(schema, item, path);
                    path.pop();
                    out.merge(r);
                }
                if positional.len() < items.len() {
                    match s.get("additionalItems") {
                        Some(Json::Bool(false)) => {
                            out.error(path, "No additional items allowed on array".into())
                        }
                        Some(extra @ Json::Object(_)) => {
                            for (i, item) in items.iter().enumerate().skip(positional.len()) {
                                path.push(i.to_string());
                                let r = self.sub(extra, item, path);
                                path.pop();
                                out.merge(r);
                            }
                        }
                        _ => {}
                    }
                }
            }
            Some(single @ (Json::Object(_) | Json::Bool(_))) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(i.to_string());
                    let r = self.sub(single, item, path);
                    path.pop();
                    out.merge(r);
                }
            }
            _ => {}
        }
        if let Some(min) = s.get("minItems").and_then(Json::as_f64) {
            if (items.len() as f64) < min {
                out.error(path, format!("Array must have at least {min} items"));
            }
        }
        if let Some(max) = s.get("maxItems").and_then(Json::as_f64) {
            if (items.len() as f64) > max {
                out.error(path, format!("Array must have at most {max} items"));
            }
        }
        if s.get("uniqueItems") == Some(&Json::Bool(true)) {
            // Each item against the last earlier one that reads the same.
            let mut last = std::collections::HashMap::new();
            for (j, item) in items.iter().enumerate() {
                if let Some(i) = last.insert(marshal(item), j) {
                    out.error(path, format!("array items[{i},{j}] must be unique"));
                }
            }
        }
        if let Some(contains) = s.get("contains").filter(|_| self.draft >= Draft::D6) {
            let mut best: Option<Outcome> = None;
            let mut found = false;
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                let r = self.sub(contains, item, path);
                path.pop();
                if r.valid() {
                    found = true;
                    break;
                }
                if best.as_ref().is_none_or(|b| r.score > b.score) {
                    best = Some(r);
                }
            }
            if !found {
                out.error(path, "At least one of the items must match".into());
                if let Some(best) = best {
                    out.merge(best);
                }
            }
        }
        out.score += 1;
    }

    fn object(
        &self,
        s: &JsonMap<String, Json>,
        m: &JsonMap<String, Json>,
        path: &mut Vec<String>,
        out: &mut Outcome,
    ) {
        if let Some(min) = s.get("minProperties").and_then(Json::as_f64) {
            if (m.len() as f64) < min {
                out.error(path, format!("Must have at least {min} properties"));
            }
        }
        if let Some(max) = s.get("maxProperties").and_then(Json::as_f64) {
            if (m.len() as f64) > max {
                out.error(path, format!("Must have at most {max} properties"));
            }
        }
        if let Some(Json::Array(required)) = s.get("required") {
            for name in required.iter().filter_map(Json::as_str) {
                if m.contains_key(name) {
                    out.score += 1;
                } else {
                    out.error(path, format!("{name} is required"));
                }
            }
        }
        let props = s.get("properties").and_then(Json::as_object);
        let patterns: Vec<(regex::Regex, &Json)> = match s.get("patternProperties") {
            Some(Json::Object(p)) => p
                .iter()
                .filter_map(|(re, schema)| {
                    crate::go::regexp::compile(re, GO_CLASS_NAMES).ok().map(|re| (re, schema))
                })
                .collect(),
            _ => Vec::new(),
        };
        for (key, v) in m {
            let known = props.is_some_and(|p| p.contains_key(key));
            let mut matched = false;
            for (re, schema) in &patterns {
                if re.is_match(key) {
                    matched = true;
                    path.push(key.clone());
                    let r = self.sub(schema, v, path);
                    path.pop();
                    out.merge(r);
                }
            }
            if matched {
                out.score += 1;
            }
            if !known && !matched {
                match s.get("additionalProperties") {
                    Some(Json::Bool(false)) => {
                        out.error(path, format!("Additional property {key} is not allowed"))
                    }
                    Some(extra @ Json::Object(_)) => {
                        path.push(key.clone());
                        let r = self.sub(extra, v, path);
                        path.pop();
                        out.merge(r);
                    }
                    _ => {}
                }
            }
        }
        if let Some(names) = s.get("propertyNames").filter(|_| self.draft >= Draft::D6) {
            for key in m.keys() {
                let r = self.sub(names, &Json::String(key.clone()), path);
                if !r.valid() {
                    out.error(path, format!("Property name of \"{key}\" does not match"));
                    out.merge(r);
                }
            }
        }
        out.score += 1;
    }

    fn string(&self, s: &JsonMap<String, Json>, text: &str, path: &[String], out: &mut Outcome) {
        let len = text.chars().count() as f64;
        if let Some(min) = s.get("minLength").and_then(Json::as_f64) {
            if len < min {
                out.error(
                    path,
                    format!("String length must be greater than or equal to {min}"),
                );
            }
        }
        if let Some(max) = s.get("maxLength").and_then(Json::as_f64) {
            if len > max {
                out.error(
                    path,
                    format!("String length must be less than or equal to {max}"),
                );
            }
        }
        if let Some(Json::String(pattern)) = s.get("pattern") {
            if crate::go::regexp::compile(pattern, GO_CLASS_NAMES).is_ok_and(|re| !re.is_match(text)) {
                out.error(path, format!("Does not match pattern '{pattern}'"));
            }
        }
        out.score += 1;
    }

    fn number(&self, s: &JsonMap<String, Json>, n: f64, path: &[String], out: &mut Outcome) {
        let bound = |k: &str| s.get(k).and_then(Json::as_f64);
        if let Some(step) = bound("multipleOf") {
            if !is_multiple(n, step) {
                out.error(path, format!("Must be a multiple of {}", go_g10(step)));
            }
        }
        // Draft 4's boolean `exclusiveMaximum` makes `maximum` exclusive.
        let draft4 = |k: &str| s.get(k) == Some(&Json::Bool(true));
        let (max, xmax) = match bound("maximum") {
            Some(m) if draft4("exclusiveMaximum") => (None, Some(m)),
            m => (m, bound("exclusiveMaximum")),
        };
        let (min, xmin) = match bound("minimum") {
            Some(m) if draft4("exclusiveMinimum") => (None, Some(m)),
            m => (m, bound("exclusiveMinimum")),
        };
        if let Some(max) = max.filter(|m| n > *m) {
            out.error(
                path,
                format!("Must be less than or equal to {}", go_g10(max)),
            );
        }
        if let Some(max) = xmax.filter(|m| n >= *m) {
            out.error(path, format!("Must be less than {}", go_g10(max)));
        }
        if let Some(min) = min.filter(|m| n < *m) {
            out.error(
                path,
                format!("Must be greater than or equal to {}", go_g10(min)),
            );
        }
        if let Some(min) = xmin.filter(|m| n <= *m) {
            out.error(path, format!("Must be greater than {}", go_g10(min)));
        }
        out.score += 1;
    }
}
