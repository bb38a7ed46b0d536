//! The reviewer's desk: open packages (files or folders), see what the machine already knows
//! (verification, signature and signer, the photo checks re-run on the packaged bytes),
//! decide with standard reasons, list, and export the signed records.

use std::path::{Path, PathBuf};

use regdesk_core::review::find;
use regdesk_core::{clock, CommandError, ErrorCode, Problem, ReasonCode};
use regdesk_package::sign::SignatureState;
use regdesk_package::{member, verify, ArchiveLimits, PackageError};
use regdesk_store::review::{self as stored, OpenedPackage};
use regdesk_store::{keys, Store};
use serde::Serialize;

use super::record::{sign, Decision, SignedDecision, Verdict};
use super::{in_force, parse_all, state_of, ReviewState};

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

/// A package on the desk with its state and every record about it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DeskLine {
    pub package_sha256: String,
    pub id_number: String,
    pub file: Option<String>,
    pub state: ReviewState,
    pub decisions: Vec<SignedDecision>,
}

/// Packages larger than this are not candidates' packages.
const MAX_PACKAGE: u64 = 60 * 1024 * 1024;

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
        .collect();
    found.sort();
    found
}

fn hex_sha(bytes: &[u8]) -> String {
    regdesk_package::sha256_hex(bytes)
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

/// Opens every package under `paths` (files, or folders of `.zip`), records each readable one
/// on the desk, and says what verifying and the re-run checks found.
pub async fn open_paths(store: &Store, paths: &[PathBuf]) -> Result<Vec<OpenLine>, CommandError> {
    let trusted = keys::all(store).await?;
    let mut out = Vec::new();
    for file in paths.iter().flat_map(|p| zips_in(p)) {
        let shown = file.display().to_string();
        let size = match std::fs::metadata(&file) {
            Ok(m) => m.len(),
            Err(e) => {
                out.push(unreadable(&shown, e.to_string()));
                continue;
            }
        };
        if size > MAX_PACKAGE {
            out.push(unreadable(&shown, format!("{size} bytes > {MAX_PACKAGE}")));
            continue;
        }
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(e) => {
                out.push(unreadable(&shown, e.to_string()));
                continue;
            }
        };
        let checked = tokio::task::spawn_blocking(move || {
            let report = verify(&bytes, ArchiveLimits::default());
            let photo = report.as_ref().ok().and_then(|r| {
                let m = r.manifest.as_ref()?;
                let entry = m.files.iter().find(|f| f.slot == "photo")?;
                let photo = member(&bytes, &entry.name, 10 * 1024 * 1024)?;
                let spec = regdesk_photo::spec::find_spec(&m.spec_id)
                    .unwrap_or_else(regdesk_photo::spec::default_spec);
                regdesk_photo::check_photo(&photo, &spec).ok()
            });
            (bytes, report, photo)
        })
        .await
        .map_err(CommandError::internal)?;
        let (bytes, report, photo) = checked;
        let report = match report {
            Ok(r) => r,
            Err(e) => {
                let why = match e {
                    PackageError::Unreadable(d)
                    | PackageError::Unsafe(d)
                    | PackageError::Unsupported(d) => d,
                };
                out.push(unreadable(&shown, why));
                continue;
            }
        };
        let mut issues = report.issues.clone();
        if let Some(p) = photo {
            issues.extend(p.issues.into_iter().filter(|i| i.is_error()));
        }
        let id_number = report
            .manifest
            .as_ref()
            .and_then(|m| {
                m.candidate
                    .pointer("/identity/idNumber")
                    .or_else(|| m.candidate.pointer("/idNumber"))
            })
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_owned();
        let sha = hex_sha(&bytes);
        let trusted_as = report.signer.as_ref().and_then(|s| {
            trusted
                .iter()
                .find(|k| &k.fingerprint == s)
                .map(|k| k.name.clone())
        });
        let opened = OpenedPackage {
            package_sha256: sha.clone(),
            id_number: id_number.clone(),
            file: shown.clone(),
            signer: report.signer.clone(),
            signature: serde_json::to_value(report.signature)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            issues: serde_json::to_value(&issues).map_err(CommandError::internal)?,
        };
        stored::put_package(store, &opened, &bytes).await?;
        let code = if issues.iter().any(|i| i.is_error()) {
            1
        } else {
            0
        };
        out.push(OpenLine {
            file: shown,
            package_sha256: Some(sha),
            id_number: Some(id_number),
            signature: Some(report.signature),
            signer: report.signer,
            trusted_as,
            issues,
            code,
        });
    }
    Ok(out)
}

fn usage(zh: String, en: String, field: &str) -> CommandError {
    CommandError::new(ErrorCode::InvalidInput, zh, en).with_field(field)
}

