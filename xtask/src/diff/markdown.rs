//! The report as Markdown, for a pull-request comment: one table per section, then the verdict.

use std::fmt::Write;

use super::model::{Bump, Change, Compat, Report, Section, SpecInfo};

impl Report {
    /// The report as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        // Writing to a `String` cannot fail.
        let _ = self.write_markdown(&mut out);
        out
    }

    fn write_markdown(&self, out: &mut String) -> std::fmt::Result {
        writeln!(out, "## API changes\n")?;
        writeln!(out, "From {} to {}.\n", label(&self.old), label(&self.new))?;
        if !self.changes.is_empty() {
            writeln!(
                out,
                "*Wire*: does a client built from the old spec still work against a server of the new one? \
                 *Rust*: does code that compiles against today's crate still compile?\n"
            )?;
        }
        let mut sections: Vec<Section> = self.changes.iter().map(Change::section).collect();
        sections.dedup();
        for section in sections {
            writeln!(out, "### {}\n", section.title())?;
            writeln!(out, "| Where | Change | Effect on the Rust API | Wire | Rust | Bump |")?;
            writeln!(out, "|---|---|---|---|---|---|")?;
            for change in self.changes.iter().filter(|c| c.section() == section) {
                let place = match change.direction {
                    Some(direction) => format!("{} ({})", change.subject, direction.label()),
                    None => change.subject.clone(),
                };
                writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} |",
                    cell(&place),
                    cell(&change.description),
                    cell(&change.rust_effect),
                    compat(change.wire),
                    compat(change.rust),
                    change.bump.as_str()
                )?;
            }
            writeln!(out)?;
        }
        writeln!(out, "### Verdict\n")?;
        writeln!(out, "{}", self.verdict_sentence())
    }

    fn verdict_sentence(&self) -> String {
        let verdict = &self.verdict;
        let bump = format!("**Semver bump: {}.**", verdict.bump.as_str());
        match verdict.bump {
            Bump::None => format!("{bump} The two specs describe the same API."),
            Bump::Patch => {
                format!("{bump} Only documentation or behaviour changed; the Rust API and the wire are as before.")
            }
            Bump::Minor => format!("{bump} The changes add to the API and break no caller, on the wire or in Rust."),
            Bump::Major => {
                let (wire, rust) = (verdict.wire_breaking, verdict.rust_breaking);
                let on_the_wire = format!("clients on the wire ({})", changes(wire));
                let in_rust = format!("code that compiles against the current crate ({})", changes(rust));
                match (wire > 0, rust > 0) {
                    (true, true) => format!("{bump} It breaks {on_the_wire} and {in_rust}."),
                    (true, false) => {
                        format!("{bump} It breaks {on_the_wire}; Rust code that compiles today still compiles.")
                    }
                    _ => format!("{bump} It breaks {in_rust}; clients on the wire keep working."),
                }
            }
        }
    }
}

/// How a spec is named in the header: its source, then its title and version.
fn label(info: &SpecInfo) -> String {
    match &info.source {
        Some(source) => format!("`{source}` ({} {})", info.title, info.version),
        None => format!("{} {}", info.title, info.version),
    }
}

fn compat(compat: Compat) -> &'static str {
    match compat {
        Compat::Compatible => "compatible",
        Compat::Breaking => "**breaking**",
    }
}

/// "1 change", "2 changes".
fn changes(n: usize) -> String {
    if n == 1 { "1 change".to_owned() } else { format!("{n} changes") }
}

/// Text made safe for a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}
