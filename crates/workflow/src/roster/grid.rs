//! The 批量报名 grid: every candidate of the workspace with profile, intent, materials and
//! what still blocks; shared photos; the grid as XLSX.

use super::*;

/// One candidate as the 批量报名 grid shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GridRow {
    pub id_number: String,
    pub name: String,
    pub gender: String,
    pub mobile: String,
    pub email: String,
    pub education: String,
    pub major: String,
    pub employer: String,
    pub invoice_type: String,
    pub invoice_title: String,
    pub taxpayer_id: String,
    pub exam_item: String,
    pub region: String,
    pub certificate: String,
    pub profile_status: String,
    pub profile_status_en: String,
    /// Stored uploads, by slot.
    pub photo: bool,
    pub id_front: bool,
    pub diploma: bool,
    pub work_proof: bool,
    /// Only medical majors at 大学专科 or above may register alone; the rest via the centre.
    pub work_proof_required: bool,
    /// What still stops the profile being submitted, in Chinese (the export's 问题 column).
    pub problems: Vec<String>,
    /// The same, in English, for the window in English.
    pub problems_en: Vec<String>,
    /// Others whose stored photo is the same picture (a warning, not a block).
    pub same_photo_as: Vec<String>,
    /// The clerk has acknowledged the shared photo.
    pub same_photo_acknowledged: bool,
}

/// For each candidate (or only `only`), the others whose photo is the same picture, and the
/// acknowledgement. Pairwise over 64-bit hashes; for one candidate, one pass.
async fn same_photos(
    store: &Store,
    only: Option<&str>,
) -> Result<HashMap<String, (Vec<String>, bool)>, CommandError> {
    let rows = regdesk_store::attachments::photo_hashes(store).await?;
    let hashes: Vec<(String, image_hasher::ImageHash, bool)> = rows
        .into_iter()
        .filter_map(|(id, h, ack)| Some((id, image_hasher::ImageHash::from_base64(&h).ok()?, ack)))
        .collect();
    let n = hashes.len();
    let same =
        |a: usize, b: usize| hashes[a].1.dist(&hashes[b].1) <= crate::attach::SAME_PICTURE_BITS;
    let mut out: HashMap<String, (Vec<String>, bool)> = HashMap::new();
    let mut add = |a: usize, b: usize| {
        let entry = out
            .entry(hashes[a].0.clone())
            .or_insert((vec![], hashes[a].2));
        entry.0.push(hashes[b].0.clone());
    };
    match only {
        Some(id) => {
            for a in (0..n).filter(|a| hashes[*a].0 == id) {
                for b in (0..n).filter(|b| *b != a && same(a, *b)) {
                    add(a, b);
                }
            }
        }
        None => {
            for a in 0..n {
                for b in a + 1..n {
                    if same(a, b) {
                        add(a, b);
                        add(b, a);
                    }
                }
            }
        }
    }
    Ok(out)
}

/// Every candidate of the workspace, in registration order (no file bytes read).
pub async fn grid_rows(store: &Store) -> Result<Vec<GridRow>, CommandError> {
    rows(store, None).await
}

/// One candidate's row, as the grid shows it after an edit.
pub(super) async fn grid_row(
    store: &Store,
    id_number: &str,
) -> Result<Option<GridRow>, CommandError> {
    Ok(rows(store, Some(id_number)).await?.pop())
}

