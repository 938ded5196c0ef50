//! Montgomery arithmetic modulo a fixed-width odd number, and the Miller-Rabin test built on
//! it: the inner loop of RSA key generation.
//!
//! Numbers are `N` little-endian 64-bit limbs. The modulus fills them exactly (its top bit is
//! set, as RSA prime candidates' are), so `R = 2^(64N)` lies between it and twice it. Values
//! in Montgomery form are `x·R mod m`; every function here keeps them below `m`.
//! Nothing here is constant-time: it tests random candidates, as Go's `isPrime` does.

/// An odd modulus of exactly `64·N` bits with its Montgomery constants.
pub(super) struct Modulus<const N: usize> {
    m: [u64; N],
    /// `-m⁻¹ mod 2⁶⁴`.
    inv: u64,
    /// 1 in Montgomery form: `R mod m = R - m`.
    one: [u64; N],
    /// -1 in Montgomery form: `m - (R mod m)`.
    minus_one: [u64; N],
}

/// `a - b` in place; returns the borrow.
fn sub_in_place(a: &mut [u64], b: &[u64]) -> bool {
    let mut borrow = false;
    for (x, y) in a.iter_mut().zip(b) {
        let (d, b1) = x.overflowing_sub(*y);
        let (d, b2) = d.overflowing_sub(u64::from(borrow));
        *x = d;
        borrow = b1 | b2;
    }
    borrow
}

/// `a >= b`, both of the same length.
fn ge(a: &[u64], b: &[u64]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x > y;
        }
    }
    true
}

