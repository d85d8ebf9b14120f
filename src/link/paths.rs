//! Who writes each path of the output. Every page, file and redirect claims its path
//! here; two claims on one path are an error naming both owners.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::Datelike;

use hashbrown::{HashMap, HashSet};

use crate::config::Config;
use crate::link::taxonomy::Taxonomies;
use crate::link::taxonomy::{fold_path, Term};
use crate::link::{Brief, Intersection, Page, Series};
use crate::model::body::{AssetOutput, AssetUse};
use crate::model::diagnostics::Diagnostic;
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;
use crate::model::yaml::Place;
use crate::parse::ParsedBrief;

/// Everything that writes output files.
pub(super) struct Outputs<'a> {
    pub config: &'a Config,
    pub briefs: &'a [Brief],
    pub pages: &'a [Page],
    pub taxonomies: &'a Taxonomies,
    pub series: &'a [Series],
    pub intersections: &'a [Intersection],
    /// Static files as (name templates use, path in the output).
    pub assets: &'a [(String, String)],
    /// The site has a glossary page.
    pub glossary: bool,
    /// The site's root, where a static file whose path is taken is found to name it.
    pub root: Option<&'a Path>,
}

/// The longest file or folder name most file systems take (ext4, APFS, NTFS: 255).
const MAX_NAME_BYTES: usize = 255;

/// Folders whose every file the generator writes (the search index names its files
/// after their contents, so no other output may go there).
const GENERATED_FOLDERS: &[(&str, &str)] = &[(urls::SEARCH, "the search index")];

/// Every site path of a site (for checking `/absolute/` links), those of them that
/// every language edition shares, and who writes each file of the output. Files are
/// compared as the file systems of macOS and Windows compare names (letter case and
/// Unicode form set aside), so two outputs can never be one file anywhere the site is
/// built or copied. Kept with the linked site, so that a watch session's patch can
/// claim a new page's path, or give one back, without claiming every path again.
#[derive(Debug, Default)]
pub(super) struct KnownPaths {
    /// Every claimed site path.
    pub all: HashSet<String>,
    /// The claimed paths of static files and their resized copies, which every
    /// language edition shares.
    pub shared: HashSet<String>,
    /// Owner (described for people: "brief briefs/a.md") by folded output file.
    owners: HashMap<String, String>,
    /// The folders claimed files are in (folded), each with the owner of the first
    /// file claimed in it and how many claimed files it holds: a file cannot have the
    /// name of a folder another file needs (`/robots.txt/index.html`).
    folders: HashMap<String, (String, usize)>,
    /// The folders of the other language editions (`ru/`), with their owner: nothing
    /// of the default language's site may go in them.
    edition_folders: Vec<(String, String)>,
}

/// Why a path cannot be claimed.
enum Refusal {
    /// Someone writes it already (described for people).
    Taken(String),
    /// One of its names is longer than file systems allow.
    TooLong(String),
}

impl KnownPaths {
    /// Claims site path `path` for `owner`.
    fn claim(&mut self, path: String, owner: &str) -> Result<(), Refusal> {
        let key = self.refusal(&path, owner)?;
        for folder in folders_of(&key) {
            let entry = self
                .folders
                .entry(folder.to_string())
                .or_insert_with(|| (owner.to_string(), 0));
            entry.1 += 1;
        }
        self.owners.insert(key, owner.to_string());
        self.all.insert(path);
        Ok(())
    }

    /// Why `owner` cannot claim site path `path`, or the key its claim is kept by.
    fn refusal(&self, path: &str, owner: &str) -> Result<String, Refusal> {
        let file = urls::output_file(path);
        if let Some(name) = file.split('/').find(|n| n.len() > MAX_NAME_BYTES) {
            return Err(Refusal::TooLong(name.to_string()));
        }
        for (folder, generator) in GENERATED_FOLDERS {
            if file.starts_with(folder) && file != urls::output_file(folder) && owner != *generator
            {
                return Err(Refusal::Taken(generator.to_string()));
            }
        }
        let folded = fold_path(&file);
        if let Some((_, edition)) = self
            .edition_folders
            .iter()
            .find(|(folder, _)| folded.starts_with(folder.as_str()))
        {
            return Err(Refusal::Taken(edition.clone()));
        }
        if let Some(previous) = self.owners.get(&folded) {
            return Err(Refusal::Taken(previous.clone()));
        }
        // A folder of the file is another's file, or the file is another's folder.
        if let Some(previous) = folders_of(&folded).find_map(|folder| self.owners.get(folder)) {
            return Err(Refusal::Taken(previous.clone()));
        }
        if let Some((previous, _)) = self.folders.get(&folded) {
            return Err(Refusal::Taken(previous.clone()));
        }
        Ok(folded)
    }

