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
