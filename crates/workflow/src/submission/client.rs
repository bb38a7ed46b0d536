//! The HTTP side of submitting: one request per call, classified as accepted, refused for good
//! (a 4xx other than 408/429 — the server's problem kept for the user), or transient (no
//! connection, timeout, 5xx, 408, 429 — with the server's Retry-After when it gave one).

use std::time::Duration;

use regdesk_core::{CommandError, ErrorCode};
use serde::Deserialize;

/// Answers larger than this are not the intake API.
const MAX_ANSWER: u64 = 8 * 1024 * 1024;

pub struct IntakeClient {
    base: String,
    token: String,
    agent: ureq::Agent,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Accepted {
    pub submission_id: String,
    pub package_sha256: String,
    pub status: String,
    pub received_at: String,
}

#[derive(Debug, Clone)]
pub enum Attempt {
    Accepted(Accepted),
    /// The server's answer and problem object (SPEC §6).
    Refused {
        status: u16,
        problem: serde_json::Value,
    },
    Transient {
        detail: String,
        retry_after: Option<Duration>,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RemoteItem {
    pub submission_id: String,
    pub id_number: String,
    pub package_sha256: String,
    pub status: String,
    #[serde(default)]
    pub issues: serde_json::Value,
    #[serde(default)]
    pub valid_until: Option<String>,
    #[serde(default)]
    pub decided_at: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    pub items: Vec<RemoteItem>,
    pub next_cursor: String,
}

fn config_error(zh: String, en: String) -> CommandError {
    CommandError::new(ErrorCode::InvalidInput, zh, en).with_field("endpoint")
}

/// `https://…`, or `http://` to this machine only (a token must not cross a network in clear).
pub fn check_endpoint(endpoint: &str) -> Result<(String, bool), CommandError> {
    let e = endpoint.trim().trim_end_matches('/');
    let (scheme, rest) = e.split_once("://").ok_or_else(|| {
        config_error(
            format!("报送地址 {e} 须以 https:// 开头"),
            format!("the endpoint {e} must start with https://"),
        )
    })?;
    let host = rest.split('/').next().unwrap_or("");
    let host_only = if let Some(v6) = host.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    let loopback = host_only == "localhost"
        || host_only
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    match scheme.to_ascii_lowercase().as_str() {
        "https" if !host_only.is_empty() => Ok((e.to_owned(), loopback)),
        "http" if loopback => Ok((e.to_owned(), true)),
        "http" => Err(config_error(
            format!("报送地址 {e} 不是本机地址，必须使用 https://（令牌和身份证号不能明文传输）"),
            format!("{e} is not this machine: use https:// (the token and ID numbers must not travel in clear)"),
        )),
        _ => Err(config_error(
            format!("报送地址 {e} 无效"),
            format!("the endpoint {e} is not a valid https:// address"),
        )),
    }
}

impl IntakeClient {
    pub fn new(endpoint: &str, token: &str) -> Result<Self, CommandError> {
        let (base, loopback) = check_endpoint(endpoint)?;
        let token = token.trim();
        if token.is_empty() {
            return Err(CommandError::new(
                ErrorCode::InvalidInput,
                "缺少报送令牌：在设置 → 报送服务中填写，或设置 REGDESK_INTAKE_TOKEN",
                "no intake token: set it in Settings → Intake service or REGDESK_INTAKE_TOKEN",
            )
            .with_field("token"));
        }
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(120)))
            .user_agent(concat!("regdesk/", env!("CARGO_PKG_VERSION")));
        if loopback {
            // A proxy from the environment must not see a loopback server's traffic.
            config = config.proxy(None);
        }
        Ok(Self {
            base,
            token: token.to_owned(),
            agent: config.build().into(),
        })
    }

