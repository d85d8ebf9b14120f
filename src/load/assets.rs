//! Files that briefs and pages use besides their Markdown: images, data and downloads
//! beside them in `briefs/` and `site/pages/`, and the images of `site/static/`. Each
//! is read as far as the parse stage needs: an image's size (as shown, after its
//! orientation) and a hash of its bytes, a data file's text. Nothing is copied here.

use std::collections::BTreeMap;
use std::fs;
use std::hash::{Hash, Hasher};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use image::metadata::Orientation;
use image::{ImageDecoder, ImageFormat, ImageReader};
use rayon::prelude::*;
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use super::MAX_SOURCE_BYTES;

/// Images larger than this are not read (nothing meant for a web page is this big).
const MAX_IMAGE_BYTES: u64 = 64 * 1024 * 1024;

/// Every file documents may use, by path relative to the site root.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Assets {
    files: BTreeMap<PathBuf, Asset>,
}

/// One file documents may use.
#[derive(Debug, Clone, PartialEq)]
pub struct Asset {
    pub kind: AssetKind,
    /// Changes when the file changes: a hash of the bytes of images and data files,
    /// of the size and modification time of others.
    pub version: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AssetKind {
    Image(ImageInfo),
    /// A CSV file, with its text.
    Data(Arc<str>),
    /// A file that is copied when used (a PDF, a spreadsheet).
    Other,
    /// An image, data file or PDF that cannot be read or is not what its name says,
    /// and why (reported where it is used).
    Broken(String),
}

/// What a page needs to know of an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    /// Width and height as shown, after the orientation its camera recorded.
    pub width: u32,
    pub height: u32,
    pub format: ImageKind,
    /// A hash of its bytes (the version), naming its resized copies.
    pub hash: u64,
}

/// Image formats a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageKind {
    Png,
    Jpeg,
    Webp,
    Gif,
    Svg,
}

impl ImageKind {
    /// Whether resized WebP copies are made of it: not of SVG (drawn at any size) nor
    /// of GIF (which may move).
    pub fn is_resized(self) -> bool {
        matches!(self, ImageKind::Png | ImageKind::Jpeg | ImageKind::Webp)
    }

    /// Whether its copies are lossless: drawings, charts and screenshots are PNG;
    /// photographs are JPEG.
    pub fn is_lossless(self) -> bool {
        !matches!(self, ImageKind::Jpeg)
    }

    pub fn from_extension(extension: &str) -> Option<ImageKind> {
        match extension.to_ascii_lowercase().as_str() {
            "png" => Some(ImageKind::Png),
            "jpg" | "jpeg" => Some(ImageKind::Jpeg),
            "webp" => Some(ImageKind::Webp),
            "gif" => Some(ImageKind::Gif),
            "svg" => Some(ImageKind::Svg),
            _ => None,
        }
    }

    /// The name of the format, as [`sniff`] gives it.
    fn name(self) -> &'static str {
        match self {
            ImageKind::Png => "PNG",
            ImageKind::Jpeg => "JPEG",
            ImageKind::Webp => "WebP",
            ImageKind::Gif => "GIF",
            ImageKind::Svg => "SVG",
        }
    }

    fn decoder_format(self) -> Option<ImageFormat> {
        match self {
            ImageKind::Png => Some(ImageFormat::Png),
            ImageKind::Jpeg => Some(ImageFormat::Jpeg),
            ImageKind::Webp => Some(ImageFormat::WebP),
            ImageKind::Gif => Some(ImageFormat::Gif),
            ImageKind::Svg => None,
        }
    }
}

impl Assets {
    /// Reads the files at `paths` (relative to `root`) in parallel.
    pub fn read(root: &Path, paths: &[PathBuf]) -> Assets {
        let files = paths
            .par_iter()
            .filter_map(|path| Some((path.clone(), read_asset(root, path)?)))
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        Assets { files }
    }

    pub fn get(&self, path: &Path) -> Option<&Asset> {
        self.files.get(path)
    }

    pub fn contains(&self, path: &Path) -> bool {
        self.files.contains_key(path)
    }

    /// Why the file at `path` cannot be used (not what its name says, unreadable), if
    /// the site has it and it cannot.
    pub fn broken(&self, path: &Path) -> Option<&str> {
        match &self.files.get(path)?.kind {
            AssetKind::Broken(why) => Some(why),
            _ => None,
        }
    }

    /// Whether the site has the file at `path` and it can be used.
    pub fn usable(&self, path: &Path) -> bool {
        self.contains(path) && self.broken(path).is_none()
    }

    /// Every path, in order.
    pub fn paths(&self) -> impl Iterator<Item = &Path> {
        self.files.keys().map(PathBuf::as_path)
    }

    /// The paths inside the folder `folder`, in order.
    pub fn paths_inside<'a>(&'a self, folder: &'a Path) -> impl Iterator<Item = &'a Path> {
        super::paths_inside(&self.files, folder).map(PathBuf::as_path)
    }

