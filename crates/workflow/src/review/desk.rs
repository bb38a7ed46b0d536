//! The reviewer's desk after opening: decide with standard reasons (signed records), list
//! the queue with what the machine found, show one package's materials, export the records.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use regdesk_core::review::find;
use regdesk_core::{clock, CommandError, ErrorCode, Problem};
use regdesk_store::review::{self as stored};
use regdesk_store::{keys, Store};
use serde::Serialize;

use super::record::{sign, Decision, SignedDecision, Verdict};
use super::{counted, in_force, parse_all, state_of, ReviewState};

/// A package on the desk with its state and every record about it.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DeskLine {
    pub package_sha256: String,
    pub id_number: String,
    /// The candidate's name ("" for a package known only from a record).
    pub name: String,
    pub file: Option<String>,
    pub state: ReviewState,
    pub decisions: Vec<SignedDecision>,
    /// `valid | invalid | missing`; `None` when the package was never opened here.
    pub signature: Option<String>,
    pub signer: Option<String>,
    /// The name this workspace trusts the signer under; `None` = unknown key.
    pub trusted_as: Option<String>,
    /// What verifying and the re-run checks found when it was opened.
    pub issues: Vec<Problem>,
    /// The intake submission it was pulled from.
    pub submission_id: Option<String>,
}

fn usage(zh: String, en: String, field: &str) -> CommandError {
    CommandError::new(ErrorCode::InvalidInput, zh, en).with_field(field)
}

/// A decision recorded (with the package's state now), or refused with the problems.
pub type Decided = Result<(SignedDecision, ReviewState), Vec<Problem>>;

/// Records the reviewer's decision on an opened package, signed. A decision resolves the
/// reviewer's own earlier ones and, on a conflict, every record in force (said in `resolves`).
/// A pass on a package whose signature is invalid or whose manifest fails a check is refused
/// (`review.package_invalid`), and nothing is recorded.
pub async fn decide(
    store: &Store,
    key: &ed25519_dalek::SigningKey,
    reviewer_name: &str,
    package_sha256: &str,
    verdict: Verdict,
    reasons: &[String],
    note: Option<&str>,
) -> Result<Decided, CommandError> {
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
        return Err(regdesk_core::review::fail_needs_reason());
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
    let refusal = super::pass_refusal(&package);
    if verdict == Verdict::Pass {
        if let Some(p) = refusal {
            return Ok(Err(vec![p]));
        }
    }
    let invalid = refusal.is_some();
    let me = regdesk_package::sign::fingerprint(&key.verifying_key());
    let all = parse_all(stored::decisions(store).await?);
    let on_package: Vec<&SignedDecision> = all
        .iter()
        .filter(|r| r.decision.package_sha256 == sha)
        .collect();
    let mine = counted(&on_package, invalid);
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
    Ok(Ok((record, state_of(&counted(&now, invalid)))))
}

