//! The values of a Go template run: Go's dynamic types as Helm's templates see them.
//!
//! Maps are shared and mutated in place (Sprig's `set`, `unset`, `merge` change the map every
//! other reference sees, as in Go), so a map is an `Rc<RefCell<…>>`. Lists are never mutated in
//! place by any Helm or Sprig function (`append` copies), so a list is shared immutably.
//! A render runs on one thread; values are built fresh for each render.

use std::cell::RefCell;
use std::fmt::Debug;
use std::rc::Rc;
use std::sync::Arc;

pub use super::entries::Entries;
use super::func::FuncError;

/// A Go value.
#[derive(Clone, Debug, Default)]
pub enum Value {
    /// A nil interface: a missing map key, `nil`, a function's nil result.
    #[default]
    Nil,
    /// `bool`.
    Bool(bool),
    /// Go's `int` (64 bits): integer constants in templates, `len`, most Sprig integer results.
    Int(i64),
    /// `int64`: integers from `--set`, Sprig's `int64`, `add` of int64s.
    Int64(i64),
    /// `float64`: every number of a values file, `float64`, JSON numbers.
    Float(f64),
    /// `string`. Shared with the parse tree for a string constant (whose text is an
    /// `Arc`, trees being parsed on two threads), so using a constant copies nothing.
    String(Arc<str>),
    /// A `string` whose bytes are not valid UTF-8: a binary file read with `.Files.Get`, `b64dec`
    /// of binary data, `toString` of such a `[]byte`. Go's strings are bytes; these keep them,
    /// so `b64enc`, the checksums, `len`, `quote` and `toJson` see what Go sees. A function
    /// that does not declare it takes such strings ([`Func::raw_strings`](super::func::Func))
    /// gets the text with a U+FFFD for each invalid byte, as Go's `range` over the string sees
    /// it. Valid text is always [`Value::String`]; make strings from bytes with
    /// [`Value::from_go_bytes`].
    RawString(Rc<[u8]>),
    /// `[]byte` (`.Files.GetBytes`).
    Bytes(Rc<[u8]>),
    /// A slice (`[]interface {}` or a typed slice such as `[]string`).
    List(List),
    /// A map with string keys (`map[string]interface {}`, `chartutil.Values`, `map[string]string`).
    Map(Dict),
    /// A Go struct or pointer with fields and methods (Helm's `.Capabilities`, `.Files`,
    /// `.Chart`, a `semver` version, a certificate, a `time.Time`, …).
    Object(Rc<dyn Object>),
}

/// The element type of a slice, for `typeOf`, `kindIs` and error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ListType {
    /// `[]interface {}`.
    #[default]
    Interface,
    /// `[]string` (`splitList`, `keys`, `regexFindAll`, `sortAlpha`, …).
    String,
    /// `[]int` (`until`, `untilStep`, `seq`-like results).
    Int,
    /// `[][]interface {}` (`chunk`).
    Lists,
    /// A slice of another element type, named in full (Helm 3's `.Chart.Maintainers`, a
    /// `[]*chart.Maintainer`): no `[]interface {}` to a parameter of that type.
    Named(&'static str),
    /// `[]map[string]interface {}` (`fromToml`'s arrays of tables).
    Maps,
}

/// A Go slice: shared, immutable.
#[derive(Clone, Debug, Default)]
pub struct List {
    /// The elements.
    pub items: Rc<Vec<Value>>,
    /// The Go element type.
    pub elem: ListType,
}

/// The Go type of a map.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MapType {
    /// `map[string]interface {}`.
    #[default]
    Interface,
    /// Helm's `chartutil.Values` (`.Values`, and `.` itself).
    Values,
    /// `map[string]string` (Sprig's `split`, `splitn`).
    String,
}

/// A Go map with string keys: shared and mutable, iterated in key order (as templates and
/// `encoding/json` see every Go map).
#[derive(Clone, Debug, Default)]
pub struct Dict {
    /// The entries, sorted by key (byte order, as Go sorts strings).
    pub entries: Rc<RefCell<Entries>>,
    /// The Go map type.
    pub ty: MapType,
}

impl Dict {
    /// A new, empty `map[string]interface {}`.
    pub fn new() -> Dict {
        Dict::default()
    }

    /// A new map of the given type with these entries.
    pub fn from_map(entries: impl Into<Entries>, ty: MapType) -> Dict {
        Dict {
            entries: Rc::new(RefCell::new(entries.into())),
            ty,
        }
    }

