//! `regdesk photo make FOLDER` end to end: unique output names, the worst per-file exit code,
//! and a batch killed at random points that resumes to one complete output per input.

mod support;

use std::path::Path;
use std::process::Output;

use serde_json::Value;
use support::fixture;

fn regdesk(args: &[&str]) -> Output {
    support::command()
        .args(args)
        .output()
        .expect("regdesk runs")
}

#[test]
fn a_folder_batch_keeps_names_unique_and_exits_with_the_worst_code() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(fixture("portrait_white.png"), input.join("a.png")).unwrap();
    std::fs::copy(fixture("sideways_exif6.jpg"), input.join("a.jpg")).unwrap();
    std::fs::copy(fixture("no_face.jpg"), input.join("b.jpg")).unwrap();
    std::fs::write(input.join("c.jpg"), b"not an image").unwrap();
    let output = dir.path().join("out");
    let res = regdesk(&[
        "photo",
        "make",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(res.status.code(), Some(2), "worst per-file code");
    let lines: Vec<Value> = String::from_utf8_lossy(&res.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5, "4 files + summary");
    assert_eq!(
        lines[4]["summary"],
        serde_json::json!({"files": 4, "ok": 2, "notCompliant": 1, "unreadable": 1})
    );
    assert!(
        output.join("a_png.jpg").exists() && output.join("a_jpg.jpg").exists(),
        "a.png and a.jpg both kept"
    );
    assert!(output.join("regdesk-report.json").exists());
}

/// A folder batch killed with SIGKILL at random points and resumed each time: in the end every
/// input has exactly one complete output, the report lists each input once, and no partial
/// file is left (under a final name or beside it).
#[cfg(unix)]
#[test]
fn a_batch_killed_at_random_points_resumes_to_one_complete_output_per_input() {
    use std::collections::HashSet;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let sources = [
        "portrait_brick.jpg",
        "sideways_exif6.jpg",
        "cmyk.jpg",
        "no_face.jpg",
    ];
    for i in 0..16 {
        let src = sources[i % sources.len()];
        std::fs::copy(fixture(src), input.join(format!("p{i:02}.jpg"))).unwrap();
    }
    let output = dir.path().join("out");
    let args = |resume: bool| {
        let mut a = vec![
            "photo".to_owned(),
            "make".into(),
            input.to_str().unwrap().into(),
            "-o".into(),
            output.to_str().unwrap().into(),
            "--json".into(),
        ];
        if resume {
            a.push("--resume".into());
        }
        a
    };
    // A small LCG seeded from the clock: random kill points, reported on failure.
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    let mut kills = Vec::new();
    for round in 0..5 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = 80 + (seed >> 33) % 900;
        let mut child = support::command()
            .args(args(round > 0))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        kills.push(delay);
    }
    let last = regdesk(&args(true).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        last.status.code(),
        Some(1),
        "no_face inputs are not compliant; kills at {kills:?} ms"
    );
    let report: Value =
        serde_json::from_slice(&std::fs::read(output.join("regdesk-report.json")).unwrap())
            .unwrap();
    assert_eq!(report["complete"], true);
    let files = report["files"].as_array().unwrap();
    let inputs: Vec<&str> = files.iter().map(|f| f["input"].as_str().unwrap()).collect();
    let unique: HashSet<&&str> = inputs.iter().collect();
    assert_eq!(
        (inputs.len(), unique.len()),
        (16, 16),
        "each input once; kills at {kills:?} ms"
    );
    for f in files {
        // The last component whichever separator the binary under test writes (Windows: `\`).
        let input = f["input"].as_str().unwrap();
        let name = input.rsplit(['/', '\\']).next().unwrap();
        let out = output.join(Path::new(&name).with_extension("jpg"));
        if f["written"] == true {
            let bytes = std::fs::read(&out).unwrap();
            image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
            assert_eq!(
                f["bytes"].as_u64(),
                Some(bytes.len() as u64),
                "{}",
                out.display()
            );
        } else {
            assert!(!out.exists(), "{} has no output", out.display());
        }
    }
    let names: Vec<String> = std::fs::read_dir(&output)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n.ends_with(".jpg") || n == "regdesk-report.json"),
        "no partial or journal file left: {names:?}"
    );
    // Resuming a finished batch redoes nothing: every output keeps its modification time.
    let mtimes = || -> Vec<(String, std::time::SystemTime)> {
        let mut v: Vec<_> = std::fs::read_dir(&output)
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".jpg"))
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().unwrap().modified().unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before = mtimes();
    let again = regdesk(&args(true).iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(again.status.code(), Some(1), "{again:?}");
    assert_eq!(mtimes(), before);
}
