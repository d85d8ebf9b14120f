//! What a hostile brief, a careless flag or a crowded dev server can do (SECURITY.md):
//! each attack that once worked, with the exact input that worked.

mod common;

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use common::SiteTest;

/// Every value of `attribute` in the real tags of `html` (text, whose `<` is escaped,
/// left out).
fn tag_attributes(html: &str, attribute: &str) -> Vec<String> {
    let needle = format!(" {attribute}=\"");
    html.split('<')
        .skip(1)
        .filter_map(|rest| rest.split('>').next())
        .flat_map(|tag| {
            tag.match_indices(&needle)
                .map(|(at, _)| {
                    let value = &tag[at + needle.len()..];
                    value[..value.find('"').unwrap_or(value.len())].to_string()
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The standard test configuration with raw HTML escaped (untrusted authors).
fn escape_mode(site: &SiteTest) {
    let config = fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file(
        "site/config.yaml",
        &format!("{config}markdown:\n  raw_html: escape\n"),
    );
}

const HOSTILE_BODY: &str = r#"## Focus {ONFOCUS=window.__pwned=1 autofocus tabindex=0}

## Styled {style="background:url(javascript:window.__pwned=2)" OnClick=window.__pwned=3 class=fine}

A [link](javascript:window.__pwned=4) and [another](JaVaScRiPt:window.__pwned=5), an
autolink <javascript:window.__pwned=6>, a [reference][r], [data](data:text/html,x) and
[tabbed](java&#x09;script:window.__pwned=8).

![an image](javascript:window.__pwned=9)

<img src=x onerror="window.__pwned=10"> <a href="javascript:window.__pwned=11">raw</a>

[Safe](https://example.org/) and [mail](mailto:a@example.org).

[r]: vbscript:window.__pwned=7
"#;

const CITATION_RECORD_TYPES: [&str; 2] = [
    "data:application/x-bibtex;",
    "data:application/x-research-info-systems;",
];

#[test]
fn escape_mode_lets_no_script_through() {
    let site = SiteTest::new();
    escape_mode(&site);
    site.brief("hostile", "2024-01-01", "[soft-power]", "", HOSTILE_BODY);
    site.build();
    let html = site.read("briefs/hostile/index.html");
    let main = &html[html.find("<main").unwrap()..];
    for attribute in ["href", "src"] {
        for value in tag_attributes(main, attribute) {
            let lower = value.to_ascii_lowercase().replace(['\t', '\n'], "");
            // The theme's own citation records are downloads of inert text, never
            // anything a browser runs; every other data: URL is a failure.
            if CITATION_RECORD_TYPES.iter().any(|t| lower.starts_with(t)) {
                continue;
            }
            assert!(
                !["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|s| lower.trim_start().starts_with(s)),
                "{attribute}=\"{value}\" in escape mode"
            );
        }
    }
    let tags: String = main
        .split('<')
        .skip(1)
        .filter_map(|rest| rest.split('>').next())
        .collect::<Vec<_>>()
        .join("\n")
        .to_ascii_lowercase();
    assert!(!tags.contains(" onfocus="), "event handler kept");
    assert!(!tags.contains(" onclick="), "event handler kept");
    assert!(!tags.contains(" onerror="), "event handler kept");
    assert!(!tags.contains(" style="), "style attribute kept");
    assert!(main.contains("class=\"fine\""), "classes are kept");
    assert!(
        main.contains("href=\"https://example.org/\""),
        "safe links are kept"
    );
    assert!(
        main.contains("href=\"mailto:a@example.org\""),
        "safe links are kept"
    );
    // The text of a neutralised link stays.
    assert!(main.contains("A link and another"), "{main}");

    let page = site.out("briefs/hostile/index.html");
    let run = Command::new("node")
        .arg(repo().join("tests/browser/hostile.mjs"))
        .arg(&page)
        .output()
        .expect("run node");
    assert!(
        run.status.success(),
        "script ran in Chromium:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Instructions the binary executes for `statecraft check` on `site`, counted by
/// valgrind's callgrind: the same count for the same input on every run, whatever the
/// machine is doing, so work can be compared without timing anything.
fn instructions(site: &SiteTest) -> u64 {
    let run = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(env!("CARGO_BIN_EXE_statecraft"))
        .arg("check")
        .current_dir(site.root())
        .output()
        .expect("run valgrind (installed by .ci/run)");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        run.status.success(),
        "check failed under valgrind:\n{stderr}"
    );
    stderr
        .lines()
        .find_map(|line| line.split("Collected : ").nth(1))
        .and_then(|count| count.trim().parse().ok())
        .unwrap_or_else(|| panic!("no instruction count in:\n{stderr}"))
}

/// How the work of checking a brief grows with its size: checks briefs made by `body`
/// of size n, 2n and 4n, and returns (work from 2n to 4n) / (work from n to 2n): 2 for
/// linear work, 4 for quadratic.
fn growth(n: usize, body: impl Fn(usize) -> String) -> f64 {
    let site = SiteTest::new();
    site.brief("b", "2024-01-01", "[soft-power]", "", "## Detail\n\nB.");
    let mut counts = Vec::new();
    for size in [n, 2 * n, 4 * n] {
        site.brief("big", "2024-01-02", "[soft-power]", "", &body(size));
        counts.push(instructions(&site) as f64);
    }
    (counts[2] - counts[1]) / (counts[1] - counts[0])
}

#[test]
fn a_paragraph_of_links_checks_in_linear_time() {
    // One sentence of wiki links: each link's sentence was cut from the whole block
    // again (40,000 links took 35 s).
    let ratio = growth(1000, |n| vec!["[[b]]"; n].join(" "));
    assert!(ratio < 3.0, "work grows {ratio:.2}x when the links double");
}

#[test]
fn equal_headings_get_ids_in_linear_time() {
    // Each heading tried every number from 1 for its id (30,000 took 30 s).
    let ratio = growth(1000, |n| "## Same\n\n".repeat(n));
    assert!(
        ratio < 3.0,
        "work grows {ratio:.2}x when the headings double"
    );
}

#[test]
fn headings_never_take_a_footnotes_id() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "## Fn 1\n\nText.[^n]\n\n## Fnref 1\n\n[^n]: The note.",
    );
    site.build();
    let html = site.read("briefs/a/index.html");
    for id in ["fn-1", "fnref-1"] {
        assert_eq!(
            html.matches(&format!(" id=\"{id}\"")).count(),
            1,
            "`{id}` is used twice"
        );
    }
    assert!(html.contains("<h2 id=\"h-fn-1\">"), "{html}");
    assert!(html.contains("<h2 id=\"h-fnref-1\">"), "{html}");
    // Asked for by a heading, a footnote's id is an error at it: a link to `#fnref-1`
    // would find the note's marker, not the heading.
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "Text.[^n]\n\n## Fnref 1 {#fnref-1}\n\n[^n]: The note.",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-invalid-id]: `fnref-1` has the form of the ids of footnotes")
        .expect_stderr("--> briefs/a.md:9:14");
}

#[test]
fn dates_outside_years_1_to_9999_are_errors() {
    for date in ["-0001-01-01", "0000-06-01", "+12345-01-01", "10000-01-01"] {
        let site = SiteTest::new();
        site.brief("a", date, "[soft-power]", "", "Body.");
        site.run(&["check"])
            .expect_failure(1)
            .expect_stderr("error[E-invalid-date]")
            .expect_stderr("--> briefs/a.md:3:7");
    }
}

#[test]
fn invisible_characters_in_front_matter_are_errors() {
    for (field, written) in [
        ("title", "\"A \\0 title\""),
        ("subtitle", "\"A \\uFFFF subtitle\""),
        ("tags", "[\"a \\x7F tag\"]"),
        // Written as character references, which front matter text is decoded of.
        ("title", "\"Bad&#11;char title\""),
        ("summary", "\"Summary with &#8; backspace\""),
        ("tags", "[\"tag&#1;one\"]"),
        ("subtitle", "\"A &#xFFFE; subtitle\""),
    ] {
        let site = SiteTest::new();
        let mut fields = vec![
            ("title", "T"),
            ("date", "2024-01-01"),
            ("summary", "S"),
            ("topics", "[soft-power]"),
            ("subtitle", "Sub"),
            ("tags", "[t]"),
        ];
        fields.retain(|(name, _)| *name != field);
        fields.push((field, written));
        let header: String = fields.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
        site.file("briefs/a.md", &format!("---\n{header}---\nBody.\n"));
        let run = site.run(&["check"]).expect_failure(1);
        assert!(
            run.stderr.contains("error[E-invalid-text]")
                && run.stderr.contains("--> briefs/a.md:7:"),
            "{field}: {written}:\n{}",
            run.stderr
        );
    }
}

#[test]
fn invisible_characters_in_a_body_are_errors_at_their_place() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "Plain \u{1} text.\n\nA reference &#xFFFE; here.\n\n`code \u{b}`\n\nTabs\tand page breaks \u{c} are fine.\n",
    );
    let run = site.run(&["check"]).expect_failure(1);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .map(str::trim_start)
        .filter(|l| l.starts_with("error[E-invalid-text]") || l.starts_with("--> "))
        .collect();
    assert_eq!(
        errors,
        [
            "error[E-invalid-text]: the text contains the invisible character U+0001",
            "--> briefs/a.md:7:7",
            "error[E-invalid-text]: the text contains the invisible character U+FFFE",
            "--> briefs/a.md:9:13",
            "error[E-invalid-text]: the text contains the invisible character U+000B",
            "--> briefs/a.md:11:7",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn an_alias_or_static_file_cannot_replace_a_generated_file() {
    let site = SiteTest::new();
    site.brief("x", "2024-01-01", "[soft-power]", "", "Body.")
        .brief(
            "y",
            "2024-01-02",
            "[soft-power]",
            "aliases: [/index.html, /briefs/x/index.html, /robots.txt]\n",
            "Body.",
        )
        .file(
            "site/static/search/index.js",
            "statecraftSearch.add('index', {})",
        )
        .file("site/static/search/t/mine.js", "x")
        .file("site/static/Report.pdf", "%PDF")
        .file("site/static/report.pdf", "%PDF")
        // Case folded as file systems fold it: `ſ` (long s) is `s`, `ß` is `ss`.
        .file("site/static/ſearch.txt", "x")
        .file("site/static/search.txt", "x")
        .file("site/static/straße.txt", "x")
        .file("site/static/strasse.txt", "x")
        // A file where another output needs a folder, and the other way round.
        .file("site/static/atom.xml/a.txt", "x")
        .file("site/static/briefs/x", "x");
    let run = site.run(&["check"]).expect_failure(1);
    for expected in [
        "the alias in briefs/y.md writes `/index.html`, which the generator already writes",
        "the alias in briefs/y.md writes `/briefs/x/index.html`, which brief briefs/x.md already writes",
        "the alias in briefs/y.md writes `/robots.txt/`, which the generator already writes",
        "static file `search/index.js` writes `/search/index.js`, which the search index already writes",
        "static file `search/t/mine.js` writes `/search/t/mine.js`, which the search index already writes",
        "writes `/report.pdf`, which static file `Report.pdf` already writes",
        "writes `/ſearch.txt`, which static file `search.txt` already writes",
        "writes `/straße.txt`, which static file `strasse.txt` already writes",
        "static file `atom.xml/a.txt` writes `/atom.xml/a.txt`, which the generator already writes",
        "static file `briefs/x` writes `/briefs/x`, which brief briefs/x.md already writes",
    ] {
        assert!(run.stderr.contains(expected), "missing {expected:?}:\n{}", run.stderr);
    }
    assert!(
        run.stderr.contains("--> briefs/y.md:6:11"),
        "{}",
        run.stderr
    );
    // A static file in the way is named where it is, with what to do.
    for expected in [
        "--> site/static/search/index.js",
        "--> site/static/report.pdf",
        "--> site/static/briefs/x",
        "help: rename or delete the static file",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?}:\n{}",
            run.stderr
        );
    }
    // `check` found what `build` would have failed to write: nothing is written.
    site.run(&["build"]).expect_failure(1);
    assert!(!site.exists("index.html"));
}

#[test]
fn different_names_with_one_slug_are_errors_at_both_places() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-02",
        "[soft-power]",
        "tags: [\"C++\"]\nseries: {name: \"C++\", part: 1}\n",
        "Body.",
    )
    .brief(
        "b",
        "2024-01-01",
        "[soft-power]",
        "tags: [\"C#\", nato]\nseries: {name: \"C#\", part: 2}\n",
        "Body.",
    )
    .brief(
        "c",
        "2024-01-03",
        "[soft-power]",
        "tags: [NATO]\nseries: {name: \"!!!\", part: 1}\n",
        "Body.",
    );
    let run = site.run(&["check"]).expect_failure(1);
    for expected in [
        "tag `C#` makes the same URL, /tags/c/, as tag `C++` in briefs/a.md",
        "--> briefs/b.md:6:9",
        "series `C#` makes the same URL, /series/c/, as series `C++` in briefs/a.md",
        "series `!!!` has no letters or digits",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?}:\n{}",
            run.stderr
        );
    }
    // Names that differ only in letter case are one term, not a clash.
    assert!(!run.stderr.contains("`nato`"), "{}", run.stderr);
}

#[test]
fn names_are_compared_in_one_unicode_form_and_slugs_in_one_case() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "tags: [\"Café\"]\n",
        "Body.",
    )
    .brief(
        "b",
        "2024-01-02",
        "[soft-power]",
        "tags: [\"Cafe\u{301}\"]\n",
        "Body.",
    )
    .brief(
        "c",
        "2024-01-03",
        "[soft-power]",
        "slug: \u{1c5}x\n",
        "Body.",
    );
    let run = site.run(&["check"]).expect_failure(1);
    assert!(
        run.stderr.contains("cannot be used as a slug"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("Caf"), "{}", run.stderr);
    site.file(
        "briefs/c.md",
        "---\ntitle: C\ndate: 2024-01-03\nsummary: S.\ntopics: [soft-power]\n---\nBody.\n",
    );
    site.build();
    let tag = site.read("tags/café/index.html");
    assert!(tag.contains("Brief a") && tag.contains("Brief b"), "{tag}");
}

