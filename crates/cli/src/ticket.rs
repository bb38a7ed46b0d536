//! `regdesk ticket --id-number N -o FILE.pdf` and `regdesk ticket --all -o FILE.pdf`.

use std::path::PathBuf;

use clap::Args;
use serde_json::json;

use crate::output::{print_json, print_problems, write_atomic};
use crate::{Context, Outcome};

#[derive(Args)]
#[command(group(clap::ArgGroup::new("who").required(true).args(["id_number", "all"])))]
pub struct TicketArgs {
    /// The candidate whose admission ticket to print.
    #[arg(long)]
    id_number: Option<String>,
    /// Every candidate whose ticket is available, one page each, in one PDF.
    #[arg(long)]
    all: bool,
    /// The exam session of the registration (needed when the candidate has several; with
    /// --all, only that session's tickets).
    #[arg(long)]
    session: Option<String>,
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
}

pub fn run(ctx: &Context, args: TicketArgs) -> Outcome {
    let (rt, store) = ctx.open_store()?;
    let shown = args.output.display().to_string();
    if let Some(id) = args.id_number {
        return match rt.block_on(regdesk_workflow::ticket_pdf(
            &store,
            id.trim(),
            args.session.as_deref(),
        ))? {
            Ok(pdf) => {
                write_atomic(&args.output, &pdf)?;
                if ctx.json {
                    print_json(
                        &json!({ "written": true, "output": shown, "bytes": pdf.len(),
                        "printed": [id.trim()], "refused": [] }),
                    );
                } else {
                    println!("已生成准考证 ticket written: {shown} ({} bytes)", pdf.len());
                }
                Ok(0)
            }
            Err(refusal) => {
                if ctx.json {
                    print_json(&json!({ "written": false, "printed": [], "refused": [refusal] }));
                } else {
                    println!("准考证不可打印 ticket not available: {}", refusal.id_number);
                    print_problems(&refusal.issues);
                }
                Ok(1)
            }
        };
    }
    let batch = rt.block_on(regdesk_workflow::all_tickets_pdf(
        &store,
        args.session.as_deref(),
    ))?;
    if let Some(pdf) = &batch.pdf {
        write_atomic(&args.output, pdf)?;
    }
    if ctx.json {
        print_json(&json!({
            "written": batch.pdf.is_some(),
            "output": batch.pdf.as_ref().map(|_| &shown),
            "bytes": batch.pdf.as_ref().map(Vec::len),
            "printed": batch.printed,
            "refused": batch.refused,
        }));
    } else {
        match &batch.pdf {
            Some(pdf) => println!(
                "已生成 {} 张准考证 {} tickets written: {shown} ({} bytes)",
                batch.printed.len(),
                batch.printed.len(),
                pdf.len()
            ),
            None => println!("没有可打印的准考证 no ticket is available"),
        }
        if !batch.refused.is_empty() {
            println!(
                "{} 人暂不可打印 not available for {}:",
                batch.refused.len(),
                batch.refused.len()
            );
            for r in &batch.refused {
                println!("{} {}", r.id_number, r.name);
                print_problems(&r.issues);
            }
        }
    }
    Ok(if batch.pdf.is_some() { 0 } else { 1 })
}
