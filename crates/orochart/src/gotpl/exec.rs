//! Executing parsed templates as Go's `text/template` does (`exec.go`'s behaviour): variables
//! and their scopes, field chains on maps and Helm's objects, function calls with Go's argument
//! checks and conversions, control flow, and errors in Go's words at Go's `file:line:col`.
//!
//! One subtlety of Go is kept on purpose: a value read out of a `map[string]interface {}` (or a
//! `[]interface {}`) has static type `interface {}`. A missing key is then a *typed* nil, and
//! `.a.b` on it fails (`nil pointer evaluating interface {}.b`), while a pipeline's result is
//! unwrapped, so `$x := .a` makes `$x` an untyped nil on which `$x.b` is simply nil. [`V`]
//! carries that bit.

use std::collections::HashMap;
use std::fmt::Display;
use std::rc::Rc;
use std::sync::Arc;

use super::builtins::{self, Builtin};
use super::entries::KeyHash;
use super::func::{Ctx, Func, GoType};
use super::funcs::durations::Duration;
use super::parse::{Arg, Branch, Command, List, Node, Pipe, TemplateCall, TemplateNode, Tree};
use super::value::{ListType, MapType, Value};
use crate::limits;

/// A value as the executor holds it: the value, and whether its static type is `interface {}`.
#[derive(Clone, Debug, Default)]
pub struct V {
    pub v: Value,
    pub iface: bool,
}

impl V {
    pub fn new(v: Value) -> V {
        V { v, iface: false }
    }

    fn iface(v: Value) -> V {
        V { v, iface: true }
    }

    /// Go's `reflect.Value.Type()` for messages: `interface {}` when the static type is.
    fn type_name(&self, values_type: &str) -> String {
        if self.iface {
            "interface {}".into()
        } else {
            self.v.type_name(values_type)
        }
    }

    /// Whether this is an invalid `reflect.Value` (an untyped nil).
    fn invalid(&self) -> bool {
        !self.iface && self.v.is_nil()
    }
}

/// A set of named templates: the chart's files and their `define`s, or a `tpl` text's
/// templates over its parent set.
#[derive(Debug, Default)]
pub struct Set {
    trees: HashMap<String, Arc<Tree>, KeyHash>,
}

impl Set {
    /// Adds parsed trees, as Go's `AddParseTree` does: a later definition replaces an earlier
    /// one, except that an empty body never replaces a non-empty one.
    pub fn add(&mut self, trees: Vec<Tree>) {
        for t in trees {
            if let Some(old) = self.trees.get(&t.name) {
                if t.is_empty() && !old.is_empty() {
                    continue;
                }
            }
            self.trees.insert(t.name.clone(), Arc::new(t));
        }
    }

    /// The template called `name`.
    pub fn get(&self, name: &str) -> Option<&Arc<Tree>> {
        self.trees.get(name)
    }
}

/// The templates visible during one execution: a set, and the set it overlays (for `tpl`).
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    pub set: &'a Set,
    pub parent: Option<&'a Scope<'a>>,
}

impl<'a> Scope<'a> {
    pub fn lookup(&self, name: &str) -> Option<Arc<Tree>> {
        match self.set.get(name) {
            Some(t) => Some(t.clone()),
            None => self.parent.and_then(|p| p.lookup(name)),
        }
    }
}

/// What every execution of one render shares: the function context, Helm's `include`
/// recursion counts, and the nesting depth.
pub struct Machine<'c> {
    pub ctx: &'c mut Ctx,
    /// Go's `%T` of `chartutil.Values` in this Helm.
    pub values_type: &'static str,
    pub(crate) included: HashMap<String, usize, KeyHash>,
    pub(crate) depth: usize,
    /// Whether `range` iterates over integers (Go 1.24+).
    pub range_over_int: bool,
    /// Whether comparison errors name the types (Go 1.25+).
    pub comparison_names_types: bool,
    /// The Helm `(major, minor)` whose function map `tpl` parses with.
    pub release: (u32, u32),
    /// Template nodes walked and `range` iterations so far in this render.
    pub(crate) steps: u64,
    /// The most [`Machine::steps`] one render may take ([`limits::FUEL_PER_CHART`]).
    pub step_limit: u64,
    /// The variables of the executions under way (each sees its own, from its base up):
    /// one stack, so an execution (an `include`) makes no vector of its own.
    vars: Vec<(Arc<str>, V)>,
    /// The arguments of the function calls under way, innermost last.
    args: Vec<Value>,
    /// Output buffers given back by finished `include`s and `tpl`s ([`Machine::buffer`]).
    buffers: Vec<String>,
    /// The arguments of the builtin calls under way, innermost last.
    builtin_args: Vec<V>,
    /// For each output being captured as bytes ([`Machine::execute_bytes`]), innermost last:
    /// where strings that are not UTF-8 were printed into it.
    raw_prints: Vec<Vec<RawPrint>>,
    /// The `and`/`or` call that last stopped early: its command (by address) and the index in
    /// it of the argument it stopped at, which is where Go's executor then stands (see
    /// [`Stop`]).
    and_or_stop: Stop,
}

/// Where the last short-circuiting `and`/`or` stopped: `(command address, argument index)`.
type Stop = Option<(usize, usize)>;

/// A string whose bytes are not UTF-8, printed into an output: the output holds its text
/// (a U+FFFD a bad byte, as a Rust string must) at `at`, `len` bytes long.
struct RawPrint {
    at: usize,
    len: usize,
    bytes: Rc<[u8]>,
}

/// `text` with each raw print's bytes in place of its text.
fn splice_raw(text: &str, prints: &[RawPrint]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut last = 0;
    for p in prints {
        out.extend_from_slice(&text.as_bytes()[last..p.at]);
        out.extend_from_slice(&p.bytes);
        last = p.at + p.len;
    }
    out.extend_from_slice(&text.as_bytes()[last..]);
    out
}

/// Why a value that contains itself is not printed or walked.
const SELF_CONTAINED: &str =
    "a map that contains itself (orochart's limit, where Helm's Go recurses until its stack overflows)";

/// Whether a function walks the whole of its arguments (prints, serialises, copies or
/// compares them), which would never end on a map that contains itself. The rest only move
/// references around or look at the top level.
fn walks_arguments(name: &str) -> bool {
    !matches!(
        name,
        "set"
            | "unset"
            | "get"
            | "hasKey"
            | "dict"
            | "list"
            | "tuple"
            | "pick"
            | "omit"
            | "keys"
            | "values"
            | "merge"
            | "mergeOverwrite"
            | "mustMerge"
            | "mustMergeOverwrite"
            | "required"
            | "default"
            | "empty"
            | "coalesce"
            | "ternary"
            | "first"
            | "last"
            | "rest"
            | "initial"
            | "append"
            | "prepend"
            | "push"
            | "dig"
            | "kindOf"
            | "kindIs"
            | "typeOf"
            | "typeIs"
            | "typeIsLike"
            // encoding/json finds the cycle itself (`json: unsupported value: encountered a
            // cycle via …`): the functions that marshal check it as Go does.
            | "toYaml"
            | "mustToYaml"
            | "toJson"
            | "mustToJson"
            | "toPrettyJson"
            | "mustToPrettyJson"
            | "toRawJson"
            | "mustToRawJson"
    )
}

/// The error when a render has used its steps: Go's form for an error without a node.
fn out_of_steps(template: &str, limit: u64) -> String {
    format!(
        "template: {template}: the templates took more than {limit} steps, orochart's limit (a loop that never ends?)"
    )
}

/// Nested template executions (`template`, `include`, `tpl`) allowed before giving up: Helm
/// stops an `include` of one name nested 1,000 deep (so a template including itself, or two
/// including each other, end in Helm's own error); Go stops `template` at 100,000, and `tpl`
/// only when its stack runs out. The Rust stack bounds the rest: 2,500 levels fit the CLI's
/// stack ([`crate::limits`] explains the budget), and past them the error is Go's.
pub const MAX_DEPTH: usize = 2500;

/// How a walk ended: normally, or by `{{break}}`/`{{continue}}`.
#[derive(PartialEq)]
enum Flow {
    Normal,
    Break,
    Continue,
}

