//! The theme: its templates and static files, from `themes/<name>/` or, for the default
//! theme, compiled into the binary; and the site's own `site/templates/` and
//! `site/static/`, which override theme files of the same name.

use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};

use super::{
    find_files, is_ignored_name, is_ignored_static_name, read_all, slash_path, FontFile,
    SourceFile, StaticContent, StaticFile, TemplateFile, ThemeFile, TranslationFile,
};
use crate::model::diagnostics::did_you_mean;
use crate::model::diagnostics::Diagnostic;

/// The default theme, compiled in so that `statecraft init` sites build anywhere. A
/// `themes/default/` folder in the site root takes precedence over it.
static DEFAULT_THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// An error when the site names a theme it has no templates for (in
/// `themes/<theme>/templates/`, or the built-in `default`), with the closest theme it
/// has when it has no folder of that name; to be placed at `theme:`.
pub(super) fn missing_theme(root: &Path, theme: &str) -> Option<Diagnostic> {
    let folder = root.join("themes").join(theme);
    if theme == "default" || folder.join("templates").is_dir() {
        return None;
    }
    if folder.is_dir() {
        return Some(
            Diagnostic::error("E-theme-missing", format!("theme `{theme}` has no templates"))
                .hint(format!("put its templates in `themes/{theme}/templates/` (`statecraft theme eject --to themes/{theme}` copies the built-in ones there)")),
        );
    }
    let mut themes: Vec<String> = fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    themes.push("default".to_string());
    let hint = match did_you_mean(theme, themes.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!(
            "the site's themes are the folders of `themes/` ({}); create `themes/{theme}/templates/`, or set `theme: default` to use the bundled theme",
            themes.join(", ")
        ),
    };
    Some(Diagnostic::error("E-theme-missing", format!("theme `{theme}` not found")).hint(hint))
}

/// Whether the site has the theme's folder, `themes/<theme>/`, to read: not when it is
/// reached through a link to a folder outside the site ([`theme_outside_site`]), which
/// is read no more than a file linked there.
fn theme_on_disk(root: &Path, theme: &str) -> bool {
    root.join("themes").join(theme).is_dir() && theme_outside_site(root, theme).is_none()
}

/// An error at `themes/` or `themes/<theme>/` when it is a link to a folder outside the
/// site.
pub(super) fn theme_outside_site(root: &Path, theme: &str) -> Option<Diagnostic> {
    let themes = PathBuf::from("themes");
    [themes.join(theme), themes]
        .into_iter()
        .rev()
        .filter(|folder| {
            fs::symlink_metadata(root.join(folder)).is_ok_and(|m| m.file_type().is_symlink())
        })
        .find_map(|link| super::outside_site(root, &link))
}

