//! BCP 47 language tags (RFC 5646): what `language:` and the codes of `languages:` must
//! be, since they go into every page's `lang` and `hreflang`.
//!
//! A hand-written check of the tag's syntax (a registry of every subtag would be a
//! large dependency for a one-line setting): `language[-extlang][-Script][-REGION]
//! [-variant...][-extension...][-x-private]`, case-insensitive, or one of the tags RFC
//! 5646 keeps for compatibility (`i-klingon`, `zh-min-nan`). Beyond the grammar, the
//! primary language must be 2 or 3 letters (or `x-` private use): the grammar also
//! allows 4 letters (reserved) and 5 to 8 letters (for registration), but no such
//! language is registered, and `english` or `japanese` is a name written where a tag
//! belongs.

/// Languages written right to left, by primary subtag: Arabic, Persian, Hebrew, Urdu,
/// Pashto, Sindhi, Kurdish (Sorani), Uyghur, Yiddish, Dhivehi, Syriac.
const RIGHT_TO_LEFT: &[&str] = &[
    "ar", "fa", "he", "iw", "ur", "ps", "sd", "ckb", "ug", "yi", "dv", "syr",
];

/// The direction text of language `tag` runs in, as HTML's `dir` names it: `rtl` for
/// the languages written right to left (a script subtag decides: `az-Arab` is, `sd-Deva`
/// is not), else `ltr`.
pub fn direction(tag: &str) -> &'static str {
    let lowercase = tag.to_ascii_lowercase();
    let mut subtags = lowercase.split('-');
    let primary = subtags.next().unwrap_or("");
    let script = subtags.find(|s| s.len() == 4 && s.chars().all(|c| c.is_ascii_alphabetic()));
    let rtl = match script {
        Some(script) => matches!(
            script,
            "arab" | "hebr" | "thaa" | "syrc" | "nkoo" | "adlm" | "rohg"
        ),
        None => RIGHT_TO_LEFT.contains(&primary),
    };
    if rtl {
        "rtl"
    } else {
        "ltr"
    }
}

/// Tags RFC 5646 keeps from earlier rules ("grandfathered"), lowercase.
const GRANDFATHERED: &[&str] = &[
    "en-gb-oed",
    "i-ami",
    "i-bnn",
    "i-default",
    "i-enochian",
    "i-hak",
    "i-klingon",
    "i-lux",
    "i-mingo",
    "i-navajo",
    "i-pwn",
    "i-tao",
    "i-tay",
    "i-tsu",
    "sgn-be-fr",
    "sgn-be-nl",
    "sgn-ch-de",
    "art-lojban",
    "cel-gaulish",
    "no-bok",
    "no-nyn",
    "zh-guoyu",
    "zh-hakka",
    "zh-min",
    "zh-min-nan",
    "zh-xiang",
];

/// Common languages by their English names, for the hint at a name written where a tag
/// belongs (`language: english`).
const ENGLISH_NAMES: &[(&str, &str)] = &[
    ("arabic", "ar"),
    ("chinese", "zh"),
    ("dutch", "nl"),
    ("english", "en"),
    ("french", "fr"),
    ("german", "de"),
    ("hindi", "hi"),
    ("italian", "it"),
    ("japanese", "ja"),
    ("korean", "ko"),
    ("persian", "fa"),
    ("polish", "pl"),
    ("portuguese", "pt"),
    ("russian", "ru"),
    ("spanish", "es"),
    ("turkish", "tr"),
    ("ukrainian", "uk"),
];