impl<const N: usize> Modulus<N> {
    /// `None` unless `m` is odd with its top bit set.
    pub(super) fn new(m: &[u64; N]) -> Option<Self> {
        if N == 0 || m[0] & 1 == 0 || m[N - 1] >> 63 == 0 {
            return None;
        }
        // Newton's iteration doubles the correct low bits of the inverse: 1, 2, 4, … 64.
        let mut inv: u64 = 1;
        for _ in 0..6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(m[0].wrapping_mul(inv)));
        }
        let mut one = [0u64; N];
        sub_in_place(&mut one, m);
        let mut minus_one = *m;
        sub_in_place(&mut minus_one, &one);
        Some(Modulus {
            m: *m,
            inv: inv.wrapping_neg(),
            one,
            minus_one,
        })
    }

    /// Montgomery reduction of the `2N`-limb `t < m·R`: `t·R⁻¹ mod m`.
    fn redc(&self, t: &mut [u64]) -> [u64; N] {
        let mut top: u64 = 0;
        for i in 0..N {
            let u = t[i].wrapping_mul(self.inv);
            let mut carry: u64 = 0;
            // Zipped slices rather than indices: no bounds check in the innermost loop.
            for (tj, mj) in t[i..i + N].iter_mut().zip(&self.m) {
                let s = u128::from(*tj) + u128::from(u) * u128::from(*mj) + u128::from(carry);
                *tj = s as u64;
                carry = (s >> 64) as u64;
            }
            let s = u128::from(t[i + N]) + u128::from(carry) + u128::from(top);
            t[i + N] = s as u64;
            top = (s >> 64) as u64;
        }
        let mut out = [0u64; N];
        out.copy_from_slice(&t[N..2 * N]);
        if top != 0 || ge(&out, &self.m) {
            sub_in_place(&mut out, &self.m);
        }
        out
    }

    /// `a·b·R⁻¹ mod m`.
    pub(super) fn mul(&self, a: &[u64; N], b: &[u64; N]) -> [u64; N] {
        let mut wide = [[0u64; N]; 2];
        let t = wide.as_flattened_mut();
        for (i, ai) in a.iter().enumerate() {
            let mut carry: u64 = 0;
            for (tj, bj) in t[i..i + N].iter_mut().zip(b) {
                let s = u128::from(*tj) + u128::from(*ai) * u128::from(*bj) + u128::from(carry);
                *tj = s as u64;
                carry = (s >> 64) as u64;
            }
            t[i + N] = carry;
        }
        self.redc(t)
    }

    /// `a²·R⁻¹ mod m`: each cross product once, doubled, then the squares.
    pub(super) fn sqr(&self, a: &[u64; N]) -> [u64; N] {
        let mut wide = [[0u64; N]; 2];
        let t = wide.as_flattened_mut();
        for i in 0..N {
            let mut carry: u64 = 0;
            for j in i + 1..N {
                let s =
                    u128::from(t[i + j]) + u128::from(a[i]) * u128::from(a[j]) + u128::from(carry);
                t[i + j] = s as u64;
                carry = (s >> 64) as u64;
            }
            t[i + N] = carry;
        }
        let mut high_bit = 0;
        for limb in t.iter_mut() {
            let next = *limb >> 63;
            *limb = (*limb << 1) | high_bit;
            high_bit = next;
        }
        let mut carry: u64 = 0;
        for i in 0..N {
            let sq = u128::from(a[i]) * u128::from(a[i]);
            let lo = u128::from(t[2 * i]) + (sq & u128::from(u64::MAX)) + u128::from(carry);
            t[2 * i] = lo as u64;
            let hi = u128::from(t[2 * i + 1]) + (sq >> 64) + (lo >> 64);
            t[2 * i + 1] = hi as u64;
            carry = (hi >> 64) as u64;
        }
        self.redc(t)
    }

    /// `2a mod m` (the same in Montgomery form as outside it).
    fn double(&self, a: &[u64; N]) -> [u64; N] {
        let mut out = [0u64; N];
        let mut high_bit = 0;
        for (o, x) in out.iter_mut().zip(a) {
            *o = (x << 1) | high_bit;
            high_bit = x >> 63;
        }
        if high_bit != 0 || ge(&out, &self.m) {
            sub_in_place(&mut out, &self.m);
        }
        out
    }

    /// `2^e` in Montgomery form: square and double, with no multiplication.
    fn pow2(&self, e: &[u64; N]) -> [u64; N] {
        let mut x = self.one;
        let mut started = false;
        for bit in (0..64 * N).rev() {
            let set = (e[bit / 64] >> (bit % 64)) & 1 == 1;
            if started {
                x = self.sqr(&x);
            }
            if set {
                x = self.double(&x);
                started = true;
            }
        }
        x
    }

    /// `b^e` for `b` in Montgomery form, four exponent bits at a time.
    pub(super) fn pow(&self, b: &[u64; N], e: &[u64; N]) -> [u64; N] {
        let mut table = [self.one; 16];
        for i in 1..16 {
            table[i] = self.mul(&table[i - 1], b);
        }
        let mut x = self.one;
        let mut started = false;
        for nibble in (0..16 * N).rev() {
            let digit = ((e[nibble / 16] >> (4 * (nibble % 16))) & 15) as usize;
            if started {
                for _ in 0..4 {
                    x = self.sqr(&x);
                }
            }
            if digit != 0 {
                x = if started {
                    self.mul(&x, &table[digit])
                } else {
                    table[digit]
                };
                started = true;
            }
        }
        x
    }

    /// The end of a Miller-Rabin round: `x = b^d`, `m - 1 = d·2^s`.
    fn passes(&self, mut x: [u64; N], s: u32) -> bool {
        if x == self.one || x == self.minus_one {
            return true;
        }
        for _ in 1..s {
            x = self.sqr(&x);
            if x == self.minus_one {
                return true;
            }
            if x == self.one {
                return false;
            }
        }
        false
    }

    /// `m - 1 = d·2^s` with `d` odd.
    fn split_minus_one(&self) -> ([u64; N], u32) {
        let mut d = self.m;
        d[0] &= !1;
        let zeros: u32 = {
            let mut z = 0;
            for limb in &d {
                if *limb == 0 {
                    z += 64;
                } else {
                    z += limb.trailing_zeros();
                    break;
                }
            }
            z
        };
        let (limbs, bits) = ((zeros / 64) as usize, zeros % 64);
        let mut out = [0u64; N];
        for i in 0..N - limbs {
            let lo = d[i + limbs] >> bits;
            let hi = if bits > 0 && i + limbs + 1 < N {
                d[i + limbs + 1] << (64 - bits)
            } else {
                0
            };
            out[i] = lo | hi;
        }
        (out, zeros)
    }

    /// Miller-Rabin: a round with base 2 (cheap, and it rejects nearly every composite),
    /// then `rounds` rounds with random bases from `random`, as Go's `isPrime` has them.
    /// A base is drawn as a Montgomery form: `x ↦ x·R⁻¹` is a bijection, so it is as uniform.
    pub(super) fn probably_prime(&self, rounds: usize, mut random: impl FnMut() -> u64) -> bool {
        let (d, s) = self.split_minus_one();
        if !self.passes(self.pow2(&d), s) {
            return false;
        }
        let mut done = 0;
        while done < rounds {
            let mut b = [0u64; N];
            for limb in b.iter_mut() {
                *limb = random();
            }
            if ge(&b, &self.m) || b == [0; N] || b == self.one || b == self.minus_one {
                continue;
            }
            if !self.passes(self.pow(&b, &d), s) {
                return false;
            }
            done += 1;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Montgomery form of a small number: `v·R mod m` by doubling `R mod m`.
    fn to_monty<const N: usize>(m: &Modulus<N>, v: u64) -> [u64; N] {
        let mut acc = [0u64; N];
        let mut base = m.one;
        let mut v = v;
        while v > 0 {
            if v & 1 == 1 {
                // acc += base (mod m), as a doubling would: both below m.
                let mut carry = 0u64;
                for (a, b) in acc.iter_mut().zip(base.iter()) {
                    let s = u128::from(*a) + u128::from(*b) + u128::from(carry);
                    *a = s as u64;
                    carry = (s >> 64) as u64;
                }
                if carry != 0 || ge(&acc, &m.m) {
                    sub_in_place(&mut acc, &m.m);
                }
            }
            base = m.double(&base);
            v >>= 1;
        }
        acc
    }

    // 2^127 - 1 (a Mersenne prime) and 2^128 - 159 (the largest 128-bit prime): two limbs.
    const P127: [u64; 2] = [u64::MAX, u64::MAX >> 1];
    const P128: [u64; 2] = [u64::MAX - 158, u64::MAX];

    #[test]
    fn constants_and_products() {
        assert!(Modulus::new(&P127).is_none(), "top bit clear");
        assert!(Modulus::new(&[2u64, 1 << 63]).is_none(), "even");
        let Some(m) = Modulus::new(&P128) else {
            panic!("modulus")
        };
        assert_eq!(m.mul(&m.one, &m.one), m.one);
        assert_eq!(m.sqr(&m.minus_one), m.one);
        let (three, five) = (to_monty(&m, 3), to_monty(&m, 5));
        assert_eq!(m.mul(&three, &five), to_monty(&m, 15));
        assert_eq!(m.sqr(&five), to_monty(&m, 25));
        assert_eq!(m.pow(&three, &[4, 0]), to_monty(&m, 81));
        assert_eq!(m.pow2(&[10, 0]), to_monty(&m, 1024));
        // Fermat: 3^(p-1) = 1 for the prime p.
        let mut p_minus_1 = P128;
        p_minus_1[0] -= 1;
        assert_eq!(m.pow(&three, &p_minus_1), m.one);
        assert_eq!(m.pow2(&p_minus_1), m.one);
        // p - 1 = 2^128 - 160 = (2^123 - 5)·2^5.
        assert_eq!(m.split_minus_one(), ([u64::MAX - 4, (1 << 59) - 1], 5));
    }

    #[test]
    fn miller_rabin_tells_primes_from_composites() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut random = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let Some(prime) = Modulus::new(&P128) else {
            panic!("modulus")
        };
        assert!(prime.probably_prime(5, &mut random));
        // 2^128 - 157 is odd and divisible by 3.
        let Some(composite) = Modulus::new(&[u64::MAX - 156, u64::MAX]) else {
            panic!("modulus")
        };
        assert!(!composite.probably_prime(5, &mut random));
        // p·(2^64 + 1) for the largest 64-bit prime p = 2^64 - 59.
        let Some(m) = Modulus::new(&[0xffff_ffff_ffff_ffc5, 0xffff_ffff_ffff_ffc5]) else {
            panic!("modulus")
        };
        assert!(!m.probably_prime(5, &mut random));
        // (6k+1)(12k+1)(18k+1) for k = 585597088786: a Carmichael number that is a strong
        // pseudoprime to base 2, so only the random bases tell.
        let Some(m) = Modulus::new(&[0x0432_4848_d150_5c39, 0xc3cb_9861_2df4_40a8]) else {
            panic!("modulus")
        };
        assert!(m.probably_prime(0, &mut random));
        assert!(!m.probably_prime(5, &mut random));
    }
}
