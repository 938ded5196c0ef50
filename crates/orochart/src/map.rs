//! [`Map`]: the values tree's mapping, its entries kept in one vector sorted by key.
//!
//! Helm never shows insertion order (Go's `range`, `%v`, `toJson` and `toYaml` all sort keys),
//! so the map is sorted. A values mapping is small (a few to a few dozen keys), is built once
//! and then read many times: one sorted vector allocates once, is searched over contiguous
//! keys (scanned when small, bisected when large) and drops in one pass, where a `BTreeMap`
//! allocates nodes, searches each node key by key and walks its nodes to drop them. The
//! methods are `BTreeMap`'s, with the same meaning.
//!
//! Building a map entry by entry in random key order costs a shift per insert; a reader that
//! collects many entries first uses [`Map::from_entries`], which sorts once.

use std::borrow::Borrow;
use std::fmt;
use std::iter::FusedIterator;

/// Maps up to this size are searched by scanning rather than by bisection.
const SCAN: usize = 32;

/// A map of values, sorted by key, keys unique. Generic over the value type so that the
/// container does not depend on the values tree it holds (the values tree's map is
/// `Map<Value>`).
#[derive(Clone, PartialEq)]
pub struct Map<V> {
    entries: Vec<(String, V)>,
}

impl<V> Default for Map<V> {
    fn default() -> Self {
        Map::new()
    }
}

impl<V> Map<V> {
    /// An empty map.
    pub const fn new() -> Self {
        Map {
            entries: Vec::new(),
        }
    }

    /// An empty map with room for `n` entries.
    pub fn with_capacity(n: usize) -> Self {
        Map {
            entries: Vec::with_capacity(n),
        }
    }

    /// The map of `entries` in any order; of two entries with the same key the later one is
    /// kept, as if each had been inserted in turn.
    pub fn from_entries(mut entries: Vec<(String, V)>) -> Self {
        if !entries.is_sorted_by(|a, b| a.0 < b.0) {
            // Stable: equal keys keep their order, so the last of a run is the latest.
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            entries.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    std::mem::swap(later, kept);
                }
                same
            });
        }
        Map { entries }
    }

    /// How many entries the map has.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        String: Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// Where `key` is. Small maps (most of them) are scanned for an equal key: comparing
    /// lengths first skips most keys, and the scan's branches are predictable where a
    /// bisection's are not.
    fn position<Q: Ord + ?Sized>(&self, key: &Q) -> Option<usize>
    where
        String: Borrow<Q>,
    {
        if self.entries.len() <= SCAN {
            self.entries.iter().position(|(k, _)| k.borrow() == key)
        } else {
            self.find(key).ok()
        }
    }

    /// The value for `key`.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        String: Borrow<Q>,
    {
        self.position(key).map(|i| &self.entries[i].1)
    }

    /// The key and value for `key`.
    pub fn get_key_value<Q: Ord + ?Sized>(&self, key: &Q) -> Option<(&String, &V)>
    where
        String: Borrow<Q>,
    {
        self.position(key).map(|i| {
            let (k, v) = &self.entries[i];
            (k, v)
        })
    }

    /// The value for `key`, mutably.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        String: Borrow<Q>,
    {
        self.position(key).map(|i| &mut self.entries[i].1)
    }

    /// Whether the map has `key`.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        String: Borrow<Q>,
    {
        self.position(key).is_some()
    }

    /// Sets `key` to `value`; returns the value it replaces.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        // Keys often arrive in order (copies, sorted sources): append without searching.
        match self.entries.last() {
            Some((last, _)) if *last >= key => {}
            _ => {
                self.entries.push((key, value));
                return None;
            }
        }
        match self.find(key.as_str()) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// Removes `key`; returns its value.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        String: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    /// The entry for `key`, to read or fill in.
    pub fn entry(&mut self, key: String) -> Entry<'_, V> {
        match self.find(key.as_str()) {
            Ok(i) => Entry::Occupied(&mut self.entries[i].1),
            Err(i) => Entry::Vacant(VacantEntry {
                map: self,
                index: i,
                key,
            }),
        }
    }

    /// Keeps the entries for which `keep` answers true.
    pub fn retain(&mut self, mut keep: impl FnMut(&String, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_, V> {
        Iter(self.entries.iter())
    }

    /// The entries in key order, values mutably.
    pub fn iter_mut(&mut self) -> IterMut<'_, V> {
        IterMut(self.entries.iter_mut())
    }

    /// The keys in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The values in key order, mutably.
    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    /// The values in key order, owned.
    pub fn into_values(self) -> impl DoubleEndedIterator<Item = V> + ExactSizeIterator {
        self.entries.into_iter().map(|(_, v)| v)
    }

    /// The keys in order, owned.
    pub fn into_keys(self) -> impl DoubleEndedIterator<Item = String> + ExactSizeIterator {
        self.entries.into_iter().map(|(k, _)| k)
    }
}

