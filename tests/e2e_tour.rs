//! Every screen of the real window at 1280×800 and 1024×700, in Chinese and English, as the
//! three users meet them: nothing wider than the window, the grid's rows one or two lines tall
//! with 400 candidates, the review desk's tabs clear of its header. With `REGDESK_TOUR_OUT`
//! set (scripts/screenshot.sh --tour) each screen is also saved there as a PNG.

mod support;

use std::path::{Path, PathBuf};

use base64::Engine;
use support::candidates::two_packages;
use support::webdriver::{Driver, Session};
use support::window::{centre_checks_messy_roster, APP};

const SIZES: [(u32, u32); 2] = [(1280, 800), (1024, 700)];
const LANGS: [&str; 2] = ["zh", "en"];

fn out_dir() -> Option<PathBuf> {
    std::env::var_os("REGDESK_TOUR_OUT").map(PathBuf::from)
}

/// Checks the screen on show and, on a tour, saves it as `<name>-<lang>-<width>.png`.
fn look(s: &Session, name: &str, lang: &str, width: u32) {
    // Let transitions and the last data load settle before measuring.
    std::thread::sleep(std::time::Duration::from_millis(600));
    let overflow = s.execute(
        "const d = document.documentElement; return [d.scrollWidth, window.innerWidth];",
        &[],
    );
    let (scroll, inner) = (overflow[0].as_u64().unwrap(), overflow[1].as_u64().unwrap());
    assert!(
        scroll <= inner + 1,
        "{name} ({lang}, {width}px): the page is {scroll}px wide in a {inner}px window"
    );
    if lang == "en" {
        // English mode writes English: no Chinese punctuation beside English words (Chinese
        // data such as 健康管理师（三级） keeps its own).
        // Text marked lang="zh-CN" is a quotation (an exam office's own words): left out.
        let text = s.execute(
            "const q = [...document.querySelectorAll('body [lang^=zh]')];
             q.forEach(e => e.style.display = 'none');
             const t = document.body.innerText;
             q.forEach(e => e.style.display = '');
             return t;",
            &[],
        );
        let text = text.as_str().unwrap_or_default();
        let bad: Vec<&str> = text
            .lines()
            .filter(|l| chinese_mark_in_english(l))
            .collect();
        assert!(bad.is_empty(), "{name} ({width}px) in English: {bad:?}");
    }
    if let Some(dir) = out_dir() {
        std::fs::create_dir_all(&dir).unwrap();
        let png = base64::engine::general_purpose::STANDARD
            .decode(s.screenshot_base64())
            .unwrap();
        std::fs::write(dir.join(format!("{name}-{lang}-{width}.png")), png).unwrap();
    }
}

/// A full-width mark with an ASCII letter, digit or space on either side.
fn chinese_mark_in_english(line: &str) -> bool {
    let chars: Vec<char> = line.chars().collect();
    chars.iter().enumerate().any(|(i, c)| {
        "：；。，（）".contains(*c)
            && [i.checked_sub(1), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter_map(|j| chars.get(j))
                .any(|n| n.is_ascii_alphanumeric() || *n == ' ')
    })
}

/// 400 candidates in the workspace, as a centre's roster leaves them (through the store).
fn four_hundred(data: &Path) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let store = rt.block_on(regdesk_store::Store::open(data)).unwrap();
    let actor = regdesk_core::Actor::Cli("tour".into());
    for i in 0..400u32 {
        let id = id_number(i);
        let identity = regdesk_core::IdentityInput {
            name: name(i),
            gender: if id.as_bytes()[16] % 2 == 1 {
                "male"
            } else {
                "female"
            }
            .into(),
            id_number: id,
            mobile: format!("139{:08}", i),
            email: format!("c{i}@example.com"),
        };
        let added = rt
            .block_on(regdesk_store::candidates::register(
                &store, &identity, &actor, false,
            ))
            .unwrap();
        assert!(added.added, "{identity:?}: {added:?}");
    }
}

/// 400 different Chinese names: surname, given name and a third character.
fn name(i: u32) -> String {
    let pick = |set: &str, n: u32| set.chars().nth(n as usize).unwrap();
    let (a, b, c) = (i % 10, (i / 10) % 10, i / 100);
    format!(
        "{}{}{}",
        pick("王李张刘陈杨赵黄周吴", a),
        pick("芳伟娜敏静丽强磊军洋", b),
        pick("明华平红", c)
    )
}

/// A valid ID number (check digit computed) born on 1985-05-05, sequence `i`.
fn id_number(i: u32) -> String {
    let body = format!("50010319850505{:03}", i % 1000);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: &[u8; 11] = b"10X98765432";
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(b, w)| (b - b'0') as u32 * w)
        .sum();
    format!("{body}{}", C[(sum % 11) as usize] as char)
}

/// Opens an area from the side menu, at the top of its page (the last page's scroll stays).
fn go(s: &Session, area: &str, ready: &str) {
    s.find(&format!("[data-test=nav-{area}]")).click();
    s.find(ready);
    s.execute(
        "document.querySelectorAll('*').forEach(e => { if (e.scrollTop) e.scrollTop = 0; })",
        &[],
    );
}

