//! Submissions in SQLite, unique on the submission id.

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

/// One stored row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub submission_id: String,
    pub received_at: String,
    /// The submission, as canonical JSON.
    pub body: String,
}

impl Store {
    pub fn open(path: &Path) -> rusqlite::Result<Store> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS submissions (
                submission_id TEXT PRIMARY KEY NOT NULL,
                body TEXT NOT NULL,
                received_at TEXT NOT NULL,
                seq INTEGER NOT NULL
            )",
        )?;
        Ok(Store(Mutex::new(conn)))
    }

    /// Stores `body` (canonical JSON) under `id`, or says why not. The check and the insert
    /// run in one transaction, so two concurrent posts of one id store it once.
    pub fn insert(&self, id: &str, body: &str, received_at: &str) -> rusqlite::Result<Insert> {
        let mut conn = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let tx = conn.transaction()?;
        let existing: Option<(String, String)> = tx
            .query_row(
                "SELECT body, received_at FROM submissions WHERE submission_id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let result = match existing {
            Some((stored, at)) if stored == body => Insert::Replay { received_at: at },
            Some(_) => Insert::Conflict,
            None => {
                tx.execute(
                    "INSERT INTO submissions (submission_id, body, received_at, seq)
                     VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(seq), 0) + 1 FROM submissions))",
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
    pub fn list(&self) -> rusqlite::Result<Vec<Row>> {
        let conn = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let mut stmt =
            conn.prepare("SELECT submission_id, received_at, body FROM submissions ORDER BY seq")?;
        let rows = stmt.query_map([], |r| {
            Ok(Row {
                submission_id: r.get(0)?,
                received_at: r.get(1)?,
                body: r.get(2)?,
            })
        })?;
        rows.collect()
    }
}
