//! Tauri commands, one module per area. Each takes one args struct, calls one core function
//! and maps the error; nothing else.

pub mod app;
pub mod batch;
pub mod bindings;
pub mod candidates;
pub mod exam;
pub mod operator;
pub mod photo;
pub mod settings;
pub mod workspace;

/// Commands return this; the error crosses IPC as `{code, message, messageEn, field?}`.
pub type CmdResult<T> = Result<T, regdesk_core::CommandError>;
