//! The reason-code registry: one stable code per rule, shared by validators, photo checks,
//! the process state machine and (later) reviewers' decisions. Codes are a contract — the CLI
//! prints them and the UI switches on them — so a code is never renamed, only added.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum ReasonCode {
    // identity
    #[serde(rename = "id_number.length")]
    IdNumberLength,
    #[serde(rename = "id_number.charset")]
    IdNumberCharset,
    #[serde(rename = "id_number.check_digit")]
    IdNumberCheckDigit,
    #[serde(rename = "id_number.birth_date")]
    IdNumberBirthDate,
    #[serde(rename = "id_number.region_unknown")]
    IdNumberRegionUnknown,
    #[serde(rename = "id_number.gender_mismatch")]
    IdNumberGenderMismatch,
    #[serde(rename = "uscc.length")]
    UsccLength,
    #[serde(rename = "uscc.charset")]
    UsccCharset,
    #[serde(rename = "uscc.check_char")]
    UsccCheckChar,
    #[serde(rename = "mobile.format")]
    MobileFormat,
    #[serde(rename = "email.format")]
    EmailFormat,
    #[serde(rename = "invoice.title_differs")]
    InvoiceTitleDiffers,
    #[serde(rename = "candidate.exists")]
    CandidateExists,
    // added here: basic identity fields without a code in SPEC §6
    #[serde(rename = "name.format")]
    NameFormat,
    #[serde(rename = "gender.format")]
    GenderFormat,
    #[serde(rename = "field.required")]
    FieldRequired,
    #[serde(rename = "education.format")]
    EducationFormat,
    #[serde(rename = "invoice.format")]
    InvoiceFormat,
    // photo (SPEC §4)
    #[serde(rename = "photo.unreadable")]
    PhotoUnreadable,
    #[serde(rename = "photo.unsupported_format")]
    PhotoUnsupportedFormat,
    #[serde(rename = "photo.background_replaced")]
    PhotoBackgroundReplaced,
    #[serde(rename = "photo.background_uncertain")]
    PhotoBackgroundUncertain,
    #[serde(rename = "photo.too_large")]
    PhotoTooLarge,
    #[serde(rename = "photo.no_face")]
    PhotoNoFace,
    #[serde(rename = "photo.multiple_faces")]
    PhotoMultipleFaces,
    #[serde(rename = "photo.head_too_small")]
    PhotoHeadTooSmall,
    #[serde(rename = "photo.head_too_large")]
    PhotoHeadTooLarge,
    #[serde(rename = "photo.off_centre")]
    PhotoOffCentre,
    #[serde(rename = "photo.crown_cut")]
    PhotoCrownCut,
    #[serde(rename = "photo.background_not_white")]
    PhotoBackgroundNotWhite,
    #[serde(rename = "photo.background_not_uniform")]
    PhotoBackgroundNotUniform,
    #[serde(rename = "photo.too_dark")]
    PhotoTooDark,
    #[serde(rename = "photo.too_bright")]
    PhotoTooBright,
    #[serde(rename = "photo.blurred")]
    PhotoBlurred,
    #[serde(rename = "photo.grayscale")]
    PhotoGrayscale,
    #[serde(rename = "photo.source_too_small")]
    PhotoSourceTooSmall,
    #[serde(rename = "photo.upscaled")]
    PhotoUpscaled,
    #[serde(rename = "photo.padded_to_floor")]
    PhotoPaddedToFloor,
    #[serde(rename = "photo.over_ceiling")]
    PhotoOverCeiling,
    #[serde(rename = "photo.under_floor")]
    PhotoUnderFloor,
    #[serde(rename = "photo.wrong_dimensions")]
    PhotoWrongDimensions,
    #[serde(rename = "photo.not_baseline")]
    PhotoNotBaseline,
    // process
    #[serde(rename = "process.out_of_order")]
    ProcessOutOfOrder,
    #[serde(rename = "process.locked")]
    ProcessLocked,
    #[serde(rename = "process.expired")]
    ProcessExpired,
    #[serde(rename = "process.not_eligible")]
    ProcessNotEligible,
    // imports and batch planning
    #[serde(rename = "import.format")]
    ImportFormat,
    #[serde(rename = "candidate.unknown")]
    CandidateUnknown,
    #[serde(rename = "batch.capacity")]
    BatchCapacity,
    // packages (SPEC §5)
    #[serde(rename = "package.manifest_invalid")]
    PackageManifestInvalid,
    #[serde(rename = "package.missing_file")]
    PackageMissingFile,
    #[serde(rename = "package.hash_mismatch")]
    PackageHashMismatch,
    #[serde(rename = "package.unexpected_file")]
    PackageUnexpectedFile,
    // admission tickets
    #[serde(rename = "ticket.not_open")]
    TicketNotOpen,
    #[serde(rename = "ticket.data_missing")]
    TicketDataMissing,
    // codes that used to borrow another rule's code
    #[serde(rename = "operator.exists")]
    OperatorExists,
    #[serde(rename = "password.too_short")]
    PasswordTooShort,
    #[serde(rename = "scan.over_ceiling")]
    ScanOverCeiling,
    // several registrations per candidate
    #[serde(rename = "registration.exists")]
    RegistrationExists,
    #[serde(rename = "registration.closed")]
    RegistrationClosed,
    #[serde(rename = "registration.ambiguous")]
    RegistrationAmbiguous,
    #[serde(rename = "registration.unknown_session")]
    RegistrationUnknownSession,
    #[serde(rename = "process.back_to_review")]
    ProcessBackToReview,
    // bulk registration (rosters)
    #[serde(rename = "roster.id_precision_lost")]
    RosterIdPrecisionLost,
    #[serde(rename = "roster.id_is_date")]
    RosterIdIsDate,
    #[serde(rename = "roster.duplicate_id")]
    RosterDuplicateId,
    #[serde(rename = "roster.header_missing")]
    RosterHeaderMissing,
    #[serde(rename = "roster.value_not_in_list")]
    RosterValueNotInList,
    #[serde(rename = "roster.identity_differs")]
    RosterIdentityDiffers,
    #[serde(rename = "photo.duplicate")]
    PhotoDuplicate,
    #[serde(rename = "intake.idempotency_conflict")]
    IntakeIdempotencyConflict,
    #[serde(rename = "intake.unauthorized")]
    IntakeUnauthorized,
    #[serde(rename = "intake.forbidden")]
    IntakeForbidden,
    #[serde(rename = "intake.not_found")]
    IntakeNotFound,
    #[serde(rename = "intake.too_large")]
    IntakeTooLarge,
    #[serde(rename = "intake.invalid_package")]
    IntakeInvalidPackage,
    #[serde(rename = "intake.bad_request")]
    IntakeBadRequest,
    #[serde(rename = "submit.not_ready")]
    SubmitNotReady,
    #[serde(rename = "submit.queued")]
    SubmitQueued,
    #[serde(rename = "intake.unavailable")]
    IntakeUnavailable,
    #[serde(rename = "photo.padded_canvas")]
    PhotoPaddedCanvas,
    #[serde(rename = "package.signature_invalid")]
    PackageSignatureInvalid,
    #[serde(rename = "photo.review_not_compliant")]
    ReviewPhotoNotCompliant,
    #[serde(rename = "id_front.unclear")]
    ReviewIdFrontUnclear,
    #[serde(rename = "diploma.mismatch")]
    ReviewDiplomaMismatch,
    #[serde(rename = "work_proof.invalid")]
    ReviewWorkProofInvalid,
    #[serde(rename = "education.not_eligible")]
    ReviewEducationNotEligible,
    #[serde(rename = "basic.inconsistent")]
    ReviewInfoInconsistent,
    #[serde(rename = "review.other")]
    ReviewOther,
    #[serde(rename = "package.name_mismatch")]
    PackageNameMismatch,
    #[serde(rename = "operator.locked")]
    OperatorLocked,
    /// A pass refused: the package's signature is invalid or its manifest fails a check.
    #[serde(rename = "review.package_invalid")]
    ReviewPackageInvalid,
    /// A fail reason: the package was altered after it was signed.
    #[serde(rename = "review.package_tampered")]
    ReviewPackageTampered,
    /// The background is not the spec's colour (a blue, red or `#RRGGBB` spec; white specs
    /// keep `photo.background_not_white`).
    #[serde(rename = "photo.background_wrong_colour")]
    PhotoBackgroundWrongColour,
}

