//! Durations as rule files write them: Sentinel shorthand (`5m`, `1h10m`, `14d`), ISO 8601
//! (`PT1H`, `P1D`, `P1DT2H`) and the .NET TimeSpan form the content validator also accepts
//! (`01:00:00`, `1.00:00:00`).
//!
//! Everything is normalised to whole seconds, so `60m`, `1h` and `PT1H` compare equal.

use std::fmt;

/// A non-negative duration in whole seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration {
    seconds: u64,
}

const MINUTE: u64 = 60;
const HOUR: u64 = 60 * MINUTE;
const DAY: u64 = 24 * HOUR;

impl Duration {
    pub const fn from_seconds(seconds: u64) -> Self {
        Self { seconds }
    }

    pub const fn minutes(minutes: u64) -> Self {
        Self { seconds: minutes * MINUTE }
    }

    pub const fn hours(hours: u64) -> Self {
        Self { seconds: hours * HOUR }
    }

    pub const fn days(days: u64) -> Self {
        Self { seconds: days * DAY }
    }

    pub fn as_seconds(self) -> u64 {
        self.seconds
    }

    /// Parses any of the accepted forms; `None` when the text is none of them.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.starts_with(['P', 'p']) {
            parse_iso8601(text)
        } else if text.contains(':') {
            parse_timespan(text)
        } else {
            parse_shorthand(text)
        }
    }

    /// ISO 8601 as the ARM API expects it; days use the date part (`P1D`, never `PT1D`).
    pub fn to_iso8601(self) -> String {
        let (days, rest) = (self.seconds / DAY, self.seconds % DAY);
        let (hours, rest) = (rest / HOUR, rest % HOUR);
        let (minutes, seconds) = (rest / MINUTE, rest % MINUTE);
        let mut out = String::from("P");
        if days > 0 {
            out.push_str(&format!("{days}D"));
        }
        if hours > 0 || minutes > 0 || seconds > 0 || days == 0 {
            out.push('T');
            for (value, unit) in [(hours, 'H'), (minutes, 'M'), (seconds, 'S')] {
                if value > 0 {
                    out.push_str(&format!("{value}{unit}"));
                }
            }
            if out.ends_with('T') {
                out.push_str("0S");
            }
        }
        out
    }
}

impl fmt::Display for Duration {
    /// Sentinel shorthand, the way rule files write durations (`1h`, `14d`, `1h30m`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.seconds == 0 {
            return f.write_str("0m");
        }
        let mut rest = self.seconds;
        for (unit, size) in [('d', DAY), ('h', HOUR), ('m', MINUTE), ('s', 1)] {
            if rest >= size {
                write!(f, "{}{unit}", rest / size)?;
                rest %= size;
            }
        }
        Ok(())
    }
}

/// `5m`, `1h10m`, `14d`: one or more number+unit pairs.
fn parse_shorthand(text: &str) -> Option<Duration> {
    if text.is_empty() {
        return None;
    }
    let mut seconds: u64 = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            'd' => DAY,
            'h' => HOUR,
            'm' => MINUTE,
            's' => 1,
            _ => return None,
        };
        let value: u64 = number.parse().ok()?;
        seconds = seconds.checked_add(value.checked_mul(unit)?)?;
        number.clear();
    }
    number.is_empty().then_some(Duration { seconds })
}

/// `PT1H`, `P1D`, `P1DT2H30M`, `PT90S`.
fn parse_iso8601(text: &str) -> Option<Duration> {
    let upper = text.to_ascii_uppercase();
    let body = upper.strip_prefix('P')?;
    let (date, time) = match body.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (body, None),
    };
    let mut seconds = iso_part(date, &[('W', 7 * DAY), ('D', DAY)])?;
    if let Some(time) = time {
        if time.is_empty() {
            return None;
        }
        seconds = seconds.checked_add(iso_part(time, &[('H', HOUR), ('M', MINUTE), ('S', 1)])?)?;
    }
    (!body.is_empty()).then_some(Duration { seconds })
}

fn iso_part(text: &str, units: &[(char, u64)]) -> Option<u64> {
    let mut seconds: u64 = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let size = units.iter().find(|(unit, _)| *unit == c)?.1;
        seconds = seconds.checked_add(number.parse::<u64>().ok()?.checked_mul(size)?)?;
        number.clear();
    }
    number.is_empty().then_some(seconds)
}

/// `hh:mm:ss` or `d.hh:mm:ss`.
fn parse_timespan(text: &str) -> Option<Duration> {
    let (days, clock) = match text.split_once('.') {
        Some((days, clock)) if !days.contains(':') => (days.parse::<u64>().ok()?, clock),
        _ => (0, text),
    };
    let parts: Vec<u64> = clock.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let [hours, minutes, seconds] = parts[..] else { return None };
    if hours > 23 || minutes > 59 || seconds > 59 {
        return None;
    }
    Some(Duration { seconds: days * DAY + hours * HOUR + minutes * MINUTE + seconds })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(text: &str) -> Option<u64> {
        Duration::parse(text).map(Duration::as_seconds)
    }

    #[test]
    fn all_forms_normalise_to_seconds() {
        assert_eq!(secs("5m"), Some(300));
        assert_eq!(secs("1h10m"), Some(4200));
        assert_eq!(secs("14d"), Some(14 * DAY));
        assert_eq!(secs("60m"), secs("1h"));
        assert_eq!(secs("PT1H"), Some(HOUR));
        assert_eq!(secs("P1D"), Some(DAY));
        assert_eq!(secs("P1DT2H"), Some(DAY + 2 * HOUR));
        assert_eq!(secs("01:00:00"), Some(HOUR));
        assert_eq!(secs("1.00:00:00"), Some(DAY));
    }

    #[test]
    fn malformed_text_is_rejected() {
        for text in ["", "5", "m5", "5x", "PT", "P", "1:2", "PT1D", "25:00:00", "5 m"] {
            assert_eq!(secs(text), None, "{text}");
        }
    }

    #[test]
    fn days_use_the_date_designator() {
        assert_eq!(Duration::days(1).to_iso8601(), "P1D");
        assert_eq!(Duration::days(14).to_iso8601(), "P14D");
        assert_eq!(Duration::minutes(5).to_iso8601(), "PT5M");
        assert_eq!(Duration::hours(1).to_iso8601(), "PT1H");
        assert_eq!(Duration::from_seconds(DAY + 90).to_iso8601(), "P1DT1M30S");
    }

    #[test]
    fn displays_as_shorthand() {
        assert_eq!(Duration::minutes(90).to_string(), "1h30m");
        assert_eq!(Duration::days(14).to_string(), "14d");
    }
}
