//! The link stage: connects parsed briefs and pages into a [`Site`]. Assigns every
//! output its URL (and refuses two outputs at one URL), builds the taxonomies, resolves
//! and checks every internal link and anchor, and computes backlinks, related briefs and
//! series. Works on memory only; never touches the file system.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{did_you_mean, Diagnostic, Severity};
use crate::front_matter::BriefMeta;
use crate::glossary::{Glossary, GlossaryEntry, GLOSSARY_PAGE};
use crate::markdown::{Heading, LinkTarget, OutgoingLink};
use crate::parse::{ParsedBrief, ParsedPage};
use crate::slug::slugify;
use crate::taxonomy::{self, BriefTerms, Taxonomies, TaxonomyKind, TermNames};

/// Top-level URL segments the generator uses; pages cannot take them.
const RESERVED_SEGMENTS: &[&str] = &[
    "briefs",
    "topics",
    "regions",
    "tags",
    "authors",
    "archive",
    "series",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "graph.json",
    "timeline",
    "glossary",
    "search",
];

#[derive(Debug, Clone, Copy, Default)]
pub struct LinkOptions<'a> {
    /// Report broken links as warnings instead of errors (work in progress), as
    /// `warn_broken_links: true` in the configuration does.
    pub warn_links: bool,
    /// The site of the previous rebuild in a watch session: results whose inputs have
    /// not changed (related briefs) are taken from it instead of computed again.
    pub previous: Option<&'a Site>,
}

/// The connected site, ready to render. Immutable once built.
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
    /// Hash of everything related-brief scoring reads, to reuse its result.
    related_inputs: u64,
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
    /// The title of each link's target, used for wiki links without text.
    pub link_titles: Vec<String>,
    pub terms: BriefTerms,
    /// Briefs citing this one, newest first.
    pub backlinks: Vec<Backlink>,
    pub related: Vec<usize>,
    /// Index into [`Site::series`].
    pub series: Option<usize>,
    /// Neighbours in each of the brief's topic lists (newest first).
    pub topic_neighbours: Vec<TopicNeighbours>,
    /// Briefs this one links to (deduplicated, in index order).
    pub cites: Vec<usize>,
    /// The attached PDF: its source (relative to the site root) and output path.
    pub pdf: Option<(PathBuf, String)>,
}

/// Two topics and the briefs on both ("smart power": soft and hard power).
#[derive(Debug, Clone)]
pub struct Intersection {
    /// Indexes into the topics taxonomy, in config order.
    pub topics: (usize, usize),
    pub path: String,
    /// Newest first.
    pub briefs: Vec<usize>,
}

/// The briefs before and after a brief in one topic's list.
#[derive(Debug, Clone)]
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
}

/// Site path of a brief.
pub fn brief_path(slug: &str) -> String {
    format!("briefs/{slug}/")
}

/// Site path of a taxonomy term page.
pub fn term_path(kind: TaxonomyKind, slug: &str) -> String {
    format!("{}/{slug}/", kind.key())
}

/// Site path of page `number` (1-based) of a paginated list at `first`.
pub fn paginated_path(first: &str, number: usize) -> String {
    if number <= 1 {
        first.to_string()
    } else {
        format!("{first}page/{number}/")
    }
}

/// Number of pages a list of `items` takes (at least one, even when empty).
pub fn page_count(items: usize, page_size: usize) -> usize {
    items.div_ceil(page_size.max(1)).max(1)
}

