//! `statecraft import`: archives written here (tests/fixtures/import/) become sites
//! that build, redirect every old URL and have no dangling link.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{differing_files, files_under};
use tempfile::TempDir;

const WXR: &str = "tests/fixtures/import/wordpress.xml";
/// A copy of the old site's `wp-content/uploads` holding only the featured picture.
const WXR_UPLOADS: &str = "tests/fixtures/import/wordpress-uploads";
const TANKER: &str = "https://old.example.org/wp-content/uploads/2023/05/lng-tanker.png";
const HUGO: &str = "tests/fixtures/import/hugo";

/// Runs the binary in `dir` with `args`; returns (exit code, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run statecraft");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn fixture(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

/// Imports with `args` (after `import`) into `tmp/site`; returns the site folder.
fn import(tmp: &TempDir, args: &[&str]) -> PathBuf {
    let site = tmp.path().join("site");
    let site_arg = site.display().to_string();
    let mut all: Vec<&str> = vec!["import"];
    all.extend(args);
    all.push(&site_arg);
    let (code, stdout, stderr) = run(tmp.path(), &all);
    assert_eq!(code, 0, "import failed\n{stdout}\n{stderr}");
    site
}

fn read(site: &Path, path: &str) -> String {
    fs::read_to_string(site.join(path)).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Builds the site; fails on any error, returns stderr (the warnings).
fn build(site: &Path) -> String {
    let (code, stdout, stderr) = run(site, &["build"]);
    assert_eq!(
        code, 0,
        "the imported site does not build\n{stdout}\n{stderr}"
    );
    stderr
}

/// lychee, a link checker we did not write, crawls the output offline: no internal
/// link or anchor may dangle.
fn assert_no_dangling_link(public: &Path) {
    let output = Command::new("lychee")
        .args(["--offline", "--include-fragments", "--no-progress"])
        .args(["--index-files", "index.html"])
        .arg("--root-dir")
        .arg(public)
        .arg(public)
        .output()
        .expect("run lychee (`cargo install lychee --locked`, see README)");
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "lychee found dangling links:\n{report}"
    );
    assert!(
        report.contains("🚫 0 Errors") || report.contains("0 Errors"),
        "{report}"
    );
}

/// The old address `path` redirects to `target` (a site path).
fn assert_redirects(public: &Path, path: &str, target: &str) {
    let file = public.join(path.trim_start_matches('/')).join("index.html");
    let html = fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("no redirect page for {path} ({}): {e}", file.display()));
    assert!(
        html.contains(&format!(
            "<meta http-equiv=\"refresh\" content=\"0; url={target}\">"
        )),
        "{path} does not redirect to {target}:\n{html}"
    );
}

#[test]
fn a_wordpress_export_becomes_a_site_that_builds_and_keeps_every_old_url() {
    let tmp = tempfile::tempdir().unwrap();
    let site = import(&tmp, &["wordpress", &fixture(WXR)]);

    // Posts and pages, with their metadata.
    let lng = read(&site, "briefs/japans-lng-bet.md");
    assert!(
        lng.contains("title: \"Japan\u{2019}s LNG Bet \u{2014} Sakhalin After 2022\"\n"),
        "{lng}"
    );
    assert!(lng.contains("date: 2023-05-02T09:30:00+09:00\n"), "{lng}");
    assert!(
        lng.contains("summary: \"Why Tokyo stayed in Sakhalin-2 & what it costs.\"\n"),
        "{lng}"
    );
    assert!(
        lng.contains("topics: [\"energy-security\"]\nauthors: [\"emarkova\"]\ntags: [\"LNG\"]\n"),
        "{lng}"
    );
    assert!(
        lng.contains("aliases: [\"/2023/05/japans-lng-bet/\", \"/2023/05/lng-bet-draft/\"]"),
        "{lng}"
    );
    // Block-editor markup gone, the body in Markdown, links between posts by slug.
    assert!(!lng.contains("wp:"), "{lng}");
    assert!(lng.contains("Tokyo kept its stakes in **Sakhalin-2** when others left. See [the Kuril stalemate](kuril-stalemate.md#history)"), "{lng}");
    assert!(lng.contains("## Imports by source {#imports}"), "{lng}");
    // A captioned image is a figure (caption, alt text), an embedded video the theme's
    // video component.
    assert!(lng.contains("![Japan\u{2019}s LNG imports, 2021\u{2013}2022](https://old.example.org/wp-content/uploads/2023/05/lng-imports.png){alt=\"LNG imports by source\"}"), "{lng}");
    assert!(lng.contains("| Year | Share |"), "{lng}");
    assert!(
        lng.contains(
            "{{< video provider=\"youtube\" id=\"abc123\" title=\"YouTube video abc123\" >}}"
        ),
        "{lng}"
    );

    // A classic-editor post with no excerpt: its first paragraph is the summary; every
    // WordPress shortcode converted, a plugin's left for a person.
    let kuril = read(&site, "briefs/kuril-stalemate.md");
    assert!(kuril.contains("summary: \"Classic editor text, with no excerpt. A second line of the first paragraph.\""), "{kuril}");
    // `[caption]` around a thumbnail linked to its full-size file: a figure of the
    // full-size file.
    assert!(kuril.contains("![The four islands and the median line](https://old.example.org/wp-content/uploads/2022/11/map.jpg){alt=\"Map of the islands\"}"), "{kuril}");
    assert!(
        kuril.contains(
            "{{< video provider=\"youtube\" id=\"xyz789\" title=\"YouTube video xyz789\" >}}"
        ),
        "{kuril}"
    );
    assert!(
        kuril.contains("{{< video provider=\"vimeo\" id=\"12345\" title=\"Vimeo video 12345\" >}}"),
        "{kuril}"
    );
    assert!(kuril.contains("<audio controls=\"\" src=\"https://old.example.org/wp-content/uploads/2022/11/interview.mp3\"></audio>"), "{kuril}");
    assert!(kuril.contains("<video controls=\"\" src="), "{kuril}");
    assert!(!kuril.contains("trackReader"), "{kuril}");
    assert!(kuril.contains("date: 2022-11-20T18:00:00+09:00"), "{kuril}");

    // Non-ASCII titles and slugs; a draft; a private post as a draft.
    let arctic = read(&site, "briefs/северный-путь.md");
    assert!(
        arctic.contains("title: \"Северный морской путь: итоги года\""),
        "{arctic}"
    );
    assert!(
        arctic.contains("aliases: [\"/2023/01/северный-путь/\"]"),
        "{arctic}"
    );
    assert!(read(&site, "briefs/日本の北極政策.md").contains("draft: true"));
    assert!(read(&site, "briefs/budget-lines.md").contains("draft: true"));
    assert!(!site.join("briefs/deleted-post__trashed.md").exists());

    // Pages, the nested one redirecting from its old address.
    assert!(read(&site, "site/pages/team.md").contains("aliases: [\"/about/team/\"]"));
    assert!(read(&site, "site/pages/team.md").contains("[About us](/about/)"));

    // The registry, the topics and the mapping to review.
    let config = read(&site, "site/config.yaml");
    assert!(
        config.contains("base_url: \"https://old.example.org/\""),
        "{config}"
    );
    assert!(config.contains("  - slug: \"energy-security\"\n    title: \"Energy & Security\"\n    description: \"Oil, gas and the Arctic.\""), "{config}");
    assert!(
        config.contains("  - id: \"k-tanaka\"\n    name: \"Kenji Tanaka\""),
        "{config}"
    );
    // A percent-encoded non-ASCII category slug, decoded.
    assert!(
        config.contains("  - slug: \"арктика\"\n    title: \"Арктика\""),
        "{config}"
    );
    let mapping = read(&site, "import/taxonomy.yaml");
    assert!(mapping.contains("  - name: \"Territorial Disputes\"\n    slug: \"territorial-disputes\"\n    posts: 1\n    to: topic\n    as: \"territorial-disputes\""), "{mapping}");

    // The report: counts, and what needs a person at its line.
    let report = read(&site, "import/report.md");
    assert!(report.contains("| posts → briefs | 3 |"), "{report}");
    assert!(
        report.contains("| private posts → drafts | 1 |"),
        "{report}"
    );
    assert!(
        report.contains("| [gallery] shortcodes converted | 1 |"),
        "{report}"
    );
    assert!(
        report.contains("- `briefs/kuril-stalemate.md:27`: shortcode `[contact-form-7]`"),
        "{report}"
    );
    assert!(
        report.contains("2 approved comment(s) on 2 post(s)"),
        "{report}"
    );
    assert!(
        report.contains("1 posts with status `trash` (left out)"),
        "{report}"
    );
    // Old addresses no page keeps are counted, not forgotten.
    assert!(report.contains("attachment page(s)"), "{report}");
    assert!(
        report.contains("categor(y/ies) and") && report.contains("`/category/<slug>/`"),
        "{report}"
    );
    let media = read(&site, "import/media.tsv");
    assert!(media.contains("https://old.example.org/wp-content/uploads/2022/11/map.jpg\tsite/static/media/2022/11/map.jpg\n"), "{media}");

    // The site builds; every old URL redirects; nothing dangles.
    let warnings = build(&site);
    assert!(!warnings.contains("error"), "{warnings}");
    let public = site.join("public");
    assert_redirects(
        &public,
        "/2023/05/japans-lng-bet/",
        "/briefs/japans-lng-bet/",
    );
    assert_redirects(
        &public,
        "/2023/05/lng-bet-draft/",
        "/briefs/japans-lng-bet/",
    );
    assert_redirects(
        &public,
        "/2022/11/kuril-stalemate/",
        "/briefs/kuril-stalemate/",
    );
    assert_redirects(&public, "/2023/01/северный-путь/", "/briefs/северный-путь/");
    assert_redirects(&public, "/about/team/", "/team/");
    assert!(public.join("about/index.html").exists());
    let kuril_page = fs::read_to_string(public.join("briefs/japans-lng-bet/index.html")).unwrap();
    assert!(
        kuril_page.contains("href=\"/briefs/kuril-stalemate/#history\""),
        "{kuril_page}"
    );
    assert_no_dangling_link(&public);
}

#[test]
fn importing_twice_gives_the_same_files_and_never_touches_the_source() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("export.xml");
    fs::copy(fixture(WXR), &source).unwrap();
    let before = fs::read(&source).unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    for dir in [&a, &b] {
        let (code, _, stderr) = run(
            tmp.path(),
            &[
                "import",
                "wordpress",
                "export.xml",
                &dir.display().to_string(),
            ],
        );
        assert_eq!(code, 0, "{stderr}");
    }
    assert!(!files_under(&a).is_empty());
    assert_eq!(differing_files(&a, &b), Vec::<String>::new());
    assert_eq!(fs::read(&source).unwrap(), before);
    assert_eq!(
        fs::read_dir(tmp.path()).unwrap().count(),
        3,
        "the import wrote beside its source"
    );
}

