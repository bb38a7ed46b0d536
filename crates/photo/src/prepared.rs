//! A picture opened for framing: decoded at the working scale with its faces found. The crop
//! editor keeps one per open picture; `make_photo` prepares one per photo.

use std::borrow::Cow;
use std::sync::OnceLock;

use crate::decode::{decode, Decoded};
use crate::error::PhotoError;
use crate::face::{detect_faces, FaceBox};
use crate::make::real_faces;
use crate::matte::Matte;
use crate::preview::{preview_of, SourcePreview};

/// Short side to decode large JPEGs at (a 12 MP photo decodes at 1/2 scale, 1500×2000): enough
/// for the crop of a head that fills 12 % of the picture's height or more; a smaller head
/// makes `make_photo` decode again at the scale its crop needs.
const WORKING_SHORT_SIDE: u32 = 1200;

/// A picture decoded at the working scale with its faces found: what every framing of it
/// starts from. The crop editor keeps one per open picture, so a gesture costs a crop, an
/// encode and a measurement instead of a decode and a detection too.
pub struct Prepared<'a> {
    pub(crate) input: Cow<'a, [u8]>,
    pub(crate) decoded: Decoded,
    /// Faces at least a third the size of the largest, largest first.
    pub(crate) faces: Vec<FaceBox>,
    /// The person matte around the face, made the first time the white background is asked
    /// for and reused by every framing after it (an error is kept as its text).
    pub(crate) matte: OnceLock<Result<Matte, String>>,
}

impl Prepared<'_> {
    /// The file it was prepared from.
    pub fn input(&self) -> &[u8] {
        &self.input
    }

    /// Upright size of the original.
    pub fn size(&self) -> (u32, u32) {
        (self.decoded.full_width, self.decoded.full_height)
    }

    /// The crop editor's picture, from the same decode: the working decode keeps ≥ 1200 px on
    /// the short side, more than the preview's 1200 on the long side.
    pub fn preview(&self) -> SourcePreview {
        preview_of(&self.decoded)
    }

    /// The person matte around `face` in the working picture, segmented once.
    pub(crate) fn matte(&self, face: &FaceBox) -> Result<&Matte, PhotoError> {
        self.matte
            .get_or_init(|| Matte::around(&self.decoded.rgb, face).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| PhotoError::Internal(e.clone()))
    }
}

/// One picture (the crop editor's, one `photo make`): a spare core finds the faces while this
/// one decodes.
pub fn prepare<'a>(input: impl Into<Cow<'a, [u8]>>) -> Result<Prepared<'a>, PhotoError> {
    prepare_with(input, true)
}

pub(crate) fn prepare_with<'a>(
    input: impl Into<Cow<'a, [u8]>>,
    beside: bool,
) -> Result<Prepared<'a>, PhotoError> {
    let input = input.into();
    let found = match beside {
        true => crate::survey::prepare_beside(&input, WORKING_SHORT_SIDE)?,
        false => None,
    };
    let (decoded, faces) = match found {
        Some(found) => found,
        None => {
            let decoded = decode(&input, WORKING_SHORT_SIDE)?;
            let faces = real_faces(detect_faces(&decoded.rgb));
            (decoded, faces)
        }
    };
    Ok(Prepared {
        input,
        decoded,
        faces,
        matte: OnceLock::new(),
    })
}
