//! `regdesk photo make|check` and `regdesk doc compress`: one file, or a folder in batch over
//! all cores with one report line per file, a summary, and unique output names.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use indicatif::{ProgressBar, ProgressStyle};

use clap::{Args, Subcommand, ValueEnum};
use regdesk_core::problem::has_errors;
use regdesk_core::{CommandError, ErrorCode, Problem};
use regdesk_photo::frame::CropRect;
use regdesk_photo::report::PhotoReport;
use regdesk_photo::scan::ScanReport;
use regdesk_photo::spec::{default_spec, PhotoSpec, ScanSlot};
use regdesk_photo::{check_photo, MakeOptions};
use regdesk_workflow::folder_batch::{plan_folder, run_folder, summary, FileResult};
use regdesk_workflow::photo_file::{error_line, make_photo_file as make_one, read_input};
use regdesk_workflow::photo_specs;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::output::{print_checks, print_json, print_problems, write_atomic};
use crate::{Context, Outcome};

#[derive(Subcommand)]
pub enum PhotoCommand {
    /// Make a compliant ID photo (file or folder).
    Make(MakeArgs),
    /// Check an existing photo against the spec.
    Check(CheckArgs),
    /// List the photo specs: the library, then the user's (sizes, byte windows, background, source).
    Specs(SpecsArgs),
}

#[derive(Args)]
pub struct MakeArgs {
    input: PathBuf,
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    #[command(flatten)]
    spec: SpecArgs,
    /// Manual crop X,Y,W,H in upright source pixels (aspect of the spec within a pixel).
    #[arg(long)]
    crop: Option<String>,
    /// Opt-in: put the person on the spec's background colour (white, blue, red…; reported
    /// as photo.background_replaced; some exam offices reject edited backgrounds).
    #[arg(long)]
    replace_background: bool,
    /// Folder batches: skip inputs whose output and report line a previous (interrupted) run
    /// completed.
    #[arg(long)]
    resume: bool,
}

#[derive(Args)]
pub struct CheckArgs {
    file: PathBuf,
    #[command(flatten)]
    spec: SpecArgs,
}

#[derive(Args)]
pub struct SpecsArgs {
    /// Add a spec file to the user's specs (checked; then usable as --spec ID here and in the window).
    #[arg(long)]
    add: Option<PathBuf>,
}

