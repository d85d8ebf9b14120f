//! What Typst compiles a brief in: a [`Kit`] (the standard library, the fonts, the
//! template's files and the site's static files), made once per build and shared by
//! every brief, and a [`BriefWorld`] per brief that adds its generated `/main.typ`.
//!
//! Typst sees a small file system: `/main.typ` is the brief, `/assets/<name>` the
//! site's static files (images, the logo), `/beside/<path>` the images beside the
//! brief that it shows (`/beside/briefs/x/images/lng.png`: only those, only for that
//! brief) and every other path a file of the PDF template folder
//! (`themes/<theme>/pdf/`, overridden file by file by `site/pdf/`). Nothing else can be
//! read: no other file of the machine, and no package (there is no network), so a
//! template cannot make the build depend on anything outside the site.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, IntoValue};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use crate::config::Config;
use crate::load::assets::ImageKind;
use crate::load::{family_names, StaticContent, StaticFile, ThemeFile};

/// The template file the generated `/main.typ` imports `brief` from.
pub const ENTRY: &str = "brief.typ";
/// Where static files appear to Typst.
pub const ASSETS: &str = "/assets/";
/// Where images beside a brief appear to Typst, by their path in the site.
pub const BESIDE: &str = "/beside/";
/// Font files of the template folder.
const FONT_FOLDER: &str = "fonts/";
const FONT_EXTENSIONS: &[&str] = &[".ttf", ".otf", ".ttc", ".otc"];

