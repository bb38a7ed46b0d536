//! What the shell keeps for the app's lifetime. A database that cannot be opened is kept as
//! the error, so the window still opens and explains it instead of vanishing.

use std::path::{Path, PathBuf};

use regdesk_core::CommandError;
use regdesk_store::{resolve_data_dir, Store};

pub struct AppState {
    pub data_dir: Option<PathBuf>,
    store: Result<Store, CommandError>,
}

impl AppState {
    pub async fn open(explicit: Option<&Path>) -> Self {
        match resolve_data_dir(explicit) {
            Ok(dir) => {
                let store = Store::open(&dir).await.map_err(CommandError::from);
                Self {
                    data_dir: Some(dir),
                    store,
                }
            }
            Err(e) => Self {
                data_dir: None,
                store: Err(e.into()),
            },
        }
    }

    pub fn store(&self) -> Result<&Store, CommandError> {
        self.store.as_ref().map_err(Clone::clone)
    }
}
