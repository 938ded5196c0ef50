//! Sprig's cryptographic functions, producing real, valid results as Helm does: `genCA`,
//! `genSelfSignedCert`, `genSignedCert` (and their `WithKey` forms), `buildCustomCert`,
//! `genPrivateKey`, `bcrypt`, `htpasswd`, `derivePassword`, `encryptAES`, `decryptAES`.
//!
//! Certificates follow Go's `x509.CreateCertificate` for Sprig's template: version 3, a random
//! 128-bit serial, SHA-256 with RSA, the common name as subject, key usage (critical),
//! server and client auth, basic constraints (critical), a subject key id on CAs and the
//! issuer's as authority key id, DNS and IP alternative names; keys are RSA (2048 bits for
//! certificates, 4096 for `genPrivateKey`) in PKCS #1 PEM.

use std::rc::Rc;

use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit};
use hmac::Mac;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey, EncodeRsaPublicKey};
use rsa::pkcs8::DecodePrivateKey;
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha2::Digest;

use crate::gotpl::func::{Ctx, FuncError};
use crate::gotpl::value::{Object, Value};

use super::conv::{arg, int, s, string, FResult};
use super::der;
use super::encoding::b64_decode;
use super::random::Rng;

mod keygen;
mod monty;

impl rsa::rand_core::RngCore for Rng {
    fn next_u32(&mut self) -> u32 {
        self.next_u64() as u32
    }

    fn next_u64(&mut self) -> u64 {
        Rng::next_u64(self)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        self.fill(dest);
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rsa::rand_core::Error> {
        self.fill(dest);
        Ok(())
    }
}

impl rsa::rand_core::CryptoRng for Rng {}

/// Sprig's `certificate` struct: `.Cert` and `.Key`, PEM text.
#[derive(Debug, Clone)]
pub struct Certificate {
    cert: String,
    key: String,
}

impl Object for Certificate {
    fn type_name(&self) -> &str {
        "sprig.certificate"
    }

    fn kind(&self) -> &'static str {
        "struct"
    }

    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Cert" => Some(Value::str(&self.cert)),
            "Key" => Some(Value::str(&self.key)),
            _ => None,
        }
    }

    fn to_json(&self) -> Option<Value> {
        let mut m = std::collections::BTreeMap::new();
        m.insert("Cert".to_string(), Value::str(&self.cert));
        m.insert("Key".to_string(), Value::str(&self.key));
        Some(Value::dict(m))
    }

    fn format(&self, out: &mut String) {
        out.push('{');
        out.push_str(&self.cert);
        out.push(' ');
        out.push_str(&self.key);
        out.push('}');
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

fn cert_value(cert: String, key: String) -> FResult {
    Ok(Value::Object(Rc::new(Certificate { cert, key })))
}

fn new_rsa(ctx: &mut Ctx, bits: usize) -> Result<RsaPrivateKey, FuncError> {
    keygen::generate(&mut ctx.rng, bits)
        .map_err(|e| FuncError(format!("error generating rsa key: {e}")))
}

fn key_pem(key: &RsaPrivateKey) -> Result<String, FuncError> {
    let der = key
        .to_pkcs1_der()
        .map_err(|e| FuncError(format!("error pem-encoding key: {e}")))?;
    Ok(der::pem("RSA PRIVATE KEY", der.as_bytes()))
}

/// Sprig's `parsePrivateKeyPEM` for RSA keys (PKCS #1 and PKCS #8).
fn parse_key(text: &str) -> Result<RsaPrivateKey, String> {
    let (kind, bytes) = der::pem_decode(text).ok_or("no PEM data in input")?;
    if kind == "PRIVATE KEY" {
        return RsaPrivateKey::from_pkcs8_der(&bytes)
            .map_err(|e| format!("decoding PEM as PKCS#8: {e}"));
    }
    if !kind.ends_with(" PRIVATE KEY") {
        return Err(format!("no private key data in PEM block of type {kind}"));
    }
    match &kind[..kind.len() - 12] {
        "RSA" => RsaPrivateKey::from_pkcs1_der(&bytes)
            .map_err(|e| format!("parsing RSA private key from PEM: {e}")),
        "EC" | "DSA" => Err(format!("orochart reads only RSA keys, not {kind}")),
        _ => Err(format!("invalid private key type {kind}")),
    }
}

/// Go's `net.ParseIP` into the bytes X.509 stores (4 for IPv4).
fn parse_ip(s: &str) -> Option<Vec<u8>> {
    let ip: std::net::IpAddr = s.parse().ok()?;
    Some(match ip {
        std::net::IpAddr::V4(v4) => v4.octets().to_vec(),
        std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.octets().to_vec(),
            None => v6.octets().to_vec(),
        },
    })
}

