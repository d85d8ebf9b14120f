//! The link stage: connects parsed briefs and pages into a [`Site`]. Assigns every
//! output its URL (and refuses two outputs at one URL), builds the taxonomies, resolves
//! and checks every internal link and anchor, and computes backlinks, related briefs and
//! series.
//!
//! In: a [`LinkInput`] (the configuration, every parsed brief and page, the names of
//! static files, and the files briefs may use). Out: a [`Site`], or the diagnostics that prevent one.
//! Runs once per build after the parse stage, and in watch mode after every change
//! (or not at all when [`replace_bodies`], [`replace_terms`], [`replace_date`],
//! [`replace_links`], [`insert_skeleton`] or [`remove_skeleton`] can patch the last
//! site). Works on memory only; never touches the file system.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::load::{self, Assets};
use crate::model::body::with_link_titles;
use crate::model::diagnostics::{did_you_mean, Diagnostic, Severity};
use crate::model::labels::Labels;
use crate::model::meta::{BriefMeta, PdfChoice};
use crate::model::people::People;
use crate::model::urls;
use crate::parse::glossary::Glossary;
use crate::parse::schedule::{self, LeftOut, Withheld};
use crate::parse::{self, ParsedBrief, ParsedPage};

mod arrival;
mod edit;
pub mod glossary;
mod graph;
mod links_edit;
pub mod menus;
mod page_edit;
mod paths;
mod redate;
mod related;
mod resolve;
mod retag;
mod series;
pub mod taxonomy;
pub mod translations;

pub use arrival::{
    briefs_linking_to, insert_skeleton, named_anywhere, remove_skeleton, skeleton, Arrival,
    ListChange,
};
pub use edit::{edit_steps, replace_bodies, BodyEdit};
pub use glossary::GlossaryEntry;
pub use graph::orphan_notes;
pub use links_edit::{replace_links, unlink_brief, LinkEdit};
pub use page_edit::replace_page;
pub use paths::{page_count, page_places, pages_between, publication_years};
pub use redate::{replace_date, DateEdit};
use resolve::{Resolved, Targets};
pub use retag::{
    briefs_falling_back_to, falls_back_to_any, replace_terms, TermEdit, RETAGGED_KINDS,
};
use taxonomy::{BriefTerms, Taxonomies, TermNames};

/// What the link stage connects.
pub struct LinkInput<'a> {
    pub config: Config,
    pub briefs: Vec<Arc<ParsedBrief>>,
    pub pages: Vec<Arc<ParsedPage>>,
    /// Static files as (name templates use, path in the output).
    pub assets: Vec<(String, String)>,
    /// The files briefs and pages may use (`pdf:` attachments among them).
    pub files: &'a Assets,
    pub glossary: Option<&'a Glossary>,
    /// The briefs this build leaves out (drafts, scheduled briefs), so that a link to
    /// one says so.
    pub left_out: Vec<LeftOut>,
    /// The author registry.
    pub people: Arc<People>,
    /// The theme's words in the site's language.
    pub labels: Arc<Labels>,
    /// The build's time (seconds since the epoch): briefs dated later are marked as
    /// scheduled (they are in the build only with `--future`).
    pub now: i64,
    /// For a translation's edition, the default language's: links to what this edition
    /// does not have go there.
    pub original: Option<&'a Site>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct LinkOptions<'a> {
    /// Report broken links as warnings instead of errors (work in progress), as
    /// `warn_broken_links: true` in the configuration does.
    pub warn_links: bool,
    /// The site of the previous rebuild in a watch session: results whose inputs have
    /// not changed (related briefs) are taken from it instead of computed again.
    pub previous: Option<&'a Site>,
    /// The site's root, where a problem at a brief's link reads the brief again to
    /// quote it (without it, the problem points into the front matter).
    pub root: Option<&'a Path>,
}

