//! Attaching a photo against a real SQLite file: a picture the crop editor has open stores
//! exactly what attaching the file stores.

mod common;

use common::*;
use regdesk_core::process::UploadSlot;
use regdesk_photo::frame::CropRect;
use regdesk_photo::spec::default_spec;
use regdesk_photo::{prepare, MakeOptions};
use regdesk_store::Store;
use regdesk_workflow::{attach_file, Upload};

fn portrait() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/sideways_exif6.jpg"
    ))
    .unwrap()
}

#[tokio::test]
async fn an_open_picture_stores_the_same_photo_as_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let id = registered(&store, 1).await;
    let bytes = portrait();
    let open = std::sync::Arc::new(prepare(bytes.clone()).unwrap());
    let auto = regdesk_photo::make_prepared(&open, &default_spec(), &MakeOptions::default())
        .unwrap()
        .report
        .crop
        .unwrap();
    // The crop editor zoomed in by 3 %.
    let zoom = MakeOptions {
        crop: Some(CropRect {
            x: auto.x + auto.width * 0.015,
            y: auto.y + auto.height * 0.015,
            width: auto.width * 0.97,
            height: auto.height * 0.97,
        }),
        ..Default::default()
    };
    for options in [MakeOptions::default(), zoom] {
        let mut stored = vec![];
        for upload in [Upload::File(bytes.clone()), Upload::Open(open.clone())] {
            let out = attach_file(
                &store,
                &id,
                UploadSlot::Photo,
                "me.jpg",
                upload,
                &options,
                &actor(),
            )
            .await
            .unwrap();
            assert!(out.report.stored, "{:?}", out.report);
            stored.push(out.report.sha256.clone().unwrap());
        }
        assert_eq!(stored[0], stored[1], "{options:?}");
    }
}
