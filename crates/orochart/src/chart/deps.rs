//! Dependencies, as Helm resolves them before rendering (`pkg/chartutil/dependencies.go` and
//! `coalesce.go`, Helm 3.17): the charts under `charts/` matched to Chart.yaml's
//! `dependencies` (name and version range), renamed by `alias`, switched off by `tags` and
//! `condition` (evaluated on the values coalesced so far; Chart.yaml's `enabled` is overwritten,
//! as in Helm), `import-values` (both forms) merged under the parent's own values, and finally
//! every chart's values coalesced into one tree: a subchart's section is the user's, then the
//! parent's, then the subchart's own `values.yaml`, with `global` copied down at each level.

use std::borrow::Cow;
use std::cell::RefCell;

use crate::error::{Error, Result};
use crate::semver::Masterminds;
use crate::value::{Map, Value};

use super::Chart;

pub use crate::profile::CoalesceRules;

/// Coalescing (`merge` false: nulls delete) or merging (nulls kept), under a version's rules.
#[derive(Debug, Clone, Copy)]
struct Mode<'w> {
    merge: bool,
    rules: CoalesceRules,
    /// The Masterminds/semver release that matches a dependency's version range.
    semver: Masterminds,
    /// Where the warnings Helm logs while coalescing go, when someone listens.
    warnings: Option<&'w RefCell<Vec<Warning>>>,
}

impl Mode<'_> {
    fn merging(self, merge: bool) -> Self {
        Mode { merge, ..self }
    }

    /// `import-values`' warning about a table the dependency `chart` (the table form) lacks.
    fn warn_missing_table(&self, chart: Option<&str>, message: String) {
        self.warn_for(WarningSite::ImportMissingTable, chart, message);
    }

    /// A warning that names the dependency `chart`.
    fn warn_for(&self, site: WarningSite, chart: Option<&str>, message: String) {
        if let Some(w) = self.warnings {
            w.borrow_mut().push(Warning {
                site,
                message,
                chart: chart.map(str::to_owned),
            });
        }
    }

    fn warn(&self, site: WarningSite, message: String) {
        if let Some(w) = self.warnings {
            w.borrow_mut().push(Warning::new(site, message));
        }
    }
}

/// A warning Helm logs while building the values: coalescing them (`warning: skipped value
/// for pf.c: Not a table.`, in Helm's words) or loading a schema's unresolved `urn:` (the
/// URN). [`Warning::log_line`] is the line a Helm prints for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Which of Helm's warnings.
    pub site: WarningSite,
    /// The text Helm logs (for [`WarningSite::UnresolvedUrn`], the URN; for the
    /// `import-values` warnings, the error: `"missing" is not a table`).
    pub message: String,
    /// The dependency an `import-values` warning names ([`WarningSite::ImportMissingTable`]).
    pub chart: Option<String>,
}

impl Warning {
    /// A warning that names no dependency.
    pub fn new(site: WarningSite, message: String) -> Warning {
        Warning {
            site,
            message,
            chart: None,
        }
    }

    /// The line `helm` logs on stderr: Helm 3's log package with the file and line
    /// (`coalesce.go:237: warning: …`), Helm 4's slog (`level=INFO msg="warning: …"`; for an
    /// unresolved URN `level=WARN msg="unresolved URN reference ignored; using permissive
    /// schema" urn=urn:x`).
    pub fn log_line(&self, helm: crate::profile::HelmVersion) -> String {
        use crate::template_flags::slog_line;
        if self.site == WarningSite::DependenciesFailed {
            return slog_line(
                "ERROR",
                "chart dependencies processing failed",
                &[("error", &self.message)],
            );
        }
        if self.site == WarningSite::ImportMissingTable {
            // `processImportValues`: the table form names the dependency, the string form
            // (`exports.x`) does not.
            let line = |base: u32| base + u32::from(helm >= crate::profile::HelmVersion::V3_19);
            return match (&self.chart, helm.logs_with_slog()) {
                (Some(chart), true) => slog_line(
                    "WARN",
                    "ImportValues missing table from chart",
                    &[("chart", chart), ("error", &self.message)],
                ),
                (None, true) => slog_line(
                    "WARN",
                    "ImportValues missing table",
                    &[("error", &self.message)],
                ),
                (Some(chart), false) => format!(
                    "dependencies.go:{}: Warning: ImportValues missing table from chart {chart}: {}",
                    line(269),
                    self.message
                ),
                (None, false) => format!(
                    "dependencies.go:{}: Warning: ImportValues missing table: {}",
                    line(286),
                    self.message
                ),
            };
        }
        if let (WarningSite::ConditionNotBool | WarningSite::TagNotBool, Some(chart)) =
            (self.site, &self.chart)
        {
            // `processDependencyConditions` and `processDependencyTags`.
            let condition = self.site == WarningSite::ConditionNotBool;
            if helm.logs_with_slog() {
                let key = if condition { "path" } else { "tag" };
                return slog_line(
                    "WARN",
                    "returned non-bool value",
                    &[(key, &self.message), ("chart", chart)],
                );
            }
            let late = u32::from(helm >= crate::profile::HelmVersion::V3_19);
            return if condition {
                format!(
                    "dependencies.go:{}: Warning: Condition path '{}' for chart {chart} returned non-bool value",
                    63 + late,
                    self.message
                )
            } else {
                format!(
                    "dependencies.go:{}: Warning: Tag '{}' for chart {chart} returned non-bool value",
                    94 + late,
                    self.message
                )
            };
        }
        if self.site == WarningSite::Debug {
            return self.message.clone();
        }
        if self.site == WarningSite::UnresolvedUrn {
            return slog_line(
                "WARN",
                "unresolved URN reference ignored; using permissive schema",
                &[("urn", &self.message)],
            );
        }
        if helm.logs_with_slog() {
            slog_line("INFO", &self.message, &[])
        } else {
            format!("coalesce.go:{}: {}", self.site.helm3_line(), self.message)
        }
    }
}