#[test]
fn names_too_long_for_a_file_system_are_located_errors() {
    let long = "x".repeat(260);
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        &format!("slug: {long}\n"),
        "Body.",
    )
    .brief(
        "b",
        "2024-01-01",
        "[soft-power]",
        &format!("tags: [{long}]\n"),
        "Body.",
    )
    .brief(
        "c",
        "2024-01-01",
        "[soft-power]",
        &format!("aliases: [/old/{long}/]\n"),
        "Body.",
    );
    for format in ["text", "json"] {
        let run = site.run(&["check", "--format", format]).expect_failure(1);
        let out = format!("{}{}", run.stdout, run.stderr);
        assert_eq!(out.matches("E-path-too-long").count(), 3, "{out}");
        for file in ["briefs/a.md", "briefs/b.md", "briefs/c.md"] {
            assert!(out.contains(file), "{file} not named:\n{out}");
        }
    }
}

#[test]
fn symbolic_links_out_of_the_site_are_errors_and_never_read() {
    use std::os::unix::fs::symlink;
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "pdf: files/a.pdf\n",
        "Body.",
    )
    .file("site/static/ok.txt", "fine");
    fs::create_dir_all(site.root().join("briefs/files")).unwrap();
    symlink("/etc/passwd", site.root().join("briefs/evil.md")).unwrap();
    symlink("/etc/hostname", site.root().join("briefs/files/a.pdf")).unwrap();
    symlink(
        "/proc/self/environ",
        site.root().join("site/static/leak.txt"),
    )
    .unwrap();
    symlink("/etc", site.root().join("site/static/etc")).unwrap();
    symlink("missing.md", site.root().join("briefs/dangling.md")).unwrap();
    let run = site.run(&["build"]).expect_failure(1);
    for link in [
        "briefs/evil.md",
        "briefs/files/a.pdf",
        "site/static/leak.txt",
        "site/static/etc",
    ] {
        assert!(
            run.stderr.contains(&format!("--> {link}"))
                && run.stderr.contains("outside the site folder"),
            "{link} not reported:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("broken symbolic link"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("root:"),
        "the content of /etc/passwd was shown"
    );
    assert!(!site.exists(""), "nothing is written");
}

