//! A spec file from a user is untrusted: read it bounded, and refuse it naming the field and
//! the rule it breaks, before any photo is made with it.

use crate::spec::{Band, PhotoSpec};
use crate::spec_colour::BackgroundColour;

/// Spec files are a few hundred bytes; anything this large is not one.
pub const MAX_SPEC_BYTES: usize = 64 * 1024;

/// The first rule a spec breaks: the field (its JSON name) and the rule in both languages.
#[derive(Debug, Clone, PartialEq)]
pub struct SpecError {
    pub field: String,
    pub rule_zh: String,
    pub rule_en: String,
}

impl SpecError {
    fn new(field: &str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            rule_zh: zh.into(),
            rule_en: en.into(),
        }
    }
}

impl PhotoSpec {
    /// Parses and checks a spec (`photo specs --json` prints each in this form).
    pub fn from_json(text: &str) -> Result<PhotoSpec, SpecError> {
        if text.len() > MAX_SPEC_BYTES {
            return Err(SpecError::new(
                "(file)",
                format!("规格文件不能超过 {MAX_SPEC_BYTES} 字节"),
                format!("a spec file is at most {MAX_SPEC_BYTES} bytes"),
            ));
        }
        let de = &mut serde_json::Deserializer::from_str(text);
        let spec: PhotoSpec = serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            // A missing or unknown field is named by serde inside the message, at the root.
            let field = if path == "." {
                quoted_name(&inner.to_string()).unwrap_or_else(|| "(file)".into())
            } else {
                path
            };
            SpecError::new(
                &field,
                format!("不是有效的值：{inner}"),
                format!("not a valid value: {inner}"),
            )
        })?;
        spec.validate()?;
        Ok(spec)
    }

    /// The rules a spec must keep to be usable (sizes a portal could ask for, a byte window the
    /// encoder can reach, bands that describe a head in a frame).
    pub fn validate(&self) -> Result<(), SpecError> {
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 64
            && self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b));
        if !id_ok {
            return Err(SpecError::new(
                "id",
                "须为 1–64 个小写字母、数字、- _ .",
                "must be 1–64 lowercase letters, digits, - _ .",
            ));
        }
        for (field, value) in [
            ("nameZh", &self.name_zh),
            ("nameEn", &self.name_en),
            ("source", &self.source),
        ] {
            if value.trim().is_empty() || value.chars().count() > 1000 {
                return Err(SpecError::new(
                    field,
                    "不能为空，且不超过 1000 个字符",
                    "must not be empty and at most 1000 characters",
                ));
            }
        }
        if let Some(date) = &self.source_date {
            if !date_like(date) {
                return Err(SpecError::new(
                    "sourceDate",
                    "须为 YYYY、YYYY-MM 或 YYYY-MM-DD",
                    "must be YYYY, YYYY-MM or YYYY-MM-DD",
                ));
            }
        }
        for (field, v) in [("width", self.width), ("height", self.height)] {
            if !(64..=4000).contains(&v) {
                return Err(SpecError::new(
                    field,
                    format!("须在 64 到 4000 像素之间（实际 {v}）"),
                    format!("must be 64 to 4000 pixels (got {v})"),
                ));
            }
        }
        if !(2_000..=20_000_000).contains(&self.max_bytes) {
            return Err(SpecError::new(
                "maxBytes",
                "须在 2000 到 20 000 000 字节之间",
                "must be 2000 to 20 000 000 bytes",
            ));
        }
        if self.min_bytes >= self.max_bytes {
            return Err(SpecError::new(
                "minBytes",
                "须小于 maxBytes",
                "must be less than maxBytes",
            ));
        }
        if let Some(unit) = self.kb_unit {
            if unit != 1000 && unit != 1024 {
                return Err(SpecError::new(
                    "kbUnit",
                    "须为 1000 或 1024",
                    "must be 1000 or 1024",
                ));
            }
        }
        band("headRatio", self.head_ratio, 0.2, 0.95)?;
        band("crownMargin", self.crown_margin, 0.0, 0.4)?;
        if self.head_ratio.max + self.crown_margin.min > 1.0 {
            return Err(SpecError::new(
                "headRatio",
                "headRatio.max 加 crownMargin.min 不能超过 1",
                "headRatio.max plus crownMargin.min cannot exceed 1",
            ));
        }
        if !(self.centre_tolerance > 0.0 && self.centre_tolerance <= 0.5) {
            return Err(SpecError::new(
                "centreTolerance",
                "须大于 0 且不超过 0.5（照片宽度的比例）",
                "must be above 0 and at most 0.5 (a fraction of the width)",
            ));
        }
        if BackgroundColour::parse(&self.background).is_none() {
            return Err(SpecError::new(
                "background",
                "须为 white、blue、red 或 #RRGGBB",
                "must be white, blue, red or #RRGGBB",
            ));
        }
        if let Some(t) = self.background_tolerance {
            if !(t > 0.0 && t <= 200.0) {
                return Err(SpecError::new(
                    "backgroundTolerance",
                    "须大于 0 且不超过 200（RGB 距离）",
                    "must be above 0 and at most 200 (an RGB distance)",
                ));
            }
        }
        if let Some(dpi) = self.dpi {
            if !(1..=2400).contains(&dpi) {
                return Err(SpecError::new(
                    "dpi",
                    "须在 1 到 2400 之间",
                    "must be 1 to 2400",
                ));
            }
        }
        Ok(())
    }
}