/// Connects the parsed site. Returns the site (when it has no errors) and all problems.
pub fn link(
    config: Config,
    mut parsed_briefs: Vec<Arc<ParsedBrief>>,
    parsed_pages: Vec<Arc<ParsedPage>>,
    assets: Vec<(String, String)>,
    attachments: &[PathBuf],
    glossary: Option<&Glossary>,
    options: LinkOptions,
) -> (Option<Site>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    // Newest first; ties broken by title then file so the order never depends on the
    // order files were read in.
    parsed_briefs.sort_by_cached_key(|b| {
        (
            std::cmp::Reverse(b.meta.date.timestamp()),
            b.meta.title.clone(),
            b.source.clone(),
        )
    });

    let names: Vec<TermNames> = parsed_briefs
        .iter()
        .map(|b| TermNames {
            topics: &b.meta.topics,
            regions: &b.meta.regions,
            region_slugs: &b.region_slugs,
            tags: &b.meta.tags,
            tag_slugs: &b.tag_slugs,
            authors: &b.meta.authors,
        })
        .collect();
    let (taxonomies, memberships) = taxonomy::build(&config, &names);
    drop(names);

    let mut briefs: Vec<Brief> = parsed_briefs
        .into_iter()
        .zip(memberships)
        .map(|(parsed, terms)| Brief {
            slug: parsed.meta.slug.value.clone(),
            path: brief_path(&parsed.meta.slug.value),
            parsed,
            hrefs: Vec::new(),
            link_titles: Vec::new(),
            terms,
            backlinks: Vec::new(),
            related: Vec::new(),
            series: None,
            topic_neighbours: Vec::new(),
            cites: Vec::new(),
            pdf: None,
        })
        .collect();
    let mut pages: Vec<Page> = parsed_pages
        .into_iter()
        .map(|parsed| Page {
            slug: parsed.meta.slug.value.clone(),
            path: format!("{}/", parsed.meta.slug.value),
            parsed,
            hrefs: Vec::new(),
            link_titles: Vec::new(),
        })
        .collect();
    pages.sort_by(|a, b| a.slug.cmp(&b.slug));

    attach_pdfs(&mut briefs, attachments, &mut problems);
    let series = build_series(&mut briefs, &mut problems);
    let intersections = intersections(&taxonomies);
    let outputs = Outputs {
        config: &config,
        briefs: &briefs,
        pages: &pages,
        taxonomies: &taxonomies,
        series: &series,
        intersections: &intersections,
        assets: &assets,
        glossary: glossary.is_some(),
    };
    let known_paths = claim_paths(&outputs, &mut problems);

    let targets = Targets::new(&config, &briefs, &pages, &taxonomies, &known_paths);
    let severity = if options.warn_links || config.warn_broken_links {
        Severity::Warning
    } else {
        Severity::Error
    };
    let mut stats = LinkStats::default();
    let brief_results: Vec<(Vec<Resolved>, Vec<Diagnostic>)> = briefs
        .par_iter()
        .map(|b| {
            targets.resolve_all(
                &b.parsed.source,
                &b.parsed.text,
                &b.parsed.body.links,
                &b.parsed.body.headings,
                severity,
            )
        })
        .collect();
    let page_results: Vec<(Vec<Resolved>, Vec<Diagnostic>)> = pages
        .par_iter()
        .map(|p| {
            targets.resolve_all(
                &p.parsed.source,
                &p.parsed.text,
                &p.parsed.body.links,
                &p.parsed.body.headings,
                severity,
            )
        })
        .collect();
    // `related:` front matter.
    let mut explicit_related: Vec<Vec<usize>> = vec![Vec::new(); briefs.len()];
    for (index, brief) in briefs.iter().enumerate() {
        for wanted in &brief.parsed.meta.related {
            stats.links_checked += 1;
            match targets.brief_by_name(&wanted.value) {
                Some(target) if target != index => explicit_related[index].push(target),
                Some(_) => {}
                None => {
                    stats.links_broken += 1;
                    let mut problem = Diagnostic::error(
                        "E-broken-link",
                        format!("`related:` names unknown brief `{}`", wanted.value),
                    )
                    .at(
                        &brief.parsed.source,
                        &brief.parsed.text,
                        wanted.offset,
                        wanted.value.len(),
                    )
                    .hint(targets.suggest_brief(&wanted.value));
                    problem.severity = severity;
                    problems.push(problem);
                }
            }
        }
    }
    drop(targets);

    let mut citations: Vec<(usize, usize, String)> = Vec::new();
    for (from, (resolved, found)) in brief_results.into_iter().enumerate() {
        stats.links_checked += resolved.len();
        stats.links_broken += found.len();
        problems.extend(found);
        let links = &briefs[from].parsed.body.links;
        for (link, r) in links.iter().zip(&resolved) {
            if let Some(to) = r.brief {
                if to != from {
                    let context = if link.text.is_empty() {
                        link.context.replacen(&link.written, &r.title, 1)
                    } else {
                        link.context.clone()
                    };
                    citations.push((to, from, context));
                }
            }
        }
        briefs[from].hrefs = resolved.iter().map(|r| r.href.clone()).collect();
        briefs[from].link_titles = resolved.into_iter().map(|r| r.title).collect();
    }
    for (index, (resolved, found)) in page_results.into_iter().enumerate() {
        stats.links_checked += resolved.len();
        stats.links_broken += found.len();
        problems.extend(found);
        pages[index].hrefs = resolved.iter().map(|r| r.href.clone()).collect();
        pages[index].link_titles = resolved.into_iter().map(|r| r.title).collect();
    }

    // Backlinks: one entry per citing brief (its first citing sentence), newest first.
    citations.sort_by_key(|(to, from, _)| (*to, *from));
    citations.dedup_by_key(|(to, from, _)| (*to, *from));
    for (to, from, context) in citations {
        briefs[from].cites.push(to);
        briefs[to].backlinks.push(Backlink { from, context });
    }
    for brief in &mut briefs {
        brief.cites.sort_unstable();
    }
    let topic_citations = topic_citations(&briefs, &taxonomies);
    let topics = taxonomies.get(TaxonomyKind::Topics);
    for (topic, term) in topics.terms.iter().enumerate() {
        for (position, &brief) in term.briefs.iter().enumerate() {
            briefs[brief].topic_neighbours.push(TopicNeighbours {
                topic,
                previous: position.checked_sub(1).map(|p| term.briefs[p]),
                next: term.briefs.get(position + 1).copied(),
            });
        }
    }

    let related_inputs = related_inputs(&config, &briefs, &taxonomies, &explicit_related);
    match options.previous {
        // Scoring is the costliest part of linking; an edit that changes no brief's
        // date, terms or series (most edits) leaves every result as it was.
        Some(previous) if previous.related_inputs == related_inputs => {
            for (brief, before) in briefs.iter_mut().zip(&previous.briefs) {
                brief.related.clone_from(&before.related);
            }
        }
        _ => {
            let related = related_briefs(&config, &briefs, &taxonomies, &series, &explicit_related);
            for (brief, related) in briefs.iter_mut().zip(related) {
                brief.related = related;
            }
        }
    }

    let glossary = glossary.map(|g| g.entries(&briefs));
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
        related_inputs,
    });
    (site, problems)
}

