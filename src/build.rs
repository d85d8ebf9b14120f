//! `build` and `check`: the stages run in order, load -> parse -> link -> render ->
//! write, with every stage's problems collected and returned together.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::{self, Config, CONFIG_PATH};
use crate::link::{self, LinkInput, LinkOptions, LinkStats, Site};
use crate::load::{self, StaticContent, StaticFile};
use crate::model::diagnostics::{self, Diagnostic};
use crate::model::output::{OutputFile, Sink};
use crate::model::urls;
use crate::parse::schedule::{Inclusion, Withheld};
use crate::parse::{self, bibliography::CitationStyle, SiteData};
use crate::render::cards::{self, CardKit};
use crate::render::{self, search, PageKeys, RenderContext, RenderFailure, Templates};
use crate::write;

/// What `build` and `check` are asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (holding `site/config.yaml`).
    pub root: PathBuf,
    /// The output folder; relative paths are relative to the current folder.
    pub out: PathBuf,
    /// Replaces `base_url` from the configuration (preview deploys).
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Include briefs dated in the future (`--future`).
    pub future: bool,
    /// The output folder is the default one (`--out` not given): a build with drafts
    /// or scheduled briefs refuses it, since that is the folder people publish.
    pub default_out: bool,
    pub warn_links: bool,
    /// Write into an output folder statecraft did not create.
    pub force: bool,
    /// Internal links relative to each page (overrides `relative_links: false`).
    pub relative: bool,
    /// Minify HTML pages (overrides `minify: false`).
    pub minify: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        let root = root.into();
        BuildOptions {
            out: root.join("public"),
            root,
            base_url: None,
            drafts: false,
            future: false,
            default_out: true,
            warn_links: false,
            force: false,
            relative: false,
            minify: false,
        }
    }
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The content has problems; every one of them is listed.
    #[error("the site has {} error(s)", .0.iter().filter(|d| d.is_error()).count())]
    Content(Vec<Diagnostic>),
    /// There is no site where we were told to look.
    #[error("{}", .0.message)]
    NoSite(Diagnostic),
    /// The output folder is unsafe to write to.
    #[error("refusing to write the site into {0}")]
    UnsafeOutput(#[from] write::UnsafeOutput),
    /// A preview (drafts, scheduled briefs) would go where the published site goes.
    #[error("refusing to write a preview (--drafts or --future) into {}, the folder the published site is built in", .0.display())]
    PreviewIntoPublished(PathBuf),
    #[error("cannot write the output folder `{path}`: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// How long each stage took.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub load: Duration,
    pub parse: Duration,
    pub link: Duration,
    pub render: Duration,
    /// Building the search index (part of `render`).
    pub search: Duration,
    pub write: Duration,
}

/// What a successful build or check did.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub briefs: usize,
    pub pages: usize,
    pub feeds: usize,
    pub links: LinkStats,
    /// Warnings and notes (errors fail the build instead).
    pub diagnostics: Vec<Diagnostic>,
    pub timings: Timings,
    /// Briefs held back because they are dated in the future: file and date.
    pub scheduled: Vec<(PathBuf, String)>,
}

/// A site loaded, parsed and linked, ready to render.
struct Prepared {
    site: Site,
    templates: Templates,
    kit: Arc<CardKit>,
    static_files: Vec<StaticFile>,
    /// Warnings and notes so far.
    diagnostics: Vec<Diagnostic>,
    timings: Timings,
    scheduled: Vec<(PathBuf, String)>,
}

