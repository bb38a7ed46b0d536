//! `regdesk candidate add|list`.

use std::io::Read;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use regdesk_core::{Actor, CommandError, ErrorCode, IdentityInput};
use regdesk_store::candidates;

use crate::output::{print_json, print_problems};
use crate::{Context, Outcome};

#[derive(Subcommand)]
pub enum CandidateCommand {
    /// Register a candidate from a JSON object {name, gender, idNumber, mobile, email}.
    Add(AddArgs),
    /// List registered candidates (with --json: one JSON array).
    List,
}

#[derive(Args)]
pub struct AddArgs {
    /// JSON file to read; `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    from: PathBuf,
    /// Treat an unknown region code as an error.
    #[arg(long)]
    strict: bool,
}

pub fn run(ctx: &Context, cmd: CandidateCommand) -> Outcome {
    match cmd {
        CandidateCommand::Add(args) => add(ctx, args),
        CandidateCommand::List => list(ctx),
    }
}

fn unreadable(path: &str, why: impl std::fmt::Display) -> CommandError {
    CommandError::new(
        ErrorCode::InvalidInput,
        format!("无法读取输入文件 {path}：{why}"),
        format!("cannot read input file {path}: {why}"),
    )
    .with_field("from")
}

/// Reads the input object. Values that are not strings (a number typed in a spreadsheet)
/// are kept as their text so the validators, not the parser, explain what is wrong.
pub fn read_identity(from: &PathBuf) -> Result<IdentityInput, CommandError> {
    let shown = from.display().to_string();
    let text = if shown == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| unreadable("-", e))?;
        s
    } else {
        std::fs::read_to_string(from).map_err(|e| unreadable(&shown, e))?
    };
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| unreadable(&shown, e))?;
    let obj = value
        .as_object()
        .ok_or_else(|| unreadable(&shown, "not a JSON object / 不是 JSON 对象"))?;
    let field = |k: &str| match obj.get(k) {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    Ok(IdentityInput {
        name: field("name"),
        gender: field("gender"),
        id_number: field("idNumber"),
        mobile: field("mobile"),
        email: field("email"),
    })
}

fn add(ctx: &Context, args: AddArgs) -> Outcome {
    let input = read_identity(&args.from)?;
    let (rt, store) = ctx.open_store()?;
    let report = rt.block_on(candidates::register(
        &store,
        &input,
        &Actor::cli(),
        args.strict,
    ))?;
    if ctx.json {
        print_json(&report);
    } else if let Some(c) = &report.candidate {
        println!("已登记 registered: {} {} (#{})", c.name, c.id_number, c.id);
        print_problems(&report.issues);
    } else {
        println!("未登记 not registered:");
        print_problems(&report.issues);
    }
    Ok(if report.added { 0 } else { 1 })
}

fn list(ctx: &Context) -> Outcome {
    let (rt, store) = ctx.open_store()?;
    let all = rt.block_on(candidates::list(&store))?;
    if ctx.json {
        print_json(&all);
    } else if all.is_empty() {
        println!("暂无考生 no candidates yet");
    } else {
        for c in &all {
            println!(
                "{}\t{}\t{}\t{}\t{}",
                c.id_number,
                c.name,
                c.gender.label_zh(),
                c.mobile,
                c.email
            );
        }
    }
    Ok(0)
}
