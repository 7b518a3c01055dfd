//! The real binary: it refuses a `--cors-origin` (or a tokens file) it cannot use at start-up
//! with a message that says why, never panics and never starts serving; it logs each request
//! as a JSON line; SIGTERM stops it after the requests in flight; and a listing streams in
//! bounded memory.

#[path = "support/fill.rs"]
mod support;

use rubric_receiver::store::Database;
use rubric_receiver::{start, Options};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

/// Runs the receiver with `args` on a free port and a throwaway database; its exit code and
/// standard error, or `None` when it was still running after 20 s (it started serving).
fn run(args: &[&str]) -> Option<(i32, String)> {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.sqlite");
    let mut child = Command::new(env!("CARGO_BIN_EXE_rubric-receiver"))
        .args(["--addr", "127.0.0.1:0", "--db", db.to_str().unwrap()])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
            return Some((status.code().unwrap_or(-1), stderr));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

#[test]
fn a_wildcard_origin_is_refused_with_the_reason_not_a_panic() {
    let (code, stderr) = run(&["--cors-origin", "*"]).expect("the receiver started with '*'");
    assert_eq!(code, 2, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        stderr.starts_with("--cors-origin \"*\": a wildcard is refused"),
        "{stderr}"
    );
    assert!(stderr.contains("list each origin"), "{stderr}");
}

#[test]
fn an_origin_with_a_trailing_slash_is_refused_with_the_origin_meant() {
    let (code, stderr) = run(&["--cors-origin", "http://a.example/"])
        .expect("the receiver started with an origin that never matches");
    assert_eq!(code, 2, "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        "--cors-origin \"http://a.example/\": an origin has no path or trailing slash; \
         did you mean \"http://a.example\"?"
    );
}

#[tokio::test]
async fn start_refuses_a_bad_origin_it_is_given_directly() {
    let dir = tempfile::tempdir().unwrap();
    for (origin, why) in [
        ("*", "a wildcard is refused"),
        ("https://a.example/", "did you mean \"https://a.example\"?"),
    ] {
        let result = start(Options {
            addr: "127.0.0.1:0".parse().unwrap(),
            db: Database::Sqlite(dir.path().join("r.sqlite")),
            cors_origins: vec![origin.to_string()],
            ..Options::default()
        })
        .await;
        let Err(message) = result else {
            panic!("{origin} was accepted");
        };
        assert!(message.contains(why), "{message}");
    }
}

#[test]
fn a_tokens_file_with_a_mistake_is_refused_at_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tokens");
    std::fs::write(&file, "# team\nshort-token ann annotator\n").unwrap();
    let (code, stderr) =
        run(&["--tokens", file.to_str().unwrap()]).expect("started with a bad tokens file");
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("tokens: line 2: the token is 11 characters; use at least 32"),
        "{stderr}"
    );
}

/// A receiver binary serving `db`, its first log line read (where it listens).
struct Receiver {
    child: Child,
    addr: String,
    out: BufReader<ChildStdout>,
}