/// Whether `tag` is a well-formed BCP 47 language tag with a 2- or 3-letter language
/// (see the module's doc), in any case: `en`, `pt-BR`, `zh-Hant-TW`, `es-419`,
/// `de-CH-1996`, `x-klingon`. Not `en_US`, `ja jp`, `english`, `en-`.
pub fn is_language_tag(tag: &str) -> bool {
    if tag.is_empty() || !tag.is_ascii() {
        return false;
    }
    let lower = tag.to_ascii_lowercase();
    if GRANDFATHERED.contains(&lower.as_str()) {
        return true;
    }
    let subtags: Vec<&str> = lower.split('-').collect();
    let alphanumeric =
        |s: &&str| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric());
    if !subtags.iter().all(alphanumeric) {
        return false;
    }
    let letters = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let mut rest = subtags.as_slice();
    if rest[0] == "x" {
        return private_use(&rest[1..]);
    }
    if !letters(rest[0], 2..=3) {
        return false;
    }
    rest = &rest[1..];
    // Up to three extended language subtags (`zh-yue`), then a script, a region.
    let mut extlangs = 0;
    while extlangs < 3 && rest.first().is_some_and(|s| letters(s, 3..=3)) {
        rest = &rest[1..];
        extlangs += 1;
    }
    if rest.first().is_some_and(|s| letters(s, 4..=4)) {
        rest = &rest[1..];
    }
    if rest
        .first()
        .is_some_and(|s| letters(s, 2..=2) || digits(s, 3))
    {
        rest = &rest[1..];
    }
    // Variants: 5 to 8 characters, or a digit and 3 characters (`1996`).
    while rest
        .first()
        .is_some_and(|s| s.len() >= 5 || (s.len() == 4 && s.as_bytes()[0].is_ascii_digit()))
    {
        rest = &rest[1..];
    }
    // Extensions: a singleton other than `x`, then subtags of 2 to 8 characters.
    while let Some(&singleton) = rest.first() {
        if singleton.len() != 1 || singleton == "x" {
            break;
        }
        let taken = rest[1..].iter().take_while(|s| s.len() >= 2).count();
        if taken == 0 {
            return false;
        }
        rest = &rest[1 + taken..];
    }
    match rest.split_first() {
        None => true,
        Some((&"x", private)) => private_use(private),
        Some(_) => false,
    }
}

/// The subtags after `x-`: at least one (each already 1 to 8 alphanumerics).
fn private_use(subtags: &[&str]) -> bool {
    !subtags.is_empty()
}

/// The tag `written` most likely means, when it is not one: `en_US` and `ja jp` with
/// hyphens (`en-US`, `ja-JP`), a common language's English name as its tag
/// (`english` -> `en`).
pub fn suggest_tag(written: &str) -> Option<String> {
    let joined = written
        .trim()
        .split(|c: char| c == '_' || c == '-' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if is_language_tag(&joined) {
        return Some(conventional_case(&joined));
    }
    let lower = written.trim().to_lowercase();
    ENGLISH_NAMES
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, tag)| tag.to_string())
}

/// A tag in the case RFC 5646 recommends: language lowercase, script titlecase
/// (`Hant`), region uppercase (`BR`); everything after a singleton lowercase.
fn conventional_case(tag: &str) -> String {
    let mut out = Vec::new();
    let mut after_singleton = false;
    for (i, subtag) in tag.split('-').enumerate() {
        let lower = subtag.to_ascii_lowercase();
        let cased = if i == 0 || after_singleton {
            lower
        } else if subtag.len() == 2 {
            lower.to_ascii_uppercase()
        } else if subtag.len() == 4 && subtag.bytes().all(|b| b.is_ascii_alphabetic()) {
            let mut chars = lower.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        } else {
            lower
        };
        after_singleton |= subtag.len() == 1;
        out.push(cased);
    }
    out.join("-")
}

/// The territory each language the default theme has labels for is most read in:
/// OpenGraph's `og:locale` needs one (`en_US`), and a site's `language: ru` gives none.
const LIKELY_TERRITORIES: &[(&str, &str)] = &[
    ("de", "DE"),
    ("en", "US"),
    ("es", "ES"),
    ("fr", "FR"),
    ("ja", "JP"),
    ("ru", "RU"),
];

