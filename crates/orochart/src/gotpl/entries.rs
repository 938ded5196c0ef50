//! The entries of a Go map as templates hold it: iterated in key order (as `range`, `keys`,
//! `fmt` and `encoding/json` see every Go map), looked up by hashing.
//!
//! Templates read maps far more than they build them (`.Values.a.b.c` is three lookups in
//! maps of up to hundreds of keys), so the entries are an [`IndexMap`] kept sorted by key:
//! a lookup is one hash and one comparison, where a sorted tree compares the key with a dozen
//! others; iteration walks the entries in their (sorted) order. Inserting a new key in the
//! middle moves the entries after it, which maps built by templates (a few keys) do not feel;
//! maps built from many entries at once ([`FromIterator`]) are sorted once.

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};

use indexmap::IndexMap;

use super::value::Value;

/// Maps of at most this many entries are searched without hashing ([`Entries::get`]).
const SMALL: usize = 8;

/// A Go map's entries: unique keys, sorted (byte order, as Go sorts strings).
#[derive(Clone, Debug, Default)]
pub struct Entries {
    map: IndexMap<String, Value, KeyHash>,
}

impl Entries {
    /// No entries.
    pub fn new() -> Entries {
        Entries::default()
    }

    /// Room for `n` entries.
    pub fn with_capacity(n: usize) -> Entries {
        Entries {
            map: IndexMap::with_capacity_and_hasher(n, KeyHash::new()),
        }
    }

