//! The PostgreSQL store, for several receivers on one database. The rules are SQLite's: the id
//! is the primary key, and each write runs in a transaction that first takes a
//! transaction-level advisory lock named after its table, so writers from every receiver take
//! turns. That makes a concurrent duplicate a replay rather than a constraint error, and makes
//! `seq` (an identity column) commit in order, so a reader's snapshot always holds every row up
//! to the highest `seq` it sees and paging by cursor never skips a row committed late.
//!
//! The synchronous `postgres` client (tokio-postgres under a small runtime of its own) fits the
//! store's blocking interface; it is called on blocking threads, never on the async ones.

use super::{judge, Collection, Doc, Docs, Error, Insert, Param, ReadFn, RowFn, Snapshot};
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{Client, Config, IsolationLevel, NoTls, Transaction};
use std::sync::Mutex;

/// The connection settings (for each listing's own connection) and the writer's connection.
pub struct Postgres {
    config: Config,
    /// Always `Some` until dropped (see `Drop`).
    writer: Mutex<Option<Client>>,
}

/// The high half of this receiver's advisory lock keys; the low half is the locked table's
/// oid (writes) or a hash of the schema (migrations), so receivers of different schemas in one
/// database do not wait for each other.
const LOCK_APP: i64 = 0x7275_6272; // "rubr"

/// Takes the write lock of `table` (its own oid, resolved through the search path).
const WRITE_LOCK: &str =
    "SELECT pg_advisory_xact_lock(($1::bigint << 32) | to_regclass($2)::oid::bigint)";

/// Takes the schema lock of the current schema.
const SCHEMA_LOCK: &str = "SELECT pg_advisory_xact_lock(($1::bigint << 32) | (hashtext(current_schema())::bigint & 4294967295))";

/// Each migration takes the schema from its index to the next version (kept in
/// `rubric_receiver_schema`). Append only; a receiver refuses a database newer than it knows.
const MIGRATIONS: [fn(Collection) -> String; 1] = [
    // 1: the tables with their filter columns and the indexes a page and each filter walk.
    |c| {
        format!(
            "CREATE TABLE {t} (
                {id} TEXT PRIMARY KEY NOT NULL,
                body TEXT NOT NULL,
                received_at TEXT NOT NULL,
                seq BIGINT GENERATED ALWAYS AS IDENTITY,
                rubric_id TEXT, rubric_version TEXT, subject TEXT, person TEXT
            );
            {indexes}",
            t = c.table(),
            id = c.id_field(),
            indexes = super::indexes(c)
        )
    },
];

fn text(e: postgres::Error) -> Error {
    match e.as_db_error() {
        Some(db) => format!("PostgreSQL: {}", db.message()),
        None => format!("PostgreSQL: {e}"),
    }
}

impl Postgres {
    /// Connects and brings the schema up to date (under the schema lock, so receivers started
    /// together migrate once).
    pub fn open(url: &str) -> Result<Postgres, Error> {
        let config: Config = url
            .parse()
            .map_err(|e| format!("not a PostgreSQL URL ({e})"))?;
        let mut client = config.connect(NoTls).map_err(text)?;
        migrate(&mut client).map_err(text)??;
        Ok(Postgres {
            config,
            writer: Mutex::new(Some(client)),
        })
    }

    pub fn ping(&self) -> Result<(), Error> {
        let mut client = self.config.connect(NoTls).map_err(text)?;
        client.simple_query("SELECT 1").map(|_| ()).map_err(text)
    }

    pub(super) fn import(&self, c: Collection, docs: Docs) -> Result<Vec<Insert>, Error> {
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        if writer.as_ref().is_none_or(Client::is_closed) {
            // The server restarted or dropped us: the next write must not fail for it too.
            *writer = Some(self.config.connect(NoTls).map_err(text)?);
        }
        let client = writer.as_mut().ok_or("no connection")?;
        let mut tx = client.transaction().map_err(text)?;
        tx.execute(WRITE_LOCK, &[&LOCK_APP, &c.table()])
            .map_err(text)?;
        let results = docs
            .map(|(doc, at)| insert_in(&mut tx, c, doc, at))
            .collect::<Result<_, _>>()
            .map_err(text)?;
        tx.commit().map_err(text)?;
        Ok(results)
    }

