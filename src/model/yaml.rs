//! Where keys and values are in YAML text, for diagnostics.
//!
//! `serde_yaml` reads the values but forgets where they were written. When a problem
//! needs a place, the text is read again with an event parser that keeps the marks of
//! every node (`saphyr-parser`), and the node is found by its path (`topics`, item 2).
//! Only diagnostics pay for this second reading; a site without problems never does.

use std::ops::Range;

use std::path::Path;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use crate::model::diagnostics::{self, Diagnostic};

/// One step of a path into a YAML document: a mapping key or a sequence position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step<'a> {
    Key(&'a str),
    Item(usize),
}

/// Where a node was found: byte ranges in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The key, when the last step of the path is a key.
    pub key: Option<Range<usize>>,
    /// The value: a scalar as written (quotes included), or a whole list or mapping.
    pub value: Range<usize>,
}

/// A place in a YAML document, kept with a value read from it so that later stages can
/// point at it: the path of the value from the document's top-level mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Place {
    pub key: &'static str,
    /// The position in the key's list, for a value that is an item of one.
    pub item: Option<usize>,
}

impl Place {
    pub fn key(key: &'static str) -> Place {
        Place { key, item: None }
    }

    pub fn item(key: &'static str, item: usize) -> Place {
        Place {
            key,
            item: Some(item),
        }
    }

    /// The path of the place, for [`find`].
    pub fn path(&self) -> Vec<Step<'static>> {
        let mut path = vec![Step::Key(self.key)];
        path.extend(self.item.map(Step::Item));
        path
    }
}

/// Finds the node at `path` in `text`. `None` when the text has no such node, or is not
/// YAML this parser reads.
pub fn find(text: &str, path: &[Step]) -> Option<Found> {
    let mut walker = Walker {
        target: path,
        path: Vec::new(),
        frames: Vec::new(),
        found: None,
        open_target: None,
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        if walker.event(event, span) {
            break;
        }
    }
    let found = walker.found?;
    let mut value = byte_range(text, found.value);
    if matches!(path.last(), Some(Step::Item(_))) {
        value.start = with_dash(text, value.start);
    }
    Some(Found {
        key: found.key.map(|key| byte_range(text, key)),
        value,
    })
}

/// An item of a block list is shown from its `-`: the parser's mark is where the item's
/// own node starts, after it.
fn with_dash(text: &str, start: usize) -> usize {
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..start];
    match before.trim_end().strip_suffix('-') {
        Some(indent) if indent.trim().is_empty() => line_start + indent.len(),
        _ => start,
    }
}

/// The byte range of the characters `start..end`, with trailing whitespace (the line
/// break a block collection ends at) left out.
fn byte_range(text: &str, (start, end): Chars) -> Range<usize> {
    let byte = |chars: usize| {
        text.char_indices()
            .nth(chars)
            .map_or(text.len(), |(offset, _)| offset)
    };
    let start = byte(start);
    let end = byte(end).max(start);
    start..start + text[start..end].trim_end().len()
}

/// A range of characters, as the parser marks them.
type Chars = (usize, usize);

/// Where the target's key and value are, in characters.
struct Target {
    key: Option<Chars>,
    value: Chars,
}

enum Frame {
    /// In a mapping; the key of the value being read, once read (`None` for a key that
    /// is not a scalar, whose value no path can name).
    Mapping {
        key: Option<(String, Chars)>,
        reading_key: bool,
    },
    Sequence {
        index: usize,
    },
}

/// Follows the events, keeping the path of the node being read.
struct Walker<'p, 'a> {
    target: &'p [Step<'a>],
    path: Vec<Option<StepOwned>>,
    frames: Vec<Frame>,
    found: Option<Target>,
    /// The target is a collection that started at this character (at this depth, with
    /// this key); waiting for its end.
    open_target: Option<(Option<Chars>, usize, usize)>,
}