/// The certificate template Sprig builds (`getBaseCertTemplate`).
struct Template {
    cn: String,
    ips: Vec<Vec<u8>>,
    dns: Vec<String>,
    days: i64,
    is_ca: bool,
}

fn template(cn: &str, ips: &Value, dns: &Value, days: i64) -> Result<Template, FuncError> {
    let list = |v: &Value| -> Vec<Value> {
        match v {
            Value::List(l) => l.items.to_vec(),
            _ => Vec::new(),
        }
    };
    let mut ip_bytes = Vec::new();
    for ip in list(ips) {
        let Value::String(text) = &ip else {
            return Err(FuncError(format!(
                "error parsing ip: {} is not a string",
                crate::gotpl::fmt::to_string(&ip)
            )));
        };
        ip_bytes
            .push(parse_ip(text).ok_or_else(|| FuncError(format!("error parsing ip: {text}")))?);
    }
    let mut names = Vec::new();
    for name in list(dns) {
        let Value::String(text) = &name else {
            return Err(FuncError(format!(
                "error processing alternate dns name: {} is not a string",
                crate::gotpl::fmt::to_string(&name)
            )));
        };
        names.push(text.to_string());
    }
    Ok(Template {
        cn: cn.to_string(),
        ips: ip_bytes,
        dns: names,
        days,
        is_ca: false,
    })
}

fn subject_name(cn: &str) -> Vec<u8> {
    if cn.is_empty() {
        return der::seq(&[]);
    }
    der::seq(&[der::set(&[der::seq(&[
        der::oid("2.5.4.3"),
        der::name_string(cn),
    ])])])
}

fn extension(id: &str, critical: bool, value: Vec<u8>) -> Vec<u8> {
    let mut items = vec![der::oid(id)];
    if critical {
        items.push(der::boolean(true));
    }
    items.push(der::octets(&value));
    der::seq(&items)
}

/// The issuer of a certificate: its subject, key id and signing key.
struct Issuer {
    subject: Vec<u8>,
    key_id: Option<Vec<u8>>,
    key: RsaPrivateKey,
}

