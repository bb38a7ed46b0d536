//! Review decisions merge into a state that depends only on the set of records: decision files
//! from three reviewers imported in random orders, with repeats, into two copies of a centre's
//! workspace give the same `candidate show` process and `review list`; an open conflict is
//! never shown as passed or failed. A package edited after signing cannot be passed, here or
//! by a decision imported from another PC; it can be failed. A draft has no package.

mod support;

#[path = "../../../tests/support/tamper.rs"]
mod tamper;

use std::path::{Path, PathBuf};

use serde_json::Value;
use support::*;

fn run_at(dir: &Path, now: &str, args: &[&str]) -> (Option<i32>, Value) {
    run_json(dir, Some(now), &[args, &["--json"]].concat())
}

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, Value) {
    run_at(dir, "2026-12-01T10:00:00+08:00", args)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// A reviewer's desk with the package opened.
fn desk(package: &Path) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let (code, out) = run(d.path(), &["review", "open", package.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{out}");
    d
}

fn decide(d: &Path, now: &str, sha: &str, verdict: &[&str]) {
    let mut args = vec!["review", "decide", "--package", sha];
    args.extend_from_slice(verdict);
    let (code, out) = run_at(d, now, &args);
    assert_eq!(code, Some(0), "{out}");
}

fn export_decisions(d: &Path, to: PathBuf) -> PathBuf {
    let (code, _) = run(d, &["review", "export", "-o", to.to_str().unwrap()]);
    assert_eq!(code, Some(0));
    to
}

/// What must not depend on order: the process (less nothing: it has no local times) and
/// each package's state with its records.
/// What must not depend on order: the candidate's process and open conflict, and each
/// package's state with its records.
fn observed(d: &Path) -> (Value, Value, ReviewTable) {
    let (code, show) = run(d, &["candidate", "show", "--id-number", ID]);
    assert_eq!(code, Some(0), "{show}");
    (
        show["process"].clone(),
        show["conflict"].clone(),
        review_table(d),
    )
}

/// A small deterministic generator (the test's cases are reproducible from the seed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

#[test]
fn merged_review_state_depends_only_on_the_set_of_records() {
    let centre = tempfile::tempdir().unwrap();
    submitted_nurse(centre.path());
    let pkgs = tempfile::tempdir().unwrap();
    let zip = pkgs.path().join(format!("{ID}.zip"));
    export_package(centre.path(), &zip);
    let (r1, r2, r3) = (desk(&zip), desk(&zip), desk(&zip));
    let sha = run(r1.path(), &["review", "list"]).1[0]["packageSha256"]
        .as_str()
        .unwrap()
        .to_owned();
    let files = tempfile::tempdir().unwrap();
    let f = |n: &str| files.path().join(n);
    // r1 fails, r2 passes (a conflict between them), r3 passes with a note; later r1 sees
    // r2's pass and resolves the conflict with a fail naming both.
    decide(
        r1.path(),
        "2026-12-02T09:00:00+08:00",
        &sha,
        &["--fail", "diploma.mismatch"],
    );
    let f1 = export_decisions(r1.path(), f("r1.jsonl"));
    decide(r2.path(), "2026-12-02T10:00:00+08:00", &sha, &["--pass"]);
    let f2 = export_decisions(r2.path(), f("r2.jsonl"));
    decide(
        r3.path(),
        "2026-12-02T11:00:00+08:00",
        &sha,
        &["--pass", "--note", "材料齐全"],
    );
    let f3 = export_decisions(r3.path(), f("r3.jsonl"));
    assert_eq!(
        run(r1.path(), &["review", "import", f2.to_str().unwrap()]).0,
        Some(1)
    );
    decide(
        r1.path(),
        "2026-12-03T09:00:00+08:00",
        &sha,
        &["--fail", "diploma.mismatch,work_proof.invalid"],
    );
    let f4 = export_decisions(r1.path(), f("r1b.jsonl"));
    let pool = [f1, f2, f3, f4];

    let mut rng = Lcg(20261207);
    let mut seen_conflict = false;
    for case in 0..10 {
        // A random non-empty set of files, each workspace importing it in its own random
        // order, some files twice.
        let set: Vec<&PathBuf> = loop {
            let s: Vec<&PathBuf> = pool.iter().filter(|_| rng.next(2) == 1).collect();
            if !s.is_empty() {
                break s;
            }
        };
        let mut observations = Vec::new();
        for _ in 0..2 {
            let copy = tempfile::tempdir().unwrap();
            copy_dir(centre.path(), copy.path());
            let mut order: Vec<&PathBuf> = set.clone();
            for _ in 0..rng.next(3) {
                order.push(set[rng.next(set.len())]);
            }
            for i in (1..order.len()).rev() {
                order.swap(i, rng.next(i + 1));
            }
            // Some files one at a time, the rest together.
            let split = rng.next(order.len() + 1);
            for file in &order[..split] {
                run(copy.path(), &["review", "import", file.to_str().unwrap()]);
            }
            if split < order.len() {
                let mut args = vec!["review", "import"];
                args.extend(order[split..].iter().map(|f| f.to_str().unwrap()));
                run(copy.path(), &args);
            }
            observations.push(observed(copy.path()));
        }
        let names: Vec<String> = set
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(observations[0], observations[1], "case {case}: {names:?}");
        let (process, conflict, table) = &observations[0];
        let status = process["profileStatus"]["status"].as_str().unwrap();
        if table[0].1 == "conflict" {
            seen_conflict = true;
            assert!(conflict.is_object(), "case {case}: {conflict}");
            assert_eq!(
                status, "submitted",
                "case {case}: a conflict waits: {process}"
            );
        } else {
            assert_eq!(status, table[0].1, "case {case}: {process}");
        }
    }
    assert!(seen_conflict, "the cases include a conflict");

    // Two passes: the last review is the newest record's (r3's note), whatever the order.
    for order in [["r2.jsonl", "r3.jsonl"], ["r3.jsonl", "r2.jsonl"]] {
        let copy = tempfile::tempdir().unwrap();
        copy_dir(centre.path(), copy.path());
        for n in order {
            run(copy.path(), &["review", "import", f(n).to_str().unwrap()]);
        }
        let (process, _, _) = observed(copy.path());
        assert_eq!(process["lastReview"]["note"], "材料齐全", "{process}");
        assert_eq!(process["profileStatus"]["status"], "passed");
    }
}

#[test]
fn a_package_edited_after_signing_cannot_be_passed_but_can_be_failed() {
    let centre = tempfile::tempdir().unwrap();
    submitted_nurse(centre.path());
    let pkgs = tempfile::tempdir().unwrap();
    let zip = pkgs.path().join("good.zip");
    export_package(centre.path(), &zip);
    let forged = pkgs.path().join("forged.zip");
    tamper::repack_with_manifest_edited(&zip, &forged, |m| {
        m["candidate"]["process"]["profile"]["major"] = "临床医学".into();
    });
    let reviewer = tempfile::tempdir().unwrap();
    let (code, opened) = run(
        reviewer.path(),
        &["review", "open", forged.to_str().unwrap()],
    );
    assert_eq!(code, Some(1), "{opened}");
    assert_eq!(opened[0]["signature"], "invalid");
    let sha = opened[0]["packageSha256"].as_str().unwrap().to_owned();

    let (code, refused) = run(
        reviewer.path(),
        &["review", "decide", "--package", &sha, "--pass"],
    );
    assert_eq!(code, Some(1), "{refused}");
    assert_eq!(refused["issues"][0]["code"], "review.package_invalid");
    let (_, list) = run(reviewer.path(), &["review", "list"]);
    assert_eq!(list[0]["state"], "pending", "nothing recorded: {list}");
    assert!(list[0]["decisions"].as_array().unwrap().is_empty());

    // A pass on the same forged bytes decided on another PC whose desk did not check them
    // (an older version): imported here, it is recorded as refused and never counted.
    let other = tempfile::tempdir().unwrap();
    run(other.path(), &["review", "open", forged.to_str().unwrap()]);
    python(
        "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); d.execute(\"UPDATE review_packages SET signature='valid', issues='[]'\"); d.commit()",
        &[&other.path().join("regdesk.db")],
    );
    let (code, passed) = run(
        other.path(),
        &["review", "decide", "--package", &sha, "--pass"],
    );
    assert_eq!(code, Some(0), "{passed}");
    let file = pkgs.path().join("other.jsonl");
    run(
        other.path(),
        &["review", "export", "-o", file.to_str().unwrap()],
    );
    let (code, imported) = run(
        reviewer.path(),
        &["review", "import", file.to_str().unwrap()],
    );
    assert_eq!(code, Some(1), "{imported}");
    assert_eq!(imported[0]["outcome"], "refused", "{imported}");
    let (_, list) = run(reviewer.path(), &["review", "list"]);
    assert_eq!(list[0]["state"], "pending", "{list}");

    // A fail, with the reason that says why.
    let (code, failed) = run(
        reviewer.path(),
        &[
            "review",
            "decide",
            "--package",
            &sha,
            "--fail",
            "review.package_tampered",
        ],
    );
    assert_eq!(code, Some(0), "{failed}");
    assert_eq!(failed["state"], "failed");
}

#[test]
fn a_draft_has_no_package_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let add = regdesk(
        dir.path(),
        &["candidate", "add", "--from", "-"],
        Some(NURSE),
    );
    assert_eq!(add.status.code(), Some(0), "{add:?}");
    let out = dir.path().join("draft.zip");
    let (code, report) = run(
        dir.path(),
        &[
            "package",
            "export",
            "--id-number",
            ID,
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, Some(1), "{report}");
    assert!(!report["issues"].as_array().unwrap().is_empty(), "{report}");
    assert!(!out.exists(), "no file for a draft");
}