/// Every package on the desk (and every package a record is about), with its state, in the
/// order they were opened (packages known only from records last).
pub async fn list(store: &Store) -> Result<Vec<DeskLine>, CommandError> {
    let opened = stored::packages(store).await?;
    let trusted = keys::all(store).await?;
    let all = parse_all(stored::decisions(store).await?);
    let mut by_package: HashMap<&str, Vec<&SignedDecision>> = HashMap::new();
    for r in &all {
        by_package
            .entry(r.decision.package_sha256.as_str())
            .or_default()
            .push(r);
    }
    let invalid = invalid_of(&opened);
    let line = |sha: &str, id: &str, records: &[&SignedDecision]| DeskLine {
        state: state_of(&counted(records, invalid.contains(sha))),
        decisions: records.iter().map(|r| (*r).clone()).collect(),
        package_sha256: sha.to_owned(),
        id_number: id.to_owned(),
        name: String::new(),
        file: None,
        signature: None,
        signer: None,
        trusted_as: None,
        issues: Vec::new(),
        submission_id: None,
    };
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for p in &opened {
        seen.insert(p.package_sha256.as_str());
        let records = by_package
            .get(p.package_sha256.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        out.push(DeskLine {
            name: p.name.clone(),
            file: Some(p.file.clone()),
            signature: Some(p.signature.clone()),
            signer: p.signer.clone(),
            trusted_as: p.signer.as_ref().and_then(|s| {
                trusted
                    .iter()
                    .find(|k| &k.fingerprint == s)
                    .map(|k| k.name.clone())
            }),
            issues: serde_json::from_value(p.issues.clone()).unwrap_or_default(),
            submission_id: p.submission_id.clone(),
            ..line(&p.package_sha256, &p.id_number, records)
        });
    }
    for r in &all {
        let sha = r.decision.package_sha256.as_str();
        if seen.insert(sha) {
            let records = by_package.get(sha).map(Vec::as_slice).unwrap_or_default();
            out.push(line(sha, &r.decision.id_number, records));
        }
    }
    Ok(out)
}

/// One material of an opened package, by slot (the desk shows it large).
pub async fn material(
    store: &Store,
    package_sha256: &str,
    slot: &str,
) -> Result<Vec<u8>, CommandError> {
    let gone = CommandError::new(
        ErrorCode::NotFound,
        format!("包 {package_sha256} 中没有 {slot}"),
        format!("package {package_sha256} has no {slot}"),
    )
    .with_field("slot");
    let missing = move || gone.clone();
    let bytes = stored::package_bytes(store, package_sha256)
        .await?
        .ok_or_else(missing.clone())?;
    let slot = slot.to_owned();
    tokio::task::spawn_blocking(move || {
        let report = regdesk_package::verify(&bytes, regdesk_package::ArchiveLimits::default())
            .map_err(|e| CommandError::internal(format!("{e:?}")))?;
        let manifest = report.manifest.ok_or_else(missing.clone())?;
        let entry = manifest
            .files
            .iter()
            .find(|f| f.slot == slot)
            .ok_or_else(missing.clone())?;
        regdesk_package::member(&bytes, &entry.name, 20 * 1024 * 1024).ok_or_else(missing)
    })
    .await
    .map_err(CommandError::internal)?
}

/// The manifest's candidate (identity, profile, process) of an opened package.
pub async fn manifest_of(
    store: &Store,
    package_sha256: &str,
) -> Result<regdesk_package::Manifest, CommandError> {
    let bytes = stored::package_bytes(store, package_sha256)
        .await?
        .ok_or_else(|| {
            CommandError::new(
                ErrorCode::NotFound,
                format!("没有打开过摘要为 {package_sha256} 的包"),
                format!("no opened package {package_sha256}"),
            )
            .with_field("package")
        })?;
    tokio::task::spawn_blocking(move || {
        regdesk_package::verify(&bytes, regdesk_package::ArchiveLimits::default())
            .ok()
            .and_then(|r| r.manifest)
            .ok_or_else(|| CommandError::internal("the package has no readable manifest"))
    })
    .await
    .map_err(CommandError::internal)?
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

/// A conflict still open about one of the candidate's packages (`candidate show`).
#[derive(Debug, Clone, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct OpenConflict {
    pub package_sha256: String,
    /// The records in force, side by side.
    pub decisions: Vec<SignedDecision>,
}

pub async fn open_conflict(
    store: &Store,
    id_number: &str,
) -> Result<Option<OpenConflict>, CommandError> {
    let all = parse_all(stored::decisions(store).await?);
    let invalid = invalid_packages(store).await?;
    let current = stored::current_package(store, id_number).await?;
    Ok(conflict_in(&all, &invalid, id_number, current.as_deref()))
}

/// Every candidate's open conflict, records read once (the grid shows them all).
pub async fn open_conflicts(store: &Store) -> Result<HashMap<String, OpenConflict>, CommandError> {
    let all = parse_all(stored::decisions(store).await?);
    let invalid = invalid_packages(store).await?;
    let current = stored::current_packages(store).await?;
    let mut ids: Vec<&str> = all.iter().map(|r| r.decision.id_number.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids
        .into_iter()
        .filter_map(|id| {
            let current = current.get(id).map(String::as_str);
            Some((id.to_owned(), conflict_in(&all, &invalid, id, current)?))
        })
        .collect())
}

fn conflict_in(
    all: &[SignedDecision],
    invalid: &HashSet<String>,
    id_number: &str,
    current: Option<&str>,
) -> Option<OpenConflict> {
    let mut packages: Vec<&str> = all
        .iter()
        .filter(|r| r.decision.id_number == id_number)
        .map(|r| r.decision.package_sha256.as_str())
        .collect();
    packages.sort_unstable();
    packages.dedup();
    // The current package's conflict first; else any (the centre may not have exported here).
    packages.sort_by_key(|p| Some(*p) != current);
    packages.into_iter().find_map(|sha| {
        let records: Vec<&SignedDecision> = all
            .iter()
            .filter(|r| r.decision.package_sha256 == sha)
            .collect();
        let records = counted(&records, invalid.contains(sha));
        (state_of(&records) == ReviewState::Conflict).then(|| OpenConflict {
            package_sha256: sha.to_owned(),
            decisions: in_force(&records).into_iter().cloned().collect(),
        })
    })
}

/// Packages opened here on which a pass cannot count ([`super::pass_refusal`]).
pub(crate) async fn invalid_packages(store: &Store) -> Result<HashSet<String>, CommandError> {
    Ok(invalid_of(&stored::packages(store).await?))
}

fn invalid_of(opened: &[stored::OpenedPackage]) -> HashSet<String> {
    opened
        .iter()
        .filter(|p| super::pass_refusal(p).is_some())
        .map(|p| p.package_sha256.clone())
        .collect()
}

/// A package's candidate as the desk shows it: the identity as the centre typed it and the
/// profile's process, read from the manifest (a part that does not parse is left empty).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PackageCandidate {
    pub identity: regdesk_core::IdentityInput,
    pub process: Option<regdesk_core::process::ProcessState>,
}

pub fn package_candidate(m: &regdesk_package::Manifest) -> PackageCandidate {
    PackageCandidate {
        identity: super::checks::identity(m),
        process: m
            .candidate
            .get("process")
            .and_then(|p| serde_json::from_value(p.clone()).ok()),
    }
}
