//! 1 000 tickets in one PDF (the bulk print of a training centre), against the baseline of
//! the same 1 000 tickets rendered one PDF each (what a per-candidate loop would do).

use criterion::{criterion_group, criterion_main, Criterion};
use regdesk_ticket::{render_tickets, TicketData};

fn sample_tickets(n: usize) -> Vec<TicketData> {
    let photo = sample_photo();
    (0..n)
        .map(|i| TicketData {
            name: format!("测试考生{i:04}"),
            gender: if i % 2 == 0 { "男" } else { "女" }.into(),
            id_number: format!("11010519491231{:04}", i % 10_000),
            exam_item: "健康管理师（三级）".into(),
            region: Some("渝中区".into()),
            serial_number: format!("CQ2026{i:06}"),
            batch: format!("第{}批", i / 60 + 1),
            session_time: "2026-12-12 09:00–11:00".into(),
            site: "重庆医科大学继续教育学院机房".into(),
            seat: format!("{:02}", i % 60 + 1),
            photo_jpeg: photo.clone(),
        })
        .collect()
}

/// A real 260×360 JPEG of about 30 KB (noise keeps the size realistic).
fn sample_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(260, 360, |x, y| {
        let n = ((x * 7919 + y * 104_729) % 61) as u8;
        image::Rgb([200 + n / 2, 180 + n / 3, 170 + n])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageFormat::Jpeg)
        .unwrap();
    out.into_inner()
}

fn tickets(c: &mut Criterion) {
    let all = sample_tickets(1000);
    let mut g = c.benchmark_group("tickets");
    g.sample_size(10);
    g.bench_function("1000_in_one_pdf", |b| {
        b.iter(|| render_tickets(&all).unwrap().len())
    });
    g.bench_function("baseline_1000_separate_pdfs", |b| {
        b.iter(|| {
            all.iter()
                .map(|t| render_tickets(std::slice::from_ref(t)).unwrap().len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, tickets);
criterion_main!(benches);
