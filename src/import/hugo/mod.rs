//! `statecraft import hugo SITE DIR`: a Hugo site's content becomes a site. Pages in
//! sections (`content/posts/...`) become briefs, pages at the top of `content/`
//! standalone pages. Front matter in YAML, TOML or JSON is mapped (dates in every Hugo
//! form, `description` or `summary` as the summary, `categories` and `tags` through the
//! mapping, `aliases` kept and the old URL added, `draft`, `expirydate`, `images`),
//! page bundles keep their folder, and the body's shortcodes are converted
//! ([`body`]). `static/` is copied as it is.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value as Json};
use walkdir::WalkDir;

use super::document::{self, Document, DocumentKind, ImportedSite, SiteSettings, Value};
use super::taxonomy::{self, Mapping, SourceKind};
use super::ImportError;
use crate::load::slash_path;
use crate::model::escape::decode_entities;
use crate::model::slug::slugify;
use crate::model::urls;
use crate::parse::front_matter::IMAGE_TYPES;
use anchors::HeadingIds;

mod anchors;
pub mod body;
pub mod config;
mod fields;
pub mod front_matter;
mod resolve;

use fields::{aliases, expiry, list, terms};
use resolve::Resolver;

/// Front matter fields the import maps; any other is listed in the report.
const MAPPED: &[&str] = &[
    "title",
    "subtitle",
    "date",
    "publishdate",
    "pubdate",
    "published",
    "lastmod",
    "modified",
    "description",
    "summary",
    "draft",
    "categories",
    "tags",
    "slug",
    "url",
    "aliases",
    "expirydate",
    "unpublishdate",
    "images",
    "authors",
    "author",
];

/// A content file found under `content/` (the default language's content folder).
struct Source {
    /// Relative to `content/`, with `/` separators.
    path: String,
    /// Relative to the Hugo site, as the report names it (`content/posts/x.md`).
    shown: String,
    /// The file's name without its extension, nor the default language's code
    /// (`x.en.md` is `x`, as Hugo names the page).
    stem: String,
    file: PathBuf,
    /// A leaf bundle (`x/index.md`): its folder's other files are its resources.
    bundle: bool,
    /// The folder the page is published under (`posts/2021`), the bundle's own folder
    /// left out: Hugo's default URL is this folder, then the page's name.
    folder: String,
    /// Hugo's `:sections`: the top folder, then each folder below it that has an
    /// `_index.md` (a folder without one is no section of its own).
    sections: String,
}

/// Reads the Hugo site at `root` and converts it.
pub fn import(root: &Path, mapping: &Mapping) -> Result<ImportedSite, ImportError> {
    let settings = config::read(root);
    let content = root.join(&settings.content_dir);
    if !content.is_dir() {
        return Err(ImportError::NotAHugoSite(root.to_path_buf()));
    }
    let mut site = ImportedSite::default();
    site.report.source = root.display().to_string();
    let sources = find_sources(root, &settings, &mut site.report)?;

    let mut parsed = Vec::new();
    for source in sources {
        let text = std::fs::read_to_string(&source.file).map_err(|e| ImportError::Read {
            path: source.file.clone(),
            source: e,
        })?;
        match front_matter::split(&text) {
            Ok(split) => {
                let fields = lowercase_keys(split.fields);
                if is_headless(&fields) {
                    site.report.not_converted(format!(
                        "`{}`: headless (Hugo renders no page of it; left out)",
                        source.shown
                    ));
                    continue;
                }
                let body = split.body.to_string();
                parsed.push((source, fields, body));
            }
            Err(unreadable) => {
                site.report.left_out += 1;
                site.report.attention.push((
                    format!("{}:{}:{}", source.shown, unreadable.line, unreadable.column),
                    format!(
                        "in the Hugo site: {}; the file was left out: fix its front matter and import again into a new folder",
                        unreadable.reason
                    ),
                ));
            }
        }
    }
    let slugs = assign(&parsed, &settings);
    let author_names: HashMap<String, String> = parsed
        .iter()
        .flat_map(|(_, fields, _)| {
            list(fields, "authors")
                .into_iter()
                .chain(list(fields, "author"))
        })
        .map(|name| (slugify(&name), name))
        .collect();
    let mut used = BTreeMap::new();
    let mut unmapped: BTreeMap<String, usize> = BTreeMap::new();
    let mut outside = Vec::new();
    for ((source, fields, text), place) in parsed.iter().zip(&slugs) {
        for key in fields.keys().filter(|k| !MAPPED.contains(&k.as_str())) {
            *unmapped.entry(key.clone()).or_default() += 1;
        }
        let mut resolver = Resolver {
            places: &slugs,
            sources: &parsed,
            current: source,
            current_old_path: &place.old_path,
            old_base_url: &settings.old_base_url,
            root,
            slug: &place.slug,
            bundle_folder: (source.bundle && place.kind == DocumentKind::Brief)
                .then(|| PathBuf::from(format!("briefs/{}", place.slug))),
            files: &mut site.files,
            outside: &mut outside,
        };
        let document = document(
            source,
            fields,
            text,
            place,
            mapping,
            &mut used,
            &mut resolver,
            settings.heading_ids,
            &mut site.report,
        );
        site.documents.push(document);
    }
    for (key, count) in unmapped {
        site.report.not_converted(format!(
            "front matter field `{key}` in {count} file(s): no Statecraft equivalent"
        ));
    }
    count_list_pages(&parsed, &mut site.report);
    copy_static(root, &mut site, &mut outside);
    outside.sort();
    outside.dedup();
    for file in outside {
        site.report.not_converted(format!(
            "`{file}` is a link to a file outside the Hugo site: neither read nor copied (copy the file itself into the site if it belongs there)"
        ));
    }
    site.config = site_settings(&settings, mapping, &used, &site.documents, &author_names);
    site.mapping = taxonomy::mapping_file(mapping, &used);
    Ok(site)
}

