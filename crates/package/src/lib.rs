//! Packages (SPEC §5): one zip per candidate holding `manifest.json` (format version, spec,
//! candidate data, every file with SHA-256 and size, check results, producer) and the JPEGs
//! named `<ID number>_<slot>.jpg`. `verify` refuses unsafe archives before reading content and
//! tells a tampered package (invalid, exit 1) from one that does not parse (unreadable, exit 2).

// No panic reachable from a hostile file: unwrap, expect and unchecked indexing are errors
// in this crate's code (tests may use them).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

mod manifest;
pub mod sign;
mod verify;
mod write;

pub use manifest::{FileEntry, Manifest, FORMAT_VERSION, MANIFEST_NAME};
pub use verify::{verify, ArchiveLimits, PackageError, VerifyReport};
pub use write::{build_signed_zip, build_zip, PackageFile};

pub use regdesk_core::digest::sha256_hex;

/// One member's bytes (at most `max`) from a package that `verify` has accepted.
pub fn member(bytes: &[u8], name: &str, max: u64) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let entry = zip.by_name(name).ok()?;
    let mut out = Vec::new();
    entry.take(max).read_to_end(&mut out).ok()?;
    Some(out)
}
