//! A message for a program that cannot show its own window.

/// Tells the user why the program cannot start, where they will see it: a message box on
/// Windows (a GUI-subsystem program has no console, and without this it would just vanish),
/// standard error elsewhere.
pub fn fatal(title: &str, text: &str) {
    imp::fatal(title, text)
}

#[cfg(windows)]
mod imp {
    use windows_sys::Win32::UI::WindowsAndMessaging::{MessageBoxW, MB_ICONERROR, MB_OK};

    fn wide(s: &str) -> Vec<u16> {
        s.encode_utf16().chain(std::iter::once(0)).collect()
    }

    pub fn fatal(title: &str, text: &str) {
        eprintln!("{title}\n{text}");
        let (title, text) = (wide(title), wide(text));
        // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call.
        unsafe {
            MessageBoxW(
                std::ptr::null_mut(),
                text.as_ptr(),
                title.as_ptr(),
                MB_OK | MB_ICONERROR,
            );
        }
    }
}

#[cfg(not(windows))]
mod imp {
    pub fn fatal(title: &str, text: &str) {
        eprintln!("{title}\n{text}");
    }
}
