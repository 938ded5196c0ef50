//! The compiled form of a chart's templates, and the compiler that makes it from minijinja's
//! own syntax tree.
//!
//! Everything here is flat: expressions, statements and lists live in arrays and refer to each
//! other by index ([`Ix`]), so a [`Program`] is a handful of arrays of plain `Copy` records and
//! strings. That keeps evaluation cache-friendly and lets `codegen` write the built-in chart's
//! program as Rust statics (`orochart-builtin`'s checked-in `src/generated.rs`) (the arrays are `Cow`s: borrowed from statics, or
//! owned when a chart from disk is compiled at run time).
//!
//! The compiler accepts a subset of minijinja: what charts written for orochart use (see
//! [`compile`]). Anything else makes it answer `Err(Unsupported)`, and the chart is rendered
//! by minijinja itself. Parsing is minijinja's parser, so whitespace control, operator
//! precedence and syntax errors are minijinja's by construction.

use std::borrow::Cow;
use std::collections::HashMap;

use minijinja::machinery::ast;
use minijinja::machinery::{parse, WhitespaceConfig};
use minijinja::syntax::SyntaxConfig;

/// An index into one of a [`Program`]'s arrays.
pub type Ix = u32;

/// "No index" where an index is optional.
pub const NONE: Ix = Ix::MAX;

/// The name `loop`: always the first string of a program.
pub const LOOP: Ix = 0;

/// A run of entries of [`Program::lists`]: `(start, len)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run(pub Ix, pub Ix);

/// A name every template sees without defining it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Global {
    /// `Values`.
    Values,
    /// `Release`.
    Release,
    /// `Chart`.
    Chart,
    /// `Template`.
    Template,
    /// `h`: the helpers of `_helpers.tpl`.
    Helpers,
}

impl Global {
    fn from_name(name: &str, has_helpers: bool) -> Option<Global> {
        Some(match name {
            "Values" => Global::Values,
            "Release" => Global::Release,
            "Chart" => Global::Chart,
            "Template" => Global::Template,
            "h" if has_helpers => Global::Helpers,
            _ => return None,
        })
    }
}

/// A Helm function used as a filter (`x | name(args)`), with the piped value first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    Default,
    Trunc,
    TrimSuffix,
    TrimPrefix,
    Replace,
    Quote,
    Squote,
    ToYaml,
    ToJson,
    Nindent,
    Indent,
    Trim,
    Sha256sum,
    Items,
    ToString,
    Upper,
    Lower,
    B64enc,
    Int,
    Required,
}

impl Filter {
    /// The filter of this name and the number of arguments it takes after the piped value.
    fn from_name(name: &str) -> Option<(Filter, usize)> {
        Some(match name {
            "default" => (Filter::Default, 1),
            "trunc" => (Filter::Trunc, 1),
            "trimSuffix" => (Filter::TrimSuffix, 1),
            "trimPrefix" => (Filter::TrimPrefix, 1),
            "replace" => (Filter::Replace, 2),
            "quote" => (Filter::Quote, 0),
            "squote" => (Filter::Squote, 0),
            "toYaml" => (Filter::ToYaml, 0),
            "toJson" => (Filter::ToJson, 0),
            "nindent" => (Filter::Nindent, 1),
            "indent" => (Filter::Indent, 1),
            "trim" => (Filter::Trim, 0),
            "sha256sum" => (Filter::Sha256sum, 0),
            "items" => (Filter::Items, 0),
            "toString" => (Filter::ToString, 0),
            "upper" => (Filter::Upper, 0),
            "lower" => (Filter::Lower, 0),
            "b64enc" => (Filter::B64enc, 0),
            "int" | "int64" => (Filter::Int, 0),
            "required" => (Filter::Required, 1),
            _ => return None,
        })
    }
}

/// A function called by name (`printf(…)`), with Sprig's argument order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    Printf,
    Include,
    Fail,
    Has,
    Quote,
    Default,
    List,
    ToYaml,
    ToJson,
    ToString,
    Required,
}

