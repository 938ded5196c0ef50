//! Helm's storage driver (`HELM_DRIVER`), which Helm sets up once the command line is read
//! and before the command runs (cobra's `OnInitialize`: after pflag's errors and deprecation
//! notes, before the flag groups are checked): a driver Helm does not know stops every
//! command, and the `memory` driver first loads the releases `HELM_MEMORY_DRIVER_DATA` lists
//! (colon-separated files; unset is one file named ``). Each failure is Go's `log.Fatal`:
//! `helm.go:LINE: …` from Helm 3, `level=INFO msg="…"` from Helm 4.
//!
//! The `sql` driver connects to a database before `helm template` renders anything; orochart
//! connects to none and refuses it. A memory driver file past orochart's input limit
//! ([`crate::input::MAX_FILE_SIZE`]) is refused rather than read to its end. The release
//! records of the memory driver's files are not checked beyond being a YAML list (Helm
//! stores each, and crashes on one without `info`).

use crate::profile::HelmVersion;

use super::FlagError;

/// Why setting up `HELM_DRIVER` (given by `env`) stops Helm, if it does.
pub(super) fn failure(
    helm: HelmVersion,
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<FlagError> {
    let rules = helm.profile().storage_driver;
    // Go's `log.Fatal`, with the line of Helm's call (Helm 3) or through slog (Helm 4).
    let fatal = |line: fn(&(u32, u32, u32)) -> u32, message: String| {
        Some(FlagError::Logged(match &rules.fatal_lines {
            Some(lines) => format!("helm.go:{}: {message}", line(lines)),
            None => super::slog_line("INFO", &message, &[]),
        }))
    };
    match env("HELM_DRIVER").unwrap_or_default().as_str() {
        "" | "secret" | "secrets" | "configmap" | "configmaps" => None,
        "sql" => Some(FlagError::Error(
            "HELM_DRIVER=sql: Helm connects to its SQL release store \
             (HELM_DRIVER_SQL_CONNECTION_STRING) before rendering; orochart connects to none"
                .to_owned(),
        )),
        "memory" => {
            let data = env("HELM_MEMORY_DRIVER_DATA").unwrap_or_default();
            for path in data.split(':') {
                let file = std::path::Path::new(path);
                let read = std::fs::File::open(file)
                    .map_err(|e| crate::Error::io(file, e))
                    .and_then(|f| crate::input::read_capped(f, file, 0));
                let bytes = match read {
                    Ok(b) => b,
                    Err(crate::Error::Io { source, .. }) => {
                        let why = crate::go::read_file_error(file, &source);
                        return fatal(|l| l.1, format!("Unable to read memory driver data{why}"));
                    }
                    // Past orochart's input limit (`/dev/zero`): not read further.
                    Err(e) => return Some(FlagError::Error(e.to_string())),
                };
                if let Some(why) = not_a_release_list(&bytes, rules.release_list_type) {
                    return fatal(
                        |l| l.2,
                        format!("Unable to unmarshal memory driver data: {why}"),
                    );
                }
            }
            None
        }
        other => fatal(
            |l| l.0,
            format!("unknown driver {}", crate::go::quote(other)),
        ),
    }
}

/// sigs.k8s.io/yaml's error for `bytes` read into a list of releases, as far as orochart
/// checks it: the YAML, and that its first document is a list (or empty).
fn not_a_release_list(bytes: &[u8], list_type: &str) -> Option<String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let why = crate::input::go_utf8_error(bytes, e);
            return Some(format!("error converting YAML to JSON: yaml: {why}"));
        }
    };
    match crate::values::parse_yaml_document(text, "memory driver data", false) {
        Ok(crate::Value::List(_) | crate::Value::Null) => None,
        Ok(other) => Some(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type {list_type}",
            other.json_kind()
        )),
        Err(e) => Some(crate::values::sigs_yaml_message(&e)),
    }
}

#[cfg(test)]
mod tests;
