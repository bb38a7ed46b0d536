//! Actions on the grid's selection: submit profiles, export packages.

use super::*;

/// One candidate's result in a bulk action on the grid's selection.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BulkLine {
    pub id_number: String,
    pub done: bool,
    /// The file written (package export).
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    pub issues: Vec<Problem>,
}

/// Submits each selected profile for review (every blocking problem listed per candidate).
pub async fn submit_profiles(
    store: &Store,
    ids: &[String],
    actor: &Actor,
) -> Result<Vec<BulkLine>, CommandError> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let r = crate::submit::submit_profile(store, id, actor).await?;
        out.push(BulkLine {
            id_number: id.clone(),
            done: r.submitted,
            output: None,
            issues: r.issues,
        });
    }
    Ok(out)
}

/// Exports each selected candidate's package into `dir` as `<ID number>.zip`.
pub async fn export_packages(
    store: &Store,
    ids: &[String],
    dir: &Path,
    actor: &Actor,
) -> Result<Vec<BulkLine>, CommandError> {
    std::fs::create_dir_all(dir).map_err(|e| {
        CommandError::new(
            regdesk_core::ErrorCode::Io,
            format!("无法创建文件夹 {}：{e}", dir.display()),
            format!("cannot create folder {}: {e}", dir.display()),
        )
        .with_field("path")
    })?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let (zip, _) = match crate::export::export_package(store, id, actor).await? {
            Ok(made) => made,
            Err(issues) => {
                // Not submitted: counted as not done, with what blocks it; nothing written.
                out.push(BulkLine {
                    id_number: id.clone(),
                    done: false,
                    output: None,
                    issues,
                });
                continue;
            }
        };
        let path = dir.join(format!("{id}.zip"));
        crate::files::write_atomic(&path, &zip)?;
        out.push(BulkLine {
            id_number: id.clone(),
            done: true,
            output: Some(path.display().to_string()),
            issues: vec![],
        });
    }
    Ok(out)
}
