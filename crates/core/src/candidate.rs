//! A candidate (考生) as stored: the registered identity plus bookkeeping.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::identity::Gender;
use crate::problem::Problem;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub gender: Gender,
    pub id_number: String,
    pub mobile: String,
    /// Stored form (a Chinese domain in punycode).
    pub email: String,
    /// The address as people read it (例子.中国), for display.
    pub email_display: String,
    /// RFC 3339, Asia/Shanghai.
    pub created_at: String,
    pub updated_at: String,
}

/// The answer to "register this candidate": stored or not, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddCandidateReport {
    pub added: bool,
    pub candidate: Option<Candidate>,
    pub issues: Vec<Problem>,
}
