//! The real binary refuses a `--cors-origin` that is not an origin: it exits at start-up with
//! a message that says what an origin looks like, never panics and never starts serving.

use rubric_receiver::{start, Options};
use std::process::{Command, Stdio};
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
            db: dir.path().join("r.sqlite"),
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
