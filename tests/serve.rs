//! `statecraft serve`: the real binary on a local port, asked over real sockets, and a
//! real headless Chromium for live reload.

mod common;

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::SiteTest;

/// A running `statecraft serve` (or `watch`, with no port), stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `statecraft serve` on a port the system chooses (`--port 0`), read from the line it
/// prints: a port picked here and handed over could be taken by another test meanwhile.
fn serve(site: &SiteTest, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(["serve", "--port", "0"])
        .args(extra)
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    let port = loop {
        line.clear();
        assert!(
            lines.read_line(&mut line).unwrap() > 0,
            "serve stopped before it listened"
        );
        if let Some((ip, rest)) = line
            .split(" at http://")
            .nth(1)
            .and_then(|address| address.split_once(':'))
        {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let ip: std::net::IpAddr = ip.parse().expect("the address serve prints");
            break (ip, digits.parse::<u16>().expect("the port serve prints"));
        }
    };
    let (ip, port) = port;
    // Keep reading what it prints so that a full pipe never stalls it.
    std::thread::spawn(move || std::io::copy(&mut lines, &mut std::io::sink()));
    let server = Server { child, port };
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if site.out("index.html").exists() && TcpStream::connect((ip, port)).is_ok() {
            return server;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("serve did not start");
}

/// A raw HTTP/1.0 GET (raw so that `..` and `%2e` reach the server unnormalised).
fn get(port: u16, path: &str) -> (u16, String, String) {
    try_get(port, path).unwrap()
}

/// [`get`], or the error of a connection the server closed: a crowded server turns
/// connections away (503) before reading their request, and one whose request comes
/// after that close, or is still unread at it, is reset.
fn try_get(port: u16, path: &str) -> std::io::Result<(u16, String, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n")?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Ok((status, head.to_lowercase(), body.to_string()))
}

fn site_with_secret() -> SiteTest {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body of a.");
    site.file("secret.txt", "TOP SECRET");
    site
}

#[test]
fn serves_pages_with_content_types_and_the_404_page() {
    let site = site_with_secret();
    let server = serve(&site, &[]);
    let (status, head, body) = get(server.port, "/briefs/a/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"));
    assert!(body.contains("Body of a."));
    assert!(
        body.contains("/__statecraft/live-reload.js"),
        "dev server injects live reload"
    );
    assert!(
        !site.read("briefs/a/index.html").contains("__statecraft"),
        "never in build output"
    );
    let (_, head, _) = get(server.port, "/atom.xml");
    assert!(head.contains("content-type: application/atom+xml"));
    let (status, head, _) = get(server.port, "/briefs/a");
    assert_eq!(status, 301);
    assert!(head.contains("location: /briefs/a/"));
    let (status, head, _) = get(server.port, "/briefs/a?utm=1&x=2");
    assert_eq!(status, 301);
    assert!(head.contains("location: /briefs/a/?utm=1&x=2"), "{head}");
    let (status, _, body) = get(server.port, "/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("<html"), "the site's 404.html is served");
}

#[test]
fn never_serves_files_outside_the_output_folder() {
    let site = site_with_secret();
    let server = serve(&site, &[]);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/briefs/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
    ] {
        let (status, _, body) = get(server.port, path);
        assert!(!body.contains("TOP SECRET"), "{path} leaked the file");
        assert!(status == 403 || status == 404, "{path} gave {status}");
    }
    #[cfg(unix)]
    {
        // A link inside the output folder that points out of it.
        std::os::unix::fs::symlink(site.root().join("secret.txt"), site.out("out-link.txt"))
            .unwrap();
        let (status, _, body) = get(server.port, "/out-link.txt");
        assert_eq!(status, 403);
        assert!(!body.contains("TOP SECRET"));
    }
}

