//! `regdesk`: the command line over the RegDesk crates, for batch use and for tests. Its JSON
//! output and exit codes are a contract (SPEC §6): 0 done, 1 problems in the data, 2 could
//! not start, 3 internal failure.

mod candidate;
mod console;
mod keys;
mod operator;
mod output;
mod photo;
mod profile;
mod registration;
mod review;
mod roster;
mod submit;
mod ticket;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use regdesk_core::CommandError;
use regdesk_store::{resolve_data_dir, Store};

#[derive(Parser)]
#[command(
    name = "regdesk",
    version,
    about = "考试报名助手 RegDesk — command line"
)]
struct Cli {
    /// Data folder holding regdesk.db (default: the desktop app's; env REGDESK_DATA_DIR).
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Machine-readable JSON output.
    #[arg(long, global = true)]
    json: bool,
    /// The workspace password on the first line of standard input (a workspace with a
    /// password refuses data commands without it: exit 2, operator.locked).
    #[arg(long, global = true)]
    password_stdin: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Register and list candidates.
    #[command(subcommand)]
    Candidate(candidate::CandidateCommand),
    /// Validate values: id-number, uscc, mobile, email (one JSON object per line).
    Validate(validate::ValidateArgs),
    /// The profile: check & confirm.
    #[command(subcommand)]
    Profile(profile::ProfileCommand),
    /// Packages: export a candidate's, verify one.
    #[command(subcommand)]
    Package(profile::PackageCommand),
    /// Exam registration outcomes from outside (review, payment, serial, session …).
    #[command(subcommand)]
    Registration(registration::RegistrationCommand),
    /// Rosters for training centres: template, import (with materials), export.
    #[command(subcommand)]
    Roster(roster::RosterCommand),
    /// The exam catalogue: sessions open for registration.
    #[command(subcommand)]
    Catalog(registration::CatalogCommand),
    /// Exam sessions: split candidates into batches by serial number.
    #[command(subcommand)]
    Batch(registration::BatchCommand),
    /// ID photos: make a compliant one, or check one.
    #[command(subcommand)]
    Photo(photo::PhotoCommand),
    /// Scans of documents (ID card front, diploma, work proof).
    #[command(subcommand)]
    Doc(photo::DocCommand),
    /// Admission tickets (准考证) as PDF: one candidate or all whose ticket is open.
    Ticket(ticket::TicketArgs),
    /// Submit packages to an intake server (exactly once), or pull their review status.
    Submit(submit::SubmitArgs),
    /// Package signing keys: this workspace's, and the ones it trusts.
    #[command(subcommand)]
    Keys(keys::KeysCommand),
    /// Offline review: open packages, decide, export and import signed decisions.
    #[command(subcommand)]
    Review(review::ReviewCommand),
    /// The workspace's operator: first start from the command line.
    #[command(subcommand)]
    Operator(operator::OperatorCommand),
}

/// What a command decided: its exit code (0 or 1); errors that stop it are `Err`.
/// Batches decode many large pictures on several threads; glibc's adaptive mmap threshold then
/// keeps freed pixel buffers in fragmented heaps (RSS grew ~0.45 MB per photo), mimalloc does not.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub type Outcome = Result<u8, CommandError>;

pub struct Context {
    pub json: bool,
    /// The first line of stdin with `--password-stdin`, read before any command reads stdin.
    pub password: Option<String>,
    data_dir: Option<PathBuf>,
}

impl Context {
    /// The workspace for a data command: an encrypted one (or one with a password) opens
    /// only with the password — `--password-stdin` or a prompt on a terminal.
    pub fn open_store(&self) -> Result<(tokio::runtime::Runtime, Store), CommandError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(CommandError::internal)?;
        let store = operator::open(&runtime, self)?;
        opened(&store);
        Ok((runtime, store))
    }

    pub fn data_dir(&self) -> Result<PathBuf, CommandError> {
        Ok(resolve_data_dir(self.data_dir.as_deref())?)
    }

    /// For commands whose job engine blocks its own threads on the store (submission):
    /// their `Handle::block_on` needs a runtime whose drivers run on worker threads.
    pub fn open_store_threaded(&self) -> Result<(tokio::runtime::Runtime, Store), CommandError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(CommandError::internal)?;
        let store = operator::open(&runtime, self)?;
        opened(&store);
        Ok((runtime, store))
    }
}

