//! text/template's builtin functions (`and`, `or`, `not`, `len`, `index`, `slice`, `eq`, `ne`,
//! `lt`, `le`, `gt`, `ge`, `print`, `printf`, `println`, `html`, `js`, `urlquery`, `call`) and
//! the functions Helm's engine defines over the template set (`include`, `tpl`, `required`,
//! `fail`), with Go's signatures, results and error words.

use std::rc::Rc;

use super::exec::V;
use super::func::{Ctx, Func, FuncError, GoType};
use super::value::{ListType, MapType, Uint8, Value};

/// A builtin: text/template's own, or one of Helm's engine functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Builtin {
    And,
    Or,
    Not,
    Len,
    Index,
    Slice,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Print,
    Printf,
    Println,
    Html,
    Js,
    Urlquery,
    Call,
    Include,
    Tpl,
    Required,
    Fail,
}

/// The builtin called `name`. Helm's engine functions take precedence over the function
/// library (Helm's `initFunMap` sets them last).
pub fn builtin(name: &str) -> Option<Builtin> {
    Some(match name {
        "and" => Builtin::And,
        "or" => Builtin::Or,
        "not" => Builtin::Not,
        "len" => Builtin::Len,
        "index" => Builtin::Index,
        "slice" => Builtin::Slice,
        "eq" => Builtin::Eq,
        "ne" => Builtin::Ne,
        "lt" => Builtin::Lt,
        "le" => Builtin::Le,
        "gt" => Builtin::Gt,
        "ge" => Builtin::Ge,
        "print" => Builtin::Print,
        "printf" => Builtin::Printf,
        "println" => Builtin::Println,
        "html" => Builtin::Html,
        "js" => Builtin::Js,
        "urlquery" => Builtin::Urlquery,
        "call" => Builtin::Call,
        "include" => Builtin::Include,
        "tpl" => Builtin::Tpl,
        "required" => Builtin::Required,
        "fail" => Builtin::Fail,
        _ => return None,
    })
}

impl Builtin {
    /// Whether Go's function takes its arguments as `interface {}` (copies: see
    /// [`super::value::Object::interface_copy`]); the others take `reflect.Value`s.
    pub fn takes_interfaces(self) -> bool {
        self.prints() || matches!(self, Builtin::Include | Builtin::Tpl)
    }

    /// Whether it prints its arguments with Go's `fmt` (`print`, `printf`, `println`, `html`,
    /// `js`, `urlquery`).
    pub fn prints(self) -> bool {
        matches!(
            self,
            Builtin::Print
                | Builtin::Printf
                | Builtin::Println
                | Builtin::Html
                | Builtin::Js
                | Builtin::Urlquery
        )
    }

    /// Whether Helm's engine defines it (over the function library), rather than
    /// text/template (under it).
    pub fn is_helm_engine(self) -> bool {
        matches!(
            self,
            Builtin::Include | Builtin::Tpl | Builtin::Required | Builtin::Fail
        )
    }

    /// Fixed parameter count, and whether more may follow.
    pub fn arity(self) -> (usize, bool) {
        use Builtin::*;
        match self {
            And | Or | Index | Slice | Eq | Call | Printf => (1, true),
            Not | Len | Fail => (1, false),
            Ne | Lt | Le | Gt | Ge | Include | Tpl | Required => (2, false),
            Print | Println | Html | Js | Urlquery => (0, true),
        }
    }

    /// The Go type of parameter `i`; `None` for a `reflect.Value` parameter (the value is passed
    /// as it is, nil and all).
    pub fn param(self, i: usize) -> Option<GoType> {
        use Builtin::*;
        match self {
            Print | Println | Html | Js | Urlquery => Some(GoType::Interface),
            Printf => Some(if i == 0 {
                GoType::String
            } else {
                GoType::Interface
            }),
            Include | Tpl | Required => Some(if i == 0 {
                GoType::String
            } else {
                GoType::Interface
            }),
            Fail => Some(GoType::String),
            _ => None,
        }
    }
}

/// Helm's wrapping of `fail` and `required` messages: the engine finds it again to print
/// `execution error at (…): message`.
pub const WARN_START: &str = "HELM_ERR_START";
/// The end of the wrapping.
pub const WARN_END: &str = "HELM_ERR_END";

