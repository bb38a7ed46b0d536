use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// 2: the candidate carries `registrations` (several exams per candidate); 1 is still read.
pub const FORMAT_VERSION: u32 = 2;
pub const MANIFEST_NAME: &str = "manifest.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileEntry {
    pub name: String,
    /// Upload slot (`photo`, `id_front`, `diploma`, `work_proof`).
    pub slot: String,
    pub sha256: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// `manifest.json`. Documented by `docs/package.schema.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub format_version: u32,
    pub spec_id: String,
    /// The app and version that wrote it, e.g. "regdesk 0.1.0".
    pub produced_by: String,
    /// Who produced it (audit actor form, e.g. `cli:alice`).
    pub produced_by_actor: String,
    /// RFC 3339, Asia/Shanghai.
    pub produced_at: String,
    /// Identity, profile and process state as stored.
    #[ts(type = "Record<string, unknown>")]
    pub candidate: serde_json::Value,
    pub files: Vec<FileEntry>,
    /// The engine's report per slot.
    #[ts(type = "Record<string, unknown>")]
    pub checks: serde_json::Value,
}