/// The workspaces this run opened, closed before the process ends ([`close_opened`]).
static OPENED: std::sync::Mutex<Vec<Store>> = std::sync::Mutex::new(Vec::new());

/// Notes a workspace to close at the end of the command.
pub fn opened(store: &Store) {
    if let Ok(mut all) = OPENED.lock() {
        all.push(store.clone());
    }
}

/// Closes every workspace the command opened: SQLite folds its WAL into the database (a copy
/// of `regdesk.db` taken afterwards is whole), and no connection thread is still at work when
/// the process exits — Windows ends such threads mid-call (Wine sometimes kills the process).
fn close_opened() {
    let stores = OPENED.lock().map(|mut all| std::mem::take(&mut *all));
    let Ok(stores) = stores else { return };
    if stores.is_empty() {
        return;
    }
    if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        rt.block_on(async {
            for store in stores {
                store.close().await;
            }
        });
    }
}

fn main() -> ExitCode {
    let _console = console::init();
    let cli = Cli::parse();
    let ctx = Context {
        json: cli.json,
        password: None,
        data_dir: cli.data_dir,
    };
    // The password comes first on stdin: read it before a command reads its own input there.
    let ctx = if cli.password_stdin {
        match operator::first_line_of_stdin() {
            Ok(p) => Context {
                password: Some(p),
                ..ctx
            },
            Err(e) => {
                output::print_error(&ctx, &e);
                return ExitCode::from(e.code.exit_code() as u8);
            }
        }
    } else {
        ctx
    };
    // Logs go to an existing data folder only: a photo command never creates one just for that.
    let _log = regdesk_store::resolve_data_dir(ctx.data_dir.as_deref())
        .ok()
        .filter(|d| d.is_dir())
        .and_then(|d| regdesk_workflow::logs::init(&d));
    let name = command_name(&cli.command);
    let started = std::time::Instant::now();
    tracing::info!(command = name, "start");
    let outcome = match cli.command {
        Command::Candidate(cmd) => candidate::run(&ctx, cmd),
        Command::Validate(args) => validate::run(&ctx, args),
        Command::Photo(cmd) => photo::run_photo(&ctx, cmd),
        Command::Profile(cmd) => profile::run_profile(&ctx, cmd),
        Command::Registration(cmd) => registration::run_registration(&ctx, cmd),
        Command::Batch(cmd) => registration::run_batch(&ctx, cmd),
        Command::Catalog(cmd) => registration::run_catalog(&ctx, cmd),
        Command::Roster(cmd) => roster::run(&ctx, cmd),
        Command::Package(cmd) => profile::run_package(&ctx, cmd),
        Command::Doc(cmd) => photo::run_doc(&ctx, cmd),
        Command::Ticket(args) => ticket::run(&ctx, args),
        Command::Submit(args) => submit::run(&ctx, args),
        Command::Keys(cmd) => keys::run(&ctx, cmd),
        Command::Review(cmd) => review::run(&ctx, cmd),
        Command::Operator(cmd) => operator::run(&ctx, cmd),
    };
    close_opened();
    let ms = started.elapsed().as_millis() as u64;
    match outcome {
        Ok(code) => {
            tracing::info!(command = name, ms, exit = code, "end");
            ExitCode::from(code)
        }
        Err(e) => {
            let code = serde_json::to_value(e.code).unwrap_or_default();
            tracing::warn!(command = name, ms, exit = e.code.exit_code(), code = %code, "failed");
            output::print_error(&ctx, &e);
            ExitCode::from(e.code.exit_code() as u8)
        }
    }
}

/// The subcommand's name for the log (its arguments may hold ID numbers and are not logged).
fn command_name(c: &Command) -> &'static str {
    match c {
        Command::Candidate(_) => "candidate",
        Command::Validate(_) => "validate",
        Command::Photo(_) => "photo",
        Command::Profile(_) => "profile",
        Command::Registration(_) => "registration",
        Command::Batch(_) => "batch",
        Command::Catalog(_) => "catalog",
        Command::Roster(_) => "roster",
        Command::Package(_) => "package",
        Command::Doc(_) => "doc",
        Command::Ticket(_) => "ticket",
        Command::Submit(_) => "submit",
        Command::Keys(_) => "keys",
        Command::Review(_) => "review",
        Command::Operator(_) => "operator",
    }
}