/// A theme folder (or `themes/` itself) that is a link to a folder outside the site is
/// as much outside it as a file linked there: an error at the link, nothing of it read
/// or published, reported once.
#[test]
fn a_theme_linked_from_outside_the_site_is_an_error() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let theme = outside.path().join("theme");
    fs::create_dir_all(theme.join("static")).unwrap();
    fs::create_dir_all(theme.join("templates")).unwrap();
    fs::write(theme.join("static/secret.txt"), "SECRET").unwrap();
    for (link, target) in [
        ("themes/default", theme.clone()),
        ("themes", outside.path().to_path_buf()),
    ] {
        let site = SiteTest::new();
        site.brief("a", "2024-01-01", "[soft-power]", "", "Body.");
        if link == "themes" {
            fs::remove_dir_all(outside.path().join("default")).ok();
            symlink(&theme, outside.path().join("default")).unwrap();
        } else {
            fs::create_dir_all(site.root().join("themes")).unwrap();
        }
        symlink(&target, site.root().join(link)).unwrap();
        let run = site.run(&["build"]).expect_failure(1);
        assert_eq!(
            run.stderr.matches("outside the site folder").count(),
            1,
            "{}",
            run.stderr
        );
        run.expect_stderr(&format!("--> {link}"));
        assert!(!site.exists("secret.txt"));
    }
}

