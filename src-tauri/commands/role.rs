//! Role checks for role-only work in the desktop (recording a review and the desk, bulk
//! import), in Rust whatever the window shows. Roles organise work; they are not a boundary
//! against the machine's own user (the CLI may do everything), see SECURITY.md.

use regdesk_core::{CommandError, ErrorCode};
use regdesk_store::operators::{self, Operator, Role};

use crate::state::AppState;

fn label(role: Role) -> (&'static str, &'static str) {
    match role {
        Role::Candidate => ("考生", "candidate"),
        Role::TrainingCentre => ("培训机构", "training centre"),
        Role::Reviewer => ("审核人员", "reviewer"),
    }
}

/// The operator, when their role is `role`; otherwise a bilingual refusal naming it.
pub async fn require(state: &AppState, role: Role) -> Result<Operator, CommandError> {
    let me = operators::current(&state.store()?).await?;
    match me {
        Some(op) if op.role == role => Ok(op),
        _ => {
            let (zh, en) = label(role);
            Err(CommandError::new(
                ErrorCode::InvalidInput,
                format!("只有{zh}角色可以做这件事（可在 设置 中更改角色）"),
                format!("only the {en} role can do this (change the role in Settings)"),
            )
            .with_field("role"))
        }
    }
}