/// Puts re-parsed briefs into `site` in place of their previous versions without
/// linking the site again, when nothing outside a brief's own page can tell: the same
/// front matter but for key findings and recommendations, the same links (targets, texts and sentences, which other pages show
/// as backlinks), and the same headings unless no link points into the brief at a
/// heading. Returns the indexes of the replaced briefs, or `None`, leaving `site`
/// untouched, when an edit needs the whole link stage.
pub fn replace_bodies(site: &mut Site, edited: &[Arc<ParsedBrief>]) -> Option<Vec<usize>> {
    let mut replaced = Vec::with_capacity(edited.len());
    for new in edited {
        let index = site
            .briefs
            .iter()
            .position(|b| b.parsed.source == new.source)?;
        let old = &site.briefs[index].parsed;
        let same_links = old.body.links.len() == new.body.links.len()
            && old.body.links.iter().zip(&new.body.links).all(|(a, b)| {
                (&a.target, &a.written, &a.text, &a.context)
                    == (&b.target, &b.written, &b.text, &b.context)
            });
        let same_headings = old.body.headings == new.body.headings;
        if !same_for_other_pages(&old.meta, &new.meta)
            || !same_links
            || (!same_headings && is_linked_at_a_heading(site, index))
        {
            return None;
        }
        replaced.push(index);
    }
    for (new, &index) in edited.iter().zip(&replaced) {
        site.briefs[index].parsed = Arc::clone(new);
    }
    Some(replaced)
}

/// Whether two versions of a brief's front matter differ at most in what only the
/// brief's own page shows (key findings, recommendations) and in where values sit in
/// the file (offsets matter only to diagnostics, and the site had none for them).
fn same_for_other_pages(old: &BriefMeta, new: &BriefMeta) -> bool {
    let without_own_page = |meta: &BriefMeta| {
        let mut meta = meta.clone();
        meta.key_findings.clear();
        meta.recommendations.clear();
        meta.slug.offset = 0;
        for located in meta
            .related
            .iter_mut()
            .chain(&mut meta.aliases)
            .chain(&mut meta.pdf)
        {
            located.offset = 0;
        }
        meta
    };
    without_own_page(old) == without_own_page(new)
}

/// Whether any link of the site (the brief's own `#heading` links included) points at
/// one of the brief's headings.
fn is_linked_at_a_heading(site: &Site, index: usize) -> bool {
    let brief = &site.briefs[index];
    let into_brief = format!("{}#", site.config.base_url.local(&brief.path));
    let points_in = |href: &String| href.starts_with(&into_brief);
    brief
        .parsed
        .body
        .links
        .iter()
        .any(|l| matches!(l.target, LinkTarget::Anchor(_)))
        || brief.hrefs.iter().any(points_in)
        || brief
            .backlinks
            .iter()
            .any(|b| site.briefs[b.from].hrefs.iter().any(points_in))
        || site.pages.iter().any(|p| p.hrefs.iter().any(points_in))
}

/// Hash of what [`related_briefs`] reads: the weights, and each brief's position,
/// slug, date, terms, series and explicit `related:` entries.
fn related_inputs(
    config: &Config,
    briefs: &[Brief],
    taxonomies: &Taxonomies,
    explicit: &[Vec<usize>],
) -> u64 {
    let mut hasher = DefaultHasher::new();
    format!("{:?}", config.related).hash(&mut hasher);
    for (brief, explicit) in briefs.iter().zip(explicit) {
        (&brief.slug, brief.parsed.meta.date.timestamp()).hash(&mut hasher);
        for kind in TaxonomyKind::ALL {
            for &term in &brief.terms[kind as usize] {
                taxonomies.get(kind).terms[term].slug.hash(&mut hasher);
            }
            u8::MAX.hash(&mut hasher);
        }
        (&brief.parsed.meta.series, explicit).hash(&mut hasher);
    }
    hasher.finish()
}

