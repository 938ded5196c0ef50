//! santhosh-tekuri/jsonschema v6's validation (Helm 3.19 and later): a tree of problems,
//! `- at '/json/pointer': message`, the causes of a failed `allOf`, `anyOf`, `oneOf`,
//! `contains`, `propertyNames` or of several problems at one place indented under it.
//!
//! The draft is the root's `$schema` (draft 4, 6, 7, 2019-09, 2020-12), 2020-12 without one.
//! Before 2019-09 a `$ref` replaces its siblings and `format` is asserted; from 2019-09 a
//! `$ref` is checked beside them and `format` is only an annotation.

use serde_json::{Map as JsonMap, Value as Json};

use super::number::{equal, f64_of, grouped, grouped_int, is_integer, is_multiple};
use super::refs::{self, RefKind, Refs, Target};
use super::{pointer_tokens, Loc, Token};
use crate::go::regexp::ClassNames;

/// The validator release's choices.
pub(super) struct Options {
    pub(super) v6_0_3: bool,
    pub(super) urn_permissive: bool,
    pub(super) names: ClassNames,
}

/// `schema` (read from `source`, when known) against `values`.
pub(super) fn validate(
    schema: &Json,
    source: Option<&str>,
    values: &Json,
    options: Options,
) -> Result<(), String> {
    let Options {
        v6_0_3,
        urn_permissive,
        names,
    } = options;
    if let Some(Json::String(url)) = schema.get("$schema") {
        metaschema_loads(url, urn_permissive)?;
    }
    let draft = draft_of(schema);
    // The identifiers are collected as the document is added, before the meta-schema check;
    // a `$ref` is resolved as the schema compiles, after it.
    let refs = refs::santhosh(
        schema,
        &refs::SanthoshOptions {
            draft,
            urn_permissive,
        },
    );
    if let Some(message) = &refs.collect_error {
        return Err(message.clone());
    }
    if let Some(message) = super::meta::check(schema, draft, v6_0_3, names) {
        return Err(message);
    }
    check_refs(schema, &refs)?;
    if draft < 2019 {
        check_unreached_targets(schema, &refs, draft, v6_0_3, names)?;
    }
    let walker = Walker {
        root: schema,
        draft,
        absolute_items: v6_0_3,
        names,
        scopes: std::cell::RefCell::new(Vec::with_capacity(32)),
        source,
        tracks: super::mentions(schema, &["unevaluatedProperties", "unevaluatedItems"]),
        refs,
    };
    let problem = walker.validate(schema, values, &Loc::ROOT);
    let Some(problem) = problem else {
        return Ok(());
    };
    let causes = match problem.message {
        Message::Group => problem.causes,
        _ => vec![problem],
    };
    let mut out = String::new();
    for cause in &causes {
        display(cause, 1, &mut out);
    }
    Err(out)
}

/// Whether the library refuses `schema` before it resolves its references: an unknown
/// `$schema` it cannot load, or the meta-schema's problems.
pub(super) fn refused_before_refs(
    schema: &Json,
    validator: super::Validator,
    refs: &Refs<'_>,
) -> bool {
    let super::Validator::Santhosh {
        v6_0_3,
        urn_permissive,
    } = validator
    else {
        return false;
    };
    if let Some(Json::String(url)) = schema.get("$schema") {
        if metaschema_loads(url, urn_permissive).is_err() {
            return true;
        }
    }
    refs.collect_error.is_some()
        || super::meta::check(schema, draft_of(schema), v6_0_3, validator.class_names()).is_some()
}

/// A `$ref` the library cannot resolve fails the compile, before any value is read: the
/// first met, subschemas in order.
fn check_refs(node: &Json, refs: &Refs<'_>) -> Result<(), String> {
    let Json::Object(m) = node else {
        return Ok(());
    };
    for kind in [RefKind::Ref, RefKind::Recursive, RefKind::Dynamic] {
        if let Some((_, Target::Error(message))) = refs.get_kind(node, kind) {
            return Err(message.clone());
        }
    }
    super::subschemas(m)
        .into_iter()
        .try_for_each(|v| check_refs(v, refs))
}

