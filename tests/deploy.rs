//! `statecraft deploy` to a folder and to a git branch (a bare repository made by the
//! test): first deploy, a one-brief edit, a deleted brief, `--dry-run`, and a deploy cut
//! short and resumed. The S3 target is tested in `deploy_s3.rs`.

mod common;
mod deploy_common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::process::Command;

use common::SiteTest;
use deploy_common::{
    changed, edit_beta, listed_deletions, listed_uploads, removed, site, snapshot, summary,
};

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Every file of the branch with its bytes (leaving out the manifest).
fn branch_snapshot(repo: &Path, branch: &str) -> BTreeMap<String, Vec<u8>> {
    git(repo, &["ls-tree", "-r", "--name-only", branch])
        .lines()
        .filter(|f| *f != ".statecraft-deploy.json")
        .map(|f| {
            let output = Command::new("git")
                .arg("-C")
                .arg(repo)
                .args(["cat-file", "blob", &format!("{branch}:{f}")])
                .output()
                .unwrap();
            (f.to_string(), output.stdout)
        })
        .collect()
}

/// The paths a deploy manifest lists.
fn manifest_paths(json: &[u8]) -> BTreeSet<String> {
    let manifest: serde_json::Value = serde_json::from_slice(json).unwrap();
    manifest["files"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

#[test]
fn folder_first_deploy_edit_delete_and_dry_run() {
    let target = tempfile::tempdir().unwrap();
    let path = target.path().join("www");
    let site = site(&format!("    type: folder\n    path: {}\n", path.display()));
    site.build();
    let first = site.run(&["deploy"]).expect_success();
    let built = snapshot(&site.out(""));
    assert_eq!(summary(&first), (built.len(), 0, 0), "{}", first.stdout);
    assert_eq!(snapshot(&path), built, "the folder holds the site");

    // Nothing changed: nothing is sent.
    let again = site.run(&["deploy", "web"]).expect_success();
    assert_eq!(summary(&again), (0, 0, built.len()));

    // A one-brief edit: the dry run lists exactly the files whose bytes changed, and
    // changes nothing; the deploy sends those and only those.
    edit_beta(&site);
    site.build();
    let rebuilt = snapshot(&site.out(""));
    let expected = changed(&built, &rebuilt);
    let gone = removed(&built, &rebuilt);
    assert!(
        !expected.is_empty() && expected.len() < built.len() / 4,
        "{expected:?}"
    );
    let dry = site.run(&["deploy", "--dry-run"]).expect_success();
    assert_eq!(listed_uploads(&dry), expected);
    assert_eq!(listed_deletions(&dry), gone);
    assert_eq!(snapshot(&path), built, "a dry run changes nothing");
    let edit = site.run(&["deploy"]).expect_success();
    let unchanged = rebuilt.len() - expected.len();
    assert_eq!(summary(&edit), (expected.len(), gone.len(), unchanged));
    assert_eq!(snapshot(&path), rebuilt);

    // A deleted brief is deleted at the target, and folders it leaves empty go too.
    fs::remove_file(site.root().join("briefs/gamma.md")).unwrap();
    site.build();
    let after_delete = snapshot(&site.out(""));
    let run = site.run(&["deploy"]).expect_success();
    let (_, deleted, _) = summary(&run);
    assert!(
        deleted >= 3,
        "gamma's page and citation files: {}",
        run.stdout
    );
    assert_eq!(snapshot(&path), after_delete);
    assert!(!path.join("briefs/gamma").exists());
}

#[test]
fn folder_deploy_cut_short_keeps_the_old_site_and_resumes() {
    let target = tempfile::tempdir().unwrap();
    let path = target.path().join("www");
    let site = site(&format!("    type: folder\n    path: {}\n", path.display()));
    site.build();
    site.run(&["deploy"]).expect_success();
    let old = snapshot(&path);
    let manifest = fs::read(path.join(".statecraft-deploy.json")).unwrap();

    // A new brief and a deleted one; a file in the way of the new brief's folder makes
    // the deploy fail midway (like a share that turned read-only).
    site.brief("delta", "2024-04-01", "[hard-power]", "", "Delta text.");
    fs::remove_file(site.root().join("briefs/gamma.md")).unwrap();
    site.build();
    fs::write(path.join("briefs/delta"), "in the way").unwrap();
    site.run(&["deploy"])
        .expect_failure(2)
        .expect_stderr("a file is in the way")
        .expect_stderr("hint: nothing was deleted");
    let now = snapshot(&path);
    for (file, bytes) in &old {
        let kept = now
            .get(file)
            .unwrap_or_else(|| panic!("{file} was deleted"));
        // Every old file is still whole: either as it was or already the new version.
        let new = fs::read(site.out(file)).ok();
        assert!(
            kept == bytes || Some(kept) == new.as_ref(),
            "{file} is half written"
        );
    }
    // The manifest still lists every file of the old site (nothing was deleted), and
    // the files being sent.
    let listed = manifest_paths(&fs::read(path.join(".statecraft-deploy.json")).unwrap());
    assert!(manifest_paths(&manifest).is_subset(&listed), "{listed:?}");
    assert!(listed.contains("briefs/delta/index.html"), "{listed:?}");

    // Once the cause is gone, the next run finishes the job.
    fs::remove_file(path.join("briefs/delta")).unwrap();
    site.run(&["deploy"]).expect_success();
    assert_eq!(snapshot(&path), snapshot(&site.out("")));
}

#[test]
fn a_folder_deploy_never_writes_into_the_site_its_sources_or_its_output() {
    for (path, why) in [
        (".", "refusing to deploy into `"),
        ("briefs", "is inside the site's sources (`briefs`)"),
        ("site/static", "is inside the site's sources (`site`)"),
        ("public/copy", "it overlaps the output folder"),
    ] {
        let site = site(&format!("    type: folder\n    path: {path}\n"));
        site.build();
        let before = snapshot(site.root());
        site.run(&["deploy", "--force"])
            .expect_failure(2)
            .expect_stderr(why);
        assert_eq!(
            snapshot(site.root()),
            before,
            "deploy to {path} changed files"
        );
        let manifest = site.root().join(path).join(".statecraft-deploy.json");
        assert!(!manifest.exists(), "deploy to {path} wrote its manifest");
    }
}

#[test]
fn folder_with_files_of_somebody_else_needs_force_and_keeps_them() {
    let target = tempfile::tempdir().unwrap();
    let path = target.path().join("www");
    fs::create_dir_all(&path).unwrap();
    fs::write(path.join("notes.txt"), "mine").unwrap();
    let site = site(&format!("    type: folder\n    path: {}\n", path.display()));
    site.build();
    site.run(&["deploy"])
        .expect_failure(2)
        .expect_stderr("holds files but no deploy manifest");
    site.run(&["deploy", "--force"]).expect_success();
    assert_eq!(fs::read_to_string(path.join("notes.txt")).unwrap(), "mine");
    fs::remove_file(site.root().join("briefs/gamma.md")).unwrap();
    site.build();
    site.run(&["deploy"]).expect_success();
    assert_eq!(
        fs::read_to_string(path.join("notes.txt")).unwrap(),
        "mine",
        "never deleted"
    );
}

/// The target's manifest and folders are the target's, which others may write: a
/// manifest naming files outside the target (`../x`, `/abs`) is refused before anything
/// is sent or deleted, and a folder of the target replaced by a link to elsewhere is
/// never written or deleted through.
#[test]
fn a_folder_deploy_never_follows_the_target_out_of_itself() {
    let place = tempfile::tempdir().unwrap();
    let path = place.path().join("www");
    let outside = place.path().join("outside");
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("keep.txt"), "precious").unwrap();
    fs::write(outside.join("abs.txt"), "precious").unwrap();
    let site = site(&format!("    type: folder\n    path: {}\n", path.display()));
    site.build();
    site.run(&["deploy"]).expect_success();

    let manifest_path = path.join(".statecraft-deploy.json");
    let genuine = fs::read_to_string(&manifest_path).unwrap();
    let mut manifest: serde_json::Value = serde_json::from_str(&genuine).unwrap();
    let key = manifest["files"]["index.html"].clone();
    let absolute = outside.join("abs.txt").display().to_string();
    for name in [
        "../outside/keep.txt",
        absolute.as_str(),
        "about/../../outside/x",
    ] {
        manifest["files"][name] = key.clone();
    }
    fs::write(&manifest_path, serde_json::to_vec(&manifest).unwrap()).unwrap();
    for flags in [
        &["deploy", "--dry-run"][..],
        &["deploy"],
        &["deploy", "--force"],
    ] {
        site.run(flags)
            .expect_failure(2)
            .expect_stderr("`../outside/keep.txt`, which is not a path inside the target");
    }
    assert_eq!(
        fs::read_to_string(outside.join("keep.txt")).unwrap(),
        "precious"
    );
    assert_eq!(
        fs::read_to_string(outside.join("abs.txt")).unwrap(),
        "precious"
    );

    // A folder of the target that became a link to elsewhere.
    fs::write(&manifest_path, genuine).unwrap();
    fs::remove_dir_all(path.join("briefs/gamma")).unwrap();
    std::os::unix::fs::symlink(&outside, path.join("briefs/gamma")).unwrap();
    fs::write(outside.join("index.html"), "precious").unwrap();
    site.run(&["deploy", "--force"])
        .expect_failure(2)
        .expect_stderr("is a link")
        .expect_stderr("briefs/gamma");
    assert_eq!(
        fs::read_to_string(outside.join("index.html")).unwrap(),
        "precious"
    );
    // Gamma deleted: its page is not deleted through the link either.
    fs::remove_file(site.root().join("briefs/gamma.md")).unwrap();
    site.build();
    site.run(&["deploy"])
        .expect_failure(2)
        .expect_stderr("is a link");
    assert_eq!(
        fs::read_to_string(outside.join("index.html")).unwrap(),
        "precious"
    );
}

#[test]
fn folder_precompressed_copies_and_host_rules() {
    let target = tempfile::tempdir().unwrap();
    let path = target.path().join("www");
    let site = site(&format!(
        "    type: folder\n    path: {}\n    precompress: [gzip, brotli]\n    host_rules: true\n",
        path.display()
    ));
    site.build();
    site.run(&["deploy"]).expect_success();
    let page = fs::read(site.out("briefs/alpha/index.html")).unwrap();
    let mut gunzipped = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(
            fs::File::open(path.join("briefs/alpha/index.html.gz")).unwrap(),
        ),
        &mut gunzipped,
    )
    .unwrap();
    assert_eq!(gunzipped, page);
    let mut unbrotlied = Vec::new();
    brotli::BrotliDecompress(
        &mut fs::File::open(path.join("briefs/alpha/index.html.br")).unwrap(),
        &mut unbrotlied,
    )
    .unwrap();
    assert_eq!(unbrotlied, page);
    let redirects = fs::read_to_string(path.join("_redirects")).unwrap();
    assert!(
        redirects.contains("/old/alpha/ /briefs/alpha/ 301\n"),
        "{redirects}"
    );
    let headers = fs::read_to_string(path.join("_headers")).unwrap();
    let css = common::files_under(&site.out(""))
        .into_iter()
        .find(|f| f.ends_with(".css"))
        .unwrap();
    assert!(
        headers.contains(&format!(
            "/{css}\n  Cache-Control: public, max-age=31536000, immutable\n"
        )),
        "{headers}"
    );
    assert!(headers.contains("/search/t/*\n"), "{headers}");
    assert!(!headers.contains("/search/index.js"), "{headers}");
}

