//! Measuring and wrapping the texts of a card with the fonts that will draw them.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::FontFile;

/// The family cards ask for unless the site names another (`typography.ui`);
/// characters it lacks are drawn with any other card font that has them.
pub const FAMILY: &str = "Inter";

/// The advance widths of the card fonts.
pub struct Metrics {
    /// Each font's bytes and whether it is bold, the family's regular and bold first.
    fonts: Vec<(Arc<Vec<u8>>, bool, bool)>,
    /// What was looked up already, by character (and boldness): parsing a font's
    /// tables for every character of every card cost more than drawing them.
    known: RwLock<HashMap<(char, bool), Option<f32>>>,
    /// The advances of ASCII characters (regular, bold), looked up when made: most of
    /// every card's text, whose lookups in `known` contended for its lock across
    /// threads (checking 10,000 cards' glyphs took 32 ms on two cores).
    ascii: Vec<[Option<f32>; 2]>,
}

impl Metrics {
    /// The metrics of `files`, those of `family` first.
    pub fn new(files: &[FontFile], family: &str) -> Metrics {
        let mut fonts: Vec<(Arc<Vec<u8>>, bool, bool)> = files
            .iter()
            .filter_map(|f| {
                let face = ttf_parser::Face::parse(&f.bytes, 0).ok()?;
                let bold = face.weight().to_number() >= 600;
                let family = face
                    .names()
                    .into_iter()
                    .filter(|n| n.name_id == ttf_parser::name_id::FAMILY)
                    .any(|n| n.to_string().is_some_and(|s| s == family));
                Some((Arc::clone(&f.bytes), bold, family))
            })
            .collect();
        // The card family first, so it measures what it draws.
        fonts.sort_by_key(|(_, _, family)| !*family);
        let ascii = (0..128u8)
            .map(|c| [false, true].map(|bold| look_up(&fonts, char::from(c), bold)))
            .collect();
        Metrics {
            fonts,
            known: RwLock::new(HashMap::new()),
            ascii,
        }
    }

    /// Whether some font draws `c`.
    pub fn covers(&self, c: char) -> bool {
        self.advance(c, false).is_some()
    }

    /// The width of `text` at `size` pixels, in the bold or regular face.
    pub fn width(&self, text: &str, size: f32, bold: bool) -> f32 {
        text.chars()
            .map(|c| self.advance(c, bold).unwrap_or(0.6) * size)
            .sum()
    }

    /// The advance of `c` in ems, in the first font (bold or regular first) that draws
    /// it; `None` when no font does.
    fn advance(&self, c: char, bold: bool) -> Option<f32> {
        if let Some(advances) = self.ascii.get(c as usize) {
            return advances[usize::from(bold)];
        }
        if let Some(known) = self
            .known
            .read()
            .ok()
            .and_then(|k| k.get(&(c, bold)).copied())
        {
            return known;
        }
        let advance = look_up(&self.fonts, c, bold);
        if let Ok(mut known) = self.known.write() {
            known.insert((c, bold), advance);
        }
        advance
    }
}

/// The advance of `c` in ems in the first of `fonts` (bold or regular first) that
/// draws it.
fn look_up(fonts: &[(Arc<Vec<u8>>, bool, bool)], c: char, bold: bool) -> Option<f32> {
    fonts
        .iter()
        .filter(|(_, b, _)| *b == bold)
        .chain(fonts.iter().filter(|(_, b, _)| *b != bold))
        .filter_map(|(bytes, _, _)| ttf_parser::Face::parse(bytes, 0).ok())
        .find_map(|face| {
            let glyph = face.glyph_index(c)?;
            let advance = face.glyph_hor_advance(glyph)?;
            Some(f32::from(advance) / f32::from(face.units_per_em()))
        })
}

