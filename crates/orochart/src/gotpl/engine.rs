//! Helm's template engine (`pkg/engine/engine.go`) over the Go template executor: every
//! template of the chart parsed into one set in Helm's order, each non-partial file executed
//! with the chart's top-level object as dot (`missingkey=zero`), and Helm's clean-up of parse
//! and execution errors (`parse error at (…)`, `execution error at (…)` for `fail` and
//! `required`, Go's own text for the rest).

use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::exec::{Machine, Scope, Set, V};
use super::func::Ctx;
use super::helm;
use super::parse::{parse, parse_noting_unicode, Strings};
use super::value::{Dict, MapType, Value};
use crate::error::{Error, Result};
use crate::profile::{GoTemplates, HelmProfile};
use crate::request::RemoteAccess;

/// Whether templates may call `name` (Go checks function names when it parses).
pub fn has_function(name: &str) -> bool {
    super::builtins::exists(name)
}

/// Whether templates of Helm `release` (`(major, minor)`) may call `name`: the functions a
/// newer Helm added are `function "x" not defined` in an older one.
pub fn has_function_in(name: &str, release: (u32, u32)) -> bool {
    has_function(name) && super::funcs::available(name, release)
}

/// A chart's templates, parsed once.
#[derive(Debug)]
pub struct HelmTemplates {
    set: Set,
    /// Template names in Helm's parse and execution order.
    order: Vec<String>,
    /// The files (in Helm's order, up to the one that failed) whose parse depends on the
    /// Helm: parsed again as the Helm rendered as does, whose parse fails where that Helm's
    /// does (see [`Recheck`]).
    recheck: Vec<Recheck>,
    /// The first file that failed to parse (as the newest Helm parses it) and Go's error:
    /// reported when the templates render, after the values (Helm parses the templates
    /// after it has built and validated the values).
    failure: Option<(String, String)>,
    /// The bytes of template source parsed.
    bytes: usize,
}

/// A file whose parse depends on the Helm: it mentions a function only newer Helms have, or
/// has in an action a character Go reads differently before Go 1.27 (Unicode 15.0).
#[derive(Debug)]
struct Recheck {
    name: String,
    source: Arc<String>,
    calls_newer: bool,
    newer_unicode: bool,
}

/// Helm's `sortTemplates`: more path segments first, then reverse lexical order.
pub fn helm_order(names: &mut [String]) {
    names.sort_by(|a, b| {
        let (ca, cb) = (a.matches('/').count(), b.matches('/').count());
        cb.cmp(&ca).then_with(|| b.cmp(a))
    });
}

/// Whether template sets are left for the process's exit to free rather than freed after
/// their render ([`keep_templates_until_exit`]).
static KEEP_UNTIL_EXIT: AtomicBool = AtomicBool::new(false);

/// For a program that renders once and exits (the CLI's `render`): a render's template trees
/// are not freed but left to the process's exit, which takes their memory back at no cost.
/// Freeing the hundreds of thousands of nodes of a large chart is about a tenth of its
/// render's instructions. A long-lived program (a fleet, the ArgoCD plugin) must not call it.
pub fn keep_templates_until_exit() {
    KEEP_UNTIL_EXIT.store(true, Ordering::Relaxed);
}

/// Whether [`keep_templates_until_exit`] was called: a render's other large trees (its
/// values as the templates saw them) are left to the process's exit as well.
pub fn keeps_templates_until_exit() -> bool {
    KEEP_UNTIL_EXIT.load(Ordering::Relaxed)
}

impl HelmTemplates {
    /// Parses `files` (full template names such as `chart/templates/a.yaml`, and sources) as
    /// Helm does: in its order, each file as the newest Helm parses it. The first syntax
    /// error is kept, not returned: [`HelmTemplates::check`] reports it (or an earlier one the
    /// Helm rendered as finds), as the render does. The trees keep the sources (no copy).
    pub fn parse(files: &[(String, Arc<String>)]) -> HelmTemplates {
        let mut order: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
        helm_order(&mut order);
        let sources: BTreeMap<&str, &Arc<String>> =
            files.iter().map(|(n, s)| (n.as_str(), s)).collect();
        let empty = Arc::default();
        let jobs: Vec<(&str, &Arc<String>)> = order
            .iter()
            .map(|name| {
                let src = sources.get(name.as_str()).copied().unwrap_or(&empty);
                (name.as_str(), src)
            })
            .collect();
        // Parsed as the newest Helm parses it (see `parse_one`); this thread's Unicode
        // version is given back after.
        let unicode = crate::go::unicode_version();
        let parsed = parse_all(&jobs);
        crate::go::set_unicode(unicode);
        let mut set = Set::default();
        let mut recheck = Vec::new();
        let mut failure = None;
        // Files parse independently; they join the set, and the first error counts, in
        // Helm's order.
        for ((name, src), parsed) in jobs.iter().zip(parsed) {
            if parsed.calls_newer || parsed.newer_unicode {
                recheck.push(Recheck {
                    name: (*name).to_owned(),
                    source: Arc::clone(src),
                    calls_newer: parsed.calls_newer,
                    newer_unicode: parsed.newer_unicode,
                });
            }
            match parsed.trees {
                Ok(trees) => set.add(trees),
                Err(e) => {
                    failure = Some(((*name).to_owned(), e.to_string()));
                    break;
                }
            }
        }
        let bytes = jobs.iter().map(|(_, s)| s.len()).sum();
        HelmTemplates {
            set,
            order,
            recheck,
            failure,
            bytes,
        }
    }

