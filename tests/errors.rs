//! Bad input: every problem is reported at its file, line and column, with a hint, and
//! all problems of a build come out together.

mod common;

use std::fs;

use common::SiteTest;

fn check(site: &SiteTest) -> common::Run {
    site.run(&["check"]).expect_failure(1)
}

#[test]
fn a_file_without_front_matter() {
    let site = SiteTest::new();
    site.file("briefs/a.md", "# Just a heading\n\nText.\n");
    check(&site)
        .expect_stderr("error[E-no-front-matter]: this file has no front matter")
        .expect_stderr("--> briefs/a.md:1:1")
        .expect_stderr("help: start the file with a front matter block");
}

#[test]
fn unterminated_front_matter() {
    let site = SiteTest::new();
    site.file(
        "briefs/a.md",
        "---\ntitle: A\ndate: 2024-01-01\n\nBody without a closing fence.\n",
    );
    check(&site)
        .expect_stderr("error[E-unterminated-front-matter]")
        .expect_stderr("--> briefs/a.md:1:1")
        .expect_stderr("add a line `---` after the last front matter field");
}

#[test]
fn yaml_syntax_errors_point_at_the_line_of_the_file() {
    let site = SiteTest::new();
    site.file(
        "briefs/a.md",
        "---\ntitle: A\ndate: 2024-01-01\nsummary: [unclosed\ntopics: [soft-power]\n---\nBody.\n",
    );
    // The parser notices the problem on the `topics` line, line 5 of the file; the
    // mistake is the `[` it never found the end of, on line 4.
    check(&site)
        .expect_stderr(
            "error[E-yaml]: invalid YAML in front matter: this list (`[`) is never closed",
        )
        .expect_stderr("--> briefs/a.md:4:10")
        .expect_stderr("end it with `]`");

    site.file(
        "briefs/a.md",
        "---\ntitle: \"Unclosed quote\ndate: 2024-01-01\nsummary: S.\ntopics: [soft-power]\n---\nBody.\n",
    );
    check(&site)
        .expect_stderr(
            "error[E-yaml]: invalid YAML in front matter: this quoted text is never closed",
        )
        .expect_stderr("--> briefs/a.md:2:8")
        .expect_stderr("end it with the quote it starts with");

    // A quote left open that a quote on a later line closes: the parser stops on that
    // later line, the mistake is on the title's. In the configuration too.
    site.file(
        "briefs/a.md",
        "---\ntitle: \"Open quote\ndate: 2024-01-01\nsummary: Read \"Title\" first.\ntopics: [soft-power]\n---\nBody.\n",
    );
    check(&site)
        .expect_stderr("error[E-yaml]: invalid YAML in front matter: this quoted text does not end on its line")
        .expect_stderr("--> briefs/a.md:2:8")
        .expect_stderr("end it with the quote it starts with");
    let config = std::fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file(
        "site/config.yaml",
        &format!("publisher: \"Northbridge\ndescription: The \"best\" briefs\n{config}"),
    );
    check(&site)
        .expect_stderr("this quoted text does not end on its line")
        .expect_stderr("--> site/config.yaml:1:12");
    site.file("site/config.yaml", &config);

    // Where the parser gives no such start, at the place it noticed.
    site.file(
        "briefs/a.md",
        "---\ntitle: A\n  bad: indent\ndate: 2024-01-01\n---\nBody.\n",
    );
    check(&site)
        .expect_stderr("error[E-yaml]: invalid YAML in front matter: mapping values are not allowed in this context")
        .expect_stderr("--> briefs/a.md:3:6");

    // A tab in the indentation: the parser's words do not say it, the help does, in
    // the front matter and in the configuration alike.
    site.file(
        "briefs/a.md",
        "---\ntitle: A\ndate: 2024-01-01\nsummary: S.\ntopics:\n\t- soft-power\n---\nBody.\n",
    );
    check(&site)
        .expect_stderr("--> briefs/a.md:6:1")
        .expect_stderr("YAML indents with spaces only: replace the tab");
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    let config = std::fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file(
        "site/config.yaml",
        &format!("{config}extra:\n\tkey: value\n"),
    );
    check(&site)
        .expect_stderr("--> site/config.yaml:")
        .expect_stderr("YAML indents with spaces only: replace the tab");
}

#[test]
fn an_empty_value_is_shown_at_its_quotes_and_an_empty_author_said_so() {
    let site = SiteTest::new();
    site.file(
        "briefs/a.md",
        "---\ntitle: \"\"\ndate: 2024-01-01\nsummary: S.\nauthors: [\"\"]\ntopics: [soft-power]\n---\nBody.\n",
    );
    let run = check(&site)
        .expect_stderr("error[E-missing-field]: `title` is empty")
        .expect_stderr("--> briefs/a.md:2:8")
        .expect_stderr("error[E-unknown-author]: `authors` lists an empty name")
        .expect_stderr("--> briefs/a.md:5:11")
        .expect_stderr("or delete the empty item");
    assert!(!run.stderr.contains("site/authors/.md"), "{}", run.stderr);
}

