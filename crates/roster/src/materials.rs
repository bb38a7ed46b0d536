//! Matching a folder (or zip) of photos and scans to roster rows: `<ID>.jpg` is the photo,
//! `<ID>_身份证`, `<ID>_学历`, `<ID>_工作证明` (and English slot names) are scans; a file named by a
//! person's name matches only when that name is unique in the roster. Two files for one slot,
//! or a name shared by two rows, are ambiguous and left to the user, never guessed.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::field::fold_width;
use crate::RosterError;

/// Bounds for a materials zip (a folder is listed, not unpacked).
pub const MAX_ENTRIES: usize = 50_000;
pub const MAX_ENTRY_BYTES: u64 = 60 * 1024 * 1024;
pub const MAX_TOTAL_BYTES: u64 = 4 * 1024 * 1024 * 1024;
pub const MAX_RATIO: u64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Photo,
    IdFront,
    Diploma,
    WorkProof,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Photo, Kind::IdFront, Kind::Diploma, Kind::WorkProof];

    pub fn key(self) -> &'static str {
        match self {
            Kind::Photo => "photo",
            Kind::IdFront => "id-front",
            Kind::Diploma => "diploma",
            Kind::WorkProof => "work-proof",
        }
    }

    /// The slot a file-name suffix names (`身份证`, `学历`, `idcard` …); empty is the photo.
    fn of_word(word: &str) -> Option<Kind> {
        let w: String = word
            .chars()
            .map(fold_width)
            .filter(|c| !c.is_whitespace() && !"-_".contains(*c))
            .flat_map(char::to_lowercase)
            .collect();
        match w.as_str() {
            "" | "照片" | "证件照" | "相片" | "photo" | "头像" => Some(Kind::Photo),
            "身份证" | "身份证正面" | "身份证人像面" | "身份证国徽面" | "idcard" | "id"
            | "idfront" => Some(Kind::IdFront),
            "学历" | "学历证书" | "毕业证" | "毕业证书" | "学历证明" | "diploma" => {
                Some(Kind::Diploma)
            }
            "工作证明" | "在职证明" | "工作" | "work" | "workproof" => {
                Some(Kind::WorkProof)
            }
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    Matched,
    Ambiguous,
    Unmatched,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MatchMethod {
    Id,
    Name,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileMatch {
    /// Relative to the folder (or the path inside the zip).
    pub file: String,
    pub kind: Option<Kind>,
    pub status: FileStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub row: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub id_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub match_method: Option<MatchMethod>,
    /// For a name shared by several rows, or two files for one slot: the rows concerned.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<u32>>", optional)]
    pub candidate_rows: Vec<u32>,
    /// Why a file was not matched, in Chinese and English.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason_zh: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason_en: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SlotStatus {
    Matched,
    Missing,
    Ambiguous,
}

/// A roster row as matching needs it.
pub struct RowKey<'a> {
    pub row: u32,
    pub id_number: &'a str,
    pub name: &'a str,
}

/// Where the files are: a folder on disk or a zip.
pub enum Source {
    Folder(PathBuf),
    Zip(PathBuf),
}

impl Source {
    pub fn of(path: &Path) -> Source {
        if path.is_dir() {
            Source::Folder(path.to_owned())
        } else {
            Source::Zip(path.to_owned())
        }
    }

    /// The picture files it holds, relative names, sorted.
    pub fn list(&self) -> Result<Vec<String>, RosterError> {
        let mut out = match self {
            Source::Folder(dir) => {
                let mut out = Vec::new();
                walk(dir, dir, &mut out)?;
                out
            }
            Source::Zip(path) => {
                let file = std::fs::File::open(path)
                    .map_err(|e| RosterError::Unreadable(format!("{}: {e}", path.display())))?;
                let mut zip = zip::ZipArchive::new(file)
                    .map_err(|e| RosterError::Unreadable(format!("{}: {e}", path.display())))?;
                if zip.len() > MAX_ENTRIES {
                    return Err(RosterError::Unsafe(format!(
                        "{}: more than {MAX_ENTRIES} entries",
                        path.display()
                    )));
                }
                let mut total = 0u64;
                let mut names = Vec::new();
                for i in 0..zip.len() {
                    let entry = zip
                        .by_index(i)
                        .map_err(|e| RosterError::Unreadable(format!("{}: {e}", path.display())))?;
                    if entry.is_dir() {
                        continue;
                    }
                    let raw = entry.name().map(|n| n.into_owned()).unwrap_or_default();
                    let Some(name) = entry.enclosed_name() else {
                        return Err(RosterError::Unsafe(format!(
                            "{}: entry {} leaves the archive",
                            path.display(),
                            raw
                        )));
                    };
                    if entry.is_symlink() {
                        return Err(RosterError::Unsafe(format!(
                            "{}: entry {} is a link",
                            path.display(),
                            raw
                        )));
                    }
                    let size = entry.size();
                    total += size;
                    if size > MAX_ENTRY_BYTES
                        || total > MAX_TOTAL_BYTES
                        || size > entry.compressed_size().max(1) * MAX_RATIO
                    {
                        return Err(RosterError::Unsafe(format!(
                            "{}: entry {} is too large or too compressed",
                            path.display(),
                            raw
                        )));
                    }
                    names.push(name.to_string_lossy().replace('\\', "/"));
                }
                names
            }
        };
        out.retain(|n| is_picture(n));
        out.sort();
        Ok(out)
    }

    /// A file's bytes (bounded like the list).
    pub fn read(&self, name: &str) -> Result<Vec<u8>, RosterError> {
        match self {
            Source::Folder(dir) => {
                let path = dir.join(name);
                let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                if len > MAX_ENTRY_BYTES {
                    return Err(RosterError::Unsafe(format!(
                        "{}: too large",
                        path.display()
                    )));
                }
                std::fs::read(&path)
                    .map_err(|e| RosterError::Unreadable(format!("{}: {e}", path.display())))
            }
            Source::Zip(path) => {
                let file = std::fs::File::open(path)
                    .map_err(|e| RosterError::Unreadable(format!("{}: {e}", path.display())))?;
                let mut zip = zip::ZipArchive::new(file)
                    .map_err(|e| RosterError::Unreadable(format!("{}: {e}", path.display())))?;
                let entry = zip
                    .by_name(name)
                    .map_err(|e| RosterError::Unreadable(format!("{name}: {e}")))?;
                let mut bytes = Vec::new();
                entry
                    .take(MAX_ENTRY_BYTES + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|e| RosterError::Unreadable(format!("{name}: {e}")))?;
                if bytes.len() as u64 > MAX_ENTRY_BYTES {
                    return Err(RosterError::Unsafe(format!("{name}: too large")));
                }
                Ok(bytes)
            }
        }
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), RosterError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| RosterError::Unreadable(format!("{}: {e}", dir.display())))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let kind = entry.file_type().ok();
        if kind.is_some_and(|k| k.is_symlink()) {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, out)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
            if out.len() > MAX_ENTRIES {
                return Err(RosterError::Unsafe(format!(
                    "{}: more than {MAX_ENTRIES} files",
                    root.display()
                )));
            }
        }
    }
    Ok(())
}