/// Site path of the page of briefs on both topics: `topics/soft-power+hard-power/`.
pub fn intersection_path(a: &str, b: &str) -> String {
    format!("topics/{a}+{b}/")
}

fn intersections(taxonomies: &Taxonomies) -> Vec<Intersection> {
    let topics = &taxonomies.get(TaxonomyKind::Topics).terms;
    let mut all = Vec::new();
    for a in 0..topics.len() {
        for b in a + 1..topics.len() {
            // Both lists are newest first, which is index order.
            let in_b: HashSet<usize> = topics[b].briefs.iter().copied().collect();
            all.push(Intersection {
                topics: (a, b),
                path: intersection_path(&topics[a].slug, &topics[b].slug),
                briefs: topics[a]
                    .briefs
                    .iter()
                    .copied()
                    .filter(|i| in_b.contains(i))
                    .collect(),
            });
        }
    }
    all
}

fn topic_citations(briefs: &[Brief], taxonomies: &Taxonomies) -> Vec<Vec<usize>> {
    let count = taxonomies.get(TaxonomyKind::Topics).terms.len();
    let mut matrix = vec![vec![0; count]; count];
    let topics = TaxonomyKind::Topics as usize;
    for brief in briefs {
        for &cited in &brief.cites {
            for &from in &brief.terms[topics] {
                for &to in &briefs[cited].terms[topics] {
                    matrix[from][to] += 1;
                }
            }
        }
    }
    matrix
}

/// Notes for briefs nothing links to and that link nowhere (listed by `check`).
pub fn orphan_notes(site: &Site) -> Vec<Diagnostic> {
    site.briefs
        .iter()
        .filter(|b| b.backlinks.is_empty() && b.cites.is_empty())
        .map(|b| {
            Diagnostic::note(
                "N-orphan",
                "no brief links here and this brief links to no other",
            )
            .in_file(&b.parsed.source)
            .hint("link it from related briefs (e.g. `[[slug]]`) so readers can find it")
        })
        .collect()
}

fn attach_pdfs(briefs: &mut [Brief], attachments: &[PathBuf], problems: &mut Vec<Diagnostic>) {
    for brief in briefs {
        let Some(pdf) = &brief.parsed.meta.pdf else {
            continue;
        };
        let folder = brief.parsed.source.parent().unwrap_or(Path::new("briefs"));
        let source = folder.join(&pdf.value);
        if attachments.contains(&source) {
            let file_name = source
                .file_name()
                .map_or_else(|| "brief.pdf".into(), |n| n.to_string_lossy().into_owned());
            brief.pdf = Some((source, format!("{}{file_name}", brief.path)));
        } else {
            let p = &brief.parsed;
            problems.push(
                Diagnostic::error(
                    "E-missing-file",
                    format!("`{}` does not exist", source.display()),
                )
                .at(&p.source, &p.text, pdf.offset, pdf.value.len())
                .hint("put the PDF in the briefs folder; `pdf:` is relative to the brief's file"),
            );
        }
    }
}

fn build_series(briefs: &mut [Brief], problems: &mut Vec<Diagnostic>) -> Vec<Series> {
    let mut by_slug: BTreeMap<String, Vec<(u32, usize)>> = BTreeMap::new();
    let mut names: HashMap<String, String> = HashMap::new();
    for (index, brief) in briefs.iter().enumerate() {
        if let Some(series) = &brief.parsed.meta.series {
            let slug = slugify(&series.name);
            names
                .entry(slug.clone())
                .or_insert_with(|| series.name.clone());
            by_slug.entry(slug).or_default().push((series.part, index));
        }
    }
    let mut all = Vec::new();
    for (slug, mut parts) in by_slug {
        parts.sort();
        for pair in parts.windows(2) {
            if pair[0].0 == pair[1].0 {
                let (first, second) = (&briefs[pair[0].1].parsed, &briefs[pair[1].1].parsed);
                let offset = second.text.find("series").unwrap_or(0);
                problems.push(
                    Diagnostic::error(
                        "E-duplicate-series-part",
                        format!(
                            "part {} of series `{}` is also claimed by {}",
                            pair[0].0,
                            names[&slug],
                            first.source.display()
                        ),
                    )
                    .at(&second.source, &second.text, offset, "series".len())
                    .hint("give each brief of a series its own part number"),
                );
            }
        }
        let series_index = all.len();
        for (_, brief) in &parts {
            briefs[*brief].series = Some(series_index);
        }
        all.push(Series {
            name: names[&slug].clone(),
            path: format!("series/{slug}/"),
            slug,
            briefs: parts.into_iter().map(|(_, b)| b).collect(),
        });
    }
    all
}

