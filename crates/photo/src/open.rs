//! Pictures open in the crop editor, each prepared once (decoded, faces found): a gesture then
//! names its picture by a token instead of sending the file again, and costs a crop, an encode
//! and a measurement. The last few pictures are kept; an older token is simply not found.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use crate::prepared::Prepared;

/// The photo tool and a profile's photo slot may be open at once.
const KEEP: usize = 3;

type Picture = Arc<Prepared<'static>>;

#[derive(Default)]
struct Open {
    last_token: u32,
    pictures: VecDeque<(u32, Picture)>,
}

#[derive(Default)]
pub struct OpenPictures {
    inner: Mutex<Open>,
}

impl OpenPictures {
    /// Keeps `picture` (dropping the oldest beyond the last few) and returns its token.
    pub fn open(&self, picture: Prepared<'static>) -> u32 {
        let mut open = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        open.last_token = open.last_token.wrapping_add(1);
        let token = open.last_token;
        open.pictures.push_back((token, Arc::new(picture)));
        while open.pictures.len() > KEEP {
            open.pictures.pop_front();
        }
        token
    }

    pub fn get(&self, token: u32) -> Option<Picture> {
        let open = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        open.pictures
            .iter()
            .find(|(t, _)| *t == token)
            .map(|(_, p)| Arc::clone(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prepared::prepare;

    #[test]
    fn the_last_few_pictures_stay_open_and_older_tokens_are_not_found() {
        let png = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/alpha.png"
        ))
        .unwrap();
        let open = OpenPictures::default();
        let tokens: Vec<u32> = (0..KEEP + 1)
            .map(|_| open.open(prepare(png.clone()).unwrap()))
            .collect();
        assert!(open.get(tokens[0]).is_none(), "the oldest was closed");
        for t in &tokens[1..] {
            assert_eq!(open.get(*t).unwrap().size(), (640, 760));
        }
        assert!(open.get(9999).is_none());
    }
}
