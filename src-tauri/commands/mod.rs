//! Tauri commands, one module per area. Each takes one args struct, calls one core function
//! and maps the error; nothing else.

pub mod app;
pub mod batch;
pub mod bindings;
pub mod candidates;
pub mod exam;
pub mod operator;
pub mod photo;
pub mod roster;
pub mod settings;
pub mod submission;
pub mod workspace;

/// Commands return this; the error crosses IPC as `{code, message, messageEn, field?}`.
pub type CmdResult<T> = Result<T, regdesk_core::CommandError>;

/// Runs a command's work and logs its end: duration and, on failure, the error code (never
/// the arguments, which may hold ID numbers). The start is logged where it is invoked.
pub async fn logged<T>(
    command: &'static str,
    work: impl std::future::Future<Output = CmdResult<T>>,
) -> CmdResult<T> {
    let started = std::time::Instant::now();
    let result = work.await;
    let ms = started.elapsed().as_millis() as u64;
    match &result {
        Ok(_) => tracing::info!(command, ms, "end"),
        Err(e) => {
            let code = serde_json::to_value(e.code).unwrap_or_default();
            tracing::warn!(command, ms, code = %code, "failed");
        }
    }
    result
}
