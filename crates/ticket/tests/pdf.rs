//! Tickets read back with poppler (pdftotext, pdffonts, pdfimages, pdfinfo, pdftoppm) and the
//! QR code decoded from the rendered page by an independent decoder (rqrr).

use std::path::Path;
use std::process::Command;

use regdesk_ticket::{render_tickets, TicketData, TicketError};

fn photo_jpeg() -> Vec<u8> {
    let src = image::open(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/portrait_white.png"
    ))
    .unwrap();
    let img = src.resize_exact(260, 360, image::imageops::FilterType::Triangle);
    let mut out = std::io::Cursor::new(Vec::new());
    img.to_rgb8()
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .unwrap();
    out.into_inner()
}

fn ticket(name: &str, serial: &str) -> TicketData {
    TicketData {
        name: name.into(),
        gender: "女".into(),
        id_number: "11010519491231002X".into(),
        exam_item: "健康管理师（三级）".into(),
        region: Some("渝北区".into()),
        serial_number: serial.into(),
        batch: "第2批".into(),
        session_time: "2026-12-12 09:00–11:00".into(),
        site: "重庆医科大学继续教育学院三楼机房（渝中区医学院路1号）".into(),
        seat: "17".into(),
        photo_jpeg: photo_jpeg(),
    }
}

fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} must be installed (poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{tool} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn write(dir: &Path, pdf: &[u8]) -> String {
    let path = dir.join("t.pdf");
    std::fs::write(&path, pdf).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn one_ticket_reads_back_in_chinese_with_a_subset_font_and_the_exact_photo() {
    let dir = tempfile::tempdir().unwrap();
    let t = ticket("欧阳明珠", "CQ2026000123");
    let pdf = render_tickets(std::slice::from_ref(&t)).unwrap();
    assert!(pdf.len() < 150_000, "ticket is {} bytes", pdf.len());
    let file = write(dir.path(), &pdf);

    let text = run("pdftotext", &["-layout", &file, "-"]);
    for expected in [
        "欧阳明珠",
        "CQ2026000123",
        "11010519491231002X",
        "健康管理师（三级）",
    ] {
        assert!(text.contains(expected), "{expected:?} not in {text}");
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(compact.contains("准考证"), "title missing: {text}");

    // Subset fonts are named with a six-letter tag: "ABCDEF+Name".
    let fonts = run("pdffonts", &[&file]);
    let font_line = fonts.lines().nth(2).expect("one font listed");
    let tag = font_line.split('+').next().unwrap();
    assert!(
        tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
        "not a subset: {fonts}"
    );
    assert!(font_line.contains(" yes "), "font not embedded: {fonts}");

    // pdfimages -j writes DCT streams out unchanged: the first image is the photo.
    let prefix = dir.path().join("img");
    run("pdfimages", &["-j", &file, prefix.to_str().unwrap()]);
    let embedded = std::fs::read(dir.path().join("img-000.jpg")).unwrap();
    assert_eq!(embedded, t.photo_jpeg, "photo bytes changed");
}

#[test]
fn qr_code_on_the_rendered_page_carries_serial_and_id_number() {
    let dir = tempfile::tempdir().unwrap();
    let t = ticket("张三", "0000417");
    let file = write(
        dir.path(),
        &render_tickets(std::slice::from_ref(&t)).unwrap(),
    );
    let png = dir.path().join("page");
    run(
        "pdftoppm",
        &[
            "-r",
            "150",
            "-png",
            "-singlefile",
            &file,
            png.to_str().unwrap(),
        ],
    );
    let page = image::open(dir.path().join("page.png")).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(page);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one QR code on the page");
    let (_, content) = grids[0].decode().unwrap();
    let v: serde_json::Value = serde_json::from_str(&content).unwrap();
    assert_eq!(v["serialNumber"], "0000417");
    assert_eq!(v["idNumber"], "11010519491231002X");
}

#[test]
fn many_tickets_one_page_each() {
    let dir = tempfile::tempdir().unwrap();
    let tickets: Vec<_> = (0..5)
        .map(|i| ticket(&format!("考生{i}"), &format!("S{i:03}")))
        .collect();
    let file = write(dir.path(), &render_tickets(&tickets).unwrap());
    let info = run("pdfinfo", &[&file]);
    assert!(info
        .lines()
        .any(|l| l.starts_with("Pages:") && l.ends_with(" 5")));
    for (i, t) in tickets.iter().enumerate() {
        let p = (i + 1).to_string();
        let text = run("pdftotext", &["-f", &p, "-l", &p, &file, "-"]);
        assert!(text.contains(&t.name) && text.contains(&t.serial_number));
    }
}

#[test]
fn nothing_to_print_or_a_broken_photo_is_an_error() {
    assert_eq!(render_tickets(&[]), Err(TicketError::Empty));
    let mut t = ticket("李四", "1");
    t.photo_jpeg = b"not a jpeg".to_vec();
    assert!(matches!(
        render_tickets(&[t]),
        Err(TicketError::Photo { .. })
    ));
}
