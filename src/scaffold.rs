//! `statecraft init` and `statecraft new`: files for people to edit. Neither ever
//! overwrites an existing file.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::model::slug::{document_name, slugify};
use crate::parse::front_matter;
use crate::parse::schedule::{
    PLACEHOLDER_BODY, PLACEHOLDER_FINDING, PLACEHOLDER_RECOMMENDATION, PLACEHOLDER_SUMMARY,
};

const CONFIG: &str = r##"# Site configuration. Every key is described in the configuration reference of
# Statecraft's README; keys left out take the defaults shown in the comments.
title: My Policy Briefs
description: Analysis and recommendations from our research team.
# The address the site is published at (a sub-path works too: https://example.org/research/).
base_url: https://example.org/
# The language of the site's interface and dates: en, ru, ja, fr, de and es are built
# in; any other needs site/i18n/<language>.yaml.
language: en
publisher: My Institute
theme: default
page_size: 10
# feed_limit: 20               # entries per Atom feed, newest first

# The research topics briefs are filed under (by slug). Replace these examples.
topics:
  - slug: economy
    title: Economy
    description: Growth, trade and public finance.
  - slug: security
    title: Security
    description: Defence, diplomacy and international order.

# Authors, named by id in a brief's `authors:`. An author may instead have a file
# site/authors/<id>.md with the same fields and a biography in Markdown.
authors:
  - id: jane-doe
    name: Jane Doe
    role: Senior Fellow
    # affiliation: Another University   # default: the publisher
    bio: Jane Doe writes about the economy.
    # photo: jane-doe.jpg               # a file in site/static/
    # orcid: 0000-0002-1825-0097
    # email: jane.doe@example.org
    # expertise: [Trade, Public finance]

# Publication types briefs declare with `type:` (the first is the default). Leave this
# out for the built-in brief, report, commentary, testimony and working-paper.
# types:
#   - slug: brief
#   - slug: memo
#     name: Policy memo
#     plural: Policy memos

# The institution's look and accounts (files named here live in site/static/).
# logo: logo.svg
# favicon: favicon.svg        # an SVG is also drawn as favicon-32x32.png and apple-touch-icon.png
# colors:                      # CSS colours, in quotes (an unquoted # starts a comment)
#   brand: "#13294b"            # masthead, footer, social cards; text on it turns white or black
#   accent: "#9e1b32"           # kickers, rules, the PDF's headings: must read as text
#   link: "#0b4f9c"
#   charts: ["#1f5fa8", "#c2571a", "#2e8540"]   # chart series in order; each 3:1 on the page
# typography:                  # font families; their .otf/.ttf (and .woff2) files go in site/fonts/
#   body: Source Serif 4, Georgia, serif   # in order; a generic family last: the reader's own
#   headings: Source Sans 3
#   ui: Source Sans 3
# social:
#   linkedin: https://www.linkedin.com/company/example
#   mastodon: https://mastodon.social/@example
# newsletter: https://example.org/subscribe/
# license: CC BY 4.0
# disclaimer: The views expressed are the authors' own.

# Menus replace the theme's navigation; internal links are checked like brief links.
# menus:
#   main:
#     - {name: Publications, url: /briefs/}
#     - {name: Series, url: /series/}
#     - {name: About, url: about.md}
#   footer:
#     - {name: Contact, url: "mailto:info@example.org"}

# Analytics, loaded only for readers whose browser does not ask not to be tracked.
# analytics:
#   provider: plausible       # plausible, umami, goatcounter, matomo or google
#   site_id: example.org

# Free values for your own templates, seen there as `site.extra`.
# extra:
#   donate_url: https://example.org/donate/

# Languages briefs are translated into (see "Translations" in the README).
# languages:
#   ru: {name: Русский, title: Мои аналитические записки}

# How pages are written and checked (each also a flag of `statecraft build`).
# social_cards: true           # false: no card image drawn for briefs without `image:`
# relative_links: false        # true: links relative to each page, like --relative
# minify: false                # true: minified HTML, like --minify
# citation_files: false        # true: cite.bib and cite.ris files beside each brief
# warn_broken_links: false     # true: broken internal links are warnings, like --warn-links
# related: {limit: 4, topic_weight: 1, region_weight: 1.5, tag_weight: 2, author_weight: 1, recency_decay_per_year: 0.1}
# search:
#   fold_accents: true         # false: accents count in search
# markdown:
#   raw_html: allow            # escape: HTML in briefs is shown as text
# bibliography:
#   file: references.bib       # in site/; briefs cite its entries as [@key]
#   style: chicago-author-date # or chicago-notes, apa, ieee...

