//! A folder of pictures through the photo engine or the scan compressor, on the job engine:
//! unique output names computed in O(n), the inputs never overwritten, each file's report line
//! appended to a journal as it finishes (so a kill loses at most the files in flight), and
//! `--resume` skipping inputs whose output and report line are complete. The final report
//! (`regdesk-report.json`) lists each input once, in input order.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

use regdesk_core::{CommandError, ErrorCode};
use serde_json::{json, Value};

use crate::files::write_atomic;
use crate::jobs::{run_items, ItemDone, JobProgress, RunEnd, RunOptions};

/// More files than this in one folder is refused (split the folder), never silently cut.
pub const MAX_BATCH_FILES: usize = 100_000;
pub const REPORT_NAME: &str = "regdesk-report.json";
/// Report lines of a run not yet finished; removed once the report is complete.
pub const JOURNAL_NAME: &str = "regdesk-report.partial.jsonl";

/// One file's exit code (0, 1, 2) and its JSON report line (with `"input"`).
pub type FileResult = (u8, Value);

pub struct FolderBatch {
    pub inputs: Vec<PathBuf>,
    pub outputs: Vec<PathBuf>,
    pub out_dir: PathBuf,
}

fn io_error(what_zh: &str, what_en: &str, path: &Path, e: impl std::fmt::Display) -> CommandError {
    CommandError::new(
        ErrorCode::Io,
        format!("{what_zh} {}：{e}", path.display()),
        format!("{what_en} {}: {e}", path.display()),
    )
}

/// Lists the folder's files (refusing more than [`MAX_BATCH_FILES`]), creates the output
/// folder (refusing the input folder itself, whose files would be overwritten) and names
/// every output.
pub fn plan_folder(in_dir: &Path, out_dir: &Path) -> Result<FolderBatch, CommandError> {
    let entries = std::fs::read_dir(in_dir).map_err(|e| {
        CommandError::new(
            ErrorCode::InvalidInput,
            format!("无法读取文件夹 {}：{e}", in_dir.display()),
            format!("cannot read folder {}: {e}", in_dir.display()),
        )
        .with_field("input")
    })?;
    let mut inputs = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        if inputs.len() == MAX_BATCH_FILES {
            return Err(CommandError::new(
                ErrorCode::InvalidInput,
                format!(
                    "文件夹 {} 中的文件超过 {MAX_BATCH_FILES} 个：请分成几个文件夹处理",
                    in_dir.display()
                ),
                format!(
                    "folder {} holds more than {MAX_BATCH_FILES} files: split it into several folders",
                    in_dir.display()
                ),
            )
            .with_field("input"));
        }
        inputs.push(path);
    }
    inputs.sort();
    plan_inputs(inputs, out_dir)
}

/// Files picked one by one (or dropped on the window) instead of a folder: each must be a
/// readable file; the same limits and output naming as a folder.
pub fn plan_files(files: &[PathBuf], out_dir: &Path) -> Result<FolderBatch, CommandError> {
    if files.len() > MAX_BATCH_FILES {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            format!(
                "一次最多处理 {MAX_BATCH_FILES} 个文件，当前 {} 个：请分批处理",
                files.len()
            ),
            format!(
                "at most {MAX_BATCH_FILES} files at once, not {}: split the batch",
                files.len()
            ),
        )
        .with_field("input"));
    }
    if let Some(bad) = files.iter().find(|f| !f.is_file()) {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            format!("找不到文件 {}", bad.display()),
            format!("no such file: {}", bad.display()),
        )
        .with_field("input"));
    }
    let mut inputs = files.to_vec();
    inputs.sort();
    inputs.dedup();
    plan_inputs(inputs, out_dir)
}

/// Creates the output folder (refusing one that holds an input: it would be overwritten) and
/// names every output.
fn plan_inputs(inputs: Vec<PathBuf>, out_dir: &Path) -> Result<FolderBatch, CommandError> {
    std::fs::create_dir_all(out_dir)
        .map_err(|e| io_error("无法创建", "cannot create", out_dir, e))?;
    let out = out_dir.canonicalize().ok();
    let same = inputs.iter().any(|i| {
        let parent = i.parent().and_then(|p| p.canonicalize().ok());
        parent.is_some() && parent == out
    });
    if same {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            format!(
                "输出文件夹不能与输入文件夹相同（{}）：原图会被覆盖，请另选一个文件夹",
                out_dir.display()
            ),
            format!(
                "the output folder cannot be the input folder ({}): the originals would be overwritten; choose another folder",
                out_dir.display()
            ),
        )
        .with_field("output"));
    }
    let outputs = output_names(&inputs, out_dir);
    Ok(FolderBatch {
        inputs,
        outputs,
        out_dir: out_dir.to_owned(),
    })
}

