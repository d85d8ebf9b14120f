//! Briefs in several languages: each language's edition under its folder, alternates
//! that point both ways, a sitemap with them, links that fall back to the original,
//! and the errors of translations without an original or with a rival.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use common::{attribute_values, files_under, SiteTest, CONFIG};

const LANGUAGES: &str = "languages:
  ru:
    name: Русский
    title: Записки
    topics:
      soft-power: Мягкая сила
    regions:
      Japan: Япония
  ja:
    topics:
      hard-power: ハードパワー
";

/// Briefs `alpha` (with Russian and Japanese translations), `beta` (with a Russian
/// one) and `gamma` (English only); `alpha.ru` links to `beta` (translated) and to
/// `gamma` (not). `beta.ru` and `alpha.ja` name their original by its file (`beta.md`,
/// `briefs/alpha.md`), as links name briefs; `alpha.ru` by its slug.
fn site() -> SiteTest {
    let site = SiteTest::new();
    site.file("site/config.yaml", &format!("{CONFIG}{LANGUAGES}"));
    site.brief(
        "alpha",
        "2024-03-01",
        "[soft-power]",
        "regions: [Japan]\ntags: [Kuril Islands]\n",
        "Alpha cites [beta](beta.md) and [[gamma]].",
    );
    site.brief(
        "beta",
        "2024-02-01",
        "[soft-power, hard-power]",
        "",
        "Beta text.",
    );
    site.brief(
        "gamma",
        "2024-01-01",
        "[hard-power]",
        "",
        "Gamma cites [[alpha]].",
    );
    site.file(
        "briefs/alpha.ru.md",
        "---\ntitle: Альфа\nlang: ru\ntranslation_of: alpha\ndate: 2024-03-01\nsummary: Кратко об альфе.\ntopics: [soft-power]\nregions: [Japan]\ntags: [Kuril Islands]\n---\nАльфа ссылается на [бету](beta.md) и на [[gamma]].\n",
    );
    site.file(
        "briefs/beta.ru.md",
        "---\ntitle: Бета\nlang: ru\ntranslation_of: beta.md\ndate: 2024-02-01\nsummary: Кратко о бете.\ntopics: [soft-power, hard-power]\nrelated: [gamma]\n---\nТекст беты.\n",
    );
    site.file(
        "briefs/alpha.ja.md",
        "---\ntitle: アルファ\nlang: ja\ntranslation_of: briefs/alpha.md\ndate: 2024-03-01\nsummary: アルファの要約。\ntopics: [soft-power]\n---\n抑止力についての本文。\n",
    );
    // A figure the briefs may show (see [`EDITS`]).
    draw_map(&site, 900, [31, 95, 168]);
    site
}

/// The brief pages a list page links to, as site paths.
fn listed_briefs(html: &str) -> BTreeSet<String> {
    attribute_values(html, "href")
        .into_iter()
        .filter(|h| {
            let rest = h.trim_start_matches("/ru").trim_start_matches("/ja");
            rest.starts_with("/briefs/") && rest.len() > "/briefs/".len() && !h.contains('#')
        })
        .filter(|h| !h.contains("/page/"))
        .collect()
}

/// The entry links of an Atom feed.
fn feed_entries(xml: &str) -> BTreeSet<String> {
    xml.split("<entry>")
        .skip(1)
        .filter_map(|entry| {
            let marker = "rel=\"alternate\" type=\"text/html\" href=\"";
            let rest = &entry[entry.find(marker)? + marker.len()..];
            Some(rest[..rest.find('"')?].to_string())
        })
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[test]
fn each_language_lists_exactly_its_own_briefs() {
    let site = site();
    site.build();
    assert!(site.exists("ru/briefs/alpha/index.html"));
    assert!(site.exists("ja/briefs/alpha/index.html"));
    assert!(!site.exists("ru/briefs/gamma/index.html"), "not faked");
    assert!(!site.exists("ja/briefs/beta/index.html"), "not faked");

    // Topic, tag, region and author pages, the list, archive and timeline.
    for (page, expected) in [
        (
            "ru/topics/soft-power/index.html",
            vec!["/ru/briefs/alpha/", "/ru/briefs/beta/"],
        ),
        ("ru/topics/hard-power/index.html", vec!["/ru/briefs/beta/"]),
        (
            "ru/tags/kuril-islands/index.html",
            vec!["/ru/briefs/alpha/"],
        ),
        ("ru/regions/japan/index.html", vec!["/ru/briefs/alpha/"]),
        (
            "ru/archive/2024/index.html",
            vec!["/ru/briefs/alpha/", "/ru/briefs/beta/"],
        ),
        (
            "ru/briefs/index.html",
            vec!["/ru/briefs/alpha/", "/ru/briefs/beta/"],
        ),
        ("ja/topics/soft-power/index.html", vec!["/ja/briefs/alpha/"]),
        ("ja/archive/2024/index.html", vec!["/ja/briefs/alpha/"]),
        (
            "topics/soft-power/index.html",
            vec!["/briefs/alpha/", "/briefs/beta/"],
        ),
        (
            "archive/2024/index.html",
            vec!["/briefs/alpha/", "/briefs/beta/", "/briefs/gamma/"],
        ),
    ] {
        assert_eq!(listed_briefs(&site.read(page)), set(&expected), "{page}");
    }
    let timeline = site.read("ru/timeline/index.html");
    assert!(timeline.contains("/ru/briefs/beta/") && !timeline.contains("/briefs/gamma/"));
    // A declared topic has its page in every edition, empty when nothing is on it.
    assert!(listed_briefs(&site.read("ja/topics/hard-power/index.html")).is_empty());

    // Feeds: the site's and each topic's.
    let base = "https://example.org";
    assert_eq!(
        feed_entries(&site.read("ru/atom.xml")),
        set(&[
            &format!("{base}/ru/briefs/alpha/"),
            &format!("{base}/ru/briefs/beta/")
        ])
    );
    assert_eq!(
        feed_entries(&site.read("ja/topics/soft-power/atom.xml")),
        set(&[&format!("{base}/ja/briefs/alpha/")])
    );
    assert_eq!(feed_entries(&site.read("atom.xml")).len(), 3);
    assert!(!site.read("atom.xml").contains("/ru/"));

    // Titles of topics and regions in the language, the page in the language.
    let topic = site.read("ru/topics/soft-power/index.html");
    assert!(topic.contains("<html lang=\"ru\""));
    assert!(topic.contains("Мягкая сила"), "topic title in Russian");
    assert!(site.read("ru/regions/japan/index.html").contains("Япония"));
    assert!(site.read("ja/index.html").contains("<html lang=\"ja\""));
    // One robots.txt and sitemap, for the whole site.
    assert!(site.exists("sitemap.xml") && !site.exists("ru/sitemap.xml"));
    assert!(!site.exists("ru/robots.txt"));
}

/// Every `<link rel="alternate" hreflang>` of every page of the built site points at
/// a page that exists and that lists the same alternates: the set is reciprocal.
#[test]
fn alternates_are_reciprocal_on_every_page() {
    let site = site();
    site.build();
    let out = site.out("");
    let origin = "https://example.org/";
    let alternates_of = |file: &str| -> BTreeMap<String, String> {
        let html = fs::read_to_string(out.join(file)).unwrap();
        html.split("<link rel=\"alternate\" hreflang=\"")
            .skip(1)
            .map(|rest| {
                let lang = &rest[..rest.find('"').unwrap()];
                let href = rest.split("href=\"").nth(1).unwrap();
                (
                    lang.to_string(),
                    href[..href.find('"').unwrap()].to_string(),
                )
            })
            .collect()
    };
    let mut translated_pages = 0;
    for file in files_under(&out).iter().filter(|f| f.ends_with(".html")) {
        let alternates = alternates_of(file);
        if alternates.is_empty() {
            continue;
        }
        translated_pages += 1;
        let own = format!("{origin}{}", file.trim_end_matches("index.html"));
        assert!(
            alternates.values().any(|url| url == &own),
            "{file} is not among its own alternates: {alternates:?}"
        );
        assert!(alternates.contains_key("x-default"), "{file}");
        for (lang, url) in &alternates {
            let target = url.strip_prefix(origin).unwrap();
            let target = format!("{target}index.html");
            assert!(
                out.join(&target).is_file(),
                "{file}: {lang} -> {url} is missing"
            );
            assert_eq!(
                alternates_of(&target),
                alternates,
                "{file} and {target} disagree"
            );
        }
    }
    assert!(
        translated_pages >= 10,
        "only {translated_pages} pages have alternates"
    );
    // A brief in one language has none, and no language switcher.
    let gamma = site.read("briefs/gamma/index.html");
    assert!(!gamma.contains("hreflang"), "gamma has no translation");
    assert!(!gamma.contains("class=\"languages\""));
    // The switcher shows only the languages the page exists in.
    let beta = site.read("briefs/beta/index.html");
    assert!(beta.contains("href=\"/ru/briefs/beta/\" hreflang=\"ru\""));
    assert!(!beta.contains("/ja/briefs/beta/"));
}

/// The sitemap lists every edition's pages with `xhtml:link` alternates, and
/// validates against the sitemaps.org schema with the alternates' schema.
#[test]
fn the_sitemap_carries_alternates_and_validates() {
    let site = site();
    site.build();
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/ru/briefs/alpha/</loc>"));
    assert!(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"ja\" href=\"https://example.org/ja/briefs/alpha/\"/>"));
    common::assert_valid_sitemap(&site.out("sitemap.xml"));
}