/// Which coalescing warning: each is one `printf` call in Helm's `coalesce.go`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WarningSite {
    /// `warning: skipping globals because destination global is not a table.`
    GlobalsDestination,
    /// `warning: skipping globals because source global is not a table.`
    GlobalsSource,
    /// `Conflict: cannot merge map onto non-map for "key". Skipping.` (globals)
    GlobalsConflict,
    /// `key k is table. Skipping` (globals)
    GlobalsTable,
    /// `warning: skipped value for chart.key: Not a table.`
    SkippedValue,
    /// `warning: cannot overwrite table with non table for a.b (map[…])`
    CannotOverwrite,
    /// `warning: destination for a.b is a table. Ignoring non-table value (…)`
    DestinationTable,
    /// A schema's `urn:` reference Helm 4 cannot resolve (it uses the schema `true`).
    UnresolvedUrn,
    /// Helm 4's error log before it fails on the dependency passes (`level=ERROR
    /// msg="chart dependencies processing failed" error="type mismatch on sub: …"`); the
    /// message is the error without the prefix.
    DependenciesFailed,
    /// `import-values` names a table the dependency's values do not have (`Warning:
    /// ImportValues missing table from chart sub: "x" is not a table`).
    ImportMissingTable,
    /// A dependency's `condition` path holds a value that is not a boolean (`Warning:
    /// Condition path 's.enabled' for chart s returned non-bool value`); the message is the
    /// path as written.
    ConditionNotBool,
    /// A dependency's tag holds a value that is not a boolean; the message is the tag.
    TagNotBool,
    /// One of Helm 4's `--debug` lines (`level=DEBUG msg="chart name" chart-name=x`); the
    /// message is the whole line.
    Debug,
}

impl WarningSite {
    /// The coalescing warning a text of Helm's is (`warning: skipped value for …`), if it is
    /// one.
    pub fn of_message(message: &str) -> Option<WarningSite> {
        [
            ("warning: skipped value for ", WarningSite::SkippedValue),
            (
                "warning: cannot overwrite table",
                WarningSite::CannotOverwrite,
            ),
            ("warning: destination for ", WarningSite::DestinationTable),
            (
                "warning: skipping globals because destination",
                WarningSite::GlobalsDestination,
            ),
            (
                "warning: skipping globals because source",
                WarningSite::GlobalsSource,
            ),
        ]
        .into_iter()
        .find_map(|(prefix, site)| message.starts_with(prefix).then_some(site))
    }

    /// The line of Helm 3's `pkg/chartutil/coalesce.go` (3.17 to 3.19 alike) that logs it,
    /// which Helm 3's logger prints (`coalesce.go:237: …`).
    pub fn helm3_line(self) -> u32 {
        match self {
            WarningSite::GlobalsDestination => 138,
            WarningSite::GlobalsSource => 145,
            WarningSite::GlobalsConflict => 161,
            WarningSite::GlobalsTable => 175,
            WarningSite::SkippedValue => 237,
            WarningSite::CannotOverwrite => 298,
            WarningSite::DestinationTable => 301,
            // Helm 3 fails on it instead, and logs nothing before the second.
            WarningSite::UnresolvedUrn | WarningSite::DependenciesFailed => 0,
            // Logged from `dependencies.go` (see [`Warning::log_line`]).
            WarningSite::ImportMissingTable
            | WarningSite::ConditionNotBool
            | WarningSite::TagNotBool => 0,
            // Not made for Helm 3.
            WarningSite::Debug => 0,
        }
    }
}

/// Helm's `concatPrefix`.
fn concat_prefix(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_owned()
    } else {
        format!("{a}.{b}")
    }
}

/// One entry of Chart.yaml's `dependencies` (or `requirements.yaml`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dependency {
    /// `name`.
    pub name: String,
    /// `version` (a SemVer range).
    pub version: String,
    /// `repository`.
    pub repository: String,
    /// `condition`: comma-separated value paths; the first boolean decides.
    pub condition: String,
    /// `tags`.
    pub tags: Vec<String>,
    /// `import-values`, as written (strings and `{child, parent}` maps).
    pub import_values: Vec<Value>,
    /// `alias`.
    pub alias: String,
}

impl Node<'_> {
    /// Chart.yaml's dependencies that are enabled, with `name` set to the alias where one is
    /// given, as Helm's processing leaves the chart's metadata (`.Chart.Dependencies`).
    pub fn enabled_dependencies(&self) -> &[Dependency] {
        self.reqs.as_deref().unwrap_or_default()
    }
}

/// Reads a `dependencies` list of Chart.yaml.
pub fn parse_list(v: Option<&Value>, file: &str) -> Result<Vec<Dependency>> {
    let items = match v {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::List(l)) => l,
        Some(_) => {
            return Err(Error::Chart {
                chart: file.to_owned(),
                message: format!("`{file}`: `dependencies` must be a list"),
            })
        }
    };
    let text = |m: &Map, k: &str| match m.get(k) {
        Some(Value::String(s)) => s.clone(),
        None | Some(Value::Null) => String::new(),
        Some(v) => crate::yaml::go_string(v),
    };
    let mut out = Vec::new();
    for item in items {
        let Value::Map(m) = item else {
            continue;
        };
        out.push(Dependency {
            name: text(m, "name"),
            version: text(m, "version"),
            repository: text(m, "repository"),
            condition: text(m, "condition"),
            tags: match m.get("tags") {
                Some(Value::List(l)) => l.iter().map(crate::yaml::go_string).collect(),
                _ => Vec::new(),
            },
            import_values: match m.get("import-values") {
                Some(Value::List(l)) => l.clone(),
                _ => Vec::new(),
            },
            alias: text(m, "alias"),
        });
    }
    Ok(out)
}

/// Reads `requirements.yaml` (apiVersion v1 charts).
pub fn parse_requirements(text: &str, file: &str) -> Result<Vec<Dependency>> {
    let doc = crate::values::parse_yaml_document(text, file, false)?;
    let Some(m) = doc.as_map() else {
        return parse_list(None, file);
    };
    let named = super::decode::go_requirements_names(m);
    parse_list(named.as_ref().unwrap_or(m).get("dependencies"), file)
}

/// A chart as it takes part in a render: its name (the alias, if any), its values (with
/// imported values), the dependencies still enabled.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    /// The chart.
    pub chart: &'a Chart,
    /// `.Chart.Name` and the key of its values section: the alias, or the chart's name.
    pub name: String,
    /// The chart's values (after `import-values`): its `values.yaml`, borrowed until an
    /// import or Helm's number marking changes them (a node is built for every level of
    /// the dependency walk, so copying them each time was most of its work).
    pub values: Cow<'a, Map>,
    /// Chart.yaml's dependencies still enabled, with names aliased (`None`: none declared).
    reqs: Option<Vec<Dependency>>,
    /// The enabled subcharts.
    pub children: Vec<Node<'a>>,
}