#[test]
fn the_centre_screens_fit_both_sizes_in_both_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (width, height) in SIZES {
        let data = tempfile::tempdir().unwrap();
        four_hundred(data.path());
        let materials = tempfile::tempdir().unwrap();
        std::fs::copy(
            root.join("tests/fixtures/no_face.jpg"),
            materials.path().join("500103198805120042.jpg"),
        )
        .unwrap();
        std::fs::copy(
            root.join("tests/fixtures/portrait_white.png"),
            materials.path().join("500103199001010037.jpg"),
        )
        .unwrap();
        let driver = Driver::start();
        let s = driver.launch(APP.as_ref(), data.path());
        s.set_window_size(width, height);
        s.find("[data-test=first-start]");
        look(&s, "start", "zh", width);
        centre_checks_messy_roster(&s, materials.path());
        s.find("[data-test=roster-commit]:not([disabled])").click();
        s.wait_for("[data-test=materials-summary]", |t| t.contains("已保存"));
        s.wait_for("[data-test=candidate-grid]", |t| t.contains("402"));
        for lang in LANGS {
            s.click(&format!("[data-test=lang-{lang}]"));
            go(&s, "batch", "[data-test=bulk-page]");
            look(&s, "batch", lang, width);
            // The grid: 400 rows and more, each one or two lines tall.
            let heights = s.execute(
                "return [...document.querySelectorAll('[data-test=grid-row]')].map(r => r.getBoundingClientRect().height)",
                &[],
            );
            let heights: Vec<f64> = heights
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h.as_f64().unwrap())
                .collect();
            assert!(heights.len() >= 5, "{heights:?}");
            assert!(
                heights.iter().all(|h| *h <= 60.0),
                "{lang} {width}px: grid rows {heights:?}"
            );
            s.execute(
                "document.querySelector('[data-test=candidate-grid]').scrollIntoView()",
                &[],
            );
            look(&s, "grid", lang, width);
            s.find("[data-test=\"fix-500103198805120042\"]").click();
            s.find("[data-test=imported-refused-photo]");
            look(&s, "profile-refused-photo", lang, width);
            go(&s, "centre", "[data-test=register-form]");
            look(&s, "centre", lang, width);
            go(&s, "photo", "[data-test=photo-tool]");
            look(&s, "photo", lang, width);
            go(
                &s,
                "exam",
                "[data-test=exam-page], [data-test=exam-not-passed]",
            );
            look(&s, "exam", lang, width);
            go(&s, "settings", "[data-test=settings-role]");
            look(&s, "settings", lang, width);
        }
        s.close();
    }
}

#[test]
fn the_review_desk_fits_both_sizes_in_both_languages() {
    let centre = tempfile::tempdir().unwrap();
    let packages = tempfile::tempdir().unwrap();
    let [_, zs] = two_packages(centre.path(), packages.path());
    for (width, height) in SIZES {
        let data = tempfile::tempdir().unwrap();
        let driver = Driver::start();
        let s = driver.launch(APP.as_ref(), data.path());
        s.set_window_size(width, height);
        s.find("[data-test=first-start]");
        std::thread::sleep(std::time::Duration::from_millis(500));
        s.find("[data-test=role-reviewer]").click();
        s.find("#start-name").type_text("审核员");
        s.find("[data-test=start-go]").click();
        for lang in LANGS {
            s.click(&format!("[data-test=lang-{lang}]"));
            go(&s, "review", "[data-test=review-page]");
            look(&s, "review", lang, width);
            go(&s, "settings", "[data-test=settings-role]");
            look(&s, "settings-reviewer", lang, width);
        }
        // The desk with packages: one opened, its header (name, ID, state) clear of the
        // queue's state tabs, its photos inside the column.
        go(&s, "review", "[data-test=review-page]");
        s.find("[data-test=review-paths] textarea")
            .type_text(&packages.path().display().to_string());
        s.find("[data-test=review-open]:not([disabled])").click();
        s.find(&format!("[data-test=review-row-{zs}]")).click();
        for lang in LANGS {
            s.click(&format!("[data-test=lang-{lang}]"));
            s.find("[data-test=review-photo] img");
            look(&s, "review-package", lang, width);
            let covered = desk_header_covered(&s);
            assert!(
                covered.is_empty(),
                "review desk ({lang}, {width}px): {covered:?}"
            );
            let data = s.find("[data-test=review-data]").text();
            if lang == "en" {
                assert!(
                    data.contains("Male") && !data.contains('男'),
                    "declared data in English: {data}"
                );
            }
        }
        s.close();
    }
}

/// What covers the package header on the desk, or pushes a photo past its column.
fn desk_header_covered(s: &Session) -> Vec<String> {
    let hits = s.execute(
        r#"const hits = [];
           for (const sel of ["review-detail-name", "review-detail-id", "review-detail-state"]) {
             const e = document.querySelector(`[data-test=${sel}]`);
             if (!e) { hits.push(`${sel} is missing`); continue; }
             e.scrollIntoView({ block: "center" });
             const r = e.getBoundingClientRect();
             for (const [x, y] of [[r.left + 2, r.top + 2], [r.right - 2, r.bottom - 2], [(r.left + r.right) / 2, (r.top + r.bottom) / 2]]) {
               const top = document.elementFromPoint(x, y);
               if (!top || !(top === e || e.contains(top))) hits.push(`${sel} covered at (${Math.round(x)}, ${Math.round(y)}) by ${top ? top.outerHTML.slice(0, 100) : "nothing"}`);
             }
           }
           const column = document.querySelector("[data-test=review-detail]").getBoundingClientRect();
           // What shows of a photo is its frame (a zoomed one scrolls inside it).
           for (const frame of document.querySelectorAll("[data-test=review-photo] figure")) {
             const r = frame.getBoundingClientRect();
             if (r.right > column.right + 1) hits.push(`a photo ends at ${Math.round(r.right)} px, the column at ${Math.round(column.right)} px`);
           }
           return hits;"#,
        &[],
    );
    hits.as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap_or_default().to_owned())
        .collect()
}
