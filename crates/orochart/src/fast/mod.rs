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

/// The built-in chart's templates, compiled by `build.rs`.
mod builtin {
    #![allow(clippy::all, clippy::pedantic)]
    use super::ir::{Expr, Filter, Func, Global, Ix, MacroDef, Program, Run, Stmt, TemplateDef};
    use std::borrow::Cow;
    include!(concat!(env!("OUT_DIR"), "/builtin_program.rs"));
}

/// The program compiled ahead of time, when `templates` are the built-in chart's, byte for
/// byte (the program was compiled from exactly these sources).
pub(crate) fn precompiled(templates: &[crate::chart::TemplateFile]) -> Option<Program> {
    let program = builtin::PROGRAM?;
    let same = templates.len() == builtin::TEMPLATES.len()
        && templates
            .iter()
            .zip(builtin::TEMPLATES)
            .all(|(t, (path, source))| t.path == *path && t.source == *source);
    same.then(|| program.clone())
}
