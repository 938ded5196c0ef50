//! Values: loading values files (YAML 1.1), the `--set` family, and Helm's coalescing.
//!
//! Everything here reproduces Helm 3.17.2 (helm-semantics.md §3, §4):
//!
//! - [`parse_values`] reads a values file as sigs.k8s.io/yaml does (numbers are `float64`,
//!   `yes` is `true`, `0755` is 493, first document only) and records where each key was
//!   written;
//! - [`apply_set`], [`apply_set_string`], [`apply_set_json`], [`apply_set_file`],
//!   [`apply_set_literal`] port `pkg/strvals`, error messages included;
//! - [`merge_user_values`] layers `-f` files and the `--set` flags in Helm's fixed order;
//! - [`coalesce`] puts the user's values over the chart's (`null` deletes a default).
//!
//! ```
//! use orochart::{coalesce, merge_user_values, parse_values, ValueOptions};
//! use orochart::Value;
//!
//! let (chart, _) = parse_values("replicas: 1\nimage: {tag: v1, pullPolicy: Always}\n", "values.yaml")?;
//! let opts = ValueOptions { set: vec!["image.tag=v2,replicas=3".into()], ..Default::default() };
//! let (user, _) = merge_user_values(&opts, &|path| Err(orochart::Error::Invalid(path.into())))?;
//! let values = Value::Map(coalesce(user, &chart));
//! assert_eq!(values.get_path("image.tag"), Some(&Value::from("v2")));
//! assert_eq!(values.get_path("replicas"), Some(&Value::Int(3)));
//! assert_eq!(values.get_path("image.pullPolicy"), Some(&Value::from("Always")));
//! # Ok::<(), orochart::Error>(())
//! ```

mod coalesce;
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) mod digest;
mod json;
pub mod json_number;
mod load;
mod set;

use std::borrow::Cow;
use std::sync::Arc;

use crate::profile::{HelmProfile, HelmVersion};

use crate::error::{Error, Result};
use crate::value::{KeyPath, Map, Origin, Origins, PathSegment, Value};

pub use coalesce::{coalesce, coalesce_with_warnings};
pub use load::{parse_values, parse_values_map, parse_yaml_document};
pub(crate) use load::{
    parse_yaml_document_into, parse_yaml_map_as, sigs_yaml_message, values_map_from_events, Make,
};

pub use crate::yaml::MAX_DEPTH;

/// The values a user passes on the command line, as `helm template` takes them. Applied in
/// Helm's fixed order whatever the order on the command line: `values_files`, `set_json`,
/// `set`, `set_string`, `set_file`, `set_literal` (helm-semantics.md §3.2).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValueOptions {
    /// `-f`/`--values` files, left to right.
    pub values_files: Vec<String>,
    /// `--set-json` arguments.
    pub set_json: Vec<String>,
    /// `--set` arguments.
    pub set: Vec<String>,
    /// `--set-string` arguments.
    pub set_string: Vec<String>,
    /// `--set-file` arguments.
    pub set_file: Vec<String>,
    /// `--set-literal` arguments.
    pub set_literal: Vec<String>,
    /// The Helm whose rules read and merge them (default: [`HelmVersion::default`]): how many
    /// documents of a values file count, and whether a cut-short `--set` index is an error.
    pub helm: HelmVersion,
}

/// A chart's values.yaml as Helm 4 reads it: every document merged in order. An invalid
/// document separator is Helm 4's error.
pub fn parse_values_all_documents(text: &str, file: &str) -> Result<Map> {
    let profile = HelmVersion::V4_1.profile();
    let mut out = Map::new();
    for (_, doc) in load::values_documents(profile, text, file)? {
        let (current, _) =
            load::parse_document(&doc, |d| load::parse_values_recording(d, file, None))
                .map_err(|e| load::in_document(profile, e))?;
        coalesce::merge_maps(&mut out, current);
    }
    Ok(out)
}

/// For a values file whose bytes are not UTF-8 (`e`, [`crate::input::utf8`]'s error): the
/// text before them when `profile`'s Helm stops reading before it meets them (reading that
/// text gives Helm's outcome), else `None`: their error stands.
pub(crate) fn text_go_yaml_stops_in<'e>(
    profile: &HelmProfile,
    e: &'e Error,
    file: &str,
) -> Result<Option<&'e str>> {
    load::text_go_yaml_stops_in(profile, e, file)
}

