//! `encoding/json` output of template values for `toJson`, `toRawJson`, `toPrettyJson` and
//! their `must` forms: maps with sorted keys, and Go structs (Helm 3's `.Chart`, its
//! maintainers, `.Capabilities`) with their fields in declaration order, as Go writes them
//! (`{"name":"t","home":"h",…,"IsRoot":true}`). Scalars are written by the crate's JSON
//! writer, so numbers and escapes are exactly those of every other JSON output.

use crate::gotpl::value::Value;

/// How the text is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `json.Marshal`: `<`, `>` and `&` escaped.
    Compact,
    /// `json.Encoder` with `SetEscapeHTML(false)` (Sprig's `toRawJson`).
    Raw,
    /// `json.MarshalIndent(v, "", "  ")` (Sprig's `toPrettyJson`).
    Pretty,
}

/// The JSON text of `v`, or `None` where Go's marshaller fails (a non-finite float). `v2`:
/// Go 1.27's encoder, which writes a string's invalid UTF-8 bytes as U+FFFD, not `\ufffd`.
pub fn encode(v: &Value, style: Style, v2: bool) -> Option<String> {
    let mut out = String::new();
    Writer { style, v2 }.write(&mut out, v, 0)?;
    Some(out)
}

/// How the text is written.
#[derive(Clone, Copy)]
struct Writer {
    style: Style,
    v2: bool,
}

impl Writer {
    fn write(self, out: &mut String, v: &Value, depth: usize) -> Option<()> {
        let style = self.style;
        match v {
            Value::Object(o) => match o.json_fields() {
                Some(fields) => {
                    let entries: Vec<(&str, &Value)> =
                        fields.iter().map(|(k, v)| (k.as_str(), v)).collect();
                    self.write_object(out, &entries, depth)
                }
                None => self.write(out, &o.to_json()?, depth),
            },
            Value::List(l) => {
                if l.items.is_empty() {
                    out.push_str("[]");
                    return Some(());
                }
                out.push('[');
                for (n, item) in l.items.iter().enumerate() {
                    if n > 0 {
                        out.push(',');
                    }
                    newline(out, style, depth + 1);
                    self.write(out, item, depth + 1)?;
                }
                newline(out, style, depth);
                out.push(']');
                Some(())
            }
            Value::Map(m) => {
                let entries = m.entries.borrow();
                let entries: Vec<(&str, &Value)> =
                    entries.iter().map(|(k, v)| (k.as_str(), v)).collect();
                self.write_object(out, &entries, depth)
            }
            // What the crate's writer does with a string, without copying it into a values
            // tree first (`<`, `>`, `&` escaped but by `toRawJson`).
            Value::String(s) => {
                crate::go::write_json_string(out, s, style != Style::Raw);
                Some(())
            }
            Value::RawString(b) if self.v2 => {
                crate::go::write_json_string(out, &crate::go::go_lossy(b), style != Style::Raw);
                Some(())
            }
            Value::RawString(b) => {
                crate::go::write_json_bytes(out, b, style != Style::Raw);
                Some(())
            }
            leaf => {
                let v = leaf.to_values()?;
                let text = match style {
                    Style::Compact | Style::Pretty => crate::yaml::to_json(&v)?,
                    Style::Raw => crate::yaml::to_raw_json(&v)?,
                };
                out.push_str(&text);
                Some(())
            }
        }
    }

    fn write_object(
        self,
        out: &mut String,
        entries: &[(&str, &Value)],
        depth: usize,
    ) -> Option<()> {
        let style = self.style;
        if entries.is_empty() {
            out.push_str("{}");
            return Some(());
        }
        out.push('{');
        for (n, (k, item)) in entries.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            newline(out, style, depth + 1);
            crate::go::write_json_string(out, k, style != Style::Raw);
            out.push(':');
            if style == Style::Pretty {
                out.push(' ');
            }
            self.write(out, item, depth + 1)?;
        }
        newline(out, style, depth);
        out.push('}');
        Some(())
    }
}

fn newline(out: &mut String, style: Style, depth: usize) {
    if style == Style::Pretty {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn sample() -> Value {
        let mut inner = BTreeMap::new();
        inner.insert("b".to_owned(), Value::Float(1.5));
        inner.insert("a".to_owned(), Value::str("<x>"));
        Value::list(vec![
            Value::dict(inner),
            Value::list(Vec::new()),
            Value::dict(BTreeMap::new()),
            Value::Int(1_000_000),
            Value::Nil,
        ])
    }

    #[test]
    fn maps_and_lists_read_as_the_crate_writers_write_them() {
        let tree = sample().to_values();
        for (style, want) in [
            (Style::Compact, tree.as_ref().and_then(crate::yaml::to_json)),
            (Style::Raw, tree.as_ref().and_then(crate::yaml::to_raw_json)),
            (
                Style::Pretty,
                tree.as_ref().and_then(crate::yaml::to_pretty_json),
            ),
        ] {
            assert_eq!(encode(&sample(), style, false), want, "{style:?}");
        }
        assert_eq!(
            encode(&sample(), Style::Compact, false).as_deref(),
            Some("[{\"a\":\"\\u003cx\\u003e\",\"b\":1.5},[],{},1000000,null]")
        );
    }

    #[test]
    fn non_finite_floats_fail_as_go_does() {
        assert_eq!(
            encode(
                &Value::list(vec![Value::Float(f64::NAN)]),
                Style::Compact,
                false
            ),
            None
        );
    }

    #[test]
    fn helm_3_chart_keeps_its_struct_field_order() {
        let meta = crate::chart::ChartMetadata {
            name: "t".into(),
            version: "0.1.0".into(),
            api_version: "v2".into(),
            home: "h".into(),
            ..Default::default()
        };
        let chart = crate::gotpl::helm::chart(&meta, crate::profile::HelmVersion::V3_17.profile());
        assert_eq!(
            encode(&chart, Style::Compact, false).as_deref(),
            Some("{\"name\":\"t\",\"home\":\"h\",\"version\":\"0.1.0\",\"apiVersion\":\"v2\",\"IsRoot\":true}")
        );
        assert_eq!(
            encode(&chart, Style::Pretty, false).as_deref(),
            Some("{\n  \"name\": \"t\",\n  \"home\": \"h\",\n  \"version\": \"0.1.0\",\n  \"apiVersion\": \"v2\",\n  \"IsRoot\": true\n}")
        );
    }
}
