//! The development server: serves the output folder on 127.0.0.1, reloads browsers
//! after each rebuild (Server-Sent Events), swaps stylesheets without a reload when only
//! CSS changed, and shows build errors in an overlay.
//!
//! The live-reload script is injected into HTML responses here, never into the files
//! `build` writes. Requests can only reach files inside the output folder: paths are
//! percent-decoded, `..` and backslashes are refused, and the resolved file must lie
//! inside the folder after following symbolic links.

use std::fs;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;

use tiny_http::{Header, Request, Response, Server, StatusCode};

use crate::model::urls;

/// Where the server's own endpoints live (outside any site's URL space in practice).
const EVENTS_PATH: &str = "/__statecraft/events";
const SCRIPT_PATH: &str = "/__statecraft/live-reload.js";
const SCRIPT_TAG: &str = "<script src=\"/__statecraft/live-reload.js\"></script>";

const LIVE_RELOAD_JS: &str = r#"(() => {
  "use strict";
  const overlayId = "statecraft-error-overlay";
  const source = new EventSource("/__statecraft/events");
  source.addEventListener("reload", () => window.location.reload());
  source.addEventListener("css", (event) => {
    const urls = JSON.parse(event.data);
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const name = new URL(link.href, window.location.href).pathname.split("/").pop().split(".")[0];
      const fresh = urls.find((url) => url.split("/").pop().split(".")[0] === name);
      if (fresh) link.href = fresh;
    }
    document.getElementById(overlayId)?.remove();
  });
  source.addEventListener("failure", (event) => {
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
    overlay.querySelector("pre").textContent = JSON.parse(event.data);
  });
})();
"#;

/// Connected browsers and the current build failure, shared by the watcher and the
/// server threads.
#[derive(Default)]
pub struct LiveReload {
    clients: Mutex<Vec<mpsc::Sender<String>>>,
    failure: Mutex<Option<String>>,
}

impl LiveReload {
    /// Tells browsers to reload.
    pub fn reload(&self) {
        self.set_failure(None);
        self.send("reload", "{}");
    }

    /// Tells browsers to swap their stylesheets for these URLs.
    pub fn swap_stylesheets(&self, urls: &[String]) {
        self.set_failure(None);
        self.send("css", &serde_json::to_string(urls).unwrap_or_default());
    }

    /// Shows `report` (plain text) in an overlay until the next successful rebuild.
    pub fn fail(&self, report: &str) {
        self.set_failure(Some(report.to_string()));
        self.send(
            "failure",
            &serde_json::to_string(report).unwrap_or_default(),
        );
    }

    fn set_failure(&self, failure: Option<String>) {
        if let Ok(mut current) = self.failure.lock() {
            *current = failure;
        }
    }

    fn send(&self, event: &str, data: &str) {
        let message = format!("event: {event}\ndata: {data}\n\n");
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|client| client.send(message.clone()).is_ok());
        }
    }

    fn subscribe(&self) -> mpsc::Receiver<String> {
        let (sender, receiver) = mpsc::channel();
        if let Ok(failure) = self.failure.lock() {
            if let Some(report) = failure.as_ref() {
                let data = serde_json::to_string(report).unwrap_or_default();
                let _ = sender.send(format!("event: failure\ndata: {data}\n\n"));
            }
        }
        if let Ok(mut clients) = self.clients.lock() {
            clients.push(sender);
        }
        receiver
    }
}

/// A running server.
pub struct DevServer {
    pub address: SocketAddr,
}

/// Starts serving `out` at `address`, the site living under `base_path` (`/` or
/// `/policy/briefs/`). Returns once the socket is bound; requests are handled on
/// background threads.
pub fn start(
    out: &Path,
    base_path: &str,
    address: SocketAddr,
    live: Arc<LiveReload>,
) -> io::Result<DevServer> {
    let server = Server::http(address).map_err(|e| io::Error::other(e.to_string()))?;
    let address = server.server_addr().to_ip().unwrap_or(address);
    let root = out.to_path_buf();
    let base_path = base_path.to_string();
    thread::spawn(move || {
        for request in server.incoming_requests() {
            let root = root.clone();
            let base_path = base_path.clone();
            let live = Arc::clone(&live);
            thread::spawn(move || handle(request, &root, &base_path, &live));
        }
    });
    Ok(DevServer { address })
}

