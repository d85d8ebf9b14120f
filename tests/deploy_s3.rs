//! `statecraft deploy` to an S3-compatible server started by the test: moto's S3
//! server (`moto_server`, installed by `.ci/run` into `tests/tools/venv`), which keeps
//! every header an object is stored with, so the test reads them back as S3 serves
//! them. The test talks to it over plain HTTP; a proxy in front of it stands in for a
//! server that goes away in the middle of a deploy.

mod common;
mod deploy_common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use common::{Run, SiteTest};
use deploy_common::{
    changed, edit_beta, listed_deletions, listed_uploads, removed, snapshot, summary,
};

/// A moto S3 server on a free port of 127.0.0.1, stopped when dropped.
struct Moto {
    child: Child,
    port: u16,
}

impl Moto {
    fn start() -> Moto {
        let program = std::env::var_os("STATECRAFT_MOTO_SERVER").map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/tools/venv/bin/moto_server"),
            PathBuf::from,
        );
        assert!(
            program.exists(),
            "{} is missing: run .ci/run, or `python3 -m venv tests/tools/venv && tests/tools/venv/bin/pip install -r tests/tools/requirements.txt`",
            program.display()
        );
        // Port 0: the server takes a port the system gives it and prints it. Choosing a
        // free port here and handing it over would race with the other tests of this
        // file, which bind ports of their own meanwhile.
        let mut child = Command::new(&program)
            .args(["-H", "127.0.0.1", "-p", "0"])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start moto_server");
        let mut log = BufReader::new(child.stderr.take().unwrap());
        let mut line = String::new();
        let port = loop {
            line.clear();
            let read = log.read_line(&mut line).expect("read moto_server's log");
            assert!(read > 0, "moto_server stopped before it listened");
            if let Some(rest) = line.split("Running on http://127.0.0.1:").nth(1) {
                break rest.trim().parse::<u16>().expect("moto_server's port");
            }
        };
        // Keep reading its request log so that a full pipe never stalls it.
        std::thread::spawn(move || std::io::copy(&mut log, &mut std::io::sink()));
        Moto { child, port }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP request to the server: status, headers (lowercase names) and body. Moto
/// accepts any signature, so a fixed one stands in for a signed request.
fn request(port: u16, method: &str, path: &str) -> (u16, BTreeMap<String, String>, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00\r\nx-amz-date: 20260101T000000Z\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("response head");
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
        .collect();
    (status, headers, response[split + 4..].to_vec())
}

/// Keys of the bucket.
fn keys(port: u16, bucket: &str) -> BTreeSet<String> {
    let (status, _, body) = request(port, "GET", &format!("/{bucket}?list-type=2&max-keys=1000"));
    assert_eq!(status, 200);
    let xml = String::from_utf8(body).unwrap();
    assert!(
        !xml.contains("<IsTruncated>true"),
        "more keys than one listing"
    );
    xml.split("<Key>")
        .skip(1)
        .map(|s| s[..s.find("</Key>").unwrap()].to_string())
        .collect()
}

/// An object's headers and its bytes as readers get them (gzip undone).
fn object(port: u16, key: &str) -> (BTreeMap<String, String>, Vec<u8>) {
    let (status, headers, body) = request(port, "GET", &format!("/site/{key}"));
    assert_eq!(status, 200, "{key}");
    let body = if headers.get("content-encoding").map(String::as_str) == Some("gzip") {
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(body.as_slice())
            .read_to_end(&mut plain)
            .unwrap();
        plain
    } else {
        body
    };
    (headers, body)
}

/// Every object under `www/` with its bytes (gzip undone), manifest left out.
fn bucket_snapshot(port: u16) -> BTreeMap<String, Vec<u8>> {
    keys(port, "site")
        .into_iter()
        .filter(|k| k != "www/.statecraft-deploy.json")
        .map(|k| {
            let (_, body) = object(port, &k);
            (k.strip_prefix("www/").unwrap().to_string(), body)
        })
        .collect()
}

/// A site deploying to bucket `site`, folder `www/`, of the server on `port`.
fn s3_site(port: u16) -> SiteTest {
    let site = deploy_common::site(&target_yaml(port));
    let (status, _, _) = request(port, "PUT", "/site");
    assert_eq!(status, 200);
    site
}

fn target_yaml(port: u16) -> String {
    format!("    type: s3\n    bucket: site\n    prefix: www\n    endpoint: http://127.0.0.1:{port}\n    region: us-east-1\n    gzip: true\n")
}

fn point_at(site: &SiteTest, port: u16) {
    site.file(
        "site/config.yaml",
        &format!("{}deploy:\n  web:\n{}", common::CONFIG, target_yaml(port)),
    );
}

/// Runs a deploy with credentials in the environment only, and no AWS files or
/// instance metadata to find.
fn deploy(site: &SiteTest, args: &[&str]) -> Run {
    let nowhere = site.root().join("no-aws-files");
    let nowhere = nowhere.to_str().unwrap();
    let mut all = vec!["deploy"];
    all.extend_from_slice(args);
    site.run_with_env(
        &all,
        &[
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
            ("AWS_CONFIG_FILE", nowhere),
            ("AWS_SHARED_CREDENTIALS_FILE", nowhere),
        ],
    )
}

#[test]
fn s3_first_deploy_edit_delete_headers_and_dry_run() {
    let moto = Moto::start();
    let site = s3_site(moto.port);
    site.build();
    let built = snapshot(&site.out(""));
    let first = deploy(&site, &[]).expect_success();
    assert_eq!(summary(&first), (built.len(), 0, 0), "{}", first.stdout);
    assert_eq!(bucket_snapshot(moto.port), built);

    // Headers, read back from the server.
    let css = built.keys().find(|k| k.ends_with(".css")).unwrap().clone();
    let search_file = built
        .keys()
        .find(|k| k.starts_with("search/t/"))
        .unwrap()
        .clone();
    let expect = [
        (
            "briefs/alpha/index.html",
            "text/html; charset=utf-8",
            "public, max-age=300",
            Some("gzip"),
        ),
        (
            css.as_str(),
            "text/css; charset=utf-8",
            "public, max-age=31536000, immutable",
            Some("gzip"),
        ),
        (
            search_file.as_str(),
            "text/javascript; charset=utf-8",
            "public, max-age=31536000, immutable",
            Some("gzip"),
        ),
        (
            "search/index.js",
            "text/javascript; charset=utf-8",
            "public, max-age=300",
            Some("gzip"),
        ),
        (
            "atom.xml",
            "application/atom+xml; charset=utf-8",
            "public, max-age=300",
            Some("gzip"),
        ),
        (
            "graph.json",
            "application/json; charset=utf-8",
            "public, max-age=300",
            Some("gzip"),
        ),
    ];
    for (file, content_type, cache, encoding) in expect {
        let (headers, _) = object(moto.port, &format!("www/{file}"));
        assert_eq!(
            headers.get("content-type").map(String::as_str),
            Some(content_type),
            "{file}"
        );
        assert_eq!(
            headers.get("cache-control").map(String::as_str),
            Some(cache),
            "{file}"
        );
        assert_eq!(
            headers.get("content-encoding").map(String::as_str),
            encoding,
            "{file}"
        );
    }
    let (alias, _) = object(moto.port, "www/old/alpha/index.html");
    assert_eq!(
        alias
            .get("x-amz-website-redirect-location")
            .map(String::as_str),
        Some("/briefs/alpha/"),
        "aliases are real redirects on S3 website hosting"
    );
    let (beta, _) = object(moto.port, "www/briefs/beta/index.html");
    assert_eq!(beta.get("x-amz-website-redirect-location"), None);

    // A one-brief edit: a dry run lists the changed files and changes nothing; the
    // deploy sends those only.
    edit_beta(&site);
    site.build();
    let rebuilt = snapshot(&site.out(""));
    let expected = changed(&built, &rebuilt);
    let manifest_before = object(moto.port, "www/.statecraft-deploy.json").1;
    let gone = removed(&built, &rebuilt);
    let dry = deploy(&site, &["--dry-run"]).expect_success();
    assert_eq!(listed_uploads(&dry), expected);
    assert_eq!(listed_deletions(&dry), gone);
    assert_eq!(
        bucket_snapshot(moto.port),
        built,
        "a dry run changes nothing"
    );
    assert_eq!(
        object(moto.port, "www/.statecraft-deploy.json").1,
        manifest_before
    );
    let edit = deploy(&site, &[]).expect_success();
    let unchanged = rebuilt.len() - expected.len();
    assert_eq!(summary(&edit), (expected.len(), gone.len(), unchanged));
    assert_eq!(bucket_snapshot(moto.port), rebuilt);

    // A deleted brief is deleted in the bucket.
    std::fs::remove_file(site.root().join("briefs/gamma.md")).unwrap();
    site.build();
    deploy(&site, &[]).expect_success();
    assert_eq!(bucket_snapshot(moto.port), snapshot(&site.out("")));
}

/// A proxy to `upstream` that passes `allowed` connections (moto answers one request
/// per connection), then stops listening, as a server that went away.
fn failing_proxy(upstream: u16, allowed: usize) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for (served, client) in listener.incoming().enumerate() {
            if served >= allowed {
                break; // Dropping the listener: further connections are refused.
            }
            let Ok(client) = client else { continue };
            let server = TcpStream::connect(("127.0.0.1", upstream)).unwrap();
            let (mut client_in, mut server_out) =
                (client.try_clone().unwrap(), server.try_clone().unwrap());
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut client_in, &mut server_out);
                let _ = server_out.shutdown(std::net::Shutdown::Write);
            });
            let (mut server_in, mut client_out) = (server, client);
            std::thread::spawn(move || {
                let _ = std::io::copy(&mut server_in, &mut client_out);
                let _ = client_out.shutdown(std::net::Shutdown::Both);
            });
        }
    });
    port
}

