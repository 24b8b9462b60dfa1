//! Problems found in a spec, each tied to the JSON Pointer of the place it concerns.
//!
//! A phase collects every problem it finds and the pipeline stops at the phase boundary, so a
//! user sees all of them at once rather than one per run.

use std::fmt;

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
    /// The JSON Pointer (RFC 6901) of the place, `""` for the whole document.
    pub pointer: String,
    /// What is wrong, as a sentence.
    pub message: String,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, pointer: pointer.into(), message: message.into() }
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, pointer: pointer.into(), message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let pointer = if self.pointer.is_empty() { "(document)" } else { &self.pointer };
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

/// Builds JSON Pointers one reference token at a time, escaping `~` and `/`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pointer(String);

impl Pointer {
    /// The pointer to the whole document.
    pub fn root() -> Self {
        Self(String::new())
    }

    /// A pointer written out already, such as the fragment of a `$ref` without its `#`.
    pub fn from_escaped(pointer: &str) -> Self {
        Self(pointer.to_owned())
    }

    /// This pointer extended by one reference token.
    pub fn push(&self, token: impl fmt::Display) -> Self {
        let token = token.to_string().replace('~', "~0").replace('/', "~1");
        Self(format!("{}/{token}", self.0))
    }

    /// The pointer as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_reference_tokens() {
        let pointer = Pointer::root().push("paths").push("/a/{b}").push("get").push("x~y");
        assert_eq!(pointer.as_str(), "/paths/~1a~1{b}/get/x~0y");
    }

    #[test]
    fn diagnostics_render_sorted_with_counts() {
        let report = Diagnostics::sorted(vec![Diagnostic::warning("/b", "second"), Diagnostic::error("/a", "first")]);
        assert_eq!(report.to_string(), "error: /a: first\nwarning: /b: second\n1 error(s), 1 warning(s)");
        assert!(report.has_errors());
    }
}
