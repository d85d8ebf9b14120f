//! The kinds of terms briefs are grouped by.

/// Topics (declared in the configuration), regions and tags (free names in front
/// matter), authors (the registry) and publication types (declared in the
/// configuration; every brief has exactly one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TaxonomyKind {
    Topics,
    Regions,
    Tags,
    Authors,
    Types,
}

impl TaxonomyKind {
    pub const ALL: [TaxonomyKind; 5] = [
        TaxonomyKind::Topics,
        TaxonomyKind::Regions,
        TaxonomyKind::Tags,
        TaxonomyKind::Authors,
        TaxonomyKind::Types,
    ];

    /// The key templates see and the first segment of the kind's URLs: `topics`,
    /// `regions`, `tags`, `authors`.
    pub fn key(self) -> &'static str {
        match self {
            TaxonomyKind::Topics => "topics",
            TaxonomyKind::Regions => "regions",
            TaxonomyKind::Tags => "tags",
            TaxonomyKind::Authors => "authors",
            TaxonomyKind::Types => "types",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            TaxonomyKind::Topics => "Topics",
            TaxonomyKind::Regions => "Regions",
            TaxonomyKind::Tags => "Tags",
            TaxonomyKind::Authors => "Authors",
            TaxonomyKind::Types => "Publication types",
        }
    }

    pub fn singular(self) -> &'static str {
        match self {
            TaxonomyKind::Topics => "Topic",
            TaxonomyKind::Regions => "Region",
            TaxonomyKind::Tags => "Tag",
            TaxonomyKind::Authors => "Author",
            TaxonomyKind::Types => "Publication type",
        }
    }

    /// The kind named in a term link: `[[topic:soft-power]]`, `[[regions:japan]]`.
    pub fn from_link_prefix(prefix: &str) -> Option<TaxonomyKind> {
        match prefix {
            "topic" | "topics" => Some(TaxonomyKind::Topics),
            "region" | "regions" => Some(TaxonomyKind::Regions),
            "tag" | "tags" => Some(TaxonomyKind::Tags),
            "author" | "authors" => Some(TaxonomyKind::Authors),
            "type" | "types" => Some(TaxonomyKind::Types),
            _ => None,
        }
    }

    /// Position in [`TaxonomyKind::ALL`], for per-kind arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}
