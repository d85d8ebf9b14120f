//! `site` in every template: the site's name and addresses, its topics and types, its
//! menus, and what makes it the institution's own (logo, icons, social accounts,
//! newsletter, licence, disclaimer, analytics, `extra:`).

use std::collections::BTreeMap;

use tera::Value;

use super::{map, term_ref_fields};
use crate::config::{AnalyticsConfig, AnalyticsProvider, NewsletterConfig};
use crate::link::menus::MenuLink;
use crate::link::Site;
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;

/// The `site` value.
pub(super) fn site_value(site: &Site) -> Value {
    let base = &site.config.base_url;
    let config = &site.config;
    let labels = &site.labels;
    let terms = |kind: TaxonomyKind, with_description: bool| -> Vec<Value> {
        site.taxonomies
            .get(kind)
            .terms
            .iter()
            .map(|t| {
                let mut fields = term_ref_fields(site, kind, t);
                if with_description {
                    fields.insert("description", Value::from(t.description.as_str()));
                    fields.insert("singular", Value::from(t.singular.as_str()));
                }
                Value::from(fields)
            })
            .collect()
    };
    let pages: Vec<Value> = site
        .pages
        .iter()
        .map(|p| {
            map([
                ("title", Value::from(p.parsed.meta.title.as_str())),
                ("url", Value::from(base.local(&p.path))),
                ("slug", Value::from(p.slug.as_str())),
            ])
        })
        .collect();
    let menu = |links: &[MenuLink]| -> Value {
        Value::from(
            links
                .iter()
                .map(|l| nav_entry(&l.name, l.href.clone(), &l.key))
                .collect::<Vec<_>>(),
        )
    };
    let nav = match &site.menus.main {
        Some(links) => menu(links),
        None => Value::from(default_nav(site)),
    };
    let footer_nav = match &site.menus.footer {
        Some(links) => menu(links),
        None => Value::none(),
    };
    let asset_url = |name: &str| {
        let name = name.trim_start_matches('/');
        site.assets
            .iter()
            .find(|(asset, _)| asset == name)
            .map_or_else(String::new, |(_, path)| base.shared(path))
    };
    let social: Vec<Value> = config
        .social
        .iter()
        .map(|s| {
            map([
                ("network", Value::from(s.network.as_str())),
                ("name", Value::from(s.name.as_str())),
                ("url", Value::from(s.url.as_str())),
            ])
        })
        .collect();
    let twitter_site = config
        .social
        .iter()
        .find_map(|s| s.twitter_handle())
        .unwrap_or_default();
    let newsletter = config.newsletter.as_ref().map_or_else(Value::none, |n| {
        let (label, text) = match n {
            NewsletterConfig::Url(_) => ("", ""),
            NewsletterConfig::Full { label, text, .. } => (label.as_str(), text.as_str()),
        };
        let label = if label.is_empty() {
            labels.text("newsletter_subscribe")
        } else {
            label
        };
        map([
            ("url", Value::from(n.url())),
            ("label", Value::from(label)),
            ("text", Value::from(text)),
        ])
    });
    let license = config.license.as_ref().map_or_else(Value::none, |l| {
        map([
            ("name", Value::from(l.name.as_str())),
            ("url", Value::from(l.url.as_str())),
        ])
    });
    let favicon = config.favicon.as_deref().map_or_else(Value::none, |icon| {
        let svg = icon.to_ascii_lowercase().ends_with(".svg");
        let drawn = |path: &str| {
            Value::from(if svg {
                base.shared(path)
            } else {
                String::new()
            })
        };
        map([
            ("url", Value::from(asset_url(icon))),
            ("type", Value::from(icon_type(icon))),
            ("png_url", drawn(urls::FAVICON_PNG)),
            ("apple_touch_url", drawn(urls::APPLE_TOUCH_ICON)),
        ])
    });
    let taxonomy_url = |kind| base.local(&urls::taxonomy(kind));
    let fields: BTreeMap<&'static str, Value> = BTreeMap::from([
        ("title", Value::from(config.title.as_str())),
        ("description", Value::from(config.description.as_str())),
        ("language", Value::from(config.language.as_str())),
        ("publisher", Value::from(config.publisher.as_str())),
        ("base_url", Value::from(base.absolute(urls::HOME))),
        ("root_url", Value::from(base.local(urls::HOME))),
        ("feed_url", Value::from(base.local(urls::SITE_FEED))),
        ("search_url", Value::from(base.local(urls::SEARCH))),
        ("archive_url", Value::from(base.local(urls::ARCHIVE))),
        ("series_url", Value::from(base.local(urls::SERIES_INDEX))),
        ("briefs_url", Value::from(base.local(urls::BRIEF_LIST))),
        (
            "topics_url",
            Value::from(taxonomy_url(TaxonomyKind::Topics)),
        ),
        (
            "authors_url",
            Value::from(taxonomy_url(TaxonomyKind::Authors)),
        ),
        ("types_url", Value::from(taxonomy_url(TaxonomyKind::Types))),
        ("topics", Value::from(terms(TaxonomyKind::Topics, true))),
        ("types", Value::from(terms(TaxonomyKind::Types, true))),
        ("has_series", Value::from(!site.series.is_empty())),
        ("pages", Value::from(pages)),
        ("nav", nav),
        ("footer_nav", footer_nav),
        (
            "logo_url",
            Value::from(config.logo.as_deref().map(asset_url).unwrap_or_default()),
        ),
        // The logo's own size, which the theme scales to the height it shows it at
        // (0 when unknown: the theme then gives no size).
        (
            "logo_width",
            Value::from(site.logo_size.map_or(0, |(width, _)| width)),
        ),
        (
            "logo_height",
            Value::from(site.logo_size.map_or(0, |(_, height)| height)),
        ),
        (
            "card_url",
            Value::from(if config.social_cards {
                base.absolute(urls::SITE_CARD)
            } else {
                String::new()
            }),
        ),
        ("favicon", favicon),
        ("social", Value::from(social)),
        ("twitter_site", Value::from(twitter_site)),
        ("newsletter", newsletter),
        ("license", license),
        ("disclaimer", Value::from(config.disclaimer.as_str())),
        (
            "colors",
            map([
                ("brand", Value::from(config.colors.brand().hex())),
                ("accent", Value::from(config.colors.accent().hex())),
                ("link", Value::from(config.colors.link().hex())),
            ]),
        ),
        ("extra", Value::from_serializable(&config.extra)),
        (
            "analytics",
            Value::safe_string(
                &config
                    .analytics
                    .as_ref()
                    .map(analytics_snippet)
                    .unwrap_or_default(),
            ),
        ),
    ]);
    Value::from(fields)
}

