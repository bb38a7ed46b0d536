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
    build_signed_zip(manifest, files, None)
}

/// As [`build_zip`], with `manifest.sig` (the key's signature over the manifest bytes).
pub fn build_signed_zip(
    manifest: &Manifest,
    files: &[PackageFile<'_>],
    key: Option<&ed25519_dalek::SigningKey>,
) -> Result<Vec<u8>, std::io::Error> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let json = serde_json::to_vec_pretty(manifest).map_err(std::io::Error::other)?;
    zip.start_file(
        MANIFEST_NAME,
        SimpleFileOptions::default().compression_method(CompressionMethod::Deflated),
    )
    .map_err(std::io::Error::other)?;
    zip.write_all(&json)?;
    if let Some(key) = key {
        zip.start_file(
            crate::sign::SIGNATURE_NAME,
            SimpleFileOptions::default().compression_method(CompressionMethod::Deflated),
        )
        .map_err(std::io::Error::other)?;
        zip.write_all(&crate::sign::sign(&json, key))?;
    }
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
