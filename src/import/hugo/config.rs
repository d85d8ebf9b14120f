//! The Hugo site's configuration, as far as the import needs it: its name, address
//! and language, and its permalink patterns (to know every page's old URL).

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Map, Value as Json};

use super::anchors::HeadingIds;
use super::front_matter;

/// What the import reads from `hugo.toml` (or `config.toml`, YAML or JSON).
#[derive(Debug, Default)]
pub struct Settings {
    pub title: String,
    pub description: String,
    pub base_url: String,
    /// `baseURL` as the Hugo site wrote it (`https://example.org/research/`, or a bare
    /// path `/research/`), empty when it has none: what the addresses its `ref` and
    /// `relref` printed began with.
    pub old_base_url: String,
    pub language: String,
    /// Section -> pattern, e.g. `posts` -> `/:year/:month/:slug/`.
    pub permalinks: BTreeMap<String, String>,
    /// `uglyURLs`: pages were at `/posts/x.html`, not `/posts/x/`.
    pub ugly_urls: bool,
    /// The default language's code (`defaultContentLanguage`, `en` without one).
    pub default_language: String,
    /// The codes of the site's languages other than the default one (`languages`).
    pub other_languages: Vec<String>,
    /// The folder of the default language's content, relative to the site's root:
    /// its `contentDir` in `languages`, else the site's `contentDir`, else `content`.
    pub content_dir: String,
    /// The other languages' own content folders (`contentDir` in `languages`): all
    /// translations.
    pub other_content_dirs: Vec<String>,
    /// `en/` when the default language's pages were under `/en/` too
    /// (`defaultContentLanguageInSubdir`), else empty.
    pub language_prefix: String,
    /// How headings were given ids (`markup.goldmark.parser`).
    pub heading_ids: HeadingIds,
}

const FILES: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
    "config/_default/hugo.toml",
    "config/_default/config.toml",
    "config/_default/hugo.yaml",
    "config/_default/config.yaml",
];

/// Files of a configuration folder that hold one key each (`config/_default/permalinks.toml`
/// is the `permalinks` table).
const KEY_FILES: &[&str] = &["permalinks", "languages", "markup"];

/// Reads the first configuration file found, and the keys the configuration folder
/// keeps in files of their own; defaults when there is none.
pub fn read(root: &Path) -> Settings {
    let mut fields = FILES
        .iter()
        .find_map(|name| read_fields(&root.join(name)))
        .unwrap_or_default();
    for key in KEY_FILES {
        let folder = root.join("config/_default");
        let found = ["toml", "yaml", "yml", "json"]
            .iter()
            .find_map(|extension| read_fields(&folder.join(format!("{key}.{extension}"))));
        if let Some(table) = found {
            fields.insert((*key).to_string(), Json::Object(table));
        }
    }
    let fields: Map<String, Json> = fields
        .into_iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .collect();
    let text = |key: &str| {
        fields
            .get(key)
            .and_then(Json::as_str)
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let description = fields
        .get("params")
        .and_then(|p| p.get("description"))
        .and_then(Json::as_str)
        .unwrap_or("")
        .to_string();
    let old_base_url = text("baseurl");
    let base_url = if old_base_url.starts_with("http") {
        format!("{}/", old_base_url.trim_end_matches('/'))
    } else {
        "https://example.org/".to_string()
    };
    let language = text("languagecode");
    let language = language.split(['-', '_']).next().unwrap_or("").to_string();
    let permalinks = fields
        .get("permalinks")
        .and_then(Json::as_object)
        .map(permalinks)
        .unwrap_or_default();
    let default_language = match text("defaultcontentlanguage") {
        code if code.is_empty() => "en".to_string(),
        code => code.to_ascii_lowercase(),
    };
    let languages = fields.get("languages").and_then(Json::as_object);
    let other_languages = languages
        .map(|languages| {
            languages
                .keys()
                .map(|code| code.to_ascii_lowercase())
                .filter(|code| *code != default_language)
                .collect()
        })
        .unwrap_or_default();
    let content_dir_of = |language: &Json| {
        get(Some(language), "contentdir")
            .and_then(Json::as_str)
            .map(|dir| dir.trim().trim_matches('/').to_string())
            .filter(|dir| !dir.is_empty())
    };
    let mut content_dir = text("contentdir").trim_matches('/').to_string();
    let mut other_content_dirs = Vec::new();
    for (code, language) in languages.into_iter().flatten() {
        match content_dir_of(language) {
            Some(dir) if code.eq_ignore_ascii_case(&default_language) => content_dir = dir,
            Some(dir) => other_content_dirs.push(dir),
            None => {}
        }
    }
    if content_dir.is_empty() {
        content_dir = "content".into();
    }
    let in_subdir = fields
        .get("defaultcontentlanguageinsubdir")
        .and_then(Json::as_bool)
        .unwrap_or(false);
    let title = text("title");
    Settings {
        title: if title.is_empty() {
            "Imported site".into()
        } else {
            title
        },
        description,
        base_url,
        old_base_url,
        language: if language.is_empty() {
            "en".into()
        } else {
            language
        },
        permalinks,
        ugly_urls: fields
            .get("uglyurls")
            .and_then(Json::as_bool)
            .unwrap_or(false),
        language_prefix: if in_subdir {
            format!("{default_language}/")
        } else {
            String::new()
        },
        default_language,
        other_languages,
        content_dir,
        other_content_dirs,
        heading_ids: heading_ids(fields.get("markup")),
    }
}

/// The value of `key` in `table`, in any case as Hugo reads keys.
fn get<'a>(table: Option<&'a Json>, key: &str) -> Option<&'a Json> {
    table?
        .as_object()?
        .iter()
        .find_map(|(k, v)| k.eq_ignore_ascii_case(key).then_some(v))
}

