//! Crash consistency: `regdesk` killed with SIGKILL at random moments of a roster commit, a
//! package export, a photo batch, an attach and a profile submit. After every kill the
//! workspace opens, `PRAGMA integrity_check` says ok, no half-written file sits under a final
//! name, and the operation happened entirely or not at all. The seed is printed so a failure
//! can be replayed (`CRASH_SEED=…`).

mod support;

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use support::*;

/// xorshift64*: enough to spread the kill moments; no dependency for it.
struct Rng(u64);

impl Rng {
    fn new() -> Self {
        let seed = std::env::var("CRASH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("CRASH_SEED={seed}");
        Self(seed)
    }

    /// A delay in [0, max).
    fn delay(&mut self, max: Duration) -> Duration {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        max.mul_f64((x >> 11) as f64 / (1u64 << 53) as f64)
    }
}

fn spawn(dir: &Path, args: &[&str]) -> Child {
    support::command()
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// How long the command takes when left alone.
fn timed(dir: &Path, args: &[&str]) -> Duration {
    let started = Instant::now();
    let status = spawn(dir, args).wait().unwrap();
    assert!(status.success(), "{args:?}: {status}");
    started.elapsed()
}

/// SIGKILL after `delay` (`Child::kill` is SIGKILL on Unix); true when it finished first.
fn kill_after(mut child: Child, delay: Duration) -> bool {
    let until = Instant::now() + delay;
    while Instant::now() < until {
        if child.try_wait().unwrap().is_some() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = child.kill();
    child.wait().unwrap();
    false
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Opens the workspace as the next run would; integrity must be "ok". Returns `sql`'s count.
fn reopen_and_count(dir: &Path, sql: &str) -> i64 {
    let rt = rt();
    let store = rt.block_on(regdesk_store::Store::open(dir)).unwrap();
    let (check,): (String,) = rt
        .block_on(sqlx::query_as("PRAGMA integrity_check").fetch_one(store.pool()))
        .unwrap();
    assert_eq!(check, "ok");
    let (n,): (i64,) = rt
        .block_on(sqlx::query_as(sql).fetch_one(store.pool()))
        .unwrap();
    rt.block_on(store.close());
    n
}

const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

fn id_number(i: usize) -> String {
    let body = format!(
        "500103198{}{:02}{:02}{:03}",
        i / 12_000 % 10,
        1 + i / 300 % 12,
        1 + i / 12 % 25,
        i % 999 + 1
    );
    let sum: u32 = body
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    let check = "10X98765432".as_bytes()[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

#[test]
fn a_killed_roster_commit_is_all_or_nothing() {
    const ROWS: usize = 1500;
    let files = tempfile::tempdir().unwrap();
    let csv = files.path().join("roster.csv");
    let mut text =
        "姓名,性别,身份证号,手机号,最高学历,所学专业,工作单位,开票类型,报考项目,意向考试区域,证书领取方式\n"
            .to_owned();
    for i in 0..ROWS {
        let id = id_number(i);
        let gender = if id.as_bytes()[16] % 2 == 1 {
            "男"
        } else {
            "女"
        };
        // Names are letters only: the row number in Chinese numerals.
        let name: String = i
            .to_string()
            .chars()
            .map(|c| {
                "零一二三四五六七八九"
                    .chars()
                    .nth(c.to_digit(10).unwrap() as usize)
                    .unwrap()
            })
            .collect();
        text.push_str(&format!(
            "考生{name},{gender},{id},139{i:08},大学本科,护理,重庆市人民医院,个人,健康管理师（三级）,渝中区,自取\n"
        ));
    }
    std::fs::write(&csv, text).unwrap();
    let args = ["roster", "import", csv.to_str().unwrap(), "--json"];
    let full = {
        let d = tempfile::tempdir().unwrap();
        let t = timed(d.path(), &args);
        assert_eq!(
            reopen_and_count(d.path(), "SELECT COUNT(*) FROM candidates"),
            ROWS as i64
        );
        t
    };
    let mut rng = Rng::new();
    let mut killed = 0;
    for round in 0..6 {
        let d = tempfile::tempdir().unwrap();
        let finished = kill_after(spawn(d.path(), &args), rng.delay(full.mul_f64(1.1)));
        killed += usize::from(!finished);
        let n = reopen_and_count(d.path(), "SELECT COUNT(*) FROM candidates");
        assert!(
            n == 0 || n == ROWS as i64,
            "round {round}: {n} of {ROWS} rows after a kill"
        );
        assert!(!finished || n == ROWS as i64, "round {round}");
    }
    assert!(
        killed > 0,
        "no round was killed mid-way: the test proved nothing"
    );
}

#[test]
fn a_killed_export_attach_or_submit_leaves_nothing_half_done() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let add = regdesk(d, &["candidate", "add", "--from", "-"], Some(NURSE));
    assert_eq!(add.status.code(), Some(0), "{add:?}");
    let scan = scan(d);
    let mut rng = Rng::new();
    let attached = "SELECT COUNT(*) FROM attachments";

    // Attach: the row is there whole (a JPEG the next command reads back) or not at all.
    let attach_args = |slot: &'static str| {
        vec![
            "candidate".to_owned(),
            "attach".into(),
            "--id-number".into(),
            ID.into(),
            "--slot".into(),
            slot.into(),
            scan.to_str().unwrap().into(),
        ]
    };
    let args: Vec<String> = attach_args("id-front");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let full = timed(d, &args);
    for round in 0..5 {
        let slot = ["diploma", "work-proof"][round % 2];
        let a = attach_args(slot);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        kill_after(spawn(d, &a), rng.delay(full.mul_f64(1.1)));
        let n = reopen_and_count(d, attached);
        assert!((1..=3).contains(&n), "round {round}: {n}");
    }
    for slot in ["diploma", "work-proof"] {
        assert_eq!(attach(d, slot, &scan).status.code(), Some(0));
    }
    assert_eq!(
        attach(d, "photo", &fixture("portrait_white.png"))
            .status
            .code(),
        Some(0)
    );
    let (bytes,): (Vec<u8>,) = {
        let rt = rt();
        let store = rt.block_on(regdesk_store::Store::open(d)).unwrap();
        let row = rt
            .block_on(
                sqlx::query_as("SELECT bytes FROM attachments WHERE slot = 'diploma'")
                    .fetch_one(store.pool()),
            )
            .unwrap();
        rt.block_on(store.close());
        row
    };
    image::load_from_memory(&bytes).expect("the stored scan decodes");

    // Submit: submitted with its audit row, or still a draft without one.
    let submit = ["profile", "submit", "--id-number", ID];
    let audit_sql = "SELECT COUNT(*) FROM audit_log WHERE action = 'process.submit'";
    let status_sql = "SELECT COUNT(*) FROM processes WHERE state LIKE '%\"submitted\"%'";
    for round in 0..4 {
        kill_after(spawn(d, &submit), rng.delay(Duration::from_millis(400)));
        let audited = reopen_and_count(d, audit_sql);
        let submitted = reopen_and_count(d, status_sql);
        assert_eq!(
            submitted, audited,
            "round {round}: the state and its audit row together"
        );
        if submitted == 1 {
            break;
        }
    }
    let done = regdesk(d, &["profile", "submit", "--id-number", ID], None);
    assert!(matches!(done.status.code(), Some(0) | Some(1)), "{done:?}");
    assert_eq!(reopen_and_count(d, status_sql), 1, "submitted in the end");
    assert_eq!(reopen_and_count(d, audit_sql), 1, "and audited once");

    // Export: the final name holds a whole, verifiable package or nothing.
    let out = d.join("out");
    std::fs::create_dir(&out).unwrap();
    let zip = out.join("pkg.zip");
    let export = [
        "package",
        "export",
        "--id-number",
        ID,
        "-o",
        zip.to_str().unwrap(),
    ];
    let full = timed(d, &export);
    let mut killed = 0;
    for round in 0..6 {
        let _ = std::fs::remove_file(&zip);
        killed += usize::from(!kill_after(spawn(d, &export), rng.delay(full.mul_f64(1.1))));
        reopen_and_count(d, attached);
        if zip.exists() {
            let verify = regdesk(d, &["package", "verify", zip.to_str().unwrap()], None);
            assert_eq!(verify.status.code(), Some(0), "round {round}: {verify:?}");
        }
    }
    assert!(killed > 0, "no export was killed mid-way");
}

#[test]
fn a_killed_photo_batch_leaves_only_whole_photos() {
    let files = tempfile::tempdir().unwrap();
    let input = files.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for i in 0..6 {
        std::fs::copy(
            fixture("portrait_white.png"),
            input.join(format!("p{i}.png")),
        )
        .unwrap();
    }
    let output = files.path().join("out");
    let args = [
        "photo",
        "make",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
        "--json",
    ];
    // The faster of two runs: the first also pays for a cold start (the page cache, Wine's
    // wineserver), and a delay drawn from that would rarely land inside the batch.
    let full = (0..2)
        .map(|_| {
            let _ = std::fs::remove_dir_all(&output);
            timed(tempfile::tempdir().unwrap().path(), &args)
        })
        .min()
        .unwrap();
    let mut rng = Rng::new();
    let mut killed = 0;
    for round in 0..5 {
        let _ = std::fs::remove_dir_all(&output);
        let d = tempfile::tempdir().unwrap();
        killed += usize::from(!kill_after(
            spawn(d.path(), &args),
            rng.delay(full.mul_f64(1.1)),
        ));
        if d.path().join("regdesk.db").exists() {
            reopen_and_count(d.path(), "SELECT COUNT(*) FROM jobs");
        }
        for entry in std::fs::read_dir(&output).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".jpg") {
                continue;
            }
            let img = image::open(entry.path())
                .unwrap_or_else(|e| panic!("round {round}: {name} is half-written: {e}"));
            assert_eq!(
                (img.width(), img.height()),
                (260, 360),
                "round {round}: {name}"
            );
        }
    }
    assert!(killed > 0, "no batch was killed mid-way");
}
