//! Styled text that is neither HTML nor Typst yet: formatted citations and reference
//! entries as the CSL processor gives them, for outputs other than the web page (the
//! PDF edition writes them as Typst markup).

/// A run of text in one style, optionally a link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct RichSpan {
    pub text: String,
    pub style: SpanStyle,
    /// An http(s) address the text links to.
    pub link: Option<String>,
}

/// How a span is set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct SpanStyle {
    pub italic: bool,
    pub bold: bool,
    pub small_caps: bool,
    pub underline: bool,
    pub script: Script,
}

/// Superscript or subscript.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Script {
    #[default]
    Normal,
    Super,
    Sub,
}

/// Styled text: spans in reading order.
pub type RichText = Vec<RichSpan>;

/// The text of `rich` without its styles.
pub fn plain(rich: &[RichSpan]) -> String {
    rich.iter().map(|span| span.text.as_str()).collect()
}
