//! Timespan literals (`30d`, `1.5h`, `time(2h)`) to seconds, for lookback comparisons.

/// The length in seconds of a KQL timespan literal, if it is one.
pub(super) fn seconds(text: &str) -> Option<f64> {
    let text = text.trim();
    let inner = ["timespan(", "time("]
        .iter()
        .find_map(|prefix| text.strip_prefix(prefix).and_then(|t| t.strip_suffix(')')));
    let text = inner.unwrap_or(text).trim();
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor = match unit {
        "d" | "day" | "days" => 86_400.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3_600.0,
        "m" | "min" | "minute" | "minutes" => 60.0,
        "s" | "sec" | "second" | "seconds" => 1.0,
        "ms" | "milli" | "millis" | "millisecond" | "milliseconds" => 0.001,
        "microsecond" | "microseconds" => 1e-6,
        "tick" | "ticks" => 1e-7,
        _ => return None,
    };
    Some(number * factor)
}

#[cfg(test)]
mod tests {
    use super::seconds;

    #[test]
    fn literals() {
        assert_eq!(seconds("30d"), Some(2_592_000.0));
        assert_eq!(seconds("1.5h"), Some(5_400.0));
        assert_eq!(seconds("time(2m)"), Some(120.0));
        assert_eq!(seconds("ioc_lookBack"), None);
    }
}