/// Hugo's list pages, which no imported page keeps the address of: the sections'
/// (`/posts/`), the terms' (`/categories/x/`, `/tags/y/`) and their feeds (`index.xml`).
fn count_list_pages(parsed: &[(Source, Map<String, Json>, String)], report: &mut super::Report) {
    let sections: BTreeSet<&str> = parsed
        .iter()
        .filter_map(|(source, _, _)| source.folder.split('/').next())
        .filter(|section| !section.is_empty())
        .collect();
    let terms: BTreeSet<(SourceKind, String)> = parsed
        .iter()
        .flat_map(|(_, fields, _)| terms(fields))
        .map(|(kind, slug, _)| (kind, slug))
        .collect();
    if sections.is_empty() && terms.is_empty() {
        return;
    }
    report.not_converted(format!(
        "the list pages of {} section(s) and {} categor(y/ies) and tag(s), and their feeds (`/posts/`, `/categories/<name>/`, `index.xml`): not redirected; the site lists briefs at `/briefs/`, `/topics/` and `/tags/` (see `import/taxonomy.yaml`), with its own feeds",
        sections.len(),
        terms.len()
    ));
}

/// Keys lowercased, as Hugo reads them (`expiryDate` is `expirydate`).
fn lowercase_keys(fields: Map<String, Json>) -> Map<String, Json> {
    fields
        .into_iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .collect()
}

/// The Markdown files under `folder`, relative to it, sorted. Symbolic links to a
/// Markdown file or to a folder are not followed: they are added to `links`
/// (relative to `folder`), for the report.
fn markdown_files(folder: &Path, links: &mut Vec<String>) -> Result<Vec<String>, ImportError> {
    let mut markdown = Vec::new();
    for entry in WalkDir::new(folder).sort_by_file_name() {
        let entry = entry.map_err(|e| ImportError::Read {
            path: e.path().unwrap_or(folder).to_path_buf(),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("unreadable")),
        })?;
        let path = entry.path();
        let relative = slash_path(path.strip_prefix(folder).unwrap_or(path));
        let is_markdown = path
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown");
        if entry.file_type().is_file() && is_markdown {
            markdown.push(relative);
        } else if entry.file_type().is_symlink() && (is_markdown || path.is_dir()) {
            links.push(relative);
        }
    }
    Ok(markdown)
}

/// The report's line for a symbolic link of the content folder, `shown` from the Hugo
/// site's root.
fn not_followed(shown: &str, is_folder: bool) -> String {
    let (what, put) = if is_folder {
        ("a folder", "the folder itself")
    } else {
        ("a Markdown file", "the file itself")
    };
    format!(
        "`{shown}`: a symbolic link to {what}; the import follows no link to content (it could lead anywhere, or to a page imported twice), so it was left out: put {put} in its place and import again into a new folder"
    )
}

