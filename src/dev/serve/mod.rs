//! The development server: serves the output folder on 127.0.0.1, reloads browsers
//! after each rebuild (Server-Sent Events, see [`live`]: one stream for all the tabs of
//! a browser, held by a shared worker), swaps stylesheets without a reload when only
//! CSS changed, and shows build errors in an overlay.
//!
//! The live-reload script is injected into HTML responses here, never into the files
//! `build` writes. Requests can only reach files inside the output folder: paths are
//! percent-decoded, `..` and backslashes are refused, and the resolved file must lie
//! inside the folder after following symbolic links. The server is built to survive a
//! crowded or hostile neighbourhood: a fixed number of workers (more connections wait
//! in a short queue, then get 503), connections that send nothing kept off the
//! workers, time limits on reading requests, only GET and HEAD, and, when bound to
//! loopback, only requests addressed to it (a web page's DNS rebinding cannot reach
//! it).

use std::fs;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, RwLock};
use std::thread;
use std::time::Instant;

use crate::model::urls;

mod http;
mod live;

use http::{Range, Request, Response};
pub use live::LiveReload;

/// Workers answering requests; requests beyond them wait in a queue this long.
const WORKERS: usize = 8;
const QUEUE: usize = 64;

/// Connections that have sent nothing yet, kept apart from the workers (at most
/// [`http::TIMEOUT`]); more are turned away (503).
const MAX_SILENT: usize = 512;
/// How often silent connections are looked at, while there are some.
const SILENT_POLL: std::time::Duration = std::time::Duration::from_millis(2);

/// Where the server's own endpoints live (outside any site's URL space in practice).
const EVENTS_PATH: &str = "/__statecraft/events";
const SCRIPT_PATH: &str = "/__statecraft/live-reload.js";
const WORKER_PATH: &str = "/__statecraft/live-reload-worker.js";
const SCRIPT_TAG: &str = "<script src=\"/__statecraft/live-reload.js\"></script>";

/// The script every served page gets. The event stream is opened once for all the
/// tabs of the site, in a shared worker: a browser opens only 6 connections to one
/// host over HTTP/1.1, so a stream held open by each tab would leave the 7th tab (and
/// every navigation) waiting for a connection. A browser without shared workers
/// (Chrome on Android) opens a stream for the page itself.
const LIVE_RELOAD_JS: &str = r#"(() => {
  "use strict";
  const overlayId = "statecraft-error-overlay";
  const handlers = {
    // For tests and the curious: the page is told of rebuilds from now on.
    connected: () => { window.statecraftLiveReload = "connected"; },
    reload: () => window.location.reload(),
    css: (data) => {
      const urls = JSON.parse(data);
      for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
        const current = new URL(link.href, window.location.href);
        if (current.origin !== window.location.origin) continue;
        const name = current.pathname.split("/").pop().split(".")[0];
        const fresh = urls.find((url) => url.split("/").pop().split(".")[0] === name);
        if (fresh && fresh !== current.pathname) {
          link.href = fresh;
        } else {
          // A stylesheet whose name does not change with its content (the site's own,
          // in site/static/) is asked for again past the browser's cache.
          current.searchParams.set("statecraft-reload", Date.now());
          link.href = current.href;
        }
      }
      document.getElementById(overlayId)?.remove();
    },
    failure: (data) => {
      let overlay = document.getElementById(overlayId);
      if (!overlay) {
        overlay = document.createElement("div");
        overlay.id = overlayId;
        overlay.setAttribute("role", "alertdialog");
        overlay.setAttribute("aria-label", "Build failed");
        overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:2rem;background:rgba(20,20,20,.96);color:#f5f5f5;font:14px/1.5 ui-monospace,monospace";
        const title = document.createElement("h2");
        title.textContent = "Build failed — the last good version is still served";
        title.style.cssText = "margin:0 0 1rem;color:#ff8a80;font:bold 18px/1.3 system-ui,sans-serif";
        const report = document.createElement("pre");
        report.style.cssText = "white-space:pre-wrap;margin:0";
        overlay.append(title, report);
        document.body.append(overlay);
      }
      overlay.querySelector("pre").textContent = JSON.parse(data);
    },
  };
  if (typeof SharedWorker === "function") {
    const worker = new SharedWorker("/__statecraft/live-reload-worker.js", { name: "statecraft-live-reload" });
    worker.port.onmessage = (message) => handlers[message.data.type]?.(message.data.data);
    // A page leaving (or going into the back-forward cache) is taken off the
    // worker's list, and put back if it is shown again.
    window.addEventListener("pagehide", () => worker.port.postMessage("leave"));
    window.addEventListener("pageshow", (event) => event.persisted && worker.port.postMessage("join"));
  } else {
    const source = new EventSource("/__statecraft/events");
    source.addEventListener("open", handlers.connected);
    for (const type of Object.keys(handlers)) {
      source.addEventListener(type, (event) => handlers[type](event.data));
    }
  }
})();
"#;

