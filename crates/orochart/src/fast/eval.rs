//! Runs a [`Program`] over a values tree.
//!
//! Values are read where they are: a template value is a borrowed node of the values tree
//! ([`V::Ref`]) or something computed (a string, an integer, a list), never a converted copy
//! of the tree. Every operation either does exactly what minijinja (with orochart's
//! functions) does, or gives up ([`GiveUp`]) and the whole render is done again by minijinja:
//! errors, `fail`, and every case this file does not model with certainty (comparing a string
//! with a number, an attribute of undefined, iterating a string, …) take that path, so errors
//! keep minijinja's messages and locations.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use super::ir::{Expr, Filter, Func, Global, Ix, Program, Run, Stmt, LOOP, NONE};
use crate::go::{go_string, write_go_string, IntText};
use crate::gotpl::funcs::{conv, encoding, strings};
use crate::gotpl::Value as GoValue;
use crate::value::{Map, Value};

/// The fast path cannot answer this render with certainty; minijinja must.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GiveUp;

type R<T> = Result<T, GiveUp>;

/// How deep macro calls may nest before giving up (minijinja then reports the recursion).
const MAX_DEPTH: usize = 64;

static NULL: Value = Value::Null;

/// A template value.
#[derive(Clone, Debug)]
enum V<'a> {
    Undef,
    /// A node of the values tree or of `Release`/`Chart`/`Template`.
    Ref(&'a Value),
    /// `Values` itself.
    Root(&'a Map),
    /// A string borrowed from the program or from a map key.
    Lit(&'a str),
    /// A computed string that may be shared (a variable, a remembered helper's text).
    Str(Rc<str>),
    /// A computed string used once (a filter's or a helper's result): not copied into an
    /// `Rc` unless it is kept (see [`V::shared`]).
    Own(String),
    Int(i64),
    Bool(bool),
    List(Rc<Vec<V<'a>>>),
    /// `map | items`.
    Items(&'a Map),
    Ns(Rc<RefCell<Vec<(Ix, V<'a>)>>>),
    Helpers,
    Macro(Ix),
    /// `loop`: index0, length.
    Loop(usize, usize),
}

impl<'a> V<'a> {
    fn as_str(&self) -> Option<&str> {
        match self {
            V::Lit(s) => Some(s),
            V::Str(s) => Some(s),
            V::Own(s) => Some(s),
            V::Ref(Value::String(s)) => Some(s),
            _ => None,
        }
    }

    /// The value as it is kept in a variable, read any number of times: an owned string
    /// becomes shared, so that reading it does not copy it.
    fn shared(self) -> V<'a> {
        match self {
            V::Own(s) => V::Str(Rc::from(s)),
            v => v,
        }
    }

    fn as_int(&self) -> Option<i64> {
        match self {
            V::Int(i) | V::Ref(Value::Int(i)) => Some(*i),
            _ => None,
        }
    }

    fn is_nil(&self) -> bool {
        matches!(self, V::Undef | V::Ref(Value::Null))
    }

    /// The values-tree value minijinja's conversion would give (undefined is null).
    fn to_value(&self) -> R<Cow<'a, Value>> {
        Ok(match self {
            V::Undef => Cow::Borrowed(&NULL),
            V::Ref(v) => Cow::Borrowed(*v),
            V::Root(m) => Cow::Owned(Value::Map((*m).clone())),
            V::Lit(s) => Cow::Owned(Value::String((*s).to_owned())),
            V::Str(s) => Cow::Owned(Value::String(s.to_string())),
            V::Own(s) => Cow::Owned(Value::String(s.clone())),
            V::Int(i) => Cow::Owned(Value::Int(*i)),
            V::Bool(b) => Cow::Owned(Value::Bool(*b)),
            V::List(items) => Cow::Owned(Value::List(
                items
                    .iter()
                    .map(|i| i.to_value().map(Cow::into_owned))
                    .collect::<R<_>>()?,
            )),
            _ => return Err(GiveUp),
        })
    }

    /// minijinja's truthiness.
    fn truthy(&self) -> R<bool> {
        Ok(match self {
            V::Undef => false,
            V::Ref(v) => match v {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Int(i) => *i != 0,
                Value::Float(f) => *f != 0.0,
                Value::String(s) => !s.is_empty(),
                Value::List(l) => !l.is_empty(),
                Value::Map(m) => !m.is_empty(),
            },
            V::Root(m) => !m.is_empty(),
            V::Lit(s) => !s.is_empty(),
            V::Str(s) => !s.is_empty(),
            V::Own(s) => !s.is_empty(),
            V::Int(i) => *i != 0,
            V::Bool(b) => *b,
            V::List(l) => !l.is_empty(),
            _ => return Err(GiveUp),
        })
    }

    /// Go's text for the value (`toString`): strings as they are, anything else printed.
    fn text(&self) -> R<Cow<'_, str>> {
        if let Some(s) = self.as_str() {
            return Ok(Cow::Borrowed(s));
        }
        Ok(Cow::Owned(go_string(&*self.to_value()?)))
    }

    /// Helm's `strval`: nil as "", else [`V::text`].
    fn strval(&self) -> R<Cow<'_, str>> {
        if self.is_nil() {
            return Ok(Cow::Borrowed(""));
        }
        self.text()
    }

    /// Sprig's `empty`.
    fn is_empty(&self) -> R<bool> {
        Ok(match self {
            V::Undef => true,
            V::Ref(v) => v.is_empty_value(),
            V::Root(m) => m.is_empty(),
            V::Lit(s) => s.is_empty(),
            V::Str(s) => s.is_empty(),
            V::Own(s) => s.is_empty(),
            V::Int(i) => *i == 0,
            V::Bool(b) => !b,
            V::List(l) => l.is_empty(),
            _ => return Err(GiveUp),
        })
    }
}

/// A list's items as they are kept: strings shared (in place, no new allocation).
fn shared(items: Vec<V<'_>>) -> Vec<V<'_>> {
    items.into_iter().map(V::shared).collect()
}

fn string<'a>(s: String) -> V<'a> {
    V::Own(s)
}

/// One render's evaluation state.
pub(crate) struct Machine<'a> {
    prog: &'a Program,
    values: &'a Map,
    release: &'a Value,
    chart: &'a Value,
    template: &'a Value,
    /// Bound names, innermost last; lookups stop at `base` (a macro sees only its own).
    frames: Vec<(Ix, V<'a>)>,
    base: usize,
    depth: usize,
    /// The text of each argument-less helper call, once computed.
    memo: Vec<Option<Rc<str>>>,
    /// Each macro's last output length, to size the next call's buffer.
    sizes: Vec<usize>,
    /// Filter arguments being evaluated (a filter sees its own, from a mark to the end).
    stack: Vec<V<'a>>,
}

impl<'a> Machine<'a> {
    pub(crate) fn new(
        prog: &'a Program,
        values: &'a Map,
        release: &'a Value,
        chart: &'a Value,
    ) -> Machine<'a> {
        Machine {
            prog,
            values,
            release,
            chart,
            template: &NULL,
            frames: Vec::with_capacity(16),
            base: 0,
            depth: 0,
            memo: vec![None; prog.macros.len()],
            sizes: vec![0; prog.macros.len()],
            stack: Vec::with_capacity(16),
        }
    }

    /// Renders the template at `path` (inside `templates/`) with `template` as `Template`,
    /// into a buffer of `capacity` bytes to start with (at least 2 KiB).
    pub(crate) fn render(&mut self, path: &str, template: &'a Value, capacity: usize) -> R<String> {
        let def = *self.prog.template(path).ok_or(GiveUp)?;
        self.template = template;
        self.frames.clear();
        self.stack.clear();
        self.base = 0;
        let mut out = String::with_capacity(capacity.max(2048));
        self.block(def.body, &mut out)?;
        Ok(out)
    }

    fn block(&mut self, body: Run, out: &mut String) -> R<()> {
        let prog = self.prog;
        for &s in prog.run(body) {
            self.stmt(prog.stmts[s as usize], out)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: Stmt, out: &mut String) -> R<()> {
        match s {
            Stmt::Raw(ix) => out.push_str(self.prog.str(ix)),
            Stmt::Emit(e) => {
                let v = self.expr(e)?;
                print(&v, out)?;
            }
            Stmt::If(cond, then, other) => {
                if self.expr(cond)?.truthy()? {
                    self.block(then, out)?;
                } else {
                    self.block(other, out)?;
                }
            }
            Stmt::For(a, b, iter, body) => {
                let items = self.expr(iter)?;
                let items = iterate(&items)?;
                let len = items.len();
                for (i, item) in items.into_iter().enumerate() {
                    let mark = self.frames.len();
                    self.frames.push((LOOP, V::Loop(i, len)));
                    if b == NONE {
                        self.frames.push((a, item));
                    } else {
                        let (x, y) = unpack(item)?;
                        self.frames.push((a, x));
                        self.frames.push((b, y));
                    }
                    let done = self.block(body, out);
                    self.frames.truncate(mark);
                    done?;
                }
            }
            Stmt::Set(name, e) => {
                let v = self.expr(e)?.shared();
                self.frames.push((name, v));
            }
            Stmt::SetAttr(name, attr, e) => {
                let v = self.expr(e)?.shared();
                match self.lookup(name) {
                    Some(V::Ns(ns)) => set_attr(&ns, attr, v),
                    _ => return Err(GiveUp),
                }
            }
        }
        Ok(())
    }

    fn lookup(&self, name: Ix) -> Option<V<'a>> {
        self.frames[self.base..]
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    }

    fn global(&self, g: Global) -> V<'a> {
        match g {
            Global::Values => V::Root(self.values),
            Global::Release => V::Ref(self.release),
            Global::Chart => V::Ref(self.chart),
            Global::Template => V::Ref(self.template),
            Global::Helpers => V::Helpers,
        }
    }

    /// The operand of `e` when `e` is `x | toYaml` or `toYaml(x)`.
    fn to_yaml_operand(&self, e: Ix) -> Option<Ix> {
        let prog = self.prog;
        match prog.exprs[e as usize] {
            Expr::Filter(Filter::ToYaml, x, args) if prog.run(args).is_empty() => Some(x),
            Expr::Func(Func::ToYaml, args) => match prog.run(args) {
                &[x] => Some(x),
                _ => None,
            },
            _ => None,
        }
    }

    /// Evaluates the arguments `run` onto the argument stack; answers where they start.
    fn push_args(&mut self, run: Run) -> R<usize> {
        let mark = self.stack.len();
        for &e in self.prog.run(run) {
            let v = self.expr(e)?;
            self.stack.push(v);
        }
        Ok(mark)
    }

    fn args(&mut self, run: Run) -> R<Vec<V<'a>>> {
        let prog = self.prog;
        prog.run(run).iter().map(|&e| self.expr(e)).collect()
    }

    fn expr(&mut self, e: Ix) -> R<V<'a>> {
        let prog = self.prog;
        Ok(match prog.exprs[e as usize] {
            Expr::Str(ix) => V::Lit(prog.str(ix)),
            Expr::Int(i) => V::Int(i),
            Expr::Bool(b) => V::Bool(b),
            Expr::Null => V::Ref(&NULL),
            Expr::Undefined => V::Undef,
            Expr::Global(g) => self.global(g),
            Expr::Local(name, g) => match self.lookup(name) {
                Some(v) => v,
                None => g.map_or(V::Undef, |g| self.global(g)),
            },
            Expr::Macro(m) => V::Macro(m),
            Expr::Attr(obj, name) => {
                let obj = self.expr(obj)?;
                attr(&obj, prog.str(name), name)?
            }
            Expr::Item(obj, key) => {
                let obj = self.expr(obj)?;
                let key = self.expr(key)?;
                item(&obj, &key)?
            }
            Expr::Not(x) => V::Bool(!self.expr(x)?.truthy()?),
            Expr::And(a, b) => {
                let a = self.expr(a)?;
                if a.truthy()? {
                    self.expr(b)?
                } else {
                    a
                }
            }
            Expr::Or(a, b) => {
                let a = self.expr(a)?;
                if a.truthy()? {
                    a
                } else {
                    self.expr(b)?
                }
            }
            Expr::Eq(a, b) => {
                let (a, b) = (self.expr(a)?, self.expr(b)?);
                V::Bool(equal(&a, &b)?)
            }
            Expr::Ne(a, b) => {
                let (a, b) = (self.expr(a)?, self.expr(b)?);
                V::Bool(!equal(&a, &b)?)
            }
            Expr::Add(a, b) => {
                let (a, b) = (self.expr(a)?, self.expr(b)?);
                add(&a, &b)?
            }
            Expr::Cond(cond, a, b) => {
                if self.expr(cond)?.truthy()? {
                    self.expr(a)?
                } else if b == NONE {
                    V::Undef
                } else {
                    self.expr(b)?
                }
            }
            Expr::List(run) => V::List(Rc::new(shared(self.args(run)?))),
            Expr::Filter(f @ (Filter::Nindent | Filter::Indent), input, args)
                if self.to_yaml_operand(input).is_some() =>
            {
                // `toYaml | nindent(n)`: one pass, no intermediate text.
                let operand = self.to_yaml_operand(input).ok_or(GiveUp)?;
                let value = self.expr(operand)?;
                let value = value.to_value()?;
                let mark = self.push_args(args)?;
                let pad = int_arg(&self.stack[mark..], 0);
                self.stack.truncate(mark);
                let pad = usize::try_from(pad?).unwrap_or(0);
                string(crate::yaml::to_yaml_indented(
                    &value,
                    f == Filter::Nindent,
                    pad,
                ))
            }
            Expr::Filter(f, input, args) => {
                let input = self.expr(input)?;
                let mark = self.push_args(args)?;
                let out = filter(f, input, &self.stack[mark..]);
                self.stack.truncate(mark);
                out?
            }
            Expr::Func(f, args) => {
                let args = self.args(args)?;
                self.func(f, args)?
            }
            Expr::Call(callee, args) => {
                let callee = self.expr(callee)?;
                let args = self.args(args)?;
                match callee {
                    V::Macro(m) => self.call_macro(m, args)?,
                    _ => return Err(GiveUp),
                }
            }
            Expr::Namespace(run) => {
                let pairs = prog.run(run);
                let mut ns = Vec::with_capacity(pairs.len() / 2);
                for pair in pairs.chunks(2) {
                    let v = self.expr(pair[1])?.shared();
                    ns.push((pair[0], v));
                }
                V::Ns(Rc::new(RefCell::new(ns)))
            }
            Expr::GiveUp => return Err(GiveUp),
        })
    }

    fn call_macro(&mut self, id: Ix, args: Vec<V<'a>>) -> R<V<'a>> {
        let prog = self.prog;
        let m = prog.macros[id as usize];
        let params = prog.run(m.params);
        if args.len() > params.len() || self.depth >= MAX_DEPTH {
            return Err(GiveUp);
        }
        let once = m.once && args.is_empty();
        if once {
            if let Some(text) = &self.memo[id as usize] {
                return Ok(V::Str(text.clone()));
            }
        }
        let (mark, base) = (self.frames.len(), self.base);
        self.base = mark;
        let mut args = args.into_iter();
        for &p in params {
            let arg = args.next().map_or(V::Undef, V::shared);
            self.frames.push((p, arg));
        }
        self.depth += 1;
        let mut out = String::with_capacity(self.sizes[id as usize]);
        let done = self.block(m.body, &mut out);
        self.sizes[id as usize] = out.len();
        self.depth -= 1;
        self.frames.truncate(mark);
        self.base = base;
        done?;
        if !once {
            return Ok(V::Own(out));
        }
        let text: Rc<str> = Rc::from(out);
        self.memo[id as usize] = Some(text.clone());
        Ok(V::Str(text))
    }

    fn func(&mut self, f: Func, args: Vec<V<'a>>) -> R<V<'a>> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or(V::Undef);
        Ok(match f {
            Func::Printf => {
                let format = args.first().and_then(V::as_str).ok_or(GiveUp)?;
                let rest = args[1..]
                    .iter()
                    .map(|a| Ok(GoValue::from_values(&*a.to_value()?)))
                    .collect::<R<Vec<GoValue>>>()?;
                string(crate::gotpl::fmt::sprintf(format, &rest))
            }
            Func::Include => match args.first() {
                Some(V::Macro(m)) => {
                    let m = *m;
                    self.call_macro(m, args[1..].to_vec())?
                }
                _ => return Err(GiveUp),
            },
            Func::Fail => return Err(GiveUp),
            Func::Has => V::Bool(has(&arg(0), &arg(1))?),
            Func::Quote => string(quote_all(&args, '"')?),
            Func::Default => {
                if args.len() == 2 && !args[1].is_empty()? {
                    arg(1)
                } else {
                    arg(0)
                }
            }
            Func::List => V::List(Rc::new(shared(args))),
            Func::ToYaml => filter(Filter::ToYaml, arg(0), &[])?,
            Func::ToJson => filter(Filter::ToJson, arg(0), &[])?,
            Func::ToString => filter(Filter::ToString, arg(0), &[])?,
            Func::Required => required(arg(1))?,
        })
    }
}

