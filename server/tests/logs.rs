//! The real `hallway serve` writes its log to standard output through its own writer thread:
//! the request lines arrive, without terminal colours when the output is not a terminal, and
//! what is buffered is written out when the server stops.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::{
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    process::{Command, Stdio},
    time::Duration,
};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    Some(answer)
}

#[test]
fn request_lines_reach_standard_output_plainly_and_are_all_written_at_shutdown() {
    let data = std::env::temp_dir().join(format!("hallway-logs-{}", std::process::id()));
    std::fs::create_dir_all(&data).unwrap();
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_hallway"))
        .arg("serve")
        .env("HALLWAY_ADDR", format!("127.0.0.1:{port}"))
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/hallway.db", data.display()),
        )
        .env("HALLWAY_OUTBOX_DIR", data.join("outbox"))
        .env("HALLWAY_SITE_ROOT", "../target/site")
        .env("RUST_LOG", "info")
        .env_remove("HALLWAY_LOG_FORMAT")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("target/debug/hallway");
    let mut healthy = false;
    for _ in 0..100 {
        if get(port, "/healthz").is_some_and(|a| a.starts_with("HTTP/1.1 200")) {
            healthy = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let answers: Vec<_> = (0..20).filter_map(|_| get(port, "/healthz")).collect();
    let stopped = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let status = child.wait().unwrap();
    let _ = std::fs::remove_dir_all(&data);

    assert!(healthy, "the server answered /healthz:\n{out}");
    assert_eq!(answers.len(), 20);
    assert!(stopped.success());
    assert!(status.success(), "a clean stop: {status:?}\n{out}");
    assert!(
        out.contains("Hallway is serving on http://127.0.0.1:"),
        "{out}"
    );
    let request_lines = out
        .lines()
        .filter(|l| {
            l.contains("answered") && l.contains("route=/healthz") && l.contains("status=200")
        })
        .count();
    assert!(
        request_lines >= 21,
        "{request_lines} request lines in:\n{out}"
    );
    assert!(
        !out.contains('\u{1b}'),
        "no terminal colours in a pipe:\n{out}"
    );
}
