//! The PDF edition: a typeset PDF of every brief (`/briefs/<slug>/<slug>.pdf`), made
//! in-process by Typst, used as a library.
//!
//! In: the linked [`Site`], a [`Kit`] (Typst's library, the fonts, the theme's PDF
//! template, the site's static files and the images beside briefs) and the [`Cache`]. Out: a [`PdfFile`] per
//! brief whose PDF is typeset rather than attached (`pdf:` names a file made elsewhere;
//! `pdf: false` opts out; `pdf.enabled: false` turns the edition off), the cache keys,
//! and the problems. Runs after the link stage, beside the pages (the PDFs take longest
//! and need nothing the pages make), one brief at a time in parallel; in watch mode
//! after the browser has reloaded, for the briefs whose key changed.
//!
//! Each brief's Markdown is written as Typst markup ([`markup`]), wrapped in a call of
//! the template's `brief` function with the brief's data ([`document`]), and compiled
//! ([`typeset`]). A PDF is cached under the hash of everything it is made from
//! ([`pdf_key`]): the brief's text and what the link stage and the bibliography made of
//! it, the settings it shows, the template, the fonts, the images it shows and this
//! code; so an unchanged brief is never typeset twice.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;
use xxhash_rust::xxh3::Xxh3;

use crate::link::{Brief, Site};
use crate::model::body::{AssetContent, AssetOutput, LinkTarget, OutgoingLink};
use crate::model::diagnostics::Diagnostic;
use crate::model::taxonomy::TaxonomyKind;
use crate::render::cite::{self, Cited};

mod cache;
mod document;
pub mod escape;
pub mod markup;
mod typeset;
mod world;

pub use cache::{Cache, CACHE_FOLDER, MAX_AGE};
use document::{Author, ImageFile, ImageUse, PdfInput, PdfLabels, SeriesPlace, SiteInfo};
pub use world::Kit;
use world::{ASSETS, BESIDE};

/// A PDF of the output: in the cache (hard-linked into the output), or in memory when
/// the cache could not take it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfSource {
    Cached(PathBuf),
    Bytes(Vec<u8>),
}

/// One brief's PDF, by its path in the output (`ru/briefs/x/x.pdf` for a translation:
/// an edition's site paths are under its folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfFile {
    pub path: String,
    pub source: PdfSource,
}

/// The cache key of each brief's PDF, by the PDF's path in the output.
pub type PdfKeys = HashMap<String, u64>;

/// What making the PDFs did.
#[derive(Debug, Default)]
pub struct PdfOutput {
    pub files: Vec<PdfFile>,
    pub keys: PdfKeys,
    /// PDFs typeset, and PDFs taken from the cache.
    pub typeset: usize,
    pub reused: usize,
    /// The PDFs that could not be made (they have no key).
    pub failed: Vec<String>,
    /// Errors (the PDF could not be made) and warnings.
    pub problems: Vec<Diagnostic>,
}

impl PdfOutput {
    /// Adds what making another edition's PDFs did (their paths are its own).
    pub fn add(&mut self, other: PdfOutput) {
        self.files.extend(other.files);
        self.keys.extend(other.keys);
        self.typeset += other.typeset;
        self.reused += other.reused;
        self.failed.extend(other.failed);
        self.problems.extend(other.problems);
    }
}

/// Makes the PDF of every brief that has a typeset one. With `previous` keys (watch
/// mode), only the PDFs whose key changed are made (all keys are returned).
pub fn render_pdfs(site: &Site, kit: &Kit, cache: &Cache, previous: Option<&PdfKeys>) -> PdfOutput {
    let wanted: Vec<usize> = (0..site.briefs.len())
        .filter(|&i| site.briefs[i].has_typeset_pdf())
        .collect();
    let mut output = PdfOutput::default();
    if wanted.is_empty() {
        return output;
    }
    if !kit.has_entry {
        output.problems.push(missing_template(site));
        return output;
    }
    let info = site_info(site, kit);
    let global = global_key(&info, kit);
    // Keys first, on rayon's threads: a build whose PDFs are all in the cache (the
    // usual rebuild) typesets nothing and starts no thread of its own.
    let mut results: Vec<BriefResult> = wanted
        .par_iter()
        .map(|&index| look_up(site, kit, cache, &info, global, index, previous))
        .collect();
    let missing: Vec<usize> = (0..results.len()).filter(|&n| results[n].missing).collect();
    let typeset = typeset_all(missing.len(), |m| {
        let n = missing[m];
        typeset_brief(site, kit, cache, &info, wanted[n], results[n].key)
    });
    for (n, (source, problems)) in missing.into_iter().zip(typeset) {
        results[n].source = source;
        results[n].problems = problems;
    }
    for result in results {
        if result.problems.iter().any(Diagnostic::is_error) {
            output.failed.push(result.path.clone());
        } else {
            output.keys.insert(result.path.clone(), result.key);
        }
        output.problems.extend(result.problems);
        if let Some((source, typeset)) = result.source {
            if typeset {
                output.typeset += 1;
            } else {
                output.reused += 1;
            }
            output.files.push(PdfFile {
                path: result.path,
                source,
            });
        }
    }
    output
}

