//! Markdown to HTML, plus what the link stage needs to know about the text: headings
//! (with unique ids), outgoing internal links (with their position and the sentence they
//! sit in), a word count and the body as plain text (for the search index).
//!
//! This stage never looks at other briefs. Internal links are left as placeholders in
//! the HTML ([`BodyPart::Href`]) and filled in by the render stage once the link stage
//! has resolved them, so a brief is parsed once even when the briefs it links to change.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use pulldown_cmark::{
    html, BrokenLink, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd,
};

use crate::glossary::Glossary;
use crate::slug::slugify;

/// What to do with raw HTML written inside Markdown (`markdown.raw_html` in config).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Pass it through (trusted authors; allows embeds and custom markup).
    #[default]
    Allow,
    /// Show it as text (untrusted authors; no script can be injected through a brief).
    Escape,
}

/// A piece of rendered body HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyPart {
    Html(String),
    /// The URL of outgoing link number N (index into [`RenderedMarkdown::links`]).
    Href(usize),
    /// The title of the target of link N, for wiki links written without text.
    LinkTitle(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    /// The heading as plain text.
    pub title: String,
}

/// Where an internal link points, as written by the author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// `other.md`, `../briefs/other.md#id`, `[[other]]`, `[[other#id]]`: a brief or page
    /// named by its slug.
    Document {
        name: String,
        anchor: Option<String>,
    },
    /// `[[topic:soft-power]]`, `[[region:japan]]`: a taxonomy term.
    Term { kind: String, slug: String },
    /// `/briefs/other/`: a path of this site.
    SitePath {
        path: String,
        anchor: Option<String>,
    },
    /// `#id`: a heading of the same page.
    Anchor(String),
    /// The first mention of a glossary term: `/glossary/#<slug>`.
    Glossary(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingLink {
    pub target: LinkTarget,
    /// The destination exactly as written (for diagnostics).
    pub written: String,
    /// The link's text as plain text (empty for wiki links without text).
    pub text: String,
    /// Byte offset and length of the whole link in the file.
    pub offset: usize,
    pub len: usize,
    /// The sentence (or heading) the link sits in, as plain text. For a wiki link
    /// without text it holds the destination as written where the title will show.
    pub context: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderedMarkdown {
    pub parts: Vec<BodyPart>,
    pub headings: Vec<Heading>,
    pub links: Vec<OutgoingLink>,
    pub word_count: usize,
    /// `[@key]` citations in order; the HTML holds a marker for each until
    /// [`RenderedMarkdown::fill_citations`] puts the formatted citation there.
    pub citations: Vec<Citation>,
    /// The visible text of the body (footnotes included, markup and raw HTML left
    /// out), blocks and lines separated by a space: what the search index reads.
    pub plain_text: String,
}

/// A pandoc-style citation: `[@nye2004]`, `[@nye2004, p. 12]`, `[@a; @b, pp. 3-4]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    pub items: Vec<CitedWork>,
    /// Byte offset and length of the whole `[...]` in the file.
    pub offset: usize,
    pub len: usize,
    /// With a note style: the number of the footnote the citation became.
    pub note: Option<usize>,
}

/// One work of a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedWork {
    /// The key in the bibliography, without the `@`.
    pub key: String,
    /// Where in the work, as written: `p. 12`.
    pub locator: Option<String>,
    /// Byte offset of `@key` in the file.
    pub offset: usize,
}

/// What the body of a brief is rendered with besides its Markdown.
#[derive(Debug, Clone, Copy, Default)]
pub struct BodyOptions<'a> {
    pub raw_html: RawHtml,
    /// Read `[@key]` as citations; `Some(true)` makes each one a footnote (note styles).
    pub citations: Option<bool>,
    /// Link the first mention of each term to the glossary.
    pub glossary: Option<&'a Glossary>,
}

impl RenderedMarkdown {
    /// Puts the formatted citations (HTML, one per [`Citation`], in order) where the
    /// citations were written. A citation without formatted text shows as written.
    pub fn fill_citations(&mut self, formatted: &[String], file_text: &str) {
        if self.citations.is_empty() {
            return;
        }
        for part in &mut self.parts {
            let BodyPart::Html(html) = part else {
                continue;
            };
            if !html.contains(MARKER) {
                continue;
            }
            let mut out = String::with_capacity(html.len());
            let mut rest = html.as_str();
            while let Some(start) = rest.find(MARKER) {
                let after = &rest[start + 1..];
                let Some(len) = after.find(MARKER) else {
                    break;
                };
                out.push_str(&rest[..start]);
                let index = after[..len]
                    .strip_prefix('c')
                    .and_then(|i| i.parse::<usize>().ok());
                match (index, index.and_then(|i| formatted.get(i))) {
                    (_, Some(citation)) => out.push_str(citation),
                    (Some(i), None) => {
                        let written = self
                            .citations
                            .get(i)
                            .and_then(|c| file_text.get(c.offset..c.offset + c.len))
                            .unwrap_or_default();
                        out.push_str(&escape_html(written));
                    }
                    (None, None) => {}
                }
                rest = &after[len + 1..];
            }
            out.push_str(rest);
            *html = out;
        }
    }
}

