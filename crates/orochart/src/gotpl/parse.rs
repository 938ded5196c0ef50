//! The parser of Go's `text/template` (`text/template/parse`'s grammar and error words): a
//! source becomes its main tree and the trees it `define`s (or `block`s).
//!
//! Nodes keep their byte offset, so execution errors can say `file:line:col` as Go does, and
//! print themselves as Go's `Node.String()` does, for the `at <…>` part of an error.

use std::collections::HashSet;
use std::fmt::{self, Display, Write as _};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use super::lex::{lex, line_at, Item, Kind, Shown};
pub use super::resolve::FuncRef;

/// A parsed template: a name, the file it came from and its body.
#[derive(Debug)]
pub struct Tree {
    /// The template's name (the file name, or a `define`'s name).
    pub name: String,
    /// The file it was parsed from (Go's `ParseName`), for error locations.
    pub parse_name: Arc<str>,
    /// The whole source of that file, for turning offsets into lines and columns (a thin
    /// pointer: every field and variable of the tree keeps one, see [`SrcStr`]).
    pub text: Arc<String>,
    /// The body.
    pub root: List,
}

impl Tree {
    /// Go's `ErrorContext`: `file:line:col` (col 0-based, in bytes) of a node.
    pub fn location(&self, pos: usize) -> String {
        let before = self.text.get(..pos).unwrap_or(&self.text);
        let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
        let col = match before.rfind('\n') {
            Some(i) => pos - i - 1,
            None => pos,
        };
        format!("{}:{}:{}", self.parse_name, line, col)
    }

    /// Go's `IsEmptyTree`: only blank text (and comments) outside any action.
    pub fn is_empty(&self) -> bool {
        self.root.nodes.iter().all(|n| match n {
            Node::Text(t) => self.text_of(t).trim_ascii().is_empty(),
            _ => false,
        })
    }

    /// The source text of a [`Node::Text`].
    pub fn text_of(&self, span: &Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }
}

/// A range of bytes of a tree's source ([`Tree::text`], at most
/// [`super::lex::MAX_SOURCE`] long).
#[derive(Clone, Copy, Debug)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

/// A string of a template: a part of the template's shared source. Fields and variables
/// are parts of the source, so a node allocates nothing for them (16 bytes: a thin pointer
/// and two offsets).
#[derive(Clone)]
pub struct SrcStr {
    text: Arc<String>,
    start: u32,
    end: u32,
}

impl SrcStr {
    /// Bytes `start..end` of `text` (which is at most [`super::lex::MAX_SOURCE`] long).
    fn part(text: &Arc<String>, start: usize, end: usize) -> SrcStr {
        SrcStr {
            text: text.clone(),
            start: start as u32,
            end: end as u32,
        }
    }
}

impl Deref for SrcStr {
    type Target = str;

    fn deref(&self) -> &str {
        self.text
            .get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }
}

impl fmt::Debug for SrcStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl Display for SrcStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

/// A list of a tree that mostly has one element (a pipeline's commands, a command's
/// arguments): one is kept inline, more in a list of their size. The enum is no larger
/// than its element (the boxed form takes a value the element's tag never has).
#[derive(Debug)]
pub enum OneOrMany<T> {
    One(T),
    Many(Box<[T]>),
}

impl<T> Default for OneOrMany<T> {
    /// None (an empty list allocates nothing).
    fn default() -> Self {
        OneOrMany::Many(Box::default())
    }
}

impl<T> Deref for OneOrMany<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        match self {
            OneOrMany::One(one) => std::slice::from_ref(one),
            OneOrMany::Many(many) => many,
        }
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A sequence of nodes (allocated once, at its size).
#[derive(Debug, Default)]
pub struct List {
    pub nodes: Box<[Node]>,
}

/// One node of a template body. Text and actions are most nodes and are inline (40 bytes);
/// the rest is boxed.
#[derive(Debug)]
pub enum Node {
    /// Text outside actions: a part of the tree's source, which it shares.
    Text(Span),
    Action(Pipe),
    If(Box<Branch>),
    With(Box<Branch>),
    Range(Box<Branch>),
    Template(Box<TemplateNode>),
    Break,
    Continue,
}

/// `{{template "name" pipe}}` (and a `block`'s call).
#[derive(Debug)]
pub struct TemplateNode {
    pub pos: usize,
    pub name: String,
    pub pipe: Option<Pipe>,
}

/// `if`, `with` and `range`: a pipeline, a body and an optional `else`.
#[derive(Debug)]
pub struct Branch {
    pub pipe: Pipe,
    pub list: List,
    pub else_list: Option<List>,
}

/// A pipeline: optional declarations (`$x :=`) or assignments (`$x =`), and commands.
#[derive(Debug)]
pub struct Pipe {
    /// The variables and the pipeline's position, boxed: most pipelines declare none, and
    /// start where their first command does.
    decl: Option<Box<Decl>>,
    /// The commands (one or more; most pipelines have one: it is kept inline).
    pub cmds: OneOrMany<Command>,
}

/// A pipeline's variables (a thin pointer in the pipeline).
#[derive(Debug)]
struct Decl {
    pos: u32,
    is_assign: bool,
    /// The variables, shared with the executions that declare them (no copy per use).
    vars: Vec<Arc<str>>,
}

impl Pipe {
    /// The variables it declares or assigns.
    pub fn decl(&self) -> &[Arc<str>] {
        self.decl.as_deref().map_or(&[], |d| d.vars.as_slice())
    }

    /// Whether its variables are assigned (`=`), not declared (`:=`).
    pub fn is_assign(&self) -> bool {
        self.decl.as_deref().is_some_and(|d| d.is_assign)
    }

    /// Where it starts: its first variable, or its first command.
    pub fn pos(&self) -> usize {
        match &self.decl {
            Some(d) => d.pos as usize,
            None => self.cmds.first().map_or(0, Command::pos),
        }
    }
}

/// One command of a pipeline: a function or a value, and its arguments.
#[derive(Debug)]
pub struct Command {
    pub pos: u32,
    /// The arguments (one inline, more in a list of their size).
    pub args: OneOrMany<Arg>,
}

impl Command {
    pub fn pos(&self) -> usize {
        self.pos as usize
    }
}

