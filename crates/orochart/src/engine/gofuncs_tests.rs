use std::collections::BTreeMap;

use minijinja::value::Value as MjValue;
use minijinja::Environment;

use super::*;

/// The dialect's environment without a chart: the map, then the dialect's own functions.
fn env() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Lenient);
    install(&mut env);
    super::super::funcs::install(&mut env);
    env
}

/// Renders one template of a minijinja-dialect chart (values from YAML, as from a file).
fn render(template: &str, values: &str) -> Result<String, String> {
    super::super::tests::render(template, values)
}

#[test]
fn every_function_of_helms_map_is_callable_as_function_and_filter() {
    let env = env();
    let globals: Vec<String> = env.globals().map(|(n, _)| n.to_owned()).collect();
    for f in crate::gotpl::funcs::FUNCS {
        assert!(
            globals.iter().any(|g| g == f.name),
            "no function {}",
            f.name
        );
        // A filter of that name exists: calling it fails (if at all) for its arguments, never
        // because the filter is unknown.
        let r = env.render_str(&format!("{{{{ 'x' | {} }}}}", f.name), ());
        if let Err(e) = r {
            assert_ne!(
                e.kind(),
                minijinja::ErrorKind::UnknownFilter,
                "no filter {}",
                f.name
            );
        }
    }
    // Helm's engine functions stay the dialect's own.
    assert!(globals.iter().any(|g| g == "include"));
    assert!(globals.iter().any(|g| g == "tpl"));
}

#[test]
fn kept_builtin_filters_are_minijinjas_own() {
    // Each kept name is a builtin filter of minijinja (so replacing it would change what the
    // dialect's templates mean), and every other name of the map is not.
    let bare = Environment::new();
    for f in crate::gotpl::funcs::FUNCS {
        let unknown = matches!(
            bare.render_str(&format!("{{{{ [1] | {} }}}}", f.name), ()),
            Err(e) if e.kind() == minijinja::ErrorKind::UnknownFilter
        );
        let overridden_by_dialect = [
            "default", "first", "indent", "int", "join", "last", "lower", "replace", "split",
            "title", "trim", "upper",
        ]
        .contains(&f.name);
        if overridden_by_dialect {
            continue;
        }
        assert_eq!(
            !unknown,
            KEPT_BUILTIN_FILTERS.contains(&f.name),
            "{}",
            f.name
        );
    }
    let env = env();
    assert_eq!(
        env.render_str("{{ [3, 1, 2] | max }} {{ [1, 2] | reverse | list }}", ())
            .ok()
            .as_deref(),
        Some("3 [2, 1]")
    );
}

