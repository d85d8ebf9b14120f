//! `statecraft import wordpress EXPORT.xml DIR`: a WordPress export (WXR) becomes a
//! site. Posts become briefs and pages pages, with their dates (and time zone),
//! excerpts (or first paragraphs) as summaries, authors in the registry, categories
//! and tags mapped to topics and tags, drafts and private posts as drafts, featured
//! images as the briefs' pictures, and every old permalink as an alias. Bodies are
//! converted to Markdown ([`super::html`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use super::document::{self, Document, DocumentKind, ImportedSite, Value};
use super::html::{self, UrlKind};
use super::taxonomy::{self, Mapping, SourceKind};
use super::{ImportError, ImportOptions};
use crate::model::escape::decode_entities;
use crate::model::slug::slugify;
use crate::model::urls;
use crate::parse::front_matter::IMAGE_TYPES;

pub mod content;
pub mod links;
pub mod wxr;

use content::Attachment;
use links::{OldSite, Picture};

/// Reads the export at `path` and converts it.
pub fn import(
    path: &Path,
    mapping: &Mapping,
    options: &ImportOptions,
) -> Result<ImportedSite, ImportError> {
    let text = std::fs::read_to_string(path).map_err(|source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let export = wxr::parse(&text).map_err(|unreadable| match unreadable {
        wxr::Unreadable::Xml {
            line,
            column,
            reason,
        } => ImportError::BrokenExport {
            path: path.to_path_buf(),
            line,
            column,
            reason,
        },
        wxr::Unreadable::NotAnExport(reason) => ImportError::NotAnExport {
            path: path.to_path_buf(),
            reason,
        },
    })?;
    let mut site = convert(&export, mapping, options.media.as_deref());
    site.report.source = path.display().to_string();
    Ok(site)
}

/// Statuses imported as drafts; anything else but `publish` is left out.
const DRAFT_STATUSES: &[&str] = &["draft", "pending", "private", "future"];

/// What a post (a brief) or a page becomes.
fn kind_of(item: &wxr::Item) -> DocumentKind {
    if item.post_type == "page" {
        DocumentKind::Page
    } else {
        DocumentKind::Brief
    }
}

/// Converts a parsed export into a site.
pub fn convert(export: &wxr::Export, mapping: &Mapping, media: Option<&Path>) -> ImportedSite {
    let mut site = ImportedSite::default();
    let attachments = attachments(export);
    let wanted: Vec<&wxr::Item> = export
        .items
        .iter()
        .filter(|i| matches!(i.post_type.as_str(), "post" | "page"))
        .filter(|i| i.status == "publish" || DRAFT_STATUSES.contains(&i.status.as_str()))
        .collect();
    count_left_out(export, &wanted, &mut site);
    let slugs = assign_slugs(&wanted);
    let mut old = OldSite::new(&export.link, media.map(Path::to_path_buf));
    for (item, slug) in wanted.iter().zip(&slugs) {
        old.add_document(item, slug);
    }
    let mut used = BTreeMap::new();
    for (item, slug) in wanted.iter().zip(&slugs) {
        let document = document(
            item,
            slug,
            export,
            mapping,
            &attachments,
            &mut old,
            &mut used,
            &mut site,
        );
        site.documents.push(document);
    }
    site.config = settings(export, mapping, &used, &site.documents);
    site.mapping = taxonomy::mapping_file(mapping, &used);
    site.files = old.files;
    site.files.sort();
    site.files.dedup();
    site.downloads = old.downloads;
    site.downloads.sort();
    site.downloads.dedup();
    // A file listed for two places (a featured image a body shows too) is one file.
    let listed: HashSet<&str> = site.downloads.iter().map(|d| d.url.as_str()).collect();
    site.report
        .count("media files listed for download", listed.len());
    site.report.count("media files copied", site.files.len());
    site
}

fn attachments(export: &wxr::Export) -> BTreeMap<String, Attachment> {
    export
        .items
        .iter()
        .filter(|i| i.post_type == "attachment")
        .map(|i| {
            let attachment = Attachment {
                url: if i.attachment_url.is_empty() {
                    i.guid.clone()
                } else {
                    i.attachment_url.clone()
                },
                title: decode_entities(&i.title),
                parent: i.parent.clone(),
            };
            (i.id.clone(), attachment)
        })
        .collect()
}

/// Counts in the report what is not imported: other post types, trashed posts,
/// comments.
fn count_left_out(export: &wxr::Export, wanted: &[&wxr::Item], site: &mut ImportedSite) {
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    for item in &export.items {
        let kind = match (item.post_type.as_str(), item.status.as_str()) {
            ("attachment", _) => continue,
            ("post" | "page", status)
                if status == "publish" || DRAFT_STATUSES.contains(&status) =>
            {
                continue
            }
            ("post" | "page", status) => format!("{}s with status `{status}`", item.post_type),
            (other, _) => format!("items of type `{other}`"),
        };
        *skipped.entry(kind).or_default() += 1;
    }
    for (kind, count) in skipped {
        site.report
            .not_converted(format!("{count} {kind} (left out)"));
    }
    let comments: usize = wanted.iter().map(|i| i.comments).sum();
    let commented = wanted.iter().filter(|i| i.comments > 0).count();
    if comments > 0 {
        site.report.not_converted(format!(
            "{comments} approved comment(s) on {commented} post(s): Statecraft sites have no comments; they stay in the export"
        ));
    }
}

/// A unique slug for each item: its WordPress slug (percent-decoded), else its title's.
fn assign_slugs(items: &[&wxr::Item]) -> Vec<String> {
    let mut taken: HashSet<(bool, String)> = HashSet::new();
    items
        .iter()
        .map(|item| {
            let decoded = percent_encoding::percent_decode_str(&item.slug).decode_utf8_lossy();
            let mut base = slugify(&decoded);
            if base.is_empty() {
                base = slugify(&decode_entities(&item.title));
            }
            if base.is_empty() {
                base = format!("post-{}", item.id);
            }
            let is_page = item.post_type == "page";
            if is_page && urls::RESERVED_SEGMENTS.contains(&base.as_str()) {
                base = format!("{base}-page");
            }
            let mut slug = base.clone();
            let mut n = 2;
            while !taken.insert((is_page, slug.clone())) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            slug
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn document(
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
    report: &mut super::Report,
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

/// The configuration: the site's name, address and language, the topics the mapping
/// gives, and the authors who wrote the imported posts.
fn settings(
    export: &wxr::Export,
    mapping: &Mapping,
    used: &BTreeMap<(SourceKind, String), taxonomy::Used>,
    documents: &[Document],
) -> super::document::SiteSettings {
    let mut topics: Vec<(String, String, String)> = Vec::new();
    let mut topic_names: HashMap<String, (String, String)> = HashMap::new();
    for ((kind, slug), term) in used {
        if let taxonomy::Target::Topic(topic) = mapping.target(*kind, slug, &term.name) {
            let description = export
                .categories
                .get(slug)
                .map(|c| decode_entities(&c.description))
                .unwrap_or_default();
            topic_names
                .entry(topic)
                .or_insert((term.name.clone(), description));
        }
    }
    let mut wanted: Vec<String> = documents
        .iter()
        .flat_map(|d| d.fields.iter())
        .filter(|(key, _)| *key == "topics")
        .flat_map(|(_, value)| match value {
            Value::List(items) => items.clone(),
            _ => Vec::new(),
        })
        .collect();
    wanted.sort();
    wanted.dedup();
    for topic in wanted {
        let (title, description) = topic_names
            .get(&topic)
            .cloned()
            .unwrap_or_else(|| (title_case(&topic), String::new()));
        topics.push((topic, title, description));
    }
    let mut writers: Vec<String> = documents
        .iter()
        .flat_map(|d| d.fields.iter())
        .filter(|(key, _)| *key == "authors")
        .flat_map(|(_, value)| match value {
            Value::List(items) => items.clone(),
            _ => Vec::new(),
        })
        .collect();
    writers.sort();
    writers.dedup();
    let authors = writers
        .into_iter()
        .map(|id| {
            let author = export.authors.iter().find(|a| slugify(&a.login) == id);
            let name = author.map(author_name).unwrap_or_else(|| id.clone());
            (id, name, String::new())
        })
        .collect();
    let language = export
        .language
        .split(['-', '_'])
        .next()
        .unwrap_or("en")
        .to_string();
    super::document::SiteSettings {
        title: decode_entities(&export.title),
        description: decode_entities(&export.description),
        base_url: links::base_url(&export.link),
        language: if language.is_empty() {
            "en".into()
        } else {
            language
        },
        topics,
        authors,
    }
}

fn author_name(author: &wxr::Author) -> String {
    let full = format!("{} {}", author.first_name, author.last_name);
    let name = if !author.display_name.trim().is_empty() {
        author.display_name.trim().to_string()
    } else if !full.trim().is_empty() {
        full.trim().to_string()
    } else {
        author.login.clone()
    };
    decode_entities(&name)
}

fn title_case(slug: &str) -> String {
    let words: Vec<String> = slug
        .split('-')
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
        })
        .collect();
    words.join(" ")
}

/// Where media go in the new site: `site/static/media/<path under uploads>`.
pub fn media_path(relative: &str) -> PathBuf {
    Path::new("site/static/media").join(relative)
}

/// Where a featured image goes: beside the briefs (a brief's `image:` is a file in the
/// briefs folder, relative to the brief's file), `briefs/files/<path under uploads>`,
/// so two pictures of the same name never meet; and the value of `image:` naming it
/// from `briefs/<slug>.md`.
pub fn picture_path(relative: &str) -> (PathBuf, String) {
    (
        Path::new("briefs/files").join(relative),
        format!("files/{relative}"),
    )
}
