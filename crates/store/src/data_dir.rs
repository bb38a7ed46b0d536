//! Where RegDesk keeps its data. The order is: an explicit folder (`--data-dir`), then
//! `REGDESK_DATA_DIR`, then the OS's per-user app-data folder for the bundle identifier
//! (`regdesk_platform::paths::app_data_root`: `~/.local/share/cn.regdesk.app` on Linux,
//! `%LOCALAPPDATA%\cn.regdesk.app` on Windows). Debug builds use a separate folder so
//! development never touches a real user's database.

use std::path::{Path, PathBuf};

use crate::StoreError;

pub const DATA_DIR_ENV: &str = "REGDESK_DATA_DIR";
pub const IDENTIFIER: &str = "cn.regdesk.app";

fn default_folder_name() -> String {
    if cfg!(debug_assertions) {
        format!("{IDENTIFIER}.dev")
    } else {
        IDENTIFIER.to_owned()
    }
}

pub fn resolve_data_dir(explicit: Option<&Path>) -> Result<PathBuf, StoreError> {
    if let Some(dir) = explicit {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    regdesk_platform::paths::app_data_root()
        .map(|d| d.join(default_folder_name()))
        .ok_or(StoreError::NoDataDir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_folder_wins_and_default_names_the_identifier() {
        let explicit = Path::new("/tmp/x");
        assert_eq!(resolve_data_dir(Some(explicit)).unwrap(), explicit);
        if std::env::var_os(DATA_DIR_ENV).is_none() {
            let d = resolve_data_dir(None).unwrap();
            assert!(d.to_string_lossy().contains(IDENTIFIER), "{}", d.display());
            assert_eq!(
                d.to_string_lossy().ends_with(".dev"),
                cfg!(debug_assertions)
            );
        }
    }
}
