//! Hostile and broken input (issue 14): one test per family, each run on the real binary with
//! a deadline. Every case must end with a clear `Error:` first line naming the file, flag or
//! template, exit status 1, nothing on stdout and no file written: never a signal, a hang or
//! memory without bound. Where Helm has an answer (its YAML errors, its `--set` limits, how
//! it reads an empty block scalar), the expectation is what Helm 3.17.2 printed.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A scratch folder, removed on drop.
pub(crate) struct Scratch(pub(crate) PathBuf);

impl Scratch {
    pub(crate) fn new(name: &str) -> Scratch {
        let d =
            std::env::temp_dir().join(format!("orochart-hostile-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
        Scratch(d)
    }

    pub(crate) fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&p, content).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        p
    }

    /// A chart `c` whose template `templates/t.yaml` is `template`.
    fn chart(&self, template: &str) -> &Path {
        self.write("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\nannotations:\n  orochart.io/template-dialect: minijinja\n");
        self.write("c/templates/t.yaml", template);
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the binary in `dir` and kills it past `secs` seconds (then the test fails).
pub(crate) fn run(dir: &Path, args: &[&str], env: &[(&str, &str)], secs: u64) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_orochart"))
        .current_dir(dir)
        .args(args)
        .env_remove("HELM_NAMESPACE")
        .env_remove("OROCHART_ENGINE")
        .env_remove("OROCHART_MAX_OUTPUT")
        .env_remove("OROCHART_MAX_MEMORY")
        .env("KUBECONFIG", "/nonexistent")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run orochart: {e}"));
    // Drain both pipes while waiting, so a large output cannot block the child.
    let mut out_pipe = child.stdout.take();
    let mut err_pipe = child.stderr.take();
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(p) = out_pipe.as_mut() {
            let _ = p.read_to_end(&mut v);
        }
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        if let Some(p) = err_pipe.as_mut() {
            let _ = p.read_to_end(&mut v);
        }
        v
    });
    let deadline = Instant::now() + Duration::from_secs(secs);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("orochart {args:?} did not finish within {secs} s");
            }
        }
    };
    Output {
        status,
        stdout: out_reader.join().unwrap_or_default(),
        stderr: err_reader.join().unwrap_or_default(),
    }
}

/// Asserts a clean failure: exit 1 (no signal), empty stdout, a first stderr line starting
/// with `Error:` and containing every needle, and no more than a few lines of it.
pub(crate) fn assert_clean_error(out: &Output, needles: &[&str], what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{what}: exit status {:?}\n{stderr}",
        out.status
    );
    assert!(out.stdout.is_empty(), "{what}: stdout is not empty");
    let first = stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("Error: "),
        "{what}: first stderr line: {first}"
    );
    for n in needles {
        assert!(
            first.contains(n),
            "{what}: first line lacks `{n}`:\n{first}"
        );
    }
    assert!(
        stderr.len() < 2000,
        "{what}: {} bytes on stderr",
        stderr.len()
    );
}

#[test]
fn templates_including_themselves_or_each_other_stop_naming_the_template() {
    let s = Scratch::new("include");
    let dir = s.chart("a: {{ include('t.yaml') }}\n");
    let out = run(dir, &["render", "c"], &[], 30);
    assert_clean_error(
        &out,
        &[
            "c/templates/t.yaml",
            "include \"t.yaml\"",
            "nested more than 100 levels",
        ],
        "self include",
    );

    s.write("c/templates/t.yaml", "a: {{ include('u.yaml') }}\n");
    s.write("c/templates/u.yaml", "b: {{ include('t.yaml') }}\n");
    let out = run(dir, &["render", "c"], &[], 30);
    assert_clean_error(&out, &["nested more than 100 levels"], "mutual include");

    // A macro that calls itself: minijinja's own recursion limit.
    s.write("c/templates/u.yaml", "");
    s.write(
        "c/templates/t.yaml",
        "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}a: {{ m(1) }}\n",
    );
    let out = run(dir, &["render", "c"], &[], 30);
    assert_clean_error(
        &out,
        &["c/templates/t.yaml", "recursion limit exceeded"],
        "recursive macro",
    );
}

