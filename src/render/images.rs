//! Resized WebP copies of images, made once and kept in the image cache,
//! `.statecraft-cache/images/` in the site folder (safe to delete; git-ignored by
//! `statecraft init`). A copy is named after a hash of the original's bytes, its width
//! and its quality, so an unchanged image costs nothing on the next build, in watch
//! mode or after a restart, and a changed one is made again.
//!
//! Photographs (JPEG and WebP originals) are encoded lossily at the configured quality
//! with libwebp; drawings and charts (PNG, GIF) losslessly. The camera's orientation
//! is applied first, so copies show the way the original does in a browser.

use std::fs;
use std::io::{self, Cursor};
use std::path::{Path, PathBuf};

use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader};
use rayon::prelude::*;

use crate::model::body::ImageVariant;
use crate::model::diagnostics::Diagnostic;

/// Where the cache lives, relative to the site folder.
pub const CACHE_FOLDER: &str = ".statecraft-cache/images";

/// Changes when the way copies are made changes, so old copies are not reused.
const RECIPE: &str = "v1";

/// The image cache of a site.
#[derive(Debug, Clone)]
pub struct ImageCache {
    folder: PathBuf,
    /// Quality (1-100) of lossy copies.
    quality: u8,
}

impl ImageCache {
    /// The cache of the site at `root`, for copies of quality `quality`.
    pub fn new(root: &Path, quality: u8) -> ImageCache {
        ImageCache {
            folder: root.join(CACHE_FOLDER),
            quality,
        }
    }

    /// Where the copy `variant` is (or will be) kept.
    pub fn path(&self, variant: &ImageVariant) -> PathBuf {
        let quality = if variant.lossless {
            "lossless".to_string()
        } else {
            format!("q{}", self.quality)
        };
        self.folder.join(format!(
            "{:016x}-{}x{}-{quality}-{RECIPE}.webp",
            variant.hash, variant.width, variant.height
        ))
    }

    /// Makes every copy of `variants` missing from the cache, in parallel, reading
    /// originals from `root`. Returns how many were made, or a problem per image that
    /// could not be.
    pub fn prepare(
        &self,
        root: &Path,
        variants: &[&ImageVariant],
    ) -> Result<usize, Vec<Diagnostic>> {
        // Identical images (a logo in many briefs) share their copies: each is made
        // once, or two threads would race to write and rename the same file.
        let missing: Vec<&ImageVariant> = variants
            .iter()
            .map(|v| (self.path(v), *v))
            .filter(|(path, _)| !path.is_file())
            .collect::<std::collections::BTreeMap<PathBuf, &ImageVariant>>()
            .into_values()
            .collect();
        if missing.is_empty() {
            return Ok(0);
        }
        fs::create_dir_all(&self.folder).map_err(|err| vec![self.unwritable(&err)])?;
        let problems: Vec<Diagnostic> = missing
            .par_iter()
            .filter_map(|variant| self.make(root, variant).err())
            .collect();
        if problems.is_empty() {
            Ok(missing.len())
        } else {
            Err(problems)
        }
    }

    /// Makes one copy and keeps it (written beside, then renamed, so a copy is never
    /// seen half written).
    fn make(&self, root: &Path, variant: &ImageVariant) -> Result<(), Diagnostic> {
        let bytes =
            resized_webp(&root.join(&variant.source), variant, self.quality).map_err(|why| {
                Diagnostic::error(
                    "E-bad-image",
                    format!("cannot make a {} pixels wide copy: {why}", variant.width),
                )
                .in_file(&variant.source)
                .hint("save the image again as PNG or JPEG")
            })?;
        let target = self.path(variant);
        let temporary = target.with_extension(format!("{}.tmp", std::process::id()));
        fs::write(&temporary, &bytes)
            .and_then(|()| fs::rename(&temporary, &target))
            .map_err(|err| {
                let _ = fs::remove_file(&temporary);
                self.unwritable(&err)
            })
    }

    fn unwritable(&self, err: &io::Error) -> Diagnostic {
        Diagnostic::error(
            "E-image-cache",
            format!(
                "cannot write the image cache `{}`: {err}",
                self.folder.display()
            ),
        )
        .hint("make the site folder writable, or free some disk space")
    }
}

/// The original at `path` resized to the variant's size and encoded as WebP.
fn resized_webp(path: &Path, variant: &ImageVariant, quality: u8) -> Result<Vec<u8>, String> {
    let bytes = fs::read(path).map_err(|err| format!("cannot read it: {err}"))?;
    let mut decoder = ImageReader::new(Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|err| err.to_string())?
        .into_decoder()
        .map_err(|err| err.to_string())?;
    let orientation = decoder.orientation().map_err(|err| err.to_string())?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|err| err.to_string())?;
    image.apply_orientation(orientation);
    let resized = if (image.width(), image.height()) == (variant.width, variant.height) {
        image
    } else {
        image.resize_exact(variant.width, variant.height, FilterType::Lanczos3)
    };
    let encoded = if resized.color().has_alpha() {
        let rgba = resized.to_rgba8();
        encode(
            webp::Encoder::from_rgba(&rgba, rgba.width(), rgba.height()),
            variant.lossless,
            quality,
        )
    } else {
        let rgb = resized.to_rgb8();
        encode(
            webp::Encoder::from_rgb(&rgb, rgb.width(), rgb.height()),
            variant.lossless,
            quality,
        )
    };
    Ok(encoded)
}

fn encode(encoder: webp::Encoder, lossless: bool, quality: u8) -> Vec<u8> {
    let memory = if lossless {
        encoder.encode_lossless()
    } else {
        encoder.encode(f32::from(quality))
    };
    memory.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_made_once_and_oriented_sizes_kept() {
        let dir = tempfile::tempdir().unwrap();
        let mut png = Vec::new();
        image::RgbImage::from_fn(40, 20, |x, _| image::Rgb([x as u8 * 6, 90, 200]))
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .unwrap();
        fs::write(dir.path().join("a.png"), &png).unwrap();
        let variant = ImageVariant {
            source: PathBuf::from("a.png"),
            hash: 7,
            width: 20,
            height: 10,
            lossless: true,
        };
        let cache = ImageCache::new(dir.path(), 80);
        assert_eq!(cache.prepare(dir.path(), &[&variant]), Ok(1));
        assert_eq!(cache.prepare(dir.path(), &[&variant]), Ok(0), "cached");
        let made = fs::read(cache.path(&variant)).unwrap();
        let decoded = image::load_from_memory(&made).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (20, 10));
    }
}
