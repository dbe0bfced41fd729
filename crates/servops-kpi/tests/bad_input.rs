//! Bad input gives typed errors or undefined values, never a panic.

// Test helpers outside #[test] functions may unwrap and panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use servops_core::chrono::{DateTime, Utc};
use servops_kpi::{
    BadRowPolicy, ContactRecord, CsatPolicy, CsvSchema, Error, Outcome, ShrinkageCombination,
    SurveyScale, Ticket, TimeSpan, ces, combine_shrinkage, csat, nps, read_contacts,
};

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[test]
fn errors_are_send_sync_static() {
    fn check<E: std::error::Error + Send + Sync + 'static>() {}
    check::<Error>();
}

#[test]
fn csv_bad_rows_are_reported_with_line_and_field() {
    let text = "\
arrival,outcome,wait_s,answer,end,talk_s,hold_s,survey
2026-03-02T09:00:00Z,answered,10,,,120,,
2026-03-02T09:00:00Z,abandoned,-4,,,,,
2026-03-02T09:00:00Z,answered,30,2026-03-02T08:59:00Z,,,,
2026-03-02T09:00:00Z,answered,0,2026-03-02T09:00:10Z,2026-03-02T09:00:05Z,,,
2026-03-02T09:00:00Z,answered,0,,,,-1,
2026-03-02T09:00:00Z,answered,0,,,60,,NaN
2026-03-02T09:00:00Z,answered,NaN,,,,,
2026-03-02T09:00:00Z,answered,0,,,60,,4
";
    let schema = CsvSchema::new();
    let read = read_contacts(text.as_bytes(), &schema, BadRowPolicy::SkipAndReport).unwrap();
    assert_eq!(read.records.len(), 2);
    let got: Vec<String> = read.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(got.len(), 6);
    assert_eq!(
        got[0],
        "line 3, field wait_s: duration must be >= 0 s, got -4"
    );
    assert!(
        got[1].starts_with(
            "line 4, field answer: answer (2026-03-02T08:59:00+00:00) must not be before"
        ),
        "{}",
        got[1]
    );
    assert!(
        got[2].starts_with(
            "line 5, field end: end (2026-03-02T09:00:05+00:00) must not be before answer"
        ),
        "{}",
        got[2]
    );
    assert_eq!(
        got[3],
        "line 6, field hold_s: duration must be >= 0 s, got -1"
    );
    assert_eq!(
        got[4],
        "line 7, field survey: score must be finite, got NaN"
    );
    assert!(got[5].starts_with("line 8, field wait_s:"), "{}", got[5]);
    // fail policy: the first bad row
    let err = read_contacts(text.as_bytes(), &schema, BadRowPolicy::Fail).unwrap_err();
    assert_eq!(err, read.skipped[0]);
}

#[test]
fn csv_garbage_is_an_error_not_a_panic() {
    for text in [
        "",
        "\u{0}\u{1}",
        "arrival\n",
        "arrival,outcome\n\"unterminated",
        "a,b\n1,2\n",
    ] {
        let _ = read_contacts(
            text.as_bytes(),
            &CsvSchema::new(),
            BadRowPolicy::SkipAndReport,
        );
    }
    let err = read_contacts("".as_bytes(), &CsvSchema::new(), BadRowPolicy::Fail).unwrap_err();
    assert!(matches!(err, Error::CsvInput { .. }));
}

