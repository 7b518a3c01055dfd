//! The agreement report's core: how good are the labels? Submissions from any backend (a JSON
//! array or JSON Lines) are read against one rubric ([`read`]), then each criterion gets the
//! agreement statistics that fit its scale, across every rater, human or model ([`figures`]).
//!
//! Pure and incremental: a reader takes the data in pieces (lines, or a whole array), so the
//! page can read a large export in chunks and show progress. Every pass is linear in the data
//! (the bootstrap is linear per resample).

pub mod export;
pub mod figures;
pub mod health;
pub mod judge_kit;
pub mod raters;
pub mod read;
