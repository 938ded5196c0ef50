//! Where each `$ref` of a schema document leads, as each library resolves it: against the
//! base URI of the schema it is in (its own or the nearest enclosing `$id`, `id` in draft 4;
//! the document's URL at the top), by Go's `net/url` rules, then to the schema with that
//! identifier, and within it by the fragment (a JSON pointer, or an anchor).
//!
//! santhosh (Helm 3.19 and later) names the document `file:///values.schema.json`; each
//! `$id` where a schema can be starts a resource with its own anchors. gojsonschema (Helm
//! 3.17, 3.18) starts from an empty URL, reads `id` (else `$id`) on every object but
//! `enum`/`const` data, and looks a reference up by its whole text, then by its text without
//! the fragment, whose JSON pointer it follows.
//!
//! Every `$ref` (and santhosh's `$recursiveRef`, `$dynamicRef`) is resolved once, before
//! the walk, and found again by the address of the object holding it: the same text can
//! lead to different schemas under different `$id`s. Where the document has the dynamic
//! keywords, each schema's resource is kept too, for the walk to find the outermost
//! resource declaring an anchor.

use std::collections::HashMap;

use serde_json::{Map as JsonMap, Value as Json};

use super::Keyword;
use crate::go::url::{self, Url};

/// The URL santhosh names the values schema with (Helm's `AddResource`).
pub(super) const DOCUMENT: &str = "file:///values.schema.json";

/// The keywords that reference a schema.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(super) enum RefKind {
    /// `$ref`.
    Ref,
    /// `$recursiveRef` (santhosh, from 2019-09).
    Recursive,
    /// `$dynamicRef` (santhosh, from 2020-12).
    Dynamic,
}

impl RefKind {
    pub(super) fn keyword(self) -> &'static str {
        match self {
            RefKind::Ref => "$ref",
            RefKind::Recursive => "$recursiveRef",
            RefKind::Dynamic => "$dynamicRef",
        }
    }
}

/// Where a `$ref` leads.
pub(super) enum Target<'a> {
    /// A schema of the document.
    Schema(&'a Json),
    /// Helm 4's unresolved `urn:` document, loaded as the schema `true`: nothing to check.
    Permissive,
    /// The library's error (santhosh: when it compiles; gojsonschema: when it parses there).
    Error(String),
}

/// The target of each `$ref` of one document, by the address of the object holding it.
pub(super) struct Refs<'a> {
    targets: HashMap<(usize, RefKind), (String, Target<'a>)>,
    /// For a document with `$recursiveRef` or `$dynamicRef`: each schema's resource (by the
    /// schema's address), and the schema.
    resource_of: HashMap<usize, (usize, &'a Json)>,
    /// Each resource's dynamic anchors (`$dynamicAnchor`, 2020-12) and whether its root says
    /// `"$recursiveAnchor": true` (2019-09).
    dynamic: Vec<(HashMap<String, &'a Json>, bool)>,
    /// The `urn:` documents Helm 4 loads as the schema `true` (and logs), by the address of
    /// the object whose `$ref` names one.
    urns: HashMap<usize, String>,
    /// santhosh's errors in collecting the document's identifiers (a duplicate `$id` or
    /// anchor, an `$id` that is no URL), before the meta-schema check.
    pub(super) collect_error: Option<String>,
}

impl<'a> Refs<'a> {
    /// Where the `$ref` of `holder` leads, and the reference as the library writes it
    /// (absolute); `None` if `holder` holds none.
    pub(super) fn get(&self, holder: &Json) -> Option<(&str, &Target<'a>)> {
        self.get_kind(holder, RefKind::Ref)
    }

    /// Where the `kind` reference of `holder` leads, and its text.
    pub(super) fn get_kind(&self, holder: &Json, kind: RefKind) -> Option<(&str, &Target<'a>)> {
        self.targets
            .get(&(std::ptr::from_ref(holder) as usize, kind))
            .map(|(text, target)| (text.as_str(), target))
    }

    /// The schema the dynamic anchor `name` names in the resource of the schema at
    /// `schema` (an address), if that resource declares it.
    pub(super) fn dynamic_anchor(&self, schema: usize, name: &str) -> Option<&'a Json> {
        let (resource, _) = self.resource_of.get(&schema)?;
        self.dynamic.get(*resource)?.0.get(name).copied()
    }

    /// The schema at `schema` (an address), if the root of its resource says
    /// `"$recursiveAnchor": true`.
    pub(super) fn recursive_anchor(&self, schema: usize) -> Option<&'a Json> {
        let (resource, node) = self.resource_of.get(&schema)?;
        self.dynamic.get(*resource)?.1.then_some(*node)
    }

    /// The unresolved `urn:` document the `$ref` of `holder` loads, if it loads one.
    pub(super) fn urn(&self, holder: &Json) -> Option<&str> {
        self.urns
            .get(&(std::ptr::from_ref(holder) as usize))
            .map(String::as_str)
    }

    /// The schema the `$ref` of `holder` leads to, if it leads to one.
    pub(super) fn schema(&self, holder: &Json) -> Option<&'a Json> {
        match self.get(holder) {
            Some((_, Target::Schema(s))) => Some(s),
            _ => None,
        }
    }
}