#[test]
fn links_go_to_the_same_language_or_fall_back_to_the_original() {
    let site = site();
    site.build();
    let alpha = site.read("ru/briefs/alpha/index.html");
    // `beta` has a Russian translation, `gamma` does not: the original, marked.
    assert!(
        alpha.contains("<a href=\"/ru/briefs/beta/\">бету</a>"),
        "{alpha}"
    );
    // Its title, in English, says so for screen readers.
    assert!(
        alpha.contains(
            "<a href=\"/briefs/gamma/\" hreflang=\"en\"><span lang=\"en\">Brief gamma</span></a>"
        ),
        "{alpha}"
    );
    // Backlinks and related briefs stay within a language: gamma's "cited by" is
    // English only, and Russian beta's `related: [gamma]` is left out.
    let gamma = site.read("briefs/gamma/index.html");
    assert!(!gamma.contains("/ru/briefs/alpha/"));
    assert!(site
        .read("briefs/beta/index.html")
        .contains("/briefs/alpha/"));
    let beta_ru = site.read("ru/briefs/beta/index.html");
    assert!(
        beta_ru.contains("/ru/briefs/alpha/"),
        "cited by the Russian alpha"
    );
    assert!(!beta_ru.contains("href=\"/briefs/alpha/\""));
}

#[test]
fn translations_without_an_original_or_with_a_rival_are_located_errors() {
    let site = site();
    site.file(
        "briefs/delta.ru.md",
        "---\ntitle: Дельта\nlang: ru\ntranslation_of: bta\ndate: 2024-01-01\nsummary: С.\ntopics: [soft-power]\n---\nТекст.\n",
    );
    site.file(
        "briefs/zz-alpha.ru.md",
        "---\ntitle: Альфа 2\nlang: ru\ntranslation_of: alpha\ndate: 2024-01-01\nsummary: С.\ntopics: [soft-power]\n---\nТекст.\n",
    );
    site.file(
        "briefs/epsilon.md",
        "---\ntitle: E\nlang: de\ndate: 2024-01-01\nsummary: S.\ntopics: [soft-power]\n---\nText.\n",
    );
    site.file(
        "briefs/zeta.md",
        "---\ntitle: Z\ntranslation_of: alpha\ndate: 2024-01-01\nsummary: S.\ntopics: [soft-power]\n---\nText.\n",
    );
    site.file(
        "briefs/gamma.ja.md",
        "---\ntitle: ガンマ\nlang: ja\nslug: beta\ndate: 2024-01-01\nsummary: S.\ntopics: [soft-power]\n---\n本文。\n",
    );
    site.file(
        "briefs/eta.md",
        "---\ntitle: H\nlang: en\ntranslation_of: alpha\ndate: 2024-01-01\nsummary: S.\ntopics: [soft-power]\n---\nText.\n",
    );
    let run = site.run(&["build"]).expect_failure(1);
    let err = &run.stderr;
    for expected in [
        "error[E-orphan-translation]: this translates `bta`, but the site has no brief `bta`",
        "briefs/delta.ru.md:4:17",
        "did you mean `beta`?",
        "error[E-duplicate-translation]: `alpha` has two translations into `ru`: this one and briefs/alpha.ru.md",
        "briefs/zz-alpha.ru.md:4:17",
        "error[E-unknown-language]: `de` is not a language of this site",
        "briefs/epsilon.md:3:7",
        "error[E-translation]: a translation needs the language it is in: `lang:` is missing",
        "briefs/zeta.md:3:17",
        "add `lang:` with one of `ru`, `ja`",
        // `lang:` names the default language: shown at `lang:`.
        "error[E-translation]: a translation is in another language than the site's default (`en`), which this `lang:` names",
        "briefs/eta.md:3:7",
        "write `lang:` with one of `ru`, `ja`",
        "error[E-url-collision]: the brief in `ja` and the brief in `en` (briefs/beta.md) both have the slug `beta`",
        "briefs/gamma.ja.md:4:7",
    ] {
        assert!(err.contains(expected), "missing `{expected}` in:\n{err}");
    }
    assert!(!site.exists("index.html"), "nothing written");
}

#[test]
fn a_translation_of_a_draft_or_scheduled_brief_waits_for_it_with_a_warning() {
    let site = site();
    site.file(
        "briefs/delta.md",
        "---\ntitle: Delta\ndraft: true\ndate: 2024-01-01\nsummary: S.\ntopics: [soft-power]\n---\nText.\n",
    );
    site.file(
        "briefs/delta.ru.md",
        "---\ntitle: Дельта\nlang: ru\ntranslation_of: delta\ndate: 2024-01-01\nsummary: С.\ntopics: [soft-power]\n---\nТекст.\n",
    );
    site.file(
        "briefs/epsilon.md",
        "---\ntitle: Epsilon\ndate: 2099-01-01\nsummary: S.\ntopics: [soft-power]\n---\nText.\n",
    );
    site.file(
        "briefs/epsilon.ja.md",
        "---\ntitle: イプシロン\nlang: ja\ntranslation_of: epsilon\ndate: 2024-01-01\nsummary: S.\ntopics: [soft-power]\n---\n本文。\n",
    );
    let run = site.build();
    for expected in [
        "warning[W-translation-withheld]: this translates `delta`, a draft, which this build leaves out: so is this translation",
        "briefs/delta.ru.md:4:17",
        "warning[W-translation-withheld]: this translates `epsilon`, scheduled for 2099-01-01, which this build leaves out: so is this translation",
        "briefs/epsilon.ja.md:4:17",
    ] {
        assert!(run.stderr.contains(expected), "missing `{expected}` in:\n{}", run.stderr);
    }
    assert!(!site.exists("ru/briefs/delta/index.html"));
    assert!(!site.exists("ja/briefs/epsilon/index.html"));
    assert!(site.exists("ru/briefs/alpha/index.html"));
    // With the original, the translation.
    site.run(&["build", "--drafts", "--future", "--out", "preview"])
        .expect_success();
    let preview = site.root().join("preview");
    assert!(preview.join("ru/briefs/delta/index.html").is_file());
    assert!(preview.join("ja/briefs/epsilon/index.html").is_file());
}

#[test]
fn a_file_named_like_a_translation_that_does_not_say_so_is_a_warning() {
    let site = site();
    site.file(
        "briefs/beta.ja.md",
        "---\ntitle: ベータ\nlang: ja\ndate: 2024-02-01\nsummary: S.\ntopics: [soft-power]\n---\n本文。\n",
    );
    let run = site.build();
    assert!(
        run.stderr.contains("warning[W-translation]: this file is named like a translation of `beta` into `ja`, but does not say it is one")
            && run.stderr.contains("--> briefs/beta.ja.md")
            && run.stderr.contains("add `translation_of: beta`"),
        "{}",
        run.stderr
    );

    // Without `lang:` too: the name says which language it is meant to be.
    fs::remove_file(site.root().join("briefs/beta.ja.md")).unwrap();
    site.file(
        "briefs/beta.ru.md",
        "---\ntitle: Бета-2\ndate: 2024-02-01\nsummary: S.\ntopics: [soft-power]\n---\nТекст.\n",
    );
    let run = site.build();
    assert!(
        run.stderr.contains("warning[W-translation]: this file is named like a translation of `beta` into `ru`, but does not say it is one")
            && run.stderr.contains("add `lang: ru` and `translation_of: beta`"),
        "{}",
        run.stderr
    );
}

