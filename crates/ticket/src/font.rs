//! The vendored CJK font (WenQuanYi Micro Hei, Apache-2.0; licence beside it), parsed once.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::TicketError;

static FONT_BYTES: &[u8] = include_bytes!("../assets/wqy-microhei.ttc");
static FONT: OnceLock<Option<ParsedFont>> = OnceLock::new();

pub fn cjk_font() -> Result<&'static ParsedFont, TicketError> {
    FONT.get_or_init(|| ParsedFont::from_bytes(FONT_BYTES, 0, &mut Vec::new()))
        .as_ref()
        .ok_or(TicketError::Font)
}