/// Prints a value as orochart's minijinja formatter does.
fn print(v: &V<'_>, out: &mut String) -> R<()> {
    match v {
        V::Undef | V::Ref(Value::Null) => {}
        V::Lit(s) => out.push_str(s),
        V::Str(s) => out.push_str(s),
        V::Own(s) => out.push_str(s),
        V::Ref(Value::String(s)) => out.push_str(s),
        V::Ref(v) => write_go_string(out, v),
        V::Int(i) => out.push_str(IntText::new(*i).as_str()),
        V::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        V::Root(_) | V::List(_) => out.push_str(&go_string(&*v.to_value()?)),
        _ => return Err(GiveUp),
    }
    Ok(())
}

/// `obj.name`; `ix` is the name's index in the program's strings (namespaces key by it), or
/// [`NONE`] for a computed key.
fn attr<'a>(obj: &V<'a>, name: &str, ix: Ix) -> R<V<'a>> {
    let map: &Map = match obj {
        V::Root(m) => m,
        V::Ref(Value::Map(m)) => m,
        V::Ns(ns) if ix != NONE => {
            return Ok(ns
                .borrow()
                .iter()
                .find(|(n, _)| *n == ix)
                .map_or(V::Undef, |(_, v)| v.clone()));
        }
        V::Loop(i, len) => {
            let (i, len) = (*i, *len);
            return Ok(match name {
                "index0" => V::Int(i as i64),
                "index" => V::Int(i as i64 + 1),
                "first" => V::Bool(i == 0),
                "last" => V::Bool(i + 1 == len),
                "length" => V::Int(len as i64),
                "revindex" => V::Int((len - i) as i64),
                "revindex0" => V::Int((len - i - 1) as i64),
                _ => return Err(GiveUp),
            });
        }
        // Not an object: minijinja's attribute lookup answers undefined.
        V::Ref(_) | V::Lit(_) | V::Str(_) | V::Own(_) | V::Int(_) | V::Bool(_) | V::List(_) => {
            return Ok(V::Undef)
        }
        _ => return Err(GiveUp),
    };
    Ok(map.get(name).map_or(V::Undef, V::Ref))
}