impl ReasonCode {
    /// Every code, in registry order.
    pub const ALL: &'static [ReasonCode] = &[
        ReasonCode::IdNumberLength,
        ReasonCode::IdNumberCharset,
        ReasonCode::IdNumberCheckDigit,
        ReasonCode::IdNumberBirthDate,
        ReasonCode::IdNumberRegionUnknown,
        ReasonCode::IdNumberGenderMismatch,
        ReasonCode::UsccLength,
        ReasonCode::UsccCharset,
        ReasonCode::UsccCheckChar,
        ReasonCode::MobileFormat,
        ReasonCode::EmailFormat,
        ReasonCode::InvoiceTitleDiffers,
        ReasonCode::CandidateExists,
        ReasonCode::NameFormat,
        ReasonCode::GenderFormat,
        ReasonCode::FieldRequired,
        ReasonCode::EducationFormat,
        ReasonCode::InvoiceFormat,
        ReasonCode::PhotoUnreadable,
        ReasonCode::PhotoUnsupportedFormat,
        ReasonCode::PhotoBackgroundReplaced,
        ReasonCode::PhotoBackgroundUncertain,
        ReasonCode::PhotoTooLarge,
        ReasonCode::PhotoNoFace,
        ReasonCode::PhotoMultipleFaces,
        ReasonCode::PhotoHeadTooSmall,
        ReasonCode::PhotoHeadTooLarge,
        ReasonCode::PhotoOffCentre,
        ReasonCode::PhotoCrownCut,
        ReasonCode::PhotoBackgroundNotWhite,
        ReasonCode::PhotoBackgroundNotUniform,
        ReasonCode::PhotoTooDark,
        ReasonCode::PhotoTooBright,
        ReasonCode::PhotoBlurred,
        ReasonCode::PhotoGrayscale,
        ReasonCode::PhotoSourceTooSmall,
        ReasonCode::PhotoUpscaled,
        ReasonCode::PhotoPaddedToFloor,
        ReasonCode::PhotoOverCeiling,
        ReasonCode::PhotoUnderFloor,
        ReasonCode::PhotoWrongDimensions,
        ReasonCode::PhotoNotBaseline,
        ReasonCode::ProcessOutOfOrder,
        ReasonCode::ProcessLocked,
        ReasonCode::ProcessExpired,
        ReasonCode::ProcessNotEligible,
        ReasonCode::ImportFormat,
        ReasonCode::CandidateUnknown,
        ReasonCode::BatchCapacity,
        ReasonCode::PackageManifestInvalid,
        ReasonCode::PackageMissingFile,
        ReasonCode::PackageHashMismatch,
        ReasonCode::PackageUnexpectedFile,
        ReasonCode::TicketNotOpen,
        ReasonCode::TicketDataMissing,
        ReasonCode::OperatorExists,
        ReasonCode::PasswordTooShort,
        ReasonCode::ScanOverCeiling,
        ReasonCode::RegistrationExists,
        ReasonCode::RegistrationClosed,
        ReasonCode::RegistrationAmbiguous,
        ReasonCode::RegistrationUnknownSession,
        ReasonCode::ProcessBackToReview,
        ReasonCode::RosterIdPrecisionLost,
        ReasonCode::RosterIdIsDate,
        ReasonCode::RosterDuplicateId,
        ReasonCode::RosterHeaderMissing,
        ReasonCode::RosterValueNotInList,
        ReasonCode::RosterIdentityDiffers,
        ReasonCode::PhotoDuplicate,
        ReasonCode::IntakeIdempotencyConflict,
        ReasonCode::IntakeUnauthorized,
        ReasonCode::IntakeForbidden,
        ReasonCode::IntakeNotFound,
        ReasonCode::IntakeTooLarge,
        ReasonCode::IntakeInvalidPackage,
        ReasonCode::IntakeBadRequest,
        ReasonCode::SubmitNotReady,
        ReasonCode::SubmitQueued,
        ReasonCode::IntakeUnavailable,
        ReasonCode::PhotoPaddedCanvas,
        ReasonCode::PackageSignatureInvalid,
        ReasonCode::ReviewPhotoNotCompliant,
        ReasonCode::ReviewIdFrontUnclear,
        ReasonCode::ReviewDiplomaMismatch,
        ReasonCode::ReviewWorkProofInvalid,
        ReasonCode::ReviewEducationNotEligible,
        ReasonCode::ReviewInfoInconsistent,
        ReasonCode::ReviewOther,
        ReasonCode::PackageNameMismatch,
        ReasonCode::OperatorLocked,
        ReasonCode::ReviewPackageInvalid,
        ReasonCode::ReviewPackageTampered,
        ReasonCode::PhotoBackgroundWrongColour,
    ];

    /// The code as printed in JSON, e.g. `id_number.check_digit`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::IdNumberLength => "id_number.length",
            ReasonCode::IdNumberCharset => "id_number.charset",
            ReasonCode::IdNumberCheckDigit => "id_number.check_digit",
            ReasonCode::IdNumberBirthDate => "id_number.birth_date",
            ReasonCode::IdNumberRegionUnknown => "id_number.region_unknown",
            ReasonCode::IdNumberGenderMismatch => "id_number.gender_mismatch",
            ReasonCode::UsccLength => "uscc.length",
            ReasonCode::UsccCharset => "uscc.charset",
            ReasonCode::UsccCheckChar => "uscc.check_char",
            ReasonCode::MobileFormat => "mobile.format",
            ReasonCode::EmailFormat => "email.format",
            ReasonCode::InvoiceTitleDiffers => "invoice.title_differs",
            ReasonCode::CandidateExists => "candidate.exists",
            ReasonCode::NameFormat => "name.format",
            ReasonCode::GenderFormat => "gender.format",
            ReasonCode::FieldRequired => "field.required",
            ReasonCode::EducationFormat => "education.format",
            ReasonCode::InvoiceFormat => "invoice.format",
            ReasonCode::PhotoUnreadable => "photo.unreadable",
            ReasonCode::PhotoUnsupportedFormat => "photo.unsupported_format",
            ReasonCode::PhotoBackgroundReplaced => "photo.background_replaced",
            ReasonCode::PhotoBackgroundUncertain => "photo.background_uncertain",
            ReasonCode::PhotoTooLarge => "photo.too_large",
            ReasonCode::PhotoNoFace => "photo.no_face",
            ReasonCode::PhotoMultipleFaces => "photo.multiple_faces",
            ReasonCode::PhotoHeadTooSmall => "photo.head_too_small",
            ReasonCode::PhotoHeadTooLarge => "photo.head_too_large",
            ReasonCode::PhotoOffCentre => "photo.off_centre",
            ReasonCode::PhotoCrownCut => "photo.crown_cut",
            ReasonCode::PhotoBackgroundNotWhite => "photo.background_not_white",
            ReasonCode::PhotoBackgroundNotUniform => "photo.background_not_uniform",
            ReasonCode::PhotoBackgroundWrongColour => "photo.background_wrong_colour",
            ReasonCode::PhotoTooDark => "photo.too_dark",
            ReasonCode::PhotoTooBright => "photo.too_bright",
            ReasonCode::PhotoBlurred => "photo.blurred",
            ReasonCode::PhotoGrayscale => "photo.grayscale",
            ReasonCode::PhotoSourceTooSmall => "photo.source_too_small",
            ReasonCode::PhotoUpscaled => "photo.upscaled",
            ReasonCode::PhotoPaddedToFloor => "photo.padded_to_floor",
            ReasonCode::PhotoOverCeiling => "photo.over_ceiling",
            ReasonCode::PhotoUnderFloor => "photo.under_floor",
            ReasonCode::PhotoWrongDimensions => "photo.wrong_dimensions",
            ReasonCode::PhotoNotBaseline => "photo.not_baseline",
            ReasonCode::ProcessOutOfOrder => "process.out_of_order",
            ReasonCode::ProcessLocked => "process.locked",
            ReasonCode::ProcessExpired => "process.expired",
            ReasonCode::ProcessNotEligible => "process.not_eligible",
            ReasonCode::ImportFormat => "import.format",
            ReasonCode::CandidateUnknown => "candidate.unknown",
            ReasonCode::BatchCapacity => "batch.capacity",
            ReasonCode::PackageManifestInvalid => "package.manifest_invalid",
            ReasonCode::PackageMissingFile => "package.missing_file",
            ReasonCode::PackageHashMismatch => "package.hash_mismatch",
            ReasonCode::PackageUnexpectedFile => "package.unexpected_file",
            ReasonCode::TicketNotOpen => "ticket.not_open",
            ReasonCode::TicketDataMissing => "ticket.data_missing",
            ReasonCode::OperatorExists => "operator.exists",
            ReasonCode::PasswordTooShort => "password.too_short",
            ReasonCode::ScanOverCeiling => "scan.over_ceiling",
            ReasonCode::RegistrationExists => "registration.exists",
            ReasonCode::RegistrationClosed => "registration.closed",
            ReasonCode::RegistrationAmbiguous => "registration.ambiguous",
            ReasonCode::RegistrationUnknownSession => "registration.unknown_session",
            ReasonCode::ProcessBackToReview => "process.back_to_review",
            ReasonCode::RosterIdPrecisionLost => "roster.id_precision_lost",
            ReasonCode::RosterIdIsDate => "roster.id_is_date",
            ReasonCode::RosterDuplicateId => "roster.duplicate_id",
            ReasonCode::RosterHeaderMissing => "roster.header_missing",
            ReasonCode::RosterValueNotInList => "roster.value_not_in_list",
            ReasonCode::RosterIdentityDiffers => "roster.identity_differs",
            ReasonCode::PhotoDuplicate => "photo.duplicate",
            ReasonCode::IntakeIdempotencyConflict => "intake.idempotency_conflict",
            ReasonCode::IntakeUnauthorized => "intake.unauthorized",
            ReasonCode::IntakeForbidden => "intake.forbidden",
            ReasonCode::IntakeNotFound => "intake.not_found",
            ReasonCode::IntakeTooLarge => "intake.too_large",
            ReasonCode::IntakeInvalidPackage => "intake.invalid_package",
            ReasonCode::IntakeBadRequest => "intake.bad_request",
            ReasonCode::SubmitNotReady => "submit.not_ready",
            ReasonCode::SubmitQueued => "submit.queued",
            ReasonCode::IntakeUnavailable => "intake.unavailable",
            ReasonCode::PhotoPaddedCanvas => "photo.padded_canvas",
            ReasonCode::PackageSignatureInvalid => "package.signature_invalid",
            ReasonCode::ReviewPhotoNotCompliant => "photo.review_not_compliant",
            ReasonCode::ReviewIdFrontUnclear => "id_front.unclear",
            ReasonCode::ReviewDiplomaMismatch => "diploma.mismatch",
            ReasonCode::ReviewWorkProofInvalid => "work_proof.invalid",
            ReasonCode::ReviewEducationNotEligible => "education.not_eligible",
            ReasonCode::ReviewInfoInconsistent => "basic.inconsistent",
            ReasonCode::ReviewOther => "review.other",
            ReasonCode::PackageNameMismatch => "package.name_mismatch",
            ReasonCode::OperatorLocked => "operator.locked",
            ReasonCode::ReviewPackageInvalid => "review.package_invalid",
            ReasonCode::ReviewPackageTampered => "review.package_tampered",
        }
    }
}

