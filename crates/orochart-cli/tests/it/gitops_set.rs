//! `orochart set` and `promote` on public charts' real values files
//! (`../shared/corpus/values-realworld/values/`, read in place, never copied into the project):
//! each edit must change only the bytes of the value, and real Helm must read the edited file
//! as the original with that one value changed.

use std::path::{Path, PathBuf};
use std::process::Command;

use orochart::gitops::edit::{self, Segment, ValueKind};
use orochart::{Map, Value};

use crate::{orochart, read, repo_root};

/// `../shared` from the repository root, or `OROCHART_SHARED` (a worktree elsewhere).
fn corpus() -> Option<PathBuf> {
    let shared = std::env::var_os("OROCHART_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared"));
    let dir = shared.join("corpus/values-realworld/values");
    dir.is_dir().then_some(dir)
}

fn helm() -> Option<PathBuf> {
    let p = PathBuf::from(std::env::var_os("OROCHART_HELM")?);
    p.is_file().then_some(p)
}

/// The first leaf (depth first, keys sorted) that `want` accepts, with its path.
fn find_leaf(
    v: &Value,
    path: &mut Vec<Segment>,
    want: &dyn Fn(&Value) -> bool,
) -> Option<Vec<Segment>> {
    match v {
        Value::Map(m) => {
            for (k, child) in m.iter() {
                path.push(Segment::Key(k.clone()));
                if let Some(p) = find_leaf(child, path, want) {
                    return Some(p);
                }
                path.pop();
            }
            None
        }
        Value::List(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(Segment::Index(i));
                if let Some(p) = find_leaf(child, path, want) {
                    return Some(p);
                }
                path.pop();
            }
            None
        }
        leaf => want(leaf).then(|| path.clone()),
    }
}

/// The edits tried on a file: a string leaf set to a number-looking string, a number leaf set to
/// another number, and a new key under the root.
fn edits(values: &Map) -> Vec<(String, String)> {
    let root = Value::Map(values.clone());
    let mut out = Vec::new();
    let tag = [Segment::Key("image".into()), Segment::Key("tag".into())];
    let string = if matches!(edit::get(values, &tag), Some(Value::String(_))) {
        Some(tag.to_vec())
    } else {
        find_leaf(
            &root,
            &mut Vec::new(),
            &|v| matches!(v, Value::String(s) if !s.contains('\n')),
        )
    };
    if let Some(p) = string {
        out.push((edit::path_string(&p), "2.0".to_owned()));
    }
    if let Some(p) = find_leaf(&root, &mut Vec::new(), &|v| matches!(v, Value::Float(_))) {
        out.push((edit::path_string(&p), "7".to_owned()));
    }
    out.push(("orochartAdded.key".to_owned(), "v1".to_owned()));
    out
}

/// The old and new bytes that differ between two texts (common prefix and suffix removed).
fn changed_region<'a>(old: &'a str, new: &'a str) -> (&'a str, &'a str) {
    let p = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let s = old[p..]
        .bytes()
        .rev()
        .zip(new[p..].bytes().rev())
        .take_while(|(a, b)| a == b)
        .count();
    (&old[p..old.len() - s], &new[p..new.len() - s])
}