/// Before 2019-09 the meta-schema has no `$defs` (nor `dependentSchemas`, …; draft 4 no
/// `contains`, draft 6 no `if`): a schema there is no subschema of the root's, and santhosh
/// checks it against the meta-schema on its own when a `$ref` makes it compile. The first
/// such target (in the order the root's subschemas are read) that the meta-schema refuses
/// is santhosh's error, named by the reference's JSON pointer.
fn check_unreached_targets(
    root: &Json,
    refs: &Refs<'_>,
    draft: u32,
    v6_0_3: bool,
    names: ClassNames,
) -> Result<(), String> {
    // The subschemas the draft's meta-schema knows (and santhosh compiles) below `node`.
    fn children(node: &Json, draft: u32) -> Vec<&Json> {
        let Json::Object(m) = node else {
            return Vec::new();
        };
        super::subschemas_of(m, |key| match key {
            "$defs" | "dependentSchemas" | "prefixItems" | "unevaluatedItems"
            | "unevaluatedProperties" | "contentSchema" => false,
            "contains" | "propertyNames" => draft >= 6,
            "if" | "then" | "else" => draft >= 7,
            _ => true,
        })
    }
    let address = |node: &Json| std::ptr::from_ref(node) as usize;
    // What the root's meta-schema check reached (sorted addresses: a tree walk, no hashing).
    let mut covered = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        covered.push(address(node));
        stack.extend(children(node, draft));
    }
    covered.sort_unstable();
    // What santhosh compiles, in its order: the root's subschemas, and the schemas their
    // references reach (each target once; within one, the walk is a tree's). A target inside
    // one already checked is checked again: it passes, as its container did.
    let mut targets = std::collections::HashSet::new();
    let mut queue = vec![root];
    while let Some(node) = queue.pop() {
        if let Some((text, Target::Schema(target))) = refs.get_kind(node, RefKind::Ref) {
            let at = address(target);
            if covered.binary_search(&at).is_err() && targets.insert(at) {
                if let Some(pointer) = text.strip_prefix('#').filter(|p| p.starts_with('/')) {
                    if let Some(message) =
                        super::meta::check_at(target, pointer, draft, v6_0_3, names)
                    {
                        return Err(message);
                    }
                }
                queue.push(target);
            }
        }
        let mut subs = children(node, draft);
        subs.reverse();
        queue.extend(subs);
    }
    Ok(())
}

/// Whether the library has the meta-schema `$schema` names (a draft's URL, `http` or
/// `https`, any fragment); else it loads it as it loads a `$ref`, and fails for the loaders
/// Helm gives it (Helm 4 reads an unknown `urn:` as the schema `true`).
fn metaschema_loads(url: &str, urn_permissive: bool) -> Result<(), String> {
    let document = url.split_once('#').map_or(url, |(d, _)| d);
    let path = document
        .strip_prefix("http://")
        .or_else(|| document.strip_prefix("https://"));
    let known = [
        "json-schema.org/schema",
        "json-schema.org/draft/2020-12/schema",
        "json-schema.org/draft/2019-09/schema",
        "json-schema.org/draft-07/schema",
        "json-schema.org/draft-06/schema",
        "json-schema.org/draft-04/schema",
    ];
    if path.is_some_and(|p| known.contains(&p)) || (urn_permissive && url.starts_with("urn:")) {
        return Ok(());
    }
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    match scheme.as_deref() {
        Some("http" | "https" | "file") => Err(super::remote_ref(url)),
        _ => Err(format!(
            "failing loading {url:?}: no URLLoader registered for {url:?}"
        )),
    }
}

pub(super) fn draft_of(schema: &Json) -> u32 {
    let Some(uri) = schema.get("$schema").and_then(Json::as_str) else {
        return 2020;
    };
    [
        ("draft-04", 4),
        ("draft-06", 6),
        ("draft-07", 7),
        ("2019-09", 2019),
        ("2020-12", 2020),
    ]
    .iter()
    .find(|(name, _)| uri.contains(name))
    .map_or(2020, |(_, d)| *d)
}

pub(super) enum Message {
    /// Several problems at one place: `validation failed`.
    Group,
    /// A `$ref` that failed: shown as `validation failed` only with several causes.
    Reference,
    Text(String),
}

pub(super) struct Problem {
    pub(super) location: Vec<String>,
    pub(super) message: Message,
    pub(super) causes: Vec<Problem>,
}

pub(super) fn display(p: &Problem, indent: usize, out: &mut String) {
    let skip = matches!(p.message, Message::Reference) && p.causes.len() == 1;
    let mut next = indent;
    if !skip {
        for _ in 1..indent {
            out.push_str("  ");
        }
        let pointer: String = p
            .location
            .iter()
            .map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1")))
            .collect();
        let message = match &p.message {
            Message::Text(t) => t.as_str(),
            Message::Group | Message::Reference => "validation failed",
        };
        out.push_str(&format!("- at {}: {message}\n", quote(&pointer)));
        next += 1;
    }
    for cause in &p.causes {
        display(cause, next, out);
    }
}

/// santhosh's `quote`: Go's `%q` in single quotes.
pub(super) fn quote(s: &str) -> String {
    let q = crate::go::quote(s);
    let inner = &q[1..q.len() - 1];
    format!("'{}'", inner.replace("\\\"", "\"").replace('\'', "\\'"))
}

fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| quote(n))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A primitive as the messages show it.
fn display_value(v: &Json) -> String {
    match v {
        Json::String(s) => quote(s),
        Json::Number(n) => crate::go::format_float_g(f64_of(n), false),
        Json::Null => "<nil>".into(),
        Json::Array(_) | Json::Object(_) => "value".into(),
        Json::Bool(b) => b.to_string(),
    }
}

