//! The private keys Sprig reads and writes (`parsePrivateKeyPEM`, `pemBlockForKey`), and what
//! Go's `x509.CreateCertificate` does with them: their public key as a certificate holds it,
//! and their signatures.
//!
//! RSA keys use this module's siblings (`keygen`, `sign`); ECDSA keys on Go's four NIST
//! curves use the RustCrypto curve crates and Ed25519 keys `ed25519-dalek`. DSA and X25519
//! keys can be read (Go reads them) but, as in Go, neither signs a certificate nor goes into
//! one.

use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey, EncodeRsaPublicKey};
use rsa::RsaPrivateKey;
use sha2::Digest;

use super::super::der;
use super::super::random::Rng;
use super::asn1::{self, field, optional, BIG_INT, BYTES, INT};
use super::sign;

const OID_RSA: &str = "1.2.840.113549.1.1.1";
const OID_EC: &str = "1.2.840.10045.2.1";
const OID_ED25519: &str = "1.3.101.112";
const OID_X25519: &str = "1.3.101.110";

/// Go's `ecPrivateKey` (SEC 1).
const EC_FIELDS: &[asn1::Field] = &[INT, BYTES, optional(0xa0), optional(0xa1)];
/// Go's `pkcs1PrivateKey`, up to its required fields.
const PKCS1_FIELDS: &[asn1::Field] = &[INT, BIG_INT, INT, BIG_INT, BIG_INT, BIG_INT];
/// Go's `pkcs8`.
const PKCS8_FIELDS: &[asn1::Field] = &[INT, field(0x30, "AlgorithmIdentifier"), BYTES];
/// Sprig's `DSAKeyFormat`.
const DSA_FIELDS: &[asn1::Field] = &[INT, BIG_INT, BIG_INT, BIG_INT, BIG_INT, BIG_INT];

/// The NIST curves Go's `x509` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Curve {
    P224,
    P256,
    P384,
    P521,
}

