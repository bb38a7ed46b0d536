//! RegDesk's embedded SQLite store. One function decides where the data lives, so the
//! desktop app and the `regdesk` CLI open the same database by default; migrations are
//! embedded in the binary and an existing file is backed up before its schema is upgraded.

pub mod attachments;
pub mod audit;
pub mod bulk;
pub mod candidates;
pub mod cipher;
pub mod correction;
pub mod data_dir;
pub mod db;
mod error;
pub mod intents;
pub mod jobs;
pub mod keys;
pub mod operators;
pub mod outbox;
pub mod process;
pub mod refused;
pub mod review;
pub mod settings;
pub mod vault;
mod write_tx;

pub use data_dir::{resolve_data_dir, DATA_DIR_ENV};
pub use db::{Store, DB_FILE_NAME};
pub use error::StoreError;
pub use write_tx::WriteTx;
