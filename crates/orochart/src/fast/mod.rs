//! The fast path: a chart's templates compiled into a flat program ([`ir`]) and run directly
//! over the values tree ([`eval`]), without minijinja's virtual machine.
//!
//! minijinja stays the reference. The compiler takes a subset of its language and parses with
//! minijinja's own parser, so whitespace and precedence cannot differ; the evaluator mirrors
//! minijinja's behaviour (and orochart's functions) for the cases it models and gives up on
//! everything else, errors included. A chart outside the subset, or a render that gives up,
//! is rendered by minijinja: same output, only slower. Tests render every golden case and
//! thousands of generated values both ways and compare.

pub(crate) mod eval;
pub(crate) mod ir;

pub(crate) use ir::{compile, Program};

#[cfg(test)]
mod tests;