    /// Whether `owner` could claim every one of `paths` (none of them claimed yet).
    pub(super) fn can_claim(&self, paths: &[String], owner: &str) -> bool {
        paths.iter().all(|path| self.refusal(path, owner).is_ok())
    }

    /// Claims `paths` for `owner`, who [`KnownPaths::can_claim`] them.
    pub(super) fn claim_all(&mut self, paths: Vec<String>, owner: &str) {
        for path in paths {
            let claimed = self.claim(path, owner);
            debug_assert!(claimed.is_ok(), "claimed a path that was taken");
        }
    }

    /// Claims `paths`, resized copies of static images, for [`RESIZED_IMAGES_OWNER`].
    pub(super) fn claim_shared(&mut self, paths: Vec<String>) {
        self.shared.extend(paths.iter().cloned());
        self.claim_all(paths, RESIZED_IMAGES_OWNER);
    }

    /// Gives back the resized copy of a static image at `path`.
    pub(super) fn release_shared(&mut self, path: &str) {
        self.shared.remove(path);
        self.release(path);
    }

    /// Gives back site path `path`, which its owner no longer writes.
    pub(super) fn release(&mut self, path: &str) {
        let key = fold_path(&urls::output_file(path));
        if self.owners.remove(&key).is_some() {
            for folder in folders_of(&key) {
                if let Some(entry) = self.folders.get_mut(folder) {
                    entry.1 -= 1;
                    if entry.1 == 0 {
                        self.folders.remove(folder);
                    }
                }
            }
        }
        self.all.remove(path);
    }
}

/// The folders a file of the output is in: `a`, then `a/b` for `a/b/index.html`.
fn folders_of(file: &str) -> impl Iterator<Item = &str> {
    file.match_indices('/').map(move |(at, _)| &file[..at])
}

/// The problem of `owner` not being able to write `path`.
fn refused(owner: &str, path: &str, refusal: Refusal) -> Diagnostic {
    match refusal {
        Refusal::Taken(previous) => Diagnostic::error(
            "E-url-collision",
            format!("{owner} writes `/{path}`, which {previous} already writes"),
        )
        .hint("give one of them another slug (or rename the file)"),
        Refusal::TooLong(name) => Diagnostic::error(
            "E-path-too-long",
            format!(
                "{owner} writes `/{path}`, whose name `{}…` is {} bytes; file systems take {MAX_NAME_BYTES}",
                name.chars().take(24).collect::<String>(),
                name.len()
            ),
        )
        .hint("use a shorter slug, tag or alias"),
    }
}

/// The problem of an alias that cannot be written at `path`: the alias is what to
/// change (the page already there keeps its address).
fn refused_alias(owner: &str, path: &str, refusal: Refusal) -> Diagnostic {
    let taken = matches!(refusal, Refusal::Taken(_));
    let problem = refused(owner, path, refusal);
    match taken {
        true => problem.hint("remove this alias or change it: the address is already in use"),
        false => problem,
    }
}