#[derive(Clone, PartialEq)]
enum StepOwned {
    Key(String),
    Item(usize),
}

impl Walker<'_, '_> {
    /// Handles one event; true once the target is found.
    fn event(&mut self, event: Event, span: Span) -> bool {
        let (start, end) = (span.start.index(), span.end.index());
        match event {
            Event::Scalar(value, style, ..) => {
                if self.reading_key() {
                    self.set_key(Some((value.into_owned(), (start, end))));
                    return false;
                }
                if self.at_target(None) {
                    // A quoted text is shown without its quotes: what the value is;
                    // an empty one (`""`) with them, as there is nothing else to show.
                    let quoted =
                        matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
                    let (start, end) = if quoted && end > start + 2 {
                        (start + 1, end - 1)
                    } else {
                        (start, end)
                    };
                    self.found = Some(Target {
                        key: self.current_key(),
                        value: (start, end),
                    });
                    return true;
                }
                self.value_done();
            }
            Event::Alias(_) => {
                if self.reading_key() {
                    self.set_key(None);
                    return false;
                }
                if self.at_target(None) {
                    self.found = Some(Target {
                        key: self.current_key(),
                        value: (start, end),
                    });
                    return true;
                }
                self.value_done();
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let step = if self.reading_key() {
                    // A key that is itself a collection: nothing below it is on a path.
                    self.set_key(None);
                    None
                } else {
                    self.step()
                };
                if self.open_target.is_none() && self.at_target(step.clone()) {
                    self.open_target = Some((self.current_key(), self.frames.len(), start));
                }
                self.path.push(step);
                self.frames
                    .push(if matches!(event, Event::MappingStart(..)) {
                        Frame::Mapping {
                            key: None,
                            reading_key: true,
                        }
                    } else {
                        Frame::Sequence { index: 0 }
                    });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.frames.pop();
                self.path.pop();
                if let Some((key, depth, from)) = self.open_target {
                    if depth == self.frames.len() {
                        self.found = Some(Target {
                            key,
                            value: (from, end.max(start)),
                        });
                        return true;
                    }
                }
                self.value_done();
            }
            _ => {}
        }
        false
    }

    fn reading_key(&self) -> bool {
        matches!(
            self.frames.last(),
            Some(Frame::Mapping {
                reading_key: true,
                ..
            })
        )
    }

    fn set_key(&mut self, key: Option<(String, Chars)>) {
        if let Some(Frame::Mapping {
            key: slot,
            reading_key,
        }) = self.frames.last_mut()
        {
            *slot = key;
            *reading_key = false;
        }
    }

    /// The step to the value being read now.
    fn step(&self) -> Option<StepOwned> {
        match self.frames.last()? {
            Frame::Mapping { key, .. } => key.as_ref().map(|(k, _)| StepOwned::Key(k.clone())),
            Frame::Sequence { index } => Some(StepOwned::Item(*index)),
        }
    }

    fn current_key(&self) -> Option<Chars> {
        match self.frames.last()? {
            Frame::Mapping { key, .. } => key.as_ref().map(|(_, span)| *span),
            Frame::Sequence { .. } => None,
        }
    }

    /// Whether the value being read now is the target (`step` is its last step when
    /// already computed).
    fn at_target(&self, step: Option<StepOwned>) -> bool {
        let Some(step) = step.or_else(|| self.step()) else {
            return false;
        };
        // The document's top node has no step of its own.
        let inner = self.path.get(1..).unwrap_or_default();
        if inner.len() + 1 != self.target.len() {
            return false;
        }
        inner
            .iter()
            .chain(std::iter::once(&Some(step)))
            .zip(self.target)
            .all(|(have, want)| match (have, want) {
                (Some(StepOwned::Key(k)), Step::Key(w)) => k == w,
                (Some(StepOwned::Item(i)), Step::Item(w)) => i == w,
                _ => false,
            })
    }

