//! The `format` keyword: which strings each named format accepts, and santhosh's reason
//! when one does not (`missing @`). Unknown formats accept everything, as in both libraries.

/// `None` when `s` is valid for `format` (or the format is unknown), else santhosh's reason.
/// `names`: the Helm's Go's reading of Unicode class names (the `regex` format).
pub(super) fn check(
    format: &str,
    s: &str,
    names: crate::go::regexp::ClassNames,
) -> Option<String> {
    match format {
        "email" => email(s),
        "ipv4" => ipv4(s),
        "ipv6" => ipv6(s),
        "date-time" => date_time(s),
        "date" => date(s).err(),
        "hostname" => hostname(s),
        "uuid" => uuid(s),
        "uri" => uri(s),
        "regex" => crate::go::regexp::compile(s, names)
            .err()
            .map(|_| format!("error parsing regexp: `{s}`")),
        _ => None,
    }
}

fn email(s: &str) -> Option<String> {
    let Some(at) = s.rfind('@') else {
        return Some("missing @".into());
    };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    if local.is_empty() {
        return Some("local part is empty".into());
    }
    if domain.is_empty() {
        return Some("domain part is empty".into());
    }
    hostname(domain)
}

fn ipv4(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return Some("expected four decimals".into());
    }
    for p in parts {
        if p.is_empty() || p.len() > 1 && p.starts_with('0') || p.parse::<u8>().is_err() {
            return Some(format!("invalid decimal {p:?}"));
        }
    }
    None
}

fn ipv6(s: &str) -> Option<String> {
    if s.contains('%') || s.parse::<std::net::Ipv6Addr>().is_err() {
        return Some(format!("ParseAddr({s:?}): invalid address"));
    }
    None
}

fn date(s: &str) -> Result<(), String> {
    let b = s.as_bytes();
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !ok {
        return Err(format!("parsing time {s:?}"));
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(format!("parsing time {s:?}: month out of range")),
    };
    if d == 0 || d > days {
        return Err(format!("parsing time {s:?}: day out of range"));
    }
    Ok(())
}

fn date_time(s: &str) -> Option<String> {
    if s.len() < 20 {
        return Some("less than 20 characters long".into());
    }
    if !s.is_char_boundary(10) {
        return Some("invalid date".into());
    }
    if let Err(e) = date(&s[..10]) {
        return Some(e);
    }
    let rest = &s[10..];
    if !matches!(rest.as_bytes().first(), Some(b'T' | b't')) {
        return Some("10th character must be t or T".into());
    }
    time(&rest[1..])
}

fn time(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let two = |i: usize| -> Option<u32> { s.get(i..i + 2)?.parse().ok() };
    let (Some(h), Some(m), Some(sec)) = (two(0), two(3), two(6)) else {
        return Some("invalid time".into());
    };
    if b.get(2) != Some(&b':') || b.get(5) != Some(&b':') || h > 23 || m > 59 || sec > 60 {
        return Some("invalid time".into());
    }
    let mut rest = &s[8..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return Some("invalid time".into());
        }
        rest = &frac[n..];
    }
    match rest {
        "Z" | "z" => None,
        _ if rest.len() == 6
            && matches!(rest.as_bytes()[0], b'+' | b'-')
            && rest.as_bytes()[3] == b':'
            && two_digits(&rest[1..3])
            && two_digits(&rest[4..6]) =>
        {
            None
        }
        _ => Some("invalid time".into()),
    }
}

fn two_digits(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|c| c.is_ascii_digit())
}

fn hostname(s: &str) -> Option<String> {
    let s = s.strip_suffix('.').unwrap_or(s);
    if s.len() > 253 {
        return Some("more than 253 characters long".into());
    }
    for label in s.split('.') {
        if label.is_empty() || label.len() > 63 {
            return Some("label must be 1 to 63 characters long".into());
        }
        if label.starts_with('-') {
            return Some("label starts with hyphen".into());
        }
        if label.ends_with('-') {
            return Some("label ends with hyphen".into());
        }
        if let Some(c) = label
            .chars()
            .find(|c| !c.is_ascii_alphanumeric() && *c != '-')
        {
            return Some(format!("invalid character {c:?}"));
        }
    }
    None
}

fn uuid(s: &str) -> Option<String> {
    let groups: Vec<&str> = s.split('-').collect();
    if groups.len() != 5 {
        return Some("must have 5 elements".into());
    }
    for (g, want) in groups.iter().zip([8, 4, 4, 4, 12]) {
        if g.len() != want {
            return Some(format!("element {g:?} must be {want} characters long"));
        }
        if !g.bytes().all(|c| c.is_ascii_hexdigit()) {
            return Some(format!("non-hex character in {g:?}"));
        }
    }
    None
}

fn uri(s: &str) -> Option<String> {
    let scheme_end = s.find(':');
    let valid_scheme = scheme_end.is_some_and(|i| {
        i > 0
            && s[..i].starts_with(|c: char| c.is_ascii_alphabetic())
            && s[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if !valid_scheme {
        return Some("relative url".into());
    }
    None
}
