//! The one entry point ([`Renderer::run_traced`]) and the excerpts of `{:#}` for errors of
//! Chart.yaml, values.schema.json and rendered documents.

use crate::profile::HelmVersion;
use crate::{Chart, Error, Limits, Release, RenderRequest, Renderer, ValueOptions};

fn chart(files: &[(&str, &str)]) -> Chart {
    let mut all = vec![("Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n")];
    all.extend_from_slice(files);
    Chart::from_files("c", all.iter().map(|(p, t)| (*p, t.to_string())))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn request(helm: HelmVersion) -> RenderRequest {
    let release = Release::new_for(helm, "r", "ns").unwrap_or_else(|e| panic!("{e}"));
    RenderRequest::for_helm(helm, release)
}

fn no_files(name: &str) -> crate::Result<String> {
    Err(Error::Invalid(format!("no file {name}")))
}

#[test]
fn a_run_gives_the_values_the_templates_saw_and_the_user_values_when_asked() {
    let c = chart(&[
        ("values.yaml", "a: 1\nb: {x: 2}\n"),
        (
            "templates/cm.yaml",
            "a: {{ .Values.a }}\nx: {{ .Values.b.x }}\n",
        ),
    ]);
    let r = Renderer::new(c).unwrap_or_else(|e| panic!("{e}"));
    let mut req = request(HelmVersion::default());
    req.values.set = vec!["a=5".into()];
    let run = r
        .run_traced(&req, &no_files)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.values.get("a"), Some(&crate::Value::Int(5)));
    assert!(run.values.get("b").is_some(), "the chart's defaults are in");
    assert!(run.user_values.is_none(), "not asked for");
    let out = run
        .rendered
        .map(|r| r.to_helm_output())
        .map_err(|f| f.error.to_string());
    assert_eq!(
        out.ok().as_deref(),
        Some("---\n# Source: c/templates/cm.yaml\na: 5\nx: 2\n")
    );

    req.keep_user_values = true;
    let run = r
        .run_traced(&req, &no_files)
        .unwrap_or_else(|e| panic!("{e}"));
    let (user, origins) = run.user_values.unwrap_or_else(|| panic!("asked for"));
    assert_eq!(user.keys().map(String::as_str).collect::<Vec<_>>(), ["a"]);
    let origin = origins
        .get(&crate::KeyPath::root().key("a"))
        .map(ToString::to_string);
    assert_eq!(origin.as_deref(), Some("--set a=5"));
}

#[test]
fn a_document_that_is_not_yaml_keeps_every_rendered_text_for_debug() {
    let c = chart(&[
        ("templates/a.yaml", "a: 1\n"),
        ("templates/b.yaml", "b: [1\n"),
        ("templates/c.yaml", "{{ if false }}c: 1{{ end }}\n"),
    ]);
    let r = Renderer::new(c).unwrap_or_else(|e| panic!("{e}"));
    let run = r
        .run_traced(&request(HelmVersion::default()), &no_files)
        .unwrap_or_else(|e| panic!("{e}"));
    let Err(failure) = run.rendered else {
        panic!("b.yaml is not YAML")
    };
    assert!(
        matches!(failure.error, Error::Manifest { .. }),
        "{}",
        failure.error
    );
    let mut texts = failure.texts.clone();
    texts.sort();
    let texts: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            ("c/templates/a.yaml", "a: 1\n"),
            ("c/templates/b.yaml", "b: [1\n"),
            ("c/templates/c.yaml", "\n")
        ]
    );

    // A template that fails has nothing to print.
    let c = chart(&[("templates/a.yaml", "a: {{ fail \"no\" }}\n")]);
    let r = Renderer::new(c).unwrap_or_else(|e| panic!("{e}"));
    let run = r
        .run_traced(&request(HelmVersion::default()), &no_files)
        .unwrap_or_else(|e| panic!("{e}"));
    let failure = run.rendered.err().unwrap_or_else(|| panic!("fails"));
    assert!(failure.texts.is_empty());
    assert!(failure.error.to_string().contains("execution error"));
}

