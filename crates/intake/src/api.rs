//! The `/v1` HTTP API (docs/intake.openapi.yaml): submissions in exactly once, status out.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{Months, NaiveDate};
use futures_util::StreamExt;
use regdesk_core::digest::sha256_hex;
use regdesk_core::{Problem, ReasonCode};
use regdesk_package::{verify, ArchiveLimits, PackageError};
use serde::{Deserialize, Serialize};

use crate::blobs::PackageStore;
use crate::error::ApiError;
use crate::storage::{Decision, Inserted, NewSubmission, Status, Storage, Submission, TokenRow};
use crate::token::hash_token;

/// A package of the four slots is ~0.3 MB; 20 MB leaves room and bounds what one request holds.
pub const DEFAULT_MAX_BODY: usize = 20 * 1024 * 1024;
const PAGE_DEFAULT: i64 = 100;
const PAGE_MAX: i64 = 500;

#[derive(Clone)]
pub struct AppState {
    pub storage: Arc<dyn Storage>,
    pub blobs: PackageStore,
    pub max_body: usize,
    /// Set when shutdown begins: `/v1/ready` turns 503 so a load balancer stops sending.
    pub draining: Arc<AtomicBool>,
}

impl AppState {
    pub fn new(storage: Arc<dyn Storage>, blobs: PackageStore, max_body: usize) -> Self {
        Self {
            storage,
            blobs,
            max_body,
            draining: Arc::new(AtomicBool::new(false)),
        }
    }
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/health", get(health))
        .route("/v1/ready", get(ready))
        .route("/v1/submissions", post(create).get(changes))
        .route("/v1/submissions/{id}", get(show))
        .route("/v1/submissions/{id}/package", get(package))
        .route("/v1/submissions/{id}/decision", post(decide))
        // The body is read as a stream against our own cap (create), not buffered by axum.
        .layer(DefaultBodyLimit::disable())
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// One line per request: method, path (never the token or body), status, duration.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        path,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Health {
    status: &'static str,
    database: &'static str,
    object_store: &'static str,
    version: &'static str,
}

/// Liveness with its dependencies: the database and the package store both answer.
async fn health(State(state): State<AppState>) -> Response {
    let (database, store) = tokio::join!(state.storage.ping(), state.blobs.ping());
    if let Err(e) = &database {
        tracing::error!(error = %e, "health: database unreachable");
    }
    if let Err(e) = &store {
        tracing::error!(error = %e, store = %state.blobs.describe, "health: object store unreachable");
    }
    let ok = database.is_ok() && store.is_ok();
    let body = Health {
        status: if ok { "ok" } else { "degraded" },
        database: if database.is_ok() {
            "reachable"
        } else {
            "unreachable"
        },
        object_store: if store.is_ok() {
            "reachable"
        } else {
            "unreachable"
        },
        version: env!("CARGO_PKG_VERSION"),
    };
    let code = if ok {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, Json(body)).into_response()
}

/// Readiness for a load balancer: as `health`, and 503 once shutdown has begun (in-flight
/// requests still finish).
async fn ready(State(state): State<AppState>) -> Response {
    if state.draining.load(Ordering::SeqCst) {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({ "status": "draining" })),
        )
            .into_response();
    }
    health(State(state)).await
}

async fn authorise(state: &AppState, headers: &HeaderMap) -> Result<TokenRow, ApiError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(ApiError::unauthorized)?;
    let secret = value
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(ApiError::unauthorized)?;
    state
        .storage
        .token_by_hash(&hash_token(secret))
        .await?
        .ok_or_else(ApiError::unauthorized)
}

