//! The accept loop. Written out (rather than `axum::serve`) so a fault can drop a connection
//! after the request was processed and before any byte of the answer is written.

use crate::faults::Faults;
use crate::http::{api, AppState};
use crate::options::Options;
use crate::store::Store;
use axum::http::{HeaderValue, Method};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;
use tower_http::cors::CorsLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

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
}

/// Opens the database, binds, and serves in a background task.
pub async fn start(options: Options) -> Result<Running, String> {
    let store = Store::open(&options.db)
        .map_err(|e| format!("cannot open database {}: {e}", options.db.display()))?;
    let state = Arc::new(AppState {
        store,
        faults: Faults::new(&options),
    });
    let mut app = api(state);
    for (prefix, dir) in &options.mounts {
        app = app.nest_service(prefix, ServeDir::new(dir));
    }
    if let Some(dir) = &options.static_dir {
        app = app.fallback_service(ServeDir::new(dir));
    }
    if let Some(policy) = &options.csp {
        let value = HeaderValue::from_str(policy)
            .map_err(|_| format!("--csp: \"{policy}\" is not a valid header value"))?;
        app = app.layer(SetResponseHeaderLayer::overriding(
            axum::http::header::CONTENT_SECURITY_POLICY,
            value,
        ));
    }
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
                    axum::http::header::CONTENT_TYPE,
                    axum::http::header::AUTHORIZATION,
                    axum::http::HeaderName::from_static("idempotency-key"),
                ])
                .expose_headers([axum::http::header::RETRY_AFTER]),
        );
    }
    let listener = TcpListener::bind(options.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", options.addr))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let task = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let app = app.clone();
            tokio::spawn(async move {
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
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(io, service)
                    .await;
            });
        }
    });
    Ok(Running { addr, task })
}