impl Curve {
    fn oid(self) -> &'static str {
        match self {
            Curve::P224 => "1.3.132.0.33",
            Curve::P256 => "1.2.840.10045.3.1.7",
            Curve::P384 => "1.3.132.0.34",
            Curve::P521 => "1.3.132.0.35",
        }
    }

    fn from_oid(body: &[u8]) -> Option<Curve> {
        [Curve::P224, Curve::P256, Curve::P384, Curve::P521]
            .into_iter()
            .find(|c| der::oid(c.oid())[2..] == *body)
    }

    /// Bytes of a scalar (`(N.BitLen()+7)/8`).
    fn scalar_len(self) -> usize {
        match self {
            Curve::P224 => 28,
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}

/// An ECDSA private key: its curve and scalar (`scalar_len` bytes, big-endian, below the
/// order, not zero).
#[derive(Debug, Clone)]
pub(super) struct EcKey {
    curve: Curve,
    scalar: Vec<u8>,
}

/// Runs `$body` with `$m` naming the key's curve crate.
macro_rules! with_curve {
    ($curve:expr, |$m:ident| $body:expr) => {
        match $curve {
            Curve::P224 => {
                use p224 as $m;
                $body
            }
            Curve::P256 => {
                use p256 as $m;
                $body
            }
            Curve::P384 => {
                use p384 as $m;
                $body
            }
            Curve::P521 => {
                use p521 as $m;
                $body
            }
        }
    };
}

impl EcKey {
    /// The uncompressed public point (`04 ‖ X ‖ Y`); an error for a scalar that is zero or
    /// not below the curve's order.
    fn public_point(&self) -> Result<Vec<u8>, String> {
        use p256::elliptic_curve::sec1::ToEncodedPoint;
        with_curve!(self.curve, |m| {
            let secret = m::SecretKey::from_slice(&self.scalar).map_err(|e| e.to_string())?;
            Ok(secret
                .public_key()
                .to_encoded_point(false)
                .as_bytes()
                .to_vec())
        })
    }

    /// The DER ECDSA signature of `tbs` with the hash Go picks for the curve, with fresh
    /// randomness as Go's (RFC 6979 with added entropy).
    fn sign(&self, rng: &mut Rng, tbs: &[u8]) -> Result<Vec<u8>, String> {
        use p256::ecdsa::signature::hazmat::RandomizedPrehashSigner;
        let digest = match self.curve {
            Curve::P384 => sha2::Sha384::digest(tbs).to_vec(),
            Curve::P521 => sha2::Sha512::digest(tbs).to_vec(),
            Curve::P224 | Curve::P256 => sha2::Sha256::digest(tbs).to_vec(),
        };
        with_curve!(self.curve, |m| {
            let key = m::ecdsa::SigningKey::from_slice(&self.scalar).map_err(|e| e.to_string())?;
            let sig: m::ecdsa::Signature = key
                .sign_prehash_with_rng(rng, &digest)
                .map_err(|e| e.to_string())?;
            Ok(sig.to_der().as_bytes().to_vec())
        })
    }

    /// Go's `x509.MarshalECPrivateKey`.
    fn to_sec1(&self) -> Result<Vec<u8>, String> {
        Ok(der::seq(&[
            der::uint(&[1]),
            der::octets(&self.scalar),
            der::tlv(0xa0, &der::oid(self.curve.oid())),
            der::tlv(0xa1, &der::bits(&self.public_point()?)),
        ]))
    }
}

/// Sprig's `DSAKeyFormat`: the five numbers, big-endian.
#[derive(Debug, Clone)]
pub(super) struct DsaKey {
    pub p: Vec<u8>,
    pub q: Vec<u8>,
    pub g: Vec<u8>,
    pub y: Vec<u8>,
    pub x: Vec<u8>,
}

impl DsaKey {
    /// Sprig's `asn1.Marshal(DSAKeyFormat{…})`.
    pub(super) fn to_der(&self) -> Vec<u8> {
        der::seq(&[
            der::uint(&[0]),
            der::uint(&self.p),
            der::uint(&self.q),
            der::uint(&self.g),
            der::uint(&self.y),
            der::uint(&self.x),
        ])
    }
}

/// A private key as Sprig's `parsePrivateKeyPEM` returns it.
#[derive(Debug, Clone)]
pub(super) enum PrivateKey {
    Rsa(RsaPrivateKey),
    Ec(EcKey),
    Ed25519(ed25519_dalek::SigningKey),
    Dsa(DsaKey),
    /// An X25519 key (from PKCS #8): Go reads it, but it neither signs nor is certified.
    X25519([u8; 32]),
}

/// Go's `ParseECPrivateKey` (with the curve of a PKCS #8 wrapper, when it names one).
fn parse_ec(
    der_bytes: &[u8],
    wrapper_curve: Option<&[u8]>,
    go_1_26: bool,
) -> Result<EcKey, String> {
    let fields = match asn1::unmarshal(der_bytes, "ecPrivateKey", EC_FIELDS) {
        Ok(f) => f,
        Err(e) => {
            if asn1::fits(der_bytes, PKCS8_FIELDS) {
                return Err("x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)".into());
            }
            if asn1::fits(der_bytes, PKCS1_FIELDS) {
                return Err("x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)".into());
            }
            return Err(format!("x509: failed to parse EC private key: {e}"));
        }
    };
    let get = |i: usize| fields.get(i).cloned().flatten().map(|r| &der_bytes[r]);
    let version = get(0).unwrap_or_default();
    if version != [1] {
        let v = version
            .iter()
            .fold(0i64, |acc, b| (acc << 8) | i64::from(*b));
        return Err(format!("x509: unknown EC private key version {v}"));
    }
    let named = get(2).and_then(|explicit| {
        let (tag, body, _) = der::read(explicit, 0)?;
        (tag == 0x06).then(|| &explicit[body])
    });
    let curve = wrapper_curve
        .or(named)
        .and_then(Curve::from_oid)
        .ok_or("x509: unknown elliptic curve")?;
    // Go compares the number with the curve's order first, then drops leading zeros
    // (a longer key with a non-zero excess is already too large).
    let k = get(1).unwrap_or_default();
    let digits = &k[k.iter().position(|b| *b != 0).unwrap_or(k.len())..];
    let overflow = || {
        if go_1_26 {
            "input overflows the modulus".to_string()
        } else {
            "x509: invalid elliptic curve private key value".to_string()
        }
    };
    let n = curve.scalar_len();
    if digits.len() > n {
        return Err(overflow());
    }
    let mut scalar = vec![0u8; n];
    scalar[n - digits.len()..].copy_from_slice(digits);
    let key = EcKey { curve, scalar };
    // The crates refuse zero and numbers not below the order.
    if key.public_point().is_err() {
        return Err(if digits.is_empty() {
            "x509: invalid elliptic curve private key value".to_string()
        } else {
            overflow()
        });
    }
    Ok(key)
}

/// Go's `ParsePKCS1PrivateKey`: the `rsa` crate's reading, Go's hints for other formats.
fn parse_pkcs1(der_bytes: &[u8]) -> Result<RsaPrivateKey, String> {
    if let Err(e) = asn1::unmarshal(der_bytes, "pkcs1PrivateKey", PKCS1_FIELDS) {
        if asn1::fits(der_bytes, EC_FIELDS) {
            return Err("x509: failed to parse private key (use ParseECPrivateKey instead for this key format)".into());
        }
        if asn1::fits(der_bytes, PKCS8_FIELDS) {
            return Err("x509: failed to parse private key (use ParsePKCS8PrivateKey instead for this key format)".into());
        }
        return Err(e);
    }
    RsaPrivateKey::from_pkcs1_der(der_bytes).map_err(|e| e.to_string())
}

/// Go's `ParsePKCS8PrivateKey`.
fn parse_pkcs8(der_bytes: &[u8], go_1_26: bool) -> Result<PrivateKey, String> {
    let fields = match asn1::unmarshal(der_bytes, "pkcs8", PKCS8_FIELDS) {
        Ok(f) => f,
        Err(e) => {
            if asn1::fits(der_bytes, EC_FIELDS) {
                return Err("x509: failed to parse private key (use ParseECPrivateKey instead for this key format)".into());
            }
            if asn1::fits(der_bytes, PKCS1_FIELDS) {
                return Err("x509: failed to parse private key (use ParsePKCS1PrivateKey instead for this key format)".into());
            }
            return Err(e);
        }
    };
    let (Some(algo), Some(inner)) = (fields[1].clone(), fields[2].clone()) else {
        return Err("asn1: syntax error: sequence truncated".into());
    };
    let inner = &der_bytes[inner];
    let (oid_tag, oid_body, params_at) =
        der::read(der_bytes, algo.start).ok_or("asn1: syntax error: sequence truncated")?;
    if oid_tag != 0x06 {
        return Err("asn1: syntax error: sequence truncated".into());
    }
    let oid = &der_bytes[oid_body];
    let params = &der_bytes[params_at.min(algo.end)..algo.end];
    let is = |dotted: &str| der::oid(dotted)[2..] == *oid;
    if is(OID_RSA) {
        return parse_pkcs1(inner)
            .map(PrivateKey::Rsa)
            .map_err(|e| format!("x509: failed to parse RSA private key embedded in PKCS#8: {e}"));
    }
    if is(OID_EC) {
        let curve = der::read(params, 0)
            .filter(|(tag, _, _)| *tag == 0x06)
            .map(|(_, body, _)| &params[body]);
        return parse_ec(inner, curve, go_1_26)
            .map(PrivateKey::Ec)
            .map_err(|e| format!("x509: failed to parse EC private key embedded in PKCS#8: {e}"));
    }
    let curve_key = |name: &str| -> Result<[u8; 32], String> {
        if !params.is_empty() {
            return Err(format!("x509: invalid {name} private key parameters"));
        }
        let key = match der::read(inner, 0) {
            Some((0x04, body, _)) => &inner[body],
            _ => {
                return Err(format!(
                    "x509: invalid {name} private key: asn1: structure error"
                ))
            }
        };
        <[u8; 32]>::try_from(key).map_err(|_| match name {
            "Ed25519" => format!("x509: invalid Ed25519 private key length: {}", key.len()),
            _ => "crypto/ecdh: invalid private key size".to_string(),
        })
    };
    if is(OID_ED25519) {
        let seed = curve_key("Ed25519")?;
        return Ok(PrivateKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(
            &seed,
        )));
    }
    if is(OID_X25519) {
        return curve_key("X25519").map(PrivateKey::X25519);
    }
    Err(format!(
        "x509: PKCS#8 wrapping contained private key with unknown algorithm: {}",
        asn1::oid_string(oid)
    ))
}