/// The shared worker of [`LIVE_RELOAD_JS`]: one event stream, its events passed on to
/// every page of the site that is open. The last failure is kept for pages that open
/// while the build is broken, as the server sends it to a stream that opens.
const LIVE_RELOAD_WORKER_JS: &str = r#""use strict";
const pages = new Set();
let failure = null;
const source = new EventSource("/__statecraft/events");
for (const type of ["reload", "css", "failure"]) {
  source.addEventListener(type, (event) => {
    failure = type === "failure" ? event.data : null;
    for (const page of pages) page.postMessage({ type, data: event.data });
  });
}
source.addEventListener("open", () => {
  for (const page of pages) page.postMessage({ type: "connected" });
});
onconnect = (event) => {
  const page = event.ports[0];
  pages.add(page);
  if (source.readyState === EventSource.OPEN) page.postMessage({ type: "connected" });
  page.onmessage = (message) => {
    if (message.data === "leave") pages.delete(page);
    if (message.data === "join") pages.add(page);
  };
  if (failure !== null) page.postMessage({ type: "failure", data: failure });
};
"#;

/// A running server.
pub struct DevServer {
    pub address: SocketAddr,
    site: Arc<Site>,
}

impl DevServer {
    /// Serves the site under `base_path` from now on (a new `base_url` moved it); an
    /// empty one, not known, changes nothing.
    pub fn follow_base_path(&self, base_path: &str) {
        if base_path.is_empty() {
            return;
        }
        if let Ok(mut current) = self.site.base_path.write() {
            if *current != base_path {
                base_path.clone_into(&mut current);
            }
        }
    }
}

/// What every worker needs.
struct Site {
    root: PathBuf,
    base_path: RwLock<String>,
    /// The address the server listens on, for checking where requests are addressed.
    address: SocketAddr,
    live: Arc<LiveReload>,
}

/// Starts serving `out` at `address`, the site living under `base_path` (`/` or
/// `/policy/briefs/`). Returns once the socket is bound and the workers run; they run
/// until the process ends.
pub fn start(
    out: &Path,
    base_path: &str,
    address: SocketAddr,
    live: Arc<LiveReload>,
) -> std::io::Result<DevServer> {
    let listener = TcpListener::bind(address)?;
    let address = listener.local_addr()?;
    let site = Arc::new(Site {
        root: out.to_path_buf(),
        base_path: RwLock::new(base_path.to_string()),
        address,
        live,
    });
    let (queue, waiting) = mpsc::sync_channel::<TcpStream>(QUEUE);
    let waiting = Arc::new(Mutex::new(waiting));
    for n in 0..WORKERS {
        let (site, waiting) = (Arc::clone(&site), Arc::clone(&waiting));
        thread::Builder::new()
            .name(format!("serve-{n}"))
            .spawn(move || loop {
                let next = waiting.lock().map(|w| w.recv());
                match next {
                    Ok(Ok(stream)) => handle(stream, &site),
                    _ => return,
                }
            })?;
    }
    let live = Arc::clone(&site.live);
    thread::Builder::new()
        .name("serve-heartbeat".to_string())
        .spawn(move || loop {
            thread::sleep(live::HEARTBEAT);
            live.heartbeat();
        })?;
    thread::Builder::new()
        .name("serve-accept".to_string())
        .spawn(move || accept(&listener, &queue))?;
    Ok(DevServer { address, site })
}