    /// The value at `key`, if any (a clone: cheap, values share their contents).
    pub fn get(&self, key: &str) -> Option<Value> {
        self.entries.borrow().get(key).cloned()
    }

    /// Sets `key` in place: every reference to this map sees it.
    pub fn insert(&self, key: impl Into<String>, value: Value) {
        self.entries.borrow_mut().insert(key.into(), value);
    }

    /// Whether two handles are the same Go map.
    pub fn same(&self, other: &Dict) -> bool {
        Rc::ptr_eq(&self.entries, &other.entries)
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.entries.borrow().len()
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.borrow().is_empty()
    }
}

/// How Go's `fmt` walks a value that has no `String()` method for the verb: a struct field by
/// field, a slice or map of a named type element by element ([`Object::fmt_shape`]).
#[derive(Clone, Debug)]
pub enum Shape {
    /// A struct, or a pointer to one (the object's [`Object::kind`] is `ptr`): its fields in
    /// declaration order, unexported ones too (`fmt` prints them all), each with its name
    /// (`%+v`, `%#v`). A pointer prints `&{…}` where `fmt` is given it, its address inside
    /// another value.
    Struct(Vec<(&'static str, Value)>),
    /// A slice of a named type (`chartutil.VersionSet`): its elements, `None` when nil.
    Slice(Option<Vec<Value>>),
    /// A map of a named type (`engine.files`): its entries in key order, `None` when nil.
    Map(Option<Vec<(String, Value)>>),
}

/// Calls `o`'s method `name` with values already evaluated, checked first against the
/// parameters it declares ([`Object::method_params`]) in Go's words: the count, then each
/// argument's type (a method takes strings). The Go executor checks as it evaluates each
/// argument instead; the minijinja dialect's objects call this.
pub fn call_method(
    o: &dyn Object,
    name: &str,
    args: &[Value],
    values_type: &str,
) -> Option<Result<Value, FuncError>> {
    if let Some(params) = o.method_params(name) {
        if args.len() != params.len() {
            return Some(Err(FuncError::new(format!(
                "wrong number of args for {name}: want {} got {}",
                params.len(),
                args.len()
            ))));
        }
        for (a, ty) in args.iter().zip(params) {
            if *ty == super::func::GoType::String && !matches!(a, Value::String(_)) {
                return Some(Err(FuncError::new(format!(
                    "wrong type for value; expected string; got {}",
                    a.type_name(values_type)
                ))));
            }
        }
    }
    o.method(name, args)
}

/// A Go struct (or pointer to one) that templates reach into: fields, methods, and how
/// `encoding/json` and `fmt` see it.
pub trait Object: Debug {
    /// Go's `%T`: `*chartutil.Capabilities`, `chart.Metadata`, `*semver.Version`, …
    fn type_name(&self) -> &str;
    /// `reflect.Kind` of the value as held: `ptr` for a pointer, else `struct` (or `map`, …).
    fn kind(&self) -> &'static str {
        "ptr"
    }
    /// An exported field (`.Chart.Name`), or `None` when the type has no such field.
    fn field(&self, name: &str) -> Option<Value>;
    /// Calls a method (`.Capabilities.APIVersions.Has "v1"`, `.Files.Get "a"`, `.Release`'s
    /// none); `None` when the type has no such method. A method that declares its parameters
    /// ([`Object::method_params`]) is called with arguments already checked against them. A method taking no argument is also
    /// what `.X` evaluates to when `X` is a method (text/template calls it).
    fn method(&self, name: &str, args: &[Value]) -> Option<Result<Value, FuncError>> {
        let _ = (name, args);
        None
    }
    /// The parameter types of the method `name`, when the type has it: the executor checks
    /// the argument count and evaluates each argument for its type before the call, as Go's
    /// `evalCall` does (`wrong number of args for Get: want 1 got 0`, `expected string; found
    /// 1` at the argument).
    fn method_params(&self, name: &str) -> Option<&'static [super::func::GoType]> {
        let _ = name;
        None
    }
    /// The entries, in key order, when the type is a map (Helm's `.Files`, a
    /// `map[string][]byte`): what `range` iterates over.
    fn map_entries(&self) -> Option<Vec<(String, Value)>> {
        None
    }
    /// Go's `len` of it when its kind is a slice or a map (what `len`, `if` and `empty` see):
    /// `None` for a struct or a pointer, which have no length.
    fn len(&self) -> Option<usize> {
        match self.kind() {
            "slice" => Some(match self.to_json() {
                Some(Value::List(l)) => l.items.len(),
                _ => 0,
            }),
            "map" => Some(self.map_entries().map_or(0, |e| e.len())),
            _ => None,
        }
    }
    /// `index` of a map type by a string key: the element, or the element type's zero value
    /// when the key is missing. `None` when the type cannot be indexed so.
    fn index(&self, key: &str) -> Option<Value> {
        let _ = key;
        None
    }
    /// What `encoding/json` makes of it (for `toJson`, `toYaml`): usually a map of its JSON
    /// field names. `None` when Go's marshaller would fail.
    fn to_json(&self) -> Option<Value>;
    /// A struct's JSON fields in the order `encoding/json` writes them (declaration order),
    /// for the JSON functions; `None` for a type whose JSON form [`Object::to_json`] gives
    /// in full (a map's keys are sorted).
    fn json_fields(&self) -> Option<Vec<(String, Value)>> {
        None
    }
    /// A struct's fields as go-yaml v3 writes them without `yaml` tags (`toYamlPretty`): the
    /// exported ones, in declaration order, each under its name in lower case (`Version` is
    /// `version`, an embedded `chart.Metadata` is `metadata`); `None` for another type.
    fn yaml_fields(&self) -> Option<Vec<(String, Value)>> {
        None
    }
    /// A struct's fields as BurntSushi's TOML encoder writes them (`toToml`): the exported
    /// ones, in declaration order, under their Go names (it reads no `json` tags); `None`
    /// for another type.
    fn toml_fields(&self) -> Option<Vec<(String, Value)>> {
        None
    }
    /// A slice of its named slice type holding `items` (what `slice` of it makes); `None`
    /// for another type.
    fn reslice(&self, _items: &[Value]) -> Option<Value> {
        None
    }
    /// What copystructure's deep copy (Sprig's `deepCopy`) makes of it, when not the value
    /// itself: a struct of unexported fields only is copied as its zero value.
    fn deep_copied(&self) -> Option<Value> {
        None
    }
    /// Go's `%v` of it (`fmt.Fprint`).
    fn format(&self, out: &mut String);
    /// How `fmt` prints it with every verb when it has no `String()` (a struct field by
    /// field: `%+v` `{Version:v1.32.0 Major:1 …}`, `%d` `{%!d(string=v1.32.0) …}`); `None`
    /// for a type `fmt` prints through a method, as [`Object::format`] says.
    fn fmt_shape(&self) -> Option<Shape> {
        None
    }
    /// How `fmt` prints it for the verbs that do not reach its `String()` (all but `%v`,
    /// `%s`, `%q`, `%x`, `%X`): Go walks the struct instead (`%d` of a `*semver.Version` is
    /// `&{1 2 3 %!d(string=) …}`). `None` for a type without a `String()`, or whose other
    /// verbs fail as a whole ([`Object::fmt_shape`] covers a struct without a `String()`).
    fn verb_shape(&self) -> Option<Shape> {
        None
    }
    /// Whether it is a nil slice or map of a named type (Helm 3's `.Chart.Keywords` when
    /// Chart.yaml has none): false to `if` and `empty`, an empty slice to the functions.
    fn is_nil(&self) -> bool {
        false
    }
    /// `%#v` of it, when that is not its `%v`: `[]string(nil)` for a nil slice.
    fn go_syntax(&self) -> Option<String> {
        None
    }
    /// The object as [`std::any::Any`], for functions that take their own objects back
    /// (`dateModify` a `time.Time`, `genSignedCert` a certificate).
    fn as_any(&self) -> Option<&dyn std::any::Any> {
        None
    }
    /// What a function given this value as an `interface {}` receives, when that differs from
    /// the value the template holds: a struct field reached through a pointer is addressable,
    /// so the template sees its pointer-receiver methods (`String()`, which printing it
    /// calls), and a copy of it has none. `None`: the value itself.
    fn interface_copy(&self) -> Option<Value> {
        None
    }
    /// The number a value of a named integer type holds (`time.Month`, `time.Weekday`,
    /// `time.Duration`): what `if`, `eq`, `lt` and `printf`'s integer verbs read, where `%v`
    /// prints its `String()`. `None` for every other kind.
    fn go_int(&self) -> Option<i64> {
        None
    }
    /// The real and imaginary parts of a `complex128` (a complex constant of a template):
    /// what `if`, `eq` and `printf`'s float verbs read. `None` for every other kind.
    fn go_complex(&self) -> Option<(f64, f64)> {
        None
    }
    /// The struct's unexported fields: text/template names them so (`wall is an unexported
    /// field of struct type time.Time`) rather than as missing.
    fn unexported_fields(&self) -> &'static [&'static str] {
        &[]
    }
    /// Whether Go's `==` takes values of this type (`reflect.Type.Comparable`): not a slice, a
    /// map or a function, nor a struct holding one (`eq` refuses them: `non-comparable type`).
    fn go_comparable(&self) -> bool {
        !matches!(self.kind(), "slice" | "map" | "func")
    }
    /// Go's `==` on this value and `other`, another value of the same kind, when that is not
    /// whether they are one value (`eq` of two `time.Time` structs, of two `*time.Location`
    /// pointers to Go's one `time.Local`). `None`: they are equal when they are one value.
    fn go_eq(&self, other: &dyn Object) -> Option<bool> {
        let _ = other;
        None
    }
    /// Why text/template cannot call the method `name` although the type has it: Go's
    /// `goodFunc` takes one result, or two with an `error` second (`Date` returns three).
    /// Checked after the argument count, before the arguments are evaluated.
    fn bad_signature(&self, name: &str) -> Option<String> {
        let _ = name;
        None
    }
}

