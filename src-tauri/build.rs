//! Tauri's build step, with an app manifest: every IPC command gets an `allow-<command>`
//! permission, and the window's capability (tauri.conf.json) grants exactly those — a command
//! the capability does not list cannot be invoked. The command names come from the one list
//! in `lib.rs` (`app_commands!`), read here so the two cannot drift.

fn command_names() -> Vec<String> {
    let lib = std::fs::read_to_string("src-tauri/lib.rs").expect("src-tauri/lib.rs");
    let start = lib
        .find("macro_rules! app_commands")
        .expect("app_commands! in lib.rs");
    let block = &lib[start..];
    let end = block.find("\n}\n").unwrap_or(block.len());
    block[..end]
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter_map(|token| token.strip_prefix("commands::"))
        .filter_map(|path| path.rsplit("::").next())
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/lib.rs");
    let names: Vec<&'static str> = command_names()
        .into_iter()
        .map(|n| &*Box::leak(n.into_boxed_str()))
        .collect();
    assert!(names.len() > 40, "commands read from lib.rs: {names:?}");
    let names: &'static [&'static str] = Box::leak(names.into_boxed_slice());
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(names)),
    )
    .expect("tauri build step");
}