/// Go's `x509.CreateCertificate` for Sprig's template, as PEM.
fn create_cert(
    ctx: &mut Ctx,
    t: &Template,
    key: &RsaPrivateKey,
    issuer: Option<&Issuer>,
) -> Result<String, FuncError> {
    let fail = |e: String| FuncError(format!("error creating certificate: {e}"));
    let rsa_alg = der::seq(&[der::oid("1.2.840.113549.1.1.1"), der::null()]);
    let public = key
        .to_public_key()
        .to_pkcs1_der()
        .map_err(|e| fail(e.to_string()))?;
    let spki = der::seq(&[rsa_alg, der::bits(public.as_bytes())]);
    let subject = subject_name(&t.cn);
    let key_id: Vec<u8> = sha1::Sha1::digest(public.as_bytes()).to_vec();
    let mut serial = [0u8; 16];
    ctx.rng.fill(&mut serial);
    let now = ctx.now().unix;
    let not_after = now.saturating_add(t.days.saturating_mul(86400));
    // Key usage: digitalSignature (bit 0), keyEncipherment (bit 2), and keyCertSign (bit 5)
    // for a CA; Go trims the trailing zero bits.
    let (usage, unused) = if t.is_ca {
        (0b1010_0100u8, 2u8)
    } else {
        (0b1010_0000u8, 5u8)
    };
    let mut exts = vec![
        extension("2.5.29.15", true, der::tlv(0x03, &[unused, usage])),
        extension(
            "2.5.29.37",
            false,
            der::seq(&[der::oid("1.3.6.1.5.5.7.3.1"), der::oid("1.3.6.1.5.5.7.3.2")]),
        ),
        extension(
            "2.5.29.19",
            true,
            if t.is_ca {
                der::seq(&[der::boolean(true)])
            } else {
                der::seq(&[])
            },
        ),
    ];
    if t.is_ca {
        exts.push(extension("2.5.29.14", false, der::octets(&key_id)));
    }
    if let Some(iss) = issuer {
        if let Some(aki) = &iss.key_id {
            if iss.subject != subject {
                exts.push(extension(
                    "2.5.29.35",
                    false,
                    der::seq(&[der::tlv(0x80, aki)]),
                ));
            }
        }
    }
    if !t.dns.is_empty() || !t.ips.is_empty() {
        let mut names: Vec<Vec<u8>> = t.dns.iter().map(|d| der::tlv(0x82, d.as_bytes())).collect();
        names.extend(t.ips.iter().map(|ip| der::tlv(0x87, ip)));
        exts.push(extension("2.5.29.17", false, der::seq(&names)));
    }
    let sig_alg = der::seq(&[der::oid("1.2.840.113549.1.1.11"), der::null()]);
    let issuer_name = issuer.map_or_else(|| subject.clone(), |i| i.subject.clone());
    let tbs = der::seq(&[
        der::tlv(0xa0, &der::tlv(0x02, &[2])),
        der::uint(&serial),
        sig_alg.clone(),
        issuer_name,
        der::seq(&[der::time(now), der::time(not_after)]),
        subject,
        spki,
        der::tlv(0xa3, &der::seq(&exts)),
    ]);
    let signer = issuer.map_or(key, |i| &i.key);
    let digest = sha2::Sha256::digest(&tbs);
    let signature = signer
        .sign(Pkcs1v15Sign::new::<sha2::Sha256>(), &digest)
        .map_err(|e| fail(e.to_string()))?;
    let cert = der::seq(&[tbs, sig_alg, der::bits(&signature)]);
    Ok(der::pem("CERTIFICATE", &cert))
}

fn ca_with_key(ctx: &mut Ctx, a: &[Value], key: RsaPrivateKey) -> FResult {
    let mut t = template(s(a, 0), &Value::Nil, &Value::Nil, int(a, 1))?;
    t.is_ca = true;
    let cert = create_cert(ctx, &t, &key, None)?;
    cert_value(cert, key_pem(&key)?)
}

pub fn gen_ca(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let key = new_rsa(ctx, 2048)?;
    ca_with_key(ctx, a, key)
}

pub fn gen_ca_with_key(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let key = parse_key(s(a, 2)).map_err(|e| FuncError(format!("parsing private key: {e}")))?;
    ca_with_key(ctx, a, key)
}

fn self_signed_with_key(ctx: &mut Ctx, a: &[Value], key: RsaPrivateKey) -> FResult {
    let t = template(s(a, 0), arg(a, 1), arg(a, 2), int(a, 3))?;
    let cert = create_cert(ctx, &t, &key, None)?;
    cert_value(cert, key_pem(&key)?)
}

pub fn gen_self_signed_cert(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let key = new_rsa(ctx, 2048)?;
    self_signed_with_key(ctx, a, key)
}

pub fn gen_self_signed_cert_with_key(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let key = parse_key(s(a, 4)).map_err(|e| FuncError(format!("parsing private key: {e}")))?;
    self_signed_with_key(ctx, a, key)
}

/// The `certificate` argument, or text/template's conversion error.
fn ca_arg(v: &Value) -> Result<Certificate, FuncError> {
    match v {
        Value::Object(o) => o
            .as_any()
            .and_then(|x| x.downcast_ref::<Certificate>())
            .cloned(),
        _ => None,
    }
    .ok_or_else(|| {
        FuncError(format!(
            "wrong type for value; expected sprig.certificate; got {}",
            v.type_name("chartutil.Values")
        ))
    })
}

