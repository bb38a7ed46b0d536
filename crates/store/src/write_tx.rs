//! The one way to write: an IMMEDIATE transaction (SQLite's write lock taken at BEGIN, so the
//! check a write depends on — a lock, a duplicate — and the write see the same data), committed
//! explicitly. Dropped without `commit` (an error, a refusal, a panic), it rolls back: the
//! connection is taken out of the pool and closed, which discards the transaction.

use sqlx::pool::PoolConnection;
use sqlx::{Sqlite, SqliteConnection};

use crate::{Store, StoreError};

pub struct WriteTx {
    conn: Option<PoolConnection<Sqlite>>,
}

impl Store {
    /// Starts a write transaction.
    pub async fn begin_write(&self) -> Result<WriteTx, StoreError> {
        let mut conn = self.pool().acquire().await?;
        sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
        Ok(WriteTx { conn: Some(conn) })
    }
}

impl WriteTx {
    pub fn conn(&mut self) -> &mut SqliteConnection {
        self.conn.as_mut().expect("live until commit or drop")
    }

    pub async fn commit(mut self) -> Result<(), StoreError> {
        let mut conn = self.conn.take().expect("live until commit or drop");
        match sqlx::query("COMMIT").execute(&mut *conn).await {
            Ok(_) => Ok(()),
            Err(e) => {
                // The connection may still be mid-transaction: never give it back to the pool.
                drop(conn.detach());
                Err(e.into())
            }
        }
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            // Closing the connection rolls the open transaction back.
            drop(conn.detach());
        }
    }
}
