//! A chart's YAML spec, as written in a ```` ```chart ```` block: read and checked, every
//! problem at its place in the spec.

use std::ops::Range;

use serde_yaml::{Mapping, Value};

use crate::model::diagnostics::did_you_mean;
use crate::model::yaml::{self, Step};

/// The kinds of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Bar,
    StackedBar,
    Line,
}

impl Kind {
    pub const NAMES: [&'static str; 3] = ["bar", "stacked-bar", "line"];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Bar => "bar",
            Kind::StackedBar => "stacked-bar",
            Kind::Line => "line",
        }
    }

    /// Its place in [`super::ChartWords::kinds`].
    pub fn index(self) -> usize {
        match self {
            Kind::Bar => 0,
            Kind::StackedBar => 1,
            Kind::Line => 2,
        }
    }
}

/// Where a chart's data comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum DataSource {
    /// A CSV file, as written (relative to the brief), and where it is written.
    File { written: String, at: Range<usize> },
    /// CSV written in the spec itself (`data: |`), with where its text starts: the
    /// spec's line of its first row and the indentation of its lines.
    Inline {
        text: String,
        first_line: usize,
        indent: usize,
        at: Range<usize>,
    },
}

/// A name with where it is written in the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Named {
    pub name: String,
    pub at: Range<usize>,
}

/// A checked spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub kind: Kind,
    pub title: String,
    pub data: DataSource,
    /// The column of categories (default: the first).
    pub x: Option<Named>,
    /// The columns of values (default: every other column).
    pub y: Vec<Named>,
    pub x_label: Option<String>,
    pub y_label: Option<String>,
    pub unit: Option<String>,
    pub source: Option<String>,
    pub note: Option<String>,
    /// `fig:<name>`, without the prefix, and where it is written.
    pub label: Option<Named>,
    pub description: Option<String>,
    pub y_min: Option<Bound>,
    pub y_max: Option<Bound>,
}

/// `y_min` or `y_max`, and where it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub at: Range<usize>,
}

/// A problem in the spec: what, what to do, where (bytes of the spec).
#[derive(Debug, Clone, PartialEq)]
pub struct SpecProblem {
    pub message: String,
    pub hint: String,
    pub at: Range<usize>,
}

const KEYS: [&str; 14] = [
    "type",
    "title",
    "data",
    "x",
    "y",
    "x_label",
    "y_label",
    "unit",
    "source",
    "note",
    "label",
    "description",
    "y_min",
    "y_max",
];

/// Reads and checks `text`, reporting every problem at once. The spec comes back with
/// its problems whenever it names its data, so that the data is checked in the same
/// build (an unknown `type:` is read as `bar`, a missing title as empty).
pub fn read(text: &str) -> (Option<Spec>, Vec<SpecProblem>) {
    let value: Value = match serde_yaml::from_str(text) {
        Ok(value) => value,
        Err(err) => {
            let at = err.location().map_or(0, |l| l.index()).min(text.len());
            return (None, vec![SpecProblem {
                message: format!("the chart's spec is not valid YAML: {}", yaml::serde_message(&err)),
                hint: "write the spec as `key: value` lines: `type: bar`, `title: ...`, `data: file.csv`".to_string(),
                at: at..at + 1,
            }]);
        }
    };
    let Some(map) = value.as_mapping() else {
        return (
            None,
            vec![SpecProblem {
                message: "the chart's spec is empty or not a list of `key: value` lines"
                    .to_string(),
                hint: "start with `type: bar`, `title: ...` and `data: file.csv`".to_string(),
                at: 0..text.len().min(1),
            }],
        );
    };
    let mut reader = Reader {
        text,
        map,
        problems: Vec::new(),
    };
    reader.unknown_keys();
    let spec = reader.spec();
    (spec, reader.problems)
}

struct Reader<'a> {
    text: &'a str,
    map: &'a Mapping,
    problems: Vec<SpecProblem>,
}

