//! `typography:`: the institution's typefaces, by family name, for the text, the
//! headings and the interface. Their files (`site/fonts/`) are published with the
//! site and named in its stylesheet; the PDFs use them too.

use serde_yaml::{Mapping, Value};

use super::reader;
use crate::model::diagnostics::Diagnostic;
use crate::model::yaml::Step;

/// The families `typography:` names; each left out keeps the theme's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Typography {
    /// Running text (the theme's serif).
    pub body: Option<String>,
    pub headings: Option<String>,
    /// Navigation, labels, buttons, captions (the theme's sans-serif).
    pub ui: Option<String>,
}

/// The keys of `typography:`.
const ROLES: [&str; 3] = ["body", "headings", "ui"];

impl Typography {
    /// Each family named, with its key.
    pub fn families(&self) -> impl Iterator<Item = (&'static str, &str)> {
        ROLES
            .into_iter()
            .zip([&self.body, &self.headings, &self.ui])
            .filter_map(|(role, family)| Some((role, family.as_deref()?)))
    }
}

/// The families `typography:` names, each problem reported at its place: an unknown
/// key, a value that is not a family name (which goes into the stylesheet, so quotes,
/// semicolons and braces are refused).
pub fn read(written: Option<Mapping>, text: &str, problems: &mut Vec<Diagnostic>) -> Typography {
    let mut typography = Typography::default();
    for (key, value) in written.iter().flatten() {
        let key = key.as_str().unwrap_or_default();
        let Some(role) = ROLES.into_iter().find(|role| *role == key) else {
            problems.push(reader::unknown_key("typography", "part", key, &ROLES, text));
            continue;
        };
        let family = match value {
            Value::String(family) => family.trim(),
            _ => "",
        };
        let is_name = !family.is_empty()
            && family
                .chars()
                .all(|c| c.is_alphanumeric() || " -_.'&+".contains(c));
        if !is_name {
            problems.push(reader::place(
                Diagnostic::error(
                    "E-config",
                    format!("`typography.{role}` is not the name of a font family"),
                )
                .hint("write the family as the font names it, e.g. `body: Source Serif 4`; its .otf or .ttf files go in site/fonts/"),
                text,
                &[Step::Key("typography"), Step::Key(role)],
                false,
            ));
            continue;
        }
        let slot = match role {
            "body" => &mut typography.body,
            "headings" => &mut typography.headings,
            _ => &mut typography.ui,
        };
        *slot = Some(family.to_string());
    }
    typography
}
