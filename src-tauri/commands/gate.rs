//! One gate in front of every command: while the workspace is locked, only what the lock
//! screen and first start need gets through. The gate sits in the invoke handler, before any
//! command runs, and a test walks the whole command list: a command added later is gated
//! unless it is named here on purpose.

use regdesk_core::{CommandError, ErrorCode};

/// Commands a locked window may call: they show the lock screen (in its language) and unlock.
pub const LOCK_FREE: &[&str] = &[
    "app_info",
    "operator_status",
    "setup_operator",
    "unlock",
    "recover_password",
    "lock",
    "get_settings",
    "set_locale",
];

pub fn locked_error() -> CommandError {
    CommandError::new(
        ErrorCode::Locked,
        "已锁定：请先输入密码",
        "locked: enter the password first",
    )
}

/// Refuses `command` while `locked`, unless it is lock-free.
pub fn check(locked: bool, command: &str) -> Result<(), CommandError> {
    if locked && !LOCK_FREE.contains(&command) {
        return Err(locked_error());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_but_the_lock_screens_refuses_while_locked() {
        let all = crate::command_names();
        assert!(all.len() > 40, "{all:?}");
        for name in &all {
            let refused = check(true, name).is_err();
            assert_eq!(refused, !LOCK_FREE.contains(name), "{name}");
            assert!(check(false, name).is_ok(), "{name} unlocked");
        }
        for free in LOCK_FREE {
            assert!(
                all.contains(free),
                "{free} is not a command: remove it from LOCK_FREE"
            );
        }
        for data in [
            "list_candidates",
            "export_package",
            "save_photo",
            "review_decide",
            "diagnostics",
        ] {
            assert_eq!(
                check(true, data).unwrap_err().code,
                ErrorCode::Locked,
                "{data}"
            );
        }
    }

    /// Least privilege: the window's capability grants each app command (and event listening)
    /// and nothing else — no plugin, no file system, no shell.
    #[test]
    fn the_capability_grants_exactly_the_app_commands() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../../tauri.conf.json")).expect("tauri.conf.json");
        let granted: Vec<String> = conf["app"]["security"]["capabilities"][0]["permissions"]
            .as_array()
            .expect("permissions")
            .iter()
            .map(|p| p.as_str().unwrap_or_default().to_owned())
            .collect();
        let mut wanted: Vec<String> = vec![
            "core:event:allow-listen".into(),
            "core:event:allow-unlisten".into(),
        ];
        wanted.extend(
            crate::command_names()
                .iter()
                .map(|c| format!("allow-{}", c.replace('_', "-"))),
        );
        let (mut g, mut w) = (granted.clone(), wanted);
        g.sort();
        w.sort();
        assert_eq!(g, w);
    }
}