pub(super) fn load_templates(
    root: &Path,
    theme: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<TemplateFile> {
    let mut templates: Vec<TemplateFile> = Vec::new();
    let theme_folder = PathBuf::from("themes").join(theme).join("templates");
    if theme_on_disk(root, theme) && root.join(&theme_folder).is_dir() {
        templates.extend(read_templates(root, &theme_folder, problems));
    } else {
        // A theme the site lacks is one error (see [`missing_theme`]): the built-in
        // theme stands in for it, so that every template it lacks is not one more.
        for (path, contents) in embedded_files("templates") {
            templates.push(TemplateFile {
                name: path.trim_start_matches("templates/").to_string(),
                path: PathBuf::from("themes/default").join(path),
                text: String::from_utf8_lossy(contents).into_owned(),
                replaced: None,
            });
        }
    }
    let theme_names: Vec<String> = templates.iter().map(|t| t.name.clone()).collect();
    // Site templates override theme templates of the same name.
    let mut own = read_templates(root, Path::new("site/templates"), problems);
    for template in &mut own {
        if let Some(at) = templates.iter().position(|t| t.name == template.name) {
            template.replaced = Some(templates.remove(at).text);
        }
        templates.push(template.clone());
    }
    templates.sort_by(|a, b| a.name.cmp(&b.name));
    for template in &own {
        if let Some(problem) = unused_override(template, &theme_names, &templates) {
            problems.push(problem);
        }
    }
    templates
}

/// A warning for a site template that replaces no theme template and that no template
/// includes, extends or imports: a misspelt name (`breif.html`) would otherwise leave
/// the theme's template in use without a word.
fn unused_override(
    template: &TemplateFile,
    theme_names: &[String],
    templates: &[TemplateFile],
) -> Option<Diagnostic> {
    if theme_names.contains(&template.name) {
        return None;
    }
    let quoted = [
        format!("\"{}\"", template.name),
        format!("'{}'", template.name),
    ];
    let used = templates
        .iter()
        .filter(|t| t.name != template.name)
        .any(|t| quoted.iter().any(|q| t.text.contains(q.as_str())));
    if used {
        return None;
    }
    let hint = match did_you_mean(&template.name, theme_names.iter().map(String::as_str)) {
        Some(name) => format!("did you mean `site/templates/{name}`? A file there replaces the theme's template of the same name"),
        None => "a file in site/templates/ replaces the theme's template of the same name (`statecraft theme eject` shows them all), or is included by one".to_string(),
    };
    Some(
        Diagnostic::warning(
            "W-template",
            format!(
                "`{}` replaces no template of the theme and no template uses it",
                template.path.display()
            ),
        )
        .in_file(&template.path)
        .hint(hint),
    )
}

/// The components briefs call (`{{< pullquote >}}`): `shortcodes/<name>.html` of the
/// theme (or of the compiled-in default theme), overridden by name by the site's
/// `site/shortcodes/`.
pub(super) fn load_shortcodes(
    root: &Path,
    theme: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<TemplateFile> {
    let mut files: Vec<TemplateFile> = Vec::new();
    let theme_folder = PathBuf::from("themes").join(theme).join("shortcodes");
    if theme_on_disk(root, theme) {
        files.extend(read_templates(root, &theme_folder, problems));
    } else if theme == "default" {
        for (path, contents) in embedded_files("shortcodes") {
            files.push(TemplateFile {
                name: path.trim_start_matches("shortcodes/").to_string(),
                path: PathBuf::from("themes/default").join(path),
                text: String::from_utf8_lossy(contents).into_owned(),
                replaced: None,
            });
        }
    }
    for file in read_templates(root, Path::new("site/shortcodes"), problems) {
        files.retain(|f| f.name != file.name);
        files.push(file);
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// The theme's translation files (`themes/<theme>/i18n/*.yaml`; the built-in theme's
/// when the theme has no `i18n/` folder, so an older theme keeps working) and the
/// site's (`site/i18n/*.yaml`), which override them key by key.
pub(super) fn load_translations(
    root: &Path,
    theme: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<TranslationFile> {
    let mut files = Vec::new();
    let folder = PathBuf::from("themes").join(theme).join("i18n");
    if theme_on_disk(root, theme) && root.join(&folder).is_dir() {
        files.extend(read_translations(root, &folder, false, problems));
    } else {
        for (path, contents) in embedded_files("i18n") {
            let file = SourceFile {
                path: PathBuf::from("themes/default").join(&path),
                text: String::from_utf8_lossy(contents).into_owned(),
            };
            if let Some(language) = language_of(&file.path) {
                files.push(TranslationFile {
                    language,
                    from_site: false,
                    file,
                });
            }
        }
    }
    files.extend(read_translations(
        root,
        Path::new("site/i18n"),
        true,
        problems,
    ));
    files
}

fn read_translations(
    root: &Path,
    folder: &Path,
    from_site: bool,
    problems: &mut Vec<Diagnostic>,
) -> Vec<TranslationFile> {
    let paths = find_files(root, folder, Some("yaml"), is_ignored_name, problems);
    let (files, read_problems) = read_all(root, &paths);
    problems.extend(read_problems);
    files
        .into_iter()
        .filter_map(|file| {
            Some(TranslationFile {
                language: language_of(&file.path)?,
                from_site,
                file,
            })
        })
        .collect()
}

/// `ru` for `i18n/ru.yaml`, `pt-br` for `i18n/pt-BR.yaml`.
fn language_of(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    (path.extension()? == "yaml").then(|| stem.to_ascii_lowercase())
}

/// Fonts for social cards: the theme's `fonts/*.otf|ttf` (the built-in theme's when
/// the theme has no `fonts/` folder), then `site/fonts/`.
pub(super) fn load_fonts(
    root: &Path,
    theme: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<FontFile> {
    let is_font = |name: &str| {
        let lower = name.to_ascii_lowercase();
        lower.ends_with(".otf") || lower.ends_with(".ttf")
    };
    let mut fonts = Vec::new();
    let folder = PathBuf::from("themes").join(theme).join("fonts");
    let mut folders = vec![PathBuf::from("site/fonts")];
    if theme_on_disk(root, theme) && root.join(&folder).is_dir() {
        folders.insert(0, folder);
    } else {
        for (path, contents) in embedded_files("fonts") {
            if is_font(&path) {
                fonts.push(FontFile {
                    name: format!("themes/default/{path}"),
                    bytes: std::sync::Arc::new(contents.to_vec()),
                });
            }
        }
    }
    for folder in folders {
        for path in find_files(root, &folder, None, is_ignored_name, problems) {
            if is_font(&path.to_string_lossy()) {
                fonts.extend(read_font(root, &path, problems));
            }
        }
    }
    fonts
}

/// The font file at `path` (in the site), or a problem when it cannot be read.
pub(super) fn read_font(
    root: &Path,
    path: &Path,
    problems: &mut Vec<Diagnostic>,
) -> Option<FontFile> {
    match fs::read(root.join(path)) {
        Ok(bytes) => Some(FontFile {
            name: slash_path(path),
            bytes: std::sync::Arc::new(bytes),
        }),
        Err(err) => {
            problems.push(
                Diagnostic::error("E-unreadable", format!("cannot read this file: {err}"))
                    .in_file(path)
                    .hint("check the file and its permissions"),
            );
            None
        }
    }
}

/// A font of `site/fonts/` as a file of the PDF template (`fonts/site/<name>`), which
/// Typst takes among its fonts; `None` for the theme's fonts (the PDF template has its
/// own).
pub(super) fn site_font_for_pdfs(font: &FontFile) -> Option<ThemeFile> {
    let name = font.name.strip_prefix("site/fonts/")?;
    Some(ThemeFile {
        name: format!("fonts/site/{name}"),
        path: PathBuf::from(&font.name),
        bytes: Cow::Owned(font.bytes.to_vec()),
    })
}

/// Every file of the built-in default theme, as (path inside the theme with `/`,
/// bytes): what `statecraft theme eject` copies.
pub fn builtin_theme_files() -> Vec<(String, &'static [u8])> {
    let mut files = Vec::new();
    for folder in DEFAULT_THEME.dirs() {
        files.extend(embedded_files(&slash_path(folder.path())));
    }
    for file in DEFAULT_THEME.files() {
        files.push((slash_path(file.path()), file.contents()));
    }
    files.sort();
    files
}

fn read_templates(root: &Path, folder: &Path, problems: &mut Vec<Diagnostic>) -> Vec<TemplateFile> {
    let paths = find_files(root, folder, None, is_ignored_name, problems);
    let (files, read_problems) = read_all(root, &paths);
    problems.extend(read_problems);
    files
        .into_iter()
        .map(|file| TemplateFile {
            name: slash_path(file.path.strip_prefix(folder).unwrap_or(&file.path)),
            path: file.path,
            text: file.text,
            replaced: None,
        })
        .collect()
}

pub(super) fn load_static_files(
    root: &Path,
    theme: &str,
    stylesheet_rules: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<StaticFile> {
    let mut files: Vec<StaticFile> = Vec::new();
    let theme_static = PathBuf::from("themes").join(theme).join("static");
    if theme_on_disk(root, theme) {
        for path in find_files(root, &theme_static, None, is_ignored_static_name, problems) {
            let name = slash_path(path.strip_prefix(&theme_static).unwrap_or(&path));
            if let Some(problem) = unpublishable_name(&path, &name) {
                problems.push(problem);
                continue;
            }
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
    if !stylesheet_rules.is_empty() {
        let stylesheet = files.iter_mut().find(|f| f.name == STYLESHEET);
        if let Some(StaticFile {
            output_path,
            content: StaticContent::Bytes(bytes),
            ..
        }) = stylesheet
        {
            bytes
                .to_mut()
                .extend_from_slice(stylesheet_rules.as_bytes());
            *output_path = fingerprinted_name(STYLESHEET, bytes);
        }
    }
    // Site static files override theme static files of the same name, and keep their
    // names: authors link to them directly.
    let site_static = Path::new("site/static");
    for path in find_files(root, site_static, None, is_ignored_static_name, problems) {
        let name = slash_path(path.strip_prefix(site_static).unwrap_or(&path));
        if let Some(problem) = unpublishable_name(&path, &name) {
            problems.push(problem);
            continue;
        }
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

/// An error for a static file whose name (`odd/tab\there.txt`) no web address holds as
/// it is: a control character (a tab, a line break) or a backslash. Each place the
/// site goes reads such a name its own way (a web server or S3 takes `\` for a folder
/// separator, git ends a name at a line break, a manifest refuses it), so the file is
/// refused here, once, at its name. `None` for every other name.
fn unpublishable_name(path: &Path, name: &str) -> Option<Diagnostic> {
    let what = name.chars().find_map(|c| match c {
        '\t' => Some("a tab".to_string()),
        '\n' | '\r' => Some("a line break".to_string()),
        '\\' => Some("a backslash (`\\`)".to_string()),
        c if c.is_control() => Some(format!("a control character (U+{:04X})", u32::from(c))),
        _ => None,
    })?;
    Some(
        Diagnostic::error(
            "E-unsafe-path",
            format!(
                "the name `{}` holds {what}, which no web address holds as it is: the file cannot be published under this name",
                name.escape_debug()
            ),
        )
        .in_file(path)
        .hint("rename the file (with a `-` in place of that character), and the links to it"),
    )
}

/// The PDF template folder: the theme's `pdf/` (compiled in for the default theme),
/// with the site's `site/pdf/` overriding files of the same name. A theme without a
/// `pdf/` folder has none; the PDF stage then reports what is missing.
pub(super) fn load_pdf_template(
    root: &Path,
    theme: &str,
    problems: &mut Vec<Diagnostic>,
) -> Vec<ThemeFile> {
    let mut files: Vec<ThemeFile> = Vec::new();
    let theme_folder = PathBuf::from("themes").join(theme).join("pdf");
    if theme_on_disk(root, theme) {
        files.extend(read_binary(root, &theme_folder, problems));
    } else {
        for (path, contents) in embedded_files("pdf") {
            files.push(ThemeFile {
                name: path.trim_start_matches("pdf/").to_string(),
                path: PathBuf::from("themes/default").join(path),
                bytes: Cow::Borrowed(contents),
            });
        }
    }
    for file in read_binary(root, Path::new("site/pdf"), problems) {
        files.retain(|f| f.name != file.name);
        files.push(file);
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// The files under `folder`, read whole (fonts and images are not text).
fn read_binary(root: &Path, folder: &Path, problems: &mut Vec<Diagnostic>) -> Vec<ThemeFile> {
    let mut files = Vec::new();
    for path in find_files(root, folder, None, is_ignored_name, problems) {
        match fs::read(root.join(&path)) {
            Ok(bytes) => files.push(ThemeFile {
                name: slash_path(path.strip_prefix(folder).unwrap_or(&path)),
                path,
                bytes: Cow::Owned(bytes),
            }),
            Err(err) => problems.push(
                Diagnostic::error("E-unreadable", format!("cannot read this file: {err}"))
                    .in_file(&path)
                    .hint("check the file and its permissions"),
            ),
        }
    }
    files
}

/// The theme's stylesheet, which `colors:` and `typography:` add their rules to.
pub(super) const STYLESHEET: &str = "style.css";

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
pub(super) fn fingerprinted_name(name: &str, bytes: &[u8]) -> String {
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
