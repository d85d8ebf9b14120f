//! Drawing a chart as inline SVG: axes with round ticks, bars or lines, a legend, a
//! tooltip (`<title>`) on every mark, and a `<title>` and `<desc>` that name and
//! describe the chart to screen readers. Colours come from the page's stylesheet
//! (classes `series-N`, with fills as a fallback) and text is `currentColor`, so the
//! chart follows the page into dark mode and print. Also: the data as an HTML table.

use std::fmt::Write as _;

use super::spec::Kind;
use super::{Chart, ChartWords, Series};
use crate::model::colors::{Rgb, THEME_CHARTS};
use crate::model::escape::escape_html;
use crate::model::labels::NumberMarks;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 360.0;
const FONT: f64 = 13.0;

/// The smallest and largest value drawn (stack totals for stacked bars).
pub fn data_range(kind: Kind, series: &[Series]) -> (f64, f64) {
    let values: Vec<f64> = if kind == Kind::StackedBar {
        let rows = series.first().map_or(0, |s| s.values.len());
        (0..rows)
            .map(|r| series.iter().filter_map(|s| s.values[r]).sum())
            .collect()
    } else {
        series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
            .collect()
    };
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if low.is_finite() {
        (low, high)
    } else {
        (0.0, 0.0)
    }
}

/// Round tick values covering the axis, and how many decimals they need.
struct Axis {
    low: f64,
    high: f64,
    ticks: Vec<f64>,
    decimals: usize,
}

impl Axis {
    fn new(chart: &Chart) -> Axis {
        let (low, high) = data_range(chart.spec.kind, &chart.series);
        let mut low = chart.spec.y_min.as_ref().map_or(low.min(0.0), |b| b.value);
        let mut high = chart.spec.y_max.as_ref().map_or(high.max(0.0), |b| b.value);
        if high <= low {
            high = low + 1.0;
        }
        let raw = (high - low) / 5.0;
        let magnitude = 10f64.powf(raw.log10().floor());
        let step = magnitude
            * match raw / magnitude {
                n if n <= 1.0 => 1.0,
                n if n <= 2.0 => 2.0,
                n if n <= 2.5 => 2.5,
                n if n <= 5.0 => 5.0,
                _ => 10.0,
            };
        let decimals = (0..=6)
            .find(|&d| {
                let scaled = step * 10f64.powi(d);
                (scaled - scaled.round()).abs() < 1e-6
            })
            .unwrap_or(6) as usize;
        if chart.spec.y_min.is_none() {
            low = (low / step).floor() * step;
        }
        if chart.spec.y_max.is_none() {
            high = (high / step).ceil() * step;
        }
        let first = (low / step - 1e-9).ceil() as i64;
        let last = (high / step + 1e-9).floor() as i64;
        let ticks = (first..=last).map(|i| i as f64 * step).collect();
        Axis {
            low,
            high,
            ticks,
            decimals,
        }
    }
}

/// Width of `text` at `size`, roughly, in a sans-serif font.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.56
}

/// Where the plot area is and how the categories' labels are set.
struct Layout {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    height: f64,
    /// Labels turned to fit narrow bands.
    turned: bool,
    /// Show every n-th category label.
    every: usize,
    legend: Vec<(f64, f64, usize)>,
}

