//! The validation report: a flat list of `(path, message)` issues, each also located at a
//! line and column of the source text when the source is known.

use crate::path::Path;
use std::fmt;

/// How bad an issue is. Errors refuse the document; warnings are shown to authors only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in a rubric or task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub severity: Severity,
    /// Where in the document, e.g. `criteria[3].levels[2].label`.
    pub path: Path,
    /// 1-based line and column in the source text, when known.
    pub at: Option<(usize, usize)>,
    /// Lowercase, for a person, naming what is wrong and, where possible, how to fix it.
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((line, col)) = self.at {
            write!(f, "{line}:{col} ")?;
        }
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// Every issue found in one document, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub issues: Vec<Issue>,
}

impl Report {
    pub fn error(&mut self, path: Path, message: impl Into<String>) {
        self.issues.push(Issue {
            severity: Severity::Error,
            path,
            at: None,
            message: message.into(),
        });
    }

    pub fn warning(&mut self, path: Path, message: impl Into<String>) {
        self.issues.push(Issue {
            severity: Severity::Warning,
            path,
            at: None,
            message: message.into(),
        });
    }

    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(|i| i.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Issue> {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Warning)
    }

    /// Fills in line:column for every issue from the source it was found in, then puts the
    /// issues in document order, the order an author fixes them in.
    pub fn locate_in(&mut self, source: &str) {
        for issue in &mut self.issues {
            if issue.at.is_none() {
                issue.at = crate::locate::locate(source, &issue.path);
            }
        }
        self.issues
            .sort_by_key(|i| i.at.unwrap_or((usize::MAX, usize::MAX)));
    }

    /// The messages as `path: message` lines, the shape tests assert on.
    pub fn lines(&self) -> Vec<String> {
        self.issues
            .iter()
            .map(|i| format!("{}: {}", i.path, i.message))
            .collect()
    }
}
