//! The one job engine: runs a job's items on a bounded pool of threads (all cores; the caller
//! runs it off any async runtime), records each item's result as it finishes, reports
//! throttled progress, and stops taking items once cancelled, so a cancel takes effect within
//! one item per worker. Where results are recorded (the `jobs` table, a report journal) is the
//! caller's: the engine only guarantees an item is recorded before it counts as done.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a running job stands; sent to the window (throttled) and drawn by the CLI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobProgress {
    /// Items finished, including those finished by an earlier run of a resumed job.
    pub done: u32,
    pub total: u32,
    /// Finished items with a non-zero code.
    pub failed: u32,
    /// Items per second in this run.
    pub rate: f64,
    /// Estimated time left, from this run's rate.
    #[ts(type = "number | null")]
    pub eta_ms: Option<u64>,
    /// The item that just finished (a file name, an ID number).
    pub current: Option<String>,
}

/// How the run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunEnd {
    Completed,
    Cancelled,
}

/// One item's work result: a code (0 ok, 1 refused / not compliant, 2 unreadable) and the
/// kind's own typed result.
pub struct ItemDone<R> {
    pub code: u8,
    pub result: R,
}

pub struct RunOptions<'a> {
    pub threads: usize,
    pub cancel: &'a AtomicBool,
    /// Minimum time between two progress reports (the last one always comes).
    pub progress_every: Duration,
    /// Items finished before this run (a resumed job): counted in progress, not redone.
    pub already_done: u32,
    pub already_failed: u32,
}

impl<'a> RunOptions<'a> {
    pub fn new(cancel: &'a AtomicBool) -> Self {
        Self {
            threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
            cancel,
            progress_every: Duration::from_millis(100),
            already_done: 0,
            already_failed: 0,
        }
    }
}

/// Runs `work` on every item in `todo` (indices into the caller's item list), calling `record`
/// as each finishes — from the worker thread, before the item counts as done — and `progress`
/// at most every `progress_every`. A `record` error stops the job and is returned.
pub fn run_items<R, E: Send>(
    todo: &[usize],
    total: u32,
    name: impl Fn(usize) -> String + Sync,
    work: impl Fn(usize) -> ItemDone<R> + Sync,
    record: impl Fn(usize, &ItemDone<R>) -> Result<(), E> + Sync,
    progress: impl Fn(&JobProgress) + Sync,
    opts: &RunOptions<'_>,
) -> Result<RunEnd, E> {
    let next = AtomicUsize::new(0);
    let done = AtomicU32::new(0);
    let failed = AtomicU32::new(0);
    let failure: Mutex<Option<E>> = Mutex::new(None);
    let stop = AtomicBool::new(false);
    let started = Instant::now();
    let last_report: Mutex<Option<Instant>> = Mutex::new(None);
    let report = |current: Option<String>, force: bool| {
        let now = Instant::now();
        if let Ok(mut last) = last_report.lock() {
            if !force && last.is_some_and(|t| now.duration_since(t) < opts.progress_every) {
                return;
            }
            *last = Some(now);
        }
        let here = done.load(Ordering::Relaxed);
        let secs = started.elapsed().as_secs_f64().max(1e-3);
        let rate = f64::from(here) / secs;
        let left = (todo.len() as u32).saturating_sub(here);
        progress(&JobProgress {
            done: opts.already_done + here,
            total,
            failed: opts.already_failed + failed.load(Ordering::Relaxed),
            rate,
            eta_ms: (rate > 0.0).then(|| (f64::from(left) / rate * 1000.0) as u64),
            current,
        });
    };
    report(None, true);
    std::thread::scope(|s| {
        for _ in 0..opts.threads.max(1) {
            s.spawn(|| loop {
                if opts.cancel.load(Ordering::Relaxed) || stop.load(Ordering::Relaxed) {
                    break;
                }
                let Some(&i) = todo.get(next.fetch_add(1, Ordering::Relaxed)) else {
                    break;
                };
                let outcome = work(i);
                if let Err(e) = record(i, &outcome) {
                    stop.store(true, Ordering::Relaxed);
                    if let Ok(mut f) = failure.lock() {
                        f.get_or_insert(e);
                    }
                    break;
                }
                if outcome.code != 0 {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
                done.fetch_add(1, Ordering::Relaxed);
                report(Some(name(i)), false);
            });
        }
    });
    report(None, true);
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(e);
    }
    let all = done.load(Ordering::Relaxed) as usize == todo.len();
    Ok(if all {
        RunEnd::Completed
    } else {
        RunEnd::Cancelled
    })
}

