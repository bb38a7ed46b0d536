use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::manifest::{Manifest, MANIFEST_NAME};

pub struct PackageFile<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// The zip in memory: the manifest (deflated) first, then the JPEGs stored as they are
/// (already compressed; storing keeps their bytes and hashes exactly).
pub fn build_zip(
    manifest: &Manifest,
    files: &[PackageFile<'_>],
) -> Result<Vec<u8>, std::io::Error> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let json = serde_json::to_vec_pretty(manifest).map_err(std::io::Error::other)?;
    zip.start_file(
        MANIFEST_NAME,
        SimpleFileOptions::default().compression_method(CompressionMethod::Deflated),
    )
    .map_err(std::io::Error::other)?;
    zip.write_all(&json)?;
    for f in files {
        zip.start_file(
            f.name,
            SimpleFileOptions::default().compression_method(CompressionMethod::Stored),
        )
        .map_err(std::io::Error::other)?;
        zip.write_all(f.bytes)?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}
