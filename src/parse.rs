//! The parse stage: each source file on its own, in parallel, into typed metadata and
//! rendered Markdown. Never looks at other briefs.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::front_matter::{self, BriefMeta, PageMeta};
use crate::markdown::{self, RawHtml, RenderedMarkdown};
use crate::source::SourceFile;

/// Numbers every parse, so a watch session can tell a re-parsed file from an unchanged
/// one without comparing contents. Never part of the output.
static NEXT_REVISION: AtomicU64 = AtomicU64::new(1);

fn next_revision() -> u64 {
    NEXT_REVISION.fetch_add(1, Ordering::Relaxed)
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
) -> Result<ParsedBrief, Vec<Diagnostic>> {
    let (meta, body) = {
        let split = front_matter::split(&file).map_err(|d| vec![d])?;
        let meta = front_matter::parse_brief(&file, split, config)?;
        (
            meta,
            markdown::render(split.body, split.body_offset, raw_html),
        )
    };
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
        meta,
        body,
    })
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
) -> (Vec<ParsedBrief>, Vec<Diagnostic>) {
    let results: Vec<_> = files
        .into_par_iter()
        .map(|f| parse_brief(f, config, raw_html))
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
