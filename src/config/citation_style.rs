//! Citation style names: the CSL styles of hayagriva's archive that
//! `bibliography.style` may name.

use hayagriva::archive::ArchivedStyle;

use crate::model::diagnostics::did_you_mean;

/// Styles the README names; any other style name of hayagriva's archive works too.
pub const STYLE_EXAMPLES: &[&str] = &["chicago-author-date", "chicago-notes", "apa"];

/// Whether `name` is a style of hayagriva's archive (`apa`, `chicago-notes`, ...).
pub fn is_known_style(name: &str) -> bool {
    ArchivedStyle::by_name(name).is_some()
}

/// The archived style name closest to `name`, for "did you mean" hints.
pub fn suggest_style(name: &str) -> Option<&'static str> {
    did_you_mean(
        name,
        ArchivedStyle::all()
            .iter()
            .flat_map(|style| style.names().iter().copied()),
    )
}
