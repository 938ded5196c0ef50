//! Every expected line here was printed by the reference Helm named (`HELM_DRIVER=… helm
//! template ./chart`), not by this code; the parity cases `driver-*` check the same against
//! the real binaries.

use super::*;
use HelmVersion::{V3_17, V3_18, V4_1, V4_3};

fn logged(helm: HelmVersion, vars: &[(&str, &str)]) -> Option<String> {
    let env = |name: &str| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| (*v).to_owned())
    };
    match failure(helm, &env)? {
        FlagError::Logged(line) => Some(line),
        FlagError::Error(m) => Some(format!("Error: {m}")),
    }
}

#[test]
fn the_drivers_helm_knows_pass() {
    for driver in ["", "secret", "secrets", "configmap", "configmaps"] {
        for helm in [V3_17, V4_3] {
            assert_eq!(logged(helm, &[("HELM_DRIVER", driver)]), None);
        }
    }
    assert_eq!(logged(V4_3, &[]), None);
}

#[test]
fn an_unknown_driver_is_helms_fatal_log_line() {
    assert_eq!(
        logged(V3_17, &[("HELM_DRIVER", "bogus")]).as_deref(),
        Some(r#"helm.go:78: unknown driver "bogus""#)
    );
    assert_eq!(
        logged(V3_18, &[("HELM_DRIVER", "Secret")]).as_deref(),
        Some(r#"helm.go:83: unknown driver "Secret""#)
    );
    assert_eq!(
        logged(V4_1, &[("HELM_DRIVER", "bogus")]).as_deref(),
        Some(r#"level=INFO msg="unknown driver \"bogus\"""#)
    );
}

#[test]
fn the_memory_driver_reads_its_files() {
    // Unset is one file named ``.
    assert_eq!(
        logged(V3_17, &[("HELM_DRIVER", "memory")]).as_deref(),
        Some("helm.go:116: Unable to read memory driver dataopen : no such file or directory")
    );
    assert_eq!(
        logged(
            V4_3,
            &[
                ("HELM_DRIVER", "memory"),
                ("HELM_MEMORY_DRIVER_DATA", "/nonexistent")
            ]
        )
        .as_deref(),
        Some(
            r#"level=INFO msg="Unable to read memory driver dataopen /nonexistent: no such file or directory""#
        )
    );
    let dir = std::env::temp_dir().join(format!("orochart-driver-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let file = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        p.to_string_lossy().into_owned()
    };
    let bad = file("bad.yaml", "bad: [\n");
    let map = file("map.yaml", "a: 1\n");
    let empty = file("empty.yaml", "");
    let list = file("list.yaml", "[]\n");
    fn memory(data: &str) -> [(&str, &str); 2] {
        [("HELM_DRIVER", "memory"), ("HELM_MEMORY_DRIVER_DATA", data)]
    }
    assert_eq!(
        logged(V3_18, &memory(&bad)).as_deref(),
        Some("helm.go:127: Unable to unmarshal memory driver data: error converting YAML to JSON: yaml: line 1: did not find expected node content")
    );
    assert_eq!(
        logged(V3_17, &memory(&format!("{empty}:{map}"))).as_deref(),
        Some("helm.go:121: Unable to unmarshal memory driver data: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []*release.Release")
    );
    assert_eq!(
        logged(V4_3, &memory(&map)).as_deref(),
        Some(
            r#"level=INFO msg="Unable to unmarshal memory driver data: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []*v1.Release""#
        )
    );
    assert_eq!(logged(V4_3, &memory(&format!("{empty}:{list}"))), None);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_sql_driver_is_refused() {
    let refused = logged(V4_3, &[("HELM_DRIVER", "sql")]).unwrap_or_default();
    assert!(refused.starts_with("Error: HELM_DRIVER=sql"), "{refused}");
}

#[test]
fn a_memory_file_without_end_is_refused_not_read_forever() {
    let refused = logged(
        V4_3,
        &[
            ("HELM_DRIVER", "memory"),
            ("HELM_MEMORY_DRIVER_DATA", "/dev/zero"),
        ],
    )
    .unwrap_or_default();
    assert_eq!(
        refused,
        "Error: `/dev/zero` is larger than 64 MiB, orochart's limit for one input file"
    );
}