fn handle(request: Request, root: &Path, base_path: &str, live: &LiveReload) {
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/").to_string();
    if path == EVENTS_PATH {
        stream_events(request, live);
        return;
    }
    let response = if path == SCRIPT_PATH {
        bytes_response(
            200,
            "text/javascript; charset=utf-8",
            LIVE_RELOAD_JS.as_bytes().to_vec(),
        )
    } else {
        match resolve(root, base_path, &path) {
            Resolved::File(file) => file_response(&file, 200),
            Resolved::Redirect(location) => redirect(&location),
            Resolved::Forbidden => bytes_response(
                403,
                "text/plain; charset=utf-8",
                b"403 Forbidden\n".to_vec(),
            ),
            Resolved::NotFound => not_found(root),
        }
    };
    let _ = request.respond(response);
}

/// Keeps the connection open and writes each live-reload event as it comes.
fn stream_events(request: Request, live: &LiveReload) {
    let events = live.subscribe();
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n: connected\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    for event in events {
        if writer
            .write_all(event.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Resolved {
    File(PathBuf),
    Redirect(String),
    Forbidden,
    NotFound,
}

/// Maps a request path to a file inside `root`, or says why not.
fn resolve(root: &Path, base_path: &str, request_path: &str) -> Resolved {
    let base_without_slash = base_path.trim_end_matches('/');
    if !base_without_slash.is_empty() && request_path == base_without_slash {
        return Resolved::Redirect(base_path.to_string());
    }
    let Some(relative) = request_path.strip_prefix(base_path) else {
        if request_path == "/" {
            return Resolved::Redirect(base_path.to_string());
        }
        return Resolved::NotFound;
    };
    let Some(decoded) = percent_decode(relative) else {
        return Resolved::Forbidden;
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

fn file_response(path: &Path, status: u16) -> Response<io::Cursor<Vec<u8>>> {
    let Ok(mut bytes) = fs::read(path) else {
        return bytes_response(
            500,
            "text/plain; charset=utf-8",
            b"500 cannot read file\n".to_vec(),
        );
    };
    let kind = content_type(path);
    if kind.starts_with("text/html") {
        bytes = inject_live_reload(bytes);
    }
    bytes_response(status, kind, bytes)
}

/// Adds the live-reload script before `</body>` (or at the end).
fn inject_live_reload(html: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{SCRIPT_TAG}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{SCRIPT_TAG}").into_bytes(),
    }
}

fn not_found(root: &Path) -> Response<io::Cursor<Vec<u8>>> {
    let page = root.join(urls::NOT_FOUND);
    if page.is_file() {
        file_response(&page, 404)
    } else {
        bytes_response(
            404,
            "text/plain; charset=utf-8",
            b"404 Not Found\n".to_vec(),
        )
    }
}

fn redirect(location: &str) -> Response<io::Cursor<Vec<u8>>> {
    let mut response = bytes_response(301, "text/plain; charset=utf-8", Vec::new());
    if let Ok(header) = Header::from_bytes("Location", location.as_bytes()) {
        response.add_header(header);
    }
    response
}

fn bytes_response(
    status: u16,
    content_type: &str,
    bytes: Vec<u8>,
) -> Response<io::Cursor<Vec<u8>>> {
    let mut response = Response::from_data(bytes).with_status_code(StatusCode(status));
    if let Ok(header) = Header::from_bytes("Content-Type", content_type.as_bytes()) {
        response.add_header(header);
    }
    if let Ok(header) = Header::from_bytes("Cache-Control", "no-store") {
        response.add_header(header);
    }
    response
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
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let html = inject_live_reload(b"<html><body><p>x</p></body></html>".to_vec());
        assert_eq!(
            String::from_utf8(html).unwrap(),
            format!("<html><body><p>x</p>{SCRIPT_TAG}</body></html>")
        );
    }
}