    /// A value of the current collection was read: the next one is a key or item.
    fn value_done(&mut self) {
        match self.frames.last_mut() {
            Some(Frame::Mapping { key, reading_key }) => {
                *key = None;
                *reading_key = true;
            }
            Some(Frame::Sequence { index }) => *index += 1,
            None => {}
        }
    }
}

/// A `serde_yaml` error in a whole file (`path`, whose text is `text`): `what` and the
/// parser's message, at the line and column the parser reports.
pub fn serde_error(
    err: &serde_yaml::Error,
    code: &'static str,
    what: &str,
    path: &Path,
    text: &str,
) -> Diagnostic {
    if let Some(unfinished) = unfinished(err).or_else(|| runaway_quote(text)) {
        return Diagnostic::error(
            code,
            format!("{what}: {}: {}", unfinished.what, serde_message(err)),
        )
        .in_file(path)
        .with_span(diagnostics::Span::from_line_column(
            text,
            unfinished.line,
            unfinished.column,
            1,
        ))
        .hint(unfinished.hint);
    }
    if let Some((at, key)) = duplicate_key(text, err) {
        return Diagnostic::error(code, format!("{what}: `{key}` is written twice"))
            .at(path, text, at, key.len())
            .hint(format!(
                "keep one `{key}:` and put what the two held together under it"
            ));
    }
    let problem = Diagnostic::error(code, format!("{what}: {}", serde_message(err))).in_file(path);
    match err.location() {
        Some(location) => {
            let problem = problem.with_span(diagnostics::Span::from_line_column(
                text,
                location.line(),
                location.column(),
                1,
            ));
            match indented_with_tab(text, location.index()) {
                true => problem.hint(TAB_HINT),
                false => problem,
            }
        }
        None => problem,
    }
}

/// What to do about YAML that does not parse, said where the error is: a tab in the
/// indentation of its line (YAML forbids tabs there, and its parser's words, "found
/// character that cannot start any token", do not say so), else the usual causes.
pub fn syntax_hint(text: &str, index: usize) -> &'static str {
    if indented_with_tab(text, index) {
        TAB_HINT
    } else {
        "check indentation and quoting; text containing `: ` must be in quotes"
    }
}

const TAB_HINT: &str =
    "YAML indents with spaces only: replace the tab at the start of this line with spaces";

/// Whether the line holding byte `index` of `text` has a tab in its indentation.
fn indented_with_tab(text: &str, index: usize) -> bool {
    let index = index.min(text.len());
    let start = text[..index].rfind('\n').map_or(0, |n| n + 1);
    text[start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .any(|c| c == '\t')
}

/// Where a key written twice in one mapping is written the second time, and the key.
/// serde_yaml names the key but places the error at the start of its mapping (often
/// the file's first line), far from either: the second `key:` at the mapping's
/// indentation, before the mapping ends, is the line to point at.
pub fn duplicate_key(text: &str, err: &serde_yaml::Error) -> Option<(usize, String)> {
    let message = err.to_string();
    let (_, rest) = message.split_once("duplicate entry with key \"")?;
    let (key, _) = rest.split_once('"')?;
    let location = err.location()?;
    let indent = location.column().saturating_sub(1);
    let start = offset_of(text, location.line(), 1);
    let written = format!("{key}:");
    let mut seen = 0;
    let mut at = start;
    for line in text[start..].split_inclusive('\n') {
        let content = line.trim_start_matches(' ');
        let this_indent = line.len() - content.len();
        let blank = content.trim().is_empty() || content.starts_with('#');
        if !blank && this_indent < indent {
            break;
        }
        if this_indent == indent && content.starts_with(&written) {
            seen += 1;
            if seen == 2 {
                return Some((at + this_indent, key.to_string()));
            }
        }
        at += line.len();
    }
    None
}

/// A quoted text, list or map a YAML parser never found the end of: where it starts
/// (1-based line and column), what it is, and what ends it. The parser notices only
/// where it gives up (the end of the front matter, a later line); the mistake is where
/// the unfinished value starts, which its message gives after ", while scanning a
/// quoted scalar at line L column C".
pub struct Unfinished {
    pub line: usize,
    pub column: usize,
    /// "this list (`[`) is never closed".
    pub what: &'static str,
    pub hint: &'static str,
}

/// The byte offset in `text` of a parser's place: `line` and `column` from 1, the
/// column in characters. The end of `text` when past it.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(end) => start += end + 1,
            None => return text.len(),
        }
    }
    let rest = &text[start..];
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// A quoted text that runs on past the end of its line, closed by a quote on a later
/// line that was meant to be inside some other text (`title: "Oil` then `... "Title"`),
/// making the rest of that line invalid YAML: `serde_yaml`'s error is there, the
/// mistake at the opening quote. `saphyr-parser` is stricter (the lines a quoted text
/// runs on to must be indented under its key) and stops at that quote. `text` is what
/// `serde_yaml` failed to read.
pub fn runaway_quote(text: &str) -> Option<Unfinished> {
    let error = Parser::new_from_str(text).find_map(Result::err)?;
    let mark = error.marker();
    error.info().contains("quoted scalar").then(|| Unfinished {
        line: mark.line(),
        column: mark.col() + 1,
        what: "this quoted text does not end on its line (a quote further down ends it)",
        hint: "end it with the quote it starts with, after its last word; a `\"` inside `\"...\"` is written `\\\"`",
    })
}

