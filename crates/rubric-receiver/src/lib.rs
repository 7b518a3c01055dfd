//! The reference receiver: a real HTTP backend for the widget's demo and tests.
//!
//! `POST /api/submissions` stores a submission in SQLite under a unique submission id: a
//! replay returns the stored result, the same id with a different body is a 422, an invalid
//! body a 400 `application/problem+json` naming the path. `GET /api/submissions` lists what
//! is stored (JSON, or JSONL with `?format=jsonl`). Everything else is served from a static
//! directory (the built widget). Faults for tests are injected here, on loopback.

pub mod auth;
pub mod faults;
pub mod http;
pub mod listing;
pub mod log;
pub mod options;
pub mod server;
pub mod store;

pub use options::Options;
pub use server::{start, Running};