#[test]
fn deploy_configuration_mistakes_are_located() {
    let site = site("    type: folder\n    pth: /tmp/x\n");
    site.run(&["deploy"])
        .expect_failure(1)
        .expect_stderr("site/config.yaml:")
        .expect_stderr("pth");
    let site = site_with_two_targets();
    site.build();
    site.run(&["deploy"])
        .expect_failure(2)
        .expect_stderr("several deploy targets (`a`, `b`)");
    site.run(&["deploy", "c"])
        .expect_failure(2)
        .expect_stderr("no deploy target named `c`");
}

/// `site/config.yaml:LINE:COL` of `written` (a line of the configuration, its first
/// occurrence after `deploy:`) at the column where `at` starts in it; only
/// `site/config.yaml:LINE:` when `at` is empty (the parser marks an empty quoted
/// value inside its quotes).
fn config_place(site: &SiteTest, written: &str, at: &str) -> String {
    let config = fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    let deploy = config.find("\ndeploy:").unwrap();
    let offset = deploy + config[deploy..].find(written).unwrap() + written.find(at).unwrap();
    let line = config[..offset].matches('\n').count() + 1;
    let column = offset - config[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
    if at.is_empty() {
        return format!("site/config.yaml:{line}:");
    }
    format!("site/config.yaml:{line}:{column}")
}

/// A mistake inside a deploy target is shown at the key or value it is about, not at
/// the target's first line.
#[test]
fn deploy_configuration_mistakes_point_at_the_key_or_value() {
    let cases: [(&str, &str, &str, &str); 6] = [
        // (target, line with the mistake, where in that line, words of the error)
        (
            "    type: s3\n    bucket: b\n    gzpi: true\n",
            "    gzpi: true",
            "gzpi",
            "unknown field `gzpi`",
        ),
        (
            "    type: s3\n    bucket: [a, b]\n",
            "    bucket: [a, b]",
            "[a, b]",
            "invalid type",
        ),
        (
            "    type: s3\n    bucket: b\n    gzip: maybe\n",
            "    gzip: maybe",
            "maybe",
            "`true` or `false`",
        ),
        (
            "    type: s3\n    bucket: \"\"\n",
            "    bucket: \"\"",
            "",
            "empty `bucket`",
        ),
        (
            "    type: folder\n    path: /srv/www\n    precompress: [gzip, zstd]\n",
            "    precompress: [gzip, zstd]",
            "zstd",
            "unknown variant `zstd`",
        ),
        (
            "    type: ftp\n    path: /srv/www\n",
            "    type: ftp",
            "ftp",
            "unknown type `ftp`",
        ),
    ];
    for (target, written, at, words) in cases {
        let site = site(target);
        let place = config_place(&site, written, at);
        site.run(&["deploy"])
            .expect_failure(1)
            .expect_stderr(&place)
            .expect_stderr(words);
    }
    // A field left out is shown at the target's name.
    let site = site("    type: s3\n    region: eu-west-1\n");
    let place = config_place(&site, "  web:", "web");
    site.run(&["deploy"])
        .expect_failure(1)
        .expect_stderr(&place)
        .expect_stderr("missing field `bucket`");
    // In the list form too.
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &format!(
            "{}deploy:\n  - name: a\n    type: git\n    remote: origin\n    nojekyl: false\n",
            common::CONFIG
        ),
    );
    let place = config_place(&site, "    nojekyl: false", "nojekyl");
    site.run(&["deploy"])
        .expect_failure(1)
        .expect_stderr(&place)
        .expect_stderr("unknown field `nojekyl`");
}