/// Everything that writes output files, for [`claim_paths`].
struct Outputs<'a> {
    config: &'a Config,
    briefs: &'a [Brief],
    pages: &'a [Page],
    taxonomies: &'a Taxonomies,
    series: &'a [Series],
    intersections: &'a [Intersection],
    assets: &'a [(String, String)],
    /// The site has a glossary page.
    glossary: bool,
}

/// Records who writes each output path and reports two outputs at one path. Returns
/// every path of the site (for checking `/absolute/` links).
fn claim_paths(outputs: &Outputs, problems: &mut Vec<Diagnostic>) -> HashSet<String> {
    let Outputs {
        config,
        briefs,
        pages,
        taxonomies,
        series,
        intersections,
        assets,
        glossary,
    } = *outputs;
    let mut owners: HashMap<String, String> = HashMap::new();
    let mut claim = |path: String,
                     owner: &str,
                     problems: &mut Vec<Diagnostic>,
                     at: Option<(&Path, &str, usize, usize)>|
     -> bool {
        if let Some(previous) = owners.get(&path) {
            let code = if owner.starts_with("brief")
                && previous.starts_with("brief")
                && path.starts_with("briefs/")
            {
                "E-duplicate-slug"
            } else {
                "E-url-collision"
            };
            let mut problem = Diagnostic::error(
                code,
                format!("{owner} writes `/{path}`, which {previous} already writes"),
            )
            .hint("give one of them another slug (or rename the file)");
            problem = match at {
                Some((file, text, offset, len)) => problem.at(file, text, offset, len),
                None => problem,
            };
            problems.push(problem);
            false
        } else {
            owners.insert(path, owner.to_string());
            true
        }
    };
    for fixed in [
        "",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "graph.json",
        "archive/",
        "timeline/",
        "search/",
    ] {
        claim(fixed.to_string(), "the generator", problems, None);
    }
    if glossary {
        claim(GLOSSARY_PAGE.to_string(), "the glossary", problems, None);
    }
    let list_pages = page_count(briefs.len(), config.page_size);
    for n in 1..=list_pages {
        claim(
            paginated_path("briefs/", n),
            "the brief list",
            problems,
            None,
        );
    }
    for kind in TaxonomyKind::ALL {
        let taxonomy = taxonomies.get(kind);
        claim(format!("{}/", kind.key()), "the generator", problems, None);
        for term in &taxonomy.terms {
            let first = term_path(kind, &term.slug);
            for n in 1..=page_count(term.briefs.len(), config.page_size) {
                claim(
                    paginated_path(&first, n),
                    &format!("{} `{}`", kind.singular().to_lowercase(), term.name),
                    problems,
                    None,
                );
            }
            if kind == TaxonomyKind::Topics {
                claim(format!("{first}atom.xml"), "the generator", problems, None);
            }
        }
    }
    for intersection in intersections {
        for n in 1..=page_count(intersection.briefs.len(), config.page_size) {
            claim(
                paginated_path(&intersection.path, n),
                "a topic intersection",
                problems,
                None,
            );
        }
    }
    for s in series {
        claim(
            s.path.clone(),
            &format!("series `{}`", s.name),
            problems,
            None,
        );
    }
    // Briefs in file order, so a collision is reported at the later file; aliases
    // last, so an alias over a real page is reported at the alias.
    let mut by_file: Vec<&Brief> = briefs.iter().collect();
    by_file.sort_by(|a, b| a.parsed.source.cmp(&b.parsed.source));
    for brief in &by_file {
        let p = &brief.parsed;
        let owner = format!("brief {}", p.source.display());
        let (offset, len) = if p.meta.slug.offset > 0 {
            (p.meta.slug.offset, p.meta.slug.value.len())
        } else {
            (0, 3)
        };
        let at = Some((p.source.as_path(), p.text.as_str(), offset, len));
        if claim(brief.path.clone(), &owner, problems, at) {
            // Files next to the brief page collide only if the page does.
            for record in ["cite.bib", "cite.ris"] {
                claim(format!("{}{record}", brief.path), &owner, problems, None);
            }
            if let Some((_, pdf_path)) = &brief.pdf {
                claim(pdf_path.clone(), &owner, problems, None);
            }
        }
    }
    for page in pages {
        let p = &page.parsed;
        let owner = format!("page {}", p.source.display());
        if RESERVED_SEGMENTS.contains(&page.slug.as_str()) {
            problems.push(
                Diagnostic::error(
                    "E-url-collision",
                    format!(
                        "a page cannot be called `{}`: the generator uses /{}/",
                        page.slug, page.slug
                    ),
                )
                .at(&p.source, &p.text, p.meta.slug.offset, 3)
                .hint("rename the file or set another `slug:`"),
            );
            continue;
        }
        claim(
            page.path.clone(),
            &owner,
            problems,
            Some((&p.source, &p.text, p.meta.slug.offset, 3)),
        );
    }
    for (_, path) in assets {
        let dir_path = path.strip_suffix("index.html").map(str::to_string);
        let claimed = dir_path.unwrap_or_else(|| path.clone());
        claim(claimed, &format!("static file `{path}`"), problems, None);
    }
    for brief in &by_file {
        let p = &brief.parsed;
        for alias in &p.meta.aliases {
            let alias_owner = format!("the alias in {}", p.source.display());
            let at = Some((
                p.source.as_path(),
                p.text.as_str(),
                alias.offset,
                alias.value.len(),
            ));
            claim(alias.value.clone(), &alias_owner, problems, at);
        }
    }
    owners.into_keys().collect()
}