/// An execution error: Go's whole message (`template: f:1:2: executing "f" at <.a>: …`).
pub type ExecResult<T> = Result<T, String>;

impl<'c> Machine<'c> {
    pub fn new(ctx: &'c mut Ctx, values_type: &'static str) -> Machine<'c> {
        Machine {
            ctx,
            values_type,
            included: HashMap::default(),
            depth: 0,
            range_over_int: false,
            comparison_names_types: false,
            release: (u32::MAX, u32::MAX),
            steps: 0,
            step_limit: limits::FUEL_PER_CHART,
            vars: Vec::new(),
            args: Vec::new(),
            buffers: Vec::new(),
            builtin_args: Vec::new(),
            raw_prints: Vec::new(),
            and_or_stop: None,
        }
    }

    /// [`Machine::execute`] into `out`, keeping the bytes of what it printed as Go would:
    /// `None` when the output is text (`out` has it all), or its bytes when a string that is
    /// not UTF-8 was printed and the whole is not UTF-8 either (`out` then has it with a
    /// U+FFFD a bad byte). Helm's output is Go's bytes: `include` hands them on, and a
    /// manifest holding them is go-yaml's error.
    pub fn execute_bytes(
        &mut self,
        scope: &Scope<'_>,
        tree: Arc<Tree>,
        data: V,
        out: &mut String,
    ) -> ExecResult<Option<Vec<u8>>> {
        self.raw_prints.push(Vec::new());
        let r = self.execute(scope, tree, data, out);
        let prints = self.raw_prints.pop().unwrap_or_default();
        r?;
        if prints.is_empty() {
            return Ok(None);
        }
        match String::from_utf8(splice_raw(out, &prints)) {
            // Pieces printed apart can make a character together.
            Ok(text) => {
                *out = text;
                Ok(None)
            }
            Err(e) => Ok(Some(e.into_bytes())),
        }
    }

    /// An empty buffer for an execution's output (`include`, `tpl`): one that an earlier
    /// execution gave back, its room kept, so output grows without reallocating again.
    fn buffer(&mut self) -> String {
        let mut buf = self.buffers.pop().unwrap_or_default();
        buf.clear();
        buf
    }

    /// Executes the template `tree` with `data` as dot and `$`, appending to `out`.
    pub fn execute(
        &mut self,
        scope: &Scope<'_>,
        tree: Arc<Tree>,
        data: V,
        out: &mut String,
    ) -> ExecResult<()> {
        if self.depth >= MAX_DEPTH {
            return Err(format!(
                "template: {}: exceeded maximum template depth (100000)",
                tree.name
            ));
        }
        self.depth += 1;
        let vars_base = self.vars.len();
        self.vars.push((dollar(), data.clone()));
        let mut st = State {
            m: self,
            scope,
            tree: tree.clone(),
            vars_base,
            out,
        };
        let r = st.walk_list(&data, &tree.root).map(|_| ());
        self.vars.truncate(vars_base);
        self.depth -= 1;
        r
    }
}

/// The name `$`, made once: every execution declares it.
fn dollar() -> Arc<str> {
    static DOLLAR: std::sync::OnceLock<Arc<str>> = std::sync::OnceLock::new();
    DOLLAR.get_or_init(|| Arc::from("$")).clone()
}

struct State<'s, 'c, 'o> {
    m: &'s mut Machine<'c>,
    scope: &'s Scope<'s>,
    tree: Arc<Tree>,
    /// Where this execution's variables start on [`Machine::vars`] (it sees none below).
    vars_base: usize,
    out: &'o mut String,
}

/// The final (piped) value of a command, if any.
type Final<'a> = Option<&'a V>;