#[test]
fn an_import_never_writes_into_a_folder_that_has_files() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    fs::create_dir_all(&site).unwrap();
    fs::write(site.join("notes.md"), "mine").unwrap();
    let (code, _, stderr) = run(tmp.path(), &["import", "wordpress", &fixture(WXR), "site"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("is not empty: an import never writes over an existing site"),
        "{stderr}"
    );
    assert_eq!(files_under(&site), ["notes.md"]);
    assert_eq!(fs::read_to_string(site.join("notes.md")).unwrap(), "mine");

    let (code, _, stderr) = run(tmp.path(), &["import", "wordpress", "missing.xml", "other"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("cannot read `missing.xml`"), "{stderr}");
    assert!(!tmp.path().join("other").exists());
}

#[test]
fn media_from_a_local_uploads_copy_are_placed_in_the_site_and_rewritten() {
    let tmp = tempfile::tempdir().unwrap();
    let uploads = tmp.path().join("uploads");
    for file in [
        "2023/05/lng-imports.png",
        "2022/11/map.jpg",
        "2022/11/map-300x200.jpg",
    ] {
        let path = uploads.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, format!("image {file}")).unwrap();
    }
    // A link in the copy to a file outside it is not the old site's file: never copied
    // into the site (whose build would then publish it), only listed for download.
    let outside = tmp.path().join("secret.txt");
    fs::write(&outside, "SECRET").unwrap();
    std::os::unix::fs::symlink(&outside, uploads.join("2022/11/interview.mp3")).unwrap();
    let site = import(&tmp, &["wordpress", &fixture(WXR), "--media", "uploads"]);
    assert!(!site
        .join("site/static/media/2022/11/interview.mp3")
        .exists());
    let lng = read(&site, "briefs/japans-lng-bet.md");
    assert!(
        lng.contains("](/media/2023/05/lng-imports.png){alt=\"LNG imports by source\"}"),
        "{lng}"
    );
    assert_eq!(
        read(&site, "site/static/media/2022/11/map.jpg"),
        "image 2022/11/map.jpg"
    );
    // What the copy lacks is still listed, with a script to fetch it.
    let media = read(&site, "import/media.tsv");
    assert!(media.contains("2022/11/interview.mp3"), "{media}");
    assert!(!media.contains("map.jpg"), "{media}");
    let script = read(&site, "import/download-media.sh");
    assert!(script.contains("curl -fsSL --create-dirs -o 'media/2022/11/interview.mp3' 'https://old.example.org/wp-content/uploads/2022/11/interview.mp3'"), "{script}");

    build(&site);
    let page = fs::read_to_string(site.join("public/briefs/japans-lng-bet/index.html")).unwrap();
    assert!(
        page.contains("<img src=\"/media/2023/05/lng-imports.png\" alt=\"LNG imports by source\">"),
        "{page}"
    );
    assert_no_dangling_link(&site.join("public"));
}

#[test]
fn a_featured_image_is_copied_beside_the_brief_as_its_picture() {
    let tmp = tempfile::tempdir().unwrap();
    let site = import(
        &tmp,
        &["wordpress", &fixture(WXR), "--media", &fixture(WXR_UPLOADS)],
    );
    let picture = fs::read(fixture(&format!("{WXR_UPLOADS}/2023/05/lng-tanker.png"))).unwrap();
    let lng = read(&site, "briefs/japans-lng-bet.md");
    assert!(
        lng.contains("\nimage: \"files/2023/05/lng-tanker.png\"\n"),
        "{lng}"
    );
    assert_eq!(
        fs::read(site.join("briefs/files/2023/05/lng-tanker.png")).unwrap(),
        picture
    );
    let media = read(&site, "import/media.tsv");
    assert!(!media.contains("lng-tanker"), "{media}");
    // A page has no picture: its featured image is reported, not converted.
    assert!(!read(&site, "site/pages/about.md").contains("image:"));
    let report = read(&site, "import/report.md");
    assert!(
        report.contains("| featured images → `image:` | 1 |"),
        "{report}"
    );
    let page_line = report
        .lines()
        .find(|l| l.contains("site/pages/about.md") && l.contains("featured image"))
        .unwrap_or_else(|| panic!("the page's featured image is not reported:\n{report}"));
    assert!(
        page_line.starts_with("- ") && page_line.contains(TANKER),
        "{report}"
    );

    // The picture is the brief's og:image, published beside its page.
    build(&site);
    let public = site.join("public");
    let page = fs::read_to_string(public.join("briefs/japans-lng-bet/index.html")).unwrap();
    assert!(
        page.contains("<meta property=\"og:image\" content=\"https://old.example.org/briefs/japans-lng-bet/lng-tanker.png\">"),
        "{page}"
    );
    assert_eq!(
        fs::read(public.join("briefs/japans-lng-bet/lng-tanker.png")).unwrap(),
        picture
    );
    assert!(!public.join("briefs/japans-lng-bet/card.png").exists());
    assert_no_dangling_link(&public);
}

#[test]
fn a_featured_image_not_copied_is_listed_where_the_next_import_attaches_it() {
    let tmp = tempfile::tempdir().unwrap();
    let site = import(&tmp, &["wordpress", &fixture(WXR)]);
    // Not in the site yet: no `image:` naming a missing file, so the site builds.
    let lng = read(&site, "briefs/japans-lng-bet.md");
    assert!(!lng.contains("image:"), "{lng}");
    let media = read(&site, "import/media.tsv");
    assert!(
        media.contains(&format!("{TANKER}\tbriefs/files/2023/05/lng-tanker.png\n")),
        "{media}"
    );
    let report = read(&site, "import/report.md");
    assert!(
        report.contains("| featured images listed for download"),
        "{report}"
    );
    build(&site);

    // The script downloads it where `--media` finds it: imported again with what it
    // downloaded, the brief has its picture.
    let script = read(&site, "import/download-media.sh");
    let line = script
        .lines()
        .find(|l| l.contains(TANKER))
        .unwrap_or_else(|| panic!("{script}"));
    let target = line
        .split("-o '")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("{line}"));
    let downloaded = site.join("import").join(target);
    fs::create_dir_all(downloaded.parent().unwrap()).unwrap();
    fs::copy(
        fixture(&format!("{WXR_UPLOADS}/2023/05/lng-tanker.png")),
        &downloaded,
    )
    .unwrap();
    let media_arg = site.join("import/media").display().to_string();
    let (code, stdout, stderr) = run(
        tmp.path(),
        &[
            "import",
            "wordpress",
            &fixture(WXR),
            "again",
            "--media",
            &media_arg,
        ],
    );
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let again = tmp.path().join("again");
    let lng = read(&again, "briefs/japans-lng-bet.md");
    assert!(
        lng.contains("\nimage: \"files/2023/05/lng-tanker.png\"\n"),
        "{lng}"
    );
    assert!(again.join("briefs/files/2023/05/lng-tanker.png").is_file());
    build(&again);
}

