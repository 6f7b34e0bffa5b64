//! No client can hold the server: stalled connections (nothing sent, headers trickled, a body
//! that stops, an idle keep-alive) are closed at their deadline, and one address's pile of them
//! never keeps another client out. Raw TCP, on loopback; the stalling client uses 127.0.0.2,
//! another of the machine's own addresses.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code: a failed expectation is a failed test"
)]
mod common;

use common::{Backend, roomy, start};
use pingjia_server::connections::ConnectionLimits;
use pingjia_server::serve::Options;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

fn with_limits(limits: ConnectionLimits) -> Options {
    Options {
        connections: limits,
        ..roomy()
    }
}

fn quick() -> ConnectionLimits {
    ConnectionLimits {
        per_address: 64,
        total: 4096,
        header_read: Duration::from_secs(1),
        body_read: Duration::from_secs(1),
        api_request: Duration::from_secs(3),
    }
}

fn address(base: &str) -> std::net::SocketAddr {
    base.trim_start_matches("http://")
        .parse()
        .expect("the server's address")
}

/// A connection from `from` (a loopback address) to the server.
async fn connect_from(from: &str, to: std::net::SocketAddr) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(format!("{from}:0").parse().expect("an address"))?;
    socket.connect(to).await
}

/// How long until the server closes `stream` (reads until end of file), at most `limit`.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(
            limit.saturating_sub(started.elapsed()),
            stream.read(&mut buf),
        )
        .await
        {
            Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
            Ok(Ok(_)) => continue,
            Err(_) => return None,
        }
    }
}

#[tokio::test]
async fn a_silent_a_trickling_and_an_idle_connection_are_closed_at_the_header_deadline() {
    let server = start(Backend::Sqlite, with_limits(quick())).await;
    let to = address(&server.base);

    let mut silent = TcpStream::connect(to).await.expect("connects");
    let mut trickling = TcpStream::connect(to).await.expect("connects");
    trickling
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("half the headers");
    let mut idle = TcpStream::connect(to).await.expect("connects");
    idle.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("a whole request");
    let mut answer = [0u8; 12];
    idle.read_exact(&mut answer).await.expect("an answer");
    assert_eq!(&answer, b"HTTP/1.1 200");

    for (name, stream) in [
        ("silent", &mut silent),
        ("trickling", &mut trickling),
        ("idle keep-alive", &mut idle),
    ] {
        let closed = closed_within(stream, Duration::from_secs(5)).await;
        assert!(
            closed.is_some_and(|t| t < Duration::from_secs(4)),
            "the {name} connection was closed after {closed:?}, not at its 1 s deadline"
        );
    }
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_refused() {
    let server = start(Backend::Sqlite, with_limits(quick())).await;
    let mut stream = TcpStream::connect(address(&server.base))
        .await
        .expect("connects");
    stream
        .write_all(
            b"POST /api/v1/eval HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"kind\":",
        )
        .await
        .expect("a part of the body");
    let started = Instant::now();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(6), stream.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered after {:?}",
        started.elapsed()
    );
    assert!(
        text.starts_with("HTTP/1.1 400") && text.contains("unreadable_body")
            || text.starts_with("HTTP/1.1 408") && text.contains("request_timeout"),
        "{text}"
    );
}

#[tokio::test]
async fn a_thousand_stalled_connections_from_one_address_keep_no_one_else_out() {
    pingjia_server::connections::raise_open_file_limit();
    let limits = ConnectionLimits {
        header_read: Duration::from_secs(30),
        ..ConnectionLimits::default()
    };
    let server = start(Backend::Sqlite, with_limits(limits)).await;
    let to = address(&server.base);
    let mut stalled = Vec::new();
    for _ in 0..1_100 {
        match connect_from("127.0.0.2", to).await {
            Ok(stream) => stalled.push(stream),
            Err(err) => panic!("the 127.0.0.2 client could not connect: {err}"),
        }
    }
    // Beyond the per-address cap, the server closes them as they come.
    let mut closed = 0;
    for stream in stalled.iter_mut().rev().take(100) {
        if closed_within(stream, Duration::from_millis(200))
            .await
            .is_some()
        {
            closed += 1;
        }
    }
    assert!(
        closed > 90,
        "only {closed} of the last 100 over the cap were closed"
    );

    // Another client is answered at once.
    let started = Instant::now();
    let response = reqwest::Client::new()
        .get(format!("{}/api/health", server.base))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .expect("another client is answered");
    assert_eq!(response.status(), 200);
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "answered after {:?}",
        started.elapsed()
    );
    drop(stalled);
}
