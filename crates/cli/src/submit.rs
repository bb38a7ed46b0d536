//! `regdesk submit`: queue candidates' packages in the outbox and send them to an intake
//! server (exit 0 all accepted, 1 some refused with reasons, 3 not reached after retries —
//! they stay queued); `submit --resume` sends what is queued; `submit status` pulls review
//! outcomes and prints one object per candidate.

use clap::{Args, Subcommand};
use regdesk_core::{Actor, CommandError, ErrorCode};
use regdesk_store::{settings, Store};
use regdesk_workflow::submission::{
    self, pull_status, status_lines, IntakeClient, RetryPolicy, SubmitRun,
};

use crate::output::{print_json, print_problems};
use crate::{Context, Outcome};

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SubmitArgs {
    #[command(subcommand)]
    action: Option<SubmitAction>,
    /// The candidate(s) to queue and send (repeatable).
    #[arg(long, value_name = "N")]
    id_number: Vec<String>,
    /// Every candidate whose profile is confirmed (or complete) and not sent yet.
    #[arg(long, conflicts_with = "id_number")]
    all_ready: bool,
    /// Only send what is already queued.
    #[arg(long, conflicts_with_all = ["id_number", "all_ready"])]
    resume: bool,
    /// The intake server, e.g. https://intake.example.cn (default: Settings → Intake service).
    #[arg(long, global = true, value_name = "URL")]
    endpoint: Option<String>,
}

#[derive(Subcommand)]
enum SubmitAction {
    /// Pull review outcomes and print each candidate's submission status.
    Status,
}

/// The token: `REGDESK_INTAKE_TOKEN`, else the OS credential store (set by the desktop app).
fn token() -> Result<String, CommandError> {
    if let Ok(t) = std::env::var("REGDESK_INTAKE_TOKEN") {
        if !t.trim().is_empty() {
            return Ok(t);
        }
    }
    regdesk_workflow::credentials::load_token()?.ok_or_else(|| {
        CommandError::new(
            ErrorCode::InvalidInput,
            "缺少报送令牌：设置 REGDESK_INTAKE_TOKEN，或在桌面应用的 设置 → 报送服务 中保存",
            "no intake token: set REGDESK_INTAKE_TOKEN, or save one in the app's Settings → Intake service",
        )
        .with_field("token")
    })
}

pub(crate) fn client(
    rt: &tokio::runtime::Runtime,
    store: &Store,
    endpoint: Option<&str>,
) -> Result<IntakeClient, CommandError> {
    let endpoint = match endpoint {
        Some(e) => e.to_owned(),
        None => rt
            .block_on(settings::load(store))?
            .intake_endpoint
            .ok_or_else(|| {
                CommandError::new(
                    ErrorCode::InvalidInput,
                    "没有报送地址：用 --endpoint URL 指定，或在 设置 → 报送服务 中填写",
                    "no intake endpoint: give --endpoint URL or set it in Settings → Intake service",
                )
                .with_field("endpoint")
            })?,
    };
    IntakeClient::new(&endpoint, &token()?)
}

pub fn run(ctx: &Context, args: SubmitArgs) -> Outcome {
    let (rt, store) = ctx.open_store_threaded()?;
    let actor = Actor::cli();
    let client = client(&rt, &store, args.endpoint.as_deref())?;
    if let Some(SubmitAction::Status) = args.action {
        return status(ctx, &rt, &store, &client, &actor);
    }
    if args.id_number.is_empty() && !args.all_ready && !args.resume {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            "请指定 --id-number N、--all-ready 或 --resume",
            "give --id-number N, --all-ready or --resume",
        ));
    }
    let ids = if args.all_ready {
        rt.block_on(submission::ready_candidates(&store))?
    } else {
        args.id_number.iter().map(|s| s.trim().to_owned()).collect()
    };
    let run = submission::submit_candidates(
        rt.handle(),
        &store,
        &client,
        &ids,
        &RetryPolicy::from_env(),
        &actor,
    )?;
    if ctx.json {
        print_json(&run);
    } else {
        for n in &run.not_ready {
            println!("✗ 未就绪 not ready: {}", n.id_number);
            print_problems(&n.issues);
        }
        print_report(&run);
    }
    Ok(run.exit_code())
}

fn message(v: &Option<regdesk_core::ReportedProblem>) -> String {
    v.as_ref()
        .map(|p| format!("{} / {}", p.message_zh, p.message_en))
        .unwrap_or_default()
}

fn print_report(report: &SubmitRun) {
    for l in &report.items {
        match l.code {
            0 => println!(
                "✓ 已送达 accepted: {} {} → {}",
                l.id_number,
                l.name,
                l.submission_id.as_deref().unwrap_or("")
            ),
            1 => println!(
                "✗ 被拒绝 refused: {} {} — {}",
                l.id_number,
                l.name,
                message(&l.error)
            ),
            _ => println!(
                "… 已排队 queued: {} {} — {}",
                l.id_number,
                l.name,
                message(&l.error)
            ),
        }
    }
    println!(
        "送达 accepted {} · 被拒绝 refused {} · 排队 queued {}",
        report.accepted, report.refused, report.queued
    );
}

fn status(
    ctx: &Context,
    rt: &tokio::runtime::Runtime,
    store: &Store,
    client: &IntakeClient,
    actor: &Actor,
) -> Outcome {
    pull_status(rt.handle(), store, client, actor)?;
    let lines = rt.block_on(status_lines(store))?;
    if ctx.json {
        print_json(&lines);
    } else {
        for l in &lines {
            println!(
                "{}\t{}\t{}\t{}{}",
                l.id_number,
                l.name,
                l.status,
                l.submission_id.as_deref().unwrap_or("-"),
                l.valid_until
                    .as_deref()
                    .map(|v| format!("\t有效期至 valid until {v}"))
                    .unwrap_or_default()
            );
            for p in &l.issues {
                println!(
                    "  {} {} [{}]: {} / {}",
                    p.severity, p.field, p.code, p.message_zh, p.message_en
                );
            }
        }
    }
    Ok(0)
}
