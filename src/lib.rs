//! The rubric widget's browser side: Leptos components that wire signals to `rubric-core`,
//! plus the few browser services they need (storage, clock, randomness, fetch, DOM events).
//! All rules live in `rubric-core`; nothing here decides what is valid.

pub mod browser;
pub mod components;
pub mod delivery;
pub mod designer;
pub mod i18n;
pub mod mount;
pub mod quiz;
pub mod report;

/// The widget version reported in every submission.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