/// Every Markdown file of `content/` Hugo makes a page of, sorted; `_index.md` (list
/// pages) left out, and, with a note in `report`, translations (`x.ru.md` for a
/// language of `languages`, and the files of another language's own content folder)
/// and Markdown files inside a leaf bundle (its resources, which Hugo publishes as no
/// page).
fn find_sources(
    root: &Path,
    settings: &config::Settings,
    report: &mut super::Report,
) -> Result<Vec<Source>, ImportError> {
    let content_dir = &settings.content_dir;
    let content = root.join(content_dir);
    let translation = |shown: &str| {
        format!("`{shown}`: a translation (multilingual content is not converted; left out)")
    };
    // Another language's folder inside the default one's (`content/ru` beside
    // `content/en`... or in `content`) holds its translations, not pages of their own.
    let mut inside = Vec::new();
    for dir in &settings.other_content_dirs {
        if let Some(nested) = dir.strip_prefix(&format!("{content_dir}/")) {
            inside.push(format!("{nested}/"));
            continue;
        }
        let folder = root.join(dir);
        if folder.is_dir() {
            // Left out with the rest of that language, links or not.
            let mut links = Vec::new();
            let mut files = markdown_files(&folder, &mut links)?;
            files.append(&mut links);
            files.sort();
            for relative in files {
                report.not_converted(translation(&format!("{dir}/{relative}")));
            }
        }
    }
    let mut links = Vec::new();
    let mut markdown = markdown_files(&content, &mut links)?;
    for relative in links {
        let is_folder = content.join(&relative).is_dir();
        report.not_converted(not_followed(
            &format!("{content_dir}/{relative}"),
            is_folder,
        ));
    }
    markdown.retain(|relative| {
        let other = inside
            .iter()
            .any(|folder| relative.starts_with(folder.as_str()));
        if other {
            report.not_converted(translation(&format!("{content_dir}/{relative}")));
        }
        !other
    });
    let name_of = |relative: &str| relative.rsplit('/').next().unwrap_or("").to_string();
    let folder_of = |relative: &str| relative.rsplit_once('/').map(|(f, _)| f.to_string());
    let section_folders: Vec<String> = markdown
        .iter()
        .filter(|relative| name_of(relative).starts_with("_index."))
        .filter_map(|relative| folder_of(relative))
        .collect();
    // Folders holding an `index.md`: leaf bundles, whose other files are resources.
    let bundles: Vec<String> = markdown
        .iter()
        .filter(|relative| name_of(relative).starts_with("index."))
        .map(|relative| folder_of(relative).unwrap_or_default())
        .collect();
    let mut sources = Vec::new();
    for relative in markdown {
        let name = name_of(&relative);
        if name.starts_with("_index.") {
            continue;
        }
        let in_bundle = bundles
            .iter()
            .any(|bundle| !bundle.is_empty() && relative.starts_with(&format!("{bundle}/")));
        if in_bundle && !name.starts_with("index.") {
            report.not_converted(format!(
                "`{content_dir}/{relative}`: a resource of a page bundle, which Hugo publishes as no page (left out)"
            ));
            continue;
        }
        let stem = name
            .rsplit_once('.')
            .map_or(name.as_str(), |(stem, _)| stem);
        let language = stem
            .rsplit_once('.')
            .map(|(_, code)| code.to_ascii_lowercase());
        if language
            .as_ref()
            .is_some_and(|code| settings.other_languages.contains(code))
        {
            report.not_converted(translation(&format!("{content_dir}/{relative}")));
            continue;
        }
        // `x.en.md` in the default language is the page `x`.
        let stem = match stem.rsplit_once('.') {
            Some((name, _)) if language.as_ref() == Some(&settings.default_language) => name,
            _ => stem,
        };
        let bundle = name.starts_with("index.");
        let mut folder = folder_of(&relative).unwrap_or_default();
        if bundle {
            folder = folder_of(&folder).unwrap_or_default();
        }
        let sections = hugo_sections(&folder, &section_folders);
        sources.push(Source {
            bundle,
            file: content.join(&relative),
            shown: format!("{content_dir}/{relative}"),
            stem: stem.to_string(),
            path: relative,
            folder,
            sections,
        });
    }
    Ok(sources)
}

