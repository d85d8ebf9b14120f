//! Writing an imported site: only into a folder that is missing or empty, every file
//! created new (never replacing one), in a fixed order so the same import gives the
//! same bytes. The site is written into a staging folder first and moved into place
//! once complete, so an import that fails leaves no half-written site.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::document::{yaml_string, ComponentUse, Download, ImportedSite, SiteSettings};
use super::report::Report;
use super::ImportError;

/// Refuses a destination that exists and is not an empty folder.
pub fn check_destination(dir: &Path) -> Result<(), ImportError> {
    match fs::read_dir(dir) {
        Ok(mut entries) => match entries.next() {
            None => Ok(()),
            Some(_) => Err(ImportError::NotEmpty(dir.to_path_buf())),
        },
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) if dir.is_file() => Err(ImportError::Write {
            path: dir.to_path_buf(),
            source: std::io::Error::new(err.kind(), "it is a file"),
        }),
        Err(source) => Err(ImportError::Read {
            path: dir.to_path_buf(),
            source,
        }),
    }
}

/// Whether `dir` (which need not exist) is `folder` or inside it, once links and `..`
/// are resolved as the system will when writing.
pub fn is_inside(dir: &Path, folder: &Path) -> bool {
    let (Some(dir), Ok(folder)) = (resolved(dir), folder.canonicalize()) else {
        return false;
    };
    dir.starts_with(folder)
}

/// `path` made absolute: its longest existing part with links and `..` resolved, then
/// the names of the parts still to create (`None` when they hold a `..`).
fn resolved(path: &Path) -> Option<PathBuf> {
    let mut existing = std::path::absolute(path).ok()?;
    let mut to_create = Vec::new();
    while !existing.exists() {
        to_create.push(existing.file_name()?.to_owned());
        existing = existing.parent()?.to_path_buf();
    }
    let mut out = existing.canonicalize().ok()?;
    out.extend(to_create.iter().rev());
    Some(out)
}

/// Writes `site` into `dir` (checked with [`check_destination`] first) and returns the
/// report with the place of each item that needs a person. The files are written into
/// a staging folder (beside `dir`, or inside it when it is an existing empty folder,
/// which may be the current one) and moved into `dir` at the end; on an error the
/// staging folder is removed and `dir` is as it was.
pub fn write(dir: &Path, site: ImportedSite) -> Result<Report, ImportError> {
    check_destination(dir)?;
    let exists = dir.is_dir();
    let staging = if exists {
        dir.join(format!(".import-{}", std::process::id()))
    } else {
        let name = dir.file_name().ok_or_else(|| ImportError::Write {
            path: dir.to_path_buf(),
            source: std::io::Error::other("not a folder name"),
        })?;
        let parent = dir.parent().filter(|p| !p.as_os_str().is_empty());
        let parent = parent.unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|source| ImportError::Write {
            path: parent.to_path_buf(),
            source,
        })?;
        let mut staged = std::ffi::OsString::from(".");
        staged.push(name);
        staged.push(format!(".import-{}", std::process::id()));
        parent.join(staged)
    };
    // `create_dir`, not `create_dir_all`: never into a folder that is already there.
    fs::create_dir(&staging).map_err(|source| ImportError::Write {
        path: staging.clone(),
        source,
    })?;
    let written = write_files(&staging, site).and_then(|report| {
        let moved = if exists {
            move_entries(&staging, dir).and_then(|()| fs::remove_dir(&staging))
        } else {
            fs::rename(&staging, dir)
        };
        moved.map_err(|source| ImportError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        Ok(report)
    });
    written.map_err(|err| {
        let _ = fs::remove_dir_all(&staging);
        // Name the file as it would be in `dir`, not in the staging folder.
        match err {
            ImportError::Write { path, source } => ImportError::Write {
                path: path
                    .strip_prefix(&staging)
                    .map_or(path.clone(), |inside| dir.join(inside)),
                source,
            },
            other => other,
        }
    })
}

/// Moves every entry of `from` into `to`.
fn move_entries(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        fs::rename(entry.path(), to.join(entry.file_name()))?;
    }
    Ok(())
}

