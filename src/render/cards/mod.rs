//! Social cards: the 1200×630 picture a brief shows when it is shared (`og:image`),
//! drawn at build time for every brief without an `image:` of its own, from its title,
//! type, authors and date and the site's logo; and the PNG icons of an SVG favicon.
//!
//! A card is an SVG written here and drawn to PNG by resvg with the theme's fonts
//! (`themes/<theme>/fonts/`, the built-in theme's Inter) and any in `site/fonts/`
//! (a font with the glyphs of another script, e.g. Japanese): never the system's, so
//! every machine draws the same bytes. Drawing takes tens of milliseconds, so each PNG
//! is kept in `.statecraft-cache/cards/` under a hash of its SVG and fonts ([`Cache`]):
//! an unchanged card costs a file read.

use std::hash::Hash;
use std::sync::Arc;

use resvg::usvg::{self, fontdb};

use crate::link::{Brief, Site};
pub use crate::load::FontFile;
use crate::model::colors::{CardColors, Colors};
use crate::model::diagnostics::Diagnostic;
use crate::model::escape::escape_html;
use crate::model::people::Byline;
use crate::model::taxonomy::TaxonomyKind;

pub mod cache;
mod text;

pub use cache::{Cache, CACHE_FOLDER};
use text::{wrap, Metrics};

/// The card's size, the one social networks show best.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;
/// Changes whenever the drawing changes, so the cache never serves an old design.
const DESIGN: u64 = 4;

/// What drawing needs besides the site: fonts, the logo and the favicon's bytes, and
/// the cache.
pub struct CardKit {
    fontdb: Arc<fontdb::Database>,
    metrics: Metrics,
    /// Hash of every font's bytes: part of every card's key.
    fonts_key: u64,
    /// The logo as a `data:` address for the SVG, when the site has one.
    logo: Option<String>,
    /// The favicon's SVG, when the site's favicon is one.
    favicon_svg: Option<Arc<Vec<u8>>>,
    /// The site's colours (`colors:`).
    colors: CardColors,
    /// The family texts are drawn in: the first of the site's `typography.ui` that a
    /// card font has (spelt as the font does), else the theme's.
    family: String,
    cache: Option<Cache>,
}

impl CardKit {
    /// A kit from the fonts, the logo's bytes and file name, the favicon's SVG, the
    /// colours, the families wanted for texts in order and the cache (none: draw every time).
    pub fn new(
        fonts: &[FontFile],
        logo: Option<(&str, Vec<u8>)>,
        favicon_svg: Option<Vec<u8>>,
        colors: CardColors,
        families: &[String],
        cache: Option<Cache>,
    ) -> CardKit {
        let mut db = fontdb::Database::new();
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for font in fonts {
            db.load_font_data(font.bytes.as_ref().clone());
            hasher.update(&(font.bytes.len() as u64).to_le_bytes());
            hasher.update(&font.bytes);
        }
        let family = families
            .iter()
            .find_map(|wanted| {
                db.faces()
                    .flat_map(|face| face.families.iter().map(|(name, _)| name))
                    .find(|name| name.eq_ignore_ascii_case(wanted))
            })
            .map_or_else(|| text::FAMILY.to_string(), String::clone);
        // Generic families (`sans-serif` in a logo's text) name the card's own typeface:
        // the machine's fonts are never read, so the generics' usual names (Arial, Times
        // New Roman) would name no font and the text would not be drawn.
        db.set_serif_family(family.as_str());
        db.set_sans_serif_family(family.as_str());
        db.set_cursive_family(family.as_str());
        db.set_fantasy_family(family.as_str());
        db.set_monospace_family(family.as_str());
        let metrics = Metrics::new(fonts, &family);
        CardKit {
            fontdb: Arc::new(db),
            metrics,
            fonts_key: hasher.digest(),
            logo: logo.and_then(|(name, bytes)| data_address(name, &bytes)),
            favicon_svg: favicon_svg.map(Arc::new),
            colors,
            family,
            cache,
        }
    }

