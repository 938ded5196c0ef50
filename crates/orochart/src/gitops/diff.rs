//! What a change to a GitOps repository does to the cluster: every app folder rendered at two
//! revisions, compared resource by resource.
//!
//! Only what can differ is rendered: when the chart is the same on both sides (always, for the
//! built-in chart), an app whose `values.yaml` has the same blob id renders the same bytes and
//! is skipped, so a pull request that bumps one tag in a 1,000-app repository renders two apps.
//! When the chart changed, every app renders on both sides.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde::Serialize;

use super::fields::{diff_fields, FieldChange};
use super::source::{FileRef, Revision, Snapshot, SnapshotChart};
use crate::chart::Chart;
use crate::error::{Error, Result};
use crate::fleet::{App, VALUES_FILE};
use crate::manifest::{split_documents, Manifest};
use crate::render::{Capabilities, Release, RenderRequest, Renderer};
use crate::values::ValueOptions;

/// How to render the apps of both revisions: the same rules as `orochart fleet`.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// The folder holding the environment folders, relative to the repository top (git) or to
    /// the folder of a [`Revision::Dir`]; `""` is the top.
    pub root: String,
    /// A chart folder (relative like `root`), read at each revision; `None`: `builtin_chart`.
    pub chart: Option<String>,
    /// The chart to render when `chart` is `None` (the CLI's: `orochart_builtin::chart`);
    /// without one, a diff without `chart` is an error.
    pub builtin_chart: Option<fn() -> Result<Chart>>,
    /// Render threads (default: the available parallelism).
    pub threads: Option<NonZeroUsize>,
    /// The `TZ` Helm would see (Go's local time for `now`, `date`; `None`: unset), as the
    /// caller read it: the library reads no environment ([`Renderer::with_time_zone`]).
    pub time_zone: Option<String>,
    /// Render minijinja charts without the fast path ([`Renderer::with_minijinja`]).
    pub minijinja_only: bool,
}

/// A Kubernetes object as `kubectl` names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ResourceId {
    /// `kind`.
    pub kind: String,
    /// `metadata.namespace`, when the document sets it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// `metadata.name`.
    pub name: String,
}

impl std::fmt::Display for ResourceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.namespace {
            Some(ns) => write!(f, "{} {ns}/{}", self.kind, self.name),
            None => write!(f, "{} {}", self.kind, self.name),
        }
    }
}

/// What happened to an app or a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Only at HEAD.
    Added,
    /// Only at BASE.
    Removed,
    /// At both, different.
    Changed,
    /// An app that failed to render at BASE and renders at HEAD.
    Fixed,
}

impl Status {
    /// `added`, `removed`, `changed`, `fixed`.
    pub fn word(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Changed => "changed",
            Status::Fixed => "fixed",
        }
    }
}

/// One resource that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResourceDiff {
    /// Which object.
    #[serde(flatten)]
    pub id: ResourceId,
    /// Added, removed or changed.
    pub status: Status,
    /// For a changed resource, its changed fields.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
}

/// One app that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppDiff {
    /// `<env>/<service>`.
    pub app: String,
    /// The environment folder.
    pub env: String,
    /// The service folder (release and namespace).
    pub service: String,
    /// Added, removed, changed or fixed.
    pub status: Status,
    /// Its resources that differ, sorted by kind, namespace and name.
    pub resources: Vec<ResourceDiff>,
    /// Why the resources are not listed (a removed app that did not render at BASE), or the
    /// BASE error of a fixed app.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Everything that differs between two revisions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FleetDiff {
    /// The BASE revision, as named.
    pub base: String,
    /// The HEAD revision, as named.
    pub head: String,
    /// Apps at BASE.
    pub apps_at_base: usize,
    /// Apps at HEAD.
    pub apps_at_head: usize,
    /// Whether the chart differs (then every app was rendered).
    pub chart_changed: bool,
    /// How many renders were done (both sides).
    pub rendered: usize,
    /// The apps that differ, sorted by environment then service.
    pub apps: Vec<AppDiff>,
}

impl FleetDiff {
    /// Whether anything differs.
    pub fn has_changes(&self) -> bool {
        !self.apps.is_empty()
    }

    /// How many apps have this status.
    pub fn count(&self, status: Status) -> usize {
        self.apps.iter().filter(|a| a.status == status).count()
    }
}

/// Renders the apps of two revisions and compares them. An app that fails to render at HEAD
/// is an error naming it (every such app is listed); one that failed at BASE is reported as
/// fixed when it renders at HEAD.
pub fn diff(base: &Revision, head: &Revision, options: &DiffOptions) -> Result<FleetDiff> {
    let chart = options.chart.as_deref();
    let base_snap = Snapshot::load(base, &options.root, chart)?;
    let head_snap = Snapshot::load(head, &options.root, chart)?;
    diff_snapshots(&base_snap, &head_snap, options)
}

