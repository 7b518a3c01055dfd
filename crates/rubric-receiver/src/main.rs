//! `rubric-receiver`: see the crate documentation and `--help`.

use rubric_receiver::log::emit;
use rubric_receiver::{start, Options};
use serde_json::json;
use std::time::Duration;

#[tokio::main]
async fn main() {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let db = options.db.describe();
    let grace = Duration::from_secs(options.shutdown_grace_secs.into());
    let running = match start(options).await {
        Ok(running) => running,
        Err(message) => {
            eprintln!("rubric-receiver: {message}");
            std::process::exit(1);
        }
    };
    let url = format!("http://{}", running.addr);
    emit(json!({
        "ts": rubric_receiver::http::now_rfc3339(),
        "msg": format!("rubric-receiver: listening on {url} (database {db})"),
        "url": url,
    }));
    stop_signal().await;
    emit(json!({
        "ts": rubric_receiver::http::now_rfc3339(),
        "msg": "shutting down: finishing the requests in flight",
    }));
    let clean = running.shutdown(grace).await;
    emit(json!({
        "ts": rubric_receiver::http::now_rfc3339(),
        "msg": if clean { "stopped" } else { "stopped; requests still in flight were cut off" },
    }));
}

/// Ctrl-C, or SIGTERM (what `docker stop`, systemd and Kubernetes send).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
