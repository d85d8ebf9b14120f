//! Times one kind of edit of one brief in a watch session, stage by stage: the tool
//! behind the README's "profiling example" figures, and the program to put under
//! `perf record` when an edit is slow.
//!
//! ```sh
//! statecraft bench-corpus --n 10000 /dev/shm/c10k
//! cargo build --release --example edit_profile
//! ONLY=topic N=25 OUT=/dev/shm/out ./target/release/examples/edit_profile /dev/shm/c10k
//! ```
//!
//! `ONLY`: `text` (the default when unknown), `title`, `summary`, `tag`, `topic`, `date`,
//! `link`, `author`, `updated`, `related`, `series` (joins a series `brief-00100` is
//! put in first, then changes its part), `newseries` (starts a series of its own on
//! even saves, `brief-00100` being in another, and leaves it on odd ones), or a save of several at once: `titletag`,
//! `titlelink`, `datesummary`; `figure`: the brief shows a figure (a 1200x675 PNG
//! beside it, written first) on even saves and no longer on odd ones; `image`: the
//! same PNG is its `image:` (instead of its social card) on even saves; `pdf`: the brief
//! has `pdf: false` on even saves; `alias`: an old address (`aliases:`) on even saves;
//! `newheading`: a new heading at the end of the text; or `new`: a new brief (a copy of `BRIEF` under another
//! name and title, so among the others by its date) on even saves, its deletion on odd
//! ones; `newest`: the same, dated the day of the newest brief, as a brief being
//! published is; `newyear`: the same, dated the first of January after the newest
//! brief (the first brief of a year); `newtranslation`: a new translation (`BRIEF`, a
//! translation of a corpus made with `--languages`, made one of an original without
//! one in its language), and its deletion; `region`: a region no other brief has, a new one
//! each save; `yeardate`: a date in 2025, a year no brief of a generated corpus has, on
//! even saves, and the brief's own on odd ones. `N`: how many saves (default 5). `BRIEF`: the brief,
//! relative to the site (default the middle one of a generated corpus, as in the watch
//! bench). `OUT`: the output folder. `PAUSE`: milliseconds to wait before each save
//! (default 0; an editor's saves come seconds apart). `NO_SEARCH` (set): the search
//! index is not updated after each save (a profile of the saves alone). Prints each save's stages and the
//! medians. Timing is done here and in `benches/`, never in the test suite.

use std::path::{Path, PathBuf};
use std::time::Duration;

use statecraft::build::BuildOptions;
use statecraft::dev::session::{SearchUpdate, Session};

