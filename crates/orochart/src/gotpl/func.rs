//! The function-library contract between the template engine and Helm's/Sprig's functions.
//!
//! text/template calls a function through reflection: it checks the argument count against
//! the Go signature (`wrong number of args for trunc: want 2 got 1`), converts each argument to
//! the parameter's type (an untyped constant `63` becomes an `int`, `1.5` a `float64`; a
//! `float64` value is not an `int`: `wrong type for value; expected int; got float64`), and turns
//! a returned error or a panic into `error calling trunc: …`. So each function declares its
//! Go signature, the engine does the checks and conversions, and the body receives arguments
//! already of the declared types.

use super::value::Value;

/// A Go parameter type, as a function's signature declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(dead_code)] // the Go types a function may declare, whether or not one does today
pub enum GoType {
    /// `interface {}`: anything, as it is (nil included).
    Interface,
    /// `string`.
    String,
    /// `bool`.
    Bool,
    /// `int`.
    Int,
    /// `int64`.
    Int64,
    /// `float64`.
    Float64,
    /// `time.Duration` (`time.Time.Add`'s parameter): an integer constant converts to it.
    Duration,
    /// `[]interface {}` (a typed slice is converted element-wise only where Go would accept it).
    List,
    /// `[]string`.
    StringList,
    /// `map[string]interface {}` (`chartutil.Values` is assignable to it).
    Map,
    /// An [`super::value::Object`]'s type, by its `%T` (`*semver.Version`): what one's
    /// method takes. A pointer type (`*…`) can be nil, as can the interface `io.Writer`.
    Object(&'static str),
}

/// An error a function returns (or a panic inside it, which text/template also reports as
/// `error calling NAME: …`). The engine adds the `error calling NAME: ` prefix and the location.
#[derive(Clone, Debug, PartialEq)]
pub struct FuncError(pub String);

impl FuncError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> FuncError {
        FuncError(message.into())
    }
}

impl std::fmt::Display for FuncError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a function may use besides its arguments during one render: the source of randomness
/// and time (Helm's `randAlphaNum`, `uuidv4`, `genCA`, `now` are random and read the clock, as
/// in Helm), and how the profile's Helm names `chartutil.Values`. One per render; the engine
/// creates it with [`Ctx::new`].
#[derive(Debug)]
pub struct Ctx {
    /// The random source (a CSPRNG seeded from the operating system).
    pub rng: super::funcs::random::Rng,
    /// A fixed clock for tests (`now`), as nanoseconds since the Unix epoch; `None` reads the
    /// system clock.
    pub fixed_now: Option<i128>,
    /// Go's `%T` of `.Values`: `chartutil.Values` in Helm 3, `common.Values` in Helm 4.
    pub values_type: &'static str,
    /// When the render started (the monotonic reading `now` prints as `m=+…`).
    pub started: std::time::Instant,
    /// Whether `set` or `merge` made a map that contains itself (`set . "k" .`): from then on
    /// a function that walks its arguments checks them first (Go would recurse until its
    /// stack overflows).
    pub cyclic: bool,
    /// The `TZ` variable of the environment Helm would run in (`None`: unset), for Go's local
    /// time (`now`, `date`, `toDate`): given by the caller, never read here.
    pub tz: Option<String>,
    /// Results of pure functions kept for this render ([`Memo`]).
    pub memo: Memo,
    /// The profile's wording of the functions' libraries.
    pub funcs: crate::profile::FuncWording,
    /// What Helm would reach outside the chart (`getHostByName`, `lookup`).
    pub remote: crate::request::RemoteAccess,
}

/// What a render keeps of work that depends only on its inputs, for the next call with the
/// same inputs: charts call `semverCompare` with the same constraint and version many times
/// (kube-prometheus-stack: hundreds), and parsing both each time costs a hundred times a
/// lookup. (Compiled regular expressions are kept by [`crate::go::regexp::compile`].)
/// A few entries, found by a linear search; when full, new results are not kept.
#[derive(Debug, Default)]
pub struct Memo {
    /// `(constraint, version)` pairs and what `semverCompare` of them gave.
    semver: Vec<(String, String, Result<bool, String>)>,
}

/// How many results a [`Memo`] keeps.
const MEMO_SIZE: usize = 64;

impl Memo {
    /// `compare(constraint, version)`, computed once per pair.
    pub fn semver(
        &mut self,
        constraint: &str,
        version: &str,
        compare: impl FnOnce(&str, &str) -> Result<bool, String>,
    ) -> Result<bool, String> {
        let found = self
            .semver
            .iter()
            .find(|(c, v, _)| c == constraint && v == version);
        if let Some((_, _, r)) = found {
            return r.clone();
        }
        let r = compare(constraint, version);
        if self.semver.len() < MEMO_SIZE {
            self.semver
                .push((constraint.to_owned(), version.to_owned(), r.clone()));
        }
        r
    }
}

impl Default for Ctx {
    fn default() -> Self {
        Ctx::new()
    }
}

impl Ctx {
    /// The context of one render.
    pub fn new() -> Ctx {
        Ctx {
            rng: super::funcs::random::Rng::from_os(),
            fixed_now: None,
            values_type: "chartutil.Values",
            started: std::time::Instant::now(),
            cyclic: false,
            tz: None,
            memo: Memo::default(),
            funcs: crate::profile::FuncWording::default(),
            remote: crate::request::RemoteAccess::default(),
        }
    }

    /// Go's `time.Local` for this render ([`Ctx::tz`]).
    pub fn local_zone(&self) -> std::rc::Rc<super::funcs::zone::Zone> {
        std::rc::Rc::new(super::funcs::zone::Zone::local(self.tz.as_deref()))
    }

    /// How the profile's Helm names `chartutil.Values` (for `typeOf` and panics).
    pub fn values_type(&self) -> &'static str {
        self.values_type
    }
}

/// A function body: arguments already checked and converted to the declared types.
pub type FuncBody = fn(&mut Ctx, &[Value]) -> Result<Value, FuncError>;

/// One function of the template function map.
#[derive(Clone, Copy, Debug)]
pub struct Func {
    /// The name templates call it by.
    pub name: &'static str,
    /// The fixed parameters' types.
    pub params: &'static [GoType],
    /// The variadic parameter's element type (`...interface {}`), if the function has one.
    pub variadic: Option<GoType>,
    /// The body.
    pub call: FuncBody,
    /// Whether the body takes a string that is not valid UTF-8 ([`Value::RawString`]) as it
    /// is in its `string` parameters: those that work on a string's bytes (`b64enc`, the
    /// checksums, `trunc`, `substr`). Any other function gets such a string there as text,
    /// each invalid byte a U+FFFD; an `interface {}` parameter always takes a value as it is.
    pub raw_strings: bool,
    /// Whether Go's function keeps a string's bytes as they are (it compares, cuts, repeats
    /// or joins them) without reading them as text (`trim`, `join`, `contains`): its
    /// arguments' invalid bytes are marked (one private-use character each) and its
    /// result's marks made bytes again, so the body works on text.
    pub keeps_bytes: bool,
}

impl Func {
    /// This function, keeping a string's bytes ([`Func::keeps_bytes`]).
    pub const fn keeps_bytes(self) -> Func {
        Func {
            keeps_bytes: true,
            ..self
        }
    }

    /// This function, taking strings that are not valid UTF-8 as they are in its `string`
    /// parameters.
    pub const fn raw(self) -> Func {
        Func {
            raw_strings: true,
            ..self
        }
    }
}
