//! The agreement report's core: how good are the labels? Submissions from any backend (a JSON
//! array or JSON Lines) are read against one rubric ([`read`]), then each criterion gets the
//! agreement statistics that fit its scale, across every rater, human or model ([`figures`]);
//! each rater against the others and each model judge against the humans ([`raters`]); what the
//! figures say about the rubric ([`health`]); every answer for other tools ([`export`]); and the
//! rubric as a judge's prompt and reply schema ([`judge_kit`]).
//!
//! Statistics for rankings are n log n (Kendall's tau-b by Knight's algorithm); the rest is
//! linear.
//!
//! Pure and incremental: a reader takes the data in pieces (lines, or a whole array), so the
//! page can read a large export in chunks and show progress. The bootstrap is linear per
//! resample.

pub mod export;
pub mod figures;
pub mod health;
pub mod judge_kit;
pub mod raters;
pub mod read;
pub mod summary;