/// Builds the site and writes it to `options.out`, replacing the previous output only
/// when everything succeeded. Pages are written as they are rendered, into a staging
/// folder that is swapped in at the end.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    check_preview_output(options)?;
    write::check_output_folder(&options.root, &options.out, options.force)?;
    let prepared = prepare(options)?;
    let write_error = |source| Error::Write {
        path: options.out.clone(),
        source,
    };
    let staging = write::Staging::create(&options.out).map_err(write_error)?;
    let started = Instant::now();
    let counts = OutputCounts::default();
    let sink = |file: OutputFile| {
        counts.add(&file);
        staging.write(&file)
    };
    let search_time = render_everything(&prepared, &sink)?;
    let render_time = started.elapsed();
    let started = Instant::now();
    staging
        .finish(&prepared.static_files)
        .map_err(write_error)?;
    let mut report = report(&prepared, &counts);
    if let Err(err) = cards::Cache::open(&options.root).prune(cards::cache::MAX_AGE) {
        report.diagnostics.push(
            Diagnostic::warning(
                "W-cache",
                format!(
                    "cannot clean the card cache `{}`: {err}",
                    cards::CACHE_FOLDER
                ),
            )
            .hint("check the folder's permissions, or delete it (it is made again)"),
        );
    }
    // Rendering and writing overlap; writing here is the static files and the swap.
    report.timings.render = render_time;
    report.timings.search = search_time;
    report.timings.write = started.elapsed();
    Ok(report)
}

/// A build with drafts or scheduled briefs is a preview: it must not go into the
/// default output folder, which is what gets published, unless `--out` says so.
pub fn check_preview_output(options: &BuildOptions) -> Result<(), Error> {
    if (options.drafts || options.future) && options.default_out {
        return Err(Error::PreviewIntoPublished(options.out.clone()));
    }
    Ok(())
}

/// Everything `build` does except writing, plus notes on orphan briefs and on briefs
/// held back until their date.
pub fn check(options: &BuildOptions) -> Result<BuildReport, Error> {
    let prepared = prepare(options)?;
    let started = Instant::now();
    let counts = OutputCounts::default();
    let sink = |file: OutputFile| {
        counts.add(&file);
        Ok(())
    };
    let search_time = render_everything(&prepared, &sink)?;
    let mut report = report(&prepared, &counts);
    report.timings.render = started.elapsed();
    report.timings.search = search_time;
    report
        .diagnostics
        .extend(link::orphan_notes(&prepared.site));
    for (source, date) in &prepared.scheduled {
        report.diagnostics.push(
            Diagnostic::note(
                "N-scheduled",
                format!("scheduled for {date}: published by the first build on or after that day"),
            )
            .in_file(source)
            .hint("`--future` includes it now, in a preview build"),
        );
    }
    diagnostics::sort(&mut report.diagnostics);
    Ok(report)
}

/// Counts what a render produced, from many threads.
#[derive(Default)]
struct OutputCounts {
    pages: AtomicUsize,
    feeds: AtomicUsize,
}

