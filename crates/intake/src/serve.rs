//! Listening: plain HTTP on loopback (or behind a reverse proxy), TLS with rustls when given a
//! certificate, and graceful shutdown on Ctrl-C / SIGTERM (in-flight requests finish).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum_server::tls_rustls::RustlsConfig;
use axum_server::Handle;

use std::sync::atomic::Ordering;

use crate::api::{router, AppState};
use crate::blobs::PackageStore;
use crate::storage::Storage;

pub struct ServeOptions {
    pub listen: SocketAddr,
    pub tls: Option<(PathBuf, PathBuf)>,
    pub insecure_listen: bool,
    pub max_body: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

pub async fn serve(
    storage: Arc<dyn Storage>,
    blobs: PackageStore,
    options: ServeOptions,
) -> Result<(), ServeError> {
    if options.tls.is_none() && !options.listen.ip().is_loopback() && !options.insecure_listen {
        return Err(ServeError::Refused(format!(
            "refusing plain HTTP on {} (tokens and ID numbers would cross the network unencrypted): \
             give --tls-cert/--tls-key, listen on 127.0.0.1 behind a TLS reverse proxy, or pass \
             --insecure-listen / 拒绝在非本机地址上使用明文 HTTP",
            options.listen
        )));
    }
    tracing::info!(store = %blobs.describe, "package store");
    let state = AppState::new(storage, blobs, options.max_body);
    let draining = state.draining.clone();
    let app = router(state).into_make_service();
    let handle: Handle<SocketAddr> = Handle::new();
    tokio::spawn(shutdown_on_signal(handle.clone(), draining));
    let scheme = if options.tls.is_some() {
        "https"
    } else {
        "http"
    };
    let announce = handle.clone();
    tokio::spawn(async move {
        if let Some(addr) = announce.listening().await {
            // Tests and scripts read this line to learn the port when --listen asked for :0.
            println!("listening on {scheme}://{addr}");
            tracing::info!(%addr, scheme, "listening");
        }
    });
    match options.tls {
        Some((cert, key)) => {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let config = RustlsConfig::from_pem_file(&cert, &key)
                .await
                .map_err(|e| {
                    ServeError::Refused(format!(
                        "cannot load --tls-cert {} / --tls-key {}: {e}",
                        cert.display(),
                        key.display()
                    ))
                })?;
            axum_server::bind_rustls(options.listen, config)
                .handle(handle)
                .serve(app)
                .await?
        }
        None => {
            axum_server::bind(options.listen)
                .handle(handle)
                .serve(app)
                .await?
        }
    }
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_on_signal(
    handle: Handle<SocketAddr>,
    draining: Arc<std::sync::atomic::AtomicBool>,
) {
    regdesk_platform::shutdown::requested().await;
    draining.store(true, Ordering::SeqCst);
    tracing::info!("shutting down: finishing requests in flight (30 s at most)");
    handle.graceful_shutdown(Some(Duration::from_secs(30)));
}
