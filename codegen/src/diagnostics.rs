//! Problems found in a spec, each tied to the JSON Pointer of the place it concerns.
//!
//! A phase collects every problem it finds and the pipeline stops at the phase boundary, so a
//! user sees all of them at once rather than one per run.

use std::fmt;

/// Where a problem is; kept here as well as at the crate root, beside the diagnostics it locates.
pub use crate::pointer::Pointer;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation cannot go on.
    Error,
    /// Generation goes on, but something was skipped or guessed.
    Warning,
}

/// One problem, at one place of the spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The JSON Pointer (RFC 6901) of the place, the root for the whole document.
    pub pointer: Pointer,
    /// What is wrong, as a sentence.
    pub message: String,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<Pointer>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, pointer: pointer.into(), message: message.into() }
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<Pointer>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, pointer: pointer.into(), message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let pointer = if self.pointer.is_root() { "(document)" } else { self.pointer.as_str() };
        write!(f, "{label}: {pointer}: {}", self.message)
    }
}

/// Every problem of a failed phase, in a stable order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Sorts the problems by pointer, so the report does not depend on traversal order.
    pub fn sorted(mut list: Vec<Diagnostic>) -> Self {
        list.sort();
        list.dedup();
        Self(list)
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.0 {
            writeln!(f, "{diagnostic}")?;
        }
        let errors = self.0.iter().filter(|d| d.severity == Severity::Error).count();
        write!(f, "{errors} error(s), {} warning(s)", self.0.len() - errors)
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_render_sorted_with_counts() {
        let report = Diagnostics::sorted(vec![
            Diagnostic::warning(Pointer::root().push("b"), "second"),
            Diagnostic::error(Pointer::root().push("a"), "first"),
            Diagnostic::error(Pointer::root(), "third"),
        ]);
        assert_eq!(
            report.to_string(),
            "error: (document): third\nerror: /a: first\nwarning: /b: second\n2 error(s), 1 warning(s)"
        );
        assert!(report.has_errors());
    }
}