/// The same, for an original whose file name is not its slug (`Россия.md` is
/// `россия`): the warning finds it, and names the slug to write.
#[test]
fn a_file_named_like_a_translation_of_a_file_named_in_capitals_is_a_warning() {
    let site = site();
    site.brief("Россия", "2024-01-01", "[soft-power]", "", "Text.");
    site.file(
        "briefs/Россия.ja.md",
        "---\ntitle: ロシア\nlang: ja\ndate: 2024-02-01\nsummary: S.\ntopics: [soft-power]\n---\n本文。\n",
    );
    let run = site.build();
    assert!(
        run.stderr.contains(
            "warning[W-translation]: this file is named like a translation of `Россия` into `ja`"
        ) && run.stderr.contains("add `translation_of: россия`"),
        "{}",
        run.stderr
    );
}

/// A language written right to left gets `dir="rtl"` on its pages; the theme's rules
/// follow it (they say start and end, not left and right).
/// The theme has its words in French, German and Spanish; an edition in a language it
/// has no words for shows them in English, with a warning that names the file to add.
#[test]
fn editions_show_the_themes_words_in_their_language_or_warn() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &format!("{CONFIG}languages:\n  fr: {{}}\n  de: {{}}\n  es: {{}}\n  it: {{}}\n"),
    );
    site.brief("alpha", "2024-03-01", "[soft-power]", "", "Text.");
    for language in ["fr", "de", "es", "it"] {
        site.file(
            &format!("briefs/alpha.{language}.md"),
            &format!("---\ntitle: Alpha {language}\nlang: {language}\ntranslation_of: alpha\ndate: 2024-03-01\nsummary: S.\ntopics: [soft-power]\n---\nText.\n"),
        );
    }
    let run = site.build();
    for (language, words) in [
        ("fr", ["Thèmes", "Aller au contenu principal"]),
        ("de", ["Themen", "Zum Hauptinhalt springen"]),
        ("es", ["Temas", "Ir al contenido principal"]),
    ] {
        let page = site.read(&format!("{language}/briefs/alpha/index.html"));
        for word in words {
            assert!(page.contains(word), "{language}: {word}");
        }
        assert!(!page.contains("Skip to main content"), "{language}");
        assert!(
            !run.stderr
                .contains(&format!("translation for `{language}`")),
            "{}",
            run.stderr
        );
    }
    assert!(run
        .stderr
        .contains("warning[W-i18n]: the theme has no translation for `it`"));
    assert!(run.stderr.contains("`site/i18n/it.yaml`"), "{}", run.stderr);
}

#[test]
fn a_language_written_right_to_left_turns_its_pages() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &format!("{CONFIG}languages:\n  ar:\n    name: العربية\n"),
    );
    site.brief("alpha", "2024-03-01", "[soft-power]", "", "Text.");
    site.file(
        "briefs/alpha.ar.md",
        "---\ntitle: ألفا\nlang: ar\ntranslation_of: alpha\ndate: 2024-03-01\nsummary: ملخص.\ntopics: [soft-power]\naliases: [/old/alpha/]\n---\nنص.\n",
    );
    site.build();
    assert!(site
        .read("ar/briefs/alpha/index.html")
        .contains("<html lang=\"ar\" dir=\"rtl\">"));
    // Its redirect pages too.
    assert!(site
        .read("ar/old/alpha/index.html")
        .contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(site
        .read("briefs/alpha/index.html")
        .contains("<html lang=\"en\">"));
    let theme = fs::read_dir(site.out(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "css"))
        .map(|p| fs::read_to_string(p).unwrap())
        .collect::<String>();
    for physical in [
        "margin-left",
        "padding-left",
        "border-left",
        "text-align: left",
    ] {
        assert!(!theme.contains(physical), "{physical}");
    }
}

#[test]
fn a_site_in_one_language_has_no_folders_alternates_or_switcher() {
    let site = SiteTest::new();
    site.brief("alpha", "2024-03-01", "[soft-power]", "", "Text.");
    site.build();
    let home = site.read("index.html");
    assert!(!home.contains("hreflang") && !home.contains("class=\"languages\""));
    assert!(!site.read("sitemap.xml").contains("xhtml"));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0);
    // A `lang:` the site does not declare says how to declare it.
    site.file(
        "briefs/beta.ru.md",
        "---\ntitle: Бета\nlang: ru\ndate: 2024-01-01\nsummary: С.\ntopics: [soft-power]\n---\nТекст.\n",
    );
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("declare `languages: {ru: {name: ...}}` in `site/config.yaml`");
}

/// A watch session on a site with translations: editing a translation, adding one and
/// breaking one each leave the output as a clean build would make it, and a failed
/// rebuild keeps the last good site.
#[test]
fn a_watch_session_follows_translations() {
    let site = site();
    let mut session = common::session(&site);
    assert!(site.read("ru/briefs/alpha/index.html").contains("Альфа"));
    let changed = |path: &str| vec![std::path::PathBuf::from(path)];

    let edited = fs::read_to_string(site.root().join("briefs/alpha.ru.md"))
        .unwrap()
        .replace("title: Альфа", "title: Альфа и омега");
    site.file("briefs/alpha.ru.md", &edited);
    session
        .rebuild(&changed("briefs/alpha.ru.md"))
        .expect("edit");
    assert!(site
        .read("ru/briefs/alpha/index.html")
        .contains("Альфа и омега"));
    common::assert_same_as_clean_build(&site);

    site.file(
        "briefs/gamma.ru.md",
        "---\ntitle: Гамма\nlang: ru\ntranslation_of: gamma\ndate: 2024-01-01\nsummary: С.\ntopics: [hard-power]\n---\nТекст.\n",
    );
    session
        .rebuild(&changed("briefs/gamma.ru.md"))
        .expect("add");
    assert!(site
        .read("ru/briefs/alpha/index.html")
        .contains("href=\"/ru/briefs/gamma/\""));
    assert!(site
        .read("briefs/gamma/index.html")
        .contains("hreflang=\"ru\""));
    common::assert_same_as_clean_build(&site);

    site.file(
        "briefs/gamma.ru.md",
        "---\ntitle: Гамма\nlang: ru\ntranslation_of: gama\ndate: 2024-01-01\nsummary: С.\ntopics: [hard-power]\n---\nТекст.\n",
    );
    let err = session.rebuild(&changed("briefs/gamma.ru.md")).unwrap_err();
    assert!(
        format!("{err:?}").contains("E-orphan-translation"),
        "{err:?}"
    );
    assert!(
        site.exists("ru/briefs/gamma/index.html"),
        "the last good site stays"
    );
}

/// An edition's last translation deleted in a watch session: its search index goes
/// with its pages (it stayed under `ja/search/`, still holding the gone brief's text).
#[test]
fn a_language_that_loses_its_last_translation_loses_its_search_index() {
    let site = site();
    let mut session = common::session(&site);
    assert!(site.exists("ja/search/index.js"));
    fs::remove_file(site.root().join("briefs/alpha.ja.md")).unwrap();
    session
        .rebuild(&[std::path::PathBuf::from("briefs/alpha.ja.md")])
        .expect("deleted");
    assert!(!site.exists("ja"), "{:?}", files_under(&site.out("ja")));
    common::assert_same_as_clean_build(&site);
}

/// A translation moved to a language new to the site (`lang: ru` to `lang: fr`, with
/// `fr` first among the languages): the original's page names the French page in its
/// alternates and language switcher. Its key was made of the editions' indexes, which
/// the move left as they were, so it kept naming the Russian page, gone.
#[test]
fn a_translation_moved_to_a_new_language_is_named_by_its_originals_page() {
    let site = site();
    site.file(
        "site/config.yaml",
        &format!(
            "{CONFIG}{}",
            LANGUAGES.replace("languages:\n", "languages:\n  fr:\n    name: Français\n")
        ),
    );
    let mut session = common::session(&site);
    let beta = fs::read_to_string(site.root().join("briefs/beta.ru.md")).unwrap();
    site.file("briefs/beta.ru.md", &beta.replace("lang: ru", "lang: fr"));
    session
        .rebuild(&[std::path::PathBuf::from("briefs/beta.ru.md")])
        .expect("moved");
    let page = site.read("briefs/beta/index.html");
    assert!(
        page.contains("href=\"/fr/briefs/beta/\" hreflang=\"fr\""),
        "{page}"
    );
    assert!(!page.contains("/ru/briefs/beta/"), "{page}");
    common::assert_same_as_clean_build(&site);
}

