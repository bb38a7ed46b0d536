//! The five identity fields of registration (注册): name, gender, ID number, mobile, e-mail.
//! They must match the ID card and become read-only once registered.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::problem::{has_errors, Normalization, Problem};
use crate::reason::ReasonCode;
use crate::validate::{
    validate_email, validate_id_number, validate_mobile, validate_name, IdNumberOptions,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }

    /// Accepts the wire form and the labels people type in rosters.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_lowercase().as_str() {
            "male" | "m" | "男" => Some(Gender::Male),
            "female" | "f" | "女" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// Identity as typed: every field a string, so bad input is reported, not rejected by a
/// parser. Missing fields are empty strings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct IdentityInput {
    pub name: String,
    pub gender: String,
    pub id_number: String,
    pub mobile: String,
    pub email: String,
}

/// Identity after validation: normalised values only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    pub name: String,
    pub gender: Gender,
    pub id_number: String,
    pub mobile: String,
    pub email: String,
}

/// What validating an identity found: the normalised identity when nothing blocks, facts
/// derived from the ID number (shown beside the field as the user types), and every problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IdentityReport {
    pub identity: Option<Identity>,
    pub derived_gender: Option<Gender>,
    /// `YYYY-MM-DD`.
    pub derived_birth_date: Option<String>,
    pub issues: Vec<Problem>,
    /// What was changed in what the user typed (shown, never silent).
    pub normalizations: Vec<Normalization>,
}

pub fn validate_identity(input: &IdentityInput, strict: bool) -> IdentityReport {
    let mut issues = Vec::new();
    let name = validate_name(&input.name);
    issues.extend(name.problems);

    let gender = if input.gender.trim().is_empty() {
        issues.push(Problem::error(
            "gender",
            ReasonCode::FieldRequired,
            "请选择性别",
            "choose a gender",
        ));
        None
    } else {
        let parsed = Gender::parse(&input.gender);
        if parsed.is_none() {
            issues.push(Problem::error(
                "gender",
                ReasonCode::GenderFormat,
                "性别只能是 male（男）或 female（女）",
                "gender must be male or female",
            ));
        }
        parsed
    };

    let id = validate_id_number(
        &input.id_number,
        IdNumberOptions {
            strict,
            entered_gender: gender,
            today: None,
        },
    );
    if input.id_number.trim().is_empty() {
        // Missing, not "0 of 18 digits".
        issues.push(Problem::error(
            "idNumber",
            ReasonCode::FieldRequired,
            "请填写身份证号",
            "enter the ID number",
        ));
    } else {
        issues.extend(id.problems.iter().cloned());
    }
    let mobile = validate_mobile(&input.mobile);
    issues.extend(mobile.problems);
    let email = validate_email(&input.email);
    issues.extend(email.problems);
    let normalizations = email.facts.normalizations;

    let identity = match gender {
        Some(gender) if !has_errors(&issues) => Some(Identity {
            name: name.normalized,
            gender,
            id_number: id.normalized,
            mobile: mobile.normalized,
            email: email.normalized,
        }),
        _ => None,
    };
    IdentityReport {
        identity,
        derived_gender: id.facts.gender,
        derived_birth_date: id
            .facts
            .birth_date
            .map(|d| d.format("%Y-%m-%d").to_string()),
        issues,
        normalizations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> IdentityInput {
        IdentityInput {
            name: "王芳".into(),
            gender: "female".into(),
            id_number: "11010519491231002x".into(),
            mobile: "+86 139 0000 1111".into(),
            email: "wangfang@example.com".into(),
        }
    }

    #[test]
    fn a_correct_identity_is_normalised() {
        let r = validate_identity(&input(), false);
        let id = r.identity.expect("valid");
        assert_eq!(id.id_number, "11010519491231002X");
        assert_eq!(id.mobile, "13900001111");
        assert_eq!(r.derived_birth_date.as_deref(), Some("1949-12-31"));
        assert!(r.issues.is_empty());
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let r = validate_identity(
            &IdentityInput {
                name: "".into(),
                gender: "x".into(),
                id_number: "123".into(),
                mobile: "1".into(),
                email: "e".into(),
            },
            false,
        );
        assert!(r.identity.is_none());
        let fields: Vec<&str> = r.issues.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["name", "gender", "idNumber", "mobile", "email"]);
    }

    #[test]
    fn gender_mismatch_blocks() {
        let r = validate_identity(
            &IdentityInput {
                gender: "male".into(),
                ..input()
            },
            false,
        );
        assert!(r.identity.is_none());
        assert_eq!(r.issues[0].code, ReasonCode::IdNumberGenderMismatch);
    }
}
