//! Opening packages on the desk as a job: each file read (bounded), verified, its signature
//! and signer looked up, the photo checks re-run on the packaged bytes and the manifest
//! cross-checked — on every core, with progress and cancel, each package stored as it is done.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

use regdesk_core::{Actor, CommandError, Problem, ReasonCode};
use regdesk_package::sign::SignatureState;
use regdesk_package::{member, verify, ArchiveLimits, PackageError};
use regdesk_store::jobs::{self, ItemRecord};
use regdesk_store::keys::{self, TrustedKey};
use regdesk_store::review::{self as stored, OpenedPackage};
use regdesk_store::Store;
use serde::Serialize;

use crate::jobs::{run_items, ItemDone, JobProgress, RunOptions};

/// What opening one file found (`regdesk review open`).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct OpenLine {
    pub file: String,
    pub package_sha256: Option<String>,
    pub id_number: Option<String>,
    pub signature: Option<SignatureState>,
    pub signer: Option<String>,
    /// The name this workspace trusts the signer under; `None` = unknown key (shown as such).
    pub trusted_as: Option<String>,
    pub issues: Vec<Problem>,
    /// 0 valid, 1 invalid (problems listed), 2 unreadable.
    pub code: u8,
}

/// Packages larger than this are not candidates' packages.
pub const MAX_PACKAGE: u64 = 60 * 1024 * 1024;
/// A folder yields at most this many packages per open.
const MAX_FILES: usize = 20_000;
pub const OPEN_KIND: &str = "review_open";

fn zips_in(path: &Path) -> Vec<PathBuf> {
    if !path.is_dir() {
        return vec![path.to_owned()];
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("zip")))
        .take(MAX_FILES)
        .collect();
    found.sort();
    found
}

fn unreadable(file: &str, why: String) -> OpenLine {
    OpenLine {
        file: file.to_owned(),
        package_sha256: None,
        id_number: None,
        signature: None,
        signer: None,
        trusted_as: None,
        issues: vec![Problem::error(
            "file",
            ReasonCode::PackageManifestInvalid,
            format!("{file}：无法读取：{why}"),
            format!("{file}: unreadable: {why}"),
        )],
        code: 2,
    }
}

/// One opened package: what to show, and what to keep on the desk (none when unreadable).
pub(crate) struct Inspected {
    pub line: OpenLine,
    pub keep: Option<(OpenedPackage, Vec<u8>)>,
}

fn read_file(file: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(MAX_PACKAGE + 1).read_to_end(&mut bytes))
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > MAX_PACKAGE {
        return Err(format!("larger than {MAX_PACKAGE} bytes"));
    }
    Ok(bytes)
}

/// Verifies and re-checks one package's bytes (CPU work: call it off the async workers).
pub(crate) fn inspect(
    shown: &str,
    bytes: Vec<u8>,
    trusted: &[TrustedKey],
    submission_id: Option<String>,
) -> Inspected {
    let report = match verify(&bytes, ArchiveLimits::default()) {
        Ok(r) => r,
        Err(
            PackageError::Unreadable(why)
            | PackageError::Unsafe(why)
            | PackageError::Unsupported(why),
        ) => {
            return Inspected {
                line: unreadable(shown, why),
                keep: None,
            }
        }
    };
    let mut issues = report.issues.clone();
    let mut id_number = String::new();
    let mut name = String::new();
    if let Some(m) = &report.manifest {
        issues.extend(super::checks::manifest_issues(m));
        let who = m.candidate.get("identity").unwrap_or(&m.candidate);
        let text = |k: &str| who.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned();
        id_number = text("idNumber");
        name = text("name");
        let photo = m
            .files
            .iter()
            .find(|f| f.slot == "photo")
            .and_then(|entry| {
                let photo = member(&bytes, &entry.name, 10 * 1024 * 1024)?;
                let spec = regdesk_photo::spec::find_spec(&m.spec_id)
                    .unwrap_or_else(regdesk_photo::spec::default_spec);
                regdesk_photo::check_photo(&photo, &spec).ok()
            });
        if let Some(p) = photo {
            issues.extend(p.issues.into_iter().filter(|i| i.is_error()));
        }
    }
    let sha = regdesk_package::sha256_hex(&bytes);
    let trusted_as = report.signer.as_ref().and_then(|s| {
        trusted
            .iter()
            .find(|k| &k.fingerprint == s)
            .map(|k| k.name.clone())
    });
    let opened = OpenedPackage {
        package_sha256: sha.clone(),
        id_number: id_number.clone(),
        file: shown.to_owned(),
        signer: report.signer.clone(),
        signature: serde_json::to_value(report.signature)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        issues: serde_json::to_value(&issues).unwrap_or_default(),
        name,
        submission_id,
    };
    let code = u8::from(issues.iter().any(Problem::is_error));
    Inspected {
        line: OpenLine {
            file: shown.to_owned(),
            package_sha256: Some(sha),
            id_number: Some(id_number),
            signature: Some(report.signature),
            signer: report.signer,
            trusted_as,
            issues,
            code,
        },
        keep: Some((opened, bytes)),
    }
}

/// Opens every package under `paths` (files, or folders of `.zip`) as a job on the engine and
/// records each readable one on the desk. Lines come back in file order.
pub async fn open_paths(
    store: &Store,
    paths: &[PathBuf],
    actor: &Actor,
    cancel: &AtomicBool,
    progress: &(dyn Fn(&JobProgress) + Sync),
) -> Result<Vec<OpenLine>, CommandError> {
    let trusted = keys::all(store).await?;
    let files: Vec<PathBuf> = paths.iter().flat_map(|p| zips_in(p)).collect();
    if files.is_empty() {
        return Ok(Vec::new());
    }
    let total = files.len() as u32;
    let params = serde_json::json!({ "paths": paths, "files": total });
    let job_id = jobs::create(store, OPEN_KIND, &params.to_string(), total, actor).await?;
    jobs::start(store, job_id).await?;
    let started = std::time::Instant::now();
    let handle = tokio::runtime::Handle::current();
    let results: Mutex<Vec<Option<OpenLine>>> = Mutex::new(vec![None; files.len()]);
    let todo: Vec<usize> = (0..files.len()).collect();
    let outcome = tokio::task::block_in_place(|| {
        let opts = RunOptions::new(cancel);
        run_items(
            &todo,
            total,
            |i| files[i].display().to_string(),
            |i| {
                let shown = files[i].display().to_string();
                let inspected = match read_file(&files[i]) {
                    Ok(bytes) => inspect(&shown, bytes, &trusted, None),
                    Err(why) => Inspected {
                        line: unreadable(&shown, why),
                        keep: None,
                    },
                };
                ItemDone {
                    code: inspected.line.code,
                    result: inspected,
                }
            },
            |i, done: &ItemDone<Inspected>| {
                let line = &done.result.line;
                handle.block_on(async {
                    if let Some((opened, bytes)) = &done.result.keep {
                        stored::put_package(store, opened, bytes).await?;
                    }
                    let item = ItemRecord {
                        idx: i as u32,
                        key: line.file.clone(),
                        code: done.code,
                        result: serde_json::to_string(line).unwrap_or_default(),
                    };
                    jobs::record_item(store, job_id, &item).await
                })?;
                if let Ok(mut r) = results.lock() {
                    r[i] = Some(line.clone());
                }
                Ok::<_, CommandError>(())
            },
            progress,
            &opts,
        )
    });
    crate::jobs::finish_job(store, job_id, OPEN_KIND, started, &outcome).await?;
    outcome?;
    Ok(results
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect())
}
