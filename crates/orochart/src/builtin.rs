//! The built-in chart, `orofi-application`, embedded at compile time from
//! `charts/orofi-application/` (see `build.rs`).

use crate::chart::Chart;
use crate::error::Result;

include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));

/// The name the built-in chart is known by in messages.
pub const ORIGIN: &str = "orofi-application";

/// Loads the built-in `orofi-application` chart.
pub fn chart() -> Result<Chart> {
    Chart::from_files(ORIGIN, FILES.iter().map(|(p, c)| (*p, *c)))
}
