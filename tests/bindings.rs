//! The TypeScript bindings in `ui/src/bindings/` must equal a fresh export from the Rust
//! types. Regenerate with `UPDATE_BINDINGS=1 cargo test --test bindings`.

use std::collections::BTreeMap;
use std::path::Path;

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read_to_string(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn committed_typescript_bindings_match_the_rust_types() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        for name in read_dir(&committed).keys() {
            std::fs::remove_file(committed.join(name)).unwrap();
        }
        regdesk_desktop::export_bindings(&committed).expect("export bindings");
        return;
    }
    let fresh = tempfile::tempdir().unwrap();
    regdesk_desktop::export_bindings(fresh.path()).expect("export bindings");
    let want = read_dir(fresh.path());
    let have = read_dir(&committed);
    assert!(!want.is_empty(), "no bindings exported");
    let stale: Vec<&String> = want
        .keys()
        .filter(|k| have.get(*k) != want.get(*k))
        .collect();
    let extra: Vec<&String> = have.keys().filter(|k| !want.contains_key(*k)).collect();
    assert!(
        stale.is_empty() && extra.is_empty(),
        "ui/src/bindings is stale (changed or missing: {stale:?}; no longer exported: {extra:?}); \
         run `UPDATE_BINDINGS=1 cargo test --test bindings` and commit the result"
    );
}
