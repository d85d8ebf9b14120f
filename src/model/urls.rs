//! The URL scheme: the one place that knows where every page and file of a site lives.
//!
//! The scheme is a public contract (README: "URL scheme"); it does not change between
//! versions. Links, pages, feeds, the sitemap, the search index and the tests all take
//! their paths from here.
//!
//! A *site path* is relative to the site's root and has no leading slash: `""` (the home
//! page), `briefs/x/` (a page, ending in `/`), `atom.xml` (a file). [`BaseUrl`] turns it
//! into an address; [`output_file`] into a path inside the output folder.

use crate::model::body::AssetOutput;
use crate::model::taxonomy::TaxonomyKind;

/// Characters written percent-encoded where a path becomes an address: those of a
/// file's name that an address cannot hold as they are (the name is the author's:
/// spaces, quotes, `#`), and every letter beyond ASCII (a page named `россия`).
pub const NOT_IN_ADDRESSES: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The file a page's folder is served from: `briefs/x/` is `briefs/x/index.html`.
pub const INDEX_FILE: &str = "index.html";
/// The home page.
pub const HOME: &str = "";
/// The first page of every brief, newest first.
pub const BRIEF_LIST: &str = "briefs/";
pub const ARCHIVE: &str = "archive/";
pub const TIMELINE: &str = "timeline/";
pub const GLOSSARY: &str = "glossary/";
pub const SEARCH: &str = "search/";
/// The search index's manifest; the search page loads it with a `<script>` element.
pub const SEARCH_MANIFEST: &str = "search/index.js";
/// The choices of the region and year filters on list pages, a script each list page
/// loads: one file to change when a region or year comes, not every list page.
pub const FILTER_CHOICES: &str = "filters.js";
pub const SITE_FEED: &str = "atom.xml";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
pub const NOT_FOUND: &str = "404.html";
/// The citation graph.
pub const GRAPH: &str = "graph.json";

/// The file that marks a folder as a site statecraft wrote (see `write`): no file of
/// the site may take its place.
pub const OUTPUT_MARKER: &str = ".statecraft-output";

/// Pages and files the generator writes at fixed paths, whatever the content.
pub const FIXED: &[&str] = &[
    HOME,
    SITE_FEED,
    SITEMAP,
    ROBOTS,
    NOT_FOUND,
    GRAPH,
    FILTER_CHOICES,
    ARCHIVE,
    TIMELINE,
    SEARCH,
    SERIES_INDEX,
];

/// First path segments the generator uses; standalone pages cannot take them.
pub const RESERVED_SEGMENTS: &[&str] = &[
    "briefs",
    "topics",
    "regions",
    "tags",
    "authors",
    "archive",
    "series",
    "atom.xml",
    "sitemap.xml",
    "robots.txt",
    "404.html",
    "graph.json",
    "filters.js",
    "timeline",
    "glossary",
    "search",
    "types",
];

/// The briefs of one year: `archive/<year>/`.
pub fn archive_year(year: i32) -> String {
    format!("{ARCHIVE}{year}/")
}

/// A brief's page: `briefs/<slug>/`.
pub fn brief(slug: &str) -> String {
    format!("{BRIEF_LIST}{slug}/")
}

/// A file next to a brief's page (`briefs/<slug>/kuril.pdf`), from the brief's site path.
pub fn beside(page: &str, file_name: &str) -> String {
    format!("{page}{file_name}")
}

/// Where a file a document uses is written: beside the document's page (`page`, a
/// site path such as `briefs/<slug>/`), or at its own site path.
pub fn asset(page: &str, output: &AssetOutput) -> String {
    match output {
        AssetOutput::Beside(name) => beside(page, name),
        AssetOutput::Site(path) => path.clone(),
    }
}

/// A resized WebP copy of the image at `original` (a path beside a page, or a site
/// path), `width` pixels wide: `images/lng.png` becomes
/// `images/lng.<16 hex digits>.480w.webp`, the digits a hash of the image's bytes, so
/// a changed image gets new names and hosts may cache each variant forever.
pub fn image_variant(original: &str, hash: u64, width: u32) -> String {
    let (folder, name) = match original.rsplit_once('/') {
        Some((folder, name)) => (format!("{folder}/"), name),
        None => (String::new(), original),
    };
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    };
    format!("{folder}{stem}.{hash:016x}.{width}w.webp")
}

/// The data of a chart written inline in a brief, as a CSV file beside its page:
/// `<name>.csv` (`budget.csv` for the chart labelled `fig:budget`).
pub fn chart_data(name: &str) -> String {
    format!("{name}.csv")
}

/// A brief's BibTeX record, from the brief's site path.
pub fn cite_bib(page: &str) -> String {
    beside(page, "cite.bib")
}

/// A brief's RIS record, from the brief's site path.
pub fn cite_ris(page: &str) -> String {
    beside(page, "cite.ris")
}

/// The index of a taxonomy: `topics/`, `tags/`...
pub fn taxonomy(kind: TaxonomyKind) -> String {
    format!("{}/", kind.key())
}

