//! Resolving internal links: every link a brief or page makes, and every `related:`
//! slug, checked against the site and turned into a URL, or reported with the closest
//! existing target.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use crate::config::Config;
use crate::link::paths::KnownPaths;
use crate::link::taxonomy::Taxonomies;
use crate::link::{Brief, Page, Site};
use crate::model::body::{AssetOutput, Heading, LinkTarget, OutgoingLink, RenderedMarkdown};
use crate::model::diagnostics::{did_you_mean, Diagnostic, Severity};
use crate::model::slug::{document_name, slugify};
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;
use crate::parse::schedule::Withheld;

/// The result of resolving one link.
#[derive(Debug)]
pub(super) struct Resolved {
    pub href: String,
    /// The target's title, for wiki links written without text.
    pub title: String,
    /// The brief it points to, for backlinks.
    pub brief: Option<usize>,
    /// For a link to a page of another language's edition (a translation's link to a
    /// brief it has no translation of), that language.
    pub language: Option<String>,
}

impl Resolved {
    /// The link with `query` (`?q=japan`, or empty) put before its anchor.
    fn with_query(mut self, query: &str) -> Resolved {
        if !query.is_empty() {
            let at = self.href.find('#').unwrap_or(self.href.len());
            self.href.insert_str(at, query);
        }
        self
    }
}

/// Why a link does not resolve: its code, message and hint.
pub(super) type Unresolved = (&'static str, String, String);

/// The code of a link to a brief that did not parse: the brief's own errors are
/// reported, the link is not (it may well be right).
pub(super) const LINK_TO_FAILED: &str = "link-to-failed";

/// How [`Targets`] finds a brief by the name a link gives it (its slug, or its file
/// name when the slug was overridden: the slug first) and by its site path.
enum BriefIndex<'a> {
    /// Maps, for the link stage, which looks up every link of the site.
    Maps {
        by_name: hashbrown::HashMap<&'a str, usize>,
        by_path: hashbrown::HashMap<&'a str, usize>,
    },
    /// A scan of the briefs, for a watch patch, which looks up the few links of the
    /// briefs it edits: making the maps was most of a links patch at 10k briefs.
    Scan,
}

/// Of two briefs on one address (an `E-duplicate-slug` error), the one the address
/// is given to, as [`super::paths`] gives it: a brief named by its file before one
/// whose `slug:` made the clash, then in file order. Links naming the address are
/// checked against that brief (its headings), not reported because of the other.
fn owner_key(brief: &Brief) -> (bool, &Path) {
    (brief.parsed.meta.slug.place.is_some(), &brief.parsed.source)
}

/// The brief of `briefs` that owns the address `is_at` finds.
fn owner_of(briefs: &[Brief], is_at: impl Fn(&Brief) -> bool) -> Option<usize> {
    (0..briefs.len())
        .filter(|&i| is_at(&briefs[i]))
        .min_by(|&a, &b| owner_key(&briefs[a]).cmp(&owner_key(&briefs[b])))
}

/// Puts brief `index` at `key` of `map`, unless the brief there owns it.
fn put_owner<'a>(
    map: &mut hashbrown::HashMap<&'a str, usize>,
    key: &'a str,
    index: usize,
    briefs: &[Brief],
) {
    map.entry(key)
        .and_modify(|held| {
            if owner_key(&briefs[index]) < owner_key(&briefs[*held]) {
                *held = index;
            }
        })
        .or_insert(index);
}