/// Typst lays out nested content by recursion, deeper than the 2 MiB stacks of
/// rayon's threads allow for some (legal) briefs.
const STACK_SIZE: usize = 64 * 1024 * 1024;

/// How long a rayon thread waiting for the PDFs rests when the pool has no work for
/// it: Typst's parallel parts wait at most this long for a pool of one thread.
const IDLE_WAIT: std::time::Duration = std::time::Duration::from_micros(200);

/// Runs `make(0..count)` on as many threads as rayon has, each with [`STACK_SIZE`] of
/// stack (reserved address space; only what is used takes memory), and returns the
/// results in order.
///
/// Not on rayon's threads: Typst uses rayon inside, and a rayon thread waiting on
/// Typst's work steals other briefs meanwhile, nesting one typesetting inside another
/// until memory and stack run out. Plain threads wait without stealing.
///
/// Called on a rayon thread (a build's), the caller does not block while it waits:
/// Typst's parallel parts run on rayon's pool, and with a pool of one thread (one
/// CPU, `RAYON_NUM_THREADS=1`) that is the caller, so it runs them (and any other
/// work of the pool) until the briefs are done.
fn typeset_all<T: Send>(count: usize, make: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, T)>> = Mutex::new(Vec::with_capacity(count));
    let finished = AtomicUsize::new(0);
    let caller = std::thread::current();
    let work = || {
        loop {
            let n = next.fetch_add(1, Ordering::Relaxed);
            if n >= count {
                break;
            }
            let result = make(n);
            if let Ok(mut done) = done.lock() {
                done.push((n, result));
            }
        }
        finished.fetch_add(1, Ordering::Release);
        caller.unpark();
    };
    let threads = rayon::current_num_threads().clamp(1, count.max(1));
    std::thread::scope(|scope| {
        let started = (0..threads)
            .filter(|i| {
                std::thread::Builder::new()
                    .name(format!("statecraft-pdf-{i}"))
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, work)
                    .is_ok()
            })
            .count();
        // No thread could start: typeset here.
        if started == 0 {
            work();
            return;
        }
        while finished.load(Ordering::Acquire) < started {
            match rayon::yield_now() {
                Some(rayon::Yield::Executed) => {}
                // Nothing to run now; look again soon (or when a thread finishes).
                Some(rayon::Yield::Idle) => std::thread::park_timeout(IDLE_WAIT),
                // Not a rayon thread: the scope's end waits for the threads.
                None => break,
            }
        }
    });
    let mut done = done.into_inner().unwrap_or_default();
    done.sort_by_key(|(n, _)| *n);
    done.into_iter().map(|(_, result)| result).collect()
}

/// What became of one brief's PDF.
struct BriefResult {
    path: String,
    key: u64,
    /// The PDF, and whether it was typeset (rather than found in the cache); `None`
    /// when it is unchanged since `previous` or could not be made.
    source: Option<(PdfSource, bool)>,
    problems: Vec<Diagnostic>,
    /// Neither unchanged nor in the cache: to be typeset.
    missing: bool,
}

