//! Helpers shared by the deploy tests (`deploy.rs`, `deploy_s3.rs`): a small site
//! with a deploy target, snapshots of folders, and the numbers deploy prints.
#![allow(dead_code)] // Each test file uses a different part.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::common::{self, Run, SiteTest};

/// Every file under `folder` with its bytes, leaving out statecraft's own bookkeeping
/// (the build's marker, the deploy manifest).
pub fn snapshot(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    common::files_under(folder)
        .into_iter()
        .filter(|f| f != ".statecraft-output" && f != ".statecraft-deploy.json")
        .map(|f| {
            let bytes = fs::read(folder.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// The paths of `after` that `before` lacks or holds with other bytes: what a deploy
/// must send.
pub fn changed(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> BTreeSet<String> {
    after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(bytes))
        .map(|(path, _)| path.clone())
        .collect()
}

/// The paths of `before` that `after` lacks: what a deploy must delete.
pub fn removed(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> BTreeSet<String> {
    before
        .keys()
        .filter(|p| !after.contains_key(*p))
        .cloned()
        .collect()
}

/// `(uploaded, deleted, unchanged)` from the summary line.
pub fn summary(run: &Run) -> (usize, usize, usize) {
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("deployed to ") || l.starts_with("dry run"))
        .unwrap_or_else(|| panic!("no summary line:\n{}\n{}", run.stdout, run.stderr));
    let number_before = |word: &str| -> usize {
        let at = line
            .find(word)
            .unwrap_or_else(|| panic!("{word} in {line}"));
        line[..at]
            .trim_end()
            .rsplit(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    if line.starts_with("dry run") {
        (
            number_before(" to upload"),
            number_before(" to delete"),
            number_before(" unchanged"),
        )
    } else {
        (
            number_before(" uploaded"),
            number_before(" deleted"),
            number_before(" unchanged"),
        )
    }
}

/// The `delete <path>` lines of a dry run.
pub fn listed_deletions(run: &Run) -> BTreeSet<String> {
    run.stdout
        .lines()
        .filter_map(|l| l.strip_prefix("delete "))
        .map(str::to_string)
        .collect()
}

/// The `upload <path> (...)` lines of a dry run.
pub fn listed_uploads(run: &Run) -> BTreeSet<String> {
    run.stdout
        .lines()
        .filter_map(|l| l.strip_prefix("upload "))
        .map(|l| l.rsplit_once(" (").map_or(l, |(p, _)| p).to_string())
        .collect()
}

/// A site of three briefs (one with an alias) deploying to `deploy` (YAML of one target
/// named `web`).
pub fn site(deploy: &str) -> SiteTest {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &format!("{}deploy:\n  web:\n{deploy}", common::CONFIG),
    );
    site.brief(
        "alpha",
        "2024-01-01",
        "[soft-power]",
        "aliases: [/old/alpha/]\n",
        "Alpha text. See [[beta]].",
    );
    site.brief("beta", "2024-02-01", "[hard-power]", "", "Beta text.");
    site.brief("gamma", "2024-03-01", "[soft-power]", "", "Gamma text.");
    site
}

/// Edits the text of one brief (nothing other pages show).
pub fn edit_beta(site: &SiteTest) {
    site.brief(
        "beta",
        "2024-02-01",
        "[hard-power]",
        "",
        "Beta text, revised with a new paragraph.",
    );
}
