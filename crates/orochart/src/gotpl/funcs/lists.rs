//! Sprig's list functions. Each takes `interface {}` and accepts any slice (`[]string`,
//! `[]int`, …); another kind is Sprig's error (`Cannot find first on type string`), a panic
//! for the plain form and an error for the `must` form (both read `error calling NAME: …`).
//! A nil list is Go's nil-pointer panic, as `reflect.TypeOf(nil).Kind()` is.

use std::rc::Rc;

use crate::gotpl::func::{Ctx, FuncError};
use crate::gotpl::value::{List, ListType, Value};

use super::conv::{
    arg, empty, int, kind_for_error, list_too_long, slice_items, to_int64, FResult, MAX_LIST_LEN,
    NIL_DEREF,
};
use super::reflect::deep_equal;

/// The slice argument `i`, or Sprig's error `Cannot {what} type {kind}`.
fn items(a: &[Value], i: usize, what: &str) -> Result<Rc<Vec<Value>>, FuncError> {
    let v = arg(a, i);
    if v.is_nil() {
        return Err(FuncError(NIL_DEREF.into()));
    }
    slice_items(v).ok_or_else(|| FuncError(format!("Cannot {what} type {}", kind_for_error(v))))
}

fn list(items: Vec<Value>) -> FResult {
    Ok(Value::list(items))
}

pub fn list_fn(_: &mut Ctx, a: &[Value]) -> FResult {
    list(a.to_vec())
}

pub fn push(_: &mut Ctx, a: &[Value]) -> FResult {
    let mut l = items(a, 0, "push on")?.to_vec();
    l.push(arg(a, 1).clone());
    list(l)
}

pub fn prepend(_: &mut Ctx, a: &[Value]) -> FResult {
    let l = items(a, 0, "prepend on")?;
    let mut out = Vec::with_capacity(l.len() + 1);
    out.push(arg(a, 1).clone());
    out.extend(l.iter().cloned());
    list(out)
}