/// How Hugo gave headings ids, from `markup.goldmark.parser` (`autoHeadingID`,
/// `autoHeadingIDType`), keys in any case as Hugo reads them.
fn heading_ids(markup: Option<&Json>) -> HeadingIds {
    let parser = get(get(markup, "goldmark"), "parser");
    if get(parser, "autoheadingid").and_then(Json::as_bool) == Some(false) {
        return HeadingIds::Off;
    }
    match get(parser, "autoheadingidtype")
        .and_then(Json::as_str)
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("github-ascii") => HeadingIds::GitHubAscii,
        Some("blackfriday") => HeadingIds::Blackfriday,
        _ => HeadingIds::GitHub,
    }
}

/// The fields of one configuration file, or `None` when there is no such file or it
/// cannot be read.
fn read_fields(path: &Path) -> Option<Map<String, Json>> {
    let text = std::fs::read_to_string(path).ok()?;
    let name = path.to_string_lossy();
    let wrapped = if name.ends_with(".toml") {
        format!("+++\n{text}\n+++\n")
    } else if name.ends_with(".json") {
        text
    } else {
        format!("---\n{text}\n---\n")
    };
    front_matter::split(&wrapped).ok().map(|s| s.fields)
}

/// The page patterns of `permalinks`, by section: written flat (`posts = "..."`, the
/// older form) or under `page` (`[permalinks.page]`, Hugo's form since 0.112, beside
/// `section`, `term` and `taxonomy` for list pages, which the import does not make).
fn permalinks(table: &Map<String, Json>) -> BTreeMap<String, String> {
    let flat = table
        .iter()
        .filter_map(|(section, pattern)| Some((section.clone(), pattern.as_str()?.to_string())));
    let pages = table
        .get("page")
        .and_then(Json::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(section, pattern)| Some((section.clone(), pattern.as_str()?.to_string())));
    flat.chain(pages).collect()
}

