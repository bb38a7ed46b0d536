//! `regdesk validate KIND [VALUE ...]`: one JSON object per value, exit 0 whatever the values
//! (only usage errors exit 2). Values come from the arguments or, with none, one per line
//! from standard input.

use std::io::BufRead;

use clap::{Args, ValueEnum};
use regdesk_core::problem::first_error_code;
use regdesk_core::validate::{
    validate_email, validate_id_number, validate_mobile, validate_uscc, IdNumberOptions,
};
use regdesk_core::{CommandError, ErrorCode};
use serde_json::{json, Value};

use crate::output::print_json;
use crate::{Context, Outcome};

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    IdNumber,
    Uscc,
    Mobile,
    Email,
}

#[derive(Args)]
pub struct ValidateArgs {
    kind: Kind,
    values: Vec<String>,
    /// Treat an unknown ID-number region code as an error.
    #[arg(long)]
    strict: bool,
}

fn report(kind: Kind, input: &str, strict: bool) -> Value {
    let (normalized, problems, extra) = match kind {
        Kind::IdNumber => {
            let v = validate_id_number(
                input,
                IdNumberOptions {
                    strict,
                    ..Default::default()
                },
            );
            let extra = json!({
                "gender": v.facts.gender.map(|g| g.as_str()),
                "birthDate": v.facts.birth_date.map(|d| d.format("%Y-%m-%d").to_string()),
                "regionKnown": v.facts.region_known,
            });
            (v.normalized, v.problems, Some(extra))
        }
        Kind::Uscc => {
            let v = validate_uscc(input);
            (v.normalized, v.problems, None)
        }
        Kind::Mobile => {
            let v = validate_mobile(input);
            (v.normalized, v.problems, None)
        }
        Kind::Email => {
            let v = validate_email(input);
            let extra = json!({
                "display": v.facts.display,
                "normalizations": v.facts.normalizations,
            });
            (v.normalized, v.problems, Some(extra))
        }
    };
    let code = first_error_code(&problems);
    let mut out = json!({
        "input": input,
        "valid": code.is_none(),
        "normalized": normalized,
        "code": code,
        "issues": problems,
    });
    if let (Some(Value::Object(extra)), Value::Object(map)) = (extra, &mut out) {
        map.extend(extra);
    }
    out
}

pub fn run(_ctx: &Context, args: ValidateArgs) -> Outcome {
    if !args.values.is_empty() {
        for v in &args.values {
            print_json(&report(args.kind, v, args.strict));
        }
        return Ok(0);
    }
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|e| {
            CommandError::new(
                ErrorCode::InvalidInput,
                format!("无法读取标准输入：{e}"),
                format!("cannot read stdin: {e}"),
            )
        })?;
        let line = line.trim_end_matches('\r');
        print_json(&report(args.kind, line, args.strict));
    }
    Ok(0)
}