/// A submission this token may see; another organisation's is "not found" (its existence is
/// not revealed).
async fn visible(state: &AppState, token: &TokenRow, id: &str) -> Result<Submission, ApiError> {
    match state.storage.submission(id).await? {
        Some(s) if token.role.sees_all() || s.org == token.org => Ok(s),
        _ => Err(ApiError::not_found()),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Created {
    submission_id: String,
    received_at: String,
    package_sha256: String,
    status: Status,
}

impl From<&Submission> for Created {
    fn from(s: &Submission) -> Self {
        Self {
            submission_id: s.submission_id.clone(),
            received_at: s.received_at.clone(),
            package_sha256: s.package_sha256.clone(),
            status: s.status,
        }
    }
}

fn replay(existing: &Submission, sha256: &str) -> Result<Response, ApiError> {
    if existing.package_sha256 == sha256 {
        // The first response again: a retry never makes a second submission.
        return Ok((StatusCode::OK, Json(Created::from(existing))).into_response());
    }
    Err(ApiError::new(
        StatusCode::CONFLICT,
        "Idempotency-Key",
        ReasonCode::IntakeIdempotencyConflict,
        "同一个 Idempotency-Key 已用于另一个包；每个新包请用新的键",
        "this Idempotency-Key was used for another package; use a new key for each package",
    ))
}

async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let token = authorise(&state, &headers).await?;
    if token.role != crate::storage::Role::Submitter && token.role != crate::storage::Role::Admin {
        return Err(ApiError::forbidden(
            "审核人员令牌不能报送；请使用报送（submitter）令牌",
            "a reviewer token cannot submit; use a submitter token",
        ));
    }
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("");
    let key = uuid::Uuid::parse_str(key)
        .map_err(|_| {
            ApiError::bad_request(
                "Idempotency-Key",
                "缺少 Idempotency-Key 请求头，或它不是 UUID",
                "the Idempotency-Key header is missing or not a UUID",
            )
        })?
        .hyphenated()
        .to_string();
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > state.max_body as u64) {
        return Err(too_large(state.max_body));
    }
    let bytes = read_capped(body, state.max_body).await?;
    let sha256 = sha256_hex(&bytes);

    if let Some(existing) = state.storage.by_key(&token.org, &key).await? {
        return replay(&existing, &sha256);
    }
    let (bytes, report) = tokio::task::spawn_blocking(move || {
        let report = verify(&bytes, ArchiveLimits::default());
        (bytes, report)
    })
    .await
    .map_err(ApiError::internal)?;
    let id_number = match report {
        Err(e) => return Err(invalid_package(vec![unsafe_problem(&e)])),
        Ok(r) if !r.valid => return Err(invalid_package(r.issues)),
        Ok(r) => r
            .manifest
            .as_ref()
            .and_then(|m| m.candidate.pointer("/identity/idNumber"))
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .ok_or_else(|| {
                invalid_package(vec![Problem::error(
                    "manifest",
                    ReasonCode::PackageManifestInvalid,
                    "清单中没有考生身份证号（candidate.identity.idNumber）",
                    "the manifest has no candidate.identity.idNumber",
                )])
            })?,
    };
    // The bytes first, under their hash (a retry rewrites the same object), then the row: a
    // row never names a package that is not stored.
    let bytes = bytes::Bytes::from(bytes);
    let size = bytes.len() as i64;
    state.blobs.put(&sha256, bytes.clone()).await?;
    let received_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let inserted = state
        .storage
        .insert_submission(NewSubmission {
            id: format!("sub_{}", uuid::Uuid::new_v4().simple()),
            org: &token.org,
            idem_key: &key,
            id_number: &id_number,
            sha256: &sha256,
            package_bytes: size,
            received_at: &received_at,
        })
        .await?;
    match inserted {
        Inserted::Created(s) => {
            // `gc` may have taken an identical orphan between our write and the row (same
            // bytes sent again after a day): put it back before answering.
            if !state.blobs.exists(&sha256).await? {
                state.blobs.put(&sha256, bytes).await?;
            }
            tracing::info!(submission = %s.submission_id, org = %s.org, bytes = s.package_bytes, "received");
            Ok((StatusCode::CREATED, Json(Created::from(&s))).into_response())
        }
        // A concurrent request with the same key won the race.
        Inserted::Existing(s) => replay(&s, &sha256),
    }
}

fn too_large(max: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "body",
        ReasonCode::IntakeTooLarge,
        &format!("包超过 {} MB 上限", max / (1024 * 1024)),
        &format!("the package is over the {} MB limit", max / (1024 * 1024)),
    )
}

/// Reads the body chunk by chunk, stopping as soon as it passes the cap (a lying or missing
/// Content-Length changes nothing).
async fn read_capped(body: Body, max: usize) -> Result<Vec<u8>, ApiError> {
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::bad_request(
                "body",
                &format!("请求体读取中断：{e}"),
                &format!("the request body broke off: {e}"),
            )
        })?;
        if bytes.len() + chunk.len() > max {
            return Err(too_large(max));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn unsafe_problem(e: &PackageError) -> Problem {
    let (zh, en) = match e {
        PackageError::Unreadable(d) => (
            format!("压缩包无法读取：{d}"),
            format!("unreadable archive: {d}"),
        ),
        PackageError::Unsafe(d) => (
            format!("不安全的压缩包：{d}"),
            format!("unsafe archive: {d}"),
        ),
        PackageError::Unsupported(d) => (
            format!("不支持的包：{d}"),
            format!("unsupported package: {d}"),
        ),
    };
    Problem::error("package", ReasonCode::IntakeInvalidPackage, zh, en)
}

fn invalid_package(issues: Vec<Problem>) -> ApiError {
    let mut e = ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "package",
        ReasonCode::IntakeInvalidPackage,
        "包未通过校验，未保存；请重新导出后再报送",
        "the package failed verification and was not stored; export it again and resubmit",
    );
    e.issues = issues;
    e
}

