//! Errors that cross a boundary (IPC, CLI) as data: a stable code the UI can switch on, a
//! bilingual message, and the field when one is to blame. Problems with user data are not
//! errors — they are `Problem`s in a report; these are for "could not run".

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request itself is malformed (wrong arguments, unparsable input file).
    InvalidInput,
    /// The named record does not exist.
    NotFound,
    /// Reading or writing a file failed.
    Io,
    /// The database failed.
    Database,
    /// A bug: anything else.
    Internal,
    /// The desktop workspace is locked until its password is entered.
    Locked,
    /// The crop editor's open picture was closed by the app (it keeps the last few): the
    /// window sends the file again.
    PictureClosed,
    /// The user closed a save dialog without choosing: nothing was written.
    Cancelled,
}

impl ErrorCode {
    /// CLI exit code per SPEC §6: 2 = could not start, 3 = internal failure.
    pub fn exit_code(self) -> i32 {
        match self {
            ErrorCode::InvalidInput
            | ErrorCode::NotFound
            | ErrorCode::Locked
            | ErrorCode::PictureClosed
            | ErrorCode::Cancelled => 2,
            ErrorCode::Io | ErrorCode::Database | ErrorCode::Internal => 3,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message} / {message_en}")]
pub struct CommandError {
    pub code: ErrorCode,
    /// Chinese message (the UI default).
    pub message: String,
    pub message_en: String,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub field: Option<String>,
}

impl CommandError {
    pub fn new(code: ErrorCode, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            code,
            message: zh.into(),
            message_en: en.into(),
            field: None,
        }
    }

    pub fn with_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_owned());
        self
    }

    /// Problems that refused a step, as one error for a shell that shows a message rather
    /// than a list (the window's IPC): `lead` then every problem's text.
    pub fn refused(lead_zh: &str, lead_en: &str, problems: &[crate::Problem]) -> Self {
        let zh: Vec<&str> = problems.iter().map(|p| p.message_zh.as_str()).collect();
        let en: Vec<&str> = problems.iter().map(|p| p.message_en.as_str()).collect();
        Self::new(
            ErrorCode::InvalidInput,
            format!("{lead_zh}{}", zh.join("；")),
            format!("{lead_en}{}", en.join("; ")),
        )
    }

    pub fn internal(detail: impl std::fmt::Display) -> Self {
        Self::new(
            ErrorCode::Internal,
            format!("内部错误：{detail}"),
            format!("internal error: {detail}"),
        )
    }
}