/// A brief's PDF's key, and the PDF if the cache has it.
fn look_up(
    site: &Site,
    kit: &Kit,
    cache: &Cache,
    info: &SiteInfo,
    global: u64,
    index: usize,
    previous: Option<&PdfKeys>,
) -> BriefResult {
    let brief = &site.briefs[index];
    let path = brief.pdf.as_ref().map_or("", |p| p.path.as_str());
    let input = pdf_input(site, index, path);
    let find_image = |offset: usize, dest: &str| image_file(site, kit, index, offset, dest);
    let images = document::images(info, &input, &find_image);
    let key = pdf_key(global, &input, &images);
    let mut result = BriefResult {
        path: site.config.base_url.output_file(path),
        key,
        source: None,
        problems: Vec::new(),
        missing: false,
    };
    if previous.is_some_and(|keys| keys.get(&result.path) == Some(&key)) {
        return result;
    }
    match cache.get(key) {
        Some(file) => result.source = Some((PdfSource::Cached(file), false)),
        None => result.missing = true,
    }
    result
}

/// Typesets a brief's PDF and, when it has no warnings, stores it in the cache under
/// `key`: the PDF (`None` if it could not be made) and the problems.
fn typeset_brief(
    site: &Site,
    kit: &Kit,
    cache: &Cache,
    info: &SiteInfo,
    index: usize,
    key: u64,
) -> (Option<(PdfSource, bool)>, Vec<Diagnostic>) {
    let brief = &site.briefs[index];
    let path = brief.pdf.as_ref().map_or("", |p| p.path.as_str());
    let input = pdf_input(site, index, path);
    let find_image = |offset: usize, dest: &str| image_file(site, kit, index, offset, dest);
    let parsed = &brief.parsed;
    let doc = document::document(info, &input, parsed.front_matter.start, &find_image);
    let origin = typeset::Origin {
        source: &parsed.source,
        text: &parsed.text,
    };
    let ident = info.base_url.absolute(&brief.path);
    // The images beside the brief that it shows are all Typst may read of its folder.
    let beside: HashMap<String, PathBuf> = doc
        .images
        .iter()
        .filter_map(|image| {
            let file = image.file.as_ref()?;
            Some((file.path.clone(), file.beside.clone()?))
        })
        .collect();
    let options = typeset::Options {
        ident: &ident,
        accessibility: info.pdf.accessibility,
        beside,
    };
    let typeset =
        typeset::typeset(kit, &doc.markup, options, &origin).map(|(bytes, mut warnings)| {
            // Letters set in a fallback font, and images the page shows but the PDF
            // cannot: Typst says nothing of them.
            warnings.extend(typeset::fallback_warning(kit, &origin));
            warnings.extend(undrawn_images(site, brief, &doc.images, &origin));
            (bytes, warnings)
        });
    // Typst remembers what it computed for reuse; let it forget what is old.
    typst::comemo::evict(30);
    match typeset {
        // A PDF with warnings is not kept: the next build typesets it again and so
        // shows its warnings again, until they are seen to.
        Ok((bytes, warnings)) if !warnings.is_empty() => {
            (Some((PdfSource::Bytes(bytes), true)), warnings)
        }
        Ok((bytes, warnings)) => {
            let source = match cache.put(key, &bytes) {
                Ok(file) => PdfSource::Cached(file),
                Err(_) => PdfSource::Bytes(bytes),
            };
            (Some((source, true)), warnings)
        }
        Err(errors) => (None, errors),
    }
}

/// The file of the image at `offset` of brief `index`, whose destination is `dest`,
/// with a hash of its bytes, when it is one Typst can draw: the image beside the brief
/// the page shows (`images/lng.png`), or the static file the destination names
/// (`/images/x.png`, with or without the site's base path) in a format Typst draws.
fn image_file(
    site: &Site,
    kit: &Kit,
    index: usize,
    offset: usize,
    dest: &str,
) -> Option<ImageFile> {
    if let Some((_, source)) = beside_image(&site.briefs[index], offset) {
        let (_, hash) = kit.beside_file(source)?;
        return Some(ImageFile {
            path: format!("{BESIDE}{}", source.to_str()?),
            hash,
            beside: Some(source.to_path_buf()),
        });
    }
    let name = static_image(site, dest)?;
    // Typst would fail the PDF on an AVIF or TIFF the page shows: it is its
    // description instead (W-pdf-image).
    if !world::draws(name) {
        return None;
    }
    let (_, hash) = kit.asset(name)?;
    Some(ImageFile {
        path: format!("{ASSETS}{name}"),
        hash,
        beside: None,
    })
}

