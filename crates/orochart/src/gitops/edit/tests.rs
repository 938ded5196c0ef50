//! Tests of the values editor: each edit's exact bytes.

use super::*;

fn edit(text: &str, arg: &str) -> String {
    edit_kind(text, arg, ValueKind::Auto)
}

fn edit_kind(text: &str, arg: &str, kind: ValueKind) -> String {
    parse_assignment(arg, kind)
        .and_then(|a| set(text, "values.yaml", &a))
        .map(|(t, _)| t)
        .unwrap_or_else(|e| panic!("{arg}: {e}"))
}

fn error(text: &str, arg: &str) -> String {
    parse_assignment(arg, ValueKind::Auto)
        .and_then(|a| set(text, "values.yaml", &a))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_else(|| panic!("{arg}: no error"))
}

const VALUES: &str = "# Default values.\nimage:\n  repository: nginx # the image\n  tag: \"1.25\"  # pinned\n  pullPolicy: IfNotPresent\n\nreplicaCount: 2\n\n# Annotations.\npodAnnotations: {}\n\nresources:\n  # limits:\n  #   cpu: 100m\n\nlist:\n  - name: a\n    value: 'it''s'\n  - name: b\n    value: x\n";

#[test]
fn a_tag_bump_changes_only_the_tag_bytes_and_keeps_the_quotes() {
    assert_eq!(
        edit(VALUES, "image.tag=1.26"),
        VALUES.replace("tag: \"1.25\"", "tag: \"1.26\"")
    );
}

#[test]
fn a_plain_string_that_would_read_as_a_number_gets_quoted() {
    let text = "image:\n  tag: v1.0\n";
    assert_eq!(edit(text, "image.tag=1.26"), "image:\n  tag: \"1.26\"\n");
    assert_eq!(edit(text, "image.tag=v2"), "image:\n  tag: v2\n");
    assert_eq!(edit(text, "image.tag=yes"), "image:\n  tag: \"yes\"\n");
}

#[test]
fn numbers_and_booleans_keep_their_type() {
    assert_eq!(
        edit(VALUES, "replicaCount=3"),
        VALUES.replace("replicaCount: 2", "replicaCount: 3")
    );
    let e = error(VALUES, "replicaCount=three");
    assert!(e.contains("is a number") && e.contains("--string"), "{e}");
    assert_eq!(edit("enabled: true\n", "enabled=no"), "enabled: false\n");
    assert_eq!(
        edit_kind(VALUES, "replicaCount=3", ValueKind::String),
        VALUES.replace("replicaCount: 2", "replicaCount: \"3\"")
    );
}

#[test]
fn new_keys_go_under_their_parent_with_its_indentation() {
    assert_eq!(
        edit(VALUES, "image.digest=sha256:abc"),
        VALUES.replace(
            "  pullPolicy: IfNotPresent\n",
            "  pullPolicy: IfNotPresent\n  digest: sha256:abc\n"
        )
    );
    let four = "a:\n    b: 1\n\nc: 2\n";
    assert_eq!(
        edit(four, "a.d.e=x"),
        "a:\n    b: 1\n    d:\n        e: x\n\nc: 2\n"
    );
    assert_eq!(edit(four, "z=1"), "a:\n    b: 1\n\nc: 2\nz: 1\n");
    assert_eq!(edit("a: 1", "b=x"), "a: 1\nb: x");
    assert_eq!(edit("", "b.c=x"), "b:\n  c: x\n");
    assert_eq!(
        edit("# only a comment\n", "b=x"),
        "# only a comment\nb: x\n"
    );
}

#[test]
fn empty_maps_and_nulls_are_filled_in_place() {
    assert_eq!(
        edit(VALUES, "podAnnotations.prometheus\\.io/scrape=on"),
        VALUES.replace(
            "podAnnotations: {}\n",
            "podAnnotations:\n  prometheus.io/scrape: \"on\"\n"
        )
    );
    assert_eq!(
        edit(VALUES, "resources.limits.cpu=200m"),
        VALUES.replace("resources:\n", "resources:\n  limits:\n    cpu: 200m\n")
    );
    assert_eq!(edit("a: ~ # none\n", "a.b=1"), "a: # none\n  b: 1\n");
    assert_eq!(
        edit("image:\n  tag:\n", "image.tag=v1"),
        "image:\n  tag: v1\n"
    );
    assert_eq!(
        edit("image:\n  tag: null\n", "image.tag=v1"),
        "image:\n  tag: v1\n"
    );
}