/// The result of resolving one link.
struct Resolved {
    href: String,
    title: String,
    /// The brief it points to, for backlinks.
    brief: Option<usize>,
}

/// Lookup tables for resolving links.
struct Targets<'a> {
    config: &'a Config,
    briefs: &'a [Brief],
    pages: &'a [Page],
    taxonomies: &'a Taxonomies,
    known_paths: &'a HashSet<String>,
    brief_by_name: HashMap<&'a str, usize>,
    page_by_name: HashMap<&'a str, usize>,
}

impl<'a> Targets<'a> {
    fn new(
        config: &'a Config,
        briefs: &'a [Brief],
        pages: &'a [Page],
        taxonomies: &'a Taxonomies,
        known_paths: &'a HashSet<String>,
    ) -> Targets<'a> {
        let mut brief_by_name = HashMap::new();
        for (i, b) in briefs.iter().enumerate() {
            brief_by_name.entry(b.slug.as_str()).or_insert(i);
        }
        // A link may also name the file (`old-name.md`) when the slug was overridden.
        for (i, b) in briefs.iter().enumerate() {
            if let Some(stem) = b.parsed.source.file_stem().and_then(|s| s.to_str()) {
                brief_by_name.entry(stem).or_insert(i);
            }
        }
        let mut page_by_name = HashMap::new();
        for (i, p) in pages.iter().enumerate() {
            page_by_name.entry(p.slug.as_str()).or_insert(i);
            if let Some(stem) = p.parsed.source.file_stem().and_then(|s| s.to_str()) {
                page_by_name.entry(stem).or_insert(i);
            }
        }
        Targets {
            config,
            briefs,
            pages,
            taxonomies,
            known_paths,
            brief_by_name,
            page_by_name,
        }
    }

    fn brief_by_name(&self, name: &str) -> Option<usize> {
        self.brief_by_name.get(name).copied()
    }

    fn suggest_brief(&self, name: &str) -> String {
        let candidates = self
            .brief_by_name
            .keys()
            .chain(self.page_by_name.keys())
            .copied();
        match did_you_mean(name, candidates) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "link to a brief by its slug (its file name without `.md`)".to_string(),
        }
    }

    fn resolve_all(
        &self,
        source: &Path,
        text: &str,
        links: &[OutgoingLink],
        own_headings: &[Heading],
        severity: Severity,
    ) -> (Vec<Resolved>, Vec<Diagnostic>) {
        let mut resolved = Vec::with_capacity(links.len());
        let mut problems = Vec::new();
        for link in links {
            match self.resolve(link, own_headings) {
                Ok(r) => resolved.push(r),
                Err((code, message, hint)) => {
                    let shown = if link.text.is_empty() {
                        &link.written
                    } else {
                        &link.text
                    };
                    let mut problem =
                        Diagnostic::error(code, format!("{message} (link text: “{shown}”)"))
                            .at(source, text, link.offset, link.len)
                            .hint(hint);
                    problem.severity = severity;
                    problems.push(problem);
                    // With --warn-links the page still renders; the link goes nowhere.
                    resolved.push(Resolved {
                        href: "#".to_string(),
                        title: link.written.clone(),
                        brief: None,
                    });
                }
            }
        }
        (resolved, problems)
    }

    fn resolve(
        &self,
        link: &OutgoingLink,
        own_headings: &[Heading],
    ) -> Result<Resolved, (&'static str, String, String)> {
        let base = &self.config.base_url;
        match &link.target {
            LinkTarget::Glossary(slug) => Ok(Resolved {
                href: format!("{}#{slug}", base.local(GLOSSARY_PAGE)),
                title: String::new(),
                brief: None,
            }),
            LinkTarget::Anchor(anchor) => {
                check_anchor(anchor, own_headings, "this page")?;
                Ok(Resolved {
                    href: format!("#{anchor}"),
                    title: heading_title(anchor, own_headings).unwrap_or_default(),
                    brief: None,
                })
            }
            LinkTarget::Document { name, anchor } => {
                let (path, title, headings, brief) = if let Some(i) = self.brief_by_name(name) {
                    let b = &self.briefs[i];
                    (
                        &b.path,
                        &b.parsed.meta.title,
                        &b.parsed.body.headings,
                        Some(i),
                    )
                } else if let Some(&i) = self.page_by_name.get(name.as_str()) {
                    let p = &self.pages[i];
                    (&p.path, &p.parsed.meta.title, &p.parsed.body.headings, None)
                } else {
                    return Err((
                        "E-broken-link",
                        format!("link to unknown brief or page `{name}`"),
                        self.suggest_brief(name),
                    ));
                };
                let mut href = base.local(path);
                if let Some(anchor) = anchor {
                    check_anchor(anchor, headings, &format!("`{name}`"))?;
                    href.push('#');
                    href.push_str(anchor);
                }
                Ok(Resolved {
                    href,
                    title: title.clone(),
                    brief,
                })
            }
            LinkTarget::Term { kind, slug } => {
                let Some(kind) = TaxonomyKind::from_link_prefix(kind) else {
                    return Err((
                        "E-unknown-term",
                        format!("unknown kind of link `{kind}:`"),
                        "term links start with `topic:`, `region:`, `tag:` or `author:`"
                            .to_string(),
                    ));
                };
                let taxonomy = self.taxonomies.get(kind);
                let wanted = if kind == TaxonomyKind::Authors {
                    slug.clone()
                } else {
                    slugify(slug)
                };
                match taxonomy.find(&wanted) {
                    Some(term) => {
                        let term = &taxonomy.terms[term];
                        Ok(Resolved {
                            href: base.local(&term_path(kind, &term.slug)),
                            title: term.name.clone(),
                            brief: None,
                        })
                    }
                    None => {
                        let suggestion =
                            did_you_mean(&wanted, taxonomy.terms.iter().map(|t| t.slug.as_str()));
                        let hint = match suggestion {
                            Some(s) => {
                                format!("did you mean `{}:{s}`?", kind.singular().to_lowercase())
                            }
                            None => {
                                format!("no brief uses this {}", kind.singular().to_lowercase())
                            }
                        };
                        Err((
                            "E-unknown-term",
                            format!(
                                "link to unknown {} `{slug}`",
                                kind.singular().to_lowercase()
                            ),
                            hint,
                        ))
                    }
                }
            }
            LinkTarget::SitePath { path, anchor } => {
                let trimmed = path.trim_start_matches('/');
                let candidates = [trimmed.to_string(), format!("{trimmed}/")];
                let Some(found) = candidates
                    .iter()
                    .find(|c| self.known_paths.contains(c.as_str()))
                else {
                    let suggestion =
                        did_you_mean(trimmed, self.known_paths.iter().map(String::as_str));
                    let hint = match suggestion {
                        Some(s) => format!("did you mean `/{s}`?"),
                        None => "link to briefs as `slug.md` so the link follows the brief if its URL changes".to_string(),
                    };
                    return Err((
                        "E-broken-link",
                        format!("link to `{path}`, which this site does not have"),
                        hint,
                    ));
                };
                let mut href = base.local(found);
                let brief = found
                    .strip_prefix("briefs/")
                    .and_then(|rest| rest.strip_suffix('/'))
                    .and_then(|slug| self.brief_by_name(slug));
                if let Some(anchor) = anchor {
                    if let Some(i) = brief {
                        check_anchor(
                            anchor,
                            &self.briefs[i].parsed.body.headings,
                            &format!("`{path}`"),
                        )?;
                    }
                    href.push('#');
                    href.push_str(anchor);
                }
                Ok(Resolved {
                    href,
                    title: brief
                        .map(|i| self.briefs[i].parsed.meta.title.clone())
                        .unwrap_or_default(),
                    brief,
                })
            }
        }
    }
}

