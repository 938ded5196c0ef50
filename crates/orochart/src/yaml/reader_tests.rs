//! Tests of the YAML 1.1 reader (`scan`, `parse`, `tree`).

use super::read::Kind;

/// YAML edge cases read as values files, with what `helm template` 3.17.2 printed for each
/// (`toJson .Values` of a chart given the file with `-f`, or the error after the file's name).
/// Helm 4.3.1 printed the same, but for its `cannot unmarshal yaml document: ` frame around
/// the errors of its YAML reader.
fn helm_cases() -> Vec<(&'static str, String, Result<&'static str, &'static str>)> {
    let long_key = || format!("{}: 1\n", "k".repeat(1100));
    let cases: Vec<(&str, &str, Result<&str, &str>)> = vec![
        ("apostrophe_escape", "a: \"it\\'s\"\n", Ok("{\"a\":\"it's\"}")),
        ("slash_escape", "a: 1\nb: \"x\\/y\"\n", Err("error converting YAML to JSON: yaml: line 2: found unknown escape character")),
        ("tab_after_colon", "a:\tb\n", Ok("{\"a\":\"b\"}")),
        ("tab_indent", "a:\n\tb: 1\n", Err("error converting YAML to JSON: yaml: line 2: found character that cannot start any token")),
        ("tab_after_dash", "a:\n-\tb\n", Err("error converting YAML to JSON: yaml: line 2: found character that cannot start any token")),
        ("empty_literal_eof", "a: |", Ok("{\"a\":\"\"}")),
        ("empty_keep_eof", "a: |+\n\n\n", Ok("{\"a\":\"\\n\\n\"}")),
        ("empty_folded_then_key", "a: >\n\nb: 1\n", Ok("{\"a\":\"\",\"b\":1}")),
        ("keep_chomping", "a: |+\n  x\n\n\nb: 1\n", Ok("{\"a\":\"x\\n\\n\\n\",\"b\":1}")),
        ("strip_chomping", "a: |-\n  x\n\n", Ok("{\"a\":\"x\"}")),
        ("folded", "a: >\n  one\n  two\n\n  three\n    indented\n  four\n", Ok("{\"a\":\"one two\\nthree\\n  indented\\nfour\\n\"}")),
        ("indent_indicator", "a: |2\n    x\n   y\n", Ok("{\"a\":\"  x\\n y\\n\"}")),
        ("quoted_below_indent", "a:\n  b: \"x\ny\"\n  c: 'p\n q'\n", Ok("{\"a\":{\"b\":\"x y\",\"c\":\"p q\"}}")),
        ("flow_below_indent", "a:\n  b: [1,\n2]\n", Ok("{\"a\":{\"b\":[1,2]}}")),
        ("flow_key_quirk", "[a]: b\n", Err("error converting YAML to JSON: yaml: invalid map key: []interface {}{\"a\"}")),
        ("unknown_anchor", "a: *x\n", Err("error converting YAML to JSON: yaml: unknown anchor 'x' referenced")),
        ("unclosed_quote", "a: 1\nb: \"x\n\nc: 2\n", Err("error converting YAML to JSON: yaml: line 5: found unexpected end of stream")),
        ("value_in_plain", "a: b: c\n", Err("error converting YAML to JSON: yaml: mapping values are not allowed in this context")),
        ("missing_colon", "a:\n  b: 1\n  c\n  d: 2\n", Err("error converting YAML to JSON: yaml: line 4: could not find expected ':'")),
        ("doc_marker_in_quote", "a: \"x\n---\ny\"\n", Err("error converting YAML to JSON: yaml: line 2: found unexpected document indicator")),
        ("second_document_ignored", "a: 1\n---\nb: [\n", Ok("{\"a\":1}")),
        ("yaml_1_2_directive", "%YAML 1.2\n---\na: 1\n", Err("error converting YAML to JSON: yaml: found incompatible YAML document")),
        ("yaml_1_1_directive", "%YAML 1.1\n---\na: 1\n", Ok("{\"a\":1}")),
        ("tags", "a: !!str 123\nb: !!int \"12\"\nc: !!float 1\nd: ! 12\n", Ok("{\"a\":\"123\",\"b\":12,\"c\":1,\"d\":\"12\"}")),
        ("undefined_tag_handle", "a: !x!y 1\n", Err("error converting YAML to JSON: yaml: found undefined tag handle")),
        ("long_key", "", Err("error converting YAML to JSON: yaml: mapping values are not allowed in this context")),
        ("multiline_plain", "a: one\n  two\n\n  three\nb: 1\n", Ok("{\"a\":\"one two\\nthree\",\"b\":1}")),
        ("bad_seq_indent", "a:\n  - 1\n - 2\n", Err("error converting YAML to JSON: yaml: line 2: did not find expected key")),
        ("flow_mapping_error", "a: {b: 1 c: 2}\n", Err("error converting YAML to JSON: yaml: did not find expected ',' or '}'")),
        ("flow_seq_error", "a: [1 2: 3, 4}\n", Err("error converting YAML to JSON: yaml: did not find expected ',' or ']'")),
        ("plain_colon_in_flow", "a: [x:y, {p:q: r}]\n", Ok("{\"a\":[\"x:y\",{\"p:q\":\"r\"}]}")),
        ("block_entry_not_allowed", "a: - 1\n", Err("error converting YAML to JSON: yaml: block sequence entries are not allowed in this context")),
        ("hex_escape_bad", "a: \"\\xZZ\"\n", Err("error converting YAML to JSON: yaml: did not find expected hexdecimal number")),
        ("unicode_escapes", "a: \"\\u00e9\\U0001F600\\x41\\N\\_\"\n", Ok("{\"a\":\"\u{e9}\u{1f600}A\u{85}\u{a0}\"}")),
        ("crlf", "a: 1\r\nb: |\r\n  x\r\n  y\r\n", Ok("{\"a\":1,\"b\":\"x\\ny\\n\"}")),
        ("anchor_merge", "base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n", Ok("{\"base\":{\"x\":1},\"c\":{\"true\":2,\"x\":1}}")),
        ("anchor_bad_char", "a: &x\u{7f}y 1\n", Err("error converting YAML to JSON: yaml: control characters are not allowed")),
        ("comment_after_value", "a: 1 # c\n# head\nb: \"q\" # d\n", Ok("{\"a\":1,\"b\":\"q\"}")),
        ("tab_in_block_scalar", "a: |\n\tx\n", Err("error converting YAML to JSON: yaml: line 2: found a tab character where an indentation space is expected")),
        ("tab_violates_indent", "a: b\n\tc\n", Err("error converting YAML to JSON: yaml: line 2: found a tab character that violates indentation")),
        ("question_key", "? a\n: 1\n? [b]\n", Err("error converting YAML to JSON: yaml: invalid map key: []interface {}{\"b\"}")),
        ("empty_values", "a:\nb: ~\nc: \"\"\n- x\n", Err("error converting YAML to JSON: yaml: line 3: did not find expected key")),
        ("dash_key", "a:\n- b: 1\n  c: 2\n-\n- - x\n", Ok("{\"a\":[{\"b\":1,\"c\":2},null,[\"x\"]]}")),
        ("document_end", "a: 1\n...\n", Ok("{\"a\":1}")),
        ("only_comment", "# nothing\n", Ok("{}")),
        ("reserved_char", "a: @x\n", Err("error converting YAML to JSON: yaml: found character that cannot start any token")),
        ("empty_flow_key_quirk", "[]: b\n", Err("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}")),
        ("empty_flow_map_key_quirk", "x:\n  {}: b\n", Err("error converting YAML to JSON: yaml: line 1: did not find expected key")),
        ("nested_flow_key", "a: {[b]: c}\n", Err("error converting YAML to JSON: yaml: invalid map key: []interface {}{\"b\"}")),
        ("flow_seq_pair", "a: [b: c, d]\n", Ok("{\"a\":[{\"b\":\"c\"},\"d\"]}")),
        ("required_key_flow_close", "a:\n  b\n  ]\n", Ok("{\"a\":\"b ]\"}")),
        ("unexpected_flow_end", "a: ]\n", Err("error converting YAML to JSON: yaml: did not find expected node content")),
        ("parser_error_line", "a:\n  b: 1\n c: 2\n", Err("error converting YAML to JSON: yaml: line 2: did not find expected key")),
        ("anchor_then_tag", "a: &x !!str 1\nb: *x\n", Ok("{\"a\":\"1\",\"b\":\"1\"}")),
        ("alias_as_key", "a: &k b\n*k : c\n", Ok("{\"a\":\"b\",\"b\":\"c\"}")),
        ("nel_line_break", "a: \"x\u{85}y\"\n", Ok("{\"a\":\"x y\"}")),
        ("bom_inside", "a: 1\n\u{feff}b: 2\n", Ok("{\"a\":1,\"\u{feff}b\":2}")),
        // Where the scanner reads a line of a plain or quoted scalar at once (its words and
        // blanks), and where that run ends (Helm 3.17.2).
        ("plain_blanks_and_comment", "a: x  y # c\n", Ok("{\"a\":\"x  y\"}")),
        ("plain_tab_before_comment", "a: x\t#c\n", Ok("{\"a\":\"x\"}")),
        ("plain_hash_inside_word", "a: x#y z\n", Ok("{\"a\":\"x#y z\"}")),
        ("plain_colon_before_text", "a: x :y\n", Ok("{\"a\":\"x :y\"}")),
        ("plain_trailing_blanks_fold", "a: x  \n  y  \n\n  z\n", Ok("{\"a\":\"x y\\nz\"}")),
        ("plain_nel_break", "a: \u{e9} b\u{85}  c\n", Ok("{\"a\":\"\u{e9} b c\"}")),
        ("flow_plain_blanks", "a: [x y , z]\n", Ok("{\"a\":[\"x y\",\"z\"]}")),
        ("single_quoted_folds", "a: 'x  \n  y  '\n", Ok("{\"a\":\"x y  \"}")),
        ("single_quote_escape_blanks", "a: 'it''s  x'\n", Ok("{\"a\":\"it's  x\"}")),
        ("double_escaped_break", "a: \"x \\\n  y\"\n", Ok("{\"a\":\"x y\"}")),
        ("double_blanks_before_quote", "a: \"x  \"\n", Ok("{\"a\":\"x  \"}")),
    ];
    let long = long_key();
    cases
        .into_iter()
        .map(|(name, text, want)| {
            let text = if name == "long_key" {
                long.clone()
            } else {
                text.to_owned()
            };
            (name, text, want)
        })
        .collect()
}

