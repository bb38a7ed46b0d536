//! Differential test against python-stdnum (installed by scripts/setup.sh --test): on
//! thousands of generated numbers `regdesk validate` must agree with an independent
//! implementation of the GB check-character algorithms. The intended differences are written
//! down in the script.

use std::process::Command;

#[test]
fn validate_agrees_with_python_stdnum_on_generated_numbers() {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/differential/stdnum_diff.py"
    );
    let out = Command::new("python3")
        .args([script, env!("CARGO_BIN_EXE_regdesk"), "2000"])
        .output()
        .expect("python3 must be installed (scripts/setup.sh --test installs python-stdnum)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "regdesk disagrees with python-stdnum:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("8000 passed, 0 failed"), "{stdout}");
}