/// The connected site, ready to render. A watch session may put re-parsed briefs into
/// it with [`replace_bodies`] when nothing else depends on what changed.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Newest first.
    pub briefs: Vec<Brief>,
    pub pages: Vec<Page>,
    pub taxonomies: Taxonomies,
    pub series: Vec<Series>,
    /// Static files as (name templates use, path in the output).
    pub assets: Vec<(String, String)>,
    pub stats: LinkStats,
    /// Every pair of declared topics with the briefs that have both.
    pub intersections: Vec<Intersection>,
    /// `topic_citations[a][b]`: how many (citing brief, cited brief) pairs go from a
    /// brief on topic `a` to a brief on topic `b` (indexes into the topics taxonomy).
    pub topic_citations: Vec<Vec<usize>>,
    /// The glossary page's terms, alphabetically, when the site has a glossary.
    pub glossary: Option<Vec<GlossaryEntry>>,
    pub people: Arc<People>,
    /// The resolved links of each registered author's biography, by registry position.
    pub bios: Vec<(Vec<String>, Vec<String>)>,
    pub labels: Arc<Labels>,
    /// The configuration's menus, resolved.
    pub menus: menus::ResolvedMenus,
    /// Which pages exist in which language editions (empty for a site in one
    /// language); set once every edition is linked.
    pub editions: Arc<translations::Editions>,
    /// The logo's own width and height in pixels (an SVG's `width`/`height` or
    /// `viewBox`), when `logo:` names an image of `site/static/` that could be measured:
    /// the page gives its `<img>` the logo's proportions, so nothing shifts as it loads.
    pub logo_size: Option<(u32, u32)>,
    /// Every site path, for links of translations that fall back to this edition.
    known_paths: paths::KnownPaths,
    /// Each brief's `related:` entries, resolved: what related-brief scoring read, to
    /// tell what an edit changed.
    explicit_related: Vec<Vec<usize>>,
}

impl Site {
    /// The index of the brief whose file is `source`. The path is compared as bytes, as
    /// the loader and the session both write it (`briefs/name.md`): `Path`'s own
    /// equality walks the paths' components, which for 10,000 briefs took about a
    /// millisecond, and a save tries several patches.
    pub fn brief_at(&self, source: &Path) -> Option<usize> {
        let source = source.as_os_str();
        self.briefs
            .iter()
            .position(|b| b.parsed.source.as_os_str() == source)
    }

    /// Whether the site has a brief whose slug is `slug` (in a translation's edition, a
    /// version of the original of that slug).
    pub fn has_brief(&self, slug: &str) -> bool {
        self.briefs.iter().any(|b| b.parsed.meta.slug.value == slug)
    }
}

/// Counts reported by `check`.
#[derive(Debug, Clone, Default)]
pub struct LinkStats {
    pub links_checked: usize,
    pub links_broken: usize,
}

#[derive(Debug)]
pub struct Brief {
    /// Shared with the watch session's cache, so relinking never copies a brief.
    pub parsed: Arc<ParsedBrief>,
    pub slug: String,
    /// Site path (`briefs/<slug>/`), relative to the site root.
    pub path: String,
    /// The resolved URL of each outgoing link (same order as `parsed.body.links`).
    pub hrefs: Vec<String>,
    /// The links to another language's edition (a translation's link to a brief it has
    /// no translation of): link index and that language.
    pub link_languages: Vec<(usize, String)>,
    /// The title of each link's target, used for wiki links without text.
    pub link_titles: Vec<String>,
    pub terms: BriefTerms,
    /// Briefs citing this one, newest first.
    pub backlinks: Vec<Backlink>,
    pub related: Vec<usize>,
    /// Whether its related briefs were drawn from its topics' newest briefs too (it
    /// had too few narrow matches): only such briefs are scored again when a topic's
    /// newest briefs change.
    pub related_from_topics: bool,
    /// Index into [`Site::series`].
    pub series: Option<usize>,
    /// Neighbours in each of the brief's topic lists (newest first).
    pub topic_neighbours: Vec<TopicNeighbours>,
    /// Briefs this one links to (deduplicated, in index order).
    pub cites: Vec<usize>,
    /// The brief's PDF, when it has one.
    pub pdf: Option<BriefPdf>,
    /// The picture for social networks (`image:`): its source and output path.
    pub image: Option<(PathBuf, String)>,
    /// Why the brief would be left out of a published build: it is in this one only as
    /// a preview (`--drafts`, `--future`).
    pub preview: Option<Withheld>,
    /// Where the social card drawn for it goes, for a brief without `image:` (when
    /// `social_cards` is on).
    pub card: Option<String>,
}

