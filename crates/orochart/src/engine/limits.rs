//! Bounds on what one template may make the engine do: how deep `include` and `tpl` nest, and
//! how much one function call may allocate.
//!
//! A chart is input, and in a CMP sidecar anyone who can push to the repository writes it. A
//! template that includes itself, a value that renders itself through `tpl`, or
//! `until(1000000000)` must end in an error naming the template, never in a stack overflow or
//! an aborted allocation. Helm stops `include` at 1,000 nested calls of one name
//! (`recursionMaxNums` in `pkg/engine/engine.go`) and lets `tpl` recurse until Go's stack runs
//! out; orochart counts both together, since each nested render holds a minijinja frame.

use std::cell::Cell;

pub use crate::limits::{FUEL_PER_CHART, FUEL_PER_RENDER};

use minijinja::{Error as MjError, ErrorKind};

/// How deep `include` and `tpl` calls may nest in one render. Real charts nest a handful of
/// levels (a helper including a helper including a label helper); 100 leaves room for
/// recursive helpers walking a values tree.
pub const MAX_NESTING: usize = 100;

thread_local! {
    static NESTING: Cell<usize> = const { Cell::new(0) };
    static FUEL_USED: Cell<u64> = const { Cell::new(0) };
}

/// Starts the count of [`FUEL_PER_CHART`] for a new chart render.
pub(crate) fn start_render() {
    FUEL_USED.with(|f| f.set(0));
}

/// Fails once the nested renders of this chart render have used [`FUEL_PER_CHART`].
pub(crate) fn check_fuel() -> Result<(), MjError> {
    if FUEL_USED.with(Cell::get) > FUEL_PER_CHART {
        return Err(MjError::new(
            ErrorKind::InvalidOperation,
            format!(
                "`include` and `tpl` renders took more than {FUEL_PER_CHART} steps together (orochart's limit: a loop of includes that never ends?)"
            ),
        ));
    }
    Ok(())
}

/// Counts what a finished nested render used.
pub(crate) fn spend_fuel(state: &minijinja::State<'_, '_>) {
    if let Some((used, _)) = state.fuel_levels() {
        FUEL_USED.with(|f| f.set(f.get().saturating_add(used)));
    }
}

/// One level of `include`/`tpl` nesting; the level is given back when it is dropped.
#[must_use]
pub(crate) struct Nested(());

impl Drop for Nested {
    fn drop(&mut self) {
        NESTING.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// Enters one more level of `include`/`tpl` (`what` names the call for the message), or fails
/// when [`MAX_NESTING`] levels are already open.
pub(crate) fn nest(what: impl FnOnce() -> String) -> Result<Nested, MjError> {
    NESTING.with(|n| {
        let depth = n.get();
        if depth >= MAX_NESTING {
            return Err(MjError::new(
                ErrorKind::InvalidOperation,
                format!(
                    "{}: `include` and `tpl` nested more than {MAX_NESTING} levels deep (a template that includes itself, two that include each other, or a value that renders itself through `tpl`?)",
                    what()
                ),
            ));
        }
        n.set(depth + 1);
        Ok(Nested(()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_given_back_when_a_level_ends() {
        let mut levels = Vec::new();
        for _ in 0..MAX_NESTING {
            levels.push(nest(String::new).map_err(|e| e.to_string()));
        }
        assert!(levels.iter().all(Result::is_ok));
        let over = nest(|| "include `t`".to_owned())
            .err()
            .map(|e| e.to_string());
        assert!(over.is_some_and(|m| m.contains("include `t`")));
        levels.pop();
        assert!(nest(String::new).is_ok());
    }

    #[test]
    fn nested_renders_stop_once_they_used_the_charts_fuel() {
        start_render();
        assert!(check_fuel().is_ok());
        FUEL_USED.with(|f| f.set(FUEL_PER_CHART + 1));
        let e = check_fuel().err().map(|e| e.to_string());
        assert!(e.is_some_and(|m| m.contains("steps together")));
        start_render();
        assert!(check_fuel().is_ok());
    }
}
