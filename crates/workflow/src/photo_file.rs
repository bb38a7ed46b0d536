//! One picture file in, one photo file out: what a folder batch does per file, shared by the
//! CLI and the desktop batch. Each file gives an exit-style code and its JSON report line.

use std::path::Path;

use regdesk_core::{CommandError, ErrorCode};
use regdesk_photo::spec::PhotoSpec;
use regdesk_photo::{make_photo, MakeOptions, PhotoError};
use serde_json::json;

use crate::files::write_atomic;
use crate::folder_batch::FileResult;

fn unreadable(path: &Path, e: std::io::Error) -> CommandError {
    CommandError::new(
        ErrorCode::InvalidInput,
        format!("无法读取 {}：{e}", path.display()),
        format!("cannot read {}: {e}", path.display()),
    )
}

/// Reads a picture, refusing one over the engine's size cap before reading it.
pub fn read_input(path: &Path) -> Result<Vec<u8>, CommandError> {
    let meta = std::fs::metadata(path).map_err(|e| unreadable(path, e))?;
    if meta.len() > regdesk_photo::decode::MAX_FILE_BYTES as u64 {
        return Err(PhotoError::TooLarge(format!("{} bytes", meta.len()))
            .to_command_error(&path.display().to_string()));
    }
    std::fs::read(path).map_err(|e| unreadable(path, e))
}

/// Makes the photo of one file and writes it (atomically) when one was made.
pub fn make_photo_file(
    input: &Path,
    output: &Path,
    spec: &PhotoSpec,
    options: &MakeOptions,
) -> Result<FileResult, CommandError> {
    let bytes = read_input(input)?;
    let shown = input.display().to_string();
    let outcome = make_photo(&bytes, spec, options).map_err(|e| e.to_command_error(&shown))?;
    if let Some(jpeg) = &outcome.jpeg {
        write_atomic(output, jpeg)?;
    }
    let code = if outcome.report.has_errors() { 1 } else { 0 };
    let mut value = serde_json::to_value(&outcome.report).unwrap_or_default();
    value["input"] = json!(shown);
    value["output"] = json!(outcome.jpeg.as_ref().map(|_| output.display().to_string()));
    Ok((code, value))
}

/// The report line of a file that could not be processed at all.
pub fn error_line(input: &Path, e: &CommandError) -> FileResult {
    let code = e.code.exit_code().min(2) as u8;
    (
        code,
        json!({ "input": input.display().to_string(), "written": false, "error": e }),
    )
}
