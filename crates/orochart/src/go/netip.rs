//! Go's `netip.ParseAddr` grammar: which text is an IP address literal (what `net.LookupHost`
//! returns as it is, without a lookup).

/// Whether Go's `netip.ParseAddr(s)` accepts `s`: dotted-decimal IPv4 (four fields, each
/// 0-255 without leading zeros), or IPv6 (groups of one to four hex digits, one `::`, an
/// embedded IPv4 in the last 32 bits, a non-empty `%zone`). The first `.`, `:` or `%` decides
/// which is tried, as in Go.
pub fn is_ip_addr(s: &str) -> bool {
    match s.bytes().find(|c| matches!(c, b'.' | b':' | b'%')) {
        Some(b'.') => ipv4_fields(s.as_bytes()),
        Some(b':') => ipv6(s.as_bytes()),
        _ => false,
    }
}

/// Go's `parseIPv4Fields`: exactly four decimal fields.
fn ipv4_fields(s: &[u8]) -> bool {
    let (mut val, mut fields, mut digits) = (0u32, 0, 0);
    for (i, &c) in s.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                if digits == 1 && val == 0 {
                    return false; // a leading zero
                }
                val = val * 10 + u32::from(c - b'0');
                digits += 1;
                if val > 255 {
                    return false;
                }
            }
            b'.' => {
                if i == 0 || i == s.len() - 1 || s[i - 1] == b'.' || fields == 3 {
                    return false;
                }
                fields += 1;
                val = 0;
                digits = 0;
            }
            _ => return false,
        }
    }
    fields == 3
}

/// Go's `parseIPv6`.
fn ipv6(input: &[u8]) -> bool {
    let mut s = input;
    if let Some(i) = s.iter().position(|&c| c == b'%') {
        if i + 1 == s.len() {
            return false; // an empty zone
        }
        s = &s[..i];
    }
    let mut ellipsis: Option<usize> = None;
    if s.starts_with(b"::") {
        ellipsis = Some(0);
        s = &s[2..];
        if s.is_empty() {
            return true;
        }
    }
    let mut i = 0; // bytes of the address filled
    while i < 16 {
        let digits = s.iter().take_while(|c| c.is_ascii_hexdigit()).count();
        if digits == 0 || digits > 4 {
            return false;
        }
        if s.get(digits) == Some(&b'.') {
            // An embedded IPv4 takes the last four bytes.
            if (ellipsis.is_none() && i != 12) || i + 4 > 16 {
                return false;
            }
            if !ipv4_fields(s) {
                return false;
            }
            s = &[];
            i += 4;
            break;
        }
        i += 2;
        s = &s[digits..];
        if s.is_empty() {
            break;
        }
        if s[0] != b':' || s.len() == 1 {
            return false;
        }
        s = &s[1..];
        if s[0] == b':' {
            if ellipsis.is_some() {
                return false; // a second `::`
            }
            ellipsis = Some(i);
            s = &s[1..];
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return false;
    }
    // Too short without `::`, or a `::` that stands for no group at all.
    (i < 16) == ellipsis.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `getHostByName` returned as it is (an address) or failed to resolve (a name) in
    /// `helm template --enable-dns` (Helm v3.17.2 and v4.3.1).
    #[test]
    fn reads_addresses_as_go_does() {
        for a in [
            "10.1.2.3",
            "0.0.0.0",
            "::1",
            "::",
            "fe80::1%eth0",
            "::ffff:1.2.3.4",
            "::1.2.3.4",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:1.2.3.4",
            "ABCD::",
        ] {
            assert!(is_ip_addr(a), "{a}");
        }
        for n in [
            "",
            "localhost",
            "127.1",
            "1.2.3.04",
            "255.255.255.256",
            "1.2.3.4%x",
            "%x",
            "1::2::3",
            "1:2:3:4:5:6:7::8",
            "1:2:3:4:5:6:7",
            "fe80::1%",
            "12345::",
            "1.2.3.4.5",
            ":1",
            "1:",
            "1:2:3:4:5:6:7:1.2.3.4",
        ] {
            assert!(!is_ip_addr(n), "{n}");
        }
    }
}