    /// A kit without fonts or cache (cards then have no text).
    pub fn empty() -> CardKit {
        CardKit::new(&[], None, None, Colors::default().card(), &[], None)
    }

    /// The key of a drawing: its SVG, the fonts and the design.
    pub fn key(&self, svg: &str) -> u64 {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(&DESIGN.to_le_bytes());
        hasher.update(&self.fonts_key.to_le_bytes());
        hasher.update(svg.as_bytes());
        hasher.digest()
    }

    /// The key of `svg` drawn at `width`×`height`.
    fn drawing_key(&self, svg: &str, width: u32, height: u32) -> u64 {
        self.key(svg) ^ (u64::from(width) << 32 | u64::from(height))
    }

    /// The PNG of `svg` at `width`×`height`, from the cache when it has it.
    pub fn draw(&self, svg: &str, width: u32, height: u32) -> Vec<u8> {
        let key = self.drawing_key(svg, width, height);
        self.cached_or(key, || rasterize(svg, &self.fontdb, width, height))
    }

    /// The key of a brief's card: what it shows, the fonts, the logo and the design.
    /// Made from the texts rather than the SVG, so a card in the cache costs no layout.
    pub fn card_key(&self, card: &CardText, and: &str) -> u64 {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(&DESIGN.to_le_bytes());
        hasher.update(&self.fonts_key.to_le_bytes());
        for text in [card.site, card.kind, card.title, card.date.as_str(), and]
            .into_iter()
            .chain(card.authors.iter().copied())
            .chain(self.logo.as_deref())
        {
            hasher.update(&(text.len() as u64).to_le_bytes());
            hasher.update(text.as_bytes());
        }
        self.colors.hash(&mut hasher);
        self.family.hash(&mut hasher);
        hasher.digest()
    }

    /// A brief's card as a PNG, from the cache when it has it.
    pub fn card(&self, card: &CardText, and: &str) -> Vec<u8> {
        self.cached_or(self.card_key(card, and), || {
            rasterize(&card_svg(self, card, and), &self.fontdb, WIDTH, HEIGHT)
        })
    }

    /// The cache's file of a brief's card, when the cache has it.
    pub fn cached_card(&self, card: &CardText, and: &str) -> Option<std::path::PathBuf> {
        self.cache.as_ref()?.file(self.card_key(card, and))
    }

    /// The picture under `key` in the cache, else `draw`'s (then kept).
    fn cached_or(&self, key: u64, draw: impl FnOnce() -> Vec<u8>) -> Vec<u8> {
        if let Some(bytes) = self.cache.as_ref().and_then(|c| c.get(key)) {
            return bytes;
        }
        let bytes = draw();
        if let Some(cache) = &self.cache {
            // A cache that cannot be written only costs time on the next build.
            let _ = cache.put(key, &bytes);
        }
        bytes
    }

    /// The key of the favicon drawn at `size` pixels: its SVG's bytes, the fonts and
    /// the design. The configuration names the file; only its bytes tell an edit that
    /// keeps the name and the size.
    pub fn icon_key(&self, size: u32) -> u64 {
        let svg = self.favicon_svg.as_deref().map_or(&[][..], Vec::as_slice);
        self.drawing_key(&String::from_utf8_lossy(svg), size, size)
    }

    /// The favicon drawn as a `size`-pixel square PNG (empty without an SVG favicon).
    pub fn icon(&self, size: u32) -> Vec<u8> {
        match &self.favicon_svg {
            Some(svg) => self.draw(&String::from_utf8_lossy(svg), size, size),
            None => Vec::new(),
        }
    }

    /// Characters of the card's texts that no font has, for a warning.
    pub fn missing_glyphs(&self, texts: &[&str]) -> Vec<char> {
        let mut missing: Vec<char> = texts
            .iter()
            .flat_map(|t| t.chars())
            .filter(|c| !c.is_whitespace() && !self.metrics.covers(*c))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        missing
    }
}