#[test]
fn s3_deploy_cut_short_keeps_the_old_site_and_resumes() {
    let moto = Moto::start();
    let site = s3_site(moto.port);
    site.build();
    deploy(&site, &[]).expect_success();
    let old = bucket_snapshot(moto.port);
    let manifest = object(moto.port, "www/.statecraft-deploy.json").1;

    // New, changed and deleted briefs; the server goes away after the manifest is read
    // and a few files are sent.
    site.brief("delta", "2024-04-01", "[hard-power]", "", "Delta text.");
    std::fs::remove_file(site.root().join("briefs/gamma.md")).unwrap();
    edit_beta(&site);
    site.build();
    let new = snapshot(&site.out(""));
    point_at(&site, failing_proxy(moto.port, 4));
    deploy(&site, &[])
        .expect_failure(2)
        .expect_stderr("cannot reach the storage")
        .expect_stderr("hint: nothing was deleted");
    let now = bucket_snapshot(moto.port);
    let mut sent = 0;
    for (file, bytes) in &old {
        let kept = now
            .get(file)
            .unwrap_or_else(|| panic!("{file} was deleted"));
        assert!(
            kept == bytes || Some(kept) == new.get(file),
            "{file} is neither old nor new"
        );
        sent += usize::from(kept != bytes);
    }
    sent += now.keys().filter(|k| !old.contains_key(*k)).count();
    assert!(
        sent >= 1 && sent < changed(&old, &new).len(),
        "cut short midway: {sent} sent"
    );
    // The manifest still lists every file of the old site (nothing was deleted), the
    // files being sent among them.
    let listed = manifest_files(moto.port);
    for file in manifest_files_of(&manifest).keys() {
        assert!(listed.contains_key(file), "{file} left the manifest");
    }

    // The server is back: the next run finishes the job.
    point_at(&site, moto.port);
    deploy(&site, &[]).expect_success();
    assert_eq!(bucket_snapshot(moto.port), new);
}