    /// Frees a large set's trees on another thread: their hundreds of thousands of nodes take
    /// milliseconds to free, which a render made for one use need not wait for. A small set,
    /// or any when no thread can start, is freed here.
    pub fn drop_in_background(self) {
        if KEEP_UNTIL_EXIT.load(Ordering::Relaxed) {
            std::mem::forget(self);
            return;
        }
        if self.bytes >= PARALLEL_PARSE_BYTES {
            // On failure the closure, and with it the set, is dropped here.
            let _ = std::thread::Builder::new()
                .name("orochart-free".into())
                .spawn(move || drop(self));
        }
    }

    /// The parse error the Helm of `go` gives these templates, if any: where it lacks a
    /// function they call, or reads a character as Unicode 15.0 (its first, in Helm's order),
    /// else the newest Helm's.
    pub fn check(&self, go: &GoTemplates) -> Result<()> {
        let release = go.release();
        let unicode = go.funcs.unicode;
        crate::go::set_unicode(unicode);
        for r in &self.recheck {
            let differs =
                r.calls_newer || (r.newer_unicode && unicode != crate::go::UnicodeVersion::V17_0);
            if differs {
                parse(&r.name, &r.name, &r.source, &|f| {
                    has_function_in(f, release)
                })
                .map_err(|e| parse_error(&e.to_string(), &r.name))?;
            }
        }
        match &self.failure {
            Some((name, error)) => Err(parse_error(error, name)),
            None => Ok(()),
        }
    }

    /// Executes every non-partial template in Helm's order with `top` as dot (its `Template`
    /// entry set for each), and returns each one's output (with `<no value>` still in it).
    /// `go` is what the profile's Helm (its Go) does differently; `tz` is the `TZ` variable
    /// Helm would see (Go's local time); `remote` what its functions would reach outside the
    /// chart.
    pub fn render(
        &self,
        top: &Dict,
        base_path: &str,
        go: &GoTemplates,
        tz: Option<&str>,
        remote: RemoteAccess,
    ) -> Result<Printed> {
        self.render_each(
            &|_| Some((top.clone(), base_path.to_owned())),
            go,
            tz,
            remote,
        )
    }

    /// [`HelmTemplates::render`] for a chart with subcharts: `top_of(name)` gives each
    /// template its chart's top-level object and `BasePath` (`None`: not executed).
    pub fn render_each(
        &self,
        top_of: &dyn Fn(&str) -> Option<(Dict, String)>,
        go: &GoTemplates,
        tz: Option<&str>,
        remote: RemoteAccess,
    ) -> Result<Printed> {
        self.check(go)?;
        let mut ctx = Ctx::new();
        ctx.tz = tz.map(str::to_owned);
        ctx.remote = remote;
        let mut machine = machine(&mut ctx, go);
        let scope = Scope {
            set: &self.set,
            parent: None,
        };
        let mut out = Printed::default();
        for name in &self.order {
            let base = name.rsplit('/').next().unwrap_or(name);
            if base.starts_with('_') {
                continue;
            }
            let Some(tree) = self.set.get(name).cloned() else {
                continue;
            };
            let Some((top, base_path)) = top_of(name) else {
                continue;
            };
            let mut tv = BTreeMap::new();
            tv.insert("Name".to_owned(), Value::str(name));
            tv.insert("BasePath".to_owned(), Value::str(&base_path));
            top.insert("Template", Value::Map(Dict::from_map(tv, MapType::Values)));
            let mut text = String::new();
            let raw = machine
                .execute_bytes(&scope, tree, V::new(Value::Map(top.clone())), &mut text)
                .map_err(|e| exec_error(&e, name, go.traced_exec_errors))?;
            if let Some(bytes) = raw {
                out.raw.push((name.clone(), bytes));
            }
            out.texts.push((name.clone(), text));
        }
        Ok(out)
    }
}

/// Outputs that are not UTF-8, by template name: the bytes Go's output would hold.
pub type RawOutputs = Vec<(String, Vec<u8>)>;

/// What the templates printed.
#[derive(Debug, Default)]
pub struct Printed {
    /// Each template's output, in execution order (`<no value>` still in it).
    pub texts: Vec<(String, String)>,
    /// The bytes of the outputs that are not UTF-8 (a string of raw bytes printed): their
    /// text in [`Printed::texts`] has a U+FFFD a bad byte.
    pub raw: RawOutputs,
}

impl Printed {
    /// Without `NOTES.txt`: Helm executes it (its errors count) but does not print it.
    pub fn without_notes(self) -> (Vec<(String, String)>, RawOutputs) {
        fn printed<T>((name, _): &(String, T)) -> bool {
            !name.ends_with("NOTES.txt")
        }
        (
            self.texts.into_iter().filter(printed).collect(),
            self.raw.into_iter().filter(printed).collect(),
        )
    }
}