#[test]
fn binds_to_loopback_by_default() {
    let site = site_with_secret();
    let server = serve(&site, &[]);
    let (status, _, _) = get(server.port, "/");
    assert_eq!(status, 200);
    // Nothing listens on the machine's other addresses.
    let outside = std::net::UdpSocket::bind("0.0.0.0:0")
        .and_then(|s| s.connect("192.0.2.1:9").map(|()| s))
        .and_then(|s| s.local_addr());
    if let Ok(address) = outside {
        if !address.ip().is_loopback() && !address.ip().is_unspecified() {
            assert!(TcpStream::connect_timeout(
                &(address.ip(), server.port).into(),
                Duration::from_millis(300)
            )
            .is_err());
        }
    }
}

#[test]
fn serves_the_site_under_its_base_path() {
    let site = site_with_secret();
    site.file(
        "site/config.yaml",
        &common::CONFIG.replace("https://example.org/", "https://example.org/policy/briefs/"),
    );
    let server = serve(&site, &[]);
    let (status, _, body) = get(server.port, "/policy/briefs/briefs/a/");
    assert_eq!(status, 200);
    assert!(body.contains("Body of a."));
    assert!(
        body.contains("href=\"/policy/briefs/"),
        "links carry the base path"
    );
    let (status, head, _) = get(server.port, "/");
    assert_eq!(status, 301);
    assert!(head.contains("location: /policy/briefs/"));

    // A new `base_url` while serving: the server follows the pages there.
    site.file(
        "site/config.yaml",
        &common::CONFIG.replace("https://example.org/", "https://example.org/research/"),
    );
    wait_for(server.port, "/research/briefs/a/", 200, "href=\"/research/");
    let (status, _, _) = get(server.port, "/policy/briefs/briefs/a/");
    assert_eq!(status, 404);
}

