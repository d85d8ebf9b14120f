//! The leaf layer: plain data every stage shares, with no I/O and no knowledge of the
//! stages. Everything else may import it; it imports nothing of the crate.
//!
//! - [`diagnostics`]: problems reported to people, with places in files.
//! - [`yaml`]: places of keys and values in YAML text, from the YAML parser's marks.
//! - [`escape`]: escaping for HTML and XML.
//! - [`slug`]: URL-safe names.
//! - [`lang`]: BCP 47 language tags.
//! - [`urls`]: THE URL scheme: every path of the output comes from here.
//! - [`taxonomy`]: the kinds of terms briefs are grouped by.
//! - [`meta`]: typed front matter of briefs and pages.
//! - [`people`]: authors, registered and guest.
//! - [`labels`]: the theme's fixed words in one language, with plurals and dates.
//! - [`colors`]: the institution's colours and the palette derived from them.
//! - [`body`]: a Markdown body once parsed: HTML parts, headings, links, citations.
//! - [`rich`]: styled text for outputs other than HTML (formatted citations).
//! - [`output`]: a file of the output, and where rendered files go.

pub mod body;
pub mod colors;
pub mod diagnostics;
pub mod escape;
pub mod labels;
pub mod lang;
pub mod meta;
pub mod output;
pub mod people;
pub mod rich;
pub mod slug;
pub mod taxonomy;
pub mod urls;
pub mod yaml;
