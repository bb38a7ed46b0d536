//! End-to-end tests of the real desktop window (tauri-driver + WebKitWebDriver under Xvfb).

mod support;

use support::webdriver::{Driver, Session};

const APP: &str = env!("CARGO_BIN_EXE_regdesk-desktop");

/// Calls data commands straight from the page (as a hostile script would) and answers each
/// one's error code, or "answered" if one ran.
const CALL_WHILE_LOCKED: &str = r#"
const done = arguments[arguments.length - 1];
const invoke = window.__TAURI_INTERNALS__.invoke;
const calls = [
  ["list_candidates", {}],
  ["export_package", { args: { idNumber: "500101199003070014", path: "/tmp/x.zip" } }],
  ["review_queue", {}],
  ["diagnostics", {}],
  ["set_role", { args: { role: "reviewer" } }],
];
Promise.all(calls.map(([c, a]) => invoke(c, a).then(() => "answered", (e) => (e && e.code) || String(e)))).then(done);
"#;

/// Asks, from the page, to open files and a URL this session did not write (as a hostile
/// script would); answers each one's error code.
const OPEN_UNWRITTEN: &str = r#"
const done = arguments[arguments.length - 1];
const invoke = window.__TAURI_INTERNALS__.invoke;
const paths = ["/etc/passwd", "https://example.com/", "/tmp"];
Promise.all(paths.map((path) => invoke("open_in_viewer", { args: { path } }).then(() => "opened", (e) => (e && e.code) || String(e)))).then(done);
"#;

/// Asks, from the page, to save a JPEG to a path of the script's choosing (fire and forget:
/// the call waits for the native dialog a user would answer).
const SAVE_WHERE_I_SAY: &str = r#"
const [path] = arguments;
const jpeg = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACv/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AVN//2Q==";
window.__TAURI_INTERNALS__.invoke("save_photo", { args: { path, jpegBase64: jpeg } }).then(
  () => { window.__saved = "saved"; },
  (e) => { window.__saved = (e && e.code) || String(e); });
return "asked";
"#;

/// The first start every new workspace shows: role candidate, a name, optionally a password
/// (then the recovery key is shown once, and returned).
fn first_start(s: &Session, password: Option<&str>) -> Option<String> {
    s.find("[data-test=role-candidate]").click();
    s.find("#start-name").type_text("王芳");
    let mut recovery = None;
    if let Some(p) = password {
        s.find("#start-password").type_text(p);
        s.find("#start-confirm").type_text(p);
    }
    s.find("[data-test=start-go]").click();
    if password.is_some() {
        let key = s.find("[data-test=recovery-key]").text();
        s.find("[data-test=recovery-saved]").click();
        s.find("[data-test=recovery-done]").click();
        recovery = Some(key.trim().to_owned());
    }
    s.find("[data-test=register-form]");
    recovery
}

