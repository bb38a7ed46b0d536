//! Files the use cases write for the user.

use std::path::Path;

use regdesk_core::{CommandError, ErrorCode};

/// Writes atomically (temp file in the same folder, then rename): a crash or a full disk never
/// leaves half a file under the final name.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), CommandError> {
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".part");
    let tmp = path.with_file_name(tmp_name);
    std::fs::write(&tmp, bytes)
        .and_then(|_| regdesk_platform::fs::replace(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            CommandError::new(
                ErrorCode::Io,
                format!("无法写入 {}：{e}", path.display()),
                format!("cannot write {}: {e}", path.display()),
            )
            .with_field("output")
        })
}
