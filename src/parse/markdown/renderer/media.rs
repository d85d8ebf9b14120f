//! Images and files beside the document. A relative reference (`images/lng.png`,
//! `data.csv`) is found beside the document's file and copied beside its page; a
//! missing one is an error with the closest existing name. An image beside the
//! document or in `site/static/` is written with its width and height, lazily loaded
//! after the first, and with resized WebP copies in a `srcset`.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use percent_encoding::percent_decode_str;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::super::links::{classify_file, is_safe_url};
use super::super::MARKER;
use super::Renderer;
use crate::config::{ImagesConfig, RawHtml};
use crate::load::assets::{AssetKind, ImageInfo};
use crate::model::body::{
    AssetContent, AssetOutput, AssetUse, ImageVariant, LinkTarget, OutgoingLink,
};
use crate::model::diagnostics::{did_you_mean, Diagnostic};
use crate::model::escape::escape_html;
use crate::model::urls;

/// How wide images are shown: the text column on wide screens, the screen on others.
const SIZES: &str = "(min-width: 48rem) 45rem, 100vw";

/// An image being read: its address, and its alt text as plain text and as inline
/// events (a figure's caption).
pub(crate) struct OpenImage {
    dest: String,
    title: String,
    /// Where the image is in the body.
    pub range: Range<usize>,
    depth: usize,
    pub alt: String,
    pub caption: Vec<Event<'static>>,
}

/// An image written: its HTML (`None`: an unsafe address, shown as its alt text).
pub(crate) struct ImageHtml {
    pub html: Option<String>,
    pub alt: String,
    pub caption: Vec<Event<'static>>,
    pub range: Range<usize>,
}