/// Records how a job's run ended (status, error) and logs it.
pub async fn finish_job(
    store: &regdesk_store::Store,
    job_id: i64,
    kind: &str,
    started: Instant,
    outcome: &Result<RunEnd, regdesk_core::CommandError>,
) -> Result<(), regdesk_store::StoreError> {
    use regdesk_store::jobs::JobStatus;
    let status = match outcome {
        Ok(RunEnd::Completed) => JobStatus::Succeeded,
        Ok(RunEnd::Cancelled) => JobStatus::Cancelled,
        Err(_) => JobStatus::Failed,
    };
    let error = outcome.as_ref().err().map(|e| e.message_en.clone());
    regdesk_store::jobs::finish(store, job_id, status, error.as_deref()).await?;
    tracing::info!(
        job = job_id,
        kind,
        status = status.as_str(),
        ms = started.elapsed().as_millis() as u64,
        "job end"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_is_recorded_once_and_progress_ends_at_the_total() {
        let cancel = AtomicBool::new(false);
        let recorded = Mutex::new(Vec::new());
        let last = Mutex::new(None);
        let todo: Vec<usize> = (0..50).filter(|i| i % 7 != 0).collect();
        let opts = RunOptions {
            already_done: 8,
            ..RunOptions::new(&cancel)
        };
        let end = run_items(
            &todo,
            50,
            |i| format!("item {i}"),
            |i| ItemDone {
                code: (i % 2) as u8,
                result: i * 10,
            },
            |i, d| {
                recorded.lock().unwrap().push((i, d.result));
                Ok::<(), ()>(())
            },
            |p| *last.lock().unwrap() = Some(p.clone()),
            &opts,
        )
        .unwrap();
        assert_eq!(end, RunEnd::Completed);
        let mut got = recorded.into_inner().unwrap();
        got.sort();
        assert_eq!(got, todo.iter().map(|&i| (i, i * 10)).collect::<Vec<_>>());
        let p = last.into_inner().unwrap().unwrap();
        assert_eq!((p.done, p.total), (50, 50));
        assert_eq!(p.failed, todo.iter().filter(|i| *i % 2 == 1).count() as u32);
    }

    #[test]
    fn cancel_stops_within_one_item_per_worker_and_keeps_results() {
        let cancel = AtomicBool::new(false);
        let started = AtomicU32::new(0);
        let recorded = AtomicU32::new(0);
        let todo: Vec<usize> = (0..100).collect();
        let opts = RunOptions {
            threads: 3,
            ..RunOptions::new(&cancel)
        };
        let end = run_items(
            &todo,
            100,
            |i| i.to_string(),
            |_| {
                if started.fetch_add(1, Ordering::SeqCst) == 9 {
                    cancel.store(true, Ordering::SeqCst);
                }
                std::thread::sleep(Duration::from_millis(5));
                ItemDone {
                    code: 0,
                    result: (),
                }
            },
            |_, _| {
                recorded.fetch_add(1, Ordering::SeqCst);
                Ok::<(), ()>(())
            },
            |_| {},
            &opts,
        )
        .unwrap();
        assert_eq!(end, RunEnd::Cancelled);
        let n = started.load(Ordering::SeqCst);
        // The 10th item cancels; each of the 3 workers finishes at most the item it holds.
        assert!((10..=12).contains(&n), "{n} items started");
        assert_eq!(
            recorded.load(Ordering::SeqCst),
            n,
            "every started item is recorded"
        );
    }

    #[test]
    fn a_recording_failure_stops_the_job_and_is_returned() {
        let cancel = AtomicBool::new(false);
        let todo: Vec<usize> = (0..20).collect();
        let opts = RunOptions {
            threads: 1,
            ..RunOptions::new(&cancel)
        };
        let err = run_items(
            &todo,
            20,
            |i| i.to_string(),
            |i| ItemDone { code: 0, result: i },
            |i, _| if i == 3 { Err("disk full") } else { Ok(()) },
            |_| {},
            &opts,
        )
        .unwrap_err();
        assert_eq!(err, "disk full");
    }
}