/// Records who writes each output path and reports two outputs at one path. Returns
/// every path of the site.
pub(super) fn claim_paths(outputs: &Outputs, problems: &mut Vec<Diagnostic>) -> KnownPaths {
    let mut claims = KnownPaths::default();
    // The default language's site is the one other editions' folders sit in.
    if outputs.config.base_url.edition.is_empty() {
        claims.edition_folders = outputs
            .config
            .languages
            .iter()
            .map(|l| {
                let folder = fold_path(&urls::edition_folder(&l.code));
                (
                    folder,
                    format!("the `{}` edition of the site (`languages:`)", l.code),
                )
            })
            .collect();
    }
    claim_generated(&mut claims, outputs, problems);
    // Briefs in file order, so a collision is reported at the later file; aliases
    // last, so an alias over a real page is reported at the alias.
    let mut by_file: Vec<&Brief> = outputs.briefs.iter().collect();
    by_file.sort_by(|a, b| a.parsed.source.cmp(&b.parsed.source));
    claim_briefs(&mut claims, &by_file, outputs.config, problems);
    claim_pages(&mut claims, outputs.pages, problems);
    claim_shared_variants(&mut claims, outputs, problems);
    for (name, path) in outputs.assets {
        let owner = format!("static file `{path}`");
        let site_path = urls::site_path_of(path).to_string();
        claims.shared.insert(site_path.clone());
        if let Err(refusal) = claims.claim(site_path, &owner) {
            let problem = refused(&owner, path, refusal)
                .in_file(static_source(outputs, name))
                .hint("rename or delete the static file (a page the generator writes is changed through its template, in `site/templates/`)");
            problems.push(problem);
        }
    }
    claim_aliases(&mut claims, &by_file, problems);
    claim_page_aliases(&mut claims, outputs.pages, problems);
    claims
}

/// Where the static file templates name `name` comes from, relative to the site: the
/// site's own (`site/static/`), else its theme's (`themes/<theme>/static/`).
fn static_source(outputs: &Outputs, name: &str) -> PathBuf {
    let site_file = Path::new("site/static").join(name);
    let is_site_file = outputs
        .root
        .is_some_and(|root| root.join(&site_file).is_file());
    if is_site_file {
        return site_file;
    }
    Path::new("themes")
        .join(&outputs.config.theme)
        .join("static")
        .join(name)
}

/// The pages every site has, and the list pages of briefs, terms, topic pairs and
/// series.
fn claim_generated(claims: &mut KnownPaths, outputs: &Outputs, problems: &mut Vec<Diagnostic>) {
    // A term's pages are shown where the term is written: in the newest brief using it.
    let place_of = |kind: TaxonomyKind, term: &Term| {
        let brief = &outputs.briefs[*term.briefs.first()?];
        let names = match kind {
            TaxonomyKind::Regions => &brief.parsed.meta.regions,
            TaxonomyKind::Tags => &brief.parsed.meta.tags,
            _ => return None,
        };
        let name = names.iter().find(|n| n.slug == term.slug)?;
        Some((brief, name.place))
    };
    let mut generated = |path: String, owner: &str, written: Option<(&Brief, Place)>| {
        if let Err(refusal) = claims.claim(path.clone(), owner) {
            let problem = refused(owner, &path, refusal);
            problems.push(match written {
                Some((brief, place)) => brief.parsed.at(problem, Some(place)),
                None => problem,
            });
        }
    };
    let generator = "the generator";
    for fixed in urls::FIXED {
        generated(fixed.to_string(), generator, None);
    }
    generated(urls::SEARCH_MANIFEST.to_string(), "the search index", None);
    generated(
        urls::OUTPUT_MARKER.to_string(),
        "the output folder's marker (it says statecraft made the folder)",
        None,
    );
    if outputs.glossary {
        generated(urls::GLOSSARY.to_string(), "the glossary", None);
    }
    let page_size = outputs.config.page_size;
    let list = |first: &str, briefs: usize| -> Vec<String> {
        (0..page_count(briefs, page_size))
            .map(|n| urls::paginated(first, n))
            .collect()
    };
    for path in list(urls::BRIEF_LIST, outputs.briefs.len()) {
        generated(path, BRIEF_LIST_OWNER, None);
    }
    for kind in TaxonomyKind::ALL {
        generated(urls::taxonomy(kind), generator, None);
        for term in &outputs.taxonomies.get(kind).terms {
            let owner = term_owner(kind, term);
            let first = urls::term(kind, &term.slug);
            for path in list(&first, term.briefs.len()) {
                generated(path, &owner, place_of(kind, term));
            }
            if kind == TaxonomyKind::Topics {
                generated(urls::topic_feed(&term.slug), generator, None);
            }
        }
    }
    for intersection in outputs.intersections {
        for path in list(&intersection.path, intersection.briefs.len()) {
            generated(path, INTERSECTION_OWNER, None);
        }
        generated(intersection.reversed.clone(), INTERSECTION_OWNER, None);
    }
    if outputs
        .config
        .favicon
        .as_deref()
        .is_some_and(|f| f.to_ascii_lowercase().ends_with(".svg"))
    {
        for icon in [urls::FAVICON_PNG, urls::APPLE_TOUCH_ICON] {
            generated(icon.to_string(), "the icons drawn from `favicon`", None);
        }
    }
    if outputs.config.social_cards {
        generated(
            urls::SITE_CARD.to_string(),
            "the site's social card (`social_cards`)",
            None,
        );
    }
    for series in outputs.series {
        generated(
            series.path.clone(),
            &format!("series `{}`", series.name),
            None,
        );
    }
    for year in publication_years(outputs.briefs) {
        generated(urls::archive_year(year), ARCHIVE_OWNER, None);
    }
}