/// Tries the edits of [`edits`] on each file: `(tried, made, refused with why)`.
fn try_edits(files: &[PathBuf]) -> (usize, usize, Vec<String>) {
    let (mut tried, mut done, mut refused) = (0, 0, Vec::new());
    for f in files {
        let name = f.display().to_string();
        let text = read(f);
        let Ok(values) = orochart::values::parse_values_map(&text, &name) else {
            continue; // Helm rejects it too (the parity corpus covers that)
        };
        for (key, value) in edits(&values) {
            tried += 1;
            let a = edit::parse_assignment(&format!("{key}={value}"), ValueKind::Auto)
                .unwrap_or_else(|e| panic!("{name}: {key}: {e}"));
            match edit::set(&text, &name, &a) {
                Ok((new, change)) => {
                    done += 1;
                    let (old_bytes, new_bytes) = changed_region(&text, &new);
                    if key.starts_with("orochartAdded") {
                        assert!(
                            old_bytes.is_empty() || old_bytes == "\n",
                            "{name}: {old_bytes:?}"
                        );
                        assert!(
                            new_bytes.contains("orochartAdded:"),
                            "{name}: {new_bytes:?}"
                        );
                    } else {
                        assert!(
                            !old_bytes.contains('\n'),
                            "{name} {key}: {old_bytes:?} → {new_bytes:?}"
                        );
                        assert!(
                            new_bytes.len() <= old_bytes.len() + value.len() + 2,
                            "{name} {key}: {old_bytes:?} → {new_bytes:?}"
                        );
                    }
                    let expected = match value.as_str() {
                        "7" => Value::Float(7.0),
                        v => Value::String(v.into()),
                    };
                    assert_eq!(change.new, expected, "{name} {key}");
                }
                Err(e) => refused.push(format!("{name} {key}: {e}")),
            }
        }
    }
    (tried, done, refused)
}

