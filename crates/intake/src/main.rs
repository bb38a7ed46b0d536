//! `regdesk-intake`: serve the intake API, manage tokens. Exit codes as SPEC §6: 0 done,
//! 1 refused (e.g. nothing to revoke), 2 could not start (usage, configuration), 3 internal.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use regdesk_intake::blobs::{aws_settings, PackageStore};
use regdesk_intake::gc;
use regdesk_intake::serve::{serve, ServeError, ServeOptions};
use regdesk_intake::storage::{self, Role, StorageError};
use regdesk_intake::{token, DEFAULT_MAX_BODY};

#[derive(Parser)]
#[command(
    name = "regdesk-intake",
    version,
    about = "RegDesk intake server — receives packages exactly once"
)]
struct Cli {
    /// Folder for the SQLite database and, unless --object-store says otherwise, the packages
    /// (default: the OS data folder; env REGDESK_INTAKE_DATA_DIR).
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        env = "REGDESK_INTAKE_DATA_DIR"
    )]
    data_dir: Option<PathBuf>,
    /// PostgreSQL instead of SQLite: postgres://user:pass@host/db (env DATABASE_URL).
    #[arg(
        long,
        global = true,
        value_name = "URL",
        env = "DATABASE_URL",
        hide_env_values = true
    )]
    database_url: Option<String>,
    /// Where package bytes go: s3://BUCKET/PREFIX (endpoint, region and credentials from the
    /// AWS_* variables or --object-store-credentials) or a folder (default: DATA_DIR/packages).
    #[arg(long, global = true, value_name = "URL", env = "REGDESK_OBJECT_STORE")]
    object_store: Option<String>,
    /// A file of AWS_NAME=value lines readable by this user only (instead of the environment).
    #[arg(long, global = true, value_name = "FILE")]
    object_store_credentials: Option<PathBuf>,
    /// Allow plain HTTP to an object store that is not on this machine (a trusted network).
    #[arg(long, global = true)]
    insecure_object_store: bool,
    /// Machine-readable output.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the /v1 API.
    Serve {
        /// Address to listen on; port 0 picks a free one (printed on stdout).
        #[arg(long, default_value = "127.0.0.1:8750")]
        listen: SocketAddr,
        /// PEM certificate chain for HTTPS (with --tls-key).
        #[arg(long, requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// PEM private key for HTTPS.
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// Allow plain HTTP on a non-loopback address (only behind a trusted network/proxy).
        #[arg(long)]
        insecure_listen: bool,
        /// Largest request body in MB.
        #[arg(long, default_value_t = DEFAULT_MAX_BODY / (1024 * 1024))]
        max_body_mb: usize,
        /// PostgreSQL connections this server may hold (size it so that servers × this stays
        /// under the database's max_connections).
        #[arg(long, default_value_t = storage::PgStorage::DEFAULT_POOL)]
        max_connections: u32,
    },
    /// Delete stored packages that no submission names (older than the bound).
    Gc {
        /// Only packages stored at least this many hours ago.
        #[arg(long, default_value_t = 24)]
        older_than_hours: u64,
    },
    /// Move package bytes kept in the database by older versions into the package store
    /// (resumable: stop it at any point and run it again).
    MigrateBlobs {
        /// Rows per round.
        #[arg(long, default_value_t = 100)]
        batch: i64,
        /// Stop after this many rows (default: all).
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Tokens for submitters (centres, candidates), reviewers and admins.
    #[command(subcommand)]
    Token(TokenCommand),
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token; it is printed once and only its hash is kept.
    Create {
        #[arg(long)]
        org: String,
        #[arg(long, value_enum)]
        role: Role,
    },
    /// Revoke a token by its id (from `token list`) or by the token itself.
    Revoke { token: String },
    /// List tokens (ids, organisations, roles; never the secrets).
    List,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(tracing::Level::INFO)
        .with_target(false)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::from(3);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => ExitCode::from(code),
        Err((code, message)) => {
            eprintln!("regdesk-intake: {message}");
            ExitCode::from(code)
        }
    }
}

fn storage_error(e: StorageError) -> (u8, String) {
    match e {
        StorageError::Config(m) => (2, m),
        StorageError::Db(sqlx::Error::Configuration(m)) => (2, m.to_string()),
        StorageError::Db(
            e @ (sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::PoolTimedOut),
        ) => (
            2,
            format!("cannot reach the database / 无法连接数据库: {e}"),
        ),
        other => (3, other.to_string()),
    }
}

