//! A randomized harness over what an attacker writes: values files, the `--set` family,
//! templates, and `argocd generate`'s parameters and paths. Runs on stable Rust, in-process,
//! with no extra crate: a seeded generator, a deep stack (as the CLI has), every case caught
//! so that a panic names its seed and input.
//!
//! The normal test run does a short, fixed-seed pass. A longer one:
//!
//! ```text
//! OROCHART_FUZZ_ITERS=20000 OROCHART_FUZZ_SEED=$RANDOM cargo test -p orochart-cli --test it fuzz:: -- --nocapture
//! ```
//!
//! What each target checks: no panic (a panic in library code is a bug: it is denied by
//! clippy and would be a crash in the sidecar), no stack overflow (that aborts the whole test
//! binary, which fails the run), and for `argocd generate`, that nothing outside the request
//! folder is ever read (a canary value placed outside must never be printed).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use orochart::profile::HelmVersion;
use orochart::{Capabilities, Chart, Release, Renderer};

/// A small, seeded pseudo-random generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

fn iterations() -> usize {
    std::env::var("OROCHART_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150)
}

fn base_seed() -> u64 {
    std::env::var("OROCHART_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(14)
}

/// Runs `case` for each iteration on a thread with a deep stack; a panic fails the test with
/// the seed and the input that caused it.
fn fuzz(target: &str, case: impl Fn(&mut Rng) -> String + Send + Sync + 'static) {
    let (iters, seed) = (iterations(), base_seed());
    let worker = std::thread::Builder::new()
        .stack_size(orochart_cli::STACK_SIZE / 4)
        .spawn(move || {
            for i in 0..iters {
                let case_seed = seed.wrapping_mul(1_000_003).wrapping_add(i as u64);
                let mut rng = Rng::new(case_seed);
                let mut input = String::new();
                let r = catch_unwind(AssertUnwindSafe(|| {
                    input = case(&mut rng);
                }));
                if r.is_err() {
                    return Err(format!("seed {case_seed}: last input:\n{input:?}"));
                }
            }
            Ok(())
        });
    let result = match worker {
        Ok(h) => h
            .join()
            .unwrap_or_else(|_| Err("the fuzz thread died".into())),
        Err(e) => Err(format!("cannot start the fuzz thread: {e}")),
    };
    if let Err(e) = result {
        panic!("fuzz target `{target}` panicked ({e}); rerun with OROCHART_FUZZ_SEED={seed}");
    }
}

// ---------------------------------------------------------------------------------------------
// Values files

const YAML_SEEDS: &[&str] = &[
    "a: 1\nb:\n  c: [1, 2, {d: e}]\n  f: |\n    text\n  g: >-\n    folded\n",
    "list:\n  - name: x\n    value: \"q\\\"uoted\"\n  - &anchor {k: v}\n  - *anchor\nmerge:\n  <<: *anchor\n",
    "key: 'single ''quoted'''\nnum: 0x1F\nflt: 1e3\nbool: yes\nnull: ~\ndate: 2020-01-01\n",
    "extraVolumes: |\n",
    "a:\n\tb: 1\n",
    "? complex\n: value\n--- \nsecond: doc\n",
];

const YAML_BITS: &[&str] = &[
    ":",
    " ",
    "\n",
    "-",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "|",
    ">",
    "&a",
    "*a",
    "!!str",
    "!!binary",
    "#",
    "'",
    "\"",
    "\\",
    "\t",
    ",",
    "?",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "<<: ",
    "\0",
    "\u{1}",
    "\u{feff}",
    "é",
    "  ",
    "key",
    "0",
    "1e309",
    ".inf",
    "\r\n",
    "\\x",
    "\\u12",
];

fn mutate_yaml(rng: &mut Rng) -> String {
    let mut text = rng.pick(YAML_SEEDS).to_string();
    for _ in 0..rng.below(8) {
        let at = floor_char(&text, rng.below(text.len() + 1));
        match rng.below(4) {
            0 => {
                let bit = rng.pick(YAML_BITS);
                text.insert_str(at, bit)
            }
            1 => {
                let end = floor_char(&text, (at + rng.below(10)).min(text.len()));
                text.replace_range(at..end, "");
            }
            2 => {
                // Depth: the same opener many times.
                let opener = rng.pick(&["[", "{a: ", "- ", "a:\n "]);
                text.insert_str(at, &opener.repeat(rng.below(400)));
            }
            _ => {
                let end = floor_char(&text, (at + rng.below(20)).min(text.len()));
                let piece = text[at..end].to_owned();
                text.insert_str(at, &piece);
            }
        }
    }
    text
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[test]
fn values_loader_never_panics() {
    fuzz("values", |rng| {
        let text = mutate_yaml(rng);
        let _ = orochart::values::parse_values_map(&text, "values.yaml");
        let _ = orochart::values::parse_values(&text, "values.yaml");
        let _ = orochart::values::parse_yaml_document(&text, "t.yaml", false);
        text
    });
}

// ---------------------------------------------------------------------------------------------
// The --set family

const SET_BITS: &[&str] = &[
    "a",
    "b",
    ".",
    "[",
    "]",
    "0",
    "1",
    "65536",
    "70000",
    "-1",
    "=",
    ",",
    "{",
    "}",
    "\\",
    "\"",
    "true",
    "null",
    "x=y",
    "[0]",
    "a.",
    "{1,2}",
    " ",
    "é",
    "\\,",
    "[99999999999999999999]",
];

fn set_arg(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..rng.below(30) {
        let bit = rng.pick(SET_BITS);
        s.push_str(bit);
    }
    if rng.below(10) == 0 {
        let deep = rng.pick(&["[0]", "a.", "[1]"]);
        s.push_str(&deep.repeat(rng.below(3000)));
        s.push_str("=1");
    }
    s
}

#[test]
fn set_family_never_panics() {
    fuzz("set", |rng| {
        let arg = set_arg(rng);
        let mut dest = orochart::Map::new();
        let _ = orochart::values::apply_set(&mut dest, &arg);
        let _ = orochart::values::apply_set_string(&mut dest, &arg);
        let _ = orochart::values::apply_set_literal(&mut dest, &arg);
        let json = format!("{}={}", arg.split('=').next().unwrap_or("a"), set_arg(rng));
        let _ = orochart::values::apply_set_json(&mut dest, &json);
        let read = |_: &str| Ok("file content".to_owned());
        let _ = orochart::values::apply_set_file(&mut dest, &arg, &read);
        arg
    });
}

// ---------------------------------------------------------------------------------------------
// Templates

const TEMPLATE_BITS: &[&str] = &[
    "{{ ",
    " }}",
    "{% ",
    " %}",
    "{%- ",
    " -%}",
    "Values.x",
    "Values.list",
    "Values",
    "Release.Name",
    "include('t.yaml')",
    "include('u.yaml')",
    "tpl(Values.t)",
    "tpl('{{ 1 }}')",
    " | ",
    "toYaml",
    "toJson",
    "indent(2)",
    "nindent(4)",
    "quote",
    "default('d')",
    "until(5)",
    "until(1000000000)",
    "repeat(3, 'ab')",
    "repeat(100000000000, 'ab')",
    "printf('%5d', 1)",
    "printf('%99999999d')",
    "replace('', 'xx')",
    "fromYaml('a: [')",
    "fromJson('{')",
    "trunc(-3, 'abc')",
    "substr(5, 1, 'x')",
    "for i in range(3)",
    "for i in Values.list",
    "endfor",
    "if Values.x",
    "else",
    "endif",
    "set y = 1",
    "macro m(n)",
    "endmacro",
    "m(1)",
    "(",
    ")",
    "[",
    "]",
    "'",
    "\"",
    ",",
    "~",
    "+",
    "*",
    "1",
    "0",
    "-1",
    "none",
    "true",
    "a: ",
    "\n",
    "\n---\n",
    "  ",
    "{#",
    "#}",
    "required('r', Values.z)",
    "fail('f')",
    "dict('a', 1)",
    "list(1, 2)",
    "merge(dict(), Values)",
    "b64dec('!!')",
    "int('x')",
];

fn template(rng: &mut Rng) -> String {
    let mut s = String::from("a: ");
    for _ in 0..rng.below(24) {
        let bit = rng.pick(TEMPLATE_BITS);
        s.push_str(bit);
    }
    s
}

#[test]
fn template_engine_never_panics() {
    fuzz("template", |rng| {
        let t = template(rng);
        let u = template(rng);
        let values = format!(
            "x: 1\nlist: [1, 2]\nt: \"{}\"\n",
            template(rng)
                .replace('\\', "")
                .replace('"', "'")
                .replace('\n', " ")
        );
        let files = [
            (
                "Chart.yaml",
                "apiVersion: v2\nname: c\nversion: 0.1.0\nannotations:\n  orochart.io/template-dialect: minijinja\n".to_owned(),
            ),
            ("values.yaml", values),
            ("templates/t.yaml", t.clone()),
            ("templates/u.yaml", u.clone()),
        ];
        let Ok(chart) = Chart::from_files("c", files) else {
            return t;
        };
        let Ok(renderer) = Renderer::new(chart) else {
            return t;
        };
        let values = renderer.chart().values().clone();
        if let Ok(release) = Release::new("r", "default") {
            let _ = renderer.render(&values, &release, &Capabilities::default());
        }
        format!("{t}\n=== u.yaml\n{u}")
    });
}

// ---------------------------------------------------------------------------------------------
// Go templates (the dialect of unmodified Helm charts)

/// Pieces of Go templates: actions, control structures cut anywhere, Helm's objects, and the
/// functions that build, loop, nest or fail.
const GO_TEMPLATE_BITS: &[&str] = &[
    "{{",
    "}}",
    "{{- ",
    " -}}",
    "{{/* c */}}",
    "{{ end }}",
    "{{ else }}",
    "{{ if .Values.x }}",
    "{{ with .Values.list }}",
    "{{ range .Values.list }}",
    "{{ range $i, $v := .Values }}",
    "{{ range 3 }}",
    "{{ break }}",
    "{{ continue }}",
    "{{ $x := 1 }}",
    "{{ $x = 2 }}",
    "{{ define \"d\" }}",
    "{{ template \"d\" . }}",
    "{{ block \"b\" . }}",
    "{{ include \"d\" . }}",
    "{{ include \"u.yaml\" . }}",
    "{{ tpl .Values.t . }}",
    "{{ tpl \"{{ . }}\" . }}",
    "{{ .Values.x.y.z }}",
    "{{ .Chart.Name }}",
    "{{ .Capabilities.APIVersions.Has \"v1\" }}",
    "{{ .Files.Get \"x\" }}",
    "{{ .Release }}",
    "{{ toYaml . }}",
    "{{ toJson .Chart }}",
    "{{ fromYaml .Values.t }}",
    "{{ printf \"%*d\" 99999 1 }}",
    "{{ printf \"%v %d %s\" }}",
    "{{ eq 1 1.5 }}",
    "{{ lt \"a\" 1 }}",
    "{{ index .Values.list 9 }}",
    "{{ slice \"abc\" 2 1 }}",
    "{{ until 5 }}",
    "{{ until 100000000 }}",
    "{{ repeat 100000000 \"ab\" }}",
    "{{ indent 99999999 \"a\" }}",
    "{{ set . \"k\" . }}",
    "{{ merge .Values .Values }}",
    "{{ dig \"a\" \"b\" 1 .Values }}",
    "{{ required \"r\" .Values.z }}",
    "{{ fail \"f\" }}",
    "{{ b64dec \"!!\" }}",
    "{{ int \"x\" }}",
    "{{ div 1 0 }}",
    "{{ regexMatch \"(\" \"a\" }}",
    "{{ semver \"x\" }}",
    "{{ genCA \"x\" -1 }}",
    "{{ nil }}",
    "{{ call .Values.x }}",
    "{{ (",
    ")",
    "|",
    " ",
    "\"",
    "`",
    "$",
    ".",
    "\n",
    "x",
];

fn go_template(rng: &mut Rng) -> String {
    let mut s = String::from("a: ");
    for _ in 0..rng.below(24) {
        s.push_str(rng.pick(GO_TEMPLATE_BITS));
    }
    s
}

#[test]
fn go_template_engine_never_panics() {
    fuzz("go-template", |rng| {
        let t = go_template(rng);
        let u = go_template(rng);
        let values = format!(
            "x: 1\nlist: [1, 2]\nt: \"{}\"\n",
            go_template(rng)
                .replace('\\', "")
                .replace('"', "'")
                .replace('\n', " ")
        );
        let files = [
            (
                "Chart.yaml",
                "apiVersion: v2\nname: c\nversion: 0.1.0\n".to_owned(),
            ),
            ("values.yaml", values),
            ("templates/t.yaml", t.clone()),
            ("templates/u.yaml", u.clone()),
        ];
        let Ok(chart) = Chart::from_files("c", files) else {
            return t;
        };
        for helm in [HelmVersion::V3_17, HelmVersion::V4_3] {
            let Ok(renderer) = Renderer::new(chart.clone()) else {
                return t;
            };
            let renderer = renderer.with_helm(helm);
            let values = renderer.chart().values().clone();
            if let Ok(release) = Release::new("r", "default") {
                let _ = renderer.render(&values, &release, &Capabilities::default());
            }
        }
        format!("{t}\n=== u.yaml\n{u}")
    });
}

// ---------------------------------------------------------------------------------------------
// argocd generate: parameters and paths

/// A request folder with one app, and a canary outside it that must never be printed.
struct Request {
    base: PathBuf,
    root: PathBuf,
}

const CANARY: &str = "987654321";

fn request() -> Request {
    let base = std::env::temp_dir().join(format!("orochart-fuzz-argocd-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let root = base.join("_cmp_server/5f0c");
    let app = root.join("apps/x");
    let ok = std::fs::create_dir_all(&app).is_ok()
        && std::fs::write(
            app.join("values.yaml"),
            "image:\n  repository: x\n  tag: \"1\"\n",
        )
        .is_ok()
        && std::fs::write(root.join("apps/shared.yaml"), "podLabels:\n  t: s\n").is_ok()
        && std::fs::write(
            base.join("outside.yaml"),
            format!("replicaCount: {CANARY}\n"),
        )
        .is_ok()
        && std::fs::write(
            base.join("_cmp_server/outside.yaml"),
            format!("replicaCount: {CANARY}\n"),
        )
        .is_ok();
    assert!(ok, "cannot make the request folder");
    #[cfg(unix)]
    {
        let _ = std::os::unix::fs::symlink(base.join("outside.yaml"), app.join("link.yaml"));
        let _ = std::os::unix::fs::symlink("../../..", app.join("up"));
    }
    let root = root.canonicalize().unwrap_or(root);
    Request { base, root }
}

const PATH_BITS: &[&str] = &[
    "..",
    ".",
    "apps",
    "x",
    "shared.yaml",
    "values.yaml",
    "outside.yaml",
    "link.yaml",
    "up",
    "_cmp_server",
    "5f0c",
    "",
    "/",
    "/etc/passwd",
    "//",
    "\\",
    "%2e%2e",
    "\0",
];

fn path(rng: &mut Rng) -> String {
    let parts: Vec<&str> = (0..rng.below(7)).map(|_| rng.pick(PATH_BITS)).collect();
    let mut p = parts.join("/");
    if rng.below(3) == 0 {
        p = format!("{}outside.yaml", "../".repeat(rng.below(8)));
    }
    p
}

fn json_string(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

fn parameters(rng: &mut Rng) -> String {
    let mut items = Vec::new();
    for _ in 0..rng.below(4) {
        let item = match rng.below(7) {
            0 => format!(
                r#"{{"name":"values","array":[{},{}]}}"#,
                json_string(&path(rng)),
                json_string(&path(rng))
            ),
            1 => format!(
                r#"{{"name":"values","string":{}}}"#,
                json_string(&path(rng))
            ),
            2 => format!(r#"{{"name":"chart","string":{}}}"#, json_string(&path(rng))),
            3 => format!(
                r#"{{"name":"set","map":{{{}:{}}}}}"#,
                json_string(&set_arg(rng)),
                json_string(&set_arg(rng))
            ),
            4 => format!(
                r#"{{"name":"release-name","string":{}}}"#,
                json_string(&set_arg(rng))
            ),
            5 => format!(r#"{{"name":{},"array":null}}"#, json_string(&set_arg(rng))),
            _ => (rng.pick(&[
                "null",
                "1",
                "\"x\"",
                "{}",
                "[",
                r#"{"name":"set","map":{"a":1}}"#,
            ]))
            .to_owned(),
        };
        items.push(item);
    }
    if rng.below(8) == 0 {
        return rng
            .pick(&["", "null", "[]", "{", "[[[[", "\"\""])
            .to_string();
    }
    format!("[{}]", items.join(","))
}

#[test]
fn argocd_generate_never_panics_and_never_reads_outside_the_request_folder() {
    let req = request();
    let root = req.root.clone();
    fuzz("argocd", move |rng| {
        let source = match rng.below(4) {
            0 => "apps/x".to_owned(),
            1 => path(rng),
            2 => format!("_cmp_server/5f0c/apps/{}", path(rng)),
            _ => "x".to_owned(),
        };
        let params = parameters(rng);
        let values_env = path(rng);
        let cwd = match rng.below(3) {
            0 => root.join("apps/x"),
            1 => root.clone(),
            _ => root.join("apps/x/up"),
        };
        let mut env = vec![
            ("ARGOCD_APP_NAME", "x"),
            ("ARGOCD_APP_NAMESPACE", "x"),
            ("ARGOCD_APP_SOURCE_PATH", source.as_str()),
            ("ARGOCD_APP_PARAMETERS", params.as_str()),
        ];
        if rng.below(3) == 0 {
            env.push(("ARGOCD_ENV_VALUES", values_env.as_str()));
        }
        let input = format!("cwd {}\nenv {env:?}", cwd.display());
        let env = orochart_cli::argocd::Env::from_pairs(env);
        if let Ok(out) = orochart_cli::argocd::generate(&env, &cwd) {
            assert!(
                !out.contains(CANARY),
                "read outside the request folder:\n{input}"
            );
        }
        input
    });
    let _ = std::fs::remove_dir_all(Path::new(&req.base));
}