/// What orochart reads from `text` as a values file: `toJson .Values`, or the error message.
fn values(text: &str) -> Result<String, String> {
    match crate::values::parse_values(text, "values.yaml") {
        Ok((m, _)) => Ok(super::to_json(&crate::value::Value::Map(m)).unwrap_or_default()),
        Err(crate::Error::Yaml { message, .. }) => Err(message),
        Err(e) => Err(e.to_string()),
    }
}

#[test]
fn values_files_read_as_helm_reads_them() {
    let mut wrong = Vec::new();
    for (name, text, want) in helm_cases() {
        let got = values(&text);
        let want = want.map(str::to_owned).map_err(str::to_owned);
        if got != want {
            wrong.push(format!("{name}: {text:?}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn deep_and_unclosed_flow_collections_are_errors_not_crashes() {
    // The parser and the tree builder keep their own stacks: nothing recurses per level.
    for text in [
        "[".repeat(9_999),
        "{a: ".repeat(9_999),
        format!("a:\n{}", "- ".repeat(20_000)),
    ] {
        assert!(super::tree::read(&text, false).is_err(), "{:.20}", text);
    }
    let ok = format!("{}1{}", "[".repeat(9_000), "]".repeat(9_000));
    assert!(super::tree::read(&ok, false).is_ok());
}

#[test]
fn a_huge_text_without_structure_is_read_in_linear_time() {
    // A simple key is forgotten after 1,024 characters, so a long plain line is one scalar.
    let text = format!("a: {}\n", "x ".repeat(500_000));
    let start = std::time::Instant::now();
    assert!(super::tree::read(&text, false).is_ok());
    assert!(start.elapsed().as_secs() < 10);
}

#[test]
fn nodes_keep_their_spans_styles_and_comments() {
    use super::scan::Style;
    let text = "# about a\na: 1 # one\n\n# about b\n# more\nb: 'q'\nc: |\n  x\nd: [p, \"r\"]\n";
    let tree = super::tree::read(text, true).unwrap_or_else(|e| panic!("{e:?}"));
    let Some(Kind::Map(pairs)) = tree.root.map(|r| &tree.nodes[r].kind) else {
        panic!("not a map");
    };
    let span = |n: usize| &text[tree.nodes[n].pos.byte..tree.nodes[n].end.byte];
    let (a, one) = pairs[0];
    assert_eq!(span(a), "a");
    assert_eq!(span(one), "1");
    assert_eq!(tree.nodes[one].style, Some(Style::Plain));
    let texts =
        |v: Vec<&super::scan::Comment>| v.iter().map(|c| c.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts(tree.head_comments(a)), [" about a"]);
    assert_eq!(
        tree.line_comment(one).map(|c| c.text.as_str()),
        Some(" one")
    );
    let (b, q) = pairs[1];
    assert_eq!(texts(tree.head_comments(b)), [" about b", " more"]);
    assert_eq!(tree.nodes[q].style, Some(Style::Single));
    assert_eq!(span(q), "'q'");
    assert!(tree.line_comment(q).is_none());
    let (c, x) = pairs[2];
    assert!(tree.head_comments(c).is_empty());
    assert_eq!(tree.nodes[x].style, Some(Style::Literal));
    assert_eq!((tree.nodes[x].pos.line, tree.nodes[x].pos.column), (7, 4));
    let (_, flow) = pairs[3];
    assert_eq!(span(flow), "[p, \"r\"]");
    let Kind::Seq(items) = &tree.nodes[flow].kind else {
        panic!("not a sequence");
    };
    assert_eq!(tree.nodes[items[1]].style, Some(Style::Double));
}

#[test]
fn random_texts_end_in_a_tree_or_an_error() {
    // Fragments of YAML syntax in random order: the reader must answer, never panic or hang.
    let parts = [
        "a",
        ": ",
        ":",
        "- ",
        "-",
        "? ",
        "\n",
        "\n  ",
        "\n    ",
        "  ",
        "\t",
        "[",
        "]",
        "{",
        "}",
        ", ",
        "'",
        "''",
        "\"",
        "\\",
        "\\x4",
        "\\u00e9",
        "#c",
        " #c",
        "&x ",
        "*x",
        "!!str ",
        "!x ",
        "!<tag> ",
        "|",
        "|+",
        ">-",
        "|2",
        "---",
        "...",
        "%YAML 1.1\n",
        "%TAG !e! tag:e,2000:\n",
        "é",
        "\u{2028}",
        "\r\n",
        "@",
        "`",
        "%",
        "x: y",
        "0",
        "~",
    ];
    let mut rng = crate::testgen::Rng(7);
    for _ in 0..20_000 {
        let n = 1 + rng.below(24);
        let text: String = (0..n).map(|_| rng.pick(&parts)).collect();
        let _ = super::tree::read(&text, true);
    }
}

#[test]
fn scalars_written_as_they_read_borrow_the_text_and_end_after_their_last_word() {
    use std::borrow::Cow;
    let text = "a: x  y # c\nb: 'p  q'\nc: \"r\"  \nd: one\n  two\ne: 'it''s'\nf: \"t\\tu\"\n";
    let tree = super::tree::read(text, false).unwrap_or_else(|e| panic!("{e:?}"));
    let Some(Kind::Map(pairs)) = tree.root.map(|r| &tree.nodes[r].kind) else {
        panic!("not a map");
    };
    let got: Vec<(&str, bool, &str)> = pairs
        .iter()
        .map(|&(_, v)| {
            let node = &tree.nodes[v];
            let Kind::Scalar { value, .. } = &node.kind else {
                panic!("not a scalar");
            };
            let borrowed = matches!(value, Cow::Borrowed(_));
            (value.as_ref(), borrowed, &text[node.pos.byte..node.end.byte])
        })
        .collect();
    assert_eq!(
        got,
        [
            ("x  y", true, "x  y"),
            ("p  q", true, "'p  q'"),
            ("r", true, "\"r\""),
            ("one two", false, "one\n  two"),
            ("it's", false, "'it''s'"),
            ("t\tu", false, "\"t\\tu\""),
        ]
    );
}
