//! A chart compiled ahead of time and embedded in a program: its files, the digests of its
//! `values.yaml` and `values.schema.json`, its schema's check and its fast-path program, as
//! statics written by [`crate::codegen`] (the `orochart-builtin` crate's checked-in
//! `src/generated.rs`). [`chart`] loads it without parsing what was digested.

use std::borrow::Cow;

use crate::yaml::Style;

use crate::blockyaml::Ev;
use crate::chart::Chart;
use crate::error::Result;
use crate::fast::Program;
use crate::schema_compiled::Compiled;

/// A chart compiled ahead of time (written by `orochart::codegen`; not to be built by hand).
pub struct Embedded {
    /// The name the chart is known by in messages.
    pub origin: &'static str,
    /// Every file of the chart: (path inside the chart, contents).
    pub files: &'static [(&'static str, &'static str)],
    /// `values.schema.json` without its annotations, digested (see `values::digest`).
    pub schema_digest: Option<&'static str>,
    /// `values.yaml`, as the events of the fast block reader, digested.
    pub values_digest: Option<&'static str>,
    /// The schema's check, compiled from the JSON `schema_json` builds.
    pub schema_check: Option<&'static Compiled>,
    /// [`schema_json`] of this chart (a function without context, for the lazy schema).
    pub schema_json: fn() -> serde_json::Value,
    /// The templates compiled for the fast path.
    pub program: Option<&'static Program>,
    /// The templates `program` was compiled from: (path inside `templates/`, source).
    pub templates: &'static [(&'static str, &'static str)],
}

impl std::fmt::Debug for Embedded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedded")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// The program compiled ahead of time for `chart` (an embedded chart), while its templates are the ones the program was compiled from, byte
/// for byte.
pub(crate) fn precompiled(chart: &Chart) -> Option<Program> {
    let embedded = chart.ahead_of_time?.downcast_ref::<Embedded>()?;
    let program = embedded.program?;
    let same = chart.templates.len() == embedded.templates.len()
        && chart
            .templates
            .iter()
            .zip(embedded.templates)
            .all(|(t, (path, source))| t.path == *path && *t.source == *source);
    same.then(|| program.clone())
}

/// Loads an embedded chart.
///
/// The schema and `values.yaml` come from their digests when there are some (the same values
/// as a parse of the files, for a fraction of the work); otherwise they are parsed. Either way
/// the schema is without its annotation keywords (see `schema_annotations`). The chart keeps
/// the program, which [`crate::Renderer::new`] takes while the templates are the ones it was
/// compiled from.
pub fn chart(embedded: &'static Embedded) -> Result<Chart> {
    // With the check compiled ahead of time, the schema's JSON is built on first use.
    let lazy = embedded
        .schema_check
        .map(|c| crate::schema::Schema::lazy(embedded.schema_json, c));
    let schema = match lazy {
        Some(lazy) => Some(lazy),
        None => embedded
            .schema_digest
            .and_then(decode_json)
            .map(crate::schema::Schema::new),
    };
    let values = embedded
        .values_digest
        .and_then(decode_events)
        .and_then(crate::values::values_map_from_events);
    let digested = |path: &str| match path {
        "values.schema.json" => schema.is_some(),
        "values.yaml" => values.is_some(),
        _ => false,
    };
    let mut chart = Chart::from_files(
        embedded.origin,
        embedded
            .files
            .iter()
            .filter(|(p, _)| !digested(p))
            .map(|(p, c)| (*p, *c)),
    )?;
    match schema {
        Some(schema) => chart.schema = Some(schema),
        None => {
            if let Some(schema) = &mut chart.schema {
                crate::schema_annotations::strip_annotations(schema.json_mut());
            }
        }
    }
    chart.schema = chart.schema.take().map(crate::schema::Schema::into_typed);
    if let Some(values) = values {
        chart.values = values;
    }
    chart.ahead_of_time = Some(embedded);
    Ok(chart)
}