/// Hands each connection to a worker once its request starts to arrive; when all are
/// busy and the queue is full, says so (503) instead of waiting or making another
/// thread. Until then a connection waits here, not on a worker: browsers open spare
/// connections they may never use, and a worker waiting for one to speak would leave
/// real requests queued behind it.
fn accept(listener: &TcpListener, queue: &SyncSender<TcpStream>) {
    let mut silent: Vec<(TcpStream, Instant)> = Vec::new();
    loop {
        // Wait for a connection when none is silent; otherwise look for new ones
        // between looks at the silent ones.
        if listener.set_nonblocking(!silent.is_empty()).is_err() {
            return;
        }
        let mut news = 0;
        loop {
            match listener.accept() {
                Ok((stream, _)) => {
                    news += 1;
                    if silent.len() >= MAX_SILENT || stream.set_nonblocking(true).is_err() {
                        busy(stream);
                    } else {
                        silent.push((stream, Instant::now()));
                    }
                    if listener.set_nonblocking(true).is_err() {
                        return;
                    }
                }
                Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => break,
                Err(_) => {
                    // Out of file descriptors, say: try again shortly, not at once.
                    thread::sleep(SILENT_POLL);
                    break;
                }
            }
        }
        let mut spoke = 0;
        let mut still_silent = Vec::with_capacity(silent.len());
        for (stream, since) in silent.drain(..) {
            let mut first = [0u8; 1];
            match stream.peek(&mut first) {
                Ok(0) => {} // Closed without a word.
                Ok(_) => {
                    spoke += 1;
                    if stream.set_nonblocking(false).is_err() {
                        continue;
                    }
                    match queue.try_send(stream) {
                        Ok(()) => {}
                        Err(TrySendError::Full(stream)) => busy(stream),
                        Err(TrySendError::Disconnected(_)) => return,
                    }
                }
                Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {
                    if since.elapsed() < http::TIMEOUT {
                        still_silent.push((stream, since));
                    }
                }
                Err(_) => {}
            }
        }
        silent = still_silent;
        if news == 0 && spoke == 0 && !silent.is_empty() {
            thread::sleep(SILENT_POLL);
        }
    }
}

/// Says the server is busy (503) and closes the connection.
fn busy(mut stream: TcpStream) {
    let _ = stream.set_nonblocking(false);
    let busy = Response::text(503, "503 the development server is busy\n")
        .with("Retry-After", "1".to_string());
    let _ = busy.send(&mut stream, true);
}

/// Answers one connection: one request, then the connection closes (but for the
/// event stream, which [`LiveReload`] keeps).
fn handle(mut stream: TcpStream, site: &Site) {
    let request = match http::read_request(&stream) {
        Ok(request) => request,
        Err(unread) => {
            if let Some(response) = unread.response() {
                http::refuse(stream, &response);
            }
            return;
        }
    };
    let head_only = request.method == "HEAD";
    if request.method != "GET" && !head_only {
        let refused =
            Response::text(405, "405 only GET and HEAD\n").with("Allow", "GET, HEAD".to_string());
        let _ = refused.send(&mut stream, true);
        return;
    }
    if !addressed_to(site.address, request.header("host")) {
        let misdirected = Response::text(
            421,
            "421 this server answers only requests addressed to it\n",
        );
        let _ = misdirected.send(&mut stream, !head_only);
        return;
    }
    let path = request.target.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS_PATH && !head_only {
        if let Err(mut stream) = site.live.listen(stream) {
            // Too many listeners; a browser's EventSource tries again by itself.
            let _ =
                Response::text(503, "503 too many pages are listening\n").send(&mut stream, true);
        }
        return;
    }
    let response = respond(site, path, &request);
    let _ = response.send(&mut stream, !head_only);
}

/// The response to a GET of `path`.
fn respond(site: &Site, path: &str, request: &Request) -> Response {
    if path == SCRIPT_PATH || path == WORKER_PATH {
        let script = if path == SCRIPT_PATH {
            LIVE_RELOAD_JS
        } else {
            LIVE_RELOAD_WORKER_JS
        };
        return Response::new(
            200,
            "text/javascript; charset=utf-8",
            script.as_bytes().to_vec(),
        );
    }
    let base_path = site
        .base_path
        .read()
        .map_or_else(|_| "/".to_string(), |path| path.clone());
    match resolve(&site.root, &base_path, path) {
        Resolved::File(file) => file_response(&file, 200, request.header("range")),
        Resolved::Redirect(mut location) => {
            // `/briefs?q=nato` goes to `/briefs/?q=nato`, still asking the same.
            if let Some((_, query)) = request.target.split_once('?') {
                location = format!("{location}?{query}");
            }
            Response::text(301, "").with("Location", encoded_location(&location))
        }
        Resolved::Forbidden => Response::text(403, "403 Forbidden\n"),
        Resolved::NotFound => not_found(&site.root),
    }
}

