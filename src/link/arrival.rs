//! Patching a linked site when a brief comes or goes, instead of linking the whole
//! site again. A brief comes as its skeleton ([`skeleton`]): its slug, date, title,
//! summary, bylines and type, without topics, regions, tags, authors' lists, series,
//! `related:` or text, which only the lists of all briefs, of its type and of its year
//! show; the patches of an edit then give it the rest, one step each
//! ([`super::edit_steps`]). A brief goes the other way: the patches of an edit take it
//! down to its skeleton, which is then taken out. Briefs are numbered newest first, so
//! every brief after the one that comes or goes is renumbered, as a date edit
//! renumbers those it moves past ([`super::replace_date`]).

use std::sync::Arc;

use chrono::Datelike;

use super::edit::{index_of, order, picture};
use super::paths::{self, page_count};
use super::redate::{renumber_briefs, renumbering};
use super::retag::links_to_any;
use crate::link::{Brief, Site};
use crate::load::Assets;
use crate::model::body::{LinkTarget, RenderedMarkdown};
use crate::model::meta::PdfChoice;
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;
use crate::parse::schedule::{self, Inclusion};
use crate::parse::ParsedBrief;

/// What [`insert_skeleton`] or [`remove_skeleton`] changed.
#[derive(Debug)]
pub struct Arrival {
    /// The brief's index: after it came, or before it went.
    pub index: usize,
    /// Whether it came (else it went).
    pub came: bool,
    /// How many briefs the site had before and has now.
    pub briefs: (usize, usize),
    /// Its type's term, with the term's number of briefs before and after and the
    /// brief's place in the term's list (in the longer of the two).
    pub kind: Option<ListChange>,
    /// The year of its date.
    pub year: i32,
    /// It is the only brief of its year: the year's archive page came or went with it
    /// (and is among `pages`).
    pub alone_in_year: bool,
    /// The site paths of the pages that came or went: the brief's own first, then
    /// the list pages it made or took away.
    pub pages: Vec<String>,
    /// The site paths of the brief's files that came or went (citation records, PDF,
    /// social card).
    pub files: Vec<String>,
}

/// How one list of briefs changed with a brief that came or went.
#[derive(Debug, Clone, Copy)]
pub struct ListChange {
    pub term: usize,
    /// The list's length before and after.
    pub lengths: (usize, usize),
    /// The brief's place in the list that has it.
    pub place: usize,
}

impl Arrival {
    /// The index a brief has now, by its index before.
    pub fn renumber(&self, index: usize) -> usize {
        if self.came {
            renumbering(self.briefs.0, self.index)(index)
        } else {
            renumbering(self.index, self.briefs.0 - 1)(index)
        }
    }
}

/// `brief` without what puts it in lists other than those of all briefs, of its type
/// and of its year, without aliases or PDF, and without text (its word count kept,
/// which its card shows): the first step of a brief that comes and the last of one
/// that goes.
pub fn skeleton(brief: &ParsedBrief) -> ParsedBrief {
    let mut meta = brief.meta.clone();
    meta.topics.clear();
    meta.regions.clear();
    meta.tags.clear();
    // Its bylines stay, without the authors' lists: its social card, which names
    // them, is drawn once.
    meta.authors.clear();
    meta.series = None;
    meta.related.clear();
    meta.aliases.clear();
    meta.pdf = PdfChoice::Off;
    ParsedBrief {
        body: RenderedMarkdown {
            word_count: brief.body.word_count,
            ..RenderedMarkdown::default()
        },
        ..brief.with_meta(meta)
    }
}

/// Whether `brief` is its own skeleton: what [`remove_skeleton`] takes out.
fn is_skeleton(brief: &ParsedBrief) -> bool {
    let meta = &brief.meta;
    meta.topics.is_empty()
        && meta.regions.is_empty()
        && meta.tags.is_empty()
        && meta.authors.is_empty()
        && meta.series.is_none()
        && meta.related.is_empty()
        && meta.aliases.is_empty()
        && meta.pdf == PdfChoice::Off
        && brief.body.links.is_empty()
        && brief.body.assets.is_empty()
}