impl<'a> Node<'a> {
    /// A chart's node before the dependency walk: its values.yaml as the Helm reads it
    /// ([`Chart::values_read`]).
    fn raw(chart: &'a Chart, name: String, all_documents: bool) -> Node<'a> {
        Node {
            chart,
            name,
            values: Cow::Borrowed(chart.values_read(all_documents)),
            reqs: None,
            children: chart
                .dependencies
                .iter()
                .map(|d| Node::raw(d, d.name().to_owned(), all_documents))
                .collect(),
        }
    }
}

/// Helm's `ProcessDependenciesWithMerge` then `CoalesceValues`: the enabled chart tree and the
/// final values for `user`'s values. Declared dependencies absent from `charts/` are Helm's
/// error.
pub fn resolve<'a>(root: &'a Chart, user: &Map) -> Result<(Node<'a>, Map)> {
    resolve_with(root, user, CoalesceRules::default(), Masterminds::default())
}

/// [`resolve`] under the coalescing rules of a given Helm version, its dependency version
/// ranges matched by the Masterminds/semver release it vendors (`HelmProfile::go.funcs.semver`:
/// from Helm 3.19 a pre-release subchart satisfies `>=1.0.0-0 <2.0.0`, before it does not).
pub fn resolve_with<'a>(
    root: &'a Chart,
    user: &Map,
    rules: CoalesceRules,
    semver: Masterminds,
) -> Result<(Node<'a>, Map)> {
    resolve_noting(root, user, rules, semver, None).map_err(|f| f.error)
}

/// [`resolve_with`], also collecting the warnings Helm logs while coalescing, in the order
/// its passes log them (its order among one pass's warnings is Go's map order, random; this
/// is key order).
pub fn resolve_noting<'a>(
    root: &'a Chart,
    user: &Map,
    rules: CoalesceRules,
    semver: Masterminds,
    warnings: Option<&RefCell<Vec<Warning>>>,
) -> std::result::Result<(Node<'a>, Map), ResolveFailure> {
    let (node, mode) =
        enabled_tree(root, user, rules, semver, warnings).map_err(|error| ResolveFailure {
            error,
            in_dependencies: true,
        })?;
    let values = coalesce_node(&node, user.clone(), mode, "").map_err(|error| ResolveFailure {
        error,
        in_dependencies: false,
    })?;
    Ok((node, values))
}

/// Why [`resolve_noting`] failed, and where.
#[derive(Debug)]
pub struct ResolveFailure {
    /// The error.
    pub error: Error,
    /// Whether it came from Helm's dependency passes (`ProcessDependencies`, whose error
    /// Helm 4 wraps and logs), not from the final coalescing of the values.
    pub in_dependencies: bool,
}

impl std::fmt::Display for ResolveFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.error.fmt(f)
    }
}

/// The chart tree of [`resolve_with`] without the final values: for a render whose values
/// are already final (the coalescing would only be repeated).
pub fn resolve_tree_with<'a>(
    root: &'a Chart,
    values: &Map,
    rules: CoalesceRules,
    semver: Masterminds,
) -> Result<Node<'a>> {
    enabled_tree(root, values, rules, semver, None).map(|(node, _)| node)
}

fn enabled_tree<'a, 'w>(
    root: &'a Chart,
    user: &Map,
    rules: CoalesceRules,
    semver: Masterminds,
    warnings: Option<&'w RefCell<Vec<Warning>>>,
) -> Result<(Node<'a>, Mode<'w>)> {
    check_dependencies(root)?;
    let mode = Mode {
        merge: false,
        rules,
        semver,
        warnings,
    };
    let mut node = enabled(root, root.name().to_owned(), user, "", mode)?;
    if rules.json_numbers {
        mark_json_numbers(&mut node);
    }
    import_values(&mut node, mode)?;
    Ok((node, mode))
}

/// Every chart's values.yaml numbers as `json.Number`s, as Helm v3.18.0 loads them (a node
/// whose values are its own already has them marked).
fn mark_json_numbers(node: &mut Node<'_>) {
    if let Cow::Borrowed(values) = node.values {
        node.values = Cow::Owned(crate::values::json_number::mark(values));
    }
    for child in &mut node.children {
        mark_json_numbers(child);
    }
}

/// Helm's `CheckDependencies`, for the chart rendered, in Helm 3's words.
fn check_dependencies(chart: &Chart) -> Result<()> {
    check_dependencies_for(chart, crate::profile::HelmVersion::V3_17.profile())
}

/// Helm's `CheckDependencies`, in the words of `profile`'s Helm.
pub(crate) fn check_dependencies_for(
    chart: &Chart,
    profile: &crate::profile::HelmProfile,
) -> Result<()> {
    let missing = chart.missing_dependencies();
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::Invalid(format!(
        "{}: found in Chart.yaml, but missing in charts/ directory: {}",
        profile.messages.missing_dependencies,
        missing.join(", ")
    )))
}

/// Helm's `IsCompatibleRange`, by the Masterminds release the Helm vendors (v3.4 lets a
/// pre-release version through a range whose other terms carry pre-releases; v3.3 does not).
fn compatible(range: &str, version: &str, semver: Masterminds) -> bool {
    crate::semver::matches(range, version, semver).unwrap_or(false)
}