fn site_with_two_targets() -> SiteTest {
    let site = SiteTest::new();
    site.file(
        "site/config.yaml",
        &format!(
            "{}deploy:\n  - name: a\n    type: folder\n    path: /tmp/statecraft-never-a\n  - name: b\n    type: folder\n    path: /tmp/statecraft-never-b\n",
            common::CONFIG
        ),
    );
    site.brief("alpha", "2024-01-01", "[soft-power]", "", "Alpha.");
    site
}

#[test]
fn deploy_needs_a_build() {
    let target = tempfile::tempdir().unwrap();
    let site = site(&format!(
        "    type: folder\n    path: {}\n",
        target.path().join("www").display()
    ));
    site.run(&["deploy"])
        .expect_failure(2)
        .expect_stderr("is not a statecraft build")
        .expect_stderr("statecraft build");
}

#[test]
fn git_branch_first_deploy_edit_delete_and_dry_run() {
    let remote = tempfile::tempdir().unwrap();
    let repo = remote.path().join("site.git");
    git(remote.path(), &["init", "-q", "--bare", "site.git"]);
    let site = site(&format!(
        "    type: git\n    remote: {}\n    cname: briefs.example.org\n    host_rules: true\n",
        repo.display()
    ));
    site.build();
    let first = site.run(&["deploy"]).expect_success();
    let built = snapshot(&site.out(""));
    // The site but its redirect pages (`_redirects` answers their addresses), plus
    // .nojekyll, CNAME, _redirects and _headers.
    let is_redirect =
        |bytes: &[u8]| String::from_utf8_lossy(bytes).contains("http-equiv=\"refresh\"");
    let redirect_pages = built.values().filter(|b| is_redirect(b)).count();
    assert!(redirect_pages > 0);
    assert_eq!(
        summary(&first),
        (built.len() - redirect_pages + 4, 0, 0),
        "{}",
        first.stdout
    );
    let branch = branch_snapshot(&repo, "gh-pages");
    for (file, bytes) in &built {
        let expected = (!is_redirect(bytes)).then_some(bytes);
        assert_eq!(branch.get(file), expected, "{file}");
    }
    assert_eq!(branch[".nojekyll"], b"");
    assert_eq!(branch["CNAME"], b"briefs.example.org\n");
    assert!(
        String::from_utf8_lossy(&branch["_redirects"]).contains("/old/alpha/ /briefs/alpha/ 301")
    );

    edit_beta(&site);
    site.build();
    let rebuilt = snapshot(&site.out(""));
    let expected = changed(&built, &rebuilt);
    let head = git(&repo, &["rev-parse", "gh-pages"]);
    let dry = site.run(&["deploy", "--dry-run"]).expect_success();
    assert_eq!(listed_uploads(&dry), expected);
    assert_eq!(listed_deletions(&dry), removed(&built, &rebuilt));
    assert_eq!(
        git(&repo, &["rev-parse", "gh-pages"]),
        head,
        "a dry run pushes nothing"
    );
    let edit = site.run(&["deploy"]).expect_success();
    assert_eq!(summary(&edit).0, expected.len());
    // One commit on top of the last, changing those files and the manifest only.
    let diff: BTreeSet<String> = git(
        &repo,
        &[
            "diff",
            "--no-renames",
            "--name-only",
            "gh-pages~1",
            "gh-pages",
        ],
    )
    .lines()
    .filter(|f| *f != ".statecraft-deploy.json")
    .map(str::to_string)
    .collect();
    let mut touched = expected.clone();
    touched.extend(removed(&built, &rebuilt));
    assert_eq!(diff, touched);

    fs::remove_file(site.root().join("briefs/gamma.md")).unwrap();
    site.build();
    site.run(&["deploy"]).expect_success();
    let branch = branch_snapshot(&repo, "gh-pages");
    assert!(!branch.keys().any(|f| f.starts_with("briefs/gamma/")));
    for (file, bytes) in snapshot(&site.out("")) {
        let expected = (!is_redirect(&bytes)).then_some(&bytes);
        assert_eq!(branch.get(&file), expected, "{file}");
    }
}

