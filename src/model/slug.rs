//! Slugs: the URL-safe names of briefs, terms and heading anchors.

/// Turns a name into a slug: lowercase, apostrophes dropped, every other run of
/// non-alphanumeric characters replaced by one `-`. "Japan's U.S. Alliance" ->
/// `japans-u-s-alliance`. Authors compute heading anchors by this rule, so it is part
/// of the public contract (README: "Heading ids").
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    let mut pending_dash = false;
    for c in name.chars() {
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
/// and `_`, not starting or ending with `-`. Rejects `/`, `\`, `.`, NUL and so every
/// way of escaping the output folder.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && slug
            .chars()
            .all(|c| c == '-' || c == '_' || (c.is_alphanumeric() && !c.is_uppercase()))
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
    }

    #[test]
    fn unsafe_slugs_are_rejected() {
        for bad in ["", "../../etc", "/abs", "a\\b", "a\0b", "a.b", "-a", "A"] {
            assert!(!is_valid_slug(bad), "{bad:?} accepted");
        }
        assert!(is_valid_slug("kuril-islands-dispute"));
        assert!(is_valid_slug("über_2"));
    }
}
