//! `regdesk submit` against a real intake server on loopback (SQLite and PostgreSQL), through a
//! fault-injecting proxy, with the sending CLI killed at random points: after every scenario
//! each queued package is on the server exactly once, with the SHA-256 the client recorded.

#[path = "../../../tests/support/fault_proxy.rs"]
mod fault_proxy;
#[path = "../../../tests/support/intake.rs"]
mod intake;
mod support;

use std::path::Path;
use std::process::{Output, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use fault_proxy::{Fault, FaultProxy};
use intake::{backends, TestServer};
use regdesk_intake::storage::Role;
use serde_json::Value;
use sqlx::{Connection, Row};
use support::*;

const CANDIDATES: usize = 4;

fn id_number(n: usize) -> String {
    // Female (even sequence digit), born 1985-01-01, Beijing Xicheng: a valid check digit.
    let body = format!("110105198501{:02}{:03}", n % 28 + 1, 2 * n + 2);
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .chars()
        .zip(weights)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

/// A data folder with CANDIDATES complete profiles (built once, copied per scenario).
fn template() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let scan = scan(dir.path());
        for n in 0..CANDIDATES {
            let id = id_number(n);
            let person = NURSE
                .replace("11010519491231002X", &id)
                .replace("王芳", &format!("王芳{}", ["一", "二", "三", "四"][n % 4]));
            let add = regdesk(
                dir.path(),
                &["candidate", "add", "--from", "-"],
                Some(&person),
            );
            assert_eq!(add.status.code(), Some(0), "{add:?}");
            for (slot, file) in [
                ("id-front", scan.clone()),
                ("diploma", scan.clone()),
                ("work-proof", scan.clone()),
                ("photo", fixture("portrait_white.png")),
            ] {
                let out = regdesk(
                    dir.path(),
                    &[
                        "candidate",
                        "attach",
                        "--id-number",
                        &id,
                        "--slot",
                        slot,
                        file.to_str().unwrap(),
                    ],
                    None,
                );
                assert_eq!(out.status.code(), Some(0), "{slot}: {out:?}");
            }
        }
        dir
    })
    .path()
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(template()).unwrap().flatten() {
        if f.file_type().unwrap().is_file() {
            std::fs::copy(f.path(), dir.path().join(f.file_name())).unwrap();
        }
    }
    dir
}

fn submit(dir: &Path, endpoint: &str, token: &str, args: &[&str]) -> Output {
    let mut all = vec!["submit"];
    all.extend_from_slice(args);
    all.extend(["--endpoint", endpoint, "--json"]);
    regdesk_with(
        dir,
        &[
            ("REGDESK_INTAKE_TOKEN", token),
            ("REGDESK_SUBMIT_BACKOFF_MS", "20"),
            ("REGDESK_SUBMIT_ATTEMPTS", "8"),
        ],
        &all,
        None,
    )
}

/// The client's outbox: (ID number, state, submission id, package SHA-256), read with SQL.
fn outbox(dir: &Path) -> Vec<(String, String, Option<String>, String)> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut c = sqlx::SqliteConnection::connect(&format!(
            "sqlite://{}",
            dir.join("regdesk.db").display()
        ))
        .await
        .unwrap();
        sqlx::query(
            "SELECT c.id_number, o.state, o.submission_id, o.package_sha256 FROM outbox o
             JOIN candidates c ON c.id = o.candidate_id ORDER BY o.id",
        )
        .fetch_all(&mut c)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect()
    })
}

/// The invariant of every scenario: each queued package exactly once on the server, and every
/// one the client believes accepted there with the same SHA-256.
fn exactly_once(dir: &Path, server: &TestServer, expected: usize) {
    let rows = server.rows();
    let mut ids: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(
        ids.len(),
        rows.len(),
        "{}: a candidate stored twice: {rows:?}",
        server.kind
    );
    assert_eq!(rows.len(), expected, "{}: rows {rows:?}", server.kind);
    for r in &rows {
        assert_eq!(r.1, r.2, "stored bytes match their stored hash");
    }
    let local = outbox(dir);
    assert_eq!(
        local.len(),
        expected,
        "one outbox entry per candidate: {local:?}"
    );
    for (id, state, _, sha) in &local {
        let on_server = rows.iter().find(|r| &r.0 == id);
        if state == "accepted" {
            let on_server = on_server.unwrap_or_else(|| panic!("{id} accepted but not stored"));
            assert_eq!(&on_server.1, sha, "{id}: the bytes the client sent");
        }
        if let Some(r) = on_server {
            assert_eq!(&r.1, sha, "{id}: stored package is the queued one");
        }
    }
}

