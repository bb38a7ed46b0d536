//! Verifying a package: archive safety first (SPEC §6 "Archives"), then the manifest against
//! the members. Unsafe or unparsable archives are errors (exit 2); a valid zip whose content
//! no longer matches its manifest is a report with problems (exit 1).

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use regdesk_core::{Problem, ReasonCode};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::manifest::{Manifest, FORMAT_VERSION, MANIFEST_NAME};
use crate::sha256_hex;
use crate::sign::{SignatureState, SIGNATURE_NAME};

#[derive(Debug, Clone, Copy)]
pub struct ArchiveLimits {
    pub max_entries: usize,
    pub max_entry_bytes: u64,
    pub max_total_bytes: u64,
    pub max_ratio: u64,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        Self {
            max_entries: 1_000,
            max_entry_bytes: 50_000_000,
            max_total_bytes: 500_000_000,
            max_ratio: 100,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackageError {
    #[error("unreadable archive: {0}")]
    Unreadable(String),
    #[error("unsafe archive: {0}")]
    Unsafe(String),
    #[error("unsupported package: {0}")]
    Unsupported(String),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyReport {
    pub valid: bool,
    /// `valid | invalid | missing` (version-1 and unsigned packages: missing, said so).
    pub signature: SignatureState,
    /// The signing key's fingerprint (SHA-256 of the public key), when the package names one.
    pub signer: Option<String>,
    pub manifest: Option<Manifest>,
    pub issues: Vec<Problem>,
}

fn problem(field: &str, code: ReasonCode, zh: String, en: String) -> Problem {
    Problem::error(field, code, zh, en)
}

/// One member's content from its raw (compressed) bytes, bounded by its declared size.
fn read_member<R: Read>(
    mut raw: zip::read::ZipFile<'_, R>,
    name: &str,
) -> Result<Vec<u8>, PackageError> {
    let declared = raw.size();
    let crc = raw.crc32();
    let method = raw.compression();
    let mut data = Vec::with_capacity(declared as usize);
    let read = match method {
        zip::CompressionMethod::Stored => (&mut raw).take(declared + 1).read_to_end(&mut data),
        zip::CompressionMethod::Deflated => flate2::read::DeflateDecoder::new(&mut raw)
            .take(declared + 1)
            .read_to_end(&mut data),
        other => {
            return Err(PackageError::Unsupported(format!(
                "{name}: compression {other:?}"
            )))
        }
    };
    if data.len() as u64 > declared {
        return Err(PackageError::Unsafe(format!(
            "{name}: longer than its declared {declared} bytes"
        )));
    }
    read.map_err(|e| PackageError::Unreadable(format!("{name}: {e}")))?;
    if data.len() as u64 != declared || crc32fast::hash(&data) != crc {
        return Err(PackageError::Unreadable(format!(
            "{name}: damaged (length or CRC does not match)"
        )));
    }
    Ok(data)
}

/// Members the central directory lists, from the end-of-central-directory record: the zip
/// reader keeps one member per name, so a duplicate shows only as a count it does not reach.
fn listed_members(bytes: &[u8]) -> Option<usize> {
    let start = bytes.len().saturating_sub(22 + 65_535);
    let at = bytes
        .get(start..)?
        .windows(4)
        .rposition(|w| w == [0x50, 0x4b, 0x05, 0x06])?
        + start;
    let total = u16::from_le_bytes([*bytes.get(at + 10)?, *bytes.get(at + 11)?]);
    // 0xFFFF: the real count is in a ZIP64 record; packages never need one.
    (total != u16::MAX).then_some(usize::from(total))
}

pub fn verify(bytes: &[u8], limits: ArchiveLimits) -> Result<VerifyReport, PackageError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| PackageError::Unreadable(e.to_string()))?;
    if zip.len() > limits.max_entries {
        return Err(PackageError::Unsafe(format!(
            "{} entries > {}",
            zip.len(),
            limits.max_entries
        )));
    }
    if listed_members(bytes).is_some_and(|n| n > zip.len()) {
        return Err(PackageError::Unsafe(format!(
            "the archive lists {} members but only {} distinct names: two members share a name",
            listed_members(bytes).unwrap_or(0),
            zip.len()
        )));
    }
    // Safety of every entry is decided from the central directory, before any content is read.
    let mut total = 0u64;
    // Two members of one name (or of names one file system takes as one: case, Unicode
    // normalisation) let two readers see two different packages.
    let mut seen = std::collections::HashSet::new();
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| PackageError::Unreadable(e.to_string()))?;
        let name = entry
            .name()
            .map_err(|e| PackageError::Unreadable(e.to_string()))?
            .into_owned();
        if entry.enclosed_name().is_none()
            || name.starts_with('/')
            || name.starts_with('\\')
            || name.contains("..")
        {
            return Err(PackageError::Unsafe(format!(
                "entry path escapes the folder: {name}"
            )));
        }
        let folded: String = name.nfc().collect::<String>().to_lowercase();
        if !seen.insert(folded) {
            return Err(PackageError::Unsafe(format!(
                "two members named {name} (names are compared ignoring case and Unicode normalisation)"
            )));
        }
        if entry.is_symlink() || !(entry.is_file() || entry.is_dir()) {
            return Err(PackageError::Unsafe(format!(
                "entry is a link or device: {name}"
            )));
        }
        if entry.size() > limits.max_entry_bytes {
            return Err(PackageError::Unsafe(format!(
                "{name}: {} bytes > {}",
                entry.size(),
                limits.max_entry_bytes
            )));
        }
        total += entry.size();
        if total > limits.max_total_bytes {
            return Err(PackageError::Unsafe(format!(
                "more than {} bytes uncompressed",
                limits.max_total_bytes
            )));
        }
        if entry.size() > 1024
            && entry.size() > entry.compressed_size().saturating_mul(limits.max_ratio)
        {
            return Err(PackageError::Unsafe(format!(
                "{name}: compression ratio over {}:1",
                limits.max_ratio
            )));
        }
    }
    // Read every member ourselves from its raw bytes: inflated at most one byte past the size
    // the archive declares (already checked against the limits), the real length compared and
    // the CRC checked — so a member that inflates past its declared size is refused by our own
    // check, whatever a zip reader version does about it.
    let mut members: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for i in 0..zip.len() {
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| PackageError::Unreadable(e.to_string()))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry
            .name()
            .map_err(|e| PackageError::Unreadable(e.to_string()))?
            .into_owned();
        let data = read_member(entry, &name)?;
        members.insert(name, data);
    }

    let mut issues = Vec::new();
    let manifest: Option<Manifest> = match members
        .get(MANIFEST_NAME)
        .map(|m| serde_json::from_slice::<Manifest>(m))
    {
        Some(Ok(m)) => Some(m),
        Some(Err(e)) => {
            issues.push(problem(
                "manifest",
                ReasonCode::PackageManifestInvalid,
                format!("manifest.json 无法解析：{e}"),
                format!("manifest.json does not parse: {e}"),
            ));
            None
        }
        None => {
            issues.push(problem(
                "manifest",
                ReasonCode::PackageManifestInvalid,
                "缺少 manifest.json".into(),
                "manifest.json is missing".into(),
            ));
            None
        }
    };
    if let Some(m) = &manifest {
        if m.format_version > FORMAT_VERSION {
            return Err(PackageError::Unsupported(format!(
                "format version {} is newer than {FORMAT_VERSION}; upgrade RegDesk / 包格式版本较新，请升级",
                m.format_version
            )));
        }
        for f in &m.files {
            match members.get(&f.name) {
                None => issues.push(problem(
                    &f.name,
                    ReasonCode::PackageMissingFile,
                    format!("缺少文件 {}", f.name),
                    format!("file {} is missing", f.name),
                )),
                Some(data) if sha256_hex(data) != f.sha256 || data.len() as u64 != f.bytes => {
                    issues.push(problem(
                        &f.name,
                        ReasonCode::PackageHashMismatch,
                        format!("{} 的内容与清单不符（已被修改或损坏）", f.name),
                        format!(
                            "{} does not match its manifest hash (modified or damaged)",
                            f.name
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
        for name in members.keys().filter(|n| {
            *n != MANIFEST_NAME && *n != SIGNATURE_NAME && !m.files.iter().any(|f| &f.name == *n)
        }) {
            issues.push(problem(
                name,
                ReasonCode::PackageUnexpectedFile,
                format!("清单中没有的文件：{name}"),
                format!("file not in the manifest: {name}"),
            ));
        }
    }
    let (signature, signer) = match members.get(MANIFEST_NAME) {
        Some(m) => crate::sign::check(m, members.get(SIGNATURE_NAME).map(Vec::as_slice)),
        None => (SignatureState::Missing, None),
    };
    if signature == SignatureState::Invalid {
        issues.push(problem(
            SIGNATURE_NAME,
            ReasonCode::PackageSignatureInvalid,
            "签名无效：清单在签名后被修改，或签名不属于所写的密钥".into(),
            "the signature is invalid: the manifest was changed after signing, or the signature is not the named key's".into(),
        ));
    }
    Ok(VerifyReport {
        valid: issues.is_empty(),
        signature,
        signer,
        manifest,
        issues,
    })
}

#[cfg(test)]
mod tests;
