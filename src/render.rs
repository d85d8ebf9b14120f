//! The render stage: Tera 2 templates over views of the [`Site`], one output page at a
//! time, in parallel. Nothing is resolved here; every URL comes from the link stage.
//!
//! Views are built once: each brief's card (title, URL, date, terms...) becomes one
//! `tera::Value` that every list page showing it shares (values are reference
//! counted), so a list page costs a few pointer copies, not a re-serialisation.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::cite;
use crate::diagnostics::{Diagnostic, Span};
use crate::feeds::{self, SitemapEntry};
use crate::link::{page_count, paginated_path, term_path, Brief, Site};
use crate::markdown::{BodyPart, Heading};
use crate::source::TemplateFile;
use crate::taxonomy::{TaxonomyKind, Term};

/// Templates every theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "index.html",
    "brief.html",
    "briefs.html",
    "taxonomy.html",
    "term.html",
    "archive.html",
    "page.html",
    "series.html",
    "intersection.html",
    "timeline.html",
    "glossary.html",
    "search.html",
    "404.html",
];

/// How many briefs per topic the first page of a region lists (newest first).
const BY_TOPIC_LIMIT: usize = 5;

/// One file of the output, by its path inside the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Loaded templates plus where each came from, for error locations.
pub struct Templates {
    tera: Tera,
    files: HashMap<String, (PathBuf, String)>,
    /// Hash of every template's name and text: a template edit changes every page key.
    fingerprint: u64,
}

/// Parses all templates. Reports syntax errors at their file, line and column.
pub fn load_templates(templates: &[TemplateFile]) -> Result<Templates, Vec<Diagnostic>> {
    let files: HashMap<String, (PathBuf, String)> = templates
        .iter()
        .map(|t| (t.name.clone(), (t.path.clone(), t.text.clone())))
        .collect();
    let mut problems = Vec::new();
    for required in REQUIRED_TEMPLATES {
        if !files.contains_key(*required) {
            problems.push(
                Diagnostic::error(
                    "E-template-missing",
                    format!("the theme has no `{required}` template"),
                )
                .hint(format!(
                    "add `site/templates/{required}`, or use `theme: default`"
                )),
            );
        }
    }
    let mut tera = Tera::new();
    if let Err(err) =
        tera.add_raw_templates(templates.iter().map(|t| (t.name.as_str(), t.text.as_str())))
    {
        problems.push(template_problem(&err, &files, None));
    }
    let mut fingerprint = DefaultHasher::new();
    for template in templates {
        (&template.name, &template.text).hash(&mut fingerprint);
    }
    if problems.is_empty() {
        Ok(Templates {
            tera,
            files,
            fingerprint: fingerprint.finish(),
        })
    } else {
        Err(problems)
    }
}

/// Turns a Tera error into a diagnostic at the template's file and line, naming the
/// page being rendered when there is one.
fn template_problem(
    err: &tera::Error,
    files: &HashMap<String, (PathBuf, String)>,
    rendering: Option<&str>,
) -> Diagnostic {
    let context = rendering.map_or_else(String::new, |r| format!(" while rendering {r}"));
    let mut current: Option<&dyn std::error::Error> = Some(err);
    while let Some(e) = current {
        if let Some(tera_err) = e.downcast_ref::<tera::Error>() {
            if let tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) =
                tera_err.kind()
            {
                let (code, what) = match tera_err.kind() {
                    tera::ErrorKind::SyntaxError(_) => {
                        ("E-template-syntax", "template syntax error")
                    }
                    _ => ("E-template-render", "template error"),
                };
                let mut problem = Diagnostic::error(code, format!("{what}: {}{context}", report.message()))
                    .hint("fix the template; `site/templates/` overrides a theme template of the same name");
                if let Some((path, text)) = files.get(report.filename()) {
                    let span = report.span();
                    let width = if span.end_line == span.start_line {
                        span.end_col.saturating_sub(span.start_col)
                    } else {
                        1
                    };
                    problem = problem.in_file(path).with_span(Span::from_line_column(
                        text,
                        span.start_line,
                        span.start_col + 1,
                        width,
                    ));
                }
                return problem;
            }
        }
        current = e.source();
    }
    Diagnostic::error(
        "E-template-render",
        format!("template error: {err}{context}"),
    )
    .hint("fix the template; `site/templates/` overrides a theme template of the same name")
}

/// Hash of everything a page's template reads, by output path. A watch session keeps
/// the keys of its last render and re-renders only pages whose key changed.
pub type PageKeys = HashMap<String, u64>;

/// Why rendering stopped.
#[derive(Debug)]
pub enum RenderFailure {
    /// Template errors, each reported once.
    Templates(Vec<Diagnostic>),
    /// The sink could not take a file (the disk is full, say).
    Write(std::io::Error),
}

/// What every page's rendering shares: the views, the inputs of page keys, and the
/// templates with the site in their global context. A watch session keeps it for the
/// next edit that leaves it valid (see [`render_edited`]).
pub struct RenderContext {
    views: Views,
    inputs: PageInputs,
    tera: Tera,
}

impl RenderContext {
    pub fn new(site: &Site, templates: &Templates) -> RenderContext {
        let views = Views::new(site);
        let mut tera = templates.tera.clone();
        tera.global_context()
            .insert_value("site", views.site.clone());
        tera.global_context()
            .insert_value("assets", views.assets.clone());
        RenderContext {
            inputs: PageInputs::new(site, templates),
            views,
            tera,
        }
    }
}

/// Renders the pages whose inputs changed since the render that produced `previous`
/// (all of them when `previous` is empty), plus alias pages, which are too cheap to
/// track. Each file goes to `sink` as soon as it is rendered, so a build never holds the
/// whole rendered site in memory. Returns the key of every page of the site.
pub fn render_pages(
    site: &Site,
    templates: &Templates,
    context: &RenderContext,
    previous: &PageKeys,
    sink: Sink,
) -> Result<PageKeys, RenderFailure> {
    let inputs = &context.inputs;
    let jobs: Vec<Keyed<Job>> = keyed_jobs(site, inputs, jobs(site));
    let data_files: Vec<Keyed<DataFile>> = keyed_data_files(site, inputs, DataFile::all(site));
    // The sitemap lists every page rendered here; its key is that list.
    let mut sitemap_urls: Vec<SitemapEntry> = jobs
        .iter()
        .filter(|(job, _, _)| !matches!(job, Job::NotFound))
        .map(|(job, path, _)| {
            let lastmod = match job {
                Job::Brief(i) => {
                    let meta = &site.briefs[*i].parsed.meta;
                    Some(meta.updated.unwrap_or(meta.date).iso_day())
                }
                _ => None,
            };
            (site_path_of(path), lastmod)
        })
        .collect();
    sitemap_urls.sort();
    let sitemap_key = {
        let mut key = DefaultHasher::new();
        (inputs.globals, &sitemap_urls).hash(&mut key);
        key.finish()
    };
    render_keyed(site, templates, context, &jobs, &data_files, previous, sink)?;
    let sitemap_path = "sitemap.xml".to_string();
    if previous.get(&sitemap_path) != Some(&sitemap_key) {
        sink(feeds::sitemap(site, &sitemap_urls)).map_err(RenderFailure::Write)?;
    }
    for file in alias_pages(site) {
        sink(file).map_err(RenderFailure::Write)?;
    }
    let mut keys: PageKeys = jobs.into_iter().map(|(_, path, key)| (path, key)).collect();
    keys.extend(data_files.into_iter().map(|(_, path, key)| (path, key)));
    keys.insert(sitemap_path, sitemap_key);
    Ok(keys)
}

