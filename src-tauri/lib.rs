//! The desktop shell: opens the store, registers commands, starts the window. Every command
//! is a thin delegation to the Tauri-free crates (`regdesk-core`, `regdesk-store`).

mod commands;
mod state;
mod written;

use std::path::PathBuf;

pub use commands::bindings::export_bindings;
use state::AppState;
use tauri::Manager;

/// The one list of IPC commands: it feeds `generate_handler!` and the generated TypeScript
/// command names (`ui/src/bindings/commands.ts`), so the window cannot call a command that
/// does not exist (vue-tsc fails) and a new command cannot be left out of either.
macro_rules! app_commands {
    ($then:ident) => {
        $then!(
            commands::app::app_info,
            commands::operator::operator_status,
            commands::operator::setup_operator,
            commands::operator::unlock,
            commands::operator::lock,
            commands::operator::change_password,
            commands::operator::recover_password,
            commands::settings::set_lock_idle,
            commands::operator::set_role,
            commands::candidates::validate_identity,
            commands::candidates::add_candidate,
            commands::candidates::list_candidates,
            commands::candidates::correct_identity,
            commands::settings::get_settings,
            commands::settings::set_locale,
            commands::workspace::candidate_overview,
            commands::workspace::refused_source,
            commands::workspace::validate_profile,
            commands::workspace::check_basic,
            commands::workspace::save_basic,
            commands::workspace::attach_upload,
            commands::workspace::submit_profile,
            commands::workspace::apply_step,
            commands::workspace::export_package,
            commands::exam::exam_catalog,
            commands::exam::open_sessions,
            commands::exam::ticket_pdf,
            commands::exam::open_in_viewer,
            commands::exam::open_folder_of,
            commands::photo::make_photo_preview,
            commands::photo::save_photo,
            commands::photo::photo_source,
            commands::photo::photo_specs,
            commands::photo::add_photo_spec,
            commands::batch::photo_batch,
            commands::batch::cancel_batch,
            commands::batch::list_jobs,
            commands::batch::discard_job,
            commands::app::diagnostics,
            commands::roster::roster_template,
            commands::roster::roster_import,
            commands::roster::roster_grid,
            commands::roster::roster_export,
            commands::roster::acknowledge_same_photo,
            commands::roster::bulk_submit,
            commands::roster::bulk_export,
            commands::roster::edit_cell,
            commands::roster::bulk_tickets,
            commands::submission::intake_settings,
            commands::submission::save_intake_settings,
            commands::submission::submit_to_intake,
            commands::submission::submission_status,
            commands::review::review_open,
            commands::review::review_queue,
            commands::review::review_package,
            commands::review::review_material,
            commands::review::review_decide,
            commands::review::review_reasons,
            commands::review::review_export,
            commands::review::review_import,
            commands::review::review_trust,
            commands::review::review_sync,
        )
    };
}

macro_rules! handler_of {
    ($($($seg:ident)::+),* $(,)?) => { tauri::generate_handler![$($($seg)::+),*] };
}

macro_rules! names_of {
    ($($($seg:ident)::+),* $(,)?) => { &[$(stringify!($($seg)::+)),*] };
}

/// Every command's name as the window invokes it.
pub fn command_names() -> Vec<&'static str> {
    let paths: &[&'static str] = app_commands!(names_of);
    paths
        .iter()
        .map(|p| p.rsplit("::").next().unwrap_or(p).trim())
        .collect()
}

/// `--data-dir DIR` or `--data-dir=DIR` on the command line overrides the data folder.
fn data_dir_arg() -> Option<PathBuf> {
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--data-dir" {
            return args.next().map(PathBuf::from);
        }
        if let Some(v) = a.strip_prefix("--data-dir=") {
            return Some(PathBuf::from(v));
        }
    }
    None
}

/// What a user without the system web view is told (WebView2 on Windows; WebKitGTK, which
/// the .deb depends on, on Linux), instead of a program that closes without a word.
fn no_webview(detail: &str) -> ! {
    regdesk_platform::notice::fatal(
        "考试报名助手 RegDesk 无法启动 / cannot start",
        &format!(
            "本机缺少 Microsoft Edge WebView2 运行时，RegDesk 的窗口需要它。\n\
             请从 https://go.microsoft.com/fwlink/p/?LinkId=2124703 下载并安装“常青版引导程序”\
             （Evergreen Bootstrapper，不需要管理员权限），然后重新打开 RegDesk。\
             Windows 11 与已更新的 Windows 10 通常已自带。命令行工具 regdesk.exe 不需要它，可照常使用。\n\n\
             This computer lacks the Microsoft Edge WebView2 Runtime, which RegDesk's window \
             needs. Install the Evergreen Bootstrapper from \
             https://go.microsoft.com/fwlink/p/?LinkId=2124703 (no administrator rights \
             needed), then start RegDesk again. Windows 11 and updated Windows 10 include it. \
             The command-line tool regdesk.exe works without it.\n\n({detail})"
        ),
    );
    std::process::exit(3);
}

pub fn run() {
    if let Err(e) = tauri::webview_version() {
        no_webview(&e.to_string());
    }
    let state = tauri::async_runtime::block_on(AppState::open(data_dir_arg().as_deref()));
    let _log = state
        .data_dir
        .as_deref()
        .and_then(regdesk_workflow::logs::init);
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        schema = regdesk_store::Store::schema_version(),
        store_open = state.any_store().is_ok(),
        "app start"
    );
    let handler: fn(tauri::ipc::Invoke) -> bool = app_commands!(handler_of);
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .manage(regdesk_photo::open::OpenPictures::default())
        .manage(commands::batch::RunningBatches::default())
        .setup(|app| {
            commands::submission::start_background(app.handle().clone());
            Ok(())
        })
        // Each command is logged by name (its arguments may identify a person: never logged).
        .invoke_handler(move |invoke| {
            let command = invoke.message.command().to_owned();
            tracing::info!(command, "invoke");
            // The one lock gate: a locked workspace answers only the lock screen's commands.
            let locked = invoke.message.webview().state::<AppState>().is_locked();
            if let Err(e) = commands::gate::check(locked, &command) {
                tracing::warn!(command, "refused: locked");
                invoke.resolver.reject(e);
                return true;
            }
            handler(invoke)
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            // A GUI program on Windows has no console: the notice is a message box there.
            regdesk_platform::notice::fatal(
                "考试报名助手 RegDesk 无法启动 / could not start",
                &e.to_string(),
            );
            std::process::exit(3);
        });
}