/// The [`Unfinished`] value of a `serde_yaml` error, if it is about one.
pub fn unfinished(err: &serde_yaml::Error) -> Option<Unfinished> {
    let message = err.to_string();
    let context = &message[message.find(", while ")? + ", while ".len()..];
    let (what, hint) = if context.contains("quoted scalar") {
        (
            "this quoted text is never closed",
            "end it with the quote it starts with (`\"` or `'`); a `\"` inside `\"...\"` is written `\\\"`",
        )
    } else if context.contains("flow sequence") {
        (
            "this list (`[`) is never closed",
            "end it with `]` after its last item; items are separated by `,`",
        )
    } else if context.contains("flow mapping") {
        (
            "this map (`{`) is never closed",
            "end it with `}` after its last field; fields are separated by `,`",
        )
    } else {
        return None;
    };
    let place = &context[context.find(" at line ")? + " at line ".len()..];
    let (line, column) = place.split_once(" column ")?;
    let column: String = column.chars().take_while(char::is_ascii_digit).collect();
    Some(Unfinished {
        line: line.parse().ok()?,
        column: column.parse().ok()?,
        what,
        hint,
    })
}

/// `serde_yaml` messages end with "at line X column Y"; diagnostics show the place
/// themselves. The types it expects are said as people say them: "expected a whole
/// number", not "expected usize".
pub fn serde_message(err: &serde_yaml::Error) -> String {
    let message = err.to_string();
    let message = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => &message,
    };
    const TYPES: &[(&str, &str)] = &[
        ("a nonzero usize", "a whole number, 1 or more (`10`)"),
        ("usize", "a whole number, 0 or more (`10`)"),
        ("u64", "a whole number, 0 or more (`10`)"),
        ("u32", "a whole number, 0 or more (`10`)"),
        ("u16", "a whole number, 0 or more (`10`)"),
        ("u8", "a whole number, 0 or more (`10`)"),
        ("i64", "a whole number (`10`)"),
        ("i32", "a whole number (`10`)"),
        ("f64", "a number (`1.5`)"),
        ("f32", "a number (`1.5`)"),
        ("a boolean", "`true` or `false`"),
        ("a string", "a text"),
    ];
    for (rust, human) in TYPES {
        if let Some(head) = message.strip_suffix(&format!("expected {rust}")) {
            return format!("{head}expected {human}");
        }
    }
    message.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_at(text: &str, range: Range<usize>) -> &str {
        &text[range]
    }

    #[test]
    fn an_unfinished_value_is_placed_where_it_starts() {
        let text = "title: é\nextra: {a: 1\nb: 2\n";
        let err = serde_yaml::from_str::<serde_yaml::Value>(text).unwrap_err();
        let found = unfinished(&err).unwrap();
        assert_eq!((found.line, found.column), (2, 8));
        assert_eq!(found.what, "this map (`{`) is never closed");
        assert_eq!(&text[offset_of(text, 2, 8)..], "{a: 1\nb: 2\n");
        assert_eq!(offset_of("é: x", 1, 3), "é:".len());
        assert_eq!(offset_of("a", 5, 1), 1);
        let err = serde_yaml::from_str::<serde_yaml::Value>("a: b: c\n").unwrap_err();
        assert!(unfinished(&err).is_none());
    }

    #[test]
    fn a_quote_closed_on_a_later_line_that_does_not_parse_is_found() {
        let text = "title: \"Oil\nsummary: >-\n  Read \"Title\" now.\ndate: 2024-01-01\n";
        let err = serde_yaml::from_str::<serde_yaml::Value>(text).unwrap_err();
        assert_eq!(err.location().unwrap().line(), 3);
        let found = runaway_quote(text).unwrap();
        assert_eq!((found.line, found.column), (1, 8));
        // A quoted text written on two lines on purpose, then a mistake elsewhere.
        let text = "title: \"Oil\n  and gas\"\nsummary: a: b\n";
        assert!(serde_yaml::from_str::<serde_yaml::Value>(text).is_err());
        assert!(runaway_quote(text).is_none());
    }

    #[test]
    fn an_empty_quoted_value_is_found_with_its_quotes() {
        let text = "title: \"\"\ndate: ''\n";
        let found = find(text, &[Step::Key("title")]).unwrap();
        assert_eq!(&text[found.value], "\"\"");
        let found = find(text, &[Step::Key("date")]).unwrap();
        assert_eq!(&text[found.value], "''");
    }

    #[test]
    fn finds_keys_values_and_items() {
        let text = "title: \"Title: topics\"\ntopics: [soft-power, hard-powr]\nseries:\n  name: S\n  part: 2\nlist:\n  - a\n  - é b\n";
        let found = find(text, &[Step::Key("topics"), Step::Item(1)]).unwrap();
        assert_eq!(text_at(text, found.value), "hard-powr");
        let found = find(text, &[Step::Key("topics")]).unwrap();
        assert_eq!(text_at(text, found.key.unwrap()), "topics");
        assert_eq!(text_at(text, found.value), "[soft-power, hard-powr]");
        let found = find(text, &[Step::Key("series"), Step::Key("part")]).unwrap();
        assert_eq!(text_at(text, found.value), "2");
        let found = find(text, &[Step::Key("list"), Step::Item(1)]).unwrap();
        assert_eq!(text_at(text, found.value), "- é b");
        let found = find(text, &[Step::Key("title")]).unwrap();
        assert_eq!(text_at(text, found.value), "Title: topics");
        assert!(find(text, &[Step::Key("missing")]).is_none());
        assert!(find(text, &[Step::Key("list"), Step::Item(2)]).is_none());
    }

    #[test]
    fn finds_entries_of_a_top_level_list() {
        let text = "- term: A\n  definition: x\n- term: B\n  definitoin: y\n";
        let found = find(text, &[Step::Item(1), Step::Key("definitoin")]).unwrap();
        assert_eq!(text_at(text, found.key.unwrap()), "definitoin");
        assert_eq!(text_at(text, found.value), "y");
        let found = find(text, &[Step::Item(1)]).unwrap();
        assert!(text_at(text, found.value).starts_with("- term: B"));
    }

    #[test]
    fn broken_yaml_finds_nothing() {
        assert!(find("a: [unclosed\n", &[Step::Key("a")]).is_none());
    }
}
