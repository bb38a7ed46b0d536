//! Every file the workspace keeps — database, WAL/SHM, backups, logs, keys, journals — is
//! readable by its user alone, after a session that touched each of them.

mod support;

use std::path::Path;

use support::*;

#[cfg(unix)]
fn modes(dir: &Path, out: &mut Vec<(String, u32)>) {
    use std::os::unix::fs::PermissionsExt;
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let meta = e.metadata().unwrap();
        out.push((
            e.path().display().to_string(),
            meta.permissions().mode() & 0o777,
        ));
        if meta.is_dir() {
            modes(&e.path(), out);
        }
    }
}

#[cfg(unix)]
#[test]
fn every_file_in_the_data_folder_is_the_users_alone_after_a_full_session() {
    let centre = tempfile::tempdir().unwrap();
    let d = centre.path().join("数据 folder");
    submitted_nurse(&d);
    let out = tempfile::tempdir().unwrap();
    let zip = out.path().join("p.zip");
    let export = regdesk(
        &d,
        &[
            "package",
            "export",
            "--id-number",
            ID,
            "-o",
            zip.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(export.status.code(), Some(0), "{export:?}");
    // A reviewer's folder too: opened package, a decision, its export and import.
    let desk = centre.path().join("desk");
    assert_eq!(
        regdesk(&desk, &["review", "open", zip.to_str().unwrap()], None)
            .status
            .code(),
        Some(0)
    );
    let list = json(&regdesk(&desk, &["review", "list", "--json"], None));
    let sha = list[0]["packageSha256"].as_str().unwrap().to_owned();
    regdesk(
        &desk,
        &["review", "decide", "--package", &sha, "--pass"],
        None,
    );
    let decisions = out.path().join("d.jsonl");
    regdesk(
        &desk,
        &["review", "export", "-o", decisions.to_str().unwrap()],
        None,
    );
    regdesk(&d, &["review", "import", decisions.to_str().unwrap()], None);
    regdesk(
        &d,
        &[
            "roster",
            "export",
            "-o",
            out.path().join("r.xlsx").to_str().unwrap(),
        ],
        None,
    );

    for folder in [&d, &desk] {
        let mut all = Vec::new();
        modes(folder, &mut all);
        assert!(
            all.iter().any(|(p, _)| p.ends_with(".log")),
            "the session wrote logs: {all:?}"
        );
        assert!(all.iter().any(|(p, _)| p.ends_with("regdesk.db")));
        // scan.jpg is the test's own input, written there by the support helper.
        let open: Vec<_> = all
            .iter()
            .filter(|(p, m)| m & 0o077 != 0 && !p.ends_with("/scan.jpg"))
            .collect();
        assert!(open.is_empty(), "readable by others: {open:?}");
    }
}
