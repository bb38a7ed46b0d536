//! The photo tool and the folder batch in the real window (tauri-driver + WebKitWebDriver
//! under Xvfb).

mod support;

use support::webdriver::Driver;
use support::window::{first_start, APP};

/// The standalone photo tool in the real window: a real portrait in, the framed photo saved
/// to a typed folder, with the white-background switch recorded in the report.
#[test]
fn photo_tool_makes_and_saves_a_compliant_photo() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let driver = Driver::start();
    let s = driver.launch(APP.as_ref(), data.path());
    first_start(&s, None);
    s.find("[data-test=nav-photo]").click();
    let portrait =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/portrait_white.png");
    s.find("[data-test=photo-file]")
        .type_text(&portrait.display().to_string());
    s.find("[data-test=photo-result]");
    s.wait_for("[data-test=photo-checks]", |t| t.contains("✓"));
    // Save the auto-framed photo to a folder (gets 证件照.jpg).
    s.find("#photo-save-path")
        .type_text(&out.path().display().to_string());
    s.find("[data-test=photo-save]").click();
    s.wait_for("[data-test=photo-saved]", |t| t.contains("证件照.jpg"));

    // The crop editor (drawn on the upright picture the app decoded): zoom in once, which
    // sends the rectangle to the engine; then save that photo too.
    s.find("[data-test=crop-frame]");
    s.find("[data-test=crop-zoom-in]").click();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while s.find("#photo-crop").property("value").is_empty() {
        assert!(std::time::Instant::now() < deadline, "no crop was sent");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    s.find("[data-test=photo-tool][data-busy=false]");
    // The path field still holds the folder: make it `<folder>/zoomed.jpg`.
    let zoomed = out.path().join("zoomed.jpg");
    s.find("#photo-save-path").type_text("/zoomed.jpg");
    s.find("[data-test=photo-save]").click();
    s.wait_for("[data-test=photo-saved]", |t| t.contains("zoomed.jpg"));
    s.close();

    let photo = |path: &std::path::Path| {
        let jpeg = std::fs::read(path).unwrap();
        assert!(
            (15_360..=45_000).contains(&jpeg.len()),
            "{} bytes",
            jpeg.len()
        );
        let img = image::load_from_memory_with_format(&jpeg, image::ImageFormat::Jpeg)
            .unwrap()
            .to_rgb8();
        assert_eq!((img.width(), img.height()), (260, 360));
        img
    };
    let auto_path = out.path().join("证件照.jpg");
    let auto = photo(&auto_path);
    let cli = std::path::Path::new(APP).with_file_name("regdesk");
    let check = std::process::Command::new(cli)
        .args(["photo", "check", "--json"])
        .arg(&auto_path)
        .output()
        .unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "the auto-framed photo passes photo check"
    );
    let zoomed = photo(&zoomed);
    // The editor zoomed 1.1× about the frame's centre, so the zoomed photo is the auto photo's
    // central 1/1.1 enlarged: it matches that far better than the auto photo itself.
    let (w, h) = (260.0 / 1.1, 360.0 / 1.1);
    let centre = image::imageops::crop_imm(
        &auto,
        ((260.0 - w) / 2.0) as u32,
        ((360.0 - h) / 2.0) as u32,
        w as u32,
        h as u32,
    )
    .to_image();
    let enlarged =
        image::imageops::resize(&centre, 260, 360, image::imageops::FilterType::Lanczos3);
    let diff = |a: &image::RgbImage, b: &image::RgbImage| {
        a.as_raw()
            .iter()
            .zip(b.as_raw())
            .map(|(x, y)| f64::from(x.abs_diff(*y)))
            .sum::<f64>()
            / a.as_raw().len() as f64
    };
    let (as_zoom, as_before) = (diff(&zoomed, &enlarged), diff(&zoomed, &auto));
    assert!(
        as_zoom < 8.0 && as_zoom * 4.0 < as_before,
        "zoomed vs enlarged centre {as_zoom:.2}, vs unzoomed {as_before:.2}"
    );
}

/// Measures, in the page, the longest gap between animation frames from now until
/// `window.__stopFrames()` is called (read back with `window.__longestGap`).
const WATCH_FRAMES: &str = r#"
const done = arguments[arguments.length - 1];
window.__longestGap = 0;
let last = performance.now(), on = true;
const tick = (now) => {
  window.__longestGap = Math.max(window.__longestGap, now - last);
  last = now;
  if (on) requestAnimationFrame(tick);
};
window.__stopFrames = () => { on = false; return window.__longestGap; };
requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick); done(true); });
"#;

