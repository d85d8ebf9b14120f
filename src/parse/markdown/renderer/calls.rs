//! Component calls in a body (`{{< pullquote by="Abe" >}}...{{< /pullquote >}}`):
//! found among the shortcodes before rendering, checked against the components'
//! declarations, and replaced by what the component renders.
//!
//! A call alone on its line is a block: before the body is parsed it is turned into an
//! HTML comment of the same length (so every position stays where it was), which
//! CommonMark makes a block of its own even inside a paragraph. What lies between an
//! opening and a closing call is rendered as Markdown and given to the component as
//! its `body`. A call inside a line is inline and has no body.

use std::ops::Range;

use pulldown_cmark::{html, CowStr, Event, Tag, TagEnd};

use super::Renderer;
use crate::config::RawHtml;
use crate::model::body::BodyProblem;
use crate::model::diagnostics::{did_you_mean, Diagnostic};
use crate::parse::components::{self, Components, Written};

/// One call of a component.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    /// Where it is in the body.
    pub range: Range<usize>,
    pub written: Written,
    /// Alone on its line.
    pub block: bool,
    /// For an opening call, its closing call.
    pub partner: Option<usize>,
    /// Not to be rendered (its problems are reported).
    pub broken: bool,
    done: bool,
}

/// The calls of a body, in order.
#[derive(Debug, Default)]
pub(crate) struct Calls {
    calls: Vec<Call>,
}

/// An opening call whose content is being gathered.
pub(crate) struct OpenCall {
    index: usize,
}

/// What planning the calls found.
pub(crate) struct Planned {
    pub calls: Calls,
    /// Shortcodes shown as text: no component has their name.
    pub text: Vec<Range<usize>>,
    /// Those of them to warn about (the others are errors already).
    pub warn: Vec<Range<usize>>,
    pub problems: Vec<BodyProblem>,
}

impl Calls {
    /// Sorts the `shortcodes` of `body` (ranges in the body) into calls of
    /// `components` and text.
    pub(crate) fn plan(
        body: &str,
        body_offset: usize,
        shortcodes: &[Range<usize>],
        components: Option<&Components>,
    ) -> Planned {
        let (mut shown, mut warn, mut problems) = (Vec::new(), Vec::new(), Vec::new());
        let mut problem = |diagnostic: Diagnostic, at: Range<usize>| {
            problems.push(BodyProblem {
                problem: diagnostic,
                at: Some((body_offset + at.start, at.len().max(1))),
            });
        };
        let mut calls = Vec::new();
        for range in shortcodes {
            let text = &body[range.clone()];
            let name = super::super::shortcodes::name(text).trim_start_matches('/');
            if components.is_none_or(|c| c.arguments(name).is_none()) {
                shown.push(range.clone());
                match components.and_then(|c| did_you_mean(name, c.names())) {
                    Some(close) => problem(
                        Diagnostic::error(
                            "E-unknown-component",
                            format!("no component is called `{name}`"),
                        )
                        .hint(format!("did you mean `{close}`?")),
                        range.clone(),
                    ),
                    None => warn.push(range.clone()),
                }
                continue;
            }
            match components::read_call(text) {
                Ok(written) => calls.push(Call {
                    range: range.clone(),
                    block: alone_on_its_line(body, range),
                    written,
                    partner: None,
                    broken: false,
                    done: false,
                }),
                Err((message, hint, at)) => {
                    problem(
                        Diagnostic::error("E-component-argument", message).hint(hint),
                        range.start + at.start..range.start + at.end,
                    );
                    calls.push(Call {
                        range: range.clone(),
                        block: alone_on_its_line(body, range),
                        written: Written {
                            name: name.to_string(),
                            name_at: 0..0,
                            closing: text.contains("{{< /") || text.contains("{{% /"),
                            arguments: Vec::new(),
                        },
                        partner: None,
                        broken: true,
                        done: false,
                    });
                }
            }
        }
        pair(&mut calls, &mut problem);
        Planned {
            calls: Calls { calls },
            text: shown,
            warn,
            problems,
        }
    }

    /// `body` with every block call turned into an HTML comment of the same length;
    /// `None` when there is none.
    pub(crate) fn rewrite(&self, body: &str) -> Option<String> {
        let blocks: Vec<&Call> = self.calls.iter().filter(|c| c.block).collect();
        if blocks.is_empty() {
            return None;
        }
        let mut out = body.as_bytes().to_vec();
        for call in blocks {
            let range = call.range.clone();
            for (i, byte) in out[range.clone()].iter_mut().enumerate() {
                *byte = match (i, range.len() - i) {
                    (0, _) => b'<',
                    (1, _) => b'!',
                    (2 | 3, _) => b'-',
                    (_, 3 | 2) => b'-',
                    (_, 1) => b'>',
                    _ if *byte == b'\n' => b'\n',
                    _ => b' ',
                };
            }
        }
        String::from_utf8(out).ok()
    }

