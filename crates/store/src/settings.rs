//! Settings the app remembers between runs, such as the UI language.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, Default)]
pub enum Locale {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Locale {
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub locale: Locale,
    /// The intake server submissions go to (`https://…/`); the token is in the OS credential
    /// store, never here.
    pub intake_endpoint: Option<String>,
    /// Minutes without use after which a workspace with a password locks itself (0 = never).
    pub lock_idle_minutes: u32,
}

impl Locale {
    pub fn parse(text: &str) -> Self {
        if text == "en" {
            Locale::En
        } else {
            Locale::ZhCn
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            locale: Locale::default(),
            intake_endpoint: None,
            lock_idle_minutes: DEFAULT_LOCK_IDLE_MINUTES,
        }
    }
}

pub const DEFAULT_LOCK_IDLE_MINUTES: u32 = 10;
/// A day: longer is "never" in practice, and 0 says so plainly.
pub const MAX_LOCK_IDLE_MINUTES: u32 = 24 * 60;

pub(crate) async fn get_raw(store: &Store, key: &str) -> Result<Option<String>, StoreError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE key = ?")
        .bind(key)
        .fetch_optional(store.pool())
        .await?;
    Ok(row.map(|r| r.0))
}

pub(crate) async fn set_raw(store: &Store, key: &str, value: &str) -> Result<(), StoreError> {
    let mut tx = store.begin_write().await?;
    sqlx::query("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(tx.conn())
        .await?;
    tx.commit().await
}

pub async fn load(store: &Store) -> Result<Settings, StoreError> {
    let locale = match get_raw(store, "locale").await?.as_deref() {
        Some("en") => Locale::En,
        _ => Locale::ZhCn,
    };
    let intake_endpoint = get_raw(store, "intake.endpoint").await?;
    let lock_idle_minutes = get_raw(store, "lock.idle_minutes")
        .await?
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_LOCK_IDLE_MINUTES);
    Ok(Settings {
        locale,
        intake_endpoint,
        lock_idle_minutes,
    })
}

pub async fn set_locale(store: &Store, locale: Locale) -> Result<Settings, StoreError> {
    set_raw(store, "locale", locale.as_str()).await?;
    crate::vault::set_locale(store.dir(), locale.as_str())?;
    load(store).await
}

/// Stores the intake endpoint (checked by the caller); empty clears it.
pub async fn set_intake_endpoint(store: &Store, endpoint: &str) -> Result<Settings, StoreError> {
    let endpoint = endpoint.trim();
    if endpoint.is_empty() {
        let mut tx = store.begin_write().await?;
        sqlx::query("DELETE FROM settings WHERE key = 'intake.endpoint'")
            .execute(tx.conn())
            .await?;
        tx.commit().await?;
    } else {
        set_raw(store, "intake.endpoint", endpoint).await?;
    }
    load(store).await
}

/// Stores the idle re-lock delay (clamped to a day).
pub async fn set_lock_idle_minutes(store: &Store, minutes: u32) -> Result<Settings, StoreError> {
    let minutes = minutes.min(MAX_LOCK_IDLE_MINUTES);
    set_raw(store, "lock.idle_minutes", &minutes.to_string()).await?;
    load(store).await
}