#[test]
fn the_requests_helm_reads_the_values_and_must_be_the_renderers() {
    // Helm 4 merges every document of a values file; Helm 3 reads the first.
    let c = chart(&[(
        "templates/a.yaml",
        "a: {{ .Values.a }}\nb: {{ .Values.b }}\n",
    )]);
    let file = |_: &str| Ok("a: 1\n---\nb: 2\n".to_owned());
    let out = |helm: HelmVersion, values_helm: HelmVersion| {
        let r = Renderer::new(c.clone())
            .unwrap_or_else(|e| panic!("{e}"))
            .with_helm(helm);
        let mut req = request(helm);
        req.values = ValueOptions {
            values_files: vec!["v.yaml".into()],
            helm: values_helm,
            ..ValueOptions::default()
        };
        r.run(&req, &file)
            .map(|r| r.to_helm_output())
            .unwrap_or_else(|e| panic!("{e}"))
    };
    // The request's Helm wins over the one in its values options.
    let o = out(HelmVersion::V3_17, HelmVersion::V4_3);
    assert!(o.contains("a: 1\nb:") && !o.contains("b: 2"), "{o}");
    assert!(out(HelmVersion::V4_3, HelmVersion::V3_17).ends_with("a: 1\nb: 2\n"));

    let r = Renderer::new(c).unwrap_or_else(|e| panic!("{e}"));
    let e = r
        .run(&request(HelmVersion::V3_17), &no_files)
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        e.as_deref(),
        Some("the request is for Helm 3.17 but the chart was compiled for Helm 4.3")
    );
}

#[test]
fn limits_bound_the_output_a_tool_prints() {
    let limits = Limits { max_output: 10 };
    assert!(limits.check_output(10).is_ok());
    let e = limits.check_output(11).err().map(|e| e.to_string());
    assert_eq!(
        e.as_deref(),
        Some("the rendered output is 11 bytes, more than the limit of 10")
    );
    assert_eq!(Limits::default().max_output, 256 << 20);
    assert_eq!(request(HelmVersion::default()).limits, Limits::default());
}

fn alternate(e: Error) -> String {
    format!("{e:#}")
}

#[test]
fn a_rendered_document_that_is_not_yaml_shows_its_line() {
    let c = chart(&[(
        "templates/cm.yaml",
        "a: 1\n---\nkind: ConfigMap\nmetadata:\n  name: {{ \"x\" }}\n bad: [\n",
    )]);
    let r = Renderer::new(c).unwrap_or_else(|e| panic!("{e}"));
    let e = r
        .run(&request(HelmVersion::default()), &no_files)
        .err()
        .unwrap_or_else(|| panic!("not YAML"));
    let plain = e.to_string();
    let alt = alternate(e);
    assert!(
        plain.starts_with("YAML parse error on c/templates/cm.yaml: "),
        "{plain}"
    );
    assert!(!plain.contains('\n'), "{plain}");
    // Helm 4.3 says `line 3`: the line of the rendered document (the second one).
    assert!(
        plain.contains("yaml: line 3: did not find expected key"),
        "{plain}"
    );
    assert_eq!(
        alt,
        format!(
            "{plain}\n --> c/templates/cm.yaml (rendered document), line 3\n  |\n3 |   name: x\n  |   ^^^^^^^"
        )
    );
}

#[test]
fn a_chart_yaml_error_shows_its_line() {
    let e = Chart::from_files(
        "c",
        [("Chart.yaml", "apiVersion: v2\nname: [c\nversion: 0.1.0\n")],
    )
    .err()
    .unwrap_or_else(|| panic!("not YAML"));
    let alt = alternate(e);
    let mut lines = alt.lines();
    assert!(
        lines
            .next()
            .is_some_and(|l| l.starts_with("cannot load Chart.yaml: ")),
        "{alt}"
    );
    let place = lines.next().unwrap_or_default();
    assert!(place.starts_with(" --> c/Chart.yaml:"), "{alt}");
    let n: String = place
        .trim_start_matches(" --> c/Chart.yaml:")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let source = "apiVersion: v2\nname: [c\nversion: 0.1.0\n";
    let text = source
        .lines()
        .nth(n.parse::<usize>().unwrap_or(1) - 1)
        .unwrap_or_default();
    assert_eq!(
        lines.nth(1),
        Some(format!("{n} | {text}").as_str()),
        "{alt}"
    );
    assert!(lines.next().is_some_and(|l| l.contains('^')), "{alt}");
}

/// What rendering `c` gives: its output, or its error's text.
fn render_text(c: Chart, helm: HelmVersion, validate: bool) -> String {
    let r = Renderer::new(c)
        .unwrap_or_else(|e| panic!("{e}"))
        .with_helm(helm);
    let mut req = request(helm);
    req.validate_schema = validate;
    match r.run_traced(&req, &no_files) {
        Err(e) => e.to_string(),
        Ok(run) => match run.rendered {
            Ok(r) => r.to_helm_output(),
            Err(f) => f.error.to_string(),
        },
    }
}

