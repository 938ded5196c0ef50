//! Helm's whole function map in the minijinja dialect, through one adapter over the Go engine's
//! function library ([`crate::gotpl::funcs::FUNCS`]): each function exists once, written over
//! the Go engine's values with its Go signature; this module only converts.
//!
//! For every function of the map the dialect does not already define, [`install`] adds a
//! function taking Sprig's argument order (`regexFind("[0-9]+", s)`) and a filter whose piped
//! value is Sprig's last argument, as Go pipes it (`s | regexFind("[0-9]+")`), the rule the
//! dialect's own filters follow. Arguments are converted as the Go signature says: a string
//! parameter takes a string (anything else is Go's `wrong type for value; expected string; got
//! int64`), an `int` parameter an integer, a `float64` parameter any number, a list or map
//! parameter a sequence or map (or nothing: nil). Numbers the dialect computes are Go `int64`
//! and `float64`, as `kindOf` shows them. A function's error reads `error calling NAME: …`,
//! as the dialect's own functions word theirs.
//!
//! Go objects a function returns (a `semver` version, a `time.Time`, a certificate, a
//! duration) stay objects: their fields and methods answer (`semver(v).Major`, `ca.Cert`),
//! they print as Go prints them, and they go back into the functions that take them
//! (`now() | date("2006")`, `genSignedCert(…, ca)`).
//!
//! Not here, on purpose ([`KEPT_BUILTIN_FILTERS`]): filters whose names minijinja's own
//! builtin filters already use in the dialect (`list`, `max`, `min`, `reverse`, `round`,
//! `slice`); those names are added as functions only, so templates written for the dialect keep
//! their meaning. Maps are values in minijinja, so `set`, `unset` and `merge`-like functions
//! return the changed map rather than changing the caller's in place.

use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use minijinja::value::{Enumerator, Object, ObjectRepr, Rest, Value as MjValue, ValueKind};
use minijinja::{Environment, Error as MjError, ErrorKind};

use crate::gotpl::exec::go_type;
use crate::gotpl::funcs::crypto::Certificate;
use crate::gotpl::funcs::date::{GoTime, OwnedTime};
use crate::gotpl::funcs::durations::Duration;
use crate::gotpl::funcs::semver::SemverVersion;
use crate::gotpl::value::{Dict, List, ListType, MapType};
use crate::gotpl::{Ctx, Func, GoType, Value as GoValue};

/// Names of the map whose filter form stays minijinja's builtin filter (the dialect's charts
/// already use them with minijinja's meaning); the function form is the map's.
pub const KEPT_BUILTIN_FILTERS: &[&str] = &["list", "max", "min", "reverse", "round", "slice"];

fn err(msg: String) -> MjError {
    MjError::new(ErrorKind::InvalidOperation, msg)
}

/// How a function's arguments become Go values: as its Go signature says ([`to_go_arg`]), or
/// with the leniency of the dialect's own functions ([`to_lenient_arg`]).
type Convert = fn(&MjValue, GoType) -> Result<GoValue, String>;

/// Adds every function of Helm's map as filter and function. Called before the dialect's own
/// functions are installed, which then replace the ones the dialect already has.
pub(crate) fn install(env: &mut Environment<'static>) {
    for f in crate::gotpl::funcs::FUNCS {
        add(env, f, to_go_arg);
    }
}

/// Adds function `name` of Helm's map as filter and function, with the dialect's lenient
/// arguments (see [`to_lenient_arg`]): one of the functions the dialect had before it reached
/// Helm's map, which always took any value where Go takes a string or a number.
pub(crate) fn install_lenient(env: &mut Environment<'static>, name: &str) {
    if let Some(f) = crate::gotpl::funcs::lookup(name) {
        add(env, f, to_lenient_arg);
    }
}

/// Adds `func` as function and (unless minijinja's builtin filter keeps the name) as filter,
/// whose piped value is the last argument.
fn add(env: &mut Environment<'static>, func: &'static Func, convert: Convert) {
    env.add_function(func.name, move |args: Rest<MjValue>| {
        call_with(func, &args, convert)
    });
    if !KEPT_BUILTIN_FILTERS.contains(&func.name) {
        env.add_filter(func.name, move |piped: MjValue, args: Rest<MjValue>| {
            let mut argv = args.0;
            argv.push(piped);
            call_with(func, &argv, convert)
        });
    }
}

