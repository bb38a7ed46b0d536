//! One ticket on an A4 page: a framed card in the upper half (fold or cut below it), fields
//! on the left, the photo top right, the QR code bottom right, the notes underneath.

use printpdf::{
    FontId, Mm, Op, PaintMode, PdfFontHandle, PdfPage, Point, Pt, Rect, TextItem, XObjectId,
    XObjectTransform,
};

use crate::TicketData;

/// 注意事项 printed on every ticket.
pub const NOTES_ZH: [&str; 4] = [
    "1. 请携带本准考证和本人有效身份证件原件，于开考前 30 分钟到达考点。",
    "2. 须按本准考证所列批次、时间、考点和座位号参加考试。",
    "3. 意向考试区域仅为志愿，以本准考证所列考点为准。",
    "4. 本准考证须保持整洁，不得涂改。",
];

const PAGE_W: f32 = 595.28;
const CARD_X: f32 = 40.0;
const CARD_W: f32 = PAGE_W - 2.0 * CARD_X;
const CARD_TOP: f32 = 800.0;
const LABEL_X: f32 = 64.0;
const VALUE_X: f32 = 150.0;
const ROW: f32 = 24.0;
const FIELD_SIZE: f32 = 12.0;
/// 30 × 41.5 mm: the 260:360 photo at a common print size.
const PHOTO_W: f32 = 85.04;
const PHOTO_H: f32 = PHOTO_W * 360.0 / 260.0;
const PHOTO_X: f32 = CARD_X + CARD_W - 24.0 - PHOTO_W;
const PHOTO_TOP: f32 = CARD_TOP - 70.0;
const QR_SIDE: f32 = 92.0;

struct Page<'a> {
    ops: Vec<Op>,
    font: &'a FontId,
}

impl Page<'_> {
    fn text(&mut self, x: f32, y: f32, size: f32, s: &str) {
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(self.font.clone()),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point { x: Pt(x), y: Pt(y) },
            },
            Op::ShowText {
                items: vec![TextItem::Text(s.to_string())],
            },
            Op::EndTextSection,
        ]);
    }

    fn image(&mut self, id: &XObjectId, x: f32, y: f32, w: f32, h: f32) {
        self.ops.push(Op::UseXobject {
            id: id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(y)),
                scale_x: Some(w),
                scale_y: Some(h),
                ..Default::default()
            },
        });
    }

    fn frame(&mut self, x: f32, y: f32, w: f32, h: f32) {
        let mut rect = Rect::from_xywh(Pt(x), Pt(y), Pt(w), Pt(h));
        rect.mode = Some(PaintMode::Stroke);
        self.ops.push(Op::DrawRectangle { rectangle: rect });
    }
}

/// Width of `s` at `size` pt: CJK glyphs are square, Latin ones about half as wide.
fn approx_width(s: &str, size: f32) -> f32 {
    s.chars()
        .map(|c| if c.is_ascii() { 0.55 } else { 1.0 })
        .sum::<f32>()
        * size
}

/// Splits `s` into lines no wider than `width` (by the estimate above).
fn wrap(s: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = vec![String::new()];
    for c in s.chars() {
        let last = lines.last_mut().expect("never empty");
        let mut candidate = last.clone();
        candidate.push(c);
        if approx_width(&candidate, size) > width && !last.is_empty() {
            lines.push(c.to_string());
        } else {
            *last = candidate;
        }
    }
    lines
}

pub fn page(t: &TicketData, font: &FontId, photo: &XObjectId, qr: &XObjectId) -> PdfPage {
    let mut p = Page {
        ops: Vec::with_capacity(96),
        font,
    };
    let title = "准 考 证";
    p.text(
        (PAGE_W - approx_width(title, 24.0)) / 2.0,
        CARD_TOP - 40.0,
        24.0,
        title,
    );
    let subtitle = "Admission Ticket";
    p.text(
        (PAGE_W - approx_width(subtitle, 9.0)) / 2.0,
        CARD_TOP - 55.0,
        9.0,
        subtitle,
    );
    p.image(photo, PHOTO_X, PHOTO_TOP - PHOTO_H, PHOTO_W, PHOTO_H);
    p.frame(PHOTO_X, PHOTO_TOP - PHOTO_H, PHOTO_W, PHOTO_H);

    let rows: [(&str, &str); 9] = [
        ("姓　　名", &t.name),
        ("性　　别", &t.gender),
        ("身份证号", &t.id_number),
        ("报考项目", &t.exam_item),
        ("报名序列号", &t.serial_number),
        ("批　　次", &t.batch),
        ("考试时间", &t.session_time),
        ("考　　点", &t.site),
        ("座 位 号", &t.seat),
    ];
    let mut y = PHOTO_TOP - FIELD_SIZE;
    for (label, value) in rows {
        // Beside the photo values stop before it; below it they may use the full width.
        let right = if y > PHOTO_TOP - PHOTO_H - 4.0 {
            PHOTO_X - 8.0
        } else {
            CARD_X + CARD_W - 24.0
        };
        p.text(LABEL_X, y, FIELD_SIZE, label);
        for line in wrap(value, FIELD_SIZE, right - VALUE_X) {
            p.text(VALUE_X, y, FIELD_SIZE, &line);
            y -= FIELD_SIZE + 4.0;
        }
        y -= ROW - FIELD_SIZE - 4.0;
    }
    if let Some(region) = &t.region {
        p.text(
            LABEL_X,
            y,
            9.0,
            &format!("意向考试区域（志愿，非考点）：{region}"),
        );
        y -= 16.0;
    }

    y -= 8.0;
    let qr_y = y - QR_SIDE + 10.0;
    p.image(qr, CARD_X + CARD_W - 24.0 - QR_SIDE, qr_y, QR_SIDE, QR_SIDE);
    p.text(LABEL_X, y, 11.0, "注意事项");
    y -= 16.0;
    let notes_width = CARD_W - QR_SIDE - 72.0;
    for note in NOTES_ZH {
        for line in wrap(note, 9.0, notes_width) {
            p.text(LABEL_X, y, 9.0, &line);
            y -= 13.0;
        }
    }
    let bottom = y.min(qr_y) - 16.0;
    p.frame(CARD_X, bottom, CARD_W, CARD_TOP - bottom);
    PdfPage::new(Mm(210.0), Mm(297.0), p.ops)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_character_and_the_width() {
        let s = "重庆市渝中区长江一路重庆医科大学附属第一医院继续教育学院三楼机房";
        let lines = wrap(s, 12.0, 120.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), s);
        assert!(lines.iter().all(|l| approx_width(l, 12.0) <= 120.0));
    }
}
