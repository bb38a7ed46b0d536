//! `roster import`: a centre's spreadsheet checked row by row (nothing written), compared with
//! the workspace (new, changed or unchanged candidates), materials matched; then, unless it is
//! a dry run, every accepted row committed in one write transaction (all or none). Re-importing
//! the same file changes nothing. `roster export`: the workspace as a spreadsheet.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use regdesk_core::process::{Channel, ProcessAction, ProcessState, ProfileStatus, UploadSlot};
use regdesk_core::profile::{Invoice, Profile};
use regdesk_core::{Actor, Candidate, CommandError, Problem, ReasonCode};
use regdesk_roster::materials::{
    match_files, FileMatch, FileStatus, Kind, RowKey, SlotStatus, Source,
};
use regdesk_roster::sheet::open_roster;
use regdesk_roster::{check_rows, CellChange, Field, Intent, Record};
use regdesk_store::{candidates, intents, process, Store};
use serde::Serialize;
use ts_rs::TS;

use crate::attach::{attach_file, Upload};
use crate::jobs::{run_items, ItemDone, JobProgress, RunEnd, RunOptions};
use regdesk_store::jobs::JobStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    Accepted,
    Rejected,
    Updated,
    Unchanged,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RowReport {
    pub row: u32,
    pub status: RowStatus,
    pub id_number: String,
    pub name: String,
    pub normalisations: Vec<CellChange>,
    pub issues: Vec<Problem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub duplicate_of_row: Option<u32>,
    /// For an update: each field's old and new value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<CellChange>>", optional)]
    pub changes: Vec<CellChange>,
    /// With a materials folder: each slot's status.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(
        type = "Record<string, \"matched\" | \"missing\" | \"ambiguous\">",
        optional
    )]
    pub materials: Option<BTreeMap<&'static str, SlotStatus>>,
}

#[derive(Debug, Clone, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub data_rows: u32,
    pub accepted: u32,
    pub rejected: u32,
    pub updated: u32,
    pub unchanged: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RosterReport {
    pub file: String,
    pub sheet: String,
    pub header_row: u32,
    /// Header text in the file → field.
    pub columns: BTreeMap<String, String>,
    /// Header cells no field uses (序号, 备注, or one to map by hand).
    pub unmapped: Vec<String>,
    pub rows: Vec<RowReport>,
    pub counts: Counts,
    pub files: Vec<FileMatch>,
    /// Whether the accepted and updated rows were written.
    pub committed: bool,
    /// Matched materials run through the photo engine / scan compressor after the commit.
    pub processed: Vec<Processed>,
}

/// One matched file after the engine: stored, or the reason codes that kept it out.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Processed {
    pub file: String,
    pub id_number: String,
    pub kind: Kind,
    pub stored: bool,
    pub issues: Vec<String>,
    /// Stored by an earlier run under the same name: not processed again.
    pub already_stored: bool,
}

/// What the workspace already holds for an ID number.
struct Existing {
    candidate: Candidate,
    state: ProcessState,
    intent: Option<serde_json::Value>,
}

async fn workspace(store: &Store) -> Result<HashMap<String, Existing>, CommandError> {
    let mut intents = intents::all(store).await?;
    let states: HashMap<String, ProcessState> = process::list_all(store)
        .await?
        .into_iter()
        .map(|(id, _, d)| (id, d.profile))
        .collect();
    let mut states = states;
    Ok(candidates::list(store)
        .await?
        .into_iter()
        .map(|c| {
            let id = c.id_number.clone();
            let e = Existing {
                state: states.remove(&id).unwrap_or_default(),
                intent: intents.remove(&id),
                candidate: c,
            };
            (id, e)
        })
        .collect())
}

fn change(field: &str, from: impl Into<String>, to: impl Into<String>) -> CellChange {
    CellChange {
        field: field.into(),
        from: from.into(),
        to: to.into(),
    }
}

fn invoice_text(i: &Invoice) -> (String, String, String) {
    match i {
        Invoice::Personal => ("个人".into(), String::new(), String::new()),
        Invoice::Organization { title, taxpayer_id } => {
            ("单位".into(), title.clone(), taxpayer_id.clone())
        }
    }
}

fn profile_changes(old: Option<&Profile>, new: &Profile) -> Vec<CellChange> {
    let blank = (String::new(), String::new(), String::new());
    let (ot, oti, otx) = old.map_or(blank, |p| invoice_text(&p.invoice));
    let (nt, nti, ntx) = invoice_text(&new.invoice);
    let mut out = Vec::new();
    let pairs = [
        (
            "education",
            old.map_or("", |p| p.education.label_zh()).to_owned(),
            new.education.label_zh().to_owned(),
        ),
        (
            "major",
            old.map_or(String::new(), |p| p.major.clone()),
            new.major.clone(),
        ),
        (
            "employer",
            old.map_or(String::new(), |p| p.employer.clone()),
            new.employer.clone(),
        ),
        ("invoiceType", ot, nt),
        ("invoiceTitle", oti, nti),
        ("taxpayerId", otx, ntx),
    ];
    for (field, from, to) in pairs {
        if from != to {
            out.push(change(field, from, to));
        }
    }
    out
}

