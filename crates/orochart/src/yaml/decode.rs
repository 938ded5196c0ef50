//! go-yaml v2's `decoder` into `interface{}`: the node tree ([`super::read`]) to Go values,
//! with YAML 1.1 scalars, explicit tags, `!!binary`, merge keys (`<<`), aliases (and the alias
//! expansion limits) and duplicate keys as go-yaml has them, keys still typed.

use std::collections::{HashMap, HashSet};

use super::read::{Kind, Node, Pos, Tree};
use super::resolve::{self as yaml, Scalar};
use super::MAX_DEPTH;
use crate::go::{format_float_g, quote};

/// A value as go-yaml v2 decodes it into `interface{}`, keys still typed.
#[derive(Debug, Clone)]
pub(crate) enum GoVal {
    Nil,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
    List(Vec<(GoVal, Pos)>),
    Map(GoMap),
}

/// `map[interface{}]interface{}`, in insertion order, with Go's key identity.
#[derive(Debug, Clone, Default)]
pub(crate) struct GoMap {
    pub(crate) entries: Vec<(GoVal, GoVal, Pos)>,
    index: HashMap<KeyId, usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum KeyId {
    Nil,
    Bool(bool),
    Int(i64),
    Uint(u64),
    /// Float bits with -0 folded onto +0; NaN never equals itself, so each gets its own id.
    Float(u64),
    Nan(usize),
    Str(String),
}

impl GoMap {
    fn insert(&mut self, key: GoVal, val: GoVal, pos: Pos) {
        let id = match &key {
            GoVal::Nil => KeyId::Nil,
            GoVal::Bool(b) => KeyId::Bool(*b),
            GoVal::Int(i) => KeyId::Int(*i),
            GoVal::Uint(u) => KeyId::Uint(*u),
            GoVal::Float(f) if f.is_nan() => KeyId::Nan(self.entries.len()),
            GoVal::Float(f) => KeyId::Float(if *f == 0.0 { 0 } else { f.to_bits() }),
            GoVal::Str(s) => KeyId::Str(s.clone()),
            // Rejected before insertion (`invalid map key`).
            GoVal::List(_) | GoVal::Map(_) => KeyId::Nan(self.entries.len()),
        };
        match self.index.get(&id) {
            Some(&i) => self.entries[i] = (key, val, pos),
            None => {
                self.index.insert(id, self.entries.len());
                self.entries.push((key, val, pos));
            }
        }
    }
}

/// A decoding error: where, and go-yaml's message. Only the depth limit, which go-yaml's
/// parser enforces, keeps its line; the decoder's own errors (see [`failf`]) have none.
pub(crate) type DecodeResult<T> = std::result::Result<T, (Pos, String)>;

/// An error of go-yaml's decoder (its `failf`): `yaml: <message>`, without a line, unlike the
/// parser's. The position keeps its column and offset, for orochart's own excerpt.
fn failf(pos: Pos, message: impl Into<String>) -> (Pos, String) {
    (Pos { line: 0, ..pos }, message.into())
}

pub(crate) struct Decoder<'t> {
    tree: &'t Tree<'t>,
    text: &'t str,
    decode_count: usize,
    alias_count: usize,
    alias_depth: usize,
    active_aliases: HashSet<usize>,
}

/// go-yaml v2's `allowedAliasRatio`: guards against alias bombs ("billion laughs").
pub(crate) fn allowed_alias_ratio(decode_count: usize) -> f64 {
    const LOW: f64 = 400_000.0;
    const HIGH: f64 = 4_000_000.0;
    let n = decode_count as f64;
    if n <= LOW {
        0.99
    } else if n >= HIGH {
        0.10
    } else {
        0.99 - 0.89 * ((n - LOW) / (HIGH - LOW))
    }
}

const WANT_MAP: &str = "map merge requires map or sequence of maps as the value";

