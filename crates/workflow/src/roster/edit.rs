//! One grid cell edited in place, with the same rules as everywhere.

use super::*;

/// The result of editing one cell of the grid: applied (or, on a dry run, what would be), the
/// problems the rules found, and the row as it now stands.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CellEdit {
    pub applied: bool,
    pub issues: Vec<Problem>,
    #[ts(optional)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<GridRow>,
}

/// Edits one cell in place with the same rules as everywhere: profile fields through the
/// profile's validation and state machine, the intended item/region through the catalogue;
/// identity cells are read-only (a correction needs a reason and proof). `dry_run` checks only,
/// for validation as the user types.
pub async fn edit_cell(
    store: &Store,
    id_number: &str,
    field: &str,
    value: &str,
    dry_run: bool,
    actor: &Actor,
) -> Result<CellEdit, CommandError> {
    let existing = workspace(store).await?;
    let Some(e) = existing.get(id_number) else {
        return Err(
            CommandError::from(regdesk_store::StoreError::NotFound(format!(
                "candidate {id_number}"
            )))
            .with_field("idNumber"),
        );
    };
    let refuse = |issues: Vec<Problem>| CellEdit {
        applied: false,
        issues,
        row: None,
    };
    let value = value.trim();
    // Clearing a cell never erases a value: the required columns, and the two a roster may
    // leave empty (a draft keeps the others while they wait), are refused empty.
    if value.is_empty() {
        if let Some(f) = Field::ALL.into_iter().find(|f| {
            f.key() == field && (f.required() || matches!(f, Field::Major | Field::Employer))
        }) {
            return Ok(refuse(vec![Problem::error(
                field,
                ReasonCode::FieldRequired,
                format!("请填写{}", f.header()),
                format!("{} is required", f.header_en()),
            )]));
        }
    }
    let edit = match field {
        "education" | "major" | "employer" => {
            let p = e.state.profile.as_ref();
            let (invoice_type, invoice_title, taxpayer_id) = match p.map(|p| &p.invoice) {
                Some(Invoice::Organization { title, taxpayer_id }) => {
                    ("organization", title.clone(), taxpayer_id.clone())
                }
                _ => ("personal", String::new(), String::new()),
            };
            let mut input = regdesk_core::profile::ProfileInput {
                education: p.map_or(String::new(), |p| p.education.label_zh().to_owned()),
                major: p.map_or(String::new(), |p| p.major.clone()),
                employer: p.map_or(String::new(), |p| p.employer.clone()),
                invoice_type: invoice_type.into(),
                invoice_title,
                taxpayer_id,
                medical_override: p.and_then(|p| p.medical_override.clone()),
            };
            match field {
                "education" => input.education = value.to_owned(),
                "major" => input.major = value.to_owned(),
                _ => input.employer = value.to_owned(),
            }
            // A draft: clearing 所学专业 or 工作单位 keeps the rest (the basic step reopens).
            let report = regdesk_core::profile::validate_profile_draft(&input);
            let mut issues: Vec<Problem> = report.issues;
            let Some(profile) = report.profile else {
                return Ok(refuse(issues));
            };
            if e.state.judged_change(&profile) {
                issues.push(Problem::warning(
                    "profile",
                    ReasonCode::ProcessBackToReview,
                    "资料已审核通过：更改学历或专业后须重新提交审核",
                    "the profile passed review: changing education or major sends it back to review",
                ));
            }
            if dry_run {
                return Ok(CellEdit {
                    applied: false,
                    issues,
                    row: None,
                });
            }
            let action = ProcessAction::SaveBasic { profile };
            match process::apply(store, id_number, &action, actor).await? {
                Ok(_) => CellEdit {
                    applied: true,
                    issues,
                    row: None,
                },
                Err(p) => return Ok(refuse(p)),
            }
        }
        "examItem" | "region" => {
            let Some(old) = e
                .intent
                .as_ref()
                .and_then(|v| serde_json::from_value::<Intent>(v.clone()).ok())
            else {
                return Ok(refuse(vec![Problem::error(
                    field,
                    ReasonCode::ProcessOutOfOrder,
                    "该考生没有名单中的报考意向：请在“考试报名”中新建报名",
                    "this candidate has no intended registration from a roster: open one in exam registration",
                )]));
            };
            let catalog = regdesk_core::exam_catalog::exam_catalog();
            let mut new = old.clone();
            if field == "examItem" {
                match catalog.find_item(value) {
                    Some(i) => {
                        new.exam_item = i.id.clone();
                        new.exam_item_label = i.label.clone();
                    }
                    None => {
                        let all: Vec<&str> =
                            catalog.items.iter().map(|i| i.label.as_str()).collect();
                        return Ok(refuse(vec![Problem::error(
                            field,
                            ReasonCode::RosterValueNotInList,
                            format!("报考项目“{value}”不在可选范围内（{}）", all.join("、")),
                            format!("exam item \"{value}\" is not one of {}", all.join(", ")),
                        )]));
                    }
                }
            } else if catalog.regions.iter().any(|r| r == value) {
                new.region = value.to_owned();
            } else {
                return Ok(refuse(vec![Problem::error(
                    field,
                    ReasonCode::RosterValueNotInList,
                    format!("意向考试区域“{value}”不是重庆市的区县"),
                    format!("\"{value}\" is not a Chongqing district or county"),
                )]));
            }
            if dry_run || new == old {
                return Ok(CellEdit {
                    applied: !dry_run,
                    issues: vec![],
                    row: None,
                });
            }
            let value = serde_json::to_value(&new).map_err(CommandError::internal)?;
            let mut tx = store.begin_write().await?;
            intents::put_in(&mut tx, id_number, &value, e.intent.as_ref(), actor).await?;
            tx.commit().await?;
            CellEdit {
                applied: true,
                issues: vec![],
                row: None,
            }
        }
        _ => {
            return Ok(refuse(vec![Problem::error(
            field,
            ReasonCode::ProcessLocked,
            "身份信息不能在表格中修改：请在个人中心“更正身份信息”（须说明理由并附证明）",
            "identity cannot be edited in the grid: use the identity correction (reason and proof)",
        )]))
        }
    };
    let row = super::grid::grid_row(store, id_number).await?;
    Ok(CellEdit { row, ..edit })
}
