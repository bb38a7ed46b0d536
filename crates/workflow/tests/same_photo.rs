//! The same picture stored for two people is flagged on both rows of the grid (a perceptual
//! hash survives re-encoding), and the clerk can acknowledge it; a different face is not.

mod common;

use std::path::Path;

use common::*;
use regdesk_core::process::UploadSlot;
use regdesk_photo::MakeOptions;
use regdesk_store::{attachments, Store};
use regdesk_workflow::roster::grid_rows;
use regdesk_workflow::{attach_file, Upload};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures")
            .join(name),
    )
    .unwrap()
}

async fn attach(store: &Store, id: &str, file: &str) -> bool {
    attach_bytes(store, id, file, fixture(file)).await
}

async fn attach_bytes(store: &Store, id: &str, file: &str, bytes: Vec<u8>) -> bool {
    let out = attach_file(
        store,
        id,
        UploadSlot::Photo,
        file,
        Upload::File(bytes),
        &MakeOptions::default(),
        &actor(),
    )
    .await
    .unwrap();
    out.report.stored
}

#[tokio::test]
async fn one_picture_for_two_people_is_flagged_on_both_and_can_be_acknowledged() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).await.unwrap();
    let (a, b, c) = (
        registered(&store, 1).await,
        registered(&store, 2).await,
        registered(&store, 3).await,
    );
    assert!(attach(&store, &a, "portrait_white.png").await);
    // The same portrait, rotated by EXIF: a different file, the same picture once made.
    assert!(attach(&store, &b, "sideways_exif6.jpg").await);
    // Another picture: the portrait mirrored (for the hash, a different photo).
    let mirrored = image::load_from_memory(&fixture("portrait_white.png"))
        .unwrap()
        .fliph();
    let mut png = Vec::new();
    mirrored
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    assert!(attach_bytes(&store, &c, "mirrored.png", png).await);

    let grid = grid_rows(&store).await.unwrap();
    let row = |id: &str| grid.iter().find(|r| r.id_number == id).unwrap().clone();
    assert_eq!(row(&a).same_photo_as, std::slice::from_ref(&b));
    assert_eq!(row(&b).same_photo_as, std::slice::from_ref(&a));
    assert!(
        row(&a).problems.iter().any(|p| p.contains(&b)),
        "{:?}",
        row(&a).problems
    );
    assert!(
        row(&c).same_photo_as.is_empty(),
        "{:?}",
        row(&c).same_photo_as
    );

    assert!(attachments::acknowledge_duplicate(&store, &a, &actor())
        .await
        .unwrap());
    let grid = grid_rows(&store).await.unwrap();
    let a_row = grid.iter().find(|r| r.id_number == a).unwrap();
    assert!(a_row.same_photo_acknowledged && !a_row.problems.iter().any(|p| p.contains(&b)));
    assert!(
        !grid
            .iter()
            .find(|r| r.id_number == b)
            .unwrap()
            .same_photo_acknowledged
    );
}
