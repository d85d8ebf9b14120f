//! The settings that make a site the institution's own: menus, logo and icons, social
//! accounts, newsletter, licence and disclaimer, analytics, publication types, and
//! `extra:` (free values for templates). Read key by key with the rest of the
//! configuration (`config::parse`); checked here, each problem at its place.

use serde::Deserialize;

use super::reader;
use crate::model::diagnostics::Diagnostic;
use crate::model::people::{is_email, is_web_address, SocialLink};
use crate::model::slug::{is_valid_slug, slugify};
use crate::model::yaml::Step;

/// `menus:`: the main menu (the header) and the footer menu, each in the order
/// written. `None` keeps the theme's own (every list page and standalone page).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Menus {
    #[serde(default)]
    pub main: Option<Vec<MenuItem>>,
    #[serde(default)]
    pub footer: Option<Vec<MenuItem>>,
}

/// One entry of a menu: a name and where it leads. An internal destination is written
/// as in a brief (`/series/`, `about.md`, `kuril-islands-dispute.md`,
/// `[[topic:soft-power]]`) and checked like a brief's links.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    pub name: String,
    pub url: String,
}

/// `newsletter:`: where readers subscribe (a sign-up page, a `mailto:` address).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(untagged)]
pub enum NewsletterConfig {
    Url(String),
    Full {
        url: String,
        /// The link's text (default: the theme's "Subscribe to our newsletter").
        #[serde(default)]
        label: String,
        /// A sentence shown with it (default: none).
        #[serde(default)]
        text: String,
    },
}

impl NewsletterConfig {
    pub fn url(&self) -> &str {
        match self {
            NewsletterConfig::Url(url) | NewsletterConfig::Full { url, .. } => url,
        }
    }
}

/// `license:`: the licence briefs are published under, shown on every brief and in
/// its citation data.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(untagged)]
pub enum LicenseConfig {
    /// A name; Creative Commons names (`CC BY 4.0`) get their deed's address.
    Name(String),
    Full {
        name: String,
        #[serde(default)]
        url: String,
    },
}

/// A licence with its name and address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct License {
    pub name: String,
    pub url: String,
}

impl LicenseConfig {
    pub fn license(&self) -> License {
        let (name, url) = match self {
            LicenseConfig::Name(name) => (name.trim().to_string(), String::new()),
            LicenseConfig::Full { name, url } => (name.trim().to_string(), url.trim().to_string()),
        };
        let url = if url.is_empty() {
            creative_commons_url(&name).unwrap_or_default()
        } else {
            url
        };
        License { name, url }
    }
}

/// The deed of a Creative Commons licence named as people write it (`CC BY 4.0`,
/// `CC-BY-NC-SA-4.0`, `CC0`).
fn creative_commons_url(name: &str) -> Option<String> {
    let normal = name.trim().to_ascii_uppercase().replace(['-', '_'], " ");
    let words: Vec<&str> = normal.split_whitespace().collect();
    match words.as_slice() {
        ["CC0", ..] | ["CC", "0", ..] => {
            Some("https://creativecommons.org/publicdomain/zero/1.0/".to_string())
        }
        ["CC", rest @ ..] => {
            let (version, kinds) = match rest.last() {
                Some(v) if v.chars().all(|c| c.is_ascii_digit() || c == '.') => {
                    (v.to_string(), &rest[..rest.len() - 1])
                }
                _ => ("4.0".to_string(), rest),
            };
            let allowed = ["BY", "SA", "NC", "ND"];
            if kinds.first() != Some(&"BY") || !kinds.iter().all(|k| allowed.contains(k)) {
                return None;
            }
            let kinds: Vec<String> = kinds.iter().map(|k| k.to_lowercase()).collect();
            Some(format!(
                "https://creativecommons.org/licenses/{}/{version}/",
                kinds.join("-")
            ))
        }
        _ => None,
    }
}

/// `analytics:`: a privacy-minded analytics service's script, added to every page.
/// With `respect_do_not_track` (the default) it is not loaded at all for readers
/// whose browser sends Do-Not-Track or Global Privacy Control.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalyticsConfig {
    pub provider: AnalyticsProvider,
    /// Plausible: the site's domain; Matomo: the site id; Umami: the website id;
    /// Google Analytics: the measurement id (`G-XXXXXXX`); GoatCounter: the code.
    #[serde(default)]
    pub site_id: String,
    /// The script's address (Plausible, Umami, GoatCounter: optional, for a
    /// self-hosted server) or the Matomo server's address (required).
    #[serde(default)]
    pub src: String,
    #[serde(default = "yes")]
    pub respect_do_not_track: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnalyticsProvider {
    Plausible,
    Umami,
    Goatcounter,
    Matomo,
    Google,
}