fn is_picture(name: &str) -> bool {
    let lower = name.to_lowercase();
    [".jpg", ".jpeg", ".png", ".heic", ".heif"]
        .iter()
        .any(|e| lower.ends_with(e))
}

fn is_id(key: &str) -> bool {
    let b = key.as_bytes();
    b.len() == 18
        && b.iter().take(17).all(u8::is_ascii_digit)
        && b.get(17).is_some_and(|&c| c.is_ascii_digit() || c == b'X')
}

/// Key (ID number or name) and slot word of a file name: `<key>[_<slot>].<ext>`.
fn parse_name(file: &str) -> (String, String) {
    let base = file.rsplit('/').next().unwrap_or(file);
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    let stem: String = stem.chars().map(fold_width).collect();
    let (key, word) = match stem.find(['_', '-', ' ']) {
        Some(i) => (&stem[..i], &stem[i + 1..]),
        None => (stem.as_str(), ""),
    };
    let mut key = key.trim().to_owned();
    if key.len() == 18 && key.ends_with('x') {
        key.pop();
        key.push('X');
    }
    (key, word.trim().to_owned())
}

pub struct Matching {
    pub files: Vec<FileMatch>,
    /// Per row: the status of each slot.
    pub rows: BTreeMap<u32, BTreeMap<Kind, SlotStatus>>,
}