#[test]
fn a_single_topic_may_be_written_as_text_but_a_date_must_be_a_date() {
    let site = SiteTest::new();
    site.brief("ok", "2024-01-01", "soft-power", "", "Body.");
    site.run(&["check"]).expect_success();

    site.brief("bad", "yesterday", "soft-power", "", "Body.");
    check(&site)
        .expect_stderr("error[E-invalid-date]: `yesterday` is not a valid date")
        .expect_stderr("--> briefs/bad.md:3:7")
        .expect_stderr("write a date as YYYY-MM-DD");
}

#[test]
fn impossible_dates_are_rejected() {
    let site = SiteTest::new();
    site.brief(
        "bad",
        "2024-02-30",
        "soft-power",
        "updated: 2024-13-01\n",
        "Body.",
    );
    let run = check(&site);
    assert_eq!(
        run.stderr.matches("E-invalid-date").count(),
        2,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> briefs/bad.md:6:10"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_update_before_the_date_and_an_author_listed_twice_are_errors() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-02-10",
        "[soft-power]",
        "updated: 2023-01-01\nauthors: [ana, ana, {name: Hiro Tanaka}, {name: Hiro Tanaka}]\n",
        "Body.",
    );
    check(&site)
        .expect_stderr(
            "error[E-invalid-date]: `updated: 2023-01-01` is before the brief's `date: 2024-02-10`",
        )
        .expect_stderr("--> briefs/a.md:6:10")
        .expect_stderr("error[E-duplicate-author]: author `ana` is listed twice")
        .expect_stderr("--> briefs/a.md:7:16")
        .expect_stderr("error[E-duplicate-author]: guest author `Hiro Tanaka` is listed twice")
        .expect_stderr("help: remove the second `ana` from `authors`")
        .expect_stderr("3 error(s)");
    // Updated on the day of publication, or later: fine.
    site.brief(
        "a",
        "2024-02-10",
        "[soft-power]",
        "updated: 2024-02-10\nauthors: [ana, {name: Hiro Tanaka}]\n",
        "Body.",
    );
    site.run(&["check"]).expect_success();
}

#[test]
fn wrong_types_are_named() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "draft: maybe\nregions: {a: 1}\n",
        "Body.",
    );
    check(&site)
        .expect_stderr("error[E-wrong-type]: `draft` must be `true` or `false`")
        .expect_stderr("--> briefs/a.md:6:1")
        .expect_stderr("error[E-wrong-type]: `regions` must be a list of texts")
        .expect_stderr("--> briefs/a.md:7:1");
}

#[test]
fn missing_required_fields_are_all_listed() {
    let site = SiteTest::new();
    site.file("briefs/a.md", "---\ntitle: A\n---\nBody.\n");
    let run = check(&site)
        .expect_stderr("required field `date` is missing")
        .expect_stderr("required field `summary` is missing")
        .expect_stderr("required field `topics` is missing")
        .expect_stderr("add a line `summary: ");
    assert!(run.stderr.contains("--> briefs/a.md:1:1"), "{}", run.stderr);
}

#[test]
fn unknown_keys_get_a_suggestion() {
    let site = SiteTest::new();
    site.file(
        "briefs/a.md",
        "---\ntitle: A\ndate: 2024-01-01\nsummary: S.\ntopic: [soft-power]\n---\nBody.\n",
    );
    check(&site)
        .expect_stderr("error[E-unknown-key]: unknown front matter field `topic`")
        .expect_stderr("--> briefs/a.md:5:1")
        .expect_stderr("help: did you mean `topics`?");
}

#[test]
fn unknown_topics_and_authors_get_a_suggestion() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[hard-power, soft-powr]",
        "authors: [anna]\n",
        "Body.",
    );
    check(&site)
        .expect_stderr("error[E-unknown-topic]: unknown topic `soft-powr`")
        .expect_stderr("--> briefs/a.md:5:22")
        .expect_stderr("did you mean `soft-power`?")
        .expect_stderr("error[E-unknown-author]: unknown author `anna`")
        .expect_stderr("--> briefs/a.md:6:11")
        .expect_stderr("did you mean `ana`?");
}

#[test]
fn a_term_name_without_letters_or_digits_has_no_url() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[hard-power]",
        "tags: [NATO, \"&&\"]\n",
        "Body.",
    );
    check(&site)
        .expect_stderr("error[E-invalid-slug]: `&&` in `tags` has no letters or digits")
        .expect_stderr("--> briefs/a.md:6:15")
        .expect_stderr("term names need at least one letter or digit");
}

#[test]
fn duplicate_slugs_name_both_files() {
    let site = SiteTest::new();
    site.brief("first", "2024-01-01", "[soft-power]", "", "Body.")
        .brief(
            "second",
            "2024-01-02",
            "[soft-power]",
            "slug: first\n",
            "Body.",
        );
    check(&site)
        .expect_stderr("error[E-duplicate-slug]")
        .expect_stderr(
            "briefs/second.md writes `/briefs/first/`, which brief briefs/first.md already writes",
        )
        .expect_stderr("--> briefs/second.md:6:7");

    // The same when the file with `slug:` comes first: the error is at the `slug:`
    // that makes the clash, not at the first line of the file that keeps its name.
    let site = SiteTest::new();
    site.brief("welcome", "2024-01-01", "[soft-power]", "", "Body.")
        .brief(
            "aaa",
            "2024-01-02",
            "[soft-power]",
            "slug: welcome\n",
            "Body.",
        );
    check(&site)
        .expect_stderr("error[E-duplicate-slug]")
        .expect_stderr(
            "briefs/aaa.md writes `/briefs/welcome/`, which brief briefs/welcome.md already writes",
        )
        .expect_stderr("--> briefs/aaa.md:6:7");

    // A link to the address is checked against the brief that keeps it (the newer
    // `aaa.md` comes first in the site's order, and has no headings): the clash is the
    // only error.
    site.brief(
        "welcome",
        "2024-01-01",
        "[soft-power]",
        "",
        "## Real heading\n\nBody.",
    )
    .brief(
        "citer",
        "2024-01-01",
        "[soft-power]",
        "",
        "See [[welcome#real-heading]] and [there](/briefs/welcome/#real-heading).",
    );
    let run = check(&site).expect_stderr("error[E-duplicate-slug]");
    assert_eq!(run.stderr.matches("error[").count(), 1, "{}", run.stderr);
}

