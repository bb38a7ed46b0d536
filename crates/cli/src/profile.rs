//! `regdesk candidate attach`, `regdesk profile submit`, `regdesk package export|verify`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use regdesk_core::process::UploadSlot;
use regdesk_core::{Actor, CommandError, ErrorCode};
use regdesk_package::sign::SignatureState;
use regdesk_package::{verify, ArchiveLimits, PackageError};

use crate::output::{print_json, print_problems, print_refusal, write_atomic};
use crate::{Context, Outcome};

#[derive(Clone, Copy, ValueEnum)]
pub enum SlotArg {
    Photo,
    IdFront,
    Diploma,
    WorkProof,
}

impl From<SlotArg> for UploadSlot {
    fn from(s: SlotArg) -> Self {
        match s {
            SlotArg::Photo => UploadSlot::Photo,
            SlotArg::IdFront => UploadSlot::IdFront,
            SlotArg::Diploma => UploadSlot::Diploma,
            SlotArg::WorkProof => UploadSlot::WorkProof,
        }
    }
}

#[derive(Args)]
pub struct AttachArgs {
    #[arg(long)]
    id_number: String,
    #[arg(long)]
    slot: SlotArg,
    file: PathBuf,
}

#[derive(Subcommand)]
pub enum ProfileCommand {
    /// Check & confirm: lock the profile and record the submission (exit 1 lists every blocker).
    Submit {
        #[arg(long)]
        id_number: String,
    },
}

#[derive(Subcommand)]
pub enum PackageCommand {
    /// Write the candidate's package (zip with manifest.json and the JPEGs).
    Export {
        #[arg(long)]
        id_number: String,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Verify a package: 0 valid, 1 invalid (each problem named), 2 unreadable or unsafe.
    Verify { file: PathBuf },
}

fn io_error(path: &std::path::Path, e: impl std::fmt::Display, code: ErrorCode) -> CommandError {
    CommandError::new(
        code,
        format!("无法读写 {}：{e}", path.display()),
        format!("cannot access {}: {e}", path.display()),
    )
}

pub fn attach(ctx: &Context, args: AttachArgs) -> Outcome {
    let bytes = std::fs::read(&args.file)
        .map_err(|e| io_error(&args.file, e, ErrorCode::InvalidInput).with_field("file"))?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (rt, store) = ctx.open_store()?;
    let out = rt.block_on(regdesk_workflow::attach_file(
        &store,
        args.id_number.trim(),
        args.slot.into(),
        &name,
        regdesk_workflow::Upload::File(bytes),
        &Default::default(),
        &Actor::cli(),
    ))?;
    if ctx.json {
        // The contract's `slot` is the upload slot's name (`id_front`), as before.
        let mut v = serde_json::to_value(&out.report).unwrap_or_default();
        v["slot"] = serde_json::json!(regdesk_store::attachments::slot_name(args.slot.into()));
        print_json(&v);
    } else {
        println!(
            "{} {name}",
            if out.report.stored {
                "✓ 已保存 stored"
            } else {
                "✗ 未保存 not stored"
            }
        );
        print_problems(out.report.report.issues());
    }
    // The shell's own exit code: 0 stored, 1 not compliant or refused.
    Ok(if out.report.stored { 0 } else { 1 })
}

pub fn run_profile(ctx: &Context, cmd: ProfileCommand) -> Outcome {
    let ProfileCommand::Submit { id_number } = cmd;
    let (rt, store) = ctx.open_store()?;
    let report = rt.block_on(regdesk_workflow::submit_profile(
        &store,
        id_number.trim(),
        &Actor::cli(),
    ))?;
    if ctx.json {
        print_json(&report);
    } else if report.submitted {
        println!("已提交，等待审核 submitted, awaiting review");
    } else {
        println!("未提交 not submitted:");
        print_problems(&report.issues);
    }
    Ok(if report.submitted { 0 } else { 1 })
}

pub fn run_package(ctx: &Context, cmd: PackageCommand) -> Outcome {
    match cmd {
        PackageCommand::Export { id_number, output } => {
            let (rt, store) = ctx.open_store()?;
            let made = rt.block_on(regdesk_workflow::export_package(
                &store,
                id_number.trim(),
                &Actor::cli(),
            ))?;
            let (zip, manifest) = match made {
                Ok(made) => made,
                Err(issues) => {
                    print_refusal(ctx, "exported", "未导出 not exported", &issues);
                    return Ok(1);
                }
            };
            write_atomic(&output, &zip)?;
            if ctx.json {
                print_json(
                    &serde_json::json!({ "output": output.display().to_string(), "bytes": zip.len(), "manifest": manifest }),
                );
            } else {
                println!(
                    "已导出 exported: {} ({} bytes, {} files)",
                    output.display(),
                    zip.len(),
                    manifest.files.len()
                );
            }
            Ok(0)
        }
        PackageCommand::Verify { file } => {
            let shown = file.display().to_string();
            let meta = std::fs::metadata(&file)
                .map_err(|e| io_error(&file, e, ErrorCode::InvalidInput))?;
            if meta.len() > ArchiveLimits::default().max_total_bytes {
                return Err(CommandError::new(
                    ErrorCode::InvalidInput,
                    format!("{shown}：文件过大"),
                    format!("{shown}: file too large"),
                ));
            }
            let bytes =
                std::fs::read(&file).map_err(|e| io_error(&file, e, ErrorCode::InvalidInput))?;
            let report = verify(&bytes, ArchiveLimits::default()).map_err(|e| {
                let (zh, en) = match &e {
                    PackageError::Unreadable(d) => (
                        format!("{shown}：压缩包无法读取：{d}"),
                        format!("{shown}: unreadable archive: {d}"),
                    ),
                    PackageError::Unsafe(d) => (
                        format!("{shown}：不安全的压缩包：{d}"),
                        format!("{shown}: unsafe archive: {d}"),
                    ),
                    PackageError::Unsupported(d) => (
                        format!("{shown}：不支持的包：{d}"),
                        format!("{shown}: unsupported package: {d}"),
                    ),
                };
                CommandError::new(ErrorCode::InvalidInput, zh, en).with_field("file")
            })?;
            if ctx.json {
                print_json(&report);
            } else {
                if report.valid {
                    println!("✓ 有效 valid: {shown}");
                } else {
                    println!("✗ 无效 invalid: {shown}");
                    print_problems(&report.issues);
                }
                let state = match report.signature {
                    SignatureState::Valid => "有效 valid",
                    SignatureState::Invalid => "无效 invalid",
                    SignatureState::Missing => "未签名 missing (unsigned or format 1)",
                };
                println!(
                    "  签名 signature: {state}{}",
                    report
                        .signer
                        .as_deref()
                        .map(|s| format!(" — 签名者指纹 signer {s}"))
                        .unwrap_or_default()
                );
            }
            Ok(if report.valid { 0 } else { 1 })
        }
    }
}
