//! Logs: one daily-rolling file in `<data folder>/logs/` (`regdesk.<date>.log`), kept 14 days.
//! Lines say what ran, how long it took and the error code — never ID numbers, names or photo
//! bytes: anything that identifies a person goes through [`mask`] first.

use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};

pub const LOG_DIR: &str = "logs";
const KEEP_DAYS: usize = 14;

pub fn log_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(LOG_DIR)
}

/// Starts logging to the data folder; keep the guard alive for the process's life (it flushes
/// on drop). `None` when the folder cannot be written or logging is already set up: the
/// program runs on without logs rather than failing.
pub fn init(data_dir: &Path) -> Option<WorkerGuard> {
    let dir = log_dir(data_dir);
    std::fs::create_dir_all(&dir).ok()?;
    // Logs name commands and times, never arguments; still, the user's alone.
    regdesk_platform::fs::private_dir(&dir);
    private_files(&dir);
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix("regdesk")
        .filename_suffix("log")
        .max_log_files(KEEP_DAYS)
        .build(&dir)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(PrivateRolling {
        inner: appender,
        dir: dir.clone(),
        day: None,
    });
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_target(false)
        .with_max_level(tracing::Level::INFO)
        .try_init()
        .ok()?;
    Some(guard)
}

/// tracing-appender opens each day's file with the default mode (0644 under the usual
/// umask): today's is made first, readable by the user alone (the appender names files by the
/// UTC date), and every file in the folder is tightened again when the day changes.
fn private_files(dir: &Path) {
    let name = format!("regdesk.{}.log", chrono::Utc::now().format("%Y-%m-%d"));
    regdesk_platform::fs::touch_private(&dir.join(name));
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            regdesk_platform::fs::private_file(&e.path());
        }
    }
}

/// The rolling file, with [`private_files`] after the first write of each UTC day (a
/// window left open over midnight rolls into a new file).
struct PrivateRolling {
    inner: RollingFileAppender,
    dir: PathBuf,
    day: Option<chrono::NaiveDate>,
}

impl std::io::Write for PrivateRolling {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        let today = chrono::Utc::now().date_naive();
        if self.day != Some(today) {
            self.day = Some(today);
            private_files(&self.dir);
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// An identifier as it may appear in a log: a long one (an ID number) keeps its first and
/// last two characters ("50**************14"), a short one (a name) its first only ("王*").
pub fn mask(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let n = chars.len();
    let keep = |i: usize| {
        if n >= 10 {
            i < 2 || i >= n - 2
        } else {
            i == 0 && n > 1
        }
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if keep(i) { *c } else { '*' })
        .collect()
}

/// The last `n` warning and error lines of the newest log files, for "copy diagnostics".
pub fn recent_problems(data_dir: &Path, n: usize) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(log_dir(data_dir))
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    let mut lines: Vec<String> = Vec::new();
    for f in files.iter().rev().take(2).rev() {
        if let Ok(text) = std::fs::read_to_string(f) {
            lines.extend(
                text.lines()
                    .filter(|l| l.contains(" WARN ") || l.contains(" ERROR "))
                    .map(str::to_owned),
            );
        }
    }
    let skip = lines.len().saturating_sub(n);
    lines.split_off(skip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masking_keeps_no_more_than_four_characters() {
        assert_eq!(mask("500101199003070014"), "50**************14");
        assert_eq!(mask("王芳"), "王*");
        assert_eq!(mask("张小伟同学"), "张****");
        assert_eq!(mask("x"), "*");
    }

    #[test]
    fn logs_go_to_a_daily_file_and_problems_are_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let guard = init(dir.path()).expect("first init in this test process");
        tracing::info!(command = "photo make", ms = 12, "done");
        tracing::warn!(command = "photo make", code = "io", "failed");
        drop(guard);
        let files: Vec<_> = std::fs::read_dir(log_dir(dir.path()))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "the log is the user's alone: {mode:o}");
        }
        let problems = recent_problems(dir.path(), 10);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("code=\"io\""), "{problems:?}");
    }
}
