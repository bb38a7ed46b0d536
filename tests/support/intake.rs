//! An intake server for tests: the real router on a loopback port, over SQLite in a temp
//! folder or a fresh PostgreSQL database (from `REGDESK_TEST_DATABASE_URL`, which the test
//! script starts; under CI its absence is a failure, not a skip). Rows are counted and hashed
//! with SQL of our own, not through the server's code.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;

use regdesk_intake::storage::{self, Role, Storage};
use regdesk_intake::{router, token, AppState};
use sha2::{Digest, Sha256};
use sqlx::Row;

pub const PG_ENV: &str = "REGDESK_TEST_DATABASE_URL";

/// The backends this run can test: SQLite always, PostgreSQL when the script started one.
pub fn backends() -> Vec<&'static str> {
    match std::env::var(PG_ENV) {
        Ok(u) if !u.trim().is_empty() => vec!["sqlite", "postgres"],
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{PG_ENV} is not set under CI: scripts/test.sh starts PostgreSQL"
            );
            eprintln!("{PG_ENV} not set: PostgreSQL backend not tested in this run");
            vec!["sqlite"]
        }
    }
}

pub struct TestServer {
    pub url: String,
    pub addr: SocketAddr,
    pub kind: &'static str,
    pub storage: Arc<dyn Storage>,
    database_url: Option<String>,
    data_dir: tempfile::TempDir,
    rt: tokio::runtime::Runtime,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl TestServer {
    pub fn start(kind: &'static str) -> Self {
        Self::start_with(kind, regdesk_intake::DEFAULT_MAX_BODY)
    }

    pub fn start_with(kind: &'static str, max_body: usize) -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let data_dir = tempfile::tempdir().unwrap();
        let database_url = (kind == "postgres").then(|| rt.block_on(fresh_postgres()));
        let storage = rt
            .block_on(storage::open(data_dir.path(), database_url.as_deref()))
            .unwrap();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = router(AppState {
            storage: storage.clone(),
            max_body,
        });
        rt.spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
        Self {
            url: format!("http://{addr}"),
            addr,
            kind,
            storage,
            database_url,
            data_dir,
            rt,
            stop: Some(stop),
        }
    }

    pub fn token(&self, org: &str, role: Role) -> String {
        self.rt
            .block_on(token::create(self.storage.as_ref(), org, role))
            .unwrap()
            .secret
    }

    pub fn revoke(&self, secret: &str) {
        assert!(self
            .rt
            .block_on(token::revoke(self.storage.as_ref(), secret))
            .unwrap());
    }

    /// Every stored submission as (ID number, SHA-256 of the stored bytes, the stored hash,
    /// idempotency key), read with our own SQL.
    pub fn rows(&self) -> Vec<(String, String, String, String)> {
        let sql =
            "SELECT id_number, package, package_sha256, idem_key FROM submissions ORDER BY seq";
        let hash = |b: Vec<u8>| -> String {
            Sha256::digest(&b)
                .iter()
                .map(|x| format!("{x:02x}"))
                .collect()
        };
        self.rt.block_on(async {
            match &self.database_url {
                Some(url) => {
                    let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(url)
                        .await
                        .unwrap();
                    sqlx::query(sql)
                        .fetch_all(&mut c)
                        .await
                        .unwrap()
                        .into_iter()
                        .map(|r| (r.get(0), hash(r.get(1)), r.get(2), r.get(3)))
                        .collect()
                }
                None => {
                    let path = self.data_dir.path().join("intake.db");
                    let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&format!(
                        "sqlite://{}",
                        path.display()
                    ))
                    .await
                    .unwrap();
                    sqlx::query(sql)
                        .fetch_all(&mut c)
                        .await
                        .unwrap()
                        .into_iter()
                        .map(|r| (r.get(0), hash(r.get(1)), r.get(2), r.get(3)))
                        .collect()
                }
            }
        })
    }

    pub fn count(&self) -> usize {
        self.rows().len()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

/// A new, empty database on the test cluster.
async fn fresh_postgres() -> String {
    let base = std::env::var(PG_ENV).unwrap();
    let name = format!("rdk_{}", uuid::Uuid::new_v4().simple());
    let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&base)
        .await
        .unwrap_or_else(|e| panic!("cannot reach {PG_ENV}: {e}"));
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let (prefix, _) = base.rsplit_once('/').unwrap();
    format!("{prefix}/{name}")
}
