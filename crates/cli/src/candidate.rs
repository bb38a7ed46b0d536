//! `regdesk candidate add|list`.

use std::io::Read;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use regdesk_core::profile::ProfileInput;
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
    /// One candidate: identity, profile, process state (with lastReview), registrations and
    /// the current submission to an intake server.
    Show {
        #[arg(long)]
        id_number: String,
    },
    /// Run the engine on a file and store it in an upload slot (exit codes as `photo make`).
    Attach(crate::profile::AttachArgs),
    /// Correct the five identity fields (read-only otherwise): needs a reason and a proof file.
    Correct(CorrectArgs),
}

#[derive(Args)]
pub struct CorrectArgs {
    /// The candidate's current ID number.
    #[arg(long)]
    id_number: String,
    /// JSON object with the corrected identity (all five fields); `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    from: PathBuf,
    /// Why the registered identity was wrong (recorded in the audit log).
    #[arg(long)]
    reason: String,
    /// Proof file (e.g. a photo of the ID card), stored with the correction.
    #[arg(long, value_name = "FILE")]
    proof: PathBuf,
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
        CandidateCommand::Show { id_number } => show(ctx, id_number.trim()),
        CandidateCommand::Correct(args) => correct(ctx, args),
        CandidateCommand::Attach(args) => crate::profile::attach(ctx, args),
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

/// Reads a JSON object from a file or `-` (stdin).
pub fn read_object(
    from: &PathBuf,
) -> Result<serde_json::Map<String, serde_json::Value>, CommandError> {
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
    match value {
        serde_json::Value::Object(obj) => Ok(obj),
        _ => Err(unreadable(&shown, "not a JSON object / 不是 JSON 对象")),
    }
}

/// A field as text. Values that are not strings (a number typed in a spreadsheet) keep
/// their text so the validators, not the parser, explain what is wrong.
fn text(obj: &serde_json::Map<String, serde_json::Value>, key: &str) -> String {
    match obj.get(key) {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

pub fn identity_of(obj: &serde_json::Map<String, serde_json::Value>) -> IdentityInput {
    IdentityInput {
        name: text(obj, "name"),
        gender: text(obj, "gender"),
        id_number: text(obj, "idNumber"),
        mobile: text(obj, "mobile"),
        email: text(obj, "email"),
    }
}

/// Basic-info fields, when any is present: `education`, `major`, `employer`,
/// `invoice: {type, title, taxpayerId}`.
fn profile_of(obj: &serde_json::Map<String, serde_json::Value>) -> Option<ProfileInput> {
    if !["education", "major", "employer", "invoice"]
        .iter()
        .any(|k| obj.contains_key(*k))
    {
        return None;
    }
    let invoice = match obj.get("invoice") {
        Some(serde_json::Value::Object(inv)) => inv.clone(),
        _ => serde_json::Map::new(),
    };
    Some(ProfileInput {
        education: text(obj, "education"),
        major: text(obj, "major"),
        employer: text(obj, "employer"),
        invoice_type: text(&invoice, "type"),
        invoice_title: text(&invoice, "title"),
        taxpayer_id: text(&invoice, "taxpayerId"),
        medical_override: None,
    })
}

pub fn read_identity(from: &PathBuf) -> Result<IdentityInput, CommandError> {
    read_object(from).map(|o| identity_of(&o))
}

fn add(ctx: &Context, args: AddArgs) -> Outcome {
    let obj = read_object(&args.from)?;
    let (identity, profile) = (identity_of(&obj), profile_of(&obj));
    let (rt, store) = ctx.open_store()?;
    let report = rt.block_on(regdesk_workflow::register_with_profile(
        &store,
        &identity,
        profile.as_ref(),
        &Actor::cli(),
        args.strict,
    ))?;
    if ctx.json {
        print_json(&report);
    } else if let Some(c) = &report.candidate.candidate {
        println!("已登记 registered: {} {} (#{})", c.name, c.id_number, c.id);
        print_problems(&report.candidate.issues);
    } else {
        println!("未登记 not registered:");
        print_problems(&report.candidate.issues);
    }
    let blocked = regdesk_core::problem::has_errors(&report.candidate.issues);
    Ok(if report.candidate.added && !blocked {
        0
    } else {
        1
    })
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

fn correct(ctx: &Context, args: CorrectArgs) -> Outcome {
    let input = read_identity(&args.from)?;
    let shown = args.proof.display().to_string();
    let meta =
        std::fs::metadata(&args.proof).map_err(|e| unreadable(&shown, e).with_field("proof"))?;
    if meta.len() > regdesk_store::correction::MAX_PROOF_BYTES as u64 {
        return Err(unreadable(&shown, "larger than 20 MB / 超过 20 MB").with_field("proof"));
    }
    let bytes =
        std::fs::read(&args.proof).map_err(|e| unreadable(&shown, e).with_field("proof"))?;
    let file_name = args
        .proof
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (rt, store) = ctx.open_store()?;
    let proof = regdesk_store::correction::Proof {
        file_name: &file_name,
        bytes: &bytes,
    };
    let report = rt.block_on(regdesk_store::correction::correct_identity(
        &store,
        args.id_number.trim(),
        &input,
        &args.reason,
        proof,
        &Actor::cli(),
    ))?;
    if ctx.json {
        print_json(&report);
    } else if report.corrected {
        println!("已更正 corrected");
    } else if report.issues.is_empty() {
        println!("无变化 nothing to correct");
    } else {
        println!("未更正 not corrected:");
        print_problems(&report.issues);
    }
    Ok(if regdesk_core::problem::has_errors(&report.issues) {
        1
    } else {
        0
    })
}

fn show(ctx: &Context, id_number: &str) -> Outcome {
    let (rt, store) = ctx.open_store()?;
    let candidate = rt
        .block_on(candidates::find_by_id_number(&store, id_number))?
        .ok_or_else(|| {
            CommandError::new(
                ErrorCode::NotFound,
                format!("没有身份证号为 {id_number} 的考生"),
                format!("no candidate with ID number {id_number}"),
            )
            .with_field("idNumber")
        })?;
    let dossier = rt.block_on(regdesk_store::process::load_dossier(&store, id_number))?;
    let submission = rt
        .block_on(regdesk_workflow::submission::status_lines(&store))?
        .into_iter()
        .find(|l| l.id_number == id_number);
    let conflict = rt.block_on(regdesk_workflow::review::open_conflict(&store, id_number))?;
    let conflict = serde_json::to_value(&conflict).unwrap_or_default();
    let mut process = serde_json::to_value(&dossier.profile).unwrap_or_default();
    if let Some(p) = process.as_object_mut() {
        // Review decisions that disagree, until a reviewer settles them.
        p.insert("conflict".into(), conflict.clone());
    }
    let mut value = serde_json::to_value(&candidate).map_err(CommandError::internal)?;
    if let Some(obj) = value.as_object_mut() {
        obj.insert(
            "profile".into(),
            serde_json::to_value(&dossier.profile.profile).unwrap_or_default(),
        );
        obj.insert("process".into(), process);
        obj.insert("conflict".into(), conflict);
        obj.insert(
            "registrations".into(),
            serde_json::to_value(&dossier.registrations).unwrap_or_default(),
        );
        obj.insert(
            "submission".into(),
            serde_json::to_value(&submission).unwrap_or_default(),
        );
    }
    if ctx.json {
        print_json(&value);
    } else {
        println!("{} {}", candidate.id_number, candidate.name);
        println!(
            "  资料状态 profile: {}",
            serde_json::to_string(&dossier.profile.profile_status).unwrap_or_default()
        );
        if let Some(s) = submission {
            println!(
                "  报送 submission: {} {}",
                s.status,
                s.submission_id.unwrap_or_default()
            );
        }
    }
    Ok(0)
}