# The PDF edition of every brief (briefs/<slug>/<slug>.pdf), typeset in the build with
# the logo, disclaimer and licence above unless set here.
pdf:
  enabled: true
  # series: Policy Brief       # default: the theme's words in each language
  # file_name: "{slug}.pdf"    # {slug} and {number} are replaced
  # paper: a4                  # us-letter, us-legal, a5, b5
  # institution: My Institute  # default: the publisher
  # accessibility: pdf-ua-1    # or tagged, none

# Where `statecraft deploy` publishes the built site (see "Deploying" in the README).
# deploy:
#   web: {type: folder, path: /var/www/briefs}
"##;

const EXAMPLE_BRIEF: &str = r#"---
title: "Welcome to Statecraft"
date: 2024-01-15
summary: >-
  An example brief. Edit it, or add your own with `statecraft new "Title"`.
authors: [jane-doe]
topics: [economy]
regions: [Europe]
tags: [example]
key_findings:
  - Briefs are Markdown files with YAML front matter.
recommendations:
  - Run `statecraft serve` and open the address it prints (or `statecraft build --relative`, then open `public/index.html`).
---

## What a brief looks like

Write Markdown: *emphasis*, tables, footnotes[^1] and links to other briefs such as
[[welcome]] or [the about page](about.md).

## Next steps

Add briefs in `briefs/`, pages in `site/pages/`, and declare topics and authors in
`site/config.yaml`.

[^1]: Footnotes are numbered and link back to where they were cited.
"#;

const ABOUT_PAGE: &str = r#"---
title: About
summary: Who we are and what we publish.
---

We publish short, sourced policy briefs. See the [[topic:economy]] topic.
"#;

/// The output folder, the preview folder and the image cache (see `render::images`)
/// are made, not written.
const GITIGNORE: &str = "/public/\n/preview/\n/.statecraft-cache/\n";

/// Creates a new site in `dir`: configuration, one example brief, an about page.
/// Returns the files created. Fails without writing anything if any already exists.
pub fn init(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let files: [(&str, &str); 4] = [
        ("site/config.yaml", CONFIG),
        ("briefs/welcome.md", EXAMPLE_BRIEF),
        ("site/pages/about.md", ABOUT_PAGE),
        (".gitignore", GITIGNORE),
    ];
    for (path, _) in &files {
        let target = dir.join(path);
        if target.exists() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "`{}` already exists; statecraft init never overwrites files",
                    target.display()
                ),
            ));
        }
    }
    let mut created = Vec::new();
    for (path, contents) in files {
        let target = dir.join(path);
        write_new(&target, contents)?;
        created.push(target);
    }
    Ok(created)
}

/// Writes `briefs/<slug>.md` with front matter filled in. `today` is `YYYY-MM-DD`.
/// Refuses a slug another brief of the site's language holds (a bundle
/// `briefs/<slug>/index.md`, or a brief whose front matter says `slug: <slug>`): the
/// two would fail the build with a duplicate slug.
pub fn new_brief(root: &Path, config: &Config, title: &str, today: &str) -> io::Result<PathBuf> {
    if title.chars().any(char::is_control) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "a title is one line of text, without line breaks or control characters",
        ));
    }
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the title needs at least one letter or digit to make a file name",
        ));
    }
    let target = root.join("briefs").join(format!("{slug}.md"));
    if let Some(holder) = brief_with_slug(root, config, &slug) {
        if root.join(&holder) != target {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "the slug `{slug}` is already taken by `{}`; two briefs cannot share an address, so nothing was written: choose another title, or give that brief another `slug:`",
                    root.join(holder).display()
                ),
            ));
        }
    }
    let topics: Vec<String> = config
        .topics
        .iter()
        .map(|t| format!("{} ({})", t.slug, t.title))
        .collect();
    let authors: Vec<&str> = config.authors.iter().map(|a| a.id.as_str()).collect();
    let types: Vec<&str> = config.types.iter().map(|t| t.slug.as_str()).collect();
    let first_topic = config.topics.first().map_or("", |t| t.slug.as_str());
    let quoted_title = title.replace('\\', "\\\\").replace('"', "\\\"");
    let text = format!(
        r#"---
title: "{quoted_title}"
date: {today}
summary: "{summary}"
# Declared types: {types}
# type: {first_type}
# Declared topics: {topics}
topics: [{first_topic}]
# Declared authors: {authors}
authors: []
regions: []
tags: []
key_findings:
  - "{finding}"
recommendations:
  - "{recommendation}"
draft: true
---

## Background

{body}
"#,
        summary = PLACEHOLDER_SUMMARY,
        finding = PLACEHOLDER_FINDING,
        recommendation = PLACEHOLDER_RECOMMENDATION,
        body = PLACEHOLDER_BODY,
        types = types.join(", "),
        first_type = config.types.first().map_or("brief", |t| t.slug.as_str()),
        topics = topics.join(", "),
        authors = authors.join(", "),
    );
    write_new(&target, &text)?;
    Ok(target)
}

