//! One data row: cells to normalised text (each change listed), then every rule of a single
//! candidate (identity, profile, catalogue values, certificate collection) applied by the core.

use std::collections::BTreeMap;

use regdesk_core::exam_catalog::exam_catalog;
use regdesk_core::process::{validate_collection, CertificateCollection};
use regdesk_core::profile::{validate_profile_draft, Education, Profile, ProfileInput};
use regdesk_core::{validate_identity, Identity, IdentityInput, Problem, ReasonCode};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::field::{fold_width, Field};
use crate::header::Header;
use crate::read::{number_text, Cell, Row};

/// A value changed so the row could be kept (shown, never silent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CellChange {
    pub field: String,
    pub from: String,
    pub to: String,
}

/// What an accepted row registers: the identity, the profile when complete, and the intended
/// registration (item, region, certificate collection) kept until the review passes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    pub identity: Identity,
    /// Every valid profile cell; 所学专业 or 工作单位 may still be empty ([`Profile::missing`]).
    pub profile: Option<Profile>,
    pub intent: Intent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Intent {
    /// Catalogue item id and label.
    pub exam_item: String,
    pub exam_item_label: String,
    pub region: String,
    pub certificate: CertificateCollection,
}

/// A row checked on its own (duplicates and the workspace are looked at by the caller).
#[derive(Debug, Clone)]
pub struct Checked {
    pub row: u32,
    /// Normalised, or the cell's text when it could not be used.
    pub id_number: String,
    /// The record's name, or the cell's trimmed text when the row was rejected (the clerk
    /// finds a rejected row by its name).
    pub name: String,
    pub normalisations: Vec<CellChange>,
    pub issues: Vec<Problem>,
    pub record: Option<Record>,
}

fn problem(field: Field, code: ReasonCode, zh: String, en: String) -> Problem {
    Problem::error(field.key(), code, zh, en)
}

/// Trims every kind of space (incl. U+3000, U+00A0) at both ends.
fn trim(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace()).to_owned()
}

/// Codes (ID, mobile, taxpayer ID): full-width to ASCII, no spaces inside, a trailing `x` as `X`.
fn code_text(s: &str) -> String {
    let mut t: String = s
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if t.ends_with('x') {
        t.pop();
        t.push('X');
    }
    t
}

struct Cells<'a> {
    row: &'a Row,
    header: &'a Header,
    changes: Vec<CellChange>,
    issues: Vec<Problem>,
}

impl Cells<'_> {
    fn cell(&self, f: Field) -> &Cell {
        self.header
            .columns
            .get(&f)
            .and_then(|i| self.row.cells.get(*i))
            .unwrap_or(&Cell::Empty)
    }

    /// Lists a change; trimming ordinary spaces is not worth a line, other spaces (U+3000,
    /// U+00A0) and every other change are.
    fn note(&mut self, f: Field, from: &str, to: &str) {
        if from.trim_matches(|c: char| c.is_ascii_whitespace()) != to {
            self.changes.push(CellChange {
                field: f.key().into(),
                from: from.into(),
                to: to.into(),
            });
        }
    }

    /// Plain text, trimmed.
    fn text(&mut self, f: Field) -> String {
        let raw = self.cell(f).text();
        let t = trim(&raw);
        self.note(f, &raw, &t);
        t
    }

    /// A code typed as text, or a number cell as its digits.
    fn code(&mut self, f: Field) -> String {
        let raw = self.cell(f).text();
        let t = code_text(&raw);
        self.note(f, &raw, &t);
        t
    }

    /// The ID cell: a number cell of more than 15 digits has lost its last ones, a date cell is
    /// no ID; each gets its own reason rather than a misleading check-digit error.
    fn id_number(&mut self) -> Option<String> {
        match self.cell(Field::IdNumber).clone() {
            Cell::Number(n) if number_text(n).trim_start_matches('-').len() > 15 => {
                let shown = number_text(n);
                self.issues.push(problem(
                    Field::IdNumber,
                    ReasonCode::RosterIdPrecisionLost,
                    format!("身份证号 {shown} 存成了数字，Excel 只保留 15 位有效数字，后几位已丢失：请把该列设为“文本”格式后重新输入"),
                    format!("the ID number {shown} was stored as a number and Excel kept only 15 significant digits: format the column as text and re-enter it"),
                ));
                None
            }
            Cell::Date(_) => {
                self.issues.push(problem(
                    Field::IdNumber,
                    ReasonCode::RosterIdIsDate,
                    "身份证号单元格是日期格式：请把该列设为“文本”格式后重新输入".into(),
                    "the ID number cell holds a date: format the column as text and re-enter it"
                        .into(),
                ));
                None
            }
            _ => Some(self.code(Field::IdNumber)),
        }
    }

    /// `allowed` lists the values (Chinese, as the portal takes them) or describes them in
    /// Chinese; `allowed_en` describes them in English (None: the same list, English commas).
    fn not_in_list(&mut self, f: Field, value: &str, allowed: &str, allowed_en: Option<&str>) {
        let en = allowed_en.map_or_else(|| allowed.replace('、', ", "), str::to_owned);
        self.issues.push(problem(
            f,
            ReasonCode::RosterValueNotInList,
            format!("{}“{value}”不在可选范围内（{allowed}）", f.header()),
            format!(
                "{} \"{value}\" is not one of the allowed values ({en})",
                f.header_en_capitalised()
            ),
        ));
    }
}