/// Where rendered files go as they are made.
pub type Sink<'a> = &'a (dyn Fn(OutputFile) -> std::io::Result<()> + Sync);

/// A page or data file with its output path and key.
type Keyed<T> = (T, String, u64);

fn keyed_jobs(site: &Site, inputs: &PageInputs, jobs: Vec<Job>) -> Vec<Keyed<Job>> {
    jobs.into_par_iter()
        .map(|job| {
            let path = output_path(&job.path(site));
            let key = inputs.key(site, &job);
            (job, path, key)
        })
        .collect()
}

fn keyed_data_files(
    site: &Site,
    inputs: &PageInputs,
    files: Vec<DataFile>,
) -> Vec<Keyed<DataFile>> {
    files
        .into_par_iter()
        .map(|file| {
            let path = file.path(site);
            let key = inputs.data_key(site, &file);
            (file, path, key)
        })
        .collect()
}

/// The site path of a page from its output path (`briefs/x/index.html` -> `briefs/x/`).
fn site_path_of(output: &str) -> String {
    output
        .strip_suffix("index.html")
        .unwrap_or(output)
        .to_string()
}

/// Renders, in parallel, the pages and data files whose key is not the one in
/// `previous`. A broken template fails every page using it; each distinct problem is
/// reported once.
fn render_keyed(
    site: &Site,
    templates: &Templates,
    context: &RenderContext,
    jobs: &[Keyed<Job>],
    data_files: &[Keyed<DataFile>],
    previous: &PageKeys,
    sink: Sink,
) -> Result<(), RenderFailure> {
    let changed = |path: &String, key: &u64| previous.get(path) != Some(key);
    let page_results: Vec<Result<(), RenderFailure>> = jobs
        .par_iter()
        .filter(|(_, path, key)| changed(path, key))
        .map(|(job, _, _)| {
            let file = render_job(site, &context.views, &context.tera, job).map_err(|err| {
                RenderFailure::Templates(vec![template_problem(
                    &err,
                    &templates.files,
                    Some(&job.describe(site)),
                )])
            })?;
            sink(file).map_err(RenderFailure::Write)
        })
        .collect();
    let data_results: Vec<Result<(), RenderFailure>> = data_files
        .par_iter()
        .filter(|(_, path, key)| changed(path, key))
        .map(|(file, _, _)| sink(file.render(site)).map_err(RenderFailure::Write))
        .collect();
    let mut problems: Vec<Diagnostic> = Vec::new();
    for result in page_results.into_iter().chain(data_results) {
        match result {
            Ok(()) => {}
            Err(RenderFailure::Write(err)) => return Err(RenderFailure::Write(err)),
            Err(RenderFailure::Templates(found)) => {
                for problem in found {
                    if !problems
                        .iter()
                        .any(|p| p.file == problem.file && p.span == problem.span)
                    {
                        problems.push(problem);
                    }
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(RenderFailure::Templates(problems))
    }
}

/// The result of rendering in memory: the files rendered, and the keys of the pages
/// looked at (every page of the site for [`render_changed`]).
pub struct Rendered {
    pub files: Vec<OutputFile>,
    pub keys: PageKeys,
}

/// Runs `render` with a sink that keeps the files in memory (watch mode compares
/// bytes before writing), and returns them with its result.
pub fn in_memory<T>(render: impl FnOnce(Sink) -> T) -> (Vec<OutputFile>, T) {
    let files = std::sync::Mutex::new(Vec::new());
    let sink = |file: OutputFile| {
        files
            .lock()
            .map_err(|_| std::io::Error::other("a render worker panicked"))?
            .push(file);
        Ok(())
    };
    let result = render(&sink);
    (files.into_inner().unwrap_or_default(), result)
}

/// Keys and files, or the problems of a failed render.
fn rendered(
    (files, result): (Vec<OutputFile>, Result<PageKeys, RenderFailure>),
) -> Result<Rendered, Vec<Diagnostic>> {
    match result {
        Ok(keys) => Ok(Rendered { files, keys }),
        Err(RenderFailure::Templates(problems)) => Err(problems),
        Err(RenderFailure::Write(err)) => Err(vec![Diagnostic::error("E-render", err.to_string())]),
    }
}

/// [`render_pages`] into memory.
pub fn render_changed(
    site: &Site,
    templates: &Templates,
    context: &RenderContext,
    previous: &PageKeys,
) -> Result<Rendered, Vec<Diagnostic>> {
    rendered(in_memory(|sink| {
        render_pages(site, templates, context, previous, sink)
    }))
}

/// Renders what depends on the text of the `edited` briefs after
/// [`crate::link::replace_bodies`] put them in the site: their pages, citation records
/// and the feeds that carry them. Updates `context` and returns only those files'
/// keys. `None` when an edit changed what lists show about a brief (its reading
/// time): then every page needs its key checked with [`render_changed`] and a new
/// context.
pub fn render_edited(
    site: &Site,
    templates: &Templates,
    context: &mut RenderContext,
    edited: &[usize],
    previous: &PageKeys,
) -> Option<Result<Rendered, Vec<Diagnostic>>> {
    if edited
        .iter()
        .any(|&i| card_key(site, &site.briefs[i]) != context.inputs.cards[i])
    {
        return None;
    }
    let mut jobs = Vec::new();
    let mut data_files = vec![DataFile::SiteFeed];
    for &i in edited {
        context.inputs.revisions[i] = site.briefs[i].parsed.revision;
        jobs.push(Job::Brief(i));
        data_files.extend([DataFile::CiteBib(i), DataFile::CiteRis(i)]);
        let topics = &site.briefs[i].terms[TaxonomyKind::Topics as usize];
        data_files.extend(topics.iter().map(|&t| DataFile::TopicFeed(t)));
    }
    data_files.sort();
    data_files.dedup();
    let context = &*context;
    let jobs = keyed_jobs(site, &context.inputs, jobs);
    let data_files = keyed_data_files(site, &context.inputs, data_files);
    Some(rendered(in_memory(|sink| {
        render_keyed(site, templates, context, &jobs, &data_files, previous, sink)?;
        let mut keys: PageKeys = jobs.into_iter().map(|(_, path, key)| (path, key)).collect();
        keys.extend(data_files.into_iter().map(|(_, path, key)| (path, key)));
        Ok(keys)
    })))
}

/// Hash of what a list shows about a brief (its card), so that an edit to the body
/// re-renders the brief but not every list showing it.
fn card_key(site: &Site, brief: &Brief) -> u64 {
    let mut card = DefaultHasher::new();
    let meta = &brief.parsed.meta;
    (&brief.path, &meta.title, &meta.subtitle, &meta.summary).hash(&mut card);
    (meta.date.day, &meta.series).hash(&mut card);
    reading_time(brief.parsed.body.word_count).hash(&mut card);
    for kind in TaxonomyKind::ALL {
        for &term in &brief.terms[kind as usize] {
            let term = &site.taxonomies.get(kind).terms[term];
            (&term.name, &term.slug).hash(&mut card);
        }
    }
    brief
        .series
        .map(|s| (&site.series[s].name, &site.series[s].path))
        .hash(&mut card);
    card.finish()
}

/// Computes page keys. Parsed files carry a revision number that changes whenever they
/// are re-parsed, so keys never hash a brief's body, only small derived data.
struct PageInputs {
    globals: u64,
    /// Key of each brief's card: what a list shows about it, so that an edit to the
    /// body re-renders the brief but not every list showing it.
    cards: Vec<u64>,
    /// Key of each brief's whole text (its parse revision).
    revisions: Vec<u64>,
}

impl PageInputs {
    fn new(site: &Site, templates: &Templates) -> PageInputs {
        let mut globals = DefaultHasher::new();
        templates.fingerprint.hash(&mut globals);
        format!("{:?}", site.config).hash(&mut globals);
        site.assets.hash(&mut globals);
        for page in &site.pages {
            (&page.path, &page.parsed.meta.title).hash(&mut globals);
        }
        // The navigation links the glossary when there is one.
        site.glossary.is_some().hash(&mut globals);
        let cards = site.briefs.iter().map(|b| card_key(site, b)).collect();
        PageInputs {
            globals: globals.finish(),
            cards,
            revisions: site.briefs.iter().map(|b| b.parsed.revision).collect(),
        }
    }

    fn key(&self, site: &Site, job: &Job) -> u64 {
        let mut key = DefaultHasher::new();
        self.globals.hash(&mut key);
        let cards = |briefs: &mut dyn Iterator<Item = usize>, key: &mut DefaultHasher| {
            for brief in briefs {
                self.cards[brief].hash(key);
            }
        };
        let page_size = site.config.page_size;
        let page_of_cards = |briefs: &[usize], number: usize, key: &mut DefaultHasher| {
            cards(
                &mut briefs
                    .iter()
                    .copied()
                    .skip((number - 1) * page_size)
                    .take(page_size),
                key,
            );
        };
        match job {
            Job::Home => {
                "home".hash(&mut key);
                cards(&mut (0..site.briefs.len()).take(page_size), &mut key);
                for term in &site.taxonomies.get(TaxonomyKind::Topics).terms {
                    term.briefs.len().hash(&mut key);
                }
            }
            Job::BriefList { number } => {
                ("list", number, page_count(site.briefs.len(), page_size)).hash(&mut key);
                cards(
                    &mut (0..site.briefs.len())
                        .skip((number - 1) * page_size)
                        .take(page_size),
                    &mut key,
                );
            }
            Job::Brief(i) => {
                let brief = &site.briefs[*i];
                let own = (self.cards[*i], self.revisions[*i]);
                ("brief", own, &brief.hrefs, &brief.link_titles).hash(&mut key);
                for backlink in &brief.backlinks {
                    (self.cards[backlink.from], &backlink.context).hash(&mut key);
                }
                cards(&mut brief.related.iter().copied(), &mut key);
                if let Some(s) = brief.series {
                    let series = &site.series[s];
                    series.briefs.len().hash(&mut key);
                    cards(&mut series.briefs.iter().copied(), &mut key);
                }
                for n in &brief.topic_neighbours {
                    (
                        n.topic,
                        n.previous.map(|p| self.cards[p]),
                        n.next.map(|p| self.cards[p]),
                    )
                        .hash(&mut key);
                }
            }
            Job::Taxonomy(kind) => {
                ("taxonomy", kind.key()).hash(&mut key);
                for term in &site.taxonomies.get(*kind).terms {
                    (&term.name, &term.slug, term.briefs.len()).hash(&mut key);
                }
                if *kind == TaxonomyKind::Topics {
                    for intersection in &site.intersections {
                        intersection.briefs.len().hash(&mut key);
                    }
                }
            }
            Job::Intersection { index, number } => {
                let intersection = &site.intersections[*index];
                (
                    "intersection",
                    &intersection.path,
                    number,
                    intersection.briefs.len(),
                )
                    .hash(&mut key);
                page_of_cards(&intersection.briefs, *number, &mut key);
            }
            Job::Term { kind, term, number } => {
                let t = &site.taxonomies.get(*kind).terms[*term];
                ("term", kind.key(), &t.name, &t.slug, number, t.briefs.len()).hash(&mut key);
                if *kind == TaxonomyKind::Topics {
                    site.topic_citations[*term].hash(&mut key);
                    for row in &site.topic_citations {
                        row[*term].hash(&mut key);
                    }
                }
                page_of_cards(&t.briefs, *number, &mut key);
                if *kind == TaxonomyKind::Regions && *number == 1 {
                    // The first page of a region also groups its briefs by topic.
                    cards(&mut t.briefs.iter().copied(), &mut key);
                }
            }
            Job::Search => {
                // The filters list every region and year.
                "search".hash(&mut key);
                for term in &site.taxonomies.get(TaxonomyKind::Regions).terms {
                    (&term.name, &term.slug).hash(&mut key);
                }
                search_years(site).hash(&mut key);
            }
            Job::Archive | Job::Timeline => {
                (if matches!(job, Job::Archive) {
                    "archive"
                } else {
                    "timeline"
                })
                .hash(&mut key);
                cards(&mut (0..site.briefs.len()), &mut key);
            }
            Job::Page(i) => {
                let page = &site.pages[*i];
                (
                    "page",
                    page.parsed.revision,
                    &page.path,
                    &page.hrefs,
                    &page.link_titles,
                )
                    .hash(&mut key);
            }
            Job::Series(i) => {
                let series = &site.series[*i];
                ("series", &series.name, &series.path).hash(&mut key);
                cards(&mut series.briefs.iter().copied(), &mut key);
            }
            Job::Glossary => {
                "glossary".hash(&mut key);
                for entry in site.glossary.iter().flatten() {
                    entry.term.hash(&mut key);
                    cards(&mut entry.briefs.iter().copied(), &mut key);
                }
            }
            Job::NotFound => "404".hash(&mut key),
        }
        key.finish()
    }

    fn data_key(&self, site: &Site, file: &DataFile) -> u64 {
        let mut key = DefaultHasher::new();
        self.globals.hash(&mut key);
        let feed_limit = site.config.feed_limit;
        match file {
            DataFile::CiteBib(i) => ("cite.bib", self.cards[*i], self.revisions[*i]).hash(&mut key),
            DataFile::CiteRis(i) => ("cite.ris", self.cards[*i], self.revisions[*i]).hash(&mut key),
            DataFile::SiteFeed => {
                "feed".hash(&mut key);
                let newest = site.briefs.len().min(feed_limit);
                (&self.cards[..newest], &self.revisions[..newest]).hash(&mut key);
            }
            DataFile::TopicFeed(t) => {
                let term = &site.taxonomies.get(TaxonomyKind::Topics).terms[*t];
                ("topic feed", &term.slug, &term.name).hash(&mut key);
                for &brief in term.briefs.iter().take(feed_limit) {
                    (self.cards[brief], self.revisions[brief]).hash(&mut key);
                }
            }
            DataFile::Graph => {
                "graph".hash(&mut key);
                for (brief, card) in site.briefs.iter().zip(&self.cards) {
                    (card, &brief.cites).hash(&mut key);
                }
            }
            DataFile::Robots => "robots".hash(&mut key),
        }
        key.finish()
    }
}

/// One page to render.
enum Job {
    Home,
    BriefList {
        number: usize,
    },
    Brief(usize),
    Taxonomy(TaxonomyKind),
    Term {
        kind: TaxonomyKind,
        term: usize,
        number: usize,
    },
    Archive,
    Timeline,
    Search,
    Page(usize),
    Series(usize),
    Intersection {
        index: usize,
        number: usize,
    },
    Glossary,
    NotFound,
}

/// One file written in code rather than with a template (see [`feeds`] and [`cite`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum DataFile {
    /// `cite.bib` next to a brief page.
    CiteBib(usize),
    /// `cite.ris` next to a brief page.
    CiteRis(usize),
    /// The site's Atom feed.
    SiteFeed,
    /// A topic's Atom feed (index into the topics taxonomy).
    TopicFeed(usize),
    /// `graph.json`.
    Graph,
    Robots,
}

impl DataFile {
    fn all(site: &Site) -> Vec<DataFile> {
        let mut files = vec![DataFile::SiteFeed, DataFile::Graph, DataFile::Robots];
        let topics = site.taxonomies.get(TaxonomyKind::Topics).terms.len();
        files.extend((0..topics).map(DataFile::TopicFeed));
        for brief in 0..site.briefs.len() {
            files.extend([DataFile::CiteBib(brief), DataFile::CiteRis(brief)]);
        }
        files
    }

    fn path(&self, site: &Site) -> String {
        match self {
            DataFile::CiteBib(i) => format!("{}cite.bib", site.briefs[*i].path),
            DataFile::CiteRis(i) => format!("{}cite.ris", site.briefs[*i].path),
            DataFile::SiteFeed => "atom.xml".to_string(),
            DataFile::TopicFeed(t) => {
                feeds::topic_feed_path(&site.taxonomies.get(TaxonomyKind::Topics).terms[*t].slug)
            }
            DataFile::Graph => "graph.json".to_string(),
            DataFile::Robots => "robots.txt".to_string(),
        }
    }

    fn render(&self, site: &Site) -> OutputFile {
        let data = |bytes: String| OutputFile {
            path: self.path(site),
            bytes: bytes.into_bytes(),
        };
        match self {
            DataFile::CiteBib(i) => data(cite::bibtex(site, &site.briefs[*i])),
            DataFile::CiteRis(i) => data(cite::ris(site, &site.briefs[*i])),
            DataFile::SiteFeed => feeds::site_feed(site),
            DataFile::TopicFeed(t) => feeds::topic_feed(site, *t),
            DataFile::Graph => feeds::graph(site),
            DataFile::Robots => feeds::robots(site),
        }
    }
}

impl Job {
    fn describe(&self, site: &Site) -> String {
        match self {
            Job::Brief(i) => format!(
                "/{} ({})",
                site.briefs[*i].path,
                site.briefs[*i].parsed.source.display()
            ),
            Job::Page(i) => format!(
                "/{} ({})",
                site.pages[*i].path,
                site.pages[*i].parsed.source.display()
            ),
            _ => format!("/{}", self.path(site)),
        }
    }

    /// Site path of the page (`briefs/x/`, `404.html`).
    fn path(&self, site: &Site) -> String {
        match self {
            Job::Home => String::new(),
            Job::BriefList { number } => paginated_path("briefs/", *number),
            Job::Brief(i) => site.briefs[*i].path.clone(),
            Job::Taxonomy(kind) => format!("{}/", kind.key()),
            Job::Term { kind, term, number } => {
                let slug = &site.taxonomies.get(*kind).terms[*term].slug;
                paginated_path(&term_path(*kind, slug), *number)
            }
            Job::Archive => "archive/".to_string(),
            Job::Timeline => "timeline/".to_string(),
            Job::Search => "search/".to_string(),
            Job::Page(i) => site.pages[*i].path.clone(),
            Job::Series(i) => site.series[*i].path.clone(),
            Job::Intersection { index, number } => {
                paginated_path(&site.intersections[*index].path, *number)
            }
            Job::Glossary => crate::glossary::GLOSSARY_PAGE.to_string(),
            Job::NotFound => "404.html".to_string(),
        }
    }
}

fn jobs(site: &Site) -> Vec<Job> {
    let page_size = site.config.page_size;
    let mut jobs = vec![
        Job::Home,
        Job::Archive,
        Job::Timeline,
        Job::Search,
        Job::NotFound,
    ];
    if site.glossary.is_some() {
        jobs.push(Job::Glossary);
    }
    jobs.extend(
        (1..=page_count(site.briefs.len(), page_size)).map(|number| Job::BriefList { number }),
    );
    jobs.extend((0..site.briefs.len()).map(Job::Brief));
    for kind in TaxonomyKind::ALL {
        jobs.push(Job::Taxonomy(kind));
        for (term, t) in site.taxonomies.get(kind).terms.iter().enumerate() {
            for number in 1..=page_count(t.briefs.len(), page_size) {
                jobs.push(Job::Term { kind, term, number });
            }
        }
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs.extend((0..site.series.len()).map(Job::Series));
    for (index, intersection) in site.intersections.iter().enumerate() {
        for number in 1..=page_count(intersection.briefs.len(), page_size) {
            jobs.push(Job::Intersection { index, number });
        }
    }
    jobs
}

/// Site path -> output file path: `briefs/x/` -> `briefs/x/index.html`.
pub fn output_path(site_path: &str) -> String {
    if site_path.is_empty() || site_path.ends_with('/') {
        format!("{site_path}index.html")
    } else {
        site_path.to_string()
    }
}

fn render_job(
    site: &Site,
    views: &Views,
    tera: &Tera,
    job: &Job,
) -> Result<OutputFile, tera::Error> {
    let path = job.path(site);
    let base = &site.config.base_url;
    let mut context = Context::new();
    context.insert("current_url", &base.local(&path));
    context.insert("permalink", &base.absolute(&path));
    let page_size = site.config.page_size;
    let (template, section) = match job {
        Job::Home => {
            let latest: Vec<Value> = views.cards.iter().take(page_size).cloned().collect();
            context.insert_value("latest", Value::from(latest));
            context.insert_value(
                "topics",
                views.term_links[TaxonomyKind::Topics as usize].clone(),
            );
            ("index.html", "home".to_string())
        }
        Job::BriefList { number } => {
            let all = &views.all_briefs;
            insert_page_of_briefs(&mut context, site, views, all, "briefs/", *number);
            ("briefs.html", "briefs".to_string())
        }
        Job::Brief(i) => {
            context.insert_value("brief", views.brief_page(site, *i));
            ("brief.html", "briefs".to_string())
        }
        Job::Taxonomy(kind) => {
            context.insert_value("taxonomy", taxonomy_value(*kind));
            context.insert_value("terms", views.term_links[*kind as usize].clone());
            let intersections: Vec<Value> = match kind {
                TaxonomyKind::Topics => site
                    .intersections
                    .iter()
                    .map(|i| views.intersection_value(site, i))
                    .collect(),
                _ => Vec::new(),
            };
            context.insert_value("intersections", Value::from(intersections));
            ("taxonomy.html", kind.key().to_string())
        }
        Job::Term { kind, term, number } => {
            let t = &site.taxonomies.get(*kind).terms[*term];
            let first = term_path(*kind, &t.slug);
            context.insert_value("taxonomy", taxonomy_value(*kind));
            context.insert_value("term", views.term_page_value(site, *kind, *term));
            let by_topic = match kind {
                TaxonomyKind::Regions if *number == 1 => views.by_topic(site, &t.briefs),
                _ => Value::from(Vec::<Value>::new()),
            };
            context.insert_value("by_topic", by_topic);
            insert_page_of_briefs(&mut context, site, views, &t.briefs, &first, *number);
            ("term.html", kind.key().to_string())
        }
        Job::Archive => {
            let mut years: Vec<(i32, Vec<Value>)> = Vec::new();
            for (i, brief) in site.briefs.iter().enumerate() {
                let year = chrono::Datelike::year(&brief.parsed.meta.date.day);
                match years.last_mut() {
                    Some((y, cards)) if *y == year => cards.push(views.cards[i].clone()),
                    _ => years.push((year, vec![views.cards[i].clone()])),
                }
            }
            let years: Vec<Value> = years
                .into_iter()
                .map(|(year, briefs)| {
                    map([("year", Value::from(year)), ("briefs", Value::from(briefs))])
                })
                .collect();
            context.insert_value("years", Value::from(years));
            ("archive.html", "archive".to_string())
        }
        Job::Page(i) => {
            let page = &site.pages[*i];
            let body = assemble_body(&page.parsed.body.parts, &page.hrefs, &page.link_titles);
            context.insert_value(
                "page",
                map([
                    ("title", Value::from(page.parsed.meta.title.as_str())),
                    ("summary", Value::from(page.parsed.meta.summary.as_str())),
                    ("body", Value::safe_string(&body)),
                    ("toc", toc_value(&page.parsed.body.headings)),
                    ("url", Value::from(base.local(&page.path))),
                ]),
            );
            ("page.html", page.slug.clone())
        }
        Job::Series(i) => {
            let series = &site.series[*i];
            let briefs: Vec<Value> = series
                .briefs
                .iter()
                .map(|&b| views.cards[b].clone())
                .collect();
            context.insert_value(
                "series",
                map([
                    ("name", Value::from(series.name.as_str())),
                    ("url", Value::from(base.local(&series.path))),
                    ("briefs", Value::from(briefs)),
                ]),
            );
            ("series.html", "briefs".to_string())
        }
        Job::Intersection { index, number } => {
            let intersection = &site.intersections[*index];
            context.insert_value("intersection", views.intersection_value(site, intersection));
            insert_page_of_briefs(
                &mut context,
                site,
                views,
                &intersection.briefs,
                &intersection.path,
                *number,
            );
            ("intersection.html", "topics".to_string())
        }
        Job::Timeline => {
            context.insert_value("timeline", views.timeline_value(site));
            ("timeline.html", "timeline".to_string())
        }
        Job::Glossary => {
            context.insert_value("glossary", views.glossary_value(site));
            ("glossary.html", "glossary".to_string())
        }
        Job::Search => {
            let regions = views.term_ref[TaxonomyKind::Regions as usize].clone();
            context.insert_value(
                "search",
                map([
                    (
                        "index_url",
                        Value::from(base.local(crate::search::MANIFEST_PATH)),
                    ),
                    ("regions", Value::from(regions)),
                    ("years", Value::from(search_years(site))),
                ]),
            );
            ("search.html", "search".to_string())
        }
        Job::NotFound => ("404.html", String::new()),
    };
    context.insert("section", &section);
    // Sized for a brief page up front: growing the buffer page by page showed up as
    // a tenth of render time in profiles.
    let mut bytes = Vec::with_capacity(48 * 1024);
    tera.render_to(template, &context, &mut bytes)?;
    let path = output_path(&path);
    if site.config.relative_links {
        let html = String::from_utf8_lossy(&bytes);
        bytes = crate::output::relativize(&html, &path, &base.path).into_bytes();
    }
    if site.config.minify {
        bytes = crate::minify::minify_html(&bytes);
    }
    Ok(OutputFile { path, bytes })
}

/// The years briefs were published in, newest first (the search page's year filter).
fn search_years(site: &Site) -> Vec<i32> {
    let mut years: Vec<i32> = site
        .briefs
        .iter()
        .map(|b| chrono::Datelike::year(&b.parsed.meta.date.day))
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
}

/// The page numbers a list's navigation links: the first, the last, and the two either
/// side of `current`, each with whether numbers were skipped before it. A window, not
/// every page, so that a list of N pages costs O(N) to render, not O(N²).
fn page_window(current: usize, total: usize) -> impl Iterator<Item = (usize, bool)> {
    const EITHER_SIDE: usize = 2;
    let near = current.saturating_sub(EITHER_SIDE).max(1)..=(current + EITHER_SIDE).min(total);
    let mut shown: Vec<usize> = std::iter::once(1)
        .chain(near)
        .chain(std::iter::once(total))
        .collect();
    shown.dedup();
    let mut previous = 0;
    shown.into_iter().map(move |n| {
        let gap_before = n > previous + 1;
        previous = n;
        (n, gap_before)
    })
}

fn insert_page_of_briefs(
    context: &mut Context,
    site: &Site,
    views: &Views,
    briefs: &[usize],
    first: &str,
    number: usize,
) {
    let page_size = site.config.page_size;
    let total = page_count(briefs.len(), page_size);
    let cards: Vec<Value> = briefs
        .iter()
        .skip((number - 1) * page_size)
        .take(page_size)
        .map(|&i| views.cards[i].clone())
        .collect();
    context.insert_value("briefs", Value::from(cards));
    let base = &site.config.base_url;
    let url = |n: usize| base.local(&paginated_path(first, n));
    let pages: Vec<Value> = page_window(number, total)
        .map(|(n, gap_before)| {
            map([
                ("number", Value::from(n)),
                ("url", Value::from(url(n))),
                ("gap_before", Value::from(gap_before)),
            ])
        })
        .collect();
    let previous = if number > 1 {
        url(number - 1)
    } else {
        String::new()
    };
    let next = if number < total {
        url(number + 1)
    } else {
        String::new()
    };
    context.insert_value(
        "pagination",
        map([
            ("current", Value::from(number)),
            ("total", Value::from(total)),
            ("previous_url", Value::from(previous)),
            ("next_url", Value::from(next)),
            ("pages", Value::from(pages)),
        ]),
    );
}

fn taxonomy_value(kind: TaxonomyKind) -> Value {
    map([
        ("kind", Value::from(kind.key())),
        ("title", Value::from(kind.title())),
        ("singular", Value::from(kind.singular())),
    ])
}

fn map<const N: usize>(entries: [(&'static str, Value); N]) -> Value {
    Value::from(BTreeMap::from(entries))
}

/// Joins rendered HTML with the resolved URLs of its links.
pub fn assemble_body(parts: &[BodyPart], hrefs: &[String], titles: &[String]) -> String {
    let mut html = String::with_capacity(
        parts
            .iter()
            .map(|p| {
                if let BodyPart::Html(h) = p {
                    h.len()
                } else {
                    32
                }
            })
            .sum(),
    );
    for part in parts {
        match part {
            BodyPart::Html(h) => html.push_str(h),
            BodyPart::Href(i) => html.push_str(&crate::markdown::escape_html(
                hrefs.get(*i).map_or("#", String::as_str),
            )),
            BodyPart::LinkTitle(i) => html.push_str(&crate::markdown::escape_html(
                titles.get(*i).map_or("", String::as_str),
            )),
        }
    }
    html
}

/// Nested table of contents from a page's headings: the top level is the shallowest
/// heading level used, with one level of children.
fn toc_value(headings: &[Heading]) -> Value {
    let Some(top) = headings.iter().map(|h| h.level).min() else {
        return Value::from(Vec::<Value>::new());
    };
    let mut entries: Vec<(BTreeMap<&'static str, Value>, Vec<Value>)> = Vec::new();
    for heading in headings {
        let entry = |children: Vec<Value>| {
            BTreeMap::from([
                ("level", Value::from(heading.level)),
                ("id", Value::from(heading.id.as_str())),
                ("title", Value::from(heading.title.as_str())),
                ("children", Value::from(children)),
            ])
        };
        if heading.level == top {
            entries.push((entry(Vec::new()), Vec::new()));
        } else if heading.level == top + 1 {
            if let Some((_, children)) = entries.last_mut() {
                children.push(Value::from(entry(Vec::new())));
            }
        }
    }
    let entries: Vec<Value> = entries
        .into_iter()
        .map(|(mut entry, children)| {
            entry.insert("children", Value::from(children));
            Value::from(entry)
        })
        .collect();
    Value::from(entries)
}

/// Views shared by many pages, built once per render.
struct Views {
    site: Value,
    assets: Value,
    cards: Vec<Value>,
    /// Term links per taxonomy kind, in taxonomy order.
    term_links: Vec<Value>,
    /// Each term's short link `{name, slug, url}` (no count, so adding a brief to a
    /// term does not change every card showing it), by kind then term index.
    term_ref: Vec<Vec<Value>>,
    author_links: Vec<Value>,
    /// Every brief's index, newest first: the list `/briefs/` pages through.
    all_briefs: Vec<usize>,
}

impl Views {
    fn new(site: &Site) -> Views {
        let base = &site.config.base_url;
        let mut term_ref: Vec<Vec<Value>> = Vec::new();
        let mut term_links = Vec::new();
        for kind in TaxonomyKind::ALL {
            let terms = &site.taxonomies.get(kind).terms;
            let links: Vec<Value> = terms
                .iter()
                .map(|t| Value::from(term_link_fields(site, kind, t)))
                .collect();
            term_links.push(Value::from(links));
            term_ref.push(
                terms
                    .iter()
                    .map(|t| Value::from(term_ref_fields(site, kind, t)))
                    .collect(),
            );
        }
        // In every page's context: no counts, so adding a brief does not touch it.
        let site_topics: Vec<Value> = site
            .taxonomies
            .get(TaxonomyKind::Topics)
            .terms
            .iter()
            .map(|t| {
                let mut fields = term_ref_fields(site, TaxonomyKind::Topics, t);
                fields.insert("description", Value::from(t.description.as_str()));
                Value::from(fields)
            })
            .collect();
        let author_links: Vec<Value> = site
            .config
            .authors
            .iter()
            .map(|a| {
                map([
                    ("id", Value::from(a.id.as_str())),
                    ("name", Value::from(a.name.as_str())),
                    ("affiliation", Value::from(a.affiliation.as_str())),
                    (
                        "url",
                        Value::from(base.local(&term_path(TaxonomyKind::Authors, &a.id))),
                    ),
                ])
            })
            .collect();
        let mut nav = vec![
            nav_entry("Briefs", base.local("briefs/"), "briefs"),
            nav_entry("Topics", base.local("topics/"), "topics"),
            nav_entry("Regions", base.local("regions/"), "regions"),
            nav_entry("Tags", base.local("tags/"), "tags"),
            nav_entry("Authors", base.local("authors/"), "authors"),
            nav_entry("Archive", base.local("archive/"), "archive"),
            nav_entry("Timeline", base.local("timeline/"), "timeline"),
        ];
        if site.glossary.is_some() {
            let url = base.local(crate::glossary::GLOSSARY_PAGE);
            nav.push(nav_entry("Glossary", url, "glossary"));
        }
        let pages: Vec<Value> = site
            .pages
            .iter()
            .map(|p| {
                map([
                    ("title", Value::from(p.parsed.meta.title.as_str())),
                    ("url", Value::from(base.local(&p.path))),
                ])
            })
            .collect();
        nav.extend(
            site.pages
                .iter()
                .map(|p| nav_entry(&p.parsed.meta.title, base.local(&p.path), &p.slug)),
        );
        let config = &site.config;
        let site_value = map([
            ("title", Value::from(config.title.as_str())),
            ("description", Value::from(config.description.as_str())),
            ("language", Value::from(config.language.as_str())),
            ("publisher", Value::from(config.publisher.as_str())),
            ("base_url", Value::from(base.absolute(""))),
            ("root_url", Value::from(base.local(""))),
            ("feed_url", Value::from(base.local("atom.xml"))),
            ("search_url", Value::from(base.local("search/"))),
            ("topics", Value::from(site_topics)),
            ("pages", Value::from(pages)),
            ("nav", Value::from(nav)),
        ]);
        let assets: BTreeMap<String, Value> = site
            .assets
            .iter()
            .map(|(name, path)| (name.clone(), Value::from(base.local(path))))
            .collect();
        let mut views = Views {
            site: site_value,
            assets: Value::from(assets),
            cards: Vec::new(),
            term_links,
            term_ref,
            author_links,
            all_briefs: (0..site.briefs.len()).collect(),
        };
        views.cards = site
            .briefs
            .par_iter()
            .map(|b| Value::from(views.card_fields(site, b)))
            .collect();
        views
    }

    fn terms_of(&self, brief: &Brief, kind: TaxonomyKind) -> Value {
        let links: Vec<Value> = brief.terms[kind as usize]
            .iter()
            .map(|&t| self.term_ref[kind as usize][t].clone())
            .collect();
        Value::from(links)
    }

    fn card_fields(&self, site: &Site, brief: &Brief) -> BTreeMap<&'static str, Value> {
        let meta = &brief.parsed.meta;
        let base = &site.config.base_url;
        let authors: Vec<Value> = brief.terms[TaxonomyKind::Authors as usize]
            .iter()
            .filter_map(|&t| {
                let slug = &site.taxonomies.get(TaxonomyKind::Authors).terms[t].slug;
                site.config.authors.iter().position(|a| &a.id == slug)
            })
            .map(|a| self.author_links[a].clone())
            .collect();
        let series = match (brief.series, &meta.series) {
            (Some(s), Some(part)) => map([
                ("name", Value::from(site.series[s].name.as_str())),
                ("part", Value::from(part.part)),
                ("url", Value::from(base.local(&site.series[s].path))),
            ]),
            _ => Value::none(),
        };
        BTreeMap::from([
            ("title", Value::from(meta.title.as_str())),
            ("subtitle", Value::from(meta.subtitle.as_str())),
            ("url", Value::from(base.local(&brief.path))),
            ("summary", Value::from(meta.summary.as_str())),
            ("date", Value::from(meta.date.human())),
            ("date_iso", Value::from(meta.date.iso_day())),
            (
                "reading_time",
                Value::from(reading_time(brief.parsed.body.word_count)),
            ),
            ("topics", self.terms_of(brief, TaxonomyKind::Topics)),
            ("regions", self.terms_of(brief, TaxonomyKind::Regions)),
            ("tags", self.terms_of(brief, TaxonomyKind::Tags)),
            ("authors", Value::from(authors)),
            ("series", series),
        ])
    }

    fn brief_page(&self, site: &Site, index: usize) -> Value {
        let brief = &site.briefs[index];
        let meta = &brief.parsed.meta;
        let base = &site.config.base_url;
        let mut fields = self.card_fields(site, brief);
        let body = assemble_body(&brief.parsed.body.parts, &brief.hrefs, &brief.link_titles);
        let toc = toc_value(&brief.parsed.body.headings);
        let toc_len = toc.len().unwrap_or(0);
        let safe_list = |items: &[String]| {
            Value::from(
                items
                    .iter()
                    .map(|s| Value::safe_string(s))
                    .collect::<Vec<_>>(),
            )
        };
        let backlinks: Vec<Value> = brief
            .backlinks
            .iter()
            .map(|b| {
                map([
                    ("brief", self.cards[b.from].clone()),
                    ("context", Value::from(b.context.as_str())),
                ])
            })
            .collect();
        let related: Vec<Value> = brief
            .related
            .iter()
            .map(|&r| self.cards[r].clone())
            .collect();
        let series = match brief.series {
            Some(s) => {
                let series = &site.series[s];
                let position = series.briefs.iter().position(|&b| b == index).unwrap_or(0);
                let card_at = |p: Option<usize>| {
                    p.and_then(|p| series.briefs.get(p))
                        .map_or_else(Value::none, |&b| self.cards[b].clone())
                };
                map([
                    ("name", Value::from(series.name.as_str())),
                    ("url", Value::from(site.config.base_url.local(&series.path))),
                    (
                        "part",
                        Value::from(meta.series.as_ref().map_or(0, |s| s.part)),
                    ),
                    ("total", Value::from(series.briefs.len())),
                    ("previous", card_at(position.checked_sub(1))),
                    ("next", card_at(Some(position + 1))),
                ])
            }
            None => Value::none(),
        };
        fields.extend([
            ("body", Value::safe_string(&body)),
            ("toc", toc),
            ("show_toc", Value::from(toc_len >= 3)),
            ("word_count", Value::from(brief.parsed.body.word_count)),
            (
                "updated",
                Value::from(meta.updated.map(|d| d.human()).unwrap_or_default()),
            ),
            (
                "updated_iso",
                Value::from(meta.updated.map(|d| d.iso_day()).unwrap_or_default()),
            ),
            ("key_findings", safe_list(&brief.parsed.key_findings_html)),
            ("references", safe_list(&brief.parsed.references_html)),
            (
                "recommendations",
                safe_list(&brief.parsed.recommendations_html),
            ),
            ("backlinks", Value::from(backlinks)),
            ("related", Value::from(related)),
            ("series", series),
            ("topic_navigation", self.topic_navigation(brief)),
            ("permalink", Value::from(base.absolute(&brief.path))),
            ("number", Value::from(meta.number.as_str())),
            (
                "pdf_url",
                Value::from(
                    brief
                        .pdf
                        .as_ref()
                        .map(|(_, path)| base.local(path))
                        .unwrap_or_default(),
                ),
            ),
            (
                "pdf_permalink",
                Value::from(
                    brief
                        .pdf
                        .as_ref()
                        .map(|(_, path)| base.absolute(path))
                        .unwrap_or_default(),
                ),
            ),
            (
                "citation",
                map([
                    ("apa", Value::safe_string(&crate::cite::apa(site, brief))),
                    (
                        "chicago",
                        Value::safe_string(&crate::cite::chicago(site, brief)),
                    ),
                    ("bibtex", Value::from(crate::cite::bibtex(site, brief))),
                    (
                        "bib_url",
                        Value::from(base.local(&format!("{}cite.bib", brief.path))),
                    ),
                    (
                        "ris_url",
                        Value::from(base.local(&format!("{}cite.ris", brief.path))),
                    ),
                ]),
            ),
            (
                "json_ld",
                Value::safe_string(&crate::cite::json_ld(site, brief)),
            ),
        ]);
        Value::from(fields)
    }

    /// Every glossary term, alphabetically, with the briefs that mention it:
    /// `[{term, slug, url, definition, aliases, briefs: [card]}]`.
    fn glossary_value(&self, site: &Site) -> Value {
        let page = site.config.base_url.local(crate::glossary::GLOSSARY_PAGE);
        let entries: Vec<Value> = site
            .glossary
            .iter()
            .flatten()
            .map(|entry| {
                let term = &entry.term;
                let aliases: Vec<Value> = term
                    .aliases
                    .iter()
                    .map(|a| Value::from(a.as_str()))
                    .collect();
                let briefs: Vec<Value> = entry
                    .briefs
                    .iter()
                    .map(|&b| self.cards[b].clone())
                    .collect();
                map([
                    ("term", Value::from(term.term.as_str())),
                    ("slug", Value::from(term.slug.as_str())),
                    ("url", Value::from(format!("{page}#{}", term.slug))),
                    ("definition", Value::from(term.definition.as_str())),
                    ("aliases", Value::from(aliases)),
                    ("briefs", Value::from(briefs)),
                ])
            })
            .collect();
        Value::from(entries)
    }

    /// Years, newest first, each with every topic and its briefs of that year:
    /// `[{year, topics: [{topic: term ref, briefs: [card]}]}]`.
    fn timeline_value(&self, site: &Site) -> Value {
        let topics = &site.taxonomies.get(TaxonomyKind::Topics).terms;
        let mut years: Vec<i32> = site
            .briefs
            .iter()
            .map(|b| chrono::Datelike::year(&b.parsed.meta.date.day))
            .collect();
        years.dedup();
        let rows: Vec<Value> = years
            .into_iter()
            .map(|year| {
                let cells: Vec<Value> = topics
                    .iter()
                    .enumerate()
                    .map(|(t, term)| {
                        let briefs: Vec<Value> = term
                            .briefs
                            .iter()
                            .filter(|&&b| {
                                chrono::Datelike::year(&site.briefs[b].parsed.meta.date.day) == year
                            })
                            .map(|&b| self.cards[b].clone())
                            .collect();
                        map([
                            (
                                "topic",
                                self.term_ref[TaxonomyKind::Topics as usize][t].clone(),
                            ),
                            ("briefs", Value::from(briefs)),
                        ])
                    })
                    .collect();
                map([("year", Value::from(year)), ("topics", Value::from(cells))])
            })
            .collect();
        Value::from(rows)
    }

    /// The topics of `briefs` with how many of them each covers and the newest
    /// [`BY_TOPIC_LIMIT`]: `[{topic: term ref, count, briefs: [card]}]`, topics without
    /// any left out. Capped so that a region with thousands of briefs keeps a small page.
    fn by_topic(&self, site: &Site, briefs: &[usize]) -> Value {
        let topics = &site.taxonomies.get(TaxonomyKind::Topics).terms;
        let groups: Vec<Value> = (0..topics.len())
            .filter_map(|t| {
                let mut on_topic = briefs
                    .iter()
                    .filter(|&&b| site.briefs[b].terms[TaxonomyKind::Topics as usize].contains(&t));
                let cards: Vec<Value> = on_topic
                    .by_ref()
                    .take(BY_TOPIC_LIMIT)
                    .map(|&b| self.cards[b].clone())
                    .collect();
                let count = cards.len() + on_topic.count();
                (count > 0).then(|| {
                    map([
                        (
                            "topic",
                            self.term_ref[TaxonomyKind::Topics as usize][t].clone(),
                        ),
                        ("count", Value::from(count)),
                        ("briefs", Value::from(cards)),
                    ])
                })
            })
            .collect();
        Value::from(groups)
    }

    /// `{topics: [term ref, term ref], count, url}` for a pair of topics.
    fn intersection_value(&self, site: &Site, intersection: &crate::link::Intersection) -> Value {
        let topics = &self.term_ref[TaxonomyKind::Topics as usize];
        let (a, b) = intersection.topics;
        map([
            (
                "topics",
                Value::from(vec![topics[a].clone(), topics[b].clone()]),
            ),
            ("count", Value::from(intersection.briefs.len())),
            (
                "url",
                Value::from(site.config.base_url.local(&intersection.path)),
            ),
        ])
    }

    /// For each topic of the brief: the briefs before and after it on the topic's page.
    fn topic_navigation(&self, brief: &Brief) -> Value {
        let card = |i: Option<usize>| i.map_or_else(Value::none, |i| self.cards[i].clone());
        let entries: Vec<Value> = brief
            .topic_neighbours
            .iter()
            .map(|n| {
                map([
                    (
                        "topic",
                        self.term_ref[TaxonomyKind::Topics as usize][n.topic].clone(),
                    ),
                    ("previous", card(n.previous)),
                    ("next", card(n.next)),
                ])
            })
            .collect();
        Value::from(entries)
    }

    /// On a topic page: how many citations go from this topic's briefs to each topic's
    /// briefs, and come from each topic's briefs to this one's.
    fn topic_citations(&self, site: &Site, topic: usize) -> Value {
        let matrix = &site.topic_citations;
        let row = |counts: &mut dyn Iterator<Item = (usize, usize)>| -> Value {
            let entries: Vec<Value> = counts
                .map(|(other, count)| {
                    map([
                        (
                            "topic",
                            self.term_ref[TaxonomyKind::Topics as usize][other].clone(),
                        ),
                        ("count", Value::from(count)),
                    ])
                })
                .collect();
            Value::from(entries)
        };
        map([
            (
                "outgoing",
                row(&mut matrix[topic].iter().copied().enumerate()),
            ),
            (
                "incoming",
                row(&mut matrix.iter().map(|r| r[topic]).enumerate()),
            ),
        ])
    }

    fn term_page_value(&self, site: &Site, kind: TaxonomyKind, term: usize) -> Value {
        let t = &site.taxonomies.get(kind).terms[term];
        let mut fields = term_link_fields(site, kind, t);
        let feed_url = if kind == TaxonomyKind::Topics {
            site.config
                .base_url
                .local(&format!("{}atom.xml", term_path(kind, &t.slug)))
        } else {
            String::new()
        };
        let author = match kind {
            TaxonomyKind::Authors => site.config.author(&t.slug).map_or_else(Value::none, |a| {
                map([
                    ("name", Value::from(a.name.as_str())),
                    ("affiliation", Value::from(a.affiliation.as_str())),
                    ("bio", Value::from(a.bio.as_str())),
                    ("url", Value::from(a.url.clone().unwrap_or_default())),
                ])
            }),
            _ => Value::none(),
        };
        let citations = match kind {
            TaxonomyKind::Topics => self.topic_citations(site, term),
            _ => Value::none(),
        };
        fields.insert("feed_url", Value::from(feed_url));
        fields.insert("author", author);
        fields.insert("citations", citations);
        Value::from(fields)
    }
}

fn term_ref_fields(site: &Site, kind: TaxonomyKind, term: &Term) -> BTreeMap<&'static str, Value> {
    BTreeMap::from([
        ("name", Value::from(term.name.as_str())),
        ("slug", Value::from(term.slug.as_str())),
        (
            "url",
            Value::from(site.config.base_url.local(&term_path(kind, &term.slug))),
        ),
    ])
}

fn term_link_fields(site: &Site, kind: TaxonomyKind, term: &Term) -> BTreeMap<&'static str, Value> {
    let mut fields = term_ref_fields(site, kind, term);
    fields.insert("count", Value::from(term.briefs.len()));
    fields.insert("description", Value::from(term.description.as_str()));
    fields
}

fn nav_entry(title: &str, url: String, key: &str) -> Value {
    map([
        ("title", Value::from(title)),
        ("url", Value::from(url)),
        ("key", Value::from(key)),
    ])
}

/// Minutes to read, at 230 words a minute.
fn reading_time(words: usize) -> usize {
    words.div_ceil(230).max(1)
}

/// Redirect pages for `aliases:`: a meta refresh for browsers and a canonical link for
/// search engines.
fn alias_pages(site: &Site) -> Vec<OutputFile> {
    let base = &site.config.base_url;
    let mut files = Vec::new();
    for brief in &site.briefs {
        let canonical = base.absolute(&brief.path);
        for alias in &brief.parsed.meta.aliases {
            let mut target = base.local(&brief.path);
            if site.config.relative_links {
                target = crate::output::relative_to_page(
                    &target,
                    &output_path(&alias.value),
                    &base.path,
                );
            }
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Redirecting to {title}</title>\n<link rel=\"canonical\" href=\"{canonical}\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>This brief has moved to <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n",
                lang = crate::markdown::escape_html(&site.config.language),
                title = crate::markdown::escape_html(&brief.parsed.meta.title),
                canonical = crate::markdown::escape_html(&canonical),
                target = crate::markdown::escape_html(&target),
            );
            files.push(OutputFile {
                path: output_path(&alias.value),
                bytes: html.into_bytes(),
            });
        }
    }
    files
}
