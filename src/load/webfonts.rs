//! The typefaces `typography:` names, as files of the site: each font file of that
//! family (`site/fonts/`, or the theme's) is published under `fonts/` with a name that
//! changes with its bytes, with the `@font-face` rules and variables that make the
//! theme's stylesheet use it. A `.woff2` beside an `.otf` or `.ttf` of the same name
//! is published too and offered first (a third of the size); a `.woff2` alone serves
//! the web pages only (the social cards and PDFs draw with `.otf` and `.ttf` files).

use std::borrow::Cow;
use std::fs;
use std::path::{Path, PathBuf};

use super::{find_files, is_ignored_name, slash_path, theme, woff2, FontFile};
use super::{StaticContent, StaticFile};
use crate::config::{is_generic_family, Config};
use crate::model::diagnostics::{did_you_mean, Diagnostic};
use crate::model::yaml::Step;

/// The published font files and the stylesheet rules that use them.
#[derive(Default)]
pub(super) struct WebFonts {
    pub css: String,
    pub files: Vec<StaticFile>,
}

/// What a font file says of itself.
struct Face<'a> {
    file: &'a FontFile,
    /// Its family names (the typographic family and the legacy one), as written.
    families: Vec<String>,
    weight: u16,
    italic: bool,
    /// `font-stretch`, for a face narrower or wider than normal.
    stretch: Option<&'static str>,
}

/// The web fonts of the families `typography:` names, from `fonts` (read at `root`);
/// a family no file has is a warning at its name, unless the list ends with a
/// generic family (the reader's system's fonts, on purpose) and the name is not close
/// to one a file has.
pub(super) fn web_fonts(
    root: &Path,
    config: &Config,
    fonts: &[FontFile],
    problems: &mut Vec<Diagnostic>,
) -> WebFonts {
    let mut web = WebFonts::default();
    if config.typography.families().next().is_none() {
        return web;
    }
    let lone_woff2 = lone_woff2_files(root, config, fonts, problems);
    let faces: Vec<Face> = fonts
        .iter()
        .filter_map(face_of)
        .chain(lone_woff2.iter().filter_map(woff2_face_of))
        .collect();
    let mut variables = String::new();
    let mut published: Vec<(String, String)> = Vec::new();
    for (role, families) in config.typography.families() {
        // The theme's variable for the role, and what shows until the files arrive
        // unless the list ends with a family of the reader's system.
        let (variable, fallback) = match role {
            "body" => ("serif", "serif"),
            "headings" => ("headings", "var(--serif)"),
            _ => ("sans", "system-ui, sans-serif"),
        };
        let on_purpose = families.iter().any(|family| is_generic_family(family));
        let mut stack: Vec<String> = Vec::new();
        for family in families {
            if is_generic_family(family) {
                stack.push(family.to_ascii_lowercase());
                continue;
            }
            stack.push(format!("\"{family}\""));
            let of_family: Vec<&Face> = faces
                .iter()
                .filter(|face| face.families.iter().any(|f| f.eq_ignore_ascii_case(family)))
                .collect();
            if of_family.is_empty() {
                let known = faces
                    .iter()
                    .flat_map(|face| face.families.iter().map(String::as_str));
                let hint = match did_you_mean(family, known) {
                    Some(name) => format!("did you mean `{name}`?"),
                    // A family of the reader's system, chosen on purpose.
                    None if on_purpose => continue,
                    None => "put the family's .otf or .ttf files (and .woff2 copies, smaller) in site/fonts/; to use a typeface of the reader's system on purpose, end the list with a generic family (`Georgia, serif`)".to_string(),
                };
                problems.push(
                    config.locate(
                        Diagnostic::warning(
                            "W-font",
                            format!(
                                "no font file of the site or theme is of the family `{family}`"
                            ),
                        )
                        .hint(hint),
                        &[Step::Key("typography"), Step::Key(role)],
                        false,
                    ),
                );
            }
            for face in of_family {
                let key = (family.to_string(), face.file.name.clone());
                if published.contains(&key) {
                    continue;
                }
                published.push(key);
                let mut sources = Vec::new();
                let is_woff2 = has_extension(&face.file.name, "woff2");
                if let Some(woff2) = woff2_beside(root, &face.file.name).filter(|_| !is_woff2) {
                    sources.push(format!("url(\"{}\") format(\"woff2\")", woff2.output_path));
                    web.files.push(woff2);
                }
                let file = publish(&face.file.name, face.file.bytes.to_vec());
                let format = if is_woff2 {
                    "woff2"
                } else if has_extension(&file.name, "ttf") {
                    "truetype"
                } else {
                    "opentype"
                };
                sources.push(format!(
                    "url(\"{}\") format(\"{format}\")",
                    file.output_path
                ));
                web.files.push(file);
                // A condensed face without its width would be taken for the normal one
                // of its weight (the last rule wins), in the browser and not in the PDF.
                let stretch = face
                    .stretch
                    .map(|s| format!(" font-stretch: {s};"))
                    .unwrap_or_default();
                web.css.push_str(&format!(
                    "@font-face {{ font-family: \"{family}\"; src: {}; font-weight: {}; font-style: {};{stretch} font-display: swap; }}\n",
                    sources.join(", "),
                    face.weight,
                    if face.italic { "italic" } else { "normal" },
                ));
            }
        }
        if !on_purpose {
            stack.push(fallback.to_string());
        }
        variables.push_str(&format!(" --{variable}: {};", stack.join(", ")));
    }
    web.css = format!(
        "\n/* typography: from site/config.yaml */\n{}:root {{{variables} }}\n",
        web.css
    );
    // A file named for two families is published once.
    web.files.sort_by(|a, b| a.output_path.cmp(&b.output_path));
    web.files.dedup_by(|a, b| a.output_path == b.output_path);
    web
}