/// Who writes the archive's page of each year, described for people.
pub(super) const ARCHIVE_OWNER: &str = "the archive";

/// The years `briefs` were published in, newest first: the archive has a page for each.
pub fn publication_years(briefs: &[Brief]) -> Vec<i32> {
    let mut years: Vec<i32> = briefs
        .iter()
        .map(|b| b.parsed.meta.date.day.year())
        .collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
}

/// Whether a brief of `briefs` other than the one at index `but` is of `year`: whether
/// the year's archive page stays without that brief.
pub(super) fn year_has_brief(briefs: &[Brief], year: i32, but: Option<usize>) -> bool {
    briefs
        .iter()
        .enumerate()
        .any(|(i, b)| Some(i) != but && b.parsed.meta.date.day.year() == year)
}

/// Who writes the pages of the list of all briefs, described for people.
pub(super) const BRIEF_LIST_OWNER: &str = "the brief list";

/// Who writes the pages of a pair of topics, described for people.
pub(super) const INTERSECTION_OWNER: &str = "a topic intersection";

/// Who writes a term's pages, described for people.
pub(super) fn term_owner(kind: TaxonomyKind, term: &Term) -> String {
    format!("{} `{}`", kind.singular().to_lowercase(), term.name)
}

/// Who writes a brief's page and the files beside it, described for people.
pub(super) fn brief_owner(brief: &ParsedBrief) -> String {
    format!("brief {}", brief.source.display())
}

/// Who claims the `aliases:` of the brief or page whose file is `source`.
pub(super) fn alias_owner(source: &Path) -> String {
    format!("the alias in {}", source.display())
}

/// Each brief's page, and the files next to it when the page is its own.
fn claim_briefs(
    claims: &mut KnownPaths,
    by_file: &[&Brief],
    config: &Config,
    problems: &mut Vec<Diagnostic>,
) {
    // Briefs named by their file first, then those whose `slug:` names them: of two
    // briefs on one address, the one whose `slug:` made the clash is reported, at it.
    let (written, named_by_file): (Vec<&Brief>, Vec<&Brief>) = by_file
        .iter()
        .partition(|b| b.parsed.meta.slug.place.is_some());
    for brief in named_by_file.into_iter().chain(written) {
        let p = &brief.parsed;
        let owner = brief_owner(p);
        if let Err(refusal) = claims.claim(brief.path.clone(), &owner) {
            let duplicate =
                matches!(&refusal, Refusal::Taken(previous) if previous.starts_with("brief "));
            let mut problem = refused(&owner, &brief.path, refusal);
            if duplicate {
                problem.code = "E-duplicate-slug";
            }
            problems.push(p.at(problem, p.meta.slug.place));
            continue;
        }
        // Files next to the brief page collide only if the page does.
        let mut beside = Vec::new();
        if config.citation_files {
            beside.extend([urls::cite_bib(&brief.path), urls::cite_ris(&brief.path)]);
        }
        beside.extend(brief.pdf.as_ref().map(|pdf| pdf.path.clone()));
        beside.extend(brief.image.as_ref().map(|(_, path)| path.clone()));
        beside.extend(brief.card.clone());
        beside.extend(files_beside(&brief.path, &p.body.assets));
        // An image both shown in the body and named by `image:` is one file.
        beside.sort();
        beside.dedup();
        for path in beside {
            if let Err(refusal) = claims.claim(path.clone(), &owner) {
                problems.push(refused(&owner, &path, refusal).in_file(&p.source));
            }
        }
    }
}