/// Ids the theme uses on every page; headings never take them.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "top",
    "content",
    "contents",
    "toc",
    "footnotes",
    "key-findings",
    "recommendations",
    "cited-by",
    "related",
    "series",
    "site-header",
    "site-footer",
    "references",
    "masthead-search-query",
];

const MARKER: char = '\0';

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// Renders a Markdown body. `body_offset` is where the body starts in its file, so that
/// link positions are file positions.
pub fn render(body: &str, body_offset: usize, raw_html: RawHtml) -> RenderedMarkdown {
    let options = BodyOptions {
        raw_html,
        ..BodyOptions::default()
    };
    render_with(body, body_offset, &options)
}

/// The destination pulldown-cmark gives a `[@key]` citation (see [`render_with`]); input
/// cannot contain the marker, so no link written by an author can look like one.
const CITATION_DEST: &str = "\0citation";

/// Punctuation a note marker goes after.
const NOTE_PUNCTUATION: &[char] = &['.', ',', ';', ':', '!', '?'];

/// [`render`] for a brief: also reads citations and links glossary terms.
pub fn render_with(body: &str, body_offset: usize, options: &BodyOptions) -> RenderedMarkdown {
    let raw_html = options.raw_html;
    // NUL delimits our placeholders; CommonMark replaces it in input anyway.
    let cleaned;
    let body = if body.contains(MARKER) {
        cleaned = body.replace(MARKER, "\u{fffd}");
        cleaned.as_str()
    } else {
        body
    };
    // `[@key]` is a reference link without a definition; pulldown-cmark hands such
    // links to this callback, which turns the ones that parse as citations into links
    // to CITATION_DEST. Everything else stays text, as CommonMark says.
    let reads_citations = options.citations.is_some();
    let citation_links = |link: BrokenLink| {
        let is_citation = reads_citations
            && link.link_type == LinkType::Shortcut
            && body.get(link.span).and_then(parse_citation).is_some();
        is_citation.then(|| (CowStr::from(CITATION_DEST), CowStr::from("")))
    };
    let events: Vec<(Event, std::ops::Range<usize>)> =
        Parser::new_with_broken_link_callback(body, parser_options(), Some(citation_links))
            .into_offset_iter()
            .collect();
    let headings = heading_ids(&events);
    let plain_text = plain_text(&events);
    let mut renderer = Renderer {
        body_offset,
        raw_html,
        headings: &headings,
        next_heading: 0,
        main: Vec::with_capacity(events.len()),
        footnote_definitions: HashMap::new(),
        current_definition: None,
        footnote_numbers: HashMap::new(),
        footnote_ref_counts: Vec::new(),
        links: Vec::new(),
        open_link: None,
        block_text: String::new(),
        block_links: Vec::new(),
        word_count: 0,
        source: body,
        citation_notes: options.citations == Some(true),
        citations: Vec::new(),
        in_citation: false,
        held_note: None,
        glossary: options.glossary,
        glossary_linked: vec![false; options.glossary.map_or(0, |g| g.terms.len())],
        pending_text: None,
        in_heading: false,
        in_code_block: false,
        image_depth: 0,
        html_depth: 0,
    };
    for (event, range) in events {
        renderer.event(event, range);
    }
    renderer.flush_text();
    if let Some(note) = renderer.held_note.take() {
        renderer.emit_html(note);
    }
    let Renderer {
        main,
        footnote_definitions,
        footnote_numbers,
        footnote_ref_counts,
        links,
        word_count,
        citations,
        ..
    } = renderer;
    let mut html_out = String::with_capacity(body.len() * 3 / 2);
    html::push_html(&mut html_out, main.into_iter());
    write_footnotes(
        &mut html_out,
        footnote_definitions,
        &footnote_numbers,
        &footnote_ref_counts,
    );
    RenderedMarkdown {
        parts: split_placeholders(&html_out),
        headings,
        links,
        word_count,
        citations,
        plain_text,
    }
}

/// Renders a short text (a key finding) as inline HTML: emphasis and code, no links or
/// blocks.
pub fn render_inline(text: &str) -> String {
    let events = Parser::new_ext(
        text,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_SMART_PUNCTUATION,
    )
    .filter(|e| {
        !matches!(
            e,
            Event::Start(Tag::Paragraph | Tag::Link { .. } | Tag::Image { .. })
                | Event::End(TagEnd::Paragraph | TagEnd::Link | TagEnd::Image)
        )
    })
    .map(|e| match e {
        Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out.trim_end().to_string()
}

/// Gives every heading a unique id: its `{#custom}` id, or the slug of its text.
fn heading_ids(events: &[(Event, std::ops::Range<usize>)]) -> Vec<Heading> {
    let mut used: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    let mut headings = Vec::new();
    let mut current: Option<(u8, Option<String>, String)> = None;
    for (event, _) in events {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                current = Some((
                    heading_level(*level),
                    id.as_ref().map(|s| s.to_string()),
                    String::new(),
                ));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, title)) = current.as_mut() {
                    title.push_str(text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, custom, title)) = current.take() {
                    let base = custom.unwrap_or_else(|| slugify(&title));
                    let base = if base.is_empty() {
                        "section".to_string()
                    } else {
                        base
                    };
                    let mut id = base.clone();
                    let mut n = 1;
                    while !used.insert(id.clone()) {
                        id = format!("{base}-{n}");
                        n += 1;
                    }
                    headings.push(Heading {
                        level,
                        id,
                        title: title.trim().to_string(),
                    });
                }
            }
            _ => {}
        }
    }
    headings
}