/// The chart's own values as `.Values` starts from under `profile`: Helm 4.2+ drops every
/// `null` the chart's values.yaml holds (`cleanNilValues`); earlier Helms keep them.
pub fn chart_defaults<'m>(chart: &'m Map, profile: &HelmProfile) -> Cow<'m, Map> {
    fn has_null(m: &Map) -> bool {
        m.iter().any(|(_, v)| match v {
            Value::Null => true,
            Value::Map(m) => has_null(m),
            _ => false,
        })
    }
    fn drop_nulls(m: &Map) -> Map {
        Map::from_entries(
            m.iter()
                .filter(|(_, v)| !matches!(v, Value::Null))
                .map(|(k, v)| match v {
                    Value::Map(inner) => (k.clone(), Value::Map(drop_nulls(inner))),
                    v => (k.clone(), v.clone()),
                })
                .collect(),
        )
    }
    if profile.values.chart_nulls_dropped && has_null(chart) {
        Cow::Owned(drop_nulls(chart))
    } else {
        Cow::Borrowed(chart)
    }
}

/// Builds the user's values as Helm's `MergeValues` does: the `-f` files deep-merged left to
/// right, then each `--set`-family flag applied to that same map. `read` reads a file (the
/// `-f` files and `--set-file` paths) and should return [`Error::Io`] with the path as given.
///
/// Also returns where each value came from: the file, line and column for values files, the
/// flag and its argument for the `--set` family.
pub fn merge_user_values(
    opts: &ValueOptions,
    read: &dyn Fn(&str) -> Result<String>,
) -> Result<(Map, Origins)> {
    let mut origins = Origins::new();
    let base = merge(opts, read, Some(&mut origins))?;
    Ok((base, origins))
}

/// [`merge_user_values`] without recording where each value came from: the same values,
/// faster. Errors are the same too.
pub fn user_values(opts: &ValueOptions, read: &dyn Fn(&str) -> Result<String>) -> Result<Map> {
    merge(opts, read, None)
}

fn merge(
    opts: &ValueOptions,
    read: &dyn Fn(&str) -> Result<String>,
    mut origins: Option<&mut Origins>,
) -> Result<Map> {
    let profile = opts.helm.profile();
    let mut base = Map::new();
    for path in &opts.values_files {
        // Bytes that are not UTF-8 are an error of the file's (first) document, unless
        // go-yaml stops before it reads them: the text before them is then the file.
        let text = match read(path) {
            Ok(text) => text,
            Err(e) => match load::text_go_yaml_stops_in(profile, &e, path)? {
                Some(before) => before.to_owned(),
                None => {
                    return Err(load::in_document(
                        profile,
                        load::unreadable_values_file(e, path),
                    ))
                }
            },
        };
        for (first_line, doc) in load::values_documents(profile, &text, path)? {
            let Some(origins) = origins.as_deref_mut() else {
                let (current, _) =
                    load::parse_document(&doc, |d| load::parse_values_recording(d, path, None))
                        .map_err(|e| load::in_document(profile, e))?;
                coalesce::merge_maps(&mut base, current);
                continue;
            };
            let ((current, mut current_origins), skipped) =
                load::parse_document(&doc, |d| parse_values(d, path))
                    .map_err(|e| load::in_document(profile, e))?;
            let first_line = first_line + skipped;
            if first_line > 0 {
                for o in current_origins.values_mut() {
                    o.line += first_line;
                }
            }
            // Paths the new file replaces (rather than merges into) lose their old origins.
            for (k, v) in &current {
                forget_replaced(origins, base.get(k), v, &KeyPath::root().key(k));
            }
            coalesce::merge_maps(&mut base, current);
            origins.extend(current_origins);
        }
    }
    let mut note = |flag: &str, arg: &str, written: Vec<KeyPath>| {
        if let Some(origins) = origins.as_deref_mut() {
            record(origins, flag, arg, written);
        }
    };
    for arg in &opts.set_json {
        let written = if profile.values.set_json_object_merges {
            set_json_object_into(&mut base, arg)?
        } else {
            None
        };
        let written = match written {
            Some(written) => written,
            None => set_json_into(&mut base, arg, profile)?,
        };
        note("--set-json", arg, written);
    }
    for arg in &opts.set {
        let written = set_into(&mut base, arg, set::Mode::Typed, "--set", profile)?;
        note("--set", arg, written);
    }
    for arg in &opts.set_string {
        let written = set_into(&mut base, arg, set::Mode::String, "--set-string", profile)?;
        note("--set-string", arg, written);
    }
    for arg in &opts.set_file {
        let written = set_into(&mut base, arg, set::Mode::File(read), "--set-file", profile)?;
        note("--set-file", arg, written);
    }
    for arg in &opts.set_literal {
        let written = literal_into(&mut base, arg, profile)?;
        note("--set-literal", arg, written);
    }
    if let Some(origins) = origins {
        // Drop origins of anything a later layer removed or shrank (a list replaced by a
        // shorter one, a map by a scalar).
        let root = Value::Map(base);
        origins.retain(|path, _| lookup(&root, path).is_some());
        let Value::Map(map) = root else {
            return Ok(Map::new());
        };
        base = map;
    }
    Ok(base)
}

