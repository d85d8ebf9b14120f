//! Translations: a site in several languages is linked as one edition per language
//! (the default language's first), each a whole site of its own briefs under its
//! language's folder (`/ru/`). This module splits the briefs into editions, checks that
//! every translation has an original and no rival, and records which pages exist in
//! which editions, for the `hreflang` alternates, the language switcher and the
//! sitemap.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use crate::config::{Config, Language};
use crate::link::{link, LinkInput, LinkOptions, Site};
use crate::model::diagnostics::{did_you_mean, Diagnostic};
use crate::model::slug::slugify;
use crate::model::urls::BaseUrl;
use crate::parse::schedule::{LeftOut, Withheld};
use crate::parse::{ParsedBrief, ParsedPage, SiteData};

/// The briefs of one language.
struct EditionBriefs<'a> {
    /// `None` for the site's default language.
    language: Option<&'a Language>,
    briefs: Vec<Arc<ParsedBrief>>,
}

/// Splits `briefs` by language: the default language's edition first, then each other
/// language that has briefs, in the order the configuration declares them. A
/// translation without an original, two translations of one brief into one language,
/// and two unrelated briefs sharing a slug across languages are errors at the brief. A
/// translation of a brief that did not parse (in `left_out`) is left out silently: the
/// original's errors are reported.
fn split<'a>(
    config: &'a Config,
    mut briefs: Vec<Arc<ParsedBrief>>,
    left_out: &[LeftOut],
) -> (Vec<EditionBriefs<'a>>, Vec<Diagnostic>) {
    take_slugs_of_originals_named_by_file(&mut briefs);
    let failed: HashSet<&str> = left_out
        .iter()
        .filter(|l| l.why == Withheld::Failed)
        .flat_map(|l| l.names.iter().map(String::as_str))
        .collect();
    // Drafts and scheduled briefs this build leaves out, by name.
    let withheld: HashMap<&str, &Withheld> = left_out
        .iter()
        .filter(|l| l.why != Withheld::Failed)
        .flat_map(|l| l.names.iter().map(move |name| (name.as_str(), &l.why)))
        .collect();
    let mut problems = Vec::new();
    // Briefs in file order, so that of two clashing files the later one is reported.
    let mut in_file_order: Vec<usize> = (0..briefs.len()).collect();
    in_file_order.sort_by(|&a, &b| briefs[a].source.cmp(&briefs[b].source));
    // Originals (briefs translating nothing) by slug, with their language.
    let mut originals: BTreeMap<&str, &Arc<ParsedBrief>> = BTreeMap::new();
    for brief in in_file_order
        .iter()
        .map(|&i| &briefs[i])
        .filter(|b| b.meta.translation_of.is_none())
    {
        let slug = brief.meta.slug.value.as_str();
        match originals.get(slug) {
            Some(first) if first.meta.language != brief.meta.language => {
                problems.push(same_slug(brief, first, config));
            }
            // Two originals of one language at one slug: the link stage's address check
            // reports them, with the other clashes of its edition.
            _ => {
                originals.entry(slug).or_insert(brief);
            }
        }
    }
    let mut translated: HashMap<(&str, &str), &Arc<ParsedBrief>> = HashMap::new();
    let mut keep = vec![true; briefs.len()];
    for &index in &in_file_order {
        let brief = &briefs[index];
        if let Some(problem) = looks_like_a_translation(brief, &originals, config) {
            problems.push(problem);
        }
        let (Some(original), Some(language)) = (&brief.meta.translation_of, &brief.meta.language)
        else {
            continue;
        };
        let problem = match originals.get(original.value.as_str()) {
            None if failed.contains(original.value.as_str()) => {
                keep[index] = false;
                None
            }
            // Its original is not published yet: neither is the translation.
            None if withheld.contains_key(original.value.as_str()) => {
                let why = withheld[original.value.as_str()];
                problems.push(withheld_original(brief, &original.value, why));
                keep[index] = false;
                None
            }
            None => Some(orphan(brief, &original.value, &originals)),
            Some(found) if found.meta.language.as_deref() == Some(language.as_str()) => {
                Some(brief.at(
                    Diagnostic::error(
                        "E-translation",
                        format!(
                            "`{}` is in `{language}` already: a brief cannot translate a brief of its own language",
                            original.value
                        ),
                    )
                    .hint("`translation_of:` names the original, in another language"),
                    original.place,
                ))
            }
            Some(_) => match translated.get(&(original.value.as_str(), language.as_str())) {
                Some(first) => Some(brief.at(
                    Diagnostic::error(
                        "E-duplicate-translation",
                        format!(
                            "`{}` has two translations into `{language}`: this one and {}",
                            original.value,
                            first.source.display()
                        ),
                    )
                    .hint("keep one translation per language: delete one file, or change its `lang:`"),
                    original.place,
                )),
                None => {
                    translated.insert((original.value.as_str(), language.as_str()), brief);
                    None
                }
            },
        };
        if let Some(problem) = problem {
            problems.push(problem);
            keep[index] = false;
        }
    }
    let mut editions: Vec<EditionBriefs> = std::iter::once(None)
        .chain(config.languages.iter().map(Some))
        .map(|language| EditionBriefs {
            language,
            briefs: Vec::new(),
        })
        .collect();
    for (brief, keep) in briefs.into_iter().zip(keep) {
        // The parse stage checked `lang:` against the configuration.
        let edition = match &brief.meta.language {
            None => Some(0),
            Some(code) => config
                .languages
                .iter()
                .position(|l| &l.code == code)
                .map(|i| i + 1),
        };
        if let Some(edition) = edition.filter(|_| keep) {
            editions[edition].briefs.push(brief);
        }
    }
    // A language without briefs has no edition: nothing in it is faked.
    editions.retain(|e| e.language.is_none() || !e.briefs.is_empty());
    (editions, problems)
}

