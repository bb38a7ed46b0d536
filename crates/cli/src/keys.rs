//! `regdesk keys show|trust`: this workspace's signing key (its fingerprint is what others
//! trust), and the keys this workspace trusts.

use clap::Subcommand;
use regdesk_core::{Actor, CommandError, ErrorCode};
use regdesk_store::keys;
use regdesk_workflow::signing::workspace_key;

use crate::output::print_json;
use crate::{Context, Outcome};

#[derive(Subcommand)]
pub enum KeysCommand {
    /// This workspace's signing key: fingerprint and public key (made on first use).
    Show,
    /// Trust a signer's key by its fingerprint, under a name people recognise.
    Trust {
        fingerprint: String,
        #[arg(long)]
        name: String,
    },
    /// The keys this workspace trusts (one JSON array with --json).
    List,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn run(ctx: &Context, cmd: KeysCommand) -> Outcome {
    let (rt, store) = ctx.open_store()?;
    let dir = store
        .path()
        .parent()
        .ok_or_else(|| CommandError::internal("no data folder"))?
        .to_owned();
    match cmd {
        KeysCommand::Show => {
            let key = workspace_key(&dir)?.verifying_key();
            let fingerprint = regdesk_package::sign::fingerprint(&key);
            if ctx.json {
                print_json(&serde_json::json!({
                    "fingerprint": fingerprint,
                    "publicKey": hex(key.as_bytes()),
                    "algorithm": "ed25519",
                }));
            } else {
                println!("签名密钥指纹 fingerprint: {fingerprint}");
            }
            Ok(0)
        }
        KeysCommand::Trust { fingerprint, name } => {
            let fp = fingerprint
                .trim()
                .to_ascii_lowercase()
                .replace([':', ' '], "");
            if fp.len() != 64 || !fp.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(CommandError::new(
                    ErrorCode::InvalidInput,
                    "指纹应为 64 位十六进制（regdesk keys show 显示的那一串）",
                    "a fingerprint is 64 hex digits (as regdesk keys show prints it)",
                )
                .with_field("fingerprint"));
            }
            let name = name.trim();
            if name.is_empty() {
                return Err(CommandError::new(
                    ErrorCode::InvalidInput,
                    "请用 --name 写明这是谁的密钥",
                    "give --name: whose key this is",
                )
                .with_field("name"));
            }
            rt.block_on(keys::trust(&store, &fp, name, &Actor::cli()))?;
            if ctx.json {
                print_json(
                    &serde_json::json!({ "fingerprint": fp, "name": name, "trusted": true }),
                );
            } else {
                println!("已信任 trusted: {name} ({fp})");
            }
            Ok(0)
        }
        KeysCommand::List => {
            let all = rt.block_on(keys::all(&store))?;
            if ctx.json {
                print_json(&all);
            } else {
                for k in all {
                    println!("{}\t{}", k.fingerprint, k.name);
                }
            }
            Ok(0)
        }
    }
}
