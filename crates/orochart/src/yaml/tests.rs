//! Every expected string here was printed by Helm v3.17.2 (`helm template` of a one-line
//! template such as `{{ toYaml .Values.v }}`, with the input in values.yaml, where numbers
//! are float64), not by this code.

use super::*;
use crate::value::Value;

fn s(text: &str) -> String {
    text.to_owned()
}

fn cat(parts: &[&str]) -> String {
    parts.concat()
}

fn f(x: f64) -> Value {
    Value::Float(x)
}

fn list(items: Vec<Value>) -> Value {
    Value::List(items)
}

fn map(entries: Vec<(String, Value)>) -> Value {
    Value::Map(entries.into_iter().collect())
}

#[test]
fn to_yaml_does_not_indent_sequences_under_keys() {
    let cases = [
        (
            map(vec![(
                s("list"),
                list(vec![
                    Value::String(s("a")),
                    map(vec![(s("b"), f(1.0)), (s("c"), list(vec![f(1.0)]))]),
                ]),
            )]),
            "list:\n- a\n- b: 1\n  c:\n  - 1",
        ),
        (
            map(vec![(
                s("a"),
                map(vec![(
                    s("b"),
                    map(vec![(
                        s("c"),
                        list(vec![map(vec![(
                            s("d"),
                            list(vec![f(1.0), list(vec![f(2.0), f(3.0)])]),
                        )])]),
                    )]),
                )]),
            )]),
            "a:\n  b:\n    c:\n    - d:\n      - 1\n      - - 2\n        - 3",
        ),
        (
            list(vec![Value::String(s("a")), Value::String(s("b"))]),
            "- a\n- b",
        ),
    ];
    for (input, expected) in cases {
        let got = to_yaml(&input).unwrap_or_default();
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn to_yaml_writes_nested_and_empty_collections() {
    let cases = [
        (
            list(vec![
                list(vec![Value::String(s("x")), Value::String(s("y"))]),
                list(vec![Value::String(s("z"))]),
            ]),
            "- - x\n  - \"y\"\n- - z",
        ),
        (list(vec![list(vec![])]), "- []"),
        (list(vec![map(vec![])]), "- {}"),
        (
            map(vec![(s("a"), list(vec![])), (s("b"), map(vec![]))]),
            "a: []\nb: {}",
        ),
        (list(vec![]), "[]"),
        (map(vec![]), "{}"),
        (Value::Null, "null"),
        (
            list(vec![Value::Null, Value::Bool(true), Value::Bool(false)]),
            "- null\n- true\n- false",
        ),
        (map(vec![(s("a"), Value::Null)]), "a: null"),
    ];
    for (input, expected) in cases {
        let got = to_yaml(&input).unwrap_or_default();
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn to_yaml_prints_numbers_as_their_json_text_reads_back() {
    let cases = [
        (list(vec![f(1000000.0), f(3.0), f(-0.0), f(1e-06), f(1e+21), f(1e+20), f(1.2345678901234567e+19), f(1.8446744073709552e+19), f(1.5), f(1e-07), f(123456789.0), f(1e-05), f(0.0001), f(2.5e-10), f(-1e+22), f(-716517672049912.2)]), "- 1000000\n- 3\n- 0\n- 1e-06\n- 1e+21\n- 1e+20\n- 12345678901234567000\n- 1.8446744073709552e+19\n- 1.5\n- 1e-07\n- 123456789\n- 1e-05\n- 0.0001\n- 2.5e-10\n- -1e+22\n- -7.165176720499122e+14"),
    ];
    for (input, expected) in cases {
        let got = to_yaml(&input).unwrap_or_default();
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn to_yaml_double_quotes_strings_that_would_resolve_to_other_types() {
    let cases = [
        (map(vec![(s("k"), Value::String(s("")))]), "k: \"\""),
        (map(vec![(s("k"), Value::String(s("true")))]), "k: \"true\""),
        (map(vec![(s("k"), Value::String(s("True")))]), "k: \"True\""),
        (
            map(vec![(s("k"), Value::String(s("FALSE")))]),
            "k: \"FALSE\"",
        ),
        (map(vec![(s("k"), Value::String(s("yes")))]), "k: \"yes\""),
        (map(vec![(s("k"), Value::String(s("Yes")))]), "k: \"Yes\""),
        (map(vec![(s("k"), Value::String(s("no")))]), "k: \"no\""),
        (map(vec![(s("k"), Value::String(s("on")))]), "k: \"on\""),
        (map(vec![(s("k"), Value::String(s("OFF")))]), "k: \"OFF\""),
        (map(vec![(s("k"), Value::String(s("y")))]), "k: \"y\""),
        (map(vec![(s("k"), Value::String(s("Y")))]), "k: \"Y\""),
        (map(vec![(s("k"), Value::String(s("n")))]), "k: \"n\""),
        (map(vec![(s("k"), Value::String(s("null")))]), "k: \"null\""),
        (map(vec![(s("k"), Value::String(s("Null")))]), "k: \"Null\""),
        (map(vec![(s("k"), Value::String(s("NULL")))]), "k: \"NULL\""),
        (map(vec![(s("k"), Value::String(s("~")))]), "k: \"~\""),
        (map(vec![(s("k"), Value::String(s("123")))]), "k: \"123\""),
        (map(vec![(s("k"), Value::String(s("-1")))]), "k: \"-1\""),
        (map(vec![(s("k"), Value::String(s("+1")))]), "k: \"+1\""),
        (map(vec![(s("k"), Value::String(s(".5")))]), "k: \".5\""),
        (map(vec![(s("k"), Value::String(s("1.5")))]), "k: \"1.5\""),
        (map(vec![(s("k"), Value::String(s("1.0")))]), "k: \"1.0\""),
        (map(vec![(s("k"), Value::String(s("1.10")))]), "k: \"1.10\""),
        (map(vec![(s("k"), Value::String(s("0.")))]), "k: \"0.\""),
        (map(vec![(s("k"), Value::String(s("+.5")))]), "k: \"+.5\""),
        (map(vec![(s("k"), Value::String(s("1e3")))]), "k: \"1e3\""),
        (map(vec![(s("k"), Value::String(s("1E5")))]), "k: \"1E5\""),
        (map(vec![(s("k"), Value::String(s(".inf")))]), "k: \".inf\""),
        (
            map(vec![(s("k"), Value::String(s("-.Inf")))]),
            "k: \"-.Inf\"",
        ),
        (map(vec![(s("k"), Value::String(s(".NaN")))]), "k: \".NaN\""),
        (map(vec![(s("k"), Value::String(s("0x1F")))]), "k: \"0x1F\""),
        (map(vec![(s("k"), Value::String(s("0o17")))]), "k: \"0o17\""),
        (
            map(vec![(s("k"), Value::String(s("0b101")))]),
            "k: \"0b101\"",
        ),
        (map(vec![(s("k"), Value::String(s("0755")))]), "k: \"0755\""),
        (map(vec![(s("k"), Value::String(s("08")))]), "k: \"08\""),
        (
            map(vec![(s("k"), Value::String(s("1_000")))]),
            "k: \"1_000\"",
        ),
        (map(vec![(s("k"), Value::String(s("1__0")))]), "k: \"1__0\""),
        (
            map(vec![(s("k"), Value::String(s("2024-01-01")))]),
            "k: \"2024-01-01\"",
        ),
        (
            map(vec![(s("k"), Value::String(s("2024-1-1")))]),
            "k: \"2024-1-1\"",
        ),
        (
            map(vec![(
                s("k"),
                Value::String(s("2001-12-14t21:59:43.10-05:00")),
            )]),
            "k: \"2001-12-14t21:59:43.10-05:00\"",
        ),
        (
            map(vec![(s("k"), Value::String(s("2001-12-14 21:59:43")))]),
            "k: \"2001-12-14 21:59:43\"",
        ),
        (
            map(vec![(s("k"), Value::String(s("12:30:45")))]),
            "k: \"12:30:45\"",
        ),
        (map(vec![(s("k"), Value::String(s("1:20")))]), "k: \"1:20\""),
        (
            map(vec![(s("k"), Value::String(s("190:20:30")))]),
            "k: \"190:20:30\"",
        ),
        (
            map(vec![(s("k"), Value::String(s("-1:20")))]),
            "k: \"-1:20\"",
        ),
        (
            map(vec![(s("k"), Value::String(s("12345678901234567890")))]),
            "k: \"12345678901234567890\"",
        ),
        (
            map(vec![(s("k"), Value::String(cat(&[&"9".repeat(20)])))]),
            "k: \"99999999999999999999\"",
        ),
    ];
    for (input, expected) in cases {
        let got = to_yaml(&input).unwrap_or_default();
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn to_yaml_keeps_other_strings_plain() {
    let cases = [
        (map(vec![(s("k"), Value::String(s("1.2.3")))]), "k: 1.2.3"),
        (map(vec![(s("k"), Value::String(s("NaN")))]), "k: NaN"),
        (map(vec![(s("k"), Value::String(s("nO")))]), "k: nO"),
        (map(vec![(s("k"), Value::String(s("yEs")))]), "k: yEs"),
        (map(vec![(s("k"), Value::String(s("1e")))]), "k: 1e"),
        (map(vec![(s("k"), Value::String(s("0x")))]), "k: 0x"),
        (map(vec![(s("k"), Value::String(s("a:b")))]), "k: a:b"),
        (map(vec![(s("k"), Value::String(s("a#b")))]), "k: a#b"),
        (map(vec![(s("k"), Value::String(s("x,y")))]), "k: x,y"),
        (map(vec![(s("k"), Value::String(s("a]")))]), "k: a]"),
        (map(vec![(s("k"), Value::String(s("a{b}")))]), "k: a{b}"),
        (map(vec![(s("k"), Value::String(s("-x")))]), "k: -x"),
        (map(vec![(s("k"), Value::String(s(":x")))]), "k: :x"),
        (map(vec![(s("k"), Value::String(s("?x")))]), "k: ?x"),
        (map(vec![(s("k"), Value::String(s("=")))]), "k: ="),
        (map(vec![(s("k"), Value::String(s("==")))]), "k: =="),
        (map(vec![(s("k"), Value::String(s("<<")))]), "k: <<"),
        (map(vec![(s("k"), Value::String(s(".")))]), "k: ."),
        (map(vec![(s("k"), Value::String(s("a, b")))]), "k: a, b"),
        (
            map(vec![(s("k"), Value::String(s("http://x.y/z?a=b&c=d")))]),
            "k: http://x.y/z?a=b&c=d",
        ),
        (
            map(vec![(s("k"), Value::String(s("héllo ✓ 日本")))]),
            "k: héllo ✓ 日本",
        ),
        (map(vec![(s("k"), Value::String(s("a b")))]), "k: a b"),
        (
            map(vec![(s("k"), Value::String(s("2024-13-01")))]),
            "k: 2024-13-01",
        ),
        (
            map(vec![(s("k"), Value::String(s("2024-02-30")))]),
            "k: 2024-02-30",
        ),
        (
            map(vec![(
                s("k"),
                Value::String(s("2001-12-14 21:59:43.10 -5")),
            )]),
            "k: 2001-12-14 21:59:43.10 -5",
        ),
        (map(vec![(s("k"), Value::String(s("1:60")))]), "k: 1:60"),
        (map(vec![(s("k"), Value::String(s("1e400")))]), "k: 1e400"),
        (
            map(vec![(
                s("k"),
                Value::String(cat(&["0x1", &"F".repeat(17)])),
            )]),
            "k: 0x1FFFFFFFFFFFFFFFFF",
        ),
        (map(vec![(s("k"), Value::String(s("a\\b")))]), "k: a\\b"),
        (map(vec![(s("k"), Value::String(s("a\"b")))]), "k: a\"b"),
        (map(vec![(s("k"), Value::String(s("it's")))]), "k: it's"),
    ];
    for (input, expected) in cases {
        let got = to_yaml(&input).unwrap_or_default();
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn to_yaml_single_quotes_strings_starting_with_indicators() {
    let cases = [
        (map(vec![(s("k"), Value::String(s("&x")))]), "k: '&x'"),
        (map(vec![(s("k"), Value::String(s("*x")))]), "k: '*x'"),
        (map(vec![(s("k"), Value::String(s("!x")))]), "k: '!x'"),
        (map(vec![(s("k"), Value::String(s("|x")))]), "k: '|x'"),
        (map(vec![(s("k"), Value::String(s(">x")))]), "k: '>x'"),
        (map(vec![(s("k"), Value::String(s("'x")))]), "k: '''x'"),
        (map(vec![(s("k"), Value::String(s("\"x")))]), "k: '\"x'"),
        (map(vec![(s("k"), Value::String(s("%x")))]), "k: '%x'"),
        (map(vec![(s("k"), Value::String(s("@x")))]), "k: '@x'"),
        (map(vec![(s("k"), Value::String(s("`x")))]), "k: '`x'"),
        (map(vec![(s("k"), Value::String(s("{x}")))]), "k: '{x}'"),
        (map(vec![(s("k"), Value::String(s("[x]")))]), "k: '[x]'"),
        (map(vec![(s("k"), Value::String(s("]x")))]), "k: ']x'"),
        (map(vec![(s("k"), Value::String(s("}x")))]), "k: '}x'"),
        (map(vec![(s("k"), Value::String(s("#b")))]), "k: '#b'"),
        (map(vec![(s("k"), Value::String(s(",x")))]), "k: ',x'"),
        (map(vec![(s("k"), Value::String(s("- x")))]), "k: '- x'"),
        (map(vec![(s("k"), Value::String(s("? x")))]), "k: '? x'"),
        (map(vec![(s("k"), Value::String(s(": x")))]), "k: ': x'"),
        (map(vec![(s("k"), Value::String(s("-")))]), "k: '-'"),
        (map(vec![(s("k"), Value::String(s("?")))]), "k: '?'"),
        (map(vec![(s("k"), Value::String(s(":")))]), "k: ':'"),
        (map(vec![(s("k"), Value::String(s("|")))]), "k: '|'"),
        (map(vec![(s("k"), Value::String(s(">")))]), "k: '>'"),
        (map(vec![(s("k"), Value::String(s("---")))]), "k: '---'"),
        (map(vec![(s("k"), Value::String(s("...")))]), "k: '...'"),
        (map(vec![(s("k"), Value::String(s("--- x")))]), "k: '--- x'"),
        (map(vec![(s("k"), Value::String(s("a: b")))]), "k: 'a: b'"),
        (map(vec![(s("k"), Value::String(s("a #b")))]), "k: 'a #b'"),
        (map(vec![(s("k"), Value::String(s("a:")))]), "k: 'a:'"),
        (map(vec![(s("k"), Value::String(s(" lead")))]), "k: ' lead'"),
        (map(vec![(s("k"), Value::String(s("x ")))]), "k: 'x '"),
        (map(vec![(s("k"), Value::String(s(" ")))]), "k: ' '"),
        (
            map(vec![(s("k"), Value::String(s("'''x'")))]),
            "k: '''''''x'''",
        ),
    ];
    for (input, expected) in cases {
        let got = to_yaml(&input).unwrap_or_default();
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn to_yaml_double_quotes_and_escapes_special_characters() {
    let cases = [
        (
            map(vec![(s("k"), Value::String(s("a\tb")))]),
            "k: \"a\\tb\"",
        ),
        (
            map(vec![(s("k"), Value::String(s("a\u{1}b")))]),
            "k: \"a\\x01b\"",
        ),
        (
            map(vec![(s("k"), Value::String(s("a\rb")))]),
            "k: \"a\\rb\"",
        ),
        (
            map(vec![(
                s("k"),
                Value::String(s("\u{0}\u{7}\u{8}\u{b}\u{c}\u{1b}")),
            )]),
            "k: \"\\0\\a\\b\\v\\f\\e\"",
        ),
        (
            map(vec![(s("k"), Value::String(s("\u{1f600}")))]),
            "k: \"\\U0001F600\"",
        ),
        (
            map(vec![(s("k"), Value::String(s("line1 \nline2\n")))]),
            "k: \"line1 \\nline2\\n\"",
        ),
        (
            map(vec![(s("k"), Value::String(s("  \n")))]),
            "k: \"  \\n\"",
        ),
        (
            map(vec![(s("k"), Value::String(s("a\u{2028}b")))]),
            "k: 'a\u{2028}  b'",
        ),
        (
            map(vec![(s("k"), Value::String(s("a\u{2029}b")))]),
            "k: 'a\u{2029}  b'",
        ),
        (map(vec![(s("k"), Value::String(s("�")))]), "k: �"),
    ];
    for (input, expected) in cases {
        let got = to_yaml(&input).unwrap_or_default();
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn to_yaml_escapes_every_character_after_a_leading_bom() {
    let cases = [
        (
            Value::String(s("\u{feff}ab c")),
            "\"\\uFEFF\\x61\\x62\\x20\\x63\"",
        ),
        (
            map(vec![(s("k"), Value::String(s("\u{feff}x")))]),
            "k: \"\\uFEFF\\x78\"",
        ),
        (
            map(vec![(s("k"), Value::String(s("a\u{feff}")))]),
            "k: \"a\\uFEFF\"",
        ),
    ];
    for (input, expected) in cases {
        let got = to_yaml(&input).unwrap_or_default();
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn to_yaml_writes_multiline_strings_as_literal_blocks() {
    let cases = [
        (
            map(vec![(s("a"), Value::String(s("line1\nline2\n")))]),
            "a: |\n  line1\n  line2",
        ),
        (
            map(vec![(s("a"), Value::String(s("x\ny")))]),
            "a: |-\n  x\n  y",
        ),
        (
            map(vec![(s("a"), Value::String(s("x\n\n\n")))]),
            "a: |+\n  x\n\n",
        ),
        (map(vec![(s("a"), Value::String(s("\n")))]), "a: |2+\n"),
        (
            map(vec![(s("a"), Value::String(s("\n\nx")))]),
            "a: |2-\n\n\n  x",
        ),
        (
            map(vec![(s("a"), Value::String(s(" lead\nx")))]),
            "a: |2-\n   lead\n  x",
        ),
        (
            map(vec![(s("a"), Value::String(s("a\n b")))]),
            "a: |-\n  a\n   b",
        ),
        (
            list(vec![map(vec![(s("k"), Value::String(s("a\nb")))])]),
            "- k: |-\n    a\n    b",
        ),
        (
            map(vec![(
                s("l"),
                list(vec![map(vec![
                    (s("k"), Value::String(s("a\nb"))),
                    (s("m"), Value::String(s("c\n"))),
                ])]),
            )]),
            "l:\n- k: |-\n    a\n    b\n  m: |\n    c",
        ),
        (Value::String(s("a\nb")), "|-\n  a\n  b"),
        (Value::String(s("a\nb\n")), "|\n  a\n  b"),
        (list(vec![Value::String(s("x\ny"))]), "- |-\n  x\n  y"),
        (
            map(vec![(
                s("n"),
                map(vec![(s("m"), Value::String(s("x\ny\n")))]),
            )]),
            "\"n\":\n  m: |\n    x\n    y",
        ),
    ];
    for (input, expected) in cases {
        let got = to_yaml(&input).unwrap_or_default();
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn to_yaml_folds_long_scalars_at_80_columns() {
    let cases = [
        (map(vec![(s("k"), Value::String(s("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss tttt uuuu vvvv wwww xxxx yyyy zzzz")))]), "k: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp\n  qqqq rrrr ssss tttt uuuu vvvv wwww xxxx yyyy zzzz"),
        (map(vec![(s("n"), map(vec![(s("deep"), map(vec![(s("deeper"), Value::String(s("aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa")))]))]))]), "\"n\":\n  deep:\n    deeper: aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n      aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa"),
        (list(vec![Value::String(s("aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa"))]), "- aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n  aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa"),
        (map(vec![(s("l"), list(vec![Value::String(s("aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa")), map(vec![(s("x"), Value::String(s("aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa")))])]))]), "l:\n- aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n  aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n- x: aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n    aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa"),
        (list(vec![list(vec![Value::String(s("aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa"))])]), "- - aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n    aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa"),
        (Value::String(s("aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa")), "aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n  aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa"),
        (map(vec![(s("k"), Value::String(cat(&[&"x".repeat(100)])))]), "k: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        (map(vec![(s("k"), Value::String(cat(&[&"x".repeat(85), " y z"])))]), "k: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n  y z"),
        (map(vec![(s("k"), Value::String(cat(&[&"x".repeat(85), "  y  z"])))]), "k: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx  y  z"),
        (map(vec![(s("k"), Value::String(s("- aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa")))]), "k: '- aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n  aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa'"),
        (map(vec![(s("k"), Value::String(s("aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa ")))]), "k: 'aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n  aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa '"),
        (map(vec![(s("k"), Value::String(s("a: aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa")))]), "k: 'a: aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n  aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa'"),
        (map(vec![(s("k"), Value::String(cat(&[&"a".repeat(78), " b c"])))]), "k: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  b c"),
        (map(vec![(s("k"), Value::String(cat(&[&"a".repeat(79), " b c"])))]), "k: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  b c"),
        (map(vec![(s("k"), Value::String(cat(&[&"é".repeat(79), " b c"])))]), "k: ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé\n  b c"),
        (map(vec![(s("k"), Value::String(cat(&[&"a".repeat(80), "\t b c d e"])))]), "k: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\t\n  b c d e\""),
        (map(vec![(s("k"), Value::String(cat(&["\t", &"a".repeat(85), "  b  c"])))]), "k: \"\\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  \\ b  c\""),
        (map(vec![(s("kkkkkkkkkk"), Value::String(cat(&[&"a".repeat(75), " b c"])))]), "kkkkkkkkkk: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  b c"),
    ];
    for (input, expected) in cases {
        let got = to_yaml(&input).unwrap_or_default();
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn to_yaml_writes_long_and_multiline_keys_in_complex_form() {
    let cases = [
        (map(vec![(cat(&[&"a".repeat(128)]), f(1.0))]), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: 1"),
        (map(vec![(cat(&[&"a".repeat(129)]), f(1.0))]), "? aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n: 1"),
        (map(vec![(cat(&[&"a".repeat(129)]), map(vec![(s("b"), f(1.0))]))]), "? aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n: b: 1"),
        (map(vec![(cat(&[&"a".repeat(129)]), list(vec![f(1.0), f(2.0)]))]), "? aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n: - 1\n  - 2"),
        (map(vec![(cat(&[&"a".repeat(129)]), Value::String(s("x\ny")))]), "? aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n: |-\n  x\n  y"),
        (map(vec![(cat(&[&"é".repeat(64)]), f(1.0))]), "éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé: 1"),
        (map(vec![(cat(&[&"é".repeat(65)]), f(1.0))]), "? ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé\n: 1"),
        (map(vec![(s("a\nb"), f(1.0))]), "? |-\n  a\n  b\n: 1"),
        (map(vec![(s("a\nb"), map(vec![(s("c"), f(1.0))]))]), "? |-\n  a\n  b\n: c: 1"),
        (map(vec![(cat(&[&"x".repeat(130), " aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa"]), f(1.0))]), "? xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n  aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n  aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa\n: 1"),
    ];
    for (input, expected) in cases {
        let got = to_yaml(&input).unwrap_or_default();
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn to_yaml_orders_keys_like_go_yaml() {
    let cases = [
        (map(vec![(s("b"), f(1.0)), (s("a"), f(2.0)), (s("B"), f(3.0)), (s("_"), f(4.0)), (s("1"), f(5.0)), (s("10"), f(6.0)), (s("2"), f(7.0)), (s("a1"), f(8.0)), (s("a10"), f(9.0)), (s("a2"), f(10.0)), (s(""), f(11.0)), (s(" sp"), f(12.0)), (s("-1"), f(13.0)), (s("~"), f(14.0)), (s("1.5"), f(15.0)), (s("A"), f(16.0))]), "\"\": 11\n' sp': 12\n\"-1\": 13\n_: 4\n\"~\": 14\n\"1\": 5\n\"1.5\": 15\n\"2\": 7\n\"10\": 6\nA: 16\nB: 3\na: 2\na1: 8\na2: 10\na10: 9\nb: 1"),
        (map(vec![(s("a-b"), f(17.0)), (s("a.b"), f(18.0)), (s("a_"), f(19.0)), (s("a1b2"), f(20.0)), (s("a1b10"), f(21.0)), (s("a9"), f(22.0)), (s("aZ"), f(23.0)), (s("ab"), f(24.0)), (s("z"), f(25.0)), (s("é"), f(26.0)), (s("Upper"), f(27.0)), (s("emptylist"), f(28.0)), (s("_under"), f(29.0)), (s("9"), f(30.0))]), "_under: 29\n\"9\": 30\nUpper: 27\na-b: 17\na.b: 18\na_: 19\na1b2: 20\na1b10: 21\na9: 22\naZ: 23\nab: 24\nemptylist: 28\nz: 25\né: 26"),
        (map(vec![(s("a01"), f(1.0)), (s("a001"), f(2.0)), (s("a1"), f(3.0)), (s("a0"), f(4.0)), (s("a00"), f(5.0)), (s("a10"), f(6.0)), (s("a010"), f(7.0)), (s("x0y"), f(8.0)), (s("x00y"), f(9.0)), (s("x1y"), f(10.0))]), "a0: 4\na00: 5\na1: 3\na01: 1\na001: 2\na10: 6\na010: 7\nx00y: 9\nx0y: 8\nx1y: 10"),
        (map(vec![(s("ä"), f(1.0)), (s("b"), f(2.0)), (s("日本"), f(3.0)), (s("٣"), f(4.0)), (s("3"), f(5.0)), (s("a٣"), f(6.0)), (s("a3"), f(7.0)), (s("a4"), f(8.0))]), "\"3\": 5\n٣: 4\na3: 7\na4: 8\na٣: 6\nb: 2\nä: 1\n日本: 3"),
    ];
    for (input, expected) in cases {
        let got = to_yaml(&input).unwrap_or_default();
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn to_yaml_folds_nel_line_breaks_read_back_from_json() {
    let cases = [
        (list(vec![Value::String(s("a\u{85}b")), Value::String(s("a \u{85} b")), Value::String(s("a\u{85}\u{85}b")), Value::String(s("\u{85}a")), Value::String(s("a\u{85}")), Value::String(s("a\u{85}---")), Value::String(s("a\u{85}...")), Value::String(s("a\u{85}\u{85}\u{85}b")), Value::String(s("x\u{85}\u{2028}y"))]), "- a b\n- a b\n- |-\n  a\n  b\n- ' a'\n- 'a '\n- a ---\n- a ...\n- |-\n  a\n\n  b\n- \"x \\Ly\""),
    ];
    for (input, expected) in cases {
        let got = to_yaml(&input).unwrap_or_default();
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn to_yaml_is_empty_when_go_yaml_cannot_read_the_json() {
    let cases = [
        (list(vec![Value::String(s("a\u{7f}b"))]), ""),
        (map(vec![(s("k"), Value::String(s("a\u{80}")))]), ""),
        (map(vec![(s("k"), Value::String(s("￿")))]), ""),
        (map(vec![(s("a\u{85}b"), f(1.0))]), ""),
        (map(vec![(s("k"), Value::String(s("a\u{85}--- x")))]), ""),
        (list(vec![Value::String(s("a\u{85}...\u{85}"))]), ""),
    ];
    for (input, expected) in cases {
        let got = to_yaml(&input).unwrap_or_default();
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn json_and_yaml_fail_on_nan_and_infinities() {
    // Helm prints "" for `toJson`, `toPrettyJson` and `toYaml` of these.
    for bad in [
        f(f64::INFINITY),
        f(f64::NAN),
        list(vec![f(1.0), f(f64::NAN)]),
    ] {
        assert_eq!(to_json(&bad), None);
        assert_eq!(to_pretty_json(&bad), None);
        assert_eq!(to_raw_json(&bad), None);
        assert_eq!(to_yaml(&bad), None);
    }
    // `float64 "-0"`: JSON keeps the sign, the YAML round trip reads an integer.
    assert_eq!(to_json(&f(-0.0)).as_deref(), Some("-0"));
    assert_eq!(to_yaml(&f(-0.0)).as_deref(), Some("0"));
}

#[test]
fn to_json_and_to_yaml_print_ints_plainly() {
    assert_eq!(to_json(&Value::Int(1000000)).as_deref(), Some("1000000"));
    assert_eq!(to_yaml(&Value::Int(1000000)).as_deref(), Some("1000000"));
}

#[test]
fn to_yaml_is_empty_for_keys_whose_json_is_longer_than_1024_characters() {
    // go-yaml gives up on a simple key that does not end within 1024 characters.
    let ok = map(vec![("a".repeat(1022), f(1.0))]);
    assert_eq!(to_yaml(&ok).map(|s| s.len()), Some(1028));
    assert_eq!(to_yaml(&map(vec![("a".repeat(1023), f(1.0))])), None);
    // Counted in characters of the JSON text: `<` is `\u003c`, `é` is one character.
    let html = cat(&[&"<".repeat(170), "aa"]);
    assert!(to_yaml(&map(vec![(html, f(1.0))])).is_some());
    let html = cat(&[&"<".repeat(170), "aaa"]);
    assert_eq!(to_yaml(&map(vec![(html, f(1.0))])), None);
    assert!(to_yaml(&map(vec![("é".repeat(1022), f(1.0))])).is_some());
    assert_eq!(to_yaml(&map(vec![("é".repeat(1023), f(1.0))])), None);
}

#[test]
fn natural_less_orders_like_go_yaml() {
    // Consecutive keys in Helm's `toYaml` output of each set.
    let chains: [&[&str]; 3] = [
        &["", " sp", "-1", "~", "1", "1.5", "01", "2", "10"],
        &[
            "A", "a", "a-b", "a.b", "a_", "a1", "a01", "a001", "a9", "a10", "aZ", "ab", "b",
        ],
        &["_under", "9", "10", "Upper", "emptylist", "z", "é"],
    ];
    for chain in chains {
        for pair in chain.windows(2) {
            assert!(natural_less(pair[0], pair[1]), "{pair:?}");
            assert!(!natural_less(pair[1], pair[0]), "{pair:?}");
        }
    }
}

#[test]
fn natural_less_is_not_transitive() {
    // go-yaml's comparator; Helm's own order for such key sets changes between runs.
    assert!(natural_less("1a", "2"));
    assert!(natural_less("2", "10"));
    assert!(natural_less("10", "1a"));
    let m = map(vec![(s("1a"), f(1.0)), (s("2"), f(2.0)), (s("10"), f(3.0))]);
    assert_eq!(to_yaml(&m), to_yaml(&m.clone()));
}

#[derive(Debug, PartialEq)]
enum Expect {
    Null,
    Bool(bool),
    Num(f64),
    Str,
}

#[test]
fn resolve_plain_follows_yaml_1_1_like_helm_values() {
    // Expected: what `{{ toJson .Values.v }}` shows for `v: <scalar>` in values.yaml.
    use Expect::*;
    let cases = [
        ("~", Null),
        ("null", Null),
        ("Null", Null),
        ("NULL", Null),
        ("nULL", Str),
        ("true", Bool(true)),
        ("True", Bool(true)),
        ("TRUE", Bool(true)),
        ("tRUE", Str),
        ("yes", Bool(true)),
        ("Yes", Bool(true)),
        ("YES", Bool(true)),
        ("yEs", Str),
        ("y", Bool(true)),
        ("Y", Bool(true)),
        ("on", Bool(true)),
        ("On", Bool(true)),
        ("ON", Bool(true)),
        ("oN", Str),
        ("n", Bool(false)),
        ("N", Bool(false)),
        ("no", Bool(false)),
        ("No", Bool(false)),
        ("NO", Bool(false)),
        ("off", Bool(false)),
        ("Off", Bool(false)),
        ("OFF", Bool(false)),
        ("false", Bool(false)),
        ("False", Bool(false)),
        ("FALSE", Bool(false)),
        ("0", Num(0.0)),
        ("00", Num(0.0)),
        ("007", Num(7.0)),
        ("08", Num(8.0)),
        ("09.5", Num(9.5)),
        ("0755", Num(493.0)),
        ("-0755", Num(-493.0)),
        ("+0755", Num(493.0)),
        ("0o17", Num(15.0)),
        ("0O17", Num(15.0)),
        ("0x1F", Num(31.0)),
        ("0X1F", Num(31.0)),
        ("-0x1F", Num(-31.0)),
        ("+0x1F", Num(31.0)),
        ("0b101", Num(5.0)),
        ("-0b101", Num(-5.0)),
        ("0b+1", Num(1.0)),
        ("0x", Str),
        ("0b", Str),
        ("1_000", Num(1000.0)),
        ("1__0", Num(10.0)),
        ("_1", Str),
        ("1_", Num(1.0)),
        ("1_000.5", Num(1000.5)),
        ("0x_1F", Num(31.0)),
        ("123", Num(123.0)),
        ("-1", Num(-1.0)),
        ("+1", Num(1.0)),
        ("-0", Num(0.0)),
        (".5", Num(0.5)),
        ("-.5", Num(-0.5)),
        ("+.5", Num(0.5)),
        ("1.5", Num(1.5)),
        ("1.0", Num(1.0)),
        ("1.10", Num(1.1)),
        ("0.", Num(0.0)),
        ("1e3", Num(1000.0)),
        ("1E5", Num(100000.0)),
        ("1e+3", Num(1000.0)),
        ("1e-3", Num(0.001)),
        ("1.e3", Num(1000.0)),
        ("1.5e", Str),
        ("1e", Str),
        ("1e400", Str),
        (".5_0", Num(0.5)),
        ("._5", Str),
        (".e3", Str),
        (".", Str),
        (".5.5", Str),
        (".iNf", Str),
        ("inf", Str),
        ("nan", Str),
        ("NaN", Str),
        ("Infinity", Str),
        ("9223372036854775807", Num(9.223372036854776e+18)),
        ("9223372036854775808", Num(9.223372036854776e+18)),
        ("-9223372036854775808", Num(-9.223372036854776e+18)),
        ("-9223372036854775809", Num(-9.223372036854776e+18)),
        ("18446744073709551615", Num(1.8446744073709552e+19)),
        ("18446744073709551616", Num(1.8446744073709552e+19)),
        ("12345678901234567890", Num(1.2345678901234567e+19)),
        ("9007199254740993", Num(9007199254740992.0)),
        ("0x7FFFFFFFFFFFFFFF", Num(9.223372036854776e+18)),
        ("0x8000000000000000", Num(9.223372036854776e+18)),
        ("0xFFFFFFFFFFFFFFFF", Num(1.8446744073709552e+19)),
        ("0x1FFFFFFFFFFFFFFFFF", Str),
        ("2024-01-01", Str),
        ("2024-1-1", Str),
        ("2024-13-01", Str),
        ("2024-02-30", Str),
        ("2024-02-29", Str),
        ("2023-02-29", Str),
        ("2001-12-14t21:59:43.10-05:00", Str),
        ("2001-12-14T21:59:43Z", Str),
        ("2001-12-14T21:59:43,5Z", Str),
        ("2001-12-14T24:00:00Z", Str),
        ("2001-12-14T21:59:43+0500", Str),
        ("2001-12-14T1:2:3Z", Str),
        ("20011-12-14", Str),
        ("2001-12-14T21:59:43", Str),
        ("2024-01-01x", Str),
        ("2024-00-10", Str),
        ("2024-01-00", Str),
        ("12:30:45", Str),
        ("1:20", Str),
        ("190:20:30", Str),
        ("1:60", Str),
        ("1.2.3", Str),
        ("1-2", Str),
        ("+-", Str),
        ("-x", Str),
        ("1x", Str),
        ("0xg", Str),
        ("0b2", Str),
        ("09e1", Num(90.0)),
    ];
    for (text, expected) in cases {
        let got = match resolve_plain(text) {
            Resolved::Null => Null,
            Resolved::Bool(b) => Bool(b),
            Resolved::Int(i) => Num(i as f64),
            Resolved::Float(x) => Num(x),
            Resolved::Str => Str,
        };
        assert_eq!(got, expected, "{text:?}");
    }
}

#[test]
fn resolve_plain_keeps_go_yaml_number_kinds() {
    // resolve.go: int64 when it fits, uint64 (here a float) above, floats by syntax.
    assert_eq!(resolve_plain("0755"), Resolved::Int(493));
    assert_eq!(
        resolve_plain("-9223372036854775808"),
        Resolved::Int(i64::MIN)
    );
    assert_eq!(
        resolve_plain("9223372036854775808"),
        Resolved::Float(9223372036854775808.0)
    );
    assert_eq!(resolve_plain("1e3"), Resolved::Float(1000.0));
    assert_eq!(resolve_plain("-.inf"), Resolved::Float(f64::NEG_INFINITY));
    assert!(matches!(resolve_plain(".NaN"), Resolved::Float(x) if x.is_nan()));
}

#[test]
fn needs_quoting_covers_timestamps_and_sexagesimals() {
    // toYaml double-quotes these although values files read them as strings.
    for text in [
        "",
        "yes",
        "0755",
        "1.5",
        "2024-01-01",
        "12:30:45",
        "1:20",
        "~",
    ] {
        assert!(needs_quoting(text), "{text:?}");
    }
    for text in ["1.2.3", "NaN", "yEs", "2024-13-01", "1:60", "- x", "a: b"] {
        assert!(!needs_quoting(text), "{text:?}");
    }
}
