//! `regdesk photo make --replace-background` on real portraits in front of busy backgrounds,
//! judged by an independent decoder (Pillow): white uniform corners, nothing of the old
//! background left, the person intact, exactly one framed face — and never without the flag.

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::*;

fn make(input: &Path, output: &Path, replace: bool) -> (i32, Value) {
    let mut args = vec![
        "photo",
        "make",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
        "--json",
    ];
    if replace {
        args.push("--replace-background");
    }
    let out = regdesk(output.parent().unwrap(), &args, None);
    (out.status.code().unwrap(), json(&out))
}

fn inspect(output: &Path, report: &Value, truth: Option<&str>) -> Value {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/differential/background_inspect.py"
    );
    let mut cmd = Command::new("python3");
    cmd.arg(script).arg(output);
    for part in ["crop", "faceBox"] {
        for k in ["x", "y", "width", "height"] {
            cmd.arg(report[part][k].as_f64().unwrap().to_string());
        }
    }
    if let Some(mask) = truth {
        cmd.arg(fixture(mask));
    }
    let out = cmd.output().expect("python3 with Pillow");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn assert_white_uniform_corners(seen: &Value) {
    for corner in ["topLeft", "topRight"] {
        for c in 0..3 {
            let mean = seen["corners"][corner]["mean"][c].as_f64().unwrap();
            let spread = seen["corners"][corner]["stddev"][c].as_f64().unwrap();
            assert!(mean >= 250.0, "{corner} not white: {seen}");
            assert!(spread <= 3.0, "{corner} not uniform: {seen}");
        }
    }
}

#[test]
fn busy_backgrounds_become_white_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    for (fixture_name, truth) in [
        ("portrait_brick.jpg", Some("portrait_brick_mask.png")),
        ("astronaut_busy.jpg", None),
    ] {
        let plain = dir.path().join(format!("plain_{fixture_name}"));
        let (code, report) = make(&fixture(fixture_name), &plain, false);
        assert_eq!(code, 1, "{fixture_name}: {report}");
        assert!(
            issue_codes(&report).contains(&"photo.background_not_white".into()),
            "{fixture_name} without the flag keeps its background: {report}"
        );
        assert_eq!(report["backgroundReplaced"], false);

        let white = dir.path().join(format!("white_{fixture_name}"));
        let (code, report) = make(&fixture(fixture_name), &white, true);
        let found = issue_codes(&report);
        assert!(
            found.contains(&"photo.background_replaced".into()),
            "{report}"
        );
        assert_eq!(report["backgroundReplaced"], true);
        for bad in ["photo.background_not_white", "photo.background_not_uniform"] {
            assert!(
                !found.contains(&bad.to_string()),
                "{fixture_name}: {report}"
            );
        }
        assert_eq!(code, 0, "{fixture_name}: only warnings expected: {report}");

        let seen = inspect(&white, &report, truth);
        assert_eq!(
            (seen["width"].as_u64(), seen["height"].as_u64()),
            (Some(260), Some(360))
        );
        assert_white_uniform_corners(&seen);
        let whitened = seen["faceWhitened"].as_f64().unwrap();
        assert!(
            whitened < 0.02,
            "{:.1}% of the face turned white",
            whitened * 100.0
        );
        if truth.is_some() {
            let left = seen["backgroundLeft"].as_f64().unwrap();
            assert!(
                left < 0.02,
                "old background left on {:.1}% of it",
                left * 100.0
            );
        }

        // The result still has exactly one framed face by our own checker.
        let check = regdesk(
            dir.path(),
            &["photo", "check", white.to_str().unwrap(), "--json"],
            None,
        );
        let checked = json(&check);
        assert_eq!(check.status.code(), Some(0), "{checked}");
    }
}
