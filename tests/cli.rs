//! The command line: init, new, check, exit codes.

mod common;

use std::fs;

use common::SiteTest;

#[test]
fn init_makes_a_site_that_builds_with_working_pages() {
    let site = SiteTest::new();
    fs::remove_dir_all(site.root().join("site")).unwrap();
    site.run(&["init", "fresh"]).expect_success();
    let fresh = site.root().join("fresh");
    let run = site.run(&["build", "--root", "fresh"]).expect_success();
    assert!(run.stdout.contains("built 1 brief,"), "{}", run.stdout);
    let brief = fs::read_to_string(fresh.join("public/briefs/welcome/index.html")).unwrap();
    assert!(brief.contains("Welcome to Statecraft"));
    assert!(
        brief.contains("href=\"/about/\""),
        "the example's link to about.md resolves"
    );
    let stylesheet = common::attribute_values(&brief, "href")
        .into_iter()
        .find(|h| h.ends_with(".css"))
        .expect("a stylesheet link");
    assert!(
        stylesheet.starts_with("/style.") && fresh.join("public").join(&stylesheet[1..]).is_file(),
        "the bundled theme's CSS is written under a fingerprinted name: {stylesheet}"
    );
    assert!(fresh.join("public/topics/economy/index.html").exists());
    // The configuration it writes shows every setting of the site's own, commented.
    let config = fs::read_to_string(fresh.join("site/config.yaml")).unwrap();
    for key in [
        "# types:",
        "# logo:",
        "# favicon:",
        "# colors:",
        "# typography:",
        "# social:",
        "# newsletter:",
        "# license:",
        "# disclaimer:",
        "# menus:",
        "# analytics:",
        "# extra:",
        "role:",
        "# orcid:",
    ] {
        assert!(config.contains(key), "{key} in\n{config}");
    }
    assert!(
        !config.contains("soft-power"),
        "neutral examples, not the sample's topics"
    );
    // Every key of the README's configuration reference, as it says.
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let reference = readme
        .split("## Configuration: `site/config.yaml`")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap();
    for line in reference.lines().filter(|l| l.starts_with("| `")) {
        let cell = line.split('|').nth(1).unwrap();
        for key in cell.split('`').skip(1).step_by(2) {
            for part in key.split('.') {
                assert!(
                    config.contains(&format!("{part}:")),
                    "`{key}` missing in\n{config}"
                );
            }
        }
    }
}

#[test]
fn init_never_overwrites() {
    let site = SiteTest::new();
    let before = fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.run(&["init", "."])
        .expect_failure(2)
        .expect_stderr("already exists");
    assert_eq!(
        fs::read_to_string(site.root().join("site/config.yaml")).unwrap(),
        before
    );
    assert!(
        !site.root().join("briefs/welcome.md").exists(),
        "nothing written when refusing"
    );
}

#[test]
fn new_writes_a_draft_with_todays_date_and_the_declared_topics() {
    let site = SiteTest::new();
    let run = site
        .run(&["new", "Japan's Energy Security"])
        .expect_success();
    assert!(
        run.stdout.contains("briefs/japans-energy-security.md"),
        "{}",
        run.stdout
    );
    let text = fs::read_to_string(site.root().join("briefs/japans-energy-security.md")).unwrap();
    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    assert!(text.contains(&format!("date: {today}")), "{text}");
    assert!(text.contains("title: \"Japan's Energy Security\""));
    assert!(text.contains(
        "soft-power (Soft power), hard-power (Hard power), alliance-dynamics (Alliance dynamics)"
    ));
    // The new draft is valid: it builds with --drafts (a preview, in its own folder).
    site.run(&["build", "--drafts", "--out", "public"])
        .expect_success();
    assert!(site.exists("briefs/japans-energy-security/index.html"));

    fs::write(
        site.root().join("briefs/japans-energy-security.md"),
        "edited",
    )
    .unwrap();
    site.run(&["new", "Japan's Energy Security"])
        .expect_failure(2)
        .expect_stderr("already exists");
    assert_eq!(
        fs::read_to_string(site.root().join("briefs/japans-energy-security.md")).unwrap(),
        "edited"
    );
}