    /// Runs `read` in a read snapshot on a connection of its own.
    pub(super) fn in_snapshot(&self, read: ReadFn) -> Result<(), Error> {
        let mut client = self.config.connect(NoTls).map_err(text)?;
        let mut tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(text)?;
        read(&mut ReadTx(&mut tx))
    }
}

impl Drop for Postgres {
    /// The client blocks on its own runtime when it closes, which a thread that runs async
    /// tasks must not do (the receiver's state is dropped there): it closes on a thread of its
    /// own.
    fn drop(&mut self) {
        let writer = self.writer.get_mut().unwrap_or_else(|e| e.into_inner());
        if let Some(client) = writer.take() {
            let _ = std::thread::spawn(move || drop(client)).join();
        }
    }
}

/// A repeatable-read, read-only transaction: one snapshot for the whole page.
struct ReadTx<'a, 'b>(&'a mut Transaction<'b>);

fn bind(params: &[Param]) -> Vec<&(dyn ToSql + Sync)> {
    params
        .iter()
        .map(|p| match p {
            Param::Int(n) => n as &(dyn ToSql + Sync),
            Param::Text(t) => t as &(dyn ToSql + Sync),
        })
        .collect()
}

impl Snapshot for ReadTx<'_, '_> {
    fn seqs(&mut self, sql: &str, params: &[Param]) -> Result<Vec<i64>, Error> {
        let rows = self.0.query(sql, &bind(params)).map_err(text)?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn rows(&mut self, sql: &str, params: &[Param], row: RowFn) -> Result<(), Error> {
        // Rows are read off the socket as they come, not gathered first.
        let mut rows = self.0.query_raw(sql, bind(params)).map_err(text)?;
        while let Some(r) = rows.next().map_err(text)? {
            if !row(r.get(0), r.get(1), r.get(2)) {
                break;
            }
        }
        Ok(())
    }
}

/// Inserts `doc` unless its id is stored (the caller holds the collection's write lock).
fn insert_in(
    tx: &mut Transaction,
    c: Collection,
    doc: &Doc,
    received_at: &str,
) -> Result<Insert, postgres::Error> {
    let (table, key) = (c.table(), c.id_field());
    let existing = tx
        .query_opt(
            &format!("SELECT body, received_at FROM {table} WHERE {key} = $1"),
            &[&doc.id],
        )?
        .map(|r| (r.get(0), r.get(1)));
    let result = judge(existing, doc, received_at);
    if let Insert::Created { .. } = result {
        tx.execute(
            &format!(
                "INSERT INTO {table}
                 ({key}, body, received_at, rubric_id, rubric_version, subject, person)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)"
            ),
            &[
                &doc.id,
                &doc.body,
                &received_at,
                &doc.rubric_id,
                &doc.rubric_version,
                &doc.subject,
                &doc.person,
            ],
        )?;
    }
    Ok(result)
}

/// Runs the migrations this database has not had yet, in one transaction under the schema
/// lock. The outer error is the database's, the inner one a database newer than this receiver.
fn migrate(client: &mut Client) -> Result<Result<(), Error>, postgres::Error> {
    let mut tx = client.transaction()?;
    tx.execute(SCHEMA_LOCK, &[&LOCK_APP])?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS rubric_receiver_schema (version INTEGER NOT NULL)",
    )?;
    let version: i32 = tx
        .query_opt("SELECT version FROM rubric_receiver_schema", &[])?
        .map_or(0, |r| r.get(0));
    let known = MIGRATIONS.len() as i32;
    if version > known {
        return Ok(Err(format!(
            "its schema is version {version}, newer than this receiver's ({known}); run a newer \
             receiver"
        )));
    }
    for step in MIGRATIONS.iter().skip(version as usize) {
        for c in [Collection::Submissions, Collection::QuizResults] {
            tx.batch_execute(&step(c))?;
        }
    }
    tx.batch_execute("DELETE FROM rubric_receiver_schema")?;
    tx.execute(
        "INSERT INTO rubric_receiver_schema (version) VALUES ($1)",
        &[&known.max(version)],
    )?;
    tx.commit()?;
    Ok(Ok(()))
}