/// A `values.schema.json` that is not one JSON document loads; Helm reports Go's decoder
/// error when it validates (3.17.2 and 4.3.1 printed these), not before.
#[test]
fn a_values_schema_that_is_not_json_fails_validation_as_helm_says() {
    let files = |schema: &'static str| {
        chart(&[
            ("values.schema.json", schema),
            ("templates/cm.yaml", "a: 1\n"),
        ])
    };
    let head =
        "values don't meet the specifications of the schema(s) in the following chart(s):\nc:\n";
    let rendered = "---\n# Source: c/templates/cm.yaml\na: 1\n";
    let cases: &[(&str, &str, &str)] = &[
        (
            "{\n  \"properties\": {,}\n}\n",
            "invalid character ',' looking for beginning of object key string",
            "invalid character ',' looking for beginning of object key string",
        ),
        ("", "EOF", "EOF"),
        (" \n", "EOF", "EOF"),
        ("{\"a\":", "unexpected EOF", "unexpected EOF"),
        ("tru", "unexpected EOF", "unexpected EOF"),
        (
            "{\"a\":\"\\x\"}",
            "invalid character 'x' in string escape code",
            "invalid escape sequence `\\x` in string",
        ),
    ];
    for (schema, v3, v4) in cases {
        let got3 = render_text(files(schema), HelmVersion::V3_17, true);
        assert_eq!(got3, format!("{head}{v3}"), "{schema:?}");
        let got4 = render_text(files(schema), HelmVersion::V4_3, true);
        assert_eq!(got4, format!("{head}{v4}"), "{schema:?}");
        // --skip-schema-validation: the file is not read as JSON.
        let skipped = render_text(files(schema), HelmVersion::V4_3, false);
        assert_eq!(skipped, rendered, "{schema:?}");
    }
    // A document and more: gojsonschema reads the document, santhosh refuses the file.
    let trailing = "{\"type\": \"object\"} x";
    assert_eq!(
        render_text(files(trailing), HelmVersion::V3_17, true),
        rendered
    );
    assert_eq!(
        render_text(files(trailing), HelmVersion::V3_19, true),
        format!("{head}invalid character after top-level value")
    );
}

#[test]
fn a_charts_values_file_error_shows_its_line() {
    let e = Chart::from_files(
        "c",
        [
            ("Chart.yaml", "apiVersion: v2\nname: c\nversion: 0.1.0\n"),
            ("values.yaml", "a: 1\nb: c: d\n"),
        ],
    )
    .err()
    .unwrap_or_else(|| panic!("not YAML"));
    let alt = alternate(e);
    assert!(alt.starts_with("cannot load values.yaml: "), "{alt}");
    assert!(alt.contains("\n --> c/values.yaml:2:"), "{alt}");
    assert!(alt.contains("\n2 | b: c: d\n"), "{alt}");
}

