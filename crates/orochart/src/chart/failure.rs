//! Where Helm's loader stops on a chart, kept with the chart to be told in the words of the
//! Helm reproduced: the same chart can fail one Helm and load in another (a values.yaml whose
//! second document is broken fails only Helm 4, which reads every document; a chart named
//! `..` fails only Helm 4), and a Helm's words differ (`cannot unmarshal yaml document: `).
//!
//! Helm's `LoadFiles` reads `Chart.yaml`, then `Chart.lock`, `requirements.lock`,
//! `requirements.yaml` and `values.yaml` (in the order of the chart's files, sorted for a
//! folder), then validates the metadata (`Metadata.Validate`), then loads the subcharts:
//! the first failure on that way is its error.

use super::decode;
use crate::error::Error;
use crate::profile::HelmVersion;

/// A set of Helm versions, one bit each ([`HelmVersion::ALL`]'s order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Helms(u8);

impl Helms {
    /// Every Helm.
    pub(crate) const ALL: Helms = Helms((1 << HelmVersion::ALL.len()) - 1);

    /// No Helm.
    pub(crate) const NONE: Helms = Helms(0);

    fn bit(v: HelmVersion) -> u8 {
        1 << (v as u8)
    }

    /// The Helms whose profile `f` holds for.
    pub(crate) fn matching(f: impl Fn(&crate::profile::HelmProfile) -> bool) -> Helms {
        Helms(
            HelmVersion::ALL
                .iter()
                .filter(|v| f(v.profile()))
                .fold(0, |acc, v| acc | Helms::bit(*v)),
        )
    }

    /// Whether `v` is in the set.
    pub(crate) fn has(self, v: HelmVersion) -> bool {
        self.0 & Helms::bit(v) != 0
    }

    /// `v` added.
    pub(crate) fn with(self, v: HelmVersion) -> Helms {
        Helms(self.0 | Helms::bit(v))
    }

    /// Both sets.
    pub(crate) fn union(self, other: Helms) -> Helms {
        Helms(self.0 | other.0)
    }
}

/// What stops Helm's load.
#[derive(Debug, Clone)]
pub(crate) enum Cause {
    /// A value of a YAML file Helm decodes into its `Metadata` (`Chart.yaml`,
    /// `requirements.yaml`) that Go cannot decode.
    Decode {
        /// The file's name in the chart (`Chart.yaml`).
        name: &'static str,
        /// The file, as the loader names it.
        file: String,
        /// Its first value Go refuses.
        mismatch: decode::Mismatch,
    },
    /// A YAML file of the chart (`values.yaml`, `requirements.yaml`, `Chart.lock`,
    /// `requirements.lock`) Go's reader refuses.
    File {
        /// The file's name in the chart (`values.yaml`).
        name: &'static str,
        /// The file, as the loader names it.
        file: String,
        /// 1-based line (0 when unknown).
        line: usize,
        /// 1-based column (0 when unknown).
        column: usize,
        /// The reader's message (`error converting YAML to JSON: yaml: …`).
        message: String,
        /// The text of `line`, for `{:#}`'s excerpt.
        source_line: Option<String>,
        /// Helm 4 reads values.yaml a document at a time: its message is put after the
        /// profile's `values_document_prefix`.
        in_document: bool,
    },
    /// Helm's metadata validation: its words (`validation: chart.metadata.version "x" is
    /// invalid`).
    Invalid(String),
    /// The chart's archive, refused by a Helm that limits its size: Helm's words
    /// (`decompressed chart is larger than the maximum size 104857600`).
    Archive(String),
}

/// One place where Helm's load stops, for some Helms.
#[derive(Debug, Clone)]
pub(crate) struct LoadFailure {
    /// What Helm puts before the error for each subchart on the way down (`error unpacking
    /// subchart sub in parent: `), outermost first; empty for the chart itself.
    pub(crate) prefix: String,
    /// The Helms that stop here.
    pub(crate) helms: Helms,
    /// Why.
    pub(crate) cause: Cause,
}

impl LoadFailure {
    /// A failure of the chart itself.
    pub(crate) fn new(helms: Helms, cause: Cause) -> LoadFailure {
        LoadFailure {
            prefix: String::new(),
            helms,
            cause,
        }
    }

    /// A YAML file's error (an [`Error::Yaml`] of the reader) as a failure of `name`.
    pub(crate) fn of_file(
        helms: Helms,
        name: &'static str,
        e: Error,
        in_document: bool,
    ) -> std::result::Result<LoadFailure, Error> {
        match e {
            Error::Yaml {
                file,
                line,
                column,
                message,
                source_line,
            } => Ok(LoadFailure::new(
                helms,
                Cause::File {
                    name,
                    file,
                    line,
                    column,
                    message,
                    source_line,
                    in_document,
                },
            )),
            e => Err(e),
        }
    }

    /// The same failure seen from the parent chart `parent` of the subchart `name`.
    pub(crate) fn in_parent(&self, name: &str, parent: &str) -> LoadFailure {
        LoadFailure {
            prefix: format!(
                "error unpacking subchart {name} in {parent}: {}",
                self.prefix
            ),
            ..self.clone()
        }
    }

    /// Whether this stops the top chart's archive (nothing of the chart is read).
    pub(crate) fn is_top_archive(&self) -> bool {
        self.prefix.is_empty() && matches!(self.cause, Cause::Archive(_))
    }

    /// Whether this is a top chart's `Chart.yaml` value Go cannot decode into Helm 4's
    /// `chartBase` (its `apiVersion`, or a document that is no mapping).
    pub(crate) fn is_api_version(&self) -> bool {
        matches!(&self.cause, Cause::Decode { name: "Chart.yaml", mismatch, .. } if self.prefix.is_empty() && mismatch.is_api_version())
    }

    /// The error in `helm`'s words; `origin` names the chart in an [`Error::Chart`].
    pub(crate) fn error(&self, helm: HelmVersion, origin: &str) -> Error {
        let top = self.prefix.is_empty();
        let (name, file, line, column, message, source_line) = match &self.cause {
            Cause::Archive(message) if top => {
                return Error::Archive {
                    file: origin.to_owned(),
                    message: message.clone(),
                    bad_header: false,
                }
            }
            Cause::Invalid(message) | Cause::Archive(message) => {
                return Error::Chart {
                    chart: origin.to_owned(),
                    message: format!("{}{message}", self.prefix),
                }
            }
            Cause::Decode {
                name,
                file,
                mismatch,
            } => {
                let message = format!(
                    "error unmarshaling JSON: while decoding JSON: {}",
                    mismatch.go_message(helm)
                );
                (*name, file, 0, 0, message, None)
            }
            Cause::File {
                name,
                file,
                line,
                column,
                message,
                source_line,
                in_document,
            } => {
                let lead = if *in_document {
                    helm.profile().messages.values_document_prefix
                } else {
                    ""
                };
                (
                    *name,
                    file,
                    *line,
                    *column,
                    format!("{lead}{message}"),
                    source_line.clone(),
                )
            }
        };
        if !top {
            return Error::Chart {
                chart: origin.to_owned(),
                message: format!(
                    "{}cannot load {name}: {}",
                    self.prefix,
                    crate::error::helm_yaml_message(line, &message)
                ),
            };
        }
        if name == "Chart.yaml" {
            return Error::ChartYaml {
                file: file.clone(),
                line,
                column,
                message,
                source_line,
            };
        }
        Error::ChartFile {
            file: file.clone(),
            line,
            column,
            message,
            source_line,
        }
    }
}