impl Func {
    /// The function of this name, and whether `n` arguments are accepted.
    fn from_name(name: &str, n: usize) -> Option<Func> {
        let (f, ok) = match name {
            "printf" => (Func::Printf, n >= 1),
            "include" => (Func::Include, n >= 1),
            "fail" => (Func::Fail, n == 1),
            "has" => (Func::Has, n == 2),
            "quote" => (Func::Quote, true),
            "default" => (Func::Default, n == 1 || n == 2),
            "list" => (Func::List, true),
            "toYaml" => (Func::ToYaml, n == 1),
            "toJson" => (Func::ToJson, n == 1),
            "toString" => (Func::ToString, n == 1),
            "required" => (Func::Required, n == 1 || n == 2),
            _ => return None,
        };
        ok.then_some(f)
    }
}

/// An expression. Operands are indexes into [`Program::exprs`], names and string constants
/// into [`Program::strs`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Expr {
    /// A string constant.
    Str(Ix),
    /// An integer constant.
    Int(i64),
    /// `true` / `false`.
    Bool(bool),
    /// `none`.
    Null,
    /// A name no statement binds and no global answers: undefined.
    Undefined,
    /// A global.
    Global(Global),
    /// A name bound by `set`, `for` or a macro parameter; when unbound at run time, the
    /// global of the same name (the second field) or undefined.
    Local(Ix, Option<Global>),
    /// A macro of the same file, by index into [`Program::macros`].
    Macro(Ix),
    /// `expr.name`.
    Attr(Ix, Ix),
    /// `expr[key]`.
    Item(Ix, Ix),
    /// `not expr`.
    Not(Ix),
    /// `a and b` (the deciding operand, as minijinja returns it).
    And(Ix, Ix),
    /// `a or b`.
    Or(Ix, Ix),
    /// `a == b`.
    Eq(Ix, Ix),
    /// `a != b`.
    Ne(Ix, Ix),
    /// `a + b`.
    Add(Ix, Ix),
    /// `a if cond else b`: (cond, a, b or [`NONE`]).
    Cond(Ix, Ix, Ix),
    /// `[a, b, …]`: expressions in [`Program::lists`].
    List(Run),
    /// `input | filter(args…)`.
    Filter(Filter, Ix, Run),
    /// `func(args…)`.
    Func(Func, Run),
    /// `callee(args…)` where the callee evaluates to a macro.
    Call(Ix, Run),
    /// `namespace(k=v, …)`: name and expression pairs, flattened in [`Program::lists`].
    Namespace(Run),
    /// Something only minijinja can answer (`h.missing`): evaluating it gives up on the fast
    /// path for this render.
    GiveUp,
}

/// A statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stmt {
    /// Text, by index into [`Program::strs`].
    Raw(Ix),
    /// `{{ expr }}`.
    Emit(Ix),
    /// `{% if cond %}then{% else %}else{% endif %}` (`elif` nests in the else branch).
    If(Ix, Run, Run),
    /// `{% for a in iter %}` or `{% for a, b in iter %}` (b [`NONE`] when single): (a, b,
    /// iter, body).
    For(Ix, Ix, Ix, Run),
    /// `{% set name = expr %}`.
    Set(Ix, Ix),
    /// `{% set name.attr = expr %}` on a namespace.
    SetAttr(Ix, Ix, Ix),
}

/// A macro: name, parameter names (in [`Program::lists`]), body, whether its argument-less
/// calls may be evaluated once per render (the macros of `_helpers.tpl`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MacroDef {
    pub name: Ix,
    pub params: Run,
    pub body: Run,
    pub once: bool,
}

/// One template file: its path inside `templates/` and its body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TemplateDef {
    pub path: Ix,
    pub body: Run,
}

/// A chart's templates, compiled.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Program {
    pub strs: Cow<'static, [Cow<'static, str>]>,
    pub exprs: Cow<'static, [Expr]>,
    pub stmts: Cow<'static, [Stmt]>,
    /// Runs of indexes: statement bodies, argument lists, parameter names.
    pub lists: Cow<'static, [Ix]>,
    pub macros: Cow<'static, [MacroDef]>,
    pub templates: Cow<'static, [TemplateDef]>,
}

