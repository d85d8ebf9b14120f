//! Finding and reading the site's files: briefs, pages, templates and static files.
//!
//! Unreadable, non-UTF-8 or oversized files become diagnostics and are skipped, so one
//! bad file never hides the problems of the others.

use std::borrow::Cow;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::Diagnostic;

/// The default theme, compiled in so that `statecraft init` sites build anywhere. A
/// `themes/default/` folder in the site root takes precedence over it.
static DEFAULT_THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

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
}

/// Everything a build reads.
#[derive(Debug, Default)]
pub struct Sources {
    pub briefs: Vec<SourceFile>,
    /// Other files in `briefs/` (PDFs that briefs attach), relative to the root.
    pub attachments: Vec<PathBuf>,
    pub pages: Vec<SourceFile>,
    pub templates: Vec<TemplateFile>,
    pub static_files: Vec<StaticFile>,
}

/// Reads one required text file (the configuration).
pub fn read_text(root: &Path, relative: &Path) -> Result<SourceFile, Diagnostic> {
    read_source(root, relative)
}

/// Finds and reads every source of the site rooted at `root` using theme `theme`.
/// Returns what could be read plus a diagnostic for each file that could not.
pub fn load(root: &Path, theme: &str) -> (Sources, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut brief_paths = find_files(root, Path::new("briefs"), None, &mut problems);
    let attachments: Vec<PathBuf> = brief_paths
        .iter()
        .filter(|p| p.extension().is_none_or(|e| e != "md"))
        .cloned()
        .collect();
    brief_paths.retain(|p| p.extension().is_some_and(|e| e == "md"));
    let page_paths = find_files(root, Path::new("site/pages"), Some("md"), &mut problems);
    let (briefs, brief_problems) = read_all(root, &brief_paths);
    let (pages, page_problems) = read_all(root, &page_paths);
    problems.extend(brief_problems);
    problems.extend(page_problems);

    let templates = load_templates(root, theme, &mut problems);
    let static_files = load_static_files(root, theme, &mut problems);
    (
        Sources {
            briefs,
            attachments,
            pages,
            templates,
            static_files,
        },
        problems,
    )
}

/// Editors leave swap, backup and lock files next to the files being edited; they are
/// never content.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

/// Paths (relative to `root`) of the files under `root/folder`, sorted, optionally only
/// those with `extension`. A missing folder is an empty one.
fn find_files(
    root: &Path,
    folder: &Path,
    extension: Option<&str>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    let base = root.join(folder);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut paths = Vec::new();
    let walker = WalkDir::new(&base)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let path = entry.path();
                let wanted = extension.is_none_or(|ext| path.extension().is_some_and(|e| e == ext));
                if wanted {
                    paths.push(path.strip_prefix(root).unwrap_or(path).to_path_buf());
                }
            }
            Ok(_) => {}
            Err(err) => problems.push(walk_problem(root, &err)),
        }
    }
    paths
}

fn walk_problem(root: &Path, err: &walkdir::Error) -> Diagnostic {
    let path = err.path().unwrap_or(root);
    let relative = path.strip_prefix(root).unwrap_or(path).to_path_buf();
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
    Ok(SourceFile {
        path: relative.to_path_buf(),
        text,
    })
}

fn load_templates(root: &Path, theme: &str, problems: &mut Vec<Diagnostic>) -> Vec<TemplateFile> {
    let mut templates: Vec<TemplateFile> = Vec::new();
    let theme_folder = PathBuf::from("themes").join(theme).join("templates");
    if root.join(&theme_folder).is_dir() {
        templates.extend(read_templates(root, &theme_folder, problems));
    } else if theme == "default" {
        for (path, contents) in embedded_files("templates") {
            templates.push(TemplateFile {
                name: path.trim_start_matches("templates/").to_string(),
                path: PathBuf::from("themes/default").join(path),
                text: String::from_utf8_lossy(contents).into_owned(),
            });
        }
    } else {
        problems.push(
            Diagnostic::error("E-theme-missing", format!("theme `{theme}` not found"))
                .in_file(crate::config::CONFIG_PATH)
                .hint(format!(
                    "create `themes/{theme}/templates/`, or set `theme: default` to use the bundled theme"
                )),
        );
    }
    // Site templates override theme templates of the same name.
    for template in read_templates(root, Path::new("site/templates"), problems) {
        templates.retain(|t| t.name != template.name);
        templates.push(template);
    }
    templates.sort_by(|a, b| a.name.cmp(&b.name));
    templates
}