/// Helm's `processDependencyEnabled`.
fn enabled<'a>(
    chart: &'a Chart,
    name: String,
    v: &Map,
    path: &str,
    mode: Mode<'_>,
) -> Result<Node<'a>> {
    let all_documents = mode.rules.all_documents;
    let mut node = Node::raw(chart, name, all_documents);
    // Helm returns early on a nil list only: `dependencies: []` still coalesces.
    if !chart.metadata.dependencies_declared && chart.metadata.dependencies.is_empty() {
        return Ok(node);
    }
    let reqs = &chart.metadata.dependencies;
    let mut children = Vec::new();
    for existing in &chart.dependencies {
        let declared = reqs.iter().any(|r| {
            existing.name() == r.name
                && compatible(&r.version, &existing.metadata.version, mode.semver)
        });
        if !declared {
            children.push(Node::raw(
                existing,
                existing.name().to_owned(),
                all_documents,
            ));
        }
    }
    let mut reqs: Vec<Dependency> = reqs.clone();
    for r in &mut reqs {
        let found = chart.dependencies.iter().find(|c| {
            c.name() == r.name && compatible(&r.version, &c.metadata.version, mode.semver)
        });
        if let Some(c) = found {
            let name = if r.alias.is_empty() {
                c.name().to_owned()
            } else {
                r.alias.clone()
            };
            children.push(Node::raw(c, name, all_documents));
        }
        if !r.alias.is_empty() {
            r.name = r.alias.clone();
        }
    }
    node.children = children;
    // Helm v3.18.0's charts hold json.Numbers from the start: this pass (and what it logs)
    // sees them too.
    if mode.rules.json_numbers {
        mark_json_numbers(&mut node);
    }
    let cvals = coalesce_node(&node, v.clone(), mode, "")?;
    let mut on: Vec<bool> = reqs.iter().map(|r| tags_enabled(r, &cvals, mode)).collect();
    for (r, on) in reqs.iter().zip(on.iter_mut()) {
        for cond in r.condition.trim().split(',') {
            if cond.is_empty() {
                continue;
            }
            match path_value(&cvals, &format!("{path}{cond}")) {
                Some(Value::Bool(b)) => {
                    *on = *b;
                    break;
                }
                // `PathValue` finds no value where the path ends at a table.
                Some(Value::Map(_)) | None => {}
                Some(_) => mode.warn_for(
                    WarningSite::ConditionNotBool,
                    Some(&r.name),
                    cond.to_owned(),
                ),
            }
        }
    }
    let off: Vec<String> = reqs
        .iter()
        .zip(&on)
        .filter(|(_, on)| !**on)
        .map(|(r, _)| r.name.clone())
        .collect();
    let kept: Vec<Node<'a>> = std::mem::take(&mut node.children)
        .into_iter()
        .filter(|c| !off.contains(&c.name))
        .collect();
    for child in kept {
        let sub = format!("{path}{}.", child.name);
        node.children
            .push(enabled(child.chart, child.name, &cvals, &sub, mode)?);
    }
    node.reqs = Some(
        reqs.into_iter()
            .filter(|r| !off.contains(&r.name))
            .collect(),
    );
    Ok(node)
}

/// Helm's `processDependencyTags`: a chart with a true tag is on; with only false tags off.
fn tags_enabled(r: &Dependency, cvals: &Map, mode: Mode<'_>) -> bool {
    let Some(Value::Map(tags)) = cvals.get("tags") else {
        return true;
    };
    let (mut has_true, mut has_false) = (false, false);
    for t in &r.tags {
        match tags.get(t.as_str()) {
            Some(Value::Bool(true)) => has_true = true,
            Some(Value::Bool(false)) => has_false = true,
            Some(_) => mode.warn_for(WarningSite::TagNotBool, Some(&r.name), t.clone()),
            None => {}
        }
    }
    has_true || !has_false
}

/// Helm's `Values.PathValue`: the value at a dotted path, if every step is a table.
fn path_value<'m>(values: &'m Map, path: &str) -> Option<&'m Value> {
    let mut parts = path.split('.').peekable();
    let mut table = values;
    while let Some(key) = parts.next() {
        let v = table.get(key)?;
        if parts.peek().is_none() {
            return Some(v);
        }
        table = v.as_map()?;
    }
    None
}

/// Helm's `processDependencyImportValues` (merge mode, as `helm template` runs it): children
/// first, then each chart's imports under its own values.
fn import_values(node: &mut Node<'_>, mode: Mode<'_>) -> Result<()> {
    let mode = mode.merging(true);
    for child in &mut node.children {
        import_values(child, mode)?;
    }
    let Some(reqs) = &node.reqs else {
        return Ok(());
    };
    let cvals = coalesce_node(node, Map::new(), mode, "")?;
    let mut imports = Vec::new();
    for r in reqs {
        for iv in &r.import_values {
            let (child, parent, named) = match iv {
                Value::String(s) => (format!("exports.{s}"), ".".to_owned(), false),
                Value::Map(m) => {
                    let field = |k: &str| import_field(m.get(k), mode.rules);
                    match field("child").and_then(|c| Ok((c, field("parent")?))) {
                        Ok((child, parent)) => (child, parent, true),
                        Err(e) => {
                            // Helm crashes there, having logged what the entries before did.
                            shared::log_gathering(&cvals, &imports, mode);
                            return Err(e);
                        }
                    }
                }
                _ => continue,
            };
            imports.push(Import {
                chart: named.then(|| r.name.clone()),
                from: format!("{}.{child}", r.name),
                parent,
            });
        }
    }
    if imports.is_empty() {
        // Nothing to merge: Helm's `MergeTables(cvals, {})` is `cvals` itself, and the shared
        // copy below would rebuild the same tree (most charts import nothing).
        node.values = Cow::Owned(cvals);
        return Ok(());
    }
    node.values = Cow::Owned(match shared::import(&cvals, &imports, mode) {
        Some(values) => values,
        // A value Go's maps hold but ours cannot round-trip (a non-finite float): the same
        // merge without Go's sharing (its warnings were logged by the first).
        None => {
            let quiet = Mode {
                warnings: None,
                ..mode
            };
            let mut imported = Map::new();
            for i in &imports {
                if let Ok(t) = table_or_missing(&cvals, &i.from) {
                    imported = tables(imported, &path_to_map(&i.parent, t.clone()), quiet, "");
                }
            }
            tables(cvals, &imported, quiet, "")
        }
    });
    Ok(())
}

/// An `import-values` table's `child` or `parent` as Helm reads it: Helm 3.19+ formats it
/// with Go's `%v` (a missing one is `<nil>`, a number as the `float64` Chart.yaml gives
/// Go); earlier Helms assert a string and panic on anything else.
fn import_field(v: Option<&Value>, rules: CoalesceRules) -> Result<String> {
    // Go decodes Chart.yaml through JSON: its numbers are all float64.
    let go = match v {
        Some(Value::String(s)) => return Ok(s.clone()),
        None => Value::Null,
        Some(&Value::Int(i)) => Value::Float(i as f64),
        Some(v) => v.clone(),
    };
    if rules.import_values_formatted {
        Ok(crate::go::go_string(&go))
    } else {
        Err(Error::GoPanic(format!(
            "interface conversion: interface {{}} is {}, not string",
            crate::go::asserted_type_name(&go)
        )))
    }
}

/// One `import-values` entry: the dependency's table (a dotted path from the parent's values)
/// and where it goes in the parent's.
struct Import {
    /// The dependency, for the table form (`child:`/`parent:`); the string form (`exports.x`)
    /// logs without it.
    chart: Option<String>,
    /// `<dependency>.<child>`.
    from: String,
    /// `parent:` (`.` for the string form).
    parent: String,
}