impl<'t> Decoder<'t> {
    fn node(&self, n: usize) -> &Node<'t> {
        &self.tree.nodes[n]
    }

    fn count(&mut self, n: usize, depth: usize) -> DecodeResult<()> {
        self.decode_count += 1;
        if self.alias_depth > 0 {
            self.alias_count += 1;
        }
        if self.alias_count > 100
            && self.decode_count > 1000
            && self.alias_count as f64 / self.decode_count as f64
                > allowed_alias_ratio(self.decode_count)
        {
            return Err(failf(self.node(n).pos, "document contains excessive aliasing"));
        }
        if depth > MAX_DEPTH {
            return Err((
                self.node(n).pos,
                format!("exceeded max depth of {MAX_DEPTH}"),
            ));
        }
        Ok(())
    }

    /// The anchor name an alias node refers to, read back from the source (`*name`).
    fn alias_name(&self, n: usize) -> String {
        let start = self.node(n).pos.index;
        self.text
            .chars()
            .skip(start + 1)
            .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '[' | ']' | '{' | '}'))
            .collect()
    }

    fn enter_alias(&mut self, n: usize) -> DecodeResult<()> {
        if !self.active_aliases.insert(n) {
            return Err(failf(
                self.node(n).pos,
                format!("anchor '{}' value contains itself", self.alias_name(n)),
            ));
        }
        self.alias_depth += 1;
        Ok(())
    }

    fn leave_alias(&mut self, n: usize) {
        self.alias_depth -= 1;
        self.active_aliases.remove(&n);
    }

    /// A decoder of `tree`, read from `text` (for error excerpts).
    pub(crate) fn new(tree: &'t Tree<'t>, text: &'t str) -> Decoder<'t> {
        Decoder {
            tree,
            text,
            decode_count: 0,
            alias_count: 0,
            alias_depth: 0,
            active_aliases: HashSet::new(),
        }
    }

    /// go-yaml's `unmarshal` of node `n` into `interface{}`.
    pub(crate) fn decode(&mut self, n: usize, depth: usize) -> DecodeResult<GoVal> {
        self.count(n, depth)?;
        let tree = self.tree;
        match &tree.nodes[n].kind {
            Kind::Scalar { value, plain, tag } => self.scalar(n, value, *plain, tag.as_deref()),
            Kind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for &item in items {
                    out.push((self.decode(item, depth + 1)?, tree.nodes[item].pos));
                }
                Ok(GoVal::List(out))
            }
            Kind::Map(_) => {
                let mut out = GoMap::default();
                self.mapping_into(n, &mut out, depth)?;
                Ok(GoVal::Map(out))
            }
            &Kind::Alias(target) => {
                self.enter_alias(n)?;
                let r = self.decode(target, depth + 1);
                self.leave_alias(n);
                r
            }
        }
    }

    fn scalar(&self, n: usize, value: &str, plain: bool, tag: Option<&str>) -> DecodeResult<GoVal> {
        let pos = self.node(n).pos;
        let (rtag, resolved) = match tag {
            None if !plain => (yaml::STR, Scalar::Str),
            tag => yaml::resolve(tag.unwrap_or(""), value).map_err(|e| failf(pos, e))?,
        };
        if rtag == yaml::BINARY {
            let bytes = decode_base64(value)
                .ok_or_else(|| failf(pos, "!!binary value contains invalid base64 data"))?;
            return Ok(GoVal::Str(go_bytes_to_string(&bytes)));
        }
        Ok(match resolved {
            Scalar::Null => GoVal::Nil,
            Scalar::Bool(b) => GoVal::Bool(b),
            Scalar::Int(i) => GoVal::Int(i),
            Scalar::Uint(u) => GoVal::Uint(u),
            Scalar::Float(f) => GoVal::Float(f),
            Scalar::Str | Scalar::Timestamp => GoVal::Str(value.to_string()),
        })
    }

    fn is_merge(&self, k: usize) -> bool {
        match &self.node(k).kind {
            Kind::Scalar { value, plain, tag } => {
                value == "<<"
                    && match tag {
                        None => *plain,
                        Some(t) => t == yaml::MERGE,
                    }
            }
            _ => false,
        }
    }

    /// go-yaml v2 `mapping`: pairs assigned in order into `out` (so a later duplicate wins, and
    /// a `<<` merge overwrites keys set before it).
    fn mapping_into(&mut self, n: usize, out: &mut GoMap, depth: usize) -> DecodeResult<()> {
        let tree = self.tree;
        let Kind::Map(pairs) = &tree.nodes[n].kind else {
            return Ok(());
        };
        for &(k, v) in pairs {
            if self.is_merge(k) {
                self.merge(v, out, depth + 1)?;
                continue;
            }
            let key = self.decode(k, depth + 1)?;
            if matches!(key, GoVal::List(_) | GoVal::Map(_)) {
                return Err(failf(
                    tree.nodes[k].pos,
                    format!("invalid map key: {}", sharp_v(&key, true)),
                ));
            }
            let val = self.decode(v, depth + 1)?;
            out.insert(key, val, tree.nodes[k].pos);
        }
        Ok(())
    }

    /// Decodes a mapping node (or an alias of one) into an existing map.
    fn merge_one(&mut self, n: usize, out: &mut GoMap, depth: usize) -> DecodeResult<()> {
        self.count(n, depth)?;
        match self.node(n).kind {
            Kind::Alias(target) => {
                if !matches!(self.node(target).kind, Kind::Map(_)) {
                    return Err(failf(self.node(n).pos, WANT_MAP));
                }
                self.enter_alias(n)?;
                let r = self.merge_one(target, out, depth + 1);
                self.leave_alias(n);
                r
            }
            Kind::Map(_) => self.mapping_into(n, out, depth),
            _ => Err(failf(self.node(n).pos, WANT_MAP)),
        }
    }

    /// go-yaml v2 `merge`: a map, an alias of a map, or a sequence of those (earlier entries
    /// take precedence, so they are applied last).
    fn merge(&mut self, v: usize, out: &mut GoMap, depth: usize) -> DecodeResult<()> {
        let tree = self.tree;
        match &tree.nodes[v].kind {
            Kind::Map(_) | Kind::Alias(_) => self.merge_one(v, out, depth),
            Kind::Seq(items) => {
                for &item in items.iter().rev() {
                    self.merge_one(item, out, depth + 1)?;
                }
                Ok(())
            }
            Kind::Scalar { .. } => Err(failf(tree.nodes[v].pos, WANT_MAP)),
        }
    }
}

