//! Hostile Go templates (issue 17 with the limits of issue 14): the Go engine ends every one
//! with a clean error, never a signal, a hang or unbounded memory. Where Helm has its own error
//! (`include` nested 1,000 deep, Go's `template` depth), the first line is Helm's, checked
//! against the real binaries when they are installed.

use std::path::Path;
use std::process::Output;

use super::hostile::{run, Scratch};

/// A Go-template chart `c` whose one template is `template`.
fn chart<'s>(s: &'s Scratch, template: &str) -> &'s Path {
    s.write("c/Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n");
    s.write("c/templates/t.yaml", template);
    &s.0
}

/// Exit 1, nothing on stdout, and a first stderr line starting `Error:` with every needle.
/// (No bound on its length: Helm's own message for a deep `include` is that long.)
fn assert_error(out: &Output, needles: &[&str], what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{what}: {:?}", out.status);
    assert!(out.stdout.is_empty(), "{what}: stdout is not empty");
    let first = stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with("Error: "), "{what}: {first}");
    for n in needles {
        assert!(
            stderr.contains(n),
            "{what}: stderr lacks `{n}`:\n{}",
            &stderr[..stderr.len().min(600)]
        );
    }
}

fn render(dir: &Path, helm: &str) -> Output {
    run(
        dir,
        &["render", "c", "c"],
        &[("OROCHART_HELM_VERSION", helm)],
        60,
    )
}

#[test]
fn a_template_including_itself_ends_in_helms_include_error() {
    let s = Scratch::new("go-include");
    let self_include = "{{- define \"x\" }}{{ include \"x\" . }}{{ end }}{{ include \"x\" . }}";
    let mutual = "{{- define \"x\" }}{{ include \"y\" . }}{{ end }}{{- define \"y\" }}{{ include \"x\" . }}{{ end }}{{ include \"x\" . }}";
    for (what, src) in [("self", self_include), ("mutual", mutual)] {
        let dir = chart(&s, src);
        for helm in ["3.17", "4.3"] {
            let out = render(dir, helm);
            assert_error(
                &out,
                &[
                    "Error: template: c/templates/t.yaml:1:",
                    "error calling include: rendering template has a nested reference name: x: unable to execute template",
                ],
                &format!("{what} include as {helm}"),
            );
        }
    }
}

#[test]
fn a_template_calling_itself_ends_in_gos_depth_error() {
    let s = Scratch::new("go-template");
    let dir = chart(
        &s,
        "{{- define \"x\" }}{{ template \"x\" . }}{{ end }}{{ template \"x\" . }}",
    );
    let out = render(dir, "3.17");
    assert_error(
        &out,
        &["Error: template: c/templates/t.yaml:1:29: executing \"x\" at <{{template \"x\" .}}>: exceeded maximum template depth (100000)"],
        "template",
    );
    // Helm 4 prints it as a trace.
    let out = render(dir, "4.3");
    assert_error(
        &out,
        &["Error: c/templates/t.yaml:1:29\n  executing \"x\" at <{{template \"x\" .}}>:\n    exceeded maximum template depth (100000)"],
        "template as 4.3",
    );
}

#[test]
fn tpl_rendering_itself_stops() {
    // Helm overflows Go's stack here (a fatal error); orochart stops at its depth.
    let s = Scratch::new("go-tpl");
    let dir = chart(&s, "a: {{ tpl .Values.x . }}\n");
    s.write("c/values.yaml", "x: \"{{ tpl .Values.x . }}\"\n");
    for helm in ["3.17", "4.3"] {
        let out = render(dir, helm);
        assert_error(
            &out,
            &[
                "c/templates/t.yaml:1:",
                "error calling tpl: error during tpl function execution",
                "exceeded maximum template depth",
            ],
            &format!("tpl as {helm}"),
        );
    }
}

#[test]
fn huge_lists_strings_and_loops_are_clean_errors() {
    let s = Scratch::new("go-huge");
    for (src, needle) in [
        (
            "{{ len (until 1000000000) }}",
            "error calling until: a list of 1000000000 elements is more than orochart's limit of 1000000",
        ),
        (
            "{{ len (untilStep 0 4000000000 2) }}",
            "error calling untilStep: a list of 2000000000 elements",
        ),
        (
            "{{ repeat 1000000000 \"ab\" }}",
            "error calling repeat: a string of 2000000000 bytes is more than orochart's limit of 67108864 bytes",
        ),
        (
            "{{ indent 100000000 \"a\" }}",
            "error calling indent: a string of",
        ),
        (
            "{{ range 100000000000 }}x{{ end }}",
            "steps, orochart's limit",
        ),
        (
            "{{ range until 1000000 }}{{ range until 1000000 }}{{ end }}{{ end }}",
            "steps, orochart's limit",
        ),
    ] {
        let dir = chart(&s, src);
        let out = render(dir, "4.3");
        assert_error(&out, &[needle], src);
    }
}

#[test]
fn a_map_set_into_itself_is_json_s_cycle_error_or_a_clean_error() {
    let s = Scratch::new("go-cycle");
    let set = "a: {{ $_ := set .Values \"self\" .Values }}";
    // Helm 4.3.1 and 3.17.2: encoding/json finds the cycle; toYaml swallows it.
    let dir = chart(&s, &format!("{set}{{{{ toYaml .Values }}}}"));
    for helm in ["3.17", "4.3"] {
        let out = render(dir, helm);
        assert_eq!(out.status.code(), Some(0), "toYaml as {helm}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "---\n# Source: c/templates/t.yaml\na:\n"
        );
    }
    let dir = chart(&s, &format!("{set}{{{{ mustToJson .Values }}}}"));
    let out = render(dir, "4.3");
    assert_error(
        &out,
        &["Error: template: c/templates/t.yaml:1:44: executing \"c/templates/t.yaml\" at <mustToJson .Values>: error calling mustToJson: json: unsupported value: encountered a cycle via common.Values"],
        "mustToJson",
    );
    // Looking into it is fine, as in Helm.
    let dir = chart(
        &s,
        &format!(
            "{set}{{{{ .Values.self | kindOf }}}} {{{{ hasKey .Values.self.self \"self\" }}}}"
        ),
    );
    let out = render(dir, "4.3");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "---\n# Source: c/templates/t.yaml\na: map true\n"
    );
    // Printing it, where Helm's Go overflows its stack, is orochart's clean error.
    for what in [".Values", "printf \"%v\" .", "deepCopy .Values", "eq . ."] {
        let dir = chart(&s, &format!("{set}{{{{ {what} }}}}"));
        let out = render(dir, "4.3");
        assert_error(&out, &["a map that contains itself"], what);
    }
}
