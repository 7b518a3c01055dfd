//! Calibration: the quiz format, one trainee's attempt, scoring it against the experts per
//! criterion, and the agreement statistics underneath.

pub mod agreement;
pub mod attempt;
pub mod quiz;
pub mod scoring;
