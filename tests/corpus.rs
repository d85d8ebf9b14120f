//! The benchmark corpus generator: deterministic, and its output is a valid site.

mod common;

use common::{differing_files, SiteTest};

#[test]
fn the_same_seed_gives_the_same_corpus_and_another_seed_another() {
    let site = SiteTest::new();
    site.run(&["bench-corpus", "--n", "50", "--seed", "7", "a"])
        .expect_success();
    site.run(&["bench-corpus", "--n", "50", "--seed", "7", "b"])
        .expect_success();
    site.run(&["bench-corpus", "--n", "50", "--seed", "8", "c"])
        .expect_success();
    let root = site.root();
    assert_eq!(common::files_under(&root.join("a")).len(), 51);
    assert!(differing_files(&root.join("a"), &root.join("b")).is_empty());
    assert!(!differing_files(&root.join("a"), &root.join("c")).is_empty());
}

#[test]
fn a_generated_1k_corpus_builds_with_zero_problems() {
    let site = SiteTest::new();
    site.run(&["bench-corpus", "--n", "1000", "corpus"])
        .expect_success();
    // Typesetting 1,000 PDFs takes minutes: tests/pdf.rs typesets a small corpus.
    let run = site
        .run(&["build", "--root", "corpus", "--no-pdf"])
        .expect_success();
    assert!(
        run.stderr.is_empty(),
        "unexpected diagnostics:\n{}",
        run.stderr
    );
    assert!(run.stdout.contains("built 1000 briefs"), "{}", run.stdout);
    assert!(site
        .root()
        .join("corpus/public/briefs/brief-00999/index.html")
        .is_file());
}

#[test]
fn the_generator_never_overwrites() {
    let site = SiteTest::new();
    site.run(&["bench-corpus", "--n", "5", "."])
        .expect_failure(2)
        .expect_stderr("is not empty");
}