/// For a character the text's font lacks (Japanese in Inter), the font that has it in
/// the text's style and closest weight. usvg's own choice is the first font loaded
/// that has it, which drew regular lines in a bold Japanese face.
fn closest_weight_fallback() -> usvg::FallbackSelectionFn<'static> {
    Box::new(|c, exclude, db| {
        let base = db.face(*exclude.first()?)?;
        let has_char = |id| {
            db.with_face_data(id, |data, index| {
                ttf_parser::Face::parse(data, index).is_ok_and(|f| f.glyph_index(c).is_some())
            }) == Some(true)
        };
        db.faces()
            .filter(|face| !exclude.contains(&face.id) && has_char(face.id))
            .min_by_key(|face| {
                let weight = (i32::from(face.weight.0) - i32::from(base.weight.0)).abs();
                (face.style != base.style, weight)
            })
            .map(|face| face.id)
    })
}

/// Draws `svg` to a PNG of `width`×`height` (the SVG is scaled to fit).
fn rasterize(svg: &str, fontdb: &Arc<fontdb::Database>, width: u32, height: u32) -> Vec<u8> {
    let options = usvg::Options {
        font_family: text::FAMILY.to_string(),
        fontdb: Arc::clone(fontdb),
        font_resolver: usvg::FontResolver {
            select_fallback: closest_weight_fallback(),
            ..usvg::FontResolver::default()
        },
        ..usvg::Options::default()
    };
    let Ok(tree) = usvg::Tree::from_str(svg, &options) else {
        return Vec::new();
    };
    let Some(mut pixmap) = resvg::tiny_skia::Pixmap::new(width, height) else {
        return Vec::new();
    };
    let size = tree.size();
    let transform = resvg::tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap.encode_png().unwrap_or_default()
}

/// What a brief's card shows.
pub struct CardText<'a> {
    pub site: &'a str,
    pub kind: &'a str,
    pub title: &'a str,
    pub authors: Vec<&'a str>,
    pub date: String,
}

impl<'a> CardText<'a> {
    pub fn of(site: &'a Site, brief: &'a Brief) -> CardText<'a> {
        let meta = &brief.parsed.meta;
        let kind = brief.terms[TaxonomyKind::Types.index()]
            .first()
            .map_or("", |&t| {
                &site.taxonomies.get(TaxonomyKind::Types).terms[t].singular
            });
        let authors = meta
            .bylines
            .iter()
            .filter_map(|b| match b {
                Byline::Registered(id) => site.people.get(id).map(|p| p.name.as_str()),
                Byline::Guest(guest) => Some(guest.name.as_str()),
            })
            .collect();
        let site_name = if site.config.publisher.is_empty() {
            &site.config.title
        } else {
            &site.config.publisher
        };
        CardText {
            site: site_name,
            kind,
            title: &meta.title,
            authors,
            date: site.labels.format_date(meta.date.day),
        }
    }
}