/// `text` in lines no wider than `width`: at spaces, and between any two characters of
/// scripts written without spaces (Chinese, Japanese); a word wider than a line is
/// cut.
pub fn wrap(metrics: &Metrics, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in pieces(text) {
        let candidate = if line.is_empty() {
            piece.trim_start().to_string()
        } else {
            format!("{line}{piece}")
        };
        if metrics.width(candidate.trim_end(), size, bold) <= width || line.is_empty() {
            line = candidate;
            // A single piece wider than the line: cut it by characters.
            while metrics.width(line.trim_end(), size, bold) > width && line.chars().count() > 1 {
                let mut head = String::new();
                let mut rest = line.chars().peekable();
                while let Some(&c) = rest.peek() {
                    head.push(c);
                    if metrics.width(&head, size, bold) > width {
                        head.pop();
                        break;
                    }
                    rest.next();
                }
                if head.is_empty() {
                    break;
                }
                lines.push(head);
                line = rest.collect();
            }
        } else {
            lines.push(line.trim_end().to_string());
            line = piece.trim_start().to_string();
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Characters a line may not start with (closing punctuation, prolonged sound and
/// small kana), and characters it may not end with (opening brackets), by the line
/// breaking rules of Japanese and Chinese (kinsoku).
const NO_LINE_START: &str =
    "、。，．：；！？）」』】〕〉》・ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々";
const NO_LINE_END: &str = "（「『【〔〈《";

/// The breakable pieces of a text: words with the space before them, and single
/// characters of CJK scripts, a closing mark kept with the piece before it and an
/// opening bracket with the piece after it.
fn pieces(text: &str) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    let mut current = String::new();
    // Opening brackets waiting for the piece they open.
    let mut opening = String::new();
    for c in text.chars() {
        if NO_LINE_START.contains(c) && !(current.is_empty() && pieces.is_empty()) {
            match pieces.last_mut().filter(|_| current.is_empty()) {
                Some(last) => last.push(c),
                None => current.push(c),
            }
        } else if NO_LINE_END.contains(c) {
            if !current.is_empty() {
                pieces.push(std::mem::take(&mut current));
            }
            opening.push(c);
        } else if is_cjk(c) {
            if !current.is_empty() {
                pieces.push(std::mem::take(&mut current));
            }
            pieces.push(format!("{}{c}", std::mem::take(&mut opening)));
        } else if c.is_whitespace() && !current.trim().is_empty() {
            pieces.push(std::mem::take(&mut current));
            current.push(' ');
        } else {
            if current.trim().is_empty() {
                current.push_str(&std::mem::take(&mut opening));
            }
            current.push(c);
        }
    }
    current.push_str(&opening);
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0xAC00..=0xD7AF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_without_fonts_wraps_by_estimate() {
        let metrics = Metrics::new(&[], FAMILY);
        let lines = wrap(&metrics, "one two three four five six", 10.0, false, 60.0);
        assert!(lines.len() > 1, "{lines:?}");
        assert!(
            lines.iter().all(|l| metrics.width(l, 10.0, false) <= 60.0),
            "{lines:?}"
        );
        // Twelve characters of 6 px in lines of 30 px: five, five and two.
        let japanese = wrap(&metrics, "日本の安全保障政策の転換", 10.0, false, 30.0);
        assert_eq!(japanese, ["日本の安全", "保障政策の", "転換"]);
    }

    #[test]
    fn no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one() {
        assert_eq!(pieces("第2部：安倍"), ["第", "2", "部：", "安", "倍"]);
        assert_eq!(pieces("「安倍」です。"), ["「安", "倍」", "で", "す。"]);
        assert_eq!(pieces("Japan: 日本"), ["Japan:", " ", "日", "本"]);
        let metrics = Metrics::new(&[], FAMILY);
        // Six characters of 6 px in lines of 24 px would put `：` first on a line.
        let lines = wrap(&metrics, "安全保障：政策", 10.0, false, 24.0);
        assert!(lines.iter().all(|l| !l.starts_with('：')), "{lines:?}");
    }
}