fn intent_changes(old: Option<&Intent>, new: &Intent) -> Vec<CellChange> {
    let cert = |i: &Intent| {
        serde_json::to_value(&i.certificate)
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    let pairs = [
        (
            "examItem",
            old.map(|i| i.exam_item_label.clone()),
            new.exam_item_label.clone(),
        ),
        ("region", old.map(|i| i.region.clone()), new.region.clone()),
        ("certificate", old.map(cert), cert(new)),
    ];
    pairs
        .into_iter()
        .filter(|(_, from, to)| from.as_deref() != Some(to))
        .map(|(f, from, to)| change(f, from.unwrap_or_default(), to))
        .collect()
}

/// What committing a row does.
enum Plan {
    None,
    New(Record),
    Update {
        id_number: String,
        profile: Option<Profile>,
        intent: Option<Intent>,
        old_intent: Option<serde_json::Value>,
    },
}

/// Compares an accepted row with the workspace: new, updated (with what changes and what
/// cannot change here) or unchanged.
fn plan_row(
    record: &Record,
    existing: Option<&Existing>,
    issues: &mut Vec<Problem>,
) -> (RowStatus, Vec<CellChange>, Plan) {
    let Some(e) = existing else {
        return (RowStatus::Accepted, vec![], Plan::New(record.clone()));
    };
    let c = &e.candidate;
    let i = &record.identity;
    let differs: Vec<&str> = [
        ("姓名", c.name != i.name),
        ("性别", c.gender != i.gender),
        ("手机号", c.mobile != i.mobile),
        ("邮箱", !i.email.is_empty() && c.email != i.email),
    ]
    .iter()
    .filter(|(_, d)| *d)
    .map(|(f, _)| *f)
    .collect();
    if !differs.is_empty() {
        issues.push(Problem::warning(
            "identity",
            ReasonCode::RosterIdentityDiffers,
            format!("{}与已登记的不同：身份信息只能在个人中心“更正身份信息”中修改（须说明理由并附证明），本次未更改", differs.join("、")),
            format!("{} differ from the registered identity: identity changes need a correction with a reason and proof; not changed", differs.join(", ")),
        ));
    }
    let mut changes = Vec::new();
    let mut profile = None;
    if let Some(new) = &record.profile {
        let diff = profile_changes(e.state.profile.as_ref(), new);
        if !diff.is_empty() {
            match e.state.profile_status {
                ProfileStatus::Submitted { .. } => issues.push(Problem::warning(
                    "profile",
                    ReasonCode::ProcessLocked,
                    "资料已提交，等待审核：本次未更改基本信息",
                    "the profile is awaiting review: basic info not changed",
                )),
                ProfileStatus::Passed { .. } if e.state.judged_change(new) => issues.push(Problem::warning(
                    "profile",
                    ReasonCode::ProcessBackToReview,
                    "资料已审核通过：更改学历或专业须在个人资料中进行（须重新审核），本次未更改",
                    "the profile passed review: change education or major in the profile (it goes back to review); not changed",
                )),
                _ => {
                    changes.extend(diff);
                    profile = Some(new.clone());
                }
            }
        }
    }
    let old_intent: Option<Intent> = e
        .intent
        .as_ref()
        .and_then(|v| serde_json::from_value(v.clone()).ok());
    let intent_diff = intent_changes(old_intent.as_ref(), &record.intent);
    let intent = (!intent_diff.is_empty()).then(|| record.intent.clone());
    changes.extend(intent_diff);
    if profile.is_none() && intent.is_none() {
        return (RowStatus::Unchanged, vec![], Plan::None);
    }
    let plan = Plan::Update {
        id_number: c.id_number.clone(),
        profile,
        intent,
        old_intent: e.intent.clone(),
    };
    (RowStatus::Updated, changes, plan)
}

/// How a caller follows and stops the materials job: progress (throttled by the engine) and
/// a cancel flag checked between items.
#[derive(Clone)]
pub struct Hooks {
    pub cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
    pub progress: std::sync::Arc<dyn Fn(&JobProgress) + Send + Sync>,
}

impl Default for Hooks {
    fn default() -> Self {
        Self {
            cancel: Default::default(),
            progress: std::sync::Arc::new(|_| {}),
        }
    }
}

pub struct ImportOptions<'a> {
    pub sheet: Option<&'a str>,
    pub files: Option<&'a Path>,
    pub dry_run: bool,
    /// The training centre registering (the channel of new candidates).
    pub centre: String,
    /// Write the rejected rows here (their original cells and a 问题 column) to fix and re-import.
    pub rejected_out: Option<&'a Path>,
    pub hooks: Hooks,
    /// The user's corrections of the column mapping: header text → field (`None`: ignore).
    pub mapping: Vec<(String, Option<Field>)>,
}