impl Reader<'_> {
    /// Where the value of `key` is (or the key itself, or the start).
    fn place(&self, key: &str, value: bool) -> Range<usize> {
        match yaml::find(self.text, &[Step::Key(key)]) {
            Some(found) if value => found.value,
            Some(found) => found.key.unwrap_or(found.value),
            None => 0..self.text.len().min(1),
        }
    }

    fn problem(&mut self, at: Range<usize>, message: String, hint: impl Into<String>) {
        self.problems.push(SpecProblem {
            message,
            hint: hint.into(),
            at,
        });
    }

    fn unknown_keys(&mut self) {
        for key in self.map.keys() {
            let name = key
                .as_str()
                .map_or_else(|| format!("{key:?}"), str::to_string);
            if KEYS.contains(&name.as_str()) {
                continue;
            }
            let hint = match did_you_mean(&name, KEYS) {
                Some(known) => format!("did you mean `{known}`?"),
                None => format!("a chart's spec takes `{}`", KEYS.join("`, `")),
            };
            let at = self.place(&name, false);
            self.problem(
                at,
                format!("unknown key `{name}` in the chart's spec"),
                hint,
            );
        }
    }

    /// A text value: a string, or a number written as one.
    fn text(&mut self, key: &str) -> Option<String> {
        let value = self.map.get(key)?;
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => {
                let at = self.place(key, true);
                self.problem(
                    at,
                    format!("`{key}` must be a text"),
                    format!("write `{key}: ...` on one line, or quote it"),
                );
                None
            }
        }
    }

    fn number(&mut self, key: &str) -> Option<Bound> {
        let value = self.map.get(key)?;
        let at = self.place(key, true);
        match value.as_f64() {
            Some(n) if n.is_finite() => Some(Bound { value: n, at }),
            _ => {
                self.problem(
                    at,
                    format!("`{key}` must be a number"),
                    format!("write it without units, e.g. `{key}: 0`"),
                );
                None
            }
        }
    }

    fn spec(&mut self) -> Option<Spec> {
        let kind = self.kind();
        let title = self.text("title").filter(|t| !t.trim().is_empty());
        if title.is_none() && self.map.get("title").is_none() {
            self.problem(
                0..self.text.len().min(1),
                "the chart has no `title`".to_string(),
                "add `title: ...`: it is the figure's caption and what screen readers announce",
            );
        }
        let data = self.data();
        let x = self.text("x").map(|name| Named {
            at: self.place("x", true),
            name,
        });
        let y = self.columns();
        let label = self.text("label").map(|written| {
            let at = self.place("label", true);
            Named {
                name: written.strip_prefix("fig:").unwrap_or(&written).to_string(),
                at,
            }
        });
        let (y_min, y_max) = (self.number("y_min"), self.number("y_max"));
        Some(Spec {
            kind: kind.unwrap_or(Kind::Bar),
            title: title.unwrap_or_default(),
            data: data?,
            x,
            y,
            x_label: self.text("x_label"),
            y_label: self.text("y_label"),
            unit: self.text("unit"),
            source: self.text("source"),
            note: self.text("note"),
            label,
            description: self.text("description"),
            y_min,
            y_max,
        })
    }

    fn kind(&mut self) -> Option<Kind> {
        let Some(written) = self.text("type") else {
            return (self.map.get("type").is_none()).then_some(Kind::Bar);
        };
        match written
            .trim()
            .to_ascii_lowercase()
            .replace('_', "-")
            .as_str()
        {
            "bar" | "bars" | "column" => Some(Kind::Bar),
            "stacked-bar" | "stacked" | "stacked-bars" => Some(Kind::StackedBar),
            "line" | "lines" => Some(Kind::Line),
            _ => {
                let at = self.place("type", true);
                let hint = match did_you_mean(&written, Kind::NAMES) {
                    Some(known) => format!("did you mean `{known}`?"),
                    None => format!("charts are `{}`", Kind::NAMES.join("`, `")),
                };
                self.problem(at, format!("unknown chart type `{written}`"), hint);
                None
            }
        }
    }

    fn data(&mut self) -> Option<DataSource> {
        let Some(written) = self.text("data") else {
            if self.map.get("data").is_none() {
                self.problem(
                    0..self.text.len().min(1),
                    "the chart has no `data`".to_string(),
                    "name a CSV file beside the brief (`data: budget.csv`), or write the rows under `data: |`",
                );
            }
            return None;
        };
        let at = self.place("data", true);
        if !written.contains('\n') {
            return Some(DataSource::File {
                written: written.trim().to_string(),
                at,
            });
        }
        // A block scalar (`data: |`): its rows start on the next line.
        let key = self.place("data", false);
        let key_line = self.text[..key.start].matches('\n').count();
        let after_key = self.text[key.end..].lines().next().unwrap_or("");
        let block = after_key
            .trim_start_matches([':', ' '])
            .starts_with(['|', '>']);
        let first_line = key_line + usize::from(block);
        let indent = self
            .text
            .lines()
            .skip(first_line)
            .find(|l| !l.trim().is_empty())
            .map_or(0, |l| l.len() - l.trim_start().len());
        Some(DataSource::Inline {
            text: written,
            first_line: if block { first_line } else { usize::MAX },
            indent,
            at,
        })
    }

    /// `y: budget` or `y: [a, b]`.
    fn columns(&mut self) -> Vec<Named> {
        let Some(value) = self.map.get("y") else {
            return Vec::new();
        };
        let names: Vec<Option<String>> = match value {
            Value::Sequence(items) => items
                .iter()
                .map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect(),
            Value::String(s) => vec![Some(s.clone())],
            Value::Number(n) => vec![Some(n.to_string())],
            _ => vec![None],
        };
        let sequence = value.is_sequence();
        let mut columns = Vec::new();
        for (index, name) in names.into_iter().enumerate() {
            let at = if sequence {
                yaml::find(self.text, &[Step::Key("y"), Step::Item(index)])
                    .map_or_else(|| self.place("y", true), |f| f.value)
            } else {
                self.place("y", true)
            };
            match name {
                Some(name) => columns.push(Named { name, at }),
                None => self.problem(
                    at,
                    "`y` names columns of the data".to_string(),
                    "write `y: column` or `y: [column, other]`",
                ),
            }
        }
        columns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_with_inline_data() {
        let text = "type: line\ntitle: Budget\ndata: |\n  year,value\n  2019,5.26\ny: [value]\nlabel: fig:budget\n";
        let (spec, problems) = read(text);
        assert!(problems.is_empty());
        let spec = spec.unwrap();
        assert_eq!(spec.kind, Kind::Line);
        assert_eq!(spec.label.unwrap().name, "budget");
        match spec.data {
            DataSource::Inline {
                text: csv,
                first_line,
                indent,
                ..
            } => {
                assert_eq!(csv, "year,value\n2019,5.26\n");
                assert_eq!((first_line, indent), (3, 2));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(spec.y[0].name, "value");
        assert_eq!(&text[spec.y[0].at.clone()], "value");
    }

    #[test]
    fn every_problem_is_reported_at_its_place() {
        let text = "type: pie\ntitel: X\n";
        let (spec, problems) = read(text);
        assert!(spec.is_none(), "no data to check");
        let messages: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.message.as_str(), &text[p.at.clone()]))
            .collect();
        assert!(messages.contains(&("unknown key `titel` in the chart's spec", "titel")));
        assert!(messages.contains(&("unknown chart type `pie`", "pie")));
        assert!(problems.iter().any(|p| p.message.contains("no `data`")));
        assert!(problems.iter().any(|p| p.message.contains("no `title`")));
    }
}