pub(super) fn json_type(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

struct Walker<'a> {
    root: &'a Json,
    draft: u32,
    absolute_items: bool,
    /// The reading of Unicode class names in patterns.
    names: ClassNames,
    /// The schemas the walk is inside, outermost first (santhosh's chain of `scope`s).
    scopes: std::cell::RefCell<Vec<Scope>>,
    /// The text the schema was read from, if known.
    source: Option<&'a str>,
    /// Whether the document has `unevaluatedProperties` or `unevaluatedItems`: only then
    /// does the walk keep what each schema evaluated ([`Eval`]).
    tracks: bool,
    /// Where each `$ref` leads.
    refs: Refs<'a>,
}


/// One step of a walk, as santhosh's `scope`: a schema applied to a value, and the
/// reference keyword that jumped to it (`None`: a subschema in its place).
#[derive(Clone, Copy)]
struct Scope {
    schema: usize,
    value: usize,
    jump: Option<&'static str>,
}

impl Scope {
    fn new(schema: &Json, value: &Json, jump: Option<&'static str>) -> Scope {
        Scope {
            schema: std::ptr::from_ref(schema) as usize,
            value: std::ptr::from_ref(value) as usize,
            jump,
        }
    }
}

struct Place<'p> {
    location: &'p Loc<'p>,
    errors: Vec<Problem>,
    /// The properties or items of the value this schema evaluated so far.
    eval: Eval,
}

/// santhosh's `uneval`, the other way round: which properties (in the value's key order) or
/// items of a value a schema evaluated, for `unevaluatedProperties` and `unevaluatedItems`.
/// Kept only when the document uses those keywords (empty otherwise: marks and merges do
/// nothing). A subschema that holds adds its marks to its parent's (`merge`).
#[derive(Default)]
struct Eval {
    marks: Vec<bool>,
}

impl Eval {
    fn new(v: &Json, tracks: bool) -> Eval {
        let len = match v {
            Json::Object(m) if tracks => m.len(),
            Json::Array(items) if tracks => items.len(),
            _ => 0,
        };
        Eval {
            marks: vec![false; len],
        }
    }

    fn mark(&mut self, i: usize) {
        if let Some(m) = self.marks.get_mut(i) {
            *m = true;
        }
    }

    fn mark_all(&mut self) {
        self.marks.fill(true);
    }

    fn merge(&mut self, other: &Eval) {
        for (m, o) in self.marks.iter_mut().zip(&other.marks) {
            *m |= *o;
        }
    }

    fn is_marked(&self, i: usize) -> bool {
        self.marks.get(i).copied().unwrap_or(false)
    }
}

impl Place<'_> {
    fn text(&self, message: String) -> Problem {
        Problem {
            location: self.location.tokens(),
            message: Message::Text(message),
            causes: Vec::new(),
        }
    }

    fn add(&mut self, message: String) {
        let p = self.text(message);
        self.errors.push(p);
    }

    fn add_with(&mut self, message: String, causes: Vec<Problem>) {
        let mut p = self.text(message);
        p.causes = causes;
        self.errors.push(p);
    }
}

impl<'a> Walker<'a> {
    /// One schema against one value at `location`: `None` when it holds.
    fn validate(&self, schema: &Json, v: &Json, location: &Loc<'_>) -> Option<Problem> {
        self.validate_eval(schema, v, location).0
    }

    /// [`Walker::validate`], and what the schema evaluated of `v` (see [`Eval`]).
    fn validate_eval(&self, schema: &Json, v: &Json, location: &Loc<'_>) -> (Option<Problem>, Eval) {
        self.enter(Scope::new(schema, v, None), schema, v, location)
    }

    /// [`Walker::validate`] in `scope`. A schema applied again to the value it is being
    /// applied to (only `$ref`s can lead back: `{"$ref": "#"}`) would never end: santhosh
    /// reports that cycle as the problem there, naming the two ways in (boolean schemas
    /// hold or fail before that check).
    fn enter(
        &self,
        scope: Scope,
        schema: &Json,
        v: &Json,
        location: &Loc<'_>,
    ) -> (Option<Problem>, Eval) {
        if !schema.is_object() {
            return self.apply(schema, v, location);
        }
        let earlier = {
            let scopes = self.scopes.borrow();
            scopes
                .iter()
                .rposition(|s| s.schema == scope.schema && s.value == scope.value)
        };
        if let Some(i) = earlier {
            return (Some(self.cycle(i, scope, location)), Eval::default());
        }
        self.scopes.borrow_mut().push(scope);
        let result = self.apply(schema, v, location);
        self.scopes.borrow_mut().pop();
        result
    }

    /// A primitive of the schema as the messages show it, `text` its text in the schema:
    /// a number as written there (Go's `json.Number`), when that is known.
    fn display_value(v: &Json, text: Option<&str>) -> String {
        match (v, text) {
            (Json::Number(_), Some(text)) => text.to_owned(),
            _ => display_value(v),
        }
    }