/// Real headless Chromium (Debian's `chromium`, driven by playwright-core): edit,
/// break and fix a brief while the page is open. Needs `npm ci --prefix tests/tools`
/// and Chromium at /usr/bin/chromium (or $CHROMIUM); `.ci/run` installs both.
#[test]
fn the_browser_reloads_shows_errors_and_recovers() {
    let site = SiteTest::new();
    site.file(
        "briefs/live.md",
        "---\ntitle: Live Title One\ndate: 2024-01-01\nsummary: S.\ntopics: [soft-power]\n---\nBody.\n",
    );
    // The site's own stylesheet, beside the theme's, linked from a template of its own:
    // its name does not change with its content.
    site.file(
        "site/static/institute.css",
        "h1 { font-size: 11px !important; }\n",
    );
    let base = String::from_utf8(
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/templates/base.html"
        ))
        .unwrap(),
    )
    .unwrap();
    assert!(base.contains("</head>"));
    site.file(
        "site/templates/base.html",
        &base.replace(
            "</head>",
            "<link rel=\"stylesheet\" href=\"{{ site.root_url }}institute.css\">\n</head>",
        ),
    );
    let server = serve(&site, &[]);
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/browser/live_reload.mjs");
    let output = Command::new("node")
        .arg(&script)
        .arg(format!("http://127.0.0.1:{}/briefs/live/", server.port))
        .arg(site.root().join("briefs/live.md"))
        .arg(site.root().join("site/static/institute.css"))
        .output()
        .expect("run node (install Node.js; see README)");
    assert!(
        output.status.success(),
        "browser test failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Waits until `path` answers with `status` and a body containing `text`, for up to 20
/// seconds (a wait for the rebuild, not a timing).
fn wait_for(port: u16, path: &str, status: u16, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut last = (0, String::new());
    while Instant::now() < deadline {
        let (got, _, body) = get(port, path);
        if got == status && body.contains(text) {
            return;
        }
        last = (got, body);
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!(
        "{path} never answered {status} with {text:?}; last {}:\n{}",
        last.0, last.1
    );
}

/// Editors save in different ways, each a different burst of file events: the watcher
/// rebuilds after each, with the file as saved.
#[test]
fn every_way_an_editor_saves_is_rebuilt_with_what_was_saved() {
    let site = SiteTest::new();
    let brief = |title: &str| {
        format!("---\ntitle: {title}\ndate: 2024-01-01\nsummary: S.\ntopics: [soft-power]\n---\nBody.\n")
    };
    site.file("briefs/live.md", &brief("First Title"));
    let server = serve(&site, &[]);
    let port = server.port;
    wait_for(port, "/briefs/live/", 200, "First Title");
    let path = site.root().join("briefs/live.md");

    // Written in place (truncate, write).
    std::fs::write(&path, brief("Written In Place")).unwrap();
    wait_for(port, "/briefs/live/", 200, "Written In Place");

    // A temporary file renamed over the brief.
    let temporary = site.root().join("briefs/.live.md.tmp");
    std::fs::write(&temporary, brief("Renamed Over")).unwrap();
    std::fs::rename(&temporary, &path).unwrap();
    wait_for(port, "/briefs/live/", 200, "Renamed Over");

    // Vim's way: the brief renamed to a backup, written anew, the backup removed.
    let backup = site.root().join("briefs/live.md~");
    std::fs::rename(&path, &backup).unwrap();
    std::fs::write(&path, brief("Saved Like Vim")).unwrap();
    std::fs::remove_file(&backup).unwrap();
    wait_for(port, "/briefs/live/", 200, "Saved Like Vim");

    // Several saves in a row: the last one shows.
    for n in 1..=5 {
        std::fs::write(&path, brief(&format!("Quick Save {n}"))).unwrap();
        std::thread::sleep(Duration::from_millis(2));
    }
    wait_for(port, "/briefs/live/", 200, "Quick Save 5");

    // A new brief, then the same brief removed.
    let second = site.root().join("briefs/second.md");
    std::fs::write(&second, brief("A Second Brief")).unwrap();
    wait_for(port, "/briefs/second/", 200, "A Second Brief");
    std::fs::remove_file(&second).unwrap();
    wait_for(port, "/briefs/second/", 404, "");
    wait_for(port, "/briefs/live/", 200, "Quick Save 5");
}

/// Sends raw `request` text and returns the status, head (lowercased) and body.
fn ask(port: u16, request: &str) -> (u16, String, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let split = response
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(response.len(), |i| i + 4);
    let head = String::from_utf8_lossy(&response[..split]).to_lowercase();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head, response[split..].to_vec())
}

/// How many threads the server process runs now.
fn threads(server: &Server) -> usize {
    std::fs::read_dir(format!("/proc/{}/task", server.child.id()))
        .map(|d| d.count())
        .unwrap_or(0)
}

#[test]
fn answers_only_get_and_head_addressed_to_it_and_honours_ranges() {
    let site = site_with_secret();
    site.file("site/static/data.txt", "0123456789");
    let server = serve(&site, &[]);
    let port = server.port;
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let (status, head, _) = ask(
            port,
            &format!("{method} / HTTP/1.1\r\nHost: localhost\r\n\r\n"),
        );
        assert_eq!(status, 405, "{method}");
        assert!(head.contains("allow: get, head"), "{head}");
    }
    let (status, head, body) = ask(port, "HEAD /data.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert_eq!((status, body.len()), (200, 0));
    assert!(head.contains("content-length: 10"), "{head}");
    // DNS rebinding: a page of evil.example that resolves to 127.0.0.1.
    let (status, _, body) = ask(port, "GET /data.txt HTTP/1.1\r\nHost: evil.example\r\n\r\n");
    assert_eq!(status, 421);
    assert!(!String::from_utf8_lossy(&body).contains("0123"));
    let (status, _, _) = ask(
        port,
        &format!("GET /data.txt HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
    );
    assert_eq!(status, 200);
    let range = |spec: &str| {
        ask(
            port,
            &format!("GET /data.txt HTTP/1.1\r\nHost: localhost\r\nRange: {spec}\r\n\r\n"),
        )
    };
    let (status, head, body) = range("bytes=2-4");
    assert_eq!((status, body.as_slice()), (206, &b"234"[..]));
    assert!(head.contains("content-range: bytes 2-4/10"), "{head}");
    let (status, _, body) = range("bytes=-3");
    assert_eq!((status, body.as_slice()), (206, &b"789"[..]));
    let (status, head, _) = range("bytes=20-");
    assert_eq!(status, 416);
    assert!(head.contains("content-range: bytes */10"), "{head}");
    // No valid range at all is ignored (RFC 9110): the whole file.
    for invalid in ["bytes=5-1", "bytes=abc"] {
        let (status, _, body) = range(invalid);
        assert_eq!(
            (status, body.as_slice()),
            (200, &b"0123456789"[..]),
            "{invalid}"
        );
    }
}

#[test]
fn a_crowd_of_connections_cannot_take_the_server_down() {
    let site = site_with_secret();
    let server = serve(&site, &[]);
    let before = threads(&server);
    // Hundreds of connections that never send a request.
    let idle: Vec<TcpStream> = (0..300)
        .filter_map(|_| TcpStream::connect(("127.0.0.1", server.port)).ok())
        .collect();
    // Event streams opened and abandoned.
    let mut listeners = Vec::new();
    for _ in 0..80 {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        write!(
            stream,
            "GET /__statecraft/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        listeners.push(stream);
    }
    std::thread::sleep(Duration::from_millis(500));
    let during = threads(&server);
    assert!(
        during <= before + 2,
        "threads grew from {before} to {during} with the connections"
    );
    drop(idle);
    drop(listeners);
    // Once the idle connections are gone, pages are served again.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        match try_get(server.port, "/") {
            Ok((200, _, _)) => break,
            Ok((status, _, _)) => assert_eq!(status, 503, "a crowded server says it is busy"),
            Err(err) => assert!(
                matches!(
                    err.kind(),
                    ErrorKind::ConnectionReset | ErrorKind::BrokenPipe
                ),
                "a crowded server turns a connection away, not {err}"
            ),
        }
        assert!(Instant::now() < deadline, "the server did not recover");
        std::thread::sleep(Duration::from_millis(200));
    }
    // Abandoned listeners are dropped at the next event, and new ones taken.
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body of a, edited.");
    std::thread::sleep(Duration::from_millis(800));
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "GET /__statecraft/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 200");
}

