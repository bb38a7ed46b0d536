//! regdesk-intake: the reference server for RegDesk submissions (SPEC §6 "Second binary";
//! docs/intake.md). Packages arrive exactly once per idempotency key, are verified with the
//! same rules as `regdesk package verify` before a 201, and their status flows back through a
//! `since` cursor. Rows are in SQLite (a data folder) or PostgreSQL; package bytes in a folder or
//! S3-compatible object storage, under their SHA-256.

pub mod api;
pub mod blobs;
pub mod error;
pub mod gc;
pub mod serve;
pub mod storage;
pub mod token;

pub use api::{router, AppState, DEFAULT_MAX_BODY};