impl Layout {
    fn new(chart: &Chart, axis: &Axis, marks: NumberMarks) -> Layout {
        let spec = &chart.spec;
        let tick_width = axis
            .ticks
            .iter()
            .map(|t| text_width(&marks.format(*t, axis.decimals), FONT))
            .fold(0.0, f64::max);
        let left = if spec.y_label.is_some() || spec.unit.is_some() {
            30.0
        } else {
            8.0
        } + tick_width
            + 10.0;
        let right = WIDTH - 14.0;
        // Legend items left to right, wrapping.
        let mut legend = Vec::new();
        if chart.series.len() > 1 {
            let (mut x, mut row) = (left, 0usize);
            for (i, series) in chart.series.iter().enumerate() {
                let width = 18.0 + text_width(&series.name, FONT) + 20.0;
                if x + width > right && x > left {
                    x = left;
                    row += 1;
                }
                legend.push((x, 16.0 + row as f64 * 22.0, i));
                x += width;
            }
        }
        let rows = legend
            .last()
            .map_or(0.0, |(_, y, _)| (y - 16.0) / 22.0 + 1.0);
        let top = 14.0 + rows * 22.0;
        let band = (right - left) / chart.categories.len().max(1) as f64;
        let label_width = chart
            .categories
            .iter()
            .map(|c| text_width(c, FONT - 1.0))
            .fold(0.0, f64::max);
        let fits = label_width <= band - 6.0;
        let turned = !fits && chart.categories.len() <= 24;
        let every = if fits || turned {
            1
        } else {
            ((label_width + 10.0) / band).ceil() as usize
        };
        let labels = if turned {
            label_width.min(140.0) * 0.64 + 18.0
        } else {
            26.0
        };
        let x_title = if spec.x_label.is_some() { 24.0 } else { 0.0 };
        let height = HEIGHT
            + if turned {
                (labels - 26.0).max(0.0)
            } else {
                0.0
            };
        Layout {
            left,
            right,
            top,
            bottom: height - labels - x_title,
            height,
            turned,
            every,
            legend,
        }
    }

    fn y(&self, axis: &Axis, value: f64) -> f64 {
        self.bottom - (value - axis.low) / (axis.high - axis.low) * (self.bottom - self.top)
    }

    fn band(&self, count: usize) -> f64 {
        (self.right - self.left) / count.max(1) as f64
    }
}

/// The chart as an SVG element whose `<title>` and `<desc>` have ids `<id>-title` and
/// `<id>-desc`.
pub fn draw(chart: &Chart, id: &str, words: &ChartWords, palette: &[Rgb]) -> String {
    let axis = Axis::new(chart);
    let marks = words.marks();
    let layout = Layout::new(chart, &axis, marks);
    let kind = chart.spec.kind;
    let id = escape_html(id);
    let mut svg = String::with_capacity(4096);
    let _ = write!(
        svg,
        "<svg class=\"chart chart-{}\" viewBox=\"0 0 {WIDTH} {:.0}\" role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" font-family=\"system-ui, sans-serif\" font-size=\"{FONT}\">",
        kind.name(),
        layout.height
    );
    let _ = write!(
        svg,
        "<title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        escape_html(&chart.spec.title),
        escape_html(&description(chart, words))
    );
    draw_axes(&mut svg, chart, &axis, &layout, marks);
    svg.push_str("<g class=\"chart-marks\">");
    match kind {
        Kind::Bar => draw_bars(&mut svg, chart, &axis, &layout, palette, marks),
        Kind::StackedBar => draw_stacks(&mut svg, chart, &axis, &layout, palette, marks),
        Kind::Line => draw_lines(&mut svg, chart, &axis, &layout, palette, marks),
    }
    svg.push_str("</g>");
    draw_legend(&mut svg, chart, &layout, palette);
    svg.push_str("</svg>");
    svg
}