#[test]
fn candidate_and_language_choice_survive_a_restart_of_the_window() {
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start();

    let session = driver.launch(APP.as_ref(), data.path());
    assert_eq!(session.title(), "考试报名助手 RegDesk");
    let recovery = first_start(&session, Some("correct Horse 9!")).unwrap();
    assert_eq!(recovery.len(), 39, "{recovery}");
    let nav = session.texts(".n-menu-item-content");
    assert_eq!(
        nav.iter().map(|s| s.trim()).collect::<Vec<_>>(),
        ["个人中心", "个人资料", "证件照工具", "考试报名", "设置"],
        "Chinese navigation of a candidate (no bulk or review dead ends)"
    );
    session.find("#reg-name").type_text("张伟");
    session.find("[data-test=reg-gender-male]").click();
    session
        .find("#reg-id-number")
        .type_text("500101199003070014");
    session.wait_for("[data-test=reg-derived]", |t| t.contains("1990-03-07"));
    session.find("#reg-mobile").type_text("13800138000");
    session.find("#reg-email").type_text("zhangwei@example.com");
    session.find("[data-test=reg-submit]").click();
    session.wait_for("[data-test=cand-name]", |t| t == "张伟");
    session.find("[data-test=lang-en]").click();
    session.wait_for("[data-test=register-form] .n-card-header", |t| {
        t.contains("Register a candidate")
    });
    session.close();

    // A password was set: the window opens locked, refuses a wrong one, opens with the right one.
    let again = driver.launch(APP.as_ref(), data.path());
    again.find("[data-test=lock-screen]");
    // A script in the page gets nothing while locked: the gate refuses before any command runs.
    let refused = again.execute_async(CALL_WHILE_LOCKED);
    assert_eq!(
        refused,
        serde_json::json!(["locked", "locked", "locked", "locked", "locked"]),
        "{refused}"
    );
    again.find("#unlock-password").type_text("wrong password");
    again.find("[data-test=unlock-go]").click();
    // English was chosen before the restart, and the lock screen already speaks it.
    again.wait_for("[data-test=unlock-error]", |t| t.contains("wrong password"));
    again.find("#unlock-password").type_text("correct Horse 9!");
    again.find("[data-test=unlock-go]").click();
    again.wait_for("[data-test=cand-name]", |t| t == "张伟");
    again.wait_for("[data-test=register-form] .n-card-header", |t| {
        t.contains("Register a candidate")
    });
    // Unlocked, a script still cannot open what this session did not write.
    assert_eq!(
        again.execute_async(OPEN_UNWRITTEN),
        serde_json::json!(["invalid_input", "invalid_input", "invalid_input"])
    );
    // "Lock" locks again at once; the recovery key from the first start sets a new password.
    again.find("[data-test=lock-now]").click();
    again.find("[data-test=lock-screen]");
    assert_eq!(again.execute_async(CALL_WHILE_LOCKED)[0], "locked");
    again.find("[data-test=unlock-forgot]").click();
    again.find("#recover-key").type_text(&recovery);
    again.find("#recover-password").type_text("new Horse 10!");
    again.find("#recover-confirm").type_text("new Horse 10!");
    again.find("[data-test=recover-go]").click();
    again.wait_for("[data-test=cand-name]", |t| t == "张伟");
    again.find("[data-test=lang-zh]").click();
    again.wait_for("[data-test=register-form] .n-card-header", |t| {
        t.contains("注册考生")
    });
    again.close();

    // The file is encrypted: the stock sqlite3 shell cannot read it; the new password opens
    // the same row the CLI would see.
    let shell = std::process::Command::new("sqlite3")
        .arg(data.path().join("regdesk.db"))
        .arg(".tables")
        .output()
        .unwrap();
    assert!(!shell.status.success(), "{shell:?}");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    assert!(rt
        .block_on(regdesk_store::Store::open(data.path()))
        .is_err());
    let store = rt
        .block_on(regdesk_store::cipher::open_with_password(
            data.path(),
            Some("new Horse 10!"),
        ))
        .unwrap();
    let all = rt
        .block_on(regdesk_store::candidates::list(&store))
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id_number, "500101199003070014");
    let log = rt
        .block_on(regdesk_store::audit::history(
            &store,
            "candidate",
            "500101199003070014",
        ))
        .unwrap();
    assert_eq!(
        log[0].actor, "operator:1",
        "audit names the operator chosen at first start"
    );
}

