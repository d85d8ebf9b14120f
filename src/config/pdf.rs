//! `pdf:` settings: the typeset PDF edition of every brief (see `render::pdf`).

use std::path::Path;

use serde::Deserialize;

use crate::model::diagnostics::Diagnostic;
use crate::model::slug::slugify;
use crate::model::yaml::Step;

/// Paper sizes the PDF template can be set on (Typst's names).
pub const PAPERS: &[&str] = &["a4", "us-letter", "us-legal", "a5", "b5"];

/// `pdf:` in `site/config.yaml`. Off unless `enabled: true` (which `statecraft init`
/// writes): a PDF needs fonts for the site's script (Japanese text needs a font of its
/// own), takes tens of milliseconds a brief on a cold cache, and fails on an image it
/// cannot decode, none of which a site should meet without asking for PDFs.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PdfConfig {
    /// Make a PDF of every brief (`--no-pdf` turns it off for one build).
    pub enabled: bool,
    /// The file name next to each brief page: `{slug}` and `{number}` (the report number,
    /// or the slug when there is none) are replaced.
    pub file_name: String,
    /// Typst's paper name: `a4`, `us-letter`...
    pub paper: String,
    /// The institution on the cover and in the running header (default: `publisher`,
    /// else the site title).
    pub institution: String,
    /// A static file (a name in `site/static/` or the theme's `static/`) shown on the
    /// cover: SVG, PNG or JPEG.
    pub logo: Option<String>,
    /// The publication series on the cover, above the report number. Unset, the
    /// theme's words for it in each edition's language (`pdf.series`, "Policy Brief").
    pub series: Option<String>,
    /// The institution's disclaimer, printed at the end of every PDF.
    pub disclaimer: String,
    /// The licence (or copyright) line, printed at the end of every PDF.
    pub license: String,
    /// `pdf-ua-1` (tagged, checked against PDF/UA-1), `tagged` or `none`.
    pub accessibility: Accessibility,
    /// The logo is the site's own `logo:`, checked there, not a `pdf.logo`.
    #[serde(skip)]
    pub logo_is_the_sites: bool,
}

/// How accessible the PDF is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Accessibility {
    /// Tagged and checked against PDF/UA-1: Typst refuses what would break it (an image
    /// without a description, say).
    #[default]
    PdfUa1,
    /// Tagged (headings, lists, tables, reading order), without the PDF/UA checks.
    Tagged,
    /// No tags: smaller files, for readers who only print.
    None,
}

impl Default for PdfConfig {
    fn default() -> Self {
        PdfConfig {
            enabled: false,
            file_name: "{slug}.pdf".to_string(),
            paper: "a4".to_string(),
            institution: String::new(),
            logo: None,
            series: None,
            disclaimer: String::new(),
            license: String::new(),
            accessibility: Accessibility::default(),
            logo_is_the_sites: false,
        }
    }
}

impl PdfConfig {
    /// The site's brand (`logo`, `disclaimer`) for what `pdf:` leaves out, so that the
    /// PDF edition carries the brand without saying it twice. (The site's `license` is
    /// named when the PDFs are made, in each edition's words.)
    pub(super) fn brand_defaults(&mut self, logo: Option<&str>, disclaimer: &str) {
        if self.logo.is_none() {
            self.logo = logo.map(str::to_string);
            self.logo_is_the_sites = self.logo.is_some();
        }
        if self.disclaimer.is_empty() {
            self.disclaimer = disclaimer.to_string();
        }
    }

    /// The PDF's file name for a brief.
    pub fn file_name_for(&self, slug: &str, number: &str) -> String {
        let number = slugify(number);
        let number = if number.is_empty() { slug } else { &number };
        self.file_name
            .replace("{slug}", slug)
            .replace("{number}", number)
    }

    /// Problems with the values, each with the path of the value in the configuration
    /// (for [`super::at_value`]).
    pub(super) fn check(&self) -> Vec<(Diagnostic, Vec<Step<'static>>)> {
        let mut problems = Vec::new();
        let at = |key: &'static str| vec![Step::Key("pdf"), Step::Key(key)];
        let name = self
            .file_name
            .replace("{slug}", "x")
            .replace("{number}", "x");
        let safe = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            && !name.starts_with('.');
        if !safe || !name.to_ascii_lowercase().ends_with(".pdf") {
            problems.push((
                Diagnostic::error(
                    "E-config",
                    format!("`{}` is not a PDF file name", self.file_name.escape_debug()),
                )
                .hint("use letters, digits, `-`, `_` and `.`, `{slug}` or `{number}`, ending in `.pdf`, e.g. `file_name: \"{slug}.pdf\"`"),
                at("file_name"),
            ));
        }
        if !PAPERS.contains(&self.paper.as_str()) {
            problems.push((
                Diagnostic::error("E-config", format!("unknown paper size `{}`", self.paper))
                    .hint(format!("use one of `{}`", PAPERS.join("`, `"))),
                at("paper"),
            ));
        }
        if let Some(logo) = &self.logo {
            let escapes = logo.is_empty()
                || logo.split('/').any(|s| s == ".." || s.is_empty())
                || logo.contains(['\\', '\0'])
                || Path::new(logo).is_absolute();
            if escapes {
                problems.push((
                    Diagnostic::error(
                        "E-config",
                        format!("`{}` is not the name of a static file", logo.escape_debug()),
                    )
                    .hint("name a file in `site/static/`, e.g. `logo: images/logo.svg`"),
                    at("logo"),
                ));
            }
        }
        problems
    }
}

/// The problem with `pdf.logo` naming a file the site does not have, at the value in
/// the configuration `text`.
pub fn missing_logo(text: &str, logo: &str) -> Diagnostic {
    super::at_value(
        Diagnostic::error(
            "E-config",
            format!("`pdf.logo` names `{logo}`, which is not a static file of the site"),
        )
        .hint("put the logo in `site/static/` and name it as it is there, e.g. `logo: images/logo.svg`"),
        text,
        &[Step::Key("pdf"), Step::Key("logo")],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_take_the_slug_or_the_number() {
        let mut config = PdfConfig::default();
        assert_eq!(config.file_name_for("kuril", "NB-2019/02"), "kuril.pdf");
        config.file_name = "{number}.pdf".to_string();
        assert_eq!(
            config.file_name_for("kuril", "NB-2019/02"),
            "nb-2019-02.pdf"
        );
        assert_eq!(config.file_name_for("kuril", ""), "kuril.pdf");
        assert!(config.check().is_empty());
        config.file_name = "../x.pdf".to_string();
        config.paper = "a3000".to_string();
        config.logo = Some("../secret.png".to_string());
        assert_eq!(config.check().len(), 3);
    }
}
