//! Submissions and quiz results, each unique on its id: in SQLite (one file, the default) or
//! in PostgreSQL (`--db postgres://…`, for several receivers behind a load balancer). Both keep
//! the same rules (a new id stored, the same content again a replay, other content a conflict),
//! with the same filter columns, and both read listings on connections of their own in a
//! snapshot, so a listing never waits for a writer nor a writer for a listing.

mod postgres;
mod sqlite;

use std::path::PathBuf;

/// Where the documents are kept (`--db`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// A file; created with its schema when missing.
    Sqlite(PathBuf),
    /// A `postgres://` or `postgresql://` URL; the schema is created in its database.
    Postgres(String),
}

impl Database {
    /// `--db`: a PostgreSQL URL, else a file path.
    pub fn parse(value: &str) -> Database {
        if value.starts_with("postgres://") || value.starts_with("postgresql://") {
            Database::Postgres(value.to_string())
        } else {
            Database::Sqlite(value.into())
        }
    }

    /// For messages and logs: the file, or the URL without its password.
    pub fn describe(&self) -> String {
        match self {
            Database::Sqlite(path) => path.display().to_string(),
            Database::Postgres(url) => match (url.find("://"), url.rfind('@')) {
                (Some(scheme), Some(at)) if at > scheme => {
                    let user = &url[scheme + 3..at];
                    let user = user.split(':').next().unwrap_or_default();
                    format!("{}{user}@{}", &url[..scheme + 3], &url[at + 1..])
                }
                _ => url.clone(),
            },
        }
    }
}

/// The open database.
pub enum Store {
    Sqlite(sqlite::Sqlite),
    Postgres(Box<postgres::Postgres>),
}

/// What went wrong in the database, as text: it becomes a 503 problem's `detail`.
pub type Error = String;

/// What storing produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Insert {
    /// Stored now.
    Created { received_at: String },
    /// Already stored with the same content: the stored result, unchanged.
    Replay { received_at: String },
    /// Already stored with different content.
    Conflict,
}

/// What is stored: each collection is its own table, unique on its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    Submissions,
    QuizResults,
}

/// The columns a listing filters on, the same for both collections (see [`Collection::filters`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    RubricId,
    RubricVersion,
    /// The task (a submission) or the quiz (a quiz result).
    Subject,
    /// The annotator (a submission) or the trainee (a quiz result).
    Person,
}

impl Column {
    pub(crate) const ALL: [Column; 4] = [
        Column::RubricId,
        Column::RubricVersion,
        Column::Subject,
        Column::Person,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Column::RubricId => "rubric_id",
            Column::RubricVersion => "rubric_version",
            Column::Subject => "subject",
            Column::Person => "person",
        }
    }
}

impl Collection {
    pub(crate) fn table(self) -> &'static str {
        match self {
            Collection::Submissions => "submissions",
            Collection::QuizResults => "quiz_results",
        }
    }

    /// The id field of the documents, also the id column.
    pub fn id_field(self) -> &'static str {
        match self {
            Collection::Submissions => "submission_id",
            Collection::QuizResults => "result_id",
        }
    }

    /// What one document is called in messages and listings.
    pub fn noun(self) -> &'static str {
        match self {
            Collection::Submissions => "submission",
            Collection::QuizResults => "result",
        }
    }

    /// The listing's filter parameters: each a field of the document, and its column.
    pub fn filters(self) -> [(&'static str, Column); 4] {
        let (subject, person) = match self {
            Collection::Submissions => ("task_id", "annotator"),
            Collection::QuizResults => ("quiz_id", "trainee"),
        };
        [
            ("rubric_id", Column::RubricId),
            ("rubric_version", Column::RubricVersion),
            (subject, Column::Subject),
            (person, Column::Person),
        ]
    }

    /// Where each filter column's value is in a stored body (to fill the columns of rows
    /// stored before they existed).
    pub(crate) fn json_path(self, column: Column) -> &'static str {
        match (self, column) {
            (Collection::Submissions, Column::RubricId) => "$.rubric.id",
            (Collection::Submissions, Column::RubricVersion) => "$.rubric.version",
            (Collection::Submissions, Column::Subject) => "$.task_id",
            (Collection::Submissions, Column::Person) => "$.annotator",
            (Collection::QuizResults, Column::RubricId) => "$.quiz.rubric.id",
            (Collection::QuizResults, Column::RubricVersion) => "$.quiz.rubric.version",
            (Collection::QuizResults, Column::Subject) => "$.quiz.id",
            (Collection::QuizResults, Column::Person) => "$.trainee",
        }
    }
}

/// A document to store: its id, canonical JSON, and the values its listing filters on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub id: String,
    /// The document as canonical JSON.
    pub body: String,
    pub rubric_id: String,
    pub rubric_version: String,
    pub subject: String,
    pub person: String,
}

/// One page of a listing: rows after `cursor` (a row's `seq`) that match every filter, at most
/// `limit` of them, in the order received.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageQuery {
    pub cursor: i64,
    pub limit: u32,
    pub filters: Vec<(Column, String)>,
    /// Only rows received at or after this RFC 3339 time (the stored form, so it compares as text).
    pub since: Option<String>,
}

/// The indexes a paged listing and each filter walk, so a page costs its own rows, not the
/// table's (the same in both databases).
fn indexes(c: Collection) -> String {
    let t = c.table();
    format!(
        "CREATE UNIQUE INDEX {t}_seq ON {t}(seq);
         CREATE INDEX {t}_person ON {t}(person, seq);
         CREATE INDEX {t}_subject ON {t}(subject, seq);
         CREATE INDEX {t}_rubric ON {t}(rubric_id, rubric_version, seq);"
    )
}

/// A value bound to a listing's statements.
enum Param {
    Int(i64),
    Text(String),
}

