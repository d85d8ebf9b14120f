//! Running Typst: one brief's generated source compiled and exported to PDF, and
//! Typst's errors and warnings turned into located diagnostics.
//!
//! A problem in the generated `/main.typ` is reported at the Markdown that made it
//! (through the source map of [`Markup`]); a problem in the template at the
//! template's line, naming the brief being typeset.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use typst::diag::{Severity as TypstSeverity, SourceDiagnostic, Warned};
use typst::foundations::Smart;
use typst::WorldExt;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use super::markup::Markup;
use super::world::{main_id, BriefWorld, Kit, LetterFont};
use crate::config::Accessibility;
use crate::model::diagnostics::{Diagnostic, Severity};

/// Typst's errors reported per PDF, at most.
const MAX_REPORTED: usize = 5;

/// The brief being typeset, for diagnostics.
pub struct Origin<'a> {
    pub source: &'a Path,
    pub text: &'a str,
}

/// How a brief is typeset, besides its source.
pub struct Options<'a> {
    /// The PDF's identifier (the brief page's address).
    pub ident: &'a str,
    pub accessibility: Accessibility,
    /// The images beside the brief that it shows: their paths in the site, by their
    /// paths for Typst (see [`BriefWorld::new`]).
    pub beside: HashMap<String, PathBuf>,
}

/// The PDF of a brief's generated source, and Typst's warnings; or its errors.
pub fn typeset(
    kit: &Kit,
    markup: &Markup,
    options: Options,
    origin: &Origin,
) -> Result<(Vec<u8>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let Options {
        ident,
        accessibility,
        beside,
    } = options;
    let world = BriefWorld::new(kit, markup.text.clone(), beside);
    let Warned { output, warnings } = typst::compile::<PagedDocument>(&world);
    // One mistake can make many errors: the first few say what and where.
    let report = |found: &[SourceDiagnostic]| -> Vec<Diagnostic> {
        let mut problems: Vec<Diagnostic> = Vec::new();
        // Text no font draws is one error per character and place (the title on the
        // cover, in the running header, in the metadata...): one error names them all,
        // at their first place in the brief's own text when there is one.
        let mut undrawable = String::new();
        let mut undrawable_at: Option<usize> = None;
        for (found, problem) in found
            .iter()
            .map(|d| (d, diagnostic(kit, &world, markup, origin, d)))
        {
            if let Some(text) = undrawable_text(&found.message) {
                for c in text.chars().filter(|c| !c.is_whitespace()) {
                    if !undrawable.contains(c) {
                        undrawable.push(c);
                    }
                }
                let in_brief =
                    |p: &Diagnostic| p.file.as_deref() == Some(origin.source) && p.span.is_some();
                match undrawable_at {
                    None => {
                        undrawable_at = Some(problems.len());
                        problems.push(problem);
                    }
                    Some(at) if !in_brief(&problems[at]) && in_brief(&problem) => {
                        problems[at] = problem;
                    }
                    Some(_) => {}
                }
                continue;
            }
            let seen = problems.iter().any(|p| {
                p.file == problem.file && p.span == problem.span && p.message == problem.message
            });
            if !seen && problems.len() < MAX_REPORTED {
                problems.push(problem);
            }
        }
        if let Some(at) = undrawable_at {
            let problem = &mut problems[at];
            let shown: String = undrawable.chars().take(24).collect();
            let more = if shown.len() < undrawable.len() {
                "…"
            } else {
                ""
            };
            let said = format!("no font of the PDF draws {shown}{more}");
            problem.message = message(problem.is_error(), &said);
        }
        problems
    };
    let document = output.map_err(|errors| report(&errors))?;
    let standards = match accessibility {
        Accessibility::PdfUa1 => PdfStandards::new(&[PdfStandard::Ua_1])
            .expect("PDF/UA-1 alone is a valid set of standards"),
        Accessibility::Tagged | Accessibility::None => PdfStandards::default(),
    };
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some(format!(
            "Statecraft {} (Typst {})",
            env!("CARGO_PKG_VERSION"),
            typst::utils::version().raw()
        ))),
        timestamp: None,
        page_ranges: None,
        standards,
        tagged: accessibility != Accessibility::None,
        pretty: false,
    };
    let bytes = typst_pdf::pdf(&document, &options).map_err(|errors| report(&errors))?;
    Ok((bytes, report(&warnings)))
}

/// Letters shown in a fallback warning, at most.
const MAX_SHOWN: usize = 40;

