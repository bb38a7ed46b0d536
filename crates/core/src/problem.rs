//! A problem found in user data: which field, which rule (a stable code), how bad, and a
//! message in Chinese and English. Validation results are lists of these, never errors.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::reason::ReasonCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks the step and makes a CLI exit 1.
    Error,
    /// Shown and recorded, never blocks.
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    pub field: String,
    pub code: ReasonCode,
    pub severity: Severity,
    pub message_zh: String,
    pub message_en: String,
}

impl Problem {
    pub fn error(
        field: &str,
        code: ReasonCode,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self::new(field, code, Severity::Error, zh, en)
    }

    pub fn warning(
        field: &str,
        code: ReasonCode,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self::new(field, code, Severity::Warning, zh, en)
    }

    fn new(
        field: &str,
        code: ReasonCode,
        severity: Severity,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self {
            field: field.to_owned(),
            code,
            severity,
            message_zh: zh.into(),
            message_en: sentence_start(en.into()),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// An English message starts with a capital ("the ID number …" → "The ID number …"), so a
/// list of them reads as sentences. Only a plain lower-case word is changed: a file name,
/// a value or an identifier at the start stays as written.
pub fn sentence_start(text: String) -> String {
    let first = text.split([' ', ',', ':']).next().unwrap_or_default();
    let plain = !first.is_empty()
        && first
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-' || c == '\'');
    if !plain {
        return text;
    }
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A change the rules made to what the user typed (full-width ＠ to @, a Chinese domain to its
/// punycode form, a number taken as text): not a problem, but shown so nothing changes silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Normalization {
    pub field: String,
    pub from: String,
    pub to: String,
    pub message_zh: String,
    pub message_en: String,
}

/// True when any problem in the list blocks.
pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(Problem::is_error)
}

/// The first error's code, as reported by `regdesk validate`.
pub fn first_error_code(problems: &[Problem]) -> Option<ReasonCode> {
    problems.iter().find(|p| p.is_error()).map(|p| p.code)
}

/// A problem as another program reported it (the intake server's refusal or review reasons,
/// a network error recorded by the outbox): the same fields as [`Problem`], but the code is
/// kept as text, since a newer server may send one this build does not know.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ReportedProblem {
    pub field: String,
    pub code: String,
    /// `error` or `warning`.
    pub severity: String,
    pub message_zh: String,
    pub message_en: String,
}

impl ReportedProblem {
    /// Stored JSON read back; a value of another shape keeps its text as the message.
    pub fn from_json(value: &serde_json::Value) -> Self {
        match value {
            serde_json::Value::Object(_) => {
                serde_json::from_value(value.clone()).unwrap_or_else(|_| Self::text(value))
            }
            _ => Self::text(value),
        }
    }

    fn text(value: &serde_json::Value) -> Self {
        let text = value
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| value.to_string());
        Self {
            severity: "error".into(),
            message_zh: text.clone(),
            message_en: text,
            ..Self::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sentence_start;

    #[test]
    fn english_messages_start_with_a_capital_unless_they_start_with_a_name() {
        let s = |t: &str| sentence_start(t.to_owned());
        assert_eq!(s("the ID number is short"), "The ID number is short");
        assert_eq!(s("e-mail has no @"), "E-mail has no @");
        assert_eq!(
            s("recipient's phone: 11 digits"),
            "Recipient's phone: 11 digits"
        );
        assert_eq!(s("roster.xlsx: unreadable"), "roster.xlsx: unreadable");
        assert_eq!(s("idNumber is short"), "idNumber is short");
        assert_eq!(s("--org must be set"), "--org must be set");
        assert_eq!(s(""), "");
    }
}
