//! The SQLite store: one file. Writes go through one connection (SQLite serializes writers
//! anyway) in `BEGIN IMMEDIATE` transactions, so two receivers on one file store an id once
//! too. Listings read on read-only connections of their own: in WAL mode a reader sees a
//! snapshot and never blocks a writer.

use super::{judge, Collection, Column, Doc, Docs, Error, Insert, Param, ReadFn, RowFn, Snapshot};
use rusqlite::types::Value as Sql;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// The database file and its writer connection.
pub struct Sqlite {
    path: PathBuf,
    writer: Mutex<Connection>,
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
        tx.execute_batch(&super::indexes(c))
    },
];

/// How long a connection waits for another process's write lock before giving up (503).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

fn text(e: rusqlite::Error) -> Error {
    e.to_string()
}

impl Sqlite {
    /// Opens (or creates) the database and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Sqlite, Error> {
        let mut conn = Connection::open(path).map_err(text)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(text)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(text)?;
        migrate(&mut conn)?;
        Ok(Sqlite {
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

    pub fn ping(&self) -> Result<(), Error> {
        self.reader()
            .and_then(|r| r.query_row("SELECT count(*) FROM submissions WHERE 0", [], |_| Ok(())))
            .map_err(text)
    }

    pub(super) fn import(&self, c: Collection, docs: Docs) -> Result<Vec<Insert>, Error> {
        let mut conn = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(text)?;
        let results = docs
            .map(|(doc, at)| insert_in(&tx, c, doc, at))
            .collect::<rusqlite::Result<_>>()
            .map_err(text)?;
        tx.commit().map_err(text)?;
        Ok(results)
    }

    /// Runs `read` in a read snapshot on a connection of its own.
    pub(super) fn in_snapshot(&self, read: ReadFn) -> Result<(), Error> {
        let mut conn = self.reader().map_err(text)?;
        let tx = conn.transaction().map_err(text)?;
        read(&mut ReadTx(&tx))
    }
}

/// A read transaction: what SQLite's WAL mode makes a snapshot.
struct ReadTx<'a>(&'a rusqlite::Transaction<'a>);

fn bind(params: &[Param]) -> Vec<Sql> {
    params
        .iter()
        .map(|p| match p {
            Param::Int(n) => Sql::Integer(*n),
            Param::Text(t) => Sql::Text(t.clone()),
        })
        .collect()
}

impl Snapshot for ReadTx<'_> {
    fn seqs(&mut self, sql: &str, params: &[Param]) -> Result<Vec<i64>, Error> {
        let mut stmt = self.0.prepare(sql).map_err(text)?;
        let seqs = stmt
            .query_map(rusqlite::params_from_iter(bind(params)), |r| r.get(0))
            .and_then(|rows| rows.collect())
            .map_err(text);
        seqs
    }

    fn rows(&mut self, sql: &str, params: &[Param], row: RowFn) -> Result<(), Error> {
        let mut stmt = self.0.prepare(sql).map_err(text)?;
        let mut rows = stmt
            .query(rusqlite::params_from_iter(bind(params)))
            .map_err(text)?;
        while let Some(r) = rows.next().map_err(text)? {
            let field = |i| r.get_ref(i).and_then(|v| Ok(v.as_str()?)).map_err(text);
            if !row(field(0)?, field(1)?, field(2)?) {
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
    let result = judge(existing, doc, received_at);
    if let Insert::Created { .. } = result {
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
    }
    Ok(result)
}

/// Runs the migrations this database has not had yet, each in its own transaction.
fn migrate(conn: &mut Connection) -> Result<(), Error> {
    let version: usize = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(text)?;
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
            .map_err(text)?;
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
    use super::super::{Database, PageQuery, Store};
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
        let store = Store::open(&Database::Sqlite(path.clone())).unwrap();
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
        let err = Store::open(&Database::Sqlite(path)).err().unwrap();
        assert!(
            err.contains("schema is version 99, newer than this receiver's (2)"),
            "{err}"
        );
    }
}
