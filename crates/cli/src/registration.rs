//! `regdesk registration import FILE.json` and `regdesk batch plan --sessions FILE.json`.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use regdesk_core::{Actor, CommandError, ErrorCode};
use regdesk_workflow::{import_outcomes, plan_sessions, SessionSlot};
use serde_json::json;

use crate::output::{print_json, print_problems};
use crate::{Context, Outcome};

#[derive(Subcommand)]
pub enum RegistrationCommand {
    /// Record outcomes from the exam office (a JSON array; see docs/registration-import.schema.json).
    Import { file: PathBuf },
}

#[derive(Subcommand)]
pub enum BatchCommand {
    /// Split candidates with serial numbers into sessions, in serial-number order.
    Plan {
        /// JSON array of {"batch", "time", "site", "machines"}.
        #[arg(long)]
        sessions: PathBuf,
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
    let bad = |why: String| {
        CommandError::new(
            ErrorCode::InvalidInput,
            format!("无法读取 {shown}：{why}"),
            format!("cannot read {shown}: {why}"),
        )
    };
    let text = if shown == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(|e| bad(e.to_string()))?
    } else {
        std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?
    };
    match serde_json::from_str(&text).map_err(|e| bad(e.to_string()))? {
        serde_json::Value::Array(a) => Ok(a),
        _ => Err(bad("not a JSON array / 不是 JSON 数组".into())),
    }
}

pub fn run_registration(ctx: &Context, cmd: RegistrationCommand) -> Outcome {
    let RegistrationCommand::Import { file } = cmd;
    let elements = read_array(&file)?;
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
