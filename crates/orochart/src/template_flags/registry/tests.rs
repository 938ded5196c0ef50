//! Every expected message here was printed by the reference Helm named (`helm template
//! ./chart --registry-config FILE`), not by this code. The parity cases
//! (`tests/parity/flags-registry-config-*`) check the same against the real binaries.

use super::*;
use crate::template_flags::{root_failure, FlagError};
use HelmVersion::{V3_17, V3_18, V3_19, V4_1, V4_2, V4_3};

/// [`failure`]'s text: Helm's words, or orochart's refusal marked as such.
fn words(
    helm: HelmVersion,
    flag: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    failure(helm, flag, env).map(|r| match r {
        Refusal::Helm(words) => words,
        Refusal::Orochart(why) => format!("orochart: {why}"),
    })
}

/// A scratch folder of its own for each test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("orochart-registry-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}

fn write(path: &std::path::Path, text: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// The error for a config file holding `text`, with no Docker config (3.17 reads one).
fn error_for(helm: HelmVersion, dir: &std::path::Path, text: &[u8]) -> Option<String> {
    let file = dir.join("reg.json");
    write(&file, text);
    let path = file.to_string_lossy().into_owned();
    let home = dir.join("home").to_string_lossy().into_owned();
    let env = move |name: &str| (name == "HOME").then(|| home.clone());
    words(helm, Some(&path), &env).map(|e| e.replace(&path, "reg.json"))
}

#[test]
fn oras_v2_refuses_what_go_cannot_decode_in_each_helms_words() {
    let dir = scratch("v2");
    let at = "failed to decode config file at reg.json: invalid config format: ";
    let no_at = "failed to decode config file reg.json: invalid config format: ";
    for (helm, prefix) in [
        (V3_18, at),
        (V3_19, at),
        (V4_1, at),
        (V4_2, no_at),
        (V4_3, no_at),
    ] {
        let syntax = error_for(helm, &dir, b"not json");
        assert_eq!(
            syntax
                .as_deref()
                .map(|e| e.strip_prefix(prefix).unwrap_or(e)),
            Some("invalid character 'o' in literal null (expecting 'u')"),
            "{helm}"
        );
        let cut = error_for(helm, &dir, br#"{"a":"#);
        assert_eq!(cut, Some(format!("{prefix}unexpected EOF")), "{helm}");
        let raw = if helm == V4_3 {
            "jsontext.Value"
        } else {
            "json.RawMessage"
        };
        assert_eq!(
            error_for(helm, &dir, b"[]"),
            Some(format!(
                "{prefix}json: cannot unmarshal array into Go value of type map[string]{raw}"
            )),
            "{helm}"
        );
        // A top-level number's trailing garbage is never read: the type is the error.
        assert_eq!(
            error_for(helm, &dir, b"5x"),
            Some(format!(
                "{prefix}json: cannot unmarshal number into Go value of type map[string]{raw}"
            )),
            "{helm}"
        );
        // What follows the first value is not read; bytes that are not UTF-8 are fine.
        for fine in [
            &b"null"[..],
            b"nullx",
            b"{} garbage",
            b"{\"a\":\"\xff\"}",
            b"{\"a\":1e999}",
        ] {
            assert_eq!(error_for(helm, &dir, fine), None, "{helm} {fine:?}");
        }
        // A Go map: the last member of a name wins.
        assert_eq!(
            error_for(helm, &dir, br#"{"credsStore":5,"credsStore":"a"}"#),
            None,
            "{helm}"
        );
        assert_eq!(
            error_for(helm, &dir, br#"{"credsStore":"a","credsStore":true}"#),
            Some(
                "failed to unmarshal creds store field: invalid config format: json: cannot unmarshal bool into Go value of type string"
                    .into()
            ),
            "{helm}"
        );
        // The fields are checked in oras-go's order, whatever the file's.
        assert_eq!(
            error_for(helm, &dir, br#"{"auths": "x", "credsStore": 5}"#),
            Some(
                "failed to unmarshal creds store field: invalid config format: json: cannot unmarshal number into Go value of type string"
                    .into()
            ),
            "{helm}"
        );
        assert_eq!(
            error_for(helm, &dir, br#"{"auths": 5}"#),
            Some(format!(
                "failed to unmarshal auths field: invalid config format: json: cannot unmarshal number into Go value of type map[string]{raw}"
            )),
            "{helm}"
        );
        // An `auths` entry is kept as it is.
        assert_eq!(
            error_for(helm, &dir, br#"{"auths": {"x": 5}}"#),
            None,
            "{helm}"
        );
    }
    // Go 1.25's encoding/json (Helm 4.3) names the member of a map.
    let helpers = br#"{"credHelpers": {"ok": "x", "a.b/c~d": 1, "e": true}}"#;
    let words = "failed to unmarshal cred helpers field: invalid config format: json: cannot unmarshal number into";
    assert_eq!(
        error_for(V4_1, &dir, helpers),
        Some(format!("{words} Go value of type string"))
    );
    assert_eq!(
        error_for(V4_3, &dir, helpers),
        Some(format!("{words} Go struct field .a.b~1c~0d of type string"))
    );
    // An empty file: refused by oras-go 2.5 and 2.6, worked around by Helm 3.19, accepted by
    // oras-go 2.6.1.
    for (helm, refused) in [
        (V3_18, true),
        (V3_19, false),
        (V4_1, true),
        (V4_2, false),
        (V4_3, false),
    ] {
        assert_eq!(error_for(helm, &dir, b"  \n ").is_some(), refused, "{helm}");
    }
    assert_eq!(
        error_for(V4_1, &dir, b""),
        Some("failed to decode config file at reg.json: invalid config format: EOF".into())
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn oras_v2_reports_a_path_it_cannot_open_or_read() {
    let dir = scratch("v2-paths");
    let file = dir.join("file");
    write(&file, b"{}");
    let through = format!("{}/x", file.display());
    assert_eq!(
        words(V4_3, Some(&through), &|_| None),
        Some(format!(
            "failed to open config file at {through}: open {through}: not a directory"
        ))
    );
    let folder = dir.to_string_lossy().into_owned();
    assert_eq!(
        words(V4_1, Some(&folder), &|_| None),
        Some(format!(
            "failed to decode config file at {folder}: invalid config format: read {folder}: is a directory"
        ))
    );
    let missing = format!("{folder}/missing.json");
    assert_eq!(words(V4_3, Some(&missing), &|_| None), None);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Helm 3.17's error without its stacks: the lines that are not frames.
fn message_lines(error: &str) -> Vec<&str> {
    let lines: Vec<&str> = error.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let frame = lines.get(i + 1).is_some_and(|next| next.starts_with('\t'));
        if frame {
            i += 2;
        } else {
            out.push(lines[i]);
            i += 1;
        }
    }
    out
}

#[test]
fn oras_v1_decodes_dockers_config_file_type() {
    let dir = scratch("v1");
    let cases: [(&[u8], &str); 12] = [
        (b"not json", "invalid character 'o' in literal null (expecting 'u')"),
        (b"[]", "json: cannot unmarshal array into Go value of type configfile.ConfigFile"),
        (
            br#"{"auths": 5}"#,
            "json: cannot unmarshal number into Go struct field ConfigFile.auths of type map[string]types.AuthConfig",
        ),
        (
            br#"{"AUTHS": {"x": 5}}"#,
            "json: cannot unmarshal number into Go struct field ConfigFile.auths of type types.AuthConfig",
        ),
        (
            br#"{"auths": {"r": {"username": 5}}}"#,
            "json: cannot unmarshal number into Go struct field AuthConfig.auths.username of type string",
        ),
        (
            br#"{"proxies": {"p": {"httpProxy": 5}}}"#,
            "json: cannot unmarshal number into Go struct field ProxyConfig.proxies.httpProxy of type string",
        ),
        (
            br#"{"plugins": {"p": {"a": 5}}}"#,
            "json: cannot unmarshal number into Go struct field ConfigFile.plugins of type string",
        ),
        (
            br#"{"pruneFilters": [5]}"#,
            "json: cannot unmarshal number into Go struct field ConfigFile.pruneFilters of type string",
        ),
        // Fields in the file's order; a name given twice fails at the first.
        (
            br#"{"auths": "x", "credsStore": 5}"#,
            "json: cannot unmarshal string into Go struct field ConfigFile.auths of type map[string]types.AuthConfig",
        ),
        (
            br#"{"credsStore": 5, "credsStore": "a"}"#,
            "json: cannot unmarshal number into Go struct field ConfigFile.credsStore of type string",
        ),
        // Each `auth` is base64 of `user:password`.
        (br#"{"auths": {"r": {"auth": "!!"}}}"#, "illegal base64 data at input byte 0"),
        (br#"{"auths": {"r": {"auth": "Zm9v"}}}"#, "Invalid auth configuration file"),
    ];
    for (text, want) in cases {
        let error = error_for(V3_17, &dir, text);
        let error = error.unwrap_or_else(|| panic!("{text:?} is accepted"));
        let lines = message_lines(&error);
        assert_eq!(
            lines,
            [want, "reg.json"],
            "{}",
            String::from_utf8_lossy(text)
        );
    }
    for fine in [
        &b""[..],
        b" \n",
        b"null",
        br#"{"credHelpers": null, "auths": {"r": {"auth": "Zm9vOmJhcg=="}}}"#,
        // A later entry of a name replaces the earlier one.
        br#"{"auths": {"r": {"auth": "!!"}, "r": {}}}"#,
        br#"{"auths": {"r": {"auth": "!!"}}, "auths": null}"#,
        br#"{"unknown": [1, {"a": 2}], "HttpHeaders": {"a": "b"}}"#,
    ] {
        assert_eq!(
            error_for(V3_17, &dir, fine),
            None,
            "{}",
            String::from_utf8_lossy(fine)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn oras_v1_prints_the_stacks_helm_3_17_prints() {
    let dir = scratch("v1-stacks");
    let error = error_for(V3_17, &dir, b"not json").unwrap_or_default();
    assert_eq!(
        error,
        "invalid character 'o' in literal null (expecting 'u')
reg.json
oras.land/oras-go/pkg/auth/docker.NewClientWithDockerFallback
\toras.land/oras-go@v1.2.5/pkg/auth/docker/client.go:80
helm.sh/helm/v3/pkg/registry.NewClient
\thelm.sh/helm/v3/pkg/registry/client.go:95
main.newDefaultRegistryClient
\thelm.sh/helm/v3/cmd/helm/root.go:290
main.newRootCmd
\thelm.sh/helm/v3/cmd/helm/root.go:158
main.main
\thelm.sh/helm/v3/cmd/helm/helm.go:68
runtime.main
\truntime/proc.go:272
runtime.goexit
\truntime/asm_amd64.s:1700"
    );
    // `decodeAuth`'s own error carries its stack, then the wrap's.
    let auth = error_for(V3_17, &dir, br#"{"auths": {"r": {"auth": "Zm9v"}}}"#).unwrap_or_default();
    assert!(auth.starts_with(
        "Invalid auth configuration file
github.com/docker/cli/cli/config/configfile.decodeAuth
\tgithub.com/docker/cli@v25.0.1+incompatible/cli/config/configfile/file.go:248
"
    ));
    assert_eq!(auth.matches("runtime.goexit").count(), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn oras_v1_reads_dockers_own_config_after_helms() {
    let dir = scratch("v1-docker");
    let docker = dir.join("docker");
    write(
        &docker.join("config.json"),
        br#"{"auths": {"r": {"auth": "Zm9v"}}}"#,
    );
    let docker_dir = docker.to_string_lossy().into_owned();
    let env = |name: &str| (name == "DOCKER_CONFIG").then(|| docker_dir.clone());
    let missing = dir.join("missing.json").to_string_lossy().into_owned();
    let error = words(V3_17, Some(&missing), &env).unwrap_or_default();
    let name = format!("{docker_dir}/config.json");
    assert_eq!(
        message_lines(&error),
        ["Invalid auth configuration file", name.as_str()]
    );
    assert!(error.contains("cli/config/config.go:115"));
    // Helm 3.18+ do not read it.
    assert_eq!(words(V3_18, Some(&missing), &env), None);
    // `$HOME/.docker/config.json` when DOCKER_CONFIG is not set; one Docker cannot open is
    // no config.
    let home = dir.join("home");
    write(&home.join(".docker/config.json"), b"[]");
    let home_dir = home.to_string_lossy().into_owned();
    let env = |name: &str| (name == "HOME").then(|| home_dir.clone());
    let error = words(V3_17, Some(&missing), &env).unwrap_or_default();
    assert_eq!(
        message_lines(&error)[0],
        "json: cannot unmarshal array into Go value of type configfile.ConfigFile"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_file_is_the_flag_then_the_environment_then_helms_config_home() {
    let env = |vars: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    };
    assert_eq!(
        config_path(Some("f.json"), &env(&[("HELM_REGISTRY_CONFIG", "e.json")])),
        "f.json"
    );
    assert_eq!(
        config_path(None, &env(&[("HELM_REGISTRY_CONFIG", "e.json")])),
        "e.json"
    );
    // Empty is the default.
    assert_eq!(
        config_path(
            Some(""),
            &env(&[("HELM_REGISTRY_CONFIG", "e.json"), ("HOME", "/h")])
        ),
        "/h/.config/helm/registry/config.json"
    );
    assert_eq!(
        config_path(
            None,
            &env(&[("HELM_CONFIG_HOME", "/c//"), ("XDG_CONFIG_HOME", "/x")])
        ),
        "/c/registry/config.json"
    );
    assert_eq!(
        config_path(None, &env(&[("XDG_CONFIG_HOME", "x/"), ("HOME", "/h")])),
        "x/helm/registry/config.json"
    );
    assert_eq!(
        config_path(None, &env(&[])),
        ".config/helm/registry/config.json"
    );
}

#[test]
fn the_root_reads_the_whole_command_line_as_pflag_does() {
    let dir = scratch("root");
    let bad = dir.join("bad.json");
    write(&bad, b"not json");
    let bad = bad.to_string_lossy().into_owned();
    let fails = |args: &[&str]| {
        let mut line = vec!["template".to_owned(), "./chart".to_owned()];
        line.extend(args.iter().map(|a| a.replace("BAD", &bad)));
        matches!(
            root_failure(V4_3, &line, &|_| None),
            Some(FlagError::Logged(_))
        )
    };
    assert!(fails(&["--registry-config", "BAD"]));
    assert!(fails(&["--registry-config=BAD"]));
    // An unknown flag takes the next argument along unless it starts with `-`.
    assert!(fails(&["--set", "--registry-config=BAD"]));
    assert!(fails(&["--set", "a=b", "--registry-config=BAD"]));
    assert!(fails(&["--set", "--registry-config", "BAD"]));
    assert!(!fails(&["--unknown", "--registry-config"]));
    // A root flag that takes a value takes the next argument, whatever it is.
    assert!(!fails(&["-n", "--registry-config=BAD"]));
    assert!(!fails(&["--kube-context", "--registry-config=BAD"]));
    assert!(fails(&["-gn", "x", "--registry-config=BAD"]));
    // The last one wins.
    assert!(!fails(&[
        "--registry-config=BAD",
        "--registry-config=/nonexistent"
    ]));
    // Reading stops at `--`, at `--help` or `-h`, and at the first refused root flag.
    for stop in [
        "--",
        "--help",
        "-h",
        "--burst-limit=x",
        "--debug=x",
        "---x",
        "--qps",
    ] {
        assert!(!fails(&[stop, "--registry-config=BAD"]), "{stop}");
    }
    assert!(fails(&["--debug", "--registry-config=BAD"]));
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn a_file_without_end_is_refused_not_read_forever() {
    // `/dev/zero` never ends: orochart stops at its input limit, in every profile.
    for helm in [V3_17, V3_19, V4_3] {
        let refused = words(helm, Some("/dev/zero"), &|_| None).unwrap_or_default();
        assert!(
            refused.starts_with("orochart: `/dev/zero` is larger than 64 MiB"),
            "{helm}: {refused}"
        );
    }
    // Docker's config too (Helm 3.17 reads it after Helm's).
    let dir = scratch("endless");
    let link = dir.join("config.json");
    std::os::unix::fs::symlink("/dev/zero", &link)
        .unwrap_or_else(|e| panic!("{}: {e}", link.display()));
    let docker_dir = dir.to_string_lossy().into_owned();
    let env = |name: &str| (name == "DOCKER_CONFIG").then(|| docker_dir.clone());
    let refused = words(V3_17, Some("/nonexistent.json"), &env).unwrap_or_default();
    assert!(refused.starts_with("orochart: `"), "{refused}");
    assert!(
        refused.contains("config.json` is larger than 64 MiB"),
        "{refused}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