/// The embedded schema's JSON without its annotations: from its digest, or parsed.
pub fn schema_json(embedded: &Embedded) -> serde_json::Value {
    embedded
        .schema_digest
        .and_then(decode_json)
        .unwrap_or_else(|| {
            let text = embedded
                .files
                .iter()
                .find(|(p, _)| *p == "values.schema.json")
                .map_or("null", |(_, c)| *c);
            let mut json = serde_json::from_str(text).unwrap_or_default();
            crate::schema_annotations::strip_annotations(&mut json);
            json
        })
}

/// What the source written by `codegen` names (the crate's hidden `__private`): not a public
/// API, and not to be used otherwise.
pub mod generated {
    pub use super::{chart, schema_json, Embedded};
    pub use serde_json::Value as Json;
    /// The fast path's program.
    pub mod fast {
        pub use crate::fast::ir::{
            Expr, Filter, Func, Global, Ix, MacroDef, Program, Run, Stmt, TemplateDef,
        };
    }
    /// A schema's compiled check.
    pub mod schema {
        pub use crate::schema_compiled::{Check, Compiled, Const, Extra, Node, Prop, Run};
    }
}

/// The built-in chart, for the unit tests: `orochart-builtin`'s generated source, loaded as
/// that crate loads it.
#[cfg(test)]
pub(crate) mod builtin {
    include!("../../orochart-builtin/src/generated.rs");

    pub(crate) fn chart() -> crate::Result<crate::Chart> {
        super::chart(&EMBEDDED)
    }
}

/// The fast block reader's events for `values.yaml` from their digest (`values::digest`);
/// `None` if the digest is not one.
fn decode_events(digest: &str) -> Option<Vec<Ev<'_>>> {
    let mut d = Digest { s: digest, i: 0 };
    let mut out = Vec::with_capacity(digest.len() / 8);
    while let Some(&code) = digest.as_bytes().get(d.i) {
        d.i += 1;
        let style = match code {
            b'p' => Style::Plain,
            b'\'' => Style::Single,
            b'"' => Style::Double,
            _ => Style::Literal,
        };
        out.push(match code {
            b'{' => Ev::MapStart,
            b'}' => Ev::MapEnd,
            b'[' => Ev::SeqStart,
            b']' => Ev::SeqEnd,
            b'p' | b'\'' | b'"' | b'|' => Ev::Scalar(Cow::Borrowed(d.text()?), style),
            _ => return None,
        });
    }
    Some(out)
}

/// Rebuilds a JSON value from its digest (`values::digest`); `None` if the digest is not
/// one.
fn decode_json(digest: &str) -> Option<serde_json::Value> {
    let mut d = Digest { s: digest, i: 0 };
    let value = d.json()?;
    (d.i == digest.len()).then_some(value)
}

