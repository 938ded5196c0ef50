//! Sprig's dictionary functions. Maps are shared: `set`, `unset`, `merge` and `mergeOverwrite`
//! change the map every other reference sees, and `merge` puts the source's own nested maps
//! into the destination (so a later `set` on one shows through the other), as in Go.

use std::collections::BTreeMap;

use crate::gotpl::func::{Ctx, FuncError};
use crate::gotpl::value::{Dict, Entries, MapType, Value};

use super::conv::{arg, conversion_panic, empty, s, strings, strval, FResult};

/// The map argument `i` (the engine converted it to `map[string]interface {}`; nil is a nil
/// map, which reads as empty).
fn map_arg(a: &[Value], i: usize) -> Option<Dict> {
    match a.get(i) {
        Some(Value::Map(m)) => Some(m.clone()),
        _ => None,
    }
}

pub fn dict(_: &mut Ctx, a: &[Value]) -> FResult {
    // Collected at once: sorted once, a later duplicate key winning as Go's map assignment.
    let entries: Entries = a
        .chunks(2)
        .map(|pair| {
            let value = pair.get(1).cloned().unwrap_or_else(|| Value::str(""));
            (strval(&pair[0]), value)
        })
        .collect();
    Ok(Value::dict(entries))
}

pub fn get(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(map_arg(a, 0)
        .and_then(|m| m.get(s(a, 1)))
        .unwrap_or_else(|| Value::str("")))
}

/// `set`: writing to a nil map is Go's panic.
pub fn set(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let Some(m) = map_arg(a, 0) else {
        return Err(FuncError("assignment to entry in nil map".into()));
    };
    m.insert(s(a, 1), arg(a, 2).clone());
    if !ctx.cyclic && arg(a, 2).reaches(&m) {
        ctx.cyclic = true;
    }
    Ok(Value::Map(m))
}

pub fn unset(_: &mut Ctx, a: &[Value]) -> FResult {
    match map_arg(a, 0) {
        Some(m) => {
            m.entries.borrow_mut().remove(s(a, 1));
            Ok(Value::Map(m))
        }
        // Deleting from a nil map does nothing: it stays nil.
        None => Ok(Value::typed_nil("map[string]interface {}")),
    }
}

pub fn has_key(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(Value::Bool(
        map_arg(a, 0).is_some_and(|m| m.entries.borrow().contains_key(s(a, 1))),
    ))
}

pub fn pluck(_: &mut Ctx, a: &[Value]) -> FResult {
    let key = s(a, 0);
    let found = a[1.min(a.len())..]
        .iter()
        .filter_map(|d| match d {
            Value::Map(m) => m.get(key),
            _ => None,
        })
        .collect();
    Ok(Value::list(found))
}

/// `keys`: Go ranges over maps in random order; we list them sorted, map after map.
pub fn keys(_: &mut Ctx, a: &[Value]) -> FResult {
    let mut out = Vec::new();
    for d in a {
        if let Value::Map(m) = d {
            out.extend(m.entries.borrow().keys().cloned());
        }
    }
    Ok(strings(out))
}

/// `values`: in key order (Go's order is random).
pub fn values(_: &mut Ctx, a: &[Value]) -> FResult {
    let items = map_arg(a, 0)
        .map(|m| m.entries.borrow().values().cloned().collect())
        .unwrap_or_default();
    Ok(Value::list(items))
}

pub fn pick(_: &mut Ctx, a: &[Value]) -> FResult {
    let mut out = BTreeMap::new();
    if let Some(m) = map_arg(a, 0) {
        for k in &a[1..] {
            let k = k.as_str().unwrap_or("");
            if let Some(v) = m.get(k) {
                out.insert(k.to_string(), v);
            }
        }
    }
    Ok(Value::dict(out))
}

