//! The fixed words of a site's pages in one language: the theme's labels ("Key
//! findings", "Published"), month names, date formats and plural forms, read from
//! translation files (`themes/<theme>/i18n/<language>.yaml`, overridden key by key by
//! `site/i18n/<language>.yaml`).
//!
//! Labels are a tree: a text, a list of texts (month names) or a map of labels. A map
//! whose keys are all plural categories (`one`, `few`, `many`, `other`...) is a plural
//! form, chosen by a number with the language's plural rule ([`plural_category`]).
//! Templates see the tree as `t`, with `t.lang` its language; nothing here depends on
//! the site's default language, so a page may show labels of another language.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

/// One node of the labels tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Label {
    Text(String),
    List(Vec<String>),
    Map(BTreeMap<String, Label>),
}

/// CLDR plural categories, in the order a translator lists them.
pub const PLURAL_CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];

/// The labels of one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Labels {
    /// The language these labels are in (`en`, `ru`, `ja`, `pt-br`).
    pub language: String,
    pub root: BTreeMap<String, Label>,
}

impl Labels {
    /// The node at a dotted path (`types.report.name`).
    pub fn get(&self, path: &str) -> Option<&Label> {
        let mut parts = path.split('.');
        let mut node = self.root.get(parts.next()?)?;
        for part in parts {
            match node {
                Label::Map(map) => node = map.get(part)?,
                _ => return None,
            }
        }
        Some(node)
    }

    /// The text at `path`; the path itself when it holds no text, so that a missing
    /// label shows as its key rather than as nothing.
    pub fn text<'a>(&'a self, path: &'a str) -> &'a str {
        match self.get(path) {
            Some(Label::Text(text)) => text,
            _ => path,
        }
    }

    /// The text at `path`, or `fallback` when the labels have none.
    pub fn text_or<'a>(&'a self, path: &str, fallback: &'a str) -> &'a str {
        match self.get(path) {
            Some(Label::Text(text)) => text,
            _ => fallback,
        }
    }

    /// The plural form at `path` for `n`, with `{n}` replaced by the number.
    pub fn plural(&self, path: &str, n: u64) -> String {
        match self.get(path) {
            Some(Label::Map(forms)) => choose_plural(&self.language, forms, n),
            Some(Label::Text(text)) => text.replace("{n}", &n.to_string()),
            _ => path.to_string(),
        }
    }

    /// A date for people, by the `date_format` label: `12 March 2024`,
    /// `12 марта 2024 г.`, `2024年3月12日`.
    pub fn format_date(&self, date: NaiveDate) -> String {
        self.format_date_with("date_format", date)
    }

    /// A date by the format at `path` (`{day}`, `{month}` (the name from `months`),
    /// `{month_number}` and `{year}` are replaced).
    pub fn format_date_with(&self, path: &str, date: NaiveDate) -> String {
        let format = match (self.get(path), self.get("date_format")) {
            (Some(Label::Text(format)), _) | (_, Some(Label::Text(format))) => format.as_str(),
            _ => "{year}-{month_number}-{day}",
        };
        fill_date(format, &self.months(), date)
    }

    /// The twelve month names (as they appear in a date; Russian uses the genitive).
    pub fn months(&self) -> Vec<&str> {
        match self.get("months") {
            Some(Label::List(months)) if months.len() == 12 => {
                months.iter().map(String::as_str).collect()
            }
            _ => ENGLISH_MONTHS.to_vec(),
        }
    }
}

const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `format` with the date's parts put in.
pub fn fill_date(format: &str, months: &[&str], date: NaiveDate) -> String {
    let month = months
        .get(date.month0() as usize)
        .copied()
        .unwrap_or_default();
    format
        .replace("{day}", &date.day().to_string())
        .replace("{month_number}", &date.month().to_string())
        .replace("{month}", month)
        .replace("{year}", &date.year().to_string())
}

/// Whether a map of labels is a set of plural forms.
pub fn is_plural_forms(map: &BTreeMap<String, Label>) -> bool {
    map.contains_key("other")
        && map.iter().all(|(key, value)| {
            PLURAL_CATEGORIES.contains(&key.as_str()) && matches!(value, Label::Text(_))
        })
}