#[test]
fn git_push_refused_keeps_the_branch_and_the_next_run_finishes() {
    let remote = tempfile::tempdir().unwrap();
    let repo = remote.path().join("site.git");
    git(remote.path(), &["init", "-q", "--bare", "site.git"]);
    let site = site(&format!(
        "    type: git\n    remote: {}\n    branch: pages\n",
        repo.display()
    ));
    site.build();
    site.run(&["deploy"]).expect_success();
    let head = git(&repo, &["rev-parse", "pages"]);

    // The server takes the objects, then refuses the update (as a protected branch or
    // a full disk would).
    let hook = repo.join("hooks/pre-receive");
    fs::write(&hook, "#!/bin/sh\necho 'storage unavailable' >&2\nexit 1\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&hook, fs::Permissions::from_mode(0o755)).unwrap();
    }
    fs::remove_file(site.root().join("briefs/gamma.md")).unwrap();
    edit_beta(&site);
    site.build();
    site.run(&["deploy"])
        .expect_failure(2)
        .expect_stderr("storage unavailable")
        .expect_stderr("hint:");
    assert_eq!(
        git(&repo, &["rev-parse", "pages"]),
        head,
        "the branch is untouched"
    );

    fs::remove_file(&hook).unwrap();
    site.run(&["deploy"]).expect_success();
    let branch = branch_snapshot(&repo, "pages");
    let built = snapshot(&site.out(""));
    for (file, bytes) in &built {
        assert_eq!(branch.get(file), Some(bytes), "{file}");
    }
    assert!(!branch.keys().any(|f| f.starts_with("briefs/gamma/")));
}

