//! Every brief is a citable publication: formatted citations (APA 7, Chicago
//! notes-bibliography), BibTeX and RIS records (downloads from the page, or
//! `cite.bib`, `cite.ris` next to it with `citation_files: true`) and schema.org
//! JSON-LD.

use std::fmt::Write as _;

use serde::Serialize;

use crate::config::Config;
use crate::link::{Brief, Site};
use crate::model::labels::Labels;
use crate::model::people::{Byline, People, Person};
use crate::model::taxonomy::TaxonomyKind;
use crate::model::urls;
use crate::parse::ParsedBrief;

/// What a brief's citations are made from, and nothing else: the functions of this
/// module read only these, so a hash of them (see [`Cited::key`]) tells when a
/// citation record must be made again.
pub struct Cited<'a> {
    pub config: &'a Config,
    pub parsed: &'a ParsedBrief,
    /// The brief's site path.
    pub path: &'a str,
    pub slug: &'a str,
    /// The site path of the brief's series, when it is part of one.
    pub series_path: Option<&'a str>,
    pub people: &'a People,
    /// The citation words (`Report No.`) and date formats of the site's language.
    pub labels: &'a Labels,
    /// The publication type's name ("Policy brief").
    pub kind: &'a str,
    /// The picture of the page when shared (`image:` or the social card), a site path.
    pub image: Option<&'a str>,
}

impl<'a> Cited<'a> {
    pub fn of(site: &'a Site, brief: &'a Brief) -> Cited<'a> {
        Cited {
            config: &site.config,
            parsed: &brief.parsed,
            path: &brief.path,
            slug: &brief.slug,
            series_path: brief.series.map(|s| site.series[s].path.as_str()),
            people: &site.people,
            labels: &site.labels,
            kind: brief.terms[TaxonomyKind::Types.index()]
                .first()
                .map_or("", |&t| {
                    &site.taxonomies.get(TaxonomyKind::Types).terms[t].singular
                }),
            image: brief
                .image
                .as_ref()
                .map(|(_, path)| path.as_str())
                .or(brief.card.as_deref()),
        }
    }

    /// A hash of every input, but the configuration (part of every page's key): the
    /// parse (a re-parsed brief has a new revision), the path, slug and series.
    pub fn key(&self, state: &mut impl std::hash::Hasher) {
        use std::hash::Hash;
        let Cited {
            config: _,
            parsed,
            path,
            slug,
            series_path,
            people,
            labels,
            kind,
            image,
        } = self;
        (parsed.revision, path, slug, series_path, kind, image).hash(state);
        // The labels are the site's, which every key using this one covers (as `t` in
        // the global key). The registry changes only with the configuration or author
        // files: its authors' names are what citations read.
        let _: &Labels = labels;
        for person in authors(self) {
            (
                &person.name,
                &person.role,
                &person.affiliation,
                &person.orcid,
                &person.url,
            )
                .hash(state);
        }
        let _ = people;
    }
}

/// A person's name split the way reference styles need it.
struct Name<'a> {
    given: &'a str,
    family: &'a str,
    /// "Jr.", "III": after the given name in family-first forms, never the family name.
    suffix: &'a str,
    /// Written family name first ("山田 太郎"): Chinese, Japanese and Korean names.
    family_leads: bool,
}

/// Generational suffixes, written last ("Joseph S. Nye, Jr.", "Martin Luther King Jr.").
const SUFFIXES: &[&str] = &["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"];