/// Helm's `Values.Table`: the table at a dotted path, or the key that is not one (its
/// `ErrNoTable`: `"x" is not a table`).
fn table_or_missing<'m>(values: &'m Map, path: &str) -> std::result::Result<&'m Map, String> {
    let mut cur = values;
    for key in path.split('.') {
        match cur.get(key) {
            Some(Value::Map(m)) => cur = m,
            _ => return Err(not_a_table(key)),
        }
    }
    Ok(cur)
}

/// Helm's `ErrNoTable` text: `"x" is not a table`.
fn not_a_table(key: &str) -> String {
    format!("{} is not a table", crate::go::quote(key))
}

/// `import-values` with Go's map sharing: Helm merges each imported table into one map *by
/// reference*, so a later import merged into a table an earlier one brought in also changes
/// that table where it came from (the child's section of the parent's values). Go's maps are
/// reproduced with tables shared through `Rc`.
mod shared {
    use super::{Mode, WarningSite};
    use std::cell::RefCell;
    use std::collections::BTreeMap;
    use std::rc::Rc;

    use crate::value::{Map, Value};

    /// A Go `map[string]interface{}`: a handle; clones share the entries.
    #[derive(Clone, Default)]
    struct Table(Rc<RefCell<BTreeMap<String, Node>>>);

    /// A value inside a [`Table`]: a nested table, or anything else (kept as it is).
    #[derive(Clone)]
    enum Node {
        Table(Table),
        Leaf(Value),
    }

    impl Table {
        fn from_map(m: &Map) -> Table {
            let entries = m
                .iter()
                .map(|(k, v)| {
                    let node = match v {
                        Value::Map(m) => Node::Table(Table::from_map(m)),
                        other => Node::Leaf(other.clone()),
                    };
                    (k.clone(), node)
                })
                .collect();
            Table(Rc::new(RefCell::new(entries)))
        }

        /// Back to values; `None` if a float is not finite (Go's maps hold it, ours do not).
        fn to_map(&self) -> Option<Map> {
            let entries = self
                .0
                .borrow()
                .iter()
                .map(|(k, n)| {
                    let v = match n {
                        Node::Table(t) => Value::Map(t.to_map()?),
                        Node::Leaf(v) if finite(v) => v.clone(),
                        Node::Leaf(_) => return None,
                    };
                    Some((k.clone(), v))
                })
                .collect::<Option<Vec<_>>>()?;
            Some(Map::from_entries(entries))
        }

        fn get(&self, key: &str) -> Option<Node> {
            self.0.borrow().get(key).cloned()
        }

        fn insert(&self, key: String, node: Node) {
            self.0.borrow_mut().insert(key, node);
        }

        fn same(&self, other: &Table) -> bool {
            Rc::ptr_eq(&self.0, &other.0)
        }
    }

    fn finite(v: &Value) -> bool {
        match v {
            Value::Float(f) => f.is_finite(),
            Value::List(l) => l.iter().all(finite),
            Value::Map(m) => m.values().all(finite),
            _ => true,
        }
    }

    /// The parent's values after merging `imports` (in order) under `cvals`: Helm's
    /// `MergeTables(cvals, b)`, logging what Helm logs on the way (a missing table, each
    /// merge's warnings).
    pub(super) fn import(cvals: &Map, imports: &[super::Import], mode: Mode<'_>) -> Option<Map> {
        let cv = Table::from_map(cvals);
        let b = gather(&cv, imports, mode);
        merge(&cv, &b, "", mode);
        cv.to_map()
    }

    /// Only the first pass of [`import`], for what it logs: where Helm stops (a Go panic) at
    /// the entry after `imports`.
    pub(super) fn log_gathering(cvals: &Map, imports: &[super::Import], mode: Mode<'_>) {
        gather(&Table::from_map(cvals), imports, mode);
    }

    /// Helm's table `b`: every import merged, in order.
    fn gather(cv: &Table, imports: &[super::Import], mode: Mode<'_>) -> Table {
        let b = Table::default();
        for i in imports {
            match table(cv, &i.from) {
                Ok(t) => merge(&b, &path_to_table(&i.parent, t), "", mode),
                Err(missing) => mode.warn_missing_table(i.chart.as_deref(), missing),
            }
        }
        b
    }

    /// [`super::table_or_missing`] on shared tables.
    fn table(root: &Table, path: &str) -> Result<Table, String> {
        let mut cur = root.clone();
        for key in path.split('.') {
            match cur.get(key) {
                Some(Node::Table(t)) => cur = t,
                _ => return Err(super::not_a_table(key)),
            }
        }
        Ok(cur)
    }

    /// A table's `%v`, non-finite floats and all.
    fn go_string(t: &Table) -> String {
        fn value(t: &Table) -> Value {
            let entries =
                t.0.borrow()
                    .iter()
                    .map(|(k, n)| {
                        let v = match n {
                            Node::Table(t) => value(t),
                            Node::Leaf(v) => v.clone(),
                        };
                        (k.clone(), v)
                    })
                    .collect();
            Value::Map(Map::from_entries(entries))
        }
        crate::values::json_number::go_string(&value(t))
    }

    fn path_to_table(path: &str, data: Table) -> Table {
        if path == "." {
            return data;
        }
        let mut out = data;
        for key in path.split('.').rev() {
            let t = Table::default();
            t.insert(key.to_owned(), Node::Table(out));
            out = t;
        }
        out
    }

    /// `coalesceTablesFullKey(dst, src, prefix, merge=true)` on shared maps: a table `dst`
    /// lacks is linked, not copied; a table over a value, or a value over a table, is
    /// skipped with Helm's warning.
    fn merge(dst: &Table, src: &Table, prefix: &str, mode: Mode<'_>) {
        if dst.same(src) {
            return;
        }
        let items: Vec<(String, Node)> = src
            .0
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (key, val) in items {
            match (dst.get(&key), &val) {
                (None, _) => dst.insert(key, val),
                (Some(Node::Table(d)), Node::Table(s)) => {
                    merge(&d, s, &super::concat_prefix(prefix, &key), mode)
                }
                // Helm 4: the source's value was made null where the destination's is.
                (Some(Node::Leaf(Value::Null)), Node::Table(_))
                    if mode.rules.null_over_null_kept => {}
                (Some(Node::Leaf(_)), Node::Table(s)) => mode.warn(
                    WarningSite::CannotOverwrite,
                    format!(
                        "warning: cannot overwrite table with non table for {} ({})",
                        super::concat_prefix(prefix, &key),
                        go_string(s)
                    ),
                ),
                (Some(Node::Table(_)), Node::Leaf(v)) if !matches!(v, Value::Null) => mode.warn(
                    WarningSite::DestinationTable,
                    format!(
                        "warning: destination for {} is a table. Ignoring non-table value ({})",
                        super::concat_prefix(prefix, &key),
                        crate::values::json_number::go_string(v)
                    ),
                ),
                _ => {}
            }
        }
    }
}

