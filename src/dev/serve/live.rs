//! Live reload: browsers keep an event stream open (Server-Sent Events) and are told to
//! reload, to swap stylesheets, or to show a build failure.
//!
//! The streams are kept here, not on threads: a browser that goes away costs nothing
//! but its socket until the next event or heartbeat finds it gone, and a browser that
//! stops reading is dropped after a short write timeout instead of holding up the
//! others.

use std::io::Write;
use std::net::TcpStream;
use std::sync::Mutex;
use std::time::Duration;

/// The most browsers listening at once; more are turned away (503) until some go.
pub const MAX_LISTENERS: usize = 64;

/// How long one browser may take to accept an event.
const WRITE_TIMEOUT: Duration = Duration::from_secs(2);

/// How often listeners are sent a comment, so that closed connections are noticed.
pub const HEARTBEAT: Duration = Duration::from_secs(15);

/// Connected browsers and the current build failure, shared by the watcher and the
/// server's threads.
#[derive(Default)]
pub struct LiveReload {
    listeners: Mutex<Vec<TcpStream>>,
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

    /// Sends a comment to every listener, dropping those that are gone.
    pub fn heartbeat(&self) {
        self.broadcast(": ping\n\n");
    }

    /// How many browsers are listening.
    pub fn listeners(&self) -> usize {
        self.listeners.lock().map_or(0, |l| l.len())
    }

    fn set_failure(&self, failure: Option<String>) {
        if let Ok(mut current) = self.failure.lock() {
            *current = failure;
        }
    }

    fn send(&self, event: &str, data: &str) {
        self.broadcast(&format!("event: {event}\ndata: {data}\n\n"));
    }

    fn broadcast(&self, message: &str) {
        if let Ok(mut listeners) = self.listeners.lock() {
            listeners.retain_mut(|stream| {
                stream
                    .write_all(message.as_bytes())
                    .and_then(|()| stream.flush())
                    .is_ok()
            });
        }
    }

    /// Takes `stream` as a listener: answers with the event stream's head (and the
    /// current failure, if any) and keeps it. Gives the stream back when there are too
    /// many listeners already.
    pub fn listen(&self, mut stream: TcpStream) -> Result<(), TcpStream> {
        let Ok(mut listeners) = self.listeners.lock() else {
            return Err(stream);
        };
        if listeners.len() >= MAX_LISTENERS {
            return Err(stream);
        }
        let mut head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n: connected\n\n".to_string();
        if let Ok(failure) = self.failure.lock() {
            if let Some(report) = failure.as_ref() {
                let data = serde_json::to_string(report).unwrap_or_default();
                head.push_str(&format!("event: failure\ndata: {data}\n\n"));
            }
        }
        let sent = stream
            .set_write_timeout(Some(WRITE_TIMEOUT))
            .and_then(|()| stream.write_all(head.as_bytes()))
            .and_then(|()| stream.flush());
        if sent.is_ok() {
            listeners.push(stream);
        }
        Ok(())
    }
}