fn set_attr<'a>(ns: &Rc<RefCell<Vec<(Ix, V<'a>)>>>, attr: Ix, v: V<'a>) {
    let mut ns = ns.borrow_mut();
    match ns.iter_mut().find(|(n, _)| *n == attr) {
        Some(slot) => slot.1 = v,
        None => ns.push((attr, v)),
    }
}

fn item<'a>(obj: &V<'a>, key: &V<'a>) -> R<V<'a>> {
    if let Some(k) = key.as_str() {
        return match obj {
            V::Root(_) | V::Ref(Value::Map(_)) => attr(obj, k, NONE),
            _ => Err(GiveUp),
        };
    }
    let Some(i) = key.as_int().and_then(|i| usize::try_from(i).ok()) else {
        return Err(GiveUp);
    };
    Ok(match obj {
        V::Ref(Value::List(l)) => l.get(i).map_or(V::Undef, V::Ref),
        V::List(l) => l.get(i).cloned().unwrap_or(V::Undef),
        _ => return Err(GiveUp),
    })
}

fn equal(a: &V<'_>, b: &V<'_>) -> R<bool> {
    if let (Some(x), Some(y)) = (a.as_str(), b.as_str()) {
        return Ok(x == y);
    }
    if let (Some(x), Some(y)) = (a.as_int(), b.as_int()) {
        return Ok(x == y);
    }
    match (a, b) {
        (V::Bool(x) | V::Ref(Value::Bool(x)), V::Bool(y) | V::Ref(Value::Bool(y))) => Ok(x == y),
        (V::Ref(Value::Float(x)), V::Ref(Value::Float(y))) => Ok(x == y),
        _ => Err(GiveUp),
    }
}

