//! RegDesk rosters for training centres: the XLSX template, reading a centre's own file
//! (XLSX/XLS/ODS/CSV, UTF-8 or GBK), finding its header, checking every row with the core's
//! rules, matching materials by ID number or unique name, and writing spreadsheets that cannot
//! carry formulas. No database, no Tauri: the workflow crate commits what this one checks.

// No panic reachable from a hostile file: unwrap, expect and unchecked indexing are errors
// in this crate's code (tests may use them).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod field;
pub mod header;
pub mod materials;
pub mod read;
pub mod row;
pub mod sheet;
pub mod template;

pub use field::Field;
pub use header::{find_header, Header};
pub use row::{check_rows, CellChange, Checked, Intent, Record};

/// Why a roster or materials source could not be used at all (exit 2 in the CLI).
#[derive(Debug)]
pub enum RosterError {
    Unreadable(String),
    Unsupported(String),
    Unsafe(String),
    NoSuchSheet {
        wanted: String,
        visible: Vec<String>,
    },
    /// Several visible sheets look like rosters: the user picks one.
    WhichSheet(Vec<String>),
    HeaderMissing(String),
    Write(String),
}

impl std::fmt::Display for RosterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RosterError::Unreadable(s) => write!(f, "cannot read {s}"),
            RosterError::Unsupported(s) => write!(f, "unsupported file type: {s}"),
            RosterError::Unsafe(s) => write!(f, "unsafe archive: {s}"),
            RosterError::NoSuchSheet { wanted, visible } => {
                write!(
                    f,
                    "no visible sheet \"{wanted}\" (visible: {})",
                    visible.join(", ")
                )
            }
            RosterError::WhichSheet(names) => {
                write!(
                    f,
                    "several sheets hold a roster ({}): choose one with --sheet",
                    names.join(", ")
                )
            }
            RosterError::HeaderMissing(s) => write!(f, "no header row found in {s}"),
            RosterError::Write(s) => write!(f, "cannot write {s}"),
        }
    }
}

impl RosterError {
    /// The Chinese sentence for the user.
    pub fn message_zh(&self) -> String {
        match self {
            RosterError::Unreadable(s) => format!("无法读取 {s}"),
            RosterError::Unsupported(s) => {
                format!("不支持的文件类型：{s}（可用 .xlsx、.xls、.et、.ods、.csv）")
            }
            RosterError::Unsafe(s) => format!("压缩包不安全或过大：{s}"),
            RosterError::NoSuchSheet { wanted, visible } => {
                format!("没有名为“{wanted}”的可见工作表（可见：{}）", visible.join("、"))
            }
            RosterError::WhichSheet(names) => {
                format!("有多个工作表像名单（{}）：请用 --sheet 指定一个", names.join("、"))
            }
            RosterError::HeaderMissing(s) => format!(
                "在 {s} 中找不到表头（须有“身份证号”和至少另外两列，如“姓名”“手机号”）：请使用名单模板"
            ),
            RosterError::Write(s) => format!("无法写入 {s}"),
        }
    }
}

impl From<RosterError> for regdesk_core::CommandError {
    fn from(e: RosterError) -> Self {
        use regdesk_core::ErrorCode;
        let code = match e {
            RosterError::Write(_) => ErrorCode::Io,
            _ => ErrorCode::InvalidInput,
        };
        let field = match e {
            RosterError::HeaderMissing(_) => Some("header"),
            RosterError::NoSuchSheet { .. } | RosterError::WhichSheet(_) => Some("sheet"),
            _ => None,
        };
        let err = regdesk_core::CommandError::new(code, e.message_zh(), e.to_string());
        match field {
            Some(f) => err.with_field(f),
            None => err,
        }
    }
}