/// A new translation whose first save breaks another brief's link fails; once mended,
/// the pages whose alternates and language switchers name the translation's pages
/// (`tags/lng/`, the original's page, `archive/2022/`) are what a clean build writes.
/// On the sample site, a Russian brief links `[[sakhalin-energy-ties#the-2022-decree]]`
/// (the English original's heading, as it has no translation), and `sakhalin-energy-ties.ru`
/// comes without that heading. The failed save had left the translation in its
/// edition without telling the other editions of its pages, so the next save was an
/// edit, and their alternates stayed missing for the rest of the session.
#[test]
fn a_new_translation_that_first_breaks_a_link_then_mends_it_matches_a_clean_build() {
    let site = SiteTest::new();
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["site", "themes", "briefs"] {
        common::copy_folder(&sample.join(folder), &site.root().join(folder));
    }
    let config = fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file(
        "site/config.yaml",
        &config.replace("pdf:\n  enabled: true", "pdf:\n  enabled: false"),
    );
    let linking = "briefs/moscow-reads-tokyo-1-cold-war-legacy.ru.md";
    let text = fs::read_to_string(site.root().join(linking)).unwrap();
    site.file(
        linking,
        &format!("{text}\nСм. [[sakhalin-energy-ties#the-2022-decree]].\n"),
    );
    let mut session = common::session(&site);
    let changed = |path: &str| vec![std::path::PathBuf::from(path)];
    let translation = |heading: &str| {
        format!("---\ntitle: \"Сахалин\"\nlang: ru\ntranslation_of: sakhalin-energy-ties\ndate: 2022-06-13\nsummary: \"Кратко.\"\ntopics: [soft-power]\nauthors: [kenji-sato]\nregions: [Japan]\ntags: [LNG]\n---\n\n## {heading}\n\nТекст.\n")
    };

    site.file("briefs/sakhalin-energy-ties.ru.md", &translation("Газ"));
    let err = session
        .rebuild(&changed("briefs/sakhalin-energy-ties.ru.md"))
        .unwrap_err();
    assert!(format!("{err:?}").contains("E-broken-anchor"), "{err:?}");

    site.file(
        "briefs/sakhalin-energy-ties.ru.md",
        &translation("Газ {#the-2022-decree}"),
    );
    session
        .rebuild(&changed("briefs/sakhalin-energy-ties.ru.md"))
        .expect("mended");
    assert!(
        site.read("tags/lng/index.html")
            .contains("href=\"/ru/tags/lng/\" hreflang=\"ru\""),
        "{}",
        site.read("tags/lng/index.html")
    );
    common::assert_same_as_clean_build(&site);
}

/// A translated part of a series counts the parts of its original's series: "part 2
/// of 3" though only part 2 is translated, in a build and in a watch session that adds
/// or renumbers an original's part.
#[test]
fn a_translated_part_counts_the_parts_of_its_original_series() {
    let site = site();
    let part = |n: u32| {
        site.brief(
            &format!("part-{n}"),
            &format!("2023-0{n}-01"),
            "[soft-power]",
            &format!("series: {{name: Three Parts, part: {n}}}\n"),
            "Text.",
        );
    };
    for n in 1..=3 {
        part(n);
    }
    site.file(
        "briefs/part-2.ru.md",
        "---\ntitle: Часть вторая\nlang: ru\ntranslation_of: part-2\ndate: 2023-02-01\nsummary: С.\ntopics: [soft-power]\nseries: {name: Три части, part: 2}\n---\nТекст.\n",
    );
    let mut session = common::session(&site);
    let ru_page = || site.read("ru/briefs/part-2/index.html");
    assert!(ru_page().contains("Часть 2 из 3"), "{}", ru_page());

    part(4);
    session
        .rebuild(&[std::path::PathBuf::from("briefs/part-4.md")])
        .expect("a new part");
    assert!(ru_page().contains("Часть 2 из 4"), "{}", ru_page());
    common::assert_same_as_clean_build(&site);

    let renumbered = fs::read_to_string(site.root().join("briefs/part-4.md"))
        .unwrap()
        .replace("part: 4", "part: 6");
    site.file("briefs/part-4.md", &renumbered);
    session
        .rebuild(&[std::path::PathBuf::from("briefs/part-4.md")])
        .expect("a part renumbered");
    assert!(ru_page().contains("Часть 2 из 6"), "{}", ru_page());
    common::assert_same_as_clean_build(&site);
}

#[test]
fn a_translation_names_an_original_with_a_slug_of_its_own_by_its_file() {
    // `delta.md` is published as `/briefs/fourth/`: its translation, naming it by file as
    // links do, lives at `/ru/briefs/fourth/`, in a build and in a watch session.
    let site = site();
    site.brief(
        "delta",
        "2024-04-01",
        "[soft-power]",
        "slug: fourth\n",
        "Delta.",
    );
    let translation = |named: &str| {
        format!("---\ntitle: Дельта\nlang: ru\ntranslation_of: {named}\ndate: 2024-04-01\nsummary: Д.\ntopics: [soft-power]\n---\nТекст.\n")
    };
    site.file("briefs/delta.ru.md", &translation("delta.md"));
    site.build();
    assert!(site.read("ru/briefs/fourth/index.html").contains("Дельта"));
    assert!(site
        .read("briefs/fourth/index.html")
        .contains("href=\"/ru/briefs/fourth/\""));

    let mut session = common::session(&site);
    site.file("briefs/delta.ru.md", &translation("briefs/delta.md"));
    session
        .rebuild(&[std::path::PathBuf::from("briefs/delta.ru.md")])
        .expect("edit");
    common::assert_same_as_clean_build(&site);
    fs::remove_file(site.root().join("briefs/delta.ru.md")).unwrap();
    session
        .rebuild(&[std::path::PathBuf::from("briefs/delta.ru.md")])
        .expect("delete");
    site.file("briefs/delta.ru.md", &translation("delta"));
    session
        .rebuild(&[std::path::PathBuf::from("briefs/delta.ru.md")])
        .expect("add");
    assert!(site.read("ru/briefs/fourth/index.html").contains("Дельта"));
    common::assert_same_as_clean_build(&site);
}

/// The inode of an output file: a file written again in place keeps it, a file
/// replaced (or a folder swapped in whole) gets a new one.
#[cfg(unix)]
fn inode(site: &SiteTest, path: &str) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(site.out(path)).unwrap().ino()
}

