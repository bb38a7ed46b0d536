//! Validators: each takes raw user text and returns the normalised value plus every problem
//! found, as data. None of them panics on any input (property-tested).

mod email;
mod id_number;
mod mobile;
mod name;
mod text;
mod uscc;

pub use email::{email_display, validate_email, EmailFacts};
pub use id_number::{validate_id_number, IdNumberFacts, IdNumberOptions};
pub use mobile::{validate_mobile, validate_mobile_field};
pub use name::validate_name;
pub use uscc::validate_uscc;

use crate::problem::Problem;

/// A validator's answer: the normalised value (what would be stored) and the problems.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validated<T> {
    pub normalized: String,
    pub facts: T,
    pub problems: Vec<Problem>,
}

impl<T> Validated<T> {
    pub fn is_valid(&self) -> bool {
        !crate::problem::has_errors(&self.problems)
    }
}
