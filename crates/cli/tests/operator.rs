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
    assert_eq!(list.status.code(), Some(2));
    assert_eq!(codes(&list), vec!["operator.locked"]);
    // A wrong one is refused the same way.
    let wrong = regdesk(
        d,
        &["candidate", "list", "--json", "--password-stdin"],
        Some("not it\n"),
    );
    assert_eq!(wrong.status.code(), Some(2));
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
    assert_eq!(list.status.code(), Some(0));
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
    assert_eq!(again.status.code(), Some(1));
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
