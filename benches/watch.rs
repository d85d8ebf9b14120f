//! Watch-mode latency: `cargo bench --bench watch [-- 1000 10000]`.
//!
//! For each corpus size: generates a corpus, builds it in a watch session, then
//! measures (median of 20) the time from a saved one-brief edit to its pages being
//! written (when `watch` reloads the browser) and the search index update that
//! follows, a title edit (which patches the site, median of 5), a tag, a topic and a
//! link edit (which patch it too, medians of 5), a tag and a topic edit of the newest
//! brief (among its topics' newest, medians of 5), a new brief dated as the newest
//! and its deletion (medians of 5), a full rebuild after a template change (median of 5). Then, from
//! outside a running `statecraft watch` process as a writer sees it: the time from
//! saving a text edit (median of 20), a title edit (until the brief's page and its
//! year's archive page both show it), a tag, a topic, a link, a date and an author
//! edit, the newest brief's tag and topic edits, a new brief and its deletion, a
//! new brief dated as the middle one (among the others) and its deletion, a region no
//! other brief has, and the first brief of a year (the year after the newest brief's)
//! and its deletion (medians of 5) to the end of the rebuild that wrote them (the line `watch` prints once every
//! page of the edit is written) with the pages on disk showing the edit; the time
//! `watch` takes to write its first build next to `build`'s (run before `watch`
//! starts and again after it stops), and the CPU it uses idle over 10 seconds.
//! Prints a Markdown table.
//! Timing is done here, never in the test suite.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use statecraft::dev::session::Session;
use statecraft::BuildOptions;