/// What one render gave: the resources by id, or the error's message.
type Resources = std::result::Result<BTreeMap<ResourceId, Manifest>, String>;

/// The chart of one side: `None` for the built-in chart.
fn side_chart(snap: &Snapshot, options: &DiffOptions) -> Result<Option<Chart>> {
    let (Some(_), Some(dir)) = (&snap.chart, &options.chart) else {
        return Ok(None);
    };
    Chart::load(&SnapshotChart {
        snapshot: snap,
        dir,
    })
    .map(Some)
}

/// Compares two listed revisions (see [`diff`]).
pub fn diff_snapshots(
    base: &Snapshot,
    head: &Snapshot,
    options: &DiffOptions,
) -> Result<FleetDiff> {
    if base.apps.is_empty() && head.apps.is_empty() {
        return Err(Error::Invalid(format!(
            "no app folders under `{}` at `{}` or `{}`: expected `<env>/<service>/values.yaml` inside it",
            if options.root.is_empty() { "." } else { &options.root },
            base.revision().label(),
            head.revision().label()
        )));
    }
    let chart_changed = base.chart != head.chart;
    let compile = |chart: Chart| {
        Renderer::with_engine(chart, None, !options.minijinja_only)
            .map(|r| r.with_time_zone(options.time_zone.clone()))
    };
    let head_renderer = compile(match side_chart(head, options)? {
        Some(c) => c,
        None => crate::app::builtin_chart(options.builtin_chart)?,
    })?;
    let base_renderer = if chart_changed {
        // A chart that does not load at BASE fails every BASE render: each app then reads as
        // fixed, which is what the change does.
        match side_chart(base, options) {
            Ok(Some(c)) => Some(compile(c).map_err(|e| e.to_string())),
            Ok(None) => None,
            Err(e) => Some(Err(e.to_string())),
        }
    } else {
        None
    };

    // Which apps render on which side.
    let mut base_jobs: Vec<(&App, &FileRef)> = Vec::new();
    let mut head_jobs: Vec<(&App, &FileRef)> = Vec::new();
    for (app, f) in &base.apps {
        match head.apps.get(app) {
            Some(g) if g.id == f.id && !chart_changed => {}
            _ => base_jobs.push((app, f)),
        }
    }
    for (app, g) in &head.apps {
        match base.apps.get(app) {
            Some(f) if g.id == f.id && !chart_changed => {}
            _ => head_jobs.push((app, g)),
        }
    }
    let base_texts = base.read(&base_jobs.iter().map(|j| j.1).collect::<Vec<_>>())?;
    let head_texts = head.read(&head_jobs.iter().map(|j| j.1).collect::<Vec<_>>())?;
    let base_results: Vec<Resources> = match &base_renderer {
        Some(Err(e)) => base_jobs.iter().map(|_| Err(e.clone())).collect(),
        Some(Ok(r)) => render_all(r, &base_jobs, base_texts, options.threads),
        None => render_all(&head_renderer, &base_jobs, base_texts, options.threads),
    };
    let head_results = render_all(&head_renderer, &head_jobs, head_texts, options.threads);
    let rendered = base_jobs.len() + head_jobs.len();

    let mut at_base: BTreeMap<&App, Resources> =
        base_jobs.iter().map(|j| j.0).zip(base_results).collect();
    let mut failures = Vec::new();
    let mut apps = Vec::new();
    for ((app, _), result) in head_jobs.iter().zip(head_results) {
        let before = at_base.remove(app);
        let after = match result {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{}: {}", app.id(), e.replace('\n', "\n  ")));
                continue;
            }
        };
        let (status, before, note) = match before {
            None => (Status::Added, BTreeMap::new(), None),
            Some(Ok(b)) => (Status::Changed, b, None),
            Some(Err(e)) => (Status::Fixed, BTreeMap::new(), Some(e)),
        };
        let resources = compare(&before, &after);
        if resources.is_empty() && status == Status::Changed {
            continue;
        }
        apps.push(app_diff(app, status, resources, note));
    }
    if !failures.is_empty() {
        return Err(Error::Invalid(format!(
            "{} {} to render at `{}`:\n  {}",
            failures.len(),
            if failures.len() == 1 {
                "app fails"
            } else {
                "apps fail"
            },
            head.revision().label(),
            failures.join("\n  ")
        )));
    }
    // What is left rendered only at BASE: the removed apps.
    for (app, before) in at_base {
        if head.apps.contains_key(app) {
            continue;
        }
        let (resources, note) = match before {
            Ok(b) => (compare(&b, &BTreeMap::new()), None),
            Err(e) => (Vec::new(), Some(format!("did not render at BASE: {e}"))),
        };
        apps.push(app_diff(app, Status::Removed, resources, note));
    }
    apps.sort_by(|a, b| (&a.env, &a.service).cmp(&(&b.env, &b.service)));
    Ok(FleetDiff {
        base: base.revision().label(),
        head: head.revision().label(),
        apps_at_base: base.apps.len(),
        apps_at_head: head.apps.len(),
        chart_changed,
        rendered,
        apps,
    })
}