async fn rows(store: &Store, only: Option<&str>) -> Result<Vec<GridRow>, CommandError> {
    let existing = workspace(store).await?;
    let mut ids: Vec<(&i64, &String)> = existing
        .iter()
        .filter(|(id, _)| only.is_none_or(|o| o == id.as_str()))
        .map(|(id, e)| (&e.candidate.id, id))
        .collect();
    ids.sort();
    let stored = regdesk_store::attachments::slots_all(store).await?;
    let mut shared = same_photos(store, only).await?;
    let conflicts = match only {
        // An edited row: that candidate's conflict only, not everyone's.
        Some(id) => crate::review::open_conflict(store, id)
            .await?
            .map(|c| (id.to_owned(), c))
            .into_iter()
            .collect(),
        None => crate::review::open_conflicts(store).await?,
    };
    let mut rows = Vec::with_capacity(ids.len());
    for (_, id) in ids {
        let e = &existing[id];
        let c = &e.candidate;
        let p = e.state.profile.as_ref();
        let (invoice_type, invoice_title, taxpayer_id) = p
            .map_or((String::new(), String::new(), String::new()), |p| {
                invoice_text(&p.invoice)
            });
        let intent: Option<Intent> = e
            .intent
            .as_ref()
            .and_then(|v| serde_json::from_value(v.clone()).ok());
        let certificate = intent.as_ref().map(|i| match &i.certificate {
            regdesk_core::process::CertificateCollection::SelfPickup => "自取".to_owned(),
            regdesk_core::process::CertificateCollection::PostalCod {
                recipient,
                mobile,
                address,
            } => format!("邮政快递到付（{recipient} {mobile} {address}）"),
        });
        let uploads = stored.get(id).map_or(&[][..], Vec::as_slice);
        let needed = p.map_or(
            UploadSlot::ALL.to_vec(),
            regdesk_core::process::required_uploads,
        );
        // Each problem in both languages, in the same order.
        let mut problems: Vec<(String, String)> = needed
            .iter()
            .filter(|s| !uploads.contains(s))
            .map(|s| {
                (
                    format!("缺少{}", s.label_zh()),
                    format!("{} missing", s.label_en()),
                )
            })
            .collect();
        match p.map(regdesk_core::profile::Profile::missing) {
            None => problems.insert(
                0,
                (
                    "基本信息未完整".to_owned(),
                    "basic info incomplete".to_owned(),
                ),
            ),
            Some(missing) => {
                for (i, (_, zh, en)) in missing.iter().enumerate() {
                    problems.insert(i, (format!("未填{zh}"), format!("{en} empty")));
                }
            }
        }
        let (same_photo_as, same_photo_acknowledged) = shared.remove(id).unwrap_or_default();
        if !same_photo_as.is_empty() && !same_photo_acknowledged {
            problems.push((
                format!(
                    "提示：照片与 {} 的相同，请确认没有用错照片",
                    same_photo_as.join("、")
                ),
                format!(
                    "note: the same photo as {}; check that it is the right one",
                    same_photo_as.join(", ")
                ),
            ));
        }
        let (profile_status, profile_status_en) = match &e.state.profile_status {
            // Neither passed nor failed: both decisions, side by side.
            _ if conflicts.contains_key(id) => {
                let side = |en: bool| -> Vec<String> {
                    conflicts[id]
                        .decisions
                        .iter()
                        .map(|d| {
                            let verdict = match (d.decision.decision, en) {
                                (crate::review::Verdict::Pass, false) => "通过",
                                (crate::review::Verdict::Fail, false) => "不通过",
                                (crate::review::Verdict::Pass, true) => "passed",
                                (crate::review::Verdict::Fail, true) => "failed",
                            };
                            format!("{} {verdict}", d.decision.reviewer_name)
                        })
                        .collect()
                };
                (
                    format!("审核结果冲突（{}）", side(false).join(" / ")),
                    format!("reviewers disagree ({})", side(true).join(" / ")),
                )
            }
            ProfileStatus::Draft { .. } => ("填写中".to_owned(), "being filled in".to_owned()),
            ProfileStatus::Submitted { .. } => (
                "已提交，待审核".to_owned(),
                "submitted, awaiting review".to_owned(),
            ),
            ProfileStatus::Passed { valid_until, .. } => (
                format!("审核通过（有效期至 {valid_until}）"),
                format!("passed (valid until {valid_until})"),
            ),
            ProfileStatus::Failed { .. } => ("审核未通过".to_owned(), "failed review".to_owned()),
        };
        let (problems, problems_en) = problems.into_iter().unzip();
        rows.push(GridRow {
            id_number: c.id_number.clone(),
            name: c.name.clone(),
            gender: c.gender.label_zh().to_owned(),
            mobile: c.mobile.clone(),
            email: c.email_display.clone(),
            education: p.map_or(String::new(), |p| p.education.label_zh().to_owned()),
            major: p.map_or(String::new(), |p| p.major.clone()),
            employer: p.map_or(String::new(), |p| p.employer.clone()),
            invoice_type,
            invoice_title,
            taxpayer_id,
            exam_item: intent
                .as_ref()
                .map_or(String::new(), |i| i.exam_item_label.clone()),
            region: intent.as_ref().map_or(String::new(), |i| i.region.clone()),
            certificate: certificate.unwrap_or_default(),
            profile_status,
            profile_status_en,
            photo: uploads.contains(&UploadSlot::Photo),
            id_front: uploads.contains(&UploadSlot::IdFront),
            diploma: uploads.contains(&UploadSlot::Diploma),
            work_proof: uploads.contains(&UploadSlot::WorkProof),
            work_proof_required: needed.contains(&UploadSlot::WorkProof),
            problems,
            problems_en,
            same_photo_as,
            same_photo_acknowledged,
        });
    }
    Ok(rows)
}

/// The workspace as one table: identity, profile, intended registration, status, materials.
pub async fn export_grid(store: &Store, out: &Path) -> Result<usize, CommandError> {
    let header: Vec<String> = [
        "姓名",
        "性别",
        "身份证号",
        "手机号",
        "邮箱",
        "最高学历",
        "所学专业",
        "工作单位",
        "开票类型",
        "开票单位",
        "纳税人识别号",
        "报考项目",
        "意向考试区域",
        "证书领取方式",
        "资料状态",
        "照片",
        "身份证正面照",
        "学历照片",
        "工作证明",
        "问题",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let mark = |b: bool| {
        if b {
            "已上传".to_owned()
        } else {
            String::new()
        }
    };
    let lines: Vec<Vec<String>> = grid_rows(store)
        .await?
        .into_iter()
        .map(|r| {
            vec![
                r.name,
                r.gender,
                r.id_number,
                r.mobile,
                r.email,
                r.education,
                r.major,
                r.employer,
                r.invoice_type,
                r.invoice_title,
                r.taxpayer_id,
                r.exam_item,
                r.region,
                r.certificate,
                r.profile_status,
                mark(r.photo),
                mark(r.id_front),
                mark(r.diploma),
                mark(r.work_proof),
                r.problems.join("；"),
            ]
        })
        .collect();
    let n = lines.len();
    let out = out.to_owned();
    tokio::task::spawn_blocking(move || {
        regdesk_roster::template::write_table(&out, "考生", &header, &lines)
    })
    .await
    .map_err(CommandError::internal)??;
    Ok(n)
}