/// Reads, checks and (unless a dry run) commits a roster. `Err` when the file cannot be used.
pub async fn import_roster(
    store: &Store,
    path: &Path,
    options: &ImportOptions<'_>,
    actor: &Actor,
) -> Result<RosterReport, CommandError> {
    let (owned, sheet) = (path.to_owned(), options.sheet.map(str::to_owned));
    let mapping = options.mapping.clone();
    let (table, header, checked) = tokio::task::spawn_blocking(move || {
        let (table, mut header) = open_roster(&owned, sheet.as_deref())?;
        header.remap(&table.rows[header.index], &mapping);
        let checked = check_rows(&table.rows, &header);
        Ok::<_, regdesk_roster::RosterError>((table, header, checked))
    })
    .await
    .map_err(CommandError::internal)??;
    let existing = workspace(store).await?;
    let mut rows = Vec::with_capacity(checked.len());
    let mut plans = Vec::with_capacity(checked.len());
    for (c, dup) in checked {
        let mut issues = c.issues;
        let name = c
            .record
            .as_ref()
            .map(|r| r.identity.name.clone())
            .unwrap_or_default();
        let (status, changes, plan) = match &c.record {
            None => (RowStatus::Rejected, vec![], Plan::None),
            Some(record) => plan_row(
                record,
                existing.get(&record.identity.id_number),
                &mut issues,
            ),
        };
        rows.push(RowReport {
            row: c.row,
            status,
            id_number: c.id_number,
            name,
            normalisations: c.normalisations,
            issues,
            duplicate_of_row: dup,
            changes,
            materials: None,
        });
        plans.push(plan);
    }
    // Materials: matched against every usable row (new, updated or unchanged).
    let mut files = Vec::new();
    if let Some(dir) = options.files {
        let source = Source::of(dir);
        let names = tokio::task::spawn_blocking(move || source.list())
            .await
            .map_err(CommandError::internal)??;
        // Rejected rows are matched too (the clerk sees their files), listed first so that an
        // ID shared with a kept row goes to the kept one.
        let (rejected, kept): (Vec<&RowReport>, Vec<&RowReport>) =
            rows.iter().partition(|r| r.status == RowStatus::Rejected);
        let keys: Vec<RowKey> = rejected
            .into_iter()
            .chain(kept)
            .map(|r| RowKey {
                row: r.row,
                id_number: &r.id_number,
                name: &r.name,
            })
            .collect();
        let matching = match_files(&names, &keys);
        for r in rows.iter_mut() {
            r.materials = matching
                .rows
                .get(&r.row)
                .map(|m| m.iter().map(|(k, s)| (k.key(), *s)).collect());
        }
        files = matching.files;
    }
    let mut counts = Counts::default();
    for r in &rows {
        counts.data_rows += 1;
        match r.status {
            RowStatus::Accepted => counts.accepted += 1,
            RowStatus::Rejected => counts.rejected += 1,
            RowStatus::Updated => counts.updated += 1,
            RowStatus::Unchanged => counts.unchanged += 1,
        }
    }
    let mut committed = false;
    if !options.dry_run && plans.iter().any(|p| !matches!(p, Plan::None)) {
        commit(store, &plans, &options.centre, actor).await?;
        committed = true;
    }
    if let Some(out) = options.rejected_out {
        write_rejected(out, &table, &header, &rows)?;
    }
    let processed = match (options.files, options.dry_run) {
        (Some(dir), false) => {
            let dir = dir.to_owned();
            // Only files of rows now in the workspace are processed.
            let kept: std::collections::HashSet<u32> = rows
                .iter()
                .filter(|r| r.status != RowStatus::Rejected)
                .map(|r| r.row)
                .collect();
            let files: Vec<FileMatch> = files
                .iter()
                .filter(|f| f.row.is_some_and(|r| kept.contains(&r)))
                .cloned()
                .collect();
            let (store, actor) = (store.clone(), actor.clone());
            let hooks = options.hooks.clone();
            // The engine runs on blocking threads; the runtime only waits for it.
            let handle = tokio::runtime::Handle::current();
            tokio::task::spawn_blocking(move || {
                handle.block_on(attach_matched(&store, &dir, &files, &actor, &hooks))
            })
            .await
            .map_err(CommandError::internal)??
        }
        _ => vec![],
    };
    Ok(RosterReport {
        file: path.display().to_string(),
        sheet: table.sheet,
        header_row: header.row,
        unmapped: header.unmapped(&table.rows[header.index]),
        columns: header
            .names
            .iter()
            .map(|(h, f)| (h.clone(), f.key().to_owned()))
            .collect(),
        rows,
        counts,
        files,
        committed,
        processed,
    })
}

