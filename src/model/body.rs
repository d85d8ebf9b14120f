//! A Markdown body once parsed: its HTML (with placeholders where resolved link URLs
//! go), its headings, the internal links it makes and the works it cites.
//! The parse stage makes it; the link stage resolves its links; the render stage joins
//! it with their URLs.

use std::borrow::Cow;
use std::path::PathBuf;

use crate::model::diagnostics::Diagnostic;

/// Delimits placeholders in a body's HTML: `\0h3\0` where the URL of link 3 goes,
/// `\0t3\0` where the title of its target goes (a wiki link written without text).
/// Input cannot contain it (see [`crate::parse::markdown::clean_body`]).
pub const MARKER: char = '\0';

/// A placeholder in a body's HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// The URL of outgoing link number N (index into [`RenderedMarkdown::links`]).
    Href(usize),
    /// The title of the target of link N, for wiki links written without text.
    LinkTitle(usize),
}

/// Appends `html` to `out` with each link placeholder replaced by what `fill` writes
/// for it. Anything else between markers is kept as it is.
pub fn fill_placeholders(
    html: &str,
    out: &mut String,
    mut fill: impl FnMut(Placeholder, &mut String),
) {
    replace_markers(html, out, |letter, index, out| {
        let placeholder = match letter {
            'h' => Placeholder::Href(index),
            't' => Placeholder::LinkTitle(index),
            _ => return false,
        };
        fill(placeholder, out);
        true
    });
}

/// `text` (the sentence a backlink quotes, a body's plain text) with the title of the
/// target of each wiki link without text in it, which it holds as `\0t3\0`, from
/// `title` (by link index; none for a link that resolved to nothing).
pub fn with_link_titles<'t, 'a>(
    text: &'t str,
    title: impl Fn(usize) -> Option<&'a str>,
) -> Cow<'t, str> {
    if !text.contains(MARKER) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 32);
    fill_placeholders(text, &mut out, |placeholder, out| {
        if let Placeholder::LinkTitle(i) = placeholder {
            out.push_str(title(i).unwrap_or(""));
        }
    });
    Cow::Owned(out)
}

/// Appends `html` to `out`, handing each marker's letter and number (`\0c3\0`: 'c' and
/// 3) to `replace`, which writes what stands for it and returns true, or returns false
/// to keep the marker as it is. Markers of the parse stage (citations) and of the
/// render stage (links) are read here alike.
pub fn replace_markers(
    html: &str,
    out: &mut String,
    mut replace: impl FnMut(char, usize, &mut String) -> bool,
) {
    let mut rest = html;
    while let Some(start) = rest.find(MARKER) {
        let Some(len) = rest[start + 1..].find(MARKER) else {
            break;
        };
        let marker = &rest[start + 1..start + 1 + len];
        let index = marker.get(1..).and_then(|m| m.parse::<usize>().ok());
        out.push_str(&rest[..start]);
        let replaced = match (marker.chars().next(), index) {
            (Some(letter), Some(index)) => replace(letter, index, out),
            _ => false,
        };
        if !replaced {
            out.push_str(&rest[start..start + 2 + len]);
        }
        rest = &rest[start + 2 + len..];
    }
    out.push_str(rest);
}

/// Text kept compressed (LZ4 block format) in memory. Every brief's HTML stays in
/// memory from its parse to the end of the build, where it was most of a large
/// site's memory; compressed it takes 2.5 times less, and LZ4 unpacks at gigabytes a
/// second.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Packed {
    bytes: Box<[u8]>,
    len: usize,
}

impl Packed {
    pub fn new(text: &str) -> Packed {
        Packed {
            bytes: lz4_flex::block::compress(text.as_bytes()).into_boxed_slice(),
            len: text.len(),
        }
    }

    /// The text again.
    pub fn unpack(&self) -> String {
        if self.len == 0 {
            return String::new();
        }
        // The bytes were packed from a `str` by `new`, so neither step can fail.
        let bytes = lz4_flex::block::decompress(&self.bytes, self.len).unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }

    /// The length of the text, in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Packed").field(&self.unpack()).finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// The heading as plain text.
    pub title: String,
}

/// Where an internal link points, as written by the author.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LinkTarget {
    /// `other.md`, `../briefs/other.md#id`, `[[other]]`, `[[other#id]]`: a brief or page
    /// named by its slug.
    Document {
        name: String,
        anchor: Option<String>,
        /// `?a=b` as written (with its `?`), kept in the link; empty without one.
        query: String,
    },
    /// `[[topic:soft-power]]`, `[[region:japan]]`: a taxonomy term.
    Term { kind: String, slug: String },
    /// `/briefs/other/`: a path of this site.
    SitePath {
        path: String,
        anchor: Option<String>,
        /// `?q=japan` as written (with its `?`), kept in the link; empty without one.
        query: String,
    },
    /// `#id`: a heading of the same page.
    Anchor(String),
    /// The first mention of a glossary term: `/glossary/#<slug>`.
    Glossary(String),
    /// An address whose scheme is mistyped (`htps://`, `http//`): never a working
    /// link, reported with the scheme it was probably meant to have.
    MistypedScheme { suggestion: &'static str },
    /// A file of the site the document refers to (`images/lng.png` beside a brief, a
    /// resized variant of an image): where it is written, and what follows the path
    /// as written (`#page=2`).
    Asset { output: AssetOutput, suffix: String },
}

/// Where a file a document uses is written in the output.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AssetOutput {
    /// Beside the document's page, at this path relative to it (`images/lng.png` is
    /// `briefs/<slug>/images/lng.png` for a brief).
    Beside(String),
    /// At this site path, next to a static file (`media/map.3f2a91c0.480w.webp`).
    Site(String),
}

