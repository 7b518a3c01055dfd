//! Timestamps and active-time accounting, with the clock passed in.

/// An RFC 3339 UTC timestamp with milliseconds, from milliseconds since the Unix epoch.
pub fn rfc3339(epoch_ms: i64) -> String {
    let ms = epoch_ms.rem_euclid(1000);
    let secs = epoch_ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Milliseconds since the Unix epoch of an RFC 3339 timestamp (`2026-12-01T10:00:00Z`, with
/// any fraction of a second and a `Z` or `±hh:mm` offset), or `None` when it is not one.
/// Submissions written by other programs (a judge's script) need not use the widget's exact
/// format, so they are compared as instants, never as text.
pub fn parse_rfc3339(t: &str) -> Option<i64> {
    let b = t.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let digits = b.get(from..from + len)?;
        digits.iter().all(u8::is_ascii_digit).then(|| {
            digits
                .iter()
                .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'))
        })
    };
    let sep = |at: usize, c: &[u8]| b.get(at).is_some_and(|x| c.contains(x));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (y, mo, d, h, mi, s) = (
        num(0, 4)?,
        num(5, 2)?,
        num(8, 2)?,
        num(11, 2)?,
        num(14, 2)?,
        num(17, 2)?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let mut at = 19;
    let mut ms = 0;
    if sep(at, b".") {
        let digits = b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 0 {
            return None;
        }
        // Milliseconds: the first three digits, padded.
        let first: Vec<u8> = b[at + 1..at + 1 + digits.min(3)].to_vec();
        ms = first.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0'))
            * 10i64.pow(3 - first.len() as u32);
        at += 1 + digits;
    }
    let offset_min = match b.get(at)? {
        b'Z' | b'z' if at + 1 == b.len() => 0,
        c @ (b'+' | b'-') if at + 6 == b.len() && sep(at + 3, b":") => {
            let m = num(at + 1, 2)? * 60 + num(at + 4, 2)?;
            if *c == b'+' {
                m
            } else {
                -m
            }
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo as u32, d as u32);
    Some(((days * 86_400 + h * 3600 + mi * 60 + s) - offset_min * 60) * 1000 + ms)
}

/// Howard Hinnant's civil-to-days algorithm (proleptic Gregorian calendar), the inverse of
/// [`civil_from_days`].
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Time spent actively reviewing: the gaps between interactions, each counted up to
/// [`ActiveTimer::IDLE_CAP_MS`], so a form left open over lunch does not count as work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ActiveTimer {
    pub active_ms: u64,
    last_ms: Option<i64>,
}

impl ActiveTimer {
    /// The longest gap between two interactions still counted as work.
    pub const IDLE_CAP_MS: i64 = 60_000;

    pub fn resume(active_ms: u64) -> Self {
        ActiveTimer {
            active_ms,
            last_ms: None,
        }
    }

    /// Records an interaction (key, pointer, focus) at `now_ms`.
    pub fn touch(&mut self, now_ms: i64) {
        if let Some(last) = self.last_ms {
            self.active_ms += (now_ms - last).clamp(0, Self::IDLE_CAP_MS) as u64;
        }
        self.last_ms = Some(now_ms);
    }

    /// The page was hidden: the next interaction starts a new stretch.
    pub fn pause(&mut self) {
        self.last_ms = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_is_read_as_an_instant_whatever_its_fraction_and_offset() {
        let at = parse_rfc3339("2026-12-01T10:00:00Z").unwrap();
        assert_eq!(rfc3339(at), "2026-12-01T10:00:00.000Z");
        assert_eq!(parse_rfc3339("2026-12-01T10:00:00.5Z"), Some(at + 500));
        assert_eq!(parse_rfc3339("2026-12-01T10:00:00.123456Z"), Some(at + 123));
        assert_eq!(parse_rfc3339("2026-12-01T12:00:00+02:00"), Some(at));
        assert_eq!(parse_rfc3339("2026-12-01T09:30:00-00:30"), Some(at));
        for bad in [
            "",
            "2026-12-01",
            "2026-13-01T10:00:00Z",
            "2026-12-01T10:00:00",
            "2026-12-01T10:00:00.Z",
            "2026-12-01T10:00:00+0200",
            "２026-12-01T10:00:00Z",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
        for ms in [0, 1, 999, 1_764_583_200_123, -86_400_001] {
            assert_eq!(parse_rfc3339(&rfc3339(ms)), Some(ms));
        }
    }

    #[test]
    fn formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(951_782_400_123), "2000-02-29T00:00:00.123Z");
        assert_eq!(rfc3339(1_795_615_200_000), "2026-11-25T14:00:00.000Z");
    }

    #[test]
    fn idle_gaps_are_capped_and_pauses_break_stretches() {
        let mut t = ActiveTimer::default();
        t.touch(0);
        t.touch(5_000);
        assert_eq!(t.active_ms, 5_000);
        t.touch(5_000 + 3_600_000);
        assert_eq!(t.active_ms, 5_000 + 60_000);
        t.pause();
        t.touch(10_000_000);
        assert_eq!(t.active_ms, 65_000);
        t.touch(9_000_000);
        assert_eq!(t.active_ms, 65_000, "a clock going backwards adds nothing");
    }
}