fn band(field: &str, b: Band, low: f64, high: f64) -> Result<(), SpecError> {
    let finite = b.min.is_finite() && b.target.is_finite() && b.max.is_finite();
    if !finite || b.min < low || b.max > high || b.min > b.target || b.target > b.max {
        return Err(SpecError::new(
            field,
            format!("须满足 {low} ≤ min ≤ target ≤ max ≤ {high}"),
            format!("must satisfy {low} ≤ min ≤ target ≤ max ≤ {high}"),
        ));
    }
    Ok(())
}

fn date_like(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    }
}

/// The first `name` in serde's "missing field `name`" / "unknown field `name`".
fn quoted_name(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message.get(start..)?.find('`')?;
    message.get(start..start + len).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use crate::spec::{all_specs, PhotoSpec};

    fn with(field: &str, value: serde_json::Value) -> String {
        let mut v = serde_json::to_value(&all_specs()[0]).unwrap_or_default();
        v[field] = value;
        v.to_string()
    }

    fn field_of(text: &str) -> String {
        PhotoSpec::from_json(text).map_or_else(|e| e.field, |_| "(accepted)".into())
    }

    #[test]
    fn every_library_spec_round_trips() {
        for s in all_specs() {
            let text = serde_json::to_string(&s).unwrap_or_default();
            assert_eq!(PhotoSpec::from_json(&text).as_ref(), Ok(&s), "{}", s.id);
        }
    }

    #[test]
    fn a_bad_field_is_named() {
        assert_eq!(field_of(&with("width", (-5).into())), "width");
        assert_eq!(field_of(&with("width", 0.into())), "width");
        assert_eq!(field_of(&with("height", "tall".into())), "height");
        assert_eq!(field_of(&with("minBytes", 900_000.into())), "minBytes");
        assert_eq!(
            field_of(&with("background", "green-ish".into())),
            "background"
        );
        assert_eq!(field_of(&with("kbUnit", 1100.into())), "kbUnit");
        assert_eq!(
            field_of(&with("centreTolerance", (-0.1).into())),
            "centreTolerance"
        );
        let inverted = serde_json::json!({"min": 0.7, "target": 0.6, "max": 0.8});
        assert_eq!(field_of(&with("headRatio", inverted)), "headRatio");
        assert_eq!(field_of(&with("maxbytes", 1.into())), "maxbytes");
        let mut v = serde_json::to_value(&all_specs()[0]).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.remove("height");
        }
        assert_eq!(field_of(&v.to_string()), "height");
        assert_eq!(field_of("not json"), "(file)");
    }

    #[test]
    fn hex_colours_and_a_schema_reference_are_accepted() {
        let mut v = serde_json::to_value(&all_specs()[0]).unwrap_or_default();
        v["background"] = "#438EDB".into();
        v["$schema"] = "../docs/photo-spec.schema.json".into();
        let spec = PhotoSpec::from_json(&v.to_string());
        assert_eq!(spec.map(|s| s.background), Ok("#438EDB".to_owned()));
    }
}
