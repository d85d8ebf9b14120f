//! Problems found in a site, reported to people.
//!
//! Every stage reports bad input as [`Diagnostic`] values instead of failing fast, so a
//! build can show every problem of every file at once. The library never prints them:
//! the binary decides how (terminal text or JSON lines).

use std::path::{Path, PathBuf};

use serde::Serialize;

/// How bad a problem is. Errors fail the build; warnings and notes do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

/// A place in a source file: 1-based line and column (column counted in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    /// How many characters to underline (at least 1).
    pub width: usize,
    /// The whole source line, for showing it under the message.
    pub source_line: String,
}

impl Span {
    /// Locates `len` bytes at byte `offset` of `text`. Offsets past the end (or inside a
    /// multi-byte character) are clamped, so a slightly wrong offset never panics.
    pub fn from_offset(text: &str, offset: usize, len: usize) -> Span {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line = text[..offset].matches('\n').count() + 1;
        let column = text[line_start..offset].chars().count() + 1;
        let end = floor_char_boundary(text, (offset + len).min(line_end));
        let width = text[offset..end].chars().count().max(1);
        let source_line = text[line_start..line_end]
            .trim_end_matches('\r')
            .to_string();
        Span {
            line,
            column,
            width,
            source_line,
        }
    }

    /// Locates a 1-based line and column given by a parser (YAML, templates).
    pub fn from_line_column(text: &str, line: usize, column: usize, width: usize) -> Span {
        let source_line = text
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .to_string();
        Span {
            line: line.max(1),
            column: column.max(1),
            width: width.max(1),
            source_line,
        }
    }
}

/// Byte index of the `chars`-th character of `line` (its length when past the end).
fn char_to_byte(line: &str, chars: usize) -> usize {
    line.char_indices()
        .nth(chars)
        .map_or(line.len(), |(i, _)| i)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// One problem: what is wrong, where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable identifier of the kind of problem, e.g. `E-unknown-topic`. Documented in
    /// the README; editors and CI scripts may match on it.
    pub code: &'static str,
    /// The file, relative to the site root when it is inside it.
    pub file: Option<PathBuf>,
    /// Boxed: most results carry no diagnostic, and a small `Err` keeps them cheap.
    pub span: Option<Box<Span>>,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: None,
            span: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn note(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }

    /// Points at `len` bytes at byte `offset` of the file's `text`.
    pub fn at(mut self, file: &Path, text: &str, offset: usize, len: usize) -> Diagnostic {
        self.file = Some(file.to_path_buf());
        self.span = Some(Box::new(Span::from_offset(text, offset, len)));
        self
    }

    pub fn with_span(mut self, span: Span) -> Diagnostic {
        self.span = Some(Box::new(span));
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, or as much of it as is known.
    pub fn location(&self) -> String {
        let file = self
            .file
            .as_ref()
            .map_or_else(String::new, |f| f.display().to_string());
        match &self.span {
            Some(span) => format!("{file}:{}:{}", span.line, span.column),
            None => file,
        }
    }

    /// Renders the diagnostic the way rustc does (it uses the same renderer): message,
    /// location, the source line with an underline, and the hint. `color` adds ANSI
    /// colours for terminals.
    pub fn render(&self, color: bool) -> String {
        use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let path = self.file.as_ref().map(|f| f.display().to_string());
        let mut group = Group::with_title(level.primary_title(self.message.as_str()).id(self.code));
        match (&self.span, &path) {
            (Some(span), _) => {
                let line = span.source_line.as_str();
                let start = char_to_byte(line, span.column - 1);
                let end = char_to_byte(line, span.column - 1 + span.width).max(start);
                let mut snippet = Snippet::source(line)
                    .line_start(span.line)
                    .annotation(AnnotationKind::Primary.span(start..end));
                if let Some(path) = &path {
                    snippet = snippet.path(path.as_str());
                }
                group = group.element(snippet);
            }
            (None, Some(path)) => group = group.element(Origin::path(path.as_str())),
            (None, None) => {}
        }
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = renderer.render(&[group]).to_string();
        out.push('\n');
        out
    }

    /// One JSON object (a line of `--format json`).
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct JsonDiagnostic<'a> {
            severity: Severity,
            code: &'a str,
            file: Option<String>,
            line: Option<usize>,
            column: Option<usize>,
            message: &'a str,
            hint: Option<&'a str>,
        }
        let json = JsonDiagnostic {
            severity: self.severity,
            code: self.code,
            file: self.file.as_ref().map(|f| f.display().to_string()),
            line: self.span.as_ref().map(|s| s.line),
            column: self.span.as_ref().map(|s| s.column),
            message: &self.message,
            hint: self.hint.as_deref(),
        };
        serde_json::to_string(&json).unwrap_or_default()
    }
}

/// Sorts diagnostics by file and position so output does not depend on thread timing.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            (
                d.file.clone(),
                d.span.as_ref().map(|s| (s.line, s.column)),
                d.code,
                d.message.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
}

/// The closest candidate to `wanted`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wanted_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_counts_lines_and_characters() {
        let text = "a: 1\ntopics: [soft-powr]\n";
        let offset = text.find("soft-powr").unwrap();
        let span = Span::from_offset(text, offset, 9);
        assert_eq!((span.line, span.column, span.width), (2, 10, 9));
        assert_eq!(span.source_line, "topics: [soft-powr]");
    }

    #[test]
    fn span_clamps_offsets_inside_characters() {
        let text = "é";
        let span = Span::from_offset(text, 1, 10);
        assert_eq!((span.line, span.column), (1, 1));
    }

    #[test]
    fn suggestion_prefers_the_closest_candidate() {
        let topics = ["soft-power", "hard-power", "alliance-dynamics"];
        assert_eq!(did_you_mean("soft-powr", topics), Some("soft-power"));
        assert_eq!(did_you_mean("economics", topics), None);
    }
}
