//! What the shell keeps for the app's lifetime. A database that cannot be opened is kept as
//! the error, so the window still opens and explains it instead of vanishing. A workspace
//! whose operator has a password starts locked: data commands refuse until it is unlocked. An
//! encrypted workspace has no store at all until the password opens it; after that, locking
//! hides and refuses, and the key stays in this process's memory until it exits.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::RwLock;

use regdesk_core::{Actor, CommandError, ErrorCode};
use regdesk_store::operators::{self, Operator};
use regdesk_store::{resolve_data_dir, vault, Store, StoreError};

pub struct AppState {
    pub data_dir: Option<PathBuf>,
    store: RwLock<Result<Store, CommandError>>,
    locked: AtomicBool,
    /// The operator's id once known (0 = none yet: first start).
    operator: AtomicI64,
    /// Files this session wrote: the only ones `open_in_viewer` opens.
    pub written: crate::written::Written,
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
            Err(_) => (data_dir.as_deref().and_then(holder), false),
        };
        if let Ok(s) = &store {
            opened(s).await;
        }
        Self {
            data_dir,
            store: RwLock::new(store),
            locked: AtomicBool::new(
                lookup_failed || operator.as_ref().is_some_and(|o| o.has_password),
            ),
            operator: AtomicI64::new(operator.map_or(0, |o| o.id)),
            written: Default::default(),
        }
    }

    /// The store for data commands: refused while the workspace is locked.
    pub fn store(&self) -> Result<Store, CommandError> {
        if self.is_locked() {
            return Err(CommandError::new(
                ErrorCode::Locked,
                "已锁定：请先输入密码",
                "locked: enter the password first",
            ));
        }
        self.any_store()
    }

    /// The store for the lock screen, first start and settings (absent while an encrypted
    /// workspace waits for its password).
    pub fn any_store(&self) -> Result<Store, CommandError> {
        match self.store.read() {
            Ok(s) => s.clone(),
            Err(_) => Err(CommandError::internal("store lock poisoned")),
        }
    }

    /// The store reopened (encrypted, re-keyed) or opened by the password.
    pub async fn set_store(&self, store: Store) {
        opened(&store).await;
        if let Ok(mut s) = self.store.write() {
            *s = Ok(store);
        }
    }

    /// The operator of an encrypted workspace before it is opened (from its key file).
    pub fn holder(&self) -> Option<Operator> {
        self.data_dir.as_deref().and_then(holder)
    }

    /// The language an encrypted workspace's lock screen speaks (kept in its key file).
    pub fn lock_screen_locale(&self) -> regdesk_store::settings::Locale {
        let saved = self.data_dir.as_deref().and_then(vault::locale);
        regdesk_store::settings::Locale::parse(saved.as_deref().unwrap_or(""))
    }

    pub fn data_dir(&self) -> Result<&Path, CommandError> {
        self.data_dir
            .as_deref()
            .ok_or_else(|| StoreError::NoDataDir.into())
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

fn holder(dir: &Path) -> Option<Operator> {
    vault::holder(dir).ok().flatten().map(|h| Operator {
        id: h.id,
        name: h.name,
        role: h.role,
        has_password: true,
    })
}

/// Jobs a crashed or killed app left running are shown as interrupted (resumable).
async fn opened(store: &Store) {
    if let Err(e) = regdesk_store::jobs::interrupt_stale(store).await {
        eprintln!("RegDesk: could not mark interrupted jobs: {e}");
    }
}
