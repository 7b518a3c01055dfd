//! The accept loop, the guards every request passes, and shutdown. The loop is written out
//! (rather than `axum::serve`) so a fault can drop a connection after the request was processed
//! and before any byte of the answer is written, and so a shutdown can let each connection
//! finish the request it is serving.

use crate::auth::Tokens;
use crate::demo_seed::Seeded;
use crate::faults::Faults;
use crate::http::{api, problem, AppState};
use crate::options::{host_of, Options};
use crate::store::Store;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::Response;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, watch, Semaphore};
use tower::ServiceExt;
use tower_http::cors::CorsLayer;
use tower_http::services::ServeDir;

/// Lets a handler drop its own connection: every later write on it fails.
#[derive(Clone, Debug, Default)]
pub struct KillSwitch(Arc<AtomicBool>);

impl KillSwitch {
    pub fn kill(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// A connection whose writes fail once its switch is thrown.
struct KillableIo {
    inner: TokioIo<TcpStream>,
    switch: KillSwitch,
}

impl KillableIo {
    fn dead(&self) -> Option<std::io::Error> {
        self.switch.0.load(Ordering::SeqCst).then(|| {
            std::io::Error::new(
                std::io::ErrorKind::ConnectionReset,
                "dropped by fault injection",
            )
        })
    }
}

impl hyper::rt::Read for KillableIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: hyper::rt::ReadBufCursor<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl hyper::rt::Write for KillableIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        if let Some(e) = self.dead() {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// A started receiver.
pub struct Running {
    pub addr: SocketAddr,
    pub task: tokio::task::JoinHandle<()>,
    state: Arc<AppState>,
    stop: watch::Sender<bool>,
    /// Closed once every connection has ended (each holds a sender).
    drained: mpsc::Receiver<()>,
}

impl Running {
    /// Stops accepting, answers the requests in flight (their connections then close), and
    /// returns once they are done or `grace` has passed; `true` when none was cut off.
    /// Readiness fails from the start, so a load balancer sends the next requests elsewhere.
    pub async fn shutdown(mut self, grace: Duration) -> bool {
        self.state.draining.store(true, Ordering::SeqCst);
        self.state.readers.close();
        let _ = self.stop.send(true);
        tokio::time::timeout(grace, self.drained.recv())
            .await
            .is_ok()
    }
}

/// Resolves when [`Running::shutdown`] is called; never when the `Running` was dropped instead
/// (a caller that does not keep it still has a running server, as before shutdown existed).
async fn stop_requested(mut stopping: watch::Receiver<bool>) {
    if stopping.wait_for(|s| *s).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Listings streamed at once (each a blocking thread and a read connection).
const CONCURRENT_LISTINGS: usize = 8;

/// Opens the database, binds, and serves in a background task.
pub async fn start(options: Options) -> Result<Running, String> {
    let tokens = match &options.tokens {
        Some(path) => Some(Tokens::load(path)?),
        None => None,
    };
    let db = options.db.clone();
    // Blocking: PostgreSQL's client runs a runtime of its own.
    let store = tokio::task::spawn_blocking(move || Store::open(&db))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| format!("cannot open database {}: {e}", options.db.describe()))?;
    let store = if options.seed_demo {
        let (store, seeded) = tokio::task::spawn_blocking(move || {
            let seeded = crate::demo_seed::seed(&store);
            (store, seeded)
        })
        .await
        .map_err(|e| e.to_string())?;
        let msg = match seeded.map_err(|e| format!("--seed-demo: {e}"))? {
            Seeded::Stored(n) => format!("--seed-demo: stored {n} example submissions"),
            Seeded::NotEmpty => "--seed-demo: the database already holds submissions; \
                                 nothing added"
                .to_string(),
        };
        crate::log::emit(serde_json::json!({"ts": crate::http::now_rfc3339(), "msg": msg}));
        store
    } else {
        store
    };
    let state = Arc::new(AppState {
        store,
        faults: Faults::new(&options),
        tokens,
        readers: Arc::new(Semaphore::new(CONCURRENT_LISTINGS)),
        draining: AtomicBool::new(false),
    });
    let mut app = api(state.clone());
    for (prefix, dir) in &options.mounts {
        app = app.nest_service(prefix, ServeDir::new(dir));
    }
    if let Some(dir) = &options.static_dir {
        app = app.fallback_service(ServeDir::new(dir));
    }
    let policy = content_security_policy(&options)?;
    app = app.layer(from_fn_with_state(policy, set_policy));
    if !options.cors_origins.is_empty() {
        // Checked here too, for callers that build `Options` themselves: a wildcard would make
        // tower-http panic, and anything else that is not an origin would never match.
        let origins = options
            .cors_origins
            .iter()
            .map(|o| {
                crate::options::check_origin(o)?;
                HeaderValue::from_str(o)
                    .map_err(|_| format!("--cors-origin \"{o}\": not a header value"))
            })
            .collect::<Result<Vec<HeaderValue>, String>>()?;
        app = app.layer(
            CorsLayer::new()
                .allow_origin(origins)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([
                    header::CONTENT_TYPE,
                    header::AUTHORIZATION,
                    axum::http::HeaderName::from_static("idempotency-key"),
                ])
                .expose_headers([header::RETRY_AFTER, header::LINK]),
        );
    }
    let listener = TcpListener::bind(options.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", options.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let hosts = Arc::new(allowed_hosts(addr.ip(), &options.allowed_hosts));
    // Outermost: every request is logged, even one the host guard refuses.
    let app = app
        .layer(from_fn_with_state(hosts, host_guard))
        .layer(from_fn(crate::log::requests));
    let (stop, stopped) = watch::channel(false);
    let (drain, drained) = mpsc::channel::<()>(1);
    let task = tokio::spawn(async move {
        loop {
            let accepted = tokio::select! {
                a = listener.accept() => a,
                _ = stop_requested(stopped.clone()) => break,
            };
            let Ok((stream, _)) = accepted else {
                continue;
            };
            let app = app.clone();
            let stopping = stopped.clone();
            let drain = drain.clone();
            tokio::spawn(async move {
                let _drain = drain;
                let switch = KillSwitch::default();
                let io = KillableIo {
                    inner: TokioIo::new(stream),
                    switch: switch.clone(),
                };
                let service =
                    hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
                        req.extensions_mut().insert(switch.clone());
                        app.clone().oneshot(req)
                    });
                let conn = hyper::server::conn::http1::Builder::new()
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(Duration::from_secs(30))
                    .serve_connection(io, service);
                tokio::pin!(conn);
                tokio::select! {
                    _ = conn.as_mut() => return,
                    _ = stop_requested(stopping) => {}
                }
                // Finish the request in flight, then close instead of waiting for another.
                conn.as_mut().graceful_shutdown();
                let _ = conn.await;
            });
        }
    });
    Ok(Running {
        addr,
        task,
        state,
        stop,
        drained,
    })
}

/// The policy of every response: `--csp` if given, with `frame-ancestors` from
/// `--frame-ancestor` (`'self'` without any). On every response, not only on
/// `embed/frame.html`: a path that reaches the same file another way (`/embed//frame.html`)
/// must not escape it.
fn content_security_policy(options: &Options) -> Result<HeaderValue, String> {
    for o in &options.frame_ancestors {
        if o != "'self'" {
            crate::options::check_origin_for("--frame-ancestor", o)?;
        }
    }
    let ancestors = if options.frame_ancestors.is_empty() {
        "'self'".to_string()
    } else {
        options.frame_ancestors.join(" ")
    };
    let policy = match options
        .csp
        .as_deref()
        .map(|p| p.trim().trim_end_matches(';'))
    {
        Some(p) if p.contains("frame-ancestors") => p.to_string(),
        Some(p) if !p.is_empty() => format!("{p}; frame-ancestors {ancestors}"),
        _ => format!("frame-ancestors {ancestors}"),
    };
    HeaderValue::from_str(&policy)
        .map_err(|_| format!("--csp: \"{policy}\" is not a valid header value"))
}

async fn set_policy(State(policy): State<HeaderValue>, req: Request, next: Next) -> Response {
    let mut resp = next.run(req).await;
    resp.headers_mut()
        .insert(header::CONTENT_SECURITY_POLICY, policy);
    resp
}

/// The host names served: `localhost`, the listening address (loopback when it listens on
/// every interface) and `--allowed-host`.
fn allowed_hosts(ip: IpAddr, extra: &[String]) -> Vec<String> {
    let mut hosts = vec!["localhost".to_string()];
    let literal = |ip: IpAddr| match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    };
    if ip.is_unspecified() {
        hosts.extend(["127.0.0.1".to_string(), "[::1]".to_string()]);
    } else {
        hosts.push(literal(ip));
    }
    hosts.extend(extra.iter().cloned());
    hosts
}

/// Refuses (421) a request whose `Host` is not served here: a page on a domain that an
/// attacker re-points at this machine (DNS rebinding) names its own host, so it can neither
/// read the listings nor write. Health checks are exempt: they reveal nothing, and an
/// orchestrator probes by address.
async fn host_guard(State(hosts): State<Arc<Vec<String>>>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path == "/healthz" || path == "/readyz" {
        return next.run(req).await;
    }
    let given = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_string();
    match host_of(&given) {
        Some(host) if hosts.contains(&host) => next.run(req).await,
        _ => problem(
            StatusCode::MISDIRECTED_REQUEST,
            "host not served",
            format!(
                "Host \"{given}\" is not served by this receiver; it serves {} (more with \
                 --allowed-host)",
                hosts.join(", ")
            ),
            None,
        ),
    }
}