#[test]
fn a_value_rendering_itself_through_tpl_stops() {
    let s = Scratch::new("tpl");
    let dir = s.chart("a: {{ tpl(Values.x) }}\n");
    s.write("c/values.yaml", "x: \"{{ tpl(Values.x) }}\"\n");
    let out = run(dir, &["render", "c"], &[], 30);
    assert_clean_error(
        &out,
        &["c/templates/t.yaml", "tpl", "nested more than 100 levels"],
        "tpl",
    );
}

/// A schema with a 400,000-item numeric `enum` the value misses: each library's message is
/// built in one pass over the items (gojsonschema's uniqueness check and santhosh's numbers as
/// written both went over the items once per item: minutes).
#[test]
fn a_huge_enum_is_checked_in_one_pass() {
    let s = Scratch::new("schema-huge-enum");
    s.chart("a: 1\n");
    s.write("c/values.yaml", "a: -5\n");
    let items: Vec<String> = (0..400_000).map(|i| format!("{i}.0")).collect();
    s.write(
        "c/values.schema.json",
        format!(
            r#"{{"properties": {{"a": {{"enum": [{}]}}}}}}"#,
            items.join(", ")
        ),
    );
    for (helm, written) in [
        ("3.17", "a must be one of the following: 0, 1, 2"),
        ("4.3", "value must be one of 0.0, 1.0, 2.0"),
    ] {
        let out = run(&s.0, &["render", "c", "--helm-version", helm], &[], 60);
        assert_eq!(out.status.code(), Some(1), "{helm}");
        assert!(out.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(written),
            "{helm}: {}",
            &stderr[..stderr.len().min(400)]
        );
    }
}

/// `unevaluatedProperties` in each of 40 nested `allOf`s: each level needs what the level
/// below evaluated, which the walk carries up (santhosh's design) instead of checking the
/// level below again, which doubled the work per level (2^40 checks: a hang).
#[test]
fn nested_unevaluated_properties_are_checked_in_one_walk() {
    let s = Scratch::new("schema-unevaluated-deep");
    s.chart("a: 1\n");
    s.write("c/values.yaml", "a:\n  x: 1\n");
    let mut schema = r#"{"properties": {"x": {}}}"#.to_owned();
    for _ in 0..40 {
        schema = format!(r#"{{"allOf": [{schema}], "unevaluatedProperties": false}}"#);
    }
    s.write(
        "c/values.schema.json",
        format!(r#"{{"properties": {{"a": {schema}}}}}"#),
    );
    let out = run(&s.0, &["render", "c", "--helm-version", "4.3"], &[], 30);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A property the innermost level does not evaluate fails there and at every level above
    // it; above the innermost, which then fails, `x` counts as unevaluated too (Helm 4.3
    // prints the same lines, the two names in Go's map order at each level).
    s.write("c/values.yaml", "a:\n  x: 1\n  z: 2\n");
    let out = run(&s.0, &["render", "c", "--helm-version", "4.3"], &[], 30);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("Error: values don't meet the specifications"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("- at '/a/z': false schema").count(), 40);
    assert_eq!(stderr.matches("- at '/a/x': false schema").count(), 39);
}

#[test]
fn values_schemas_whose_refs_loop_are_refused_not_followed_forever() {
    // Helm 3.17/3.18 overflow their stack on these (a Go fatal error); Helm 3.19+ reports
    // the cycle where it meets it (the `schema-ref-cycle*` parity cases).
    let s = Scratch::new("schema-ref-loop");
    s.chart("a: 1\n");
    s.write("c/values.yaml", "a: 1\nb:\n  c: 2\n");
    for schema in [
        r##"{"$ref": "#"}"##,
        r##"{"allOf": [{"$ref": "#"}]}"##,
        r##"{"properties": {"b": {"$ref": "#/definitions/x"}},
            "definitions": {"x": {"$ref": "#/definitions/y"}, "y": {"anyOf": [{"$ref": "#/definitions/x"}]}}}"##,
    ] {
        s.write("c/values.schema.json", schema);
        for helm in ["3.17", "4.3"] {
            let out = run(&s.0, &["render", "c", "--helm-version", helm], &[], 30);
            let what = format!("{schema} as {helm}");
            assert_clean_error(&out, &["values don't meet the specifications"], &what);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains("reference cycle"), "{what}: {stderr}");
        }
    }
}

