//! Just enough HTTP/1.1 for a development server: one request per connection, read
//! with limits on time and size; responses with a length, or an event stream.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The most a request's line and headers may take; a development server gets no more.
const MAX_HEAD_BYTES: usize = 16 * 1024;

/// How long a client may take to send its request, or to take a response.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// A request as the server needs it.
#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The path and query, as sent (`/briefs/x/?q=1`).
    pub target: String,
    /// Header names lowercased, values trimmed.
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request is not read.
#[derive(Debug, PartialEq, Eq)]
pub enum Unread {
    /// Nothing usable arrived within [`TIMEOUT`]: the connection is closed unanswered.
    Nothing,
    /// The request line alone is longer than [`MAX_HEAD_BYTES`] (414).
    LineTooLong,
    /// The line fits, but not the headers after it (431).
    HeadersTooLarge,
}

impl Unread {
    /// What to tell the client, if anything.
    pub fn response(&self) -> Option<Response> {
        match self {
            Unread::Nothing => None,
            Unread::LineTooLong => Some(Response::text(
                414,
                "414 the request line is longer than the 16 KB this server reads\n",
            )),
            Unread::HeadersTooLarge => Some(Response::text(
                431,
                "431 the request's headers are larger than the 16 KB this server reads\n",
            )),
        }
    }
}

/// Reads a request's line and headers (a body, which GET and HEAD have not, is not
/// read), within [`TIMEOUT`].
pub fn read_request(stream: &TcpStream) -> Result<Request, Unread> {
    read_request_within(stream, TIMEOUT)
}

/// [`read_request`], the whole request within `limit`.
fn read_request_within(stream: &TcpStream, limit: Duration) -> Result<Request, Unread> {
    let until = Deadline {
        stream,
        deadline: Instant::now() + limit,
    };
    let mut reader = BufReader::new(until.take(MAX_HEAD_BYTES as u64));
    let line = head_line(&mut reader).map_err(|cut| match cut {
        Unread::HeadersTooLarge => Unread::LineTooLong,
        other => other,
    })?;
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(Unread::Nothing);
    };
    if !version.starts_with("HTTP/1.") {
        return Err(Unread::Nothing);
    }
    let mut headers = Vec::new();
    loop {
        let header = head_line(&mut reader)?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':').ok_or(Unread::Nothing)?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
    })
}

/// One line of a request's head, with its line break. A line the size limit cuts
/// short is [`Unread::HeadersTooLarge`] (the caller knows when it is the request
/// line); one the client cuts short by closing, or that is not UTF-8, is
/// [`Unread::Nothing`].
fn head_line(reader: &mut BufReader<io::Take<Deadline>>) -> Result<String, Unread> {
    let mut line = Vec::new();
    reader
        .read_until(b'\n', &mut line)
        .map_err(|_| Unread::Nothing)?;
    if !line.ends_with(b"\n") {
        return Err(if reader.get_ref().limit() == 0 {
            Unread::HeadersTooLarge
        } else {
            Unread::Nothing
        });
    }
    String::from_utf8(line).map_err(|_| Unread::Nothing)
}

/// Sends `response` to a client whose request was not read to its end, then reads
/// and drops the rest for a moment before closing: a connection closed with bytes
/// still unread is reset, and a reset can reach the client before the response does,
/// which then sees only a broken connection.
pub fn refuse(mut stream: TcpStream, response: &Response) {
    if response.send(&mut stream, true).is_err() {
        return;
    }
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let mut rest = Deadline {
        stream: &stream,
        deadline: Instant::now() + LINGER,
    }
    .take(LINGER_BYTES);
    let _ = io::copy(&mut rest, &mut io::sink());
}

/// How long, and for how many bytes, [`refuse`] waits for the client to stop sending.
const LINGER: Duration = Duration::from_secs(2);
const LINGER_BYTES: u64 = 1024 * 1024;

/// Reads from a stream until a deadline: each read waits only for the time left, so a
/// client sending its request a byte at a time cannot hold a worker past the deadline
/// (a timeout for each read alone starts again with every byte).
struct Deadline<'a> {
    stream: &'a TcpStream,
    deadline: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        (&mut &*self.stream).read(buf)
    }
}