// The allocator of the `statecraft` binary, so that the session allocates as `watch` does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).expect("corpus"));
    let only = std::env::var("ONLY").unwrap_or_else(|_| "text".into());
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let brief = std::env::var("BRIEF").unwrap_or_else(|_| {
        // The middle brief of a generated corpus, as in the watch bench.
        let briefs = std::fs::read_dir(root.join("briefs"))
            .expect("briefs")
            .count();
        format!("briefs/brief-{:05}.md", briefs / 2)
    });
    let mut options = BuildOptions::new(&root);
    options.out = std::env::var("OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root.join("public"));
    options.default_out = false;
    options.no_pdf = true;
    // A series edit joins a series another brief is in (one that comes or goes links
    // the site again).
    let series_member = root.join("briefs/brief-00100.md");
    let member_original = (only == "series" || only == "newseries")
        .then(|| std::fs::read_to_string(&series_member).expect("briefs/brief-00100.md"));
    if let Some(member_original) = &member_original {
        let text = member_original.replacen(
            "\ntopics:",
            "\nseries: {name: Profile series, part: 1}\ntopics:",
            1,
        );
        std::fs::write(&series_member, text).unwrap();
    }
    let figure = root.join("briefs/profile-map.png");
    if only == "figure" || only == "image" {
        image::RgbImage::from_pixel(1200, 675, image::Rgb([31, 95, 168]))
            .save(&figure)
            .expect("write PNG");
    }
    // Saves come seconds apart in an editor: what the process does between them (give
    // freed memory back, say) counts.
    let pause = Duration::from_millis(
        std::env::var("PAUSE")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .unwrap_or(0),
    );
    let no_search = std::env::var_os("NO_SEARCH").is_some();
    let mut session = Session::new(options);
    let first = session.rebuild(&[]).expect("first build");
    eprintln!("first build {:?}", first.elapsed);
    let mut original = std::fs::read_to_string(root.join(&brief)).unwrap();
    // Once, before the saves: looking through the corpus is no part of a save.
    let mut saved = "briefs/profile-added.md".to_string();
    if only == "newest" || only == "newyear" {
        original = dated_as_newest(&root, &original, only == "newyear");
    } else if only == "newtranslation" {
        let language;
        (original, language) = translating_another(&root, &original);
        saved = format!("briefs/profile-added.{language}.md");
    }
    let adds = only == "new" || only == "newest" || only == "newyear" || only == "newtranslation";
    if !adds {
        saved = brief.clone();
    }
    let path = root.join(&saved);
    let mut times = Vec::new();
    let mut renders = Vec::new();
    let mut writes = Vec::new();
    for i in 0..n {
        std::thread::sleep(pause);
        if adds && i % 2 == 1 {
            std::fs::remove_file(&path).unwrap();
        } else {
            std::fs::write(&path, edit(&original, &only, i)).unwrap();
        }
        let r = session
            .rebuild_pages(&[PathBuf::from(&saved)])
            .expect("rebuild");
        let s = if no_search {
            SearchUpdate::default()
        } else {
            session.update_search_index().expect("search")
        };
        let t = &r.timings;
        eprintln!(
            "{only} {i}: total {:?} parse {:?} link {:?} render {:?} write {:?} pages {} written {} relinked {} search {:?}",
            r.elapsed, t.parse, t.link, t.render, t.write, r.pages_rendered, r.files_written, r.relinked, s.elapsed
        );
        times.push(r.elapsed);
        renders.push(t.render);
        writes.push(t.write);
    }
    if adds {
        let _ = std::fs::remove_file(&path);
    } else {
        std::fs::write(&path, original).unwrap();
    }
    if let Some(member_original) = member_original {
        std::fs::write(&series_member, member_original).unwrap();
    }
    let _ = std::fs::remove_file(&figure);
    times.sort();
    let median: Duration = times[times.len() / 2];
    renders.sort();
    writes.sort();
    eprintln!(
        "median {median:?} render {:?} write {:?}",
        renders[renders.len() / 2],
        writes[writes.len() / 2]
    );
}

/// The `i`th save of `original` with an edit of kind `only`.
fn edit(original: &str, only: &str, i: usize) -> String {
    let (front, body) = original[4..].split_once("\n---\n").expect("front matter");
    let mut front = front.to_string();
    let mut body = body.to_string();
    match only {
        "title" | "new" | "newest" | "newyear" | "newtranslation" => {
            front = replace_line(&front, "title:", &format!("title: \"Edited title {i}\""))
        }
        "summary" => {
            front = replace_line(
                &front,
                "summary:",
                &format!("summary: \"Edited summary {i}\""),
            )
        }
        "tag" => front = replace_line(&front, "tags:", &format!("tags: [edited-tag-{}]", i % 3)),
        "region" => {
            front = replace_line(
                &front,
                "regions:",
                &format!("regions: [Profile region {i}]"),
            )
        }
        "titletag" => {
            front = replace_line(&front, "tags:", &format!("tags: [edited-tag-{}]", i % 3));
            front = replace_line(&front, "title:", &format!("title: \"Edited title {i}\""));
        }
        "titlelink" => {
            front = replace_line(&front, "title:", &format!("title: \"Edited title {i}\""));
            body.push_str(&format!("\n\nSee [[brief-{:05}]].\n", 100 + i));
        }
        "datesummary" => {
            front = replace_line(&front, "date:", &format!("date: 2017-10-{:02}", 10 + i % 9));
            front = replace_line(
                &front,
                "summary:",
                &format!("summary: \"Edited summary {i}\""),
            );
        }
        "topic" => {
            let topic = ["soft-power", "hard-power", "alliance-dynamics"][i % 3];
            front = replace_line(&front, "topics:", &format!("topics: [{topic}]"))
        }
        "date" => {
            front = replace_line(&front, "date:", &format!("date: 2017-10-{:02}", 10 + i % 9))
        }
        // Into a year no brief has (generated corpora end in 2024) and back.
        "yeardate" if i % 2 == 0 => {
            front = replace_line(&front, "date:", &format!("date: 2025-01-{:02}", 1 + i % 9))
        }
        "yeardate" => {}
        "series" => {
            let series = format!("series: {{name: Profile series, part: {}}}", 2 + i % 2);
            front = front.replacen("\ntopics:", &format!("\n{series}\ntopics:"), 1)
        }
        "newseries" if i % 2 == 0 => {
            let series = "series: {name: Another profile series, part: 1}";
            front = front.replacen("\ntopics:", &format!("\n{series}\ntopics:"), 1)
        }
        "newseries" => {}
        "image" if i % 2 == 0 => {
            front = front.replacen("\ntopics:", "\nimage: profile-map.png\ntopics:", 1)
        }
        "image" => {}
        "pdf" if i % 2 == 0 => front = front.replacen("\ntopics:", "\npdf: false\ntopics:", 1),
        "pdf" => {}
        "alias" if i % 2 == 0 => {
            front = front.replacen("\ntopics:", "\naliases: [/old/profile/]\ntopics:", 1)
        }
        "alias" => {}
        "related" => {
            let related = format!("related: [brief-{:05}]", 100 + i);
            front = front.replacen("\ntopics:", &format!("\n{related}\ntopics:"), 1)
        }
        "updated" => {
            let day = format!("updated: 2024-03-{:02}", 1 + i % 28);
            front = front.replacen("\ntopics:", &format!("\n{day}\ntopics:"), 1)
        }
        "author" => {
            let author = ["author-01", "author-02", "author-03"][i % 3];
            front = replace_line(&front, "authors:", &format!("authors: [{author}]"))
        }
        "link" => body.push_str(&format!("\n\nSee [[brief-{:05}]].\n", 100 + i)),
        "newheading" => body.push_str(&format!("\n\n## Added {i}\n\nMore.\n")),
        "figure" if i % 2 == 0 => body.push_str("\n\n![A map](profile-map.png)\n"),
        "figure" => {}
        _ => body.push_str(&format!("\n\nEdited paragraph {i}.\n")),
    }
    format!("---\n{front}\n---\n{body}")
}