/// `statecraft watch --no-pdf` on `site` (with `extra` arguments), stopped when the
/// first value is dropped, and a function that waits (30 s at most) for the next line
/// saying a build or rebuild is done.
fn watch(site: &SiteTest, extra: &[&str]) -> (Server, impl Fn()) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_statecraft"))
        .args(["watch", "--no-pdf"])
        .args(extra)
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (lines, printed) = std::sync::mpsc::channel();
    let output = BufReader::new(child.stdout.take().unwrap());
    // Read to the end, so that a full pipe never stalls it, even once nothing waits
    // for its lines.
    std::thread::spawn(move || {
        for line in output.lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let rebuilt = move || loop {
        let line = printed
            .recv_timeout(Duration::from_secs(30))
            .expect("watch printed no rebuild within 30 s");
        if line.starts_with("built") || line.starts_with("rebuilt") {
            return;
        }
    };
    (Server { child, port: 0 }, rebuilt)
}

/// Edits the base template of the theme in `theme` (a folder of the site), so that
/// its `<main>` has the attribute `data-<name>="yes"`; waits for the rebuild and checks
/// that brief `a`'s page shows it.
fn edit_theme_and_wait(site: &SiteTest, rebuilt: &impl Fn(), theme: &str, name: &str) {
    let base = site.root().join(theme).join("templates/base.html");
    let template = std::fs::read_to_string(&base).unwrap();
    let attribute = format!("data-{name}=\"yes\"");
    let marked = template.replace(
        "<main id=\"main\">",
        &format!("<main id=\"main\" {attribute}>"),
    );
    assert_ne!(marked, template, "the theme has no <main id=\"main\">");
    std::fs::write(&base, marked).unwrap();
    rebuilt();
    assert!(site.read("briefs/a/index.html").contains(&attribute));
}

/// A save made while `watch` builds the site for the first time (a minute or more for a
/// large site whose social cards are not cached yet) is rebuilt once that build is done,
/// not lost until the next save.
#[test]
fn a_save_during_the_first_build_of_watch_is_rebuilt() {
    let site = SiteTest::new();
    for n in 0..200 {
        let slug = format!("b-{n:03}");
        site.brief(&slug, "2024-01-01", "[soft-power]", "", "Body.");
    }
    let (watch, _) = watch(&site, &[]);

    // The first card in the cache: the briefs have been read, and 199 cards are still
    // to be drawn.
    let cards = site.root().join(".statecraft-cache/cards");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !std::fs::read_dir(&cards).is_ok_and(|mut entries| entries.next().is_some()) {
        assert!(Instant::now() < deadline, "watch drew no social card");
        std::thread::sleep(Duration::from_millis(1));
    }
    site.brief(
        "b-000",
        "2024-01-01",
        "[soft-power]",
        "",
        "Saved during the first build.",
    );

    let page = site.out("briefs/b-000/index.html");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = std::fs::read_to_string(&page).unwrap_or_default();
        if text.contains("Saved during the first build.") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the save made during the first build never reached the page"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(watch);
}

/// Switching the configuration to another theme, then editing that theme: both reach
/// the pages (every theme's folder is watched, not only the one in use at the start).
#[test]
fn watch_follows_a_switch_to_another_theme_and_its_edits() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body of a.");
    site.run(&["theme", "eject", "--to", "themes/institute"])
        .expect_success();
    let (watch, rebuilt) = watch(&site, &[]);
    rebuilt();
    let config = std::fs::read_to_string(site.root().join("site/config.yaml")).unwrap();
    site.file("site/config.yaml", &format!("{config}theme: institute\n"));
    rebuilt();
    edit_theme_and_wait(&site, &rebuilt, "themes/institute", "house");
    drop(watch);
}

