//! ```` ```chart ```` blocks: the spec and its data ([`crate::parse::chart`]) become a
//! numbered figure holding the chart's SVG, its source and note, the data as a table
//! and a CSV download. Problems point into the spec, or into the CSV file.

use std::ops::Range;
use std::path::PathBuf;

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use super::super::links::is_safe_url;
use super::super::MARKER;
use super::figures::figure_html;
use super::rich::FigureKind;
use super::Renderer;
use crate::config::RawHtml;
use crate::load::assets::AssetKind;
use crate::model::body::{AssetContent, AssetOutput, AssetUse, DrawnChart, LinkTarget};
use crate::model::diagnostics::Diagnostic;
use crate::model::escape::escape_html;
use crate::model::urls;
use crate::parse::chart::spec::{DataSource, Named, Spec};
use crate::parse::chart::{self, svg, Chart, ChartProblem, Place};

/// A chart block being read: its spec, and where each piece of it is in the body.
pub(crate) struct OpenChart {
    text: String,
    /// (start in the spec, start in the body) of each piece of text.
    pieces: Vec<(usize, usize)>,
    range: Range<usize>,
}

impl OpenChart {
    /// Where byte `at` of the spec is in the body.
    fn body(&self, at: usize) -> usize {
        let piece = self.pieces.partition_point(|(spec, _)| *spec <= at);
        match piece.checked_sub(1).map(|p| self.pieces[p]) {
            Some((spec, body)) => body + (at - spec),
            None => self.range.start,
        }
    }
}

/// Where a chart's data comes from, for its problems and its download.
enum Origin {
    File { source: PathBuf, name: String },
    Inline { first_line: usize, indent: usize },
}

/// Whether a fenced code block's info string (`chart`) makes it a chart.
pub(crate) fn is_chart_block(info: &str) -> bool {
    info.split_whitespace().next() == Some("chart")
}