fn draw_axes(svg: &mut String, chart: &Chart, axis: &Axis, layout: &Layout, marks: NumberMarks) {
    let spec = &chart.spec;
    svg.push_str("<g class=\"chart-grid\" stroke=\"currentColor\" stroke-opacity=\"0.18\" stroke-width=\"1\">");
    for tick in &axis.ticks {
        let y = layout.y(axis, *tick);
        let _ = write!(
            svg,
            "<line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>",
            layout.left, layout.right
        );
    }
    svg.push_str("</g><g class=\"chart-axis\" fill=\"currentColor\">");
    for tick in &axis.ticks {
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" dominant-baseline=\"middle\">{}</text>",
            layout.left - 8.0,
            layout.y(axis, *tick),
            marks.format(*tick, axis.decimals)
        );
    }
    let zero = layout.y(axis, 0.0_f64.clamp(axis.low, axis.high));
    let _ = write!(
        svg,
        "<line class=\"chart-baseline\" x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{zero:.1}\" y2=\"{zero:.1}\" stroke=\"currentColor\" stroke-opacity=\"0.7\"/>",
        layout.left, layout.right
    );
    let band = layout.band(chart.categories.len());
    for (i, category) in chart.categories.iter().enumerate() {
        if i % layout.every != 0 {
            continue;
        }
        let x = layout.left + band * (i as f64 + 0.5);
        let y = layout.bottom + 18.0;
        if layout.turned {
            let _ = write!(
                svg,
                "<text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"{}\" text-anchor=\"end\" transform=\"rotate(-40 {x:.1} {:.1})\">{}</text>",
                layout.bottom + 14.0,
                FONT - 1.0,
                layout.bottom + 14.0,
                escape_html(category)
            );
        } else {
            let _ = write!(
                svg,
                "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{}\" text-anchor=\"middle\">{}</text>",
                FONT - 1.0,
                escape_html(category)
            );
        }
    }
    let y_title = match (&spec.y_label, &spec.unit) {
        // "Trillion yen" needs no "(trillion yen)" after it.
        (Some(label), Some(unit)) if label.to_lowercase().contains(&unit.to_lowercase()) => {
            Some(label.clone())
        }
        (Some(label), Some(unit)) => Some(format!("{label} ({unit})")),
        (Some(label), None) => Some(label.clone()),
        (None, Some(unit)) => Some(unit.clone()),
        (None, None) => None,
    };
    if let Some(title) = y_title {
        let middle = (layout.top + layout.bottom) / 2.0;
        let _ = write!(
            svg,
            "<text class=\"chart-axis-title\" x=\"14\" y=\"{middle:.1}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {middle:.1})\">{}</text>",
            escape_html(&title)
        );
    }
    if let Some(label) = &spec.x_label {
        let _ = write!(
            svg,
            "<text class=\"chart-axis-title\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            (layout.left + layout.right) / 2.0,
            layout.height - 8.0,
            escape_html(label)
        );
    }
    svg.push_str("</g>");
}

/// A mark's tooltip: `FY2019, Budget: 5.2574 ¥ trillion`.
fn tooltip(chart: &Chart, series: &Series, row: usize, marks: NumberMarks) -> String {
    let unit = chart
        .spec
        .unit
        .as_deref()
        .map_or(String::new(), |u| format!(" {u}"));
    let name = if chart.series.len() > 1 {
        format!(", {}", series.name)
    } else {
        String::new()
    };
    escape_html(&format!(
        "{}{name}: {}{unit}",
        chart.categories[row],
        series.shown(row, marks)
    ))
}

/// The class number and fill of series `index`: the palette's colours in turn. The
/// fill is what shows where the stylesheet does not (a feed reader); the stylesheet's
/// `series-N` rules give the page's, lighter in dark mode.
fn colour(palette: &[Rgb], index: usize) -> (usize, String) {
    let palette = if palette.is_empty() {
        &THEME_CHARTS[..]
    } else {
        palette
    };
    (
        index % palette.len() + 1,
        palette[index % palette.len()].hex(),
    )
}

/// Decimals for labels on bars: the data's as written (5.26 stays 5.26, not a 5.3 that
/// looks like its neighbours' 5.31 and 5.34), at most three.
fn label_decimals(chart: &Chart) -> usize {
    let written = chart.series.iter().map(Series::decimals).max().unwrap_or(0);
    written.min(3)
}

