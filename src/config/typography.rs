//! `typography:`: the institution's typefaces, by family name, for the text, the
//! headings and the interface. Their files (`site/fonts/`) are published with the
//! site and named in its stylesheet; the PDFs use them too.

use serde_yaml::{Mapping, Value};

use super::reader;
use crate::model::diagnostics::Diagnostic;
use crate::model::yaml::Step;

/// The families `typography:` names, each a list in order of preference (`Georgia,
/// serif`); each role left out keeps the theme's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Typography {
    /// Running text (the theme's serif).
    pub body: Vec<String>,
    pub headings: Vec<String>,
    /// Navigation, labels, buttons, captions (the theme's sans-serif).
    pub ui: Vec<String>,
}

/// The keys of `typography:`.
const ROLES: [&str; 3] = ["body", "headings", "ui"];

/// CSS's generic families (`serif`, `system-ui`...): whatever the reader's system uses
/// for them, written without quotes. Ending a list with one chooses the system's fonts
/// on purpose.
const GENERIC_FAMILIES: [&str; 13] = [
    "serif",
    "sans-serif",
    "monospace",
    "cursive",
    "fantasy",
    "system-ui",
    "ui-serif",
    "ui-sans-serif",
    "ui-monospace",
    "ui-rounded",
    "math",
    "emoji",
    "fangsong",
];

/// Whether `family` is one of CSS's generic families (in any case).
pub fn is_generic_family(family: &str) -> bool {
    GENERIC_FAMILIES
        .iter()
        .any(|generic| generic.eq_ignore_ascii_case(family))
}

impl Typography {
    /// The families of each role named, with its key.
    pub fn families(&self) -> impl Iterator<Item = (&'static str, &[String])> {
        ROLES
            .into_iter()
            .zip([&self.body, &self.headings, &self.ui])
            .filter(|(_, families)| !families.is_empty())
            .map(|(role, families)| (role, families.as_slice()))
    }
}

/// The families `typography:` names, each problem reported at its place: an unknown
/// key, a value that is not a list of family names (which goes into the stylesheet, so
/// quotes, semicolons and braces are refused). A role takes one family, a list, or
/// families separated by commas as CSS writes them (`Georgia, serif`).
pub fn read(written: Option<Mapping>, text: &str, problems: &mut Vec<Diagnostic>) -> Typography {
    let mut typography = Typography::default();
    for (key, value) in written.iter().flatten() {
        let key = key.as_str().unwrap_or_default();
        let Some(role) = ROLES.into_iter().find(|role| *role == key) else {
            problems.push(reader::unknown_key("typography", "part", key, &ROLES, text));
            continue;
        };
        let Some(families) = families_of(value) else {
            problems.push(reader::place(
                Diagnostic::error(
                    "E-config",
                    format!("`typography.{role}` is not a list of font family names"),
                )
                .hint("write the family as the font names it, e.g. `body: Source Serif 4`, with fallbacks after commas (`Source Serif 4, Georgia, serif`); its .otf or .ttf files go in site/fonts/"),
                text,
                &[Step::Key("typography"), Step::Key(role)],
                false,
            ));
            continue;
        };
        let slot = match role {
            "body" => &mut typography.body,
            "headings" => &mut typography.headings,
            _ => &mut typography.ui,
        };
        *slot = families;
    }
    typography
}

/// The family names of a role's value: a string of names separated by commas, or a
/// list of names; `None` when a name is empty or has a character a family name has no
/// use for.
fn families_of(value: &Value) -> Option<Vec<String>> {
    let names: Vec<&str> = match value {
        Value::String(names) => names.split(',').collect(),
        Value::Sequence(items) => items
            .iter()
            .map(Value::as_str)
            .collect::<Option<Vec<&str>>>()?,
        _ => return None,
    };
    let is_name = |family: &str| {
        !family.is_empty()
            && family
                .chars()
                .all(|c| c.is_alphanumeric() || " -_.'&+".contains(c))
    };
    let families: Vec<String> = names.iter().map(|n| n.trim().to_string()).collect();
    (!families.is_empty() && families.iter().all(|f| is_name(f))).then_some(families)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_takes_a_family_or_a_list_of_them() {
        let read = |yaml: &str| families_of(&serde_yaml::from_str(yaml).unwrap());
        assert_eq!(
            read("Source Serif 4"),
            Some(vec!["Source Serif 4".to_string()])
        );
        let stack = Some(vec!["Georgia".to_string(), "serif".to_string()]);
        assert_eq!(read("Georgia, serif"), stack);
        assert_eq!(read("[Georgia, serif]"), stack);
        for wrong in [
            "''",
            "'Georgia,'",
            "'a; } b {'",
            "[Georgia, [serif]]",
            "[]",
            "12",
        ] {
            assert_eq!(read(wrong), None, "{wrong}");
        }
        assert!(is_generic_family("Sans-Serif") && !is_generic_family("Georgia"));
    }
}