fn gender(text: &str) -> Option<&'static str> {
    match text.to_lowercase().as_str() {
        "男" | "male" | "m" => Some("male"),
        "女" | "female" | "f" => Some("female"),
        _ => None,
    }
}

/// Education as labelled on the portal, from the label or a common short form.
fn education(text: &str) -> Option<Education> {
    Education::parse(text).or(match text {
        "初中" | "小学" | "初中以下" => Some(Education::JuniorHighOrBelow),
        "高中" | "普高" => Some(Education::SeniorHigh),
        "中专" | "中技" | "职高" | "技校" => Some(Education::SecondaryVocational),
        "大专" | "专科" | "高职" => Some(Education::JuniorCollege),
        "本科" | "大学" => Some(Education::Bachelor),
        "硕士" | "研究生" | "硕士研究生" => Some(Education::Master),
        "博士" => Some(Education::Doctorate),
        _ => None,
    })
}

fn region(text: &str) -> Option<&'static str> {
    let regions = &exam_catalog().regions;
    if let Some(r) = regions.iter().find(|r| *r == text) {
        return Some(r);
    }
    // "渝中" for 渝中区: only when one district starts so.
    let mut found = regions
        .iter()
        .filter(|r| text.chars().count() >= 2 && r.starts_with(text));
    match (found.next(), found.next()) {
        (Some(r), None) => Some(r),
        _ => None,
    }
}

fn certificate_method(text: &str) -> Option<bool> {
    match text {
        "自取" | "现场领取" | "自行领取" => Some(false),
        "邮政快递到付" | "邮寄" | "快递" | "邮政快递" | "快递到付" | "邮寄到付" => {
            Some(true)
        }
        _ => None,
    }
}

/// The `field` names the core's rules give a column's problems.
fn rule_field(f: Field) -> &'static [&'static str] {
    match f {
        Field::InvoiceTitle => &["invoice.title"],
        Field::TaxpayerId => &["invoice.taxpayerId"],
        Field::InvoiceType => &["invoice.type"],
        Field::Recipient => &["certificate.recipient"],
        Field::RecipientMobile => &["certificate.mobile"],
        Field::Address => &["certificate.address"],
        _ => &[],
    }
}