/// An operand (24 bytes: rare large ones are boxed).
#[derive(Debug)]
pub enum Arg {
    /// `.a.b`: `path` is `a.b` (the field names, joined by dots as in the source).
    Field {
        pos: u32,
        path: SrcStr,
    },
    /// `(pipe).a.b`.
    Chain(Box<Chain>),
    /// `$x.a.b`: `path` is `$x.a.b` (the variable, then the field names).
    Variable {
        pos: u32,
        path: SrcStr,
    },
    /// A function: its entry of the function table (its name and what it calls), resolved
    /// when the template was parsed.
    Ident {
        pos: u32,
        func: &'static super::resolve::Resolved,
    },
    Dot(u32),
    Nil(u32),
    Bool(u32, bool),
    /// An integer constant written as Go prints it (most numbers of a template: `4`,
    /// `63`), inline: its text is its value printed, its ideal type `int`.
    Int {
        pos: u32,
        value: i64,
    },
    /// Any other number constant.
    Number(Box<Number>),
    /// A string constant: its value, written between quotes with no escape (`raw`: back
    /// quotes, no carriage return dropped).
    ///
    /// The value is its own `Arc<str>`, not a [`SrcStr`]: the executor hands it out as a Go
    /// string value without copying it.
    String {
        pos: u32,
        raw: bool,
        text: Arc<str>,
    },
    /// Any other string constant (escapes, or carriage returns Go drops from a raw string):
    /// its value and its source form (for messages).
    Escaped(Box<Escaped>),
    Pipe(Box<Pipe>),
}

/// `(pipe).a.b`: `fields` is `a.b`.
#[derive(Debug)]
pub struct Chain {
    pub pos: u32,
    pub node: Arg,
    pub fields: SrcStr,
}

/// A string constant written with escapes.
#[derive(Debug)]
pub struct Escaped {
    pub pos: u32,
    pub text: Arc<str>,
    pub source: Box<str>,
    /// The value's bytes when its `\x` or octal escapes make it other than UTF-8 (`text`
    /// then has a U+FFFD a bad byte): the constant is a Go string of those bytes.
    pub raw: Option<Box<[u8]>>,
}

impl Escaped {
    /// The constant's value.
    pub fn value(&self) -> super::value::Value {
        match &self.raw {
            Some(bytes) => super::value::Value::RawString(std::rc::Rc::from(&bytes[..])),
            None => super::value::Value::String(self.text.clone()),
        }
    }
}

/// A number constant, with every type it can be (Go's `NumberNode`).
#[derive(Debug)]
pub struct Number {
    pub pos: usize,
    pub text: String,
    pub int: Option<i64>,
    pub float: Option<f64>,
    /// Whether it fits an unsigned integer but not a signed one.
    pub is_uint: bool,
    /// The real and imaginary parts of a complex constant (`2.5i`, `1+2i`): its value as an
    /// operand, whatever else it can be. One whose imaginary part is zero (`3+0i`) is also a
    /// float and, when whole, an integer for a parameter of such a type (Go's
    /// `simplifyComplex`).
    pub complex: Option<(f64, f64)>,
}

impl Number {
    /// A complex constant and the other types it can be.
    fn complex(pos: usize, text: &str, re: f64, im: f64) -> Number {
        let float = (im == 0.0).then_some(re);
        // Go's `float64(int64(f)) == f`: a whole number within int64's range.
        const TWO_63: f64 = 9_223_372_036_854_775_808.0;
        let int = float
            .filter(|f| f.fract() == 0.0 && (-TWO_63..TWO_63).contains(f))
            .map(|f| f as i64);
        Number {
            pos,
            text: text.to_owned(),
            int,
            float,
            is_uint: false,
            complex: Some((re, im)),
        }
    }
}

impl Arg {
    pub fn pos(&self) -> usize {
        match self {
            Arg::Field { pos, .. }
            | Arg::Variable { pos, .. }
            | Arg::Ident { pos, .. }
            | Arg::String { pos, .. } => *pos as usize,
            Arg::Dot(p) | Arg::Nil(p) | Arg::Bool(p, _) | Arg::Int { pos: p, .. } => *p as usize,
            Arg::Chain(c) => c.pos as usize,
            Arg::Escaped(e) => e.pos as usize,
            Arg::Number(n) => n.pos,
            Arg::Pipe(p) => p.pos(),
        }
    }
}

impl Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Field { path, .. } => write!(f, ".{path}"),
            Arg::Chain(c) => {
                if let Arg::Pipe(_) = c.node {
                    write!(f, "({}).{}", c.node, c.fields)
                } else {
                    write!(f, "{}.{}", c.node, c.fields)
                }
            }
            Arg::Variable { path, .. } => f.write_str(path),
            Arg::Ident { func, .. } => f.write_str(func.name),
            Arg::Dot(_) => f.write_str("."),
            Arg::Nil(_) => f.write_str("nil"),
            Arg::Bool(_, b) => write!(f, "{b}"),
            Arg::Int { value, .. } => write!(f, "{value}"),
            Arg::Number(n) => f.write_str(&n.text),
            Arg::String {
                raw: false, text, ..
            } => write!(f, "\"{text}\""),
            Arg::String {
                raw: true, text, ..
            } => write!(f, "`{text}`"),
            Arg::Escaped(e) => f.write_str(&e.source),
            Arg::Pipe(p) => write!(f, "{p}"),
        }
    }
}

impl Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                f.write_char(' ')?;
            }
            if let Arg::Pipe(_) = a {
                write!(f, "({a})")?;
            } else {
                write!(f, "{a}")?;
            }
        }
        Ok(())
    }
}

impl Display for Pipe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.decl().is_empty() {
            f.write_str(&self.decl().join(", "))?;
            f.write_str(" := ")?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

/// A `{{template "name" pipe}}` node as Go prints it (an execution error's context).
pub struct TemplateCall<'a> {
    pub name: &'a str,
    pub pipe: Option<&'a Pipe>,
}

impl Display for TemplateCall<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pipe {
            Some(p) => write!(f, "{{{{template {} {p}}}}}", crate::go::quote(self.name)),
            None => write!(f, "{{{{template {}}}}}", crate::go::quote(self.name)),
        }
    }
}

/// A parse error, in Go's words, at a line of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl Display for ParseError {
    /// Go's form: `template: file:line: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "template: {}:{}: {}", self.file, self.line, self.message)
    }
}

/// Parses `src` (from file `parse_name`) as the template `name`: its main tree first, then
/// every tree it defines, in source order. Go checks at parse time that a function exists
/// (`function "x" not defined`): every name Helm's newest engine has resolves
/// ([`super::resolve`]), and `has_func` says whether the Helm parsed for has one that only
/// some Helms have ([`super::funcs::SINCE`]); it is asked about no other name.
pub fn parse(
    name: &str,
    parse_name: &str,
    src: &str,
    has_func: &dyn Fn(&str) -> bool,
) -> Result<Vec<Tree>, ParseError> {
    parse_with(name, parse_name, src, has_func, &mut Strings::default())
}

/// The string constants of the templates parsed with one [`Strings`]: each value once
/// (`include "chart.fullname" .` is in most files of a chart), shared by the trees.
#[derive(Default)]
pub struct Strings {
    set: HashSet<Arc<str>, BuildHasherDefault<Fx>>,
}

