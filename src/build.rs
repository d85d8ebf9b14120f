//! `build` and `check`: the stages run in order, load -> parse -> link -> render ->
//! write, with every stage's problems collected and returned together.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{self, Config, CONFIG_PATH};
use crate::link::translations::{self, EditionsInput};
use crate::link::{self, LinkOptions, LinkStats, Site};
use crate::load::{self, StaticContent, StaticFile};
use crate::model::diagnostics::{self, Diagnostic};
use crate::model::meta::PublishDate;
use crate::model::output::{OutputFile, Sink};
use crate::model::urls;
use crate::model::yaml::Step;
use crate::parse::schedule::{Inclusion, Withheld};
use crate::parse::{self, bibliography::CitationStyle, SiteData};
use crate::render::cards::{self, CardKit};
use crate::render::{self, pdf, search, PageKeys, RenderContext, RenderFailure, Templates};
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
    /// Make no PDFs (overrides `pdf.enabled: true`): faster previews.
    pub no_pdf: bool,
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
            no_pdf: false,
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
    /// Making resized images (those missing from the image cache).
    pub images: Duration,
    pub render: Duration,
    /// Building the search index (part of `render`).
    pub search: Duration,
    /// Making the PDFs (alongside the pages, so also part of `render`).
    pub pdf: Duration,
    pub write: Duration,
}

/// What a successful build or check did.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub briefs: usize,
    pub pages: usize,
    pub feeds: usize,
    pub links: LinkStats,
    /// PDFs typeset, and PDFs taken from the cache.
    pub pdfs_typeset: usize,
    pub pdfs_reused: usize,
    /// Warnings and notes (errors fail the build instead).
    pub diagnostics: Vec<Diagnostic>,
    pub timings: Timings,
    /// Briefs held back because they are dated in the future: file and date.
    pub scheduled: Vec<(PathBuf, PublishDate)>,
}

