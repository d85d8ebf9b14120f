//! The parse stage: each source file on its own, in parallel, into typed metadata and
//! rendered Markdown. Never looks at other briefs.
//!
//! In: the [`SourceFile`]s the load stage read, the configuration and the site-wide
//! files briefs are parsed against ([`SiteData`]: bibliography and glossary). Out:
//! [`ParsedBrief`]s and [`ParsedPage`]s, each with its diagnostics. Runs after the load
//! stage in every build, and in watch mode for each changed file alone.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::ops::Range;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::config::{Config, RawHtml};
use crate::load::{SourceFile, Sources};
use crate::model::body::RenderedMarkdown;
use crate::model::diagnostics::Diagnostic;
use crate::model::meta::{BriefMeta, PageMeta};
use crate::model::rich::RichText;
use crate::model::yaml::Place;

pub mod bibliography;
pub mod front_matter;
pub mod glossary;
pub mod markdown;

use bibliography::{Bibliography, CitationStyle};
use glossary::Glossary;
use markdown::BodyOptions;

/// Numbers every parse, so a watch session can tell a re-parsed file from an unchanged
/// one without comparing contents. Never part of the output.
static NEXT_REVISION: AtomicU64 = AtomicU64::new(1);

fn next_revision() -> u64 {
    NEXT_REVISION.fetch_add(1, Ordering::Relaxed)
}

/// Site-wide files briefs are parsed against, read once per build like the
/// configuration: the bibliography that `[@key]` citations cite, and the glossary whose
/// terms are linked.
#[derive(Debug, Default)]
pub struct SiteData {
    pub bibliography: Option<Bibliography>,
    /// The bibliography file exists but has errors (already reported). Citations are
    /// then left unformatted rather than reported again in every brief.
    pub bibliography_failed: bool,
    pub glossary: Option<Glossary>,
    /// Hash of the files' text: a watch session re-parses every brief when it changes.
    pub fingerprint: u64,
}

impl SiteData {
    /// Parses the bibliography and glossary the load stage read (either may be absent)
    /// with the citation style `style` (loaded with [`CitationStyle::load`], which is
    /// slow enough to be worth doing while the sources are read). Problems in them are
    /// returned, pointing into the files.
    pub fn parse(
        sources: &Sources,
        style: Result<CitationStyle, Diagnostic>,
        config: &Config,
    ) -> (SiteData, Vec<Diagnostic>) {
        let mut data = SiteData::default();
        let mut problems = Vec::new();
        let mut fingerprint = DefaultHasher::new();
        if let Some(file) = &sources.bibliography {
            file.text.hash(&mut fingerprint);
            match style {
                Ok(style) => match bibliography::parse(&file.path, &file.text, style, config) {
                    Ok(bibliography) => data.bibliography = Some(bibliography),
                    Err(found) => problems.extend(found),
                },
                Err(problem) => problems.push(problem),
            }
            data.bibliography_failed = data.bibliography.is_none();
        }
        if let Some(file) = &sources.glossary {
            file.text.hash(&mut fingerprint);
            match glossary::parse(&file.text) {
                Ok(glossary) => data.glossary = Some(glossary),
                Err(found) => problems.extend(found),
            }
        }
        data.fingerprint = fingerprint.finish();
        (data, problems)
    }
}

/// A brief after parsing: its metadata and body, not yet connected to the others.
#[derive(Debug, Clone)]
pub struct ParsedBrief {
    pub source: PathBuf,
    /// Unique to this parse of the file (see [`next_revision`]).
    pub revision: u64,
    /// The whole file text, kept for diagnostics the link stage reports.
    pub text: String,
    /// Where the front matter's YAML is in `text`.
    pub front_matter: Range<usize>,
    /// Where the Markdown body starts in `text` (it runs to the end).
    pub body_offset: usize,
    pub meta: BriefMeta,
    pub body: RenderedMarkdown,
    /// `key_findings` and `recommendations` rendered as inline HTML.
    pub key_findings_html: Vec<String>,
    pub recommendations_html: Vec<String>,
    /// The works the brief cites, formatted in the site's citation style (HTML).
    pub references_html: Vec<String>,
    /// The same works as styled text (for the PDF edition).
    pub references: Vec<RichText>,
    /// Each `[@key]` citation of the body, formatted, in order (for the PDF edition;
    /// the HTML has them in place).
    pub citation_texts: Vec<RichText>,
}

#[derive(Debug, Clone)]
pub struct ParsedPage {
    pub source: PathBuf,
    pub text: String,
    /// Where the front matter's YAML is in `text`.
    pub front_matter: Range<usize>,
    pub meta: PageMeta,
    pub body: RenderedMarkdown,
}

/// Where a front matter value of a parsed file is: a diagnostic for `problem` at it
/// (at the front matter's start for a value that was not written, like a slug made from
/// the file name).
pub fn at_place(
    problem: Diagnostic,
    source: &std::path::Path,
    text: &str,
    front_matter: &Range<usize>,
    place: Option<Place>,
) -> Diagnostic {
    let range = match place {
        Some(place) => front_matter::locate(text, front_matter.clone(), place, false),
        None => {
            let fence = front_matter.start.saturating_sub(4);
            fence..fence + 3
        }
    };
    problem.at(source, text, range.start, range.len())
}