/// Records the reviewer's decision on an opened package, signed. A decision resolves the
/// reviewer's own earlier ones and, on a conflict, every record in force (said in `resolves`).
pub async fn decide(
    store: &Store,
    key: &ed25519_dalek::SigningKey,
    reviewer_name: &str,
    package_sha256: &str,
    verdict: Verdict,
    reasons: &[String],
    note: Option<&str>,
) -> Result<(SignedDecision, ReviewState), CommandError> {
    let sha = package_sha256.trim().to_ascii_lowercase();
    let package = stored::packages(store)
        .await?
        .into_iter()
        .find(|p| p.package_sha256 == sha)
        .ok_or_else(|| {
            CommandError::new(
                ErrorCode::NotFound,
                format!("没有打开过摘要为 {sha} 的包：请先 regdesk review open"),
                format!("no opened package {sha}: regdesk review open it first"),
            )
            .with_field("package")
        })?;
    let reasons: Vec<String> = reasons
        .iter()
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .collect();
    if verdict == Verdict::Fail && reasons.is_empty() {
        return Err(usage(
            "不通过须选择至少一个原因（regdesk review reasons）".into(),
            "a fail needs at least one reason (regdesk review reasons)".into(),
            "reasons",
        ));
    }
    if verdict == Verdict::Pass && !reasons.is_empty() {
        return Err(usage(
            "通过不带原因".into(),
            "a pass takes no reasons".into(),
            "reasons",
        ));
    }
    if let Some(bad) = reasons.iter().find(|r| find(r).is_none()) {
        return Err(usage(
            format!("未知的审核原因 {bad}（见 regdesk review reasons）"),
            format!("unknown review reason {bad} (see regdesk review reasons)"),
            "reasons",
        ));
    }
    let me = regdesk_package::sign::fingerprint(&key.verifying_key());
    let all = parse_all(stored::decisions(store).await?);
    let mine: Vec<&SignedDecision> = all
        .iter()
        .filter(|r| r.decision.package_sha256 == sha)
        .collect();
    let conflict = state_of(&mine) == ReviewState::Conflict;
    let resolves: Vec<String> = in_force(&mine)
        .into_iter()
        .filter(|r| conflict || r.decision.reviewer_fingerprint == me)
        .map(|r| r.id.clone())
        .collect();
    let record = sign(
        Decision {
            package_sha256: sha.clone(),
            id_number: package.id_number,
            decision: verdict,
            reasons,
            note: note
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
            reviewer_fingerprint: me,
            reviewer_name: reviewer_name.to_owned(),
            decided_at: clock::now().to_rfc3339(),
            resolves,
        },
        key,
    );
    let value = serde_json::to_value(&record).map_err(CommandError::internal)?;
    stored::add_decision(store, &record.id, &sha, &record.decision.id_number, &value).await?;
    let all = parse_all(stored::decisions(store).await?);
    let now: Vec<&SignedDecision> = all
        .iter()
        .filter(|r| r.decision.package_sha256 == sha)
        .collect();
    Ok((record, state_of(&now)))
}

/// Every package on the desk (and every package a record is about), with its state.
pub async fn list(store: &Store) -> Result<Vec<DeskLine>, CommandError> {
    let opened = stored::packages(store).await?;
    let all = parse_all(stored::decisions(store).await?);
    let mut out: Vec<DeskLine> = opened
        .iter()
        .map(|p| {
            (
                p.package_sha256.clone(),
                p.id_number.clone(),
                Some(p.file.clone()),
            )
        })
        .chain(
            all.iter()
                .filter(|r| {
                    !opened
                        .iter()
                        .any(|p| p.package_sha256 == r.decision.package_sha256)
                })
                .map(|r| {
                    (
                        r.decision.package_sha256.clone(),
                        r.decision.id_number.clone(),
                        None,
                    )
                }),
        )
        .map(|(sha, id, file)| {
            let records: Vec<&SignedDecision> = all
                .iter()
                .filter(|r| r.decision.package_sha256 == sha)
                .collect();
            DeskLine {
                state: state_of(&records),
                decisions: records.into_iter().cloned().collect(),
                package_sha256: sha,
                id_number: id,
                file,
            }
        })
        .collect();
    out.dedup_by(|a, b| a.package_sha256 == b.package_sha256);
    Ok(out)
}

/// Writes every signed record as one JSON line (`decisions.jsonl`); returns how many.
pub async fn export_decisions(store: &Store, path: &Path) -> Result<usize, CommandError> {
    let records = stored::decisions(store).await?;
    let mut text = String::new();
    for r in &records {
        text.push_str(&serde_json::to_string(r).map_err(CommandError::internal)?);
        text.push('\n');
    }
    crate::files::write_atomic(path, text.as_bytes())?;
    Ok(records.len())
}
