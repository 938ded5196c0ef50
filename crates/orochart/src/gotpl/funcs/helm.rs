//! Helm's own functions beside Sprig's: `required`, `fail` (their messages wrapped in Helm's
//! `HELM_ERR_START`/`HELM_ERR_END` markers, which the engine turns into
//! `execution error at (file:line:col): message`), and `lookup` (without a cluster, as in
//! `helm template`, an empty map).

use std::collections::BTreeMap;

use crate::gotpl::func::{Ctx, FuncError};
use crate::gotpl::value::Value;

use super::conv::{arg, s, FResult};

/// Helm's marker before a `required`/`fail` message.
pub const WARN_START: &str = "HELM_ERR_START";
/// Helm's marker after a `required`/`fail` message.
pub const WARN_END: &str = "HELM_ERR_END";

/// A `required`/`fail` error as Helm's engine returns it.
pub fn warn_wrap(msg: &str) -> FuncError {
    FuncError(format!("{WARN_START}{msg}{WARN_END}"))
}

/// `required MESSAGE VALUE`: VALUE, unless it is nil or "".
pub fn required(_: &mut Ctx, a: &[Value]) -> FResult {
    let v = arg(a, 1);
    match v {
        Value::Nil => Err(warn_wrap(s(a, 0))),
        Value::String(t) if t.is_empty() => Err(warn_wrap(s(a, 0))),
        other => Ok(other.clone()),
    }
}

/// `fail MESSAGE`.
pub fn fail(_: &mut Ctx, a: &[Value]) -> FResult {
    Err(warn_wrap(s(a, 0)))
}

/// `lookup APIVERSION KIND NAMESPACE NAME`: `helm template` has no cluster, so an empty map.
/// With Helm 3's `--dry-run=server` Helm queries the cluster here; orochart has none, and says
/// so.
pub fn lookup(ctx: &mut Ctx, _: &[Value]) -> FResult {
    if ctx.remote.cluster {
        return Err(FuncError(LOOKUP_NEEDS_CLUSTER.into()));
    }
    Ok(Value::dict(BTreeMap::new()))
}

/// Why `lookup` fails when Helm would query the cluster ([`crate::RemoteAccess::cluster`]).
pub(crate) const LOOKUP_NEEDS_CLUSTER: &str = "orochart never contacts a cluster, and with --dry-run=server (or none, false) Helm 3 queries it here: leave --dry-run out or use --dry-run=client";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_rejects_nil_and_empty_string_only() {
        let mut c = Ctx::new();
        let msg = Value::str("x is required");
        assert_eq!(
            required(&mut c, &[msg.clone(), Value::Nil]).err(),
            Some(FuncError("HELM_ERR_STARTx is requiredHELM_ERR_END".into()))
        );
        assert!(required(&mut c, &[msg.clone(), Value::str("")]).is_err());
        assert!(matches!(
            required(&mut c, &[msg.clone(), Value::Int(0)]),
            Ok(Value::Int(0))
        ));
        assert!(matches!(
            required(&mut c, &[msg, Value::Bool(false)]),
            Ok(Value::Bool(false))
        ));
    }
}