#[test]
fn a_reviewed_mapping_merges_and_drops_categories() {
    let tmp = tempfile::tempdir().unwrap();
    let first = import(&tmp, &["wordpress", &fixture(WXR)]);
    let mapping = read(&first, "import/taxonomy.yaml")
        .replace(
            "slug: \"territorial-disputes\"\n    posts: 1\n    to: topic\n    as: \"territorial-disputes\"",
            "slug: \"territorial-disputes\"\n    posts: 1\n    to: topic\n    as: \"energy-security\"",
        )
        .replace(
            "slug: \"lng\"\n    posts: 1\n    to: tag\n    as: \"LNG\"",
            "slug: \"lng\"\n    posts: 1\n    to: drop",
        );
    fs::write(tmp.path().join("mapping.yaml"), mapping).unwrap();
    let second = tmp.path().join("second");
    let (code, _, stderr) = run(
        tmp.path(),
        &[
            "import",
            "wordpress",
            &fixture(WXR),
            "second",
            "--mapping",
            "mapping.yaml",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let kuril = read(&second, "briefs/kuril-stalemate.md");
    assert!(kuril.contains("topics: [\"energy-security\"]"), "{kuril}");
    assert!(!read(&second, "briefs/japans-lng-bet.md").contains("tags:"));
    assert!(!read(&second, "site/config.yaml").contains("territorial-disputes"));
    build(&second);
}

#[test]
fn a_hugo_site_becomes_a_site_that_builds_and_keeps_every_old_url() {
    let tmp = tempfile::tempdir().unwrap();
    let source = Path::new(&fixture(HUGO)).to_path_buf();
    let snapshot = |dir: &Path| -> Vec<(String, Vec<u8>)> {
        files_under(dir)
            .into_iter()
            .map(|f| (f.clone(), fs::read(dir.join(&f)).unwrap()))
            .collect()
    };
    let before = snapshot(&source);
    let site = import(&tmp, &["hugo", &fixture(HUGO)]);

    // TOML front matter: dates, description with an entity, categories through the
    // mapping, aliases (relative ones under the page's folder) and the old URL from the
    // section's permalink pattern; ref and relref links to a bundle, with an anchor.
    let kuril = read(&site, "briefs/kuril-stalemate.md");
    assert!(
        kuril.contains("date: 2022-11-20T18:00:00+09:00\nupdated: 2022-12-01T09:00:00+09:00\n"),
        "{kuril}"
    );
    assert!(
        kuril.contains("summary: \"Why neither side moves \u{2014} and what would change that.\""),
        "{kuril}"
    );
    assert!(kuril.contains("topics: [\"territorial-disputes\"]\nauthors: [\"kenji-tanaka\"]\ntags: [\"Kuril Islands\", \"peace treaty\"]"), "{kuril}");
    assert!(
        kuril.contains(
            "aliases: [\"/2022/11/the-kuril-stalemate/\", \"/old/kuril/\", \"/2022/11/kuril-old/\"]"
        ),
        "{kuril}"
    );
    assert!(
        kuril.contains("older than the [LNG bet](lng-bet.md) and its [chart](lng-bet.md#imports)"),
        "{kuril}"
    );
    // Figure shortcodes become figures, videos the theme's video component.
    assert!(
        kuril.contains("\n![Our logo](/images/logo.png)\n"),
        "{kuril}"
    );
    assert!(
        kuril.contains("{{< video provider=\"youtube\" id=\"w7Ft2ymGmfc\" title=\"YouTube video w7Ft2ymGmfc\" >}}"),
        "{kuril}"
    );
    assert!(kuril.contains("```text\n1956 declaration\n```"), "{kuril}");
    assert!(
        kuril.contains("See [the about page](/about/) and [the old address](lng-bet.md)."),
        "{kuril}"
    );
    // Other shortcodes are component calls the site defines (the import writes a
    // stand-in showing the body), listed for a person; shortcodes in code are text.
    assert!(
        kuril.contains(
            "{{< notice arg1=\"warning\" >}}\nThis shortcode is the theme's own.\n{{< /notice >}}"
        ),
        "{kuril}"
    );
    let stand_in = read(&site, "site/shortcodes/notice.html");
    assert!(
        stand_in
            .contains("{% component notice(arg1=\"\") -%}\n{{ body }}\n{%- endcomponent notice %}"),
        "{stand_in}"
    );
    assert!(kuril.contains("`{{< ref \"shown-as-code\" >}}`"), "{kuril}");

    // The bundle keeps its folder and its files beside it, referred to as written;
    // the first of its `images` is its `image:`.
    let lng = read(&site, "briefs/lng-bet/index.md");
    assert!(lng.contains("date: 2023-05-02T09:30:00+09:00"), "{lng}");
    assert!(
        lng.contains("![Japan's LNG imports by source](chart.png){alt=\"Bar chart\"}\n"),
        "{lng}"
    );
    assert!(lng.contains("![Map](map.png)"), "{lng}");
    assert!(lng.contains("\nimage: cover.png\n"), "{lng}");
    assert!(
        lng.contains("Back to [the stalemate](kuril-stalemate.md)."),
        "{lng}"
    );
    for (copy, original) in [
        (
            "briefs/lng-bet/chart.png",
            "content/posts/lng-bet/chart.png",
        ),
        (
            "briefs/lng-bet/cover.png",
            "content/posts/lng-bet/cover.png",
        ),
        ("site/static/images/logo.png", "static/images/logo.png"),
    ] {
        assert_eq!(
            fs::read(site.join(copy)).unwrap(),
            fs::read(source.join(original)).unwrap(),
            "{copy}"
        );
    }

    // JSON front matter, a non-ASCII slug, a Hugo date form, expiry in the past.
    let arctic = read(&site, "briefs/северный-путь.md");
    assert!(arctic.contains("date: 2023-01-15\n"), "{arctic}");
    assert!(
        arctic.contains("summary: \"Грузопоток по Северному морскому пути вырос.\""),
        "{arctic}"
    );
    assert!(arctic.contains("draft: true"), "{arctic}");
    assert!(read(&site, "briefs/draft-note.md").contains("date: 2024-03-01T10:00:00+01:00"));
    assert!(read(&site, "briefs/draft-note.md").contains("draft: true"));
    // A top-level page, with blank lines before its front matter.
    let about = read(&site, "site/pages/about.md");
    assert!(
        about.contains("title: \"About & contact\"\nsummary: \"We write *short* notes.\""),
        "{about}"
    );
    assert!(about.contains("aliases: [\"/who-we-are/\"]"), "{about}");
    assert!(!site.join("site/pages/_index.md").exists());

    let report = read(&site, "import/report.md");
    assert!(
        report.contains(
            "- `briefs/kuril-stalemate.md:21`: the shortcode `notice` is now a call of the component `notice`"
        ),
        "{report}"
    );
    assert!(
        report.contains("- `site/shortcodes/notice.html`: a stand-in for the shortcode `notice`"),
        "{report}"
    );
    assert!(!report.contains("`images`"), "{report}");
    assert!(report.contains("expired on 2024-01-01"), "{report}");
    assert!(
        report.contains("the list pages of 1 section(s)") && report.contains("`index.xml`"),
        "{report}"
    );
    assert!(
        report.contains("front matter field `weight` in 1 file(s)"),
        "{report}"
    );
    assert!(
        report.contains("| {{< ref >}} shortcodes converted | 2 |"),
        "{report}"
    );

    // It builds with no shortcode left as text, every old URL redirects, nothing
    // dangles.
    let warnings = build(&site);
    assert!(!warnings.contains("W-shortcode"), "{warnings}");
    let public = site.join("public");
    // Hugo's `:slug` is the title when there is no `slug:`, as Hugo writes it in URLs.
    assert_redirects(
        &public,
        "/2022/11/the-kuril-stalemate/",
        "/briefs/kuril-stalemate/",
    );
    assert_redirects(&public, "/old/kuril/", "/briefs/kuril-stalemate/");
    assert_redirects(&public, "/2023/05/japans-lng-bet/", "/briefs/lng-bet/");
    assert_redirects(&public, "/who-we-are/", "/about/");
    let page = fs::read_to_string(public.join("briefs/kuril-stalemate/index.html")).unwrap();
    assert!(page.contains("href=\"/briefs/lng-bet/#imports\""), "{page}");
    // Alone in its paragraph, the image is a figure captioned with its alt text; the
    // video waits for a click; the stand-in shows the notice's text.
    assert!(
        page.contains("<img src=\"/images/logo.png\" alt=\"Our logo\" width=\"16\" height=\"16\""),
        "{page}"
    );
    assert!(
        page.contains("Figure 1.</span> Our logo</figcaption>"),
        "{page}"
    );
    assert!(page.contains("data-video-id=\"w7Ft2ymGmfc\""), "{page}");
    assert!(
        page.contains("This shortcode is the theme’s own."),
        "{page}"
    );
    let lng_page = fs::read_to_string(public.join("briefs/lng-bet/index.html")).unwrap();
    assert!(
        lng_page.contains("Figure 1.</span> Japan’s LNG imports by source</figcaption>"),
        "{lng_page}"
    );
    assert!(lng_page.contains("alt=\"Bar chart\""), "{lng_page}");
    assert_no_dangling_link(&public);

    // Twice, the same files; the source untouched.
    let again = tmp.path().join("again");
    let (code, _, stderr) = run(tmp.path(), &["import", "hugo", &fixture(HUGO), "again"]);
    assert_eq!(code, 0, "{stderr}");
    fs::remove_dir_all(&public).unwrap();
    // The build left its card cache in the site folder; the import wrote the rest.
    let differing: Vec<String> = differing_files(&site, &again)
        .into_iter()
        .filter(|f| !f.starts_with(".statecraft-cache/"))
        .collect();
    assert_eq!(differing, Vec::<String>::new());
    assert!(snapshot(&source) == before, "the import changed its source");
}

/// Writes `files` (path, contents) under `root`.
fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (path, contents) in files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }
}

const HUGO_POST: &str = "---\ntitle: \"Japan LNG imports\"\ndate: 2023-03-04\n---\nText.\n";

#[test]
fn hugo_lastmod_on_or_before_the_date_is_not_an_update() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            ("hugo.toml", "title = \"T\"\n"),
            (
                "content/posts/earlier.md",
                "---\ntitle: Earlier\ndate: 2023-03-04\nlastmod: 2021-01-01\n---\nText.\n",
            ),
            (
                "content/posts/same-day.md",
                "---\ntitle: Same day\ndate: 2023-03-04T08:00:00Z\nlastmod: 2023-03-04T18:00:00Z\n---\nText.\n",
            ),
            (
                "content/posts/later.md",
                "---\ntitle: Later\ndate: 2023-03-04\nlastmod: 2023-05-06\n---\nText.\n",
            ),
        ],
    );
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    for slug in ["earlier", "same-day"] {
        let brief = read(&site, &format!("briefs/{slug}.md"));
        assert!(!brief.contains("updated:"), "{brief}");
    }
    assert!(read(&site, "briefs/later.md").contains("updated: 2023-05-06\n"));
    build(&site);
}

#[test]
fn hugo_permalinks_in_every_form_hugo_reads_keep_the_old_urls() {
    // Hugo's own form since 0.112 (`[permalinks.page]`), with `:slug` the title when
    // there is no `slug:`; a page linked by its old URL.
    let tmp = tempfile::tempdir().unwrap();
    let nested = tmp.path().join("nested");
    write_files(
        &nested,
        &[
            (
                "hugo.toml",
                "title = \"T\"\n[permalinks]\n  [permalinks.page]\n    posts = '/articles/:year/:month/:slug/'\n  [permalinks.section]\n    posts = '/articles/'\n",
            ),
            ("content/posts/lng.md", HUGO_POST),
            (
                "content/posts/other.md",
                "---\ntitle: Other\ndate: 2023-03-05\n---\nSee [imports](/articles/2023/03/japan-lng-imports/).\n",
            ),
        ],
    );
    let site = import(&tmp, &["hugo", &nested.display().to_string()]);
    let lng = read(&site, "briefs/lng.md");
    assert!(
        lng.contains("aliases: [\"/articles/2023/03/japan-lng-imports/\"]"),
        "{lng}"
    );
    assert!(read(&site, "briefs/other.md").contains("See [imports](lng.md)."));
    build(&site);
    assert_redirects(
        &site.join("public"),
        "/articles/2023/03/japan-lng-imports/",
        "/briefs/lng/",
    );

    // `config/_default/permalinks.toml`, a file of its own, and `uglyURLs`.
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("folder");
    write_files(
        &folder,
        &[
            (
                "config/_default/hugo.toml",
                "title = \"T\"\nuglyURLs = true\n",
            ),
            (
                "config/_default/permalinks.toml",
                "posts = \"/:year/:slugorfilename/\"\n",
            ),
            ("content/posts/lng.md", HUGO_POST),
            (
                "content/notes/plain.md",
                "---\ntitle: Plain\ndate: 2023-01-01\n---\nText.\n",
            ),
        ],
    );
    let site = import(&tmp, &["hugo", &folder.display().to_string()]);
    assert!(read(&site, "briefs/lng.md").contains("aliases: [\"/2023/lng.html\"]"));
    assert!(read(&site, "briefs/plain.md").contains("aliases: [\"/notes/plain.html\"]"));
}

#[test]
fn hugo_pages_in_folders_below_a_section_keep_their_whole_old_url() {
    // Hugo's default URL is the file's folder, however deep (`posts/2021/x.md` is at
    // `/posts/2021/x/`), and `:sections` names every folder with an `_index.md`.
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            (
                "hugo.toml",
                "title = \"T\"\n[permalinks]\n  notes = '/:sections/:slugorfilename/'\n",
            ),
            ("content/posts/_index.md", "---\ntitle: Posts\n---\n"),
            ("content/posts/2021/yearly.md", HUGO_POST),
            (
                "content/posts/2021/bundled/index.md",
                "---\ntitle: Bundled\ndate: 2021-02-02\n---\nText.\n",
            ),
            ("content/notes/analysis/_index.md", "---\ntitle: A\n---\n"),
            (
                "content/notes/analysis/deep.md",
                "---\ntitle: Deep\ndate: 2019-05-05\n---\nText.\n",
            ),
            (
                "content/notes/misc/loose.md",
                "---\ntitle: Loose\ndate: 2019-05-06\n---\nSee [deep](/notes/analysis/deep/).\n",
            ),
        ],
    );
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    let alias = |file: &str, old: &str| {
        let text = read(&site, file);
        assert!(text.contains(&format!("aliases: [\"{old}\"]")), "{text}");
    };
    alias("briefs/yearly.md", "/posts/2021/yearly/");
    alias("briefs/bundled/index.md", "/posts/2021/bundled/");
    alias("briefs/deep.md", "/notes/analysis/deep/");
    alias("briefs/loose.md", "/notes/loose/");
    assert!(read(&site, "briefs/loose.md").contains("See [deep](deep.md)."));
    build(&site);
    assert_redirects(
        &site.join("public"),
        "/posts/2021/yearly/",
        "/briefs/yearly/",
    );
}

