//! Printing: JSON on stdout for machines, bilingual text for people, errors on stderr.

use std::path::Path;

use regdesk_core::{CommandError, ErrorCode, Problem, Severity};
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

/// Writes atomically (temp file in the same folder, then rename): a crash or a full disk never
/// leaves half a file under the final name.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), CommandError> {
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".part");
    let tmp = path.with_file_name(tmp_name);
    std::fs::write(&tmp, bytes)
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            CommandError::new(
                ErrorCode::Io,
                format!("无法写入 {}：{e}", path.display()),
                format!("cannot write {}: {e}", path.display()),
            )
            .with_field("output")
        })
}
