//! An intake server for tests: the real router on a loopback port, over SQLite in a temp
//! folder or a fresh PostgreSQL database (from `REGDESK_TEST_DATABASE_URL`, which the test
//! script starts; under CI its absence is a failure, not a skip), with packages in a folder or
//! (kind "s3") in a fresh bucket of the run's SeaweedFS. Rows are counted and hashed with SQL
//! of our own and package bytes read from the folder or the S3 gateway directly, not through
//! the server's code.
#![allow(dead_code)]

#[path = "seaweed.rs"]
pub mod seaweed;

use std::net::SocketAddr;
use std::sync::Arc;

use regdesk_intake::storage::{self, Role, Storage};
use regdesk_intake::{router, token, AppState};
use sha2::{Digest, Sha256};
use sqlx::Row;

pub const PG_ENV: &str = "REGDESK_TEST_DATABASE_URL";

/// The backends this run can test: SQLite always, PostgreSQL when the script started one, and
/// PostgreSQL with packages in S3 when it started SeaweedFS too.
pub fn backends() -> Vec<&'static str> {
    match std::env::var(PG_ENV) {
        Ok(u) if !u.trim().is_empty() => match seaweed::shared_endpoint() {
            Some(_) => vec!["sqlite", "postgres", "s3"],
            None => vec!["sqlite", "postgres"],
        },
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
    /// (endpoint, bucket, prefix) when packages go to S3.
    pub s3: Option<(String, String, String)>,
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
        let database_url = (kind != "sqlite").then(|| rt.block_on(fresh_postgres()));
        let storage = rt
            .block_on(storage::open(data_dir.path(), database_url.as_deref()))
            .unwrap();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let s3 = (kind == "s3").then(|| {
            let endpoint = seaweed::shared_endpoint().expect("no S3 gateway in this run");
            let prefix = seaweed::fresh_prefix(&endpoint);
            (endpoint, seaweed::BUCKET.to_owned(), prefix)
        });
        let blobs = match &s3 {
            Some((endpoint, bucket, prefix)) => regdesk_intake::blobs::PackageStore::open(
                &format!("s3://{bucket}/{prefix}"),
                &s3_settings(endpoint),
                false,
            )
            .unwrap(),
            None => regdesk_intake::blobs::PackageStore::folder(&data_dir.path().join("packages"))
                .unwrap(),
        };
        let app = router(AppState::new(storage.clone(), blobs, max_body));
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
            s3,
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
        // Bytes in the row (older rows), else the stored object, found by its hash.
        let hash = |b: Option<Vec<u8>>, sha: &str| -> String {
            let b = b.unwrap_or_else(|| self.object(sha).expect("a row names a missing package"));
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
                        .map(|r| {
                            let sha: String = r.get(2);
                            (r.get(0), hash(r.get(1), &sha), sha, r.get(3))
                        })
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
                        .map(|r| {
                            let sha: String = r.get(2);
                            (r.get(0), hash(r.get(1), &sha), sha, r.get(3))
                        })
                        .collect()
                }
            }
        })
    }

    /// A stored package read without the server's code: the file in the data folder's
    /// `packages/sha256/ab/<sha>.zip`, or the object of that name under the bucket's prefix.
    pub fn object(&self, sha256: &str) -> Option<Vec<u8>> {
        let key = format!("sha256/{}/{sha256}.zip", &sha256[..2]);
        match &self.s3 {
            Some((endpoint, bucket, prefix)) => {
                seaweed::object(endpoint, bucket, &format!("{prefix}/{key}"))
            }
            None => std::fs::read(self.data_dir.path().join("packages").join(key)).ok(),
        }
    }

    /// Bytes kept in database rows (none since the package store).
    pub fn bytes_in_database(&self) -> i64 {
        let sql = "SELECT COALESCE(SUM(LENGTH(package)), 0) FROM submissions";
        self.rt.block_on(async {
            match &self.database_url {
                Some(url) => {
                    let mut c = <sqlx::PgConnection as sqlx::Connection>::connect(url)
                        .await
                        .unwrap();
                    sqlx::query_scalar::<_, i64>(sql)
                        .fetch_one(&mut c)
                        .await
                        .unwrap()
                }
                None => {
                    let path = self.data_dir.path().join("intake.db");
                    let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&format!(
                        "sqlite://{}",
                        path.display()
                    ))
                    .await
                    .unwrap();
                    sqlx::query_scalar::<_, i64>(sql)
                        .fetch_one(&mut c)
                        .await
                        .unwrap()
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

/// A valid package of one photo for a candidate (what `regdesk package export` would send).
pub fn test_package(id_number: &str, photo: &[u8]) -> Vec<u8> {
    let name = format!("{id_number}_photo.jpg");
    let manifest = regdesk_package::Manifest {
        format_version: regdesk_package::FORMAT_VERSION,
        spec_id: "cq-health-manager-2026".into(),
        produced_by: "test".into(),
        produced_by_actor: "cli:test".into(),
        produced_at: "2026-11-30T10:00:00+08:00".into(),
        candidate: serde_json::json!({ "identity": { "idNumber": id_number } }),
        files: vec![regdesk_package::FileEntry {
            name: name.clone(),
            slot: "photo".into(),
            sha256: regdesk_package::sha256_hex(photo),
            bytes: photo.len() as u64,
        }],
        checks: serde_json::json!({}),
    };
    regdesk_package::build_zip(
        &manifest,
        &[regdesk_package::PackageFile {
            name: &name,
            bytes: photo,
        }],
    )
    .unwrap()
}

/// The `AWS_*` settings for the test gateway (it checks no signature; loopback plain HTTP).
pub fn s3_settings(endpoint: &str) -> Vec<(String, String)> {
    [
        ("AWS_ENDPOINT_URL", endpoint),
        ("AWS_ACCESS_KEY_ID", "regdesk-test"),
        ("AWS_SECRET_ACCESS_KEY", "regdesk-test-secret"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ALLOW_HTTP", "true"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// A new, empty database on the test cluster.
pub async fn fresh_postgres() -> String {
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