/// Which spec: one of the library (`photo specs`) or a spec file of the user's.
#[derive(Args)]
pub struct SpecArgs {
    /// Photo spec id from `regdesk photo specs` (default: cq-health-manager-2020).
    #[arg(long, conflicts_with = "spec_file")]
    spec: Option<String>,
    /// A spec file (JSON, as `photo specs --json` prints each; docs/photo-spec.schema.json).
    #[arg(long)]
    spec_file: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum DocCommand {
    /// Compress a scan under its slot's ceiling, keeping text legible.
    Compress(CompressArgs),
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SlotArg {
    IdFront,
    Diploma,
    WorkProof,
}

#[derive(Args)]
pub struct CompressArgs {
    input: PathBuf,
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    #[arg(long)]
    slot: SlotArg,
    /// Folder batches: skip inputs a previous (interrupted) run completed.
    #[arg(long)]
    resume: bool,
}

fn usage(zh: String, en: String) -> CommandError {
    CommandError::new(ErrorCode::InvalidInput, zh, en)
}

fn spec_arg(ctx: &Context, args: &SpecArgs) -> Result<PhotoSpec, CommandError> {
    match (&args.spec_file, args.spec.as_deref()) {
        (Some(path), _) => photo_specs::read_file(path),
        // The library needs no data folder; the user's specs live in it.
        (None, None) => Ok(default_spec()),
        (None, Some(id)) => photo_specs::find(&ctx.data_dir()?, Some(id)),
    }
}

/// A report line as the folder batch journals it, read back as the typed report it holds:
/// a file that could not be processed, a photo, or a scan.
#[derive(Deserialize)]
#[serde(untagged)]
enum Line {
    Failed {
        input: String,
        error: CommandError,
    },
    Photo {
        input: String,
        output: Option<String>,
        #[serde(flatten)]
        report: PhotoReport,
    },
    Scan {
        input: String,
        output: Option<String>,
        #[serde(flatten)]
        report: ScanReport,
    },
}

fn written(input: &str, output: &str, issues: &[Problem], bytes: u64, detail: &str) {
    let mark = if has_errors(issues) { "✗" } else { "✓" };
    println!("{mark} {input} → {output} ({bytes} bytes, {detail})");
}

fn print_human(value: &Value) {
    let line = match serde_json::from_value::<Line>(value.clone()) {
        Ok(line) => line,
        // Never expected (lines are written by the same binary): show it rather than drop it.
        Err(_) => return println!("? {value}"),
    };
    match line {
        Line::Failed { input, error } => {
            println!("✗ {input}: {} / {}", error.message, error.message_en)
        }
        Line::Photo {
            input,
            output,
            report,
        } => {
            match output.filter(|_| report.written) {
                Some(output) => {
                    let subsampling = report
                        .subsampling
                        .and_then(|s| serde_json::to_value(s).ok())
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_else(|| "-".into());
                    let detail = format!("q{}, {subsampling}", report.quality.unwrap_or(0));
                    let bytes = report.bytes.unwrap_or(0);
                    written(&input, &output, &report.issues, bytes, &detail);
                }
                None => println!("✗ {input}: 未生成照片 / no photo written"),
            }
            print_checks(&report.checks);
        }
        Line::Scan {
            input,
            output,
            report,
        } => {
            match output.filter(|_| report.written) {
                Some(output) => {
                    let detail = format!("q{}, ≤ {} bytes", report.quality, report.max_bytes);
                    written(&input, &output, &report.issues, report.bytes, &detail);
                }
                None => println!("✗ {input}: 未生成文件 / nothing written"),
            }
            print_problems(&report.issues);
        }
    }
}

pub fn run_photo(ctx: &Context, cmd: PhotoCommand) -> Outcome {
    match cmd {
        PhotoCommand::Make(args) => make(ctx, args),
        PhotoCommand::Check(args) => check(ctx, args),
        PhotoCommand::Specs(args) => specs(ctx, args),
    }
}

fn specs(ctx: &Context, args: SpecsArgs) -> Outcome {
    let data_dir = ctx.data_dir()?;
    if let Some(path) = &args.add {
        let spec = photo_specs::read_file(path)?;
        photo_specs::add(&data_dir, &spec)?;
        if ctx.json {
            print_json(&spec);
        } else {
            println!("已添加照片规格 added photo spec: {}", spec.id);
        }
        return Ok(0);
    }
    let all = photo_specs::list(&data_dir);
    if ctx.json {
        print_json(&all);
        return Ok(0);
    }
    for s in &all {
        let (zh, en) = s.background_colour().name();
        println!(
            "{}  {}×{}  {}–{} 字节 bytes  背景 {zh} / {en}\n    {} / {}\n    来源 source ({}): {}",
            s.id,
            s.width,
            s.height,
            s.min_bytes,
            s.max_bytes,
            s.name_zh,
            s.name_en,
            s.source_date.as_deref().unwrap_or("-"),
            s.source
        );
    }
    Ok(0)
}

fn make(ctx: &Context, args: MakeArgs) -> Outcome {
    let spec = spec_arg(ctx, &args.spec)?;
    let crop = match &args.crop {
        None => None,
        Some(text) => Some(CropRect::parse(text).ok_or_else(|| {
            usage(
                format!("--crop 须为 X,Y,W,H：{text}"),
                format!("--crop must be X,Y,W,H: {text}"),
            )
            .with_field("crop")
        })?),
    };
    let options = MakeOptions {
        crop,
        replace_background: args.replace_background,
        batch: false,
    };
    if args.input.is_dir() {
        // A crop rectangle belongs to one picture: folders are always framed automatically.
        let options = MakeOptions {
            crop: None,
            batch: true,
            ..options
        };
        return batch(ctx, &args.input, &args.output, args.resume, |i, o| {
            make_one(i, o, &spec, &options)
        });
    }
    let (code, value) = make_one(&args.input, &args.output, &spec, &options)?;
    if ctx.json {
        print_json(&value)
    } else {
        print_human(&value)
    }
    Ok(code)
}

fn check(ctx: &Context, args: CheckArgs) -> Outcome {
    let spec = spec_arg(ctx, &args.spec)?;
    let bytes = read_input(&args.file)?;
    let shown = args.file.display().to_string();
    let report = check_photo(&bytes, &spec).map_err(|e| e.to_command_error(&shown))?;
    let mut value = serde_json::to_value(&report).unwrap_or_default();
    value["input"] = json!(shown);
    if ctx.json {
        print_json(&value);
    } else {
        println!(
            "{} {shown}",
            if report.has_errors() {
                "✗ 不合格 not compliant"
            } else {
                "✓ 合格 compliant"
            }
        );
        print_checks(&report.checks);
    }
    Ok(if report.has_errors() { 1 } else { 0 })
}

pub fn run_doc(ctx: &Context, cmd: DocCommand) -> Outcome {
    let DocCommand::Compress(args) = cmd;
    let slot = match args.slot {
        SlotArg::IdFront => ScanSlot::IdFront,
        SlotArg::Diploma => ScanSlot::Diploma,
        SlotArg::WorkProof => ScanSlot::WorkProof,
    };
    let one = |input: &Path, output: &Path| -> Result<FileResult, CommandError> {
        let bytes = read_input(input)?;
        let shown = input.display().to_string();
        let (jpeg, report) = regdesk_photo::scan::compress_scan(&bytes, slot)
            .map_err(|e| e.to_command_error(&shown))?;
        if let Some(jpeg) = &jpeg {
            write_atomic(output, jpeg)?;
        }
        let mut value = serde_json::to_value(&report).unwrap_or_default();
        value["input"] = json!(shown);
        value["output"] = json!(jpeg.map(|_| output.display().to_string()));
        Ok((if report.written { 0 } else { 1 }, value))
    };
    if args.input.is_dir() {
        return batch(ctx, &args.input, &args.output, args.resume, one);
    }
    let (code, value) = one(&args.input, &args.output)?;
    if ctx.json {
        print_json(&value)
    } else {
        print_human(&value)
    }
    Ok(code)
}

const BAR: &str = "{bar:30} {pos}/{len} {per_sec} 剩余 ETA {eta} {msg}";

/// A folder on the job engine: a progress bar on a terminal (none with --json), every line
/// recorded as it finishes, the report in the output folder.
fn batch(
    ctx: &Context,
    in_dir: &Path,
    out_dir: &Path,
    resume: bool,
    one: impl Fn(&Path, &Path) -> Result<FileResult, CommandError> + Sync,
) -> Outcome {
    let plan = plan_folder(in_dir, out_dir)?;
    let bar = (!ctx.json && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(plan.inputs.len() as u64);
        if let Ok(style) = ProgressStyle::with_template(BAR) {
            bar.set_style(style);
        }
        bar
    });
    let cancel = AtomicBool::new(false);
    let run = run_folder(
        &plan,
        resume,
        |i, o| one(i, o).unwrap_or_else(|e| error_line(i, &e)),
        |_, _| Ok(()),
        |p| {
            if let Some(bar) = &bar {
                bar.set_position(u64::from(p.done));
                bar.set_message(p.current.clone().unwrap_or_default());
            }
        },
        &cancel,
    )?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    for (_, v) in &run.lines {
        if ctx.json {
            print_json(v)
        } else {
            print_human(v)
        }
    }
    let s = summary(&run.lines);
    if ctx.json {
        print_json(&json!({ "summary": s }));
    } else {
        println!("共 {} 个文件：合格 {}，不合格 {}，无法读取 {}（报告 {}） / {} files: {} ok, {} not compliant, {} unreadable",
            s["files"], s["ok"], s["notCompliant"], s["unreadable"], run.report_path.display(), s["files"], s["ok"], s["notCompliant"], s["unreadable"]);
    }
    Ok(run.lines.iter().map(|(c, _)| *c).max().unwrap_or(0))
}