fn slot_of(kind: Kind) -> UploadSlot {
    match kind {
        Kind::Photo => UploadSlot::Photo,
        Kind::IdFront => UploadSlot::IdFront,
        Kind::Diploma => UploadSlot::Diploma,
        Kind::WorkProof => UploadSlot::WorkProof,
    }
}

pub const MATERIALS_KIND: &str = "roster_materials";

/// Runs every matched file through the engine and stores the compliant ones, as single
/// uploads are: a job on the engine (all cores, progress, cancel, each item recorded as it
/// finishes). A file already stored for its slot under the same name is not redone, so running
/// the import again after an interruption continues where it stopped.
async fn attach_matched(
    store: &Store,
    dir: &Path,
    files: &[FileMatch],
    actor: &Actor,
    hooks: &Hooks,
) -> Result<Vec<Processed>, CommandError> {
    let stored = regdesk_store::attachments::sources_all(store).await?;
    let mut done_before = Vec::new();
    let mut work: Vec<(String, String, Kind)> = Vec::new();
    for f in files.iter().filter(|f| f.status == FileStatus::Matched) {
        let (Some(id), Some(kind)) = (f.id_number.clone(), f.kind) else {
            continue;
        };
        let slot = regdesk_store::attachments::slot_name(slot_of(kind));
        if stored.get(&(id.clone(), slot.to_owned())) == Some(&f.file) {
            done_before.push(Processed {
                file: f.file.clone(),
                id_number: id,
                kind,
                stored: true,
                issues: vec![],
                already_stored: true,
            });
        } else {
            work.push((f.file.clone(), id, kind));
        }
    }
    if work.is_empty() {
        return Ok(done_before);
    }
    let params = serde_json::json!({ "dir": dir.display().to_string(), "files": work.len() });
    let total = work.len() as u32;
    let job_id =
        regdesk_store::jobs::create(store, MATERIALS_KIND, &params.to_string(), total, actor)
            .await?;
    regdesk_store::jobs::start(store, job_id).await?;
    tracing::info!(job = job_id, kind = MATERIALS_KIND, total, "job start");
    let started = std::time::Instant::now();
    let handle = tokio::runtime::Handle::current();
    let (db, who, source_dir) = (store.clone(), actor.clone(), dir.to_owned());
    let results = std::sync::Mutex::new(vec![None; work.len()]);
    let outcome = {
        let todo: Vec<usize> = (0..work.len()).collect();
        let mut opts = RunOptions::new(&hooks.cancel);
        // Each item waits on the database as well as the engine: one more worker than cores.
        opts.threads += 1;
        run_items(
            &todo,
            total,
            |i| work[i].0.clone(),
            |i| {
                let (file, id, kind) = &work[i];
                let source = Source::of(&source_dir);
                let attached = source
                    .read(file)
                    .map_err(CommandError::from)
                    .and_then(|bytes| {
                        let options = regdesk_photo::MakeOptions::default();
                        handle.block_on(attach_file(
                            &db,
                            id,
                            slot_of(*kind),
                            file,
                            Upload::File(bytes),
                            &options,
                            &who,
                        ))
                    });
                let (stored, issues) = match attached {
                    Ok(out) => (
                        out.report.stored,
                        out.report
                            .report
                            .issues()
                            .iter()
                            .map(|p| p.code.as_str().to_owned())
                            .collect(),
                    ),
                    // A file the engine cannot read is reported on its line, not fatal to the rest.
                    Err(e) => (
                        false,
                        vec![serde_json::to_value(e.code)
                            .unwrap_or_default()
                            .as_str()
                            .unwrap_or("error")
                            .to_owned()],
                    ),
                };
                let code = if stored { 0 } else { 1 };
                ItemDone {
                    code,
                    result: Processed {
                        file: file.clone(),
                        id_number: id.clone(),
                        kind: *kind,
                        stored,
                        issues,
                        already_stored: false,
                    },
                }
            },
            |i, done: &ItemDone<Processed>| {
                let item = regdesk_store::jobs::ItemRecord {
                    idx: i as u32,
                    key: done.result.file.clone(),
                    code: done.code,
                    result: serde_json::to_string(&done.result).unwrap_or_default(),
                };
                if let Ok(mut r) = results.lock() {
                    r[i] = Some(done.result.clone());
                }
                handle
                    .block_on(regdesk_store::jobs::record_item(&db, job_id, &item))
                    .map_err(CommandError::from)
            },
            |p| (hooks.progress)(p),
            &opts,
        )
    };
    let status = match &outcome {
        Ok(RunEnd::Completed) => JobStatus::Succeeded,
        Ok(RunEnd::Cancelled) => JobStatus::Cancelled,
        Err(_) => JobStatus::Failed,
    };
    let error = outcome.as_ref().err().map(|e| e.message_en.clone());
    regdesk_store::jobs::finish(store, job_id, status, error.as_deref()).await?;
    tracing::info!(
        job = job_id,
        status = status.as_str(),
        ms = started.elapsed().as_millis() as u64,
        "job end"
    );
    outcome?;
    let mut out = done_before;
    out.extend(
        results
            .into_inner()
            .unwrap_or_default()
            .into_iter()
            .flatten(),
    );
    Ok(out)
}

