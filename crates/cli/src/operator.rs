//! `regdesk operator setup` (first start from the command line) and the CLI's side of the lock:
//! on a workspace with a password every data command needs it — `--password-stdin` (its first
//! line), or a prompt on a terminal — and otherwise exits 2 with `operator.locked`, touching
//! nothing.

use std::io::{IsTerminal, Read};

use clap::Subcommand;
use regdesk_core::{CommandError, ErrorCode};
use regdesk_store::operators::{self, Role};
use regdesk_store::Store;

use crate::output::{print_json, print_problems};
use crate::{Context, Outcome};

#[derive(Subcommand)]
pub enum OperatorCommand {
    /// First start: who uses this workspace, in which role; with --password-stdin, the
    /// password (first line of standard input) that locks it.
    Setup {
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
}

fn parse_role(text: &str) -> Result<Role, String> {
    match text.trim() {
        "candidate" => Ok(Role::Candidate),
        "training_centre" => Ok(Role::TrainingCentre),
        "reviewer" => Ok(Role::Reviewer),
        other => Err(format!("{other}: candidate | training_centre | reviewer")),
    }
}

pub fn locked(detail_zh: &str, detail_en: &str) -> CommandError {
    CommandError::new(
        ErrorCode::Locked,
        format!("工作区已设置密码：{detail_zh}"),
        format!("the workspace has a password: {detail_en}"),
    )
    .with_field("password")
}

/// The first line of standard input, read byte by byte so the rest stays for the command
/// (e.g. `candidate add --from -`).
pub fn first_line_of_stdin() -> Result<String, CommandError> {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    let mut stdin = std::io::stdin().lock();
    while line.len() < 4096 {
        match stdin.read(&mut byte) {
            Ok(0) => break,
            Ok(_) if byte[0] == b'\n' => break,
            Ok(_) => line.push(byte[0]),
            Err(e) => {
                return Err(CommandError::new(
                    ErrorCode::InvalidInput,
                    format!("无法读取标准输入：{e}"),
                    format!("cannot read standard input: {e}"),
                ))
            }
        }
    }
    let text = String::from_utf8_lossy(&line);
    Ok(text.trim_end_matches('\r').to_owned())
}

/// Lets a data command run on `store`: nothing to do without a password; otherwise the
/// password given with `--password-stdin` or asked on a terminal, checked.
pub fn unlock(
    rt: &tokio::runtime::Runtime,
    store: &Store,
    given: Option<&str>,
) -> Result<(), CommandError> {
    let protected = rt
        .block_on(operators::current(store))?
        .is_some_and(|o| o.has_password);
    if !protected {
        return Ok(());
    }
    let password = if let Some(p) = given {
        p.to_owned()
    } else if std::io::stdin().is_terminal() {
        rpassword::prompt_password("密码 password: ").map_err(|e| {
            locked(
                &format!("无法读取密码（{e}）"),
                &format!("cannot read the password ({e})"),
            )
        })?
    } else {
        return Err(locked(
            "请用 --password-stdin 在标准输入的第一行给出密码",
            "give it on the first line of standard input with --password-stdin",
        ));
    };
    if rt.block_on(operators::verify_password(store, &password))? {
        Ok(())
    } else {
        Err(locked("密码不正确", "wrong password"))
    }
}

pub fn run(ctx: &Context, cmd: OperatorCommand) -> Outcome {
    let OperatorCommand::Setup { name, role } = cmd;
    let password = ctx.password.clone();
    let (rt, store) = ctx.open_store_unguarded()?;
    let created = rt.block_on(operators::create(&store, &name, role, password.as_deref()))?;
    match created {
        Ok(op) => {
            if ctx.json {
                print_json(&op);
            } else {
                println!("已设置 set up: {} ({:?})", op.name, op.role);
            }
            Ok(0)
        }
        Err(issues) => {
            if ctx.json {
                print_json(&serde_json::json!({ "issues": issues }));
            } else {
                print_problems(&issues);
            }
            Ok(1)
        }
    }
}
