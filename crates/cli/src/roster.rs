//! `regdesk roster template | import | export`: bulk registration for training centres.

use std::path::PathBuf;

use clap::Subcommand;
use regdesk_core::{Actor, CommandError, Problem, ReasonCode};
use regdesk_roster::Field;
use regdesk_workflow::jobs::JobProgress;
use regdesk_workflow::roster::{
    export_grid, import_roster, Hooks, ImportOptions, RosterReport, RowStatus,
};
use serde_json::json;

use crate::output::{print_json, print_problems, JobBar};
use crate::{Context, Outcome};

#[derive(Subcommand)]
pub enum RosterCommand {
    /// Write the roster template (XLSX with drop-down lists and instructions).
    Template {
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
    /// Check a roster (XLSX/XLS/ET/ODS/CSV) row by row and register the accepted rows.
    Import {
        file: PathBuf,
        /// The sheet to read when several hold a roster.
        #[arg(long)]
        sheet: Option<String>,
        /// A folder or zip of photos and scans named by ID number (or unique name).
        #[arg(long)]
        files: Option<PathBuf>,
        /// Check and report only: nothing is written.
        #[arg(long)]
        dry_run: bool,
        /// Write the rejected rows (original cells + 问题) to this XLSX, to fix and re-import.
        #[arg(long, value_name = "FILE.xlsx")]
        rejected_out: Option<PathBuf>,
        /// Correct the column mapping: `表头=field` (e.g. `联系电话=mobile`), `表头=` to ignore.
        #[arg(long = "map", value_name = "HEADER=FIELD")]
        map: Vec<String>,
    },
    /// The workspace's candidates as XLSX (status and problems per row).
    Export {
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
}

pub fn run(ctx: &Context, cmd: RosterCommand) -> Outcome {
    match cmd {
        RosterCommand::Template { output } => {
            regdesk_roster::template::write_template(&output)?;
            if ctx.json {
                print_json(&json!({ "written": true, "output": output.display().to_string() }));
            } else {
                println!("已生成名单模板 template written: {}", output.display());
            }
            Ok(0)
        }
        RosterCommand::Import {
            file,
            sheet,
            files,
            dry_run,
            rejected_out,
            map,
        } => {
            let mapping = parse_map(&map)?;
            import(ctx, file, sheet, files, dry_run, rejected_out, mapping)
        }
        RosterCommand::Export { output } => {
            let (rt, store) = ctx.open_store()?;
            let n = rt.block_on(export_grid(&store, &output))?;
            if ctx.json {
                print_json(
                    &json!({ "written": true, "output": output.display().to_string(), "rows": n }),
                );
            } else {
                println!(
                    "已导出 {n} 名考生 exported {n} candidates: {}",
                    output.display()
                );
            }
            Ok(0)
        }
    }
}

/// `表头=field` pairs; an unknown field is a usage error naming the allowed ones.
fn parse_map(map: &[String]) -> Result<Vec<(String, Option<Field>)>, CommandError> {
    map.iter()
        .map(|m| {
            let (header, field) = m.split_once('=').unwrap_or((m, ""));
            if field.trim().is_empty() {
                return Ok((header.trim().to_owned(), None));
            }
            let f = Field::ALL
                .into_iter()
                .find(|f| f.key() == field.trim())
                .ok_or_else(|| {
                    let all: Vec<&str> = Field::ALL.iter().map(|f| f.key()).collect();
                    CommandError::new(
                        regdesk_core::ErrorCode::InvalidInput,
                        format!("--map {m}：没有字段 {field}（可用：{}）", all.join(", ")),
                        format!("--map {m}: no field {field} (known: {})", all.join(", ")),
                    )
                    .with_field("map")
                })?;
            Ok((header.trim().to_owned(), Some(f)))
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn import(
    ctx: &Context,
    file: PathBuf,
    sheet: Option<String>,
    files: Option<PathBuf>,
    dry_run: bool,
    rejected_out: Option<PathBuf>,
    mapping: Vec<(String, Option<Field>)>,
) -> Outcome {
    let (rt, store) = ctx.open_store()?;
    let centre = rt
        .block_on(regdesk_store::operators::current(&store))?
        .map_or_else(|| "培训机构".to_owned(), |o| o.name);
    // The materials job draws a bar on a terminal (none with --json).
    let bar = JobBar::new(!ctx.json && files.is_some());
    let on_bar = bar.clone();
    let hooks = Hooks {
        cancel: Default::default(),
        progress: std::sync::Arc::new(move |p: &JobProgress| on_bar.update(p)),
    };
    let options = ImportOptions {
        sheet: sheet.as_deref(),
        files: files.as_deref(),
        dry_run,
        centre,
        rejected_out: rejected_out.as_deref(),
        hooks,
        mapping,
    };
    let result = rt.block_on(import_roster(&store, &file, &options, &Actor::cli()));
    bar.finish();
    let report = match result {
        Ok(r) => r,
        Err(e) if e.field.as_deref() == Some("header") => return header_missing(ctx, &e),
        Err(e) => return Err(e),
    };
    if ctx.json {
        print_json(&report);
    } else {
        print_human(&report, dry_run);
    }
    Ok(if report.counts.rejected > 0 { 1 } else { 0 })
}

/// No header found: exit 2, and the reason code on the report so scripts can tell.
fn header_missing(ctx: &Context, e: &CommandError) -> Outcome {
    let p = Problem::error(
        "header",
        ReasonCode::RosterHeaderMissing,
        e.message.clone(),
        e.message_en.clone(),
    );
    if ctx.json {
        print_json(&json!({ "error": e, "issues": [p] }));
    } else {
        eprintln!(
            "错误 error [{}]: {} / {}",
            p.code, p.message_zh, p.message_en
        );
    }
    Ok(2)
}

fn print_human(r: &RosterReport, dry_run: bool) {
    println!(
        "{}（工作表 sheet “{}”，表头在第 {} 行 header row {}）",
        r.file, r.sheet, r.header_row, r.header_row
    );
    for row in &r.rows {
        let tag = match row.status {
            RowStatus::Accepted => "✓ 新增 new",
            RowStatus::Updated => "✓ 更新 updated",
            RowStatus::Unchanged => "· 无变化 unchanged",
            RowStatus::Rejected => "✗ 拒绝 rejected",
        };
        if row.status != RowStatus::Unchanged || !row.issues.is_empty() {
            println!(
                "第 {} 行 row {}  {tag}  {} {}",
                row.row, row.row, row.id_number, row.name
            );
            for n in &row.normalisations {
                let field = crate::output::field_label(&n.field);
                println!("  提示 note {field}: “{}” → “{}”", n.from, n.to);
            }
            for c in &row.changes {
                let field = crate::output::field_label(&c.field);
                println!("  变更 change {field}: “{}” → “{}”", c.from, c.to);
            }
            print_problems(&row.issues);
        }
    }
    for f in r.files.iter().filter(|f| f.reason_zh.is_some()) {
        println!(
            "  材料 file {}: {} / {}",
            f.file,
            f.reason_zh.as_deref().unwrap_or(""),
            f.reason_en.as_deref().unwrap_or("")
        );
    }
    for s in &r.materials_summary {
        let refused: usize = s.refused.iter().map(|x| x.files.len()).sum();
        println!(
            "材料 {kind}：匹配 {m}，已保存 {st}，未通过 {refused}，缺少 {mi}，未匹配 {nm} / {kind}: {m} matched, {st} stored, {refused} refused, {mi} missing, {nm} not matched",
            kind = s.kind.key(),
            m = s.matched,
            st = s.stored,
            mi = s.missing,
            nm = s.not_matched
        );
        for x in &s.refused {
            let files: Vec<&str> = x.files.iter().map(|f| f.file.as_str()).collect();
            println!(
                "  未通过 refused [{}] {} / {}: {}",
                x.code,
                x.message_zh,
                x.message_en,
                files.join(", ")
            );
        }
    }
    let c = &r.counts;
    println!(
        "共 {} 行：新增 {}，更新 {}，无变化 {}，拒绝 {}{} / {} rows: {} new, {} updated, {} unchanged, {} rejected{}",
        c.data_rows, c.accepted, c.updated, c.unchanged, c.rejected,
        if dry_run { "（试运行，未写入）" } else { "" },
        c.data_rows, c.accepted, c.updated, c.unchanged, c.rejected,
        if dry_run { " (dry run: nothing written)" } else { "" }
    );
}
