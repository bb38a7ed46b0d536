//! Where per-user data lives and how a path is shown to the user.

use std::path::{Path, PathBuf};

/// The folder under which an application keeps its per-user data: `~/.local/share` on Linux
/// (XDG), `~/Library/Application Support` on macOS, and `%LOCALAPPDATA%` on Windows — the
/// local profile, not the roaming one, so a database of ID numbers is never copied to a
/// domain's profile server at every log-off.
pub fn app_data_root() -> Option<PathBuf> {
    if cfg!(windows) {
        dirs::data_local_dir()
    } else {
        dirs::data_dir()
    }
}

/// A path as the user types it on this system: on Windows a folder given as `C:/数据` and
/// joined with `regdesk.db` reads `C:\数据\regdesk.db`, not a mix of both separators.
pub fn display(path: &Path) -> String {
    let text = path.display().to_string();
    if cfg!(windows) {
        text.replace('/', "\\")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_uses_one_separator() {
        let p = Path::new("C:/数据 文件夹").join("regdesk.db");
        let shown = display(&p);
        if cfg!(windows) {
            assert_eq!(shown, "C:\\数据 文件夹\\regdesk.db");
        } else {
            assert_eq!(shown, "C:/数据 文件夹/regdesk.db");
        }
    }

    #[test]
    fn the_data_root_is_the_users() {
        if let (Some(root), Some(home)) = (app_data_root(), dirs::home_dir()) {
            assert!(root.starts_with(&home), "{}", root.display());
        }
    }
}