fn draw_bars(
    svg: &mut String,
    chart: &Chart,
    axis: &Axis,
    layout: &Layout,
    palette: &[Rgb],
    marks: NumberMarks,
) {
    let count = chart.categories.len();
    let band = layout.band(count);
    let group = band * 0.72;
    let width = group / chart.series.len() as f64;
    let labelled = chart.series.len() == 1 && count <= 16;
    let decimals = label_decimals(chart);
    let zero = layout.y(axis, 0.0_f64.clamp(axis.low, axis.high));
    for (j, series) in chart.series.iter().enumerate() {
        let (class, fill) = colour(palette, j);
        for (i, value) in series.values.iter().enumerate() {
            let Some(value) = *value else { continue };
            let x = layout.left + band * i as f64 + (band - group) / 2.0 + width * j as f64;
            let y = layout.y(axis, value);
            let (top, height) = if y < zero {
                (y, zero - y)
            } else {
                (zero, y - zero)
            };
            let gap = if chart.series.len() > 1 { 1.5 } else { 0.0 };
            let _ = write!(
                svg,
                "<rect class=\"mark series-{class}\" x=\"{x:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{height:.1}\" fill=\"{fill}\"><title>{}</title></rect>",
                (width - gap).max(1.0),
                tooltip(chart, series, i, marks)
            );
            if labelled {
                let label_y = if value < 0.0 { y + 15.0 } else { y - 5.0 };
                let _ = write!(
                    svg,
                    "<text class=\"chart-value\" x=\"{:.1}\" y=\"{label_y:.1}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"currentColor\">{}</text>",
                    x + width / 2.0,
                    FONT - 1.0,
                    marks.format(value, decimals)
                );
            }
        }
    }
}

fn draw_stacks(
    svg: &mut String,
    chart: &Chart,
    axis: &Axis,
    layout: &Layout,
    palette: &[Rgb],
    marks: NumberMarks,
) {
    let count = chart.categories.len();
    let band = layout.band(count);
    let width = band * 0.6;
    for i in 0..count {
        let x = layout.left + band * i as f64 + (band - width) / 2.0;
        let mut total = 0.0;
        for (j, series) in chart.series.iter().enumerate() {
            let Some(value) = series.values[i].filter(|v| *v > 0.0) else {
                continue;
            };
            let (class, fill) = colour(palette, j);
            let bottom = layout.y(axis, total);
            total += value;
            let top = layout.y(axis, total);
            let _ = write!(
                svg,
                "<rect class=\"mark series-{class}\" x=\"{x:.1}\" y=\"{top:.1}\" width=\"{width:.1}\" height=\"{:.1}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"1\"><title>{}</title></rect>",
                bottom - top,
                tooltip(chart, series, i, marks)
            );
        }
    }
}

