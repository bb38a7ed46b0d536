//! Package bytes, kept outside the database under their SHA-256: a local folder (the default,
//! nothing to configure) or S3-compatible object storage (`s3://bucket/prefix`, configured by
//! the usual `AWS_*` variables). Content addressing is what keeps a retried write harmless: the
//! same bytes land on the same key, so "store the bytes, then the row" needs no cleanup when the
//! row write fails — the orphan is collected later by `gc`.

use std::path::Path as FsPath;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use regdesk_core::digest::sha256_hex;

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("{0}")]
    Config(String),
    #[error("object store: {0}")]
    Store(#[from] object_store::Error),
    #[error("stored package {key} does not match its SHA-256 (damaged or replaced in storage)")]
    Mismatch { key: String },
}

pub type Result<T> = std::result::Result<T, BlobError>;

/// Where packages live, and under which key prefix.
#[derive(Clone)]
pub struct PackageStore {
    store: Arc<dyn ObjectStore>,
    prefix: Path,
    /// For logs and `health`: `folder /srv/…` or `s3://bucket/prefix` (never credentials).
    pub describe: String,
}

/// Packages are a few hundred KB; a lost connection to the object store should fail the
/// request within the client's patience rather than hang it.
const S3_TIMEOUT: Duration = Duration::from_secs(30);

