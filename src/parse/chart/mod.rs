//! Charts drawn from data at build time: a ```` ```chart ```` block's YAML spec
//! ([`spec`]) and its CSV data ([`data`]) become an inline SVG ([`svg`]) that needs no
//! script to be seen, with the data as a table for screen readers.
//!
//! The entry points are [`spec::read`] (the spec alone) and [`build`] (the spec with
//! its data's text); the Markdown renderer finds the data file between the two and
//! writes the figure around the result.

use std::ops::Range;

pub mod data;
pub mod spec;
pub mod svg;

use crate::model::diagnostics::did_you_mean;
use crate::model::labels::{plural_category, NumberMarks, PLURAL_CATEGORIES};
use spec::{Kind, Spec};

/// The words of a chart's description for people who cannot see it, in the page's
/// language (the `charts` labels of the theme's translation files), and the language,
/// whose marks its numbers are written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartWords<'a> {
    /// The page's language (`en`, `ru`).
    pub language: &'a str,
    /// "Bar chart", "Stacked bar chart", "Line chart".
    pub kinds: [&'a str; 3],
    /// What is measured over what: `{kind}`, `{measured}`, `{over}`, `{categories}`
    /// ("5 categories"), `{count}` (the number alone), `{first}`, `{last}`.
    pub summary: &'a str,
    /// Each series' range: `{series}`, `{high}`, `{high_at}`, `{low}`, `{low_at}`.
    pub range: &'a str,
    /// "{n} categories" in each plural form of [`PLURAL_CATEGORIES`] (empty: the
    /// language does not use it).
    pub categories: [&'a str; 6],
}

impl ChartWords<'static> {
    pub const ENGLISH: ChartWords<'static> = ChartWords {
        language: "en",
        kinds: ["Bar chart", "Stacked bar chart", "Line chart"],
        summary: "{kind} of {measured} by {over}, {categories} from {first} to {last}.",
        range: "{series}: highest {high} ({high_at}), lowest {low} ({low_at}).",
        categories: ["", "{n} category", "", "", "", "{n} categories"],
    };
}

impl ChartWords<'_> {
    /// How the page writes numbers.
    pub fn marks(&self) -> NumberMarks {
        NumberMarks::of(self.language)
    }

    /// "1 category", "5 categories", in the page's language.
    pub fn categories(&self, n: usize) -> String {
        let category = plural_category(self.language, n as u64);
        let form = |wanted: &str| {
            PLURAL_CATEGORIES
                .iter()
                .position(|c| *c == wanted)
                .map(|i| self.categories[i])
                .filter(|form| !form.is_empty())
        };
        form(category)
            .or_else(|| form("other"))
            .unwrap_or("{n}")
            .replace("{n}", &n.to_string())
    }
}

impl Default for ChartWords<'_> {
    fn default() -> Self {
        ChartWords::ENGLISH
    }
}

/// A chart ready to draw: its spec and its data as categories and series.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub spec: Spec,
    /// The header of the column of categories.
    pub x_name: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
}

/// One column of values.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    /// A value per category; `None` where the cell is empty.
    pub values: Vec<Option<f64>>,
    /// The cells as written, for the data table and tooltips.
    pub texts: Vec<String>,
    /// How many decimals each cell is written with.
    pub places: Vec<usize>,
}

impl Series {
    /// The most decimals a cell is written with (labels on bars show as many).
    pub fn decimals(&self) -> usize {
        self.places.iter().copied().max().unwrap_or(0)
    }
}

impl Series {
    /// Cell `row` as a page in `marks` shows it: as written on a page that writes
    /// numbers with a decimal point (`1,234.5`, as data files mostly do); else its value
    /// in the page's marks, with as many decimals as written (`1,5` on a Russian page).
    pub fn shown(&self, row: usize, marks: NumberMarks) -> String {
        match self.values[row] {
            Some(value) if marks != NumberMarks::POINT => marks.format(value, self.places[row]),
            _ => self.texts[row].clone(),
        }
    }
}