impl Renderer<'_> {
    /// Takes every image's events: an image is written at its end.
    pub(super) fn image_event(&mut self, event: &Event, range: &Range<usize>) -> bool {
        let Some(image) = self.rich.image.as_mut() else {
            let Event::Start(Tag::Image {
                dest_url, title, ..
            }) = event
            else {
                return false;
            };
            self.track_context(event);
            self.rich.image = Some(OpenImage {
                dest: dest_url.to_string(),
                title: title.to_string(),
                range: range.clone(),
                depth: 0,
                alt: String::new(),
                caption: Vec::new(),
            });
            return true;
        };
        match event {
            Event::Start(Tag::Image { .. }) => image.depth += 1,
            Event::End(TagEnd::Image) if image.depth > 0 => image.depth -= 1,
            Event::End(TagEnd::Image) => {
                if let Some(image) = self.rich.image.take() {
                    self.track_context(event);
                    self.finish_image(image);
                }
            }
            Event::Text(text) => {
                image.alt.push_str(text);
                image.caption.push(Event::Text(text.clone().into_static()));
            }
            Event::Code(text) => {
                image.alt.push_str(text);
                image.caption.push(Event::Code(text.clone().into_static()));
            }
            Event::SoftBreak | Event::HardBreak => {
                image.alt.push(' ');
                image.caption.push(Event::SoftBreak);
            }
            Event::Start(tag @ (Tag::Emphasis | Tag::Strong | Tag::Strikethrough)) => {
                image.caption.push(Event::Start(tag.clone().into_static()));
            }
            Event::End(tag @ (TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough)) => {
                image.caption.push(Event::End(*tag));
            }
            _ => {}
        }
        true
    }

    /// Writes an image: into the figure whose paragraph it opens, or where it is.
    fn finish_image(&mut self, image: OpenImage) {
        let in_figure = self
            .rich
            .paragraph
            .as_ref()
            .is_some_and(|p| p.image_start == Some(image.range.start));
        if in_figure {
            let alt = self.figure_alt();
            let written = self.image_html(&image, alt.as_deref());
            if let Some(paragraph) = self.rich.paragraph.as_mut() {
                paragraph.image = Some(written);
            }
            return;
        }
        if image.alt.trim().is_empty() {
            self.missing_alt(&image.range);
        }
        match self.image_html(&image, None).html {
            Some(html) => self.emit_html(html),
            None => {
                self.block_text.push_str(&image.alt);
                self.emit(Event::Text(CowStr::from(image.alt)));
            }
        }
    }

    /// A warning: an image without alt text says nothing to screen readers.
    pub(super) fn missing_alt(&mut self, range: &Range<usize>) {
        let problem = Diagnostic::warning("W-missing-alt", "this image has no alt text")
            .hint("describe what it shows in the brackets, `![Bar chart of ...](file.png)`, for readers who cannot see it");
        self.rich
            .problem(problem, self.body_offset + range.start, range.len());
    }

    /// The HTML of an image, with `alt` in place of its own alt text when given.
    pub(super) fn image_html(&mut self, image: &OpenImage, alt: Option<&str>) -> ImageHtml {
        let alt = alt.unwrap_or(&image.alt).to_string();
        let html = self.image_tag(image, &alt);
        ImageHtml {
            html,
            alt,
            caption: image.caption.clone(),
            range: image.range.clone(),
        }
    }

    fn image_tag(&mut self, image: &OpenImage, alt: &str) -> Option<String> {
        self.rich.images_seen += 1;
        let lazy = self.rich.images_seen > 1;
        let mut attributes = format!(" alt=\"{}\"", escape_html(alt));
        if !image.title.is_empty() {
            let _ = write!(attributes, " title=\"{}\"", escape_html(&image.title));
        }
        let loading = if lazy { " loading=\"lazy\"" } else { "" };
        let Some(target) = classify_file(&image.dest) else {
            // Another site's image: as it is, unless untrusted and unsafe.
            if self.raw_html == RawHtml::Escape && !is_safe_url(&image.dest) {
                return None;
            }
            return Some(format!(
                "<img src=\"{}\"{attributes}{loading}>",
                escape_html(&image.dest)
            ));
        };
        let (target, info, original) = match target {
            LinkTarget::SitePath { ref path, .. } => {
                let info = self.static_image(path);
                let original = path.trim_start_matches('/').to_string();
                let original = percent_decode_str(&original)
                    .decode_utf8_lossy()
                    .into_owned();
                (target, info, AssetOutput::Site(original))
            }
            target @ LinkTarget::Asset { .. } => {
                let target = self.local_file(target, &image.dest, &image.range)?;
                let info = match &target {
                    LinkTarget::Asset { output, .. } => self.local_image(output, &image.range),
                    _ => None,
                };
                let original = match &target {
                    LinkTarget::Asset { output, .. } => output.clone(),
                    _ => AssetOutput::Beside(String::new()),
                };
                (target, info, original)
            }
            other => (other, None, AssetOutput::Beside(String::new())),
        };
        let src = self.asset_link(target, image, alt);
        let Some((source, info)) = info else {
            return Some(format!("<img src=\"{src}\"{attributes}{loading}>"));
        };
        let size = format!(" width=\"{}\" height=\"{}\"", info.width, info.height);
        let img = format!("<img src=\"{src}\"{attributes}{size}{loading} decoding=\"async\">");
        if !info.format.is_resized() {
            return Some(img);
        }
        let default = ImagesConfig::default();
        let widths = variant_widths(self.rich.images.unwrap_or(&default), info.width);
        let mut srcset = Vec::new();
        for width in widths {
            let height = ((u64::from(info.height) * u64::from(width) + u64::from(info.width) / 2)
                / u64::from(info.width))
            .max(1) as u32;
            let output = match &original {
                AssetOutput::Beside(name) => {
                    AssetOutput::Beside(urls::image_variant(name, info.hash, width))
                }
                AssetOutput::Site(path) => {
                    AssetOutput::Site(urls::image_variant(path, info.hash, width))
                }
            };
            self.rich.write_asset(AssetUse {
                output: output.clone(),
                content: AssetContent::Variant(ImageVariant {
                    source: source.clone(),
                    hash: info.hash,
                    width,
                    height,
                    lossless: info.format.is_lossless(),
                }),
            });
            let target = LinkTarget::Asset {
                output,
                suffix: String::new(),
            };
            let url = self.asset_link(target, image, alt);
            srcset.push(format!("{url} {width}w"));
        }
        Some(format!(
            "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{SIZES}\">{img}</picture>",
            srcset.join(", ")
        ))
    }

    /// A link to `target` made for `image` (whose text, in diagnostics, is its `alt`):
    /// its placeholder.
    fn asset_link(&mut self, target: LinkTarget, image: &OpenImage, alt: &str) -> String {
        let index = self.links.len();
        self.links.push(OutgoingLink {
            target,
            written: image.dest.clone(),
            text: alt.to_string(),
            offset: self.body_offset + image.range.start,
            len: image.range.len(),
            context: String::new(),
        });
        format!("{MARKER}h{index}{MARKER}")
    }

    /// An image of `site/static/` at site path `path`, when the site has it.
    fn static_image(&self, path: &str) -> Option<(PathBuf, ImageInfo)> {
        let decoded = percent_decode_str(path.trim_start_matches('/')).decode_utf8_lossy();
        let source = Path::new("site/static").join(decoded.as_ref());
        match &self.rich.assets?.get(&source)?.kind {
            AssetKind::Image(info) => Some((source, *info)),
            _ => None,
        }
    }

    /// The image a document shows beside it, once found by [`Self::local_file`];
    /// a file that is not a readable image is an error at the reference.
    fn local_image(
        &mut self,
        output: &AssetOutput,
        range: &Range<usize>,
    ) -> Option<(PathBuf, ImageInfo)> {
        let AssetOutput::Beside(name) = output else {
            return None;
        };
        let source = self.rich.document?.parent()?.join(name);
        let asset = self.rich.assets?.get(&source)?;
        let (why, hint) = match &asset.kind {
            AssetKind::Image(info) => return Some((source, *info)),
            AssetKind::Broken(why) => (
                format!("cannot be shown: {why}"),
                "save the image again as PNG, JPEG, WebP, GIF or SVG",
            ),
            AssetKind::Data(_) | AssetKind::Other if is_not_an_image(&source) => (
                "is not an image: a page would show it broken".to_string(),
                "link to it instead, `[text](file)` without the `!`; a CSV file becomes a chart with a ```chart block",
            ),
            _ => return None,
        };
        let problem =
            Diagnostic::error("E-bad-image", format!("`{}` {why}", source.display())).hint(hint);
        self.rich
            .problem(problem, self.body_offset + range.start, range.len());
        None
    }

    /// A reference to a file beside the document (`images/lng.png`): found, copied
    /// beside the document's page, and its target made where the copy is. Other
    /// targets are returned as they are. `None` (the reference is left as written)
    /// outside a site, or when the file is missing, which is reported.
    pub(super) fn local_file(
        &mut self,
        target: LinkTarget,
        written: &str,
        range: &Range<usize>,
    ) -> Option<LinkTarget> {
        let LinkTarget::Asset {
            output: AssetOutput::Beside(file),
            suffix,
        } = target
        else {
            return Some(target);
        };
        let (document, assets) = (self.rich.document?, self.rich.assets?);
        let folder = document.parent().unwrap_or(Path::new(""));
        let at = self.body_offset + range.start;
        let relative = match normalize(&file) {
            Ok(relative) => relative,
            Err(()) => {
                let problem = Diagnostic::error(
                    "E-outside-folder",
                    format!(
                        "`{written}` is outside the folder of this file, `{}/`",
                        folder.display()
                    ),
                )
                .hint("put the file beside the brief, or in `site/static/` and refer to it by its site path (`/media/file.png`)");
                self.rich.problem(problem, at, range.len());
                return None;
            }
        };
        let source = folder.join(&relative);
        let Some(asset) = assets.get(&source) else {
            let problem = Diagnostic::error(
                "E-missing-file",
                format!(
                    "`{written}` does not exist: there is no `{}`",
                    source.display()
                ),
            )
            .hint(missing_file_hint(assets.paths(), folder, &relative));
            self.rich.problem(problem, at, range.len());
            return None;
        };
        self.rich.write_asset(AssetUse {
            output: AssetOutput::Beside(relative.clone()),
            content: AssetContent::Copy {
                source,
                version: asset.version,
            },
        });
        Some(LinkTarget::Asset {
            output: AssetOutput::Beside(relative),
            suffix,
        })
    }
}

