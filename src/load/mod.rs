//! The load stage: finding and reading the site's files (briefs, pages, the
//! bibliography and glossary, templates and static files), in parallel.
//!
//! In: the site root and its configuration. Out: [`Sources`], the text of every source
//! file and the list of files to copy. Runs first in every build, and again in watch
//! mode for what changed. Unreadable, non-UTF-8 or oversized files become diagnostics
//! and are skipped, so one bad file never hides the problems of the others.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::{Config, GLOSSARY_PATH};
use crate::model::diagnostics::Diagnostic;
use crate::model::yaml::Step;

pub mod assets;
mod theme;
mod webfonts;
mod woff2;

pub use assets::Assets;
pub use theme::builtin_theme_files;
pub use webfonts::family_names;

/// Briefs and pages larger than this are refused: nothing written by hand is this big,
/// and it keeps one runaway file from exhausting memory during a parallel build.
pub const MAX_SOURCE_BYTES: u64 = 16 * 1024 * 1024;

/// A text file of the site, with its path relative to the site root.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// A template, named relative to its `templates/` folder (`partials/card.html`).
#[derive(Debug, Clone)]
pub struct TemplateFile {
    pub name: String,
    /// Where it came from, for diagnostics (`themes/default/templates/base.html`).
    pub path: PathBuf,
    pub text: String,
    /// For a site template that replaces one of the theme's, the theme's text: what it
    /// defined (components) that the site's lacks is reported at the site's file.
    pub replaced: Option<String>,
}

/// A file of the PDF template folder (`themes/<theme>/pdf/`, or `site/pdf/`, which
/// overrides it file by file): Typst sources, fonts, images.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// The name inside the folder, with `/` separators (`brief.typ`, `fonts/x.otf`).
    pub name: String,
    /// Where it came from, for diagnostics (`themes/default/pdf/brief.typ`).
    pub path: PathBuf,
    pub bytes: Cow<'static, [u8]>,
}

/// A file copied verbatim to the output.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// The name templates use (`style.css`), with `/` separators.
    pub name: String,
    /// Path inside the output folder: the name, or for theme CSS and JavaScript the
    /// name with a content hash (`style.3f2a91c0d4e5b6a7.css`) so hosts can cache it
    /// forever.
    pub output_path: String,
    pub content: StaticContent,
}

#[derive(Debug, Clone)]
pub enum StaticContent {
    /// Copied from disk when the output is written.
    Disk(PathBuf),
    /// Already in memory (the compiled-in theme, or a file read to hash it).
    Bytes(Cow<'static, [u8]>),
    /// A file of statecraft's cache (a typeset PDF): hard-linked into the output where
    /// the file system allows, so a warm build copies no bytes; copied otherwise.
    Cached(PathBuf),
}

impl StaticContent {
    /// The file's bytes: read from disk, or those in memory.
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        match self {
            StaticContent::Bytes(bytes) => Ok(bytes.to_vec()),
            StaticContent::Disk(path) | StaticContent::Cached(path) => std::fs::read(path),
        }
    }
}

/// Everything a build reads.
#[derive(Debug, Default)]
pub struct Sources {
    pub briefs: Vec<SourceFile>,
    /// Files briefs and pages may use (images, data, attachments): the other files of
    /// `briefs/` and `site/pages/`, and the images of `site/static/`.
    pub assets: Assets,
    pub pages: Vec<SourceFile>,
    /// Components briefs call (`{{< name >}}`): the theme's `shortcodes/` and the
    /// site's `site/shortcodes/`, which override them by name.
    pub shortcodes: Vec<TemplateFile>,
    pub templates: Vec<TemplateFile>,
    pub static_files: Vec<StaticFile>,
    /// The PDF template folder's files, and the fonts of `site/fonts/` as
    /// `fonts/site/<name>`.
    pub pdf_template: Vec<ThemeFile>,
    /// `site/references.bib` (or the configured file), when the site has one.
    pub bibliography: Option<SourceFile>,
    /// `site/glossary.yaml`, when the site has one.
    pub glossary: Option<SourceFile>,
    /// Translation files of the theme (`themes/<theme>/i18n/*.yaml`, or the built-in
    /// theme's) and of the site (`site/i18n/*.yaml`).
    pub translations: Vec<TranslationFile>,
    /// Author files, `site/authors/<id>.md`.
    pub authors: Vec<SourceFile>,
    /// Fonts of social cards: the theme's `fonts/` (the built-in theme's Inter when the
    /// theme has none), then the site's `site/fonts/`.
    pub fonts: Vec<FontFile>,
}