fn add<'a>(a: &V<'a>, b: &V<'a>) -> R<V<'a>> {
    if let (Some(x), Some(y)) = (a.as_int(), b.as_int()) {
        return x.checked_add(y).map(V::Int).ok_or(GiveUp);
    }
    let items = |v: &V<'a>| -> Option<Vec<V<'a>>> {
        match v {
            V::List(l) => Some(l.to_vec()),
            V::Ref(Value::List(l)) => Some(l.iter().map(V::Ref).collect()),
            _ => None,
        }
    };
    match (items(a), items(b)) {
        (Some(mut x), Some(y)) => {
            x.extend(y);
            Ok(V::List(Rc::new(x)))
        }
        _ => Err(GiveUp),
    }
}

/// What a `for` loop walks: list items, map keys, `items` pairs; nothing for nil.
fn iterate<'a>(v: &V<'a>) -> R<Vec<V<'a>>> {
    Ok(match v {
        V::Undef | V::Ref(Value::Null) => Vec::new(),
        V::Ref(Value::List(l)) => l.iter().map(V::Ref).collect(),
        V::List(l) => l.to_vec(),
        V::Root(m) => m.keys().map(|k| V::Lit(k.as_str())).collect(),
        V::Ref(Value::Map(m)) => m.keys().map(|k| V::Lit(k.as_str())).collect(),
        V::Items(m) => m
            .iter()
            .map(|(k, v)| V::List(Rc::new(vec![V::Lit(k.as_str()), V::Ref(v)])))
            .collect(),
        _ => return Err(GiveUp),
    })
}