/// The name of the static file an image destination names (`/images/x.png`, with or
/// without the site's base path), if the site has it.
fn static_image<'s>(site: &'s Site, dest: &str) -> Option<&'s str> {
    let dest = dest.trim();
    let base = &site.config.base_url;
    let path = dest
        .strip_prefix(&base.absolute(""))
        .or_else(|| dest.strip_prefix(base.path.as_str()))
        .or_else(|| dest.strip_prefix('/'))?;
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let (name, _) = site.assets.iter().find(|(_, output)| output == path)?;
    Some(name)
}

/// The file beside `brief` that its image at `offset` shows, as the page found it:
/// the link the parse stage made to it, and the path in the site of the file it copies
/// beside the page (`briefs/x/images/lng.png`). Only files the brief uses, inside its
/// folder.
fn beside_image(brief: &Brief, offset: usize) -> Option<(&OutgoingLink, &Path)> {
    let body = &brief.parsed.body;
    body.links
        .iter()
        .filter(|link| link.offset == offset)
        .find_map(|link| {
            let LinkTarget::Asset {
                output: output @ AssetOutput::Beside(_),
                ..
            } = &link.target
            else {
                return None;
            };
            // Its resized copies are links at the same place, but not copies.
            body.assets.iter().find_map(|asset| match &asset.content {
                AssetContent::Copy { source, .. } if asset.output == *output => {
                    Some((link, source.as_path()))
                }
                _ => None,
            })
        })
}

/// A warning for each image that the brief's page shows and its PDF cannot, at the
/// image: one beside the brief in a format Typst does not draw (AVIF, TIFF) or that it
/// cannot decode, or a static file in a format it does not draw. The PDF shows its
/// description instead. (A static file no one can decode is broken on the page too.)
fn undrawn_images(
    site: &Site,
    brief: &Brief,
    images: &[ImageUse],
    origin: &typeset::Origin,
) -> Vec<Diagnostic> {
    let undrawn: BTreeMap<usize, &str> = images
        .iter()
        .filter(|image| image.file.is_none())
        .map(|image| (image.offset, image.dest.as_str()))
        .collect();
    undrawn
        .into_iter()
        .filter_map(|(offset, dest)| {
            let (shown, len) = match beside_image(brief, offset) {
                Some((link, source)) => (source.display().to_string(), link.len),
                None => {
                    let name = static_image(site, dest)?;
                    if world::draws(name) {
                        return None;
                    }
                    let links = &brief.parsed.body.links;
                    let link = links.iter().find(|link| link.offset == offset);
                    (dest.trim().to_string(), link.map_or(1, |link| link.len))
                }
            };
            let problem = Diagnostic::warning(
                "W-pdf-image",
                format!(
                    "`{shown}` is on the page but not in the PDF, which shows its description instead: Typst draws PNG, JPEG, GIF, WebP and SVG images"
                ),
            )
            .at(origin.source, origin.text, offset, len.max(1))
            .hint("save the image as PNG or JPEG (SVG for a drawing) to have it in the PDF too");
            Some(problem)
        })
        .collect()
}

/// Everything the PDFs of this site share, from the configuration.
fn site_info<'a>(site: &'a Site, kit: &Kit) -> SiteInfo<'a> {
    let config = &site.config;
    let institution = [&config.pdf.institution, &config.publisher, &config.title]
        .into_iter()
        .find(|s| !s.trim().is_empty())
        .map_or("", |s| s.as_str());
    SiteInfo {
        title: &config.title,
        institution,
        base_url: &config.base_url,
        language: &config.language,
        raw_html: config.markdown.raw_html,
        pdf: &config.pdf,
        logo: config
            .pdf
            .logo
            .as_ref()
            .and_then(|logo| kit.asset(logo))
            .map(|(_, hash)| hash),
        series: config
            .pdf
            .series
            .as_deref()
            .unwrap_or_else(|| site.labels.text_or("pdf.series", "Policy Brief")),
        labels: PdfLabels::of(&site.labels),
        license: license_line(site),
    }
}