#[test]
fn git_remote_named_like_a_remote_of_the_site_repository() {
    let remote = tempfile::tempdir().unwrap();
    let repo = remote.path().join("site.git");
    git(remote.path(), &["init", "-q", "--bare", "site.git"]);
    let site = site(
        "    type: git\n    remote: origin\n    nojekyll: false\n    message: Publish the briefs\n",
    );
    git(site.root(), &["init", "-q"]);
    git(
        site.root(),
        &["remote", "add", "origin", repo.to_str().unwrap()],
    );
    site.build();
    site.run(&["deploy"]).expect_success();
    assert_eq!(
        git(&repo, &["log", "-1", "--format=%s", "gh-pages"]).trim(),
        "Publish the briefs"
    );
    let files = git(&repo, &["ls-tree", "-r", "--name-only", "gh-pages"]);
    assert!(files.lines().any(|f| f == "briefs/alpha/index.html"));
    assert!(!files.lines().any(|f| f == ".nojekyll"));
}

/// A git remote over HTTP with a token in its address: git sends the token (taken from
/// the environment, not the command line) and no message shows it.
#[test]
fn git_remote_credentials_reach_git_and_no_message() {
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // A server asking for Basic credentials, noting those it is sent.
    let server = std::thread::spawn(move || {
        let mut sent = Vec::new();
        for stream in listener.incoming().take(2) {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut authorization = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap() == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some((name, value)) = line.split_once(':') {
                    if name.eq_ignore_ascii_case("authorization") {
                        authorization = Some(value.trim().to_string());
                    }
                }
            }
            let reply = match &authorization {
                None => "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"git\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                Some(_) => "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            };
            stream.write_all(reply.as_bytes()).unwrap();
            sent.extend(authorization);
        }
        sent
    });
    let site = site(&format!(
        "    type: git\n    remote: http://deployer:ghp_SECRET@127.0.0.1:{port}/org/site.git\n"
    ));
    site.build();
    let run = site.run(&["deploy"]).expect_failure(2);
    let output = format!("{}{}", run.stdout, run.stderr);
    assert!(!output.contains("ghp_SECRET"), "{output}");
    assert!(
        output.contains(&format!("http://127.0.0.1:{port}/org/site.git")),
        "{output}"
    );
    // Base64 of `deployer:ghp_SECRET`, as HTTP Basic authentication sends it.
    assert_eq!(
        server.join().unwrap(),
        ["Basic ZGVwbG95ZXI6Z2hwX1NFQ1JFVA=="]
    );
}