#[test]
fn hugo_content_hugo_never_published_is_left_out_and_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            (
                "hugo.toml",
                "title = \"T\"\ndefaultContentLanguage = \"en\"\n[languages.en]\n  weight = 1\n[languages.ru]\n  weight = 2\n",
            ),
            ("content/posts/lng.md", HUGO_POST),
            ("content/posts/lng.ru.md", "---\ntitle: Импорт СПГ\ndate: 2023-03-04\n---\nТекст.\n"),
            ("content/posts/bundle/index.md", "---\ntitle: Bundle\ndate: 2023-01-01\n---\nText.\n"),
            ("content/posts/bundle/notes.md", "---\ntitle: Notes\n---\nA resource.\n"),
            (
                "content/headless/index.md",
                "---\ntitle: Headless\nheadless: true\n---\nShared text.\n",
            ),
            (
                "content/posts/hidden.md",
                "---\ntitle: Hidden\ndate: 2023-01-01\nbuild:\n  render: never\n---\nText.\n",
            ),
        ],
    );
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    let mut briefs: Vec<String> = files_under(&site.join("briefs"))
        .into_iter()
        .filter(|f| f.ends_with(".md"))
        .collect();
    briefs.sort();
    assert_eq!(briefs, ["bundle/index.md", "lng.md"]);
    assert!(!site.join("site/pages/headless.md").exists());
    let report = read(&site, "import/report.md");
    for left_out in [
        "`content/posts/lng.ru.md`: a translation",
        "`content/posts/bundle/notes.md`: a resource of a page bundle",
        "`content/headless/index.md`: headless",
        "`content/posts/hidden.md`: headless",
    ] {
        assert!(report.contains(left_out), "{left_out}\n{report}");
    }
    build(&site);
}

#[test]
fn hugo_links_to_a_page_named_like_a_brief_go_to_the_page() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            ("hugo.toml", "title = \"T\"\n"),
            ("content/about.md", "---\ntitle: About us\n---\n## Team\n\nWe.\n"),
            (
                "content/blog/about.md",
                "---\ntitle: About a brief\ndate: 2023-01-01\n---\nText.\n",
            ),
            (
                "content/blog/post.md",
                "---\ntitle: Post\ndate: 2023-02-01\n---\n[Us]({{< ref \"/about.md#team\" >}}), [brief]({{< ref \"blog/about.md\" >}}), [old](/about/).\n",
            ),
        ],
    );
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    let post = read(&site, "briefs/post.md");
    assert!(
        post.contains("[Us](/about/#team), [brief](about.md), [old](/about/)."),
        "{post}"
    );
    build(&site);
    let html = fs::read_to_string(site.join("public/briefs/post/index.html")).unwrap();
    assert!(html.contains("href=\"/about/#team\""), "{html}");
    assert!(html.contains("href=\"/briefs/about/\""), "{html}");
}

/// Links to a section of an imported page keep working: a heading whose id Hugo made
/// differently (`U.S.` is `us` in Hugo, `u-s` here; ` — ` two `-`) keeps Hugo's id, so
/// a `ref` with an anchor, and a link from another site, still land on it; an id the
/// theme uses for itself is reported. `github-ascii` ids are made without accents.
#[test]
fn hugo_heading_ids_are_kept_so_links_to_sections_still_land() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            ("hugo.toml", "title = \"T\"\n"),
            (
                "content/posts/view.md",
                "---\ntitle: View\ndate: 2023-01-01\n---\n## Moscow's view of the U.S. — and Japan\n\nText.\n\n## Related\n\nMore.\n",
            ),
            (
                "content/posts/post.md",
                "---\ntitle: Post\ndate: 2023-02-01\n---\nSee [the view]({{< ref \"view.md#moscows-view-of-the-us--and-japan\" >}}).\n",
            ),
        ],
    );
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    let view = read(&site, "briefs/view.md");
    assert!(
        view.contains(
            "## Moscow's view of the U.S. — and Japan {#moscows-view-of-the-us--and-japan}\n"
        ),
        "{view}"
    );
    let report = read(&site, "import/report.md");
    assert!(
        report.contains("the heading was `#related` on the Hugo site, an id the theme uses"),
        "{report}"
    );
    build(&site);
    let html = fs::read_to_string(site.join("public/briefs/view/index.html")).unwrap();
    assert!(
        html.contains("id=\"moscows-view-of-the-us--and-japan\""),
        "the heading has Hugo's id"
    );
    let post = fs::read_to_string(site.join("public/briefs/post/index.html")).unwrap();
    assert!(post.contains("href=\"/briefs/view/#moscows-view-of-the-us--and-japan\""));

    // A site that made ids without accents (`github-ascii`).
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            (
                "hugo.toml",
                "title = \"T\"\n[markup.goldmark.parser]\nautoHeadingIDType = \"github-ascii\"\n",
            ),
            (
                "content/posts/view.md",
                "---\ntitle: View\ndate: 2023-01-01\n---\n## Über Straße\n\nText.\n",
            ),
        ],
    );
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    assert!(read(&site, "briefs/view.md").contains("## Über Straße {#uber-strae}\n"));
    build(&site);
}

/// A `ref` to a page whose old address was set by `url:` becomes the page's new
/// address, which is not an old one: the report does not ask a person to check it.
#[test]
fn hugo_refs_to_a_page_with_its_own_url_are_not_reported_as_unknown() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            ("hugo.toml", "title = \"T\"\n"),
            (
                "content/about.md",
                "---\ntitle: About us\nurl: /company/\n---\nWe.\n",
            ),
            (
                "content/posts/post.md",
                "---\ntitle: Post\ndate: 2023-02-01\n---\nSee [us]({{< ref \"about.md\" >}}), [the old address](/company/) and [nothing](/nowhere/).\n",
            ),
        ],
    );
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    let post = read(&site, "briefs/post.md");
    assert!(
        post.contains("See [us](/about/), [the old address](/about/) and [nothing](/nowhere/)."),
        "{post}"
    );
    let report = read(&site, "import/report.md");
    assert!(!report.contains("`/about/`"), "{report}");
    assert!(
        report.contains("a link to `/nowhere/`, which is no page or file of the imported site"),
        "{report}"
    );
}

#[test]
fn hugo_text_reads_as_it_did_on_the_old_site() {
    // `[[...]]` is text to Hugo, a wiki link to Statecraft; `<!--more-->` ends Hugo's
    // summary and is never shown.
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            ("hugo.toml", "title = \"T\"\n"),
            (
                "content/posts/p.md",
                "---\ntitle: P\ndate: 2023-01-01\n---\nThe *teaser* [[not a link]]. <!--more--> The rest.\n\n`[[code]]` stays.\n",
            ),
        ],
    );
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    let brief = read(&site, "briefs/p.md");
    assert!(
        brief.contains("summary: \"The teaser [[not a link]].\""),
        "{brief}"
    );
    assert!(!brief.contains("more-->"), "{brief}");
    build(&site);
    let page = read(&site, "public/briefs/p/index.html");
    assert!(page.contains("[[not a link]]. "), "{page}");
    assert!(page.contains("<code>[[code]]</code>"), "{page}");
    assert!(!page.contains("more--"), "{page}");
}

#[test]
fn hugo_refs_outside_a_link_become_links_the_build_checks() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            ("hugo.toml", "title = \"T\"\n"),
            ("content/about.md", "---\ntitle: About us\n---\nWe.\n"),
            (
                "content/posts/other.md",
                "---\ntitle: Other\ndate: 2023-01-01\n---\n## Part\n\nText.\n",
            ),
            (
                "content/posts/post.md",
                "---\ntitle: Post\ndate: 2023-02-01\n---\nSee {{< ref \"other.md\" >}}, {{< relref \"other.md#part\" >}} and {{% ref \"/about.md\" %}}.\n\n<p><a href=\"{{< ref \"other\" >}}\">as HTML</a></p>\n\nGone: {{< ref \"gone.md\" >}}.\n",
            ),
        ],
    );
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    let post = read(&site, "briefs/post.md");
    // A bare ref printed its page's address: it is a link whose text is that address
    // (the old one, which the new site redirects).
    assert!(
        post.contains("See [/briefs/other/](other.md), [/briefs/other/#part](other.md#part) and [/about/](/about/)."),
        "{post}"
    );
    assert!(post.contains("<a href=\"other.md\">as HTML</a>"), "{post}");
    let report = read(&site, "import/report.md");
    assert!(
        report.contains("`{{< ref \"gone.md\" >}}` points at no page of the site"),
        "{report}"
    );

    build(&site);
    let html = fs::read_to_string(site.join("public/briefs/post/index.html")).unwrap();
    assert!(
        html.contains("<a href=\"/briefs/other/\">/briefs/other/</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"/briefs/other/#part\">/briefs/other/#part</a>"),
        "{html}"
    );
    assert!(html.contains("<a href=\"/about/\">/about/</a>"), "{html}");
    assert!(
        html.contains("<a href=\"/briefs/other/\">as HTML</a>"),
        "{html}"
    );

    // They are links the build checks: without their target, the build fails there.
    fs::remove_file(site.join("briefs/other.md")).unwrap();
    let (code, _, stderr) = run(&site, &["build"]);
    assert_ne!(code, 0, "{stderr}");
    assert!(stderr.contains("briefs/post.md:"), "{stderr}");
    assert!(stderr.contains("other.md"), "{stderr}");
}

#[test]
fn hugo_refs_outside_a_link_show_the_new_address_with_the_base_path() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            (
                "hugo.toml",
                "baseURL = \"https://example.org/research/\"\ntitle = \"T\"\n",
            ),
            (
                "content/about.md",
                "---\ntitle: About us\nurl: /company/\n---\nWe.\n",
            ),
            (
                "content/posts/other.md",
                "---\ntitle: Other\ndate: 2023-01-01\n---\n## Part\n\nText.\n",
            ),
            (
                "content/posts/post.md",
                "---\ntitle: Post\ndate: 2023-02-01\n---\nSee {{< ref \"other.md\" >}}, {{< relref \"other.md#part\" >}} and {{< relref \"/about.md\" >}}.\n",
            ),
        ],
    );
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    let post = read(&site, "briefs/post.md");
    // Hugo printed a `ref` as the page's permalink and a `relref` as the same without
    // scheme and host, the base URL's sub-path kept: the text shows the page's address
    // in the new site that way, the address its link goes to.
    assert!(
        post.contains("See [https://example.org/research/briefs/other/](other.md), [/research/briefs/other/#part](other.md#part) and [/research/about/](/about/)."),
        "{post}"
    );

    build(&site);
    let public = site.join("public");
    let html = fs::read_to_string(public.join("briefs/post/index.html")).unwrap();
    assert!(
        html.contains(
            "<a href=\"/research/briefs/other/\">https://example.org/research/briefs/other/</a>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"/research/briefs/other/#part\">/research/briefs/other/#part</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"/research/about/\">/research/about/</a>"),
        "{html}"
    );
    // The old addresses lead to the pages.
    assert_redirects(&public, "/posts/other/", "/research/briefs/other/");
    assert_redirects(&public, "/company/", "/research/about/");
}