impl std::fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_name_matches_as_str_for_every_code() {
        for code in ReasonCode::ALL {
            let json = serde_json::to_string(code).unwrap();
            assert_eq!(
                json,
                format!("\"{}\"", code.as_str()),
                "serde and as_str disagree"
            );
            let back: ReasonCode = serde_json::from_str(&json).unwrap();
            assert_eq!(back, *code);
        }
    }

    /// Codes are a contract: the committed list (`data/reason-codes.txt`) may only grow at its
    /// end. A renamed, removed or reordered code fails here; a new code is appended to both.
    #[test]
    fn the_registry_only_ever_appends() {
        let golden: Vec<&str> = include_str!("../data/reason-codes.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .collect();
        let now: Vec<&str> = ReasonCode::ALL.iter().map(|c| c.as_str()).collect();
        assert!(
            now.len() >= golden.len() && now[..golden.len()] == golden[..],
            "the reason-code registry changed other than by appending:\n committed {golden:?}\n now {now:?}"
        );
        assert_eq!(
            now.len(),
            golden.len(),
            "new codes {:?}: append them to crates/core/data/reason-codes.txt",
            &now[golden.len()..]
        );
    }

    #[test]
    fn codes_are_unique_and_namespaced() {
        let mut seen = std::collections::HashSet::new();
        for code in ReasonCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate code {code}");
            assert!(code.as_str().contains('.'), "{code} lacks a namespace");
        }
    }
}
