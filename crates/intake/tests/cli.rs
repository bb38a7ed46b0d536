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