/// The text a reader sees, from the same events the renderer uses (no second parse).
/// Blocks and lines are separated by a space so that a heading and the paragraph after
/// it do not run together; other whitespace is kept as written (browsers collapse it
/// when they show an excerpt, and collapsing it here cost a fifth of parse time). The text of a wiki link without text is its target's slug, which the
/// reader never sees (the page shows the target's title), so it is left out.
fn plain_text(events: &[(Event, std::ops::Range<usize>)]) -> String {
    fn push_space(out: &mut String) {
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    let mut out = String::with_capacity(events.len() * 16);
    let mut in_bare_wiki_link = false;
    for (event, _) in events {
        match event {
            Event::Text(text) if !in_bare_wiki_link => out.push_str(text),
            Event::Code(text) => out.push_str(text),
            Event::Start(Tag::Link { link_type, .. }) => {
                in_bare_wiki_link = matches!(link_type, LinkType::WikiLink { has_pothole: false });
            }
            Event::End(TagEnd::Link) => in_bare_wiki_link = false,
            Event::SoftBreak | Event::HardBreak => push_space(&mut out),
            Event::Start(tag) if !is_inline(tag) => push_space(&mut out),
            Event::End(tag) if !is_inline_end(tag) => push_space(&mut out),
            _ => {}
        }
    }
    out.truncate(out.trim_end().len());
    out
}

fn is_inline(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript
    )
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

struct OpenLink {
    index: usize,
    /// Whether the link is ours to close (internal), or passed through to pulldown-cmark.
    internal: bool,
    /// Wiki link without text: its text is replaced by the target's title.
    replace_text: bool,
    text_start_in_block: usize,
}

struct Renderer<'h> {
    body_offset: usize,
    /// The Markdown being rendered (citations are read from it).
    source: &'h str,
    raw_html: RawHtml,
    headings: &'h [Heading],
    next_heading: usize,
    main: Vec<Event<'static>>,
    footnote_definitions: HashMap<String, Vec<Event<'static>>>,
    current_definition: Option<(String, Vec<Event<'static>>)>,
    /// Footnote name -> number, in order of first reference.
    footnote_numbers: HashMap<String, usize>,
    /// References made so far to footnote number N (index N-1).
    footnote_ref_counts: Vec<usize>,
    links: Vec<OutgoingLink>,
    open_link: Option<OpenLink>,
    /// Plain text of the current block, to cut link context sentences from.
    block_text: String,
    /// Links in the current block: (link index, position of its text in `block_text`).
    block_links: Vec<(usize, usize)>,
    word_count: usize,
    /// Citations become footnotes (a note style).
    citation_notes: bool,
    citations: Vec<Citation>,
    /// Inside a citation's `[...]`, whose events the formatted citation replaces.
    in_citation: bool,
    /// A citation's note marker, written after the punctuation that follows it.
    held_note: Option<String>,
    glossary: Option<&'h Glossary>,
    /// Terms already linked in this brief (indexed like `Glossary::terms`).
    glossary_linked: Vec<bool>,
    /// Text held back to look for glossary terms across soft line breaks: where it
    /// starts in the body, and the text (a soft break as `\n`, as pulldown-cmark writes it).
    pending_text: Option<(usize, String)>,
    in_heading: bool,
    in_code_block: bool,
    image_depth: usize,
    /// Depth of raw `<a>`, `<abbr>`, `<code>` and `<dfn>` elements written in the text.
    html_depth: usize,
}

impl Renderer<'_> {
    fn emit(&mut self, event: Event<'static>) {
        match self.current_definition.as_mut() {
            Some((_, events)) => events.push(event),
            None => self.main.push(event),
        }
    }

    fn emit_html(&mut self, html: String) {
        self.emit(Event::InlineHtml(CowStr::from(html)));
    }

    fn event(&mut self, event: Event, range: std::ops::Range<usize>) {
        // Text held back for glossary terms ends where anything but more text begins.
        if !matches!(event, Event::Text(_) | Event::SoftBreak) {
            self.flush_text();
        }
        // A citation's own text is replaced by the formatted citation.
        if self.in_citation {
            self.in_citation = !matches!(event, Event::End(TagEnd::Link));
            return;
        }
        if let Some(note) = self.held_note.take() {
            if let Event::Text(text) = &event {
                let punctuation = text.len() - text.trim_start_matches(NOTE_PUNCTUATION).len();
                if punctuation > 0 {
                    let rest = text[punctuation..].to_string();
                    self.emit(Event::Text(CowStr::from(text[..punctuation].to_string())));
                    self.emit_html(note);
                    if !rest.is_empty() {
                        self.event(Event::Text(CowStr::from(rest)), range);
                    }
                    return;
                }
            }
            self.emit_html(note);
        }
        self.track_context(&event);
        match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                self.start_block();
                let id = self
                    .headings
                    .get(self.next_heading)
                    .map_or("", |h| h.id.as_str());
                let mut tag = format!("<h{} id=\"{}\"", heading_level(level), escape_html(id));
                if !classes.is_empty() {
                    let classes: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
                    let _ = write!(tag, " class=\"{}\"", escape_html(&classes.join(" ")));
                }
                for (name, value) in &attrs {
                    let name: String = name
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                        .collect();
                    if !name.is_empty() && !name.starts_with("on") {
                        let _ = write!(
                            tag,
                            " {name}=\"{}\"",
                            escape_html(value.as_deref().unwrap_or(""))
                        );
                    }
                }
                tag.push('>');
                self.emit(Event::Html(CowStr::from(tag)));
            }
            Event::End(TagEnd::Heading(level)) => {
                let id = self
                    .headings
                    .get(self.next_heading)
                    .map_or("", |h| h.id.as_str());
                self.next_heading += 1;
                let close = format!(
                    " <a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a></h{}>\n",
                    heading_level(level),
                    id = escape_html(id)
                );
                self.emit(Event::Html(CowStr::from(close)));
                self.end_block();
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                self.current_definition = Some((name.to_string(), Vec::new()));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some((name, events)) = self.current_definition.take() {
                    self.footnote_definitions.entry(name).or_insert(events);
                }
            }
            Event::FootnoteReference(name) => {
                let (_, marker) = self.footnote_reference(&name);
                self.emit_html(marker);
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                self.start_link(link_type, &dest_url, &title, range);
            }
            Event::End(TagEnd::Link) => {
                let open = self.open_link.take();
                if let Some(open) = open {
                    // A wiki link without text shows its target's title, unknown here.
                    if !open.replace_text {
                        let text = self.block_text[open.text_start_in_block..]
                            .trim()
                            .to_string();
                        if let Some(link) = self.links.get_mut(open.index) {
                            link.text = text;
                        }
                    }
                    if open.internal {
                        self.emit_html("</a>".to_string());
                        return;
                    }
                }
                self.emit(Event::End(TagEnd::Link));
            }
            Event::Start(tag @ (Tag::Paragraph | Tag::Item | Tag::TableCell)) => {
                self.start_block();
                self.emit(Event::Start(tag.into_static()));
            }
            Event::End(tag @ (TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell)) => {
                self.end_block();
                self.emit(Event::End(tag));
            }
            Event::Text(text) => {
                self.word_count += text.split_whitespace().count();
                self.block_text.push_str(&text);
                if self.open_link.as_ref().is_some_and(|l| l.replace_text) {
                    return;
                }
                self.emit_text(text, range.start);
            }
            Event::Code(code) => {
                self.word_count += code.split_whitespace().count();
                self.block_text.push_str(&code);
                self.emit(Event::Code(code.into_static()));
            }
            Event::Html(raw) | Event::InlineHtml(raw) if self.raw_html == RawHtml::Escape => {
                self.emit(Event::Text(raw.into_static()));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.block_text.push(' ');
                match (&event, self.pending_text.as_mut()) {
                    (Event::SoftBreak, Some((_, text))) => text.push('\n'),
                    _ => self.emit(event.into_static()),
                }
            }
            other => self.emit(other.into_static()),
        }
    }

    fn start_link(
        &mut self,
        link_type: LinkType,
        dest: &str,
        title: &str,
        range: std::ops::Range<usize>,
    ) {
        if dest == CITATION_DEST {
            self.start_citation(range);
            return;
        }
        let is_wiki = matches!(link_type, LinkType::WikiLink { .. });
        let replace_text = matches!(link_type, LinkType::WikiLink { has_pothole: false });
        let index = self.links.len();
        let text_start_in_block = self.block_text.len();
        let Some(target) = classify(dest, is_wiki) else {
            // External or unclassified: pulldown-cmark writes it as it is.
            self.open_link = Some(OpenLink {
                index: usize::MAX,
                internal: false,
                replace_text: false,
                text_start_in_block,
            });
            self.emit(Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(dest.to_string()),
                title: CowStr::from(title.to_string()),
                id: CowStr::from(""),
            }));
            return;
        };
        self.links.push(OutgoingLink {
            target,
            written: dest.to_string(),
            text: String::new(),
            offset: self.body_offset + range.start,
            len: range.len(),
            context: String::new(),
        });
        self.block_links.push((index, text_start_in_block));
        self.open_link = Some(OpenLink {
            index,
            internal: true,
            replace_text,
            text_start_in_block,
        });
        let mut tag = format!("<a href=\"{MARKER}h{index}{MARKER}\"");
        if !title.is_empty() {
            let _ = write!(tag, " title=\"{}\"", escape_html(title));
        }
        tag.push('>');
        if replace_text {
            let _ = write!(tag, "{MARKER}t{index}{MARKER}");
        }
        self.emit_html(tag);
    }

    /// Numbers a footnote reference (by first reference); returns the number and the
    /// marker to write.
    fn footnote_reference(&mut self, name: &str) -> (usize, String) {
        let next = self.footnote_numbers.len() + 1;
        let number = *self
            .footnote_numbers
            .entry(name.to_string())
            .or_insert(next);
        if self.footnote_ref_counts.len() < number {
            self.footnote_ref_counts.resize(number, 0);
        }
        self.footnote_ref_counts[number - 1] += 1;
        let count = self.footnote_ref_counts[number - 1];
        let ref_id = footnote_ref_id(number, count);
        let marker = format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{number}\" id=\"{ref_id}\" role=\"doc-noteref\">{number}</a></sup>"
        );
        (number, marker)
    }

    /// A `[@key]` citation: a marker where the formatted citation goes, in the text or,
    /// with a note style, in a footnote of its own.
    fn start_citation(&mut self, range: std::ops::Range<usize>) {
        let written = self.source.get(range.clone()).unwrap_or_default();
        self.in_citation = true;
        let Some(items) = parse_citation(written) else {
            self.emit(Event::Text(CowStr::from(written.to_string())));
            return;
        };
        let index = self.citations.len();
        let marker = format!("{MARKER}c{index}{MARKER}");
        // Inside a footnote the citation is written out in the note itself.
        let note = (self.citation_notes && self.current_definition.is_none()).then(|| {
            let name = format!("{MARKER}citation{index}");
            let (number, note_marker) = self.footnote_reference(&name);
            // As in pandoc, the note comes right after the word, and after the
            // punctuation that follows the citation ("power.¹", not "power ¹.").
            if let Some(Event::Text(text)) = self.main.last_mut() {
                *text = CowStr::from(text.trim_end().to_string());
            }
            self.held_note = Some(note_marker);
            self.footnote_definitions.insert(
                name,
                vec![
                    Event::Start(Tag::Paragraph),
                    Event::InlineHtml(CowStr::from(marker.clone())),
                    Event::End(TagEnd::Paragraph),
                ],
            );
            number
        });
        if note.is_none() {
            self.emit_html(marker);
        }
        let at = self.body_offset + range.start;
        self.citations.push(Citation {
            items: items
                .into_iter()
                .map(|(offset, key, locator)| CitedWork {
                    key,
                    locator,
                    offset: at + offset,
                })
                .collect(),
            offset: at,
            len: range.len(),
            note,
        });
    }

    /// Follows where the text is, for glossary linking: never in headings, links,
    /// images, code or raw `<abbr>`-like elements.
    fn track_context(&mut self, event: &Event) {
        match event {
            Event::Start(Tag::Heading { .. }) => self.in_heading = true,
            Event::End(TagEnd::Heading(_)) => self.in_heading = false,
            Event::Start(Tag::CodeBlock(_)) => self.in_code_block = true,
            Event::End(TagEnd::CodeBlock) => self.in_code_block = false,
            Event::Start(Tag::Image { .. }) => self.image_depth += 1,
            Event::End(TagEnd::Image) => self.image_depth = self.image_depth.saturating_sub(1),
            Event::InlineHtml(html) => {
                let tag = html.trim_start_matches('<').to_ascii_lowercase();
                let name = |t: &str| {
                    ["a", "abbr", "code", "dfn"].iter().any(|n| {
                        t.strip_prefix(n)
                            .is_some_and(|r| r.starts_with(['>', ' ', '\n', '\t']))
                    })
                };
                if let Some(closing) = tag.strip_prefix('/') {
                    if name(closing) {
                        self.html_depth = self.html_depth.saturating_sub(1);
                    }
                } else if name(&tag) {
                    self.html_depth += 1;
                }
            }
            _ => {}
        }
    }

    fn links_glossary_terms(&self) -> bool {
        self.glossary.is_some()
            && !self.in_heading
            && !self.in_code_block
            && self.image_depth == 0
            && self.html_depth == 0
            && self.open_link.is_none()
            && self.current_definition.is_none()
    }

    /// Writes text, holding it back while glossary terms may be found in it.
    fn emit_text(&mut self, text: CowStr, offset: usize) {
        if !self.links_glossary_terms() {
            self.emit(Event::Text(text.into_static()));
            return;
        }
        match self.pending_text.as_mut() {
            Some((_, pending)) => pending.push_str(&text),
            None => self.pending_text = Some((offset, text.to_string())),
        }
    }

    /// Writes the held-back text, linking the first mention of each glossary term.
    fn flush_text(&mut self) {
        let Some((offset, text)) = self.pending_text.take() else {
            return;
        };
        let Some(glossary) = self.glossary else {
            self.emit(Event::Text(CowStr::from(text)));
            return;
        };
        let mut rest = text.as_str();
        while let Some((start, end, term)) = glossary.first_mention(rest, &self.glossary_linked) {
            self.glossary_linked[term] = true;
            let entry = &glossary.terms[term];
            if start > 0 {
                self.emit(Event::Text(CowStr::from(rest[..start].to_string())));
            }
            let index = self.links.len();
            self.links.push(OutgoingLink {
                target: LinkTarget::Glossary(entry.slug.clone()),
                written: entry.term.clone(),
                text: rest[start..end].to_string(),
                offset: self.body_offset + offset,
                len: text.len(),
                context: String::new(),
            });
            self.emit_html(format!(
                "<a class=\"glossary-term\" href=\"{MARKER}h{index}{MARKER}\" title=\"{}\">",
                escape_html(&entry.definition)
            ));
            self.emit(Event::Text(CowStr::from(rest[start..end].to_string())));
            self.emit_html("</a>".to_string());
            rest = &rest[end..];
        }
        if !rest.is_empty() {
            self.emit(Event::Text(CowStr::from(rest.to_string())));
        }
    }

    fn start_block(&mut self) {
        if self.open_link.is_none() {
            self.block_text.clear();
            self.block_links.clear();
        }
    }

    fn end_block(&mut self) {
        for (index, position) in std::mem::take(&mut self.block_links) {
            if let Some(link) = self.links.get_mut(index) {
                link.context = sentence_around(&self.block_text, position);
            }
        }
    }
}

