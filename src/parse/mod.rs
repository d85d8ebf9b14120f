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
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::load::{Assets, SourceFile, Sources};
use crate::model::body::RenderedMarkdown;
use crate::model::diagnostics::Diagnostic;
use crate::model::labels::Labels;
use crate::model::meta::{BriefMeta, PageMeta, PdfChoice};
use crate::model::people::People;
use crate::model::rich::RichText;
use crate::model::slug::document_name;
use crate::model::urls;
use crate::model::yaml::Place;

pub mod bibliography;
pub mod chart;
pub mod components;
pub mod front_matter;
pub mod glossary;
pub mod i18n;
pub mod markdown;
pub mod people;
pub mod schedule;

use bibliography::{Bibliography, CitationStyle};
use components::Components;
use glossary::Glossary;
use markdown::{BodyLabels, BodyOptions};

/// Numbers every parse, so a watch session can tell a re-parsed file from an unchanged
/// one without comparing contents. Never part of the output.
static NEXT_REVISION: AtomicU64 = AtomicU64::new(1);

fn next_revision() -> u64 {
    NEXT_REVISION.fetch_add(1, Ordering::Relaxed)
}

/// Site-wide files briefs are parsed against, read once per build like the
/// configuration: the bibliography that `[@key]` citations cite, the glossary whose
/// terms are linked, the author registry bylines name and the labels of the site's
/// language.
#[derive(Debug, Default)]
pub struct SiteData {
    /// The configuration's authors and the author files.
    pub people: Arc<People>,
    /// The theme's fixed words in the site's language.
    pub labels: Arc<Labels>,
    /// The same in each of the site's other languages (`languages:`), by code.
    pub translated_labels: Vec<(String, Arc<Labels>)>,
    pub bibliography: Option<Bibliography>,
    /// The bibliography file exists but has errors (already reported). Citations are
    /// then left unformatted rather than reported again in every brief.
    pub bibliography_failed: bool,
    pub glossary: Option<Glossary>,
    /// The components briefs call (`{{< pullquote >}}`).
    pub components: Option<Components>,
    /// The files briefs and pages use (images, data, downloads). Not part of the
    /// fingerprint: a watch session parses again only the briefs using a changed file.
    pub assets: Assets,
    /// Hash of the files' text: a watch session re-parses every brief when it changes.
    pub fingerprint: u64,
}

