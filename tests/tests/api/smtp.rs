//! A small SMTP server on loopback for the mail tests. It speaks enough SMTP (RFC 5321) for
//! a real client (lettre) over real TCP, keeps every message it accepts, and answers the end
//! of DATA with scripted replies ("451 try later", "550 no such user") when told to.

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
    time::Duration,
};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    /// The message as sent (headers and body, dot-stuffing undone, CRLF line ends).
    pub data: String,
}

impl Received {
    /// A header's value (first occurrence, unfolded).
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next()?;
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.split("\r\n").find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    }
}

#[derive(Default)]
struct State {
    received: Vec<Received>,
    script: VecDeque<String>,
    delay: Duration,
}

/// The running server.
#[derive(Clone)]
pub struct SmtpSink {
    /// `smtp://127.0.0.1:port`
    pub url: String,
    state: Arc<Mutex<State>>,
}

impl SmtpSink {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("smtp://{}", listener.local_addr().expect("address"));
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(session(socket, shared.clone()));
            }
        });
        Self { url, state }
    }

    /// The replies to give at the end of the next messages' DATA, in order (then "250").
    pub fn reply_next(&self, replies: &[&str]) {
        let mut state = self.state.lock().expect("sink state");
        state.script.extend(replies.iter().map(|r| (*r).to_owned()));
    }

    /// Makes each accepted message take this long (a slow server).
    pub fn set_delay(&self, delay: Duration) {
        self.state.lock().expect("sink state").delay = delay;
    }

    pub fn received(&self) -> Vec<Received> {
        self.state.lock().expect("sink state").received.clone()
    }

    /// Waits until at least `n` messages arrived (or panics after `seconds`).
    pub async fn wait_for(&self, n: usize, seconds: u64) -> Vec<Received> {
        for _ in 0..seconds * 20 {
            let received = self.received();
            if received.len() >= n {
                return received;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "expected {n} mails within {seconds} s, got {}",
            self.received().len()
        );
    }
}

async fn session(socket: tokio::net::TcpStream, state: Arc<Mutex<State>>) {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    let mut to = Vec::new();
    if write.write_all(b"220 sink.test ESMTP\r\n").await.is_err() {
        return;
    }
    while let Ok(Some(line)) = lines.next_line().await {
        let verb = line.get(..4).unwrap_or(&line).to_ascii_uppercase();
        let reply: String = match verb.as_str() {
            "EHLO" => "250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8".to_owned(),
            "HELO" => "250 sink.test".to_owned(),
            "MAIL" => {
                to.clear();
                "250 2.1.0 OK".to_owned()
            }
            "RCPT" => {
                let address = line
                    .split_once('<')
                    .and_then(|(_, rest)| rest.split_once('>'))
                    .map(|(address, _)| address.to_owned())
                    .unwrap_or_default();
                to.push(address);
                "250 2.1.5 OK".to_owned()
            }
            "DATA" => {
                if write.write_all(b"354 end with .\r\n").await.is_err() {
                    return;
                }
                let mut data = String::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    if line == "." {
                        break;
                    }
                    data.push_str(line.strip_prefix('.').unwrap_or(&line));
                    data.push_str("\r\n");
                }
                let (scripted, delay) = {
                    let mut state = state.lock().expect("sink state");
                    (state.script.pop_front(), state.delay)
                };
                tokio::time::sleep(delay).await;
                // Sign-up confirmations are tested in recovery.rs; the mail tests count the
                // other mails, so the sink accepts those without keeping them or spending a
                // scripted reply on them.
                if data.contains("\r\nSubject: Confirm your email address for Hallway\r\n") {
                    if let Some(reply) = scripted {
                        state.lock().expect("sink state").script.push_front(reply);
                    }
                    if write.write_all(b"250 2.0.0 queued\r\n").await.is_err() {
                        return;
                    }
                    continue;
                }
                match scripted {
                    Some(reply) => reply,
                    None => {
                        state.lock().expect("sink state").received.push(Received {
                            to: std::mem::take(&mut to),
                            data,
                        });
                        "250 2.0.0 queued".to_owned()
                    }
                }
            }
            "RSET" => {
                to.clear();
                "250 2.0.0 OK".to_owned()
            }
            "NOOP" => "250 2.0.0 OK".to_owned(),
            "QUIT" => {
                let _ = write.write_all(b"221 2.0.0 bye\r\n").await;
                return;
            }
            _ => "502 5.5.2 not implemented".to_owned(),
        };
        if write
            .write_all(format!("{reply}\r\n").as_bytes())
            .await
            .is_err()
        {
            return;
        }
    }
}
