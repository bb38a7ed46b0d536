//! What the desk re-checks in a package's manifest, beyond hashes and the signature: the
//! identity through the same validators as typing it, file names and slots against the ID
//! number, the materials the profile requires, and the eligibility / work-proof rule — so a
//! reviewer sees what the machine already knows instead of finding it by eye.

use regdesk_core::profile::Profile;
use regdesk_core::{validate_identity, IdentityInput, Problem, ReasonCode};
use regdesk_package::Manifest;

const SLOTS: [&str; 4] = ["photo", "id_front", "diploma", "work_proof"];
const ALWAYS: [&str; 3] = ["photo", "id_front", "diploma"];

fn issue(field: &str, code: ReasonCode, zh: String, en: String) -> Problem {
    Problem::error(field, code, zh, en)
}

/// The manifest's identity, as typed (an old package keeps it at the top level).
pub(crate) fn identity(m: &Manifest) -> IdentityInput {
    let v = m.candidate.get("identity").unwrap_or(&m.candidate);
    serde_json::from_value(v.clone()).unwrap_or_default()
}

pub fn manifest_issues(m: &Manifest) -> Vec<Problem> {
    let who = identity(m);
    let mut out: Vec<Problem> = validate_identity(&who, false)
        .issues
        .into_iter()
        .filter(Problem::is_error)
        .collect();
    let id = who.id_number.trim().to_uppercase();
    let mut seen: Vec<&str> = Vec::new();
    for f in &m.files {
        if !SLOTS.contains(&f.slot.as_str()) {
            out.push(issue(
                &f.name,
                ReasonCode::PackageNameMismatch,
                format!("{}：未知的材料类别 {}", f.name, f.slot),
                format!("{}: unknown material slot {}", f.name, f.slot),
            ));
            continue;
        }
        if seen.contains(&f.slot.as_str()) {
            out.push(issue(
                &f.name,
                ReasonCode::PackageNameMismatch,
                format!("材料类别 {} 出现了两次", f.slot),
                format!("the slot {} appears twice", f.slot),
            ));
        }
        seen.push(&f.slot);
        let expected = format!("{id}_{}.jpg", f.slot);
        if f.name != expected {
            out.push(issue(
                &f.name,
                ReasonCode::PackageNameMismatch,
                format!("文件名 {} 与清单中的身份证号和类别不符（应为 {expected}）", f.name),
                format!(
                    "the file name {} does not match the manifest's ID number and slot (expected {expected})",
                    f.name
                ),
            ));
        }
    }
    let profile: Option<Profile> = m
        .candidate
        .pointer("/process/profile")
        .and_then(|p| serde_json::from_value(p.clone()).ok());
    let needs_work_proof = profile.as_ref().is_none_or(Profile::work_proof_required);
    let required = ALWAYS
        .iter()
        .copied()
        .chain(needs_work_proof.then_some("work_proof"));
    for slot in required.filter(|s| !seen.contains(s)) {
        // The reader's name of the material, not its key.
        let (zh, en) = regdesk_core::process::UploadSlot::from_name(slot)
            .map_or((slot, slot), |s| (s.label_zh(), s.label_en()));
        out.push(issue(
            slot,
            ReasonCode::PackageMissingFile,
            format!("包中缺少必需的材料：{zh}"),
            format!("the package lacks a required material: {en}"),
        ));
    }
    match &profile {
        None => out.push(issue(
            "profile",
            ReasonCode::PackageManifestInvalid,
            "清单中没有基本信息（学历、专业、单位）".into(),
            "the manifest carries no profile (education, major, employer)".into(),
        )),
        Some(p) => {
            if let regdesk_core::profile::Invoice::Organization { taxpayer_id, .. } = &p.invoice {
                out.extend(
                    regdesk_core::validate::validate_uscc(taxpayer_id)
                        .problems
                        .into_iter()
                        .filter(Problem::is_error),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use regdesk_package::FileEntry;

    fn manifest(files: &[(&str, &str)], education: &str, major: &str) -> Manifest {
        Manifest {
            format_version: 2,
            spec_id: "cq-health-manager-2020".into(),
            produced_by: "test".into(),
            produced_by_actor: "test".into(),
            produced_at: "2026-11-30T10:00:00+08:00".into(),
            candidate: serde_json::json!({
                "identity": {"name": "王芳", "gender": "female", "idNumber": "11010519491231002X",
                             "mobile": "13900001111", "email": "wf@example.com"},
                "process": {"profile": {"education": education, "major": major, "employer": "医院",
                            "invoice": {"type": "personal"}, "medicalOverride": null}},
            }),
            files: files
                .iter()
                .map(|(name, slot)| FileEntry {
                    name: (*name).into(),
                    slot: (*slot).into(),
                    sha256: String::new(),
                    bytes: 0,
                })
                .collect(),
            checks: serde_json::json!({}),
        }
    }

    fn codes(m: &Manifest) -> Vec<String> {
        manifest_issues(m)
            .iter()
            .map(|p| format!("{}@{}", p.code.as_str(), p.field))
            .collect()
    }

    const ID: &str = "11010519491231002X";

    #[test]
    fn a_complete_package_of_an_eligible_nurse_has_nothing_to_say() {
        let names: Vec<(String, &str)> = ["photo", "id_front", "diploma"]
            .iter()
            .map(|s| (format!("{ID}_{s}.jpg"), *s))
            .collect();
        let files: Vec<(&str, &str)> = names.iter().map(|(n, s)| (n.as_str(), *s)).collect();
        assert_eq!(
            codes(&manifest(&files, "junior_college", "护理")),
            Vec::<String>::new()
        );
        // Not medical: the work proof becomes required.
        assert_eq!(
            codes(&manifest(&files, "junior_college", "会计")),
            vec!["package.missing_file@work_proof"]
        );
    }

    #[test]
    fn names_and_slots_are_cross_checked_against_the_id_number() {
        let other = "110105194912310029_photo.jpg";
        let files = [
            (other, "photo"),
            ("11010519491231002X_id_front.jpg", "id_front"),
            ("11010519491231002X_id_front.jpg", "id_front"),
            ("x.jpg", "selfie"),
        ];
        let got = codes(&manifest(&files, "junior_college", "护理"));
        assert!(
            got.contains(&format!("package.name_mismatch@{other}")),
            "{got:?}"
        );
        assert!(
            got.contains(&"package.name_mismatch@x.jpg".to_owned()),
            "{got:?}"
        );
        assert!(
            got.contains(&"package.name_mismatch@11010519491231002X_id_front.jpg".to_owned()),
            "{got:?}"
        );
        assert!(
            got.contains(&"package.missing_file@diploma".to_owned()),
            "{got:?}"
        );
    }

    #[test]
    fn a_bad_id_number_in_the_manifest_is_caught_by_the_validator() {
        let mut m = manifest(&[], "junior_college", "护理");
        m.candidate["identity"]["idNumber"] = "110105194912310021".into();
        assert!(
            codes(&m).iter().any(|c| c.starts_with("id_number.")),
            "{:?}",
            codes(&m)
        );
    }
}
