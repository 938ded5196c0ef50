//! The bounds every template engine keeps to, whatever the chart asks: a chart is input, and
//! in a CMP sidecar anyone who can push to the repository writes it (each engine enforces
//! them in its own way; see `engine::limits` for the minijinja dialect).

/// The most elements one list-making function (`until`, `untilStep`, `seq`) may return.
pub const MAX_LIST_LEN: usize = 1_000_000;

/// The most bytes one string-making function (`repeat`, `indent`, `printf` widths) may return.
pub const MAX_STRING_LEN: usize = 64 << 20;

/// The steps (minijinja instructions) one template render may take: a loop over 100,000
/// items with a dozen steps each fits eight times over; about a second in a release build.
/// It bounds time, not output.
pub const FUEL_PER_RENDER: u64 = 10_000_000;

/// The steps the `include` and `tpl` renders of one chart render may take together. Each
/// nested render has [`FUEL_PER_RENDER`] of its own, so without a shared count a loop of
/// includes of loops would multiply them.
pub const FUEL_PER_CHART: u64 = 50_000_000;

/// The length of `strings.Replace(s, old, new, -1)`: an empty `old` matches between every
/// character, so a long `new` multiplies the length.
pub(crate) fn replaced_len(s: &str, old: &str, new: &str) -> u128 {
    let matches = if old.is_empty() {
        s.chars().count() as u128 + 1
    } else {
        s.matches(old).count() as u128
    };
    (s.len() as u128 + matches * new.len() as u128).saturating_sub(matches * old.len() as u128)
}

/// The length of `text` indented by `n` spaces (every line, empty ones too).
pub(crate) fn indented_len(n: i64, text: &[u8]) -> u128 {
    let lines = memchr::memchr_iter(b'\n', text).count() as u128 + 1;
    text.len() as u128 + lines * u128::try_from(n).unwrap_or(0)
}