/// The widths of the WebP copies of an image `width` pixels wide: each configured
/// width below it, and its own width up to the widest configured.
pub(super) fn variant_widths(config: &ImagesConfig, width: u32) -> Vec<u32> {
    let widest = config.widths.iter().copied().max().unwrap_or(width);
    let mut widths: Vec<u32> = config
        .widths
        .iter()
        .copied()
        .filter(|w| *w < width)
        .collect();
    widths.push(width.min(widest));
    widths.sort_unstable();
    widths.dedup();
    widths
}

/// A relative path as written (`./images/../map%20a.png`), percent-decoded and with
/// `.` and `..` resolved (`map a.png`), with `/` separators; `Err` when it leaves the
/// folder it is relative to.
fn normalize(written: &str) -> Result<String, ()> {
    let decoded = percent_decode_str(written).decode_utf8_lossy();
    let mut parts: Vec<&str> = Vec::new();
    for component in Path::new(decoded.as_ref()).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str().ok_or(())?),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop().ok_or(())?;
            }
            Component::RootDir | Component::Prefix(_) => return Err(()),
        }
    }
    if parts.is_empty() {
        return Err(());
    }
    Ok(parts.join("/"))
}

/// What to say about a missing file `relative` (to `folder`): the closest name in its
/// folder, or the same name in another folder, or the files that are there, or where
/// to put it.
fn missing_file_hint<'a>(
    paths: impl Iterator<Item = &'a Path>,
    folder: &Path,
    relative: &str,
) -> String {
    let beside: Vec<String> = paths
        .filter_map(|p| p.strip_prefix(folder).ok())
        .filter_map(|p| p.to_str().map(|s| s.replace('\\', "/")))
        .filter(|p| !p.ends_with(".md"))
        .collect();
    let split = |path: &str| -> (String, String) {
        match path.rsplit_once('/') {
            Some((f, n)) => (f.to_string(), n.to_string()),
            None => (String::new(), path.to_string()),
        }
    };
    let (wanted_folder, wanted_name) = split(relative);
    let same_folder: Vec<&String> = beside
        .iter()
        .filter(|p| split(p).0 == wanted_folder)
        .collect();
    let names: Vec<String> = same_folder.iter().map(|p| split(p).1).collect();
    if let Some(close) = did_you_mean(&wanted_name, names.iter().map(String::as_str)) {
        let at = names.iter().position(|n| n == close).unwrap_or(0);
        return format!("did you mean `{}`?", same_folder[at]);
    }
    if let Some(elsewhere) = beside.iter().find(|p| split(p).1 == wanted_name) {
        return format!("did you mean `{elsewhere}`?");
    }
    if same_folder.is_empty() {
        format!(
            "put the file at `{}`: references are relative to the brief's file",
            folder.join(relative).display()
        )
    } else {
        let listed: Vec<&str> = same_folder.iter().take(8).map(|p| p.as_str()).collect();
        format!("files there: `{}`", listed.join("`, `"))
    }
}

