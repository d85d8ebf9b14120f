//! One post or page of the export made a [`Document`]: its title, dates (with the
//! site's time zone), summary, topics and tags, author, featured image, old
//! permalinks and draft state, and its body converted to Markdown, with what needs a
//! person noted at the document.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use super::content::{self, Attachment};
use super::links::{OldSite, Picture};
use super::{kind_of, wxr};
use crate::import::document::{self, Document, DocumentKind, ImportedSite, Value};
use crate::import::html::{self, UrlKind};
use crate::import::taxonomy::{self, Mapping, SourceKind};
use crate::import::Report;
use crate::model::escape::decode_entities;
use crate::model::slug::slugify;
use crate::parse::front_matter::IMAGE_TYPES;

#[allow(clippy::too_many_arguments)]
pub(super) fn document(
    item: &wxr::Item,
    slug: &str,
    export: &wxr::Export,
    mapping: &Mapping,
    attachments: &BTreeMap<String, Attachment>,
    old: &mut OldSite,
    used: &mut BTreeMap<(SourceKind, String), taxonomy::Used>,
    site: &mut ImportedSite,
) -> Document {
    let kind = kind_of(item);
    let is_page = kind == DocumentKind::Page;
    let origin = format!(
        "{} {} at line {} of the export",
        item.post_type, item.id, item.line
    );
    let mut doc = Document::new(kind, slug, origin);
    let title = decode_entities(&item.title);
    let title = if title.trim().is_empty() {
        doc.attention("", "the post has no title: write one");
        format!("Untitled {}", item.id)
    } else {
        title
    };
    doc.field("title", Value::Text(title.clone()));
    let body = body(item, attachments, old, &mut doc, site);
    let summary = summary(item, &body);
    if !is_page {
        let date = date(item, &mut doc);
        doc.field("date", Value::Plain(date));
        if let Some(modified) = modified(item) {
            doc.field("updated", Value::Plain(modified));
        }
    }
    match (summary, is_page) {
        (Some(summary), _) => doc.field("summary", Value::Text(summary)),
        (None, false) => {
            doc.attention(
                "",
                "no excerpt and no text to make a summary from: write one",
            );
            doc.field("summary", Value::Text(title));
        }
        (None, true) => {}
    }
    if !is_page {
        let terms: Vec<(SourceKind, String, String)> = item
            .terms
            .iter()
            .filter_map(|(domain, slug, name)| {
                let kind = match domain.as_str() {
                    "category" => SourceKind::Category,
                    "post_tag" => SourceKind::Tag,
                    _ => return None,
                };
                {
                    // Non-ASCII nicenames are stored percent-encoded, like post slugs.
                    let slug = percent_encoding::percent_decode_str(slug).decode_utf8_lossy();
                    Some((kind, slug.into_owned(), decode_entities(name)))
                }
            })
            .collect();
        let (topics, tags) = taxonomy::classify(mapping, &terms, used);
        doc.field("topics", Value::List(topics));
        let author = export.authors.iter().find(|a| a.login == item.creator);
        if author.is_some() || !item.creator.is_empty() {
            doc.field("authors", Value::List(vec![slugify(&item.creator)]));
        }
        doc.field("tags", Value::List(tags));
    }
    featured_image(item, attachments, old, &mut doc, &mut site.report);
    doc.field("slug", Value::Text(slug.to_string()));
    doc.field(
        "aliases",
        Value::List(old.aliases(item, &doc, &mut site.report)),
    );
    if item.status != "publish" {
        doc.field("draft", Value::Bool(true));
        site.report
            .count(&format!("{} {}s → drafts", item.status, item.post_type), 1);
    } else {
        let what = if is_page {
            "pages → pages"
        } else {
            "posts → briefs"
        };
        site.report.count(what, 1);
    }
    doc.body = body;
    doc
}

/// The body as Markdown; what needs a person goes to the document.
fn body(
    item: &wxr::Item,
    attachments: &BTreeMap<String, Attachment>,
    old: &mut OldSite,
    doc: &mut Document,
    site: &mut ImportedSite,
) -> String {
    let prepared = content::prepare(&item.content, &item.id, attachments);
    site.report
        .count("block-editor blocks unwrapped", prepared.blocks);
    for (name, count) in &prepared.converted {
        site.report
            .count(&format!("[{name}] shortcodes converted"), *count);
    }
    for (needle, message) in &prepared.attention {
        doc.attention(needle.clone(), message.clone());
    }
    if prepared.pages_joined > 0 {
        doc.attention(
            "",
            "the post was split into pages with <!--nextpage-->; they are joined",
        );
    }
    let notes = item
        .meta
        .iter()
        .find(|(key, _)| key == "footnotes")
        .map_or("", |(_, value)| value.as_str());
    // A mark htmd leaves as it is, made a Markdown footnote reference after.
    let marker = |n: usize| format!("STATECRAFTFOOTNOTE{n}MARK");
    let (html, notes) = content::footnotes(&prepared.html, notes, marker);
    let mut rewrite = |url: &str, kind: UrlKind| old.rewrite(url, kind);
    let mut converted = html::to_markdown(&html, &mut rewrite);
    for (i, note) in notes.iter().enumerate() {
        let n = i + 1;
        let note = html::to_markdown(note, &mut rewrite).markdown;
        converted.markdown = converted.markdown.replace(&marker(n), &format!("[^{n}]"));
        converted
            .markdown
            .push_str(&format!("\n\n[^{n}]: {}", note.replace('\n', " ")));
    }
    if !notes.is_empty() {
        site.report.count("footnotes converted", notes.len());
    }
    old.keep_used(&converted.markdown);
    for tag in &converted.kept_as_html {
        doc.attention(
            format!("<{tag}"),
            format!("`<{tag}>` is kept as HTML: check it shows as intended"),
        );
    }
    if converted.styles_dropped > 0 {
        doc.attention(
            "",
            format!(
                "{} inline style(s) were dropped: check the text reads as intended",
                converted.styles_dropped
            ),
        );
    }
    for tag in &converted.removed {
        doc.attention("", format!("a `<{tag}>` element was removed"));
    }
    for tag in &converted.scripts_dropped {
        doc.attention(
            "",
            format!("a `javascript:` address of a `<{tag}>` was removed"),
        );
    }
    for (needle, message) in old.take_attention() {
        doc.attention(needle, message);
    }
    converted.markdown
}