/// Hugo's section path of a page in `folder`: the top folder, then each deeper folder
/// that is a section (has an `_index.md`).
fn hugo_sections(folder: &str, section_folders: &[String]) -> String {
    let mut sections = Vec::new();
    let mut prefix = String::new();
    for (depth, name) in folder.split('/').filter(|n| !n.is_empty()).enumerate() {
        if !prefix.is_empty() {
            prefix.push('/');
        }
        prefix.push_str(name);
        if depth == 0 || section_folders.contains(&prefix) {
            sections.push(name);
        }
    }
    sections.join("/")
}

/// Whether Hugo renders no page for the file: a headless bundle, or `build` (or
/// `_build`) with `render: never` (or `false`).
fn is_headless(fields: &Map<String, Json>) -> bool {
    let never_rendered = ["build", "_build"].iter().any(|key| {
        let render = fields.get(*key).and_then(|b| b.get("render"));
        matches!(render, Some(Json::Bool(false)))
            || render
                .and_then(Json::as_str)
                .is_some_and(|r| r.eq_ignore_ascii_case("never"))
    });
    never_rendered || fields.get("headless").and_then(Json::as_bool) == Some(true)
}

/// Where Hugo's manual summary ends.
const SUMMARY_DIVIDER: &str = "<!--more-->";

/// Where a content file goes and where it was.
struct Place {
    slug: String,
    kind: DocumentKind,
    /// Its old URL path (`posts/x/`), from `url:`, the section's permalink or the
    /// default `/<section>/<slug>/`.
    old_path: String,
}