/// The two statements of a page and their values: the `seq` of the page's last row and of the
/// one after it (so the next page starts after the last), then the page's rows. `$N`
/// placeholders, which both databases read (SQLite binds them in order of appearance).
fn page_statements(c: Collection, q: &PageQuery) -> (String, String, Vec<Param>) {
    let mut clause = String::from("seq > $1");
    let mut params = vec![Param::Int(q.cursor)];
    for (col, value) in &q.filters {
        params.push(Param::Text(value.clone()));
        clause.push_str(&format!(" AND {} = ${}", col.name(), params.len()));
    }
    if let Some(since) = &q.since {
        params.push(Param::Text(since.clone()));
        clause.push_str(&format!(" AND received_at >= ${}", params.len()));
    }
    let (table, limit) = (c.table(), i64::from(q.limit.max(1)));
    let ends = format!(
        "SELECT seq FROM {table} WHERE {clause} ORDER BY seq LIMIT 2 OFFSET {}",
        limit - 1
    );
    let rows = format!(
        "SELECT {}, received_at, body FROM {table} WHERE {clause} ORDER BY seq LIMIT {limit}",
        c.id_field()
    );
    (ends, rows, params)
}

/// A read snapshot a page is read in, whichever the database.
trait Snapshot {
    fn seqs(&mut self, sql: &str, params: &[Param]) -> Result<Vec<i64>, Error>;
    /// Calls `row` with each row's id, `received_at` and body until it returns `false`.
    fn rows(&mut self, sql: &str, params: &[Param], row: RowFn) -> Result<(), Error>;
}

/// Documents to store, each with the time it was received.
type Docs<'a, 'b> = &'b mut dyn Iterator<Item = (&'a Doc, &'a str)>;

/// What gets each row of a page (id, `received_at`, body); `false` stops the read.
type RowFn<'a> = &'a mut dyn FnMut(&str, &str, &str) -> bool;

/// What a store runs in a read snapshot of its own.
type ReadFn<'a> = &'a mut dyn FnMut(&mut dyn Snapshot) -> Result<(), Error>;

/// Reads a page in `snapshot`: see [`Store::read_page`].
fn read_in(
    snapshot: &mut dyn Snapshot,
    c: Collection,
    q: &PageQuery,
    head: impl FnOnce(Option<i64>) -> bool,
    mut row: impl FnMut(&str, &str, &str) -> bool,
) -> Result<(), Error> {
    let (ends, rows, params) = page_statements(c, q);
    let ends = snapshot.seqs(&ends, &params)?;
    if !head((ends.len() == 2).then(|| ends[0])) {
        return Ok(());
    }
    snapshot.rows(&rows, &params, &mut row)
}

/// What storing `doc` comes to when its id was already stored as `existing` (body, time).
fn judge(existing: Option<(String, String)>, doc: &Doc, received_at: &str) -> Insert {
    match existing {
        Some((stored, at)) if stored == doc.body => Insert::Replay { received_at: at },
        Some(_) => Insert::Conflict,
        None => Insert::Created {
            received_at: received_at.to_string(),
        },
    }
}

impl Store {
    /// Opens the database and brings its schema up to date (blocking: PostgreSQL's client
    /// runs its own runtime, so call this off the async threads).
    pub fn open(db: &Database) -> Result<Store, Error> {
        Ok(match db {
            Database::Sqlite(path) => Store::Sqlite(sqlite::Sqlite::open(path)?),
            Database::Postgres(url) => Store::Postgres(Box::new(postgres::Postgres::open(url)?)),
        })
    }

    /// Whether the database answers a read (readiness).
    pub fn ping(&self) -> Result<(), Error> {
        match self {
            Store::Sqlite(s) => s.ping(),
            Store::Postgres(p) => p.ping(),
        }
    }

    /// Stores `doc` under its id, or says why not; two concurrent posts of one id, from one
    /// receiver or several, store it once.
    pub fn insert(&self, c: Collection, doc: &Doc, received_at: &str) -> Result<Insert, Error> {
        self.import(c, [(doc, received_at)])
            .map(|mut r| r.pop().unwrap_or(Insert::Conflict))
    }

    /// Stores many documents in one transaction, each by the rules of [`Store::insert`]: for
    /// loading a database at once (benchmarks, test fixtures), where a commit per row would
    /// spend its time waiting for the disk.
    pub fn import<'a>(
        &self,
        c: Collection,
        docs: impl IntoIterator<Item = (&'a Doc, &'a str)>,
    ) -> Result<Vec<Insert>, Error> {
        match self {
            Store::Sqlite(s) => s.import(c, &mut docs.into_iter()),
            Store::Postgres(p) => p.import(c, &mut docs.into_iter()),
        }
    }

    /// Reads one page on a connection of its own, blocking (run it off the async threads).
    /// `head` hears first where the next page starts (`None` on the last page) and `row` then
    /// gets each row (`id`, `received_at`, `body`) without the page ever being held in memory;
    /// either stops the read by returning `false` (the client went away). Both run in one read
    /// snapshot, so the next-page cursor and the rows agree.
    pub fn read_page(
        &self,
        c: Collection,
        q: &PageQuery,
        head: impl FnOnce(Option<i64>) -> bool,
        row: impl FnMut(&str, &str, &str) -> bool,
    ) -> Result<(), Error> {
        let mut once = Some((head, row));
        let mut read = |snapshot: &mut dyn Snapshot| match once.take() {
            Some((head, row)) => read_in(snapshot, c, q, head, row),
            None => Ok(()),
        };
        match self {
            Store::Sqlite(s) => s.in_snapshot(&mut read),
            Store::Postgres(p) => p.in_snapshot(&mut read),
        }
    }
}