#[test]
fn new_refuses_a_slug_a_bundle_or_another_briefs_slug_field_holds() {
    let site = SiteTest::new();
    site.file(
        "briefs/energy-outlook/index.md",
        "---\ntitle: \"Outlook\"\ndate: 2024-01-01\nsummary: \"A bundle.\"\ntopics: [soft-power]\n---\nText.\n",
    );
    site.brief(
        "renamed",
        "2024-01-02",
        "[soft-power]",
        "slug: water-policy\n",
        "Text.",
    );
    site.build();
    for (title, slug, holder) in [
        (
            "Energy Outlook",
            "energy-outlook",
            "briefs/energy-outlook/index.md",
        ),
        ("Water Policy", "water-policy", "briefs/renamed.md"),
    ] {
        site.run(&["new", title])
            .expect_failure(2)
            .expect_stderr(holder)
            .expect_stderr(&format!("`{slug}`"));
        assert!(!site.root().join(format!("briefs/{slug}.md")).exists());
    }
    // Nothing was written: the site still builds.
    site.build();
}

#[test]
fn a_missing_config_says_how_to_create_one() {
    let site = SiteTest::new();
    fs::remove_file(site.root().join("site/config.yaml")).unwrap();
    site.run(&["build"])
        .expect_failure(2)
        .expect_stderr("error[E-no-config]")
        .expect_stderr("statecraft init");
}

#[test]
fn check_writes_nothing_and_reports_counts() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "See [[b]].")
        .brief("b", "2024-01-02", "[soft-power]", "", "Body.");
    let run = site.run(&["check"]).expect_success();
    assert!(run.stdout.contains("checked 2 briefs"), "{}", run.stdout);
    assert!(run.stdout.contains(" 1 link (0 broken)"), "{}", run.stdout);
    assert!(!site.out("").exists());
}

#[test]
fn content_problems_exit_1_usage_problems_exit_2() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-powr]", "", "Body.");
    site.run(&["check"]).expect_failure(1);
    site.run(&["build", "--no-such-flag"]).expect_failure(2);
    // A flag's value is the user's typing, not the site's content.
    for command in ["build", "serve", "deploy"] {
        site.run(&[command, "--base-url", "example.org/x"])
            .expect_failure(2)
            .expect_stderr("'--base-url <URL>': `example.org/x` is not an absolute URL");
    }
}

#[test]
fn every_command_explains_itself_with_examples() {
    let site = SiteTest::new();
    for command in ["build", "check", "init", "new"] {
        let run = site.run(&[command, "--help"]).expect_success();
        assert!(
            run.stdout.contains("Example"),
            "{command} --help has no example:\n{}",
            run.stdout
        );
    }
}

/// `statecraft check 2>&1 | head -1` on a site with many problems: the reader goes
/// away after the first line, and the exit code still says what the build found.
#[test]
fn a_reader_that_goes_away_ends_no_run_in_a_panic() {
    use std::process::{Command, Stdio};
    let site = SiteTest::new();
    for i in 0..300 {
        site.brief(
            &format!("b{i}"),
            "2024-01-01",
            "[no-such-topic]",
            "",
            "Body.",
        );
    }
    for format in ["text", "json"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_statecraft"))
            .args(["check", "--format", format])
            .current_dir(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Nobody reads: both pipes are closed before the first line.
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(1), "--format {format}");
    }
}

/// A port another program holds is an error that says so and what to do, before any
/// build.
#[test]
fn serve_on_a_port_in_use_says_what_to_do() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body.");
    let holder = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = holder.local_addr().expect("address").port();
    site.run(&["serve", "--port", &port.to_string()])
        .expect_failure(2)
        .expect_stderr(&format!("error: cannot listen on 127.0.0.1:{port}"))
        .expect_stderr(&format!(
            "uses port {port}: stop it or choose another with --port {}",
            port + 1
        ));
}