#[test]
fn hugo_a_first_image_image_cannot_name_is_reported_for_that_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            ("hugo.toml", "title = \"T\"\n"),
            (
                "content/posts/dotted/index.md",
                "---\ntitle: Dotted\ndate: 2023-01-01\nimages: [map..v2.png]\n---\nText.\n",
            ),
            ("content/posts/dotted/map..v2.png", "png"),
            (
                "content/posts/drawn/index.md",
                "---\ntitle: Drawn\ndate: 2023-01-02\nimages: [logo.svg]\n---\nText.\n",
            ),
            ("content/posts/drawn/logo.svg", "<svg/>"),
        ],
    );
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    let report = read(&site, "import/report.md");
    let at = |brief: &str| -> String {
        report
            .lines()
            .find(|l| l.starts_with(&format!("- `{brief}:")) && l.contains("images"))
            .unwrap_or_else(|| panic!("{report}"))
            .to_string()
    };
    // Not "not used" as if the brief had another picture: why `image:` cannot name it.
    let dotted = at("briefs/dotted/index.md");
    assert!(dotted.contains("`..` in a name"), "{dotted}");
    assert!(dotted.contains("rename the file"), "{dotted}");
    assert!(!dotted.contains("not used"), "{dotted}");
    let drawn = at("briefs/drawn/index.md");
    assert!(drawn.contains("is not a .png"), "{drawn}");
    assert!(!drawn.contains("not used"), "{drawn}");
    for brief in ["briefs/dotted/index.md", "briefs/drawn/index.md"] {
        assert!(!read(&site, brief).contains("image:"), "{brief}");
    }
    build(&site);
}

/// A WordPress export of `items` (`<item>` elements), its site at
/// `https://wp.example.org`.
fn wxr(items: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Notes</title>
<link>https://wp.example.org</link>
<language>en-GB</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[ann]]></wp:author_login><wp:author_display_name><![CDATA[Ann Lee]]></wp:author_display_name></wp:author>
{items}
</channel>
</rss>"#
    )
}

