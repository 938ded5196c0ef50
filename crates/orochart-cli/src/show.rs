//! `orochart show values | schema | chart`: the built-in chart's files.

use clap::{Args, ValueEnum};

use crate::Failure;

/// Examples shown by `orochart show --help`.
pub const EXAMPLES: &str = "\
Examples:
  # Start a service's values file from the chart's defaults
  orochart show values > values.yaml

  # The JSON schema editors use to complete and check values files
  orochart show schema > values.schema.json

  # Chart.yaml of the built-in chart
  orochart show chart";

/// What to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum What {
    /// The default values.yaml, with its comments.
    Values,
    /// The JSON schema of the values, generated from the typed values.
    Schema,
    /// Chart.yaml.
    Chart,
}

/// The flags of `orochart show`.
#[derive(Debug, Clone, Args)]
pub struct ShowArgs {
    /// What to show.
    #[arg(value_enum)]
    pub what: What,
}

fn file(name: &str) -> Result<String, Failure> {
    orochart_builtin::FILES
        .iter()
        .find(|(p, _)| *p == name)
        .map(|(_, c)| (*c).to_owned())
        .ok_or_else(|| Failure::Error(format!("the built-in chart has no `{name}`")))
}

/// Runs `orochart show`.
pub fn run(a: &ShowArgs) -> Result<String, Failure> {
    match a.what {
        What::Values => file("values.yaml"),
        What::Chart => file("Chart.yaml"),
        What::Schema => Ok(orochart_builtin::orofi::OrofiValues::json_schema()),
    }
}