/// Functions Helm's map has that the function library may not provide: used only when
/// [`super::funcs::lookup`] does not know the name.
pub fn fallback(name: &str) -> Option<&'static Func> {
    FALLBACK.iter().find(|f| f.name == name)
}

static FALLBACK: &[Func] = &[Func {
    name: "lookup",
    params: &[
        GoType::String,
        GoType::String,
        GoType::String,
        GoType::String,
    ],
    variadic: None,
    call: lookup,
    raw_strings: false,
    keeps_bytes: false,
}];

/// `lookup` in `helm template`: no cluster, so an empty map.
fn lookup(_: &mut Ctx, _: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::dict(super::value::Entries::new()))
}

/// Whether `name` is a function templates may call (Go checks names at parse time).
pub fn exists(name: &str) -> bool {
    builtin(name).is_some() || super::funcs::lookup(name).is_some() || fallback(name).is_some()
}

/// `call`: Helm's values hold no functions, so this only reports Go's errors.
pub fn call(shown: &str, argv: &[V], values_type: &str) -> Result<V, String> {
    let f = argv.first().cloned().unwrap_or_default();
    if f.v.is_nil() {
        return Err("call of nil".into());
    }
    Err(format!(
        "non-function {shown} of type {}",
        f.v.type_name(values_type)
    ))
}

/// Runs a builtin other than `and`, `or`, `include`, `tpl` and `call` (which need the executor).
/// How the Go a Helm is built with words its errors (from the profile's
/// [`crate::profile::GoTemplates`]).
#[derive(Debug, Clone, Copy)]
pub struct GoWording {
    /// Go's `%T` of `.Values`.
    pub values_type: &'static str,
    /// `incompatible types for comparison: int and string` (Go 1.25+) rather than without
    /// the types.
    pub comparison_names_types: bool,
}

/// Go's `incompatible types for comparison`, with the two types where the Go version says so.
fn incompatible(a: &Value, b: &Value, w: GoWording) -> String {
    if w.comparison_names_types {
        format!(
            "incompatible types for comparison: {} and {}",
            a.type_name(w.values_type),
            b.type_name(w.values_type)
        )
    } else {
        "incompatible types for comparison".into()
    }
}

pub fn call_builtin(b: Builtin, argv: &[V], w: GoWording) -> Result<V, String> {
    let values_type = w.values_type;
    let arg = |i: usize| argv.get(i).cloned().unwrap_or_default();
    let vals = || argv.iter().map(|v| v.v.clone()).collect::<Vec<_>>();
    match b {
        Builtin::Not => Ok(V::new(Value::Bool(!arg(0).v.truth()))),
        Builtin::Len => len(&arg(0), values_type).map(|n| V::new(Value::Int(n))),
        Builtin::Index => index(argv, values_type),
        Builtin::Slice => slice(argv, values_type),
        Builtin::Eq => {
            if argv.len() < 2 {
                return Err("missing argument for comparison".into());
            }
            let a = &arg(0).v;
            for other in &argv[1..] {
                if eq(a, &other.v, w)? {
                    return Ok(V::new(Value::Bool(true)));
                }
            }
            Ok(V::new(Value::Bool(false)))
        }
        Builtin::Ne => eq(&arg(0).v, &arg(1).v, w).map(|e| V::new(Value::Bool(!e))),
        Builtin::Lt => lt(&arg(0).v, &arg(1).v, w).map(|e| V::new(Value::Bool(e))),
        Builtin::Le => le(&arg(0).v, &arg(1).v, w).map(|e| V::new(Value::Bool(e))),
        Builtin::Gt => le(&arg(0).v, &arg(1).v, w).map(|e| V::new(Value::Bool(!e))),
        Builtin::Ge => lt(&arg(0).v, &arg(1).v, w).map(|e| V::new(Value::Bool(!e))),
        // Go's bytes, which need not be UTF-8.
        Builtin::Print => Ok(V::new(super::fmt::sprint_value(&vals()))),
        Builtin::Println => Ok(V::new(super::fmt::sprintln_value(&vals()))),
        Builtin::Printf => {
            let v = vals();
            let format = v.first().cloned().unwrap_or_default();
            let args = v.get(1..).unwrap_or(&[]);
            Ok(V::new(super::fmt::sprintf_value_of(
                &format,
                args,
                values_type,
            )))
        }
        Builtin::Html => Ok(V::new(escaped(&vals(), html_escape))),
        Builtin::Js => Ok(V::new(escaped(&vals(), js_escape))),
        Builtin::Urlquery => Ok(V::new(escaped(&vals(), query_escape))),
        Builtin::Required => {
            let v = arg(1).v;
            let missing = match &v {
                Value::Nil => true,
                Value::String(s) => s.is_empty(),
                Value::RawString(b) => b.is_empty(),
                _ => false,
            };
            if missing {
                let warn = arg(0).v.as_str().unwrap_or("").to_owned();
                return Err(format!("{WARN_START}{warn}{WARN_END}"));
            }
            Ok(V::new(v))
        }
        Builtin::Fail => {
            let msg = arg(0).v.as_str().unwrap_or("").to_owned();
            Err(format!("{WARN_START}{msg}{WARN_END}"))
        }
        Builtin::And | Builtin::Or | Builtin::Include | Builtin::Tpl | Builtin::Call => {
            Ok(V::default())
        }
    }
}

