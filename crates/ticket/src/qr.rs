//! The QR code as a 1-bit image XObject (one pixel per module, scaled up without
//! interpolation): a few dozen bytes per ticket instead of hundreds of rectangles.

use std::collections::BTreeMap;

use printpdf::{DictItem, ExternalStream, ExternalXObject};
use qrcode::{Color, EcLevel, QrCode};

use crate::TicketData;

/// Modules of white border the QR standard asks for around the code.
pub const QUIET_ZONE: usize = 4;

/// What the code carries: compact JSON with the serial and ID numbers, readable by any
/// scanner app and by the exam office's own tools.
pub fn qr_payload(t: &TicketData) -> String {
    serde_json::json!({ "serialNumber": t.serial_number, "idNumber": t.id_number }).to_string()
}

pub fn qr_xobject(payload: &str) -> Result<ExternalXObject, String> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .map_err(|e| e.to_string())?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = modules + 2 * QUIET_ZONE;
    let row_bytes = side.div_ceil(8);
    // DeviceGray at 1 bit: 1 = white, 0 = black.
    let mut bits = vec![0xFFu8; row_bytes * side];
    for y in 0..modules {
        for x in 0..modules {
            if colors[y * modules + x] == Color::Dark {
                let (px, py) = (x + QUIET_ZONE, y + QUIET_ZONE);
                bits[py * row_bytes + px / 8] &= !(0x80 >> (px % 8));
            }
        }
    }
    let mut dict = BTreeMap::new();
    dict.insert("Type".into(), DictItem::Name(b"XObject".to_vec()));
    dict.insert("Subtype".into(), DictItem::Name(b"Image".to_vec()));
    dict.insert("Width".into(), DictItem::Int(side as i64));
    dict.insert("Height".into(), DictItem::Int(side as i64));
    dict.insert("ColorSpace".into(), DictItem::Name(b"DeviceGray".to_vec()));
    dict.insert("BitsPerComponent".into(), DictItem::Int(1));
    dict.insert("Interpolate".into(), DictItem::Bool(false));
    Ok(ExternalXObject {
        stream: ExternalStream {
            dict,
            content: bits,
            compress: true,
        },
        width: None,
        height: None,
        dpi: None,
    })
}