    /// The value at `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        if self.map.len() <= SMALL {
            // Comparing a few lengths (and the bytes of a key as long) costs less than
            // hashing the key.
            return self
                .map
                .iter()
                .find(|(k, _)| k.as_str() == key)
                .map(|(_, v)| v);
        }
        self.map.get(key)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key` (at its sorted place when new); the old value, if any.
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        if let Some(slot) = self.map.get_mut(key.as_str()) {
            return Some(std::mem::replace(slot, value));
        }
        // Keys often come in order (a map built key by key from a sorted source): then the
        // new key goes at the end, with no search.
        let at_end = self
            .map
            .last()
            .is_none_or(|(last, _)| last.as_str() < key.as_str());
        if at_end {
            self.map.insert(key, value);
        } else {
            let at = match self.map.binary_search_keys(&key) {
                Ok(i) | Err(i) => i,
            };
            self.map.shift_insert(at, key, value);
        }
        None
    }

    /// Removes `key`; its value, if it was present.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        self.map.shift_remove(key)
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The entries in key order.
    pub fn iter(&self) -> indexmap::map::Iter<'_, String, Value> {
        self.map.iter()
    }

    /// The keys in order.
    pub fn keys(&self) -> indexmap::map::Keys<'_, String, Value> {
        self.map.keys()
    }

    /// The values in key order.
    pub fn values(&self) -> indexmap::map::Values<'_, String, Value> {
        self.map.values()
    }
}

impl<'a> IntoIterator for &'a Entries {
    type Item = (&'a String, &'a Value);
    type IntoIter = indexmap::map::Iter<'a, String, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.map.iter()
    }
}

impl FromIterator<(String, Value)> for Entries {
    /// As a map built by inserting each in turn: a later duplicate key wins.
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Entries {
        let mut items: Vec<(String, Value)> = iter.into_iter().collect();
        if !items.windows(2).all(|w| w[0].0 < w[1].0) {
            // Stable: of equal keys, the last given stays last, and is the one kept.
            items.sort_by(|a, b| a.0.cmp(&b.0));
        }
        let mut out = Entries::with_capacity(items.len());
        for (k, v) in items {
            // Sorted: a new key goes at the end; a duplicate replaces the one before it.
            out.map.insert(k, v);
        }
        out
    }
}

impl From<BTreeMap<String, Value>> for Entries {
    fn from(m: BTreeMap<String, Value>) -> Entries {
        let mut out = Entries::with_capacity(m.len());
        for (k, v) in m {
            out.map.insert(k, v);
        }
        out
    }
}

/// The hasher of map keys: a multiply-and-fold hash of 8 bytes at a time (a few instructions
/// for the short keys of values files), seeded at random once per process so that keys
/// cannot be chosen to collide.
#[derive(Clone, Copy, Debug)]
pub struct KeyHash {
    seed: u64,
}

impl KeyHash {
    fn new() -> KeyHash {
        static SEED: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
        let seed = *SEED.get_or_init(|| {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(0x243f_6a88_85a3_08d3);
            h.finish() | 1
        });
        KeyHash { seed }
    }
}

impl Default for KeyHash {
    fn default() -> KeyHash {
        KeyHash::new()
    }
}

impl BuildHasher for KeyHash {
    type Hasher = FoldHasher;

    fn build_hasher(&self) -> FoldHasher {
        FoldHasher { h: self.seed }
    }
}

/// The state of one [`KeyHash`] hashing.
#[derive(Clone, Copy, Debug)]
pub struct FoldHasher {
    h: u64,
}

const K1: u64 = 0x9e37_79b9_7f4a_7c15;
const K2: u64 = 0xd6e8_feb8_6659_fd93;

/// The 128-bit product of `a` and `b`, its halves xor-ed: every input bit reaches every
/// output bit.
fn fold(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

/// Bytes `i..i + 8` of `b` as a little-endian integer (the caller checked the length).
fn word(b: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(w)
}

/// Bytes `i..i + 4` of `b` as a little-endian integer (the caller checked the length).
fn half_word(b: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[i..i + 4]);
    u64::from(u32::from_le_bytes(w))
}

impl Hasher for FoldHasher {
    /// A key of up to 16 bytes is read as two (overlapping) words and folded once; a longer
    /// one 16 bytes at a time, its last 16 bytes included. The length is mixed in, so keys
    /// whose words overlap differently differ.
    fn write(&mut self, b: &[u8]) {
        let len = b.len();
        let (mut lo, mut hi) = (self.h ^ len as u64, K2);
        if len > 16 {
            let mut i = 0;
            while i + 16 < len {
                lo = fold(lo ^ word(b, i), hi ^ word(b, i + 8) ^ K1);
                i += 16;
            }
            lo ^= word(b, len - 16);
            hi ^= word(b, len - 8);
        } else if len >= 8 {
            lo ^= word(b, 0);
            hi ^= word(b, len - 8);
        } else if len >= 4 {
            lo ^= half_word(b, 0);
            hi ^= half_word(b, len - 4);
        } else if len > 0 {
            lo ^= u64::from(b[0]) | u64::from(b[len / 2]) << 8 | u64::from(b[len - 1]) << 16;
        }
        self.h = fold(lo ^ K1, hi);
    }

    /// `str`'s end marker: mixed in cheaply, [`FoldHasher::finish`] folds it in.
    fn write_u8(&mut self, b: u8) {
        self.h = self.h.rotate_left(8) ^ u64::from(b);
    }

    fn write_usize(&mut self, n: usize) {
        self.h = fold(self.h ^ n as u64, K2);
    }

    fn finish(&self) -> u64 {
        fold(self.h, K1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(e: &Entries) -> Vec<&str> {
        e.keys().map(String::as_str).collect()
    }

    #[test]
    fn entries_stay_sorted_whatever_the_order_of_insertion() {
        let mut e = Entries::new();
        for k in ["m", "a", "z", "b", "a", "y", ""] {
            e.insert(k.to_owned(), Value::str(k));
        }
        assert_eq!(keys(&e), ["", "a", "b", "m", "y", "z"]);
        assert_eq!(e.get("b").and_then(Value::as_str), Some("b"));
        assert!(e.get("c").is_none());
        assert_eq!(
            e.remove("m").and_then(|v| v.as_str().map(str::to_owned)),
            Some("m".into())
        );
        assert_eq!(keys(&e), ["", "a", "b", "y", "z"]);
        // Every key is still found by hashing after the moves.
        for k in ["", "a", "b", "y", "z"] {
            assert!(e.contains_key(k), "{k}");
        }
        e.insert("c".into(), Value::Nil);
        assert_eq!(keys(&e), ["", "a", "b", "c", "y", "z"]);
    }

    #[test]
    fn replacing_a_value_keeps_its_place_and_returns_the_old_one() {
        let mut e = Entries::new();
        e.insert("b".into(), Value::Int(1));
        e.insert("a".into(), Value::Int(2));
        let old = e.insert("b".into(), Value::Int(3));
        assert!(matches!(old, Some(Value::Int(1))));
        assert_eq!(keys(&e), ["a", "b"]);
        assert!(matches!(e.get("b"), Some(Value::Int(3))));
    }

    #[test]
    fn collecting_sorts_and_the_last_duplicate_wins() {
        let e: Entries = [("b", 1), ("a", 2), ("b", 3), ("c", 4), ("a", 5)]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), Value::Int(v)))
            .collect();
        assert_eq!(keys(&e), ["a", "b", "c"]);
        assert!(matches!(e.get("a"), Some(Value::Int(5))));
        assert!(matches!(e.get("b"), Some(Value::Int(3))));
        // Byte order, as Go sorts strings: upper case before lower, shorter prefix first.
        let e: Entries = ["ab", "B", "a", "é", "Z"]
            .into_iter()
            .map(|k| (k.to_owned(), Value::Nil))
            .collect();
        assert_eq!(keys(&e), ["B", "Z", "a", "ab", "é"]);
    }

    #[test]
    fn small_and_large_maps_find_the_same_keys() {
        // Lookups switch from a scan to hashing past SMALL entries: every size around it finds
        // each key, and no missing one.
        for n in 0..=(SMALL * 2 + 1) {
            let mut e = Entries::new();
            for i in (0..n).rev() {
                e.insert(format!("k{i}"), Value::Int(i as i64));
            }
            for i in 0..n {
                assert!(matches!(e.get(&format!("k{i}")), Some(Value::Int(v)) if *v == i as i64));
            }
            assert!(
                e.get("k").is_none() && !e.contains_key(&format!("k{n}")),
                "{n}"
            );
            assert_eq!(e.len(), n);
        }
    }

    #[test]
    fn keys_of_every_length_are_told_apart() {
        // Keys around the hasher's 8-byte steps, and ones that differ only by trailing zeros.
        let mut e = Entries::new();
        let names: Vec<String> = (0..40)
            .map(|n| "x".repeat(n))
            .chain(["\0".into(), "\0\0".into(), "a\0".into(), "a".into()])
            .collect();
        for (i, k) in names.iter().enumerate() {
            e.insert(k.clone(), Value::Int(i as i64));
        }
        for (i, k) in names.iter().enumerate() {
            assert!(
                matches!(e.get(k), Some(Value::Int(n)) if *n == i as i64),
                "{k:?}"
            );
        }
        assert_eq!(e.len(), names.len());
    }
}
