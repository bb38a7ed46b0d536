//! Store failures, and how they cross to the UI and the CLI.

use regdesk_core::{CommandError, ErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no data folder could be determined (set REGDESK_DATA_DIR)")]
    NoDataDir,
    #[error("I/O error at {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("internal failure: {0}")]
    Internal(String),
    #[error("the workspace is encrypted: the password is needed")]
    Locked,
    #[error("wrong password")]
    WrongPassword,
    #[error("wrong recovery key")]
    WrongRecoveryKey,
    #[error("the workspace is open in another RegDesk")]
    Busy,
}

impl From<StoreError> for CommandError {
    fn from(e: StoreError) -> Self {
        match &e {
            StoreError::NoDataDir => CommandError::new(
                ErrorCode::Io,
                "无法确定数据文件夹，请设置 REGDESK_DATA_DIR",
                "no data folder could be determined; set REGDESK_DATA_DIR",
            ),
            StoreError::Io { path, source } => CommandError::new(
                ErrorCode::Io,
                format!("读写文件失败：{path}（{source}）"),
                format!("file access failed: {path} ({source})"),
            ),
            StoreError::Migrate(sqlx::migrate::MigrateError::VersionMissing(v)) => CommandError::new(
                ErrorCode::Database,
                format!("数据库由更新版本的 RegDesk 创建（迁移 {v}），请升级本程序"),
                format!("the database was written by a newer RegDesk (migration {v}); please upgrade"),
            ),
            StoreError::Database(_) | StoreError::Migrate(_) => CommandError::new(
                ErrorCode::Database,
                format!("数据库错误：{e}"),
                format!("database error: {e}"),
            ),
            StoreError::Corrupt(what) => CommandError::new(
                ErrorCode::Database,
                format!("数据库中的数据无法读取：{what}"),
                format!("stored data is unreadable: {what}"),
            ),
            StoreError::Internal(what) => CommandError::new(
                ErrorCode::Internal,
                format!("内部错误：{what}"),
                format!("internal failure: {what}"),
            ),
            StoreError::Locked => CommandError::new(
                ErrorCode::Locked,
                "工作区已加密：需要密码",
                "the workspace is encrypted: the password is needed",
            )
            .with_field("password"),
            StoreError::WrongPassword => {
                CommandError::new(ErrorCode::Locked, "密码不正确", "wrong password")
                    .with_field("password")
            }
            StoreError::WrongRecoveryKey => CommandError::new(
                ErrorCode::Locked,
                "恢复密钥不正确（32 位十六进制数字）",
                "wrong recovery key (32 hexadecimal digits)",
            )
            .with_field("recoveryKey"),
            StoreError::Busy => CommandError::new(
                ErrorCode::Database,
                "工作区正被另一个 RegDesk 程序使用，请关闭它后重试",
                "the workspace is open in another RegDesk: close it and try again",
            ),
            StoreError::NotFound(what) => CommandError::new(
                ErrorCode::NotFound,
                format!("未找到：{what}"),
                format!("not found: {what}"),
            ),
        }
    }
}
