//! CSV as spreadsheets write it (RFC 4180: quoted fields, doubled quotes, CRLF or LF
//! lines; commas, semicolons or tabs between fields; a byte-order mark), read with the
//! place of every field so that a problem points at the cell.

use std::ops::Range;

/// A CSV table: a header row naming the columns, then rows of the same width.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Field>,
    pub rows: Vec<Vec<Field>>,
    /// The separator the header used (`,`, `;` or a tab).
    pub separator: char,
}

/// A field's text (quotes removed) and where it is in the CSV text.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub text: String,
    pub at: Range<usize>,
}

/// A problem in the CSV text: what, what to do, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvProblem {
    pub message: String,
    pub hint: String,
    pub at: Range<usize>,
}

/// Reads `text` as a CSV table, with a problem at each row whose width is not the
/// header's (left out of the table, so that the other rows are still checked); no
/// table when the text cannot be read as one.
pub fn read(text: &str) -> (Option<Table>, Vec<CsvProblem>) {
    let mut problems = Vec::new();
    match read_rows(text, &mut problems) {
        Ok(table) => (Some(table), problems),
        Err(problem) => {
            problems.push(problem);
            (None, problems)
        }
    }
}

fn read_rows(text: &str, problems: &mut Vec<CsvProblem>) -> Result<Table, CsvProblem> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_line = text[start..].lines().next().unwrap_or("");
    let separator = [',', ';', '\t']
        .into_iter()
        .max_by_key(|s| first_line.matches(*s).count())
        .filter(|s| first_line.contains(*s))
        .unwrap_or(',');
    let mut records = Records {
        text,
        at: start,
        separator,
    };
    let mut columns = None;
    let mut rows = Vec::new();
    while let Some(record) = records.next_record()? {
        if record.iter().all(|f| f.text.trim().is_empty()) {
            continue;
        }
        let Some(header) = &columns else {
            columns = Some(record);
            continue;
        };
        if record.len() != Vec::len(header) {
            let line = record.first().map_or(0..0, |f| f.at.clone());
            let whole = line.start..record.last().map_or(line.end, |f| f.at.end);
            problems.push(CsvProblem {
                message: format!(
                    "this row has {} values, but the header names {} columns",
                    record.len(),
                    Vec::len(header)
                ),
                hint: format!(
                    "give every row one value per column, separated by `{}`; leave a cell empty for a missing value",
                    separator.escape_default()
                ),
                at: whole,
            });
            continue;
        }
        rows.push(record);
    }
    let Some(columns) = columns else {
        return Err(CsvProblem {
            message: "the data is empty".to_string(),
            hint: "write a header row naming the columns, then one row per category".to_string(),
            at: 0..0,
        });
    };
    Ok(Table {
        columns,
        rows,
        separator,
    })
}

struct Records<'a> {
    text: &'a str,
    at: usize,
    separator: char,
}

impl Records<'_> {
    /// The next record, or `None` at the end of the text.
    fn next_record(&mut self) -> Result<Option<Vec<Field>>, CsvProblem> {
        if self.at >= self.text.len() {
            return Ok(None);
        }
        let mut fields = Vec::new();
        loop {
            let (field, ended) = self.next_field()?;
            fields.push(field);
            if ended {
                return Ok(Some(fields));
            }
        }
    }

    /// The next field, and whether it ended its record.
    fn next_field(&mut self) -> Result<(Field, bool), CsvProblem> {
        let text = self.text;
        let rest = &text[self.at..];
        if let Some(quoted) = rest.strip_prefix('"') {
            let start = self.at;
            let mut value = String::new();
            let mut i = 0;
            loop {
                let Some(quote) = quoted[i..].find('"') else {
                    return Err(CsvProblem {
                        message: "this quoted value is never closed".to_string(),
                        hint: "end the value with `\"`; write a quote inside a value as `\"\"`"
                            .to_string(),
                        at: start..start + 1,
                    });
                };
                value.push_str(&quoted[i..i + quote]);
                i += quote + 1;
                if quoted[i..].starts_with('"') {
                    value.push('"');
                    i += 1;
                } else {
                    break;
                }
            }
            let end = self.at + 1 + i;
            self.at = end;
            let ended = self.end_of_field(start)?;
            return Ok((
                Field {
                    text: value,
                    at: start..end,
                },
                ended,
            ));
        }
        let stop = rest
            .find([self.separator, '\n', '\r'])
            .unwrap_or(rest.len());
        let field = Field {
            text: rest[..stop].to_string(),
            at: self.at..self.at + stop,
        };
        self.at += stop;
        let ended = self.end_of_field(field.at.start)?;
        Ok((field, ended))
    }

    /// Steps over what ends a field: a separator (false) or a line end or the end of
    /// the text (true).
    fn end_of_field(&mut self, field_start: usize) -> Result<bool, CsvProblem> {
        let rest = &self.text[self.at..];
        let mut chars = rest.chars();
        match chars.next() {
            None => Ok(true),
            Some(c) if c == self.separator => {
                self.at += c.len_utf8();
                Ok(false)
            }
            Some('\n') => {
                self.at += 1;
                Ok(true)
            }
            Some('\r') => {
                self.at += if rest.starts_with("\r\n") { 2 } else { 1 };
                Ok(true)
            }
            Some(_) => Err(CsvProblem {
                message: "text follows the closing quote of this value".to_string(),
                hint: "put the whole value inside the quotes".to_string(),
                at: field_start..self.at + 1,
            }),
        }
    }
}