/// The manifest's files and their keys.
fn manifest_files_of(json: &[u8]) -> BTreeMap<String, String> {
    let manifest: serde_json::Value = serde_json::from_slice(json).unwrap();
    serde_json::from_value(manifest["files"].clone()).unwrap()
}

fn manifest_files(port: u16) -> BTreeMap<String, String> {
    manifest_files_of(&object(port, "www/.statecraft-deploy.json").1)
}

/// The first deploy to an empty bucket cut short: the files it sent are its own, so
/// the next run finishes the job (it once refused the bucket as holding files of
/// somebody else), and what the site no longer has by then is not left behind.
#[test]
fn s3_first_deploy_cut_short_resumes() {
    let moto = Moto::start();
    let site = s3_site(moto.port);
    site.build();
    let first = snapshot(&site.out(""));
    point_at(&site, failing_proxy(moto.port, 6));
    deploy(&site, &[])
        .expect_failure(2)
        .expect_stderr("cannot reach the storage")
        .expect_stderr("run the deploy again");
    let sent: BTreeSet<String> = keys(moto.port, "site")
        .into_iter()
        .filter_map(|k| k.strip_prefix("www/").map(str::to_string))
        .filter(|k| k != ".statecraft-deploy.json")
        .collect();
    assert!(
        !sent.is_empty() && sent.len() < first.len(),
        "cut short midway: {sent:?}"
    );
    // Whatever was sent is listed, as sent or being sent.
    let listed = manifest_files(moto.port);
    for file in &sent {
        assert!(listed.contains_key(file), "{file} is not in the manifest");
    }

    // A brief goes before the next run, which leaves out none of the site and nothing
    // else.
    std::fs::remove_file(site.root().join("briefs/gamma.md")).unwrap();
    site.build();
    point_at(&site, moto.port);
    deploy(&site, &[]).expect_success();
    assert_eq!(bucket_snapshot(moto.port), snapshot(&site.out("")));
}