/// Issue 5's path in the real window: register → basic info → uploads through the file input
/// (the engine frames the real portrait) → check & confirm → export to a typed path; the CLI
/// then verifies the package, and a copy with one JPEG byte changed is refused.
#[test]
fn candidate_path_from_registration_to_a_verified_package() {
    let data = tempfile::tempdir().unwrap();
    let fixture = |name: &str| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name)
            .display()
            .to_string()
    };
    let driver = Driver::start();
    let s = driver.launch(APP.as_ref(), data.path());
    first_start(&s, None);
    s.find("#reg-name").type_text("王芳");
    s.find("[data-test=reg-gender-female]").click();
    s.find("#reg-id-number").type_text("11010519491231002X");
    s.find("#reg-mobile").type_text("13900001111");
    s.find("#reg-email").type_text("wf@example.com");
    s.find("[data-test=reg-submit]").click();
    s.wait_for("[data-test=status-profile]", |t| t.contains("资料未填写"));

    s.find("[data-test=next-profile]").click();
    s.find("[data-test=edu-junior_college]").click();
    s.find("#basic-major").type_text("护理");
    s.find("#basic-employer").type_text("重庆市人民医院");
    s.wait_for("[data-test=basic-major-kind]", |t| t.contains("医学类"));
    s.find("[data-test=basic-save]").click();
    s.find("[data-test=step-uploads]");
    s.find("[data-test=slot-work_proof-optional]");

    for slot in ["id_front", "diploma", "photo"] {
        s.find(&format!("[data-test=file-{slot}]"))
            .type_text(&fixture("portrait_white.png"));
        s.find(&format!("[data-test=result-{slot}]"));
    }
    s.wait_for("[data-test=checks-photo]", |t| t.contains("✓"));
    s.find("[data-test=uploads-next]").click();
    s.find("[data-test=confirm-submit]").click();
    s.wait_for("[data-test=feedback-status]", |t| t.contains("提交成功"));

    let out = tempfile::tempdir().unwrap();
    s.find("#export-path")
        .type_text(&out.path().display().to_string());
    s.find("[data-test=export-package]").click();
    s.wait_for("[data-test=export-done]", |t| {
        t.contains("11010519491231002X.zip")
    });
    s.close();

    let package = out.path().join("11010519491231002X.zip");
    let cli = std::path::Path::new(APP).with_file_name("regdesk");
    assert!(cli.exists(), "the regdesk CLI is built beside the app");
    let verify = |file: &std::path::Path| {
        std::process::Command::new(&cli)
            .args(["package", "verify"])
            .arg(file)
            .status()
            .unwrap()
            .code()
    };
    assert_eq!(verify(&package), Some(0), "the exported package verifies");
    let tampered = out.path().join("tampered.zip");
    support::tamper::repack_with_one_byte_changed(
        &package,
        &tampered,
        "11010519491231002X_photo.jpg",
    );
    assert_eq!(
        verify(&tampered),
        Some(1),
        "one changed JPEG byte is detected"
    );
}