/// Sprig's `DSAKeyFormat` read back.
fn parse_dsa(der_bytes: &[u8]) -> Result<DsaKey, String> {
    let fields = asn1::unmarshal(der_bytes, "DSAKeyFormat", DSA_FIELDS)?;
    let num = |i: usize| {
        fields
            .get(i)
            .cloned()
            .flatten()
            .map(|r| der_bytes[r].to_vec())
            .unwrap_or_default()
    };
    Ok(DsaKey {
        p: num(1),
        q: num(2),
        g: num(3),
        y: num(4),
        x: num(5),
    })
}

/// Sprig's `parsePrivateKeyPEM`. `go_1_26` picks Go 1.26's words for an EC key out of range.
pub(super) fn parse_pem(text: &str, go_1_26: bool) -> Result<PrivateKey, String> {
    let (kind, bytes) = der::pem_decode(text).ok_or("no PEM data in input")?;
    if kind == "PRIVATE KEY" {
        return parse_pkcs8(&bytes, go_1_26).map_err(|e| format!("decoding PEM as PKCS#8: {e}"));
    }
    if !kind.ends_with(" PRIVATE KEY") {
        return Err(format!("no private key data in PEM block of type {kind}"));
    }
    match &kind[..kind.len() - 12] {
        "RSA" => parse_pkcs1(&bytes)
            .map(PrivateKey::Rsa)
            .map_err(|e| format!("parsing RSA private key from PEM: {e}")),
        "EC" => parse_ec(&bytes, None, go_1_26)
            .map(PrivateKey::Ec)
            .map_err(|e| format!("parsing EC private key from PEM: {e}")),
        "DSA" => parse_dsa(&bytes)
            .map(PrivateKey::Dsa)
            .map_err(|e| format!("parsing DSA private key from PEM: {e}")),
        _ => Err(format!("invalid private key type {kind}")),
    }
}