/// The output folder's marker says statecraft made the folder (and, for a preview,
/// that it holds drafts): no file of the site may take its place.
#[test]
fn no_file_of_the_site_replaces_the_output_folders_marker() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.")
        .file("site/static/.statecraft-output", "mine")
        .brief(
            "b",
            "2024-01-02",
            "[soft-power]",
            "aliases: [\"/.statecraft-output\"]\n",
            "Body.",
        );
    let run = site.run(&["build"]).expect_failure(1);
    assert_eq!(
        run.stderr.matches("error[E-url-collision]").count(),
        2,
        "{}",
        run.stderr
    );
    run.expect_stderr("--> site/static/.statecraft-output")
        .expect_stderr("--> briefs/b.md:6:")
        .expect_stderr("the output folder's marker");
}

#[test]
fn static_files_are_copied_as_they_are() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    for name in [
        ".well-known/security.txt",
        ".htaccess",
        "notes.bak",
        "draft.tmp",
        "x~",
        "#plan#",
    ] {
        site.file(&format!("site/static/{name}"), name);
    }
    site.file("site/static/.DS_Store", "litter")
        .file("site/static/.style.css.swp", "swap");
    site.build();
    for name in [
        ".well-known/security.txt",
        ".htaccess",
        "notes.bak",
        "draft.tmp",
        "x~",
        "#plan#",
    ] {
        assert_eq!(site.read(name), name, "{name} not copied");
    }
    assert!(!site.exists(".DS_Store") && !site.exists(".style.css.swp"));
}