/// Whether the file at `path` is, by its extension, data or a document rather than an
/// image a browser might show (AVIF, BMP and icons are left to the browser).
fn is_not_an_image(path: &std::path::Path) -> bool {
    const NOT_IMAGES: &[&str] = &[
        "csv", "tsv", "txt", "md", "json", "xml", "html", "pdf", "doc", "docx", "xls", "xlsx",
        "ppt", "pptx", "odt", "ods", "zip", "bib",
    ];
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| NOT_IMAGES.contains(&e.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_stay_inside_their_folder() {
        assert_eq!(normalize("./images/../map%20a.png"), Ok("map a.png".into()));
        assert_eq!(normalize("images/lng.png"), Ok("images/lng.png".into()));
        assert_eq!(normalize("../other/x.png"), Err(()));
        assert_eq!(normalize("/etc/passwd"), Err(()));
    }

    #[test]
    fn variants_are_never_wider_than_the_original() {
        let config = ImagesConfig::default();
        assert_eq!(variant_widths(&config, 1200), [480, 960, 1200]);
        assert_eq!(variant_widths(&config, 3000), [480, 960, 1600]);
        assert_eq!(variant_widths(&config, 300), [300]);
        assert_eq!(variant_widths(&config, 480), [480]);
    }

    #[test]
    fn a_missing_file_hint_names_the_closest_one() {
        let paths = [
            PathBuf::from("briefs/images/lng.png"),
            PathBuf::from("briefs/data/budget.csv"),
            PathBuf::from("briefs/a.md"),
        ];
        let hint = |relative: &str| {
            missing_file_hint(
                paths.iter().map(PathBuf::as_path),
                Path::new("briefs"),
                relative,
            )
        };
        assert_eq!(hint("images/lgn.png"), "did you mean `images/lng.png`?");
        assert_eq!(hint("image/lng.png"), "did you mean `images/lng.png`?");
        assert_eq!(hint("data/zzz.csv"), "files there: `data/budget.csv`");
        assert!(hint("x/y.png").starts_with("put the file at `briefs/x/y.png`"));
    }
}