#[test]
fn an_alias_over_another_page_is_a_collision() {
    let site = SiteTest::new();
    site.brief("first", "2024-01-01", "[soft-power]", "", "Body.")
        .brief(
            "second",
            "2024-01-02",
            "[soft-power]",
            "aliases: [/briefs/first/]\n",
            "Body.",
        );
    check(&site)
        .expect_stderr("error[E-url-collision]")
        .expect_stderr("the alias in briefs/second.md writes `/briefs/first/`")
        .expect_stderr("--> briefs/second.md:6:11")
        .expect_stderr("remove this alias or change it");
}

#[test]
fn slugs_and_aliases_cannot_escape_the_output_folder() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "slug: ../../etc\n",
        "Body.",
    )
    .brief(
        "b",
        "2024-01-01",
        "[soft-power]",
        "aliases: [\"../../etc/passwd\", \"/abs\\\\path\", \"nul\\0byte\", /ok/]\n",
        "Body.",
    );
    let run = check(&site)
        .expect_stderr("error[E-invalid-slug]: `../../etc` cannot be used as a slug")
        .expect_stderr("--> briefs/a.md:6:7")
        .expect_stderr("alias `../../etc/passwd` is not allowed: it contains `.` or `..` segments")
        .expect_stderr("it contains a backslash")
        .expect_stderr("it contains a NUL character");
    assert_eq!(
        run.stderr.matches("E-unsafe-path").count(),
        3,
        "{}",
        run.stderr
    );
}

#[test]
fn files_that_cannot_be_read_are_reported_and_the_rest_checked() {
    let site = SiteTest::new();
    site.file("briefs/empty.md", "").file(
        "briefs/ok.md",
        "---\ntitle: Fine\ndate: 2024-01-01\nsummary: S.\ntopics: [soft-powr]\n---\nBody.\n",
    );
    fs::write(
        site.root().join("briefs/latin1.md"),
        b"---\ntitle: Caf\xe9\n---\n",
    )
    .unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        site.root().join("briefs/missing-target.md"),
        site.root().join("briefs/dangling.md"),
    )
    .unwrap();
    let run = check(&site)
        .expect_stderr("error[E-empty-file]: this file is empty")
        .expect_stderr("--> briefs/empty.md")
        .expect_stderr("error[E-not-utf8]: this file is not valid UTF-8 text")
        .expect_stderr("--> briefs/latin1.md:2:11")
        .expect_stderr("unknown topic `soft-powr`");
    #[cfg(unix)]
    assert!(
        run.stderr.contains("error[E-unreadable]") && run.stderr.contains("briefs/dangling.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_oversized_brief_is_refused_with_the_limit() {
    let site = SiteTest::new();
    let mut text = String::from(
        "---\ntitle: Huge\ndate: 2024-01-01\nsummary: S.\ntopics: [soft-power]\n---\n",
    );
    let paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(20) + "\n\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&paragraph);
    }
    site.file("briefs/huge.md", &text);
    check(&site)
        .expect_stderr("error[E-too-large]: this file is 50.0 MB; the limit is 16 MB")
        .expect_stderr("--> briefs/huge.md");
}

/// Emacs marks a file being edited with a link to nowhere beside it (`.#welcome.md` ->
/// `me@host.42:1700000000`); the README says editors' lock files are left out, so it
/// must not fail the build as a broken link does.
#[cfg(unix)]
#[test]
fn an_editors_lock_link_to_nowhere_is_left_out() {
    let site = SiteTest::new();
    site.brief("welcome", "2024-01-01", "[soft-power]", "", "Text.")
        .file("site/pages/about.md", "---\ntitle: About\n---\nAbout us.\n")
        .file("site/static/notes.txt", "Notes.\n");
    for folder in ["briefs", "site/pages", "site/static"] {
        std::os::unix::fs::symlink(
            "me@host.42:1700000000",
            site.root().join(folder).join(".#welcome.md"),
        )
        .unwrap();
    }
    let run = site.build();
    assert!(!run.stderr.contains("E-unreadable"), "{}", run.stderr);
    assert!(site.exists("briefs/welcome/index.html"));
    assert!(!site.exists(".#welcome.md"));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    fs::create_dir_all(site.root().join("briefs/nested")).unwrap();
    std::os::unix::fs::symlink(
        site.root().join("briefs"),
        site.root().join("briefs/nested/loop"),
    )
    .unwrap();
    check(&site)
        .expect_stderr("error[E-symlink-loop]")
        .expect_stderr("briefs/nested/loop");
}

