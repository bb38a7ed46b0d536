//! What every real-window test starts from: the app binary and the first start.
#![allow(dead_code)]

use super::webdriver::Session;

pub const APP: &str = env!("CARGO_BIN_EXE_regdesk-desktop");

/// The first start every new workspace shows: role candidate, a name, optionally a password
/// (then the recovery key is shown once, and returned).
pub fn first_start(s: &Session, password: Option<&str>) -> Option<String> {
    s.find("[data-test=role-candidate]").click();
    s.find("#start-name").type_text("王芳");
    let mut recovery = None;
    if let Some(p) = password {
        s.find("#start-password").type_text(p);
        s.find("#start-confirm").type_text(p);
    }
    s.find("[data-test=start-go]").click();
    if password.is_some() {
        let key = s.find("[data-test=recovery-key]").text();
        s.find("[data-test=recovery-saved]").click();
        s.find("[data-test=recovery-done]").click();
        recovery = Some(key.trim().to_owned());
    }
    s.find("[data-test=register-form]");
    recovery
}

/// A training centre's first start, then `tests/fixtures/roster/messy.xlsx` with the materials
/// in `materials` checked (nothing written yet: the preview counts its 2 new candidates).
pub fn centre_checks_messy_roster(s: &Session, materials: &std::path::Path) {
    s.find("[data-test=role-training_centre]").click();
    s.find("#start-name").type_text("渝中培训中心");
    s.find("[data-test=start-go]").click();
    s.find("[data-test=bulk-page]");
    let roster =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/roster/messy.xlsx");
    s.find("#roster-path")
        .type_text(&roster.display().to_string());
    s.find("#roster-files")
        .type_text(&materials.display().to_string());
    // Enabled once the typed path reached the page's state.
    s.find("[data-test=roster-preview]:not([disabled])").click();
    s.wait_for("[data-test=roster-counts]", |t| t.contains("新增 2"));
}