/// Checks one data row; `None` when it is blank (or a template row with only a number).
pub fn check_row(row: &Row, header: &Header) -> Option<Checked> {
    let blank = header
        .columns
        .values()
        .all(|i| row.cells.get(*i).is_none_or(Cell::is_blank));
    if blank {
        return None;
    }
    let mut c = Cells {
        row,
        header,
        changes: vec![],
        issues: vec![],
    };
    let id = c.id_number();
    let name = c.text(Field::Name);
    let name_cell = name.clone();
    let gender_text = c.text(Field::Gender);
    let mobile = c.code(Field::Mobile);
    let email = c.text(Field::Email);
    let education_text = c.text(Field::Education);
    let major = c.text(Field::Major);
    let employer = c.text(Field::Employer);
    let invoice_text = c.text(Field::InvoiceType);
    let invoice_title = c.text(Field::InvoiceTitle);
    let taxpayer = c.code(Field::TaxpayerId);
    let item_text = c.text(Field::ExamItem);
    let region_text = c.text(Field::Region);
    let cert_text = c.text(Field::Certificate);
    let recipient = c.text(Field::Recipient);
    let recipient_mobile = c.code(Field::RecipientMobile);
    let address = c.text(Field::Address);

    // Every empty required cell, and those 开票类型 / 证书领取方式 make required, is
    // `field.required` naming the column; the rules' own problems for that field are dropped
    // below (an empty ID is missing, not "0 of 18 digits").
    let organisation = matches!(invoice_text.as_str(), "单位" | "公司" | "企业");
    let postal = certificate_method(&cert_text) == Some(true);
    let id_cell_empty = c.cell(Field::IdNumber).is_blank();
    let empty: Vec<Field> = [
        (Field::Name, name.is_empty()),
        (Field::Gender, gender_text.is_empty()),
        (Field::IdNumber, id_cell_empty),
        (Field::Mobile, mobile.is_empty()),
        (Field::Education, education_text.is_empty()),
        (Field::InvoiceType, invoice_text.is_empty()),
        (
            Field::InvoiceTitle,
            organisation && invoice_title.is_empty(),
        ),
        (Field::TaxpayerId, organisation && taxpayer.is_empty()),
        (Field::ExamItem, item_text.is_empty()),
        (Field::Region, region_text.is_empty()),
        (Field::Certificate, cert_text.is_empty()),
        (Field::Recipient, postal && recipient.is_empty()),
        (
            Field::RecipientMobile,
            postal && recipient_mobile.is_empty(),
        ),
        (Field::Address, postal && address.is_empty()),
    ]
    .into_iter()
    .filter_map(|(f, is_empty)| is_empty.then_some(f))
    .collect();
    for f in &empty {
        c.issues.push(problem(
            *f,
            ReasonCode::FieldRequired,
            format!("请填写{}", f.header()),
            format!("{} is required", f.header_en()),
        ));
    }
    let reported = |field: &str| {
        empty
            .iter()
            .any(|f| rule_field(*f).contains(&field) || f.key() == field)
    };

    // Identity: the same rules as one candidate; the e-mail is optional in a roster.
    let gender_value = match gender(&gender_text) {
        Some(g) => g.to_owned(),
        None if gender_text.is_empty() => String::new(),
        None => {
            c.not_in_list(Field::Gender, &gender_text, "男、女", None);
            String::new()
        }
    };
    let identity_input = IdentityInput {
        name,
        gender: gender_value,
        id_number: id.clone().unwrap_or_else(|| "000000000000000000".into()),
        mobile,
        email: if email.is_empty() {
            "placeholder@example.com".into()
        } else {
            email.clone()
        },
    };
    let report = validate_identity(&identity_input, false);
    let id_unusable = id.is_none() || id_cell_empty;
    c.issues.extend(report.issues.into_iter().filter(|p| {
        !(id_unusable && (p.field == "idNumber" || p.code == ReasonCode::IdNumberGenderMismatch))
            && !(p.field == "gender" && identity_input.gender.is_empty())
            && !reported(&p.field)
    }));
    let identity = report.identity.map(|mut i| {
        if email.is_empty() {
            i.email = String::new();
        }
        i
    });

    // Profile: education from the list (short forms accepted, listed), invoice type 个人/单位.
    let edu = if education_text.is_empty() {
        None
    } else {
        match education(&education_text) {
            Some(e) => {
                c.note(Field::Education, &education_text, e.label_zh());
                Some(e)
            }
            None => {
                let all: Vec<&str> = Education::ALL.iter().map(|e| e.label_zh()).collect();
                c.not_in_list(Field::Education, &education_text, &all.join("、"), None);
                None
            }
        }
    };
    let invoice_type = match invoice_text.as_str() {
        "个人" | "" => "personal",
        "单位" | "公司" | "企业" => "organization",
        other => {
            c.not_in_list(Field::InvoiceType, other, "个人、单位", None);
            "personal"
        }
    };
    // A draft: an empty 所学专业 or 工作单位 does not drop the other cells.
    let profile_report = validate_profile_draft(&ProfileInput {
        education: edu.map(|e| e.label_zh().to_owned()).unwrap_or_default(),
        major: major.clone(),
        employer: employer.clone(),
        invoice_type: invoice_type.into(),
        invoice_title,
        taxpayer_id: taxpayer,
        medical_override: None,
    });
    for p in profile_report.issues {
        match p.field.as_str() {
            // Reported above (required, or not in the list).
            "education" => {}
            // Optional in a roster: said below, by name.
            "major" | "employer" if p.code == ReasonCode::FieldRequired => {}
            f if reported(f) => {}
            _ => c.issues.push(p),
        }
    }
    if let Some(profile) = &profile_report.profile {
        let missing = profile.missing();
        if !missing.is_empty() {
            let zh: Vec<&str> = missing.iter().map(|m| m.1).collect();
            let en: Vec<&str> = missing.iter().map(|m| m.2).collect();
            let field = match missing.as_slice() {
                [(one, _, _)] => one,
                _ => "profile",
            };
            c.issues.push(Problem::warning(
                field,
                ReasonCode::FieldRequired,
                format!(
                    "{}未填：导入时其余信息照常保存，提交资料审核前须补全",
                    zh.join("和")
                ),
                format!(
                    "{} empty: the import keeps every other value; fill it in before the profile is submitted for review",
                    en.join(" and ")
                ),
            ));
        }
    }

    // Catalogue values.
    let catalog = exam_catalog();
    let item = if item_text.is_empty() {
        None
    } else {
        match catalog.find_item(&item_text) {
            Some(i) => {
                c.note(Field::ExamItem, &item_text, &i.label);
                Some(i)
            }
            None => {
                let all: Vec<&str> = catalog.items.iter().map(|i| i.label.as_str()).collect();
                c.not_in_list(Field::ExamItem, &item_text, &all.join("、"), None);
                None
            }
        }
    };
    let region_value = if region_text.is_empty() {
        None
    } else {
        match region(&region_text) {
            Some(r) => {
                c.note(Field::Region, &region_text, r);
                Some(r)
            }
            None => {
                c.not_in_list(
                    Field::Region,
                    &region_text,
                    "重庆市的区县，见模板下拉列表",
                    Some("a district or county of Chongqing: see the template's drop-down list"),
                );
                None
            }
        }
    };
    let certificate = match (cert_text.as_str(), certificate_method(&cert_text)) {
        ("", _) => None,
        (_, Some(false)) => {
            c.note(Field::Certificate, &cert_text, "自取");
            Some(CertificateCollection::SelfPickup)
        }
        (_, Some(true)) => {
            c.note(Field::Certificate, &cert_text, "邮政快递到付");
            let postal = CertificateCollection::PostalCod {
                recipient,
                mobile: recipient_mobile,
                address,
            };
            match validate_collection(&postal) {
                Ok(valid) => Some(valid),
                Err(problems) => {
                    c.issues
                        .extend(problems.into_iter().filter(|p| !reported(&p.field)));
                    None
                }
            }
        }
        (other, None) => {
            c.not_in_list(Field::Certificate, other, "自取、邮政快递到付", None);
            None
        }
    };

    let blocking = c.issues.iter().any(Problem::is_error);
    let record = match (identity, item, region_value, certificate) {
        (Some(identity), Some(item), Some(region), Some(certificate)) if !blocking => {
            Some(Record {
                identity,
                profile: profile_report.profile,
                intent: Intent {
                    exam_item: item.id.clone(),
                    exam_item_label: item.label.clone(),
                    region: region.to_owned(),
                    certificate,
                },
            })
        }
        _ => None,
    };
    let id_number = match (&record, &id) {
        (Some(r), _) => r.identity.id_number.clone(),
        (None, Some(id)) => id.clone(),
        (None, None) => c.cell(Field::IdNumber).text(),
    };
    let name = record
        .as_ref()
        .map_or(name_cell, |r| r.identity.name.clone());
    Some(Checked {
        row: row.number,
        id_number,
        name,
        normalisations: c.changes,
        issues: c.issues,
        record,
    })
}

/// Rows of one file: blank ones skipped, the same ID number twice rejected after the first.
pub fn check_rows(rows: &[Row], header: &Header) -> Vec<(Checked, Option<u32>)> {
    let mut first: BTreeMap<String, u32> = BTreeMap::new();
    rows.iter()
        .skip(header.index + 1)
        .filter_map(|r| check_row(r, header))
        .map(|mut checked| {
            let dup = match &checked.record {
                Some(r) => match first.get(&r.identity.id_number) {
                    Some(earlier) => Some(*earlier),
                    None => {
                        first.insert(r.identity.id_number.clone(), checked.row);
                        None
                    }
                },
                None => None,
            };
            if let Some(earlier) = dup {
                checked.record = None;
                checked.issues.push(Problem::error(
                    "idNumber",
                    ReasonCode::RosterDuplicateId,
                    format!("身份证号与第 {earlier} 行重复：以第 {earlier} 行为准"),
                    format!("the same ID number as row {earlier}, which is kept"),
                ));
            }
            (checked, dup)
        })
        .collect()
}
