//! Tampering with a package the way an attacker or a broken copy would: one byte of one
//! member changed, the archive otherwise valid (CRCs recomputed).

use std::io::{Read, Write};
use std::path::Path;

pub fn repack_with_one_byte_changed(from: &Path, to: &Path, member: &str) {
    let mut src = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..src.len() {
        let mut e = src.by_index(i).unwrap();
        let name = e.name().unwrap().into_owned();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        if name == member {
            let mid = data.len() / 2;
            data[mid] ^= 0x01;
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap();
}

/// The attack a hash alone cannot see: the manifest edited (e.g. "review passed, valid until
/// 2099"), every hash in it still right, the old signature kept beside it.
#[allow(dead_code)]
pub fn repack_with_manifest_edited(from: &Path, to: &Path, edit: impl Fn(&mut serde_json::Value)) {
    let mut src = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..src.len() {
        let mut e = src.by_index(i).unwrap();
        let name = e.name().unwrap().into_owned();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        if name == "manifest.json" {
            let mut m: serde_json::Value = serde_json::from_slice(&data).unwrap();
            edit(&mut m);
            data = serde_json::to_vec_pretty(&m).unwrap();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap();
}