impl Strings {
    /// Longer constants are seldom repeated: they are not looked up.
    const MAX_SHARED: usize = 64;

    fn get(&mut self, s: &str) -> Arc<str> {
        if s.len() > Self::MAX_SHARED {
            return Arc::from(s);
        }
        if self.set.capacity() == 0 {
            self.set.reserve(256);
        }
        if let Some(a) = self.set.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.set.insert(a.clone());
        a
    }
}

/// rustc's FxHash, eight bytes at a time: string constants are short.
#[derive(Default)]
struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            if let Some(dst) = w.get_mut(..rest.len()) {
                dst.copy_from_slice(rest);
            }
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// [`parse`], sharing string constants with the other templates parsed with `strings`.
pub fn parse_with(
    name: &str,
    parse_name: &str,
    src: &str,
    has_func: &dyn Fn(&str) -> bool,
    strings: &mut Strings,
) -> Result<Vec<Tree>, ParseError> {
    if src.len() > super::lex::MAX_SOURCE {
        return Err(too_large(parse_name));
    }
    parse_shared(
        name,
        parse_name,
        &Arc::new(src.to_owned()),
        has_func,
        strings,
    )
}

/// [`parse_with`] of a source the trees share instead of copying (a chart's template file:
/// kube-prometheus-stack has 1.6 MB of them, cert-manager 1 MB of CRDs it does not render
/// by default).
pub fn parse_shared(
    name: &str,
    parse_name: &str,
    text: &Arc<String>,
    has_func: &dyn Fn(&str) -> bool,
    strings: &mut Strings,
) -> Result<Vec<Tree>, ParseError> {
    parse_noting_unicode(name, parse_name, text, has_func, strings).0
}

/// [`parse_shared`], and whether the source has, in an action, a character Go reads
/// differently before Go 1.27 ([`super::lex::Lexed::newer_unicode`]): the result is then
/// that of this thread's Unicode version only.
pub fn parse_noting_unicode(
    name: &str,
    parse_name: &str,
    text: &Arc<String>,
    has_func: &dyn Fn(&str) -> bool,
    strings: &mut Strings,
) -> (Result<Vec<Tree>, ParseError>, bool) {
    let src = text.as_str();
    if src.len() > super::lex::MAX_SOURCE {
        return (Err(too_large(parse_name)), false);
    }
    let parse_name: Arc<str> = Arc::from(parse_name);
    let lexed = lex(src);
    let newer_unicode = lexed.newer_unicode;
    (
        parse_lexed(name, parse_name, text, lexed, has_func, strings),
        newer_unicode,
    )
}

fn parse_lexed(
    name: &str,
    parse_name: Arc<str>,
    text: &Arc<String>,
    lexed: super::lex::Lexed,
    has_func: &dyn Fn(&str) -> bool,
    strings: &mut Strings,
) -> Result<Vec<Tree>, ParseError> {
    let src = text.as_str();
    let mut p = Parser {
        items: lexed.items,
        lex_error: lexed.error,
        src,
        i: 0,
        last_pos: 0,
        parse_name: parse_name.clone(),
        vars: vec!["$"],
        range_depth: 0,
        action_pos: None,
        has_func,
        defined: Vec::new(),
        text: text.clone(),
        nodes: Vec::with_capacity(64),
        cmds: Vec::with_capacity(8),
        args: Vec::with_capacity(16),
        strings,
    };
    let root = p.parse_root()?;
    let mut out = vec![Tree {
        name: name.to_owned(),
        parse_name,
        text: text.clone(),
        root,
    }];
    out.append(&mut p.defined);
    Ok(out)
}

fn too_large(parse_name: &str) -> ParseError {
    ParseError {
        file: parse_name.to_owned(),
        line: 1,
        message: format!(
            "template is larger than {} bytes, the most orochart parses",
            super::lex::MAX_SOURCE
        ),
    }
}

struct Parser<'a> {
    items: Vec<Item>,
    /// The message of the lexer's `Error` token, if it ended with one.
    lex_error: Option<String>,
    src: &'a str,
    i: usize,
    /// The offset of the furthest token looked at (Go's `token[0]`, the last one its lexer
    /// gave: a token read again after a backup is not lexed again): its line is the line of a
    /// parse error.
    last_pos: u32,
    parse_name: Arc<str>,
    vars: Vec<&'a str>,
    range_depth: usize,
    /// Where the action being parsed started.
    action_pos: Option<usize>,
    has_func: &'a dyn Fn(&str) -> bool,
    defined: Vec<Tree>,
    text: Arc<String>,
    /// The nodes of the lists being parsed, innermost last: a list takes its own off the
    /// top when it ends (so each list allocates once, at its size).
    nodes: Vec<Node>,
    /// The same for the commands of the pipelines being parsed...
    cmds: Vec<Command>,
    /// ...and the arguments of their commands.
    args: Vec<Arg>,
    strings: &'a mut Strings,
}