/// `pdf.license`, else the site's `license:` named in the edition's words.
fn license_line(site: &Site) -> String {
    let config = &site.config;
    match &config.license {
        Some(license) if config.pdf.license.is_empty() => format!(
            "{} {}{}",
            site.labels.text_or("brief.license", "Published under"),
            license.name,
            site.labels.text_or("brief.license_end", ".")
        ),
        _ => config.pdf.license.clone(),
    }
}

/// One brief's inputs.
fn pdf_input<'a>(site: &'a Site, index: usize, pdf_path: &'a str) -> PdfInput<'a> {
    let brief = &site.briefs[index];
    let parsed = &brief.parsed;
    let config = &site.config;
    let authors = parsed
        .meta
        .authors
        .iter()
        .map(|id| match config.author(id) {
            Some(a) => Author {
                name: &a.name,
                affiliation: &a.affiliation,
            },
            None => Author {
                name: id,
                affiliation: "",
            },
        })
        .collect();
    let topics = brief.terms[TaxonomyKind::Topics.index()]
        .iter()
        .map(|&t| {
            site.taxonomies.get(TaxonomyKind::Topics).terms[t]
                .name
                .as_str()
        })
        .collect();
    let series = brief.series.map(|s| {
        let series = &site.series[s];
        SeriesPlace {
            name: &series.name,
            part: brief.series_part(),
            total: series.total(&site.briefs),
        }
    });
    PdfInput {
        text: &parsed.text,
        body_offset: parsed.body_offset,
        meta: &parsed.meta,
        summary: &parsed.summary_markdown,
        headings: &parsed.body.headings,
        links: &parsed.body.links,
        hrefs: &brief.hrefs,
        link_titles: &brief.link_titles,
        citations: &parsed.body.citations,
        citation_texts: &parsed.citation_texts,
        references: &parsed.references,
        charts: &parsed.body.charts,
        figure_ids: &parsed.body.figure_ids,
        xref_texts: &parsed.body.xref_texts,
        authors,
        topics,
        series,
        page_path: &brief.path,
        pdf_path,
        cite_as: cite::chicago_with(&Cited::of(site, brief), escape::escape, |title| {
            format!("#emph[{title}]")
        }),
        date_text: site.labels.format_date(parsed.meta.date.day),
        updated_text: parsed
            .meta
            .updated
            .map(|d| site.labels.format_date(d.day))
            .unwrap_or_default(),
    }
}

/// The key of what every PDF shares: the settings, the template and fonts, and the
/// code that writes and typesets PDFs.
fn global_key(info: &SiteInfo, kit: &Kit) -> u64 {
    let mut state = Xxh3::new();
    info.hash(&mut state);
    state.write_u64(kit.fingerprint);
    state.write_u64(code_fingerprint());
    state.finish()
}

/// A brief's PDF's cache key.
fn pdf_key(global: u64, input: &PdfInput, images: &[ImageUse]) -> u64 {
    let mut state = Xxh3::new();
    state.write_u64(global);
    input.key(&mut state);
    images.hash(&mut state);
    state.finish()
}

/// A hash of the code that turns a brief into a PDF: a new version of it makes every
/// PDF again, even under the same version number.
fn code_fingerprint() -> u64 {
    static FINGERPRINT: OnceLock<u64> = OnceLock::new();
    *FINGERPRINT.get_or_init(|| {
        let code = [
            include_str!("mod.rs"),
            include_str!("document.rs"),
            include_str!("escape.rs"),
            include_str!("markup/mod.rs"),
            include_str!("markup/pointers.rs"),
            include_str!("typeset.rs"),
            include_str!("world.rs"),
            include_str!("../../parse/markdown/mod.rs"),
        ];
        let mut state = Xxh3::new();
        code.hash(&mut state);
        env!("CARGO_PKG_VERSION").hash(&mut state);
        state.finish()
    })
}

fn missing_template(site: &Site) -> Diagnostic {
    Diagnostic::error(
        "E-pdf-template",
        format!(
            "the theme `{}` has no PDF template `pdf/{}`",
            site.config.theme,
            world::ENTRY
        ),
    )
    .in_file(crate::config::CONFIG_PATH)
    .hint(format!(
        "add `site/pdf/{}` (start from the default theme's), or set `pdf: {{enabled: false}}` in site/config.yaml",
        world::ENTRY
    ))
}
