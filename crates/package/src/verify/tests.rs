use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::ZipWriter;

use super::*;
use crate::{build_zip, FileEntry, PackageFile};

fn manifest(files: Vec<FileEntry>) -> Manifest {
    Manifest {
        format_version: FORMAT_VERSION,
        spec_id: "cq-health-manager-2020".into(),
        produced_by: "regdesk test".into(),
        produced_by_actor: "cli:test".into(),
        produced_at: "2026-11-25T10:00:00+08:00".into(),
        candidate: serde_json::json!({"idNumber": "11010519491231002X"}),
        files,
        checks: serde_json::json!({}),
    }
}

fn package(photo: &[u8]) -> Vec<u8> {
    let name = "11010519491231002X_photo.jpg";
    let entry = FileEntry {
        name: name.into(),
        slot: "photo".into(),
        sha256: sha256_hex(photo),
        bytes: photo.len() as u64,
    };
    build_zip(
        &manifest(vec![entry]),
        &[PackageFile { name, bytes: photo }],
    )
    .unwrap()
}

fn raw_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        z.start_file(*name, SimpleFileOptions::default()).unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap().into_inner()
}

#[test]
fn a_fresh_package_verifies() {
    let r = verify(
        &package(b"\xFF\xD8 jpeg bytes \xFF\xD9"),
        ArchiveLimits::default(),
    )
    .unwrap();
    assert!(r.valid, "{:?}", r.issues);
    assert_eq!(r.manifest.unwrap().files.len(), 1);
}

#[test]
fn a_changed_member_is_invalid_not_unreadable() {
    // Same length, one byte different, CRC recomputed by writing a new zip with the old manifest.
    let good = package(b"\xFF\xD8 jpeg bytes \xFF\xD9");
    let manifest_json = {
        let mut z = zip::ZipArchive::new(Cursor::new(&good)).unwrap();
        let mut s = Vec::new();
        z.by_name(MANIFEST_NAME)
            .unwrap()
            .read_to_end(&mut s)
            .unwrap();
        s
    };
    let tampered = raw_zip(&[
        (MANIFEST_NAME, &manifest_json),
        (
            "11010519491231002X_photo.jpg",
            b"\xFF\xD8 jpeg bytez \xFF\xD9",
        ),
    ]);
    let r = verify(&tampered, ArchiveLimits::default()).unwrap();
    assert!(!r.valid);
    assert_eq!(r.issues[0].code, ReasonCode::PackageHashMismatch);
}

#[test]
fn garbage_and_crc_damage_are_unreadable() {
    assert!(matches!(
        verify(b"not a zip", ArchiveLimits::default()),
        Err(PackageError::Unreadable(_))
    ));
    let mut good = package(b"\xFF\xD8 jpeg bytes \xFF\xD9");
    // Flip a byte of the stored JPEG inside the archive: its CRC no longer matches.
    let at = good.windows(5).position(|w| w == b"bytes").unwrap();
    good[at] = b'B';
    assert!(matches!(
        verify(&good, ArchiveLimits::default()),
        Err(PackageError::Unreadable(_))
    ));
}

#[test]
fn escaping_paths_too_many_entries_and_bombs_are_unsafe() {
    let escaping = raw_zip(&[("../evil.jpg", b"x")]);
    assert!(matches!(
        verify(&escaping, ArchiveLimits::default()),
        Err(PackageError::Unsafe(_))
    ));
    let absolute = raw_zip(&[("/etc/evil", b"x")]);
    assert!(matches!(
        verify(&absolute, ArchiveLimits::default()),
        Err(PackageError::Unsafe(_))
    ));
    let names: Vec<String> = (0..5).map(|i| format!("f{i}")).collect();
    let many: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
    let limits = ArchiveLimits {
        max_entries: 4,
        ..Default::default()
    };
    assert!(matches!(
        verify(&raw_zip(&many), limits),
        Err(PackageError::Unsafe(_))
    ));
    let zeros = vec![0u8; 2_000_000];
    let bomb = raw_zip(&[("zeros.bin", &zeros)]);
    assert!(
        matches!(verify(&bomb, ArchiveLimits::default()), Err(PackageError::Unsafe(m)) if m.contains("ratio"))
    );
}