/// Whether a request's `Host` is the server's own address: on loopback, only
/// `localhost`, `127.0.0.1`, `[::1]` or the address it is bound to (`--bind
/// 127.0.0.2`, which it prints), with the server's port (or none). A server bound to
/// another address (`--bind`) was exposed on purpose and answers any host.
fn addressed_to(address: SocketAddr, host: Option<&str>) -> bool {
    if !address.ip().is_loopback() {
        return true;
    }
    let Some(host) = host else {
        return false;
    };
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) if !port.contains(']') => (name, Some(port)),
        _ => (host, None),
    };
    let name = name.to_ascii_lowercase();
    let bound = match address.ip() {
        std::net::IpAddr::V4(ip) => ip.to_string(),
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
    };
    let local = matches!(name.as_str(), "localhost" | "127.0.0.1" | "[::1]") || name == bound;
    local && port.is_none_or(|p| p == address.port().to_string())
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    File(PathBuf),
    Redirect(String),
    Forbidden,
    NotFound,
}

/// Maps a request path to a file inside `root`, or says why not. The request path is
/// percent-decoded before anything else: browsers send `/%D0%BF.../` for a base path
/// the configuration writes as `/п.../`, and for the names of files.
fn resolve(root: &Path, base_path: &str, request_path: &str) -> Resolved {
    let Some(decoded_path) = percent_decode(request_path) else {
        return Resolved::Forbidden;
    };
    let base_without_slash = base_path.trim_end_matches('/');
    if !base_without_slash.is_empty() && decoded_path == base_without_slash {
        return Resolved::Redirect(base_path.to_string());
    }
    let Some(decoded) = decoded_path.strip_prefix(base_path) else {
        if decoded_path == "/" {
            return Resolved::Redirect(base_path.to_string());
        }
        return Resolved::NotFound;
    };
    if decoded.contains('\\') || decoded.contains('\0') {
        return Resolved::Forbidden;
    }
    let relative_path = Path::new(&decoded);
    if !relative_path
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
    {
        return Resolved::Forbidden;
    }
    let mut target = root.join(relative_path);
    if target.is_dir() {
        if !request_path.ends_with('/') {
            return Resolved::Redirect(format!("{request_path}/"));
        }
        target = target.join(urls::INDEX_FILE);
    }
    // Symbolic links may point anywhere; only serve what resolves inside the folder.
    let (Ok(canonical_root), Ok(canonical)) = (root.canonicalize(), target.canonicalize()) else {
        return Resolved::NotFound;
    };
    if !canonical.starts_with(&canonical_root) {
        return Resolved::Forbidden;
    }
    if canonical.is_file() {
        Resolved::File(canonical)
    } else {
        Resolved::NotFound
    }
}

/// A redirect's target as a `Location` header holds it: ASCII, with characters beyond
/// it (a base path or a file name in Cyrillic), spaces and control characters
/// percent-encoded; escapes already there are kept.
fn encoded_location(location: &str) -> String {
    const ENCODED: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'<')
        .add(b'>')
        .add(b'`');
    percent_encoding::utf8_percent_encode(location, ENCODED).to_string()
}

/// Decodes `%XX` escapes; `None` for malformed escapes or non-UTF-8 results.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if path.file_name().is_some_and(|n| n == urls::SITE_FEED) => "application/atom+xml",
        "xml" => "application/xml",
        "txt" | "bib" | "ris" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// A file's response: HTML gets the live-reload script; other files honour a `Range`.
fn file_response(path: &Path, status: u16, range: Option<&str>) -> Response {
    let Ok(mut bytes) = fs::read(path) else {
        return Response::text(500, "500 cannot read file\n");
    };
    let mut kind = content_type(path);
    if kind.starts_with("text/html") {
        // A page in another encoding (a page of `site/static/` in Latin-1) is not said
        // to be UTF-8: its own `<meta charset>` says what it is.
        if std::str::from_utf8(&bytes).is_err() {
            kind = "text/html";
        }
        bytes = inject_live_reload(bytes);
        return Response::new(status, kind, bytes);
    }
    let length = bytes.len() as u64;
    match http::range(range, length) {
        Range::Whole => Response::new(status, kind, bytes),
        Range::Part(start, end) => {
            let part = bytes[start as usize..=end as usize].to_vec();
            Response::new(206, kind, part)
                .with("Content-Range", format!("bytes {start}-{end}/{length}"))
        }
        Range::Unsatisfiable => Response::text(416, "416 Range Not Satisfiable\n")
            .with("Content-Range", format!("bytes */{length}")),
    }
}