/// A publication type declared under `types:`. The name and plural may be left out
/// for the five built-in types, whose names come from the theme's translations.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeConfig {
    pub slug: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub plural: String,
    #[serde(default)]
    pub description: String,
}

/// The types a site has without a `types:` key, in this order (the first is the type of
/// a brief that does not say).
pub const DEFAULT_TYPES: &[&str] = &[
    "brief",
    "report",
    "commentary",
    "testimony",
    "working-paper",
];

pub fn default_types() -> Vec<TypeConfig> {
    DEFAULT_TYPES
        .iter()
        .map(|slug| TypeConfig {
            slug: slug.to_string(),
            name: String::new(),
            plural: String::new(),
            description: String::new(),
        })
        .collect()
}

/// `social:` as written (`network: address`), in order.
pub fn social_links(
    value: Option<serde_yaml::Mapping>,
    key: &'static str,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<SocialLink> {
    let mut links = Vec::new();
    for (network, address) in value.into_iter().flatten() {
        let (Some(network), Some(address)) = (network.as_str(), address.as_str()) else {
            let problem = Diagnostic::error(
                "E-config",
                format!("`{key}` must be a set of `network: https://...` lines"),
            )
            .hint("e.g. `linkedin: https://www.linkedin.com/company/example`");
            problems.push(reader::place(problem, text, &[Step::Key(key)], false));
            continue;
        };
        match SocialLink::parse(network, address) {
            Ok(link) => links.push(link),
            Err(why) => {
                let problem = Diagnostic::error("E-config", format!("`{key}.{network}`: {why}"))
                    .hint("e.g. `mastodon: https://mastodon.social/@example`; X/Twitter also takes `@handle`");
                problems.push(reader::place(
                    problem,
                    text,
                    &[Step::Key(key), Step::Key(network)],
                    false,
                ));
            }
        }
    }
    links
}

/// Checks what serde could not: addresses, ids and names.
pub fn check(
    text: &str,
    menus: &Menus,
    newsletter: Option<&NewsletterConfig>,
    license: Option<&LicenseConfig>,
    analytics: Option<&AnalyticsConfig>,
    types: &[TypeConfig],
    problems: &mut Vec<Diagnostic>,
) {
    let mut at = |problem: Diagnostic, path: &[Step]| {
        problems.push(reader::place(problem, text, path, false));
    };
    for (menu, items) in [("main", &menus.main), ("footer", &menus.footer)] {
        for (index, item) in items.iter().flatten().enumerate() {
            let path = [Step::Key("menus"), Step::Key(menu), Step::Item(index)];
            if item.name.trim().is_empty() {
                at(
                    Diagnostic::error("E-config", "a menu entry needs a `name`")
                        .hint("write the text the menu shows, e.g. `name: About us`"),
                    &path,
                );
            }
            // Destinations are checked with the site's links (`link::menus`), so that
            // every menu problem is reported at once.
        }
    }
    if let Some(newsletter) = newsletter {
        let url = newsletter.url();
        if !(is_web_address(url) || url.strip_prefix("mailto:").is_some_and(is_email)) {
            let path: &[Step] = match newsletter {
                NewsletterConfig::Url(_) => &[Step::Key("newsletter")],
                NewsletterConfig::Full { .. } => &[Step::Key("newsletter"), Step::Key("url")],
            };
            at(
                Diagnostic::error("E-config", format!("newsletter address `{url}` is not an address"))
                    .hint("write the sign-up page's `https://...` address, or `mailto:newsletter@example.org`"),
                path,
            );
        }
    }
    if let Some(license) = license {
        let license = license.license();
        if license.name.is_empty() || (!license.url.is_empty() && !is_web_address(&license.url)) {
            at(
                Diagnostic::error("E-config", "`license` needs a name and, if given, an `https://` address")
                    .hint("e.g. `license: CC BY 4.0`, or `license: {name: All rights reserved, url: https://example.org/terms/}`"),
                &[Step::Key("license")],
            );
        }
    }
    if let Some(analytics) = analytics {
        check_analytics(analytics, &mut at);
    }
    let mut seen: Vec<&str> = Vec::new();
    for (index, kind) in types.iter().enumerate() {
        let path = [Step::Key("types"), Step::Item(index), Step::Key("slug")];
        if !is_valid_slug(&kind.slug) {
            at(
                Diagnostic::error(
                    "E-config",
                    format!("type slug `{}` is not a valid slug", kind.slug),
                )
                .hint(format!(
                    "use lowercase letters, digits and hyphens, e.g. `{}`",
                    slugify(&kind.slug)
                )),
                &path,
            );
        } else if seen.contains(&kind.slug.as_str()) {
            at(
                Diagnostic::error(
                    "E-config",
                    format!("type `{}` is declared twice", kind.slug),
                )
                .hint("remove or rename one of the two entries"),
                &path,
            );
        } else if kind.name.trim().is_empty() && !DEFAULT_TYPES.contains(&kind.slug.as_str()) {
            at(
                Diagnostic::error("E-config", format!("type `{}` needs a `name`", kind.slug))
                    .hint(format!(
                        "e.g. `{{slug: {}, name: Policy memo, plural: Policy memos}}`; only {} have names of their own",
                        kind.slug,
                        DEFAULT_TYPES.join(", ")
                    )),
                &[Step::Key("types"), Step::Item(index)],
            );
        }
        seen.push(&kind.slug);
    }
}