/// Helm's `pathToMap`: `a.b` and a table become `{a: {b: table}}`; `.` is the table itself.
fn path_to_map(path: &str, data: Map) -> Map {
    if path == "." {
        return data;
    }
    let mut out = data;
    for key in path.split('.').rev() {
        let mut m = Map::new();
        m.insert(key.to_owned(), Value::Map(out));
        out = m;
    }
    out
}

/// Helm's `coalesce` (with `merge` false) or `MergeValues` (true): a chart's values under
/// `dest` (the caller's), then its dependencies', under Helm 3.17's rules.
pub fn coalesce(node: &Node<'_>, dest: Map, merge: bool) -> Result<Map> {
    let mode = Mode {
        merge,
        rules: CoalesceRules::default(),
        semver: Masterminds::default(),
        warnings: None,
    };
    coalesce_node(node, dest, mode, "")
}

/// Helm's `coalesce(printf, chart, dest, prefix, merge)`.
fn coalesce_node(node: &Node<'_>, dest: Map, mode: Mode<'_>, prefix: &str) -> Result<Map> {
    let dest = coalesce_values(node, dest, mode, prefix);
    coalesce_deps(node, dest, mode, prefix)
}

/// Helm 4.2's `cleanNilValues`: nulls removed at every depth.
fn drop_nulls(m: &mut Map) {
    m.retain(|_, v| !matches!(v, Value::Null));
    for v in m.values_mut() {
        if let Value::Map(sub) = v {
            drop_nulls(sub);
        }
    }
}

fn coalesce_values(node: &Node<'_>, mut v: Map, mode: Mode<'_>, prefix: &str) -> Map {
    let clean = mode.rules.chart_nulls_dropped && !mode.merge;
    let sub_prefix = concat_prefix(prefix, &node.name);
    for (key, val) in node.values.iter() {
        match v.get_mut(key.as_str()) {
            Some(Value::Null) if !mode.merge => {
                v.remove(key.as_str());
            }
            Some(Value::Map(dest)) => match val {
                Value::Map(src) => {
                    let merge = mode.merge || node.children.iter().any(|c| c.name == *key);
                    let mut src = src.clone();
                    if clean && !merge {
                        drop_nulls(&mut src);
                    }
                    let d = std::mem::take(dest);
                    let full = concat_prefix(&sub_prefix, key);
                    *dest = tables(d, &src, mode.merging(merge), &full);
                }
                Value::Null => {}
                _ => mode.warn(
                    WarningSite::SkippedValue,
                    format!("warning: skipped value for {sub_prefix}.{key}: Not a table."),
                ),
            },
            Some(_) => {}
            None => {
                let mut val = val.clone();
                if clean {
                    match &mut val {
                        Value::Null => continue,
                        Value::Map(sub) => drop_nulls(sub),
                        _ => {}
                    }
                }
                v.insert(key.clone(), val);
            }
        }
    }
    v
}

fn coalesce_deps(node: &Node<'_>, mut dest: Map, mode: Mode<'_>, prefix: &str) -> Result<Map> {
    let sub_prefix = concat_prefix(prefix, &node.name);
    for child in &node.children {
        let section = match dest.remove(child.name.as_str()) {
            None => Map::new(),
            Some(Value::Map(m)) => m,
            Some(other) => {
                return Err(Error::Invalid(format!(
                    "type mismatch on {}: {}",
                    child.name,
                    go_bool_verb(&other)
                )))
            }
        };
        let section = coalesce_globals(section, &dest, mode, &sub_prefix);
        let section = coalesce_node(child, section, mode, &sub_prefix)?;
        dest.insert(child.name.clone(), Value::Map(section));
    }
    Ok(dest)
}

/// Go's `%t` of a subchart's section that is not a table: a boolean as itself, anything else
/// `%!t(TYPE=VALUE)` (`%!t(int64=5)` from `--set`, `float64` from a values file, Helm
/// v3.18.0's `json.Number`).
fn go_bool_verb(v: &Value) -> String {
    let ty = match v {
        Value::Bool(b) => return b.to_string(),
        Value::Null => return "%!t(<nil>)".into(),
        // fmt applies the verb to each element (and a map's keys, which are strings).
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(go_bool_verb).collect();
            return format!("[{}]", items.join(" "));
        }
        Value::Map(m) => {
            let mut entries: Vec<(&String, &Value)> = m.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            let entries: Vec<String> = entries
                .into_iter()
                .map(|(k, v)| format!("%!t(string={k}):{}", go_bool_verb(v)))
                .collect();
            return format!("map[{}]", entries.join(" "));
        }
        Value::Int(_) => "int64",
        Value::Float(_) => "float64",
        Value::String(_) if crate::values::json_number::json_number_text(v).is_some() => {
            "json.Number"
        }
        Value::String(_) => "string",
    };
    format!("%!t({ty}={})", crate::yaml::go_string(v))
}

/// Helm's `coalesceGlobals`: the parent's `global` entries copied over the child's (tables
/// merged, the parent's keys first).
fn coalesce_globals(mut dest: Map, src: &Map, mode: Mode<'_>, prefix: &str) -> Map {
    let had_global = dest.contains_key("global");
    let mut dg = match dest.remove("global") {
        None => Map::new(),
        Some(Value::Map(m)) => m,
        Some(other) => {
            mode.warn(
                WarningSite::GlobalsDestination,
                "warning: skipping globals because destination global is not a table.".into(),
            );
            dest.insert("global".into(), other);
            return dest;
        }
    };
    let sg = match src.get("global") {
        None => Map::new(),
        Some(Value::Map(m)) => m.clone(),
        Some(_) => {
            mode.warn(
                WarningSite::GlobalsSource,
                "warning: skipping globals because source global is not a table.".into(),
            );
            // Helm returns here: a destination without `global` gets none.
            if had_global {
                dest.insert("global".into(), Value::Map(dg));
            }
            return dest;
        }
    };
    for (key, val) in sg {
        match (val, dg.get(key.as_str())) {
            (Value::Map(vv), None) => {
                dg.insert(key, Value::Map(vv));
            }
            (Value::Map(vv), Some(Value::Map(d))) => {
                let full = concat_prefix(prefix, &key);
                let merged = tables(vv, d, mode.merging(true), &full);
                dg.insert(key, Value::Map(merged));
            }
            (Value::Map(_), Some(_)) => mode.warn(
                WarningSite::GlobalsConflict,
                format!(
                    "Conflict: cannot merge map onto non-map for {}. Skipping.",
                    crate::go::quote(&key)
                ),
            ),
            (_, Some(Value::Map(_))) => {
                mode.warn(
                    WarningSite::GlobalsTable,
                    format!("key {key} is table. Skipping"),
                );
            }
            (val, _) => {
                dg.insert(key, val);
            }
        }
    }
    dest.insert("global".into(), Value::Map(dg));
    dest
}