/// The featured image (`_thumbnail_id`, naming an attachment): a brief's `image:`,
/// the file copied beside the briefs from the local uploads; without it there, listed
/// for download to that place (the next import with `--media` attaches it). A page
/// has no picture; what cannot be placed is for a person.
fn featured_image(
    item: &wxr::Item,
    attachments: &BTreeMap<String, Attachment>,
    old: &mut OldSite,
    doc: &mut Document,
    report: &mut Report,
) {
    // WordPress writes 0 or -1 once a featured image is removed.
    let Some(id) = item
        .meta
        .iter()
        .find(|(key, _)| key == "_thumbnail_id")
        .map(|(_, id)| id.trim())
        .filter(|id| id.parse::<u64>().is_ok_and(|n| n > 0))
    else {
        return;
    };
    let attachment = attachments.get(id);
    if doc.kind == DocumentKind::Page {
        let file = attachment.map_or_else(
            || format!("attachment {id}, not in the export"),
            |a| format!("`{}`", a.url),
        );
        report.not_converted(format!(
            "the featured image of `{}` (page {}), {file}: pages have no `image:`; add it to the page's text if it matters",
            doc.path().display(),
            item.id
        ));
        return;
    }
    let Some(attachment) = attachment else {
        doc.attention(
            "",
            format!("the featured image (attachment {id}) is not in the export, so its file is unknown: put the picture in `briefs/files/` and name it in `image:` (`image: files/<name>.png`), or export again with all content and import again"),
        );
        return;
    };
    let url = &attachment.url;
    match old.picture(url) {
        Picture::Copied(image) => {
            doc.field("image", Value::Text(image));
            report.count("featured images → `image:`", 1);
        }
        Picture::Refused(image, problem) => doc.attention(
            "",
            format!(
                "the featured image `{url}` cannot be `image:`: as `{image}` it {}: {}, put it in `briefs/files/` and name it in `image:`",
                problem.reason(IMAGE_TYPES),
                problem.remedy(IMAGE_TYPES)
            ),
        ),
        Picture::Listed => report.count(
            "featured images listed for download (import again with `--media` to make them `image:`)",
            1,
        ),
        Picture::Elsewhere => doc.attention(
            "",
            format!("the featured image `{url}` is not in the old site's uploads folder, so it was neither copied nor listed for download: download it into `briefs/files/` and name it in `image:`"),
        ),
    }
}

/// The excerpt, or the body's first paragraph, as one line of plain text.
fn summary(item: &wxr::Item, body: &str) -> Option<String> {
    let excerpt = if item.excerpt.trim().is_empty() {
        None
    } else {
        let mut keep = |_: &str, _: UrlKind| None;
        Some(html::to_markdown(&item.excerpt, &mut keep).markdown)
    };
    match excerpt {
        Some(excerpt) => document::plain_summary(&excerpt),
        None => document::summary_from_body(body),
    }
}

/// The publication date with the site's UTC offset at the time (WordPress stores
/// local time and UTC; their difference is the offset).
fn date(item: &wxr::Item, doc: &mut Document) -> String {
    if let Some(date) = with_offset(&item.date, &item.date_gmt) {
        return date;
    }
    if let Some(date) = with_offset(&item.modified, &item.modified_gmt) {
        doc.attention(
            "",
            "the post has no publication date: its last modification date is used",
        );
        return date;
    }
    doc.attention(
        "",
        "the post has no date: 2000-01-01 is written in its place",
    );
    "2000-01-01".to_string()
}

fn modified(item: &wxr::Item) -> Option<String> {
    let modified = with_offset(&item.modified, &item.modified_gmt)?;
    let published = with_offset(&item.date, &item.date_gmt)?;
    (modified[..10] > published[..10]).then_some(modified)
}

/// `2019-03-01T09:30:00+01:00` from local and UTC times; without a valid UTC time the
/// local time alone (read as UTC).
fn with_offset(local: &str, gmt: &str) -> Option<String> {
    let format = "%Y-%m-%d %H:%M:%S";
    let local = NaiveDateTime::parse_from_str(local, format).ok()?;
    let Ok(gmt) = NaiveDateTime::parse_from_str(gmt, format) else {
        return Some(local.format("%Y-%m-%dT%H:%M:%S").to_string());
    };
    let minutes = (local - gmt).num_minutes();
    let minutes = (minutes as f64 / 15.0).round() as i64 * 15;
    let sign = if minutes < 0 { '-' } else { '+' };
    Some(format!(
        "{}{sign}{:02}:{:02}",
        local.format("%Y-%m-%dT%H:%M:%S"),
        minutes.abs() / 60,
        minutes.abs() % 60
    ))
}