    /// The call overlapping `range`, if any.
    fn at(&self, range: &Range<usize>) -> Option<usize> {
        self.calls
            .iter()
            .position(|c| c.range.start < range.end && range.start < c.range.end)
    }
}

/// Pairs each closing call with the opening call it closes; a closing call that
/// closes nothing, and content between calls that are not alone on their lines, are
/// problems.
fn pair(calls: &mut [Call], problem: &mut impl FnMut(Diagnostic, Range<usize>)) {
    let mut open: Vec<usize> = Vec::new();
    for index in 0..calls.len() {
        if !calls[index].written.closing {
            open.push(index);
            continue;
        }
        let name = calls[index].written.name.clone();
        match open.iter().rposition(|&o| calls[o].written.name == name) {
            Some(position) => {
                let opener = open.remove(position);
                open.truncate(position);
                if calls[opener].block && calls[index].block {
                    calls[opener].partner = Some(index);
                } else {
                    calls[opener].broken = true;
                    calls[index].broken = true;
                    problem(
                        Diagnostic::error(
                            "E-component",
                            format!("the content of `{name}` must start and end on lines of their own"),
                        )
                        .hint(format!("put `{{{{< {name} >}}}}` and `{{{{< /{name} >}}}}` each on a line of its own")),
                        calls[opener].range.clone(),
                    );
                }
            }
            None => {
                calls[index].broken = true;
                problem(
                    Diagnostic::error(
                        "E-component",
                        format!("`{{{{< /{name} >}}}}` closes no `{{{{< {name} >}}}}`"),
                    )
                    .hint("remove it, or open the component before it"),
                    calls[index].range.clone(),
                );
            }
        }
    }
}

/// Whether `range` is alone on its line (but for a quote's `>` markers and spaces).
fn alone_on_its_line(body: &str, range: &Range<usize>) -> bool {
    let line_start = body[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = body[range.end..]
        .find('\n')
        .map_or(body.len(), |i| range.end + i);
    body[line_start..range.start]
        .chars()
        .all(|c| c == ' ' || c == '\t' || c == '>')
        && body[range.end..line_end].trim().is_empty()
}

/// Whether a value is an address that runs script when followed.
fn runs_script(value: &str) -> bool {
    let cleaned: String = value
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let cleaned = cleaned
        .trim_start_matches(|c: char| c <= ' ')
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|scheme| cleaned.starts_with(scheme))
}

