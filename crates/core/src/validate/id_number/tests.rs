use super::*;
use proptest::prelude::*;

fn opts() -> IdNumberOptions {
    IdNumberOptions {
        today: NaiveDate::from_ymd_opt(2026, 11, 25),
        ..Default::default()
    }
}

fn codes(v: &Validated<IdNumberFacts>) -> Vec<&'static str> {
    v.problems.iter().map(|p| p.code.as_str()).collect()
}

/// Builds a valid number from its parts by computing the check character.
fn make(region: &str, birth: &str, seq: &str) -> String {
    let first17 = format!("{region}{birth}{seq}");
    format!("{first17}{}", check_char(first17.as_bytes()))
}

#[test]
fn published_example_is_valid_and_female() {
    let v = validate_id_number("11010519491231002X", opts());
    assert!(v.problems.is_empty(), "{:?}", v.problems);
    assert_eq!(v.facts.gender, Some(Gender::Female));
    assert_eq!(v.facts.birth_date, NaiveDate::from_ymd_opt(1949, 12, 31));
    assert_eq!(v.facts.region_known, Some(true));
}

#[test]
fn lowercase_x_fullwidth_digits_and_spaces_are_normalised() {
    let v = validate_id_number("  １１０１０５１９４９１２３１００２x ", opts());
    assert_eq!(v.normalized, "11010519491231002X");
    assert!(v.is_valid());
}

#[test]
fn wrong_length_names_the_length_only() {
    let v = validate_id_number("1101051949123100", opts());
    assert_eq!(codes(&v), ["id_number.length"]);
    assert!(v.problems[0].message_zh.contains("16"));
}

#[test]
fn letter_inside_is_a_charset_error_naming_the_position() {
    let v = validate_id_number("1101051949A231002X", opts());
    assert_eq!(codes(&v), ["id_number.charset"]);
    assert!(v.problems[0].message_en.contains("Character 11"));
}

#[test]
fn wrong_check_character_says_the_expected_one() {
    let v = validate_id_number("110105194912310021", opts());
    assert_eq!(codes(&v), ["id_number.check_digit"]);
    assert!(v.problems[0].message_zh.contains('X'));
}

#[test]
fn impossible_and_future_birth_dates_are_refused() {
    for birth in ["19490230", "20270101", "18991231"] {
        let n = make("500101", birth, "123");
        let v = validate_id_number(&n, opts());
        assert_eq!(codes(&v), ["id_number.birth_date"], "{n}");
    }
    assert!(validate_id_number(&make("500101", "20261125", "123"), opts()).is_valid());
}

#[test]
fn unknown_region_is_a_warning_unless_strict() {
    let n = make("990101", "19900101", "123");
    let lenient = validate_id_number(&n, opts());
    assert!(lenient.is_valid());
    assert_eq!(codes(&lenient), ["id_number.region_unknown"]);
    assert_eq!(lenient.facts.region_known, Some(false));
    let strict = validate_id_number(
        &n,
        IdNumberOptions {
            strict: true,
            ..opts()
        },
    );
    assert!(!strict.is_valid());
}

#[test]
fn entered_gender_is_cross_checked_with_digit_17() {
    let male = make("500101", "19900101", "123");
    let v = validate_id_number(
        &male,
        IdNumberOptions {
            entered_gender: Some(Gender::Female),
            ..opts()
        },
    );
    assert_eq!(codes(&v), ["id_number.gender_mismatch"]);
    assert_eq!(v.problems[0].field, "gender");
    let ok = validate_id_number(
        &male,
        IdNumberOptions {
            entered_gender: Some(Gender::Male),
            ..opts()
        },
    );
    assert!(ok.problems.is_empty());
}

fn valid_number() -> impl Strategy<Value = String> {
    (
        0usize..PROVINCES.len(),
        0u32..10000,
        0i64..40000,
        0u32..1000,
    )
        .prop_map(|(p, county, days, seq)| {
            let birth =
                NaiveDate::from_ymd_opt(1910, 1, 1).unwrap() + chrono::Days::new(days as u64);
            make(
                &format!("{:02}{county:04}", PROVINCES[p]),
                &birth.format("%Y%m%d").to_string(),
                &format!("{seq:03}"),
            )
        })
}

proptest! {
    #[test]
    fn generated_valid_numbers_always_pass(n in valid_number()) {
        let v = validate_id_number(&n, opts());
        prop_assert!(v.problems.is_empty(), "{} {:?}", n, v.problems);
    }

    #[test]
    fn any_single_character_change_breaks_the_number(n in valid_number(), pos in 0usize..18, by in 1u8..10) {
        let mut b = n.clone().into_bytes();
        b[pos] = if b[pos] == b'X' { b'0' + by % 10 } else { b'0' + (b[pos] - b'0' + by) % 10 };
        let changed = String::from_utf8(b).unwrap();
        prop_assume!(changed != n);
        let v = validate_id_number(&changed, opts());
        prop_assert!(!v.is_valid(), "{} -> {} passed", n, changed);
    }

    #[test]
    fn never_panics_on_any_text(s in "\\PC{0,40}") {
        let _ = validate_id_number(&s, opts());
    }
}
