//! First start from the command line and the CLI's side of the lock: on a workspace with a
//! password every data command needs it on the first line of stdin (`--password-stdin`) and
//! otherwise exits 2 with `operator.locked`, changing nothing.

mod support;

use support::*;

const PASSWORD: &str = "correct Horse 9!";

fn codes(out: &std::process::Output) -> Vec<String> {
    let v = json(out);
    v["issues"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|p| p["code"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_workspace_with_a_password_refuses_data_commands_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let setup = regdesk(
        d,
        &[
            "operator",
            "setup",
            "--name",
            "王芳",
            "--role",
            "candidate",
            "--password-stdin",
            "--json",
        ],
        Some(&format!("{PASSWORD}\n")),
    );
    assert_eq!(setup.status.code(), Some(0), "{setup:?}");
    let op = json(&setup);
    assert_eq!(op["hasPassword"], true, "{op}");
    assert_eq!(op["role"], "candidate");

    // Without the password: exit 2, operator.locked, nothing written.
    let add = regdesk(
        d,
        &["candidate", "add", "--from", "-", "--json"],
        Some(NURSE),
    );
    assert_eq!(add.status.code(), Some(2), "{add:?}");
    assert_eq!(codes(&add), vec!["operator.locked"]);
    let list = regdesk(d, &["candidate", "list", "--json"], None);
    assert_eq!(list.status.code(), Some(2), "{list:?}");
    assert_eq!(codes(&list), vec!["operator.locked"]);
    // A wrong one is refused the same way.
    let wrong = regdesk(
        d,
        &["candidate", "list", "--json", "--password-stdin"],
        Some("not it\n"),
    );
    assert_eq!(wrong.status.code(), Some(2), "{wrong:?}");
    assert_eq!(codes(&wrong), vec!["operator.locked"]);

    // With it: the first line is the password, the rest is the command's own input.
    let add = regdesk(
        d,
        &[
            "candidate",
            "add",
            "--from",
            "-",
            "--json",
            "--password-stdin",
        ],
        Some(&format!("{PASSWORD}\n{NURSE}")),
    );
    assert_eq!(add.status.code(), Some(0), "{add:?}");
    let list = regdesk(
        d,
        &["candidate", "list", "--json", "--password-stdin"],
        Some(&format!("{PASSWORD}\n")),
    );
    assert_eq!(list.status.code(), Some(0), "{list:?}");
    assert_eq!(
        json(&list).as_array().unwrap().len(),
        1,
        "the refused add wrote nothing"
    );

    // A second first start is refused; a photo check touches no workspace and needs nothing.
    let again = regdesk(
        d,
        &[
            "operator", "setup", "--name", "李雷", "--role", "reviewer", "--json",
        ],
        None,
    );
    assert_eq!(again.status.code(), Some(1), "{again:?}");
    assert_eq!(codes(&again), vec!["operator.exists"]);
    let check = regdesk(
        d,
        &[
            "photo",
            "check",
            fixture("portrait_white.png").to_str().unwrap(),
            "--json",
        ],
        None,
    );
    assert_ne!(check.status.code(), Some(2), "{check:?}");
}

#[test]
fn setup_without_a_password_leaves_the_workspace_open_and_names_a_bad_role() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bad = regdesk(
        d,
        &["operator", "setup", "--name", "渝中", "--role", "boss"],
        None,
    );
    assert_eq!(bad.status.code(), Some(2), "{bad:?}");
    let ok = regdesk(
        d,
        &[
            "operator",
            "setup",
            "--name",
            "渝中培训中心",
            "--role",
            "training_centre",
            "--json",
        ],
        None,
    );
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    assert_eq!(json(&ok)["hasPassword"], false);
    let list = regdesk(d, &["candidate", "list", "--json"], None);
    assert_eq!(list.status.code(), Some(0), "{list:?}");
}

fn stdin_run(d: &std::path::Path, args: &[&str], input: &str) -> std::process::Output {
    regdesk(d, args, Some(input))
}

#[test]
fn a_password_encrypts_the_database_and_the_recovery_key_sets_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let setup = stdin_run(
        d,
        &[
            "operator",
            "setup",
            "--name",
            "培训中心",
            "--role",
            "training_centre",
            "--password-stdin",
            "--json",
        ],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(setup.status.code(), Some(0), "{setup:?}");
    let recovery = json(&setup)["recoveryKey"].as_str().unwrap().to_owned();
    let add = stdin_run(
        d,
        &[
            "candidate",
            "add",
            "--from",
            "-",
            "--json",
            "--password-stdin",
        ],
        &format!("{PASSWORD}\n{NURSE}"),
    );
    assert_eq!(add.status.code(), Some(0), "{add:?}");

    // The stock sqlite3 shell cannot read the file; the ID number is nowhere in plain bytes.
    let shell = std::process::Command::new("sqlite3")
        .arg(d.join("regdesk.db"))
        .arg(".tables")
        .output()
        .expect("sqlite3 (installed by scripts/setup.sh --test)");
    assert!(!shell.status.success(), "{shell:?}");
    assert!(String::from_utf8_lossy(&shell.stderr).contains("not a database"));
    let id = json(&add)["candidate"]["idNumber"]
        .as_str()
        .unwrap()
        .to_owned();
    for name in ["regdesk.db", "regdesk.db-wal"] {
        if let Ok(bytes) = std::fs::read(d.join(name)) {
            assert!(
                !bytes.windows(id.len()).any(|w| w == id.as_bytes()),
                "{name}"
            );
        }
    }

    // Changed: the old password no longer opens it, the new one does.
    let new = "second Horse 10";
    let change = stdin_run(
        d,
        &["operator", "password", "--json", "--password-stdin"],
        &format!("{PASSWORD}\n{new}\n"),
    );
    assert_eq!(change.status.code(), Some(0), "{change:?}");
    let old = stdin_run(
        d,
        &["candidate", "list", "--json", "--password-stdin"],
        &format!("{PASSWORD}\n"),
    );
    assert_eq!(codes(&old), vec!["operator.locked"]);

    // Forgotten: a wrong recovery key is refused; the one from setup sets a third password.
    let wrong = stdin_run(
        d,
        &["operator", "recover", "--json"],
        "0000-0000-0000-0000-0000-0000-0000-0000\nthird Horse 11\n",
    );
    assert_eq!(wrong.status.code(), Some(2), "{wrong:?}");
    let recover = stdin_run(
        d,
        &["operator", "recover", "--json"],
        &format!("{recovery}\nthird Horse 11\n"),
    );
    assert_eq!(recover.status.code(), Some(0), "{recover:?}");
    for (password, code) in [(new, 2), ("third Horse 11", 0)] {
        let list = stdin_run(
            d,
            &["candidate", "list", "--json", "--password-stdin"],
            &format!("{password}\n"),
        );
        assert_eq!(list.status.code(), Some(code), "{password}: {list:?}");
        if code == 0 {
            assert_eq!(json(&list)[0]["idNumber"], id.as_str());
        }
    }
}
