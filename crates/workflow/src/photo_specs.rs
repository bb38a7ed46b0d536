//! The photo specs a workspace can use: the library built in, and the user's own, kept as
//! JSON files in `<data folder>/photo-specs/` (added from a file or the window's form, each
//! checked like `--spec-file`). The window and the CLI resolve a spec id through here, so a
//! spec added in one is there in the other.

use std::path::{Path, PathBuf};

use regdesk_core::{CommandError, ErrorCode};
use regdesk_photo::spec::{all_specs, default_spec, PhotoSpec};
use regdesk_photo::spec_check::MAX_SPEC_BYTES;

use crate::files::write_atomic;

/// The user's specs beyond this count are ignored (a folder is not a spec database).
const MAX_USER_SPECS: usize = 200;

fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join("photo-specs")
}

fn invalid(zh: String, en: String) -> CommandError {
    CommandError::new(ErrorCode::InvalidInput, zh, en)
}

/// Parses a spec file's text, naming the field and rule it breaks (`shown` names the file).
pub fn parse(text: &str, shown: &str) -> Result<PhotoSpec, CommandError> {
    PhotoSpec::from_json(text).map_err(|e| {
        invalid(
            format!("照片规格 {shown} 的字段 {}：{}", e.field, e.rule_zh),
            format!("photo spec {shown}, field {}: {}", e.field, e.rule_en),
        )
        .with_field(&e.field)
    })
}

/// Reads and checks a spec file (bounded before reading).
pub fn read_file(path: &Path) -> Result<PhotoSpec, CommandError> {
    let shown = path.display().to_string();
    let unreadable = |e: std::io::Error| {
        invalid(
            format!("无法读取照片规格文件 {shown}：{e}"),
            format!("cannot read photo spec file {shown}: {e}"),
        )
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_SPEC_BYTES as u64 {
        return Err(invalid(
            format!("{shown} 太大（超过 {MAX_SPEC_BYTES} 字节），不是照片规格文件"),
            format!("{shown} is too large (over {MAX_SPEC_BYTES} bytes) for a photo spec file"),
        ));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        invalid(
            format!("{shown} 不是 UTF-8 文本"),
            format!("{shown} is not UTF-8 text"),
        )
    })?;
    parse(&text, &shown)
}

/// The user's specs, by id; unreadable or broken files are skipped (they were checked when
/// added; one edited by hand since does not take the others down).
fn user_specs(data_dir: &Path) -> Vec<PhotoSpec> {
    let Ok(entries) = std::fs::read_dir(folder(data_dir)) else {
        return Vec::new();
    };
    let mut specs: Vec<PhotoSpec> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .take(MAX_USER_SPECS)
        .filter_map(|p| read_file(&p).ok())
        .collect();
    specs.sort_by(|a, b| a.id.cmp(&b.id));
    specs
}

/// Every spec: the library's (default first), then the user's that do not reuse a library id.
pub fn list(data_dir: &Path) -> Vec<PhotoSpec> {
    let mut specs = all_specs();
    let user: Vec<PhotoSpec> = user_specs(data_dir)
        .into_iter()
        .filter(|u| !specs.iter().any(|s| s.id == u.id))
        .collect();
    specs.extend(user);
    specs
}

/// The spec of this id (default without one), or an error naming the id.
pub fn find(data_dir: &Path, id: Option<&str>) -> Result<PhotoSpec, CommandError> {
    let Some(id) = id else {
        return Ok(default_spec());
    };
    list(data_dir)
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| {
            invalid(
                format!("未知的照片规格：{id}（regdesk photo specs 列出可用的规格）"),
                format!("unknown photo spec: {id} (regdesk photo specs lists them)"),
            )
            .with_field("spec")
        })
}

/// Adds (or replaces) one of the user's specs; a library id cannot be taken.
pub fn add(data_dir: &Path, spec: &PhotoSpec) -> Result<(), CommandError> {
    spec.validate().map_err(|e| {
        invalid(
            format!("照片规格的字段 {}：{}", e.field, e.rule_zh),
            format!("photo spec field {}: {}", e.field, e.rule_en),
        )
        .with_field(&e.field)
    })?;
    if all_specs().iter().any(|s| s.id == spec.id) {
        return Err(invalid(
            format!("规格编号 {} 已被内置规格使用，请换一个", spec.id),
            format!(
                "the spec id {} belongs to a built-in spec; choose another",
                spec.id
            ),
        )
        .with_field("id"));
    }
    let dir = folder(data_dir);
    std::fs::create_dir_all(&dir).map_err(CommandError::internal)?;
    let json = serde_json::to_vec_pretty(spec).map_err(CommandError::internal)?;
    write_atomic(&dir.join(format!("{}.json", spec.id)), &json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_users_spec_is_listed_found_and_cannot_take_a_library_id() {
        let dir = tempfile::tempdir().unwrap();
        let mut spec = default_spec();
        spec.id = "my-exam".into();
        spec.background = "#438EDB".into();
        add(dir.path(), &spec).unwrap();
        assert_eq!(find(dir.path(), Some("my-exam")).unwrap(), spec);
        assert!(list(dir.path()).len() > all_specs().len());
        let library = default_spec();
        let refused = add(dir.path(), &library).unwrap_err();
        assert_eq!(refused.field.as_deref(), Some("id"));
        // A file broken by hand is skipped, not fatal.
        std::fs::write(dir.path().join("photo-specs/broken.json"), "{").unwrap();
        assert_eq!(list(dir.path()).len(), all_specs().len() + 1);
        assert!(find(dir.path(), Some("nope")).is_err());
    }

    #[test]
    fn every_exam_session_names_a_spec_of_the_library() {
        let catalog = regdesk_core::exam_catalog::exam_catalog();
        for session in &catalog.sessions {
            assert!(
                regdesk_photo::spec::find_spec(&session.photo_spec).is_some(),
                "{}: no library spec {}",
                session.id,
                session.photo_spec
            );
        }
    }
}