/// Removes the origins of what merging `overlay` over `base` at `path` replaces: maps merge
/// key by key, anything else replaces the whole subtree.
fn forget_replaced(origins: &mut Origins, base: Option<&Value>, overlay: &Value, path: &KeyPath) {
    match (base, overlay) {
        (Some(Value::Map(b)), Value::Map(o)) => {
            for (k, v) in o {
                forget_replaced(origins, b.get(k), v, &path.key(k));
            }
        }
        _ => remove_under(origins, path),
    }
}

/// Removes the origin of `path` and of everything under it.
fn remove_under(origins: &mut Origins, path: &KeyPath) {
    let doomed: Vec<KeyPath> = origins
        .range(path.clone()..)
        .take_while(|(p, _)| p.segments().starts_with(path.segments()))
        .map(|(p, _)| p.clone())
        .collect();
    for p in doomed {
        origins.remove(&p);
    }
}

fn lookup<'v>(root: &'v Value, path: &KeyPath) -> Option<&'v Value> {
    path.segments()
        .iter()
        .try_fold(root, |v, seg| match (seg, v) {
            (PathSegment::Key(k), Value::Map(m)) => m.get(k),
            (PathSegment::Index(i), Value::List(l)) => l.get(*i),
            _ => None,
        })
}

/// Records that `flag arg` wrote each of `written` (replacing whatever was under it), and
/// gives new intermediate maps and lists the same origin.
fn record(origins: &mut Origins, flag: &str, arg: &str, written: Vec<KeyPath>) {
    let origin = Origin {
        file: Arc::from(format!("{flag} {}", abbreviate(arg))),
        line: 0,
        column: 0,
    };
    for path in written {
        remove_under(origins, &path);
        let segs = path.segments();
        // Each prefix is the previous one plus a step (building each from the root made a
        // deep `--set a[0][0]…` cubic).
        let mut prefix = KeyPath::root();
        for seg in segs.iter().take(segs.len().saturating_sub(1)) {
            prefix = match seg {
                PathSegment::Key(k) => prefix.key(k),
                PathSegment::Index(i) => prefix.index(*i),
            };
            if !origins.contains_key(&prefix) {
                origins.insert(prefix.clone(), origin.clone());
            }
        }
        origins.insert(path, origin.clone());
    }
}

fn set_into(
    dest: &mut Map,
    arg: &str,
    mode: set::Mode<'_>,
    flag: &'static str,
    profile: &HelmProfile,
) -> Result<Vec<KeyPath>> {
    set::parse_into_for(dest, arg, mode, profile).map_err(|message| Error::SetFlag {
        flag,
        arg: arg.to_string(),
        message,
    })
}

fn set_json_into(dest: &mut Map, arg: &str, profile: &HelmProfile) -> Result<Vec<KeyPath>> {
    // Helm 3 replaces every `--set-json` error with this one line (no colon, no detail). An
    // argument too long to read back is cut, and then the reason follows.
    set::parse_into_for(dest, arg, set::Mode::Json, profile).map_err(|why| {
        let shown = abbreviate(arg);
        Error::Invalid(if shown.len() == arg.len() {
            format!("failed parsing --set-json data {arg}")
        } else {
            format!("failed parsing --set-json data {shown}: {why}")
        })
    })
}