/// What `item_list` stopped at.
enum Stop {
    End(#[allow(dead_code)] usize),
    Else(#[allow(dead_code)] usize),
}

type PResult<T> = Result<T, ParseError>;

impl<'a> Parser<'a> {
    fn err<T>(&self, message: impl Into<String>) -> PResult<T> {
        Err(ParseError {
            file: self.parse_name.to_string(),
            line: line_at(self.src, self.last_pos as usize),
            message: message.into(),
        })
    }

    /// What reading past the last token gives (it leaves the error line where it was).
    fn eof_item(&self) -> Item {
        Item {
            kind: Kind::Eof,
            space: false,
            pos: self.last_pos,
            end: self.last_pos,
        }
    }

    /// A token's text.
    fn val(&self, it: Item) -> &'a str {
        it.val(self.src)
    }

    fn next(&mut self) -> Item {
        let it = self
            .items
            .get(self.i)
            .copied()
            .unwrap_or_else(|| self.eof_item());
        if self.i < self.items.len() {
            self.i += 1;
        }
        self.last_pos = self.last_pos.max(it.pos);
        it
    }

    fn backup(&mut self) {
        self.i = self.i.saturating_sub(1);
    }

    fn peek(&self) -> Item {
        self.items
            .get(self.i)
            .copied()
            .unwrap_or_else(|| self.eof_item())
    }

    /// Go's `nextNonSpace`: the next token (spaces are no tokens here: see [`Item`]).
    fn next_non_space(&mut self) -> Item {
        self.next()
    }

    /// The kind of the next token, without taking it.
    fn peek_kind(&self) -> Kind {
        self.items.get(self.i).map_or(Kind::Eof, |it| it.kind)
    }

    /// [`Parser::peek_non_space`]'s kind, without copying the token.
    fn peek_non_space_kind(&mut self) -> Kind {
        match self.items.get(self.i) {
            Some(it) => {
                self.last_pos = self.last_pos.max(it.pos);
                it.kind
            }
            None => {
                self.i = self.i.saturating_sub(1);
                Kind::Eof
            }
        }
    }

    /// Whether the next token is a field right after what was read (no space between: a
    /// field of it, not another argument).
    fn field_follows(&self) -> bool {
        self.items
            .get(self.i)
            .is_some_and(|it| it.kind == Kind::Field && !it.space)
    }

    fn peek_non_space(&mut self) -> Item {
        let it = self.next_non_space();
        self.backup();
        it
    }

    fn unexpected<T>(&mut self, token: &Item, context: &str) -> PResult<T> {
        let token = *token;
        if token.kind == Kind::Error {
            let message = self.lex_error.clone().unwrap_or_default();
            let mut extra = String::new();
            if let Some(action_pos) = self.action_pos {
                let action_line = line_at(self.src, action_pos);
                if action_line != line_at(self.src, token.pos()) {
                    extra = format!(" in action started at {}:{action_line}", self.parse_name);
                    if message.ends_with(" action") {
                        extra = extra[" in action".len()..].to_owned();
                    }
                }
            }
            return self.err(format!("{message}{extra}"));
        }
        let shown = Shown(token.kind, self.val(token));
        self.err(format!("unexpected {shown} in {context}"))
    }

    fn expect(&mut self, kind: Kind, context: &str) -> PResult<Item> {
        let token = self.next_non_space();
        if token.kind != kind {
            return self.unexpected(&token, context);
        }
        Ok(token)
    }

    /// The nodes pushed on [`Parser::nodes`] since `base`, as a list of their own (allocated
    /// once, at its size).
    fn list_from(&mut self, base: usize) -> List {
        List {
            nodes: self.nodes.drain(base..).collect(),
        }
    }

    fn parse_root(&mut self) -> PResult<List> {
        let base = self.nodes.len();
        while self.peek_kind() != Kind::Eof {
            if self.peek_kind() == Kind::LeftDelim {
                let mark = self.i;
                self.next();
                if self.next_non_space().kind == Kind::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.i = mark;
            }
            match self.text_or_action()? {
                Parsed::Node => {}
                Parsed::End(_) => return self.err("unexpected {{end}}"),
                Parsed::Else(_) => return self.err("unexpected {{else}}"),
            }
        }
        Ok(self.list_from(base))
    }

    fn parse_definition(&mut self) -> PResult<()> {
        let context = "define clause";
        let token = self.next_non_space();
        if token.kind != Kind::String && token.kind != Kind::RawString {
            return self.unexpected(&token, context);
        }
        let name = self.unquote(self.val(token))?;
        self.expect(Kind::RightDelim, context)?;
        let saved = std::mem::replace(&mut self.vars, vec!["$"]);
        let (list, stop) = self.item_list()?;
        self.vars = saved;
        if let Stop::Else(_) = stop {
            return self.err(format!("unexpected {{{{else}}}} in {context}"));
        }
        self.add(name, list)
    }

    /// Go's `Tree.add`: within one source, a template may be defined twice only if one of
    /// the definitions is empty (the non-empty one is kept).
    fn add(&mut self, name: String, root: List) -> PResult<()> {
        let tree = Tree {
            name,
            parse_name: self.parse_name.clone(),
            text: self.text.clone(),
            root,
        };
        match self.defined.iter().position(|t| t.name == tree.name) {
            Some(i) if !self.defined[i].is_empty() => {
                if !tree.is_empty() {
                    return self.err(format!(
                        "template: multiple definition of template {}",
                        crate::go::quote(&tree.name)
                    ));
                }
            }
            Some(i) => self.defined[i] = tree,
            None => self.defined.push(tree),
        }
        Ok(())
    }

    fn item_list(&mut self) -> PResult<(List, Stop)> {
        let base = self.nodes.len();
        while self.peek_non_space_kind() != Kind::Eof {
            match self.text_or_action()? {
                Parsed::Node => {}
                Parsed::End(p) => return Ok((self.list_from(base), Stop::End(p))),
                Parsed::Else(p) => return Ok((self.list_from(base), Stop::Else(p))),
            }
        }
        self.err("unexpected EOF")
    }

    fn text_or_action(&mut self) -> PResult<Parsed> {
        let token = self.next_non_space();
        match token.kind {
            Kind::Text => {
                self.nodes.push(Node::Text(Span {
                    start: token.pos,
                    end: token.end,
                }));
                Ok(Parsed::Node)
            }
            Kind::LeftDelim => {
                self.action_pos = Some(token.pos());
                let r = self.action();
                self.action_pos = None;
                r
            }
            _ => self.unexpected(&token, "input"),
        }
    }

    fn action(&mut self) -> PResult<Parsed> {
        let token = self.next_non_space();
        let node = match token.kind {
            Kind::Block => self.block_control()?,
            Kind::Break | Kind::Continue => {
                let word = if token.kind == Kind::Break {
                    "break"
                } else {
                    "continue"
                };
                let t = self.next_non_space();
                if t.kind != Kind::RightDelim {
                    return self.unexpected(&t, &format!("{{{{{word}}}}}"));
                }
                if self.range_depth == 0 {
                    return self.err(format!("{{{{{word}}}}} outside {{{{range}}}}"));
                }
                if token.kind == Kind::Break {
                    Node::Break
                } else {
                    Node::Continue
                }
            }
            Kind::Else => {
                let peek = self.peek_non_space();
                if peek.kind == Kind::If || peek.kind == Kind::With {
                    return Ok(Parsed::Else(peek.pos()));
                }
                let t = self.expect(Kind::RightDelim, "else")?;
                return Ok(Parsed::Else(t.pos()));
            }
            Kind::End => {
                let t = self.expect(Kind::RightDelim, "end")?;
                return Ok(Parsed::End(t.pos()));
            }
            Kind::If => Node::If(Box::new(self.control("if")?)),
            Kind::Range => Node::Range(Box::new(self.control("range")?)),
            Kind::With => Node::With(Box::new(self.control("with")?)),
            Kind::Template => self.template_control()?,
            _ => {
                self.backup();
                Node::Action(self.pipeline("command", Kind::RightDelim)?)
            }
        };
        self.nodes.push(node);
        Ok(Parsed::Node)
    }

    fn control(&mut self, context: &str) -> PResult<Branch> {
        let vars = self.vars.len();
        let pipe = self.pipeline(context, Kind::RightDelim)?;
        if context == "range" {
            self.range_depth += 1;
        }
        let (list, stop) = self.item_list()?;
        if context == "range" {
            self.range_depth -= 1;
        }
        let mut else_list = None;
        if let Stop::Else(_) = stop {
            let peek = self.peek_kind();
            if context == "if" && peek == Kind::If {
                self.next();
                let b = self.control("if")?;
                else_list = Some(List {
                    nodes: Box::new([Node::If(Box::new(b))]),
                });
            } else if context == "with" && peek == Kind::With {
                self.next();
                let b = self.control("with")?;
                else_list = Some(List {
                    nodes: Box::new([Node::With(Box::new(b))]),
                });
            } else {
                let (l, stop) = self.item_list()?;
                if let Stop::Else(_) = stop {
                    return self.err("expected end; found {{else}}");
                }
                else_list = Some(l);
            }
        }
        self.vars.truncate(vars);
        Ok(Branch {
            pipe,
            list,
            else_list,
        })
    }

    fn template_name(&mut self, token: &Item, context: &str) -> PResult<String> {
        match token.kind {
            Kind::String | Kind::RawString => self.unquote(self.val(*token)),
            _ => self.unexpected(token, context),
        }
    }

    fn template_control(&mut self) -> PResult<Node> {
        let context = "template clause";
        let token = self.next_non_space();
        let name = self.template_name(&token, context)?;
        let mut pipe = None;
        if self.next_non_space().kind != Kind::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(context, Kind::RightDelim)?);
        }
        Ok(Node::Template(Box::new(TemplateNode {
            pos: token.pos(),
            name,
            pipe,
        })))
    }

    fn block_control(&mut self) -> PResult<Node> {
        let context = "block clause";
        let token = self.next_non_space();
        let name = self.template_name(&token, context)?;
        let pipe = self.pipeline(context, Kind::RightDelim)?;
        let saved = std::mem::replace(&mut self.vars, vec!["$"]);
        let saved_depth = std::mem::replace(&mut self.range_depth, 0);
        let (list, stop) = self.item_list()?;
        self.vars = saved;
        self.range_depth = saved_depth;
        if let Stop::Else(_) = stop {
            return self.err(format!("unexpected {{{{else}}}} in {context}"));
        }
        self.add(name.clone(), list)?;
        Ok(Node::Template(Box::new(TemplateNode {
            pos: token.pos(),
            name,
            pipe: Some(pipe),
        })))
    }

    fn pipeline(&mut self, context: &str, end: Kind) -> PResult<Pipe> {
        let mut v = self.peek_non_space();
        let pos = v.pos;
        let mut decl: Vec<Arc<str>> = Vec::new();
        let mut is_assign = false;
        while v.kind == Kind::Variable {
            let mark = self.i;
            self.next_non_space();
            let next = self.peek_non_space();
            if next.kind == Kind::Assign || next.kind == Kind::Declare {
                is_assign = next.kind == Kind::Assign;
                self.next_non_space();
                let name = self.val(v);
                decl.push(Arc::from(name));
                self.vars.push(name);
            } else if next.kind == Kind::Char && self.val(next) == "," {
                self.next_non_space();
                let name = self.val(v);
                decl.push(Arc::from(name));
                self.vars.push(name);
                if context == "range" && decl.len() < 2 {
                    match self.peek_non_space_kind() {
                        Kind::Variable | Kind::RightDelim | Kind::RightParen => {
                            v = self.peek_non_space();
                            continue;
                        }
                        _ => return self.err("range can only initialize variables"),
                    }
                }
                return self.err(format!("too many declarations in {context}"));
            } else {
                self.i = mark;
            }
            break;
        }
        let base = self.cmds.len();
        loop {
            let token = self.next_non_space();
            match token.kind {
                k if k == end => {
                    let cmds = self.cmds.get(base..).unwrap_or_default();
                    if cmds.is_empty() {
                        return self.err(format!("missing value for {context}"));
                    }
                    for (i, c) in cmds.iter().enumerate().skip(1) {
                        if let Some(
                            Arg::Bool(..)
                            | Arg::Dot(_)
                            | Arg::Nil(_)
                            | Arg::Int { .. }
                            | Arg::Number(_)
                            | Arg::String { .. }
                            | Arg::Escaped(_),
                        ) = c.args.first()
                        {
                            return self.err(format!(
                                "non executable command in pipeline stage {}",
                                i + 1
                            ));
                        }
                    }
                    let cmds = take_top(&mut self.cmds, base);
                    let starts_first = cmds.first().is_some_and(|c| c.pos == pos);
                    let decl = (!decl.is_empty() || !starts_first).then(|| {
                        Box::new(Decl {
                            pos,
                            is_assign,
                            vars: decl,
                        })
                    });
                    return Ok(Pipe { decl, cmds });
                }
                Kind::Bool
                | Kind::CharConstant
                | Kind::Complex
                | Kind::Dot
                | Kind::Field
                | Kind::Identifier
                | Kind::Number
                | Kind::Nil
                | Kind::RawString
                | Kind::String
                | Kind::Variable
                | Kind::LeftParen => {
                    self.backup();
                    let cmd = self.command(token.pos)?;
                    self.cmds.push(cmd);
                }
                _ => return self.unexpected(&token, context),
            }
        }
    }

    /// A command starting with the token at `pos` (the next one).
    fn command(&mut self, pos: u32) -> PResult<Command> {
        let base = self.args.len();
        loop {
            let op = self.operand()?;
            let read = op.is_some();
            if let Some(op) = op {
                self.args.push(op);
            }
            // Go reads the space token after an operand here, and goes on to the next one.
            // Without an operand, it reads the token the term was not (a space before it
            // was taken when the term was looked for).
            let token = self.next();
            match token.kind {
                Kind::RightDelim | Kind::RightParen => self.backup(),
                Kind::Pipe => {}
                _ if read && token.space => {
                    self.backup();
                    continue;
                }
                _ => return self.unexpected(&token, "operand"),
            }
            break;
        }
        if self.args.len() == base {
            return self.err("empty command");
        }
        Ok(Command {
            pos,
            args: take_top(&mut self.args, base),
        })
    }

    fn operand(&mut self) -> PResult<Option<Arg>> {
        let token = self.next_non_space();
        let pos = token.pos;
        // A field or variable followed by fields (`.a.b.c`, `$x.a.b`) is one node; its fields
        // follow it in the source, so its path is one slice of the source.
        if token.kind == Kind::Field || token.kind == Kind::Variable {
            let chained = self.field_follows();
            let mut end = token.end;
            let mut node_pos = pos;
            if chained {
                // Go gives the merged node the chain's position: its second field's.
                node_pos = self.peek().pos;
                while self.field_follows() {
                    end = self.next().end;
                }
            }
            let span = Item { end, ..token };
            return Ok(Some(if token.kind == Kind::Field {
                Arg::Field {
                    pos: node_pos,
                    path: SrcStr::part(&self.text, span.pos() + 1, span.end as usize),
                }
            } else {
                // A variable token is its name: the lexer ends it at a `.`.
                let name = self.val(token);
                if !self.vars.contains(&name) {
                    return self.err(format!("undefined variable {}", crate::go::quote(name)));
                }
                Arg::Variable {
                    pos: node_pos,
                    path: SrcStr::part(&self.text, span.pos(), span.end as usize),
                }
            }));
        }
        self.backup();
        let Some(node) = self.term()? else {
            return Ok(None);
        };
        if !self.field_follows() {
            return Ok(Some(node));
        }
        let chain_pos = self.peek().pos;
        let mut chain_end = chain_pos;
        while self.field_follows() {
            chain_end = self.next().end;
        }
        let fields = SrcStr::part(&self.text, chain_pos as usize + 1, chain_end as usize);
        Ok(Some(match node {
            Arg::Bool(..)
            | Arg::String { .. }
            | Arg::Escaped(_)
            | Arg::Int { .. }
            | Arg::Number(_)
            | Arg::Nil(_)
            | Arg::Dot(_) => {
                let s = crate::go::quote(&node.to_string());
                return self.err(format!("unexpected . after term {s}"));
            }
            node => Arg::Chain(Box::new(Chain {
                pos: chain_pos,
                node,
                fields,
            })),
        }))
    }

    fn term(&mut self) -> PResult<Option<Arg>> {
        let token = self.next_non_space();
        let pos = token.pos;
        Ok(Some(match token.kind {
            Kind::Identifier => {
                let val = self.val(token);
                let resolved =
                    super::resolve::resolve(val).filter(|r| !r.gated || (self.has_func)(val));
                let Some(r) = resolved else {
                    return self.err(format!("function {} not defined", crate::go::quote(val)));
                };
                Arg::Ident { pos, func: r }
            }
            Kind::Dot => Arg::Dot(pos),
            Kind::Nil => Arg::Nil(pos),
            Kind::Bool => Arg::Bool(pos, self.val(token) == "true"),
            Kind::CharConstant | Kind::Complex | Kind::Number => {
                let number = self.number(token.pos(), self.val(token), token.kind)?;
                match number.int {
                    // An integer written as Go prints it (`4`, `-1`, `63`): its value is
                    // all of it (its text, its float, its ideal type int).
                    Some(value)
                        if !number.is_uint
                            && number.complex.is_none()
                            && number.float == Some(value as f64)
                            && is_canonical_int(&number.text) =>
                    {
                        Arg::Int { pos, value }
                    }
                    _ => Arg::Number(Box::new(number)),
                }
            }
            Kind::LeftParen => Arg::Pipe(Box::new(
                self.pipeline("parenthesized pipeline", Kind::RightParen)?,
            )),
            Kind::String | Kind::RawString => self.string(pos, self.val(token))?,
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }

    /// A string constant: a quoted string without escapes, or a raw one without carriage
    /// returns, is its value between its quotes (the value's only copy); any other is
    /// unquoted as Go does, and its source form kept.
    fn string(&mut self, pos: u32, quoted: &str) -> PResult<Arg> {
        let b = quoted.as_bytes();
        if b.len() >= 2 {
            let inner = quoted.get(1..quoted.len() - 1).unwrap_or("");
            let raw = match b[0] {
                // The lexer ends a quoted string at its first unescaped quote and at no
                // newline: without a backslash, its inside is its value.
                b'"' if memchr::memchr(b'\\', inner.as_bytes()).is_none() => Some(false),
                b'`' if memchr::memchr(b'\r', inner.as_bytes()).is_none() => Some(true),
                _ => None,
            };
            if let Some(raw) = raw {
                return Ok(Arg::String {
                    pos,
                    raw,
                    text: self.strings.get(inner),
                });
            }
        }
        let Some(bytes) = super::strconv::unquote_bytes(quoted) else {
            return self.err("invalid syntax");
        };
        let (text, raw) = crate::go::text_or_bytes(bytes);
        Ok(Arg::Escaped(Box::new(Escaped {
            pos,
            text: Arc::from(text.as_str()),
            source: quoted.into(),
            raw: raw.map(Vec::into_boxed_slice),
        })))
    }

    fn unquote(&self, s: &str) -> PResult<String> {
        match super::strconv::unquote(s) {
            Some(u) => Ok(u),
            None => self.err("invalid syntax"),
        }
    }

    fn number(&self, pos: usize, text: &str, kind: Kind) -> PResult<Number> {
        if kind == Kind::CharConstant {
            let s = match super::strconv::unquote_char(text) {
                Ok(s) => s,
                Err(super::strconv::CharError::Syntax) => {
                    return self.err(String::from("invalid syntax"))
                }
                Err(super::strconv::CharError::Malformed) => {
                    return self.err(format!("malformed character constant: {text}"))
                }
            };
            let v = i64::from(u32::from(s));
            return Ok(Number {
                pos,
                text: text.to_owned(),
                int: Some(v),
                float: Some(v as f64),
                is_uint: false,
                complex: None,
            });
        }
        if kind == Kind::Complex {
            return match super::strconv::parse_complex(text) {
                Ok((re, im)) => Ok(Number::complex(pos, text, re, im)),
                Err(e) => self.err(e),
            };
        }
        // An imaginary constant (`2.5i`); when what precedes the `i` is no float (`0x10i`),
        // Go reads the text as a plain number, which fails.
        if let Some(im) = super::strconv::parse_imaginary(text) {
            return Ok(Number::complex(pos, text, 0.0, im));
        }
        match super::strconv::parse_number(text) {
            Ok((int, float, is_uint)) => Ok(Number {
                pos,
                text: text.to_owned(),
                int,
                float,
                is_uint,
                complex: None,
            }),
            Err(super::strconv::NumberError::IllegalSyntax) => {
                self.err(format!("illegal number syntax: {}", crate::go::quote(text)))
            }
            Err(super::strconv::NumberError::IntegerOverflow) => {
                self.err(format!("integer overflow: {}", crate::go::quote(text)))
            }
        }
    }
}

/// Whether `text` is an integer as Go prints it in decimal: digits, no leading zero, no
/// sign but a minus (not `-0`), no base prefix, underscore or exponent.
fn is_canonical_int(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    match digits.as_bytes() {
        [] => false,
        [b'0'] => digits.len() == text.len(),
        [first, rest @ ..] => (b'1'..=b'9').contains(first) && rest.iter().all(u8::is_ascii_digit),
    }
}

/// The elements of `stack` from `base` (one or more), taken off it.
fn take_top<T>(stack: &mut Vec<T>, base: usize) -> OneOrMany<T> {
    if stack.len() == base + 1 {
        if let Some(one) = stack.pop() {
            return OneOrMany::One(one);
        }
    }
    OneOrMany::Many(stack.drain(base..).collect())
}

/// What [`Parser::text_or_action`] read: a node (pushed on [`Parser::nodes`]), or the end
/// of a list.
enum Parsed {
    Node,
    End(#[allow(dead_code)] usize),
    Else(#[allow(dead_code)] usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The actions of `src`'s main tree as Go's `Node.String()` prints them.
    fn actions(src: &str) -> String {
        let trees = parse("t", "t", src, &|_| true).unwrap_or_else(|e| panic!("{src}: {e}"));
        let mut out = String::new();
        for n in &trees[0].root.nodes {
            if let Node::Action(p) = n {
                out.push_str(&format!("{{{{{p}}}}}"));
            }
        }
        out
    }

    /// Go's parseTests' results (`parse_test.go`) for inputs that are actions only: constants
    /// keep their source form, chained fields are one node.
    #[test]
    fn nodes_print_as_go_prints_them() {
        let cases = [
            ("{{.X}}", "{{.X}}"),
            ("{{printf}}", "{{printf}}"),
            ("{{$}}", "{{$}}"),
            ("{{$.I}}", "{{$.I}}"),
            ("{{printf `%d` 23}}", "{{printf `%d` 23}}"),
            ("{{.X|.Y}}", "{{.X | .Y}}"),
            ("{{$x := .X|.Y}}", "{{$x := .X | .Y}}"),
            (
                "{{.X (.Y .Z) (.A | .B .C) (.E)}}",
                "{{.X (.Y .Z) (.A | .B .C) (.E)}}",
            ),
            ("{{(.Y .Z).Field}}", "{{(.Y .Z).Field}}"),
            ("{{$x := 0}}{{$x}}", "{{$x := 0}}{{$x}}"),
            ("{{$x:=.}}{{$x +2}}", "{{$x := .}}{{$x +2}}"),
            // A string constant prints as it was written (Go's `StringNode.Quoted`).
            (r#"{{printf "a\tb" "c"}}"#, r#"{{printf "a\tb" "c"}}"#),
            ("{{printf `a\r\nb` `c`}}", "{{printf `a\r\nb` `c`}}"),
            // Fields after a variable, a field or a parenthesized pipeline.
            ("{{.X.Y.Z}}", "{{.X.Y.Z}}"),
            ("{{$x := .}}{{$x.a.b}}", "{{$x := .}}{{$x.a.b}}"),
            ("{{(.Y).a.b}}", "{{(.Y).a.b}}"),
        ];
        for (src, want) in cases {
            assert_eq!(actions(src), want, "{src}");
        }
    }

    /// A string's value: between its quotes when nothing in it is escaped, unquoted as Go
    /// does otherwise.
    #[test]
    fn string_constants_have_go_values() {
        let value = |src: &str| -> String {
            let trees = parse("t", "t", src, &|_| true).unwrap_or_default();
            match trees.first().and_then(|t| t.root.nodes.first()) {
                Some(Node::Action(p)) => match p.cmds[0].args.last() {
                    Some(Arg::String { text, .. }) => text.to_string(),
                    Some(Arg::Escaped(e)) => e.text.to_string(),
                    other => panic!("{other:?}"),
                },
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(value(r#"{{print "abc"}}"#), "abc");
        assert_eq!(value(r#"{{print "a\tb\"c"}}"#), "a\tb\"c");
        assert_eq!(value(r#"{{print "é\u00e9"}}"#), "éé");
        assert_eq!(value("{{print `a\\tb`}}"), "a\\tb");
        assert_eq!(value("{{print `a\r\nb`}}"), "a\nb");
        assert_eq!(value(r#"{{print ""}}"#), "");
    }

    /// Spaces separate arguments; a field right after an operand is a field of it, one after
    /// a space another argument; anything else right after an operand is Go's error.
    #[test]
    fn spaces_separate_arguments_as_in_go() {
        assert_eq!(actions("{{ .a .b  .c.d }}"), "{{.a .b .c.d}}");
        assert_eq!(
            actions("{{ ($).a (.b).c\n|\tprint }}"),
            "{{($).a (.b).c | print}}"
        );
        assert_eq!(actions("{{print 1|print}}"), "{{print 1 | print}}");
        let err = |src: &str| parse("t", "t", src, &|_| true).err().map(|e| e.to_string());
        assert_eq!(
            err("{{printf 3`x`}}").as_deref(),
            Some("template: t:1: unexpected \"`x`\" in operand")
        );
        assert_eq!(
            err("{{.x(.y)}}").as_deref(),
            Some("template: t:1: unexpected \"(\" in operand")
        );
        assert_eq!(
            err("{{ .x\n =\n }}").as_deref(),
            Some("template: t:2: unexpected \"=\" in operand")
        );
        assert_eq!(
            err("{{ .x =}}").as_deref(),
            Some("template: t:1: unexpected \"=\" in operand")
        );
    }

    /// Integers written as Go prints them are inline; any other number keeps its text.
    #[test]
    fn integers_are_inline_and_print_as_written() {
        let first = |src: &str| -> String {
            let trees = parse("t", "t", src, &|_| true).unwrap_or_else(|e| panic!("{src}: {e}"));
            match trees.first().and_then(|t| t.root.nodes.first()) {
                Some(Node::Action(p)) => match p.cmds[0].args.last() {
                    Some(a @ Arg::Int { .. }) => format!("int {a}"),
                    Some(a @ Arg::Number(_)) => format!("number {a}"),
                    other => panic!("{other:?}"),
                },
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(first("{{print 4}}"), "int 4");
        assert_eq!(first("{{print -63}}"), "int -63");
        assert_eq!(first("{{print 0}}"), "int 0");
        assert_eq!(
            first("{{print 9223372036854775807}}"),
            "int 9223372036854775807"
        );
        for other in [
            "-0",
            "+1",
            "007",
            "0x1F",
            "1_000",
            "1e3",
            "1.0",
            "'a'",
            "18446744073709551615",
        ] {
            assert_eq!(
                first(&format!("{{{{print {other}}}}}")),
                format!("number {other}")
            );
        }
    }

    /// Go's parse tests (`numberTests`) of complex constants: the other types each can be,
    /// and the errors `helm template` (3.17.2, 4.3.1) reports for the malformed ones (the
    /// last part of each message is what Helm prints).
    #[test]
    fn complex_constants_parse_as_go_parses_them() {
        /// The integer, float and complex values of a number.
        type Values = (Option<i64>, Option<f64>, (f64, f64));
        let number = |text: &str| -> Result<Values, String> {
            let src = format!("{{{{print {text}}}}}");
            let trees = parse("t", "t", &src, &|_| true).map_err(|e| e.to_string())?;
            let Some(Node::Action(p)) = trees[0].root.nodes.first() else {
                return Err("no action".into());
            };
            match p.cmds[0].args.get(1) {
                Some(Arg::Number(n)) => Ok((n.int, n.float, n.complex.unwrap_or_default())),
                other => Err(format!("{other:?}")),
            }
        };
        assert_eq!(number("4i"), Ok((None, None, (0.0, 4.0))));
        assert_eq!(number("-1.2+4.2i"), Ok((None, None, (-1.2, 4.2))));
        // Not octal.
        assert_eq!(number("073i"), Ok((None, None, (0.0, 73.0))));
        // A zero imaginary part makes it a float too, and an integer when whole.
        assert_eq!(number("0i"), Ok((Some(0), Some(0.0), (0.0, 0.0))));
        assert_eq!(number("-1.2+0i"), Ok((None, Some(-1.2), (-1.2, 0.0))));
        assert_eq!(number("-12+0i"), Ok((Some(-12), Some(-12.0), (-12.0, 0.0))));
        assert_eq!(number("13+0i"), Ok((Some(13), Some(13.0), (13.0, 0.0))));
        assert_eq!(number("1e19+0i"), Ok((None, Some(1e19), (1e19, 0.0))));
        assert_eq!(number("0x1p1+0x_1p2i"), Ok((None, None, (2.0, 4.0))));
        assert_eq!(number("1_0i"), Ok((None, None, (0.0, 10.0))));
        assert_eq!(number("1e-400+1i"), Ok((None, None, (0.0, 1.0))));
        let err = |text: &str| number(text).err().unwrap_or_default();
        for (text, want) in [
            ("1+2", r#"bad number syntax: "1+2""#),
            ("1+2i3", r#"bad number syntax: "1+2i3""#),
            ("1+-2i", r#"bad number syntax: "1+""#),
            ("0x10i", r#"illegal number syntax: "0x10i""#),
            ("0b1i", r#"illegal number syntax: "0b1i""#),
            ("1e400i", r#"illegal number syntax: "1e400i""#),
            ("1+i", "syntax error scanning complex number"),
            ("1i+2i", "syntax error scanning complex number"),
            ("0o7+1i", "syntax error scanning complex number"),
            (
                "0x1+1i",
                r#"strconv.ParseFloat: parsing "0x1": invalid syntax"#,
            ),
            (
                "1+0x2i",
                r#"strconv.ParseFloat: parsing "+0x2": invalid syntax"#,
            ),
            (
                "1__0+1i",
                r#"strconv.ParseFloat: parsing "1__0": invalid syntax"#,
            ),
            (
                "1e400+1i",
                r#"strconv.ParseFloat: parsing "1e400": value out of range"#,
            ),
            (
                "1+1e400i",
                r#"strconv.ParseFloat: parsing "+1e400": value out of range"#,
            ),
            ("1+2i+3i", r#"unexpected "+3i" in operand"#),
        ] {
            let e = err(text);
            assert!(e.ends_with(want), "{text}: {e}");
        }
    }

    /// Templates parsed with one [`Strings`] share their equal string constants; values
    /// are the same either way.
    #[test]
    fn equal_string_constants_are_shared() {
        let mut strings = Strings::default();
        let long = "x".repeat(Strings::MAX_SHARED + 1);
        let src = format!(r#"{{{{ include "a.name" . }}}}{{{{ print `{long}` "a\tb" }}}}"#);
        let mut consts = Vec::new();
        for _ in 0..2 {
            let trees = parse_with("t", "t", &src, &|_| true, &mut strings).unwrap_or_default();
            for n in trees[0].root.nodes.iter() {
                if let Node::Action(p) = n {
                    for a in p.cmds[0].args.iter() {
                        match a {
                            Arg::String { text, .. } => consts.push(text.clone()),
                            Arg::Escaped(e) => consts.push(e.text.clone()),
                            _ => {}
                        }
                    }
                }
            }
        }
        assert_eq!(consts.len(), 6);
        assert_eq!(&*consts[0], "a.name");
        assert!(Arc::ptr_eq(&consts[0], &consts[3]));
        assert_eq!(*consts[1], *long);
        assert_eq!(consts[1], consts[4]);
        assert_eq!(&*consts[2], "a\tb");
        assert_eq!(consts[2], consts[5]);
    }

    /// A pipeline starts at its first variable, or else at its first command.
    #[test]
    fn pipelines_keep_their_position() {
        let src = "{{ $x := 1 }}{{  .a | print }}{{ $x = 2 }}{{ $x }}";
        let trees = parse("t", "t", src, &|_| true).unwrap_or_default();
        let got: Vec<(usize, bool, usize)> = trees[0]
            .root
            .nodes
            .iter()
            .filter_map(|n| match n {
                Node::Action(p) => Some((p.pos(), p.is_assign(), p.decl().len())),
                _ => None,
            })
            .collect();
        assert_eq!(
            got,
            [(3, false, 1), (17, false, 0), (33, true, 1), (45, false, 0)]
        );
    }

    /// The tree's nodes stay small: a template's parse tree is most of the memory a render
    /// touches first (every list allocated at its size, rare large nodes boxed).
    #[cfg(target_pointer_width = "64")]
    #[test]
    fn nodes_are_small() {
        use std::mem::size_of;
        assert_eq!(size_of::<Arg>(), 24);
        assert_eq!(size_of::<OneOrMany<Arg>>(), 24);
        assert_eq!(size_of::<Command>(), 32);
        assert_eq!(size_of::<Pipe>(), 40);
        assert_eq!(size_of::<Node>(), 40);
    }

    /// A chain's node takes the position of its second field, as Go's does.
    #[test]
    fn chains_are_at_their_second_field() {
        let trees = parse("t", "t", "{{ .ab.cd.ef }}{{ $.x }}", &|_| true).unwrap_or_default();
        let pos: Vec<usize> = trees[0]
            .root
            .nodes
            .iter()
            .filter_map(|n| match n {
                Node::Action(p) => p.cmds[0].args.first().map(Arg::pos),
                _ => None,
            })
            .collect();
        assert_eq!(pos, [6, 19]);
    }

    /// Only functions some Helms lack are put to the caller; unknown ones fail in Go's words.
    #[test]
    fn functions_resolve_when_parsed() {
        let asked = std::cell::RefCell::new(Vec::new());
        let gate = |f: &str| {
            asked.borrow_mut().push(f.to_owned());
            false
        };
        let err = parse(
            "t",
            "t",
            "{{ toYaml . | indent 2 }}{{ mustToYaml . }}",
            &gate,
        )
        .err()
        .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(r#"template: t:1: function "mustToYaml" not defined"#)
        );
        assert_eq!(*asked.borrow(), ["mustToYaml"]);
        let err = parse("t", "t", "{{ nope 1 }}", &|_| true)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(r#"template: t:1: function "nope" not defined"#)
        );
    }
}