/// The form of `forms` for `n` in `language` (falling back to `other`), with `{n}`
/// replaced.
pub fn choose_plural(language: &str, forms: &BTreeMap<String, Label>, n: u64) -> String {
    let category = plural_category(language, n);
    let form = [category, "other"]
        .iter()
        .find_map(|c| match forms.get(*c) {
            Some(Label::Text(text)) => Some(text.as_str()),
            _ => None,
        })
        .unwrap_or("{n}");
    form.replace("{n}", &n.to_string())
}

/// The CLDR plural category of a whole number `n` in `language` (its primary subtag
/// decides): `one`/`other` for English and most European languages, `one`/`few`/`many`
/// for the East Slavic and West Slavic languages, `other` only for Japanese, Chinese,
/// Korean and others without grammatical number. Unknown languages follow English.
pub fn plural_category(language: &str, n: u64) -> &'static str {
    let primary = language
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let (ones, tens) = (n % 10, n % 100);
    match primary.as_str() {
        "ja" | "zh" | "ko" | "th" | "vi" | "id" | "ms" | "my" | "lo" | "km" => "other",
        "ru" | "uk" | "be" => {
            if ones == 1 && tens != 11 {
                "one"
            } else if (2..=4).contains(&ones) && !(12..=14).contains(&tens) {
                "few"
            } else {
                "many"
            }
        }
        "pl" => {
            if n == 1 {
                "one"
            } else if (2..=4).contains(&ones) && !(12..=14).contains(&tens) {
                "few"
            } else {
                "many"
            }
        }
        "cs" | "sk" => match n {
            1 => "one",
            2..=4 => "few",
            _ => "other",
        },
        "fr" | "pt" if n <= 1 => "one",
        "fr" | "pt" => "other",
        _ if n == 1 => "one",
        _ => "other",
    }
}

/// How a language writes numbers: the mark between groups of three digits and the
/// decimal mark (`10,000.5`, `10 000,5`, `10.000,5`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberMarks {
    pub group: char,
    pub decimal: char,
}

impl NumberMarks {
    /// `10,000.5`: English, Japanese, Chinese, Korean, Hebrew, Thai, and Arabic written
    /// with Latin digits.
    pub const POINT: NumberMarks = NumberMarks {
        group: ',',
        decimal: '.',
    };
    /// `10 000,5`, grouped with a narrow no-break space (U+202F), which keeps the
    /// number on one line: French, Russian and most of northern and eastern Europe.
    pub const SPACE_COMMA: NumberMarks = NumberMarks {
        group: '\u{202f}',
        decimal: ',',
    };
    /// `10.000,5`: German, Spanish, Italian, Portuguese, Dutch, Turkish...
    pub const POINT_COMMA: NumberMarks = NumberMarks {
        group: '.',
        decimal: ',',
    };
    /// `10’000.5`: Switzerland.
    pub const APOSTROPHE_POINT: NumberMarks = NumberMarks {
        group: '\u{2019}',
        decimal: '.',
    };

    /// The marks of `language` (a tag such as `ru` or `es-MX`), after CLDR's: by its
    /// region where that changes them (Swiss German, Latin American Spanish), else by
    /// its primary subtag. Unknown languages write numbers as English does.
    pub fn of(language: &str) -> NumberMarks {
        let tag = language.trim().to_ascii_lowercase().replace('_', "-");
        let mut subtags = tag.split('-');
        let primary = subtags.next().unwrap_or_default();
        let region = subtags.find(|s| s.len() == 2 || s.len() == 3);
        match (primary, region) {
            ("de" | "it", Some("ch")) => NumberMarks::APOSTROPHE_POINT,
            ("es", Some("mx" | "us" | "419")) => NumberMarks::POINT,
            ("pt", Some("pt")) => NumberMarks::SPACE_COMMA,
            (
                "fr" | "ru" | "uk" | "be" | "pl" | "cs" | "sk" | "bg" | "hu" | "sv" | "fi" | "nb"
                | "nn" | "no" | "et" | "lv" | "lt" | "kk" | "hy" | "ka",
                _,
            ) => NumberMarks::SPACE_COMMA,
            (
                "de" | "es" | "it" | "pt" | "nl" | "da" | "tr" | "el" | "id" | "ro" | "hr" | "sl"
                | "sr" | "bs" | "mk" | "vi" | "ca" | "az",
                _,
            ) => NumberMarks::POINT_COMMA,
            _ => NumberMarks::POINT,
        }
    }