/// Everything the PDFs of a build share. What Typst needs (the library, the parsed
/// fonts and sources) is made the first time a PDF is typeset: a build that finds
/// every PDF in the cache only hashes the template's files.
pub struct Kit {
    /// The template folder's files, as the load stage read them.
    template: Vec<ThemeFile>,
    typst: OnceLock<Typst>,
    /// Where each template file came from: its path in the site and its text.
    origins: HashMap<FileId, (PathBuf, Arc<str>)>,
    /// What templates read as `sys.inputs`: the colours `colors:` sets (`brand`,
    /// `accent`) and the families `typography:` names (`body`, `headings`, `ui`).
    inputs: Vec<(&'static str, String)>,
    /// The site's static files by name, read when Typst asks for one.
    assets: HashMap<String, StaticContent>,
    asset_bytes: Mutex<HashMap<String, Option<(Bytes, u64)>>>,
    /// The site's folder, which the images beside briefs are read from.
    root: PathBuf,
    /// Images beside briefs by their path in the site, read when a brief shows one.
    beside_bytes: Mutex<HashMap<PathBuf, Option<(Bytes, u64)>>>,
    /// A hash of the template's files and the fonts: part of every PDF's cache key.
    pub fingerprint: u64,
    /// Whether the template folder has the entry template.
    pub has_entry: bool,
}

/// The standard library, the fonts and the template, as Typst takes them.
struct Typst {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    /// The template's Typst files, parsed once.
    sources: HashMap<FileId, Source>,
    /// The template's other files (images, data).
    files: HashMap<FileId, Bytes>,
    /// Which of `fonts` the design sets text in (see [`Kit::letter_font`]).
    design: Vec<bool>,
}

/// Which font of the PDFs has a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterFont<'k> {
    /// A font the design sets text in.
    Design,
    /// Only a font of Typst's own that the design does not use (the letter is set in
    /// it as a fallback): its family.
    Fallback(&'k str),
    /// No font: Typst reports it.
    None,
}

/// The family of Typst's own fonts that the default template sets text in (its serif,
/// and the fallback of its sans).
const TYPST_TEXT_FAMILY: &str = "Libertinus Serif";

/// For each role of `typography:`, the first family of its list that a font of the
/// PDFs has (Typst's own, the template's, the site's): a role without one (a family
/// without a file is already a warning of the site, `W-font`) leaves the template's own.
fn typefaces(config: &Config, template: &[ThemeFile]) -> Vec<(&'static str, String)> {
    let named: Vec<(&'static str, &[String])> = config.typography.families().collect();
    if named.is_empty() {
        return Vec::new();
    }
    let theirs = template.iter().filter(|f| is_font(&f.name));
    let font_files = typst_assets::fonts()
        .map(|bytes: &[u8]| bytes)
        .chain(theirs.map(|f| f.bytes.as_ref()));
    // Each face's names as the site may write them (its `name` table's families,
    // legacy ones such as `Inter Semi Bold` included), with the family Typst files it
    // under (`Inter`), the only name Typst's font book answers to.
    let mut families: Vec<(String, String)> = Vec::new();
    for bytes in font_files {
        let faces = ttf_parser::fonts_in_collection(bytes).unwrap_or(1);
        for index in 0..faces {
            let (Ok(face), Some(info)) = (
                ttf_parser::Face::parse(bytes, index),
                FontInfo::new(bytes, index),
            ) else {
                continue;
            };
            for name in family_names(&face) {
                families.push((name, info.family.clone()));
            }
        }
    }
    named
        .into_iter()
        .filter_map(|(role, wanted)| {
            let family = wanted.iter().find_map(|family| {
                families
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(family))
                    .map(|(_, typst_family)| typst_family.clone())
            })?;
            Some((role, family))
        })
        .collect()
}

fn is_font(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with(FONT_FOLDER) && FONT_EXTENSIONS.iter().any(|e| lower.ends_with(e))
}

impl Kit {
    /// The kit for a template folder's files, the site's static files, colours and
    /// typefaces, for the site in folder `root`.
    pub fn new(
        template: &[ThemeFile],
        static_files: &[StaticFile],
        config: &Config,
        root: &Path,
    ) -> Kit {
        let mut fingerprint = Xxh3::new();
        typst::utils::version().raw().hash(&mut fingerprint);
        let colors = &config.colors;
        let inputs: Vec<(&'static str, String)> =
            [("brand", colors.brand), ("accent", colors.accent)]
                .into_iter()
                .filter_map(|(name, color)| Some((name, color?.hex())))
                .chain(typefaces(config, template))
                .collect();
        inputs.hash(&mut fingerprint);
        let mut origins = HashMap::new();
        for file in template {
            file.name.hash(&mut fingerprint);
            fingerprint.write_u64(xxh3_64(&file.bytes));
            if is_font(&file.name) {
                continue;
            }
            if let Some(id) = template_id(&file.name) {
                let text = String::from_utf8_lossy(&file.bytes);
                origins.insert(id, (file.path.clone(), Arc::from(text.as_ref())));
            }
        }
        let has_entry = template.iter().any(|f| f.name == ENTRY);
        Kit {
            template: template.to_vec(),
            typst: OnceLock::new(),
            inputs,
            origins,
            assets: static_files
                .iter()
                .map(|f| (f.name.clone(), f.content.clone()))
                .collect(),
            asset_bytes: Mutex::new(HashMap::new()),
            root: root.to_path_buf(),
            beside_bytes: Mutex::new(HashMap::new()),
            fingerprint: fingerprint.finish(),
            has_entry,
        }
    }

    /// What Typst needs, made on first use.
    fn typst(&self) -> &Typst {
        self.typst.get_or_init(|| {
            let mut fonts: Vec<Font> = Vec::new();
            for data in typst_assets::fonts() {
                fonts.extend(Font::iter(Bytes::new(data)));
            }
            let typst_own = fonts.len();
            let mut sources = HashMap::new();
            let mut files = HashMap::new();
            for file in &self.template {
                let bytes = Bytes::new(file.bytes.to_vec());
                if is_font(&file.name) {
                    fonts.extend(Font::iter(bytes));
                    continue;
                }
                let Some(id) = template_id(&file.name) else {
                    continue;
                };
                if file.name.ends_with(".typ") {
                    let text = String::from_utf8_lossy(&file.bytes).into_owned();
                    sources.insert(id, Source::new(id, text));
                }
                files.insert(id, bytes);
            }
            // The design's fonts: every font of the template and of `site/fonts/`, and
            // those of Typst's own the template sets text in, or `typography:` names.
            // Its others (a monospace, a math font) only stand in for letters these
            // lack.
            let named: Vec<&str> = self
                .inputs
                .iter()
                .filter(|(role, _)| ["body", "headings", "ui"].contains(role))
                .map(|(_, family)| family.as_str())
                .chain([TYPST_TEXT_FAMILY])
                .collect();
            let design = fonts
                .iter()
                .enumerate()
                .map(|(i, font)| {
                    i >= typst_own
                        || named
                            .iter()
                            .any(|n| font.info().family.eq_ignore_ascii_case(n))
                })
                .collect();
            Typst {
                design,
                library: LazyHash::new(
                    Library::builder()
                        .with_inputs(
                            self.inputs
                                .iter()
                                .map(|(name, value)| ((*name).into(), value.as_str().into_value()))
                                .collect(),
                        )
                        .build(),
                ),
                book: LazyHash::new(FontBook::from_fonts(&fonts)),
                fonts,
                sources,
                files,
            }
        })
    }

    /// Which font of the PDFs has letter `c`: one of the design's, else one of Typst's
    /// own that Typst falls back to without a word.
    pub fn letter_font(&self, c: char) -> LetterFont<'_> {
        let typst = self.typst();
        let has = |i: &usize| typst.fonts[*i].info().coverage.contains(u32::from(c));
        let all = 0..typst.fonts.len();
        if all.clone().filter(|&i| typst.design[i]).any(|i| has(&i)) {
            return LetterFont::Design;
        }
        match all.filter(|&i| !typst.design[i]).find(has) {
            Some(i) => LetterFont::Fallback(&typst.fonts[i].info().family),
            None => LetterFont::None,
        }
    }

    /// Whether the site has a static file called `name`.
    pub fn has_asset(&self, name: &str) -> bool {
        self.assets.contains_key(name)
    }

