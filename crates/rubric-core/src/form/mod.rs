//! One review being filled in: what is visible and required given the answers so far, what is
//! still missing, the saved draft, and the submission (the versioned contract) it becomes.

pub mod draft;
pub mod ids;
pub mod keys;
pub mod rules;
pub mod submission;
pub mod time;