/// Reads `[@a; @b, pp. 3-4]` as (offset of `@` in the text, key, locator) per work.
/// `None` when the text is not a citation (`[see @a]`, `[@]`), which then stays text.
fn parse_citation(written: &str) -> Option<Vec<(usize, String, Option<String>)>> {
    let inner = written.strip_prefix('[')?.strip_suffix(']')?;
    let mut items = Vec::new();
    let mut part_start = 1;
    for part in inner.split(';') {
        let lead = part.len() - part.trim_start().len();
        let rest = part.trim_start().strip_prefix('@')?;
        // Pandoc's key characters; punctuation only inside a key, not at its end.
        let key_len = rest
            .find(|c: char| !(c.is_alphanumeric() || "_:.#$%&-+?<>~/".contains(c)))
            .unwrap_or(rest.len());
        let key = rest[..key_len].trim_end_matches(|c: char| !(c.is_alphanumeric() || c == '_'));
        if key.is_empty() {
            return None;
        }
        let after = rest[key.len()..].trim();
        let locator = match after.strip_prefix(',') {
            Some(locator) => Some(locator.trim()).filter(|l| !l.is_empty()),
            None if after.is_empty() => None,
            None => return None,
        };
        items.push((
            part_start + lead,
            key.to_string(),
            locator.map(str::to_string),
        ));
        part_start += part.len() + 1;
    }
    Some(items)
}