/// Every planned row in one write transaction: all of them or, on any failure, none.
async fn commit(
    store: &Store,
    plans: &[Plan],
    centre: &str,
    actor: &Actor,
) -> Result<(), CommandError> {
    let mut tx = store.begin_write().await?;
    let refused = |id: &str, p: Vec<Problem>| {
        let why = p.first().map(|p| p.message_zh.clone()).unwrap_or_default();
        CommandError::new(
            regdesk_core::ErrorCode::InvalidInput,
            format!("考生 {id} 未能写入，本次导入未写入任何内容：{why}"),
            format!(
                "candidate {id} could not be written; nothing of this import was written: {why}"
            ),
        )
    };
    for plan in plans {
        match plan {
            Plan::None => {}
            Plan::New(record) => {
                let id = &record.identity.id_number;
                if let Err(p) = candidates::insert_in(&mut tx, &record.identity, actor).await? {
                    return Err(refused(id, vec![p]));
                }
                let mut actions = vec![ProcessAction::SetChannel {
                    channel: Channel::TrainingCentre {
                        name: centre.to_owned(),
                    },
                }];
                if let Some(profile) = &record.profile {
                    actions.push(ProcessAction::SaveBasic {
                        profile: profile.clone(),
                    });
                }
                if let Err(p) = process::apply_in_tx(&mut tx, id, None, &actions, actor).await? {
                    return Err(refused(id, p));
                }
                let intent =
                    serde_json::to_value(&record.intent).map_err(CommandError::internal)?;
                intents::put_in(&mut tx, id, &intent, None, actor).await?;
            }
            Plan::Update {
                id_number,
                profile,
                intent,
                old_intent,
            } => {
                if let Some(profile) = profile {
                    let action = ProcessAction::SaveBasic {
                        profile: profile.clone(),
                    };
                    if let Err(p) =
                        process::apply_in_tx(&mut tx, id_number, None, &[action], actor).await?
                    {
                        return Err(refused(id_number, p));
                    }
                }
                if let Some(intent) = intent {
                    let value = serde_json::to_value(intent).map_err(CommandError::internal)?;
                    intents::put_in(&mut tx, id_number, &value, old_intent.as_ref(), actor).await?;
                }
            }
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The rejected rows with their original cells, and a 问题 column in Chinese.
fn write_rejected(
    out: &Path,
    table: &regdesk_roster::read::Table,
    header: &regdesk_roster::Header,
    rows: &[RowReport],
) -> Result<(), CommandError> {
    let head = &table.rows[header.index];
    let mut columns: Vec<String> = head.cells.iter().map(|c| c.text()).collect();
    columns.push("问题".into());
    let by_number: HashMap<u32, &regdesk_roster::read::Row> =
        table.rows.iter().map(|r| (r.number, r)).collect();
    let lines: Vec<Vec<String>> = rows
        .iter()
        .filter(|r| r.status == RowStatus::Rejected)
        .filter_map(|r| {
            let original = by_number.get(&r.row)?;
            let mut cells: Vec<String> = original.cells.iter().map(|c| c.text()).collect();
            cells.resize(columns.len() - 1, String::new());
            let problems: Vec<String> = r
                .issues
                .iter()
                .filter(|p| p.is_error())
                .map(|p| format!("第 {} 行 {}：{}", r.row, p.field, p.message_zh))
                .collect();
            cells.push(problems.join("；"));
            Some(cells)
        })
        .collect();
    regdesk_roster::template::write_table(out, "待修改", &columns, &lines)?;
    Ok(())
}

/// One candidate as the 批量报名 grid shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GridRow {
    pub id_number: String,
    pub name: String,
    pub gender: String,
    pub mobile: String,
    pub email: String,
    pub education: String,
    pub major: String,
    pub employer: String,
    pub invoice_type: String,
    pub invoice_title: String,
    pub taxpayer_id: String,
    pub exam_item: String,
    pub region: String,
    pub certificate: String,
    pub profile_status: String,
    /// Stored uploads, by slot.
    pub photo: bool,
    pub id_front: bool,
    pub diploma: bool,
    pub work_proof: bool,
    /// Only medical majors at 大学专科 or above may register alone; the rest via the centre.
    pub work_proof_required: bool,
    /// What still stops the profile being submitted, in Chinese.
    pub problems: Vec<String>,
    /// Others whose stored photo is the same picture (a warning, not a block).
    pub same_photo_as: Vec<String>,
    /// The clerk has acknowledged the shared photo.
    pub same_photo_acknowledged: bool,
}

/// For each candidate, the others whose photo is the same picture, and the acknowledgement.
async fn same_photos(store: &Store) -> Result<HashMap<String, (Vec<String>, bool)>, CommandError> {
    let rows = regdesk_store::attachments::photo_hashes(store).await?;
    let hashes: Vec<(String, image_hasher::ImageHash, bool)> = rows
        .into_iter()
        .filter_map(|(id, h, ack)| Some((id, image_hasher::ImageHash::from_base64(&h).ok()?, ack)))
        .collect();
    let mut out: HashMap<String, (Vec<String>, bool)> = HashMap::new();
    // Pairwise: 10 000 photos are 5·10⁷ comparisons of 64-bit hashes, well under a second.
    for (i, (a, ha, ack_a)) in hashes.iter().enumerate() {
        for (b, hb, ack_b) in &hashes[i + 1..] {
            if ha.dist(hb) <= crate::attach::SAME_PICTURE_BITS {
                out.entry(a.clone())
                    .or_insert((vec![], *ack_a))
                    .0
                    .push(b.clone());
                out.entry(b.clone())
                    .or_insert((vec![], *ack_b))
                    .0
                    .push(a.clone());
            }
        }
    }
    Ok(out)
}

/// Every candidate of the workspace, in registration order (no file bytes read).
pub async fn grid_rows(store: &Store) -> Result<Vec<GridRow>, CommandError> {
    let existing = workspace(store).await?;
    let mut ids: Vec<(&i64, &String)> = existing
        .iter()
        .map(|(id, e)| (&e.candidate.id, id))
        .collect();
    ids.sort();
    let stored = regdesk_store::attachments::slots_all(store).await?;
    let mut shared = same_photos(store).await?;
    let mut rows = Vec::with_capacity(ids.len());
    for (_, id) in ids {
        let e = &existing[id];
        let c = &e.candidate;
        let p = e.state.profile.as_ref();
        let (invoice_type, invoice_title, taxpayer_id) = p
            .map_or((String::new(), String::new(), String::new()), |p| {
                invoice_text(&p.invoice)
            });
        let intent: Option<Intent> = e
            .intent
            .as_ref()
            .and_then(|v| serde_json::from_value(v.clone()).ok());
        let certificate = intent.as_ref().map(|i| match &i.certificate {
            regdesk_core::process::CertificateCollection::SelfPickup => "自取".to_owned(),
            regdesk_core::process::CertificateCollection::PostalCod {
                recipient,
                mobile,
                address,
            } => format!("邮政快递到付（{recipient} {mobile} {address}）"),
        });
        let uploads = stored.get(id).map_or(&[][..], Vec::as_slice);
        let needed = p.map_or(
            UploadSlot::ALL.to_vec(),
            regdesk_core::process::required_uploads,
        );
        let mut problems: Vec<String> = needed
            .iter()
            .filter(|s| !uploads.contains(s))
            .map(|s| format!("缺少{}", s.label_zh()))
            .collect();
        if p.is_none() {
            problems.insert(0, "基本信息未完整".to_owned());
        }
        let (same_photo_as, same_photo_acknowledged) = shared.remove(id).unwrap_or_default();
        if !same_photo_as.is_empty() && !same_photo_acknowledged {
            problems.push(format!(
                "提示：照片与 {} 的相同，请确认没有用错照片",
                same_photo_as.join("、")
            ));
        }
        let profile_status = match &e.state.profile_status {
            ProfileStatus::Draft { .. } => "填写中".to_owned(),
            ProfileStatus::Submitted { .. } => "已提交，待审核".to_owned(),
            ProfileStatus::Passed { valid_until, .. } => {
                format!("审核通过（有效期至 {valid_until}）")
            }
            ProfileStatus::Failed { .. } => "审核未通过".to_owned(),
        };
        rows.push(GridRow {
            id_number: c.id_number.clone(),
            name: c.name.clone(),
            gender: c.gender.label_zh().to_owned(),
            mobile: c.mobile.clone(),
            email: c.email_display.clone(),
            education: p.map_or(String::new(), |p| p.education.label_zh().to_owned()),
            major: p.map_or(String::new(), |p| p.major.clone()),
            employer: p.map_or(String::new(), |p| p.employer.clone()),
            invoice_type,
            invoice_title,
            taxpayer_id,
            exam_item: intent
                .as_ref()
                .map_or(String::new(), |i| i.exam_item_label.clone()),
            region: intent.as_ref().map_or(String::new(), |i| i.region.clone()),
            certificate: certificate.unwrap_or_default(),
            profile_status,
            photo: uploads.contains(&UploadSlot::Photo),
            id_front: uploads.contains(&UploadSlot::IdFront),
            diploma: uploads.contains(&UploadSlot::Diploma),
            work_proof: uploads.contains(&UploadSlot::WorkProof),
            work_proof_required: needed.contains(&UploadSlot::WorkProof),
            problems,
            same_photo_as,
            same_photo_acknowledged,
        });
    }
    Ok(rows)
}

/// The workspace as one table: identity, profile, intended registration, status, materials.
pub async fn export_grid(store: &Store, out: &Path) -> Result<usize, CommandError> {
    let header: Vec<String> = [
        "姓名",
        "性别",
        "身份证号",
        "手机号",
        "邮箱",
        "最高学历",
        "所学专业",
        "工作单位",
        "开票类型",
        "开票单位",
        "纳税人识别号",
        "报考项目",
        "意向考试区域",
        "证书领取方式",
        "资料状态",
        "照片",
        "身份证正面照",
        "学历照片",
        "工作证明",
        "问题",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let mark = |b: bool| {
        if b {
            "已上传".to_owned()
        } else {
            String::new()
        }
    };
    let lines: Vec<Vec<String>> = grid_rows(store)
        .await?
        .into_iter()
        .map(|r| {
            vec![
                r.name,
                r.gender,
                r.id_number,
                r.mobile,
                r.email,
                r.education,
                r.major,
                r.employer,
                r.invoice_type,
                r.invoice_title,
                r.taxpayer_id,
                r.exam_item,
                r.region,
                r.certificate,
                r.profile_status,
                mark(r.photo),
                mark(r.id_front),
                mark(r.diploma),
                mark(r.work_proof),
                r.problems.join("；"),
            ]
        })
        .collect();
    let n = lines.len();
    let out = out.to_owned();
    tokio::task::spawn_blocking(move || {
        regdesk_roster::template::write_table(&out, "考生", &header, &lines)
    })
    .await
    .map_err(CommandError::internal)??;
    Ok(n)
}

/// One candidate's result in a bulk action on the grid's selection.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BulkLine {
    pub id_number: String,
    pub done: bool,
    /// The file written (package export).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    pub issues: Vec<Problem>,
}

/// Submits each selected profile for review (every blocking problem listed per candidate).
pub async fn submit_profiles(
    store: &Store,
    ids: &[String],
    actor: &Actor,
) -> Result<Vec<BulkLine>, CommandError> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let r = crate::submit::submit_profile(store, id, actor).await?;
        out.push(BulkLine {
            id_number: id.clone(),
            done: r.submitted,
            output: None,
            issues: r.issues,
        });
    }
    Ok(out)
}

