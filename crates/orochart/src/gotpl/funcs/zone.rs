//! Time zones as Go's `time.LoadLocation` finds them: `UTC`, `Local` (the `TZ` variable the
//! caller passes in, else `/etc/localtime`; the library reads no environment), and IANA names read from the system's TZif files, including the POSIX
//! rule at their end for times past the last transition.

/// A loaded zone: how to find the offset and abbreviation at an instant.
#[derive(Clone, Debug)]
pub struct Zone {
    /// The location's name (`UTC`, `Local`, `Europe/Paris`).
    pub name: String,
    /// Transition instants (Unix seconds) and the type index in force from each.
    transitions: Vec<(i64, usize)>,
    /// (offset seconds east of UTC, abbreviation, is DST).
    types: Vec<(i32, String, bool)>,
    /// The POSIX rule for instants after the last transition.
    rule: Option<Rule>,
}

#[derive(Clone, Debug)]
struct Rule {
    std: (String, i32),
    dst: Option<(String, i32, DayRule, i32, DayRule, i32)>,
}

/// `Mm.w.d`, `Jn` or `n` of a POSIX TZ rule.
#[derive(Clone, Copy, Debug)]
enum DayRule {
    Julian1(i32),
    Julian0(i32),
    MonthWeekDay(i32, i32, i32),
}

impl Zone {
    /// UTC.
    pub fn utc() -> Zone {
        Zone {
            name: "UTC".into(),
            transitions: Vec::new(),
            types: vec![(0, "UTC".into(), false)],
            rule: None,
        }
    }

    /// Go's `time.LoadLocation(name)`: `None` where Go fails (`unknown time zone X`).
    /// `Local` is [`Zone::local`] of `tz`, the `TZ` variable Go would see.
    pub fn load(name: &str, tz: Option<&str>) -> Option<Zone> {
        match name {
            "" | "UTC" => return Some(Zone::utc()),
            "Local" => return Some(Zone::local(tz)),
            _ => {}
        }
        if name.starts_with('/') || name.contains("..") || name.contains('\\') {
            return None;
        }
        for dir in [
            "/usr/share/zoneinfo",
            "/usr/share/lib/zoneinfo",
            "/usr/lib/locale/TZ",
        ] {
            if let Ok(data) = std::fs::read(format!("{dir}/{name}")) {
                return parse_tzif(name, &data);
            }
        }
        None
    }

    /// Go's `time.Local` for the value `tz` of the `TZ` variable (`None`: unset): `TZ` if set
    /// (empty or `UTC` means UTC), else `/etc/localtime`; UTC when neither can be read.
    pub fn local(tz: Option<&str>) -> Zone {
        let from_file = |path: &str| {
            std::fs::read(path)
                .ok()
                .and_then(|d| parse_tzif("Local", &d))
        };
        let zone = match tz {
            Some(tz) if tz.is_empty() || tz == "UTC" => None,
            Some(tz) => {
                let tz = tz.strip_prefix(':').unwrap_or(tz).to_string();
                if tz.starts_with('/') {
                    from_file(&tz)
                } else {
                    Zone::load(&tz, None).map(|mut z| {
                        z.name = "Local".into();
                        z
                    })
                }
            }
            None => from_file("/etc/localtime"),
        };
        zone.unwrap_or_else(|| Zone {
            name: "Local".into(),
            ..Zone::utc()
        })
    }

    /// The offset and abbreviation in force at `unix` seconds.
    pub fn lookup(&self, unix: i64) -> (i32, String) {
        let last = self.transitions.last().map(|t| t.0);
        if let (Some(rule), Some(last)) = (&self.rule, last) {
            if unix >= last {
                return rule.lookup(unix);
            }
        }
        if let (Some(rule), None) = (&self.rule, last) {
            return rule.lookup(unix);
        }
        let idx = match self.transitions.binary_search_by(|t| t.0.cmp(&unix)) {
            Ok(i) => Some(i),
            Err(0) => None,
            Err(i) => Some(i - 1),
        };
        let ty = match idx {
            Some(i) => self.transitions[i].1,
            // Before the first transition: the first standard-time type.
            None => self.types.iter().position(|t| !t.2).unwrap_or(0),
        };
        self.types
            .get(ty)
            .map_or((0, "UTC".into()), |t| (t.0, t.1.clone()))
    }
}