fn app_diff(
    app: &App,
    status: Status,
    resources: Vec<ResourceDiff>,
    note: Option<String>,
) -> AppDiff {
    AppDiff {
        app: app.id(),
        env: app.env.clone(),
        service: app.service.clone(),
        status,
        resources,
        note,
    }
}

/// The resources that differ between two renders of an app, sorted by id.
fn compare(
    before: &BTreeMap<ResourceId, Manifest>,
    after: &BTreeMap<ResourceId, Manifest>,
) -> Vec<ResourceDiff> {
    let mut out = Vec::new();
    for (id, old) in before {
        match after.get(id) {
            None => out.push(ResourceDiff {
                id: id.clone(),
                status: Status::Removed,
                fields: Vec::new(),
            }),
            // The same text is the same object; parse only documents whose text differs.
            Some(new) if new.text != old.text && new.body() != old.body() => {
                out.push(ResourceDiff {
                    id: id.clone(),
                    status: Status::Changed,
                    fields: diff_fields(old.body(), new.body(), id.kind == "Secret"),
                })
            }
            Some(_) => {}
        }
    }
    for id in after.keys() {
        if !before.contains_key(id) {
            out.push(ResourceDiff {
                id: id.clone(),
                status: Status::Added,
                fields: Vec::new(),
            });
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// Renders jobs on `threads` threads; results in the order of `jobs`.
fn render_all(
    renderer: &Renderer,
    jobs: &[(&App, &FileRef)],
    texts: Vec<Result<String>>,
    threads: Option<NonZeroUsize>,
) -> Vec<Resources> {
    let threads = threads
        .or_else(|| std::thread::available_parallelism().ok())
        .map_or(1, NonZeroUsize::get)
        .min(jobs.len().max(1));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let (Some((app, _)), Some(text)) = (jobs.get(i), texts.get(i)) else {
                break;
            };
            let r = match text {
                Ok(t) => render_app(renderer, app, t).map_err(|e| e.to_string()),
                Err(e) => Err(format!("`{VALUES_FILE}` {e}")),
            };
            done.push((i, r));
        }
        done
    };
    let mut results: Vec<(usize, Resources)> = if threads <= 1 {
        work()
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|_| s.spawn(work)).collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap_or_default())
                .collect()
        })
    };
    results.sort_by_key(|r| r.0);
    results.into_iter().map(|r| r.1).collect()
}

/// Renders one app from its `values.yaml` text, by the rules of [`crate::app::render_app`]
/// for an app folder with no parameters (release and namespace: the service folder; CRDs
/// included): its documents by object (bodies are parsed when first compared).
pub fn render_app(
    renderer: &Renderer,
    app: &App,
    values: &str,
) -> Result<BTreeMap<ResourceId, Manifest>> {
    let release = Release::new(app.service.clone(), app.service.clone())?;
    let request = RenderRequest {
        values: ValueOptions {
            values_files: vec![VALUES_FILE.to_owned()],
            ..ValueOptions::default()
        },
        capabilities: Capabilities::from_flags(None, &[])?,
        include_crds: true,
        ..RenderRequest::new(release)
    };
    let read = |name: &str| {
        if name == VALUES_FILE {
            Ok(values.to_owned())
        } else {
            Err(Error::Invalid(format!(
                "`{name}` is not a values file of the app"
            )))
        }
    };
    let rendered = renderer.run(&request, &read)?;
    let mut crds = Vec::new();
    for (source, text) in &rendered.crds {
        for doc in split_documents(text) {
            if let Some(m) = Manifest::from_text(source, doc)? {
                crds.push(m);
            }
        }
    }
    let mut out = BTreeMap::new();
    for m in crds
        .into_iter()
        .chain(rendered.manifests)
        .chain(rendered.hooks)
    {
        if m.kind.is_empty() {
            continue; // comment-only documents apply nothing
        }
        let mut id = ResourceId {
            kind: m.kind.clone(),
            namespace: m.namespace.clone(),
            name: m.name.clone(),
        };
        // The same object twice (a chart bug) stays visible: the second gets a suffix.
        let base_name = id.name.clone();
        let mut n = 2;
        while out.contains_key(&id) {
            id.name = format!("{base_name} (#{n})");
            n += 1;
        }
        out.insert(id, m);
    }
    Ok(out)
}
