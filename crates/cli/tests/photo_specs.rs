//! Photo specs as user data: the library (`photo specs --json`), a spec file of the user's
//! with another size, byte window, density and a blue background (the output judged by
//! Pillow), and a broken spec file refused naming its field.

mod support;

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};
use support::*;

fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = regdesk(dir, args, None);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap(), text)
}

#[test]
fn the_library_lists_at_least_ten_sourced_specs_two_not_on_white() {
    let dir = tempfile::tempdir().unwrap();
    let out = regdesk(dir.path(), &["photo", "specs", "--json"], None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let specs = json(&out);
    let specs = specs.as_array().unwrap();
    assert!(specs.len() >= 10, "{} specs", specs.len());
    let mut ids = std::collections::HashSet::new();
    for s in specs {
        assert!(ids.insert(s["id"].as_str().unwrap().to_owned()), "{s}");
        assert!(s["source"].as_str().unwrap().chars().count() > 20, "{s}");
        assert!(s["sourceDate"].as_str().is_some(), "{s}");
        for key in ["width", "height", "minBytes", "maxBytes"] {
            assert!(s[key].as_u64().is_some(), "{key} in {s}");
        }
    }
    let coloured = specs.iter().filter(|s| s["background"] != "white").count();
    assert!(coloured >= 2, "{coloured} specs not on white");
    assert_eq!(specs[0]["id"], "cq-health-manager-2020");

    // Each printed spec is a valid spec file as it stands.
    let file = dir.path().join("spec.json");
    let photo = dir.path().join("in.jpg");
    std::fs::copy(fixture("portrait_white.png"), &photo).unwrap();
    for s in specs.iter().take(3) {
        std::fs::write(&file, s.to_string()).unwrap();
        let (code, text) = run(
            dir.path(),
            &[
                "photo",
                "check",
                photo.to_str().unwrap(),
                "--spec-file",
                file.to_str().unwrap(),
                "--json",
            ],
        );
        assert!(code == 0 || code == 1, "{text}");
    }
}

/// Corners, halo and density of a photo on a coloured background, seen by Pillow.
fn inspect(output: &Path, mask: &Path, crop: &Value) -> Value {
    let script = r#"
import json, sys
from PIL import Image, ImageFilter, ImageStat
out = Image.open(sys.argv[1]); rgb = out.convert("RGB"); w, h = rgb.size
corners = [ImageStat.Stat(rgb.crop(b)).mean for b in ((0, 0, 30, 30), (w - 30, 0, w, 30))]
x, y, cw, ch = (float(v) for v in sys.argv[3:7])
truth = Image.open(sys.argv[2]).convert("L").crop((round(x), round(y), round(x + cw), round(y + ch))).resize((w, h))
grown, shrunk = truth.filter(ImageFilter.MaxFilter(7)), truth.filter(ImageFilter.MinFilter(7))
px, g, s = rgb.load(), grown.load(), shrunk.load()
band = [px[i, j] for j in range(h) for i in range(w) if g[i, j] >= 128 and s[i, j] < 128]
white = sum(min(p) >= 200 for p in band) / max(len(band), 1)
print(json.dumps({"size": [w, h], "corners": corners, "bandWhite": white, "band": len(band),
                  "dpi": [round(v) for v in out.info.get("dpi", (0, 0))]}))
"#;
    let mut cmd = Command::new("python3");
    cmd.arg("-c").arg(script).arg(output).arg(mask);
    for k in ["x", "y", "width", "height"] {
        cmd.arg(crop[k].as_f64().unwrap().to_string());
    }
    let out = cmd.output().expect("python3 with Pillow");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_users_blue_spec_file_gives_its_size_window_density_and_colour() {
    let dir = tempfile::tempdir().unwrap();
    let spec = json!({
        "id": "test-blue-295x413",
        "nameZh": "测试：蓝底小二寸",
        "nameEn": "Test: small two-inch on blue",
        "source": "a spec written for this test",
        "sourceDate": "2026-12-07",
        "width": 295, "height": 413,
        "minBytes": 20000, "maxBytes": 60000, "kbUnit": 1000,
        "headRatio": { "min": 0.55, "target": 0.62, "max": 0.72 },
        "crownMargin": { "min": 0.04, "target": 0.08, "max": 0.14 },
        "centreTolerance": 0.06,
        "background": "blue",
        "backgroundTolerance": 40,
        "dpi": 300
    });
    let file = dir.path().join("blue.json");
    std::fs::write(&file, spec.to_string()).unwrap();
    let f = file.to_str().unwrap();
    let out_path = dir.path().join("blue.jpg");
    let o = out_path.to_str().unwrap();
    let input = fixture("portrait_brick.jpg");
    let i = input.to_str().unwrap();

    let made = regdesk(
        dir.path(),
        &[
            "photo",
            "make",
            i,
            "-o",
            o,
            "--spec-file",
            f,
            "--replace-background",
            "--json",
        ],
        None,
    );
    let report = json(&made);
    assert_eq!(made.status.code(), Some(0), "{report}");
    let bytes = std::fs::metadata(&out_path).unwrap().len();
    assert!((20_000..=60_000).contains(&bytes), "{bytes} bytes");

    let seen = inspect(
        &out_path,
        &fixture("portrait_brick_mask.png"),
        &report["crop"],
    );
    assert_eq!(seen["size"], json!([295, 413]), "{seen}");
    assert_eq!(seen["dpi"], json!([300, 300]), "{seen}");
    for corner in seen["corners"].as_array().unwrap() {
        let c: Vec<f64> = corner
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        let d = ((c[0] - 67.0).powi(2) + (c[1] - 142.0).powi(2) + (c[2] - 219.0).powi(2)).sqrt();
        assert!(d <= 40.0, "corner {c:?} is {d:.0} from #438EDB: {seen}");
    }
    // The hair and shoulder edge blends into blue: no white rim from a white composite.
    assert!(seen["band"].as_u64().unwrap() > 500, "{seen}");
    assert!(
        seen["bandWhite"].as_f64().unwrap() < 0.01,
        "white halo: {seen}"
    );

    // Our own checker agrees with the same spec file, and the default (white) spec refuses it.
    let (code, text) = run(
        dir.path(),
        &["photo", "check", o, "--spec-file", f, "--json"],
    );
    assert_eq!(code, 0, "{text}");
    let (code, text) = run(dir.path(), &["photo", "check", o, "--json"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("photo.wrong_dimensions"), "{text}");

    // Without replacement the brick wall is not blue, and the code says which colour rule.
    let plain = dir.path().join("plain.jpg");
    let made = regdesk(
        dir.path(),
        &[
            "photo",
            "make",
            i,
            "-o",
            plain.to_str().unwrap(),
            "--spec-file",
            f,
            "--json",
        ],
        None,
    );
    let report = json(&made);
    assert_eq!(made.status.code(), Some(1), "{report}");
    assert!(
        issue_codes(&report).contains(&"photo.background_wrong_colour".into()),
        "{report}"
    );
}

#[test]
fn a_broken_spec_file_exits_2_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let photo = fixture("portrait_white.png");
    let p = photo.to_str().unwrap();
    let out = dir.path().join("out.jpg");
    let o = out.to_str().unwrap();
    let good = json(&regdesk(dir.path(), &["photo", "specs", "--json"], None))[0].clone();
    let cases = [
        ("width", json!(-260)),
        ("height", json!(0)),
        ("maxBytes", json!("45 KB")),
        ("background", json!("sky")),
        ("headRatio", json!({"min": 0.8, "target": 0.7, "max": 0.9})),
    ];
    for (field, value) in cases {
        let mut spec = good.clone();
        spec[field] = value;
        let file = dir.path().join(format!("{field}.json"));
        std::fs::write(&file, spec.to_string()).unwrap();
        for verb in [
            vec![
                "photo",
                "make",
                p,
                "-o",
                o,
                "--spec-file",
                file.to_str().unwrap(),
            ],
            vec![
                "photo",
                "check",
                p,
                "--spec-file",
                file.to_str().unwrap(),
                "--json",
            ],
        ] {
            let (code, text) = run(dir.path(), &verb);
            assert_eq!(code, 2, "{field}: {text}");
            assert!(text.contains(field), "{field} not named: {text}");
        }
    }
    assert!(!out.exists(), "no photo from a broken spec");
    let missing = dir.path().join("missing.json");
    let (code, text) = run(
        dir.path(),
        &[
            "photo",
            "check",
            p,
            "--spec-file",
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{text}");
    let (code, text) = run(dir.path(), &["photo", "check", p, "--spec", "no-such-exam"]);
    assert_eq!(code, 2, "{text}");
}
