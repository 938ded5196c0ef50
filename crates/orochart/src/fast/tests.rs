//! The fast path against minijinja: the built-in chart must compile to it, every golden case
//! must render on it, and on generated values it must print exactly what minijinja prints
//! (or give up, never succeed where minijinja fails).

use std::path::{Path, PathBuf};

use crate::render::{Capabilities, Release, Renderer};
use crate::testgen::{mutate, Rng};
use crate::value::{Map, Value};
use crate::values::{self, ValueOptions};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../golden/orofi-application")
}

/// Every golden case's values file (cases with flags use only their file here).
fn golden_values() -> Vec<(String, PathBuf)> {
    let mut cases: Vec<(String, PathBuf)> = std::fs::read_dir(golden_dir())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("values.yaml").is_file())
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            (name.unwrap_or_default(), p.join("values.yaml"))
        })
        .collect();
    cases.sort();
    cases
}

fn renderer() -> Renderer {
    let chart = crate::builtin::chart().unwrap_or_else(|e| panic!("{e}"));
    Renderer::new(chart).unwrap_or_else(|e| panic!("{e}"))
}

fn read(path: &str) -> crate::Result<String> {
    std::fs::read_to_string(path).map_err(|e| crate::Error::Io {
        path: path.into(),
        source: e,
    })
}

#[test]
fn built_in_chart_compiles_to_the_fast_path() {
    let chart = crate::builtin::chart().unwrap_or_else(|e| panic!("{e}"));
    let files: Vec<(&str, &str)> = chart
        .templates
        .iter()
        .map(|t| (t.path.as_str(), t.source.as_str()))
        .collect();
    let compiled = match super::compile(&files) {
        Ok(p) => p,
        Err(e) => panic!("the built-in chart left the fast path's subset: {e:?}"),
    };
    // orochart-builtin's generated source holds the same program, and it is the one used.
    let precompiled = crate::embedded::precompiled(&chart);
    assert!(
        precompiled == Some(compiled),
        "the generated program differs"
    );
    assert!(renderer().is_fast());
    let mut edited = chart.clone();
    std::sync::Arc::make_mut(&mut edited.templates[0].source).push(' ');
    assert!(crate::embedded::precompiled(&edited).is_none());
}

/// How a comparison ended.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// Both rendered, the same bytes.
    Same,
    /// minijinja failed; the fast path gave up, as it must.
    BothFailed,
    /// minijinja rendered but the fast path gave up (a case it does not model).
    GaveUp,
}

/// Renders both ways; panics if the fast path succeeds with other bytes than minijinja, or
/// where minijinja fails.
fn compare(r: &Renderer, values: &Map, release: &Release, what: &dyn Fn() -> String) -> Outcome {
    let Some(engine) = r.minijinja() else {
        panic!("not a minijinja chart")
    };
    let fast = engine.render_fast(values, release);
    let slow = engine.render_minijinja(r.chart(), values, release, &Capabilities::default(), None);
    match (fast, slow) {
        (Some(f), Ok(s)) => {
            for ((fname, ftext), (sname, stext)) in f.iter().zip(&s) {
                assert_eq!(fname, sname, "{}", what());
                assert_eq!(ftext, stext, "{}: {fname} differs", what());
            }
            assert_eq!(f.len(), s.len(), "{}", what());
            Outcome::Same
        }
        (Some(_), Err(e)) => panic!(
            "{}: the fast path rendered where minijinja fails: {e}",
            what()
        ),
        (None, Ok(_)) => Outcome::GaveUp,
        (None, Err(_)) => Outcome::BothFailed,
    }
}

/// A golden case's values options: its file and its `flags` (`--set` family; others ignored).
fn golden_options(dir: &Path) -> ValueOptions {
    let mut opts = ValueOptions {
        values_files: vec![dir.join("values.yaml").to_string_lossy().into_owned()],
        ..ValueOptions::default()
    };
    let flags = std::fs::read_to_string(dir.join("flags")).unwrap_or_default();
    let lines: Vec<&str> = flags.lines().collect();
    for pair in lines.chunks(2) {
        let (flag, arg) = (pair[0], pair.get(1).copied().unwrap_or("").to_owned());
        match flag {
            "--set" => opts.set.push(arg),
            "--set-string" => opts.set_string.push(arg),
            "--set-json" => opts.set_json.push(arg),
            "--set-literal" => opts.set_literal.push(arg),
            _ => {}
        }
    }
    opts
}

