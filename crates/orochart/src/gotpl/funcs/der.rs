//! The little DER (ASN.1) that X.509 certificates need: writing tag–length–value items and
//! reading a certificate's subject and key identifier back, plus PEM framing as Go's
//! `encoding/pem` writes it.

use base64::Engine as _;

use crate::go::time::civil_from_days;

/// One DER item.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let bytes: Vec<u8> = n
            .to_be_bytes()
            .iter()
            .copied()
            .skip_while(|&b| b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

/// A SEQUENCE of already-encoded items.
pub fn seq(items: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &items.concat())
}

/// A SET of already-encoded items.
pub fn set(items: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x31, &items.concat())
}

/// A non-negative INTEGER from big-endian bytes.
pub fn uint(bytes: &[u8]) -> Vec<u8> {
    let mut b: Vec<u8> = bytes.iter().copied().skip_while(|&x| x == 0).collect();
    if b.is_empty() || b[0] & 0x80 != 0 {
        b.insert(0, 0);
    }
    tlv(0x02, &b)
}

/// An OBJECT IDENTIFIER from its dotted form.
pub fn oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted.split('.').filter_map(|a| a.parse().ok()).collect();
    let mut body = Vec::new();
    if arcs.len() >= 2 {
        push_base128(&mut body, arcs[0] * 40 + arcs[1]);
        for &a in &arcs[2..] {
            push_base128(&mut body, a);
        }
    }
    tlv(0x06, &body)
}

fn push_base128(out: &mut Vec<u8>, mut v: u64) {
    let mut tmp = vec![(v & 0x7f) as u8];
    v >>= 7;
    while v > 0 {
        tmp.push(0x80 | (v & 0x7f) as u8);
        v >>= 7;
    }
    tmp.reverse();
    out.extend(tmp);
}

/// A BIT STRING with no unused bits.
pub fn bits(bytes: &[u8]) -> Vec<u8> {
    let mut b = vec![0u8];
    b.extend_from_slice(bytes);
    tlv(0x03, &b)
}

/// A BOOLEAN.
pub fn boolean(v: bool) -> Vec<u8> {
    tlv(0x01, &[if v { 0xff } else { 0 }])
}

/// NULL.
pub fn null() -> Vec<u8> {
    vec![0x05, 0x00]
}

/// An OCTET STRING.
pub fn octets(b: &[u8]) -> Vec<u8> {
    tlv(0x04, b)
}

/// A string as Go's `asn1` marshals a `pkix.Name` attribute: PrintableString when every
/// character allows it, else UTF8String.
pub fn name_string(s: &str) -> Vec<u8> {
    let printable = s
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b" '()+,-./:=?*".contains(&b));
    tlv(if printable { 0x13 } else { 0x0c }, s.as_bytes())
}

/// A time as X.509 encodes it: UTCTime for 1950–2049, GeneralizedTime otherwise.
pub fn time(unix: i64) -> Vec<u8> {
    let (y, m, d) = civil_from_days(unix.div_euclid(86400));
    let s = unix.rem_euclid(86400);
    let hms = format!("{:02}{:02}{:02}", s / 3600, s / 60 % 60, s % 60);
    if (1950..2050).contains(&y) {
        tlv(0x17, format!("{:02}{m:02}{d:02}{hms}Z", y % 100).as_bytes())
    } else {
        tlv(0x18, format!("{y:04}{m:02}{d:02}{hms}Z").as_bytes())
    }
}

/// Go's `pem.EncodeToMemory`: base64 in 64-column lines between BEGIN and END lines.
pub fn pem(kind: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {kind}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out.push_str(&format!("-----END {kind}-----\n"));
    out
}