/// A warning at the first letter of the brief that no font of the PDF's design has
/// but one of Typst's own does (Arabic, with the default fonts): Typst sets such
/// letters in that font, which does not match the rest, and says nothing. It shows
/// the text from that letter to the end of its line or the next letter the design
/// has. Letters no font has are an error of Typst's (see [`typeset`]).
pub fn fallback_warning(kit: &Kit, origin: &Origin) -> Option<Diagnostic> {
    let text = origin.text;
    // Fonts are asked once per letter: a brief repeats the few letters of its script.
    let mut known: HashMap<char, LetterFont> = HashMap::new();
    let mut font_of = |c: char| {
        if c.is_ascii() || !c.is_alphabetic() {
            return LetterFont::Design;
        }
        *known.entry(c).or_insert_with(|| kit.letter_font(c))
    };
    let (start, family) = text.char_indices().find_map(|(at, c)| match font_of(c) {
        LetterFont::Fallback(family) => Some((at, family)),
        _ => None,
    })?;
    let line_end = text[start..].find('\n').map_or(text.len(), |n| start + n);
    let run_end = text[start..line_end]
        .char_indices()
        .find(|&(_, c)| c.is_alphabetic() && font_of(c) == LetterFont::Design)
        .map_or(line_end, |(n, _)| start + n);
    let run = text[start..run_end]
        .trim_end_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation());
    let shown: String = run.chars().take(MAX_SHOWN).collect();
    let more = if shown.len() < run.len() { "…" } else { "" };
    Some(
        Diagnostic::warning(
            "W-pdf-font",
            format!(
                "no font of the PDF's design has the letters of `{shown}{more}`: Typst sets them in `{family}`, a font of its own that does not match the rest"
            ),
        )
        .at(origin.source, text, start, run.len().max(1))
        .hint("put a font that has these letters (an .otf or .ttf file, such as the Noto font of their script) in `site/fonts/`: the PDFs set them in it, and the social cards draw them with it"),
    )
}

/// A problem's message: what Typst said, after what it stopped (an error) or
/// interrupted (a warning).
fn message(is_error: bool, said: &str) -> String {
    let kind = if is_error {
        "cannot typeset the PDF"
    } else {
        "while typesetting the PDF"
    };
    format!("{kind}: {said}")
}

/// The text Typst says no font can show (`日` of "the text `"日"` could not be displayed
/// with font `"Inter"`"), if that is what `message` says.
fn undrawable_text(message: &str) -> Option<&str> {
    let quoted = message.split_once("the text `")?.1;
    let (quoted, _) = quoted.split_once("` could not be displayed with font")?;
    Some(quoted.trim_matches('"'))
}

/// A Typst error or warning as a diagnostic at the brief's Markdown or the template's
/// line.
fn diagnostic(
    kit: &Kit,
    world: &BriefWorld,
    markup: &Markup,
    origin: &Origin,
    found: &SourceDiagnostic,
) -> Diagnostic {
    let is_error = found.severity != TypstSeverity::Warning;
    let mut problem = Diagnostic::error("E-pdf", message(is_error, &found.message));
    if !is_error {
        problem.severity = Severity::Warning;
    }
    let mut hints: Vec<String> = found.hints.iter().map(|h| h.v.to_string()).collect();
    if undrawable_text(&found.message).is_some() {
        // PDF/UA-1 refuses text no font has: say where fonts go.
        hints = vec![
            "put a font that has these characters (Noto Sans JP for Japanese, say) in `site/fonts/`, where the social cards find it too: Typst falls back to it; or set `pdf.accessibility: tagged` to let them go missing".to_string(),
        ];
    }
    // The error's own place, else the first call on the way to it that has one.
    let spans = std::iter::once(found.span).chain(found.trace.iter().map(|t| t.span.into()));
    for span in spans {
        let (Some(id), Some(range)) = (span.id(), world.range(span)) else {
            continue;
        };
        if id == main_id() {
            let offset = markup.source_offset(range.start).unwrap_or(0);
            let offset = offset.min(origin.text.len());
            problem = problem.at(origin.source, origin.text, offset, 1);
            break;
        }
        if let Some((path, text)) = kit.origin(id) {
            problem = problem.at(path, text, range.start, range.len().max(1));
            hints.push(format!(
                "this is in the PDF template, typesetting `{}`",
                origin.source.display()
            ));
            break;
        }
    }
    if problem.file.is_none() {
        problem = problem.in_file(origin.source);
    }
    if hints.is_empty() {
        hints.push(
            "fix the brief at this place, or the PDF template (`site/pdf/`); `pdf: false` in the brief's front matter leaves its PDF out"
                .to_string(),
        );
    }
    problem.hint(hints.join("; "))
}
