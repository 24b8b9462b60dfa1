//! Comparing validation rules: what changed, and whether fewer values pass than before.

use realtimekit_codegen::ir::Constraints;

/// Whether the new rules reject a value the old ones accepted.
pub(super) fn tightened(old: &Constraints, new: &Constraints) -> bool {
    let upper = |old: Option<u64>, new: Option<u64>| new.is_some_and(|n| old.is_none_or(|o| n < o));
    let lower = |old: Option<u64>, new: Option<u64>| new.is_some_and(|n| n > old.unwrap_or(0));
    let max = match (old.maximum, new.maximum) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(o), Some(n)) => n < o || (n == o && new.exclusive_maximum && !old.exclusive_maximum),
    };
    let min = match (old.minimum, new.minimum) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some(o), Some(n)) => n > o || (n == o && new.exclusive_minimum && !old.exclusive_minimum),
    };
    upper(old.max_length, new.max_length) || lower(old.min_length, new.min_length) || max || min
}

/// The rules that changed, as the spec names them: `maxLength 32 → 16, minimum none → 1`.
pub(super) fn describe(old: &Constraints, new: &Constraints) -> String {
    fn show<T: ToString>(value: Option<T>) -> String {
        value.map_or_else(|| "none".to_owned(), |v| v.to_string())
    }
    let rules = [
        ("minLength", show(old.min_length), show(new.min_length)),
        ("maxLength", show(old.max_length), show(new.max_length)),
        ("minimum", show(old.minimum), show(new.minimum)),
        ("maximum", show(old.maximum), show(new.maximum)),
        ("exclusiveMinimum", old.exclusive_minimum.to_string(), new.exclusive_minimum.to_string()),
        ("exclusiveMaximum", old.exclusive_maximum.to_string(), new.exclusive_maximum.to_string()),
    ];
    let changed: Vec<String> =
        rules.iter().filter(|(_, a, b)| a != b).map(|(name, a, b)| format!("{name} {a} → {b}")).collect();
    changed.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_smaller_maximum_or_a_new_minimum_tightens() {
        let old = Constraints { max_length: Some(32), ..Constraints::default() };
        assert!(tightened(&old, &Constraints { max_length: Some(16), ..old }));
        assert!(!tightened(&old, &Constraints { max_length: Some(64), ..old }));
        assert!(!tightened(&old, &Constraints::default()));
        assert!(tightened(&old, &Constraints { minimum: Some(1.0), ..old }));
        assert_eq!(describe(&old, &Constraints { max_length: Some(16), ..old }), "maxLength 32 → 16");
    }
}