/// A term's page: `topics/soft-power/`, `regions/japan/`, `authors/<id>/`.
pub fn term(kind: TaxonomyKind, slug: &str) -> String {
    format!("{}/{slug}/", kind.key())
}

/// A topic's Atom feed: `topics/soft-power/atom.xml`.
pub fn topic_feed(slug: &str) -> String {
    format!("{}{SITE_FEED}", term(TaxonomyKind::Topics, slug))
}

/// The page of briefs on two topics: `topics/soft-power+hard-power/`.
pub fn intersection(a: &str, b: &str) -> String {
    format!("{}{a}+{b}/", taxonomy(TaxonomyKind::Topics))
}

/// A series: `series/<slug>/`.
pub fn series(slug: &str) -> String {
    format!("{SERIES_INDEX}{slug}/")
}

/// Every series: `series/`.
pub const SERIES_INDEX: &str = "series/";

/// The social card drawn for a brief without an `image:`, from the brief's site path.
pub fn social_card(page: &str) -> String {
    beside(page, "card.png")
}

/// The site's social card: the picture pages other than briefs show when shared.
pub const SITE_CARD: &str = "site-card.png";

/// The PNG icons drawn from an SVG favicon.
pub const FAVICON_PNG: &str = "favicon-32x32.png";
pub const APPLE_TOUCH_ICON: &str = "apple-touch-icon.png";

/// A standalone page from `site/pages/`: `<slug>/`.
pub fn page(slug: &str) -> String {
    format!("{slug}/")
}

/// Page `number` of a list whose page 0 (its newest briefs) is at `first`: `first`
/// itself, then `<first>page/<number>/`, page 1 holding the oldest briefs (the link
/// stage's `page_count` says why).
pub fn paginated(first: &str, number: usize) -> String {
    if number == 0 {
        first.to_string()
    } else {
        format!("{first}page/{number}/")
    }
}

/// A file of the search index, by its key (`t/3f2a91c0d4e5b6a7`): `search/<key>.js`.
pub fn search_file(key: &str) -> String {
    format!("{SEARCH}{key}.js")
}

/// Where a site path is written in the output folder: pages (paths ending in `/`)
/// become `index.html` in their folder, files keep their path.
pub fn output_file(site_path: &str) -> String {
    if site_path.is_empty() || site_path.ends_with('/') {
        format!("{site_path}{INDEX_FILE}")
    } else {
        site_path.to_string()
    }
}

/// The site path of an output file: the reverse of [`output_file`].
pub fn site_path_of(output_file: &str) -> &str {
    match output_file.strip_suffix(INDEX_FILE) {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => folder,
        _ => output_file,
    }
}

/// The site's public address, split into the parts links need.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl {
    /// Scheme and host, without a trailing slash: `https://example.org`.
    pub origin: String,
    /// The path the site lives under, starting and ending with `/`: `/research/briefs/`.
    pub path: String,
    /// The folder of a language edition under `path` (`ru/`), empty for the site's
    /// default language. An edition's pages and files live under it; static files are
    /// shared by every edition and do not (see [`BaseUrl::shared`]).
    pub edition: String,
}

impl BaseUrl {
    /// Parses `https://host[:port][/path]`. Returns an explanation on failure.
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let url = url.trim();
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| format!("`{url}` is not an absolute URL"))?;
        if scheme != "http" && scheme != "https" {
            return Err(format!("`{url}` must start with http:// or https://"));
        }
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() || host.contains(char::is_whitespace) {
            return Err(format!("`{url}` has no valid host"));
        }
        if path.contains(['?', '#']) || path.contains(char::is_whitespace) {
            return Err(format!(
                "`{url}` must be a plain address without query, fragment or spaces"
            ));
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl {
            origin: format!("{scheme}://{host}"),
            path,
            edition: String::new(),
        })
    }

    /// The site's own address, whatever the edition: `https://example.org/sub/`.
    pub fn root(&self) -> String {
        format!("{}{}", self.origin, self.path)
    }

    /// The absolute URL of a site path: `https://example.org/sub/briefs/x/`.
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}", self.origin, self.local(site_path))
    }

    /// [`BaseUrl::absolute`] as a URI, every letter beyond ASCII percent-encoded
    /// (`/briefs/%D1%80%D0%BE.../`): for citations, whose readers (BibTeX, reference
    /// managers) and the PDF's links take no other, and which a PDF's fonts may not draw.
    pub fn uri(&self, site_path: &str) -> String {
        let local = self.local(site_path);
        let encoded = percent_encoding::utf8_percent_encode(&local, NOT_IN_ADDRESSES);
        format!("{}{encoded}", self.origin)
    }

    /// The root-relative URL of a site path, carrying the base path: `/sub/briefs/x/`
    /// (`/sub/ru/briefs/x/` in the Russian edition).
    pub fn local(&self, site_path: &str) -> String {
        format!("{}{}{}", self.path, self.edition, site_path)
    }

    /// The root-relative URL of a static file, which every edition shares:
    /// `/sub/style.css` in any edition.
    pub fn shared(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path)
    }

    /// Where a page or file of this edition at `site_path` is written in the output
    /// folder: `ru/briefs/x/index.html` for `briefs/x/` of the Russian edition.
    pub fn output_file(&self, site_path: &str) -> String {
        format!("{}{}", self.edition, output_file(site_path))
    }

    /// The same site in the edition of `language` (`None`: the default language's).
    pub fn in_edition(&self, language: Option<&str>) -> BaseUrl {
        BaseUrl {
            edition: language.map_or_else(String::new, edition_folder),
            ..self.clone()
        }
    }
}