/// Renders `template` (as `templates/cm.yaml` of a Go-template chart, or of a minijinja one)
/// with `remote`, and gives the output or the error.
fn render_reaching(template: &str, minijinja: bool, remote: crate::RemoteAccess) -> String {
    let chart_yaml = if minijinja {
        "apiVersion: v2\nname: c\nversion: 0.1.0\nannotations:\n  orochart.io/template-dialect: minijinja\n"
    } else {
        "apiVersion: v2\nname: c\nversion: 0.1.0\n"
    };
    let c = Chart::from_files(
        "c",
        [
            ("Chart.yaml", chart_yaml.to_owned()),
            ("templates/cm.yaml", template.to_owned()),
        ],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let r = Renderer::new(c)
        .unwrap_or_else(|e| panic!("{e}"))
        .with_helm(HelmVersion::V3_17);
    let mut req = request(HelmVersion::V3_17);
    req.remote = remote;
    match r.run(&req, &no_files) {
        Ok(out) => out.to_helm_output(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn get_host_by_name_resolves_only_addresses_and_only_with_dns() {
    let dns = crate::RemoteAccess {
        dns: true,
        cluster: false,
    };
    let go = |name: &str, remote| {
        render_reaching(
            &format!("h: {{{{ getHostByName {name:?} | quote }}}}\n"),
            false,
            remote,
        )
    };
    // Without --enable-dns, Helm returns "" for anything.
    let off = go("localhost", crate::RemoteAccess::default());
    assert!(off.ends_with("h: \"\"\n"), "{off}");
    assert!(go("10.1.2.3", dns).ends_with("h: \"10.1.2.3\"\n"));
    assert!(go("fe80::1%eth0", dns).ends_with("h: \"fe80::1%eth0\"\n"));
    // Helm's words: Sprig picks among no addresses (Go's rand.Intn(0) panics).
    assert!(
        go("", dns).contains("error calling getHostByName: invalid argument to Intn"),
        "{}",
        go("", dns)
    );
    let name = go("localhost", dns);
    assert!(
        name.contains("error calling getHostByName: orochart resolves no host names"),
        "{name}"
    );
    let mj = |name: &str| {
        render_reaching(
            &format!("h: {{{{ getHostByName({name:?}) }}}}\n"),
            true,
            dns,
        )
    };
    assert!(
        mj("10.1.2.3").ends_with("h: 10.1.2.3\n"),
        "{}",
        mj("10.1.2.3")
    );
    assert!(
        mj("localhost").contains("orochart resolves no host names"),
        "{}",
        mj("localhost")
    );
}

#[test]
fn lookup_refuses_when_helm_would_query_the_cluster() {
    let cluster = crate::RemoteAccess {
        dns: false,
        cluster: true,
    };
    let go = "l: {{ lookup \"v1\" \"Namespace\" \"\" \"default\" | toJson }}\n";
    assert!(render_reaching(go, false, crate::RemoteAccess::default()).ends_with("l: {}\n"));
    let refused = render_reaching(go, false, cluster);
    assert!(
        refused.contains("error calling lookup: orochart never contacts a cluster"),
        "{refused}"
    );
    let mj = "l: {{ lookup(\"v1\", \"Namespace\", \"\", \"default\") | toJson }}\n";
    assert!(render_reaching(mj, true, crate::RemoteAccess::default()).ends_with("l: {}\n"));
    let refused = render_reaching(mj, true, cluster);
    assert!(
        refused.contains("orochart never contacts a cluster"),
        "{refused}"
    );
}

#[test]
fn warnings_made_before_a_failure_are_still_noted() {
    let files = [
        (
            "Chart.yaml",
            "apiVersion: v2\nname: c\nversion: 0.1.0\ndependencies:\n- name: sub\n  version: 0.1.0\n",
        ),
        ("values.yaml", "a:\n  b: 1\n"),
        ("templates/cm.yaml", "a: {{ .Values.a }}\n"),
        (
            "charts/sub/Chart.yaml",
            "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
        ),
        ("charts/sub/templates/cm.yaml", "k: 1\n"),
    ];
    let c = Chart::from_files("c", files.iter().map(|(p, t)| (*p, t.to_string())))
        .unwrap_or_else(|e| panic!("{e}"));
    for (helm, lines) in [
        (HelmVersion::V3_17, 1),
        // Helm 4 also logs the dependency pass's error before failing on it.
        (HelmVersion::V4_3, 2),
    ] {
        let r = Renderer::new(c.clone())
            .unwrap_or_else(|e| panic!("{e}"))
            .with_helm(helm);
        let mut req = request(helm);
        req.values.set = vec!["a.b.c=1".into(), "sub=5".into()];
        let mut log = Vec::new();
        let e = r
            .run_noting(&req, &no_files, &mut log)
            .err()
            .map(|e| e.to_string());
        assert!(
            e.as_deref()
                .is_some_and(|e| e.ends_with("type mismatch on sub: %!t(int64=5)")),
            "{e:?}"
        );
        let logged: Vec<String> = log.iter().map(|w| w.log_line(helm)).collect();
        assert_eq!(logged.len(), lines, "{logged:?}");
        assert!(
            logged[0].contains("destination for c.a.b is a table"),
            "{logged:?}"
        );
        if lines == 2 {
            assert_eq!(
                logged[1],
                r#"level=ERROR msg="chart dependencies processing failed" error="type mismatch on sub: %!t(int64=5)""#
            );
        }
        // Without subcharts, a schema error comes after the warning.
        let r = Renderer::new(chart(&[
            ("values.yaml", "a:\n  b: 1\nn: 3\n"),
            (
                "values.schema.json",
                r#"{"type":"object","properties":{"n":{"type":"integer"}}}"#,
            ),
            ("templates/cm.yaml", "a: {{ .Values.a }}\n"),
        ]))
        .unwrap_or_else(|e| panic!("{e}"))
        .with_helm(helm);
        req.values.set = vec!["a.b.c=1".into(), "n=str".into()];
        let mut log = Vec::new();
        assert!(r.run_noting(&req, &no_files, &mut log).is_err());
        assert_eq!(log.len(), 1, "{log:?}");
    }
}