impl Program {
    /// The string at `ix`.
    pub fn str(&self, ix: Ix) -> &str {
        &self.strs[ix as usize]
    }

    /// The indexes of a run.
    pub fn run(&self, run: Run) -> &[Ix] {
        &self.lists[run.0 as usize..(run.0 + run.1) as usize]
    }

    /// The template of this path (inside `templates/`).
    pub fn template(&self, path: &str) -> Option<&TemplateDef> {
        self.templates.iter().find(|t| self.str(t.path) == path)
    }

    /// Rust source defining this program as `static {name}: Program`, every array a
    /// borrowed static (for `codegen`). The code expects
    /// `Cow` and this module's types in scope.
    #[allow(dead_code)]
    pub fn to_rust(&self, name: &str) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        let mut array = |field: &str, ty: &str, items: Vec<String>| {
            let _ = writeln!(
                s,
                "static {name}_{}: [{ty}; {}] = [{}];",
                field.to_uppercase(),
                items.len(),
                items.join(", ")
            );
        };
        array(
            "strs",
            "Cow<'static, str>",
            self.strs
                .iter()
                .map(|x| format!("Cow::Borrowed({:?})", &**x))
                .collect(),
        );
        array(
            "exprs",
            "Expr",
            self.exprs.iter().map(|e| e.rust_source()).collect(),
        );
        array(
            "stmts",
            "Stmt",
            self.stmts.iter().map(|x| format!("Stmt::{x:?}")).collect(),
        );
        array(
            "lists",
            "Ix",
            self.lists.iter().map(|x| format!("{x}")).collect(),
        );
        array(
            "macros",
            "MacroDef",
            self.macros.iter().map(|x| format!("{x:?}")).collect(),
        );
        array(
            "templates",
            "TemplateDef",
            self.templates.iter().map(|x| format!("{x:?}")).collect(),
        );
        let _ = writeln!(s, "static {name}: Program = Program {{");
        for field in ["strs", "exprs", "stmts", "lists", "macros", "templates"] {
            let _ = writeln!(
                s,
                "    {field}: Cow::Borrowed(&{name}_{}),",
                field.to_uppercase()
            );
        }
        s.push_str("};\n");
        s
    }
}

impl Expr {
    /// This expression as Rust source, every enum path spelled out.
    #[allow(dead_code)]
    fn rust_source(self) -> String {
        match self {
            Expr::Global(g) => format!("Expr::Global(Global::{g:?})"),
            Expr::Local(n, Some(g)) => format!("Expr::Local({n}, Some(Global::{g:?}))"),
            Expr::Filter(f, i, r) => format!("Expr::Filter(Filter::{f:?}, {i}, {r:?})"),
            Expr::Func(f, r) => format!("Expr::Func(Func::{f:?}, {r:?})"),
            other => format!("Expr::{other:?}"),
        }
    }
}

/// Why a chart cannot be compiled: a construct outside the subset (or a syntax error, which
/// minijinja then reports). The text says which, for tests and debugging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub String);

type R<T> = Result<T, Unsupported>;

fn no<T>(what: impl Into<String>) -> R<T> {
    Err(Unsupported(what.into()))
}

/// minijinja's whitespace settings as the engine configures them.
pub fn whitespace() -> WhitespaceConfig {
    WhitespaceConfig {
        keep_trailing_newline: true,
        ..WhitespaceConfig::default()
    }
}