fn unpack<'a>(v: V<'a>) -> R<(V<'a>, V<'a>)> {
    match v {
        V::List(l) if l.len() == 2 => Ok((l[0].clone(), l[1].clone())),
        V::Ref(Value::List(l)) if l.len() == 2 => Ok((V::Ref(&l[0]), V::Ref(&l[1]))),
        _ => Err(GiveUp),
    }
}

/// Sprig's `has`, as orochart's: list items (nil is no items, anything else one item)
/// compared as values-tree values.
fn has(needle: &V<'_>, list: &V<'_>) -> R<bool> {
    let needle = needle.to_value()?;
    Ok(match list {
        V::Undef | V::Ref(Value::Null) => false,
        V::Ref(Value::List(l)) => l.contains(&needle),
        V::List(l) => {
            for i in l.iter() {
                if *i.to_value()? == *needle {
                    return Ok(true);
                }
            }
            false
        }
        other => *other.to_value()? == *needle,
    })
}

fn quote_all(args: &[V<'_>], q: char) -> R<String> {
    let mut parts = Vec::with_capacity(args.len());
    for a in args.iter().filter(|a| !a.is_nil()) {
        let t = a.text()?;
        parts.push(if q == '"' {
            crate::go::quote(&t)
        } else {
            format!("'{t}'")
        });
    }
    Ok(parts.join(" "))
}

/// Helm's `required` when it passes; a missing value is `fail`'s business (minijinja's).
fn required<'a>(v: V<'a>) -> R<V<'a>> {
    if v.is_nil() || v.as_str() == Some("") {
        return Err(GiveUp);
    }
    Ok(v)
}