impl Brief {
    /// Its part number in its series (0 when it is in none).
    pub fn series_part(&self) -> u32 {
        self.parsed.meta.series.as_ref().map_or(0, |s| s.part)
    }

    /// `parsed` at its address, in the lists of `terms`, before its links are
    /// resolved and its files attached.
    fn placed(parsed: Arc<ParsedBrief>, terms: BriefTerms) -> Brief {
        Brief {
            slug: parsed.meta.slug.value.clone(),
            path: urls::brief(&parsed.meta.slug.value),
            parsed,
            hrefs: Vec::new(),
            link_languages: Vec::new(),
            link_titles: Vec::new(),
            terms,
            backlinks: Vec::new(),
            related: Vec::new(),
            related_from_topics: false,
            series: None,
            topic_neighbours: Vec::new(),
            cites: Vec::new(),
            pdf: None,
            image: None,
            preview: None,
            card: None,
        }
    }

    /// Whether the brief has a PDF edition typeset by the build (not an attached file).
    pub fn has_typeset_pdf(&self) -> bool {
        self.pdf.as_ref().is_some_and(|p| p.attached.is_none())
    }
}

/// A brief's PDF: a file made elsewhere (`pdf: files/x.pdf`) or the typeset edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BriefPdf {
    /// Its site path, next to the brief page.
    pub path: String,
    /// The attached file, relative to the site root; `None` for the typeset edition.
    pub attached: Option<PathBuf>,
}

/// Two topics and the briefs on both ("smart power": soft and hard power).
#[derive(Debug, Clone)]
pub struct Intersection {
    /// Indexes into the topics taxonomy, in config order.
    pub topics: (usize, usize),
    pub path: String,
    /// The same pair the other way round (`topics/b+a/`), which redirects to `path`.
    pub reversed: String,
    /// Newest first.
    pub briefs: Vec<usize>,
}

/// The briefs before and after a brief in one topic's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicNeighbours {
    pub topic: usize,
    pub previous: Option<usize>,
    pub next: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Backlink {
    pub from: usize,
    pub context: String,
}