// The allocator of the `statecraft` binary, so that the session measured here in
// process allocates as `watch` does (the system allocator made relinks ~15% slower).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// CPU seconds used by a process so far (utime + stime from /proc, in clock ticks).
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1000, 10000]
    } else {
        sizes
    };
    let binary = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/statecraft");
    println!("| briefs | one-brief edit, save to pages written (median of 20) | of which parse / link / render / write | then search index updated | pages re-rendered per edit | title edit, save to pages written (median of 5) | tag / topic / link / date / author edit, save to pages written (medians of 5) | newest brief: tag / topic edit (medians of 5) | new brief / brief deleted (medians of 5) | template change, full rebuild (median of 5) | from outside: text edit, save to pages written (median of 20) | from outside: title edit, save to pages written (median of 5) | from outside: tag / topic / link / date / author edit (medians of 5) | from outside: newest brief's tag / topic edit, new brief / brief deleted (medians of 5) | from outside: new brief dated among the others / deleted (medians of 5) | from outside: new region, first brief of a year / deleted (medians of 5) | watch start to first build written (build before it, after it) | idle watcher CPU over 10 s |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for n in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        statecraft::corpus::generate(&root, n, 1).expect("corpus");
        // PDF editions are measured on their own (README); here they would only make
        // the first build minutes long.
        let mut options = BuildOptions::new(&root);
        options.no_pdf = true;
        let mut session = Session::new(options);
        session.rebuild(&[]).expect("first build");

        let brief = PathBuf::from(format!("briefs/brief-{:05}.md", n / 2));
        let original = fs::read_to_string(root.join(&brief)).expect("brief");
        let mut edits = Vec::new();
        let mut searches = Vec::new();
        let mut rendered = Vec::new();
        let mut stages: [Vec<Duration>; 4] = Default::default();
        for i in 0..20 {
            let edited = original.replacen("## ", &format!("## Edit {i} "), 1);
            let started = Instant::now();
            fs::write(root.join(&brief), edited).expect("save");
            let rebuild = session
                .rebuild_pages(std::slice::from_ref(&brief))
                .expect("rebuild");
            edits.push(started.elapsed());
            assert!(
                !rebuild.relinked,
                "a heading edit inside a brief patches the site"
            );
            searches.push(session.update_search_index().expect("search index").elapsed);
            rendered.push(rebuild.pages_rendered);
            let t = &rebuild.timings;
            for (samples, time) in stages.iter_mut().zip([t.parse, t.link, t.render, t.write]) {
                samples.push(time);
            }
        }
        rendered.sort();
        fs::write(root.join(&brief), &original).expect("restore");
        session
            .rebuild(std::slice::from_ref(&brief))
            .expect("rebuild");

        // A new title shows on every list of the brief and in links to it: the site is
        // patched in place and the pages that show the brief's card rendered again.
        let mut retitled = Vec::new();
        for i in 0..5 {
            let edited = original.replacen("title: \"", &format!("title: \"Retitled {i} "), 1);
            let started = Instant::now();
            fs::write(root.join(&brief), edited).expect("save");
            let rebuild = session
                .rebuild_pages(std::slice::from_ref(&brief))
                .expect("rebuild");
            retitled.push(started.elapsed());
            assert!(
                rebuild.pages_rendered > 0,
                "a title edit renders the pages showing it"
            );
            session.update_search_index().expect("search index");
        }

        fs::write(root.join(&brief), &original).expect("restore");
        session
            .rebuild(std::slice::from_ref(&brief))
            .expect("rebuild");

        // A tag, a topic and a link: the site is patched in place too (terms, pairs of
        // topics and related briefs; backlinks), and what shows them rendered again.
        let topics_line = original
            .lines()
            .find(|line| line.starts_with("topics:"))
            .expect("the brief's topics")
            .to_string();
        let mut patched_on = |brief: &PathBuf, original: &str, edit: &dyn Fn(usize) -> String| {
            let mut times = Vec::new();
            for i in 0..5 {
                let started = Instant::now();
                fs::write(root.join(brief), edit(i)).expect("save");
                let rebuild = session
                    .rebuild_pages(std::slice::from_ref(brief))
                    .expect("rebuild");
                times.push(started.elapsed());
                assert!(!rebuild.relinked, "edit {i} patches the site");
                session.update_search_index().expect("search index");
            }
            fs::write(root.join(brief), original).expect("restore");
            session
                .rebuild(std::slice::from_ref(brief))
                .expect("rebuild");
            ms(median(times))
        };
        let mut patched = |edit: &dyn Fn(usize) -> String| patched_on(&brief, &original, edit);
        let tag_edit =
            patched(&|i| original.replacen("tags: [", &format!("tags: [new-tag-{i}, "), 1));
        let topic_edit = patched(&|i| {
            let topics = ["topics: [hard-power]", "topics: [soft-power, hard-power]"][i % 2];
            original.replacen(&topics_line, topics, 1)
        });
        let link_edit = patched(&|i| {
            let link = format!("See [[brief-{:05}]] (link {i}).\n\n## ", n / 2 + 1 + i);
            original.replacen("## ", &link, 1)
        });
        let dates = other_dates(&original);
        let date_edit = patched(&|i| dates[i].0.clone());
        let authors = other_authors(&original);
        let author_edit = patched(&|i| authors[i].0.clone());

        // The newest brief, the one an analyst most likely edits: it is among its topics'
        // newest, from which briefs with few narrow matches draw related briefs.
        let (newest, newest_original) = newest_brief(&root);
        let newest_topics = newest_original
            .lines()
            .find(|line| line.starts_with("topics:"))
            .expect("the newest brief's topics");
        let newest_tag_edit = patched_on(&newest, &newest_original, &|i| {
            newest_original.replacen("tags: [", &format!("tags: [new-tag-{i}, "), 1)
        });
        let topic_sets = other_topic_sets(newest_topics);
        let newest_topic_edit = patched_on(&newest, &newest_original, &|i| {
            let (line, _) = topic_sets[i % topic_sets.len()];
            newest_original.replacen(newest_topics, line, 1)
        });

        // A new brief (a copy of the middle one under another name and title, dated as
        // the newest brief), then its deletion: each comes or goes as its skeleton, and
        // the patches of an edit do the rest.
        let mut added = Vec::new();
        let mut deleted = Vec::new();
        for i in 0..5 {
            let path = PathBuf::from(format!("briefs/added-{i}.md"));
            let text = new_brief_text(&original, &newest_original, i);
            let started = Instant::now();
            fs::write(root.join(&path), text).expect("save");
            let rebuild = session
                .rebuild_pages(std::slice::from_ref(&path))
                .expect("rebuild");
            added.push(started.elapsed());
            assert!(rebuild.pages_rendered > 0, "a new brief is rendered");
            session.update_search_index().expect("search index");
            let started = Instant::now();
            fs::remove_file(root.join(&path)).expect("delete");
            session
                .rebuild_pages(std::slice::from_ref(&path))
                .expect("rebuild");
            deleted.push(started.elapsed());
            session.update_search_index().expect("search index");
        }
        let (added, deleted) = (ms(median(added)), ms(median(deleted)));

        let template = PathBuf::from("site/templates/404.html");
        let mut full = Vec::new();
        for i in 0..5 {
            fs::create_dir_all(root.join("site/templates")).expect("templates folder");
            let started = Instant::now();
            fs::write(
                root.join(&template),
                format!("<!doctype html><title>Lost {i}</title><p>Not here.</p>"),
            )
            .expect("save");
            session
                .rebuild(std::slice::from_ref(&template))
                .expect("rebuild");
            full.push(started.elapsed());
        }

        let outside = if binary.is_file() {
            from_outside(
                &binary,
                &root,
                (&brief, &original),
                (&newest, &newest_original),
            )
        } else {
            Outside::default()
        };
        let stages: Vec<String> = stages.into_iter().map(|s| ms(median(s))).collect();
        println!(
            "| {n} | {} | {} | {} | {} | {} | {tag_edit} / {topic_edit} / {link_edit} / {date_edit} / {author_edit} | {newest_tag_edit} / {newest_topic_edit} | {added} / {deleted} | {} | {} | {} | {} / {} / {} / {} / {} | {} / {} / {} / {} | {} / {} | {}, {} / {} | {} | {} |",
            ms(median(edits)),
            stages.join(" / "),
            ms(median(searches)),
            rendered[rendered.len() / 2],
            ms(median(retitled)),
            ms(median(full)),
            outside.body_edit,
            outside.title_edit,
            outside.tag_edit,
            outside.topic_edit,
            outside.link_edit,
            outside.date_edit,
            outside.author_edit,
            outside.newest_tag_edit,
            outside.newest_topic_edit,
            outside.added,
            outside.deleted,
            outside.backdated_added,
            outside.backdated_deleted,
            outside.region_edit,
            outside.new_year_added,
            outside.new_year_deleted,
            outside.start,
            outside.idle,
        );
    }
}