/// How much of a flag's argument messages quote.
const SHOWN_ARG_LEN: usize = 100;

/// A flag's argument as messages quote it: whole when short, else its first
/// [`SHOWN_ARG_LEN`] bytes, `…` and its length (a 130 KB `--set` is not echoed back).
pub(crate) fn abbreviate(arg: &str) -> std::borrow::Cow<'_, str> {
    if arg.len() <= SHOWN_ARG_LEN {
        return arg.into();
    }
    let mut end = SHOWN_ARG_LEN;
    while !arg.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &arg[..end], arg.len()).into()
}

/// Helm 4's `--set-json '{"a":1}'`: an argument that is a JSON object once trimmed is merged
/// into the values as a whole (`None`: not an object, read as `key=value`).
fn set_json_object_into(dest: &mut Map, arg: &str) -> Result<Option<Vec<KeyPath>>> {
    let trimmed = arg.trim_matches(|c: char| c.is_whitespace());
    if !trimmed.starts_with('{') {
        return Ok(None);
    }
    let invalid = || Error::Invalid(format!("failed parsing --set-json data JSON: {arg}"));
    let (value, used) = json::decode_prefix(trimmed).map_err(|_| invalid())?;
    let rest = &trimmed[used..];
    let Value::Map(object) = value else {
        return Err(invalid());
    };
    if !rest
        .bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
    {
        return Err(invalid());
    }
    let written = object.keys().map(|k| KeyPath::root().key(k)).collect();
    coalesce::merge_maps(dest, object);
    Ok(Some(written))
}

fn literal_into(dest: &mut Map, arg: &str, profile: &HelmProfile) -> Result<Vec<KeyPath>> {
    set::parse_literal_into(dest, arg, profile).map_err(|message| Error::SetFlag {
        flag: "--set-literal",
        arg: arg.to_string(),
        message,
    })
}

/// Applies one `--set` argument (`a.b=1,list[0]=x,tags={a,b}`) to `dest`, typing values as
/// Helm does: `true`/`false`/`null` in any case, integers without a leading zero as
/// [`Value::Int`], everything else a string.
pub fn apply_set(dest: &mut Map, arg: &str) -> Result<()> {
    set_into(
        dest,
        arg,
        set::Mode::Typed,
        "--set",
        HelmVersion::V3_17.profile(),
    )
    .map(drop)
}

/// Applies one `--set-string` argument: the `--set` grammar, every value a string.
pub fn apply_set_string(dest: &mut Map, arg: &str) -> Result<()> {
    set_into(
        dest,
        arg,
        set::Mode::String,
        "--set-string",
        HelmVersion::V3_17.profile(),
    )
    .map(drop)
}

/// Applies one `--set-json` argument (`a={"b":1},c=[1,2]`): the `--set` key grammar, each
/// value one JSON value (numbers are [`Value::Float`], an empty value is null). Helm 3
/// rejects a bare JSON object (`{"a":1}`), and so do we.
pub fn apply_set_json(dest: &mut Map, arg: &str) -> Result<()> {
    set_json_into(dest, arg, HelmVersion::V3_17.profile()).map(drop)
}

/// Applies one `--set-literal` argument: one key, the value everything after the first `=`,
/// verbatim, as a string (no escapes, no lists, no commas).
pub fn apply_set_literal(dest: &mut Map, arg: &str) -> Result<()> {
    literal_into(dest, arg, HelmVersion::V3_17.profile()).map(drop)
}

/// Applies one `--set-file` argument (`key=path[,key2=path2]`): each value is the content of
/// the file at that path, read with `read`.
pub fn apply_set_file(
    dest: &mut Map,
    arg: &str,
    read: &dyn Fn(&str) -> Result<String>,
) -> Result<()> {
    set_into(
        dest,
        arg,
        set::Mode::File(read),
        "--set-file",
        HelmVersion::V3_17.profile(),
    )
    .map(drop)
}

#[cfg(test)]
mod tests;
