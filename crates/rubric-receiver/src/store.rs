//! Submissions and quiz results in SQLite, each unique on its id.
//!
//! Writes go through one connection (SQLite serializes writers anyway) in `BEGIN IMMEDIATE`
//! transactions, so two receivers on one file store an id once too. Listings read on their own
//! read-only connections: in WAL mode a reader sees a snapshot and never blocks a writer, so an
//! export of a million rows does not hold up a reviewer's submit.

use rusqlite::types::Value as Sql;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// The database file and its writer connection.
pub struct Store {
    path: PathBuf,
    writer: Mutex<Connection>,
}

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
    const ALL: [Column; 4] = [
        Column::RubricId,
        Column::RubricVersion,
        Column::Subject,
        Column::Person,
    ];

    fn name(self) -> &'static str {
        match self {
            Column::RubricId => "rubric_id",
            Column::RubricVersion => "rubric_version",
            Column::Subject => "subject",
            Column::Person => "person",
        }
    }
}

impl Collection {
    fn table(self) -> &'static str {
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
    fn json_path(self, column: Column) -> &'static str {
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

/// Each migration takes the schema from its index to the next version (`PRAGMA user_version`).
/// Append only: a database records how far it got, and a receiver refuses a newer one.
const MIGRATIONS: [fn(&rusqlite::Transaction, Collection) -> rusqlite::Result<()>; 2] = [
    // 1: the first schema (tables made before versioning existed already have it).
    |tx, c| {
        tx.execute_batch(&format!(
            "CREATE TABLE IF NOT EXISTS {} (
                {} TEXT PRIMARY KEY NOT NULL,
                body TEXT NOT NULL,
                received_at TEXT NOT NULL,
                seq INTEGER NOT NULL
            )",
            c.table(),
            c.id_field()
        ))
    },
    // 2: filter columns (filled from the stored bodies) and the indexes a paged listing and
    // each filter walk, so a page costs its own rows, not the table's.
    |tx, c| {
        let t = c.table();
        for col in Column::ALL {
            let name = col.name();
            tx.execute_batch(&format!("ALTER TABLE {t} ADD COLUMN {name} TEXT"))?;
            tx.execute(
                &format!("UPDATE {t} SET {name} = json_extract(body, ?1)"),
                [c.json_path(col)],
            )?;
        }
        tx.execute_batch(&format!(
            "CREATE UNIQUE INDEX {t}_seq ON {t}(seq);
             CREATE INDEX {t}_person ON {t}(person, seq);
             CREATE INDEX {t}_subject ON {t}(subject, seq);
             CREATE INDEX {t}_rubric ON {t}(rubric_id, rubric_version, seq);"
        ))
    },
];