impl<'a> Name<'a> {
    /// "Elena Markova" -> given "Elena", family "Markova"; "Ben van Berg" -> family
    /// "van Berg" (a lowercase particle starts the family name); "Joseph S. Nye, Jr." ->
    /// suffix "Jr."; "山田 太郎" -> family "山田" (a name in Chinese, Japanese or Korean
    /// script is written family name first). A single word is a family name.
    fn parse(full: &'a str) -> Name<'a> {
        let full = full.trim();
        let (full, suffix) = match full.rsplit_once([' ', ',']) {
            Some((rest, last)) if SUFFIXES.contains(&last) => {
                let rest = rest.trim_end().trim_end_matches(',').trim_end();
                match rest.is_empty() {
                    true => (full, ""),
                    false => (rest, last),
                }
            }
            _ => (full, ""),
        };
        if full.chars().any(is_east_asian) {
            let (family, given) = full.split_once(' ').unwrap_or((full, ""));
            return Name {
                given: given.trim(),
                family,
                suffix,
                family_leads: true,
            };
        }
        let starts: Vec<usize> = full
            .char_indices()
            .filter(|&(i, c)| {
                !c.is_whitespace() && (i == 0 || full[..i].ends_with(char::is_whitespace))
            })
            .map(|(i, _)| i)
            .collect();
        let particle = starts[1.min(starts.len())..]
            .iter()
            .copied()
            .find(|&i| full[i..].starts_with(char::is_lowercase));
        let (given, family) = match particle.or_else(|| starts.last().copied().filter(|&i| i > 0)) {
            Some(i) => (full[..i].trim(), &full[i..]),
            None => ("", full),
        };
        Name {
            given,
            family,
            suffix,
            family_leads: false,
        }
    }

    /// "Markova, E." (APA); "Nye, J. S., Jr.".
    fn initials(&self) -> String {
        let initials: Vec<String> = self
            .given
            .split([' ', '-'])
            .filter_map(|part| part.chars().next())
            .map(|c| format!("{c}."))
            .collect();
        self.with_suffix(if initials.is_empty() {
            self.family.to_string()
        } else {
            format!("{}, {}", self.family, initials.join(" "))
        })
    }

    /// "Nye, Joseph S., Jr." (Chicago's first author); a name written family name first
    /// stays as written.
    fn family_first(&self) -> String {
        if self.family_leads {
            return self.natural();
        }
        self.sorted()
    }

    /// "Nye, Joseph S., Jr.", "山田, 太郎": RIS's Last, First, Suffix.
    fn sorted(&self) -> String {
        self.with_suffix(if self.given.is_empty() {
            self.family.to_string()
        } else {
            format!("{}, {}", self.family, self.given)
        })
    }

    /// "Nye, Jr., Joseph S.": BibTeX's "von Last, Jr, First".
    fn bibtex(&self) -> String {
        match (self.given.is_empty(), self.suffix.is_empty()) {
            (true, _) => self.family.to_string(),
            (false, true) => format!("{}, {}", self.family, self.given),
            (false, false) => format!("{}, {}, {}", self.family, self.suffix, self.given),
        }
    }

    /// "Joseph S. Nye Jr."; "山田 太郎".
    fn natural(&self) -> String {
        let name = match (self.given.is_empty(), self.family_leads) {
            (true, _) => self.family.to_string(),
            (false, true) => format!("{} {}", self.family, self.given),
            (false, false) => format!("{} {}", self.given, self.family),
        };
        match self.suffix {
            "" => name,
            suffix => format!("{name} {suffix}"),
        }
    }

    fn with_suffix(&self, name: String) -> String {
        match self.suffix {
            "" => name,
            suffix => format!("{name}, {suffix}"),
        }
    }
}

/// Han, kana and hangul: scripts whose names are written family name first.
fn is_east_asian(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}' // Hangul Jamo
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK Unified Ideographs
        | '\u{AC00}'..='\u{D7AF}' // Hangul Syllables
        | '\u{F900}'..='\u{FAFF}' // CJK Compatibility Ideographs
        | '\u{20000}'..='\u{2FFFF}') // CJK Extensions B-F
}

/// A brief's authors in byline order: registered ones from the registry, guests as
/// written.
fn authors<'a>(cited: &Cited<'a>) -> Vec<&'a Person> {
    cited
        .parsed
        .meta
        .bylines
        .iter()
        .filter_map(|b| match b {
            Byline::Registered(id) => cited.people.get(id),
            Byline::Guest(guest) => Some(guest.as_ref()),
        })
        .collect()
}

/// Names of a brief's authors, in order.
fn author_names<'a>(cited: &Cited<'a>) -> Vec<&'a str> {
    authors(cited)
        .into_iter()
        .map(|p| p.name.as_str())
        .collect()
}

/// The institution a person belongs to: their affiliation, else the publisher.
pub fn institution<'a>(person: &'a Person, config: &'a Config) -> &'a str {
    if person.affiliation.is_empty() {
        publisher(config)
    } else {
        &person.affiliation
    }
}

fn publisher(config: &Config) -> &str {
    if config.publisher.is_empty() {
        &config.title
    } else {
        &config.publisher
    }
}