/// Issue 6's path in the real window: a candidate whose profile passed (prepared through the
/// same crates the app uses) reads the notice, chooses item and region, records payment and
/// serial; the exam office's session arrives (as an import would write it); the ticket PDF is
/// written to a typed path and reads back in Chinese.
#[test]
fn a_second_registration_within_the_year_from_notice_to_a_ticket_pdf() {
    use regdesk_core::process::{ProcessAction, ReviewDecision, SessionAssignment, SessionSource};
    use regdesk_core::{Actor, IdentityInput};
    use regdesk_store::{candidates, process, Store};

    const ID: &str = "11010519491231002X";
    const FIRST: &str = "health-manager-3-2027-1";
    const SECOND: &str = "health-manager-2-2027-1";
    let data = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let actor = Actor::Cli("e2e".into());
    let store = rt.block_on(Store::open(data.path())).unwrap();
    let identity = IdentityInput {
        name: "王芳".into(),
        gender: "female".into(),
        id_number: ID.into(),
        mobile: "13900001111".into(),
        email: "wf@example.com".into(),
    };
    assert!(
        rt.block_on(candidates::register(&store, &identity, &actor, false))
            .unwrap()
            .added
    );
    let photo = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/portrait_white.png"),
    )
    .unwrap();
    let attached = rt
        .block_on(regdesk_workflow::attach_file(
            &store,
            ID,
            regdesk_core::process::UploadSlot::Photo,
            "portrait_white.png",
            regdesk_workflow::Upload::File(photo.clone()),
            &Default::default(),
            &actor,
        ))
        .unwrap();
    assert!(attached.report.stored);
    let profile = regdesk_core::profile::Profile {
        education: regdesk_core::profile::Education::JuniorCollege,
        major: "护理".into(),
        employer: "重庆市人民医院".into(),
        invoice: regdesk_core::profile::Invoice::Personal,
        medical_override: None,
    };
    let steps = [
        ProcessAction::SaveBasic { profile },
        ProcessAction::CompleteUploads {
            slots: regdesk_core::process::UploadSlot::ALL.to_vec(),
        },
        ProcessAction::Submit,
        ProcessAction::RecordReview {
            decision: ReviewDecision::Passed,
            reasons: vec![],
            note: None,
            reviewer: None,
            decided_at: "2026-11-20".into(),
        },
        // The first registration of the year, paid and numbered earlier.
        ProcessAction::OpenRegistration {
            exam_session: FIRST.into(),
            region: Some("渝北区".into()),
        },
        ProcessAction::AcknowledgeNotice,
        ProcessAction::RecordPayment {
            reference: "YEEPAY-FIRST".into(),
        },
        ProcessAction::AssignSerial {
            serial_number: "CQ2026000001".into(),
        },
    ];
    rt.block_on(process::apply_all(&store, ID, None, &steps, &actor))
        .unwrap()
        .unwrap();

    let driver = Driver::start();
    let s = driver.launch(APP.as_ref(), data.path());
    first_start(&s, None);
    s.wait_for("[data-test=status-exam]", |t| t.contains("CQ2026000001"));
    s.find("[data-test=next-exam]").click();
    // The second registration, for another session of the catalogue, in the window.
    s.find("[data-test=session-select]").click();
    s.wait_for("[data-test=session-select] option", |t| t.contains("二级"))
        .click();
    s.find("[data-test=open-registration]").click();
    s.find(&format!("[data-test=reg-{SECOND}]"));
    s.find("[data-test=notice-read]").click();
    s.wait_for("[data-test=exam-item]", |t| t.contains("二级"));
    s.find("[data-test=region-select]").click();
    s.wait_for("[data-test=region-select] option", |t| t == "渝中区")
        .click();
    s.find("[data-test=exam-choose]").click();
    s.wait_for("[data-test=exam-chosen]", |t| t.contains("渝中区"));
    s.find("#pay-reference").type_text("YEEPAY2026112800017");
    s.find("[data-test=pay-record]").click();
    s.find("[data-test=exam-paid]");
    s.find("#serial-number").type_text("CQ2026000417");
    s.find("[data-test=serial-record]").click();
    s.wait_for("[data-test=exam-serial]", |t| t.contains("CQ2026000417"));

    // The exam office schedules the session and opens ticket printing.
    let office = [
        ProcessAction::AssignSession {
            session: SessionAssignment {
                batch: "第2批".into(),
                time: "2026-12-12 13:30".into(),
                site: "重庆卫生职业技能鉴定中心".into(),
                seat: "17".into(),
                source: SessionSource::Imported,
            },
        },
        ProcessAction::SetTicketOpening {
            date: "2026-01-01".into(),
        },
    ];
    rt.block_on(process::apply_all(
        &store,
        ID,
        Some(SECOND),
        &office,
        &actor,
    ))
    .unwrap()
    .unwrap();

    let out = tempfile::tempdir().unwrap();
    s.find("#ticket-path")
        .type_text(&out.path().display().to_string());
    s.find("[data-test=ticket-make]").click();
    s.wait_for("[data-test=ticket-done]", |t| t.contains(".pdf"));
    s.close();

    let pdf = out.path().join(format!("准考证_{ID}_{SECOND}.pdf"));
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("poppler-utils");
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("王芳") && text.contains("CQ2026000417"),
        "{text}"
    );
}

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

/// A fontconfig setup that shows the window no CJK font at all (DejaVu only, when present),
/// as on a fresh machine: whatever Chinese renders then comes from the bundled font.
fn fontconfig_without_cjk(dir: &std::path::Path) -> std::path::PathBuf {
    let fonts = dir.join("fonts");
    std::fs::create_dir_all(&fonts).unwrap();
    let dejavu = std::path::Path::new("/usr/share/fonts/truetype/dejavu");
    let mut dirs = format!("<dir>{}</dir>", fonts.display());
    if dejavu.is_dir() {
        dirs.push_str(&format!("<dir>{}</dir>", dejavu.display()));
    }
    let conf = dir.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n\
             <fontconfig>{dirs}<cachedir>{}</cachedir></fontconfig>\n",
            dir.join("cache").display()
        ),
    )
    .unwrap();
    conf
}