fn claim_pages(claims: &mut KnownPaths, pages: &[Page], problems: &mut Vec<Diagnostic>) {
    for page in pages {
        let p = &page.parsed;
        let owner = format!("page {}", p.source.display());
        if urls::RESERVED_SEGMENTS.contains(&page.slug.as_str()) {
            let problem = Diagnostic::error(
                "E-url-collision",
                format!(
                    "a page cannot be called `{}`: the generator uses /{}/",
                    page.slug, page.slug
                ),
            )
            .hint("rename the file or set another `slug:`");
            problems.push(p.at(problem, p.meta.slug.place));
            continue;
        }
        if let Err(refusal) = claims.claim(page.path.clone(), &owner) {
            let problem = refused(&owner, &page.path, refusal);
            problems.push(p.at(problem, p.meta.slug.place));
            continue;
        }
        for path in files_beside(&page.path, &p.body.assets) {
            if let Err(refusal) = claims.claim(path.clone(), &owner) {
                problems.push(refused(&owner, &path, refusal).in_file(&p.source));
            }
        }
    }
}

/// The site paths of the files a document writes beside its page (at `page`).
pub(super) fn files_beside<'a>(
    page: &'a str,
    assets: &'a [AssetUse],
) -> impl Iterator<Item = String> + 'a {
    assets.iter().filter_map(move |asset| match &asset.output {
        AssetOutput::Beside(_) => Some(urls::asset(page, &asset.output)),
        AssetOutput::Site(_) => None,
    })
}

/// Who writes the resized copies of the images of `site/static/`.
pub(super) const RESIZED_IMAGES_OWNER: &str = "the resized images";

/// Resized copies of the images of `site/static/`, written once however many
/// documents show them.
fn claim_shared_variants(
    claims: &mut KnownPaths,
    outputs: &Outputs,
    problems: &mut Vec<Diagnostic>,
) {
    let assets = outputs
        .briefs
        .iter()
        .flat_map(|b| &b.parsed.body.assets)
        .chain(outputs.pages.iter().flat_map(|p| &p.parsed.body.assets));
    let shared: BTreeMap<&str, &AssetUse> = assets
        .filter_map(|asset| match &asset.output {
            AssetOutput::Site(path) => Some((path.as_str(), asset)),
            AssetOutput::Beside(_) => None,
        })
        .collect();
    for path in shared.keys() {
        claims.shared.insert(path.to_string());
        let owner = RESIZED_IMAGES_OWNER;
        if let Err(refusal) = claims.claim(path.to_string(), owner) {
            problems.push(refused(owner, path, refusal));
        }
    }
}

fn claim_aliases(claims: &mut KnownPaths, by_file: &[&Brief], problems: &mut Vec<Diagnostic>) {
    for brief in by_file.iter().filter(|b| !b.parsed.meta.aliases.is_empty()) {
        let p = &brief.parsed;
        let owner = alias_owner(&p.source);
        for alias in &p.meta.aliases {
            if let Err(refusal) = claims.claim(alias.value.clone(), &owner) {
                let problem = refused_alias(&owner, &alias.value, refusal);
                problems.push(p.at(problem, alias.place));
            }
        }
    }
}

fn claim_page_aliases(claims: &mut KnownPaths, pages: &[Page], problems: &mut Vec<Diagnostic>) {
    for page in pages {
        let p = &page.parsed;
        let owner = alias_owner(&p.source);
        for alias in &p.meta.aliases {
            if let Err(refusal) = claims.claim(alias.value.clone(), &owner) {
                let problem = refused_alias(&owner, &alias.value, refusal);
                problems.push(p.at(problem, alias.place));
            }
        }
    }
}