fn signed_with_key(ctx: &mut Ctx, a: &[Value], key: RsaPrivateKey) -> FResult {
    let ca = ca_arg(arg(a, 4))?;
    let (_, ca_der) = der::pem_decode(&ca.cert)
        .ok_or_else(|| FuncError("unable to decode certificate".into()))?;
    let (subject, key_id) = der::cert_subject_and_ski(&ca_der).ok_or_else(|| {
        FuncError(
            "error parsing certificate: decodedSignerCert.Bytes: x509: malformed certificate"
                .into(),
        )
    })?;
    let signer =
        parse_key(&ca.key).map_err(|e| FuncError(format!("error parsing private key: {e}")))?;
    let t = template(s(a, 0), arg(a, 1), arg(a, 2), int(a, 3))?;
    let issuer = Issuer {
        subject,
        key_id,
        key: signer,
    };
    let cert = create_cert(ctx, &t, &key, Some(&issuer))?;
    cert_value(cert, key_pem(&key)?)
}

pub fn gen_signed_cert(ctx: &mut Ctx, a: &[Value]) -> FResult {
    ca_arg(arg(a, 4))?;
    let key = new_rsa(ctx, 2048)?;
    signed_with_key(ctx, a, key)
}

pub fn gen_signed_cert_with_key(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let key = parse_key(s(a, 5)).map_err(|e| FuncError(format!("parsing private key: {e}")))?;
    signed_with_key(ctx, a, key)
}

/// `buildCustomCert B64CERT B64KEY`: a `certificate` from base64 PEM, both checked.
pub fn build_custom_cert(_: &mut Ctx, a: &[Value]) -> FResult {
    let cert =
        b64_decode(s(a, 0)).map_err(|_| FuncError("unable to decode base64 certificate".into()))?;
    let key =
        b64_decode(s(a, 1)).map_err(|_| FuncError("unable to decode base64 private key".into()))?;
    let cert = String::from_utf8_lossy(&cert).into_owned();
    let key = String::from_utf8_lossy(&key).into_owned();
    let (_, der_bytes) =
        der::pem_decode(&cert).ok_or_else(|| FuncError("unable to decode certificate".into()))?;
    if der::cert_subject_and_ski(&der_bytes).is_none() {
        return Err(FuncError(
            "error parsing certificate: decodedCert.Bytes: x509: malformed certificate".into(),
        ));
    }
    parse_key(&key).map_err(|e| FuncError(format!("error parsing private key: {e}")))?;
    cert_value(cert, key)
}

/// `genPrivateKey TYPE`: `rsa` (or "") is a 4096-bit RSA key in PKCS #1 PEM.
pub fn gen_private_key(ctx: &mut Ctx, a: &[Value]) -> FResult {
    match s(a, 0) {
        "" | "rsa" => {
            let key = new_rsa(ctx, 4096).map_err(|e| {
                FuncError(e.0.replace("error generating rsa key", "failed to generate private key"))
            })?;
            string(key_pem(&key)?)
        }
        "dsa" | "ecdsa" | "ed25519" => Err(FuncError(format!(
            "orochart does not generate {} keys yet",
            s(a, 0)
        ))),
        other => string(format!("Unknown type {other}")),
    }
}

/// Go's bcrypt at the default cost 10, as `$2a$` (x/crypto refuses passwords over 72 bytes).
fn bcrypt_hash(ctx: &mut Ctx, password: &str) -> String {
    if password.len() > 72 {
        return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes"
            .into();
    }
    let mut salt = [0u8; 16];
    ctx.rng.fill(&mut salt);
    match bcrypt::hash_with_salt(password, 10, salt) {
        Ok(h) => h.format_for_version(bcrypt::Version::TwoA),
        Err(e) => format!("failed to encrypt string with bcrypt: {e}"),
    }
}

pub fn bcrypt_fn(ctx: &mut Ctx, a: &[Value]) -> FResult {
    string(bcrypt_hash(ctx, s(a, 0)))
}

pub fn htpasswd(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let user = s(a, 0);
    if user.contains(':') {
        return string(format!("invalid username: {user}"));
    }
    string(format!("{user}:{}", bcrypt_hash(ctx, s(a, 1))))
}