/// The text of a new brief `i`: the generated brief `original` under a title of its own,
/// dated as the brief `dated_as` is (the newest brief, as a brief being published is, or
/// `original` itself, among the others).
fn new_brief_text(original: &str, dated_as: &str, i: usize) -> String {
    let date = |text: &str| {
        text.lines()
            .find(|line| line.starts_with("date: "))
            .expect("a date line")
            .to_string()
    };
    original
        .replacen(&date(original), &date(dated_as), 1)
        .replacen("title: \"", &format!("title: \"Added brief {i} "), 1)
}

/// A date line (`date: YYYY-01-01`) of the year after the date of `brief`'s text; the
/// generated corpora end in 2024, so the year has come.
fn first_of_next_year(brief: &str) -> String {
    let date = brief
        .lines()
        .find_map(|line| line.strip_prefix("date: "))
        .expect("a date line");
    let year: i32 = date[..4].parse().expect("a year");
    format!("date: {}-01-01", year + 1)
}

/// Five saves of `original` (a generated brief), each with another registered author
/// before its own, with what its page then shows (the author's citation tag).
fn other_authors(original: &str) -> Vec<(String, String)> {
    let authors_line = original
        .lines()
        .find(|line| line.starts_with("authors: ["))
        .expect("the brief's authors");
    (1..=60)
        .map(|k| format!("author-{k:02}"))
        .filter(|id| {
            !authors_line.contains(&format!("{id},")) && !authors_line.contains(&format!("{id}]"))
        })
        .take(5)
        .map(|id| {
            let text = original.replacen("authors: [", &format!("authors: [{id}, "), 1);
            let name = id.replace("author-", "Author ");
            (
                text,
                format!("<meta name=\"citation_author\" content=\"{name}\">"),
            )
        })
        .collect()
}

/// Two sets of topics other than those of `topics_line` (a brief's `topics:` line),
/// each with how a brief's page names them first in its citation keywords.
fn other_topic_sets(topics_line: &str) -> Vec<(&'static str, &'static str)> {
    [
        ("topics: [hard-power]", "content=\"hard power; "),
        (
            "topics: [soft-power, hard-power]",
            "content=\"soft power; hard power; ",
        ),
        (
            "topics: [alliance-dynamics]",
            "content=\"alliance dynamics; ",
        ),
    ]
    .into_iter()
    .filter(|(line, _)| *line != topics_line)
    .take(2)
    .collect()
}