/// Exports each selected candidate's package into `dir` as `<ID number>.zip`.
pub async fn export_packages(
    store: &Store,
    ids: &[String],
    dir: &Path,
    actor: &Actor,
) -> Result<Vec<BulkLine>, CommandError> {
    std::fs::create_dir_all(dir).map_err(|e| {
        CommandError::new(
            regdesk_core::ErrorCode::Io,
            format!("无法创建文件夹 {}：{e}", dir.display()),
            format!("cannot create folder {}: {e}", dir.display()),
        )
        .with_field("path")
    })?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let (zip, _) = crate::export::export_package(store, id, actor).await?;
        let path = dir.join(format!("{id}.zip"));
        crate::files::write_atomic(&path, &zip)?;
        out.push(BulkLine {
            id_number: id.clone(),
            done: true,
            output: Some(path.display().to_string()),
            issues: vec![],
        });
    }
    Ok(out)
}

/// The result of editing one cell of the grid: applied (or, on a dry run, what would be), the
/// problems the rules found, and the row as it now stands.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CellEdit {
    pub applied: bool,
    pub issues: Vec<Problem>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<GridRow>,
}

/// Edits one cell in place with the same rules as everywhere: profile fields through the
/// profile's validation and state machine, the intended item/region through the catalogue;
/// identity cells are read-only (a correction needs a reason and proof). `dry_run` checks only,
/// for validation as the user types.
pub async fn edit_cell(
    store: &Store,
    id_number: &str,
    field: &str,
    value: &str,
    dry_run: bool,
    actor: &Actor,
) -> Result<CellEdit, CommandError> {
    let existing = workspace(store).await?;
    let Some(e) = existing.get(id_number) else {
        return Err(
            CommandError::from(regdesk_store::StoreError::NotFound(format!(
                "candidate {id_number}"
            )))
            .with_field("idNumber"),
        );
    };
    let refuse = |issues: Vec<Problem>| CellEdit {
        applied: false,
        issues,
        row: None,
    };
    let value = value.trim();
    let edit = match field {
        "education" | "major" | "employer" => {
            let p = e.state.profile.as_ref();
            let (invoice_type, invoice_title, taxpayer_id) = match p.map(|p| &p.invoice) {
                Some(Invoice::Organization { title, taxpayer_id }) => {
                    ("organization", title.clone(), taxpayer_id.clone())
                }
                _ => ("personal", String::new(), String::new()),
            };
            let mut input = regdesk_core::profile::ProfileInput {
                education: p.map_or(String::new(), |p| p.education.label_zh().to_owned()),
                major: p.map_or(String::new(), |p| p.major.clone()),
                employer: p.map_or(String::new(), |p| p.employer.clone()),
                invoice_type: invoice_type.into(),
                invoice_title,
                taxpayer_id,
                medical_override: p.and_then(|p| p.medical_override.clone()),
            };
            match field {
                "education" => input.education = value.to_owned(),
                "major" => input.major = value.to_owned(),
                _ => input.employer = value.to_owned(),
            }
            let report = regdesk_core::profile::validate_profile(&input);
            let mut issues: Vec<Problem> = report.issues;
            let Some(profile) = report.profile else {
                return Ok(refuse(issues));
            };
            if e.state.judged_change(&profile) {
                issues.push(Problem::warning(
                    "profile",
                    ReasonCode::ProcessBackToReview,
                    "资料已审核通过：更改学历或专业后须重新提交审核",
                    "the profile passed review: changing education or major sends it back to review",
                ));
            }
            if dry_run {
                return Ok(CellEdit {
                    applied: false,
                    issues,
                    row: None,
                });
            }
            let action = ProcessAction::SaveBasic { profile };
            match process::apply(store, id_number, &action, actor).await? {
                Ok(_) => CellEdit {
                    applied: true,
                    issues,
                    row: None,
                },
                Err(p) => return Ok(refuse(p)),
            }
        }
        "examItem" | "region" => {
            let Some(old) = e
                .intent
                .as_ref()
                .and_then(|v| serde_json::from_value::<Intent>(v.clone()).ok())
            else {
                return Ok(refuse(vec![Problem::error(
                    field,
                    ReasonCode::ProcessOutOfOrder,
                    "该考生没有名单中的报考意向：请在“考试报名”中新建报名",
                    "this candidate has no intended registration from a roster: open one in exam registration",
                )]));
            };
            let catalog = regdesk_core::exam_catalog::exam_catalog();
            let mut new = old.clone();
            if field == "examItem" {
                match catalog.find_item(value) {
                    Some(i) => {
                        new.exam_item = i.id.clone();
                        new.exam_item_label = i.label.clone();
                    }
                    None => {
                        let all: Vec<&str> =
                            catalog.items.iter().map(|i| i.label.as_str()).collect();
                        return Ok(refuse(vec![Problem::error(
                            field,
                            ReasonCode::RosterValueNotInList,
                            format!("报考项目“{value}”不在可选范围内（{}）", all.join("、")),
                            format!("exam item \"{value}\" is not one of {}", all.join(", ")),
                        )]));
                    }
                }
            } else if catalog.regions.iter().any(|r| r == value) {
                new.region = value.to_owned();
            } else {
                return Ok(refuse(vec![Problem::error(
                    field,
                    ReasonCode::RosterValueNotInList,
                    format!("意向考试区域“{value}”不是重庆市的区县"),
                    format!("\"{value}\" is not a Chongqing district or county"),
                )]));
            }
            if dry_run || new == old {
                return Ok(CellEdit {
                    applied: !dry_run,
                    issues: vec![],
                    row: None,
                });
            }
            let value = serde_json::to_value(&new).map_err(CommandError::internal)?;
            let mut tx = store.begin_write().await?;
            intents::put_in(&mut tx, id_number, &value, e.intent.as_ref(), actor).await?;
            tx.commit().await?;
            CellEdit {
                applied: true,
                issues: vec![],
                row: None,
            }
        }
        _ => {
            return Ok(refuse(vec![Problem::error(
            field,
            ReasonCode::ProcessLocked,
            "身份信息不能在表格中修改：请在个人中心“更正身份信息”（须说明理由并附证明）",
            "identity cannot be edited in the grid: use the identity correction (reason and proof)",
        )]))
        }
    };
    let row = grid_rows(store)
        .await?
        .into_iter()
        .find(|r| r.id_number == id_number);
    Ok(CellEdit { row, ..edit })
}