impl Value {
    /// A string value.
    pub fn str(s: &str) -> Value {
        Value::String(Arc::from(s))
    }

    /// A nil slice or map of the Go type `type_name` (`[]string`, `[]interface {}`,
    /// `map[string]string`, …): see [`TypedNil`].
    pub fn typed_nil(type_name: &'static str) -> Value {
        Value::Object(Rc::new(TypedNil { type_name }))
    }

    /// A `[]interface {}`.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(List {
            items: Rc::new(items),
            elem: ListType::Interface,
        })
    }

    /// A `[]string`.
    pub fn string_list(items: Vec<Value>) -> Value {
        Value::List(List {
            items: Rc::new(items),
            elem: ListType::String,
        })
    }

    /// A new `map[string]interface {}`.
    pub fn dict(entries: impl Into<Entries>) -> Value {
        Value::Map(Dict::from_map(entries, MapType::Interface))
    }

    /// The Go string of these bytes: a [`Value::String`] when they are UTF-8, else a
    /// [`Value::RawString`].
    pub fn from_go_bytes(b: &[u8]) -> Value {
        match std::str::from_utf8(b) {
            Ok(s) => Value::str(s),
            Err(_) => Value::RawString(Rc::from(b)),
        }
    }

    /// Makes a [`Value::RawString`] the text a Go function that reads it rune by rune sees
    /// (a U+FFFD for each invalid byte); leaves any other value as it is.
    pub fn raw_as_text(&mut self) {
        if let Value::RawString(b) = self {
            *self = Value::from(crate::go::go_lossy(b));
        }
    }

    /// The bytes of a string (valid or not): `None` for any other value.
    pub fn go_string_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::String(s) => Some(s.as_bytes()),
            Value::RawString(b) => Some(b),
            _ => None,
        }
    }

    /// The string inside, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Whether this is a nil interface.
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// text/template's truth (`if`, `with`, `and`, `or`, `not`): false for the zero value of its
    /// type (false, 0, "", nil, an empty slice or map); a struct or pointer is true.
    pub fn truth(&self) -> bool {
        match self {
            Value::Nil => false,
            Value::Bool(b) => *b,
            Value::Int(i) | Value::Int64(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::RawString(b) | Value::Bytes(b) => !b.is_empty(),
            Value::List(l) => !l.items.is_empty(),
            Value::Map(m) => !m.is_empty(),
            // A slice or map type (`.Files.Glob` of no file) by its length, like a
            // slice or map value; a named integer by its number; a struct or pointer by
            // whether it is nil.
            Value::Object(o) => match (o.go_int(), o.go_complex()) {
                (Some(i), _) => i != 0,
                (_, Some((re, im))) => re != 0.0 || im != 0.0,
                _ => o.len().map_or(!o.is_nil(), |n| n > 0),
            },
        }
    }

    /// Go's `reflect.Kind` name (Sprig's `kindOf`): `string`, `int`, `int64`, `float64`,
    /// `bool`, `slice`, `map`, `ptr`, `struct`, and `invalid` for nil.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Nil => "invalid",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Int64(_) => "int64",
            Value::Float(_) => "float64",
            Value::String(_) | Value::RawString(_) => "string",
            Value::Bytes(_) | Value::List(_) => "slice",
            Value::Map(_) => "map",
            Value::Object(o) => o.kind(),
        }
    }

    /// Go's `%T` (Sprig's `typeOf`): `string`, `[]interface {}`, `map[string]interface {}`,
    /// `chartutil.Values`, `<nil>`, … `values_type` is how the profile's Helm names
    /// `chartutil.Values` (Helm 4 moved it).
    pub fn type_name(&self, values_type: &str) -> String {
        match self {
            Value::Nil => "<nil>".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Int64(_) => "int64".into(),
            Value::Float(_) => "float64".into(),
            Value::String(_) | Value::RawString(_) => "string".into(),
            Value::Bytes(_) => "[]uint8".into(),
            Value::List(l) => match l.elem {
                ListType::Interface => "[]interface {}".into(),
                ListType::String => "[]string".into(),
                ListType::Int => "[]int".into(),
                ListType::Lists => "[][]interface {}".into(),
                ListType::Named(name) => name.into(),
                ListType::Maps => "[]map[string]interface {}".into(),
            },
            Value::Map(m) => match m.ty {
                MapType::Interface => "map[string]interface {}".into(),
                MapType::Values => values_type.into(),
                MapType::String => "map[string]string".into(),
            },
            Value::Object(o) => o.type_name().into(),
        }
    }

    /// A deep copy: new maps all the way down (Sprig's `deepCopy`, and how Helm hands each
    /// render fresh values).
    pub fn deep_copy(&self) -> Value {
        match self {
            Value::List(l) => Value::List(List {
                items: Rc::new(l.items.iter().map(Value::deep_copy).collect()),
                elem: l.elem,
            }),
            Value::Map(m) => {
                let entries = m
                    .entries
                    .borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.deep_copy()))
                    .collect::<Entries>();
                Value::Map(Dict::from_map(entries, m.ty))
            }
            Value::Object(o) => o.deep_copied().unwrap_or_else(|| self.clone()),
            other => other.clone(),
        }
    }

    /// The Go value Helm's templates see for a values tree: maps are `map[string]interface {}`
    /// (the top level is the caller's to type as `chartutil.Values`), numbers from values
    /// files `float64`, from `--set` `int64`.
    pub fn from_values(v: &crate::Value) -> Value {
        match v {
            crate::Value::Null => Value::Nil,
            crate::Value::Bool(b) => Value::Bool(*b),
            crate::Value::Int(i) => Value::Int64(*i),
            crate::Value::Float(f) => Value::Float(*f),
            crate::Value::String(s) => match crate::values::json_number::json_number_text(v) {
                Some(text) => super::json_number::JsonNumber::value(text),
                None => Value::str(s),
            },
            crate::Value::List(l) => Value::list(l.iter().map(Value::from_values).collect()),
            crate::Value::Map(m) => Value::Map(Value::from_values_map(m)),
        }
    }

    /// [`Value::from_values`] of a map: a new `map[string]interface {}` (no copy of the map
    /// is needed to convert it).
    pub fn from_values_map(m: &crate::Map) -> Dict {
        Dict::from_map(
            m.iter()
                .map(|(k, v)| (k.clone(), Value::from_values(v)))
                .collect::<Entries>(),
            MapType::Interface,
        )
    }

    /// [`Value::from_values`] of a tree it may take apart: its keys are moved, not copied.
    pub fn from_values_owned(v: crate::Value) -> Value {
        match v {
            crate::Value::List(l) => {
                Value::list(l.into_iter().map(Value::from_values_owned).collect())
            }
            crate::Value::Map(m) => Value::dict(
                m.into_iter()
                    .map(|(k, v)| (k, Value::from_values_owned(v)))
                    .collect::<Entries>(),
            ),
            other => Value::from_values(&other),
        }
    }

    /// Whether `target` is this value or inside it (through maps and lists).
    pub fn reaches(&self, target: &Dict) -> bool {
        fn walk(v: &Value, target: &Dict, seen: &mut Vec<*const ()>) -> bool {
            match v {
                Value::Map(m) => {
                    if m.same(target) {
                        return true;
                    }
                    let p = Rc::as_ptr(&m.entries).cast::<()>();
                    if seen.contains(&p) {
                        return false;
                    }
                    seen.push(p);
                    let r = m.entries.borrow().values().any(|e| walk(e, target, seen));
                    r
                }
                Value::List(l) => l.items.iter().any(|e| walk(e, target, seen)),
                _ => false,
            }
        }
        walk(self, target, &mut Vec::new())
    }

    /// Whether a map inside this value contains itself (printing or serialising it would
    /// never end).
    pub fn contains_cycle(&self) -> bool {
        self.cycle().is_some()
    }

    /// The first map found inside itself, walking depth first.
    pub fn cycle(&self) -> Option<Dict> {
        // Depth first: a map met again on the path is a cycle; one already walked whole is not
        // walked again (shared maps would make the walk exponential).
        fn walk(
            v: &Value,
            path: &mut Vec<*const ()>,
            done: &mut std::collections::HashSet<*const ()>,
        ) -> Option<Dict> {
            match v {
                Value::Map(m) => {
                    let p = Rc::as_ptr(&m.entries).cast::<()>();
                    if path.contains(&p) {
                        return Some(m.clone());
                    }
                    if done.contains(&p) {
                        return None;
                    }
                    path.push(p);
                    let r = m
                        .entries
                        .borrow()
                        .values()
                        .find_map(|e| walk(e, path, done));
                    path.pop();
                    done.insert(p);
                    r
                }
                Value::List(l) => l.items.iter().find_map(|e| walk(e, path, done)),
                _ => None,
            }
        }
        walk(self, &mut Vec::new(), &mut std::collections::HashSet::new())
    }

    /// The values tree of a Go value, as `encoding/json` would see it (for `toYaml`, `toJson`
    /// and handing values back to the pipeline): `None` when Go's marshaller fails (a
    /// non-finite float, a function).
    pub fn to_values(&self) -> Option<crate::Value> {
        Some(match self {
            Value::Nil => crate::Value::Null,
            Value::Bool(b) => crate::Value::Bool(*b),
            Value::Int(i) | Value::Int64(i) => crate::Value::Int(*i),
            Value::Float(f) if f.is_finite() => crate::Value::Float(*f),
            Value::Float(_) => return None,
            Value::String(s) => crate::Value::String(s.to_string()),
            Value::RawString(b) => crate::Value::String(crate::go::go_lossy(b)),
            // encoding/json writes []byte as base64.
            Value::Bytes(b) => {
                use base64::Engine as _;
                crate::Value::String(base64::engine::general_purpose::STANDARD.encode(b))
            }
            Value::List(l) => crate::Value::List(
                l.items
                    .iter()
                    .map(Value::to_values)
                    .collect::<Option<Vec<_>>>()?,
            ),
            Value::Map(m) => {
                let entries = m
                    .entries
                    .borrow()
                    .iter()
                    .map(|(k, v)| Some((k.clone(), v.to_values()?)))
                    .collect::<Option<Vec<_>>>()?;
                crate::Value::Map(crate::Map::from_entries(entries))
            }
            Value::Object(o) => return o.to_json()?.to_values(),
        })
    }
}