/// One `<item>`: a post or page with its id, slug, permalink, body and post meta.
fn wxr_item(kind: &str, id: &str, slug: &str, link: &str, body: &str, meta: &str) -> String {
    format!(
        r#"<item>
<title><![CDATA[{slug} title]]></title>
<link>https://wp.example.org{link}</link>
<dc:creator><![CDATA[ann]]></dc:creator>
<content:encoded><![CDATA[{body}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{id}</wp:post_id>
<wp:post_date><![CDATA[2023-04-0{id_digit} 10:00:00]]></wp:post_date>
<wp:post_date_gmt><![CDATA[2023-04-0{id_digit} 10:00:00]]></wp:post_date_gmt>
<wp:post_name><![CDATA[{slug}]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:post_type><![CDATA[{kind}]]></wp:post_type>
{meta}
</item>"#,
        id_digit = &id[id.len() - 1..]
    )
}

#[test]
fn wordpress_footnotes_tables_code_and_links_to_pages_come_over_whole() {
    let footnoted = "<!-- wp:paragraph -->\n<p>Imports fell<sup data-fn=\"8f1c2a1e-aa\" class=\"fn\"><a href=\"#8f1c2a1e-aa\" id=\"8f1c2a1e-aa-link\">1</a></sup>.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:footnotes /-->";
    let notes = r#"<wp:postmeta><wp:meta_key><![CDATA[footnotes]]></wp:meta_key><wp:meta_value><![CDATA[[{"content":"Ministry of Finance, <em>2023</em>.","id":"8f1c2a1e-aa"}]]]></wp:meta_value></wp:postmeta>"#;
    let classic = "Example:\n\n<pre>def a():\n    return 1\n\n\ndef b():\n    return 2</pre>\n\n<table><tbody><tr><td>Country</td><td>Share</td></tr><tr><td>Qatar</td><td>12%</td></tr></tbody></table>\n\nSee <a href=\"https://wp.example.org/about/#team\">us</a>, <a href=\"https://wp.example.org/?page_id=5\">again</a>, <a href=\"https://wp.example.org/2021/04/about.html\">the post</a>, <a href=\"https://wp.example.org/2021/04/about-old.html\">its old address</a> and <a href=\"javascript:alert(1)\">this</a>.";
    let old_slug = r#"<wp:postmeta><wp:meta_key><![CDATA[_wp_old_slug]]></wp:meta_key><wp:meta_value><![CDATA[about-old]]></wp:meta_value></wp:postmeta>"#;
    let export = wxr(&[
        wxr_item(
            "post",
            "1",
            "imports",
            "/2023/04/imports/",
            footnoted,
            notes,
        ),
        wxr_item("post", "2", "classic", "/2023/04/classic/", classic, ""),
        wxr_item(
            "post",
            "3",
            "about",
            "/2021/04/about.html",
            "<p>A post.</p>",
            old_slug,
        ),
        wxr_item(
            "page",
            "5",
            "about",
            "/about/",
            "<h2 id=\"team\">Team</h2><p>Us.</p>",
            "",
        ),
    ]
    .join("\n"));
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("export.xml");
    fs::write(&file, export).unwrap();
    let site = import(&tmp, &["wordpress", file.to_str().unwrap()]);

    let imports = read(&site, "briefs/imports.md");
    assert!(
        imports.contains("Imports fell[^1].\n\n[^1]: Ministry of Finance, *2023*."),
        "{imports}"
    );
    let classic = read(&site, "briefs/classic.md");
    assert!(
        classic.contains("```\ndef a():\n    return 1\n\n\ndef b():\n    return 2\n```"),
        "{classic}"
    );
    assert!(
        classic.contains("<table>\n<tbody>\n<tr>\n<td>Country</td>\n<td>Share</td>\n</tr>"),
        "{classic}"
    );
    assert!(
        classic
            .contains("See [us](/about/#team), [again](/about/), [the post](about.md), [its old address](about.md) and this."),
        "{classic}"
    );
    assert!(!classic.contains("javascript:"), "{classic}");
    let about = read(&site, "briefs/about.md");
    assert!(
        about.contains("aliases: [\"/2021/04/about.html\", \"/2021/04/about-old.html\"]"),
        "{about}"
    );
    let report = read(&site, "import/report.md");
    assert!(report.contains("`<table>` is kept as HTML"), "{report}");
    assert!(report.contains("`javascript:` address"), "{report}");

    build(&site);
    let public = site.join("public");
    let page = fs::read_to_string(public.join("briefs/imports/index.html")).unwrap();
    assert!(
        page.contains("Ministry of Finance, <em>2023</em>."),
        "{page}"
    );
    let page = fs::read_to_string(public.join("briefs/classic/index.html")).unwrap();
    assert!(page.contains("<td>Qatar</td>"), "{page}");
    assert!(page.contains("href=\"/about/#team\""), "{page}");
    assert!(page.contains("href=\"/briefs/about/\""), "{page}");
    assert_no_dangling_link(&public);
}

/// Old posts mark headings with an empty `<a name="intro"></a>` before or inside them;
/// the heading's own id makes `#intro` in the new site, so such an anchor is not
/// brought over (the page would hold the id twice, which the build refuses). An anchor
/// that marks something else stays, and links to both still work.
#[test]
fn wordpress_anchors_that_mark_a_heading_give_way_to_its_id() {
    // As the classic editor keeps them (its paragraphs made when WordPress shows the
    // post), and as HTML written by hand.
    let anchors = "<a name=\"intro\"></a>\n<h2>Intro</h2>\nText.\n<h2><a name=\"method\"></a>Method</h2>\n<p>More <a name=\"note-3\"></a>here.</p><p><a name=\"results\"></a></p><h3>Results</h3>";
    let linker = "<p>See <a href=\"https://wp.example.org/2023/04/anchors/#intro\">the intro</a>, <a href=\"https://wp.example.org/2023/04/anchors/#method\">the method</a> and <a href=\"https://wp.example.org/2023/04/anchors/#note-3\">the note</a>.</p>";
    let export = wxr(&[
        wxr_item("post", "1", "anchors", "/2023/04/anchors/", anchors, ""),
        wxr_item("post", "2", "linker", "/2023/04/linker/", linker, ""),
    ]
    .join("\n"));
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("export.xml");
    fs::write(&file, export).unwrap();
    let site = import(&tmp, &["wordpress", file.to_str().unwrap()]);
    let brief = read(&site, "briefs/anchors.md");
    assert!(!brief.contains("name=\"intro\""), "{brief}");
    assert!(!brief.contains("name=\"method\""), "{brief}");
    assert!(!brief.contains("name=\"results\""), "{brief}");
    assert!(brief.contains("## Intro"), "{brief}");
    assert!(brief.contains("<a name=\"note-3\"></a>"), "{brief}");

    build(&site);
    let public = site.join("public");
    let page = fs::read_to_string(public.join("briefs/anchors/index.html")).unwrap();
    assert_eq!(page.matches("id=\"intro\"").count(), 1, "{page}");
    assert!(page.contains("<h2 id=\"method\">"), "{page}");
    assert!(page.contains("<a id=\"note-3\"></a>"), "{page}");
    let page = fs::read_to_string(public.join("briefs/linker/index.html")).unwrap();
    for anchor in ["intro", "method", "note-3"] {
        assert!(
            page.contains(&format!("href=\"/briefs/anchors/#{anchor}\"")),
            "{page}"
        );
    }
}

/// An `<item>` of an attachment `id` of the post `parent`, its file at `url`.
fn wxr_attachment(id: &str, parent: &str, url: &str) -> String {
    format!(
        r#"<item>
<title><![CDATA[Attachment {id}]]></title>
<link>https://wp.example.org/attachment-{id}/</link>
<wp:post_id>{id}</wp:post_id>
<wp:post_name><![CDATA[attachment-{id}]]></wp:post_name>
<wp:status><![CDATA[inherit]]></wp:status>
<wp:post_parent>{parent}</wp:post_parent>
<wp:post_type><![CDATA[attachment]]></wp:post_type>
<wp:attachment_url><![CDATA[{url}]]></wp:attachment_url>
</item>"#
    )
}

#[test]
fn a_gallery_naming_an_attachment_missing_from_the_export_is_reported_not_converted() {
    let chart = "https://wp.example.org/wp-content/uploads/chart.png";
    let export = wxr(&[
        wxr_item(
            "post",
            "1",
            "partial",
            "/partial/",
            "<p>Text.</p>\n\n[gallery ids=\"301,999\"]",
            "",
        ),
        wxr_item(
            "post",
            "2",
            "whole",
            "/whole/",
            "<p>Text.</p>\n\n[gallery ids=\"301\"]",
            "",
        ),
        wxr_attachment("301", "1", chart),
    ]
    .join("\n"));
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("export.xml");
    fs::write(&file, export).unwrap();
    let site = import(&tmp, &["wordpress", file.to_str().unwrap()]);

    // The attachment the export has is shown in both; the missing one is named.
    for brief in ["briefs/partial.md", "briefs/whole.md"] {
        assert!(
            read(&site, brief).contains(&format!("]({chart})")),
            "{brief}"
        );
    }
    let report = read(&site, "import/report.md");
    let missing: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("- `briefs/partial.md:") && l.contains("999"))
        .collect();
    assert_eq!(missing.len(), 1, "{report}");
    assert!(missing[0].contains("not in the export"), "{report}");
    assert!(!report.contains("briefs/whole.md:"), "{report}");
    // Only the whole gallery counts as converted.
    assert!(
        report.contains("| [gallery] shortcodes converted | 1 |"),
        "{report}"
    );
    build(&site);
}

#[test]
fn a_featured_image_the_import_cannot_place_is_reported_at_the_brief() {
    let featured = |id: &str| {
        format!("<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[{id}]]></wp:meta_value></wp:postmeta>")
    };
    let export = wxr(&[
        wxr_item(
            "post",
            "1",
            "lost",
            "/lost/",
            "<p>Text.</p>",
            &featured("999"),
        ),
        wxr_item(
            "post",
            "2",
            "drawn",
            "/drawn/",
            "<p>Text.</p>",
            &featured("302"),
        ),
        wxr_attachment(
            "302",
            "2",
            "https://wp.example.org/wp-content/uploads/2023/04/logo.svg",
        ),
    ]
    .join("\n"));
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("export.xml");
    fs::write(&file, export).unwrap();
    let site = import(&tmp, &["wordpress", file.to_str().unwrap()]);

    for brief in ["briefs/lost.md", "briefs/drawn.md"] {
        assert!(!read(&site, brief).contains("image:"), "{brief}");
    }
    let report = read(&site, "import/report.md");
    let at = |brief: &str| -> Vec<String> {
        report
            .lines()
            .filter(|l| l.starts_with(&format!("- `{brief}:")) && l.contains("featured image"))
            .map(str::to_string)
            .collect()
    };
    let lost = at("briefs/lost.md");
    assert_eq!(lost.len(), 1, "{report}");
    assert!(
        lost[0].contains("999") && lost[0].contains("not in the export"),
        "{report}"
    );
    let drawn = at("briefs/drawn.md");
    assert_eq!(drawn.len(), 1, "{report}");
    assert!(drawn[0].contains("logo.svg"), "{report}");
    assert!(!report.contains("| featured images"), "{report}");
    assert!(!read(&site, "import/media.tsv").contains("logo.svg"));
    build(&site);
}

#[test]
fn a_featured_image_with_two_dots_in_its_name_is_reported_for_that_reason() {
    let featured = "<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[302]]></wp:meta_value></wp:postmeta>";
    let export = wxr(&[
        wxr_item("post", "1", "dotted", "/dotted/", "<p>Text.</p>", featured),
        wxr_attachment(
            "302",
            "1",
            "https://wp.example.org/wp-content/uploads/2023/04/map..v2.png",
        ),
    ]
    .join("\n"));
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("export.xml");
    fs::write(&file, export).unwrap();
    let site = import(&tmp, &["wordpress", file.to_str().unwrap()]);

    assert!(!read(&site, "briefs/dotted.md").contains("image:"));
    let report = read(&site, "import/report.md");
    let line = report
        .lines()
        .find(|l| l.starts_with("- `briefs/dotted.md:") && l.contains("featured image"))
        .unwrap_or_else(|| panic!("{report}"));
    // The file is a PNG: what `image:` refuses is the `..` in its name.
    assert!(
        !line.contains("not a PNG") && !line.contains("not a .png"),
        "{line}"
    );
    assert!(line.contains("`..` in a name"), "{line}");
    assert!(line.contains("rename the file"), "{line}");
    build(&site);

    // The build says the same of a brief naming such a file.
    let brief = site.join("briefs/dotted.md");
    let text = fs::read_to_string(&brief).unwrap();
    fs::write(
        &brief,
        text.replacen("---\n", "---\nimage: map..v2.png\n", 1),
    )
    .unwrap();
    let (code, _, stderr) = run(&site, &["check"]);
    assert_ne!(code, 0, "{stderr}");
    assert!(
        stderr.contains("`map..v2.png` cannot be `image:`: it has `..` in a name"),
        "{stderr}"
    );
    assert!(stderr.contains("rename the file"), "{stderr}");
    assert!(!stderr.contains("is not a .png"), "{stderr}");
}

/// Every address in `text` that starts with `prefix`, to its end (`)`, `"`, a space).
fn addresses(text: &str, prefix: &str) -> Vec<String> {
    let mut found: Vec<String> = text
        .match_indices(prefix)
        .map(|(at, _)| {
            let rest = &text[at..];
            let end = rest
                .find(|c: char| c == ')' || c == '"' || c.is_whitespace())
                .unwrap_or(rest.len());
            rest[..end].to_string()
        })
        .collect();
    found.sort();
    found.dedup();
    found
}

#[test]
fn the_media_list_and_copies_are_the_files_the_briefs_use() {
    // A captioned thumbnail linked to its full-size file becomes a figure of the
    // full-size file: the thumbnail is used nowhere. The full-size file is also the
    // featured image, the brief's picture: a file of its own beside the brief.
    let uploads_url = "https://wp.example.org/wp-content/uploads/";
    let thumbnail = format!("{uploads_url}2023/04/map-300x200.jpg");
    let body = format!(
        "[caption id=\"attachment_301\" width=\"300\"]<a href=\"{uploads_url}2023/04/map.jpg\"><img src=\"{thumbnail}\" alt=\"Map\" width=\"300\" height=\"200\" /></a> The islands[/caption]\n\n<p>Listen: <a href=\"{uploads_url}2023/04/talk.mp3\">the talk</a>.</p>"
    );
    let featured = r#"<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[301]]></wp:meta_value></wp:postmeta>"#;
    let export = wxr(&[
        wxr_item("post", "1", "islands", "/islands/", &body, featured),
        wxr_attachment("301", "1", &format!("{uploads_url}2023/04/map.jpg")),
    ]
    .join("\n"));
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("export.xml");
    fs::write(&file, export).unwrap();

    // Without a copy of the uploads: every file the brief uses is listed, and only those.
    let site = import(&tmp, &["wordpress", file.to_str().unwrap()]);
    let brief = read(&site, "briefs/islands.md");
    let used = addresses(&brief, uploads_url);
    assert!(!used.is_empty() && !used.contains(&thumbnail), "{brief}");
    let media = read(&site, "import/media.tsv");
    let mut listed: Vec<String> = media
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    listed.sort();
    listed.dedup();
    assert_eq!(listed, used, "{media}");
    assert!(
        media.contains(&format!(
            "{uploads_url}2023/04/map.jpg\tbriefs/files/2023/04/map.jpg\n"
        )),
        "{media}"
    );
    // Downloaded once, for both places.
    let script = read(&site, "import/download-media.sh");
    assert_eq!(script.matches("/2023/04/map.jpg'\n").count(), 1, "{script}");
    let report = read(&site, "import/report.md");
    assert!(
        report.contains(&format!(
            "| media files listed for download | {} |",
            listed.len()
        )),
        "{report}"
    );

    // With a copy holding every file: only the files the brief uses are copied.
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("export.xml");
    fs::copy(site.parent().unwrap().join("export.xml"), &file).unwrap();
    // The featured image becomes the brief's `image:`, which the build checks is a
    // JPEG; the others are copied, never read.
    let mut map = Vec::new();
    image::RgbImage::from_pixel(30, 20, image::Rgb([31, 95, 168]))
        .write_to(
            &mut std::io::Cursor::new(&mut map),
            image::ImageFormat::Jpeg,
        )
        .unwrap();
    for name in ["map.jpg", "map-300x200.jpg", "talk.mp3"] {
        let path = tmp.path().join("uploads/2023/04").join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let bytes = if name == "map.jpg" {
            map.clone()
        } else {
            name.as_bytes().to_vec()
        };
        fs::write(&path, bytes).unwrap();
    }
    let site = import(
        &tmp,
        &["wordpress", file.to_str().unwrap(), "--media", "uploads"],
    );
    let brief = read(&site, "briefs/islands.md");
    let used: Vec<String> = addresses(&brief, "/media/")
        .into_iter()
        .map(|a| a.trim_start_matches('/').to_string())
        .collect();
    assert!(!used.is_empty(), "{brief}");
    let copied: Vec<String> = files_under(&site.join("site/static"));
    assert_eq!(copied, used, "{brief}");
    assert!(
        brief.contains("\nimage: \"files/2023/04/map.jpg\"\n"),
        "{brief}"
    );
    assert_eq!(
        fs::read(site.join("briefs/files/2023/04/map.jpg")).unwrap(),
        map
    );
    let report = read(&site, "import/report.md");
    assert!(
        report.contains(&format!("| media files copied | {} |", copied.len() + 1)),
        "{report}"
    );
    assert_eq!(read(&site, "import/media.tsv").lines().count(), 1);
    build(&site);
}

#[test]
fn two_files_of_the_archive_for_one_place_are_never_copied_over_each_other() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            ("hugo.toml", "title = \"T\"\n"),
            (
                "content/team/index.md",
                "---\ntitle: Team\n---\n![Us](photo.png)\n",
            ),
            ("content/team/photo.png", "the bundle's photo"),
            ("static/media/team/photo.png", "the static photo"),
        ],
    );
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    let copied = fs::read_to_string(site.join("site/static/media/team/photo.png")).unwrap();
    let report = read(&site, "import/report.md");
    // One of them, deterministically; the other is named in the report.
    let other = if copied == "the bundle's photo" {
        "static/media/team/photo.png"
    } else {
        "content/team/photo.png"
    };
    assert!(report.contains(other), "{report}");
    assert!(
        report.contains("`site/static/media/team/photo.png` is already the copy of"),
        "{report}"
    );
}

#[test]
fn a_broken_export_is_an_error_at_its_line_and_column_that_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let whole = wxr(&wxr_item("post", "1", "a", "/a/", "<p>A</p>", ""));
    let ampersand = whole.replace("<title>Notes</title>", "<title>Notes & more</title>");
    let cut_short = &whole[..whole.len() - 40];
    // Cut short, the file is broken on its last line.
    let last_line = format!("cut.xml:{}:", cut_short.lines().count());
    for (name, text, place) in [
        ("amp.xml", ampersand.as_str(), "amp.xml:4:14"),
        ("cut.xml", cut_short, last_line.as_str()),
    ] {
        let file = tmp.path().join(name);
        fs::write(&file, text).unwrap();
        let (code, _, stderr) = run(
            tmp.path(),
            &["import", "wordpress", file.to_str().unwrap(), "out"],
        );
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains(place), "{place}: {stderr}");
        assert!(stderr.contains("export it again"), "{stderr}");
        assert!(!tmp.path().join("out").exists());
    }
}

/// Imports the WordPress export `items` (`<item>` elements of [`wxr`]) into a new site
/// under `tmp`.
fn import_wxr(tmp: &TempDir, items: &[String]) -> PathBuf {
    let file = tmp.path().join("export.xml");
    fs::write(&file, wxr(&items.join("\n"))).unwrap();
    import(tmp, &["wordpress", file.to_str().unwrap()])
}