fn footnote_ref_id(number: usize, count: usize) -> String {
    if count == 1 {
        format!("fnref-{number}")
    } else {
        format!("fnref-{number}-{count}")
    }
}

/// Writes the referenced footnotes as an ordered list, each with links back to every
/// place that cites it. Footnotes that are never referenced are left out.
fn write_footnotes(
    out: &mut String,
    mut definitions: HashMap<String, Vec<Event<'static>>>,
    numbers: &HashMap<String, usize>,
    ref_counts: &[usize],
) {
    let mut ordered: Vec<(usize, &String)> = numbers.iter().map(|(name, n)| (*n, name)).collect();
    ordered.sort();
    let ordered: Vec<(usize, Vec<Event<'static>>)> = ordered
        .into_iter()
        .filter_map(|(n, name)| definitions.remove(name).map(|events| (n, events)))
        .collect();
    if ordered.is_empty() {
        return;
    }
    out.push_str(
        "<section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"Notes\">\n<ol>\n",
    );
    for (number, events) in ordered {
        let mut content = String::new();
        html::push_html(&mut content, events.into_iter());
        let mut backrefs = String::new();
        for count in 1..=ref_counts.get(number - 1).copied().unwrap_or(1) {
            let _ = write!(
                backrefs,
                " <a href=\"#{}\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Back to reference {number}{}\">\u{21a9}\u{fe0e}</a>",
                footnote_ref_id(number, count),
                if count > 1 { format!(" ({count})") } else { String::new() },
            );
        }
        let content = content.trim_end();
        let _ = write!(out, "<li id=\"fn-{number}\">");
        match content.strip_suffix("</p>") {
            Some(start) => {
                let _ = write!(out, "{start}{backrefs}</p>");
            }
            None => {
                let _ = write!(out, "{content}{backrefs}");
            }
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}

/// Decides whether a link destination is internal, and how it was written.
fn classify(dest: &str, is_wiki: bool) -> Option<LinkTarget> {
    let dest = dest.trim();
    if is_wiki {
        if let Some((kind, slug)) = dest.split_once(':') {
            if !kind.is_empty() && kind.chars().all(|c| c.is_ascii_alphabetic()) {
                return Some(LinkTarget::Term {
                    kind: kind.to_ascii_lowercase(),
                    slug: slug.trim().to_string(),
                });
            }
        }
        let (name, anchor) = split_anchor(dest);
        return Some(LinkTarget::Document {
            name: name.trim().trim_end_matches(".md").to_string(),
            anchor,
        });
    }
    if dest.is_empty() || has_scheme(dest) || dest.starts_with("//") {
        return None;
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Some(LinkTarget::Anchor(anchor.to_string()));
    }
    let (path, anchor) = split_anchor(dest);
    if path.ends_with(".md") {
        let file = path.rsplit('/').next().unwrap_or(path);
        return Some(LinkTarget::Document {
            name: file.trim_end_matches(".md").to_string(),
            anchor,
        });
    }
    if path.starts_with('/') {
        return Some(LinkTarget::SitePath {
            path: path.to_string(),
            anchor,
        });
    }
    None
}

fn split_anchor(dest: &str) -> (&str, Option<String>) {
    match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string())),
        None => (dest, None),
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !scheme.contains('/')
        }
        None => false,
    }
}

