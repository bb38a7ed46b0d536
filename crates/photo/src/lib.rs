//! RegDesk photo engine: any photo in, a compliant exam photo out — decode, orient, find the
//! face, frame, resize, encode into the spec's byte window at the highest quality, and explain
//! every check. Tauri-free; in-memory functions first, file wrappers in the shells.

// No panic reachable from a hostile file: unwrap, expect and unchecked indexing are errors
// in this crate's code (tests may use them).
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod backdrop;
pub mod background;
pub mod check;
pub mod check_name;
mod check_text;
pub mod chin;
pub mod colour;
pub mod crown;
pub mod decode;
pub mod encode;
pub mod error;
pub mod face;
pub mod frame;
pub mod headroom;
pub mod heif;
pub mod jfif;
pub mod jpeg_decode;
pub mod jpeg_region;
pub mod make;
pub mod matte;
pub mod open;
mod orient;
pub mod prepared;
pub mod preview;
pub mod report;
pub mod resize;
pub mod scan;
pub mod spec;
pub mod spec_check;
pub mod spec_colour;
pub mod surface;
mod survey;

pub use error::PhotoError;
pub use make::{check_photo, make_photo, make_prepared, MakeOptions, MakeOutcome};
pub use prepared::{prepare, Prepared};
pub use report::PhotoReport;