/// One file parsed as the newest Helm parses it (every function, Unicode 17.0), and whether
/// the Helm matters: it calls a function only newer Helms have, or has a character Go reads
/// differently before Go 1.27.
#[derive(Debug)]
struct Parsed {
    trees: std::result::Result<Vec<super::parse::Tree>, super::parse::ParseError>,
    calls_newer: bool,
    newer_unicode: bool,
}

fn parse_one(name: &str, src: &Arc<String>, strings: &mut Strings) -> Parsed {
    let calls_newer = std::cell::Cell::new(false);
    let known = |f: &str| {
        if super::funcs::SINCE.iter().any(|(n, _)| *n == f) {
            calls_newer.set(true);
        }
        has_function(f)
    };
    crate::go::set_unicode(crate::go::UnicodeVersion::V17_0);
    let (trees, newer_unicode) = parse_noting_unicode(name, name, src, &known, strings);
    Parsed {
        trees,
        calls_newer: calls_newer.get(),
        newer_unicode,
    }
}

/// Templates of this many bytes in all or more are parsed on two threads.
const PARALLEL_PARSE_BYTES: usize = 128 << 10;

/// The largest file the second thread parses: its depth of nesting, and so the parser's
/// recursion, stays far inside [`PARSE_THREAD_STACK`]; larger files parse on the calling
/// thread, whose stack the caller sized.
const PARALLEL_PARSE_MAX_FILE: usize = 32 << 10;

/// The second parsing thread's stack (reserved, touched only as deep as the parse goes).
const PARSE_THREAD_STACK: usize = 256 << 20;

/// Parses `(name, source)` files, each on its own, in their order: a large set on two
/// threads (the second takes about half of the bytes, in files no larger than
/// [`PARALLEL_PARSE_MAX_FILE`]), a small one, or any when no second thread starts, on this
/// one. The core count is not asked (see `chart::on_two_threads`).
fn parse_all(jobs: &[(&str, &Arc<String>)]) -> Vec<Parsed> {
    let total: usize = jobs.iter().map(|(_, s)| s.len()).sum();
    if total < PARALLEL_PARSE_BYTES {
        let mut strings = Strings::default();
        return jobs
            .iter()
            .map(|(n, s)| parse_one(n, s, &mut strings))
            .collect();
    }
    // Greedy split by bytes: each file to the side with fewer so far.
    let (mut here, mut there) = (Vec::new(), Vec::new());
    let (mut here_bytes, mut there_bytes) = (0usize, 0usize);
    for (i, (_, src)) in jobs.iter().enumerate() {
        if src.len() <= PARALLEL_PARSE_MAX_FILE && there_bytes < here_bytes {
            there.push(i);
            there_bytes += src.len();
        } else {
            here.push(i);
            here_bytes += src.len();
        }
    }
    let mut out: Vec<Option<Parsed>> = jobs.iter().map(|_| None).collect();
    let mut strings = Strings::default();
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("orochart-parse".into())
            .stack_size(PARSE_THREAD_STACK)
            .spawn_scoped(scope, || {
                let mut strings = Strings::default();
                there
                    .iter()
                    .map(|&i| (i, parse_one(jobs[i].0, jobs[i].1, &mut strings)))
                    .collect::<Vec<_>>()
            });
        for &i in &here {
            out[i] = Some(parse_one(jobs[i].0, jobs[i].1, &mut strings));
        }
        if let Ok(Ok(parsed)) = worker.map(|w| w.join()) {
            for (i, p) in parsed {
                out[i] = Some(p);
            }
        }
    });
    // Whatever the second thread did not give back (it could not start) is parsed here.
    out.into_iter()
        .zip(jobs)
        .map(|(p, (n, s))| p.unwrap_or_else(|| parse_one(n, s, &mut strings)))
        .collect()
}

/// A machine that executes as the Helm of `go` does (its Go's rules, its type names).
fn machine<'c>(ctx: &'c mut Ctx, go: &GoTemplates) -> Machine<'c> {
    ctx.values_type = go.values_type;
    ctx.funcs = go.funcs;
    crate::go::set_unicode(go.funcs.unicode);
    let mut machine = Machine::new(ctx, go.values_type);
    machine.range_over_int = go.range_over_int;
    machine.comparison_names_types = go.comparison_names_types;
    machine.release = go.release();
    machine
}

/// Executes a standalone template with no data (Helm's `--name-template`: `TemplateName`);
/// `tz` is the `TZ` variable Helm would see.
pub fn execute_text(
    name: &str,
    source: &str,
    go: &GoTemplates,
    tz: Option<&str>,
) -> Result<String> {
    let set = HelmTemplates::parse(&[(name.to_owned(), Arc::new(source.to_owned()))]);
    set.check(go)?;
    let Some(tree) = set.set.get(name).cloned() else {
        return Ok(String::new());
    };
    let mut ctx = Ctx::new();
    ctx.tz = tz.map(str::to_owned);
    let mut machine = machine(&mut ctx, go);
    let scope = Scope {
        set: &set.set,
        parent: None,
    };
    let mut text = String::new();
    machine
        .execute(&scope, tree, V::new(Value::Nil), &mut text)
        .map_err(|e| exec_error(&e, name, go.traced_exec_errors))?;
    Ok(text)
}