async fn run(cli: Cli) -> Result<u8, (u8, String)> {
    let data_dir = match cli.data_dir {
        Some(d) => d,
        None => regdesk_platform::paths::app_data_root()
            .map(|d| d.join("regdesk-intake"))
            .ok_or((2, "no data folder: give --data-dir".to_owned()))?,
    };
    let pool = match &cli.command {
        Command::Serve {
            max_connections, ..
        } => *max_connections,
        _ => 4,
    };
    let storage = storage::open_with(&data_dir, cli.database_url.as_deref(), pool)
        .await
        .map_err(storage_error)?;
    let blobs = || -> Result<PackageStore, (u8, String)> {
        let store = match cli.object_store.as_deref().map(str::trim) {
            Some(spec) if !spec.is_empty() => {
                let vars = aws_settings(cli.object_store_credentials.as_deref())
                    .map_err(|e| (2, e.to_string()))?;
                PackageStore::open(spec, &vars, cli.insecure_object_store)
            }
            _ => PackageStore::folder(&data_dir.join("packages")),
        };
        store.map_err(|e| (2, e.to_string()))
    };
    match cli.command {
        Command::Serve {
            listen,
            tls_cert,
            tls_key,
            insecure_listen,
            max_body_mb,
            max_connections: _,
        } => {
            let blobs = blobs()?;
            blobs.ping().await.map_err(|e| {
                (
                    2,
                    format!(
                        "cannot reach the package store {} / 无法连接对象存储: {e}",
                        blobs.describe
                    ),
                )
            })?;
            let options = ServeOptions {
                listen,
                tls: tls_cert.zip(tls_key),
                insecure_listen,
                max_body: max_body_mb.clamp(1, 1024) * 1024 * 1024,
            };
            serve(storage, blobs, options).await.map_err(|e| match e {
                ServeError::Refused(m) => (2, m),
                ServeError::Io(e) => (2, format!("cannot listen on {listen}: {e}")),
            })?;
            Ok(0)
        }
        Command::Gc { older_than_hours } => {
            let blobs = blobs()?;
            let report = gc::gc(
                storage.as_ref(),
                &blobs,
                std::time::Duration::from_secs(older_than_hours.saturating_mul(3600)),
            )
            .await
            .map_err(|e| (3, e.to_string()))?;
            if cli.json {
                println!("{}", serde_json::to_string(&report).unwrap_or_default());
            } else {
                println!(
                    "{} packages: {} in use, {} too recent, {} deleted / 已删除无记录的包",
                    report.scanned, report.kept, report.young, report.deleted
                );
            }
            Ok(0)
        }
        Command::MigrateBlobs { batch, limit } => {
            let blobs = blobs()?;
            let report = gc::migrate_blobs(storage.as_ref(), &blobs, batch.clamp(1, 10_000), limit)
                .await
                .map_err(|e| (3, e.to_string()))?;
            if cli.json {
                println!("{}", serde_json::to_string(&report).unwrap_or_default());
            } else {
                println!(
                    "moved {} packages to {}{} / 已迁移",
                    report.moved,
                    blobs.describe,
                    if report.done {
                        "; none left in the database"
                    } else {
                        "; more remain (run again)"
                    }
                );
            }
            Ok(0)
        }
        Command::Token(TokenCommand::Create { org, role }) => {
            let new = token::create(storage.as_ref(), &org, role)
                .await
                .map_err(storage_error)?;
            if cli.json {
                println!(
                    "{}",
                    serde_json::json!({ "token": new.secret, "org": new.row.org, "role": new.row.role })
                );
            } else {
                println!("{}", new.secret);
                eprintln!(
                    "token {} for {} ({}) — shown once, store it now / 令牌只显示这一次",
                    new.row.id,
                    new.row.org,
                    new.row.role.as_str()
                );
            }
            Ok(0)
        }
        Command::Token(TokenCommand::Revoke { token: given }) => {
            let done = token::revoke(storage.as_ref(), &given)
                .await
                .map_err(storage_error)?;
            if cli.json {
                println!("{}", serde_json::json!({ "revoked": done }));
            } else if done {
                println!("revoked / 已撤销");
            } else {
                println!("no live token with that id / 没有这个有效令牌");
            }
            Ok(if done { 0 } else { 1 })
        }
        Command::Token(TokenCommand::List) => {
            let rows = storage.tokens().await.map_err(storage_error)?;
            if cli.json {
                println!(
                    "{}",
                    serde_json::to_string(&rows).unwrap_or_else(|_| "[]".into())
                );
            } else {
                for r in rows {
                    println!(
                        "{}\t{}\t{}\t{}{}",
                        r.id,
                        r.org,
                        r.role.as_str(),
                        r.created_at,
                        r.revoked_at
                            .map(|t| format!("\trevoked {t}"))
                            .unwrap_or_default()
                    );
                }
            }
            Ok(0)
        }
    }
}