#[cfg(unix)]
#[test]
fn a_file_link_that_leads_back_to_itself_is_a_loop_not_a_broken_link() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    let briefs = site.root().join("briefs");
    // One link to itself, and two that point at each other.
    std::os::unix::fs::symlink("self.md", briefs.join("self.md")).unwrap();
    std::os::unix::fs::symlink("pong.md", briefs.join("ping.md")).unwrap();
    std::os::unix::fs::symlink("ping.md", briefs.join("pong.md")).unwrap();
    let run = check(&site);
    for link in ["briefs/self.md", "briefs/ping.md", "briefs/pong.md"] {
        let error = run
            .stderr
            .split("\n\n")
            .find(|block| block.contains(&format!("--> {link}\n")))
            .unwrap_or_else(|| panic!("no error at {link}:\n{}", run.stderr));
        assert!(error.contains("error[E-symlink-loop]"), "{error}");
        assert!(!error.contains("does not exist"), "{error}");
        assert!(error.contains("help: "), "{error}");
    }
}

#[test]
fn a_brief_with_an_error_still_shows_its_warnings() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-powr]",
        "",
        "Text.\n\n![](/nope.png)\n",
    );
    check(&site)
        .expect_stderr("error[E-unknown-topic]")
        .expect_stderr("warning[W-missing-alt]");
}

#[test]
fn a_key_written_twice_is_located_at_its_second_line() {
    let site = SiteTest::new();
    site.file(
        "briefs/dup.md",
        "---\ntitle: \"A\"\ndate: 2024-01-01\nsummary: \"x\"\ntopics: [soft-power]\ntopics: [hard-power]\n---\nBody.\n",
    );
    check(&site)
        .expect_stderr("error[E-yaml]: `topics` is written twice in the front matter")
        .expect_stderr("--> briefs/dup.md:6:1");
}

#[test]
fn template_syntax_errors_point_into_the_template() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.")
        .file("site/templates/brief.html", "<p>\n{{ brief.title }\n</p>\n");
    check(&site)
        .expect_stderr("error[E-template-syntax]")
        .expect_stderr("--> site/templates/brief.html:2:");
}

#[test]
fn unknown_filters_functions_and_templates_are_each_located() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.")
        .file(
            "site/templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title | upcase }}\n{{ nosuchfn(x=1) }}\n{% include \"nosuch.html\" %}\n{% endblock content %}\n",
        );
    let run = site.run(&["check", "--format", "json"]).expect_failure(1);
    let problems: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let found: Vec<(String, u64, u64)> = problems
        .iter()
        .map(|p| {
            (
                p["file"].as_str().unwrap_or("").to_string(),
                p["line"].as_u64().unwrap_or(0),
                p["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let file = "site/templates/page.html".to_string();
    assert_eq!(
        found,
        [(file.clone(), 3, 17), (file.clone(), 4, 4), (file, 5, 12)],
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Unknown filter `upcase`"),
        "{}",
        run.stdout
    );
}

#[test]
fn template_runtime_errors_name_the_template_line_and_the_brief() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.")
        .file(
            "site/templates/brief.html",
            "<p>{{ brief.title }}</p>\n<p>{{ no_such_variable }}</p>\n",
        );
    check(&site)
        .expect_stderr("error[E-template-render]")
        .expect_stderr("while rendering /briefs/a/ (briefs/a.md)")
        .expect_stderr("--> site/templates/brief.html:2:7");
}

#[test]
fn json_format_gives_one_object_per_problem() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-powr]", "", "Body.");
    let run = site.run(&["check", "--format", "json"]).expect_failure(1);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 1, "{}", run.stdout);
    assert_eq!(lines[0]["code"], "E-unknown-topic");
    assert_eq!(lines[0]["severity"], "error");
    assert_eq!(lines[0]["file"], "briefs/a.md");
    assert_eq!(lines[0]["line"], 5);
    assert_eq!(lines[0]["column"], 10);
    assert_eq!(
        lines[0]["hint"]
            .as_str()
            .map(|h| h.starts_with("did you mean `soft-power`?")),
        Some(true)
    );
}

#[test]
fn a_problem_in_a_presentation_setting_does_not_hide_the_briefs_problems() {
    let site = SiteTest::new();
    site.brief("good", "2024-01-01", "[soft-power]", "", "Body.");
    site.build();
    let before = site.read("index.html");
    let config = common::CONFIG.replace("page_size: 10", "page_size: ten");
    site.file("site/config.yaml", &config);
    site.file(
        "briefs/bad.md",
        "---\ntitle: \"\"\ndate: 2024-01-01\nsummary: S.\ntopics: [soft-power]\n---\nBody.\n",
    );
    site.run(&["build"])
        .expect_failure(1)
        .expect_stderr("invalid `page_size`")
        .expect_stderr("--> site/config.yaml:")
        .expect_stderr("error[E-missing-field]: `title` is empty")
        .expect_stderr("--> briefs/bad.md:2:8");
    assert_eq!(site.read("index.html"), before, "the previous site changed");
    assert!(!site.out("briefs/bad").exists());

    // A problem in what briefs are checked against is reported alone: the defaults in
    // its place (a misspelt `topics:` leaves the built-in topics) would make every
    // brief look wrong.
    site.file(
        "site/config.yaml",
        &format!("{}topcis: [x]\n", common::CONFIG),
    );
    let run = check(&site).expect_stderr("unknown configuration key `topcis`");
    assert!(!run.stderr.contains("briefs/bad.md"), "{}", run.stderr);
}