/// Calls `f` with template values in Sprig's order: Go's argument count check, each argument
/// converted to its parameter's Go type by `convert`, the result converted back.
fn call_with(f: &Func, args: &[MjValue], convert: Convert) -> Result<MjValue, MjError> {
    check_arity(f, args.len())?;
    let mut argv = Vec::with_capacity(args.len());
    for (i, a) in args.iter().enumerate() {
        let ty = f
            .params
            .get(i)
            .copied()
            .or(f.variadic)
            .unwrap_or(GoType::Interface);
        argv.push(convert(a, ty).map_err(|e| err(format!("error calling {}: {e}", f.name)))?);
    }
    run(f, &argv)
}

/// The dialect's own argument conversion: where Go takes a string, any value as Sprig's
/// `strval` prints it (nothing for none); where Go takes a number, any value as spf13/cast reads
/// it (`"42"` is 42, `3.9` is 3, none is 0); anything else as [`to_go_arg`] converts it.
fn to_lenient_arg(v: &MjValue, ty: GoType) -> Result<GoValue, String> {
    use crate::gotpl::funcs::conv;
    let nil = v.is_undefined() || v.is_none();
    Ok(match ty {
        GoType::String if nil => GoValue::str(""),
        GoType::String => match v.as_str() {
            Some(s) => GoValue::str(s),
            None => GoValue::from(conv::strval(&to_go(v))),
        },
        GoType::Int => GoValue::Int(conv::to_int64(&to_go(v))),
        GoType::Int64 => GoValue::Int64(conv::to_int64(&to_go(v))),
        GoType::Float64 => GoValue::Float(conv::to_float64(&to_go(v))),
        _ => return to_go_arg(v, ty),
    })
}

/// Go's argument count check.
fn check_arity(f: &Func, got: usize) -> Result<(), MjError> {
    let fixed = f.params.len();
    match f.variadic {
        Some(_) if got < fixed => Err(err(format!(
            "wrong number of args for {}: want at least {fixed} got {got}",
            f.name
        ))),
        None if got != fixed => Err(err(format!(
            "wrong number of args for {}: want {fixed} got {got}",
            f.name
        ))),
        _ => Ok(()),
    }
}

thread_local! {
    /// The functions' context (random source, clock) for this thread's renders: made once, as
    /// seeding a random source per call would cost a system call each time.
    static CTX: std::cell::RefCell<Ctx> = std::cell::RefCell::new(Ctx::new());
}

/// Sets the `TZ` variable this thread's renders see (Go's local time; `None`: unset).
pub(crate) fn set_time_zone(tz: Option<&str>) {
    CTX.with(|c| {
        if let Ok(mut ctx) = c.try_borrow_mut() {
            if ctx.tz.as_deref() != tz {
                ctx.tz = tz.map(str::to_owned);
            }
        }
    });
}

/// Sets what this thread's renders would reach outside the chart in Helm (`getHostByName`,
/// `lookup`).
pub(crate) fn set_remote(remote: crate::request::RemoteAccess) {
    CTX.with(|c| {
        if let Ok(mut ctx) = c.try_borrow_mut() {
            ctx.remote = remote;
        }
    });
}

/// What this thread's renders would reach outside the chart ([`set_remote`]).
pub(crate) fn remote() -> crate::request::RemoteAccess {
    CTX.with(|c| c.try_borrow().map(|ctx| ctx.remote).unwrap_or_default())
}

/// Sets the Helm whose function wording this thread's renders follow (semver errors,
/// `fromJson` errors, `toToml` floats), as the Go engine takes it from the profile.
pub(crate) fn set_helm(go: &crate::profile::GoTemplates) {
    crate::go::set_unicode(go.funcs.unicode);
    CTX.with(|c| {
        if let Ok(mut ctx) = c.try_borrow_mut() {
            ctx.funcs = go.funcs;
        }
    });
}

fn run(f: &Func, argv: &[GoValue]) -> Result<MjValue, MjError> {
    let result = CTX.with(|c| match c.try_borrow_mut() {
        Ok(mut ctx) => (f.call)(&mut ctx, argv),
        Err(_) => {
            let mut ctx = Ctx::new();
            if let Ok(outer) = c.try_borrow() {
                ctx.tz = outer.tz.clone();
                ctx.funcs = outer.funcs;
                ctx.remote = outer.remote;
            }
            (f.call)(&mut ctx, argv)
        }
    });
    match result {
        Ok(v) => Ok(from_go(&v)),
        Err(e) => Err(err(format!("error calling {}: {e}", f.name))),
    }
}