impl State<'_, '_, '_> {
    /// Go's `errorf` at a node: location, executing template and context (the node whole:
    /// Go 1.23 and later no longer cut it at 20 characters), then the message.
    fn error<T>(&self, pos: usize, context: &dyn Display, msg: impl Display) -> ExecResult<T> {
        let ctx = context.to_string();
        Err(format!(
            "template: {}: executing {} at <{}>: {}",
            self.tree.location(pos),
            crate::go::quote(&self.tree.name),
            ctx,
            msg
        ))
    }

    fn walk_list(&mut self, dot: &V, list: &List) -> ExecResult<Flow> {
        for node in &list.nodes {
            let flow = self.walk(dot, node)?;
            if flow != Flow::Normal {
                return Ok(flow);
            }
        }
        Ok(Flow::Normal)
    }

    fn walk(&mut self, dot: &V, node: &Node) -> ExecResult<Flow> {
        self.m.steps += 1;
        if self.m.steps > self.m.step_limit {
            return Err(out_of_steps(&self.tree.name, self.m.step_limit));
        }
        match node {
            Node::Text(t) => self.out.push_str(self.tree.text_of(t)),
            Node::Action(pipe) => {
                let v = self.eval_pipeline(dot, pipe)?;
                if pipe.decl().is_empty() {
                    self.print(&v)?;
                }
            }
            Node::If(b) => return self.walk_if_with(dot, b, false),
            Node::With(b) => return self.walk_if_with(dot, b, true),
            Node::Range(b) => return self.walk_range(dot, b),
            Node::Template(t) => {
                let TemplateNode { pos, name, pipe } = &**t;
                let Some(tree) = self.scope.lookup(name) else {
                    return self.error(
                        *pos,
                        &TemplateCall {
                            name,
                            pipe: pipe.as_ref(),
                        },
                        format!("template {} not defined", crate::go::quote(name)),
                    );
                };
                let data = match pipe {
                    Some(p) => self.eval_pipeline(dot, p)?,
                    None => V::default(),
                };
                if self.m.depth >= MAX_DEPTH {
                    let call = TemplateCall {
                        name,
                        pipe: pipe.as_ref(),
                    };
                    return self.error(*pos, &call, "exceeded maximum template depth (100000)");
                }
                let scope = self.scope;
                self.m.execute(scope, tree, data, self.out)?;
            }
            Node::Break => return Ok(Flow::Break),
            Node::Continue => return Ok(Flow::Continue),
        }
        Ok(Flow::Normal)
    }

    fn print(&mut self, v: &V) -> ExecResult<()> {
        if self.m.ctx.cyclic && v.v.contains_cycle() {
            return Err(format!(
                "template: {}: printing {SELF_CONTAINED}",
                self.tree.name
            ));
        }
        if v.v.is_nil() {
            self.out.push_str("<no value>");
        } else {
            let at = self.out.len();
            let bytes = match &v.v {
                Value::RawString(bytes) => Some(bytes.clone()),
                // A list or map holding such a string prints its bytes too (`[\x80 x]`), in
                // an output whose bytes are kept (`include`, `tpl`, a template's text).
                Value::List(_) | Value::Map(_)
                    if self.m.raw_prints.last().is_some()
                        && super::fmt::RawMarks::for_args("", std::slice::from_ref(&v.v))
                            .is_some() =>
                {
                    match super::fmt::sprint_value(std::slice::from_ref(&v.v)) {
                        Value::RawString(bytes) => Some(bytes),
                        _ => None,
                    }
                }
                _ => None,
            };
            match &bytes {
                Some(b) if !matches!(v.v, Value::RawString(_)) => {
                    self.out.push_str(&crate::go::go_lossy(b));
                }
                _ => super::fmt::write_value(self.out, &v.v),
            }
            if let (Some(bytes), Some(prints)) = (bytes, self.m.raw_prints.last_mut()) {
                prints.push(RawPrint {
                    at,
                    len: self.out.len() - at,
                    bytes,
                });
            }
        }
        Ok(())
    }

    fn walk_if_with(&mut self, dot: &V, b: &Branch, with: bool) -> ExecResult<Flow> {
        let mark = self.m.vars.len();
        let val = self.eval_pipeline(dot, &b.pipe)?;
        let flow = if val.v.truth() {
            if with {
                self.walk_list(&val, &b.list)?
            } else {
                self.walk_list(dot, &b.list)?
            }
        } else if let Some(e) = &b.else_list {
            self.walk_list(dot, e)?
        } else {
            Flow::Normal
        };
        self.m.vars.truncate(mark);
        Ok(flow)
    }

    fn walk_range(&mut self, dot: &V, b: &Branch) -> ExecResult<Flow> {
        let outer = self.m.vars.len();
        let val = self.eval_pipeline(dot, &b.pipe)?;
        let mark = self.m.vars.len();
        let items: Vec<(V, V)> = match &val.v {
            Value::List(l) => {
                let iface = l.elem == ListType::Interface;
                l.items
                    .iter()
                    .enumerate()
                    .map(|(i, e)| {
                        (
                            V::new(Value::Int(i as i64)),
                            V {
                                v: e.clone(),
                                iface,
                            },
                        )
                    })
                    .collect()
            }
            Value::Bytes(bs) => bs
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    (
                        V::new(Value::Int(i as i64)),
                        V::new(super::value::Uint8::value(*e)),
                    )
                })
                .collect(),
            Value::Map(m) => {
                let iface = m.ty != MapType::String;
                m.entries
                    .borrow()
                    .iter()
                    .map(|(k, e)| {
                        (
                            V::new(Value::str(k)),
                            V {
                                v: e.clone(),
                                iface,
                            },
                        )
                    })
                    .collect()
            }
            Value::Int(n) | Value::Int64(n) if self.m.range_over_int => {
                // Every iteration is a step: a count past what is left fails now, before its
                // items are made.
                let left = self.m.step_limit.saturating_sub(self.m.steps);
                if u64::try_from(*n).is_ok_and(|n| n > left) {
                    return Err(out_of_steps(&self.tree.name, self.m.step_limit));
                }
                if b.pipe.decl().len() > 1 {
                    let (pos, ctx) = last_node(&b.pipe, self.m.and_or_stop);
                    return self.error(
                        pos,
                        &ctx,
                        format!("can't use {} to iterate over more than one variable", n),
                    );
                }
                let int64 = matches!(val.v, Value::Int64(_));
                (0..(*n).max(0))
                    .map(|i| {
                        let v = if int64 {
                            Value::Int64(i)
                        } else {
                            Value::Int(i)
                        };
                        (V::new(v.clone()), V::new(v))
                    })
                    .collect()
            }
            Value::Nil => Vec::new(),
            Value::Object(o) if o.kind() == "map" => o
                .map_entries()
                .unwrap_or_default()
                .into_iter()
                .map(|(k, e)| (V::new(Value::str(&k)), V::new(e)))
                .collect(),
            Value::Object(o) if o.kind() == "slice" => match o.to_json() {
                Some(Value::List(l)) => l
                    .items
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (V::new(Value::Int(i as i64)), V::new(e.clone())))
                    .collect(),
                _ => Vec::new(),
            },
            other => {
                let shown = super::fmt::to_string(other);
                let (pos, ctx) = last_node(&b.pipe, self.m.and_or_stop);
                return self.error(pos, &ctx, format!("range can't iterate over {shown}"));
            }
        };
        if items.is_empty() {
            let flow = match &b.else_list {
                Some(e) => self.walk_list(dot, e)?,
                None => Flow::Normal,
            };
            self.m.vars.truncate(outer);
            return Ok(flow);
        }
        for (index, elem) in items {
            self.m.steps += 1;
            if self.m.steps > self.m.step_limit {
                return Err(out_of_steps(&self.tree.name, self.m.step_limit));
            }
            let decl = b.pipe.decl();
            if !decl.is_empty() {
                if b.pipe.is_assign() {
                    let first = if decl.len() > 1 {
                        index.clone()
                    } else {
                        elem.clone()
                    };
                    self.set_var(b.pipe.pos(), &b.pipe, &decl[0], first)?;
                    if decl.len() > 1 {
                        self.set_var(b.pipe.pos(), &b.pipe, &decl[1], elem.clone())?;
                    }
                } else {
                    let n = self.m.vars.len();
                    if let Some(top) = self.m.vars.get_mut(n - 1) {
                        top.1 = elem.clone();
                    }
                    if decl.len() > 1 {
                        if let Some(second) = self.m.vars.get_mut(n - 2) {
                            second.1 = index.clone();
                        }
                    }
                }
            }
            let flow = self.walk_list(&elem, &b.list)?;
            self.m.vars.truncate(mark);
            if flow == Flow::Break {
                break;
            }
        }
        self.m.vars.truncate(outer);
        Ok(Flow::Normal)
    }

    fn set_var(&mut self, pos: usize, ctx: &dyn Display, name: &str, v: V) -> ExecResult<()> {
        let base = self.vars_base;
        for (n, slot) in self.m.vars[base..].iter_mut().rev() {
            if **n == *name {
                *slot = v;
                return Ok(());
            }
        }
        self.error(pos, ctx, format!("undefined variable: {name}"))
    }

    fn var(&self, pos: usize, ctx: &dyn Display, name: &str) -> ExecResult<V> {
        for (n, v) in self.m.vars[self.vars_base..].iter().rev() {
            if **n == *name {
                return Ok(v.clone());
            }
        }
        self.error(pos, ctx, format!("undefined variable: {name}"))
    }

    fn eval_pipeline(&mut self, dot: &V, pipe: &Pipe) -> ExecResult<V> {
        let mut value: Option<V> = None;
        for i in 0..pipe.cmds.len() {
            let v = self.eval_command(dot, pipe, i, value.as_ref())?;
            // A value of type interface {} is unwrapped: nil becomes an untyped nil.
            value = Some(V::new(v.v));
        }
        let value = value.unwrap_or_default();
        for d in pipe.decl() {
            if pipe.is_assign() {
                match pipe
                    .cmds
                    .last()
                    .and_then(|c| last_evaluated_in(c, self.m.and_or_stop))
                {
                    Some(at) => self.set_var(at.pos(), at, d, value.clone())?,
                    None => self.set_var(pipe.pos(), pipe, d, value.clone())?,
                }
            } else {
                self.m.vars.push((d.clone(), value.clone()));
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, cmd: &Command, first: &Arg, fin: Final<'_>) -> ExecResult<()> {
        if cmd.args.len() > 1 || fin.is_some() {
            return self.error(
                first.pos(),
                first,
                format!("can't give argument to non-function {first}"),
            );
        }
        Ok(())
    }

    /// Command `i` of `pipe`.
    fn eval_command(&mut self, dot: &V, pipe: &Pipe, i: usize, fin: Final<'_>) -> ExecResult<V> {
        let cmd = &pipe.cmds[i];
        let Some(first) = cmd.args.first() else {
            return Ok(V::default());
        };
        match first {
            Arg::Field { pos, path } => {
                let at = (*pos as usize, first);
                self.eval_field_chain(dot, dot.clone(), at, at, path, &cmd.args, fin)
            }
            Arg::Chain(c) => {
                if let Arg::Nil(_) = c.node {
                    return self.error(
                        c.pos as usize,
                        first,
                        format!("indirection through explicit nil in {first}"),
                    );
                }
                let recv = self.eval_arg_any(dot, &c.node)?;
                let last = last_evaluated(&c.node, self.m.and_or_stop);
                let at = (last.pos(), last);
                self.eval_field_chain(
                    dot,
                    recv,
                    (c.pos as usize, first),
                    at,
                    &c.fields,
                    &cmd.args,
                    fin,
                )
            }
            Arg::Ident { pos, func } => self.eval_function(
                dot,
                *pos as usize,
                func.name,
                func.func,
                cmd,
                &cmd.args,
                fin,
            ),
            Arg::Pipe(p) => {
                if cmd.args.len() > 1 || fin.is_some() {
                    // Reported where Go's executor stands, as it does not move to the
                    // pipeline first: the whole pipeline (`s.at(pipe)`) for its first
                    // command, else the last node the command before evaluated.
                    let prev = i.checked_sub(1).and_then(|p| pipe.cmds.get(p));
                    let (at_pos, at): (usize, &dyn Display) =
                        match prev.and_then(|c| last_evaluated_in(c, self.m.and_or_stop)) {
                            Some(a) => (a.pos(), a),
                            None => (pipe.pos(), pipe),
                        };
                    return self.error(
                        at_pos,
                        at,
                        format!("can't give argument to non-function {first}"),
                    );
                }
                self.eval_pipeline(dot, p)
            }
            Arg::Variable { pos, path } => {
                self.eval_variable(dot, *pos as usize, first, path, &cmd.args, fin)
            }
            Arg::Bool(_, b) => {
                self.not_a_function(cmd, first, fin)?;
                Ok(V::new(Value::Bool(*b)))
            }
            Arg::Dot(_) => {
                self.not_a_function(cmd, first, fin)?;
                Ok(dot.clone())
            }
            Arg::Nil(pos) => {
                self.not_a_function(cmd, first, fin)?;
                self.error(*pos as usize, first, "nil is not a command")
            }
            Arg::Int { value, .. } => {
                self.not_a_function(cmd, first, fin)?;
                Ok(V::new(Value::Int(*value)))
            }
            Arg::Number(n) => {
                self.not_a_function(cmd, first, fin)?;
                self.ideal_constant(n, first).map(V::new)
            }
            Arg::String { text, .. } => {
                self.not_a_function(cmd, first, fin)?;
                Ok(V::new(Value::String(text.clone())))
            }
            Arg::Escaped(e) => {
                self.not_a_function(cmd, first, fin)?;
                Ok(V::new(e.value()))
            }
        }
    }

    fn ideal_constant(&self, n: &super::parse::Number, node: &Arg) -> ExecResult<Value> {
        // A complex constant is a `complex128`, even one that is also a whole number (`3+0i`).
        if let Some((re, im)) = n.complex {
            return Ok(super::value::Complex128::value(re, im));
        }
        let hex_int = n.text.len() > 2
            && n.text.starts_with('0')
            && matches!(n.text.as_bytes()[1], b'x' | b'X')
            && !n.text.contains(['p', 'P']);
        let is_float = n.float.is_some()
            && !hex_int
            && !n.text.starts_with('\'')
            && n.text.contains(['.', 'e', 'E', 'p', 'P']);
        if is_float {
            return Ok(Value::Float(n.float.unwrap_or_default()));
        }
        if let Some(i) = n.int {
            return Ok(Value::Int(i));
        }
        if n.is_uint {
            return self.error(n.pos, node, format!("{} overflows int", n.text));
        }
        Ok(Value::Nil)
    }

    fn eval_variable(
        &mut self,
        dot: &V,
        pos: usize,
        node: &Arg,
        path: &str,
        args: &[Arg],
        fin: Final<'_>,
    ) -> ExecResult<V> {
        let (name, fields) = match find_dot(path.as_bytes(), 0) {
            Some(i) => (&path[..i], Some(&path[i + 1..])),
            None => (path, None),
        };
        let value = self.var(pos, node, name)?;
        let Some(fields) = fields else {
            if args.len() > 1 || fin.is_some() {
                return self.error(
                    pos,
                    node,
                    format!("can't give argument to non-function {node}"),
                );
            }
            return Ok(value);
        };
        self.eval_field_chain(dot, value, (pos, node), (pos, node), fields, args, fin)
    }

    /// Reads `fields` (`a.b.c`) from `recv`. `node` is the operand (a method's error is
    /// reported there, after Go's `s.at(node)`); `at` is the node Go's executor last stood
    /// at, where the other errors are reported: the operand itself, except after a
    /// parenthesized pipeline, `(pipe).a`, where it is the last node the pipeline evaluated.
    #[allow(clippy::too_many_arguments)]
    fn eval_field_chain(
        &mut self,
        dot: &V,
        mut recv: V,
        node: (usize, &Arg),
        at: (usize, &Arg),
        fields: &str,
        args: &[Arg],
        fin: Final<'_>,
    ) -> ExecResult<V> {
        // `fields` is `a.b.c`: every name but the last is read without arguments. (Names are
        // split by bytes: a `.` is never part of a UTF-8 sequence.)
        let mut start = 0;
        while let Some(i) = find_dot(fields.as_bytes(), start) {
            let ident = &fields[start..i];
            recv = self.eval_field(dot, ident, node, at, &[], None, recv)?;
            start = i + 1;
        }
        self.eval_field(dot, &fields[start..], node, at, args, fin, recv)
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_field(
        &mut self,
        dot: &V,
        name: &str,
        (pos, node): (usize, &Arg),
        (at_pos, at): (usize, &Arg),
        args: &[Arg],
        fin: Final<'_>,
        recv: V,
    ) -> ExecResult<V> {
        if recv.invalid() {
            return Ok(V::default());
        }
        // The receiver's type, for messages only.
        let typ = || recv.type_name(self.m.values_type);
        if recv.v.is_nil() {
            return self.error(
                at_pos,
                at,
                format!("nil pointer evaluating {}.{name}", typ()),
            );
        }
        let has_args = args.len() > 1 || fin.is_some();
        match &recv.v {
            Value::Object(o) => {
                if let Some(f) = o.field(name) {
                    if has_args {
                        return self.error(
                            at_pos,
                            at,
                            format!("{name} has arguments but cannot be invoked as function"),
                        );
                    }
                    return Ok(V::new(f));
                }
                if o.method_params(name).is_none() && o.unexported_fields().contains(&name) {
                    let typ = typ();
                    return self.error(
                        at_pos,
                        at,
                        format!("{name} is an unexported field of struct type {typ}"),
                    );
                }
                let mut argv = Vec::new();
                if let Some(params) = o.method_params(name) {
                    let bad = o.bad_signature(name);
                    argv = self.method_args(dot, name, params, bad, (at_pos, at), args, fin)?;
                } else {
                    for a in args.iter().skip(1) {
                        argv.push(self.eval_arg_any(dot, a)?.v);
                    }
                    if let Some(f) = fin {
                        argv.push(f.v.clone());
                    }
                }
                // No method reads a string's bytes: one that is not valid UTF-8 is text there.
                argv.iter_mut().for_each(Value::raw_as_text);
                match o.method(name, &argv) {
                    Some(Ok(v)) => Ok(V::new(v)),
                    Some(Err(e)) => self.error(pos, node, format!("error calling {name}: {e}")),
                    None => self.error(
                        at_pos,
                        at,
                        format!("can't evaluate field {name} in type {}", typ()),
                    ),
                }
            }
            Value::Map(m) => {
                // `chartutil.Values`'s methods come before its keys, as in Go.
                if m.ty == MapType::Values {
                    if let Some(params) = super::values_methods::params(name) {
                        let m = m.clone();
                        let mut argv =
                            self.method_args(dot, name, params, None, (at_pos, at), args, fin)?;
                        argv.iter_mut().for_each(Value::raw_as_text);
                        return match super::values_methods::call(self.m.ctx, &m, name, &argv) {
                            Ok(v) => Ok(V::new(v)),
                            Err(e) => self.error(pos, node, format!("error calling {name}: {e}")),
                        };
                    }
                }
                if has_args {
                    return self.error(
                        at_pos,
                        at,
                        format!("{name} is not a method but has arguments"),
                    );
                }
                Ok(match m.get(name) {
                    Some(v) => V {
                        v,
                        iface: m.ty != MapType::String,
                    },
                    None if m.ty == MapType::String => V::new(Value::str("")),
                    None => V::iface(Value::Nil),
                })
            }
            _ => self.error(
                at_pos,
                at,
                format!("can't evaluate field {name} in type {}", typ()),
            ),
        }
    }

    /// A method's arguments as Go's `evalCall` takes them: the count first, then the
    /// method's results (`bad_signature`: Go's `goodFunc`), then each argument evaluated for
    /// its parameter's type, the piped value last.
    #[allow(clippy::too_many_arguments)]
    fn method_args(
        &mut self,
        dot: &V,
        name: &str,
        params: &[GoType],
        bad_signature: Option<String>,
        (at_pos, at): (usize, &Arg),
        args: &[Arg],
        fin: Final<'_>,
    ) -> ExecResult<Vec<Value>> {
        let got = args.len().saturating_sub(1) + usize::from(fin.is_some());
        if got != params.len() {
            return self.error(
                at_pos,
                at,
                format!(
                    "wrong number of args for {name}: want {} got {got}",
                    params.len()
                ),
            );
        }
        if let Some(message) = bad_signature {
            return self.error(at_pos, at, message);
        }
        let mut argv = Vec::with_capacity(got);
        for (a, ty) in args.iter().skip(1).zip(params) {
            argv.push(self.eval_arg(dot, *ty, a)?);
        }
        if let (Some(f), Some(ty)) = (fin, params.last()) {
            let (at_pos, at) = final_context(
                args.get(1..).unwrap_or_default(),
                (at_pos, at),
                self.m.and_or_stop,
            );
            argv.push(self.validate(at_pos, at, f.clone(), *ty)?);
        }
        Ok(argv)
    }

    /// An argument evaluated for an `interface {}` parameter (Go's `evalArg` +
    /// `evalEmptyInterface`): constants take their ideal type.
    fn eval_arg_any(&mut self, dot: &V, arg: &Arg) -> ExecResult<V> {
        match arg {
            Arg::Dot(_) => Ok(dot.clone()),
            Arg::Nil(_) => Ok(V::iface(Value::Nil)),
            Arg::Field { pos, path } => {
                let at = (*pos as usize, arg);
                self.eval_field_chain(
                    dot,
                    dot.clone(),
                    at,
                    at,
                    path,
                    std::slice::from_ref(arg),
                    None,
                )
            }
            Arg::Variable { pos, path } => {
                self.eval_variable(dot, *pos as usize, arg, path, &[], None)
            }
            Arg::Pipe(p) => self.eval_pipeline(dot, p),
            Arg::Ident { pos, func } => {
                let cmd = Command {
                    pos: *pos,
                    args: Default::default(),
                };
                self.eval_function(
                    dot,
                    *pos as usize,
                    func.name,
                    func.func,
                    &cmd,
                    std::slice::from_ref(arg),
                    None,
                )
            }
            Arg::Chain(c) => {
                if let Arg::Nil(_) = c.node {
                    return self.error(
                        c.pos as usize,
                        arg,
                        format!("indirection through explicit nil in {arg}"),
                    );
                }
                let recv = self.eval_arg_any(dot, &c.node)?;
                let last = last_evaluated(&c.node, self.m.and_or_stop);
                let at = (last.pos(), last);
                self.eval_field_chain(dot, recv, (c.pos as usize, arg), at, &c.fields, &[], None)
            }
            Arg::Bool(_, b) => Ok(V::new(Value::Bool(*b))),
            Arg::Int { value, .. } => Ok(V::new(Value::Int(*value))),
            Arg::Number(n) => self.ideal_constant(n, arg).map(V::new),
            Arg::String { text, .. } => Ok(V::new(Value::String(text.clone()))),
            Arg::Escaped(e) => Ok(V::new(e.value())),
        }
    }

    /// An argument for a parameter of Go type `ty` (Go's `evalArg` + `validateType`).
    fn eval_arg(&mut self, dot: &V, ty: GoType, arg: &Arg) -> ExecResult<Value> {
        match arg {
            Arg::Nil(pos) => {
                if can_be_nil(ty) {
                    return Ok(Value::Nil);
                }
                return self.error(
                    *pos as usize,
                    arg,
                    format!("cannot assign nil to {}", go_type(ty)),
                );
            }
            Arg::Dot(_)
            | Arg::Field { .. }
            | Arg::Variable { .. }
            | Arg::Pipe(_)
            | Arg::Ident { .. }
            | Arg::Chain(_) => {
                let v = self.eval_arg_any(dot, arg)?;
                // Go reports a wrong type where its executor last stood: after a
                // parenthesized pipeline, at the last node the pipeline evaluated.
                let at = last_evaluated(arg, self.m.and_or_stop);
                return self.validate(at.pos(), at, v, ty);
            }
            _ => {}
        }
        let found =
            |s: &Self, what: &str| s.error(arg.pos(), arg, format!("expected {what}; found {arg}"));
        match (ty, arg) {
            (GoType::Interface, _) => Ok(self.eval_arg_any(dot, arg)?.v),
            (GoType::Bool, Arg::Bool(_, b)) => Ok(Value::Bool(*b)),
            (GoType::Bool, _) => found(self, "bool"),
            (GoType::String, Arg::String { text, .. }) => Ok(Value::String(text.clone())),
            (GoType::String, Arg::Escaped(e)) => Ok(e.value()),
            (GoType::String, _) => found(self, "string"),
            (GoType::Int, Arg::Int { value, .. }) => Ok(Value::Int(*value)),
            (GoType::Int64, Arg::Int { value, .. }) => Ok(Value::Int64(*value)),
            (GoType::Float64, Arg::Int { value, .. }) => Ok(Value::Float(*value as f64)),
            (GoType::Int | GoType::Int64, Arg::Number(n)) if n.int.is_some() => {
                let i = n.int.unwrap_or_default();
                Ok(if ty == GoType::Int {
                    Value::Int(i)
                } else {
                    Value::Int64(i)
                })
            }
            (GoType::Duration, Arg::Int { value, .. }) => {
                Ok(Value::Object(Rc::new(Duration(*value))))
            }
            (GoType::Duration, Arg::Number(n)) if n.int.is_some() => {
                Ok(Value::Object(Rc::new(Duration(n.int.unwrap_or_default()))))
            }
            (GoType::Int | GoType::Int64 | GoType::Duration, _) => found(self, "integer"),
            (GoType::Float64, Arg::Number(n)) if n.float.is_some() => {
                Ok(Value::Float(n.float.unwrap_or_default()))
            }
            (GoType::Float64, _) => found(self, "float"),
            _ => self.error(
                arg.pos(),
                arg,
                format!("can't handle {arg} for arg of type {}", go_type(ty)),
            ),
        }
    }

    /// Go's `validateType`: the value must be assignable to the parameter's type.
    fn validate(&self, pos: usize, node: &dyn Display, v: V, ty: GoType) -> ExecResult<Value> {
        if v.invalid() {
            if can_be_nil(ty) {
                return Ok(Value::Nil);
            }
            return self.error(
                pos,
                node,
                format!("invalid value; expected {}", go_type(ty)),
            );
        }
        if ty == GoType::Interface {
            return Ok(v.v);
        }
        let ok = match (&v.v, ty) {
            (Value::String(_) | Value::RawString(_), GoType::String)
            | (Value::Bool(_), GoType::Bool)
            | (Value::Int(_), GoType::Int)
            | (Value::Int64(_), GoType::Int64)
            | (Value::Float(_), GoType::Float64) => true,
            (Value::List(l), GoType::List) => l.elem == ListType::Interface,
            (Value::List(l), GoType::StringList) => l.elem == ListType::String,
            (Value::Map(m), GoType::Map) => m.ty != MapType::String,
            (Value::Object(o), GoType::Object(t)) => o.type_name() == t,
            (Value::Object(o), GoType::Duration) => o.type_name() == "time.Duration",
            _ => false,
        };
        if ok {
            // A `chartutil.Values` given for a `map[string]interface {}` parameter is one in
            // the function (Go's assignability): `merge .Values` returns that type.
            if let (Value::Map(m), GoType::Map) = (&v.v, ty) {
                if m.ty == MapType::Values {
                    return Ok(Value::Map(super::value::Dict {
                        entries: m.entries.clone(),
                        ty: MapType::Interface,
                    }));
                }
            }
            return Ok(v.v);
        }
        // A nil `map[string]interface {}` (`fromJson "null"`) is a map parameter's nil map:
        // empty to read, an error to `set`.
        if let (Value::Object(o), GoType::Map) = (&v.v, ty) {
            if o.is_nil() && o.type_name() == "map[string]interface {}" {
                return Ok(Value::Nil);
            }
        }
        // A typed nil is reported by its static type, interface {}; a value by its own
        // (Go unwraps a non-nil interface before it compares types).
        let got = if v.v.is_nil() {
            "interface {}".to_owned()
        } else {
            v.v.type_name(self.m.values_type)
        };
        self.error(
            pos,
            node,
            format!("wrong type for value; expected {}; got {got}", go_type(ty)),
        )
    }

    /// Calls `func`, what the function `name` resolved to when the template was parsed
    /// (in Helm's precedence: see [`super::resolve`]).
    #[allow(clippy::too_many_arguments)]
    fn eval_function(
        &mut self,
        dot: &V,
        pos: usize,
        name: &str,
        func: super::parse::FuncRef,
        cmd: &Command,
        args: &[Arg],
        fin: Final<'_>,
    ) -> ExecResult<V> {
        match func {
            super::parse::FuncRef::Builtin(b) => {
                self.call_builtin(dot, b, pos, name, cmd, args, fin)
            }
            super::parse::FuncRef::Func(f) => self.call_func(dot, f, pos, cmd, args, fin),
        }
    }

    /// Calls a library function: Go's argument count check, conversions, and error wrapping.
    fn call_func(
        &mut self,
        dot: &V,
        f: &Func,
        pos: usize,
        cmd: &Command,
        args: &[Arg],
        fin: Final<'_>,
    ) -> ExecResult<V> {
        // The arguments go on the machine's argument stack (no vector made per call); nested
        // calls evaluated meanwhile push above them and pop before this one goes on.
        let base = self.m.args.len();
        let r = self.call_func_with_stack(dot, f, pos, cmd, args, fin, base);
        self.m.args.truncate(base);
        r
    }

    /// [`State::call_func`] with its arguments pushed on the stack from `base`.
    #[allow(clippy::too_many_arguments)]
    fn call_func_with_stack(
        &mut self,
        dot: &V,
        f: &Func,
        pos: usize,
        cmd: &Command,
        args: &[Arg],
        fin: Final<'_>,
        base: usize,
    ) -> ExecResult<V> {
        let args = args.get(1..).unwrap_or(&[]);
        self.convert_args(dot, f.name, f.params, f.variadic, pos, args, fin)?;
        let m = &mut *self.m;
        let argv = m.args.get_mut(base..).unwrap_or_default();
        let mut resliced = None;
        // A named slice type (`.Capabilities.APIVersions`, a `chartutil.VersionSet`) is a slice
        // to the functions, which see it through reflection; the type functions see its name.
        // (Objects are rare arguments: the name is compared only when there is one.)
        if argv.iter().any(|a| matches!(a, Value::Object(_)))
            && !matches!(
                f.name,
                "typeOf" | "typeIs" | "typeIsLike" | "toDuration" | "mustToDuration"
            )
        {
            // A nil slice stays itself where it is stored or serialised (`null` in JSON).
            let keeps_nil = matches!(
                f.name,
                "toJson"
                    | "toPrettyJson"
                    | "toRawJson"
                    | "mustToJson"
                    | "mustToPrettyJson"
                    | "mustToRawJson"
                    | "toYaml"
                    | "toYamlPretty"
                    | "mustToYaml"
                    | "list"
                    | "tuple"
                    | "dict"
                    | "deepCopy"
                    | "mustDeepCopy"
                    | "sortAlpha"
                    | "toStrings"
            );
            // Sprig's `slice` reslices with reflection: the result is of the named type.
            if matches!(f.name, "slice" | "mustSlice") {
                if let Some(Value::Object(o)) = argv.first() {
                    resliced = Some(o.clone());
                }
            }
            for (i, a) in argv.iter_mut().enumerate() {
                if passes_through(f.name, i) {
                    continue;
                }
                if matches!(a, Value::Object(o) if !(keeps_nil && o.is_nil())) {
                    *a = slice_object_as_list(std::mem::take(a));
                }
            }
        }
        // A string that is not valid UTF-8 reaches a `string` parameter as it is only in the
        // functions that read its bytes; those that keep bytes work on them marked.
        let marks = if f.keeps_bytes {
            super::fmt::RawMarks::for_args("", argv)
        } else {
            None
        };
        if let Some(marks) = marks {
            argv.iter_mut().for_each(|a| marks.mark(a));
        } else if !f.raw_strings && argv.iter().any(|a| matches!(a, Value::RawString(_))) {
            for (i, a) in argv.iter_mut().enumerate() {
                if f.params.get(i).copied().or(f.variadic) == Some(GoType::String) {
                    a.raw_as_text();
                }
            }
        }
        // (Whether a map contains itself is known first: the name is compared only then.)
        if m.ctx.cyclic && walks_arguments(f.name) && argv.iter().any(Value::contains_cycle) {
            return self.error(
                cmd.pos(),
                cmd,
                format!("error calling {}: {SELF_CONTAINED}", f.name),
            );
        }
        match (f.call)(m.ctx, argv) {
            Ok(Value::List(l)) if resliced.is_some() => Ok(V::new(
                resliced
                    .and_then(|o| o.reslice(&l.items))
                    .unwrap_or(Value::List(l)),
            )),
            Ok(v) => Ok(V::new(match marks {
                Some(marks) => marks.unmark(v),
                None => v,
            })),
            Err(e) => self.error(cmd.pos(), cmd, format!("error calling {}: {e}", f.name)),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn convert_args(
        &mut self,
        dot: &V,
        name: &str,
        params: &[GoType],
        variadic: Option<GoType>,
        pos: usize,
        args: &[Arg],
        fin: Final<'_>,
    ) -> ExecResult<()> {
        let ident = Ident(name);
        let num_in = args.len() + usize::from(fin.is_some());
        let fixed = params.len();
        match variadic {
            Some(_) if num_in < fixed => {
                return self.error(
                    pos,
                    &ident,
                    format!(
                        "wrong number of args for {name}: want at least {fixed} got {}",
                        args.len()
                    ),
                );
            }
            None if num_in != fixed => {
                return self.error(
                    pos,
                    &ident,
                    format!("wrong number of args for {name}: want {fixed} got {num_in}"),
                );
            }
            _ => {}
        }
        for (i, a) in args.iter().enumerate() {
            let ty = params
                .get(i)
                .copied()
                .or(variadic)
                .unwrap_or(GoType::Interface);
            let v = self.eval_arg(dot, ty, a)?;
            self.m.args.push(as_interface(v, ty));
        }
        if let Some(f) = fin {
            let ty = if num_in - 1 < fixed {
                params.get(num_in - 1).copied()
            } else {
                variadic.or(params.last().copied())
            }
            .unwrap_or(GoType::Interface);
            let (at_pos, at) = final_context(args, (pos, &ident), self.m.and_or_stop);
            let v = self.validate(at_pos, at, f.clone(), ty)?;
            self.m.args.push(as_interface(v, ty));
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn call_builtin(
        &mut self,
        dot: &V,
        b: Builtin,
        pos: usize,
        name: &str,
        cmd: &Command,
        args: &[Arg],
        fin: Final<'_>,
    ) -> ExecResult<V> {
        let ident = Ident(name);
        let rest = args.get(1..).unwrap_or(&[]);
        let (fixed, variadic) = b.arity();
        let num_in = rest.len() + usize::from(fin.is_some());
        if variadic && num_in < fixed {
            return self.error(
                pos,
                &ident,
                format!(
                    "wrong number of args for {name}: want at least {fixed} got {}",
                    rest.len()
                ),
            );
        }
        if !variadic && num_in != fixed {
            return self.error(
                pos,
                &ident,
                format!("wrong number of args for {name}: want {fixed} got {num_in}"),
            );
        }
        if matches!(b, Builtin::And | Builtin::Or) {
            let or = b == Builtin::Or;
            let addr = std::ptr::from_ref(cmd) as usize;
            let mut v = V::default();
            let mut stopped = None;
            for (i, a) in rest.iter().enumerate() {
                v = V::new(self.eval_arg_any(dot, a)?.v);
                if v.v.truth() == or {
                    stopped = Some(i);
                    break;
                }
            }
            // Go stands at the argument it stopped at: when that is not the last, errors
            // after it say so. A record of this command from an earlier pass goes.
            if let Some(i) = stopped.filter(|i| i + 1 < rest.len()) {
                self.m.and_or_stop = Some((addr, i + 1));
            } else if matches!(self.m.and_or_stop, Some((a, _)) if a == addr) {
                self.m.and_or_stop = None;
            }
            if let (None, Some(f)) = (stopped, fin) {
                v = V::new(f.v.clone());
            }
            return Ok(v);
        }
        // The arguments go on the machine's stack of builtin arguments (as
        // [`State::call_func`]'s do on its own).
        let base = self.m.builtin_args.len();
        let r = self.call_builtin_with_stack(dot, b, name, cmd, rest, fin, base);
        self.m.builtin_args.truncate(base);
        r
    }

    /// [`State::call_builtin`] past its arity checks, with its arguments pushed on the stack
    /// from `base`.
    #[allow(clippy::too_many_arguments)]
    fn call_builtin_with_stack(
        &mut self,
        dot: &V,
        b: Builtin,
        name: &str,
        cmd: &Command,
        rest: &[Arg],
        fin: Final<'_>,
        base: usize,
    ) -> ExecResult<V> {
        let ident = Ident(name);
        let num_in = rest.len() + usize::from(fin.is_some());
        // Arguments: reflect.Value parameters take values as they are; typed ones convert.
        for (i, a) in rest.iter().enumerate() {
            let v = match (b.param(i), a) {
                // A `reflect.Value` parameter given `nil` gets the zero Value, not a nil
                // interface (`len nil` fails on the zero Value's type, not as a nil pointer).
                (None, Arg::Nil(_)) => V::new(Value::Nil),
                (None, _) => self.eval_arg_any(dot, a)?,
                (Some(ty), _) => V::new(self.eval_arg(dot, ty, a)?),
            };
            self.m.builtin_args.push(v);
        }
        if let Some(f) = fin {
            let v = match b.param(num_in - 1) {
                None => f.clone(),
                Some(ty) => {
                    let (at_pos, at) = final_context(rest, (cmd.pos(), &ident), self.m.and_or_stop);
                    V::new(self.validate(at_pos, at, f.clone(), ty)?)
                }
            };
            self.m.builtin_args.push(v);
        }
        let argv = self.m.builtin_args.get_mut(base..).unwrap_or_default();
        if b.takes_interfaces() {
            for a in argv.iter_mut() {
                a.v = as_interface(std::mem::take(&mut a.v), GoType::Interface);
            }
        }
        // A named slice (`.Capabilities.APIVersions`) is indexed and sliced as a slice;
        // `index` of no index is the item itself.
        if matches!(b, Builtin::Index | Builtin::Slice) && argv.len() > 1 {
            if let Some(first) = argv.first_mut() {
                first.v = slice_object_as_list(std::mem::take(&mut first.v));
            }
        }
        let walks = b.prints()
            || matches!(
                b,
                Builtin::Eq
                    | Builtin::Ne
                    | Builtin::Lt
                    | Builtin::Le
                    | Builtin::Gt
                    | Builtin::Ge
                    | Builtin::Index
                    | Builtin::Slice
            );
        if walks && self.m.ctx.cyclic && argv.iter().any(|a| a.v.contains_cycle()) {
            return self.error(
                cmd.pos(),
                cmd,
                format!("error calling {name}: {SELF_CONTAINED}"),
            );
        }
        let result = match b {
            Builtin::Include | Builtin::Tpl => {
                // Both take a string and a value (the arity checks saw to it).
                let arg = |i: usize| argv.get(i).cloned().unwrap_or_default();
                let (text, data) = (arg(0), arg(1));
                let text = text.v.as_str().unwrap_or("");
                if b == Builtin::Include {
                    self.include(text, data)
                } else {
                    self.tpl(text, data)
                }
            }
            Builtin::Call => {
                let shown = rest.first().map(ToString::to_string).unwrap_or_default();
                builtins::call(&shown, argv, self.m.values_type)
            }
            _ => builtins::call_builtin(
                b,
                argv,
                builtins::GoWording {
                    values_type: self.m.values_type,
                    comparison_names_types: self.m.comparison_names_types,
                },
            ),
        };
        match result {
            Ok(v) => Ok(v),
            Err(e) => self.error(cmd.pos(), cmd, format!("error calling {name}: {e}")),
        }
    }

    /// Helm's `include`: executes a named template into a string, counting recursion.
    fn include(&mut self, name: &str, data: V) -> Result<V, String> {
        let data = V::new(data.v);
        // A name's count is made once; later includes of it allocate nothing.
        if !self.m.included.contains_key(name) {
            self.m.included.insert(name.to_owned(), 0);
        }
        if let Some(count) = self.m.included.get_mut(name) {
            if *count > 1000 {
                return Err(format!(
                    "rendering template has a nested reference name: {name}: unable to execute template"
                ));
            }
            *count += 1;
        }
        let Some(tree) = self.scope.lookup(name) else {
            if let Some(c) = self.m.included.get_mut(name) {
                *c -= 1;
            }
            return Err(format!(
                "template: no template {} associated with template \"gotpl\"",
                crate::go::quote(name)
            ));
        };
        let mut buf = self.m.buffer();
        let r = self.m.execute_bytes(self.scope, tree, data, &mut buf);
        if let Some(c) = self.m.included.get_mut(name) {
            *c -= 1;
        }
        let r = r.map(|raw| {
            V::new(match raw {
                None => Value::str(&buf),
                Some(bytes) => Value::RawString(Rc::from(bytes)),
            })
        });
        self.m.buffers.push(buf);
        r
    }

    /// Helm's `tpl`: parses the text as a new template named `gotpl` over the whole set, and
    /// executes it; `<no value>` is removed from its output.
    fn tpl(&mut self, text: &str, data: V) -> Result<V, String> {
        let data = V::new(data.v);
        let release = self.m.release;
        let has_function = |f: &str| super::engine::has_function_in(f, release);
        let trees = super::parse::parse("gotpl", "gotpl", text, &has_function)
            .map_err(|e| format!("cannot parse template {}: {e}", crate::go::quote(text)))?;
        let mut set = Set::default();
        set.add(trees);
        let Some(tree) = set.get("gotpl").cloned() else {
            return Ok(V::new(Value::str("")));
        };
        let scope = Scope {
            set: &set,
            parent: Some(self.scope),
        };
        let mut buf = self.m.buffer();
        let r = self
            .m
            .execute_bytes(&scope, tree, data, &mut buf)
            .map_err(|e| {
                format!(
                    "error during tpl function execution for {}: {e}",
                    crate::go::quote(text)
                )
            });
        let r = r.map(|raw| {
            V::new(match raw {
                Some(bytes) => Value::from_go_bytes(&without_no_value(&bytes)),
                None if buf.contains("<no value>") => Value::from(buf.replace("<no value>", "")),
                None => Value::str(&buf),
            })
        });
        self.m.buffers.push(buf);
        r
    }
}

/// `bytes` without Go's `<no value>` (what Helm removes from `tpl`'s and the templates'
/// output), for output that is not UTF-8.
pub(crate) fn without_no_value(bytes: &[u8]) -> Vec<u8> {
    const NO_VALUE: &[u8] = b"<no value>";
    let mut out = Vec::with_capacity(bytes.len());
    let mut rest = bytes;
    while let Some(i) = memchr::memmem::find(rest, NO_VALUE) {
        out.extend_from_slice(&rest[..i]);
        rest = &rest[i + NO_VALUE.len()..];
    }
    out.extend_from_slice(rest);
    out
}

/// The node Go's executor last stood at (`s.at`) once `arg` was evaluated as an operand:
/// an operand's own node, a parenthesized pipeline's last command's (its last argument's
/// when it has arguments: Go evaluates them in order). Errors reading fields after a
/// pipeline, `(index .Values.l 0).foo`, are reported there (`at <0>`). (`and` and `or`
/// may stop before their last argument; the last is taken.)
fn last_evaluated(arg: &Arg, stop: Stop) -> &Arg {
    match arg {
        Arg::Pipe(p) => p
            .cmds
            .last()
            .and_then(|c| last_evaluated_in(c, stop))
            .unwrap_or(arg),
        Arg::Chain(c) => last_evaluated(&c.node, stop),
        _ => arg,
    }
}

/// [`last_evaluated`] of a command, the last of a pipeline: where Go reports what goes
/// wrong after it (an assignment to an undefined variable, `{{ $x = 1 }}`, is `at <1>`).
fn last_evaluated_in(cmd: &Command, stop: Stop) -> Option<&Arg> {
    if let Some((addr, i)) = stop {
        if addr == std::ptr::from_ref(cmd) as usize {
            return cmd.args.get(i).map(|a| last_evaluated(a, stop));
        }
    }
    Some(match (cmd.args.first()?, cmd.args.last()?) {
        (first @ Arg::Pipe(_), _) => last_evaluated(first, stop),
        (_, last) if cmd.args.len() > 1 => last_evaluated(last, stop),
        (Arg::Chain(c), _) => last_evaluated(&c.node, stop),
        (first, _) => first,
    })
}

/// Where Go reports a piped value of the wrong type for a call: the node it last stood at,
/// which is the last explicit argument's ([`last_evaluated`]: Go evaluates them in order
/// before it checks the piped value), else the function's or method's own (`callee`).
fn final_context<'a>(
    args: &'a [Arg],
    callee: (usize, &'a dyn Display),
    stop: Stop,
) -> (usize, &'a dyn Display) {
    match args.last().map(|a| last_evaluated(a, stop)) {
        Some(last) => (last.pos(), last),
        None => callee,
    }
}

/// An argument as a function's `interface {}` parameter receives it: a copy, which for an
/// addressable struct loses its pointer-receiver methods ([`super::value::Object::interface_copy`]).
fn as_interface(v: Value, ty: GoType) -> Value {
    match &v {
        Value::Object(o) if ty == GoType::Interface => o.interface_copy().unwrap_or(v),
        _ => v,
    }
}

/// A function name as an error context.
struct Ident<'a>(&'a str);

impl Display for Ident<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// The node Go last visited while evaluating a pipeline (its error context afterwards), as
/// [`last_evaluated_in`] finds it in the last command.
fn last_node(pipe: &Pipe, stop: Stop) -> (usize, String) {
    match pipe.cmds.last().and_then(|c| last_evaluated_in(c, stop)) {
        Some(a) => (a.pos(), a.to_string()),
        None => (pipe.pos(), pipe.to_string()),
    }
}

/// The first `.` in `b` from `from` on. Field names are short: eight bytes are tested at a
/// time in a word (a byte equal to `.` becomes zero after the xor; the lowest flagged byte of
/// the zero-byte test is always a true zero, so it is the first dot), with no call.
fn find_dot(b: &[u8], from: usize) -> Option<usize> {
    const DOTS: u64 = u64::from_ne_bytes([b'.'; 8]);
    const LOW: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut i = from;
    while let Some(chunk) = b.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let x = u64::from_le_bytes(w) ^ DOTS;
        let zero = x.wrapping_sub(LOW) & !x & HIGH;
        if zero != 0 {
            return Some(i + (zero.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?.iter().position(|&c| c == b'.').map(|p| i + p)
}

/// Whether function `name` keeps its argument `i` as it is given (stores it, or returns
/// it): a named slice (`.Capabilities.APIVersions`) keeps its type and its `Has` method
/// there, as an `interface {}` does in Go (`(list .Capabilities.APIVersions | first).Has`).
fn passes_through(name: &str, i: usize) -> bool {
    match name {
        "list" | "tuple" | "default" | "coalesce" | "deepCopy" | "mustDeepCopy" | "deepEqual" => {
            true
        }
        "dict" => i % 2 == 1,
        "set" => i == 2,
        "append" | "push" | "mustAppend" | "mustPush" | "prepend" | "mustPrepend" => i == 1,
        "ternary" => i < 2,
        _ => false,
    }
}

/// An object of a named slice type, as the `[]string` it is.
pub(super) fn slice_object_as_list(v: Value) -> Value {
    if let Value::Object(o) = &v {
        if o.kind() == "slice" && o.is_nil() {
            let elem = if o.type_name() == "[]string" {
                ListType::String
            } else {
                ListType::Interface
            };
            return Value::List(super::value::List {
                items: std::rc::Rc::default(),
                elem,
            });
        }
        if o.kind() == "slice" {
            if let Some(Value::List(l)) = o.to_json() {
                return Value::List(super::value::List {
                    items: l.items,
                    elem: ListType::String,
                });
            }
        }
    }
    v
}

fn can_be_nil(ty: GoType) -> bool {
    match ty {
        GoType::Interface | GoType::List | GoType::StringList | GoType::Map => true,
        // A pointer, or an interface (`io.Writer`, which `Values.Encode` takes).
        GoType::Object(t) => t.starts_with('*') || t == "io.Writer",
        _ => false,
    }
}

/// Go's spelling of a parameter type.
pub fn go_type(ty: GoType) -> &'static str {
    match ty {
        GoType::Interface => "interface {}",
        GoType::String => "string",
        GoType::Bool => "bool",
        GoType::Int => "int",
        GoType::Int64 => "int64",
        GoType::Float64 => "float64",
        GoType::Duration => "time.Duration",
        GoType::List => "[]interface {}",
        GoType::StringList => "[]string",
        GoType::Map => "map[string]interface {}",
        GoType::Object(t) => t,
    }
}

#[cfg(test)]
mod tests {
    use super::super::value::Entries;
    use super::*;

    use super::super::tests::exec;

    fn list(items: &[&str]) -> Value {
        Value::list(items.iter().map(|s| Value::str(s)).collect())
    }

    #[test]
    fn each_execution_has_its_own_variables_on_the_shared_stack() {
        // `t` declares its own `$i` and `$`; the range's `$i`, `$v` (updated in place each
        // iteration, at the top of the stack) are intact after every include.
        let src = r#"{{define "t"}}{{$i := "x"}}{{$i}}{{.}}{{$}}{{end}}{{range $i, $v := .}}{{include "t" $v}}{{template "t" $i}}{{$i}}{{$v}};{{end}}{{$}}"#;
        assert_eq!(
            exec(src, list(&["a", "b"])).as_deref(),
            Ok("xaax000a;xbbx111b;[a b]")
        );
        // A range without assignment, a nested with, and variables declared after an include.
        let src = r#"{{define "t"}}{{$a := 1}}{{$b := 2}}{{$a}}{{$b}}{{end}}{{range $v := .}}{{with $w := $v}}{{include "t" .}}{{$x := $w}}{{$x}}{{end}}{{$v}}{{end}}"#;
        assert_eq!(exec(src, list(&["p", "q"])).as_deref(), Ok("12pp12qq"));
    }

    #[test]
    fn nested_calls_keep_their_arguments_apart() {
        // Functions and builtins nested in each other's arguments, through pipelines.
        let src = r#"{{printf "%s-%s-%v" (upper (lower "A")) (printf "%d" (add 1 (len (list 1 2)))) (eq (index (list "u" "v") 1) ("v" | upper | lower))}}"#;
        assert_eq!(exec(src, Value::Nil).as_deref(), Ok("A-3-true"));
        // An argument that fails leaves nothing behind for the next action.
        let src =
            r#"{{ $m := dict "a" (dict "b" 1) }}{{ $m.a.b }}{{ index $m "a" "b" | default 5 }}"#;
        assert_eq!(exec(src, Value::Nil).as_deref(), Ok("11"));
    }

    #[test]
    fn include_and_tpl_outputs_do_not_share_buffers() {
        let src = r#"{{define "a"}}<{{include "b" .}}>{{end}}{{define "b"}}b{{.}}{{end}}{{include "a" 1}}{{include "b" 2}}{{$x := include "a" 3}}{{include "b" 4}}{{$x}}"#;
        assert_eq!(exec(src, Value::Nil).as_deref(), Ok("<b1>b2b4<b3>"));
        // `tpl` drops `<no value>`, and only from its own output.
        let src = r#"{{tpl "{{.x}}y" .}}|{{tpl "{{include \"b\" .}}" 5}}|{{.x}}{{define "b"}}b{{.}}{{end}}"#;
        let data = Value::dict(Entries::new());
        assert_eq!(exec(src, data).as_deref(), Ok("y|b5|<no value>"));
    }

    #[test]
    fn find_dot_finds_the_first_dot_wherever_it_is() {
        // Every position in and around the 8-byte words, bytes next to `.` in value
        // (`-` 0x2d, `/` 0x2f), and non-ASCII bytes before it.
        for len in 0..40 {
            for at in 0..=len {
                let mut s: Vec<u8> = (0..len).map(|i| b"-/aZ_\xc3\xa9"[i % 7]).collect();
                if at < len {
                    s[at] = b'.';
                    // A second dot further on must not be taken first.
                    if at + 9 < len {
                        s[at + 9] = b'.';
                    }
                }
                for from in 0..=len {
                    let want = s
                        .iter()
                        .skip(from)
                        .position(|&c| c == b'.')
                        .map(|p| p + from);
                    assert_eq!(find_dot(&s, from), want, "{s:?} from {from}");
                }
            }
        }
        assert_eq!(find_dot(b"a.b", 5), None);
    }
}