/// Puts the skeleton of a brief that comes (`skeleton`, made by [`skeleton`] from a
/// brief the site does not have) among the briefs. Returns `None`, leaving `site`
/// untouched, when the brief needs the whole link stage: a brief left out or shown as
/// a preview, one with warnings, one whose page or files another output writes, one
/// named by a link or `related:` of the site (a link to a brief whose file had errors
/// is kept as written, and would now resolve), or a site with broken links (which the
/// new page could mend). The first brief of a year brings the year's archive page. On
/// a site in several languages `site` is one edition: the caller tells the others
/// which pages came (their alternates name them). In a translation's edition
/// (`links_fall_back`) its briefs' links may name the brief: they went to the default
/// language's version, and the caller resolves them again.
pub fn insert_skeleton(
    site: &mut Site,
    skeleton: &Arc<ParsedBrief>,
    files_of_site: &Assets,
    links_fall_back: bool,
) -> Option<Arrival> {
    let meta = &skeleton.meta;
    let inclusion = Inclusion::published(Inclusion::clock());
    let year = meta.date.day.year();
    if !is_skeleton(skeleton)
        || index_of(site, skeleton).is_some()
        || site.stats.links_broken > 0
        || schedule::withheld(skeleton, inclusion).is_some()
        || !skeleton.warnings.is_empty()
        || !skeleton.placeholders.is_empty()
        || named_by_related(site, skeleton)
        || match briefs_linking_to(site, skeleton, false) {
            Some(briefs) => !(briefs.is_empty() || links_fall_back),
            None => true,
        }
    {
        return None;
    }
    let alone_in_year = !paths::year_has_brief(&site.briefs, year, None);
    let types = site.taxonomies.get(TaxonomyKind::Types);
    let kind_term = match meta.kind.as_str() {
        "" => None,
        slug => Some(types.find(slug)?),
    };
    let index = site
        .briefs
        .iter()
        .position(|b| order(&b.parsed) > order(skeleton))
        .unwrap_or(site.briefs.len());
    let brief = placed(site, skeleton, files_of_site)?;
    let page_size = site.config.page_size;
    let count = site.briefs.len();
    // The brief's own page and files, and the list pages it adds.
    let owner = paths::brief_owner(skeleton);
    let files = files_of(site, &brief);
    let mut own = files.clone();
    own.push(brief.path.clone());
    let brief_list_pages = extra_pages(urls::BRIEF_LIST, count, count + 1, page_size);
    let (kind, kind_pages, kind_owner) = match kind_term {
        Some(term) => {
            let listed = &types.terms[term];
            let change = ListChange {
                term,
                lengths: (listed.briefs.len(), listed.briefs.len() + 1),
                place: listed.briefs.partition_point(|&b| b < index),
            };
            let first = urls::term(TaxonomyKind::Types, &listed.slug);
            (
                Some(change),
                extra_pages(&first, change.lengths.0, change.lengths.1, page_size),
                paths::term_owner(TaxonomyKind::Types, listed),
            )
        }
        None => (None, Vec::new(), String::new()),
    };
    let year_page: Vec<String> = alone_in_year
        .then(|| urls::archive_year(year))
        .into_iter()
        .collect();
    if !site.known_paths.can_claim(&own, &owner)
        || !site.known_paths.can_claim(&year_page, paths::ARCHIVE_OWNER)
        || !site
            .known_paths
            .can_claim(&brief_list_pages, paths::BRIEF_LIST_OWNER)
        || !site.known_paths.can_claim(&kind_pages, &kind_owner)
    {
        return None;
    }

    // Nothing refers to the new brief yet: those after its place are renumbered first.
    renumber_briefs(site, &renumbering(count, index));
    site.briefs.insert(index, brief);
    site.explicit_related.insert(index, Vec::new());
    if let Some(change) = kind {
        site.taxonomies
            .insert_member(TaxonomyKind::Types, change.term, index);
        site.briefs[index].terms[TaxonomyKind::Types.index()] = vec![change.term];
    }
    let mut pages = vec![site.briefs[index].path.clone()];
    pages.extend(brief_list_pages.iter().cloned());
    pages.extend(kind_pages.iter().cloned());
    pages.extend(year_page.iter().cloned());
    site.known_paths.claim_all(own, &owner);
    site.known_paths
        .claim_all(brief_list_pages, paths::BRIEF_LIST_OWNER);
    site.known_paths.claim_all(kind_pages, &kind_owner);
    site.known_paths.claim_all(year_page, paths::ARCHIVE_OWNER);
    Some(Arrival {
        index,
        came: true,
        briefs: (count, count + 1),
        kind,
        year,
        alone_in_year,
        pages,
        files,
    })
}

/// The site paths of the pages a list (whose first page is at `first`) has with
/// `longer` briefs and not with `shorter`.
fn extra_pages(first: &str, shorter: usize, longer: usize, page_size: usize) -> Vec<String> {
    (page_count(shorter, page_size)..page_count(longer, page_size))
        .map(|number| urls::paginated(first, number))
        .collect()
}

/// The site paths of the files the link stage puts beside a brief's page: its
/// citation records, PDF edition, `image:` and social card.
pub(super) fn files_of(site: &Site, brief: &Brief) -> Vec<String> {
    let mut files = Vec::new();
    if site.config.citation_files {
        files.extend([urls::cite_bib(&brief.path), urls::cite_ris(&brief.path)]);
    }
    files.extend(brief.pdf.as_ref().map(|pdf| pdf.path.clone()));
    files.extend(brief.image.as_ref().map(|(_, path)| path.clone()));
    files.extend(brief.card.clone());
    files
}

/// The brief the link stage would make of `skeleton`, before its place among the
/// others is known: its path, picture (`image:`, which must be among the site's
/// `files`) and social card.
fn placed(site: &Site, skeleton: &Arc<ParsedBrief>, files: &Assets) -> Option<Brief> {
    let mut brief = Brief::placed(Arc::clone(skeleton), Default::default());
    brief.image = picture(&brief.path, skeleton, files)?;
    brief.card =
        (site.config.social_cards && brief.image.is_none()).then(|| urls::social_card(&brief.path));
    Some(brief)
}