impl Renderer<'_> {
    pub(super) fn chart_event(&mut self, event: &Event, range: &Range<usize>) -> bool {
        match (event, self.rich.chart.as_mut()) {
            (Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))), None)
                if is_chart_block(info) =>
            {
                self.rich.chart = Some(OpenChart {
                    text: String::new(),
                    pieces: Vec::new(),
                    range: range.clone(),
                });
                true
            }
            (Event::Text(text), Some(chart)) => {
                chart.pieces.push((chart.text.len(), range.start));
                chart.text.push_str(text);
                true
            }
            (Event::End(TagEnd::CodeBlock), Some(_)) => {
                if let Some(chart) = self.rich.chart.take() {
                    self.finish_chart(chart);
                }
                true
            }
            (_, Some(_)) => true,
            _ => false,
        }
    }

    fn finish_chart(&mut self, open: OpenChart) {
        // Every problem of the chart at once: its spec's, then its data's.
        let (spec, spec_problems) = chart::spec::read(&open.text);
        let spec_failed = !spec_problems.is_empty();
        for problem in spec_problems {
            let diagnostic = Diagnostic::error("E-chart", problem.message).hint(problem.hint);
            self.rich.problem(
                diagnostic,
                self.body_offset + open.body(problem.at.start),
                problem.at.len().max(1),
            );
        }
        let Some(mut spec) = spec else {
            return;
        };
        let Some((csv, origin)) = self.chart_data(&open, &spec) else {
            self.number_chart(&open, spec.label.as_ref());
            return;
        };
        // Texts shown as written, with the typographic quotes and dashes of the body.
        spec.title = super::super::smart_text(&spec.title);
        for text in [
            &mut spec.x_label,
            &mut spec.y_label,
            &mut spec.unit,
            &mut spec.description,
        ]
        .into_iter()
        .flatten()
        {
            *text = super::super::smart_text(text);
        }
        let label = spec.label.clone();
        match chart::build(spec, &csv) {
            Ok(chart) if !spec_failed => self.write_chart(&open, &chart, &origin),
            Ok(_) => self.number_chart(&open, label.as_ref()),
            Err(problems) => {
                for problem in problems {
                    self.chart_problem(&open, &csv, &origin, problem);
                }
                self.number_chart(&open, label.as_ref());
            }
        }
    }

    /// Gives a chart that failed its number and label all the same, so that references
    /// to it (`[[fig:budget]]`) are not reported as well, nor the figures after it
    /// numbered otherwise.
    fn number_chart(&mut self, open: &OpenChart, label: Option<&Named>) {
        let at = label_place(open, label);
        self.number(FigureKind::Figure, label.map(|l| l.name.as_str()), at);
    }

    /// The chart's CSV text and where it comes from; a missing or unreadable file is
    /// reported at `data:`.
    fn chart_data(&mut self, open: &OpenChart, spec: &Spec) -> Option<(String, Origin)> {
        let (written, at) = match &spec.data {
            DataSource::Inline {
                text,
                first_line,
                indent,
                ..
            } => {
                let origin = Origin::Inline {
                    first_line: *first_line,
                    indent: *indent,
                };
                return Some((text.clone(), origin));
            }
            DataSource::File { written, at } => (written, at),
        };
        let body = open.body(at.start)..open.body(at.start) + at.len();
        let target = LinkTarget::Asset {
            output: AssetOutput::Beside(written.clone()),
            suffix: String::new(),
        };
        let Some(LinkTarget::Asset {
            output: AssetOutput::Beside(name),
            ..
        }) = self.local_file(target, written, &body)
        else {
            if self.rich.document.is_none() {
                let problem =
                    Diagnostic::error("E-chart", "a chart's data file is read beside a brief")
                        .hint("write the data in the spec, under `data: |`");
                self.rich
                    .problem(problem, self.body_offset + body.start, body.len());
            }
            return None;
        };
        let folder = self.rich.document?.parent()?;
        let source = folder.join(&name);
        let kind = self.rich.assets?.get(&source).map(|a| a.kind.clone());
        match kind {
            Some(AssetKind::Data(text)) => Some((text.to_string(), Origin::File { source, name })),
            Some(AssetKind::Broken(why)) => {
                let problem = Diagnostic::error(
                    "E-chart-data",
                    format!("`{}` cannot be read: {why}", source.display()),
                )
                .hint("save the data as CSV in UTF-8");
                self.rich
                    .problem(problem, self.body_offset + body.start, body.len());
                None
            }
            _ => {
                let problem =
                    Diagnostic::error("E-chart-data", format!("`{written}` is not a CSV file"))
                        .hint("charts read CSV files (`.csv`): export the sheet as CSV");
                self.rich
                    .problem(problem, self.body_offset + body.start, body.len());
                None
            }
        }
    }

    /// Reports a problem of the chart's data at its place: in the CSV file, or in the
    /// spec (its inline data included).
    fn chart_problem(
        &mut self,
        open: &OpenChart,
        csv: &str,
        origin: &Origin,
        problem: ChartProblem,
    ) {
        let diagnostic = Diagnostic::error("E-chart-data", problem.message).hint(problem.hint);
        let spec_at = match (problem.at, origin) {
            (Place::Spec(at), _) => at,
            (Place::Csv(at), Origin::File { source, .. }) => {
                self.rich
                    .located(diagnostic.at(source, csv, at.start, at.len().max(1)));
                return;
            }
            (Place::Csv(at), Origin::Inline { first_line, indent }) => {
                let line = csv[..at.start.min(csv.len())].matches('\n').count();
                let column = at.start
                    - csv[..at.start.min(csv.len())]
                        .rfind('\n')
                        .map_or(0, |i| i + 1);
                let line_start = open
                    .text
                    .split_inclusive('\n')
                    .take(first_line.saturating_add(line))
                    .map(str::len)
                    .sum::<usize>();
                let start = (line_start + indent + column).min(open.text.len());
                start..start + at.len()
            }
        };
        self.rich.problem(
            diagnostic,
            self.body_offset + open.body(spec_at.start),
            spec_at.len().max(1),
        );
    }

    /// The base of the ids of a chart's `<title>` and `<desc>` (`<base>-title`,
    /// `<base>-desc`): the figure's id, unless a heading of the page already has one of
    /// those ids (then `<id>-2`, ...). They are the page's ids from then on, so an
    /// element written below with one of them is an error at its id.
    fn chart_parts_id(&mut self, id: &str) -> String {
        let parts = |base: &str| [format!("{base}-title"), format!("{base}-desc")];
        let taken = |renderer: &Self, base: &str| {
            parts(base).iter().any(|part| {
                renderer.headings.iter().any(|h| &h.id == part) || renderer.html_ids.contains(part)
            })
        };
        let mut base = id.to_string();
        let mut n = 1;
        while taken(self, &base) {
            n += 1;
            base = format!("{id}-{n}");
        }
        self.html_ids.extend(parts(&base));
        base
    }

    /// Writes the chart's figure: number, title, SVG, source, note, data table, CSV.
    fn write_chart(&mut self, open: &OpenChart, chart: &Chart, origin: &Origin) {
        let spec = &chart.spec;
        let at = label_place(open, spec.label.as_ref());
        let (number, id) = self.number(
            FigureKind::Figure,
            spec.label.as_ref().map(|l| l.name.as_str()),
            at,
        );
        let labels = self.rich.labels;
        // The title is shown as written; the source and note are inline Markdown.
        let mut shown = spec.title.clone();
        for text in [&spec.source, &spec.note].into_iter().flatten() {
            shown.push(' ');
            shown.push_str(&super::super::inline_plain_text(text));
        }
        self.rich.result.chart_texts.push((open.range.start, shown));
        let svg_id = self.chart_parts_id(&id);
        let svg = svg::draw(chart, &svg_id, &labels.chart, self.rich.chart_colors);
        let mut lines = String::new();
        let mut pdf_lines = Vec::new();
        for (text, label, class) in [
            (&spec.source, labels.source, "figure-source"),
            (&spec.note, labels.note, "figure-note"),
        ] {
            if let Some(text) = text {
                let text = if text.to_lowercase().starts_with(&label.to_lowercase()) {
                    text.clone()
                } else {
                    format!("{label}: {text}")
                };
                lines.push_str(&format!(
                    "<p class=\"{class}\">{}</p>\n",
                    inline_html(&text, self.raw_html)
                ));
                pdf_lines.push(text);
            }
        }
        self.rich.result.charts.push(DrawnChart {
            offset: self.body_offset + open.range.start,
            id: id.clone(),
            title: spec.title.clone(),
            description: svg::description(chart, &labels.chart),
            // An SVG document of its own (in the page, the HTML parser gives the
            // namespace).
            svg: svg.replacen("<svg ", "<svg xmlns=\"http://www.w3.org/2000/svg\" ", 1),
            lines: pdf_lines,
        });
        lines.push_str(&format!(
            "<details class=\"chart-data\">\n<summary>{}</summary>\n<div class=\"table-scroll\">\n{}\n</div>\n</details>\n",
            escape_html(&labels.chart_data.replace("{n}", &number.to_string())),
            svg::table(chart, labels.chart.marks())
        ));
        let name = match origin {
            Origin::File { name, .. } => name.clone(),
            Origin::Inline { .. } => {
                let stem = spec
                    .label
                    .as_ref()
                    .map_or_else(|| format!("figure-{number}"), |l| l.name.clone());
                let name = urls::chart_data(&stem);
                let csv = match &spec.data {
                    DataSource::Inline { text, .. } => text.clone(),
                    DataSource::File { .. } => String::new(),
                };
                self.rich.write_asset(AssetUse {
                    output: AssetOutput::Beside(name.clone()),
                    content: AssetContent::Bytes(csv.into_bytes()),
                });
                name
            }
        };
        let index = self.links.len();
        self.links.push(crate::model::body::OutgoingLink {
            target: LinkTarget::Asset {
                output: AssetOutput::Beside(name.clone()),
                suffix: String::new(),
            },
            written: name,
            text: String::new(),
            offset: self.body_offset + open.range.start,
            len: open.range.len(),
            context: String::new(),
        });
        lines.push_str(&format!(
            "<p class=\"chart-download\"><a href=\"{MARKER}h{index}{MARKER}\" download>{}</a></p>\n",
            escape_html(labels.chart_download)
        ));
        let content = format!("<div class=\"chart-frame\">{svg}</div>");
        let html = figure_html(
            FigureKind::Figure,
            &["figure-chart".to_string()],
            (&FigureKind::Figure.numbered(&labels, number), &id),
            &escape_html(&spec.title),
            &content,
            &lines,
        );
        self.emit(Event::Html(CowStr::from(html)));
    }
}

