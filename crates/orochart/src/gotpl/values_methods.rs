//! The methods of Helm's `chartutil.Values` (Helm 4: `common.Values`), the type of `.Values`,
//! of `.` and of `.Template`: `AsMap`, `YAML`, `Table`, `PathValue` and `Encode`.
//! text/template looks a name up as a method before it looks it up as a map key, so
//! `.Values.AsMap` calls the method, and a value named `YAML` cannot be reached as
//! `.Values.YAML` (only with `index`). A map of another type (`.Values.a`) has no methods.

use super::func::{Ctx, FuncError, GoType};
use super::value::{Dict, MapType, Value};

/// The parameters of the method `name` of `chartutil.Values`, when it has one.
pub(crate) fn params(name: &str) -> Option<&'static [GoType]> {
    Some(match name {
        "AsMap" | "YAML" => &[],
        "Table" | "PathValue" => &[GoType::String],
        "Encode" => &[GoType::Object("io.Writer")],
        _ => return None,
    })
}

/// Calls the method `name` (one [`params`] knows) on `values`, its arguments checked.
pub(crate) fn call(
    ctx: &mut Ctx,
    values: &Dict,
    name: &str,
    args: &[Value],
) -> Result<Value, FuncError> {
    let text = |i: usize| args.get(i).and_then(Value::as_str).unwrap_or("");
    match name {
        // A new map when empty ("protects against nil map panics"), else the same map.
        "AsMap" if values.entries.borrow().is_empty() => Ok(Value::Map(Dict::new())),
        "AsMap" => Ok(Value::Map(Dict {
            entries: values.entries.clone(),
            ty: MapType::Interface,
        })),
        // `sigs.k8s.io/yaml`'s `Marshal`: `toYaml`'s text with its last newline.
        "YAML" => {
            let v = super::funcs::yaml_json::marshal(ctx, &Value::Map(values.clone()))?;
            let mut text = crate::yaml::to_yaml(&v).unwrap_or_default();
            text.push('\n');
            Ok(Value::from(text))
        }
        "Table" => table(values, text(0)).map(Value::Map),
        "PathValue" => path_value(values, text(0)),
        // Only a nil `io.Writer` gets here: Go's `Write` on it.
        _ => Err(FuncError(
            "runtime error: invalid memory address or nil pointer dereference".into(),
        )),
    }
}

/// `Values.Table`: the table at a dotted path, itself a `chartutil.Values`.
fn table(values: &Dict, name: &str) -> Result<Dict, FuncError> {
    let mut table = values.clone();
    for key in name.split('.') {
        table = match table.get(key) {
            // A `map[string]interface {}`, or a `chartutil.Values`; not a `map[string]string`.
            Some(Value::Map(m)) if m.ty != MapType::String => Dict {
                entries: m.entries,
                ty: MapType::Values,
            },
            _ => {
                return Err(FuncError(format!(
                    "{} is not a table",
                    crate::go::quote(key)
                )))
            }
        };
    }
    Ok(table)
}

/// `Values.PathValue`: the value (not a table) at a dotted path.
fn path_value(values: &Dict, path: &str) -> Result<Value, FuncError> {
    if path.is_empty() {
        return Err(FuncError("YAML path cannot be empty".into()));
    }
    let no_value = |key: &str| FuncError(format!("{} is not a value", crate::go::quote(key)));
    // Go's `istable`: a `map[string]interface {}` only.
    let is_table = |v: &Value| matches!(v, Value::Map(m) if m.ty == MapType::Interface);
    let (parent, key) = match path.rsplit_once('.') {
        Some((parent, key)) => (table(values, parent).map_err(|_| no_value(key))?, key),
        None => (values.clone(), path),
    };
    match parent.get(key) {
        Some(v) if !is_table(&v) => Ok(v),
        _ => Err(no_value(key)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Helm's own tests of `Values.Table` and `Values.PathValue` (`values_test.go`).
    #[test]
    fn tables_and_path_values_are_helms() {
        let doc = "title: Moby Dick\nchapter:\n  one:\n    title: Loomings\n  two:\n    title: The Carpet-Bag\n";
        let values = match crate::values::parse_yaml_document(doc, "values.yaml", false) {
            Ok(crate::Value::Map(m)) => Value::from_values_map(&m),
            other => panic!("{other:?}"),
        };
        let error = |r: Result<Value, FuncError>| r.err().map(|e| e.0);
        let text = |r: Result<Value, FuncError>| r.ok().and_then(|v| v.as_str().map(str::to_owned));
        assert_eq!(
            table(&values, "title").err().map(|e| e.0).as_deref(),
            Some("\"title\" is not a table")
        );
        let one = table(&values, "chapter.one").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(one.ty, MapType::Values);
        assert_eq!(
            text(one.get("title").ok_or(FuncError(String::new()))).as_deref(),
            Some("Loomings")
        );
        assert!(table(&values, "chapter.OneHundredThirtySix").is_err());
        let title = path_value(&values, "chapter.one.title");
        assert_eq!(text(title).as_deref(), Some("Loomings"));
        assert_eq!(
            error(path_value(&values, "chapter.one.doesnotexist")).as_deref(),
            Some("\"doesnotexist\" is not a value")
        );
        assert!(path_value(&values, "chapter.doesnotexist.one").is_err());
        assert!(
            path_value(&values, "chapter.one").is_err(),
            "a table is no value"
        );
        assert_eq!(
            error(path_value(&values, "")).as_deref(),
            Some("YAML path cannot be empty")
        );
        assert_eq!(
            text(path_value(&values, "title")).as_deref(),
            Some("Moby Dick")
        );
    }
}
