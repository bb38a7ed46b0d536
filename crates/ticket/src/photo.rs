//! The stored JPEG as an image XObject with `/Filter /DCTDecode`: the PDF carries the exact
//! bytes the candidate checked (printpdf's own image path would decode and re-encode).

use std::collections::BTreeMap;

use printpdf::{DictItem, ExternalStream, ExternalXObject};

pub fn jpeg_xobject(jpeg: &[u8]) -> Result<ExternalXObject, String> {
    let mut decoder = jpeg_decoder::Decoder::new(jpeg);
    decoder.read_info().map_err(|e| e.to_string())?;
    let info = decoder.info().ok_or("no JPEG header")?;
    let colour_space = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => "DeviceRGB",
        jpeg_decoder::PixelFormat::L8 => "DeviceGray",
        other => return Err(format!("unsupported pixel format {other:?}")),
    };
    let mut dict = BTreeMap::new();
    dict.insert("Type".into(), DictItem::Name(b"XObject".to_vec()));
    dict.insert("Subtype".into(), DictItem::Name(b"Image".to_vec()));
    dict.insert("Width".into(), DictItem::Int(info.width.into()));
    dict.insert("Height".into(), DictItem::Int(info.height.into()));
    dict.insert(
        "ColorSpace".into(),
        DictItem::Name(colour_space.as_bytes().to_vec()),
    );
    dict.insert("BitsPerComponent".into(), DictItem::Int(8));
    dict.insert("Filter".into(), DictItem::Name(b"DCTDecode".to_vec()));
    Ok(ExternalXObject {
        stream: ExternalStream {
            dict,
            content: jpeg.to_vec(),
            // Already compressed; deflating JPEG data gains nothing.
            compress: false,
        },
        width: None,
        height: None,
        dpi: None,
    })
}