/// A file written because a document uses it: an image or data file beside it, a
/// resized variant of an image, or the data of a chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetUse {
    pub output: AssetOutput,
    pub content: AssetContent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetContent {
    /// A copy of a file of the site (path relative to the site root), whose contents
    /// have this version (a hash: a watch session copies it again when it changes).
    Copy { source: PathBuf, version: u64 },
    /// An image made smaller for the web (WebP).
    Variant(ImageVariant),
    /// Bytes made while parsing (the CSV of a chart's inline data).
    Bytes(Vec<u8>),
}

/// A resized WebP copy of an image of the site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageVariant {
    /// The original, relative to the site root.
    pub source: PathBuf,
    /// A hash of the original's bytes: variants are cached under it.
    pub hash: u64,
    pub width: u32,
    pub height: u32,
    /// Lossless WebP (drawings, charts, screenshots: PNG and GIF originals); lossy
    /// for photographs (JPEG originals).
    pub lossless: bool,
}

/// A problem found while rendering a body: at a place in the document's file
/// (`at`: byte offset and length), or in another file it reads (a CSV file), whose
/// place the diagnostic carries already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyProblem {
    pub problem: Diagnostic,
    pub at: Option<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OutgoingLink {
    pub target: LinkTarget,
    /// The destination exactly as written (for diagnostics).
    pub written: String,
    /// The link's text as plain text (empty for wiki links without text).
    pub text: String,
    /// Byte offset and length of the whole link in the file.
    pub offset: usize,
    pub len: usize,
    /// The sentence (or heading) the link sits in, as plain text. Where a wiki link
    /// without text sits (this one or another) it holds the placeholder of its
    /// target's title (`\0t3\0`, see [`with_link_titles`]).
    pub context: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedMarkdown {
    /// The text's HTML, with placeholders where link URLs and titles go ([`MARKER`]).
    pub html: Packed,
    /// Its notes' HTML (a `<ol class="footnotes-list">`, empty without notes): the theme
    /// shows them apart from the text.
    pub notes: Packed,
    pub headings: Vec<Heading>,
    pub links: Vec<OutgoingLink>,
    pub word_count: usize,
    /// `[@key]` citations in order; the HTML holds a marker for each until
    /// the parse stage puts the formatted citation there.
    pub citations: Vec<Citation>,
    /// The visible text of the body (footnotes included, markup and raw HTML left
    /// out), blocks and lines separated by a space: what the search index reads.
    /// Not packed: the search index reads it twice (words, then text chunks), and
    /// packing it took about 4% of a build for a sixth of its memory (about 5 KB a
    /// brief).
    pub plain_text: Box<str>,
    /// Ids defined in raw HTML (`<h3 id="part-1">`, `<a name="x">`): anchor targets
    /// like the headings' ids.
    pub html_ids: Vec<String>,
    /// Hugo shortcodes (`{{< name ... >}}`) left in the text, which Statecraft does not
    /// run: where each is in the file, for a warning.
    pub shortcodes: Vec<std::ops::Range<usize>>,
    /// Files written because the body uses them (images and their variants, data).
    pub assets: Vec<AssetUse>,
    /// Problems of figures, charts, components and the files they read (warnings and
    /// errors), for the parse stage to report at their place.
    pub problems: Vec<BodyProblem>,
    /// The charts drawn for the page, in order, for the PDF edition to show them too.
    pub charts: Vec<DrawnChart>,
    /// The id of each image figure (`fig:lng`, or `fig:3` without a label), by where
    /// its image starts in the brief file: the PDF labels its figures with the page's
    /// ids, so that `[[fig:3]]` finds the same figure in both.
    pub figure_ids: Vec<(usize, String)>,
    /// What each cross-reference to a figure or table shows on the page ("Figure 3"),
    /// by where it starts in the brief file: the PDF's words for one to a figure it
    /// does not show as a figure (an image it cannot draw).
    pub xref_texts: Vec<(usize, String)>,
}

/// A chart the parse stage drew (a ```` ```chart ```` block), as the PDF shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DrawnChart {
    /// Where its block starts in the brief file.
    pub offset: usize,
    /// Its id (`fig:budget`), which cross-references name.
    pub id: String,
    /// Its caption ("Figure 2. Japan's defence budget" on the page).
    pub title: String,
    /// What it shows, in words (its SVG's `<desc>`): the PDF's alternative text.
    pub description: String,
    /// The chart as an SVG document.
    pub svg: String,
    /// Its source and note lines as the page shows them ("Source: Rosstat."), as
    /// inline Markdown.
    pub lines: Vec<String>,
}

impl RenderedMarkdown {
    /// Whether `#id` points somewhere in this body: a heading or an id in raw HTML.
    pub fn has_anchor(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id) || self.html_ids.iter().any(|i| i == id)
    }
}

/// A pandoc-style citation: `[@nye2004]`, `[@nye2004, p. 12]`, `[@a; @b, pp. 3-4]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Citation {
    pub items: Vec<CitedWork>,
    /// Byte offset and length of the whole `[...]` in the file.
    pub offset: usize,
    pub len: usize,
    /// With a note style: the number of the footnote the citation became.
    pub note: Option<usize>,
}

/// One work of a citation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CitedWork {
    /// The key in the bibliography, without the `@`.
    pub key: String,
    /// Where in the work, as written: `p. 12`.
    pub locator: Option<String>,
    /// Byte offset of `@key` in the file.
    pub offset: usize,
}
