//! Statecraft: a static site generator for policy briefs.
//!
//! A build is one pipeline with data flowing one way, a module per stage:
//! [`load`] (read files) -> [`parse`] (front matter + Markdown, per file, in parallel)
//! -> [`link`] (the whole site: URLs, taxonomies, links, backlinks, related, series)
//! -> [`render`] (templates, feeds, citation records, the search index, in parallel)
//! -> [`mod@write`] (atomic write). [`model`] holds the plain data every stage shares and
//! [`config`] the site's settings; [`mod@build`] runs the stages, [`dev`] keeps a site in
//! memory for `watch` and `serve`; [`deploy`] publishes a built site. Problems at
//! every stage are [`Diagnostic`]s, collected and returned together. ARCHITECTURE.md
//! draws the map.

// The crate's documentation is for its developers (`cargo doc --document-private-items`),
// who follow links to private items as to public ones.
#![allow(rustdoc::private_intra_doc_links)]

pub mod build;
pub mod config;
pub mod corpus;
pub mod deploy;
pub mod dev;
pub mod import;
pub mod link;
pub mod load;
pub mod model;
pub mod parse;
pub mod render;
pub mod scaffold;
pub mod write;

pub use build::{build, check, load_config, BuildOptions, BuildReport, Error, Timings};
pub use model::diagnostics::{Diagnostic, Severity};