/// The sentence of `text` that contains byte `position`.
fn sentence_around(text: &str, position: usize) -> String {
    let position = position.min(text.len());
    let ends: Vec<usize> = sentence_ends(text);
    let start = ends
        .iter()
        .rev()
        .find(|&&e| e <= position)
        .copied()
        .unwrap_or(0);
    let end = ends
        .iter()
        .find(|&&e| e > position)
        .copied()
        .unwrap_or(text.len());
    let sentence = text[start..end].trim();
    if sentence.chars().count() > 320 {
        let cut: String = sentence.chars().take(317).collect();
        format!("{}…", cut.trim_end())
    } else {
        sentence.to_string()
    }
}

/// Byte positions just after each sentence end: `.`, `!` or `?` followed by a space and
/// not closing a capital-letter abbreviation such as "U.S.".
fn sentence_ends(text: &str) -> Vec<usize> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut ends = Vec::new();
    for i in 0..chars.len() {
        let (at, c) = chars[i];
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let followed_by_space = chars.get(i + 1).is_none_or(|(_, n)| n.is_whitespace());
        let abbreviation = c == '.' && i > 0 && chars[i - 1].1.is_uppercase();
        if followed_by_space && !abbreviation {
            ends.push(at + c.len_utf8());
        }
    }
    ends
}