/// The brief of the site's own language whose slug is `slug`, if any (its path relative
/// to `root`): its `slug:`, else its file's (or bundle folder's) name, as the build
/// reads them. Briefs in another language (`lang:`), which live in that language's
/// folder, and files whose front matter cannot be read hold no slug here.
fn brief_with_slug(root: &Path, config: &Config, slug: &str) -> Option<PathBuf> {
    crate::load::files_under(root, Path::new("briefs"))
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .find(|path| {
            let Ok(file) = crate::load::read_text(root, path) else {
                return false;
            };
            let fields: Option<serde_yaml::Mapping> = front_matter::split(&file)
                .ok()
                .and_then(|split| serde_yaml::from_str(split.yaml).ok());
            let field = |key: &str| {
                fields
                    .as_ref()
                    .and_then(|f| f.get(key))
                    .and_then(serde_yaml::Value::as_str)
            };
            if field("lang").is_some_and(|lang| lang != config.language) {
                return false;
            }
            match field("slug") {
                Some(own) => own == slug,
                None => document_name(path).is_some_and(|name| slugify(name) == slug),
            }
        })
}

fn write_new(path: &Path, contents: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|err| {
            if err.kind() == io::ErrorKind::AlreadyExists {
                io::Error::new(
                    err.kind(),
                    format!("`{}` already exists; it was not changed", path.display()),
                )
            } else {
                err
            }
        })?;
    file.write_all(contents.as_bytes())
}

/// `statecraft theme eject`: writes every file of the built-in default theme
/// (templates, static files, translations, fonts, its README) into `dir`, for a site to
/// edit. A site whose `theme:` names that folder builds the same bytes as with the
/// built-in theme until someone edits it. Fails without writing anything if `dir`
/// holds any file already.
pub fn eject_theme(dir: &Path) -> io::Result<Vec<PathBuf>> {
    // `themes/x/../../briefs` is `briefs` once `themes/x` is made: the folder is
    // checked where the files would really go.
    let dir = &crate::write::absolute(dir)?;
    if dir.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("`{}` is a file, not a folder", dir.display()),
        ));
    }
    if fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "`{}` is not empty; statecraft theme eject never overwrites files (choose another folder with --to)",
                dir.display()
            ),
        ));
    }
    let mut created = Vec::new();
    for (path, contents) in crate::load::builtin_theme_files() {
        let target = dir.join(&path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .map_err(|err| io::Error::new(err.kind(), format!("`{}`: {err}", target.display())))?;
        file.write_all(contents)?;
        created.push(target);
    }
    Ok(created)
}

#[cfg(test)]
mod tests {
    use super::CONFIG;

    /// The configuration `init` writes names every language the theme has labels for.
    #[test]
    fn the_new_configuration_names_the_built_in_languages() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n");
        let comment = CONFIG
            .lines()
            .skip_while(|l| !l.contains("interface and dates"))
            .take(2)
            .collect::<String>();
        for entry in std::fs::read_dir(folder).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let language = name.trim_end_matches(".yaml");
            assert!(
                comment.contains(&format!(" {language}")),
                "{language} missing from {comment:?}"
            );
        }
    }
}