/// Helm's `coalesceTablesFullKey`: `src` fills what `dst` lacks; tables merge; with `merge`
/// off, a null in `dst` deletes the key (Helm 3.17's rules).
pub fn coalesce_tables(dst: Map, src: &Map, merge: bool) -> Map {
    let mode = Mode {
        merge,
        rules: CoalesceRules::default(),
        semver: Masterminds::default(),
        warnings: None,
    };
    tables(dst, src, mode, "")
}

/// Whether a null in the destination stays over `src`'s value: always when merging; in Helm 4
/// also over a null.
fn null_stays(mode: Mode<'_>, src: &Value) -> bool {
    mode.merge || (mode.rules.null_over_null_kept && matches!(src, Value::Null))
}

/// Helm's `coalesceTablesFullKey(printf, dst, src, prefix, merge)`.
fn tables(mut dst: Map, src: &Map, mode: Mode<'_>, prefix: &str) -> Map {
    for (key, val) in src.iter() {
        match dst.get_mut(key.as_str()) {
            // Helm 4 deletes only over a non-null default.
            Some(Value::Null) if !null_stays(mode, val) => {
                dst.remove(key.as_str());
            }
            None => {
                dst.insert(key.clone(), val.clone());
            }
            Some(Value::Map(d)) => match val {
                Value::Map(s) => {
                    let taken = std::mem::take(d);
                    *d = tables(taken, s, mode, &concat_prefix(prefix, key));
                }
                Value::Null => {}
                _ => mode.warn(
                    WarningSite::DestinationTable,
                    format!(
                        "warning: destination for {} is a table. Ignoring non-table value ({})",
                        concat_prefix(prefix, key),
                        crate::values::json_number::go_string(val)
                    ),
                ),
            },
            // Helm 4 first sets the source's value to null wherever the destination's is
            // null, so a null over a table is kept with no warning.
            Some(Value::Null) if mode.rules.null_over_null_kept => {}
            Some(_) => {
                if let Value::Map(_) = val {
                    mode.warn(
                        WarningSite::CannotOverwrite,
                        format!(
                            "warning: cannot overwrite table with non table for {} ({})",
                            concat_prefix(prefix, key),
                            crate::values::json_number::go_string(val)
                        ),
                    );
                }
            }
        }
    }
    dst
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(files: &[(&str, &str)]) -> Chart {
        Chart::from_files("p", files.iter().map(|(a, b)| (*a, *b)))
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn yaml(text: &str) -> Map {
        crate::values::parse_values_map(text, "t").unwrap_or_else(|e| panic!("{e}"))
    }

    fn parent() -> Chart {
        chart(&[
            (
                "Chart.yaml",
                "apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n- name: c\n  version: ~1.0\n  condition: c.enabled\n- name: c\n  alias: d\n  version: 1.x\n  tags: [extra]\n  import-values: [data]\n",
            ),
            ("values.yaml", "global:\n  g: parent\n  t: {a: 1}\nc:\n  x: from-parent\n"),
            ("charts/c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 1.0.3\n"),
            (
                "charts/c/values.yaml",
                "x: own\nz: own\nglobal:\n  g: child\n  h: child\n  t: {b: 2}\nexports:\n  data:\n    imported: yes\n",
            ),
        ])
    }

    #[test]
    fn aliases_globals_and_parent_values_coalesce_like_helm() {
        let p = parent();
        let (node, values) = resolve(&p, &Map::new()).unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = node.children.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["c", "d"]);
        let c = values
            .get("c")
            .and_then(Value::as_map)
            .cloned()
            .unwrap_or_default();
        assert_eq!(c.get("x"), Some(&Value::String("from-parent".into())));
        assert_eq!(c.get("z"), Some(&Value::String("own".into())));
        let g = c
            .get("global")
            .and_then(Value::as_map)
            .cloned()
            .unwrap_or_default();
        assert_eq!(g.get("g"), Some(&Value::String("parent".into())));
        assert_eq!(g.get("h"), Some(&Value::String("child".into())));
        assert_eq!(g.get("t"), Some(&Value::Map(yaml("a: 1\nb: 2\n"))));
        assert_eq!(values.get("imported"), Some(&Value::Bool(true)));
    }

    #[test]
    fn conditions_and_tags_switch_dependencies_off() {
        let p = parent();
        let user = yaml("c:\n  enabled: false\ntags:\n  extra: false\n");
        let (node, values) = resolve(&p, &user).unwrap_or_else(|e| panic!("{e}"));
        assert!(node.children.is_empty());
        assert!(values.get("imported").is_none());
    }

    #[test]
    fn a_missing_dependency_is_helms_error() {
        let p = chart(&[(
            "Chart.yaml",
            "apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n- name: gone\n  version: 1.0.0\n",
        )]);
        let e = resolve(&p, &Map::new())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            e.ends_with("found in Chart.yaml, but missing in charts/ directory: gone"),
            "{e}"
        );
    }

    #[test]
    fn import_values_without_child_or_parent_panic_before_3_19_else_read_nil() {
        let c = chart(&[
            (
                "Chart.yaml",
                "apiVersion: v2\nname: p\nversion: 0.1.0\ndependencies:\n- name: sub\n  version: 0.1.0\n  import-values:\n  - child: missing\n    parent: q\n  - child: t\n",
            ),
            (
                "charts/sub/Chart.yaml",
                "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
            ),
            ("charts/sub/values.yaml", "t:\n  a: 1\n"),
        ]);
        let warnings = RefCell::new(Vec::new());
        let failed = resolve_noting(
            &c,
            &Map::new(),
            CoalesceRules::HELM_3,
            Masterminds::default(),
            Some(&warnings),
        );
        match failed {
            Err(ResolveFailure {
                error: Error::GoPanic(m),
                in_dependencies: true,
            }) => assert_eq!(m, "interface conversion: interface {} is nil, not string"),
            Err(f) => panic!("{f:?}"),
            Ok(_) => panic!("resolved"),
        }
        // The entry before it was read, and logged, first.
        assert_eq!(warnings.into_inner().len(), 1);
        let (_, values) = resolve_noting(
            &c,
            &Map::new(),
            CoalesceRules::HELM_4_2,
            Masterminds::default(),
            None,
        )
        .unwrap_or_else(|f| panic!("{f:?}"));
        assert_eq!(values.get("<nil>"), Some(&Value::Map(yaml("a: 1\n"))));
    }

    #[test]
    fn import_values_log_what_helm_logs() {
        let c = chart(&[
            (
                "Chart.yaml",
                "apiVersion: v2\nname: p\nversion: 0.1.0\ndependencies:\n- name: sub\n  version: 0.1.0\n  import-values:\n  - child: missing.deeper\n    parent: x\n  - nothere\n  - child: t1\n    parent: w\n  - child: t2\n    parent: w\n",
            ),
            ("values.yaml", "w:\n  a:\n    deep: 1\n"),
            (
                "charts/sub/Chart.yaml",
                "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
            ),
            ("charts/sub/values.yaml", "t1:\n  a: 1\nt2:\n  a:\n    x: 1\n"),
        ]);
        let warnings = RefCell::new(Vec::new());
        let (_, values) = resolve_noting(
            &c,
            &Map::new(),
            CoalesceRules::default(),
            Masterminds::default(),
            Some(&warnings),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        // The parent's own table stays; what the imports brought is skipped.
        assert_eq!(values.get("w"), Some(&Value::Map(yaml("a:\n  deep: 1\n"))));
        let lines: Vec<String> = warnings
            .into_inner()
            .iter()
            .map(|w| w.log_line(crate::profile::HelmVersion::V3_17))
            .collect();
        assert_eq!(
            lines,
            [
                r#"dependencies.go:269: Warning: ImportValues missing table from chart sub: "missing" is not a table"#,
                r#"dependencies.go:286: Warning: ImportValues missing table: "exports" is not a table"#,
                "coalesce.go:298: warning: cannot overwrite table with non table for w.a (map[x:1])",
                "coalesce.go:301: warning: destination for w.a is a table. Ignoring non-table value (1)",
            ]
        );
        let first = &lines[0];
        let w = Warning {
            site: WarningSite::ImportMissingTable,
            message: r#""missing" is not a table"#.into(),
            chart: Some("sub".into()),
        };
        assert!(first.contains("from chart sub"), "{first}");
        assert_eq!(
            w.log_line(crate::profile::HelmVersion::V3_19),
            r#"dependencies.go:270: Warning: ImportValues missing table from chart sub: "missing" is not a table"#
        );
        assert_eq!(
            w.log_line(crate::profile::HelmVersion::V4_3),
            r#"level=WARN msg="ImportValues missing table from chart" chart=sub error="\"missing\" is not a table""#
        );
    }
}

