//! Typed front matter: what the parse stage reads from the YAML header of briefs and
//! standalone pages.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};

use crate::model::people::Byline;
use crate::model::yaml::Place;

/// A value from the front matter with where it was written, for diagnostics that come
/// later (the link stage checks `related:` slugs, aliases and attachments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    /// Where in the front matter; `None` for a value made up (a slug from the file name).
    pub place: Option<Place>,
}

/// A publication date: a calendar day, optionally with a time and UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublishDate {
    pub day: NaiveDate,
    pub time: Option<DateTime<FixedOffset>>,
}

impl PublishDate {
    /// RFC 3339 timestamp; a plain day is taken as midnight UTC.
    pub fn rfc3339(&self) -> String {
        match self.time {
            Some(time) => time.to_rfc3339(),
            None => format!("{}T00:00:00Z", self.day.format("%Y-%m-%d")),
        }
    }

    /// `2024-03-12`.
    pub fn iso_day(&self) -> String {
        self.day.format("%Y-%m-%d").to_string()
    }

    /// `12 March 2024`.
    pub fn human(&self) -> String {
        self.day.format("%-d %B %Y").to_string()
    }

    /// Seconds since the epoch, for ordering briefs by date.
    pub fn timestamp(&self) -> i64 {
        match self.time {
            Some(time) => time.timestamp(),
            None => self.day.and_time(NaiveTime::MIN).and_utc().timestamp(),
        }
    }
}

/// A region or tag as an author wrote it, with its URL slug.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermName {
    /// As written ("NATO", "U.S.-Japan").
    pub name: String,
    pub slug: String,
    pub place: Place,
}

/// `series: {name, part}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SeriesRef {
    pub name: String,
    pub part: u32,
}

/// The validated front matter of a brief.
#[derive(Debug, Clone, PartialEq)]
pub struct BriefMeta {
    pub title: String,
    pub subtitle: String,
    pub date: PublishDate,
    pub updated: Option<PublishDate>,
    pub summary: String,
    /// Author ids, each declared in the registry (the registered authors of
    /// `bylines`, in order).
    pub authors: Vec<String>,
    /// Every author in the order written: registered ones by id, guests inline.
    pub bylines: Vec<Byline>,
    /// The publication type's slug (`report`), declared in the configuration; the
    /// first declared type when the brief does not say.
    pub kind: String,
    /// The DOI, `10.5555/nb-2019-02` (without `https://doi.org/`).
    pub doi: Option<String>,
    /// The picture shown when the brief is shared (`og:image`), relative to the
    /// brief's file; without one, a social card is drawn.
    pub image: Option<Located<String>>,
    /// Topic slugs, each declared in the configuration.
    pub topics: Vec<String>,
    pub regions: Vec<TermName>,
    pub tags: Vec<TermName>,
    pub series: Option<SeriesRef>,
    /// Slugs of briefs the author says are related; checked by the link stage.
    pub related: Vec<Located<String>>,
    pub key_findings: Vec<String>,
    pub recommendations: Vec<String>,
    pub draft: bool,
    pub slug: Located<String>,
    /// Old site paths (`old/path/`) that redirect here.
    pub aliases: Vec<Located<String>>,
    /// The report number (`NB-2024-07`), for citations.
    pub number: String,
    /// Which PDF the brief offers (`pdf:`).
    pub pdf: PdfChoice,
    /// The brief's language (`lang:`) when it is not the site's default.
    pub language: Option<String>,
    /// The slug of the brief this one translates (`translation_of:`); the brief's own
    /// slug is the same.
    pub translation_of: Option<Located<String>>,
}

/// `pdf:` in a brief's front matter.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum PdfChoice {
    /// No `pdf:` (or `pdf: true`): the typeset PDF edition, when the site makes them.
    #[default]
    Generated,
    /// `pdf: false`: no PDF for this brief.
    Off,
    /// `pdf: files/x.pdf`: a PDF made elsewhere, relative to the brief's file; copied
    /// next to the brief page instead of the typeset one.
    Attached(Located<String>),
}

/// The validated front matter of a standalone page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageMeta {
    pub title: String,
    pub summary: String,
    pub slug: Located<String>,
    /// Old site paths (`about/team/`) that redirect here.
    pub aliases: Vec<Located<String>>,
}