/// The main menu when the configuration has none: every list page, then the
/// standalone pages, named in the site's language.
fn default_nav(site: &Site) -> Vec<Value> {
    let base = &site.config.base_url;
    let labels = &site.labels;
    let taxonomy_url = |kind| base.local(&urls::taxonomy(kind));
    let mut nav = vec![
        nav_entry(
            labels.text("nav.briefs"),
            base.local(urls::BRIEF_LIST),
            "briefs",
        ),
        nav_entry(
            labels.text("nav.topics"),
            taxonomy_url(TaxonomyKind::Topics),
            "topics",
        ),
        nav_entry(
            labels.text("nav.regions"),
            taxonomy_url(TaxonomyKind::Regions),
            "regions",
        ),
    ];
    if !site.series.is_empty() {
        nav.push(nav_entry(
            labels.text("nav.series"),
            base.local(urls::SERIES_INDEX),
            "series",
        ));
    }
    nav.extend([
        nav_entry(
            labels.text("nav.authors"),
            taxonomy_url(TaxonomyKind::Authors),
            "authors",
        ),
        nav_entry(
            labels.text("nav.archive"),
            base.local(urls::ARCHIVE),
            "archive",
        ),
        nav_entry(
            labels.text("nav.timeline"),
            base.local(urls::TIMELINE),
            "timeline",
        ),
        nav_entry(
            labels.text("nav.tags"),
            taxonomy_url(TaxonomyKind::Tags),
            "tags",
        ),
    ]);
    if site.glossary.is_some() {
        nav.push(nav_entry(
            labels.text("nav.glossary"),
            base.local(urls::GLOSSARY),
            "glossary",
        ));
    }
    nav.extend(
        site.pages
            .iter()
            .map(|p| nav_entry(&p.parsed.meta.title, base.local(&p.path), &p.slug)),
    );
    nav
}

