//! Files and folders: private to the user, replaced in one step, made durable.

use std::fs::OpenOptions;
use std::io;
use std::path::Path;

/// Makes a folder the user's alone, for what is created inside it too: mode 0700 on Unix; on
/// Windows a protected DACL granting only the current user, inherited by new files and
/// subfolders (so a data folder given with `--data-dir` on a shared drive does not keep that
/// drive's "Everyone" or "Users" entries). Best effort: a file system without permissions (a
/// FAT USB stick) keeps working.
pub fn private_dir(path: &Path) {
    imp::restrict(path, 0o700, true)
}

/// Makes an existing file the user's alone (0600 on Unix, an owner-only DACL on Windows).
/// Best effort, as [`private_dir`].
pub fn private_file(path: &Path) {
    imp::restrict(path, 0o600, false)
}

/// Whether only the owner can read `path` (no group or other bits on Unix), for secrets an
/// operator hands us in a file. Windows has no mode bits; there a file in the user's profile
/// is private by its inherited DACL, and the check passes.
pub fn is_private(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o077 == 0)
    }
    #[cfg(not(unix))]
    {
        path.exists()
    }
}

/// Options that create a file readable by the user only from its first byte (mode 0600 on
/// Unix; on Windows the file inherits its private folder's DACL — call [`private_file`] after
/// for a file elsewhere).
pub fn private_options() -> OpenOptions {
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// Creates `path` (empty) unless it exists and makes it private: for files another library
/// opens later without a mode of its own (the daily log).
pub fn touch_private(path: &Path) {
    if !path.exists() {
        let _ = private_options().create(true).append(true).open(path);
    }
    private_file(path);
}

/// Puts `from` in the place of `to` in one step (a reader sees the old file or the new one,
/// never half of either). On Windows a rename over a file fails while another process holds
/// it without delete sharing — a virus scanner or the search indexer glancing at a file we
/// just wrote — so a refused rename is retried for up to two seconds before it is reported.
pub fn replace(from: &Path, to: &Path) -> io::Result<()> {
    let mut attempt = 0;
    loop {
        match std::fs::rename(from, to) {
            Err(e) if cfg!(windows) && transient(&e) && attempt < 40 => {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

/// ERROR_ACCESS_DENIED (5) and ERROR_SHARING_VIOLATION (32): what Windows answers while
/// someone else has the file open.
fn transient(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(5) | Some(32))
}

/// Flushes a written file to the disk. Windows' `FlushFileBuffers` needs a handle opened for
/// writing (a read-only one gets "Access denied"), so the file is opened for writing on every
/// system; nothing is written.
pub fn sync_file(path: &Path) -> io::Result<()> {
    OpenOptions::new().write(true).open(path)?.sync_all()
}

/// Makes a rename in `dir` durable: fsync of the folder on Unix. Windows has no folder handle
/// to flush; its rename (MoveFileEx with write-through) is what the system offers.
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(unix)]
mod imp {
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;

    pub fn restrict(path: &Path, mode: u32, _dir: bool) {
        if path.exists() {
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
        }
    }
}

#[cfg(windows)]
mod imp {
    use std::os::windows::ffi::OsStrExt;
    use std::path::Path;
    use std::ptr::null_mut;

    use windows_sys::Win32::Foundation::{CloseHandle, LocalFree, GENERIC_ALL, HANDLE};
    use windows_sys::Win32::Security::Authorization::{
        SetEntriesInAclW, SetNamedSecurityInfoW, EXPLICIT_ACCESS_W, NO_MULTIPLE_TRUSTEE,
        SET_ACCESS, SE_FILE_OBJECT, TRUSTEE_IS_SID, TRUSTEE_IS_USER, TRUSTEE_W,
    };
    use windows_sys::Win32::Security::{
        GetTokenInformation, TokenUser, ACL, DACL_SECURITY_INFORMATION, NO_INHERITANCE,
        PROTECTED_DACL_SECURITY_INFORMATION, SUB_CONTAINERS_AND_OBJECTS_INHERIT, TOKEN_QUERY,
        TOKEN_USER,
    };
    use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

    pub fn restrict(path: &Path, _mode: u32, dir: bool) {
        if path.exists() {
            // SAFETY: every pointer passed is either null or points into a buffer that lives
            // until the call returns; handles and the ACL are released below.
            unsafe { owner_only(path, dir) };
        }
    }

    unsafe fn owner_only(path: &Path, dir: bool) {
        let mut token: HANDLE = null_mut();
        if OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) == 0 {
            return;
        }
        let mut len = 0u32;
        GetTokenInformation(token, TokenUser, null_mut(), 0, &mut len);
        // u64 words keep the SID structure aligned.
        let mut buf = vec![0u64; (len as usize).div_ceil(8).max(1)];
        let ok = GetTokenInformation(token, TokenUser, buf.as_mut_ptr().cast(), len, &mut len);
        CloseHandle(token);
        if ok == 0 {
            return;
        }
        let user = &*(buf.as_ptr() as *const TOKEN_USER);
        let access = EXPLICIT_ACCESS_W {
            grfAccessPermissions: GENERIC_ALL,
            grfAccessMode: SET_ACCESS,
            grfInheritance: if dir {
                SUB_CONTAINERS_AND_OBJECTS_INHERIT
            } else {
                NO_INHERITANCE
            },
            Trustee: TRUSTEE_W {
                pMultipleTrustee: null_mut(),
                MultipleTrusteeOperation: NO_MULTIPLE_TRUSTEE,
                TrusteeForm: TRUSTEE_IS_SID,
                TrusteeType: TRUSTEE_IS_USER,
                ptstrName: user.User.Sid.cast(),
            },
        };
        let mut acl: *mut ACL = null_mut();
        if SetEntriesInAclW(1, &access, null_mut(), &mut acl) != 0 {
            return;
        }
        let wide: Vec<u16> = path.as_os_str().encode_wide().chain(Some(0)).collect();
        SetNamedSecurityInfoW(
            wide.as_ptr(),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
            null_mut(),
            null_mut(),
            acl,
            null_mut(),
        );
        LocalFree(acl.cast());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_swaps_in_the_new_file() {
        let dir = tempfile::tempdir().unwrap();
        let (old, new) = (
            dir.path().join("数据 a.db"),
            dir.path().join("数据 a.db.next"),
        );
        std::fs::write(&old, b"old").unwrap();
        std::fs::write(&new, b"new").unwrap();
        sync_file(&new).unwrap();
        replace(&new, &old).unwrap();
        sync_dir(dir.path());
        assert_eq!(std::fs::read(&old).unwrap(), b"new");
        assert!(!new.exists());
        assert!(replace(&new, &old).is_err(), "a missing source is reported");
    }

    #[cfg(unix)]
    #[test]
    fn private_means_the_user_alone() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("工作区");
        std::fs::create_dir(&sub).unwrap();
        private_dir(&sub);
        let log = sub.join("log");
        touch_private(&log);
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&sub), 0o700);
        assert_eq!(mode(&log), 0o600);
        let key = sub.join("key");
        private_options()
            .write(true)
            .create_new(true)
            .open(&key)
            .unwrap();
        assert_eq!(mode(&key), 0o600);
    }
}
