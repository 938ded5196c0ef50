//! go-yaml v2's map key order (`sorter.go`): the order `toYaml` writes keys in.

/// Go's `unicode.IsLetter` and `unicode.IsDigit`, of the render's Go's Unicode version.
pub(super) use crate::go::unicode::{is_digit, is_letter};

/// go-yaml v2's map key order (`keyList.Less` for two strings): letters after non-letters,
/// letters by code point, runs of digits by numeric value. Not transitive for some inputs
/// (`1a < 2`, `2 < 10`, `10 < 1a`), where Helm's own order varies between runs.
pub fn natural_less(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        // The same comparison on bytes, without collecting the runes.
        return natural_less_in(
            a.as_bytes(),
            b.as_bytes(),
            u8::is_ascii_alphabetic,
            u8::is_ascii_digit,
        );
    }
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    natural_less_in(&ar, &br, |c| is_letter(*c), |c| is_digit(*c))
}

/// [`natural_less`] on runes (or bytes), with their letter and digit classes.
pub(super) fn natural_less_in<C: Copy + Ord + Into<u32>>(
    ar: &[C],
    br: &[C],
    is_letter: impl Fn(&C) -> bool,
    is_digit: impl Fn(&C) -> bool,
) -> bool {
    let zero = |c: C| c.into() == u32::from(b'0');
    for i in 0..ar.len().min(br.len()) {
        if ar[i] == br[i] {
            continue;
        }
        let al = is_letter(&ar[i]);
        let bl = is_letter(&br[i]);
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn): (i64, i64) = (0, 0);
        if zero(ar[i]) || zero(br[i]) {
            // A zero after a non-zero digit is part of a number, not a leading zero.
            for j in (0..i).rev() {
                if !is_digit(&ar[j]) {
                    break;
                }
                if !zero(ar[j]) {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && is_digit(&ar[ai]) {
            an = an
                .wrapping_mul(10)
                .wrapping_add(i64::from(ar[ai].into()) - 48);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && is_digit(&br[bi]) {
            bn = bn
                .wrapping_mul(10)
                .wrapping_add(i64::from(br[bi].into()) - 48);
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

/// Sorts map keys by [`natural_less`], as [`merge_sort_natural`] does. Keys without digits
/// compare rune by rune as (is a letter, code point), a total order: when they already come in
/// that order (the usual case, as maps iterate bytewise), the sort would leave them as they
/// are, so they are returned untouched.
pub(super) fn sort_natural<K: AsRef<str>, T>(items: Vec<(K, T)>) -> Vec<(K, T)> {
    let no_digits = items
        .iter()
        .all(|(k, _)| !k.as_ref().chars().any(char::is_numeric));
    if no_digits
        && items
            .windows(2)
            .all(|w| !natural_less(w[1].0.as_ref(), w[0].0.as_ref()))
    {
        return items;
    }
    merge_sort_natural(items)
}

/// A stable merge sort by [`natural_less`]: deterministic and panic-free even where the
/// comparator is not a total order (the standard sort may panic on such comparators).
pub(super) fn merge_sort_natural<K: AsRef<str>, T>(items: Vec<(K, T)>) -> Vec<(K, T)> {
    if items.len() <= 1 {
        return items;
    }
    let mut left = items;
    let right = left.split_off(left.len() / 2);
    let left = merge_sort_natural(left);
    let right = merge_sort_natural(right);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut l = left.into_iter().peekable();
    let mut r = right.into_iter().peekable();
    loop {
        let take_right = match (l.peek(), r.peek()) {
            (Some(a), Some(b)) => natural_less(b.0.as_ref(), a.0.as_ref()),
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => break,
        };
        let next = if take_right { r.next() } else { l.next() };
        if let Some(item) = next {
            out.push(item);
        }
    }
    out
}