/// A translation naming its original by file (`translation_of: welcome.md`, which the
/// parse stage reads as the slug `welcome`) where the original's `slug:` is another
/// (`hello`) takes the original's slug, as links by file name do.
fn take_slugs_of_originals_named_by_file(briefs: &mut [Arc<ParsedBrief>]) {
    let originals = briefs.iter().filter(|b| b.meta.translation_of.is_none());
    let slugs: HashSet<String> = originals
        .clone()
        .map(|b| b.meta.slug.value.clone())
        .collect();
    let by_file: HashMap<String, String> = originals
        .filter_map(|b| {
            let file = crate::model::slug::document_name(&b.source)?;
            Some((file.to_string(), b.meta.slug.value.clone()))
        })
        .filter(|(file, slug)| file != slug)
        .collect();
    for brief in briefs.iter_mut() {
        let Some(named) = &brief.meta.translation_of else {
            continue;
        };
        let Some(slug) = by_file
            .get(&named.value)
            .filter(|_| !slugs.contains(&named.value))
        else {
            continue;
        };
        let brief = Arc::make_mut(brief);
        brief.meta.slug.value.clone_from(slug);
        if let Some(named) = &mut brief.meta.translation_of {
            named.value.clone_from(slug);
        }
    }
}

/// A warning for a brief in another language named like a translation
/// (`kuril.de.md` beside `kuril.md`) that does not say it is one: it would be a brief of
/// its own, at a slug of its own, with no link to the original.
fn looks_like_a_translation(
    brief: &ParsedBrief,
    originals: &BTreeMap<&str, &Arc<ParsedBrief>>,
    config: &Config,
) -> Option<Diagnostic> {
    if brief.meta.translation_of.is_some() {
        return None;
    }
    let stem = brief.source.file_stem()?.to_str()?;
    let stem = if stem == "index" {
        brief.source.parent()?.file_name()?.to_str()?
    } else {
        stem
    };
    // Without `lang:`, the language its name gives, if the site has it.
    let (original, named) = stem.rsplit_once('.')?;
    let language = match brief.meta.language.as_deref() {
        Some(language) => language,
        None => config
            .languages
            .iter()
            .find(|l| l.code == named)?
            .code
            .as_str(),
    };
    if named != language {
        return None;
    }
    // Originals are known by slug, which a file name such as `Россия.md` is not.
    let found = originals
        .get(original)
        .or_else(|| originals.get(slugify(original).as_str()))?;
    let slug = &found.meta.slug.value;
    let hint = match brief.meta.language {
        Some(_) => format!("add `translation_of: {slug}` to make it the translation, or rename the file"),
        None => format!("add `lang: {language}` and `translation_of: {slug}` to make it the translation, or rename the file"),
    };
    (found.meta.language.as_deref() != Some(language)).then(|| {
        brief.at(
            Diagnostic::warning(
                "W-translation",
                format!("this file is named like a translation of `{original}` into `{language}`, but does not say it is one: it is a brief of its own"),
            )
            .hint(hint),
            None,
        )
    })
}