/// A preview (`--drafts`, `--future`) can be deployed, for review, but never without
/// saying that it holds drafts.
#[test]
fn deploying_a_preview_says_it_publishes_drafts() {
    let target = tempfile::tempdir().unwrap();
    let path = target.path().join("www");
    let site = site(&format!("    type: folder\n    path: {}\n", path.display()));
    site.build();
    let published = site.run(&["deploy", "--dry-run"]).expect_success();
    assert!(
        !published.stderr.contains("--drafts"),
        "{}",
        published.stderr
    );
    site.run(&["build", "--drafts", "--out", "preview"])
        .expect_success();
    let preview = site
        .run(&["deploy", "--dry-run", "--out", "preview"])
        .expect_success();
    assert!(
        preview
            .stderr
            .contains("was built with --drafts or --future: its drafts and scheduled briefs are published too"),
        "{}",
        preview.stderr
    );
}

/// A site built with `--base-url` (a preview at another address or path) is deployed
/// with host rules for the address it was built for, which its marker records: the
/// redirects and header rules carry its path. A `--base-url` given to deploy that
/// differs from it is refused, since the pages would link to one address and the rules
/// name another; the same one is accepted.
#[test]
fn a_site_built_for_another_address_is_deployed_for_it() {
    let target = tempfile::tempdir().unwrap();
    let path = target.path().join("www");
    let site = site(&format!(
        "    type: folder\n    path: {}\n    host_rules: true\n",
        path.display()
    ));
    let preview_path = "/pr-5/";
    let preview = format!("https://preview.example.net{preview_path}");
    site.run(&["build", "--base-url", &preview])
        .expect_success();
    site.run(&["deploy"]).expect_success();
    let redirects = fs::read_to_string(path.join("_redirects")).unwrap();
    assert!(
        redirects.contains(&format!(
            "{preview_path}old/alpha/ {preview_path}briefs/alpha/ 301\n"
        )),
        "{redirects}"
    );
    let headers = fs::read_to_string(path.join("_headers")).unwrap();
    assert!(
        headers.contains(&format!("{preview_path}search/t/*\n")),
        "{headers}"
    );

    let other = "https://other.example.net/";
    let refused = site
        .run(&["deploy", "--dry-run", "--base-url", other])
        .expect_failure(2);
    assert!(refused.stderr.contains(other), "{}", refused.stderr);
    assert!(refused.stderr.contains(&preview), "{}", refused.stderr);
    site.run(&["deploy", "--dry-run", "--base-url", &preview])
        .expect_success();

    // Built for the configured address: another one given to deploy is refused too.
    site.build();
    site.run(&["deploy", "--dry-run", "--base-url", &preview])
        .expect_failure(2)
        .expect_stderr(&preview);
}