#[test]
fn twenty_broken_briefs_are_reported_together_and_the_old_site_survives() {
    let site = SiteTest::new();
    site.brief("good", "2024-01-01", "[soft-power]", "", "Body.");
    site.build();
    let before: Vec<(String, Vec<u8>)> = common::files_under(&site.out(""))
        .into_iter()
        .map(|f| (f.clone(), fs::read(site.out(&f)).unwrap()))
        .collect();

    for i in 0..20 {
        site.brief(
            &format!("broken{i:02}"),
            "2024-13-45",
            "[not-a-topic]",
            "",
            "Body.",
        );
    }
    let run = site.run(&["build"]).expect_failure(1);
    let errors = run.stderr.matches("error[E-").count();
    assert!(
        errors >= 40,
        "expected 40 errors (date and topic per brief), got {errors}:\n{}",
        run.stderr
    );
    for i in 0..20 {
        assert!(
            run.stderr.contains(&format!("briefs/broken{i:02}.md:3:7")),
            "broken{i:02} not reported"
        );
    }

    let after: Vec<(String, Vec<u8>)> = common::files_under(&site.out(""))
        .into_iter()
        .map(|f| (f.clone(), fs::read(site.out(&f)).unwrap()))
        .collect();
    assert!(before == after, "the previous site changed");
    let leftovers: Vec<_> = fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        leftovers
            .iter()
            .all(|n| !n.to_string_lossy().contains("statecraft-new")),
        "staging folder left behind: {leftovers:?}"
    );
}

#[test]
fn the_output_folder_is_never_a_folder_of_someone_elses() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    site.file("public/notes.txt", "my notes");
    site.run(&["build"])
        .expect_failure(2)
        .expect_stderr("refusing to write the site into `./public`: it already exists, is not empty and was not created by statecraft");
    assert_eq!(
        fs::read_to_string(site.out("notes.txt")).unwrap(),
        "my notes"
    );
    site.run(&["build", "--out", "briefs"]).expect_failure(2);
    site.run(&["build", "--out", "."])
        .expect_failure(2)
        .expect_stderr("site folder itself");
    assert!(site.root().join("briefs/a.md").exists());
}

#[test]
fn the_home_folder_is_never_the_output() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    let home = site.root().join("home");
    fs::create_dir_all(&home).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(["build", "--force", "--out"])
        .arg(&home)
        .current_dir(site.root())
        .env("HOME", &home)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is your home folder"));
}

#[test]
fn raw_html_in_briefs_follows_the_config_switch() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "<script>alert('x')</script>\n\nText with <b>bold</b>.",
    );
    site.build();
    assert!(
        site.read("briefs/a/index.html")
            .contains("<script>alert('x')</script>"),
        "allow is the default"
    );

    site.file(
        "site/config.yaml",
        &format!("{}markdown:\n  raw_html: escape\n", common::CONFIG),
    );
    site.build();
    let html = site.read("briefs/a/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
            || html.contains("&lt;script&gt;alert('x')&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;"), "{html}");
}

/// One mistake in a brief is one error: links, `related:` entries and translations
/// naming that brief are not reported as broken as well, while a link to a brief that
/// does not exist still is.
#[test]
fn a_brief_with_errors_is_not_also_a_broken_link_in_every_brief_citing_it() {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &format!("{}languages:\n  ru:\n    name: Русский\n", common::CONFIG),
    );
    site.brief(
        "cited",
        "2024-01-01",
        "[soft-power]",
        "",
        "As [[fig:nowhere]] shows.",
    );
    site.brief(
        "citing",
        "2024-01-02",
        "[soft-power]",
        "related: [cited]\n",
        "See [[cited]], [the brief](cited.md) and [[missing]].",
    );
    site.file(
        "briefs/cited.ru.md",
        "---\ntitle: Перевод\nlang: ru\ntranslation_of: cited\ndate: 2024-01-01\nsummary: Кратко.\ntopics: [soft-power]\n---\nТекст.\n",
    );
    let run = check(&site)
        .expect_stderr("error[E-unknown-label]")
        .expect_stderr("--> briefs/cited.md:")
        .expect_stderr("link to unknown brief or page `missing`");
    assert_eq!(run.stderr.matches("error[").count(), 2, "{}", run.stderr);
}

