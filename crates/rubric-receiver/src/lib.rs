//! The reference receiver: a real HTTP backend for the widget's demo and tests, and what a
//! small team runs first.
//!
//! `POST /api/submissions` (and `/api/quiz-results`) stores a document under its unique id, in
//! SQLite or PostgreSQL: a replay returns the stored result, the same id with a different body
//! is a 422, an invalid body a 400 `application/problem+json` naming the path. `GET` lists what
//! is stored a page at a time (JSON, or JSON Lines with `?format=jsonl`), streamed. Requests
//! pass the guards of `server.rs` (Host allow-list, frame-ancestors, CORS) and, with
//! `--tokens`, `auth.rs`. Everything else is served from a static directory (the built
//! widget). Faults for tests are injected here, on loopback. `--seed-demo` fills an empty
//! database with the demo's example reviews ([`demo_seed`]).

pub mod auth;
pub mod demo_seed;
pub mod faults;
pub mod http;
pub mod listing;
pub mod log;
pub mod options;
pub mod server;
pub mod store;

pub use options::Options;
pub use server::{start, Running};
