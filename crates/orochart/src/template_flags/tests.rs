//! Every expected line here was printed by the reference Helm named (`helm template x ./chart
//! FLAGS`), not by this code. The parity cases (`tests/parity/flags-*`) check the same
//! against the real binaries.

use super::*;
use HelmVersion::{V3_17, V3_19, V4_1, V4_2, V4_3};

fn given(args: &[&str]) -> Vec<Given> {
    args.iter()
        .map(|a| {
            let a = a.trim_start_matches('-');
            match a.split_once('=') {
                Some((n, v)) => Given::long(n, v),
                None => Given::bare(a),
            }
        })
        .collect()
}

fn error(helm: HelmVersion, args: &[&str]) -> String {
    let raw: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    if let Some(FlagError::Logged(m)) = root_failure(helm, &raw, &|_| None) {
        return m;
    }
    match read(helm, &given(args)).result {
        Err(FlagError::Error(m)) => format!("Error: {m}"),
        Err(FlagError::Logged(m)) => m,
        Ok(_) => "ok".into(),
    }
}

fn stderr(helm: HelmVersion, args: &[&str]) -> Vec<String> {
    read(helm, &given(args)).stderr
}

#[test]
fn every_helm_reads_the_common_flags() {
    let args = [
        "--create-namespace",
        "--dependency-update",
        "--description=S",
        "--devel",
        "--disable-openapi-validation",
        "--insecure-skip-tls-verify",
        "--pass-credentials",
        "--plain-http",
        "--replace",
        "--take-ownership",
        "--wait-for-jobs",
        "--timeout=10m",
        "--labels=a=b",
        "--burst-limit=5",
        "--qps=2.5",
        "--kube-apiserver=https://x",
        "--kube-as-group=g",
        "--kube-as-group=h",
        "--kube-insecure-skip-tls-verify",
        "--keyring=/nonexist",
        "--version=9.9.9",
        "--atomic",
        "--force",
        "--hide-notes",
        "--render-subchart-notes",
        "--wait",
    ];
    for helm in HelmVersion::ALL {
        assert_eq!(error(helm, &args), "ok", "{helm}");
    }
}

#[test]
fn values_are_refused_in_helms_words() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--timeout=abc"],
            r#"Error: invalid argument "abc" for "--timeout" flag: time: invalid duration "abc""#,
        ),
        (
            &["--timeout="],
            r#"Error: invalid argument "" for "--timeout" flag: time: invalid duration """#,
        ),
        (&["--timeout"], "Error: flag needs an argument: --timeout"),
        (
            &["--labels=a"],
            r#"Error: invalid argument "a" for "-l, --labels" flag: a must be formatted as key=value"#,
        ),
        (
            &["--labels="],
            r#"Error: invalid argument "" for "-l, --labels" flag:  must be formatted as key=value"#,
        ),
        (
            &["--labels=a=1,b=2,c"],
            r#"Error: invalid argument "a=1,b=2,c" for "-l, --labels" flag: c must be formatted as key=value"#,
        ),
        (
            &["--burst-limit=99999999999999999999"],
            r#"Error: invalid argument "99999999999999999999" for "--burst-limit" flag: strconv.ParseInt: parsing "99999999999999999999": value out of range"#,
        ),
        (
            &["--qps=1e39"],
            r#"Error: invalid argument "1e39" for "--qps" flag: strconv.ParseFloat: parsing "1e39": value out of range"#,
        ),
        (
            &["--create-namespace=bogus"],
            r#"Error: invalid argument "bogus" for "--create-namespace" flag: strconv.ParseBool: parsing "bogus": invalid syntax"#,
        ),
        // The first refused value stops the reading.
        (
            &["--timeout=abc", "--qps=x"],
            r#"Error: invalid argument "abc" for "--timeout" flag: time: invalid duration "abc""#,
        ),
    ];
    for (args, want) in cases {
        for helm in HelmVersion::ALL {
            assert_eq!(error(helm, args), *want, "{helm} {args:?}");
        }
    }
    // `a=b,c` has one `=`: one pair, `a` → `b,c`.
    assert_eq!(error(V3_17, &["--labels=a=b,c"]), "ok");
}

