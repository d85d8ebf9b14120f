//! Slugs: the URL-safe names of briefs, terms and heading anchors.

use unicode_normalization::UnicodeNormalization;

/// The name a document's file gives it: the file name without `.md`, or, for a
/// bundle (`briefs/lng-imports/index.md`, its files beside it), the folder's name.
pub fn document_name(path: &std::path::Path) -> Option<&str> {
    let stem = path.file_stem()?.to_str()?;
    if stem == "index" {
        if let Some(folder) = path.parent().and_then(|p| p.file_name()) {
            return folder.to_str();
        }
    }
    Some(stem)
}

/// Turns a name into a slug: lowercase, apostrophes dropped, every other run of
/// non-alphanumeric characters replaced by one `-`. "Japan's U.S. Alliance" ->
/// `japans-u-s-alliance`. Authors compute heading anchors by this rule, so it is part
/// of the public contract (README: "Heading ids").
pub fn slugify(name: &str) -> String {
    // Normal form C first: a letter written with a combining accent is one letter.
    // ASCII is in normal form C already; most names and headings are ASCII, and
    // normalizing was the larger part of the work.
    if name.is_ascii() {
        slug_of(name.chars(), name.len())
    } else {
        slug_of(name.nfc(), name.len())
    }
}

/// The slug of a name's characters (see [`slugify`]), `len` its length in bytes.
fn slug_of(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut slug = String::with_capacity(len);
    let mut pending_dash = false;
    for c in chars {
        if c == '\'' || c == '’' {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// Whether `slug` can be used as one URL path segment: lowercase alphanumerics, `-`
/// and `_`, not starting or ending with `-`, in Unicode normal form C. Rejects `/`,
/// `\`, `.`, NUL and so every way of escaping the output folder, and any letter with
/// an upper or title case form, so that no two slugs differ only in case (one folder
/// on the file systems of macOS and Windows).
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && slug
            .chars()
            .all(|c| c == '-' || c == '_' || c.is_alphanumeric())
        && slug.to_lowercase() == slug
        && slug.nfc().eq(slug.chars())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_follows_the_documented_rule() {
        assert_eq!(
            slugify("Japan's 2022 Strategy: A Turn"),
            "japans-2022-strategy-a-turn"
        );
        assert_eq!(slugify("U.S.-Japan"), "u-s-japan");
        assert_eq!(slugify("  NATO  "), "nato");
        assert_eq!(slugify("The Abe–Putin Years"), "the-abe-putin-years");
        assert_eq!(slugify("???"), "");
        // A combining accent is part of its letter.
        assert_eq!(slugify("Cafe\u{301} Society"), slugify("Café Society"));
    }

    #[test]
    fn unsafe_slugs_are_rejected() {
        for bad in [
            "",
            "../../etc",
            "/abs",
            "a\\b",
            "a\0b",
            "a.b",
            "-a",
            "A",
            "\u{1c5}x",
            "e\u{301}",
        ] {
            assert!(!is_valid_slug(bad), "{bad:?} accepted");
        }
        assert!(is_valid_slug("kuril-islands-dispute"));
        assert!(is_valid_slug("über_2"));
    }
}
