//! What an import does with the photos it matched: a summary per slot (matched, stored,
//! refused by reason, missing), and a refused photo kept as the clerk's own file in the
//! candidate's slot — read back from the real database — until a photo is stored there.

mod support;

use std::path::Path;

use regdesk_core::process::UploadSlot;
use serde_json::Value;
use support::*;

const NOW: &str = "2026-12-01T10:00:00+08:00";
const ZS: &str = "500103199001010037";
const LS: &str = "500103198805120042";

fn import(d: &Path, folder: &Path) -> Value {
    let file = fixture("roster").join("messy.xlsx");
    let (code, r) = run_json(
        d,
        Some(NOW),
        &[
            "roster",
            "import",
            file.to_str().unwrap(),
            "--files",
            folder.to_str().unwrap(),
            "--json",
        ],
    );
    assert!(code.is_some(), "{r}");
    r
}

fn summary<'a>(r: &'a Value, kind: &str) -> &'a Value {
    r["materialsSummary"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {r}"))
}

#[test]
fn refused_photos_are_counted_by_reason_and_kept_for_the_crop_editor() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let m = d.join("材料");
    std::fs::create_dir_all(&m).unwrap();
    let no_face = fixture("no_face.jpg");
    std::fs::copy(&no_face, m.join(format!("{ZS}.jpg"))).unwrap();
    std::fs::copy(fixture("portrait_white.png"), m.join(format!("{LS}.jpg"))).unwrap();
    std::fs::copy(fixture("beige_wall.jpg"), m.join(format!("{ZS}_学历.jpg"))).unwrap();

    let r = import(d, &m);
    let photo = summary(&r, "photo");
    assert_eq!(
        (photo["matched"].as_u64(), photo["stored"].as_u64()),
        (Some(2), Some(1)),
        "{photo}"
    );
    let refused = photo["refused"].as_array().unwrap();
    assert_eq!(refused.len(), 1, "{photo}");
    assert_eq!(refused[0]["code"], "photo.no_face");
    assert!(
        refused[0]["messageZh"].as_str().unwrap().contains("人脸"),
        "{photo}"
    );
    assert_eq!(refused[0]["files"][0]["file"], format!("{ZS}.jpg"));
    assert_eq!(refused[0]["files"][0]["idNumber"], ZS);
    assert_eq!(refused[0]["files"][0]["keptForEditing"], true);
    let diploma = summary(&r, "diploma");
    assert_eq!(
        (diploma["stored"].as_u64(), diploma["missing"].as_u64()),
        (Some(1), Some(1)),
        "{diploma}"
    );
    let line = r["processed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["file"] == format!("{ZS}.jpg"))
        .unwrap();
    assert_eq!(
        line["issues"][0], "photo.no_face",
        "codes stay for scripts: {line}"
    );
    assert!(line["problems"][0]["messageEn"]
        .as_str()
        .unwrap()
        .contains("face"));

    // The window's slot: the refusal with the engine's checks, and the file byte for byte.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let store = rt.block_on(regdesk_store::Store::open(d)).unwrap();
    let overview = rt.block_on(regdesk_workflow::overview(&store, ZS)).unwrap();
    assert!(overview.uploads.iter().all(|u| u.slot != UploadSlot::Photo));
    let kept = &overview.refused;
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        (kept[0].slot, kept[0].source_name.as_str()),
        (UploadSlot::Photo, &*format!("{ZS}.jpg"))
    );
    let report = serde_json::to_value(&kept[0].report).unwrap();
    assert_eq!(report["stored"], false);
    assert!(
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["passed"] == false),
        "the checklist comes with it: {report}"
    );
    let (name, bytes) = rt
        .block_on(regdesk_workflow::refused_source(
            &store,
            ZS,
            UploadSlot::Photo,
        ))
        .unwrap();
    assert_eq!(name, format!("{ZS}.jpg"));
    assert_eq!(bytes, std::fs::read(&no_face).unwrap());
    let lisi = rt.block_on(regdesk_workflow::overview(&store, LS)).unwrap();
    assert!(lisi.refused.is_empty(), "a stored photo keeps nothing");

    // Importing again refuses it again (not stored, so not skipped), still one kept file.
    let again = import(d, &m);
    assert_eq!(summary(&again, "photo")["stored"], 1);
    let overview = rt.block_on(regdesk_workflow::overview(&store, ZS)).unwrap();
    assert_eq!(overview.refused.len(), 1);

    // A compliant photo stored in the slot ends the refusal.
    let out = regdesk_at(
        d,
        Some(NOW),
        &[
            "candidate",
            "attach",
            "--id-number",
            ZS,
            "--slot",
            "photo",
            fixture("portrait_white.png").to_str().unwrap(),
            "--json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let overview = rt.block_on(regdesk_workflow::overview(&store, ZS)).unwrap();
    assert!(overview.refused.is_empty(), "{:?}", overview.refused);
    assert!(rt
        .block_on(regdesk_workflow::refused_source(
            &store,
            ZS,
            UploadSlot::Photo
        ))
        .is_err());
}