/// A step of a JSON pointer.
#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `steps` as santhosh writes a pointer: `/a/b~1c`.
fn pointer_text(steps: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in steps {
        out.push('/');
        match step {
            Step::Key(k) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Step::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// santhosh's `encode`: each segment of a pointer path-escaped (Go's `url.PathEscape`), the
/// `/`s kept.
pub(super) fn encode(pointer: &str) -> String {
    pointer
        .split('/')
        .map(|segment| url::escape(segment, "$&+:=@"))
        .collect::<Vec<_>>()
        .join("/")
}

/// The node `pointer` (santhosh's unescaping: `~0`, `~1`; an index in range) names under
/// `node`.
fn follow<'a>(mut node: &'a Json, pointer: &str) -> Option<&'a Json> {
    if pointer.is_empty() {
        return Some(node);
    }
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        node = match node {
            Json::Object(m) => m.get(&token)?,
            Json::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Go's `url.Parse` then `String()` of a reference's text, without its fragment; and the
/// fragment, unescaped.
fn split_reference(text: &str) -> Result<(Url, String), String> {
    let (rest, fragment) = text.split_once('#').unwrap_or((text, ""));
    let fragment = url::unescape(fragment)
        .map_err(|e| format!("error in parsing {}: {e}", crate::go::quote(text)))?;
    let parsed = url::parse(rest)
        .map_err(|e| format!("error in parsing {}: {e}", crate::go::quote(rest)))?;
    Ok((parsed, fragment))
}

/// santhosh's `url.join`: `reference` against `base` (an absolute URL without fragment).
fn santhosh_join(base: &str, reference: &str) -> Result<(String, String), String> {
    let base = url::parse(base).map_err(|e| format!("error in parsing {base:?}: {e}"))?;
    let (reference, fragment) = split_reference(reference)?;
    let mut resolved = base.resolve_reference(&reference);
    if !reference.is_abs() && !base.opaque.is_empty() {
        resolved.opaque.clone_from(&base.opaque);
    }
    Ok((resolved.to_string(), fragment))
}

/// A santhosh resource: a schema with an identifier, and the anchors in it.
struct Resource<'a> {
    id: String,
    node: &'a Json,
    pointer: String,
    /// Each anchor: the schema, and its pointer.
    anchors: HashMap<String, (&'a Json, String)>,
    /// The names of its dynamic anchors (`$dynamicAnchor`).
    dynamic: Vec<String>,
}

/// What santhosh's compile needs to know.
pub(super) struct SanthoshOptions {
    pub(super) draft: u32,
    pub(super) urn_permissive: bool,
}

/// santhosh's resolution of every `$ref` in `root`.
pub(super) fn santhosh<'a>(root: &'a Json, options: &SanthoshOptions) -> Refs<'a> {
    let mut collector = Collector {
        draft: options.draft,
        resources: Vec::new(),
        by_id: HashMap::new(),
        holders: Vec::new(),
        error: None,
        steps: Vec::new(),
        dynamic: options.draft >= 2019 && super::mentions(root, &["$recursiveRef", "$dynamicRef"]),
        resource_of: HashMap::new(),
    };
    let root_id = match root {
        Json::Object(m) => id_of(m, options.draft),
        _ => None,
    };
    let id = match root_id {
        Some(id) => match santhosh_join(DOCUMENT, id) {
            Ok((id, _)) => id,
            Err(_) => {
                collector.error = Some(format!("error in parsing id at \"{DOCUMENT}#\""));
                DOCUMENT.to_owned()
            }
        },
        None => DOCUMENT.to_owned(),
    };
    collector.resources.push(Resource {
        id,
        node: root,
        pointer: String::new(),
        anchors: HashMap::new(),
        dynamic: Vec::new(),
    });
    collector.by_id.insert(collector.resources[0].id.clone(), 0);
    collector.schema(root, 0, true);
    let mut targets = HashMap::with_capacity(collector.holders.len());
    let mut urns = HashMap::new();
    for (holder, kind, base, text) in &collector.holders {
        let (target, urn) = collector.resolve(*base, text, options.urn_permissive);
        targets.insert((*holder, *kind), (text.to_string(), target));
        if let (Some(urn), RefKind::Ref) = (urn, kind) {
            urns.insert(*holder, urn);
        }
    }
    let dynamic = if collector.dynamic {
        collector
            .resources
            .iter()
            .map(|r| {
                let anchors = r
                    .dynamic
                    .iter()
                    .filter_map(|name| Some((name.clone(), r.anchors.get(name)?.0)))
                    .collect();
                let recursive = r.node.get("$recursiveAnchor") == Some(&Json::Bool(true));
                (anchors, recursive)
            })
            .collect()
    } else {
        Vec::new()
    };
    Refs {
        targets,
        resource_of: collector.resource_of,
        dynamic,
        urns,
        collect_error: collector.error,
    }
}

/// An object schema's identifier for santhosh: `id` (draft 4) or `$id`, its fragment
/// dropped; none before 2019-09 beside a `$ref`.
fn id_of(m: &JsonMap<String, Json>, draft: u32) -> Option<&str> {
    if draft < 2019 && m.contains_key("$ref") {
        return None;
    }
    let key = if draft == 4 { "id" } else { "$id" };
    let id = m.get(key)?.as_str()?;
    let id = id.split_once('#').map_or(id, |(before, _)| before);
    (!id.is_empty()).then_some(id)
}

struct Collector<'a> {
    draft: u32,
    resources: Vec<Resource<'a>>,
    /// Each resource's index by its identifier.
    by_id: HashMap<String, usize>,
    /// Each reference: the address of its object, its keyword, its resource, its text.
    holders: Vec<(usize, RefKind, usize, &'a str)>,
    error: Option<String>,
    steps: Vec<Step<'a>>,
    /// Whether the document has `$recursiveRef` or `$dynamicRef`: only then is each
    /// schema's resource kept.
    dynamic: bool,
    resource_of: HashMap<usize, (usize, &'a Json)>,
}

impl<'a> Collector<'a> {
    /// Collects the identifiers, anchors and `$ref`s of `node` (a schema where `is_schema`,
    /// else data a `$ref` may still point into), inside resource `base`.
    fn schema(&mut self, node: &'a Json, mut base: usize, is_schema: bool) {
        match node {
            Json::Object(m) => {
                if is_schema && !self.steps.is_empty() {
                    if let Some(id) = id_of(m, self.draft) {
                        base = self.resource(node, base, id);
                    }
                }
                let address = std::ptr::from_ref(node) as usize;
                if is_schema {
                    self.anchors(node, m, base);
                    if self.dynamic {
                        self.resource_of.insert(address, (base, node));
                    }
                }
                for kind in [RefKind::Ref, RefKind::Recursive, RefKind::Dynamic] {
                    let applies = match kind {
                        RefKind::Ref => true,
                        RefKind::Recursive => is_schema && self.draft >= 2019,
                        RefKind::Dynamic => is_schema && self.draft >= 2020,
                    };
                    if let (true, Some(Json::String(text))) = (applies, m.get(kind.keyword())) {
                        self.holders.push((address, kind, base, text.as_str()));
                    }
                }
                for (key, child) in m {
                    self.steps.push(Step::Key(key));
                    let kind = if is_schema { super::keyword(key) } else { None };
                    match (kind, child) {
                        (Some(Keyword::Members), Json::Object(members)) => {
                            for (name, member) in members {
                                self.steps.push(Step::Key(name));
                                self.schema(member, base, true);
                                self.steps.pop();
                            }
                        }
                        // A list's items are schemas, as the one schema of `not` is.
                        (Some(Keyword::List), Json::Array(_)) | (Some(Keyword::One), _) => {
                            self.schema(child, base, true);
                        }
                        _ => self.schema(child, base, false),
                    }
                    self.steps.pop();
                }
            }
            Json::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.steps.push(Step::Index(i));
                    self.schema(item, base, is_schema);
                    self.steps.pop();
                }
            }
            _ => {}
        }
    }

    /// A schema with an identifier: a new resource (santhosh refuses a second one).
    fn resource(&mut self, node: &'a Json, base: usize, id: &str) -> usize {
        let pointer = pointer_text(&self.steps);
        let Ok((id, _)) = santhosh_join(&self.resources[base].id, id) else {
            self.fail(format!(
                "error in parsing id at {}",
                crate::go::quote(&format!("{DOCUMENT}#{}", encode(&pointer)))
            ));
            return base;
        };
        if let Some(&existing) = self.by_id.get(&id) {
            let message = format!(
                "duplicate id {} in \"{DOCUMENT}\" at {} and {}",
                crate::go::quote(&id),
                crate::go::quote(&pointer),
                crate::go::quote(&self.resources[existing].pointer)
            );
            self.fail(message);
            return base;
        }
        self.by_id.insert(id.clone(), self.resources.len());
        self.resources.push(Resource {
            id,
            node,
            pointer,
            anchors: HashMap::new(),
            dynamic: Vec::new(),
        });
        self.resources.len() - 1
    }

    /// The anchors `node` declares, in its resource: the `id`'s fragment before 2019-09
    /// (not beside a `$ref`), `$anchor` from 2019-09, `$dynamicAnchor` from 2020-12.
    fn anchors(&mut self, node: &'a Json, m: &'a JsonMap<String, Json>, base: usize) {
        let mut names: Vec<&str> = Vec::new();
        let mut dynamic = None;
        if self.draft < 2019 {
            let key = if self.draft == 4 { "id" } else { "$id" };
            if !m.contains_key("$ref") {
                if let Some((_, fragment)) = m.get(key).and_then(Json::as_str).and_then(|id| id.split_once('#')) {
                    if !fragment.is_empty() && !fragment.starts_with('/') {
                        names.push(fragment);
                    }
                }
            }
        } else {
            names.extend(m.get("$anchor").and_then(Json::as_str));
            if self.draft >= 2020 {
                dynamic = m.get("$dynamicAnchor").and_then(Json::as_str);
                names.extend(dynamic);
            }
        }
        for name in names {
            let pointer = pointer_text(&self.steps);
            let resource = &mut self.resources[base];
            match resource.anchors.get(name) {
                Some((_, existing)) if *existing != pointer => {
                    let message = format!(
                        "duplicate anchor {} in \"{DOCUMENT}\" at {} and {}",
                        crate::go::quote(name),
                        crate::go::quote(existing),
                        crate::go::quote(&pointer)
                    );
                    self.fail(message);
                }
                Some(_) => {}
                None => {
                    resource.anchors.insert(name.to_owned(), (node, pointer));
                }
            }
            if dynamic == Some(name) {
                self.resources[base].dynamic.push(name.to_owned());
            }
        }
    }

    fn fail(&mut self, message: String) {
        self.error.get_or_insert(message);
    }

    /// santhosh's `enqueueRef`: `text` against resource `base`'s identifier; and the
    /// unresolved `urn:` document Helm 4 loads for it.
    fn resolve(
        &self,
        base: usize,
        text: &str,
        urn_permissive: bool,
    ) -> (Target<'a>, Option<String>) {
        // A fragment alone (`#/$defs/x`, most references) names the base document itself.
        let joined = match text.strip_prefix('#') {
            Some(fragment) => url::unescape(fragment)
                .map(|f| (self.resources[base].id.clone(), f))
                .map_err(|e| format!("error in parsing {}: {e}", crate::go::quote(text))),
            None => santhosh_join(&self.resources[base].id, text),
        };
        let (document, fragment) = match joined {
            Ok(joined) => joined,
            Err(e) => return (Target::Error(e), None),
        };
        let resource = if document == DOCUMENT {
            self.resources.first()
        } else {
            self.by_id.get(&document).map(|&i| &self.resources[i])
        };
        let Some(resource) = resource else {
            let urn = (urn_permissive && document.starts_with("urn:")).then(|| document.clone());
            return (external(&document, &fragment, urn_permissive), urn);
        };
        (Self::within(resource, &fragment), None)
    }

    /// The schema `fragment` names in `resource`.
    fn within(resource: &Resource<'a>, fragment: &str) -> Target<'a> {
        if fragment.is_empty() || fragment.starts_with('/') {
            return match follow(resource.node, fragment) {
                Some(node) => Target::Schema(node),
                None => Target::Error(format!(
                    "json-pointer in {} not found",
                    crate::go::quote(&format!(
                        "{DOCUMENT}#{}",
                        encode(&format!("{}{fragment}", resource.pointer))
                    ))
                )),
            };
        }
        match resource.anchors.get(fragment) {
            Some((node, _)) => Target::Schema(node),
            None => Target::Error(format!(
                "anchor in {} not found in schema \"{DOCUMENT}\"",
                crate::go::quote(&format!("{}#{}", resource.id, encode(fragment)))
            )),
        }
    }
}

/// A reference to a document other than the values schema: Helm 4 reads an unknown `urn:`
/// as the schema `true`; Helm 3.19 has no loader for `urn:`; Helm would fetch the others.
fn external<'a>(document: &str, fragment: &str, urn_permissive: bool) -> Target<'a> {
    let urn = document.starts_with("urn:");
    if urn && urn_permissive {
        let place = format!("{document}#{}", encode(fragment));
        if fragment.starts_with('/') {
            return Target::Error(format!("json-pointer in {} not found", crate::go::quote(&place)));
        }
        if !fragment.is_empty() {
            return Target::Error(format!(
                "anchor in {} not found in schema {}",
                crate::go::quote(&place),
                crate::go::quote(document)
            ));
        }
        return Target::Permissive;
    }
    if urn {
        return Target::Error(format!(
            "failing loading {}: no URLLoader registered for {}",
            crate::go::quote(document),
            crate::go::quote(document)
        ));
    }
    Target::Error(super::remote_ref(document))
}

/// gojsonschema's `Inherits`: `child` against `parent` (its fragment dropped), written
/// back as Go writes a URL; `None` where Go's parse fails (the reference is left alone).
fn inherits(parent: &str, child: &str) -> Option<String> {
    // A fragment alone that Go writes back as it is: the parent without its fragment, then
    // it (most references).
    if let Some(fragment) = child.strip_prefix('#') {
        let kept = |b: u8| b.is_ascii_alphanumeric() || b"-_.~$&+,/:;=@!()*?".contains(&b);
        if fragment.bytes().all(kept) {
            let document = parent.split_once('#').map_or(parent, |(d, _)| d);
            return Some(if fragment.is_empty() {
                document.to_owned()
            } else {
                format!("{document}#{fragment}")
            });
        }
    }
    let mut parent = url::parse(parent).ok()?;
    parent.fragment.clear();
    let child = url::parse(child).ok()?;
    let resolved = parent.resolve_reference(&child).to_string();
    // `NewJsonReference` of the result, written again.
    Some(url::parse(&resolved).ok()?.to_string())
}

/// gojsonschema's resolution of every `$ref` in `root` (its `parseReferences`, then
/// `GetDocument` for each).
pub(super) fn gojsonschema(root: &Json) -> Refs<'_> {
    let mut pool: HashMap<String, &Json> = HashMap::new();
    let mut holders = Vec::new();
    pool_walk(root, "", &mut pool, &mut holders);
    pool.insert(String::new(), root);
    let targets: Vec<_> = holders
        .into_iter()
        .map(|(holder, text)| {
            let target = get_document(&pool, &text);
            (holder, (text, target))
        })
        .collect();
    Refs {
        targets: targets
            .into_iter()
            .map(|(holder, target)| ((holder, RefKind::Ref), target))
            .collect(),
        resource_of: HashMap::new(),
        dynamic: Vec::new(),
        urns: HashMap::new(),
        collect_error: None,
    }
}

