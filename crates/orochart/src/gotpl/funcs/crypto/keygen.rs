//! RSA key generation as Go's `rsa.GenerateKey` does it (the one Sprig calls), fast.
//!
//! Like Go: each prime candidate is a fresh random number of half the key's bits with its top
//! two bits set (so the modulus has exactly the key's bits) and odd; candidates sharing a
//! factor with a small prime are dropped, the rest go through Miller-Rabin with Go's number of
//! random bases (5 for 1024-bit primes, 4 for 2048-bit ones); `e` is 65537 and `d` is
//! `e⁻¹ mod (p-1)(q-1)`. The keys are thus drawn from the same distribution as Helm's.
//!
//! Unlike the `rsa` crate's generator (arbitrary-width numbers, 20 rounds, a Lucas test), the
//! arithmetic is fixed-width Montgomery on 64-bit limbs, and a base-2 round that needs no
//! multiplications discards composites before the random bases are drawn.

use std::sync::OnceLock;

use rsa::{BigUint, RsaPrivateKey};

use super::super::random::Rng;
use super::monty::Modulus;

/// Go's public exponent.
const E: u64 = 65537;

/// Odd primes below this are sieved out before Miller-Rabin: a candidate that survives the
/// primes up to 2¹⁶ is prime about one time in 36 (one in 57 up to 2¹⁰), and most candidates
/// are dropped by the first group of primes, so the later groups are rarely reached.
const SIEVE_LIMIT: usize = 1 << 16;

/// A small odd prime, tested by multiplication: `x` is a multiple of `p` exactly when
/// `x·p⁻¹ mod 2⁶⁴ ≤ ⌊(2⁶⁴ - 1)/p⌋`.
struct SmallPrime {
    inverse: u64,
    limit: u64,
}

/// Small odd primes grouped so that each group's product fits in 64 bits: a candidate is
/// reduced modulo the product, and the remainder tested against each prime.
struct Group {
    product: u64,
    /// `-product⁻¹ mod 2⁶⁴`.
    neg_inverse: u64,
    primes: Vec<SmallPrime>,
}

/// `a⁻¹ mod 2⁶⁴` for odd `a` (Newton's iteration).
fn inverse_mod_word(a: u64) -> u64 {
    let mut inv: u64 = 1;
    for _ in 0..6 {
        inv = inv.wrapping_mul(2u64.wrapping_sub(a.wrapping_mul(inv)));
    }
    inv
}

fn groups() -> &'static [Group] {
    static GROUPS: OnceLock<Vec<Group>> = OnceLock::new();
    GROUPS.get_or_init(|| {
        let mut composite = vec![false; SIEVE_LIMIT];
        let mut groups: Vec<Group> = Vec::new();
        let mut group = Group {
            product: 1,
            neg_inverse: 0,
            primes: Vec::new(),
        };
        for n in (3..SIEVE_LIMIT).step_by(2) {
            if composite[n] {
                continue;
            }
            for multiple in (n * n..SIEVE_LIMIT).step_by(2 * n) {
                composite[multiple] = true;
            }
            let p = n as u64;
            let product = match group.product.checked_mul(p) {
                Some(product) => product,
                None => {
                    group.neg_inverse = inverse_mod_word(group.product).wrapping_neg();
                    groups.push(std::mem::replace(
                        &mut group,
                        Group {
                            product: 1,
                            neg_inverse: 0,
                            primes: Vec::new(),
                        },
                    ));
                    p
                }
            };
            group.product = product;
            group.primes.push(SmallPrime {
                inverse: inverse_mod_word(p),
                limit: u64::MAX / p,
            });
        }
        group.neg_inverse = inverse_mod_word(group.product).wrapping_neg();
        groups.push(group);
        groups
    })
}

/// A number congruent to `w·2^(-64·len)` modulo the group's product (Montgomery reduction
/// one limb at a time): it has the same small prime factors as `w`.
fn scaled_residue(w: &[u64], g: &Group) -> u64 {
    let mut acc: u64 = 0;
    for limb in w {
        // t < 2⁶⁵ and u·product ≤ (2⁶⁴ - 1)², so the sum fits in 128 bits.
        let t = u128::from(acc) + u128::from(*limb);
        let u = (t as u64).wrapping_mul(g.neg_inverse);
        acc = ((t + u128::from(u) * u128::from(g.product)) >> 64) as u64;
    }
    acc
}