/// A brief whose front matter has an error still has its links checked, so that its
/// author learns of a broken link in the same run and not after fixing the front
/// matter. A draft left out of the build is left out whole: its links are not checked.
#[test]
fn a_brief_whose_front_matter_fails_still_reports_its_broken_links() {
    let site = SiteTest::new();
    site.brief(
        "other",
        "2024-01-01",
        "[soft-power]",
        "",
        "## Part one\n\nText.",
    );
    site.brief(
        "bad",
        "yesterday",
        "[soft-power]",
        "",
        "See [this](nowhere.md), [that](other.md#part-two), [fine](other.md#part-one), \
         [[bad]] and [here](#nothing-here).",
    );
    let run = check(&site)
        .expect_stderr("error[E-invalid-date]: `yesterday` is not a valid date")
        .expect_stderr("link to unknown brief or page `nowhere`")
        .expect_stderr("`other` has no heading `#part-two`")
        .expect_stderr("did you mean `#part-one`?")
        .expect_stderr("this page has no heading `#nothing-here`")
        .expect_stderr("--> briefs/bad.md:7:5");
    assert_eq!(run.stderr.matches("error[").count(), 4, "{}", run.stderr);

    // The list of headings a link could name says how many it leaves out.
    let many: String = (1..=11)
        .map(|n| format!("## Section {n}\n\nText.\n\n"))
        .collect();
    site.brief("many", "2024-01-01", "[soft-power]", "", &many);
    site.brief(
        "bad",
        "2024-01-02",
        "[soft-power]",
        "",
        "See [[many#zzzzzzzz]].",
    );
    check(&site).expect_stderr(
        "headings of `many`: `#section-1`, `#section-2`, `#section-3`, `#section-4`, `#section-5`, `#section-6`, `#section-7`, `#section-8`, and 3 more",
    );

    site.brief(
        "bad",
        "yesterday",
        "[soft-power]",
        "draft: true\n",
        "See [this](nowhere.md).",
    );
    let run = site.run(&["check"]).expect_success();
    assert!(!run.stderr.contains("nowhere"), "{}", run.stderr);
}

/// A footnote cited but never written shows its brackets to the reader, one written
/// twice shows only its first text, one never cited is not shown: each is reported
/// where it is written, with all the others.
#[test]
fn footnotes_cited_without_a_note_written_twice_or_never_cited_are_reported() {
    let site = SiteTest::new();
    site.brief(
        "notes",
        "2024-01-01",
        "[soft-power]",
        "",
        "One.[^a] Two.[^missing] Code `[^code]`, escaped \\[^escaped].\n\n\
         [^a]: First.\n\n[^a]: Second.\n\n[^unused]: Never cited.\n",
    );
    let run = check(&site)
        .expect_stderr("error[E-broken-footnote]: `[^missing]` cites a note that is not defined")
        .expect_stderr("--> briefs/notes.md:7:14")
        .expect_stderr("error[E-duplicate-footnote]: the note `[^a]` is defined twice")
        .expect_stderr("--> briefs/notes.md:11:1")
        .expect_stderr("warning[W-unused-footnote]: the note `[^unused]` is never cited")
        .expect_stderr("--> briefs/notes.md:13:1");
    assert_eq!(run.stderr.matches("error[").count(), 2, "{}", run.stderr);
    assert!(!run.stderr.contains("`[^code]` cites"), "{}", run.stderr);
    assert!(!run.stderr.contains("`[^escaped]` cites"), "{}", run.stderr);
}

/// A summary, key finding or recommendation is shown as text (in cards and feeds too):
/// a link written in one would be lost without a word, so each is a warning at its
/// place, and the build goes on.
#[test]
fn links_in_summaries_and_findings_are_warned_about() {
    let site = SiteTest::new();
    site.brief("other", "2024-01-01", "[soft-power]", "", "Text.");
    site.file(
        "briefs/a.md",
        "---\ntitle: A\ndate: 2024-01-02\nsummary: \"Builds on [the other](other.md).\"\n\
         topics: [soft-power]\nkey_findings:\n  - \"Plain.\"\n  - \"See <https://example.org>.\"\n\
         recommendations: [\"Read ![a map](map.png)\"]\n---\nText.\n",
    );
    let run = site.run(&["build", "--no-pdf"]).expect_success();
    for expected in [
        "warning[W-link-not-shown]: a link in `summary` is shown as its text only",
        "--> briefs/a.md:4:11",
        "warning[W-link-not-shown]: a link in `key_findings` is shown as its text only",
        "--> briefs/a.md:8:6",
        "warning[W-link-not-shown]: a link in `recommendations` is shown as its text only",
        "--> briefs/a.md:9:20",
    ] {
        assert!(
            run.stderr.contains(expected),
            "{expected} not in {}",
            run.stderr
        );
    }
    assert_eq!(run.stderr.matches("warning[").count(), 3, "{}", run.stderr);

    // A wiki link, and a note reference, which only the text can make.
    site.file(
        "briefs/a.md",
        "---\ntitle: A\ndate: 2024-01-02\nsummary: \"See [[other]] first.\"\n\
         topics: [soft-power]\nkey_findings:\n  - \"A finding with a note[^1].\"\n  - \"Costs [^ 2] and [^].\"\n\
         ---\nText.[^1]\n\n[^1]: Note.\n",
    );
    let run = site.run(&["build", "--no-pdf"]).expect_success();
    for expected in [
        "warning[W-link-not-shown]: a link in `summary` is shown as its text only",
        "--> briefs/a.md:4:11",
        "warning[W-link-not-shown]: a note reference in `key_findings` is shown as written (`[^…]`)",
        "--> briefs/a.md:7:6",
    ] {
        assert!(
            run.stderr.contains(expected),
            "{expected} not in {}",
            run.stderr
        );
    }
    assert_eq!(run.stderr.matches("warning[").count(), 2, "{}", run.stderr);

    // A citation, which only the text can make (its references are the text's); text
    // that is no citation (`[see @x]`) is not one.
    site.file("site/references.bib", "@book{nye, author = {Nye, Joseph S.}, title = {Soft Power}, publisher = {P}, year = {2004}}\n");
    site.file(
        "briefs/a.md",
        "---\ntitle: A\ndate: 2024-01-02\nsummary: \"As argued [@nye].\"\n\
         topics: [soft-power]\nrecommendations:\n  - \"Read it [see @nye].\"\n  - \"Read [@nye, p. 9].\"\n\
         ---\nText [@nye].\n",
    );
    let run = site.run(&["build", "--no-pdf"]).expect_success();
    for expected in [
        "warning[W-link-not-shown]: a citation in `summary` is shown as written (`[@…]`)",
        "--> briefs/a.md:4:11",
        "warning[W-link-not-shown]: a citation in `recommendations` is shown as written (`[@…]`)",
        "--> briefs/a.md:8:6",
    ] {
        assert!(
            run.stderr.contains(expected),
            "{expected} not in {}",
            run.stderr
        );
    }
    assert_eq!(run.stderr.matches("warning[").count(), 2, "{}", run.stderr);
}

