//! End-to-end tests of the real desktop window (tauri-driver + WebKitWebDriver under Xvfb).

mod support;

use support::webdriver::Driver;
use support::window::{centre_checks_messy_roster, first_start, APP};

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
    let profile = support::candidates::nurse_profile();
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
    // 李四's photo has no face: refused, counted with its reason, kept to fix.
    let ls = "500103198805120042";
    std::fs::copy(
        root.join("tests/fixtures/no_face.jpg"),
        materials.path().join(format!("{ls}.jpg")),
    )
    .unwrap();

    let driver = Driver::start();
    let s = driver.launch(APP.as_ref(), data.path());
    centre_checks_messy_roster(&s, materials.path());
    assert_eq!(s.texts("[data-test=roster-row]").len(), 9);
    s.find("[data-test=roster-commit]:not([disabled])").click();
    s.wait_for("[data-test=roster-counts]", |t| t.contains("已导入"));
    let photos = s.wait_for("[data-test=summary-photo]", |t| t.contains("已保存"));
    let photos = photos.text();
    assert!(
        photos.contains("已匹配 2") && photos.contains("已保存 1") && photos.contains("未通过 1"),
        "{photos}"
    );
    assert!(
        photos.contains("人脸") && photos.contains(&format!("{ls}.jpg")),
        "{photos}"
    );
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

    // The refused photo opens in 李四's crop editor, the reason beside it.
    s.find("[data-test=nav-batch]").click();
    s.find(&format!("[data-test=\"fix-{ls}\"]")).click();
    s.wait_for("[data-test=profile-wizard]", |t| t.contains("李四"));
    s.wait_for("[data-test=imported-refused-photo]", |t| t.contains("人脸"));
    s.find("[data-test=open-refused-photo]").click();
    s.find("[data-test=crop-editor]");
    s.wait_for("[data-test=refused-photo]", |t| t.contains("人脸"));
    s.close();
}