/// A brief dated a few seconds ahead is published by `watch` when its time comes, with
/// nothing saved (the browser of `serve` then reloads): the output is what a clean
/// build makes from then on.
#[test]
fn watch_publishes_a_scheduled_brief_when_its_time_comes() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body of a.");
    let due = chrono::Utc::now() + chrono::Duration::seconds(8);
    site.brief(
        "soon",
        &due.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "[soft-power]",
        "",
        "Scheduled.",
    );
    let (watch, rebuilt) = watch(&site, &[]);
    rebuilt();
    assert!(!site.exists("briefs/soon/index.html"));
    // The rebuild at its date, which no save asked for.
    rebuilt();
    assert!(site.exists("briefs/soon/index.html"));
    // The search index follows the pages: waits for the whole output to be a clean
    // build's.
    let clean = tempfile::tempdir().unwrap();
    common::build_site(site.root(), clean.path(), &["--no-pdf"]);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let differing = common::differing_files(&site.out(""), clean.path());
        if differing.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "watch's output differs from a clean build: {differing:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(watch);
}

/// `statecraft theme eject` while `watch` runs on the built-in theme: the new
/// `themes/` folder is watched from then on, so editing the ejected templates reaches
/// the pages.
#[test]
fn watch_follows_a_theme_ejected_while_it_runs() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body of a.");
    let (watch, rebuilt) = watch(&site, &[]);
    rebuilt();
    site.run(&["theme", "eject"]).expect_success();
    rebuilt();
    edit_theme_and_wait(&site, &rebuilt, "themes/default", "ejected");
    drop(watch);
}

