//! An exam office's outcomes file: bounded parse, then every element through the import on a
//! real (temporary) workspace holding one registered candidate, as `registration import` does.
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

struct World {
    rt: tokio::runtime::Runtime,
    store: regdesk_store::Store,
    _dir: tempfile::TempDir,
}

static WORLD: OnceLock<World> = OnceLock::new();

fn world() -> &'static World {
    WORLD.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let store = rt
            .block_on(regdesk_store::Store::open(dir.path()))
            .expect("store");
        let input: regdesk_core::IdentityInput = serde_json::from_str(
            r#"{"name":"王芳","gender":"female","idNumber":"11010519491231002X","mobile":"13900001111","email":"wf@example.com"}"#,
        )
        .expect("identity");
        rt.block_on(regdesk_store::candidates::register(
            &store,
            &input,
            &regdesk_core::Actor::cli(),
            false,
        ))
        .expect("register");
        World { rt, store, _dir: dir }
    })
}

fuzz_target!(|data: &[u8]| {
    let w = world();
    if let Ok(elements) = regdesk_workflow::outcomes_array(data) {
        let _ = w.rt.block_on(regdesk_workflow::import_outcomes(
            &w.store,
            &elements,
            &regdesk_core::Actor::cli(),
        ));
    }
});
