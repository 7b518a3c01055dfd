//! Reading submissions for the report: only those of the rubric's id and version are used;
//! the others are counted by rubric, never mixed in. A line that is not a submission is
//! reported with its line number and the rest still read. Answers are kept in canonical form
//! ([`Answer::canonical_in`], responses in their ids' order), so the order a pair was shown in
//! never changes a figure. A skipped task is not a rating; a second submission of the same
//! rater for the same task replaces the first when it was submitted later (times compared as
//! instants).
//!
//! Streaming: [`Reader::feed`] takes the text in pieces cut anywhere (as a browser's fetch
//! stream or file reader delivers it) and [`Reader::finish`] reads what is left. JSON Lines
//! are read line by line; a JSON array is cut into its elements by one pass that follows
//! nesting, strings and escapes, so neither is ever held whole: the reader keeps at most one
//! unfinished line or element besides what it has read. Each submission is read into a tape
//! reused from one to the next ([`tape`]), so reading allocates little more than what is kept.
//! The reference receiver's listing envelope (`{"submission_id", "received_at", "submission":
//! {...}}`) reads as the submission it holds.

mod tape;

use crate::document::json;
use crate::document::path::short;
use crate::model::answer::{Answer, Check};
use crate::model::rubric::{Criterion, CriterionKind, CriterionType, Rubric};
use std::collections::{BTreeMap, HashMap};
use tape::{Tape, View};

/// Who rated: a person, or a model acting as a judge (the submission's optional `rater`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rater {
    /// The submission's `annotator`.
    pub id: String,
    pub kind: RaterKind,
    /// For a model: its name and prompt version, as the submission gave them.
    pub model: Option<String>,
    pub prompt_version: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RaterKind {
    Human,
    Model,
}

/// One rater's answer to one criterion on one task.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    /// Index into [`Ratings::units`].
    pub unit: usize,
    /// Index into [`Ratings::raters`].
    pub rater: usize,
    pub answer: Answer,
}

/// Everything read so far.
#[derive(Debug, Clone, Default)]
pub struct Ratings {
    /// The task ids, in the order first seen.
    pub units: Vec<String>,
    pub raters: Vec<Rater>,
    /// Per criterion of the rubric (in its order), every rating.
    pub by_criterion: Vec<Vec<Rating>>,
    /// Submissions used.
    pub submissions: usize,
    /// Submissions that skipped their task ("can't assess"): not ratings.
    pub skipped_tasks: usize,
    /// Earlier submissions of a rater for a task, replaced by a later one.
    pub replaced: usize,
    /// Submissions for another rubric, or another version of this one: `(id, version)` → count.
    pub other_rubrics: BTreeMap<(String, String), usize>,
    /// What could not be read: its line (1-based) and why.
    pub malformed: Vec<(usize, String)>,
    /// Answers that do not fit their criterion's type, name no criterion of the rubric, or repeat
    /// a criterion already answered in the same submission.
    pub unfit_answers: usize,
    unit_index: HashMap<String, usize>,
    rater_index: HashMap<String, usize>,
    /// `(unit, rater)` → the submission its ratings come from, as an index into `latest_at`.
    latest: HashMap<(usize, usize), usize>,
    /// Per such submission: when it was submitted, in ms since the epoch, if its time could be
    /// read; and (`latest_places`, a row of one per criterion) where its ratings are in each
    /// criterion's list, [`NOWHERE`] for none, to remove them if a later one comes.
    latest_at: Vec<Option<i64>>,
    latest_places: Vec<usize>,
    /// Per such submission: its rater and its `active_ms`, for each rater's median time.
    latest_active: Vec<(usize, Option<i64>)>,
}

impl Ratings {
    /// How many tasks each rater rated (their submissions in use, skips not counted), indexed
    /// like [`Ratings::raters`]: one pass over the submissions, not over every answer.
    pub fn tasks_per_rater(&self) -> Vec<usize> {
        let mut tasks = vec![0; self.raters.len()];
        for &(rater, _) in &self.latest_active {
            tasks[rater] += 1;
        }
        tasks
    }