/// Title and subtitle joined as the style guides join them: a colon between them, none
/// after a title ending in `?` or `!` (or already in a colon), and the subtitle's first
/// letter a capital (APA and Chicago both capitalise the first word of a subtitle).
fn full_title(cited: &Cited) -> String {
    let meta = &cited.parsed.meta;
    let title = meta.title.trim();
    let subtitle = meta.subtitle.trim();
    if subtitle.is_empty() {
        return title.to_string();
    }
    let mut chars = subtitle.chars();
    let subtitle: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    if title.ends_with(['?', '!']) {
        format!("{title} {subtitle}")
    } else {
        format!("{}: {subtitle}", title.trim_end_matches(':'))
    }
}

/// The DOI's address, else the brief's.
fn locator(cited: &Cited) -> String {
    match &cited.parsed.meta.doi {
        Some(doi) => format!("https://doi.org/{doi}"),
        None => cited.config.base_url.uri(cited.path),
    }
}

/// "A", "A & B", "A, B, & C" (APA) or "A", "A and B", "A, B, and C" (Chicago).
fn join_names(names: &[String], and: &str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a}{} {and} {b}", if and == "&" { "," } else { "" }),
        [rest @ .., last] => format!("{}, {and} {last}", rest.join(", ")),
    }
}

/// APA 7th edition reference for a report, as HTML: the title in italics, then the
/// report number and the type in brackets (APA's description of gray literature), the
/// publisher, and the DOI's address or the page's.
pub fn apa(cited: &Cited) -> String {
    let meta = &cited.parsed.meta;
    let names: Vec<String> = author_names(cited)
        .iter()
        .map(|n| Name::parse(n).initials())
        .collect();
    let authors = if names.is_empty() {
        publisher(cited.config).to_string()
    } else {
        join_names(&names, "&")
    };
    let number = if meta.number.is_empty() {
        String::new()
    } else {
        format!(
            " ({} {})",
            cited.labels.text_or("cite.report_no", "Report No."),
            meta.number
        )
    };
    let kind = if cited.kind.is_empty() {
        String::new()
    } else {
        format!(" [{}]", cited.kind)
    };
    let date = cited
        .labels
        .format_date_with("cite.apa_date", meta.date.day);
    let title = full_title(cited);
    let described = format!("{title}{number}{kind}");
    let publisher = publisher(cited.config);
    format!(
        "{} ({}). <i>{}</i>{}{}{} {}{} {}",
        escape(&authors),
        escape(&date),
        escape(&title),
        escape(&number),
        escape(&kind),
        full_stop(&described),
        escape(publisher),
        full_stop(publisher),
        escape(&locator(cited))
    )
}

/// Chicago (notes-bibliography) bibliography entry for a report, as HTML: the title in
/// italics (Chicago treats a published report like a book), the type and number, the
/// publisher and date, and the DOI's address or the page's.
pub fn chicago(cited: &Cited) -> String {
    chicago_with(cited, escape, |title| format!("<i>{title}</i>"))
}

/// The Chicago entry with its text escaped by `escape` and the title set in italics by
/// `italic` (for HTML, or for the PDF's Typst markup).
pub fn chicago_with(
    cited: &Cited,
    escape: fn(&str) -> String,
    italic: fn(&str) -> String,
) -> String {
    let meta = &cited.parsed.meta;
    let authors = author_names(cited);
    let names: Vec<String> = authors
        .iter()
        .enumerate()
        .map(|(i, n)| {
            if i == 0 {
                Name::parse(n).family_first()
            } else {
                Name::parse(n).natural()
            }
        })
        .collect();
    let mut out = String::new();
    // The first author is inverted ("Ortiz, Ana"), so two authors also take a comma.
    let authors = match names.as_slice() {
        [first, second] => format!("{first}, and {second}"),
        _ => join_names(&names, "and"),
    };
    if !names.is_empty() {
        let _ = write!(out, "{}{} ", escape(&authors), full_stop(&authors));
    }
    let series = match (cited.kind.is_empty(), meta.number.is_empty()) {
        (true, true) => String::new(),
        (false, true) => cited.kind.to_string(),
        (true, false) => meta.number.clone(),
        (false, false) => format!("{} {}", cited.kind, meta.number),
    };
    let series = if series.is_empty() {
        series
    } else {
        format!("{series}{} ", full_stop(&series))
    };
    let title = full_title(cited);
    let date = cited
        .labels
        .format_date_with("cite.chicago_date", meta.date.day);
    let _ = write!(
        out,
        "{}{} {}{}, {}{} {}.",
        italic(&escape(&title)),
        full_stop(&title),
        escape(&series),
        escape(publisher(cited.config)),
        escape(&date),
        full_stop(&date),
        escape(&locator(cited))
    );
    out
}