/// Draws text on a canvas in the page and returns its ink as a string of 0/1 per pixel.
const DRAW_TEXTS: &str = r##"
const done = arguments[arguments.length - 1];
(async () => {
  const family = '"RegDesk Sans SC"';
  await document.fonts.ready;
  await document.fonts.load(`40px ${family}`, "个人中心考试报名");
  const faces = [...document.fonts]
    .filter((f) => f.family.replace(/"/g, "") === "RegDesk Sans SC")
    .map((f) => f.status);
  const draw = (font, text) => {
    const c = document.createElement("canvas");
    c.width = 200; c.height = 56;
    const g = c.getContext("2d");
    g.fillStyle = "#fff"; g.fillRect(0, 0, c.width, c.height);
    g.fillStyle = "#000"; g.font = font; g.textBaseline = "top";
    g.fillText(text, 4, 6);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let bits = "";
    for (let i = 0; i < d.length; i += 4) bits += d[i] < 128 ? "1" : "0";
    return bits;
  };
  // Let the page repaint with the loaded font before the screenshot.
  await new Promise((r) => setTimeout(r, 400));
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const title = document.querySelector("[data-test=first-start] .n-card-header__main");
  const box = title.getBoundingClientRect();
  done({
    title: { text: title.textContent, x: box.x, y: box.y, w: box.width, h: box.height, dpr: devicePixelRatio },
    faces,
    check: document.fonts.check(`40px ${family}`, "个人中心"),
    centre: draw(`40px ${family}`, "个人中心"),
    exam: draw(`40px ${family}`, "考试报名"),
    missing: draw(`40px ${family}`, "\uE000\uE001\uE002\uE003"),
    systemCentre: draw("40px sans-serif", "个人中心"),
    bodyFont: getComputedStyle(document.body).fontFamily,
  });
})().catch((e) => done({ error: String(e) }));
"##;

#[test]
fn chinese_renders_with_the_bundled_font_when_the_system_has_none() {
    let fc = tempfile::tempdir().unwrap();
    let conf = fontconfig_without_cjk(fc.path());
    let data = tempfile::tempdir().unwrap();
    let driver = Driver::start_with_env(&[("FONTCONFIG_FILE", conf.as_path())]);
    let session = driver.launch(APP.as_ref(), data.path());
    session.find("[data-test=role-candidate]");

    let r = session.execute_async(DRAW_TEXTS);
    assert!(r.get("error").is_none(), "script failed: {}", r["error"]);
    assert_eq!(
        r["faces"],
        serde_json::json!(["loaded"]),
        "the bundled face is declared once and loaded"
    );
    assert_eq!(r["check"], true);
    assert!(
        r["bodyFont"]
            .as_str()
            .unwrap()
            .starts_with("\"RegDesk Sans SC\""),
        "the page's font stack starts with the bundled font: {}",
        r["bodyFont"]
    );
    let ink = |k: &str| {
        r[k].as_str()
            .unwrap()
            .bytes()
            .filter(|b| *b == b'1')
            .count()
    };
    let (centre, exam, missing) = (&r["centre"], &r["exam"], &r["missing"]);
    assert!(ink("centre") > 300 && ink("exam") > 300, "glyphs have ink");
    assert_ne!(centre, exam, "two different strings draw differently");
    assert_ne!(
        centre, missing,
        "个人中心 is not drawn as missing-glyph boxes"
    );
    assert_ne!(
        exam, missing,
        "考试报名 is not drawn as missing-glyph boxes"
    );
    // The window really has no CJK font of its own here: its fallback draws something else.
    assert_ne!(
        &r["systemCentre"], centre,
        "the system fallback is not what rendered"
    );

    // The page's own Chinese title is painted (not left blank while a font loads): count its
    // ink in a screenshot of the real window.
    let png = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        session.screenshot_base64(),
    )
    .unwrap();
    let shot = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("first-start-no-cjk.png");
    std::fs::write(&shot, &png).unwrap();
    let img = image::load_from_memory(&png).unwrap().to_luma8();
    let t = &r["title"];
    assert_eq!(t["text"], "欢迎使用考试报名助手");
    let scale = t["dpr"].as_f64().unwrap();
    let px = |k: &str| (t[k].as_f64().unwrap() * scale) as u32;
    let (x0, y0, w, h) = (px("x"), px("y"), px("w"), px("h"));
    let dark = (y0..(y0 + h).min(img.height()))
        .flat_map(|y| (x0..(x0 + w).min(img.width())).map(move |x| (x, y)))
        .filter(|&(x, y)| img.get_pixel(x, y)[0] < 128)
        .count();
    assert!(
        dark > 150,
        "the title's Chinese text is painted in the window ({dark} dark pixels; {})",
        shot.display()
    );
    session.close();
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

#[test]
fn a_centre_imports_a_roster_with_its_materials_and_opens_a_row_from_the_grid() {
    let data = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let materials = tempfile::tempdir().unwrap();
    let zs = "500103199001010037";
    std::fs::copy(
        root.join("tests/fixtures/portrait_white.png"),
        materials.path().join(format!("{zs}.jpg")),
    )
    .unwrap();
    std::fs::copy(
        root.join("tests/fixtures/beige_wall.jpg"),
        materials.path().join(format!("{zs}_学历.jpg")),
    )
    .unwrap();

    let driver = Driver::start();
    let s = driver.launch(APP.as_ref(), data.path());
    s.find("[data-test=role-training_centre]").click();
    s.find("#start-name").type_text("渝中培训中心");
    s.find("[data-test=start-go]").click();
    s.find("[data-test=bulk-page]");

    s.find("#roster-path").type_text(
        &root
            .join("tests/fixtures/roster/messy.xlsx")
            .display()
            .to_string(),
    );
    s.find("#roster-files")
        .type_text(&materials.path().display().to_string());
    // Enabled once the typed path reached the page's state.
    s.find("[data-test=roster-preview]:not([disabled])").click();
    s.wait_for("[data-test=roster-counts]", |t| t.contains("新增 2"));
    assert_eq!(s.texts("[data-test=roster-row]").len(), 9);
    s.find("[data-test=roster-commit]:not([disabled])").click();
    s.wait_for("[data-test=roster-counts]", |t| t.contains("已导入"));
    // The grid lists both, the photo and diploma of 张三 processed and stored.
    s.wait_for("[data-test=candidate-grid]", |t| t.contains(zs));
    let rows = s.texts("[data-test=grid-row]");
    assert_eq!(rows.len(), 2, "{rows:?}");
    let zs_row = rows.iter().find(|r| r.contains(zs)).unwrap();
    assert_eq!(
        zs_row.matches('✓').count(),
        2,
        "photo and diploma stored: {zs_row}"
    );
    // A row opens that candidate's profile to fix it.
    s.find(&format!(
        "[data-test=grid-row][data-id=\"{zs}\"] td:nth-child(2)"
    ))
    .click();
    s.wait_for("[data-test=profile-wizard]", |t| t.contains("张三"));
    s.close();
}

#[path = "support/intake.rs"]
mod intake;

/// A candidate as a centre prepares one, through the store: registered, photo, ID card and
/// diploma attached, a nurse's profile saved and, when asked, submitted for review.
fn prepared_candidate(
    rt: &tokio::runtime::Runtime,
    store: &regdesk_store::Store,
    id: &str,
    name: &str,
    gender: &str,
    submit: bool,
) {
    use regdesk_core::process::{ProcessAction, UploadSlot};
    use regdesk_core::{Actor, IdentityInput};
    use regdesk_store::{candidates, process};
    let actor = Actor::Cli("e2e".into());
    let identity = IdentityInput {
        name: name.into(),
        gender: gender.into(),
        id_number: id.into(),
        mobile: "13900001111".into(),
        email: "wf@example.com".into(),
    };
    assert!(
        rt.block_on(candidates::register(store, &identity, &actor, false))
            .unwrap()
            .added
    );
    let photo = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/portrait_white.png"),
    )
    .unwrap();
    for slot in [UploadSlot::Photo, UploadSlot::IdFront, UploadSlot::Diploma] {
        let attached = rt
            .block_on(regdesk_workflow::attach_file(
                store,
                id,
                slot,
                "portrait_white.png",
                regdesk_workflow::Upload::File(photo.clone()),
                &Default::default(),
                &actor,
            ))
            .unwrap();
        assert!(attached.report.stored, "{slot:?}");
    }
    let profile = regdesk_core::profile::Profile {
        education: regdesk_core::profile::Education::JuniorCollege,
        major: "护理".into(),
        employer: "重庆市人民医院".into(),
        invoice: regdesk_core::profile::Invoice::Personal,
        medical_override: None,
    };
    rt.block_on(process::apply_all(
        store,
        id,
        None,
        &[ProcessAction::SaveBasic { profile }],
        &actor,
    ))
    .unwrap()
    .unwrap();
    if submit {
        let report = rt
            .block_on(regdesk_workflow::submit_profile(store, id, &actor))
            .unwrap();
        assert!(report.submitted, "{report:?}");
    }
}

#[test]
fn a_candidate_sets_the_intake_service_once_submits_and_sees_the_review_come_back() {
    use regdesk_intake::storage::Role;

    const ID: &str = "11010519491231002X";
    let server = intake::TestServer::start("sqlite");
    let token = server.token("王芳本人", Role::Submitter);
    let reviewer = server.token("考试中心", Role::Reviewer);

    let data = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let store = rt
        .block_on(regdesk_store::Store::open(data.path()))
        .unwrap();
    prepared_candidate(&rt, &store, ID, "王芳", "female", false);
    drop(store);

    let driver = Driver::start();
    let s = driver.launch(APP.as_ref(), data.path());
    first_start(&s, None);
    // Set once: endpoint and token (the OS store, or the data folder when the session has none).
    s.find("[data-test=nav-settings]").click();
    s.find("[data-test=intake-endpoint] input")
        .type_text(&server.url);
    s.find("[data-test=intake-token] input").type_text(&token);
    s.find("[data-test=intake-allow-file]").click();
    s.find("[data-test=intake-save]").click();
    s.wait_for("[data-test=intake-token-store]", |t| {
        t.contains("令牌") && !t.contains("尚未")
    });
    assert_eq!(
        s.find("[data-test=intake-token] input").property("value"),
        ""
    );

    s.find("[data-test=nav-centre]").click();
    s.wait_for("[data-test=status-who]", |t| t.contains(ID));
    s.wait_for("[data-test=submission-status]", |t| t.contains("尚未报送"));
    s.find("[data-test=submission-submit]").click();
    s.wait_for("[data-test=submission-notice]", |t| {
        t.contains("已送达报送服务")
    });
    s.wait_for("[data-test=submission-status]", |t| t.contains("已接收"));
    let rows = server.rows();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, ID);
    // A second click never sends a second copy.
    s.find("[data-test=submission-submit]").click();
    s.wait_for("[data-test=submission-notice]", |t| {
        t.contains("已送达报送服务")
    });
    assert_eq!(server.count(), 1);

    // The exam office fails it; "刷新状态" brings the reason back onto the profile.
    let id = s.find("[data-test=submission-card] code").text();
    let agent: ureq::Agent = ureq::Agent::config_builder().proxy(None).build().into();
    agent
        .post(&format!("{}/v1/submissions/{}/decision", server.url, id.trim()))
        .header("Authorization", &format!("Bearer {reviewer}"))
        .send_json(serde_json::json!({"status": "failed", "reasons": ["photo.background_not_white"], "note": "背景偏灰，请重拍"}))
        .unwrap();
    s.find("[data-test=submission-refresh]").click();
    s.wait_for("[data-test=submission-status]", |t| {
        t.contains("审核未通过")
    });
    s.wait_for("[data-test=submission-card]", |t| {
        t.contains("背景偏灰，请重拍")
    });
    s.wait_for("[data-test=status-profile]", |t| t.contains("未通过"));
    s.close();

    // The token never went into the database.
    let db = std::fs::read(data.path().join("regdesk.db")).unwrap();
    assert!(!db.windows(token.len()).any(|w| w == token.as_bytes()));
}

