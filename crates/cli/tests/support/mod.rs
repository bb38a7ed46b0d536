//! Shared by the CLI tests: run the real binary on a data folder, fixtures, the candidate path.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
}

/// The environment variable naming the binary under test instead of the one cargo built: the
/// Windows `regdesk.exe` (run through `wine` on Linux), so one set of tests checks both.
pub const TEST_BIN: &str = "REGDESK_TEST_BIN";

thread_local! {
    static NATIVE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with the binary cargo built instead of [`TEST_BIN`]'s (on this thread): for tests
/// that hand a file from one build to the other.
pub fn natively<T>(f: impl FnOnce() -> T) -> T {
    NATIVE.with(|n| n.set(true));
    let out = f();
    NATIVE.with(|n| n.set(false));
    out
}

/// A command running the binary under test (see [`TEST_BIN`]).
pub fn command() -> Command {
    let bin = std::env::var_os(TEST_BIN).filter(|b| !b.is_empty());
    match bin.filter(|_| !NATIVE.with(|n| n.get())) {
        Some(bin) if under_wine() => {
            let mut cmd = Command::new("wine");
            cmd.arg(bin);
            cmd
        }
        Some(bin) => Command::new(bin),
        None => Command::new(env!("CARGO_BIN_EXE_regdesk")),
    }
}

/// True when the binary under test is a Windows exe run by Wine: tests of what only Linux
/// has (the ELF's linked libraries, Unix file modes) say so and skip.
pub fn under_wine() -> bool {
    !cfg!(windows)
        && std::env::var_os(TEST_BIN)
            .is_some_and(|b| b.to_string_lossy().to_ascii_lowercase().ends_with(".exe"))
}

/// The binary under test as a shell command line (for pipelines).
pub fn shell_command() -> String {
    let cmd = command();
    std::iter::once(cmd.get_program())
        .chain(cmd.get_args())
        .map(|a| format!("'{}'", a.to_string_lossy()))
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn regdesk(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    regdesk_at(dir, None, args, stdin)
}

/// Runs `regdesk` with `REGDESK_NOW` set when `now` is given (SPEC §6 clock).
pub fn regdesk_at(dir: &Path, now: Option<&str>, args: &[&str], stdin: Option<&str>) -> Output {
    let env: Vec<(&str, &str)> = now.map(|n| ("REGDESK_NOW", n)).into_iter().collect();
    regdesk_with(dir, &env, args, stdin)
}

/// Runs `regdesk` on the data folder `dir` with extra environment variables and stdin.
pub fn regdesk_with(
    dir: &Path,
    env: &[(&str, &str)],
    args: &[&str],
    stdin: Option<&str>,
) -> Output {
    let mut cmd = command();
    cmd.envs(env.iter().copied());
    let mut child = cmd
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.unwrap_or("").as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

pub fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

pub const ID: &str = "11010519491231002X";
pub const NURSE: &str = r#"{"name":"王芳","gender":"female","idNumber":"11010519491231002X","mobile":"13900001111",
  "email":"wf@example.com","education":"大学专科","major":"护理","employer":"重庆市人民医院",
  "invoice":{"type":"organization","title":"重庆市人民医院","taxpayerId":"91350100M000100Y43"}}"#;

/// A scan-like picture for the document slots, made once per test.
pub fn scan(dir: &Path) -> PathBuf {
    let p = dir.join("scan.jpg");
    let ok = Command::new("convert")
        .args([
            fixture("portrait_white.png").to_str().unwrap(),
            "-resize",
            "1200x900!",
            "-quality",
            "90",
            p.to_str().unwrap(),
        ])
        .status()
        .expect("ImageMagick convert");
    assert!(ok.success());
    p
}

pub fn attach(dir: &Path, slot: &str, file: &Path) -> Output {
    regdesk(
        dir,
        &[
            "candidate",
            "attach",
            "--id-number",
            ID,
            "--slot",
            slot,
            file.to_str().unwrap(),
            "--json",
        ],
        None,
    )
}

/// Registers `NURSE` with basic info, attaches the photo and three scans, and submits.
pub fn submitted_nurse(dir: &Path) {
    let add = regdesk(dir, &["candidate", "add", "--from", "-"], Some(NURSE));
    assert_eq!(add.status.code(), Some(0), "{add:?}");
    let scan = scan(dir);
    for slot in ["id-front", "diploma", "work-proof"] {
        assert_eq!(attach(dir, slot, &scan).status.code(), Some(0));
    }
    let photo = attach(dir, "photo", &fixture("portrait_white.png"));
    assert_eq!(photo.status.code(), Some(0), "{photo:?}");
    let submit = regdesk(dir, &["profile", "submit", "--id-number", ID], None);
    assert_eq!(submit.status.code(), Some(0), "{submit:?}");
}

/// The reason codes of a report's `issues`, in order.
pub fn issue_codes(report: &Value) -> Vec<String> {
    report["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_string())
        .collect()
}

/// Each package on a desk: its digest, state and sorted record ids — what must not depend on
/// the order decisions arrived in.
pub type ReviewTable = Vec<(String, String, Vec<String>)>;

pub fn review_table(dir: &Path) -> ReviewTable {
    let out = regdesk(dir, &["review", "list", "--json"], None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let list = json(&out);
    let mut rows: ReviewTable = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let mut ids: Vec<String> = p["decisions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["id"].as_str().unwrap().to_owned())
                .collect();
            ids.sort();
            (
                p["packageSha256"].as_str().unwrap().to_owned(),
                p["state"].as_str().unwrap().to_owned(),
                ids,
            )
        })
        .collect();
    rows.sort();
    rows
}

/// Runs `regdesk` (at `now`, when given) and reads its stdout as JSON (`Null` when none).
pub fn run_json(dir: &Path, now: Option<&str>, args: &[&str]) -> (Option<i32>, Value) {
    let out = regdesk_at(dir, now, args, None);
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code(), v)
}

/// Runs a Python snippet (an independent reader or a stand-in for an older version) with
/// `args`; its stdout, or a panic with its stderr.
pub fn python(script: &str, args: &[&Path]) -> Vec<u8> {
    let out = Command::new("python3")
        .args(["-c", script])
        .args(args)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Exports `ID`'s package from `dir` to `to`, which must succeed.
pub fn export_package(dir: &Path, to: &Path) {
    let out = regdesk(
        dir,
        &[
            "package",
            "export",
            "--id-number",
            ID,
            "-o",
            to.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}