/// Number of pages a list of `items` briefs takes (at least one, even when empty),
/// numbered from 0. Page 0, the list's own address, shows its newest briefs: all of them
/// when there are fewer than two pages' worth, else from `page_size` to `2 × page_size -
/// 1`. Pages 1, 2... (`page/1/`...) show `page_size` briefs each, counted from the
/// oldest: a new brief changes page 0 and, when it then holds two pages' worth, makes
/// the next numbered page of its oldest briefs; the numbered pages keep what they show,
/// so a publication rewrites (and a deployment uploads) a few list pages, not every one.
pub fn page_count(items: usize, page_size: usize) -> usize {
    (items / page_size.max(1)).max(1)
}

/// The places, in a list of `items` briefs newest first, of the briefs page `number`
/// shows (see [`page_count`]).
pub fn page_places(items: usize, page_size: usize, number: usize) -> std::ops::Range<usize> {
    let size = page_size.max(1);
    let first_page = first_page_len(items, size);
    if number == 0 {
        0..first_page
    } else {
        let end = items - (number - 1) * size;
        end - size..end
    }
}

/// The numbers of the pages that show the briefs between places `a` and `b` (either
/// order) of a list of `items` briefs.
pub fn pages_between(items: usize, page_size: usize, a: usize, b: usize) -> Vec<usize> {
    let size = page_size.max(1);
    let first_page = first_page_len(items, size);
    let (low, high) = (a.min(b), a.max(b));
    let page_of = |place: usize| (items - place - 1) / size + 1;
    let mut numbers: Vec<usize> = (low < first_page).then_some(0).into_iter().collect();
    if high >= first_page {
        numbers.extend(page_of(high)..=page_of(low.max(first_page)));
    }
    numbers
}

/// How many of a list's newest briefs its page 0 shows.
fn first_page_len(items: usize, size: usize) -> usize {
    items - (page_count(items, size) - 1) * size
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every page's places, page 0 first, then the numbered pages newest first.
    fn pages(items: usize, size: usize) -> Vec<std::ops::Range<usize>> {
        let count = page_count(items, size);
        std::iter::once(0)
            .chain((1..count).rev())
            .map(|number| page_places(items, size, number))
            .collect()
    }

    #[test]
    fn page_zero_takes_what_does_not_fill_a_numbered_page() {
        assert_eq!(pages(0, 10), vec![0..0]);
        assert_eq!(pages(7, 10), vec![0..7]);
        assert_eq!(pages(19, 10), vec![0..19]);
        assert_eq!(pages(20, 10), [0..10, 10..20]);
        assert_eq!(pages(29, 10), [0..19, 19..29]);
        assert_eq!(pages(30, 10), [0..10, 10..20, 20..30]);
        assert_eq!(pages(3, 1), [0..1, 1..2, 2..3]);
    }

    #[test]
    fn a_new_brief_leaves_the_numbered_pages_as_they_were() {
        for size in 1..6 {
            for items in 0..60 {
                let before = pages(items, size);
                let after = pages(items + 1, size);
                // Each numbered page of `before` is in `after` with the same briefs:
                // in the longer list every place is one more.
                for number in 1..page_count(items, size) {
                    let was = page_places(items, size, number);
                    let is = page_places(items + 1, size, number);
                    assert_eq!((was.start + 1)..(was.end + 1), is, "{items} {size}");
                }
                assert!(after.len() <= before.len() + 1);
                // Pages hold every place once, in order.
                let places: Vec<usize> = after.into_iter().flatten().collect();
                assert_eq!(places, (0..items + 1).collect::<Vec<_>>());
            }
        }
    }

    #[test]
    fn pages_between_two_places_are_the_pages_showing_them() {
        for size in 1..5 {
            for items in 1..40 {
                for a in 0..items {
                    for b in 0..items {
                        let mut expected: Vec<usize> = (0..page_count(items, size))
                            .filter(|&number| {
                                let places = page_places(items, size, number);
                                places.start <= a.max(b) && a.min(b) < places.end
                            })
                            .collect();
                        let mut found = pages_between(items, size, a, b);
                        expected.sort_unstable();
                        found.sort_unstable();
                        assert_eq!(found, expected, "{items} {size} {a} {b}");
                    }
                }
            }
        }
    }
}