impl PackageStore {
    /// A folder on this machine (created private when missing).
    pub fn folder(dir: &FsPath) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| {
            BlobError::Config(format!(
                "cannot create the package folder {}: {e}",
                dir.display()
            ))
        })?;
        regdesk_platform::fs::private_dir(dir);
        let store = LocalFileSystem::new_with_prefix(dir)?;
        Ok(Self {
            store: Arc::new(store),
            prefix: Path::default(),
            describe: format!("folder {}", dir.display()),
        })
    }

    /// `--object-store`: `s3://bucket[/prefix]`, or a folder (`file:///path` or a plain path).
    /// `vars` are the `AWS_*` settings (environment, then the credentials file).
    pub fn open(spec: &str, vars: &[(String, String)], insecure_http: bool) -> Result<Self> {
        let spec = spec.trim();
        if let Some(rest) = spec.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(BlobError::Config(
                    "--object-store s3://BUCKET/PREFIX: the bucket is missing".into(),
                ));
            }
            let mut builder = AmazonS3Builder::new()
                .with_bucket_name(bucket)
                .with_client_options(
                    object_store::ClientOptions::new()
                        .with_timeout(S3_TIMEOUT)
                        .with_connect_timeout(Duration::from_secs(5)),
                );
            let mut endpoint = None;
            for (k, v) in vars {
                if let Ok(key) = k.to_ascii_lowercase().parse() {
                    if matches!(key, object_store::aws::AmazonS3ConfigKey::Endpoint) {
                        endpoint = Some(v.clone());
                    }
                    builder = builder.with_config(key, v);
                }
            }
            if let Some(url) = endpoint.as_deref() {
                check_plain_http(url, insecure_http)?;
            }
            let store = builder
                .build()
                .map_err(|e| BlobError::Config(format!("--object-store {spec}: {e}")))?;
            let prefix = prefix.trim_matches('/');
            return Ok(Self {
                store: Arc::new(store),
                prefix: Path::from(prefix),
                describe: format!("s3://{bucket}/{prefix}"),
            });
        }
        let dir = spec.strip_prefix("file://").unwrap_or(spec);
        if dir.contains("://") {
            return Err(BlobError::Config(format!(
                "--object-store takes s3://BUCKET/PREFIX or a folder (got {})",
                dir.split("://").next().unwrap_or("?")
            )));
        }
        Self::folder(FsPath::new(dir))
    }

    /// `<prefix>/sha256/ab/abcdef….zip`: two hex digits of fan-out keep one folder (or S3 list
    /// page) from holding every package.
    fn key(&self, sha256: &str) -> Path {
        let tail = format!("sha256/{}/{sha256}.zip", &sha256[..2.min(sha256.len())]);
        if self.prefix.as_ref().is_empty() {
            Path::from(tail)
        } else {
            Path::from(format!("{}/{tail}", self.prefix))
        }
    }

    /// The key as the store names it, for logs and tests.
    pub fn key_of(&self, sha256: &str) -> String {
        self.key(sha256).to_string()
    }

    pub async fn put(&self, sha256: &str, bytes: Bytes) -> Result<()> {
        self.store
            .put(&self.key(sha256), PutPayload::from_bytes(bytes))
            .await?;
        Ok(())
    }

    pub async fn exists(&self, sha256: &str) -> Result<bool> {
        match self.store.head(&self.key(sha256)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// The bytes, checked against their name: storage that returns other bytes is an error,
    /// never a package served to a reviewer.
    pub async fn get(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        let key = self.key(sha256);
        let bytes = match self.store.get(&key).await {
            Ok(found) => found.bytes().await?,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        if sha256_hex(&bytes) != sha256 {
            return Err(BlobError::Mismatch {
                key: key.to_string(),
            });
        }
        Ok(Some(bytes.to_vec()))
    }

    /// Reachable and answering: a HEAD of a key that is never written.
    pub async fn ping(&self) -> Result<()> {
        let probe = if self.prefix.as_ref().is_empty() {
            Path::from("health-probe")
        } else {
            Path::from(format!("{}/health-probe", self.prefix))
        };
        match self.store.head(&probe).await {
            Ok(_) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// Every stored package: (SHA-256, last modified).
    pub async fn list(&self) -> Result<Vec<(String, DateTime<Utc>)>> {
        let under = if self.prefix.as_ref().is_empty() {
            Path::from("sha256")
        } else {
            Path::from(format!("{}/sha256", self.prefix))
        };
        let mut out = Vec::new();
        let mut stream = self.store.list(Some(&under));
        while let Some(meta) = stream.next().await {
            let meta = meta?;
            if let Some(sha) = meta
                .location
                .filename()
                .and_then(|f| f.strip_suffix(".zip"))
                .filter(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()))
            {
                out.push((sha.to_owned(), meta.last_modified));
            }
        }
        Ok(out)
    }

    /// Last modified time, None when missing.
    pub async fn modified(&self, sha256: &str) -> Result<Option<DateTime<Utc>>> {
        match self.store.head(&self.key(sha256)).await {
            Ok(meta) => Ok(Some(meta.last_modified)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn delete(&self, sha256: &str) -> Result<()> {
        match self.store.delete(&self.key(sha256)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

/// ID numbers travel inside packages: plain HTTP to the object store only on this machine,
/// unless the operator says the network is trusted.
fn check_plain_http(endpoint: &str, insecure_http: bool) -> Result<()> {
    let Some(rest) = endpoint.trim().strip_prefix("http://") else {
        return Ok(());
    };
    let host = rest.split(['/', '?']).next().unwrap_or("");
    let host = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    let loopback = host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if loopback || insecure_http {
        Ok(())
    } else {
        Err(BlobError::Config(format!(
            "refusing plain HTTP to the object store at {endpoint} (packages hold ID numbers): use \
             https://, or pass --insecure-object-store on a trusted network / 对象存储不接受非本机的明文 HTTP"
        )))
    }
}

/// `AWS_*` settings: the environment first, then a credentials file (KEY=VALUE lines) that
/// only the server's user may read.
pub fn aws_settings(file: Option<&FsPath>) -> Result<Vec<(String, String)>> {
    let mut vars: Vec<(String, String)> = std::env::vars()
        .filter(|(k, _)| k.starts_with("AWS_"))
        .collect();
    if let Some(path) = file {
        if !regdesk_platform::fs::is_private(path) {
            return Err(BlobError::Config(format!(
                "{} can be read by other users; make it readable by the server's user only (chmod 600) / 凭据文件权限过宽",
                path.display()
            )));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| BlobError::Config(format!("cannot read {}: {e}", path.display())))?;
        for line in text.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let line = line.strip_prefix("export ").unwrap_or(line);
            match line.split_once('=') {
                Some((k, v)) if k.trim().starts_with("AWS_") => {
                    vars.push((k.trim().to_owned(), v.trim().trim_matches('"').to_owned()))
                }
                _ => {
                    return Err(BlobError::Config(format!(
                        "{}: every line must be AWS_NAME=value",
                        path.display()
                    )))
                }
            }
        }
    }
    Ok(vars)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_on_loopback_unless_allowed() {
        assert!(check_plain_http("http://127.0.0.1:8333", false).is_ok());
        assert!(check_plain_http("http://localhost:8333/", false).is_ok());
        assert!(check_plain_http("http://[::1]:8333", false).is_ok());
        assert!(check_plain_http("https://oss-cn-chengdu.aliyuncs.com", false).is_ok());
        let refused = check_plain_http("http://10.0.0.5:8333", false).unwrap_err();
        assert!(refused.to_string().contains("10.0.0.5"), "{refused}");
        assert!(check_plain_http("http://10.0.0.5:8333", true).is_ok());
    }

    #[tokio::test]
    async fn a_folder_store_names_objects_by_hash_and_checks_them_on_read() {
        let dir = tempfile::tempdir().unwrap();
        let store = PackageStore::folder(dir.path()).unwrap();
        let bytes = b"PK fake package".to_vec();
        let sha = sha256_hex(&bytes);
        store.put(&sha, Bytes::from(bytes.clone())).await.unwrap();
        let path = dir.path().join(store.key_of(&sha));
        assert!(path.is_file(), "{}", path.display());
        assert_eq!(store.get(&sha).await.unwrap(), Some(bytes));
        assert_eq!(store.list().await.unwrap().len(), 1);
        std::fs::write(&path, b"replaced").unwrap();
        assert!(matches!(
            store.get(&sha).await,
            Err(BlobError::Mismatch { .. })
        ));
        store.delete(&sha).await.unwrap();
        assert!(!store.exists(&sha).await.unwrap());
        assert_eq!(store.get(&sha).await.unwrap(), None);
    }
}