/// Reads a cell as a number: `1234.5`, `-3`, `1e3`, `1,234.5` (commas between groups
/// of three digits), or `1,5` (a decimal comma, when fields are separated by `;`).
/// `None` for an empty cell (a missing value); `Err` for text that is not a number.
pub(crate) fn number(text: &str, separator: char) -> Result<Option<f64>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let plain: String = if separator == ';' && !text.contains('.') {
        text.replacen(',', ".", 1)
    } else if is_grouped(text) {
        text.replace(',', "")
    } else {
        text.to_string()
    };
    let number_like = plain
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    match plain.parse::<f64>() {
        Ok(value) if number_like && value.is_finite() => Ok(Some(value)),
        _ => Err(()),
    }
}

/// How many decimals a number cell is written with, read as [`number`] reads it:
/// `5.26` and, with fields separated by `;`, `5,26` have two; `1,234` has none.
pub(crate) fn decimals(text: &str, separator: char) -> usize {
    let text = text.trim();
    let point = if separator == ';' && !text.contains('.') {
        ','
    } else {
        '.'
    };
    text.split_once(point).map_or(0, |(_, fraction)| {
        fraction.bytes().take_while(u8::is_ascii_digit).count()
    })
}

/// `1,234,567.5`: digits in groups of three separated by commas.
fn is_grouped(text: &str) -> bool {
    let digits = text.trim_start_matches(['-', '+']);
    let whole = digits.split('.').next().unwrap_or("");
    let groups: Vec<&str> = whole.split(',').collect();
    groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quotes_separators_and_places() {
        let text = "\u{feff}year,\"Budget, ¥ tn\"\r\n2019,5.26\n\n\"2020\",\"5.31\"\n";
        let (table, problems) = read(text);
        assert!(problems.is_empty());
        let table = table.unwrap();
        assert_eq!(table.columns[1].text, "Budget, ¥ tn");
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.rows[1][0].text, "2020");
        assert_eq!(&text[table.rows[0][1].at.clone()], "5.26");
        assert_eq!(
            [
                decimals("5.26", ','),
                decimals("1,234", ','),
                decimals("2,25", ';')
            ],
            [2, 0, 2]
        );
        let semicolons = read("a;b\nx;1,5\n").0.unwrap();
        assert_eq!(semicolons.separator, ';');
        assert_eq!(number(&semicolons.rows[0][1].text, ';'), Ok(Some(1.5)));
    }

    #[test]
    fn ragged_rows_and_open_quotes_are_located() {
        let text = "a,b\n1,2,3\n4,5\n6\n";
        let (table, problems) = read(text);
        let places: Vec<&str> = problems.iter().map(|p| &text[p.at.clone()]).collect();
        assert_eq!(places, ["1,2,3", "6"]);
        assert_eq!(
            table.unwrap().rows.len(),
            1,
            "the rows of the header's width"
        );
        let (table, problems) = read("a,b\n\"1,2\n");
        assert!(table.is_none());
        assert!(problems[0].message.contains("never closed"));
    }

    #[test]
    fn numbers_as_spreadsheets_write_them() {
        assert_eq!(number("1,234.5", ','), Ok(Some(1234.5)));
        assert_eq!(number(" -3 ", ','), Ok(Some(-3.0)));
        assert_eq!(number("", ','), Ok(None));
        assert_eq!(number("n/a", ','), Err(()));
        assert_eq!(number("12%", ','), Err(()));
        assert_eq!(number("inf", ','), Err(()));
        assert_eq!(number("1,23", ','), Err(()));
    }
}