/// text/template's `evalArgs` (for `html`, `js`, `urlquery`): a lone string as it is, else `fmt.Sprint` of the arguments
/// (nil printed `<no value>`), as Go's bytes (a string that is not UTF-8 stays bytes).
fn eval_args(args: &[Value]) -> Value {
    if let [v @ (Value::String(_) | Value::RawString(_))] = args {
        return v.clone();
    }
    let printable: Vec<Value> = args
        .iter()
        .map(|a| match a {
            Value::Nil => Value::str("<no value>"),
            a => a.clone(),
        })
        .collect();
    super::fmt::sprint_value(&printable)
}

/// `html`, `js` or `urlquery` of the arguments ([`eval_args`]): each escapes Go's bytes, a
/// byte that is no character passing through as it is (`urlquery` writes it `%FF`).
fn escaped(args: &[Value], escape: fn(&[u8]) -> Vec<u8>) -> Value {
    match eval_args(args) {
        Value::String(s) => Value::from_go_bytes(&escape(s.as_bytes())),
        Value::RawString(b) => Value::from_go_bytes(&escape(&b)),
        _ => Value::str(""),
    }
}

fn len(v: &V, values_type: &str) -> Result<i64, String> {
    // A slice- or map-kind object (`.Files`, a `VersionSet`) by its length.
    if let Value::Object(o) = &v.v {
        if let Some(n) = o.len() {
            return Ok(n as i64);
        }
    }
    match &v.v {
        Value::Nil if v.iface => Err("len of nil pointer".into()),
        Value::Nil => Err("reflect: call of reflect.Value.Type on zero Value".into()),
        Value::String(s) => Ok(s.len() as i64),
        Value::RawString(b) | Value::Bytes(b) => Ok(b.len() as i64),
        Value::List(l) => Ok(l.items.len() as i64),
        Value::Map(m) => Ok(m.len() as i64),
        other if super::json_number::text(other).is_some() => {
            Ok(super::json_number::text(other).map_or(0, str::len) as i64)
        }
        other => Err(format!(
            "len of type {}",
            indirect_type_name(other, values_type)
        )),
    }
}

/// `v` as `fmt` prints a `reflect.Value` holding it: a struct whose `String` method has a
/// pointer receiver (`KubeVersion`) is a copy without it, printed field by field.
fn as_copied(v: &Value) -> Value {
    match v {
        Value::Object(o) => o.interface_copy().unwrap_or_else(|| v.clone()),
        v => v.clone(),
    }
}

/// Go's `indirect`: a pointer's type is that of what it points to (`len of type
/// semver.Version` for a `*semver.Version`).
fn indirect_type_name(v: &Value, values_type: &str) -> String {
    v.type_name(values_type).trim_start_matches('*').to_owned()
}