/// A `uint8`: what `index` takes from a string or a `[]byte`, and the elements of a `[]byte`.
/// It prints and marshals as its number (`%#v`: `0x74`), compares with `eq` as any integer,
/// and is no `int` to `deepEqual`, `typeOf` or a parameter of type `int`.
#[derive(Clone, Copy, Debug)]
pub struct Uint8(pub u8);

impl Uint8 {
    /// The byte as a template value.
    pub fn value(b: u8) -> Value {
        Value::Object(Rc::new(Uint8(b)))
    }
}

impl Object for Uint8 {
    fn type_name(&self) -> &str {
        "uint8"
    }
    fn kind(&self) -> &'static str {
        "uint8"
    }
    fn field(&self, _: &str) -> Option<Value> {
        None
    }
    fn to_json(&self) -> Option<Value> {
        Some(Value::Int(i64::from(self.0)))
    }
    fn format(&self, out: &mut String) {
        out.push_str(&self.0.to_string());
    }
    fn go_syntax(&self) -> Option<String> {
        Some(format!("{:#x}", self.0))
    }
    fn go_int(&self) -> Option<i64> {
        Some(i64::from(self.0))
    }
    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

/// A `uint64` field of a struct `fmt` walks (a `semver.Version`'s numbers): it prints as its
/// number (`%#v`: `0x1`), and names its type in a bad verb (`%!f(uint64=1)`).
#[derive(Clone, Copy, Debug)]
pub struct Uint64(pub u64);