fn nav_entry(title: &str, url: String, key: &str) -> Value {
    map([
        ("title", Value::from(title)),
        ("url", Value::from(url)),
        ("key", Value::from(key)),
    ])
}

/// The media type of an icon file, for `<link rel="icon" type>`.
fn icon_type(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    match lower.rsplit('.').next() {
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("gif") => "image/gif",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("webp") => "image/webp",
        _ => "",
    }
}

/// A string as a JavaScript string literal that can never end its script element.
fn js_string(text: &str) -> String {
    serde_json::to_string(text)
        .unwrap_or_else(|_| "\"\"".to_string())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The analytics service's script as an inline loader: it adds the service's script
/// only when the reader's browser sends neither Do-Not-Track nor Global Privacy
/// Control (unless `respect_do_not_track: false`). Every configured value is written
/// as a JavaScript string literal, so none can leave its script.
pub(super) fn analytics_snippet(analytics: &AnalyticsConfig) -> String {
    let id = js_string(analytics.site_id.trim());
    let src_or = |default: &str| {
        js_string(if analytics.src.is_empty() {
            default
        } else {
            analytics.src.trim()
        })
    };
    let (setup, src, attributes) = match analytics.provider {
        AnalyticsProvider::Plausible => (
            String::new(),
            src_or("https://plausible.io/js/script.js"),
            format!("s.setAttribute(\"data-domain\",{id});"),
        ),
        AnalyticsProvider::Umami => (
            String::new(),
            src_or("https://cloud.umami.is/script.js"),
            format!("s.setAttribute(\"data-website-id\",{id});"),
        ),
        AnalyticsProvider::Goatcounter => {
            let endpoint = js_string(&format!("https://{}.goatcounter.com/count", analytics.site_id.trim()));
            (
                String::new(),
                src_or("https://gc.zgo.at/count.js"),
                format!("s.setAttribute(\"data-goatcounter\",{endpoint});"),
            )
        }
        AnalyticsProvider::Matomo => {
            let server = analytics.src.trim().trim_end_matches('/');
            let tracker = js_string(&format!("{server}/matomo.php"));
            (
                format!("var q=window._paq=window._paq||[];q.push([\"trackPageView\"]);q.push([\"enableLinkTracking\"]);q.push([\"setTrackerUrl\",{tracker}]);q.push([\"setSiteId\",{id}]);"),
                js_string(&format!("{server}/matomo.js")),
                String::new(),
            )
        }
        AnalyticsProvider::Google => (
            format!("window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}gtag(\"js\",new Date());gtag(\"config\",{id});"),
            js_string(&format!("https://www.googletagmanager.com/gtag/js?id={}", analytics.site_id.trim())),
            String::new(),
        ),
    };
    let respect = if analytics.respect_do_not_track {
        "var n=navigator,d=n.doNotTrack||window.doNotTrack||n.msDoNotTrack;if(d===\"1\"||d===\"yes\"||n.globalPrivacyControl===true)return;"
    } else {
        ""
    };
    format!(
        "<script>(function(){{{respect}{setup}var s=document.createElement(\"script\");s.async=true;s.src={src};{attributes}document.head.appendChild(s);}})();</script>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analytics_values_cannot_leave_the_script() {
        let snippet = analytics_snippet(&AnalyticsConfig {
            provider: AnalyticsProvider::Plausible,
            site_id: "x\"</script><script>alert(1)</script>".to_string(),
            src: String::new(),
            respect_do_not_track: true,
        });
        assert_eq!(snippet.matches("</script>").count(), 1, "{snippet}");
        assert!(snippet.contains("doNotTrack"), "{snippet}");
        assert!(snippet.contains("\\u003c/script\\u003e"), "{snippet}");
    }
}
