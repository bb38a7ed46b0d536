//! Tauri commands, one module per area. Each takes one args struct, calls one core function
//! and maps the error; nothing else.

pub mod app;
pub mod batch;
pub mod bindings;
pub mod candidates;
pub mod exam;
pub mod gate;
pub mod operator;
pub mod photo;
pub mod review;
pub mod role;
pub mod roster;
pub mod save;
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
    use futures_util::FutureExt;
    let started = std::time::Instant::now();
    // A panic in the work would end the task without an answer and leave the window waiting.
    let result = std::panic::AssertUnwindSafe(work)
        .catch_unwind()
        .await
        .unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            tracing::error!(command, panic = %what, "panicked");
            Err(regdesk_core::CommandError::internal(format!(
                "{command} 意外中止 / stopped unexpectedly"
            )))
        });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_command_answers_with_an_error() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let answer: CmdResult<u8> = rt.block_on(logged("boom", async {
            let v: Vec<u8> = Vec::new();
            Ok(v[3])
        }));
        let e = answer.unwrap_err();
        assert_eq!(e.code, regdesk_core::ErrorCode::Internal);
        assert!(e.message_en.contains("boom"), "{}", e.message_en);
        let fine: CmdResult<u8> = rt.block_on(logged("fine", async { Ok(7) }));
        assert_eq!(fine.unwrap(), 7);
    }
}
