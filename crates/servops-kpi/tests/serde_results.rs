//! Serde round trips of the business calendar and of the SPC and QA
//! results, and the refusal of serialised values the constructors would
//! refuse.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use servops_core::chrono::{DateTime, NaiveDate, NaiveTime, Utc, Weekday};
use servops_core::chrono_tz::{America::New_York, Europe::London};
use servops_kpi::BusinessCalendar;
use servops_kpi::qa::{
    CalibrationDeviation, ConfidenceLevel, Criticality, Evaluation, IntraclassCorrelation,
    Response, Rubric, RubricItem, RubricSection, SampleSize, WilsonInterval, calibration_deviation,
    sample_size_for_mean, sample_size_for_proportion, wilson_interval,
};
use servops_kpi::spc::{
    ChartSeries, ControlLimits, PChart, Rule, Signal, UChart, XbarRChart, XbarSChart, XmrChart,
};

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(x: &T) -> T {
    let json = serde_json::to_string(x).unwrap();
    let back: T = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, x, "{json}");
    back
}

/// The serialised value with `edit` applied, deserialised.
fn edited<T: Serialize + DeserializeOwned>(
    x: &T,
    edit: impl FnOnce(&mut Value),
) -> Result<T, serde_json::Error> {
    let mut v = serde_json::to_value(x).unwrap();
    edit(&mut v);
    serde_json::from_value(v)
}

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