/// The home page and the old site's `?…` addresses (a search, a category by number)
/// are no post: a link to one stays on the old site and is listed, never sent to the
/// brief that happens to have a plain `?p=` permalink.
#[test]
fn wordpress_links_to_the_home_page_or_a_query_address_stay_on_the_old_site() {
    let body = "Go <a href=\"https://wp.example.org/\">home</a>, <a href=\"https://wp.example.org/?s=gas\">search</a>, <a href=\"/?cat=3\">see category 3</a> or read <a href=\"https://wp.example.org/?p=7\">the note</a>.";
    let tmp = tempfile::tempdir().unwrap();
    let site = import_wxr(
        &tmp,
        &[
            wxr_item("post", "7", "note", "/?p=7", "<p>Note.</p>", ""),
            wxr_item("post", "8", "brief", "/brief/", body, ""),
        ],
    );
    let brief = read(&site, "briefs/brief.md");
    assert!(
        brief.contains("Go [home](https://wp.example.org/), [search](https://wp.example.org/?s=gas), [see category 3](https://wp.example.org/?cat=3) or read [the note](note.md)."),
        "{brief}"
    );
    let report = read(&site, "import/report.md");
    for url in ["https://wp.example.org/?s=gas", "/?cat=3"] {
        assert!(
            report.contains(&format!("a link to `{url}` of the old site")),
            "{url}: {report}"
        );
    }
    build(&site);
}

/// A multilingual Hugo site with a content folder per language (`contentDir`): the
/// default language's folder is the content, its pages keep the addresses Hugo gave
/// them (under `/en/` with `defaultContentLanguageInSubdir`); the other languages'
/// files are translations, left out and listed like `x.ru.md`.
#[test]
fn hugo_content_in_a_folder_per_language_keeps_the_default_languages_urls() {
    let languages = "baseURL = \"https://h.example.org/\"\ntitle = \"H\"\ndefaultContentLanguage = \"en\"\n[languages]\n  [languages.en]\n    contentDir = \"content/en\"\n    weight = 1\n  [languages.ru]\n    contentDir = \"content/ru\"\n    weight = 2\n";
    let content = [
        (
            "content/en/posts/gas-deal.md",
            "---\ntitle: Gas Deal\ndate: 2022-01-01\n---\nEnglish.\n",
        ),
        ("content/en/about.md", "---\ntitle: About\n---\nAbout us.\n"),
        (
            "content/ru/posts/gas-deal.md",
            "---\ntitle: Газовая сделка\ndate: 2022-01-01\n---\nРусский.\n",
        ),
    ];
    for (in_subdir, prefix) in [(false, ""), (true, "/en")] {
        let tmp = tempfile::tempdir().unwrap();
        let source = tmp.path().join("hugo");
        let config = if in_subdir {
            languages.replace("title =", "defaultContentLanguageInSubdir = true\ntitle =")
        } else {
            languages.to_string()
        };
        write_files(&source, &[("hugo.toml", config.as_str())]);
        write_files(&source, &content);
        let site = import(&tmp, &["hugo", &source.display().to_string()]);
        let brief = read(&site, "briefs/gas-deal.md");
        assert!(brief.contains("English."), "{brief}");
        assert!(
            brief.contains(&format!("aliases: [\"{prefix}/posts/gas-deal/\"]")),
            "{brief}"
        );
        assert!(!site.join("briefs/gas-deal-2.md").exists());
        assert!(!site.join("briefs/about.md").exists());
        let about = read(&site, "site/pages/about.md");
        if in_subdir {
            assert!(about.contains("aliases: [\"/en/about/\"]"), "{about}");
        } else {
            assert!(!about.contains("aliases:"), "{about}");
        }
        let report = read(&site, "import/report.md");
        assert!(
            report.contains("`content/ru/posts/gas-deal.md`: a translation"),
            "{report}"
        );
        build(&site);
    }
}

/// Slugs that clash with each other and with a file named like the second one
/// (`update-2.md`) are all made unique, as on the WordPress side.
#[test]
fn hugo_clashing_slugs_are_all_made_unique() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    let post = |title: &str| format!("---\ntitle: {title}\ndate: 2022-01-01\n---\n{title} text.\n");
    let (a, b, c) = (post("A"), post("B"), post("C"));
    write_files(
        &source,
        &[
            ("hugo.toml", "title = \"H\"\n"),
            ("content/posts/a/update.md", a.as_str()),
            ("content/posts/b/update.md", b.as_str()),
            ("content/posts/update-2.md", c.as_str()),
        ],
    );
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    assert!(read(&site, "briefs/update.md").contains("A text."));
    assert!(read(&site, "briefs/update-2.md").contains("B text."));
    let third = read(&site, "briefs/update-2-2.md");
    assert!(third.contains("C text."), "{third}");
    assert!(third.contains("aliases: [\"/posts/update-2/\"]"), "{third}");
    build(&site);
}

/// An import that fails while writing leaves nothing behind: neither the
/// destination nor the folder it was written in first.
#[test]
fn an_import_that_fails_while_writing_leaves_nothing_half_written() {
    use statecraft::import::{writer, Document, DocumentKind, ImportedSite};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    let mut site = ImportedSite::default();
    let mut brief = Document::new(DocumentKind::Brief, "a", "post 1".into());
    brief.body = "Text.".into();
    site.documents.push(brief);
    // A file of the archive that cannot be read: the copy fails after the brief is
    // written.
    site.files.push((
        tmp.path().join("archive/missing.png"),
        PathBuf::from("site/static/missing.png"),
    ));
    let result = writer::write(&dir, site);
    assert!(result.is_err());
    assert!(!dir.exists(), "a half-written site was left");
    let left: Vec<_> = fs::read_dir(tmp.path()).unwrap().flatten().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Classic-editor text beside block tags without a blank line (as the classic editor
/// saves lists and headings) gets paragraphs as WordPress's `wpautop` made them: the
/// block tags end paragraphs, and line breaks become `<br>` only in text, also in a
/// quote.
#[test]
fn wordpress_classic_text_beside_block_tags_reads_as_it_did() {
    let body = "Key points:\n<ul>\n\t<li>One</li>\n\t<li>Two</li>\n</ul>\nAfter the list.\n<h2>Next section</h2>\nText under it.\n<blockquote>First line\nsecond line</blockquote>\nEnd.";
    let tmp = tempfile::tempdir().unwrap();
    let site = import_wxr(
        &tmp,
        &[wxr_item("post", "8", "classic", "/classic/", body, "")],
    );
    let brief = read(&site, "briefs/classic.md");
    assert!(
        brief.contains("Key points:\n\n- One\n- Two\n\nAfter the list.\n\n## Next section\n\nText under it.\n\n> First line\\\n>"),
        "{brief}"
    );
    assert!(brief.contains("second line\n\nEnd."), "{brief}");
    build(&site);
}

/// An old slug's address that is now another post's permalink stays that post's: the
/// old-slug redirect is left out and listed. A post and a page with the same old
/// permalink: the page keeps it (as WordPress served it). Either way the site builds.
#[test]
fn wordpress_a_current_permalink_wins_over_an_old_slug_and_a_page_over_a_post() {
    let old_slug = r#"<wp:postmeta><wp:meta_key><![CDATA[_wp_old_slug]]></wp:meta_key><wp:meta_value><![CDATA[sanctions]]></wp:meta_value></wp:postmeta>"#;
    let tmp = tempfile::tempdir().unwrap();
    let site = import_wxr(
        &tmp,
        &[
            wxr_item("post", "1", "sanctions-2022", "/sanctions-2022/", "<p>Renamed.</p>", old_slug),
            wxr_item(
                "post",
                "2",
                "sanctions",
                "/sanctions/",
                "<p>See <a href=\"https://wp.example.org/sanctions/\">this</a> and <a href=\"/energy/\">energy</a>.</p>",
                "",
            ),
            wxr_item("post", "3", "energy", "/energy/", "<p>Post.</p>", ""),
            wxr_item("page", "4", "energy", "/energy/", "<p>Page.</p>", ""),
        ],
    );
    let renamed = read(&site, "briefs/sanctions-2022.md");
    assert!(
        renamed.contains("aliases: [\"/sanctions-2022/\"]\n"),
        "{renamed}"
    );
    let current = read(&site, "briefs/sanctions.md");
    assert!(
        current.contains("aliases: [\"/sanctions/\"]\n"),
        "{current}"
    );
    assert!(
        current.contains("See [this](sanctions.md) and [energy](/energy/)."),
        "{current}"
    );
    assert!(!read(&site, "briefs/energy.md").contains("aliases:"));
    let report = read(&site, "import/report.md");
    assert!(
        report.contains("the old address /sanctions/ of post 1 (an old slug)"),
        "{report}"
    );
    assert!(
        report.contains("the old address /energy/ of post 3 is also the address of page 4"),
        "{report}"
    );
    let public = site.join("public");
    build(&site);
    assert_redirects(&public, "/sanctions-2022/", "/briefs/sanctions-2022/");
    assert_redirects(&public, "/sanctions/", "/briefs/sanctions/");
    assert!(fs::read_to_string(public.join("energy/index.html"))
        .unwrap()
        .contains("Page."));
}

/// Hugo's `.Date`, which date permalinks use, is `date`, else `publishDate`
/// (`pubdate`, `published`), else `lastmod` (`modified`).
#[test]
fn hugo_date_permalinks_use_the_date_hugo_used() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            (
                "hugo.toml",
                "title = \"H\"\n[permalinks]\n  posts = \"/:year/:month/:slug/\"\n",
            ),
            (
                "content/posts/publish-only.md",
                "---\ntitle: Publish Only\npublishDate: 2021-06-10\n---\nText.\n",
            ),
            (
                "content/posts/lastmod-only.md",
                "---\ntitle: Lastmod Only\nlastmod: 2020-02-03\n---\nText.\n",
            ),
        ],
    );
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    let published = read(&site, "briefs/publish-only.md");
    assert!(published.contains("date: 2021-06-10\n"), "{published}");
    assert!(
        published.contains("aliases: [\"/2021/06/publish-only/\"]"),
        "{published}"
    );
    let modified = read(&site, "briefs/lastmod-only.md");
    assert!(modified.contains("date: 2020-02-03\n"), "{modified}");
    assert!(
        modified.contains("aliases: [\"/2020/02/lastmod-only/\"]"),
        "{modified}"
    );
    build(&site);
}

/// `x.en.md` in the default language is the page `x`, at `/posts/x/` as Hugo served
/// it; `x.ru.md` its translation, left out and listed.
#[test]
fn hugo_the_default_languages_suffix_is_no_part_of_the_name() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            (
                "hugo.toml",
                "title = \"H\"\ndefaultContentLanguage = \"en\"\n[languages]\n  [languages.en]\n    weight = 1\n  [languages.ru]\n    weight = 2\n",
            ),
            (
                "content/posts/gas-deal.en.md",
                "---\ntitle: Gas Deal\ndate: 2022-01-01\n---\nEnglish.\n",
            ),
            (
                "content/posts/gas-deal.ru.md",
                "---\ntitle: Газовая сделка\ndate: 2022-01-01\n---\nРусский.\n",
            ),
        ],
    );
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    let brief = read(&site, "briefs/gas-deal.md");
    assert!(brief.contains("aliases: [\"/posts/gas-deal/\"]"), "{brief}");
    assert!(!site.join("briefs/gas-deal-en.md").exists());
    let report = read(&site, "import/report.md");
    assert!(
        report.contains("`content/posts/gas-deal.ru.md`: a translation"),
        "{report}"
    );
    build(&site);
}

