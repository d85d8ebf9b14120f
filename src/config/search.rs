//! `search:` settings: how the search index folds words.

use serde::Deserialize;

/// How the search index and the search page read words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Drop accents from words not in Cyrillic (`São` matches `sao`), on both sides.
    pub fold_accents: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { fold_accents: true }
    }
}