impl<'a> BriefIndex<'a> {
    fn maps(briefs: &'a [Brief]) -> BriefIndex<'a> {
        let mut by_name = hashbrown::HashMap::with_capacity(briefs.len());
        for (i, b) in briefs.iter().enumerate() {
            put_owner(&mut by_name, b.slug.as_str(), i, briefs);
        }
        // A link may also name the file (`old-name.md`) when the slug was overridden.
        for (i, b) in briefs.iter().enumerate() {
            if let Some(stem) = document_name(&b.parsed.source) {
                by_name.entry(stem).or_insert(i);
            }
        }
        let mut by_path = hashbrown::HashMap::with_capacity(briefs.len());
        for (i, b) in briefs.iter().enumerate() {
            put_owner(&mut by_path, b.path.as_str(), i, briefs);
        }
        BriefIndex::Maps { by_name, by_path }
    }
}

/// Lookup tables for resolving links.
pub(super) struct Targets<'a> {
    config: &'a Config,
    briefs: &'a [Brief],
    pages: &'a [Page],
    taxonomies: &'a Taxonomies,
    known_paths: &'a KnownPaths,
    /// Names of briefs this build leaves out (drafts, scheduled briefs, briefs with
    /// errors), with why.
    left_out: &'a HashMap<String, Withheld>,
    brief_index: BriefIndex<'a>,
    page_by_name: hashbrown::HashMap<&'a str, usize>,
    /// In a translation's edition, the default language's: a link to a brief or page
    /// this edition does not have goes there.
    original: Option<Box<Targets<'a>>>,
    /// A brief on its way out of the site, which links no longer find.
    absent: Option<usize>,
}