impl Uint64 {
    /// The number as a template value.
    pub fn value(n: u64) -> Value {
        Value::Object(Rc::new(Uint64(n)))
    }
}

impl Object for Uint64 {
    fn type_name(&self) -> &str {
        "uint64"
    }
    fn kind(&self) -> &'static str {
        "uint64"
    }
    fn field(&self, _: &str) -> Option<Value> {
        None
    }
    fn to_json(&self) -> Option<Value> {
        Some(i64::try_from(self.0).map_or(Value::Float(self.0 as f64), Value::Int))
    }
    fn format(&self, out: &mut String) {
        out.push_str(&self.0.to_string());
    }
    fn go_syntax(&self) -> Option<String> {
        Some(format!("{:#x}", self.0))
    }
    fn go_int(&self) -> Option<i64> {
        Some(i64::try_from(self.0).unwrap_or(i64::MAX))
    }
    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

/// A `complex128`: what a complex constant of a template is (`1i`, `1+2i`, `3+0i`). No
/// function makes one; functions take it as Go does any value of a type they do not know
/// (`0` to Sprig's arithmetic, `%v` to the string functions), and `encoding/json` refuses it.
#[derive(Clone, Copy, Debug)]
pub struct Complex128 {
    /// The real part.
    pub re: f64,
    /// The imaginary part.
    pub im: f64,
}