pub fn chunk(_: &mut Ctx, a: &[Value]) -> FResult {
    let size = int(a, 0);
    let l = items(a, 1, "chunk")?;
    // Sprig's arithmetic, in floats: `cs := int(math.Floor(float64(l-1)/float64(size)) + 1)`
    // chunks, the last `math.Mod(l, size)` long (or `size` when that is 0). A zero or negative
    // size makes a count or a length Go's `make` refuses, or no chunk at all.
    let len = l.len() as i64;
    let out_of_range = || FuncError("runtime error: makeslice: len out of range".into());
    let count = go_int(((len - 1) as f64 / size as f64).floor() + 1.0);
    let count = usize::try_from(count).map_err(|_| out_of_range())?;
    let mut chunks = Vec::with_capacity(count.min(l.len()));
    for i in 0..count {
        let mut clen = size;
        if i + 1 == count {
            clen = go_int((len as f64 % size as f64).floor());
            if clen == 0 {
                clen = size;
            }
        }
        let clen = usize::try_from(clen).map_err(|_| out_of_range())?;
        let start = (i as i64).saturating_mul(size);
        let chunk = (0..clen)
            .map(|j| {
                usize::try_from(start.saturating_add(j as i64))
                    .ok()
                    .and_then(|ix| l.get(ix).cloned())
                    .ok_or_else(|| FuncError("reflect: slice index out of range".into()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        chunks.push(Value::list(chunk));
    }
    Ok(Value::List(List {
        items: std::rc::Rc::new(chunks),
        elem: ListType::Lists,
    }))
}

/// Go's conversion of a float64 to int on amd64: out of range (or NaN) is the smallest int.
fn go_int(f: f64) -> i64 {
    if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
        f as i64
    } else {
        // NaN too.
        i64::MIN
    }
}

pub fn last(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(items(a, 0, "find last on")?
        .last()
        .cloned()
        .unwrap_or_default())
}

pub fn first(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(items(a, 0, "find first on")?
        .first()
        .cloned()
        .unwrap_or_default())
}

/// Sprig's `rest`: all but the first element (a nil slice for an empty list).
pub fn rest(_: &mut Ctx, a: &[Value]) -> FResult {
    let l = items(a, 0, "find rest on")?;
    if l.is_empty() {
        return Ok(Value::typed_nil("[]interface {}"));
    }
    list(l.iter().skip(1).cloned().collect())
}

/// Sprig's `initial`: all but the last element (a nil slice for an empty list).
pub fn initial(_: &mut Ctx, a: &[Value]) -> FResult {
    let l = items(a, 0, "find initial on")?;
    if l.is_empty() {
        return Ok(Value::typed_nil("[]interface {}"));
    }
    let n = l.len() - 1;
    list(l[..n].to_vec())
}

pub fn reverse(_: &mut Ctx, a: &[Value]) -> FResult {
    let l = items(a, 0, "find reverse on")?;
    list(l.iter().rev().cloned().collect())
}

pub fn compact(_: &mut Ctx, a: &[Value]) -> FResult {
    let l = items(a, 0, "compact on")?;
    list(l.iter().filter(|v| !empty(v)).cloned().collect())
}

pub fn uniq(_: &mut Ctx, a: &[Value]) -> FResult {
    let l = items(a, 0, "find uniq on")?;
    let mut out: Vec<Value> = Vec::new();
    for v in l.iter() {
        if !out.iter().any(|o| deep_equal(o, v)) {
            out.push(v.clone());
        }
    }
    list(out)
}

pub fn without(_: &mut Ctx, a: &[Value]) -> FResult {
    let l = items(a, 0, "find without on")?;
    let omit = &a[1.min(a.len())..];
    list(
        l.iter()
            .filter(|v| !omit.iter().any(|o| deep_equal(o, v)))
            .cloned()
            .collect(),
    )
}

pub fn has(_: &mut Ctx, a: &[Value]) -> FResult {
    let haystack = arg(a, 1);
    if haystack.is_nil() {
        return Ok(Value::Bool(false));
    }
    let l = items(a, 1, "find has on")?;
    let needle = arg(a, 0);
    Ok(Value::Bool(l.iter().any(|v| deep_equal(needle, v))))
}

/// Sprig's `slice LIST [START [END]]`: Go's slice expression on the list, keeping its type;
/// an empty list gives nil.
pub fn slice(_: &mut Ctx, a: &[Value]) -> FResult {
    let v = arg(a, 0);
    if v.is_nil() {
        return Err(FuncError(NIL_DEREF.into()));
    }
    let (l, elem) = match v {
        Value::List(l) => (l.items.clone(), l.elem),
        Value::Bytes(b) => (
            Rc::new(b.iter().map(|&x| Value::Int(i64::from(x))).collect()),
            ListType::Int,
        ),
        other => {
            return Err(FuncError(format!(
                "list should be type of slice or array but {}",
                kind_for_error(other)
            )))
        }
    };
    if l.is_empty() {
        return Ok(Value::Nil);
    }
    let len = l.len() as i64;
    let start = a.get(1).map(to_int64).unwrap_or(0);
    let end = a.get(2).map(to_int64).unwrap_or(len);
    if end < 0 || end > len || start < 0 || start > end {
        return Err(FuncError(
            "reflect.Value.Slice: slice index out of bounds".into(),
        ));
    }
    Ok(Value::List(List {
        items: Rc::new(l[start as usize..end as usize].to_vec()),
        elem,
    }))
}

/// `concat`: the lists' elements in one `[]interface {}` (a nil slice when there are none);
/// a non-list argument is Sprig's panic.
pub fn concat(_: &mut Ctx, a: &[Value]) -> FResult {
    let mut out = Vec::new();
    for v in a {
        if v.is_nil() {
            return Err(FuncError(NIL_DEREF.into()));
        }
        match slice_items(v) {
            Some(l) => {
                if out.len() + l.len() > MAX_LIST_LEN {
                    return Err(list_too_long(out.len() + l.len()));
                }
                out.extend(l.iter().cloned());
            }
            None => {
                return Err(FuncError(format!(
                    "Cannot concat type {} as list",
                    kind_for_error(v)
                )))
            }
        }
    }
    if out.is_empty() {
        return Ok(Value::typed_nil("[]interface {}"));
    }
    list(out)
}

/// Sprig's `untilStep START STOP STEP`: a `[]int`, bounded by [`MAX_LIST_LEN`].
pub(crate) fn until_step(start: i64, stop: i64, step: i64) -> Result<Vec<i64>, FuncError> {
    let count = if stop < start {
        if step >= 0 {
            return Ok(Vec::new());
        }
        ((start as i128 - stop as i128) + (-step as i128) - 1) / -step as i128
    } else {
        if step <= 0 {
            return Ok(Vec::new());
        }
        ((stop as i128 - start as i128) + step as i128 - 1) / step as i128
    };
    if count > MAX_LIST_LEN as i128 {
        return Err(list_too_long(count));
    }
    let mut v: Vec<i64> = (0..count as i64).map(|i| start + i * step).collect();
    // Go's loop goes on where `i += step` wraps past the largest int (or the smallest) and
    // lands back inside the range: `untilStep 3 100 9223372036854775807` is
    // [3 -9223372036854775806 1 -9223372036854775808 -1].
    let Some(&last) = v.last() else {
        return Ok(v);
    };
    let inside = |i: i64| if stop < start { i > stop } else { i < stop };
    let mut i = last.wrapping_add(step);
    while inside(i) {
        if v.len() >= MAX_LIST_LEN {
            return Err(list_too_long(format_args!("more than {MAX_LIST_LEN}")));
        }
        v.push(i);
        i = i.wrapping_add(step);
    }
    Ok(v)
}

pub fn until(_: &mut Ctx, a: &[Value]) -> FResult {
    let count = int(a, 0);
    let step = if count < 0 { -1 } else { 1 };
    Ok(super::conv::ints(until_step(0, count, step)?))
}

pub fn until_step_fn(_: &mut Ctx, a: &[Value]) -> FResult {
    Ok(super::conv::ints(until_step(
        int(a, 0),
        int(a, 1),
        int(a, 2),
    )?))
}

/// Sprig's `seq`: like the Unix command, the numbers joined by spaces.
pub fn seq(_: &mut Ctx, a: &[Value]) -> FResult {
    let p: Vec<i64> = a.iter().map(|v| int(std::slice::from_ref(v), 0)).collect();
    let nums = match p.as_slice() {
        [end] => {
            let inc = if *end < 1 { -1 } else { 1 };
            until_step(1, end.wrapping_add(inc), inc)?
        }
        [start, end] => {
            let step = if end < start { -1 } else { 1 };
            until_step(*start, end.wrapping_add(step), step)?
        }
        [start, step, end] => {
            let mut inc = 1;
            if end < start {
                inc = -1;
                if *step > 0 {
                    return super::conv::string("");
                }
            }
            until_step(*start, end.wrapping_add(inc), *step)?
        }
        _ => Vec::new(),
    };
    let text: Vec<String> = nums.iter().map(i64::to_string).collect();
    super::conv::string(text.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gotpl::fmt::to_string;

    fn l(items: &[i64]) -> Value {
        Value::list(items.iter().map(|&i| Value::Int(i)).collect())
    }

    fn show(r: FResult) -> String {
        match r {
            Ok(v) => to_string(&v),
            Err(e) => format!("ERR {e}"),
        }
    }

    // Expected text from `helm template` (v3.17.2).
    #[test]
    fn list_functions_match_helm() {
        let mut c = Ctx::new();
        let c = &mut c;
        assert_eq!(show(first(c, &[l(&[])])), "<nil>");
        assert_eq!(show(rest(c, &[l(&[])])), "[]");
        assert_eq!(show(initial(c, &[l(&[1, 2])])), "[1]");
        assert_eq!(show(slice(c, &[l(&[1, 2, 3]), Value::Int(1)])), "[2 3]");
        assert_eq!(show(slice(c, &[l(&[]), Value::Int(1)])), "<nil>");
        assert_eq!(
            show(chunk(c, &[Value::Int(2), l(&[1, 2, 3])])),
            "[[1 2] [3]]"
        );
        assert_eq!(show(concat(c, &[l(&[1]), l(&[2, 3])])), "[1 2 3]");
        let mixed = Value::list(vec![
            Value::Int(1),
            Value::Int(1),
            Value::str("1"),
            Value::Int(2),
        ]);
        assert_eq!(show(uniq(c, &[mixed])), "[1 1 2]");
        assert_eq!(
            show(without(c, &[l(&[1, 2, 3, 1]), Value::Int(1)])),
            "[2 3]"
        );
        assert_eq!(show(has(c, &[Value::Int(1), l(&[1])])), "true");
        assert_eq!(show(has(c, &[Value::Int(1), Value::Nil])), "false");
        let sparse = Value::list(vec![
            Value::Int(0),
            Value::str(""),
            Value::Nil,
            Value::Int(1),
            Value::Bool(false),
            Value::str("a"),
        ]);
        assert_eq!(show(compact(c, &[sparse])), "[1 a]");
        assert_eq!(show(reverse(c, &[l(&[1, 2, 3])])), "[3 2 1]");
        assert_eq!(show(push(c, &[l(&[1]), Value::Int(2)])), "[1 2]");
        assert_eq!(show(prepend(c, &[l(&[1]), Value::Int(2)])), "[2 1]");
        assert_eq!(show(until(c, &[Value::Int(3)])), "[0 1 2]");
        assert_eq!(
            show(until_step_fn(
                c,
                &[Value::Int(0), Value::Int(10), Value::Int(3)]
            )),
            "[0 3 6 9]"
        );
        assert_eq!(show(seq(c, &[Value::Int(5), Value::Int(1)])), "5 4 3 2 1");
        assert_eq!(
            show(seq(c, &[Value::Int(1), Value::Int(2), Value::Int(8)])),
            "1 3 5 7"
        );
        assert_eq!(show(seq(c, &[Value::Int(5)])), "1 2 3 4 5");
    }

    #[test]
    fn wrong_kinds_are_sprigs_errors() {
        let mut c = Ctx::new();
        assert_eq!(
            show(first(&mut c, &[Value::str("x")])),
            "ERR Cannot find first on type string"
        );
        assert_eq!(
            show(concat(&mut c, &[l(&[1]), Value::str("x")])),
            "ERR Cannot concat type string as list"
        );
        assert_eq!(
            show(first(&mut c, &[Value::Nil])),
            format!("ERR {NIL_DEREF}")
        );
    }

    #[test]
    fn huge_until_is_a_clean_error() {
        let r = show(until(&mut Ctx::new(), &[Value::Int(1_000_000_000)]));
        assert_eq!(
            r,
            "ERR a list of 1000000000 elements is more than orochart's limit of 1000000"
        );
        let r = show(until(&mut Ctx::new(), &[Value::Int(1_000_000)]));
        assert!(!r.starts_with("ERR"), "the limit itself is allowed");
    }
}