    /// `value` with `decimals` decimals, in these marks: thousands grouped from five
    /// digits on (`1250`, `12,500`, as typesetters do), a real minus sign.
    pub fn format(self, value: f64, decimals: usize) -> String {
        let text = format!("{:.*}", decimals, value.abs());
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let mut shown = String::with_capacity(text.len() + 8);
        if value < 0.0 && !text.trim_matches(['0', '.']).is_empty() {
            shown.push('\u{2212}');
        }
        for (i, digit) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 && whole.len() > 4 {
                shown.push(self.group);
            }
            shown.push(digit);
        }
        if !fraction.is_empty() {
            shown.push(self.decimal);
            shown.push_str(fraction);
        }
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        let shown = |language: &str| {
            let marks = NumberMarks::of(language);
            format!("{} {}", marks.format(10000.0, 0), marks.format(1.5, 1))
        };
        assert_eq!(shown("en"), "10,000 1.5");
        assert_eq!(shown("ja"), "10,000 1.5");
        assert_eq!(shown("zh-Hans"), "10,000 1.5");
        assert_eq!(shown("ar"), "10,000 1.5");
        assert_eq!(shown("ru"), "10\u{202f}000 1,5");
        assert_eq!(shown("fr-CA"), "10\u{202f}000 1,5");
        assert_eq!(shown("de"), "10.000 1,5");
        assert_eq!(shown("es"), "10.000 1,5");
        assert_eq!(shown("es-MX"), "10,000 1.5");
        assert_eq!(shown("de-CH"), "10\u{2019}000 1.5");
        assert_eq!(NumberMarks::POINT.format(1250.0, 0), "1250");
        assert_eq!(NumberMarks::POINT.format(-2.5, 1), "\u{2212}2.5");
        assert_eq!(NumberMarks::POINT.format(-0.0, 0), "0");
        assert_eq!(NumberMarks::POINT.format(-0.001, 1), "0.0");
        assert_eq!(
            NumberMarks::POINT_COMMA.format(1234567.891, 2),
            "1.234.567,89"
        );
    }

    fn labels(language: &str, yaml: &[(&str, Label)]) -> Labels {
        Labels {
            language: language.to_string(),
            root: yaml
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        }
    }

    fn forms(pairs: &[(&str, &str)]) -> Label {
        Label::Map(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), Label::Text(v.to_string())))
                .collect(),
        )
    }

    #[test]
    fn russian_plurals_take_three_forms() {
        let ru = labels(
            "ru",
            &[(
                "n",
                forms(&[
                    ("one", "{n} доклад"),
                    ("few", "{n} доклада"),
                    ("many", "{n} докладов"),
                ]),
            )],
        );
        let shown: Vec<String> = [1, 2, 5, 11, 21, 22, 25, 111, 0]
            .iter()
            .map(|&n| ru.plural("n", n))
            .collect();
        assert_eq!(
            shown,
            [
                "1 доклад",
                "2 доклада",
                "5 докладов",
                "11 докладов",
                "21 доклад",
                "22 доклада",
                "25 докладов",
                "111 докладов",
                "0 докладов"
            ]
        );
    }

    #[test]
    fn english_and_japanese_plurals() {
        let en = labels(
            "en",
            &[("n", forms(&[("one", "{n} brief"), ("other", "{n} briefs")]))],
        );
        assert_eq!(en.plural("n", 1), "1 brief");
        assert_eq!(en.plural("n", 0), "0 briefs");
        let ja = labels("ja", &[("n", forms(&[("other", "{n}件")]))]);
        assert_eq!(ja.plural("n", 1), "1件");
    }

    #[test]
    fn dates_follow_the_language() {
        let date = NaiveDate::from_ymd_opt(2024, 3, 12).unwrap();
        let ja = labels(
            "ja",
            &[(
                "date_format",
                Label::Text("{year}年{month_number}月{day}日".into()),
            )],
        );
        assert_eq!(ja.format_date(date), "2024年3月12日");
        let months: Vec<String> = [
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ]
        .iter()
        .map(|m| m.to_string())
        .collect();
        let ru = labels(
            "ru",
            &[
                ("date_format", Label::Text("{day} {month} {year} г.".into())),
                ("months", Label::List(months)),
            ],
        );
        assert_eq!(ru.format_date(date), "12 марта 2024 г.");
        assert_eq!(labels("en", &[]).text("missing.key"), "missing.key");
    }
}
