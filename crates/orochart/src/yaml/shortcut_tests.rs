use super::emit::to_yaml_with;
use super::sort::{is_digit, is_letter, merge_sort_natural, natural_less_in, sort_natural};
use super::*;
use crate::go::{format_float_digits, format_json_float_digits};
use crate::testgen::Rng;
use crate::value::Value;

const WORDS: &[&str] = &[
    "a",
    "app",
    "v1.2.3",
    "x_y",
    "a/b",
    "a-b",
    "1",
    "10",
    "2a",
    "yes",
    "null",
    "true",
    "1.5",
    "0x1F",
    "1e3",
    "-1",
    ".5",
    "a:b",
    "a b",
    "",
    " a",
    "a ",
    "é",
    "a#b",
    "-a",
    "a\nb",
    "~",
    "ab/cd.ef-gh_ij",
    "0755",
    "12:30",
    "2024-01-02",
    "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwx",
    // Lines the emitter folds past column 80, and what makes a line plain or quoted.
    "Description of the field, wrapped by the emitter where it passes the eightieth column.  Two spaces.",
    "x: y # z ",
    "a: b",
    "a:",
    ":a",
    "? x",
    "- x",
    "--- x",
    "...",
    "'q' \"d\" `b` [l] {m} &a *b !t |l >f %p @a ,c",
    "tab\there",
    "del\u{7f}",
    "line\n  two \n\n three ",
    // Byte order and go-yaml's order differ: `_` sorts before letters there.
    "B",
    "Zeta",
    "a_",
    "aB",
];

fn value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth == 0 { 4 } else { 6 }) {
        0 => Value::String(rng.pick(WORDS).repeat(1 + rng.below(3))),
        1 => Value::Int(rng.next() as i64 % 1000),
        2 => Value::Float((rng.next() % 10_000) as f64 / 8.0),
        3 => Value::Bool(rng.below(2) == 0),
        4 => Value::List((0..rng.below(4)).map(|_| value(rng, depth - 1)).collect()),
        _ => Value::Map(
            (0..rng.below(5))
                .map(|_| {
                    (
                        rng.pick(WORDS).repeat(1 + rng.below(3)),
                        value(rng, depth - 1),
                    )
                })
                .collect(),
        ),
    }
}

#[test]
fn shortcuts_write_what_the_general_emitter_writes() {
    let mut rng = Rng(0x7A31);
    for _ in 0..5_000 {
        let v = value(&mut rng, 4);
        assert_eq!(to_yaml_with(&v, true), to_yaml_with(&v, false), "{v:?}");
    }
}

#[test]
fn indented_yaml_is_the_indented_text_of_to_yaml() {
    let mut rng = Rng(0x1DE7);
    let mut words: Vec<&str> = WORDS.to_vec();
    // Literal blocks with kept, stripped and empty lines; NEL, which is not a line feed.
    words.extend([
        "a\n\nb\n",
        "a\n",
        "\n\n",
        "x\u{85}y",
        " lead\nline",
        "\u{7f}",
    ]);
    for _ in 0..5_000 {
        let v = match rng.below(3) {
            0 => Value::String(rng.pick(&words).repeat(1 + rng.below(3))),
            _ => value(&mut rng, 4),
        };
        let text = to_yaml(&v).unwrap_or_default();
        for (newline_first, pad) in [(true, 4), (false, 2), (true, 0), (false, 70)] {
            let first = if newline_first { "\n" } else { "" };
            let mut expected = first.to_owned();
            let _ = crate::gotpl::funcs::strings::push_indented(&mut expected, pad as i64, &text);
            assert_eq!(to_yaml_indented(&v, newline_first, pad), expected, "{v:?}");
        }
    }
}

#[test]
fn integers_take_a_shortcut_to_the_same_text() {
    let mut rng = Rng(0x1A7E);
    let mut floats = vec![
        1.0,
        -1.0,
        999_999.0,
        1e6,
        -1e6,
        1e15 - 1.0,
        1e15,
        2f64.powi(53),
    ];
    floats.extend((0..5_000).map(|i| {
        let magnitude = 10f64.powi(i % 17);
        let f = (rng.next() % 1_000_000) as f64 * magnitude / 1000.0;
        if i % 2 == 0 {
            f.trunc()
        } else {
            -f.trunc()
        }
    }));
    for f in floats {
        assert_eq!(format_float(f), format_float_digits(f), "{f}");
        assert_eq!(format_json_float(f), format_json_float_digits(f), "{f}");
        let shortcut = to_yaml(&Value::Float(f));
        let json = format_json_float_digits(f).unwrap_or_default();
        let read_back = match resolve_scalar(&json) {
            Scalar::Int(i) => i.to_string(),
            Scalar::Uint(u) => u.to_string(),
            Scalar::Float(x) => format_float(x),
            _ => json,
        };
        assert_eq!(shortcut, Some(read_back), "{f}");
    }
}

#[test]
fn natural_order_on_bytes_is_the_order_on_runes() {
    let mut rng = Rng(0x50F7);
    let parts = [
        "a", "B", "0", "1", "10", "007", "-", "_", "z9", "Z", ".", "2",
    ];
    for _ in 0..20_000 {
        let key =
            |rng: &mut Rng| -> String { (0..rng.below(4)).map(|_| rng.pick(&parts)).collect() };
        let (a, b) = (key(&mut rng), key(&mut rng));
        let (ar, br): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let on_runes = natural_less_in(&ar, &br, |c| is_letter(*c), |c| is_digit(*c));
        assert_eq!(natural_less(&a, &b), on_runes, "{a:?} < {b:?}");
    }
}

#[test]
fn sorting_keys_already_in_order_gives_what_the_merge_sort_gives() {
    let parts = ["a", "b", "B", "1", "2", "10", "-", ".", "é", "z9", "0"];
    let mut rng = Rng(0x50F7);
    for _ in 0..20_000 {
        let mut keys: Vec<String> = (0..rng.below(6))
            .map(|_| (0..1 + rng.below(3)).map(|_| rng.pick(&parts)).collect())
            .collect();
        if rng.below(2) == 0 {
            keys.sort();
        }
        let items: Vec<(String, ())> = keys.into_iter().map(|k| (k, ())).collect();
        assert_eq!(
            sort_natural(items.clone()),
            merge_sort_natural(items.clone()),
            "{items:?}"
        );
    }
}