fn split_placeholders(html: &str) -> Vec<BodyPart> {
    let mut parts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(MARKER) {
        let Some(len) = rest[start + 1..].find(MARKER) else {
            break;
        };
        let marker = &rest[start + 1..start + 1 + len];
        let index = marker.get(1..).and_then(|m| m.parse::<usize>().ok());
        match (marker.chars().next(), index) {
            (Some('h'), Some(i)) => {
                parts.push(BodyPart::Html(rest[..start].to_string()));
                parts.push(BodyPart::Href(i));
            }
            (Some('t'), Some(i)) => {
                parts.push(BodyPart::Html(rest[..start].to_string()));
                parts.push(BodyPart::LinkTitle(i));
            }
            _ => parts.push(BodyPart::Html(rest[..start + 2 + len].to_string())),
        }
        rest = &rest[start + 2 + len..];
    }
    parts.push(BodyPart::Html(rest.to_string()));
    parts.retain(|p| !matches!(p, BodyPart::Html(h) if h.is_empty()));
    parts
}

/// Escapes text for HTML or XML element content and double-quoted attributes.
/// Control characters that neither HTML nor XML 1.0 allow are dropped, so no input can
/// make a page or feed invalid.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html_of(parts: &[BodyPart]) -> String {
        parts
            .iter()
            .map(|p| match p {
                BodyPart::Html(h) => h.clone(),
                BodyPart::Href(i) => format!("HREF{i}"),
                BodyPart::LinkTitle(i) => format!("TITLE{i}"),
            })
            .collect()
    }

    #[test]
    fn headings_get_unique_ids_and_anchors() {
        let out = render(
            "## Japan's View\n\n## Japan's View\n\n## Main\n",
            0,
            RawHtml::Allow,
        );
        let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["japans-view", "japans-view-1", "main-1"]);
        let html = html_of(&out.parts);
        assert!(html.contains("<h2 id=\"japans-view-1\">"), "{html}");
        assert!(html.contains("href=\"#main-1\""), "{html}");
    }

    #[test]
    fn internal_links_become_placeholders() {
        let body = "See [the dispute](kuril.md#history) and [[nato|NATO]] and [[abm]].\n";
        let out = render(body, 10, RawHtml::Allow);
        assert_eq!(out.links.len(), 3);
        assert_eq!(
            out.links[0].target,
            LinkTarget::Document {
                name: "kuril".into(),
                anchor: Some("history".into())
            }
        );
        assert_eq!(out.links[0].offset, 10 + body.find('[').unwrap());
        assert_eq!(out.links[1].text, "NATO");
        let html = html_of(&out.parts);
        assert!(html.contains("<a href=\"HREF0\">the dispute</a>"), "{html}");
        assert!(html.contains("<a href=\"HREF2\">TITLE2</a>"), "{html}");
        assert_eq!(out.links[2].context, "See the dispute and NATO and abm.");
    }

    #[test]
    fn external_and_term_links() {
        let out = render(
            "[x](https://example.org) [[topic:soft-power]] [y](/briefs/a/)",
            0,
            RawHtml::Allow,
        );
        assert_eq!(out.links.len(), 2);
        assert!(
            matches!(&out.links[0].target, LinkTarget::Term { kind, slug } if kind == "topic" && slug == "soft-power")
        );
        assert!(
            matches!(&out.links[1].target, LinkTarget::SitePath { path, .. } if path == "/briefs/a/")
        );
        assert!(html_of(&out.parts).contains("href=\"https://example.org\""));
    }

    #[test]
    fn footnotes_are_numbered_with_back_references() {
        let out = render(
            "A.[^b] B.[^a] C.[^b]\n\n[^a]: First.\n[^b]: Second.\n",
            0,
            RawHtml::Allow,
        );
        let html = html_of(&out.parts);
        assert!(html.contains("<a href=\"#fn-1\" id=\"fnref-1\""), "{html}");
        assert!(html.contains("id=\"fnref-1-2\""), "{html}");
        assert!(
            html.contains("<li id=\"fn-1\"><p>Second. <a href=\"#fnref-1\""),
            "{html}"
        );
        assert!(html.find("fn-1\">").unwrap() < html.find("fn-2\">").unwrap());
    }

    #[test]
    fn raw_html_can_be_escaped() {
        let out = render(
            "<script>alert(1)</script>\n\nhi <b>x</b>",
            0,
            RawHtml::Escape,
        );
        let html = html_of(&out.parts);
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
    }

    #[test]
    fn nul_in_input_cannot_forge_placeholders() {
        let out = render("a\0h0\0b", 0, RawHtml::Allow);
        assert!(out.parts.iter().all(|p| matches!(p, BodyPart::Html(_))));
    }

    #[test]
    fn citations_follow_pandoc_syntax() {
        let items = parse_citation("[@a; @b.c, pp. 3-4]").unwrap();
        assert_eq!(
            items,
            [
                (1, "a".to_string(), None),
                (5, "b.c".to_string(), Some("pp. 3-4".to_string()))
            ]
        );
        assert_eq!(parse_citation("[ @nye2004 ]").unwrap()[0].1, "nye2004");
        for not_a_citation in ["[see @a]", "[@]", "[@a b]", "[a@b.org]"] {
            assert!(parse_citation(not_a_citation).is_none(), "{not_a_citation}");
        }
    }

    #[test]
    fn citations_leave_markers_and_note_styles_make_footnotes() {
        let in_text = BodyOptions {
            citations: Some(false),
            ..BodyOptions::default()
        };
        let out = render_with("Power [@nye2004, p. 12].", 100, &in_text);
        assert_eq!(out.citations.len(), 1);
        assert_eq!(out.citations[0].offset, 106);
        assert_eq!(out.citations[0].items[0].offset, 107);
        assert!(html_of(&out.parts).contains("Power \0c0\0."));

        let notes = BodyOptions {
            citations: Some(true),
            ..BodyOptions::default()
        };
        let mut out = render_with("Power [@nye2004].[^a]\n\n[^a]: Mine.\n", 0, &notes);
        out.fill_citations(&["Nye, <i>Soft Power</i>.".to_string()], "");
        let html = html_of(&out.parts);
        assert!(
            html.contains("Power.<sup class=\"footnote-ref\"><a href=\"#fn-1\""),
            "{html}"
        );
        assert!(
            html.contains("<li id=\"fn-1\"><p>Nye, <i>Soft Power</i>. <a"),
            "{html}"
        );
        assert!(html.contains("<li id=\"fn-2\"><p>Mine."), "{html}");
    }

    #[test]
    fn plain_text_is_what_readers_see() {
        let out = render(
            "## Japan's *View*\n\nA [link](https://e.org) and [[other]] and `code`.[^1]\nNext line.\n\n- one\n- two\n\n<div>raw</div>\n\n[^1]: A note.\n",
            0,
            RawHtml::Allow,
        );
        assert_eq!(
            out.plain_text,
            // The bare wiki link's slug is left out, the spaces around it kept.
            "Japan\u{2019}s View A link and  and code. Next line. one two A note."
        );
    }

    #[test]
    fn sentences_skip_abbreviations() {
        let text = "The U.S. Navy sails. Japan watches [here] closely! Done.";
        let pos = text.find("[here]").unwrap();
        assert_eq!(sentence_around(text, pos), "Japan watches [here] closely!");
    }
}
