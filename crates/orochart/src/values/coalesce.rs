//! Helm's layering of values: `-f` files merged into each other (`mergeMaps` in
//! `pkg/cli/values/options.go`) and the user's values coalesced onto the chart's
//! (`coalesceValues`/`coalesceTablesFullKey` in `pkg/chartutil/coalesce.go`, Helm 3.17).
//! See helm-semantics.md §3.2 and §3.3.

use crate::value::{Map, Value};

/// Helm's `mergeMaps(base, overlay)` for `-f` files: maps merge recursively, anything else
/// (lists, scalars, null) replaces.
pub(super) fn merge_maps(base: &mut Map, overlay: Map) {
    for (k, v) in overlay {
        match (base.get_mut(&k), v) {
            (Some(Value::Map(b)), Value::Map(o)) => merge_maps(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// Coalesces the user's values onto a chart's values, as `helm template` does for one chart
/// (subchart sections and globals are the chart loader's business):
///
/// - a key the user did not set takes the chart's value (the chart's own nulls included);
/// - a user `null` deletes a key the chart has; for a key the chart lacks it stays `null`;
/// - maps merge recursively by these rules; lists and scalars from the user replace;
/// - a user `{}` leaves the chart's map as it is.
pub fn coalesce(user: Map, chart: &Map) -> Map {
    coalesce_with_warnings(user, chart, "").0
}

/// [`coalesce`], also returning the warnings Helm logs to stderr (`skipped value for
/// <chart>.<key>: Not a table.`, ...), sorted (Helm's order is random). `chart_name` is the
/// prefix Helm puts in front of keys in those warnings.
pub fn coalesce_with_warnings(user: Map, chart: &Map, chart_name: &str) -> (Map, Vec<String>) {
    let mut warnings = Vec::new();
    let root = Prefix::Root(chart_name);
    let out = merge_sorted(user, chart, |key, dest, val| match dest {
        // "When the YAML value is null ... we remove the value's key."
        Value::Null => None,
        Value::Map(dest) => Some(Value::Map(match val {
            Value::Map(src) => coalesce_tables(dest, src, &Prefix::Key(&root, key), &mut warnings),
            Value::Null => dest,
            _ => {
                warnings.push(format!(
                    "warning: skipped value for {chart_name}.{key}: Not a table."
                ));
                dest
            }
        })),
        dest => Some(dest),
    });
    warnings.sort();
    (out, warnings)
}

/// The union of `user` and `chart` in one pass over both (they are sorted): a key in one of
/// them keeps its value (the chart's cloned); for a key in both, `both(key, user's, chart's)`
/// gives the value, or `None` to leave the key out.
fn merge_sorted(
    user: Map,
    chart: &Map,
    mut both: impl FnMut(&str, Value, &Value) -> Option<Value>,
) -> Map {
    let mut out = Vec::with_capacity(user.len() + chart.len());
    let mut chart = chart.iter().peekable();
    for (key, value) in user {
        while let Some((k, v)) = chart.next_if(|(k, _)| k.as_str() < key.as_str()) {
            out.push((k.clone(), v.clone()));
        }
        match chart.next_if(|(k, _)| **k == key) {
            Some((_, theirs)) => {
                if let Some(value) = both(&key, value, theirs) {
                    out.push((key, value));
                }
            }
            None => out.push((key, value)),
        }
    }
    out.extend(chart.map(|(k, v)| (k.clone(), v.clone())));
    Map::from_entries(out)
}

/// The full key of a table being coalesced, built on the stack: spelled out (Helm's
/// `prefix.key`, with no dot after an empty prefix) only when a warning needs it.
enum Prefix<'a> {
    Root(&'a str),
    Key(&'a Prefix<'a>, &'a str),
}

impl Prefix<'_> {
    fn full(&self) -> String {
        match self {
            Prefix::Root(name) => (*name).to_owned(),
            Prefix::Key(parent, key) => {
                let prefix = parent.full();
                if prefix.is_empty() {
                    (*key).to_owned()
                } else {
                    format!("{prefix}.{key}")
                }
            }
        }
    }
}

/// Helm's `coalesceTablesFullKey(dst, src, prefix, merge=false)`.
fn coalesce_tables(dst: Map, src: &Map, prefix: &Prefix<'_>, warnings: &mut Vec<String>) -> Map {
    merge_sorted(dst, src, |key, dv, val| {
        let full = Prefix::Key(prefix, key);
        match (dv, val) {
            (Value::Null, _) => None,
            (Value::Map(d), Value::Map(s)) => {
                Some(Value::Map(coalesce_tables(d, s, &full, warnings)))
            }
            (dv, Value::Map(_)) => {
                warnings.push(format!(
                    "warning: cannot overwrite table with non table for {} ({})",
                    full.full(),
                    super::json_number::go_string(val)
                ));
                Some(dv)
            }
            (Value::Map(d), v) => {
                if !v.is_null() {
                    warnings.push(format!(
                        "warning: destination for {} is a table. Ignoring non-table value ({})",
                        full.full(),
                        super::json_number::go_string(v)
                    ));
                }
                Some(Value::Map(d))
            }
            (dv, _) => Some(dv),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::parse_values;

    fn yaml(s: &str) -> Map {
        match parse_values(s, "t.yaml") {
            Ok((m, _)) => m,
            Err(e) => panic!("{e}"),
        }
    }

    fn json(m: &Map) -> String {
        serde_json::to_string(m).unwrap_or_default()
    }

    // Chart values and user file from the Helm 3.17.2 run recorded in the helper's notes:
    // chart `nested: {a: 1, b: 2, deep: {k: 1}, n0: ~}, data: {}, chartnull: ~, sc: 5,
    // mp: {r: 1}, nm: ~, lst: [1]`; user file below.
    const CHART: &str = "nested:\n  a: 1\n  b: 2\n  deep: {k: 1}\n  n0: ~\ndata: {}\nchartnull: ~\nsc: 5\nmp: {r: 1}\nnm: ~\nlst: [1]\n";
    const USER: &str = "nested:\n  x: ~\n  a: ~\n  deep: {y0: ~}\ndata:\n  foo: bar\n  baz: ~\nnewmap: {p: ~}\nl: [1, ~]\nsc: {q: 1}\nmp: 5\nnm: {z: 1}\n";

    #[test]
    fn coalesce_matches_helm_end_to_end() {
        let (out, warnings) = coalesce_with_warnings(yaml(USER), &yaml(CHART), "c");
        // Helm: {"chartnull":null,"data":{"baz":null,"foo":"bar"},"l":[1,null],"lst":[1],
        // "mp":5,"nested":{"b":2,"deep":{"k":1,"y0":null},"n0":null,"x":null},
        // "newmap":{"p":null},"nm":{"z":1},"sc":{"q":1}}
        assert_eq!(
            json(&out),
            r#"{"chartnull":null,"data":{"baz":null,"foo":"bar"},"l":[1.0,null],"lst":[1.0],"mp":5.0,"nested":{"b":2.0,"deep":{"k":1.0,"y0":null},"n0":null,"x":null},"newmap":{"p":null},"nm":{"z":1.0},"sc":{"q":1.0}}"#
        );
        assert_eq!(warnings, ["warning: skipped value for c.sc: Not a table."]);
    }

    #[test]
    fn nested_warnings_name_the_full_key() {
        let chart = yaml("a:\n  b:\n    t: {x: 1}\n    m: 2\n");
        let user = "a:\n  b:\n    t: 5\n    m: {y: 1}\n";
        let (_, warnings) = coalesce_with_warnings(yaml(user), &chart, "c");
        assert_eq!(
            warnings,
            [
                "warning: cannot overwrite table with non table for c.a.b.t (map[x:1])",
                "warning: destination for c.a.b.m is a table. Ignoring non-table value (2)",
            ]
        );
        let (_, warnings) = coalesce_with_warnings(yaml(user), &chart, "");
        assert_eq!(
            warnings,
            [
                "warning: cannot overwrite table with non table for a.b.t (map[x:1])",
                "warning: destination for a.b.m is a table. Ignoring non-table value (2)",
            ]
        );
    }

    #[test]
    fn null_in_values_file_deletes_chart_default() {
        let out = coalesce(
            yaml("a: ~\nl: ~\nk: ~\nn: ~"),
            &yaml("a: {x: 1}\nl: [1,2]\nk: 1"),
        );
        // Helm (`--set a=null --set l=null --set k=null --set n=null`): {"n":null}.
        // (`n` is YAML 1.1 for false, so the key is "false".)
        assert_eq!(json(&out), r#"{"false":null}"#);
    }

    #[test]
    fn empty_user_map_cannot_clear_chart_map() {
        let out = coalesce(yaml("m: {}"), &yaml("m: {a: 1}"));
        assert_eq!(json(&out), r#"{"m":{"a":1.0}}"#);
    }

    #[test]
    fn user_list_replaces_chart_list() {
        let out = coalesce(yaml("l: [3]"), &yaml("l: [1, 2]"));
        assert_eq!(json(&out), r#"{"l":[3.0]}"#);
    }

    #[test]
    fn merge_maps_merges_maps_and_replaces_the_rest() {
        // Helm `-f f1.yaml -f f2.yaml`: m.q replaced, m.r null kept, list null kept.
        let mut base = yaml("list: [a, b, c]\nm: {p: 1, q: [1, 2]}\n");
        merge_maps(&mut base, yaml("m: {q: [9], r: ~}\nlist: ~\n"));
        assert_eq!(
            json(&base),
            r#"{"list":null,"m":{"p":1.0,"q":[9.0],"r":null}}"#
        );
    }
}
