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
        // A locked workspace also says so as a reason code scripts can switch on.
        let issues: Vec<Problem> = if e.code == regdesk_core::ErrorCode::Locked {
            vec![Problem::error(
                "password",
                regdesk_core::ReasonCode::OperatorLocked,
                e.message.clone(),
                e.message_en.clone(),
            )]
        } else {
            vec![]
        };
        print_json(&serde_json::json!({ "error": e, "issues": issues }));
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
            field_label(&p.field),
            p.code,
            p.message_zh,
            p.message_en
        );
    }
}

/// A field as people name it ("身份证号 ID number"), not its JSON key; a key no column
/// has (a photo check, `invoice.taxpayerId`) is shown as it is.
pub fn field_label(key: &str) -> String {
    let column = key.rsplit('.').next().unwrap_or(key);
    match regdesk_roster::Field::from_key(column) {
        Some(f) => format!("{} {}", f.header(), f.header_en()),
        None => key.to_owned(),
    }
}

/// A photo's checklist: every check by its neutral name with the measured value and the
/// allowed range; the failure sentence and the fix only under a check that did not pass.
pub fn print_checks(checks: &[regdesk_photo::report::Check]) {
    for c in checks {
        let mark = match (c.passed, c.severity) {
            (true, _) => "✓",
            (false, Severity::Error) => "✗",
            (false, _) => "!",
        };
        println!(
            "  {mark} {} / {}: {} (要求 allowed: {})",
            c.name_zh,
            c.name_en,
            c.value_en.as_deref().unwrap_or("-"),
            c.expected_en
        );
        if !c.passed {
            println!(
                "      {}。{} / {}. {}",
                c.message_zh, c.fix_zh, c.message_en, c.fix_en
            );
        }
    }
}

pub use regdesk_workflow::write_atomic;

/// A job's progress bar on a terminal; nothing with --json or when stderr is not a terminal.
#[derive(Clone)]
pub struct JobBar(Option<indicatif::ProgressBar>);

impl JobBar {
    pub fn new(show: bool) -> Self {
        use std::io::IsTerminal;
        Self((show && std::io::stderr().is_terminal()).then(|| {
            let bar = indicatif::ProgressBar::new(0);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{bar:30} {pos}/{len} {per_sec} 剩余 ETA {eta} {msg}",
            ) {
                bar.set_style(style);
            }
            bar
        }))
    }

    pub fn update(&self, p: &regdesk_workflow::jobs::JobProgress) {
        if let Some(b) = &self.0 {
            b.set_length(u64::from(p.total));
            b.set_position(u64::from(p.done));
            b.set_message(p.current.clone().unwrap_or_default());
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

/// A command refused because of the data (exit 1): `{ "<done_key>": false, "issues": [...] }`
/// for machines, the problems for people.
pub fn print_refusal(ctx: &Context, done_key: &str, zh_en: &str, problems: &[Problem]) {
    if ctx.json {
        let mut v = serde_json::json!({ "issues": problems });
        v[done_key] = serde_json::Value::Bool(false);
        print_json(&v);
    } else {
        println!("{zh_en}:");
        print_problems(problems);
    }
}
