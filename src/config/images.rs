//! `images:` settings: the widths at which resized copies of each image are made, and
//! the quality of lossy ones.

use serde::Deserialize;

use crate::model::diagnostics::Diagnostic;
use crate::model::yaml::Step;

/// How images beside briefs are made ready for the web.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImagesConfig {
    /// Widths in pixels of the WebP copies made of each image; none is made wider
    /// than the original, which is copied as it is.
    pub widths: Vec<u32>,
    /// WebP quality (1-100) of copies of photographs (JPEG originals); drawings and
    /// charts (PNG, GIF) are copied losslessly.
    pub quality: u8,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            widths: vec![480, 960, 1600],
            quality: 80,
        }
    }
}

/// The narrowest and widest copies that make sense on a screen.
const WIDTHS: std::ops::RangeInclusive<u32> = 16..=8192;

impl ImagesConfig {
    /// Widths and qualities out of range, each with its place in the configuration
    /// (located like the other keys' problems).
    pub(super) fn check(&self) -> Vec<(Diagnostic, Vec<Step<'static>>)> {
        let mut problems = Vec::new();
        for (index, width) in self.widths.iter().enumerate() {
            if !WIDTHS.contains(width) {
                let problem =
                    Diagnostic::error("E-config", format!("image width {width} is out of range"))
                        .hint(format!(
                            "widths are pixels between {} and {}, e.g. `widths: [480, 960, 1600]`",
                            WIDTHS.start(),
                            WIDTHS.end()
                        ));
                let place = vec![Step::Key("images"), Step::Key("widths"), Step::Item(index)];
                problems.push((problem, place));
            }
        }
        if !(1..=100).contains(&self.quality) {
            let problem = Diagnostic::error(
                "E-config",
                format!("image quality {} is out of range", self.quality),
            )
            .hint("quality goes from 1 (smallest files) to 100 (best pictures); 80 is usual");
            problems.push((problem, vec![Step::Key("images"), Step::Key("quality")]));
        }
        problems
    }
}