    pub fn endpoint(&self) -> &str {
        &self.base
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    fn auth(&self) -> String {
        format!("Bearer {}", self.token)
    }

    /// One POST of a package under its idempotency key.
    pub fn submit(&self, idem_key: &str, package: &[u8]) -> Attempt {
        let sent = self
            .agent
            .post(&format!("{}/v1/submissions", self.base))
            .header("Authorization", &self.auth())
            .header("Idempotency-Key", idem_key)
            .header("Content-Type", "application/zip")
            .send(package);
        let mut response = match sent {
            Ok(r) => r,
            Err(e) => {
                return Attempt::Transient {
                    detail: e.to_string(),
                    retry_after: None,
                }
            }
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(|s| Duration::from_secs(s.min(300)));
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER)
            .read_to_string();
        let body = match body {
            Ok(b) => b,
            // Reset mid-answer: the server may have stored it; the same key will tell.
            Err(e) => {
                return Attempt::Transient {
                    detail: format!("HTTP {status}: answer broke off: {e}"),
                    retry_after,
                }
            }
        };
        match status {
            200 | 201 => match serde_json::from_str::<Accepted>(&body) {
                Ok(a) => Attempt::Accepted(a),
                Err(e) => Attempt::Transient {
                    detail: format!("HTTP {status}: unexpected answer: {e}"),
                    retry_after,
                },
            },
            408 | 429 | 500..=599 => Attempt::Transient {
                detail: format!("HTTP {status}"),
                retry_after,
            },
            _ => Attempt::Refused {
                status,
                problem: serde_json::from_str(&body).unwrap_or_else(|_| {
                    serde_json::json!({
                        "code": "intake.bad_request",
                        "messageZh": format!("服务器拒绝（HTTP {status}）"),
                        "messageEn": format!("refused by the server (HTTP {status})"),
                    })
                }),
            },
        }
    }

    /// One page of status changes after `since`.
    pub fn changes(&self, since: &str) -> Result<Page, Attempt> {
        let sent = self
            .agent
            .get(&format!("{}/v1/submissions", self.base))
            .query("since", since)
            .header("Authorization", &self.auth())
            .call();
        let body = answer(sent, MAX_ANSWER)?;
        serde_json::from_slice(&body).map_err(|e| Attempt::Transient {
            detail: format!("unexpected answer: {e}"),
            retry_after: None,
        })
    }

    /// A submission's package bytes (reviewers pull them onto the desk).
    pub fn package(&self, submission_id: &str, limit: u64) -> Result<Vec<u8>, Attempt> {
        let sent = self
            .agent
            .get(&format!(
                "{}/v1/submissions/{submission_id}/package",
                self.base
            ))
            .header("Authorization", &self.auth())
            .call();
        answer(sent, limit)
    }

    /// Records a reviewer's decision on a submission (`passed` / `failed` with reasons).
    pub fn decide(&self, submission_id: &str, body: &serde_json::Value) -> Result<(), Attempt> {
        let sent = self
            .agent
            .post(&format!(
                "{}/v1/submissions/{submission_id}/decision",
                self.base
            ))
            .header("Authorization", &self.auth())
            .header("Content-Type", "application/json")
            .send(body.to_string().as_bytes());
        answer(sent, MAX_ANSWER).map(|_| ())
    }
}

/// A 2xx answer's body (read up to `limit`), or the attempt classified: 408, 429 and 5xx are
/// transient, any other status refused with the server's problem.
fn answer(
    sent: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    limit: u64,
) -> Result<Vec<u8>, Attempt> {
    let transient = |detail: String| Attempt::Transient {
        detail,
        retry_after: None,
    };
    let mut response = sent.map_err(|e| transient(e.to_string()))?;
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(limit)
        .read_to_vec()
        .map_err(|e| transient(e.to_string()))?;
    match status {
        200..=299 => Ok(body),
        408 | 429 | 500..=599 => Err(transient(format!("HTTP {status}"))),
        _ => Err(Attempt::Refused {
            status,
            problem: serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
        }),
    }
}