/// An OpenType or TrueType font file.
#[derive(Debug, Clone)]
pub struct FontFile {
    /// Its path, for people.
    pub name: String,
    pub bytes: std::sync::Arc<Vec<u8>>,
}

/// A translation file: the labels of one language.
#[derive(Debug, Clone)]
pub struct TranslationFile {
    /// The file's name without `.yaml`, lowercased: `en`, `ru`, `pt-br`.
    pub language: String,
    /// From `site/i18n/` (overrides), rather than the theme.
    pub from_site: bool,
    pub file: SourceFile,
}

/// Reads one text file found by name rather than by walking a folder (the
/// configuration, the bibliography, the glossary, a file a watch session was told
/// changed), refusing a symbolic link out of the site.
pub fn read_text(root: &Path, relative: &Path) -> Result<SourceFile, Diagnostic> {
    if let Some(problem) = outside_site(root, relative) {
        return Err(problem);
    }
    read_source(root, relative)
}

/// Finds and reads every source of the site rooted at `root`. Returns what could be
/// read plus a diagnostic for each file that could not.
pub fn load(root: &Path, config: &Config) -> (Sources, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut brief_paths = find_files(
        root,
        Path::new("briefs"),
        None,
        is_ignored_name,
        &mut problems,
    );
    let mut page_paths = find_files(
        root,
        Path::new("site/pages"),
        None,
        is_ignored_name,
        &mut problems,
    );
    let is_markdown = |p: &PathBuf| p.extension().is_some_and(|e| e == "md");
    let mut asset_paths: Vec<PathBuf> = brief_paths
        .iter()
        .chain(&page_paths)
        .filter(|p| !is_markdown(p))
        .cloned()
        .collect();
    problems.extend(asset_paths.iter().filter_map(|p| markdown_not_named_md(p)));
    brief_paths.retain(is_markdown);
    page_paths.retain(is_markdown);
    let (briefs, brief_problems) = read_all(root, &brief_paths);
    let (pages, page_problems) = read_all(root, &page_paths);
    problems.extend(brief_problems);
    problems.extend(page_problems);

    let author_paths = find_files(
        root,
        Path::new(AUTHORS_FOLDER),
        Some("md"),
        is_ignored_name,
        &mut problems,
    );
    let (authors, author_problems) = read_all(root, &author_paths);
    problems.extend(author_problems);
    problems.extend(theme::theme_outside_site(root, &config.theme));
    if let Some(missing) = theme::missing_theme(root, &config.theme) {
        problems.push(config.locate(missing, &[Step::Key("theme")], false));
    }
    let templates = theme::load_templates(root, &config.theme, &mut problems);
    let translations = theme::load_translations(root, &config.theme, &mut problems);
    let fonts = theme::load_fonts(root, &config.theme, &mut problems);
    // The rules of `colors:` and `typography:` follow the theme's own in its
    // stylesheet, so they cost no request and no byte of any page.
    let web_fonts = webfonts::web_fonts(root, config, &fonts, &mut problems);
    let rules = config.colors.stylesheet() + &web_fonts.css;
    let mut static_files = theme::load_static_files(root, &config.theme, &rules, &mut problems);
    if !rules.is_empty() && !has_theme_stylesheet(&static_files) {
        let set = [
            ("colors", !config.colors.is_empty()),
            ("typography", config.typography.families().next().is_some()),
        ];
        for (key, _) in set.into_iter().filter(|(_, set)| *set) {
            problems.push(config.locate(
                Diagnostic::warning(
                    "W-stylesheet",
                    format!("`{key}:` is not applied: `site/static/style.css` replaces the theme's stylesheet, or the theme has none"),
                )
                .hint("set the theme's variables (`--brand`, `--accent`, `--link`, `--serif`, `--sans`) and `@font-face` rules in the stylesheet the site uses, or remove `site/static/style.css`"),
                &[Step::Key(key)],
                true,
            ));
        }
    }
    static_files.extend(web_fonts.files);
    static_files.sort_by(|a, b| a.name.cmp(&b.name));
    let shortcodes = theme::load_shortcodes(root, &config.theme, &mut problems);
    asset_paths.extend(static_images(root, &static_files));
    let assets = Assets::read(root, &asset_paths);
    let mut pdf_template = theme::load_pdf_template(root, &config.theme, &mut problems);
    // The PDFs fall back to the site's fonts too, for the scripts of its translations
    // (`site/fonts/NotoSansJP-Regular.otf` draws a Japanese edition's cards and PDFs).
    pdf_template.extend(fonts.iter().filter_map(theme::site_font_for_pdfs));
    let mut optional = |path: &Path| {
        root.join(path)
            .exists()
            .then(|| read_text(root, path).map_err(|p| problems.push(p)).ok())
            .flatten()
    };
    let bibliography = optional(&config.bibliography.path());
    let glossary = optional(Path::new(GLOSSARY_PATH));
    (
        Sources {
            briefs,
            assets,
            pages,
            shortcodes,
            templates,
            static_files,
            pdf_template,
            bibliography,
            glossary,
            translations,
            authors,
            fonts,
        },
        problems,
    )
}

