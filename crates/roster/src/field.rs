//! The roster's 17 columns, and recognising a header cell whatever a centre typed: spaces
//! inside (`姓  名`), full-width letters, and the usual synonyms (`身份证号码`, `手机`, `E-mail`).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Field {
    Name,
    Gender,
    IdNumber,
    Mobile,
    Email,
    Education,
    Major,
    Employer,
    InvoiceType,
    InvoiceTitle,
    TaxpayerId,
    ExamItem,
    Region,
    Certificate,
    Recipient,
    RecipientMobile,
    Address,
}

impl Field {
    /// The template's columns, in order.
    pub const ALL: [Field; 17] = [
        Field::Name,
        Field::Gender,
        Field::IdNumber,
        Field::Mobile,
        Field::Email,
        Field::Education,
        Field::Major,
        Field::Employer,
        Field::InvoiceType,
        Field::InvoiceTitle,
        Field::TaxpayerId,
        Field::ExamItem,
        Field::Region,
        Field::Certificate,
        Field::Recipient,
        Field::RecipientMobile,
        Field::Address,
    ];

    /// The template's header text.
    pub fn header(self) -> &'static str {
        match self {
            Field::Name => "姓名",
            Field::Gender => "性别",
            Field::IdNumber => "身份证号",
            Field::Mobile => "手机号",
            Field::Email => "邮箱",
            Field::Education => "最高学历",
            Field::Major => "所学专业",
            Field::Employer => "工作单位",
            Field::InvoiceType => "开票类型",
            Field::InvoiceTitle => "开票单位",
            Field::TaxpayerId => "纳税人识别号",
            Field::ExamItem => "报考项目",
            Field::Region => "意向考试区域",
            Field::Certificate => "证书领取方式",
            Field::Recipient => "收件人",
            Field::RecipientMobile => "收件电话",
            Field::Address => "收件地址",
        }
    }

    /// The column's name in English messages.
    pub fn header_en(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Gender => "gender",
            Field::IdNumber => "ID number",
            Field::Mobile => "mobile number",
            Field::Email => "e-mail",
            Field::Education => "highest education",
            Field::Major => "major",
            Field::Employer => "employer",
            Field::InvoiceType => "invoice type",
            Field::InvoiceTitle => "invoice title",
            Field::TaxpayerId => "taxpayer ID",
            Field::ExamItem => "exam item",
            Field::Region => "exam region",
            Field::Certificate => "certificate collection",
            Field::Recipient => "recipient",
            Field::RecipientMobile => "recipient's mobile number",
            Field::Address => "postal address",
        }
    }

    /// [`Field::header_en`] at the start of a sentence ("ID number", "Gender").
    pub fn header_en_capitalised(self) -> String {
        let name = self.header_en();
        let mut chars = name.chars();
        chars
            .next()
            .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
    }

    /// The camelCase name used in JSON and problems' `field`.
    pub fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Gender => "gender",
            Field::IdNumber => "idNumber",
            Field::Mobile => "mobile",
            Field::Email => "email",
            Field::Education => "education",
            Field::Major => "major",
            Field::Employer => "employer",
            Field::InvoiceType => "invoiceType",
            Field::InvoiceTitle => "invoiceTitle",
            Field::TaxpayerId => "taxpayerId",
            Field::ExamItem => "examItem",
            Field::Region => "region",
            Field::Certificate => "certificate",
            Field::Recipient => "recipient",
            Field::RecipientMobile => "recipientMobile",
            Field::Address => "address",
        }
    }

    /// The column whose [`Field::key`] this is.
    pub fn from_key(key: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.key() == key)
    }

    /// Other headers centres use for the same column (compared after [`normalize_header`]).
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::Name => &["考生姓名", "学员姓名", "name"],
            Field::Gender => &["sex", "gender"],
            Field::IdNumber => &[
                "身份证号码",
                "身份证",
                "证件号码",
                "证件号",
                "公民身份号码",
                "idnumber",
                "id",
            ],
            Field::Mobile => &[
                "手机",
                "手机号码",
                "联系电话",
                "电话",
                "联系方式",
                "mobile",
                "phone",
            ],
            Field::Email => &["电子邮箱", "电子邮件", "email", "e-mail", "mail", "邮件"],
            Field::Education => &["学历", "较高学历", "文化程度", "education"], // glossary: accepted header
            Field::Major => &["专业", "毕业专业", "major"],
            Field::Employer => &["单位", "工作单位名称", "employer"],
            Field::InvoiceType => &["发票类型", "开票方式"],
            Field::InvoiceTitle => &["发票抬头", "开票抬头", "单位名称"],
            Field::TaxpayerId => &["统一社会信用代码", "税号", "纳税人识别号统一社会信用代码"],
            Field::ExamItem => &["报考职业", "报考工种", "职业", "项目", "报考等级"],
            Field::Region => &["考试区域", "意向区域", "区县", "报考区县"],
            Field::Certificate => &["证书领取", "领证方式", "证书领取方式"],
            Field::Recipient => &["收件人姓名"],
            Field::RecipientMobile => &["收件人电话", "收件手机", "收件人手机"],
            Field::Address => &["邮寄地址", "收件人地址", "详细地址"],
        }
    }

    /// The column a header cell names, if any.
    pub fn of_header(text: &str) -> Option<Field> {
        let h = normalize_header(text);
        if h.is_empty() {
            return None;
        }
        Field::ALL.into_iter().find(|f| {
            normalize_header(f.header()) == h
                || f.synonyms().iter().any(|s| normalize_header(s) == h)
        })
    }

    /// Always required (others depend on 开票类型 and 证书领取方式).
    pub fn required(self) -> bool {
        matches!(
            self,
            Field::Name
                | Field::Gender
                | Field::IdNumber
                | Field::Mobile
                | Field::Education
                | Field::ExamItem
                | Field::Region
                | Field::InvoiceType
                | Field::Certificate
        )
    }
}

/// A header cell as compared: no whitespace (incl. U+3000, U+00A0), no asterisks or colons,
/// full-width ASCII folded to half-width, lower case, brackets and their contents dropped
/// (`手机号（必填）`).
pub fn normalize_header(text: &str) -> String {
    let folded: String = text.chars().map(fold_width).collect();
    let mut out = String::new();
    let mut depth = 0;
    for c in folded.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = (depth - 1).max(0),
            _ if depth > 0 => {}
            c if c.is_whitespace() || "*:：_".contains(c) => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Full-width ASCII (U+FF01–U+FF5E) to half-width; the ideographic space to a space.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_with_spaces_synonyms_and_notes() {
        assert_eq!(Field::of_header("姓  名"), Some(Field::Name));
        assert_eq!(Field::of_header("身份证号码"), Some(Field::IdNumber));
        assert_eq!(Field::of_header(" 手机 "), Some(Field::Mobile));
        assert_eq!(Field::of_header("E-mail"), Some(Field::Email));
        assert_eq!(Field::of_header("Ｅ－ｍａｉｌ"), Some(Field::Email));
        assert_eq!(Field::of_header("联系电话"), Some(Field::Mobile));
        assert_eq!(Field::of_header("*身份证号（必填）"), Some(Field::IdNumber));
        assert_eq!(Field::of_header("序号"), None);
        assert_eq!(Field::of_header("备注"), None);
        for f in Field::ALL {
            assert_eq!(Field::of_header(f.header()), Some(f), "{f:?}");
        }
    }
}