    /// Each rater's median active time per task in ms (the lower middle one for an even
    /// count), over the submissions their ratings come from; `None` for a rater whose
    /// submissions give no `active_ms`. Indexed like [`Ratings::raters`].
    pub fn median_active_ms(&self) -> Vec<Option<i64>> {
        let mut times: Vec<Vec<i64>> = vec![Vec::new(); self.raters.len()];
        for &(rater, active) in &self.latest_active {
            if let Some(ms) = active {
                times[rater].push(ms);
            }
        }
        times
            .into_iter()
            .map(|mut t| {
                if t.is_empty() {
                    return None;
                }
                let middle = (t.len() - 1) / 2;
                Some(*t.select_nth_unstable(middle).1)
            })
            .collect()
    }
}

/// No place in a criterion's list.
const NOWHERE: usize = usize::MAX;

/// At most this many malformed lines are listed; the rest are counted.
pub const MAX_LISTED: usize = 100;

/// Reads submissions of `rubric` from pieces of text.
pub struct Reader<'r> {
    rubric: &'r Rubric,
    /// Criterion id → its place in the rubric.
    criterion_index: HashMap<&'r str, usize>,
    /// The format's major version, as a submission's `schema_version` starts.
    major: String,
    pub ratings: Ratings,
    /// Malformed lines beyond [`MAX_LISTED`].
    pub more_malformed: usize,
    stream: Stream,
    tape: Tape,
    /// The start of a character split between two pieces of bytes.
    utf8_carry: Vec<u8>,
}

/// Where the reading of a document stands between two pieces.
#[derive(Debug)]
struct Stream {
    mode: Mode,
    /// The line the scan is at, 1-based.
    line: usize,
    /// The unfinished line or array element carried from one piece to the next.
    pending: String,
    /// The line the current array element starts on.
    start_line: usize,
    /// In an array: inside an element, and how deep in it.
    in_element: bool,
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// In an array: a comma was read, so an element must come.
    expect_element: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Only whitespace so far: the first other character decides.
    Start,
    Lines,
    Array,
    /// After the array's closing bracket.
    Closed,
    /// Text after the array was reported; the rest is ignored.
    Done,
}

impl Default for Stream {
    fn default() -> Stream {
        Stream {
            mode: Mode::Start,
            line: 1,
            pending: String::new(),
            start_line: 1,
            in_element: false,
            depth: 0,
            in_string: false,
            escaped: false,
            expect_element: false,
        }
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

impl<'r> Reader<'r> {
    pub fn new(rubric: &'r Rubric) -> Reader<'r> {
        Reader {
            rubric,
            criterion_index: rubric
                .criteria
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), i))
                .collect(),
            major: crate::SCHEMA_MAJOR.to_string(),
            ratings: Ratings {
                by_criterion: vec![Vec::new(); rubric.criteria.len()],
                ..Ratings::default()
            },
            more_malformed: 0,
            stream: Stream::default(),
            tape: Tape::default(),
            utf8_carry: Vec::new(),
        }
    }

    /// Reads a whole document: a JSON array of submissions, or JSON Lines (one per line, blank
    /// lines ignored). The same as [`Reader::feed`] with all of it, then the end of the text.
    pub fn read_all(&mut self, text: &str) {
        self.feed(text);
        self.end_of_text();
    }

    /// Reads the next piece of a document given as UTF-8 bytes (a stream's chunk, which may
    /// end inside a character: its start waits for the next piece). A byte sequence that is not
    /// UTF-8 reads as U+FFFD, as a browser's `TextDecoder` does; the bytes go to the page's
    /// reader without being decoded in JavaScript first.
    pub fn feed_bytes(&mut self, piece: &[u8]) {
        let joined;
        let mut bytes = if self.utf8_carry.is_empty() {
            piece
        } else {
            let mut carry = std::mem::take(&mut self.utf8_carry);
            carry.extend_from_slice(piece);
            joined = carry;
            &joined[..]
        };
        loop {
            match std::str::from_utf8(bytes) {
                Ok(text) => return self.feed(text),
                Err(e) => {
                    let (good, rest) = bytes.split_at(e.valid_up_to());
                    self.feed(std::str::from_utf8(good).unwrap_or_default());
                    match e.error_len() {
                        None => {
                            self.utf8_carry = rest.to_vec();
                            return;
                        }
                        Some(n) => {
                            self.feed("\u{FFFD}");
                            bytes = &rest[n..];
                        }
                    }
                }
            }
        }
    }