impl Renderer<'_> {
    /// Takes the events of component calls.
    pub(super) fn call_event(&mut self, event: &Event, range: &Range<usize>) -> bool {
        // Only the events a call is made of: its HTML block, or its text. Elements
        // around a call (a paragraph, a quote) overlap it too.
        let leaf = matches!(
            event,
            Event::Text(_) | Event::InlineHtml(_) | Event::Html(_)
        );
        let block_event = matches!(
            event,
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock)
        );
        if !leaf && !block_event {
            return false;
        }
        let Some(index) = self.rich.calls.at(range) else {
            return false;
        };
        let call = self.rich.calls.calls[index].clone();
        if call.block {
            if matches!(event, Event::Html(_)) && !call.done {
                self.rich.calls.calls[index].done = true;
                self.block_call(index, &call);
            }
            return true;
        }
        if block_event {
            return false;
        }
        if range.start < call.range.start {
            self.emit_source(range.start..call.range.start);
        }
        if !call.done {
            self.rich.calls.calls[index].done = true;
            if !call.broken {
                if let Some(html) = self.render_call(&call, "") {
                    self.emit_html(html);
                }
            }
        }
        if range.end > call.range.end {
            self.emit_source(call.range.end..range.end);
        }
        true
    }

    /// Text of the body as written, around an inline call.
    fn emit_source(&mut self, range: Range<usize>) {
        let text = self.source.get(range).unwrap_or_default().to_string();
        self.word_count += super::count_words(&text);
        self.block_text.push_str(&text);
        self.emit(Event::Text(CowStr::from(text)));
    }

    fn block_call(&mut self, index: usize, call: &Call) {
        if call.written.closing {
            let Some(opened) = self
                .rich
                .open_calls
                .last()
                .filter(|o| self.rich.calls.calls[o.index].partner == Some(index))
            else {
                return;
            };
            let opener = self.rich.calls.calls[opened.index].clone();
            self.rich.open_calls.pop();
            self.flush_text();
            let events = self.rich.end_capture();
            let mut body = String::new();
            html::push_html(&mut body, events.into_iter());
            if let Some(html) = self.render_call(&opener, &body) {
                self.emit(Event::Html(CowStr::from(html + "\n")));
            }
            return;
        }
        if call.partner.is_some() && !call.broken {
            self.rich.open_calls.push(OpenCall { index });
            let in_definition = self.current_definition.is_some();
            self.rich.start_capture(in_definition);
            return;
        }
        if !call.broken {
            if let Some(html) = self.render_call(call, "") {
                self.emit(Event::Html(CowStr::from(html + "\n")));
            }
        }
    }

    /// What a call renders: its arguments checked against the component's
    /// declaration, every problem reported at its place; `None` when there are any.
    fn render_call(&mut self, call: &Call, body: &str) -> Option<String> {
        let components = self.rich.components?;
        let name = &call.written.name;
        let declared = components.arguments(name)?;
        let at = |r: &Range<usize>| self.body_offset + call.range.start + r.start;
        let mut values = Vec::new();
        let mut problems = Vec::new();
        for argument in &call.written.arguments {
            let place = (at(&argument.at), argument.at.len());
            let Some(declaration) = declared.iter().find(|d| d.name == argument.name) else {
                let names: Vec<&str> = declared.iter().map(|d| d.name.as_str()).collect();
                let hint = match did_you_mean(&argument.name, names.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None if names.is_empty() => format!("`{name}` takes no arguments"),
                    None => format!("`{name}` takes `{}`", names.join("`, `")),
                };
                problems.push((
                    Diagnostic::error(
                        "E-component-argument",
                        format!("component `{name}` has no argument `{}`", argument.name),
                    )
                    .hint(hint),
                    place,
                ));
                continue;
            };
            if values.iter().any(|(n, _)| *n == argument.name) {
                problems.push((
                    Diagnostic::error(
                        "E-component-argument",
                        format!("`{}` is given twice", argument.name),
                    )
                    .hint("give each argument once"),
                    place,
                ));
                continue;
            }
            match components::typed(&argument.value, declaration.kind) {
                Ok(value) => {
                    let script = value.as_str().is_some_and(runs_script);
                    if script && self.raw_html == RawHtml::Escape {
                        problems.push((
                            Diagnostic::error(
                                "E-unsafe-url",
                                format!("`{}` is an address that runs script", argument.name),
                            )
                            .hint("use an http or https address"),
                            place,
                        ));
                        continue;
                    }
                    values.push((argument.name.clone(), value));
                }
                Err(why) => problems.push((
                    Diagnostic::error("E-component-argument", format!("`{}` {why}", argument.name))
                        .hint(format!("check the value given to `{}`", argument.name)),
                    place,
                )),
            }
        }
        for declaration in declared.iter().filter(|d| d.required) {
            if !call
                .written
                .arguments
                .iter()
                .any(|a| a.name == declaration.name)
            {
                let hint = format!("write `{}=\"...\"` in the call", declaration.name);
                let place = (at(&call.written.name_at), call.written.name_at.len());
                problems.push((
                    Diagnostic::error(
                        "E-component-argument",
                        format!("component `{name}` needs `{}`", declaration.name),
                    )
                    .hint(hint),
                    place,
                ));
            }
        }
        let failed = !problems.is_empty();
        for (problem, (offset, len)) in problems {
            self.rich.problem(problem, offset, len.max(1));
        }
        if failed {
            return None;
        }
        match components.render(name, &components::context(values), body) {
            Ok(html) => {
                let start = call.range.start;
                Some(self.raw_html(&html, |_| start, !call.block))
            }
            Err(message) => {
                let problem = Diagnostic::error(
                    "E-component",
                    format!("component `{name}` failed: {message}"),
                )
                .hint(format!(
                    "fix `shortcodes/{name}.html`, or the values given to it"
                ));
                self.rich.problem(
                    problem,
                    self.body_offset + call.range.start,
                    call.range.len(),
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_calls_become_comments_of_the_same_length() {
        let body = "Text\n{{< quote by=\"A\" >}}\nInside.\n{{< /quote >}}\nMore {{< x >}} inline.";
        let find = |needle: &str| {
            let start = body.find(needle).unwrap();
            start..start + needle.len()
        };
        let calls = Calls {
            calls: [
                find("{{< quote by=\"A\" >}}"),
                find("{{< /quote >}}"),
                find("{{< x >}}"),
            ]
            .into_iter()
            .map(|range| Call {
                block: alone_on_its_line(body, &range),
                range,
                written: Written {
                    name: "quote".into(),
                    name_at: 0..0,
                    closing: false,
                    arguments: Vec::new(),
                },
                partner: None,
                broken: false,
                done: false,
            })
            .collect(),
        };
        let rewritten = calls.rewrite(body).unwrap();
        assert_eq!(rewritten.len(), body.len());
        assert_eq!(&rewritten[5..25], "<!--             -->");
        assert!(!calls.calls[2].block);
        assert!(rewritten.contains("More {{< x >}} inline."));
        assert!(runs_script(" JavaScript:alert(1)"));
        assert!(!runs_script("Note: this"));
    }
}
