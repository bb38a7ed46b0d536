//! The candidate path through the CLI: register with basic info, attach the four uploads,
//! submit, export a package, verify it — and detect tampering and unsafe archives.

mod support;
#[path = "../../../tests/support/tamper.rs"]
mod tamper;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;
use support::*;

#[test]
fn register_attach_submit_export_verify_and_detect_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let add = regdesk(
        dir.path(),
        &["candidate", "add", "--from", "-", "--json"],
        Some(NURSE),
    );
    assert_eq!(
        add.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&add.stdout)
    );
    assert_eq!(json(&add)["profile"]["education"], "junior_college");

    // Submitting before the uploads lists every missing one.
    let early = regdesk(
        dir.path(),
        &["profile", "submit", "--id-number", ID, "--json"],
        None,
    );
    assert_eq!(early.status.code(), Some(1), "{early:?}");
    let fields: Vec<String> = json(&early)["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        fields,
        ["uploads.id_front", "uploads.diploma", "uploads.photo"],
        "work proof not required for a nurse"
    );

    let scan = scan(dir.path());
    for slot in ["id-front", "diploma"] {
        let out = attach(dir.path(), slot, &scan);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{slot}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(json(&out)["bytes"].as_u64().unwrap() <= 200_000);
    }
    let photo = attach(dir.path(), "photo", &fixture("portrait_white.png"));
    assert_eq!(
        photo.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&photo.stdout)
    );
    assert_eq!(json(&photo)["stored"], true);
    let bad = attach(dir.path(), "photo", &fixture("no_face.jpg"));
    assert_eq!(
        bad.status.code(),
        Some(1),
        "a non-compliant photo is not stored"
    );

    let submit = regdesk(
        dir.path(),
        &["profile", "submit", "--id-number", ID, "--json"],
        None,
    );
    assert_eq!(
        submit.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&submit.stdout)
    );
    assert_eq!(json(&submit)["status"]["status"], "submitted");
    let locked = attach(dir.path(), "photo", &fixture("portrait_white.png"));
    assert_eq!(
        locked.status.code(),
        Some(1),
        "uploads are locked after submission"
    );

    let zip = dir.path().join("pkg.zip");
    let export = regdesk(
        dir.path(),
        &[
            "package",
            "export",
            "--id-number",
            ID,
            "-o",
            zip.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(
        export.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let verify = regdesk(
        dir.path(),
        &["package", "verify", zip.to_str().unwrap(), "--json"],
        None,
    );
    assert_eq!(
        verify.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
    let manifest = &json(&verify)["manifest"];
    assert_eq!(manifest["formatVersion"], 2);
    assert_matches_schema(manifest);
    let names: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            format!("{ID}_id_front.jpg"),
            format!("{ID}_diploma.jpg"),
            format!("{ID}_photo.jpg")
        ]
    );

    // Repack with one JPEG byte changed (a valid zip, fresh CRCs): invalid, exit 1.
    let tampered = dir.path().join("tampered.zip");
    tamper::repack_with_one_byte_changed(&zip, &tampered, &format!("{ID}_photo.jpg"));
    let t = regdesk(
        dir.path(),
        &["package", "verify", tampered.to_str().unwrap(), "--json"],
        None,
    );
    assert_eq!(t.status.code(), Some(1), "{t:?}");
    assert_eq!(json(&t)["issues"][0]["code"], "package.hash_mismatch");

    // Not a zip at all: unreadable, exit 2.
    let junk = dir.path().join("junk.zip");
    std::fs::write(&junk, b"PK\x03\x04 broken").unwrap();
    assert_eq!(
        regdesk(
            dir.path(),
            &["package", "verify", junk.to_str().unwrap()],
            None
        )
        .status
        .code(),
        Some(2)
    );
}

#[test]
fn invalid_basic_info_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = NURSE
        .replace("大学专科", "本科")
        .replace("91350100M000100Y43", "91350100MO00100Y43");
    let out = regdesk(
        dir.path(),
        &["candidate", "add", "--from", "-", "--json"],
        Some(&bad),
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let codes: Vec<String> = json(&out)["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, ["education.format", "uscc.charset"]);
    let list = regdesk(dir.path(), &["candidate", "list", "--json"], None);
    assert_eq!(json(&list), serde_json::json!([]));
}

#[test]
fn unknown_candidate_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = regdesk(
        dir.path(),
        &[
            "package",
            "export",
            "--id-number",
            ID,
            "-o",
            "/tmp/none.zip",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let out = attach(dir.path(), "photo", &fixture("portrait_white.png"));
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

/// Validates with Python's jsonschema against the documented schema (an independent reader).
fn assert_matches_schema(manifest: &Value) {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/package.schema.json");
    let mut child = Command::new("python3")
        .args(["-c", "import json,sys,jsonschema; jsonschema.validate(json.load(sys.stdin), json.load(open(sys.argv[1])))", schema.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 with jsonschema (scripts/setup.sh --test installs it)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(manifest.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "manifest does not match docs/package.schema.json: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn packages_are_signed_by_the_workspace_key_and_an_edited_manifest_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    submitted_nurse(dir.path());
    let zip = dir.path().join("signed.zip");
    let export = regdesk(
        dir.path(),
        &[
            "package",
            "export",
            "--id-number",
            ID,
            "-o",
            zip.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(export.status.code(), Some(0), "{export:?}");
    let keys = json(&regdesk(dir.path(), &["keys", "show", "--json"], None));
    let fingerprint = keys["fingerprint"].as_str().unwrap().to_owned();
    assert_eq!(fingerprint.len(), 64);
    let verify = |file: &Path| {
        regdesk(
            dir.path(),
            &["package", "verify", file.to_str().unwrap(), "--json"],
            None,
        )
    };
    let ok = verify(&zip);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    assert_eq!(json(&ok)["signature"], "valid");
    assert_eq!(json(&ok)["signer"], fingerprint.as_str());

    // "Review passed, valid until 2099", hashes untouched: only the signature can tell.
    let forged = dir.path().join("forged.zip");
    tamper::repack_with_manifest_edited(&zip, &forged, |m| {
        m["candidate"]["process"]["profileStatus"] = serde_json::json!({"status": "passed", "decidedAt": "2026-01-01", "validUntil": "2099-12-31"});
    });
    let bad = verify(&forged);
    assert_eq!(bad.status.code(), Some(1), "{bad:?}");
    assert_eq!(json(&bad)["signature"], "invalid");
    assert!(issue_codes(&json(&bad)).contains(&"package.signature_invalid".to_owned()));

    // The key file is the user's alone (Unix modes; Wine does not keep Windows' ACLs),
    // and stays out of the package.
    #[cfg(unix)]
    if !support::under_wine() {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("signing.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "signing.key mode {mode:o}");
    }
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip).unwrap()).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().into_owned())
        .collect();
    assert!(names.contains(&"manifest.sig".to_owned()));
    assert!(!names.iter().any(|n| n.contains("key")), "{names:?}");

    // Trusting a signer is recorded; a malformed fingerprint is refused.
    let trust = regdesk(
        dir.path(),
        &[
            "keys",
            "trust",
            &fingerprint,
            "--name",
            "渝中培训中心",
            "--json",
        ],
        None,
    );
    assert_eq!(trust.status.code(), Some(0), "{trust:?}");
    let list = json(&regdesk(dir.path(), &["keys", "list", "--json"], None));
    assert_eq!(list[0]["name"], "渝中培训中心");
    assert_eq!(
        regdesk(dir.path(), &["keys", "trust", "abc", "--name", "x"], None)
            .status
            .code(),
        Some(2)
    );
}

/// With `REGDESK_TEST_BIN` naming another build (the Windows `regdesk.exe` under Wine), a
/// package exported by either build verifies on the other with a valid signature: the two
/// builds agree on the manifest bytes, the hashes and Ed25519.
#[test]
fn a_package_from_one_build_verifies_on_the_other() {
    if std::env::var_os(support::TEST_BIN).is_none() {
        eprintln!("REGDESK_TEST_BIN unset: one build only, nothing to cross-check");
        return;
    }
    let verify = |zip: &Path| {
        let dir = tempfile::tempdir().unwrap();
        let out = regdesk(
            dir.path(),
            &["package", "verify", zip.to_str().unwrap(), "--json"],
            None,
        );
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        json(&out)
    };
    let files = tempfile::tempdir().unwrap();
    // Exported by the build under test, verified by cargo's.
    let theirs = tempfile::tempdir().unwrap();
    submitted_nurse(theirs.path());
    let from_test_bin = files.path().join("来自 Windows.zip");
    support::export_package(theirs.path(), &from_test_bin);
    let report = support::natively(|| verify(&from_test_bin));
    assert_eq!(report["signature"], "valid", "{report}");
    // Exported by cargo's build, verified by the one under test.
    let ours = tempfile::tempdir().unwrap();
    let from_native = files.path().join("来自 Linux.zip");
    support::natively(|| {
        submitted_nurse(ours.path());
        support::export_package(ours.path(), &from_native);
    });
    let report = verify(&from_native);
    assert_eq!(report["signature"], "valid", "{report}");
}