#[test]
fn out_must_be_a_folder_and_never_holds_home_even_with_force() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    let file = site.root().join("notes.txt");
    fs::write(&file, "mine").unwrap();
    let fifo = site.root().join("pipe");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    for out in [&file, &fifo] {
        for force in [false, true] {
            let mut args = vec!["build", "--out", out.to_str().unwrap()];
            if force {
                args.push("--force");
            }
            site.run(&args)
                .expect_failure(2)
                .expect_stderr("is not a folder")
                .expect_stderr("--force does not change this");
        }
    }
    assert_eq!(fs::read_to_string(&file).unwrap(), "mine");
    assert!(fifo.exists() && !fifo.is_dir());
    // Tools asking for JSON get JSON for these problems too.
    let run = site
        .run(&["build", "--format", "json", "--out", file.to_str().unwrap()])
        .expect_failure(2);
    let line: serde_json::Value = serde_json::from_str(run.stdout.trim()).expect("one JSON object");
    assert_eq!(line["code"], "E-unsafe-output");

    // A folder holding the home folder is refused even with --force.
    let home_parent = tempfile::tempdir().unwrap();
    let home = home_parent.path().join("me");
    fs::create_dir_all(&home).unwrap();
    fs::write(home_parent.path().join("keep.txt"), "keep").unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(["build", "--force", "--out"])
        .arg(home_parent.path())
        .current_dir(site.root())
        .env("HOME", &home)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("home folder"));
    assert!(home_parent.path().join("keep.txt").exists() && home.exists());
}