#[test]
fn list_items_and_single_quotes() {
    assert_eq!(
        edit(VALUES, "list[0].value=don't"),
        VALUES.replace("value: 'it''s'", "value: 'don''t'")
    );
    assert_eq!(
        edit(VALUES, "list[1].value=z"),
        VALUES.replace("value: x", "value: z")
    );
    let e = error(VALUES, "list[2].value=y");
    assert!(e.contains("set cannot add list items"), "{e}");
}

#[test]
fn flow_mappings_crlf_and_non_ascii() {
    assert_eq!(
        edit("r: {cpu: 1, mem: 2Gi}\n", "r.mem=3Gi"),
        "r: {cpu: 1, mem: 3Gi}\n"
    );
    assert_eq!(
        edit("a: x\r\nb:\r\n  c: 1\r\n", "b.d=2"),
        "a: x\r\nb:\r\n  c: 1\r\n  d: 2\r\n"
    );
    assert_eq!(
        edit("# é ü\nname: ça\nt: \"1\"\n", "t=2"),
        "# é ü\nname: ça\nt: \"2\"\n"
    );
    assert_eq!(
        edit("\u{feff}# bom\nname: ça\n", "name=là"),
        "\u{feff}# bom\nname: là\n"
    );
    assert_eq!(edit("\u{feff}a: 1\n", "b=2"), "\u{feff}a: 1\nb: 2\n");
}

#[test]
fn anchors_and_collections_are_refused_with_the_file_untouched() {
    let text = "base: &b\n  x: 1\nother: *b\nz: 2\n";
    let e = error(text, "base.x=2");
    assert!(e.contains("anchor"), "{e}");
    assert_eq!(edit(text, "z=3"), "base: &b\n  x: 1\nother: *b\nz: 3\n");
    let e = error(VALUES, "image=x");
    assert!(e.contains("mapping or list"), "{e}");
    let e = error("t: |\n  a\n", "t=b");
    assert!(e.contains("block scalar"), "{e}");
}

#[test]
fn json_values_and_key_paths() {
    assert_eq!(edit_kind("a: 1\n", "a=2.5", ValueKind::Json), "a: 2.5\n");
    assert_eq!(
        edit_kind("a: x\n", "b={\"c\":[1,2]}", ValueKind::Json),
        "a: x\nb: {\"c\":[1,2]}\n"
    );
    assert_eq!(
        parse_path("a.b\\.c[2].d").ok(),
        Some(vec![
            Segment::Key("a".into()),
            Segment::Key("b.c".into()),
            Segment::Index(2),
            Segment::Key("d".into()),
        ])
    );
    assert!(parse_path("a..b").is_err());
    assert!(parse_assignment("novalue", ValueKind::Auto).is_err());
}

#[test]
fn promotions_copy_scalars_and_skip_what_is_not_set() {
    let keys = vec![
        parse_path("image.tag").unwrap_or_default(),
        parse_path("image.digest").unwrap_or_default(),
    ];
    let a = promotions("image:\n  tag: \"1.26\"\n", "src.yaml", &keys).unwrap_or_default();
    assert_eq!(a.len(), 1);
    let (out, changes) =
        set_all("image:\n  tag: v1 # keep\n", "dest.yaml", &a).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out, "image:\n  tag: \"1.26\" # keep\n");
    assert_eq!(changes[0].new, Value::String("1.26".into()));
}

#[test]
fn a_new_key_goes_after_a_block_scalar_whose_lines_look_like_comments() {
    let text = "a: 1\nconfig: |\n  port: 53\n  #tlsPort: 853\n";
    assert_eq!(edit(text, "z=x"), format!("{text}z: x\n"));
    let nested = "image:\n  tag: v1\n  # pullPolicy: Always\n\n# Service.\nservice:\n  port: 80\n";
    assert_eq!(
        edit(nested, "image.digest=d"),
        "image:\n  tag: v1\n  # pullPolicy: Always\n  digest: d\n\n# Service.\nservice:\n  port: 80\n"
    );
}