async fn show(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Submission>, ApiError> {
    let token = authorise(&state, &headers).await?;
    Ok(Json(visible(&state, &token, &id).await?))
}

async fn package(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let token = authorise(&state, &headers).await?;
    let s = visible(&state, &token, &id).await?;
    let bytes = match state.storage.legacy_package(&s.submission_id).await? {
        Some(bytes) => bytes,
        None => state.blobs.get(&s.package_sha256).await?.ok_or_else(|| {
            ApiError::internal(format!(
                "submission {} names package {} that the package store does not hold",
                s.submission_id,
                state.blobs.key_of(&s.package_sha256)
            ))
        })?,
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}.zip\"", s.id_number),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    items: Vec<Submission>,
    /// Pass it as `since` to get what changed after this page; equal to `since` when nothing did.
    next_cursor: String,
}

async fn changes(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Result<Json<Page>, ApiError> {
    let token = authorise(&state, &headers).await?;
    let since = q.get("since").cloned().unwrap_or_default();
    let after: i64 = if since.trim().is_empty() {
        0
    } else {
        since
            .trim()
            .parse()
            .ok()
            .filter(|n: &i64| *n >= 0)
            .ok_or_else(|| {
                ApiError::bad_request(
                    "since",
                    "since 须为上次返回的 nextCursor",
                    "since must be a nextCursor returned earlier",
                )
            })?
    };
    let limit = match q.get("limit") {
        None => PAGE_DEFAULT,
        Some(l) => l.trim().parse::<i64>().unwrap_or(0),
    };
    if !(1..=PAGE_MAX).contains(&limit) {
        return Err(ApiError::bad_request(
            "limit",
            &format!("limit 须在 1–{PAGE_MAX} 之间"),
            &format!("limit must be 1–{PAGE_MAX}"),
        ));
    }
    let org = (!token.role.sees_all()).then_some(token.org.as_str());
    let items = state.storage.changes(org, after, limit).await?;
    let next = items.last().and_then(|s| s.seq).unwrap_or(after);
    Ok(Json(Page {
        items,
        next_cursor: next.to_string(),
    }))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct DecisionBody {
    status: Status,
    #[serde(default)]
    reasons: Vec<String>,
    #[serde(default)]
    note: Option<String>,
    /// `YYYY-MM-DD`; today (Asia/Shanghai) when left out.
    #[serde(default)]
    decided_at: Option<String>,
}

/// A reviewer's decision: `in_review`, `passed` (valid one year) or `failed` with reasons.
async fn decide(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Json<Submission>, ApiError> {
    let token = authorise(&state, &headers).await?;
    if !token.role.sees_all() {
        return Err(ApiError::forbidden(
            "只有审核人员（reviewer）令牌能记录审核结果",
            "only a reviewer token can record a decision",
        ));
    }
    let body: DecisionBody = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(
            "body",
            &format!("请求体须为 JSON {{status, reasons, note, decidedAt}}：{e}"),
            &format!("the body must be JSON {{status, reasons, note, decidedAt}}: {e}"),
        )
    })?;
    visible(&state, &token, &id).await?;
    let today = (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive();
    let date = match body.decided_at.as_deref().map(str::trim) {
        None | Some("") => today,
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .ok()
            .filter(|d| *d <= today)
            .ok_or_else(|| {
                ApiError::bad_request(
                    "decidedAt",
                    "decidedAt 须为 YYYY-MM-DD，且不晚于今天",
                    "decidedAt must be YYYY-MM-DD and not in the future",
                )
            })?,
    };
    let reasons: Vec<String> = body
        .reasons
        .iter()
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .collect();
    if body.status == Status::Failed && reasons.is_empty() {
        return Err(ApiError::bad_request(
            "reasons",
            "未通过须注明至少一个原因",
            "a failed decision needs at least one reason",
        ));
    }
    if body.status == Status::Received {
        return Err(ApiError::bad_request(
            "status",
            "状态只能改为 in_review、passed 或 failed",
            "status can only become in_review, passed or failed",
        ));
    }
    let issues: Vec<serde_json::Value> = reasons
        .iter()
        .map(|r| {
            let text = body.note.clone().unwrap_or_else(|| r.clone());
            serde_json::json!({
                "field": "review", "code": r, "severity": "error",
                "messageZh": text, "messageEn": text,
            })
        })
        .collect();
    let decided = matches!(body.status, Status::Passed | Status::Failed);
    let decision = Decision {
        status: body.status,
        issues: serde_json::Value::Array(issues),
        valid_until: (body.status == Status::Passed).then(|| {
            date.checked_add_months(Months::new(12))
                .unwrap_or(date)
                .format("%Y-%m-%d")
                .to_string()
        }),
        decided_at: decided.then(|| date.format("%Y-%m-%d").to_string()),
    };
    let updated = state
        .storage
        .decide(&id, &decision)
        .await?
        .ok_or_else(ApiError::not_found)?;
    tracing::info!(submission = %id, status = updated.status.as_str(), reviewer = %token.id, "decided");
    Ok(Json(updated))
}