/// Whether the theme's own `style.css` (which `colors:` and `typography:` add to) is
/// the site's, not replaced by one of `site/static/`.
fn has_theme_stylesheet(files: &[StaticFile]) -> bool {
    files
        .iter()
        .any(|f| f.name == theme::STYLESHEET && matches!(f.content, StaticContent::Bytes(_)))
}

/// A warning for a Markdown file in `briefs/` or `site/pages/` that is not read because
/// its name does not end in `.md` (`x.markdown`, `x.mdown` or `X.MD`, as Hugo and some
/// editors name them): without it the brief is missing from the site without a word.
fn markdown_not_named_md(path: &Path) -> Option<Diagnostic> {
    let extension = path.extension()?.to_str()?;
    let is_markdown = ["md", "markdown", "mdown", "mkd", "mkdn"]
        .iter()
        .any(|known| extension.eq_ignore_ascii_case(known));
    if !is_markdown {
        return None;
    }
    let kind = if path.starts_with("briefs") {
        "briefs"
    } else {
        "pages"
    };
    let renamed = path.with_extension("md");
    let renamed = renamed.file_name()?.to_string_lossy();
    Some(
        Diagnostic::warning(
            "W-not-md",
            format!(
                "`{}` is not read: only `.md` files are {kind}",
                path.display()
            ),
        )
        .in_file(path)
        .hint(format!("rename it to `{renamed}`")),
    )
}

/// The images among the site's own static files (`site/static/`), which briefs may
/// show at their site path (`/media/map.png`): measured like images beside briefs.
fn static_images(root: &Path, static_files: &[StaticFile]) -> Vec<PathBuf> {
    static_files
        .iter()
        .filter_map(|file| match &file.content {
            StaticContent::Disk(path) => path.strip_prefix(root).ok(),
            StaticContent::Bytes(_) | StaticContent::Cached(_) => None,
        })
        .filter(|path| path.starts_with("site/static") && is_image_name(path))
        .map(Path::to_path_buf)
        .collect()
}

/// Whether a file name is one of an image a page can show.
pub fn is_image_name(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["png", "jpg", "jpeg", "webp", "gif", "svg"]
            .iter()
            .any(|known| e.eq_ignore_ascii_case(known))
    })
}
/// Where author files live, relative to the site root.
pub const AUTHORS_FOLDER: &str = "site/authors";

/// Editors leave swap, backup and lock files next to the files being edited; among
/// briefs, pages and templates they are never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// The paths of `sources` inside the folder `folder` (not `folder` itself), in order.
pub fn paths_inside<'a, V>(
    sources: &'a BTreeMap<PathBuf, V>,
    folder: &'a Path,
) -> impl Iterator<Item = &'a PathBuf> {
    // Paths order by component, so what a folder holds comes right after it.
    sources
        .range(folder.to_path_buf()..)
        .map(|(path, _)| path)
        .take_while(move |path| path.starts_with(folder))
        .filter(move |path| path.as_path() != folder)
}

