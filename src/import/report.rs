//! The import report (`import/report.md`): what was converted, with counts, and what
//! needs a person, each at its file and line in the new site.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What an import did and left to do.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// The archive, as named on the command line.
    pub source: String,
    /// What was converted: "posts → briefs" -> count.
    pub counts: BTreeMap<String, usize>,
    /// What needs a person: (`briefs/a.md:12`, what and what to do), in file order.
    pub attention: Vec<(String, String)>,
    /// What the import did not convert at all, once each (comments, menus...).
    pub not_converted: Vec<String>,
    /// Files of the archive left out because they could not be read (each also needs
    /// a person).
    pub left_out: usize,
}

impl Report {
    /// Adds `n` to the count of `what`.
    pub fn count(&mut self, what: &str, n: usize) {
        if n > 0 {
            *self.counts.entry(what.to_string()).or_default() += n;
        }
    }

    pub fn not_converted(&mut self, what: impl Into<String>) {
        self.not_converted.push(what.into());
    }

    /// The report as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# Import report\n\nSource: `{}`\n\n", self.source);
        out.push_str("## Converted\n\n| what | count |\n| --- | ---: |\n");
        for (what, count) in &self.counts {
            let _ = writeln!(out, "| {what} | {count} |");
        }
        if self.left_out > 0 {
            let _ = writeln!(
                out,
                "\n{} file(s) left out, unreadable: see below.",
                self.left_out
            );
        }
        let _ = write!(out, "\n## Needs a person ({})\n\n", self.attention.len());
        if self.attention.is_empty() {
            out.push_str("Nothing.\n");
        }
        for (place, message) in &self.attention {
            let _ = writeln!(out, "- `{place}`: {message}");
        }
        if !self.not_converted.is_empty() {
            out.push_str("\n## Not converted\n\n");
            for what in &self.not_converted {
                let _ = writeln!(out, "- {what}");
            }
        }
        out
    }

    /// One line for the terminal.
    pub fn summary(&self) -> String {
        let counts: Vec<String> = self
            .counts
            .iter()
            .map(|(what, n)| format!("{n} {what}"))
            .collect();
        let converted = if counts.is_empty() {
            "nothing converted".to_string()
        } else {
            counts.join(", ")
        };
        let left_out = if self.left_out > 0 {
            format!("; {} file(s) left out, unreadable", self.left_out)
        } else {
            String::new()
        };
        format!(
            "{converted}{left_out}; {} item(s) need a person",
            self.attention.len()
        )
    }
}