/// The newest brief of the corpus at `root` (the first file of the newest date), and
/// its text.
fn newest_brief(root: &std::path::Path) -> (PathBuf, String) {
    let mut briefs: Vec<PathBuf> = fs::read_dir(root.join("briefs"))
        .expect("briefs folder")
        .map(|entry| entry.expect("brief").path())
        .collect();
    briefs.sort();
    let date = |text: &str| {
        text.lines()
            .find_map(|line| line.strip_prefix("date: "))
            .map(|date| date.trim_matches('"').to_string())
            .unwrap_or_default()
    };
    let mut newest: Option<(String, PathBuf, String)> = None;
    for path in briefs {
        let text = fs::read_to_string(&path).expect("brief");
        let day = date(&text);
        if newest.as_ref().is_none_or(|(newest, _, _)| day > *newest) {
            let relative = path
                .strip_prefix(root)
                .expect("inside the site")
                .to_path_buf();
            newest = Some((day, relative, text));
        }
    }
    let (_, path, text) = newest.expect("a brief");
    (path, text)
}

/// Five saves of `original` (a generated brief), each with a new tag named after
/// `prefix` before its own, with that tag (which its page then shows).
fn new_tags(original: &str, prefix: &str) -> Vec<(String, String)> {
    (0..5)
        .map(|i| {
            let tag = format!("{prefix}-{i}");
            let text = original.replacen("tags: [", &format!("tags: [{tag}, "), 1);
            (text, tag)
        })
        .collect()
}

/// Five saves of `original` (a generated brief), each with two sets of topics that are
/// not its own in turn, with how its page then names them first in its citation
/// keywords.
fn other_topics(original: &str) -> Vec<(String, String)> {
    let topics_line = original
        .lines()
        .find(|line| line.starts_with("topics:"))
        .expect("the brief's topics");
    let sets = other_topic_sets(topics_line);
    (0..5)
        .map(|i| {
            let (line, shows) = sets[i % sets.len()];
            (original.replacen(topics_line, line, 1), shows.to_string())
        })
        .collect()
}

/// Five versions of the brief `original` dated otherwise in the same year (which moves
/// it among the briefs), each with what its page then shows.
fn other_dates(original: &str) -> Vec<(String, String)> {
    let line = original
        .lines()
        .find(|line| line.starts_with("date: "))
        .expect("the brief's date");
    let year = line["date: ".len()..]
        .trim_matches('"')
        .get(..4)
        .expect("a year");
    (1..=12)
        .map(|month| format!("{year}-{month:02}-28"))
        .filter(|date| !line.contains(date.as_str()))
        .take(5)
        .map(|date| {
            let text = original.replacen(line, &format!("date: {date}"), 1);
            (text, format!("datetime=\"{date}\""))
        })
        .collect()
}

/// What is measured against a running `statecraft watch` process, as a writer sees it.
struct Outside {
    /// Save of a text edit to the page on disk showing it (median of 20).
    body_edit: String,
    /// Save of a title edit to the brief's page and its year's archive page on disk
    /// both showing it (median of 5).
    title_edit: String,
    /// Save of a tag, a topic and a link edit to the brief's page on disk showing it,
    /// after the rebuild that wrote every page of the edit (medians of 5).
    tag_edit: String,
    topic_edit: String,
    link_edit: String,
    date_edit: String,
    author_edit: String,
    /// The newest brief's tag and topic edits, to its page showing them.
    newest_tag_edit: String,
    newest_topic_edit: String,
    /// Save of a new brief to its page on disk, and its deletion to its page gone.
    added: String,
    deleted: String,
    /// The same for a new brief dated as the middle one, among the others.
    backdated_added: String,
    backdated_deleted: String,
    /// Save of a region no other brief has to the brief's page on disk showing it.
    region_edit: String,
    /// The same as `added` and `deleted` for the first brief of a year.
    new_year_added: String,
    new_year_deleted: String,
    /// Start of `watch` to its first build written, and `build` on the same site.
    start: String,
    /// CPU used over 10 idle seconds.
    idle: String,
}

impl Default for Outside {
    fn default() -> Outside {
        let missing = "build target/release/statecraft first".to_string();
        Outside {
            body_edit: missing.clone(),
            title_edit: missing.clone(),
            tag_edit: missing.clone(),
            topic_edit: missing.clone(),
            link_edit: missing.clone(),
            date_edit: missing.clone(),
            author_edit: missing.clone(),
            newest_tag_edit: missing.clone(),
            newest_topic_edit: missing.clone(),
            added: missing.clone(),
            deleted: missing.clone(),
            backdated_added: missing.clone(),
            backdated_deleted: missing.clone(),
            region_edit: missing.clone(),
            new_year_added: missing.clone(),
            new_year_deleted: missing.clone(),
            start: missing.clone(),
            idle: missing,
        }
    }
}