impl ParsedBrief {
    /// A diagnostic for `problem` at the front matter value at `place`.
    pub fn at(&self, problem: Diagnostic, place: Option<Place>) -> Diagnostic {
        at_place(problem, &self.source, &self.text, &self.front_matter, place)
    }
}

impl ParsedPage {
    /// A diagnostic for `problem` at the front matter value at `place`.
    pub fn at(&self, problem: Diagnostic, place: Option<Place>) -> Diagnostic {
        at_place(problem, &self.source, &self.text, &self.front_matter, place)
    }
}

/// Parses one brief file.
pub fn parse_brief(
    file: SourceFile,
    config: &Config,
    data: &SiteData,
) -> Result<ParsedBrief, Vec<Diagnostic>> {
    let split = front_matter::split(&file).map_err(|d| vec![d])?;
    let meta = front_matter::parse_brief(&file, split, config);
    let options = BodyOptions {
        raw_html: config.markdown.raw_html,
        citations: Some(
            data.bibliography
                .as_ref()
                .is_some_and(Bibliography::is_note_style),
        ),
        glossary: data.glossary.as_ref(),
    };
    let mut body = markdown::render_with(split.body, split.body_offset, &options);
    let references = cite(&file, &mut body, data, config);
    let front_matter = split.yaml_offset..split.yaml_offset + split.yaml.len();
    let body_offset = split.body_offset;
    let (meta, cited) = match (meta, references) {
        (Ok(meta), Ok(cited)) => (meta, cited),
        (meta, references) => {
            let mut problems = meta.err().unwrap_or_default();
            problems.extend(references.err().unwrap_or_default());
            return Err(problems);
        }
    };
    let inline = |texts: &[String]| texts.iter().map(|s| markdown::render_inline(s)).collect();
    Ok(ParsedBrief {
        key_findings_html: inline(&meta.key_findings),
        recommendations_html: inline(&meta.recommendations),
        source: file.path,
        revision: next_revision(),
        text: file.text,
        front_matter,
        body_offset,
        references_html: cited.references,
        references: cited.reference_texts,
        citation_texts: cited.citation_texts,
        meta,
        body,
    })
}

/// Formats a brief's citations in place and returns them with its reference list.
/// Unknown keys, and citations in a site without a bibliography, are errors at the
/// citation.
fn cite(
    file: &SourceFile,
    body: &mut RenderedMarkdown,
    data: &SiteData,
    config: &Config,
) -> Result<bibliography::Formatted, Vec<Diagnostic>> {
    if body.citations.is_empty() {
        return Ok(bibliography::Formatted::default());
    }
    let formatted = match &data.bibliography {
        Some(bibliography) => {
            let problems = bibliography.check(&file.path, &file.text, &body.citations);
            if !problems.is_empty() {
                return Err(problems);
            }
            bibliography.format(&body.citations)
        }
        None if data.bibliography_failed => bibliography::Formatted::default(),
        None => {
            return Err(bibliography::missing(
                &file.path,
                &file.text,
                &body.citations,
                config,
            ))
        }
    };
    markdown::fill_citations(body, &formatted.citations, &file.text);
    Ok(formatted)
}

/// Parses one standalone page file.
pub fn parse_page(file: SourceFile, raw_html: RawHtml) -> Result<ParsedPage, Vec<Diagnostic>> {
    let split = front_matter::split(&file).map_err(|d| vec![d])?;
    let meta = front_matter::parse_page(&file, split)?;
    let body = markdown::render(split.body, split.body_offset, raw_html);
    let front_matter = split.yaml_offset..split.yaml_offset + split.yaml.len();
    Ok(ParsedPage {
        source: file.path,
        text: file.text,
        front_matter,
        meta,
        body,
    })
}

/// Parses every brief in parallel. Drafts are dropped unless `include_drafts`.
pub fn parse_briefs(
    files: Vec<SourceFile>,
    config: &Config,
    include_drafts: bool,
    data: &SiteData,
) -> (Vec<ParsedBrief>, Vec<Diagnostic>) {
    let results: Vec<_> = files
        .into_par_iter()
        .map(|f| parse_brief(f, config, data))
        .collect();
    let mut briefs = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(brief) if brief.meta.draft && !include_drafts => {}
            Ok(brief) => briefs.push(brief),
            Err(found) => problems.extend(found),
        }
    }
    (briefs, problems)
}

/// Parses every standalone page in parallel.
pub fn parse_pages(
    files: Vec<SourceFile>,
    raw_html: RawHtml,
) -> (Vec<ParsedPage>, Vec<Diagnostic>) {
    let results: Vec<_> = files
        .into_par_iter()
        .map(|f| parse_page(f, raw_html))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(page) => pages.push(page),
            Err(found) => problems.extend(found),
        }
    }
    (pages, problems)
}