#[test]
fn a_source_folder_that_is_a_link_is_never_written_over_even_with_force() {
    use std::os::unix::fs::symlink;
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    // The briefs live in `content/briefs`; `briefs` is a link to them.
    let content = site.root().join("content");
    fs::create_dir_all(&content).unwrap();
    fs::rename(site.root().join("briefs"), content.join("briefs")).unwrap();
    symlink("content/briefs", site.root().join("briefs")).unwrap();
    site.build();
    for out in ["content/briefs", "content/briefs/inner", "content"] {
        site.run(&["build", "--force", "--out", out])
            .expect_failure(2);
        assert!(
            content.join("briefs/a.md").is_file(),
            "`--out {out} --force` deleted the briefs"
        );
    }
}

#[test]
fn a_watch_session_writes_everything_again_after_the_output_is_deleted() {
    let site = SiteTest::new();
    // With typeset PDFs, which the session writes after the pages.
    site.with_pdfs();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body of a.")
        .brief("b", "2024-01-02", "[hard-power]", "", "Body of b.");
    let mut session =
        statecraft::dev::session::Session::new(statecraft::BuildOptions::new(site.root()));
    session.rebuild(&[]).expect("first build");
    fs::remove_dir_all(site.out("")).unwrap();
    site.brief("a", "2024-01-01", "[soft-power]", "", "New body of a.");
    session
        .rebuild(&[PathBuf::from("briefs/a.md")])
        .expect("rebuild");
    let clean = site.root().join("clean");
    let mut options = statecraft::BuildOptions::new(site.root());
    options.out = clean.clone();
    statecraft::build(&options).expect("clean build");
    assert_eq!(
        common::differing_files(&site.out(""), &clean),
        Vec::<String>::new()
    );
}

#[test]
fn a_build_removes_staging_folders_a_killed_build_left() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    // A process that has ended: its number is free.
    let mut child = Command::new("true").spawn().unwrap();
    let gone = child.id();
    child.wait().unwrap();
    let marker = ".statecraft-output";
    for name in [
        format!(".public.statecraft-new-{gone}"),
        format!(".public.statecraft-old-{gone}"),
    ] {
        site.file(&format!("{name}/{marker}"), "generated");
        site.file(&format!("{name}/index.html"), "old");
    }
    // Not statecraft's (no marker): left alone.
    site.file(&format!(".public.statecraft-new-{gone}0/mine.txt"), "keep");
    // A link named like a staging folder, to a folder with a marker (another site's
    // output, say): the folder it leads to is not this build's to empty.
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join(marker), "generated").unwrap();
    fs::write(elsewhere.path().join("notes.txt"), "keep").unwrap();
    // (Numbered past any process number Linux gives, so never a running build's.)
    let link = site.root().join(".public.statecraft-old-4294967295");
    std::os::unix::fs::symlink(elsewhere.path(), &link).unwrap();
    site.build();
    assert_eq!(
        fs::read_to_string(elsewhere.path().join("notes.txt")).unwrap(),
        "keep"
    );
    assert!(!site
        .root()
        .join(format!(".public.statecraft-new-{gone}"))
        .exists());
    assert!(!site
        .root()
        .join(format!(".public.statecraft-old-{gone}"))
        .exists());
    assert!(site
        .root()
        .join(format!(".public.statecraft-new-{gone}0/mine.txt"))
        .exists());
}