/// Static files are copied as they are (`.htaccess`, `.well-known/`, `notes.bak`...):
/// only what the README lists is left out, the litter of operating systems, version
/// control and editors' swap files.
pub fn is_ignored_static_name(name: &str) -> bool {
    matches!(name, ".DS_Store" | "Thumbs.db" | ".git" | ".svn" | ".hg")
        || (name.starts_with('.') && (name.ends_with(".swp") || name.ends_with(".swx")))
        || name.starts_with(".#")
}

/// Whether a change to `path` (relative to the site root) is left out: by the rule of
/// static files inside `static/` folders, else by [`is_ignored_name`].
pub fn is_ignored(path: &Path) -> bool {
    let parts: Vec<_> = path.components().map(|c| c.as_os_str()).collect();
    let in_static = parts.starts_with(&["site".as_ref(), "static".as_ref()])
        || (parts.first().is_some_and(|p| *p == "themes")
            && parts.get(2).is_some_and(|p| *p == "static"));
    path.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        if in_static {
            is_ignored_static_name(&name)
        } else {
            is_ignored_name(&name)
        }
    })
}

/// Paths (relative to `root`) of the files under `root/folder` that the site would
/// read, found as a build finds them (symbolic links followed within the site only),
/// without the names [`is_ignored`] leaves out. For a watch session, which is told of
/// a folder moved in whole.
pub fn files_under(root: &Path, folder: &Path) -> Vec<PathBuf> {
    let mut paths = find_files(root, folder, None, |_| false, &mut Vec::new());
    paths.retain(|path| !is_ignored(path));
    paths
}

/// Paths (relative to `root`) of the files under `root/folder`, sorted, optionally only
/// those with `extension`, leaving out names `ignored` says. A missing folder is an
/// empty one. A symbolic link that leads out of the site is an error, and what it
/// points to is left alone.
fn find_files(
    root: &Path,
    folder: &Path,
    extension: Option<&str>,
    ignored: fn(&str) -> bool,
    problems: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let base = root.join(folder);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut paths = Vec::new();
    let mut walker = WalkDir::new(&base)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !ignored(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        if let Ok(entry) = &entry {
            let relative = entry.path().strip_prefix(root).unwrap_or(entry.path());
            if let Some(problem) = entry
                .path_is_symlink()
                .then(|| outside_site(root, relative))
                .flatten()
            {
                problems.push(problem);
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let path = entry.path();
                let wanted = extension.is_none_or(|ext| path.extension().is_some_and(|e| e == ext));
                if wanted {
                    paths.push(path.strip_prefix(root).unwrap_or(path).to_path_buf());
                }
            }
            Ok(_) => {}
            // A link walkdir cannot follow comes here before `filter_entry` sees its
            // name: an editor's lock file (Emacs's `.#brief.md` is a link to nowhere)
            // is left out as its name says.
            Err(err)
                if err
                    .path()
                    .is_some_and(|path| has_ignored_name(path, ignored)) => {}
            Err(err) => problems.push(walk_problem(root, &err)),
        }
    }
    paths
}

fn has_ignored_name(path: &Path, ignored: fn(&str) -> bool) -> bool {
    path.file_name()
        .is_some_and(|name| ignored(&name.to_string_lossy()))
}

/// An error when `relative` is a symbolic link (or reached through one) whose target
/// is outside the site folder: the site reads and copies only its own files, so a
/// link to `/etc/passwd` or `/proc/self/environ` is never published or shown.
fn outside_site(root: &Path, relative: &Path) -> Option<Diagnostic> {
    let target = fs::canonicalize(root.join(relative)).ok()?;
    let real_root = fs::canonicalize(root).ok()?;
    (!target.starts_with(&real_root)).then(|| {
        Diagnostic::error(
            "E-outside-site",
            format!(
                "this is a symbolic link to `{}`, outside the site folder",
                target.display()
            ),
        )
        .in_file(relative)
        .hint("copy the file into the site, or point the link at a file inside the site folder")
    })
}

