//! Helm-exact YAML: YAML 1.1 scalar rules ([`resolve_plain`], [`needs_quoting`]), go-yaml v2's
//! key order ([`natural_less`]) and Helm's `toYaml` ([`to_yaml`]).
//!
//! Helm's `toYaml` is `json.Marshal` → go-yaml v2 `Unmarshal` → go-yaml v2 `Marshal`
//! (sigs.k8s.io/yaml v1.4.0, which vendors go-yaml v2.4.0 as `goyaml.v2`), and Helm 3 reads
//! values files with the same go-yaml. The emitter is a port of go-yaml v2's `emitterc.go`
//! restricted to the events `toYaml` can produce; the scalar rules are a port of its
//! `resolve.go` (see ../shared/notes/helm-semantics.md §5.1–§5.3). Go's own text (`%v`, JSON,
//! floats) is in the crate-private `go` module.
//!
//! Modules: `resolve` (what a scalar means), `time` (which scalars are timestamps), `sort`
//! (key order), `emit` (`toYaml`).

mod decode;
mod emit;
mod parse;
mod read;
mod resolve;
mod scan;
mod sort;
mod time;
mod tree;

pub(crate) use decode::{sharp_v, DecodeResult, Decoder, GoVal};
pub(crate) use emit::{escape, is_blankz, is_break, is_printable, push_spaces};
pub use emit::{to_yaml, to_yaml_indented};
pub(crate) use read::{build, build_reaching, meets_what_follows, Kind, Pos, Tree};
pub(crate) use scan::{is_indicator, Style};

/// The YAML 1.1 parser's events, for readers that need no tree.
pub(crate) mod events {
    pub(crate) use super::parse::{Ev as Event, Parser};
}
pub(crate) use resolve::{is_yaml_style_float, resolve_scalar, Scalar};
pub use resolve::{needs_quoting, resolve_plain, Resolved};
pub use sort::natural_less;

// Go's text moved to `crate::go`; these names stay for callers outside the crate.
pub use crate::go::{
    format_float, format_json_float, go_string, to_json, to_pretty_json, to_raw_json,
};

/// How deep a YAML document or a `--set-json` value may nest: go-yaml's limit, which Helm
/// reads values files with (`exceeded max depth of 10000`), and Go's `encoding/json`'s. The
/// recursive steps after reading (coalescing, rendering, `toYaml`) need a deep stack for this:
/// the CLI runs on one (`orochart_cli::STACK_SIZE`).
pub const MAX_DEPTH: usize = 10_000;

#[cfg(test)]
mod reader_tests;
#[cfg(test)]
mod shortcut_tests;
#[cfg(test)]
mod tests;