impl<'a> Targets<'a> {
    /// The targets of a linked site: the default language's edition, which a
    /// translation's links fall back to (the build leaves the same briefs out of every
    /// edition).
    pub(super) fn of_site(site: &'a Site, left_out: &'a HashMap<String, Withheld>) -> Targets<'a> {
        Targets::for_patch(site, left_out).with_brief_maps()
    }

    /// The targets of a patched site, for a watch patch that resolves the links of a
    /// few briefs: briefs are found by a scan (see [`BriefIndex::Scan`]).
    pub(super) fn for_patch(
        site: &'a Site,
        left_out: &'a HashMap<String, Withheld>,
    ) -> Targets<'a> {
        Targets::new(
            &site.config,
            &site.briefs,
            &site.pages,
            &site.taxonomies,
            &site.known_paths,
            left_out,
        )
    }

    /// Finds briefs in maps (see [`BriefIndex::Maps`]), for the link stage, which
    /// looks up every link of the site.
    pub(super) fn with_brief_maps(mut self) -> Targets<'a> {
        self.brief_index = BriefIndex::maps(self.briefs);
        self
    }

    /// Falls back to `original`'s targets for what this edition does not have.
    pub(super) fn with_original(mut self, original: Option<Targets<'a>>) -> Targets<'a> {
        self.original = original.map(Box::new);
        self
    }

    /// Finds no brief at `index` (one being taken out of the site): in a translation's
    /// edition, links to it then go to the original's version.
    pub(super) fn without(mut self, index: Option<usize>) -> Targets<'a> {
        self.absent = index;
        self
    }

    /// A target of the original edition, as a link from this one: marked with the
    /// original's language.
    /// `otherwise` says why the link does not resolve here; it is made only when the
    /// original does not have the target either (suggestions search every name). When
    /// the original has it but not the heading the link names, that is the problem.
    fn or_in_original(
        &self,
        find: impl FnOnce(&Targets<'a>) -> Result<Resolved, Unresolved>,
        otherwise: impl FnOnce() -> Unresolved,
    ) -> Result<Resolved, Unresolved> {
        let Some(original) = &self.original else {
            return Err(otherwise());
        };
        match find(original) {
            Ok(found) => Ok(Resolved {
                brief: None,
                language: Some(original.config.language.clone()),
                ..found
            }),
            Err(problem) if problem.0 == "E-broken-anchor" => Err(problem),
            Err(_) => Err(otherwise()),
        }
    }

    /// Targets whose briefs are found by a scan, with the map of pages
    /// ([`Targets::with_brief_maps`] makes maps of the briefs too).
    pub(super) fn new(
        config: &'a Config,
        briefs: &'a [Brief],
        pages: &'a [Page],
        taxonomies: &'a Taxonomies,
        known_paths: &'a KnownPaths,
        left_out: &'a HashMap<String, Withheld>,
    ) -> Targets<'a> {
        let mut page_by_name = hashbrown::HashMap::new();
        for (i, p) in pages.iter().enumerate() {
            page_by_name.entry(p.slug.as_str()).or_insert(i);
            if let Some(stem) = document_name(&p.parsed.source) {
                page_by_name.entry(stem).or_insert(i);
            }
        }
        Targets {
            config,
            briefs,
            pages,
            taxonomies,
            known_paths,
            left_out,
            brief_index: BriefIndex::Scan,
            page_by_name,
            original: None,
            absent: None,
        }
    }

    pub(super) fn brief_by_name(&self, name: &str) -> Option<usize> {
        let found = match &self.brief_index {
            BriefIndex::Maps { by_name, .. } => by_name.get(name).copied(),
            BriefIndex::Scan => owner_of(self.briefs, |b| b.slug == name).or_else(|| {
                self.briefs
                    .iter()
                    .position(|b| document_name(&b.parsed.source) == Some(name))
            }),
        };
        found.filter(|&index| Some(index) != self.absent)
    }

    fn brief_at_path(&self, path: &str) -> Option<usize> {
        let found = match &self.brief_index {
            BriefIndex::Maps { by_path, .. } => by_path.get(path).copied(),
            BriefIndex::Scan => owner_of(self.briefs, |b| b.path == path),
        };
        found.filter(|&index| Some(index) != self.absent)
    }

    /// Whether the original edition (of a translation's edition) has brief `name`.
    pub(super) fn original_has_brief(&self, name: &str) -> bool {
        self.original
            .as_ref()
            .is_some_and(|o| o.brief_by_name(name).is_some())
    }

    /// Why `name` names no brief (or page): a draft this build leaves out, or nothing.
    /// `what` says what named it ("link to"), `kind` what it should be ("brief").
    pub(super) fn unknown(&self, name: &str, what: &str, kind: &str) -> Unresolved {
        let (why, hint) = match self.left_out.get(name) {
            None => {
                return (
                    "E-broken-link",
                    format!("{what} unknown {kind} `{name}`"),
                    self.suggest_brief(name),
                )
            }
            Some(Withheld::Failed) => {
                return (
                    LINK_TO_FAILED,
                    format!("{what} `{name}`, which has errors"),
                    String::new(),
                )
            }
            Some(Withheld::Draft) => (
                "a draft".to_string(),
                "build with --drafts to include drafts, or publish it (remove `draft: true`)",
            ),
            Some(Withheld::Scheduled(date)) => (
                format!("scheduled for {}", date.iso_day()),
                "build with --future to include scheduled briefs, or link to it once it is published",
            ),
        };
        (
            "E-broken-link",
            format!("{what} `{name}`, {why}, which this build leaves out"),
            hint.to_string(),
        )
    }

    pub(super) fn suggest_brief(&self, name: &str) -> String {
        let brief_names: Vec<&str> = match &self.brief_index {
            BriefIndex::Maps { by_name, .. } => by_name.keys().copied().collect(),
            BriefIndex::Scan => self
                .briefs
                .iter()
                .flat_map(|b| [Some(b.slug.as_str()), document_name(&b.parsed.source)])
                .flatten()
                .collect(),
        };
        let candidates = brief_names
            .into_iter()
            .chain(self.page_by_name.keys().copied());
        match did_you_mean(name, candidates) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "link to a brief by its slug (its file name without `.md`)".to_string(),
        }
    }

    /// Resolves every link of one file (`source`, shown at site path `page`); a link
    /// that does not resolve is a diagnostic of `severity` at the link, quoting the
    /// file's text, which `text` gives (only then: it may read the file).
    pub(super) fn resolve_all<'t>(
        &self,
        source: &Path,
        text: &dyn Fn() -> Cow<'t, str>,
        own: &RenderedMarkdown,
        page: &str,
        severity: Severity,
    ) -> (Vec<Resolved>, Vec<Diagnostic>) {
        let mut resolved = Vec::with_capacity(own.links.len());
        let mut problems = Vec::new();
        let mut quoted: Option<Cow<str>> = None;
        for link in &own.links {
            match self.resolve(link, own, page) {
                Ok(r) => resolved.push(r),
                Err((code, message, hint)) => {
                    let text = quoted.get_or_insert_with(text);
                    if code == LINK_TO_FAILED {
                        resolved.push(Resolved {
                            href: href_as_written(text, link),
                            title: link.written.clone(),
                            brief: None,
                            language: None,
                        });
                        continue;
                    }
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
                    // With --warn-links the page still renders, and a warning never
                    // changes what the author wrote: the link keeps its destination
                    // as written (a wiki link, which has none, points nowhere).
                    resolved.push(Resolved {
                        href: href_as_written(text, link),
                        title: link.written.clone(),
                        brief: None,
                        language: None,
                    });
                }
            }
        }
        (resolved, problems)
    }

    pub(super) fn resolve(
        &self,
        link: &OutgoingLink,
        own: &RenderedMarkdown,
        page: &str,
    ) -> Result<Resolved, Unresolved> {
        let base = &self.config.base_url;
        match &link.target {
            // Found by the parse stage; written beside the page or at its site path.
            LinkTarget::Asset { output, suffix } => {
                let path = urls::asset(page, output);
                let encoded = percent_encoding::utf8_percent_encode(&path, urls::NOT_IN_ADDRESSES).to_string();
                // A file beside a page belongs to the page's edition; one at a site path
                // sits with the static files every edition shares.
                let url = match output {
                    AssetOutput::Beside(_) => base.local(&encoded),
                    AssetOutput::Site(_) => base.shared(&encoded),
                };
                Ok(Resolved {
                    href: format!("{url}{suffix}"),
                    title: String::new(),
                    brief: None,
                    language: None,
                })
            }
            LinkTarget::Glossary(slug) => {
                // The glossary page is the default language's.
                let home = self.original.as_deref().unwrap_or(self);
                Ok(Resolved {
                    href: format!("{}#{slug}", home.config.base_url.local(urls::GLOSSARY)),
                    title: String::new(),
                    brief: None,
                    language: self.original.as_ref().map(|o| o.config.language.clone()),
                })
            }
            LinkTarget::Anchor(anchor) => {
                check_anchor(anchor, own, "this page")?;
                Ok(Resolved {
                    href: format!("#{anchor}"),
                    title: heading_title(anchor, &own.headings)
                        .unwrap_or_default()
                        .to_string(),
                    brief: None,
                    language: None,
                })
            }
            LinkTarget::MistypedScheme { suggestion } => Err((
                "E-broken-link",
                format!("`{}` is not a working address: its scheme is mistyped", link.written),
                format!("did you mean `{suggestion}`? Write full addresses as `https://example.org/...`"),
            )),
            LinkTarget::Document {
                name,
                anchor,
                query,
            } => self
                .document(name, anchor.as_deref())
                .map(|resolved| resolved.with_query(query)),
            LinkTarget::Term { kind, slug } => self.term(kind, slug),
            LinkTarget::SitePath {
                path,
                anchor,
                query,
            } => self
                .site_path(path, anchor.as_deref())
                .map(|resolved| resolved.with_query(query)),
        }
    }

    /// A brief or page named by its slug or file name: `other.md#id`, `[[other]]`.
    fn document(&self, name: &str, anchor: Option<&str>) -> Result<Resolved, Unresolved> {
        let (path, title, body, brief) = if let Some(i) = self.brief_by_name(name) {
            let b = &self.briefs[i];
            (&b.path, &b.parsed.meta.title, &b.parsed.body, Some(i))
        } else if let Some(&i) = self.page_by_name.get(name) {
            let p = &self.pages[i];
            (&p.path, &p.parsed.meta.title, &p.parsed.body, None)
        } else {
            let unknown = || self.unknown(name, "link to", "brief or page");
            return self.or_in_original(|o| o.document(name, anchor), unknown);
        };
        let mut href = self.config.base_url.local(path);
        if let Some(anchor) = anchor {
            check_anchor(anchor, body, &format!("`{name}`"))?;
            href.push('#');
            href.push_str(anchor);
        }
        Ok(Resolved {
            href,
            title: title.clone(),
            brief,
            language: None,
        })
    }

    /// A taxonomy term: `[[topic:soft-power]]`, `[[region:japan]]`.
    fn term(&self, kind: &str, slug: &str) -> Result<Resolved, Unresolved> {
        let Some(kind) = TaxonomyKind::from_link_prefix(kind) else {
            return Err((
                "E-unknown-term",
                format!("unknown kind of link `{kind}:`"),
                "term links start with `topic:`, `region:`, `tag:` or `author:`".to_string(),
            ));
        };
        let taxonomy = self.taxonomies.get(kind);
        let wanted = if kind == TaxonomyKind::Authors {
            slug.to_string()
        } else {
            slugify(slug)
        };
        let singular = kind.singular().to_lowercase();
        match taxonomy.find(&wanted) {
            Some(term) => {
                let term = &taxonomy.terms[term];
                Ok(Resolved {
                    href: self.config.base_url.local(&urls::term(kind, &term.slug)),
                    title: term.name.clone(),
                    brief: None,
                    language: None,
                })
            }
            None => {
                let unknown = || {
                    let terms = taxonomy.terms.iter().map(|t| t.slug.as_str());
                    let hint = match did_you_mean(&wanted, terms) {
                        Some(s) => format!("did you mean `{singular}:{s}`?"),
                        // Topics are declared, whether briefs use them or not.
                        None if kind == TaxonomyKind::Topics => format!(
                            "`{wanted}` is not declared under `topics:` in site/config.yaml; its topics are `{}`",
                            self.config.topics.iter().map(|t| t.slug.as_str()).collect::<Vec<_>>().join("`, `")
                        ),
                        None => format!("no brief uses this {singular}"),
                    };
                    (
                        "E-unknown-term",
                        format!("link to unknown {singular} `{slug}`"),
                        hint,
                    )
                };
                self.or_in_original(|o| o.term(kind.key(), slug), unknown)
            }
        }
    }

    /// A path of this site: `/briefs/other/`, `/topics/`.
    fn site_path(&self, path: &str, anchor: Option<&str>) -> Result<Resolved, Unresolved> {
        let trimmed = path.trim_start_matches('/');
        // `/about/index.html` is the file of `/about/`, which every host serves.
        let folder = trimmed
            .strip_suffix(urls::INDEX_FILE)
            .filter(|f| f.is_empty() || f.ends_with('/'));
        let candidates = [
            trimmed.to_string(),
            format!("{trimmed}/"),
            folder.unwrap_or(trimmed).to_string(),
        ];
        let is_absent = |path: &str| self.absent.is_some_and(|i| self.briefs[i].path == path);
        let Some(found) = candidates
            .iter()
            .find(|c| self.known_paths.all.contains(c.as_str()) && !is_absent(c))
        else {
            let unknown = || {
                // The page of a brief this build leaves out: said as for its name.
                if let Some(name) =
                    brief_slug_in(trimmed).filter(|n| self.left_out.contains_key(*n))
                {
                    return self.unknown(name, &format!("link to `{path}`, the page of"), "brief");
                }
                let paths = self.known_paths.all.iter().map(String::as_str);
                let file_name = trimmed.rsplit('/').next().unwrap_or(trimmed);
                let hint = match did_you_mean(trimmed, paths) {
                    Some(s) => format!("did you mean `/{s}`?"),
                    // An image or document: the site's files are those of `site/static/`.
                    None if file_name.contains('.') => format!(
                        "a site path names a file of `site/static/`: put it at `site/static/{trimmed}`, or write the path of a file beside the brief"
                    ),
                    None => "link to briefs as `slug.md` so the link follows the brief if its URL changes".to_string(),
                };
                (
                    "E-broken-link",
                    format!("link to `{path}`, which this site does not have"),
                    hint,
                )
            };
            return self.or_in_original(|o| o.site_path(path, anchor), unknown);
        };
        let mut href = if self.known_paths.shared.contains(found.as_str()) {
            self.config.base_url.shared(found)
        } else {
            self.config.base_url.local(found)
        };
        let brief = self.brief_at_path(found.as_str());
        if let Some(anchor) = anchor {
            let body = match brief {
                Some(i) => Some(&self.briefs[i].parsed.body),
                None => self
                    .pages
                    .iter()
                    .find(|p| p.path == *found)
                    .map(|p| &p.parsed.body),
            };
            if let Some(body) = body {
                check_anchor(anchor, body, &format!("`{path}`"))?;
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
            language: None,
        })
    }
}

