//! Printing: JSON on stdout for machines, bilingual text for people, errors on stderr.

use regdesk_core::{CommandError, Problem, Severity};
use serde::Serialize;

use crate::Context;

pub fn print_json<T: Serialize>(value: &T) {
    match serde_json::to_string(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("JSON encoding failed: {e}"),
    }
}

pub fn print_error(ctx: &Context, e: &CommandError) {
    eprintln!(
        "错误 error [{}]: {} / {}",
        serde_json::to_value(e.code)
            .unwrap_or_default()
            .as_str()
            .unwrap_or(""),
        e.message,
        e.message_en
    );
    if ctx.json {
        print_json(&serde_json::json!({ "error": e }));
    }
}

/// Problems as readable lines, errors first.
pub fn print_problems(problems: &[Problem]) {
    let mut sorted: Vec<&Problem> = problems.iter().collect();
    sorted.sort_by_key(|p| p.severity != Severity::Error);
    for p in sorted {
        let tag = if p.is_error() {
            "错误 error"
        } else {
            "提示 warning"
        };
        println!(
            "  {tag} {} [{}]: {} / {}",
            p.field, p.code, p.message_zh, p.message_en
        );
    }
}

pub use regdesk_workflow::write_atomic;