/// Go's `MarshalPKCS8PrivateKey` of a 32-byte key of `oid` (Ed25519, X25519).
fn pkcs8_curve_key(oid: &str, key: &[u8; 32]) -> Vec<u8> {
    der::seq(&[
        der::uint(&[0]),
        der::seq(&[der::oid(oid)]),
        der::octets(&der::octets(key)),
    ])
}

/// A certificate's public key: its `AlgorithmIdentifier` and the BIT STRING's bytes.
pub(super) struct PublicKey {
    pub algorithm: Vec<u8>,
    pub bits: Vec<u8>,
}

impl PublicKey {
    /// The `SubjectPublicKeyInfo`.
    pub(super) fn info(&self) -> Vec<u8> {
        der::seq(&[self.algorithm.clone(), der::bits(&self.bits)])
    }
}

impl PrivateKey {
    /// A new ECDSA P-256 key (Go's `ecdsa.GenerateKey(elliptic.P256(), …)`).
    pub(super) fn new_p256(rng: &mut Rng) -> PrivateKey {
        let key = p256::ecdsa::SigningKey::random(rng);
        PrivateKey::Ec(EcKey {
            curve: Curve::P256,
            scalar: key.to_bytes().to_vec(),
        })
    }

    /// A new Ed25519 key from 32 random bytes (Go's `ed25519.GenerateKey`).
    pub(super) fn new_ed25519(rng: &mut Rng) -> PrivateKey {
        let mut seed = [0u8; 32];
        rng.fill(&mut seed);
        PrivateKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(&seed))
    }

    /// An ECDSA key of a scalar (`scalar_len` bytes, valid).
    #[cfg(test)]
    pub(super) fn ec(curve: Curve, scalar: Vec<u8>) -> PrivateKey {
        PrivateKey::Ec(EcKey { curve, scalar })
    }

    /// Sprig's `pemBlockForKey`, encoded.
    pub(super) fn to_pem(&self) -> Result<String, String> {
        Ok(match self {
            PrivateKey::Rsa(k) => {
                let der_bytes = k.to_pkcs1_der().map_err(|e| e.to_string())?;
                der::pem("RSA PRIVATE KEY", der_bytes.as_bytes())
            }
            PrivateKey::Ec(k) => der::pem("EC PRIVATE KEY", &k.to_sec1()?),
            PrivateKey::Dsa(k) => der::pem("DSA PRIVATE KEY", &k.to_der()),
            PrivateKey::Ed25519(k) => {
                der::pem("PRIVATE KEY", &pkcs8_curve_key(OID_ED25519, &k.to_bytes()))
            }
            PrivateKey::X25519(k) => der::pem("PRIVATE KEY", &pkcs8_curve_key(OID_X25519, k)),
        })
    }

    /// Go's `marshalPublicKey` for a certificate's subject key.
    pub(super) fn public_key(&self) -> Result<PublicKey, String> {
        match self {
            PrivateKey::Rsa(k) => {
                let public = k
                    .to_public_key()
                    .to_pkcs1_der()
                    .map_err(|e| e.to_string())?;
                Ok(PublicKey {
                    algorithm: der::seq(&[der::oid(OID_RSA), der::null()]),
                    bits: public.as_bytes().to_vec(),
                })
            }
            PrivateKey::Ec(k) => Ok(PublicKey {
                algorithm: der::seq(&[der::oid(OID_EC), der::oid(k.curve.oid())]),
                bits: k.public_point()?,
            }),
            PrivateKey::Ed25519(k) => Ok(PublicKey {
                algorithm: der::seq(&[der::oid(OID_ED25519)]),
                bits: k.verifying_key().to_bytes().to_vec(),
            }),
            PrivateKey::Dsa(_) => Err("x509: unsupported public key type: *dsa.PublicKey".into()),
            PrivateKey::X25519(_) => {
                Err("x509: unsupported public key type: *ecdh.PublicKey".into())
            }
        }
    }

    /// The signature `AlgorithmIdentifier` Go's `signingParamsForKey` picks, or Go's error
    /// for a key that cannot sign.
    pub(super) fn signature_algorithm(&self) -> Result<Vec<u8>, String> {
        match self {
            PrivateKey::Rsa(_) => Ok(der::seq(&[der::oid("1.2.840.113549.1.1.11"), der::null()])),
            PrivateKey::Ec(k) => Ok(der::seq(&[der::oid(match k.curve {
                Curve::P384 => "1.2.840.10045.4.3.3",
                Curve::P521 => "1.2.840.10045.4.3.4",
                Curve::P224 | Curve::P256 => "1.2.840.10045.4.3.2",
            })])),
            PrivateKey::Ed25519(_) => Ok(der::seq(&[der::oid(OID_ED25519)])),
            PrivateKey::Dsa(_) | PrivateKey::X25519(_) => {
                Err("x509: certificate private key does not implement crypto.Signer".into())
            }
        }
    }

    /// The signature of `tbs` with the algorithm of [`Self::signature_algorithm`].
    pub(super) fn sign(&self, rng: &mut Rng, tbs: &[u8]) -> Result<Vec<u8>, String> {
        match self {
            PrivateKey::Rsa(k) => sign::sign_sha256(k, &sha2::Sha256::digest(tbs)),
            PrivateKey::Ec(k) => k.sign(rng, tbs),
            PrivateKey::Ed25519(k) => {
                use ed25519_dalek::Signer;
                Ok(k.sign(tbs).to_bytes().to_vec())
            }
            PrivateKey::Dsa(_) | PrivateKey::X25519(_) => {
                Err("x509: certificate private key does not implement crypto.Signer".into())
            }
        }
    }
}