/// The OpenGraph locale of language `tag`, written `language_TERRITORY` as `og:locale`
/// must be: the tag's own region when it has one (`en-GB` -> `en_GB`), else the
/// language's likely territory (`ru` -> `ru_RU`). `None` for a language with no region
/// and no likely territory known here: better no `og:locale` than one that is wrong.
pub fn og_locale(tag: &str) -> Option<String> {
    let mut subtags = tag.split('-');
    let language = subtags.next()?.to_ascii_lowercase();
    if language.len() != 2 || !language.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    // The region is the first subtag after the language of two letters or three digits
    // (a script has four letters, an extended language three); a singleton (`x`, `u`)
    // ends the search.
    let region = subtags.take_while(|s| s.len() > 1).find(|s| {
        (s.len() == 2 && s.bytes().all(|b| b.is_ascii_alphabetic()))
            || (s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()))
    });
    let territory = match region {
        // An area of several countries (`es-419`, Latin America) is no territory
        // OpenGraph knows, and the language's usual one would be wrong.
        Some(region) if region.bytes().all(|b| b.is_ascii_digit()) => return None,
        Some(region) => region.to_ascii_uppercase(),
        None => LIKELY_TERRITORIES
            .iter()
            .find(|(known, _)| *known == language)?
            .1
            .to_string(),
    };
    Some(format!("{language}_{territory}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn og_locales_have_a_territory() {
        assert_eq!(og_locale("en").as_deref(), Some("en_US"));
        assert_eq!(og_locale("ru").as_deref(), Some("ru_RU"));
        assert_eq!(og_locale("ja").as_deref(), Some("ja_JP"));
        assert_eq!(og_locale("en-GB").as_deref(), Some("en_GB"));
        assert_eq!(og_locale("pt-br").as_deref(), Some("pt_BR"));
        assert_eq!(og_locale("zh-Hant-TW").as_deref(), Some("zh_TW"));
        assert_eq!(og_locale("sr-Latn").as_deref(), None);
        assert_eq!(og_locale("fi"), None);
        assert_eq!(og_locale("es-419"), None);
        assert_eq!(og_locale("en-x-gb").as_deref(), Some("en_US"));
    }

    #[test]
    fn well_formed_tags_in_any_case() {
        for good in [
            "en",
            "EN",
            "pt-BR",
            "zh-Hant-TW",
            "zh-yue-HK",
            "es-419",
            "de-CH-1996",
            "sl-rozaj-biske",
            "en-US-u-ca-gregory",
            "en-x-internal",
            "x-klingon",
            "i-klingon",
            "sr-Latn",
        ] {
            assert!(is_language_tag(good), "{good}");
        }
    }

    #[test]
    fn malformed_tags_and_names() {
        for bad in [
            "",
            "e",
            "en_US",
            "ja jp",
            "english",
            "engl",
            "en-",
            "-en",
            "en--us",
            "en-u",
            "en-x",
            "x",
            "en-US-u",
            "ja-日本",
            "en-abcdefghi",
            "123",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn suggestions_are_tags() {
        for written in ["en_US", "ja jp", "english", "ZH_hant_tw", "pt-br"] {
            let suggestion = suggest_tag(written).unwrap();
            assert!(is_language_tag(&suggestion), "{written} -> {suggestion}");
        }
        assert_eq!(suggest_tag("en_US").as_deref(), Some("en-US"));
        assert_eq!(suggest_tag("zh_hant_tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(suggest_tag("klingonese"), None);
    }

    #[test]
    fn directions_of_scripts() {
        for (tag, dir) in [
            ("ar", "rtl"),
            ("he-IL", "rtl"),
            ("fa", "rtl"),
            ("az-Arab", "rtl"),
            ("sd-Deva", "ltr"),
            ("en", "ltr"),
            ("ru", "ltr"),
            ("ja", "ltr"),
        ] {
            assert_eq!(super::direction(tag), dir, "{tag}");
        }
    }
}
