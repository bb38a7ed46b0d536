//! Where a file the user saves goes. The window may only *suggest* a path (its path field):
//! the native save dialog opens on it, the user picks (and confirms replacing an existing
//! file there), and the path they picked is the one written — a script in the page cannot
//! write anywhere without that click. The extension is enforced after the dialog.
//!
//! End-to-end tests cannot click a native dialog: debug builds accept the suggestion as the
//! pick when `REGDESK_E2E_ACCEPT_SUGGESTED_PATHS` is set. Release builds do not contain that
//! switch at all (`scripts/check-deb.sh` checks the binary for the name).

use std::path::{Path, PathBuf};

use regdesk_core::{CommandError, ErrorCode};
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// What is being saved: the dialog's filter and the enforced extension.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    pub label: &'static str,
    pub extension: &'static str,
}

pub const PDF: Kind = Kind {
    label: "PDF",
    extension: "pdf",
};
pub const JPEG: Kind = Kind {
    label: "JPEG",
    extension: "jpg",
};
pub const ZIP: Kind = Kind {
    label: "资料包 package (zip)",
    extension: "zip",
};
pub const XLSX: Kind = Kind {
    label: "Excel",
    extension: "xlsx",
};
pub const JSONL: Kind = Kind {
    label: "审核决定 decisions (jsonl)",
    extension: "jsonl",
};

fn cancelled() -> CommandError {
    CommandError::new(
        ErrorCode::Cancelled,
        "已取消保存，未写入任何文件",
        "saving was cancelled: nothing was written",
    )
}

/// The suggestion split for the dialog: a folder to open in and a file name. A suggestion
/// that is an existing folder keeps `default_name`.
fn split(suggested: &Path, default_name: &str) -> (Option<PathBuf>, String) {
    if suggested.as_os_str().is_empty() {
        return (None, default_name.to_owned());
    }
    if suggested.is_dir() {
        return (Some(suggested.to_owned()), default_name.to_owned());
    }
    let name = suggested
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| default_name.to_owned());
    let dir = suggested
        .parent()
        .filter(|p| p.is_dir())
        .map(Path::to_owned);
    (dir, name)
}

/// Appends the kind's extension when the picked name lacks it (any case).
pub fn with_extension(path: PathBuf, kind: Kind) -> PathBuf {
    let ok = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(kind.extension));
    if ok {
        return path;
    }
    let mut name = path.into_os_string();
    name.push(".");
    name.push(kind.extension);
    PathBuf::from(name)
}

#[cfg(debug_assertions)]
fn test_pick(suggested: Option<PathBuf>) -> Option<Option<PathBuf>> {
    std::env::var_os("REGDESK_E2E_ACCEPT_SUGGESTED_PATHS").map(|_| suggested)
}

#[cfg(not(debug_assertions))]
fn test_pick(_: Option<PathBuf>) -> Option<Option<PathBuf>> {
    None
}

/// Asks where to save a file: returns the path the user picked (extension enforced), or
/// `Cancelled`.
pub async fn file<R: Runtime>(
    app: &AppHandle<R>,
    suggested: &str,
    default_name: &str,
    kind: Kind,
) -> Result<PathBuf, CommandError> {
    let (dir, name) = split(Path::new(suggested.trim()), default_name);
    let picked = match test_pick(dir.as_ref().map(|d| d.join(&name))) {
        Some(p) => p,
        None => {
            let (tx, rx) = tokio::sync::oneshot::channel();
            let mut dialog = app
                .dialog()
                .file()
                .set_file_name(&name)
                .add_filter(kind.label, &[kind.extension]);
            if let Some(d) = dir {
                dialog = dialog.set_directory(d);
            }
            dialog.save_file(move |p| {
                let _ = tx.send(p.and_then(|p| p.into_path().ok()));
            });
            rx.await.ok().flatten()
        }
    };
    let picked = picked.ok_or_else(cancelled)?;
    let path = with_extension(picked.clone(), kind);
    // The dialog confirmed replacing what the user picked, not the name with the extension
    // added: an existing file there is not replaced.
    if path != picked && path.exists() {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            format!("{} 已存在，未覆盖：请重新选择文件名", path.display()),
            format!(
                "{} exists and was not replaced: pick the name again",
                path.display()
            ),
        )
        .with_field("path"));
    }
    Ok(path)
}

/// Asks for a folder to write into (a batch's output), starting at the suggestion.
pub async fn folder<R: Runtime>(
    app: &AppHandle<R>,
    suggested: &str,
) -> Result<PathBuf, CommandError> {
    let suggested = PathBuf::from(suggested.trim());
    let start = (!suggested.as_os_str().is_empty()).then_some(suggested);
    let picked = match test_pick(start.clone()) {
        Some(p) => p,
        None => {
            let (tx, rx) = tokio::sync::oneshot::channel();
            let mut dialog = app.dialog().file();
            if let Some(d) = start.filter(|d| d.is_dir()) {
                dialog = dialog.set_directory(d);
            }
            dialog.pick_folder(move |p| {
                let _ = tx.send(p.and_then(|p| p.into_path().ok()));
            });
            rx.await.ok().flatten()
        }
    };
    picked.ok_or_else(cancelled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_is_enforced_and_a_folder_suggestion_keeps_the_default_name() {
        assert_eq!(
            with_extension(PathBuf::from("/tmp/ticket"), PDF),
            PathBuf::from("/tmp/ticket.pdf")
        );
        assert_eq!(
            with_extension(PathBuf::from("/tmp/a.PDF"), PDF),
            PathBuf::from("/tmp/a.PDF")
        );
        assert_eq!(
            with_extension(PathBuf::from("/tmp/evil.sh"), JPEG),
            PathBuf::from("/tmp/evil.sh.jpg")
        );
        let dir = tempfile::tempdir().unwrap();
        let (d, name) = split(dir.path(), "准考证.pdf");
        assert_eq!(
            (d.as_deref(), name.as_str()),
            (Some(dir.path()), "准考证.pdf")
        );
        let (d, name) = split(&dir.path().join("mine.pdf"), "准考证.pdf");
        assert_eq!(
            (d.as_deref(), name.as_str()),
            (Some(dir.path()), "mine.pdf")
        );
        let (d, _) = split(Path::new("/no/such/folder/x.pdf"), "准考证.pdf");
        assert_eq!(d, None, "a folder that does not exist is not suggested");
    }
}