/// The folder of a language's edition: `ru/`.
pub fn edition_folder(language: &str) -> String {
    format!("{language}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The public scheme, written out as the README documents it: a change here is a
    /// change of contract.
    #[test]
    fn the_scheme_is_the_documented_one() {
        assert_eq!(brief("kuril"), "briefs/kuril/");
        assert_eq!(cite_bib(&brief("kuril")), "briefs/kuril/cite.bib");
        assert_eq!(cite_ris(&brief("kuril")), "briefs/kuril/cite.ris");
        assert_eq!(beside(&brief("kuril"), "k.pdf"), "briefs/kuril/k.pdf");
        assert_eq!(
            asset(
                &brief("kuril"),
                &AssetOutput::Beside("images/map.png".into())
            ),
            "briefs/kuril/images/map.png"
        );
        assert_eq!(
            asset(&brief("kuril"), &AssetOutput::Site("media/map.png".into())),
            "media/map.png"
        );
        assert_eq!(
            image_variant("images/lng.png", 0x3f2a, 480),
            "images/lng.0000000000003f2a.480w.webp"
        );
        assert_eq!(
            image_variant("map", 1, 960),
            "map.0000000000000001.960w.webp"
        );
        assert_eq!(chart_data("budget"), "budget.csv");
        assert_eq!(paginated(BRIEF_LIST, 0), "briefs/");
        assert_eq!(paginated(BRIEF_LIST, 1), "briefs/page/1/");
        assert_eq!(paginated(BRIEF_LIST, 3), "briefs/page/3/");
        assert_eq!(taxonomy(TaxonomyKind::Tags), "tags/");
        assert_eq!(
            term(TaxonomyKind::Topics, "soft-power"),
            "topics/soft-power/"
        );
        assert_eq!(term(TaxonomyKind::Authors, "ana"), "authors/ana/");
        assert_eq!(topic_feed("soft-power"), "topics/soft-power/atom.xml");
        assert_eq!(intersection("a", "b"), "topics/a+b/");
        assert_eq!(series("moscow-reads-tokyo"), "series/moscow-reads-tokyo/");
        assert_eq!(SERIES_INDEX, "series/");
        assert_eq!(term(TaxonomyKind::Types, "report"), "types/report/");
        assert_eq!(taxonomy(TaxonomyKind::Types), "types/");
        assert_eq!(social_card(&brief("kuril")), "briefs/kuril/card.png");
        assert_eq!(
            (FAVICON_PNG, APPLE_TOUCH_ICON),
            ("favicon-32x32.png", "apple-touch-icon.png")
        );
        assert_eq!(page("about"), "about/");
        assert_eq!(search_file("t/00ff"), "search/t/00ff.js");
        assert_eq!(
            FIXED,
            [
                "",
                "atom.xml",
                "sitemap.xml",
                "robots.txt",
                "404.html",
                "graph.json",
                "filters.js",
                "archive/",
                "timeline/",
                "search/",
                "series/"
            ]
        );
        assert_eq!(
            (GLOSSARY, SEARCH_MANIFEST),
            ("glossary/", "search/index.js")
        );
    }

    #[test]
    fn output_files_and_back() {
        for (site, file) in [
            ("", "index.html"),
            ("briefs/x/", "briefs/x/index.html"),
            ("atom.xml", "atom.xml"),
            ("old/brief.html", "old/brief.html"),
        ] {
            assert_eq!(output_file(site), file);
            assert_eq!(site_path_of(file), site);
        }
        assert_eq!(
            site_path_of("briefs/x/myindex.html"),
            "briefs/x/myindex.html"
        );
    }

    #[test]
    fn base_url_keeps_its_path() {
        let url = BaseUrl::parse("https://example.org/research/briefs").unwrap();
        assert_eq!(url.origin, "https://example.org");
        assert_eq!(url.path, "/research/briefs/");
        assert_eq!(
            url.absolute("briefs/x/"),
            "https://example.org/research/briefs/briefs/x/"
        );
        assert_eq!(url.local("atom.xml"), "/research/briefs/atom.xml");
        let russian = url.in_edition(Some("ru"));
        assert_eq!(russian.local("briefs/x/"), "/research/briefs/ru/briefs/x/");
        assert_eq!(
            russian.absolute("atom.xml"),
            "https://example.org/research/briefs/ru/atom.xml"
        );
        assert_eq!(russian.shared("style.css"), "/research/briefs/style.css");
    }

    #[test]
    fn base_url_rejects_relative_addresses() {
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("ftp://example.org").is_err());
    }
}