#[derive(Debug)]
pub struct Page {
    pub parsed: Arc<ParsedPage>,
    pub slug: String,
    pub path: String,
    pub hrefs: Vec<String>,
    pub link_titles: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Series {
    pub name: String,
    pub slug: String,
    pub path: String,
    /// Briefs by part number.
    pub briefs: Vec<usize>,
    /// In a translation's edition, how many parts the series of its briefs' originals
    /// has (0 otherwise): a translated part is part 2 of the original's 3 parts,
    /// though only it is translated.
    pub original_total: usize,
}

impl Series {
    /// How many parts the series has ("Part 3 of 4"): its last part's number, since a
    /// part not published yet (a draft, a gap, an untranslated part) still counts.
    pub fn total(&self, briefs: &[Brief]) -> usize {
        self.briefs.last().map_or(0, |&last| {
            (briefs[last].series_part() as usize)
                .max(self.briefs.len())
                .max(self.original_total)
        })
    }
}

/// Connects the parsed site. Returns the site (when it has no errors) and all problems.
pub fn link(input: LinkInput, options: LinkOptions) -> (Option<Site>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let LinkInput {
        config,
        briefs,
        pages,
        assets,
        files,
        glossary,
        left_out,
        people,
        labels,
        now,
        original,
    } = input;
    // Warnings of the parse stage, reported here so that every relink repeats them.
    for brief in &briefs {
        problems.extend(brief.warnings.iter().cloned());
    }
    for page in &pages {
        problems.extend(page.warnings.iter().cloned());
    }
    let (mut briefs, mut taxonomies) =
        place_briefs(&config, &people, &labels, briefs, &mut problems);
    if let Some(language) = config.languages.iter().find(|l| l.code == config.language) {
        taxonomies.translate_regions(&language.regions);
    }
    let pages = place_pages(pages);
    attach_files(&config, &mut briefs, files, &mut problems);
    let logo_size = logo_size(&config, files);
    for brief in &mut briefs {
        brief.preview = schedule::withheld(&brief.parsed, schedule::Inclusion::published(now));
        brief.card =
            (config.social_cards && brief.image.is_none()).then(|| urls::social_card(&brief.path));
    }
    let parsed: Vec<&ParsedBrief> = briefs.iter().map(|b| &*b.parsed).collect();
    let mut series = series::build_series(&parsed, &mut problems);
    series::put_in(&mut briefs, &series);
    if let Some(original) = original {
        series::count_original_parts(&mut series, &briefs, original);
    }
    let intersections = taxonomy::intersections(&taxonomies);
    let outputs = paths::Outputs {
        config: &config,
        briefs: &briefs,
        pages: &pages,
        taxonomies: &taxonomies,
        series: &series,
        intersections: &intersections,
        assets: &assets,
        glossary: glossary.is_some(),
        root: options.root,
    };
    let known_paths = paths::claim_paths(&outputs, &mut problems);

    let severity = if options.warn_links || config.warn_broken_links {
        Severity::Warning
    } else {
        Severity::Error
    };
    let held_back = left_out;
    let left_out: HashMap<String, Withheld> = held_back
        .iter()
        .flat_map(|l| l.names.iter().map(move |n| (n.clone(), l.why.clone())))
        .collect();
    let targets = Targets::new(
        &config,
        &briefs,
        &pages,
        &taxonomies,
        &known_paths,
        &left_out,
    )
    .with_brief_maps()
    .with_original(original.map(|o| Targets::of_site(o, &left_out)));
    let mut stats = LinkStats::default();
    let brief_links = resolve_briefs(&targets, &briefs, options.root, severity);
    let page_links = resolve_pages(&targets, &pages, severity);
    let explicit_related = explicit_related(&targets, &briefs, severity, &mut stats, &mut problems);
    let menus = menus::resolve_menus(&config, &targets, severity, &mut problems);
    let bios = menus::resolve_bios(&config, &people, &targets, severity, &mut problems);
    // A brief belongs to one edition, which a brief that did not parse cannot say: the
    // default language's checks its links.
    if original.is_none() {
        check_unparsed(&targets, &held_back, severity, &mut problems);
    }
    check_assets(&config, &assets, &mut problems);
    drop(targets);

    let mut pages = pages;
    let citations = apply_links(&mut briefs, brief_links, &mut stats, &mut problems);
    for (page, (resolved, found)) in pages.iter_mut().zip(page_links) {
        stats.count(&resolved, &found);
        problems.extend(found);
        (page.hrefs, page.link_titles) = split_resolved(resolved);
    }
    graph::connect(&mut briefs, citations);
    let topic_citations = graph::topic_citations(&briefs, &taxonomies);
    graph::topic_neighbours(&mut briefs, &taxonomies);

    // Scoring is the costliest part of linking; after an edit, only the briefs it can
    // touch are scored again (none, when no brief's date, terms or series changed).
    let rescore = options
        .previous
        .and_then(|previous| {
            related::carry_over(
                previous,
                &config,
                &mut briefs,
                &taxonomies,
                &series,
                &explicit_related,
            )
        })
        .unwrap_or_else(|| (0..briefs.len()).collect());
    let related = related::related_briefs(
        &config,
        &briefs,
        &taxonomies,
        &series,
        &explicit_related,
        &rescore,
    );
    for (&index, related) in rescore.iter().zip(related) {
        briefs[index].related = related.briefs;
        briefs[index].related_from_topics = related.from_topics;
    }

    let glossary = glossary.map(|g| glossary::entries(g, &briefs));
    let failed = problems.iter().any(Diagnostic::is_error);
    let site = (!failed).then_some(Site {
        config,
        briefs,
        pages,
        taxonomies,
        series,
        assets,
        stats,
        intersections,
        topic_citations,
        glossary,
        people,
        bios,
        labels,
        menus,
        editions: Arc::default(),
        logo_size,
        known_paths,
        explicit_related,
    });
    (site, problems)
}

/// The size of the logo, read with the other images of `site/static/` (a theme's
/// logo, or one that cannot be read, has none).
fn logo_size(config: &Config, files: &Assets) -> Option<(u32, u32)> {
    let name = config.logo.as_deref()?.trim_start_matches('/');
    match &files.get(&Path::new("site/static").join(name))?.kind {
        load::assets::AssetKind::Image(info) => Some((info.width, info.height)),
        _ => None,
    }
}

/// `logo:` and `favicon:` must name static files of the site or theme.
fn check_assets(config: &Config, assets: &[(String, String)], problems: &mut Vec<Diagnostic>) {
    for (key, value) in [("logo", &config.logo), ("favicon", &config.favicon)] {
        let Some(name) = value else { continue };
        let name = name.trim_start_matches('/');
        if assets.iter().any(|(asset, _)| asset == name) {
            continue;
        }
        let candidates = assets.iter().map(|(asset, _)| asset.as_str());
        let hint = match crate::model::diagnostics::did_you_mean(name, candidates) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "put the file in `site/static/` and write its name there, e.g. `{key}: {key}.svg`"
            ),
        };
        let problem = Diagnostic::error(
            "E-missing-file",
            format!("`{key}: {name}` names no static file"),
        )
        .hint(hint);
        problems.push(config.locate(problem, &[crate::model::yaml::Step::Key(key)], false));
    }
}

