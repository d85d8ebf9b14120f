//! `colors:`: the institution's colours, checked so that every text written in them
//! reads (WCAG 2.1 AA) on the theme's backgrounds.

use serde_yaml::{Mapping, Value};

use super::reader;
use crate::model::colors::{Colors, Rgb, BLACK, LIGHT_BACKGROUNDS, TEXT_CONTRAST};
use crate::model::diagnostics::Diagnostic;
use crate::model::yaml::Step;

/// The keys of `colors:`, and whether the theme writes text in the colour (which
/// must then read on its light backgrounds; text on `brand` turns black or white).
const KEYS: [(&str, bool); 3] = [("brand", false), ("accent", true), ("link", true)];

/// The colours `colors:` sets, each problem reported at its place: an unknown key, a
/// value that is not a CSS colour (or was taken for a comment: YAML starts one at an
/// unquoted `#`), an accent or link colour too light to read as text.
pub fn read(written: Option<Mapping>, text: &str, problems: &mut Vec<Diagnostic>) -> Colors {
    let mut colors = Colors::default();
    for (key, value) in written.iter().flatten() {
        let key = key.as_str().unwrap_or_default();
        let Some(&(key, is_text)) = KEYS.iter().find(|(known, _)| *known == key) else {
            let names = KEYS.map(|(name, _)| name);
            problems.push(reader::unknown_key("colors", "colour", key, &names, text));
            continue;
        };
        let place = [Step::Key("colors"), Step::Key(key)];
        let written = match value {
            Value::String(written) => written.as_str(),
            Value::Null => "",
            _ => "(not text)",
        };
        let Some(color) = Rgb::parse(written) else {
            let why = if written.is_empty() {
                format!("`colors.{key}` is empty: in YAML an unquoted `#` starts a comment")
            } else {
                format!("`colors.{key}`: `{written}` is not a colour")
            };
            problems.push(reader::place(
                Diagnostic::error("E-config", why).hint(
                    "write it as CSS does, in quotes: `#` and six hex digits, e.g. `\"#7a0019\"`",
                ),
                text,
                &place,
                written.is_empty(),
            ));
            continue;
        };
        let (contrast, background) = color.least_contrast(&LIGHT_BACKGROUNDS);
        if is_text && contrast < TEXT_CONTRAST {
            let problem = Diagnostic::error(
                "E-config",
                format!(
                    "`colors.{key}` {} is too light for text: {contrast:.1}:1 against the theme's background {}, where 4.5:1 is needed",
                    color.hex(),
                    background.hex()
                ),
            )
            .hint(format!(
                "choose a darker shade: `\"{}\"` is the closest that reads (a light colour can be `brand`, whose text turns black on it)",
                color.readable_on(&LIGHT_BACKGROUNDS, BLACK).hex()
            ));
            problems.push(reader::place(problem, text, &place, false));
            continue;
        }
        match key {
            "brand" => colors.brand = Some(color),
            "accent" => colors.accent = Some(color),
            _ => colors.link = Some(color),
        }
    }
    colors
}