    /// Reads the next piece of a document, cut anywhere. Whether it is a JSON array or JSON
    /// Lines is decided by its first character other than whitespace (`[`: an array).
    /// Elements and lines are read as soon as they are complete; what is unfinished is kept
    /// for the next piece or [`Reader::finish`].
    pub fn feed(&mut self, chunk: &str) {
        let mut from = 0;
        let bytes = chunk.as_bytes();
        while from < bytes.len() {
            match self.stream.mode {
                Mode::Start | Mode::Closed => {
                    let Some(i) = bytes[from..].iter().position(|&b| b != b'\n' && !is_ws(b))
                    else {
                        self.stream.line += newlines(&bytes[from..]);
                        return;
                    };
                    self.stream.line += newlines(&bytes[from..from + i]);
                    from += i;
                    if self.stream.mode == Mode::Closed {
                        let line = self.stream.line;
                        self.malformed(
                            line,
                            "not JSON: unexpected text after the end of the document".into(),
                        );
                        self.stream.mode = Mode::Done;
                    } else if bytes[from] == b'[' {
                        self.stream.mode = Mode::Array;
                        from += 1;
                    } else {
                        self.stream.mode = Mode::Lines;
                    }
                }
                Mode::Lines => return self.feed_lines(&chunk[from..]),
                Mode::Array => from = self.feed_array(chunk, from),
                Mode::Done => return,
            }
        }
    }

    fn feed_lines(&mut self, mut rest: &str) {
        while let Some(nl) = rest.find('\n') {
            let number = self.stream.line;
            if self.stream.pending.is_empty() {
                self.line(number, strip_cr(&rest[..nl]));
            } else {
                let mut whole = std::mem::take(&mut self.stream.pending);
                whole.push_str(&rest[..nl]);
                self.line(number, strip_cr(&whole));
                whole.clear();
                self.stream.pending = whole;
            }
            self.stream.line += 1;
            rest = &rest[nl + 1..];
        }
        self.stream.pending.push_str(rest);
    }