/// A site loaded, parsed and linked, ready to render.
struct Prepared {
    /// One site per language edition, the default language's first.
    sites: Vec<Site>,
    templates: Templates,
    kit: Arc<CardKit>,
    static_files: Vec<StaticFile>,
    /// The PDF template folder's files.
    pdf_template: Vec<load::ThemeFile>,
    /// Warnings and notes so far.
    diagnostics: Vec<Diagnostic>,
    timings: Timings,
    scheduled: Vec<(PathBuf, PublishDate)>,
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
    let preview = options.drafts || options.future;
    let base_url = prepared.sites.first().map(|s| s.config.base_url.root());
    let staging =
        write::Staging::create(&options.out, preview, base_url.as_deref()).map_err(write_error)?;
    let started = Instant::now();
    let counts = OutputCounts::default();
    let sink = |file: OutputFile| {
        counts.add(&file);
        staging.write(&file)
    };
    let cache = pdf::Cache::open(&options.root);
    let rendered = render_everything(&prepared, &cache, &sink, options)?;
    let render_time = started.elapsed();
    let started = Instant::now();
    let mut files = prepared.static_files.clone();
    files.extend(rendered.pdfs.files.iter().map(pdf_file));
    staging.finish(&files).map_err(write_error)?;
    let mut report = report(&prepared, &counts, &rendered);
    report.timings.render = render_time;
    // Rendering and writing overlap; writing here is the static files and the swap.
    report.timings.write = started.elapsed();
    // Old versions of cards and PDFs, which no build has used for a while, go, while
    // the site's memory is freed: each took tens of milliseconds of one core at the
    // end of a 10,000-brief build.
    let used = rendered.pdfs.keys.values().copied().collect();
    let (cards_cleaned, pdfs_cleaned) = rayon::join(
        || cards::Cache::open(&options.root).prune(cards::cache::MAX_AGE),
        || {
            let pdfs_cleaned = cache.prune(&used, pdf::MAX_AGE);
            free(prepared, rendered.contexts);
            pdfs_cleaned
        },
    );
    if let Err(err) = cards_cleaned {
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
    if let Err(err) = pdfs_cleaned {
        report.diagnostics.push(cache_warning(&err));
    }
    Ok(report)
}

/// Frees a built site on both cores: its briefs one by one took 60 ms of one core at
/// 10,000 briefs, the render contexts (every brief's card) 18 ms more.
fn free(prepared: Prepared, contexts: Vec<RenderContext>) {
    rayon::join(
        || drop(contexts),
        || {
            prepared.sites.into_par_iter().for_each(|mut site| {
                std::mem::take(&mut site.briefs)
                    .into_par_iter()
                    .for_each(drop);
            })
        },
    );
}

/// A build with drafts or scheduled briefs is a preview: it must not go into the
/// default output folder, which is what gets published, unless `--out` says so.
pub fn check_preview_output(options: &BuildOptions) -> Result<(), Error> {
    if (options.drafts || options.future) && options.default_out {
        return Err(Error::PreviewIntoPublished(options.out.clone()));
    }
    Ok(())
}

/// A PDF as a file to put into the output.
pub(crate) fn pdf_file(file: &pdf::PdfFile) -> StaticFile {
    let content = match &file.source {
        pdf::PdfSource::Cached(path) => StaticContent::Cached(path.clone()),
        pdf::PdfSource::Bytes(bytes) => StaticContent::Bytes(bytes.clone().into()),
    };
    StaticFile {
        name: file.path.clone(),
        output_path: file.path.clone(),
        content,
    }
}

fn cache_warning(err: &std::io::Error) -> Diagnostic {
    Diagnostic::warning(
        "W-pdf-cache",
        format!("cannot clean the PDF cache `{}`: {err}", pdf::CACHE_FOLDER),
    )
    .hint("check the folder's permissions, or remove it: it holds only copies of PDFs")
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
    let cache = pdf::Cache::open(&options.root);
    let rendered = render_everything(&prepared, &cache, &sink, options)?;
    let mut report = report(&prepared, &counts, &rendered);
    report.timings.render = started.elapsed();
    report
        .diagnostics
        .extend(prepared.sites.iter().flat_map(link::orphan_notes));
    for (source, date) in &prepared.scheduled {
        // A brief dated later today waits for its time, not for tomorrow's build.
        let when = match date.time {
            Some(time) => format!(
                "{} {}: published by the first build after that time",
                date.iso_day(),
                time.format("%H:%M %:z")
            ),
            None => format!(
                "{}: published by the first build on or after that day",
                date.iso_day()
            ),
        };
        report.diagnostics.push(
            Diagnostic::note("N-scheduled", format!("scheduled for {when}"))
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

/// What rendering made besides the pages handed to the sink.
struct Rendered {
    search_time: Duration,
    /// Kept to be freed with the site (see [`free`]).
    contexts: Vec<RenderContext>,
    pdfs: pdf::PdfOutput,
    pdf_time: Duration,
}

/// Renders every page, feed and search index file into `sink`, and makes the PDFs.
fn render_everything(
    prepared: &Prepared,
    cache: &pdf::Cache,
    sink: Sink,
    options: &BuildOptions,
) -> Result<Rendered, Error> {
    let out = options.out.as_path();
    let write_error = |source| Error::Write {
        path: out.to_path_buf(),
        source,
    };
    // The PDFs need nothing the pages make and take longest, so they start at once too.
    let ((rendered, contexts), (pdfs, pdf_time)) = rayon::join(
        || {
            // Editions side by side: the serial steps of one (its index's postings, its
            // lists) overlap the parallel work of another.
            prepared
                .sites
                .par_iter()
                .map(|site| {
                    let context =
                        RenderContext::new(site, &prepared.templates, Arc::clone(&prepared.kit));
                    let rendered =
                        render_site(site, &context, None, &mut search::Cache::default(), sink);
                    (rendered, context)
                })
                .unzip::<_, _, Vec<_>, Vec<_>>()
        },
        || {
            let started = Instant::now();
            let editions: Vec<&Site> = prepared.sites.iter().collect();
            let pdfs = make_pdfs(
                &editions,
                &prepared.pdf_template,
                &prepared.static_files,
                &options.root,
                cache,
                None,
            );
            (pdfs, started.elapsed())
        },
    );
    let mut problems: Vec<Diagnostic> = pdfs.problems.clone();
    let mut search_time = Duration::ZERO;
    for edition in rendered {
        match edition.pages {
            Ok(_) => {}
            Err(RenderFailure::Templates(found)) => problems.extend(found),
            Err(RenderFailure::Write(source)) => return Err(write_error(source)),
        }
        edition.index.map_err(write_error)?;
        search_time += edition.index_time;
    }
    if problems.iter().any(Diagnostic::is_error) {
        problems.extend(prepared.diagnostics.iter().cloned());
        return Err(content_error(problems));
    }
    Ok(Rendered {
        search_time,
        contexts,
        pdfs,
        pdf_time,
    })
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
    // The search index names its files within its edition.
    let edition = site.config.base_url.edition.as_str();
    let index_sink = |mut file: OutputFile| {
        file.path.insert_str(0, edition);
        sink(file)
    };
    let (pages, (index, index_time)) = rayon::join(
        || render::render_pages(site, context, keys, true, sink),
        || {
            let started = Instant::now();
            let index = search::render_index(site, search, &|_| false, &index_sink);
            (index, started.elapsed())
        },
    );
    RenderedSite {
        pages,
        index,
        index_time,
    }
}

/// The PDFs of the briefs of every language edition of the site at `root` that have a
/// typeset one (with `previous` keys, only those whose key changed), with the kit made
/// only when there is one to make.
pub(crate) fn make_pdfs(
    editions: &[&Site],
    template: &[load::ThemeFile],
    static_files: &[StaticFile],
    root: &Path,
    cache: &pdf::Cache,
    previous: Option<&pdf::PdfKeys>,
) -> pdf::PdfOutput {
    let with_pdfs: Vec<&Site> = editions
        .iter()
        .copied()
        .filter(|site| site.briefs.iter().any(link::Brief::has_typeset_pdf))
        .collect();
    let mut output = pdf::PdfOutput::default();
    if with_pdfs.is_empty() {
        return output;
    }
    let kit = pdf::Kit::new(template, static_files, &with_pdfs[0].config, root);
    for site in with_pdfs {
        output.add(pdf::render_pdfs(site, &kit, cache, previous));
    }
    output
}

fn report(prepared: &Prepared, counts: &OutputCounts, rendered: &Rendered) -> BuildReport {
    let mut diagnostics = prepared.diagnostics.clone();
    diagnostics.extend(rendered.pdfs.problems.iter().cloned());
    diagnostics::sort(&mut diagnostics);
    let mut timings = prepared.timings.clone();
    timings.search = rendered.search_time;
    timings.pdf = rendered.pdf_time;
    BuildReport {
        briefs: prepared.sites.iter().map(|s| s.briefs.len()).sum(),
        pages: counts.pages.load(Ordering::Relaxed),
        feeds: counts.feeds.load(Ordering::Relaxed),
        links: prepared
            .sites
            .iter()
            .fold(LinkStats::default(), |all, s| all.plus(&s.stats)),
        pdfs_typeset: rendered.pdfs.typeset,
        pdfs_reused: rendered.pdfs.reused,
        diagnostics,
        timings,
        scheduled: prepared.scheduled.clone(),
    }
}

/// Reads the configuration, reporting a missing file in terms of what to do.
pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config, Error> {
    let text = config_text(root)?;
    config::parse(&text, base_url).map_err(Error::Content)
}

/// The text of the site's configuration file.
fn config_text(root: &Path) -> Result<String, Error> {
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
    Ok(file.text)
}

/// The configuration with the build's flags applied.
pub(crate) fn load_config_for(options: &BuildOptions) -> Result<Config, Error> {
    let config = load_config(&options.root, options.base_url.as_deref())?;
    Ok(with_flags(config, options))
}

/// As [`load_config_for`], but a configuration whose problems are in presentation
/// settings only comes with them (see [`config::parse_for_checks`]): the build then
/// checks the content too and fails with every problem.
fn load_config_for_checks(options: &BuildOptions) -> Result<(Config, Vec<Diagnostic>), Error> {
    let text = config_text(&options.root)?;
    let (config, problems) =
        config::parse_for_checks(&text, options.base_url.as_deref()).map_err(Error::Content)?;
    Ok((with_flags(config, options), problems))
}

fn with_flags(mut config: Config, options: &BuildOptions) -> Config {
    config.relative_links |= options.relative;
    config.minify |= options.minify;
    config.pdf.enabled &= !options.no_pdf;
    config
}

/// The institution's images the configuration names: a `pdf.logo` that names no
/// static file, and a `logo:`, `favicon:` or `pdf.logo` that is no image of the format
/// its name says (a truncated SVG, a text file named `.png`), each at its place in the
/// configuration. (The link stage reports a `logo:` or `favicon:` naming no file.)
pub(crate) fn check_brand_images(
    root: &Path,
    config: &Config,
    static_files: &[StaticFile],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let pdf_logo = config
        .pdf
        .logo
        .as_ref()
        .filter(|_| config.pdf.enabled && !config.pdf.logo_is_the_sites);
    if let Some(logo) = pdf_logo.filter(|l| !static_files.iter().any(|f| &&f.name == l)) {
        let text = load::read_text(root, Path::new(CONFIG_PATH))
            .map(|f| f.text)
            .unwrap_or_default();
        problems.push(config::missing_logo(&text, logo));
    }
    let named = [
        (&["logo"][..], config.logo.as_ref()),
        (&["favicon"][..], config.favicon.as_ref()),
        (&["pdf", "logo"][..], pdf_logo),
    ];
    for (key, name) in named {
        let Some(name) = name else { continue };
        let name = name.trim_start_matches('/');
        let Some(file) = static_files.iter().find(|f| f.name == name) else {
            continue;
        };
        let Some(why) = image_problem(file) else {
            continue;
        };
        let written = key.join(".");
        let problem = Diagnostic::error(
            "E-bad-image",
            format!("`{written}: {name}` is no image: {why}"),
        )
        .hint(format!(
            "save the file again from the program that made it, as PNG, JPEG, WebP, GIF or SVG with the extension of its format, and name that file in `{written}`"
        ));
        let path: Vec<Step> = key.iter().map(|k| Step::Key(k)).collect();
        problems.push(config.locate(problem, &path, false));
    }
    problems
}

/// Why a static file named as an image cannot be shown (`None` for a file whose name
/// gives no image format, such as a favicon's `.ico`).
fn image_problem(file: &StaticFile) -> Option<String> {
    let extension = Path::new(&file.name).extension()?.to_str()?;
    let kind = load::assets::ImageKind::from_extension(extension)?;
    let bytes = match file.content.read() {
        Ok(bytes) => bytes,
        Err(err) => return Some(format!("cannot read it: {err}")),
    };
    if let Err(why) = load::assets::probe_image(&bytes, kind) {
        return Some(why);
    }
    // A browser draws nothing of an SVG that is not well-formed XML.
    if kind != load::assets::ImageKind::Svg {
        return None;
    }
    // Nor the images it links to (a browser loads nothing for an SVG shown as an image,
    // and Typst refuses them, failing every PDF): it must carry them inside.
    let linked = std::sync::Mutex::new(None::<String>);
    let mut options = resvg::usvg::Options::default();
    options.image_href_resolver.resolve_string = Box::new(|href, _| {
        if let Ok(mut first) = linked.lock() {
            first.get_or_insert_with(|| href.to_string());
        }
        None
    });
    if let Err(err) = resvg::usvg::Tree::from_data(&bytes, &options) {
        return Some(format!("the SVG cannot be read: {err}"));
    }
    drop(options);
    let linked = linked.into_inner().ok().flatten()?;
    Some(format!(
        "the SVG shows the image `{linked}` from outside itself, which browsers do not load for it and PDFs cannot; embed that image in the SVG, or save the logo as PNG"
    ))
}

/// Loads, parses and links the site.
fn prepare(options: &BuildOptions) -> Result<Prepared, Error> {
    crate::render::seed_maps_per_thread();
    let mut timings = Timings::default();
    let mut problems: Vec<Diagnostic> = Vec::new();

    let started = Instant::now();
    let (config, config_problems) = load_config_for_checks(options)?;
    problems.extend(config_problems);
    // The bibliography's CSL style and locales take a while to decode: decode them
    // while the sources are read, when the site has a bibliography.
    let cites = options.root.join(config.bibliography.path()).is_file();
    let ((sources, load_problems), style) = rayon::join(
        || load::load(&options.root, &config),
        || cites.then(|| CitationStyle::load(&config)),
    );
    problems.extend(load_problems);
    problems.extend(check_brand_images(
        &options.root,
        &config,
        &sources.static_files,
    ));
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
            Withheld::Scheduled(date) => Some((l.source.clone(), *date)),
            Withheld::Draft | Withheld::Failed => None,
        })
        .collect();
    let (pages, page_problems, pages_left_out) = parse::parse_pages(sources.pages, &config, &data);
    let mut left_out = left_out;
    left_out.extend(pages_left_out);
    problems.extend(brief_problems);
    problems.extend(page_problems);
    let templates = render::load_templates(&sources.templates);
    timings.parse = started.elapsed();

    let started = Instant::now();
    let input = EditionsInput {
        config,
        briefs: briefs.into_iter().map(Arc::new).collect(),
        pages: pages.into_iter().map(Arc::new).collect(),
        assets: asset_names(&sources.static_files),
        data: &data,
        left_out,
        now,
    };
    let link_options = LinkOptions {
        warn_links: options.warn_links,
        previous: None,
        root: Some(&options.root),
    };
    let (mut sites, link_problems) = translations::link_editions(input, link_options);
    if let Some(sites) = &mut sites {
        render::connect_editions(&mut sites.iter_mut().collect::<Vec<_>>());
    }
    problems.extend(link_problems);
    timings.link = started.elapsed();

    let templates = match templates {
        Ok(templates) => Some(templates),
        Err(found) => {
            problems.extend(found);
            None
        }
    };
    let (sites, templates) = match (sites, templates) {
        (Some(sites), Some(templates)) if !problems.iter().any(Diagnostic::is_error) => {
            (sites, templates)
        }
        _ => return Err(content_error(problems)),
    };
    let site = &sites[0];

    let kit = Arc::new(card_kit(
        &site.config,
        &sources.fonts,
        &sources.static_files,
        Some(&options.root),
    ));
    let started = Instant::now();
    let mut static_files = sources.static_files;
    for site in &sites {
        problems.extend(card_warnings(site, &kit));
        for brief in &site.briefs {
            let attached = attachment_files(site, brief, &options.root);
            static_files.extend(attached.into_iter().map(|(_, file)| file));
        }
        match render::assets::document_files(site, &options.root) {
            Ok(files) => static_files.extend(files.into_iter().map(|f| f.file)),
            Err(found) => problems.extend(found),
        }
    }
    timings.images = started.elapsed();
    if problems.iter().any(Diagnostic::is_error) {
        return Err(content_error(problems));
    }
    // Files at site paths (resized copies of static images) are shared: two editions
    // showing one image write it once.
    let mut seen = std::collections::HashSet::new();
    static_files.retain(|f| seen.insert(f.output_path.clone()));
    diagnostics::sort(&mut problems);
    Ok(Prepared {
        sites,
        templates,
        kit,
        static_files,
        pdf_template: sources.pdf_template,
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
        file.content.read().ok()
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
    CardKit::new(
        fonts,
        logo,
        favicon,
        config.colors.card(),
        &config.typography.ui,
        root.map(cards::Cache::open),
    )
}

/// A warning for each brief whose card has characters no card font draws.
pub(crate) fn card_warnings(site: &Site, kit: &CardKit) -> Vec<Diagnostic> {
    site.briefs
        .par_iter()
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

/// The PDF and image `brief` attaches (`pdf:`, `image:`), as files to copy next to its
/// page, each with its source (relative to the site root `root`).
pub(crate) fn attachment_files<'a>(
    site: &Site,
    brief: &'a link::Brief,
    root: &Path,
) -> Vec<(&'a Path, StaticFile)> {
    let pdf = brief
        .pdf
        .as_ref()
        .and_then(|pdf| Some((pdf.attached.as_ref()?, &pdf.path)));
    let image = brief.image.as_ref().map(|(source, path)| (source, path));
    pdf.into_iter()
        .chain(image)
        .map(|(source, path)| {
            let file = StaticFile {
                name: path.clone(),
                output_path: site.config.base_url.output_file(path),
                content: StaticContent::Disk(root.join(source)),
            };
            (source.as_path(), file)
        })
        .collect()
}

pub(crate) fn content_error(mut problems: Vec<Diagnostic>) -> Error {
    diagnostics::sort(&mut problems);
    Error::Content(problems)
}