    /// The text of `node` (a node of the schema) in the schema's text, if known.
    fn text_of(&self, node: &Json) -> Option<&'a str> {
        super::text_of(self.root, self.source, node)
    }

    /// santhosh's `RefCycle`: `scope` meets the walk's `earlier`th scope again.
    fn cycle(&self, earlier: usize, scope: Scope, location: &Loc<'_>) -> Problem {
        let mut chain = self.scopes.borrow().clone();
        chain.push(scope);
        let url = format!(
            "file:///values.schema.json#{}",
            refs::encode(&pointer_of(self.root, scope.schema))
        );
        Problem {
            location: location.tokens(),
            message: Message::Text(format!(
                "both {} and {} resolve to {} causing reference cycle",
                self.keyword_location(&chain),
                self.keyword_location(chain.get(..=earlier).unwrap_or_default()),
                crate::go::quote(&url)
            )),
            causes: Vec::new(),
        }
    }

    /// santhosh's `kwLoc`: the keywords from the root schema to the last scope of `chain`,
    /// a jump by its keyword, a subschema by its location below its parent's (percent-encoded:
    /// `/properties/a%20b`).
    fn keyword_location(&self, chain: &[Scope]) -> String {
        let mut out = String::new();
        for pair in chain.windows(2) {
            match pair[1].jump {
                Some(keyword) => {
                    out.push('/');
                    out.push_str(keyword);
                }
                None => {
                    // The schemas' locations, as URL fragments.
                    let parent = refs::encode(&pointer_of(self.root, pair[0].schema));
                    let here = refs::encode(&pointer_of(self.root, pair[1].schema));
                    out.push_str(here.get(parent.len()..).unwrap_or_default());
                }
            }
        }
        out
    }

    /// The schema a reference leads to, applied to `v`: its problem is the reference's
    /// (`validation failed` over several causes), what it evaluated is this schema's.
    fn jump(&self, target: &Json, v: &Json, kind: RefKind, at: &mut Place<'_>) -> Option<Problem> {
        let location = at.location;
        let scope = Scope::new(target, v, Some(kind.keyword()));
        let (problem, eval) = self.enter(scope, target, v, location);
        if problem.is_none() {
            at.eval.merge(&eval);
        }
        problem.map(|p| Problem {
            location: location.tokens(),
            message: Message::Reference,
            causes: match p.message {
                Message::Group => p.causes,
                _ => vec![p],
            },
        })
    }

    /// santhosh's `validateRefs`: `$recursiveRef` (its target, or where it says
    /// `"$recursiveAnchor": true`, the outermost schema of the walk whose resource says so
    /// too) and `$dynamicRef` (its target, or where that declares the reference's anchor as
    /// `$dynamicAnchor`, the anchor in the outermost resource of the walk that declares it).
    fn dynamic_refs(&self, schema: &Json, s: &JsonMap<String, Json>, v: &Json, at: &mut Place<'_>) {
        if s.contains_key("$recursiveRef") {
            if let Some((_, Target::Schema(mut target))) = self.refs.get_kind(schema, RefKind::Recursive) {
                if target.get("$recursiveAnchor") == Some(&Json::Bool(true)) {
                    let outer = self
                        .scopes
                        .borrow()
                        .iter()
                        .find_map(|sc| self.refs.recursive_anchor(sc.schema));
                    target = outer.unwrap_or(target);
                }
                let problem = self.jump(target, v, RefKind::Recursive, at);
                at.errors.extend(problem);
            }
        }
        if self.draft < 2020 || !s.contains_key("$dynamicRef") {
            return;
        }
        let Some((text, Target::Schema(mut target))) = self.refs.get_kind(schema, RefKind::Dynamic) else {
            return;
        };
        let fragment = text.split_once('#').map_or("", |(_, f)| f);
        let anchor = crate::go::url::unescape(fragment).unwrap_or_default();
        if !anchor.is_empty()
            && !anchor.starts_with('/')
            && target.get("$dynamicAnchor").and_then(Json::as_str) == Some(anchor.as_str())
        {
            let outer = self
                .scopes
                .borrow()
                .iter()
                .find_map(|sc| self.refs.dynamic_anchor(sc.schema, &anchor));
            target = outer.unwrap_or(target);
        }
        let problem = self.jump(target, v, RefKind::Dynamic, at);
        at.errors.extend(problem);
    }

    /// [`Walker::validate`]'s work, inside the loop guard.
    fn apply(&self, schema: &Json, v: &Json, location: &Loc<'_>) -> (Option<Problem>, Eval) {
        let mut at = Place {
            location,
            errors: Vec::new(),
            eval: Eval::new(v, self.tracks),
        };
        let s = match schema {
            Json::Object(s) => s,
            Json::Bool(false) => return (Some(at.text("false schema".into())), at.eval),
            _ => return (None, at.eval),
        };
        let problem = self.apply_object(schema, s, v, &mut at);
        (problem, at.eval)
    }

    /// [`Walker::apply`] of a schema object.
    fn apply_object(
        &self,
        schema: &Json,
        s: &JsonMap<String, Json>,
        v: &Json,
        at: &mut Place<'_>,
    ) -> Option<Problem> {
        let location = at.location;
        // Before 2019-09 santhosh compiles none of a `$ref` object's draft-4 keywords
        // (`type`, `enum`, `format`, …; its draft 6 and 7 ones it does), and checks nothing
        // after the reference: `const` is the one sibling checked, before it.
        let draft4_ignored = self.draft < 2019 && s.contains_key("$ref");
        let got = json_type(v);
        let types: Vec<&str> = match s.get("type").filter(|_| !draft4_ignored) {
            Some(Json::String(t)) => vec![t.as_str()],
            Some(Json::Array(ts)) => ts.iter().filter_map(Json::as_str).collect(),
            _ => Vec::new(),
        };
        let accepted = types.is_empty()
            || types.contains(&got)
            || (types.contains(&"integer") && is_integer(v));
        if !accepted {
            // santhosh keeps the types as a bit set: they print in its order.
            let order = [
                "null", "boolean", "number", "integer", "string", "array", "object",
            ];
            let want: Vec<&str> = order.into_iter().filter(|t| types.contains(t)).collect();
            return Some(at.text(format!("got {got}, want {}", want.join(" or "))));
        }
        // Draft 4 has no `const`, `contains` or `propertyNames`; draft 6 no `if`.
        if let Some(c) = s.get("const").filter(|_| self.draft >= 6) {
            if !equal(v, c) {
                return Some(at.text(match c {
                    Json::Array(_) | Json::Object(_) => "'const' failed".into(),
                    _ => format!(
                        "value must be {}",
                        Self::display_value(c, self.text_of(c))
                    ),
                }));
            }
        }
        if let Some(e @ Json::Array(options)) = s.get("enum").filter(|_| !draft4_ignored) {
            if !options.iter().any(|o| equal(v, o)) {
                let primitive = options
                    .iter()
                    .all(|o| !matches!(o, Json::Array(_) | Json::Object(_)));
                // The items' texts, split in one pass (a number prints as written).
                let texts = Some(e)
                    .filter(|_| primitive)
                    .and_then(|e| self.text_of(e))
                    .and_then(super::raw::elements)
                    .filter(|t| t.len() == options.len())
                    .unwrap_or_default();
                let message = match options.as_slice() {
                    _ if !primitive => "'enum' failed".into(),
                    [one] => format!(
                        "value must be {}",
                        Self::display_value(one, texts.first().copied())
                    ),
                    all => format!(
                        "value must be one of {}",
                        all.iter()
                            .enumerate()
                            .map(|(i, o)| Self::display_value(o, texts.get(i).copied()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                return Some(at.text(message));
            }
        }
        if self.draft < 2019 && !draft4_ignored {
            if let (Some(Json::String(format)), Json::String(text)) = (s.get("format"), v) {
                if let Some(reason) = super::format::check(format, text, self.names) {
                    return Some(
                        at.text(format!("{} is not valid {format}: {reason}", quote(text))),
                    );
                }
            }
        }
        if s.contains_key("$ref") {
            // An unresolved `urn:` reference (Helm 4) is the schema `true`.
            let problem = self
                .refs
                .schema(schema)
                .and_then(|target| self.jump(target, v, RefKind::Ref, at));
            if self.draft < 2019 {
                return problem;
            }
            at.errors.extend(problem);
        }
        match v {
            Json::Object(m) => self.object(s, m, at),
            Json::Array(items) => self.array(s, items, at),
            Json::String(text) => self.string(s, text, at),
            Json::Number(n) => self.number(s, f64_of(n), at),
            _ => {}
        }
        if self.draft >= 2019 {
            self.dynamic_refs(schema, s, v, at);
        }
        self.conditions(s, v, at);
        if self.draft >= 2019 {
            self.unevaluated(s, v, at);
        }
        match at.errors.len() {
            0 => None,
            1 => at.errors.pop(),
            _ => Some(Problem {
                location: location.tokens(),
                message: Message::Group,
                causes: std::mem::take(&mut at.errors),
            }),
        }
    }

    fn child(&self, schema: &Json, v: &Json, location: &Loc<'_>, token: Token<'_>) -> Option<Problem> {
        self.validate(schema, v, &location.at(token))
    }

    fn object(&self, s: &JsonMap<String, Json>, m: &JsonMap<String, Json>, at: &mut Place<'_>) {
        let count = |k: &str| s.get(k).and_then(Json::as_f64).map(|f| f as usize);
        if let Some(min) = count("minProperties").filter(|min| m.len() < *min) {
            at.add(format!(
                "minProperties: got {}, want {}",
                grouped_int(m.len()),
                grouped_int(min)
            ));
        }
        if let Some(max) = count("maxProperties").filter(|max| m.len() > *max) {
            at.add(format!(
                "maxProperties: got {}, want {}",
                grouped_int(m.len()),
                grouped_int(max)
            ));
        }
        if let Some(Json::Array(required)) = s.get("required") {
            let missing: Vec<&str> = required
                .iter()
                .filter_map(Json::as_str)
                .filter(|n| !m.contains_key(*n))
                .collect();
            match missing.as_slice() {
                [] => {}
                [one] => at.add(format!("missing property {}", quote(one))),
                many => at.add(format!("missing properties {}", quoted_list(many))),
            }
        }
        let dependents = |key: &str, at: &mut Place<'_>| {
            if let Some(Json::Object(deps)) = s.get(key) {
                for (name, dep) in deps.iter().filter(|(name, _)| m.contains_key(*name)) {
                    match dep {
                        Json::Array(needed) => {
                            let missing: Vec<&str> = needed
                                .iter()
                                .filter_map(Json::as_str)
                                .filter(|n| !m.contains_key(*n))
                                .collect();
                            if !missing.is_empty() {
                                at.add(format!(
                                    "properties {} required, if {} exists",
                                    quoted_list(&missing),
                                    quote(name)
                                ));
                            }
                        }
                        schema => {
                            let v = Json::Object(m.clone());
                            at.errors.extend(self.validate(schema, &v, at.location));
                        }
                    }
                }
            }
        };
        // Helm 3.19 reads draft 7's `dependencies` in a 2020-12 schema too.
        dependents("dependencies", at);
        let props = s.get("properties").and_then(Json::as_object);
        let patterns: Vec<(regex::Regex, &Json)> = match s.get("patternProperties") {
            Some(Json::Object(p)) => p
                .iter()
                .filter_map(|(re, schema)| {
                    crate::go::regexp::compile(re, self.names).ok().map(|re| (re, schema))
                })
                .collect(),
            _ => Vec::new(),
        };
        let mut extra: Vec<&str> = Vec::new();
        for (index, (name, value)) in m.iter().enumerate() {
            let mut evaluated = false;
            if let Some(schema) = props.and_then(|p| p.get(name)) {
                evaluated = true;
                at.errors
                    .extend(self.child(schema, value, at.location, Token::Name(name)));
            }
            for (re, schema) in &patterns {
                if re.is_match(name) {
                    evaluated = true;
                    at.errors
                        .extend(self.child(schema, value, at.location, Token::Name(name)));
                }
            }
            if !evaluated {
                match s.get("additionalProperties") {
                    Some(Json::Bool(false)) => extra.push(name),
                    Some(schema @ Json::Object(_)) => {
                        at.errors
                            .extend(self.child(schema, value, at.location, Token::Name(name)))
                    }
                    _ => {}
                }
            }
            if evaluated || s.contains_key("additionalProperties") {
                at.eval.mark(index);
            }
        }
        if !extra.is_empty() {
            at.add(format!(
                "additional properties {} not allowed",
                quoted_list(&extra)
            ));
        }
        if self.draft == 4 {
            return;
        }
        if let Some(names) = s.get("propertyNames") {
            for name in m.keys() {
                // Each name is checked as a document of its own: its problems are at ''.
                if let Some(p) = self.validate(names, &Json::String(name.clone()), &Loc::ROOT) {
                    let causes = match p.message {
                        Message::Group => p.causes,
                        _ => vec![p],
                    };
                    at.errors.push(Problem {
                        location: Vec::new(),
                        message: Message::Text(format!("invalid propertyName {}", quote(name))),
                        causes,
                    });
                }
            }
        }
        if self.draft >= 2019 {
            if let Some(Json::Object(deps)) = s.get("dependentSchemas") {
                for (_, schema) in deps.iter().filter(|(name, _)| m.contains_key(*name)) {
                    let v = Json::Object(m.clone());
                    let (problem, eval) = self.validate_eval(schema, &v, at.location);
                    match problem {
                        Some(p) => at.errors.push(p),
                        None => at.eval.merge(&eval),
                    }
                }
            }
            dependents("dependentRequired", at);
        }
    }

    fn array(&self, s: &JsonMap<String, Json>, items: &[Json], at: &mut Place<'_>) {
        let count = |k: &str| s.get(k).and_then(Json::as_f64).map(|f| f as usize);
        if let Some(min) = count("minItems").filter(|min| items.len() < *min) {
            at.add(format!(
                "minItems: got {}, want {}",
                grouped_int(items.len()),
                grouped_int(min)
            ));
        }
        if let Some(max) = count("maxItems").filter(|max| items.len() > *max) {
            at.add(format!(
                "maxItems: got {}, want {}",
                grouped_int(items.len()),
                grouped_int(max)
            ));
        }
        if s.get("uniqueItems") == Some(&Json::Bool(true)) {
            'outer: for i in 0..items.len() {
                for j in i + 1..items.len() {
                    if equal(&items[i], &items[j]) {
                        at.add(format!("items at {i} and {j} are equal"));
                        break 'outer;
                    }
                }
            }
        }
        let index = |start: usize, i: usize| {
            if self.absolute_items {
                start + i
            } else {
                i
            }
        };
        let (prefix, rest) = if self.draft < 2020 {
            match s.get("items") {
                Some(Json::Array(positional)) => (positional.as_slice(), s.get("additionalItems")),
                Some(single) => (&[][..], Some(single)),
                None => (&[][..], None),
            }
        } else {
            match s.get("prefixItems") {
                Some(Json::Array(p)) => (p.as_slice(), s.get("items")),
                _ => (&[][..], s.get("items")),
            }
        };
        for (i, (schema, item)) in prefix.iter().zip(items).enumerate() {
            at.errors
                .extend(self.child(schema, item, at.location, Token::Index(i)));
        }
        let evaluated = prefix.len().min(items.len());
        // What santhosh counts as evaluated: the positional items, and all of them with a
        // single `items` schema or any `additionalItems` (before 2020-12) or `items` (2020-12).
        let all = if self.draft < 2020 {
            s.contains_key("additionalItems") || matches!(s.get("items"), Some(i) if !i.is_array())
        } else {
            s.contains_key("items")
        };
        if all {
            at.eval.mark_all();
        } else {
            (0..evaluated).for_each(|i| at.eval.mark(i));
        }
        match rest {
            Some(Json::Bool(false)) if self.draft < 2020 && evaluated < items.len() => {
                at.add(format!(
                    "last {} additionalItem(s) not allowed",
                    grouped_int(items.len() - evaluated)
                ));
            }
            Some(schema) if !(self.draft < 2020 && matches!(schema, Json::Bool(false))) => {
                for (i, item) in items[evaluated..].iter().enumerate() {
                    let token = if prefix.is_empty() {
                        i
                    } else {
                        index(evaluated, i)
                    };
                    at.errors
                        .extend(self.child(schema, item, at.location, Token::Index(token)));
                }
            }
            _ => {}
        }
        if let Some(contains) = s.get("contains").filter(|_| self.draft >= 6) {
            let mut causes = Vec::new();
            let mut matched = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match self.child(contains, item, at.location, Token::Index(i)) {
                    Some(p) => causes.push(p),
                    None => {
                        matched.push(i);
                        if self.draft >= 2020 {
                            at.eval.mark(i);
                        }
                    }
                }
            }
            // From 2019-09, `minContains` replaces the one match asked for (`0`: none),
            // and `maxContains` caps the matches.
            let bound = |k: &str| {
                s.get(k)
                    .filter(|_| self.draft >= 2019)
                    .and_then(Json::as_f64)
                    .map(|f| f as usize)
            };
            let at_list = |m: &[usize]| {
                m.iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            match bound("minContains") {
                Some(min) if matched.len() < min => {
                    let message = if matched.is_empty() {
                        format!(
                            "min {} items required to match contains schema, but none matched",
                            grouped_int(min)
                        )
                    } else {
                        format!(
                            "min {} items required to match contains schema, but matched {} items at {}",
                            grouped_int(min),
                            grouped_int(matched.len()),
                            at_list(&matched)
                        )
                    };
                    at.add_with(message, causes);
                }
                Some(_) => {}
                None if matched.is_empty() => {
                    at.add_with("no items match contains schema".into(), causes);
                }
                None => {}
            }
            if let Some(max) = bound("maxContains").filter(|max| matched.len() > *max) {
                at.add(format!(
                    "max {} items required to match contains schema, but matched {} items at {}",
                    grouped_int(max),
                    grouped_int(matched.len()),
                    at_list(&matched)
                ));
            }
        }
    }

    /// `unevaluatedProperties` and `unevaluatedItems` (2019-09 on): the rule applies to each
    /// property (by name) or item (by index) that neither this schema nor any of its
    /// subschemas that held for `v` evaluated ([`Eval`]); then every one is evaluated.
    fn unevaluated(&self, s: &JsonMap<String, Json>, v: &Json, at: &mut Place<'_>) {
        match v {
            Json::Object(m) => {
                if let Some(rule) = s.get("unevaluatedProperties") {
                    for (i, (name, value)) in m.iter().enumerate() {
                        if !at.eval.is_marked(i) {
                            at.errors
                                .extend(self.child(rule, value, at.location, Token::Name(name)));
                        }
                    }
                    at.eval.mark_all();
                }
            }
            Json::Array(items) => {
                if let Some(rule) = s.get("unevaluatedItems") {
                    for (i, item) in items.iter().enumerate() {
                        if !at.eval.is_marked(i) {
                            at.errors
                                .extend(self.child(rule, item, at.location, Token::Index(i)));
                        }
                    }
                    at.eval.mark_all();
                }
            }
            _ => {}
        }
    }

    fn string(&self, s: &JsonMap<String, Json>, text: &str, at: &mut Place<'_>) {
        let len = text.chars().count();
        let count = |k: &str| s.get(k).and_then(Json::as_f64).map(|f| f as usize);
        if let Some(min) = count("minLength").filter(|min| len < *min) {
            at.add(format!(
                "minLength: got {}, want {}",
                grouped_int(len),
                grouped_int(min)
            ));
        }
        if let Some(max) = count("maxLength").filter(|max| len > *max) {
            at.add(format!(
                "maxLength: got {}, want {}",
                grouped_int(len),
                grouped_int(max)
            ));
        }
        if let Some(Json::String(pattern)) = s.get("pattern") {
            if crate::go::regexp::compile(pattern, self.names).is_ok_and(|re| !re.is_match(text)) {
                at.add(format!(
                    "{} does not match pattern {}",
                    quote(text),
                    quote(pattern)
                ));
            }
        }
    }

    fn number(&self, s: &JsonMap<String, Json>, n: f64, at: &mut Place<'_>) {
        let bound = |k: &str| s.get(k).and_then(Json::as_f64);
        let draft4 = |k: &str| self.draft == 4 && s.get(k) == Some(&Json::Bool(true));
        let (min, xmin) = match bound("minimum") {
            Some(m) if draft4("exclusiveMinimum") => (None, Some(m)),
            m => (m, bound("exclusiveMinimum")),
        };
        let (max, xmax) = match bound("maximum") {
            Some(m) if draft4("exclusiveMaximum") => (None, Some(m)),
            m => (m, bound("exclusiveMaximum")),
        };
        let got = grouped(n);
        if let Some(m) = min.filter(|m| n < *m) {
            at.add(format!("minimum: got {got}, want {}", grouped(m)));
        }
        if let Some(m) = max.filter(|m| n > *m) {
            at.add(format!("maximum: got {got}, want {}", grouped(m)));
        }
        if let Some(m) = xmin.filter(|m| n <= *m) {
            at.add(format!("exclusiveMinimum: got {got}, want {}", grouped(m)));
        }
        if let Some(m) = xmax.filter(|m| n >= *m) {
            at.add(format!("exclusiveMaximum: got {got}, want {}", grouped(m)));
        }
        if let Some(step) = bound("multipleOf").filter(|step| !is_multiple(n, *step)) {
            at.add(format!("multipleOf: got {got}, want {}", grouped(step)));
        }
    }

    /// not, allOf, anyOf, oneOf, if/then/else.
    fn conditions(&self, s: &JsonMap<String, Json>, v: &Json, at: &mut Place<'_>) {
        let here = at.location;
        // A subschema that holds adds what it evaluated to this one's (santhosh's
        // `validateSelf`).
        let check = |sub: &Json, at: &mut Place<'_>| {
            let (problem, eval) = self.validate_eval(sub, v, here);
            if problem.is_none() {
                at.eval.merge(&eval);
            }
            problem
        };
        if let Some(not) = s.get("not") {
            if check(not, at).is_none() {
                at.add("'not' failed".into());
            }
        }
        if let Some(Json::Array(all)) = s.get("allOf") {
            let causes: Vec<Problem> = all.iter().filter_map(|a| check(a, at)).collect();
            if !causes.is_empty() {
                at.add_with("'allOf' failed".into(), causes);
            }
        }
        if let Some(Json::Array(any)) = s
            .get("anyOf")
            .filter(|a| a.as_array().is_some_and(|a| !a.is_empty()))
        {
            let mut causes = Vec::new();
            let mut matched = false;
            for alt in any {
                match check(alt, at) {
                    Some(p) => causes.push(p),
                    None => {
                        matched = true;
                        // Past a match, the others only add what they evaluate.
                        if !self.tracks || at.eval.marks.iter().all(|m| *m) {
                            break;
                        }
                    }
                }
            }
            if !matched {
                at.add_with("'anyOf' failed".into(), causes);
            }
        }
        if let Some(Json::Array(one)) = s
            .get("oneOf")
            .filter(|a| a.as_array().is_some_and(|a| !a.is_empty()))
        {
            let mut causes = Vec::new();
            let mut matched: Option<usize> = None;
            for (i, alt) in one.iter().enumerate() {
                match check(alt, at) {
                    Some(p) if matched.is_none() => causes.push(p),
                    Some(_) => {}
                    None => match matched {
                        None => matched = Some(i),
                        Some(first) => {
                            at.add(format!("'oneOf' failed, subschemas {first}, {i} matched"));
                            break;
                        }
                    },
                }
            }
            if matched.is_none() {
                at.add_with("'oneOf' failed, none matched".into(), causes);
            }
        }
        if let Some(cond) = s.get("if").filter(|_| self.draft >= 7) {
            let branch = if check(cond, at).is_none() {
                s.get("then")
            } else {
                s.get("else")
            };
            if let Some(branch) = branch {
                let problem = check(branch, at);
                at.errors.extend(problem);
            }
        }
    }
}

/// The JSON pointer (tokens escaped, not percent-encoded) of the node at `address` in `root`;
/// empty for the root, or for a node that is not in it.
fn pointer_of(root: &Json, address: usize) -> String {
    pointer_tokens(root, address)
        .unwrap_or_default()
        .iter()
        .map(|t| format!("/{}", t.replace('~', "~0").replace('/', "~1")))
        .collect()
}