    /// Scans `chunk` from `from` in an array, reading each element as it ends; where it
    /// stopped (the end, or the array's end).
    fn feed_array(&mut self, chunk: &str, from: usize) -> usize {
        let bytes = chunk.as_bytes();
        let mut i = from;
        // Where the current element starts in this chunk (earlier pieces are pending).
        let mut start = from;
        while i < bytes.len() {
            let b = bytes[i];
            let st = &mut self.stream;
            if !st.in_element {
                match b {
                    b'\n' => st.line += 1,
                    b' ' | b'\t' | b'\r' => {}
                    b']' if !st.expect_element => {
                        st.mode = Mode::Closed;
                        return i + 1;
                    }
                    // A missing element ("[1,,2]", "[1,]"): read as an empty one, an error.
                    b',' | b']' => {
                        let line = st.line;
                        st.expect_element = b == b',';
                        self.element(line, "");
                        if b == b']' {
                            self.stream.mode = Mode::Closed;
                            return i + 1;
                        }
                    }
                    _ => {
                        st.in_element = true;
                        st.start_line = st.line;
                        st.depth = 0;
                        start = i;
                        continue;
                    }
                }
                i += 1;
                continue;
            }
            if st.in_string {
                // Straight to the next byte that matters.
                while i < bytes.len() && !matches!(bytes[i], b'"' | b'\\' | b'\n') {
                    if st.escaped {
                        st.escaped = false;
                    }
                    i += 1;
                }
                let Some(&b) = bytes.get(i) else { break };
                if st.escaped {
                    st.escaped = false;
                } else if b == b'\\' {
                    st.escaped = true;
                } else if b == b'"' {
                    st.in_string = false;
                }
                if b == b'\n' {
                    st.line += 1;
                }
                i += 1;
                continue;
            }
            match b {
                b'"' => st.in_string = true,
                b'{' | b'[' => st.depth += 1,
                b'}' | b']' if st.depth > 0 => st.depth -= 1,
                b'\n' => st.line += 1,
                b',' | b']' if st.depth == 0 => {
                    st.in_element = false;
                    st.expect_element = b == b',';
                    let line = st.start_line;
                    let piece = &chunk[start..i];
                    if self.stream.pending.is_empty() {
                        self.element(line, piece);
                    } else {
                        let mut whole = std::mem::take(&mut self.stream.pending);
                        whole.push_str(piece);
                        self.element(line, &whole);
                        whole.clear();
                        self.stream.pending = whole;
                    }
                    if b == b']' {
                        self.stream.mode = Mode::Closed;
                        return i + 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        if self.stream.in_element {
            self.stream.pending.push_str(&chunk[start..]);
        }
        bytes.len()
    }

    /// The end of a document: what is unfinished is read, and the next piece starts another.
    fn end_of_text(&mut self) {
        let mut st = std::mem::take(&mut self.stream);
        match st.mode {
            Mode::Lines if !st.pending.is_empty() => self.line(st.line, strip_cr(&st.pending)),
            Mode::Array => {
                if st.in_element {
                    self.element(st.start_line, &st.pending);
                }
                self.malformed(
                    st.line,
                    "not JSON: unexpected end of the document: the list's closing ] is missing"
                        .into(),
                );
            }
            _ => {}
        }
        // Keeps the buffer's room for the next document.
        st.pending.clear();
        self.stream.pending = st.pending;
    }

    /// Reads one line of JSON Lines, `number` 1-based.
    pub fn line(&mut self, number: usize, line: &str) {
        if line.trim().is_empty() {
            return;
        }
        self.element(number, line);
    }

    /// Reads one submission's text (a line, or an array's element) found at `line`.
    fn element(&mut self, line: usize, text: &str) {
        let mut tape = std::mem::take(&mut self.tape);
        match tape.parse(text) {
            Some(root) => self.submission(root, line),
            // The document parser has the words for what is wrong.
            None => match json::parse(text) {
                Err(e) => self.malformed(line, format!("not JSON: {}", e.message)),
                Ok(_) => self.malformed(line, "not JSON".into()),
            },
        }
        self.tape = tape;
    }

    fn malformed(&mut self, line: usize, why: String) {
        if self.ratings.malformed.len() < MAX_LISTED {
            self.ratings.malformed.push((line, why));
        } else {
            self.more_malformed += 1;
        }
    }

    /// One submission, read from `line`.
    fn submission<'a>(&mut self, root: View<'a>, line: usize) {
        let mut s = Fields::of(root);
        // The reference receiver's listing: the submission inside its envelope.
        if s.schema_version.is_none() {
            if let Some(inner) = s.submission.filter(View::is_object) {
                s = Fields::of(inner);
            }
        }
        let text = |n: Option<View<'a>>| -> Option<&'a str> { n.and_then(|n| n.as_str()) };
        let version = text(s.schema_version).unwrap_or_default();
        if version.split('.').next() != Some(self.major.as_str()) {
            return self.malformed(
                line,
                format!(
                    "not a submission of format 1 (schema_version \"{}\")",
                    short(version)
                ),
            );
        }
        let r = s.rubric;
        let (Some(id), Some(rv)) = (
            text(r.and_then(|r| r.get("id"))),
            text(r.and_then(|r| r.get("version"))),
        ) else {
            return self.malformed(line, "no rubric id and version".into());
        };
        let (Some(task), Some(annotator)) = (text(s.task_id), text(s.annotator)) else {
            return self.malformed(line, "no task_id or annotator".into());
        };
        if id != self.rubric.id || rv != self.rubric.version {
            *self
                .ratings
                .other_rubrics
                .entry((id.to_string(), rv.to_string()))
                .or_default() += 1;
            return;
        }
        let Some(answers) = s.answers.and_then(|a| a.members()) else {
            return self.malformed(line, "no answers object".into());
        };
        let rt = &mut self.ratings;
        rt.submissions += 1;
        if s.skipped.is_some_and(|k| k.is_object()) {
            rt.skipped_tasks += 1;
            return;
        }
        let unit = match rt.unit_index.get(task) {
            Some(&i) => i,
            None => {
                rt.units.push(task.to_string());
                rt.unit_index.insert(task.to_string(), rt.units.len() - 1);
                rt.units.len() - 1
            }
        };
        let rater = match rt.rater_index.get(annotator) {
            Some(&i) => i,
            None => {
                let desc = s.rater;
                let model = text(desc.and_then(|d| d.get("kind"))) == Some("model");
                rt.raters.push(Rater {
                    id: annotator.to_string(),
                    kind: if model {
                        RaterKind::Model
                    } else {
                        RaterKind::Human
                    },
                    model: text(desc.and_then(|d| d.get("model"))).map(str::to_string),
                    prompt_version: text(desc.and_then(|d| d.get("prompt_version")))
                        .map(str::to_string),
                });
                rt.rater_index
                    .insert(annotator.to_string(), rt.raters.len() - 1);
                rt.raters.len() - 1
            }
        };
        let submitted = text(s.submitted_at).and_then(crate::form::time::parse_rfc3339);
        // A later submission of the same rater for the same task replaces the earlier one; when
        // either time cannot be read, the one read last wins.
        let criteria = self.rubric.criteria.len();
        let slot = match rt.latest.get(&(unit, rater)) {
            Some(&slot) => {
                rt.replaced += 1;
                if matches!((rt.latest_at[slot], submitted), (Some(a), Some(b)) if a > b) {
                    return;
                }
                for (c, at) in rt.latest_places[slot * criteria..(slot + 1) * criteria]
                    .iter_mut()
                    .enumerate()
                {
                    if *at != NOWHERE {
                        // Emptied in place (an unanswered mark), so other places stay valid.
                        rt.by_criterion[c][*at].rater = usize::MAX;
                        *at = NOWHERE;
                    }
                }
                slot
            }
            None => {
                let slot = rt.latest_at.len();
                rt.latest_at.push(None);
                rt.latest_active.push((rater, None));
                rt.latest_places
                    .extend(std::iter::repeat_n(NOWHERE, criteria));
                rt.latest.insert((unit, rater), slot);
                slot
            }
        };
        rt.latest_at[slot] = submitted;
        rt.latest_active[slot] = (
            rater,
            s.active_ms.and_then(|v| v.as_i64()).filter(|&ms| ms >= 0),
        );
        let places = &mut rt.latest_places[slot * criteria..(slot + 1) * criteria];
        // Answers usually come in the rubric's order: the next criterion is tried first.
        let mut next = 0;
        for value in answers {
            let key = value.key();
            let found = match self.rubric.criteria.get(next) {
                Some(c) if c.id == key => Some(next),
                _ => self.criterion_index.get(key).copied(),
            };
            next = found.map_or(0, |c| c + 1);
            match (found, read_answer(value)) {
                // A key given twice is one answer, not two ratings.
                (Some(c), Some(a))
                    if a.ty() == self.rubric.criteria[c].kind.ty() && places[c] == NOWHERE =>
                {
                    places[c] = rt.by_criterion[c].len();
                    rt.by_criterion[c].push(Rating {
                        unit,
                        rater,
                        answer: canonical(a, &self.rubric.criteria[c]),
                    });
                }
                _ => rt.unfit_answers += 1,
            }
        }
    }

    /// Reads what is left of the text, and returns what was read; ratings replaced by a later
    /// submission are gone.
    pub fn finish(mut self) -> Ratings {
        if !self.utf8_carry.is_empty() {
            self.utf8_carry.clear();
            self.feed("\u{FFFD}");
        }
        self.end_of_text();
        for list in &mut self.ratings.by_criterion {
            list.retain(|r| r.rater != usize::MAX);
        }
        self.ratings
    }
}

fn newlines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// A line without the `\r` of a `\r\n` ending.
fn strip_cr(line: &str) -> &str {
    line.strip_suffix('\r').unwrap_or(line)
}

/// The members of a submission the reader uses, found in one pass (the last of a repeated
/// key, as [`json::Node::get`] finds).
#[derive(Default)]
struct Fields<'a> {
    schema_version: Option<View<'a>>,
    submission: Option<View<'a>>,
    rubric: Option<View<'a>>,
    task_id: Option<View<'a>>,
    annotator: Option<View<'a>>,
    answers: Option<View<'a>>,
    skipped: Option<View<'a>>,
    rater: Option<View<'a>>,
    submitted_at: Option<View<'a>>,
    active_ms: Option<View<'a>>,
}

impl<'a> Fields<'a> {
    fn of(v: View<'a>) -> Fields<'a> {
        let mut f = Fields::default();
        for m in v.members().into_iter().flatten() {
            let slot = match m.key() {
                "schema_version" => &mut f.schema_version,
                "submission" => &mut f.submission,
                "rubric" => &mut f.rubric,
                "task_id" => &mut f.task_id,
                "annotator" => &mut f.annotator,
                "answers" => &mut f.answers,
                "skipped" => &mut f.skipped,
                "rater" => &mut f.rater,
                "submitted_at" => &mut f.submitted_at,
                "active_ms" => &mut f.active_ms,
                _ => continue,
            };
            *slot = Some(m);
        }
        f
    }
}

/// An answer in its JSON form, as [`Answer::from_json`] reads it, from the tape: its members
/// found in one pass (the last of a repeated key).
fn read_answer(v: View) -> Option<Answer> {
    let (mut ty, mut value, mut values, mut items) = (None, None, None, None);
    let (mut a, mut b, mut both_bad, mut order) = (None, None, None, None);
    for m in v.members()? {
        let slot = match m.key() {
            "type" => &mut ty,
            "value" => &mut value,
            "values" => &mut values,
            "items" => &mut items,
            "a" => &mut a,
            "b" => &mut b,
            "both_bad" => &mut both_bad,
            "order" => &mut order,
            _ => continue,
        };
        *slot = Some(m);
    }
    let text = |x: Option<View>| x?.as_str().map(str::to_string);
    let texts = |n: View| {
        n.items()?
            .map(|x| x.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
    };
    Some(match CriterionType::from_name(ty?.as_str()?)? {
        CriterionType::Rating => Answer::Rating {
            value: value?.as_i64()?,
        },
        CriterionType::SingleChoice => Answer::SingleChoice {
            value: text(value)?,
        },
        CriterionType::MultiChoice => Answer::MultiChoice {
            values: texts(values?)?,
        },
        CriterionType::Pairwise => Answer::Pairwise {
            a: text(a)?,
            b: text(b)?,
            value: match value {
                None => None,
                Some(x) if x.is_null() => None,
                Some(x) => Some(x.as_i64()?),
            },
            both_bad: both_bad?.as_bool()?,
        },
        CriterionType::Ranking => Answer::Ranking {
            order: order?.items()?.map(texts).collect::<Option<_>>()?,
        },
        CriterionType::Text => Answer::Text {
            value: text(value)?,
        },
        CriterionType::Checklist => {
            let mut checks = BTreeMap::new();
            for x in items?.members()? {
                let check = match x.as_str()? {
                    "yes" => Check::Yes,
                    "no" => Check::No,
                    "na" => Check::Na,
                    _ => return None,
                };
                checks.insert(x.key().to_string(), check);
            }
            Answer::Checklist { items: checks }
        }
    })
}

/// `a` in canonical form for `c` (of its type), as [`Answer::canonical_in`] with the ids' own
/// order, without copying what is canonical already.
fn canonical(a: Answer, c: &Criterion) -> Answer {
    let order = |id: &str| Some(id.to_string());
    match (&a, &c.kind) {
        (Answer::MultiChoice { values }, CriterionKind::MultiChoice { options, .. }) => {
            // A few values, each an option, in the options' order: canonical already. (Only a
            // few: the check costs values times options.)
            if values.len() <= 8 {
                let mut last = None;
                let in_order =
                    values
                        .iter()
                        .all(|v| match options.iter().position(|o| &o.value == v) {
                            Some(p) if last.is_none_or(|l| p > l) => {
                                last = Some(p);
                                true
                            }
                            _ => false,
                        });
                if in_order {
                    return a;
                }
            }
            a.canonical_in(c, order)
        }
        (Answer::Pairwise { .. } | Answer::Ranking { .. }, _) => a.canonical_in(c, order),
        _ => a,
    }
}
