use regdesk_core::process::UploadSlot;
use regdesk_core::{Actor, CommandError};
use regdesk_photo::spec::{default_spec, ScanSlot};
use regdesk_photo::{make_photo, make_prepared, scan::compress_scan, MakeOptions, Prepared};
use regdesk_store::{attachments, candidates, Store, StoreError};

/// What attaching a file did: exit code as `photo make` (0 stored, 1 not compliant or
/// refused) and the engine's report with `stored` and `sha256`.
pub struct AttachOutcome {
    pub code: u8,
    pub report: serde_json::Value,
}

fn not_found(id_number: &str) -> CommandError {
    CommandError::from(StoreError::NotFound(format!("candidate {id_number}")))
        .with_field("idNumber")
}

/// What is attached: the file, or a picture the crop editor already has open (decoded, faces
/// found), which spares a gesture the upload and the decode.
#[derive(Clone, Copy)]
pub enum Upload<'a> {
    File(&'a [u8]),
    Open(&'a Prepared<'a>),
}

impl Upload<'_> {
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
    upload: Upload<'_>,
    photo: &MakeOptions,
    actor: &Actor,
) -> Result<AttachOutcome, CommandError> {
    if candidates::find_by_id_number(store, id_number)
        .await?
        .is_none()
    {
        return Err(not_found(id_number));
    }
    let (jpeg, mut report, compliant) = match slot {
        UploadSlot::Photo => {
            let out = match upload {
                Upload::File(bytes) => make_photo(bytes, &default_spec(), photo),
                Upload::Open(prepared) => make_prepared(prepared, &default_spec(), photo),
            }
            .map_err(|e| e.to_command_error(file_name))?;
            let ok = !out.report.has_errors();
            (
                out.jpeg,
                serde_json::to_value(&out.report).unwrap_or_default(),
                ok,
            )
        }
        other => {
            let scan = match other {
                UploadSlot::IdFront => ScanSlot::IdFront,
                UploadSlot::Diploma => ScanSlot::Diploma,
                _ => ScanSlot::WorkProof,
            };
            let (jpeg, r) =
                compress_scan(upload.bytes(), scan).map_err(|e| e.to_command_error(file_name))?;
            let ok = r.written;
            (jpeg, serde_json::to_value(&r).unwrap_or_default(), ok)
        }
    };
    report["slot"] = serde_json::json!(attachments::slot_name(slot));
    report["stored"] = serde_json::json!(false);
    let Some(jpeg) = jpeg.filter(|_| compliant) else {
        return Ok(AttachOutcome { code: 1, report });
    };
    match attachments::put(store, id_number, slot, file_name, &jpeg, &report, actor).await? {
        Ok(sha) => {
            report["stored"] = serde_json::json!(true);
            report["sha256"] = serde_json::json!(sha);
            Ok(AttachOutcome { code: 0, report })
        }
        Err(refusal) => {
            let issues = report["issues"]
                .as_array_mut()
                .map(std::mem::take)
                .unwrap_or_default();
            let mut all = vec![serde_json::to_value(refusal).unwrap_or_default()];
            all.extend(issues);
            report["issues"] = serde_json::Value::Array(all);
            Ok(AttachOutcome { code: 1, report })
        }
    }
}