#[test]
fn a_reviewer_fails_one_package_of_a_folder_and_the_centre_sees_the_reason_on_the_right_part() {
    const WF: &str = "11010519491231002X";
    const ZS: &str = "500103199001010037";
    let centre = tempfile::tempdir().unwrap();
    let packages = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let store = rt
        .block_on(regdesk_store::Store::open(centre.path()))
        .unwrap();
    for (id, name, gender) in [(WF, "王芳", "female"), (ZS, "张三", "male")] {
        prepared_candidate(&rt, &store, id, name, gender, true);
        let actor = regdesk_core::Actor::Cli("e2e".into());
        let (zip, _) = rt
            .block_on(regdesk_workflow::export_package(&store, id, &actor))
            .unwrap();
        std::fs::write(packages.path().join(format!("{id}.zip")), zip).unwrap();
    }
    drop(store);

    // The reviewer's PC: a folder of packages opened, 张三's ID card failed with a reason.
    let desk = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let driver = Driver::start();
    let s = driver.launch(APP.as_ref(), desk.path());
    s.find("[data-test=role-reviewer]").click();
    s.find("#start-name").type_text("审核员甲");
    s.find("[data-test=start-go]").click();
    s.find("[data-test=review-page]");
    s.find("[data-test=review-paths] textarea")
        .type_text(&packages.path().display().to_string());
    s.find("[data-test=review-open]:not([disabled])").click();
    s.wait_for("[data-test=review-notice]", |t| {
        t.contains("已打开 2 个包：有效 2")
    });
    s.find(&format!("[data-test=review-row-{ZS}]")).click();
    s.wait_for("[data-test=review-detail-name]", |t| t.contains("张三"));
    s.wait_for("[data-test=review-signer]", |t| t.contains("未知签名者"));
    s.find("[data-test=review-photo] img");
    s.find("[data-test=\"review-reason-id_front.unclear\"]")
        .click();
    s.find("[data-test=review-fail]").click();
    s.wait_for("[data-test=review-decided]", |t| {
        t.contains("张三 — 已记录：未通过")
    });
    s.find("[data-test=review-export-path] input")
        .type_text(&out.path().display().to_string());
    s.find("[data-test=review-export]:not([disabled])").click();
    s.wait_for("[data-test=review-notice]", |t| {
        t.contains("已导出 1 条决定")
    });
    s.close();
    let file = out.path().join("decisions.jsonl");
    assert_eq!(std::fs::read_to_string(&file).unwrap().lines().count(), 1);

    // The centre imports the file: the reason lands on 张三's ID card, 王芳 is untouched.
    let s = driver.launch(APP.as_ref(), centre.path());
    s.find("[data-test=role-training_centre]").click();
    s.find("#start-name").type_text("渝中培训中心");
    s.find("[data-test=start-go]").click();
    s.find("[data-test=bulk-page]");
    s.find("[data-test=nav-centre]").click();
    s.find("[data-test=decision-import-paths] textarea")
        .type_text(&file.display().to_string());
    s.find("[data-test=decision-import-go]:not([disabled])")
        .click();
    s.wait_for("[data-test=decision-import-notice]", |t| {
        t.contains("应用 1")
    });
    s.find("[data-test=nav-batch]").click();
    s.find(&format!(
        "[data-test=grid-row][data-id=\"{ZS}\"] td:nth-child(2)"
    ))
    .click();
    s.wait_for("[data-test=profile-wizard]", |t| t.contains("张三"));
    s.find("[data-test=wizard-step-1]").click();
    s.wait_for("[data-test=slot-id_front]", |t| t.contains("身份证"));
    let id_card = s.find("[data-test=slot-id_front]").text();
    let photo = s.find("[data-test=slot-photo]").text();
    let reason = regdesk_core::review::find("id_front.unclear")
        .unwrap()
        .message_zh;
    assert!(id_card.contains(reason), "{id_card}");
    assert!(!photo.contains(reason), "{photo}");
    s.close();
}

/// A script in the page names where to write: the app opens the native save dialog and waits
/// for the user; nothing appears at the script's path (no test switch in this run).
#[test]
fn a_script_cannot_save_where_it_likes_the_native_dialog_waits_for_the_user() {
    let data = tempfile::tempdir().unwrap();
    let target = tempfile::tempdir().unwrap();
    let evil = target.path().join("evil.jpg");
    let driver = Driver::start_with_native_dialogs();
    let s = driver.launch(APP.as_ref(), data.path());
    first_start(&s, None);
    let asked = s.execute(
        SAVE_WHERE_I_SAY,
        &[serde_json::json!(evil.to_str().unwrap())],
    );
    assert_eq!(asked, "asked");
    std::thread::sleep(std::time::Duration::from_secs(3));
    assert!(
        !evil.exists(),
        "a script wrote {} without the user",
        evil.display()
    );
    assert_eq!(
        s.execute("return window.__saved ?? 'waiting';", &[]),
        "waiting",
        "the call waits for the dialog"
    );
    s.close();
}
