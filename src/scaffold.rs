//! `statecraft init` and `statecraft new`: files for people to edit. Neither ever
//! overwrites an existing file.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::model::slug::slugify;

const CONFIG: &str = r#"# Site configuration. Every key is documented in Statecraft's README.
title: My Policy Briefs
description: Analysis and recommendations from our research team.
base_url: https://example.org/
language: en
publisher: My Institute
theme: default
page_size: 10

# Briefs must use these topics (by slug).
topics:
  - slug: soft-power
    title: Soft power
    description: Influence through attraction, culture and values.
  - slug: hard-power
    title: Hard power
    description: Military and economic coercion and deterrence.
  - slug: alliance-dynamics
    title: Alliance dynamics
    description: How alliances form, hold together and shift.

# Briefs name their authors by id.
authors:
  - id: jane-doe
    name: Jane Doe
    affiliation: Senior Fellow
    bio: Jane Doe writes about alliances and deterrence.

# The PDF edition of every brief (briefs/<slug>/<slug>.pdf).
pdf:
  enabled: true
  series: Policy Brief
  disclaimer: The views expressed are the authors' own.
  license: This work is licensed under CC BY 4.0.
"#;

const EXAMPLE_BRIEF: &str = r#"---
title: "Welcome to Statecraft"
date: 2024-01-15
summary: >-
  An example brief. Edit it, or add your own with `statecraft new "Title"`.
authors: [jane-doe]
topics: [alliance-dynamics]
regions: [Europe]
tags: [example]
key_findings:
  - Briefs are Markdown files with YAML front matter.
recommendations:
  - Run `statecraft build` and open `public/index.html`.
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

We publish short, sourced policy briefs. See the [[topic:alliance-dynamics]] topic.
"#;

const GITIGNORE: &str = "/public/\n/.statecraft-cache/\n";

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
pub fn new_brief(root: &Path, config: &Config, title: &str, today: &str) -> io::Result<PathBuf> {
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the title needs at least one letter or digit to make a file name",
        ));
    }
    let target = root.join("briefs").join(format!("{slug}.md"));
    let topics: Vec<String> = config
        .topics
        .iter()
        .map(|t| format!("{} ({})", t.slug, t.title))
        .collect();
    let authors: Vec<&str> = config.authors.iter().map(|a| a.id.as_str()).collect();
    let first_topic = config.topics.first().map_or("", |t| t.slug.as_str());
    let quoted_title = title.replace('\\', "\\\\").replace('"', "\\\"");
    let text = format!(
        r#"---
title: "{quoted_title}"
date: {today}
summary: >-
  What this brief argues, in two or three sentences.
# Declared topics: {topics}
topics: [{first_topic}]
# Declared authors: {authors}
authors: []
regions: []
tags: []
key_findings: []
recommendations: []
draft: true
---

## Background

"#,
        topics = topics.join(", "),
        authors = authors.join(", "),
    );
    write_new(&target, &text)?;
    Ok(target)
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