/// A watch session on a site in several languages renders the pages whose inputs a
/// save changed, in every edition, and writes only the files whose bytes changed: a
/// page of another edition that nothing changed is not touched. After each save,
/// failed ones included, the output is what a clean build makes.
#[cfg(unix)]
#[test]
fn a_watch_session_renders_and_writes_only_what_a_save_changes_in_every_edition() {
    let site = site();
    let mut session = common::session(&site);
    let changed = |path: &str| vec![std::path::PathBuf::from(path)];
    let untouched = ["ja/briefs/alpha/index.html", "briefs/gamma/index.html"];
    let inodes: Vec<u64> = untouched.iter().map(|p| inode(&site, p)).collect();

    // The text of a Russian translation: its page, none of another edition's.
    let edited = fs::read_to_string(site.root().join("briefs/beta.ru.md"))
        .unwrap()
        .replace("Текст беты.", "Текст беты, дополненный.");
    site.file("briefs/beta.ru.md", &edited);
    let rebuild = session
        .rebuild(&changed("briefs/beta.ru.md"))
        .expect("edit");
    assert!(site
        .read("ru/briefs/beta/index.html")
        .contains("Текст беты, дополненный."));
    assert!(!rebuild.relinked, "a text edit is patched in its edition");
    assert_eq!(rebuild.pages_rendered, 1, "its page alone");
    for (path, before) in untouched.iter().zip(&inodes) {
        assert_eq!(inode(&site, path), *before, "{path} was written again");
    }
    common::assert_same_as_clean_build(&site);

    // The text of an English original is patched too, its headings kept when a
    // translation links to it (falling back to the original: alpha.ru links to gamma,
    // which has no Russian version), and so is a new heading it does not point at.
    let alpha = fs::read_to_string(site.root().join("briefs/alpha.md")).unwrap();
    site.file("briefs/alpha.md", &format!("{alpha}\nA paragraph added.\n"));
    let rebuild = session
        .rebuild(&changed("briefs/alpha.md"))
        .expect("original");
    assert!(!rebuild.relinked);
    common::assert_same_as_clean_build(&site);
    let gamma = fs::read_to_string(site.root().join("briefs/gamma.md")).unwrap();
    site.file("briefs/gamma.md", &format!("{gamma}\nA paragraph added.\n"));
    let rebuild = session
        .rebuild(&changed("briefs/gamma.md"))
        .expect("linked original");
    assert!(!rebuild.relinked);
    common::assert_same_as_clean_build(&site);
    site.file("briefs/gamma.md", &format!("{gamma}\n## Detail\n\nText.\n"));
    let rebuild = session
        .rebuild(&changed("briefs/gamma.md"))
        .expect("heading");
    assert!(!rebuild.relinked, "alpha.ru links to gamma, to no heading");
    common::assert_same_as_clean_build(&site);
    // A translation's link to a heading of the original breaks when the heading goes:
    // an edit of the original's headings then links every edition again.
    let alpha_ru = fs::read_to_string(site.root().join("briefs/alpha.ru.md")).unwrap();
    site.file(
        "briefs/alpha.ru.md",
        &alpha_ru.replace("[[gamma]]", "[[gamma#detail]]"),
    );
    session
        .rebuild(&changed("briefs/alpha.ru.md"))
        .expect("anchor");
    assert!(site
        .read("ru/briefs/alpha/index.html")
        .contains("/briefs/gamma/#detail"));
    // A heading added beside the one it links to: the link is resolved again.
    site.file(
        "briefs/gamma.md",
        &format!("{gamma}\n## Detail\n\nText.\n\n## Context\n\nMore.\n"),
    );
    let rebuild = session
        .rebuild(&changed("briefs/gamma.md"))
        .expect("another heading");
    assert!(
        !rebuild.relinked,
        "alpha.ru's link to #detail still resolves"
    );
    common::assert_same_as_clean_build(&site);
    site.file(
        "briefs/gamma.md",
        &format!("{gamma}\n## Details\n\nText.\n"),
    );
    assert!(session.rebuild(&changed("briefs/gamma.md")).is_err());
    site.file("briefs/alpha.ru.md", &alpha_ru);
    session
        .rebuild(&changed("briefs/alpha.ru.md"))
        .expect("anchor gone");
    common::assert_same_as_clean_build(&site);
    site.file(
        "briefs/beta.ru.md",
        &edited.replace("date: 2024-02-01", "date: 2024-02-01\nupdated: 2024-06-01"),
    );
    let rebuild = session
        .rebuild(&changed("briefs/beta.ru.md"))
        .expect("updated");
    assert!(!rebuild.relinked);
    assert!(site
        .read("sitemap.xml")
        .contains("<lastmod>2024-06-01</lastmod>"));
    common::assert_same_as_clean_build(&site);
    site.file("briefs/beta.ru.md", &edited);
    session
        .rebuild(&changed("briefs/beta.ru.md"))
        .expect("updated back");
    common::assert_same_as_clean_build(&site);
    // A date moves the brief among its edition's briefs, and the sitemap dates it.
    site.file(
        "briefs/beta.ru.md",
        &edited.replace("date: 2024-02-01", "date: 2024-03-05"),
    );
    let rebuild = session
        .rebuild(&changed("briefs/beta.ru.md"))
        .expect("date");
    assert!(!rebuild.relinked);
    assert!(site
        .read("sitemap.xml")
        .contains("<lastmod>2024-03-05</lastmod>"));
    common::assert_same_as_clean_build(&site);
    site.file("briefs/beta.ru.md", &edited);
    session
        .rebuild(&changed("briefs/beta.ru.md"))
        .expect("date back");
    common::assert_same_as_clean_build(&site);

    // Titles are patched in their edition: an original's that every translation has
    // its own version of, a translation's; an original's that a translation without
    // its own version links to relinks.
    let original = fs::read_to_string(site.root().join("briefs/alpha.md")).unwrap();
    site.file(
        "briefs/alpha.md",
        &original.replacen(
            "title: \"Brief alpha\"",
            "title: \"Brief alpha, revised\"",
            1,
        ),
    );
    let rebuild = session.rebuild(&changed("briefs/alpha.md")).expect("title");
    assert!(!rebuild.relinked);
    let alpha_ja = fs::read_to_string(site.root().join("briefs/alpha.ja.md")).unwrap();
    site.file(
        "briefs/alpha.ja.md",
        &alpha_ja.replace("title: アルファ", "title: 新アルファ"),
    );
    let rebuild = session
        .rebuild(&changed("briefs/alpha.ja.md"))
        .expect("title");
    assert!(!rebuild.relinked);
    assert!(site.read("ja/briefs/index.html").contains("新アルファ"));
    common::assert_same_as_clean_build(&site);
    // A topic that another Russian brief has, and a tag no other has: patched; the
    // tag's page comes, an alternate of the English page at its path, which is
    // rendered again, with the sitemap.
    let alpha_ru = fs::read_to_string(site.root().join("briefs/alpha.ru.md")).unwrap();
    let topics = "topics: [soft-power, hard-power]";
    site.file(
        "briefs/alpha.ru.md",
        &alpha_ru.replacen("topics: [soft-power]", topics, 1),
    );
    let rebuild = session
        .rebuild(&changed("briefs/alpha.ru.md"))
        .expect("topic");
    assert!(!rebuild.relinked);
    common::assert_same_as_clean_build(&site);
    let tags = "tags: [Kuril Islands, Sakhalin]";
    site.file(
        "briefs/alpha.ru.md",
        &alpha_ru.replacen("tags: [Kuril Islands]", tags, 1),
    );
    let rebuild = session
        .rebuild(&changed("briefs/alpha.ru.md"))
        .expect("new tag");
    assert!(!rebuild.relinked);
    assert!(site.read("sitemap.xml").contains("/ru/tags/sakhalin/"));
    assert!(site.exists("ru/tags/sakhalin/index.html"));
    common::assert_same_as_clean_build(&site);
    // A Japanese tag page that comes is an alternate of the English and Russian pages
    // at its path, which are rendered again.
    let alpha_ja = fs::read_to_string(site.root().join("briefs/alpha.ja.md")).unwrap();
    let tagged = alpha_ja.replacen("topics:", "tags: [Kuril Islands]\ntopics:", 1);
    site.file("briefs/alpha.ja.md", &tagged);
    assert!(!site
        .read("tags/kuril-islands/index.html")
        .contains("hreflang=\"ja\""));
    let rebuild = session
        .rebuild(&changed("briefs/alpha.ja.md"))
        .expect("ja tag");
    assert!(!rebuild.relinked);
    for page in [
        "tags/kuril-islands/index.html",
        "ru/tags/kuril-islands/index.html",
    ] {
        assert!(site.read(page).contains("hreflang=\"ja\""), "{page}");
    }
    common::assert_same_as_clean_build(&site);
    site.file("briefs/alpha.ja.md", &alpha_ja);
    let rebuild = session
        .rebuild(&changed("briefs/alpha.ja.md"))
        .expect("ja tag gone");
    assert!(!rebuild.relinked);
    assert!(!site.exists("ja/tags/kuril-islands/index.html"));
    assert!(!site
        .read("tags/kuril-islands/index.html")
        .contains("hreflang=\"ja\""));
    common::assert_same_as_clean_build(&site);
    site.file("briefs/alpha.ru.md", &alpha_ru);
    session
        .rebuild(&changed("briefs/alpha.ru.md"))
        .expect("topics back");
    common::assert_same_as_clean_build(&site);
    // A link to a brief of the same edition is patched, and the backlinks follow; so
    // is a save of a translation whose other link falls back to an original.
    let beta_ru = fs::read_to_string(site.root().join("briefs/beta.ru.md")).unwrap();
    assert!(!site
        .read("ru/briefs/alpha/index.html")
        .contains("further-cites"));
    site.file("briefs/beta.ru.md", &format!("{beta_ru}\nСм. [[alpha]].\n"));
    let rebuild = session
        .rebuild(&changed("briefs/beta.ru.md"))
        .expect("link");
    assert!(!rebuild.relinked);
    assert!(site
        .read("ru/briefs/alpha/index.html")
        .contains("further-cites"));
    common::assert_same_as_clean_build(&site);
    site.file("briefs/beta.ru.md", &beta_ru);
    session
        .rebuild(&changed("briefs/beta.ru.md"))
        .expect("link gone");
    common::assert_same_as_clean_build(&site);
    site.file(
        "briefs/alpha.ru.md",
        &format!("{alpha_ru}\nСм. [[beta]].\n"),
    );
    let rebuild = session
        .rebuild(&changed("briefs/alpha.ru.md"))
        .expect("link");
    assert!(
        !rebuild.relinked,
        "alpha.ru's link to gamma falls back to English"
    );
    common::assert_same_as_clean_build(&site);
    site.file("briefs/alpha.ru.md", &alpha_ru);
    session
        .rebuild(&changed("briefs/alpha.ru.md"))
        .expect("link gone");
    common::assert_same_as_clean_build(&site);
    let gamma = fs::read_to_string(site.root().join("briefs/gamma.md")).unwrap();
    site.file(
        "briefs/gamma.md",
        &gamma.replacen("title: \"Brief gamma\"", "title: \"Gamma\"", 1),
    );
    let rebuild = session.rebuild(&changed("briefs/gamma.md")).expect("title");
    assert!(
        !rebuild.relinked,
        "alpha.ru links to gamma by its title, resolved again in its edition"
    );
    assert!(site.read("ru/briefs/alpha/index.html").contains(">Gamma<"));
    common::assert_same_as_clean_build(&site);
    // Its summary is on no page of another edition.
    let retitled = fs::read_to_string(site.root().join("briefs/gamma.md")).unwrap();
    site.file(
        "briefs/gamma.md",
        &retitled.replacen("summary: ", "summary: Revised. ", 1),
    );
    let rebuild = session
        .rebuild(&changed("briefs/gamma.md"))
        .expect("summary");
    assert!(!rebuild.relinked, "no page of another edition shows it");
    common::assert_same_as_clean_build(&site);
    assert!(site
        .read("briefs/alpha/index.html")
        .contains("Brief alpha, revised"));
    common::assert_same_as_clean_build(&site);

    // A Japanese translation comes, then goes.
    site.file(
        "briefs/beta.ja.md",
        "---\ntitle: ベータ\nlang: ja\ntranslation_of: beta\ndate: 2024-02-01\nsummary: ベータの要約。\ntopics: [hard-power]\n---\n同盟についての本文。\n",
    );
    let rebuild = session.rebuild(&changed("briefs/beta.ja.md")).expect("add");
    assert!(site.exists("ja/briefs/beta/index.html"));
    assert!(
        !rebuild.relinked,
        "a new translation is patched in its edition"
    );
    common::assert_same_as_clean_build(&site);
    fs::remove_file(site.root().join("briefs/beta.ja.md")).unwrap();
    let rebuild = session
        .rebuild(&changed("briefs/beta.ja.md"))
        .expect("delete");
    assert!(!site.exists("ja/briefs/beta/index.html"));
    assert!(
        !rebuild.relinked,
        "a deleted translation is patched in its edition"
    );
    common::assert_same_as_clean_build(&site);

    // A save that breaks a translation keeps the last good site; the fix catches up.
    let broken = edited.replace("translation_of: beta", "translation_of: betta");
    site.file("briefs/beta.ru.md", &broken);
    assert!(session.rebuild(&changed("briefs/beta.ru.md")).is_err());
    assert!(site.exists("ru/briefs/beta/index.html"));
    site.file(
        "briefs/beta.ru.md",
        &edited.replace("дополненный", "исправленный"),
    );
    session
        .rebuild(&changed("briefs/beta.ru.md"))
        .expect("fixed");
    assert!(site
        .read("ru/briefs/beta/index.html")
        .contains("исправленный"));
    common::assert_same_as_clean_build(&site);

    // A change to the configuration renders every edition again.
    let config = fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file(
        "site/config.yaml",
        &config.replace("title: Записки", "title: Записки института"),
    );
    session
        .rebuild(&changed("site/config.yaml"))
        .expect("config");
    assert!(site.read("ru/index.html").contains("Записки института"));
    common::assert_same_as_clean_build(&site);
}