#[test]
fn diagnostics_say_what_is_wrong_where() {
    // Every problem of the configuration at once, each at its own line; a duplicate
    // topic slug at the duplicate, not in an author's bio that mentions it.
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        "title: T\nbase_url: https://example.org/\ntopic: oops\npage_size: ten\ntopics:\n  - slug: soft-power\n    title: Soft\n  - slug: soft-power\n    title: Again\nauthors:\n  - id: ana\n    name: Ana\n    bio: Writes on soft-power.\n",
    );
    let run = site.run(&["check"]).expect_failure(1);
    for expected in [
        "unknown configuration key `topic`",
        "did you mean `topics`?",
        "--> site/config.yaml:3:1",
        "invalid `page_size`: invalid type: string \"ten\", expected a whole number, 1 or more (`10`)",
        "--> site/config.yaml:4:12",
        "topic slug `soft-power` is declared twice",
        "--> site/config.yaml:8:11",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?}:\n{}",
            run.stderr
        );
    }

    // The same words for a number too small.
    let config = std::fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file(
        "site/config.yaml",
        &config.replace("page_size: ten", "page_size: 0"),
    );
    site.run(&["check"]).expect_failure(1).expect_stderr(
        "invalid `page_size`: invalid value: integer `0`, expected a whole number, 1 or more (`10`)",
    );

    // A link to a draft says so, and how to build drafts.
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "related: [wip]\n",
        "See [[wip]].",
    )
    .brief(
        "wip",
        "2024-01-02",
        "[soft-power]",
        "draft: true\n",
        "Not yet.",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("link to `wip`, a draft, which this build leaves out")
        .expect_stderr("`related:` names `wip`, a draft")
        .expect_stderr("build with --drafts to include drafts");
    site.run(&["check", "--drafts"]).expect_success();

    // Lone carriage returns end lines (old Mac files).
    let site = SiteTest::new();
    site.file(
        "briefs/mac.md",
        "---\rtitle: Mac\rdate: 2024-01-01\rsummary: S.\rtopics: [soft-power]\r---\rBody.\r",
    );
    site.build();
    assert!(site.read("briefs/mac/index.html").contains("Body."));
    // A broken link in such a file is located by its line (the file is read again to
    // quote it).
    site.file(
        "briefs/mac2.md",
        "---\rtitle: Mac 2\rdate: 2024-01-01\rsummary: S.\rtopics: [soft-power]\r---\rBody.\r\rSee [[nowhere]].\r",
    );
    site.run(&["check"])
        .expect_failure(1)
        .expect_stderr("--> briefs/mac2.md:9:5");

    // `new` refuses a title that would not make one line of front matter.
    let site = SiteTest::new();
    site.run(&["new", "Two\nlines"])
        .expect_failure(2)
        .expect_stderr("a title is one line");
    assert!(!site.root().join("briefs").exists());

    // `bench-corpus` refuses a size that would fill the disk.
    let site = SiteTest::new();
    site.run(&["bench-corpus", "--n", "1000000000", "big"])
        .expect_failure(2)
        .expect_stderr("the most a benchmark corpus has is 200000");
    assert!(!site.root().join("big").exists());
}
