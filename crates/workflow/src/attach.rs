use std::sync::Arc;

use regdesk_core::process::UploadSlot;
use regdesk_core::{Actor, CommandError, ErrorCode, Problem};
use regdesk_photo::report::PhotoReport;
use regdesk_photo::scan::ScanReport;
use regdesk_photo::spec::{default_spec, ScanSlot};
use regdesk_photo::{make_photo, make_prepared, scan::compress_scan, MakeOptions, Prepared};
use regdesk_store::{attachments, candidates, Store, StoreError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The engine's report of an upload: the photo engine's for the photo slot, the scan
/// compressor's for the others (`kind` tells which).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SlotReport {
    Photo(PhotoReport),
    Scan(ScanReport),
}

impl SlotReport {
    pub fn issues(&self) -> &[Problem] {
        match self {
            SlotReport::Photo(r) => &r.issues,
            SlotReport::Scan(r) => &r.issues,
        }
    }

    fn issues_mut(&mut self) -> &mut Vec<Problem> {
        match self {
            SlotReport::Photo(r) => &mut r.issues,
            SlotReport::Scan(r) => &mut r.issues,
        }
    }
}

/// What attaching a file did: the engine's report, whether it was stored (only a compliant
/// result is) and the stored file's SHA-256. (The slot is the caller's: a scan report names
/// its scan slot itself.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UploadReport {
    #[serde(flatten)]
    pub report: SlotReport,
    pub stored: bool,
    pub sha256: Option<String>,
}

fn scan_slot(slot: UploadSlot) -> ScanSlot {
    match slot {
        UploadSlot::IdFront => ScanSlot::IdFront,
        UploadSlot::Diploma => ScanSlot::Diploma,
        _ => ScanSlot::WorkProof,
    }
}

impl UploadReport {
    /// A report as stored with an attachment. Rows written before reports carried `kind` get
    /// it from their slot; anything else unreadable is reported as corrupt, never defaulted.
    pub fn from_stored(
        mut value: serde_json::Value,
        slot: UploadSlot,
        sha256: &str,
    ) -> Result<Self, CommandError> {
        if let Some(obj) = value.as_object_mut() {
            if slot == UploadSlot::Photo {
                obj.entry("kind").or_insert_with(|| "photo".into());
            } else {
                // Older rows carry the upload slot's name where the scan slot belongs.
                obj.entry("kind").or_insert_with(|| "scan".into());
                let scan = serde_json::to_value(scan_slot(slot)).unwrap_or_default();
                obj.insert("slot".into(), scan);
            }
            obj.insert("stored".into(), true.into());
            obj.insert("sha256".into(), sha256.into());
        }
        serde_json::from_value(value).map_err(|e| {
            CommandError::new(
                ErrorCode::Database,
                format!(
                    "已保存的 {} 检查报告无法读取：{e}",
                    attachments::slot_name(slot)
                ),
                format!(
                    "the stored report of {} is unreadable: {e}",
                    attachments::slot_name(slot)
                ),
            )
        })
    }
}

pub struct AttachOutcome {
    pub report: UploadReport,
}

fn not_found(id_number: &str) -> CommandError {
    CommandError::from(StoreError::NotFound(format!("candidate {id_number}")))
        .with_field("idNumber")
}

/// What is attached: the file, or a picture the crop editor already has open (decoded, faces
/// found), which spares a gesture the upload and the decode. Owned, so the engine can run on
/// a blocking thread.
pub enum Upload {
    File(Vec<u8>),
    Open(Arc<Prepared<'static>>),
}

impl Upload {
    fn bytes(&self) -> &[u8] {
        match self {
            Upload::File(b) => b,
            Upload::Open(p) => p.input(),
        }
    }
}

/// Runs the photo engine (photo slot) or the scan compressor (other slots) on the upload and
/// stores the result when it is compliant. Unreadable input is an `Err` (exit 2).
pub async fn attach_file(
    store: &Store,
    id_number: &str,
    slot: UploadSlot,
    file_name: &str,
    upload: Upload,
    photo: &MakeOptions,
    actor: &Actor,
) -> Result<AttachOutcome, CommandError> {
    if candidates::find_by_id_number(store, id_number)
        .await?
        .is_none()
    {
        return Err(not_found(id_number));
    }
    // The engine (and segmentation, when asked) is CPU work: off the async workers.
    let (name, options) = (file_name.to_owned(), *photo);
    let (jpeg, report, compliant, phash) = tokio::task::spawn_blocking(move || match slot {
        UploadSlot::Photo => {
            let out = match &upload {
                Upload::File(bytes) => make_photo(bytes, &default_spec(), &options),
                Upload::Open(prepared) => make_prepared(prepared, &default_spec(), &options),
            }
            .map_err(|e| e.to_command_error(&name))?;
            let ok = !out.report.has_errors();
            let phash = out.jpeg.as_deref().and_then(photo_hash);
            Ok::<_, CommandError>((out.jpeg, SlotReport::Photo(out.report), ok, phash))
        }
        other => {
            let (jpeg, r) = compress_scan(upload.bytes(), scan_slot(other))
                .map_err(|e| e.to_command_error(&name))?;
            let ok = r.written;
            Ok((jpeg, SlotReport::Scan(r), ok, None))
        }
    })
    .await
    .map_err(CommandError::internal)??;
    let mut report = UploadReport {
        report,
        stored: false,
        sha256: None,
    };
    let Some(jpeg) = jpeg.filter(|_| compliant) else {
        return Ok(AttachOutcome { report });
    };
    let stored_json = serde_json::to_value(&report).map_err(CommandError::internal)?;
    let file = attachments::NewFile {
        source_name: file_name,
        bytes: &jpeg,
        report: &stored_json,
        phash: phash.as_deref(),
    };
    match attachments::put(store, id_number, slot, file, actor).await? {
        Ok(sha) => {
            report.stored = true;
            report.sha256 = Some(sha);
        }
        Err(refusal) => report.report.issues_mut().insert(0, refusal),
    }
    Ok(AttachOutcome { report })
}

/// The perceptual hash of a made photo (64-bit gradient hash, base64), to find one picture used
/// for two people; `None` if the JPEG cannot be decoded (it was just encoded, so never).
pub fn photo_hash(jpeg: &[u8]) -> Option<String> {
    let image = image::load_from_memory(jpeg).ok()?;
    let hasher = image_hasher::HasherConfig::new().to_hasher();
    Some(hasher.hash_image(&image).to_base64())
}

/// Two photo hashes this close (bits of 64) are the same picture, re-encoded or re-cropped.
pub const SAME_PICTURE_BITS: u32 = 4;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Rows stored before reports were typed: no `kind`, the upload slot's name in `slot`.
    #[test]
    fn reports_stored_by_the_previous_release_still_read() {
        let old_scan = json!({"slot": "id_front", "written": true, "width": 1600, "height": 1000,
            "bytes": 90000, "maxBytes": 100000, "quality": 80, "downscaled": false, "issues": [],
            "stored": false});
        let r = UploadReport::from_stored(old_scan, UploadSlot::IdFront, "abc").unwrap();
        assert!(r.stored);
        assert_eq!(r.sha256.as_deref(), Some("abc"));
        match r.report {
            SlotReport::Scan(s) => assert_eq!(s.slot, ScanSlot::IdFront),
            other => panic!("{other:?}"),
        }
        let broken = json!({"kind": "photo", "written": "yes"});
        let err = UploadReport::from_stored(broken, UploadSlot::Photo, "x").unwrap_err();
        assert!(err.message_en.contains("photo"), "{}", err.message_en);
    }
}