/// The slug of the brief whose page `path` is (`briefs/x/`, `briefs/x`,
/// `briefs/x/index.html`: `x`), if it is one's.
fn brief_slug_in(path: &str) -> Option<&str> {
    let rest = path.strip_prefix(urls::BRIEF_LIST)?;
    let slug = rest
        .strip_suffix(urls::INDEX_FILE)
        .unwrap_or(rest)
        .trim_end_matches('/');
    (!slug.is_empty() && !slug.contains('/')).then_some(slug)
}

/// The destination of a link as its author wrote it, for a link that does not resolve;
/// `#` for a wiki link (`[[name]]`), which has no destination of its own.
fn href_as_written(text: &str, link: &OutgoingLink) -> String {
    let is_wiki = text
        .get(link.offset..)
        .is_some_and(|rest| rest.starts_with("[["));
    if is_wiki || matches!(link.target, LinkTarget::Term { .. }) {
        "#".to_string()
    } else {
        link.written.clone()
    }
}

/// The title of the heading `#anchor` names among `headings`, if one does.
pub(super) fn heading_title<'a>(anchor: &str, headings: &'a [Heading]) -> Option<&'a str> {
    headings
        .iter()
        .find(|h| h.id == anchor)
        .map(|h| h.title.as_str())
}

/// Whether the anchors links point at (`linked`) all still exist in the `new` version
/// of a body, whose headings and raw-HTML ids were `old`'s: at once when those are the
/// same; not when `site` has broken links (a new heading could mend one).
pub(super) fn keeps_anchors<'a>(
    site: &Site,
    old: &RenderedMarkdown,
    new: &RenderedMarkdown,
    mut linked: impl Iterator<Item = &'a str>,
) -> bool {
    (old.headings == new.headings && old.html_ids == new.html_ids)
        || (site.stats.links_broken == 0 && linked.all(|anchor| finds_anchor(new, anchor)))
}