pub fn omit(_: &mut Ctx, a: &[Value]) -> FResult {
    let drop: Vec<&str> = a[1.min(a.len())..]
        .iter()
        .map(|k| k.as_str().unwrap_or(""))
        .collect();
    let out = map_arg(a, 0)
        .map(|m| {
            m.entries
                .borrow()
                .iter()
                .filter(|(k, _)| !drop.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Entries>()
        })
        .unwrap_or_default();
    Ok(Value::dict(out))
}

/// How deep `merge` follows nested maps (mergo has no limit; a self-containing map would
/// recurse forever there, here it stops).
const MAX_MERGE_DEPTH: usize = 10_000;

/// mergo's `Merge`/`MergeWithOverwrite` of one `map[string]interface {}` into another, in
/// place: nested maps merge recursively (in the destination's own map), a key the
/// destination lacks or holds empty takes the source's value (the same map or slice, shared),
/// and with `overwrite` every non-map source value replaces the destination's, nil and empty
/// ones included.
pub(crate) fn merge_into(dst: &Dict, src: &Dict, overwrite: bool, depth: usize) {
    if dst.same(src) || depth > MAX_MERGE_DEPTH {
        return;
    }
    let entries: Vec<(String, Value)> = src
        .entries
        .borrow()
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (key, sv) in entries {
        let dv = dst.get(&key);
        if sv.is_nil() {
            if overwrite {
                dst.insert(key, Value::Nil);
            }
            continue;
        }
        if let (Value::Map(sm), Some(Value::Map(dm))) = (&sv, &dv) {
            merge_into(dm, sm, overwrite, depth + 1);
        }
        if let Some(d) = &dv {
            if !empty(d) && matches!(sv, Value::List(_) | Value::Bytes(_)) && !overwrite {
                continue;
            }
            if !empty(d) && matches!((&sv, d), (Value::Map(_), Value::Map(_))) {
                continue;
            }
        }
        if overwrite || dv.as_ref().is_none_or(empty) {
            dst.insert(key, sv);
        }
    }
}

fn merge_all(ctx: &mut Ctx, a: &[Value], overwrite: bool) -> FResult {
    // A nil destination: mergo makes a new map (helm template: `merge nil (dict "a" 1)` is
    // `map[a:1]`).
    let dst = map_arg(a, 0).unwrap_or_default();
    for src in &a[1..] {
        if let Value::Map(src) = src {
            merge_into(&dst, src, overwrite, 0);
        }
    }
    let dst = Value::Map(dst);
    if !ctx.cyclic && dst.contains_cycle() {
        ctx.cyclic = true;
    }
    Ok(dst)
}

pub fn merge(ctx: &mut Ctx, a: &[Value]) -> FResult {
    merge_all(ctx, a, false)
}

pub fn merge_overwrite(ctx: &mut Ctx, a: &[Value]) -> FResult {
    merge_all(ctx, a, true)
}

pub fn must_merge(ctx: &mut Ctx, a: &[Value]) -> FResult {
    merge_all(ctx, a, false)
}

pub fn must_merge_overwrite(ctx: &mut Ctx, a: &[Value]) -> FResult {
    merge_all(ctx, a, true)
}

pub fn deep_copy(_: &mut Ctx, a: &[Value]) -> FResult {
    // copystructure walks `reflect.ValueOf(nil)`, the zero Value.
    untyped_nil_panics(a)?;
    Ok(arg(a, 0).deep_copy())
}

/// A function that asks Go's reflection the type of its argument panics on an untyped `nil`
/// (the zero Value), and the template reports the panic as the call's error.
pub(crate) fn untyped_nil_panics(a: &[Value]) -> Result<(), FuncError> {
    match arg(a, 0) {
        Value::Nil => Err(FuncError(
            "reflect: call of reflect.Value.Type on zero Value".into(),
        )),
        _ => Ok(()),
    }
}

/// Sprig's `dig KEY... DEFAULT MAP`: the map must be a `map[string]interface {}` (not
/// `chartutil.Values`, so `.Values` itself panics, as in Helm) and every step too.
pub fn dig(ctx: &mut Ctx, a: &[Value]) -> FResult {
    if a.len() < 3 {
        return Err(FuncError("dig needs at least three arguments".into()));
    }
    let values_type = ctx.values_type();
    let map_of = |v: &Value| -> Result<Dict, FuncError> {
        match v {
            Value::Map(m) if m.ty == MapType::Interface => Ok(m.clone()),
            // A nil map of that type (`fromJson "null"`) asserts as one, empty.
            Value::Object(o) if o.is_nil() && o.type_name() == "map[string]interface {}" => {
                Ok(Dict::new())
            }
            other => Err(conversion_panic(
                other,
                "map[string]interface {}",
                values_type,
            )),
        }
    };
    let mut dict = map_of(&a[a.len() - 1])?;
    let default = &a[a.len() - 2];
    let keys = &a[..a.len() - 2];
    let keys: Vec<&str> = keys
        .iter()
        .map(|k| match k {
            Value::String(s) => Ok(&**s),
            other => Err(conversion_panic(other, "string", values_type)),
        })
        .collect::<Result<_, _>>()?;
    for (i, key) in keys.iter().enumerate() {
        let Some(step) = dict.get(key) else {
            return Ok(default.clone());
        };
        if i + 1 == keys.len() {
            return Ok(step);
        }
        dict = map_of(&step)?;
    }
    Ok(default.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gotpl::fmt::to_string;

    fn d(pairs: &[(&str, Value)]) -> Value {
        Value::dict(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect::<crate::gotpl::value::Entries>(),
        )
    }

    fn sample() -> (Value, Value) {
        let a = d(&[
            ("x", Value::Bool(true)),
            ("l", Value::list(vec![Value::Int(1)])),
            ("m", d(&[("p", Value::Int(1))])),
            ("e", Value::str("")),
        ]);
        let b = d(&[
            ("x", Value::Bool(false)),
            ("l", Value::list(vec![])),
            ("m", d(&[("q", Value::Int(2))])),
            ("e", Value::str("set")),
            ("n", Value::Nil),
        ]);
        (a, b)
    }

    // Expected text printed by `helm template` (v3.17.2) for the same dicts.
    #[test]
    fn merge_overwrite_replaces_with_empty_and_nil_values() {
        let (a, b) = sample();
        let r = merge_overwrite(&mut Ctx::new(), &[a, b]).map(|v| to_string(&v));
        assert_eq!(
            r,
            Ok("map[e:set l:[] m:map[p:1 q:2] n:<nil> x:false]".into())
        );
    }

    #[test]
    fn merge_fills_only_missing_and_empty_keys() {
        let (a, b) = sample();
        let r = merge(&mut Ctx::new(), &[a, b]).map(|v| to_string(&v));
        assert_eq!(r, Ok("map[e:set l:[1] m:map[p:1 q:2] x:true]".into()));
    }

    #[test]
    fn merge_shares_the_sources_nested_maps() {
        let c = d(&[]);
        let dd = d(&[("s", d(&[("k", Value::Int(1))]))]);
        let mut ctx = Ctx::new();
        let _ = merge(&mut ctx, &[c.clone(), dd.clone()]);
        let Value::Map(cm) = &c else { panic!() };
        let inner = cm.get("s").unwrap_or_default();
        let _ = set(&mut ctx, &[inner, Value::str("z"), Value::Int(9)]);
        assert_eq!(to_string(&dd), "map[s:map[k:1 z:9]]");
    }

    #[test]
    fn merge_into_nil_makes_a_new_map() {
        let r = merge(&mut Ctx::new(), &[Value::Nil, d(&[("a", Value::Int(1))])]);
        assert_eq!(r.map(|v| to_string(&v)), Ok("map[a:1]".into()));
    }

    #[test]
    fn set_and_unset_mutate_in_place() {
        let m = d(&[("a", Value::Int(1))]);
        let mut ctx = Ctx::new();
        let _ = set(&mut ctx, &[m.clone(), Value::str("b"), Value::Int(2)]);
        let _ = unset(&mut ctx, &[m.clone(), Value::str("a")]);
        assert_eq!(to_string(&m), "map[b:2]");
    }

    #[test]
    fn dict_pads_a_missing_value_with_empty_string() {
        let r = dict(
            &mut Ctx::new(),
            &[Value::str("a"), Value::Int(1), Value::str("b")],
        );
        assert_eq!(r.map(|v| to_string(&v)), Ok("map[a:1 b:]".into()));
    }

    #[test]
    fn dig_walks_maps_and_panics_like_go() {
        let m = d(&[("a", d(&[("b", Value::Nil)]))]);
        let mut ctx = Ctx::new();
        let get = |ctx: &mut Ctx, keys: &[&str]| {
            let mut args: Vec<Value> = keys.iter().map(|k| Value::str(k)).collect();
            args.push(Value::str("def"));
            args.push(m.clone());
            dig(ctx, &args).map(|v| to_string(&v))
        };
        assert_eq!(get(&mut ctx, &["a", "b"]), Ok("<nil>".into()));
        assert_eq!(get(&mut ctx, &["a", "x"]), Ok("def".into()));
        assert_eq!(get(&mut ctx, &["z"]), Ok("def".into()));
        assert_eq!(
            get(&mut ctx, &["a", "b", "c"]),
            Err(FuncError(
                "interface conversion: interface {} is nil, not map[string]interface {}".into()
            ))
        );
        let values = Value::Map(Dict::from_map(BTreeMap::new(), MapType::Values));
        assert_eq!(
            dig(&mut ctx, &[Value::str("a"), Value::Int(1), values]).err(),
            Some(FuncError("interface conversion: interface {} is chartutil.Values, not map[string]interface {}".into()))
        );
    }

    #[test]
    fn pick_omit_pluck_keys() {
        let m = d(&[("a", Value::Int(1)), ("b", Value::Int(2))]);
        let mut ctx = Ctx::new();
        let show = |r: FResult| r.map(|v| to_string(&v)).unwrap_or_default();
        assert_eq!(
            show(pick(
                &mut ctx,
                &[m.clone(), Value::str("a"), Value::str("c")]
            )),
            "map[a:1]"
        );
        assert_eq!(
            show(omit(&mut ctx, &[m.clone(), Value::str("a")])),
            "map[b:2]"
        );
        assert_eq!(
            show(pluck(&mut ctx, &[Value::str("a"), m.clone(), d(&[])])),
            "[1]"
        );
        assert_eq!(show(keys(&mut ctx, std::slice::from_ref(&m))), "[a b]");
        assert_eq!(show(get(&mut ctx, &[m, Value::str("x")])), "");
    }
}