/// `parseReferencesRecursive`: each identifier registered (a second of the same URL stops
/// there, as the library's ignored error does), each `$ref` made absolute.
fn pool_walk<'a>(
    node: &'a Json,
    base: &str,
    pool: &mut HashMap<String, &'a Json>,
    holders: &mut Vec<(usize, String)>,
) {
    match node {
        Json::Array(items) => {
            for item in items {
                pool_walk(item, base, pool, holders);
            }
        }
        Json::Object(m) => {
            let key = if m.contains_key("id") { "id" } else { "$id" };
            let mut own = None;
            if let Some(Json::String(id)) = m.get(key) {
                if let Some(id) = inherits(base, id) {
                    if pool.contains_key(&id) {
                        return;
                    }
                    pool.insert(id.clone(), node);
                    own = Some(id);
                }
            }
            let local = own.as_deref().unwrap_or(base);
            if let Some(Json::String(r)) = m.get("$ref") {
                let absolute = inherits(local, r).unwrap_or_else(|| r.clone());
                holders.push((std::ptr::from_ref(node) as usize, absolute));
            }
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("const" | "enum", _) => {}
                    ("properties" | "dependencies" | "patternProperties", Json::Object(members)) => {
                        for member in members.values() {
                            pool_walk(member, local, pool, holders);
                        }
                    }
                    ("properties" | "dependencies" | "patternProperties", _) => {}
                    _ => pool_walk(v, local, pool, holders),
                }
            }
        }
        _ => {}
    }
}