/// `front` with the field `key` (and its indented or listed continuation lines)
/// replaced by the line `new`.
fn replace_line(front: &str, key: &str, new: &str) -> String {
    let mut out = Vec::new();
    let mut skipping = false;
    for line in front.lines() {
        if line.starts_with(key) {
            out.push(new.to_string());
            skipping = true;
            continue;
        }
        if skipping && (line.starts_with("  ") || line.starts_with("- ")) {
            continue;
        }
        skipping = false;
        out.push(line.to_string());
    }
    out.join("\n")
}

/// `original` with the date of the newest brief in `root`'s `briefs/`, or with
/// `next_year`, the first of January after it.
fn dated_as_newest(root: &Path, original: &str, next_year: bool) -> String {
    let newest = std::fs::read_dir(root.join("briefs"))
        .expect("briefs")
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
        .filter_map(|text| {
            let line = text.lines().find(|line| line.starts_with("date:"))?;
            Some(line["date:".len()..].trim().to_string())
        })
        .max()
        .expect("a dated brief");
    let (front, body) = original[4..].split_once("\n---\n").expect("front matter");
    let date = match next_year {
        true => {
            let year: i32 = newest[..4].parse().expect("a year");
            format!("{}-01-01", year + 1)
        }
        false => newest,
    };
    let front = replace_line(front, "date:", &format!("date: {date}"));
    format!("---\n{front}\n---\n{body}")
}

/// `original`, a translation (`lang:`, `translation_of:`), made a translation of
/// another brief, as a new translation is: the first original from the middle of
/// `root`'s generated corpus on that has none in its language and that no brief of
/// that language names (with `NAMED` set, one that a brief of that language names,
/// which needs every edition linked again). Returns it and its language.
fn translating_another(root: &Path, original: &str) -> (String, String) {
    let field = |name: &str| {
        let line = original.lines().find(|line| line.starts_with(name));
        line.expect("a translation (lang:, translation_of:)")[name.len()..]
            .trim()
            .to_string()
    };
    let language = field("lang:");
    let named_one = std::env::var_os("NAMED").is_some();
    let suffix = format!(".{language}.md");
    let briefs = root.join("briefs");
    let translated: Vec<String> = std::fs::read_dir(&briefs)
        .expect("briefs")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?.to_string();
            name.ends_with(&suffix)
                .then(|| std::fs::read_to_string(&path).ok())
                .flatten()
        })
        .collect();
    let originals = std::fs::read_dir(&briefs).expect("briefs").count() - translated.len();
    let other = (originals / 2..originals)
        .map(|n| format!("brief-{n:05}"))
        .find(|slug| {
            let named = translated.iter().any(|text| text.contains(slug.as_str()));
            !briefs.join(format!("{slug}{suffix}")).exists() && named == named_one
        })
        .expect("an original without a translation");
    let text = original.replacen(
        &format!("translation_of: {}", field("translation_of:")),
        &format!("translation_of: {other}"),
        1,
    );
    (text, language)
}