/// A server that refuses every request as S3 refuses an unknown access key.
fn refusing_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
                head.push(byte[0]);
            }
            let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InvalidAccessKeyId</Code><Message>The AWS Access Key Id you provided does not exist in our records.</Message></Error>";
            let response = format!(
                "HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    });
    port
}

#[test]
fn s3_refused_credentials_stop_with_a_clear_message() {
    let site = deploy_common::site(&target_yaml(refusing_server()));
    site.build();
    deploy(&site, &[])
        .expect_failure(2)
        .expect_stderr("refused the credentials")
        .expect_stderr("AWS_ACCESS_KEY_ID")
        .expect_stderr("InvalidAccessKeyId");
}

/// An alias of a brief whose address is not ASCII (`/briefs/путь/`): the object's
/// `x-amz-website-redirect-location` holds it percent-encoded, as HTTP headers and the
/// `Location` S3 answers with must be, not raw UTF-8.
#[test]
fn s3_redirect_to_an_address_beyond_ascii_is_percent_encoded() {
    let moto = Moto::start();
    let site = s3_site(moto.port);
    site.brief(
        "путь",
        "2024-05-01",
        "[soft-power]",
        "aliases: [/old/put/]\n",
        "Text.",
    );
    site.build();
    deploy(&site, &[]).expect_success();
    let (alias, _) = object(moto.port, "www/old/put/index.html");
    assert_eq!(
        alias
            .get("x-amz-website-redirect-location")
            .map(String::as_str),
        Some("/briefs/%D0%BF%D1%83%D1%82%D1%8C/")
    );
}

/// A static page that is not UTF-8 (Latin-1, saying so in its `<meta charset>`) is
/// stored with its bytes and a `Content-Type` that does not call it UTF-8, so that
/// browsers read it as it says.
#[test]
fn s3_a_page_not_in_utf8_is_not_said_to_be() {
    let moto = Moto::start();
    let site = s3_site(moto.port);
    let legacy =
        b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xe9</p></body></html>";
    let path = site.root().join("site/static/legacy.html");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, legacy).unwrap();
    site.build();
    deploy(&site, &[]).expect_success();
    let (headers, body) = object(moto.port, "www/legacy.html");
    assert_eq!(body, legacy);
    assert_eq!(
        headers.get("content-type").map(String::as_str),
        Some("text/html")
    );
    let (headers, _) = object(moto.port, "www/briefs/alpha/index.html");
    assert_eq!(
        headers.get("content-type").map(String::as_str),
        Some("text/html; charset=utf-8")
    );
}