/// `watch --poll` (network drives, WSL2, containers) sees what the operating system's
/// notifications see: an edit, a second one right after it (within the same second,
/// which notify's poller misses), a new brief, a theme ejected and then edited.
#[test]
fn watch_with_polling_sees_edits_new_briefs_and_an_ejected_theme() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body of a.");
    let (watch, rebuilt) = watch(&site, &["--poll"]);
    rebuilt();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Polled edit.");
    rebuilt();
    assert!(site.read("briefs/a/index.html").contains("Polled edit."));
    site.brief("a", "2024-01-01", "[soft-power]", "", "Polled edit again.");
    rebuilt();
    assert!(site
        .read("briefs/a/index.html")
        .contains("Polled edit again."));
    site.brief("b", "2024-02-01", "[hard-power]", "", "Polled new brief.");
    rebuilt();
    assert!(site
        .read("briefs/b/index.html")
        .contains("Polled new brief."));
    site.run(&["theme", "eject"]).expect_success();
    rebuilt();
    edit_theme_and_wait(&site, &rebuilt, "themes/default", "polled");
    drop(watch);
}

/// The whole `briefs/` folder moved away (one event, for the folder) takes its briefs
/// off the site; moved back, they return, and edits are seen again.
#[test]
fn watch_follows_the_briefs_folder_moved_away_and_back() {
    let site = SiteTest::new();
    site.brief("a", "2024-01-01", "[soft-power]", "", "Body of a.");
    let (watch, rebuilt) = watch(&site, &[]);
    rebuilt();
    let (briefs, away) = (site.root().join("briefs"), site.root().join("briefs-away"));
    std::fs::rename(&briefs, &away).unwrap();
    rebuilt();
    assert!(!site.exists("briefs/a/index.html"));
    std::fs::rename(&away, &briefs).unwrap();
    rebuilt();
    assert!(site.read("briefs/a/index.html").contains("Body of a."));
    site.brief(
        "a",
        "2024-01-01",
        "[soft-power]",
        "",
        "Edited after the move.",
    );
    rebuilt();
    assert!(site
        .read("briefs/a/index.html")
        .contains("Edited after the move."));
    drop(watch);
}

/// A base URL whose path is not ASCII (`https://example.org/политика/`): browsers ask
/// for its pages percent-encoded, and the server's redirects name them so (a
/// `Location` header is ASCII).
#[test]
fn serves_the_site_under_a_base_path_beyond_ascii() {
    let site = site_with_secret();
    site.file(
        "site/config.yaml",
        &common::CONFIG.replace("https://example.org/", "https://example.org/политика/"),
    );
    let server = serve(&site, &[]);
    // Lowercase, as `get` gives the head.
    let base = "/%d0%bf%d0%be%d0%bb%d0%b8%d1%82%d0%b8%d0%ba%d0%b0/";
    let (status, head, _) = get(server.port, "/");
    assert_eq!(status, 301);
    assert!(head.is_ascii(), "{head}");
    assert!(head.contains(&format!("location: {base}\r\n")), "{head}");
    let (status, _, body) = get(server.port, &format!("{base}briefs/a/"));
    assert_eq!(status, 200);
    assert!(body.contains("Body of a."));
    // Upper-case escapes, as browsers send them, name the same page.
    let (status, _, _) = get(server.port, &format!("{}briefs/a/", base.to_uppercase()));
    assert_eq!(status, 200);
    let (status, head, _) = get(server.port, &format!("{base}briefs/a"));
    assert_eq!(status, 301);
    assert!(
        head.contains(&format!("location: {base}briefs/a/\r\n")),
        "{head}"
    );
    let (status, head, _) = get(server.port, base.trim_end_matches('/'));
    assert_eq!(status, 301);
    assert!(head.contains(&format!("location: {base}\r\n")), "{head}");
}

/// `--bind 127.0.0.2`: the server answers the address it prints (a loopback address
/// other than 127.0.0.1), and still refuses other names for itself.
#[test]
fn answers_requests_addressed_to_the_address_it_is_bound_to() {
    let site = site_with_secret();
    let server = serve(&site, &["--bind", "127.0.0.2"]);
    let ask_as = |host: &str| {
        let mut stream = TcpStream::connect(("127.0.0.2", server.port)).unwrap();
        write!(stream, "GET / HTTP/1.1\r\nHost: {host}\r\n\r\n").unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        response
    };
    let port = server.port;
    assert!(ask_as(&format!("127.0.0.2:{port}")).starts_with("HTTP/1.1 200"));
    assert!(ask_as(&format!("127.0.0.2:{}", port.wrapping_add(1))).starts_with("HTTP/1.1 421"));
    assert!(ask_as("evil.example").starts_with("HTTP/1.1 421"));
}

