//! Use cases that span the store, the photo engine and packages. Both shells (desktop
//! commands, CLI) call these and only format the results.

mod attach;
pub mod credentials;
mod export;
mod files;
pub mod folder_batch;
mod import;
pub mod jobs;
pub mod logs;
pub mod photo_file;
pub mod photo_job;
pub mod photo_specs;
mod plan;
mod register;
pub mod review;
pub mod roster;
pub mod signing;
pub mod step_guard;
pub mod submission;
mod submit;
mod ticket;
mod workspace;

pub use attach::{attach_file, AttachOutcome, SlotReport, Upload, UploadReport};
pub use export::export_package;
pub use files::write_atomic;
pub use import::{import_outcomes, outcomes_array, ElementOutcome, MAX_OUTCOMES_BYTES};
pub use plan::{plan_sessions, Plan, SessionSlot};
pub use register::{register_with_profile, RegisterReport};
pub use submit::{submit_profile, SubmitReport};
pub use ticket::{all_tickets_pdf, ticket_pdf, tickets_pdf, TicketBatch, TicketRefusal};
pub use workspace::{
    apply_step, apply_window_step, check_basic, failed_reasons, jpeg_data_url, overview,
    refused_source, registration_views, save_basic, Overview, RefusedView, RegistrationView,
    ReviewReason, StepReport, UploadView,
};