/// Compiles a chart's templates: `(path inside templates/, source)`. `_helpers.tpl`, when
/// there, becomes `h`.
///
/// The subset: text, `{{ }}`, `if`/`elif`/`else`, `for` over one name or a pair, `set` of a
/// name or a namespace attribute, macros without defaults at the top of a file; expressions
/// with constants (strings, integers, booleans, none), lists, names, attributes, subscripts,
/// `not`/`and`/`or`, `==`, `!=`, `+`, `x if c else y`, macro calls, the filters of
/// [`Filter`] and the functions of [`Func`], `namespace(k=v)`. The helpers must not read
/// `Template` (their calls then depend on the calling template) and must only define macros.
pub fn compile(files: &[(&str, &str)]) -> R<Program> {
    let helpers_src = files
        .iter()
        .find(|(p, _)| *p == "_helpers.tpl")
        .map(|f| f.1);
    let mut c = Compiler {
        has_helpers: helpers_src.is_some(),
        ..Compiler::default()
    };
    c.intern("loop");
    let mut asts = Vec::new();
    for (path, src) in files {
        match parse(src, path, SyntaxConfig, whitespace()) {
            Ok(ast::Stmt::Template(t)) => asts.push((*path, t)),
            Ok(_) => return no(format!("{path}: not a template")),
            Err(e) => return no(format!("{path}: {e}")),
        }
    }
    // The helpers first: every template may call them.
    if let Some(pos) = asts.iter().position(|(p, _)| *p == "_helpers.tpl") {
        let (path, t) = &asts[pos];
        c.compile_helpers(path, &t.children)?;
    }
    for (path, t) in &asts {
        if *path == "_helpers.tpl" {
            continue;
        }
        c.compile_template(path, &t.children)?;
    }
    Ok(c.finish())
}

#[derive(Default)]
struct Compiler {
    has_helpers: bool,
    strs: Vec<Cow<'static, str>>,
    interned: HashMap<String, Ix>,
    exprs: Vec<Expr>,
    stmts: Vec<Stmt>,
    lists: Vec<Ix>,
    macros: Vec<MacroDef>,
    templates: Vec<TemplateDef>,
    /// The helpers' macros by name.
    helpers: HashMap<String, Ix>,
    /// The current file's macros defined so far, by name.
    file_macros: HashMap<String, Ix>,
    /// Names bound anywhere in the unit being compiled (a macro body or a file's top level).
    bound: Vec<String>,
    /// Whether the unit being compiled is a macro body.
    in_macro: bool,
    /// Whether the current file is `_helpers.tpl`.
    in_helpers: bool,
}

impl Compiler {
    fn finish(self) -> Program {
        Program {
            strs: Cow::Owned(self.strs),
            exprs: Cow::Owned(self.exprs),
            stmts: Cow::Owned(self.stmts),
            lists: Cow::Owned(self.lists),
            macros: Cow::Owned(self.macros),
            templates: Cow::Owned(self.templates),
        }
    }

    fn intern(&mut self, s: &str) -> Ix {
        if let Some(&ix) = self.interned.get(s) {
            return ix;
        }
        let ix = self.strs.len() as Ix;
        self.strs.push(Cow::Owned(s.to_owned()));
        self.interned.insert(s.to_owned(), ix);
        ix
    }

    fn expr_ix(&mut self, e: Expr) -> Ix {
        self.exprs.push(e);
        (self.exprs.len() - 1) as Ix
    }

    fn run(&mut self, items: Vec<Ix>) -> Run {
        let start = self.lists.len() as Ix;
        let len = items.len() as Ix;
        self.lists.extend(items);
        Run(start, len)
    }