/// The warning for a translation left out because its original is.
fn withheld_original(brief: &ParsedBrief, wanted: &str, why: &Withheld) -> Diagnostic {
    let (what, hint) = match why {
        Withheld::Scheduled(date) => (
            format!("scheduled for {}", date.iso_day()),
            "it is published with its original; build with --future to see both now",
        ),
        _ => (
            "a draft".to_string(),
            "it is published with its original; build with --drafts to see both now",
        ),
    };
    let place = brief.meta.translation_of.as_ref().and_then(|t| t.place);
    brief.at(
        Diagnostic::warning(
            "W-translation-withheld",
            format!("this translates `{wanted}`, {what}, which this build leaves out: so is this translation"),
        )
        .hint(hint),
        place,
    )
}

fn orphan(
    brief: &ParsedBrief,
    wanted: &str,
    originals: &BTreeMap<&str, &Arc<ParsedBrief>>,
) -> Diagnostic {
    let hint = match did_you_mean(wanted, originals.keys().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => {
            "name the original brief by its slug, as in its address `/briefs/<slug>/`".to_string()
        }
    };
    let place = brief.meta.translation_of.as_ref().and_then(|t| t.place);
    brief.at(
        Diagnostic::error(
            "E-orphan-translation",
            format!("this translates `{wanted}`, but the site has no brief `{wanted}`"),
        )
        .hint(hint),
        place,
    )
}

fn same_slug(brief: &ParsedBrief, first: &ParsedBrief, config: &Config) -> Diagnostic {
    let language = |b: &ParsedBrief| {
        b.meta
            .language
            .clone()
            .unwrap_or_else(|| config.language.clone())
    };
    let slug = &brief.meta.slug.value;
    brief.at(
        Diagnostic::error(
            "E-url-collision",
            format!(
                "the brief in `{}` and the brief in `{}` ({}) both have the slug `{slug}`, so they would pass for translations of each other",
                language(brief),
                language(first),
                first.source.display()
            ),
        )
        .hint(format!(
            "if this one translates the other, add `translation_of: {slug}`; otherwise give one of them another slug"
        )),
        brief.meta.slug.place,
    )
}

/// One edition of the site, as the pages of every edition see it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EditionInfo {
    /// The language's code (`ru`).
    pub language: String,
    /// The language's name in itself (`Русский`).
    pub name: String,
    /// The edition's address (its folder included).
    pub base_url: BaseUrl,
}

/// Which pages exist in which editions. Empty for a site in one language.
#[derive(Debug, Clone, Default)]
pub struct Editions {
    /// Every edition, the default language's first.
    pub list: Vec<EditionInfo>,
    /// The editions (indexes into `list`) that have each page, by site path within an
    /// edition (`briefs/x/`). Looked up for every page rendered and every sitemap entry,
    /// hence hashbrown's default hasher rather than the standard library's SipHash.
    pages: hashbrown::HashMap<String, Vec<usize>>,
    /// The pages each edition's sitemap lists (see [`crate::render`]), by edition.
    pub sitemaps: Vec<Vec<(String, Option<String>)>>,
}

impl Editions {
    /// `list` with the pages (and their last-changed days) of each edition.
    pub fn new(list: Vec<EditionInfo>, pages: Vec<Vec<(String, Option<String>)>>) -> Editions {
        let mut by_path: hashbrown::HashMap<String, Vec<usize>> = hashbrown::HashMap::new();
        for (edition, paths) in pages.iter().enumerate() {
            for (path, _) in paths {
                by_path.entry(path.clone()).or_default().push(edition);
            }
        }
        Editions {
            list,
            pages: by_path,
            sitemaps: pages,
        }
    }