/// Converts an argument to the parameter's Go type, as text/template would accept it.
pub(crate) fn to_go_arg(v: &MjValue, ty: GoType) -> Result<GoValue, String> {
    let go = to_go(v);
    if go.is_nil() {
        return match ty {
            GoType::Interface | GoType::List | GoType::StringList | GoType::Map => Ok(GoValue::Nil),
            _ => Err(format!("invalid value; expected {}", go_type(ty))),
        };
    }
    let ok = match (&go, ty) {
        (_, GoType::Interface) => return Ok(go),
        // An integer written in a template is an untyped constant in Go: it fits `int`.
        (GoValue::Int64(i), GoType::Int) => return Ok(GoValue::Int(*i)),
        (GoValue::Int64(i), GoType::Float64) => return Ok(GoValue::Float(*i as f64)),
        (GoValue::String(_), GoType::String)
        | (GoValue::Bool(_), GoType::Bool)
        | (GoValue::Int64(_), GoType::Int64)
        | (GoValue::Float(_), GoType::Float64)
        | (GoValue::Map(_), GoType::Map) => true,
        (GoValue::List(_), GoType::List) => true,
        (GoValue::List(l), GoType::StringList) => l.items.iter().all(|i| i.as_str().is_some()),
        _ => false,
    };
    if ok {
        if let (GoValue::List(l), GoType::StringList) = (&go, ty) {
            return Ok(GoValue::List(List {
                items: l.items.clone(),
                elem: ListType::String,
            }));
        }
        return Ok(go);
    }
    Err(format!(
        "wrong type for value; expected {}; got {}",
        go_type(ty),
        go.type_name("map[string]interface {}")
    ))
}

/// A template value as the Go value the functions see: integers `int64`, numbers with a
/// fraction `float64`, sequences `[]interface {}`, maps `map[string]interface {}`.
pub(crate) fn to_go(v: &MjValue) -> GoValue {
    match v.kind() {
        ValueKind::Undefined | ValueKind::None | ValueKind::Invalid => GoValue::Nil,
        ValueKind::Bool => GoValue::Bool(v.is_true()),
        ValueKind::Number => match v.as_i64() {
            Some(i) if v.is_integer() => GoValue::Int64(i),
            _ => GoValue::Float(f64::try_from(v.clone()).unwrap_or(f64::NAN)),
        },
        ValueKind::String => GoValue::str(v.as_str().unwrap_or("")),
        ValueKind::Bytes => GoValue::Bytes(Rc::from(v.as_bytes().unwrap_or(&[]))),
        ValueKind::Seq | ValueKind::Iterable => GoValue::list(
            v.try_iter()
                .map(|it| it.map(|i| to_go(&i)).collect())
                .unwrap_or_default(),
        ),
        ValueKind::Map => {
            let mut m = BTreeMap::new();
            if let Ok(keys) = v.try_iter() {
                for k in keys {
                    let item = v.get_item(&k).unwrap_or_default();
                    let key = k.as_str().map_or_else(|| k.to_string(), str::to_owned);
                    m.insert(key, to_go(&item));
                }
            }
            GoValue::Map(Dict::from_map(m, MapType::Interface))
        }
        ValueKind::Plain => match v.downcast_object_ref::<GoObject>() {
            Some(o) => o.to_go(),
            None => GoValue::from(v.to_string()),
        },
        _ => GoValue::Nil,
    }
}

/// A Go value as a template value: `int`/`int64` integers, `float64` floats, lists as
/// sequences, maps as maps in key order, Go objects as [`GoObject`]s.
pub(crate) fn from_go(v: &GoValue) -> MjValue {
    match v {
        GoValue::Nil => MjValue::from(()),
        GoValue::Bool(b) => MjValue::from(*b),
        GoValue::Int(i) | GoValue::Int64(i) => MjValue::from(*i),
        GoValue::Float(f) => MjValue::from(*f),
        GoValue::String(s) => MjValue::from(&**s),
        GoValue::RawString(b) => MjValue::from(crate::go::go_lossy(b)),
        GoValue::Bytes(b) => MjValue::from_bytes(b.to_vec()),
        GoValue::List(l) => MjValue::from(l.items.iter().map(from_go).collect::<Vec<_>>()),
        GoValue::Map(m) => MjValue::from(
            m.entries
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), from_go(v)))
                .collect::<BTreeMap<_, _>>(),
        ),
        // A number of a Go object (a semver version's `uint64`s) is a number to minijinja.
        GoValue::Object(o) => match o
            .as_any()
            .and_then(|a| a.downcast_ref::<crate::gotpl::value::Uint64>())
        {
            Some(n) => MjValue::from(n.0),
            None => MjValue::from_object(GoObject::of(&**o)),
        },
    }
}

