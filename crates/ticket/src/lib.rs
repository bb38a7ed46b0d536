//! Admission tickets (准考证) as PDF. One ticket per A4 page, any number in one document.
//! The photo is embedded as the exact stored JPEG bytes (DCTDecode, no re-encode), the CJK
//! font is embedded as a subset, and a QR code carries the serial and ID numbers.

mod font;
mod layout;
mod photo;
mod qr;

use serde::{Deserialize, Serialize};

pub use layout::NOTES_ZH;
pub use qr::qr_payload;

/// Everything printed on one ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketData {
    pub name: String,
    /// 男 / 女.
    pub gender: String,
    pub id_number: String,
    pub exam_item: String,
    pub region: Option<String>,
    pub serial_number: String,
    pub batch: String,
    pub session_time: String,
    pub site: String,
    pub seat: String,
    /// The stored 260×360 ID photo, embedded byte for byte.
    pub photo_jpeg: Vec<u8>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TicketError {
    #[error("no tickets to print")]
    Empty,
    #[error("photo of {id_number} is not a usable JPEG: {detail}")]
    Photo { id_number: String, detail: String },
    #[error("QR code for {id_number}: {detail}")]
    Qr { id_number: String, detail: String },
    #[error("embedded font unreadable")]
    Font,
}

/// Renders the tickets, one per page, into PDF bytes.
pub fn render_tickets(tickets: &[TicketData]) -> Result<Vec<u8>, TicketError> {
    if tickets.is_empty() {
        return Err(TicketError::Empty);
    }
    let font = font::cjk_font()?;
    let mut doc = printpdf::PdfDocument::new("准考证 Admission tickets");
    let font_id = doc.add_font(font);
    let mut pages = Vec::with_capacity(tickets.len());
    for t in tickets {
        let photo = photo::jpeg_xobject(&t.photo_jpeg).map_err(|detail| TicketError::Photo {
            id_number: t.id_number.clone(),
            detail,
        })?;
        let photo_id = doc.add_xobject(&photo);
        let qr = qr::qr_xobject(&qr_payload(t)).map_err(|detail| TicketError::Qr {
            id_number: t.id_number.clone(),
            detail,
        })?;
        let qr_id = doc.add_xobject(&qr);
        pages.push(layout::page(t, &font_id, &photo_id, &qr_id));
    }
    doc.with_pages(pages);
    let mut warnings = Vec::new();
    Ok(doc.save(&printpdf::PdfSaveOptions::default(), &mut warnings))
}