/// A static HTML page in another encoding than UTF-8 (Latin-1) gets the live-reload
/// script with its own bytes untouched, and is not said to be UTF-8.
#[test]
fn html_in_another_encoding_keeps_its_bytes() {
    let site = site_with_secret();
    let legacy = b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xe9 cr\xe8me</p></body></html>";
    let path = site.root().join("site/static/legacy.html");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, legacy).unwrap();
    let server = serve(&site, &[]);
    let (status, head, body) = ask(
        server.port,
        "GET /legacy.html HTTP/1.1\r\nHost: localhost\r\n\r\n",
    );
    assert_eq!(status, 200);
    let text = b"Caf\xe9 cr\xe8me</p>";
    assert!(
        body.windows(text.len()).any(|w| w == text),
        "{}",
        String::from_utf8_lossy(&body)
    );
    assert!(body.ends_with(b"</script></body></html>"), "{body:?}");
    assert!(head.contains("content-type: text/html\r\n"), "{head}");
    // A UTF-8 page still says so.
    let (_, head, _) = ask(server.port, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assert!(
        head.contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
}

/// Connections that send nothing (browsers open spare ones; a crowd) do not hold up a
/// request that comes after them: it is answered while they all stay open.
#[test]
fn idle_connections_do_not_hold_up_requests() {
    let site = site_with_secret();
    let server = serve(&site, &[]);
    // More than the server's workers and queue together.
    let idle: Vec<TcpStream> = (0..120)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap())
        .collect();
    let (status, _, body) = get(server.port, "/briefs/a/");
    assert_eq!(status, 200, "{body}");
    drop(idle);
}

/// More tabs of the site than a browser opens connections to one host (6 in Chromium)
/// all load, and all reload after an edit: tabs do not each hold a connection open.
#[test]
fn many_tabs_load_and_reload() {
    let site = SiteTest::new();
    site.file(
        "briefs/live.md",
        "---\ntitle: Live Title One\ndate: 2024-01-01\nsummary: S.\ntopics: [soft-power]\n---\nBody.\n",
    );
    let server = serve(&site, &[]);
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/browser/live_reload_tabs.mjs");
    let output = Command::new("node")
        .arg(&script)
        .arg(format!("http://127.0.0.1:{}/briefs/live/", server.port))
        .arg(site.root().join("briefs/live.md"))
        .output()
        .expect("run node (install Node.js; see README)");
    assert!(
        output.status.success(),
        "browser test failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A request line, or headers, beyond the 16 KB the server reads get an answer that
/// says so (414, 431), not a connection closed in silence; the server serves on.
#[test]
fn an_oversized_request_line_or_headers_is_answered() {
    let site = site_with_secret();
    let server = serve(&site, &[]);
    let long_path = format!("/{}", "a".repeat(20 * 1024));
    let (status, _, body) = ask(
        server.port,
        &format!("GET {long_path} HTTP/1.1\r\nHost: localhost\r\n\r\n"),
    );
    assert_eq!(status, 414, "{}", String::from_utf8_lossy(&body));
    assert!(String::from_utf8_lossy(&body).contains("16 KB"));

    let big_header = format!("X-Big: {}\r\n", "b".repeat(20 * 1024));
    let (status, _, _) = ask(
        server.port,
        &format!("GET / HTTP/1.1\r\nHost: localhost\r\n{big_header}\r\n"),
    );
    assert_eq!(status, 431);

    // Just within the limit, a request is served.
    let fitting_header = format!("X-Big: {}\r\n", "b".repeat(8 * 1024));
    let (status, _, _) = ask(
        server.port,
        &format!("GET / HTTP/1.1\r\nHost: localhost\r\n{fitting_header}\r\n"),
    );
    assert_eq!(status, 200);
}