/// Briefs newest first, with their URLs and the terms they belong to. Ties are broken
/// by title then file, so the order never depends on the order files were read in.
fn place_briefs(
    config: &Config,
    people: &People,
    labels: &Labels,
    mut parsed: Vec<Arc<ParsedBrief>>,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<Brief>, Taxonomies) {
    parsed.sort_by(|a, b| edit::order(a).cmp(&edit::order(b)));
    let names: Vec<TermNames> = parsed
        .iter()
        .map(|b| TermNames {
            topics: &b.meta.topics,
            regions: &b.meta.regions,
            tags: &b.meta.tags,
            authors: &b.meta.authors,
            kind: &b.meta.kind,
        })
        .collect();
    let (taxonomies, memberships, clashes) = taxonomy::build(config, people, labels, &names);
    for clash in clashes {
        let (first, first_name) = clash.first;
        let (second, second_name) = clash.second;
        let singular = clash.kind.singular().to_lowercase();
        let problem = Diagnostic::error(
            "E-url-collision",
            format!(
                "{singular} `{}` makes the same URL, /{}, as {singular} `{}` in {}",
                second_name.name,
                urls::term(clash.kind, &second_name.slug),
                first_name.name,
                parsed[first].source.display()
            ),
        )
        .hint("different names need different letters or digits; write one name the same way in every brief, or rename one");
        problems.push(parsed[second].at(problem, Some(second_name.place)));
    }
    drop(names);
    let briefs = parsed
        .into_iter()
        .zip(memberships)
        .map(|(parsed, terms)| Brief::placed(parsed, terms))
        .collect();
    (briefs, taxonomies)
}

/// Standalone pages by slug, with their URLs.
fn place_pages(parsed: Vec<Arc<ParsedPage>>) -> Vec<Page> {
    let mut pages: Vec<Page> = parsed
        .into_iter()
        .map(|parsed| Page {
            slug: parsed.meta.slug.value.clone(),
            path: urls::page(&parsed.meta.slug.value),
            parsed,
            hrefs: Vec::new(),
            link_titles: Vec::new(),
        })
        .collect();
    pages.sort_by(|a, b| a.slug.cmp(&b.slug));
    pages
}

/// The links of the briefs that did not parse: a front matter error does not hide a
/// broken link until it is fixed. Their pages are not made, so only the problems count
/// (and their own links to asset files, which only pages need, are not made either).
fn check_unparsed(
    targets: &Targets,
    left_out: &[LeftOut],
    severity: Severity,
    problems: &mut Vec<Diagnostic>,
) {
    for brief in left_out {
        let Some(unparsed) = &brief.body else {
            continue;
        };
        let text = || Cow::from(unparsed.text.as_str());
        let (_, found) = targets.resolve_all(&brief.source, &text, &unparsed.body, "", severity);
        problems.extend(found);
    }
}

/// Each file's resolved links and the problems of those that did not resolve.
type FileLinks = (Vec<Resolved>, Vec<Diagnostic>);

fn resolve_briefs(
    targets: &Targets,
    briefs: &[Brief],
    root: Option<&Path>,
    severity: Severity,
) -> Vec<FileLinks> {
    briefs
        .par_iter()
        .map(|b| {
            let p = &b.parsed;
            let text = || brief_text(root, p);
            targets.resolve_all(&p.source, &text, &p.body, &b.path, severity)
        })
        .collect()
}