    fn compile_helpers(&mut self, path: &str, children: &[ast::Stmt<'_>]) -> R<()> {
        self.in_helpers = true;
        self.file_macros.clear();
        // Helpers call each other through `h` in any order: number them all first.
        let first = self.macros.len() as Ix;
        let names = children.iter().filter_map(|s| match s {
            ast::Stmt::Macro(m) => Some(m.name),
            _ => None,
        });
        for (i, name) in names.enumerate() {
            self.helpers.insert(name.to_owned(), first + i as Ix);
        }
        for stmt in children {
            match stmt {
                ast::Stmt::EmitRaw(_) => {}
                ast::Stmt::Macro(m) => {
                    let id = self.compile_macro(m, true)?;
                    debug_assert_eq!(self.helpers.get(m.name), Some(&id));
                }
                _ => return no(format!("{path}: helpers may only define macros")),
            }
        }
        self.in_helpers = false;
        Ok(())
    }

    fn compile_template(&mut self, path: &str, children: &[ast::Stmt<'_>]) -> R<()> {
        self.file_macros.clear();
        self.in_macro = false;
        self.bound.clear();
        collect_bound(children, &mut self.bound);
        let body = self.block(children)?;
        let path = self.intern(path);
        self.templates.push(TemplateDef { path, body });
        Ok(())
    }

    fn compile_macro(&mut self, m: &ast::Macro<'_>, once: bool) -> R<Ix> {
        if !m.defaults.is_empty() {
            return no(format!("macro {}: parameter defaults", m.name));
        }
        let mut params = Vec::new();
        let mut bound = Vec::new();
        for a in &m.args {
            match a {
                ast::Expr::Var(v) => {
                    params.push(self.intern(v.id));
                    bound.push(v.id.to_owned());
                }
                _ => return no(format!("macro {}: parameter pattern", m.name)),
            }
        }
        collect_bound(&m.body, &mut bound);
        if bound
            .iter()
            .any(|b| matches!(b.as_str(), "caller" | "varargs" | "kwargs"))
        {
            return no(format!("macro {}: caller/varargs/kwargs", m.name));
        }
        let saved = (
            std::mem::replace(&mut self.bound, bound),
            std::mem::replace(&mut self.in_macro, true),
        );
        let body = self.block(&m.body);
        self.bound = saved.0;
        self.in_macro = saved.1;
        let body = body?;
        let name = self.intern(m.name);
        let params = self.run(params);
        self.macros.push(MacroDef {
            name,
            params,
            body,
            once,
        });
        let id = (self.macros.len() - 1) as Ix;
        self.file_macros.insert(m.name.to_owned(), id);
        Ok(id)
    }

    fn block(&mut self, stmts: &[ast::Stmt<'_>]) -> R<Run> {
        let mut ids = Vec::with_capacity(stmts.len());
        for s in stmts {
            if let Some(id) = self.stmt(s)? {
                ids.push(id);
            }
        }
        Ok(self.run(ids))
    }

    fn push_stmt(&mut self, s: Stmt) -> Option<Ix> {
        self.stmts.push(s);
        Some((self.stmts.len() - 1) as Ix)
    }

    fn stmt(&mut self, s: &ast::Stmt<'_>) -> R<Option<Ix>> {
        Ok(match s {
            ast::Stmt::EmitRaw(r) => {
                let ix = self.intern(r.raw);
                self.push_stmt(Stmt::Raw(ix))
            }
            ast::Stmt::EmitExpr(e) => {
                let ix = self.expr(&e.expr)?;
                self.push_stmt(Stmt::Emit(ix))
            }
            ast::Stmt::IfCond(c) => {
                let cond = self.expr(&c.expr)?;
                let then = self.block(&c.true_body)?;
                let other = self.block(&c.false_body)?;
                self.push_stmt(Stmt::If(cond, then, other))
            }
            ast::Stmt::ForLoop(f) => {
                if f.filter_expr.is_some() || f.recursive || !f.else_body.is_empty() {
                    return no("for with a filter, recursive or else");
                }
                let (a, b) = match &f.target {
                    ast::Expr::Var(v) => (self.intern(v.id), NONE),
                    ast::Expr::List(l) => match &l.items[..] {
                        [ast::Expr::Var(a), ast::Expr::Var(b)] => {
                            (self.intern(a.id), self.intern(b.id))
                        }
                        _ => return no("for target pattern"),
                    },
                    _ => return no("for target pattern"),
                };
                let iter = self.expr(&f.iter)?;
                let body = self.block(&f.body)?;
                self.push_stmt(Stmt::For(a, b, iter, body))
            }
            ast::Stmt::Set(s) => match &s.target {
                ast::Expr::Var(v) => {
                    if self.file_macros.contains_key(v.id) {
                        return no("set of a macro's name");
                    }
                    let name = self.intern(v.id);
                    let e = self.expr(&s.expr)?;
                    self.push_stmt(Stmt::Set(name, e))
                }
                ast::Expr::GetAttr(a) => match &a.expr {
                    ast::Expr::Var(v) => {
                        let name = self.intern(v.id);
                        let attr = self.intern(a.name);
                        let e = self.expr(&s.expr)?;
                        self.push_stmt(Stmt::SetAttr(name, attr, e))
                    }
                    _ => return no("set target pattern"),
                },
                _ => return no("set target pattern"),
            },
            ast::Stmt::Macro(m) => {
                if self.in_macro || self.in_helpers {
                    return no("nested macro");
                }
                if self.bound.iter().any(|b| b == m.name) {
                    return no("macro name also assigned");
                }
                self.compile_macro(m, false)?;
                None
            }
            _ => return no("statement outside the subset"),
        })
    }

    fn args(&mut self, args: &[ast::CallArg<'_>]) -> R<Run> {
        let mut ids = Vec::with_capacity(args.len());
        for a in args {
            match a {
                ast::CallArg::Pos(e) => ids.push(self.expr(e)?),
                _ => return no("keyword or splat arguments"),
            }
        }
        Ok(self.run(ids))
    }

    fn is_bound(&self, name: &str) -> bool {
        self.bound.iter().any(|b| b == name)
    }

    fn var(&mut self, id: &str) -> R<Expr> {
        if self.in_helpers && id == "Template" {
            // A helper reading `Template` depends on its caller: not computed once.
            return no("helpers reading Template");
        }
        let global = Global::from_name(id, self.has_helpers);
        if self.is_bound(id) {
            let name = self.intern(id);
            return Ok(Expr::Local(name, global));
        }
        if let Some(&m) = self.file_macros.get(id) {
            return Ok(Expr::Macro(m));
        }
        match global {
            Some(g) => Ok(Expr::Global(g)),
            None => no(format!("name {id}")),
        }
    }

    fn expr(&mut self, e: &ast::Expr<'_>) -> R<Ix> {
        let compiled = match e {
            ast::Expr::Var(v) => self.var(v.id)?,
            ast::Expr::Const(c) => constant(&c.value).map(|s| match s {
                Const::Str(s) => Expr::Str(self.intern(&s)),
                Const::Other(e) => e,
            })?,
            ast::Expr::GetAttr(a) => {
                if let ast::Expr::Var(v) = &a.expr {
                    if v.id == "h" && self.has_helpers && !self.is_bound("h") {
                        return Ok(match self.helpers.get(a.name) {
                            Some(&m) => self.expr_ix(Expr::Macro(m)),
                            // Not a macro of the helpers: only minijinja knows.
                            None => self.expr_ix(Expr::GiveUp),
                        });
                    }
                }
                let obj = self.expr(&a.expr)?;
                Expr::Attr(obj, self.intern(a.name))
            }
            ast::Expr::GetItem(i) => {
                let obj = self.expr(&i.expr)?;
                let key = self.expr(&i.subscript_expr)?;
                Expr::Item(obj, key)
            }
            ast::Expr::UnaryOp(u) => match u.op {
                ast::UnaryOpKind::Not => Expr::Not(self.expr(&u.expr)?),
                ast::UnaryOpKind::Neg => return no("unary minus"),
            },
            ast::Expr::BinOp(b) => {
                let l = self.expr(&b.left)?;
                let r = self.expr(&b.right)?;
                match b.op {
                    ast::BinOpKind::ScAnd => Expr::And(l, r),
                    ast::BinOpKind::ScOr => Expr::Or(l, r),
                    ast::BinOpKind::Eq => Expr::Eq(l, r),
                    ast::BinOpKind::Ne => Expr::Ne(l, r),
                    ast::BinOpKind::Add => Expr::Add(l, r),
                    _ => return no("operator outside the subset"),
                }
            }
            ast::Expr::IfExpr(i) => {
                let cond = self.expr(&i.test_expr)?;
                let a = self.expr(&i.true_expr)?;
                let b = match &i.false_expr {
                    Some(b) => self.expr(b)?,
                    None => NONE,
                };
                Expr::Cond(cond, a, b)
            }
            ast::Expr::List(l) => {
                let mut ids = Vec::with_capacity(l.items.len());
                for item in &l.items {
                    ids.push(self.expr(item)?);
                }
                Expr::List(self.run(ids))
            }
            ast::Expr::Filter(f) => {
                let Some(input) = &f.expr else {
                    return no("filter without input");
                };
                let Some((filter, arity)) = Filter::from_name(f.name) else {
                    return no(format!("filter {}", f.name));
                };
                if f.args.len() != arity {
                    return no(format!("filter {} with {} arguments", f.name, f.args.len()));
                }
                let input = self.expr(input)?;
                let args = self.args(&f.args)?;
                Expr::Filter(filter, input, args)
            }
            ast::Expr::Call(c) => self.call(c)?,
            _ => return no(format!("{} outside the subset", e.description())),
        };
        Ok(self.expr_ix(compiled))
    }

    fn call(&mut self, c: &ast::Call<'_>) -> R<Expr> {
        if let ast::Expr::Var(v) = &c.expr {
            let name = v.id;
            if !self.is_bound(name) && !self.file_macros.contains_key(name) {
                if name == "namespace" {
                    let mut ids = Vec::new();
                    for a in &c.args {
                        match a {
                            ast::CallArg::Kwarg(k, e) => {
                                ids.push(self.intern(k));
                                ids.push(self.expr(e)?);
                            }
                            _ => return no("namespace with positional arguments"),
                        }
                    }
                    return Ok(Expr::Namespace(self.run(ids)));
                }
                let Some(func) = Func::from_name(name, c.args.len()) else {
                    return no(format!("function {name} with {} arguments", c.args.len()));
                };
                let args = self.args(&c.args)?;
                return Ok(Expr::Func(func, args));
            }
        }
        let callee = self.expr(&c.expr)?;
        let args = self.args(&c.args)?;
        Ok(Expr::Call(callee, args))
    }
}

enum Const {
    Str(String),
    Other(Expr),
}

fn constant(v: &minijinja::Value) -> R<Const> {
    use minijinja::value::ValueKind;
    Ok(match v.kind() {
        ValueKind::String => Const::Str(v.as_str().unwrap_or_default().to_owned()),
        ValueKind::Bool => Const::Other(Expr::Bool(v.is_true())),
        ValueKind::None => Const::Other(Expr::Null),
        ValueKind::Undefined => Const::Other(Expr::Undefined),
        ValueKind::Number if v.is_integer() => match v.as_i64() {
            Some(i) => Const::Other(Expr::Int(i)),
            None => return no("integer constant out of range"),
        },
        _ => return no("constant outside the subset"),
    })
}

/// Every name a body binds with `set`, `for` (and `loop`), recursively, but not inside macros.
fn collect_bound(stmts: &[ast::Stmt<'_>], out: &mut Vec<String>) {
    let add = |name: &str, out: &mut Vec<String>| {
        if !out.iter().any(|n| n == name) {
            out.push(name.to_owned());
        }
    };
    for s in stmts {
        match s {
            ast::Stmt::Set(s) => {
                if let ast::Expr::Var(v) = &s.target {
                    add(v.id, out);
                }
            }
            ast::Stmt::ForLoop(f) => {
                match &f.target {
                    ast::Expr::Var(v) => add(v.id, out),
                    ast::Expr::List(l) => {
                        for i in &l.items {
                            if let ast::Expr::Var(v) = i {
                                add(v.id, out);
                            }
                        }
                    }
                    _ => {}
                }
                add("loop", out);
                collect_bound(&f.body, out);
                collect_bound(&f.else_body, out);
            }
            ast::Stmt::IfCond(c) => {
                collect_bound(&c.true_body, out);
                collect_bound(&c.false_body, out);
            }
            _ => {}
        }
    }
}