/// An entry of a [`Map`], from [`Map::entry`].
pub enum Entry<'a, V> {
    /// The key is in the map: its value.
    Occupied(&'a mut V),
    /// The key is not in the map.
    Vacant(VacantEntry<'a, V>),
}

/// Where a missing key would go, from [`Map::entry`].
pub struct VacantEntry<'a, V> {
    map: &'a mut Map<V>,
    index: usize,
    key: String,
}

impl<'a, V> VacantEntry<'a, V> {
    /// Inserts the key with `value`.
    pub fn insert(self, value: V) -> &'a mut V {
        self.map.entries.insert(self.index, (self.key, value));
        &mut self.map.entries[self.index].1
    }
}

impl<'a, V> Entry<'a, V> {
    /// The value, inserting `value` first if the key is missing.
    pub fn or_insert(self, value: V) -> &'a mut V {
        self.or_insert_with(|| value)
    }

    /// The value, inserting `f()` first if the key is missing.
    pub fn or_insert_with(self, f: impl FnOnce() -> V) -> &'a mut V {
        match self {
            Entry::Occupied(v) => v,
            Entry::Vacant(e) => e.insert(f()),
        }
    }

    /// The value, inserting null first if the key is missing.
    pub fn or_default(self) -> &'a mut V
    where
        V: Default,
    {
        self.or_insert_with(V::default)
    }
}

impl<V: fmt::Debug> fmt::Debug for Map<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// The entries of a [`Map`] in key order, from [`Map::iter`].
#[derive(Clone, Debug)]
pub struct Iter<'a, V>(std::slice::Iter<'a, (String, V)>);

impl<'a, V> Iterator for Iter<'a, V> {
    type Item = (&'a String, &'a V);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<V> DoubleEndedIterator for Iter<'_, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (k, v))
    }
}

impl<V> ExactSizeIterator for Iter<'_, V> {}
impl<V> FusedIterator for Iter<'_, V> {}

/// The entries of a [`Map`] in key order, values mutably, from [`Map::iter_mut`].
#[derive(Debug)]
pub struct IterMut<'a, V>(std::slice::IterMut<'a, (String, V)>);

impl<'a, V> Iterator for IterMut<'a, V> {
    type Item = (&'a String, &'a mut V);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(k, v)| (&*k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<V> DoubleEndedIterator for IterMut<'_, V> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.0.next_back().map(|(k, v)| (&*k, v))
    }
}

impl<V> ExactSizeIterator for IterMut<'_, V> {}
impl<V> FusedIterator for IterMut<'_, V> {}

impl<'a, V> IntoIterator for &'a Map<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = Iter<'a, V>;

    fn into_iter(self) -> Iter<'a, V> {
        self.iter()
    }
}

impl<'a, V> IntoIterator for &'a mut Map<V> {
    type Item = (&'a String, &'a mut V);
    type IntoIter = IterMut<'a, V>;

    fn into_iter(self) -> IterMut<'a, V> {
        self.iter_mut()
    }
}

