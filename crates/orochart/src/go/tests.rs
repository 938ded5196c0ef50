//! Every expected string here was printed by Helm v3.17.2 (`helm template` of a one-line
//! template such as `{{ toJson .Values.v }}`, with the input in values.yaml), not by this code.

use super::*;
use crate::value::Value;

fn s(text: &str) -> String {
    text.to_owned()
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
fn go_string_prints_values_like_go_fmt() {
    let cases = [
        (
            map(vec![
                (s("b"), f(1.0)),
                (
                    s("a"),
                    list(vec![
                        f(1.0),
                        f(2.5),
                        Value::Null,
                        Value::Bool(true),
                        Value::String(s("x y")),
                    ]),
                ),
                (s("c"), map(vec![])),
                (s("d"), list(vec![])),
                (
                    s("e"),
                    map(vec![(s("f"), map(vec![(s("g"), Value::String(s("h")))]))]),
                ),
            ]),
            "map[a:[1 2.5 <nil> true x y] b:1 c:map[] d:[] e:map[f:map[g:h]]]",
        ),
        (
            list(vec![
                f(1.0),
                Value::String(s("two")),
                map(vec![(s("x"), f(1.0))]),
            ]),
            "[1 two map[x:1]]",
        ),
        (list(vec![]), "[]"),
        (map(vec![]), "map[]"),
        (Value::String(s("raw string")), "raw string"),
        (Value::Bool(true), "true"),
        (f(1.5), "1.5"),
    ];
    for (input, expected) in cases {
        assert_eq!(go_string(&input), expected, "{input:?}");
    }
}

#[test]
fn int_text_is_the_decimal_text() {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let edges = [
        0,
        1,
        -1,
        9,
        10,
        -10,
        999_999,
        i64::MAX,
        i64::MIN,
        i64::MIN + 1,
    ];
    let random = (0..10_000).map(|_| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x as i64) >> (x % 64)
    });
    for i in edges.into_iter().chain(random) {
        assert_eq!(IntText::new(i).as_str(), i.to_string());
        let mut out = String::from(">");
        push_float(&mut out, i as f64);
        // Against the general shortest-digits path, which does not use `IntText`.
        assert_eq!(out, format!(">{}", format_float_digits(i as f64)));
    }
}

#[test]
fn format_float_matches_go_percent_v() {
    let cases = [
        (f(999999.0), "999999"),
        (f(1000000.0), "1e+06"),
        (f(1234567.0), "1.234567e+06"),
        (f(123456.7), "123456.7"),
        (f(123456789.0), "1.23456789e+08"),
        (f(1234567890123.0), "1.234567890123e+12"),
        (f(1e+21), "1e+21"),
        (f(1.2345678901234568e+22), "1.2345678901234568e+22"),
        (f(1.0), "1"),
        (f(-0.0), "-0"),
        (f(0.0001), "0.0001"),
        (f(0.00012), "0.00012"),
        (f(1e-05), "1e-05"),
        (f(1e-07), "1e-07"),
        (f(100.0), "100"),
        (f(0.1), "0.1"),
        (f(1.5e+300), "1.5e+300"),
        (f(5e-324), "5e-324"),
        (f(1.7976931348623157e+308), "1.7976931348623157e+308"),
        (f(-716517672049912.2), "-7.165176720499122e+14"),
    ];
    for (input, expected) in cases {
        assert_eq!(go_string(&input), expected, "{input:?}");
    }
}

