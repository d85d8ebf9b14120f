//! What briefs have beyond CommonMark, as institutes write them: figures and tables
//! with numbered captions and cross-references ([`super::figures`]), images made for
//! the web ([`super::media`]), charts drawn from data ([`super::charts`]), callouts and
//! components ([`super::calls`]).
//!
//! Their state lives in [`Rich`]; [`Renderer::rich_event`] takes their events before
//! the renderer's own handling. Events inside a caption, a captioned table or a
//! component's content are gathered (captured) rather than written, so that the
//! figure or component can be written around them.

use std::path::Path;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use super::calls::{Calls, OpenCall};
use super::charts::OpenChart;
use super::figures::{OpenParagraph, OpenTable, Plan};
use super::media::OpenImage;
use super::Renderer;
use crate::config::ImagesConfig;
use crate::load::Assets;
use crate::model::body::{AssetUse, BodyProblem};
use crate::model::colors::Rgb;
use crate::model::diagnostics::Diagnostic;
use crate::model::escape::escape_html;
use crate::parse::components::Components;
use crate::parse::markdown::{BodyLabels, BodyOptions};

/// A numbered figure or table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Numbered {
    pub kind: FigureKind,
    pub number: usize,
    /// Its id: its label (`fig:lng`), or `fig:3` without one.
    pub id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FigureKind {
    Figure,
    Table,
}

impl FigureKind {
    /// The label's prefix: `fig:`, `tbl:`.
    pub fn prefix(self) -> &'static str {
        match self {
            FigureKind::Figure => "fig:",
            FigureKind::Table => "tbl:",
        }
    }

    /// The kind's name in messages to authors: `figure`, `table`.
    pub fn word(self) -> &'static str {
        match self {
            FigureKind::Figure => "figure",
            FigureKind::Table => "table",
        }
    }

    /// "Figure 2", "Table 1", in the body's language.
    pub fn numbered(self, labels: &BodyLabels, number: usize) -> String {
        let format = match self {
            FigureKind::Figure => labels.figure,
            FigureKind::Table => labels.table,
        };
        format.replace("{n}", &number.to_string())
    }
}

/// A cross-reference (`[[fig:lng]]`): its label, and where it is in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Xref {
    pub label: String,
    pub offset: usize,
    pub len: usize,
}

/// What the rich features made, for the body: files to write, problems, and the
/// numbers cross-references are filled in with.
#[derive(Debug, Default)]
pub(crate) struct RichResult {
    pub assets: Vec<AssetUse>,
    pub problems: Vec<BodyProblem>,
    pub numbered: Vec<Numbered>,
    pub xrefs: Vec<Xref>,
    /// The text each chart shows (its title, source and note), by the offset of its
    /// block in the body's events: a chart's text in the search index.
    pub chart_texts: Vec<(usize, String)>,
    pub charts: Vec<crate::model::body::DrawnChart>,
    /// The ids of image figures, by where their image starts in the file.
    pub figure_ids: Vec<(usize, String)>,
}

/// Events gathered instead of written, and whether gathering began inside a footnote
/// definition (whose own events go to the definition otherwise).
struct Capture {
    events: Vec<Event<'static>>,
    in_definition: bool,
}

/// The state of the rich features while a body is rendered.
pub(crate) struct Rich<'h> {
    /// The file being rendered, relative to the site root.
    pub(super) document: Option<&'h Path>,
    /// The site path of the document's page (`briefs/x/`), which relative links to
    /// other pages (`../y/`) are read from.
    pub(super) page: Option<&'h str>,
    pub(super) assets: Option<&'h Assets>,
    pub(super) components: Option<&'h Components>,
    pub(super) images: Option<&'h ImagesConfig>,
    pub(super) labels: BodyLabels<'h>,
    pub(super) chart_colors: &'h [Rgb],
    /// Figure paragraphs and table captions, found before rendering.
    pub(crate) plan: Plan,
    /// Component calls, found before rendering.
    pub(crate) calls: Calls,
    captures: Vec<Capture>,
    pub(super) image: Option<OpenImage>,
    pub(super) paragraph: Option<OpenParagraph>,
    pub(super) table: Option<OpenTable>,
    pub(super) chart: Option<OpenChart>,
    pub(super) open_calls: Vec<OpenCall>,
    pub(super) xref_open: bool,
    pub(super) images_seen: usize,
    pub(super) result: RichResult,
}

impl<'h> Rich<'h> {
    pub(super) fn new(options: &BodyOptions<'h>) -> Rich<'h> {
        Rich {
            document: options.document,
            page: options.page,
            assets: options.assets,
            components: options.components,
            images: options.images,
            labels: options.labels,
            chart_colors: options.chart_colors,
            plan: Plan::default(),
            calls: Calls::default(),
            captures: Vec::new(),
            image: None,
            paragraph: None,
            table: None,
            chart: None,
            open_calls: Vec::new(),
            xref_open: false,
            images_seen: 0,
            result: RichResult::default(),
        }
    }

    /// Where an event goes while something gathers events; `in_definition` says
    /// whether the renderer is inside a footnote definition.
    pub(super) fn capturing(&mut self, in_definition: bool) -> Option<&mut Vec<Event<'static>>> {
        self.captures
            .last_mut()
            .filter(|c| c.in_definition == in_definition)
            .map(|c| &mut c.events)
    }