fn walk_problem(root: &Path, err: &walkdir::Error) -> Diagnostic {
    let path = err.path().unwrap_or(root);
    let relative = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let unresolved = fs::metadata(path).err().filter(|_| is_link);
    if let Some(unresolved) = unresolved {
        let target = fs::read_link(path).unwrap_or_default();
        let target = target.display();
        let (code, message, hint) = if is_link_loop(&unresolved) {
            (
                "E-symlink-loop",
                format!("symbolic link loop: it points to `{target}`, which leads back to this link, so there is no file to read"),
                "remove the link, or point it at the file it should show",
            )
        } else {
            (
                "E-unreadable",
                format!("broken symbolic link: it points to `{target}`, which does not exist"),
                "remove the link, or restore the file it points to",
            )
        };
        return Diagnostic::error(code, message)
            .in_file(relative)
            .hint(hint);
    }
    if let Some(ancestor) = err.loop_ancestor() {
        let ancestor = ancestor.strip_prefix(root).unwrap_or(ancestor);
        return Diagnostic::error(
            "E-symlink-loop",
            format!(
                "symbolic link loop: this link points back to `{}`",
                ancestor.display()
            ),
        )
        .in_file(relative)
        .hint("remove the link or point it at a folder outside the loop");
    }
    let reason = err
        .io_error()
        .map_or_else(|| err.to_string(), |e| e.to_string());
    Diagnostic::error("E-unreadable", format!("cannot read this folder: {reason}"))
        .in_file(relative)
        .hint("check the folder's permissions")
}

/// Whether resolving a symbolic link failed because the links lead round in a circle
/// (`ln -s x.md x.md`): ELOOP, which std names with no stable `ErrorKind`.
fn is_link_loop(err: &io::Error) -> bool {
    #[cfg(unix)]
    return err.raw_os_error() == Some(libc::ELOOP);
    #[cfg(not(unix))]
    return false;
}

fn read_all(root: &Path, paths: &[PathBuf]) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let results: Vec<Result<SourceFile, Diagnostic>> =
        paths.par_iter().map(|p| read_source(root, p)).collect();
    let mut files = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(problem) => problems.push(problem),
        }
    }
    (files, problems)
}

fn read_source(root: &Path, relative: &Path) -> Result<SourceFile, Diagnostic> {
    let full = root.join(relative);
    let unreadable = |err: io::Error| {
        let hint = match err.kind() {
            io::ErrorKind::NotFound => "check that the file exists",
            io::ErrorKind::PermissionDenied => "make the file readable (e.g. `chmod a+r`)",
            _ => "check the file and its permissions",
        };
        Diagnostic::error("E-unreadable", format!("cannot read this file: {err}"))
            .in_file(relative)
            .hint(hint)
    };
    let size = fs::metadata(&full).map_err(unreadable)?.len();
    if size > MAX_SOURCE_BYTES {
        return Err(Diagnostic::error(
            "E-too-large",
            format!(
                "this file is {:.1} MB; the limit is {} MB",
                size as f64 / 1_048_576.0,
                MAX_SOURCE_BYTES / 1_048_576
            ),
        )
        .in_file(relative)
        .hint("split it into several briefs, or move large data into a static file"));
    }
    let bytes = fs::read(&full).map_err(unreadable)?;
    let text = String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let bytes = err.as_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..valid]);
        Diagnostic::error("E-not-utf8", "this file is not valid UTF-8 text")
            .at(relative, &prefix, valid, 1)
            .hint("save the file as UTF-8 (most editors offer this under “Save with encoding”)")
    })?;
    // Old Mac files end lines with a lone carriage return: read them as lines.
    let text = if text.contains('\r') && !text.contains('\n') {
        text.replace('\r', "\n")
    } else {
        text
    };
    Ok(SourceFile {
        path: relative.to_path_buf(),
        text,
    })
}

/// A relative path with `/` separators on every platform (template names, URLs).
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_a_folder_are_its_own_at_any_depth() {
        let sources: BTreeMap<PathBuf, ()> = [
            "briefs/a",
            "briefs/a/index.md",
            "briefs/a/images/chart.png",
            "briefs/ab.md",
            "briefs/a.md",
            "briefs/b/index.md",
        ]
        .into_iter()
        .map(|p| (PathBuf::from(p), ()))
        .collect();
        let inside: Vec<&PathBuf> = paths_inside(&sources, Path::new("briefs/a")).collect();
        assert_eq!(
            inside,
            [
                Path::new("briefs/a/images/chart.png"),
                Path::new("briefs/a/index.md")
            ]
        );
        assert_eq!(paths_inside(&sources, Path::new("briefs/c")).count(), 0);
    }
}