/// How long a connection waits for another process's write lock before giving up (503).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl Store {
    /// Opens (or creates) the database and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, String> {
        let mut conn = Connection::open(path).map_err(|e| e.to_string())?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| e.to_string())?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| e.to_string())?;
        migrate(&mut conn)?;
        Ok(Store {
            path: path.to_path_buf(),
            writer: Mutex::new(conn),
        })
    }

    /// A new read-only connection: its reads never wait for the writer.
    fn reader(&self) -> rusqlite::Result<Connection> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(conn)
    }

    /// Whether the database answers a read (readiness).
    pub fn ping(&self) -> rusqlite::Result<()> {
        self.reader()?
            .query_row("SELECT count(*) FROM submissions WHERE 0", [], |_| Ok(()))
    }

    /// Stores `doc` under its id, or says why not. The check and the insert run in one
    /// immediate transaction, so two concurrent posts of one id, from one process or two,
    /// store it once.
    pub fn insert(&self, c: Collection, doc: &Doc, received_at: &str) -> rusqlite::Result<Insert> {
        let mut conn = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let result = insert_in(&tx, c, doc, received_at)?;
        tx.commit()?;
        Ok(result)
    }

    /// Stores many documents in one transaction, each by the rules of [`Store::insert`]: for
    /// loading a database at once (benchmarks, test fixtures), where a commit per row would
    /// spend its time waiting for the disk.
    pub fn import<'a>(
        &self,
        c: Collection,
        docs: impl IntoIterator<Item = (&'a Doc, &'a str)>,
    ) -> rusqlite::Result<Vec<Insert>> {
        let mut conn = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let results = docs
            .into_iter()
            .map(|(doc, at)| insert_in(&tx, c, doc, at))
            .collect::<rusqlite::Result<_>>()?;
        tx.commit()?;
        Ok(results)
    }

    /// Reads one page on a fresh read connection, blocking (run it off the async threads).
    /// `head` hears first where the next page starts (`None` on the last page) and `row` then
    /// gets each row (`id`, `received_at`, `body`) without the page ever being held in memory;
    /// either stops the read by returning `false` (the client went away). Both run inside one
    /// read transaction, so the next-page cursor and the rows agree.
    pub fn read_page(
        &self,
        c: Collection,
        q: &PageQuery,
        head: impl FnOnce(Option<i64>) -> bool,
        mut row: impl FnMut(&str, &str, &str) -> bool,
    ) -> rusqlite::Result<()> {
        let mut conn = self.reader()?;
        let tx = conn.transaction()?;
        let mut clause = String::from("seq > ?1");
        let mut args = vec![Sql::Integer(q.cursor)];
        for (col, value) in &q.filters {
            args.push(Sql::Text(value.clone()));
            clause.push_str(&format!(" AND {} = ?{}", col.name(), args.len()));
        }
        if let Some(since) = &q.since {
            args.push(Sql::Text(since.clone()));
            clause.push_str(&format!(" AND received_at >= ?{}", args.len()));
        }
        let table = c.table();
        let limit = i64::from(q.limit.max(1));
        // The page's last row and the one after it: with both, the next page starts after the
        // last; the rows after that are never read.
        let ends: Vec<i64> = tx
            .prepare(&format!(
                "SELECT seq FROM {table} WHERE {clause} ORDER BY seq LIMIT 2 OFFSET {}",
                limit - 1
            ))?
            .query_map(rusqlite::params_from_iter(&args), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let next = (ends.len() == 2).then(|| ends[0]);
        if !head(next) {
            return Ok(());
        }
        let mut stmt = tx.prepare(&format!(
            "SELECT {}, received_at, body FROM {table} WHERE {clause} ORDER BY seq LIMIT {limit}",
            c.id_field()
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(&args))?;
        while let Some(r) = rows.next()? {
            let text = |i| r.get_ref(i).and_then(|v| Ok(v.as_str()?));
            if !row(text(0)?, text(1)?, text(2)?) {
                break;
            }
        }
        Ok(())
    }
}

/// Inserts `doc` unless its id is stored: a replay when the content is the same, else a conflict.
fn insert_in(
    tx: &rusqlite::Transaction,
    c: Collection,
    doc: &Doc,
    received_at: &str,
) -> rusqlite::Result<Insert> {
    let (table, key) = (c.table(), c.id_field());
    let existing: Option<(String, String)> = tx
        .query_row(
            &format!("SELECT body, received_at FROM {table} WHERE {key} = ?1"),
            [&doc.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match existing {
        Some((stored, at)) if stored == doc.body => Insert::Replay { received_at: at },
        Some(_) => Insert::Conflict,
        None => {
            tx.execute(
                &format!(
                    "INSERT INTO {table}
                     ({key}, body, received_at, seq, rubric_id, rubric_version, subject, person)
                     VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(seq), 0) + 1 FROM {table}),
                             ?4, ?5, ?6, ?7)"
                ),
                params![
                    doc.id,
                    doc.body,
                    received_at,
                    doc.rubric_id,
                    doc.rubric_version,
                    doc.subject,
                    doc.person
                ],
            )?;
            Insert::Created {
                received_at: received_at.to_string(),
            }
        }
    })
}

/// Runs the migrations this database has not had yet, each in its own transaction.
fn migrate(conn: &mut Connection) -> Result<(), String> {
    let version: usize = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if version > MIGRATIONS.len() {
        return Err(format!(
            "its schema is version {version}, newer than this receiver's ({}); run a newer \
             receiver",
            MIGRATIONS.len()
        ));
    }
    for (n, step) in MIGRATIONS.iter().enumerate().skip(version) {
        let to = n + 1;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| e.to_string())?;
        let result = [Collection::Submissions, Collection::QuizResults]
            .into_iter()
            .try_for_each(|c| step(&tx, c))
            .and_then(|()| tx.pragma_update(None, "user_version", to))
            .and_then(|()| tx.commit());
        result.map_err(|e| format!("migration to schema version {to} failed: {e}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database made by the first receiver (no filter columns, no version) is migrated in
    /// place: its rows keep their order and become filterable.
    #[test]
    fn an_unversioned_database_is_migrated_with_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE submissions (submission_id TEXT PRIMARY KEY NOT NULL,
                    body TEXT NOT NULL, received_at TEXT NOT NULL, seq INTEGER NOT NULL);
                 INSERT INTO submissions VALUES ('a',
                    '{\"annotator\":\"ann\",\"rubric\":{\"id\":\"hhh\",\"version\":\"2\"},\"task_id\":\"t1\"}',
                    '2026-01-01T00:00:00.000Z', 1);",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        let q = PageQuery {
            limit: 10,
            filters: vec![
                (Column::Person, "ann".into()),
                (Column::Subject, "t1".into()),
            ],
            ..PageQuery::default()
        };
        let mut ids = Vec::new();
        store
            .read_page(
                Collection::Submissions,
                &q,
                |_| true,
                |id, _, _| {
                    ids.push(id.to_string());
                    true
                },
            )
            .unwrap();
        assert_eq!(ids, vec!["a"]);
        drop(store);
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let err = Store::open(&path).err().unwrap();
        assert!(
            err.contains("schema is version 99, newer than this receiver's (2)"),
            "{err}"
        );
    }
}