/// A short text in inline Markdown (a chart's source or note) as HTML: emphasis,
/// code and links to other sites; raw HTML as text when briefs are untrusted.
pub(super) fn inline_html(text: &str, raw_html: RawHtml) -> String {
    let mut dropped_links = Vec::new();
    let events = Parser::new_ext(
        text,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION,
    )
    .filter(|e| {
        !matches!(
            e,
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
        )
    })
    .filter_map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) if raw_html == RawHtml::Escape => {
            Some(Event::Text(h))
        }
        Event::Start(Tag::Link { ref dest_url, .. }) => {
            let unsafe_link = raw_html == RawHtml::Escape && !is_safe_url(dest_url);
            dropped_links.push(unsafe_link);
            (!unsafe_link).then_some(e)
        }
        Event::End(TagEnd::Link) => (!dropped_links.pop().unwrap_or(false)).then_some(e),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        other => Some(other),
    })
    .collect::<Vec<_>>();
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    out.trim_end().to_string()
}

/// Where a chart's label is written in the body (the chart's block when it has none).
fn label_place(open: &OpenChart, label: Option<&Named>) -> Range<usize> {
    label.map_or(open.range.clone(), |l| {
        open.body(l.at.start)..open.body(l.at.start) + l.at.len()
    })
}