/// Whether a link or `related:` of a brief or page of the site names the brief
/// `new` (by its slug or file name, or its page's path).
pub fn named_anywhere(site: &Site, new: &ParsedBrief) -> bool {
    named_by_related(site, new)
        || briefs_linking_to(site, new, false).is_none_or(|briefs| !briefs.is_empty())
}

/// Whether the `related:` list of a brief of the site names the brief `new`.
fn named_by_related(site: &Site, new: &ParsedBrief) -> bool {
    let names = new.names();
    let related = site.briefs.iter().flat_map(|b| &b.parsed.meta.related);
    related.into_iter().any(|r| names.contains(&r.value))
}

/// The briefs of the site with a link that names the brief `new` (only links to one
/// of its headings, with `anchored`), by index; `None` when a page of the site has such
/// a link. A translation's edition that lacks `new` links to the default language's
/// version, whose title and headings those links show and check.
pub fn briefs_linking_to(site: &Site, new: &ParsedBrief, anchored: bool) -> Option<Vec<usize>> {
    let names_it = names_of(new, anchored);
    let links_to_it = |body: &RenderedMarkdown| body.links.iter().any(|l| names_it(&l.target));
    if site.pages.iter().any(|p| links_to_it(&p.parsed.body)) {
        return None;
    }
    let briefs = site.briefs.iter().enumerate();
    Some(
        briefs
            .filter(|(_, b)| links_to_it(&b.parsed.body))
            .map(|(index, _)| index)
            .collect(),
    )
}

/// Whether a link's target names the brief `new` (by its slug or file name, or its
/// page's path; only with an anchor, with `anchored`).
fn names_of(new: &ParsedBrief, anchored: bool) -> impl Fn(&LinkTarget) -> bool {
    let names = new.names();
    let path = urls::brief(&new.meta.slug.value);
    move |target: &LinkTarget| match target {
        LinkTarget::Document { name, anchor, .. } => {
            (!anchored || anchor.is_some()) && names.contains(name)
        }
        LinkTarget::SitePath {
            path: linked,
            anchor,
            ..
        } => (!anchored || anchor.is_some()) && linked.trim_matches('/') == path.trim_matches('/'),
        _ => false,
    }
}

/// Takes out of `site` the brief whose file is `source`, once the patches of an edit
/// made it its own skeleton (see [`skeleton`]). Returns `None`, leaving `site`
/// untouched, when that needs the whole link stage: a brief that is not a skeleton,
/// that another brief cites or names in `related:`, or a page, file or list page it
/// takes away (its year's archive page when it is the last brief of its year) that a
/// brief, page, menu or biography links to. On a site in several languages `site` is
/// one edition, as for [`insert_skeleton`].
pub fn remove_skeleton(site: &mut Site, source: &std::path::Path) -> Option<Arrival> {
    let index = site.brief_at(source)?;
    let brief = &site.briefs[index];
    let year = brief.parsed.meta.date.day.year();
    let page_size = site.config.page_size;
    let count = site.briefs.len();
    let files = files_of(site, brief);
    let mut pages = vec![brief.path.clone()];
    pages.extend(extra_pages(urls::BRIEF_LIST, count - 1, count, page_size));
    let kind = brief.terms[TaxonomyKind::Types.index()]
        .first()
        .map(|&term| {
            let listed = &site.taxonomies.get(TaxonomyKind::Types).terms[term];
            let first = urls::term(TaxonomyKind::Types, &listed.slug);
            let lengths = (listed.briefs.len(), listed.briefs.len() - 1);
            pages.extend(extra_pages(&first, lengths.1, lengths.0, page_size));
            ListChange {
                term,
                lengths,
                place: listed.briefs.partition_point(|&b| b < index),
            }
        });
    let alone_in_year = !paths::year_has_brief(&site.briefs, year, Some(index));
    if alone_in_year {
        pages.push(urls::archive_year(year));
    }
    let gone: Vec<String> = pages.iter().chain(&files).cloned().collect();
    if !is_skeleton(&brief.parsed)
        || !brief.backlinks.is_empty()
        || site.explicit_related.iter().any(|r| r.contains(&index))
        || site.briefs.iter().any(|b| b.related.contains(&index))
        || links_to_any(site, &gone, None)
    {
        return None;
    }
    if let Some(change) = kind {
        site.taxonomies
            .remove_member(TaxonomyKind::Types, change.term, index);
    }
    for path in &gone {
        site.known_paths.release(path);
    }
    // Nothing refers to the brief any more: it goes, then those after it are
    // renumbered.
    site.briefs.remove(index);
    site.explicit_related.remove(index);
    renumber_briefs(site, &renumbering(index, count - 1));
    Some(Arrival {
        index,
        came: false,
        briefs: (count, count - 1),
        kind,
        year,
        alone_in_year,
        pages,
        files,
    })
}