#[test]
fn submits_every_ready_candidate_once_and_pulls_review_outcomes() {
    for kind in backends() {
        let server = TestServer::start(kind);
        let token = server.token("渝中培训中心", Role::Submitter);
        let reviewer = server.token("考试中心", Role::Reviewer);
        let dir = workspace();
        let out = submit(dir.path(), &server.url, &token, &["--all-ready"]);
        assert_eq!(out.status.code(), Some(0), "{kind}: {out:?}");
        let report = json(&out);
        assert_eq!(report["accepted"], CANDIDATES as u64, "{report}");
        exactly_once(dir.path(), &server, CANDIDATES);

        // Again: nothing new is sent; asking for one candidate reports its first submission.
        let again = submit(dir.path(), &server.url, &token, &["--all-ready"]);
        assert_eq!(again.status.code(), Some(0), "{again:?}");
        assert!(json(&again)["items"].as_array().unwrap().is_empty());
        let first = id_number(0);
        let one = submit(dir.path(), &server.url, &token, &["--id-number", &first]);
        assert_eq!(one.status.code(), Some(0), "{one:?}");
        assert_eq!(json(&one)["items"][0]["state"], "accepted");
        exactly_once(dir.path(), &server, CANDIDATES);

        // A reviewer passes the first and fails the second; status pulls both back.
        let local = outbox(dir.path());
        let sub = |n: usize| {
            local
                .iter()
                .find(|e| e.0 == id_number(n))
                .unwrap()
                .2
                .clone()
                .unwrap()
        };
        decide(
            &server,
            &reviewer,
            &sub(0),
            serde_json::json!({"status": "passed", "decidedAt": "2026-11-30"}),
        );
        decide(
            &server,
            &reviewer,
            &sub(1),
            serde_json::json!({"status": "failed", "reasons": ["photo.background_not_white"], "note": "背景偏灰"}),
        );
        decide(
            &server,
            &reviewer,
            &sub(2),
            serde_json::json!({"status": "in_review"}),
        );
        let status = regdesk_with(
            dir.path(),
            &[("REGDESK_INTAKE_TOKEN", &token)],
            &["submit", "status", "--endpoint", &server.url, "--json"],
            None,
        );
        assert_eq!(status.status.code(), Some(0), "{status:?}");
        let lines = json(&status);
        let line = |n: usize| {
            lines
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["idNumber"] == id_number(n).as_str())
                .cloned()
                .unwrap()
        };
        assert_eq!(lines.as_array().unwrap().len(), CANDIDATES);
        assert_eq!(line(0)["status"], "passed");
        assert_eq!(line(0)["validUntil"], "2027-11-30");
        assert_eq!(line(1)["status"], "failed");
        assert_eq!(line(1)["issues"][0]["code"], "photo.background_not_white");
        assert_eq!(line(2)["status"], "in_review");
        assert_eq!(line(3)["status"], "received");
        for key in ["idNumber", "submissionId", "status", "issues"] {
            assert!(!line(3)[key].is_null(), "{key}");
        }
        // Outcomes went through the state machine, audited.
        let show = |n: usize| {
            json(&regdesk(
                dir.path(),
                &["candidate", "show", "--id-number", &id_number(n), "--json"],
                None,
            ))
        };
        let passed = show(0);
        assert_eq!(
            passed["process"]["lastReview"]["decision"], "passed",
            "{passed}"
        );
        assert_eq!(passed["process"]["lastReview"]["validUntil"], "2027-11-30");
        let failed = show(1);
        assert_eq!(failed["process"]["lastReview"]["decision"], "failed");
        assert_eq!(
            failed["process"]["lastReview"]["reasons"][0],
            "photo.background_not_white"
        );
        assert!(show(2)["process"]["lastReview"].is_null());
        // Pulling again changes nothing.
        let twice = regdesk_with(
            dir.path(),
            &[("REGDESK_INTAKE_TOKEN", &token)],
            &["submit", "status", "--endpoint", &server.url, "--json"],
            None,
        );
        assert_eq!(json(&twice), lines);
    }
}