/// The top-level object of one chart of a render (Helm's `recAllTpls`): its `.Values`
/// section, `.Chart` (with `IsRoot`), `.Files` and `.Subcharts` (the children's objects).
#[allow(clippy::too_many_arguments)]
pub fn chart_object(
    values: Dict,
    release: &crate::request::Release,
    chart: &crate::chart::ChartMetadata,
    profile: &HelmProfile,
    is_root: bool,
    caps: &Value,
    files: &crate::chart::Chart,
    subcharts: BTreeMap<String, Value>,
) -> Dict {
    let top = Dict::from_map(BTreeMap::new(), MapType::Values);
    top.insert(
        "Values",
        Value::Map(Dict {
            ty: MapType::Values,
            ..values
        }),
    );
    top.insert("Release", release_object(release));
    top.insert("Chart", helm::chart_with(chart, profile, is_root));
    top.insert("Capabilities", caps.clone());
    // The chart's bytes are shared, not copied (later paths win, as in Helm's map).
    let files: BTreeMap<String, crate::chart::FileBytes> = files
        .files
        .iter()
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect();
    top.insert("Files", Value::Object(Rc::new(helm::Files::new(files))));
    top.insert("Subcharts", Value::dict(subcharts));
    top
}

/// `.Release`.
fn release_object(release: &crate::request::Release) -> Value {
    let mut rel = BTreeMap::new();
    rel.insert("Name".to_owned(), Value::str(&release.name));
    rel.insert("Namespace".to_owned(), Value::str(&release.namespace));
    rel.insert("IsUpgrade".to_owned(), Value::Bool(release.is_upgrade));
    rel.insert("IsInstall".to_owned(), Value::Bool(!release.is_upgrade));
    rel.insert("Revision".to_owned(), Value::Int(release.revision));
    rel.insert("Service".to_owned(), Value::str("Helm"));
    Value::dict(rel)
}

/// The top-level object of a root chart as `profile`'s Helm builds it: `.Values`,
/// `.Release`, `.Chart`, `.Capabilities`, `.Files`, `.Subcharts` (a `chartutil.Values`,
/// shared by all its templates).
#[cfg(test)]
pub fn top_object(
    values: &crate::Map,
    release: &crate::request::Release,
    chart: &crate::chart::ChartMetadata,
    caps: &crate::request::Capabilities,
    profile: &HelmProfile,
) -> Dict {
    let mut vals = match Value::from_values(&crate::Value::Map(values.clone())) {
        Value::Map(m) => m,
        _ => Dict::new(),
    };
    vals.ty = MapType::Values;
    let top = Dict::from_map(BTreeMap::new(), MapType::Values);
    top.insert("Values", Value::Map(vals));
    top.insert("Release", release_object(release));
    top.insert("Chart", helm::chart(chart, profile));
    top.insert("Capabilities", helm::capabilities(caps, &profile.go));
    top.insert(
        "Files",
        Value::Object(Rc::new(helm::Files::new(BTreeMap::new()))),
    );
    top.insert("Subcharts", Value::dict(BTreeMap::new()));
    top
}

/// Helm's `cleanupParseError`: the location is the second `: `-separated token, the message
/// the last.
fn parse_error(go: &str, file: &str) -> Error {
    let tokens: Vec<&str> = go.split(": ").collect();
    if tokens.len() == 1 {
        return Error::Template {
            template: file.to_owned(),
            line: 0,
            message: go.to_owned(),
            source_line: None,
        };
    }
    let location = tokens.get(1).copied().unwrap_or("");
    let message = tokens.last().copied().unwrap_or("");
    let (template, line) = match location.rsplit_once(':') {
        Some((t, l)) => (t.to_owned(), l.parse().unwrap_or(0)),
        None => (location.to_owned(), 0),
    };
    Error::TemplateSyntax {
        template,
        line,
        message: message.to_owned(),
        source_line: None,
    }
}

/// Helm's `cleanupExecError`: `fail` and `required` become `execution error at (loc): msg`;
/// other errors keep Go's text, or (`traced`, Helm 4's `reformatExecErrorMsg`) become a
/// trace of the places they passed through.
fn exec_error(go: &str, file: &str, traced: bool) -> Error {
    let tokens: Vec<&str> = go.splitn(3, ": ").collect();
    if tokens.len() != 3 {
        return Error::GoTemplate {
            template: file.to_owned(),
            message: format!("execution error in ({file}): {go}"),
        };
    }
    let location = tokens[1];
    let start = tokens[2].find(super::builtins::WARN_START);
    let end = tokens[2].rfind(super::builtins::WARN_END);
    if let (Some(s), Some(e)) = (start, end) {
        let from = s + super::builtins::WARN_START.len();
        if from <= e {
            let mut parts = location.rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
            let line = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
            let template = parts.next().unwrap_or(file).to_owned();
            return Error::Fail {
                template,
                line,
                column,
                message: tokens[2][from..e].to_owned(),
                source_line: None,
            };
        }
    }
    let message = match traced.then(|| trace(go)).flatten() {
        Some(t) => t,
        None => go.to_owned(),
    };
    Error::GoTemplate {
        template: file.to_owned(),
        message,
    }
}

