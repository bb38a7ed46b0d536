//! The console a command-line program writes to.

/// Makes the console speak UTF-8 for as long as the returned guard lives.
///
/// Rust already writes to a Windows console through `WriteConsoleW`, so `cmd.exe` shows Chinese
/// whatever its code page; but output piped to another program (PowerShell's `$x = regdesk …`,
/// `| Out-File`) is UTF-8 bytes that PowerShell decodes with the console's output code page —
/// 936 (GBK) on a Chinese Windows. Setting the code page to 65001 makes both agree; the
/// user's own code page comes back when the command ends. Nothing to do on Linux and macOS.
pub fn utf8() -> CodePageGuard {
    imp::utf8()
}

/// Restores the console's code pages when dropped.
pub struct CodePageGuard {
    #[cfg_attr(not(windows), allow(dead_code))]
    saved: Option<(u32, u32)>,
}

#[cfg(windows)]
mod imp {
    use super::CodePageGuard;
    use windows_sys::Win32::System::Console::{
        GetConsoleCP, GetConsoleOutputCP, SetConsoleCP, SetConsoleOutputCP,
    };

    const CP_UTF8: u32 = 65001;

    pub fn utf8() -> CodePageGuard {
        // SAFETY: plain calls without pointers; they fail (return 0) without a console.
        let saved = unsafe { (GetConsoleCP(), GetConsoleOutputCP()) };
        if saved.0 == 0 || saved.1 == 0 {
            return CodePageGuard { saved: None };
        }
        unsafe {
            SetConsoleCP(CP_UTF8);
            SetConsoleOutputCP(CP_UTF8);
        }
        CodePageGuard { saved: Some(saved) }
    }

    impl Drop for CodePageGuard {
        fn drop(&mut self) {
            if let Some((input, output)) = self.saved {
                // SAFETY: as above.
                unsafe {
                    SetConsoleCP(input);
                    SetConsoleOutputCP(output);
                }
            }
        }
    }
}

#[cfg(not(windows))]
mod imp {
    use super::CodePageGuard;

    pub fn utf8() -> CodePageGuard {
        CodePageGuard { saved: None }
    }
}