fn decide(server: &TestServer, token: &str, id: &str, body: Value) {
    let agent: ureq::Agent = ureq::Agent::config_builder().proxy(None).build().into();
    agent
        .post(&format!("{}/v1/submissions/{id}/decision", server.url))
        .header("Authorization", &format!("Bearer {token}"))
        .send_json(body)
        .unwrap();
}

#[test]
fn dropped_reset_delayed_and_refused_connections_never_lose_or_duplicate() {
    for kind in backends() {
        let server = TestServer::start(kind);
        let token = server.token("centre", Role::Submitter);
        let proxy = FaultProxy::start(server.addr);
        proxy.script(&[
            Fault::DropAfterRequest,
            Fault::ResetMidBody,
            Fault::Unavailable,
            Fault::TooMany(1),
            Fault::Delay(300),
            Fault::DropAfterRequest,
            Fault::ResetMidBody,
        ]);
        let dir = workspace();
        let out = submit(dir.path(), &proxy.url, &token, &["--all-ready"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        exactly_once(dir.path(), &server, CANDIDATES);
        assert!(outbox(dir.path()).iter().all(|e| e.1 == "accepted"));
        let seen = proxy.requests.load(std::sync::atomic::Ordering::SeqCst);
        // Seven faults over four packages: at least four retries (ureq may reuse a connection).
        assert!(
            seen >= CANDIDATES + 4,
            "{kind}: the faults were met ({seen} requests)"
        );
    }
}

#[test]
fn an_unreachable_server_keeps_entries_queued_until_resume() {
    for kind in backends() {
        let server = TestServer::start(kind);
        let token = server.token("centre", Role::Submitter);
        let proxy = FaultProxy::start(server.addr);
        proxy.set_default(Fault::Unavailable);
        let dir = workspace();
        let first = id_number(0);
        let out = regdesk_with(
            dir.path(),
            &[
                ("REGDESK_INTAKE_TOKEN", &token),
                ("REGDESK_SUBMIT_BACKOFF_MS", "10"),
                ("REGDESK_SUBMIT_ATTEMPTS", "3"),
            ],
            &[
                "submit",
                "--id-number",
                &first,
                "--endpoint",
                &proxy.url,
                "--json",
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(3), "{out:?}");
        let report = json(&out);
        assert_eq!(report["queued"], 1);
        assert_eq!(report["items"][0]["state"], "queued");
        assert!(report["items"][0]["error"]["messageZh"]
            .as_str()
            .unwrap()
            .contains("已排队，网络恢复后自动发送"));
        assert_eq!(server.count(), 0);
        // Nothing listening at all: the same.
        let dead = regdesk_with(
            dir.path(),
            &[
                ("REGDESK_INTAKE_TOKEN", &token),
                ("REGDESK_SUBMIT_BACKOFF_MS", "10"),
                ("REGDESK_SUBMIT_ATTEMPTS", "2"),
            ],
            &[
                "submit",
                "--resume",
                "--endpoint",
                "http://127.0.0.1:9",
                "--json",
            ],
            None,
        );
        assert_eq!(dead.status.code(), Some(3), "{dead:?}");
        proxy.set_default(Fault::Pass);
        let resumed = submit(dir.path(), &proxy.url, &token, &["--resume"]);
        assert_eq!(resumed.status.code(), Some(0), "{resumed:?}");
        assert_eq!(json(&resumed)["accepted"], 1);
        exactly_once(dir.path(), &server, 1);
    }
}

/// A small deterministic generator: the seed is printed, so a failing run can be replayed.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

#[test]
fn killing_the_sending_cli_at_random_points_then_resuming_sends_each_once() {
    let seed = std::env::var("REGDESK_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("kill test seed {seed} (REGDESK_KILL_SEED to replay)");
    let mut rng = Lcg(seed);
    for kind in backends() {
        let server = TestServer::start(kind);
        let token = server.token("centre", Role::Submitter);
        let proxy = FaultProxy::start(server.addr);
        // Slow answers widen the window between "the server stored it" and "the client knows".
        proxy.set_default(Fault::Delay(120));
        let dir = workspace();
        for round in 0..6 {
            let args: &[&str] = if round == 0 {
                &["--all-ready"]
            } else {
                &["--resume"]
            };
            let mut child = support::command()
                .arg("--data-dir")
                .arg(dir.path())
                .arg("submit")
                .args(args)
                .args(["--endpoint", &proxy.url, "--json"])
                .env("REGDESK_INTAKE_TOKEN", &token)
                .env("REGDESK_SUBMIT_BACKOFF_MS", "20")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(20 + rng.next(600)));
            let _ = child.kill(); // SIGKILL
            let _ = child.wait();
        }
        proxy.set_default(Fault::Pass);
        let last = submit(dir.path(), &proxy.url, &token, &["--resume"]);
        assert_eq!(last.status.code(), Some(0), "{kind}: {last:?}");
        // Whatever the kills interrupted (even queueing), a final --all-ready completes it once.
        let rest = submit(dir.path(), &proxy.url, &token, &["--all-ready"]);
        assert_eq!(rest.status.code(), Some(0), "{kind}: {rest:?}");
        exactly_once(dir.path(), &server, CANDIDATES);
    }
}

#[test]
fn refusals_come_back_with_the_servers_reason_and_bad_tokens_keep_entries_queued() {
    let kind = "sqlite";
    let server = TestServer::start(kind);
    let token = server.token("centre", Role::Submitter);
    let dir = workspace();
    let first = id_number(0);
    // A wrong token: refused with the server's reason, entry kept for a retry.
    let wrong = submit(
        dir.path(),
        &server.url,
        "rdk_not_a_token",
        &["--id-number", &first],
    );
    assert_eq!(wrong.status.code(), Some(1), "{wrong:?}");
    let report = json(&wrong);
    assert_eq!(report["items"][0]["state"], "queued");
    assert_eq!(report["items"][0]["error"]["code"], "intake.unauthorized");
    assert!(report["items"][0]["error"]["messageZh"]
        .as_str()
        .unwrap()
        .contains("令牌"));
    // The queued package damaged on disk: the server refuses it, nothing stored.
    tamper_queued(dir.path());
    let refused = submit(dir.path(), &server.url, &token, &["--resume"]);
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    let report = json(&refused);
    assert_eq!(report["items"][0]["state"], "refused");
    assert_eq!(
        report["items"][0]["error"]["code"],
        "intake.invalid_package"
    );
    assert_eq!(server.count(), 0);
    // Plain HTTP to another machine is refused before anything is sent.
    let clear = submit(dir.path(), "http://192.0.2.1:8750", &token, &["--resume"]);
    assert_eq!(clear.status.code(), Some(2), "{clear:?}");
    // A profile that is not complete is not ready (exit 1), and nothing is queued for it.
    let lone = tempfile::tempdir().unwrap();
    let add = regdesk(
        lone.path(),
        &["candidate", "add", "--from", "-"],
        Some(NURSE),
    );
    assert_eq!(add.status.code(), Some(0), "{add:?}");
    let early = submit(lone.path(), &server.url, &token, &["--id-number", ID]);
    assert_eq!(early.status.code(), Some(1), "{early:?}");
    assert_eq!(json(&early)["notReady"][0]["idNumber"], ID);
    assert!(outbox(lone.path()).is_empty());
}

fn tamper_queued(dir: &Path) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut c = sqlx::SqliteConnection::connect(&format!(
            "sqlite://{}",
            dir.join("regdesk.db").display()
        ))
        .await
        .unwrap();
        let (id, mut package): (i64, Vec<u8>) =
            sqlx::query_as("SELECT id, package FROM outbox LIMIT 1")
                .fetch_one(&mut c)
                .await
                .unwrap();
        let n = package.len();
        package[n / 2] ^= 0xff;
        sqlx::query("UPDATE outbox SET package = ? WHERE id = ?")
            .bind(package)
            .bind(id)
            .execute(&mut c)
            .await
            .unwrap();
    });
}
