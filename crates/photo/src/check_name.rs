//! The neutral name of each photo check, shown beside its measured value whether it passed or
//! not. The failure sentence (`Check::message_*`) is for failures only: a passed check saying
//! "the face is too dark" with a green tick reads as a contradiction.

use regdesk_core::ReasonCode;

/// (Chinese, English) name of the check that can raise `code`.
pub fn check_name(code: ReasonCode) -> (&'static str, &'static str) {
    use ReasonCode::*;
    match code {
        PhotoNoFace => ("一张正面人脸", "one frontal face"),
        PhotoMultipleFaces => ("只有本人一张人脸", "only the candidate's face"),
        PhotoUnsupportedFormat => ("文件格式", "file format"),
        PhotoWrongDimensions => ("像素尺寸", "pixel size"),
        PhotoOverCeiling => ("文件大小（上限）", "file size (ceiling)"),
        PhotoUnderFloor => ("文件大小（下限）", "file size (floor)"),
        PhotoPaddedToFloor => ("文件大小补足", "file size padding"),
        PhotoNotBaseline => ("基线 JPEG 编码", "baseline JPEG encoding"),
        PhotoDuplicate => ("不与他人共用照片", "not another person's photo"),
        PhotoHeadTooSmall => ("头部高度占比（最小）", "head height ratio (minimum)"),
        PhotoHeadTooLarge => ("头部高度占比（最大）", "head height ratio (maximum)"),
        PhotoCrownCut => ("头顶留白", "space above the crown"),
        PhotoOffCentre => ("居中与头顶位置", "centring and crown position"),
        PhotoBackgroundNotWhite => ("背景颜色", "background colour"),
        PhotoBackgroundNotUniform => ("背景均匀度", "background uniformity"),
        PhotoBackgroundWrongColour => ("背景颜色（规格指定色）", "background colour (the spec's)"),
        PhotoBackgroundReplaced => ("替换背景", "background replacement"),
        PhotoBackgroundUncertain => ("背景替换效果", "background replacement result"),
        PhotoTooDark => ("面部亮度（最低）", "face brightness (minimum)"),
        PhotoTooBright => ("面部亮度（最高）", "face brightness (maximum)"),
        PhotoBlurred => ("清晰度", "sharpness"),
        PhotoGrayscale => ("彩色照片", "colour photo"),
        PhotoSourceTooSmall => ("原图分辨率", "source resolution"),
        PhotoUpscaled => ("放大倍数", "upscaling"),
        PhotoPaddedCanvas => ("头顶空间补足", "headroom added"),
        _ => ("检查项", "check"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_photo_code_has_its_own_name() {
        let photo: Vec<ReasonCode> = ReasonCode::ALL
            .iter()
            .copied()
            .filter(|c| {
                c.as_str().starts_with("photo.")
                    && !matches!(
                        c,
                        ReasonCode::PhotoUnreadable
                            | ReasonCode::PhotoTooLarge
                            | ReasonCode::ReviewPhotoNotCompliant
                    )
            })
            .collect();
        let mut names = std::collections::HashSet::new();
        for code in photo {
            let (zh, en) = check_name(code);
            assert_ne!(zh, "检查项", "{code:?} has no name");
            assert!(names.insert(zh), "{code:?} shares the name {zh}");
            assert!(!en.is_empty());
        }
    }
}
