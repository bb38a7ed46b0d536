//! Real portraits whose head is near the top of the picture (made here from the fixtures by
//! cutting the room above the head away): on a plain light wall, or with the white background,
//! the canvas is extended and the photo passes our checks and `photo check`; on a busy
//! background without it, the refusal says that the white background would fix it.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;

fn near_top(dir: &Path, fixture_name: &str, crop: &str, out: &str) -> PathBuf {
    let p = dir.join(out);
    let ok = Command::new("convert")
        .arg(fixture(fixture_name))
        .args(["-crop", crop, "+repage", "-quality", "92"])
        .arg(&p)
        .status()
        .expect("ImageMagick convert");
    assert!(ok.success());
    p
}

fn make(dir: &Path, input: &Path, extra: &[&str]) -> (Option<i32>, serde_json::Value, PathBuf) {
    let out = dir.join(format!(
        "{}.out.jpg",
        input.file_stem().unwrap().to_string_lossy()
    ));
    let mut args = vec![
        "photo",
        "make",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--json",
    ];
    args.extend_from_slice(extra);
    let o = regdesk(dir, &args, None);
    (o.status.code(), json(&o), out)
}

fn codes(report: &serde_json::Value) -> Vec<String> {
    let r = if report["report"].is_object() {
        &report["report"]
    } else {
        report
    };
    r["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_head_at_the_top_of_a_plain_wall_gets_headroom_and_passes() {
    let dir = tempfile::tempdir().unwrap();
    // portrait_white.png: crown near row 215 of 760; keep 3 px above it.
    let input = near_top(
        dir.path(),
        "portrait_white.png",
        "640x548+0+212",
        "near_top_white.jpg",
    );
    let (code, report, out) = make(dir.path(), &input, &[]);
    assert_eq!(code, Some(0), "{report}");
    padded_and_passes_photo_check(dir.path(), &report, &out);
    // Independent look (ImageMagick): the added rows above the head are the wall's colour.
    let top = Command::new("convert")
        .arg(&out)
        .args([
            "-crop",
            "260x12+0+0",
            "-colorspace",
            "Gray",
            "-format",
            "%[fx:mean*255] %[fx:standard_deviation*255]",
            "info:",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&top.stdout);
    let v: Vec<f64> = text
        .split_whitespace()
        .map(|s| s.parse().unwrap())
        .collect();
    assert!(v[0] > 225.0 && v[1] < 8.0, "top band {text}");
}

#[test]
fn a_head_at_the_top_of_a_busy_background_asks_for_the_white_background_which_fixes_it() {
    let dir = tempfile::tempdir().unwrap();
    // astronaut_busy.jpg: face box top near row 187, crown near 140; keep 4 px above it.
    let input = near_top(
        dir.path(),
        "astronaut_busy.jpg",
        "512x496+0+136",
        "near_top_busy.jpg",
    );
    let (code, report, _) = make(dir.path(), &input, &[]);
    assert_eq!(code, Some(1), "{report}");
    // Refused for its background (the crown above busy walls is only estimated): each
    // refusal of the background names the fix.
    let issues = codes(&report);
    assert!(
        issues.contains(&"photo.background_not_white".to_owned()),
        "{report}"
    );
    for p in report["issues"].as_array().unwrap() {
        if p["code"]
            .as_str()
            .unwrap()
            .starts_with("photo.background_not")
        {
            assert!(
                p["messageZh"].as_str().unwrap().contains("把背景换成白色"),
                "{p}"
            );
            assert!(
                p["messageEn"]
                    .as_str()
                    .unwrap()
                    .contains("Replace the background with white"),
                "{p}"
            );
        }
    }

    let (code, report, out) = make(dir.path(), &input, &["--replace-background"]);
    assert_eq!(code, Some(0), "{report}");
    padded_and_passes_photo_check(dir.path(), &report, &out);
}

/// The canvas was extended (said in the report) and the written file passes `photo check`.
fn padded_and_passes_photo_check(dir: &Path, report: &serde_json::Value, out: &Path) {
    assert!(
        codes(report).contains(&"photo.padded_canvas".to_owned()),
        "{report}"
    );
    let check = regdesk(
        dir,
        &["photo", "check", out.to_str().unwrap(), "--json"],
        None,
    );
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}