/// The briefs of [`site`], originals and translations.
const BRIEFS: [&str; 6] = [
    "alpha.md",
    "alpha.ru.md",
    "alpha.ja.md",
    "beta.md",
    "beta.ru.md",
    "gamma.md",
];

/// An edit of a brief (its file name, its text).
type Edit = fn(&str, &str) -> String;

/// Kinds of edit, each of a brief's text as it is now: the text, headings, a figure, what only
/// its page shows, what lists show, its terms (a term that comes or goes included)
/// and its day of last change.
const EDITS: [(&str, Edit); 12] = [
    ("a paragraph", |_, text| {
        format!("{text}\nA paragraph added.\n")
    }),
    ("a heading", |_, text| {
        format!("{text}\n## Added heading\n\nText.\n")
    }),
    // Copied beside its page, in its edition's folder.
    ("a figure", |_, text| {
        toggle_paragraph(text, "![A map](map.png)")
    }),
    ("key findings", |_, text| {
        toggle_line(text, "key_findings: [\"A finding.\"]\n")
    }),
    ("a title", |_, text| {
        text.replacen("title: ", "title: New ", 1)
    }),
    ("a summary", |_, text| {
        text.replacen("summary: ", "summary: New ", 1)
    }),
    ("topics", |_, text| toggle_topic(text)),
    ("a tag", |_, text| toggle_tag(text)),
    ("updated", |_, text| {
        toggle_line(text, "updated: 2024-06-01\n")
    }),
    ("a date", |_, text| toggle_date(text)),
    // To a brief every edition has a version of, or one only English has (a
    // translation's link then falls back to it).
    ("a link to alpha", |brief, text| {
        let target = if brief.starts_with("alpha") {
            "beta"
        } else {
            "alpha"
        };
        toggle_paragraph(text, &format!("See [[{target}]]."))
    }),
    ("a link to gamma", |brief, text| {
        let target = if brief.starts_with("gamma") {
            "beta"
        } else {
            "gamma"
        };
        toggle_paragraph(text, &format!("See [[{target}]]."))
    }),
];

/// `text` with its date moved a few days within its year, or back (and past another
/// brief of its edition for `alpha`, `beta` and their translations).
fn toggle_date(text: &str) -> String {
    for (from, to) in [
        ("date: 2024-03-01", "date: 2024-01-20"),
        ("date: 2024-01-20", "date: 2024-03-01"),
        ("date: 2024-02-01", "date: 2024-03-05"),
        ("date: 2024-03-05", "date: 2024-02-01"),
        ("date: 2024-01-01", "date: 2024-01-02"),
        ("date: 2024-01-02", "date: 2024-01-01"),
    ] {
        if text.contains(from) {
            return text.replacen(from, to, 1);
        }
    }
    text.to_string()
}

/// `text` without the paragraph `paragraph` at its end, or with it.
fn toggle_paragraph(text: &str, paragraph: &str) -> String {
    let ending = format!("\n{paragraph}\n");
    match text.strip_suffix(&ending) {
        Some(before) => before.to_string(),
        None => format!("{text}{ending}"),
    }
}

/// `text` without the front matter line `line`, or with it (before `topics:`).
fn toggle_line(text: &str, line: &str) -> String {
    if text.contains(line) {
        text.replacen(line, "", 1)
    } else {
        text.replacen("\ntopics:", &format!("\n{line}topics:"), 1)
    }
}

/// A brief's topics with `hard-power` taken out or put in (`hard-power` or
/// `soft-power` for a brief that has only the other): a topic other briefs of its
/// edition have, or one that comes to or goes from the edition.
fn toggle_topic(text: &str) -> String {
    for (from, to) in [
        ("topics: [soft-power, hard-power]", "topics: [soft-power]"),
        ("topics: [soft-power]", "topics: [soft-power, hard-power]"),
        ("topics: [hard-power]", "topics: [hard-power, soft-power]"),
        ("topics: [hard-power, soft-power]", "topics: [hard-power]"),
    ] {
        if text.contains(from) {
            return text.replacen(from, to, 1);
        }
    }
    text.to_string()
}

/// A brief's tags with `Sakhalin` taken out or put in: a tag no brief has at first,
/// whose pages come and go.
fn toggle_tag(text: &str) -> String {
    if text.contains(", Sakhalin]") {
        return text.replacen(", Sakhalin]", "]", 1);
    }
    if let Some(at) = text.find("tags: [") {
        if text[at..].starts_with("tags: [Sakhalin]") {
            return text.replacen("tags: [Sakhalin]\n", "", 1);
        }
        let end = at + text[at..].find(']').expect("a list");
        return format!("{}, Sakhalin{}", &text[..end], &text[end..]);
    }
    toggle_line(text, "tags: [Sakhalin]\n")
}

/// Saves `text` at `path` and rebuilds the watch session, which must succeed and
/// leave the output as a clean build makes it.
fn save_and_compare(
    site: &SiteTest,
    session: &mut statecraft::dev::session::Session,
    path: &str,
    text: &str,
    what: &str,
) {
    site.file(path, text);
    session
        .rebuild(&[std::path::PathBuf::from(path)])
        .unwrap_or_else(|e| panic!("{what}: {e:?}"));
    common::assert_same_as_clean_build(site);
}