/// `<stem>.jpg`, or `<stem>_<ext>.jpg` when two inputs share a stem, then `_2`, `_3` … until
/// the name is free (compared case-insensitively, as Windows and macOS do; the report's own
/// names are taken). O(n) with hash maps.
pub fn output_names(inputs: &[PathBuf], out_dir: &Path) -> Vec<PathBuf> {
    let stem = |p: &PathBuf| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut stems: HashMap<String, usize> = HashMap::new();
    for p in inputs {
        *stems.entry(stem(p).to_lowercase()).or_default() += 1;
    }
    let mut taken: HashSet<String> = [REPORT_NAME, JOURNAL_NAME]
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
    inputs
        .iter()
        .map(|p| {
            let s = stem(p);
            let base = if stems[&s.to_lowercase()] > 1 {
                let ext = p
                    .extension()
                    .map(|e| e.to_string_lossy().to_lowercase())
                    .unwrap_or_default();
                format!("{s}_{ext}")
            } else {
                s
            };
            let mut name = format!("{base}.jpg");
            let mut n = 2;
            while !taken.insert(name.to_lowercase()) {
                name = format!("{base}_{n}.jpg");
                n += 1;
            }
            out_dir.join(name)
        })
        .collect()
}

/// Report lines a previous run recorded (the final report, then the journal), by input.
fn previous_lines(out_dir: &Path) -> HashMap<String, FileResult> {
    let mut out = HashMap::new();
    if let Ok(bytes) = std::fs::read(out_dir.join(REPORT_NAME)) {
        if let Ok(report) = serde_json::from_slice::<Value>(&bytes) {
            for line in report["files"].as_array().into_iter().flatten() {
                if let (Some(input), Some(code)) = (line["input"].as_str(), line["code"].as_u64()) {
                    out.insert(input.to_owned(), (code as u8, line.clone()));
                }
            }
        }
    }
    if let Ok(f) = File::open(out_dir.join(JOURNAL_NAME)) {
        // A line cut by a kill does not parse and is simply redone.
        for line in BufReader::new(f).lines().map_while(Result::ok) {
            if let Ok(v) = serde_json::from_str::<Value>(&line) {
                if let (Some(input), Some(code)) = (v["input"].as_str(), v["code"].as_u64()) {
                    out.insert(input.to_owned(), (code as u8, v));
                }
            }
        }
    }
    out
}

/// Whether a recorded line still stands: nothing was to be written, or its output exists.
fn complete(line: &Value) -> bool {
    match line["output"].as_str() {
        Some(output) if line["written"] == true => Path::new(output).is_file(),
        _ => line["written"] != true,
    }
}

pub struct FolderRun {
    /// Each input's line, in input order (inputs left undone by a cancel are missing).
    pub lines: Vec<FileResult>,
    pub end: RunEnd,
    pub report_path: PathBuf,
}

/// Runs the batch. `one` makes one output from one input; its line gets `"code"` added and is
/// journalled, then handed to `also_record` (the desktop's `jobs` table) before it counts.
pub fn run_folder(
    batch: &FolderBatch,
    resume: bool,
    one: impl Fn(&Path, &Path) -> FileResult + Sync,
    also_record: impl Fn(usize, &FileResult) -> Result<(), CommandError> + Sync,
    progress: impl Fn(&JobProgress) + Sync,
    cancel: &AtomicBool,
) -> Result<FolderRun, CommandError> {
    let journal_path = batch.out_dir.join(JOURNAL_NAME);
    let report_path = batch.out_dir.join(REPORT_NAME);
    let shown: Vec<String> = batch
        .inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let mut results: Vec<Option<FileResult>> = vec![None; batch.inputs.len()];
    if resume {
        let mut previous = previous_lines(&batch.out_dir);
        for (i, input) in shown.iter().enumerate() {
            if let Some(line) = previous.remove(input).filter(|(_, v)| complete(v)) {
                results[i] = Some(line);
            }
        }
    }
    let mut journal = OpenOptions::new()
        .create(true)
        .append(resume)
        .write(true)
        .truncate(!resume)
        .open(&journal_path)
        .map_err(|e| io_error("无法写入报告", "cannot write the report", &journal_path, e))?;
    // Lines carried over are written again so the journal alone is enough next time.
    for (_, line) in results.iter().flatten() {
        writeln!(journal, "{line}")
            .map_err(|e| io_error("无法写入报告", "cannot write the report", &journal_path, e))?;
    }
    let journal = Mutex::new(journal);
    let todo: Vec<usize> = (0..results.len())
        .filter(|&i| results[i].is_none())
        .collect();
    let already_failed = results.iter().flatten().filter(|(c, _)| *c != 0).count() as u32;
    let opts = RunOptions {
        already_done: (results.len() - todo.len()) as u32,
        already_failed,
        ..RunOptions::new(cancel)
    };
    let fresh: Mutex<Vec<(usize, FileResult)>> = Mutex::new(Vec::new());
    let end = run_items(
        &todo,
        results.len() as u32,
        |i| shown[i].clone(),
        |i| {
            let (code, mut line) = one(&batch.inputs[i], &batch.outputs[i]);
            line["code"] = json!(code);
            ItemDone { code, result: line }
        },
        |i, done| {
            let text = format!("{}\n", done.result);
            let mut f = journal.lock().map_err(|_| {
                io_error(
                    "无法写入报告",
                    "cannot write the report",
                    &journal_path,
                    "lock",
                )
            })?;
            f.write_all(text.as_bytes())
                .and_then(|_| f.flush())
                .map_err(|e| {
                    io_error("无法写入报告", "cannot write the report", &journal_path, e)
                })?;
            let line = (done.code, done.result.clone());
            also_record(i, &line)?;
            if let Ok(mut fresh) = fresh.lock() {
                fresh.push((i, line));
            }
            Ok::<(), CommandError>(())
        },
        progress,
        &opts,
    )?;
    for (i, r) in fresh.into_inner().unwrap_or_default() {
        results[i] = Some(r);
    }
    let lines: Vec<FileResult> = results.into_iter().flatten().collect();
    // Serialised from borrowed lines: a 1 000-file report is not copied once more in memory.
    #[derive(serde::Serialize)]
    struct Report<'a> {
        files: Vec<&'a Value>,
        summary: Value,
        complete: bool,
    }
    let report = Report {
        files: lines.iter().map(|(_, v)| v).collect(),
        summary: summary(&lines),
        complete: end == RunEnd::Completed,
    };
    let bytes = serde_json::to_vec_pretty(&report)
        .map_err(|e| io_error("无法写入报告", "cannot write the report", &report_path, e))?;
    write_atomic(&report_path, &bytes)?;
    if end == RunEnd::Completed {
        std::fs::remove_file(&journal_path)
            .map_err(|e| io_error("无法删除", "cannot remove", &journal_path, e))?;
    }
    Ok(FolderRun {
        lines,
        end,
        report_path,
    })
}