/// An integer index (`indexArg`).
fn index_arg(i: &Value, cap: usize, values_type: &str) -> Result<usize, String> {
    // Any integer kind: an `int`, a `uint8`, a `time.Month`.
    let x = match (i, int_of(i)) {
        (_, Some(n)) => n,
        (Value::Nil, _) => return Err("cannot index slice/array with nil".into()),
        (other, None) => {
            return Err(format!(
                "cannot index slice/array with type {}",
                other.type_name(values_type)
            ))
        }
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

fn index(argv: &[V], values_type: &str) -> Result<V, String> {
    let mut item = argv.first().cloned().unwrap_or_default();
    if item.v.is_nil() {
        return Err("index of untyped nil".into());
    }
    for idx in argv.iter().skip(1) {
        if item.v.is_nil() {
            return Err("index of nil pointer".into());
        }
        item = match &item.v {
            Value::List(l) => {
                let x = index_arg(&idx.v, l.items.len(), values_type)?;
                // `indexArg` lets the length itself through; reflect's `Index` panics on it.
                let Some(e) = l.items.get(x) else {
                    return Err("reflect: slice index out of range".into());
                };
                V {
                    v: e.clone(),
                    iface: l.elem == ListType::Interface,
                }
            }
            Value::String(s) => {
                let x = index_arg(&idx.v, s.len(), values_type)?;
                let Some(b) = s.as_bytes().get(x) else {
                    return Err("reflect: string index out of range".into());
                };
                V::new(Uint8::value(*b))
            }
            Value::RawString(bs) | Value::Bytes(bs) => {
                let x = index_arg(&idx.v, bs.len(), values_type)?;
                let Some(b) = bs.get(x) else {
                    return Err(if matches!(item.v, Value::Bytes(_)) {
                        "reflect: slice index out of range".into()
                    } else {
                        "reflect: string index out of range".into()
                    });
                };
                V::new(Uint8::value(*b))
            }
            Value::Map(m) => {
                let key = string_key(&idx.v, values_type)?;
                match m.get(&key) {
                    Some(v) => V {
                        v,
                        iface: m.ty != MapType::String,
                    },
                    None if m.ty == MapType::String => V::new(Value::str("")),
                    None => V {
                        v: Value::Nil,
                        iface: true,
                    },
                }
            }
            // `.Files`, a `map[string][]byte`: its elements are not interfaces.
            Value::Object(o) if o.kind() == "map" => {
                let key = string_key(&idx.v, values_type)?;
                match o.index(&key) {
                    Some(v) => V::new(v),
                    None => {
                        return Err(format!(
                            "can't index item of type {}",
                            item.v.type_name(values_type)
                        ))
                    }
                }
            }
            // Helm 3.18.0's `json.Number`, a string kind: its bytes, as a string's.
            other if super::json_number::text(other).is_some() => {
                let text = super::json_number::text(other).unwrap_or_default();
                let x = index_arg(&idx.v, text.len(), values_type)?;
                let Some(b) = text.as_bytes().get(x) else {
                    return Err("reflect: string index out of range".into());
                };
                V::new(Uint8::value(*b))
            }
            other => {
                return Err(format!(
                    "can't index item of type {}",
                    indirect_type_name(other, values_type)
                ))
            }
        };
    }
    Ok(item)
}

/// The key of a map with string keys, in Go's words when it is not one.
fn string_key(idx: &Value, values_type: &str) -> Result<std::sync::Arc<str>, String> {
    match idx {
        Value::String(k) => Ok(k.clone()),
        // (No key of a map from YAML or JSON is invalid UTF-8: this one is never found.)
        Value::RawString(b) => Ok(std::sync::Arc::from(crate::go::go_lossy(b))),
        Value::Nil => Err("value is nil; should be of type string".into()),
        other => Err(format!(
            "value has type {}; should be string",
            other.type_name(values_type)
        )),
    }
}

fn slice(argv: &[V], values_type: &str) -> Result<V, String> {
    let item = argv.first().map(|v| v.v.clone()).unwrap_or_default();
    if item.is_nil() {
        return Err("slice of untyped nil".into());
    }
    let idx = argv.get(1..).unwrap_or(&[]);
    if idx.len() > 3 {
        return Err(format!("too many slice indexes: {}", idx.len()));
    }
    let len = match &item {
        Value::String(_) | Value::RawString(_) => {
            if idx.len() == 3 {
                return Err("cannot 3-index slice a string".into());
            }
            item.go_string_bytes().map_or(0, <[u8]>::len)
        }
        Value::List(l) => l.items.len(),
        Value::Bytes(b) => b.len(),
        other => {
            return Err(format!(
                "can't slice item of type {}",
                other.type_name(values_type)
            ))
        }
    };
    let mut bounds = [0, len, len];
    for (i, x) in idx.iter().enumerate() {
        bounds[i] = index_arg(&x.v, len, values_type)?;
    }
    if bounds[0] > bounds[1] {
        return Err(format!(
            "invalid slice index: {} > {}",
            bounds[0], bounds[1]
        ));
    }
    if idx.len() == 3 && bounds[1] > bounds[2] {
        return Err(format!(
            "invalid slice index: {} > {}",
            bounds[1], bounds[2]
        ));
    }
    let (i, j) = (bounds[0], bounds[1]);
    Ok(V::new(match &item {
        Value::String(s) => match s.get(i..j) {
            Some(sub) => Value::str(sub),
            // A cut through a character: Go's string keeps the bytes.
            None => Value::from_go_bytes(&s.as_bytes()[i..j]),
        },
        Value::RawString(b) => Value::from_go_bytes(&b[i..j]),
        Value::List(l) => Value::List(super::value::List {
            items: Rc::new(l.items[i..j].to_vec()),
            elem: l.elem,
        }),
        Value::Bytes(b) => Value::Bytes(Rc::from(&b[i..j])),
        _ => Value::Nil,
    }))
}

#[derive(PartialEq, Clone, Copy)]
enum BasicKind {
    Invalid,
    Bool,
    Int,
    Float,
    Complex,
    String,
}

fn basic_kind(v: &Value) -> BasicKind {
    match v {
        Value::Bool(_) => BasicKind::Bool,
        Value::Int(_) | Value::Int64(_) => BasicKind::Int,
        Value::Object(o) if o.go_int().is_some() => BasicKind::Int,
        Value::Float(_) => BasicKind::Float,
        Value::Object(o) if o.go_complex().is_some() => BasicKind::Complex,
        Value::String(_) | Value::RawString(_) => BasicKind::String,
        other if super::json_number::text(other).is_some() => BasicKind::String,
        _ => BasicKind::Invalid,
    }
}

/// The number of an operand of [`BasicKind::Int`] (an `int`, an `int64`, a `time.Month`, …).
fn int_of(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) | Value::Int64(i) => Some(*i),
        Value::Object(o) => o.go_int(),
        _ => None,
    }
}