/// The text a problem at a brief's link quotes: the file read again, since the parse
/// kept the front matter only (unless it kept the whole text), or, when the file cannot
/// be read any more, what it kept.
fn brief_text<'a>(root: Option<&Path>, parsed: &'a ParsedBrief) -> Cow<'a, str> {
    let kept = Cow::from(parsed.text.as_str());
    if parsed.text.len() > parsed.body_offset {
        return kept;
    }
    root.and_then(|root| load::read_text(root, &parsed.source).ok())
        .map_or(kept, |file| Cow::from(file.text))
}

fn resolve_pages(targets: &Targets, pages: &[Page], severity: Severity) -> Vec<FileLinks> {
    pages
        .par_iter()
        .map(|page| {
            let p = &page.parsed;
            targets.resolve_all(
                &p.source,
                &|| Cow::from(&p.text),
                &p.body,
                &page.path,
                severity,
            )
        })
        .collect()
}

/// The briefs each brief's `related:` front matter names, checked like links.
fn explicit_related(
    targets: &Targets,
    briefs: &[Brief],
    severity: Severity,
    stats: &mut LinkStats,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Vec<usize>> {
    let mut explicit = vec![Vec::new(); briefs.len()];
    for (index, brief) in briefs.iter().enumerate() {
        for wanted in &brief.parsed.meta.related {
            stats.links_checked += 1;
            match targets.brief_by_name(&wanted.value) {
                Some(target) if target == index || explicit[index].contains(&target) => {
                    let message = if target == index {
                        "`related:` names the brief itself".to_string()
                    } else {
                        format!("`related:` names `{}` twice", wanted.value)
                    };
                    let problem = Diagnostic::warning("W-related", message)
                        .hint("delete this name: a brief is shown once, and never as its own related brief");
                    problems.push(brief.parsed.at(problem, wanted.place));
                }
                Some(target) => explicit[index].push(target),
                // Related briefs stay within a language: an original's related brief
                // that is not translated yet is left out of the translation's.
                None if targets.original_has_brief(&wanted.value) => {}
                None => {
                    let (code, message, hint) =
                        targets.unknown(&wanted.value, "`related:` names", "brief");
                    if code == resolve::LINK_TO_FAILED {
                        continue;
                    }
                    stats.links_broken += 1;
                    let mut problem = Diagnostic::error(code, message).hint(hint);
                    problem.severity = severity;
                    problems.push(brief.parsed.at(problem, wanted.place));
                }
            }
        }
    }
    explicit
}

/// Puts each brief's resolved links in place; returns the citations between briefs as
/// (cited, citing, the sentence of the link).
fn apply_links(
    briefs: &mut [Brief],
    resolved_links: Vec<FileLinks>,
    stats: &mut LinkStats,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(usize, usize, String)> {
    let mut citations = Vec::new();
    for (from, (resolved, found)) in resolved_links.into_iter().enumerate() {
        stats.count(&resolved, &found);
        problems.extend(found);
        let links = &briefs[from].parsed.body.links;
        for (link, r) in links.iter().zip(&resolved) {
            match r.brief {
                Some(to) if to != from => {
                    // Wiki links without text show their targets' titles in the sentence.
                    let title = |i: usize| resolved.get(i).map(|r| r.title.as_str());
                    let context = with_link_titles(&link.context, title).into_owned();
                    citations.push((to, from, context));
                }
                _ => {}
            }
        }
        briefs[from].link_languages = resolved
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, r.language.clone()?)))
            .collect();
        (briefs[from].hrefs, briefs[from].link_titles) = split_resolved(resolved);
    }
    citations
}

fn split_resolved(resolved: Vec<Resolved>) -> (Vec<String>, Vec<String>) {
    resolved.into_iter().map(|r| (r.href, r.title)).unzip()
}

impl LinkStats {
    /// The counts of two sites (two language editions) together.
    pub fn plus(self, other: &LinkStats) -> LinkStats {
        LinkStats {
            links_checked: self.links_checked + other.links_checked,
            links_broken: self.links_broken + other.links_broken,
        }
    }

    fn count(&mut self, resolved: &[Resolved], broken: &[Diagnostic]) {
        self.links_checked += resolved.len();
        self.links_broken += broken.len();
    }
}