fn face_of(file: &FontFile) -> Option<Face<'_>> {
    let face = ttf_parser::Face::parse(&file.bytes, 0).ok()?;
    Some(Face {
        file,
        families: family_names(&face),
        weight: face.weight().to_number(),
        italic: face.is_italic(),
        stretch: font_stretch(face.width()),
    })
}

/// A font's width class as `font-stretch` writes it; `None` for the normal width.
pub(super) fn font_stretch(width: ttf_parser::Width) -> Option<&'static str> {
    use ttf_parser::Width;
    Some(match width {
        Width::UltraCondensed => "50%",
        Width::ExtraCondensed => "62.5%",
        Width::Condensed => "75%",
        Width::SemiCondensed => "87.5%",
        Width::Normal => return None,
        Width::SemiExpanded => "112.5%",
        Width::Expanded => "125%",
        Width::ExtraExpanded => "150%",
        Width::UltraExpanded => "200%",
    })
}

fn woff2_face_of(file: &FontFile) -> Option<Face<'_>> {
    let face = woff2::face(&file.bytes)?;
    Some(Face {
        file,
        families: face.families,
        weight: face.weight,
        italic: face.italic,
        stretch: face.stretch,
    })
}

/// The `.woff2` files of the site's and the theme's font folders without an `.otf` or
/// `.ttf` of the same name among `fonts`.
fn lone_woff2_files(
    root: &Path,
    config: &Config,
    fonts: &[FontFile],
    problems: &mut Vec<Diagnostic>,
) -> Vec<FontFile> {
    let folders = [
        PathBuf::from("themes").join(&config.theme).join("fonts"),
        PathBuf::from("site/fonts"),
    ];
    let has_sibling = |path: &str| {
        fonts
            .iter()
            .any(|font| PathBuf::from(&font.name).with_extension("woff2") == Path::new(path))
    };
    let mut files = Vec::new();
    for folder in folders.iter().filter(|f| root.join(f).is_dir()) {
        for path in find_files(root, folder, Some("woff2"), is_ignored_name, problems) {
            if !has_sibling(&slash_path(&path)) {
                files.extend(theme::read_font(root, &path, problems));
            }
        }
    }
    files
}

fn has_extension(name: &str, extension: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

/// The family names a font gives itself: the typographic family (`Source Sans 3`) and
/// the legacy one (`Source Sans 3 Semibold`), as `typography:` may name either.
pub fn family_names(face: &ttf_parser::Face) -> Vec<String> {
    names_of_family(face.names())
}

/// The family names among a font's names (its `name` table).
pub(super) fn names_of_family(names: ttf_parser::name::Names) -> Vec<String> {
    let mut families: Vec<String> = names
        .into_iter()
        .filter(|n| {
            n.name_id == ttf_parser::name_id::TYPOGRAPHIC_FAMILY
                || n.name_id == ttf_parser::name_id::FAMILY
        })
        .filter_map(|n| n.to_string())
        .collect();
    families.sort();
    families.dedup();
    families
}

/// A font file as a file of the site: `fonts/<name>.<hash>.<extension>`.
fn publish(path: &str, bytes: Vec<u8>) -> StaticFile {
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let name = format!("fonts/{file_name}");
    StaticFile {
        output_path: theme::fingerprinted_name(&name, &bytes),
        name,
        content: StaticContent::Bytes(Cow::Owned(bytes)),
    }
}

/// The `.woff2` file beside the font file at `path` (in the site), published.
fn woff2_beside(root: &Path, path: &str) -> Option<StaticFile> {
    let woff2 = PathBuf::from(path).with_extension("woff2");
    let bytes = fs::read(root.join(&woff2)).ok()?;
    Some(publish(&woff2.to_string_lossy(), bytes))
}