/// Go's `pem.Decode` of the first block: its type and bytes.
pub fn pem_decode(text: &str) -> Option<(String, Vec<u8>)> {
    let start = text.find("-----BEGIN ")?;
    let rest = &text[start + 11..];
    let type_end = rest.find("-----")?;
    let kind = rest[..type_end].to_string();
    let body_start = rest[type_end + 5..].trim_start_matches(['\r', '\n']);
    let end = body_start.find(&format!("-----END {kind}-----"))?;
    let b64: String = body_start[..end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let der = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
    Some((kind, der))
}

/// Reads one item at `at`: (tag, content range, end).
pub fn read(der: &[u8], at: usize) -> Option<(u8, std::ops::Range<usize>, usize)> {
    let tag = *der.get(at)?;
    let first = *der.get(at + 1)?;
    let (len, head) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for i in 0..n {
            len = (len << 8) | usize::from(*der.get(at + 2 + i)?);
        }
        (len, 2 + n)
    };
    let start = at + head;
    let end = start.checked_add(len)?;
    if end > der.len() {
        return None;
    }
    Some((tag, start..end, end))
}

/// What Sprig's certificate functions read of a parsed certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertParts {
    /// The subject Name, encoded.
    pub subject: Vec<u8>,
    /// The subject key identifier, if the certificate has one.
    pub ski: Option<Vec<u8>>,
    /// The SubjectPublicKeyInfo, encoded.
    pub spki: Vec<u8>,
}

/// A certificate's subject, subject key identifier and public key, read from its DER.
pub fn cert_parts(der: &[u8]) -> Option<CertParts> {
    let (_, cert, _) = read(der, 0)?;
    let (_, tbs, _) = read(der, cert.start)?;
    let mut at = tbs.start;
    // version [0] is optional.
    if der.get(at) == Some(&0xa0) {
        at = read(der, at)?.2;
    }
    // serialNumber, signature, issuer, validity.
    for _ in 0..4 {
        at = read(der, at)?.2;
    }
    let subject_end = read(der, at)?.2;
    let subject = der[at..subject_end].to_vec();
    // subjectPublicKeyInfo, then optional items up to extensions [3].
    let spki_end = read(der, subject_end)?.2;
    let spki = der[subject_end..spki_end].to_vec();
    let mut at = spki_end;
    let mut ski = None;
    while at < tbs.end {
        let (tag, body, end) = read(der, at)?;
        if tag == 0xa3 {
            let (_, exts, _) = read(der, body.start)?;
            let mut e = exts.start;
            while e < exts.end {
                let (_, ext, next) = read(der, e)?;
                let (_, id, after_id) = read(der, ext.start)?;
                if der[id] == [0x55, 0x1d, 0x0e] {
                    // Skip the optional critical flag, then the OCTET STRING wrapping.
                    let mut v = after_id;
                    if der.get(v) == Some(&0x01) {
                        v = read(der, v)?.2;
                    }
                    let (_, wrapped, _) = read(der, v)?;
                    let (_, key_id, _) = read(der, wrapped.start)?;
                    ski = Some(der[key_id].to_vec());
                }
                e = next;
            }
        }
        at = end;
    }
    Some(CertParts { subject, ski, spki })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_items_encode_like_asn1() {
        assert_eq!(oid("2.5.4.3"), vec![0x06, 0x03, 0x55, 0x04, 0x03]);
        assert_eq!(
            oid("1.2.840.113549.1.1.11")[2..],
            [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]
        );
        assert_eq!(uint(&[0x80]), vec![0x02, 0x02, 0x00, 0x80]);
        assert_eq!(uint(&[0, 0, 5]), vec![0x02, 0x01, 0x05]);
        assert_eq!(tlv(0x04, &[0u8; 200])[..3], [0x04, 0x81, 200]);
        assert_eq!(time(0), tlv(0x17, b"700101000000Z"));
        assert_eq!(time(2_556_144_000), tlv(0x18, b"20510101000000Z"));
    }

    #[test]
    fn pem_round_trips() {
        let text = pem("CERTIFICATE", &[1, 2, 3]);
        assert_eq!(
            text,
            "-----BEGIN CERTIFICATE-----\nAQID\n-----END CERTIFICATE-----\n"
        );
        assert_eq!(
            pem_decode(&text),
            Some(("CERTIFICATE".into(), vec![1, 2, 3]))
        );
    }
}
