//! Rendering a chart with subcharts in Go templates, as Helm's engine does (`recAllTpls`):
//! every template of every enabled chart in one set, named by its chart's path
//! (`parent/charts/child/templates/x.yaml`); each chart's templates see its own `.Values`
//! section (shared with the parent's `.Values.<child>`), `.Chart` (`IsRoot` false below the
//! root, the alias as name), `.Files`, and `.Subcharts` with the children's objects. A
//! library chart contributes its `_` partials only.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::engine::{self, HelmTemplates};
use super::value::{Dict, MapType, Value};
use crate::chart::deps::{self, Node};
use crate::chart::FileBytes;
use crate::error::Result;
use crate::profile::HelmProfile;
use crate::request::{Capabilities, Release};
use crate::value::Map;

/// What one render of a chart tree gives: each printed template's text (Helm's execution
/// order), the bytes of those that are not UTF-8, and the `crds/` files of the enabled charts
/// (`--include-crds`), as `(source, bytes)`: the chart's own bytes, not copied.
pub type TreeOutput = (
    Vec<(String, String)>,
    engine::RawOutputs,
    Vec<(String, FileBytes)>,
);

struct Chart<'n> {
    path: String,
    top: Dict,
    node: &'n Node<'n>,
}

/// Renders `chart` and its enabled subcharts with final `values` (from
/// [`deps::resolve`]): the enabled `tree` that resolution gave, or, without it, the tree
/// resolved again from the final values (conditions and tags read the same). The values are
/// used as they are: coalescing them again could bring back a subchart default a user `null`
/// deleted. `profile` is the Helm whose engine to reproduce; `tz` the `TZ` variable it would
/// see.
#[allow(clippy::too_many_arguments)]
pub fn render(
    chart: &crate::chart::Chart,
    values: &Map,
    release: &Release,
    caps: &Capabilities,
    profile: &HelmProfile,
    tz: Option<&str>,
    remote: crate::request::RemoteAccess,
    tree: Option<&Node<'_>>,
) -> Result<TreeOutput> {
    let resolved;
    let node = match tree {
        Some(node) => node,
        None => {
            resolved = deps::resolve_tree_with(
                chart,
                values,
                profile.values.coalesce_rules(),
                profile.go.funcs.semver,
            )?;
            &resolved
        }
    };
    let caps_v = super::helm::capabilities(caps, &profile.go);
    let root_values = Value::from_values_map(values);
    let mut charts = Vec::new();
    let shared = Shared {
        release,
        caps: &caps_v,
        profile,
    };
    collect(
        node,
        node.name.clone(),
        root_values,
        true,
        &shared,
        &mut charts,
    );
    // Helm keys the templates by their full name, in this order (children first): where two
    // charts share a path (two copies of one subchart in `charts/`), the later one's template
    // replaces the earlier one's, and each template keeps its own chart's objects.
    let mut files: Vec<(String, Arc<String>)> = Vec::new();
    let mut owners: Vec<usize> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut crds = Vec::new();
    for (i, c) in charts.iter().enumerate() {
        let library = c.node.chart.is_library();
        for t in &c.node.chart.templates {
            let base = t.path.rsplit('/').next().unwrap_or(&t.path);
            if library && !base.starts_with('_') {
                continue;
            }
            let name = crate::chart::template_name(&c.path, &t.path);
            match index.get(&name) {
                Some(&at) => {
                    files[at].1 = Arc::clone(&t.source);
                    owners[at] = i;
                }
                None => {
                    index.insert(name.clone(), files.len());
                    files.push((name, Arc::clone(&t.source)));
                    owners.push(i);
                }
            }
        }
    }
    crds_of(node, &node.name, &mut crds);
    let set = HelmTemplates::parse(&files);
    let top_of = |name: &str| -> Option<(Dict, String)> {
        let c = &charts[*owners.get(*index.get(name)?)?];
        Some((c.top.clone(), format!("{}/templates", c.path)))
    };
    let texts = set.render_each(&top_of, &profile.go, tz, remote);
    set.drop_in_background();
    drop(index);
    if engine::keeps_templates_until_exit() {
        // The charts' objects (their values trees, shared with the templates' results) are
        // left to the process's exit too, as the templates are.
        std::mem::forget(charts);
    }
    let (texts, raw) = texts?.without_notes();
    Ok((texts, raw, crds))
}

/// What every chart's top-level object shares.
struct Shared<'a> {
    release: &'a Release,
    caps: &'a Value,
    profile: &'a HelmProfile,
}

/// Builds each chart's top-level object, children first (their objects go into the
/// parent's `.Subcharts`), and lists the charts with their paths.
fn collect<'n>(
    node: &'n Node<'n>,
    path: String,
    values: Dict,
    is_root: bool,
    shared: &Shared<'_>,
    out: &mut Vec<Chart<'n>>,
) -> Dict {
    let mut subcharts = BTreeMap::new();
    for child in &node.children {
        let section = match values.get(&child.name) {
            Some(Value::Map(d)) => d,
            _ => Dict::from_map(BTreeMap::new(), MapType::Values),
        };
        let child_path = format!("{path}/charts/{}", child.name);
        let top = collect(child, child_path, section, false, shared, out);
        // The child's templates see its map as `chartutil.Values`; `.Subcharts` holds the
        // same map as the `map[string]interface {}` Helm's `recAllTpls` returns (no
        // `chartutil.Values` methods, and so named by `typeOf`, `%T` and `%#v`).
        subcharts.insert(
            child.name.clone(),
            Value::Map(Dict {
                ty: MapType::Interface,
                ..top
            }),
        );
    }
    let mut meta = node.chart.metadata.clone();
    meta.name = node.name.clone();
    // `.Chart.Dependencies`: the enabled ones, aliased, as Helm's processing leaves them.
    meta.dependencies = node.enabled_dependencies().to_vec();
    let top = engine::chart_object(
        values,
        shared.release,
        &meta,
        shared.profile,
        is_root,
        shared.caps,
        node.chart,
        subcharts,
    );
    out.push(Chart {
        path,
        top: top.clone(),
        node,
    });
    top
}

/// Helm's `CRDObjects`: the chart's `crds/` files, then its enabled dependencies'.
fn crds_of(node: &Node<'_>, path: &str, out: &mut Vec<(String, FileBytes)>) {
    for (name, data) in &node.chart.files {
        let is_manifest = name.strip_prefix("crds/").is_some_and(|rel| {
            let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
            ["yaml", "yml", "json"]
                .iter()
                .any(|e| e.eq_ignore_ascii_case(ext))
        });
        if is_manifest {
            out.push((format!("{path}/{name}"), data.clone()));
        }
    }
    for child in &node.children {
        crds_of(child, &format!("{path}/charts/{}", child.name), out);
    }
}
