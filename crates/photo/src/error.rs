//! Why a photo could not be processed at all (CLI exit 2). Non-compliance is not an error:
//! it is a check in the report.

use regdesk_core::{CommandError, ErrorCode};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("unreadable image: {0}")]
    Unreadable(String),
    #[error("unsupported format: {0}")]
    Unsupported(String),
    #[error("too large: {0}")]
    TooLarge(String),
    #[error("usage: {0}")]
    Usage(String),
    /// Our failure, not the file's (e.g. the segmentation model): exit 3.
    #[error("internal: {0}")]
    Internal(String),
}

impl PhotoError {
    pub fn to_command_error(&self, file: &str) -> CommandError {
        let (zh, en) = match self {
            PhotoError::Unreadable(d) => (
                format!("{file}：图片无法读取（文件损坏或不完整）：{d}"),
                format!("{file}: the image cannot be read (damaged or incomplete): {d}"),
            ),
            PhotoError::Unsupported(d) => (
                format!("{file}：不支持的格式：{d}"),
                format!("{file}: unsupported format: {d}"),
            ),
            PhotoError::TooLarge(d) => (
                format!("{file}：图片过大：{d}"),
                format!("{file}: the image is too large: {d}"),
            ),
            PhotoError::Usage(d) => (format!("参数错误：{d}"), format!("usage error: {d}")),
            PhotoError::Internal(d) => {
                return CommandError::new(
                    ErrorCode::Internal,
                    format!("{file}：内部错误：{d}"),
                    format!("{file}: internal failure: {d}"),
                )
            }
        };
        CommandError::new(ErrorCode::InvalidInput, zh, en).with_field(
            if matches!(self, PhotoError::Usage(_)) {
                "crop"
            } else {
                "input"
            },
        )
    }
}