impl OutputCounts {
    fn add(&self, file: &OutputFile) {
        if file.path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        } else if file.path.ends_with(urls::SITE_FEED) {
            self.feeds.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Renders every page, feed and search index file into `sink`. Returns how long the
/// search index took.
fn render_everything(prepared: &Prepared, sink: Sink) -> Result<Duration, Error> {
    let write_error = |source| Error::Write {
        path: PathBuf::from("the output folder"),
        source,
    };
    let context = RenderContext::new(
        &prepared.site,
        &prepared.templates,
        Arc::clone(&prepared.kit),
    );
    let rendered = render_site(
        &prepared.site,
        &context,
        None,
        &mut search::Cache::default(),
        sink,
    );
    match rendered.pages {
        Ok(_) => {}
        Err(RenderFailure::Templates(mut problems)) => {
            problems.extend(prepared.diagnostics.iter().cloned());
            return Err(content_error(problems));
        }
        Err(RenderFailure::Write(source)) => return Err(write_error(source)),
    }
    rendered.index.map_err(write_error)?;
    Ok(rendered.index_time)
}

/// What [`render_site`] did.
pub(crate) struct RenderedSite {
    /// The key of each page.
    pub pages: Result<PageKeys, RenderFailure>,
    /// The paths of the search index's files.
    pub index: std::io::Result<Vec<String>>,
    pub index_time: Duration,
}

/// Renders every page, feed and search index file of `site` into `sink`, the index
/// alongside the pages: each has serial steps (the views, the index's postings) that
/// the other's parallel work fills. `build` and a watch session's first build, which
/// passes `keys` (empty) to have every page's key computed for the rebuilds after it.
pub(crate) fn render_site(
    site: &Site,
    context: &RenderContext,
    keys: Option<&PageKeys>,
    search: &mut search::Cache,
    sink: Sink,
) -> RenderedSite {
    let (pages, (index, index_time)) = rayon::join(
        || render::render_pages(site, context, keys, sink),
        || {
            let started = Instant::now();
            let index = search::render_index(site, search, &|_| false, sink);
            (index, started.elapsed())
        },
    );
    RenderedSite {
        pages,
        index,
        index_time,
    }
}

fn report(prepared: &Prepared, counts: &OutputCounts) -> BuildReport {
    BuildReport {
        briefs: prepared.site.briefs.len(),
        pages: counts.pages.load(Ordering::Relaxed),
        feeds: counts.feeds.load(Ordering::Relaxed),
        links: prepared.site.stats.clone(),
        diagnostics: prepared.diagnostics.clone(),
        timings: prepared.timings.clone(),
        scheduled: prepared.scheduled.clone(),
    }
}

/// Reads the configuration, reporting a missing file in terms of what to do.
pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config, Error> {
    let config_path = Path::new(CONFIG_PATH);
    if !root.join(config_path).is_file() {
        return Err(Error::NoSite(
            Diagnostic::error(
                "E-no-config",
                format!("no site configuration at `{}`", root.join(config_path).display()),
            )
            .hint("run `statecraft init DIR` to create a new site, or pass `--root` pointing at a site folder"),
        ));
    }
    let file = load::read_text(root, config_path).map_err(|d| Error::Content(vec![d]))?;
    config::parse(&file.text, base_url).map_err(Error::Content)
}

/// The configuration with the build's flags applied.
pub(crate) fn load_config_for(options: &BuildOptions) -> Result<Config, Error> {
    let mut config = load_config(&options.root, options.base_url.as_deref())?;
    config.relative_links |= options.relative;
    config.minify |= options.minify;
    Ok(config)
}

/// Loads, parses and links the site.
fn prepare(options: &BuildOptions) -> Result<Prepared, Error> {
    let mut timings = Timings::default();
    let mut problems: Vec<Diagnostic> = Vec::new();

    let started = Instant::now();
    let config = load_config_for(options)?;
    // The bibliography's CSL style and locales take a while to decode: decode them
    // while the sources are read, when the site has a bibliography.
    let cites = options.root.join(config.bibliography.path()).is_file();
    let ((sources, load_problems), style) = rayon::join(
        || load::load(&options.root, &config),
        || cites.then(|| CitationStyle::load(&config)),
    );
    problems.extend(load_problems);
    timings.load = started.elapsed();

    let started = Instant::now();
    let (data, data_problems) = SiteData::parse(&sources, style, &config);
    problems.extend(data_problems);
    let now = Inclusion::clock();
    let inclusion = Inclusion {
        drafts: options.drafts,
        future: options.future,
        now,
    };
    let parsed = parse::parse_briefs(sources.briefs, &config, inclusion, &data);
    let (briefs, brief_problems, left_out) = (parsed.briefs, parsed.problems, parsed.left_out);
    let scheduled = left_out
        .iter()
        .filter_map(|l| match &l.why {
            Withheld::Scheduled(date) => Some((l.source.clone(), date.iso_day())),
            Withheld::Draft => None,
        })
        .collect();
    let (pages, page_problems) = parse::parse_pages(sources.pages, config.markdown.raw_html, &data);
    problems.extend(brief_problems);
    problems.extend(page_problems);
    let templates = render::load_templates(&sources.templates);
    timings.parse = started.elapsed();

    let started = Instant::now();
    let input = LinkInput {
        config,
        briefs: briefs.into_iter().map(Arc::new).collect(),
        pages: pages.into_iter().map(Arc::new).collect(),
        assets: asset_names(&sources.static_files),
        attachments: &sources.attachments,
        glossary: data.glossary.as_ref(),
        left_out,
        people: Arc::clone(&data.people),
        labels: Arc::clone(&data.labels),
        now,
    };
    let link_options = LinkOptions {
        warn_links: options.warn_links,
        previous: None,
    };
    let (site, link_problems) = link::link(input, link_options);
    problems.extend(link_problems);
    timings.link = started.elapsed();

    let templates = match templates {
        Ok(templates) => Some(templates),
        Err(found) => {
            problems.extend(found);
            None
        }
    };
    let (site, templates) = match (site, templates) {
        (Some(site), Some(templates)) if !problems.iter().any(Diagnostic::is_error) => {
            (site, templates)
        }
        _ => return Err(content_error(problems)),
    };

    let kit = Arc::new(card_kit(
        &site.config,
        &sources.fonts,
        &sources.static_files,
        Some(&options.root),
    ));
    problems.extend(card_warnings(&site, &kit));
    let mut static_files = sources.static_files;
    static_files.extend(attachment_files(&site, &options.root));
    diagnostics::sort(&mut problems);
    Ok(Prepared {
        site,
        templates,
        kit,
        static_files,
        diagnostics: problems,
        timings,
        scheduled,
    })
}

/// What social cards and icons are drawn with: the fonts, the logo's and the SVG
/// favicon's bytes, and the site's card cache (with a site root).
pub(crate) fn card_kit(
    config: &Config,
    fonts: &[load::FontFile],
    static_files: &[StaticFile],
    root: Option<&Path>,
) -> CardKit {
    let bytes = |name: &str| -> Option<Vec<u8>> {
        let name = name.trim_start_matches('/');
        let file = static_files.iter().find(|f| f.name == name)?;
        match &file.content {
            StaticContent::Bytes(bytes) => Some(bytes.to_vec()),
            StaticContent::Disk(path) => std::fs::read(path).ok(),
        }
    };
    let logo = config
        .logo
        .as_deref()
        .and_then(|name| bytes(name).map(|b| (name, b)));
    let favicon = config
        .favicon
        .as_deref()
        .filter(|f| f.to_ascii_lowercase().ends_with(".svg"))
        .and_then(bytes);
    CardKit::new(fonts, logo, favicon, root.map(cards::Cache::open))
}

/// A warning for each brief whose card has characters no card font draws.
pub(crate) fn card_warnings(site: &Site, kit: &CardKit) -> Vec<Diagnostic> {
    site.briefs
        .iter()
        .filter(|b| b.card.is_some())
        .filter_map(|brief| {
            let card = cards::CardText::of(site, brief);
            let mut texts = vec![card.site, card.kind, card.title, card.date.as_str()];
            texts.extend(card.authors.iter().copied());
            let missing = kit.missing_glyphs(&texts);
            (!missing.is_empty()).then(|| cards::glyph_warning(brief, &missing))
        })
        .collect()
}

/// Static files as the link stage knows them: (name templates use, path in the output).
pub(crate) fn asset_names(static_files: &[StaticFile]) -> Vec<(String, String)> {
    static_files
        .iter()
        .map(|f| (f.name.clone(), f.output_path.clone()))
        .collect()
}

/// The PDFs briefs attach, as files to copy next to their brief pages.
pub(crate) fn attachment_files(site: &Site, root: &Path) -> Vec<StaticFile> {
    site.briefs
        .iter()
        .filter_map(|b| b.pdf.as_ref())
        .map(|(source, path)| StaticFile {
            name: path.clone(),
            output_path: path.clone(),
            content: StaticContent::Disk(root.join(source)),
        })
        .collect()
}

pub(crate) fn content_error(mut problems: Vec<Diagnostic>) -> Error {
    diagnostics::sort(&mut problems);
    Error::Content(problems)
}