/// Adds the live-reload script before `</body>` (or at the end). The page's bytes are
/// kept as they are, whatever their encoding: the tag is ASCII, as `</body>` is in
/// UTF-8, Latin-1 and the other encodings pages are written in.
fn inject_live_reload(mut html: Vec<u8>) -> Vec<u8> {
    let at = html
        .windows(b"</body>".len())
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    html.splice(at..at, SCRIPT_TAG.bytes());
    html
}

fn not_found(root: &Path) -> Response {
    let page = root.join(urls::NOT_FOUND);
    if page.is_file() {
        file_response(&page, 404, None)
    } else {
        Response::text(404, "404 Not Found\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_cannot_leave_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("briefs/a")).unwrap();
        fs::write(out.join("briefs/a/index.html"), "<p>a</p>").unwrap();
        fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt")).unwrap();

        assert!(matches!(
            resolve(&out, "/", "/briefs/a/"),
            Resolved::File(_)
        ));
        assert_eq!(
            resolve(&out, "/", "/briefs/a"),
            Resolved::Redirect("/briefs/a/".into())
        );
        assert_eq!(resolve(&out, "/", "/../secret.txt"), Resolved::Forbidden);
        assert_eq!(
            resolve(&out, "/", "/%2e%2e/secret.txt"),
            Resolved::Forbidden
        );
        assert_eq!(
            resolve(&out, "/", "/briefs/%2E%2E/%2e%2e/secret.txt"),
            Resolved::Forbidden
        );
        assert_eq!(resolve(&out, "/", "/..%5csecret.txt"), Resolved::Forbidden);
        assert_eq!(resolve(&out, "/", "/%zz"), Resolved::Forbidden);
        #[cfg(unix)]
        assert_eq!(resolve(&out, "/", "/link.txt"), Resolved::Forbidden);
        assert_eq!(resolve(&out, "/", "/missing/"), Resolved::NotFound);
    }

    #[test]
    fn the_site_lives_under_its_base_path() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("index.html"), "home").unwrap();
        assert!(matches!(
            resolve(dir.path(), "/policy/briefs/", "/policy/briefs/"),
            Resolved::File(_)
        ));
        assert_eq!(
            resolve(dir.path(), "/policy/briefs/", "/policy/briefs"),
            Resolved::Redirect("/policy/briefs/".into())
        );
        assert_eq!(
            resolve(dir.path(), "/policy/briefs/", "/"),
            Resolved::Redirect("/policy/briefs/".into())
        );
        assert_eq!(
            resolve(dir.path(), "/policy/briefs/", "/index.html"),
            Resolved::NotFound
        );
        assert!(matches!(
            resolve(
                dir.path(),
                "/политика/",
                "/%D0%BF%D0%BE%D0%BB%D0%B8%D1%82%D0%B8%D0%BA%D0%B0/"
            ),
            Resolved::File(_)
        ));
        assert_eq!(
            encoded_location("/политика/?q=a b"),
            "/%D0%BF%D0%BE%D0%BB%D0%B8%D1%82%D0%B8%D0%BA%D0%B0/?q=a%20b"
        );
    }

    #[test]
    fn on_loopback_only_requests_addressed_to_it_are_answered() {
        let address: SocketAddr = "127.0.0.1:1111".parse().unwrap();
        for host in [
            "localhost",
            "localhost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "LOCALHOST",
            "[::1]",
        ] {
            assert!(addressed_to(address, Some(host)), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost:2222",
            "127.0.0.2:1111",
        ] {
            assert!(!addressed_to(address, Some(host)), "{host}");
        }
        assert!(!addressed_to(address, None));
        let other_loopback: SocketAddr = "127.0.0.2:1111".parse().unwrap();
        assert!(addressed_to(other_loopback, Some("127.0.0.2:1111")));
        assert!(!addressed_to(other_loopback, Some("127.0.0.3:1111")));
        let exposed: SocketAddr = "0.0.0.0:1111".parse().unwrap();
        assert!(addressed_to(exposed, Some("my-laptop.local:1111")));
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let html = inject_live_reload(b"<html><body><p>x</p></body></html>".to_vec());
        assert_eq!(
            String::from_utf8(html).unwrap(),
            format!("<html><body><p>x</p>{SCRIPT_TAG}</body></html>")
        );
        let latin1 = inject_live_reload(b"<p>Caf\xe9</p>".to_vec());
        assert_eq!(
            latin1,
            [&b"<p>Caf\xe9</p>"[..], SCRIPT_TAG.as_bytes()].concat()
        );
    }
}