#[test]
fn every_golden_case_renders_on_the_fast_path_as_minijinja_does() {
    let r = renderer();
    let release = Release::new("microservice-identity", "microservice-identity")
        .unwrap_or_else(|e| panic!("{e}"));
    let cases = golden_values();
    assert!(cases.len() >= 50, "only {} golden cases", cases.len());
    for (name, path) in &cases {
        let dir = path.parent().unwrap_or(path);
        let Ok(values) = r.values(&golden_options(dir), &read) else {
            continue; // a values error: nothing to render
        };
        let outcome = compare(&r, &values, &release, &|| name.clone());
        // Template errors are minijinja's to report; every other case must stay on the fast
        // path.
        let error = std::fs::read_to_string(dir.join("expected-error.txt")).unwrap_or_default();
        let want = if error.contains("execution error") {
            Outcome::BothFailed
        } else {
            Outcome::Same
        };
        assert_eq!(outcome, want, "{name}");
    }
}

#[test]
fn generated_values_render_on_the_fast_path_as_minijinja_does() {
    let r = renderer();
    let release = Release::new("svc", "team-ns").unwrap_or_else(|e| panic!("{e}"));
    let bases: Vec<Value> = golden_values()
        .iter()
        .filter_map(|(_, path)| {
            let text = std::fs::read_to_string(path).ok()?;
            values::parse_values_map(&text, "values.yaml")
                .ok()
                .map(Value::Map)
        })
        .collect();
    let mut rng = Rng(0x0DDC_0FFE_E15B_AD5E);
    let (mut same, mut gave_up) = (0, 0);
    for i in 0..3000 {
        let mut user = bases[i % bases.len()].clone();
        for _ in 0..=rng.below(4) {
            mutate(&mut rng, &mut user, true);
        }
        // Chart defaults under the user's values, as a render sees them (no schema check:
        // the engines must agree on values the schema would refuse, too).
        let Value::Map(user) = user else { continue };
        let values = values::coalesce(user, &r.chart().values);
        match compare(&r, &values, &release, &|| format!("case {i}: {values:?}")) {
            Outcome::Same => same += 1,
            Outcome::GaveUp => gave_up += 1,
            Outcome::BothFailed => {}
        }
    }
    // Many mutations make the chart's `validate` fail; of the rest, the fast path must answer
    // nearly all (it gives up on strange shapes only: a string where a list belongs, …).
    assert!(same >= 800, "only {same} renders compared");
    assert!(
        gave_up * 50 < same,
        "the fast path gave up on {gave_up} renders minijinja answered ({same} answered)"
    );
}

fn chart_with(template: &str) -> Renderer {
    let chart = crate::Chart::from_files(
        "c",
        [
            ("Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\nannotations:\n  orochart.io/template-dialect: minijinja\n"),
            ("values.yaml", "a: 1\n"),
            ("templates/t.yaml", template),
        ],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    Renderer::new(chart).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn charts_outside_the_subset_render_with_minijinja() {
    // `semverCompare` and tests (`is defined`) are outside the subset.
    for template in [
        "v: {{ semverCompare('>=1.0', '1.2.3') }}",
        "v: {{ Values.a is defined }}",
    ] {
        let r = chart_with(template);
        assert!(!r.is_fast(), "{template}");
        let release = Release::new("r", "ns").unwrap_or_else(|e| panic!("{e}"));
        let values = r.chart().values.clone();
        let out = r.render(&values, &release, &Capabilities::default());
        assert_eq!(
            out.map(|o| o.to_helm_output()).map_err(|e| e.to_string()),
            Ok("---\n# Source: c/templates/t.yaml\nv: true\n".to_owned())
        );
    }
    assert!(chart_with("v: {{ Values.a }}").is_fast());
}

#[test]
fn with_minijinja_skips_the_fast_path_and_renders_the_same() {
    let chart = crate::builtin::chart().unwrap_or_else(|e| panic!("{e}"));
    let slow = Renderer::with_minijinja(chart).unwrap_or_else(|e| panic!("{e}"));
    assert!(!slow.is_fast());
    let fast = renderer();
    let release = Release::new("svc", "ns").unwrap_or_else(|e| panic!("{e}"));
    let values = fast.chart().values.clone();
    let caps = Capabilities::default();
    let out = |r: &Renderer| {
        r.render(&values, &release, &caps)
            .map(|o| o.to_helm_output())
            .map_err(|e| e.to_string())
    };
    // The chart's defaults lack image.tag: both fail, with minijinja's message.
    assert_eq!(out(&slow), out(&fast));
    assert!(out(&fast).is_err_and(|e| e.contains("image.tag is required")));
    let mut user = Map::new();
    values::apply_set(&mut user, "image.tag=v1,rollout.enabled=true")
        .unwrap_or_else(|e| panic!("{e}"));
    let values = values::coalesce(user, &fast.chart().values);
    let render = |r: &Renderer| {
        r.render(&values, &release, &caps)
            .map(|o| o.to_helm_output())
    };
    let (a, b) = (render(&slow).ok(), render(&fast).ok());
    assert!(a.as_ref().is_some_and(|o| o.contains("kind: Rollout")));
    assert_eq!(a, b);
}