    pub(super) fn start_capture(&mut self, in_definition: bool) {
        self.captures.push(Capture {
            events: Vec::new(),
            in_definition,
        });
    }

    pub(super) fn end_capture(&mut self) -> Vec<Event<'static>> {
        self.captures.pop().map(|c| c.events).unwrap_or_default()
    }

    /// A problem at `len` bytes at `offset` of the body's file.
    pub(super) fn problem(&mut self, problem: Diagnostic, offset: usize, len: usize) {
        self.result.problems.push(BodyProblem {
            problem,
            at: Some((offset, len)),
        });
    }

    /// A problem whose diagnostic carries its place (in another file).
    pub(super) fn located(&mut self, problem: Diagnostic) {
        self.result.problems.push(BodyProblem { problem, at: None });
    }

    /// Records a file to write, once per output.
    pub(super) fn write_asset(&mut self, asset: AssetUse) {
        if !self.result.assets.iter().any(|a| a.output == asset.output) {
            self.result.assets.push(asset);
        }
    }
}

impl Renderer<'_> {
    /// Hands over what the rich features made. A component opened and never closed
    /// has been reported already; what it gathered is written as it is.
    pub(super) fn finish_rich(&mut self) -> RichResult {
        while self.rich.open_calls.pop().is_some() {
            let events = self.rich.end_capture();
            for event in events {
                self.emit(event);
            }
        }
        std::mem::take(&mut self.rich.result)
    }

    /// Takes the events of the rich features; false for events the renderer handles.
    pub(super) fn rich_event(&mut self, event: &Event, range: &std::ops::Range<usize>) -> bool {
        self.call_event(event, range)
            || self.image_event(event, range)
            || self.chart_event(event, range)
            || self.figure_event(event, range)
            || self.callout_event(event)
            || self.xref_event(event, range)
    }

    /// GitHub's alerts (`> [!NOTE]`): a box with a title, announced as a note.
    fn callout_event(&mut self, event: &Event) -> bool {
        let (kind, start) = match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => (*kind, true),
            Event::End(TagEnd::BlockQuote(Some(kind))) => (*kind, false),
            _ => return false,
        };
        let (class, index) = match kind {
            BlockQuoteKind::Note => ("note", 0),
            BlockQuoteKind::Tip => ("tip", 1),
            BlockQuoteKind::Important => ("important", 2),
            BlockQuoteKind::Warning => ("warning", 3),
            BlockQuoteKind::Caution => ("caution", 4),
        };
        let title = escape_html(self.rich.labels.callouts[index]);
        let html = if start {
            format!(
                "<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\"><svg class=\"callout-icon\" aria-hidden=\"true\" focusable=\"false\" width=\"16\" height=\"16\" viewBox=\"0 0 16 16\">{}</svg>{title}</p>\n",
                callout_icon(kind)
            )
        } else {
            "</div>\n".to_string()
        };
        self.emit(Event::Html(CowStr::from(html)));
        true
    }
}

/// The icon of each kind of callout (the shapes GitHub's Octicons use, redrawn).
fn callout_icon(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "<circle cx=\"8\" cy=\"8\" r=\"6.5\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\"/><path fill=\"currentColor\" d=\"M7.25 7h1.5v4.5h-1.5zM8 4a1 1 0 1 1 0 2 1 1 0 0 1 0-2z\"/>",
        BlockQuoteKind::Tip => "<path fill=\"currentColor\" d=\"M8 1.5a4.5 4.5 0 0 0-2.6 8.2c.4.3.6.7.6 1.1V12h4v-1.2c0-.4.2-.8.6-1.1A4.5 4.5 0 0 0 8 1.5zM6 13h4v1.5H6z\"/>",
        BlockQuoteKind::Important => "<path fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" d=\"M2 2.75h12v8.5H7l-3 2.5v-2.5H2z\"/><path fill=\"currentColor\" d=\"M7.25 4h1.5v4h-1.5zm0 5h1.5v1.5h-1.5z\"/>",
        BlockQuoteKind::Warning => "<path fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" stroke-linejoin=\"round\" d=\"M8 1.75 14.75 14H1.25z\"/><path fill=\"currentColor\" d=\"M7.25 6h1.5v4h-1.5zm0 5h1.5v1.5h-1.5z\"/>",
        BlockQuoteKind::Caution => "<path fill=\"none\" stroke=\"currentColor\" stroke-width=\"1.5\" stroke-linejoin=\"round\" d=\"M5.2 1.75h5.6l3.45 3.45v5.6l-3.45 3.45H5.2l-3.45-3.45V5.2z\"/><path fill=\"currentColor\" d=\"M7.25 4.5h1.5v4h-1.5zm0 5h1.5V11h-1.5z\"/>",
    }
}
