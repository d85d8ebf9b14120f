//! The configuration's menus and the authors' biographies: links written outside
//! briefs, checked and resolved like a brief's links, each problem at its place.

use std::borrow::Cow;

use crate::config::{Config, MenuItem};
use crate::link::resolve::{Resolved, Targets};
use crate::model::body::{OutgoingLink, RenderedMarkdown};
use crate::model::diagnostics::{Diagnostic, Severity};
use crate::model::people::People;
use crate::model::yaml::Step;
use crate::parse::markdown::classify_destination;

/// A menu entry ready for templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MenuLink {
    pub name: String,
    /// The address: resolved for a page of the site, as written for one elsewhere.
    pub href: String,
    /// The site section it leads to (`briefs`, `topics`, a page's slug, `home`), for
    /// marking the current page's entry; empty for an address elsewhere.
    pub key: String,
}

/// The configured menus, resolved; `None` where the configuration keeps the theme's.
#[derive(Debug, Clone, Default)]
pub struct ResolvedMenus {
    pub main: Option<Vec<MenuLink>>,
    pub footer: Option<Vec<MenuLink>>,
}

/// Resolves the `menus:` of the configuration. A destination that names nothing of
/// the site is a problem of `severity` at the entry's `url`.
pub(super) fn resolve_menus(
    config: &Config,
    targets: &Targets,
    severity: Severity,
    problems: &mut Vec<Diagnostic>,
) -> ResolvedMenus {
    let mut resolve = |menu: &'static str, items: &[MenuItem]| -> Vec<MenuLink> {
        items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let place = [
                    Step::Key("menus"),
                    Step::Key(menu),
                    Step::Item(index),
                    Step::Key("url"),
                ];
                match resolve_one(config, targets, item) {
                    Ok(link) => link,
                    Err((code, message, hint)) => {
                        let mut problem = Diagnostic::error(
                            code,
                            format!("menu entry “{}”: {message}", item.name),
                        )
                        .hint(hint);
                        // An address no site could hold is an error even with --warn-links.
                        if code == "E-broken-link" {
                            problem.severity = severity;
                        }
                        problems.push(config.locate(problem, &place, false));
                        MenuLink {
                            name: item.name.clone(),
                            href: item.url.clone(),
                            key: String::new(),
                        }
                    }
                }
            })
            .collect()
    };
    ResolvedMenus {
        main: config
            .menus
            .main
            .as_deref()
            .map(|items| resolve("main", items)),
        footer: config
            .menus
            .footer
            .as_deref()
            .map(|items| resolve("footer", items)),
    }
}

fn resolve_one(
    config: &Config,
    targets: &Targets,
    item: &MenuItem,
) -> Result<MenuLink, (&'static str, String, String)> {
    let url = item.url.trim();
    if let Some(why) = crate::config::unsafe_destination(url) {
        return Err((
            "E-config",
            format!("address `{url}` {why}"),
            "write a site path (`/series/`), a file (`about.md`), `https://...`, `mailto:` or `tel:`"
                .to_string(),
        ));
    }
    let Some(target) = classify_destination(url) else {
        return Ok(MenuLink {
            name: item.name.clone(),
            href: url.to_string(),
            key: String::new(),
        });
    };
    if let crate::model::body::LinkTarget::Anchor(_) = target {
        return Err((
            "E-broken-link",
            format!("`{url}` is an anchor, which means nothing on every page"),
            "name a page: `/briefs/`, `about.md`, or a page and its anchor `about.md#contact`"
                .to_string(),
        ));
    }
    let link = OutgoingLink {
        target,
        written: url.to_string(),
        text: item.name.clone(),
        offset: 0,
        len: 0,
        context: String::new(),
    };
    let Resolved { href, .. } = targets.resolve(&link, &RenderedMarkdown::default(), "")?;
    let local = href.split('#').next().unwrap_or_default();
    let within = local
        .strip_prefix(config.base_url.path.as_str())
        .unwrap_or(local);
    // An entry marks the section it opens (`/topics/`, a page); one that leads further
    // into a section (a topic's page) marks nothing, or every topic's entry would be
    // announced as the current page on each topic page.
    let key = match within.trim_end_matches('/') {
        "" => "home".to_string(),
        section if !section.contains('/') => section.to_string(),
        _ => String::new(),
    };
    Ok(MenuLink {
        name: item.name.clone(),
        href,
        key,
    })
}

/// The resolved links of each registered author's biography (hrefs and titles, in the
/// order of `bio.links`), by registry position.
pub(super) fn resolve_bios(
    config: &Config,
    people: &People,
    targets: &Targets,
    severity: Severity,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(Vec<String>, Vec<String>)> {
    people
        .list
        .iter()
        .map(|person| {
            let (resolved, found) = match &person.source {
                Some(path) => targets.resolve_all(
                    path,
                    &|| Cow::from(&person.text),
                    &person.bio,
                    "",
                    severity,
                ),
                None => {
                    // A biography in the configuration: problems at its `bio:`.
                    let bio_text = config
                        .authors
                        .iter()
                        .position(|a| a.id == person.id)
                        .map(|i| (i, config.authors[i].bio.as_str()));
                    let (resolved, found) = targets.resolve_all(
                        std::path::Path::new(crate::config::CONFIG_PATH),
                        &|| Cow::from(bio_text.map_or("", |(_, bio)| bio)),
                        &person.bio,
                        "",
                        severity,
                    );
                    let found = found
                        .into_iter()
                        .map(|mut problem| {
                            problem.span = None;
                            match bio_text {
                                Some((i, _)) => config.locate(
                                    problem,
                                    &[Step::Key("authors"), Step::Item(i), Step::Key("bio")],
                                    false,
                                ),
                                None => problem,
                            }
                        })
                        .collect();
                    (resolved, found)
                }
            };
            problems.extend(found);
            resolved.into_iter().map(|r| (r.href, r.title)).unzip()
        })
        .collect()
}