/// `{"files", "ok", "notCompliant", "unreadable"}` of a batch.
pub fn summary(lines: &[FileResult]) -> Value {
    let count = |c: u8| lines.iter().filter(|(code, _)| *code == c).count();
    json!({ "files": lines.len(), "ok": count(0), "notCompliant": count(1), "unreadable": count(2) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_case_insensitively_and_avoid_the_report() {
        let inputs: Vec<PathBuf> = [
            "a.png",
            "a.JPG",
            "a_png.jpg",
            "B.heic",
            "b.jpeg",
            "c.png",
            "regdesk-report.json",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let names: Vec<String> = output_names(&inputs, Path::new("out"))
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "a_png.jpg",
                "a_jpg.jpg",
                "a_png_2.jpg",
                "B_heic.jpg",
                "b_jpeg.jpg",
                "c.jpg",
                "regdesk-report.jpg"
            ]
        );
        let lower: HashSet<String> = names.iter().map(|n| n.to_lowercase()).collect();
        assert_eq!(lower.len(), names.len());
    }

    #[test]
    fn naming_a_large_folder_is_linear() {
        // 100 000 names sharing few stems: quadratic naming took minutes, this takes well under
        // a second (no timing assertion: the count of distinct names is the check).
        let inputs: Vec<PathBuf> = (0..100_000)
            .map(|i| {
                PathBuf::from(format!(
                    "{}.{}",
                    i / 2,
                    if i % 2 == 0 { "png" } else { "jpg" }
                ))
            })
            .collect();
        let names = output_names(&inputs, Path::new("o"));
        let distinct: HashSet<&PathBuf> = names.iter().collect();
        assert_eq!(distinct.len(), inputs.len());
    }

    #[test]
    fn the_input_folder_cannot_be_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.jpg"), b"x").unwrap();
        let err = match plan_folder(dir.path(), &dir.path().join(".")) {
            Err(e) => e,
            Ok(_) => panic!("same folder accepted"),
        };
        assert_eq!(err.field.as_deref(), Some("output"));
        assert!(plan_folder(dir.path(), &dir.path().join("out")).is_ok());
    }

    #[test]
    fn picked_files_from_several_folders_get_distinct_names_and_never_overwrite_one() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        let files = [a.join("me.jpg"), b.join("me.jpg"), b.join("you.png")];
        for f in &files {
            std::fs::write(f, b"x").unwrap();
        }
        let plan = plan_files(&files, &dir.path().join("out")).unwrap();
        let mut names: Vec<String> = plan
            .outputs
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 3, "{names:?}");
        let into_input = plan_files(&files, &b).err().expect("refused");
        assert_eq!(into_input.field.as_deref(), Some("output"));
        let missing = plan_files(&[a.join("gone.jpg")], &dir.path().join("out"));
        assert_eq!(missing.err().unwrap().field.as_deref(), Some("input"));
    }
}