/// The full stop that ends a part of a reference, unless the part ends a sentence
/// already ("Jr.", "Is NATO Obsolete?", "12 марта 2024 г.").
fn full_stop(part: &str) -> &'static str {
    if part.trim_end().ends_with(['.', '?', '!']) {
        ""
    } else {
        "."
    }
}

/// A BibTeX `@techreport` record.
pub fn bibtex(cited: &Cited) -> String {
    let meta = &cited.parsed.meta;
    let authors: Vec<String> = author_names(cited)
        .iter()
        .map(|n| Name::parse(n).bibtex())
        .collect();
    let mut fields: Vec<(&str, String)> = Vec::new();
    if !authors.is_empty() {
        fields.push(("author", bib_escape(&authors.join(" and "))));
    }
    // Double braces keep the title's capitalisation ("NATO", "U.S.").
    fields.push(("title", format!("{{{}}}", bib_escape(&full_title(cited)))));
    fields.push(("institution", bib_escape(publisher(cited.config))));
    if !cited.kind.is_empty() {
        fields.push(("type", bib_escape(cited.kind)));
    }
    if !meta.number.is_empty() {
        fields.push(("number", bib_escape(&meta.number)));
    }
    fields.push(("year", meta.date.day.format("%Y").to_string()));
    fields.push(("date", meta.date.iso_day()));
    // A DOI, like the address, is verbatim in BibLaTeX: a `\_` would be part of it.
    if let Some(doi) = &meta.doi {
        fields.push(("doi", doi.clone()));
    }
    fields.push(("url", cited.config.base_url.uri(cited.path)));
    fields.push(("abstract", bib_escape(&meta.summary)));
    let mut out = format!("@techreport{{{},\n", citation_key(cited));
    for (name, value) in fields {
        let _ = writeln!(out, "  {name} = {{{value}}},");
    }
    // The month as BibTeX's own macro (`mar`), which styles write in their language.
    let month = meta.date.day.format("%b").to_string().to_lowercase();
    let _ = writeln!(out, "  month = {month},");
    out.push_str("}\n");
    out
}

/// The BibTeX key: the slug, and a translation's language (`kuril-islands-dispute-ru`:
/// one `.bib` file may hold an original and its translations). BibTeX keys hold ASCII
/// only: a slug with other letters (`курилы-2024`) keeps its ASCII characters and gets
/// a hash of the whole, so two such slugs do not share a key.
fn citation_key(cited: &Cited) -> String {
    let slug = cited.slug;
    let mut key: String = slug
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if key.len() < slug.len() {
        let hash = xxhash_rust::xxh3::xxh3_64(slug.as_bytes());
        key = format!("{}-{:08x}", key.trim_matches('-'), hash as u32);
        key = key.trim_start_matches('-').to_string();
    }
    if let Some(language) = &cited.parsed.meta.language {
        key.push('-');
        key.push_str(language);
    }
    key
}

/// An RIS record (Zotero, EndNote, Mendeley).
pub fn ris(cited: &Cited) -> String {
    let meta = &cited.parsed.meta;
    let mut out = String::from("TY  - RPRT\n");
    for name in author_names(cited) {
        let _ = writeln!(out, "AU  - {}", one_line(&Name::parse(name).sorted()));
    }
    let _ = writeln!(out, "TI  - {}", one_line(&full_title(cited)));
    let _ = writeln!(out, "PY  - {}", meta.date.day.format("%Y"));
    let _ = writeln!(out, "DA  - {}", meta.date.day.format("%Y/%m/%d"));
    let _ = writeln!(out, "PB  - {}", one_line(publisher(cited.config)));
    if !meta.number.is_empty() {
        let _ = writeln!(out, "SN  - {}", one_line(&meta.number));
    }
    if !cited.kind.is_empty() {
        let _ = writeln!(out, "M3  - {}", one_line(cited.kind));
    }
    if let Some(doi) = &meta.doi {
        let _ = writeln!(out, "DO  - {}", one_line(doi));
    }
    let _ = writeln!(out, "UR  - {}", cited.config.base_url.uri(cited.path));
    let _ = writeln!(out, "AB  - {}", one_line(&meta.summary));
    for keyword in keywords(cited) {
        let _ = writeln!(out, "KW  - {}", one_line(keyword));
    }
    let _ = writeln!(out, "LA  - {}", one_line(&cited.config.language));
    out.push_str("ER  - \n");
    out
}