#[test]
fn business_calendars_round_trip_and_keep_their_clock() {
    let office = BusinessCalendar::new(London)
        .with_weekdays(hm(9, 0), hm(17, 0))
        .unwrap()
        .with_hours(Weekday::Sat, hm(10, 0), hm(0, 0))
        .unwrap()
        .with_hours(Weekday::Mon, hm(18, 30), hm(20, 0))
        .unwrap()
        .with_holiday(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap())
        .with_holiday(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    let back = round_trip(&office);
    // Mon 2026-03-02 08:00 to Sat 2026-03-07 12:00 UTC (GMT): five days of
    // 8 h, Monday's 1.5 h evening window, 2 h on Saturday from 10:00.
    let hours = 5.0 * 8.0 + 1.5 + 2.0;
    assert_eq!(
        back.business_time(t("2026-03-02T08:00:00Z"), t("2026-03-07T12:00:00Z"))
            .unwrap(),
        Duration::from_secs_f64(hours * 3600.0)
    );
    let v = serde_json::to_value(&office).unwrap();
    assert_eq!(v["time_zone"], "Europe/London");
    assert_eq!(
        v["weekday_hours"][0],
        json!([{"start": "09:00:00", "end": "17:00:00"}, {"start": "18:30:00", "end": "20:00:00"}])
    );
    // midnight at the end of the day is written 00:00
    assert_eq!(
        v["weekday_hours"][5],
        json!([{"start": "10:00:00", "end": "00:00:00"}])
    );
    assert_eq!(v["holidays"], json!(["2026-01-01", "2026-12-25"]));

    let always = round_trip(&BusinessCalendar::always_open(New_York));
    // 2026-03-08 in New York has 23 hours.
    assert_eq!(
        always
            .business_time(t("2026-03-08T05:00:00Z"), t("2026-03-09T04:00:00Z"))
            .unwrap(),
        Duration::from_secs(23 * 3600)
    );
    round_trip(&BusinessCalendar::new(London));
}

#[test]
fn invalid_business_calendars_are_refused() {
    let cal = BusinessCalendar::new(London)
        .with_weekdays(hm(9, 0), hm(17, 0))
        .unwrap();
    let unknown_zone = edited(&cal, |v| v["time_zone"] = json!("Mars/Olympus_Mons"));
    assert!(
        unknown_zone
            .unwrap_err()
            .to_string()
            .contains("IANA time-zone name")
    );
    let backwards = edited(&cal, |v| {
        v["weekday_hours"][2] = json!([{"start": "17:00:00", "end": "09:00:00"}])
    });
    assert!(
        backwards
            .unwrap_err()
            .to_string()
            .contains("opening window")
    );
    let empty = edited(&cal, |v| {
        v["weekday_hours"][2] = json!([{"start": "09:00:00", "end": "09:00:00"}])
    });
    assert!(empty.is_err());
    let six_days = edited(&cal, |v| {
        v["weekday_hours"].as_array_mut().unwrap().pop();
    });
    assert!(six_days.is_err());
    let extra = edited(&cal, |v| v["opening"] = json!(1));
    assert!(extra.is_err());
    let bad_time = edited(&cal, |v| {
        v["weekday_hours"][0] = json!([{"start": "25:00:00", "end": "26:00:00"}])
    });
    assert!(bad_time.is_err());
}

#[test]
fn overlapping_windows_deserialise_merged_as_the_builder_merges_them() {
    // The builder accepts overlapping windows and merges them; so does
    // deserialising: 09:00-12:00 and 11:00-14:00 open 5 hours, not 6.
    let json = json!({
        "time_zone": "UTC",
        "weekday_hours": [[{"start": "09:00:00", "end": "12:00:00"},
                           {"start": "11:00:00", "end": "14:00:00"}], [], [], [], [], [], []],
        "holidays": []
    });
    let cal: BusinessCalendar = serde_json::from_value(json).unwrap();
    assert_eq!(
        cal.business_time(t("2026-03-02T00:00:00Z"), t("2026-03-03T00:00:00Z"))
            .unwrap(),
        Duration::from_secs(5 * 3600)
    );
}

#[test]
fn spc_results_round_trip() {
    let l = ControlLimits::symmetric(10.0, 2.0).unwrap();
    round_trip(&l);
    let s = ChartSeries::with_constant_limits(vec![9.0, 17.0, 10.5], l).unwrap();
    round_trip(&s);
    for signal in s.signals(&Rule::NELSON) {
        round_trip(&signal);
    }
    let p = PChart::new(&[412, 388, 455, 0], &[8120, 7905, 8410, 3]).unwrap();
    round_trip(&p);
    round_trip(&PChart::with_standard(0.0, &[0, 0], &[5, 9]).unwrap());
    round_trip(&PChart::with_standard(1.0, &[5], &[5]).unwrap());
    let u = UChart::new(&[12, 9, 15, 11, 30], &[8.2, 7.9, 8.4, 8.0, 8.1]).unwrap();
    round_trip(&u);
    round_trip(&UChart::new(&[0, 0], &[1.0, 2.0]).unwrap());
    let x = XmrChart::new(&[312.0, 298.0, 305.0, 320.0, 301.0, 309.0, 296.0, 402.0]).unwrap();
    let back = round_trip(&x);
    assert_eq!(
        back.signals(&Rule::WESTERN_ELECTRIC),
        x.signals(&Rule::WESTERN_ELECTRIC)
    );
    round_trip(&XbarRChart::new(&[[1.0, 2.0, 3.0], [2.0, 3.0, 4.0], [0.1, 0.7, 0.2]]).unwrap());
    let xs = XbarSChart::new(&[vec![1.0, 2.0, 3.0], vec![2.0, 4.0], vec![0.3; 40]]).unwrap();
    let back = round_trip(&xs);
    assert_eq!(back.subgroup_sizes(), &[3, 2, 40]);
}

#[test]
fn signals_round_trip_and_inconsistent_ones_are_refused() {
    // WE2 two points beyond 2 sigma at indices 0 and 1: the window is cut
    // short at the start (first 0, index 1).
    let l = ControlLimits::symmetric(0.0, 1.0).unwrap();
    let s = ChartSeries::with_constant_limits(vec![2.5, 2.5, 0.0], l).unwrap();
    let fired = s.signals(&[Rule::WesternElectric2]);
    assert_eq!((fired[0].first, fired[0].index), (0, 1));
    round_trip(&fired[0]);
    let nine_above = ChartSeries::with_constant_limits(vec![0.5; 9], l).unwrap();
    let n2 = nine_above.signals(&[Rule::Nelson2]);
    assert_eq!((n2[0].first, n2[0].index), (0, 8));
    round_trip(&n2[0]);

    let parse = |v: Value| serde_json::from_value::<Signal>(v);
    // Nelson 2 needs nine points: it cannot complete at index 3.
    assert!(parse(json!({"rule": "Nelson2", "index": 3, "first": 0})).is_err());
    // its window is nine points, not eight
    assert!(parse(json!({"rule": "Nelson2", "index": 9, "first": 2})).is_err());
    assert!(parse(json!({"rule": "Nelson2", "index": 9, "first": 1})).is_ok());
    // a k-of-m window is cut short only at the start
    assert!(parse(json!({"rule": "WesternElectric3", "index": 2, "first": 0})).is_ok());
    assert!(parse(json!({"rule": "WesternElectric3", "index": 7, "first": 0})).is_err());
    assert!(parse(json!({"rule": "Nelson1", "index": 4, "first": 3})).is_err());
    assert!(parse(json!({"rule": "Nelson1", "index": 4, "first": 4, "x": 1})).is_err());
}

#[test]
fn invalid_spc_results_are_refused() {
    let limits = |v: Value| serde_json::from_value::<ControlLimits>(v);
    assert!(limits(json!({"lower": 4.0, "center": 10.0, "upper": 16.0, "sigma": 2.0})).is_ok());
    assert!(limits(json!({"lower": 4.0, "center": 17.0, "upper": 16.0, "sigma": 2.0})).is_err());
    assert!(limits(json!({"lower": 4.0, "center": 10.0, "upper": 16.0, "sigma": -2.0})).is_err());
    assert!(limits(json!({"lower": 4.0, "center": 10.0, "upper": null, "sigma": 2.0})).is_err());

    let l = ControlLimits::symmetric(10.0, 2.0).unwrap();
    let s = ChartSeries::with_constant_limits(vec![9.0, 17.0], l).unwrap();
    assert!(edited(&s, |v| v["values"][0] = json!(null)).is_err());
    assert!(
        edited(&s, |v| {
            v["limits"].as_array_mut().unwrap().pop();
        })
        .is_err()
    );

    let p = PChart::new(&[5, 15], &[100, 100]).unwrap();
    assert!(edited(&p, |v| v["center"] = json!(1.5)).is_err());
    // a point's centre that is not the chart's
    assert!(
        edited(&p, |v| v["proportions"]["limits"][1]["center"] =
            json!(0.11))
        .is_err()
    );
    // a proportion above 1
    assert!(edited(&p, |v| v["proportions"]["values"][0] = json!(1.2)).is_err());
    // an upper limit that is not center + 3 sigma
    assert!(edited(&p, |v| v["proportions"]["limits"][0]["upper"] = json!(0.5)).is_err());
    // sigma above sqrt(0.1 * 0.9) = 0.3, which no subgroup size gives
    assert!(
        edited(&p, |v| {
            v["proportions"]["limits"][0] =
                json!({"lower": 0.0, "center": 0.1, "upper": 1.0, "sigma": 0.31})
        })
        .is_err()
    );
    assert!(
        edited(&p, |v| v["proportions"] =
            json!({"values": [], "limits": []}))
        .is_err()
    );

    let u = UChart::new(&[3, 5], &[2.0, 2.0]).unwrap();
    assert!(edited(&u, |v| v["center"] = json!(-1.0)).is_err());
    assert!(edited(&u, |v| v["rates"]["limits"][0]["lower"] = json!(0.5)).is_err());

    let x = XmrChart::new(&[1.0, 3.0, 2.0, 4.0]).unwrap();
    // moved limits: the chart rebuilt from the values has others
    assert!(edited(&x, |v| v["individuals"]["limits"][0]["sigma"] = json!(5.0)).is_err());
    // a moving range that is not |x[i+1] - x[i]|
    assert!(edited(&x, |v| v["moving_ranges"]["values"][0] = json!(1.0)).is_err());
    // one value: not a chart
    assert!(
        edited(&x, |v| {
            v["individuals"] = json!({"values": [1.0], "limits": [v["individuals"]["limits"][0]]})
        })
        .is_err()
    );

    let r = XbarRChart::new(&[[1.0, 2.0, 3.0], [2.0, 3.0, 4.0]]).unwrap();
    assert!(edited(&r, |v| v["subgroup_size"] = json!(4)).is_err());
    assert!(edited(&r, |v| v["subgroup_size"] = json!(30)).is_err());
    assert!(edited(&r, |v| v["ranges"]["values"][0] = json!(1.0)).is_err());

    let xs = XbarSChart::new(&[vec![1.0, 2.0, 3.0], vec![2.0, 4.0]]).unwrap();
    assert!(edited(&xs, |v| v["sizes"] = json!([3, 3])).is_err());
    assert!(edited(&xs, |v| v["sizes"] = json!([3, 1])).is_err());
    // without sizes (the form written before they were stored) the sizes
    // are recovered from the limits (tests/spc_legacy_json.rs)
    let back = edited(&xs, |v| {
        v.as_object_mut().unwrap().remove("sizes");
    })
    .unwrap();
    assert_eq!(back, xs);
    assert_eq!(back.subgroup_sizes(), &[3, 2]);
}

#[test]
fn qa_results_round_trip() {
    let d = calibration_deviation(&[90.0, 70.0, 80.0], &[80.0, 70.0, 74.0], 5.0).unwrap();
    round_trip(&d);
    let c = ConfidenceLevel::new(0.95).unwrap();
    round_trip(&c);
    round_trip(&ConfidenceLevel::new(0.999_999_999_999_999).unwrap());
    round_trip(&sample_size_for_proportion(0.5, 0.05, c, None).unwrap());
    round_trip(&sample_size_for_proportion(0.5, 0.05, c, Some(500)).unwrap());
    round_trip(&sample_size_for_proportion(0.0, 0.05, c, Some(1)).unwrap());
    round_trip(&sample_size_for_mean(0.3, 1.0, c, Some(1)).unwrap());
    round_trip(&wilson_interval(0, 10, c).unwrap().unwrap());
    round_trip(&wilson_interval(7, 10, c).unwrap().unwrap());
    round_trip(&wilson_interval(10, 10, c).unwrap().unwrap());
    let icc = IntraclassCorrelation::new(&[
        [9.0, 2.0, 5.0, 8.0],
        [6.0, 1.0, 3.0, 2.0],
        [8.0, 4.0, 6.0, 8.0],
        [7.0, 1.0, 2.0, 6.0],
        [10.0, 5.0, 6.0, 9.0],
        [6.0, 2.0, 4.0, 7.0],
    ])
    .unwrap();
    round_trip(&icc);
    round_trip(&icc.mean_squares());
    // identical columns: the residual sum of squares is 0
    round_trip(&IntraclassCorrelation::new(&[[1.0, 1.0], [2.0, 2.0], [4.0, 4.0]]).unwrap());

    let rubric = Rubric::new(vec![
        RubricSection::new(
            "greeting",
            1.0,
            vec![
                RubricItem::new("name", 1.0).unwrap(),
                RubricItem::new("id check", 2.0)
                    .unwrap()
                    .with_criticality(Criticality::FailsForm),
            ],
        )
        .unwrap(),
        RubricSection::new(
            "close",
            3.0,
            vec![
                RubricItem::new("summary", 1.0).unwrap(),
                RubricItem::new("disclosure", 1.0)
                    .unwrap()
                    .with_criticality(Criticality::FailsSection),
            ],
        )
        .unwrap(),
    ])
    .unwrap();
    round_trip(&rubric);
    round_trip(&rubric.sections()[1]);
    round_trip(&rubric.sections()[0].items()[1]);
    for responses in [
        [
            vec![Response::Met, Response::Met],
            vec![Response::Partial(0.5), Response::Met],
        ],
        [
            vec![Response::Met, Response::NotMet],
            vec![Response::Met, Response::NotMet],
        ],
        [
            vec![Response::NotApplicable, Response::NotApplicable],
            vec![Response::NotApplicable, Response::NotApplicable],
        ],
        [
            vec![Response::NotApplicable, Response::Met],
            vec![Response::Met, Response::NotMet],
        ],
    ] {
        let e = rubric.score(&responses).unwrap();
        round_trip(&e);
        for s in &e.sections {
            round_trip(s);
        }
        for f in &e.critical_failures {
            round_trip(f);
        }
    }
}

/// A critical item often carries no weight (a compliance check that only
/// fails the section or form). When it fails and every weighted item of its
/// section is not applicable, the section scores 0 with no raw score; the
/// evaluation must still read back.
#[test]
fn failed_zero_weight_critical_items_round_trip() {
    let section = |criticality| {
        RubricSection::new(
            "compliance",
            1.0,
            vec![
                RubricItem::new("disclosure", 0.0)
                    .unwrap()
                    .with_criticality(criticality),
                RubricItem::new("greeting", 1.0).unwrap(),
            ],
        )
        .unwrap()
    };
    let tone = RubricSection::new(
        "soft skills",
        1.0,
        vec![RubricItem::new("tone", 1.0).unwrap()],
    )
    .unwrap();
    let failed_alone = [Response::NotMet, Response::NotApplicable];

    // By hand: compliance failed (0, no weighted item applicable), soft
    // skills 1; equal section weights give (0 + 1) / 2 = 0.5; the raw and
    // non-critical scores see soft skills only: 1.
    let two = Rubric::new(vec![section(Criticality::FailsSection), tone]).unwrap();
    let e = two
        .score(&[failed_alone.to_vec(), vec![Response::Met]])
        .unwrap();
    assert_eq!(e.sections[0].score, Some(0.0));
    assert_eq!(e.sections[0].raw_score, None);
    assert!(e.sections[0].failed);
    assert_eq!(
        (e.score, e.raw_score, e.non_critical_score),
        (Some(0.5), Some(1.0), Some(1.0))
    );
    round_trip(&e);

    // The failed section alone: score 0, nothing weighted to give a raw score.
    let one = Rubric::new(vec![section(Criticality::FailsSection)]).unwrap();
    let e = one.score(&[failed_alone]).unwrap();
    assert_eq!((e.score, e.raw_score), (Some(0.0), None));
    round_trip(&e);
    for s in &e.sections {
        round_trip(s);
    }

    // A form-critical one: the form fails, score 0, no raw score.
    let form = Rubric::new(vec![section(Criticality::FailsForm)]).unwrap();
    let e = form.score(&[failed_alone]).unwrap();
    assert!(e.form_failed);
    assert_eq!((e.score, e.raw_score), (Some(0.0), None));
    round_trip(&e);

    // Still refused: a score with no raw score and no failed section to
    // explain it.
    let ok = two
        .score(&[
            vec![Response::NotApplicable, Response::NotApplicable],
            vec![Response::NotApplicable],
        ])
        .unwrap();
    assert_eq!((ok.score, ok.raw_score), (None, None));
    assert!(
        edited(&ok, |v| v["score"] = serde_json::json!(0.0))
            .map(|_: servops_kpi::qa::Evaluation| ())
            .is_err()
    );
}

#[test]
fn invalid_qa_results_are_refused() {
    let d = calibration_deviation(&[90.0, 70.0, 80.0], &[80.0, 70.0, 74.0], 5.0).unwrap();
    assert!(edited(&d, |v| v["evaluations"] = json!(0)).is_err());
    // the mean absolute deviation (16/3) cannot exceed the largest (10)
    assert!(edited(&d, |v| v["mean_absolute_deviation"] = json!(11.0)).is_err());
    // 1/3 of three evaluations, not 0.4
    assert!(edited(&d, |v| v["within_tolerance"] = json!(0.4)).is_err());
    assert!(edited(&d, |v| v["within_tolerance"] = json!(4.0 / 3.0)).is_err());

    let c = ConfidenceLevel::new(0.95).unwrap();
    assert!(edited(&c, |v| v["level"] = json!(1.0)).is_err());
    // z of 95 % is 1.959964, not 1.645 (that of 90 %)
    assert!(edited(&c, |v| v["z"] = json!(1.645)).is_err());

    let n = sample_size_for_proportion(0.5, 0.05, c, None).unwrap();
    assert_eq!(n.required, 385);
    assert!(edited(&n, |v| v["required"] = json!(384)).is_err());
    assert!(edited(&n, |v| v["required"] = json!(0)).is_err());
    assert!(edited(&n, |v| v["adjusted"] = json!(400.0)).is_err());
    assert!(edited(&n, |v| v["unadjusted"] = json!(-1.0)).is_err());

    let w = wilson_interval(7, 10, c).unwrap().unwrap();
    assert!(edited(&w, |v| v["lower"] = json!(0.8)).is_err());
    assert!(edited(&w, |v| v["upper"] = json!(1.1)).is_err());

    let icc = IntraclassCorrelation::new(&[[9.0, 2.0], [6.0, 1.0], [8.0, 4.0]]).unwrap();
    assert!(edited(&icc, |v| v["raters"] = json!(1)).is_err());
    assert!(edited(&icc, |v| v["ms"]["subjects"] = json!(-1.0)).is_err());
    // a residual mean square that the others do not give
    assert!(
        edited(&icc, |v| {
            let r = v["ms"]["residual"].as_f64().unwrap();
            v["ms"]["residual"] = json!(r * 2.0 + 1.0);
        })
        .is_err()
    );

    let item = RubricItem::new("name", 1.0).unwrap();
    assert!(edited(&item, |v| v["weight"] = json!(-1.0)).is_err());
    let section = RubricSection::new("a", 1.0, vec![item.clone()]).unwrap();
    assert!(edited(&section, |v| v["items"] = json!([])).is_err());
    assert!(edited(&section, |v| v["items"][0]["weight"] = json!(0.0)).is_err());
    let rubric = Rubric::new(vec![section]).unwrap();
    assert!(edited(&rubric, |v| v["sections"][0]["weight"] = json!(0.0)).is_err());

    let two = Rubric::new(vec![
        RubricSection::new(
            "a",
            1.0,
            vec![
                item.clone(),
                RubricItem::new("id", 1.0)
                    .unwrap()
                    .with_criticality(Criticality::FailsSection),
            ],
        )
        .unwrap(),
    ])
    .unwrap();
    let failed = two.score(&[vec![Response::Met, Response::NotMet]]).unwrap();
    assert_eq!(failed.score, Some(0.0));
    // a failed section scoring above 0
    assert!(edited(&failed, |v| v["sections"][0]["score"] = json!(0.5)).is_err());
    // a failure with no failed section
    assert!(edited(&failed, |v| v["sections"][0]["failed"] = json!(false)).is_err());
    // a section-level failure does not fail the form
    assert!(edited(&failed, |v| v["form_failed"] = json!(true)).is_err());
    assert!(
        edited(&failed, |v| v["critical_failures"][0]["criticality"] =
            json!("NonCritical"))
        .is_err()
    );
    assert!(edited(&failed, |v| v["critical_failures"][0]["section"] = json!(3)).is_err());
    let ok = two.score(&[vec![Response::Met, Response::Met]]).unwrap();
    assert!(edited(&ok, |v| v["score"] = json!(1.5)).is_err());
    assert!(edited(&ok, |v| v["sections"] = json!([])).is_err());
    assert!(edited(&ok, |v| v["score"] = json!(null)).is_err());
    let na = two
        .score(&[vec![Response::NotApplicable, Response::NotApplicable]])
        .unwrap();
    assert_eq!(na.score, None);
    assert!(edited(&na, |v| v["raw_score"] = json!(0.5)).is_err());
    let _: (Evaluation, SampleSize, WilsonInterval, CalibrationDeviation) = (
        round_trip(&failed),
        round_trip(&n),
        round_trip(&w),
        round_trip(&d),
    );
}