#[test]
fn set_on_real_values_files_changes_only_the_value_bytes() {
    let Some(dir) = corpus() else {
        eprintln!("SKIPPED set_on_real_values_files: ../shared/corpus/values-realworld not found");
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    // Two halves on two threads: the files are independent.
    let (first, second) = files.split_at(files.len() / 2);
    let (a, b) = std::thread::scope(|s| {
        let h = s.spawn(|| try_edits(second));
        let a = try_edits(first);
        (a, h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    let (tried, done) = (a.0 + b.0, a.1 + b.1);
    let refused: Vec<String> = a.2.into_iter().chain(b.2).collect();
    eprintln!(
        "set on real values files: {done} of {tried} edits made, {} refused",
        refused.len()
    );
    for r in refused.iter().take(20) {
        eprintln!("  refused: {r}");
    }
    assert!(tried > 3000, "only {tried} edits tried");
    // Refusals are for what set does not rewrite (block scalars, anchors, multi-line values).
    assert!(
        refused.len() * 50 < tried,
        "{} refused of {tried}",
        refused.len()
    );
}

/// A chart that prints its values as JSON.
fn probe_chart(dir: &Path) {
    std::fs::create_dir_all(dir.join("templates")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("Chart.yaml"),
        "apiVersion: v2\nname: probe\nversion: 0.1.0\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        dir.join("templates/values.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: probe\ndata:\n  json: {{ toJson .Values | quote }}\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
}

fn helm_template(helm: &Path, chart: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(helm)
        .args(["template", "probe"])
        .arg(chart)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("helm: {e}"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn helm_reads_a_set_file_as_the_original_with_one_value_changed() {
    let Some(helm) = helm() else {
        eprintln!("SKIPPED helm_reads_a_set_file: Helm not found (set OROCHART_HELM)");
        return;
    };
    let Some(dir) = corpus() else {
        eprintln!("SKIPPED helm_reads_a_set_file: ../shared/corpus/values-realworld not found");
        return;
    };
    let work = std::env::temp_dir().join(format!("orochart-set-parity-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    probe_chart(&work.join("chart"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut compared = 0;
    // Every 50th file: about 30 files, 3 edits each, two Helm runs per edit.
    for f in files.iter().step_by(50) {
        let name = f.display().to_string();
        let text = read(f);
        let Ok(values) = orochart::values::parse_values_map(&text, &name) else {
            continue;
        };
        for (i, (key, value)) in edits(&values).into_iter().enumerate() {
            let Ok(a) = edit::parse_assignment(&format!("{key}={value}"), ValueKind::Auto) else {
                continue;
            };
            let Ok((new, change)) = edit::set(&text, &name, &a) else {
                continue;
            };
            let edited = work.join(format!("edited-{compared}-{i}.yaml"));
            std::fs::write(&edited, &new).unwrap_or_else(|e| panic!("{e}"));
            // What the user asked for: the string `2.0`, the number 7, the string `v1`.
            let json = match value.as_str() {
                "7" => "7".to_owned(),
                v => format!("\"{v}\""),
            };
            assert_eq!(
                orochart::gitops::edit::show_value(&change.new).as_deref(),
                Some(json.as_str()),
                "{name} {key}"
            );
            let chart = work.join("chart");
            let original = helm_template(
                &helm,
                &chart,
                &["-f", &name, "--set-json", &format!("{key}={json}")],
            );
            let after = helm_template(&helm, &chart, &["-f", &edited.display().to_string()]);
            assert!(original.0, "{name}: helm failed: {}", original.1);
            assert_eq!(
                original, after,
                "{name} {key}={value}: Helm reads the edited file differently"
            );
        }
        compared += 1;
    }
    eprintln!("helm parity of set: {compared} real values files compared");
    assert!(compared > 25, "only {compared} files compared");
    let _ = std::fs::remove_dir_all(&work);
}

#[test]
fn set_and_promote_edit_files_in_place_and_leave_them_alone_on_error() {
    let dir = std::env::temp_dir().join(format!("orochart-set-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let staging = dir.join("staging/identity");
    let prod = dir.join("prod/identity");
    for d in [&staging, &prod] {
        std::fs::create_dir_all(d).unwrap_or_else(|e| panic!("{e}"));
    }
    let original =
        "# prod\nimage:\n  repository: r/identity  # where\n  tag: \"1.4\"\n\nreplicaCount: 3\n";
    std::fs::write(prod.join("values.yaml"), original).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        staging.join("values.yaml"),
        "image:\n  repository: r/identity\n  tag: '1.5'\n  digest: sha256:abc\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let run = |args: &[&str]| {
        let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
        orochart(&dir, &args)
    };

    // A schema error: the file is untouched, nothing on stdout.
    let out = run(&["set", "prod/identity/values.yaml", "replicaCount=-1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("Error: "));
    assert_eq!(read(&prod.join("values.yaml")), original);

    // --dry-run prints, writes nothing.
    let out = run(&[
        "set",
        "prod/identity/values.yaml",
        "replicaCount=4",
        "--dry-run",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        original.replace("replicaCount: 3", "replicaCount: 4")
    );
    assert_eq!(read(&prod.join("values.yaml")), original);

    // promote copies the tag and the digest, in DEST's style.
    let out = run(&["promote", "staging/identity", "prod/identity"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "prod/identity/values.yaml: image.tag: \"1.4\" → \"1.5\"\nprod/identity/values.yaml: image.digest: added \"sha256:abc\"\n"
    );
    assert_eq!(
        read(&prod.join("values.yaml")),
        "# prod\nimage:\n  repository: r/identity  # where\n  tag: \"1.5\"\n  digest: sha256:abc\n\nreplicaCount: 3\n"
    );
    // Helm reads the promoted file as the original with staging's two values.
    match helm() {
        None => eprintln!("SKIPPED promote's Helm check: Helm not found (set OROCHART_HELM)"),
        Some(helm) => {
            let chart = dir.join("probe");
            probe_chart(&chart);
            let before = dir.join("before.yaml");
            std::fs::write(&before, original).unwrap_or_else(|e| panic!("{e}"));
            let by_helm = helm_template(
                &helm,
                &chart,
                &[
                    "-f",
                    &before.display().to_string(),
                    "--set-json",
                    "image.tag=\"1.5\"",
                    "--set-json",
                    "image.digest=\"sha256:abc\"",
                ],
            );
            let promoted = helm_template(
                &helm,
                &chart,
                &["-f", &prod.join("values.yaml").display().to_string()],
            );
            assert!(by_helm.0, "{}", by_helm.1);
            assert_eq!(by_helm, promoted);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