    /// Reads `path` again after it changed (a watch session): returns whether the
    /// site has it now.
    pub fn refresh(&mut self, root: &Path, path: &Path) -> bool {
        match read_asset(root, path) {
            Some(asset) => {
                self.files.insert(path.to_path_buf(), asset);
                true
            }
            None => {
                self.files.remove(path);
                false
            }
        }
    }
}

/// What documents need of the file at `path`; `None` when it is gone or is a folder.
fn read_asset(root: &Path, path: &Path) -> Option<Asset> {
    let full = root.join(path);
    let metadata = fs::metadata(&full).ok().filter(|m| m.is_file())?;
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let broken = |why: String| Asset {
        kind: AssetKind::Broken(why),
        version: metadata_version(&metadata),
    };
    if let Some(kind) = ImageKind::from_extension(extension) {
        if metadata.len() > MAX_IMAGE_BYTES {
            return Some(broken(format!(
                "the image is {} MB; the limit is {} MB",
                metadata.len() / 1_048_576,
                MAX_IMAGE_BYTES / 1_048_576
            )));
        }
        return Some(match fs::read(&full) {
            Ok(bytes) => match probe_image(&bytes, kind) {
                Ok(info) => Asset {
                    version: info.hash,
                    kind: AssetKind::Image(info),
                },
                Err(why) => broken(why),
            },
            Err(err) => broken(format!("cannot read it: {err}")),
        });
    }
    if extension.eq_ignore_ascii_case("csv") {
        if metadata.len() > MAX_SOURCE_BYTES {
            return Some(broken(format!(
                "the file is larger than {} MB",
                MAX_SOURCE_BYTES / 1_048_576
            )));
        }
        return Some(match fs::read(&full).map(String::from_utf8) {
            Ok(Ok(text)) => Asset {
                version: xxh3_64(text.as_bytes()),
                kind: AssetKind::Data(text.into()),
            },
            Ok(Err(_)) => broken("it is not UTF-8 text; save it as UTF-8".to_string()),
            Err(err) => broken(format!("cannot read it: {err}")),
        });
    }
    if extension.eq_ignore_ascii_case("pdf") {
        if let Some(why) = not_a_pdf(&full) {
            return Some(broken(why));
        }
    }
    Some(Asset {
        kind: AssetKind::Other,
        version: metadata_version(&metadata),
    })
}

/// Why the file at `full`, named `.pdf`, is not a PDF, if it is not: a PDF says
/// `%PDF-` in its first kilobyte (readers allow a little before it). Only that
/// kilobyte is read.
fn not_a_pdf(full: &Path) -> Option<String> {
    use std::io::Read as _;
    let mut start = Vec::with_capacity(1024);
    let read = fs::File::open(full).and_then(|file| file.take(1024).read_to_end(&mut start));
    if let Err(err) = read {
        return Some(format!("cannot read it: {err}"));
    }
    if memchr::memmem::find(&start, b"%PDF-").is_some() {
        return None;
    }
    Some(match sniff(&start) {
        Some(format) => format!("it is a {format} file, not a PDF"),
        None => "it is not a PDF: its first bytes are not those of a PDF file".to_string(),
    })
}

/// A version of a file that is not read: its size and modification time.
fn metadata_version(metadata: &fs::Metadata) -> u64 {
    let mut state = Xxh3::new();
    metadata.len().hash(&mut state);
    metadata.modified().ok().hash(&mut state);
    state.finish()
}

/// The size and hash of an image, from its bytes. A raster image must be in the
/// format its name says (its first bytes are that format's signature): a PNG named
/// `.jpg`, or a text file named `.png`, is explained rather than published.
pub fn probe_image(bytes: &[u8], kind: ImageKind) -> Result<ImageInfo, String> {
    if kind != ImageKind::Svg {
        let found = sniff(bytes);
        if found != Some(kind.name()) {
            return Err(match found {
                Some(format) => format!(
                    "it is a {format} file, not the {} its name says",
                    kind.name()
                ),
                None => format!(
                    "it is not an image: its first bytes are not those of a {} file",
                    kind.name()
                ),
            });
        }
    }
    let hash = xxh3_64(bytes);
    let (width, height) = match kind.decoder_format() {
        Some(format) => raster_size(bytes, format)?,
        None => svg_size(bytes).ok_or_else(|| {
            "the SVG has no `width` and `height` or `viewBox` on its `<svg>` element".to_string()
        })?,
    };
    if width == 0 || height == 0 {
        return Err("the image is empty (0 pixels wide or high)".to_string());
    }
    Ok(ImageInfo {
        width,
        height,
        format: kind,
        hash,
    })
}

