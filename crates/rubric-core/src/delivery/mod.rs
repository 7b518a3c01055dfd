//! Getting a submission to its backend exactly once: the outbox's retry policy and the
//! per-tab state machine over browser storage.

pub mod outbox;
