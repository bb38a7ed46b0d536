//! What `open_in_viewer` may open: the files (and batch output folders) this app wrote in this
//! session — never a path or URL a script in the page names. Paths are compared canonical, so
//! `..` or a symlink to something else does not pass.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Default)]
pub struct Written(Mutex<HashSet<PathBuf>>);

impl Written {
    /// Remembers `path` after it was written (ignored when it cannot be resolved).
    pub fn note(&self, path: &Path) {
        if let (Ok(real), Ok(mut set)) = (path.canonicalize(), self.0.lock()) {
            set.insert(real);
        }
    }

    pub fn contains(&self, path: &Path) -> bool {
        match (path.canonicalize(), self.0.lock()) {
            (Ok(real), Ok(set)) => set.contains(&real),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_was_noted_opens_whatever_the_path_looks_like() {
        let dir = tempfile::tempdir().unwrap();
        let ticket = dir.path().join("准考证.pdf");
        let other = dir.path().join("other.pdf");
        std::fs::write(&ticket, b"%PDF").unwrap();
        std::fs::write(&other, b"%PDF").unwrap();
        let written = Written::default();
        written.note(&ticket);
        assert!(written.contains(&ticket));
        assert!(written.contains(&dir.path().join(".").join("准考证.pdf")));
        assert!(!written.contains(&other));
        assert!(!written.contains(Path::new("https://example.com/")));
        assert!(!written.contains(Path::new("/etc/passwd")));
        #[cfg(unix)]
        {
            let link = dir.path().join("link.pdf");
            std::os::unix::fs::symlink(&other, &link).unwrap();
            assert!(!written.contains(&link), "a link to an unwritten file");
        }
    }
}
