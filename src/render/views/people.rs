//! Authors as templates see them: a short link on every card (name, role, affiliation,
//! photo, page) and a full profile on the author's page and at the end of their briefs.

use tera::Value;

use super::{assemble_body, map};
use crate::link::Site;
use crate::model::body::with_link_titles;
use crate::model::people::Person;
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;

/// The address of a photo: a static file's URL, or the `https://` address as written.
pub(super) fn photo_url(site: &Site, photo: Option<&str>) -> String {
    let Some(photo) = photo else {
        return String::new();
    };
    if photo.starts_with("https://") || photo.starts_with("http://") {
        return photo.to_string();
    }
    let name = photo.trim_start_matches('/');
    site.assets
        .iter()
        .find(|(asset, _)| asset == name)
        .map_or_else(String::new, |(_, path)| site.config.base_url.shared(path))
}

/// `{id, name, role, affiliation, url, photo_url, guest}`: `url` is the author's page
/// (a guest's own `url:`, or empty); `affiliation` is empty when it is the publisher.
pub(super) fn author_link(site: &Site, person: &Person) -> Value {
    let page = if person.is_guest() {
        person.url.clone().unwrap_or_default()
    } else {
        site.config
            .base_url
            .local(&urls::term(TaxonomyKind::Authors, &person.id))
    };
    map([
        ("id", Value::from(person.id.as_str())),
        ("name", Value::from(person.name.as_str())),
        ("role", Value::from(person.role.as_str())),
        ("affiliation", Value::from(person.affiliation.as_str())),
        ("url", Value::from(page)),
        (
            "photo_url",
            Value::from(photo_url(site, person.photo.as_deref())),
        ),
        ("guest", Value::from(person.is_guest())),
    ])
}

/// Everything about registered author `index` (a position in the registry): the link's
/// fields plus `orcid`, `orcid_url`, `email`, `website`, `social`, `expertise`,
/// `bio_html` (safe: the Markdown biography, its links resolved) and `bio` (plain text).
pub(super) fn profile(site: &Site, index: usize) -> Value {
    let person = &site.people.list[index];
    let mut fields: std::collections::BTreeMap<tera::value::Key<'static>, Value> =
        author_link(site, person)
            .as_map()
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
    let (hrefs, titles) = site
        .bios
        .get(index)
        .map_or((&[][..], &[][..]), |(h, t)| (h.as_slice(), t.as_slice()));
    let bio_html = assemble_body(&person.bio.html, (hrefs, titles, &[]));
    let social: Vec<Value> = person
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
    let expertise: Vec<Value> = person
        .expertise
        .iter()
        .map(|e| Value::from(e.as_str()))
        .collect();
    let text = |value: &Option<String>| Value::from(value.clone().unwrap_or_default());
    let photo = photo_url(site, person.photo.as_deref());
    let base = &site.config.base_url;
    let photo_permalink = if photo.starts_with('/') {
        format!("{}{photo}", base.origin)
    } else {
        photo
    };
    let own = [
        ("photo_permalink", Value::from(photo_permalink)),
        ("orcid", text(&person.orcid)),
        (
            "orcid_url",
            Value::from(person.orcid_url().unwrap_or_default()),
        ),
        ("email", text(&person.email)),
        ("website", text(&person.url)),
        ("social", Value::from(social)),
        ("expertise", Value::from(expertise)),
        ("bio_html", Value::safe_string(bio_html.trim())),
        (
            "bio",
            Value::from(
                with_link_titles(&person.bio.plain_text, |i| {
                    titles.get(i).map(String::as_str)
                })
                .trim(),
            ),
        ),
    ];
    for (key, value) in own {
        fields.insert(key.into(), value);
    }
    Value::from(fields)
}
