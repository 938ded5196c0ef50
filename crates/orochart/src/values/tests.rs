//! Tests of the values layer. Every expected string was printed by Helm 3.17.2
//! (`helm template` of a one-template chart printing `{{ toJson .Values }}`, with an empty
//! chart `values.yaml` unless stated), never produced by this code. `Error: ` lines are Helm's
//! stderr.

use std::collections::HashMap;

use super::*;
use crate::testgen::Rng;
use crate::value::Value;

/// What Helm's `toJson` prints for a value (Go's `encoding/json`).
fn go_json(v: &Value) -> String {
    crate::yaml::to_json(v).unwrap_or_default()
}

/// A reader over in-memory files; anything else is "not found", as the CLI's reader reports it.
fn reader(files: &[(&str, &str)]) -> impl Fn(&str) -> Result<String> {
    let files: HashMap<String, String> = files
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |path: &str| {
        files
            .get(path)
            .cloned()
            .ok_or_else(|| Error::io(path, std::io::Error::from(std::io::ErrorKind::NotFound)))
    }
}

/// `toJson .Values` for an empty chart, or `Error: <message>`.
fn user_json(opts: &ValueOptions, files: &[(&str, &str)]) -> String {
    match merge_user_values(opts, &reader(files)) {
        Ok((m, _)) => go_json(&Value::Map(m)),
        Err(e) => format!("Error: {e}"),
    }
}