/// Helm 4's trace of an execution error, or `None` when Helm 4 keeps Go's text.
///
/// Go's error wraps the error of a function it called (`error calling include: %w`), so the
/// message is a chain: each link starts where the last `error calling NAME: ` of the one
/// before ends. Helm walks the chain and gives up (keeping the text) at the first link that
/// is not a template error (`template: …`); a function's own error (`index out of range`,
/// `error during tpl function execution`) ends the walk that way.
fn trace(go: &str) -> Option<String> {
    let mut places: Vec<(String, String, String)> = Vec::new();
    let mut link = go;
    loop {
        let rest = link.strip_prefix("template: ")?;
        let place = if rest.starts_with("no template ") {
            (String::new(), String::new(), link.to_owned())
        } else if let Some((name, after)) = rest.split_once(": executing ") {
            let func = after.strip_prefix('"')?;
            let end = func.find('"')?;
            let at = func[end + 1..].strip_prefix(" at <")?;
            let (context, message) = at.split_once(">: ")?;
            let message = message
                .find(" template:")
                .map_or(message, |c| &message[..c]);
            (
                name.to_owned(),
                format!("executing \"{}\" at <{context}>:", &func[..end]),
                message.to_owned(),
            )
        } else {
            let (name, message) = rest.rsplit_once(": ")?;
            let message = message
                .find(" template:")
                .map_or(message, |c| &message[..c]);
            (name.to_owned(), String::new(), message.to_owned())
        };
        if places.last() != Some(&place) {
            places.push(place);
        }
        // The wrapped error: what follows `error calling NAME: ` in this link's message.
        let Some(next) = wrapped(link) else {
            break;
        };
        link = next;
    }
    let mut out = String::new();
    for (location, executed, message) in &places {
        if !location.is_empty() {
            out.push_str(location);
            out.push_str("\n  ");
        }
        if !executed.is_empty() {
            out.push_str(executed);
            out.push_str("\n    ");
        }
        if !message.is_empty() {
            out.push_str(message);
            out.push('\n');
        }
    }
    Some(out.trim().to_owned())
}

