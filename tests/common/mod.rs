//! `SiteTest`: builds a fixture site in a temporary folder with the real `statecraft`
//! binary and checks what it wrote or printed.
#![allow(dead_code)] // Each test file uses a different part of this helper.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// A site configuration with the three default topics and two authors.
pub const CONFIG: &str = r#"title: Test Briefs
description: Briefs for tests
base_url: https://example.org/
language: en
publisher: Test Institute
page_size: 10
topics:
  - slug: soft-power
    title: Soft power
    description: Attraction.
  - slug: hard-power
    title: Hard power
    description: Coercion.
  - slug: alliance-dynamics
    title: Alliance dynamics
    description: Alliances.
authors:
  - id: ana
    name: Ana Ortiz
    affiliation: Fellow
    bio: Ana writes about alliances.
  - id: ben
    name: Ben Berg
    affiliation: Analyst
    bio: Ben writes about deterrence.
"#;

pub struct SiteTest {
    dir: TempDir,
}

/// What a run of the binary printed and returned.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn expect_success(self) -> Run {
        assert_eq!(
            self.code, 0,
            "expected success\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn expect_failure(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "expected exit code {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn expect_stderr(self, needle: &str) -> Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

impl SiteTest {
    /// A site with the standard configuration and no briefs.
    pub fn new() -> SiteTest {
        let site = SiteTest {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        site.file("site/config.yaml", CONFIG);
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Turns the PDF edition on (it is off by default). The `pdf:` mapping then ends
    /// the configuration, so a test adds settings by appending indented lines.
    pub fn with_pdfs(&self) -> &SiteTest {
        let config = fs::read_to_string(self.root().join("site/config.yaml")).expect("config");
        self.file(
            "site/config.yaml",
            &format!("{config}pdf:\n  enabled: true\n"),
        )
    }

    pub fn file(&self, path: &str, contents: &str) -> &SiteTest {
        let target = self.dir.path().join(path);
        fs::create_dir_all(target.parent().expect("parent")).expect("create folders");
        fs::write(target, contents).expect("write fixture");
        self
    }

    /// Writes `briefs/<slug>.md` with valid front matter; `extra` adds or replaces
    /// front matter lines (a later key wins in our fixtures because we only add keys
    /// that are not in the defaults).
    pub fn brief(
        &self,
        slug: &str,
        date: &str,
        topics: &str,
        extra: &str,
        body: &str,
    ) -> &SiteTest {
        let text = format!(
            "---\ntitle: \"Brief {slug}\"\ndate: {date}\nsummary: \"Summary of {slug}.\"\ntopics: {topics}\n{extra}---\n{body}\n"
        );
        self.file(&format!("briefs/{slug}.md"), &text)
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// Runs the binary with extra environment variables.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_statecraft"))
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .output()
            .expect("run statecraft");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    pub fn build(&self) -> Run {
        self.run(&["build"]).expect_success()
    }

    pub fn out(&self, path: &str) -> PathBuf {
        self.dir.path().join("public").join(path)
    }

    pub fn read(&self, path: &str) -> String {
        fs::read_to_string(self.out(path))
            .unwrap_or_else(|e| panic!("cannot read public/{path}: {e}"))
    }

    pub fn exists(&self, path: &str) -> bool {
        self.out(path).exists()
    }
}

/// Every value of `attribute="..."` in `html`, in order.
pub fn attribute_values(html: &str, attribute: &str) -> Vec<String> {
    let needle = format!(" {attribute}=\"");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&needle) {
        let after = &rest[start + needle.len()..];
        let end = after.find('"').expect("closing quote");
        values.push(after[..end].replace("&amp;", "&"));
        rest = &after[end..];
    }
    values
}

/// The citation records of `media_type` (`application/x-bibtex`,
/// `application/x-research-info-systems`) that `html` links to as `data:` addresses,
/// decoded.
#[allow(dead_code)]
pub fn data_records(html: &str, media_type: &str) -> Vec<String> {
    let prefix = format!("data:{media_type};charset=utf-8,");
    let mut records = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&prefix) {
        let after = &rest[start + prefix.len()..];
        let end = after
            .find(|c: char| c == '"' || c.is_whitespace())
            .unwrap_or(after.len());
        let record = percent_encoding::percent_decode_str(&after[..end])
            .decode_utf8()
            .expect("UTF-8 record");
        records.push(record.into_owned());
        rest = &after[end..];
    }
    records
}

/// Hrefs of the brief cards in a list page, in order (links to `/briefs/<slug>/`).
pub fn brief_links(html: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    attribute_values(html, "href")
        .into_iter()
        .filter(|h| {
            h.starts_with("/briefs/")
                && h.len() > "/briefs/".len()
                && !h.contains("/page/")
                && !h.contains('#')
        })
        .filter(|h| seen.insert(h.clone()))
        .collect()
}

/// All files under `folder`, as paths relative to it with `/` separators.
pub fn files_under(folder: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
        let entry = entry.expect("walk output");
        if entry.file_type().is_file() {
            let relative = entry.path().strip_prefix(folder).expect("inside");
            files.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    files
}

/// Every file of two folders compared byte for byte; returns the differing paths.
pub fn differing_files(a: &Path, b: &Path) -> Vec<String> {
    let files_a = files_under(a);
    let files_b = files_under(b);
    let mut differing: Vec<String> = files_a
        .iter()
        .filter(|f| fs::read(a.join(f)).ok() != fs::read(b.join(f)).ok())
        .cloned()
        .collect();
    differing.extend(files_b.iter().filter(|f| !files_a.contains(f)).cloned());
    differing
}

/// Builds the site at `root` into `out` with the real binary and extra `flags`; a failed
/// build fails the test with its errors.
pub fn build_site(root: &Path, out: &Path, flags: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(flags)
        .output()
        .expect("run statecraft");
    assert!(
        output.status.success(),
        "{} failed to build:\n{}",
        root.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The sitemap at `sitemap` validates, with xmllint, against the sitemaps.org schema
/// (shipped in the npm `sitemap` package) and the `xhtml:link` alternates of translated
/// pages (`tests/tools/sitemap-alternates.xsd`). Needs Debian's `libxml2-utils` and
/// `npm ci --prefix tests/tools` (`.ci/run` installs both).
pub fn assert_valid_sitemap(sitemap: &Path) {
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools");
    assert!(
        tools
            .join("node_modules/sitemap/schema/sitemap.xsd")
            .is_file(),
        "the sitemap schema is not installed: run `npm ci --prefix tests/tools` (see README)"
    );
    let output = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(tools.join("sitemap-alternates.xsd"))
        .arg(sitemap)
        .output()
        .expect("run xmllint (install Debian's libxml2-utils, see README)");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A watch session on `site`, after its first build.
pub fn session(site: &SiteTest) -> statecraft::dev::session::Session {
    let mut session =
        statecraft::dev::session::Session::new(statecraft::BuildOptions::new(site.root()));
    session.rebuild(&[]).expect("first build");
    session
}

/// How many names the file at `path` has (2 for a file linked from a cache).
#[cfg(unix)]
pub fn link_count(path: &std::path::Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata(path).unwrap().nlink()
}

/// Builds the same sources from scratch elsewhere and compares every file with what
/// a watch session wrote.
pub fn assert_same_as_clean_build(site: &SiteTest) {
    let clean = site.root().join("clean");
    if clean.exists() {
        fs::remove_dir_all(&clean).unwrap();
    }
    let mut options = statecraft::BuildOptions::new(site.root());
    options.out = clean.clone();
    statecraft::build(&options).expect("clean build");
    let differing = differing_files(&site.out(""), &clean);
    assert!(
        differing.is_empty(),
        "incremental output differs from a clean build: {differing:?}"
    );
    assert_eq!(
        folders_under(&site.out("")),
        folders_under(&clean),
        "incremental output has other folders than a clean build"
    );
}

/// All folders under `folder`, as paths relative to it with `/` separators.
pub fn folders_under(folder: &Path) -> Vec<String> {
    walkdir::WalkDir::new(folder)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.expect("walk output"))
        .filter(|entry| entry.file_type().is_dir())
        .map(|entry| {
            let relative = entry.path().strip_prefix(folder).expect("inside");
            relative.to_string_lossy().replace('\\', "/")
        })
        .collect()
}

/// A plain static file server on 127.0.0.1, like a bare bucket or CDN: it serves the
/// files of `folder` under the URL path `mount` (`/` or `/research/briefs/`), maps
/// `dir/` to `dir/index.html`, and answers 404 for anything else. It knows nothing of
/// statecraft. Runs until the test process ends.
pub fn static_server(folder: &Path, mount: &str) -> u16 {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    let folder = folder.to_path_buf();
    let mount = mount.to_string();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let folder = folder.clone();
            let mount = mount.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut request_line = String::new();
                if reader.read_line(&mut request_line).is_err() {
                    return;
                }
                let path = request_line
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or("/")
                    .split('?')
                    .next()
                    .unwrap_or("/")
                    .to_string();
                let file = path
                    .strip_prefix(&mount)
                    .filter(|rest| !rest.split('/').any(|s| s == ".."))
                    .map(|rest| folder.join(rest))
                    .map(|p| if p.is_dir() { p.join("index.html") } else { p })
                    .filter(|p| p.is_file());
                let (status, body, kind) = match file {
                    Some(p) => {
                        let kind = match p.extension().and_then(|e| e.to_str()) {
                            Some("html") => "text/html; charset=utf-8",
                            Some("css") => "text/css",
                            Some("js") => "text/javascript",
                            Some("xml") => "application/xml",
                            Some("json") => "application/json",
                            _ => "application/octet-stream",
                        };
                        ("200 OK", fs::read(p).unwrap_or_default(), kind)
                    }
                    None => ("404 Not Found", b"not found".to_vec(), "text/plain"),
                };
                let mut stream = &stream;
                let head = format!("HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
                let _ = stream
                    .write_all(head.as_bytes())
                    .and_then(|()| stream.write_all(&body));
            });
        }
    });
    port
}

/// How many cases a property test runs: `default` in the suite, `PROPTEST_CASES` for
/// longer runs by hand.
pub fn proptest_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Copies the folder `from` (a part of the sample site) to `to`, files and folders.
pub fn copy_folder(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The Nu HTML Checker (the W3C validator) finds no errors in any page under
/// `folders`. Needs Java and `npm ci --prefix tests/tools` (`.ci/run` does both).
pub fn assert_valid_html(folders: &[&Path]) {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/tools/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.is_file(),
        "the Nu HTML Checker is not installed: run `npm ci --prefix tests/tools` (see README)"
    );
    let output = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "text"])
        .args(folders)
        .output()
        .expect("run java (install a Java runtime, see README)");
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "vnu found errors:\n{report}");
}
