//! `regdesk review open|decide|list|export|import|reasons`: the reviewer's desk offline, and
//! decisions that travel on a file and merge without overwriting.

use std::path::PathBuf;

use clap::Subcommand;
use regdesk_core::{Actor, CommandError, ErrorCode};
use regdesk_workflow::review::{self, Verdict};
use regdesk_workflow::signing::workspace_key;

use crate::output::{print_json, print_problems, print_refusal, JobBar};
use crate::{Context, Outcome};

#[derive(Subcommand)]
pub enum ReviewCommand {
    /// Open packages (files, or folders of .zip): verify, check the signature and re-run the
    /// photo checks; exit 1 if any is invalid, 2 if any is unreadable.
    Open {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Decide an opened package: --pass, or --fail REASON[,REASON...] (see `review reasons`).
    Decide {
        #[arg(long, value_name = "SHA256")]
        package: String,
        #[arg(long, conflicts_with = "fail")]
        pass: bool,
        #[arg(long, value_name = "REASONS", value_delimiter = ',')]
        fail: Option<Vec<String>>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Every package with its state (pending, passed, failed, conflict) and decisions.
    List,
    /// Write every signed decision record to a .jsonl file.
    Export {
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Import decision files: signatures checked, merged without overwriting, outcomes applied
    /// to this workspace's candidates; exit 1 when a conflict or an invalid signature is found.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// The catalogue of standard reasons for a fail.
    Reasons,
    /// Online: pull the submissions waiting for review from the intake server (reviewer token)
    /// onto the desk, and push settled decisions back.
    Sync {
        /// The intake server (default: the one in Settings).
        #[arg(long)]
        endpoint: Option<String>,
    },
}

fn reviewer_name(rt: &tokio::runtime::Runtime, store: &regdesk_store::Store) -> String {
    rt.block_on(regdesk_store::operators::current(store))
        .ok()
        .flatten()
        .map(|o| o.name)
        .unwrap_or_else(|| Actor::cli().to_string())
}

pub fn run(ctx: &Context, cmd: ReviewCommand) -> Outcome {
    if let ReviewCommand::Reasons = cmd {
        let all = regdesk_core::review::catalogue();
        if ctx.json {
            print_json(&all);
        } else {
            for r in all {
                println!("{}\t{} / {}", r.code, r.message_zh, r.message_en);
            }
        }
        return Ok(0);
    }
    // Opening runs on the job engine, whose threads wait on the store.
    let (rt, store) = ctx.open_store_threaded()?;
    match cmd {
        ReviewCommand::Reasons => Ok(0),
        ReviewCommand::Sync { endpoint } => {
            let client = crate::submit::client(&rt, &store, endpoint.as_deref())?;
            let handle = rt.handle().clone();
            let report = review::sync(&handle, &store, &client)?;
            if ctx.json {
                print_json(&report);
            } else {
                println!(
                    "已拉取 pulled {} · 已推送 pushed {}",
                    report.pulled.len(),
                    report.pushed
                );
                for r in &report.refused {
                    println!("✗ {r}");
                }
            }
            Ok(u8::from(!report.refused.is_empty()))
        }
        ReviewCommand::Open { paths } => {
            let cancel = std::sync::atomic::AtomicBool::new(false);
            let bar = JobBar::new(!ctx.json);
            let lines = rt.block_on(review::open_paths(
                &store,
                &paths,
                &Actor::cli(),
                &cancel,
                &|p| bar.update(p),
            ));
            bar.finish();
            let lines = lines?;
            if ctx.json {
                print_json(&lines);
            } else {
                for l in &lines {
                    let mark = ["✓", "✗", "!"][usize::from(l.code.min(2))];
                    let signature = l
                        .signature
                        .and_then(|s| serde_json::to_value(s).ok())
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_else(|| "-".into());
                    println!(
                        "{mark} {} {} — 签名 signature {signature}{}",
                        l.file,
                        l.id_number.as_deref().unwrap_or(""),
                        match (&l.signer, &l.trusted_as) {
                            (Some(_), Some(n)) => format!(" ({n})"),
                            (Some(s), None) => format!(" — 未知签名者 UNKNOWN signer {s}"),
                            _ => String::new(),
                        }
                    );
                    print_problems(&l.issues);
                }
            }
            Ok(lines.iter().map(|l| l.code).max().unwrap_or(0))
        }
        ReviewCommand::Decide {
            package,
            pass,
            fail,
            note,
        } => {
            let (verdict, reasons) = match (pass, fail) {
                (true, None) => (Verdict::Pass, vec![]),
                (false, Some(r)) => (Verdict::Fail, r),
                _ => {
                    return Err(CommandError::new(
                        ErrorCode::InvalidInput,
                        "请给出 --pass 或 --fail 原因",
                        "give --pass or --fail REASONS",
                    ))
                }
            };
            let dir = store
                .path()
                .parent()
                .ok_or_else(|| CommandError::internal("no data folder"))?
                .to_owned();
            let key = workspace_key(&dir)?;
            let name = reviewer_name(&rt, &store);
            let decided = rt.block_on(review::decide(
                &store,
                &key,
                &name,
                &package,
                verdict,
                &reasons,
                note.as_deref(),
            ))?;
            let (record, state) = match decided {
                Ok(done) => done,
                Err(problems) => {
                    print_refusal(ctx, "recorded", "未记录 not recorded", &problems);
                    return Ok(1);
                }
            };
            if ctx.json {
                let mut v = serde_json::to_value(&record).map_err(CommandError::internal)?;
                v["state"] = serde_json::to_value(state).unwrap_or_default();
                print_json(&v);
            } else {
                println!("已记录 recorded {} → {:?}", record.id, state);
            }
            Ok(0)
        }
        ReviewCommand::List => {
            let lines = rt.block_on(review::list(&store))?;
            if ctx.json {
                print_json(&lines);
            } else {
                for l in &lines {
                    println!(
                        "{}\t{}\t{:?}\t{} decision(s)",
                        l.package_sha256,
                        l.id_number,
                        l.state,
                        l.decisions.len()
                    );
                }
            }
            Ok(0)
        }
        ReviewCommand::Export { output } => {
            let n = rt.block_on(review::export_decisions(&store, &output))?;
            if ctx.json {
                print_json(
                    &serde_json::json!({ "output": output.display().to_string(), "decisions": n }),
                );
            } else {
                println!("已导出 exported {n} → {}", output.display());
            }
            Ok(0)
        }
        ReviewCommand::Import { files } => {
            let lines = rt.block_on(review::import_decisions(&store, &files, &Actor::cli()))?;
            if ctx.json {
                print_json(&lines);
            } else {
                for l in &lines {
                    println!(
                        "{}:{}\t{}\t{}{}",
                        l.file,
                        l.line,
                        l.id_number.as_deref().unwrap_or(""),
                        l.outcome,
                        l.detail
                            .as_deref()
                            .map(|d| format!(" ({d})"))
                            .unwrap_or_default()
                    );
                }
            }
            let bad = lines.iter().any(|l| {
                matches!(
                    l.outcome.as_str(),
                    "conflict" | "invalid_signature" | "unreadable" | "refused"
                )
            });
            Ok(u8::from(bad))
        }
    }
}
