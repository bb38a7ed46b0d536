//! Errors as the problem object of SPEC §6 plus the HTTP status, e.g.
//! `{"status": 409, "field": "Idempotency-Key", "code": "intake.idempotency_conflict", …}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use regdesk_core::{Problem, ReasonCode};
use serde::Serialize;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub problem: Problem,
    pub issues: Vec<Problem>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body<'a> {
    status: u16,
    #[serde(flatten)]
    problem: &'a Problem,
    #[serde(skip_serializing_if = "<[Problem]>::is_empty")]
    issues: &'a [Problem],
}

impl ApiError {
    pub fn new(status: StatusCode, field: &str, code: ReasonCode, zh: &str, en: &str) -> Self {
        Self {
            status,
            problem: Problem::error(field, code, zh, en),
            issues: Vec::new(),
        }
    }

    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "Authorization",
            ReasonCode::IntakeUnauthorized,
            "令牌无效、已撤销或缺失（Authorization: Bearer …）",
            "the token is missing, unknown or revoked (Authorization: Bearer …)",
        )
    }

    pub fn forbidden(zh: &str, en: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "Authorization",
            ReasonCode::IntakeForbidden,
            zh,
            en,
        )
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "submissionId",
            ReasonCode::IntakeNotFound,
            "没有这条报送记录",
            "no such submission",
        )
    }

    pub fn bad_request(field: &str, zh: &str, en: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            field,
            ReasonCode::IntakeBadRequest,
            zh,
            en,
        )
    }

    pub fn internal(detail: impl std::fmt::Display) -> Self {
        // The detail goes to the log; the client learns only that it may retry.
        tracing::error!(error = %detail, "internal error");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "server",
            ReasonCode::IntakeUnavailable,
            "服务器暂时无法处理，请稍后重试",
            "the server cannot handle this now; retry later",
        )
    }
}

impl From<crate::storage::StorageError> for ApiError {
    fn from(e: crate::storage::StorageError) -> Self {
        ApiError::internal(e)
    }
}

impl From<crate::blobs::BlobError> for ApiError {
    fn from(e: crate::blobs::BlobError) -> Self {
        ApiError::internal(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            status: self.status.as_u16(),
            problem: &self.problem,
            issues: &self.issues,
        };
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
        }
        response
    }
}