/// `w mod divisor` for `divisor < 2³²`, by Barrett reduction of 32 bits at a time.
fn residue(w: &[u64], divisor: u64, reciprocal: u64) -> u64 {
    let mut r: u64 = 0;
    for limb in w.iter().rev() {
        for half in [limb >> 32, limb & 0xffff_ffff] {
            let x = (r << 32) | half;
            let q = ((u128::from(x) * u128::from(reciprocal)) >> 64) as u64;
            r = x - q * divisor;
            while r >= divisor {
                r -= divisor;
            }
        }
    }
    r
}

/// Whether `w` has no odd prime factor below [`SIEVE_LIMIT`] and is not 1 modulo 65537 (a
/// prime p with p ≡ 1 (mod e) has no `d`, and Go draws again).
fn survives_sieve(w: &[u64]) -> bool {
    no_small_factor(w) && residue(w, E, u64::MAX / E) != 1
}

pub(super) fn no_small_factor(w: &[u64]) -> bool {
    groups().iter().all(|g| {
        let r = scaled_residue(w, g);
        g.primes.iter().all(|p| r.wrapping_mul(p.inverse) > p.limit)
    })
}

/// Go's Miller-Rabin rounds for a random prime candidate of `bits` bits (FIPS 186-5 / BoringSSL).
pub(super) fn rounds(bits: usize) -> usize {
    if bits >= 1345 {
        4
    } else {
        5
    }
}

/// A random prime of exactly `64·N` bits with its top two bits set, not 1 modulo 65537.
fn random_prime<const N: usize>(rng: &mut Rng) -> [u64; N] {
    loop {
        let mut w = [0u64; N];
        for limb in w.iter_mut() {
            *limb = rng.next_u64();
        }
        w[N - 1] |= 0b11 << 62;
        w[0] |= 1;
        if !survives_sieve(&w) {
            continue;
        }
        let Some(m) = Modulus::new(&w) else {
            continue;
        };
        if m.probably_prime(rounds(64 * N), || rng.next_u64()) {
            return w;
        }
    }
}

fn to_biguint(limbs: &[u64]) -> BigUint {
    let bytes: Vec<u8> = limbs.iter().flat_map(|l| l.to_le_bytes()).collect();
    BigUint::from_bytes_le(&bytes)
}

/// `a⁻¹ mod E` for `a` not divisible by the prime `E` (Fermat).
fn inverse_mod_e(a: u64) -> u64 {
    let (mut base, mut exp, mut acc) = (a % E, E - 2, 1u64);
    while exp > 0 {
        if exp & 1 == 1 {
            acc = acc * base % E;
        }
        base = base * base % E;
        exp >>= 1;
    }
    acc
}

/// The key of the primes `p` and `q` (neither 1 modulo 65537), with Go's `d = e⁻¹ mod φ`.
fn key_from_primes<const N: usize>(p: &[u64; N], q: &[u64; N]) -> Result<RsaPrivateKey, String> {
    // φ mod e from the primes' residues; then d = (kφ + 1)/e with k = -φ⁻¹ mod e is the
    // inverse of e below φ.
    let reciprocal = u64::MAX / E;
    let (p_mod, q_mod) = (residue(p, E, reciprocal), residue(q, E, reciprocal));
    let phi_mod = (p_mod + E - 1) % E * ((q_mod + E - 1) % E) % E;
    if phi_mod == 0 {
        return Err("rsa: e is not invertible modulo φ(N)".into());
    }
    let k = (E - inverse_mod_e(phi_mod)) % E;
    let one = BigUint::from(1u32);
    let (p, q) = (to_biguint(p), to_biguint(q));
    let n = &p * &q;
    let phi = (&p - &one) * (&q - &one);
    let d = (phi * BigUint::from(k) + &one) / BigUint::from(E);
    RsaPrivateKey::from_components(n, BigUint::from(E), d, vec![p, q]).map_err(|e| e.to_string())
}

fn key_of_limbs<const N: usize>(rng: &mut Rng) -> Result<RsaPrivateKey, String> {
    loop {
        let (p, q) = two_primes::<N>(rng);
        if p != q {
            return key_from_primes(&p, &q);
        }
    }
}

/// Two independent random primes, searched for at the same time: `p` on a second thread with
/// its own generator (seeded from `rng`), `q` on this one. The search is nearly all of a key's
/// cost and its length is random, so two searches side by side take about half the time of
/// two in a row on a machine with two cores. Where no thread can be started, one after the
/// other.
fn two_primes<const N: usize>(rng: &mut Rng) -> ([u64; N], [u64; N]) {
    let mut seed = [0u8; 32];
    rng.fill(&mut seed);
    let mut other = Rng::from_seed(seed);
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("orochart-prime".into())
            .spawn_scoped(scope, || random_prime::<N>(&mut other));
        let q = random_prime::<N>(rng);
        let p = match spawned.ok().map(|handle| handle.join()) {
            Some(Ok(p)) => p,
            // Not started (or, impossibly, panicked): search here.
            _ => random_prime::<N>(&mut Rng::from_seed(seed)),
        };
        (p, q)
    })
}