/// Every kind of edit of every brief of a site in several languages, each saved and
/// then undone in a watch session, leaves the output as a clean build makes it.
#[test]
fn edits_of_originals_and_translations_match_a_clean_build() {
    let site = site();
    let mut session = common::session(&site);
    for brief in BRIEFS {
        let path = format!("briefs/{brief}");
        let original = fs::read_to_string(site.root().join(&path)).unwrap();
        for (what, edit) in EDITS {
            let edited = edit(brief, &original);
            assert_ne!(edited, original, "{what} of {brief}");
            let what = format!("{what} of {brief}");
            save_and_compare(&site, &mut session, &path, &edited, &what);
            save_and_compare(
                &site,
                &mut session,
                &path,
                &original,
                &format!("{what}, undone"),
            );
        }
    }
}

/// Translations and originals that come and go in a watch session: patched in their
/// edition when nothing else names them (the other editions then name the pages that
/// came or went in their alternates), every edition linked again when something does.
/// After each save the output is what a clean build makes.
#[test]
fn briefs_that_come_and_go_in_an_edition_match_a_clean_build() {
    let site = site();
    let mut session = common::session(&site);
    let gamma_ja = "---\ntitle: ガンマ\nlang: ja\ntranslation_of: gamma\ndate: 2024-01-01\nsummary: ガンマの要約。\ntopics: [hard-power]\ntags: [Sakhalin]\n---\nガンマは[[alpha]]を引用する。\n";
    let gamma_ru = "---\ntitle: Гамма\nlang: ru\ntranslation_of: gamma\ndate: 2024-01-01\nsummary: Кратко о гамме.\ntopics: [hard-power]\n---\nТекст гаммы.\n";
    let delta = "---\ntitle: Brief delta\ndate: 2023-05-01\nsummary: Summary of delta.\ntopics: [alliance-dynamics]\ntags: [Sakhalin]\n---\nDelta cites [[alpha]].\n";
    let delta_ru = "---\ntitle: Дельта\nlang: ru\ntranslation_of: delta\ndate: 2023-05-01\nsummary: Кратко о дельте.\ntopics: [alliance-dynamics]\ntags: [Sakhalin]\n---\nТекст дельты.\n";
    let beta_ru = fs::read_to_string(site.root().join("briefs/beta.ru.md")).unwrap();
    let alpha_ru = fs::read_to_string(site.root().join("briefs/alpha.ru.md")).unwrap();
    let alpha_ru_to_the_tag = format!("{alpha_ru}\nСм. [Сахалин](/tags/sakhalin/) и [[delta]].\n");
    let alpha_ru_to_beta = format!("{alpha_ru}\nСм. [[beta]] и [бета](/briefs/beta/).\n");
    // (file, its text or `None` to delete it, whether the save is patched): a
    // Japanese translation, bringing a tag and a year to its edition; a Russian one
    // that `alpha.ru` links to through the original and `beta.ru` names in
    // `related:`; an original of a year of its own; a translation that `alpha.ru`
    // links to through the original, bringing the page of a tag it links to through
    // the original too (both links then go to the edition's pages), and a tag edit of
    // another that brings the tag's page too; a translation that another of its
    // edition links to by its file, its name and its path, which goes (those links then
    // go to the original, patched) and comes back.
    let beta_ru_tagged = beta_ru.replace("\nrelated:", "\ntags: [Sakhalin]\nrelated:");
    let saves: [(&str, Option<&str>, bool); 16] = [
        ("briefs/gamma.ja.md", Some(gamma_ja), true),
        ("briefs/gamma.ja.md", None, true),
        ("briefs/gamma.ru.md", Some(gamma_ru), false),
        ("briefs/gamma.ru.md", None, false),
        ("briefs/delta.md", Some(delta), true),
        ("briefs/delta.ru.md", Some(delta_ru), true),
        ("briefs/delta.ru.md", None, true),
        ("briefs/alpha.ru.md", Some(&alpha_ru_to_the_tag), true),
        ("briefs/delta.ru.md", Some(delta_ru), true),
        ("briefs/delta.ru.md", None, false),
        ("briefs/beta.ru.md", Some(&beta_ru_tagged), true),
        ("briefs/beta.ru.md", Some(&beta_ru), false),
        ("briefs/alpha.ru.md", Some(&alpha_ru_to_beta), true),
        ("briefs/delta.md", None, true),
        ("briefs/beta.ru.md", None, true),
        ("briefs/beta.ru.md", Some(&beta_ru), false),
    ];
    for (path, text, patched) in saves {
        match text {
            Some(text) => site.file(path, text),
            None => {
                fs::remove_file(site.root().join(path)).unwrap();
                &site
            }
        };
        let what = format!(
            "{path} {}",
            if text.is_some() { "saved" } else { "deleted" }
        );
        let rebuild = session
            .rebuild(&[std::path::PathBuf::from(path)])
            .unwrap_or_else(|e| panic!("{what}: {e:?}"));
        assert_eq!(!rebuild.relinked, patched, "{what}: patched");
        common::assert_same_as_clean_build(&site);
    }
}

/// A site whose configuration declares languages but whose briefs are all in the
/// default language has one edition: a watch session's saves (a date, which the
/// sitemap shows; a new brief; a first translation) leave the output as a clean build
/// makes it.
#[test]
fn a_site_with_languages_but_no_translation_yet_follows_saves() {
    let site = SiteTest::new();
    site.file("site/config.yaml", &format!("{CONFIG}{LANGUAGES}"));
    site.brief("alpha", "2024-03-01", "[soft-power]", "", "Alpha text.");
    site.brief(
        "beta",
        "2024-02-01",
        "[hard-power]",
        "",
        "Beta cites [[alpha]].",
    );
    let mut session = common::session(&site);
    let alpha = fs::read_to_string(site.root().join("briefs/alpha.md")).unwrap();
    let moved = alpha.replace("date: 2024-03-01", "date: 2024-03-05");
    save_and_compare(&site, &mut session, "briefs/alpha.md", &moved, "a date");
    let gamma = "---\ntitle: Brief gamma\ndate: 2024-01-01\nsummary: Summary of gamma.\ntopics: [hard-power]\n---\nGamma text.\n";
    save_and_compare(&site, &mut session, "briefs/gamma.md", gamma, "a new brief");
    let alpha_ru = "---\ntitle: Альфа\nlang: ru\ntranslation_of: alpha\ndate: 2024-03-05\nsummary: Кратко об альфе.\ntopics: [soft-power]\n---\nТекст альфы.\n";
    save_and_compare(
        &site,
        &mut session,
        "briefs/alpha.ru.md",
        alpha_ru,
        "a first translation",
    );
    assert!(site.exists("ru/briefs/alpha/index.html"));
}

/// A long sequence of edits of briefs of every edition, each applied to the brief as
/// the edits before it left it (the briefs and kinds chosen by a fixed pseudo-random
/// sequence), with a Japanese translation of `gamma` coming and going every seventh
/// save and `beta.ru` (which `alpha.ru` cites) going and coming back every eleventh,
/// leaves the output as a clean build makes it after every save.
#[test]
fn sequences_of_edits_across_editions_match_a_clean_build() {
    let site = site();
    let mut session = common::session(&site);
    let mut state: u64 = 0x5eed;
    let gamma_ja = "briefs/gamma.ja.md";
    for step in 0..60 {
        if step % 7 == 6 {
            let what = format!("step {step}, {gamma_ja} comes or goes");
            if site.root().join(gamma_ja).exists() {
                fs::remove_file(site.root().join(gamma_ja)).unwrap();
            } else {
                site.file(gamma_ja, "---\ntitle: ガンマ\nlang: ja\ntranslation_of: gamma\ndate: 2024-01-01\nsummary: ガンマの要約。\ntopics: [hard-power]\n---\nガンマは[[alpha]]を引用する。\n");
            }
            session
                .rebuild(&[std::path::PathBuf::from(gamma_ja)])
                .unwrap_or_else(|e| panic!("{what}: {e:?}"));
            common::assert_same_as_clean_build(&site);
        }
        if step % 11 == 10 {
            // A translation that `alpha.ru` cites goes and comes back.
            let beta_ru = "briefs/beta.ru.md";
            let text = fs::read_to_string(site.root().join(beta_ru)).unwrap();
            fs::remove_file(site.root().join(beta_ru)).unwrap();
            for what in ["goes", "comes back"] {
                if what == "comes back" {
                    site.file(beta_ru, &text);
                }
                session
                    .rebuild(&[std::path::PathBuf::from(beta_ru)])
                    .unwrap_or_else(|e| panic!("step {step}, {beta_ru} {what}: {e:?}"));
                common::assert_same_as_clean_build(&site);
            }
        }
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let brief = BRIEFS[(state >> 33) as usize % BRIEFS.len()];
        let (what, edit) = EDITS[(state >> 45) as usize % EDITS.len()];
        let path = format!("briefs/{brief}");
        let text = fs::read_to_string(site.root().join(&path)).unwrap();
        let what = format!("step {step}, {what} of {brief}");
        save_and_compare(&site, &mut session, &path, &edit(brief, &text), &what);
    }
}

