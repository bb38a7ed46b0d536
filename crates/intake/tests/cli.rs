//! The `regdesk-intake` binary: token management as a contract (`token create --json` prints
//! exactly `{"token", "org", "role"}`), plain HTTP refused off loopback, TLS with a certificate
//! (checked with curl), and a graceful stop on SIGTERM.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_regdesk-intake");

fn intake(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .unwrap()
}

#[test]
fn tokens_are_created_listed_and_revoked_and_never_stored_in_clear() {
    let dir = tempfile::tempdir().unwrap();
    let out = intake(
        dir.path(),
        &[
            "token",
            "create",
            "--org",
            "渝中培训中心",
            "--role",
            "submitter",
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let created: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&str> = created
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["org", "role", "token"]);
    assert_eq!(created["org"], "渝中培训中心");
    assert_eq!(created["role"], "submitter");
    let secret = created["token"].as_str().unwrap().to_owned();
    assert!(secret.len() >= 40);

    let bad = intake(
        dir.path(),
        &["token", "create", "--org", "x", "--role", "king"],
    );
    assert_eq!(bad.status.code(), Some(2));

    let list = intake(dir.path(), &["token", "list", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert!(rows[0]["revokedAt"].is_null());
    assert!(!String::from_utf8_lossy(&list.stdout).contains(&secret));
    let db = std::fs::read(dir.path().join("intake.db")).unwrap();
    assert!(
        !db.windows(secret.len()).any(|w| w == secret.as_bytes()),
        "only the hash is stored"
    );

    assert_eq!(
        intake(dir.path(), &["token", "revoke", &secret])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        intake(dir.path(), &["token", "revoke", &secret])
            .status
            .code(),
        Some(1),
        "already revoked"
    );
    let list = intake(dir.path(), &["token", "list", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    assert!(rows[0]["revokedAt"].is_string());
}

#[test]
fn plain_http_off_loopback_is_refused_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let out = intake(dir.path(), &["serve", "--listen", "0.0.0.0:0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--tls-cert"));
    let bad_url = Command::new(BIN)
        .args(["--database-url", "mysql://x", "token", "list"])
        .output()
        .unwrap();
    assert_eq!(bad_url.status.code(), Some(2));
}

/// Starts `serve`, returns the child and the URL it printed.
fn serve(dir: &Path, extra: &[&str]) -> (std::process::Child, String) {
    let mut child = Command::new(BIN)
        .arg("--data-dir")
        .arg(dir)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(extra)
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .to_owned();
    (child, url)
}

#[test]
fn serves_https_with_a_certificate_and_stops_gracefully_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl");
    assert!(made.status.success(), "{made:?}");
    let (mut child, url) = serve(
        dir.path(),
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    assert!(url.starts_with("https://"), "{url}");
    let health = Command::new("curl")
        .args(["-sk", "--noproxy", "*", &format!("{url}/v1/health")])
        .output()
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&health.stdout).unwrap();
    assert_eq!(body["database"], "reachable");
    // Plain HTTP to the TLS port gets no answer.
    let plain = Command::new("curl")
        .args([
            "-s",
            "--noproxy",
            "*",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
        ])
        .arg(url.replace("https://", "http://") + "/v1/health")
        .output()
        .unwrap();
    assert_ne!(String::from_utf8_lossy(&plain.stdout), "200");
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert_eq!(
        child.wait().unwrap().code(),
        Some(0),
        "graceful stop exits 0"
    );
}

fn hex(b: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(b)
        .iter()
        .map(|x| format!("{x:02x}"))
        .collect()
}

fn sql(dir: &Path, statement: &str, bytes: Option<&[u8]>) {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        use sqlx::Connection;
        let url = format!("sqlite://{}", dir.join("intake.db").display());
        let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
        let mut q = sqlx::query(statement);
        if let Some(b) = bytes {
            q = q.bind(b.to_vec());
        }
        q.execute(&mut c).await.unwrap();
    })
}

fn inline_bytes(dir: &Path) -> i64 {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        use sqlx::Connection;
        let url = format!("sqlite://{}", dir.join("intake.db").display());
        let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::query_scalar("SELECT COUNT(*) FROM submissions WHERE package IS NOT NULL")
            .fetch_one(&mut c)
            .await
            .unwrap()
    })
}

/// Rows written by a version that kept bytes in the database move to the package folder, a few
/// per run (resumable); then `gc` removes an old object no row names and keeps a recent one.
#[test]
fn migrate_blobs_moves_old_rows_in_rounds_and_gc_removes_only_old_orphans() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        intake(dir.path(), &["token", "list"]).status.code(),
        Some(0)
    );
    let mut shas = Vec::new();
    for n in 0..5 {
        let bytes = format!("old package {n}").into_bytes();
        let sha = hex(&bytes);
        sql(
            dir.path(),
            &format!(
                "INSERT INTO submissions (id, org, idem_key, id_number, package_sha256, package, package_bytes, status, received_at, seq) \
                 VALUES ('sub_{n}', 'c', 'k{n}', '11010519491231002X', '{sha}', ?, {}, 'received', '2026-01-01T00:00:00Z', {})",
                bytes.len(),
                n + 1
            ),
            Some(&bytes),
        );
        shas.push((sha, bytes));
    }
    let first = intake(
        dir.path(),
        &["--json", "migrate-blobs", "--batch", "2", "--limit", "3"],
    );
    assert_eq!(first.status.code(), Some(0), "{first:?}");
    let report: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert_eq!(report["moved"], 3);
    assert_eq!(report["done"], false);
    assert_eq!(inline_bytes(dir.path()), 2);
    let second = intake(dir.path(), &["--json", "migrate-blobs"]);
    let report: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(
        (report["moved"].clone(), report["done"].clone()),
        (2.into(), true.into())
    );
    assert_eq!(inline_bytes(dir.path()), 0);
    for (sha, bytes) in &shas {
        let file = dir
            .path()
            .join("packages/sha256")
            .join(&sha[..2])
            .join(format!("{sha}.zip"));
        assert_eq!(&std::fs::read(&file).unwrap(), bytes, "{}", file.display());
        // As if migrated two days ago: old enough for gc, but named by a row.
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(48 * 3600))
            .unwrap();
    }

    // Two orphans (no row): one written two days ago, one just now.
    let orphan = |text: &str, age: std::time::Duration| {
        let sha = hex(text.as_bytes());
        let folder = dir.path().join("packages/sha256").join(&sha[..2]);
        std::fs::create_dir_all(&folder).unwrap();
        let file = folder.join(format!("{sha}.zip"));
        std::fs::write(&file, text).unwrap();
        std::fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(std::time::SystemTime::now() - age)
            .unwrap();
        file
    };
    let old = orphan("orphan, old", std::time::Duration::from_secs(48 * 3600));
    let young = orphan("orphan, young", std::time::Duration::ZERO);
    let gc = intake(dir.path(), &["--json", "gc", "--older-than-hours", "24"]);
    assert_eq!(gc.status.code(), Some(0), "{gc:?}");
    let report: serde_json::Value = serde_json::from_slice(&gc.stdout).unwrap();
    assert_eq!(report["scanned"], 7, "{report}");
    assert_eq!(report["deleted"], 1, "{report}");
    assert_eq!(report["young"], 1, "{report}");
    assert!(!old.exists() && young.exists());
    // The migrated packages are named by rows: all kept, even the old ones.
    assert_eq!(report["kept"], 5, "{report}");
}