fn read_templates(root: &Path, folder: &Path, problems: &mut Vec<Diagnostic>) -> Vec<TemplateFile> {
    let paths = find_files(root, folder, None, problems);
    let (files, read_problems) = read_all(root, &paths);
    problems.extend(read_problems);
    files
        .into_iter()
        .map(|file| TemplateFile {
            name: slash_path(file.path.strip_prefix(folder).unwrap_or(&file.path)),
            path: file.path,
            text: file.text,
        })
        .collect()
}

fn load_static_files(root: &Path, theme: &str, problems: &mut Vec<Diagnostic>) -> Vec<StaticFile> {
    let mut files: Vec<StaticFile> = Vec::new();
    let theme_static = PathBuf::from("themes").join(theme).join("static");
    if root.join("themes").join(theme).is_dir() {
        for path in find_files(root, &theme_static, None, problems) {
            let name = slash_path(path.strip_prefix(&theme_static).unwrap_or(&path));
            let content = if is_fingerprinted(&name) {
                match fs::read(root.join(&path)) {
                    Ok(bytes) => StaticContent::Bytes(Cow::Owned(bytes)),
                    Err(err) => {
                        problems.push(
                            Diagnostic::error(
                                "E-unreadable",
                                format!("cannot read this file: {err}"),
                            )
                            .in_file(&path)
                            .hint("check the file and its permissions"),
                        );
                        continue;
                    }
                }
            } else {
                StaticContent::Disk(root.join(&path))
            };
            files.push(theme_file(name, content));
        }
    } else if theme == "default" {
        for (path, contents) in embedded_files("static") {
            let name = path.trim_start_matches("static/").to_string();
            files.push(theme_file(
                name,
                StaticContent::Bytes(Cow::Borrowed(contents)),
            ));
        }
    }
    // Site static files override theme static files of the same name, and keep their
    // names: authors link to them directly.
    let site_static = Path::new("site/static");
    for path in find_files(root, site_static, None, problems) {
        let name = slash_path(path.strip_prefix(site_static).unwrap_or(&path));
        files.retain(|f| f.name != name);
        files.push(StaticFile {
            output_path: name.clone(),
            name,
            content: StaticContent::Disk(root.join(&path)),
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

fn is_fingerprinted(name: &str) -> bool {
    name.ends_with(".css") || name.ends_with(".js")
}

fn theme_file(name: String, content: StaticContent) -> StaticFile {
    let output_path = match &content {
        StaticContent::Bytes(bytes) if is_fingerprinted(&name) => fingerprinted_name(&name, bytes),
        _ => name.clone(),
    };
    StaticFile {
        name,
        output_path,
        content,
    }
}

/// `style.css` -> `style.<16 hex digits>.css`, from a hash of the bytes. FNV-1a: tiny,
/// and unlike `DefaultHasher` it is stable across Rust versions, so the same theme
/// always gets the same names.
fn fingerprinted_name(name: &str, bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    match name.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}.{hash:016x}.{extension}"),
        None => format!("{name}.{hash:016x}"),
    }
}

/// Files of the embedded default theme under `folder`, as (path with `/`, bytes).
fn embedded_files(folder: &str) -> Vec<(String, &'static [u8])> {
    fn collect(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
        for file in dir.files() {
            let name = file.path().file_name().map(|n| n.to_string_lossy());
            if name.is_some_and(|n| !is_ignored_name(&n)) {
                out.push((slash_path(file.path()), file.contents()));
            }
        }
        for sub in dir.dirs() {
            collect(sub, out);
        }
    }
    let mut out = Vec::new();
    if let Some(dir) = DEFAULT_THEME.get_dir(folder) {
        collect(dir, &mut out);
    }
    out.sort();
    out
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
    fn fingerprints_follow_the_content() {
        let a = fingerprinted_name("css/style.css", b"body{}");
        assert!(
            a.starts_with("css/style.")
                && a.ends_with(".css")
                && a.len() == "css/style..css".len() + 16,
            "{a}"
        );
        assert_eq!(a, fingerprinted_name("css/style.css", b"body{}"));
        assert_ne!(a, fingerprinted_name("css/style.css", b"body{ }"));
    }
}
