//! `regdesk registration import FILE.json | open | list`, `regdesk catalog sessions` and
//! `regdesk batch plan --sessions FILE.json`.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use regdesk_core::exam_catalog::exam_catalog;
use regdesk_core::process::ProcessAction;
use regdesk_core::{clock, Actor, CommandError, ErrorCode};
use regdesk_workflow::{import_outcomes, plan_sessions, RegistrationView, SessionSlot};
use serde_json::json;

use crate::output::{print_json, print_problems};
use crate::{Context, Outcome};

#[derive(Subcommand)]
pub enum RegistrationCommand {
    /// Record outcomes from the exam office (a JSON array; see docs/registration-import.schema.json).
    Import { file: PathBuf },
    /// Open a registration for an exam session (needs a valid pass of the profile).
    Open {
        #[arg(long)]
        id_number: String,
        /// Catalogue session id (see `regdesk catalog sessions`).
        #[arg(long)]
        session: String,
        /// 意向考试区域.
        #[arg(long)]
        region: Option<String>,
    },
    /// The candidate's registrations (one JSON array with --json).
    List {
        #[arg(long)]
        id_number: String,
    },
}

#[derive(Subcommand)]
pub enum CatalogCommand {
    /// Exam sessions open for registration today (one JSON array with --json).
    Sessions,
}

#[derive(Subcommand)]
pub enum BatchCommand {
    /// Split candidates with serial numbers into sessions, in serial-number order.
    Plan {
        /// JSON array of {"batch", "time", "site", "machines"}.
        #[arg(long)]
        sessions: PathBuf,
        /// The exam session to plan (needed when registrations of several sessions have serials).
        #[arg(long)]
        exam_session: Option<String>,
        /// Store the assignment.
        #[arg(long)]
        apply: bool,
        /// Also replace sessions imported from the exam office.
        #[arg(long)]
        replace_imported: bool,
    },
}

fn read_array(path: &Path) -> Result<Vec<serde_json::Value>, CommandError> {
    let shown = path.display().to_string();
    let bad = |zh: String, en: String| {
        CommandError::new(
            ErrorCode::InvalidInput,
            format!("无法读取 {shown}：{zh}"),
            format!("cannot read {shown}: {en}"),
        )
    };
    let io = |e: std::io::Error| bad(e.to_string(), e.to_string());
    // One byte over the limit is enough to refuse: never read an endless stream whole.
    let limit = regdesk_workflow::MAX_OUTCOMES_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    if shown == "-" {
        std::io::Read::read_to_end(
            &mut std::io::Read::take(std::io::stdin(), limit),
            &mut bytes,
        )
        .map_err(io)?;
    } else {
        let file = std::fs::File::open(path).map_err(io)?;
        std::io::Read::read_to_end(&mut std::io::Read::take(file, limit), &mut bytes)
            .map_err(io)?;
    }
    regdesk_workflow::outcomes_array(&bytes).map_err(|(zh, en)| bad(zh, en))
}

pub fn run_registration(ctx: &Context, cmd: RegistrationCommand) -> Outcome {
    match cmd {
        RegistrationCommand::Import { file } => run_import(ctx, &file),
        RegistrationCommand::Open {
            id_number,
            session,
            region,
        } => run_open(ctx, &id_number, &session, region),
        RegistrationCommand::List { id_number } => run_list(ctx, &id_number),
    }
}

/// One registration as the CLI prints it (`registration list`, `registration open`).
fn entry(v: &RegistrationView) -> serde_json::Value {
    let r = &v.registration;
    let catalog = exam_catalog();
    let item = catalog
        .session(&r.exam_session)
        .map(|s| s.item.clone())
        .or_else(|| {
            r.exam_item
                .as_deref()
                .and_then(|i| catalog.find_item(i))
                .map(|i| i.id.clone())
        });
    json!({
        "examSession": r.exam_session,
        "item": item,
        "itemLabel": r.exam_item,
        "label": v.label,
        "status": v.status,
        "nextTask": v.next_task,
        "openedAt": r.opened_at,
        "noticeAcknowledgedAt": r.notice_acknowledged_at,
        "region": r.region,
        "payment": r.payment,
        "serialNumber": r.serial_number,
        "session": r.session,
        "ticketOpensAt": r.ticket_opens_at,
        "certificate": r.certificate,
    })
}

fn print_entry(v: &RegistrationView) {
    let r = &v.registration;
    let status = serde_json::to_value(v.status).unwrap_or_default();
    println!(
        "{}\t{}\t{}\t{}",
        r.exam_session,
        v.label,
        status.as_str().unwrap_or(""),
        r.serial_number.as_deref().unwrap_or("-")
    );
}