#[cfg(test)]
mod null_tests {
    use super::*;

    #[test]
    fn user_nulls_reach_subchart_defaults_through_parent_nulls() {
        let p = Chart::from_files(
            "p",
            [
                ("Chart.yaml", "apiVersion: v2\nname: p\nversion: 0.1.0\n"),
                (
                    "values.yaml",
                    "sub:\n  resources:\n    limits:\n      cpu: null\n",
                ),
                (
                    "charts/sub/Chart.yaml",
                    "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
                ),
                (
                    "charts/sub/values.yaml",
                    "resources:\n  limits:\n    cpu: 200m\n    memory: 200Mi\n",
                ),
            ],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let user = crate::values::parse_values_map(
            "sub:\n  resources:\n    limits:\n      memory: null\n",
            "u",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let (_, values) = resolve(&p, &user).unwrap_or_else(|e| panic!("{e}"));
        let limits = path_value(&values, "sub.resources.limits").cloned();
        assert_eq!(limits, Some(Value::Map(Map::new())));
    }
}

#[cfg(test)]
mod rules_tests {
    use super::*;

    /// What Helm 3.17.2, 4.1.4, 4.2.3 and 4.3.1 print for a parent's nested nulls over a
    /// subchart's defaults (run with each; helm issue 32132).
    #[test]
    fn parent_nulls_for_a_subchart_follow_each_helm_version() {
        let p = Chart::from_files(
            "p",
            [
                ("Chart.yaml", "apiVersion: v2\nname: p\nversion: 0.1.0\n"),
                (
                    "values.yaml",
                    "sub:\n  flag: null\n  resources:\n    limits:\n      cpu: null\n",
                ),
                (
                    "charts/sub/Chart.yaml",
                    "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
                ),
                (
                    "charts/sub/values.yaml",
                    "resources:\n  limits:\n    cpu: 200m\n    memory: 200Mi\nflag: true\n",
                ),
            ],
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let yaml =
            |t: &str| crate::values::parse_values_map(t, "t").unwrap_or_else(|e| panic!("{e}"));
        let sub = |user: &str, rules| {
            let (_, v) = resolve_with(&p, &yaml(user), rules, Masterminds::default())
                .unwrap_or_else(|e| panic!("{e}"));
            v.get("sub").cloned()
        };
        let deleted = Some(Value::Map(yaml(
            "global: {}\nresources:\n  limits:\n    memory: 200Mi\n",
        )));
        assert_eq!(sub("{}", CoalesceRules::HELM_3), deleted);
        assert_eq!(sub("{}", CoalesceRules::HELM_4_1), deleted);
        assert_eq!(
            sub("{}", CoalesceRules::HELM_4_2),
            Some(Value::Map(yaml(
                "flag: true\nglobal: {}\nresources:\n  limits:\n    cpu: 200m\n    memory: 200Mi\n"
            )))
        );
        let with_user = Some(Value::Map(yaml(
            "global: {}\nother: 1\nresources:\n  limits:\n    memory: 200Mi\n",
        )));
        for rules in [
            CoalesceRules::HELM_3,
            CoalesceRules::HELM_4_1,
            CoalesceRules::HELM_4_2,
        ] {
            assert_eq!(sub("sub:\n  other: 1\n", rules), with_user);
        }
    }
}