#[test]
fn set_with_lists_nested_20000_deep_stops_at_once() {
    let s = Scratch::new("set-deep");
    let dir = s.chart("a: 1\n");
    let key = format!("a{}=1", "[0]".repeat(20_000));
    for args in [
        vec!["render", "c", "--set", &key],
        vec!["render", "--set", &key],
    ] {
        let out = run(dir, &args, &[], 20);
        assert_clean_error(
            &out,
            &["--set", "nested more than 1000 levels"],
            "--set a[0]…",
        );
    }
    // 1,000 levels are read, and the values error of the built-in chart comes at once and
    // quotes the argument cut short.
    let key = format!("a{}=1", "[0]".repeat(1000));
    let out = run(dir, &["render", "--set", &key], &[], 20);
    assert_clean_error(&out, &[], "--set a[0]… on the built-in chart");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("(3003 bytes): `a`: unknown key `a`"),
        "{stderr}"
    );
    // Helm's own limit on dotted names, in Helm's words.
    let key = format!("{}=1", vec!["a"; 40].join("."));
    let out = run(dir, &["render", "c", "--set", &key], &[], 20);
    assert_clean_error(
        &out,
        &["value name nested level is greater than maximum supported nested level of 30"],
        "--set a.a.a…",
    );
}

#[test]
fn set_json_too_deep_gives_a_reason_without_echoing_the_argument() {
    let s = Scratch::new("set-json");
    let dir = s.chart("a: 1\n");
    let arg = format!("a={}{}", "[".repeat(65_000), "]".repeat(65_000));
    let out = run(dir, &["render", "c", "--set-json", &arg], &[], 20);
    assert_clean_error(
        &out,
        &[
            "failed parsing --set-json data a=[[[",
            "(130002 bytes)",
            "exceeded max depth",
        ],
        "--set-json",
    );
}

#[test]
fn functions_asking_for_enormous_allocations_are_errors() {
    let s = Scratch::new("alloc");
    let cases = [
        (
            "a: {{ until(1000000000) | length }}\n",
            "error calling until",
        ),
        (
            "a: {{ repeat(100000000000, 'ab') }}\n",
            "error calling repeat",
        ),
        (
            "a: {{ 'x' | indent(1000000000000) }}\n",
            "error calling indent",
        ),
        (
            "a: {{ replace('', 'yyyyyyyyyyyyyyyy', repeat(10000000, 'x')) }}\n",
            "error calling replace",
        ),
    ];
    for (template, needle) in cases {
        let dir = s.chart(template);
        let out = run(dir, &["render", "c"], &[], 30);
        assert_clean_error(&out, &["c/templates/t.yaml", needle], template);
    }
}

#[test]
fn printf_widths_past_go_limit_print_what_go_prints() {
    let s = Scratch::new("printf");
    let dir = s.chart("a: {{ printf('%99999999d|%s', 1, 2) | quote }}\n");
    let out = run(dir, &["render", "c"], &[], 30);
    let stdout = String::from_utf8_lossy(&out.stdout);
    // helm template (3.17.2) with `printf "%99999999d|%s" 1 2 | quote` prints
    // `"%!(NOVERB)%!(EXTRA int=1, int=2)"`: Go's fmt gives up on the width and on the rest of
    // the format. (orochart's integers are all int64, so the EXTRA part names that type.)
    assert!(
        stdout.ends_with("a: \"%!(NOVERB)%!(EXTRA int64=1, int64=2)\"\n"),
        "{stdout}"
    );
}

#[test]
fn endless_loops_stop_within_the_step_limit() {
    let s = Scratch::new("loop");
    let dir = s.chart(
        "a: {% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}1\n",
    );
    let out = run(dir, &["render", "c"], &[], 120);
    assert_clean_error(
        &out,
        &["c/templates/t.yaml", "more than 10000000 steps"],
        "loop",
    );
}