/// A brief's keywords, the same in every record and meta tag: its topics' titles,
/// then its tags.
pub fn keywords<'a>(cited: &Cited<'a>) -> Vec<&'a str> {
    let meta = &cited.parsed.meta;
    let topics = meta.topics.iter().map(|topic| {
        cited
            .config
            .topic(topic)
            .map_or(topic.as_str(), |t| t.title.as_str())
    });
    topics
        .chain(meta.tags.iter().map(|t| t.name.as_str()))
        .collect()
}

/// A `data:` address holding `record`, for a download link that needs no file.
pub fn data_url(media_type: &str, record: &str) -> String {
    use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
    const KEPT: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    format!(
        "data:{media_type};charset=utf-8,{}",
        utf8_percent_encode(record, KEPT)
    )
}

/// schema.org `Report` as JSON, safe to put inside `<script type="application/ld+json">`.
/// Fields are declared in alphabetical order, which is the order they are written in.
pub fn json_ld(cited: &Cited) -> String {
    #[derive(Serialize)]
    struct Organization<'a> {
        #[serde(rename = "@type")]
        kind: &'static str,
        name: &'a str,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct PersonLd<'a> {
        #[serde(rename = "@type")]
        kind: &'static str,
        affiliation: Organization<'a>,
        #[serde(skip_serializing_if = "str::is_empty")]
        job_title: &'a str,
        name: &'a str,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        same_as: Vec<String>,
        #[serde(skip_serializing_if = "String::is_empty")]
        url: String,
    }
    #[derive(Serialize)]
    struct Thing<'a> {
        #[serde(rename = "@type")]
        kind: &'static str,
        name: &'a str,
    }
    #[derive(Serialize)]
    struct Series<'a> {
        #[serde(rename = "@type")]
        kind: &'static str,
        name: &'a str,
        url: String,
    }
    #[derive(Serialize)]
    struct Identifier<'a> {
        #[serde(rename = "@type")]
        kind: &'static str,
        #[serde(rename = "propertyID")]
        property_id: &'static str,
        value: &'a str,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Report<'a> {
        #[serde(rename = "@context")]
        context: &'static str,
        #[serde(rename = "@type")]
        kind: &'static str,
        about: Vec<Thing<'a>>,
        author: Vec<PersonLd<'a>>,
        date_modified: String,
        date_published: String,
        description: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        genre: &'a str,
        headline: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        identifier: Option<Identifier<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        image: Option<String>,
        in_language: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        is_part_of: Option<Series<'a>>,
        keywords: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        license: Option<&'a str>,
        name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        position: Option<u32>,
        publisher: Organization<'a>,
        #[serde(skip_serializing_if = "Option::is_none")]
        report_number: Option<&'a str>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        same_as: Vec<String>,
        url: String,
        word_count: usize,
    }
    let meta = &cited.parsed.meta;
    let base = &cited.config.base_url;
    let organization = |name| Organization {
        kind: "Organization",
        name,
    };
    let author = authors(cited)
        .into_iter()
        .map(|p| PersonLd {
            kind: "Person",
            affiliation: organization(institution(p, cited.config)),
            job_title: &p.role,
            name: &p.name,
            same_as: p.orcid_url().into_iter().collect(),
            url: if p.is_guest() {
                p.url.clone().unwrap_or_default()
            } else {
                base.absolute(&urls::term(TaxonomyKind::Authors, &p.id))
            },
        })
        .collect();
    let about = meta
        .topics
        .iter()
        .map(|t| Thing {
            kind: "Thing",
            name: cited
                .config
                .topic(t)
                .map_or(t.as_str(), |c| c.title.as_str()),
        })
        .collect();
    let series = meta.series.as_ref().zip(cited.series_path);
    let report = Report {
        context: "https://schema.org",
        kind: "Report",
        about,
        author,
        date_modified: meta.updated.unwrap_or(meta.date).rfc3339(),
        date_published: meta.date.rfc3339(),
        description: &meta.summary,
        genre: cited.kind,
        headline: &meta.title,
        identifier: meta.doi.as_deref().map(|doi| Identifier {
            kind: "PropertyValue",
            property_id: "DOI",
            value: doi,
        }),
        image: cited.image.map(|path| base.absolute(path)),
        in_language: &cited.config.language,
        is_part_of: series.map(|(series, path)| Series {
            kind: "CreativeWorkSeries",
            name: &series.name,
            url: base.absolute(path),
        }),
        keywords: keywords(cited).join(", "),
        license: cited
            .config
            .license
            .as_ref()
            .map(|l| l.url.as_str())
            .filter(|u| !u.is_empty()),
        name: full_title(cited),
        position: series.map(|(series, _)| series.part),
        publisher: organization(publisher(cited.config)),
        report_number: (!meta.number.is_empty()).then_some(meta.number.as_str()),
        same_as: meta
            .doi
            .iter()
            .map(|doi| format!("https://doi.org/{doi}"))
            .collect(),
        url: base.absolute(cited.path),
        word_count: cited.parsed.body.word_count,
    };
    // `<` as \u003c: the JSON can then never close its script element.
    serde_json::to_string(&report)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

