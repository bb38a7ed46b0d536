//! The matched materials of a roster run through the photo engine / scan compressor as a job.

use super::*;

fn slot_of(kind: Kind) -> UploadSlot {
    match kind {
        Kind::Photo => UploadSlot::Photo,
        Kind::IdFront => UploadSlot::IdFront,
        Kind::Diploma => UploadSlot::Diploma,
        Kind::WorkProof => UploadSlot::WorkProof,
    }
}

pub const MATERIALS_KIND: &str = "roster_materials";

/// Runs every matched file through the engine and stores the compliant ones, as single
/// uploads are: a job on the engine (all cores, progress, cancel, each item recorded as it
/// finishes). A file already stored for its slot under the same name is not redone, so running
/// the import again after an interruption continues where it stopped.
pub(super) async fn attach_matched(
    store: &Store,
    dir: &Path,
    files: &[FileMatch],
    actor: &Actor,
    hooks: &Hooks,
) -> Result<Vec<Processed>, CommandError> {
    let stored = regdesk_store::attachments::sources_all(store).await?;
    let mut done_before = Vec::new();
    let mut work: Vec<(String, String, Kind)> = Vec::new();
    for f in files.iter().filter(|f| f.status == FileStatus::Matched) {
        let (Some(id), Some(kind)) = (f.id_number.clone(), f.kind) else {
            continue;
        };
        let slot = regdesk_store::attachments::slot_name(slot_of(kind));
        if stored.get(&(id.clone(), slot.to_owned())) == Some(&f.file) {
            done_before.push(Processed {
                file: f.file.clone(),
                id_number: id,
                kind,
                stored: true,
                issues: vec![],
                problems: vec![],
                already_stored: true,
                kept_for_editing: false,
            });
        } else {
            work.push((f.file.clone(), id, kind));
        }
    }
    if work.is_empty() {
        return Ok(done_before);
    }
    let params = serde_json::json!({ "dir": dir.display().to_string(), "files": work.len() });
    let total = work.len() as u32;
    let job_id =
        regdesk_store::jobs::create(store, MATERIALS_KIND, &params.to_string(), total, actor)
            .await?;
    regdesk_store::jobs::start(store, job_id).await?;
    tracing::info!(job = job_id, kind = MATERIALS_KIND, total, "job start");
    let started = std::time::Instant::now();
    let handle = tokio::runtime::Handle::current();
    let (db, who, source_dir) = (store.clone(), actor.clone(), dir.to_owned());
    let results = std::sync::Mutex::new(vec![None; work.len()]);
    let outcome = {
        let todo: Vec<usize> = (0..work.len()).collect();
        let mut opts = RunOptions::new(&hooks.cancel);
        // Each item waits on the database as well as the engine: one more worker than cores.
        opts.threads += 1;
        run_items(
            &todo,
            total,
            |i| work[i].0.clone(),
            |i| {
                let (file, id, kind) = &work[i];
                let source = Source::of(&source_dir);
                let read = source.read(file).map_err(CommandError::from);
                let (stored, problems, kept) = match read {
                    Ok(bytes) => handle.block_on(attach_one(&db, id, *kind, file, bytes, &who)),
                    Err(e) => (false, vec![unreadable(*kind, e)], false),
                };
                let code = if stored { 0 } else { 1 };
                ItemDone {
                    code,
                    result: Processed {
                        file: file.clone(),
                        id_number: id.clone(),
                        kind: *kind,
                        stored,
                        issues: problems
                            .iter()
                            .map(|p| p.code.as_str().to_owned())
                            .collect(),
                        problems,
                        already_stored: false,
                        kept_for_editing: kept,
                    },
                }
            },
            |i, done: &ItemDone<Processed>| {
                let item = regdesk_store::jobs::ItemRecord {
                    idx: i as u32,
                    key: done.result.file.clone(),
                    code: done.code,
                    result: serde_json::to_string(&done.result).unwrap_or_default(),
                };
                if let Ok(mut r) = results.lock() {
                    r[i] = Some(done.result.clone());
                }
                handle
                    .block_on(regdesk_store::jobs::record_item(&db, job_id, &item))
                    .map_err(CommandError::from)
            },
            |p| (hooks.progress)(p),
            &opts,
        )
    };
    crate::jobs::finish_job(store, job_id, MATERIALS_KIND, started, &outcome).await?;
    outcome?;
    let mut out = done_before;
    out.extend(
        results
            .into_inner()
            .unwrap_or_default()
            .into_iter()
            .flatten(),
    );
    Ok(out)
}

/// One file through the engine: (stored, the engine's problems, kept for the crop editor). A
/// refused photo is kept as it was read, unless the profile is locked (nothing to fix there).
async fn attach_one(
    store: &Store,
    id: &str,
    kind: Kind,
    file: &str,
    bytes: Vec<u8>,
    actor: &Actor,
) -> (bool, Vec<Problem>, bool) {
    let slot = slot_of(kind);
    let keep = (kind == Kind::Photo).then(|| bytes.clone());
    let options = regdesk_photo::MakeOptions::default();
    let out = attach_file(store, id, slot, file, Upload::File(bytes), &options, actor).await;
    let out = match out {
        Ok(out) => out,
        // A file the engine cannot read is reported on its line, not fatal to the rest.
        Err(e) => return (false, vec![unreadable(kind, e)], false),
    };
    let problems = out.report.report.issues().to_vec();
    if out.report.stored {
        return (true, problems, false);
    }
    let locked = problems.iter().any(|p| p.code == ReasonCode::ProcessLocked);
    let Some(bytes) = keep.filter(|_| !locked) else {
        return (false, problems, false);
    };
    let report = serde_json::to_value(&out.report).unwrap_or_default();
    let kept = regdesk_store::refused::keep(store, id, slot, file, &bytes, &report).await;
    if let Err(e) = &kept {
        tracing::warn!(error = %e, file, "refused photo not kept");
    }
    (false, problems, kept.is_ok())
}

fn unreadable(kind: Kind, e: CommandError) -> Problem {
    Problem::error(
        kind.key(),
        ReasonCode::PhotoUnreadable,
        e.message,
        e.message_en,
    )
}
