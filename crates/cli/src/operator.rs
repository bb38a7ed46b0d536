//! `regdesk operator setup` (first start from the command line), `operator password` and
//! `operator recover`, and the CLI's side of the lock: on a workspace with a password (its
//! database encrypted) every data command needs it — `--password-stdin` (its first line), or a
//! prompt on a terminal — and otherwise exits 2 with `operator.locked`, touching nothing.

use std::io::{IsTerminal, Read};

use clap::Subcommand;
use regdesk_core::{CommandError, ErrorCode};
use regdesk_store::operators::{self, Operator, Role};
use regdesk_store::{cipher, vault, Store, StoreError};
use serde::Serialize;

use crate::output::{print_json, print_problems};
use crate::{Context, Outcome};

#[derive(Subcommand)]
pub enum OperatorCommand {
    /// First start: who uses this workspace, in which role; with --password-stdin, the
    /// password (first line of standard input) that locks and encrypts it. Prints the
    /// recovery key once.
    Setup {
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// Sets or changes the password: the new one on the next line of standard input (after the
    /// current one given with --password-stdin), or asked on a terminal. A first password
    /// encrypts the database and prints the recovery key once; a change re-keys it.
    Password,
    /// Forgotten password: the recovery key, then a new password, one per line of standard
    /// input (or asked on a terminal).
    Recover,
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

/// A secret from the next line of standard input, or asked on a terminal.
fn secret(prompt: &str) -> Result<String, CommandError> {
    if std::io::stdin().is_terminal() {
        rpassword::prompt_password(prompt).map_err(|e| {
            locked(
                &format!("无法读取（{e}）"),
                &format!("cannot read it ({e})"),
            )
        })
    } else {
        first_line_of_stdin()
    }
}

/// Opens the workspace for a data command: with the password given, or asked on a terminal
/// when the workspace needs one; refused (`Locked`) otherwise.
pub fn open(rt: &tokio::runtime::Runtime, ctx: &Context) -> Result<Store, CommandError> {
    let dir = ctx.data_dir()?;
    match rt.block_on(cipher::open_with_password(&dir, ctx.password.as_deref())) {
        Err(StoreError::Locked) if ctx.password.is_none() => {
            if !std::io::stdin().is_terminal() {
                return Err(locked(
                    "请用 --password-stdin 在标准输入的第一行给出密码",
                    "give it on the first line of standard input with --password-stdin",
                ));
            }
            let p = secret("密码 password: ")?;
            Ok(rt.block_on(cipher::open_with_password(&dir, Some(&p)))?)
        }
        Err(StoreError::WrongPassword) => Err(locked("密码不正确", "wrong password")),
        other => Ok(other?),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OperatorReport {
    #[serde(flatten)]
    operator: Operator,
    /// Shown once, when a password is first set: it alone can set a new password later.
    #[serde(skip_serializing_if = "Option::is_none")]
    recovery_key: Option<String>,
}

fn print_operator(ctx: &Context, operator: Operator, recovery_key: Option<String>, said: &str) {
    if ctx.json {
        print_json(&OperatorReport {
            operator,
            recovery_key,
        });
        return;
    }
    println!("{said}: {} ({:?})", operator.name, operator.role);
    if let Some(key) = recovery_key {
        println!("恢复密钥 recovery key: {key}");
        println!(
            "请抄写或打印并妥善保存：忘记密码时只有它能设置新密码；没有密码和恢复密钥，数据无法打开。\n\
             Write it down or print it and keep it safe: if the password is forgotten only it can \
             set a new one; without the password and the recovery key the data cannot be opened."
        );
    }
}

fn print_issues(ctx: &Context, issues: &[regdesk_core::Problem]) {
    if ctx.json {
        print_json(&serde_json::json!({ "issues": issues }));
    } else {
        print_problems(issues);
    }
}

fn setup(ctx: &Context, name: &str, role: Role) -> Outcome {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(CommandError::internal)?;
    let dir = ctx.data_dir()?;
    if vault::is_encrypted(&dir) {
        print_issues(ctx, &[operators::exists()]);
        return Ok(1);
    }
    let store = rt.block_on(Store::open(&dir))?;
    let password = ctx.password.as_deref().filter(|p| !p.is_empty());
    let op = match rt.block_on(operators::create(&store, name, role, password))? {
        Ok(op) => op,
        Err(issues) => {
            print_issues(ctx, &issues);
            return Ok(1);
        }
    };
    let recovery = match password {
        Some(p) => {
            let (store, recovery) = rt.block_on(cipher::encrypt(store, p))?;
            crate::opened(&store);
            Some(recovery)
        }
        None => {
            crate::opened(&store);
            None
        }
    };
    print_operator(ctx, op, recovery, "已设置 set up");
    Ok(0)
}

fn set_password(ctx: &Context) -> Outcome {
    let (rt, store) = ctx.open_store()?;
    let Some(op) = rt.block_on(operators::current(&store))? else {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            "请先用 operator setup 完成首次设置",
            "run operator setup first",
        ));
    };
    let new = secret("新密码 new password: ")?;
    let issues = operators::password_problems(&new);
    if !issues.is_empty() {
        print_issues(ctx, &issues);
        return Ok(1);
    }
    let recovery = if vault::is_encrypted(store.dir()) {
        let old = match ctx.password.clone() {
            Some(p) => p,
            None => secret("当前密码 current password: ")?,
        };
        let store = rt
            .block_on(cipher::change_password(store, &old, &new))
            .map_err(|e| match e {
                StoreError::WrongPassword => locked("密码不正确", "wrong password"),
                e => e.into(),
            })?;
        crate::opened(&store);
        None
    } else {
        rt.block_on(operators::set_password_hash(&store, &new))?;
        let (store, recovery) = rt.block_on(cipher::encrypt(store, &new))?;
        crate::opened(&store);
        Some(recovery)
    };
    let op = Operator {
        has_password: true,
        ..op
    };
    print_operator(ctx, op, recovery, "密码已设置 password set");
    Ok(0)
}

fn recover(ctx: &Context) -> Outcome {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(CommandError::internal)?;
    let dir = ctx.data_dir()?;
    if !vault::is_encrypted(&dir) {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            "此工作区没有加密，无需恢复",
            "this workspace is not encrypted: nothing to recover",
        ));
    }
    let key = secret("恢复密钥 recovery key: ")?;
    let new = secret("新密码 new password: ")?;
    let issues = operators::password_problems(&new);
    if !issues.is_empty() {
        print_issues(ctx, &issues);
        return Ok(1);
    }
    let unlocked = rt.block_on(vault::recover(&dir, &key, &new))?;
    let store = rt.block_on(Store::open_unlocked(&dir, &unlocked))?;
    crate::opened(&store);
    rt.block_on(operators::set_password_hash(&store, &new))?;
    let op = rt
        .block_on(operators::current(&store))?
        .ok_or_else(|| CommandError::internal("encrypted workspace without operator"))?;
    print_operator(
        ctx,
        op,
        None,
        "已用恢复密钥设置新密码 new password set with the recovery key",
    );
    Ok(0)
}

pub fn run(ctx: &Context, cmd: OperatorCommand) -> Outcome {
    match cmd {
        OperatorCommand::Setup { name, role } => setup(ctx, &name, role),
        OperatorCommand::Password => set_password(ctx),
        OperatorCommand::Recover => recover(ctx),
    }
}