/// An RSA key of `bits` bits as Go's `rsa.GenerateKey(rand.Reader, bits)`. Sprig asks for
/// 2048 and 4096 bits; other sizes go to the `rsa` crate's generator.
pub(super) fn generate(rng: &mut Rng, bits: usize) -> Result<RsaPrivateKey, String> {
    match bits {
        2048 => key_of_limbs::<16>(rng),
        4096 => key_of_limbs::<32>(rng),
        _ => RsaPrivateKey::new(rng, bits).map_err(|e| e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::traits::{PrivateKeyParts, PublicKeyParts};

    /// Every property Go's key has: exact size, two distinct primes with the top two bits set,
    /// n = p·q, e = 65537, e·d ≡ 1 (mod φ) with d < φ, and a working key.
    fn check_key(key: &RsaPrivateKey, bits: usize) {
        let one = BigUint::from(1u32);
        let primes = key.primes();
        assert_eq!(primes.len(), 2);
        let (p, q) = (&primes[0], &primes[1]);
        assert_ne!(p, q);
        assert_eq!(key.n().bits(), bits);
        assert_eq!(key.size(), bits / 8);
        for prime in [p, q] {
            assert_eq!(prime.bits(), bits / 2);
            let top_two = prime >> (bits / 2 - 2);
            assert_eq!(top_two, BigUint::from(3u32));
            // Fermat with bases 2, 3, 5.
            for b in [2u32, 3, 5] {
                assert_eq!(BigUint::from(b).modpow(&(prime - &one), prime), one);
            }
        }
        assert_eq!(&(p * q), key.n());
        assert_eq!(key.e(), &BigUint::from(65537u32));
        let phi = (p - &one) * (q - &one);
        assert!(key.d() < &phi);
        assert_eq!((key.d() * key.e()) % &phi, one);
        assert!(key.validate().is_ok());
        let msg = BigUint::from_bytes_be(b"orochart");
        let c = msg.modpow(key.e(), key.n());
        assert_eq!(c.modpow(key.d(), key.n()), msg);
    }

    #[test]
    fn keys_are_valid_at_both_sizes() {
        let mut rng = Rng::from_seed([7; 32]);
        for bits in [2048, 4096] {
            let Ok(key) = generate(&mut rng, bits) else {
                panic!("keygen {bits}")
            };
            check_key(&key, bits);
        }
        let Ok(small) = generate(&mut rng, 1024) else {
            panic!("keygen 1024")
        };
        check_key(&small, 1024);
    }

    #[test]
    fn keys_differ_between_draws() {
        let mut rng = Rng::from_seed([9; 32]);
        let (Ok(a), Ok(b)) = (generate(&mut rng, 2048), generate(&mut rng, 2048)) else {
            panic!("keygen")
        };
        assert_ne!(a.n(), b.n());
    }

    #[test]
    fn sieve_drops_small_factors_and_one_mod_e() {
        let prime_like: [u64; 2] = [u64::MAX - 158, u64::MAX]; // 2^128 - 159, prime
        assert!(survives_sieve(&prime_like));
        let three: [u64; 2] = [u64::MAX - 156, u64::MAX]; // 2^128 - 157 = 3·…
        assert!(!survives_sieve(&three));
        // A multiple of 65521, the largest prime below the limit.
        let r = residue(&prime_like, 65521, u64::MAX / 65521);
        let mut multiple = prime_like;
        multiple[0] -= r;
        assert_eq!(residue(&multiple, 65521, u64::MAX / 65521), 0);
        assert!(!survives_sieve(&multiple));
        assert_eq!(groups().iter().map(|g| g.primes.len()).sum::<usize>(), 6541);
        // An odd number that is 1 modulo 65537 with no small factor is still dropped.
        let r = residue(&prime_like, E, u64::MAX / E);
        let mut one_mod_e = prime_like;
        one_mod_e[0] = one_mod_e[0] - r + 1 - 2 * E * 1000;
        while !no_small_factor(&one_mod_e) {
            one_mod_e[0] += 2 * E;
        }
        assert_eq!(residue(&one_mod_e, E, u64::MAX / E), 1);
        assert!(!survives_sieve(&one_mod_e));
        assert_eq!(inverse_mod_e(3) * 3 % E, 1);
        assert_eq!(rounds(1024), 5);
        assert_eq!(rounds(2048), 4);
    }
}