/// The Master Password algorithm's templates, as Sprig has them.
fn password_templates(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "maximum" => &["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long" => &[
            "CvcvnoCvcvCvcv",
            "CvcvCvcvnoCvcv",
            "CvcvCvcvCvcvno",
            "CvccnoCvcvCvcv",
            "CvccCvcvnoCvcv",
            "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv",
            "CvcvCvccnoCvcv",
            "CvcvCvccCvcvno",
            "CvcvnoCvcvCvcc",
            "CvcvCvcvnoCvcc",
            "CvcvCvcvCvccno",
            "CvccnoCvccCvcv",
            "CvccCvccnoCvcv",
            "CvccCvccCvcvno",
            "CvcvnoCvccCvcc",
            "CvcvCvccnoCvcc",
            "CvcvCvccCvccno",
            "CvccnoCvcvCvcc",
            "CvccCvcvnoCvcc",
            "CvccCvcvCvccno",
        ],
        "medium" => &["CvcnoCvc", "CvcCvcno"],
        "short" => &["Cvcn"],
        "basic" => &["aaanaaan", "aannaaan", "aaannaaa"],
        "pin" => &["nnnn"],
        _ => return None,
    })
}

fn template_chars(c: u8) -> &'static [u8] {
    match c {
        b'V' => b"AEIOU",
        b'C' => b"BCDFGHJKLMNPQRSTVWXYZ",
        b'v' => b"aeiou",
        b'c' => b"bcdfghjklmnpqrstvwxyz",
        b'A' => b"AEIOUBCDFGHJKLMNPQRSTVWXYZ",
        b'a' => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
        b'n' => b"0123456789",
        b'o' => b"@&%?,=[]_:-+*$#!'^~;()/.",
        _ => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
    }
}

/// `derivePassword COUNTER TYPE PASSWORD USER SITE` (the Master Password algorithm: scrypt,
/// then HMAC-SHA-256 choosing a template and its characters).
pub fn derive_password(_: &mut Ctx, a: &[Value]) -> FResult {
    let counter = int(a, 0) as u32;
    let (kind, password, user, site) = (s(a, 1), s(a, 2), s(a, 3), s(a, 4));
    let Some(templates) = password_templates(kind) else {
        return string(format!("cannot find password template {kind}"));
    };
    const SEED: &[u8] = b"com.lyndir.masterpassword";
    let mut salt = SEED.to_vec();
    salt.extend((user.len() as u32).to_be_bytes());
    salt.extend(user.as_bytes());
    let mut key = [0u8; 64];
    let params = scrypt::Params::new(15, 8, 2, 64)
        .map_err(|e| FuncError(format!("failed to derive password: {e}")))?;
    if let Err(e) = scrypt::scrypt(password.as_bytes(), &salt, &params, &mut key) {
        return string(format!("failed to derive password: {e}"));
    }
    let mut msg = SEED.to_vec();
    msg.extend((site.len() as u32).to_be_bytes());
    msg.extend(site.as_bytes());
    msg.extend(counter.to_be_bytes());
    let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(&key)
        .map_err(|e| FuncError(format!("failed to derive password: {e}")))?;
    mac.update(&msg);
    let seed = mac.finalize().into_bytes();
    let temp = templates[usize::from(seed[0]) % templates.len()];
    let out: String = temp
        .bytes()
        .enumerate()
        .map(|(i, c)| {
            let chars = template_chars(c);
            char::from(chars[usize::from(seed[i + 1]) % chars.len()])
        })
        .collect();
    string(out)
}

fn aes_key(password: &str) -> aes::Aes256 {
    let mut key = [0u8; 32];
    let n = password.len().min(32);
    key[..n].copy_from_slice(&password.as_bytes()[..n]);
    aes::Aes256::new(&key.into())
}

/// `encryptAES PASSWORD TEXT`: AES-256-CBC (the password zero-padded to 32 bytes), PKCS #7
/// padding, a random IV first, in base64.
pub fn encrypt_aes(ctx: &mut Ctx, a: &[Value]) -> FResult {
    let text = s(a, 1);
    if text.is_empty() {
        return string("");
    }
    let cipher = aes_key(s(a, 0));
    let mut content = text.as_bytes().to_vec();
    let pad = 16 - content.len() % 16;
    content.extend(std::iter::repeat_n(pad as u8, pad));
    let mut out = vec![0u8; 16];
    ctx.rng.fill(&mut out);
    let mut prev: [u8; 16] = [0; 16];
    prev.copy_from_slice(&out);
    for chunk in content.chunks(16) {
        let mut block = [0u8; 16];
        for i in 0..16 {
            block[i] = chunk[i] ^ prev[i];
        }
        let mut b = block.into();
        cipher.encrypt_block(&mut b);
        prev.copy_from_slice(&b);
        out.extend_from_slice(&b);
    }
    string(super::encoding::b64_encode(&out))
}