impl<'a> CardText<'a> {
    /// The site's own card, which its home, list and standalone pages show when shared:
    /// the publisher (or the site's name) by the logo, the site's name as the title, and
    /// its description where a brief's card has the byline.
    pub fn of_site(site: &'a Site) -> CardText<'a> {
        let config = &site.config;
        CardText {
            site: if config.publisher.is_empty() {
                &config.title
            } else {
                &config.publisher
            },
            kind: "",
            title: &config.title,
            authors: Vec::new(),
            date: config.description.clone(),
        }
    }
}

/// The card's SVG. Texts are measured with the fonts and wrapped here, since SVG does
/// not wrap text.
pub fn card_svg(kit: &CardKit, card: &CardText, and: &str) -> String {
    const LEFT: f32 = 80.0;
    let width = WIDTH as f32 - 2.0 * LEFT;
    // The longest titles get a smaller size, and at most four lines.
    let (size, lines) = [64.0, 56.0, 48.0]
        .iter()
        .map(|&size| (size, wrap(&kit.metrics, card.title, size, true, width)))
        .find(|(_, lines)| lines.len() <= 4)
        .unwrap_or_else(|| {
            let mut lines = wrap(&kit.metrics, card.title, 48.0, true, width);
            lines.truncate(4);
            if let Some(last) = lines.last_mut() {
                last.push('…');
            }
            (48.0, lines)
        });
    let colors = &kit.colors;
    let (background, stripe) = (colors.background.hex(), colors.stripe.hex());
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}"><rect width="{WIDTH}" height="{HEIGHT}" fill="{background}"/><rect width="{WIDTH}" height="10" fill="{stripe}"/><rect x="{LEFT}" y="{}" width="120" height="6" fill="{stripe}"/>"##,
        HEIGHT - 150
    );
    let text = colors.text.hex();
    let text_element = |x, y, size, bold, fill: &str, text: &str| {
        text_element(&kit.family, x, y, size, bold, fill, text)
    };
    let mut header_x = LEFT;
    if let Some(logo) = &kit.logo {
        svg.push_str(&format!(
            r#"<image x="{LEFT}" y="62" width="64" height="64" href="{}"/>"#,
            escape_html(logo)
        ));
        header_x += 88.0;
    }
    svg.push_str(&text_element(
        header_x, 105.0, 30.0, false, &text, card.site,
    ));
    let mut y = 210.0;
    if !card.kind.is_empty() {
        svg.push_str(&text_element(
            LEFT,
            y,
            28.0,
            true,
            &colors.kind.hex(),
            &card.kind.to_uppercase(),
        ));
        y += 24.0;
    }
    for line in &lines {
        y += size * 1.15;
        svg.push_str(&text_element(LEFT, y, size, true, &text, line));
    }
    let authors = join_authors(&card.authors, and);
    let byline = if authors.is_empty() {
        card.date.clone()
    } else {
        format!("{authors} · {}", card.date)
    };
    // One line: a longer one (the site card's description) ends in an ellipsis, so
    // that it does not read as a sentence cut off.
    let mut byline_lines = wrap(&kit.metrics, &byline, 28.0, false, width).into_iter();
    let mut byline = byline_lines.next().unwrap_or_default();
    if byline_lines.next().is_some() {
        byline.push('…');
    }
    svg.push_str(&text_element(
        LEFT,
        HEIGHT as f32 - 80.0,
        28.0,
        false,
        &colors.byline.hex(),
        &byline,
    ));
    svg.push_str("</svg>");
    svg
}

/// "A", "A and B", "A, B et al." for the byline of a card.
fn join_authors(names: &[&str], and: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [a, b] => format!("{a} {and} {b}"),
        [a, b, ..] => format!("{a}, {b} et al."),
    }
}

fn text_element(
    family: &str,
    x: f32,
    y: f32,
    size: f32,
    bold: bool,
    fill: &str,
    text: &str,
) -> String {
    format!(
        r#"<text x="{x}" y="{y}" font-family="{}" font-size="{size}" font-weight="{}" fill="{fill}">{}</text>"#,
        escape_html(family),
        if bold { 700 } else { 400 },
        escape_html(text)
    )
}

/// A picture as a `data:` address for an SVG `<image>`: SVG, PNG or JPEG.
fn data_address(name: &str, bytes: &[u8]) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    let media = match lower.rsplit('.').next()? {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        _ => return None,
    };
    Some(format!("data:{media};base64,{}", base64(bytes)))
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A warning for a card whose texts have characters no font draws.
pub fn glyph_warning(brief: &Brief, missing: &[char]) -> Diagnostic {
    let shown: String = missing.iter().take(12).collect();
    Diagnostic::warning(
        "W-card-font",
        format!(
            "the social card of this brief has characters no card font draws ({shown}); they are left out of the picture"
        ),
    )
    .in_file(&brief.parsed.source)
    .hint("put a font with these characters (OTF or TTF, e.g. Noto Sans JP) in `site/fonts/`, or give the brief an `image:`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads_like_the_standard() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }
}
