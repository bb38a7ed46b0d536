//! E-mail syntax (no network look-up): one `@`, a local part of at most 64 characters of
//! RFC 5322 atext and dots (no leading, trailing or doubled dot), a domain of LDH labels with
//! at least one dot and a top-level label of two or more letters or an IDNA A-label
//! (`xn--…`), no spaces. A domain typed in Chinese (例子.中国) is converted to its punycode form
//! (UTS 46, the `idna` crate) for storage and shown as typed; the local part must be ASCII,
//! since Chinese mail providers do not deliver to non-ASCII mailboxes.

use super::text::to_halfwidth_trimmed;
use super::Validated;
use crate::problem::{Normalization, Problem};
use crate::reason::ReasonCode;

const FIELD: &str = "email";

/// What validating an address found beyond the verdict.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmailFacts {
    /// The address as people read it: the domain in Unicode (例子.中国).
    pub display: String,
    /// Each change made to what was typed (full-width ＠, Chinese domain → punycode).
    pub normalizations: Vec<Normalization>,
}

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

fn tld_ok(tld: &str) -> bool {
    let alpha = tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic());
    let a_label = tld.len() > 4
        && tld.starts_with("xn--")
        && tld.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    alpha || a_label
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
        && labels.last().is_some_and(|tld| tld_ok(tld))
        // Every xn-- label must decode (a made-up "xn--zz" is not a domain).
        && idna::domain_to_unicode(domain).1.is_ok()
}

/// The domain's ASCII (punycode) form; `None` when a Unicode domain is not valid IDNA.
fn ascii_domain(domain: &str) -> Option<String> {
    if domain.is_ascii() {
        return Some(domain.to_ascii_lowercase());
    }
    idna::domain_to_ascii(domain).ok()
}

pub fn validate_email(input: &str) -> Validated<EmailFacts> {
    let trimmed = to_halfwidth_trimmed(input);
    let mut facts = EmailFacts::default();
    if input.contains('＠') {
        facts.normalizations.push(Normalization {
            field: FIELD.into(),
            from: "＠".into(),
            to: "@".into(),
            message_zh: "已将全角“＠”改为半角“@”".into(),
            message_en: "the full-width ＠ was changed to @".into(),
        });
    }
    // Domains are case-insensitive; the local part is kept as typed.
    let (normalized, ok) = match trimmed.rsplit_once('@') {
        Some((local, domain)) => match ascii_domain(domain) {
            Some(ascii) => {
                if ascii != domain.to_ascii_lowercase() {
                    facts.normalizations.push(Normalization {
                        field: FIELD.into(),
                        from: domain.into(),
                        to: ascii.clone(),
                        message_zh: format!("中文域名“{domain}”按国际化域名规则保存为 {ascii}"),
                        message_en: format!(
                            "the domain “{domain}” is stored in its international form {ascii}"
                        ),
                    });
                }
                let address = format!("{local}@{ascii}");
                let ok = address.len() <= 254 && local_ok(local) && domain_ok(&ascii);
                (address, ok)
            }
            None => (trimmed.clone(), false),
        },
        None => (trimmed.clone(), false),
    };
    facts.display = if ok {
        email_display(&normalized)
    } else {
        trimmed
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
        facts,
        problems,
    }
}

/// A stored address as people read it: punycode labels of the domain shown in Unicode.
pub fn email_display(stored: &str) -> String {
    match stored.rsplit_once('@') {
        Some((local, domain)) if domain.contains("xn--") => {
            let (unicode, result) = idna::domain_to_unicode(domain);
            if result.is_ok() {
                format!("{local}@{unicode}")
            } else {
                stored.to_owned()
            }
        }
        _ => stored.to_owned(),
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

    #[test]
    fn an_internationalised_domain_is_valid_in_either_form() {
        let a = validate_email("user@xn--fsqu00a.xn--fiqs8s");
        assert!(a.is_valid(), "{:?}", a.problems);
        assert_eq!(a.normalized, "user@xn--fsqu00a.xn--fiqs8s");
        assert_eq!(a.facts.display, "user@例子.中国");
        assert!(a.facts.normalizations.is_empty());

        let u = validate_email("user＠例子.中国");
        assert!(u.is_valid(), "{:?}", u.problems);
        assert_eq!(
            u.normalized, "user@xn--fsqu00a.xn--fiqs8s",
            "stored as punycode"
        );
        assert_eq!(u.facts.display, "user@例子.中国", "shown as typed");
        let changes: Vec<(&str, &str)> = u
            .facts
            .normalizations
            .iter()
            .map(|n| (n.from.as_str(), n.to.as_str()))
            .collect();
        assert_eq!(
            changes,
            [("＠", "@"), ("例子.中国", "xn--fsqu00a.xn--fiqs8s")]
        );
        // The ideographic full stop people type between Chinese labels is a dot.
        assert_eq!(
            validate_email("user@例子。中国").normalized,
            "user@xn--fsqu00a.xn--fiqs8s"
        );
    }

    #[test]
    fn a_bogus_a_label_is_refused() {
        assert!(!validate_email("user@example.xn--").is_valid());
        assert!(!validate_email("user@xn--a.xn--zz-").is_valid());
    }

    #[test]
    fn display_leaves_plain_addresses_alone() {
        assert_eq!(email_display("a@example.com"), "a@example.com");
        assert_eq!(email_display("a@xn--fsqu00a.xn--fiqs8s"), "a@例子.中国");
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,80}") { let _ = validate_email(&s); }
    }
}
