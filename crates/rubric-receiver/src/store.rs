//! Submissions and quiz results in SQLite, each unique on its id.

use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use std::sync::Mutex;

/// The database. One connection behind a mutex: SQLite serializes writes anyway, and the
/// receiver's load is a handful of reviewers.
pub struct Store(Mutex<Connection>);

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
}

/// One stored row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub received_at: String,
    /// The submission, as canonical JSON.
    pub body: String,
}

impl Store {
    pub fn open(path: &Path) -> rusqlite::Result<Store> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        for c in [Collection::Submissions, Collection::QuizResults] {
            conn.execute_batch(&format!(
                "CREATE TABLE IF NOT EXISTS {} (
                    {} TEXT PRIMARY KEY NOT NULL,
                    body TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    seq INTEGER NOT NULL
                )",
                c.table(),
                c.id_field()
            ))?;
        }
        Ok(Store(Mutex::new(conn)))
    }

    /// Stores `body` (canonical JSON) under `id`, or says why not. The check and the insert
    /// run in one transaction, so two concurrent posts of one id store it once.
    pub fn insert(
        &self,
        c: Collection,
        id: &str,
        body: &str,
        received_at: &str,
    ) -> rusqlite::Result<Insert> {
        let (table, key) = (c.table(), c.id_field());
        let mut conn = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let tx = conn.transaction()?;
        let existing: Option<(String, String)> = tx
            .query_row(
                &format!("SELECT body, received_at FROM {table} WHERE {key} = ?1"),
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let result = match existing {
            Some((stored, at)) if stored == body => Insert::Replay { received_at: at },
            Some(_) => Insert::Conflict,
            None => {
                tx.execute(
                    &format!(
                        "INSERT INTO {table} ({key}, body, received_at, seq)
                         VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(seq), 0) + 1 FROM {table}))"
                    ),
                    params![id, body, received_at],
                )?;
                Insert::Created {
                    received_at: received_at.to_string(),
                }
            }
        };
        tx.commit()?;
        Ok(result)
    }

    /// Every row, in the order received.
    pub fn list(&self, c: Collection) -> rusqlite::Result<Vec<Row>> {
        let conn = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let mut stmt = conn.prepare(&format!(
            "SELECT {}, received_at, body FROM {} ORDER BY seq",
            c.id_field(),
            c.table()
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok(Row {
                id: r.get(0)?,
                received_at: r.get(1)?,
                body: r.get(2)?,
            })
        })?;
        rows.collect()
    }
}