fn set_json(args: &[&str]) -> String {
    let opts = ValueOptions {
        set: args.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    user_json(&opts, &[])
}

/// `toJson .Values` for a chart whose `values.yaml` is `text`.
fn values_json(text: &str) -> String {
    match parse_values(text, "values.yaml") {
        Ok((m, _)) => go_json(&Value::Map(m)),
        Err(e) => format!("Error: {e}"),
    }
}

fn values_err(text: &str) -> (usize, usize, String) {
    match parse_values(text, "values.yaml") {
        Err(Error::Yaml {
            line,
            column,
            message,
            ..
        }) => (line, column, message),
        other => panic!("expected a YAML error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Values files.

#[test]
fn values_file_resolves_yaml11_scalars_and_keys() {
    let text = "a: 1\nb: yes\nc: \"no\"\ny: 2\n0x1F: k\n1e6: f\n1.5: g\n3.14159265358979: h\n.inf: i\nd: 0755\ne: 1_000\nf: 2024-01-02\ng: 1:20";
    assert_eq!(
        values_json(text),
        r#"{".inf":"i","1.5":"g","1e+06":"f","3.1415927":"h","31":"k","a":1,"b":true,"c":"no","d":493,"e":1000,"f":"2024-01-02","g":"1:20","true":2}"#
    );
}

#[test]
fn values_file_numbers_follow_go_yaml_v2() {
    let text = "a: 18446744073709551615\nb: 9223372036854775808\nc: -9223372036854775809\nd: 0b101\ne: -0b101\nf: 0o17\ng: 08\nh: 0X1F\ni: +0x1F\nj: 1e400\nk: 1e-400\nl: .5\nm: 1.\nn: +.5\no: 0x1p3\np: 1__0\nq: _1\nr: -0x1F\ns: 09.5";
    assert_eq!(
        values_json(text),
        r#"{"a":18446744073709552000,"b":9223372036854776000,"c":-9223372036854776000,"d":5,"e":-5,"f":15,"false":0.5,"g":8,"h":31,"i":31,"j":"1e400","k":0,"l":0.5,"m":1,"o":"0x1p3","p":10,"q":"_1","r":-31,"s":9.5}"#
    );
}

#[test]
fn json_helper_prints_numbers_and_escapes_like_go() {
    // Helm: {"a":"\b\f","b":1e-7,"c":1.5e-10,"d":1e+300}
    assert_eq!(
        values_json("a: \"\\b\\f\"\nb: 1e-7\nc: 1.5e-10\nd: 1e300"),
        r#"{"a":"\b\f","b":1e-7,"c":1.5e-10,"d":1e+300}"#
    );
}

#[test]
fn every_number_in_a_values_file_is_a_float() {
    let (m, _) = parse_values("i: 5\nl: [1]", "v.yaml").unwrap_or_default();
    assert_eq!(m.get("i"), Some(&Value::Float(5.0)));
    assert_eq!(m.get("l"), Some(&Value::List(vec![Value::Float(1.0)])));
}

#[test]
fn float_keys_use_go_float32_formatting() {
    let text = "1e6: a\n123456.0: b\n1234567.0: c\n0.00001: d\n-0.0: e\n1.0: f\n0.0001: g\n16777217.0: h\n1e-7: i\n-.inf: j\n.nan: k\n0b11: l\n007: m\n2024-01-01: n\n1_0: o\n~x: p";
    assert_eq!(
        values_json(text),
        r#"{"-.inf":"j","-0":"e",".nan":"k","0.0001":"g","1":"f","1.234567e+06":"c","1.6777216e+07":"h","10":"o","123456":"b","1e+06":"a","1e-05":"d","1e-07":"i","2024-01-01":false,"3":"l","7":"m","~x":"p"}"#
    );
}

#[test]
fn merge_keys_apply_in_order_and_quoted_merge_key_is_a_plain_key() {
    assert_eq!(values_json("a: 1\n<<: {a: 2}"), r#"{"a":2}"#);
    assert_eq!(values_json("\"<<\": {a: 1}"), r#"{"\u003c\u003c":{"a":1}}"#);
    assert_eq!(
        values_json("b: &x {p: 1, q: 2}\na:\n  <<: *x\n  p: 3"),
        r#"{"a":{"p":3,"q":2},"b":{"p":1,"q":2}}"#
    );
}

#[test]
fn merge_key_sequence_gives_earlier_maps_precedence() {
    assert_eq!(
        values_json("x: &x {a: 1, b: 1}\ny: &y {b: 2, c: 2}\nz:\n  <<: [*x, *y]\n"),
        r#"{"true":{"b":2,"c":2},"x":{"a":1,"b":1},"z":{"a":1,"b":1,"c":2}}"#
    );
}

#[test]
fn merge_key_with_a_scalar_is_an_error() {
    let (_, _, msg) = values_err("a:\n  <<: 1\n");
    assert_eq!(
        msg,
        "error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value"
    );
}

#[test]
fn duplicate_keys_last_wins() {
    assert_eq!(
        values_json("a: 1\na: 2\nb: {x: 1}\nb: {y: 2}"),
        r#"{"a":2,"b":{"true":2}}"#
    );
}

#[test]
fn only_the_first_document_is_read() {
    assert_eq!(values_json("a: 1\n---\nb: 2"), r#"{"a":1}"#);
    assert_eq!(values_json("a: 1\n---\n[bad"), r#"{"a":1}"#);
}

#[test]
fn tags_are_honoured() {
    let text = "a: !!int \"12\"\nb: !!float 1\nc: !foo bar\nd: !!binary aGVsbG8=\ne: !!set {a, b}\nf: !!str 123\ng: !!bool yes\nh: !!omap [{a: 1}]";
    assert_eq!(
        values_json(text),
        r#"{"a":12,"b":1,"c":"bar","d":"hello","e":{"a":null,"b":null},"f":"123","g":true,"h":[{"a":1}]}"#
    );
}

#[test]
fn impossible_tags_are_errors() {
    // Helm: Error: cannot load values.yaml: error converting YAML to JSON: yaml: cannot decode
    // !!str `x` as a !!null
    assert_eq!(
        values_err("a: !!null x").2,
        "error converting YAML to JSON: yaml: cannot decode !!str `x` as a !!null"
    );
    assert_eq!(
        values_err("a: !!int abc").2,
        "error converting YAML to JSON: yaml: cannot decode !!str `abc` as a !!int"
    );
}

#[test]
fn empty_comment_only_and_null_files_are_empty_maps() {
    for text in ["", "# just a comment\n", "~\n", "---\n", "\u{feff}"] {
        assert_eq!(values_json(text), "{}", "{text:?}");
    }
}

#[test]
fn byte_order_mark_is_skipped() {
    assert_eq!(values_json("\u{feff}a: 1"), r#"{"a":1}"#);
}

#[test]
fn top_level_list_or_scalar_is_an_error() {
    let expect = |json_type: &str| {
        format!("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {json_type} into Go value of type map[string]interface {{}}")
    };
    assert_eq!(values_err("- a\n").2, expect("array"));
    assert_eq!(values_err("x\n").2, expect("string"));
    assert_eq!(values_err("1\n").2, expect("number"));
    assert_eq!(values_err("true\n").2, expect("bool"));
}

#[test]
fn infinity_and_nan_are_errors() {
    // Helm: error converting YAML to JSON: json: unsupported value: +Inf
    let (line, column, msg) = values_err("x: 1\na: .inf\n");
    assert_eq!(
        msg,
        "error converting YAML to JSON: json: unsupported value: +Inf"
    );
    assert_eq!((line, column), (2, 1));
    assert_eq!(
        values_err("a: [-.inf]").2,
        "error converting YAML to JSON: json: unsupported value: -Inf"
    );
    assert_eq!(
        values_err("a: .NaN").2,
        "error converting YAML to JSON: json: unsupported value: NaN"
    );
}

#[test]
fn null_keys_are_errors_with_go_formatting_of_the_value() {
    let prefix = "error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, value: ";
    let cases = [
        ("null: ~\n", "<nil>"),
        ("null: x\n", "\"x\""),
        ("null: 1.5\n", "1.5"),
        ("null: 1\n", "1"),
        (
            "null: {a: ~, b: [1.0, x], 2: z, true: 1}\n",
            "map[interface {}]interface {}{\"a\":interface {}(nil), \"b\":[]interface {}{1, \"x\"}, 2:\"z\", true:1}",
        ),
        ("~: [1, \"x\", true]", "[]interface {}{1, \"x\", true}"),
        ("null: \"a\\tb\\\"c\"\n", "\"a\\tb\\\"c\""),
    ];
    for (text, value) in cases {
        assert_eq!(values_err(text).2, format!("{prefix}{value}"), "{text}");
    }
}

#[test]
fn unsupported_keys_are_errors() {
    assert_eq!(
        values_err("{a: 1}: x\n").2,
        "error converting YAML to JSON: yaml: invalid map key: map[interface {}]interface {}{\"a\":1}"
    );
    assert_eq!(
        values_err("[a, 1]: x\n").2,
        "error converting YAML to JSON: yaml: invalid map key: []interface {}{\"a\", 1}"
    );
    assert_eq!(
        values_err("18446744073709551615: x\n").2,
        "error converting YAML to JSON: unsupported map key of type: uint64, key: 0xffffffffffffffff, value: \"x\""
    );
}

#[test]
fn syntax_errors_name_file_line_and_column() {
    // Helm: yaml: line 2: mapping values are not allowed in this context
    let err = parse_values("a: 1\n b: 2\n", "bad.yaml");
    let Err(Error::Yaml {
        file,
        line,
        message,
        ..
    }) = err
    else {
        panic!("expected a YAML error");
    };
    assert_eq!((file.as_str(), line), ("bad.yaml", 2));
    assert_eq!(
        message,
        "error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context"
    );
    // Helm: yaml: unknown anchor 'x' referenced
    assert!(parse_values("a: *x\n", "ua.yaml").is_err());
}

/// Syntax errors read as go-yaml words them, which is what Helm prints: each pair below is
/// what Helm 3.17.2 printed for that values file (`failed to parse values.yaml: …`).
#[test]
fn syntax_errors_read_as_go_yaml_words_them() {
    let cases = [
        // Parser errors: go-yaml prints the 0-based line, none on the first line.
        ("a: 1\nb: [\n", "line 2: did not find expected node content"),
        ("a: [\n", "line 1: did not find expected node content"),
        (
            "a: 1\nb: [x, y\n",
            "line 2: did not find expected ',' or ']'",
        ),
        (
            "a: 1\nb: {c: 1\n",
            "line 2: did not find expected ',' or '}'",
        ),
        (
            "a: 1\nb: [x, y}\n",
            "line 1: did not find expected ',' or ']'",
        ),
        (
            "a:\n  - 1\n  b: 2\n",
            "line 2: did not find expected '-' indicator",
        ),
        ("a:\n  b: 1\n c: 2\n", "line 2: did not find expected key"),
        // Scanner errors: the 1-based line, none on the first line.
        (
            "a: b: c\n",
            "mapping values are not allowed in this context",
        ),
        (
            "x: 1\na: b: c\n",
            "line 2: mapping values are not allowed in this context",
        ),
        (
            "x: 1\na: @\n",
            "line 2: found character that cannot start any token",
        ),
        (
            "x: 1\na: \"\\q\"\n",
            "line 2: found unknown escape character",
        ),
        (
            "x: 1\na: \"\\xZZ\"\n",
            "line 2: did not find expected hexdecimal number",
        ),
        (
            "x: 1\na: &\n",
            "line 2: did not find expected alphabetic or numeric character",
        ),
        (
            "x: 1\na: |x\n",
            "line 2: did not find expected comment or line break",
        ),
        // A `key: value` pair in an unclosed flow sequence: the sequence's error.
        (
            "b: [\n~:\n  b: 1\n",
            "line 2: did not find expected ',' or ']'",
        ),
        ("a: [x: 1, y\n", "line 1: did not find expected ',' or ']'"),
        (
            "x:\n  a: [\n  b:\n    - 1\n",
            "line 3: did not find expected node content",
        ),
        (
            "k1: - x\n",
            "block sequence entries are not allowed in this context",
        ),
        (
            "x: 1\nk1: - x\n",
            "line 2: block sequence entries are not allowed in this context",
        ),
        (
            "t:\n  - >\n  fold\n  two\n  - .inf\n",
            "line 4: could not find expected ':'",
        ),
        // The end of a quoted scalar never came: the last line of the text.
        ("a: \"x\n", "line 2: found unexpected end of stream"),
        ("a: \"x", "found unexpected end of stream"),
        // An alias to no anchor: no line at all.
        ("a: 1\nb: [*xy, 1]\n", "unknown anchor 'xy' referenced"),
    ];
    for (text, want) in cases {
        let err = parse_values(text, "values.yaml")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert_eq!(
            err,
            format!("failed to parse values.yaml: error converting YAML to JSON: yaml: {want}"),
            "{text:?}"
        );
    }
}

/// go-yaml takes a quoted scalar's continuation lines at any indentation (YAML 1.1);
/// YAML 1.2 readers want them indented. The values are what Helm 3.17.2 printed with `quote`.
#[test]
fn quoted_scalars_continue_at_any_indentation() {
    let value = |text: &str| {
        parse_values(text, "values.yaml")
            .map(|(m, _)| m.get("a").cloned())
            .unwrap_or_else(|e| panic!("{text:?}: {e}"))
    };
    let s = |t: &str| Some(Value::String(t.to_owned()));
    assert_eq!(value("a: \"x\ny\"\n"), s("x y"));
    assert_eq!(value("a: 'x\ny'\n"), s("x y"));
    assert_eq!(
        value("b:\n  a: \"x\ny\"\na: \"p\n  q\n\nr\"\n"),
        s("p q\nr")
    );
    assert_eq!(value("a: \"x\\\ny\"\n"), s("xy"));
    assert_eq!(value("a: 'it''s\nok'\n"), s("it's ok"));
    assert_eq!(value("a: \"x\n---\"\n"), s("x ---"));
    // What go-yaml rejects too, with its words.
    for (text, want) in [
        (
            "a: \"x\n---\ny\"\n",
            "line 2: found unexpected document indicator",
        ),
        ("a: \"x\ny\n", "line 3: found unexpected end of stream"),
    ] {
        let err = parse_values(text, "values.yaml")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                format!("failed to parse values.yaml: error converting YAML to JSON: yaml: {want}")
                    .as_str()
            ),
            "{text:?}"
        );
    }
}

/// Asserts that two values files read the same (the second written the usual way).
fn same(a: &str, b: &str) {
    let yaml = |text: &str| {
        parse_values(text, "values.yaml")
            .map(|(m, _)| Value::Map(m))
            .unwrap_or_else(|e| panic!("{text:?}: {e}"))
    };
    assert_eq!(yaml(a), yaml(b), "{a:?}");
}

/// go-yaml takes a flow collection's lines at any indentation (YAML 1.1); YAML 1.2 readers
/// want them indented past the enclosing block. Each value is what Helm 3.17.2 printed.
#[test]
fn flow_collections_continue_at_any_indentation() {
    same("a: [1,\n2]\n", "a: [1, 2]\n");
    same("a: {b: 1,\nc: 2}\n", "a: {b: 1, c: 2}\n");
    same("a: [1, [2,\n3], {b:\nc}]\n", "a: [1, [2, 3], {b: c}]\n");
    same("a: [one\ntwo, \"x\ny\"]\n", "a: [one two, x y]\n");
    same("x:\n  a: [1,\n 2]\n", "x:\n  a: [1, 2]\n");
    same("a: [\"]\",\nx, # ],\ny]\n", "a: [\"]\", x, y]\n");
    // A long one is rewritten whole, in one pass: line by line would need more passes
    // than the loader allows.
    let items: Vec<String> = (0..400).map(|i| i.to_string()).collect();
    same(
        &format!("a: [\n{}]\n", items.join(",\n")),
        &format!("a: [{}]\n", items.join(", ")),
    );
}

/// Tabs: go-yaml (libyaml) takes a tab as white space only where no simple key may start in
/// a block, and anywhere in a flow collection or a quoted scalar's continuation; other
/// readers draw the lines elsewhere. Each value or error is what Helm 3.17.2 printed.
#[test]
fn tabs_are_white_space_where_go_yaml_takes_them() {
    same("a:\tb\n", "a: b\n");
    same("a: {b:\t1}\n", "a: {b: 1}\n");
    same("x: \"a\n\tb\"\n", "x: a b\n");
    same("x:\n  a: [1,\n\t2]\n", "x:\n  a: [1, 2]\n");
    // In a block scalar, a tab past the indentation is text.
    same("a: |2\n  \tx\n", "a: \"\\tx\\n\"\n");
    same("a: |\n  x\n  \ty\n", "a: \"x\\n\\ty\\n\"\n");
    same("a: |\n  x\tq\n", "a: \"x\\tq\\n\"\n");
    let cannot = "found character that cannot start any token";
    let violates = "found a tab character that violates indentation";
    let indentation = "found a tab character where an indentation space is expected";
    for (text, want) in [
        ("\ta: 1\n", cannot.to_owned()),
        ("a:\n  -\tx\n", format!("line 2: {cannot}")),
        ("x:\n  \tb: 2\n", format!("line 2: {cannot}")),
        ("? a\n:\tb\n", format!("line 2: {cannot}")),
        ("x:\n- a\n-\t- b\n", format!("line 3: {cannot}")),
        ("x: 1\n\tb: 2\n", format!("line 2: {violates}")),
        ("x: a\n\n\tb: 1\n", format!("line 3: {violates}")),
        ("x:\n  y: 1\n\tz: 2\n", format!("line 3: {violates}")),
        ("a: |\n  \tx\n", format!("line 2: {indentation}")),
        ("a: |\n\tx\n", format!("line 2: {indentation}")),
        ("a: |\n  x\n \ty\n", format!("line 3: {indentation}")),
        ("a: |\n  x\n\t\n", format!("line 3: {indentation}")),
        ("a: |\n\n \t\n  x\n", format!("line 3: {indentation}")),
        ("l:\n- |\n  x\n \ty\n", format!("line 4: {indentation}")),
    ] {
        let err = parse_values(text, "values.yaml")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err,
            Some(format!(
                "failed to parse values.yaml: error converting YAML to JSON: yaml: {want}"
            )),
            "{text:?}"
        );
    }
}

#[test]
fn self_referencing_alias_is_an_error() {
    assert_eq!(
        values_err("a: &x [*x]\n").2,
        "error converting YAML to JSON: yaml: anchor 'x' value contains itself"
    );
}

#[test]
fn alias_bomb_is_stopped() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    assert_eq!(
        values_err(&text).2,
        "error converting YAML to JSON: yaml: document contains excessive aliasing"
    );
}

#[test]
fn deep_yaml_nesting_is_an_error_not_a_stack_overflow() {
    // Flow collections: go-yaml's scanner stops past 10,000 levels (as helm template 3.17.2
    // answers, with no line).
    let text = format!("a: {}1{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(
        values_err(&text).2,
        "error converting YAML to JSON: yaml: exceeded max depth of 10000"
    );
    on_deep_stack(|| {
        // Block collections: go-yaml's 10,000 levels are read, one more is its error (both as
        // helm template 3.17.2 answers).
        // Flow collections too: 9,999 levels under a key read (helm template 3.17.2 prints
        // them); an earlier reader stopped at 255.
        let flow = format!("a: {}1{}", "[".repeat(9_999), "]".repeat(9_999));
        assert!(parse_values(&flow, "values.yaml").is_ok());
        let block = |n: usize| format!("a:\n  {}1\n", "- ".repeat(n));
        assert!(parse_values(&block(9_999), "values.yaml").is_ok());
        assert_eq!(
            values_err(&block(10_000)).2,
            "error converting YAML to JSON: yaml: line 2: exceeded max depth of 10000"
        );
    });
}

#[test]
fn origins_point_at_keys_and_list_items() {
    let text = "a: 1\nb:\n  c: x\n  l:\n    - p\n    -  q: 1\n";
    let (_, origins) = parse_values(text, "v.yaml").unwrap_or_default();
    let at = |p: KeyPath| {
        origins
            .get(&p)
            .map(|o| (o.file.to_string(), o.line, o.column))
    };
    let root = KeyPath::root();
    assert_eq!(at(root.key("a")), Some(("v.yaml".into(), 1, 1)));
    assert_eq!(at(root.key("b").key("c")), Some(("v.yaml".into(), 3, 3)));
    assert_eq!(
        at(root.key("b").key("l").index(0)),
        Some(("v.yaml".into(), 5, 7))
    );
    assert_eq!(
        at(root.key("b").key("l").index(1)),
        Some(("v.yaml".into(), 6, 8))
    );
    assert_eq!(
        at(root.key("b").key("l").index(1).key("q")),
        Some(("v.yaml".into(), 6, 8))
    );
}

#[test]
fn yaml_document_keeps_integers_when_asked() {
    let v = parse_yaml_document("a: 1\nb: 1.5\nc: [2]\nd: 1\nd: 3", "Chart.yaml", false);
    let v = v.unwrap_or_default();
    assert_eq!(v.get_path("a"), Some(&Value::Int(1)));
    assert_eq!(v.get_path("b"), Some(&Value::Float(1.5)));
    assert_eq!(v.get_path("d"), Some(&Value::Int(3)));
    assert_eq!(
        parse_yaml_document("- 1", "x.yaml", true).unwrap_or_default(),
        Value::List(vec![Value::Float(1.0)])
    );
    assert_eq!(
        parse_yaml_document("", "x.yaml", false).ok(),
        Some(Value::Null)
    );
}

// ---------------------------------------------------------------------------------------------
// The `--set` family.

#[test]
fn set_errors_match_helm() {
    let cases = [
        ("a", r#"failed parsing --set data: key "a" has no value"#),
        ("a.b", r#"failed parsing --set data: key "b" has no value"#),
        ("a,b=1", r#"failed parsing --set data: key "a" has no value (cannot end with ,)"#),
        ("a=1,,b=2", r#"failed parsing --set data: key "" has no value (cannot end with ,)"#),
        ("a.=x", r#"failed parsing --set data: key map "a" has no value"#),
        ("a..b=x", r#"failed parsing --set data: key map "a" has no value"#),
        ("a[x]=1", r#"failed parsing --set data: error parsing index: strconv.Atoi: parsing "x": invalid syntax"#),
        ("a[-1]=1", "failed parsing --set data: negative -1 index not allowed"),
        ("a[99999]=1", "failed parsing --set data: index of 99999 is greater than maximum supported index of 65536"),
        ("a[0]x=1", "failed parsing --set data: unexpected data at end of array index: ['x']"),
        ("a={x,y", "failed parsing --set data: list must terminate with '}'"),
        ("a=[1,2]", r#"failed parsing --set data: key "2]" has no value"#),
        ("a[]=1", r#"failed parsing --set data: error parsing index: strconv.Atoi: parsing "": invalid syntax"#),
        ("a[99999999999999999999]=1", r#"failed parsing --set data: error parsing index: strconv.Atoi: parsing "99999999999999999999": value out of range"#),
        ("a={x,{y}}", r#"failed parsing --set data: key "}" has no value"#),
        ("a={x,y}z,b=1", r#"failed parsing --set data: key "z" has no value (cannot end with ,)"#),
        ("a={x}}", r#"failed parsing --set data: key "}" has no value"#),
        ("a={x},b", r#"failed parsing --set data: key "b" has no value"#),
        ("é", r#"failed parsing --set data: key "é" has no value"#),
        ("a\\", r#"failed parsing --set data: key "a" has no value"#),
        ("a[0", "failed parsing --set data: error parsing index: EOF"),
        ("x[0]=1,x.y=2", "failed parsing --set data: unable to parse key: interface conversion: interface {} is []interface {}, not map[string]interface {}"),
        ("x=1,x[0]=2", "failed parsing --set data: unable to parse key: interface conversion: interface {} is int64, not []interface {}"),
        ("a.b=1,a=2,a.c=3", "failed parsing --set data: unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}"),
        ("a[0]=1,a[0][0]=2", "failed parsing --set data: unable to parse key: interface conversion: interface {} is int64, not []interface {}"),
    ];
    for (arg, want) in cases {
        let mut m = Map::new();
        let got = apply_set(&mut m, arg).map_err(|e| e.to_string());
        assert_eq!(got, Err(want.to_string()), "--set {arg}");
    }
}

#[test]
fn set_results_match_helm() {
    let cases = [
        ("a[+1]=1", r#"{"a":[null,1]}"#),
        ("", "{}"),
        ("=x", "{}"),
        (".a=x", "{}"),
        ("a=1,", r#"{"a":1}"#),
        ("a[0]", r#"{"a":[]}"#),
        ("a={}", r#"{"a":[""]}"#),
        ("a={1,true,null,\"q\"}", r#"{"a":[1,true,null,"\"q\""]}"#),
        (
            "a=x\\,y,b=x\\\\y,c=\\n",
            r#"{"a":"x,y","b":"x\\y","c":"n"}"#,
        ),
        ("a[2]=x", r#"{"a":[null,null,"x"]}"#),
        ("a[0][1]=x", r#"{"a":[[null,"x"]]}"#),
        ("a[0].b=1,a[0].c=2", r#"{"a":[{"b":1,"c":2}]}"#),
        ("a[1].b=1,a[0]=z,a[1].c=2", r#"{"a":["z",{"b":1,"c":2}]}"#),
        ("a[0]=1,a[0].b=2", r#"{"a":[{"b":2}]}"#),
        ("a={x,y},b=1", r#"{"a":["x","y"],"b":1}"#),
        ("a=b\\", r#"{"a":"b"}"#),
        ("a.", "{}"),
        ("a[0].", r#"{"a":[]}"#),
        ("a[0].=x", r#"{"a":[{}]}"#),
        ("a[0].b=", r#"{"a":[]}"#),
        ("a[0].b=,c=1", r#"{"a":[{"b":""}],"c":1}"#),
        ("a[0][1]", r#"{"a":[]}"#),
        ("a.b=", r#"{"a":{"b":""}}"#),
        ("a=x,", r#"{"a":"x"}"#),
        ("a={a\\,b,c\\}}", r#"{"a":["a,b","c}"]}"#),
        ("a=x=y, b= c ", r#"{" b":" c ","a":"x=y"}"#),
    ];
    for (arg, want) in cases {
        assert_eq!(set_json(&[arg]), want, "--set {arg}");
    }
}

#[test]
fn set_types_values_like_helm() {
    assert_eq!(
        set_json(&["a=1,b=-0,c=+5,d=-05,e=007,f=1.5,g=TRUE,h=NuLL,i=falſe,j=9223372036854775808,k=0,l=,m=~"]),
        r#"{"a":1,"b":0,"c":5,"d":-5,"e":"007","f":"1.5","g":true,"h":null,"i":false,"j":"9223372036854775808","k":0,"l":"","m":"~"}"#
    );
}

#[test]
fn set_with_leading_zero_stays_string() {
    let mut m = Map::new();
    assert!(apply_set(&mut m, "a=007,b=0x1F,c=1e3,d=7").is_ok());
    assert_eq!(m.get("a"), Some(&Value::from("007")));
    assert_eq!(m.get("b"), Some(&Value::from("0x1F")));
    assert_eq!(m.get("c"), Some(&Value::from("1e3")));
    assert_eq!(m.get("d"), Some(&Value::Int(7)));
}

#[test]
fn set_nesting_is_capped_at_30_levels() {
    let ok: Vec<String> = (0..31).map(|i| format!("k{i}")).collect();
    let mut m = Map::new();
    assert!(apply_set(&mut m, &format!("{}=1", ok.join("."))).is_ok());
    let too_deep: Vec<String> = (0..32).map(|i| format!("k{i}")).collect();
    let err = apply_set(&mut m, &format!("{}=1", too_deep.join(".")));
    assert_eq!(
        err.map_err(|e| e.to_string()),
        Err("failed parsing --set data: value name nested level is greater than maximum supported nested level of 30".into())
    );
}

#[test]
fn set_string_keeps_everything_a_string() {
    let opts = ValueOptions {
        set_string: vec!["a=null,b={1,true},c=007".into()],
        ..Default::default()
    };
    assert_eq!(
        user_json(&opts, &[]),
        r#"{"a":"null","b":["1","true"],"c":"007"}"#
    );
}

#[test]
fn set_json_matches_helm() {
    let cases = [
        ("a=1 b=2", r#"{"a":1,"b":2}"#),
        ("a=[1,2],b={\"x\":null}", r#"{"a":[1,2],"b":{"x":null}}"#),
        ("a=12345678901234567890", r#"{"a":12345678901234567000}"#),
        ("a[1]=1", r#"{"a":[null,1]}"#),
        ("a=1,", r#"{"a":1}"#),
        ("a=, b=2", r#"{" b":2,"a":null}"#),
        ("a=", r#"{"a":null}"#),
        ("a=\"x\\ud800y\"", "{\"a\":\"x\u{FFFD}y\"}"),
        (
            "a=[1,{\"b\":\"\\u00e9\"}],c=true,d=-0.5e1",
            r#"{"a":[1,{"b":"é"}],"c":true,"d":-5}"#,
        ),
        ("a= 1", r#"{"a":1}"#),
    ];
    for (arg, want) in cases {
        let opts = ValueOptions {
            set_json: vec![arg.into()],
            ..Default::default()
        };
        assert_eq!(user_json(&opts, &[]), want, "--set-json {arg}");
    }
    for arg in [
        "a=truex",
        "a",
        "a=1e400",
        "{\"a\":1}",
        "a=01",
        "a.b[0]x=1",
        "a=1x",
    ] {
        let mut m = Map::new();
        assert_eq!(
            apply_set_json(&mut m, arg).map_err(|e| e.to_string()),
            Err(format!("failed parsing --set-json data {arg}")),
            "--set-json {arg}"
        );
    }
}

#[test]
fn set_json_numbers_are_floats() {
    let mut m = Map::new();
    assert!(apply_set_json(&mut m, "a=1").is_ok());
    assert_eq!(m.get("a"), Some(&Value::Float(1.0)));
}

#[test]
fn set_literal_matches_helm() {
    let ok = [
        ("a\\.b=1", r#"{"a\\":{"b":"1"}}"#),
        ("a[0]=x,y", r#"{"a":["x,y"]}"#),
        ("=x", "{}"),
        ("a=x,y=z\\,{1}", r#"{"a":"x,y=z\\,{1}"}"#),
    ];
    for (arg, want) in ok {
        let opts = ValueOptions {
            set_literal: vec![arg.into()],
            ..Default::default()
        };
        assert_eq!(user_json(&opts, &[]), want, "--set-literal {arg}");
    }
    let errors = [
        (
            "a",
            r#"failed parsing --set-literal data: key "a" has no value"#,
        ),
        (
            "a.=1",
            r#"failed parsing --set-literal data: key map "a" has no value"#,
        ),
    ];
    for (arg, want) in errors {
        let mut m = Map::new();
        assert_eq!(
            apply_set_literal(&mut m, arg).map_err(|e| e.to_string()),
            Err(want.to_string())
        );
    }
    let opts = ValueOptions {
        set_literal: vec!["a=b".into(), "a.c=1".into()],
        ..Default::default()
    };
    assert_eq!(
        user_json(&opts, &[]),
        "Error: failed parsing --set-literal data: unable to parse key: interface conversion: interface {} is string, not map[string]interface {}"
    );
}

#[test]
fn set_file_reads_each_path() {
    let files = [("t.txt", "hello\nworld")];
    let run = |arg: &str| {
        user_json(
            &ValueOptions {
                set_file: vec![arg.into()],
                ..Default::default()
            },
            &files,
        )
    };
    assert_eq!(run("a=t.txt"), r#"{"a":"hello\nworld"}"#);
    assert_eq!(
        run("a={t.txt,t.txt}"),
        r#"{"a":["hello\nworld","hello\nworld"]}"#
    );
    assert_eq!(
        run("a=missing.txt"),
        "Error: failed parsing --set-file data: open missing.txt: no such file or directory"
    );
}

// ---------------------------------------------------------------------------------------------
// Layering.

const F1: &str = "list: [a, b, c]\nx: ~\nk: 5\nm: {p: 1, q: [1, 2]}\nobjs: [{a: 1}, 7]\n";
const F2: &str = "m: {q: [9], r: ~}\nlist: ~\n";
const F3: &str = "k: 5\ns: str\nb: true\nl: [1]\nm: {a: 1}\n";

fn with_files(values_files: &[&str], set: &[&str]) -> String {
    let opts = ValueOptions {
        values_files: values_files.iter().map(|s| s.to_string()).collect(),
        set: set.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    user_json(&opts, &[("f1.yaml", F1), ("f2.yaml", F2), ("f3.yaml", F3)])
}

#[test]
fn set_patches_lists_from_values_files() {
    assert_eq!(
        with_files(&["f1.yaml"], &["list[1]=z,objs[1].b=2,objs[0].c=3"]),
        r#"{"k":5,"list":["a","z","c"],"m":{"p":1,"q":[1,2]},"objs":[{"a":1,"c":3},{"b":2}],"x":null}"#
    );
}

#[test]
fn values_files_deep_merge_left_to_right() {
    assert_eq!(
        with_files(&["f1.yaml", "f2.yaml"], &[]),
        r#"{"k":5,"list":null,"m":{"p":1,"q":[9],"r":null},"objs":[{"a":1},7],"x":null}"#
    );
}

#[test]
fn set_through_a_scalar_from_a_file_names_its_go_type() {
    let cases = [
        ("x.y=1", "nil, not map[string]interface {}", "f1.yaml"),
        ("k.y=1", "float64, not map[string]interface {}", "f3.yaml"),
        ("k[0]=1", "float64, not []interface {}", "f3.yaml"),
        ("s.y=1", "string, not map[string]interface {}", "f3.yaml"),
        ("b.y=1", "bool, not map[string]interface {}", "f3.yaml"),
        (
            "l.y=1",
            "[]interface {}, not map[string]interface {}",
            "f3.yaml",
        ),
        (
            "m[0]=1",
            "map[string]interface {}, not []interface {}",
            "f3.yaml",
        ),
        ("l[0][0]=1", "float64, not []interface {}", "f3.yaml"),
    ];
    for (arg, tail, file) in cases {
        assert_eq!(
            with_files(&[file], &[arg]),
            format!("Error: failed parsing --set data: unable to parse key: interface conversion: interface {{}} is {tail}"),
            "{arg}"
        );
    }
    assert_eq!(
        with_files(&["f3.yaml"], &["l[0].x=1"]),
        r#"{"b":true,"k":5,"l":[{"x":1}],"m":{"a":1},"s":"str"}"#
    );
}

#[test]
fn set_quirks_on_lists_from_files() {
    let f4 = "a: [[1, 2]]\nl: [1, 2]\n";
    let run = |arg: &str| {
        user_json(
            &ValueOptions {
                values_files: vec!["f4.yaml".into()],
                set: vec![arg.into()],
                ..Default::default()
            },
            &[("f4.yaml", f4)],
        )
    };
    assert_eq!(run("a[0][0]."), r#"{"a":[[{},2]],"l":[1,2]}"#);
    assert_eq!(run("l[0]."), r#"{"a":[[1,2]],"l":[{},2]}"#);
}

#[test]
fn flag_kinds_apply_in_helms_fixed_order() {
    let files = [("t.txt", "hello\nworld")];
    let opts = ValueOptions {
        set: vec!["a=1".into()],
        set_string: vec!["a=2".into()],
        ..Default::default()
    };
    assert_eq!(user_json(&opts, &files), r#"{"a":"2"}"#);
    let opts = ValueOptions {
        set: vec!["a=1".into()],
        set_json: vec!["a=2".into()],
        ..Default::default()
    };
    assert_eq!(user_json(&opts, &files), r#"{"a":1}"#);
    let opts = ValueOptions {
        set_literal: vec!["a=1".into()],
        set_file: vec!["a=t.txt".into()],
        ..Default::default()
    };
    assert_eq!(user_json(&opts, &files), r#"{"a":"1"}"#);
}

#[test]
fn missing_values_file_is_an_io_error_with_the_path_as_given() {
    let opts = ValueOptions {
        values_files: vec!["nonexist.yaml".into()],
        ..Default::default()
    };
    match merge_user_values(&opts, &reader(&[])) {
        Err(Error::Io { path, .. }) => assert_eq!(path, std::path::PathBuf::from("nonexist.yaml")),
        other => panic!("expected an I/O error, got {other:?}"),
    }
}

#[test]
fn null_in_values_file_deletes_chart_default_after_layering() {
    let opts = ValueOptions {
        values_files: vec!["u.yaml".into()],
        set: vec!["sc.q=null".into()],
        ..Default::default()
    };
    let (user, _) = merge_user_values(
        &opts,
        &reader(&[("u.yaml", "nested:\n  x: ~\n  a: ~\nsc: {q: 1}\nmp: 5\n")]),
    )
    .unwrap_or_default();
    let (chart, _) =
        parse_values("a: {x: 1}\nnested: {a: 1, b: 2}\n", "values.yaml").unwrap_or_default();
    // Helm (chart `a: {x: 1}` plus these): sc.q stays null (the chart has no sc).
    assert_eq!(
        go_json(&Value::Map(coalesce(user, &chart))),
        r#"{"a":{"x":1},"mp":5,"nested":{"b":2,"x":null},"sc":{"q":null}}"#
    );
}

#[test]
fn origins_follow_layers() {
    let opts = ValueOptions {
        values_files: vec!["f1.yaml".into(), "f2.yaml".into()],
        set: vec!["m.p=2,objs[0].c=3".into()],
        ..Default::default()
    };
    let (_, origins) =
        merge_user_values(&opts, &reader(&[("f1.yaml", F1), ("f2.yaml", F2)])).unwrap_or_default();
    let at = |p: KeyPath| origins.get(&p).map(|o| o.to_string());
    let root = KeyPath::root();
    assert_eq!(at(root.key("k")), Some("f1.yaml:3:1".into()));
    assert_eq!(at(root.key("list")), Some("f2.yaml:2:1".into()));
    assert_eq!(at(root.key("list").index(0)), None);
    assert_eq!(at(root.key("m").key("q")), Some("f2.yaml:1:5".into()));
    assert_eq!(at(root.key("m").key("q").index(1)), None);
    assert_eq!(
        at(root.key("m").key("p")),
        Some("--set m.p=2,objs[0].c=3".into())
    );
    assert_eq!(
        at(root.key("objs").index(0).key("c")),
        Some("--set m.p=2,objs[0].c=3".into())
    );
    assert_eq!(
        at(root.key("objs").index(0).key("a")),
        Some("f1.yaml:5:9".into())
    );
}

// ---------------------------------------------------------------------------------------------
// Robustness: nothing panics, whatever the input.

fn random_text(rng: &mut Rng, alphabet: &[&str], max_len: usize) -> String {
    let len = rng.below(max_len + 1);
    (0..len)
        .map(|_| alphabet[rng.below(alphabet.len())])
        .collect()
}

const SET_ALPHABET: &[&str] = &[
    "a", "b", "0", "1", "-", "=", ",", ".", "[", "]", "{", "}", "\\", "\"", " ", "x", "9", "é",
    "null", "true", ":", "\t", "\n", "65537", "e", "+",
];

const YAML_ALPHABET: &[&str] = &[
    "a",
    "b",
    ": ",
    ":",
    "-",
    "- ",
    "\n",
    "  ",
    " ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&x ",
    "*x",
    "<<: ",
    "\"",
    "'",
    "#",
    "!!int ",
    "!!binary ",
    "!!str ",
    "!foo ",
    "|",
    ">",
    "~",
    "null",
    "1",
    "0x",
    ".inf",
    "?",
    "---\n",
    "...\n",
    "\t",
    "%YAML 1.1\n",
    "\\",
    "é",
    "\u{feff}",
    "=",
    "@",
    "`",
];

#[test]
fn random_set_arguments_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let read = |p: &str| -> Result<String> { Ok(p.to_string()) };
    for _ in 0..20_000 {
        let arg = random_text(&mut rng, SET_ALPHABET, 24);
        let mut m = Map::new();
        let _ = apply_set(&mut m, &arg);
        let _ = apply_set(&mut m, &arg);
        let _ = apply_set_string(&mut m, &arg);
        let _ = apply_set_json(&mut m, &arg);
        let _ = apply_set_literal(&mut m, &arg);
        let _ = apply_set_file(&mut m, &arg, &read);
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(42);
    for _ in 0..5_000 {
        let len = rng.below(40);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let text = String::from_utf8_lossy(&bytes);
        let mut m = Map::new();
        let _ = apply_set(&mut m, &text);
        let _ = apply_set_json(&mut m, &text);
        let _ = parse_values(&text, "fuzz.yaml");
        let _ = parse_yaml_document(&text, "fuzz.yaml", false);
    }
}

#[test]
fn random_yaml_never_panics() {
    let mut rng = Rng(7);
    for _ in 0..20_000 {
        let text = random_text(&mut rng, YAML_ALPHABET, 30);
        if let Ok((user, _)) = parse_values(&text, "fuzz.yaml") {
            let _ = coalesce(user.clone(), &user);
        }
    }
}

/// Runs `f` with the stack depth [`super::MAX_DEPTH`] needs (the CLI runs on such a stack).
fn on_deep_stack(f: impl FnOnce() + Send + 'static) {
    let done = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .map(|h| h.join().is_ok());
    assert_eq!(done.ok(), Some(true), "the test thread failed");
}

#[test]
fn deep_set_json_is_an_error_not_a_stack_overflow() {
    on_deep_stack(|| {
        let mut m = Map::new();
        let arg = format!("a={}", "[".repeat(100_000));
        assert!(apply_set_json(&mut m, &arg).is_err());
        // Go's encoding/json reads 10,000 levels, and so do we.
        let arg = format!("a={}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(apply_set_json(&mut m, &arg).is_ok());
    });
}

#[test]
fn double_quoted_escapes_follow_yaml_1_1() {
    // Helm: `a: "\'"` is `'`; `a: "\/"` is `found unknown escape character`.
    assert_eq!(
        values_json("a: \"it\\'s \\'x\\'\"\nb: 1"),
        r#"{"a":"it's 'x'","b":1}"#
    );
    assert_eq!(
        values_err("a: \"\\/\"\n").2,
        "error converting YAML to JSON: yaml: found unknown escape character"
    );
    assert_eq!(values_json("a: 'x\\/'"), r#"{"a":"x\\/"}"#);
}

// ---------------------------------------------------------------------------------------------
// The one-pass loader (no origins) against the full one.

fn assert_same_as_full_loader(text: &str) {
    // Values files (numbers as floats) and manifests (integers kept).
    for float_numbers in [true, false] {
        let mut origins = Origins::new();
        let full = load::load(text, "v.yaml", float_numbers, Some(&mut origins));
        let fast = load::load(text, "v.yaml", float_numbers, None);
        match (&full, &fast) {
            (Ok(a), Ok(b)) => assert_eq!(a.0, b.0, "values differ for {text:?}"),
            (Err(a), Err(b)) => {
                assert_eq!(a.to_string(), b.to_string(), "errors differ for {text:?}")
            }
            _ => panic!("{text:?}: full loader {full:?}, one-pass loader {fast:?}"),
        }
    }
}

#[test]
fn one_pass_loader_agrees_with_the_full_loader_on_generated_documents() {
    let mut rng = crate::testgen::Rng(0x5EED);
    let mut fast_ok = 0;
    for _ in 0..6_000 {
        let text = crate::testgen::block_yaml(&mut rng, 4);
        assert_same_as_full_loader(&text);
        fast_ok += usize::from(parse_values_map(&text, "v.yaml").is_ok_and(|m| !m.is_empty()));
    }
    // The generator must reach the success path often, or this test proves little.
    assert!(fast_ok > 1_000, "only {fast_ok} documents parsed");
}

#[test]
fn one_pass_loader_agrees_with_the_full_loader_on_random_text() {
    let mut rng = crate::testgen::Rng(11);
    for _ in 0..20_000 {
        assert_same_as_full_loader(&random_text(&mut rng, YAML_ALPHABET, 30));
    }
}

/// Kubernetes' YAML reader keeps a `---` met before anything else in the document it starts:
/// `---\n...\n` is an empty document, not a stray document end; an error's line counts the
/// `---` line.
#[test]
fn a_leading_separator_stays_in_its_document() {
    let m = super::parse_values_all_documents("---\n...\n---\na: 1", "values.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(m.get("a"), Some(&Value::Float(1.0)));
    let e = super::parse_values_all_documents("---\n  ...\na: 1\n", "values.yaml")
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(e.contains("line 3: mapping values"), "{e}");
}

/// Bytes that are not UTF-8 in a values file count only where go-yaml reads (what Helm
/// v3.17.2 and v4.3.1 print; the parity cases `values-invalid-utf8-*`).
#[test]
fn bytes_that_are_not_utf8_count_only_where_go_yaml_reads() {
    let dir = std::env::temp_dir().join(format!("orochart-values-utf8-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let outcome = |bytes: &[u8], helm: HelmVersion| {
        let path = dir.join("v.yaml");
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{e}"));
        let opts = ValueOptions {
            values_files: vec![path.display().to_string()],
            helm,
            ..ValueOptions::default()
        };
        match user_values(&opts, &|p| crate::input::read_named_text_file(p)) {
            Ok(map) => format!("{:?}", map.get("a")),
            Err(e) => e.to_string(),
        }
    };
    let pad = |n: usize| [b"#".as_slice(), &vec![b'x'; n], b"\n"].concat();
    let with = |head: &[u8], n: usize, tail: &[u8]| [head, &pad(n), tail].concat();
    for helm in [HelmVersion::V3_17, HelmVersion::V4_3] {
        let near = outcome(&with(b"a: b: c\n", 400, b"c: \xff\n"), helm);
        assert!(near.ends_with("invalid leading UTF-8 octet"), "{near}");
        let far = outcome(&with(b"a: b: c\n", 600, b"c: \xff\n"), helm);
        assert!(far.ends_with("mapping values are not allowed in this context"), "{far}");
        // A two-byte character's first byte at 511 starts the second block; a byte that
        // cannot start one is refused in the first.
        let cut = outcome(&with(b"a: b: c\n", 500, b"c\xc3(\n"), helm);
        assert!(cut.ends_with("mapping values are not allowed in this context"), "{cut}");
        let end = outcome(&with(b"a: b: c\n", 500, b"c\xff(\n"), helm);
        assert!(end.ends_with("invalid leading UTF-8 octet"), "{end}");
    }
    // In a second document past the first block: Helm 3 reads only the first.
    let later = with(b"a: first\n---\n", 600, b"c: \xc3\n");
    assert!(outcome(&later, HelmVersion::V3_17).contains("first"));
    let helm4 = outcome(&later, HelmVersion::V4_3);
    assert!(helm4.ends_with("invalid trailing UTF-8 octet"), "{helm4}");
    let _ = std::fs::remove_dir_all(&dir);
}
