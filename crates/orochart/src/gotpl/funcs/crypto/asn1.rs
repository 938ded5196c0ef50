//! Go's `encoding/asn1` unmarshalling of the key structures Sprig reads, for their shapes and
//! their errors: a SEQUENCE whose elements must carry the fields' tags in order (optional
//! fields at the end may be missing; extra elements after the fields are allowed, as Go
//! allows them).

use std::ops::Range;

use super::super::der;

/// A field of the Go struct: the tag byte it must carry and the name of its Go type as
/// `reflect.Type.Name` gives it (`int`; empty for `*big.Int` and `[]byte`).
#[derive(Clone, Copy)]
pub(super) struct Field {
    pub tag: u8,
    pub go_type: &'static str,
    pub optional: bool,
}

pub(super) const fn field(tag: u8, go_type: &'static str) -> Field {
    Field {
        tag,
        go_type,
        optional: false,
    }
}

pub(super) const fn optional(tag: u8) -> Field {
    Field {
        tag,
        go_type: "",
        optional: true,
    }
}

pub(super) const INT: Field = field(0x02, "int");
pub(super) const BIG_INT: Field = field(0x02, "");
pub(super) const BYTES: Field = field(0x04, "");

/// Go's `tags don't match` structural error for an element (`offset` is just past its tag and
/// length, counted from the start of the bytes being read).
fn tags_error(expected: u8, tag: u8, len: usize, go_type: &str, offset: usize) -> String {
    format!(
        "asn1: structure error: tags don't match ({} vs {{class:{} tag:{} length:{len} isCompound:{}}}) \
         {{optional:false explicit:false application:false private:false defaultValue:<nil> \
         tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false}} {go_type} @{offset}",
        expected & 0x1f,
        tag >> 6,
        tag & 0x1f,
        tag & 0x20 != 0,
    )
}

/// The element at `at` of `data` (its tag, content and end), or Go's syntax error.
fn element(data: &[u8], at: usize) -> Result<(u8, Range<usize>, usize), String> {
    der::read(data, at).ok_or_else(|| {
        if data.len() < at + 2 {
            "asn1: syntax error: truncated tag or length".to_string()
        } else {
            "asn1: syntax error: data truncated".to_string()
        }
    })
}

/// Go's `asn1.Unmarshal(data, &s)` for a struct named `name` with `fields`: the content range
/// of each field present (in `data`), or Go's error.
pub(super) fn unmarshal(
    data: &[u8],
    name: &str,
    fields: &[Field],
) -> Result<Vec<Option<Range<usize>>>, String> {
    if data.is_empty() {
        return Err("asn1: syntax error: sequence truncated".into());
    }
    let (tag, body, _) = element(data, 0)?;
    if tag != 0x30 {
        let header = der::read(data, 0).map_or(2, |(_, b, _)| b.start);
        return Err(tags_error(0x30, tag, body.len(), name, header));
    }
    let base = body.start;
    let mut at = base;
    let mut out = Vec::with_capacity(fields.len());
    for f in fields {
        if at >= body.end {
            if f.optional {
                out.push(None);
                continue;
            }
            return Err("asn1: syntax error: sequence truncated".into());
        }
        let (t, content, end) = der::read(&data[..body.end], at)
            .ok_or_else(|| "asn1: syntax error: data truncated".to_string())?;
        if t != f.tag {
            if f.optional {
                out.push(None);
                continue;
            }
            return Err(tags_error(
                f.tag,
                t,
                content.len(),
                f.go_type,
                content.start - base,
            ));
        }
        out.push(Some(content));
        at = end;
    }
    Ok(out)
}

/// Whether `data` unmarshals into the struct (Go's "use … instead" hints test this).
pub(super) fn fits(data: &[u8], fields: &[Field]) -> bool {
    unmarshal(data, "", fields).is_ok()
}

/// An OBJECT IDENTIFIER's content in dotted form, as Go prints it.
pub(super) fn oid_string(body: &[u8]) -> String {
    let mut arcs: Vec<u64> = Vec::new();
    let mut v: u64 = 0;
    for &b in body {
        v = (v << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let first = (v / 40).min(2);
                arcs.push(first);
                arcs.push(v - 40 * first);
            } else {
                arcs.push(v);
            }
            v = 0;
        }
    }
    arcs.iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    const EC: &[Field] = &[INT, BYTES, optional(0xa0), optional(0xa1)];

    // Expected errors from `helm template` (v3.17.2 and v4.3.1) for keys with these bytes.
    #[test]
    fn errors_are_gos() {
        assert_eq!(
            unmarshal(&[0, 0, 0], "ecPrivateKey", EC).err(),
            Some(
                "asn1: structure error: tags don't match (16 vs {class:0 tag:0 length:0 \
                 isCompound:false}) {optional:false explicit:false application:false \
                 private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false \
                 omitEmpty:false} ecPrivateKey @2"
                    .into()
            )
        );
        assert_eq!(
            unmarshal(&[0x30, 0], "ecPrivateKey", EC).err(),
            Some("asn1: syntax error: sequence truncated".into())
        );
        let mut ec_shaped = vec![0x30, 37, 0x02, 0x01, 0x01, 0x04, 32];
        ec_shaped.extend([7u8; 32]);
        let dsa = [INT, BIG_INT, BIG_INT, BIG_INT, BIG_INT, BIG_INT];
        assert_eq!(
            unmarshal(&ec_shaped, "DSAKeyFormat", &dsa).err(),
            Some(
                "asn1: structure error: tags don't match (2 vs {class:0 tag:4 length:32 \
                 isCompound:false}) {optional:false explicit:false application:false \
                 private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false \
                 omitEmpty:false}  @5"
                    .into()
            )
        );
        assert!(fits(&ec_shaped, EC));
        assert_eq!(oid_string(&der::oid("1.3.101.113")[2..]), "1.3.101.113");
        assert_eq!(
            oid_string(&der::oid("1.2.840.10045.3.1.7")[2..]),
            "1.2.840.10045.3.1.7"
        );
    }
}
