//! Tampering with a package the way an attacker or a broken copy would: the archive rewritten
//! with one member changed, otherwise valid (CRCs recomputed).

use std::io::{Read, Write};
use std::path::Path;

/// Copies the archive, passing each member's bytes through `edit`.
fn repack(from: &Path, to: &Path, edit: impl Fn(&str, &mut Vec<u8>)) {
    let mut src = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    for i in 0..src.len() {
        let mut e = src.by_index(i).unwrap();
        let name = e.name().unwrap().into_owned();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        edit(&name, &mut data);
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap();
}

#[allow(dead_code)]
pub fn repack_with_one_byte_changed(from: &Path, to: &Path, member: &str) {
    repack(from, to, |name, data| {
        if name == member {
            let mid = data.len() / 2;
            data[mid] ^= 0x01;
        }
    });
}

/// The attack a hash alone cannot see: the manifest edited (e.g. "review passed, valid until
/// 2099"), every hash in it still right, the old signature kept beside it.
#[allow(dead_code)]
pub fn repack_with_manifest_edited(from: &Path, to: &Path, edit: impl Fn(&mut serde_json::Value)) {
    repack(from, to, |name, data| {
        if name == "manifest.json" {
            let mut m: serde_json::Value = serde_json::from_slice(data).unwrap();
            edit(&mut m);
            *data = serde_json::to_vec_pretty(&m).unwrap();
        }
    });
}
