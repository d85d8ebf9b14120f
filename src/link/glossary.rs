//! The glossary page's data: every term with the briefs whose first mention of it
//! links there.

use std::collections::HashMap;

use crate::link::Brief;
use crate::model::body::LinkTarget;
use crate::parse::glossary::{Glossary, GlossaryTerm};

/// A term on the glossary page, with the briefs that mention it.
#[derive(Debug, Clone)]
pub struct GlossaryEntry {
    pub term: GlossaryTerm,
    /// Indexes into the site's briefs, newest first.
    pub briefs: Vec<usize>,
}

/// The page's entries: every term alphabetically, with the briefs whose first mention
/// of it links there.
pub fn entries(glossary: &Glossary, briefs: &[Brief]) -> Vec<GlossaryEntry> {
    let index: HashMap<&str, usize> = glossary
        .terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.slug.as_str(), i))
        .collect();
    let mut using: Vec<Vec<usize>> = vec![Vec::new(); glossary.terms.len()];
    for (b, brief) in briefs.iter().enumerate() {
        for link in &brief.parsed.body.links {
            if let LinkTarget::Glossary(slug) = &link.target {
                if let Some(&t) = index.get(slug.as_str()) {
                    if using[t].last() != Some(&b) {
                        using[t].push(b);
                    }
                }
            }
        }
    }
    let mut entries: Vec<GlossaryEntry> = glossary
        .terms
        .iter()
        .cloned()
        .zip(using)
        .map(|(term, briefs)| GlossaryEntry { term, briefs })
        .collect();
    entries.sort_by(|a, b| {
        a.term
            .term
            .to_lowercase()
            .cmp(&b.term.term.to_lowercase())
            .then_with(|| a.term.slug.cmp(&b.term.slug))
    });
    entries
}