#[test]
fn wait_is_a_bool_in_helm_3_and_a_strategy_in_helm_4() {
    assert_eq!(
        error(V3_17, &["--wait=legacy"]),
        r#"Error: invalid argument "legacy" for "--wait" flag: strconv.ParseBool: parsing "legacy": invalid syntax"#
    );
    assert_eq!(error(V4_3, &["--wait=legacy"]), "ok");
    assert_eq!(
        error(V4_1, &["--wait=1"]),
        r#"Error: invalid argument "1" for "--wait" flag: invalid wait input "1". Valid inputs are watcher, hookOnly, and legacy"#
    );
    assert_eq!(
        stderr(V4_2, &["--wait=true"]),
        [
            r#"level=WARN msg="--wait=true is deprecated (boolean value) and can be replaced with --wait=watcher""#
        ]
    );
    assert!(stderr(V4_2, &["--wait"]).is_empty());
    assert!(stderr(V3_19, &["--wait=true"]).is_empty());
}

#[test]
fn flags_a_helm_lacks_are_unknown_to_it() {
    for (helm, flag) in [
        (V3_17, "--color=never"),
        (V3_19, "--colour=always"),
        (V3_17, "--server-side=false"),
        (V3_17, "--force-replace"),
        (V3_19, "--rollback-on-failure"),
        (V3_17, "--content-cache=x"),
    ] {
        let name = flag.trim_start_matches('-').split('=').next().unwrap_or("");
        assert_eq!(
            error(helm, &[flag]),
            format!("Error: unknown flag: --{name}"),
            "{helm}"
        );
        assert_eq!(error(V4_1, &[flag]), "ok");
    }
}

#[test]
fn deprecation_notes_follow_the_reading_and_logged_warnings_come_first() {
    let args = [
        "--atomic",
        "--force",
        "--hide-notes",
        "--render-subchart-notes",
        "--wait=true",
    ];
    assert!(stderr(V3_17, &args).is_empty());
    let wait = r#"level=WARN msg="--wait=true is deprecated (boolean value) and can be replaced with --wait=watcher""#;
    let atomic = "Flag --atomic has been deprecated, use --rollback-on-failure instead";
    let force = "Flag --force has been deprecated, use --force-replace instead";
    assert_eq!(stderr(V4_1, &args), [wait, atomic, force]);
    let notes = |f: &str| {
        format!("Flag --{f} has been deprecated, this flag has no effect for 'helm template' and will be removed in Helm 5")
    };
    assert_eq!(
        stderr(V4_3, &args),
        [
            wait.to_owned(),
            atomic.to_owned(),
            force.to_owned(),
            notes("hide-notes"),
            notes("render-subchart-notes")
        ]
    );
    // A refused value: the logged warning stays, the notes are not printed.
    assert_eq!(
        stderr(V4_3, &["--atomic", "--wait=true", "--timeout=x"]),
        [wait]
    );
}

#[test]
fn helm_4_refuses_flags_given_together() {
    assert_eq!(
        error(V4_3, &["--force", "--force-conflicts"]),
        "Error: if any flags in the group [force force-conflicts] are set none of the others can be; [force force-conflicts] were all set"
    );
    assert_eq!(
        error(V4_2, &["--force-replace", "--force-conflicts=false"]),
        "Error: if any flags in the group [force-replace force-conflicts] are set none of the others can be; [force-conflicts force-replace] were all set"
    );
    assert_eq!(
        error(V4_1, &["--validate=false", "--dry-run=client"]),
        "Error: if any flags in the group [validate dry-run] are set none of the others can be; [dry-run validate] were all set"
    );
    assert_eq!(
        stderr(V4_1, &["--validate=false", "--dry-run=client"]),
        ["Flag --validate has been deprecated, use '--dry-run=server' instead"]
    );
}

#[test]
fn helm_4_checks_the_color_mode_before_anything_else() {
    let bogus = r#"level=WARN msg="command failed" error="invalid color mode \"bogus\": must be one of: never, auto, always""#;
    assert_eq!(error(V4_3, &["--color=bogus", "--qps=x"]), bogus);
    assert_eq!(error(V4_1, &["--timeout=x", "--color=bogus"]), bogus);
    // Its root flags are read up to the first bad one.
    assert_eq!(
        error(V4_3, &["--qps=x", "--color=bogus"]),
        r#"Error: invalid argument "x" for "--qps" flag: strconv.ParseFloat: parsing "x": invalid syntax"#
    );
    assert_eq!(error(V4_3, &["--color=bogus", "--colour=never"]), "ok");
    assert_eq!(
        error(V4_3, &["--color"]),
        "Error: flag needs an argument: --color"
    );
    assert_eq!(
        error(V3_17, &["--color=bogus"]),
        "Error: unknown flag: --color"
    );
}