/// Writes `site` into the folder `dir`, which exists and is empty.
fn write_files(dir: &Path, mut site: ImportedSite) -> Result<Report, ImportError> {
    site.documents.sort_by_key(|d| d.path());
    let mut report = site.report;
    create(
        dir,
        Path::new("site/config.yaml"),
        &config_yaml(&site.config),
    )?;
    for document in &site.documents {
        let path = document.path();
        let text = document.text();
        create(dir, &path, &text)?;
        for (needle, message) in &document.attention {
            let line = line_of(&text, needle);
            let place = format!("{}:{line}", path.display());
            report
                .attention
                .push((place, format!("{message} ({})", document.origin)));
        }
    }
    // Old shortcodes kept as component calls: a stand-in for each, so the site builds.
    let mut components: BTreeMap<&str, ComponentUse> = BTreeMap::new();
    for document in &site.documents {
        for (name, used) in &document.components {
            components.entry(name).or_default().merge(used);
        }
    }
    for (name, used) in &components {
        let path = PathBuf::from(format!("site/shortcodes/{name}.html"));
        create(dir, &path, &used.stand_in(name))?;
        report.attention.push((
            path.display().to_string(),
            format!(
                "a stand-in for the shortcode `{}`: it shows only its body; make it show what the shortcode showed",
                used.shortcode
            ),
        ));
    }
    report.count("shortcodes kept as component calls", components.len());
    site.files.sort();
    site.files.dedup();
    // Two files of the archive at one place in the site (a bundle's photo and a
    // static file of the same name), or one where the other needs a folder (a static
    // file `media/team` and a bundle's `media/team/photo.png`): the first, in the order
    // of the archive's files, is copied, the other listed.
    let mut copied: BTreeMap<&Path, &Path> = BTreeMap::new();
    for (from, to) in &site.files {
        if let Some(first) = copied.get(to.as_path()) {
            report.not_converted(format!(
                "`{}`: `{}` is already the copy of `{}` (not copied; rename one and import again)",
                from.display(),
                to.display(),
                first.display()
            ));
            continue;
        }
        // A file copied above `to` (where `to` needs a folder), or below it (where `to`
        // would be a file); paths sort a folder's files right after the folder.
        let above = to
            .ancestors()
            .skip(1)
            .find_map(|folder| copied.get_key_value(folder));
        let below = copied
            .range(to.as_path()..)
            .next()
            .filter(|(file, _)| file.starts_with(to));
        if let Some((file, first)) = above.or(below) {
            let needs = if above.is_some() {
                "a file where this needs a folder"
            } else {
                "in a folder where this would be a file"
            };
            report.not_converted(format!(
                "`{}`: not copied to `{}`: `{}` is already the copy of `{}`, {needs} (rename one and import again)",
                from.display(),
                to.display(),
                file.display(),
                first.display()
            ));
            continue;
        }
        let target = dir.join(to);
        make_parent(&target)?;
        fs::copy(from, &target).map_err(|source| ImportError::Write {
            path: target.clone(),
            source,
        })?;
        copied.insert(to, from);
    }
    site.downloads.sort();
    site.downloads.dedup();
    create(
        dir,
        Path::new("import/media.tsv"),
        &media_list(&site.downloads),
    )?;
    create(
        dir,
        Path::new("import/download-media.sh"),
        &download_script(&site.downloads),
    )?;
    create(dir, Path::new("import/taxonomy.yaml"), &site.mapping)?;
    create(dir, Path::new("import/report.md"), &report.to_markdown())?;
    Ok(report)
}

/// The 1-based line of `needle` in `text` (1 when it is empty or not found).
fn line_of(text: &str, needle: &str) -> usize {
    if needle.is_empty() {
        return 1;
    }
    text.find(needle)
        .map_or(1, |at| text[..at].matches('\n').count() + 1)
}

fn make_parent(path: &Path) -> Result<(), ImportError> {
    match path.parent() {
        Some(parent) => fs::create_dir_all(parent).map_err(|source| ImportError::Write {
            path: parent.to_path_buf(),
            source,
        }),
        None => Ok(()),
    }
}

/// Creates `dir/relative` with `text`; fails rather than replace an existing file.
fn create(dir: &Path, relative: &Path, text: &str) -> Result<(), ImportError> {
    let path: PathBuf = dir.join(relative);
    make_parent(&path)?;
    let write_error = |source| ImportError::Write {
        path: path.clone(),
        source,
    };
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(write_error)?;
    file.write_all(text.as_bytes()).map_err(write_error)
}

fn config_yaml(config: &SiteSettings) -> String {
    let mut out = String::from(
        "# Written by `statecraft import`; see import/report.md for what to review.\n",
    );
    let _ = writeln!(out, "title: {}", yaml_string(&config.title));
    let _ = writeln!(out, "description: {}", yaml_string(&config.description));
    let _ = writeln!(out, "base_url: {}", yaml_string(&config.base_url));
    let _ = writeln!(out, "language: {}", yaml_string(&config.language));
    let _ = writeln!(out, "publisher: {}", yaml_string(&config.title));
    out.push_str("topics:\n");
    for (slug, title, description) in &config.topics {
        let _ = writeln!(out, "  - slug: {}", yaml_string(slug));
        let _ = writeln!(out, "    title: {}", yaml_string(title));
        let _ = writeln!(out, "    description: {}", yaml_string(description));
    }
    if config.authors.is_empty() {
        out.push_str("authors: []\n");
    } else {
        out.push_str("authors:\n");
    }
    for (id, name, url) in &config.authors {
        let _ = writeln!(out, "  - id: {}", yaml_string(id));
        let _ = writeln!(out, "    name: {}", yaml_string(name));
        if !url.is_empty() {
            let _ = writeln!(out, "    url: {}", yaml_string(url));
        }
    }
    out
}

fn media_list(downloads: &[Download]) -> String {
    let mut out = String::from(
        "# url\tplace in the site (run download-media.sh, then import again with `--media import/media`, from the site's folder: each file is copied to its place and referred to there)\n",
    );
    for download in downloads {
        let _ = writeln!(out, "{}\t{}", download.url, download.place.display());
    }
    out
}

/// A script that downloads the listed media with curl into `import/media/`, laid out
/// as the old site's uploads folder: the folder to give `--media` when importing again.
/// A file listed for two places (a featured image also shown in a text) is downloaded
/// once.
fn download_script(downloads: &[Download]) -> String {
    let mut out = String::from(
        "#!/bin/sh\n# Downloads the media the archive refers to into import/media/. Then import\n# again into a new folder with `--media import/media` (from this site's folder) so\n# the files are copied into the site, their references rewritten and featured\n# images made the briefs' `image:`.\nset -e\ncd \"$(dirname \"$0\")\"\n",
    );
    let fetched: BTreeMap<&str, &str> = downloads
        .iter()
        .map(|d| (d.uploads_path.as_str(), d.url.as_str()))
        .collect();
    for (uploads_path, url) in fetched {
        let _ = writeln!(
            out,
            "curl -fsSL --create-dirs -o {} {}",
            shell_quote(&format!("media/{uploads_path}")),
            shell_quote(url)
        );
    }
    out
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}