#[test]
fn photo_folder_batch_in_the_window_shows_progress_cancels_resumes_and_its_results_pass_the_check()
{
    let data = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (input, output) = (dir.path().join("photos"), dir.path().join("out"));
    std::fs::create_dir(&input).unwrap();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for i in 0..24 {
        let src = ["portrait_white.png", "sideways_exif6.jpg", "cmyk.jpg"][i % 3];
        let ext = if i % 3 == 0 { "png" } else { "jpg" };
        std::fs::copy(fixtures.join(src), input.join(format!("p{i:02}.{ext}"))).unwrap();
    }
    std::fs::copy(fixtures.join("no_face.jpg"), input.join("zz_no_face.jpg")).unwrap();
    std::fs::write(input.join("zz_broken.jpg"), b"not a picture").unwrap();

    let driver = Driver::start();
    let s = driver.launch(APP.as_ref(), data.path());
    first_start(&s, None);
    s.find("[data-test=nav-photo]").click();
    s.find("#batch-input")
        .type_text(&input.display().to_string());
    s.find("#batch-output")
        .type_text(&output.display().to_string());
    s.execute_async(WATCH_FRAMES);
    s.find("[data-test=batch-start]").click();
    // Live progress while it runs (24 photos take seconds in a debug build), then cancel.
    let done = |t: &str| -> u32 {
        t.split(" / ")
            .next()
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0)
    };
    s.wait_for("[data-test=batch-progress-text]", |t| {
        t.contains("/ 26") && done(t) >= 2
    });
    s.find("[data-test=batch-cancel]").click();
    s.wait_for("[data-test=batch-results]", |t| t.contains("已取消"));
    let kept = s.texts("[data-test=batch-row]").len();
    assert!((2..26).contains(&kept), "results so far kept: {kept}");
    // Resumed: the finished items are not redone, the rest run.
    s.find("[data-test=job-resume-1]").click();
    s.wait_for("[data-test=batch-results]", |t| t.contains("已完成"));
    let gap = s.execute_async("arguments[arguments.length - 1](window.__stopFrames())");
    eprintln!("longest gap between animation frames during the batch: {gap} ms");
    let rows = s.texts("[data-test=batch-row]");
    assert_eq!(rows.len(), 26);
    assert!(
        rows[0].contains("zz_broken.jpg") && rows[0].contains("无法读取"),
        "{rows:?}"
    );
    assert!(
        rows[1].contains("zz_no_face.jpg") && rows[1].contains("photo.no_face"),
        "{rows:?}"
    );
    s.close();

    let cli = std::path::Path::new(APP).with_file_name("regdesk");
    let mut checked = 0;
    for entry in std::fs::read_dir(&output).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "jpg") {
            let check = std::process::Command::new(&cli)
                .args(["photo", "check", "--json"])
                .arg(&path)
                .output()
                .unwrap();
            assert_eq!(check.status.code(), Some(0), "{}", path.display());
            checked += 1;
        }
    }
    assert_eq!(checked, 24, "one compliant photo per good input");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(output.join("regdesk-report.json")).unwrap())
            .unwrap();
    assert_eq!(report["complete"], true);
    assert_eq!(report["files"].as_array().unwrap().len(), 26);
    // The job is in the database, finished, with every item recorded.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let store = regdesk_store::Store::open(data.path()).await.unwrap();
        let jobs = regdesk_store::jobs::list(&store, 5).await.unwrap();
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].status, regdesk_store::jobs::JobStatus::Succeeded);
        assert_eq!((jobs[0].done, jobs[0].failed), (26, 2));
    });
    // The day's log names the command and the job's end, and no file or folder of the batch.
    let logs: Vec<_> = std::fs::read_dir(data.path().join("logs"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let log = logs.concat();
    assert!(
        log.contains("command=\"photo_batch\"") && log.contains("job end"),
        "{log}"
    );
    assert!(
        log.contains("command=\"list_jobs\"") && log.contains("ms="),
        "each command's end and duration: {log}"
    );
    assert!(!log.contains(&input.display().to_string()), "{log}");
}

/// A spec typed from an exam's notice in the window's form: refused with the field named
/// while its file-size window is upside down, then kept (KB counted as the notice counts them)
/// and chosen; the CLI sees the same spec in the workspace.
#[test]
fn a_spec_typed_in_the_form_is_checked_kept_and_chosen() {
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start();
    let s = driver.launch(APP.as_ref(), data.path());
    first_start(&s, None);
    s.find("[data-test=nav-photo]").click();
    s.find("[data-test=spec-form-open]").click();
    s.find("#spec-name-zh").type_text("测试考试蓝底照片");
    s.find("#spec-name-en").type_text("Test exam, blue");
    s.find("#spec-source").type_text("测试考试报名公告");
    // End, then Backspace over what the field holds, then the value.
    let number = |id: &str, value: &str| {
        s.find(id)
            .type_text(&format!("\u{E010}{}{value}", "\u{E003}".repeat(8)));
    };
    number("#spec-width", "295");
    number("#spec-height", "413");
    number("#spec-min-kb", "20");
    number("#spec-max-kb", "10");
    s.find("[data-test=spec-kb-1000]").click();
    s.find("[data-test=spec-bg-blue]").click();
    s.find("[data-test=spec-form-save]").click();
    // The core refuses it; the form names its own row (文件大小) before the core's rule.
    s.wait_for("[data-test=spec-form-error]", |t| {
        t.starts_with("文件大小：") && (t.contains("maxBytes") || t.contains("minBytes"))
    });
    number("#spec-max-kb", "40");
    s.find("[data-test=spec-form-save]").click();
    s.wait_for("[data-test=photo-spec]", |t| {
        t.contains("测试考试蓝底照片 · 295×413 · 20–40 KB · 蓝色")
    });
    let chosen = s.execute(
        "const e = document.querySelector('[data-test=photo-spec]'); return e.options[e.selectedIndex].text;",
        &[],
    );
    assert!(
        chosen
            .as_str()
            .unwrap_or_default()
            .contains("测试考试蓝底照片"),
        "{chosen}"
    );
    s.close();

    let kept: Vec<serde_json::Value> = std::fs::read_dir(data.path().join("photo-specs"))
        .unwrap()
        .map(|f| serde_json::from_slice(&std::fs::read(f.unwrap().path()).unwrap()).unwrap())
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let spec = &kept[0];
    assert_eq!(spec["width"], 295);
    assert_eq!(spec["minBytes"], 20_000);
    assert_eq!(spec["maxBytes"], 40_000);
    assert_eq!(spec["kbUnit"], 1000);
    assert_eq!(spec["background"], "blue");
}