/// Where a problem of a chart is: in its spec, or in its CSV text (a file's, or the
/// spec's inline data).
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    Spec(Range<usize>),
    Csv(Range<usize>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChartProblem {
    pub message: String,
    pub hint: String,
    pub at: Place,
}

/// Reads `csv` (the chart's data) for `spec`: the columns it names must exist and
/// hold numbers. Every problem is reported at once.
pub fn build(spec: Spec, csv: &str) -> Result<Chart, Vec<ChartProblem>> {
    let (table, csv_problems) = data::read(csv);
    let mut problems: Vec<ChartProblem> = csv_problems
        .into_iter()
        .map(|p| ChartProblem {
            message: p.message,
            hint: p.hint,
            at: Place::Csv(p.at),
        })
        .collect();
    let Some(table) = table else {
        return Err(problems);
    };
    let headers: Vec<&str> = table.columns.iter().map(|c| c.text.trim()).collect();
    let mut find = |named: &spec::Named, role: &str| -> Option<usize> {
        let found = headers.iter().position(|h| *h == named.name).or_else(|| {
            headers
                .iter()
                .position(|h| h.eq_ignore_ascii_case(&named.name))
        });
        if found.is_none() {
            let hint = match did_you_mean(&named.name, headers.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("the data's columns are `{}`", headers.join("`, `")),
            };
            problems.push(ChartProblem {
                message: format!("{role} `{}` is not a column of the data", named.name),
                hint,
                at: Place::Spec(named.at.clone()),
            });
        }
        found
    };
    let x = spec
        .x
        .as_ref()
        .map_or(Some(0), |x| find(x, "the category column"));
    let named: Vec<Option<usize>> = spec.y.iter().map(|y| find(y, "the value column")).collect();
    // The columns found are read even when another is missing, for their problems.
    let y: Vec<usize> = if spec.y.is_empty() {
        // Every column but the categories, when they are known.
        x.map_or_else(Vec::new, |x| {
            (0..headers.len()).filter(|&c| c != x).collect()
        })
    } else {
        named.iter().flatten().copied().collect()
    };
    if spec.y.is_empty() && y.is_empty() && x.is_some() {
        problems.push(ChartProblem {
            message: "the data has no column of values".to_string(),
            hint: "write a column of categories, then one column of numbers per series".to_string(),
            at: Place::Csv(table.columns[0].at.clone()),
        });
        return Err(problems);
    }
    let series = read_series(&spec, &table, &y, &mut problems);
    if table.rows.is_empty() {
        problems.push(ChartProblem {
            message: "the data has a header but no rows".to_string(),
            hint: "write one row per category under the header".to_string(),
            at: Place::Csv(table.columns[0].at.clone()),
        });
    }
    if problems.is_empty() {
        check_range(&spec, &series, &mut problems);
    }
    let (Some(x), true) = (x, problems.is_empty()) else {
        return Err(problems);
    };
    Ok(Chart {
        x_name: headers[x].to_string(),
        categories: table
            .rows
            .iter()
            .map(|r| r[x].text.trim().to_string())
            .collect(),
        series,
        spec,
    })
}

/// The value columns `columns` of `table` as series; cells that are not numbers (or
/// negative in a stacked chart) are problems.
fn read_series(
    spec: &Spec,
    table: &data::Table,
    columns: &[usize],
    problems: &mut Vec<ChartProblem>,
) -> Vec<Series> {
    let mut series = Vec::new();
    for &column in columns {
        let mut values = Vec::new();
        let mut texts = Vec::new();
        let mut places = Vec::new();
        for row in &table.rows {
            let cell = &row[column];
            places.push(data::decimals(&cell.text, table.separator));
            let value = match data::number(&cell.text, table.separator) {
                Ok(value) => value,
                Err(()) => {
                    problems.push(ChartProblem {
                        message: format!(
                            "`{}` in column `{}` is not a number",
                            cell.text.trim(),
                            table.columns[column].text.trim()
                        ),
                        hint: "write plain numbers (`5.26`, `1,234`), the unit in the spec's `unit:`; leave the cell empty for a missing value".to_string(),
                        at: Place::Csv(cell.at.clone()),
                    });
                    None
                }
            };
            if spec.kind == Kind::StackedBar && value.is_some_and(|v| v < 0.0) {
                problems.push(ChartProblem {
                    message: format!(
                        "a stacked bar cannot have the negative value `{}`",
                        cell.text.trim()
                    ),
                    hint: "use `type: bar` for data with negative values".to_string(),
                    at: Place::Csv(cell.at.clone()),
                });
            }
            values.push(value);
            texts.push(cell.text.trim().to_string());
        }
        if values.iter().all(Option::is_none) && !table.rows.is_empty() {
            problems.push(ChartProblem {
                message: format!(
                    "column `{}` has no values",
                    table.columns[column].text.trim()
                ),
                hint: "fill in the column, or leave it out of `y:`".to_string(),
                at: Place::Csv(table.columns[column].at.clone()),
            });
        }
        series.push(Series {
            name: table.columns[column].text.trim().to_string(),
            values,
            texts,
            places,
        });
    }
    series
}

/// `y_min` and `y_max` must leave every value on the chart.
fn check_range(spec: &Spec, series: &[Series], problems: &mut Vec<ChartProblem>) {
    let (low, high) = svg::data_range(spec.kind, series);
    if let Some(min) = spec.y_min.as_ref().filter(|m| m.value > low) {
        problems.push(ChartProblem {
            message: format!("`y_min: {}` is above the smallest value, {low}", min.value),
            hint: "leave `y_min` out, or lower it".to_string(),
            at: Place::Spec(min.at.clone()),
        });
    }
    if let Some(max) = spec.y_max.as_ref().filter(|m| m.value < high) {
        problems.push(ChartProblem {
            message: format!("`y_max: {}` is below the largest value, {high}", max.value),
            hint: "leave `y_max` out, or raise it".to_string(),
            at: Place::Spec(max.at.clone()),
        });
    }
}
