//! E-mail syntax (no network look-up): one `@`, a local part of at most 64 characters of
//! RFC 5322 atext and dots (no leading, trailing or doubled dot), a domain of LDH labels with
//! at least one dot and an alphabetic top-level label of two or more letters, no spaces.

use super::text::to_halfwidth_trimmed;
use super::Validated;
use crate::problem::Problem;
use crate::reason::ReasonCode;

const FIELD: &str = "email";

fn local_ok(local: &str) -> bool {
    const SPECIAL: &str = "!#$%&'*+/=?^_`{|}~-";
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || SPECIAL.contains(c))
}

fn domain_ok(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

pub fn validate_email(input: &str) -> Validated<()> {
    let trimmed = to_halfwidth_trimmed(input);
    // Domains are case-insensitive; the local part is kept as typed.
    let (normalized, ok) = match trimmed.rsplit_once('@') {
        Some((local, domain)) => {
            let domain = domain.to_ascii_lowercase();
            let ok = trimmed.len() <= 254 && local_ok(local) && domain_ok(&domain);
            (format!("{local}@{domain}"), ok)
        }
        None => (trimmed, false),
    };
    let problems = if ok {
        vec![]
    } else {
        vec![Problem::error(
            FIELD,
            ReasonCode::EmailFormat,
            "电子邮箱格式不正确，例如 zhangsan@example.com（不能有空格，@ 前最多 64 个字符）",
            "not a valid e-mail address, e.g. zhangsan@example.com (no spaces, at most 64 characters before @)",
        )]
    };
    Validated {
        normalized,
        facts: (),
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_usual_addresses() {
        for e in [
            "zhangsan@example.com",
            "li.si+exam@mail.qq.com",
            "a_b-c@sub.domain.cn",
            " X@Y.CN ",
        ] {
            assert!(validate_email(e).is_valid(), "{e}");
        }
        assert_eq!(validate_email(" X@Y.CN ").normalized, "X@y.cn");
    }

    #[test]
    fn refuses_malformed() {
        let long_local = format!("{}@example.com", "a".repeat(65));
        for e in [
            "",
            "plain",
            "a@b",
            "a b@example.com",
            "a@@example.com",
            ".a@example.com",
            "a..b@example.com",
            "a@-x.com",
            "a@example.c0m",
            "张三@example.com",
            long_local.as_str(),
        ] {
            assert_eq!(validate_email(e).problems.len(), 1, "{e}");
        }
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,80}") { let _ = validate_email(&s); }
    }
}