/// A Go object a function returned, held so it can cross minijinja's thread-safe values and
/// go back to the functions as the same Go value.
#[derive(Debug)]
pub(crate) enum GoObject {
    /// `*semver.Version` (or `semver.Version`).
    Semver(SemverVersion),
    /// `time.Time`.
    Time(Box<OwnedTime>),
    /// Sprig's certificate (`.Cert`, `.Key`).
    Cert(Certificate),
    /// `time.Duration`.
    Duration(Duration),
    /// Any other object: what `encoding/json` and `%v` make of it.
    Other {
        /// Go's `%v`.
        text: String,
        /// Go's JSON of it, as a Go value tree.
        json: Option<crate::Value>,
    },
}

impl GoObject {
    fn of(o: &dyn crate::gotpl::Object) -> GoObject {
        let any = o.as_any();
        if let Some(v) = any.and_then(|a| a.downcast_ref::<SemverVersion>()) {
            return GoObject::Semver(v.clone());
        }
        if let Some(t) = any.and_then(|a| a.downcast_ref::<GoTime>()) {
            return GoObject::Time(Box::new(t.to_owned_time()));
        }
        if let Some(c) = any.and_then(|a| a.downcast_ref::<Certificate>()) {
            return GoObject::Cert(c.clone());
        }
        if let Some(d) = any.and_then(|a| a.downcast_ref::<Duration>()) {
            return GoObject::Duration(*d);
        }
        let mut text = String::new();
        o.format(&mut text);
        GoObject::Other {
            text,
            json: o.to_json().and_then(|j| j.to_values()),
        }
    }

    /// The Go value again.
    pub(crate) fn to_go(&self) -> GoValue {
        match self {
            GoObject::Semver(v) => GoValue::Object(Rc::new(v.clone())),
            GoObject::Time(t) => GoValue::Object(Rc::new(t.to_time())),
            GoObject::Cert(c) => GoValue::Object(Rc::new(c.clone())),
            GoObject::Duration(d) => GoValue::Object(Rc::new(*d)),
            GoObject::Other { json, .. } => {
                json.as_ref().map_or(GoValue::Nil, GoValue::from_values)
            }
        }
    }

    /// Go's `%v` of it.
    pub(crate) fn go_string(&self) -> String {
        match self {
            GoObject::Other { text, .. } => text.clone(),
            other => {
                let mut out = String::new();
                if let GoValue::Object(o) = other.to_go() {
                    o.format(&mut out);
                }
                out
            }
        }
    }

    /// What `toJson`/`toYaml` see: the object's JSON as a values tree.
    pub(crate) fn to_values(&self) -> crate::Value {
        match self {
            GoObject::Other { json, .. } => json.clone().unwrap_or(crate::Value::Null),
            other => other.to_go().to_values().unwrap_or(crate::Value::Null),
        }
    }

    fn member(&self, name: &str, args: &[MjValue]) -> Option<Result<MjValue, MjError>> {
        let GoValue::Object(o) = self.to_go() else {
            return None;
        };
        if args.is_empty() {
            if let Some(v) = o.field(name) {
                return Some(Ok(from_go(&v)));
            }
        }
        let argv: Vec<GoValue> = args.iter().map(to_go).collect();
        crate::gotpl::value::call_method(&*o, name, &argv, "chartutil.Values").map(|r| {
            r.map(|v| from_go(&v))
                .map_err(|e| err(format!("error calling {name}: {e}")))
        })
    }
}

impl Object for GoObject {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Plain
    }

    fn get_value(self: &Arc<Self>, key: &MjValue) -> Option<MjValue> {
        self.member(key.as_str()?, &[]).and_then(Result::ok)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::NonEnumerable
    }

    fn is_true(self: &Arc<Self>) -> bool {
        true
    }

    fn call_method(
        self: &Arc<Self>,
        _state: &minijinja::State<'_, '_>,
        method: &str,
        args: &[MjValue],
    ) -> Result<MjValue, MjError> {
        self.member(method, args).unwrap_or_else(|| {
            Err(MjError::new(
                ErrorKind::UnknownMethod,
                format!("{} has no method {method}", self.type_name()),
            ))
        })
    }

    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.go_string())
    }
}

impl GoObject {
    /// Go's `%T` of it.
    pub(crate) fn type_name(&self) -> String {
        match self.to_go() {
            GoValue::Object(o) => o.type_name().to_owned(),
            other => other.type_name("map[string]interface {}"),
        }
    }
}

#[cfg(test)]
#[path = "gofuncs_tests.rs"]
mod tests;