fn escape(text: &str) -> String {
    crate::model::escape::escape_html(text)
}

/// Escapes the characters BibTeX treats specially.
fn bib_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// RIS fields are one line each.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_lists_follow_the_styles() {
        assert_eq!(Name::parse("Elena Markova").initials(), "Markova, E.");
        assert_eq!(Name::parse("Jean-Paul Sartre").initials(), "Sartre, J. P.");
        assert_eq!(Name::parse("Plato").initials(), "Plato");
        assert_eq!(Name::parse("Ben van Berg").initials(), "van Berg, B.");
        assert_eq!(
            Name::parse("Ludwig van Beethoven").family_first(),
            "van Beethoven, Ludwig"
        );
        assert_eq!(
            Name::parse("Mary Ann Smith").family_first(),
            "Smith, Mary Ann"
        );
        // A generational suffix is not the family name.
        let nye = Name::parse("Joseph S. Nye, Jr.");
        assert_eq!(nye.bibtex(), "Nye, Jr., Joseph S.");
        assert_eq!(nye.sorted(), "Nye, Joseph S., Jr.");
        assert_eq!(nye.initials(), "Nye, J. S., Jr.");
        assert_eq!(nye.natural(), "Joseph S. Nye Jr.");
        assert_eq!(
            Name::parse("Martin Luther King Jr.").sorted(),
            "King, Martin Luther, Jr."
        );
        assert_eq!(Name::parse("Jr.").sorted(), "Jr.");
        // Chinese, Japanese and Korean names are written family name first.
        let yamada = Name::parse("山田 太郎");
        assert_eq!(yamada.sorted(), "山田, 太郎");
        assert_eq!(yamada.bibtex(), "山田, 太郎");
        assert_eq!(yamada.natural(), "山田 太郎");
        assert_eq!(yamada.family_first(), "山田 太郎");
        assert_eq!(Name::parse("山田太郎").sorted(), "山田太郎");
        let names = ["A".to_string(), "B".to_string(), "C".to_string()];
        assert_eq!(join_names(&names[..2], "&"), "A, & B");
        assert_eq!(join_names(&names, "&"), "A, B, & C");
        assert_eq!(join_names(&names[..2], "and"), "A and B");
    }

    #[test]
    fn a_part_ending_a_sentence_takes_no_second_full_stop() {
        for ended in ["Jr.", "Is NATO Obsolete?", "Now!", "12 марта 2024 г."] {
            assert_eq!(full_stop(ended), "", "{ended}");
        }
        for open in ["Ortiz, Ana", "Brief (2024)", "NB-2019-03", "2024年3月12日"] {
            assert_eq!(full_stop(open), ".", "{open}");
        }
    }

    #[test]
    fn bibtex_specials_are_escaped() {
        assert_eq!(bib_escape("R&D {50%} #1_x"), "R\\&D \\{50\\%\\} \\#1\\_x");
    }
}