/// A relative link to a file of `static/`, written for the page's old address
/// (`../../../files/report.pdf` from `/2021/06/x/`), goes to that file's address in
/// the site; one to no file is listed.
#[test]
fn hugo_relative_links_to_static_files_are_resolved_against_the_old_address() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            (
                "hugo.toml",
                "title = \"H\"\n[permalinks]\n  posts = \"/:year/:month/:slug/\"\n",
            ),
            (
                "content/posts/report.md",
                "---\ntitle: Report\ndate: 2021-06-10\n---\nRead [a pdf](../../../files/report.pdf) and see ![the chart](../../../images/chart.png).\n",
            ),
            ("static/files/report.pdf", "%PDF-1.4\n"),
            ("static/images/chart.png", "png"),
        ],
    );
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    let brief = read(&site, "briefs/report.md");
    assert!(
        brief.contains("Read [a pdf](/files/report.pdf) and see ![the chart](/images/chart.png)."),
        "{brief}"
    );
    build(&site);

    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            ("hugo.toml", "title = \"H\"\n"),
            (
                "content/posts/gone.md",
                "---\ntitle: Gone\ndate: 2021-06-10\n---\nRead [a pdf](../../files/gone.pdf).\n",
            ),
        ],
    );
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    let report = read(&site, "import/report.md");
    assert!(
        report.contains(
            "a link to `../../files/gone.pdf`, which is no page or file of the imported site"
        ),
        "{report}"
    );
}

/// A file of the Hugo site that is a link to a file outside it (a bundle's
/// `chart.png -> ../../../../outside/secret.png`, one in `static/`) is neither read
/// nor copied, and is listed; a link to a file inside the site is followed.
#[cfg(unix)]
#[test]
fn hugo_links_to_files_outside_the_site_are_not_followed() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            ("hugo.toml", "title = \"H\"\n"),
            (
                "content/posts/b/index.md",
                "---\ntitle: B\ndate: 2022-01-01\n---\nSee ![chart](chart.png) and ![map](map.png).\n",
            ),
            ("content/posts/b/real.png", "a map"),
            ("static/images/real.png", "a logo"),
        ],
    );
    write_files(tmp.path(), &[("outside/secret.png", "SECRET")]);
    symlink(
        "../../../../outside/secret.png",
        source.join("content/posts/b/chart.png"),
    )
    .unwrap();
    symlink("real.png", source.join("content/posts/b/map.png")).unwrap();
    symlink(
        "../../../outside/secret.png",
        source.join("static/images/leak.png"),
    )
    .unwrap();
    symlink("real.png", source.join("static/images/logo.png")).unwrap();
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    for file in files_under(&site) {
        let bytes = fs::read(site.join(&file)).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("SECRET"),
            "{file} holds the file outside the site"
        );
    }
    assert_eq!(read(&site, "briefs/b/map.png"), "a map");
    assert_eq!(read(&site, "site/static/images/logo.png"), "a logo");
    let report = read(&site, "import/report.md");
    for link in ["content/posts/b/chart.png", "static/images/leak.png"] {
        assert!(
            report.contains(&format!(
                "`{link}` is a link to a file outside the Hugo site"
            )),
            "{link}: {report}"
        );
    }
}

/// An import never writes into the archive it reads: a destination inside the Hugo
/// site is refused before anything is written.
#[test]
fn hugo_an_import_into_the_site_it_reads_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            ("hugo.toml", "title = \"H\"\n"),
            ("content/posts/a.md", HUGO_POST),
        ],
    );
    let (code, _, stderr) = run(
        tmp.path(),
        &["import", "hugo", "hugo", "hugo/content/../content/imported"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("is inside the Hugo site"), "{stderr}");
    assert!(!source.join("content/imported").exists());
}

/// The summary made from the first paragraph is its text: no footnote reference, no
/// image's alt text (a linked image is no paragraph of text).
#[test]
fn wordpress_summaries_are_the_first_paragraph_of_text() {
    let footnoted = "<!-- wp:paragraph -->\n<p>Exports rose<sup data-fn=\"f1\" class=\"fn\"><a href=\"#f1\" id=\"f1-link\">1</a></sup> sharply.</p>\n<!-- /wp:paragraph -->";
    let notes = r#"<wp:postmeta><wp:meta_key><![CDATA[footnotes]]></wp:meta_key><wp:meta_value><![CDATA[[{"content":"Customs data.","id":"f1"}]]]></wp:meta_value></wp:postmeta>"#;
    let pictured = "<p><a href=\"https://other.example/map.png\"><img src=\"https://other.example/map-300x200.png\" alt=\"Map of the Arctic\" /></a></p>\n<p>Russia is expanding its Arctic fleet.</p>";
    let tmp = tempfile::tempdir().unwrap();
    let site = import_wxr(
        &tmp,
        &[
            wxr_item("post", "1", "noted", "/noted/", footnoted, notes),
            wxr_item("post", "2", "pictured", "/pictured/", pictured, ""),
        ],
    );
    let noted = read(&site, "briefs/noted.md");
    assert!(
        noted.contains("summary: \"Exports rose sharply.\"\n"),
        "{noted}"
    );
    let pictured = read(&site, "briefs/pictured.md");
    assert!(
        pictured.contains("summary: \"Russia is expanding its Arctic fleet.\"\n"),
        "{pictured}"
    );
    let warnings = build(&site);
    assert!(!warnings.contains("W-link-not-shown"), "{warnings}");
}

/// A table htmd keeps as HTML because a cell holds a list is listed for review.
#[test]
fn wordpress_a_table_with_a_list_in_a_cell_is_listed_for_review() {
    let body = "<p>Intro text.</p>\n<table><thead><tr><th>Option</th><th>Effects</th></tr></thead><tbody><tr><td>Sanctions</td><td><ul><li>cost</li><li>delay</li></ul></td></tr></tbody></table>";
    let tmp = tempfile::tempdir().unwrap();
    let site = import_wxr(&tmp, &[wxr_item("post", "8", "table", "/table/", body, "")]);
    let brief = read(&site, "briefs/table.md");
    assert!(brief.contains("<table>"), "{brief}");
    let report = read(&site, "import/report.md");
    assert!(
        report.contains("`briefs/table.md:13`: `<table>` is kept as HTML"),
        "{report}"
    );
}

/// A file whose front matter cannot be read is left out and needs a person: the
/// report names the line of the file, and the terminal's summary counts it.
#[test]
fn hugo_unreadable_front_matter_is_reported_at_the_files_line() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            ("hugo.toml", "title = \"H\"\n"),
            (
                "content/posts/broken.md",
                "---\ntitle: Broken\ndate: 2022-01-01\ntags: [a, b\n---\nText.\n",
            ),
            (
                "content/posts/baddate.md",
                "+++\ntitle = \"T\"\ndate = 2022-13-45\n+++\nText.\n",
            ),
        ],
    );
    let site = tmp.path().join("site");
    let (code, stdout, stderr) = run(
        tmp.path(),
        &["import", "hugo", "hugo", site.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("2 item(s) need a person"), "{stdout}");
    assert!(stdout.contains("2 file(s) left out"), "{stdout}");
    let report = read(&site, "import/report.md");
    assert!(
        report.contains("`content/posts/baddate.md:3:8`"),
        "{report}"
    );
    assert!(report.contains("`content/posts/broken.md:5:1`"), "{report}");
}

/// A symbolic link in `content/` to a Markdown file or to a folder is not followed,
/// and the report says so: it was left out in silence, a page missing from the new
/// site with nothing to tell why.
#[test]
fn hugo_symbolic_links_in_content_are_listed_not_skipped_in_silence() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            ("hugo.toml", "title = \"H\"\n"),
            ("content/posts/a.md", HUGO_POST),
            ("drafts/b.md", HUGO_POST),
            ("drafts/more/c.md", HUGO_POST),
        ],
    );
    symlink("../../drafts/b.md", source.join("content/posts/b.md")).unwrap();
    symlink("../../drafts/more", source.join("content/posts/more")).unwrap();
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    assert!(site.join("briefs/a.md").exists());
    assert!(!site.join("briefs/b.md").exists());
    let report = read(&site, "import/report.md");
    assert!(
        report.contains("- `content/posts/b.md`: a symbolic link to a Markdown file;"),
        "{report}"
    );
    assert!(
        report.contains("- `content/posts/more`: a symbolic link to a folder;"),
        "{report}"
    );
}

/// An import never writes into a folder it reads: a destination inside the local copy
/// of the uploads (`--media`) is refused before anything is written, as one inside a
/// Hugo site is.
#[test]
fn wordpress_an_import_into_the_media_folder_it_reads_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let uploads = tmp.path().join("uploads");
    fs::create_dir_all(uploads.join("2023/05")).unwrap();
    fs::write(uploads.join("2023/05/lng-imports.png"), "image").unwrap();
    let export = fixture(WXR);
    for dir in ["uploads/site", "uploads/2023/../site"] {
        let (code, _, stderr) = run(
            tmp.path(),
            &["import", "wordpress", &export, "--media", "uploads", dir],
        );
        assert_eq!(code, 2, "{dir}: {stderr}");
        assert!(
            stderr.contains("is inside the media folder"),
            "{dir}: {stderr}"
        );
    }
    assert_eq!(
        files_under(&uploads),
        vec!["2023/05/lng-imports.png".to_string()]
    );
}

/// A file of the archive where another needs a folder (a static file `media/team` and
/// the `team` bundle's `photo.png`, copied to `media/team/photo.png`) is listed, and
/// the import goes on: it stopped, writing nothing.
#[test]
fn a_file_where_another_needs_a_folder_is_listed_and_the_import_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("hugo");
    write_files(
        &source,
        &[
            ("hugo.toml", "title = \"T\"\n"),
            (
                "content/team/index.md",
                "---\ntitle: Team\n---\n![Us](photo.png)\n",
            ),
            ("content/team/photo.png", "the bundle's photo"),
            ("content/posts/a.md", HUGO_POST),
            ("static/media/team", "a static file named like the folder"),
        ],
    );
    let site = import(&tmp, &["hugo", &source.display().to_string()]);
    // The first in the order of the archive's files (`content/` before `static/`) is
    // kept.
    assert_eq!(
        read(&site, "site/static/media/team/photo.png"),
        "the bundle's photo"
    );
    assert!(site.join("briefs/a.md").exists());
    let report = read(&site, "import/report.md");
    assert!(
        report.contains("static/media/team`: not copied to `site/static/media/team`: `site/static/media/team/photo.png` is already the copy of"),
        "{report}"
    );
    assert!(
        report.contains("content/team/photo.png`, in a folder where this would be a file"),
        "{report}"
    );
}
