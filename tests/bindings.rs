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

/// Every value crossing IPC has a type: no `any` or `unknown` in a generated binding (a
/// `serde_json::Value` would export as one and let the window read anything from it).
#[test]
fn no_binding_is_untyped() {
    let fresh = tempfile::tempdir().unwrap();
    regdesk_desktop::export_bindings(fresh.path()).expect("export bindings");
    let word = |text: &str, w: &str| {
        text.match_indices(w).any(|(i, _)| {
            let before = text[..i].chars().next_back();
            let after = text[i + w.len()..].chars().next();
            let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            !ident(before) && !ident(after)
        })
    };
    let untyped: Vec<String> = read_dir(fresh.path())
        .into_iter()
        .filter(|(_, text)| {
            // Doc comments may say "unknown"; only the declarations count.
            let code: String = text
                .lines()
                .filter(|l| {
                    let t = l.trim_start();
                    !(t.starts_with("/**") || t.starts_with('*') || t.starts_with("//"))
                })
                .collect::<Vec<_>>()
                .join("\n");
            // String literal values ("unknown" as a MajorKind) are not types.
            let code = strip_strings(&code);
            word(&code, "any") || word(&code, "unknown")
        })
        .map(|(name, _)| name)
        .collect();
    assert!(untyped.is_empty(), "untyped bindings: {untyped:?}");
}

fn strip_strings(code: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in code.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            out.push(c);
        }
    }
    out
}