fn be32(b: &[u8], at: usize) -> Option<i64> {
    Some(i64::from(i32::from_be_bytes(
        b.get(at..at + 4)?.try_into().ok()?,
    )))
}

fn be64(b: &[u8], at: usize) -> Option<i64> {
    Some(i64::from_be_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// Parses a TZif file (version 1, or the 64-bit body of versions 2+ and its footer rule).
fn parse_tzif(name: &str, data: &[u8]) -> Option<Zone> {
    if data.get(..4)? != b"TZif" {
        return None;
    }
    let version = *data.get(4)?;
    let counts = |at: usize| -> Option<[usize; 6]> {
        let mut c = [0usize; 6];
        for (i, slot) in c.iter_mut().enumerate() {
            *slot = usize::try_from(be32(data, at + 20 + 4 * i)?).ok()?;
        }
        Some(c)
    };
    let [isutc, isstd, leap, timecnt, typecnt, charcnt] = counts(0)?;
    let v1_len = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isutc;
    let (base, size, c) = if version >= b'2' {
        (v1_len, 8, counts(v1_len)?)
    } else {
        (0, 4, [isutc, isstd, leap, timecnt, typecnt, charcnt])
    };
    let [isutc, isstd, leap, timecnt, typecnt, charcnt] = c;
    let mut at = base + 44;
    let mut transitions = Vec::with_capacity(timecnt);
    let mut times = Vec::with_capacity(timecnt);
    for i in 0..timecnt {
        times.push(if size == 8 {
            be64(data, at + 8 * i)?
        } else {
            be32(data, at + 4 * i)?
        });
    }
    at += timecnt * size;
    for (i, t) in times.into_iter().enumerate() {
        transitions.push((t, usize::from(*data.get(at + i)?)));
    }
    at += timecnt;
    let mut raw_types = Vec::with_capacity(typecnt);
    for i in 0..typecnt {
        let p = at + 6 * i;
        let off = i32::try_from(be32(data, p)?).ok()?;
        raw_types.push((off, *data.get(p + 4)? != 0, usize::from(*data.get(p + 5)?)));
    }
    at += typecnt * 6;
    let chars = data.get(at..at + charcnt)?;
    let types = raw_types
        .into_iter()
        .map(|(off, dst, idx)| {
            let end = chars[idx.min(chars.len())..]
                .iter()
                .position(|&b| b == 0)
                .map_or(chars.len(), |p| idx + p);
            let abbr = String::from_utf8_lossy(&chars[idx.min(end)..end]).into_owned();
            (off, abbr, dst)
        })
        .collect();
    at += charcnt + leap * (size + 4) + isstd + isutc;
    let rule = if version >= b'2' {
        let footer = data.get(at..)?;
        let text = String::from_utf8_lossy(footer);
        let line = text.trim_matches('\n').lines().next().unwrap_or("");
        parse_rule(line)
    } else {
        None
    };
    Some(Zone {
        name: name.to_string(),
        transitions,
        types,
        rule,
    })
}

/// Parses a POSIX TZ rule such as `CET-1CEST,M3.5.0,M10.5.0/3`.
fn parse_rule(s: &str) -> Option<Rule> {
    if s.is_empty() {
        return None;
    }
    let mut p = s;
    let std_name = take_name(&mut p)?;
    let std_off = -take_offset(&mut p)?;
    if p.is_empty() {
        return Some(Rule {
            std: (std_name, std_off),
            dst: None,
        });
    }
    let dst_name = take_name(&mut p)?;
    let dst_off = if p.starts_with(',') || p.is_empty() {
        std_off + 3600
    } else {
        -take_offset(&mut p)?
    };
    let p = p.strip_prefix(',')?;
    let (start, end) = p.split_once(',')?;
    let (sd, st) = parse_day_time(start)?;
    let (ed, et) = parse_day_time(end)?;
    Some(Rule {
        std: (std_name, std_off),
        dst: Some((dst_name, dst_off, sd, st, ed, et)),
    })
}

fn take_name(p: &mut &str) -> Option<String> {
    if let Some(rest) = p.strip_prefix('<') {
        let end = rest.find('>')?;
        let name = rest[..end].to_string();
        *p = &rest[end + 1..];
        return Some(name);
    }
    let end = p
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(p.len());
    if end < 3 {
        return None;
    }
    let name = p[..end].to_string();
    *p = &p[end..];
    Some(name)
}

/// `[+-]hh[:mm[:ss]]` in seconds.
fn take_offset(p: &mut &str) -> Option<i32> {
    let (neg, rest) = match p.as_bytes().first() {
        Some(b'-') => (true, &p[1..]),
        Some(b'+') => (false, &p[1..]),
        _ => (false, *p),
    };
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let mut secs = 0i32;
    for (i, part) in rest[..end].split(':').enumerate() {
        let n: i32 = part.parse().ok()?;
        secs += n * [3600, 60, 1].get(i)?;
    }
    *p = &rest[end..];
    Some(if neg { -secs } else { secs })
}

fn parse_day_time(s: &str) -> Option<(DayRule, i32)> {
    let (day, time) = match s.split_once('/') {
        Some((d, t)) => (d, {
            let mut t = t;
            take_offset(&mut t)?
        }),
        None => (s, 7200),
    };
    let rule = if let Some(m) = day.strip_prefix('M') {
        let mut it = m.split('.').map(|x| x.parse::<i32>().ok());
        DayRule::MonthWeekDay(it.next()??, it.next()??, it.next()??)
    } else if let Some(j) = day.strip_prefix('J') {
        DayRule::Julian1(j.parse().ok()?)
    } else {
        DayRule::Julian0(day.parse().ok()?)
    };
    Some((rule, time))
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

impl DayRule {
    /// Seconds from the start of `year` (UTC) to the start of the rule's day.
    fn day_start(self, year: i64) -> i64 {
        let days = match self {
            DayRule::Julian1(n) => {
                let mut d = i64::from(n) - 1;
                if is_leap(year) && n >= 60 {
                    d += 1;
                }
                d
            }
            DayRule::Julian0(n) => i64::from(n),
            DayRule::MonthWeekDay(m, w, d) => {
                let first = super::date::days_from_civil(year, m as u32, 1);
                let jan1 = super::date::days_from_civil(year, 1, 1);
                let wd_first = (first + 4).rem_euclid(7);
                let mut day = (i64::from(d) - wd_first).rem_euclid(7) + 7 * (i64::from(w) - 1);
                let month_len = super::date::days_in_month(year, m as u32);
                while day >= month_len {
                    day -= 7;
                }
                first - jan1 + day
            }
        };
        days * 86400
    }
}

impl Rule {
    fn lookup(&self, unix: i64) -> (i32, String) {
        let Some((dst_name, dst_off, sd, st, ed, et)) = &self.dst else {
            return (self.std.1, self.std.0.clone());
        };
        let (year, _, _) =
            super::date::civil_from_days((unix + i64::from(self.std.1)).div_euclid(86400));
        let year_start = super::date::days_from_civil(year, 1, 1) * 86400;
        // Transition instants in UTC: start in standard time, end in daylight time.
        let start = year_start + sd.day_start(year) + i64::from(*st) - i64::from(self.std.1);
        let end = year_start + ed.day_start(year) + i64::from(*et) - i64::from(*dst_off);
        let in_dst = if start < end {
            unix >= start && unix < end
        } else {
            !(unix >= end && unix < start)
        };
        if in_dst {
            (*dst_off, dst_name.clone())
        } else {
            (self.std.1, self.std.0.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posix_rules_give_summer_and_winter_offsets() {
        let Some(rule) = parse_rule("CET-1CEST,M3.5.0,M10.5.0/3") else {
            panic!("rule did not parse");
        };
        // 2030-07-01T00:00:00Z and 2030-01-01T00:00:00Z.
        assert_eq!(rule.lookup(1_909_008_000), (7200, "CEST".to_string()));
        assert_eq!(rule.lookup(1_893_456_000), (3600, "CET".to_string()));
        let Some(ny) = parse_rule("EST5EDT,M3.2.0,M11.1.0") else {
            panic!("rule did not parse");
        };
        assert_eq!(ny.lookup(1_909_008_000), (-14400, "EDT".to_string()));
    }

    #[test]
    fn system_zones_load_when_present() {
        assert!(Zone::load("No/Such_Zone", None).is_none());
        if let Some(paris) = Zone::load("Europe/Paris", None) {
            assert_eq!(paris.lookup(1_909_008_000), (7200, "CEST".to_string()));
            assert_eq!(paris.lookup(0), (3600, "CET".to_string()));
        } else {
            eprintln!("skipped: no /usr/share/zoneinfo/Europe/Paris on this machine");
        }
    }
}
