//! RegDesk core: the exam-registration domain, its rules and validators.
//!
//! Everything here is pure (no Tauri, no database, no files): the desktop shell and the
//! `regdesk` CLI are thin layers over these functions, so both give the same answers.

pub mod actor;
pub mod candidate;
pub mod clock;
pub mod digest;
pub mod error;
pub mod exam_catalog;
pub mod identity;
pub mod medical;
pub mod problem;
pub mod process;
pub mod profile;
pub mod reason;
pub mod review;
pub mod validate;

pub use actor::Actor;
pub use candidate::{AddCandidateReport, Candidate};
pub use error::{CommandError, ErrorCode};
pub use identity::{validate_identity, Gender, Identity, IdentityInput, IdentityReport};
pub use problem::{Normalization, Problem, ReportedProblem, Severity};
pub use reason::ReasonCode;