#[test]
fn to_json_sorts_keys_and_escapes_html() {
    let cases = [
        (
            map(vec![
                (s("b"), f(1.0)),
                (
                    s("a"),
                    list(vec![
                        f(1.0),
                        f(2.5),
                        Value::Null,
                        Value::Bool(true),
                        Value::String(s("x<y>&z")),
                    ]),
                ),
                (s("c"), map(vec![])),
                (s("d"), list(vec![])),
            ]),
            "{\"a\":[1,2.5,null,true,\"x\\u003cy\\u003e\\u0026z\"],\"b\":1,\"c\":{},\"d\":[]}",
        ),
        (
            Value::String(s("a\u{2028}b\u{2029}c")),
            "\"a\\u2028b\\u2029c\"",
        ),
        (
            Value::String(s("\u{1}\u{8}\u{c}\u{1f}\u{7f}")),
            "\"\\u0001\\b\\f\\u001f\u{7f}\"",
        ),
        (Value::String(s("\t\n\r\"\\/")), "\"\\t\\n\\r\\\"\\\\/\""),
        (Value::String(s("é\u{1f600}")), "\"é\u{1f600}\""),
        (Value::Null, "null"),
        (list(vec![]), "[]"),
        (map(vec![]), "{}"),
    ];
    for (input, expected) in cases {
        let got = to_json(&input).unwrap_or_default();
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn to_json_formats_floats_like_encoding_json() {
    let cases = [
        (list(vec![f(1e+21), f(1e+20), f(1e-07), f(1e-06), f(1e-06), f(1.5e-10), f(-0.0), f(1.5), f(100.0), f(1.2345678901234567e+19), f(123456789.0), f(1000000.0), f(-716517672049912.2), f(5e-324), f(1.7976931348623157e+308)]), "[1e+21,100000000000000000000,1e-7,0.000001,0.000001,1.5e-10,-0,1.5,100,12345678901234567000,123456789,1000000,-716517672049912.2,5e-324,1.7976931348623157e+308]"),
    ];
    for (input, expected) in cases {
        let got = to_json(&input).unwrap_or_default();
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn to_pretty_json_indents_two_spaces() {
    let cases = [
        (map(vec![(s("b"), f(1.0)), (s("a"), list(vec![f(1.0), f(2.5), Value::Null, Value::Bool(true), Value::String(s("x<y>&z"))])), (s("c"), map(vec![])), (s("d"), list(vec![])), (s("e"), map(vec![(s("f"), list(vec![map(vec![(s("g"), f(1.0))])]))]))]), "{\n  \"a\": [\n    1,\n    2.5,\n    null,\n    true,\n    \"x\\u003cy\\u003e\\u0026z\"\n  ],\n  \"b\": 1,\n  \"c\": {},\n  \"d\": [],\n  \"e\": {\n    \"f\": [\n      {\n        \"g\": 1\n      }\n    ]\n  }\n}"),
        (list(vec![]), "[]"),
        (map(vec![]), "{}"),
        (Value::String(s("x<")), "\"x\\u003c\""),
        (f(1.0), "1"),
        (list(vec![list(vec![])]), "[\n  []\n]"),
        (list(vec![f(1.0), list(vec![f(2.0), list(vec![f(3.0)])])]), "[\n  1,\n  [\n    2,\n    [\n      3\n    ]\n  ]\n]"),
    ];
    for (input, expected) in cases {
        let got = to_pretty_json(&input).unwrap_or_default();
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn to_raw_json_does_not_escape_html() {
    let cases = [
        (
            map(vec![
                (s("b"), f(1.0)),
                (s("a"), list(vec![Value::String(s("x<y>&z"))])),
            ]),
            "{\"a\":[\"x<y>&z\"],\"b\":1}",
        ),
        (Value::String(s("a\u{2028}b")), "\"a\\u2028b\""),
        (Value::String(s("<&>")), "\"<&>\""),
    ];
    for (input, expected) in cases {
        let got = to_raw_json(&input).unwrap_or_default();
        assert_eq!(got, expected, "{input:?}");
    }
}

#[test]
fn go_string_prints_ints_from_set_without_exponent() {
    // `--set v=1000000` gives an int64.
    assert_eq!(go_string(&Value::Int(1000000)), "1000000");
    assert_eq!(go_string(&Value::Int(-5)), "-5");
    assert_eq!(go_string(&Value::Null), "<nil>");
    assert_eq!(go_string(&list(vec![Value::Null])), "[<nil>]");
}

#[test]
fn format_float_prints_infinities_nan_and_negative_zero_like_go() {
    // `{{ print (float64 "+Inf") }}` and friends.
    assert_eq!(format_float(f64::INFINITY), "+Inf");
    assert_eq!(format_float(f64::NEG_INFINITY), "-Inf");
    assert_eq!(format_float(f64::NAN), "NaN");
    assert_eq!(format_float(-0.0), "-0");
    assert_eq!(
        go_string(&list(vec![f(f64::INFINITY), f(f64::NEG_INFINITY)])),
        "[+Inf -Inf]"
    );
}

#[test]
fn format_float_breaks_shortest_digit_ties_to_even_like_go() {
    // The float nearest to this literal is exactly -716517672049912.25: two shortest forms
    // (…912.2 and …912.3) round-trip, and Go picks the even last digit.
    let tie = -716517672049912.2;
    assert_eq!(format_float(tie), "-7.165176720499122e+14");
    assert_eq!(
        format_json_float(tie).as_deref(),
        Some("-716517672049912.2")
    );
}

#[test]
fn quote_escapes_like_go() {
    assert_eq!(quote("a"), r#""a""#);
    assert_eq!(quote("a\"b\\c"), r#""a\"b\\c""#);
    assert_eq!(quote("é\t\u{1}\u{a0}"), r#""é\t\x01\u00a0""#);
    assert_eq!(quote_runes(&['x']), "['x']");
    assert_eq!(quote_runes(&['x', '\'', '"']), r#"['x' '\'' '"']"#);
}

// Expected strings from Helm: keys `1e6:`, `123456.0:`, `1234567.0:`, `0.00001:`, `-0.0:`,
// `1.0:`, `0.0001:`, `16777217.0:`, `1e-7:`, `3.14159265358979:` became these keys.
#[test]
fn float32_g_format_matches_helm_float_keys() {
    let cases = [
        (1e6, "1e+06"),
        (123456.0, "123456"),
        (1234567.0, "1.234567e+06"),
        (0.00001, "1e-05"),
        (-0.0, "-0"),
        (1.0, "1"),
        (0.0001, "0.0001"),
        (16777217.0, "1.6777216e+07"),
        (1e-7, "1e-07"),
        (1.5, "1.5"),
        (1e39, "+Inf"),
    ];
    for (f, want) in cases {
        assert_eq!(format_float_g(f, true), want, "{f}");
    }
}

#[test]
fn float64_g_format() {
    assert_eq!(format_float_g(1.5, false), "1.5");
    assert_eq!(format_float_g(1e21, false), "1e+21");
    assert_eq!(format_float_g(100000.0, false), "100000");
    assert_eq!(format_float_g(f64::INFINITY, false), "+Inf");
}

// Go's `utf8.DecodeRune` reads each byte that does not begin a valid sequence as one U+FFFD:
// a truncated sequence is as many runes as bytes (Rust's lossy decoding makes it one).
#[test]
fn runes_of_invalid_utf8_are_one_a_byte() {
    let b = b"\xe2\x82a\xed\xa0\x80\xf4\x90\x80\x80\xc3\xa9";
    let got: Vec<Result<char, u8>> = runes(b).collect();
    let want = [
        Err(0xe2),
        Err(0x82),
        Ok('a'),
        Err(0xed),
        Err(0xa0),
        Err(0x80),
        Err(0xf4),
        Err(0x90),
        Err(0x80),
        Err(0x80),
        Ok('é'),
    ];
    assert_eq!(got, want);
    assert_eq!(go_lossy(b"\xe2\x82a"), "\u{fffd}\u{fffd}a");
}

// strconv.Quote("\x00\x01\xff\xfeabc\xc3") and QuoteToASCII("é\xff"), from Go.
#[test]
fn quote_bytes_escapes_invalid_bytes_as_hex() {
    assert_eq!(
        quote_bytes(b"\x00\x01\xff\xfeabc\xc3", false),
        r#""\x00\x01\xff\xfeabc\xc3""#
    );
    assert_eq!(quote_bytes("é\u{7f}".as_bytes(), false), r#""é\x7f""#);
    assert_eq!(quote_bytes(b"\xc3\xa9\xff", true), r#""\u00e9\xff""#);
}

// json.Marshal(string([]byte{0, 0xff, '<'})) in Go 1.23: `"\u0000\ufffd\u003c"`.
#[test]
fn json_of_invalid_utf8_writes_escaped_replacement() {
    let mut out = String::new();
    write_json_bytes(&mut out, b"\x00\xff<", true);
    assert_eq!(out, r#""\u0000\ufffd\u003c""#);
}

// What `printf "%q"` printed in `helm template` 3.17.2 (Go 1.23, Unicode 15.0) and 4.3.1
// (Go 1.27, Unicode 17.0).
#[test]
fn quoting_keeps_what_the_helms_unicode_prints() {
    use super::{quote, set_unicode, UnicodeVersion};
    let text = "\u{1C89} \u{1FAE9} \u{10940} \u{2FFC} \u{378} \u{E0080} \u{31350} \u{A0}";
    set_unicode(UnicodeVersion::V15_0);
    assert_eq!(
        quote(text),
        r#""\u1c89 \U0001fae9 \U00010940 \u2ffc \u0378 \U000e0080 𱍐 \u00a0""#
    );
    set_unicode(UnicodeVersion::V17_0);
    assert_eq!(
        quote(text),
        "\"\u{1C89} \u{1FAE9} \u{10940} \u{2FFC} \\u0378 \\U000e0080 \u{31350} \\u00a0\""
    );
}