/// A reader of a digest.
struct Digest<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Digest<'a> {
    /// The decimal number up to the next `:`, and the `:`.
    fn count(&mut self) -> Option<usize> {
        let mut n: usize = 0;
        loop {
            let b = *self.s.as_bytes().get(self.i)?;
            self.i += 1;
            match b {
                b'0'..=b'9' => n = n.checked_mul(10)?.checked_add(usize::from(b - b'0'))?,
                b':' => return Some(n),
                _ => return None,
            }
        }
    }

    /// A length and the text it covers.
    fn text(&mut self) -> Option<&'a str> {
        let len = self.count()?;
        let text = self.s.get(self.i..self.i.checked_add(len)?)?;
        self.i += len;
        Some(text)
    }

    fn json(&mut self) -> Option<serde_json::Value> {
        use serde_json::Value as Json;
        let code = *self.s.as_bytes().get(self.i)?;
        self.i += 1;
        Some(match code {
            b'n' => Json::Null,
            b't' => Json::Bool(true),
            b'f' => Json::Bool(false),
            b's' => Json::String(self.text()?.to_owned()),
            b'#' => {
                let text = self.text()?;
                // Small non-negative integers are what serde_json makes a `u64` of; anything
                // else is read by serde_json itself.
                if text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit()) {
                    Json::from(text.parse::<u64>().ok()?)
                } else {
                    serde_json::from_str(text).ok()?
                }
            }
            b'[' => {
                let n = self.count()?;
                let mut items = Vec::with_capacity(n.min(self.s.len()));
                for _ in 0..n {
                    items.push(self.json()?);
                }
                Json::Array(items)
            }
            b'{' => {
                let n = self.count()?;
                let mut entries = Vec::with_capacity(n.min(self.s.len()));
                for _ in 0..n {
                    let key = self.text()?.to_owned();
                    entries.push((key, self.json()?));
                }
                // Keys come sorted and unique: the map is built in one pass.
                Json::Object(entries.into_iter().collect())
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::path::{Path, PathBuf};

    /// The embedded file at `path` (inside the chart).
    fn embedded(path: &str) -> &'static str {
        match crate::builtin::FILES.iter().find(|(p, _)| *p == path) {
            Some((_, text)) => text,
            None => panic!("no {path} embedded"),
        }
    }

    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.push(p);
            }
        }
    }

    #[test]
    fn embedded_chart_equals_the_charts_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../charts/orofi-application");
        let mut paths = Vec::new();
        walk(&root, &mut paths);
        let mut on_disk: Vec<(String, String)> = paths
            .iter()
            .map(|p| {
                let rel = p
                    .strip_prefix(&root)
                    .unwrap_or(p)
                    .to_string_lossy()
                    .replace('\\', "/");
                (rel, std::fs::read_to_string(p).unwrap_or_default())
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<(String, String)> = crate::builtin::FILES
            .iter()
            .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
            .collect();
        embedded.sort();
        assert!(
            embedded.len() >= 15,
            "only {} files embedded",
            embedded.len()
        );
        assert_eq!(embedded, on_disk);
    }

    #[test]
    fn compiled_schema_is_the_schema_compiled_at_run_time() {
        let Some(built) = crate::builtin::EMBEDDED.schema_check else {
            panic!("the generated source has no schema check");
        };
        let json = schema_json(&crate::builtin::EMBEDDED);
        assert_eq!(
            Some(built),
            crate::schema_compiled::Compiled::compile(&json).as_ref()
        );
        // The chart's schema is lazy, and builds that same JSON.
        let chart = crate::builtin::chart().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(chart.schema.as_ref().map(|s| s.json()), Some(&json));
    }

    #[test]
    fn schema_digest_rebuilds_what_serde_json_reads() {
        let text = embedded("values.schema.json");
        let mut parsed: serde_json::Value =
            serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}"));
        crate::schema_annotations::strip_annotations(&mut parsed);
        let Some(digest) = crate::builtin::EMBEDDED.schema_digest else {
            panic!("the generated source has no digest of values.schema.json");
        };
        assert_eq!(decode_json(digest), Some(parsed.clone()));
        // And the chart carries it, as a parse of every file (annotations removed) would.
        let from_text = Chart::from_files(
            "orofi-application",
            crate::builtin::FILES.iter().map(|(p, c)| (*p, *c)),
        );
        let (a, mut b) = (crate::builtin::chart().ok(), from_text.ok());
        if let Some(schema) = b.as_mut().and_then(|c| c.schema.as_mut()) {
            crate::schema_annotations::strip_annotations(schema.json_mut());
        }
        assert_eq!(
            a.as_ref()
                .and_then(|c| c.schema.as_ref().map(|s| s.json().clone())),
            Some(parsed)
        );
        assert_eq!(
            a.map(|c| format!("{c:?}")),
            b.map(|mut c| {
                // Everything but the program, which only the embedded chart carries.
                c.ahead_of_time = Some(&crate::builtin::EMBEDDED);
                format!("{c:?}")
            }),
            "the built-in chart differs from a parse of its files"
        );
    }

    #[test]
    fn values_digest_gives_the_values_a_parse_gives() {
        let text = embedded("values.yaml");
        let Some(digest) = crate::builtin::EMBEDDED.values_digest else {
            panic!("the generated source has no digest of values.yaml");
        };
        let events = decode_events(digest);
        assert_eq!(events, crate::blockyaml::events(text));
        let parsed =
            crate::values::parse_values_map(text, "values.yaml").map_err(|e| e.to_string());
        assert!(parsed.as_ref().is_ok_and(|m| m.len() > 10), "{parsed:?}");
        let digested = events.and_then(crate::values::values_map_from_events);
        assert_eq!(digested, parsed.ok());
        assert_eq!(crate::builtin::chart().ok().map(|c| c.values), digested);
    }

    #[test]
    fn built_in_chart_loads_with_every_template() {
        let chart = crate::builtin::chart().map_err(|e| e.to_string());
        let names: Vec<String> = chart
            .map(|c| c.templates.iter().map(|t| t.path.clone()).collect())
            .unwrap_or_default();
        assert_eq!(names.len(), 14, "{names:?}");
        assert!(names.contains(&"_helpers.tpl".to_owned()));
    }

    /// The digest, on JSON of every shape, against serde_json (values that print the same
    /// must be the same: integers stay integers, `1.0` stays a float, key order, escapes).
    #[test]
    fn digest_agrees_with_serde_json_on_generated_and_tricky_documents() {
        use crate::testgen::Rng;
        use crate::values::digest::encode_json;
        let check = |text: &str| {
            let parsed = serde_json::from_str::<serde_json::Value>(text).ok();
            let digested = encode_json(text).and_then(|d| decode_json(&d));
            match (&parsed, &digested) {
                // The digest may give up; it may never disagree or accept what serde rejects.
                (_, None) => {}
                (Some(p), Some(d)) => {
                    assert_eq!(p, d, "{text}");
                    assert_eq!(p.to_string(), d.to_string(), "{text}");
                }
                (None, Some(d)) => panic!("serde_json rejects {text:?}, the digest reads {d}"),
            }
            digested.is_some()
        };
        let tricky = [
            r#"{"b": 1, "a": 2, "b": 3}"#,
            r#"{"x": [1, 1.0, -0, -1, 1e3, 1E-2, 0.5, 18446744073709551615, 18446744073709551616, -9223372036854775808, -9223372036854775809, 123456789012345678]}"#,
            r#"{"s": "a\"b\\c\/d\b\f\n\r\t\u00e9\u20AC\ud83d\ude00 é"}"#,
            r#"["\ud83d"]"#,
            r#"["\udc00"]"#,
            r#"["\ud83dx"]"#,
            r#"{"a": 01}"#,
            r#"{"a": 1.}"#,
            r#"{"a": .5}"#,
            r#"{"a": -}"#,
            r#"{"a": 1e}"#,
            r#"{"a": +1}"#,
            r#"{"a": tru}"#,
            r#"{"a": truex}"#,
            r#"{"a": 1,}"#,
            r#"[1,]"#,
            r#"[1 2]"#,
            r#"{"a" 1}"#,
            r#"{1: 1}"#,
            "{\"a\": \"tab\there\"}",
            r#"{} x"#,
            r#"  [ ]  "#,
            r#"{"": {"": []}}"#,
            r#"{"Z": 1, "a": 2, "é": 3, "_": 4, "10": 5, "9": 6}"#,
            r#"nul"#,
            "",
            r#""just a string""#,
            "\"unterminated",
            "\"bad \\x escape\"",
        ];
        for text in tricky {
            check(text);
        }
        assert!(check(r#"{"b": 1, "a": 2, "b": 3}"#));
        assert!(check(tricky[1]));
        assert!(check(tricky[2]));
        let deep = format!("{}{}", "[".repeat(150), "]".repeat(150));
        check(&deep);
        // Generated documents: random trees printed compactly and pretty.
        let mut rng = Rng(0x5eed_1234_abcd_0001);
        let mut digested = 0;
        for _ in 0..300 {
            let v = random_json(&mut rng, 0);
            for text in [v.to_string(), format!("{v:#}")] {
                if check(&text) {
                    digested += 1;
                }
            }
        }
        assert_eq!(digested, 600, "the digest gave up on generated JSON");
    }

    fn random_json(rng: &mut crate::testgen::Rng, depth: usize) -> serde_json::Value {
        use serde_json::Value as Json;
        const WORDS: &[&str] = &[
            "",
            "a",
            "type",
            "$ref",
            "#/$defs/X",
            "é",
            "quo\"te",
            "back\\slash",
            "new\nline",
            "tab\t",
            "\u{1F600}",
            "\u{7}",
            "Z",
            "_",
            "10",
            "9",
        ];
        let n = if depth > 4 {
            rng.below(6)
        } else {
            rng.below(8)
        };
        match n {
            0 => Json::Null,
            1 => Json::Bool(rng.below(2) == 0),
            2 => Json::from(rng.next() >> rng.below(64)),
            3 => Json::from(-((rng.next() >> (1 + rng.below(63))) as i64)),
            4 => serde_json::Number::from_f64(f64::from_bits(rng.next()))
                .map_or(Json::Null, Json::Number),
            5 => Json::String(rng.pick(WORDS).to_owned()),
            6 => Json::Array(
                (0..rng.below(5))
                    .map(|_| random_json(rng, depth + 1))
                    .collect(),
            ),
            _ => Json::Object(
                (0..rng.below(6))
                    .map(|_| (rng.pick(WORDS).to_owned(), random_json(rng, depth + 1)))
                    .collect(),
            ),
        }
    }

    /// Digest and back, then the loader's converter, against a parse of the text, on
    /// generated block YAML and every golden values file.
    #[test]
    fn events_digest_agrees_with_the_loader_on_generated_and_golden_files() {
        use crate::values::digest::encode_events;
        let check = |text: &str| {
            // The loader reads past a byte order mark, and so does the digest.
            let read = text.strip_prefix('\u{feff}').unwrap_or(text);
            let Some(digest) = encode_events(text) else {
                assert!(crate::blockyaml::events(read).is_none(), "{text}");
                return false;
            };
            let events = decode_events(&digest);
            assert_eq!(events, crate::blockyaml::events(read), "{text}");
            let digested = events.and_then(crate::values::values_map_from_events);
            if let Some(map) = &digested {
                let parsed = crate::values::parse_values_map(text, "v.yaml").ok();
                assert_eq!(Some(map), parsed.as_ref(), "{text}");
            }
            digested.is_some()
        };
        let mut rng = crate::testgen::Rng(0xD1_6E57);
        let mut taken = 0;
        for _ in 0..5_000 {
            taken += usize::from(check(&crate::testgen::block_yaml(&mut rng, 4)));
        }
        assert!(taken > 300, "only {taken} generated documents digested");
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../golden/orofi-application");
        let mut golden = 0;
        for case in std::fs::read_dir(root).into_iter().flatten().flatten() {
            if let Ok(text) = std::fs::read_to_string(case.path().join("values.yaml")) {
                golden += usize::from(check(&text));
            }
        }
        assert!(golden > 5, "only {golden} golden values files digested");
        assert!(check("\u{feff}a: 1\nb:\n- 'x'\n- \"y\"\n"));
        // Outside the fast reader's subset, or not a map: no digest, or no values from it.
        assert!(!check("a: &x 1\nb: *x\n"));
        assert!(!check("- 1\n- 2\n"));
        assert!(!check("a: .inf\n"));
    }
}