fn dry_run(helm: HelmVersion, args: &[&str]) -> (Vec<String>, Result<DryRun, String>) {
    match read(helm, &given(args)).result {
        Ok(flags) => flags.dry_run(),
        Err(e) => (Vec::new(), Err(format!("read: {e}"))),
    }
}

#[test]
fn dry_run_reads_as_each_helm_reads_it() {
    use DryRun::{Client, ClientWithClusterLookups, Server};
    for v in [
        "--dry-run",
        "--dry-run=",
        "--dry-run=true",
        "--dry-run=client",
    ] {
        assert_eq!(dry_run(V3_17, &[v]), (vec![], Ok(Client)), "{v}");
    }
    for v in ["server", "none", "false"] {
        let arg = format!("--dry-run={v}");
        assert_eq!(
            dry_run(V3_17, &[&arg]),
            (vec![], Ok(ClientWithClusterLookups))
        );
    }
    assert_eq!(
        dry_run(V3_17, &["--dry-run=bogus", "--validate"]).1,
        Err("Invalid dry-run flag. Flag must one of the following: false, true, none, client, server".into())
    );
    assert_eq!(dry_run(V3_17, &["--validate"]).1, Ok(Server));

    assert_eq!(
        dry_run(V4_3, &["--dry-run"]),
        (
            vec![r#"level=WARN msg="--dry-run is deprecated and should be replaced with '--dry-run=client'""#.to_owned()],
            Ok(Client)
        )
    );
    assert_eq!(
        dry_run(V4_3, &["--dry-run=true"]),
        (
            vec![r#"level=WARN msg="boolean '--dry-run=true' flag is deprecated and must be replaced with '--dry-run=client'""#.to_owned()],
            Ok(Client)
        )
    );
    assert_eq!(dry_run(V4_3, &["--dry-run=server"]).1, Ok(Server));
    assert_eq!(dry_run(V4_2, &["--validate"]).1, Ok(Server));
    let must =
        |v: &str, which: &str| Err(format!("invalid dry-run value (\"{v}\"). Must be {which}"));
    assert_eq!(
        dry_run(V4_1, &["--dry-run=none"]).1,
        must("none", "\"server\" or \"client\"")
    );
    assert_eq!(
        dry_run(V4_1, &["--dry-run=false"]).1,
        must("false", "\"server\" or \"client\"")
    );
    assert_eq!(
        dry_run(V4_3, &["--dry-run=bogus"]).1,
        must("bogus", "\"none\", \"server\", or \"client\"")
    );
    assert_eq!(
        dry_run(V4_3, &["--dry-run="]).1,
        must("", "\"none\", \"server\", or \"client\"")
    );
}

#[test]
fn tls_files_that_cannot_be_read_fail_as_in_helm() {
    let missing = |p: &str| Err(format!("open {p}: no such file or directory"));
    let read = |p: &str| if p == "/ok" { Ok(()) } else { missing(p) };
    let tls = |helm, args: &[&str]| match read_flags(helm, args) {
        Some(flags) => flags.check_tls_files(&read),
        None => Err("read".into()),
    };
    let prefix = "missing registry client: can't create TLS config for client: ";
    assert_eq!(
        tls(V3_17, &["--ca-file=/nonexist"]),
        Err(format!("{prefix}can't read CA file: /nonexist"))
    );
    assert_eq!(
        tls(V4_3, &["--ca-file=/nonexist"]),
        Err(format!(
            "{prefix}can't read CA file: \"/nonexist\": open /nonexist: no such file or directory"
        ))
    );
    assert_eq!(
        tls(V3_17, &["--cert-file=/nonexist", "--key-file=/nonexist2"]),
        Err(format!("{prefix}can't load key pair from cert /nonexist and key /nonexist2: open /nonexist: no such file or directory"))
    );
    assert_eq!(
        tls(V4_1, &["--cert-file=/nonexist", "--key-file=/nonexist2"]),
        Err(format!(
            "{prefix}unable to read cert file: \"/nonexist\": open /nonexist: no such file or directory"
        ))
    );
    // A lone certificate is not read: no key pair, no CA file, TLS verified.
    assert_eq!(tls(V4_3, &["--cert-file=/nonexist"]), Ok(()));
    assert_eq!(
        tls(V3_17, &["--ca-file=/ok", "--insecure-skip-tls-verify"]),
        Ok(())
    );
}

fn read_flags(helm: HelmVersion, args: &[&str]) -> Option<Flags> {
    read(helm, &given(args)).result.ok()
}

#[test]
fn system_labels_are_refused() {
    let flags = read_flags(V4_3, &["--labels=a=b,owner=x"]);
    assert_eq!(
        flags.map(|f| f.check_labels()),
        Some(Err("user supplied labels contains system reserved label name. System labels: [name owner status version createdAt modifiedAt]".into()))
    );
    let flags = read_flags(V3_17, &["-labels=a=b", "--labels=c=d"]);
    assert_eq!(flags.as_ref().map(|f| f.labels.len()), Some(2));
    assert_eq!(flags.map(|f| f.check_labels()), Some(Ok(())));
}

#[test]
fn short_flags_are_named_as_pflag_names_them() {
    let g = Given {
        name: "labels".into(),
        short: true,
        value: None,
    };
    assert_eq!(
        read(V4_3, &[g]).result.err().map(|e| e.to_string()),
        Some("flag needs an argument: 'l' in -l".into())
    );
}

#[test]
fn slog_quotes_only_what_needs_it() {
    assert_eq!(slog_value("./chart"), "./chart");
    assert_eq!(slog_value(""), "\"\"");
    assert_eq!(slog_value("a b"), "\"a b\"");
    assert_eq!(slog_value("a=b"), "\"a=b\"");
    assert_eq!(slog_value("é"), "é");
}

#[test]
fn flags_read_elsewhere_are_checked_in_their_place() {
    let own = |g: &Given| {
        (g.name == "post-renderer").then(|| match g.value.as_deref() {
            Some("ok") => Ok(()),
            _ => Err("not found".to_owned()),
        })
    };
    let reading = |args: &[Given]| match read_with(V4_3, args, &own).result {
        Ok(_) => "ok".to_owned(),
        Err(e) => e.to_string(),
    };
    assert_eq!(
        reading(&[
            Given::long("post-renderer", "x"),
            Given::long("timeout", "x")
        ]),
        r#"invalid argument "x" for "--post-renderer" flag: not found"#
    );
    assert_eq!(
        reading(&[
            Given::long("post-renderer", "ok"),
            Given::long("timeout", "x")
        ]),
        r#"invalid argument "x" for "--timeout" flag: time: invalid duration "x""#
    );
    // A refusal there, as any, keeps the deprecation notes back.
    let r = read_with(
        V4_3,
        &[Given::bare("atomic"), Given::long("post-renderer", "x")],
        &own,
    );
    assert!(r.stderr.is_empty() && r.result.is_err());
}

/// klog's flags, which Helm adds hidden to its root command: read by klog's own `Set`s and
/// the Go `flag` package's (`parse error`), the same in every Helm.
#[test]
fn klog_flags_are_read_as_klog_reads_them() {
    let ok: &[&str] = &[
        "--add-dir-header",
        "--alsologtostderr=false",
        "--log-backtrace-at=main.go:12",
        "--log-backtrace-at=",
        "--log-backtrace-at=a.go:+3",
        "--log-dir=x",
        "--log-file=x",
        "--log-file-max-size=0x10",
        "--log-file-max-size=1_000",
        "--logtostderr=T",
        "--one-output",
        "--skip-headers=0",
        "--skip-log-headers",
        "--stderrthreshold=warning",
        "--stderrthreshold=7",
        "--v=+3",
        "--v=-1",
        "--v=-2147483648",
        "--vmodule=a=0,,b=2,",
        "--vmodule=",
    ];
    let refused: &[(&str, &str)] = &[
        (
            "--v=abc",
            r#"Error: invalid argument "abc" for "-v, --v" flag: strconv.ParseInt: parsing "abc": invalid syntax"#,
        ),
        (
            "--v=0x10",
            r#"Error: invalid argument "0x10" for "-v, --v" flag: strconv.ParseInt: parsing "0x10": invalid syntax"#,
        ),
        (
            "--v=1_0",
            r#"Error: invalid argument "1_0" for "-v, --v" flag: strconv.ParseInt: parsing "1_0": invalid syntax"#,
        ),
        (
            "--v=2147483648",
            r#"Error: invalid argument "2147483648" for "-v, --v" flag: strconv.ParseInt: parsing "2147483648": value out of range"#,
        ),
        (
            "--v=99999999999",
            r#"Error: invalid argument "99999999999" for "-v, --v" flag: strconv.ParseInt: parsing "99999999999": value out of range"#,
        ),
        (
            "--log-file-max-size=-1",
            r#"Error: invalid argument "-1" for "--log-file-max-size" flag: parse error"#,
        ),
        (
            "--log-file-max-size=99999999999999999999",
            r#"Error: invalid argument "99999999999999999999" for "--log-file-max-size" flag: value out of range"#,
        ),
        (
            "--logtostderr=maybe",
            r#"Error: invalid argument "maybe" for "--logtostderr" flag: parse error"#,
        ),
        (
            "--logtostderr=",
            r#"Error: invalid argument "" for "--logtostderr" flag: parse error"#,
        ),
        (
            "--stderrthreshold=x",
            r#"Error: invalid argument "x" for "--stderrthreshold" flag: strconv.ParseInt: parsing "x": invalid syntax"#,
        ),
        (
            "--stderrthreshold=99999999999",
            r#"Error: invalid argument "99999999999" for "--stderrthreshold" flag: strconv.ParseInt: parsing "99999999999": value out of range"#,
        ),
        (
            "--log-backtrace-at=x",
            r#"Error: invalid argument "x" for "--log-backtrace-at" flag: syntax error: expect file.go:234"#,
        ),
        (
            "--log-backtrace-at=a.go:x",
            r#"Error: invalid argument "a.go:x" for "--log-backtrace-at" flag: syntax error: expect file.go:234"#,
        ),
        (
            "--log-backtrace-at=a.go:1:2",
            r#"Error: invalid argument "a.go:1:2" for "--log-backtrace-at" flag: syntax error: expect file.go:234"#,
        ),
        (
            "--log-backtrace-at=a.go:0",
            r#"Error: invalid argument "a.go:0" for "--log-backtrace-at" flag: negative or zero value for level"#,
        ),
        (
            "--vmodule=x",
            r#"Error: invalid argument "x" for "--vmodule" flag: syntax error: expect comma-separated list of filename=N"#,
        ),
        (
            "--vmodule=a=b",
            r#"Error: invalid argument "a=b" for "--vmodule" flag: syntax error: expect comma-separated list of filename=N"#,
        ),
        (
            "--vmodule==1",
            r#"Error: invalid argument "=1" for "--vmodule" flag: syntax error: expect comma-separated list of filename=N"#,
        ),
        (
            "--vmodule=a=-1",
            r#"Error: invalid argument "a=-1" for "--vmodule" flag: negative value for vmodule level"#,
        ),
        ("--log_dir=x", "Error: unknown flag: --log_dir"),
    ];
    for helm in HelmVersion::ALL {
        assert_eq!(error(helm, ok), "ok", "{helm}");
        for (arg, want) in refused {
            assert_eq!(error(helm, &[arg]), *want, "{helm} {arg}");
        }
        // Bare, `--v` needs its value.
        assert_eq!(
            error(helm, &["--v"]),
            "Error: flag needs an argument: --v",
            "{helm}"
        );
    }
    // The klog of Helm 4.2 and later has two more flags.
    let newer = [
        "--alsologtostderrthreshold=INFO",
        "--legacy-stderr-threshold-behavior",
    ];
    for helm in [V3_17, V3_19, V4_1] {
        assert_eq!(
            error(helm, &newer),
            "Error: unknown flag: --alsologtostderrthreshold",
            "{helm}"
        );
    }
    for helm in [V4_2, V4_3] {
        assert_eq!(error(helm, &newer), "ok", "{helm}");
    }
    // Root flags: a bad level stops Helm 4 before `--color` is checked.
    assert_eq!(
        error(V4_3, &["--v=abc", "--color=x"]),
        r#"Error: invalid argument "abc" for "-v, --v" flag: strconv.ParseInt: parsing "abc": invalid syntax"#
    );
}