/// A whole response.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type", content_type.to_string()),
                ("Cache-Control", "no-store".to_string()),
            ],
            body,
        }
    }

    pub fn text(status: u16, text: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
    }

    pub fn with(mut self, name: &'static str, value: String) -> Response {
        self.headers.push((name, value));
        self
    }

    /// Writes the response and closes the connection; without the body for HEAD.
    pub fn send(&self, stream: &mut TcpStream, with_body: bool) -> io::Result<()> {
        stream.set_write_timeout(Some(TIMEOUT))?;
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nAccept-Ranges: bytes\r\nConnection: close\r\n\r\n",
            self.body.len()
        ));
        stream.write_all(head.as_bytes())?;
        if with_body {
            stream.write_all(&self.body)?;
        }
        stream.flush()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        301 => "Moved Permanently",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        416 => "Range Not Satisfiable",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// What a `Range` header asks of a body of `length` bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Range {
    /// The whole body: no range, or one this server does not do (several ranges).
    Whole,
    /// Bytes `start..=end`.
    Part(u64, u64),
    /// A range outside the body.
    Unsatisfiable,
}

/// Reads `bytes=a-b`, `bytes=a-` and `bytes=-n` (one range). A header that is no valid
/// range (`bytes=abc`, `bytes=5-1`) is ignored, as RFC 9110 asks: the whole file is
/// sent; only a valid range outside the file is unsatisfiable.
pub fn range(header: Option<&str>, length: u64) -> Range {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Range::Whole;
    };
    let Some((start, end)) = spec.split_once('-').filter(|_| !spec.contains(',')) else {
        return Range::Whole;
    };
    let (start, end) = (start.trim(), end.trim());
    let last_byte = length.checked_sub(1);
    match (start.parse::<u64>().ok(), end.parse::<u64>().ok()) {
        (Some(first), Some(last)) if last < first => Range::Whole,
        (Some(first), last) if last.is_some() || end.is_empty() => match last_byte {
            Some(last_byte) if first <= last_byte => {
                Range::Part(first, last.map_or(last_byte, |l| l.min(last_byte)))
            }
            _ => Range::Unsatisfiable,
        },
        (None, Some(suffix)) if start.is_empty() => match last_byte {
            Some(last_byte) if suffix > 0 => Range::Part(length.saturating_sub(suffix), last_byte),
            _ => Range::Unsatisfiable,
        },
        _ => Range::Whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_as_rfc_9110_reads_them() {
        assert_eq!(range(None, 10), Range::Whole);
        assert_eq!(range(Some("bytes=0-3"), 10), Range::Part(0, 3));
        assert_eq!(range(Some("bytes=4-"), 10), Range::Part(4, 9));
        assert_eq!(range(Some("bytes=-3"), 10), Range::Part(7, 9));
        assert_eq!(range(Some("bytes=5-100"), 10), Range::Part(5, 9));
        assert_eq!(range(Some("bytes=10-"), 10), Range::Unsatisfiable);
        assert_eq!(range(Some("bytes=-0"), 10), Range::Unsatisfiable);
        assert_eq!(range(Some("bytes=0-"), 0), Range::Unsatisfiable);
        // No valid range: ignored.
        assert_eq!(range(Some("bytes=3-1"), 10), Range::Whole);
        assert_eq!(range(Some("bytes=abc"), 10), Range::Whole);
        assert_eq!(range(Some("bytes=2-x"), 10), Range::Whole);
        assert_eq!(range(Some("bytes=0-1,4-5"), 10), Range::Whole);
        assert_eq!(range(Some("items=0-1"), 10), Range::Whole);
    }

    /// A client trickling its headers, a line well within the limit each, is cut off
    /// at the limit for the whole request (slowloris), not served once it ends.
    #[test]
    fn a_request_must_arrive_whole_within_the_limit() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let client = std::thread::spawn(move || {
            let mut stream = TcpStream::connect(address).unwrap();
            let _ = stream.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n");
            for _ in 0..12 {
                std::thread::sleep(Duration::from_millis(100));
                if stream.write_all(b"X-a: b\r\n").is_err() {
                    return;
                }
            }
            let _ = stream.write_all(b"\r\n");
        });
        let (stream, _) = listener.accept().unwrap();
        assert_eq!(
            read_request_within(&stream, Duration::from_millis(500)),
            Err(Unread::Nothing)
        );
        drop(stream);
        client.join().unwrap();

        // Within the limit, the same request is read.
        let client = std::thread::spawn(move || {
            let mut stream = TcpStream::connect(address).unwrap();
            stream
                .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-a: b\r\n\r\n")
                .unwrap();
            stream
        });
        let (stream, _) = listener.accept().unwrap();
        let request = read_request_within(&stream, Duration::from_secs(5)).unwrap();
        assert_eq!(request.header("x-a"), Some("b"));
        drop(client.join().unwrap());
    }
}
