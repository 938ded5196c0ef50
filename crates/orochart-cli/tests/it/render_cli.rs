//! `orochart render` as a user runs it: the built-in chart, errors, JSON output, the config
//! checksum.

use std::path::Path;

use crate::{orochart, repo_root};

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("orochart-it-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
    d
}

fn render_ok(dir: &Path, a: &[&str]) -> String {
    let out = orochart(dir, &args(a));
    assert!(
        out.status.success(),
        "orochart {a:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn no_chart_argument_renders_the_built_in_chart() {
    let root = repo_root();
    let builtin = render_ok(
        &root,
        &["render", "svc", "-n", "svc", "--set", "image.tag=v1"],
    );
    let folder = render_ok(
        &root,
        &[
            "render",
            "svc",
            "charts/orofi-application",
            "-n",
            "svc",
            "--set",
            "image.tag=v1",
        ],
    );
    assert_eq!(builtin, folder);
    assert!(builtin.contains("# Source: orofi-application/templates/deployment.yaml\n"));
}

#[test]
fn errors_print_nothing_on_stdout_and_exit_1() {
    let root = repo_root();
    let out = orochart(&root, &args(&["render", "svc", "-n", "svc"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("Error: execution error at (orofi-application/templates/deployment.yaml:2:4): image.tag is required"),
        "{err}"
    );

    let out = orochart(
        &root,
        &args(&["render", "svc", "-f", "does-not-exist.yaml"]),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does-not-exist.yaml"));

    let out = orochart(&root, &args(&["render", "--no-such-flag"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn values_typos_are_all_reported_with_file_line_and_suggestion() {
    let dir = scratch("typos");
    std::fs::write(
        dir.join("values.yaml"),
        "image:\n  tag: \"v1\"\nautoscaling:\n  enabeld: true\nservce:\n  port: 8080\nreplicaCount: lots\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = orochart(&dir, &args(&["render", "svc", "-f", "values.yaml"]));
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    for want in [
        "values.yaml:4:3: `autoscaling.enabeld`: unknown key `enabeld` (did you mean `enabled`?)",
        "values.yaml:5:1: `servce`: unknown key `servce` (did you mean `service`?)",
        "values.yaml:7:1: `replicaCount`: expected integer, got string `lots`",
    ] {
        assert!(err.contains(want), "missing {want:?} in:\n{err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn json_output_is_one_array_of_typed_manifests() {
    let root = repo_root();
    let out = render_ok(
        &root,
        &[
            "render",
            "svc",
            "-n",
            "svc",
            "--set",
            "image.tag=v1",
            "-o",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let kinds: Vec<&str> = v
        .as_array()
        .map(|a| a.iter().filter_map(|m| m["kind"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        kinds,
        [
            "Namespace",
            "ServiceAccount",
            "Service",
            "Deployment",
            "PeerAuthentication"
        ]
    );
    assert_eq!(v[3]["body"]["spec"]["replicas"], 2);
    assert_eq!(
        v[3]["source"],
        "orofi-application/templates/deployment.yaml"
    );
}

fn checksum(out: &str) -> String {
    out.lines()
        .find_map(|l| l.trim().strip_prefix("checksum/config: "))
        .unwrap_or_else(|| panic!("no checksum in:\n{out}"))
        .to_owned()
}

#[test]
fn config_checksum_changes_with_config_and_only_with_config() {
    let root = repo_root();
    let base = [
        "render",
        "svc",
        "-n",
        "svc",
        "--set",
        "image.tag=v1",
        "--set",
        "config.A=1",
    ];
    let c0 = checksum(&render_ok(&root, &base));
    let changed = checksum(&render_ok(
        &root,
        &[
            "render",
            "svc",
            "-n",
            "svc",
            "--set",
            "image.tag=v1",
            "--set",
            "config.A=2",
        ],
    ));
    assert_ne!(c0, changed, "a config change must roll the pods");
    let tag = checksum(&render_ok(
        &root,
        &[
            "render",
            "svc",
            "-n",
            "svc",
            "--set",
            "image.tag=v2",
            "--set",
            "config.A=1",
        ],
    ));
    assert_eq!(c0, tag, "an image tag change must not change the checksum");
    let labels = checksum(&render_ok(
        &root,
        &[
            "render",
            "svc",
            "-n",
            "svc",
            "--set",
            "image.tag=v1",
            "--set",
            "config.A=1",
            "--set",
            "podLabels.team=x",
        ],
    ));
    assert_eq!(c0, labels, "a label change must not change the checksum");

    // A chart version bump alone leaves it too.
    let dir = scratch("chart-version");
    copy(&root.join("charts/orofi-application"), &dir.join("chart"));
    let chart_yaml = dir.join("chart/Chart.yaml");
    let text = std::fs::read_to_string(&chart_yaml)
        .unwrap_or_default()
        .replace("version: 0.1.0", "version: 0.2.0");
    std::fs::write(&chart_yaml, text).unwrap_or_else(|e| panic!("{e}"));
    let bumped = render_ok(
        &dir,
        &[
            "render",
            "svc",
            "chart",
            "-n",
            "svc",
            "--set",
            "image.tag=v1",
            "--set",
            "config.A=1",
        ],
    );
    assert!(bumped.contains("helm.sh/chart: orofi-application-0.2.0"));
    assert_eq!(
        c0,
        checksum(&bumped),
        "a chart version bump must not change the checksum"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn config_checksum_is_the_sha256_of_the_configmap_data() {
    use std::fmt::Write as _;
    let root = repo_root();
    let out = render_ok(
        &root,
        &[
            "render",
            "svc",
            "-n",
            "svc",
            "--set",
            "image.tag=v1",
            "--set",
            "config.B=x,config.A=1",
        ],
    );
    // Independent of orochart's own hashing: sha256 of the data block as the ConfigMap shows it.
    let data: Vec<&str> = out
        .split("kind: ConfigMap")
        .nth(1)
        .and_then(|s| s.split("\ndata:\n").nth(1))
        .map(|s| {
            s.lines()
                .take_while(|l| l.starts_with("  "))
                .map(str::trim)
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(data, ["A: \"1\"", "B: \"x\""]);
    let text = data.join("\n");
    let digest = sha256(text.as_bytes());
    let mut hex = String::new();
    for b in digest {
        let _ = write!(hex, "{b:02x}");
    }
    assert_eq!(checksum(&out), hex);
    let empty = render_ok(
        &root,
        &["render", "svc", "-n", "svc", "--set", "image.tag=v1"],
    );
    assert_eq!(
        checksum(&empty),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
    for e in std::fs::read_dir(from).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

/// A small, independent SHA-256 (FIPS 180-4), so the checksum test does not trust orochart's.
fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    let bits = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bits.to_be_bytes());
    for chunk in msg.chunks(64) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([
                chunk[4 * i],
                chunk[4 * i + 1],
                chunk[4 * i + 2],
                chunk[4 * i + 3],
            ]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for i in 0..8 {
            h[i] = h[i].wrapping_add(v[i]);
        }
    }
    let mut out = [0u8; 32];
    for (i, word) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}
