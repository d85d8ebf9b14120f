//! The parse stage: each source file on its own, in parallel, into typed metadata and
//! rendered Markdown. Never looks at other briefs.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::bibliography::{self, Bibliography};
use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::front_matter::{self, BriefMeta, PageMeta};
use crate::glossary::{self, Glossary, GLOSSARY_PATH};
use crate::markdown::{self, BodyOptions, RawHtml, RenderedMarkdown};
use crate::slug::slugify;
use crate::source::{self, SourceFile};

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
    /// Reads `site/references.bib` (or the configured file) and `site/glossary.yaml`;
    /// either may be absent. Problems in them are returned, pointing into the files.
    pub fn load(root: &Path, config: &Config) -> (SiteData, Vec<Diagnostic>) {
        let mut data = SiteData::default();
        let mut problems = Vec::new();
        let mut fingerprint = DefaultHasher::new();
        let bib_path = config.bibliography.path();
        if root.join(&bib_path).exists() {
            match source::read_text(root, &bib_path) {
                Ok(file) => {
                    file.text.hash(&mut fingerprint);
                    match bibliography::parse(&file.path, &file.text, config) {
                        Ok(bibliography) => data.bibliography = Some(bibliography),
                        Err(found) => problems.extend(found),
                    }
                }
                Err(problem) => problems.push(problem),
            }
            data.bibliography_failed = data.bibliography.is_none();
        }
        let glossary_path = Path::new(GLOSSARY_PATH);
        if root.join(glossary_path).exists() {
            match source::read_text(root, glossary_path) {
                Ok(file) => {
                    file.text.hash(&mut fingerprint);
                    match glossary::parse(&file.text) {
                        Ok(glossary) => data.glossary = Some(glossary),
                        Err(found) => problems.extend(found),
                    }
                }
                Err(problem) => problems.push(problem),
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
    pub meta: BriefMeta,
    pub body: RenderedMarkdown,
    /// `key_findings` and `recommendations` rendered as inline HTML.
    pub key_findings_html: Vec<String>,
    pub recommendations_html: Vec<String>,
    /// The works the brief cites, formatted in the site's citation style (HTML).
    pub references_html: Vec<String>,
    /// URL slugs of `meta.regions` and `meta.tags`, in the same order.
    pub region_slugs: Vec<String>,
    pub tag_slugs: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct ParsedPage {
    pub source: PathBuf,
    pub revision: u64,
    pub text: String,
    pub meta: PageMeta,
    pub body: RenderedMarkdown,
}

/// Parses one brief file.
pub fn parse_brief(
    file: SourceFile,
    config: &Config,
    raw_html: RawHtml,
    data: &SiteData,
) -> Result<ParsedBrief, Vec<Diagnostic>> {
    let (meta, body, references) = {
        let split = front_matter::split(&file).map_err(|d| vec![d])?;
        let meta = front_matter::parse_brief(&file, split, config);
        let options = BodyOptions {
            raw_html,
            citations: Some(
                data.bibliography
                    .as_ref()
                    .is_some_and(Bibliography::is_note_style),
            ),
            glossary: data.glossary.as_ref(),
        };
        let mut body = markdown::render_with(split.body, split.body_offset, &options);
        let references = cite(&file, &mut body, data, config);
        match (meta, references) {
            (Ok(meta), Ok(references)) => (meta, body, references),
            (meta, references) => {
                let mut problems = meta.err().unwrap_or_default();
                problems.extend(references.err().unwrap_or_default());
                return Err(problems);
            }
        }
    };
    let region_slugs = term_slugs(&file, "regions", &meta.regions)?;
    let tag_slugs = term_slugs(&file, "tags", &meta.tags)?;
    Ok(ParsedBrief {
        source: file.path,
        revision: next_revision(),
        text: file.text,
        key_findings_html: meta
            .key_findings
            .iter()
            .map(|s| markdown::render_inline(s))
            .collect(),
        recommendations_html: meta
            .recommendations
            .iter()
            .map(|s| markdown::render_inline(s))
            .collect(),
        references_html: references,
        region_slugs,
        tag_slugs,
        meta,
        body,
    })
}

/// The URL slug of each region or tag name; a name without letters or digits has
/// none and is an error.
fn term_slugs(
    file: &SourceFile,
    key: &str,
    names: &[String],
) -> Result<Vec<String>, Vec<Diagnostic>> {
    let slugs: Vec<String> = names.iter().map(|name| slugify(name)).collect();
    let problems: Vec<Diagnostic> = names
        .iter()
        .zip(&slugs)
        .filter(|(_, slug)| slug.is_empty())
        .map(|(name, _)| {
            let offset = file.text.find(name.as_str()).unwrap_or(0);
            Diagnostic::error(
                "E-invalid-slug",
                format!("`{name}` in `{key}` has no letters or digits"),
            )
            .at(&file.path, &file.text, offset, name.len())
            .hint("term names need at least one letter or digit to make a URL")
        })
        .collect();
    if problems.is_empty() {
        Ok(slugs)
    } else {
        Err(problems)
    }
}

/// Formats a brief's citations in place and returns its reference list. Unknown keys,
/// and citations in a site without a bibliography, are errors at the citation.
fn cite(
    file: &SourceFile,
    body: &mut RenderedMarkdown,
    data: &SiteData,
    config: &Config,
) -> Result<Vec<String>, Vec<Diagnostic>> {
    if body.citations.is_empty() {
        return Ok(Vec::new());
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
    body.fill_citations(&formatted.citations, &file.text);
    Ok(formatted.references)
}

/// Parses one standalone page file.
pub fn parse_page(file: SourceFile, raw_html: RawHtml) -> Result<ParsedPage, Vec<Diagnostic>> {
    let (meta, body) = {
        let split = front_matter::split(&file).map_err(|d| vec![d])?;
        let meta = front_matter::parse_page(&file, split)?;
        (
            meta,
            markdown::render(split.body, split.body_offset, raw_html),
        )
    };
    Ok(ParsedPage {
        source: file.path,
        revision: next_revision(),
        text: file.text,
        meta,
        body,
    })
}

/// Parses every brief in parallel. Drafts are dropped unless `include_drafts`.
pub fn parse_briefs(
    files: Vec<SourceFile>,
    config: &Config,
    raw_html: RawHtml,
    include_drafts: bool,
    data: &SiteData,
) -> (Vec<ParsedBrief>, Vec<Diagnostic>) {
    let results: Vec<_> = files
        .into_par_iter()
        .map(|f| parse_brief(f, config, raw_html, data))
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