    /// Puts `pages` (sorted by path, with their days) in place of the pages of
    /// `edition`. Returns the paths of the pages that came and of those that went.
    pub fn replace_pages(
        &mut self,
        edition: usize,
        pages: Vec<(String, Option<String>)>,
    ) -> (Vec<String>, Vec<String>) {
        let (mut came, mut went) = (Vec::new(), Vec::new());
        let old = std::mem::replace(&mut self.sitemaps[edition], pages);
        let new = &self.sitemaps[edition];
        // Both lists are sorted by path: one walk finds the paths that came and went.
        let (mut a, mut b) = (old.iter().peekable(), new.iter().peekable());
        loop {
            let gone = match (a.peek(), b.peek()) {
                (None, None) => break,
                (Some((x, _)), Some((y, _))) if x == y => {
                    a.next();
                    b.next();
                    continue;
                }
                (Some((x, _)), Some((y, _))) => x < y,
                (Some(_), None) => true,
                (None, Some(_)) => false,
            };
            if gone {
                let (path, _) = a.next().expect("peeked");
                if let Some(list) = self.pages.get_mut(path) {
                    list.retain(|&e| e != edition);
                    if list.is_empty() {
                        self.pages.remove(path);
                    }
                }
                went.push(path.clone());
            } else {
                let (path, _) = b.next().expect("peeked");
                let list = self.pages.entry(path.clone()).or_default();
                let at = list.partition_point(|&e| e < edition);
                list.insert(at, edition);
                came.push(path.clone());
            }
        }
        (came, went)
    }

    pub fn is_multilingual(&self) -> bool {
        self.list.len() > 1
    }

    /// The editions (indexes into `list`) that have the page at `path`, when more than
    /// one has it: what its alternates and language switcher show, besides the list.
    pub fn editions_of(&self, path: &str) -> &[usize] {
        self.pages
            .get(path)
            .filter(|e| e.len() > 1)
            .map_or(&[], Vec::as_slice)
    }

    /// The editions that have the page at `path`, as (edition, absolute URL), in the
    /// order of `list`; empty when only one edition has it.
    pub fn alternates(&self, path: &str) -> Vec<(&EditionInfo, String)> {
        self.editions_of(path)
            .iter()
            .map(|&e| (&self.list[e], self.list[e].base_url.absolute(path)))
            .collect()
    }
}

/// What linking every edition needs.
pub struct EditionsInput<'a> {
    pub config: Config,
    pub briefs: Vec<Arc<ParsedBrief>>,
    pub pages: Vec<Arc<ParsedPage>>,
    /// Static files as (name templates use, path in the output).
    pub assets: Vec<(String, String)>,
    pub data: &'a SiteData,
    pub left_out: Vec<LeftOut>,
    pub now: i64,
}

/// Links each language's edition: the default language's first (with the standalone
/// pages and the glossary), then each translation's, whose links to what it does not
/// have go to the default language's. `None` when any edition failed.
pub fn link_editions(
    input: EditionsInput,
    options: LinkOptions,
) -> (Option<Vec<Site>>, Vec<Diagnostic>) {
    let EditionsInput {
        config,
        briefs,
        pages,
        assets,
        data,
        left_out,
        now,
    } = input;
    let (editions, mut problems) = split(&config, briefs, &left_out);
    let mut editions = editions.into_iter();
    let Some(default) = editions.next() else {
        return (None, problems);
    };
    let others: Vec<(Config, Vec<Arc<ParsedBrief>>)> = editions
        .filter_map(|e| Some((config.edition(e.language?), e.briefs)))
        .collect();
    let edition_input = |config: Config, briefs, pages, original| LinkInput {
        labels: Arc::clone(data.labels_for(Some(config.language.as_str()))),
        config,
        briefs,
        pages,
        assets: assets.clone(),
        files: &data.assets,
        glossary: None,
        left_out: left_out.clone(),
        people: Arc::clone(&data.people),
        now,
        original,
    };
    let first = LinkInput {
        glossary: data.glossary.as_ref(),
        labels: Arc::clone(&data.labels),
        ..edition_input(config.clone(), default.briefs, pages, None)
    };
    let (site, found) = link(first, options);
    problems.extend(found);
    let Some(site) = site else {
        return (None, problems);
    };
    let mut sites = Vec::with_capacity(1 + others.len());
    for (edition_config, briefs) in others {
        let input = edition_input(edition_config, briefs, Vec::new(), Some(&site));
        let options = LinkOptions {
            previous: None,
            ..options
        };
        let (linked, found) = link(input, options);
        problems.extend(found);
        sites.extend(linked);
    }
    let failed = problems.iter().any(Diagnostic::is_error);
    sites.insert(0, site);
    ((!failed).then_some(sites), problems)
}