/// The PDF edition the build typesets for `brief`, when it typesets one (the rule the
/// parse kept the brief's whole text by: the PDF reads it).
fn typeset_pdf(config: &Config, brief: &Brief) -> Option<BriefPdf> {
    typeset_pdf_of(config, &brief.path, &brief.slug, &brief.parsed.meta)
}

/// The typeset PDF edition of a brief with front matter `meta`, page at site path
/// `page` and slug `slug`, when the build typesets one.
fn typeset_pdf_of(config: &Config, page: &str, slug: &str, meta: &BriefMeta) -> Option<BriefPdf> {
    parse::typesets_pdf(config, meta).then(|| BriefPdf {
        path: urls::beside(page, &config.pdf.file_name_for(slug, &meta.number)),
        attached: None,
    })
}

/// Where a file a brief (`parsed`, whose page is at `page`) attaches under `key`
/// (`pdf:`, `image:`) is read from and written to: `value` relative to the brief's
/// file, as a path relative to the site root, and its site path beside the page.
fn attached_file(page: &str, parsed: &ParsedBrief, value: &str, key: &str) -> (PathBuf, String) {
    let source = parsed.source.parent().unwrap_or(Path::new("")).join(value);
    let file_name = source.file_name().map_or_else(
        || format!("brief.{key}"),
        |n| n.to_string_lossy().into_owned(),
    );
    let path = urls::beside(page, &file_name);
    (source, path)
}

/// The PDF and the image of each brief: files it attaches (`pdf:`, `image:`, relative
/// to the brief's file), which must be among the `files` the site has; else, for the
/// PDF, the typeset edition when the site makes them (`pdf.enabled`) and the brief did
/// not opt out.
fn attach_files(
    config: &Config,
    briefs: &mut [Brief],
    files: &Assets,
    problems: &mut Vec<Diagnostic>,
) {
    for brief in briefs {
        let parsed = Arc::clone(&brief.parsed);
        let meta = &parsed.meta;
        let attached_pdf = match &meta.pdf {
            PdfChoice::Attached(pdf) => Some(pdf),
            PdfChoice::Off => None,
            PdfChoice::Generated => {
                brief.pdf = typeset_pdf(config, brief);
                None
            }
        };
        let folder = parsed.source.parent().unwrap_or(Path::new(""));
        for (key, file) in [("pdf", attached_pdf), ("image", meta.image.as_ref())] {
            let Some(file) = file else { continue };
            let (source, path) = attached_file(&brief.path, &parsed, &file.value, key);
            if !files.contains(&source) {
                let beside: Vec<String> = files
                    .paths()
                    .filter_map(|p| p.strip_prefix(folder).ok())
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .collect();
                let hint = match did_you_mean(&file.value, beside.iter().map(String::as_str)) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!(
                        "put the file beside the brief; `{key}:` is relative to the brief's file"
                    ),
                };
                let problem = Diagnostic::error(
                    "E-missing-file",
                    format!("`{}` does not exist", source.display()),
                )
                .hint(hint);
                problems.push(parsed.at(problem, file.place));
                continue;
            }
            // The picture shown when the page is shared must be the image its name
            // says: a text file or a PNG named `map.jpg` would be published as the
            // page's `og:image` and shown broken, or not at all, where it is shared;
            // the PDF offered for download must be a PDF. (The load stage read their
            // first bytes.)
            if let Some(why) = files.broken(&source) {
                let problem = if key == "image" {
                    Diagnostic::error(
                        "E-bad-image",
                        format!("`{}` cannot be the brief's picture: {why}", source.display()),
                    )
                    .hint("save the picture again as PNG, JPEG, WebP or GIF with the extension of its format, and name that file in `image:`")
                } else {
                    Diagnostic::error(
                        "E-bad-pdf",
                        format!("`{}` cannot be the brief's PDF: {why}", source.display()),
                    )
                    .hint("attach the PDF file itself (exported or printed to PDF), or leave `pdf:` out to have the brief typeset")
                };
                problems.push(parsed.at(problem, file.place));
                continue;
            }
            if key == "pdf" {
                brief.pdf = Some(BriefPdf {
                    path,
                    attached: Some(source),
                });
            } else {
                brief.image = Some((source, path));
            }
        }
    }
}
