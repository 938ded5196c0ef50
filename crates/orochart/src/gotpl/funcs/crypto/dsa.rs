//! DSA keys as Sprig makes them: Go's `dsa.GenerateParameters(…, dsa.L2048N256)` then
//! `dsa.GenerateKey`, on the Montgomery arithmetic of [`super::monty`].
//!
//! Like Go: `q` is a random 256-bit prime with its top bit set; each `p` candidate is a random
//! 2048-bit number with its top and bottom bits set, lowered to the number ≡ 1 (mod q) at or
//! below it, kept if it still has 2048 bits and is prime, and after `4·2048` candidates a new
//! `q` is drawn; `g = h^((p-1)/q) mod p` for the first `h` from 2 that gives no 1; `x` is
//! 32 random bytes, drawn again while zero or not below `q`; `y = g^x mod p`.
//! Unlike Go, candidates with a small factor are dropped before Miller-Rabin (Go's
//! `ProbablyPrime` tests the primes below 53 first), and Miller-Rabin has the rounds of
//! `keygen` (FIPS 186-5 for random candidates), not Go's 64 and a Lucas test: the keys come
//! from the same distribution.

use rsa::BigUint;

use super::super::random::Rng;
use super::keygen;
use super::keys::DsaKey;
use super::monty::Modulus;
use super::sign;

fn random_bytes(rng: &mut Rng, n: usize) -> Vec<u8> {
    let mut b = vec![0u8; n];
    rng.fill(&mut b);
    b
}

/// A random 256-bit prime with its top bit set.
fn random_q(rng: &mut Rng) -> BigUint {
    loop {
        let mut b = random_bytes(rng, 32);
        b[0] |= 0x80;
        b[31] |= 1;
        let q = BigUint::from_bytes_be(&b);
        let Some(w) = sign::to_limbs::<4>(&q) else {
            continue;
        };
        if !keygen::no_small_factor(&w) {
            continue;
        }
        let Some(m) = Modulus::new(&w) else { continue };
        // FIPS 186-5's rounds for a random 256-bit candidate (Table B.1: 2⁻¹⁰⁰ error).
        if m.probably_prime(23, || rng.next_u64()) {
            return q;
        }
    }
}

/// Go's `GenerateParameters` for L = 2048, N = 256: `(p, q, g)`.
fn parameters(rng: &mut Rng) -> Option<(BigUint, BigUint, BigUint)> {
    const L: usize = 2048;
    let one = BigUint::from(1u32);
    loop {
        let q = random_q(rng);
        for _ in 0..4 * L {
            let mut b = random_bytes(rng, L / 8);
            b[0] |= 0x80;
            b[L / 8 - 1] |= 1;
            let candidate = BigUint::from_bytes_be(&b);
            // p = candidate - (candidate mod q - 1); candidate mod q is 0 only when q
            // divides it, then p = candidate + 1, as Go's arithmetic gives.
            let rem = &candidate % &q;
            let p = candidate + &one - rem;
            if p.bits() < L || p.bits() > L {
                continue;
            }
            let Some(w) = sign::to_limbs::<32>(&p) else {
                continue;
            };
            if w[0] & 1 == 0 || !keygen::no_small_factor(&w) {
                continue;
            }
            let Some(m) = Modulus::new(&w) else { continue };
            if !m.probably_prime(keygen::rounds(L), || rng.next_u64()) {
                continue;
            }
            let e = (&p - &one) / &q;
            let mut h = BigUint::from(2u32);
            loop {
                let g = sign::pow_mod::<32>(&h, &e, &p)?;
                if g != one {
                    return Some((p, q, g));
                }
                h += &one;
            }
        }
    }
}

/// A DSA key as Sprig's `genPrivateKey "dsa"` makes it.
pub(super) fn generate(rng: &mut Rng) -> Result<DsaKey, String> {
    let (p, q, g) = parameters(rng).ok_or("dsa: arithmetic failed")?;
    let x = loop {
        let x = BigUint::from_bytes_be(&random_bytes(rng, q.bits() / 8));
        if x != BigUint::from(0u32) && x < q {
            break x;
        }
    };
    let y = sign::pow_mod::<32>(&g, &x, &p).ok_or("dsa: arithmetic failed")?;
    Ok(DsaKey {
        p: p.to_bytes_be(),
        q: q.to_bytes_be(),
        g: g.to_bytes_be(),
        y: y.to_bytes_be(),
        x: x.to_bytes_be(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_have_gos_structure() {
        let mut rng = Rng::from_seed([5; 32]);
        let Ok(key) = generate(&mut rng) else {
            panic!("dsa keygen")
        };
        let big = |b: &[u8]| BigUint::from_bytes_be(b);
        let (p, q, g, y, x) = (
            big(&key.p),
            big(&key.q),
            big(&key.g),
            big(&key.y),
            big(&key.x),
        );
        let one = BigUint::from(1u32);
        assert_eq!(p.bits(), 2048);
        assert_eq!(q.bits(), 256);
        assert_eq!((&p - &one) % &q, BigUint::from(0u32));
        // Fermat with bases 2, 3, 5 on both primes.
        for n in [&p, &q] {
            for b in [2u32, 3, 5] {
                assert_eq!(BigUint::from(b).modpow(&(n - &one), n), one);
            }
        }
        // g generates the subgroup of order q.
        assert_ne!(g, one);
        assert_eq!(g.modpow(&q, &p), one);
        assert!(x > BigUint::from(0u32) && x < q);
        assert_eq!(g.modpow(&x, &p), y);
        // Sprig's layout: version 0 and the five numbers.
        let der_bytes = key.to_der();
        assert_eq!(&der_bytes[..2], [0x30, 0x82]);
        assert_eq!(
            super::super::keys::parse_pem(
                &super::super::super::der::pem("DSA PRIVATE KEY", &der_bytes),
                false
            )
            .map(|k| matches!(k, super::super::keys::PrivateKey::Dsa(_))),
            Ok(true)
        );
    }
}
