//! The validation report: a flat list of `(path, message)` issues, each also located at a
//! line and column of the source text when the source is known.

use crate::json::Node;
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

/// The most issues one report lists.
pub const MAX_ISSUES: usize = 500;

/// Every issue found in one document, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub issues: Vec<Issue>,
    /// Paths of values whose shape is wrong (missing or mistyped), which decoding cannot trust;
    /// unknown fields do not count, they change nothing that is read.
    pub(crate) broken: Vec<Path>,
}

impl Report {
    pub fn error(&mut self, path: Path, message: impl Into<String>) {
        self.push(Severity::Error, path, message.into());
    }

    pub fn warning(&mut self, path: Path, message: impl Into<String>) {
        self.push(Severity::Warning, path, message.into());
    }

    /// Takes in the issues of a document nested at `base` (a quiz's rubric), with their paths
    /// under `base` and their positions to be located again in the outer document.
    pub(crate) fn absorb(&mut self, base: &Path, nested: Report) {
        for issue in nested.issues {
            let mut path = base.clone();
            path.0.extend(issue.path.0);
            self.push(issue.severity, path, issue.message);
        }
    }

    /// Keeps at most [`MAX_ISSUES`]: a hostile document must not make the report, or the
    /// error view listing it, unbounded.
    fn push(&mut self, severity: Severity, path: Path, message: String) {
        if self.issues.len() < MAX_ISSUES {
            self.issues.push(Issue {
                severity,
                path,
                at: None,
                message,
            });
        } else if self.issues.len() == MAX_ISSUES {
            let message = format!("more than {MAX_ISSUES} problems; fix these first");
            self.issues.push(Issue {
                severity: Severity::Error,
                path: Path::root(),
                at: Some((1, 1)),
                message,
            });
        }
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

    /// Fills in line:column for every issue not yet located, from where its path points in
    /// the parsed document, then puts the issues in document order, the order an author fixes
    /// them in. One pass over the text, however many issues.
    pub fn locate_in(&mut self, source: &str, root: &Node) {
        let mut pending: Vec<(usize, usize)> = self
            .issues
            .iter()
            .enumerate()
            .filter(|(_, i)| i.at.is_none())
            .map(|(k, i)| (root.offset_of(&i.path), k))
            .collect();
        pending.sort_unstable();
        let offsets: Vec<usize> = pending.iter().map(|(o, _)| *o).collect();
        for ((_, k), at) in pending.iter().zip(crate::json::line_cols(source, &offsets)) {
            self.issues[*k].at = Some(at);
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