/// `decryptAES PASSWORD BASE64`: the inverse of `encryptAES`.
pub fn decrypt_aes(_: &mut Ctx, a: &[Value]) -> FResult {
    let data = s(a, 1);
    if data.is_empty() {
        return string("");
    }
    let crypt = b64_decode(data).map_err(FuncError)?;
    if crypt.len() < 16 {
        // Go's decoder allocates three bytes per four characters.
        let clean = data.chars().filter(|c| *c != '\r' && *c != '\n').count();
        return Err(FuncError(format!(
            "runtime error: slice bounds out of range [:16] with capacity {}",
            clean / 4 * 3
        )));
    }
    let (iv, body) = crypt.split_at(16);
    if body.len() % 16 != 0 {
        return Err(FuncError("crypto/cipher: input not full blocks".into()));
    }
    if body.is_empty() {
        return Err(FuncError("runtime error: index out of range [-1]".into()));
    }
    let cipher = aes_key(s(a, 0));
    let mut prev: Vec<u8> = iv.to_vec();
    let mut plain = Vec::with_capacity(body.len());
    for chunk in body.chunks(16) {
        let mut b = aes::Block::clone_from_slice(chunk);
        cipher.decrypt_block(&mut b);
        for i in 0..16 {
            plain.push(b[i] ^ prev[i]);
        }
        prev = chunk.to_vec();
    }
    let pad = usize::from(plain[plain.len() - 1]);
    if pad > plain.len() {
        return Err(FuncError(format!(
            "runtime error: slice bounds out of range [:{}]",
            plain.len() as i64 - pad as i64
        )));
    }
    plain.truncate(plain.len() - pad);
    string(String::from_utf8_lossy(&plain).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs1::DecodeRsaPublicKey;

    fn field(v: &Value, name: &str) -> String {
        match v {
            Value::Object(o) => o
                .field(name)
                .and_then(|f| f.as_str().map(str::to_string))
                .unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// Checks the certificate's signature with `signer`'s public key and returns its DER.
    fn verify(cert_pem: &str, signer_key_pem: &str) -> Vec<u8> {
        let Some((_, der_bytes)) = der::pem_decode(cert_pem) else {
            panic!("no PEM");
        };
        let Some((_, body, _)) = der::read(&der_bytes, 0) else {
            panic!("bad DER")
        };
        let Some((_, tbs, tbs_end)) = der::read(&der_bytes, body.start) else {
            panic!("bad DER")
        };
        let tbs_bytes = &der_bytes[body.start..tbs_end];
        let Some((_, _, alg_end)) = der::read(&der_bytes, tbs_end) else {
            panic!("bad DER")
        };
        let Some((_, sig, _)) = der::read(&der_bytes, alg_end) else {
            panic!("bad DER")
        };
        let _ = tbs;
        let Ok(key) = parse_key(signer_key_pem) else {
            panic!("bad key")
        };
        let public = key.to_public_key();
        let digest = sha2::Sha256::digest(tbs_bytes);
        assert!(public
            .verify(
                Pkcs1v15Sign::new::<sha2::Sha256>(),
                &digest,
                &der_bytes[sig.start + 1..sig.end]
            )
            .is_ok());
        let pk = public
            .to_pkcs1_der()
            .map(|d| d.as_bytes().to_vec())
            .unwrap_or_default();
        assert!(rsa::RsaPublicKey::from_pkcs1_der(&pk).is_ok());
        der_bytes
    }

    #[test]
    fn gen_ca_and_signed_cert_verify() {
        let mut c = Ctx::new();
        let Ok(ca) = gen_ca(&mut c, &[Value::str("my-ca"), Value::Int(365)]) else {
            panic!("genCA failed");
        };
        assert!(field(&ca, "Cert").starts_with("-----BEGIN CERTIFICATE-----\n"));
        assert!(field(&ca, "Key").starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
        let ca_der = verify(&field(&ca, "Cert"), &field(&ca, "Key"));
        let Some((subject, ski)) = der::cert_subject_and_ski(&ca_der) else {
            panic!("no subject")
        };
        assert_eq!(subject, subject_name("my-ca"));
        assert!(ski.is_some());
        let ips = Value::list(vec![Value::str("10.0.0.1")]);
        let dns = Value::list(vec![Value::str("a.example.com")]);
        let Ok(leaf) = gen_signed_cert(
            &mut c,
            &[Value::str("leaf"), ips, dns, Value::Int(30), ca.clone()],
        ) else {
            panic!("genSignedCert failed");
        };
        let leaf_der = verify(&field(&leaf, "Cert"), &field(&ca, "Key"));
        assert!(leaf_der.windows(13).any(|w| w == b"a.example.com"));
        assert!(leaf_der.windows(4).any(|w| w == [10, 0, 0, 1]));
        assert_eq!(ca.type_name("x"), "sprig.certificate");
        let err = gen_signed_cert(
            &mut c,
            &[
                Value::str("x"),
                Value::Nil,
                Value::Nil,
                Value::Int(1),
                Value::str("ca"),
            ],
        );
        assert_eq!(
            err.err().map(|e| e.0),
            Some("wrong type for value; expected sprig.certificate; got string".into())
        );
    }

    #[test]
    fn self_signed_and_custom_certs() {
        let mut c = Ctx::new();
        let Ok(cert) = gen_self_signed_cert(
            &mut c,
            &[Value::str("foo"), Value::Nil, Value::Nil, Value::Int(30)],
        ) else {
            panic!("genSelfSignedCert failed");
        };
        verify(&field(&cert, "Cert"), &field(&cert, "Key"));
        let b64 = |t: &str| Value::from(super::super::encoding::b64_encode(t.as_bytes()));
        let rebuilt = build_custom_cert(
            &mut c,
            &[b64(&field(&cert, "Cert")), b64(&field(&cert, "Key"))],
        );
        assert_eq!(rebuilt.map(|v| field(&v, "Cert")), Ok(field(&cert, "Cert")));
        let bad = build_custom_cert(&mut c, &[Value::str("!!"), Value::str("")]);
        assert_eq!(
            bad.err().map(|e| e.0),
            Some("unable to decode base64 certificate".into())
        );
    }

    // Expected outputs from `helm template` (v3.17.2).
    #[test]
    fn password_functions_match_helm() {
        let mut c = Ctx::new();
        let text = |r: FResult| {
            r.ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        };
        assert_eq!(
            text(derive_password(
                &mut c,
                &[
                    Value::Int(1),
                    Value::str("long"),
                    Value::str("password"),
                    Value::str("user"),
                    Value::str("example.com")
                ]
            )),
            "ZedaFaxcZaso9*"
        );
        assert_eq!(
            text(htpasswd(&mut c, &[Value::str("a:b"), Value::str("x")])),
            "invalid username: a:b"
        );
        let h = text(bcrypt_fn(&mut c, &[Value::str("x")]));
        assert_eq!(h.len(), 60);
        assert!(h.starts_with("$2a$10$"));
        assert_eq!(bcrypt::verify("x", &h).ok(), Some(true));
        let enc = text(encrypt_aes(
            &mut c,
            &[Value::str("secretkey"), Value::str("plaintext")],
        ));
        assert_eq!(
            text(decrypt_aes(
                &mut c,
                &[Value::str("secretkey"), Value::from(enc)]
            )),
            "plaintext"
        );
        assert_eq!(
            text(encrypt_aes(&mut c, &[Value::str("k"), Value::str("")])),
            ""
        );
        assert_eq!(
            decrypt_aes(&mut c, &[Value::str("k"), Value::str("YQ==")])
                .err()
                .map(|e| e.0),
            Some("runtime error: slice bounds out of range [:16] with capacity 3".into())
        );
        assert_eq!(
            text(gen_private_key(&mut c, &[Value::str("foo")])),
            "Unknown type foo"
        );
    }
}