/// The error a Go template error wraps: the text after its `>: error calling NAME: `.
fn wrapped(link: &str) -> Option<&str> {
    let (_, message) = link.split_once(">: ")?;
    let rest = message.strip_prefix("error calling ")?;
    let (_, inner) = rest.split_once(": ")?;
    Some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::HelmVersion;

    /// Renders one template `t/templates/a.yaml` as `helm`'s Helm would.
    fn render(helm: HelmVersion, src: &str) -> Result<String> {
        render_for(helm, None, src)
    }

    /// [`render`] with `--kube-version`.
    fn render_for(helm: HelmVersion, kube_version: Option<&str>, src: &str) -> Result<String> {
        let t =
            HelmTemplates::parse(&[("t/templates/a.yaml".to_owned(), Arc::new(src.to_owned()))]);
        let meta = crate::chart::ChartMetadata {
            name: "t".into(),
            version: "0.1.0".into(),
            api_version: "v2".into(),
            ..Default::default()
        };
        let release = crate::request::Release::new_for(helm, "r", "default")?;
        let caps = crate::request::Capabilities::from_flags_for(helm, kube_version, &[])?;
        let top = top_object(&crate::Map::new(), &release, &meta, &caps, helm.profile());
        let out = t.render(
            &top,
            "t/templates",
            &helm.profile().go,
            None,
            RemoteAccess::default(),
        )?;
        Ok(out.texts.into_iter().map(|(_, text)| text).collect())
    }

    fn error(helm: HelmVersion, src: &str) -> String {
        render(helm, src)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    // Every expectation below is what the reference binary of the profile printed.
    #[test]
    fn go_features_and_type_names_follow_the_profile() {
        assert_eq!(
            error(HelmVersion::V3_17, "{{ range 3 }}{{ . }}{{ end }}"),
            "template: t/templates/a.yaml:1:9: executing \"t/templates/a.yaml\" at <3>: range can't iterate over 3"
        );
        for v in [HelmVersion::V3_18, HelmVersion::V4_3] {
            assert_eq!(
                render(v, "{{ range 3 }}{{ . }}{{ end }}").ok().as_deref(),
                Some("012")
            );
        }
        // Go's `indirect`: `len` and `index` name what a pointer points to; `eq`'s message
        // prints a `reflect.Value`'s struct without its pointer-receiver `String` (Helm 4.3).
        assert_eq!(
            error(HelmVersion::V4_3, "{{ len (semver \"1.2.3\") }}"),
            "template: t/templates/a.yaml:1:3: executing \"t/templates/a.yaml\" at <len (semver \"1.2.3\")>: error calling len: len of type semver.Version"
        );
        assert_eq!(
            error(HelmVersion::V4_3, "{{ index .Capabilities \"x\" }}"),
            "template: t/templates/a.yaml:1:3: executing \"t/templates/a.yaml\" at <index .Capabilities \"x\">: error calling index: can't index item of type common.Capabilities"
        );
        assert!(error(HelmVersion::V4_3, "{{ ne .Capabilities.KubeVersion (dict) }}")
            .ends_with("error calling ne: non-comparable types {v1.37.0 v1.37.0 1 37}: common.KubeVersion, map[string]interface {}: map[]"));
        // A function that names its argument's type names the named slice's.
        assert_eq!(
            error(HelmVersion::V4_3, "{{ mustToDuration .Capabilities.APIVersions }}"),
            "template: t/templates/a.yaml:1:3: executing \"t/templates/a.yaml\" at <mustToDuration .Capabilities.APIVersions>: error calling mustToDuration: unsupported duration type common.VersionSet"
        );
        let types = "{{ typeOf .Values }} {{ typeOf .Capabilities }} {{ typeOf .Capabilities.APIVersions }} {{ typeOf .Chart }}";
        assert_eq!(
            render(HelmVersion::V3_19, types).ok().as_deref(),
            Some("chartutil.Values *chartutil.Capabilities chartutil.VersionSet struct { chart.Metadata; IsRoot bool }")
        );
        assert_eq!(
            render(HelmVersion::V4_1, types).ok().as_deref(),
            Some("common.Values *common.Capabilities common.VersionSet map[string]interface {}")
        );
        assert_eq!(
            render(HelmVersion::V4_3, "{{ .Capabilities.HelmVersion }}")
                .ok()
                .as_deref(),
            Some("{v4.3.1 c0d08d0d6d9424d4a14febb5e8a3e51b0dd00dff clean go1.27.2 v1.37}")
        );
        assert_eq!(
            render(HelmVersion::V3_18, "{{ toJson .Capabilities.HelmVersion }}")
                .ok()
                .as_deref(),
            Some(
                r#"{"version":"v3.18.0","git_commit":"cc58e3f5a3aa615c6a86275e6f4444b5fdd3cc4e","git_tree_state":"clean","go_version":"go1.24.3"}"#
            )
        );
        assert_eq!(
            render(
                HelmVersion::V4_2,
                "{{ toJson .Chart }}|{{ .Chart.Annotations }}"
            )
            .ok()
            .as_deref(),
            Some(
                r#"{"APIVersion":"v2","Annotations":null,"AppVersion":"","Condition":"","Dependencies":[],"Deprecated":false,"Description":"","Home":"","Icon":"","IsRoot":true,"Keywords":[],"KubeVersion":"","Maintainers":[],"Name":"t","Sources":[],"Tags":"","Type":"","Version":"0.1.0"}|map[]"#
            )
        );
    }

    /// `.Files` hands on the chart's own bytes (no copy per render), and what templates read
    /// of them (methods, `index` of the `map[string][]byte`) is what Helm 4.3.1 printed for
    /// the same chart.
    #[test]
    fn files_share_the_charts_bytes() {
        let chart = crate::chart::Chart::from_files(
            "c",
            [
                ("Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n"),
                ("files/a.txt", "one\ntwo\n"),
            ],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let helm = HelmVersion::V4_3;
        let release = crate::request::Release::new_for(helm, "x", "default")
            .unwrap_or_else(|e| panic!("{e}"));
        let caps = crate::request::Capabilities::from_flags_for(helm, None, &[])
            .unwrap_or_else(|e| panic!("{e}"));
        let caps = helm::capabilities(&caps, &helm.profile().go);
        let top = chart_object(
            Dict::new(),
            &release,
            &chart.metadata,
            helm.profile(),
            true,
            &caps,
            &chart,
            BTreeMap::new(),
        );
        let shared = chart.files.iter().map(|(_, b)| b.holders());
        assert!(
            shared.eq([2]),
            "the chart's bytes and `.Files` share one buffer"
        );
        let src = r#"# {{ .Files.Get "files/a.txt" | quote }}|{{ .Files.Lines "files/a.txt" }}|{{ .Files.GetBytes "files/a.txt" }}|{{ (.Files.Glob "files/*").AsConfig | quote }}|{{ (.Files.Glob "files/*").AsSecrets | quote }}|{{ .Files.GetBytes "nope" }}|{{ index .Files "files/a.txt" }}|{{ index .Files "nope" }}|{{ index .Files "files/a.txt" 0 }}|{{ index .Chart.Annotations "x" | quote }}"#;
        let render = |src: &str| {
            HelmTemplates::parse(&[("c/templates/a.yaml".to_owned(), Arc::new(src.to_owned()))])
                .render(
                    &top,
                    "c/templates",
                    &helm.profile().go,
                    None,
                    RemoteAccess::default(),
                )
        };
        let out = render(src).unwrap_or_else(|e| panic!("{e}"));
        let text: String = out.texts.into_iter().map(|(_, text)| text).collect();
        assert_eq!(
            text,
            r#"# "one\ntwo\n"|[one two]|[111 110 101 10 116 119 111 10]|"a.txt: |\n  one\n  two"|"a.txt: b25lCnR3bwo="|[]|[111 110 101 10 116 119 111 10]|[]|111|"""#
        );
        let err = render("{{ index .Files 1 }}")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.ends_with("error calling index: value has type int; should be string"),
            "{err}"
        );
    }

    /// Helm's structs printed field by field with each verb; every expectation is what
    /// `helm template --kube-version 1.30.2-eks.1` of the same template printed (3.17.2 and
    /// 4.3.1).
    #[test]
    fn structs_print_field_by_field() {
        let src = r#"{{ printf "%+v|%#v|%d|%q|%x" .Capabilities.KubeVersion .Capabilities.KubeVersion .Capabilities.KubeVersion .Capabilities.KubeVersion .Capabilities.KubeVersion }}
{{ printf "%+v|%#v|%s" .Capabilities.HelmVersion .Capabilities.HelmVersion (list .Capabilities.HelmVersion) }}
{{ printf "%#v|%#v|%T" .Chart .Template . }}
{{ printf "%v|%+v" .Capabilities .Capabilities | len }}|{{ printf "%s" (list .Capabilities) | trunc 40 }}"#;
        let out = |v| render_for(v, Some("1.30.2-eks.1"), src).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            out(HelmVersion::V3_17),
            r#"{Version:v1.30.2-eks.1 Major:1 Minor:30}|chartutil.KubeVersion{Version:"v1.30.2-eks.1", Major:"1", Minor:"30"}|{%!d(string=v1.30.2-eks.1) %!d(string=1) %!d(string=30)}|{"v1.30.2-eks.1" "1" "30"}|{76312e33302e322d656b732e31 31 3330}
{Version:v3.17.2 GitCommit:cc0bbbd6d6276b83880042c1ecb34087e84d41eb GitTreeState:clean GoVersion:go1.23.7}|version.BuildInfo{Version:"v3.17.2", GitCommit:"cc0bbbd6d6276b83880042c1ecb34087e84d41eb", GitTreeState:"clean", GoVersion:"go1.23.7"}|[{v3.17.2 cc0bbbd6d6276b83880042c1ecb34087e84d41eb clean go1.23.7}]
struct { chart.Metadata; IsRoot bool }{Metadata:chart.Metadata{Name:"t", Home:"", Sources:[]string(nil), Version:"0.1.0", Description:"", Keywords:[]string(nil), Maintainers:[]*chart.Maintainer(nil), Icon:"", APIVersion:"v2", Condition:"", Tags:"", AppVersion:"", Deprecated:false, Annotations:map[string]string(nil), KubeVersion:"", Dependencies:[]*chart.Dependency(nil), Type:""}, IsRoot:true}|chartutil.Values{"BasePath":"t/templates", "Name":"t/templates/a.yaml"}|chartutil.Values
2968|[%!s(*chartutil.Capabilities=&{{v1.30.2-"#
        );
        assert_eq!(
            out(HelmVersion::V4_3),
            r#"{Version:v1.30.2-eks.1 normalizedVersion:v1.30.2 Major:1 Minor:30}|common.KubeVersion{Version:"v1.30.2-eks.1", normalizedVersion:"v1.30.2", Major:"1", Minor:"30"}|{%!d(string=v1.30.2-eks.1) %!d(string=v1.30.2) %!d(string=1) %!d(string=30)}|{"v1.30.2-eks.1" "v1.30.2" "1" "30"}|{76312e33302e322d656b732e31 76312e33302e32 31 3330}
{Version:v4.3.1 GitCommit:c0d08d0d6d9424d4a14febb5e8a3e51b0dd00dff GitTreeState:clean GoVersion:go1.27.2 KubeClientVersion:v1.37}|version.BuildInfo{Version:"v4.3.1", GitCommit:"c0d08d0d6d9424d4a14febb5e8a3e51b0dd00dff", GitTreeState:"clean", GoVersion:"go1.27.2", KubeClientVersion:"v1.37"}|[{v4.3.1 c0d08d0d6d9424d4a14febb5e8a3e51b0dd00dff clean go1.27.2 v1.37}]
map[string]interface {}{"APIVersion":"v2", "Annotations":map[string]string(nil), "AppVersion":"", "Condition":"", "Dependencies":[]interface {}{}, "Deprecated":false, "Description":"", "Home":"", "Icon":"", "IsRoot":true, "Keywords":[]interface {}{}, "KubeVersion":"", "Maintainers":[]interface {}{}, "Name":"t", "Sources":[]interface {}{}, "Tags":"", "Type":"", "Version":"0.1.0"}|common.Values{"BasePath":"t/templates", "Name":"t/templates/a.yaml"}|common.Values
3086|[%!s(*common.Capabilities=&{{v1.30.2-eks"#
        );
        // Inside another value a pointer is its address, which differs from run to run in
        // Helm (`[0xc0001d79e0]`); orochart prints one of the same form, always the same.
        let nested = render(
            HelmVersion::V3_17,
            r#"{{ printf "%v|%#v" (list .Capabilities) (list .Capabilities) }}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let (v, sharp_v) = nested.split_once('|').unwrap_or_default();
        let hex = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
        assert!(
            v.strip_prefix("[0x")
                .and_then(|s| s.strip_suffix(']'))
                .is_some_and(hex),
            "{v}"
        );
        assert!(
            sharp_v
                .strip_prefix("[]interface {}{(*chartutil.Capabilities)(0x")
                .and_then(|s| s.strip_suffix(")}"))
                .is_some_and(hex),
            "{sharp_v}"
        );
    }

    #[test]
    fn lists_and_maps_print_the_bytes_of_strings_that_are_not_utf8() {
        // What Helm v4.3.1 printed for these (the parity case
        // `gotpl-raw-bytes-in-printed-lists` checks all six Helms).
        let src = r#"{{- define "list" }}{{ list (b64dec "gA==") "x" 1 }}{{ end -}}
{{- define "map" }}{{ dict "k" (b64dec "/w==") "j" (list (b64dec "gA==")) "i" "é" }}{{ end -}}
{{- define "nested" }}{{ list (list (b64dec "gIE=")) (dict "a" (list "\xfe")) }}{{ end -}}
{{ include "list" . | b64enc }} {{ include "map" . | b64enc }} {{ include "nested" . | b64enc }} {{ include "nested" . | len }} {{ tpl "{{ list (b64dec \"gA==\") }}" . | b64enc }}"#;
        assert_eq!(
            render(HelmVersion::V4_3, src).ok().as_deref(),
            Some("W4AgeCAxXQ== bWFwW2k6w6kgajpbgF0gazr/XQ== W1uAgV0gbWFwW2E6W/5dXV0= 17 W4Bd")
        );
    }

    #[test]
    fn comparison_errors_name_the_types_from_go_1_25() {
        assert!(error(HelmVersion::V3_19, "{{ eq 1 1.5 }}")
            .ends_with("error calling eq: incompatible types for comparison"));
        assert!(error(HelmVersion::V4_1, "{{ lt \"a\" 1 }}")
            .ends_with("error calling lt: incompatible types for comparison: string and int"));
        assert!(error(HelmVersion::V4_3, "{{ eq 1 2 \"a\" }}")
            .ends_with("error calling eq: incompatible types for comparison: int and string"));
    }

    #[test]
    fn helm_4_traces_template_errors_and_keeps_the_rest() {
        let nested = "{{- define \"inner\" }}{{ .missing.b }}{{ end }}{{- define \"outer\" }}x{{ include \"inner\" . }}{{ end }}{{ include \"outer\" .Values }}";
        assert_eq!(
            error(HelmVersion::V4_3, nested),
            "t/templates/a.yaml:1:103\n  executing \"t/templates/a.yaml\" at <include \"outer\" .Values>:\n    error calling include:\nt/templates/a.yaml:1:71\n  executing \"outer\" at <include \"inner\" .>:\n    error calling include:\nt/templates/a.yaml:1:32\n  executing \"inner\" at <.missing.b>:\n    nil pointer evaluating interface {}.b"
        );
        assert_eq!(
            error(HelmVersion::V4_1, "{{ include \"nope\" . }}"),
            "t/templates/a.yaml:1:3\n  executing \"t/templates/a.yaml\" at <include \"nope\" .>:\n    error calling include:\ntemplate: no template \"nope\" associated with template \"gotpl\""
        );
        // A function's own error is not a template error: Go's text, one line.
        assert_eq!(
            error(HelmVersion::V4_3, "{{ index (list 1) 5 }}"),
            "template: t/templates/a.yaml:1:3: executing \"t/templates/a.yaml\" at <index (list 1) 5>: error calling index: index out of range: 5"
        );
        assert_eq!(
            error(HelmVersion::V3_17, "{{ include \"nope\" . }}"),
            "template: t/templates/a.yaml:1:3: executing \"t/templates/a.yaml\" at <include \"nope\" .>: error calling include: template: no template \"nope\" associated with template \"gotpl\""
        );
    }

    /// A set large enough to parse on two threads gives what parsing file by file gives:
    /// the same trees, and the first syntax error in Helm's order.
    #[test]
    fn a_large_set_parses_on_two_threads_as_it_would_on_one() {
        let body: String = (0..120)
            .map(|i| format!("k{i}: {{{{ .Values.a.b | default \"x\" | quote }}}}\n"))
            .collect();
        let mut files: Vec<(String, String)> = (0..60)
            .map(|i| {
                let src = format!("{{{{- define \"d{i}\" }}}}{body}{{{{- end }}}}\n{body}");
                (format!("t/templates/f{i:02}.yaml"), src)
            })
            .collect();
        // One file larger than the second thread takes.
        files.push(("t/templates/big.yaml".to_owned(), body.repeat(20)));
        let total: usize = files.iter().map(|(_, s)| s.len()).sum();
        assert!(
            total >= PARALLEL_PARSE_BYTES,
            "{total} bytes: too few to test"
        );
        let shared: Vec<Arc<String>> = files.iter().map(|(_, s)| Arc::new(s.clone())).collect();
        let jobs: Vec<(&str, &Arc<String>)> = files
            .iter()
            .zip(&shared)
            .map(|((n, _), s)| (n.as_str(), s))
            .collect();
        let one_by_one: Vec<String> = jobs
            .iter()
            .map(|(n, s)| format!("{:?}", parse_one(n, s, &mut Strings::default())))
            .collect();
        let two_threads: Vec<String> = parse_all(&jobs).iter().map(|p| format!("{p:?}")).collect();
        assert_eq!(one_by_one, two_threads);

        // Errors in two files: Helm's order (reverse lexical here) reports f40's.
        files[12].1.push_str("{{ nope }}");
        files[40].1.push_str("\n{{ .a }");
        let named: Vec<(String, Arc<String>)> = files
            .iter()
            .map(|(n, s)| (n.clone(), Arc::new(s.clone())))
            .collect();
        let go = &crate::profile::HelmVersion::default().profile().go;
        let err = HelmTemplates::parse(&named)
            .check(go)
            .err()
            .map(|e| e.to_string());
        let f40 = named[40].1.as_str();
        let line = f40.lines().count();
        assert_eq!(
            err.as_deref(),
            Some(
                format!(
                    "parse error at (t/templates/f40.yaml:{line}): unexpected \"}}\" in operand"
                )
                .as_str()
            )
        );
    }
}
