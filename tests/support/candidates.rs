//! Candidates and packages as a centre prepares them, through the store (no window).
#![allow(dead_code)]

/// A candidate as a centre prepares one, through the store: registered, photo, ID card and
/// diploma attached, a nurse's profile saved and, when asked, submitted for review.
pub fn prepared_candidate(
    rt: &tokio::runtime::Runtime,
    store: &regdesk_store::Store,
    id: &str,
    name: &str,
    gender: &str,
    submit: bool,
) {
    use regdesk_core::process::{ProcessAction, UploadSlot};
    use regdesk_core::{Actor, IdentityInput};
    use regdesk_store::{candidates, process};
    let actor = Actor::Cli("e2e".into());
    let identity = IdentityInput {
        name: name.into(),
        gender: gender.into(),
        id_number: id.into(),
        mobile: "13900001111".into(),
        email: "wf@example.com".into(),
    };
    assert!(
        rt.block_on(candidates::register(store, &identity, &actor, false))
            .unwrap()
            .added
    );
    let photo = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/portrait_white.png"),
    )
    .unwrap();
    for slot in [UploadSlot::Photo, UploadSlot::IdFront, UploadSlot::Diploma] {
        let attached = rt
            .block_on(regdesk_workflow::attach_file(
                store,
                id,
                slot,
                "portrait_white.png",
                regdesk_workflow::Upload::File(photo.clone()),
                &Default::default(),
                &actor,
            ))
            .unwrap();
        assert!(attached.report.stored, "{slot:?}");
    }
    let profile = nurse_profile();
    rt.block_on(process::apply_all(
        store,
        id,
        None,
        &[ProcessAction::SaveBasic { profile }],
        &actor,
    ))
    .unwrap()
    .unwrap();
    if submit {
        let report = rt
            .block_on(regdesk_workflow::submit_profile(store, id, &actor))
            .unwrap();
        assert!(report.submitted, "{report:?}");
    }
}

/// Two submitted candidates (王芳, 张三) exported as packages into `dir`, named `<id>.zip`.
pub fn two_packages(centre: &std::path::Path, dir: &std::path::Path) -> [&'static str; 2] {
    const WF: &str = "11010519491231002X";
    const ZS: &str = "500103199001010037";
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let store = rt.block_on(regdesk_store::Store::open(centre)).unwrap();
    for (id, name, gender) in [(WF, "王芳", "female"), (ZS, "张三", "male")] {
        prepared_candidate(&rt, &store, id, name, gender, true);
        let actor = regdesk_core::Actor::Cli("e2e".into());
        let (zip, _) = rt
            .block_on(regdesk_workflow::export_package(&store, id, &actor))
            .unwrap()
            .expect("a submitted profile has a package");
        std::fs::write(dir.join(format!("{id}.zip")), zip).unwrap();
    }
    [WF, ZS]
}

/// A nurse's profile: junior college, 护理, a hospital, a personal invoice.
pub fn nurse_profile() -> regdesk_core::profile::Profile {
    regdesk_core::profile::Profile {
        education: regdesk_core::profile::Education::JuniorCollege,
        major: "护理".into(),
        employer: "重庆市人民医院".into(),
        invoice: regdesk_core::profile::Invoice::Personal,
        medical_override: None,
    }
}