impl SiteData {
    /// Parses the bibliography and glossary the load stage read (either may be absent)
    /// with the citation style `style`, which is loaded here if not given (a build loads
    /// it with [`CitationStyle::load`] while the sources are read: decoding it takes
    /// longer than reading a small site). Problems in them are returned, pointing into
    /// the files.
    pub fn parse(
        sources: &Sources,
        style: Option<Result<CitationStyle, Diagnostic>>,
        config: &Config,
    ) -> (SiteData, Vec<Diagnostic>) {
        let mut data = SiteData::default();
        let mut problems = Vec::new();
        let mut fingerprint = DefaultHasher::new();
        if let Some(file) = &sources.bibliography {
            file.text.hash(&mut fingerprint);
            match style.unwrap_or_else(|| CitationStyle::load(config)) {
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
        let (components, component_problems) = Components::load(&sources.shortcodes);
        components.fingerprint.hash(&mut fingerprint);
        problems.extend(component_problems);
        data.components = Some(components);
        data.assets = sources.assets.clone();
        let (people, people_problems) =
            people::registry(config, &sources.authors, &sources.static_files);
        problems.extend(people_problems);
        let (labels, label_problems) = i18n::parse_labels(&sources.translations, &config.language);
        problems.extend(label_problems);
        for file in sources
            .authors
            .iter()
            .chain(sources.translations.iter().map(|t| &t.file))
        {
            (&file.path, &file.text).hash(&mut fingerprint);
        }
        data.people = Arc::new(people);
        data.labels = Arc::new(labels);
        for language in &config.languages {
            let (labels, label_problems) =
                i18n::parse_labels(&sources.translations, &language.code);
            problems.extend(label_problems);
            data.translated_labels
                .push((language.code.clone(), Arc::new(labels)));
        }
        data.fingerprint = fingerprint.finish();
        (data, problems)
    }
}

impl SiteData {
    /// The labels of `language` (`None`: the site's default language).
    pub fn labels_for(&self, language: Option<&str>) -> &Arc<Labels> {
        language
            .and_then(|code| self.translated_labels.iter().find(|(c, _)| c == code))
            .map_or(&self.labels, |(_, labels)| labels)
    }
}

/// A brief after parsing: its metadata and body, not yet connected to the others.
#[derive(Debug, Clone)]
pub struct ParsedBrief {
    pub source: PathBuf,
    /// Unique to this parse of the file (see [`next_revision`]).
    pub revision: u64,
    /// The file's text up to its body (its front matter, for the link stage's problems
    /// there); the whole text when the build typesets its PDF, which reads the Markdown
    /// again. A build holds every brief until it ends, and the bodies' sources were a
    /// fifth of its memory: a problem at a link reads the file again instead.
    pub text: String,
    /// Where the front matter's YAML is in `text`.
    pub front_matter: Range<usize>,
    /// Where the Markdown body starts in `text` (it runs to the end).
    pub body_offset: usize,
    pub meta: BriefMeta,
    pub body: RenderedMarkdown,
    /// The summary rendered as inline HTML (`meta.summary` is its plain text).
    pub summary_html: String,
    /// The summary as written, in inline Markdown (for the PDF edition).
    pub summary_markdown: String,
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
    /// Problems that do not stop the build (shortcodes left in the text), reported by
    /// the link stage with the site's other problems.
    pub warnings: Vec<Diagnostic>,
    /// Placeholders `statecraft new` wrote that are still there: warned about by every
    /// build, including those that leave the brief out (found while the whole text is
    /// at hand).
    pub placeholders: Vec<Diagnostic>,
}

impl ParsedBrief {
    /// This parse with other front matter values, as a revision of its own: a step of
    /// a save patched in several steps (see `link::edit_steps`).
    pub fn with_meta(&self, meta: BriefMeta) -> ParsedBrief {
        ParsedBrief {
            revision: next_revision(),
            meta,
            ..self.clone()
        }
    }

    /// This parse's body with `other`'s front matter (its metadata and the HTML made
    /// from it), as a revision of its own: the step of a save that changed both.
    pub fn with_front_matter_of(&self, other: &ParsedBrief) -> ParsedBrief {
        ParsedBrief {
            summary_html: other.summary_html.clone(),
            summary_markdown: other.summary_markdown.clone(),
            key_findings_html: other.key_findings_html.clone(),
            recommendations_html: other.recommendations_html.clone(),
            ..self.with_meta(other.meta.clone())
        }
    }
}

#[derive(Debug, Clone)]
pub struct ParsedPage {
    pub source: PathBuf,
    pub text: String,
    /// Where the front matter's YAML is in `text`.
    pub front_matter: Range<usize>,
    pub meta: PageMeta,
    /// The summary rendered as inline HTML (`meta.summary` is its plain text).
    pub summary_html: String,
    pub body: RenderedMarkdown,
    /// The works its `[@key]` citations cite, formatted, as a brief's are.
    pub references_html: Vec<String>,
    /// Problems that do not stop the build, like [`ParsedBrief::warnings`].
    pub warnings: Vec<Diagnostic>,
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
    /// The names links may use for the brief: its slug, and its file name when the
    /// slug was set apart from it.
    pub fn names(&self) -> Vec<String> {
        let mut names = vec![self.meta.slug.value.clone()];
        if let Some(stem) = crate::model::slug::document_name(&self.source) {
            if stem != self.meta.slug.value {
                names.push(stem.to_string());
            }
        }
        names
    }

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

/// A brief or page that did not parse: its problems and, when its front matter could
/// be told from its body, the body, whose links the link stage checks all the same, so
/// that a front matter error does not hide a broken link until it is fixed.
#[derive(Debug, Clone)]
pub struct Unparsed {
    pub problems: Vec<Diagnostic>,
    pub body: Option<Arc<UnparsedBody>>,
}

/// The body of a brief that did not parse, with the file's text its problems quote.
#[derive(Debug)]
pub struct UnparsedBody {
    pub text: String,
    pub body: RenderedMarkdown,
}

impl Unparsed {
    /// A file that did not parse, with its body (and the file's text) for the link
    /// stage to check its links.
    fn with_body(problems: Vec<Diagnostic>, text: String, body: RenderedMarkdown) -> Unparsed {
        Unparsed {
            problems,
            body: Some(Arc::new(UnparsedBody { text, body })),
        }
    }
}

impl From<Vec<Diagnostic>> for Unparsed {
    fn from(problems: Vec<Diagnostic>) -> Unparsed {
        Unparsed {
            problems,
            body: None,
        }
    }
}

/// Parses one brief file.
pub fn parse_brief(
    file: SourceFile,
    config: &Config,
    data: &SiteData,
) -> Result<ParsedBrief, Unparsed> {
    let split = front_matter::split(&file).map_err(|d| Unparsed::from(vec![d]))?;
    let meta = front_matter::parse_brief(&file, split, config, &data.people);
    // A translation's figures and callouts speak its language; the glossary's terms
    // are the default language's words.
    let language = meta.as_ref().ok().and_then(|m| m.language.as_deref());
    // Relative links to pages are read from the brief's page; when its front matter
    // failed, from the page its `slug:` or else its file name gives (its links are
    // checked all the same).
    let page = match &meta {
        Ok(meta) => Some(urls::brief(&meta.slug.value)),
        Err(_) => front_matter::declared_slug(&file, &split)
            .as_deref()
            .or_else(|| document_name(&file.path))
            .map(urls::brief),
    };
    let options = BodyOptions {
        glossary: data.glossary.as_ref().filter(|_| language.is_none()),
        page: page.as_deref(),
        ..body_options(&file, config, data, data.labels_for(language))
    };
    let mut body = markdown::render_with(split.body, split.body_offset, &options);
    let (body_errors, body_warnings) = body_problems(&file, &mut body);
    let references = cite(&file, &mut body, data, config, language);
    let front_matter = split.yaml_offset..split.yaml_offset + split.yaml.len();
    let body_offset = split.body_offset;
    let (mut meta, cited) = match (meta, references) {
        (Ok(meta), Ok(cited)) if body_errors.is_empty() => (meta, cited),
        (meta, references) => {
            let mut problems = meta.err().unwrap_or_default();
            problems.extend(references.err().unwrap_or_default());
            problems.extend(body_errors);
            // Its warnings too: all of a brief's problems come in one run.
            problems.extend(body_warnings);
            return Err(Unparsed::with_body(problems, file.text, body));
        }
    };
    let links_lost = lost_links(&file, &front_matter, &meta);
    let inline = |texts: &[String]| texts.iter().map(|s| markdown::render_inline(s)).collect();
    let summary_html = markdown::render_inline(&meta.summary);
    let summary_markdown = std::mem::take(&mut meta.summary);
    meta.summary = markdown::inline_plain_text(&summary_markdown);
    let mut warnings = shortcode_warnings(&file, &body);
    warnings.extend(body_warnings);
    warnings.extend(links_lost);
    let mut brief = ParsedBrief {
        warnings,
        summary_html,
        summary_markdown,
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
        placeholders: Vec::new(),
    };
    brief.placeholders = schedule::placeholder_warnings(&brief);
    if !typesets_pdf(config, &brief.meta) {
        brief.text.truncate(brief.body_offset);
        brief.text.shrink_to_fit();
    }
    Ok(brief)
}

/// Whether the build typesets the brief's PDF (a translation's too, in its language):
/// the site makes PDFs and the brief neither opted out nor attached one.
pub fn typesets_pdf(config: &Config, meta: &BriefMeta) -> bool {
    config.pdf.enabled && meta.pdf == PdfChoice::Generated
}

/// Formats the citations of a brief or page in place and returns them with its
/// reference list.
/// Unknown keys, and citations in a site without a bibliography, are errors at the
/// citation.
fn cite(
    file: &SourceFile,
    body: &mut RenderedMarkdown,
    data: &SiteData,
    config: &Config,
    language: Option<&str>,
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
            bibliography.format(&body.citations, language)
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

/// What every body of the site is rendered with: the raw HTML setting, the files and
/// components it may use, and its `[@key]` citations (notes with a note style).
fn body_options<'a>(
    file: &'a SourceFile,
    config: &'a Config,
    data: &'a SiteData,
    labels: &'a Labels,
) -> BodyOptions<'a> {
    BodyOptions {
        citations: Some(
            data.bibliography
                .as_ref()
                .is_some_and(Bibliography::is_note_style),
        ),
        raw_html: config.markdown.raw_html,
        document: Some(&file.path),
        assets: Some(&data.assets),
        components: data.components.as_ref(),
        images: Some(&config.images),
        labels: BodyLabels::from_labels(labels),
        chart_colors: &config.colors.charts,
        ..BodyOptions::default()
    }
}

/// The problems of figures, charts and components in a body, located in the file:
/// errors, then warnings.
fn body_problems(
    file: &SourceFile,
    body: &mut RenderedMarkdown,
) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = std::mem::take(&mut body.problems)
        .into_iter()
        .map(|p| match p.at {
            Some((offset, len)) => p.problem.at(&file.path, &file.text, offset, len),
            None => p.problem,
        })
        .partition(Diagnostic::is_error);
    (errors, warnings)
}

/// Parses one standalone page file.
pub fn parse_page(
    file: SourceFile,
    config: &Config,
    data: &SiteData,
) -> Result<ParsedPage, Unparsed> {
    let split = front_matter::split(&file).map_err(|d| Unparsed::from(vec![d]))?;
    let meta = front_matter::parse_page(&file, split);
    // Relative links are read from the page's address; when its front matter failed,
    // from the one its file name gives (its links are checked all the same).
    let page = match &meta {
        Ok(meta) => Some(urls::page(&meta.slug.value)),
        Err(_) => document_name(&file.path).map(urls::page),
    };
    // A methodology page cites works as briefs do: the same citations, references
    // and errors (a page is in the site's language).
    let options = BodyOptions {
        page: page.as_deref(),
        ..body_options(&file, config, data, &data.labels)
    };
    let mut body = markdown::render_with(split.body, split.body_offset, &options);
    let (errors, body_warnings) = body_problems(&file, &mut body);
    let references = cite(&file, &mut body, data, config, None);
    let (mut meta, cited) = match (meta, references) {
        (Ok(meta), Ok(cited)) if errors.is_empty() => (meta, cited),
        (meta, references) => {
            let mut problems = meta.err().unwrap_or_default();
            problems.extend(references.err().unwrap_or_default());
            problems.extend(errors);
            problems.extend(body_warnings);
            return Err(Unparsed::with_body(problems, file.text, body));
        }
    };
    let summary_html = markdown::render_inline(&meta.summary);
    meta.summary = markdown::inline_plain_text(&meta.summary);
    let front_matter = split.yaml_offset..split.yaml_offset + split.yaml.len();
    let mut warnings = shortcode_warnings(&file, &body);
    warnings.extend(body_warnings);
    Ok(ParsedPage {
        warnings,
        source: file.path,
        text: file.text,
        front_matter,
        meta,
        summary_html,
        body,
        references_html: cited.references,
    })
}

/// A warning at each Hugo shortcode left in a body: Statecraft shows it as text.
fn shortcode_warnings(file: &SourceFile, body: &RenderedMarkdown) -> Vec<Diagnostic> {
    body.shortcodes
        .iter()
        .map(|range| {
            let written = file.text.get(range.clone()).unwrap_or_default();
            let name = markdown::shortcodes::name(written);
            Diagnostic::warning(
                "W-shortcode",
                format!("Hugo shortcode `{name}` is shown as text: no component has this name"),
            )
            .at(&file.path, &file.text, range.start, range.len())
            .hint(format!("make it a component (`site/shortcodes/{}.html`), or write it as Markdown or HTML; `statecraft import hugo` converts `ref`, `relref`, `figure` and the like", name.trim_start_matches('/')))
        })
        .collect()
}

/// A warning at each link written in the summary, a key finding or a recommendation:
/// these are shown as text (in cards, feeds, meta tags and search results too, where a
/// link cannot be), so the link would be lost without a word.
/// A note reference (`[^1]`) there is shown as written, the note being the body's.
fn lost_links(file: &SourceFile, front_matter: &Range<usize>, meta: &BriefMeta) -> Vec<Diagnostic> {
    let warning = |field: &str, text: &str, place: Place| {
        let (message, hint) = if markdown::has_link(text) {
            (
                format!("a link in `{field}` is shown as its text only"),
                "put the link in the brief's text: a summary, key finding or recommendation is also shown where a link cannot be (cards, feeds, search results)",
            )
        } else if markdown::has_citation(text) {
            (
                format!("a citation in `{field}` is shown as written (`[@…]`)"),
                "cite the work in the brief's text: a summary, key finding or recommendation is also shown where the brief's references are not (cards, feeds, search results)",
            )
        } else if markdown::has_note_reference(text) {
            (
                format!("a note reference in `{field}` is shown as written (`[^…]`)"),
                "refer to the note from the brief's text: a summary, key finding or recommendation is also shown where the brief's notes are not (cards, feeds, search results)",
            )
        } else {
            return None;
        };
        let problem = Diagnostic::warning("W-link-not-shown", message).hint(hint);
        Some(at_place(
            problem,
            &file.path,
            &file.text,
            front_matter,
            Some(place),
        ))
    };
    let mut found: Vec<Diagnostic> = warning("summary", &meta.summary, Place::key("summary"))
        .into_iter()
        .collect();
    for (key, items) in [
        ("key_findings", &meta.key_findings),
        ("recommendations", &meta.recommendations),
    ] {
        for (i, item) in items.iter().enumerate() {
            found.extend(warning(key, item, Place::item(key, i)));
        }
    }
    found
}

/// [`parse_brief`] for a build that leaves drafts out unless `drafts_included`: the
/// problems of a draft it leaves out are warnings (a watch session parses this way).
pub fn parse_brief_leniently(
    file: SourceFile,
    config: &Config,
    data: &SiteData,
    drafts_included: bool,
) -> Result<ParsedBrief, Unparsed> {
    let header = front_matter::split(&file).ok().map(|s| s.yaml.to_string());
    parse_brief(file, config, data).map_err(|found| {
        let draft = header.as_deref().is_some_and(schedule::declares_draft);
        if draft && !drafts_included {
            // Left out of the build, as a draft that parsed would be: its links too.
            Unparsed::from(schedule::as_draft_warnings(found.problems))
        } else {
            found
        }
    })
}

/// Every brief of a build, parsed: those the build publishes, the problems found, and
/// those it holds back (drafts, scheduled briefs).
pub struct ParsedBriefs {
    pub briefs: Vec<ParsedBrief>,
    pub problems: Vec<Diagnostic>,
    pub left_out: Vec<schedule::LeftOut>,
}

/// Parses every brief in parallel. Drafts and briefs dated after `inclusion.now` are
/// left out unless `inclusion` includes them; a draft left out whose front matter has
/// problems only warns. Briefs still holding `statecraft new`'s placeholders warn.
pub fn parse_briefs(
    files: Vec<SourceFile>,
    config: &Config,
    inclusion: schedule::Inclusion,
    data: &SiteData,
) -> ParsedBriefs {
    let results: Vec<_> = files
        .into_par_iter()
        .map(|f| {
            let path = f.path.clone();
            (
                path,
                parse_brief_leniently(f, config, data, inclusion.drafts),
            )
        })
        .collect();
    let mut parsed = ParsedBriefs {
        briefs: Vec::with_capacity(results.len()),
        problems: Vec::new(),
        left_out: Vec::new(),
    };
    for (path, result) in results {
        let brief = match result {
            Ok(brief) => brief,
            Err(found) => {
                parsed
                    .left_out
                    .push(schedule::LeftOut::unparsed(path, &found));
                parsed.problems.extend(found.problems);
                continue;
            }
        };
        parsed.problems.extend(brief.placeholders.iter().cloned());
        match schedule::withheld(&brief, inclusion) {
            Some(why) => parsed
                .left_out
                .push(schedule::LeftOut::withheld(&brief, why)),
            None => parsed.briefs.push(brief),
        }
    }
    parsed
}

/// Parses every standalone page in parallel: the pages, the problems of those that did
/// not parse, and those as left out of the build (their links are checked all the same,
/// and links to them are not reported as well).
pub fn parse_pages(
    files: Vec<SourceFile>,
    config: &Config,
    data: &SiteData,
) -> (Vec<ParsedPage>, Vec<Diagnostic>, Vec<schedule::LeftOut>) {
    let results: Vec<_> = files
        .into_par_iter()
        .map(|f| {
            let source = f.path.clone();
            (source, parse_page(f, config, data))
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    let mut left_out = Vec::new();
    for (source, result) in results {
        match result {
            Ok(page) => pages.push(page),
            Err(found) => {
                left_out.push(schedule::LeftOut::unparsed(source, &found));
                problems.extend(found.problems);
            }
        }
    }
    (pages, problems, left_out)
}