/// A unique slug, kind and old URL for each file.
fn assign(
    parsed: &[(Source, Map<String, Json>, String)],
    settings: &config::Settings,
) -> Vec<Place> {
    let mut taken: HashSet<(DocumentKind, String)> = HashSet::new();
    parsed
        .iter()
        .map(|(source, fields, _)| {
            let segments: Vec<&str> = source.path.split('/').collect();
            let stem = if source.bundle {
                segments[segments.len().saturating_sub(2)]
            } else {
                source.stem.as_str()
            };
            let top_level = source.folder.is_empty();
            let kind = if top_level {
                DocumentKind::Page
            } else {
                DocumentKind::Brief
            };
            let hugo_slug = fields
                .get("slug")
                .and_then(Json::as_str)
                .map(str::to_string);
            let mut slug = slugify(hugo_slug.as_deref().unwrap_or(stem));
            if slug.is_empty() {
                slug = "page".into();
            }
            if kind == DocumentKind::Page && urls::RESERVED_SEGMENTS.contains(&slug.as_str()) {
                slug = format!("{slug}-page");
            }
            // The next free `slug-N`: a file may be named like one (`update-2.md`).
            let base = slug.clone();
            let mut n = 2;
            while !taken.insert((kind, slug.clone())) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            let old_path = config::old_path(
                settings,
                (&source.folder, &source.sections),
                fields,
                hugo_slug.as_deref(),
                stem,
            );
            Place {
                slug,
                kind,
                old_path,
            }
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn document(
    source: &Source,
    fields: &Map<String, Json>,
    text: &str,
    place: &Place,
    mapping: &Mapping,
    used: &mut BTreeMap<(SourceKind, String), taxonomy::Used>,
    resolver: &mut Resolver,
    heading_ids: HeadingIds,
    report: &mut super::Report,
) -> Document {
    let origin = source.shown.clone();
    let mut doc = Document::new(place.kind, &place.slug, origin);
    doc.bundle = source.bundle && place.kind == DocumentKind::Brief;
    let string = |key: &str| {
        fields
            .get(key)
            .and_then(Json::as_str)
            .map(|s| decode_entities(s.trim()))
    };
    let title = string("title")
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| {
            doc.attention("", "the page has no title: write one");
            place.slug.replace('-', " ")
        });
    doc.field("title", Value::Text(title.clone()));
    doc.field(
        "subtitle",
        Value::Text(string("subtitle").unwrap_or_default()),
    );
    let mut converted = body::convert(text, resolver);
    let anchors = anchors::keep_heading_ids(&converted.markdown, heading_ids);
    converted.markdown = anchors.markdown;
    converted.attention.extend(anchors.attention);
    if anchors.kept > 0 {
        report.count("heading ids kept as Hugo made them (`{#id}`)", anchors.kept);
    }
    for (name, count) in &converted.converted {
        report.count(&format!("{{{{< {name} >}}}} shortcodes converted"), *count);
    }
    for (needle, message) in &converted.attention {
        doc.attention(needle.clone(), message.clone());
    }
    doc.components.clone_from(&converted.components);
    let is_brief = place.kind == DocumentKind::Brief;
    if is_brief {
        dates(fields, &mut doc);
    }
    // Hugo's summary divider: the text before it is the summary; readers never see it.
    let mut teaser = None;
    if let Some((before, after)) = converted.markdown.split_once(SUMMARY_DIVIDER) {
        teaser = document::plain_summary(before);
        converted.markdown = format!("{before}{after}");
    }
    let summary = string("description")
        .or_else(|| string("summary"))
        .filter(|s| !s.is_empty())
        .or(teaser)
        .or_else(|| document::summary_from_body(&converted.markdown));
    match summary {
        Some(summary) => doc.field("summary", Value::Text(summary)),
        None if is_brief => {
            doc.attention(
                "",
                "no description and no text to make a summary from: write one",
            );
            doc.field("summary", Value::Text(title));
        }
        None => {}
    }
    if is_brief {
        let (topics, tags) = taxonomy::classify(mapping, &terms(fields), used);
        doc.field("topics", Value::List(topics));
        let authors = list(fields, "authors")
            .into_iter()
            .chain(list(fields, "author"));
        doc.field(
            "authors",
            Value::List(authors.map(|a| slugify(&a)).collect()),
        );
        doc.field("tags", Value::List(tags));
    }
    doc.field("slug", Value::Text(place.slug.clone()));
    doc.field(
        "aliases",
        Value::List(aliases(fields, place, &doc, source, report)),
    );
    let draft = fields.get("draft").and_then(Json::as_bool).unwrap_or(false);
    let expired = expiry(fields, &mut doc);
    if draft || expired {
        doc.field("draft", Value::Bool(true));
    }
    social_images(fields, resolver, &mut doc);
    let kind = if is_brief {
        "section pages → briefs"
    } else {
        "top-level pages → pages"
    };
    report.count(kind, 1);
    if doc.bundle {
        report.count("page bundles kept", 1);
    }
    doc.body = converted.markdown;
    doc
}

/// `images` (social card images): copied into the site like the page's other files;
/// a bundle brief's first one becomes its `image:`, the others are noted.
fn social_images(fields: &Map<String, Json>, resolver: &mut Resolver, doc: &mut Document) {
    use body::Targets as _;
    let mut images = list(fields, "images").into_iter();
    if doc.bundle {
        let first = images.next();
        // A file of the bundle that `image:` cannot name: say why, not "not used" as if
        // the brief had another picture. (An image elsewhere, `/images/x.png` in
        // `static/`, is placed and noted with the others below.)
        let refused = first
            .as_deref()
            .filter(|image| !image.starts_with('/') && !image.contains("://"))
            .and_then(|image| Some((image, document::check_picture(image).err()?)));
        if let Some((image, problem)) = refused {
            // Still copied beside the brief when the import can, for a person to fix.
            resolver.file(image);
            doc.attention(
                "",
                format!(
                    "`images` `{image}` cannot be the brief's `image:`: it {}: {}, and name it in `image:`",
                    problem.reason(IMAGE_TYPES),
                    problem.remedy(IMAGE_TYPES)
                ),
            );
        } else {
            match first.as_deref().and_then(|image| resolver.file(image)) {
                Some(beside)
                    if !beside.starts_with('/') && document::check_picture(&beside).is_ok() =>
                {
                    doc.field("image", Value::Plain(beside.replace("%20", " ")));
                }
                _ => {
                    images = first
                        .into_iter()
                        .chain(images)
                        .collect::<Vec<_>>()
                        .into_iter()
                }
            }
        }
    }
    let placed: Vec<String> = images
        .map(|image| match resolver.file(&image) {
            Some(path) => format!("`{image}` (now `{path}`)"),
            None => format!("`{image}`"),
        })
        .collect();
    if placed.is_empty() {
        return;
    }
    doc.attention(
        "",
        format!(
            "`images` {} not used: a brief has one `image:`, a file beside it; add the others to the text if they matter",
            placed.join(", ")
        ),
    );
}

/// The date of a brief, Hugo's (`date`, else `publishdate`... else `lastmod`: see
/// [`config::DATE_FIELDS`]), and its `lastmod`.
fn dates(fields: &Map<String, Json>, doc: &mut Document) {
    let first = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| fields.get(*k).and_then(front_matter::date))
    };
    let date = config::page_date(fields).unwrap_or_else(|| {
        doc.attention(
            "",
            "no date Hugo or Statecraft can read: 2000-01-01 is written in its place",
        );
        "2000-01-01".to_string()
    });
    // A `lastmod` on or before the day of publication says nothing a reader needs
    // (and one before it is an error of a brief).
    let updated = first(&["lastmod", "modified"]).filter(|updated| day(updated) > day(&date));
    doc.field("date", Value::Plain(date));
    doc.field("updated", Value::Plain(updated.unwrap_or_default()));
}