/// Go's `eq` of two operands.
fn eq(a: &Value, b: &Value, w: GoWording) -> Result<bool, String> {
    let values_type = w.values_type;
    let (k1, k2) = (basic_kind(a), basic_kind(b));
    if k1 != k2 {
        if !a.is_nil() && !b.is_nil() {
            return Err(incompatible(a, b, w));
        }
        return Ok(false);
    }
    Ok(match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x == y,
        _ if k1 == BasicKind::Int => int_of(a) == int_of(b),
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Object(x), Value::Object(y)) if k1 == BasicKind::Complex => {
            x.go_complex() == y.go_complex()
        }
        (Value::String(x), Value::String(y)) => x == y,
        (x, y) if matches!(x, Value::RawString(_)) || matches!(y, Value::RawString(_)) => {
            x.go_string_bytes() == y.go_string_bytes()
        }
        (x, y) if k1 == BasicKind::String => {
            super::json_number::string_kind(x) == super::json_number::string_kind(y)
        }
        (Value::Nil, Value::Nil) => true,
        (Value::Nil, _) | (_, Value::Nil) => false,
        // Go compares the values when the second's type is comparable (values of two types
        // are unequal); else it refuses, below (`.Capabilities.APIVersions`, `.Files`).
        (Value::Object(x), Value::Object(y))
            if !x.is_nil() && !y.is_nil() && x.kind() == y.kind() && y.go_comparable() =>
        {
            x.go_comparable() && (Rc::ptr_eq(x, y) || x.go_eq(&**y) == Some(true))
        }
        // Go's `canCompare`: the same kind (two slices of any element type, two maps).
        (x, y) if x.kind() != y.kind() => {
            // Go's format: `non-comparable types %s: %v, %s: %v` (value, type, type, value:
            // the first value with `%s`, `map[a:%!s(float64=1)]`).
            return Err(format!(
                "non-comparable types {}: {}, {}: {}",
                super::fmt::sprintf("%s", &[as_copied(x)]),
                x.type_name(values_type),
                y.type_name(values_type),
                super::fmt::to_string(&as_copied(y))
            ));
        }
        // A nil slice or map equals only another nil.
        (x, y) if go_nil(x) || go_nil(y) => go_nil(x) == go_nil(y),
        (_, y) => {
            // `non-comparable type %s: %v` (the value with `%s`).
            return Err(format!(
                "non-comparable type {}: {}",
                super::fmt::sprintf("%s", &[as_copied(y)]),
                y.type_name(values_type)
            ));
        }
    })
}