#[test]
fn arguments_convert_as_the_go_signature_says() {
    // An integer is an untyped constant for `int` parameters, an int64 where anything goes.
    assert!(matches!(
        to_go_arg(&MjValue::from(5), GoType::Int),
        Ok(GoValue::Int(5))
    ));
    assert!(matches!(
        to_go_arg(&MjValue::from(5), GoType::Int64),
        Ok(GoValue::Int64(5))
    ));
    assert!(matches!(
        to_go_arg(&MjValue::from(5), GoType::Interface),
        Ok(GoValue::Int64(5))
    ));
    assert!(matches!(
        to_go_arg(&MjValue::from(5), GoType::Float64),
        Ok(GoValue::Float(f)) if f == 5.0
    ));
    assert!(matches!(
        to_go_arg(&MjValue::from(1.5), GoType::Interface),
        Ok(GoValue::Float(f)) if f == 1.5
    ));
    // A float is not an int, a number not a string, nothing not a string: Go's words.
    assert_eq!(
        to_go_arg(&MjValue::from(1.5), GoType::Int).err().as_deref(),
        Some("wrong type for value; expected int; got float64")
    );
    assert_eq!(
        to_go_arg(&MjValue::from(5), GoType::String)
            .err()
            .as_deref(),
        Some("wrong type for value; expected string; got int64")
    );
    assert_eq!(
        to_go_arg(&MjValue::UNDEFINED, GoType::String)
            .err()
            .as_deref(),
        Some("invalid value; expected string")
    );
    // Nil is fine where Go allows nil.
    for ty in [GoType::Interface, GoType::List, GoType::Map] {
        assert!(matches!(
            to_go_arg(&MjValue::from(()), ty),
            Ok(GoValue::Nil)
        ));
    }
    // Sequences and maps, all the way down.
    let seq = MjValue::from(vec![MjValue::from(1), MjValue::from("a")]);
    match to_go_arg(&seq, GoType::List) {
        Ok(GoValue::List(l)) => {
            assert!(
                matches!(l.items.as_slice(), [GoValue::Int64(1), GoValue::String(s)] if &**s == "a")
            );
        }
        other => panic!("{other:?}"),
    }
    let mut m = BTreeMap::new();
    m.insert("k", MjValue::from(vec![MjValue::from(2.5)]));
    match to_go_arg(&MjValue::from(m), GoType::Map) {
        Ok(GoValue::Map(d)) => {
            assert!(
                matches!(d.get("k"), Some(GoValue::List(l)) if matches!(l.items.as_slice(), [GoValue::Float(f)] if *f == 2.5))
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        to_go_arg(&seq, GoType::Map).err().as_deref(),
        Some("wrong type for value; expected map[string]interface {}; got []interface {}")
    );
}

#[test]
fn results_convert_back() {
    assert!(from_go(&GoValue::Nil).is_none());
    assert_eq!(from_go(&GoValue::Int(3)), MjValue::from(3));
    assert_eq!(from_go(&GoValue::Int64(-3)), MjValue::from(-3));
    assert_eq!(from_go(&GoValue::Float(0.5)), MjValue::from(0.5));
    let mut inner = BTreeMap::new();
    inner.insert("b".to_owned(), GoValue::Bool(true));
    inner.insert(
        "a".to_owned(),
        GoValue::list(vec![GoValue::str("x"), GoValue::Nil]),
    );
    let v = from_go(&GoValue::dict(inner));
    assert_eq!(v.to_string(), r#"{"a": ["x", None], "b": True}"#);
    // And a round trip keeps the Go types the dialect has.
    assert!(matches!(
        to_go(&from_go(&GoValue::Int(7))),
        GoValue::Int64(7)
    ));
}

/// Each case: an expression of the dialect and what Helm 3.17 prints for its Go-template twin
/// (the same calls in tests/parity/…/newfuncs, run against real Helm).
#[test]
fn new_functions_print_what_helm_prints() {
    let values = "cfg:\n  a:\n    b: deep\nport: 8080\nlist: [a, b, a, c]\nname: my_app-name\n";
    let cases: &[(&str, &str)] = &[
        ("{{ dig('a', 'b', 'none', Values.cfg) }}", "deep"),
        ("{{ Values.cfg | dig('a', 'x', 'none') }}", "none"),
        (
            "{{ kindIs('map', Values.cfg) }} {{ Values.port | kindIs('float64') }}",
            "true true",
        ),
        ("{{ concat(list(1, 2), Values.list) }}", "[1 2 a b a c]"),
        ("{{ regexFind('[0-9]+', 'abc123def') }}", "123"),
        ("{{ without(Values.list, 'a') }}", "[b c]"),
        // Piped last, as Go pipes: `list | without("a")` is `without("a", list)`.
        ("{{ 'a' | without(Values.list) }}", "[b c]"),
        (
            "{{ semver('1.2.3-rc.1').Major }} {{ semver('1.2.3-rc.1').Prerelease }}",
            "1 rc.1",
        ),
        ("{{ semver('v1.2.3') }}", "1.2.3"),
        ("{{ 'hello' | b32enc }}", "NBSWY3DP"),
        (
            "{{ 'hello' | sha1sum }}",
            "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d",
        ),
        ("{{ Values.name | camelcase }}", "MyAppName"),
        ("{{ mustToJson(Values.list) }}", "[\"a\",\"b\",\"a\",\"c\"]"),
        ("{{ typeIs('string', Values.name) }}", "true"),
        ("{{ tuple(1, 'a') | length }}", "2"),
        ("{{ Values.port | add1f }}", "8081"),
        ("{{ set(dict('a', 1), 'b', 2) }}", "map[a:1 b:2]"),
        ("{{ regexSplit('-', 'a-b-c', -1) }}", "[a b c]"),
        ("{{ seq(1, 3) }}", "1 2 3"),
        ("{{ durationRound('2h10m5s') }}", "2h"),
        (
            "{{ toDate('2006-01-02', '2024-02-29') | date('02 Jan 06') }}",
            "29 Feb 24",
        ),
        ("{{ 'aGVsbG8=' | b64dec | b32enc | b32dec }}", "hello"),
    ];
    super::super::tests::assert_prints(cases, values);
}

#[test]
fn go_objects_keep_fields_methods_and_go_back_into_functions() {
    let out = render(
        "{% set ca = genCA('ca', 30) %}{% set c = genSignedCert('x', none, ['a.example'], 30, ca) %}\
         ca: {{ hasPrefix('-----BEGIN CERTIFICATE-----', ca.Cert) }}\n\
         cert: {{ c.Cert | hasPrefix('-----BEGIN CERTIFICATE-----') }}\n\
         year: {{ (now() | date('2006')) | int > 2000 }}\n\
         kind: {{ kindOf(now()) }} {{ typeOf(semver('1.0.0')) }}\n\
         cmp: {{ semver('1.2.0').Compare(semver('1.10.0')) }}\n",
        "",
    );
    assert_eq!(
        out.as_deref(),
        Ok("ca: true\ncert: true\nyear: true\nkind: struct *semver.Version\ncmp: -1")
    );
}

#[test]
fn function_errors_read_as_the_dialects() {
    let e = render("a: {{ regexFind('(', 'x') }}", "")
        .err()
        .unwrap_or_default();
    assert!(
        e.contains("error calling regexFind: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`"),
        "{e}"
    );
    let e = render("a: {{ b32enc(5) }}", "").err().unwrap_or_default();
    assert!(
        e.contains("error calling b32enc: wrong type for value; expected string; got int64"),
        "{e}"
    );
    let e = render("a: {{ b32enc() }}", "").err().unwrap_or_default();
    assert!(
        e.contains("wrong number of args for b32enc: want 1 got 0"),
        "{e}"
    );
}

/// The dialect's own functions that run the shared implementation print Helm's output in the
/// edge cases too (Helm 3.17.2's output for the Go-template twin of each line).
#[test]
fn shared_functions_keep_helms_edge_cases() {
    let out = render(
        "a: {{ regexMatch('(', 'x') }} {{ b64dec('%%') | quote }} {{ title('€x hello_world') }} {{ atoi(' 5') }}",
        "",
    );
    assert_eq!(
        out.as_deref(),
        Ok("a: false \"illegal base64 data at input byte 0\" €x Hello_world 0")
    );
}

/// A semver version's numbers are Go `uint64`s; to the dialect they are numbers.
#[test]
fn semver_numbers_are_numbers_to_the_dialect() {
    assert_eq!(
        render(
            "a: {{ semver('1.2.3').Major + 1 }} {{ semver('1.2.3').Minor * 3 }}",
            ""
        )
        .as_deref(),
        Ok("a: 2 6")
    );
}