/// Times `statecraft build` and `statecraft watch` on `root`, then edits `brief` and
/// `newest` (each a path and its text), adds a brief and deletes it, and after each
/// rebuild looks at the pages on disk until the edit shows.
fn from_outside(
    binary: &std::path::Path,
    root: &std::path::Path,
    (brief, original): (&std::path::Path, &str),
    (newest, newest_original): (&std::path::Path, &str),
) -> Outside {
    let out = root.join("public");
    // `build` and `watch` each write into a folder that does not exist yet (`watch`
    // not replacing the session's output). On ext4, removing thousands of files makes
    // the next allocations slower for a while: the session's output is removed before
    // the first build, whose time is the one that pays for it, and `build` runs again,
    // into another folder, once `watch` has stopped. Build folders go at the very end.
    let builds = [root.join("public-build"), root.join("public-build-after")];
    for folder in builds.iter().chain([&out]) {
        let _ = fs::remove_dir_all(folder);
    }
    let build_into = |folder: &std::path::Path| {
        let started = Instant::now();
        let status = Command::new(binary)
            .args(["build", "--no-pdf", "--root"])
            .arg(root)
            .arg("--out")
            .arg(folder)
            .stdout(Stdio::null())
            .status()
            .expect("run build");
        assert!(status.success());
        started.elapsed()
    };
    let build_time = build_into(&builds[0]);

    let started = Instant::now();
    let mut child = Command::new(binary)
        .args(["watch", "--no-pdf", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start watch");
    let stdout = child.stdout.take().expect("watch output");
    let mut lines = BufReader::new(stdout).lines();
    let built = lines.any(|line| line.is_ok_and(|l| l.starts_with("built")));
    assert!(built, "statecraft watch did not finish its first build");
    let watch_time = started.elapsed();
    // The watcher prints a line once a rebuild's pages are all written (and the browser
    // is told to reload); a thread passes the lines on, so that it never blocks on a
    // full pipe.
    let (rebuilds, rebuilt) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            if line.starts_with("rebuilt") && rebuilds.send(()).is_err() {
                break;
            }
        }
    });
    std::thread::sleep(Duration::from_secs(1));

    let before = cpu_seconds(child.id());
    std::thread::sleep(Duration::from_secs(10));
    let after = cpu_seconds(child.id());
    let idle = match (before, after) {
        (Some(b), Some(a)) => format!("{:.2} s ({:.1}% of a core)", a - b, (a - b) * 10.0),
        _ => "unavailable".to_string(),
    };

    let page_of = |brief: &std::path::Path| {
        let slug = brief.file_stem().expect("brief name").to_string_lossy();
        out.join("briefs").join(slug.as_ref()).join("index.html")
    };
    let page = page_of(brief);
    let year = original
        .lines()
        .find_map(|line| line.strip_prefix("date: "))
        .and_then(|date| date.trim_matches('"').get(..4))
        .expect("the brief's date");
    let year_page = out.join("archive").join(year).join("index.html");
    // From `change` to the end of the first rebuild after which `done` holds: every
    // page of the change is then written, not only those `done` looks at.
    let change_and_wait = |change: &dyn Fn(), done: &dyn Fn() -> bool| {
        while rebuilt.try_recv().is_ok() {}
        let started = Instant::now();
        change();
        loop {
            rebuilt
                .recv_timeout(Duration::from_secs(60))
                .expect("the change never showed");
            if done() {
                return started.elapsed();
            }
        }
    };
    let shown_on = |pages: &[&std::path::Path], shows: &str| {
        pages
            .iter()
            .all(|page| fs::read_to_string(page).is_ok_and(|html| html.contains(shows)))
    };
    // From saving `text` as `brief` to every one of `pages` showing `shows`.
    let save_and_wait_for =
        |brief: &std::path::Path, text: String, shows: &str, pages: &[&std::path::Path]| {
            change_and_wait(
                &|| fs::write(root.join(brief), &text).expect("save"),
                &|| shown_on(pages, shows),
            )
        };
    let save_and_wait = |text: String, shows: &str| save_and_wait_for(brief, text, shows, &[&page]);
    let mut body_edits = Vec::new();
    for i in 0..20 {
        let marker = format!("Outside edit {i}");
        body_edits.push(save_and_wait(
            original.replacen("## ", &format!("## {marker} "), 1),
            &marker,
        ));
        std::thread::sleep(Duration::from_millis(300));
    }
    // The search index and PDFs follow a rebuild: let them settle.
    let settle = || std::thread::sleep(Duration::from_millis(1500));
    // Five edits of `brief`, each given `i`, as (text, what `pages` then show).
    let five_of = |brief: &std::path::Path,
                   edit: &dyn Fn(usize) -> (String, String),
                   pages: &[&std::path::Path]| {
        let times = (0..5)
            .map(|i| {
                let (text, shows) = edit(i);
                let time = save_and_wait_for(brief, text, &shows, pages);
                settle();
                time
            })
            .collect();
        ms(median(times))
    };
    let five = |edit: &dyn Fn(usize) -> (String, String), pages: &[&std::path::Path]| {
        five_of(brief, edit, pages)
    };
    let title_edit = five(
        &|i| {
            let title = format!("Outside title {i}");
            let text = original.replacen("title: \"", &format!("title: \"{title} "), 1);
            (text, title)
        },
        &[&page, &year_page],
    );
    let tags = new_tags(original, "outside-tag");
    let tag_edit = five(&|i| tags[i].clone(), &[&page]);
    // For the bench's brief, the topics of the in-process topic edit.
    let topics = other_topics(original);
    let topic_edit = five(&|i| topics[i].clone(), &[&page]);
    let link_edit = five(
        &|i| {
            let shows = format!("(outside link {i})");
            let link = format!("See [[brief-{:05}]] {shows}.\n\n## ", i + 1);
            (original.replacen("## ", &link, 1), shows)
        },
        &[&page],
    );
    let dates = other_dates(original);
    let date_edit = five(&|i| dates[i].clone(), &[&page]);
    let authors = other_authors(original);
    let author_edit = five(&|i| authors[i].clone(), &[&page]);
    // A region no brief has: a new region page, and the filter choices of every list
    // page (one script, not the list pages).
    let region_edit = five(
        &|i| {
            let region = format!("Outside region {i}");
            let text = original.replacen("regions: [", &format!("regions: [{region}, "), 1);
            (text, region)
        },
        &[&page],
    );
    fs::write(root.join(brief), original).expect("restore");
    settle();

    let newest_page = page_of(newest);
    let tags = new_tags(newest_original, "outside-newest-tag");
    let newest_tag_edit = five_of(newest, &|i| tags[i].clone(), &[&newest_page]);
    let topics = other_topics(newest_original);
    let newest_topic_edit = five_of(newest, &|i| topics[i].clone(), &[&newest_page]);
    fs::write(root.join(newest), newest_original).expect("restore");
    settle();

    // Five new briefs, each then deleted: from save to its page on disk, and from
    // deletion to its page gone. `name` names each file, `text` gives its text.
    let five_added = |name: &str, text: &dyn Fn(usize) -> String| {
        let mut added = Vec::new();
        let mut deleted = Vec::new();
        for i in 0..5 {
            let path = PathBuf::from(format!("briefs/{name}-{i}.md"));
            let added_page = page_of(&path);
            added.push(save_and_wait_for(
                &path,
                text(i),
                &format!("Added brief {i} "),
                &[&added_page],
            ));
            settle();
            deleted.push(change_and_wait(
                &|| fs::remove_file(root.join(&path)).expect("delete"),
                &|| !added_page.exists(),
            ));
            settle();
        }
        (ms(median(added)), ms(median(deleted)))
    };
    let (added, deleted) = five_added("outside-added", &|i| {
        new_brief_text(original, newest_original, i)
    });
    // Dated as the middle brief: every list it is in shifts by one from its place on
    // (about 630 pages at 10,000 briefs).
    let (backdated_added, backdated_deleted) = five_added("outside-backdated", &|i| {
        new_brief_text(original, original, i)
    });
    // The first brief of the year after the newest brief's: a new archive page, every
    // year's page and the filter choices.
    let next_year = first_of_next_year(newest_original);
    let (new_year_added, new_year_deleted) = five_added("outside-new-year", &|i| {
        new_brief_text(original, &next_year, i)
    });
    let _ = child.kill();
    let _ = child.wait();
    let build_after = build_into(&builds[1]);
    for folder in &builds {
        let _ = fs::remove_dir_all(folder);
    }
    Outside {
        body_edit: ms(median(body_edits)),
        title_edit,
        tag_edit,
        topic_edit,
        link_edit,
        date_edit,
        author_edit,
        newest_tag_edit,
        newest_topic_edit,
        added,
        deleted,
        backdated_added,
        backdated_deleted,
        region_edit,
        new_year_added,
        new_year_deleted,
        start: format!(
            "{} (build {} before, {} after)",
            ms(watch_time),
            ms(build_time),
            ms(build_after)
        ),
        idle,
    }
}