impl Receiver {
    fn start(db: &Database) -> Receiver {
        let db = match db {
            Database::Sqlite(path) => path.to_str().unwrap().to_string(),
            Database::Postgres(url) => url.clone(),
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_rubric-receiver"))
            .args(["--addr", "127.0.0.1:0", "--db", &db])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let first: Value = serde_json::from_str(&next_line(&mut out)).unwrap();
        let addr = first["url"].as_str().unwrap()["http://".len()..].to_string();
        Receiver { child, addr, out }
    }

    /// Sends one HTTP/1.1 request and reads the whole answer (the connection then closes).
    fn request(&self, head: &str, body: &str) -> Vec<u8> {
        let mut conn = TcpStream::connect(&self.addr).unwrap();
        write!(
            conn,
            "{head}\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
            self.addr,
            body.len()
        )
        .unwrap();
        let mut answer = Vec::new();
        conn.read_to_end(&mut answer).unwrap();
        answer
    }

    /// The largest resident set the process has had, in KiB (Linux).
    fn peak_rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    /// Sends SIGTERM and waits for the exit code.
    fn terminate(&mut self) -> i32 {
        let pid = self.child.id().to_string();
        assert!(Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success());
        self.child.wait().unwrap().code().unwrap_or(-1)
    }
}

impl Drop for Receiver {
    /// A failed test leaves no receiver behind.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn next_line(out: &mut impl BufRead) -> String {
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    line
}

#[test]
fn requests_are_logged_as_json_lines_and_sigterm_stops_it_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = Receiver::start(&support::test_db(dir.path()));
    let body = support::submission("a", 4).to_string();
    let answer = r.request(
        "POST /api/submissions HTTP/1.1\r\nContent-Type: application/json\r\nIdempotency-Key: a",
        &body,
    );
    assert!(answer.starts_with(b"HTTP/1.1 201"));
    let line: Value = serde_json::from_str(&next_line(&mut r.out)).unwrap();
    assert_eq!(line["method"], "POST");
    assert_eq!(line["path"], "/api/submissions");
    assert_eq!(line["status"], 201);
    assert_eq!(line["key"], "a");
    assert_eq!(line["person"], "ann");
    assert!(line["ts"].as_str().unwrap().ends_with('Z'));
    assert!(line["ms"].is_u64());
    assert_eq!(r.terminate(), 0);
    let mut rest = String::new();
    r.out.read_to_string(&mut rest).unwrap();
    let last: Value = serde_json::from_str(rest.lines().last().unwrap()).unwrap();
    assert_eq!(last["msg"], "stopped");
}

/// Streaming, measured: two full pages of 5,000 submissions of about 4.3 KB each (21 MB a
/// page) leave the receiver's peak memory far below one page. A receiver that gathered a page
/// before sending it would need more than the page itself.
#[test]
fn a_listing_streams_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::test_db(dir.path());
    support::fill(&db, 10_000, 4_000);
    let mut r = Receiver::start(&db);
    let before = r.peak_rss_kib();
    let mut path = "/api/submissions?format=jsonl&limit=5000".to_string();
    let mut bytes = 0;
    for _ in 0..2 {
        let answer = r.request(&format!("GET {path} HTTP/1.1"), "");
        bytes += answer.len();
        let text = String::from_utf8_lossy(&answer[..answer.len().min(2048)]).into_owned();
        path = match text
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("link:"))
        {
            Some(link) => link[link.find('<').unwrap() + 1..link.find('>').unwrap()].to_string(),
            None => String::new(),
        };
    }
    assert!(bytes > 40_000_000, "{bytes} bytes listed");
    assert!(path.is_empty(), "two pages hold every row: {path}");
    let peak = r.peak_rss_kib();
    eprintln!("peak RSS {before} KiB at start, {peak} KiB after listing {bytes} bytes");
    assert!(
        peak < before + 16 * 1024,
        "peak {peak} KiB, {before} KiB before listing {bytes} bytes"
    );
    r.terminate();
}

/// Two receivers on one database (behind a load balancer), each sent the same submissions at
/// the same moment: each id is stored once, one of them answers 201 and the other 200.
#[test]
fn concurrent_duplicates_across_two_receivers_are_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = support::test_db(dir.path());
    let receivers = [Receiver::start(&db), Receiver::start(&db)];
    let ids: Vec<String> = (0..20).map(|i| format!("dup-{i}")).collect();
    for id in &ids {
        let body = support::submission(id, 3).to_string();
        let head = format!(
            "POST /api/submissions HTTP/1.1\r\nContent-Type: application/json\r\n\
             Idempotency-Key: {id}"
        );
        let start = std::sync::Barrier::new(2);
        let mut statuses: Vec<String> = std::thread::scope(|scope| {
            let sends: Vec<_> = receivers
                .iter()
                .map(|r| {
                    let (head, body, start) = (&head, &body, &start);
                    scope.spawn(move || {
                        start.wait();
                        String::from_utf8_lossy(&r.request(head, body)[9..12]).into_owned()
                    })
                })
                .collect();
            sends.into_iter().map(|h| h.join().unwrap()).collect()
        });
        statuses.sort();
        assert_eq!(statuses, ["200", "201"], "{id}");
    }
    let listed = receivers[1].request("GET /api/submissions?format=jsonl HTTP/1.1", "");
    let text = String::from_utf8_lossy(&listed);
    for id in &ids {
        let needle = format!("\"submission_id\":\"{id}\"");
        assert_eq!(text.matches(&needle).count(), 1, "{id}");
    }
}
