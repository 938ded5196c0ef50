//! `orochart render` as a user runs it: the built-in chart, errors, JSON output, the config
//! checksum.

use std::path::Path;

use crate::{orochart, repo_root};

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn scratch(name: &str) -> crate::Scratch {
    crate::scratch(&format!("it-{name}"))
}

fn render_ok(dir: &Path, a: &[&str]) -> String {
    let out = orochart(dir, &args(a));
    assert!(
        out.status.success(),
        "orochart {a:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn no_chart_argument_renders_the_built_in_chart() {
    let root = repo_root();
    let builtin = render_ok(
        &root,
        &["render", "svc", "-n", "svc", "--set", "image.tag=v1"],
    );
    let folder = render_ok(
        &root,
        &[
            "render",
            "svc",
            "charts/orofi-application",
            "-n",
            "svc",
            "--set",
            "image.tag=v1",
        ],
    );
    assert_eq!(builtin, folder);
    assert!(builtin.contains("# Source: orofi-application/templates/deployment.yaml\n"));
}

#[test]
fn errors_print_nothing_on_stdout_and_exit_1() {
    let root = repo_root();
    let out = orochart(&root, &args(&["render", "svc", "-n", "svc"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("Error: execution error at (orofi-application/templates/deployment.yaml:2:4): image.tag is required"),
        "{err}"
    );

    let out = orochart(
        &root,
        &args(&["render", "svc", "-f", "does-not-exist.yaml"]),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does-not-exist.yaml"));

    // A flag `helm template` does not have either: Helm's words and exit status.
    let out = orochart(&root, &args(&["render", "--no-such-flag"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Error: unknown flag: --no-such-flag\n"
    );
    // Other commands keep clap's usage errors.
    let out = orochart(&root, &args(&["lint", "--no-such-flag"]));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn values_typos_are_all_reported_with_file_line_and_suggestion() {
    let dir = scratch("typos");
    std::fs::write(
        dir.join("values.yaml"),
        "image:\n  tag: \"v1\"\nautoscaling:\n  enabeld: true\nservce:\n  port: 8080\nreplicaCount: lots\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = orochart(&dir, &args(&["render", "svc", "-f", "values.yaml"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    for want in [
        "values.yaml:4:3: `autoscaling.enabeld`: unknown key `enabeld` (did you mean `enabled`?)",
        "values.yaml:5:1: `servce`: unknown key `servce` (did you mean `service`?)",
        "values.yaml:7:1: `replicaCount`: expected integer, got string `lots`",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn json_output_is_one_array_of_typed_manifests() {
    let root = repo_root();
    let out = render_ok(
        &root,
        &[
            "render",
            "svc",
            "-n",
            "svc",
            "--set",
            "image.tag=v1",
            "-o",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let kinds: Vec<&str> = v
        .as_array()
        .map(|a| a.iter().filter_map(|m| m["kind"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        kinds,
        [
            "Namespace",
            "ServiceAccount",
            "Service",
            "Deployment",
            "PeerAuthentication"
        ]
    );
    assert_eq!(v[3]["body"]["spec"]["replicas"], 2);
    assert_eq!(
        v[3]["source"],
        "orofi-application/templates/deployment.yaml"
    );
}

fn checksum(out: &str) -> String {
    out.lines()
        .find_map(|l| l.trim().strip_prefix("checksum/config: "))
        .unwrap_or_else(|| panic!("no checksum in:\n{out}"))
        .to_owned()
}

#[test]
fn config_checksum_changes_with_config_and_only_with_config() {
    let root = repo_root();
    // The built-in chart's checksum for release `svc` with these `--set` assignments.
    let checksum_with = |sets: &[&str]| {
        let mut args = vec!["render", "svc", "-n", "svc"];
        for s in sets {
            args.extend(["--set", s]);
        }
        checksum(&render_ok(&root, &args))
    };
    let c0 = checksum_with(&["image.tag=v1", "config.A=1"]);
    let changed = checksum_with(&["image.tag=v1", "config.A=2"]);
    assert_ne!(c0, changed, "a config change must roll the pods");
    let tag = checksum_with(&["image.tag=v2", "config.A=1"]);
    assert_eq!(c0, tag, "an image tag change must not change the checksum");
    let labels = checksum_with(&["image.tag=v1", "config.A=1", "podLabels.team=x"]);
    assert_eq!(c0, labels, "a label change must not change the checksum");

    // A chart version bump alone leaves it too.
    let dir = scratch("chart-version");
    copy(&root.join("charts/orofi-application"), &dir.join("chart"));
    let chart_yaml = dir.join("chart/Chart.yaml");
    let text = std::fs::read_to_string(&chart_yaml)
        .unwrap_or_default()
        .replace("version: 0.1.0", "version: 0.2.0");
    std::fs::write(&chart_yaml, text).unwrap_or_else(|e| panic!("{e}"));
    let bumped = render_ok(
        &dir,
        &[
            "render",
            "svc",
            "chart",
            "-n",
            "svc",
            "--set",
            "image.tag=v1",
            "--set",
            "config.A=1",
        ],
    );
    assert!(bumped.contains("helm.sh/chart: orofi-application-0.2.0"));
    assert_eq!(
        c0,
        checksum(&bumped),
        "a chart version bump must not change the checksum"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn config_checksum_is_the_sha256_of_the_configmap_data() {
    use std::fmt::Write as _;
    let root = repo_root();
    let out = render_ok(
        &root,
        &[
            "render",
            "svc",
            "-n",
            "svc",
            "--set",
            "image.tag=v1",
            "--set",
            "config.B=x,config.A=1",
        ],
    );
    // Computed here from the ConfigMap as printed, not through the template's sha256sum.
    let data: Vec<&str> = out
        .split("kind: ConfigMap")
        .nth(1)
        .and_then(|s| s.split("\ndata:\n").nth(1))
        .map(|s| {
            s.lines()
                .take_while(|l| l.starts_with("  "))
                .map(str::trim)
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(data, ["A: \"1\"", "B: \"x\""]);
    let text = data.join("\n");
    let digest = <sha2::Sha256 as sha2::Digest>::digest(text.as_bytes());
    let mut hex = String::new();
    for b in digest {
        let _ = write!(hex, "{b:02x}");
    }
    assert_eq!(checksum(&out), hex);
    let empty = render_ok(
        &root,
        &["render", "svc", "-n", "svc", "--set", "image.tag=v1"],
    );
    assert_eq!(
        checksum(&empty),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
    for e in std::fs::read_dir(from).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

#[test]
fn namespace_comes_from_the_flag_then_helm_namespace_then_kubeconfig_then_default() {
    let root = repo_root();
    let kubeconfig = std::env::temp_dir().join(format!("orochart-ns-{}.yaml", std::process::id()));
    std::fs::write(
        &kubeconfig,
        "apiVersion: v1\nkind: Config\ncurrent-context: c\ncontexts:\n- name: c\n  context:\n    namespace: from-kubeconfig\n- name: d\n  context:\n    namespace: from-context-d\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let ns_with = |env: Option<&str>, context: Option<&str>, extra: &[&str]| -> String {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_orochart"));
        cmd.current_dir(&root)
            .args([
                "render",
                "svc",
                "--set",
                "image.tag=v1",
                "-s",
                "templates/namespace.yaml",
            ])
            .args(extra)
            .env_remove("HELM_NAMESPACE")
            .env("KUBECONFIG", "/nonexistent")
            .env_remove("HELM_KUBECONTEXT")
            .env_remove("KUBERNETES_SERVICE_HOST");
        if let Some(v) = env {
            cmd.env("HELM_NAMESPACE", v);
        }
        if let Some(c) = context {
            cmd.env("HELM_KUBECONTEXT", c);
        }
        let out = cmd.output().unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.lines()
            .find_map(|l| l.strip_prefix("  name: "))
            .unwrap_or_else(|| panic!("no namespace name in:\n{text}"))
            .to_owned()
    };
    let ns = |env: Option<&str>, extra: &[&str]| ns_with(env, None, extra);
    assert_eq!(ns(None, &[]), "default");
    assert_eq!(ns(Some("team-a"), &[]), "team-a");
    assert_eq!(ns(Some("team-a"), &["-n", "team-b"]), "team-b");
    assert_eq!(ns(Some(""), &[]), "default");
    // Then the kubeconfig's current context (the rules: src/kubeconfig.rs, parity cases).
    let k = kubeconfig.display().to_string();
    assert_eq!(ns(None, &["--kubeconfig", &k]), "from-kubeconfig");
    assert_eq!(ns(Some(""), &["--kubeconfig", &k]), "from-kubeconfig");
    assert_eq!(ns(Some("team-a"), &["--kubeconfig", &k]), "team-a");
    assert_eq!(
        ns(None, &["--kubeconfig", &k, "--kube-context", "other"]),
        "default"
    );
    // The context: --kube-context, else HELM_KUBECONTEXT, else the current one.
    assert_eq!(
        ns_with(None, Some("d"), &["--kubeconfig", &k]),
        "from-context-d"
    );
    let chosen = ["--kubeconfig", &k, "--kube-context", "c"];
    assert_eq!(ns_with(None, Some("d"), &chosen), "from-kubeconfig");
    let _ = std::fs::remove_file(&kubeconfig);
}

/// `orochart render | head` must not fail: a closed pipe ends the output quietly, with exit
/// status 0, not a `SIGPIPE` death (the binary's own `main` ignores the signal, as Rust's
/// start-up does) nor an error message.
#[test]
fn a_closed_stdout_pipe_is_not_an_error() {
    let (reader, writer) = std::io::pipe().unwrap_or_else(|e| panic!("pipe: {e}"));
    // No reader at all: the first write fails.
    drop(reader);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_orochart"))
        .args(["render", "svc", "-n", "svc", "--set", "image.tag=v1"])
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap_or_else(|e| panic!("spawn: {e}"));
    assert!(
        out.status.success(),
        "{:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// When `build.rs` links the binary statically (Linux/glibc with static archives), it must
/// really be static: no program header asks for a dynamic loader or dynamic linking. A
/// library that `build.rs` does not shadow would make the linker pull in its shared object,
/// and the result would not start.
#[test]
fn static_link() {
    let linked = env!("OROCHART_LINKED");
    if linked != "static" {
        // Not a missing tool: a build without glibc's static archives is dynamic by design.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED render_cli::static_link: this build links orochart {linked}, not statically (see build.rs)"
        );
        return;
    }
    let elf = std::fs::read(env!("CARGO_BIN_EXE_orochart")).unwrap_or_else(|e| panic!("{e}"));
    let word = |at: usize, len: usize| -> u64 {
        elf[at..at + len]
            .iter()
            .rev()
            .fold(0, |n, &b| (n << 8) | u64::from(b))
    };
    assert_eq!(&elf[..5], b"\x7fELF\x02", "not a 64-bit ELF file");
    assert_eq!(elf[5], 1, "not little-endian");
    let (phoff, phentsize, phnum) = (word(0x20, 8), word(0x36, 2), word(0x38, 2));
    let types: Vec<u64> = (0..phnum)
        .map(|i| {
            let at = usize::try_from(phoff + i * phentsize).unwrap_or(usize::MAX);
            word(at, 4)
        })
        .collect();
    const PT_DYNAMIC: u64 = 2;
    const PT_INTERP: u64 = 3;
    assert!(
        !types.contains(&PT_INTERP) && !types.contains(&PT_DYNAMIC),
        "build.rs says static, but the binary has program headers {types:?}"
    );
    // And it runs.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_orochart"))
        .arg("--version")
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{out:?}");
}

/// A render error ends with Helm's hint; with `--debug`, stdout gets what Helm prints there:
/// every rendered template when a document is not YAML (framed `---` / `# Source:`, the
/// whole trimmed, one final newline), an empty line when a template failed. (The parity cases
/// `debug-*` compare the same with Helm.)
#[test]
fn debug_prints_what_was_rendered_when_rendering_fails() {
    let dir = std::env::temp_dir().join(format!("orochart-debug-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("templates")).unwrap_or_else(|e| panic!("{e}"));
    let write = |name: &str, text: &str| {
        std::fs::write(dir.join(name), text).unwrap_or_else(|e| panic!("{e}"));
    };
    write("Chart.yaml", "apiVersion: v2\nname: dbg\nversion: 0.1.0\n");
    write(
        "templates/a.yaml",
        "kind: ConfigMap\nmetadata:\n  name: a\n",
    );
    write("templates/b.yaml", "kind: ConfigMap\ndata:\n  x: [\n\n");
    write("templates/c.yaml", "  \n");
    let run = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_orochart"))
            .current_dir(&dir)
            .args(["render", "x", "."])
            .args(extra)
            .output()
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out.status.code(), Some(1));
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (stdout, stderr) = run(&[]);
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with("Error: YAML parse error on dbg/templates/b.yaml"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("\n\nUse --debug flag to render out invalid YAML\n"),
        "{stderr}"
    );
    let (stdout, stderr) = run(&["--debug"]);
    let a = "---\n# Source: dbg/templates/a.yaml\nkind: ConfigMap\nmetadata:\n  name: a\n";
    let b = "---\n# Source: dbg/templates/b.yaml\nkind: ConfigMap\ndata:\n  x: [\n";
    // In render order (Helm's, which renders b.yaml before a.yaml; its blob has no fixed
    // order), each text as rendered: b.yaml keeps its blank line.
    assert_eq!(stdout, format!("{b}\n\n{a}"));
    assert!(
        !stdout.contains("c.yaml"),
        "blank templates are left out: {stdout:?}"
    );
    // Helm 4 (the default) logs its debug lines before the error.
    assert!(
        stderr.starts_with("level=DEBUG msg=\"Original chart version\" version=\"\"\n"),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("Error: YAML parse error")),
        "{stderr}"
    );
    assert!(!stderr.contains("Use --debug"), "{stderr}");
    write("templates/b.yaml", "{{ fail \"boom\" }}\n");
    let (stdout, stderr) = run(&["--debug"]);
    assert_eq!(stdout, "\n");
    assert!(stderr.contains("boom"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--template-dialect` (or `OROCHART_TEMPLATE_DIALECT`) renders a chart in the named dialect
/// whatever its Chart.yaml says: a minijinja chart that does not declare itself renders as
/// minijinja, and the same text read as Go templates is Go's parse error.
#[test]
fn template_dialect_flag_and_env_override_the_charts_declaration() {
    let dir = scratch("dialect");
    std::fs::create_dir_all(dir.join("c/templates")).unwrap_or_else(|e| panic!("{e}"));
    let write = |name: &str, text: &str| {
        std::fs::write(dir.join(name), text).unwrap_or_else(|e| panic!("{e}"));
    };
    write("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
    write("c/values.yaml", "x: 1\n");
    write(
        "c/templates/cm.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ Release.Name }}\ndata:\n  x: {{ Values.x | quote }}\n",
    );
    let want = "---\n# Source: c/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: r\ndata:\n  x: \"1\"\n";
    let flag = render_ok(
        &dir,
        &["render", "r", "c", "--template-dialect", "minijinja"],
    );
    assert_eq!(flag, want);
    let env = crate::orochart_with_env(
        &dir,
        &args(&["render", "r", "c"]),
        &[("OROCHART_TEMPLATE_DIALECT", "minijinja")],
    );
    assert_eq!(String::from_utf8_lossy(&env.stdout), want);
    // Undeclared, the chart is a Go chart: `Release` is a function call Go does not know.
    let go = orochart(&dir, &args(&["render", "r", "c"]));
    assert_eq!(go.status.code(), Some(1));
    assert!(go.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&go.stderr);
    assert!(
        stderr.starts_with(
            "Error: parse error at (c/templates/cm.yaml:4): function \"Release\" not defined"
        ),
        "{stderr}"
    );
    let bad = orochart(
        &dir,
        &args(&["render", "r", "c", "--template-dialect", "jinja"]),
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(bad.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Go's local time is the `TZ` of the process, as for Helm: the CLI passes its own `TZ` to the
/// library, which reads no environment. The expected lines are `helm template`'s (Helm 4.3.1,
/// `TZ=Asia/Tokyo` and `TZ=UTC`).
#[test]
fn local_time_follows_the_tz_of_the_process() {
    if !Path::new("/usr/share/zoneinfo/Asia/Tokyo").is_file() {
        eprintln!(
            "SKIPPED local_time_follows_the_tz_of_the_process: no /usr/share/zoneinfo/Asia/Tokyo"
        );
        return;
    }
    let dir = scratch("tz");
    crate::write(
        &dir.join("tzc/Chart.yaml"),
        "apiVersion: v2\nname: tzc\nversion: 0.1.0\n",
    );
    crate::write(
        &dir.join("tzc/templates/cm.yaml"),
        "data:\n  d: {{ date \"15:04 MST\" 0 | quote }}\n  l: {{ dateInZone \"15:04 MST\" 0 \"Local\" | quote }}\n  t: {{ toDate \"2006-01-02 15:04\" \"2024-01-01 00:00\" | date \"15:04 MST\" | quote }}\n",
    );
    let render = |tz: &str| {
        let out = crate::orochart_with_env(&dir, &args(&["render", "r", "./tzc"]), &[("TZ", tz)]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(
        render("Asia/Tokyo")
            .ends_with("  d: \"09:00 JST\"\n  l: \"09:00 JST\"\n  t: \"00:00 JST\"\n"),
        "{}",
        render("Asia/Tokyo")
    );
    assert!(render("UTC").ends_with("  d: \"00:00 UTC\"\n  l: \"00:00 UTC\"\n  t: \"00:00 UTC\"\n"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs the binary in `dir` with `input` on its standard input.
fn with_stdin(dir: &Path, a: &[&str], input: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_orochart"))
        .current_dir(dir)
        .args(a)
        .env("KUBECONFIG", "/nonexistent")
        .env_remove("HELM_NAMESPACE")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run orochart: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(input);
    }
    child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("cannot wait for orochart: {e}"))
}

/// Helm's `-f -` and `--set-file k=-` read standard input (each `-` what is left of it), and
/// a values file may be a pipe (`-f <(sops -d secrets.yaml)`): orochart renders from them
/// what it renders from the same bytes in a regular file.
#[test]
fn values_from_standard_input_and_pipes_are_read_like_files() {
    let dir = scratch("values-stdin");
    std::fs::create_dir_all(dir.join("c/templates")).unwrap_or_else(|e| panic!("{e}"));
    let write = |p: &str, s: &str| {
        std::fs::write(dir.join(p), s).unwrap_or_else(|e| panic!("{p}: {e}"));
    };
    write("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
    write("c/values.yaml", "a: 1\nb: 2\n");
    write(
        "c/templates/t.yaml",
        "a: {{ .Values.a }}\nb: {{ .Values.b }}\n",
    );
    write("file.yaml", "a: from-input\n");
    let from_file = render_ok(&dir, &["render", "r", "c", "-f", "file.yaml"]);
    assert!(from_file.contains("a: from-input\n"), "{from_file}");

    let out = with_stdin(&dir, &["render", "r", "c", "-f", "-"], b"a: from-input\n");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), from_file);

    // The second `-` finds standard input at its end: an empty file, which changes nothing.
    let out = with_stdin(
        &dir,
        &["render", "r", "c", "-f", "-", "-f", "-"],
        b"a: from-input\n",
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), from_file);

    let out = with_stdin(&dir, &["render", "r", "c", "--set-file", "b=-"], b"text");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("b: text\n"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A named pipe, as a shell's `<(…)` gives, written by another process.
    let fifo = dir.join("pipe.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::write(&fifo, "a: from-input\n"))
        };
        let out = with_stdin(&dir, &["render", "r", "c", "-f", "pipe.yaml"], b"");
        let _ = writer.join();
        assert_eq!(String::from_utf8_lossy(&out.stdout), from_file);
    }

    // Helm would download these; orochart says it does not, and renders nothing.
    for url in ["https://example.com/v.yaml", "OCI://registry/v.yaml"] {
        let out = with_stdin(&dir, &["render", "r", "c", "-f", url], b"");
        assert_eq!(out.status.code(), Some(1));
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("downloads nothing") && err.contains(url),
            "{err}"
        );
    }

    // Bytes that are not UTF-8 from standard input: go-yaml's error, naming `-`.
    let out = with_stdin(&dir, &["render", "r", "c", "-f", "-"], b"a: \xff\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("Error: failed to parse -: ")
            && err.contains("invalid leading UTF-8 octet"),
        "{err}"
    );
}
