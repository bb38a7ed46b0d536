//! The signals that ask a server to stop.

/// Resolves when the process is asked to stop: Ctrl-C everywhere, and also SIGTERM on Unix
/// (systemd, `docker stop`, `kill`). On Windows a service manager's stop and closing the
/// console arrive as Ctrl-C / Ctrl-Break, which tokio's `ctrl_c` covers.
pub async fn requested() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