#[test]
fn missing_manifest_and_extra_files_are_named() {
    let r = verify(&raw_zip(&[("a.jpg", b"x")]), ArchiveLimits::default()).unwrap();
    assert_eq!(r.issues[0].code, ReasonCode::PackageManifestInvalid);
    let mut with_extra = package(b"jpeg");
    let m = {
        let mut z = zip::ZipArchive::new(Cursor::new(&with_extra)).unwrap();
        let mut s = Vec::new();
        z.by_name(MANIFEST_NAME)
            .unwrap()
            .read_to_end(&mut s)
            .unwrap();
        s
    };
    with_extra = raw_zip(&[
        (MANIFEST_NAME, &m),
        ("11010519491231002X_photo.jpg", b"jpeg"),
        ("extra.txt", b"hi"),
    ]);
    let r = verify(&with_extra, ArchiveLimits::default()).unwrap();
    assert_eq!(
        r.issues.iter().map(|p| p.code).collect::<Vec<_>>(),
        [ReasonCode::PackageUnexpectedFile]
    );
}

/// Renames member `from` to `to` (same length) in the local header and the central directory:
/// what a hand-made archive with two members of one name looks like (the zip writer refuses).
fn rename_member(zip: &[u8], from: &str, to: &str) -> Vec<u8> {
    assert_eq!(from.len(), to.len());
    let mut out = zip.to_vec();
    let (f, t) = (from.as_bytes(), to.as_bytes());
    let mut i = 0;
    let mut n = 0;
    while i + f.len() <= out.len() {
        if &out[i..i + f.len()] == f {
            out[i..i + f.len()].copy_from_slice(t);
            n += 1;
        }
        i += 1;
    }
    assert_eq!(n, 2, "local header and central directory");
    out
}

#[test]
fn two_members_of_one_name_are_unsafe_whichever_a_reader_keeps() {
    let zip = raw_zip(&[("a.jpg", b"first"), ("b.jpg", b"second")]);
    let dup = rename_member(&zip, "b.jpg", "a.jpg");
    match verify(&dup, ArchiveLimits::default()) {
        Err(PackageError::Unsafe(d)) => assert!(d.contains("share a name"), "{d}"),
        other => panic!("expected unsafe, got {other:?}"),
    }
}

#[test]
fn names_equal_after_case_folding_or_nfc_are_unsafe() {
    let zip = raw_zip(&[("photo.jpg", b"1"), ("PHOTO.JPG", b"2")]);
    assert!(matches!(
        verify(&zip, ArchiveLimits::default()),
        Err(PackageError::Unsafe(_))
    ));
    // "é" precomposed (U+00E9) and decomposed (e + U+0301) are one name on macOS.
    let zip = raw_zip(&[("caf\u{e9}.jpg", b"1"), ("cafe\u{301}.jpg", b"2")]);
    assert!(matches!(
        verify(&zip, ArchiveLimits::default()),
        Err(PackageError::Unsafe(_))
    ));
}

#[test]
fn a_member_longer_than_its_declared_size_is_refused_by_our_own_check() {
    let data = vec![b'x'; 4000];
    let zip = raw_zip(&[("big.jpg", &data)]);
    // Declare 1000 bytes uncompressed in the central directory (offset 24 of its header).
    let mut lying = zip.clone();
    let cd = lying
        .windows(4)
        .rposition(|w| w == [0x50, 0x4b, 0x01, 0x02])
        .unwrap();
    lying[cd + 24..cd + 28].copy_from_slice(&1000u32.to_le_bytes());
    // Local header too (offset 22), so only the data itself tells the truth.
    lying[22..26].copy_from_slice(&1000u32.to_le_bytes());
    match verify(&lying, ArchiveLimits::default()) {
        Err(PackageError::Unsafe(d)) => assert!(d.contains("declared"), "{d}"),
        other => panic!("expected unsafe, got {other:?}"),
    }
}