/// The day (`2024-03-12`) a date written by [`front_matter::date`] falls on.
fn day(date: &str) -> &str {
    date.get(..10).unwrap_or(date)
}

/// `static/` is copied as it is, so its files keep their URLs; a link to a file is
/// followed when the file is in the Hugo site, else listed in `outside`.
fn copy_static(root: &Path, site: &mut ImportedSite, outside: &mut Vec<String>) {
    let folder = root.join("static");
    let mut count = 0;
    for entry in WalkDir::new(&folder)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let linked_file = entry.file_type().is_symlink() && entry.path().is_file();
        if linked_file && !resolve::inside(root, entry.path()) {
            let shown = entry.path().strip_prefix(root).unwrap_or(entry.path());
            outside.push(slash_path(shown));
            continue;
        }
        if entry.file_type().is_file() || linked_file {
            let relative = entry.path().strip_prefix(&folder).unwrap_or(entry.path());
            site.files.push((
                entry.path().to_path_buf(),
                Path::new("site/static").join(relative),
            ));
            count += 1;
        }
    }
    site.report.count("static files copied", count);
}

fn site_settings(
    settings: &config::Settings,
    mapping: &Mapping,
    used: &BTreeMap<(SourceKind, String), taxonomy::Used>,
    documents: &[Document],
    author_names: &HashMap<String, String>,
) -> SiteSettings {
    let mut topics: Vec<String> = documents
        .iter()
        .flat_map(|d| d.fields.iter())
        .filter(|(k, _)| *k == "topics")
        .flat_map(|(_, v)| {
            if let Value::List(items) = v {
                items.clone()
            } else {
                Vec::new()
            }
        })
        .collect();
    topics.sort();
    topics.dedup();
    let names: HashMap<String, String> = used
        .iter()
        .filter_map(
            |((kind, slug), term)| match mapping.target(*kind, slug, &term.name) {
                taxonomy::Target::Topic(t) => Some((t, term.name.clone())),
                _ => None,
            },
        )
        .collect();
    let mut authors: Vec<String> = documents
        .iter()
        .flat_map(|d| d.fields.iter())
        .filter(|(k, _)| *k == "authors")
        .flat_map(|(_, v)| {
            if let Value::List(items) = v {
                items.clone()
            } else {
                Vec::new()
            }
        })
        .collect();
    authors.sort();
    authors.dedup();
    SiteSettings {
        title: settings.title.clone(),
        description: settings.description.clone(),
        base_url: settings.base_url.clone(),
        language: settings.language.clone(),
        topics: topics
            .into_iter()
            .map(|t| {
                let title = names.get(&t).cloned().unwrap_or_else(|| {
                    let mut chars = t.chars();
                    chars.next().map_or(String::new(), |c| {
                        c.to_uppercase()
                            .chain(chars)
                            .collect::<String>()
                            .replace('-', " ")
                    })
                });
                (t, title, String::new())
            })
            .collect(),
        authors: authors
            .into_iter()
            .map(|id| {
                let name = author_names.get(&id).cloned().unwrap_or_else(|| id.clone());
                (id, name, String::new())
            })
            .collect(),
    }
}