/// `GetDocument`: the reference's whole text in the pool; else its text without the
/// fragment, and there the fragment's JSON pointer (a fragment that is no pointer names the
/// whole document); else it must be canonical to be loaded.
fn get_document<'a>(pool: &HashMap<String, &'a Json>, text: &str) -> Target<'a> {
    let Ok(parsed) = url::parse(text) else {
        return Target::Error(super::remote_ref(text));
    };
    if let Some(node) = pool.get(&parsed.to_string()) {
        return Target::Schema(node);
    }
    let mut document = parsed.clone();
    document.fragment.clear();
    if let Some(node) = pool.get(&document.to_string()) {
        return match gojsonpointer_get(node, &parsed.fragment) {
            Ok(node) => Target::Schema(node),
            Err(e) => Target::Error(e),
        };
    }
    let canonical = if parsed.scheme == "file" {
        parsed.path.starts_with('/')
    } else {
        !parsed.scheme.is_empty() && !parsed.host.is_empty()
    };
    if !canonical {
        return Target::Error(format!("Reference {text} must be canonical"));
    }
    Target::Error(super::remote_ref(&document.to_string()))
}

/// gojsonpointer's `Get`, with its errors.
fn gojsonpointer_get<'a>(mut node: &'a Json, pointer: &str) -> Result<&'a Json, String> {
    let Some(path) = pointer.strip_prefix('/') else {
        return Ok(node);
    };
    for token in path.split('/') {
        node = match node {
            Json::Object(m) => {
                let key = token.replace("~1", "/").replace("~0", "~");
                m.get(&key)
                    .ok_or_else(|| format!("Object has no key '{key}'"))?
            }
            Json::Array(items) => {
                let index: i64 = crate::go::parse_int(token, 10)
                    .ok_or_else(|| format!("Invalid array index '{token}'"))?;
                usize::try_from(index)
                    .ok()
                    .and_then(|i| items.get(i))
                    .ok_or_else(|| format!("Out of bound array[0,{}] index '{index}'", items.len()))?
            }
            _ => return Err(format!("Invalid token reference '{token}'")),
        };
    }
    Ok(node)
}