#[test]
fn record_time_order() {
    let a = t("2026-03-02T09:00:00Z");
    let r = ContactRecord::builder(a, Outcome::Answered)
        .queue_exit(t("2026-03-02T09:00:30Z"))
        .answer(t("2026-03-02T09:00:20Z"))
        .build();
    assert!(matches!(
        r,
        Err(Error::TimeOrder {
            earlier: "queue exit",
            later: "answer",
            ..
        })
    ));
    let r = ContactRecord::builder(a, Outcome::Answered)
        .wait(Duration::ZERO)
        .end(t("2026-03-02T08:00:00Z"))
        .build();
    assert!(matches!(r, Err(Error::TimeOrder { later: "end", .. })));
    let r = ContactRecord::builder(a, Outcome::Answered)
        .wait(Duration::from_secs(5))
        .queue_exit(t("2026-03-02T09:00:06Z"))
        .build();
    assert!(matches!(
        r,
        Err(Error::InvalidParameter { name: "wait", .. })
    ));
    let r = TimeSpan::new(t("2026-03-02T10:00:00Z"), a, "work");
    assert!(matches!(r, Err(Error::TimeOrder { .. })));
    let r = Ticket::new(a, None, Some(t("2026-03-02T08:00:00Z")));
    assert!(matches!(
        r,
        Err(Error::TimeOrder {
            later: "resolution",
            ..
        })
    ));
}

#[test]
fn nan_scores_are_errors() {
    let p = CsatPolicy::new(SurveyScale::new(1, 5).unwrap(), 2).unwrap();
    assert!(matches!(
        csat(&[Some(f64::NAN)], p),
        Err(Error::InvalidParameter {
            name: "survey score",
            ..
        })
    ));
    assert!(csat(&[Some(f64::INFINITY)], p).is_err());
    assert!(nps(&[Some(f64::NAN)]).is_err());
    assert!(ces(&[Some(f64::NAN)]).is_err());
    assert!(ces(&[Some(8.0)]).is_err());
    let r = ContactRecord::builder(t("2026-03-02T09:00:00Z"), Outcome::Answered)
        .wait(Duration::ZERO)
        .survey_score(f64::NAN)
        .build();
    assert!(r.is_err());
}

#[test]
fn ces_refuses_a_score_between_boxes_as_csat_does() {
    // CES 2.0 is one 7-point agreement item: each answer is one of the
    // boxes 1..=7, and "agree" is the top-3 box (5, 6, 7). A 4.5 is in no
    // box (before this, `ces` took it, counted 4.5 as not agreeing and
    // 5.5 as agreeing, and averaged both into the mean).
    for score in [4.5, 5.5, 1.25, 6.999] {
        assert!(
            matches!(
                ces(&[Some(7.0), Some(score)]),
                Err(Error::InvalidParameter {
                    name: "survey score",
                    constraint: "a whole step of the survey scale (a box)",
                    ..
                })
            ),
            "{score}"
        );
    }
    // The same rule and error as CSAT on the same scale.
    let p = CsatPolicy::new(SurveyScale::new(1, 7).unwrap(), 3).unwrap();
    assert_eq!(
        ces(&[Some(4.5)]).unwrap_err(),
        csat(&[Some(4.5)], p).unwrap_err()
    );
    // Whole steps, including both ends, are accepted: mean (1 + 5 + 7) / 3,
    // two of three agree.
    let c = ces(&[Some(1.0), Some(5.0), Some(7.0), None]).unwrap();
    assert_eq!(c.mean.value(), Some(13.0 / 3.0));
    assert_eq!(c.agree.value(), Some(2.0 / 3.0));
    assert_eq!(c.response_rate.value(), Some(0.75));
}

#[test]
fn shrinkage_of_one_or_more_is_an_error() {
    assert!(combine_shrinkage(&[0.5, 0.5], ShrinkageCombination::Additive).is_err());
    assert!(combine_shrinkage(&[1.0], ShrinkageCombination::Multiplicative).is_err());
    assert!(combine_shrinkage(&[-0.1], ShrinkageCombination::Additive).is_err());
}

