//! Helpers that keep finding messages worded the same way in every check.

/// `` `a`, `b` and `c` `` for messages that list things.
pub fn backticked(items: &[&str]) -> String {
    joined(items, "and")
}

/// `` `a`, `b` or `c` `` for messages that offer a choice.
pub fn backticked_or(items: &[&str]) -> String {
    joined(items, "or")
}

fn joined(items: &[&str], conjunction: &str) -> String {
    let quoted: Vec<String> = items.iter().map(|item| format!("`{item}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {conjunction} {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_sentences() {
        assert_eq!(backticked(&[]), "");
        assert_eq!(backticked(&["a"]), "`a`");
        assert_eq!(backticked(&["a", "b", "c"]), "`a`, `b` and `c`");
        assert_eq!(backticked_or(&["a", "b"]), "`a` or `b`");
    }
}