/// A language's folder is its edition's: a page, alias or static file of the default
/// language cannot take it.
#[test]
fn nothing_else_may_go_in_a_language_folder() {
    let site = site();
    site.file("site/pages/ru.md", "---\ntitle: Russian\n---\nText.\n");
    site.file("site/static/ja/logo.txt", "x");
    let run = site.run(&["build"]).expect_failure(1);
    for expected in [
        "page site/pages/ru.md writes `/ru/`, which the `ru` edition of the site (`languages:`) already writes",
        "static file `ja/logo.txt` writes `/ja/logo.txt`, which the `ja` edition of the site (`languages:`) already writes",
    ] {
        assert!(run.stderr.contains(expected), "missing `{expected}` in:\n{}", run.stderr);
    }
}

/// Writes the figure `briefs/map.png`, `width` pixels wide (wide enough to have resized
/// copies, named by a hash of the image) and of colour `rgb`.
fn draw_map(site: &SiteTest, width: u32, rgb: [u8; 3]) {
    image::RgbImage::from_pixel(width, 10, image::Rgb(rgb))
        .save(site.root().join("briefs/map.png"))
        .expect("write PNG");
}

/// Files beside briefs of a site in several languages, which each edition copies into
/// its folder: a translation and then its original coming to show a figure, a new
/// version of the figure, a file nothing uses, and the translation no longer showing
/// the figure are each patched in their editions, and leave the output as a clean
/// build makes it.
#[test]
fn files_beside_briefs_are_patched_in_their_editions() {
    let site = site();
    let mut session = common::session(&site);
    let mut save = |path: &str, text: Option<&str>, what: &str| {
        if let Some(text) = text {
            site.file(path, text);
        }
        let rebuild = session
            .rebuild(&[std::path::PathBuf::from(path)])
            .unwrap_or_else(|e| panic!("{what}: {e:?}"));
        assert!(!rebuild.relinked, "{what}: patched");
        common::assert_same_as_clean_build(&site);
        rebuild
    };
    let alpha_ru = fs::read_to_string(site.root().join("briefs/alpha.ru.md")).unwrap();
    let alpha = fs::read_to_string(site.root().join("briefs/alpha.md")).unwrap();
    let with_map = |text: &str| format!("{text}\n![A map](map.png)\n");

    save(
        "briefs/alpha.ru.md",
        Some(&with_map(&alpha_ru)),
        "a translation's figure",
    );
    assert!(site.exists("ru/briefs/alpha/map.png"));
    assert!(!site.exists("briefs/alpha/map.png"));
    save(
        "briefs/alpha.md",
        Some(&with_map(&alpha)),
        "its original's figure",
    );
    assert!(site.exists("briefs/alpha/map.png"));

    draw_map(&site, 1000, [200, 40, 40]);
    save("briefs/map.png", None, "a new version of the figure");
    let drawn = fs::read(site.root().join("briefs/map.png")).unwrap();
    for copy in ["briefs/alpha/map.png", "ru/briefs/alpha/map.png"] {
        assert_eq!(fs::read(site.out(copy)).unwrap(), drawn, "{copy}");
    }

    image::RgbImage::from_pixel(60, 30, image::Rgb([10, 10, 10]))
        .save(site.root().join("briefs/chart.png"))
        .expect("write PNG");
    let rebuild = save("briefs/chart.png", None, "a file nothing uses");
    assert_eq!((rebuild.pages_rendered, rebuild.files_written), (0, 0));

    save(
        "briefs/alpha.ru.md",
        Some(&alpha_ru),
        "the translation's figure taken out",
    );
    assert!(!site.exists("ru/briefs/alpha/map.png"));
    assert!(site.exists("briefs/alpha/map.png"));
}

/// A translation that another of its language links to at a heading goes: the link
/// would fall back to the original, which has no such heading, so the save fails as a
/// clean build fails, saying where, and leaves the site as it was; putting the
/// translation back mends it.
#[test]
fn a_deleted_translation_linked_at_a_heading_its_original_lacks_fails_like_a_build() {
    let site = site();
    let beta_ru = fs::read_to_string(site.root().join("briefs/beta.ru.md")).unwrap();
    let alpha_ru = fs::read_to_string(site.root().join("briefs/alpha.ru.md")).unwrap();
    site.file(
        "briefs/beta.ru.md",
        &format!("{beta_ru}\n## Раздел\n\nТекст раздела.\n"),
    );
    site.file(
        "briefs/alpha.ru.md",
        &format!("{alpha_ru}\nСм. [[beta#раздел]].\n"),
    );
    let mut session = common::session(&site);
    let before = site.read("ru/briefs/alpha/index.html");
    assert!(
        before.contains("/ru/briefs/beta/#"),
        "links to beta.ru's heading"
    );

    fs::remove_file(site.root().join("briefs/beta.ru.md")).unwrap();
    let error = session
        .rebuild(&[std::path::PathBuf::from("briefs/beta.ru.md")])
        .expect_err("the heading is gone with the translation");
    let message = format!("{error:?}");
    assert!(message.contains("E-broken-anchor"), "{message}");
    assert!(message.contains("alpha.ru.md"), "{message}");
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("E-broken-anchor");
    assert_eq!(site.read("ru/briefs/alpha/index.html"), before);

    site.file(
        "briefs/beta.ru.md",
        &format!("{beta_ru}\n## Раздел\n\nТекст раздела.\n"),
    );
    session
        .rebuild(&[std::path::PathBuf::from("briefs/beta.ru.md")])
        .expect("mended");
    common::assert_same_as_clean_build(&site);
}

/// `language:` goes into every page's `lang` and `hreflang`: it must be a BCP 47 tag.
/// One that is not (`en_US`, a name, a space) is an error at the value, with the tag
/// it likely means; well-formed tags in any case are taken as written.
#[test]
fn the_site_language_must_be_a_language_tag() {
    for (written, meant) in [
        ("en_US", Some("en-US")),
        ("\"ja jp\"", Some("ja-JP")),
        ("english", Some("en")),
        ("en-", None),
        ("e", None),
    ] {
        let site = SiteTest::new();
        let config = CONFIG.replace("language: en\n", &format!("language: {written}\n"));
        site.file("site/config.yaml", &config);
        site.brief("alpha", "2024-01-01", "[soft-power]", "", "Text.");
        let (number, line) = config
            .lines()
            .enumerate()
            .find(|(_, l)| l.starts_with("language:"))
            .unwrap();
        // The value's text, after `language: ` (and its quote).
        let value_at = line.find(": ").unwrap() + 2;
        let column = value_at + line[value_at..].find(written.trim_matches('"')).unwrap() + 1;
        let run = site
            .run(&["check"])
            .expect_failure(1)
            .expect_stderr(&format!("--> site/config.yaml:{}:{column}", number + 1))
            .expect_stderr("is not a language tag");
        if let Some(meant) = meant {
            assert!(
                run.stderr.contains(&format!("`{meant}`")),
                "{written}: {}",
                run.stderr
            );
        }
    }
    for good in [
        "pt-BR",
        "zh-Hant-TW",
        "sr-latn",
        "es-419",
        "de-CH-1996",
        "x-klingon",
    ] {
        let site = SiteTest::new();
        site.file(
            "site/config.yaml",
            &CONFIG.replace("language: en\n", &format!("language: {good}\n")),
        );
        site.brief("alpha", "2024-01-01", "[soft-power]", "", "Text.");
        site.build();
        let page = site.read("briefs/alpha/index.html");
        assert!(
            page.contains(&format!("<html lang=\"{good}\"")),
            "{good}: {}",
            &page[..page.len().min(300)]
        );
    }
}

/// The codes of `languages:` name folders as well as languages: lowercase BCP 47 tags,
/// each checked at its own key.
#[test]
fn translation_languages_must_be_language_tags() {
    let site = SiteTest::new();
    let config =
        format!("{CONFIG}languages:\n  ru:\n    name: Русский\n  en-us-us:\n    name: US\n");
    site.file("site/config.yaml", &config);
    site.brief("alpha", "2024-01-01", "[soft-power]", "", "Text.");
    let (number, line) = config
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("en-us-us:"))
        .unwrap();
    let column = line.find("en-us-us").unwrap() + 1;
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("`en-us-us` is not a language tag")
        .expect_stderr(&format!("--> site/config.yaml:{}:{column}", number + 1));
}