/// `authors:` may name one author without a list (`authors: ana`, or one guest as a
/// mapping); a problem with that one author is shown where it is written, not at the
/// top of the file.
#[test]
fn a_single_author_without_a_list_is_located() {
    let site = SiteTest::new();
    site.brief(
        "guest",
        "2024-01-01",
        "[soft-power]",
        "authors:\n  name: Ann Lee\n  organisation: Institute\n",
        "Body.",
    );
    site.brief(
        "unknown",
        "2024-01-01",
        "[soft-power]",
        "authors: zed\n",
        "Body.",
    );
    let place = |slug: &str, written: &str| {
        let file = fs::read_to_string(site.root().join(format!("briefs/{slug}.md"))).unwrap();
        let (number, line) = file
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(written))
            .unwrap();
        let column = line.find(written).unwrap() + 1;
        format!("--> briefs/{slug}.md:{}:{column}", number + 1)
    };
    let run = check(&site)
        .expect_stderr("unknown field `organisation` of a guest author")
        .expect_stderr(&place("guest", "organisation"))
        .expect_stderr("unknown author `zed`")
        .expect_stderr(&place("unknown", "zed"));
    assert!(!run.stderr.contains(".md:1:1"), "{}", run.stderr);
}

/// A mapping where a list is expected is one error at the field, not also "empty".
#[test]
fn topics_written_as_a_mapping_is_one_error() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "\n  soft-power: x", "", "Body.");
    let run = check(&site)
        .expect_stderr("error[E-wrong-type]: `topics` must be a list of texts")
        .expect_stderr("--> briefs/a.md:5:1");
    assert_eq!(run.stderr.matches("error[").count(), 1, "{}", run.stderr);
}

/// Every problem code the source can report is in the README's table of codes, which
/// editors and CI scripts read as the stable list (`--format json`'s `code`).
#[test]
fn every_problem_code_is_in_the_readme_table() {
    fn rust_files(folder: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut codes = std::collections::BTreeSet::new();
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        // A code is a whole string literal: `"E-broken-link"`.
        for (at, _) in text.match_indices('"') {
            let rest = &text[at + 1..];
            let Some(end) = rest.find('"') else { continue };
            let literal = &rest[..end];
            let name = ["E-", "W-", "N-"]
                .iter()
                .find_map(|kind| literal.strip_prefix(kind));
            let is_code = name.is_some_and(|name| {
                name.starts_with(|c: char| c.is_ascii_lowercase())
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            });
            if is_code {
                codes.insert(literal.to_string());
            }
        }
    }
    assert!(codes.contains("E-broken-link"), "{codes:?}");
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let table: Vec<&str> = readme.lines().filter(|l| l.starts_with("| `")).collect();
    let missing: Vec<&String> = codes
        .iter()
        .filter(|code| !table.iter().any(|row| row.contains(&format!("`{code}`"))))
        .collect();
    assert!(
        missing.is_empty(),
        "not in the README's table of codes: {missing:?}"
    );
}

/// Only `.md` files are briefs and pages; one saved as `.markdown`, `.mdown` or with an
/// upper-case `.MD` (as Hugo and some editors write them) was skipped without a word.
#[test]
fn a_markdown_file_not_named_md_is_a_warning() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "soft-power", "", "Body.");
    let text = fs::read_to_string(site.root().join("briefs/a.md")).expect("brief");
    site.file("briefs/b.markdown", &text);
    site.file("briefs/Upper.MD", &text);
    site.file("site/pages/about.mdown", "---\ntitle: About\n---\nText.\n");
    site.file("briefs/notes.txt", "Not Markdown.");
    let run = site.run(&["build"]).expect_success();
    assert_eq!(run.stderr.matches("W-not-md").count(), 3, "{}", run.stderr);
    run.expect_stderr(
        "warning[W-not-md]: `briefs/b.markdown` is not read: only `.md` files are briefs",
    )
    .expect_stderr("help: rename it to `b.md`")
    .expect_stderr("`briefs/Upper.MD` is not read")
    .expect_stderr("help: rename it to `Upper.md`")
    .expect_stderr("`site/pages/about.mdown` is not read: only `.md` files are pages")
    .expect_stderr("--> site/pages/about.mdown");
}