pub fn match_files(files: &[String], rows: &[RowKey]) -> Matching {
    // A later row wins an ID: callers list the rows they prefer last.
    let by_id: BTreeMap<&str, &RowKey> = rows.iter().map(|r| (r.id_number, r)).collect();
    let mut by_name: BTreeMap<&str, Vec<&RowKey>> = BTreeMap::new();
    for r in rows {
        by_name.entry(r.name).or_default().push(r);
    }
    let mut out: Vec<FileMatch> = files
        .iter()
        .map(|file| {
            let (key, word) = parse_name(file);
            let mut m = FileMatch {
                file: file.clone(),
                kind: Kind::of_word(&word),
                status: FileStatus::Unmatched,
                row: None,
                id_number: None,
                match_method: None,
                candidate_rows: vec![],
                reason_zh: None,
                reason_en: None,
            };
            if m.kind.is_none() {
                m.reason_zh = Some(format!("无法从文件名识别材料类型：“{word}”（可用：照片、身份证、学历、工作证明）"));
                m.reason_en = Some(format!("the file name does not say which material \"{word}\" is (photo, 身份证, 学历, 工作证明)"));
                return m;
            }
            if is_id(&key) {
                match by_id.get(key.as_str()) {
                    Some(r) => {
                        m.status = FileStatus::Matched;
                        m.row = Some(r.row);
                        m.id_number = Some(r.id_number.to_owned());
                        m.match_method = Some(MatchMethod::Id);
                    }
                    None => {
                        m.reason_zh = Some(format!("名单中没有身份证号 {key}"));
                        m.reason_en = Some(format!("no row with ID number {key}"));
                    }
                }
                return m;
            }
            match by_name.get(key.as_str()).map(Vec::as_slice) {
                Some([r]) => {
                    m.status = FileStatus::Matched;
                    m.row = Some(r.row);
                    m.id_number = Some(r.id_number.to_owned());
                    m.match_method = Some(MatchMethod::Name);
                }
                Some(several) => {
                    m.status = FileStatus::Ambiguous;
                    m.match_method = Some(MatchMethod::Name);
                    m.candidate_rows = several.iter().map(|r| r.row).collect();
                    m.reason_zh = Some(format!("名单中有 {} 人叫“{key}”：请改用身份证号命名文件", several.len()));
                    m.reason_en = Some(format!("{} rows are named \"{key}\": name the file by ID number", several.len()));
                }
                None => {
                    m.reason_zh = Some(format!("名单中没有“{key}”"));
                    m.reason_en = Some(format!("no row matches \"{key}\""));
                }
            }
            m
        })
        .collect();
    // Two files for one row's slot: both ambiguous, the user chooses.
    let mut by_slot: BTreeMap<(u32, Kind), Vec<usize>> = BTreeMap::new();
    for (i, m) in out.iter().enumerate() {
        if let (FileStatus::Matched, Some(row), Some(kind)) = (m.status, m.row, m.kind) {
            by_slot.entry((row, kind)).or_default().push(i);
        }
    }
    let mut slots: BTreeMap<u32, BTreeMap<Kind, SlotStatus>> = rows
        .iter()
        .map(|r| {
            (
                r.row,
                Kind::ALL
                    .iter()
                    .map(|k| (*k, SlotStatus::Missing))
                    .collect(),
            )
        })
        .collect();
    for ((row, kind), files) in by_slot {
        let status = if files.len() == 1 {
            SlotStatus::Matched
        } else {
            for i in &files {
                let Some(m) = out.get_mut(*i) else { continue };
                m.status = FileStatus::Ambiguous;
                m.candidate_rows = vec![row];
                m.reason_zh = Some("同一考生的同一材料有多个文件：请只保留一个".into());
                m.reason_en =
                    Some("several files for the same material of one candidate: keep one".into());
            }
            SlotStatus::Ambiguous
        };
        slots.entry(row).or_default().insert(kind, status);
    }
    // A name shared by rows makes each of those rows' slot ambiguous too.
    for m in out
        .iter()
        .filter(|m| m.status == FileStatus::Ambiguous && m.match_method == Some(MatchMethod::Name))
    {
        for row in &m.candidate_rows {
            if let (Some(kind), Some(s)) = (m.kind, slots.get_mut(row)) {
                if s.get(&kind) == Some(&SlotStatus::Missing) {
                    s.insert(kind, SlotStatus::Ambiguous);
                }
            }
        }
    }
    Matching {
        files: out,
        rows: slots,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_match_by_id_or_unique_name_and_the_rest_is_explained() {
        let rows = [
            RowKey {
                row: 2,
                id_number: "11010519491231002X",
                name: "王芳",
            },
            RowKey {
                row: 3,
                id_number: "500103199001010010",
                name: "李明",
            },
            RowKey {
                row: 4,
                id_number: "500103199001010029",
                name: "李明",
            },
        ];
        let files: Vec<String> = [
            "11010519491231002x.JPG",
            "11010519491231002X_身份证.png",
            "sub/11010519491231002X_diploma.jpeg",
            "500103199001010010.jpg",
            "500103199001010010_照片.png",
            "王芳_工作证明.jpg",
            "李明.jpg",
            "110105194912310099.jpg",
            "王芳_合同.jpg",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let m = match_files(&files, &rows);
        let get = |f: &str| m.files.iter().find(|x| x.file == f).unwrap();
        assert_eq!(get("11010519491231002x.JPG").status, FileStatus::Matched);
        assert_eq!(
            get("11010519491231002X_身份证.png").kind,
            Some(Kind::IdFront)
        );
        assert_eq!(get("sub/11010519491231002X_diploma.jpeg").row, Some(2));
        assert_eq!(
            get("王芳_工作证明.jpg").match_method,
            Some(MatchMethod::Name)
        );
        assert_eq!(get("李明.jpg").status, FileStatus::Ambiguous);
        assert_eq!(get("李明.jpg").candidate_rows, [3, 4]);
        assert_eq!(
            get("500103199001010010.jpg").status,
            FileStatus::Ambiguous,
            "two photos for row 3"
        );
        assert_eq!(get("110105194912310099.jpg").status, FileStatus::Unmatched);
        assert_eq!(get("王芳_合同.jpg").kind, None);
        assert_eq!(m.rows[&2][&Kind::Photo], SlotStatus::Matched);
        assert_eq!(m.rows[&2][&Kind::WorkProof], SlotStatus::Matched);
        assert_eq!(m.rows[&3][&Kind::Photo], SlotStatus::Ambiguous);
        assert_eq!(m.rows[&4][&Kind::Photo], SlotStatus::Ambiguous);
        assert_eq!(m.rows[&4][&Kind::Diploma], SlotStatus::Missing);
    }
}