/// Go's `base64.StdEncoding.DecodeString`: padding required, `\r` and `\n` ignored, non-zero
/// trailing bits tolerated.
pub(crate) fn decode_base64(s: &str) -> Option<Vec<u8>> {
    let chars: Vec<u8> = s.bytes().filter(|b| *b != b'\r' && *b != b'\n').collect();
    if chars.len() % 4 != 0 {
        return None;
    }
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        })
    };
    let mut out = Vec::with_capacity(chars.len() / 4 * 3);
    let quanta = chars.len() / 4;
    for (qi, q) in chars.chunks(4).enumerate() {
        let pad = q.iter().rev().take_while(|c| **c == b'=').count();
        if pad > 2 || (pad > 0 && qi + 1 != quanta) {
            return None;
        }
        let mut n: u32 = 0;
        for &c in &q[..4 - pad] {
            n = (n << 6) | val(c)?;
        }
        n <<= 6 * pad as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

/// A Go string made of arbitrary bytes, as `encoding/json` writes it: each invalid UTF-8 byte
/// becomes U+FFFD.
pub(crate) fn go_bytes_to_string(mut bytes: &[u8]) -> String {
    let mut out = String::new();
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                out.push_str(s);
                return out;
            }
            Err(e) => {
                let (good, rest) = bytes.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(good).unwrap_or_default());
                out.push('\u{FFFD}');
                bytes = rest.get(1..).unwrap_or_default();
            }
        }
    }
}

/// Go's `%#v` of a decoded value (for error messages). `top` is the outermost value: a nil
/// there prints `<nil>`, inside a container `interface {}(nil)`.
pub(crate) fn sharp_v(v: &GoVal, top: bool) -> String {
    match v {
        GoVal::Nil if top => "<nil>".into(),
        GoVal::Nil => "interface {}(nil)".into(),
        GoVal::Bool(b) => b.to_string(),
        GoVal::Int(i) => i.to_string(),
        GoVal::Uint(u) => format!("0x{u:x}"),
        GoVal::Float(f) => format_float_g(*f, false),
        GoVal::Str(s) => quote(s),
        GoVal::List(items) => {
            let inner: Vec<String> = items.iter().map(|(v, _)| sharp_v(v, false)).collect();
            format!("[]interface {{}}{{{}}}", inner.join(", "))
        }
        GoVal::Map(m) => {
            // fmt sorts map keys; across types the order is Go-internal, approximated here.
            let rank = |k: &GoVal| match k {
                GoVal::Nil => 0,
                GoVal::Str(_) => 1,
                GoVal::Int(_) => 2,
                GoVal::Uint(_) => 3,
                GoVal::Float(_) => 4,
                GoVal::Bool(_) => 5,
                GoVal::List(_) | GoVal::Map(_) => 6,
            };
            let mut entries: Vec<&(GoVal, GoVal, Pos)> = m.entries.iter().collect();
            entries.sort_by(|a, b| {
                rank(&a.0)
                    .cmp(&rank(&b.0))
                    .then_with(|| match (&a.0, &b.0) {
                        (GoVal::Str(x), GoVal::Str(y)) => x.cmp(y),
                        (GoVal::Int(x), GoVal::Int(y)) => x.cmp(y),
                        (GoVal::Uint(x), GoVal::Uint(y)) => x.cmp(y),
                        (GoVal::Float(x), GoVal::Float(y)) => x.total_cmp(y),
                        (GoVal::Bool(x), GoVal::Bool(y)) => x.cmp(y),
                        _ => std::cmp::Ordering::Equal,
                    })
            });
            let inner: Vec<String> = entries
                .iter()
                .map(|(k, v, _)| format!("{}:{}", sharp_v(k, false), sharp_v(v, false)))
                .collect();
            format!("map[interface {{}}]interface {{}}{{{}}}", inner.join(", "))
        }
    }
}