impl Complex128 {
    /// The number as a template value.
    pub fn value(re: f64, im: f64) -> Value {
        Value::Object(Rc::new(Complex128 { re, im }))
    }
}

impl Object for Complex128 {
    fn type_name(&self) -> &str {
        "complex128"
    }
    fn kind(&self) -> &'static str {
        "complex128"
    }
    fn field(&self, _: &str) -> Option<Value> {
        None
    }
    fn to_json(&self) -> Option<Value> {
        None
    }
    fn format(&self, out: &mut String) {
        out.push_str(&super::fmt::sprintf("%v", &[Value::Object(Rc::new(*self))]));
    }
    fn go_complex(&self) -> Option<(f64, f64)> {
        Some((self.re, self.im))
    }
}

/// A nil slice or map of a Go type: Helm 3's `.Chart.Keywords`, `Sources`, `Maintainers`,
/// `Dependencies` and `Annotations` when Chart.yaml has none, Helm 4's `.Chart.Annotations`,
/// what Sprig's `rest`, `initial`, `concat` and `regexFindAll` return when they find nothing.
/// Empty to every function and false to `if`, `null` to `encoding/json`, printed `[]` or
/// `map[]`, and `[]string(nil)` by `%#v`.
#[derive(Debug)]
pub struct TypedNil {
    /// Go's `%T`: `[]string`, `[]*chart.Maintainer`, `map[string]string`, …
    type_name: &'static str,
}

