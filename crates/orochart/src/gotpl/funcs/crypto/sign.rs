//! PKCS #1 v1.5 signatures with SHA-256 (what `x509.CreateCertificate` makes with an RSA
//! key), computed with the Chinese remainder theorem on the Montgomery arithmetic of
//! [`super::monty`] when the key's primes fill 16 or 32 limbs (every key orochart generates),
//! otherwise by the `rsa` crate. The signature is deterministic: both give the same bytes.
//! Like the `rsa` crate's, this is not constant-time; like it, the result is checked with the
//! public key before it is returned.

use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BigUint, Pkcs1v15Sign, RsaPrivateKey};

use super::monty::Modulus;

/// The DER `DigestInfo` prefix of a SHA-256 digest (RFC 8017, §9.2).
const SHA256_PREFIX: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// The PKCS #1 v1.5 signature of the SHA-256 `digest` with `key`.
pub(super) fn sign_sha256(key: &RsaPrivateKey, digest: &[u8]) -> Result<Vec<u8>, String> {
    if let Some(signature) = crt_sign(key, digest) {
        return Ok(signature);
    }
    key.sign(Pkcs1v15Sign::new::<sha2::Sha256>(), digest)
        .map_err(|e| e.to_string())
}

/// `x` as `N` little-endian limbs, if it fits.
pub(super) fn to_limbs<const N: usize>(x: &BigUint) -> Option<[u64; N]> {
    let bytes = x.to_bytes_le();
    if bytes.len() > 8 * N {
        return None;
    }
    let mut out = [0u64; N];
    for (i, b) in bytes.iter().enumerate() {
        out[i / 8] |= u64::from(*b) << (8 * (i % 8));
    }
    Some(out)
}

fn from_limbs(limbs: &[u64]) -> BigUint {
    let bytes: Vec<u8> = limbs.iter().flat_map(|l| l.to_le_bytes()).collect();
    BigUint::from_bytes_le(&bytes)
}

/// `base^exp mod p` for a `p` of exactly `64·N` bits.
pub(super) fn pow_mod<const N: usize>(
    base: &BigUint,
    exp: &BigUint,
    p: &BigUint,
) -> Option<BigUint> {
    let modulus = Modulus::new(&to_limbs::<N>(p)?)?;
    // R² mod p turns a number into Montgomery form; multiplying by 1 turns it back.
    let r2 = to_limbs::<N>(&((BigUint::from(1u32) << (128 * N)) % p))?;
    let b = modulus.mul(&to_limbs::<N>(&(base % p))?, &r2);
    let x = modulus.pow(&b, &to_limbs::<N>(exp)?);
    let mut one = [0u64; N];
    one[0] = 1;
    Some(from_limbs(&modulus.mul(&x, &one)))
}

fn crt_sign(key: &RsaPrivateKey, digest: &[u8]) -> Option<Vec<u8>> {
    let [p, q] = key.primes() else {
        return None;
    };
    let k = key.size();
    let t_len = SHA256_PREFIX.len() + digest.len();
    if digest.len() != 32 || k < t_len + 11 {
        return None;
    }
    let mut em = vec![0xffu8; k];
    em[0] = 0;
    em[1] = 1;
    em[k - t_len - 1] = 0;
    em[k - t_len..k - digest.len()].copy_from_slice(&SHA256_PREFIX);
    em[k - digest.len()..].copy_from_slice(digest);
    let m = BigUint::from_bytes_be(&em);
    let one = BigUint::from(1u32);
    let (dp, dq) = match (key.dp(), key.dq()) {
        (Some(dp), Some(dq)) => (dp.clone(), dq.clone()),
        _ => (key.d() % (p - &one), key.d() % (q - &one)),
    };
    let (m1, m2) = match (p.bits(), q.bits()) {
        (1024, 1024) => (pow_mod::<16>(&m, &dp, p)?, pow_mod::<16>(&m, &dq, q)?),
        (2048, 2048) => (pow_mod::<32>(&m, &dp, p)?, pow_mod::<32>(&m, &dq, q)?),
        _ => return None,
    };
    let q_inv = key.crt_coefficient()?;
    let h = (&q_inv * ((&m1 + p) - (&m2 % p))) % p;
    let s = &m2 + &h * q;
    // The check the `rsa` crate makes too: a wrong signature would reveal the key.
    if s.modpow(key.e(), key.n()) != m {
        return None;
    }
    let bytes = s.to_bytes_be();
    let mut out = vec![0u8; k - bytes.len()];
    out.extend_from_slice(&bytes);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gotpl::funcs::random::Rng;
    use sha2::Digest;

    #[test]
    fn crt_signatures_equal_the_rsa_crates() {
        let mut rng = Rng::from_seed([3; 32]);
        let Ok(key) = super::super::keygen::generate(&mut rng, 2048) else {
            panic!("keygen")
        };
        let digest = sha2::Sha256::digest(b"orochart");
        let Some(fast) = crt_sign(&key, &digest) else {
            panic!("no CRT signature for a generated key")
        };
        let Ok(reference) = key.sign(Pkcs1v15Sign::new::<sha2::Sha256>(), &digest) else {
            panic!("rsa crate")
        };
        assert_eq!(fast, reference);
        assert!(key
            .to_public_key()
            .verify(Pkcs1v15Sign::new::<sha2::Sha256>(), &digest, &fast)
            .is_ok());
        // A key whose primes are not 1024 or 2048 bits goes to the rsa crate.
        let Ok(small) = super::super::keygen::generate(&mut rng, 1024) else {
            panic!("keygen 1024")
        };
        assert!(crt_sign(&small, &digest).is_none());
        assert_eq!(
            sign_sha256(&small, &digest).ok(),
            small
                .sign(Pkcs1v15Sign::new::<sha2::Sha256>(), &digest)
                .ok()
        );
    }
}
