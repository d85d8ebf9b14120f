//! `colors:`: the institution's colours, checked so that every text written in them
//! reads (WCAG 2.1 AA) on the theme's backgrounds, and every chart mark shows.

use serde_yaml::{Mapping, Value};

use super::reader;
use crate::model::colors::{
    Colors, Rgb, BLACK, GRAPHICS_CONTRAST, LIGHT_BACKGROUNDS, TEXT_CONTRAST,
};
use crate::model::diagnostics::Diagnostic;
use crate::model::yaml::Step;

/// What the theme draws in a colour of `colors:`, which decides the contrast it needs
/// against the theme's light backgrounds.
#[derive(Clone, Copy, PartialEq)]
enum Use {
    /// A background (`brand`): the text on it turns black or white.
    Background,
    /// Text (`accent`, `link`): 4.5:1.
    Text,
    /// The marks of charts: 3:1.
    Graphics,
}

/// The keys of `colors:` and what each colours.
const KEYS: [(&str, Use); 4] = [
    ("brand", Use::Background),
    ("accent", Use::Text),
    ("link", Use::Text),
    ("charts", Use::Graphics),
];

/// The colours `colors:` sets, each problem reported at its place: an unknown key, a
/// value that is not a CSS colour (or was taken for a comment: YAML starts one at an
/// unquoted `#`), an accent or link colour too light to read as text, a chart colour
/// too light to show on the page.
pub fn read(written: Option<Mapping>, text: &str, problems: &mut Vec<Diagnostic>) -> Colors {
    let mut colors = Colors::default();
    for (key, value) in written.iter().flatten() {
        let key = key.as_str().unwrap_or_default();
        let Some(&(key, use_)) = KEYS.iter().find(|(known, _)| *known == key) else {
            let names = KEYS.map(|(name, _)| name);
            problems.push(reader::unknown_key("colors", "colour", key, &names, text));
            continue;
        };
        if key == "charts" {
            colors.charts = read_series(value, text, problems);
            continue;
        }
        let place = [Step::Key("colors"), Step::Key(key)];
        let Some(color) = read_color(
            value,
            &format!("colors.{key}"),
            use_,
            &place,
            text,
            problems,
        ) else {
            continue;
        };
        match key {
            "brand" => colors.brand = Some(color),
            "accent" => colors.accent = Some(color),
            _ => colors.link = Some(color),
        }
    }
    colors
}

/// The colours of `colors.charts`, in order; all of them or none.
fn read_series(value: &Value, text: &str, problems: &mut Vec<Diagnostic>) -> Vec<Rgb> {
    let Value::Sequence(items) = value else {
        problems.push(reader::place(
            Diagnostic::error("E-config", "`colors.charts` is not a list of colours").hint(
                "list the colours of chart series in order, in quotes: `charts: [\"#0b3d91\", \"#e87722\", \"#2e8540\"]`",
            ),
            text,
            &[Step::Key("colors"), Step::Key("charts")],
            false,
        ));
        return Vec::new();
    };
    let before = problems.len();
    let series: Vec<Rgb> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let place = [Step::Key("colors"), Step::Key("charts"), Step::Item(i)];
            let name = format!("colors.charts[{i}]");
            read_color(item, &name, Use::Graphics, &place, text, problems)
        })
        .collect();
    if problems.len() > before {
        return Vec::new();
    }
    series
}

/// The colour `value` names, checked for the contrast its use needs; `None` (and a
/// problem at `place`) when it is not one or does not reach it.
fn read_color(
    value: &Value,
    name: &str,
    use_: Use,
    place: &[Step],
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Rgb> {
    let written = match value {
        Value::String(written) => written.as_str(),
        Value::Null => "",
        _ => "(not text)",
    };
    let Some(color) = Rgb::parse(written) else {
        let why = if written.is_empty() {
            format!("`{name}` is empty: in YAML an unquoted `#` starts a comment")
        } else {
            format!("`{name}`: `{written}` is not a colour")
        };
        problems.push(reader::place(
            Diagnostic::error("E-config", why).hint(
                "write it as CSS does, in quotes: `#` and six hex digits, e.g. `\"#7a0019\"`",
            ),
            text,
            place,
            written.is_empty(),
        ));
        return None;
    };
    let (needed, what, verb, lighter) = match use_ {
        Use::Background => return Some(color),
        Use::Text => (
            TEXT_CONTRAST,
            "text",
            "reads",
            "a light colour can be `brand`, whose text turns black on it",
        ),
        Use::Graphics => (
            GRAPHICS_CONTRAST,
            "a chart's marks",
            "shows",
            "dark mode gets a lighter shade of its own",
        ),
    };
    let (contrast, background) = color.least_contrast(&LIGHT_BACKGROUNDS);
    if contrast >= needed {
        return Some(color);
    }
    let problem = Diagnostic::error(
        "E-config",
        format!(
            "`{name}` {} is too light for {what}: {contrast:.1}:1 against the theme's background {}, where {needed}:1 is needed",
            color.hex(),
            background.hex()
        ),
    )
    .hint(format!(
        "choose a darker shade: `\"{}\"` is the closest that {verb} ({lighter})",
        color.reaching(needed, &LIGHT_BACKGROUNDS, BLACK).hex()
    ));
    problems.push(reader::place(problem, text, place, false));
    None
}