fn draw_lines(
    svg: &mut String,
    chart: &Chart,
    axis: &Axis,
    layout: &Layout,
    palette: &[Rgb],
    marks: NumberMarks,
) {
    let band = layout.band(chart.categories.len());
    let x = |i: usize| layout.left + band * (i as f64 + 0.5);
    for (j, series) in chart.series.iter().enumerate() {
        let (class, colour) = colour(palette, j);
        let mut path = String::new();
        let mut pen_down = false;
        for (i, value) in series.values.iter().enumerate() {
            match value {
                Some(v) => {
                    let command = if pen_down { 'L' } else { 'M' };
                    let _ = write!(path, "{command}{:.1} {:.1}", x(i), layout.y(axis, *v));
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        let _ = write!(
            svg,
            "<path class=\"chart-line series-{class}\" d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>"
        );
        for (i, value) in series.values.iter().enumerate() {
            if let Some(v) = value {
                let _ = write!(
                    svg,
                    "<circle class=\"mark series-{class}\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{colour}\"><title>{}</title></circle>",
                    x(i),
                    layout.y(axis, *v),
                    tooltip(chart, series, i, marks)
                );
            }
        }
    }
}

fn draw_legend(svg: &mut String, chart: &Chart, layout: &Layout, palette: &[Rgb]) {
    if layout.legend.is_empty() {
        return;
    }
    svg.push_str("<g class=\"chart-legend\" fill=\"currentColor\">");
    for &(x, y, index) in &layout.legend {
        let (class, fill) = colour(palette, index);
        let _ = write!(
            svg,
            "<rect class=\"chart-swatch series-{class}\" x=\"{x:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{fill}\"/><text x=\"{:.1}\" y=\"{y:.1}\" dominant-baseline=\"middle\">{}</text>",
            y - 6.0,
            x + 18.0,
            escape_html(&chart.series[index].name)
        );
    }
    svg.push_str("</g>");
}

/// What the chart shows, in words: its kind, what is measured over what, and each
/// series' range, or the spec's own `description`.
pub fn description(chart: &Chart, words: &ChartWords) -> String {
    let spec = &chart.spec;
    if let Some(description) = &spec.description {
        return description.clone();
    }
    let unit = spec
        .unit
        .as_deref()
        .map_or(String::new(), |u| format!(" {u}"));
    let measured = spec.y_label.clone().unwrap_or_else(|| {
        chart
            .series
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    });
    let over = spec.x_label.as_deref().unwrap_or(&chart.x_name);
    let marks = words.marks();
    let (first, last) = (
        chart.categories.first().map_or("", String::as_str),
        chart.categories.last().map_or("", String::as_str),
    );
    let mut text = fill(
        words.summary,
        &[
            ("kind", words.kinds[spec.kind.index()]),
            ("measured", &measured),
            ("over", over),
            ("categories", &words.categories(chart.categories.len())),
            ("count", &chart.categories.len().to_string()),
            ("first", first),
            ("last", last),
        ],
    );
    for series in &chart.series {
        let extreme = |better: fn(f64, f64) -> bool| {
            series
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| (i, v)))
                .reduce(|a, b| if better(b.1, a.1) { b } else { a })
        };
        if let (Some((high, _)), Some((low, _))) = (extreme(|a, b| a > b), extreme(|a, b| a < b)) {
            text.push(' ');
            text.push_str(&fill(
                words.range,
                &[
                    ("series", &series.name),
                    ("high", &format!("{}{unit}", series.shown(high, marks))),
                    ("high_at", &chart.categories[high]),
                    ("low", &format!("{}{unit}", series.shown(low, marks))),
                    ("low_at", &chart.categories[low]),
                ],
            ));
        }
    }
    text
}

/// `text` with each `{name}` replaced by its value.
fn fill(text: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(text.to_string(), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

/// The data as an HTML table: a row per category, a column per series, values as
/// written in the data, in the page's marks (see [`Series::shown`]).
pub fn table(chart: &Chart, marks: NumberMarks) -> String {
    let unit = chart
        .spec
        .unit
        .as_deref()
        .map_or(String::new(), |u| format!(" ({u})"));
    let mut html = String::from("<table class=\"chart-table\">\n<thead><tr>");
    let _ = write!(
        html,
        "<th scope=\"col\">{}</th>",
        escape_html(&chart.x_name)
    );
    for series in &chart.series {
        let _ = write!(
            html,
            "<th scope=\"col\">{}{}</th>",
            escape_html(&series.name),
            escape_html(&unit)
        );
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for (i, category) in chart.categories.iter().enumerate() {
        let _ = write!(html, "<tr><th scope=\"row\">{}</th>", escape_html(category));
        for series in &chart.series {
            let _ = write!(html, "<td>{}</td>", escape_html(&series.shown(i, marks)));
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>");
    html
}

#[cfg(test)]
mod tests {
    use super::super::{build, spec};
    use super::*;

    fn chart(spec_text: &str, csv: &str) -> Chart {
        let (spec, problems) = spec::read(spec_text);
        assert!(problems.is_empty());
        build(spec.unwrap(), csv).unwrap()
    }

    #[test]
    fn numbers_read_like_numbers() {
        let marks = NumberMarks::POINT;
        assert_eq!(marks.format(12500.0, 0), "12,500");
        assert_eq!(marks.format(1250.0, 0), "1250");
        assert_eq!(marks.format(-2.5, 1), "\u{2212}2.5");
        assert_eq!(marks.format(-0.0, 0), "0");
        assert_eq!(marks.format(1234567.891, 2), "1,234,567.89");
    }

    #[test]
    fn a_russian_chart_writes_numbers_as_russian_does() {
        let c = chart(
            "title: T\ndata: x.csv\n",
            "year,value\n2019,\"12,000.5\"\n2020,1.25\n2021,30000\n",
        );
        let russian = ChartWords {
            language: "ru",
            ..ChartWords::ENGLISH
        };
        let svg = draw(&c, "t", &russian, &[]);
        // Axis ticks, labels on bars, tooltips and the description.
        assert!(svg.contains(">30\u{202f}000</text>"), "{svg}");
        // Labels on bars show the most decimals a cell has.
        assert!(svg.contains(">12\u{202f}000,50</text>"), "{svg}");
        assert!(svg.contains("2020: 1,25</title>"), "{svg}");
        assert!(!svg.contains("30,000"), "{svg}");
        let description = description(&c, &russian);
        assert!(
            description.contains("highest 30\u{202f}000 (2021), lowest 1,25 (2020)"),
            "{description}"
        );
        let table = table(&c, russian.marks());
        assert!(table.contains("<td>12\u{202f}000,5</td>"), "{table}");
        assert!(table.contains("<td>1,25</td>"), "{table}");
        // English pages keep the data as written.
        let table = table_en(&c);
        assert!(table.contains("<td>12,000.5</td><"), "{table}");
        assert!(table.contains("<td>30000</td>"), "{table}");
    }

    fn table_en(c: &Chart) -> String {
        table(c, ChartWords::ENGLISH.marks())
    }

    #[test]
    fn one_category_is_not_categories() {
        let one = chart("title: T\ndata: x.csv\n", "year,value\n2019,1\n");
        let text = description(&one, &ChartWords::ENGLISH);
        assert!(text.contains(", 1 category from 2019 to 2019."), "{text}");
        let two = chart("title: T\ndata: x.csv\n", "year,value\n2019,1\n2020,2\n");
        let text = description(&two, &ChartWords::ENGLISH);
        assert!(text.contains(", 2 categories from 2019 to 2020."), "{text}");
        let russian = ChartWords {
            language: "ru",
            categories: [
                "",
                "{n} значение",
                "",
                "{n} значения",
                "{n} значений",
                "{n} значения",
            ],
            ..ChartWords::ENGLISH
        };
        assert_eq!(russian.categories(1), "1 значение");
        assert_eq!(russian.categories(3), "3 значения");
        assert_eq!(russian.categories(11), "11 значений");
    }

    #[test]
    fn one_mark_per_value_and_ticks_cover_the_data() {
        let c = chart(
            "title: T\ndata: x.csv\n",
            "year,a,b\n2019,1.5,2\n2020,,3\n2021,4,5\n",
        );
        let svg = draw(&c, "fig:t", &ChartWords::ENGLISH, &[]);
        assert_eq!(svg.matches("class=\"mark ").count(), 5, "{svg}");
        assert!(svg.contains("<title id=\"fig:t-title\">T</title>"));
        let axis = Axis::new(&c);
        assert_eq!(axis.ticks.first(), Some(&0.0));
        assert!(*axis.ticks.last().unwrap() >= 5.0);
        let line = chart(
            "type: line\ntitle: T\ndata: x.csv\n",
            "year,a\n1,1\n2,\n3,2\n",
        );
        let svg = draw(&line, "l", &ChartWords::ENGLISH, &[]);
        // The gap breaks the line: two moves.
        assert_eq!(svg.matches('M').count(), 2, "{svg}");
        assert_eq!(svg.matches("<circle class=\"mark").count(), 2);
    }

    #[test]
    fn stacks_add_up_and_the_table_keeps_the_data_as_written() {
        let c = chart(
            "type: stacked-bar\ntitle: Stakes\ndata: x.csv\nunit: \"%\"\n",
            "project,Japan,Other\nSakhalin-1,30,70\nSakhalin-2,22.5,77.5\n",
        );
        assert_eq!(data_range(Kind::StackedBar, &c.series), (100.0, 100.0));
        let table = table_en(&c);
        assert!(
            table.contains("<th scope=\"row\">Sakhalin-2</th><td>22.5</td><td>77.5</td>"),
            "{table}"
        );
        assert!(table.contains("<th scope=\"col\">Japan (%)</th>"));
        assert!(description(&c, &ChartWords::ENGLISH)
            .starts_with("Stacked bar chart of Japan, Other by project"));
    }
}