    /// A static file's bytes and a hash of them (read once per build).
    pub fn asset(&self, name: &str) -> Option<(Bytes, u64)> {
        let mut cache = self.asset_bytes.lock().ok()?;
        cache
            .entry(name.to_string())
            .or_insert_with(|| {
                let bytes = self.assets.get(name)?.read().ok()?;
                if unreadable(name, &bytes) {
                    return None;
                }
                let hash = xxh3_64(&bytes);
                Some((Bytes::new(bytes), hash))
            })
            .clone()
    }

    /// The bytes of an image beside a brief, at `source` in the site (as the parse
    /// stage found it for the page, which copies the same file), and a hash of them
    /// (read once per build). `None` for a file Typst cannot draw: a format it does not
    /// know (the page's PNG, JPEG, GIF, WebP and SVG it does) or one it could not
    /// decode.
    pub fn beside_file(&self, source: &Path) -> Option<(Bytes, u64)> {
        // The parse stage's paths are inside the site; one that is not is never read.
        let inside = source
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        let name = source.to_str()?;
        // Typst refuses a path with a backslash (a folder separator elsewhere).
        if !inside || name.contains('\\') || !draws(name) {
            return None;
        }
        let mut cache = self.beside_bytes.lock().ok()?;
        cache
            .entry(source.to_path_buf())
            .or_insert_with(|| {
                let bytes = std::fs::read(self.root.join(source)).ok()?;
                if unreadable(name, &bytes) {
                    return None;
                }
                let hash = xxh3_64(&bytes);
                Some((Bytes::new(bytes), hash))
            })
            .clone()
    }

    /// The site path and text of a template file, for diagnostics.
    pub fn origin(&self, id: FileId) -> Option<(&Path, &str)> {
        self.origins
            .get(&id)
            .map(|(path, text)| (path.as_path(), text.as_ref()))
    }
}

/// Whether Typst draws an image file called `name`, by its extension: the formats the
/// page's images are in (PNG, JPEG, GIF, WebP, SVG), not AVIF, TIFF, BMP or ICO, which
/// a browser may show but Typst fails on.
pub fn draws(name: &str) -> bool {
    let extension = Path::new(name).extension().and_then(|e| e.to_str());
    extension.is_some_and(|e| ImageKind::from_extension(e).is_some())
}

/// Whether `bytes`, an image called `name`, is one Typst could not decode (a
/// placeholder, a truncated file): it is left out, and the PDF shows its description
/// instead, as a browser would.
fn unreadable(name: &str, bytes: &[u8]) -> bool {
    let lower = name.to_ascii_lowercase();
    let raster = [".png", ".jpg", ".jpeg", ".gif", ".webp"]
        .iter()
        .any(|e| lower.ends_with(e));
    if raster {
        image::load_from_memory(bytes).is_err()
    } else if lower.ends_with(".svg") {
        resvg::usvg::Tree::from_data(bytes, &resvg::usvg::Options::default()).is_err()
    } else {
        false
    }
}

/// The id of a template file (`brief.typ` is `/brief.typ`).
fn template_id(name: &str) -> Option<FileId> {
    let path = VirtualPath::new(format!("/{name}")).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, path).intern())
}

/// The id of the generated brief, the same for every brief.
pub fn main_id() -> FileId {
    template_id("main.typ").expect("a fixed, valid path")
}

/// One brief's world: the kit, the brief's generated source and the images beside
/// it that it shows.
pub struct BriefWorld<'k> {
    kit: &'k Kit,
    main: Source,
    /// The images beside the brief it may read: their paths in the site, by their
    /// paths for Typst (`/beside/briefs/x/images/lng.png`).
    beside: HashMap<String, PathBuf>,
}

impl<'k> BriefWorld<'k> {
    pub fn new(kit: &'k Kit, main: String, beside: HashMap<String, PathBuf>) -> BriefWorld<'k> {
        BriefWorld {
            kit,
            main: Source::new(main_id(), main),
            beside,
        }
    }
}

impl World for BriefWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.kit.typst().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.kit.typst().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        if let Some(source) = self.kit.typst().sources.get(&id) {
            return Ok(source.clone());
        }
        match self.file(id) {
            Ok(_) => Err(FileError::NotSource),
            Err(err) => Err(err),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        let not_found = || FileError::NotFound(PathBuf::from(id.vpath().get_with_slash()));
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::Other(Some(
                "packages are not available: put the files in the site's `pdf/` folder".into(),
            )));
        }
        let path = id.vpath().get_with_slash();
        if let Some(name) = path.strip_prefix(ASSETS) {
            return self
                .kit
                .asset(name)
                .map(|(bytes, _)| bytes)
                .ok_or_else(not_found);
        }
        if path.starts_with(BESIDE) {
            // Only the brief's own images: not another brief's, nor any other file.
            return self
                .beside
                .get(path)
                .and_then(|source| self.kit.beside_file(source))
                .map(|(bytes, _)| bytes)
                .ok_or_else(not_found);
        }
        self.kit
            .typst()
            .files
            .get(&id)
            .cloned()
            .ok_or_else(not_found)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.kit.typst().fonts.get(index).cloned()
    }

    /// No date: a PDF depends only on its inputs, so its cached copy stays right.
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        None
    }
}
