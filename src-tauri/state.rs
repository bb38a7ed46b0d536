//! What the shell keeps for the app's lifetime. A database that cannot be opened is kept as
//! the error, so the window still opens and explains it instead of vanishing. A workspace
//! whose operator has a password starts locked: data commands refuse until it is unlocked.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use regdesk_core::{Actor, CommandError, ErrorCode};
use regdesk_store::{operators, resolve_data_dir, Store};

pub struct AppState {
    pub data_dir: Option<PathBuf>,
    store: Result<Store, CommandError>,
    locked: AtomicBool,
    /// The operator's id once known (0 = none yet: first start).
    operator: AtomicI64,
}

impl AppState {
    pub async fn open(explicit: Option<&Path>) -> Self {
        let (data_dir, store) = match resolve_data_dir(explicit) {
            Ok(dir) => {
                let store = Store::open(&dir).await.map_err(CommandError::from);
                (Some(dir), store)
            }
            Err(e) => (None, Err(e.into())),
        };
        // Fails closed: an operator lookup that errors leaves the workspace locked.
        let (operator, lookup_failed) = match &store {
            Ok(s) => match operators::current(s).await {
                Ok(o) => (o, false),
                Err(e) => {
                    eprintln!("RegDesk: operator lookup failed, staying locked: {e}");
                    (None, true)
                }
            },
            Err(_) => (None, false),
        };
        // Jobs a crashed or killed app left running are shown as interrupted (resumable).
        if let Ok(s) = &store {
            if let Err(e) = regdesk_store::jobs::interrupt_stale(s).await {
                eprintln!("RegDesk: could not mark interrupted jobs: {e}");
            }
        }
        Self {
            data_dir,
            store,
            locked: AtomicBool::new(
                lookup_failed || operator.as_ref().is_some_and(|o| o.has_password),
            ),
            operator: AtomicI64::new(operator.map_or(0, |o| o.id)),
        }
    }

    /// The store for data commands: refused while the workspace is locked.
    pub fn store(&self) -> Result<&Store, CommandError> {
        if self.is_locked() {
            return Err(CommandError::new(
                ErrorCode::Locked,
                "已锁定：请先输入密码",
                "locked: enter the password first",
            ));
        }
        self.any_store()
    }

    /// The store for the lock screen, first start and settings.
    pub fn any_store(&self) -> Result<&Store, CommandError> {
        self.store.as_ref().map_err(Clone::clone)
    }

    pub fn is_locked(&self) -> bool {
        self.locked.load(Ordering::SeqCst)
    }

    pub fn unlock(&self) {
        self.locked.store(false, Ordering::SeqCst);
    }

    pub fn lock(&self) {
        self.locked.store(true, Ordering::SeqCst);
    }

    pub fn set_operator(&self, id: i64) {
        self.operator.store(id, Ordering::SeqCst);
    }

    /// Who the audit log names: the operator, or the desktop user before the first start.
    pub fn actor(&self) -> Actor {
        match self.operator.load(Ordering::SeqCst) {
            0 => Actor::desktop(),
            id => Actor::Operator(id),
        }
    }
}