impl Object for TypedNil {
    fn type_name(&self) -> &str {
        self.type_name
    }
    fn kind(&self) -> &'static str {
        if self.type_name.starts_with("map[") {
            "map"
        } else {
            "slice"
        }
    }
    fn field(&self, key: &str) -> Option<Value> {
        // `.key` of a map is its entry.
        self.index(key)
    }
    fn index(&self, _: &str) -> Option<Value> {
        // A map's every key is missing: the zero value of its element type.
        (self.kind() == "map").then(|| {
            if self.type_name.ends_with("]string") {
                Value::str("")
            } else {
                Value::Nil
            }
        })
    }
    fn map_entries(&self) -> Option<Vec<(String, Value)>> {
        (self.kind() == "map").then(Vec::new)
    }
    fn to_json(&self) -> Option<Value> {
        Some(Value::Nil)
    }
    fn format(&self, out: &mut String) {
        out.push_str(if self.kind() == "map" { "map[]" } else { "[]" });
    }
    fn is_nil(&self) -> bool {
        true
    }
    fn go_syntax(&self) -> Option<String> {
        Some(format!("{}(nil)", self.type_name))
    }
    fn fmt_shape(&self) -> Option<Shape> {
        Some(if self.kind() == "map" {
            Shape::Map(None)
        } else {
            Shape::Slice(None)
        })
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::str(s)
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(Arc::from(s))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
