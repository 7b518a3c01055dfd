//! The validation report: a flat list of `(path, message)` issues, each also located at a
//! line and column of the source text when the source is known.

use crate::document::json::{Json, Node};
use crate::document::path::{Path, Seg};
use crate::document::suggest::{self, Budget};
use std::borrow::Cow;
use std::collections::HashMap;
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
    /// unknown fields do not count, they change nothing that is read. Cut to their first two
    /// steps (see [`Report::mark_broken`]).
    pub(crate) broken: Vec<Path>,
    /// What "did you mean" may still spend on this document.
    pub(crate) suggest: Budget,
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

    /// Notes that the value at `path` has the wrong shape. Decoding only asks whether a
    /// top-level field or an element of a top-level list (`criteria[3]`) holds a broken value,
    /// so only the first two steps are kept, once per run: a list of thousands of wrong values
    /// deep in a condition would otherwise keep thousands of deep paths.
    pub(crate) fn mark_broken(&mut self, path: &Path) {
        let head = Path(path.0.iter().take(2).cloned().collect());
        if self.broken.last() != Some(&head) {
            self.broken.push(head);
        }
    }

    /// Whether the report keeps no more issues (the "more than 500 problems" line is in):
    /// work spent on another one would be wasted.
    pub(crate) fn is_full(&self) -> bool {
        self.issues.len() > MAX_ISSUES
    }

    /// ` (did you mean "x"?)` for `word` among `candidates`, or nothing; nothing as well once
    /// the report is full or this document's suggestions have cost their budget, so a document
    /// with thousands of misspelt ids cannot make checking it slow.
    pub(crate) fn did_you_mean<'a>(
        &mut self,
        word: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> String {
        if self.is_full() {
            return String::new();
        }
        suggest::did_you_mean_within(word, candidates, &mut self.suggest)
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
        let waiting: Vec<usize> = (0..self.issues.len())
            .filter(|k| self.issues[*k].at.is_none())
            .collect();
        let paths: Vec<&Path> = waiting.iter().map(|k| &self.issues[*k].path).collect();
        let mut pending: Vec<(usize, usize)> =
            offsets_of(root, &paths).into_iter().zip(waiting).collect();
        sort_small(&mut pending, |p| *p);
        let offsets: Vec<usize> = pending.iter().map(|(o, _)| *o).collect();
        for ((_, k), at) in pending
            .iter()
            .zip(crate::document::json::line_cols(source, &offsets))
        {
            self.issues[*k].at = Some(at);
        }
        sort_small(&mut self.issues, |i| {
            i.at.unwrap_or((usize::MAX, usize::MAX))
        });
    }

    /// The messages as `path: message` lines, the shape tests assert on.
    pub fn lines(&self) -> Vec<String> {
        self.issues
            .iter()
            .map(|i| format!("{}: {}", i.path, i.message))
            .collect()
    }
}

/// Sorts `v` by `key`, keeping equal elements in order. An insertion sort: it only ever sorts
/// a report's issues or pairs of their numbers, at most [`MAX_ISSUES`] + 1 elements, and the
/// wasm then carries no general sort routine for them (about 1 KiB brotli).
fn sort_small<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && key(&v[j - 1]) > key(&v[j]) {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// The byte offset of what each path names, as [`Node::offset_of`] finds it, for all paths at
/// once. Looking each path up on its own scans an object's members once per issue: 500 issues
/// under an object of 100,000 members would be 50 million comparisons. Here each object on the
/// way is scanned once for all the keys asked of it (a `HashMap<&str, usize>`, a type the
/// validation already instantiates, so the wasm gains no new map code), so locating is linear
/// however the issues fall.
fn offsets_of(root: &Node, paths: &[&Path]) -> Vec<usize> {
    let mut out = vec![root.at; paths.len()];
    let mut stack: Vec<(&Node, usize, Vec<usize>)> = vec![(root, 0, (0..paths.len()).collect())];
    while let Some((node, depth, group)) = stack.pop() {
        // (child number, path number): where each path goes next, if it goes on.
        let mut next: Vec<(usize, usize)> = Vec::new();
        match &node.value {
            Json::Object(members) => {
                // Each key asked for, numbered, and the member it names (the last of that name
                // wins, as in `Node::get`); a long name is asked for cut (`path::short`).
                let mut asked: HashMap<&str, usize> = HashMap::new();
                for p in &group {
                    if let Some(Seg::Key(k)) = paths[*p].0.get(depth) {
                        if !asked.contains_key(k.as_str()) {
                            asked.insert(k, asked.len());
                        }
                    }
                }
                let mut found: Vec<Option<usize>> = vec![None; asked.len()];
                for (m, (key, _)) in members.iter().enumerate().rev() {
                    let slot = asked.get(key.name.as_str()).copied().or_else(|| {
                        let cut = crate::document::path::short(&key.name);
                        matches!(cut, Cow::Owned(_))
                            .then(|| asked.get(cut.as_ref()).copied())
                            .flatten()
                    });
                    if let Some(slot) = slot {
                        found[slot].get_or_insert(m);
                    }
                }
                for &p in &group {
                    if let Some(Seg::Key(k)) = paths[p].0.get(depth) {
                        if let Some(m) = asked.get(k.as_str()).and_then(|slot| found[*slot]) {
                            out[p] = members[m].0.at;
                            next.push((m, p));
                        }
                    }
                }
            }
            Json::Array(items) => {
                for &p in &group {
                    if let Some(Seg::Index(i)) = paths[p].0.get(depth) {
                        if let Some(item) = items.get(*i) {
                            out[p] = item.at;
                            next.push((*i, p));
                        }
                    }
                }
            }
            _ => {}
        }
        sort_small(&mut next, |p| *p);
        for run in next.chunk_by(|a, b| a.0 == b.0) {
            let child = match &node.value {
                Json::Object(members) => &members[run[0].0].1,
                Json::Array(items) => &items[run[0].0],
                _ => continue,
            };
            stack.push((child, depth + 1, run.iter().map(|(_, p)| *p).collect()));
        }
    }
    out
}