/// Why a menu address cannot be used whatever the site holds, if it cannot: empty, a
/// scheme other than `http(s)`, `mailto` and `tel`, spaces.
pub fn unsafe_destination(url: &str) -> Option<&'static str> {
    let url = url.trim();
    if url.is_empty() {
        return Some("is empty");
    }
    let lower = url.to_ascii_lowercase();
    let scheme = lower.split_once(':').map(|(s, _)| s).filter(|s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    match scheme {
        Some("http" | "https") if is_web_address(url) => None,
        Some("http" | "https") => Some("is not a complete address"),
        Some("mailto" | "tel") => None,
        Some(_) if url.starts_with("[[") => None,
        Some(_) => Some("uses a scheme menus do not allow"),
        None if url.contains(char::is_whitespace) && !url.starts_with("[[") => {
            Some("contains spaces")
        }
        None => None,
    }
}

fn check_analytics(analytics: &AnalyticsConfig, at: &mut impl FnMut(Diagnostic, &[Step])) {
    let id_ok = !analytics.site_id.trim().is_empty()
        && analytics
            .site_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c));
    let src_ok = analytics.src.is_empty() || is_web_address(&analytics.src);
    let needs_src = analytics.provider == AnalyticsProvider::Matomo;
    if !id_ok {
        at(
            Diagnostic::error("E-config", "`analytics.site_id` is missing or has characters an id never has")
                .hint("copy the id your analytics service shows (Plausible: your domain; Google: `G-XXXXXXX`)"),
            &[Step::Key("analytics"), Step::Key("site_id")],
        );
    }
    if !src_ok || (needs_src && analytics.src.is_empty()) {
        at(
            Diagnostic::error(
                "E-config",
                "`analytics.src` must be the `https://` address of the service",
            )
            .hint("Matomo: your server's address, e.g. `https://stats.example.org/`"),
            &[Step::Key("analytics"), Step::Key("src")],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creative_commons_names_get_their_deed() {
        let url = |name: &str| LicenseConfig::Name(name.to_string()).license().url;
        assert_eq!(
            url("CC BY 4.0"),
            "https://creativecommons.org/licenses/by/4.0/"
        );
        assert_eq!(
            url("CC-BY-NC-SA-4.0"),
            "https://creativecommons.org/licenses/by-nc-sa/4.0/"
        );
        assert_eq!(
            url("CC0"),
            "https://creativecommons.org/publicdomain/zero/1.0/"
        );
        assert_eq!(url("All rights reserved"), "");
    }

    #[test]
    fn menu_addresses() {
        assert_eq!(unsafe_destination("/series/"), None);
        assert_eq!(unsafe_destination("about.md"), None);
        assert_eq!(unsafe_destination("[[topic:soft-power]]"), None);
        assert_eq!(unsafe_destination("mailto:x@example.org"), None);
        assert!(unsafe_destination("javascript:alert(1)").is_some());
        assert!(unsafe_destination("").is_some());
    }
}