impl<V> IntoIterator for Map<V> {
    type Item = (String, V);
    type IntoIter = std::vec::IntoIter<(String, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<V> FromIterator<(String, V)> for Map<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        Map::from_entries(iter.into_iter().collect())
    }
}

impl<V, const N: usize> From<[(String, V); N]> for Map<V> {
    fn from(entries: [(String, V); N]) -> Self {
        Map::from_entries(entries.into())
    }
}

impl<V> Extend<(String, V)> for Map<V> {
    fn extend<I: IntoIterator<Item = (String, V)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl<V: serde::Serialize> serde::Serialize for Map<V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de, V: serde::Deserialize<'de>> serde::Deserialize<'de> for Map<V> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<V>(std::marker::PhantomData<V>);
        impl<'de, V: serde::Deserialize<'de>> serde::de::Visitor<'de> for Entries<V> {
            type Value = Map<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut access: A,
            ) -> Result<Map<V>, A::Error> {
                let mut entries = Vec::with_capacity(access.size_hint().unwrap_or(0).min(4096));
                while let Some(entry) = access.next_entry()? {
                    entries.push(entry);
                }
                Ok(Map::from_entries(entries))
            }
        }
        deserializer.deserialize_map(Entries(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in for the values tree: the map does not depend on it.
    #[derive(Debug, Clone, PartialEq)]
    enum Value {
        Int(i64),
        Bool(bool),
    }
    use std::collections::BTreeMap;

    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    fn key(rng: &mut Rng) -> String {
        // Few distinct keys, so inserts often replace and removes often hit.
        const WORDS: &[&str] = &["a", "b", "ab", "ba", "", "image", "tag", "Z", "z", "é"];
        let n = rng.next() % 3;
        (0..n)
            .map(|_| WORDS[(rng.next() % WORDS.len() as u64) as usize])
            .collect()
    }

    fn same(map: &Map<Value>, model: &BTreeMap<String, Value>) {
        assert_eq!(map.len(), model.len());
        assert!(map.iter().eq(model.iter()), "{map:?} != {model:?}");
        assert!(map.iter().rev().eq(model.iter().rev()));
        for k in model.keys() {
            assert_eq!(map.get(k.as_str()), model.get(k));
        }
    }

    /// Every operation against `BTreeMap`'s, on random sequences of them.
    #[test]
    fn behaves_as_btreemap() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..2_000 {
            let mut map = Map::new();
            let mut model = BTreeMap::new();
            for step in 0..(rng.next() % 40) {
                let k = key(&mut rng);
                let v = Value::Int(step as i64);
                match rng.next() % 6 {
                    0 | 1 => assert_eq!(map.insert(k.clone(), v.clone()), model.insert(k, v)),
                    2 => assert_eq!(map.remove(k.as_str()), model.remove(&k)),
                    3 => {
                        let got = map.entry(k.clone()).or_insert(v.clone()).clone();
                        assert_eq!(got, *model.entry(k).or_insert(v));
                    }
                    4 => {
                        let odd = |v: &Value| matches!(v, Value::Int(i) if i % 2 == 1);
                        map.retain(|_, v| !odd(v));
                        model.retain(|_, v| !odd(v));
                    }
                    _ => assert_eq!(map.contains_key(k.as_str()), model.contains_key(&k)),
                }
                same(&map, &model);
            }
            // Collecting: the last of equal keys wins, as with inserts in turn.
            let pairs: Vec<(String, Value)> = (0..(rng.next() % 30))
                .map(|i| (key(&mut rng), Value::Int(i as i64)))
                .collect();
            let collected: Map<Value> = pairs.iter().cloned().collect();
            let model: BTreeMap<String, Value> = pairs.into_iter().collect();
            same(&collected, &model);
        }
    }

    #[test]
    fn debug_reads_as_a_map() {
        let map = Map::from([
            ("b".to_owned(), Value::Int(2)),
            ("a".to_owned(), Value::Bool(true)),
        ]);
        assert_eq!(format!("{map:?}"), r#"{"a": Bool(true), "b": Int(2)}"#);
    }
}
