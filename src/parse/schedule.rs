//! Which briefs a build publishes: drafts (`draft: true`) and briefs dated in the future
//! are held back unless the build asks for them (`--drafts`, `--future`); a draft that
//! does not parse never stops a build that leaves it out; and the placeholders
//! `statecraft new` writes are flagged until someone replaces them.

use std::path::PathBuf;
use std::sync::Arc;

use serde_yaml::Value;

use super::{ParsedBrief, Unparsed, UnparsedBody};
use crate::model::diagnostics::{Diagnostic, Severity};
use crate::model::meta::PublishDate;
use crate::model::yaml::Place;

/// What a build includes besides published briefs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Inclusion {
    /// Include briefs marked `draft: true` (`--drafts`).
    pub drafts: bool,
    /// Include briefs dated after `now` (`--future`).
    pub future: bool,
    /// The build's time, seconds since the epoch: a brief dated later is scheduled.
    pub now: i64,
}

impl Inclusion {
    /// Only what is published now: drafts and scheduled briefs left out.
    pub fn published(now: i64) -> Inclusion {
        Inclusion {
            drafts: false,
            future: false,
            now,
        }
    }

    /// The current time, for [`Inclusion::now`].
    pub fn clock() -> i64 {
        chrono::Utc::now().timestamp()
    }
}

/// Why a brief is held back from a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Withheld {
    Draft,
    /// Dated after the build's time: published by the first build on or after this date.
    Scheduled(PublishDate),
    /// It has errors of its own, reported where they are: links to it are not errors
    /// too (one mistake in a brief would otherwise be reported once per brief citing it).
    Failed,
}

/// A brief the build left out, with the names links may use for it.
#[derive(Debug, Clone)]
pub struct LeftOut {
    pub source: PathBuf,
    pub names: Vec<String>,
    pub why: Withheld,
    /// The body of a brief that did not parse, for the link stage to check its links.
    pub body: Option<Arc<UnparsedBody>>,
}

impl LeftOut {
    /// `brief`, held back for `why`.
    pub fn withheld(brief: &ParsedBrief, why: Withheld) -> LeftOut {
        LeftOut {
            source: brief.source.clone(),
            names: brief.names(),
            why,
            body: None,
        }
    }

    /// The brief in file `source`, which did not parse (`unparsed`, from
    /// [`super::parse_brief_leniently`]): a draft left out when its problems are only
    /// warnings, else a brief with errors. Links may name it by its file name (its
    /// front matter's `slug:` is not known).
    pub fn unparsed(source: PathBuf, unparsed: &Unparsed) -> LeftOut {
        let problems = &unparsed.problems;
        let names = crate::model::slug::document_name(&source)
            .map(str::to_string)
            .into_iter()
            .collect();
        let why = if problems.iter().any(Diagnostic::is_error) {
            Withheld::Failed
        } else {
            Withheld::Draft
        };
        LeftOut {
            source,
            names,
            why,
            body: unparsed.body.clone(),
        }
    }
}

/// Why `brief` is held back from a build including `inclusion`, if it is.
pub fn withheld(brief: &ParsedBrief, inclusion: Inclusion) -> Option<Withheld> {
    let meta = &brief.meta;
    if meta.draft && !inclusion.drafts {
        Some(Withheld::Draft)
    } else if is_scheduled(&meta.date, inclusion.now) && !inclusion.future {
        Some(Withheld::Scheduled(meta.date))
    } else {
        None
    }
}

/// Whether a brief dated `date` is not published yet at `now`. A day without a time
/// is published from its first moment in UTC.
pub fn is_scheduled(date: &PublishDate, now: i64) -> bool {
    date.timestamp() > now
}

/// Whether a front matter header says `draft: true`, read on its own (for a brief whose
/// front matter has other problems).
pub fn declares_draft(yaml: &str) -> bool {
    serde_yaml::from_str::<Value>(yaml)
        .ok()
        .and_then(|v| v.get("draft").and_then(Value::as_bool))
        == Some(true)
}

/// The problems of a draft left out of the build, as warnings: fixing a draft must not
/// stand between the site and its other briefs.
pub fn as_draft_warnings(problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    problems
        .into_iter()
        .map(|mut problem| {
            if problem.severity == Severity::Error {
                problem.severity = Severity::Warning;
                problem
                    .message
                    .push_str(" (in a draft, left out of this build)");
            }
            problem
        })
        .collect()
}

/// What `statecraft new` writes where the author's words go.
pub const PLACEHOLDER_SUMMARY: &str = "TODO: what this brief argues, in two or three sentences.";
pub const PLACEHOLDER_FINDING: &str = "TODO: the first finding, in one sentence.";
pub const PLACEHOLDER_RECOMMENDATION: &str = "TODO: what should be done, and by whom.";
pub const PLACEHOLDER_BODY: &str = "TODO: write the brief here.";

/// A warning at each placeholder of `statecraft new` still in the brief.
pub fn placeholder_warnings(brief: &ParsedBrief) -> Vec<Diagnostic> {
    let meta = &brief.meta;
    let mut warnings = Vec::new();
    let mut flag = |place: Option<Place>, what: &str| {
        let problem = Diagnostic::warning(
            "W-placeholder",
            format!("{what} is still the placeholder `statecraft new` wrote"),
        )
        .hint("replace it with the brief's own words before publishing");
        warnings.push(brief.at(problem, place));
    };
    if meta.summary == PLACEHOLDER_SUMMARY {
        flag(Some(Place::key("summary")), "the summary");
    }
    for (key, list, placeholder, what) in [
        (
            "key_findings",
            &meta.key_findings,
            PLACEHOLDER_FINDING,
            "a key finding",
        ),
        (
            "recommendations",
            &meta.recommendations,
            PLACEHOLDER_RECOMMENDATION,
            "a recommendation",
        ),
    ] {
        if let Some(i) = list.iter().position(|item| item == placeholder) {
            flag(Some(Place::item(key, i)), what);
        }
    }
    // memchr's searcher, not `str::find`: this reads every brief whole, and the
    // standard one was 1% of a 10,000-brief build's samples.
    if let Some(offset) = memchr::memmem::find(brief.text.as_bytes(), PLACEHOLDER_BODY.as_bytes()) {
        let problem = Diagnostic::warning(
            "W-placeholder",
            "the text is still the placeholder `statecraft new` wrote",
        )
        .at(&brief.source, &brief.text, offset, PLACEHOLDER_BODY.len())
        .hint("replace it with the brief's own words before publishing");
        warnings.push(problem);
    }
    warnings
}