/// The old URL path of a page (`posts/x/`): its `url:`, its section's permalink
/// pattern, or Hugo's default `/<folder>/<name>/` (`<name>` is `slug:` or the file's
/// name); `/posts/x.html` instead with `uglyURLs`. `folder` is where the page's file
/// is (`posts/2021`) and `sections` its `:sections` (`posts`): see `hugo_sections`.
/// Hugo passes every part through its `urlize` ([`hugo_urlize`]); `:slug` is `slug:`,
/// else the title.
pub fn old_path(
    settings: &Settings,
    (folder, sections): (&str, &str),
    fields: &Map<String, Json>,
    slug: Option<&str>,
    stem: &str,
) -> String {
    if let Some(url) = fields.get("url").and_then(Json::as_str) {
        return url.trim_start_matches('/').to_string();
    }
    let prefix = &settings.language_prefix;
    let title = fields.get("title").and_then(Json::as_str).unwrap_or(stem);
    let slug_or_stem = hugo_urlize(slug.unwrap_or(stem));
    // Permalink patterns are keyed by the top section.
    let section = folder.split('/').next().unwrap_or("");
    let folder = hugo_urlize(folder);
    let path = match settings.permalinks.get(section) {
        None if folder.is_empty() => format!("{slug_or_stem}/"),
        None => format!("{folder}/{slug_or_stem}/"),
        Some(pattern) => {
            let date = page_date(fields).unwrap_or_default();
            let part = |from: usize, to: usize| date.get(from..to).unwrap_or("").to_string();
            let tokens = [
                (":year", part(0, 4)),
                (":month", part(5, 7)),
                (":day", part(8, 10)),
                (":slugorfilename", slug_or_stem.clone()),
                (":slugorcontentbasename", slug_or_stem.clone()),
                (":slug", hugo_urlize(slug.unwrap_or(title))),
                (":title", hugo_urlize(title)),
                (":filename", hugo_urlize(stem)),
                (":contentbasename", hugo_urlize(stem)),
                (":sections", hugo_urlize(sections)),
                (":section", hugo_urlize(section)),
            ];
            let mut path = pattern.clone();
            for (token, value) in tokens {
                path = path.replace(token, &value);
            }
            path.trim_start_matches('/').to_string()
        }
    };
    if path.ends_with(".html") {
        format!("{prefix}{path}")
    } else if settings.ugly_urls {
        format!("{prefix}{}.html", path.trim_end_matches('/'))
    } else if path.ends_with('/') {
        format!("{prefix}{path}")
    } else {
        format!("{prefix}{path}/")
    }
}

/// The front matter fields Hugo takes a page's date (`.Date`, which permalinks use)
/// from, the first one set: its default `[frontmatter] date`.
pub const DATE_FIELDS: &[&str] = &[
    "date",
    "publishdate",
    "pubdate",
    "published",
    "lastmod",
    "modified",
];

/// A page's date as Hugo took it (see [`DATE_FIELDS`]), in Statecraft's form.
pub fn page_date(fields: &Map<String, Json>) -> Option<String> {
    DATE_FIELDS
        .iter()
        .find_map(|key| fields.get(*key).and_then(front_matter::date))
}

/// A title or name as Hugo puts it in a URL (its `urlize`): letters, digits, marks and
/// `. / \\ _ - # + ~ @` kept, a run of spaces one hyphen, everything else dropped,
/// then lowercased.
fn hugo_urlize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut hyphen_due = false;
    let mut last_was_hyphen = false;
    for c in text.chars() {
        let kept = c.is_alphanumeric()
            || ['.', '/', '\\', '_', '-', '#', '+', '~', '@'].contains(&c)
            || is_mark(c);
        if kept {
            if hyphen_due && c != '-' {
                out.push('-');
            }
            hyphen_due = false;
            last_was_hyphen = c == '-';
            out.push(c);
        } else if c.is_whitespace() && !out.is_empty() && !last_was_hyphen {
            hyphen_due = true;
        }
    }
    out.to_lowercase()
}

/// A combining mark (accents written as their own character, as in a decomposed
/// "é"), which Hugo keeps in URLs.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}' | '\u{3099}'..='\u{309A}')
}

#[cfg(test)]
mod tests {
    use super::hugo_urlize;

    #[test]
    fn titles_become_url_parts_as_hugo_writes_them() {
        assert_eq!(hugo_urlize("The Kuril Stalemate"), "the-kuril-stalemate");
        assert_eq!(hugo_urlize("Japan’s LNG Bet"), "japans-lng-bet");
        assert_eq!(hugo_urlize("U.S.  policy - now"), "u.s.-policy-now");
        assert_eq!(hugo_urlize("Северный путь: итоги"), "северный-путь-итоги");
        assert_eq!(hugo_urlize("  C++ & Go "), "c++-go");
    }
}
