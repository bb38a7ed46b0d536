//! A fault-injecting TCP proxy for the submission tests. Each client connection carries one
//! HTTP request (the proxy answers with `Connection: close`), and takes the next fault from a
//! script (then `Pass` once the script is used up): forward untouched, drop the connection
//! after the server has the request but before the client gets the answer, reset in the middle
//! of the answer, delay, or answer 503 / 429 itself without forwarding.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Pass,
    /// The server receives and answers; the client's connection is closed unanswered.
    DropAfterRequest,
    /// The client gets the head and part of the body, then the connection is reset.
    ResetMidBody,
    /// Forwarded after a pause (ms).
    Delay(u64),
    /// Answered 503 by the proxy; the server never sees it.
    Unavailable,
    /// Answered 429 with `Retry-After: n` by the proxy.
    TooMany(u64),
}

pub struct FaultProxy {
    pub url: String,
    script: Arc<Mutex<VecDeque<Fault>>>,
    default: Arc<Mutex<Fault>>,
    pub requests: Arc<AtomicUsize>,
}

impl FaultProxy {
    pub fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let script: Arc<Mutex<VecDeque<Fault>>> = Default::default();
        let default = Arc::new(Mutex::new(Fault::Pass));
        let requests = Arc::new(AtomicUsize::new(0));
        let (s, d, r) = (script.clone(), default.clone(), requests.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let fault = s.lock().unwrap().pop_front().unwrap_or(*d.lock().unwrap());
                r.fetch_add(1, Ordering::SeqCst);
                std::thread::spawn(move || {
                    let _ = handle(client, upstream, fault);
                });
            }
        });
        Self {
            url,
            script,
            default,
            requests,
        }
    }

    /// Faults for the next connections, in order.
    pub fn script(&self, faults: &[Fault]) {
        self.script.lock().unwrap().extend(faults.iter().copied());
    }

    /// The fault once the script is used up.
    pub fn set_default(&self, fault: Fault) {
        *self.default.lock().unwrap() = fault;
    }
}

/// Reads one HTTP/1.1 request (head + Content-Length or chunked body) as raw bytes.
fn read_request(c: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        let n = c.read(&mut chunk)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length: Option<usize> = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok());
    let chunked = head.contains("transfer-encoding: chunked");
    loop {
        let body = &buf[head_end..];
        let complete = match length {
            Some(n) => body.len() >= n,
            None if chunked => body.ends_with(b"0\r\n\r\n"),
            None => true,
        };
        if complete {
            return Ok(buf);
        }
        let n = c.read(&mut chunk)?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// One request per upstream connection: keep-alive off so each request meets its own fault.
fn close_after(request: &[u8]) -> Vec<u8> {
    let text_end = request
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(0);
    let head = String::from_utf8_lossy(&request[..text_end]);
    let mut out: Vec<u8> = head
        .lines()
        .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
        .collect::<Vec<_>>()
        .join("\r\n")
        .into_bytes();
    out.extend_from_slice(b"\r\nConnection: close\r\n\r\n");
    out.extend_from_slice(&request[text_end + 4..]);
    out
}

fn handle(mut client: TcpStream, upstream: SocketAddr, fault: Fault) -> std::io::Result<()> {
    let request = read_request(&mut client)?;
    let answer_self = |client: &mut TcpStream, status: &str, extra: &str| {
        let body = r#"{"status":503,"code":"intake.unavailable","messageZh":"代理注入","messageEn":"injected by the test proxy"}"#;
        let _ = write!(
            client,
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
            body.len()
        );
        let _ = client.shutdown(Shutdown::Both);
    };
    match fault {
        Fault::Unavailable => {
            answer_self(&mut client, "503 Service Unavailable", "");
            return Ok(());
        }
        Fault::TooMany(secs) => {
            answer_self(
                &mut client,
                "429 Too Many Requests",
                &format!("Retry-After: {secs}\r\n"),
            );
            return Ok(());
        }
        Fault::Delay(ms) => std::thread::sleep(Duration::from_millis(ms)),
        _ => {}
    }
    let mut server = TcpStream::connect(upstream)?;
    server.write_all(&close_after(&request))?;
    let mut answer = Vec::new();
    server.read_to_end(&mut answer)?;
    match fault {
        Fault::DropAfterRequest => {
            let _ = client.shutdown(Shutdown::Both);
        }
        Fault::ResetMidBody => {
            let cut = answer
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .map(|p| p + 4 + 5)
                .unwrap_or(answer.len() / 2)
                .min(answer.len());
            client.write_all(&answer[..cut])?;
            drop(client);
        }
        _ => {
            client.write_all(&answer)?;
            let _ = client.shutdown(Shutdown::Both);
        }
    }
    Ok(())
}