#[cfg(feature = "serde")]
#[test]
fn deserializing_goes_through_the_checks() {
    use servops_kpi::{CsatPolicy, SurveyScale, Ticket, TimeSpan};
    let scale: SurveyScale = serde_json::from_str(r#"{"min":1,"max":5}"#).unwrap();
    assert_eq!(scale, SurveyScale::new(1, 5).unwrap());
    assert!(serde_json::from_str::<SurveyScale>(r#"{"min":5,"max":1}"#).is_err());
    let p = CsatPolicy::new(scale, 2).unwrap();
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(serde_json::from_str::<CsatPolicy>(&json).unwrap(), p);
    assert!(
        serde_json::from_str::<CsatPolicy>(r#"{"scale":{"min":1,"max":5},"top_k":9}"#).is_err()
    );
    let bad_span = r#"{"start":"2026-03-02T10:00:00Z","end":"2026-03-02T09:00:00Z","label":"x"}"#;
    assert!(serde_json::from_str::<TimeSpan>(bad_span).is_err());
    let ok_span = TimeSpan::new(t("2026-03-02T09:00:00Z"), t("2026-03-02T10:00:00Z"), "x").unwrap();
    let json = serde_json::to_string(&ok_span).unwrap();
    assert_eq!(serde_json::from_str::<TimeSpan>(&json).unwrap(), ok_span);
    let bad_ticket = r#"{"created":"2026-03-02T10:00:00Z","first_reply":"2026-03-02T09:00:00Z","resolved":null}"#;
    assert!(serde_json::from_str::<Ticket>(bad_ticket).is_err());
}

/// A row with fewer or more fields than the header is malformed (a
/// truncated export, an unquoted delimiter inside a value): reported, not
/// read with its missing cells as absent values. Before, the short row was
/// read with no talk time and the long row with its extra field ignored.
#[test]
fn csv_rows_with_the_wrong_number_of_fields_are_reported() {
    let text = "\
arrival,outcome,wait_s,talk_s
2026-03-02T09:00:00Z,answered,3
2026-03-02T09:00:00Z,answered,3,100,7
2026-03-02T09:00:00Z,answered,3,100
";
    let read = read_contacts(
        text.as_bytes(),
        &CsvSchema::new(),
        BadRowPolicy::SkipAndReport,
    )
    .unwrap();
    assert_eq!(read.records.len(), 1);
    let got: Vec<String> = read.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "line 2, field row: has 3 fields, the header has 4",
            "line 3, field row: has 5 fields, the header has 4",
        ]
    );
}

/// A column the schema reads that appears twice in the header is
/// ambiguous: an error naming it (before, the first was read silently).
#[test]
fn csv_header_with_a_used_column_twice_is_an_error() {
    let text = "arrival,outcome,wait_s,wait_s\n2026-03-02T09:00:00Z,answered,3,5\n";
    let err = read_contacts(
        text.as_bytes(),
        &CsvSchema::new(),
        BadRowPolicy::SkipAndReport,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "csv input: the header has the column \"wait_s\" twice (columns 3 and 4)"
    );
    // a repeated column the schema does not read is no problem
    let text = "arrival,outcome,wait_s,note,note\n2026-03-02T09:00:00Z,answered,3,a,b\n";
    let schema = CsvSchema::new();
    let read = read_contacts(text.as_bytes(), &schema, BadRowPolicy::Fail).unwrap();
    assert_eq!(read.records.len(), 1);
}

/// CSAT counts top-`k` boxes of a scale of whole steps: a score of 4.5 on
/// 1–5 is in no box (an average of survey items is not a box answer), so
/// it is refused like a score off the scale (before: 4.5 counted as
/// satisfied and 3.5 as not, CSAT 0.5 for the pair).
#[test]
fn fractional_csat_scores_are_refused() {
    let top2 = CsatPolicy::new(SurveyScale::new(1, 5).unwrap(), 2).unwrap();
    for bad in [4.5, 3.5, 1.000_000_1, 4.999_999_999] {
        assert!(
            matches!(
                csat(&[Some(5.0), Some(bad)], top2),
                Err(Error::InvalidParameter {
                    name: "survey score",
                    ..
                })
            ),
            "{bad}"
        );
    }
    // Whole scores are still read: 5 and 4 satisfied of 5, 4, 3, 1.
    let r = csat(&[Some(5.0), Some(4.0), Some(3.0), Some(1.0)], top2).unwrap();
    assert_eq!(r.kpi.value(), Some(0.5));
}