fn heading_title(anchor: &str, headings: &[Heading]) -> Option<String> {
    headings
        .iter()
        .find(|h| h.id == anchor)
        .map(|h| h.title.clone())
}

fn check_anchor(
    anchor: &str,
    headings: &[Heading],
    target: &str,
) -> Result<(), (&'static str, String, String)> {
    let is_footnote = anchor.starts_with("fn-") || anchor.starts_with("fnref-");
    if is_footnote || headings.iter().any(|h| h.id == anchor) {
        return Ok(());
    }
    let hint = match did_you_mean(anchor, headings.iter().map(|h| h.id.as_str())) {
        Some(s) => format!("did you mean `#{s}`?"),
        None if headings.is_empty() => format!("{target} has no headings"),
        None => format!(
            "headings of {target}: {}",
            headings
                .iter()
                .take(8)
                .map(|h| format!("`#{}`", h.id))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err((
        "E-broken-anchor",
        format!("{target} has no heading `#{anchor}`"),
        hint,
    ))
}

/// Related briefs: explicit `related:` first, then the best-scoring others. Candidates
/// come from the brief's narrow terms (tags, regions, authors, series) through the
/// taxonomy index, never from all pairs, so the cost per brief does not grow with the
/// archive. Broad terms (topics, very common tags) only add to a candidate's score.
fn related_briefs(
    config: &Config,
    briefs: &[Brief],
    taxonomies: &Taxonomies,
    series: &[Series],
    explicit: &[Vec<usize>],
) -> Vec<Vec<usize>> {
    let weights = &config.related;
    let limit = weights.limit;
    if limit == 0 {
        return vec![Vec::new(); briefs.len()];
    }
    // Publication times in years, computed once: converting dates per candidate pair
    // was most of the cost of scoring.
    let years: Vec<f64> = briefs
        .iter()
        .map(|b| b.parsed.meta.date.timestamp() as f64 / (365.25 * 86_400.0))
        .collect();
    let weight = |kind: TaxonomyKind| match kind {
        TaxonomyKind::Topics => weights.topic_weight,
        TaxonomyKind::Regions => weights.region_weight,
        TaxonomyKind::Tags => weights.tag_weight,
        TaxonomyKind::Authors => weights.author_weight,
    };
    briefs
        .par_iter()
        .enumerate()
        .map_init(
            || Candidates::new(briefs.len()),
            |candidates, (index, brief)| {
                for kind in TaxonomyKind::ALL {
                    if kind == TaxonomyKind::Topics {
                        continue;
                    }
                    for &term in &brief.terms[kind as usize] {
                        let members = &taxonomies.get(kind).terms[term].briefs;
                        if members.len() <= BROAD_TERM {
                            candidates.extend(members);
                        }
                    }
                }
                if let Some(s) = brief.series {
                    candidates.extend(&series[s].briefs);
                }
                if candidates.len() < limit * 3 {
                    // Too few narrow matches: also consider the newest briefs on the
                    // same topics.
                    for &term in &brief.terms[TaxonomyKind::Topics as usize] {
                        let members = &taxonomies.get(TaxonomyKind::Topics).terms[term].briefs;
                        candidates.extend(members.iter().take(limit * 3));
                    }
                }
                let mut scored: Vec<(f64, usize)> = candidates
                    .drain()
                    .filter(|&c| c != index && !explicit[index].contains(&c))
                    .map(|c| {
                        let other = &briefs[c];
                        let mut score = 0.0;
                        for kind in TaxonomyKind::ALL {
                            let shared = brief.terms[kind as usize]
                                .iter()
                                .filter(|t| other.terms[kind as usize].contains(t))
                                .count();
                            score += weight(kind) * shared as f64;
                        }
                        let apart = (years[index] - years[c]).abs();
                        (score / (1.0 + weights.recency_decay_per_year * apart), c)
                    })
                    .filter(|(score, _)| *score > 0.0)
                    .collect();
                scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                let mut related: Vec<usize> = explicit[index].clone();
                related.dedup();
                related.extend(scored.into_iter().map(|(_, c)| c));
                related.truncate(limit.max(explicit[index].len()));
                related
            },
        )
        .collect()
}

/// A term shared by more briefs than this says little about relatedness, and scanning
/// it for every one of its briefs would make related scoring quadratic.
const BROAD_TERM: usize = 200;

/// The set of candidate briefs for one brief at a time, without sorting and
/// deduplicating a list per brief: a flag per brief of the site, reused across briefs
/// (one set per thread), plus the list of briefs flagged.
struct Candidates {
    flagged: Vec<bool>,
    list: Vec<usize>,
}

impl Candidates {
    fn new(briefs: usize) -> Candidates {
        Candidates {
            flagged: vec![false; briefs],
            list: Vec::new(),
        }
    }

    fn extend<'a>(&mut self, briefs: impl IntoIterator<Item = &'a usize>) {
        for &brief in briefs {
            if !self.flagged[brief] {
                self.flagged[brief] = true;
                self.list.push(brief);
            }
        }
    }

    fn len(&self) -> usize {
        self.list.len()
    }

    /// The candidates in index order, leaving the set empty.
    fn drain(&mut self) -> impl Iterator<Item = usize> + '_ {
        self.list.sort_unstable();
        for &brief in &self.list {
            self.flagged[brief] = false;
        }
        self.list.drain(..)
    }
}
