//! What a WOFF2 font says of itself (its family names, weight and style), for a web
//! font delivered only as `.woff2`, as type foundries and brand agencies often do.
//! A WOFF2 file is a header, a directory of the font's tables and one Brotli stream
//! holding the tables one after the other (W3C WOFF2, sections 4 to 5); the tables
//! read here (`name`, `OS/2`) are never transformed, so they are read as in any font.

use std::io::Read;

/// The tags the directory names by index (WOFF2, section 4.1, "Known Table Tags").
const KNOWN_TAGS: [&[u8; 4]; 63] = [
    b"cmap", b"head", b"hhea", b"hmtx", b"maxp", b"name", b"OS/2", b"post", b"cvt ", b"fpgm",
    b"glyf", b"loca", b"prep", b"CFF ", b"VORG", b"EBDT", b"EBLC", b"gasp", b"hdmx", b"kern",
    b"LTSH", b"PCLT", b"VDMX", b"vhea", b"vmtx", b"BASE", b"GDEF", b"GPOS", b"GSUB", b"EBSC",
    b"JSTF", b"MATH", b"CBDT", b"CBLC", b"COLR", b"CPAL", b"SVG ", b"sbix", b"acnt", b"avar",
    b"bdat", b"bloc", b"bsln", b"cvar", b"fdsc", b"feat", b"fmtx", b"fvar", b"gvar", b"hsty",
    b"just", b"lcar", b"mort", b"morx", b"opbd", b"prop", b"trak", b"Zapf", b"Silf", b"Glat",
    b"Gloc", b"Feat", b"Sill",
];

const SIGNATURE: &[u8; 4] = b"wOF2";
const HEADER_LENGTH: usize = 48;
/// More than any font's tables: a stream that unpacks to more is not read on.
const LARGEST_FONT: u64 = 64 << 20;

/// A face of a WOFF2 file.
#[derive(Debug, PartialEq)]
pub struct Woff2Face {
    pub families: Vec<String>,
    pub weight: u16,
    pub italic: bool,
    /// Its width as CSS's `font-stretch` writes it (`75%`: condensed); `None` when normal.
    pub stretch: Option<&'static str>,
}

/// The face `bytes` holds, when they are a WOFF2 font of one face (not a collection)
/// with a `name` table.
pub fn face(bytes: &[u8]) -> Option<Woff2Face> {
    if bytes.get(..4)? != SIGNATURE || bytes.get(4..8)? == b"ttcf" {
        return None;
    }
    let number = u16::from_be_bytes(bytes.get(12..14)?.try_into().ok()?);
    let compressed = u32::from_be_bytes(bytes.get(20..24)?.try_into().ok()?) as usize;
    let mut at = HEADER_LENGTH;
    // Each table's tag and where it is in the unpacked stream.
    let mut tables: Vec<([u8; 4], usize, usize)> = Vec::new();
    let mut offset = 0;
    for _ in 0..number {
        let flags = *bytes.get(at)?;
        at += 1;
        let tag = match usize::from(flags & 0x3f) {
            63 => {
                let tag: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
                at += 4;
                tag
            }
            known => *KNOWN_TAGS[known],
        };
        let original = base128(bytes, &mut at)?;
        // `glyf` and `loca` are transformed unless their version is 3; any other table
        // only with a version other than 0.
        let version = flags >> 6;
        let transformed = if &tag == b"glyf" || &tag == b"loca" {
            version != 3
        } else {
            version != 0
        };
        let length = if transformed {
            base128(bytes, &mut at)?
        } else {
            original
        };
        tables.push((tag, offset, length));
        offset = offset.checked_add(length)?;
    }
    let stream = bytes.get(at..at.checked_add(compressed)?)?;
    let mut unpacked = Vec::new();
    brotli::Decompressor::new(stream, 4096)
        .take(LARGEST_FONT)
        .read_to_end(&mut unpacked)
        .ok()?;
    let table = |wanted: &[u8; 4]| {
        let &(_, start, length) = tables.iter().find(|(tag, ..)| tag == wanted)?;
        unpacked.get(start..start.checked_add(length)?)
    };
    let names = ttf_parser::name::Table::parse(table(b"name")?)?;
    let os2 = table(b"OS/2").and_then(ttf_parser::os2::Table::parse);
    Some(Woff2Face {
        families: super::webfonts::names_of_family(names.names),
        weight: os2.map_or(400, |t| t.weight().to_number()),
        italic: os2.is_some_and(|t| t.style() == ttf_parser::Style::Italic),
        stretch: os2.and_then(|t| super::webfonts::font_stretch(t.width())),
    })
}

/// A `UIntBase128` at `at` (WOFF2, section 3.1): seven bits a byte, most significant
/// first, at most five bytes, no leading zeros.
fn base128(bytes: &[u8], at: &mut usize) -> Option<usize> {
    let mut value: u32 = 0;
    for i in 0..5 {
        let byte = *bytes.get(*at)?;
        *at += 1;
        if i == 0 && byte == 0x80 {
            return None;
        }
        if value & 0xfe00_0000 != 0 {
            return None;
        }
        value = (value << 7) | u32::from(byte & 0x7f);
        if byte & 0x80 == 0 {
            return Some(value as usize);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_seven_bits_a_byte() {
        let read = |bytes: &[u8]| base128(bytes, &mut 0);
        assert_eq!(read(&[0x3f]), Some(63));
        assert_eq!(read(&[0x81, 0x00]), Some(128));
        assert_eq!(
            read(&[0x8f, 0xff, 0xff, 0xff, 0x7f]),
            Some(u32::MAX as usize)
        );
        assert_eq!(read(&[0x80, 0x01]), None, "a leading zero");
        assert_eq!(read(&[0xff, 0xff, 0xff, 0xff, 0xff]), None);
        assert_eq!(read(&[0x81]), None, "cut short");
    }

    #[test]
    fn a_woff2_font_tells_its_family_weight_and_style() {
        let bytes = include_bytes!("../../tests/fixtures/fonts/StatecraftTest-BoldItalic.woff2");
        assert_eq!(
            face(bytes),
            Some(Woff2Face {
                families: vec!["Statecraft Test".to_string()],
                weight: 700,
                italic: true,
                stretch: None,
            })
        );
        assert_eq!(face(b"wOF2 not a font"), None);
        assert_eq!(face(&bytes[..bytes.len() / 2]), None);
    }
}
