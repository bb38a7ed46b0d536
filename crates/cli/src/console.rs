//! The terminal the CLI writes to: what differs between a pipe, a console and the platform
//! lives here, not in the commands.

/// Exit status for output cut off by its reader: 128 + SIGPIPE, what a shell reports for
/// `ls | head`, so `set -o pipefail` scripts see the same on every platform.
const CLOSED_PIPE: i32 = 141;

/// Call first in `main`. A reader that stops early (`regdesk … | head`) closes the pipe and
/// Rust's `println!` panics on the next write: that ends the command quietly instead of with a
/// panic message and a backtrace. Every other panic is reported as before. The returned guard
/// keeps a Windows console in UTF-8 until the command ends.
pub fn init() -> regdesk_platform::console::CodePageGuard {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if closed_pipe(message) {
            std::process::exit(CLOSED_PIPE);
        }
        default(info);
    }));
    regdesk_platform::console::utf8()
}

/// `failed printing to stdout: Broken pipe (os error 32)` on Unix; Windows says "The pipe is
/// being closed" (232), "The pipe has been ended" (109) or "No process is on the other end of
/// the pipe" (233).
fn closed_pipe(message: &str) -> bool {
    message.starts_with("failed printing to std")
        && [
            "Broken pipe",
            "os error 232",
            "os error 109",
            "os error 233",
        ]
        .iter()
        .any(|m| message.contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_closed_pipe_is_quiet() {
        assert!(closed_pipe(
            "failed printing to stdout: Broken pipe (os error 32)"
        ));
        assert!(closed_pipe(
            "failed printing to stdout: The pipe is being closed. (os error 232)"
        ));
        assert!(closed_pipe(
            "failed printing to stdout: Pipe not connected. (os error 233)"
        ));
        assert!(!closed_pipe(
            "failed printing to stdout: No space left on device (os error 28)"
        ));
        assert!(!closed_pipe("index out of bounds"));
    }
}