fn int_arg(args: &[V<'_>], i: usize) -> R<i64> {
    args.get(i).and_then(V::as_int).ok_or(GiveUp)
}

fn str_arg<'b>(args: &'b [V<'_>], i: usize) -> R<&'b str> {
    args.get(i).and_then(V::as_str).ok_or(GiveUp)
}

fn filter<'a>(f: Filter, v: V<'a>, args: &[V<'a>]) -> R<V<'a>> {
    Ok(match f {
        Filter::Default => {
            if v.is_empty()? {
                args.first().cloned().ok_or(GiveUp)?
            } else {
                v
            }
        }
        Filter::Trunc => string(strings::trunc_str(int_arg(args, 0)?, &v.strval()?)),
        Filter::TrimSuffix => {
            let s = v.strval()?;
            string(s.strip_suffix(str_arg(args, 0)?).unwrap_or(&s).to_owned())
        }
        Filter::TrimPrefix => {
            let s = v.strval()?;
            string(s.strip_prefix(str_arg(args, 0)?).unwrap_or(&s).to_owned())
        }
        // Past the bound on a string's length, minijinja reports it.
        Filter::Replace => string(
            strings::replace_str(&v.strval()?, str_arg(args, 0)?, str_arg(args, 1)?)
                .map_err(|_| GiveUp)?,
        ),
        Filter::Quote => string(quote_all(std::slice::from_ref(&v), '"')?),
        Filter::Squote => string(quote_all(std::slice::from_ref(&v), '\'')?),
        Filter::ToYaml => string(crate::yaml::to_yaml(&*v.to_value()?).unwrap_or_default()),
        Filter::ToJson => string(crate::yaml::to_json(&*v.to_value()?).unwrap_or_default()),
        Filter::Nindent | Filter::Indent => {
            let n = int_arg(args, 0)?;
            let first = if f == Filter::Nindent { "\n" } else { "" };
            let mut out = String::from(first);
            // A negative count or a string past the bound: minijinja reports it.
            strings::push_indented(&mut out, n, &v.strval()?).map_err(|_| GiveUp)?;
            string(out)
        }
        Filter::Trim => string(strings::trim_str(&v.strval()?).to_owned()),
        Filter::Sha256sum => string(encoding::sha256_hex(v.strval()?.as_bytes())),
        Filter::Items => match v {
            V::Root(m) => V::Items(m),
            V::Ref(Value::Map(m)) => V::Items(m),
            _ => return Err(GiveUp),
        },
        Filter::ToString => match v.as_str() {
            Some(_) => v,
            None => string(v.text()?.into_owned()),
        },
        Filter::Upper => string(strings::upper_str(&v.strval()?)),
        Filter::Lower => string(strings::lower_str(&v.strval()?)),
        Filter::B64enc => string(encoding::b64_encode(v.strval()?.as_bytes())),
        Filter::Int => V::Int(match v.as_int() {
            Some(i) => i,
            None => conv::to_int64(&GoValue::from_values(&*v.to_value()?)),
        }),
        Filter::Required => required(v)?,
    })
}