/// YAML aliases that expand without end (a "billion laughs" in a contributed brief) stop
/// at a limit, with an error that names them instead of indentation and quoting.
#[test]
fn aliases_expanding_without_end_are_an_error_that_names_them() {
    let site = SiteTest::new();
    let mut front = String::from(
        "---\ntitle: Laughs\nsummary: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for (name, previous) in [
        ("b", "a"),
        ("c", "b"),
        ("d", "c"),
        ("e", "d"),
        ("f", "e"),
        ("g", "f"),
        ("h", "g"),
        ("i", "h"),
    ] {
        front.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{previous}"); 9].join(", ")
        ));
    }
    front.push_str("date: 2024-01-01\ntopics: [soft-power]\n---\nBody.\n");
    site.file("briefs/a.md", &front);
    check(&site)
        .expect_stderr("error[E-yaml]: invalid YAML in front matter: repetition limit exceeded")
        .expect_stderr(
            "help: aliases (`*name`) here repeat their anchors (`&name`) too many times",
        );
}

/// A theme the site does not have is one error, at `theme:`, with the closest theme
/// the site has; not one more for each template it would have given.
#[test]
fn a_misspelled_theme_is_one_error_at_its_line() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.")
        .file("themes/institute/templates/.keep", "")
        .file(
            "site/config.yaml",
            &format!("{}theme: institue\n", common::CONFIG),
        );
    let line = common::CONFIG.lines().count() + 1;
    let run = site
        .run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-theme-missing]: theme `institue` not found")
        .expect_stderr(&format!("--> site/config.yaml:{line}:8"))
        .expect_stderr("did you mean `institute`?");
    assert_eq!(run.stderr.matches("error[").count(), 1, "{}", run.stderr);
}

/// A standalone page whose front matter fails has its links checked all the same, as
/// a brief's are: every problem of the page in one run; a link to it is not reported
/// as well (its own errors are).
#[test]
fn a_page_with_a_front_matter_error_still_has_its_links_checked() {
    let site = SiteTest::new();
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "See [the method](methodology.md).",
    )
    .file(
        "site/pages/methodology.md",
        "---\ntitle: Methodology\ncolour: red\n---\nSee [[no-such-brief]].\n",
    );
    let run = site
        .run(&["check"])
        .expect_failure(1)
        .expect_stderr("error[E-unknown-key]")
        .expect_stderr("--> site/pages/methodology.md:3:1")
        .expect_stderr("link to unknown brief or page `no-such-brief`")
        .expect_stderr("--> site/pages/methodology.md:5:5");
    assert!(!run.stderr.contains("briefs/a.md"), "{}", run.stderr);
}

/// A static file whose name holds a tab, a line break or a backslash cannot be
/// published under its name (no web address holds a control character; web servers,
/// S3 and git read names in other ways): the build refuses it at the file, showing the
/// name escaped, and every deploy target gets the same site.
#[test]
fn a_static_file_name_no_web_address_can_hold() {
    let site = SiteTest::new();
    site.file("site/static/odd/tab\there.txt", "x")
        .file("site/static/odd/line\nbreak.txt", "x")
        .file("site/static/odd/back\\slash.txt", "x")
        .file("site/static/odd/fine name (1).txt", "x");
    let run = check(&site);
    for expected in [
        "error[E-unsafe-path]: the name `odd/tab\\there.txt` holds a tab",
        "error[E-unsafe-path]: the name `odd/line\\nbreak.txt` holds a line break",
        "error[E-unsafe-path]: the name `odd/back\\\\slash.txt` holds a backslash",
        "help: rename the file",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?}:\n{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("fine name"), "{}", run.stderr);
}

/// A `site/templates/components.html` without a component the theme's templates call
/// is reported at that file, once per component, naming the templates that call it;
/// it was reported at each call, in the built-in theme's templates
/// (`themes/default/templates/term.html`), files the site does not have.
#[test]
fn a_site_components_file_missing_a_component_is_reported_at_that_file() {
    let theme = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/themes/default/templates/components.html"
    ))
    .unwrap();
    // Left out: `pagination` (called as `<pagination />`) and `site_footer` (rendered
    // with `once`, which Tera checks only while rendering).
    let mut partial = theme.clone();
    for name in ["pagination", "site_footer"] {
        let start = partial.find(&format!("{{% component {name}(")).unwrap();
        let end_tag = format!("endcomponent {name} %}}");
        let end = partial.find(&end_tag).unwrap() + end_tag.len();
        partial.replace_range(start..end, "");
    }
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.")
        .file("site/templates/components.html", &partial);
    let run = check(&site)
        .expect_stderr("error[E-template-missing]: `site/templates/components.html` has no component `pagination`, which the theme's `components.html` had and `briefs.html`, `intersection.html`, `term.html` call")
        .expect_stderr("has no component `site_footer`, which the theme's `components.html` had and `base.html` calls")
        .expect_stderr("--> site/templates/components.html:1:1")
        .expect_stderr("copy `{% component pagination(...) %}...{% endcomponent pagination %}` from the theme's `components.html`");
    assert!(!run.stderr.contains("--> themes/"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("error[").count(), 2, "{}", run.stderr);
}