/// A static file that becomes a folder of the same name (`data` -> `data/x.txt`), and
/// back: the deploy replaces what the last one put there, as git and S3 targets do;
/// what statecraft did not put there is never removed.
#[test]
fn folder_a_file_becomes_a_folder_and_back() {
    let target = tempfile::tempdir().unwrap();
    let path = target.path().join("www");
    let site = site(&format!("    type: folder\n    path: {}\n", path.display()));
    site.file("site/static/data", "a file");
    site.build();
    site.run(&["deploy"]).expect_success();

    fs::remove_file(site.root().join("site/static/data")).unwrap();
    site.file("site/static/data/x.txt", "a file in a folder");
    site.build();
    site.run(&["deploy"]).expect_success();
    assert_eq!(snapshot(&path), snapshot(&site.out("")));

    fs::remove_dir_all(site.root().join("site/static/data")).unwrap();
    site.file("site/static/data", "a file again");
    site.build();
    site.run(&["deploy"]).expect_success();
    assert_eq!(snapshot(&path), snapshot(&site.out("")));

    // A folder holding a file of somebody else stays, and the deploy says why it
    // cannot put the file there.
    fs::remove_file(site.root().join("site/static/data")).unwrap();
    site.file("site/static/data/x.txt", "a file in a folder");
    site.build();
    site.run(&["deploy"]).expect_success();
    fs::write(path.join("data/notes.txt"), "mine").unwrap();
    fs::remove_dir_all(site.root().join("site/static/data")).unwrap();
    site.file("site/static/data", "a file again");
    site.build();
    site.run(&["deploy"])
        .expect_failure(2)
        .expect_stderr("data/notes.txt");
    assert_eq!(
        fs::read_to_string(path.join("data/notes.txt")).unwrap(),
        "mine"
    );
}

/// A folder deploy killed while writing leaves its temporary file (`.name.statecraft-
/// <process id>`) beside the file; the next deploy writing into that folder removes it,
/// and nothing else of that look.
#[test]
fn folder_temporary_files_of_a_killed_deploy_are_removed() {
    let target = tempfile::tempdir().unwrap();
    let path = target.path().join("www");
    let site = site(&format!("    type: folder\n    path: {}\n", path.display()));
    site.build();
    site.run(&["deploy"]).expect_success();
    let left = path.join("briefs/beta/.index.html.statecraft-4000001");
    fs::write(&left, "half a page").unwrap();
    let others = [
        path.join("briefs/beta/.index.html.statecraft-notes"),
        path.join("briefs/beta/index.html.statecraft-12"),
    ];
    for other in &others {
        fs::write(other, "somebody else's").unwrap();
    }
    edit_beta(&site);
    site.build();
    site.run(&["deploy"]).expect_success();
    assert!(!left.exists(), "the temporary file was left");
    for other in &others {
        assert!(other.exists(), "{} was removed", other.display());
    }
}

/// `remote: origin` where the site repository's origin is a relative path (`git remote
/// add origin remotes/site.git`): read as git reads it, from the repository's folder,
/// not from the temporary repository the deploy works in.
#[test]
fn git_remote_named_with_a_relative_path() {
    let site = site("    type: git\n    remote: origin\n");
    git(site.root(), &["init", "-q"]);
    git(site.root(), &["init", "-q", "--bare", "remotes/site.git"]);
    git(
        site.root(),
        &["remote", "add", "origin", "remotes/site.git"],
    );
    site.build();
    site.run(&["deploy"]).expect_success();
    let repo = site.root().join("remotes/site.git");
    let files = git(&repo, &["ls-tree", "-r", "--name-only", "gh-pages"]);
    assert!(files.lines().any(|f| f == "briefs/alpha/index.html"));
}