/// Whether `#anchor` exists in `body`: a heading, an id written in raw HTML, or a
/// footnote. As a browser finds a fragment: as written, then percent-decoded, so that
/// `#%E6%97%A5%E6%9C%AC` copied from an address bar finds the heading `#日本`.
/// `#top` (in any case) and an empty fragment are the top of every page, as HTML
/// defines them; `#main` is the theme's main landmark, on every page, and `#footnotes`
/// heads a page's notes when it has some.
pub(super) fn finds_anchor(body: &RenderedMarkdown, anchor: &str) -> bool {
    let is_part_of_every_page = anchor.is_empty()
        || anchor.eq_ignore_ascii_case("top")
        || anchor == "main"
        || (anchor == "footnotes" && !body.notes.is_empty());
    let is_footnote = anchor.starts_with("fn-") || anchor.starts_with("fnref-");
    let decoded = || {
        percent_encoding::percent_decode_str(anchor)
            .decode_utf8()
            .is_ok_and(|decoded| decoded != anchor && body.has_anchor(&decoded))
    };
    is_part_of_every_page || is_footnote || body.has_anchor(anchor) || decoded()
}

/// `Ok` when `#anchor` exists in `body` (see [`finds_anchor`]), else the problem of a
/// link to it, saying which anchors there are.
fn check_anchor(anchor: &str, body: &RenderedMarkdown, target: &str) -> Result<(), Unresolved> {
    if finds_anchor(body, anchor) {
        return Ok(());
    }
    let headings = &body.headings;
    let hint = match did_you_mean(anchor, headings.iter().map(|h| h.id.as_str())) {
        Some(s) => format!("did you mean `#{s}`?"),
        None if headings.is_empty() => format!("{target} has no headings"),
        None => {
            const SHOWN: usize = 8;
            let mut list: Vec<String> = headings
                .iter()
                .take(SHOWN)
                .map(|h| format!("`#{}`", h.id))
                .collect();
            if headings.len() > SHOWN {
                list.push(format!("and {} more", headings.len() - SHOWN));
            }
            format!("headings of {target}: {}", list.join(", "))
        }
    };
    Err((
        "E-broken-anchor",
        format!("{target} has no heading `#{anchor}`"),
        hint,
    ))
}