fn run_open(ctx: &Context, id_number: &str, session: &str, region: Option<String>) -> Outcome {
    let (rt, store) = ctx.open_store()?;
    let id = id_number.trim().to_uppercase();
    let action = ProcessAction::OpenRegistration {
        exam_session: session.trim().to_owned(),
        region,
    };
    let report = rt.block_on(regdesk_workflow::apply_step(
        &store,
        &id,
        None,
        &action,
        &Actor::cli(),
    ))?;
    let opened = report
        .registrations
        .iter()
        .find(|v| v.registration.exam_session == session.trim());
    if ctx.json {
        print_json(&json!({
            "opened": report.applied,
            "idNumber": id,
            "examSession": session.trim(),
            "registration": if report.applied { opened.map(entry) } else { None },
            "issues": report.issues,
        }));
    } else if report.applied {
        println!("已新建报名 registration opened:");
        opened.into_iter().for_each(print_entry);
    } else {
        println!("不能新建报名 registration refused:");
        print_problems(&report.issues);
    }
    Ok(if report.applied { 0 } else { 1 })
}

fn run_list(ctx: &Context, id_number: &str) -> Outcome {
    let (rt, store) = ctx.open_store()?;
    let id = id_number.trim().to_uppercase();
    let overview = rt.block_on(regdesk_workflow::overview(&store, &id))?;
    if ctx.json {
        let all: Vec<serde_json::Value> = overview.registrations.iter().map(entry).collect();
        print_json(&all);
    } else if overview.registrations.is_empty() {
        println!("没有考试报名 no registrations");
    } else {
        overview.registrations.iter().for_each(print_entry);
    }
    Ok(0)
}

pub fn run_catalog(ctx: &Context, cmd: CatalogCommand) -> Outcome {
    let CatalogCommand::Sessions = cmd;
    let sessions = exam_catalog().open_sessions(clock::today());
    if ctx.json {
        print_json(&sessions);
    } else {
        for s in &sessions {
            println!(
                "{}\t{}\t{} – {}",
                s.id, s.label, s.registration_opens, s.registration_closes
            );
        }
    }
    Ok(0)
}

fn run_import(ctx: &Context, file: &Path) -> Outcome {
    let elements = read_array(file)?;
    let (rt, store) = ctx.open_store()?;
    let outcomes = rt.block_on(import_outcomes(&store, &elements, &Actor::cli()))?;
    let applied = outcomes.iter().filter(|o| o.code == 0).count();
    let changed = outcomes.iter().filter(|o| o.changed).count();
    if ctx.json {
        print_json(
            &json!({ "elements": outcomes, "summary": { "elements": outcomes.len(), "applied": applied, "changed": changed, "refused": outcomes.len() - applied } }),
        );
    } else {
        for o in outcomes.iter().filter(|o| o.code != 0) {
            println!(
                "✗ #{} {}",
                o.index + 1,
                o.id_number.as_deref().unwrap_or("?")
            );
            print_problems(&o.issues);
        }
        for o in &outcomes {
            for n in &o.normalizations {
                println!(
                    "  提示 note #{} {}: {} / {}",
                    o.index + 1,
                    n.field,
                    n.message_zh,
                    n.message_en
                );
            }
        }
        println!("{} 条：应用 {applied}（有变化 {changed}），拒绝 {} / {} elements: {applied} applied ({changed} changed), {} refused",
            outcomes.len(), outcomes.len() - applied, outcomes.len(), outcomes.len() - applied);
    }
    Ok(outcomes.iter().map(|o| o.code).max().unwrap_or(0))
}

pub fn run_batch(ctx: &Context, cmd: BatchCommand) -> Outcome {
    let BatchCommand::Plan {
        sessions,
        exam_session,
        apply,
        replace_imported,
    } = cmd;
    let raw = read_array(&sessions)?;
    let slots: Vec<SessionSlot> =
        serde_json::from_value(serde_json::Value::Array(raw)).map_err(|e| {
            CommandError::new(
                ErrorCode::InvalidInput,
                format!("场次文件格式不正确（须为 [{{batch, time, site, machines}}]）：{e}"),
                format!("sessions file must be [{{batch, time, site, machines}}]: {e}"),
            )
            .with_field("sessions")
        })?;
    let (rt, store) = ctx.open_store()?;
    let plan = rt.block_on(plan_sessions(
        &store,
        exam_session.as_deref(),
        &slots,
        apply,
        replace_imported,
        &Actor::cli(),
    ))?;
    if ctx.json {
        print_json(&plan);
    } else {
        for s in plan.assignments.iter().chain(&plan.kept) {
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t座位 seat {}",
                s.serial_number, s.id_number, s.name, s.batch, s.time, s.site, s.seat
            );
        }
        print_problems(&plan.issues);
    }
    Ok(if regdesk_core::problem::has_errors(&plan.issues) {
        1
    } else {
        0
    })
}