#[test]
fn memory_and_output_have_a_ceiling() {
    let s = Scratch::new("memory");
    let dir = s.chart("a: {% for i in range(100000) %}{{ repeat(10000000, 'x') }}{% endfor %}\n");
    let out = run(
        dir,
        &["render", "c"],
        &[("OROCHART_MAX_MEMORY", "128Mi")],
        60,
    );
    assert_clean_error(
        &out,
        &["more memory than its limit", "OROCHART_MAX_MEMORY"],
        "memory",
    );

    s.write("c/templates/t.yaml", "a: {{ repeat(100000, 'x') }}\n");
    let out = run(dir, &["render", "c", "--max-output", "64Ki"], &[], 30);
    assert_clean_error(
        &out,
        &["100037 bytes", "limit of 65536", "--max-output"],
        "--max-output",
    );
    let out = run(dir, &["render", "c"], &[("OROCHART_MAX_OUTPUT", "1Ki")], 30);
    assert_clean_error(&out, &["limit of 1024"], "OROCHART_MAX_OUTPUT");
    let out = run(dir, &["render", "c"], &[], 30);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn nul_and_control_characters_in_values_files_are_helms_yaml_error() {
    let s = Scratch::new("nul");
    let dir = s.chart("a: {{ Values | toJson }}\n");
    let cases: [(&str, &[u8]); 4] = [
        ("plain.yaml", b"a: x\0y\n"),
        ("quoted.yaml", b"a: \"x\0y\"\n"),
        ("comment.yaml", b"# c\0\na: 1\n"),
        ("control.yaml", b"a: x\x01y\n"),
    ];
    for (name, bytes) in cases {
        s.write(name, bytes);
        // helm template: the same line for each; Helm 4 adds `cannot unmarshal yaml document: `.
        for (helm, prefix) in [("3.17", ""), ("4.3", "cannot unmarshal yaml document: ")] {
            let out = run(
                dir,
                &["render", "c", "-f", name, "--helm-version", helm],
                &[],
                20,
            );
            let want = format!("failed to parse {name}: {prefix}error converting YAML to JSON: yaml: control characters are not allowed");
            assert_clean_error(&out, &[&want], name);
        }
    }
}

#[test]
fn invalid_utf8_is_helms_yaml_error_naming_the_file() {
    let s = Scratch::new("utf8");
    let dir = s.chart("a: {{ Values | toJson }}\n");
    let cases: [(&str, &[u8], &str); 3] = [
        ("lead.yaml", b"a: x\xffy\n", "invalid leading UTF-8 octet"),
        ("trail.yaml", b"a: x\xc3\n", "invalid trailing UTF-8 octet"),
        ("short.yaml", b"a: x\xc3", "incomplete UTF-8 octet sequence"),
    ];
    // Helm 4 puts its document reader's words before go-yaml's (`parity/values-file-not-utf8`).
    for (helm, document) in [("3.17", ""), ("4.3", "cannot unmarshal yaml document: ")] {
        for (name, bytes, message) in cases {
            s.write(name, bytes);
            let out = run(
                dir,
                &["render", "c", "-f", name, "--helm-version", helm],
                &[],
                20,
            );
            let want = format!(
                "failed to parse {name}: {document}error converting YAML to JSON: yaml: {message}"
            );
            assert_clean_error(&out, &[&want], name);
        }
    }
    let out = run(dir, &["render", "c", "--set-file", "a=lead.yaml"], &[], 20);
    assert_clean_error(
        &out,
        &["--set-file", "`lead.yaml` is not UTF-8 text"],
        "--set-file",
    );
}

#[test]
fn a_values_file_ending_with_an_empty_block_scalar_reads_as_helm_reads_it() {
    let s = Scratch::new("block");
    let dir = s.chart("a: {{ Values | toJson }}\n");
    // What helm template (3.17.2) prints for `a: {{ .Values | toJson }}` with each file.
    let cases = [
        ("b: 1\nextraVolumes: |\n", r#"{"b":1,"extraVolumes":""}"#),
        ("b: 1\nextraVolumes: |", r#"{"b":1,"extraVolumes":""}"#),
        (
            "b: 1\nextraVolumes: |\n\n\n",
            r#"{"b":1,"extraVolumes":""}"#,
        ),
        ("b: 1\nextraVolumes: >-\n", r#"{"b":1,"extraVolumes":""}"#),
        ("x:\n  extraVolumes: |\n", r#"{"x":{"extraVolumes":""}}"#),
        ("b: 1\nextraVolumes: |+\n", r#"{"b":1,"extraVolumes":""}"#),
        (
            "b: 1\nextraVolumes: |+\n\n",
            r#"{"b":1,"extraVolumes":"\n"}"#,
        ),
        (
            "b: 1\nextraVolumes: |+\n  \n\n",
            r#"{"b":1,"extraVolumes":"\n\n"}"#,
        ),
    ];
    for (values, want) in cases {
        s.write("v.yaml", values);
        let out = run(dir, &["render", "c", "-f", "v.yaml"], &[], 20);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.ends_with(&format!("a: {want}\n")),
            "{values:?}:\n{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn block_mappings_nest_as_deep_as_helm_reads_them() {
    let s = Scratch::new("deep");
    let dir = s.chart("a: {{ Values.k.k.k | length }}\n");
    let deep = |n: usize| {
        let mut t: String = (0..n - 1)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        t.push_str(&format!("{}k: 1\n", " ".repeat(n - 1)));
        t
    };
    s.write("deep.yaml", deep(1000));
    let out = run(dir, &["render", "c", "-f", "deep.yaml"], &[], 60);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.ends_with("a: 1\n"),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The built-in chart records where each key came from: bounded too.
    let out = run(dir, &["render", "-f", "deep.yaml"], &[], 60);
    assert_clean_error(
        &out,
        &["values do not match the chart"],
        "deep values, built-in chart",
    );
}

#[cfg(unix)]
#[test]
fn values_and_set_file_are_read_within_the_limit() {
    // A named pipe or a device is read like a file, as Helm reads it (`-f <(…)`, see
    // `render_cli`): an endless one stops at the 64 MiB cap instead of filling memory.
    let s = Scratch::new("fifo");
    let dir = s.chart("a: {{ Values | toJson }}\n");
    std::fs::create_dir_all(s.0.join("folder")).unwrap_or_else(|e| panic!("{e}"));
    // A file past the 64 MiB cap (sparse: nothing is written).
    let big = std::fs::File::create(s.0.join("big.yaml")).and_then(|f| f.set_len(65 << 20));
    assert!(big.is_ok(), "cannot make big.yaml");
    let cases: [(&[&str], &[&str]); 6] = [
        (&["-f", "/dev/zero"], &["`/dev/zero` is larger than 64 MiB"]),
        (&["-f", "folder"], &["read folder: is a directory"]),
        (
            &["--set-file", "a=/dev/zero"],
            &[
                "failed parsing --set-file data",
                "`/dev/zero` is larger than 64 MiB",
            ],
        ),
        (
            &["--set-file", "a=folder"],
            &["read folder: is a directory"],
        ),
        (&["-f", "big.yaml"], &["`big.yaml` is larger than 64 MiB"]),
        (
            &["--set-file", "a=big.yaml"],
            &["`big.yaml` is larger than 64 MiB"],
        ),
    ];
    for (flags, needles) in cases {
        let mut args = vec!["render", "c"];
        args.extend_from_slice(flags);
        let out = run(dir, &args, &[], 20);
        assert_clean_error(&out, needles, &flags.join(" "));
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_in_a_chart_is_followed_and_said_as_helm_says_it() {
    let s = Scratch::new("symlink");
    let dir = s.chart("a: 1\n");
    std::os::unix::fs::symlink("/etc/passwd", s.0.join("c/templates/passwd.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let link = s.0.join("c/templates/passwd.yaml");
    // helm template logs this line (3.17.2 through its log package, 4.3.1 through slog), then
    // fails on the file's content.
    let helm3 = format!(
        "walk.go:75: found symbolic link in path: {} resolves to /etc/passwd. Contents of linked file included and used",
        link.display()
    );
    let helm4 = format!(
        "level=INFO msg=\"found symbolic link in path. Contents of linked file included and used\" path={} resolved=/etc/passwd",
        link.display()
    );
    for (version, warning) in [("3.17", helm3), ("4.3", helm4)] {
        let out = run(dir, &["render", "c", "--helm-version", version], &[], 20);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().next(), Some(warning.as_str()), "{stderr}");
        assert!(out.stdout.is_empty(), "the target's content reached stdout");
        assert_eq!(out.status.code(), Some(1));
    }
}

#[test]
fn output_dir_errors_name_the_file_and_write_nothing() {
    let s = Scratch::new("outdir");
    let dir = s.chart("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
    s.write(
        "c/templates/u.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n",
    );
    // A file where the output folder should be.
    s.write("out/c", "in the way\n");
    let out = run(dir, &["render", "c", "--output-dir", "out"], &[], 20);
    assert_clean_error(
        &out,
        &[
            "--output-dir: cannot write `out/c/templates`",
            "a file is in the way",
        ],
        "output dir",
    );
    let left: Vec<_> = walk(&s.0.join("out"));
    assert_eq!(left, vec![s.0.join("out/c")], "files were left behind");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn fleet_repo(s: &Scratch) {
    for app in ["dev/a", "dev/b", "prod/c"] {
        s.write(
            &format!("env/{app}/values.yaml"),
            "image:\n  repository: x\n  tag: \"1\"\n",
        );
    }
}

/// A fleet failure: exit 1, nothing on stdout, each line of `lines` on stderr in that order
/// (each app's line, then the count), and nothing else of size.
fn assert_fleet_failure(out: &Output, lines: &[&str], what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{what}: {stderr}");
    assert!(out.stdout.is_empty(), "{what}: stdout is not empty");
    let got: Vec<&str> = stderr.lines().collect();
    assert_eq!(got.len(), lines.len(), "{what}:\n{stderr}");
    for (line, want) in got.iter().zip(lines) {
        assert!(line.contains(want), "{what}: `{line}` lacks `{want}`");
    }
}

#[test]
fn fleet_names_an_app_it_cannot_read() {
    let s = Scratch::new("fleet-unreadable");
    fleet_repo(&s);
    std::fs::create_dir_all(s.0.join("env/dev/d/values.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&s.0, &["fleet", "env", "--check"], &[], 30);
    assert_fleet_failure(
        &out,
        &[
            "dev/d: cannot read `env/dev/d/values.yaml`: it is not a regular file",
            "Error: 1 of 4 apps (2 environments) failed to render",
        ],
        "values.yaml folder",
    );
    #[cfg(unix)]
    {
        std::fs::remove_dir_all(s.0.join("env/dev/d")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(s.0.join("env/dev/d")).unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink("nowhere.yaml", s.0.join("env/dev/d/values.yaml"))
            .unwrap_or_else(|e| panic!("{e}"));
        let out = run(&s.0, &["fleet", "env", "--check"], &[], 30);
        assert_fleet_failure(
            &out,
            &[
                "dev/d: cannot read `env/dev/d/values.yaml`: it is a symlink to nothing",
                "Error: 1 of 4 apps",
            ],
            "dangling values.yaml",
        );
    }
}

/// `--check` lists every broken app at once: one whose values.yaml cannot be read beside
/// one whose values do not parse, in app order, counted together.
#[test]
fn fleet_lists_unreadable_apps_with_the_apps_that_fail() {
    let s = Scratch::new("fleet-unreadable-and-failing");
    fleet_repo(&s);
    std::fs::create_dir_all(s.0.join("env/dev/d/values.yaml")).unwrap_or_else(|e| panic!("{e}"));
    s.write("env/prod/e/values.yaml", "a: [\n");
    let out = run(&s.0, &["fleet", "env", "--check"], &[], 30);
    assert_fleet_failure(
        &out,
        &[
            "dev/d: cannot read `env/dev/d/values.yaml`: it is not a regular file",
            "prod/e: failed to parse values.yaml",
            "Error: 2 of 5 apps (2 environments) failed to render",
        ],
        "unreadable and failing apps",
    );
}

#[test]
fn fleet_output_dir_writes_nothing_unless_every_app_is_written() {
    let s = Scratch::new("fleet-outdir");
    fleet_repo(&s);
    // `out/prod` is a file: prod/c cannot be written, so neither may dev/a and dev/b be.
    s.write("out/prod", "in the way\n");
    let out = run(&s.0, &["fleet", "env", "--output-dir", "out"], &[], 60);
    assert_clean_error(
        &out,
        &["--output-dir: cannot write `out/prod"],
        "fleet output dir",
    );
    assert_eq!(
        walk(&s.0.join("out")),
        vec![s.0.join("out/prod")],
        "files were left behind"
    );
    std::fs::remove_file(s.0.join("out/prod")).unwrap_or_else(|e| panic!("{e}"));
    let out = run(&s.0, &["fleet", "env", "--output-dir", "out"], &[], 60);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(walk(&s.0.join("out")).len(), 3);
}

#[test]
fn fleet_refuses_absurd_thread_counts_at_once() {
    let s = Scratch::new("fleet-j");
    fleet_repo(&s);
    let out = run(&s.0, &["fleet", "env", "--check", "-j", "100000"], &[], 10);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("100000 threads is more than orochart's limit of 256"),
        "{stderr}"
    );
    let out = run(&s.0, &["fleet", "env", "--check", "-j", "256"], &[], 60);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The `set` parameter reaches the same `--set` parser, and the same limit.
#[test]
fn argocd_set_parameter_with_lists_nested_20000_deep_stops_at_once() {
    let s = Scratch::new("argocd-set");
    let id = "_cmp_server/0b7c";
    s.write(
        &format!("{id}/apps/x/values.yaml"),
        "image:\n  repository: x\n  tag: \"1\"\n",
    );
    let app = s.0.join(id).join("apps/x");
    let key = format!("a{}", "[0]".repeat(20_000));
    let params = format!(r#"[{{"name":"set","map":{{"{key}":"1"}}}}]"#);
    let env = [
        ("ARGOCD_APP_NAME", "x"),
        ("ARGOCD_APP_NAMESPACE", "x"),
        ("ARGOCD_APP_SOURCE_PATH", "apps/x"),
        ("ARGOCD_APP_PARAMETERS", params.as_str()),
    ];
    let out = run(&app, &["argocd", "generate"], &env, 20);
    assert_clean_error(
        &out,
        &["--set", "nested more than 1000 levels"],
        "argocd set",
    );
}

/// The real values files of the corpus that end with an empty block scalar: each reads as
/// Helm 3.17.2 reads it (the whole `.Values | toJson` was compared; the last key is `""`).
#[test]
fn real_values_files_ending_with_an_empty_block_scalar_read_as_helm_reads_them() {
    // `../shared` beside the repository, as in CI; `OROCHART_SHARED` where it lives elsewhere.
    let shared = std::env::var_os("OROCHART_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::repo_root().join("../shared"));
    let corpus = shared.join("corpus/values-realworld/values");
    if !corpus.is_dir() {
        eprintln!("SKIPPED: {} not found", corpus.display());
        return;
    }
    let s = Scratch::new("block-real");
    let cases = [
        (
            "helm_charts__incubator_elasticsearch__values.yaml",
            "extraInitContainers",
        ),
        (
            "helm_charts__stable_prometheus-nats-exporter__values.yaml",
            "extraVolumes",
        ),
        (
            "helm_charts__stable_prometheus-postgres-exporter__values.yaml",
            "extraVolumes",
        ),
        (
            "prometheus-community_helm-charts__charts_prometheus-nats-exporter__values.yaml",
            "extraVolumes",
        ),
    ];
    for (file, key) in cases {
        let dir = s.chart(&format!("a: {{{{ Values.{key} | toJson }}}}\n"));
        let path = corpus.join(file);
        let path = path.to_string_lossy();
        let out = run(dir, &["render", "c", "-f", &path], &[], 30);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout.ends_with("a: \"\"\n"),
            "{file}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Found by the fuzz harness (seed 14): flow mappings nested 164 deep, a run of `a:` lines and
/// a `- *a` sequence inside, under an anchor (`hostile/flow-rewrite.yaml`, 2 KB) made the
/// loader re-indent and re-parse an ever-growing text for 22 s (debug build). Now it is the
/// parse error at once.
#[test]
fn a_values_file_the_loader_kept_rewriting_is_an_error_at_once() {
    let s = Scratch::new("flow-rewrite");
    let dir = s.chart("a: {{ Values | toJson }}\n");
    s.write("v.yaml", include_str!("hostile/flow-rewrite.yaml"));
    let started = Instant::now();
    let out = run(dir, &["render", "c", "-f", "v.yaml"], &[], 20);
    assert_clean_error(
        &out,
        &["failed to parse v.yaml", "yaml: line"],
        "flow rewrite",
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
}