/// A nil slice, map or pointer (`fromJson "null"`, Sprig's `rest` of an empty list).
fn go_nil(v: &Value) -> bool {
    matches!(v, Value::Object(o) if o.is_nil())
}

fn lt(a: &Value, b: &Value, w: GoWording) -> Result<bool, String> {
    let (k1, k2) = (basic_kind(a), basic_kind(b));
    if k1 == BasicKind::Invalid || k2 == BasicKind::Invalid {
        return Err("invalid type for comparison".into());
    }
    if k1 != k2 {
        return Err(incompatible(a, b, w));
    }
    match (a, b) {
        _ if k1 == BasicKind::Int => Ok(int_of(a) < int_of(b)),
        (Value::Float(x), Value::Float(y)) => Ok(x < y),
        (Value::String(x), Value::String(y)) => Ok(x < y),
        (x, y) if matches!(x, Value::RawString(_)) || matches!(y, Value::RawString(_)) => {
            Ok(x.go_string_bytes() < y.go_string_bytes())
        }
        (x, y) if k1 == BasicKind::String => {
            Ok(super::json_number::string_kind(x) < super::json_number::string_kind(y))
        }
        _ => Err("invalid type for comparison".into()),
    }
}

fn le(a: &Value, b: &Value, w: GoWording) -> Result<bool, String> {
    if lt(a, b, w)? {
        return Ok(true);
    }
    eq(a, b, w)
}

/// Go's `template.HTMLEscapeString`.
pub fn html_escape(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for &b in s {
        match b {
            b'"' => out.extend_from_slice(b"&#34;"),
            b'\'' => out.extend_from_slice(b"&#39;"),
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            0 => out.extend_from_slice("\u{FFFD}".as_bytes()),
            b => out.push(b),
        }
    }
    out
}

/// Go's `template.JSEscapeString`, on Go's bytes: a byte that starts no character is kept
/// (Go decodes it as U+FFFD, which is printable, and writes the byte).
pub fn js_escape(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for r in crate::go::runes(s) {
        let c = match r {
            Ok(c) => c,
            Err(byte) => {
                out.push(byte);
                continue;
            }
        };
        match c {
            '\\' => out.extend_from_slice(b"\\\\"),
            '\'' => out.extend_from_slice(b"\\'"),
            '"' => out.extend_from_slice(b"\\\""),
            '<' => out.extend_from_slice(b"\\u003C"),
            '>' => out.extend_from_slice(b"\\u003E"),
            '&' => out.extend_from_slice(b"\\u0026"),
            '=' => out.extend_from_slice(b"\\u003D"),
            c if (c as u32) < 0x20 || ((c as u32) >= 0x80 && !crate::go::is_print(c)) => {
                out.extend_from_slice(format!("\\u{:04X}", c as u32).as_bytes())
            }
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out
}

/// Go's `url.QueryEscape`.
pub fn query_escape(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    for &b in s {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b),
            b' ' => out.push(b'+'),
            b => out.extend_from_slice(format!("%{b:02X}").as_bytes()),
        }
    }
    out
}