/// The format a file is in, told by its first bytes (the signature each format
/// starts with), whatever its name says: the raster images a page shows, and formats
/// often mistaken for them. `None` when none of these is recognised. Only the first
/// 16 bytes are looked at.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let starts = |signature: &[u8]| bytes.starts_with(signature);
    // ISO media files (AVIF, HEIC) say what they are at bytes 4 to 12: `ftyp` and a brand.
    let brand = (bytes.get(4..8) == Some(b"ftyp".as_slice()))
        .then(|| bytes.get(8..12))
        .flatten();
    Some(if starts(b"\x89PNG\r\n\x1a\n") {
        "PNG"
    } else if starts(&[0xFF, 0xD8, 0xFF]) {
        "JPEG"
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        "GIF"
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP".as_slice()) {
        "WebP"
    } else if matches!(brand, Some(b"avif" | b"avis")) {
        "AVIF"
    } else if matches!(brand, Some(b"heic" | b"heix" | b"mif1")) {
        "HEIC"
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        "TIFF"
    } else if starts(b"BM")
        && matches!(
            bytes.get(14..18),
            Some([12 | 40 | 52 | 56 | 64 | 108 | 124, 0, 0, 0])
        )
    {
        // `BM` alone could start any text; the size of the header that follows is
        // one of a few.
        "BMP"
    } else if starts(b"%PDF-") {
        "PDF"
    } else {
        return None;
    })
}

fn raster_size(bytes: &[u8], format: ImageFormat) -> Result<(u32, u32), String> {
    let unreadable = |err: image::ImageError| format!("it is not a readable image: {err}");
    let mut decoder = ImageReader::with_format(Cursor::new(bytes), format)
        .into_decoder()
        .map_err(unreadable)?;
    let (width, height) = decoder.dimensions();
    let turned = matches!(
        decoder.orientation().unwrap_or(Orientation::NoTransforms),
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    );
    Ok(if turned {
        (height, width)
    } else {
        (width, height)
    })
}

/// The size an SVG asks to be shown at: its `width` and `height` in pixels, else its
/// `viewBox`.
fn svg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let start = text.find("<svg")?;
    let end = start + text[start..].find('>')?;
    let tag = &text[start..end];
    let attribute = |name: &str| -> Option<&str> {
        let mut rest = tag;
        loop {
            let at = rest.find(name)?;
            let before = rest[..at].chars().last();
            let after = rest[at + name.len()..].trim_start();
            rest = &rest[at + name.len()..];
            if before.is_some_and(char::is_whitespace) {
                if let Some(value) = after.strip_prefix('=') {
                    let value = value.trim_start();
                    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
                    return value[1..].split(quote).next();
                }
            }
        }
    };
    let pixels = |value: &str| -> Option<f64> {
        let number = value.trim().trim_end_matches("px");
        number.parse::<f64>().ok().filter(|n| *n > 0.0)
    };
    if let (Some(w), Some(h)) = (
        attribute("width").and_then(pixels),
        attribute("height").and_then(pixels),
    ) {
        return Some((w.round() as u32, h.round() as u32));
    }
    let numbers: Vec<f64> = attribute("viewBox")?
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match numbers[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w.round() as u32, h.round() as u32)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes_come_from_attributes_or_the_view_box() {
        let sized = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="640px" height="360" viewBox="0 0 10 10">"#;
        assert_eq!(svg_size(sized), Some((640, 360)));
        let boxed = br#"<svg viewBox='0 0 320.4 180'><rect/></svg>"#;
        assert_eq!(svg_size(boxed), Some((320, 180)));
        assert_eq!(svg_size(b"<svg width=\"100%\">"), None);
    }

    #[test]
    fn a_png_is_measured_and_a_broken_one_explained() {
        let mut png = Vec::new();
        image::RgbImage::new(7, 3)
            .write_to(&mut Cursor::new(&mut png), ImageFormat::Png)
            .unwrap();
        let info = probe_image(&png, ImageKind::Png).unwrap();
        assert_eq!((info.width, info.height), (7, 3));
        assert!(probe_image(b"not a png", ImageKind::Png)
            .unwrap_err()
            .contains("it is not an image"));
        // A PNG signature and nothing after it: no size to read.
        assert!(probe_image(&png[..8], ImageKind::Png)
            .unwrap_err()
            .contains("not a readable image"));
        assert_eq!(
            probe_image(&png, ImageKind::Jpeg).unwrap_err(),
            "it is a PNG file, not the JPEG its name says"
        );
    }

    #[test]
    fn formats_are_told_by_their_first_bytes() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0\0\x10JFIF"), Some("JPEG"));
        assert_eq!(sniff(b"GIF89a\x01\0"), Some("GIF"));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WEBPVP8 "), Some("WebP"));
        assert_eq!(sniff(b"\0\0\0\x1cftypavif\0\0\0\0"), Some("AVIF"));
        assert_eq!(sniff(b"%PDF-1.7"), Some("PDF"));
        assert_eq!(sniff(b"RIFF\x24\0\0\0WAVEfmt "), None);
        assert_eq!(sniff(b"<!doctype html>"), None);
        assert_eq!(sniff(b""), None);
    }
}
