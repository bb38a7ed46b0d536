//! `roster import`: a centre's spreadsheet checked row by row (nothing written), compared with
//! the workspace (new, changed or unchanged candidates), materials matched; then, unless it is
//! a dry run, every accepted row committed in one write transaction (all or none). Re-importing
//! the same file changes nothing. `roster export`: the workspace as a spreadsheet.

use std::collections::HashMap;
use std::path::Path;

use regdesk_core::process::{Channel, ProcessAction, ProcessState, ProfileStatus, UploadSlot};
use regdesk_core::profile::{Invoice, Profile};
use regdesk_core::{Actor, Candidate, CommandError, Problem, ReasonCode};
use regdesk_roster::materials::{match_files, FileMatch, FileStatus, Kind, RowKey, Source};
use regdesk_roster::sheet::open_roster;
use regdesk_roster::{check_rows, CellChange, Field, Intent, Record};
use regdesk_store::bulk::NewCandidate;
use regdesk_store::{candidates, intents, process, Store};
use serde::Serialize;
use ts_rs::TS;

mod bulk;
mod edit;
mod grid;
mod materials_job;
mod materials_summary;
mod report;

pub use bulk::{export_packages, submit_profiles, BulkLine};
pub use edit::{edit_cell, CellEdit};
pub use grid::{export_grid, grid_rows, GridRow};
use materials_job::attach_matched;
pub use materials_job::MATERIALS_KIND;
pub use materials_summary::{Refusal, SlotSummary};
pub use report::{Counts, Processed, RosterReport, RowReport, RowStatus};

use crate::attach::{attach_file, Upload};
use crate::jobs::{run_items, ItemDone, JobProgress, RunOptions};

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
        let name = c.name;
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
                // A rejected row's name is shown, not matched by: a rejected duplicate would
                // otherwise make its kept twin's name-matched files ambiguous.
                name: if r.status == RowStatus::Rejected {
                    ""
                } else {
                    &r.name
                },
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
    let materials_summary = match options.files {
        Some(_) => materials_summary::summarise(&rows, &files, &processed),
        None => vec![],
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
        materials_summary,
        rejected_output: options.rejected_out.map(|p| p.display().to_string()),
        processed,
    })
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
    // New candidates in bulk (a few statements per 200 rows), then the updates one by one.
    let new: Vec<NewCandidate> = plans
        .iter()
        .filter_map(|plan| match plan {
            Plan::New(record) => Some(record),
            _ => None,
        })
        .map(|record| {
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
            let intent = serde_json::to_value(&record.intent).map_err(CommandError::internal)?;
            Ok(NewCandidate {
                identity: &record.identity,
                actions,
                intent,
            })
        })
        .collect::<Result<_, CommandError>>()?;
    if let Err((id, p)) = regdesk_store::bulk::insert_new_in(&mut tx, &new, actor).await? {
        return Err(refused(&id, p));
    }
    for plan in plans {
        match plan {
            Plan::None | Plan::New(_) => {}
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
                .map(|p| {
                    // The column as the sheet names it, not the JSON key.
                    let field: &str = Field::from_key(&p.field).map_or(&p.field, |f| f.header());
                    format!("第 {} 行 {}：{}", r.row, field, p.message_zh)
                })
                .collect();
            cells.push(problems.join("；"));
            Some(cells)
        })
        .collect();
    regdesk_roster::template::write_table(out, "待修改", &columns, &lines)?;
    Ok(())
}
